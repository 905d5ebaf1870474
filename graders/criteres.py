"""Critères d'évaluation du référentiel et leur couverture par les carnets du cours.

Le référentiel de la certification (copie du projet :
``compta_kernel/donnees/referentiel.yaml``) définit 59 critères, chacun avec un
identifiant stable (``B1.1-K04``). Chaque cellule notée d'un carnet nbgrader dit
quels critères elle évalue :

- une cellule de test (code) : dans la première ligne de sa docstring,
  ``\"\"\"Critères B1.1-K03, B1.1-K04 : imputation et montants de la facture.\"\"\"`` ;
- une cellule notée à la main (réponse rédigée) : dans ses métadonnées,
  ``"criteres": ["B4.2-K06"]`` (ou la même mention dans son texte).

:func:`couverture` parcourt les carnets sources et dit, par bloc, quels critères
sont évalués où et lesquels ne le sont pas encore ; la grille de compétences du
jury s'appuie sur les mêmes étiquettes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

MOTIF_CRITERE = re.compile(r"\bB[1-4]\.[1-9]-K\d{2}\b")


@dataclass(frozen=True, slots=True)
class Critere:
    """Un critère d'évaluation du référentiel."""

    id: str
    texte: str
    bloc: str
    activite: str
    titre_activite: str


@dataclass(frozen=True, slots=True)
class CelluleNotee:
    """Une cellule notée d'un carnet source, avec les critères qu'elle évalue."""

    carnet: str
    cellule: str
    points: float
    criteres: tuple[str, ...]
    automatique: bool


@cache
def referentiel() -> dict:
    """Le référentiel complet (blocs, activités, compétences, critères)."""
    import yaml

    texte = (resources.files("compta_kernel") / "donnees" / "referentiel.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)


@cache
def criteres() -> dict[str, Critere]:
    """Les critères d'évaluation, par identifiant, dans l'ordre du référentiel."""
    resultat = {}
    for bloc in referentiel()["blocs"]:
        for activite in bloc["activites"]:
            for ident, texte in activite["criteres"].items():
                resultat[ident] = Critere(ident, texte, bloc["id"], activite["id"], activite["titre"])
    return resultat


def criteres_du_texte(texte: str) -> tuple[str, ...]:
    """Les identifiants de critères cités dans un texte, sans doublon, dans l'ordre."""
    return tuple(dict.fromkeys(MOTIF_CRITERE.findall(texte)))


def cellules_notees(carnet: Path) -> list[CelluleNotee]:
    """Les cellules notées d'un carnet nbgrader source et leurs critères.

    Pour une cellule de test, les critères sont lus dans la première ligne non
    vide (la docstring) ; pour une cellule notée à la main, dans ses métadonnées
    ``criteres`` puis dans son texte.
    """
    contenu = json.loads(carnet.read_text(encoding="utf-8"))
    resultat = []
    for cellule in contenu.get("cells", []):
        meta = cellule.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        source = "".join(cellule.get("source", ""))
        automatique = cellule.get("cell_type") == "code" and not meta.get("solution")
        if automatique:
            premiere = next((ligne for ligne in source.splitlines() if ligne.strip()), "")
            trouves = criteres_du_texte(premiere)
        else:
            trouves = tuple(cellule.get("metadata", {}).get("criteres", ())) or criteres_du_texte(source)
        resultat.append(
            CelluleNotee(
                f"{carnet.parent.name}/{carnet.name}",
                meta.get("grade_id", ""),
                float(meta.get("points", 0)),
                trouves,
                automatique,
            )
        )
    return resultat


def couverture(carnets: Iterable[Path]) -> dict[str, dict[str, list[CelluleNotee]]]:
    """Par bloc puis par critère, les cellules qui l'évaluent (liste vide : pas encore évalué)."""
    resultat: dict[str, dict[str, list[CelluleNotee]]] = {}
    for ident, critere in criteres().items():
        resultat.setdefault(critere.bloc, {})[ident] = []
    for carnet in carnets:
        for cellule in cellules_notees(carnet):
            for ident in cellule.criteres:
                if ident in criteres():
                    resultat[criteres()[ident].bloc][ident].append(cellule)
    return resultat


def rapport_couverture(carnets: Iterable[Path]) -> str:
    """Rapport Markdown de la couverture des critères par les cellules notées, bloc par bloc."""
    table = couverture(carnets)
    total = sum(len(c) for c in table.values())
    couverts = sum(1 for c in table.values() for cellules in c.values() if cellules)
    lignes = [
        "# Couverture des critères d'évaluation",
        "",
        f"{couverts} critères évalués sur {total}. Fichier produit par `python -m graders.criteres`.",
    ]
    for bloc, par_critere in table.items():
        lignes += ["", f"## {bloc}", "", "| Critère | Évalué par |", "|---|---|"]
        for ident, cellules in par_critere.items():
            ou = ", ".join(
                f"{c.carnet} › {c.cellule} ({'auto' if c.automatique else 'manuel'})" for c in cellules
            )
            lignes.append(f"| {ident} | {ou or '**pas encore évalué**'} |")
    return "\n".join(lignes) + "\n"


def carnets_sources(racine: Path) -> list[Path]:
    """Les carnets sources des blocs du cours (hors versions diffusées, copies et points de contrôle)."""
    return sorted(p for p in racine.glob("bloc*/**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


if __name__ == "__main__":  # pragma: no cover - point d'entrée du rapport
    import sys

    racine = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "course"
    sortie = racine / "COUVERTURE.md"
    sortie.write_text(rapport_couverture(carnets_sources(racine)), encoding="utf-8")
    print(f"Rapport écrit : {sortie}")
