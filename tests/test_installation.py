"""Installation du projet : versions figées, script ``scripts/taches.py``, configuration
nbgrader et serveur du cours (JupyterLab en français, extensions nbgrader).

Les tests marqués ``lent`` démarrent un vrai serveur ou interrogent l'environnement
``.venv`` ; ils tournent aussi en CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
PYPROJECT = RACINE / "pyproject.toml"
CONTRAINTES = RACINE / "requirements" / "contraintes.txt"
BLOCS = ("bloc1_operations", "bloc2_cloture", "bloc3_paie", "bloc4_accueil")
ID_COURS = "assistant-comptable"
VERSION_NBGRADER = "0.9.6"


def _contraintes() -> dict[str, str]:
    """Les versions de ``requirements/contraintes.txt``, par nom de paquet normalisé."""
    versions = {}
    for ligne in CONTRAINTES.read_text(encoding="utf-8").splitlines():
        ligne = ligne.strip()
        if ligne and not ligne.startswith("#"):
            nom, version = ligne.split("==")
            versions[_normaliser(nom)] = version
    return versions


def _normaliser(nom: str) -> str:
    return nom.lower().replace("_", "-").replace(".", "-")


# --- Versions figées ---------------------------------------------------------------------


def test_pyproject__versions_du_cours_figees_et_dans_les_contraintes():
    """Les paquets figés par l'extra ``cours`` ont la même version dans les contraintes."""
    projet = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    contraintes = _contraintes()
    figes = {}
    for exigence in projet["optional-dependencies"]["cours"]:
        if "==" in exigence:
            nom, version = exigence.split("==")
            figes[_normaliser(nom)] = version
    assert {"jupyterlab", "notebook", "ipywidgets", "nbgrader", "voila"} <= figes.keys()
    for nom, version in figes.items():
        assert contraintes.get(nom) == version, (
            f"{nom} : pyproject {version}, contraintes {contraintes.get(nom)}"
        )


def test_contraintes__sans_le_projet_et_entierement_figees():
    """Les contraintes viennent d'un ``pip freeze`` sans le projet : que des ``nom==version``."""
    contraintes = _contraintes()
    assert "assistant-comptable" not in contraintes
    assert {"jupyterlab", "nbgrader", "pandas", "pytest", "playwright", "ruff"} <= contraintes.keys()


@pytest.mark.lent
def test_installation__venv_conforme_aux_contraintes(taches):
    """Le ``.venv`` préparé par ``taches.py`` a exactement les versions figées et ``pip check`` est propre."""
    python = str(taches.executable_venv("python"))
    verification = subprocess.run([python, "-m", "pip", "check"], check=False, capture_output=True, text=True)
    assert verification.returncode == 0, verification.stdout + verification.stderr
    gel = subprocess.run(
        [python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    installes = {_normaliser(paquet["name"]): paquet["version"] for paquet in json.loads(gel.stdout)}
    ecarts = {
        nom: (version, installes.get(nom))
        for nom, version in _contraintes().items()
        if installes.get(nom) != version
    }
    assert not ecarts, f"versions installées différentes des contraintes (attendue, installée) : {ecarts}"


# --- scripts/taches.py -------------------------------------------------------------------


def test_taches__langue_francaise_par_defaut_dans_overrides(taches, tmp_path):
    """``overrides.json`` reçoit la langue fr_FR sans perdre les réglages déjà présents."""
    fichier = taches.fichier_overrides(tmp_path)
    fichier.parent.mkdir(parents=True)
    fichier.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    taches.ecrire_langue_par_defaut(tmp_path)
    reglages = json.loads(fichier.read_text(encoding="utf-8"))
    assert reglages["@jupyterlab/translation-extension:plugin"] == {"locale": "fr_FR"}
    assert reglages["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}


def test_taches__overrides_du_venv_ecrit(taches):
    """L'environnement du projet est français par défaut."""
    reglages = json.loads(taches.fichier_overrides().read_text(encoding="utf-8"))
    assert reglages["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"


def test_taches__installation_sautee_si_pyproject_et_contraintes_inchanges(taches, tmp_path, monkeypatch):
    """Avec un tampon à jour, pip n'est pas relancé (une nouvelle exécution est rapide)."""
    python = taches.executable_venv("python", tmp_path)
    python.parent.mkdir(parents=True)
    python.touch()
    taches._tampon(tmp_path).write_text(taches._empreinte_installation())

    def interdit(*args, **kwargs):
        raise AssertionError(f"pip relancé alors que rien n'a changé : {args}")

    monkeypatch.setattr(taches.subprocess, "run", interdit)
    taches.preparer_environnement(tmp_path)
    assert taches.fichier_overrides(tmp_path).exists()


def test_taches__installation_refaite_si_contraintes_modifiees(taches, tmp_path, monkeypatch):
    """Un tampon périmé relance pip avec les contraintes et l'installation éditable des extras."""
    python = taches.executable_venv("python", tmp_path)
    python.parent.mkdir(parents=True)
    python.touch()
    taches._tampon(tmp_path).write_text("empreinte-perimee")
    appels = []
    monkeypatch.setattr(taches.subprocess, "run", lambda commande, **kwargs: appels.append(commande))
    taches.preparer_environnement(tmp_path)
    (commande,) = appels
    assert commande[1:4] == ["-m", "pip", "install"]
    assert ["-c", str(taches.CONTRAINTES)] == commande[commande.index("-c") : commande.index("-c") + 2]
    assert commande[-2:] == ["-e", f"{taches.RACINE}[cours,tests,hub]"]
    assert taches._tampon(tmp_path).read_text().strip() == taches._empreinte_installation()


def test_taches__commande_jupyter_lab(taches):
    """La commande ouvre ``course/`` et transmet ``--port``, ``--ip`` et ``--no-browser``."""
    commande = taches.commande_jupyter_lab(port=8890, ip="127.0.0.1", sans_navigateur=True, options=["--x=1"])
    assert commande[0] == str(taches.executable_venv("jupyter-lab"))
    assert f"--ServerApp.root_dir={taches.DOSSIER_COURS}" in commande
    assert {"--port=8890", "--ip=127.0.0.1", "--no-browser"} <= set(commande)
    assert commande[-1] == "--x=1"
    assert ("--allow-root" in commande) == (os.geteuid() == 0)
    assert taches.commande_jupyter_lab() == [commande[0], f"--ServerApp.root_dir={taches.DOSSIER_COURS}"] + (
        ["--allow-root"] if os.geteuid() == 0 else []
    )


@pytest.mark.parametrize(("code_pytest", "code_attendu"), [(0, 0), (1, 1), (5, 1)])
def test_taches__tests_rend_le_code_de_pytest_et_aucun_test_est_un_echec(
    taches, monkeypatch, code_pytest, code_attendu
):
    """``taches.py tests`` rend le code de pytest, sauf « aucun test collecté » (5) qui devient 1."""
    monkeypatch.setattr(taches, "preparer_environnement", lambda: None)
    monkeypatch.setattr(taches, "installer_chromium", lambda: None)
    appels = []

    def pytest_factice(commande, **kwargs):
        appels.append(commande)
        return code_pytest

    monkeypatch.setattr(taches.subprocess, "call", pytest_factice)
    assert taches.main(["tests", "-x", "-k", "a or b"]) == code_attendu
    assert appels[0][-4:] == ["pytest", "-x", "-k", "a or b"]


def test_taches__chromium_installe_par_apt_si_absent(taches, tmp_path, monkeypatch):
    """En root avec apt-get, un Chromium absent est installé (apt-get update puis install -y chromium)."""
    monkeypatch.setattr(taches, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setattr(taches, "est_root", lambda: True)
    monkeypatch.setattr(taches.shutil, "which", lambda nom: f"/usr/bin/{nom}")
    appels = []
    monkeypatch.setattr(taches.subprocess, "run", lambda commande, **kwargs: appels.append(commande))
    taches.installer_chromium()
    assert appels == [["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]]
    appels.clear()
    monkeypatch.setattr(taches, "est_root", lambda: False)
    taches.installer_chromium()
    assert appels == [], "sans root, rien n'est installé"


def test_taches__aide_en_francais():
    """``taches.py -h`` s'affiche en français avec le seul ``python3`` du système."""
    aide = subprocess.run(
        [sys.executable, str(RACINE / "scripts" / "taches.py"), "-h"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "utilisation" in aide and "ouvrir le cours dans JupyterLab" in aide and "lancer les tests" in aide


def test_ci__run_lance_les_tests_et_echoue_avec_eux():
    """``.ci/run`` est en mode strict et passe par ``taches.py tests``."""
    script = (RACINE / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert "python3 scripts/taches.py tests" in script


# --- Configuration nbgrader --------------------------------------------------------------

LECTURE_CONFIG = """
import json
from nbgrader.apps.baseapp import NbGrader
from nbgrader.converters import GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default.exchange import Exchange
from nbgrader.preprocessors import ClearSolutions, Execute

app = NbGrader()
app.raise_config_file_errors = True
app.load_config_file()
config = app.config
coursedir = CourseDirectory(config=config)
execute = Execute(config=config)
print(json.dumps({
    "fichiers": app._loaded_config_files,
    "course_id": coursedir.course_id,
    "root": coursedir.root,
    "db_url": coursedir.db_url,
    "echange": Exchange(config=config).root,
    "code_stub": ClearSolutions(config=config).code_stub,
    "text_stub": ClearSolutions(config=config).text_stub,
    "timeout": execute.timeout,
    "raise_on_iopub_timeout": execute.raise_on_iopub_timeout,
    "extra_arguments": execute.extra_arguments,
    "feedback": [p.__name__ for p in GenerateFeedback(config=config, coursedir=coursedir).preprocessors],
}))
"""


def _config_vue_par_nbgrader(taches, environnement: dict[str, str]) -> dict:
    """Réglages nbgrader lus comme le fait nbgrader, depuis ``course/`` ; un fichier cassé lève."""
    resultat = subprocess.run(
        [str(taches.executable_venv("python")), "-c", LECTURE_CONFIG],
        check=False,
        cwd=taches.DOSSIER_COURS,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout.strip().splitlines()[-1])


@pytest.mark.lent
def test_config_nbgrader__lue_depuis_le_dossier_du_cours(taches, environnement_jupyter):
    """nbgrader charge ``course/nbgrader_config.py`` et en voit chaque réglage."""
    config = _config_vue_par_nbgrader(taches, environnement_jupyter)
    cours = taches.DOSSIER_COURS
    assert str(cours / "nbgrader_config.py") in config["fichiers"]
    assert config["course_id"] == ID_COURS
    assert config["root"] == str(cours)
    assert config["db_url"] == f"sqlite:///{cours / 'gradebook.db'}"
    assert config["code_stub"]["python"] == "# VOTRE RÉPONSE ICI\nraise NotImplementedError()"
    assert config["text_stub"] == "VOTRE RÉPONSE ICI"
    assert config["timeout"] == 60
    assert config["raise_on_iopub_timeout"] is False
    assert config["extra_arguments"] == [
        "--HistoryManager.hist_file=:memory:",
        "--InteractiveShell.xmode=Minimal",
    ]
    assert "ClearHiddenTests" in config["feedback"]
    assert not Path(config["echange"]).is_dir(), "l'échange doit être désactivé par défaut"


@pytest.mark.lent
def test_config_nbgrader__echange_active_par_variable(taches, environnement_jupyter, echange_nbgrader):
    """``ECHANGE_NBGRADER`` active l'échange sur le dossier partagé indiqué."""
    environnement = {**environnement_jupyter, "ECHANGE_NBGRADER": str(echange_nbgrader)}
    assert _config_vue_par_nbgrader(taches, environnement)["echange"] == str(echange_nbgrader)


# --- Serveur du cours --------------------------------------------------------------------


@pytest.mark.lent
def test_jupyterlab__pack_de_langue_fr_FR_disponible(serveur_cours):
    """``/lab/api/translations`` propose fr_FR."""
    langues = serveur_cours.lire_json("/lab/api/translations")["data"]
    assert "fr_FR" in langues, sorted(langues)


@pytest.mark.lent
def test_jupyterlab__francais_par_defaut(serveur_cours):
    """Sans réglage de l'utilisateur, la langue de l'interface est fr_FR (défaut venu d'overrides.json)."""
    reglage = serveur_cours.lire_json("/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert "locale" not in reglage["settings"], "la langue ne doit pas venir des réglages de l'utilisateur"
    assert reglage["schema"]["properties"]["locale"]["default"] == "fr_FR"


@pytest.mark.lent
def test_jupyterlab__racine_est_le_dossier_du_cours(serveur_cours):
    """Le navigateur de fichiers montre les quatre blocs du cours."""
    contenu = serveur_cours.lire_json("/api/contents")
    dossiers = {element["name"] for element in contenu["content"] if element["type"] == "directory"}
    assert set(BLOCS) <= dossiers, sorted(dossiers)


@pytest.mark.lent
def test_nbgrader__formgrader_repond_avec_la_config_du_cours(serveur_cours):
    """Formgrader répond (API et page de gestion) et affiche l'identifiant du cours lu dans la config."""
    assert serveur_cours.lire_json("/formgrader/api/status") == {"status": True}
    assert isinstance(serveur_cours.lire_json("/formgrader/api/assignments"), list)
    statut, page = serveur_cours.lire("/formgrader/manage_assignments")
    assert statut == 200, page[:2000]
    assert ID_COURS in page


@pytest.mark.lent
def test_nbgrader__liste_des_devoirs_repond(serveur_cours):
    """L'API de la liste des devoirs (côté apprenant) répond avec l'échange du cours."""
    assert serveur_cours.lire_json(f"/nbgrader_version?version={VERSION_NBGRADER}") == {"success": True}
    devoirs = serveur_cours.lire_json(f"/assignments?course_id={ID_COURS}")
    assert devoirs["success"] is True and isinstance(devoirs["value"], list), devoirs
