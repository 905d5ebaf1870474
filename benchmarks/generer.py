"""Générateur d'un grand livre réaliste pour les mesures de performances.

Produit l'exercice 2026 (du 01/01/2026 au 31/12/2026) d'une PME française
fictive, en exactement ``N`` lignes d'écriture, tiré au sort avec une graine
(2026 par défaut : même graine, mêmes fichiers, octet pour octet) :

- à-nouveaux (AN) au 01/01/2026 : immobilisations, banque, capitaux, emprunt,
  dettes sociales et TVA de décembre 2025 ;
- ventes (VT) à environ 2 000 clients (411 + compte auxiliaire ``C00001``...) :
  411 au débit (TTC), 706/707 au crédit (HT), 44571 au crédit, TVA à 20 %,
  10 % ou 5,5 % calculée en centimes par taux, arrondie au demi supérieur :
  chaque écriture est équilibrée au centime ; quelques avoirs (709) ;
- achats (AC) auprès de 500 fournisseurs (401 + ``F00001``...) : 607, 6061,
  6063, 6064, 6132, 6155, 616 (sans TVA), 6226, 6241, 6251, 626, et des
  licences facturées en dollars (651, TVA autoliquidée 44566/4452,
  Montantdevise/Idevise) ;
- banque (BQ) : règlements clients 512/411, paiements fournisseurs 401/512,
  salaires, organismes sociaux, TVA, échéances d'emprunt, frais bancaires
  627 ; les règlements lettrés portent le même code (EcritureLet) et la date
  de lettrage (DateLet) que la facture qu'ils soldent ;
- salaires (SA) chaque mois : 6411, 6451, 6453 / 421, 431, 437, 4421 ;
- opérations diverses (OD) : déclarations mensuelles de TVA, dotation aux
  amortissements.

EcritureNum suit l'ordre chronologique dans chaque journal (``VT000001``...),
ValidDate est le vendredi qui suit (ou égale) EcritureDate. Tout le calcul
est vectorisé (numpy, Arrow) : un million de lignes en quelques secondes.

Deux sorties, les mêmes opérations :

- le FEC ``732829320FEC20261231.txt`` (A47 A-1 du LPF : 18 champs tabulés,
  ISO 8859-15, fins de ligne CRLF, dates AAAAMMJJ, virgule décimale) ;
- un journal au format ledger-cli (lu aussi par hledger), un compte par
  CompteNum et un sous-compte par tiers (``411:C00012``), montants en EUR
  avec un point décimal : ``ledger bal`` donne par compte le solde
  (débit - crédit) de notre balance générale.

Usage ::

    python benchmarks/generer.py --lignes 1000000 --sortie benchmarks/donnees
    python benchmarks/generer.py --lignes 2000 --sortie /tmp/fec --format ledger
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SIREN = "732829320"
GRAINE = 2026
DEBUT = dt.date(2026, 1, 1)
FIN = dt.date(2026, 12, 31)
NB_JOURS = (FIN - DEBUT).days + 1
#: Jours représentés dans les tables de dates (les validations et lettrages débordent sur 2027).
_HORIZON = NB_JOURS + 40
NB_CLIENTS = 2000
NB_FOURNISSEURS = 500
#: En dessous, la part fixe (paie, TVA, emprunt...) ne laisse pas de place aux ventes et achats.
LIGNES_MIN = 1000
NOM_LEDGER = "journal.ledger"
DEVISE_LEDGER = "EUR"

#: Journaux : code et libellé (ceux de compta_kernel.livre.JOURNAUX_PAR_DEFAUT).
JOURNAUX = (
    ("AN", "Journal des à-nouveaux"),
    ("VT", "Journal des ventes"),
    ("AC", "Journal des achats"),
    ("BQ", "Journal de banque"),
    ("SA", "Journal des salaires"),
    ("OD", "Journal des opérations diverses"),
)
_J = {code: i for i, (code, _) in enumerate(JOURNAUX)}

#: Comptes utilisés, avec leur libellé du plan comptable général.
COMPTES = (
    ("101", "Capital"),
    ("1068", "Autres réserves"),
    ("164", "Emprunts auprès des établissements de crédit"),
    ("2183", "Matériel de bureau et matériel informatique"),
    ("28183", "Amortissements du matériel de bureau et matériel informatique"),
    ("401", "Fournisseurs"),
    ("411", "Clients"),
    ("421", "Personnel - Rémunérations dues"),
    ("431", "Sécurité sociale"),
    ("437", "Autres organismes sociaux"),
    ("4421", "Prélèvements à la source (Impôt sur le revenu)"),
    ("4452", "TVA due intracommunautaire"),
    ("44551", "TVA à décaisser"),
    ("44566", "TVA sur autres biens et services"),
    ("44567", "Crédit de TVA à reporter"),
    ("44571", "TVA collectée"),
    ("512", "Banques"),
    ("607", "Achats de marchandises"),
    ("6061", "Fournitures non stockables (eau, énergie...)"),
    ("6063", "Fournitures d'entretien et de petit équipement"),
    ("6064", "Fournitures administratives"),
    ("6132", "Locations immobilières"),
    ("6155", "Entretien et réparations sur biens mobiliers"),
    ("616", "Primes d'assurances"),
    ("6226", "Honoraires"),
    ("6241", "Transports sur achats"),
    ("6251", "Voyages et déplacements"),
    ("626", "Frais postaux et frais de télécommunications"),
    ("627", "Services bancaires et assimilés"),
    ("6411", "Salaires, appointements"),
    ("6451", "Cotisations à l'URSSAF"),
    ("6453", "Cotisations aux caisses de retraite"),
    ("651", "Redevances pour concessions, brevets, licences, logiciels"),
    ("6611", "Intérêts des emprunts et dettes"),
    ("6811", "Dotations aux amortissements sur immobilisations incorporelles et corporelles"),
    ("706", "Prestations de services"),
    ("707", "Ventes de marchandises"),
    ("709", "Rabais, remises et ristournes accordés par l'entreprise"),
)
_C = {numero: i for i, (numero, _) in enumerate(COMPTES)}

#: Taux de TVA en points de base (20 % = 2 000) : normal, intermédiaire, réduit.
TAUX = np.array([2000, 1000, 550], dtype=np.int64)
TAUX_LIBELLES = ("20 %", "10 %", "5,5 %")

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
#: Saisonnalité de l'activité (août creux, fin d'année chargée).
SAISON = np.array([0.85, 0.9, 1.05, 1.0, 0.95, 1.05, 1.0, 0.6, 1.05, 1.1, 1.1, 1.25])

_NOMS = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
)
_FORMES = ("SARL", "SAS", "EURL", "SA", "SNC", "SASU")
_METIERS_CLIENTS = (
    "Boulangerie",
    "Garage",
    "Pharmacie",
    "Restaurant",
    "Hôtel",
    "Cabinet",
    "Menuiserie",
    "Plomberie",
    "Librairie",
    "Fromagerie",
    "Transports",
    "Imprimerie",
    "Boucherie",
    "Fleurs",
    "Optique",
    "Pressing",
    "Bâtiment",
    "Électricité",
    "Informatique",
    "Conseil",
)


@dataclass(frozen=True)
class _Categorie:
    compte: str
    metiers: tuple[str, ...]
    nb_fournisseurs: int
    part: float  # part des factures d'achat
    mediane: int  # montant HT médian, en centimes
    taux: int  # indice dans TAUX, -1 sans TVA, -2 autoliquidation (facture en dollars)
    delais: tuple[int, ...]  # délais de paiement possibles (jours)


CATEGORIES = (
    _Categorie("607", ("Négoce", "Distribution", "Grossiste"), 150, 0.38, 52_000, 0, (30, 45, 60)),
    _Categorie("607", ("Alimentation", "Épicerie en gros"), 50, 0.10, 30_000, 2, (30, 45)),
    _Categorie("6061", ("Énergie", "Eaux"), 15, 0.03, 45_000, 0, (15, 30)),
    _Categorie("6063", ("Outillage", "Quincaillerie"), 40, 0.06, 12_000, 0, (30, 45)),
    _Categorie("6064", ("Bureautique", "Papeterie"), 30, 0.06, 8_000, 0, (30,)),
    _Categorie("6132", ("Immobilière", "Foncière"), 5, 0.01, 250_000, 0, (0, 5)),
    _Categorie("6155", ("Maintenance", "Dépannage"), 40, 0.06, 30_000, 0, (30, 45)),
    _Categorie("616", ("Assurances", "Mutuelle"), 10, 0.01, 60_000, -1, (0, 10)),
    _Categorie("6226", ("Expertise comptable", "Avocats"), 20, 0.03, 120_000, 0, (30,)),
    _Categorie("6241", ("Transports", "Logistique"), 60, 0.14, 25_000, 0, (30, 45)),
    _Categorie("6251", ("Voyages", "Hôtellerie"), 40, 0.05, 30_000, 1, (15, 30)),
    _Categorie("626", ("Télécom", "Réseaux"), 20, 0.04, 12_000, 0, (15, 30)),
    _Categorie("651", ("Software", "Cloud"), 20, 0.03, 20_000, -2, (0, 15)),
)
assert sum(c.nb_fournisseurs for c in CATEGORIES) == NB_FOURNISSEURS


# ---------------------------------------------------------------------------- calendrier
def _jour(i: int) -> dt.date:
    return DEBUT + dt.timedelta(days=int(i))


def _feries(annee: int) -> set[dt.date]:
    paques = {2026: dt.date(2026, 4, 5), 2027: dt.date(2027, 3, 28)}[annee]
    fixes = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    mobiles = [paques + dt.timedelta(days=d) for d in (1, 39, 50)]  # lundi de Pâques, Ascension, Pentecôte
    return {dt.date(annee, m, j) for m, j in fixes} | set(mobiles)


_FERIES = _feries(2026) | _feries(2027)
_JOURS = [_jour(i) for i in range(_HORIZON)]
#: Jour ouvré (lundi à vendredi, hors jours fériés) pour chaque jour de l'horizon.
OUVRE = np.array([j.weekday() < 5 and j not in _FERIES for j in _JOURS])
#: Premier jour ouvré à partir de chaque jour (dernier recours : le dernier jour de l'horizon).
_SUIVANT_OUVRE = np.minimum.accumulate(np.where(OUVRE, np.arange(_HORIZON), _HORIZON - 1)[::-1])[::-1]
MOIS_DU_JOUR = np.array([j.month - 1 for j in _JOURS])
JOURS_OUVRES_2026 = np.flatnonzero(OUVRE[:NB_JOURS])
_FIN_DE_MOIS = np.array([(dt.date(2026, m + 1, 1) - DEBUT).days - 1 for m in range(1, 12)] + [NB_JOURS - 1])
_DEBUT_DE_MOIS = np.array([(dt.date(2026, m, 1) - DEBUT).days for m in range(1, 13)])


def ouvre_suivant(jours: np.ndarray) -> np.ndarray:
    """Premier jour ouvré à partir de chaque jour (indices de jours depuis le 01/01/2026)."""
    return _SUIVANT_OUVRE[np.clip(jours, 0, _HORIZON - 1)]


def _dernier_ouvre(fin: int) -> int:
    ouvres = np.flatnonzero(OUVRE[: fin + 1])
    return int(ouvres[-1])


def _tirer_jours(rng: np.random.Generator, n: int, saison: np.ndarray = SAISON) -> np.ndarray:
    poids = saison[MOIS_DU_JOUR[JOURS_OUVRES_2026]]
    return rng.choice(JOURS_OUVRES_2026, size=n, p=poids / poids.sum())


def _montants(rng: np.random.Generator, n: int, mediane: float, dispersion: float = 1.0, minimum=100):
    """Montants log-normaux en centimes (médiane en centimes)."""
    return np.maximum(np.rint(mediane * np.exp(rng.normal(0.0, dispersion, n))), minimum).astype(np.int64)


def _tva(ht: np.ndarray, taux_pb: np.ndarray) -> np.ndarray:
    """TVA en centimes, arrondie au centime demi supérieur (montants positifs)."""
    return (ht * taux_pb + 5000) // 10000


def _zipf(rng: np.random.Generator, n: int, exposant: float = 0.8) -> np.ndarray:
    """Poids d'activité des tiers : quelques gros, beaucoup de petits, dans un ordre tiré au sort."""
    poids = np.empty(n)
    poids[rng.permutation(n)] = 1.0 / np.arange(1, n + 1) ** exposant
    return poids / poids.sum()


def _texte(*morceaux) -> pa.Array:
    """Concatène des colonnes Arrow (ou des textes constants) élément par élément."""
    return pc.binary_join_element_wise(*morceaux, "")


def _nombres(valeurs: np.ndarray, largeur: int = 0) -> pa.Array:
    texte = pc.cast(pa.array(np.asarray(valeurs, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(texte, largeur, padding="0") if largeur else texte


def _prendre(valeurs, indices: np.ndarray) -> pa.Array:
    """``valeurs[indices]`` en colonne Arrow ; l'indice -1 prend la dernière valeur."""
    indices = np.asarray(indices, dtype=np.int64)
    indices = np.where(indices < 0, len(valeurs) - 1, indices)
    return pc.take(pa.array(valeurs, type=pa.string()), pa.array(indices))


# ---------------------------------------------------------------------------- tiers
def _noms_tiers(rng: np.random.Generator, metiers: list[tuple[str, ...]]) -> list[str]:
    """Un nom distinct par tiers : métier, nom de famille, forme juridique."""
    noms = []
    deja: set[str] = set()
    for choix in metiers:
        while True:
            nom = f"{rng.choice(choix)} {rng.choice(_NOMS)} {rng.choice(_FORMES)}"
            if nom not in deja:
                break
        deja.add(nom)
        noms.append(nom)
    return noms


@dataclass
class _Tiers:
    codes: list[str]
    noms: list[str]


def _tiers(rng: np.random.Generator) -> tuple[_Tiers, np.ndarray]:
    """Clients (indices 0..1999) puis fournisseurs (2000..2499) ; renvoie aussi la catégorie de chaque fournisseur."""
    clients = _noms_tiers(rng, [_METIERS_CLIENTS] * NB_CLIENTS)
    categorie = np.repeat(np.arange(len(CATEGORIES)), [c.nb_fournisseurs for c in CATEGORIES])
    categorie = categorie[rng.permutation(NB_FOURNISSEURS)]
    fournisseurs = []
    for nom in _noms_tiers(rng, [CATEGORIES[c].metiers for c in categorie]):
        if nom.split()[0] in ("Software", "Cloud"):
            nom = f"{nom.split()[1]} {nom.split()[0]} Inc."
        fournisseurs.append(nom)
    codes = [f"C{i:05d}" for i in range(1, NB_CLIENTS + 1)] + [
        f"F{i:05d}" for i in range(1, NB_FOURNISSEURS + 1)
    ]
    return _Tiers(codes, clients + fournisseurs), categorie


# ---------------------------------------------------------------------------- collecte
class _Collecte:
    """Écritures et lignes au fil de la génération, en colonnes (listes de tableaux)."""

    def __init__(self) -> None:
        self.nb_ecritures = 0
        self.e: dict[str, list] = {k: [] for k in ("journal", "jour", "piece", "jour_piece", "libelle")}
        self.l: dict[str, list] = {
            k: [] for k in ("ecriture", "compte", "tiers", "debit", "credit", "lettre", "jour_let", "devise")
        }

    def ecritures(self, journal: str, jours, pieces, jours_pieces, libelles) -> np.ndarray:
        """Ajoute des écritures ; renvoie leurs numéros internes."""
        jours = np.asarray(jours, dtype=np.int64)
        n = len(jours)
        ids = np.arange(self.nb_ecritures, self.nb_ecritures + n)
        self.nb_ecritures += n
        self.e["journal"].append(np.full(n, _J[journal], dtype=np.int64))
        self.e["jour"].append(jours)
        self.e["jour_piece"].append(np.broadcast_to(np.asarray(jours_pieces, dtype=np.int64), n).copy())
        for cle, valeur in (("piece", pieces), ("libelle", libelles)):
            tableau = (
                valeur if isinstance(valeur, pa.Array) else pa.array(np.broadcast_to(valeur, n), pa.string())
            )
            assert len(tableau) == n
            self.e[cle].append(tableau.cast(pa.string()))
        return ids

    def lignes(
        self, ecritures, compte: str, *, debit=None, credit=None, tiers=-1, lettre=-1, jour_let=-1, devise=-1
    ) -> None:
        """Ajoute une ligne à chacune des écritures (au débit ou au crédit)."""
        ecritures = np.asarray(ecritures, dtype=np.int64)
        n = len(ecritures)

        def plein(v):
            return np.broadcast_to(np.asarray(v, dtype=np.int64), n).copy()

        montant = plein(debit if debit is not None else credit)
        assert (montant > 0).all(), f"montant nul ou négatif au compte {compte}"
        zero = np.zeros(n, dtype=np.int64)
        self.l["ecriture"].append(ecritures)
        self.l["compte"].append(np.full(n, _C[compte], dtype=np.int64))
        self.l["tiers"].append(plein(tiers))
        self.l["debit"].append(montant if debit is not None else zero)
        self.l["credit"].append(montant if credit is not None else zero)
        self.l["lettre"].append(plein(lettre))
        self.l["jour_let"].append(plein(jour_let))
        self.l["devise"].append(plein(devise))

    def nb_lignes(self) -> int:
        return sum(len(a) for a in self.l["ecriture"])

    def lignes_de(self, compte: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(jour, débit, crédit) des lignes d'un compte déjà collectées."""
        jours = np.concatenate(self.e["jour"])
        ecr = np.concatenate(self.l["ecriture"])
        masque = np.concatenate(self.l["compte"]) == _C[compte]
        return (
            jours[ecr[masque]],
            np.concatenate(self.l["debit"])[masque],
            np.concatenate(self.l["credit"])[masque],
        )


def _lettrer(rng, tiers: np.ndarray, jour_regle: np.ndarray, regle: np.ndarray, taux: float):
    """Lettre une partie des règlements : code par tiers dans l'ordre chronologique, date de lettrage.

    Returns:
        (rang du code par tiers ou -1, jour de lettrage ou -1), pour chaque pièce.
    """
    n = len(tiers)
    delai = rng.integers(0, 25, n)
    lettre = regle & (jour_regle + delai <= NB_JOURS - 1) & (rng.random(n) < taux)
    jour_let = np.where(lettre, ouvre_suivant(jour_regle + delai), -1)
    jour_let = np.where(jour_let > NB_JOURS - 1, jour_regle, jour_let)
    rang = np.full(n, -1, dtype=np.int64)
    idx = np.flatnonzero(lettre)
    ordre = idx[np.lexsort((idx, jour_let[idx], tiers[idx]))]
    t = tiers[ordre]
    debuts = np.r_[0, np.flatnonzero(t[1:] != t[:-1]) + 1]
    longueurs = np.diff(np.r_[debuts, len(t)])
    rang[ordre] = np.arange(len(t)) - np.repeat(debuts, longueurs)
    return rang, jour_let


# ---------------------------------------------------------------------------- blocs d'écritures
def _a_nouveaux(c: _Collecte, echelle: float, social: dict[str, int], tva_decembre: int) -> None:
    e = c.ecritures("AN", [0], "AN2026", [0], "À-nouveaux au 01/01/2026")
    immo, amort, emprunt, capital = (
        round(echelle * m) for m in (18_000_000, 7_200_000, 30_000_000, 10_000_000)
    )
    dettes = sum(social.values()) + tva_decembre
    banque = round(echelle * 40_000_000) + 5_000_000 + 2 * dettes
    reserves = immo - amort + banque - emprunt - capital - dettes
    c.lignes(e, "2183", debit=immo)
    c.lignes(e, "512", debit=banque)
    c.lignes(e, "28183", credit=amort)
    c.lignes(e, "101", credit=capital)
    c.lignes(e, "1068", credit=reserves)
    c.lignes(e, "164", credit=emprunt)
    for compte, montant in social.items():
        c.lignes(e, compte, credit=montant)
    c.lignes(e, "44551", credit=tva_decembre)


def _paie(rng, c: _Collecte, salaries: int) -> dict[str, np.ndarray]:
    """Paie mensuelle (SA), versement des salaires ; renvoie les dettes sociales de chaque mois."""
    brut = np.rint(salaries * 310_000 * rng.uniform(0.97, 1.04, 12)).astype(np.int64)
    brut[11] += brut[11] // 4  # prime de fin d'année
    urssaf_sal = (brut * 1400 + 5000) // 10000
    retraite_sal = (brut * 800 + 5000) // 10000
    pas = (brut * 550 + 5000) // 10000
    net = brut - urssaf_sal - retraite_sal - pas
    urssaf_pat = (brut * 2900 + 5000) // 10000
    retraite_pat = (brut * 1250 + 5000) // 10000
    fins = np.array([_dernier_ouvre(f) for f in _FIN_DE_MOIS])
    libelles = [f"Salaires {m} 2026" for m in MOIS]
    e = c.ecritures("SA", _FIN_DE_MOIS, [f"PAIE-2026-{m:02d}" for m in range(1, 13)], _FIN_DE_MOIS, libelles)
    c.lignes(e, "6411", debit=brut)
    c.lignes(e, "6451", debit=urssaf_pat)
    c.lignes(e, "6453", debit=retraite_pat)
    c.lignes(e, "421", credit=net)
    c.lignes(e, "431", credit=urssaf_sal + urssaf_pat)
    c.lignes(e, "437", credit=retraite_sal + retraite_pat)
    c.lignes(e, "4421", credit=pas)
    v = c.ecritures(
        "BQ",
        fins,
        [f"VIR-SAL-{m:02d}" for m in range(1, 13)],
        fins,
        [f"Virement des salaires {m}" for m in MOIS],
    )
    c.lignes(v, "421", debit=net)
    c.lignes(v, "512", credit=net)
    return {"431": urssaf_sal + urssaf_pat, "437": retraite_sal + retraite_pat, "4421": pas}


def _organismes_sociaux(c: _Collecte, dettes: dict[str, np.ndarray], decembre_2025: dict[str, int]) -> None:
    """Paiement le 15 du mois suivant des cotisations (celles de décembre 2026 restent dues)."""
    jours = ouvre_suivant(_DEBUT_DE_MOIS + 14)
    libelles = [
        f"Cotisations sociales et prélèvement à la source de {m}" for m in (("décembre 2025",) + MOIS[:11])
    ]
    e = c.ecritures("BQ", jours, [f"DSN-{m:02d}" for m in range(1, 13)], jours, libelles)
    total = np.zeros(12, dtype=np.int64)
    for compte in ("431", "437", "4421"):
        montants = np.r_[decembre_2025[compte], dettes[compte][:11]]
        c.lignes(e, compte, debit=montants)
        total += montants
    c.lignes(e, "512", credit=total)


def _emprunt(c: _Collecte, echelle: float) -> None:
    """Échéances mensuelles (le 5) d'un emprunt à 3,6 % sur 84 mois (300 000 € restant dus pour 1 million de lignes)."""
    capital_du, taux_mensuel = round(echelle * 30_000_000), 0.036 / 12
    annuite = round(capital_du * taux_mensuel / (1 - (1 + taux_mensuel) ** -84))
    interets, capital = [], []
    for _ in range(12):
        i = (capital_du * 30 + 5000) // 10000  # 0,30 % par mois, au centime demi supérieur
        interets.append(i)
        capital.append(annuite - i)
        capital_du -= annuite - i
    jours = ouvre_suivant(_DEBUT_DE_MOIS + 4)
    e = c.ecritures(
        "BQ", jours, [f"PRET-{m:02d}" for m in range(1, 13)], jours, [f"Échéance d'emprunt {m}" for m in MOIS]
    )
    c.lignes(e, "164", debit=np.array(capital))
    c.lignes(e, "6611", debit=np.array(interets))
    c.lignes(e, "512", credit=annuite)


def _frais_mensuels(rng, c: _Collecte) -> None:
    jours = np.array([_dernier_ouvre(f) for f in _FIN_DE_MOIS])
    montants = 3_500 + rng.integers(0, 1_500, 12)
    e = c.ecritures(
        "BQ",
        jours,
        [f"REL-2026-{m:02d}" for m in range(1, 13)],
        jours,
        [f"Frais de tenue de compte {m}" for m in MOIS],
    )
    c.lignes(e, "627", debit=montants)
    c.lignes(e, "512", credit=montants)


def _amortissement(c: _Collecte, echelle: float) -> None:
    """Amortissement linéaire sur cinq ans du matériel (2183) repris en à-nouveaux."""
    dotation = round(echelle * 18_000_000) // 5
    e = c.ecritures("OD", [NB_JOURS - 1], "INV-2026-01", [NB_JOURS - 1], "Dotation aux amortissements 2026")
    c.lignes(e, "6811", debit=dotation)
    c.lignes(e, "28183", credit=dotation)


def _ventes(rng, c: _Collecte, t: _Tiers, nb: int) -> None:
    """Factures de vente, avoirs et règlements clients (lettrés en partie)."""
    clients = rng.choice(NB_CLIENTS, nb, p=_zipf(rng, NB_CLIENTS))
    jours = np.sort(_tirer_jours(rng, nb))  # numérotation des factures chronologique
    nb_taux = rng.choice([1, 2, 3], nb, p=[0.85, 0.13, 0.02])
    # Taux distincts de chaque facture : tirage pondéré sans remise (clés de Gumbel).
    cles = np.log([0.8, 0.12, 0.08]) + rng.gumbel(size=(nb, 3))
    taux = np.argsort(-cles, axis=1)
    ht = _montants(rng, nb * 3, 20_000).reshape(nb, 3)
    ht[np.arange(3)[None, :] >= nb_taux[:, None]] = 0
    tva = _tva(ht, TAUX[taux])
    ttc = ht.sum(axis=1) + tva.sum(axis=1)
    compte = np.where(rng.random((nb, 3)) < 0.6, "707", "706")
    partage = (rng.random(nb) < 0.15) & (ht[:, 0] >= 200)  # 1er taux réparti entre 707 et 706
    part2 = np.where(partage, ht[:, 0] * rng.integers(20, 80, nb) // 100, 0)
    numeros = _nombres(np.arange(1, nb + 1), 6)
    pieces = _texte("FA26-", numeros)
    noms = _prendre(t.noms, clients)
    e = c.ecritures("VT", jours, pieces, jours, _texte("Facture ", pieces, " ", noms))

    # Règlements : délai propre au client, retards, quelques litiges ; ceux de fin d'année restent dus.
    delai_client = rng.choice([0, 30, 45, 60], NB_CLIENTS, p=[0.1, 0.5, 0.25, 0.15])
    retard_client = np.where(rng.random(NB_CLIENTS) < 0.1, rng.integers(15, 40, NB_CLIENTS), 0)
    mode_client = rng.choice(4, NB_CLIENTS, p=[0.65, 0.2, 0.1, 0.05])
    jour_regle = ouvre_suivant(
        jours + delai_client[clients] + retard_client[clients] + rng.integers(-3, 10, nb)
    )
    jour_regle = np.maximum(jour_regle, jours)
    regle = (jour_regle <= NB_JOURS - 1) & (rng.random(nb) >= 0.02)
    rang, jour_let = _lettrer(rng, clients, jour_regle, regle, 0.92)

    c.lignes(e, "411", debit=ttc, tiers=clients, lettre=rang, jour_let=jour_let)
    for k in range(3):
        a = nb_taux > k
        montant = ht[a, k] - (part2[a] if k == 0 else 0)
        for numero in ("707", "706"):
            m = compte[a, k] == numero
            c.lignes(e[a][m], numero, credit=montant[m])
        if k == 0:
            autre = np.where(compte[:, 0] == "707", "706", "707")
            for numero in ("707", "706"):
                m = partage & (autre == numero)
                c.lignes(e[m], numero, credit=part2[m])
    for k in range(3):
        a = nb_taux > k
        c.lignes(e[a], "44571", credit=tva[a, k])

    r = np.flatnonzero(regle)
    modes = np.array(["virement", "chèque", "prélèvement", "carte bancaire"], dtype=object)
    libelles = _texte(
        "Règlement ",
        pa.array(modes[mode_client[clients[r]]], pa.string()),
        " ",
        noms.take(pa.array(r)),
        " ",
        pieces.take(pa.array(r)),
    )
    b = c.ecritures("BQ", jour_regle[r], pieces.take(pa.array(r)), jour_regle[r], libelles)
    c.lignes(b, "512", debit=ttc[r])
    c.lignes(b, "411", credit=ttc[r], tiers=clients[r], lettre=rang[r], jour_let=jour_let[r])

    # Avoirs (2 % des factures) : remise accordée, non lettrée.
    na = max(1, nb // 50)
    clients_av = rng.choice(NB_CLIENTS, na, p=_zipf(rng, NB_CLIENTS))
    jours_av = np.sort(_tirer_jours(rng, na))
    taux_av = rng.choice(3, na, p=[0.8, 0.12, 0.08])
    ht_av = _montants(rng, na, 6_000)
    tva_av = _tva(ht_av, TAUX[taux_av])
    pieces_av = _texte("AV26-", _nombres(np.arange(1, na + 1), 6))
    ea = c.ecritures(
        "VT", jours_av, pieces_av, jours_av, _texte("Avoir ", pieces_av, " ", _prendre(t.noms, clients_av))
    )
    c.lignes(ea, "709", debit=ht_av)
    c.lignes(ea, "44571", debit=tva_av)
    c.lignes(ea, "411", credit=ht_av + tva_av, tiers=clients_av)


def _achats(rng, c: _Collecte, t: _Tiers, categorie_fournisseur: np.ndarray, nb: int) -> None:
    """Factures d'achat et paiements fournisseurs (lettrés en partie)."""
    cat = rng.choice(
        len(CATEGORIES), nb, p=np.array([k.part for k in CATEGORIES]) / sum(k.part for k in CATEGORIES)
    )
    fournisseur = np.empty(nb, dtype=np.int64)
    ht = np.empty(nb, dtype=np.int64)
    delai = np.empty(nb, dtype=np.int64)
    for i, k in enumerate(CATEGORIES):
        m = cat == i
        candidats = np.flatnonzero(categorie_fournisseur == i)
        fournisseur[m] = NB_CLIENTS + rng.choice(candidats, m.sum(), p=_zipf(rng, len(candidats)))
        ht[m] = _montants(rng, m.sum(), k.mediane, 0.9)
        delai[m] = rng.choice(k.delais, m.sum())
    jours = _tirer_jours(rng, nb, np.roll(SAISON, -1))
    jours_piece = np.maximum(jours - rng.integers(0, 6, nb), 0)
    pieces = _texte(
        pa.array(np.array(["FAC", "F", "FA-", "INV-"], dtype=object)[rng.integers(0, 4, nb)], pa.string()),
        _nombres(rng.integers(100_000, 10_000_000, nb)),
    )
    noms = _prendre(t.noms, fournisseur)
    e = c.ecritures("AC", jours, pieces, jours_piece, _texte("Facture ", noms, " ", pieces))
    taux_cat = np.array([k.taux for k in CATEGORIES])[cat]
    comptes_cat = np.array([k.compte for k in CATEGORIES])[cat]
    tva = np.where(taux_cat >= 0, _tva(ht, TAUX[np.maximum(taux_cat, 0)]), 0)
    tva[taux_cat == -2] = _tva(ht[taux_cat == -2], TAUX[0])  # autoliquidée : due et déductible
    ttc = ht + np.where(taux_cat >= 0, tva, 0)
    usd = taux_cat == -2
    dollars = np.rint(ht * rng.uniform(1.06, 1.12, nb)).astype(np.int64)

    jour_regle = ouvre_suivant(jours + delai + rng.integers(-2, 6, nb))
    jour_regle = np.maximum(jour_regle, jours)
    regle = (jour_regle <= NB_JOURS - 1) & (rng.random(nb) >= 0.03)
    rang, jour_let = _lettrer(rng, fournisseur, jour_regle, regle, 0.88)

    for numero in dict.fromkeys(k.compte for k in CATEGORIES):
        m = comptes_cat == numero
        c.lignes(e[m], numero, debit=ht[m], devise=np.where(usd[m], dollars[m], -1))
    m = taux_cat != -1
    c.lignes(e[m], "44566", debit=tva[m])
    c.lignes(e[usd], "4452", credit=tva[usd])
    c.lignes(
        e,
        "401",
        credit=ttc,
        tiers=fournisseur,
        lettre=rang,
        jour_let=jour_let,
        devise=np.where(usd, dollars, -1),
    )

    r = np.flatnonzero(regle)
    b = c.ecritures(
        "BQ",
        jour_regle[r],
        pieces.take(pa.array(r)),
        jour_regle[r],
        _texte("Paiement ", noms.take(pa.array(r)), " ", pieces.take(pa.array(r))),
    )
    c.lignes(b, "401", debit=ttc[r], tiers=fournisseur[r], lettre=rang[r], jour_let=jour_let[r])
    c.lignes(b, "512", credit=ttc[r])


def _tva_mensuelle(c: _Collecte, tva_decembre_2025: int) -> None:
    """Déclaration de TVA de chaque mois (OD au dernier jour) et paiement le 19 du mois suivant."""
    soldes = {}
    for compte in ("44571", "44566", "4452"):
        jours, debit, credit = c.lignes_de(compte)
        mois = MOIS_DU_JOUR[jours]
        soldes[compte] = np.bincount(mois, weights=credit - debit, minlength=12).round().astype(np.int64)
    collectee, deductible, due_ic = soldes["44571"], -soldes["44566"], soldes["4452"]
    a_payer = collectee + due_ic - deductible
    e = c.ecritures(
        "OD",
        _FIN_DE_MOIS,
        [f"CA3-2026-{m:02d}" for m in range(1, 13)],
        _FIN_DE_MOIS,
        [f"Déclaration de TVA de {m} 2026" for m in MOIS],
    )
    for compte, montant, sens in (
        ("44571", collectee, "debit"),
        ("4452", due_ic, "debit"),
        ("44566", deductible, "credit"),
        ("44551", a_payer, "credit"),
        ("44567", -a_payer, "debit"),
    ):
        m = montant > 0
        c.lignes(e[m], compte, **{sens: montant[m]})
    versements = np.r_[tva_decembre_2025, np.maximum(a_payer[:11], 0)]
    jours = ouvre_suivant(_DEBUT_DE_MOIS + 18)
    m = versements > 0
    libelles = [
        f"Paiement de la TVA de {mois}" for mois in ("décembre 2025",) + tuple(f"{x} 2026" for x in MOIS[:11])
    ]
    p = c.ecritures(
        "BQ",
        jours[m],
        [f"TVA-{i:02d}" for i in np.flatnonzero(m) + 1],
        jours[m],
        np.array(libelles, dtype=object)[m],
    )
    c.lignes(p, "44551", debit=versements[m])
    c.lignes(p, "512", credit=versements[m])


def _frais_bancaires(rng, c: _Collecte, nb_lignes: int) -> None:
    """Commissions bancaires (627/512) qui complètent le livre au nombre exact de lignes voulu."""
    if nb_lignes == 0:
        return
    assert nb_lignes >= 2
    nb = nb_lignes // 2
    triple = nb_lignes % 2 == 1  # une écriture à trois lignes si le nombre est impair
    jours = np.sort(_tirer_jours(rng, nb))
    montants = _montants(rng, nb, 300, 0.8, minimum=10)
    motifs = np.array(
        [
            "Commissions sur encaissements carte",
            "Frais sur remise de chèques",
            "Commission d'intervention",
            "Frais de virement international",
            "Frais de prélèvement SEPA",
        ],
        dtype=object,
    )
    libelles = pa.array(motifs[rng.integers(0, len(motifs), nb)], pa.string())
    e = c.ecritures("BQ", jours, _texte("COM-", _nombres(np.arange(1, nb + 1), 6)), jours, libelles)
    c.lignes(e, "627", debit=montants)
    if triple:
        c.lignes(e[:1], "627", debit=[1_500])
    c.lignes(e, "512", credit=montants + np.r_[1_500 if triple else 0, np.zeros(nb - 1, dtype=np.int64)])


# ---------------------------------------------------------------------------- assemblage
@dataclass
class GrandLivre:
    """Le grand livre généré, en colonnes, lignes dans l'ordre du fichier.

    Lignes : ``ecriture`` (rang de l'écriture), ``compte`` (indice dans :data:`COMPTES`),
    ``tiers`` (indice dans ``tiers.codes``, -1 sans tiers), ``debit``, ``credit`` (centimes),
    ``lettre`` (rang du code de lettrage, -1 sans), ``jour_let``, ``devise`` (montant en
    cents de dollar, -1 sans). Écritures : ``journal``, ``jour``, ``numero`` (séquence dans
    le journal), ``piece``, ``jour_piece``, ``libelle``, ``jour_validation``. Les jours sont
    comptés depuis le 01/01/2026.
    """

    tiers: _Tiers
    lignes: dict[str, np.ndarray]
    ecritures: dict[str, object]

    def __len__(self) -> int:
        return len(self.lignes["ecriture"])

    def soldes(self) -> dict[str, tuple[int, int]]:
        """Total des débits et des crédits (centimes) de chaque compte mouvementé."""
        compte = self.lignes["compte"]
        resultat = {}
        for i, (numero, _) in enumerate(COMPTES):
            m = compte == i
            if m.any():
                resultat[numero] = (int(self.lignes["debit"][m].sum()), int(self.lignes["credit"][m].sum()))
        return resultat

    def resume(self) -> str:
        """Quelques chiffres de l'exercice, pour vérifier d'un coup d'œil la vraisemblance."""
        s = self.soldes()

        def solde(prefixes, sens=1):
            return sum((d - c) * sens for n, (d, c) in s.items() if n.startswith(prefixes)) / 100

        journaux = np.bincount(self.ecritures["journal"], minlength=len(JOURNAUX))
        ca = solde(("706", "707", "709"), -1)
        resultat = solde(("7",), -1) - solde(("6",))
        return (
            (
                f"{len(self):_} lignes, {len(self.ecritures['jour']):_} écritures ("
                + ", ".join(f"{code} {n:_}" for (code, _), n in zip(JOURNAUX, journaux, strict=True))
                + f") ; chiffre d'affaires HT {ca:_.2f} € ; résultat {resultat:_.2f} € ; "
                f"banque {solde(('512',)):_.2f} € ; clients {solde(('411',)):_.2f} €"
            )
            .replace("_", " ")
            .replace(".", ",")
        )


def _assembler(c: _Collecte, t: _Tiers) -> GrandLivre:
    e = {
        k: (np.concatenate(v) if k not in ("piece", "libelle") else pa.concat_arrays(v))
        for k, v in c.e.items()
    }
    l = {k: np.concatenate(v) for k, v in c.l.items()}
    # Ordre chronologique, puis par journal, puis de création ; numérotation continue par journal.
    ordre = np.lexsort((np.arange(c.nb_ecritures), e["journal"], e["jour"]))
    rang = np.empty(c.nb_ecritures, dtype=np.int64)
    rang[ordre] = np.arange(c.nb_ecritures)
    ecritures: dict[str, object] = {}
    for k, v in e.items():
        ecritures[k] = v.take(pa.array(ordre)) if isinstance(v, pa.Array) else v[ordre]
    numero = np.empty(c.nb_ecritures, dtype=np.int64)
    for j in range(len(JOURNAUX)):
        m = ecritures["journal"] == j
        numero[m] = np.arange(1, m.sum() + 1)
    ecritures["numero"] = numero
    jours = ecritures["jour"]
    semaine = np.array([j.weekday() for j in _JOURS])[jours]
    ecritures["jour_validation"] = jours + (4 - semaine) % 7  # le vendredi suivant
    l["ecriture"] = rang[l["ecriture"]]
    tri = np.argsort(l["ecriture"], kind="stable")
    lignes = {k: v[tri] for k, v in l.items()}
    return GrandLivre(t, lignes, ecritures)


def generer(nb_lignes: int = 1_000_000, graine: int = GRAINE) -> GrandLivre:
    """Génère le grand livre de l'exercice 2026, en exactement ``nb_lignes`` lignes.

    Raises:
        ValueError: moins de :data:`LIGNES_MIN` lignes demandées.
    """
    if nb_lignes < LIGNES_MIN:
        raise ValueError(
            f"Demandez au moins {LIGNES_MIN} lignes (la paie, la TVA et la banque en occupent ~300)."
        )
    # Taille de l'entreprise : bilan d'ouverture, emprunt et effectif suivent le volume d'affaires.
    echelle = max(0.02, nb_lignes / 1_000_000)
    salaries = max(1, round(nb_lignes / 9_000))
    nb_ventes = max(10, int(nb_lignes / 7.6))
    for _ in range(50):
        graines = np.random.SeedSequence(graine).spawn(8)
        rng = [np.random.default_rng(g) for g in graines]
        t, categorie_fournisseur = _tiers(rng[0])
        c = _Collecte()
        dettes = _paie(rng[1], c, salaries)
        decembre_2025 = {k: int(v[11] * 0.97) for k, v in dettes.items()}
        tva_decembre_2025 = round(nb_lignes / 1_000_000 * 45_000_000)
        _a_nouveaux(c, echelle, decembre_2025, tva_decembre_2025)
        _organismes_sociaux(c, dettes, decembre_2025)
        _emprunt(c, echelle)
        _frais_mensuels(rng[2], c)
        _amortissement(c, echelle)
        _ventes(rng[3], c, t, nb_ventes)
        _achats(rng[4], c, t, categorie_fournisseur, nb_ventes // 2)
        _tva_mensuelle(c, tva_decembre_2025)
        reste = nb_lignes - c.nb_lignes()
        marge = max(30, nb_lignes // 70)  # ~1,5 % de commissions bancaires
        if reste >= marge // 2 and reste != 1:
            _frais_bancaires(rng[5], c, reste)
            assert c.nb_lignes() == nb_lignes
            return _assembler(c, t)
        nb_ventes = max(10, int(nb_ventes * (nb_lignes - marge) / (nb_lignes - reste)))
    raise RuntimeError("le nombre de lignes demandé n'a pas pu être atteint")  # pragma: no cover


# ---------------------------------------------------------------------------- écriture des fichiers
def _texte_montants(centimes: np.ndarray, virgule: str) -> pa.Array:
    absolu = np.abs(centimes)
    texte = _texte(_nombres(absolu // 100), virgule, _nombres(absolu % 100, 2))
    negatif = centimes < 0
    if negatif.any():
        texte = pc.if_else(pa.array(negatif), _texte("-", texte), texte)
    return texte


def _codes_lettres(n: int) -> list[str]:
    """Codes de lettrage successifs : A, B, ..., Z, AA, AB..."""
    codes = []
    for i in range(n):
        code, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            code = chr(65 + r) + code
        codes.append(code)
    return codes


def _dates_texte(format_: str) -> list[str]:
    return [j.strftime(format_) for j in _JOURS]


def _joindre_fichier(colonnes: list[pa.Array], separateur: str, fin_de_ligne: str) -> bytes:
    """Les colonnes jointes en lignes, comme un seul tampon d'octets UTF-8."""
    lignes = pc.binary_join_element_wise(*colonnes, separateur)
    lignes = _texte(lignes, fin_de_ligne).cast(pa.large_string())
    decalages = np.frombuffer(lignes.buffers()[1], dtype=np.int64)
    debut, fin = decalages[lignes.offset], decalages[lignes.offset + len(lignes)]
    return lignes.buffers()[2].to_pybytes()[debut:fin]


def colonnes_fec(gl: GrandLivre) -> list[pa.Array]:
    """Les 18 colonnes du FEC (texte), dans l'ordre de :data:`compta_kernel.fec.CHAMPS`."""
    l, e = gl.lignes, gl.ecritures
    ecr = pa.array(l["ecriture"])
    dates = _dates_texte("%Y%m%d") + [""]
    journal = e["journal"][l["ecriture"]]
    codes_journaux = [code for code, _ in JOURNAUX]
    numero = _texte(_prendre(codes_journaux, e["journal"]), _nombres(e["numero"], 6)).take(ecr)
    tiers = l["tiers"]
    lettre = l["lettre"]
    nb_codes = int(lettre.max()) + 1 if len(lettre) else 0
    devise = l["devise"]
    zero = np.zeros(len(l["debit"]), dtype=np.int64)
    return [
        _prendre(codes_journaux, journal),
        _prendre([lib for _, lib in JOURNAUX], journal),
        numero,
        _prendre(dates, e["jour"][l["ecriture"]]),
        _prendre([n for n, _ in COMPTES], l["compte"]),
        _prendre([lib for _, lib in COMPTES], l["compte"]),
        _prendre([*gl.tiers.codes, ""], tiers),
        _prendre([*gl.tiers.noms, ""], tiers),
        e["piece"].take(ecr),
        _prendre(dates, e["jour_piece"][l["ecriture"]]),
        e["libelle"].take(ecr),
        _texte_montants(l["debit"], ","),
        _texte_montants(l["credit"], ","),
        _prendre([*_codes_lettres(nb_codes), ""], lettre),
        _prendre(dates, l["jour_let"]),
        _prendre(dates, e["jour_validation"][l["ecriture"]]),
        pc.if_else(pa.array(devise >= 0), _texte_montants(np.maximum(devise, zero), ","), ""),
        pc.if_else(pa.array(devise >= 0), "USD", ""),
    ]


def ecrire_fec(gl: GrandLivre, dossier: str | Path, siren: str = SIREN) -> Path:
    """Écrit le FEC ``<SIREN>FEC20261231.txt`` dans ``dossier`` (ISO 8859-15, tabulations, CRLF)."""
    entete = (
        "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\t"
        "PieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise"
    )
    chemin = Path(dossier) / f"{siren}FEC{FIN:%Y%m%d}.txt"
    chemin.parent.mkdir(parents=True, exist_ok=True)
    corps = _joindre_fichier(colonnes_fec(gl), "\t", "\r\n")
    with chemin.open("wb") as f:
        f.write((entete + "\r\n").encode("ascii"))
        f.write(corps.decode("utf-8").encode("iso-8859-15"))
    return chemin


def ecrire_ledger(gl: GrandLivre, chemin: str | Path) -> Path:
    """Écrit les mêmes opérations au format ledger-cli (UTF-8), lisible aussi par hledger.

    Une transaction par écriture (``2026/01/05 (VT000001) Facture FA26-000001 ...``), une
    imputation par ligne : compte ``CompteNum`` ou ``CompteNum:CompAuxNum``, montant
    débit - crédit en EUR avec un point décimal.
    """
    l, e = gl.lignes, gl.ecritures
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    ecr = l["ecriture"]
    n = len(ecr)
    premiere = np.r_[True, ecr[1:] != ecr[:-1]] if n else np.zeros(0, dtype=bool)
    derniere = np.r_[ecr[1:] != ecr[:-1], True] if n else np.zeros(0, dtype=bool)
    codes_journaux = [code for code, _ in JOURNAUX]
    numero = _texte(_prendre(codes_journaux, e["journal"]), _nombres(e["numero"], 6))
    entetes = _texte(_prendre(_dates_texte("%Y/%m/%d"), e["jour"]), " (", numero, ") ", e["libelle"], "\n")
    tiers = l["tiers"]
    comptes = _prendre([n for n, _ in COMPTES], l["compte"])
    sous_compte = _prendre([*(":" + c for c in gl.tiers.codes), ""], tiers)
    imputations = _texte(
        pc.if_else(pa.array(premiere), entetes.take(pa.array(ecr)), ""),
        "    ",
        comptes,
        sous_compte,
        "  ",
        _texte_montants(l["debit"] - l["credit"], "."),
        " " + DEVISE_LEDGER,
        pc.if_else(pa.array(derniere), "\n", ""),
    )
    corps = _joindre_fichier([imputations], "", "\n")
    with chemin.open("wb") as f:
        f.write(f"; Exercice 2026 de la société {SIREN}, généré par benchmarks/generer.py\n\n".encode())
        f.write(corps)
    return chemin


def lire_soldes_ledger(texte: str) -> dict[str, int]:
    """Solde (centimes) de chaque compte de premier niveau dans la sortie de ``ledger bal`` ou ``hledger bal``.

    Comprend l'arbre de ledger (seules les lignes non indentées comptent : elles portent le
    total du compte, sous-comptes compris, y compris la forme repliée ``411:C00012``) et la
    liste à plat (``--flat``, défaut de hledger) où les sous-comptes sont additionnés.
    Les comptes soldés n'apparaissent pas ; la ligne de total non plus.
    """
    soldes: dict[str, int] = {}
    suffixe = " " + DEVISE_LEDGER
    for ligne in texte.splitlines():
        montant, separateur, compte = ligne.partition(suffixe + "  ")
        if not separateur or not compte or compte[0] == " ":
            continue
        unites, _, decimales = montant.strip().replace(",", "").partition(".")
        signe = -1 if unites.startswith("-") else 1
        centimes = abs(int(unites)) * 100 + int((decimales + "00")[:2])
        racine = compte.split(":", 1)[0].strip()
        soldes[racine] = soldes.get(racine, 0) + signe * centimes
    return soldes


# ---------------------------------------------------------------------------- ligne de commande
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Génère le grand livre 2026 d'une PME fictive : FEC et/ou journal ledger-cli."
    )
    parser.add_argument(
        "--lignes", type=int, default=1_000_000, help="nombre exact de lignes (défaut 1 000 000)"
    )
    parser.add_argument("--graine", type=int, default=GRAINE, help=f"graine du tirage (défaut {GRAINE})")
    parser.add_argument("--sortie", type=Path, default=Path("benchmarks/donnees"), help="dossier de sortie")
    parser.add_argument(
        "--format",
        choices=("fec", "ledger", "tous"),
        default="tous",
        help="fec : <SIREN>FEC20261231.txt ; ledger : journal.ledger ; tous (défaut) : les deux",
    )
    args = parser.parse_args(argv)
    debut = time.perf_counter()
    try:
        gl = generer(args.lignes, args.graine)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"Généré en {time.perf_counter() - debut:.1f} s : {gl.resume()}")
    if args.format in ("fec", "tous"):
        t = time.perf_counter()
        chemin = ecrire_fec(gl, args.sortie)
        print(
            f"FEC écrit en {time.perf_counter() - t:.1f} s : {chemin} ({chemin.stat().st_size / 1e6:.1f} Mo)"
        )
    if args.format in ("ledger", "tous"):
        t = time.perf_counter()
        chemin = ecrire_ledger(gl, args.sortie / NOM_LEDGER)
        print(
            f"Journal ledger écrit en {time.perf_counter() - t:.1f} s : {chemin} ({chemin.stat().st_size / 1e6:.1f} Mo)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
