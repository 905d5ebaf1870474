"""Variantes par apprenant : chaque apprenant a ses propres données, sans jamais voir les réponses.

La graine d'une variante est ``HMAC-SHA256(secret du cours, apprenant + devoir)`` :
deux voisins ont des entreprises, des montants et des dates différents, et nul ne
peut calculer la graine d'un autre sans le secret. Les réponses attendues ne sont
stockées nulle part : le correcteur régénère les données de l'apprenant à partir
de sa graine et les calcule avec :mod:`compta_kernel` au moment de la correction.

D'où vient la graine, selon le contexte :

1. **Correction** (``nbgrader autograde`` lancé par l'outil formateur) : l'outil,
   processus de confiance, calcule la graine de l'apprenant et la passe au noyau
   dans la variable ``ASSISTANT_COMPTABLE_JETON`` ; le secret n'entre jamais dans
   le noyau qui exécute le code de l'apprenant. Lancée à la main, la correction
   retrouve le secret dans le dossier du cours (``.secret_cours``).
2. **Apprenant en formation** : le jeton de l'apprenant (sa graine, en hexadécimal)
   lui est remis par le formateur (``formateur jetons``) ; il le trouve dans
   ``ASSISTANT_COMPTABLE_JETON`` ou dans ``~/.assistant-comptable/jetons.json``.
3. **Autoformation** : un secret local est créé au premier usage dans
   ``~/.assistant-comptable/secret`` ; l'apprenant est son propre formateur.

L'identifiant de l'apprenant vient du dossier de correction nbgrader
(``<cours>/autograded/<apprenant>/<devoir>``), de JupyterHub (``JUPYTERHUB_USER``),
de ``ASSISTANT_COMPTABLE_APPRENANT`` ou du fichier de configuration local.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

VARIABLE_JETON = "ASSISTANT_COMPTABLE_JETON"
VARIABLE_APPRENANT = "ASSISTANT_COMPTABLE_APPRENANT"
FICHIER_SECRET_COURS = ".secret_cours"
APPRENANT_AUTONOME = "autonome"


def dossier_personnel() -> Path:
    """Dossier des réglages de l'apprenant (``~/.assistant-comptable``, ou ``ASSISTANT_COMPTABLE_DOSSIER``)."""
    return Path(os.environ.get("ASSISTANT_COMPTABLE_DOSSIER", Path.home() / ".assistant-comptable"))


@dataclass(frozen=True)
class Contexte:
    """Où et pour qui tourne un carnet : apprenant, devoir, et s'il s'agit d'une correction."""

    apprenant: str
    devoir: str
    correction: bool
    racine_cours: Path | None = None


def contexte(devoir: str, dossier: Path | None = None) -> Contexte:
    """Détermine l'apprenant et le mode d'exécution d'un carnet.

    Args:
        devoir: identifiant du devoir nbgrader (``"b1_facture_achat"``).
        dossier: dossier de travail (par défaut le dossier courant du noyau).
    """
    dossier = (dossier or Path.cwd()).resolve()
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" and dossier.parent.parent.name == "autograded":
        return Contexte(dossier.parent.name, devoir, True, dossier.parent.parent.parent)
    for variable in ("JUPYTERHUB_USER", VARIABLE_APPRENANT):
        if os.environ.get(variable):
            return Contexte(os.environ[variable], devoir, False)
    config = dossier_personnel() / "apprenant.json"
    if config.exists():
        identifiant = json.loads(config.read_text(encoding="utf-8")).get("identifiant")
        if identifiant:
            return Contexte(str(identifiant), devoir, False)
    return Contexte(APPRENANT_AUTONOME, devoir, False)


def calculer_graine(secret: bytes, apprenant: str, devoir: str) -> bytes:
    """Graine de la variante d'un apprenant pour un devoir (16 octets)."""
    message = f"{apprenant}\x1f{devoir}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()[:16]


def jeton(secret: bytes, apprenant: str, devoir: str) -> str:
    """Jeton à remettre à l'apprenant : sa graine en hexadécimal (32 caractères)."""
    return calculer_graine(secret, apprenant, devoir).hex()


def lire_secret_cours(racine_cours: Path) -> bytes:
    """Secret du cours, lu dans ``<racine>/.secret_cours`` (créé par ``formateur init``).

    Raises:
        FileNotFoundError: avec un message en français si le secret n'existe pas.
    """
    chemin = racine_cours / FICHIER_SECRET_COURS
    if not chemin.exists():
        raise FileNotFoundError(
            f"Le secret du cours est introuvable ({chemin}). Le formateur le crée avec "
            "« python -m graders.formateur init »."
        )
    return bytes.fromhex(chemin.read_text(encoding="utf-8").strip())


def creer_secret(chemin: Path) -> bytes:
    """Crée un secret aléatoire de 32 octets, lisible par son seul propriétaire (droits 600)."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    descripteur = os.open(chemin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descripteur, "w", encoding="utf-8") as fichier:
        fichier.write(secret.hex() + "\n")
    return secret


def _jeton_personnel(devoir: str) -> str | None:
    fichier = dossier_personnel() / "jetons.json"
    if fichier.exists():
        return json.loads(fichier.read_text(encoding="utf-8")).get(devoir)
    return None


def graine(devoir: str, dossier: Path | None = None) -> tuple[bytes, Contexte]:
    """Graine de la variante du carnet en cours et son contexte (voir l'en-tête du module)."""
    ctx = contexte(devoir, dossier)
    transmis = os.environ.get(VARIABLE_JETON)
    if transmis:
        return bytes.fromhex(transmis), ctx
    if ctx.correction and ctx.racine_cours is not None:
        return calculer_graine(lire_secret_cours(ctx.racine_cours), ctx.apprenant, devoir), ctx
    personnel = _jeton_personnel(devoir)
    if personnel:
        return bytes.fromhex(personnel), ctx
    fichier = dossier_personnel() / "secret"
    secret = (
        bytes.fromhex(fichier.read_text(encoding="utf-8").strip())
        if fichier.exists()
        else creer_secret(fichier)
    )
    return calculer_graine(secret, ctx.apprenant, devoir), ctx


def empreinte(graine_variante: bytes) -> str:
    """Empreinte courte d'une graine, affichable : l'apprenant et le correcteur vérifient qu'ils parlent de la même variante."""
    return hashlib.sha256(b"empreinte" + graine_variante).hexdigest()[:8]
