"""Sujets du bloc 1, activité B1.2 (banque et trésorerie) : les données de chaque apprenant, sans les réponses.

:func:`rapprochement` tire de la graine de l'apprenant (:mod:`graders.variantes`) une
entreprise, son compte bancaire, ses factures de février et mars 2026, les écritures de
banque qu'elle a passées en mars, et le relevé de mars tel que la banque le livre (CSV,
OFX ou CAMT.053 selon l'apprenant). Le relevé contient des opérations que l'entreprise
n'a pas enregistrées (frais, agios, URSSAF, un virement client, un prélèvement
fournisseur), des opérations qu'elle a enregistrées et que la banque n'a pas encore
passées (chèque émis, remise de chèque), et deux erreurs de la banque (un prélèvement
passé deux fois, un virement reçu crédité d'un montant mal saisi). Les réponses attendues
ne sont pas ici : la correction du formateur les calcule avec :mod:`compta_kernel`.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from compta_kernel.banque import (
    MouvementBancaire,
    Releve,
    ecrire_camt053,
    ecrire_csv,
    ecrire_ofx,
    iban_depuis_rib,
)
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.livre import Livre
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date, format_montant
from compta_kernel.tresorerie import Flux

EXERCICE = 2026
MOIS = dt.date(EXERCICE, 3, 1)
FIN_MOIS = dt.date(EXERCICE, 3, 31)
ENTREPRISES = (
    ("Atelier Morel SARL", "Saint-Étienne"),
    ("Éditions du Vieux Port", "Marseille"),
    ("Paysages Lefèvre", "Angers"),
    ("Informatique Bertin SAS", "Rennes"),
    ("Traiteur Garnier", "Dijon"),
    ("Menuiserie Roussel", "Épinal"),
)
CLIENTS = (
    "Boulangerie Perrin",
    "Hôtel des Tilleuls",
    "Cabinet Fleury",
    "Mairie de Vaux",
    "SCI Les Acacias",
    "Garage Masson",
)
FOURNISSEURS = ("Bureau Plus", "Transports Caron", "Matériaux Renard", "Imprimerie Lopez")
ENERGIE = ("Énergies du Centre", "Électricité Rhône Alpes", "Gaz et Eau de l'Ouest")
FORMATS = ("csv", "ofx", "camt053")
# Codes banque et guichet d'exemple (le numéro de compte est tiré au hasard).
BANQUES = (("30004", "Banque Nationale"), ("10107", "Banque Régionale"), ("17515", "Caisse d'Épargne"))
TAUX_TVA = Decimal("0.20")


@dataclass(frozen=True)
class Facture:
    """Une facture de vente (411) ou d'achat (401) : pièce, date, tiers, montants, échéance."""

    piece: str
    date: dt.date
    tiers: str
    nom: str
    vente: bool
    ht: Decimal
    echeance: dt.date

    @property
    def tva(self) -> Decimal:
        """TVA au taux normal, arrondie au centime (demi supérieur) sur le total de la facture."""
        return arrondir(self.ht * TAUX_TVA)

    @property
    def ttc(self) -> Decimal:
        """Montant toutes taxes comprises."""
        return self.ht + self.tva

    def ecriture(self) -> Ecriture:
        """L'écriture au journal des ventes (VT) ou des achats (AC), avec l'échéance sur le tiers."""
        if self.vente:
            lignes = (
                Ligne("411", debit=self.ttc, tiers=self.tiers, echeance=self.echeance),
                Ligne("706", credit=self.ht),
                Ligne("44571", credit=self.tva),
            )
            return Ecriture("VT", self.date, self.piece, f"Facture {self.piece} {self.nom}", lignes)
        lignes = (
            Ligne("604", debit=self.ht),
            Ligne("44566", debit=self.tva),
            Ligne("401", credit=self.ttc, tiers=self.tiers, echeance=self.echeance),
        )
        return Ecriture("AC", self.date, self.piece, f"Facture {self.piece} {self.nom}", lignes)


@dataclass(frozen=True)
class SujetRapprochement:
    """Le dossier de mars 2026 d'un apprenant.

    Attributes:
        entreprise, ville: l'entreprise.
        iban, banque: son compte bancaire.
        solde_ouverture: solde du compte 512 et du relevé au 1er mars (aucun suspens antérieur).
        factures: factures de vente et d'achat de février et mars (les règlements de mars sont au journal BQ).
        ecritures_banque: écritures passées par l'entreprise au journal de banque en mars.
        releve: le relevé de mars, tel que la banque l'envoie.
        format: format du fichier du relevé (``"csv"``, ``"ofx"`` ou ``"camt053"``).
        previsions: décaissements prévus d'avril à juin (salaires, TVA, loyer) pour le plan de trésorerie.
        tiers: code → nom des clients et fournisseurs.
        cheque_en_attente: numéro et date d'émission du chèque émis en mars que la banque n'a pas débité.
    """

    entreprise: str
    ville: str
    iban: str
    banque: str
    solde_ouverture: Decimal
    factures: tuple[Facture, ...]
    ecritures_banque: tuple[Ecriture, ...]
    releve: Releve
    format: str
    previsions: tuple[Flux, ...]
    tiers: tuple[tuple[str, str], ...]
    cheque_en_attente: tuple[str, dt.date] = ("", FIN_MOIS)

    def livre(self) -> Livre:
        """Le livre de l'entreprise au 31 mars : à-nouveaux, factures, écritures de banque de mars."""
        livre = Livre(
            dt.date(EXERCICE, 1, 1),
            dt.date(EXERCICE, 12, 31),
            raison_sociale=self.entreprise,
            horloge=lambda: FIN_MOIS,
        )
        for code, nom in self.tiers:
            livre.ouvrir_tiers(code, nom)
        livre.passer(
            Ecriture(
                "AN",
                dt.date(EXERCICE, 1, 1),
                "AN",
                "À-nouveaux",
                (Ligne("512", debit=self.solde_ouverture), Ligne("101", credit=self.solde_ouverture)),
            )
        )
        for e in sorted(
            [f.ecriture() for f in self.factures] + list(self.ecritures_banque),
            key=lambda e: (e.date, e.journal),
        ):
            livre.passer(e)
        return livre

    def noms_des_tiers(self) -> dict[str, str]:
        """Nom tel qu'il apparaît dans les libellés de la banque → code du tiers (pour la codification)."""
        from compta_kernel.banque import _sans_accents

        return {_sans_accents(nom).upper(): code for code, nom in self.tiers}

    def ecrire_releve(self, dossier: str | Path | None = None) -> Path:
        """Écrit le fichier du relevé et renvoie son chemin.

        Args:
            dossier: par défaut ``releves/`` du dossier personnel de l'apprenant
                (:func:`graders.variantes.dossier_personnel`), hors du dossier du devoir : le
                fichier n'est ni diffusé ni ramassé avec la copie.
        """
        if dossier is None:
            from graders.variantes import dossier_personnel

            dossier = dossier_personnel() / "releves"
        dossier = Path(dossier)
        dossier.mkdir(parents=True, exist_ok=True)
        if self.format == "csv":
            return ecrire_csv(self.releve, dossier / "releve_mars_2026.csv")
        if self.format == "ofx":
            return ecrire_ofx(self.releve, dossier / "releve_mars_2026.ofx")
        return ecrire_camt053(self.releve, dossier / "releve_mars_2026_camt053.xml")

    def _repr_html_(self) -> str:
        e = html.escape
        factures = "".join(
            f"<tr><td>{e(f.piece)}</td><td>{format_date(f.date)}</td><td>{e(f.nom)}</td>"
            f"<td>{'vente' if f.vente else 'achat'}</td><td style='text-align:right'>{format_montant(f.ttc)}</td>"
            f"<td>{format_date(f.echeance)}</td></tr>"
            for f in self.factures
        )
        previsions = "".join(
            f"<li>{format_date(p.date)} — {e(p.libelle)} : {format_montant(p.montant)}</li>"
            for p in self.previsions
        )
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:52em;font-family:sans-serif">'
            f"<strong>{e(self.entreprise)}</strong> ({e(self.ville)}) — {e(self.banque)}, IBAN "
            f"{e(' '.join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4)))}<br>"
            f"Solde du compte 512 au 01/03/2026 : {format_montant(self.solde_ouverture)} (égal au relevé, aucun suspens)."
            f"<br>Relevé de mars au format <b>{e(self.format.upper())}</b>."
            "<p><b>Factures</b></p><table><tr><th>Pièce</th><th>Date</th><th>Tiers</th><th>Nature</th>"
            f"<th>TTC</th><th>Échéance</th></tr>{factures}</table>"
            f"<p><b>Prévisions d'avril à juin</b></p><ul>{previsions}</ul></div>"
        )


def _jour(hasard: random.Random, debut: int, fin: int, mois: int = 3) -> dt.date:
    """Un jour ouvré (lundi à vendredi) du mois, entre deux quantièmes."""
    while True:
        jour = dt.date(EXERCICE, mois, hasard.randint(debut, fin))
        if jour.weekday() < 5:
            return jour


def _euros(hasard: random.Random, mini: int, maxi: int) -> Decimal:
    return Decimal(hasard.randint(mini * 100, maxi * 100)).scaleb(-2)


def _ascii(texte: str) -> str:
    from compta_kernel.banque import _sans_accents

    return _sans_accents(texte).upper()


def _transposer(valeur: Decimal) -> Decimal:
    """Le montant avec deux chiffres voisins inversés, plus petit (2 976,79 → 2 796,79) ; à défaut, 90 € de moins."""
    chiffres = list(f"{valeur:.2f}".replace(".", ""))
    for i in range(len(chiffres) - 1):
        if chiffres[i] > chiffres[i + 1] and (i or chiffres[i + 1] != "0"):
            inverses = chiffres[:i] + [chiffres[i + 1], chiffres[i]] + chiffres[i + 2 :]
            return Decimal("".join(inverses)).scaleb(-2)
    return valeur - Decimal(90)


def rapprochement(graine: bytes) -> SujetRapprochement:
    """Le sujet du devoir « b1_rapprochement » pour la graine d'un apprenant."""
    h = random.Random(graine)
    entreprise, ville = h.choice(ENTREPRISES)
    code_banque, banque = h.choice(BANQUES)
    iban = iban_depuis_rib(code_banque, f"{h.randint(1, 99999):05d}", f"{h.randint(10**9, 10**10 - 1):011d}")
    noms = h.sample(CLIENTS, 3)
    clients = [(f"C{i:03d}", nom) for i, nom in enumerate(noms, start=1)]
    fournisseurs = [(f"F{i:03d}", nom) for i, nom in enumerate(h.sample(FOURNISSEURS, 2), start=1)]
    energie = ("F003", h.choice(ENERGIE))
    solde = Decimal(h.randint(40, 120) * 100) + _euros(h, 0, 99)

    def vente(n, tiers, date, echeance, mini, maxi):
        return Facture(
            f"F{EXERCICE}-{n:03d}", date, tiers[0], tiers[1], True, _euros(h, mini, maxi), echeance
        )

    def achat(n, tiers, date, echeance, mini, maxi):
        return Facture(f"FA{n:04d}", date, tiers[0], tiers[1], False, _euros(h, mini, maxi), echeance)

    v1 = vente(
        31, clients[0], dt.date(EXERCICE, 2, 12), _jour(h, 2, 6), 1000, 4000
    )  # virement, montant mal saisi
    v2 = vente(34, clients[1], dt.date(EXERCICE, 2, 20), _jour(h, 20, 24), 500, 2500)  # chèque remis le 30/03
    v3 = vente(
        38, clients[2], dt.date(EXERCICE, 3, 2), _jour(h, 16, 20), 800, 3000
    )  # virement non enregistré
    v4 = vente(41, clients[0], _jour(h, 9, 13), dt.date(EXERCICE, 4, h.randint(10, 25)), 1500, 5000)
    v5 = vente(45, clients[1], _jour(h, 23, 27), dt.date(EXERCICE, 5, h.randint(5, 25)), 1500, 5000)
    a1 = achat(h.randint(1000, 4999), fournisseurs[0], dt.date(EXERCICE, 2, 10), _jour(h, 3, 6), 300, 1500)
    a2 = achat(h.randint(5000, 9999), fournisseurs[1], dt.date(EXERCICE, 2, 25), _jour(h, 25, 27), 400, 2000)
    a3 = achat(h.randint(1000, 9999), energie, dt.date(EXERCICE, 3, 1), _jour(h, 12, 16), 150, 600)
    a4 = achat(
        h.randint(1000, 9999),
        fournisseurs[0],
        _jour(h, 16, 20),
        dt.date(EXERCICE, 4, h.randint(15, 30)),
        800,
        3000,
    )
    a5 = achat(
        h.randint(1000, 9999),
        fournisseurs[1],
        _jour(h, 24, 27),
        dt.date(EXERCICE, 5, h.randint(20, 31)),
        800,
        3000,
    )
    factures = (v1, v2, v3, v4, v5, a1, a2, a3, a4, a5)

    # Ce que l'entreprise a passé au journal de banque en mars.
    cheque_a1, cheque_a2 = h.randint(2_000_000, 2_000_500), h.randint(2_000_501, 2_001_000)
    remise = h.randint(7_000_000, 7_999_999)
    debite_a1 = _jour(h, a1.echeance.day + 3, a1.echeance.day + 8)
    recu_v1 = v1.echeance
    remise_v2 = dt.date(EXERCICE, 3, 30)
    emis_a2 = a2.echeance

    def bq(date, piece, libelle, lignes):
        return Ecriture("BQ", date, piece, libelle, lignes)

    ecritures = (
        bq(
            recu_v1,
            v1.piece,
            f"Règlement {v1.piece} {v1.nom}",
            (Ligne("512", debit=v1.ttc), Ligne("411", credit=v1.ttc, tiers=v1.tiers)),
        ),
        bq(
            a1.echeance,
            f"CHQ{cheque_a1}",
            f"Chèque n° {cheque_a1} {a1.nom} {a1.piece}",
            (Ligne("401", debit=a1.ttc, tiers=a1.tiers), Ligne("512", credit=a1.ttc)),
        ),
        bq(
            remise_v2,
            f"REM{remise}",
            f"Remise de chèque n° {remise} {v2.nom} {v2.piece}",
            (Ligne("512", debit=v2.ttc), Ligne("411", credit=v2.ttc, tiers=v2.tiers)),
        ),
        bq(
            emis_a2,
            f"CHQ{cheque_a2}",
            f"Chèque n° {cheque_a2} {a2.nom} {a2.piece}",
            (Ligne("401", debit=a2.ttc, tiers=a2.tiers), Ligne("512", credit=a2.ttc)),
        ),
    )

    # Le relevé de la banque.
    urssaf = _euros(h, 600, 2400)
    frais = _euros(h, 15, 35)
    agios = _euros(h, 5, 60)
    prelevement = _jour(h, a3.echeance.day, a3.echeance.day)
    doublon = prelevement + dt.timedelta(days=1 if prelevement.weekday() < 4 else 3)
    mal_saisi = _transposer(v1.ttc)
    operations = [
        (recu_v1, f"VIR SEPA RECU /DE {_ascii(v1.nom)} /REF {v1.piece}", mal_saisi),
        (debite_a1, f"CHEQUE N° {cheque_a1}", -a1.ttc),
        (_jour(h, 13, 17), "PRLV SEPA URSSAF", -urssaf),
        (prelevement, f"PRLV SEPA {_ascii(a3.nom)} /REF {a3.piece}", -a3.ttc),
        (doublon, f"PRLV SEPA {_ascii(a3.nom)} /REF {a3.piece}", -a3.ttc),
        (v3.echeance, f"VIR SEPA RECU /DE {_ascii(v3.nom)} /REF {v3.piece}", v3.ttc),
        (FIN_MOIS, "FRAIS TENUE DE COMPTE", -frais),
        (FIN_MOIS, "AGIOS ARRETE AU 31/03/2026", -agios),
    ]
    operations.sort(key=lambda o: o[0])
    mouvements = tuple(
        MouvementBancaire(jour, libelle, valeur, identifiant=f"{jour:%Y%m%d}{i:02d}")
        for i, (jour, libelle, valeur) in enumerate(operations, start=1)
    )
    total = sum((m.montant for m in mouvements), Decimal(0))
    releve = Releve(iban, MOIS, FIN_MOIS, solde, solde + total, mouvements)

    salaires = _euros(h, 3000, 7000)
    loyer = _euros(h, 800, 2000)
    tva = _euros(h, 500, 3000)
    previsions = tuple(
        [
            Flux(dt.date(EXERCICE, m, 28), f"Salaires nets {m:02d}/{EXERCICE}", -salaires, "Salaires")
            for m in (4, 5, 6)
        ]
        + [Flux(dt.date(EXERCICE, m, 5), f"Loyer {m:02d}/{EXERCICE}", -loyer, "Loyer") for m in (4, 5, 6)]
        + [Flux(dt.date(EXERCICE, 4, 24), "TVA de mars (CA3)", -tva, "TVA à payer")]
    )
    return SujetRapprochement(
        entreprise=entreprise,
        ville=ville,
        iban=iban,
        banque=banque,
        solde_ouverture=solde,
        factures=factures,
        ecritures_banque=ecritures,
        releve=releve,
        format=h.choice(FORMATS),
        previsions=previsions,
        tiers=tuple(clients + fournisseurs + [energie]),
        cheque_en_attente=(str(cheque_a2), emis_a2),
    )
