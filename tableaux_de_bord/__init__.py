"""Tableaux de bord Voilà du cours : entraînement et simulateurs, servis en lecture seule.

Chaque tableau de bord est un petit carnet de ``course/tableaux_de_bord/``
(une cellule de texte, une cellule de code de deux lignes) qui appelle un
module de ce paquet ; toute la logique est ici, testable sans navigateur :

- :mod:`tableaux_de_bord.entrainement` — ``b1_entrainement.ipynb`` : comptabiliser une
  facture d'achat, variantes à volonté jusqu'à la maîtrise (B1.1) ;
- :mod:`tableaux_de_bord.tva` — ``b1_simulateur_tva.ipynb`` : lignes de la CA3 et écriture
  de liquidation à partir du chiffre d'affaires par taux et de la TVA déductible (B1.3) ;
- :mod:`tableaux_de_bord.amortissement` — ``b2_simulateur_amortissement.ipynb`` : plan
  d'amortissement linéaire ou dégressif et dérogatoires d'une immobilisation (B2.1) ;
- :mod:`tableaux_de_bord.paie` — ``b3_simulateur_paie.ipynb`` : bulletin de paie clarifié à
  partir du salaire, du statut, du temps de travail et des éléments variables du mois (B3.1) ;
- :mod:`tableaux_de_bord.penalites` — ``b4_penalites.ipynb`` : pénalités de retard et
  indemnité forfaitaire d'une facture (C. com. L441-10, D441-5 ; B4) ;
- :mod:`tableaux_de_bord.simulateur` — la base des simulateurs (champs, calcul, rendu) ;
- :mod:`tableaux_de_bord.progression` — la progression de l'apprenant (``progression.json``) ;
- :mod:`tableaux_de_bord.noyau` — le noyau sous Voilà (préchauffage, journal hors de la page) ;
- :mod:`tableaux_de_bord.serveur` et ``python -m tableaux_de_bord`` — Voilà lancé avec
  des réglages sûrs (sources masquées, pas de traces d'appels, noyaux préchauffés,
  noyaux inactifs arrêtés, boucle locale par défaut).

Ajouter un simulateur (plan d'amortissement, bulletin de paie, CA3, en attente
des modules ``compta_kernel.immobilisations``, ``paie`` et ``tva``) : un module
qui déclare ses :class:`~tableaux_de_bord.simulateur.Parametre`, une fonction de
calcul appelant le noyau et une fonction de rendu, puis un carnet de deux lignes
et une entrée dans :data:`TABLEAUX`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableauDeBord:
    """Un tableau de bord servi par Voilà.

    Attributes:
        carnet: nom du carnet dans ``course/tableaux_de_bord/``.
        titre: titre pour l'apprenant.
        module: module qui porte la logique.
        activite: activité du référentiel.
        pret: sélecteur CSS du widget qui rend le formulaire utilisable (tests, mesures).
    """

    carnet: str
    titre: str
    module: str
    activite: str
    pret: str


TABLEAUX = (
    TableauDeBord(
        "b1_entrainement.ipynb",
        "S'entraîner : comptabiliser une facture d'achat",
        "tableaux_de_bord.entrainement",
        "B1.1",
        ".tdb-verifier",
    ),
    TableauDeBord(
        "b1_simulateur_tva.ipynb",
        "Simuler une déclaration de TVA (CA3)",
        "tableaux_de_bord.tva",
        "B1.3",
        ".tdb-calculer",
    ),
    TableauDeBord(
        "b2_simulateur_amortissement.ipynb",
        "Simuler un plan d'amortissement",
        "tableaux_de_bord.amortissement",
        "B2.1",
        ".tdb-calculer",
    ),
    TableauDeBord(
        "b3_simulateur_paie.ipynb",
        "Simuler un bulletin de paie",
        "tableaux_de_bord.paie",
        "B3.1",
        ".tdb-calculer",
    ),
    TableauDeBord(
        "b4_penalites.ipynb",
        "Simuler des pénalités de retard",
        "tableaux_de_bord.penalites",
        "B4",
        ".tdb-calculer",
    ),
)

__all__ = ["TABLEAUX", "TableauDeBord"]
