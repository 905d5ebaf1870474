"""Aller-retour nbgrader du devoir b4_relance (bloc 4, lettre de relance), note manuelle comprise.

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie fausse
déposées dans ``submitted/``, ``nbgrader autograde`` avec le jeton de chaque apprenant ; les
notes automatiques sont lues dans le carnet de notes (``nbgrader.api.Gradebook``), la cellule
écrite (q3) attend une note manuelle ; le formateur la pose par l'API du carnet de notes (note
et commentaire, comme formgrader), le total de la copie en tient compte, et
``nbgrader generate_feedback`` rend un retour qui montre le commentaire sans les tests cachés.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import test_nbgrader_b2
from test_nbgrader_b2 import HORODATAGE, _nbgrader, _solution

from graders import variantes

#: La fixture du bloc 2 : une copie du cours (sans copies ni carnet de notes), son secret, l'environnement.
cours = test_nbgrader_b2.cours
DEVOIR, CARNET = "b4_relance", "relance"
COURS_ID = "assistant-comptable"

#: Copie fausse : pénalités sur 360 jours, lettre sans la citation de L441-16, courriel familier.
FAUSSE = {
    "q1_reponse": lambda juste: juste.replace(
        "penalites = calcul.penalites",
        "from compta_kernel import arrondir\n\n"
        "penalites = arrondir(sujet.facture.net_a_payer * calcul.periodes[0].taux * calcul.jours / 360)",
    ).replace(
        "total_du = sujet.facture.net_a_payer + calcul.total",
        "total_du = sujet.facture.net_a_payer + penalites + indemnite",
    ),
    "q2_reponse": lambda juste: juste + '\nlettre = lettre.split("Selon l\'article L441-16")[0] + "Merci."\n',
    "q3": lambda juste: "Salut, on attend toujours votre paiement, payez vite svp !!!",
}


def _deposer(racine: Path, apprenant: str, modifications: dict) -> None:
    """Dépose une copie : la version diffusée, réponses = solutions du formateur, éventuellement modifiées."""
    source = nbformat.read(racine / "source" / DEVOIR / f"{CARNET}.ipynb", as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: _solution(c.source)
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    copie = nbformat.read(racine / "release" / DEVOIR / f"{CARNET}.ipynb", as_version=4)
    for cellule in copie.cells:
        meta = cellule.metadata.get("nbgrader", {})
        if meta.get("solution"):
            identifiant = meta["grade_id"]
            modifier = modifications.get(identifiant)
            cellule.source = modifier(solutions[identifiant]) if modifier else solutions[identifiant]
    dossier = racine / "submitted" / apprenant / DEVOIR
    dossier.mkdir(parents=True)
    nbformat.write(copie, dossier / f"{CARNET}.ipynb")
    (dossier / "timestamp.txt").write_text(HORODATAGE, encoding="utf-8")


@pytest.mark.lent
def test_nbgrader_b4__autocorrection_puis_note_manuelle_et_retour(cours):
    from nbgrader.api import Gradebook

    copie, environnement, secret = cours
    _nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse
    assert "Camille Durand" not in diffuse, "la réponse écrite du formateur ne part pas chez l'apprenant"
    assert "Barème de la question 3" in diffuse

    for apprenant, modifications in {"juste": {}, "fausse": FAUSSE}.items():
        _deposer(copie, apprenant, modifications)
        jeton = variantes.jeton(secret, apprenant, DEVOIR)
        _nbgrader(
            copie,
            {**environnement, variantes.VARIABLE_JETON: jeton},
            "autograde",
            DEVOIR,
            "--student",
            apprenant,
        )

    base = f"sqlite:///{copie / 'gradebook.db'}"
    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        juste = {n: carnet_de_notes.find_grade(n, CARNET, DEVOIR, "juste") for n in ("q1", "q2", "q3")}
        assert (juste["q1"].auto_score, juste["q2"].auto_score) == (2, 3)
        assert juste["q3"].needs_manual_grade and juste["q3"].auto_score is None
        assert juste["q3"].max_score == 3

        fausse = {n: carnet_de_notes.find_grade(n, CARNET, DEVOIR, "fausse") for n in ("q1", "q2", "q3")}
        # Pénalités fausses (360 jours) : 0 sur 2/3 ; indemnité juste ; total juste par report d'erreur.
        assert fausse["q1"].auto_score == pytest.approx(4 / 3, abs=0.01)
        # Lettre sans L441-16 : un élément sur dix-huit manque.
        assert 2 < fausse["q2"].auto_score < 3

        # Le formateur note la cellule écrite (formgrader écrit la même chose dans le carnet de notes).
        for grade, note in ((juste["q3"], 3), (fausse["q3"], 0.5)):
            grade.manual_score = note
            grade.needs_manual_grade = False
        commentaire = carnet_de_notes.find_comment("q3", CARNET, DEVOIR, "fausse")
        commentaire.manual_comment = (
            "B4.1-K01 : formule d'appel et signature absentes ; ton familier (« Salut », « !!! »)."
        )
        carnet_de_notes.db.commit()

    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        q3 = carnet_de_notes.find_grade("q3", CARNET, DEVOIR, "juste")
        assert not q3.needs_manual_grade and q3.score == 3
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(8)
        assert carnet_de_notes.find_submission(DEVOIR, "fausse").score == pytest.approx(
            4 / 3 + carnet_de_notes.find_grade("q2", CARNET, DEVOIR, "fausse").score + 0.5, abs=0.01
        )

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "prorata sur 360 jours" in sorties
    assert "L441-16" in sorties

    _nbgrader(copie, environnement, "generate_feedback", DEVOIR, "--student", "fausse")
    (retour,) = (copie / "feedback" / "fausse" / DEVOIR).glob("*.html")
    texte = retour.read_text(encoding="utf-8")
    assert "ton familier" in texte
    assert "corriger(" not in texte, "les tests cachés ne fuient pas dans le retour"
