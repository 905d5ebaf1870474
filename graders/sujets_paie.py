"""Sujets du bloc 3 (paie) : les données de chaque apprenant, sans les réponses.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : une entreprise
(effectif, taux d'accident du travail), un salarié (statut, salaire de base, taux de prélèvement
à la source) et les éléments variables d'un mois (heures supplémentaires, prime, absence). Les
réponses attendues ne sont pas ici : la correction du formateur les calcule avec
:mod:`compta_kernel.paie`.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel.paie import ElementsVariables, Employeur, Salarie
from compta_kernel.presentation import format_montant, format_taux

PERIODE = "2026-10"
ENTREPRISES = (
    ("Transports Lefèvre SARL", "Orléans"),
    ("Cabinet d'architecture Noël", "Rennes"),
    ("Pâtisserie Girard", "Lyon"),
    ("Informatique Mercier SAS", "Lille"),
    ("Jardinerie Fontaine", "Angers"),
    ("Garage Chevalier", "Dijon"),
)
SALARIES = (
    ("Lambert Chloé", "Assistante de gestion", "non_cadre"),
    ("Roux Mehdi", "Technicien de maintenance", "non_cadre"),
    ("Faure Camille", "Comptable", "non_cadre"),
    ("Blanc Antoine", "Responsable administratif", "cadre"),
    ("Gauthier Inès", "Cheffe de projet", "cadre"),
    ("Perrin Lucas", "Ingénieur commercial", "cadre"),
)
EFFECTIFS = (8, 15, 35, 60)
TAUX_AT = (Decimal("0.0090"), Decimal("0.0110"), Decimal("0.0145"), Decimal("0.0210"))
TAUX_PAS = (Decimal("0.015"), Decimal("0.035"), Decimal("0.060"), Decimal("0.085"))


@dataclass(frozen=True)
class SujetBulletin:
    """Le mois de paie d'un salarié : contrat, entreprise et éléments variables.

    Attributes:
        entreprise, ville: l'employeur.
        effectif: effectif de l'entreprise.
        taux_accident_travail: taux AT/MP notifié.
        salarie: le salarié (:class:`compta_kernel.paie.Salarie`).
        emploi: son emploi.
        periode: le mois (``"2026-10"``).
        variables: éléments variables du mois (:class:`compta_kernel.paie.ElementsVariables`).
    """

    entreprise: str
    ville: str
    effectif: int
    taux_accident_travail: Decimal
    salarie: Salarie
    emploi: str
    periode: str
    variables: ElementsVariables

    @property
    def employeur(self) -> Employeur:
        """L'employeur, pour :func:`compta_kernel.paie.bulletin`."""
        return Employeur(self.effectif, self.taux_accident_travail, raison_sociale=self.entreprise)

    def _repr_html_(self) -> str:
        e = html.escape
        s, v = self.salarie, self.variables
        lignes = [
            ("Employeur", f"{self.entreprise} ({self.ville}), {self.effectif} salariés"),
            ("Taux accidents du travail", format_taux(self.taux_accident_travail)),
            ("Salarié", f"{s.nom}, {self.emploi}, {'cadre' if s.est_cadre else 'non cadre'}"),
            ("Salaire de base", f"{format_montant(s.salaire_base)} pour 151,67 h (35 h par semaine)"),
            ("Taux de prélèvement à la source", format_taux(s.taux_prelevement_source, 1)),
            ("Mois de paie", "octobre 2026"),
            ("Heures supplémentaires à 25 %", f"{v.heures_sup_25} h"),
            ("Prime exceptionnelle", format_montant(v.primes)),
            ("Absence non rémunérée", f"{v.absences_heures} h (retenue au taux horaire moyen)"),
        ]
        corps = "".join(
            f"<tr><td>{e(a)}</td><td style='padding-left:1em'>{e(b)}</td></tr>" for a, b in lignes
        )
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:44em;font-family:sans-serif">'
            f"<strong>Éléments de paie du mois</strong><table>{corps}</table></div>"
        )


def bulletin(graine: bytes) -> SujetBulletin:
    """Le mois de paie de l'apprenant de cette graine."""
    hasard = random.Random(b"b3_bulletin" + graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    nom, emploi, statut = hasard.choice(SALARIES)
    if statut == "cadre":
        salaire = Decimal(hasard.randrange(4200, 6200, 10))
    else:
        salaire = Decimal(hasard.randrange(2000, 3200, 10))
    salarie = Salarie(
        nom, statut, salaire.quantize(Decimal("0.01")), taux_prelevement_source=hasard.choice(TAUX_PAS)
    )
    variables = ElementsVariables(
        heures_sup_25=Decimal(hasard.randrange(4, 13)),
        primes=Decimal(hasard.randrange(100, 450, 50)),
        absences_heures=Decimal(hasard.choice((0, 7, 7, 14))),
    )
    return SujetBulletin(
        entreprise,
        ville,
        hasard.choice(EFFECTIFS),
        hasard.choice(TAUX_AT),
        salarie,
        emploi,
        PERIODE,
        variables,
    )
