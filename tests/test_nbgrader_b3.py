"""Aller-retour nbgrader du devoir de paie « b3_bulletin » (bloc 3).

Même procédure que :mod:`test_nbgrader_b2` (dont on reprend les outils) : ``generate_assignment``,
une copie juste et une copie fausse, ``autograde`` avec le jeton de chaque apprenant, notes lues
dans le carnet de notes. La copie fausse oublie les heures supplémentaires dans le brut, calcule
la CSG sur 100 % du brut et inverse la règle d'échéance de la DSN.
"""

from __future__ import annotations

import json

import pytest
import test_nbgrader_b2 as b2

from graders import variantes

cours = b2.cours  # fixture : copie du cours, secret et environnement de nbgrader
DEVOIR = "b3_bulletin"
CARNET = "bulletin"
FAUSSE = {
    "q1_reponse": (
        "from compta_kernel.paie import bulletin\n\n"
        "b = bulletin(sujet.salarie, sujet.periode, sujet.variables, sujet.employeur)\n"
        'brut = b.brut - sum(x.montant for x in b.elements_brut if x.code.startswith("heures_sup"))'
    ),
    "q2_reponse": (
        "from decimal import Decimal\n\n"
        'csg_deductible = (b.brut * b.ligne("csg_deductible").taux_salarial).quantize(Decimal("0.01"))'
    ),
    "q3_reponse": None,  # la solution
    "q4_reponse": None,
    "q5_reponse": None,
    "q6_reponse": "echeance = dt.date(2026, 11, 15) if sujet.effectif >= 50 else dt.date(2026, 11, 5)",
}
NOTES = {"q1": 0, "q2": 0, "q3": 2, "q4": 3, "q5": 1, "q6": 0}


@pytest.mark.lent
def test_nbgrader_b3__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, secret = cours
    b2._nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert (
        "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "ecriture_paie([b])" not in diffuse
    )

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        b2._deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        jeton = variantes.jeton(secret, apprenant, DEVOIR)
        b2._nbgrader(
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
        assert sum(automatiques.values()) == 10
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(10)
        for nom, attendu in NOTES.items():
            b2._verifier(carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score, attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "le brut sans les heures supplémentaires" in sorties
    assert "la CSG calculée sur 100 % du brut" in sorties
    assert "B3.3-K02 — échéance" in sorties
