"""Aller-retour nbgrader du devoir de TVA « b1_tva » (bloc 1, activité B1.3).

Même procédure que :mod:`test_nbgrader_b2` (dont on reprend les outils) : ``generate_assignment``,
une copie juste et une copie fausse, ``autograde`` avec le jeton de chaque apprenant, notes lues
dans le carnet de notes. La copie fausse prend la facture du 1er du mois suivant dans la TVA
collectée (erreur de période), en déduit une écriture de liquidation fausse, et place l'échéance
dans le mois déclaré au lieu du mois suivant.
"""

from __future__ import annotations

import json

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

DEVOIR = "b1_tva"
CARNET = "tva"
_Q1_FAUSSE = """
def total(compte, sens):
    return sum(
        (
            getattr(ligne, sens)
            for e in sujet.livre.ecritures()
            if e.date >= sujet.debut and e.journal != "OD"
            for ligne in e.lignes
            if ligne.compte == compte
        ),
        Decimal(0),
    )


collectee = total("44571", "credit")
immobilisations = total("44562", "debit")
autres = total("44566", "debit")
credit_anterieur = sum(
    (l.debit - l.credit for e in sujet.livre.ecritures() if e.date < sujet.debut for l in e.lignes if l.compte == "44567"),
    Decimal(0),
)
solde = collectee - immobilisations - autres - credit_anterieur
tva_du_mois = {
    "collectee": collectee,
    "deductible": immobilisations + autres,
    "credit_anterieur": credit_anterieur,
    "a_decaisser": max(solde, Decimal(0)),
    "credit_a_reporter": max(-solde, Decimal(0)),
}
"""
FAUSSE = {
    "q1_reponse": _Q1_FAUSSE,
    "q2_reponse": None,  # la solution, construite sur les montants faux de la question 1
    "q3_reponse": None,  # la solution (elle relit le livre, bornée au mois)
    "q4_reponse": "echeance = dt.date(sujet.fin.year, sujet.fin.month, 24)",
}
# Question 1 : la TVA collectée est toujours fausse (facture du mois suivant comptée), et avec elle
# le solde : la TVA à décaisser ou le crédit à reporter. Quand cet excédent fait passer un crédit
# en TVA à décaisser, les deux sont faux (23 graines sur 300) : 1,8 ou 1,2 sur 3.
NOTES = {"q1": ("parmi", 1.8, 1.2), "q2": ("entre", 0, 3), "q3": 3, "q4": 0}


@pytest.mark.lent
def test_nbgrader_b1_tva__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse
    assert "date_limite_tva(sujet.fin" not in diffuse and "LIGNE_DU_TAUX" not in diffuse

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        autocorriger(cours, DEVOIR, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert automatiques == {"q1": 3, "q2": 3, "q3": 3, "q4": 1}
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(10)
        for nom, attendu in NOTES.items():
            verifier_note(carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score, attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "la TVA collectée avec la facture du mois suivant" in sorties
    assert "se dépose le mois suivant" in sorties  # apostrophe échappée dans le HTML
