"""Erreurs comptables typées, aux messages en français.

Toute erreur de saisie ou de tenue du livre est une sous-classe de
:class:`ErreurComptable`. Son message dit ce qui ne va pas, avec les chiffres,
et comment corriger. Les erreurs de programmation restent des ``assert``.

Utilisé par toutes les activités du référentiel (B1 à B4) : les formulaires
affichent ``str(erreur)`` à côté du champ fautif.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class ErreurComptable(Exception):
    """Base de toutes les erreurs comptables du noyau.

    Args:
        message: phrase en français qui décrit l'erreur et dit quoi corriger.
        champ: nom du champ de saisie concerné (``"compte"``, ``"debit"``...),
            pour qu'un formulaire place le message au bon endroit.
    """

    def __init__(self, message: str, *, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ

    def __str__(self) -> str:
        return self.message


class MontantInvalide(ErreurComptable, ValueError):
    """Un montant saisi ne peut pas être lu (``12,3,4``, ``abc``, un ``float``)."""


class CompteInconnu(ErreurComptable, KeyError):
    """Le numéro de compte n'est ni un compte du PCG ni un sous-compte d'un compte du PCG.

    Args:
        numero: le numéro saisi.
        suggestions: comptes valides proches, à proposer à l'apprenant.
    """

    def __init__(self, numero: str, suggestions: Sequence[str] = (), message: str | None = None) -> None:
        self.numero = numero
        self.suggestions = tuple(suggestions)
        if message is None:
            message = f"Le compte « {numero} » n'existe pas dans le plan comptable général."
            if self.suggestions:
                message += " Comptes proches : " + ", ".join(self.suggestions) + "."
            else:
                message += " Vérifiez le numéro : il doit commencer par un compte du PCG (classes 1 à 8)."
        super().__init__(message, champ="compte")

    def __str__(self) -> str:  # KeyError ajoute des guillemets sinon
        return self.message


class LigneInvalide(ErreurComptable, ValueError):
    """Une ligne d'écriture est mal formée (débit et crédit à la fois, montant négatif ou nul)."""


class EcritureInvalide(ErreurComptable, ValueError):
    """Une écriture est incomplète (libellé vide, moins de deux lignes, journal inconnu...)."""


class EcritureDesequilibree(EcritureInvalide):
    """Le total des débits diffère du total des crédits.

    Attributes:
        total_debit, total_credit, ecart: les montants en ``Decimal``.
    """

    def __init__(self, message: str, *, total_debit, total_credit) -> None:
        super().__init__(message, champ="lignes")
        self.total_debit = total_debit
        self.total_credit = total_credit
        self.ecart = total_debit - total_credit


class JournalInconnu(EcritureInvalide):
    """Le code journal n'est pas ouvert dans le livre."""


class DateHorsExercice(ErreurComptable, ValueError):
    """La date de l'écriture n'est pas comprise dans l'exercice du livre."""


class PeriodeCloturee(ErreurComptable):
    """La période de l'écriture est clôturée : elle n'accepte plus d'écriture."""


class EcritureIntrouvable(ErreurComptable, LookupError):
    """Aucune écriture passée ne porte ce numéro."""


class ContrePassationImpossible(ErreurComptable):
    """L'écriture a déjà été contre-passée, ou n'est pas une écriture passée du livre."""


class ExerciceInvalide(ErreurComptable, ValueError):
    """Les dates d'ouverture et de clôture de l'exercice sont incohérentes."""


@dataclass(frozen=True, slots=True)
class Anomalie:
    """Un manquement relevé dans un fichier (FEC, relevé bancaire...).

    Attributes:
        ligne: numéro de ligne dans le fichier (1 = la ligne d'en-tête).
        champ: la colonne concernée, ou ``""`` pour la ligne entière.
        message: ce qui ne va pas, en français.
        bloquante: ``True`` pour une erreur, ``False`` pour une simple alerte.
    """

    ligne: int
    champ: str
    message: str
    bloquante: bool = True

    def __str__(self) -> str:
        genre = "erreur" if self.bloquante else "alerte"
        lieu = f"ligne {self.ligne}" + (f", champ {self.champ}" if self.champ else "")
        return f"{lieu} ({genre}) : {self.message}"


class FichierInvalide(ErreurComptable, ValueError):
    """Un fichier importé ne respecte pas son format ; rien n'a été importé.

    Attributes:
        anomalies: toutes les anomalies relevées, chacune avec sa ligne.
    """

    def __init__(self, nom: str, anomalies: Sequence[Anomalie], limite: int = 10) -> None:
        self.anomalies = tuple(anomalies)
        bloquantes = [a for a in self.anomalies if a.bloquante]
        lignes = "\n".join(f"  - {a}" for a in bloquantes[:limite])
        reste = len(bloquantes) - limite
        suite = f"\n  ... et {reste} autre(s)." if reste > 0 else ""
        message = (
            f"Le fichier « {nom} » n'a pas été importé : {len(bloquantes)} erreur(s).\n"
            f"{lignes}{suite}\nCorrigez le fichier puis importez-le de nouveau."
        )
        super().__init__(message, champ="fichier")


class FecInvalide(FichierInvalide):
    """Le fichier des écritures comptables ne respecte pas l'article A47 A-1 du LPF."""
