"""Fixtures partagées par les tests.

Sections (ajoutez les nouvelles fixtures dans la section qui convient, ou ouvrez-en une) :

1. Chemins du dépôt et module ``scripts/taches.py``.
2. Jupyter isolé : dossiers temporaires (configuration, données, exécution, IPython) pour
   que les tests n'écrivent rien dans le dossier personnel.
3. Serveur du cours : JupyterLab lancé comme ``python3 scripts/taches.py cours``.
4. Navigateur : Chromium de Debian piloté par Playwright.
5. Tableaux de bord Voilà : serveur lancé comme ``python -m tableaux_de_bord``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

# Les tests de propriétés ne sont pas des mesures de vitesse : pas de délai par exemple (la CI
# fait tourner deux processus de tests à la fois et les durées y varient du simple au triple).
# hypothesis manque dans l'environnement à part de l'oracle OpenFisca (tests/test_paie_oracle.py).
if importlib.util.find_spec("hypothesis"):
    from hypothesis import HealthCheck, settings

    settings.register_profile("projet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("projet")

# --- 1. Chemins du dépôt et module scripts/taches.py ------------------------------------

RACINE = Path(__file__).resolve().parent.parent
ARTEFACTS = RACINE / "tests" / "artefacts"


def _charger_taches() -> ModuleType:
    """Importe ``scripts/taches.py`` (le dossier ``scripts`` n'est pas un paquet)."""
    spec = importlib.util.spec_from_file_location("taches", RACINE / "scripts" / "taches.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def taches() -> ModuleType:
    """Le module ``scripts/taches.py``, pour réutiliser ses commandes et ses chemins."""
    return _charger_taches()


@pytest.fixture(scope="session")
def dossier_artefacts() -> Path:
    """Dossier ``tests/artefacts/`` (ignoré par git) pour les captures d'écran et journaux."""
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


# --- 2. Jupyter isolé --------------------------------------------------------------------


@pytest.fixture(scope="session")
def environnement_jupyter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Variables d'environnement d'un processus Jupyter qui n'écrit que dans un dossier temporaire.

    Le dossier de données de l'environnement ``.venv`` (pack de langue, ``overrides.json``)
    reste lu : Jupyter le consulte toujours, en plus de ``JUPYTER_DATA_DIR``.
    """
    base = tmp_path_factory.mktemp("jupyter")
    dossiers = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "donnees",
        "JUPYTER_RUNTIME_DIR": base / "execution",
        "IPYTHONDIR": base / "ipython",
    }
    for dossier in dossiers.values():
        dossier.mkdir()
    environnement = {**os.environ, **{nom: str(chemin) for nom, chemin in dossiers.items()}}
    # Les réglages de l'utilisateur ne doivent pas venir d'ailleurs (JUPYTER_PATH, etc.).
    for variable in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "ECHANGE_NBGRADER"):
        environnement.pop(variable, None)
    return environnement


def port_libre() -> int:
    """Un port TCP libre sur la boucle locale (127.0.0.1)."""
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


# --- 3. Serveur du cours -----------------------------------------------------------------


@dataclass
class ServeurJupyter:
    """Un serveur JupyterLab en marche : adresse, jeton et outils pour l'interroger."""

    url: str
    jeton: str
    journal: Path
    duree_demarrage: float = 0.0
    processus: subprocess.Popen | None = field(default=None, repr=False)

    def url_navigateur(self, chemin: str = "/lab") -> str:
        """Adresse à ouvrir dans un navigateur, jeton compris."""
        return f"{self.url}{chemin}?token={self.jeton}"

    def lire(self, chemin: str, delai: float = 30) -> tuple[int, str]:
        """GET authentifié par le jeton : rend (statut HTTP, corps décodé)."""
        requete = urllib.request.Request(self.url + chemin, headers={"Authorization": f"token {self.jeton}"})
        try:
            with urllib.request.urlopen(requete, timeout=delai) as reponse:
                return reponse.status, reponse.read().decode("utf-8")
        except urllib.error.HTTPError as erreur:
            return erreur.code, erreur.read().decode("utf-8", "replace")

    def lire_json(self, chemin: str) -> object:
        """GET authentifié d'une API JSON ; échoue si le statut n'est pas 200."""
        statut, corps = self.lire(chemin)
        assert statut == 200, f"GET {chemin} : HTTP {statut}\n{corps[:2000]}"
        return json.loads(corps)

    def fin_du_journal(self, caracteres: int = 4000) -> str:
        """Les derniers caractères du journal du serveur, pour expliquer un échec."""
        return self.journal.read_text(encoding="utf-8", errors="replace")[-caracteres:]


def _attendre_serveur(serveur: ServeurJupyter, limite: float) -> None:
    debut = time.monotonic()
    while time.monotonic() - debut < limite:
        if serveur.processus.poll() is not None:
            pytest.fail(
                f"Le serveur s'est arrêté (code {serveur.processus.returncode}) :\n"
                + serveur.fin_du_journal()
            )
        try:
            if serveur.lire("/api/status", delai=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"Le serveur ne répond pas après {limite:.0f} s :\n" + serveur.fin_du_journal())


def _arreter(processus: subprocess.Popen) -> None:
    """Arrête le groupe de processus du serveur (noyaux compris), de force au besoin."""
    if processus.poll() is not None:
        return
    for sig, attente in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(processus.pid, sig)
        except ProcessLookupError:
            return
        try:
            processus.wait(timeout=attente)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def echange_nbgrader(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dossier d'échange nbgrader temporaire (inscriptible par tous, comme en salle de formation)."""
    dossier = tmp_path_factory.mktemp("echange")
    dossier.chmod(0o777)
    return dossier


@pytest.fixture(scope="session")
def serveur_cours(
    taches: ModuleType,
    environnement_jupyter: dict[str, str],
    echange_nbgrader: Path,
    dossier_artefacts: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServeurJupyter]:
    """JupyterLab lancé comme ``taches.py cours`` : même commande, depuis ``course/``.

    Sans navigateur, sur 127.0.0.1, port libre, jeton aléatoire, dossiers Jupyter temporaires,
    avec un échange nbgrader temporaire pour que la liste des devoirs fonctionne. Le groupe de
    processus est arrêté en fin de session, même après un échec.
    """
    if not taches.executable_venv("jupyter-lab").exists():
        pytest.fail("Environnement .venv absent : lancez « python3 scripts/taches.py tests ».")
    jeton = secrets.token_hex(16)
    port = port_libre()
    commande = taches.commande_jupyter_lab(
        port=port,
        ip="127.0.0.1",
        sans_navigateur=True,
        options=[f"--IdentityProvider.token={jeton}"],
    )
    # Un carnet de notes par serveur : deux processus de tests (pytest-xdist) en lancent chacun un
    # sur course/, et deux créations simultanées de course/gradebook.db se gêneraient.
    carnet = tmp_path_factory.mktemp("carnet") / "gradebook.db"
    environnement = {
        **environnement_jupyter,
        "ECHANGE_NBGRADER": str(echange_nbgrader),
        "CARNET_NBGRADER": f"sqlite:///{carnet}",
        # comme « taches.py cours » : nbgrader lance « alembic » (de .venv) pour créer le carnet
        "PATH": os.pathsep.join(
            [str(taches.executable_venv("python").parent), environnement_jupyter.get("PATH", "")]
        ),
    }
    journal = dossier_artefacts / "serveur_cours.log"
    serveur = ServeurJupyter(url=f"http://127.0.0.1:{port}", jeton=jeton, journal=journal)
    debut = time.monotonic()
    with journal.open("w", encoding="utf-8") as sortie:
        serveur.processus = subprocess.Popen(
            commande,
            cwd=taches.DOSSIER_COURS,
            env=environnement,
            stdin=subprocess.DEVNULL,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _attendre_serveur(serveur, limite=120)
        serveur.duree_demarrage = time.monotonic() - debut
        print(f"\nServeur du cours prêt en {serveur.duree_demarrage:.1f} s ({serveur.url}).")
        yield serveur
    finally:
        _arreter(serveur.processus)


# --- 4. Navigateur -----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
OPTIONS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def navigateur():
    """Le Chromium de Debian lancé par Playwright (sans ``playwright install``).

    Sans ``/usr/bin/chromium`` : test sauté en local, échec en CI (variable ``CI`` définie).
    Playwright donne à chaque lancement un profil (``--user-data-dir``) neuf.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} absent : installez le paquet Debian « chromium »."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=OPTIONS_CHROMIUM
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(navigateur):
    """Un onglet neuf (contexte isolé, en français), fermé à la fin du test."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    onglet = contexte.new_page()
    try:
        yield onglet
    finally:
        contexte.close()


# --- 5. Tableaux de bord Voilà (python -m tableaux_de_bord) ------------------------------


@dataclass
class ServeurVoila:
    """Un serveur Voilà des tableaux de bord en marche, lancé comme ``python -m tableaux_de_bord``.

    Attributes:
        url: adresse du serveur (sans chemin).
        dossier_personnel: le ``ASSISTANT_COMPTABLE_DOSSIER`` temporaire (``progression.json``).
        journal: journal du serveur (noyaux compris).
    """

    url: str
    dossier_personnel: Path
    journal: Path
    reglages: object = None
    processus: subprocess.Popen | None = field(default=None, repr=False)

    def url_tableau(self, carnet: str) -> str:
        """Adresse de la page d'un tableau de bord (``"b4_penalites.ipynb"``)."""
        return f"{self.url}/voila/render/{carnet}"

    def lire(self, chemin: str, delai: float = 60) -> tuple[int, str]:
        """GET anonyme (comme un visiteur) : rend (statut HTTP, corps décodé)."""
        try:
            with urllib.request.urlopen(self.url + chemin, timeout=delai) as reponse:
                return reponse.status, reponse.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as erreur:
            return erreur.code, erreur.read().decode("utf-8", "replace")

    def progression(self) -> dict:
        """Le contenu de ``progression.json`` (``{}`` s'il n'existe pas encore)."""
        chemin = self.dossier_personnel / "progression.json"
        return json.loads(chemin.read_text(encoding="utf-8")) if chemin.exists() else {}

    def fin_du_journal(self, caracteres: int = 6000) -> str:
        """Les derniers caractères du journal du serveur, pour expliquer un échec."""
        return self.journal.read_text(encoding="utf-8", errors="replace")[-caracteres:]


def demarrer_voila(
    environnement_jupyter: dict[str, str], dossier_personnel: Path, journal: Path, **reglages
) -> ServeurVoila:
    """Démarre Voilà avec la commande du lanceur (port libre, boucle locale), attend qu'il réponde.

    Args:
        environnement_jupyter: variables des dossiers Jupyter temporaires.
        dossier_personnel: ``ASSISTANT_COMPTABLE_DOSSIER`` des noyaux.
        journal: fichier où écrire la sortie du serveur.
        reglages: champs de :class:`tableaux_de_bord.serveur.ReglagesVoila` (``prechauffage=False``...).
    """
    from tableaux_de_bord.serveur import ReglagesVoila, commande_voila, environnement

    reglages = ReglagesVoila(port=port_libre(), ip="127.0.0.1", **reglages)
    base = {**environnement_jupyter, "ASSISTANT_COMPTABLE_DOSSIER": str(dossier_personnel)}
    for variable in ("JUPYTERHUB_USER", "ASSISTANT_COMPTABLE_APPRENANT", "ASSISTANT_COMPTABLE_JETON"):
        base.pop(variable, None)
    serveur = ServeurVoila(f"http://127.0.0.1:{reglages.port}", dossier_personnel, journal, reglages)
    with journal.open("w", encoding="utf-8") as sortie:
        serveur.processus = subprocess.Popen(
            commande_voila(reglages),
            env=environnement(reglages, base),
            stdin=subprocess.DEVNULL,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    debut = time.monotonic()
    while time.monotonic() - debut < 120:
        if serveur.processus.poll() is not None:
            pytest.fail(
                f"Voilà s'est arrêté (code {serveur.processus.returncode}) :\n{serveur.fin_du_journal()}"
            )
        try:
            if serveur.lire("/", delai=2)[0] == 200:
                return serveur
        except OSError:
            pass
        time.sleep(0.2)
    _arreter(serveur.processus)
    pytest.fail("Voilà ne répond pas après 120 s :\n" + serveur.fin_du_journal())


@pytest.fixture(scope="session")
def serveur_tableaux(
    environnement_jupyter: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    dossier_artefacts: Path,
) -> Iterator[ServeurVoila]:
    """Voilà des tableaux de bord, réglages du lanceur (noyaux préchauffés), dossier personnel temporaire.

    Arrêté (groupe de processus, noyaux compris) en fin de session, même après un échec.
    """
    serveur = demarrer_voila(
        environnement_jupyter,
        tmp_path_factory.mktemp("assistant_comptable"),
        dossier_artefacts / "serveur_tableaux.log",
    )
    try:
        yield serveur
    finally:
        _arreter(serveur.processus)


@pytest.fixture
def cours(tmp_path: Path, environnement_jupyter: dict[str, str]) -> tuple[Path, dict[str, str], bytes]:
    """Copie du cours (sans copies ni carnet de notes), son secret et l'environnement de nbgrader."""
    from aides_nbgrader import copie_du_cours

    return copie_du_cours(tmp_path, environnement_jupyter)
