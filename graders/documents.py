"""Correction d'un document rédigé (lettre de relance, convocation, courriel) : éléments exigés.

Un document est juste quand il contient chaque élément que le critère exige
(le nom du créancier, la référence de la facture, le montant, le délai...).
Chaque exigence est un motif (expression régulière) ou une liste de formulations
acceptées, comparés sans tenir compte des accents, de la casse ni des espaces ;
chaque élément absent est nommé dans une remarque. Ce que des règles ne peuvent
juger (le ton, la clarté) relève de la correction manuelle du formateur.

Utilisé par B4.1 (messages, réunions) et B4.2 (documents commerciaux, relances).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from graders.verdict import Verdict, evaluer

Exigence = str | Sequence[str] | Callable[[str], bool]


def normaliser(texte: str) -> str:
    """Texte sans accents, en minuscules, espaces (y compris insécables) réduites à une seule."""
    sans_accents = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in sans_accents if not unicodedata.combining(c))
    return " ".join(sans_accents.casefold().split())


_SUFFIXES = (".txt", ".md", ".html", ".docx")


def _chemin(document: object) -> Path | None:
    if isinstance(document, Path):
        return document
    if isinstance(document, str) and "\n" not in document and document.endswith(_SUFFIXES):
        chemin = Path(document)
        return chemin if chemin.is_file() else None
    return None


def lire_document(document: object) -> str:
    """Le texte d'un document : une chaîne, ou un fichier .txt, .md, .html ou .docx."""
    if document is None or document is Ellipsis:
        raise NotImplementedError
    chemin = _chemin(document)
    if chemin is not None and chemin.suffix == ".docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(chemin)).paragraphs)
    texte = chemin.read_text(encoding="utf-8") if chemin is not None else str(document)
    if not texte.strip():
        raise NotImplementedError
    return texte


def _present(texte: str, exigence: Exigence) -> bool:
    if callable(exigence):
        return bool(exigence(texte))
    motifs = [exigence] if isinstance(exigence, str) else list(exigence)
    normalise = normaliser(texte)
    return any(re.search(normaliser(m), normalise) for m in motifs)


def verifier_elements(
    document: object,
    exigences: Mapping[str, Exigence],
    *,
    sur: Decimal | int | str = 1,
    criteres: Iterable[str] = (),
    quoi: str = "le document",
) -> Verdict:
    """Vérifie qu'un document contient chaque élément exigé.

    Args:
        document: le texte (ou le chemin d'un fichier .txt/.md/.html/.docx).
        exigences: nom lisible de l'élément → motif, liste de formulations, ou fonction.

    Returns:
        Un :class:`Verdict` : la part des éléments présents ; un élément manquant = une remarque.
    """
    criteres = tuple(criteres)

    def corriger() -> Verdict:
        texte = lire_document(document)
        presents = [nom for nom, e in exigences.items() if _present(texte, e)]
        manquants = [nom for nom in exigences if nom not in presents]
        return Verdict.proportion(
            len(presents),
            len(exigences),
            sur,
            remarques=[f"Élément manquant ou incorrect : {nom}." for nom in manquants],
            criteres=criteres,
            reussites=[f"Présent : {nom}" for nom in presents],
        )

    return evaluer(corriger, sur=sur, criteres=criteres, quoi=quoi)
