"""La formation sur un vrai JupyterHub, avec l'échange nbgrader et de vrais comptes Unix.

La configuration de référence (``deploy/jupyterhub_config.py``, ``deploy/centre.py``) est
lancée telle quelle, en root, sur la boucle locale : JupyterHub (paquet PyPI) et
``configurable-http-proxy`` (registre npm, installé par ``scripts/taches.py tests``),
authentification de test (``dummy``), un serveur Jupyter par utilisateur sous son compte Unix.
Un formateur et trois apprenants ; tout passe par l'API REST du hub et par les serveurs qu'il
lance :

1. le formateur publie le devoir depuis le serveur de correction de sa session
   (``/services/<session>/``, un noyau y lance ``formateur publier``) ;
2. chaque apprenant le récupère (``/user/<nom>/assignments/fetch``), le remplit par l'API des
   contenus — juste, faux, vide — et le rend (``/assignments/submit``) ;
3. le formateur ramasse, corrige et produit la grille de compétences ; chaque note est vérifiée ;
4. isolation : depuis son serveur, un apprenant ne lit ni le dossier d'un autre, ni le secret de
   la session, ni les copies des autres dans l'échange ;
5. à la fin, le hub, le mandataire et tous les serveurs sont arrêtés (aucun processus restant).

Le journal du test (``tests/artefacts/jupyterhub/deroulement.log``) montre chaque étape.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
import requests
import yaml
from conftest import port_libre

RACINE = Path(__file__).resolve().parent.parent
DEPLOIEMENT = RACINE / "deploy"
SESSION = "ac-essai"
DEVOIR = "b1_facture_achat"
CARNET = "facture_achat.ipynb"
FORMATEUR = "acf-formatrice"
APPRENANTS = {"acf-juste": "juste", "acf-faux": "faux", "acf-vide": "vide"}
NOTE_MAX = 3.0  # q1, corrigée automatiquement (q2 est corrigée par le formateur)

pytestmark = [pytest.mark.jupyterhub, pytest.mark.lent]


def _mandataire() -> Path | None:
    """``configurable-http-proxy`` : sur le PATH, ou installé par ``taches.py`` dans ``.outils``."""
    local = RACINE / ".outils" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return local
    trouve = shutil.which("configurable-http-proxy")
    return Path(trouve) if trouve else None


@dataclass
class Hub:
    """Le hub lancé pour le test et ce qu'il faut pour le piloter."""

    url: str
    jeton_pilotage: str
    journal: Path
    processus: subprocess.Popen
    echange: Path
    jetons: dict[str, str] = field(default_factory=dict)

    def noter(self, message: str) -> None:
        horodatage = dt.datetime.now().strftime("%H:%M:%S")
        with self.journal.open("a", encoding="utf-8") as f:
            f.write(f"[{horodatage}] {message}\n")
        print(message)

    def api(self, methode: str, chemin: str, jeton: str | None = None, **options) -> requests.Response:
        entetes = {"Authorization": f"token {jeton or self.jeton_pilotage}"}
        return requests.request(
            methode, f"{self.url}/hub/api{chemin}", headers=entetes, timeout=60, **options
        )

    def serveur(self, utilisateur: str) -> ServeurDistant:
        return ServeurDistant(f"{self.url}/user/{utilisateur}/", self.jetons[utilisateur])

    def service(self, utilisateur: str) -> ServeurDistant:
        return ServeurDistant(f"{self.url}/services/{SESSION}/", self.jetons[utilisateur])


@dataclass
class ServeurDistant:
    """Un serveur Jupyter derrière le hub, piloté par son API REST avec le jeton d'un utilisateur."""

    base: str
    jeton: str

    def requete(self, methode: str, chemin: str, **options) -> requests.Response:
        entetes = {"Authorization": f"token {self.jeton}"}
        return requests.request(methode, self.base + chemin, headers=entetes, timeout=120, **options)

    def executer(self, code: str, delai: float = 900, noyau: str | None = None) -> str:
        """Exécute ``code`` dans un noyau du serveur et rend ce qu'il affiche (erreur Python levée).

        Sans ``noyau``, un noyau neuf est lancé puis arrêté ; sinon ce noyau-là sert et reste.
        """
        import websocket

        ident = noyau
        if ident is None:
            reponse = self.requete("POST", "api/kernels", json={"name": "python3"})
            assert reponse.status_code == 201, reponse.text
            ident = reponse.json()["id"]
        adresse = self.base.replace("http://", "ws://") + f"api/kernels/{ident}/channels"
        prise = websocket.create_connection(
            adresse, header=[f"Authorization: token {self.jeton}"], timeout=delai
        )
        try:
            message_id = uuid.uuid4().hex
            prise.send(
                json.dumps(
                    {
                        "header": {
                            "msg_id": message_id,
                            "msg_type": "execute_request",
                            "username": "test",
                            "session": uuid.uuid4().hex,
                            "version": "5.3",
                            "date": dt.datetime.now(dt.UTC).isoformat(),
                        },
                        "parent_header": {},
                        "metadata": {},
                        "content": {
                            "code": code,
                            "silent": False,
                            "store_history": False,
                            "user_expressions": {},
                            "allow_stdin": False,
                            "stop_on_error": True,
                        },
                        "channel": "shell",
                        "buffers": [],
                    }
                )
            )
            sortie, erreur = [], None
            while True:
                message = json.loads(prise.recv())
                if message.get("parent_header", {}).get("msg_id") != message_id:
                    continue
                genre = message["msg_type"]
                if genre == "stream":
                    sortie.append(message["content"]["text"])
                elif genre == "error":
                    erreur = f"{message['content']['ename']}: {message['content']['evalue']}"
                elif genre == "status" and message["content"]["execution_state"] == "idle":
                    break
        finally:
            prise.close()
            if noyau is None:
                self.requete("DELETE", f"api/kernels/{ident}")
        if erreur:
            raise AssertionError(f"{erreur}\n{''.join(sortie)}")
        return "".join(sortie)

    def commande(self, *arguments: str) -> str:
        """Lance une commande dans le dossier du serveur (par un noyau) ; échoue si elle échoue."""
        code = (
            "import os, subprocess\n"
            f"r = subprocess.run({list(arguments)!r}, capture_output=True, text=True, cwd=os.getcwd())\n"
            "print(r.stdout + r.stderr)\n"
            "assert r.returncode == 0, r.returncode\n"
        )
        return self.executer(code)


def _supprimer_comptes(noms) -> None:
    for nom in noms:
        subprocess.run(["pkill", "-KILL", "-u", nom], capture_output=True, check=False)
        subprocess.run(["userdel", "--remove", nom], capture_output=True, check=False)


def _processus_de(nom: str) -> list[str]:
    resultat = subprocess.run(["pgrep", "-a", "-u", nom], capture_output=True, text=True, check=False)
    return resultat.stdout.splitlines()


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    if os.geteuid() != 0:
        pytest.skip("le test JupyterHub crée des comptes Unix : il tourne en root (CI, machine jetable)")
    mandataire = _mandataire()
    if mandataire is None:
        pytest.fail("configurable-http-proxy absent : lancez « python3 scripts/taches.py tests » (npm).")
    for chemin in (RACINE, *RACINE.parents):
        if not os.stat(chemin).st_mode & 0o001:
            pytest.fail(
                f"{chemin} n'est pas traversable par les autres comptes : les serveurs ne pourraient pas lancer .venv"
            )
    # Hors du dossier temporaire de pytest (0700) : les comptes des apprenants traversent celui-ci.
    base = Path(tempfile.mkdtemp(prefix="hub-essai-"))
    base.chmod(0o755)
    artefacts = RACINE / "tests" / "artefacts" / "jupyterhub"
    artefacts.mkdir(parents=True, exist_ok=True)
    journal = artefacts / "deroulement.log"
    journal.write_text("", encoding="utf-8")
    comptes = [FORMATEUR, *APPRENANTS, f"correcteur-{SESSION}"]
    _supprimer_comptes(comptes)
    mot_de_passe = secrets.token_hex(8)
    port = port_libre()
    centre = base / "centre.yaml"
    centre.write_text(
        yaml.safe_dump(
            {
                "adresse": "127.0.0.1",
                "port": port,
                "echange": str(base / "echange"),
                "configuration": str(base / "jupyter"),
                "authentification": {"type": "dummy", "mot_de_passe": mot_de_passe},
                "inactivite": 3600,
                "limites": {"memoire": "1G", "processeur": 1},
                "sessions": [
                    {
                        "id": SESSION,
                        "titre": "Assistant comptable — session d'essai",
                        "port": port_libre(),
                        "formateurs": [FORMATEUR],
                        "apprenants": [{"id": a, "nom": a.upper()} for a in APPRENANTS],
                        "devoirs": [DEVOIR],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    jeton_pilotage = secrets.token_hex(32)
    env = {
        **os.environ,
        "CENTRE_FORMATION": str(centre),
        "ETAT_HUB": str(base / "etat"),
        "JETON_PILOTAGE_HUB": jeton_pilotage,
        "PORT_API_HUB": str(port_libre()),
        "PORT_API_PROXY": str(port_libre()),
        "PATH": f"{mandataire.parent}:{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    for variable in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "JUPYTER_PATH",
    ):
        env.pop(variable, None)
    sortie_hub = (artefacts / "jupyterhub.log").open("w", encoding="utf-8")
    processus = None
    hub = None
    try:
        preparation = subprocess.run(
            [sys.executable, str(DEPLOIEMENT / "centre.py"), "preparer", "--centre", str(centre)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
        assert preparation.returncode == 0, preparation.stdout + preparation.stderr
        processus = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "jupyterhub"),
                "-f",
                str(DEPLOIEMENT / "jupyterhub_config.py"),
            ],
            cwd=base,
            env=env,
            stdout=sortie_hub,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        hub = Hub(f"http://127.0.0.1:{port}", jeton_pilotage, journal, processus, base / "echange")
        hub.noter(f"Centre préparé ({preparation.stdout.strip()}) ; JupyterHub lancé sur {hub.url}")
        limite = time.monotonic() + 120
        while True:
            assert processus.poll() is None, f"JupyterHub s'est arrêté : voir {artefacts / 'jupyterhub.log'}"
            try:
                if hub.api("GET", "/").status_code == 200 and hub.api("GET", "/users").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < limite, "JupyterHub ne répond pas après 120 s"
            time.sleep(0.5)
        for nom in (FORMATEUR, *APPRENANTS):
            reponse = hub.api("POST", f"/users/{nom}/tokens", json={"note": "test", "expires_in": 7200})
            assert reponse.status_code in (200, 201), reponse.text
            hub.jetons[nom] = reponse.json()["token"]
        yield hub
    finally:
        if processus is not None:
            if hub is not None:
                for nom in APPRENANTS:
                    hub.api("DELETE", f"/users/{nom}/server")
            os.killpg(processus.pid, signal.SIGTERM)
            try:
                processus.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(processus.pid, signal.SIGKILL)
                processus.wait()
        sortie_hub.close()
        restants = {nom: _processus_de(nom) for nom in comptes}
        if hub is not None:
            hub.noter(f"Hub arrêté ; processus restants : {sum(map(len, restants.values()))}")
        _supprimer_comptes(comptes)
        shutil.rmtree(base, ignore_errors=True)
        assert not any(restants.values()), f"processus restants après l'arrêt du hub : {restants}"


def _demarrer(hub: Hub, nom: str) -> None:
    reponse = hub.api("POST", f"/users/{nom}/server")
    assert reponse.status_code in (201, 202, 400), reponse.text  # 400 : déjà lancé
    limite = time.monotonic() + 180
    while True:
        serveur = hub.api("GET", f"/users/{nom}").json().get("servers", {}).get("")
        if serveur and serveur.get("ready"):
            return
        assert time.monotonic() < limite, f"le serveur de {nom} n'a pas démarré"
        time.sleep(0.5)


def _solutions() -> dict[str, str]:
    source = nbformat.read(RACINE / "course" / "source" / DEVOIR / CARNET, as_version=4)
    balises = ("### BEGIN SOLUTION", "### END SOLUTION", "=== BEGIN SOLUTION ===", "=== END SOLUTION ===")
    return {
        c.metadata["nbgrader"]["grade_id"]: "\n".join(
            l for l in c.source.splitlines() if l.strip() not in balises
        )
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }


def _remplir(carnet: dict, genre: str) -> dict:
    """La copie d'un apprenant : toutes les réponses justes, une faute (TVA en 44562), ou rien."""
    if genre == "vide":
        return carnet
    solutions = _solutions()
    for cellule in carnet["cells"]:
        ident = cellule.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if ident in solutions and cellule["metadata"]["nbgrader"].get("solution"):
            texte = solutions[ident]
            if genre == "faux":
                texte = texte.replace('"44566"', '"44562"')
            cellule["source"] = texte
    return carnet


@pytest.fixture(scope="module")
def cycle(hub: Hub) -> dict:
    """Le cycle complet d'un devoir ; rend le rapport de correction du formateur."""
    _demarrer(hub, FORMATEUR)
    service = hub.service(FORMATEUR)
    hub.noter(
        "Formatrice : "
        + service.commande("formateur", "--cours", ".", "publier", DEVOIR).strip().splitlines()[-1]
    )
    for nom, genre in APPRENANTS.items():
        _demarrer(hub, nom)
        serveur = hub.serveur(nom)
        devoirs = serveur.requete("GET", "assignments", params={"course_id": SESSION})
        assert devoirs.status_code == 200, devoirs.text
        assert [d["assignment_id"] for d in devoirs.json()["value"]] == [DEVOIR]
        reponse = serveur.requete(
            "POST", "assignments/fetch", params={"course_id": SESSION, "assignment_id": DEVOIR}
        )
        assert reponse.status_code == 200, reponse.text
        chemin = f"{SESSION}/{DEVOIR}/{CARNET}"
        carnet = serveur.requete("GET", f"api/contents/{chemin}").json()["content"]
        assert "BEGIN SOLUTION" not in json.dumps(carnet)
        enregistrement = serveur.requete(
            "PUT",
            f"api/contents/{chemin}",
            json={"type": "notebook", "format": "json", "content": _remplir(carnet, genre)},
        )
        assert enregistrement.status_code == 200, enregistrement.text
        rendu = serveur.requete(
            "POST", "assignments/submit", params={"course_id": SESSION, "assignment_id": DEVOIR}
        )
        assert rendu.status_code == 200 and "success" not in rendu.json() or rendu.json().get("success"), (
            rendu.text
        )
        hub.noter(f"Apprenant {nom} : devoir récupéré, copie {genre} rendue par l'échange")
    hub.noter(
        "Formatrice : "
        + service.commande("formateur", "--cours", ".", "ramasser", DEVOIR).strip().splitlines()[-1]
    )
    correction = service.commande("formateur", "--cours", ".", "corriger", DEVOIR)
    hub.noter("Formatrice, correction :\n" + correction.strip())
    grille = service.commande("formateur", "--cours", ".", "grille")
    hub.noter("Formatrice, grille :\n" + grille.strip())
    rapport = service.requete("GET", f"api/contents/rapports/correction_{DEVOIR}.json").json()
    return json.loads(rapport["content"])


def test_hub__cycle_complet_notes_de_chaque_apprenant(hub, cycle):
    notes = {r["apprenant"]: r for r in cycle["apprenants"]}
    assert set(notes) == set(APPRENANTS)
    assert notes["acf-juste"]["note"] == pytest.approx(NOTE_MAX)
    assert 0 < notes["acf-faux"]["note"] < NOTE_MAX
    assert notes["acf-vide"]["note"] == 0
    for resultat in notes.values():
        assert resultat["sur"] == pytest.approx(NOTE_MAX)
        assert resultat["questions"][0]["note_noyau"] == pytest.approx(resultat["note"])  # pas d'incident
    hub.noter("Notes vérifiées : " + ", ".join(f"{n} {r['note']}/{r['sur']}" for n, r in notes.items()))


def test_hub__grille_de_competences_produite(hub, cycle):
    service = hub.service(FORMATEUR)
    fichiers = {f["name"] for f in service.requete("GET", "api/contents/grilles").json()["content"]}
    assert {"grille_competences.xlsx", "grille_competences.html"} <= fichiers
    page = service.requete("GET", "api/contents/grilles/grille_competences.html").json()["content"]
    assert all(nom in page for nom in APPRENANTS) and "B1.1-K04" in page


def test_hub__apprenant_ne_voit_que_ses_sessions_et_pas_le_correcteur(hub, cycle):
    serveur = hub.serveur("acf-juste")
    cours = serveur.requete("GET", "courses").json()
    assert cours["value"] == [SESSION]
    refus = requests.get(
        f"{hub.url}/services/{SESSION}/api/contents",
        headers={"Authorization": f"token {hub.jetons['acf-juste']}"},
        timeout=60,
        allow_redirects=False,
    )
    assert refus.status_code in (302, 403), refus.status_code


def test_hub__isolation_entre_apprenants_secret_et_echange(hub, cycle):
    """Un apprenant ne lit ni le dossier ni les jetons d'un autre, ni le secret de la session, et ne
    trouve pas les copies des autres dans l'échange.

    Modèle de nbgrader : le dossier ``inbound`` est en écriture seule pour les apprenants (0733 :
    pas de liste) et chaque copie porte un suffixe aléatoire de 72 bits (``add_random_string``) ;
    le correcteur, autre compte, doit pouvoir la lire pour la ramasser.
    """
    inbound = hub.echange / SESSION / "inbound"
    depots = sorted(inbound.iterdir())
    assert len(depots) == len(APPRENANTS)
    copie_juste = next(d for d in depots if d.name.startswith("acf-juste+"))
    assert len(copie_juste.name.rsplit("+", 1)[1]) == 12  # 9 octets aléatoires en base64
    secret = Path(pwd.getpwnam(f"correcteur-{SESSION}").pw_dir) / SESSION / ".secret_cours"
    assert secret.exists()
    cibles = {
        "dossier d'un autre apprenant": Path(pwd.getpwnam("acf-juste").pw_dir) / SESSION / DEVOIR / CARNET,
        "jetons d'un autre apprenant": Path(pwd.getpwnam("acf-juste").pw_dir)
        / ".assistant-comptable"
        / "jetons.json",
        "secret de la session": secret,
        "carnet de notes de la session": secret.with_name("gradebook.db"),
    }
    code = (
        "import glob, json, os\n"
        f"cibles = {json.dumps({k: str(v) for k, v in cibles.items()})}\n"
        "resultat = {}\n"
        "for nom, chemin in cibles.items():\n"
        "    try:\n"
        "        open(chemin, 'rb').read(1)\n"
        "        resultat[nom] = 'lu'\n"
        "    except PermissionError:\n"
        "        resultat[nom] = 'refusé'\n"
        "try:\n"
        f"    os.listdir({str(inbound)!r})\n"
        "    resultat['liste des copies rendues'] = 'lu'\n"
        "except PermissionError:\n"
        "    resultat['liste des copies rendues'] = 'refusé'\n"
        f"trouvees = glob.glob({str(inbound)!r} + '/acf-juste+*')\n"
        "resultat['copies des autres trouvées'] = len(trouvees)\n"
        "print(json.dumps(resultat))\n"
    )
    vu = json.loads(hub.serveur("acf-faux").executer(code).strip().splitlines()[-1])
    hub.noter(f"Isolation vue depuis le serveur de acf-faux : {vu}")
    assert vu == {
        **{nom: "refusé" for nom in [*cibles, "liste des copies rendues"]},
        "copies des autres trouvées": 0,
    }
    # Par l'API des contenus : le serveur d'un apprenant ne sert que son dossier personnel.
    sortie = hub.serveur("acf-faux").requete("GET", "api/contents/../acf-juste")
    assert sortie.status_code in (400, 403, 404)


def _memoire_et_processeur(nom: str) -> tuple[float, float]:
    """Mémoire résidente (Mo, PSS si disponible) et temps processeur (s) des processus d'un compte."""
    import psutil

    memoire, processeur = 0.0, 0.0
    for p in psutil.process_iter(["username"]):
        if p.info["username"] != nom:
            continue
        try:
            infos = p.memory_full_info()
            memoire += getattr(infos, "pss", infos.rss) / 2**20
            temps = p.cpu_times()
            processeur += temps.user + temps.system
        except psutil.Error:
            continue
    return memoire, processeur


def test_hub__capacite_mesuree_par_apprenant(hub, cycle):
    """Mémoire et processeur d'un serveur d'apprenant au repos, puis pendant un exercice.

    Mesures écrites dans ``tests/artefacts/jupyterhub/capacite.json`` ; la section « Déploiement »
    du README en tire la taille d'une machine pour 30 apprenants.
    """
    nom = "acf-vide"
    repos, _ = _memoire_et_processeur(nom)
    serveur = hub.serveur(nom)
    noyau = serveur.requete("POST", "api/kernels", json={"name": "python3"}).json()["id"]
    _, avant = _memoire_et_processeur(nom)
    debut = time.monotonic()
    sortie = serveur.executer(
        "from graders import sujets, variantes\n"
        "graine, contexte = variantes.graine('b1_facture_achat')\n"
        "facture = sujets.facture_achat(graine)\n"
        "from compta_kernel import Livre\n"
        "import datetime as dt\n"
        "livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))\n"
        "print(len(livre.balance()), contexte.apprenant)\n",
        noyau=noyau,
    )
    duree = time.monotonic() - debut
    actif, apres = _memoire_et_processeur(nom)
    serveur.requete("DELETE", f"api/kernels/{noyau}")
    assert sortie.split()[-1] == nom  # la variante de l'apprenant, par JUPYTERHUB_USER et son jeton
    mesures = {
        "serveur_au_repos_mo": round(repos, 1),
        "serveur_avec_un_noyau_actif_mo": round(actif, 1),
        "processeur_exercice_s": round(apres - avant, 2),
        "duree_exercice_s": round(duree, 2),
    }
    (RACINE / "tests" / "artefacts" / "jupyterhub" / "capacite.json").write_text(
        json.dumps(mesures, indent=1), encoding="utf-8"
    )
    hub.noter(f"Capacité mesurée pour {nom} : {mesures}")
    assert 20 < repos < actif < 2048
