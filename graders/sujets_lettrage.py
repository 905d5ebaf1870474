"""Sujet du devoir « b1_lettrage » (B1.1) : les comptes de tiers d'une entreprise à lettrer et à suivre.

Chaque apprenant reçoit, tirés de sa graine (:mod:`graders.variantes`), le livre de
fin d'exercice d'une entreprise fictive dont les comptes clients (411) et fournisseurs
(401) ne sont pas lettrés, et les ventes TTC de l'exercice mois par mois. Les
situations sont toujours les mêmes, les montants, dates et noms changent :

- un client paie sa facture, le virement cite le numéro de facture ;
- un client paie deux factures d'un seul virement et en laisse une troisième impayée, échue ;
- un client paie sa facture à quelques centimes près (écart de règlement) et a une
  facture à échoir ;
- un client paie deux fois la même facture (il devient créditeur) ;
- un fournisseur est payé en deux fois et une seconde facture reste à payer ;
- un autre fournisseur est payé à l'identique, sans référence.

Les réponses ne sont pas ici : la correction (``course/corrections/b1_lettrage.py``)
les calcule avec :mod:`compta_kernel.lettrage` et :mod:`compta_kernel.suivi`.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.livre import Livre
from compta_kernel.presentation import format_date, format_montant, nom_mois

EXERCICE = 2026
AU = dt.date(EXERCICE, 12, 31)
TOLERANCE = Decimal("1.00")
ENTREPRISES = (
    ("Brasserie du Vieux Port SARL", "Marseille"),
    ("Ateliers Chevalier SAS", "Grenoble"),
    ("Jardinerie Lambert", "Angers"),
    ("Électricité Moreau SARL", "Dijon"),
    ("Librairie Fontaine", "Poitiers"),
    ("Transports Girard SAS", "Reims"),
)
CLIENTS = (
    ("ARNAUD", "Arnaud Distribution"),
    ("BONNET", "Bonnet & Cie"),
    ("CARON", "Caron Bâtiment SAS"),
    ("DUMAS", "Dumas Restauration"),
    ("ETIENNE", "Étienne Services"),
    ("FAURE", "Faure Industrie SA"),
    ("GAUTIER", "Gautier Événements"),
)
FOURNISSEURS = (
    ("HUBERT", "Hubert Emballages"),
    ("JOLY", "Joly Fournitures SARL"),
    ("LEMAIRE", "Lemaire Logistique"),
    ("MERCIER", "Mercier Matériaux SA"),
)


@dataclass(frozen=True)
class SujetLettrage:
    """Le dossier de l'apprenant : l'entreprise, son livre au 31/12, ses ventes mensuelles TTC.

    Attributes:
        entreprise, ville: l'entreprise (exercice civil 2026).
        livre: le livre de l'exercice, comptes 401 et 411 non lettrés (un livre neuf à chaque appel de :func:`lettrage`).
        au: date d'arrêté des comptes (31/12/2026) : date du lettrage, de l'échéancier et des écarts.
        tolerance: écart de règlement accepté au lettrage, soldé en 658 ou 758.
        ventes_mensuelles: ``(mois, montant_ttc, jours)`` de décembre à janvier (le plus récent d'abord).
        chiffre_affaires_ttc: total TTC des ventes de l'exercice.
        clients, fournisseurs: code du tiers → nom.
    """

    entreprise: str
    ville: str
    livre: Livre
    au: dt.date
    tolerance: Decimal
    ventes_mensuelles: tuple[tuple[str, Decimal, int], ...]
    chiffre_affaires_ttc: Decimal
    clients: dict[str, str]
    fournisseurs: dict[str, str]

    def _repr_html_(self) -> str:
        e = html.escape
        ventes = "".join(
            f"<tr><td>{e(m)}</td><td style='text-align:right'>{format_montant(v)}</td><td>{j} j</td></tr>"
            for m, v, j in self.ventes_mensuelles
        )
        tiers = ", ".join(f"{c} ({n})" for c, n in {**self.clients, **self.fournisseurs}.items())
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:46em;font-family:sans-serif">'
            f"<strong>{e(self.entreprise)}</strong> — {e(self.ville)} — arrêté des comptes au "
            f"{format_date(self.au)}<br>Tiers : {e(tiers)}<br>"
            f"Tolérance d'écart de règlement : {format_montant(self.tolerance)}<br>"
            f"Chiffre d'affaires TTC de l'exercice : <strong>{format_montant(self.chiffre_affaires_ttc)}</strong>"
            "<details><summary>Ventes TTC par mois (du plus récent au plus ancien)</summary>"
            f"<table>{ventes}</table></details>"
            "<p>Le livre ne reprend que les écritures des comptes de tiers encore ouvertes en fin "
            "d'exercice et leurs contreparties ; les ventes mensuelles viennent du journal des ventes.</p></div>"
        )


def _euros(hasard: random.Random, mini: int, maxi: int) -> Decimal:
    return Decimal(hasard.randrange(mini * 100, maxi * 100)).scaleb(-2)


def _montants_distincts(hasard: random.Random, n: int, mini: int, maxi: int) -> list[Decimal]:
    """n montants TTC dont aucune somme de deux ou trois ne tombe à moins de 5 € d'une autre (pas de combinaison fortuite)."""
    while True:
        montants = [_euros(hasard, mini, maxi) for _ in range(n)]
        sommes = sorted([*montants, *(a + b for i, a in enumerate(montants) for b in montants[i + 1 :])])
        if all(b - a > 5 for a, b in itertools.pairwise(sommes)):
            return montants


def lettrage(graine: bytes) -> SujetLettrage:
    """Le dossier de l'apprenant de cette graine (un livre neuf à chaque appel)."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    a, b, c, d = hasard.sample(CLIENTS, 4)
    f1, f2 = hasard.sample(FOURNISSEURS, 2)
    livre = Livre(
        dt.date(EXERCICE, 1, 1), dt.date(EXERCICE, 12, 31), raison_sociale=entreprise, horloge=lambda: AU
    )
    for code, nom in (a, b, c, d, f1, f2):
        livre.ouvrir_tiers(code, nom)
    x1, x2, x3, x4, x5, x6, x7 = _montants_distincts(hasard, 7, 400, 6000)
    y1, y2, y3 = _montants_distincts(hasard, 3, 300, 4000)
    ecart = Decimal(hasard.randrange(1, 90)).scaleb(-2)
    numero = iter(range(hasard.randrange(120, 700), 10_000))

    def jour(mois_min: int, mois_max: int) -> dt.date:
        debut = dt.date(EXERCICE, mois_min, 1)
        fin = dt.date(EXERCICE, mois_max, 28)
        return debut + dt.timedelta(days=hasard.randrange((fin - debut).days + 1))

    ecritures: list[Ecriture] = []

    def vente(client: str, ttc: Decimal, date: dt.date) -> str:
        piece = f"FV{EXERCICE % 100}-{next(numero):04d}"
        ecritures.append(
            Ecriture(
                "VT",
                date,
                piece,
                f"Facture {piece} {client}",
                (
                    Ligne("411", debit=ttc, tiers=client, echeance=date + dt.timedelta(days=30)),
                    Ligne("706", credit=ttc),
                ),
            )
        )
        return piece

    def encaissement(client: str, montant: Decimal, date: dt.date, libelle: str) -> None:
        ecritures.append(
            Ecriture(
                "BQ",
                date,
                f"REL-{date:%m%d}-{client[:3]}",
                libelle,
                (Ligne("512", debit=montant), Ligne("411", credit=montant, tiers=client)),
            )
        )

    def achat(fournisseur: str, ttc: Decimal, date: dt.date) -> str:
        piece = f"FA-{fournisseur[:3]}-{hasard.randrange(1000, 9999)}"
        ecritures.append(
            Ecriture(
                "AC",
                date,
                piece,
                f"Facture {piece} {fournisseur}",
                (
                    Ligne("607", debit=ttc),
                    Ligne("401", credit=ttc, tiers=fournisseur, echeance=date + dt.timedelta(days=45)),
                ),
            )
        )
        return piece

    def paiement(fournisseur: str, montant: Decimal, date: dt.date, libelle: str) -> None:
        ecritures.append(
            Ecriture(
                "BQ",
                date,
                f"VIR-{date:%m%d}-{fournisseur[:3]}",
                libelle,
                (Ligne("401", debit=montant, tiers=fournisseur), Ligne("512", credit=montant)),
            )
        )

    # Client A : facture réglée, le virement cite la facture.
    date = jour(9, 10)
    piece = vente(a[0], x1, date)
    encaissement(a[0], x1, date + dt.timedelta(days=hasard.randrange(20, 40)), f"Virement {a[1]} {piece}")
    # Client B : deux factures réglées d'un seul virement, une troisième impayée et échue.
    date = jour(9, 9)
    vente(b[0], x2, date)
    vente(b[0], x3, date + dt.timedelta(days=hasard.randrange(5, 20)))
    encaissement(b[0], x2 + x3, date + dt.timedelta(days=hasard.randrange(45, 60)), f"Virement {b[1]}")
    vente(b[0], x4, jour(10, 10))
    # Client C : facture réglée à quelques centimes près, facture à échoir.
    date = jour(10, 10)
    piece = vente(c[0], x5, date)
    encaissement(
        c[0], x5 - ecart, date + dt.timedelta(days=hasard.randrange(25, 35)), f"Virement {c[1]} {piece}"
    )
    vente(c[0], x6, dt.date(EXERCICE, 12, hasard.randrange(5, 20)))
    # Client D : facture payée deux fois.
    date = jour(10, 10)
    piece = vente(d[0], x7, date)
    paye = date + dt.timedelta(days=hasard.randrange(20, 30))
    encaissement(d[0], x7, paye, f"Virement {d[1]} {piece}")
    encaissement(d[0], x7, paye + dt.timedelta(days=hasard.randrange(3, 10)), f"Virement {d[1]} {piece}")
    # Fournisseur 1 : facture payée en deux fois, une seconde à payer.
    date = jour(9, 10)
    achat(f1[0], y1, date)
    acompte = (y1 * Decimal(hasard.choice((30, 40, 50))) / 100).quantize(Decimal("0.01"))
    paiement(f1[0], acompte, date + dt.timedelta(days=20), f"Acompte {f1[1]}")
    paiement(f1[0], y1 - acompte, date + dt.timedelta(days=50), f"Solde {f1[1]}")
    achat(f1[0], y2, jour(11, 12))
    # Fournisseur 2 : facture payée à l'identique, sans référence.
    date = jour(9, 10)
    achat(f2[0], y3, date)
    paiement(f2[0], y3, date + dt.timedelta(days=hasard.randrange(25, 45)), f"Paiement {f2[1]}")

    for ecriture in sorted(ecritures, key=lambda e: (e.date, e.journal)):
        livre.passer(ecriture)

    creances = x4 + x6
    ventes = []
    total = Decimal(0)
    for mois in range(12, 0, -1):
        montant = (creances * Decimal(hasard.randrange(35, 70)) / 100).quantize(Decimal("0.01"))
        jours = (dt.date(EXERCICE + (mois == 12), mois % 12 + 1, 1) - dt.date(EXERCICE, mois, 1)).days
        ventes.append((nom_mois(dt.date(EXERCICE, mois, 1), annee=False), montant, jours))
        total += montant
    return SujetLettrage(
        entreprise,
        ville,
        livre,
        AU,
        TOLERANCE,
        tuple(ventes),
        total,
        dict((a, b, c, d)),
        dict((f1, f2)),
    )
