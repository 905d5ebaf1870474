"""Correction du devoir « b2_cession » (formateur uniquement, jamais diffusé).

Q1 : dotation de l'exercice du bien acquis (OD au 31/12, 6811 / 28), prorata en jours
depuis la mise en service. Q2 : complément de dotation du bien cédé, du 1er janvier à la
date de cession. Q3 : sortie de l'actif (28 et 657 au débit, compte 21 au crédit).
Q4 : prix de cession (462 pour le TTC, 757 pour le HT, 44571). Q5 : plus ou moins-value.

Comptes du PCG 2025 (règlement ANC n° 2022-06) : 657 et 757 ; 675 et 775 sont refusés,
avec l'explication. Sous-comptes acceptés, comptes comparés à quatre chiffres (68112
vaut 6811, 28154 vaut 2815). Report d'erreur : la sortie et le résultat se corrigent à
partir du complément trouvé par l'apprenant.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from compta_kernel import Ecriture, Ligne, montant
from compta_kernel.immobilisations import jours_prorata
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date
from graders import sujets_immobilisations
from graders.ecritures import comparer_ecriture, lire_saisie
from graders.montants import comparer_montant
from graders.tableaux import attendu_avec_report
from graders.verdict import Verdict

DEVOIR = "b2_cession"
QUESTIONS = {
    "q1": ("B2.1-K01", "B2.1-K04"),
    "q2": ("B2.1-K01",),
    "q3": ("B2.1-K06", "B2.1-K04"),
    "q4": ("B2.1-K06", "B2.1-K04"),
    "q5": ("B2.1-K03",),
}
EXERCICE = sujets_immobilisations.EXERCICE
ANCIENS_COMPTES = {
    "675": "B2.1-K04 — le compte 675 est supprimé depuis 2025 (règlement ANC n° 2022-06) : la valeur "
    "comptable des immobilisations corporelles et incorporelles cédées va en 657.",
    "775": "B2.1-K04 — le compte 775 est supprimé depuis 2025 (règlement ANC n° 2022-06) : le prix de "
    "cession des immobilisations corporelles et incorporelles va en 757.",
}
REPORT = (
    "Corrigé à partir de votre complément de dotation (question 2) : son erreur n'est comptée qu'une fois."
)


def dotation(sujet) -> Decimal:
    """Dotation 2026 du bien acquis."""
    return sujet.acquis.dotations()[EXERCICE]


def complement(sujet) -> Decimal:
    """Complément de dotation du bien cédé, du 1er janvier à la date de cession."""
    return sujet.cede.ceder(sujet.date_cession, sujet.prix).calcul_sortie().complement


def ecriture_dotation(sujet) -> Ecriture:
    """L'écriture d'inventaire du bien acquis."""
    a, d = sujet.acquis, dotation(sujet)
    return Ecriture(
        "OD",
        dt.date(EXERCICE, 12, 31),
        f"DOT{EXERCICE}-{a.code}",
        f"Dotation aux amortissements {a.libelle}",
        (Ligne("6811", debit=d), Ligne(a.compte_amortissement, credit=d)),
    )


def ecriture_sortie(sujet, complement_retenu: Decimal) -> Ecriture:
    """La sortie de l'actif, avec le cumul d'amortissements issu de ``complement_retenu``."""
    c = sujet.cede
    cumul = sujet.amortissements_ouverture + arrondir(montant(complement_retenu))
    return Ecriture(
        "OD",
        sujet.date_cession,
        f"CES-{c.code}",
        f"Sortie de l'actif {c.libelle}",
        (
            Ligne(c.compte_amortissement, debit=cumul),
            Ligne("657", debit=c.cout - cumul),
            Ligne(c.compte, credit=c.cout),
        ),
    )


def ecriture_cession(sujet) -> Ecriture:
    """La créance et le produit de cession."""
    tva = arrondir(sujet.prix * sujet.taux_tva)
    return Ecriture(
        "OD",
        sujet.date_cession,
        f"CES-{sujet.cede.code}",
        f"Cession {sujet.cede.libelle} {sujet.acquereur}",
        (Ligne("462", debit=sujet.prix + tva), Ligne("757", credit=sujet.prix), Ligne("44571", credit=tva)),
    )


def _anciens_comptes(verdict: Verdict, reponse) -> Verdict:
    try:
        comptes = {compte[:3] for compte, _, _ in lire_saisie(reponse).lignes}
    except Exception:  # noqa: BLE001 - saisie illisible : le comparateur l'a dit
        return verdict
    trouves = [m for racine, m in ANCIENS_COMPTES.items() if racine in comptes]
    if not trouves:
        return verdict
    return replace(
        verdict, remarques=(*trouves, *verdict.remarques), diagnostics=(*verdict.diagnostics, "pcg_2025")
    )


def _montant_de(reponse, racine: str) -> Decimal | None:
    """Le montant saisi sur le compte de ``racine`` (débit ou crédit), ou ``None``."""
    try:
        lignes = lire_saisie(reponse).lignes
    except Exception:  # noqa: BLE001
        return None
    return next((d or c for compte, d, c in lignes if compte.startswith(racine)), None)


def _corriger_dotation(reponse, sujet, sur) -> Verdict:
    verdict = comparer_ecriture(
        reponse, ecriture_dotation(sujet), sur=sur, criteres=QUESTIONS["q1"], precision=4, hierarchie=True
    )
    a = sujet.acquis
    donne, pleine = _montant_de(reponse, "68"), arrondir(a.cout / a.duree)
    if donne is not None and donne == pleine != dotation(sujet):
        message = (
            f"B2.1-K01 — prorata temporis oublié : {a.code} est mis en service le "
            f"{format_date(a.date_mise_en_service)} ; la dotation {EXERCICE} se calcule en jours, de cette "
            "date au 31/12, sur 360."
        )
        verdict = replace(
            verdict,
            remarques=(message, *verdict.remarques),
            diagnostics=(*verdict.diagnostics, "prorata_oublie"),
        )
    return _anciens_comptes(verdict, reponse)


def _confusions_complement(sujet) -> dict[str, Decimal]:
    c, date = sujet.cede, sujet.date_cession
    pleine = c.cout / c.duree
    debut = dt.date(EXERCICE, 1, 1)
    mois = date.month
    return {
        "l'annuité entière de l'exercice (sans prorata)": arrondir(pleine),
        "un prorata en mois entiers, mois de cession compris": arrondir(pleine * mois / 12),
        "un prorata en mois entiers, mois de cession exclu": arrondir(pleine * (mois - 1) / 12),
        "un prorata en jours du calendrier (365)": arrondir(pleine * ((date - debut).days + 1) / 365),
        "un prorata sans le jour de la cession": arrondir(pleine * (jours_prorata(debut, date) - 1) / 360),
    }


def _avec_report(calcul, reponse: dict, juste_complement: Decimal):
    precedent = reponse.get("complement") if isinstance(reponse, dict) else None
    try:
        precedent = arrondir(montant(precedent)) if precedent not in (None, "") else None
    except Exception:  # noqa: BLE001 - complément illisible : on repart du juste
        precedent = None
    return attendu_avec_report(calcul, precedent, juste_complement)


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_immobilisations.cession(graine)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return _corriger_dotation(reponse, sujet, sur)
    if question == "q2":
        return comparer_montant(
            reponse,
            complement(sujet),
            sur=sur,
            criteres=criteres,
            quoi="le complément de dotation",
            confusions=_confusions_complement(sujet),
        )
    if question == "q3":
        reponse = reponse if isinstance(reponse, dict) else {"ecriture": reponse}
        attendue, remarque = _avec_report(lambda c: ecriture_sortie(sujet, c), reponse, complement(sujet))
        verdict = comparer_ecriture(
            reponse.get("ecriture"), attendue, sur=sur, criteres=criteres, precision=4, hierarchie=True
        )
        verdict = _anciens_comptes(verdict, reponse.get("ecriture"))
        return replace(verdict, remarques=(*verdict.remarques, REPORT)) if remarque else verdict
    if question == "q4":
        verdict = comparer_ecriture(
            reponse, ecriture_cession(sujet), sur=sur, criteres=criteres, precision=4, hierarchie=True
        )
        return _anciens_comptes(verdict, reponse)
    if question == "q5":
        reponse = reponse if isinstance(reponse, dict) else {"resultat": reponse}
        c = sujet.cede

        def resultat(complement_retenu):
            return sujet.prix - (
                c.cout - sujet.amortissements_ouverture - arrondir(montant(complement_retenu))
            )

        attendu, remarque = _avec_report(resultat, reponse, complement(sujet))
        tva = arrondir(sujet.prix * sujet.taux_tva)
        verdict = comparer_montant(
            reponse.get("resultat"),
            attendu,
            sur=sur,
            criteres=criteres,
            quoi="le résultat de cession",
            confusions={
                "le prix TTC moins la VNC": attendu + tva,
                "le prix moins la valeur brute (amortissements oubliés)": sujet.prix - c.cout,
            },
        )
        return replace(verdict, remarques=(*verdict.remarques, REPORT)) if remarque else verdict
    raise KeyError(f"Question inconnue : {question}")
