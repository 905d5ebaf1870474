"""Outil du formateur : préparer, diffuser, corriger et restituer les devoirs nbgrader.

``python -m graders.formateur <commande>`` (ou ``formateur <commande>``), lancé depuis la racine
du dépôt ou depuis ``course/`` ; ``--cours DOSSIER`` désigne un autre dossier de cours. Les
commandes, dans l'ordre d'une session de formation :

``init``        secret du cours, liens ``source/<devoir>``, configuration nbgrader vérifiée ;
``apprenants``  inscrit les apprenants d'un fichier CSV dans le carnet de notes nbgrader ;
``jetons``      jeton de variante de chaque apprenant (CSV à remettre, ``jetons.json`` à déposer) ;
``publier``     génère la version apprenant, la contrôle (aucune fuite) et la diffuse ;
``ramasser``    ramasse les copies par l'échange nbgrader ;
``corriger``    correction en parallèle, recorrection de confiance, rapport d'incidents ;
``retours``     retours (« feedback ») générés, contrôlés puis diffusés ;
``grille``      grille de compétences du jury (XLSX, HTML) et synthèse de classe.

Chaque commande est une fonction (``init(cours)``, ``corriger(cours, devoir)``...) qui rend le
code de sortie ; les erreurs du formateur (fichier manquant, devoir inconnu) lèvent
:class:`ErreurFormateur` avec un message en français.

**Correction de confiance.** ``nbgrader autograde`` exécute le code de l'apprenant dans un noyau ;
ce code peut remplacer le correcteur ou la façon dont une note s'affiche. Chaque copie est donc
corrigée deux fois : par nbgrader (un processus par apprenant, avec son seul jeton dans
``ASSISTANT_COMPTABLE_JETON``, jamais le secret du cours), puis par ce processus-ci, où aucun
code d'apprenant n'a tourné, à partir des réponses enregistrées (``reponses.json``) et du module
de correction du formateur. La seconde note fait foi ; tout écart est signalé.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TextIO

from graders import criteres as referentiel
from graders import reponses, variantes

# --- Réglages ----------------------------------------------------------------------------

FICHIER_DEVOIRS = "devoirs.yaml"
TYPES_DE_DEVOIR = {"entrainement": "entraînement", "examen": "examen (mise en situation professionnelle)"}
VARIABLE_ECHANGE = "ECHANGE_NBGRADER"

DELAI_BASE_SQLITE = 60
"""Secondes qu'un processus nbgrader attend un carnet de notes SQLite verrouillé par un autre.

Passé à pysqlite par l'adresse de la base (``sqlite:///…/gradebook.db?timeout=60``), que
SQLAlchemy transmet à ``sqlite3.connect`` ; sans lui, l'attente est de 5 s.
"""
TENTATIVES_MAX = 3
"""Essais d'une copie quand nbgrader échoue sur « database is locked » (l'autograde est rejouable)."""
MARGE_COPIE = 60
"""Secondes ajoutées au délai par cellule pour la limite d'une copie entière (au-delà, elle est arrêtée)."""

SEUIL_ACQUIS = Decimal("0.8")
"""Part des points, toutes cellules d'un critère réunies, à partir de laquelle le critère est « acquis »."""
SEUIL_EN_COURS = Decimal("0.5")
"""Part des points à partir de laquelle un critère est « en cours » (en dessous : « non acquis »)."""
ACQUIS, EN_COURS, NON_ACQUIS, NON_EVALUE = "acquis", "en cours", "non acquis", "non évalué"
STATUTS = (ACQUIS, EN_COURS, NON_ACQUIS, NON_EVALUE)

LIBELLES_DIAGNOSTICS = {
    "inversion_debit_credit": "ont inversé débit et crédit",
    "inversion_totale": "ont inversé débit et crédit sur toute l'écriture",
    "ht_au_lieu_de_ttc": "ont porté le HT au lieu du TTC sur le compte de tiers",
    "mauvais_compte_tva": "se sont trompés de compte de TVA",
    "montant_faux": "ont donné un montant faux",
    "ligne_manquante": "ont oublié une ligne",
    "ligne_en_trop": "ont ajouté une ligne en trop",
    "mauvais_journal": "se sont trompés de journal",
    "mauvaise_date": "se sont trompés de date",
    "desequilibre": "ont saisi une écriture déséquilibrée",
    "reponse_absente": "n'ont pas répondu",
    "reponse_refusee": "ont donné une réponse refusée par le noyau comptable",
    "signe_inverse": "ont inversé le signe du montant",
    "virgule": "ont mal placé la virgule",
}
"""Libellé français de chaque code de diagnostic des correcteurs (``Verdict.diagnostics``)."""

IGNORES_NBGRADER = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", reponses.FICHIER_REPONSES)
"""Fichiers jamais copiés par nbgrader : ceux de nbgrader, plus ``reponses.json`` (une copie
corrigée ne garde que les réponses enregistrées pendant la correction, et la version apprenant
jamais celles du formateur)."""

MOTIFS_INTERDITS = (
    (re.compile(r"BEGIN SOLUTION|END SOLUTION"), "balise de solution"),
    (re.compile(r"BEGIN HIDDEN TESTS|END HIDDEN TESTS"), "balise de tests cachés"),
    (re.compile(r"=== BEGIN|=== END"), "balise de réponse rédigée"),
    (re.compile(r"\b(?:from|import)\s+(?:[\w.]+\.)?corrections\b"), "import du module de correction"),
    (re.compile(r"\bmodule_de_correction\b|\bcorrections[/\\]"), "accès au dossier corrections/"),
    (re.compile(r"\bcorriger\("), "appel du correcteur (corriger)"),
)
"""Ce qui ne doit jamais sortir vers les apprenants (version diffusée)."""

CHROMIUM = Path("/usr/bin/chromium")
OPTIONS_CHROMIUM = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PRECHARGES = (
    "nbgrader.apps.api",
    "nbgrader.apps.nbgraderapp",
    "nbgrader.preprocessors",
    "nbconvert.preprocessors",
    "nbclient",
    "jupyter_client.localinterfaces",
    "psutil",
    "graders.reponses",
    "graders.variantes",
)
"""Modules importés une fois par le serveur de processus : chaque atelier de correction en part, sans les réimporter."""


class ErreurFormateur(Exception):
    """Erreur d'usage ou de préparation du cours, avec un message en français pour le formateur."""


# --- Le cours : dossiers, configuration nbgrader, carnet de notes ----------------------


@dataclass(frozen=True)
class Cours:
    """Un dossier de cours nbgrader (``course/``) et ses sous-dossiers."""

    racine: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "racine", Path(self.racine).resolve())

    def dossier(self, nom: str) -> Path:
        """Un sous-dossier du cours (``source``, ``release``, ``submitted``, ``autograded``...)."""
        return self.racine / nom

    def copie(self, etape: str, apprenant: str, devoir: str) -> Path:
        """Dossier d'un devoir d'apprenant à une étape nbgrader (``submitted``, ``autograded``, ``feedback``)."""
        return self.racine / etape / apprenant / devoir

    @property
    def rapports(self) -> Path:
        """Dossier des rapports de correction (``course/rapports/``)."""
        return self.racine / "rapports"


def cours_par_defaut() -> Path:
    """Le dossier courant s'il contient ``nbgrader_config.py``, sinon ``./course``."""
    return Path.cwd() if (Path.cwd() / "nbgrader_config.py").exists() else Path("course")


@cache
def _config_nbgrader(chemin: Path, _version: int):
    from traitlets.config.loader import PyFileConfigLoader

    try:
        return PyFileConfigLoader(chemin.name, path=str(chemin.parent)).load_config()
    except Exception as exc:
        raise ErreurFormateur(
            f"La configuration nbgrader {chemin} ne se charge pas ({type(exc).__name__} : {exc}). "
            "nbgrader l'ignorerait sans rien dire : corrigez-la."
        ) from exc


def config_nbgrader(cours: Cours):
    """Les réglages de ``nbgrader_config.py``, exécuté comme le fait nbgrader ; lève s'il est cassé.

    Relu dès que le fichier change (la date de modification fait partie de la clé du cache).
    """
    chemin = cours.racine / "nbgrader_config.py"
    if not chemin.exists():
        raise ErreurFormateur(
            f"Pas de configuration nbgrader dans {cours.racine} : est-ce bien le dossier du cours ?"
        )
    return _config_nbgrader(chemin, chemin.stat().st_mtime_ns)


def identifiant_cours(cours: Cours) -> str:
    """L'identifiant nbgrader du cours (``CourseDirectory.course_id``)."""
    return config_nbgrader(cours).CourseDirectory.get("course_id", "default_course")


def url_base(cours: Cours) -> str:
    """Adresse du carnet de notes, avec l'attente sur verrou :data:`DELAI_BASE_SQLITE` pour SQLite."""
    url = config_nbgrader(cours).CourseDirectory.get("db_url", f"sqlite:///{cours.racine / 'gradebook.db'}")
    if url.startswith("sqlite:") and "timeout=" not in url:
        url += ("&" if "?" in url else "?") + f"timeout={DELAI_BASE_SQLITE}"
    return url


def delai_par_cellule(cours: Cours) -> int:
    """Délai d'exécution d'une cellule pendant la correction (``Execute.timeout``, 30 s par défaut)."""
    return int(config_nbgrader(cours).Execute.get("timeout", 30))


def _environnement() -> dict[str, str]:
    """Environnement des commandes nbgrader : le dossier des exécutables de l'environnement en tête
    du ``PATH`` (nbgrader appelle ``alembic``)."""
    environnement = dict(os.environ)
    dossier = str(Path(sys.executable).parent)
    chemins = environnement.get("PATH", "").split(os.pathsep)
    if chemins[:1] != [dossier]:
        environnement["PATH"] = os.pathsep.join([dossier, *chemins])
    return environnement


@contextmanager
def carnet_de_notes(cours: Cours) -> Iterator:
    """Le carnet de notes nbgrader du cours (``nbgrader.api.Gradebook``), fermé à la sortie."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = _environnement()["PATH"]
    with Gradebook(url_base(cours), identifiant_cours(cours)) as carnet:
        yield carnet


def nbgrader(cours: Cours, *arguments: str) -> subprocess.CompletedProcess:
    """Lance une commande nbgrader depuis la racine du cours (sortie capturée)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=cours.racine,
        env=_environnement(),
        capture_output=True,
        text=True,
        check=False,
    )


def _option_ignores() -> str:
    return "--CourseDirectory.ignore=" + json.dumps(list(IGNORES_NBGRADER))


def _echec_nbgrader(commande: str, resultat: subprocess.CompletedProcess) -> int:
    fin = (resultat.stdout + resultat.stderr).strip().splitlines()[-15:]
    print(f"Échec de « nbgrader {commande} » (code {resultat.returncode}) :", file=sys.stderr)
    print("\n".join("  " + ligne for ligne in fin), file=sys.stderr)
    return 1


def echange_configure() -> Path | None:
    """Le dossier d'échange nbgrader (variable ``ECHANGE_NBGRADER``), s'il existe."""
    valeur = os.environ.get(VARIABLE_ECHANGE)
    return Path(valeur) if valeur and Path(valeur).is_dir() else None


def _nombre(valeur: float | Decimal | None) -> str:
    """Un nombre de points à la française, sans zéros inutiles (``2,5``, ``3``)."""
    if valeur is None:
        return "—"
    return format(Decimal(str(valeur)).normalize(), "f").replace(".", ",")


def _pourcentage(part: int, total: int) -> str:
    from compta_kernel.presentation import format_taux

    return format_taux(Decimal(part) / Decimal(total), 0) if total else "—"


# --- Les devoirs : dossiers et déclaration (devoirs.yaml) -------------------------------


@dataclass(frozen=True)
class Devoir:
    """Un devoir déclaré dans ``devoirs.yaml`` : bloc du référentiel, type, titre."""

    id: str
    bloc: str
    type: str
    titre: str


def devoirs_declares(cours: Cours) -> dict[str, Devoir]:
    """Les devoirs de ``<cours>/devoirs.yaml``, vérifiés (type connu, bloc B1 à B4)."""
    import yaml

    chemin = cours.racine / FICHIER_DEVOIRS
    if not chemin.exists():
        raise ErreurFormateur(f"Fichier des devoirs introuvable : {chemin}")
    donnees = yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}
    resultat, erreurs = {}, []
    for ident, champs in donnees.items():
        champs = champs or {}
        type_devoir, bloc = champs.get("type"), str(champs.get("bloc", ""))
        if type_devoir not in TYPES_DE_DEVOIR:
            erreurs.append(f"{ident} : type « {type_devoir} » inconnu (entrainement ou examen)")
        if not re.fullmatch(r"B[1-4]", bloc):
            erreurs.append(f"{ident} : bloc « {bloc} » inconnu (B1 à B4)")
        resultat[ident] = Devoir(ident, bloc, str(type_devoir), str(champs.get("titre", ident)))
    if erreurs:
        raise ErreurFormateur(f"{chemin} : " + " ; ".join(erreurs))
    return resultat


def dossiers_de_devoirs(cours: Cours) -> dict[str, Path]:
    """Les dossiers de devoirs ``bloc*/<devoir>/`` qui contiennent un carnet."""
    return {
        dossier.name: dossier
        for dossier in sorted(cours.racine.glob("bloc*/*/"))
        if dossier.is_dir() and any(dossier.glob("*.ipynb"))
    }


def carnets_sources(cours: Cours, devoir: str) -> list[Path]:
    """Les carnets formateur d'un devoir (``source/<devoir>/*.ipynb``)."""
    return sorted((cours.dossier("source") / devoir).glob("*.ipynb"))


# --- init ---------------------------------------------------------------------------------


def init(cours: Cours) -> int:
    """Prépare le cours : secret (droits 600), liens ``source/<devoir>``, configuration nbgrader vérifiée."""
    secret = cours.racine / variantes.FICHIER_SECRET_COURS
    if secret.exists():
        if secret.stat().st_mode & 0o077:
            secret.chmod(0o600)
            print(f"Droits du secret ramenés à 600 : {secret}")
        print(f"Secret du cours : {secret} (déjà présent, conservé).")
    else:
        variantes.creer_secret(secret)
        print(f"Secret du cours créé : {secret} (droits 600, à ne jamais diffuser ni versionner).")

    source = cours.dossier("source")
    source.mkdir(exist_ok=True)
    for nom, dossier in dossiers_de_devoirs(cours).items():
        lien, cible = source / nom, Path(os.path.relpath(dossier, source))
        if lien.is_symlink() and Path(os.readlink(lien)) == cible:
            continue
        if lien.exists() and not lien.is_symlink():
            print(f"Attention : {lien} est un vrai dossier, pas un lien ; laissé tel quel.")
            continue
        if lien.is_symlink():
            lien.unlink()
        lien.symlink_to(cible, target_is_directory=True)
        print(f"Lien créé : source/{nom} → {cible}")
    for lien in sorted(source.iterdir()):
        if lien.is_symlink() and not lien.exists():
            lien.unlink()
            print(f"Lien mort retiré : source/{lien.name}")

    config = config_nbgrader(cours)
    preprocesseurs = [
        getattr(p, "__name__", str(p)) for p in config.GenerateFeedback.get("preprocessors", [])
    ]
    print(
        f"Configuration nbgrader lue : cours « {identifiant_cours(cours)} », carnet de notes {url_base(cours)}."
    )
    if "ClearHiddenTests" not in preprocesseurs:
        print("Attention : les retours ne retirent pas les tests cachés (ClearHiddenTests absent).")
    echange = echange_configure()
    print(f"Échange nbgrader : {echange}." if echange else "Échange nbgrader : non configuré (usage local).")

    declares = devoirs_declares(cours)
    for nom in dossiers_de_devoirs(cours):
        if nom not in declares:
            print(f"Attention : le devoir {nom} n'est pas déclaré dans {FICHIER_DEVOIRS}.")
        if not (cours.dossier("corrections") / f"{nom}.py").exists():
            print(f"Attention : pas de correction pour {nom} (corrections/{nom}.py).")
    for nom in declares:
        if nom not in dossiers_de_devoirs(cours):
            print(
                f"Attention : {nom} est déclaré dans {FICHIER_DEVOIRS} mais n'a pas de dossier bloc*/{nom}/."
            )
    return 0


# --- apprenants ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Apprenant:
    """Un apprenant à inscrire : identifiant (celui de JupyterHub), nom, prénom, courriel."""

    id: str
    nom: str
    prenom: str
    email: str


_COLONNES = {
    "id": "id",
    "identifiant": "id",
    "apprenant": "id",
    "nom": "nom",
    "last_name": "nom",
    "prenom": "prenom",
    "first_name": "prenom",
    "email": "email",
    "courriel": "email",
    "mel": "email",
}
_IDENTIFIANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]*")


def _sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))


def lire_apprenants(chemin: Path) -> tuple[list[Apprenant], list[str]]:
    """Lit un CSV d'apprenants (colonnes id, nom, prénom, email ; séparateur « , » ou « ; »).

    Returns:
        Les apprenants lus et les erreurs, chacune avec son numéro de ligne (toutes, pas la première).
    """
    texte = chemin.read_text(encoding="utf-8-sig")
    separateur = ";" if texte.splitlines()[0].count(";") > texte.splitlines()[0].count(",") else ","
    lignes = csv.DictReader(texte.splitlines(), delimiter=separateur)
    correspondance = {
        nom: _COLONNES.get(_sans_accents(nom).strip().lower().replace("-", "_").replace(" ", "_"))
        for nom in lignes.fieldnames or ()
    }
    if "id" not in correspondance.values():
        return [], [f"{chemin} : colonne « id » absente (colonnes lues : {', '.join(correspondance)})"]
    apprenants, erreurs, vus = [], [], set()
    for numero, ligne in enumerate(lignes, start=2):
        champs = {correspondance[k]: (v or "").strip() for k, v in ligne.items() if correspondance.get(k)}
        ident = champs.get("id", "")
        if not _IDENTIFIANT.fullmatch(ident):
            erreurs.append(f"ligne {numero} : identifiant « {ident} » invalide (lettres, chiffres, . _ - @)")
        elif ident in vus:
            erreurs.append(f"ligne {numero} : identifiant « {ident} » en double")
        else:
            vus.add(ident)
            apprenants.append(
                Apprenant(ident, champs.get("nom", ""), champs.get("prenom", ""), champs.get("email", ""))
            )
    return apprenants, erreurs


def apprenants(cours: Cours, fichier_csv: Path) -> int:
    """Inscrit (ou met à jour) les apprenants d'un CSV dans le carnet de notes nbgrader."""
    lus, erreurs = lire_apprenants(Path(fichier_csv))
    if erreurs:
        print(f"{len(erreurs)} erreur(s) dans {fichier_csv}, aucun apprenant inscrit :", file=sys.stderr)
        for erreur in erreurs:
            print(f"  - {erreur}", file=sys.stderr)
        return 1
    with carnet_de_notes(cours) as carnet:
        connus = {s.id for s in carnet.students}
        for a in lus:
            carnet.update_or_create_student(a.id, first_name=a.prenom, last_name=a.nom, email=a.email or None)
        total = len(carnet.students)
    nouveaux = sum(1 for a in lus if a.id not in connus)
    print(
        f"{nouveaux} apprenant(s) inscrit(s), {len(lus) - nouveaux} mis à jour ; {total} au carnet de notes."
    )
    return 0


def _inscrits(cours: Cours) -> list[str]:
    with carnet_de_notes(cours) as carnet:
        return sorted(s.id for s in carnet.students)


# --- jetons -------------------------------------------------------------------------------


def jetons(cours: Cours, devoir: str, sortie: Path | None = None) -> int:
    """Écrit le jeton de variante de chaque apprenant : un CSV à remettre et un ``jetons.json`` par apprenant.

    ``<sortie>/<apprenant>/jetons.json`` (``{devoir: jeton}``, complété devoir après devoir) se
    dépose dans ``~/.assistant-comptable/`` de l'apprenant.
    """
    secret = variantes.lire_secret_cours(cours.racine)
    with carnet_de_notes(cours) as carnet:
        inscrits = sorted(carnet.students, key=lambda s: s.id)
        fiches = [(s.id, s.first_name or "", s.last_name or "", s.email or "") for s in inscrits]
    if not fiches:
        raise ErreurFormateur(
            "Aucun apprenant inscrit : lancez d'abord « formateur apprenants --csv FICHIER »."
        )
    sortie = Path(sortie) if sortie else cours.racine / "jetons"
    sortie.mkdir(parents=True, exist_ok=True, mode=0o700)
    tableau = sortie / f"jetons_{devoir}.csv"
    with tableau.open("w", encoding="utf-8-sig", newline="") as fichier:
        ecrivain = csv.writer(fichier, delimiter=";")
        ecrivain.writerow(["apprenant", "prénom", "nom", "email", "devoir", "jeton"])
        for ident, prenom, nom, email in fiches:
            ecrivain.writerow([ident, prenom, nom, email, devoir, variantes.jeton(secret, ident, devoir)])
    tableau.chmod(0o600)
    for ident, *_ in fiches:
        dossier = sortie / ident
        dossier.mkdir(exist_ok=True, mode=0o700)
        chemin = dossier / "jetons.json"
        connus = json.loads(chemin.read_text(encoding="utf-8")) if chemin.exists() else {}
        connus[devoir] = variantes.jeton(secret, ident, devoir)
        chemin.write_text(json.dumps(connus, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        chemin.chmod(0o600)
    print(f"Jetons du devoir {devoir} pour {len(fiches)} apprenant(s) : {tableau}")
    print(
        f"Fichiers à déposer dans ~/.assistant-comptable/ de chaque apprenant : {sortie}/<apprenant>/jetons.json"
    )
    return 0


# --- publier ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fuite:
    """Quelque chose qui ne doit pas sortir : où, quoi, et l'extrait en cause."""

    fichier: str
    motif: str
    extrait: str = ""

    def __str__(self) -> str:
        return f"{self.fichier} : {self.motif}" + (f" — « {self.extrait} »" if self.extrait else "")


def _secrets(cours: Cours, devoir: str) -> dict[str, str]:
    """Valeurs qui ne doivent jamais sortir : le secret du cours et le jeton de chaque apprenant."""
    valeurs = {}
    chemin = cours.racine / variantes.FICHIER_SECRET_COURS
    if chemin.exists():
        secret = variantes.lire_secret_cours(cours.racine)
        valeurs[secret.hex()] = "secret du cours"
        for ident in _inscrits(cours):
            valeurs[variantes.jeton(secret, ident, devoir)] = f"jeton de {ident}"
    return valeurs


def _extrait(texte: str, debut: int) -> str:
    ligne_debut = texte.rfind("\n", 0, debut) + 1
    ligne_fin = texte.find("\n", debut)
    return texte[ligne_debut : ligne_fin if ligne_fin >= 0 else None].strip()[:120]


def scanner_diffusion(cours: Cours, devoir: str) -> list[Fuite]:
    """Contrôle la version apprenant (``release/<devoir>/**``) avant sa diffusion.

    Cherche les balises de solution et de tests cachés, tout import ou appel du module de
    correction, tout fichier venu de ``corrections/``, ``reponses.json`` (réponses enregistrées du
    formateur), le secret du cours et les jetons des apprenants.
    """
    dossier = cours.dossier("release") / devoir
    if not dossier.is_dir():
        return [Fuite(f"release/{devoir}", "version apprenant absente")]
    secrets = _secrets(cours, devoir)
    corrections = cours.dossier("corrections")
    noms_corrections = (
        {p.name for p in corrections.glob("*") if p.is_file()} if corrections.exists() else set()
    )
    empreintes = (
        {hashlib.sha256(p.read_bytes()).hexdigest() for p in corrections.rglob("*") if p.is_file()}
        if corrections.exists()
        else set()
    )
    fuites = []
    for fichier in sorted(p for p in dossier.rglob("*") if p.is_file()):
        relatif = str(fichier.relative_to(cours.racine))
        contenu = fichier.read_bytes()
        if "corrections" in fichier.parts[len(dossier.parts) :] or fichier.name in noms_corrections:
            fuites.append(Fuite(relatif, "fichier du dossier corrections/"))
        elif hashlib.sha256(contenu).hexdigest() in empreintes:
            fuites.append(Fuite(relatif, "copie d'un fichier du dossier corrections/"))
        if fichier.name == reponses.FICHIER_REPONSES:
            fuites.append(Fuite(relatif, "réponses enregistrées (reponses.json du formateur)"))
        if fichier.name == variantes.FICHIER_SECRET_COURS:
            fuites.append(Fuite(relatif, "fichier du secret du cours"))
        texte = contenu.decode("utf-8", errors="replace")
        for motif, description in MOTIFS_INTERDITS:
            trouve = motif.search(texte)
            if trouve:
                fuites.append(Fuite(relatif, description, _extrait(texte, trouve.start())))
        minuscule = texte.lower()
        for valeur, description in secrets.items():
            if valeur in minuscule:
                fuites.append(Fuite(relatif, description))
    return fuites


def publier(
    cours: Cours, devoir: str | None = None, type_devoir: str | None = None, *, controle_seul: bool = False
) -> int:
    """Génère, contrôle et diffuse un devoir, ou tous les devoirs d'un type (``--type examen``).

    Avec ``controle_seul``, contrôle la version apprenant déjà générée (``release/<devoir>/``,
    retouchée à la main par exemple) sans la régénérer ni la diffuser.
    """
    declares = devoirs_declares(cours)
    if devoir:
        if devoir not in declares:
            raise ErreurFormateur(f"Devoir « {devoir} » non déclaré dans {cours.racine / FICHIER_DEVOIRS}.")
        if type_devoir and declares[devoir].type != type_devoir:
            raise ErreurFormateur(
                f"Le devoir {devoir} est de type {declares[devoir].type}, pas {type_devoir} : rien n'est diffusé."
            )
        choisis = [declares[devoir]]
    elif type_devoir:
        choisis = [d for d in declares.values() if d.type == type_devoir]
        if not choisis:
            raise ErreurFormateur(f"Aucun devoir de type {type_devoir} dans {FICHIER_DEVOIRS}.")
    else:
        raise ErreurFormateur("Précisez un devoir, ou un type de devoirs (--type entrainement ou examen).")
    return max(_publier_un(cours, d, controle_seul) for d in choisis)


def _publier_un(cours: Cours, devoir: Devoir, controle_seul: bool) -> int:
    print(
        f"{'Contrôle' if controle_seul else 'Diffusion'} du devoir « {devoir.id} » — "
        f"{TYPES_DE_DEVOIR[devoir.type]} — bloc {devoir.bloc} : {devoir.titre}"
    )
    diffuse = cours.dossier("release") / devoir.id
    if not controle_seul:
        resultat = nbgrader(cours, "generate_assignment", devoir.id, "--force", _option_ignores())
        if resultat.returncode or not any(diffuse.glob("*.ipynb")):
            return _echec_nbgrader("generate_assignment", resultat)
    fuites = scanner_diffusion(cours, devoir.id)
    if fuites:
        print(
            f"DIFFUSION REFUSÉE : {len(fuites)} fuite(s) dans la version apprenant de {devoir.id} :",
            file=sys.stderr,
        )
        for fuite in fuites:
            print(f"  - {fuite}", file=sys.stderr)
        shutil.rmtree(diffuse)
        print(
            f"La version apprenant ({diffuse}) a été supprimée. Corrigez le carnet source.", file=sys.stderr
        )
        return 1
    fichiers = sum(1 for p in diffuse.rglob("*") if p.is_file())
    print(f"Contrôle de la version apprenant : aucune fuite ({fichiers} fichier(s) vérifié(s)).")
    if controle_seul:
        return 0
    if echange_configure():
        resultat = nbgrader(cours, "release_assignment", devoir.id, "--force")
        if resultat.returncode:
            return _echec_nbgrader("release_assignment", resultat)
        print(f"Devoir diffusé par l'échange nbgrader ({echange_configure()}).")
    else:
        print(f"Échange non configuré : distribuez le dossier {diffuse} aux apprenants.")
    return 0


# --- ramasser -----------------------------------------------------------------------------


def ramasser(cours: Cours, devoir: str) -> int:
    """Ramasse les copies rendues par l'échange nbgrader (``nbgrader collect``)."""
    if not echange_configure():
        print(
            "Aucun échange nbgrader configuré (variable ECHANGE_NBGRADER) : rien à ramasser.\n"
            f"Sans échange, déposez chaque copie dans {cours.dossier('submitted')}/<apprenant>/{devoir}/ "
            "(le carnet rendu et son fichier timestamp.txt), puis lancez « formateur corriger ».",
            file=sys.stderr,
        )
        return 1
    resultat = nbgrader(cours, "collect", devoir, "--update")
    if resultat.returncode:
        return _echec_nbgrader("collect", resultat)
    rendus = _rendus(cours, devoir)
    print(f"{len(rendus)} copie(s) ramassée(s) pour {devoir} dans {cours.dossier('submitted')}.")
    return 0


def _rendus(cours: Cours, devoir: str) -> list[str]:
    dossier = cours.dossier("submitted")
    return (
        sorted(p.parent.name for p in dossier.glob(f"*/{devoir}") if p.is_dir()) if dossier.exists() else []
    )


# --- corriger : nbgrader en parallèle ------------------------------------------------------


@dataclass
class Copie:
    """Le passage de ``nbgrader autograde`` sur la copie d'un apprenant."""

    apprenant: str
    rendue: bool = True
    code: int | None = None
    duree_s: float = 0.0
    tentatives: int = 0
    arretee: bool = False
    journal: str = ""


class Progression:
    """Barre de progression en français sur la sortie d'erreur (une ligne par copie hors terminal)."""

    def __init__(self, total: int, titre: str, flux: TextIO | None = None) -> None:
        self.total, self.titre, self.faits = total, titre, 0
        self.flux = flux or sys.stderr
        self.terminal = self.flux.isatty()

    def avancer(self, message: str) -> None:
        """Compte une copie de plus et affiche l'avancement."""
        self.faits += 1
        largeur = 24
        plein = largeur * self.faits // max(self.total, 1)
        barre = "█" * plein + "░" * (largeur - plein)
        texte = f"{self.titre} [{barre}] {self.faits}/{self.total} — {message}"
        if self.terminal:
            print(
                "\r\x1b[2K" + texte, end="" if self.faits < self.total else "\n", file=self.flux, flush=True
            )
        else:
            print(texte, file=self.flux, flush=True)


def _atelier(racine: str, devoir: str, surcharges: dict, connexion) -> None:
    """Processus de correction : reçoit les copies une à une et les fait corriger par nbgrader.

    Pour chaque ``(apprenant, jeton, journal)`` reçu, l'atelier met le jeton de l'apprenant dans
    son environnement (le noyau, lancé ensuite, en hérite ; le secret du cours n'y est jamais),
    dirige ses sorties et celles du noyau vers le journal de la copie, lance
    ``NbGraderAPI.autograde`` (ce que fait ``nbgrader autograde DEVOIR --student APPRENANT``) et
    renvoie la réussite. ``None`` reçu : fin du travail.
    """
    os.setsid()
    os.chdir(racine)
    os.environ.update(_environnement())
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = _config_nbgrader(Path(racine) / "nbgrader_config.py", 0)
    config.merge(Config(surcharges))
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    while (tache := connexion.recv()) is not None:
        apprenant, jeton, journal = tache
        os.environ[variantes.VARIABLE_JETON] = jeton
        sys.stdout.flush()
        sys.stderr.flush()
        descripteur = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(descripteur, 1)
        os.dup2(descripteur, 2)
        os.close(descripteur)
        resultat = api.autograde(devoir, apprenant, force=True, create=True)
        print(resultat.get("log", ""), resultat.get("error", ""), sep="\n", flush=True)
        connexion.send((apprenant, bool(resultat["success"])))


def _contexte_processus():
    """Le serveur de processus (``forkserver``) démarré tout de suite, modules nbgrader préchargés.

    Les ateliers de correction naissent de ce serveur, lancé avant que le secret du cours ne
    soit lu : ni leur mémoire ni leur environnement ne le contiennent.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    contexte = multiprocessing.get_context("forkserver")
    contexte.set_forkserver_preload(list(PRECHARGES))
    forkserver.ensure_running()
    return contexte


@dataclass
class _Poste:
    """Un atelier en marche, la copie qu'il corrige et depuis quand."""

    processus: object
    connexion: object
    copie: tuple[str, str] | None = None
    debut: float = 0.0


def autograder_en_parallele(
    cours: Cours,
    devoir: str,
    taches: Sequence[tuple[str, str]],
    *,
    processus: int,
    surcharges: dict,
    limite_s: float,
    journaux: Path,
    contexte=None,
    flux: TextIO | None = None,
) -> dict[str, Copie]:
    """Corrige les copies avec nbgrader dans ``processus`` ateliers qui travaillent en même temps.

    Args:
        taches: ``(apprenant, jeton)`` de chaque copie à corriger.
        surcharges: réglages nbgrader ajoutés à ceux du cours (délai, base, cellules rétablies).
        limite_s: durée au-delà de laquelle une copie est abandonnée (son atelier est arrêté et
            remplacé).
        journaux: dossier des journaux (un par apprenant).

    Une copie qui échoue n'arrête jamais les autres ; une copie tombée sur « database is
    locked » est rejouée (:data:`TENTATIVES_MAX` essais).
    """
    from multiprocessing.connection import wait

    contexte = contexte or _contexte_processus()
    journaux.mkdir(parents=True, exist_ok=True)
    attente = list(taches)
    copies = {a: Copie(a, journal=str(journaux / f"{a}.log")) for a, _ in taches}
    progression = Progression(len(taches), f"Correction de {devoir}", flux)

    def ouvrir() -> _Poste:
        cote_parent, cote_atelier = contexte.Pipe()
        atelier = contexte.Process(
            target=_atelier, args=(str(cours.racine), devoir, surcharges, cote_atelier), daemon=True
        )
        atelier.start()
        cote_atelier.close()
        return _Poste(atelier, cote_parent)

    def confier(poste: _Poste) -> None:
        if not attente:
            poste.connexion.send(None)
            poste.copie = None
            return
        apprenant, jeton = attente.pop(0)
        copies[apprenant].tentatives += 1
        poste.copie, poste.debut = (apprenant, jeton), time.monotonic()
        poste.connexion.send((apprenant, jeton, copies[apprenant].journal))

    def terminer(apprenant: str, jeton: str, code: int, duree: float, arretee: bool = False) -> None:
        copie = copies[apprenant]
        copie.code, copie.arretee = code, arretee
        copie.duree_s = round(copie.duree_s + duree, 2)
        journal = Path(copie.journal).read_text(encoding="utf-8", errors="replace")
        if code and not arretee and "database is locked" in journal and copie.tentatives < TENTATIVES_MAX:
            attente.append((apprenant, jeton))
            return
        etat = "arrêtée" if arretee else "corrigée" if code == 0 else "en échec"
        progression.avancer(f"{apprenant} {etat} ({_nombre(round(duree, 1))} s)")

    postes = [ouvrir() for _ in range(min(processus, len(attente)))]
    for poste in postes:
        confier(poste)
    while any(p.copie for p in postes):
        actifs = [p for p in postes if p.copie]
        prets = set(wait([p.connexion for p in actifs] + [p.processus.sentinel for p in actifs], timeout=1.0))
        for poste in actifs:
            (apprenant, jeton), duree = poste.copie, time.monotonic() - poste.debut
            if poste.connexion in prets:
                try:
                    _, reussi = poste.connexion.recv()
                except EOFError:
                    reussi = None
                if reussi is not None:
                    terminer(apprenant, jeton, 0 if reussi else 1, duree)
                    confier(poste)
                    continue
            if poste.connexion in prets or poste.processus.sentinel in prets or duree > limite_s:
                arretee = poste.processus.is_alive()
                if arretee:
                    os.killpg(poste.processus.pid, signal.SIGKILL)
                poste.processus.join()
                terminer(apprenant, jeton, poste.processus.exitcode or 1, duree, arretee)
                postes[postes.index(poste)] = nouveau = ouvrir()
                confier(nouveau)
    for poste in postes:
        poste.processus.join(timeout=30)
    return copies


# --- corriger : examen des copies et recorrection de confiance ------------------------------


@dataclass(frozen=True)
class Incident:
    """Un fait à signaler au formateur sur une copie (code stable, message en français)."""

    code: str
    message: str
    question: str = ""


@dataclass(frozen=True)
class CelluleNotee:
    """Une cellule notée du devoir, telle que le carnet de notes la connaît."""

    carnet: str
    question: str
    sur: float
    automatique: bool


def _cellules_du_devoir(carnet_notes, devoir: str) -> list[CelluleNotee]:
    devoir_nb = carnet_notes.find_assignment(devoir)
    resultat = []
    for carnet in devoir_nb.notebooks:
        solutions = {c.name for c in carnet.solution_cells}
        for cellule in carnet.grade_cells:
            automatique = cellule.cell_type == "code" and cellule.name not in solutions
            resultat.append(CelluleNotee(carnet.name, cellule.name, cellule.max_score, automatique))
    return resultat


def _normaliser_source(source: str) -> str:
    return "\n".join(ligne.rstrip() for ligne in source.splitlines() if ligne.strip())


def _sans_tests_caches(source: str) -> str:
    return re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", source, flags=re.DOTALL)


def _lire_carnet(chemin: Path) -> dict | None:
    try:
        return json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _meta(cellule: dict) -> dict:
    return cellule.get("metadata", {}).get("nbgrader", {})


def _source(cellule: dict) -> str:
    source = cellule.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def tests_de_reference(cours: Cours, devoir: str) -> dict[str, dict[str, str]]:
    """Le texte des cellules de test tel que les apprenants l'ont reçu, par carnet puis question.

    Lu dans la version diffusée (``release/``) ; à défaut, dans le carnet source sans ses tests cachés.
    """
    resultat: dict[str, dict[str, str]] = {}
    for source in carnets_sources(cours, devoir):
        diffuse = cours.dossier("release") / devoir / source.name
        contenu = _lire_carnet(diffuse if diffuse.exists() else source) or {"cells": []}
        tests = resultat.setdefault(source.stem, {})
        for cellule in contenu["cells"]:
            meta = _meta(cellule)
            if cellule.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
                tests[meta["grade_id"]] = _normaliser_source(_sans_tests_caches(_source(cellule)))
    return resultat


def examiner_copie(
    cours: Cours, devoir: str, copie: Copie, reference: dict[str, dict[str, str]]
) -> list[Incident]:
    """Les incidents d'une copie : délai dépassé, arrêt du noyau, cellules de test supprimées ou
    modifiées, erreur d'une cellule de test, échec de nbgrader."""
    incidents: list[Incident] = []
    journal = Path(copie.journal).read_text(encoding="utf-8", errors="replace") if copie.journal else ""
    if copie.arretee:
        incidents.append(
            Incident(
                "copie_bloquee", "la correction de la copie dépassait la durée limite : elle a été arrêtée"
            )
        )
    elif copie.code and "Kernel died" in journal:
        incidents.append(
            Incident(
                "noyau_arrete",
                "le noyau s'est arrêté pendant l'exécution (os._exit, plantage ?) : nbgrader n'a pas noté la copie",
            )
        )
    elif copie.code:
        erreurs = [ligne for ligne in journal.splitlines() if "ERROR" in ligne or "Error" in ligne]
        detail = erreurs[-1].strip()[:200] if erreurs else f"code {copie.code}"
        incidents.append(Incident("correction_echouee", f"nbgrader n'a pas pu corriger la copie ({detail})"))
    for carnet, tests in reference.items():
        rendu = _lire_carnet(cours.copie("submitted", copie.apprenant, devoir) / f"{carnet}.ipynb")
        if rendu is None:
            incidents.append(
                Incident("copie_illisible", f"carnet {carnet}.ipynb absent ou illisible dans la copie")
            )
            continue
        cellules = {_meta(c).get("grade_id"): c for c in rendu.get("cells", []) if _meta(c).get("grade_id")}
        for question, texte in tests.items():
            if question not in cellules:
                incidents.append(
                    Incident(
                        "cellule_supprimee",
                        f"cellule de test {question} supprimée (rétablie par nbgrader)",
                        question,
                    )
                )
            elif _normaliser_source(_source(cellules[question])) != texte:
                incidents.append(
                    Incident(
                        "cellule_modifiee",
                        f"cellule de test {question} modifiée (rétablie par nbgrader)",
                        question,
                    )
                )
        corrige = _lire_carnet(cours.copie("autograded", copie.apprenant, devoir) / f"{carnet}.ipynb")
        for cellule in (corrige or {}).get("cells", []):
            question = _meta(cellule).get("grade_id", "?")
            for sortie in cellule.get("outputs", []):
                if sortie.get("output_type") != "error":
                    continue
                nom = sortie.get("ename", "")
                if nom == "CellTimeoutError":
                    incidents.append(
                        Incident(
                            "delai_depasse",
                            f"délai dépassé dans la cellule {question} (boucle infinie ?) : exécution interrompue",
                            question,
                        )
                    )
                elif nom == "SystemExit":
                    incidents.append(
                        Incident("arret_demande", f"sys.exit() appelé dans la cellule {question}", question)
                    )
                elif question in tests and nom != "KeyboardInterrupt":
                    incidents.append(
                        Incident(
                            "erreur_correcteur",
                            f"la cellule de test {question} a levé {nom} ({sortie.get('evalue', '')[:120]})",
                            question,
                        )
                    )
    return incidents


@dataclass
class NoteQuestion:
    """La note d'une question corrigée automatiquement : celle du noyau, celle de confiance."""

    question: str
    sur: float
    note_noyau: float | None
    note: float | None
    criteres: list[str] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)
    remarques: list[str] = field(default_factory=list)


@dataclass
class ResultatCopie:
    """Résultat d'un apprenant : notes de confiance, questions manuelles, incidents."""

    apprenant: str
    copie: bool
    note: float | None = None
    sur: float = 0.0
    questions: list[NoteQuestion] = field(default_factory=list)
    manuelles: list[dict] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    nbgrader: dict = field(default_factory=dict)

    def ligne(self) -> str:
        """La ligne du rapport texte : « mallory : 0,5/3 — note du noyau 3 remplacée… »."""
        if not self.copie:
            return f"{self.apprenant} : pas de copie rendue"
        texte = f"{self.apprenant} : {_nombre(self.note)}/{_nombre(self.sur)}"
        if self.incidents:
            texte += " — " + " ; ".join(i.message for i in self.incidents)
        return texte


def recorriger(
    cours: Cours,
    devoir: str,
    module,
    secret: bytes,
    copie: Copie,
    cellules: Sequence[CelluleNotee],
    carnet_notes,
) -> ResultatCopie:
    """Recorrection de confiance d'une copie, dans ce processus (aucun code d'apprenant n'y tourne).

    Lit ``autograded/<apprenant>/<devoir>/reponses.json``, corrige chaque cellule de test
    (question = ``grade_id``, ``sur`` = ses points) avec la graine de l'apprenant et le module du
    formateur, et compare à la note du carnet de notes : en cas d'écart, la note de confiance est
    écrite dans le carnet de notes et l'écart devient un incident.
    """
    from nbgrader.api import MissingEntry

    resultat = ResultatCopie(copie.apprenant, True)
    graine = variantes.calculer_graine(secret, copie.apprenant, devoir)
    enregistrees = reponses.lire_tout(cours.copie("autograded", copie.apprenant, devoir))
    total = Decimal(0)
    for cellule in cellules:
        try:
            note = carnet_notes.find_grade(cellule.question, cellule.carnet, devoir, copie.apprenant)
        except MissingEntry:
            note = None
        if not cellule.automatique:
            resultat.manuelles.append(
                {
                    "question": cellule.question,
                    "sur": cellule.sur,
                    "note": None if note is None else note.score,
                    "a_corriger": bool(note is None or note.needs_manual_grade),
                }
            )
            continue
        note_noyau = None if note is None else note.auto_score
        try:
            reponse = (
                reponses.relire(enregistrees[cellule.question]) if cellule.question in enregistrees else None
            )
            verdict = module.corriger(cellule.question, reponse, graine, sur=Decimal(str(cellule.sur)))
        except Exception as exc:  # noqa: BLE001 - un correcteur qui plante ne doit pas arrêter la classe
            resultat.incidents.append(
                Incident(
                    "erreur_correcteur",
                    f"le correcteur du formateur a échoué sur {cellule.question} ({type(exc).__name__} : {exc}) : "
                    "note du noyau conservée, à vérifier",
                    cellule.question,
                )
            )
            resultat.questions.append(NoteQuestion(cellule.question, cellule.sur, note_noyau, note_noyau))
            total += Decimal(str(note_noyau or 0))
            continue
        fiable = float(verdict.points)
        if note is not None and (note_noyau is None or abs(note_noyau - fiable) > 0.005):
            note.auto_score = fiable
            note.needs_manual_grade = False
            if note_noyau is not None:
                resultat.incidents.append(
                    Incident(
                        "note_modifiee",
                        f"note du noyau {_nombre(note_noyau)} remplacée par {_nombre(fiable)} sur {cellule.question} "
                        "(note modifiée par le code de l'apprenant)",
                        cellule.question,
                    )
                )
        if copie.code == 0 and cellule.question not in enregistrees:
            resultat.incidents.append(
                Incident(
                    "reponse_non_enregistree",
                    f"aucune réponse enregistrée pour {cellule.question} pendant la correction",
                    cellule.question,
                )
            )
        resultat.questions.append(
            NoteQuestion(
                cellule.question,
                cellule.sur,
                note_noyau,
                fiable,
                list(verdict.criteres),
                list(verdict.diagnostics),
                list(verdict.remarques),
            )
        )
        total += verdict.points
    carnet_notes.db.commit()
    resultat.note = float(total)
    resultat.sur = float(sum(Decimal(str(c.sur)) for c in cellules if c.automatique))
    return resultat


def empreintes_du_formateur(cours: Cours) -> dict[str, str]:
    """Empreinte SHA-256 des fichiers dont dépend la recorrection de confiance.

    Corrections, configuration nbgrader, secret du cours, code de ``graders`` et de
    ``compta_kernel`` : le code des apprenants tourne sous le même compte que le formateur
    pendant ``nbgrader autograde`` et pourrait les modifier.
    """
    import compta_kernel
    import graders

    fichiers = [
        *cours.dossier("corrections").glob("*.py"),
        cours.racine / "nbgrader_config.py",
        cours.racine / variantes.FICHIER_SECRET_COURS,
    ]
    for paquet in (graders, compta_kernel):
        for dossier in paquet.__path__:
            fichiers += [p for p in Path(dossier).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(fichiers) if f.exists()}


def corriger(
    cours: Cours,
    devoir: str,
    *,
    processus: int | None = None,
    delai: int | None = None,
    seulement: Sequence[str] = (),
    flux: TextIO | None = None,
) -> int:
    """Correction d'un devoir : ``nbgrader autograde`` en parallèle, puis recorrection de confiance.

    Args:
        processus: copies corrigées en même temps (par défaut, le nombre de cœurs).
        delai: délai par cellule en secondes (par défaut ``Execute.timeout`` de la configuration).
        seulement: ne corriger que ces apprenants.

    Écrit ``rapports/correction_<devoir>.json`` et ``.txt``, et les journaux nbgrader dans
    ``rapports/journaux_<devoir>/``.
    """
    debut = time.monotonic()
    contexte = _contexte_processus()
    processus = max(1, processus or os.cpu_count() or 1)
    module = reponses.module_de_correction(cours.racine, devoir)
    secret = variantes.lire_secret_cours(cours.racine)
    from nbgrader.api import MissingEntry

    avant = empreintes_du_formateur(cours)
    with carnet_de_notes(cours) as carnet_notes:
        try:
            cellules = _cellules_du_devoir(carnet_notes, devoir)
        except MissingEntry:
            raise ErreurFormateur(
                f"Devoir {devoir} inconnu du carnet de notes : publiez-le d'abord."
            ) from None
        inscrits = {s.id for s in carnet_notes.students}
    rendus = set(_rendus(cours, devoir))
    apprenants_vus = sorted((inscrits | rendus) & set(seulement) if seulement else inscrits | rendus)
    taches = [(a, variantes.jeton(secret, a, devoir)) for a in apprenants_vus if a in rendus]
    delai = delai or delai_par_cellule(cours)
    code_cellules = sum(
        1
        for source in carnets_sources(cours, devoir)
        for c in (_lire_carnet(source) or {"cells": []})["cells"]
        if c.get("cell_type") == "code"
    )
    surcharges = {
        "CourseDirectory": {
            "root": str(cours.racine),
            "db_url": url_base(cours),
            "ignore": list(IGNORES_NBGRADER),
        },
        "Execute": {"timeout": delai},
        "OverwriteCells": {"add_missing_cells": True},
    }
    copies = autograder_en_parallele(
        cours,
        devoir,
        taches,
        processus=processus,
        surcharges=surcharges,
        limite_s=delai * (code_cellules + 2) + MARGE_COPIE,
        journaux=cours.rapports / f"journaux_{devoir}",
        contexte=contexte,
        flux=flux,
    )
    duree_nbgrader = time.monotonic() - debut
    apres = empreintes_du_formateur(cours)
    modifies = sorted(f for f in avant.keys() | apres.keys() if avant.get(f) != apres.get(f))
    reference = tests_de_reference(cours, devoir)
    resultats, duree_confiance = [], 0.0
    with carnet_de_notes(cours) as carnet_notes:
        for apprenant in apprenants_vus:
            if apprenant not in copies:
                resultats.append(
                    ResultatCopie(
                        apprenant, False, incidents=[Incident("copie_absente", "pas de copie rendue")]
                    )
                )
                continue
            copie = copies[apprenant]
            chrono = time.perf_counter()
            resultat = recorriger(cours, devoir, module, secret, copie, cellules, carnet_notes)
            duree_confiance += time.perf_counter() - chrono
            resultat.incidents[:0] = examiner_copie(cours, devoir, copie, reference)
            resultat.nbgrader = asdict(copie)
            resultats.append(resultat)
    rapport = {
        "devoir": devoir,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "processus": processus,
        "demarrage": contexte.get_start_method(),
        "delai_par_cellule_s": delai,
        "base": url_base(cours),
        "duree_s": round(time.monotonic() - debut, 2),
        "duree_nbgrader_s": round(duree_nbgrader, 2),
        "duree_recorrection_s": round(duree_confiance, 4),
        "tentatives_sur_verrou": sum(max(c.tentatives - 1, 0) for c in copies.values()),
        "fichiers_du_formateur_modifies": modifies,
        "apprenants": [asdict(r) for r in resultats],
    }
    texte = rapport_texte(rapport)
    cours.rapports.mkdir(exist_ok=True)
    (cours.rapports / f"correction_{devoir}.json").write_text(
        json.dumps(rapport, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (cours.rapports / f"correction_{devoir}.txt").write_text(texte, encoding="utf-8")
    print(texte)
    print(f"Rapport : {cours.rapports / f'correction_{devoir}.txt'} (et .json)")
    return 1 if modifies else 0


def rapport_texte(rapport: dict) -> str:
    """Le rapport de correction en français, tel que le formateur le lit."""
    apprenants_ = rapport["apprenants"]
    lignes = [
        f"Correction du devoir {rapport['devoir']} — {rapport['date'].replace('T', ' ')}",
        f"{len(apprenants_)} apprenant(s), {rapport['processus']} processus, {_nombre(rapport['duree_s'])} s"
        + (
            f", {rapport['tentatives_sur_verrou']} reprise(s) sur verrou"
            if rapport["tentatives_sur_verrou"]
            else ""
        ),
        "",
    ]
    for a in apprenants_:
        resultat = ResultatCopie(
            a["apprenant"],
            a["copie"],
            a["note"],
            a["sur"],
            incidents=[Incident(**i) for i in a["incidents"] if i["code"] != "copie_absente"],
        )
        lignes.append(resultat.ligne())
    a_corriger = Counter(m["question"] for a in apprenants_ for m in a["manuelles"] if m["a_corriger"])
    if a_corriger:
        lignes += ["", "À corriger à la main (formgrader) :"]
        lignes += [f"  {q} : {n} copie(s)" for q, n in sorted(a_corriger.items())]
    if rapport.get("fichiers_du_formateur_modifies"):
        lignes += [
            "",
            (
                "ALERTE : des fichiers du formateur ont changé pendant la correction (code d'apprenant ?). "
                "Les notes ne sont pas sûres ; vérifiez ces fichiers et corrigez à nouveau :"
            ),
        ]
        lignes += [f"  {f}" for f in rapport["fichiers_du_formateur_modifies"]]
    avec_incident = [a for a in apprenants_ if a["copie"] and a["incidents"]]
    lignes += ["", f"Incidents : {len(avec_incident)} copie(s) concernée(s)."]
    return "\n".join(lignes) + "\n"


# --- retours ------------------------------------------------------------------------------


def _lignes_cachees(cours: Cours, devoir: str) -> set[str]:
    """Les lignes de code des tests cachés du devoir (assez longues pour être reconnaissables)."""
    lignes = set()
    for source in carnets_sources(cours, devoir):
        for cellule in (_lire_carnet(source) or {"cells": []})["cells"]:
            for bloc in re.findall(
                r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", _source(cellule), flags=re.DOTALL
            ):
                lignes |= {ligne.strip() for ligne in bloc.splitlines() if len(ligne.strip()) >= 8}
    return lignes


def _texte_html(contenu: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", contenu))


def controler_retours(cours: Cours, devoir: str) -> tuple[list[Fuite], list[Fuite]]:
    """Contrôle les retours générés : masque le secret et les jetons d'autres apprenants, cherche les tests cachés.

    Returns:
        ``(fuites, masquees)`` : ce qui fuit encore (tests cachés : rien ne doit être diffusé) et
        ce qui a été masqué (« [masqué] ») dans les fichiers.
    """
    secrets = _secrets(cours, devoir)
    jetons_par_apprenant = {
        v: d.removeprefix("jeton de ") for v, d in secrets.items() if d.startswith("jeton de ")
    }
    cachees = _lignes_cachees(cours, devoir)
    fuites, masquees = [], []
    for dossier in sorted(cours.dossier("feedback").glob(f"*/{devoir}")):
        apprenant = dossier.parent.name
        propres = "\n".join(
            _source(c)
            for carnet in cours.copie("autograded", apprenant, devoir).glob("*.ipynb")
            for c in (_lire_carnet(carnet) or {"cells": []})["cells"]
            if _meta(c).get("solution")
        )
        for fichier in sorted(p for p in dossier.rglob("*") if p.is_file()):
            relatif = str(fichier.relative_to(cours.racine))
            texte = fichier.read_text(encoding="utf-8", errors="replace")
            modifie = texte
            for valeur, description in secrets.items():
                if jetons_par_apprenant.get(valeur) == apprenant:
                    continue
                if re.search(valeur, modifie, flags=re.IGNORECASE):
                    modifie = re.sub(valeur, "[masqué]", modifie, flags=re.IGNORECASE)
                    masquees.append(Fuite(relatif, description))
            if modifie != texte:
                fichier.write_text(modifie, encoding="utf-8")
            lisible = _texte_html(modifie) if fichier.suffix == ".html" else modifie
            for ligne in sorted(cachees):
                if ligne in lisible and ligne not in propres:
                    fuites.append(Fuite(relatif, "code d'un test caché", ligne[:120]))
            for marque in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
                if marque in lisible and marque not in propres:
                    fuites.append(Fuite(relatif, "balise de tests cachés"))
    return fuites, masquees


def retours(cours: Cours, devoir: str) -> int:
    """Génère les retours (``nbgrader generate_feedback``), les contrôle, puis les diffuse s'ils sont sûrs."""
    preprocesseurs = [
        getattr(p, "__name__", str(p))
        for p in config_nbgrader(cours).GenerateFeedback.get("preprocessors", [])
    ]
    if "ClearHiddenTests" not in preprocesseurs:
        print(
            "Attention : ClearHiddenTests absent de GenerateFeedback.preprocessors ; le contrôle qui suit tranchera."
        )
    resultat = nbgrader(cours, "generate_feedback", devoir, "--force")
    if resultat.returncode:
        return _echec_nbgrader("generate_feedback", resultat)
    fuites, masquees = controler_retours(cours, devoir)
    for fuite in masquees:
        print(f"Masqué dans les retours : {fuite}", file=sys.stderr)
    if fuites:
        print(f"FUITE DANS LES RETOURS DE {devoir} — NE LES DIFFUSEZ PAS :", file=sys.stderr)
        for fuite in fuites:
            print(f"  - {fuite}", file=sys.stderr)
        return 1
    nombre = len(list(cours.dossier("feedback").glob(f"*/{devoir}")))
    print(f"Retours de {devoir} contrôlés : {nombre} apprenant(s), aucun test caché, aucun secret.")
    if echange_configure():
        resultat = nbgrader(cours, "release_feedback", devoir)
        if resultat.returncode:
            return _echec_nbgrader("release_feedback", resultat)
        print("Retours diffusés par l'échange nbgrader.")
    else:
        print(
            f"Échange non configuré : remettez à chacun son dossier {cours.dossier('feedback')}/<apprenant>/{devoir}/."
        )
    return 0


# --- grille de compétences ---------------------------------------------------------------


@dataclass(frozen=True)
class Preuve:
    """Une cellule notée qui évalue un critère, pour un apprenant."""

    devoir: str
    carnet: str
    cellule: str
    points: float | None
    sur: float
    automatique: bool
    note_manuelle: float | None = None
    commentaire: str = ""

    def texte(self) -> str:
        """« b1_facture_achat › q1 : 2,5/3 (note manuelle 1, « commentaire ») »."""
        points = "en attente" if self.points is None else f"{_nombre(self.points)}/{_nombre(self.sur)}"
        texte = f"{self.devoir} › {self.cellule} : {points}"
        details = []
        if self.note_manuelle is not None:
            details.append(f"note manuelle {_nombre(self.note_manuelle)}")
        if self.commentaire:
            details.append(f"« {self.commentaire} »")
        return texte + (f" ({', '.join(details)})" if details else "")


@dataclass(frozen=True)
class EtatCritere:
    """Le statut d'un critère pour un apprenant, avec ses preuves."""

    critere: referentiel.Critere
    statut: str
    taux: float | None
    preuves: tuple[Preuve, ...] = ()


@dataclass(frozen=True)
class GrilleApprenant:
    """La grille d'un apprenant : un état par critère du référentiel, dans l'ordre."""

    apprenant: str
    nom: str
    etats: tuple[EtatCritere, ...]

    def statut(self, critere: str) -> str:
        """Le statut d'un critère (« acquis », « en cours », « non acquis », « non évalué »)."""
        return next(e.statut for e in self.etats if e.critere.id == critere)


@dataclass(frozen=True)
class ErreurFrequente:
    """Une erreur typique (code de diagnostic) relevée sur une question, et sa fréquence dans la classe."""

    devoir: str
    question: str
    code: str
    nombre: int
    total: int

    @property
    def libelle(self) -> str:
        """Le libellé français du diagnostic."""
        if self.code.startswith("confusion:"):
            return f"ont donné {self.code.split(':', 1)[1]}"
        return LIBELLES_DIAGNOSTICS.get(self.code, self.code)

    def texte(self) -> str:
        """« 32 % ont inversé débit et crédit (inversion_debit_credit) sur q1 (b1_facture_achat) »."""
        return (
            f"{_pourcentage(self.nombre, self.total)} {self.libelle} ({self.code}) sur {self.question} "
            f"({self.devoir}) — {self.nombre} sur {self.total}"
        )


@dataclass(frozen=True)
class CritereEnDifficulte:
    """Un critère que des apprenants n'ont pas acquis."""

    critere: referentiel.Critere
    non_acquis: int
    evalues: int

    def texte(self) -> str:
        """« 45 % non acquis : B1.1-K04 — intitulé (5 sur 11) »."""
        return (
            f"{_pourcentage(self.non_acquis, self.evalues)} non acquis : {self.critere.id} — {self.critere.texte} "
            f"({self.non_acquis} sur {self.evalues})"
        )


@dataclass(frozen=True)
class Grille:
    """La grille de compétences de la classe et sa synthèse (données ; rendus XLSX et HTML à part)."""

    devoirs: tuple[str, ...]
    apprenants: tuple[GrilleApprenant, ...]
    difficultes: tuple[CritereEnDifficulte, ...]
    erreurs: tuple[ErreurFrequente, ...]
    date: str


def statut(points: float, sur: float) -> str:
    """Statut d'un critère d'après la part des points obtenus (:data:`SEUIL_ACQUIS`, :data:`SEUIL_EN_COURS`).

    >>> statut(3, 3), statut(2.5, 4), statut(1, 3), statut(0, 0)
    ('acquis', 'en cours', 'non acquis', 'non évalué')
    """
    if not sur:
        return NON_EVALUE
    part = Decimal(str(points)) / Decimal(str(sur))
    return ACQUIS if part >= SEUIL_ACQUIS else EN_COURS if part >= SEUIL_EN_COURS else NON_ACQUIS


def calculer_grille(cours: Cours, devoirs: Sequence[str] = ()) -> Grille:
    """Calcule la grille de compétences à partir du carnet de notes et des étiquettes de critères.

    Chaque cellule notée (automatique ou manuelle) porte ses critères (docstring d'un test,
    métadonnées ``criteres`` d'une réponse rédigée). Pour un apprenant, un critère réunit les
    points de toutes ses cellules notées ; une cellule sans note (copie absente, correction
    manuelle en attente) n'est pas comptée mais figure dans les preuves.
    """
    from nbgrader.api import MissingEntry

    tous = referentiel.criteres()
    with carnet_de_notes(cours) as carnet_notes:
        connus = sorted(a.name for a in carnet_notes.assignments)
        devoirs = tuple(devoirs) or tuple(connus)
        inconnus = [d for d in devoirs if d not in connus]
        if inconnus:
            raise ErreurFormateur(f"Devoir(s) inconnu(s) du carnet de notes : {', '.join(inconnus)}.")
        etiquettes = {}
        for devoir in devoirs:
            for source in carnets_sources(cours, devoir):
                for cellule in referentiel.cellules_notees(source):
                    etiquettes[(devoir, source.stem, cellule.cellule)] = cellule.criteres
        grilles = []
        for eleve in sorted(carnet_notes.students, key=lambda s: s.id):
            preuves: dict[str, list[Preuve]] = {ident: [] for ident in tous}
            for devoir in devoirs:
                for carnet in carnet_notes.find_assignment(devoir).notebooks:
                    try:
                        rendu = carnet_notes.find_submission_notebook(carnet.name, devoir, eleve.id)
                    except MissingEntry:
                        continue
                    commentaires = {c.name: c.manual_comment or "" for c in rendu.comments}
                    for note in rendu.grades:
                        automatique = note.cell_type == "code" and note.name not in commentaires
                        points = (
                            note.score
                            if (note.manual_score is not None or note.auto_score is not None)
                            else None
                        )
                        preuve = Preuve(
                            devoir,
                            carnet.name,
                            note.name,
                            None if points is None else float(points),
                            float(note.max_score),
                            automatique,
                            note.manual_score,
                            commentaires.get(note.name, ""),
                        )
                        for ident in etiquettes.get((devoir, carnet.name, note.name), ()):
                            if ident in preuves:
                                preuves[ident].append(preuve)
            etats = []
            for ident, critere in tous.items():
                comptees = [p for p in preuves[ident] if p.points is not None]
                obtenus = sum(p.points for p in comptees)
                sur = sum(p.sur for p in comptees)
                etats.append(
                    EtatCritere(
                        critere, statut(obtenus, sur), obtenus / sur if sur else None, tuple(preuves[ident])
                    )
                )
            nom = " ".join(x for x in (eleve.first_name, eleve.last_name) if x) or eleve.id
            grilles.append(GrilleApprenant(eleve.id, nom, tuple(etats)))
    difficultes = []
    for ident, critere in tous.items():
        statuts = [g.statut(ident) for g in grilles if g.statut(ident) != NON_EVALUE]
        if statuts and statuts.count(NON_ACQUIS):
            difficultes.append(CritereEnDifficulte(critere, statuts.count(NON_ACQUIS), len(statuts)))
    difficultes.sort(key=lambda d: (-d.non_acquis / d.evalues, d.critere.id))
    return Grille(
        devoirs,
        tuple(grilles),
        tuple(difficultes),
        tuple(_erreurs_frequentes(cours, devoirs)),
        dt.date.today().strftime("%d/%m/%Y"),
    )


def _erreurs_frequentes(cours: Cours, devoirs: Sequence[str]) -> list[ErreurFrequente]:
    """Les diagnostics de la recorrection de confiance, comptés par question (un apprenant compte une fois)."""
    resultat = []
    for devoir in devoirs:
        chemin = cours.rapports / f"correction_{devoir}.json"
        if not chemin.exists():
            continue
        rapport = json.loads(chemin.read_text(encoding="utf-8"))
        corriges = [a for a in rapport["apprenants"] if a["copie"]]
        compte: Counter[tuple[str, str]] = Counter()
        for a in corriges:
            for q in a["questions"]:
                for code in set(q["diagnostics"]):
                    compte[(q["question"], code)] += 1
        resultat += [ErreurFrequente(devoir, q, code, n, len(corriges)) for (q, code), n in compte.items()]
    resultat.sort(key=lambda e: (-e.nombre, e.devoir, e.question, e.code))
    return resultat


COULEURS = {ACQUIS: "C8E6C9", EN_COURS: "FFE0B2", NON_ACQUIS: "FFCDD2", NON_EVALUE: "EEEEEE"}


def _nom_de_feuille(nom: str, pris: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", nom)[:28] or "apprenant"
    candidat, n = base, 1
    while candidat.lower() in pris:
        n += 1
        candidat = f"{base[:25]}~{n}"
    pris.add(candidat.lower())
    return candidat


def grille_xlsx(grille: Grille, chemin: Path) -> Path:
    """La grille au format XLSX : une feuille « Classe », une « Synthèse », une par apprenant."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    classeur = Workbook()
    gras = Font(bold=True)
    remplissage = {s: PatternFill("solid", fgColor=c) for s, c in COULEURS.items()}
    haut = Alignment(vertical="top", wrap_text=True)

    def entete(feuille, titres, largeurs, figer):
        feuille.append(titres)
        for cellule in feuille[1]:
            cellule.font = gras
            cellule.fill = PatternFill("solid", fgColor="DDDDDD")
        for colonne, largeur in zip(feuille.iter_cols(min_row=1, max_row=1), largeurs, strict=False):
            feuille.column_dimensions[colonne[0].column_letter].width = largeur
        feuille.freeze_panes = figer

    classe = classeur.active
    classe.title = "Classe"
    entete(
        classe,
        ["Bloc", "Critère", "Intitulé", *[g.apprenant for g in grille.apprenants]],
        [6, 11, 60, *[14] * len(grille.apprenants)],
        "D2",
    )
    for rang, (ident, critere) in enumerate(referentiel.criteres().items(), start=2):
        classe.append([critere.bloc, ident, critere.texte, *[g.statut(ident) for g in grille.apprenants]])
        for cellule in classe[rang][3:]:
            cellule.fill = remplissage[cellule.value]

    synthese = classeur.create_sheet("Synthèse")
    entete(synthese, ["Synthèse de classe", "Détail"], [70, 40], "A2")
    synthese.append(["Critères les moins acquis"])
    synthese[synthese.max_row][0].font = gras
    for d in grille.difficultes:
        synthese.append([d.texte(), f"{d.non_acquis}/{d.evalues}"])
    synthese.append([])
    synthese.append(["Erreurs fréquentes (recorrection de confiance)"])
    synthese[synthese.max_row][0].font = gras
    for e in grille.erreurs:
        synthese.append([e.texte(), f"{e.nombre}/{e.total}"])

    pris = {"classe", "synthèse"}
    for g in grille.apprenants:
        feuille = classeur.create_sheet(_nom_de_feuille(g.apprenant, pris))
        entete(
            feuille,
            ["Bloc", "Critère", "Intitulé", "Statut", "Part des points", "Preuves"],
            [6, 11, 55, 13, 10, 70],
            "D2",
        )
        for rang, etat in enumerate(g.etats, start=2):
            feuille.append(
                [
                    etat.critere.bloc,
                    etat.critere.id,
                    etat.critere.texte,
                    etat.statut,
                    None if etat.taux is None else round(etat.taux, 4),
                    "\n".join(p.texte() for p in etat.preuves),
                ]
            )
            feuille.cell(rang, 4).fill = remplissage[etat.statut]
            feuille.cell(rang, 5).number_format = "0 %"
            for cellule in feuille[rang]:
                cellule.alignment = haut
    chemin.parent.mkdir(parents=True, exist_ok=True)
    classeur.save(chemin)
    return chemin


MODELE_HTML = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Grille de compétences — Assistant comptable</title>
<style>
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; margin: 1.5em; color: #222; }
  h1 { font-size: 15pt; margin: 0 0 0.2em; } h2 { font-size: 12pt; margin: 1em 0 0.3em; }
  .sous-titre { color: #555; margin-bottom: 0.8em; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 0.8em; }
  th, td { border: 1px solid #bbb; padding: 3px 5px; vertical-align: top; text-align: left; }
  th { background: #e8e8e8; }
  td.statut, td.id { white-space: nowrap; } td.statut { font-weight: bold; text-align: center; }
  td.intitule { min-width: 14em; } table.classe td, table.classe th { font-size: 9pt; }
  .acquis { background: #c8e6c9; } .en-cours { background: #ffe0b2; }
  .non-acquis { background: #ffcdd2; } .non-evalue { background: #eeeeee; color: #777; font-weight: normal; }
  ul { margin: 0.2em 0 0.6em 1.2em; padding: 0; } .preuves { font-size: 8.5pt; color: #333; }
  section { page-break-after: always; break-after: page; } section:last-child { page-break-after: auto; }
  .legende span { display: inline-block; padding: 1px 6px; margin-right: 4px; border: 1px solid #bbb; }
  @page { size: A4 landscape; margin: 12mm; }
</style>
</head>
<body>
<section class="classe">
  <h1>Grille de compétences — synthèse de classe</h1>
  <div class="sous-titre">Titre professionnel « Assistant comptable » — devoirs : {{ grille.devoirs|join(", ") }}
    — {{ grille.apprenants|length }} apprenant(s) — édition du {{ grille.date }}</div>
  <div class="legende">{% for s in statuts %}<span class="{{ classe_css(s) }}">{{ s }}</span>{% endfor %}
    — acquis : au moins {{ seuil_acquis }} des points ; en cours : au moins {{ seuil_en_cours }}.</div>
  <h2>Critères évalués</h2>
  <table class="classe">
    <tr><th>Critère</th><th>Intitulé</th>{% for g in grille.apprenants %}<th>{{ g.apprenant }}</th>{% endfor %}</tr>
    {% for c in evalues %}
    <tr><td class="id">{{ c.id }}</td><td class="intitule">{{ c.texte }}</td>
      {% for g in grille.apprenants %}{% set s = g.statut(c.id) %}<td class="statut {{ classe_css(s) }}">{{ s }}</td>{% endfor %}</tr>
    {% endfor %}
  </table>
  <p>{{ non_evalues }} autre(s) critère(s) du référentiel ne sont évalués par aucun de ces devoirs
     (« non évalué » dans chaque grille individuelle).</p>
  <h2>Critères les moins acquis</h2>
  {% if grille.difficultes %}<ul>{% for d in grille.difficultes %}<li>{{ d.texte() }}</li>{% endfor %}</ul>
  {% else %}<p>Aucun critère non acquis.</p>{% endif %}
  <h2>Erreurs fréquentes</h2>
  {% if grille.erreurs %}<ul>{% for e in grille.erreurs %}<li>{{ e.texte() }}</li>{% endfor %}</ul>
  {% else %}<p>Pas de rapport de correction pour ces devoirs.</p>{% endif %}
</section>
{% for g in grille.apprenants %}
<section class="apprenant">
  <h1>{{ g.nom }} <small>({{ g.apprenant }})</small></h1>
  <div class="sous-titre">Grille de compétences — devoirs : {{ grille.devoirs|join(", ") }} — {{ grille.date }}</div>
  {% for bloc, etats in par_bloc(g) %}
  <h2>Bloc {{ bloc }}</h2>
  <table>
    <tr><th style="width:8%">Critère</th><th style="width:42%">Intitulé</th><th style="width:10%">Statut</th>
        <th style="width:7%">Points</th><th>Preuves</th></tr>
    {% for e in etats %}
    <tr><td class="id">{{ e.critere.id }}</td><td>{{ e.critere.texte }}</td>
      <td class="statut {{ classe_css(e.statut) }}">{{ e.statut }}</td>
      <td>{{ pourcent(e.taux) }}</td>
      <td class="preuves">{% for p in e.preuves %}{{ p.texte() }}<br>{% endfor %}</td></tr>
    {% endfor %}
  </table>
  {% endfor %}
</section>
{% endfor %}
</body>
</html>
"""


def grille_html(grille: Grille) -> str:
    """La grille en HTML imprimable (modèle Jinja2) : la synthèse de classe, puis une page par apprenant."""
    from jinja2 import Environment

    from compta_kernel.presentation import format_taux

    def par_bloc(g: GrilleApprenant):
        blocs: dict[str, list[EtatCritere]] = {}
        for etat in g.etats:
            blocs.setdefault(etat.critere.bloc, []).append(etat)
        return blocs.items()

    evalues = [
        c
        for ident, c in referentiel.criteres().items()
        if any(g.statut(ident) != NON_EVALUE for g in grille.apprenants)
    ]
    modele = Environment(autoescape=True).from_string(MODELE_HTML)
    return modele.render(
        grille=grille,
        statuts=STATUTS,
        evalues=evalues,
        non_evalues=len(referentiel.criteres()) - len(evalues),
        par_bloc=par_bloc,
        classe_css=lambda s: _sans_accents(s).replace(" ", "-"),
        pourcent=lambda t: "" if t is None else format_taux(Decimal(str(round(t, 4))), 0),
        seuil_acquis=format_taux(SEUIL_ACQUIS, 0),
        seuil_en_cours=format_taux(SEUIL_EN_COURS, 0),
    )


def capturer(
    page_html: Path, image: Path, chromium: Path = CHROMIUM, selecteur: str = "section.classe"
) -> Path:
    """Capture d'écran PNG d'une partie de la grille HTML, dans Chromium sans interface (Playwright)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ErreurFormateur("Playwright n'est pas installé : pas de capture d'écran.") from exc
    if not Path(chromium).exists():
        raise ErreurFormateur(f"Chromium introuvable ({chromium}) : installez le paquet Debian « chromium ».")
    image.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=list(OPTIONS_CHROMIUM)
        )
        try:
            page = navigateur.new_page(locale="fr-FR", viewport={"width": 1400, "height": 900})
            page.goto(Path(page_html).resolve().as_uri())
            page.locator(selecteur).first.screenshot(path=str(image))
        finally:
            navigateur.close()
    return image


def grille(
    cours: Cours, devoirs: Sequence[str] = (), sortie: Path | None = None, capture: Path | None = None
) -> int:
    """Écrit la grille de compétences (``grille_competences.xlsx`` et ``.html``) et sa synthèse de classe."""
    resultat = calculer_grille(cours, devoirs)
    sortie = Path(sortie) if sortie else cours.racine / "grilles"
    classeur = grille_xlsx(resultat, sortie / "grille_competences.xlsx")
    page = sortie / "grille_competences.html"
    page.write_text(grille_html(resultat), encoding="utf-8")
    print(
        f"Grille de compétences ({len(resultat.apprenants)} apprenant(s), devoirs {', '.join(resultat.devoirs)}) :"
    )
    print(f"  {classeur}\n  {page}")
    if resultat.difficultes:
        print("Critères les moins acquis :")
        for d in resultat.difficultes[:5]:
            print(f"  - {d.texte()}")
    if resultat.erreurs:
        print("Erreurs fréquentes :")
        for e in resultat.erreurs[:5]:
            print(f"  - {e.texte()}")
    if capture:
        print(f"Capture d'écran : {capturer(page, Path(capture))}")
    return 0


# --- Ligne de commande --------------------------------------------------------------------


def analyseur() -> argparse.ArgumentParser:
    """L'analyseur de la ligne de commande (aide en français)."""
    parseur = argparse.ArgumentParser(
        prog="formateur",
        description="Outil du formateur « Assistant comptable » : devoirs nbgrader, de la diffusion à la grille du jury.",
    )
    parseur.add_argument(
        "--cours",
        type=Path,
        default=None,
        help="dossier du cours (par défaut : ./course, ou le dossier courant)",
    )
    commandes = parseur.add_subparsers(dest="commande", required=True, metavar="COMMANDE")
    commandes.add_parser("init", help="secret du cours, liens source/, configuration nbgrader vérifiée")
    p = commandes.add_parser("apprenants", help="inscrire les apprenants d'un fichier CSV")
    p.add_argument("--csv", type=Path, required=True, help="fichier CSV : id, nom, prénom, email")
    p = commandes.add_parser("jetons", help="jetons de variante à remettre aux apprenants")
    p.add_argument("devoir", help="identifiant du devoir")
    p.add_argument("--sortie", type=Path, help="dossier de sortie (par défaut : <cours>/jetons)")
    p = commandes.add_parser("publier", help="générer, contrôler et diffuser un devoir")
    p.add_argument("devoir", nargs="?", help="identifiant du devoir (ou --type pour tous ceux d'un type)")
    p.add_argument(
        "--type", dest="type_devoir", choices=sorted(TYPES_DE_DEVOIR), help="type de devoirs à diffuser"
    )
    p.add_argument(
        "--controle-seul",
        action="store_true",
        help="contrôler la version apprenant déjà générée, sans la régénérer ni la diffuser",
    )
    p = commandes.add_parser("ramasser", help="ramasser les copies (échange nbgrader)")
    p.add_argument("devoir", help="identifiant du devoir")
    p = commandes.add_parser("corriger", help="correction en parallèle et recorrection de confiance")
    p.add_argument("devoir", help="identifiant du devoir")
    p.add_argument(
        "--processus", type=int, help="copies corrigées en même temps (par défaut : nombre de cœurs)"
    )
    p.add_argument(
        "--delai", type=int, help="délai par cellule en secondes (par défaut : celui de la configuration)"
    )
    p.add_argument(
        "--apprenant", action="append", default=[], help="ne corriger que cet apprenant (répétable)"
    )
    p = commandes.add_parser("retours", help="générer, contrôler et diffuser les retours")
    p.add_argument("devoir", help="identifiant du devoir")
    p = commandes.add_parser("grille", help="grille de compétences du jury et synthèse de classe")
    p.add_argument("--devoirs", nargs="+", default=[], help="devoirs pris en compte (par défaut : tous)")
    p.add_argument("--sortie", type=Path, help="dossier de sortie (par défaut : <cours>/grilles)")
    p.add_argument("--capture", type=Path, help="capture d'écran PNG de la synthèse (Chromium)")
    return parseur


def main(arguments: Sequence[str] | None = None) -> int:
    """Point d'entrée de ``formateur`` et de ``python -m graders.formateur``."""
    options = analyseur().parse_args(arguments)
    cours = Cours(options.cours or cours_par_defaut())
    if not cours.racine.is_dir():
        print(f"Dossier du cours introuvable : {cours.racine}", file=sys.stderr)
        return 2
    try:
        match options.commande:
            case "init":
                return init(cours)
            case "apprenants":
                return apprenants(cours, options.csv)
            case "jetons":
                return jetons(cours, options.devoir, options.sortie)
            case "publier":
                return publier(
                    cours, options.devoir, options.type_devoir, controle_seul=options.controle_seul
                )
            case "ramasser":
                return ramasser(cours, options.devoir)
            case "corriger":
                return corriger(
                    cours,
                    options.devoir,
                    processus=options.processus,
                    delai=options.delai,
                    seulement=options.apprenant,
                )
            case "retours":
                return retours(cours, options.devoir)
            case "grille":
                return grille(cours, options.devoirs, options.sortie, options.capture)
    except (ErreurFormateur, FileNotFoundError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    from graders.formateur import main as principal

    sys.exit(principal())
