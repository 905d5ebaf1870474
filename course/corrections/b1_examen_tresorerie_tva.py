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
- Q6 : écriture d'OD de liquidation (``b1_tva`` Q2) ;
- Q7 : lignes de la CA3 (``b1_tva`` Q3) ;
- Q8 : date limite de dépôt de la CA3 (``b1_tva`` Q4).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from graders import sujets_examens_b1
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


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    if question not in REPRISES:
        raise KeyError(f"Question inconnue : {question}")
    devoir, reprise, partie = REPRISES[question]
    verdict = correction(devoir).corriger(
        reprise, reponse, sujets_examens_b1.sous_graine(graine, partie), sur=sur
    )
    return sujets_examens_b1.retours_nommes(verdict, QUESTIONS[question])
