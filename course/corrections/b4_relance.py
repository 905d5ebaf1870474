"""Correction du devoir « b4_relance » (formateur uniquement, jamais diffusé).

Q1 : pénalités de retard arrêtées à la date de la lettre (C. com. L441-10, II : taux de la BCE
du semestre majoré de 10 points, ou taux des conditions de vente ; jours de retard depuis le
lendemain de l'échéance ; année de 365 jours), indemnité forfaitaire de 40 € (D441-5) et
montant total dû ; le total est aussi accepté à partir des pénalités de l'apprenant (report
d'erreur). Q2 : la lettre de seconde relance, contrôlée par
:func:`compta_kernel.relances.verifier_lettre_relance` (B4.2-K06, B4.2-K07) : la note est la
part des éléments présents et justes. Q3 (courriel d'accompagnement) est corrigée à la main
avec le barème du carnet.
"""

from dataclasses import replace
from decimal import Decimal

from compta_kernel.montants import arrondir, montant
from compta_kernel.penalites import JOURS_PAR_AN, penalites_retard
from compta_kernel.relances import LettreRelance, lettre_relance, verifier_lettre_relance
from graders import sujets_accueil
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b4_relance"
QUESTIONS = {"q1": ("B4.2-K06",), "q2": ("B4.2-K06", "B4.2-K07")}
REPORT = (
    "Total corrigé à partir de vos pénalités et de votre indemnité : leur erreur n'est comptée qu'une fois."
)


def lettre_attendue(sujet) -> LettreRelance:
    """La lettre juste du dossier de l'apprenant (celle que produit le noyau)."""
    return lettre_relance(
        sujet.entreprise,
        sujet.client,
        [sujet.facture],
        date=sujet.date_lettre,
        niveau=sujet.niveau,
        demarches=sujet.demarches,
        taux=sujet.taux,
        signataire=sujet.signataire,
    )


def _confusions_penalites(sujet, attendu) -> dict[str, Decimal]:
    f = sujet.facture
    taux = attendu.periodes[0].taux
    jours = attendu.jours
    confusions = {
        "un prorata sur 360 jours": arrondir(f.net_a_payer * taux * jours / 360),
        "des jours comptés depuis la date de la facture": penalites_retard(
            f.net_a_payer, f.date_emission, sujet.date_lettre, taux
        ).penalites,
        "un retard compté en mois entiers": arrondir(f.net_a_payer * taux * (jours // 30) / 12),
    }
    if sujet.taux is None:
        confusions["le taux de la BCE sans la majoration de 10 points"] = arrondir(
            f.net_a_payer * (taux - Decimal("0.10")) * jours / JOURS_PAR_AN
        )
    return confusions


def _lire(valeur) -> Decimal | None:
    try:
        return arrondir(montant(valeur)) if valeur not in (None, "") else None
    except Exception:  # noqa: BLE001 - montant illisible : le comparateur l'a dit
        return None


def _corriger_montants(reponse, sujet, sur) -> Verdict:
    reponse = reponse if isinstance(reponse, dict) else {}
    attendu = lettre_attendue(sujet).factures[0].penalites
    tiers = Decimal(str(sur)) / 3
    criteres = QUESTIONS["q1"]
    penalites = comparer_montant(
        reponse.get("penalites"),
        attendu.penalites,
        sur=tiers,
        criteres=criteres,
        quoi="les pénalités de retard",
        confusions=_confusions_penalites(sujet, attendu),
    )
    indemnite = comparer_montant(
        reponse.get("indemnite"),
        attendu.indemnite_forfaitaire,
        sur=tiers,
        criteres=criteres,
        quoi="l'indemnité forfaitaire pour frais de recouvrement",
        confusions={"l'indemnité comptée par relance": attendu.indemnite_forfaitaire * 2},
    )
    montant_facture = sujet.facture.net_a_payer
    juste = attendu.montant_majore
    leurs = (_lire(reponse.get("penalites")), _lire(reponse.get("indemnite")))
    report = None not in leurs and montant_facture + sum(leurs) != juste
    total = comparer_montant(
        reponse.get("total_du"),
        montant_facture + sum(leurs) if report else juste,
        sur=tiers,
        criteres=criteres,
        quoi="le montant total dû",
        confusions={
            "le montant de la facture seul": montant_facture,
            "le montant sans l'indemnité forfaitaire": montant_facture + attendu.penalites,
        },
    )
    if report:
        total = replace(total, remarques=(*total.remarques, REPORT))
    return penalites.combiner(indemnite, total)


def _corriger_lettre(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q2"]

    def corriger() -> Verdict:
        if reponse is None or (isinstance(reponse, str) and not reponse.strip()):
            raise NotImplementedError
        controle = verifier_lettre_relance(reponse, lettre_attendue(sujet))
        manquants = controle.elements_manquants
        return Verdict.proportion(
            len(controle.verifies),
            len(controle.verifies) + len(manquants),
            sur,
            remarques=[f"{m.critere} — {m.message}" for m in controle.manques],
            criteres=criteres,
            reussites=[f"Présent et juste : {e}" for e in controle.verifies],
            diagnostics=manquants,
        )

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="la lettre de relance")


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_accueil.relance(graine)
    if question == "q1":
        return _corriger_montants(reponse, sujet, sur)
    if question == "q2":
        return _corriger_lettre(reponse, sujet, sur)
    raise KeyError(f"Question inconnue : {question}")
