"""Documents rédigés : gabarits Jinja2, lecture d'un texte ou d'un DOCX, contrôle des éléments exigés.

Socle commun des documents du bloc 4 : lettres de relance (:mod:`compta_kernel.relances`),
convocations et invitations (:mod:`compta_kernel.reunions`), courriels
(:mod:`compta_kernel.messages`). Les gabarits vivent dans ``donnees/gabarits/`` ; un
contrôle rend un :class:`Controle` : les éléments vérifiés et chaque :class:`Manque` (élément
absent ou faux), avec son critère du référentiel et un message qui dit quoi écrire.

Les comparaisons ignorent accents, casse et espaces (:func:`normaliser`) ; dates et montants
sont relus quel que soit leur format :

>>> sorted(montants_du_texte("Total : 10 139,86 € dont 40 €"))
[Decimal('40.00'), Decimal('10139.86')]
>>> sorted(dates_du_texte("le 2 mars 2026 ou le 10/03/2026"))
[datetime.date(2026, 3, 2), datetime.date(2026, 3, 10)]
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import arrondir

_GABARITS = "donnees/gabarits"
_SUFFIXES = (".docx", ".txt", ".html", ".md", ".eml", ".ics")


class DocumentIllisible(ErreurComptable, ValueError):
    """Le document à contrôler n'est ni un texte ni un fichier lisible."""


@cache
def _environnement():
    from importlib import resources

    import jinja2

    dossier = resources.files("compta_kernel") / _GABARITS
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(dossier)),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def rendre(gabarit: str, **contexte) -> str:
    """Remplit le gabarit ``donnees/gabarits/<gabarit>`` (HTML échappé pour les ``.html.j2``)."""
    return _environnement().get_template(gabarit).render(**contexte)


def normaliser(texte: str) -> str:
    """Texte sans accents, en minuscules, apostrophes, guillemets et espaces unifiés (pour comparer)."""
    texte = texte.replace("’", "'").replace("‘", "'").replace("«", '"').replace("»", '"')
    sans = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return " ".join(sans.casefold().split())


_MOIS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)  # fmt: skip
_DATE_CHIFFRES = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DATE_LETTRES = re.compile(r"\b(\d{1,2})(?:er)? (" + "|".join(_MOIS) + r") (\d{4})\b")
_MONTANT = re.compile(r"(?<![\d/.,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:[,.](\d{1,2}))?(?![\d/])")


def dates_du_texte(texte: str) -> set[dt.date]:
    """Les dates écrites « 31/01/2026 » ou « 31 janvier 2026 » (« 1er avril 2026 ») dans un texte."""
    normalise = normaliser(texte)
    dates = set()
    trouvees = [(a, m, j) for j, m, a in _DATE_CHIFFRES.findall(normalise)]
    trouvees += [(a, _MOIS.index(mois) + 1, j) for j, mois, a in _DATE_LETTRES.findall(normalise)]
    for a, m, j in trouvees:
        try:
            dates.add(dt.date(int(a), int(m), int(j)))
        except ValueError:
            continue
    return dates


def montants_du_texte(texte: str) -> set[Decimal]:
    """Les montants écrits dans un texte (« 10 139,86 € », « 10139.86 », « 40 € »), au centime."""
    propre = normaliser(texte.replace("\u202f", " ").replace("\xa0", " "))
    propre = _DATE_CHIFFRES.sub(" ", propre)
    trouves = set()
    for entier, decimales in _MONTANT.findall(propre):
        entier = re.sub(r"[ .]", "", entier)
        trouves.add(arrondir(Decimal(f"{entier}.{decimales or '0'}")))
    return trouves


def lire_texte(document: object) -> str:
    """Le texte d'un document : une chaîne, ou un fichier .docx (paragraphes et tableaux), .txt, .html...

    Raises:
        DocumentIllisible: ni texte ni fichier lisible.
    """
    chemin = None
    if isinstance(document, Path):
        chemin = document
    elif isinstance(document, str) and "\n" not in document and document.endswith(_SUFFIXES):
        chemin = Path(document) if Path(document).is_file() else None
    if chemin is not None and chemin.suffix == ".docx":
        from docx import Document

        doc = Document(str(chemin))
        morceaux = [p.text for p in doc.paragraphs]
        morceaux += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join(morceaux)
    if chemin is not None:
        return chemin.read_text(encoding="utf-8")
    if isinstance(document, bytes):
        return document.decode("utf-8")
    if not isinstance(document, str):
        raise DocumentIllisible(
            f"Le document à vérifier ({type(document).__name__}) n'est pas lisible : donnez un texte ou "
            "le chemin d'un fichier .docx, .txt ou .html.",
            champ="document",
        )
    return document


@dataclass(frozen=True)
class Manque:
    """Un élément manquant ou faux d'un document.

    Attributes:
        element: code stable de l'élément (``"creancier_nom"``, ``"L441-16"``, ``"ordre_du_jour"``...).
        message: ce qui manque ou ce qui est faux, et quoi écrire, en français.
        critere: critère du référentiel concerné (``"B4.2-K06"``...).
    """

    element: str
    message: str
    critere: str


@dataclass(frozen=True)
class Controle:
    """Résultat d'un contrôle de document : les éléments vérifiés et ceux qui manquent ou sont faux."""

    verifies: tuple[str, ...]
    manques: tuple[Manque, ...]

    @property
    def complete(self) -> bool:
        """Vrai si aucun élément ne manque ni n'est faux."""
        return not self.manques

    @property
    def elements_manquants(self) -> tuple[str, ...]:
        """Codes des éléments manquants ou faux, sans doublon, dans l'ordre du contrôle."""
        return tuple(dict.fromkeys(m.element for m in self.manques))

    def __str__(self) -> str:
        if self.complete:
            return f"Document complet : {len(self.verifies)} éléments vérifiés."
        return "\n".join(f"- {m.message}" for m in self.manques)


class Controleur:
    """Accumule les éléments vérifiés et manquants d'un contrôle (un appel :meth:`exiger` par élément)."""

    def __init__(self, critere: str) -> None:
        self.critere = critere
        self._verifies: list[str] = []
        self._manques: list[Manque] = []

    def exiger(self, ok: bool, element: str, message: str, critere: str | None = None) -> bool:
        """Note l'élément vérifié si ``ok``, sinon un :class:`Manque` ; renvoie ``ok``."""
        if ok:
            self._verifies.append(element)
        else:
            self._manques.append(Manque(element, message, critere or self.critere))
        return ok

    def resultat(self) -> Controle:
        """Le :class:`Controle` (un élément vérifié puis trouvé manquant ailleurs reste manquant)."""
        manquants = {m.element for m in self._manques}
        verifies = tuple(e for e in dict.fromkeys(self._verifies) if e not in manquants)
        return Controle(verifies, tuple(self._manques))
