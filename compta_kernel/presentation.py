"""Présentation à la française : montants, dates, tableaux.

Le noyau calcule ; ce module met en forme. Rapports, formulaires et documents
passent tous par ici, pour que « 1 234,56 € » et « 31/12/2026 » s'écrivent
partout de la même façon. Les règles typographiques viennent de babel (CLDR,
locale ``fr_FR``) : espace fine insécable entre les milliers, virgule décimale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from compta_kernel.montants import arrondir, montant

LOCALE = "fr_FR"


@cache
def _babel_numbers():
    from babel import numbers

    return numbers


def format_montant(valeur: Decimal | int | str, *, devise: bool = True, vide_si_zero: bool = False) -> str:
    """Écrit un montant à la française, arrondi au centime.

    >>> format_montant("1234.5")
    '1\\u202f234,50\\xa0€'
    >>> format_montant(-12, devise=False)
    '-12,00'

    Args:
        valeur: le montant (``Decimal``, ``int`` ou texte accepté par :func:`montant`).
        devise: ajoute le symbole « € ».
        vide_si_zero: renvoie ``""`` pour zéro (colonnes débit/crédit d'un journal).
    """
    d = arrondir(montant(valeur))
    if vide_si_zero and not d:
        return ""
    numbers = _babel_numbers()
    if devise:
        return numbers.format_currency(d, "EUR", locale=LOCALE)
    return numbers.format_decimal(d, format="#,##0.00", locale=LOCALE)


def format_taux(valeur: Decimal | str, decimales: int = 2) -> str:
    """Écrit un taux en pourcentage : ``Decimal("0.2")`` → « 20 % »."""
    numbers = _babel_numbers()
    motif = "#,##0" + ("." + "#" * decimales if decimales else "") + " %"
    return numbers.format_percent(montant(valeur), format=motif, locale=LOCALE)


@cache
def _babel_dates():
    from babel import dates

    return dates


def nom_mois(jour: dt.date, *, annee: bool = True, abrege: bool = False) -> str:
    """Le mois d'une date en lettres, d'après le CLDR (babel) : « janvier 2026 », « janv. 2026 ».

    >>> nom_mois(dt.date(2026, 2, 14))
    'février 2026'
    >>> nom_mois(dt.date(2027, 1, 1), abrege=True)
    'janv. 2027'
    >>> nom_mois(dt.date(2026, 8, 31), annee=False)
    'août'
    """
    motif = ("MMM" if abrege else "MMMM") + (" y" if annee else "")
    return _babel_dates().format_date(jour, motif, locale=LOCALE)


def format_date(jour: dt.date | None) -> str:
    """Écrit une date au format JJ/MM/AAAA (``""`` si absente)."""
    return jour.strftime("%d/%m/%Y") if jour else ""


def lire_date(texte: str | dt.date) -> dt.date:
    """Lit une date saisie au format JJ/MM/AAAA (ou AAAA-MM-JJ, ou déjà une date).

    Raises:
        ValueError: avec un message en français si la date est illisible.
    """
    if isinstance(texte, dt.datetime):
        return texte.date()
    if isinstance(texte, dt.date):
        return texte
    brut = str(texte).strip()
    for motif in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(brut, motif).date()
        except ValueError:
            continue
    raise ValueError(
        f"« {texte} » n'est pas une date valide : saisissez-la au format JJ/MM/AAAA, par exemple 31/12/2026."
    )


def style_francais(df):
    """Renvoie un ``Styler`` pandas qui affiche montants et dates à la française.

    Les colonnes de montants (``Decimal``) s'affichent « 1 234,56 », les dates
    « 31/12/2026 », les zéros des colonnes débit/crédit restent vides.
    """
    import pandas as pd

    formats = {}
    for nom, serie in df.items():
        if colonne_montant(serie):
            formats[nom] = lambda v: (
                "" if v is None or pd.isna(v) else format_montant(v, devise=False, vide_si_zero=True)
            )
        elif pd.api.types.is_datetime64_any_dtype(serie):
            formats[nom] = lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y")
    styler = df.style.format(formats, na_rep="")
    montants = [nom for nom in formats if colonne_montant(df[nom])]
    return styler.set_properties(subset=montants, **{"text-align": "right"}).hide(axis="index")


def colonne_montant(serie) -> bool:
    """Vrai pour une colonne de montants : décimal d'Arrow, ou objets ``Decimal``."""
    import pandas as pd
    import pyarrow as pa

    dtype = serie.dtype
    if isinstance(dtype, pd.ArrowDtype):
        return pa.types.is_decimal(dtype.pyarrow_dtype)
    if dtype == object:
        premier = serie.dropna().head(1)
        return bool(len(premier)) and isinstance(premier.iloc[0], Decimal)
    return False
