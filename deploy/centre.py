"""Centre de formation sur JupyterHub : description des sessions et préparation de la machine.

Un centre de formation fait tourner plusieurs sessions (« cours » au sens de nbgrader) du
cours « Assistant comptable » en même temps, chacune avec ses formateurs et ses apprenants.
Le fichier ``centre.yaml`` (voir ``centre.exemple.yaml``) les décrit ; ce module le lit pour
``jupyterhub_config.py`` (groupes, rôles, services de correction) et prépare la machine :

``python deploy/centre.py preparer --centre centre.yaml`` (en root) crée

- un compte Unix par formateur et par apprenant (dossier personnel en 0700 : nul ne lit le
  dossier d'un autre) et un compte de correction ``correcteur-<session>`` par session, seul
  propriétaire du dossier de la session (copie de ``course/`` : devoirs, corrections, secret
  du cours, carnet de notes) ;
- le dossier d'échange nbgrader (``1777`` : chacun y dépose, nbgrader y règle les droits de
  chaque copie) ;
- la configuration Jupyter commune (``jupyter/nbgrader_config.py`` : échange par session,
  sessions d'un utilisateur lues dans ses groupes JupyterHub) ;
- dans chaque session : ``formateur init``, ``formateur apprenants`` et les jetons de variante
  de chaque devoir, déposés dans ``~/.assistant-comptable/jetons.json`` de chaque apprenant.

Rien n'est fait maison : JupyterHub authentifie, lance les serveurs et les services ;
nbgrader diffuse, ramasse et corrige par son échange. Ce module ne fait que décrire et
préparer, avec la bibliothèque standard et PyYAML.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEPOT = Path(__file__).resolve().parent.parent
#: Ce qui, dans ``course/``, appartient à une session en cours et ne se copie pas.
NON_COPIES = (
    "release", "submitted", "autograded", "feedback", "gradebook.db", ".secret_cours",
    "reponses.json", "grilles", "jetons", "rapports", "__pycache__", ".ipynb_checkpoints",
)  # fmt: skip
_NOM_UNIX = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


class ErreurCentre(Exception):
    """Description du centre invalide ou préparation impossible (message en français)."""


@dataclass(frozen=True)
class Session:
    """Une session de formation : un cours nbgrader, ses formateurs, ses apprenants.

    Attributes:
        id: identifiant du cours nbgrader (lettres minuscules, chiffres, tirets).
        titre: intitulé montré aux apprenants.
        port: port local du serveur de correction (service JupyterHub).
        formateurs, apprenants: comptes Unix.
        devoirs: devoirs dont les jetons de variante sont remis aux apprenants.
    """

    id: str
    titre: str
    port: int
    formateurs: tuple[str, ...]
    apprenants: tuple[dict, ...]
    devoirs: tuple[str, ...] = ()

    @property
    def correcteur(self) -> str:
        """Compte Unix qui fait tourner le serveur de correction de la session."""
        return f"correcteur-{self.id}"[:32]

    @property
    def identifiants(self) -> tuple[str, ...]:
        return tuple(a["id"] for a in self.apprenants)


@dataclass(frozen=True)
class Centre:
    """Le centre : ses sessions et les réglages communs (voir ``centre.exemple.yaml``)."""

    sessions: tuple[Session, ...]
    echange: Path
    configuration: Path
    administrateurs: tuple[str, ...] = ()
    authentification: dict = field(default_factory=lambda: {"type": "pam"})
    limites: dict = field(default_factory=dict)
    inactivite: int = 3600
    adresse: str = "127.0.0.1"
    port: int = 8000

    @property
    def utilisateurs(self) -> tuple[str, ...]:
        """Tous les comptes qui se connectent au hub (formateurs, apprenants, administrateurs)."""
        noms = [*self.administrateurs]
        for session in self.sessions:
            noms += [*session.formateurs, *session.identifiants]
        return tuple(dict.fromkeys(noms))

    def groupes(self) -> dict[str, dict]:
        """Groupes JupyterHub, nommés comme nbgrader les attend (``formgrade-``, ``nbgrader-``)."""
        groupes: dict[str, dict] = {"formateurs": {"users": []}}
        for s in self.sessions:
            groupes["formateurs"]["users"] += [
                f for f in s.formateurs if f not in groupes["formateurs"]["users"]
            ]
            groupes[f"formgrade-{s.id}"] = {"users": list(s.formateurs)}
            groupes[f"nbgrader-{s.id}"] = {"users": [*s.formateurs, *s.identifiants]}
        return groupes


def lire_centre(chemin: str | Path) -> Centre:
    """Lit et contrôle ``centre.yaml`` ; chaque erreur dit quoi corriger."""
    chemin = Path(chemin)
    try:
        brut = yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ErreurCentre(f"Impossible de lire {chemin} : {exc}") from exc
    sessions = []
    ports = set()
    for i, s in enumerate(brut.get("sessions") or (), start=1):
        ident = str(s.get("id", ""))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,19}", ident):
            raise ErreurCentre(
                f"Session n° {i} : identifiant « {ident} » invalide (2 à 20 caractères : minuscules, chiffres, tirets)."
            )
        port = int(s.get("port", 9900 + i))
        if port in ports:
            raise ErreurCentre(f"Session {ident} : le port {port} sert déjà à une autre session.")
        ports.add(port)
        apprenants = tuple(a if isinstance(a, dict) else {"id": str(a)} for a in (s.get("apprenants") or ()))
        for nom in [*(s.get("formateurs") or ()), *(a["id"] for a in apprenants)]:
            if not _NOM_UNIX.match(str(nom)):
                raise ErreurCentre(
                    f"Session {ident} : « {nom} » n'est pas un nom de compte Unix valide "
                    "(minuscules, chiffres, « _ » ou « - », 32 caractères au plus)."
                )
        sessions.append(
            Session(
                ident,
                str(s.get("titre", ident)),
                port,
                tuple(s.get("formateurs") or ()),
                apprenants,
                tuple(s.get("devoirs") or ()),
            )
        )
    if not sessions:
        raise ErreurCentre(f"{chemin} : aucune session (clé « sessions »).")
    base = chemin.parent
    return Centre(
        sessions=tuple(sessions),
        echange=(base / brut.get("echange", "/srv/nbgrader/echange")).resolve(),
        configuration=(base / brut.get("configuration", "/etc/assistant-comptable/jupyter")).resolve(),
        administrateurs=tuple(brut.get("administrateurs") or ()),
        authentification=dict(brut.get("authentification") or {"type": "pam"}),
        limites=dict(brut.get("limites") or {}),
        inactivite=int(brut.get("inactivite", 3600)),
        adresse=str(brut.get("adresse", "127.0.0.1")),
        port=int(brut.get("port", 8000)),
    )


# --- Préparation de la machine (root) ------------------------------------------------------


def _executer(commande: list[str], **options) -> subprocess.CompletedProcess:
    resultat = subprocess.run(commande, capture_output=True, text=True, check=False, **options)
    if resultat.returncode != 0:
        raise ErreurCentre(f"« {' '.join(commande)} » a échoué :\n{resultat.stdout}{resultat.stderr}")
    return resultat


def creer_compte(nom: str) -> pwd.struct_passwd:
    """Crée le compte Unix s'il manque ; son dossier personnel n'est lisible que par lui (0700)."""
    try:
        compte = pwd.getpwnam(nom)
    except KeyError:
        _executer(["useradd", "--create-home", "--shell", "/bin/bash", nom])
        compte = pwd.getpwnam(nom)
    os.chmod(compte.pw_dir, 0o700)
    return compte


def _en_tant_que(compte: pwd.struct_passwd, commande: list[str], cwd: Path, env: dict) -> None:
    environnement = {
        **env,
        "HOME": compte.pw_dir,
        "USER": compte.pw_name,
        "LOGNAME": compte.pw_name,
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
    }
    _executer(commande, cwd=cwd, env=environnement, user=compte.pw_uid, group=compte.pw_gid, extra_groups=[])


def ecrire_configuration_jupyter(centre: Centre) -> Path:
    """La configuration nbgrader commune à tous les serveurs (``<configuration>/nbgrader_config.py``)."""
    centre.configuration.mkdir(parents=True, exist_ok=True)
    titres = {s.id: s.titre for s in centre.sessions}
    chemin = centre.configuration / "nbgrader_config.py"
    chemin.write_text(
        "# Écrit par deploy/centre.py : configuration nbgrader commune du centre de formation.\n"
        "from nbgrader.auth import JupyterHubAuthPlugin\n\n"
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(centre.echange)!r}\n"
        "# Un sous-dossier d'échange par session ; les sessions d'un utilisateur sont ses groupes\n"
        "# JupyterHub « nbgrader-<session> » (apprenants) et « formgrade-<session> » (formateurs).\n"
        "c.Exchange.path_includes_course = True\n"
        "# Les copies rendues portent un suffixe aléatoire : un apprenant ne peut ni lister le\n"
        "# dossier des copies (0733) ni deviner le nom de celle d'un autre.\n"
        "c.ExchangeSubmit.add_random_string = True\n"
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n"
        f"c.NbGrader.course_titles = {titres!r}\n",
        encoding="utf-8",
    )
    chemin.chmod(0o644)
    centre.configuration.chmod(0o755)
    return chemin


def dossier_session(session: Session) -> Path:
    """Dossier de la session, chez son compte de correction."""
    return Path(pwd.getpwnam(session.correcteur).pw_dir) / session.id


def environnement_session(centre: Centre, session: Session) -> dict[str, str]:
    """Variables d'environnement du serveur de correction d'une session."""
    return {
        "JUPYTER_CONFIG_PATH": str(centre.configuration),
        "ECHANGE_NBGRADER": str(centre.echange),
        "COURS_NBGRADER": session.id,
    }


def preparer_session(centre: Centre, session: Session) -> Path:
    """Comptes, dossier de la session, apprenants inscrits et jetons déposés chez chacun."""
    correcteur = creer_compte(session.correcteur)
    for nom in (*session.formateurs, *session.identifiants):
        creer_compte(nom)
    dossier = dossier_session(session)
    if not dossier.exists():
        shutil.copytree(DEPOT / "course", dossier, symlinks=False, ignore=shutil.ignore_patterns(*NON_COPIES))
    csv_apprenants = dossier / "apprenants.csv"
    with csv_apprenants.open("w", encoding="utf-8", newline="") as fichier:
        ecrivain = csv.writer(fichier, delimiter=";")
        ecrivain.writerow(["id", "nom", "prénom", "email"])
        for a in session.apprenants:
            ecrivain.writerow([a["id"], a.get("nom", a["id"]), a.get("prenom", ""), a.get("email", "")])
    _executer(["chown", "-R", f"{correcteur.pw_uid}:{correcteur.pw_gid}", str(dossier)])
    env = environnement_session(centre, session)
    formateur = [sys.executable, "-m", "graders.formateur", "--cours", str(dossier)]
    _en_tant_que(correcteur, [*formateur, "init"], dossier, env)
    _en_tant_que(correcteur, [*formateur, "apprenants", "--csv", str(csv_apprenants)], dossier, env)
    jetons: dict[str, dict[str, str]] = {a: {} for a in session.identifiants}
    for devoir in session.devoirs:
        sortie = dossier / "jetons" / devoir
        _en_tant_que(correcteur, [*formateur, "jetons", devoir, "--sortie", str(sortie)], dossier, env)
        for apprenant in session.identifiants:
            jetons[apprenant].update(
                json.loads((sortie / apprenant / "jetons.json").read_text(encoding="utf-8"))
            )
    for apprenant, valeurs in jetons.items():
        deposer_jetons(apprenant, valeurs)
    return dossier


def deposer_jetons(apprenant: str, valeurs: dict[str, str]) -> Path:
    """``~/.assistant-comptable/jetons.json`` de l'apprenant (0600, à lui), fusionné avec l'existant."""
    compte = pwd.getpwnam(apprenant)
    dossier = Path(compte.pw_dir) / ".assistant-comptable"
    dossier.mkdir(mode=0o700, exist_ok=True)
    chemin = dossier / "jetons.json"
    existants = json.loads(chemin.read_text(encoding="utf-8")) if chemin.exists() else {}
    chemin.write_text(json.dumps({**existants, **valeurs}, indent=2, sort_keys=True), encoding="utf-8")
    for element in (dossier, chemin):
        os.chown(element, compte.pw_uid, compte.pw_gid)
    chemin.chmod(0o600)
    return chemin


def preparer(centre: Centre) -> None:
    """Prépare toute la machine pour le centre (idempotent : relancer ne casse rien)."""
    if os.geteuid() != 0:
        raise ErreurCentre("La préparation crée des comptes Unix : lancez-la en root.")
    for nom in centre.administrateurs:
        creer_compte(nom)
    centre.echange.mkdir(parents=True, exist_ok=True)
    centre.echange.chmod(0o1777)
    ecrire_configuration_jupyter(centre)
    for session in centre.sessions:
        preparer_session(centre, session)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prépare la machine d'un centre de formation (root).")
    parser.add_argument("action", choices=["verifier", "preparer"])
    parser.add_argument("--centre", type=Path, default=Path(__file__).with_name("centre.yaml"))
    args = parser.parse_args(arguments)
    try:
        centre = lire_centre(args.centre)
        if args.action == "preparer":
            preparer(centre)
    except ErreurCentre as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(
        f"{len(centre.sessions)} session(s), {len(centre.utilisateurs)} utilisateur(s) : "
        + ", ".join(s.id for s in centre.sessions)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
