"""Aides des allers-retours nbgrader : copie du cours, dépôt de copies, commandes, notes.

Communes à ``tests/test_nbgrader_*.py`` (la fixture ``cours`` est dans ``conftest.py``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat
import pytest

from graders import variantes

RACINE = Path(__file__).resolve().parent.parent
COURS = RACINE / "course"
#: Horodatage des copies déposées (avant toute date limite des devoirs).
HORODATAGE = "2026-12-01 10:00:00.000000 UTC"
_BALISES = ("### BEGIN SOLUTION", "### END SOLUTION", "=== BEGIN SOLUTION ===", "=== END SOLUTION ===")

#: Réponse d'une cellule : un texte (code ou prose), ``None`` (la solution du formateur), ou une
#: fonction qui reçoit la solution et rend la réponse (une erreur glissée dans une copie juste).
Reponse = str | None | Callable[[str], str]


def copie_du_cours(
    dossier: Path, environnement_jupyter: Mapping[str, str]
) -> tuple[Path, dict[str, str], bytes]:
    """Copie du cours (sans copies ni carnet de notes), son secret et l'environnement de nbgrader."""
    copie = dossier / "course"
    shutil.copytree(
        COURS,
        copie,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            "release", "submitted", "autograded", "feedback", "*.db", "reponses.json", ".secret_cours"
        ),
    )
    secret = _ecrire_secret(copie / variantes.FICHIER_SECRET_COURS)
    environnement = {
        **environnement_jupyter,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "ASSISTANT_COMPTABLE_DOSSIER": str(dossier / "perso"),
    }
    for variable in (variantes.VARIABLE_JETON, variantes.VARIABLE_APPRENANT, "JUPYTERHUB_USER"):
        environnement.pop(variable, None)
    return copie, environnement, secret


#: Secret du cours des tests : fixe, pour que chaque passage corrige les mêmes variantes (les
#: notes attendues d'une copie fausse peuvent dépendre de la variante ; les corrections sont
#: éprouvées sur plusieurs graines par ``tests/test_correction_*.py``).
SECRET_DES_TESTS = hashlib.sha256(b"assistant-comptable/tests/nbgrader").digest()


def _ecrire_secret(chemin: Path) -> bytes:
    """Écrit :data:`SECRET_DES_TESTS` comme ``variantes.creer_secret`` (hexadécimal, droits 600)."""
    descripteur = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descripteur, "w", encoding="utf-8") as fichier:
        fichier.write(SECRET_DES_TESTS.hex() + "\n")
    assert variantes.lire_secret_cours(chemin.parent) == SECRET_DES_TESTS
    return SECRET_DES_TESTS


def solution(source: str) -> str:
    """Le contenu d'une cellule de réponse du carnet formateur, sans ses balises."""
    return "\n".join(ligne for ligne in source.splitlines() if ligne.strip() not in _BALISES).strip("\n")


def deposer(
    cours: Path,
    devoir: str,
    carnet: str,
    apprenant: str,
    reponses: Mapping[str, Reponse] | None = None,
    *,
    autres_justes: bool = False,
) -> None:
    """Dépose dans ``submitted/`` une copie : la version diffusée, cellules de réponse remplies.

    Args:
        reponses: réponse par cellule (``grade_id``) ; ``None`` : toutes les solutions.
        autres_justes: les cellules absentes de ``reponses`` reçoivent la solution ; sinon
            elles gardent le squelette diffusé (« VOTRE RÉPONSE ICI »).

    Une réponse donnée par une fonction doit changer la solution (sinon la copie « fausse »
    serait juste sans qu'on le voie).
    """
    source = nbformat.read(cours / "source" / devoir / f"{carnet}.ipynb", as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: solution(c.source)
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    copie = nbformat.read(cours / "release" / devoir / f"{carnet}.ipynb", as_version=4)
    for cellule in copie.cells:
        meta = cellule.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        identifiant = meta["grade_id"]
        juste = solutions[identifiant]
        if reponses is None or (identifiant not in reponses and autres_justes):
            cellule.source = juste
        elif identifiant in reponses:
            reponse = reponses[identifiant]
            if callable(reponse):
                cellule.source = reponse(juste)
                assert cellule.source != juste, f"{devoir} › {identifiant} : la modification n'a rien changé"
            else:
                cellule.source = reponse or juste
    dossier = cours / "submitted" / apprenant / devoir
    dossier.mkdir(parents=True)
    nbformat.write(copie, dossier / f"{carnet}.ipynb")
    (dossier / "timestamp.txt").write_text(HORODATAGE, encoding="utf-8")


def nbgrader(cours: Path, environnement: Mapping[str, str], *arguments: str) -> None:
    """Lance ``nbgrader <arguments>`` dans le cours ; échoue avec sa sortie s'il échoue."""
    resultat = subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=cours,
        env=dict(environnement),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert resultat.returncode == 0, f"nbgrader {' '.join(arguments)} :\n{resultat.stdout}\n{resultat.stderr}"


def autocorriger(cours: tuple[Path, Mapping[str, str], bytes], devoir: str, apprenant: str) -> None:
    """``nbgrader autograde`` de la copie d'un apprenant, avec le jeton de sa variante."""
    copie, environnement, secret = cours
    jeton = variantes.jeton(secret, apprenant, devoir)
    nbgrader(
        copie, {**environnement, variantes.VARIABLE_JETON: jeton}, "autograde", devoir, "--student", apprenant
    )


def verifier_note(note: float, attendu) -> None:
    """La note vaut ``attendu`` (nombre), tombe dans l'intervalle ouvert ``("entre", bas, haut)``,
    ou est l'une des valeurs de ``("parmi", a, b, ...)`` (la note dépend de la variante tirée)."""
    if isinstance(attendu, tuple) and attendu[0] == "parmi":
        assert any(note == pytest.approx(v) for v in attendu[1:]), f"{note} n'est pas parmi {attendu[1:]}"
    elif isinstance(attendu, tuple):
        _, bas, haut = attendu
        assert bas < note < haut, f"{note} hors de ]{bas}, {haut}["
    else:
        assert note == pytest.approx(attendu)
