"""Sujets d'exercices : les données de chaque apprenant, tirées de sa graine, sans les réponses.

Un sujet est ce que l'apprenant a sous les yeux (une facture, un relevé...),
identique pour l'apprenant et pour le correcteur puisqu'il dérive de la même
graine (:mod:`graders.variantes`). Les réponses attendues ne sont pas ici : elles
sont calculées par les modules de correction du formateur.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date, format_montant, format_taux

FOURNISSEURS = (
    ("DURAND", "Durand Distribution SARL", "Lyon"),
    ("BERTIN", "Papeterie Bertin", "Nantes"),
    ("MARCHAL", "Marchal Équipements SAS", "Lille"),
    ("OLIVIER", "Olivier & Fils", "Bordeaux"),
    ("LEGRAND", "Legrand Négoce SA", "Rennes"),
    ("NAVARRO", "Navarro Services", "Toulouse"),
)
# Nature de l'achat, désignation sur la facture, taux de TVA applicable.
ACHATS = (
    ("marchandises", "Lot de marchandises destinées à la revente", "normal"),
    ("fournitures_bureau", "Ramettes de papier, classeurs et stylos", "normal"),
    ("petit_equipement", "Petit outillage (perceuses, niveaux laser)", "normal"),
    ("matieres_premieres", "Matières premières : farine et sucre", "reduit"),
    ("entretien", "Entretien et réparation des locaux", "normal"),
)


@dataclass(frozen=True)
class SujetFactureAchat:
    """Une facture d'achat reçue, à comptabiliser."""

    code_fournisseur: str
    fournisseur: str
    ville: str
    numero: str
    date: dt.date
    nature: str
    designation: str
    taux: Decimal
    ht: Decimal
    tva: Decimal
    ttc: Decimal

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:36em;font-family:sans-serif">'
            f"<strong>{e(self.fournisseur)}</strong> — {e(self.ville)}<br>"
            f"<strong>FACTURE n° {e(self.numero)}</strong> du {format_date(self.date)}<br>"
            f"<em>{e(self.designation)}</em>"
            '<table style="margin-top:0.5em">'
            f"<tr><td>Total HT</td><td style='text-align:right'>{format_montant(self.ht)}</td></tr>"
            f"<tr><td>TVA {format_taux(self.taux)}</td><td style='text-align:right'>{format_montant(self.tva)}</td></tr>"
            f"<tr><td><strong>Net à payer TTC</strong></td><td style='text-align:right'>"
            f"<strong>{format_montant(self.ttc)}</strong></td></tr></table>"
            "Paiement à 30 jours fin de mois.</div>"
        )


def facture_achat(graine: bytes, exercice: int = 2026) -> SujetFactureAchat:
    """La facture d'achat du sujet d'un apprenant (TVA arrondie au centime, demi supérieur)."""
    hasard = random.Random(graine)
    code, nom, ville = hasard.choice(FOURNISSEURS)
    nature, designation, cle_taux = hasard.choice(ACHATS)
    date = dt.date(exercice, 1, 1) + dt.timedelta(days=hasard.randrange(0, 360))
    taux = regles.valeur(f"tva.taux.{cle_taux}", date)
    ht = Decimal(hasard.randrange(12_000, 480_000)).scaleb(-2)
    tva = arrondir(ht * taux)
    return SujetFactureAchat(
        code,
        nom,
        ville,
        f"FA{exercice % 100}-{hasard.randrange(100, 9999):04d}",
        date,
        nature,
        designation,
        taux,
        ht,
        tva,
        ht + tva,
    )
