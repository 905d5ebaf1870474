"""Correction du devoir « b3_bulletin » (formateur uniquement, jamais diffusé).

Q1 : salaire brut du mois (heures supplémentaires majorées, prime, absence retenue au taux horaire
moyen). Q2 : CSG déductible (assiette 98,25 % du brut, plus la prévoyance patronale d'un cadre).
Q3 : net à payer avant impôt (tolérance annoncée de 5 centimes : ordre des arrondis). Q4 : écriture
de paie au journal OD (comptes comparés à trois chiffres : 641, 645, 631, 633, 421, 431, 437,
4421). Q5 : total à payer à l'URSSAF pour le mois (DSN). Q6 : échéance de la DSN (le 5 ou le 15
du mois suivant selon l'effectif).

Toutes les réponses attendues viennent de :mod:`compta_kernel.paie` (un seul moteur de calcul).
"""

from __future__ import annotations

from decimal import Decimal

from compta_kernel.paie import URSSAF, Bulletin, bulletin, dsn_mensuelle, ecriture_paie
from compta_kernel.presentation import format_date, lire_date
from graders import sujets_paie
from graders.ecritures import comparer_ecriture
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b3_bulletin"
QUESTIONS = {
    "q1": ("B3.1-K01",),
    "q2": ("B3.1-K03",),
    "q3": ("B3.1-K03",),
    "q4": ("B3.2-K01", "B3.2-K02", "B3.2-K04"),
    "q5": ("B3.3-K01",),
    "q6": ("B3.3-K02",),
}
TOLERANCE_NET = Decimal("0.05")


def bulletin_du_sujet(sujet) -> Bulletin:
    """Le bulletin juste du mois."""
    return bulletin(sujet.salarie, sujet.periode, sujet.variables, sujet.employeur)


def _confusions_brut(sujet, b: Bulletin) -> dict[str, Decimal]:
    heures = sum((x.montant for x in b.elements_brut if x.code.startswith("heures_sup")), Decimal(0))
    absence = next((x.montant for x in b.elements_brut if x.code == "absence"), Decimal(0))
    taux_horaire = sujet.salarie.salaire_base / sujet.salarie.horaire_mensuel
    sans_majoration = (taux_horaire * sujet.variables.heures_sup).quantize(Decimal("0.01"))
    confusions = {
        "le brut sans les heures supplémentaires": b.brut - heures,
        "le brut avec des heures supplémentaires non majorées": b.brut - heures + sans_majoration,
        "le brut sans la prime": b.brut - sujet.variables.primes,
    }
    if absence:
        confusions["le brut sans la retenue pour absence"] = b.brut - absence
    return confusions


def _corriger_echeance(reponse, sujet, sur) -> Verdict:
    attendue = dsn_mensuelle([bulletin_du_sujet(sujet)]).echeance
    criteres = QUESTIONS["q6"]

    def comparer() -> Verdict:
        if reponse is None or (isinstance(reponse, str) and not reponse.strip()):
            raise NotImplementedError
        donnee = lire_date(reponse)
        if donnee == attendue:
            return Verdict(sur, sur, (), criteres, (f"Échéance juste : {format_date(attendue)}.",))
        regle = (
            "le 5 du mois suivant pour un employeur d'au moins 50 salariés qui paie dans le mois, "
            "le 15 sinon (CSS art. R243-6)"
        )
        return Verdict(
            0,
            sur,
            (
                (
                    f"B3.3-K02 — échéance {format_date(donnee)} : l'entreprise a {sujet.effectif} salariés ; "
                    f"la DSN d'octobre est due {regle}, soit le {format_date(attendue)}."
                ),
            ),
            criteres,
            diagnostics=("echeance_dsn",),
        )

    return evaluer(comparer, sur=sur, criteres=criteres, quoi="l'échéance de la DSN")


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_paie.bulletin(graine)
    b = bulletin_du_sujet(sujet)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return comparer_montant(
            reponse,
            b.brut,
            sur=sur,
            criteres=criteres,
            quoi="le salaire brut",
            confusions=_confusions_brut(sujet, b),
        )
    if question == "q2":
        ligne = b.ligne("csg_deductible")
        confusions = {
            "la CSG calculée sur 100 % du brut": (b.brut * ligne.taux_salarial).quantize(Decimal("0.01"))
        }
        if sujet.salarie.est_cadre:
            sans = (b.brut * Decimal("0.9825") * ligne.taux_salarial).quantize(Decimal("0.01"))
            confusions["la CSG sans la prévoyance patronale dans l'assiette"] = sans
        return comparer_montant(
            reponse,
            ligne.part_salariale,
            sur=sur,
            criteres=criteres,
            quoi="la CSG déductible",
            confusions=confusions,
        )
    if question == "q3":
        return comparer_montant(
            reponse,
            b.net_avant_impot,
            sur=sur,
            criteres=criteres,
            tolerance=TOLERANCE_NET,
            quoi="le net à payer avant impôt",
            confusions={
                "le net payé (après le prélèvement à la source)": b.net_paye,
                "le net imposable": b.net_imposable,
                "le net social": b.net_social,
            },
        )
    if question == "q4":
        return comparer_ecriture(
            reponse, ecriture_paie([b]), sur=sur, criteres=criteres, precision=3, hierarchie=True
        )
    if question == "q5":
        du = dsn_mensuelle([b]).par_organisme[URSSAF]
        confusions = {
            "les seules cotisations patronales": sum(
                (x.part_patronale for x in b.lignes if x.organisme == URSSAF), Decimal(0)
            ),
            "les seules cotisations salariales": sum(
                (x.part_salariale for x in b.lignes if x.organisme == URSSAF), Decimal(0)
            ),
        }
        if b.reduction_generale:
            confusions["le total avant la réduction générale"] = (
                du - b.ligne("reduction_generale").part_patronale
            )
        return comparer_montant(
            reponse, du, sur=sur, criteres=criteres, quoi="le montant dû à l'URSSAF", confusions=confusions
        )
    if question == "q6":
        return _corriger_echeance(reponse, sujet, sur)
    raise KeyError(f"Question inconnue : {question}")
