"""Réponses des apprenants en données canoniques, et correction à partir de ces données.

Une réponse (écriture, montant, tableau, texte) est enregistrée en JSON dans le
dossier du devoir de l'apprenant (``reponses.json``) : elle survit au
redémarrage du noyau et au rechargement de la page, nbgrader la ramasse avec le
carnet, et la correction lit ces données plutôt que de rejouer des widgets.

La correction d'un devoir vit dans le dossier du formateur
(``course/corrections/<devoir>.py``), jamais dans ce que reçoit l'apprenant :
nbgrader ne diffuse que ``source/<devoir>/``. Un module de correction expose
``corriger(question, reponse, graine) -> Verdict`` ; il est appelé deux fois :

1. dans la cellule de test cachée, au moment de ``nbgrader autograde`` (note lue par nbgrader) ;
2. par l'outil formateur, dans un processus propre où aucun code d'apprenant n'a
   tourné, à partir de ``reponses.json`` : si les deux notes diffèrent (code
   d'apprenant qui remplace un correcteur), la seconde fait foi et le formateur
   est averti.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from compta_kernel.ecritures import Ecriture, Ligne
from graders.verdict import Verdict

FICHIER_REPONSES = "reponses.json"


def canonique(valeur: object) -> object:
    """Forme JSON d'une réponse : montants en texte exact, dates ISO, écritures en dictionnaires."""
    if isinstance(valeur, Decimal):
        return {"montant": format(valeur, "f")}
    if isinstance(valeur, dt.datetime):  # dont pandas.Timestamp : une date à minuit reste une date
        if valeur.tzinfo is None and valeur.time() == dt.time(0):
            return {"date": valeur.date().isoformat()}
        return {"datetime": valeur.isoformat()}
    if isinstance(valeur, dt.date):
        return {"date": valeur.isoformat()}
    if isinstance(valeur, Ecriture):
        return {
            "ecriture": {
                "journal": valeur.journal,
                "date": valeur.date.isoformat(),
                "piece": valeur.piece,
                "libelle": valeur.libelle,
                "lignes": [canonique(ligne)["ligne"] for ligne in valeur.lignes],
            }
        }
    if isinstance(valeur, Ligne):
        return {
            "ligne": {
                "compte": valeur.compte,
                "debit": format(valeur.debit, "f"),
                "credit": format(valeur.credit, "f"),
                "tiers": valeur.tiers,
                "libelle": valeur.libelle,
            }
        }
    if hasattr(valeur, "to_dict") and hasattr(valeur, "columns"):
        return {"tableau": [{k: canonique(v) for k, v in r.items()} for r in valeur.to_dict("records")]}
    if isinstance(valeur, Mapping):
        return {str(k): canonique(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [canonique(v) for v in valeur]
    if valeur is None or isinstance(valeur, str | int | bool):
        return valeur
    if isinstance(valeur, float):
        return {"flottant": repr(valeur)}
    return {"illisible": repr(valeur)[:200]}


def relire(valeur: object) -> object:
    """Inverse de :func:`canonique` (une écriture relue est une :class:`Ecriture` si elle est valide)."""
    if isinstance(valeur, list):
        return [relire(v) for v in valeur]
    if not isinstance(valeur, dict):
        return valeur
    if set(valeur) == {"montant"}:
        return Decimal(valeur["montant"])
    if set(valeur) == {"date"}:
        return dt.date.fromisoformat(valeur["date"])
    if set(valeur) == {"datetime"}:
        return dt.datetime.fromisoformat(valeur["datetime"])
    if set(valeur) == {"ecriture"}:
        e = valeur["ecriture"]
        lignes = [(l["compte"], l["debit"], l["credit"], l.get("tiers", "")) for l in e["lignes"]]
        return {
            "journal": e["journal"],
            "date": e["date"],
            "piece": e["piece"],
            "libelle": e["libelle"],
            "lignes": lignes,
        }
    if set(valeur) == {"tableau"}:
        return [{k: relire(v) for k, v in r.items()} for r in valeur["tableau"]]
    if set(valeur) == {"flottant"}:
        return float(valeur["flottant"])
    if set(valeur) == {"illisible"}:
        return None
    return {k: relire(v) for k, v in valeur.items()}


def enregistrer(question: str, reponse: object, dossier: Path | None = None) -> Path:
    """Enregistre la réponse à une question dans ``reponses.json`` (écriture atomique, autres réponses gardées)."""
    chemin = (dossier or Path.cwd()) / FICHIER_REPONSES
    donnees = lire_tout(chemin.parent)
    donnees[question] = canonique(reponse)
    provisoire = chemin.with_suffix(".json.tmp")
    provisoire.write_text(json.dumps(donnees, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(provisoire, chemin)
    return chemin


def lire_tout(dossier: Path) -> dict:
    """Toutes les réponses enregistrées dans un dossier de devoir (dictionnaire vide s'il n'y en a pas)."""
    chemin = dossier / FICHIER_REPONSES
    if not chemin.exists():
        return {}
    try:
        return json.loads(chemin.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}


def module_de_correction(racine_cours: Path, devoir: str) -> ModuleType:
    """Charge ``<racine>/corrections/<devoir>.py`` (module du formateur, jamais diffusé)."""
    chemin = racine_cours / "corrections" / f"{devoir}.py"
    spec = importlib.util.spec_from_file_location(f"corrections_{devoir}", chemin)
    if spec is None or spec.loader is None or not chemin.exists():
        raise FileNotFoundError(f"Correction introuvable pour le devoir « {devoir} » : {chemin}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corriger(devoir: str, question: str, reponse: object, *, sur: Decimal | int | str) -> Verdict:
    """Cellule de test cachée : enregistre la réponse et la corrige avec le module du formateur.

    Appelée au moment de ``nbgrader autograde`` ; la graine de l'apprenant vient
    de :func:`graders.variantes.graine`. ``question`` est aussi l'identifiant
    (``grade_id``) de la cellule de test, et ``sur`` ses points : l'outil formateur
    s'appuie sur cette convention pour recorriger à partir de ``reponses.json``.
    """
    from graders.variantes import graine

    enregistrer(question, reponse)
    graine_variante, ctx = graine(devoir)
    racine = ctx.racine_cours or _racine_depuis_dossier(Path.cwd())
    module = module_de_correction(racine, devoir)
    return module.corriger(question, relire(canonique(reponse)), graine_variante, sur=sur)


def _racine_depuis_dossier(dossier: Path) -> Path:
    """Racine du cours à partir du dossier d'un carnet (``<racine>/autograded/<apprenant>/<devoir>``)."""
    for parent in dossier.resolve().parents:
        if (parent / "nbgrader_config.py").exists():
            return parent
    raise FileNotFoundError("Racine du cours introuvable : lancez la correction depuis le dossier du cours.")
