"""Aides de test : un livre écrit comme un journal en texte (à la manière de beancount ``load_doc``).

Format, une écriture par bloc ::

    2026-01-15 AC FA-118 Achat marchandises Durand
      607          1000,00
      44566         200,00
      401DURAND              1200,00

Chaque ligne d'écriture : compte, débit, crédit (« - » ou rien pour zéro) ; un
compte suivi de ``@CODE`` porte un tiers (« 411 @DUPONT »).
"""

from __future__ import annotations

import datetime as dt

from compta_kernel import Ecriture, Ligne, Livre


def ecritures_depuis_texte(texte: str) -> list[Ecriture]:
    """Lit les écritures d'un journal écrit en texte."""
    ecritures: list[Ecriture] = []
    entete = None
    lignes: list[Ligne] = []

    def fermer():
        if entete:
            jour, journal, piece, libelle = entete
            ecritures.append(Ecriture(journal, jour, piece, libelle, tuple(lignes)))

    for brute in texte.splitlines():
        if not brute.strip() or brute.strip().startswith("#"):
            continue
        if not brute.startswith((" ", "\t")):
            fermer()
            jour, journal, piece, libelle = brute.split(maxsplit=3)
            entete = (dt.date.fromisoformat(jour), journal, piece, libelle)
            lignes = []
            continue
        morceaux = brute.split()
        compte, tiers = morceaux[0], ""
        if len(morceaux) > 1 and morceaux[1].startswith("@"):
            tiers = morceaux.pop(1)[1:]
        debit = morceaux[1] if len(morceaux) > 1 and morceaux[1] != "-" else "0"
        credit = morceaux[2] if len(morceaux) > 2 and morceaux[2] != "-" else "0"
        lignes.append(Ligne(compte, debit=debit, credit=credit, tiers=tiers))
    fermer()
    return ecritures


def livre_depuis_texte(texte: str, debut=dt.date(2026, 1, 1), fin=dt.date(2026, 12, 31), **options) -> Livre:
    """Un livre d'exercice où toutes les écritures du texte sont passées (validées le 31/12 de l'exercice)."""
    options.setdefault("horloge", lambda: fin)
    livre = Livre(debut, fin, **options)
    for ecriture in ecritures_depuis_texte(texte):
        livre.passer(ecriture)
    return livre
