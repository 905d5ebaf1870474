"""Progression de l'apprenant : un fichier JSON par poste, une section par tableau de bord.

Le fichier ``progression.json`` vit dans le dossier personnel de l'apprenant
(``~/.assistant-comptable``, ou ``ASSISTANT_COMPTABLE_DOSSIER`` :
:func:`graders.variantes.dossier_personnel`). Il survit au rechargement de la
page et au redémarrage du serveur. Forme::

    {"version": 1,
     "apprenants": {"autonome": {"b1_facture_achat": {...}, "b4_penalites": {...}}}}

L'apprenant est celui de :func:`graders.variantes.contexte` (JupyterHub,
``ASSISTANT_COMPTABLE_APPRENANT``, ``apprenant.json`` ou « autonome »).

Chaque enregistrement relit le fichier, remplace sa seule section et écrit
un fichier temporaire renommé d'un coup : deux onglets ouverts ne corrompent
pas le fichier, le dernier enregistrement d'une même section l'emporte. Un
fichier illisible (édité à la main, tronqué) n'est jamais écrasé : il est mis
de côté (``progression.illisible.json``) et la progression repart de zéro.

Ce module ne fait confiance à rien de ce qu'il relit : chaque tableau de bord
vérifie les valeurs de sa section avant de s'en servir.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from formulaires import SaisieInvalide
from graders import variantes

FICHIER = "progression.json"
FICHIER_ILLISIBLE = "progression.illisible.json"
VERSION = 1
#: Taille au-delà de laquelle le fichier est tenu pour illisible (il ne grossit pas normalement).
TAILLE_MAX = 2_000_000
#: Longueur maximale d'un identifiant d'apprenant.
APPRENANT_MAX = 100


def chemin_progression() -> Path:
    """Chemin de ``progression.json`` dans le dossier personnel de l'apprenant."""
    return variantes.dossier_personnel() / FICHIER


def apprenant_courant() -> str:
    """Identifiant de l'apprenant qui utilise le tableau de bord (« autonome » par défaut)."""
    identifiant = variantes.contexte("tableaux_de_bord").apprenant
    if not isinstance(identifiant, str) or not identifiant or len(identifiant) > APPRENANT_MAX:
        return variantes.APPRENANT_AUTONOME
    return identifiant


class Progression:
    """La progression d'un apprenant, section par section.

    Args:
        apprenant: identifiant de l'apprenant (par défaut :func:`apprenant_courant`).
        chemin: fichier JSON (par défaut :func:`chemin_progression`).
    """

    def __init__(self, apprenant: str | None = None, chemin: Path | str | None = None) -> None:
        self.apprenant = apprenant if apprenant is not None else apprenant_courant()
        self.chemin = Path(chemin) if chemin is not None else chemin_progression()
        self.illisible = False

    def lire(self, section: str) -> dict:
        """La section enregistrée pour cet apprenant (``{}`` si elle n'existe pas ou si le fichier est illisible)."""
        donnees = self._lire_fichier()
        apprenants = donnees.get("apprenants")
        if not isinstance(apprenants, dict):
            return {}
        sienne = apprenants.get(self.apprenant)
        valeur = sienne.get(section) if isinstance(sienne, dict) else None
        return valeur if isinstance(valeur, dict) else {}

    def enregistrer(self, section: str, valeur: dict) -> None:
        """Remplace la section de cet apprenant (les autres sections et apprenants sont gardés).

        Raises:
            SaisieInvalide: le fichier ne peut pas être écrit (droits, disque plein), message en français.
        """
        try:
            donnees = self._lire_fichier()
            if self.illisible and self.chemin.exists():
                os.replace(self.chemin, self.chemin.with_name(FICHIER_ILLISIBLE))
                self.illisible = False
            apprenants = donnees.get("apprenants") if isinstance(donnees.get("apprenants"), dict) else {}
            sienne = apprenants.get(self.apprenant)
            sienne = sienne if isinstance(sienne, dict) else {}
            sienne[section] = valeur
            apprenants[self.apprenant] = sienne
            self._ecrire({"version": VERSION, "apprenants": apprenants})
        except OSError as exc:
            raise SaisieInvalide(
                f"La progression n'a pas pu être enregistrée dans {self.chemin} ({exc.strerror or exc}). "
                "Vérifiez que ce dossier existe et que vous pouvez y écrire.",
                champ="formulaire",
            ) from exc

    def _lire_fichier(self) -> dict:
        try:
            if self.chemin.stat().st_size > TAILLE_MAX:
                self.illisible = True
                return {}
            donnees = json.loads(self.chemin.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError):
            self.illisible = True
            return {}
        if not isinstance(donnees, dict):
            self.illisible = True
            return {}
        return donnees

    def _ecrire(self, donnees: dict) -> None:
        dossier = self.chemin.parent
        dossier.mkdir(mode=0o700, parents=True, exist_ok=True)
        descripteur, provisoire = tempfile.mkstemp(prefix=".progression-", suffix=".tmp", dir=dossier)
        try:
            with os.fdopen(descripteur, "w", encoding="utf-8") as fichier:
                json.dump(donnees, fichier, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(provisoire, self.chemin)
        except BaseException:
            Path(provisoire).unlink(missing_ok=True)
            raise
