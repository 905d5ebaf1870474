"""Aller-retour nbgrader du devoir « b1_rapprochement » (bloc 1, activité B1.2 banque et trésorerie).

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie
fausse déposées, ``nbgrader autograde`` avec le jeton de chaque apprenant, notes lues dans le
carnet de notes. La copie fausse donne le solde du 512 au lieu du solde rectifié (question 1)
et comptabilise le double prélèvement de la banque (question 3), et arrête l'encaissement du
chèque en attente à la fin du délai de présentation (question 5) : elle perd ces points-là,
garde ceux du plan de trésorerie grâce au report d'erreur, et son retour nomme l'erreur.
Les aides (dépôt d'une copie, appel de nbgrader) sont dans ``tests/aides_nbgrader.py``, la
fixture du cours dans ``tests/conftest.py``.
"""

from __future__ import annotations

import json

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

DEVOIR = "b1_rapprochement"
CARNET = "rapprochement"
FAUSSE = {
    "q1_reponse": (
        "etat = rapprocher(livre, releve)\n"
        'etat_reponse = {"solde_rectifie": etat.solde_livre,\n'
        '                "suspens_banque": [x.montant for x in etat.non_enregistrees_banque]}'
    ),
    "q2_reponse": None,  # la solution
    "q3_reponse": (
        "from compta_kernel import Ecriture, Ligne\n\n"
        "ecritures_banque = list(etat.ecritures(tiers=sujet.noms_des_tiers()))\n"
        'd = next(e for e in etat.erreurs_banque if e.nature == "double prélèvement")\n'
        'ecritures_banque.append(Ecriture("BQ", d.releve.date, "DOUBLE", "Second prélèvement",\n'
        '    (Ligne("401", debit=d.correction), Ligne("512", credit=d.correction))))'
    ),
    "q4_reponse": None,  # la solution, sur le livre faux de la question 3 : report d'erreur
    "q5_reponse": "date_limite = sujet.cheque_en_attente[1] + dt.timedelta(days=8)",
}
NOTES = {"q1": ("entre", 0, 2), "q2": 2, "q3": ("entre", 0, 3), "q4": 3, "q5": 0}
RETOURS = (
    "solde du compte 512 avant rapprochement",
    "est une erreur de la banque (double prélèvement)",
    "la fin du délai de présentation (8 jours)",
)


@pytest.mark.lent
def test_nbgrader__rapprochement__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse
    assert "etat.ecritures(" not in diffuse and "plan.soldes()" not in diffuse

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        autocorriger(cours, DEVOIR, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert automatiques == {"q1": 2, "q2": 2, "q3": 3, "q4": 3, "q5": 1}
        juste = carnet_de_notes.find_submission(DEVOIR, "juste")
        assert juste.score == pytest.approx(11)
        fausse = {
            nom: carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score for nom in automatiques
        }
        for nom, attendu in NOTES.items():
            verifier_note(fausse[nom], attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for retour in RETOURS:
        assert retour in sorties
