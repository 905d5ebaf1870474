"""TVA : régimes, exigibilité, déclaration CA3 et écriture de liquidation.

Ce module couvre l'activité B1.3 du référentiel (« Préparation et déclaration
de TVA ») :

- les **régimes** (:func:`regime_applicable`) : franchise en base, réel
  simplifié (CA12 annuelle et ses deux acomptes, :func:`acomptes_rsi`), réel
  normal (CA3 mensuelle, ou trimestrielle sous le seuil de TVA annuelle) ;
- l'**exigibilité** (:func:`date_exigibilite`) : livraison pour les biens,
  encaissement pour les services sauf option pour les débits ;
- la **déclaration** 3310-CA3-SD : :func:`ca3` calcule les lignes du
  formulaire à partir de montants, :func:`declaration_tva` les tire du livre
  (comptes 44571, 44562, 44566, 44567) et propose l'écriture d'OD qui liquide
  la période ; :func:`date_limite_tva` donne l'échéance de dépôt ;
- les **contrôles** (:func:`controle_tva`) : TVA collectée comparée aux ventes
  × taux, TVA déductible comparée aux achats, écarts expliqués ;
- les **exports** du formulaire rempli : HTML imprimable (:func:`ca3_html`,
  gabarit Jinja2), PDF (:func:`ca3_pdf`) et JSON structuré (:meth:`DeclarationCA3.en_json`).

Taux, seuils et délais viennent des règles datées (``donnees/regles/<année>/tva.yaml``),
chacune avec sa source. Les numéros de ligne sont ceux du formulaire 3310-CA3-SD
en vigueur (cerfa n° 10963*31, notice 3310-NOT-CA3-SD n° 50449#28) : 08 (20 %),
09 (5,5 %), 9B (10 %), T6 (2,1 % en France continentale), 16, 19, 20, 22, 23,
25, TD, 26, 27, 28, 32.

**Arrondis.** Le livre reste au centime. Le formulaire est rempli en euros :
chaque base et chaque taxe est arrondie à l'euro le plus proche, ligne par ligne
(moins de 0,50 € négligé, 0,50 € et plus compté pour 1 : notice de la CA3,
« Les arrondis fiscaux ») ; les totaux (16, 23) sont faits sur les lignes
arrondies. L'écriture de liquidation solde les comptes de TVA au centime et
inscrit en 44551 la TVA nette due déclarée (en euros) : la différence
d'arrondi va en 658 (charge) ou 758 (produit).

>>> import datetime as dt
>>> d = ca3({"0.20": "10 000,00"}, deductible_autres="1 200,00", date=dt.date(2026, 3, 31))
>>> d.montant("16"), d.montant("20"), d.montant("28")
(Decimal('2000'), Decimal('1200'), Decimal('800'))
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.erreurs import Anomalie, ErreurComptable
from compta_kernel.montants import ZERO, arrondir, depuis_centimes, montant

if TYPE_CHECKING:
    from compta_kernel.livre import Livre

#: Régimes d'imposition reconnus (argument ``regime``).
REGIMES = ("reel_normal_mensuel", "reel_normal_trimestriel", "reel_simplifie", "franchise")

#: Comptes du PCG utilisés par la liquidation (PCG, art. 944-44 ; liste des comptes 2025).
COMPTE_COLLECTEE = "44571"
COMPTE_DEDUCTIBLE_IMMOBILISATIONS = "44562"
COMPTE_DEDUCTIBLE_AUTRES = "44566"
COMPTE_A_DECAISSER = "44551"
COMPTE_CREDIT_A_REPORTER = "44567"
COMPTE_REMBOURSEMENT_DEMANDE = "44583"
COMPTE_ECART_CHARGE = "658"
COMPTE_ECART_PRODUIT = "758"

#: Ligne du cadre B de la CA3 pour chaque taux (clé de règle ``tva.taux.<nom>``) :
#: formulaire 3310-CA3-SD, cerfa n° 10963*31.
LIGNES_TAUX = (
    ("normal", "08", "Taux normal 20 %"),
    ("reduit", "09", "Taux réduit 5,5 %"),
    ("intermediaire", "9B", "Taux réduit 10 %"),
    ("particulier", "T6", "Opérations réalisées en France continentale au taux de 2,1 %"),
)

#: Libellés des lignes du formulaire 3310-CA3-SD remplies par ce module, dans l'ordre du formulaire.
LIBELLES_CA3 = {
    "A1": "Ventes, prestations de services",
    **{code: libelle for _, code, libelle in LIGNES_TAUX},
    "16": "Total de la TVA brute due",
    "19": "Biens constituant des immobilisations",
    "20": "Autres biens et services",
    "22": "Report du crédit apparaissant ligne 27 de la précédente déclaration",
    "23": "Total TVA déductible",
    "25": "Crédit de TVA (ligne 23 − ligne 16)",
    "TD": "TVA due (ligne 16 − ligne 23)",
    "26": "Remboursement de crédit de TVA demandé sur formulaire n° 3519",
    "27": "Crédit de TVA à reporter (ligne 25 − ligne 26)",
    "28": "TVA nette due (ligne TD − ligne X5)",
    "32": "Total à payer",
}

_CADRES = {
    "A1": "A — Montant des opérations réalisées",
    "08": "B — Décompte de la TVA à payer : TVA brute",
    "19": "B — TVA déductible",
    "25": "B — Crédit",
    "TD": "B — Taxe à payer",
}


_UN_EURO = Decimal(1)


class TVAInvalide(ErreurComptable, ValueError):
    """Une déclaration de TVA ne peut pas être établie (période, régime, livre).

    Attributes:
        anomalies: les écritures en cause, chacune avec son numéro (``ligne`` = rang de l'écriture).
    """

    def __init__(self, message: str, *, champ: str | None = None, anomalies: Iterable[Anomalie] = ()) -> None:
        self.anomalies = tuple(anomalies)
        if self.anomalies:
            message += "\n" + "\n".join(f"  - {a.message}" for a in self.anomalies[:10])
            if len(self.anomalies) > 10:
                message += f"\n  ... et {len(self.anomalies) - 10} autre(s)."
        super().__init__(message, champ=champ)


# ---------------------------------------------------------------------- arrondis et taux
def arrondir_euro(valeur: Decimal | int | str) -> Decimal:
    """Arrondit à l'euro le plus proche, demi supérieur (règle des déclarations de TVA).

    >>> arrondir_euro("1 234,50"), arrondir_euro("1 234,49")
    (Decimal('1235'), Decimal('1234'))
    """
    return montant(valeur).quantize(_UN_EURO, rounding=ROUND_HALF_UP)


def taux_en_vigueur(date: dt.date) -> dict[str, Decimal]:
    """Les taux de TVA en vigueur à une date : ``{"normal": 0.20, "intermediaire": 0.10, ...}``."""
    return {nom: regles.valeur(f"tva.taux.{nom}", date) for nom, _, _ in LIGNES_TAUX}


def _ligne_du_taux(taux: Decimal, date: dt.date) -> str:
    for nom, valeur in taux_en_vigueur(date).items():
        if valeur == taux:
            return next(code for n, code, _ in LIGNES_TAUX if n == nom)
    connus = ", ".join(_pourcent(v) for v in taux_en_vigueur(date).values())
    raise TVAInvalide(
        f"Le taux de {_pourcent(taux)} n'est pas un taux de TVA en vigueur le {date:%d/%m/%Y} "
        f"(taux possibles : {connus}). Saisissez le taux en décimal (0,20) ou en pourcentage (20 %).",
        champ="taux",
    )


def _lire_taux(valeur: object) -> Decimal:
    if isinstance(valeur, str) and valeur.strip().endswith("%"):
        return montant(valeur.strip()[:-1]) / 100
    d = montant(valeur)
    return d / 100 if d >= 1 else d


def _pourcent(taux: Decimal) -> str:
    texte = format((taux * 100).normalize(), "f")
    return texte.replace(".", ",") + " %"


# ---------------------------------------------------------------------- régimes et exigibilité
def regime_applicable(
    date: dt.date,
    *,
    ca_precedent: Decimal | int | str,
    ca_en_cours: Decimal | int | str = ZERO,
    tva_precedente: Decimal | int | str = ZERO,
    activite: str = "ventes",
    option: str | None = None,
) -> str:
    """Le régime de TVA d'une entreprise pour l'année de ``date``.

    Règles (datées, ``tva.regime.*``) : franchise en base tant que le chiffre
    d'affaires de l'année précédente et celui de l'année en cours restent sous
    les plafonds de l'article 293 B du CGI ; réel simplifié sous les plafonds de
    l'article 302 septies A et tant que la TVA de l'année précédente ne dépasse pas
    15 000 € ; sinon réel normal, trimestriel si la TVA annuelle est inférieure
    à 4 000 € (CGI, art. 287, 2).

    Args:
        ca_precedent, ca_en_cours: chiffre d'affaires HT de l'année précédente et de l'année en cours.
        tva_precedente: TVA exigible de l'année précédente (0 pour une entreprise en franchise).
        activite: ``"ventes"`` (ventes, restauration, hébergement), ``"services"`` ou
            ``"avocats_auteurs_artistes"``.
        option: ``"reel_normal"`` ou ``"reel_simplifie"`` si l'entreprise a opté pour un régime supérieur.

    Returns:
        un des :data:`REGIMES`.
    """
    activites = ("ventes", "services", "avocats_auteurs_artistes")
    if activite not in activites:
        raise TVAInvalide(
            f"Activité « {activite} » inconnue : choisissez parmi {', '.join(activites)}.", champ="activite"
        )
    ca_n1, ca_n, tva_n1 = montant(ca_precedent), montant(ca_en_cours), montant(tva_precedente)

    def r(cle: str) -> Decimal:
        return regles.valeur(f"tva.regime.{cle}", date)

    trimestriel = tva_n1 < r("reel_normal.seuil_trimestriel")
    normal = "reel_normal_trimestriel" if trimestriel else "reel_normal_mensuel"
    if option == "reel_normal":
        return normal
    franchise = ca_n1 <= r(f"franchise.plafond_{activite}") and ca_n <= r(
        f"franchise.plafond_{activite}_majore"
    )
    if franchise and option is None:
        return "franchise"
    rsi = "ventes" if activite == "ventes" else "services"
    if (
        ca_n1 <= r(f"rsi.plafond_{rsi}")
        and ca_n <= r(f"rsi.plafond_{rsi}_majore")
        and tva_n1 <= r("rsi.plafond_tva")
    ):
        return "reel_simplifie"
    return normal


def date_exigibilite(
    nature: str,
    *,
    livraison: dt.date | None = None,
    encaissement: dt.date | None = None,
    facture: dt.date | None = None,
    option_debits: bool = False,
) -> dt.date:
    """Date à laquelle la TVA d'une opération devient exigible (à déclarer sur la CA3 de cette période).

    Livraison de biens : à la livraison (CGI, art. 269, 2, a). Prestation de services :
    à l'encaissement (art. 269, 2, c), ou au débit (date de la facture) si l'entreprise a
    opté pour les débits.

    >>> date_exigibilite("service", facture=dt.date(2026, 3, 28), encaissement=dt.date(2026, 4, 10))
    datetime.date(2026, 4, 10)

    Args:
        nature: ``"bien"`` ou ``"service"``.
    """
    if nature not in ("bien", "service"):
        raise TVAInvalide(
            f"Nature « {nature} » inconnue : une opération est une livraison de « bien » ou un « service ».",
            champ="nature",
        )
    if nature == "bien":
        if livraison is None:
            raise TVAInvalide(
                "Livraison de biens : la TVA est exigible à la livraison ; indiquez la date de livraison.",
                champ="livraison",
            )
        return livraison
    if option_debits:
        if facture is None:
            raise TVAInvalide(
                "Prestation avec option pour les débits : la TVA est exigible à la facturation ; "
                "indiquez la date de la facture.",
                champ="facture",
            )
        return facture
    if encaissement is None:
        raise TVAInvalide(
            "Prestation de services : la TVA est exigible à l'encaissement (sauf option pour les débits) ; "
            "indiquez la date d'encaissement.",
            champ="encaissement",
        )
    return encaissement


def acomptes_rsi(tva_reference: Decimal | int | str, annee: int) -> dict[str, Decimal]:
    """Les deux acomptes du régime simplifié dus en ``annee``.

    ``tva_reference`` : TVA due au titre de l'année précédente avant déduction de la TVA
    sur immobilisations (ligne 57 de la CA12). Acompte de juillet 55 %, de décembre 40 %,
    arrondis au centime (demi supérieur) ; aucun acompte sous 1 000 €.

    >>> acomptes_rsi("26 000", 2026)
    {'juillet': Decimal('14300.00'), 'decembre': Decimal('10400.00')}
    """
    base = montant(tva_reference)
    jour = dt.date(annee, 7, 1)
    if base < regles.valeur("tva.regime.rsi.dispense_acomptes", jour):
        return {"juillet": ZERO, "decembre": ZERO}
    return {
        "juillet": arrondir(base * regles.valeur("tva.regime.rsi.acompte_juillet", jour)),
        "decembre": arrondir(base * regles.valeur("tva.regime.rsi.acompte_decembre", jour)),
    }


# ---------------------------------------------------------------------- périodes et échéances
def _fin_de_mois(annee: int, mois: int) -> dt.date:
    return dt.date(annee, mois, calendar.monthrange(annee, mois)[1])


def verifier_periode(debut: dt.date, fin: dt.date, regime: str) -> None:
    """Vérifie que la période correspond au régime (un mois civil, un trimestre civil).

    Raises:
        TVAInvalide: période incohérente, régime inconnu ou sans CA3.
    """
    if regime not in REGIMES:
        raise TVAInvalide(
            f"Régime « {regime} » inconnu : choisissez parmi {', '.join(REGIMES)}.", champ="regime"
        )
    if regime == "franchise":
        raise TVAInvalide(
            "En franchise en base (CGI, art. 293 B), l'entreprise ne facture pas de TVA et n'en déclare pas : "
            "pas de CA3.",
            champ="regime",
        )
    if regime == "reel_simplifie":
        raise TVAInvalide(
            "Au régime simplifié, la TVA se déclare une fois par an sur la CA12 (avec deux acomptes, "
            "voir acomptes_rsi) : la CA3 est celle du réel normal.",
            champ="regime",
        )
    if fin < debut:
        raise TVAInvalide(
            f"La période finit le {fin:%d/%m/%Y}, avant son début le {debut:%d/%m/%Y} : inversez les dates.",
            champ="fin",
        )
    mois = 1 if regime == "reel_normal_mensuel" else 3
    attendu_fin = _fin_de_mois(*_ajouter_mois(debut.year, debut.month, mois - 1))
    debut_ok = debut.day == 1 and (mois == 1 or debut.month in (1, 4, 7, 10))
    if not debut_ok or fin != attendu_fin:
        quoi = "un mois civil (du 1er au dernier jour du mois)" if mois == 1 else "un trimestre civil"
        raise TVAInvalide(
            f"Période du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} : une CA3 "
            f"{'mensuelle' if mois == 1 else 'trimestrielle'} porte sur {quoi}.",
            champ="debut",
        )


def _ajouter_mois(annee: int, mois: int, n: int) -> tuple[int, int]:
    total = annee * 12 + (mois - 1) + n
    return total // 12, total % 12 + 1


def _jour_du_tableau(tableau: Mapping[str, int], cle: str) -> int:
    if "*" in tableau:
        return tableau["*"]
    for plage, jour in tableau.items():
        bas, haut = plage.split("-")
        if bas <= cle[: len(bas)] <= haut:
            return jour
    raise TVAInvalide(f"« {cle} » ne se rattache à aucune ligne du calendrier de dépôt.", champ="cle")


def date_limite_tva(
    fin_periode: dt.date,
    regime: str = "reel_normal_mensuel",
    *,
    forme: str = "societe",
    departement: str = "",
    cle: str = "",
) -> dt.date:
    """Date limite de dépôt (et de paiement) de la déclaration de la période qui finit le ``fin_periode``.

    - Réel normal (CA3 mensuelle ou trimestrielle) : le mois suivant la période, au jour
      fixé par l'article 39 de l'annexe IV du CGI selon le lieu d'imposition (Paris et
      petite couronne, ou autres départements), la forme de l'entreprise et la première
      lettre du nom de l'exploitant (entreprise individuelle) ou les deux premiers chiffres
      du SIREN (sociétés à Paris et petite couronne). Règle ``tva.delais.ca3_jour_limite``.
    - Réel simplifié (CA12) : ``fin_periode`` est la clôture de l'exercice ; deuxième jour
      ouvré suivant le 1er mai si l'exercice finit le 31 décembre, sinon trois mois après la clôture.

    Le jour n'est pas reporté quand il tombe un samedi, un dimanche ou un jour férié : le
    calendrier fiscal publié par l'administration fait foi.

    >>> date_limite_tva(dt.date(2026, 3, 31), forme="societe", departement="69", cle="512345678")
    datetime.date(2026, 4, 21)
    >>> date_limite_tva(dt.date(2026, 12, 31), "reel_simplifie")
    datetime.date(2027, 5, 4)

    Args:
        forme: ``"entreprise_individuelle"``, ``"societe"``, ``"societe_anonyme"`` ou ``"autre"``
            (associations, collectivités).
        departement: numéro du département du lieu d'imposition (``"75"``, ``"92"``...).
        cle: nom de l'exploitant (entreprise individuelle) ou SIREN (société).

    Raises:
        TVAInvalide: régime sans déclaration (franchise), forme inconnue, clé manquante.
    """
    if regime not in REGIMES:
        raise TVAInvalide(
            f"Régime « {regime} » inconnu : choisissez parmi {', '.join(REGIMES)}.", champ="regime"
        )
    if regime == "franchise":
        raise TVAInvalide(
            "En franchise en base, l'entreprise ne dépose pas de déclaration de TVA : pas d'échéance.",
            champ="regime",
        )
    if regime == "reel_simplifie":
        if (fin_periode.month, fin_periode.day) == (12, 31):
            return _deuxieme_jour_ouvre_apres_1er_mai(fin_periode.year + 1)
        annee, mois = _ajouter_mois(fin_periode.year, fin_periode.month, 3)
        return dt.date(annee, mois, min(fin_periode.day, calendar.monthrange(annee, mois)[1]))
    calendrier = regles.valeur("tva.delais.ca3_jour_limite", fin_periode)
    lieu = (
        "paris_petite_couronne" if departement.strip() in ("75", "92", "93", "94") else "autres_departements"
    )
    if forme not in calendrier[lieu]:
        raise TVAInvalide(
            f"Forme « {forme} » inconnue : choisissez parmi {', '.join(calendrier[lieu])}.", champ="forme"
        )
    tableau = calendrier[lieu][forme]
    cle = "".join(
        c for c in unicodedata.normalize("NFKD", str(cle)).upper() if c.isascii() and c.isalnum()
    )  # « Émile » se range à E
    if "*" not in tableau and not cle:
        quoi = "le nom de l'exploitant" if forme == "entreprise_individuelle" else "le SIREN"
        raise TVAInvalide(f"Indiquez {quoi} : le jour limite en dépend.", champ="cle")
    jour = _jour_du_tableau(tableau, cle)
    annee, mois = _ajouter_mois(fin_periode.year, fin_periode.month, 1)
    return dt.date(annee, mois, jour)


def _deuxieme_jour_ouvre_apres_1er_mai(annee: int) -> dt.date:
    import holidays

    feries = holidays.country_holidays("FR", years=annee)
    jour, ouvres = dt.date(annee, 5, 1), 0
    while ouvres < 2:
        jour += dt.timedelta(days=1)
        if jour.weekday() < 5 and jour not in feries:
            ouvres += 1
    return jour


# ---------------------------------------------------------------------- le formulaire
def _libelle_periode(debut: dt.date, regime: str) -> str:
    if regime == "reel_normal_trimestriel":
        n = (debut.month - 1) // 3 + 1
        return f"{'1er' if n == 1 else f'{n}e'} trimestre {debut.year}"
    from compta_kernel.presentation import nom_mois

    return nom_mois(debut)


@dataclass(frozen=True, slots=True)
class LigneCA3:
    """Une ligne du formulaire 3310-CA3-SD, montants en euros entiers.

    Attributes:
        code: repère de la ligne sur le formulaire (``"08"``, ``"9B"``, ``"TD"``...).
        libelle: libellé du formulaire.
        montant: taxe (lignes de taux) ou montant de la ligne ; ``None`` si la ligne reste vide.
        base: base hors taxe (lignes A1 et de taux), sinon ``None``.
    """

    code: str
    libelle: str
    montant: Decimal | None = None
    base: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DeclarationCA3:
    """La CA3 d'une période : lignes du formulaire, écriture de liquidation, échéance.

    Attributes:
        debut, fin: la période déclarée.
        regime: ``"reel_normal_mensuel"`` ou ``"reel_normal_trimestriel"``.
        lignes: les lignes remplies, dans l'ordre du formulaire.
        ecriture: l'écriture d'OD qui liquide la TVA de la période (``None`` si rien à solder).
        date_limite: échéance de dépôt et de paiement (``None`` si non demandée).
        exacts: montants au centime tirés du livre (``collectee``, ``deductible_immobilisations``,
            ``deductible_autres``, ``credit_anterieur``), qui fondent l'écriture.
        anomalies: alertes relevées en chemin (non bloquantes).
    """

    debut: dt.date
    fin: dt.date
    regime: str
    lignes: tuple[LigneCA3, ...]
    ecriture: Ecriture | None = None
    date_limite: dt.date | None = None
    exacts: Mapping[str, Decimal] = field(default_factory=dict)
    anomalies: tuple[Anomalie, ...] = ()

    def ligne(self, code: str) -> LigneCA3:
        """La ligne de repère ``code`` (``KeyError`` si le formulaire ne l'a pas)."""
        for ligne in self.lignes:
            if ligne.code == code:
                return ligne
        raise KeyError(
            f"La CA3 n'a pas de ligne « {code} » : lignes {', '.join(lig.code for lig in self.lignes)}."
        )

    def montant(self, code: str) -> Decimal:
        """Montant d'une ligne (0 si elle est vide)."""
        valeur = self.ligne(code).montant
        return ZERO.quantize(_UN_EURO) if valeur is None else valeur

    def base(self, code: str) -> Decimal:
        """Base hors taxe d'une ligne de taux ou de la ligne A1 (0 si vide)."""
        valeur = self.ligne(code).base
        return ZERO.quantize(_UN_EURO) if valeur is None else valeur

    @property
    def periode(self) -> str:
        """La période en toutes lettres (« mars 2026 », « 1er trimestre 2026 »)."""
        return _libelle_periode(self.debut, self.regime)

    @property
    def credit(self) -> bool:
        """Vrai si la période dégage un crédit de TVA (ligne 25)."""
        return self.montant("25") > 0

    def en_json(self) -> dict:
        """La déclaration en données structurées (montants en texte décimal, dates ISO).

        Schéma : ``formulaire``, ``periode`` (``debut``, ``fin``, ``libelle``), ``regime``,
        ``date_limite``, ``lignes`` (``code``, ``libelle``, ``base``, ``montant``), ``ecriture``
        (``journal``, ``date``, ``piece``, ``libelle``, ``lignes`` : ``compte``, ``debit``, ``credit``).
        """

        def texte(d: Decimal | None) -> str | None:
            return None if d is None else str(d)

        ecriture = None
        if self.ecriture is not None:
            e = self.ecriture
            ecriture = {
                "journal": e.journal,
                "date": e.date.isoformat(),
                "piece": e.piece,
                "libelle": e.libelle,
                "lignes": [
                    {
                        "compte": lig.compte,
                        "libelle": lig.libelle,
                        "debit": str(lig.debit),
                        "credit": str(lig.credit),
                    }
                    for lig in e.lignes
                ],
            }
        return {
            "formulaire": "3310-CA3-SD",
            "periode": {
                "debut": self.debut.isoformat(),
                "fin": self.fin.isoformat(),
                "libelle": self.periode,
            },
            "regime": self.regime,
            "date_limite": self.date_limite.isoformat() if self.date_limite else None,
            "lignes": [
                {
                    "code": lig.code,
                    "libelle": lig.libelle,
                    "base": texte(lig.base),
                    "montant": texte(lig.montant),
                }
                for lig in self.lignes
            ],
            "ecriture": ecriture,
            "anomalies": [str(a) for a in self.anomalies],
        }


def ca3(
    bases: Mapping[object, object],
    *,
    date: dt.date,
    taxes: Mapping[object, object] | None = None,
    deductible_immobilisations: object = ZERO,
    deductible_autres: object = ZERO,
    credit_anterieur: object = ZERO,
    remboursement: object = ZERO,
    debut: dt.date | None = None,
    regime: str = "reel_normal_mensuel",
    ecart_compte: bool = True,
    soldes_par_compte: Mapping[str, object] | None = None,
) -> DeclarationCA3:
    """Les lignes de la CA3 et l'écriture de liquidation à partir de montants.

    Args:
        bases: base hors taxe par taux (``{"0.20": "10 000", "5,5 %": "2 000"}``).
        date: fin de la période (date de l'écriture et des taux).
        taxes: TVA collectée comptabilisée par taux ; par défaut base × taux au centime.
        deductible_immobilisations, deductible_autres: TVA déductible (44562, 44566) de la période.
        credit_anterieur: crédit reporté de la déclaration précédente (solde débiteur de 44567).
        remboursement: remboursement demandé (ligne 26, formulaire 3519), au plus le crédit.
        debut: début de la période (par défaut le 1er du mois de ``date``).
        regime: ``"reel_normal_mensuel"`` ou ``"reel_normal_trimestriel"``.
        ecart_compte: passe l'écart d'arrondi (livre au centime, formulaire à l'euro) en 658 / 758.
        soldes_par_compte: montant à solder de chaque compte de TVA collectée (44571...) et
            déductible (44562..., 44566...) quand le livre utilise des sous-comptes (« 445712 »),
            pour que l'écriture solde les comptes réellement mouvementés ; par défaut 44571,
            44562 et 44566.

    Returns:
        la :class:`DeclarationCA3` (montants du formulaire en euros, écriture au centime).

    Raises:
        TVAInvalide: taux inconnu, montant négatif, remboursement supérieur au crédit.
    """
    if debut is None:
        mois = date.month if regime != "reel_normal_trimestriel" else (date.month - 1) // 3 * 3 + 1
        debut = dt.date(date.year, mois, 1)
    if regime not in ("reel_normal_mensuel", "reel_normal_trimestriel"):
        verifier_periode(debut, date, regime)
    par_ligne: dict[str, tuple[Decimal, Decimal]] = {}
    taxes_lues = {_lire_taux(t): montant(v) for t, v in (taxes or {}).items()}
    for taux_brut, base_brute in bases.items():
        taux = _lire_taux(taux_brut)
        code = _ligne_du_taux(taux, date)
        base = montant(base_brute)
        taxe = taxes_lues.pop(taux, None)
        if taxe is None:
            taxe = arrondir(base * taux)
        b, t = par_ligne.get(code, (ZERO, ZERO))
        par_ligne[code] = (b + base, t + taxe)
    for taux, taxe in taxes_lues.items():  # TVA sans base déclarée
        code = _ligne_du_taux(taux, date)
        b, t = par_ligne.get(code, (ZERO, ZERO))
        par_ligne[code] = (b, t + taxe)
    exacts = {
        "collectee": sum((t for _, t in par_ligne.values()), ZERO),
        "deductible_immobilisations": montant(deductible_immobilisations),
        "deductible_autres": montant(deductible_autres),
        "credit_anterieur": montant(credit_anterieur),
    }
    for nom in ("deductible_immobilisations", "deductible_autres", "credit_anterieur"):
        if exacts[nom] < 0:
            raise TVAInvalide(
                f"Le montant « {nom.replace('_', ' ')} » est négatif ({exacts[nom]}) : une TVA déductible ou un "
                "crédit se saisit en positif ; un avoir reçu diminue la TVA déductible de la période.",
                champ=nom,
            )
    lignes = _lignes_formulaire(par_ligne, exacts, montant(remboursement), date, regime)
    soldes = {
        COMPTE_COLLECTEE: exacts["collectee"],
        COMPTE_DEDUCTIBLE_IMMOBILISATIONS: exacts["deductible_immobilisations"],
        COMPTE_DEDUCTIBLE_AUTRES: exacts["deductible_autres"],
    }
    if soldes_par_compte is not None:
        soldes = {str(c): montant(v) for c, v in soldes_par_compte.items()}
        for prefixe, cle in (
            (COMPTE_COLLECTEE, "collectee"),
            (COMPTE_DEDUCTIBLE_IMMOBILISATIONS, "deductible_immobilisations"),
            (COMPTE_DEDUCTIBLE_AUTRES, "deductible_autres"),
        ):
            total = sum((v for c, v in soldes.items() if c.startswith(prefixe)), ZERO)
            if total != exacts[cle]:
                raise TVAInvalide(
                    f"Les soldes des comptes {prefixe}... ({total}) ne font pas le montant « {cle} » ({exacts[cle]}).",
                    champ="soldes_par_compte",
                )
    ecriture = _ecriture_liquidation(lignes, exacts, soldes, debut, date, regime, ecart_compte)
    return DeclarationCA3(debut, date, regime, lignes, ecriture, None, MappingProxyType(exacts))


def _lignes_formulaire(
    par_ligne: Mapping[str, tuple[Decimal, Decimal]],
    exacts: Mapping[str, Decimal],
    remboursement: Decimal,
    date: dt.date,
    regime: str,
) -> tuple[LigneCA3, ...]:
    lignes = [
        LigneCA3("A1", LIBELLES_CA3["A1"], None, arrondir_euro(sum((b for b, _ in par_ligne.values()), ZERO)))
    ]
    brute = Decimal(0)
    for _, code, libelle in LIGNES_TAUX:
        if code in par_ligne:
            base, taxe = par_ligne[code]
            taxe_euros = arrondir_euro(taxe)
            brute += taxe_euros
            lignes.append(LigneCA3(code, libelle, taxe_euros, arrondir_euro(base)))
        else:
            lignes.append(LigneCA3(code, libelle))
    l19 = arrondir_euro(exacts["deductible_immobilisations"])
    l20 = arrondir_euro(exacts["deductible_autres"])
    l22 = arrondir_euro(exacts["credit_anterieur"])
    l23 = l19 + l20 + l22
    credit = max(l23 - brute, Decimal(0))
    due = max(brute - l23, Decimal(0))
    remboursement = arrondir_euro(remboursement)
    if remboursement < 0:
        raise TVAInvalide(
            "Le remboursement demandé est négatif : saisissez 0 ou un montant positif.", champ="remboursement"
        )
    if remboursement > credit:
        raise TVAInvalide(
            f"Remboursement demandé {remboursement} € supérieur au crédit de la période ({credit} €, ligne 25) : "
            "on ne peut demander que tout ou partie du crédit.",
            champ="remboursement",
        )
    if remboursement:
        minimum_cle = (
            "remboursement_minimum_annuel" if date.month == 12 else "remboursement_minimum_periodique"
        )
        minimum = regles.valeur(f"tva.regime.reel_normal.{minimum_cle}", date)
        if credit < minimum:
            raise TVAInvalide(
                f"Crédit de {credit} € : une demande de remboursement n'est recevable qu'à partir de {minimum} € "
                "pour cette période ; reportez le crédit (ligne 27).",
                champ="remboursement",
            )

    def lig(code: str, valeur: Decimal) -> LigneCA3:
        return LigneCA3(code, LIBELLES_CA3[code], valeur)

    lignes += [
        lig("16", brute),
        lig("19", l19),
        lig("20", l20),
        lig("22", l22),
        lig("23", l23),
        lig("25", credit),
        lig("TD", due),
        lig("26", remboursement),
        lig("27", credit - remboursement),
        lig("28", due),
        lig("32", due),
    ]
    return tuple(lignes)


def _ecriture_liquidation(
    lignes: tuple[LigneCA3, ...],
    exacts: Mapping[str, Decimal],
    soldes: Mapping[str, Decimal],
    debut: dt.date,
    fin: dt.date,
    regime: str,
    ecart_compte: bool,
) -> Ecriture | None:
    valeurs = {lig.code: lig.montant for lig in lignes}
    debits = [
        *sorted((c, v) for c, v in soldes.items() if c.startswith(COMPTE_COLLECTEE)),
        (COMPTE_CREDIT_A_REPORTER, (valeurs["27"] or ZERO)),
        (COMPTE_REMBOURSEMENT_DEMANDE, (valeurs["26"] or ZERO)),
    ]
    credits = [
        *sorted((c, v) for c, v in soldes.items() if c.startswith(COMPTE_DEDUCTIBLE_IMMOBILISATIONS)),
        *sorted((c, v) for c, v in soldes.items() if c.startswith(COMPTE_DEDUCTIBLE_AUTRES)),
        (COMPTE_CREDIT_A_REPORTER, exacts["credit_anterieur"]),
        (COMPTE_A_DECAISSER, (valeurs["28"] or ZERO)),
    ]
    ecart = sum((m for _, m in debits), ZERO) - sum((m for _, m in credits), ZERO)
    if ecart and ecart_compte:
        (credits if ecart > 0 else debits).append(
            (COMPTE_ECART_PRODUIT if ecart > 0 else COMPTE_ECART_CHARGE, abs(ecart))
        )
    lignes_e = []
    for compte, m in debits:
        if m < 0:
            credits.append((compte, -m))
        elif m:
            lignes_e.append(Ligne(compte, debit=arrondir(m)))
    for compte, m in credits:
        if m < 0:
            lignes_e.append(Ligne(compte, debit=arrondir(-m)))
        elif m:
            lignes_e.append(Ligne(compte, credit=arrondir(m)))
    if len(lignes_e) < 2:
        return None
    suffixe = (
        f"T{(debut.month - 1) // 3 + 1}" if regime == "reel_normal_trimestriel" else f"{debut.month:02d}"
    )
    return Ecriture(
        "OD",
        fin,
        f"CA3-{debut.year}-{suffixe}",
        f"Liquidation TVA {_libelle_periode(debut, regime)}",
        tuple(lignes_e),
    )


# ---------------------------------------------------------------------- depuis le livre
@dataclass(frozen=True, slots=True)
class _Extrait:
    bases: dict[Decimal, Decimal]
    taxes: dict[Decimal, Decimal]
    immobilisations: Decimal
    autres: Decimal
    credit_anterieur: Decimal
    soldes: dict[str, Decimal]
    bloquantes: tuple[Anomalie, ...]
    alertes: tuple[Anomalie, ...]


def _selection(livre: Livre, debut: dt.date, fin: dt.date):
    """Table du livre, comptes, masque de la période et masque hors écritures de liquidation.

    Une écriture qui mouvemente 4455 (TVA à décaisser), 44567 (crédit à reporter) ou 44583
    (remboursement demandé) liquide ou paie la TVA : elle ne compte ni en collectée ni en déductible.
    """
    import pandas as pd

    table = livre.table()
    compte = table["compte"].astype(str)
    dans = (table["date"] >= pd.Timestamp(debut)) & (table["date"] <= pd.Timestamp(fin))
    liquidation = dans & compte.str.startswith(
        ("4455", COMPTE_CREDIT_A_REPORTER, COMPTE_REMBOURSEMENT_DEMANDE)
    )
    courante = dans & ~table["id_ecriture"].isin(set(table.loc[liquidation, "id_ecriture"]))
    return table, compte, dans, courante


def _extraire(livre: Livre, debut: dt.date, fin: dt.date) -> _Extrait:
    """Lit dans le livre la TVA de la période, écriture par écriture (montants au centime)."""
    import pandas as pd

    table, compte, _, courante = _selection(livre, debut, fin)
    dates = table["date"]
    solde = table["credit"] - table["debit"]  # centimes, positif au crédit

    def total(masque) -> Decimal:
        return depuis_centimes(int(solde[masque].sum()))

    immobilisations = -total(courante & compte.str.startswith(COMPTE_DEDUCTIBLE_IMMOBILISATIONS))
    autres = -total(courante & compte.str.startswith(COMPTE_DEDUCTIBLE_AUTRES))
    avant = (dates < pd.Timestamp(debut)) | (table["journal"].astype(str) == "AN")
    credit_anterieur = -total(avant & (dates <= pd.Timestamp(fin)) & (compte == COMPTE_CREDIT_A_REPORTER))

    taux = sorted(taux_en_vigueur(fin).values())
    bases: dict[Decimal, Decimal] = {}
    taxes: dict[Decimal, Decimal] = {}
    bloquantes: list[Anomalie] = []
    alertes: list[Anomalie] = []
    lignes_tva = table[courante & compte.str.startswith(COMPTE_COLLECTEE)]
    ids_tva = set(lignes_tva["id_ecriture"])
    sous_table = table[courante & table["id_ecriture"].isin(ids_tva)]
    for ident, groupe in sous_table.groupby("id_ecriture", sort=True):
        comptes = groupe["compte"].astype(str)
        numero = str(groupe["numero"].iloc[0])
        montants_tva = [
            depuis_centimes(int(v))
            for v in (groupe["credit"] - groupe["debit"])[comptes.str.startswith(COMPTE_COLLECTEE)]
        ]
        montants_base = [
            depuis_centimes(int(v)) for v in (groupe["credit"] - groupe["debit"])[comptes.str.startswith("7")]
        ]
        paires = _apparier(montants_base, montants_tva, taux)
        if paires is None:
            bloquantes.append(
                Anomalie(
                    int(ident),
                    COMPTE_COLLECTEE,
                    f"Écriture {numero} ({groupe['libelle'].iloc[0]}) : TVA collectée "
                    f"{sum(montants_tva, ZERO)} € sans base de produits (classe 7) à un taux en vigueur "
                    f"(bases : {sum(montants_base, ZERO)} €). Vérifiez les comptes et les montants de l'écriture.",
                )
            )
            continue
        for t, b, tva in paires:
            bases[t] = bases.get(t, ZERO) + b
            taxes[t] = taxes.get(t, ZERO) + tva
    soldes: dict[str, Decimal] = {}
    for prefixe, signe in (
        (COMPTE_COLLECTEE, 1),
        (COMPTE_DEDUCTIBLE_IMMOBILISATIONS, -1),
        (COMPTE_DEDUCTIBLE_AUTRES, -1),
    ):
        masque = courante & compte.str.startswith(prefixe)
        for numero, centimes in solde[masque].groupby(compte[masque]).sum().items():
            if centimes:
                soldes[str(numero)] = depuis_centimes(signe * int(centimes))
    return _Extrait(
        bases, taxes, immobilisations, autres, credit_anterieur, soldes, tuple(bloquantes), tuple(alertes)
    )


def _tolerance(n: int) -> Decimal:
    return Decimal("0.01") * max(n, 1)


def _taux_proche(base: Decimal, tva: Decimal, taux: list[Decimal], n: int) -> Decimal | None:
    if not base:
        return None
    t = min(taux, key=lambda r: abs(tva - base * r))
    return t if abs(tva - base * t) <= _tolerance(n) else None


#: Au-delà de ce nombre de lignes de produits dans une écriture, on ne cherche plus le taux de chaque ligne.
_LIGNES_MAX_PAR_TAUX = 6


def _apparier(
    bases: list[Decimal], tvas: list[Decimal], taux: list[Decimal]
) -> list[tuple[Decimal, Decimal, Decimal]] | None:
    """Associe bases et TVA d'une écriture à un ou plusieurs taux.

    Une facture à plusieurs taux porte une ligne de TVA par taux : on cherche d'abord le taux
    de chaque ligne de produit tel que, regroupées par taux, les bases redonnent chaque ligne de
    TVA (au centime par ligne près). Sinon (une seule ligne de TVA, ou TVA d'un taux éclatée sur
    plusieurs lignes), l'écriture entière est à un seul taux.
    """
    total_b, total_t = sum(bases, ZERO), sum(tvas, ZERO)
    if len(tvas) > 1 and 1 < len(bases) <= _LIGNES_MAX_PAR_TAUX:
        for choix in itertools.product(taux, repeat=len(bases)):
            groupes: dict[Decimal, list[Decimal]] = {}
            for b, t in zip(bases, choix, strict=True):
                groupes.setdefault(t, []).append(b)
            if len(groupes) != len(tvas):
                continue
            restantes = list(tvas)
            paires = []
            for t, bs in groupes.items():
                base = sum(bs, ZERO)
                proche = min(restantes, key=lambda v: abs(v - base * t))
                if abs(proche - base * t) > _tolerance(len(bs)):
                    break
                restantes.remove(proche)
                paires.append((t, base, proche))
            else:
                return paires
    t = _taux_proche(total_b, total_t, taux, len(bases))
    return None if t is None else [(t, total_b, total_t)]


def declaration_tva(
    livre: Livre,
    debut: dt.date,
    fin: dt.date,
    regime: str = "reel_normal_mensuel",
    *,
    remboursement: object = ZERO,
    credit_anterieur: object | None = None,
    forme: str = "societe",
    departement: str = "",
    cle: str = "",
) -> DeclarationCA3:
    """La CA3 d'une période tirée du livre, avec l'écriture d'OD de liquidation et l'échéance.

    Lecture du livre (écritures datées dans la période, hors écritures de liquidation) :

    - TVA collectée : compte 44571, écriture par écriture ; la base est la somme des
      lignes de produits (classe 7) de l'écriture, et le taux celui dont base × taux
      redonne la TVA au centime près par ligne (une écriture à plusieurs taux est
      appariée ligne à ligne) ;
    - TVA déductible : 44562 (ligne 19) et 44566 (ligne 20), débits moins crédits ;
    - crédit antérieur (ligne 22) : solde débiteur de 44567 avant la période
      (à-nouveaux compris), sauf si ``credit_anterieur`` est donné.

    L'écriture est proposée, pas passée : ``livre.passer(d.ecriture)``.

    Args:
        regime: ``"reel_normal_mensuel"`` ou ``"reel_normal_trimestriel"``.
        remboursement: remboursement de crédit demandé (ligne 26).
        forme, departement, cle: pour l'échéance (voir :func:`date_limite_tva`).

    Raises:
        TVAInvalide: période incohérente, régime sans CA3, ou écritures dont la TVA
            collectée ne se rattache à aucun taux (toutes listées, avec leur numéro).
    """
    from compta_kernel.presentation import lire_date

    debut, fin = lire_date(debut), lire_date(fin)
    verifier_periode(debut, fin, regime)
    extrait = _extraire(livre, debut, fin)
    if extrait.bloquantes:
        raise TVAInvalide(
            f"La CA3 du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} ne peut pas être établie : "
            f"{len(extrait.bloquantes)} écriture(s) de TVA collectée sans base identifiable.",
            champ="livre",
            anomalies=extrait.bloquantes,
        )
    d = ca3(
        extrait.bases,
        taxes=extrait.taxes,
        date=fin,
        debut=debut,
        regime=regime,
        deductible_immobilisations=extrait.immobilisations,
        deductible_autres=extrait.autres,
        credit_anterieur=extrait.credit_anterieur if credit_anterieur is None else credit_anterieur,
        remboursement=remboursement,
        soldes_par_compte=extrait.soldes,
    )
    limite = None
    try:
        limite = date_limite_tva(fin, regime, forme=forme, departement=departement, cle=cle)
    except TVAInvalide:
        limite = None
    return DeclarationCA3(d.debut, d.fin, d.regime, d.lignes, d.ecriture, limite, d.exacts, extrait.alertes)


# ---------------------------------------------------------------------- contrôles
@dataclass(frozen=True, slots=True)
class LigneControle:
    """Une ligne du contrôle de TVA : ce qu'on attend, ce qui est comptabilisé, l'écart et son explication."""

    rubrique: str
    attendu: Decimal
    comptabilise: Decimal
    explication: str = ""

    @property
    def ecart(self) -> Decimal:
        """Comptabilisé moins attendu."""
        return self.comptabilise - self.attendu


@dataclass(frozen=True, slots=True)
class ControleTVA:
    """Résultat de :func:`controle_tva` : lignes de rapprochement et anomalies (avec l'écriture en cause)."""

    lignes: tuple[LigneControle, ...]
    anomalies: tuple[Anomalie, ...] = ()

    @property
    def ecart_total(self) -> Decimal:
        """Somme des écarts en valeur absolue."""
        return sum((abs(lig.ecart) for lig in self.lignes), ZERO)


def controle_tva(livre: Livre, debut: dt.date, fin: dt.date) -> ControleTVA:
    """Contrôle la TVA de la période avant de déclarer (B1.3 : « vérification de la comptabilisation »).

    - Par taux : TVA collectée comptabilisée (44571) contre ventes × taux ; un écart de
      quelques centimes vient des arrondis faits facture par facture.
    - TVA déductible : contre les achats (classes 2 et 6) des mêmes écritures × taux ;
      un écart vient d'une TVA partiellement déductible ou d'une erreur de saisie.
    - Anomalies : écritures de TVA sans base identifiable, ventes (70) de la période sans
      TVA collectée (exonération, export... ou oubli), TVA déductible à un taux inconnu.
    """

    from compta_kernel.presentation import lire_date

    debut, fin = lire_date(debut), lire_date(fin)
    extrait = _extraire(livre, debut, fin)
    lignes = []
    for nom, code, libelle in LIGNES_TAUX:
        t = regles.valeur(f"tva.taux.{nom}", fin)
        if t not in extrait.bases:
            continue
        attendu = arrondir(extrait.bases[t] * t)
        comptabilise = extrait.taxes[t]
        ecart = comptabilise - attendu
        explication = (
            "concorde"
            if not ecart
            else "arrondis faits facture par facture (écart de quelques centimes)"
            if abs(ecart) <= Decimal("0.05")
            else "écart à vérifier : taux ou base erronés sur une facture"
        )
        lignes.append(
            LigneControle(
                f"TVA collectée {libelle} (ligne {code}) : ventes × taux", attendu, comptabilise, explication
            )
        )
    table, compte, _, dans = _selection(livre, debut, fin)
    anomalies = list(extrait.bloquantes)
    ids_tva = set(table.loc[dans & compte.str.startswith(COMPTE_COLLECTEE), "id_ecriture"])
    sans_tva = table[dans & compte.str.startswith("70") & ~table["id_ecriture"].isin(ids_tva)]
    for _, ligne in sans_tva.iterrows():
        anomalies.append(
            Anomalie(
                int(ligne["id_ecriture"]),
                str(ligne["compte"]),
                f"Écriture {ligne['numero']} ({ligne['libelle']}) : vente sans TVA collectée — exonération, "
                "export, franchise... ou TVA oubliée ? Justifiez-la.",
                bloquante=False,
            )
        )
    taux = sorted(taux_en_vigueur(fin).values())
    for nom_compte, prefixe_achats, rubrique in (
        (
            COMPTE_DEDUCTIBLE_AUTRES,
            "6",
            "TVA déductible sur autres biens et services (ligne 20) : achats × taux",
        ),
        (
            COMPTE_DEDUCTIBLE_IMMOBILISATIONS,
            "2",
            "TVA déductible sur immobilisations (ligne 19) : acquisitions × taux",
        ),
    ):
        ids = set(table.loc[dans & (compte == nom_compte), "id_ecriture"])
        if not ids:
            continue
        attendu_total = ZERO
        comptabilise_total = ZERO
        for ident, groupe in table[dans & table["id_ecriture"].isin(ids)].groupby("id_ecriture", sort=True):
            comptes = groupe["compte"].astype(str)
            solde = groupe["debit"] - groupe["credit"]
            tva = depuis_centimes(int(solde[comptes == nom_compte].sum()))
            base = depuis_centimes(int(solde[comptes.str.startswith(prefixe_achats)].sum()))
            t = _taux_proche(base, tva, taux, int((comptes.str.startswith(prefixe_achats)).sum()))
            comptabilise_total += tva
            if t is None:
                anomalies.append(
                    Anomalie(
                        int(ident),
                        nom_compte,
                        f"Écriture {groupe['numero'].iloc[0]} ({groupe['libelle'].iloc[0]}) : TVA déductible "
                        f"{tva} € pour {base} € d'achats, à aucun taux en vigueur — TVA partiellement déductible "
                        "ou erreur de saisie ?",
                        bloquante=False,
                    )
                )
                attendu_total += tva
            else:
                attendu_total += arrondir(base * t)
        ecart = comptabilise_total - attendu_total
        lignes.append(
            LigneControle(
                rubrique,
                attendu_total,
                comptabilise_total,
                "concorde"
                if not ecart
                else "arrondis faits facture par facture"
                if abs(ecart) <= Decimal("0.05")
                else "écart à vérifier",
            )
        )
    return ControleTVA(tuple(lignes), tuple(anomalies))


# ---------------------------------------------------------------------- exports
def ca3_html(declaration: DeclarationCA3, *, raison_sociale: str = "") -> str:
    """Le formulaire rempli en HTML imprimable (gabarit Jinja2 ``donnees/gabarits/ca3.html.j2``).

    Dans un carnet : ``IPython.display.HTML(ca3_html(d))`` ; dans un navigateur,
    « Imprimer » en donne un PDF.
    """
    from importlib import resources

    import jinja2

    from compta_kernel.presentation import format_date, format_montant

    gabarit = (resources.files("compta_kernel") / "donnees" / "gabarits" / "ca3.html.j2").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
    )

    def euros(valeur: Decimal | None) -> str:
        return "" if valeur is None else format_montant(valeur, devise=False).removesuffix(",00")

    return env.from_string(gabarit).render(
        d=declaration,
        raison_sociale=raison_sociale,
        cadres=_CADRES,
        euros=euros,
        montant=lambda v: format_montant(v, vide_si_zero=True),
        date=format_date,
    )


def ca3_pdf(declaration: DeclarationCA3, *, raison_sociale: str = "") -> bytes:
    """Le formulaire rempli en PDF (A4, police Source Sans Pro embarquée) : mêmes lignes que le HTML."""
    from fpdf import FPDF

    from compta_kernel.donnees_fictives import _fichier_police
    from compta_kernel.presentation import format_date, format_montant

    def euros(valeur: Decimal | None) -> str:
        return "" if valeur is None else format_montant(valeur, devise=False).removesuffix(",00")

    d = declaration
    pdf = FPDF(format="A4")
    pdf.set_lang("fr-FR")
    pdf.set_title(f"Déclaration de TVA 3310-CA3-SD {d.periode}")
    pdf.set_creator("Cours Assistant comptable : compta_kernel.tva")
    pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Source", "B", 13)
    pdf.cell(0, 7, f"Déclaration de TVA n° 3310-CA3-SD – {d.periode}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Source", size=9)
    entete = f"Période du {format_date(d.debut)} au {format_date(d.fin)}"
    if raison_sociale:
        entete = f"{raison_sociale} – {entete}"
    if d.date_limite:
        entete += f" – à déposer et payer au plus tard le {format_date(d.date_limite)}"
    pdf.cell(0, 5, entete, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0,
        5,
        "Montants en euros, arrondis à l'euro le plus proche ligne par ligne.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    with pdf.table(
        col_widths=(14, 116, 28, 28),
        text_align=("CENTER", "LEFT", "RIGHT", "RIGHT"),
        line_height=4.6,
        first_row_as_headings=True,
    ) as table:
        table.row(("Ligne", "Libellé", "Base hors taxe", "Taxe / montant"))
        for ligne in d.lignes:
            table.row((ligne.code, ligne.libelle, euros(ligne.base), euros(ligne.montant)))
    if d.ecriture is not None:
        e = d.ecriture
        pdf.ln(3)
        pdf.set_font("Source", "B", 10)
        pdf.cell(
            0,
            6,
            f"Écriture de liquidation – journal {e.journal}, {format_date(e.date)}, pièce {e.piece}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Source", size=9)
        with pdf.table(
            col_widths=(30, 96, 30, 30), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"), line_height=4.6
        ) as table:
            table.row(("Compte", "Libellé", "Débit", "Crédit"))
            for ligne in e.lignes:
                table.row(
                    (
                        ligne.compte,
                        ligne.libelle or e.libelle,
                        format_montant(ligne.debit, vide_si_zero=True),
                        format_montant(ligne.credit, vide_si_zero=True),
                    )
                )
    return bytes(pdf.output())


def exporter_ca3(declaration: DeclarationCA3, chemin: str | Path, *, raison_sociale: str = "") -> Path:
    """Écrit la déclaration en ``.html`` (formulaire imprimable), ``.pdf`` ou ``.json`` (données structurées)."""
    chemin = Path(chemin)
    if chemin.suffix == ".pdf":
        chemin.write_bytes(ca3_pdf(declaration, raison_sociale=raison_sociale))
        return chemin
    if chemin.suffix == ".json":
        contenu = json.dumps(declaration.en_json(), ensure_ascii=False, indent=2)
    elif chemin.suffix in (".html", ".htm"):
        contenu = ca3_html(declaration, raison_sociale=raison_sociale)
    else:
        raise TVAInvalide(
            f"Format « {chemin.suffix or '(aucun)'} » non pris en charge : choisissez un fichier .html, .pdf ou .json.",
            champ="chemin",
        )
    chemin.write_text(contenu, encoding="utf-8")
    return chemin
