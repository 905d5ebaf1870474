"""Les carnets sont du code : sorties effacées, solutions et tests cachés balisés, critères étiquetés,
exécution complète de la version formateur avec ses solutions (tous les points)."""

from __future__ import annotations

import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from graders import criteres, variantes

RACINE = Path(__file__).resolve().parent.parent
COURS = RACINE / "course"
CARNETS = criteres.carnets_sources(COURS)


def _cellules(carnet: Path) -> list[dict]:
    return json.loads(carnet.read_text(encoding="utf-8"))["cells"]


def _meta(cellule: dict) -> dict:
    return cellule.get("metadata", {}).get("nbgrader", {})


def test_il_y_a_des_carnets():
    assert CARNETS, "aucun carnet source sous course/bloc*/"


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.stem)
def test_carnet__sorties_effacees(carnet):
    for cellule in _cellules(carnet):
        if cellule["cell_type"] == "code":
            assert not cellule.get("outputs") and cellule.get("execution_count") is None, carnet


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.stem)
def test_carnet__solutions_et_tests_caches_uniquement_dans_les_balises(carnet):
    """Hors des cellules de solution, pas de balise de solution ; un test caché n'appelle la correction que balisé."""
    for cellule in _cellules(carnet):
        source = "".join(cellule["source"])
        meta = _meta(cellule)
        if "BEGIN SOLUTION" in source:
            assert meta.get("solution"), (
                f"{carnet.name} › {meta.get('grade_id')} : solution hors d'une cellule de réponse"
            )
        if "corriger(" in source or "corrections" in source:
            cachee = source.split("### BEGIN HIDDEN TESTS", 1)
            assert len(cachee) == 2 and "corriger(" not in cachee[0], (
                f"{carnet.name} : correction hors test caché"
            )


@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.stem)
def test_carnet__chaque_cellule_notee_etiquetee_et_points_coherents(carnet):
    connus = criteres.criteres()
    for cellule in criteres.cellules_notees(carnet):
        assert cellule.criteres, f"{carnet.name} › {cellule.cellule} : aucun critère du référentiel"
        assert set(cellule.criteres) <= set(connus), f"{carnet.name} › {cellule.cellule} : critère inconnu"
    for cellule in _cellules(carnet):
        source = "".join(cellule["source"])
        appel = re.search(r'corriger\("([^"]+)", "([^"]+)", .*sur=([\d.]+)\)', source)
        if appel:
            meta = _meta(cellule)
            assert appel.group(1) == carnet.parent.name, "le devoir nommé est celui du dossier"
            assert appel.group(2) == meta["grade_id"], "la question corrigée est l'identifiant de la cellule"
            assert Decimal(appel.group(3)) == Decimal(str(meta["points"])), (
                "sur= vaut les points de la cellule"
            )


def test_lien_source_pour_chaque_devoir():
    """nbgrader lit ``course/source/<devoir>`` : chaque devoir d'un bloc y a son lien, et aucun lien n'est mort."""
    devoirs = {p.parent.name: p.parent for p in CARNETS}
    liens = {p.name: p for p in (COURS / "source").iterdir()}
    assert set(devoirs) == set(liens)
    for nom, lien in liens.items():
        assert lien.is_symlink() and lien.resolve() == devoirs[nom].resolve()
        assert (COURS / "corrections" / f"{nom}.py").exists(), f"correction du devoir {nom} manquante"


def test_couverture_des_criteres__rapport_a_jour():
    """``course/COUVERTURE.md`` liste, par bloc, les critères évalués et où ; il suit les carnets."""
    attendu = criteres.rapport_couverture(CARNETS)
    actuel = (COURS / "COUVERTURE.md").read_text(encoding="utf-8")
    assert actuel == attendu, "Régénérez le rapport : python -m graders.criteres"
    table = criteres.couverture(CARNETS)
    assert sum(len(c) for c in table.values()) == 59
    assert table["B1"]["B1.1-K04"], "B1.1-K04 est évalué par le devoir exemple"


@pytest.mark.lent
@pytest.mark.parametrize("carnet", CARNETS, ids=lambda p: p.stem)
def test_carnet_formateur__s_execute_et_ses_solutions_ont_tous_les_points(carnet, tmp_path, monkeypatch):
    """La version formateur (solutions comprises) s'exécute sans erreur et chaque test caché donne tous les points."""
    import nbformat
    from nbclient import NotebookClient

    cours = tmp_path / "course"
    shutil.copytree(
        COURS,
        cours,
        symlinks=True,
        ignore=shutil.ignore_patterns("release", "submitted", "autograded", "feedback", "*.db"),
    )
    dossier = cours / carnet.relative_to(COURS).parent
    monkeypatch.setenv(
        variantes.VARIABLE_JETON, variantes.jeton(b"secret-de-test", "apprenant-test", carnet.parent.name)
    )
    monkeypatch.setenv("ASSISTANT_COMPTABLE_DOSSIER", str(tmp_path / "perso"))
    carnet_nb = nbformat.read(dossier / carnet.name, as_version=4)
    NotebookClient(
        carnet_nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(dossier)}}
    ).execute()
    for cellule in carnet_nb.cells:
        meta = cellule.metadata.get("nbgrader", {})
        if cellule.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            resultats = [o for o in cellule.outputs if o.output_type == "execute_result"]
            assert resultats, f"{meta['grade_id']} : la cellule de test ne rend pas de note"
            note = Decimal(resultats[-1]["data"]["text/plain"])
            assert note == Decimal(str(meta["points"])), f"{meta['grade_id']} : {note} / {meta['points']}"
    assert (dossier / "reponses.json").exists()
    assert os.environ.get(variantes.VARIABLE_JETON)
