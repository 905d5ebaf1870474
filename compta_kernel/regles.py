"""Règles datées : taux, plafonds, coefficients, seuils et délais, avec leur source.

Le code ne contient aucun taux. Chaque valeur vit dans un fichier de données par
année et par domaine (``donnees/regles/<année>/<domaine>.yaml``) avec sa source
légale (article de code, décret, page BOFiP ou URSSAF) et sa date d'effet ; on
demande « la valeur en vigueur à telle date » :

>>> import datetime as dt
>>> regle("tva.taux.normal", dt.date(2026, 3, 1)).valeur
Decimal('0.20')
>>> regle("tva.taux.normal", dt.date(2026, 3, 1)).source.startswith("CGI, art. 278")
True

Format d'un fichier : ``annee``, ``domaine`` et ``regles`` (clé → ``valeur``,
``unite``, ``libelle``, ``source``, ``depuis`` et, si la règle change en cours
d'année, ``jusqu_au`` puis une seconde clé datée). Utilisé par B1.3 (TVA),
B2 (dégressif, seuils fiscaux), B3 (paie) et B4 (pénalités, conservation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from compta_kernel.erreurs import ErreurComptable


class RegleInconnue(ErreurComptable, KeyError):
    """Aucune règle de ce nom n'est en vigueur à cette date dans les données du cours."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Regle:
    """Une valeur réglementaire et sa source.

    Attributes:
        cle: nom complet (``"tva.taux.normal"``).
        valeur: un ``Decimal`` pour les nombres (taux, montants), sinon la valeur telle quelle.
        unite: ``taux``, ``euros``, ``jours``, ``annees``...
        libelle: ce que la règle désigne, en français.
        source: texte légal ou page officielle qui fonde la valeur.
        depuis: date d'entrée en vigueur ; ``jusqu_au`` : dernière date d'application, s'il y en a une.
    """

    cle: str
    valeur: object
    unite: str
    libelle: str
    source: str
    depuis: dt.date
    jusqu_au: dt.date | None = None


def _lire(valeur: object) -> object:
    if isinstance(valeur, str):
        try:
            return Decimal(valeur)
        except ArithmeticError:
            return valeur
    assert not isinstance(valeur, float), (
        "Une valeur décimale s'écrit entre guillemets dans le fichier (Decimal)."
    )
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        return valeur
    return Decimal(valeur)


@cache
def _fichiers(annee: int) -> dict[str, list[Regle]]:
    import yaml

    dossier = resources.files("compta_kernel") / "donnees" / "regles" / str(annee)
    regles: dict[str, list[Regle]] = {}
    if not dossier.is_dir():
        return regles
    for fichier in sorted(dossier.iterdir(), key=lambda f: f.name):
        if not fichier.name.endswith(".yaml"):
            continue
        contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        assert contenu["annee"] == annee, f"{fichier.name} : année {contenu['annee']} rangée dans {annee}"
        domaine = contenu["domaine"]
        for cle, r in contenu["regles"].items():
            nom = cle.split("@")[0]  # « taux@2026-07 » : seconde valeur de la même règle dans l'année
            assert r.get("source"), f"{domaine}.{cle} : chaque valeur cite sa source"
            regles.setdefault(f"{domaine}.{nom}", []).append(
                Regle(
                    f"{domaine}.{nom}",
                    _lire(r["valeur"]),
                    r.get("unite", ""),
                    r.get("libelle", ""),
                    r["source"],
                    r["depuis"],
                    r.get("jusqu_au"),
                )
            )
    return regles


def regle(cle: str, date: dt.date) -> Regle:
    """La règle ``cle`` en vigueur le jour ``date``.

    Raises:
        RegleInconnue: si les données du cours n'ont pas cette règle pour cette date.
    """
    candidates = [
        r
        for r in _fichiers(date.year).get(cle, [])
        if r.depuis <= date and (r.jusqu_au is None or date <= r.jusqu_au)
    ]
    if not candidates:
        annees = annees_disponibles()
        raise RegleInconnue(
            f"La règle « {cle} » n'est pas connue pour le {date:%d/%m/%Y} "
            f"(années disponibles dans les données du cours : {', '.join(map(str, annees)) or 'aucune'})."
        )
    return max(candidates, key=lambda r: r.depuis)


def valeur(cle: str, date: dt.date):
    """Raccourci : la valeur de la règle ``cle`` en vigueur le jour ``date``."""
    return regle(cle, date).valeur


def regles(date: dt.date, prefixe: str = "") -> dict[str, Regle]:
    """Toutes les règles en vigueur à une date (celles dont la clé commence par ``prefixe``)."""
    resultat = {}
    for cle in _fichiers(date.year):
        if cle.startswith(prefixe):
            try:
                resultat[cle] = regle(cle, date)
            except RegleInconnue:
                continue
    return resultat


def annees_disponibles() -> tuple[int, ...]:
    """Années pour lesquelles le cours a des fichiers de règles."""
    dossier = resources.files("compta_kernel") / "donnees" / "regles"
    return tuple(sorted(int(d.name) for d in dossier.iterdir() if d.name.isdigit()))
