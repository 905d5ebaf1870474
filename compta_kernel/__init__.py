"""Noyau comptable du cours « Assistant comptable » : Python pur, sans Jupyter.

Le noyau tient la comptabilité d'une entreprise fictive comme un logiciel
comptable français : plan comptable général (:mod:`compta_kernel.pcg`),
montants exacts (:mod:`compta_kernel.montants`), écritures équilibrées
(:mod:`compta_kernel.ecritures`), livre et journaux (:mod:`compta_kernel.livre`),
états (:mod:`compta_kernel.etats`) et fichier des écritures comptables
(:mod:`compta_kernel.fec`). Les erreurs sont typées et parlent français
(:mod:`compta_kernel.erreurs`).

>>> import datetime as dt
>>> from compta_kernel import Ecriture, Ligne, Livre, montant
>>> livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
>>> _ = livre.passer(Ecriture("AC", dt.date(2026, 1, 15), "FA-118", "Achat marchandises Durand", (
...     Ligne("607", debit=montant("1 000,00")), Ligne("44566", debit=montant("200,00")),
...     Ligne("401DURAND", credit=montant("1 200,00")))))
>>> livre.balance()["solde_crediteur"].sum()
Decimal('1200.00')

pandas n'est importé qu'au premier état demandé : ``import compta_kernel`` reste rapide.
"""

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.erreurs import (
    Anomalie,
    CompteInconnu,
    ContrePassationImpossible,
    DateHorsExercice,
    EcritureDesequilibree,
    EcritureIntrouvable,
    EcritureInvalide,
    ErreurComptable,
    ExerciceInvalide,
    FecInvalide,
    FichierInvalide,
    JournalInconnu,
    LigneInvalide,
    MontantInvalide,
    PeriodeCloturee,
)
from compta_kernel.immobilisations import (
    FichierImmobilisations,
    Immobilisation,
    cession,
    plan_amortissement,
    plan_derogatoire,
)
from compta_kernel.livre import Livre
from compta_kernel.montants import CENT, ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant

__all__ = [
    "CENT",
    "ZERO",
    "Anomalie",
    "CompteInconnu",
    "ContrePassationImpossible",
    "DateHorsExercice",
    "Ecriture",
    "EcritureDesequilibree",
    "EcritureIntrouvable",
    "EcritureInvalide",
    "ErreurComptable",
    "ExerciceInvalide",
    "FecInvalide",
    "FichierImmobilisations",
    "FichierInvalide",
    "Immobilisation",
    "JournalInconnu",
    "Ligne",
    "LigneInvalide",
    "Livre",
    "MontantInvalide",
    "PeriodeCloturee",
    "arrondir",
    "cession",
    "format_date",
    "format_montant",
    "montant",
    "pcg",
    "plan_amortissement",
    "plan_derogatoire",
]
