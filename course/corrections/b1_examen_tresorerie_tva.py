"""Correction de la mise en situation professionnelle B1.2 et B1.3, « b1_examen_tresorerie_tva » (formateur uniquement).

Sujet : :func:`graders.sujets_examens_b1.examen_tresorerie_tva`. Chaque question reprend une
question d'un devoir d'entraînement ; elle est corrigée par la correction de ce devoir
(``b1_rapprochement``, ``b1_tva``), appelée avec la sous-graine de la partie du sujet :

- Q1 : écritures au journal de banque des opérations du relevé que l'entreprise n'avait pas
  enregistrées ; pas d'écriture pour une erreur de la banque (``b1_rapprochement`` Q3) ;
- Q2 : état de rapprochement au 31 mars : solde rectifié, opérations non encore passées par
  la banque (``b1_rapprochement`` Q1) ;
- Q3 : erreurs de la banque et rectifications à lui demander (``b1_rapprochement`` Q2) ;
- Q4 : plan de trésorerie d'avril à juin, avec report d'erreur depuis les écritures de la
  question 1 (``b1_rapprochement`` Q4) ;
- Q5 : TVA du mois : collectée, déductible, crédit antérieur, solde (``b1_tva`` Q1) ;
- Q6 : écriture d'OD de liquidation (``b1_tva`` Q2), avec report d'erreur : une écriture
  juste à partir des montants de la question 5 de l'apprenant a tous ses points ;
- Q7 : lignes de la CA3 (``b1_tva`` Q3) ;
- Q8 : date limite de dépôt de la CA3 (``b1_tva`` Q4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.montants import montant
from graders import sujets_examens_b1, sujets_tva
from graders.ecritures import comparer_ecriture
from graders.reponses import module_de_correction
from graders.verdict import Verdict

DEVOIR = "b1_examen_tresorerie_tva"
QUESTIONS = {
    "q1": ("B1.2-K01", "B1.2-K02", "B1.2-K03"),
    "q2": ("B1.2-K04", "B1.2-K05"),
    "q3": ("B1.2-K06",),
    "q4": ("B1.2-K07",),
    "q5": ("B1.3-K02",),
    "q6": ("B1.3-K01", "B1.3-K02"),
    "q7": ("B1.3-K02",),
    "q8": ("B1.3-K03",),
}
#: Question de l'examen → (devoir d'entraînement, question, partie du sujet).
REPRISES = {
    "q1": ("b1_rapprochement", "q3", "banque"),
    "q2": ("b1_rapprochement", "q1", "banque"),
    "q3": ("b1_rapprochement", "q2", "banque"),
    "q4": ("b1_rapprochement", "q4", "banque"),
    "q5": ("b1_tva", "q1", "tva"),
    "q6": ("b1_tva", "q2", "tva"),
    "q7": ("b1_tva", "q3", "tva"),
    "q8": ("b1_tva", "q4", "tva"),
}


def correction(devoir: str) -> ModuleType:
    """Le module de correction d'un devoir d'entraînement, voisin de celui-ci."""
    return module_de_correction(Path(__file__).resolve().parent.parent, devoir)


#: Clés des montants de la question 5 (``b1_tva`` Q1).
QUESTION_5 = ("collectee", "deductible", "credit_anterieur", "a_decaisser", "credit_a_reporter")


REPORT = (
    "Écriture corrigée à partir de vos montants de la question 5 : leur erreur n'est comptée qu'une fois."
)


def liquidation_reportee(montants: Mapping, juste: Ecriture) -> Ecriture | None:
    """L'écriture de liquidation juste pour les montants de TVA donnés par l'apprenant (question 5).

    La TVA déductible sur immobilisations (44562) est celle du livre ; le reste de la TVA
    déductible de l'apprenant va au 44566. ``None`` si ses montants sont illisibles ou ne
    s'équilibrent pas (collectée + crédit à reporter = déductible + crédit antérieur + TVA due).
    """
    immobilisations = sum((lg.credit for lg in juste.lignes if lg.compte == "44562"), Decimal(0))
    try:
        m = {cle: montant(montants[cle]) for cle in QUESTION_5}
    except Exception:  # noqa: BLE001 - montants illisibles : pas de report
        return None
    brutes = (
        ("44571", m["collectee"], Decimal(0)),
        ("44562", Decimal(0), immobilisations),
        ("44566", Decimal(0), m["deductible"] - immobilisations),
        ("44567", Decimal(0), m["credit_anterieur"]),
        ("44551", Decimal(0), m["a_decaisser"]),
        ("44567", m["credit_a_reporter"], Decimal(0)),
    )
    if any(d < 0 or c < 0 for _, d, c in brutes):
        return None
    lignes = tuple(Ligne(compte, debit=d, credit=c) for compte, d, c in brutes if d or c)
    if sum((lg.debit for lg in lignes), Decimal(0)) != sum((lg.credit for lg in lignes), Decimal(0)):
        return None
    return replace(juste, lignes=lignes)


def _cles(ecriture: Ecriture) -> list[tuple[str, Decimal, Decimal]]:
    return sorted((lg.compte, lg.debit, lg.credit) for lg in ecriture.lignes)


def _corriger_liquidation(reponse, graine: bytes, sur) -> Verdict:
    """Q6 : l'écriture comparée à la juste, puis, à défaut, à celle des montants de la question 5."""
    tva = correction("b1_tva")
    graine_tva = sujets_examens_b1.sous_graine(graine, "tva")
    avec_montants = isinstance(reponse, Mapping) and "ecriture" in reponse
    ecriture = reponse.get("ecriture") if avec_montants else reponse
    verdict = tva.corriger("q2", ecriture, graine_tva, sur=sur)
    montants = reponse.get("tva_du_mois") if avec_montants else None
    if verdict.reussi or not isinstance(montants, Mapping):
        return verdict
    juste = tva.declaration(sujets_tva.tva_du_mois(graine_tva)).ecriture
    reportee = liquidation_reportee(montants, juste)
    if reportee is None or _cles(reportee) == _cles(juste):
        return verdict
    report = comparer_ecriture(ecriture, reportee, sur=sur, criteres=QUESTIONS["q6"], hierarchie=True)
    if report.points <= verdict.points:
        return verdict
    return replace(report, remarques=(*report.remarques, REPORT))


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    if question not in REPRISES:
        raise KeyError(f"Question inconnue : {question}")
    if question == "q6":
        return sujets_examens_b1.retours_nommes(_corriger_liquidation(reponse, graine, sur), QUESTIONS["q6"])
    devoir, reprise, partie = REPRISES[question]
    verdict = correction(devoir).corriger(
        reprise, reponse, sujets_examens_b1.sous_graine(graine, partie), sur=sur
    )
    return sujets_examens_b1.retours_nommes(verdict, QUESTIONS[question])
