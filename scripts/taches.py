#!/usr/bin/env python3
"""Tâches du projet « Assistant comptable » : ouvrir le cours, lancer les tests.

N'utilise que la bibliothèque standard : le script tourne avec le ``python3`` du système
sur une machine neuve. Chaque commande prépare d'abord l'environnement ``.venv`` à la
racine du dépôt (création, installation de ``-e .[cours,tests,hub]`` avec les versions figées
de ``requirements/contraintes.txt``, JupyterLab en français par défaut) ; l'installation
n'est refaite que si ``pyproject.toml`` ou les contraintes ont changé.

Les tests importent ce module pour démarrer le serveur exactement comme
``python3 scripts/taches.py cours`` (voir :func:`commande_jupyter_lab`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_COURS = RACINE / "course"
VENV = RACINE / ".venv"
PYPROJECT = RACINE / "pyproject.toml"
CONTRAINTES = RACINE / "requirements" / "contraintes.txt"
EXTRAS = "cours,tests,hub"
CHROMIUM = Path("/usr/bin/chromium")

# Réglage JupyterLab qui rend l'interface française sans action de l'utilisateur.
CLE_TRADUCTION = "@jupyterlab/translation-extension:plugin"
LANGUE = "fr_FR"

# pytest : code de sortie « aucun test collecté ».
PYTEST_AUCUN_TEST = 5


def _afficher(message: str) -> None:
    """Écrit un message du script sur la sortie d'erreur, préfixé de ``[taches]``."""
    print(f"[taches] {message}", file=sys.stderr, flush=True)


def est_root() -> bool:
    """Indique si le script tourne en superutilisateur (root) sous un système POSIX."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def executable_venv(nom: str, dossier_venv: Path = VENV) -> Path:
    """Chemin d'un exécutable (``python``, ``jupyter-lab``...) installé dans l'environnement."""
    sous_dossier = "Scripts" if os.name == "nt" else "bin"
    suffixe = ".exe" if os.name == "nt" else ""
    return dossier_venv / sous_dossier / f"{nom}{suffixe}"


def fichier_overrides(dossier_venv: Path = VENV) -> Path:
    """Fichier des réglages par défaut de JupyterLab propres à l'environnement."""
    return dossier_venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def _empreinte_installation() -> str:
    """Empreinte SHA-256 de ce qui décide de l'installation (pyproject et contraintes)."""
    empreinte = hashlib.sha256()
    for fichier in (PYPROJECT, CONTRAINTES):
        empreinte.update(fichier.name.encode())
        empreinte.update(fichier.read_bytes())
    return empreinte.hexdigest()


def _tampon(dossier_venv: Path) -> Path:
    return dossier_venv / ".taches-installation"


def ecrire_langue_par_defaut(dossier_venv: Path = VENV) -> Path:
    """Rend JupyterLab français par défaut en complétant ``overrides.json`` de l'environnement.

    Les autres réglages déjà présents dans le fichier sont conservés.

    Returns:
        Le chemin du fichier écrit.
    """
    fichier = fichier_overrides(dossier_venv)
    reglages = json.loads(fichier.read_text(encoding="utf-8")) if fichier.exists() else {}
    reglages.setdefault(CLE_TRADUCTION, {})["locale"] = LANGUE
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text(json.dumps(reglages, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return fichier


def preparer_environnement(dossier_venv: Path = VENV) -> None:
    """Crée ``.venv`` au besoin, y installe le projet et rend JupyterLab français.

    L'installation (``pip install -c contraintes -e .[cours,tests,hub]``) est sautée quand le
    tampon laissé par la précédente correspond encore à ``pyproject.toml`` et aux contraintes.

    Raises:
        subprocess.CalledProcessError: si pip échoue.
    """
    python = executable_venv("python", dossier_venv)
    if not python.exists():
        _afficher(f"Création de l'environnement {dossier_venv}...")
        venv.EnvBuilder(with_pip=True, clear=dossier_venv.exists()).create(dossier_venv)
    empreinte = _empreinte_installation()
    tampon = _tampon(dossier_venv)
    if tampon.exists() and tampon.read_text(encoding="utf-8").strip() == empreinte:
        _afficher("Environnement à jour (pyproject.toml et contraintes inchangés).")
    else:
        _afficher("Installation des dépendances (une à deux minutes la première fois)...")
        debut = time.monotonic()
        tampon.unlink(missing_ok=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-c",
                str(CONTRAINTES),
                "-e",
                f"{RACINE}[{EXTRAS}]",
            ],
            check=True,
        )
        tampon.write_text(empreinte + "\n", encoding="utf-8")
        _afficher(f"Installation terminée en {time.monotonic() - debut:.0f} s.")
    ecrire_langue_par_defaut(dossier_venv)


def commande_jupyter_lab(
    *,
    port: int | None = None,
    ip: str | None = None,
    sans_navigateur: bool = False,
    options: tuple[str, ...] | list[str] = (),
    dossier_venv: Path = VENV,
) -> list[str]:
    """Ligne de commande qui ouvre le cours dans JupyterLab.

    La commande doit être lancée depuis :data:`DOSSIER_COURS` : nbgrader (formgrader,
    liste des devoirs) ne lit ``course/nbgrader_config.py`` que dans le dossier courant du
    serveur, et la racine des carnets est ce même dossier.

    Args:
        port: port d'écoute (sinon celui de Jupyter, 8888 ou le suivant libre).
        ip: adresse d'écoute (sinon ``localhost``).
        sans_navigateur: ne pas ouvrir de navigateur.
        options: options supplémentaires pour ``jupyter lab`` (jeton, dossiers...).
        dossier_venv: environnement où ``jupyter-lab`` est installé.

    Returns:
        La liste des arguments, exécutable compris.
    """
    commande = [str(executable_venv("jupyter-lab", dossier_venv)), f"--ServerApp.root_dir={DOSSIER_COURS}"]
    if port is not None:
        commande.append(f"--port={port}")
    if ip is not None:
        commande.append(f"--ip={ip}")
    if sans_navigateur:
        commande.append("--no-browser")
    if est_root():
        commande.append("--allow-root")
    commande.extend(options)
    return commande


def installer_chromium() -> None:
    """Installe le Chromium de Debian (tests navigateur) s'il manque et si c'est possible.

    Il faut être root et disposer d'``apt-get`` ; sinon un message explique que les tests
    navigateur seront sautés (ou échoueront en CI, où ``CI`` est défini).

    Raises:
        subprocess.CalledProcessError: si ``apt-get`` échoue.
    """
    if CHROMIUM.exists():
        return
    if not est_root() or shutil.which("apt-get") is None:
        _afficher(
            f"{CHROMIUM} est absent : les tests navigateur seront sautés "
            "(installez le paquet Debian « chromium » pour les lancer)."
        )
        return
    _afficher("Installation de Chromium (paquet Debian) pour les tests navigateur...")
    environnement = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, env=environnement)
    subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, env=environnement)


#: ``configurable-http-proxy`` (registre npm), le mandataire de JupyterHub (tests de deploy/).
MANDATAIRE = "configurable-http-proxy@4.6.3"
DOSSIER_OUTILS = RACINE / ".outils"


def installer_mandataire() -> None:
    """Installe ``configurable-http-proxy`` dans ``.outils/`` avec npm, s'il manque et si npm est là.

    Sans npm, un message dit que le test JupyterHub ne pourra pas tourner (il échoue en CI).
    """
    if (DOSSIER_OUTILS / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return
    if shutil.which("npm") is None:
        _afficher("npm est absent : le test JupyterHub (tests/test_jupyterhub.py) ne pourra pas tourner.")
        return
    _afficher(f"Installation de {MANDATAIRE} (registre npm) pour le test JupyterHub...")
    DOSSIER_OUTILS.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(DOSSIER_OUTILS), MANDATAIRE], check=True
    )


#: Options de pytest pour toute la suite (pytest-xdist) : les tests d'un même fichier restent
#: dans le même processus (leurs fixtures de module, le hub JupyterHub, un serveur Voilà).
PARALLELE = ["-n", "auto", "--dist", "loadfile"]

#: Oracle de la paie (tests/test_paie_openfisca.py) : OpenFisca-France exige numpy<2.4,
#: psutil<6 et pytest<9, incompatibles avec les contraintes du cours ; il vit dans son propre
#: environnement, lancé par tests/test_paie_oracle.py.
OPENFISCA = (
    "openfisca-france==176.1.8",
    "openfisca-core==44.7.1",
    "PyYAML",
    "babel",
    "holidays",
    "pytest-timeout",
)
VENV_OPENFISCA = DOSSIER_OUTILS / "openfisca"


def installer_openfisca() -> None:
    """Crée ``.outils/openfisca`` (venv d'OpenFisca-France pour l'oracle de la paie) s'il manque."""
    if (VENV_OPENFISCA / "bin" / "python").exists():
        return
    _afficher("Environnement OpenFisca-France (oracle de la paie) dans .outils/openfisca...")
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV_OPENFISCA)
    subprocess.run(
        [
            str(VENV_OPENFISCA / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *OPENFISCA,
        ],
        check=True,
    )


def tache_cours(args: argparse.Namespace) -> int:
    """Prépare l'environnement puis remplace le processus par JupyterLab ouvert sur le cours."""
    preparer_environnement()
    commande = commande_jupyter_lab(port=args.port, ip=args.ip, sans_navigateur=args.no_browser)
    _afficher(f"Démarrage de JupyterLab sur {DOSSIER_COURS} (Ctrl+C pour arrêter)...")
    os.chdir(DOSSIER_COURS)
    # Les commandes de l'environnement d'abord : nbgrader lance « alembic » pour créer le carnet de notes.
    os.environ["PATH"] = os.pathsep.join([str(executable_venv("python").parent), os.environ.get("PATH", "")])
    if os.name == "posix":
        os.execv(commande[0], commande)
    return subprocess.call(commande)


def tache_tests(args: argparse.Namespace, options_pytest: list[str]) -> int:
    """Prépare l'environnement et Chromium, lance pytest et rend son code de sortie.

    « Aucun test collecté » (code 5 de pytest) compte comme un échec.
    """
    preparer_environnement()
    installer_chromium()
    installer_mandataire()
    installer_openfisca()
    if not options_pytest:  # toute la suite : un processus pytest par cœur, un fichier par processus
        options_pytest = PARALLELE
    commande = [str(executable_venv("python")), "-m", "pytest", *options_pytest]
    _afficher("Lancement : pytest " + " ".join(options_pytest))
    code = subprocess.call(commande, cwd=RACINE)
    if code == PYTEST_AUCUN_TEST:
        _afficher("Échec : pytest n'a collecté aucun test.")
        return 1
    return code


class _Formateur(argparse.RawDescriptionHelpFormatter):
    """Aide d'argparse avec l'en-tête d'utilisation en français."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)


class _Analyseur(argparse.ArgumentParser):
    """Analyseur d'arguments dont l'aide et les erreurs sont en français."""

    def __init__(self, **kwargs):
        super().__init__(formatter_class=_Formateur, add_help=False, allow_abbrev=False, **kwargs)
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def analyseur() -> argparse.ArgumentParser:
    """Construit l'analyseur de la ligne de commande (aide en français)."""
    principal = _Analyseur(
        prog="python3 scripts/taches.py",
        description="Tâches du cours « Assistant comptable ». Chaque commande prépare d'abord "
        "l'environnement .venv (versions figées de requirements/contraintes.txt).",
    )
    commandes = principal.add_subparsers(
        title="commandes", dest="commande", metavar="{cours,tests}", parser_class=_Analyseur
    )
    cours = commandes.add_parser(
        "cours",
        help="ouvrir le cours dans JupyterLab, en français, avec nbgrader",
        description="Ouvre le dossier course/ dans JupyterLab (interface en français, extensions nbgrader).",
    )
    cours.add_argument("--no-browser", action="store_true", help="ne pas ouvrir de navigateur")
    cours.add_argument("--port", type=int, help="port d'écoute de JupyterLab (défaut : 8888)")
    cours.add_argument("--ip", help="adresse d'écoute de JupyterLab (défaut : localhost)")
    commandes.add_parser(
        "tests",
        help="lancer les tests (options suivantes transmises à pytest)",
        description="Installe Chromium s'il manque (root et apt-get), puis lance pytest ; "
        "toutes les autres options sont transmises à pytest, par exemple : tests -x -q -k installation.",
    )
    return principal


def main(argv: list[str] | None = None) -> int:
    """Point d'entrée : analyse la ligne de commande et lance la tâche demandée."""
    principal = analyseur()
    args, reste = principal.parse_known_args(argv)
    if args.commande is None:
        principal.error("indiquez une commande : cours ou tests")
    try:
        if args.commande == "cours":
            if reste:
                principal.error("options non reconnues : " + " ".join(reste))
            return tache_cours(args)
        return tache_tests(args, reste)
    except subprocess.CalledProcessError as erreur:
        _afficher(f"Échec de la commande ({erreur.returncode}) : {' '.join(map(str, erreur.cmd))}")
        return erreur.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
