"""Sujets du bloc 2, activités B2.2 et B2.3 (régularisations de clôture) : les données de chaque apprenant.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : le livre
d'une entreprise avant inventaire et les informations d'inventaire (prime d'assurance à
cheval sur deux exercices, abonnement facturé d'avance, facture non parvenue, client
douteux, stock de marchandises) de :func:`regularisations`. Les réponses attendues ne
sont pas ici : la correction du formateur les calcule avec :mod:`compta_kernel.cloture`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.livre import Livre
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date, format_montant, format_taux
from graders.sujets_immobilisations import ENTREPRISES, _carte, _euros

EXERCICE = 2026
CLOTURE = dt.date(EXERCICE, 12, 31)
ASSUREURS = ("Mutuelle du Commerce", "Assurances Garnier", "Prévoyance Atlantique")
CLIENTS = ("Dubois SARL", "Chevalier et fils", "Lambert Distribution", "Épicerie Royer")
FOURNISSEURS = ("Grossiste Marchand", "Distri'Est", "Comptoir Lefèvre")
ABONNES = ("Cabinet Perrin", "Hôtel du Parc", "Clinique Saint-Jean")


def _fin_de_mois(annee: int, mois: int) -> dt.date:
    return dt.date(annee, mois, calendar.monthrange(annee, mois)[1])


def _periode_de_12_mois(debut_mois: int) -> tuple[dt.date, dt.date]:
    debut = dt.date(EXERCICE, debut_mois, 1)
    fin_mois = debut_mois - 1 or 12
    return debut, _fin_de_mois(EXERCICE + (debut_mois > 1), fin_mois)


@dataclass(frozen=True)
class SujetRegularisations:
    """Une entreprise au 31/12/2026, avant inventaire, et ses informations d'inventaire.

    Attributes:
        assurance: (montant HT, début, fin) de la prime annuelle comptabilisée en 616.
        abonnement: (montant HT, début, fin) de l'abonnement facturé d'avance, en 706.
        facture_non_parvenue: (fournisseur, montant HT) des marchandises livrées en décembre (607).
        client_douteux: (nom, créance TTC, taux de perte probable) du client transféré en 416.
        stock_initial, stock_final: stock de marchandises (37) au 01/01 et au 31/12.
        taux_tva: taux normal de TVA.
    """

    entreprise: str
    ville: str
    assurance: tuple[Decimal, dt.date, dt.date]
    assureur: str
    abonnement: tuple[Decimal, dt.date, dt.date]
    abonne: str
    facture_non_parvenue: tuple[str, Decimal]
    client_douteux: tuple[str, Decimal, Decimal]
    stock_initial: Decimal
    stock_final: Decimal
    taux_tva: Decimal

    def livre(self) -> Livre:
        """Le livre 2026 avant inventaire (un nouveau livre à chaque appel)."""
        livre = Livre(
            dt.date(EXERCICE, 1, 1), CLOTURE, raison_sociale=self.entreprise, horloge=lambda: CLOTURE
        )
        nom, creance, _ = self.client_douteux
        capital = self.stock_initial + creance + Decimal(20000)
        e = [
            Ecriture(
                "AN",
                dt.date(EXERCICE, 1, 1),
                "AN",
                "À-nouveaux",
                (
                    Ligne("37", debit=self.stock_initial),
                    Ligne("411", debit=creance, tiers="DOUTEUX"),
                    Ligne("512", debit="20000"),
                    Ligne("101", credit=capital),
                ),
            ),
        ]
        prime, debut, _ = self.assurance
        e.append(
            Ecriture(
                "BQ",
                debut,
                "ASS-" + str(EXERCICE),
                f"Prime d'assurance {self.assureur}",
                (Ligne("616", debit=prime), Ligne("512", credit=prime)),
            )
        )
        abo, debut_abo, _ = self.abonnement
        tva = arrondir(abo * self.taux_tva)
        e.append(
            Ecriture(
                "VT",
                debut_abo,
                "FV-ABO",
                f"Abonnement annuel {self.abonne}",
                (
                    Ligne("411", debit=abo + tva, tiers="ABONNE"),
                    Ligne("706", credit=abo),
                    Ligne("44571", credit=tva),
                ),
            )
        )
        e.append(
            Ecriture(
                "OD",
                dt.date(EXERCICE, 11, 30),
                "DOUTEUX",
                f"Client {nom} douteux",
                (Ligne("416", debit=creance, tiers="DOUTEUX"), Ligne("411", credit=creance, tiers="DOUTEUX")),
            )
        )
        for e_ in e:
            livre.passer(e_)
        return livre

    def _repr_html_(self) -> str:
        prime, d1, f1 = self.assurance
        abo, d2, f2 = self.abonnement
        fournisseur, ht = self.facture_non_parvenue
        nom, creance, perte = self.client_douteux
        return _carte(
            f"{self.entreprise} — {self.ville} — inventaire au {format_date(CLOTURE)}",
            [
                (
                    "Prime d'assurance (616)",
                    f"{format_montant(prime)} du {format_date(d1)} au {format_date(f1)}",
                ),
                (
                    "Abonnement facturé (706)",
                    f"{format_montant(abo)} HT du {format_date(d2)} au {format_date(f2)}",
                ),
                (
                    "Facture non parvenue",
                    (
                        f"{fournisseur} : marchandises livrées le 20/12, {format_montant(ht)} HT, "
                        f"TVA {format_taux(self.taux_tva)}"
                    ),
                ),
                (
                    f"Client douteux {nom} (416)",
                    (
                        f"créance {format_montant(creance)} TTC (TVA {format_taux(self.taux_tva)}), "
                        f"perte probable {format_taux(perte)} ; aucune dépréciation antérieure"
                    ),
                ),
                (
                    "Stock de marchandises (37)",
                    f"initial {format_montant(self.stock_initial)}, final {format_montant(self.stock_final)}",
                ),
            ],
            "Prorata des CCA et PCA en mois. Écritures d'inventaire au journal de situation (SI), datées du 31/12.",
        )


def regularisations(graine: bytes) -> SujetRegularisations:
    """Le sujet de l'apprenant de cette graine (devoir ``b2_regularisations``)."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    debut_assurance, fin_assurance = _periode_de_12_mois(hasard.randrange(3, 12))
    debut_abo, fin_abo = _periode_de_12_mois(hasard.randrange(2, 12))
    taux = regles.valeur("tva.taux.normal", CLOTURE)
    creance_ht = _euros(hasard, 1_000, 9_000, 100)
    return SujetRegularisations(
        entreprise,
        ville,
        (_euros(hasard, 600, 3_000, 12), debut_assurance, fin_assurance),
        hasard.choice(ASSUREURS),
        (_euros(hasard, 1_200, 6_000, 12), debut_abo, fin_abo),
        hasard.choice(ABONNES),
        (hasard.choice(FOURNISSEURS), _euros(hasard, 500, 5_000, 10)),
        (
            hasard.choice(CLIENTS),
            arrondir(creance_ht * (1 + taux)),
            Decimal(hasard.choice((20, 30, 40, 50, 60))) / 100,
        ),
        _euros(hasard, 5_000, 20_000, 100),
        _euros(hasard, 5_000, 20_000, 100),
        taux,
    )
