"""Écritures comptables : la ligne et l'écriture, valeurs immuables.

Une :class:`Ligne` porte un compte et un montant au débit ou au crédit ; une
:class:`Ecriture` regroupe des lignes équilibrées sous un journal, une date, un
numéro de pièce et un libellé. Une écriture construite est équilibrée : le
contrôle est fait à la création, avec un message qui donne l'écart.

Les deux classes sont des valeurs : une écriture passée au livre n'est jamais
modifiée ; on la corrige par contre-passation (:meth:`Ecriture.contre_passation`).

Utilisé par toutes les activités qui comptabilisent (B1.1, B1.2, B1.3, B2, B3.2).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from compta_kernel.erreurs import EcritureDesequilibree, EcritureInvalide, LigneInvalide, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant

_COMPTE = re.compile(r"^[0-9]{2,}[A-Z0-9]*$")


def normaliser_compte(numero: object) -> str:
    """Numéro de compte en majuscules, sans espaces ni tirets (« 401 dupont » → « 401DUPONT »)."""
    return re.sub(r"[\s\-_.]", "", str(numero)).upper()


# Signes typographiques hors du jeu ISO 8859-15 du FEC, ramenés à leur équivalent.
_TYPOGRAPHIE = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "\u202f": " "}
)


def nettoyer_texte(texte: object) -> str:
    """Texte sur une ligne, prêt pour le FEC (jeu ISO 8859-15).

    Espaces, tabulations et retours à la ligne sont ramenés à une espace ; les
    apostrophes et guillemets courbes, tirets longs et points de suspension
    deviennent leurs équivalents simples (« l’avoir — mars » → « l'avoir - mars »).
    """
    return " ".join(str(texte or "").translate(_TYPOGRAPHIE).split())


def _lire_montant(valeur: object, champ: str) -> Decimal:
    if valeur is None or valeur == "":
        return ZERO
    try:
        d = montant(valeur)
    except MontantInvalide as exc:
        raise LigneInvalide(f"{champ.capitalize()} : {exc.message}", champ=champ) from exc
    if d != arrondir(d):
        raise LigneInvalide(
            f"Le {champ} {d} a plus de deux décimales : arrondissez-le au centime ({arrondir(d)}).",
            champ=champ,
        )
    return arrondir(d)


@dataclass(frozen=True, slots=True)
class Ligne:
    """Une ligne d'écriture : un compte, un montant au débit **ou** au crédit.

    Args:
        compte: numéro du compte (PCG ou sous-compte : ``"6061"``, ``"401DUPONT"``).
        debit, credit: montants positifs, au centime ; l'un des deux est nul.
        libelle: libellé propre à la ligne (par défaut celui de l'écriture).
        tiers: code du compte auxiliaire (client, fournisseur, salarié), s'il y en a un.
        echeance: date d'échéance d'une créance ou d'une dette.
        lettrage: code de lettrage (``"A"``, ``"AB"``...), vide si non lettrée.
        date_lettrage: date à laquelle la ligne a été lettrée.
        montant_devise, devise: montant et code ISO de la devise d'origine, le cas échéant.

    Raises:
        LigneInvalide: montant négatif, débit et crédit à la fois, ligne sans montant,
            compte mal formé.
    """

    compte: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    libelle: str = ""
    tiers: str = ""
    echeance: dt.date | None = None
    lettrage: str = ""
    date_lettrage: dt.date | None = None
    montant_devise: Decimal | None = None
    devise: str = ""

    def __post_init__(self) -> None:
        compte = normaliser_compte(self.compte)
        if not _COMPTE.match(compte):
            raise LigneInvalide(
                f"Le compte « {self.compte} » est mal formé : il commence par au moins deux chiffres "
                "du plan comptable (par exemple 6061, 401DUPONT).",
                champ="compte",
            )
        debit = _lire_montant(self.debit, "débit")
        credit = _lire_montant(self.credit, "crédit")
        if debit < 0 or credit < 0:
            raise LigneInvalide(
                f"Compte {compte} : montant négatif ({debit if debit < 0 else credit}). "
                "Saisissez un montant positif dans l'autre colonne (un crédit négatif est un débit).",
                champ="debit" if debit < 0 else "credit",
            )
        if debit and credit:
            raise LigneInvalide(
                f"Compte {compte} : la ligne a un débit ({debit}) et un crédit ({credit}). "
                "Une ligne est au débit ou au crédit : faites deux lignes.",
                champ="credit",
            )
        if not debit and not credit:
            raise LigneInvalide(
                f"Compte {compte} : la ligne n'a ni débit ni crédit. Saisissez un montant ou supprimez la ligne.",
                champ="debit",
            )
        object.__setattr__(self, "compte", compte)
        object.__setattr__(self, "debit", debit)
        object.__setattr__(self, "credit", credit)
        object.__setattr__(self, "libelle", nettoyer_texte(self.libelle))
        object.__setattr__(self, "tiers", normaliser_compte(self.tiers) if self.tiers else "")
        if self.montant_devise is not None:
            object.__setattr__(self, "montant_devise", arrondir(montant(self.montant_devise)))

    @property
    def solde(self) -> Decimal:
        """Débit moins crédit (positif : ligne débitrice)."""
        return self.debit - self.credit

    def inversee(self) -> Ligne:
        """La même ligne, débit et crédit échangés, sans lettrage (pour une contre-passation)."""
        return replace(self, debit=self.credit, credit=self.debit, lettrage="", date_lettrage=None)


@dataclass(frozen=True, slots=True)
class Ecriture:
    """Une écriture équilibrée d'un journal.

    Args:
        journal: code du journal (``"AC"`` achats, ``"VT"`` ventes, ``"BQ"`` banque, ``"OD"``...).
        date: date comptable de l'écriture.
        piece: référence de la pièce justificative (numéro de facture, de relevé...).
        libelle: libellé de l'écriture.
        lignes: au moins deux :class:`Ligne`, total des débits égal au total des crédits.
        numero: numéro attribué par le livre quand l'écriture est passée (vide avant).
        date_piece: date de la pièce justificative (par défaut la date de l'écriture).
        date_validation: date à laquelle le livre a validé l'écriture.

    Raises:
        EcritureInvalide: journal, pièce ou libellé vide, moins de deux lignes, date absente.
        EcritureDesequilibree: les débits ne sont pas égaux aux crédits (l'écart est donné).
    """

    journal: str
    date: dt.date
    piece: str
    libelle: str
    lignes: tuple[Ligne, ...]
    numero: str = ""
    date_piece: dt.date | None = None
    date_validation: dt.date | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        journal = str(self.journal or "").strip().upper()
        if not journal:
            raise EcritureInvalide(
                "Le journal est vide : choisissez un journal (AC, VT, BQ, OD...).", champ="journal"
            )
        if isinstance(self.date, dt.datetime):
            object.__setattr__(self, "date", self.date.date())
        if not isinstance(self.date, dt.date):
            raise EcritureInvalide(
                f"La date « {self.date} » n'est pas une date : saisissez-la au format JJ/MM/AAAA.",
                champ="date",
            )
        piece = nettoyer_texte(self.piece)
        if not piece:
            raise EcritureInvalide(
                "Le numéro de pièce est vide : reportez la référence du justificatif (facture, relevé...).",
                champ="piece",
            )
        libelle = nettoyer_texte(self.libelle)
        if not libelle:
            raise EcritureInvalide(
                "Le libellé de l'écriture est vide : décrivez l'opération (par exemple « Facture 125 Dupont »).",
                champ="libelle",
            )
        lignes = tuple(self.lignes)
        if not all(isinstance(ligne, Ligne) for ligne in lignes):
            raise EcritureInvalide("Chaque ligne de l'écriture doit être une Ligne(compte, debit, credit).")
        if len(lignes) < 2:
            raise EcritureInvalide(
                f"L'écriture « {libelle} » n'a que {len(lignes)} ligne : il faut au moins un débit et un crédit.",
                champ="lignes",
            )
        total_debit = sum((ligne.debit for ligne in lignes), ZERO)
        total_credit = sum((ligne.credit for ligne in lignes), ZERO)
        if total_debit != total_credit:
            from compta_kernel.presentation import format_montant

            ecart = total_debit - total_credit
            sens = "débits" if ecart > 0 else "crédits"
            raise EcritureDesequilibree(
                f"Écriture déséquilibrée « {libelle} » : débit {format_montant(total_debit)}, "
                f"crédit {format_montant(total_credit)}, écart {format_montant(abs(ecart))} en trop au {sens[:-1]}. "
                f"Vérifiez les montants (HT, TVA, TTC) et qu'aucune ligne ne manque.",
                total_debit=total_debit,
                total_credit=total_credit,
            )
        if isinstance(self.date_piece, dt.datetime):
            object.__setattr__(self, "date_piece", self.date_piece.date())
        object.__setattr__(self, "journal", journal)
        object.__setattr__(self, "piece", piece)
        object.__setattr__(self, "libelle", libelle)
        if any(
            ligne.libelle == libelle for ligne in lignes
        ):  # même libellé que l'écriture : pas de libellé propre
            lignes = tuple(
                replace(ligne, libelle="") if ligne.libelle == libelle else ligne for ligne in lignes
            )
        object.__setattr__(self, "lignes", lignes)
        if self.date_piece is None:
            object.__setattr__(self, "date_piece", self.date)

    @property
    def total_debit(self) -> Decimal:
        """Total des débits (égal au total des crédits)."""
        return sum((ligne.debit for ligne in self.lignes), ZERO)

    @property
    def total_credit(self) -> Decimal:
        """Total des crédits (égal au total des débits)."""
        return sum((ligne.credit for ligne in self.lignes), ZERO)

    def contre_passation(self, date: dt.date | None = None, libelle: str | None = None) -> Ecriture:
        """L'écriture inverse, qui annule celle-ci sans l'effacer.

        Args:
            date: date de la contre-passation (par défaut celle de l'écriture).
            libelle: libellé (par défaut « Contre-passation <numéro> <libellé> »).
        """
        reference = self.numero or self.piece
        return Ecriture(
            journal=self.journal,
            date=date or self.date,
            piece=self.piece,
            libelle=libelle or f"Contre-passation {reference} {self.libelle}",
            lignes=tuple(ligne.inversee() for ligne in self.lignes),
            date_piece=self.date_piece,
        )
