"""Aller-retour nbgrader du devoir « b1_pieces » (B1.1 : contrôle, codification, coût d'entrée).

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie
fausse déposées, ``nbgrader autograde`` avec le jeton de chaque apprenant, puis les notes
lues dans le carnet de notes : la copie juste a tous les points, la copie fausse perd ceux
de ses erreurs et son retour nomme le critère et l'erreur (« TVA sur immobilisation : 44562
et non 44566 »). Les aides et la copie du cours sont celles de ``test_nbgrader_b2``.
"""

from __future__ import annotations

import json

import pytest
from test_nbgrader_b2 import _deposer, _nbgrader, _verifier, cours  # noqa: F401 - cours est une fixture

from graders import variantes

DEVOIR, CARNET = "b1_pieces", "pieces"
FAUSSE = {
    # Une pièce conforme rejetée, une pièce fautive acceptée.
    "q1_reponse": "pieces_a_rejeter = {sujet.marchandises: 'remise douteuse'}",
    "q2_reponse": None,  # la solution
    # La formation comptée dans le coût d'entrée.
    "q3_reponse": (
        "bien = next(p for p in pieces if p.numero == sujet.immobilisation)\n"
        "ligne = bien.lignes[0]\n"
        "calcul = cout_entree(ligne.prix_unitaire_ht, remises=(ligne.remise,), escompte=bien.taux_escompte,\n"
        "    frais_accessoires=(('transport', bien.frais_de_port), ('installation', sujet.installation[1])))\n"
        "cout = calcul.montant + sujet.formation"
    ),
    # La TVA du bien en 44566.
    "q4_reponse": (
        "COMPTES = {'Serveur': '2183', 'Ensemble de six postes': '2184', 'Presse': '2154', 'Compresseur': '2155'}\n"
        "compte = next(c for debut, c in COMPTES.items() if sujet.bien.startswith(debut))\n"
        "juste = pre_imputation(bien.codifiee(compte)).ecriture\n"
        "reponse_acquisition = {'journal': 'IM', 'date': juste.date, 'piece': juste.piece,\n"
        "    'lignes': [(l.compte.replace('44562', '44566'), l.debit, l.credit) for l in juste.lignes]}"
    ),
    "q5_reponse": None,  # la solution, avec l'écriture d'acquisition fausse de la question 4
}
NOTES = {"q1": ("entre", 0, 3), "q2": 3, "q3": 0, "q4": ("entre", 0, 2), "q5": ("entre", 0, 2)}
RETOURS = (
    "B1.1-K03 — TVA sur immobilisation : 44562 et non 44566.",
    "le coût avec la formation",
    "aurait dû être rejetée",
    "est conforme",
)


@pytest.mark.lent
def test_nbgrader__b1_pieces__copie_juste_et_copie_fausse(cours):  # noqa: F811 - fixture importée
    from nbgrader.api import Gradebook

    copie, environnement, secret = cours
    _nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "COMPTES = " not in diffuse

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        _deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        jeton = variantes.jeton(secret, apprenant, DEVOIR)
        _nbgrader(
            copie,
            {**environnement, variantes.VARIABLE_JETON: jeton},
            "autograde",
            DEVOIR,
            "--student",
            apprenant,
        )

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert sum(automatiques.values()) == 12
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(12)
        for nom, maximum in automatiques.items():
            assert carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "juste").score == maximum, nom
        fausse = {
            nom: carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score for nom in automatiques
        }
        for nom, attendu in NOTES.items():
            _verifier(fausse[nom], attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for retour in RETOURS:
        assert retour in sorties, retour
