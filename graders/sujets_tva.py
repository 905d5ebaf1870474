"""Sujets du bloc 1, activité B1.3 (TVA) : le mois à déclarer de chaque apprenant, sans les réponses.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : une
entreprise au réel normal mensuel (forme, département, SIREN, qui fixent l'échéance),
le crédit de TVA reporté du mois précédent et le livre du mois (ventes à plusieurs taux,
achats, une immobilisation certains mois, une facture du mois suivant à ne pas prendre).
Les réponses (montants, écriture, CA3, échéance) sont calculées par le module de
correction du formateur avec :mod:`compta_kernel.tva`.

Les montants hors taxes sont choisis pour que chaque TVA tombe sur un euro entier : la
CA3 (en euros) et l'écriture (au centime) donnent alors les mêmes chiffres.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.livre import Livre
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date, format_montant, nom_mois

EXERCICE = 2026
# Raison sociale, forme (clé du calendrier de dépôt), ville, département.
ENTREPRISES = (
    ("Épicerie fine Caradec SARL", "societe", "Rennes", "35"),
    ("Librairie Delorme SA", "societe_anonyme", "Paris", "75"),
    ("Traiteur Lambert SAS", "societe", "Nanterre", "92"),
    ("Hôtel-restaurant Le Relais SARL", "societe", "Annecy", "74"),
    ("Pharmacie-parapharmacie Roche SA", "societe_anonyme", "Lyon", "69"),
    ("Jardinerie Morvan SAS", "societe", "Montreuil", "93"),
)
# Ventes : (compte, désignation, clé du taux).
VENTES = (
    ("707", "Ventes de marchandises", "normal"),
    ("7071", "Ventes de produits alimentaires", "reduit"),
    ("706", "Prestations de restauration", "intermediaire"),
    ("707", "Ventes de livres", "reduit"),
    ("7072", "Ventes de presse", "particulier"),
)
ACHATS = (
    ("607", "Achats de marchandises"),
    ("6061", "Électricité et eau"),
    ("6135", "Location de matériel"),
    ("6226", "Honoraires de l'expert-comptable"),
    ("6063", "Petit outillage"),
)
IMMOBILISATIONS = (
    ("2154", "Four professionnel"),
    ("2183", "Matériel informatique"),
    ("2184", "Mobilier du magasin"),
)
CLIENTS = ("DUPONT", "MARTIN", "COLLECTIVITE", "BERNARD", "PETIT")
FOURNISSEURS = ("METRO", "EDF", "LOXAM", "CABINETAUDIT", "OUTILPRO", "MOBILIA")
# Multiple du hors taxes qui donne une TVA en euros entiers, par taux.
PAS_ENTIER = {"normal": 5, "intermediaire": 10, "reduit": 200, "particulier": 1000}


@dataclass(frozen=True)
class SujetTVA:
    """Le mois de TVA à déclarer d'une entreprise au réel normal mensuel.

    Attributes:
        entreprise, forme, ville, departement, siren: l'entreprise (la forme et le lieu
            d'imposition fixent le jour limite de dépôt).
        debut, fin: le mois à déclarer.
        livre: le livre de l'exercice : la liquidation du mois précédent (crédit reporté
            ou TVA à décaisser), les écritures du mois, une facture du mois suivant.
    """

    entreprise: str
    forme: str
    ville: str
    departement: str
    siren: str
    debut: dt.date
    fin: dt.date
    livre: Livre

    @property
    def mois(self) -> str:
        """Le mois déclaré en toutes lettres (« mars 2026 »)."""
        return nom_mois(self.debut)

    def journal(self):
        """Les écritures du livre (tous journaux), dans l'ordre des dates."""
        return self.livre.journal().sort_values(["date", "numero"], kind="stable").reset_index(drop=True)

    def _repr_html_(self) -> str:
        e = html.escape
        formes = {"societe": "société (SARL, SAS)", "societe_anonyme": "société anonyme"}
        entete = (
            f"<strong>{e(self.entreprise)}</strong> — {e(self.ville)} ({e(self.departement)}) — "
            f"{e(formes.get(self.forme, self.forme))}, SIREN {e(self.siren)}<br>"
            f"Régime réel normal, CA3 mensuelle. Déclaration à préparer : <strong>{e(self.mois)}</strong> "
            "(TVA sur les débits pour toutes les opérations)."
        )
        lignes = []
        for ecriture in sorted(self.livre.ecritures(), key=lambda x: (x.date, x.numero)):
            for i, ligne in enumerate(ecriture.lignes):
                tete = (
                    f"<td>{format_date(ecriture.date)}</td><td>{e(ecriture.journal)}</td>"
                    f"<td>{e(ecriture.piece)}</td><td>{e(ecriture.libelle)}</td>"
                    if i == 0
                    else "<td></td><td></td><td></td><td></td>"
                )
                lignes.append(
                    f"<tr>{tete}<td>{e(ligne.compte)}</td>"
                    f"<td style='text-align:right'>{format_montant(ligne.debit, vide_si_zero=True)}</td>"
                    f"<td style='text-align:right'>{format_montant(ligne.credit, vide_si_zero=True)}</td></tr>"
                )
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:60em;font-family:sans-serif">'
            f"{entete}<table style='margin-top:0.5em'><tr><th>Date</th><th>Journal</th><th>Pièce</th>"
            "<th>Libellé</th><th>Compte</th><th>Débit</th><th>Crédit</th></tr>"
            f"{''.join(lignes)}</table></div>"
        )


def _siren(hasard: random.Random) -> str:
    from stdnum import luhn

    debut = f"{hasard.randrange(10, 99)}{hasard.randrange(0, 10**6):06d}"
    return debut + luhn.calc_check_digit(debut)


def _ht(hasard: random.Random, cle_taux: str, mini: int, maxi: int) -> Decimal:
    pas = PAS_ENTIER[cle_taux]
    return Decimal(hasard.randrange(max(mini // pas, 1), maxi // pas) * pas).quantize(Decimal("0.01"))


def tva_du_mois(graine: bytes) -> SujetTVA:
    """Le mois de TVA de l'apprenant (exercice 2026, mois de février à novembre)."""
    hasard = random.Random(graine)
    entreprise, forme, ville, departement = hasard.choice(ENTREPRISES)
    mois = hasard.randrange(2, 12)
    debut = dt.date(EXERCICE, mois, 1)
    fin = dt.date(EXERCICE, mois, calendar.monthrange(EXERCICE, mois)[1])
    livre = Livre(
        dt.date(EXERCICE, 1, 1),
        dt.date(EXERCICE, 12, 31),
        raison_sociale=entreprise,
        horloge=lambda: dt.date(EXERCICE, 12, 31),
    )

    def taux(cle: str) -> Decimal:
        return regles.valeur(f"tva.taux.{cle}", debut)

    def jour() -> dt.date:
        return debut + dt.timedelta(days=hasard.randrange((fin - debut).days + 1))

    # Liquidation du mois précédent : crédit reporté (un mois sur deux) ou TVA à décaisser.
    veille = debut - dt.timedelta(days=1)
    if hasard.random() < 0.5:
        credit = Decimal(hasard.randrange(20, 180) * 10).quantize(Decimal("0.01"))
        livre.passer(
            Ecriture(
                "OD",
                veille,
                f"CA3-{EXERCICE}-{mois - 1:02d}",
                f"Liquidation TVA {nom_mois(dt.date(EXERCICE, mois - 1, 1))}",
                (
                    Ligne("44571", debit=credit * 3),
                    Ligne("44567", debit=credit),
                    Ligne("44566", credit=credit * 4),
                ),
            )
        )
    else:
        due = Decimal(hasard.randrange(30, 300) * 10).quantize(Decimal("0.01"))
        livre.passer(
            Ecriture(
                "OD",
                veille,
                f"CA3-{EXERCICE}-{mois - 1:02d}",
                f"Liquidation TVA {nom_mois(dt.date(EXERCICE, mois - 1, 1))}",
                (Ligne("44571", debit=due * 2), Ligne("44566", credit=due), Ligne("44551", credit=due)),
            )
        )

    ventes = hasard.sample(VENTES, k=3)
    for n, (compte, designation, cle) in enumerate(ventes, start=1):
        for k in range(hasard.randrange(1, 3)):
            ht = _ht(hasard, cle, 800, 24_000)
            tva = arrondir(ht * taux(cle))
            client = hasard.choice(CLIENTS)
            piece = f"FV{mois:02d}-{n}{k}"
            livre.passer(
                Ecriture(
                    "VT",
                    jour(),
                    piece,
                    f"Facture {piece} {client.capitalize()} - {designation.lower()}",
                    (
                        Ligne(f"411{client}", debit=ht + tva),
                        Ligne(compte, credit=ht),
                        Ligne("44571", credit=tva),
                    ),
                )
            )
    for n, (compte, designation) in enumerate(hasard.sample(ACHATS, k=3), start=1):
        ht = _ht(hasard, "normal", 300, 9_000)
        tva = arrondir(ht * taux("normal"))
        fournisseur = hasard.choice(FOURNISSEURS)
        livre.passer(
            Ecriture(
                "AC",
                jour(),
                f"FA{mois:02d}-{n}",
                f"{designation} {fournisseur.capitalize()}",
                (
                    Ligne(compte, debit=ht),
                    Ligne("44566", debit=tva),
                    Ligne(f"401{fournisseur}", credit=ht + tva),
                ),
            )
        )
    if hasard.random() < 0.5:
        compte, designation = hasard.choice(IMMOBILISATIONS)
        ht = _ht(hasard, "normal", 3_000, 25_000)
        tva = arrondir(ht * taux("normal"))
        livre.passer(
            Ecriture(
                "AC",
                jour(),
                f"FI{mois:02d}-1",
                f"{designation} Mobilia",
                (Ligne(compte, debit=ht), Ligne("44562", debit=tva), Ligne("404MOBILIA", credit=ht + tva)),
            )
        )
    # Facture du 1er du mois suivant : à déclarer le mois prochain.
    ht = _ht(hasard, "normal", 500, 5_000)
    tva = arrondir(ht * taux("normal"))
    livre.passer(
        Ecriture(
            "VT",
            fin + dt.timedelta(days=1),
            f"FV{mois + 1:02d}-1",
            "Facture Dupont - ventes de marchandises",
            (Ligne("411DUPONT", debit=ht + tva), Ligne("707", credit=ht), Ligne("44571", credit=tva)),
        )
    )
    return SujetTVA(entreprise, forme, ville, departement, _siren(hasard), debut, fin, livre)
