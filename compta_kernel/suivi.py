"""Suivi des paiements : échéancier, balance âgée, relances, litiges, délai moyen de paiement (B1.1).

Le suivi part de ce que le lettrage (:mod:`compta_kernel.lettrage`) laisse ouvert
sur les comptes de tiers :

- :func:`echeancier` : les factures non soldées, par date d'échéance, échues ou à échoir ;
- :func:`balance_agee` : ce que doit chaque tiers, par tranche de retard (l'état de
  :func:`compta_kernel.etats.balance_agee`, un seul moteur) ;
- :func:`liste_relance` : les factures clients échues, avec l'étape de relance que leur
  retard appelle (délais d'usage des règles datées ``relances.*``) ; une facture en
  litige n'est pas relancée tant que le litige est en cours ;
- :class:`RegistreLitiges` : les litiges signalés au service commercial, avec leur statut
  et leur historique ;
- :func:`delai_moyen_paiement` : le délai moyen de paiement des clients (ou des
  fournisseurs), par la méthode comptable ou par épuisement, étape par étape.

Utilisé par B1.1 (critères B1.1-K02, K05, K07, K08 ; compétence C10 « assurer le suivi
des paiements ») et B4.2 (relances).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, arrondir, montant

if TYPE_CHECKING:
    import pandas as pd

    from compta_kernel.livre import Livre

#: Étapes de relance dans l'ordre, et la clé de règle de leur délai après l'échéance.
ETAPES_RELANCE = (
    ("relance amiable", "relances.relance_amiable.jours_apres_echeance"),
    ("seconde relance", "relances.seconde_relance.jours_apres_echeance"),
    ("mise en demeure", "relances.mise_en_demeure.jours_apres_echeance"),
)


class SuiviInvalide(ErreurComptable, ValueError):
    """Une donnée de suivi refusée : délai moyen incalculable, litige inconnu ou clos, date incohérente."""


# ---------------------------------------------------------------------- échéancier, balance âgée, relances
def _reference_echeance(ouvertes: pd.DataFrame):
    """Date d'échéance de chaque ligne (à défaut, la date de l'écriture)."""
    return ouvertes["echeance"].fillna(ouvertes["date"])


def echeancier(
    livre: Livre, prefixe: str = "411", *, au: dt.date | None = None, litiges: RegistreLitiges | None = None
) -> pd.DataFrame:
    """Échéancier des factures non soldées d'un compte de tiers (clients 411, fournisseurs 401).

    Une ligne par facture non lettrée (montant dans le sens normal du compte,
    positif), dans l'ordre des échéances. Colonnes : ``echeance`` (date), ``mois``
    (``AAAA-MM`` de l'échéance, pour regrouper), ``compte``, ``tiers``, ``nom``,
    ``numero``, ``piece``, ``date``, ``montant``, ``jours`` (jours restant avant
    l'échéance au jour ``au`` : négatif pour une facture échue), ``statut``
    (« à échoir » ou « échue ») et ``litige`` (statut du litige en cours sur la
    pièce, vide sinon). ``df.attrs`` : ``total``, ``total_echu``, ``total_a_echoir``, ``au``.

    Args:
        au: jour d'arrêté (par défaut la clôture de l'exercice) ; les factures postérieures sont ignorées.
        litiges: registre des litiges, pour signaler les pièces contestées.
    """
    import numpy as np
    import pandas as pd

    from compta_kernel.lettrage import factures_a_encaisser, factures_a_payer

    au = au or livre.fin
    liste = factures_a_payer if prefixe.startswith("40") else factures_a_encaisser
    ouvertes = liste(livre, prefixe, au=au)
    echeances = _reference_echeance(ouvertes)
    jours = (echeances - pd.Timestamp(au)).dt.days.to_numpy() if len(ouvertes) else np.array([], dtype=int)
    df = pd.DataFrame(
        {
            "echeance": echeances.to_numpy(),
            "mois": echeances.dt.strftime("%Y-%m").to_numpy() if len(ouvertes) else [],
            "compte": ouvertes["compte"],
            "tiers": ouvertes["tiers"],
            "nom": ouvertes["nom"],
            "numero": ouvertes["numero"],
            "piece": ouvertes["piece"],
            "date": ouvertes["date"],
            "montant": ouvertes["montant"],
            "jours": jours,
            "statut": np.where(jours < 0, "échue", "à échoir") if len(ouvertes) else [],
            "litige": [_statut_litige(litiges, p) for p in ouvertes["piece"]],
        }
    )
    df = df.sort_values(["echeance", "tiers", "numero"], kind="stable").reset_index(drop=True)
    for colonne in ("echeance", "date"):  # dates du calendrier (datetime.date), comme sur les pièces
        df[colonne] = pd.Series([t.date() for t in df[colonne]], dtype=object)
    echu = sum((m for m, j in zip(df["montant"], df["jours"], strict=True) if j < 0), ZERO)
    total = sum(df["montant"], ZERO)
    df.attrs.update(
        {
            "titre": f"Échéancier au {au:%d/%m/%Y} ({prefixe})",
            "au": au,
            "total": total,
            "total_echu": echu,
            "total_a_echoir": total - echu,
        }
    )
    return df


def _statut_litige(litiges: RegistreLitiges | None, piece: str) -> str:
    if litiges is None:
        return ""
    litige = litiges.pour_piece(piece)
    return litige.statut if litige is not None and not litige.est_clos else ""


def balance_agee(livre: Livre, prefixe: str = "411", *, au: dt.date | None = None) -> pd.DataFrame:
    """Balance âgée par tranche de retard (non échu, 1-30, 31-60, 61-90, plus de 90 jours).

    C'est l'état :func:`compta_kernel.etats.balance_agee`, sur les lignes que le
    lettrage laisse ouvertes : lettrez d'abord, sinon factures payées et
    règlements apparaissent ensemble dans les tranches.
    """
    from compta_kernel import etats

    return etats.balance_agee(livre, prefixe, au=au)


def _seuils_relance(au: dt.date) -> list[tuple[str, int]]:
    from compta_kernel import regles

    return [(etape, int(regles.valeur(cle, au))) for etape, cle in ETAPES_RELANCE]


def liste_relance(
    livre: Livre, prefixe: str = "411", *, au: dt.date | None = None, litiges: RegistreLitiges | None = None
) -> pd.DataFrame:
    """Factures clients échues à relancer, avec l'étape de relance que leur retard appelle.

    L'étape dépend des jours de retard au jour ``au`` : relance amiable, seconde
    relance, mise en demeure, selon les délais d'usage des règles datées
    ``relances.*.jours_apres_echeance`` (aucun texte ne les fixe : voir
    ``donnees/regles/<année>/relances.yaml``) ; en deçà du premier délai, « à
    surveiller ». Une facture en litige non clos est « suspendue : litige en
    cours » : on ne relance pas un client pour une facture qu'il conteste, le
    service commercial traite d'abord le litige.

    Colonnes : ``tiers``, ``nom``, ``compte``, ``numero``, ``piece``, ``date``,
    ``echeance``, ``montant``, ``jours_retard``, ``etape``, ``litige``, du plus
    grand retard au plus petit. ``df.attrs["total"]`` : le total à relancer (hors litiges).
    """
    if prefixe.startswith("40"):
        raise SuiviInvalide(
            f"On relance les clients, pas les fournisseurs ({prefixe}) : pour les dettes, voyez "
            "factures_a_payer() et l'échéancier.",
            champ="prefixe",
        )
    au = au or livre.fin
    ech = echeancier(livre, prefixe, au=au, litiges=litiges)
    echues = ech[ech["jours"] < 0].copy()
    echues["jours_retard"] = -echues["jours"]
    seuils = _seuils_relance(au)

    def etape(retard: int, litige: str) -> str:
        if litige:
            return "suspendue : litige en cours"
        retenue = "à surveiller"
        for nom, seuil in seuils:
            if retard >= seuil:
                retenue = nom
        return retenue

    echues["etape"] = [etape(r, lit) for r, lit in zip(echues["jours_retard"], echues["litige"], strict=True)]
    colonnes = [
        "tiers",
        "nom",
        "compte",
        "numero",
        "piece",
        "date",
        "echeance",
        "montant",
        "jours_retard",
        "etape",
        "litige",
    ]
    df = echues[colonnes].sort_values(["jours_retard", "tiers"], ascending=[False, True], kind="stable")
    df = df.reset_index(drop=True)
    df.attrs.update(
        {
            "titre": f"Liste de relance au {au:%d/%m/%Y} ({prefixe})",
            "au": au,
            "total": sum((m for m, lit in zip(df["montant"], df["litige"], strict=True) if not lit), ZERO),
            "delais": dict(seuils),
        }
    )
    return df


# ---------------------------------------------------------------------- litiges
#: Statuts d'un litige ; les deux derniers le closent.
STATUTS_LITIGE = (
    "ouvert",
    "transmis au service commercial",
    "avoir à établir",
    "résolu",
    "classé sans suite",
)
STATUTS_CLOS = ("résolu", "classé sans suite")


@dataclass(frozen=True, slots=True)
class EvenementLitige:
    """Un changement de statut d'un litige : sa date, le nouveau statut, un commentaire."""

    date: dt.date
    statut: str
    commentaire: str = ""


@dataclass(frozen=True, slots=True)
class Litige:
    """Un litige sur une facture : qui, quelle pièce, combien, pourquoi, et son historique.

    Attributes:
        numero: ``L001``, ``L002``... attribué par le registre.
        tiers: code du client ou du fournisseur.
        piece: référence de la facture contestée.
        montant: montant contesté.
        motif: la réclamation (« 3 colis livrés sur 5 », « prix non conforme au devis »).
        historique: les :class:`EvenementLitige`, du premier (ouverture) au dernier.
    """

    numero: str
    tiers: str
    piece: str
    montant: Decimal
    motif: str
    historique: tuple[EvenementLitige, ...]

    @property
    def statut(self) -> str:
        """Statut actuel (celui du dernier événement)."""
        return self.historique[-1].statut

    @property
    def ouverture(self) -> dt.date:
        """Date d'ouverture du litige."""
        return self.historique[0].date

    @property
    def est_clos(self) -> bool:
        """Vrai quand le litige est résolu ou classé sans suite."""
        return self.statut in STATUTS_CLOS


class RegistreLitiges:
    """Registre des litiges clients et fournisseurs, tenu avec le service commercial.

    >>> import datetime as dt
    >>> registre = RegistreLitiges()
    >>> l1 = registre.ouvrir("DUPONT", "F2026-014", "480,00", "2 cartons abîmés à la livraison", dt.date(2026, 3, 5))
    >>> l1.numero, l1.statut
    ('L001', 'ouvert')
    >>> registre.changer_statut("L001", "avoir à établir", dt.date(2026, 3, 9), "Accord du commercial").statut
    'avoir à établir'
    >>> [litige.numero for litige in registre.en_cours()]
    ['L001']
    """

    def __init__(self) -> None:
        self._litiges: dict[str, Litige] = {}

    def __len__(self) -> int:
        return len(self._litiges)

    def __iter__(self) -> Iterator[Litige]:
        return iter(self._litiges.values())

    def ouvrir(
        self, tiers: str, piece: str, montant_conteste, motif: str, date: dt.date, *, commentaire: str = ""
    ) -> Litige:
        """Ouvre un litige sur une pièce (statut « ouvert »).

        Raises:
            SuiviInvalide: pièce ou motif vide, montant non positif, litige déjà en cours sur la pièce.
        """
        from compta_kernel.ecritures import normaliser_compte

        piece = str(piece).strip()
        if not piece or not str(motif).strip():
            raise SuiviInvalide(
                "Un litige porte sur une pièce (numéro de facture) et a un motif : complétez-les.",
                champ="piece",
            )
        valeur = arrondir(montant(montant_conteste))
        if valeur <= 0:
            raise SuiviInvalide(
                f"Le montant contesté ({valeur}) doit être positif : saisissez la part de la facture en litige.",
                champ="montant",
            )
        en_cours = self.pour_piece(piece)
        if en_cours is not None and not en_cours.est_clos:
            raise SuiviInvalide(
                f"La pièce {piece} a déjà un litige en cours ({en_cours.numero}, {en_cours.statut}) : "
                "complétez son historique au lieu d'en ouvrir un autre.",
                champ="piece",
            )
        numero = f"L{len(self._litiges) + 1:03d}"
        litige = Litige(
            numero,
            normaliser_compte(tiers),
            piece,
            valeur,
            str(motif).strip(),
            (EvenementLitige(date, "ouvert", commentaire),),
        )
        self._litiges[numero] = litige
        return litige

    def changer_statut(self, numero: str, statut: str, date: dt.date, commentaire: str = "") -> Litige:
        """Fait avancer un litige : nouveau statut, daté, avec un commentaire.

        Raises:
            SuiviInvalide: litige inconnu ou clos, statut inconnu, date antérieure au dernier événement.
        """
        litige = self.litige(numero)
        if statut not in STATUTS_LITIGE:
            raise SuiviInvalide(
                f"Statut « {statut} » inconnu : choisissez parmi {', '.join(STATUTS_LITIGE)}.", champ="statut"
            )
        if litige.est_clos:
            raise SuiviInvalide(
                f"Le litige {numero} est clos ({litige.statut}) : un litige clos ne se rouvre pas ; "
                "ouvrez-en un nouveau si le client conteste de nouveau.",
                champ="statut",
            )
        if date < litige.historique[-1].date:
            raise SuiviInvalide(
                f"Le {date:%d/%m/%Y} précède le dernier événement du litige {numero} "
                f"({litige.historique[-1].date:%d/%m/%Y}) : l'historique se tient dans l'ordre.",
                champ="date",
            )
        mis_a_jour = replace(
            litige, historique=(*litige.historique, EvenementLitige(date, statut, commentaire))
        )
        self._litiges[numero] = mis_a_jour
        return mis_a_jour

    def litige(self, numero: str) -> Litige:
        """Le litige de ce numéro.

        Raises:
            SuiviInvalide: aucun litige de ce numéro.
        """
        try:
            return self._litiges[str(numero).strip().upper()]
        except KeyError:
            raise SuiviInvalide(f"Aucun litige ne porte le numéro « {numero} ».", champ="numero") from None

    def pour_piece(self, piece: str) -> Litige | None:
        """Le dernier litige ouvert sur une pièce, ou ``None``."""
        trouves = [litige for litige in self._litiges.values() if litige.piece == str(piece).strip()]
        return trouves[-1] if trouves else None

    def en_cours(self) -> tuple[Litige, ...]:
        """Les litiges non clos, dans l'ordre d'ouverture."""
        return tuple(litige for litige in self._litiges.values() if not litige.est_clos)

    def tableau(self) -> pd.DataFrame:
        """Le registre : numéro, tiers, pièce, montant, motif, ouverture, statut, date du statut, commentaire."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "numero": litige.numero,
                    "tiers": litige.tiers,
                    "piece": litige.piece,
                    "montant": litige.montant,
                    "motif": litige.motif,
                    "ouverture": litige.ouverture,
                    "statut": litige.statut,
                    "date_statut": litige.historique[-1].date,
                    "commentaire": litige.historique[-1].commentaire,
                }
                for litige in self._litiges.values()
            ],
            columns=[
                "numero",
                "tiers",
                "piece",
                "montant",
                "motif",
                "ouverture",
                "statut",
                "date_statut",
                "commentaire",
            ],
        )


# ---------------------------------------------------------------------- délai moyen de paiement
CENTIEME = Decimal("0.01")
DIX_MILLIEME = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class EtapeDelai:
    """Une étape du calcul du délai moyen de paiement.

    Attributes:
        libelle: ce que l'étape calcule, en français, avec les chiffres.
        jours: jours ajoutés par l'étape (un mois entier, une fraction de mois, ou le résultat).
        mois: le mois de chiffre d'affaires épuisé (méthode par épuisement), vide sinon.
        chiffre_affaires: le chiffre d'affaires TTC du mois (épuisement) ou de la période (comptable).
        reste_avant, reste_apres: créances restant à épuiser avant et après l'étape (épuisement).
    """

    libelle: str
    jours: Decimal
    mois: str = ""
    chiffre_affaires: Decimal = ZERO
    reste_avant: Decimal = ZERO
    reste_apres: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class DelaiMoyenPaiement:
    """Un délai moyen de paiement et son calcul.

    Attributes:
        methode: ``"comptable"`` ou ``"epuisement"``.
        creances: encours de créances clients (ou de dettes fournisseurs) TTC.
        jours: le délai, au centième de jour (demi supérieur), calculé sans arrondi intermédiaire.
        etapes: les :class:`EtapeDelai`, dans l'ordre du calcul.
        ratio: créances / chiffre d'affaires TTC, à 4 décimales (méthode comptable ; ``None`` sinon).
        base_jours: nombre de jours de la période (méthode comptable).
    """

    methode: str
    creances: Decimal
    jours: Decimal
    etapes: tuple[EtapeDelai, ...]
    ratio: Decimal | None = None
    base_jours: int | None = None

    @property
    def jours_arrondis(self) -> int:
        """Le délai arrondi au jour (demi supérieur), comme on l'annonce."""
        return int(self.jours.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def texte(self) -> str:
        """Le calcul, une étape par ligne."""
        return "\n".join(e.libelle for e in self.etapes)

    def __str__(self) -> str:
        return self.texte()


def _virgule(valeur: Decimal, decimales: int) -> str:
    quantum = Decimal(1).scaleb(-decimales)
    return format(valeur.quantize(quantum, rounding=ROUND_HALF_UP), "f").replace(".", ",")


def _lire_montant(valeur, quoi: str) -> Decimal:
    try:
        return montant(valeur)
    except ErreurComptable as exc:
        raise SuiviInvalide(f"{quoi.capitalize()} : {exc}", champ=quoi) from exc


def delai_moyen_paiement(
    creances,
    chiffre_affaires,
    methode: str = "comptable",
    base_jours: int = 360,
) -> DelaiMoyenPaiement:
    """Délai moyen de paiement des clients (ou des fournisseurs), par la méthode comptable ou par épuisement.

    **Méthode comptable** : ``jours = créances TTC / chiffre d'affaires TTC ×
    base_jours`` (360 par convention d'école, 365 pour l'année civile, ou le nombre
    de jours d'une période plus courte : 91 pour un trimestre). ``chiffre_affaires``
    est le total TTC de la période. Exemple : créances 20 000 €, chiffre d'affaires
    150 000 € TTC : 20 000 / 150 000 × 360 = 48 jours.

    **Méthode par épuisement** : on retranche des créances le chiffre d'affaires
    TTC du dernier mois, puis de l'avant-dernier..., en comptant les jours de
    chaque mois entièrement épuisé ; le mois où les créances s'épuisent compte pour
    ``reste / CA du mois × jours du mois``. ``chiffre_affaires`` est une suite de
    ``(mois, montant_ttc, jours)`` du mois le plus récent en remontant ;
    ``base_jours`` n'y sert pas.

    Pour les fournisseurs : dettes fournisseurs TTC et achats TTC à la place des
    créances et du chiffre d'affaires.

    Arrondi : le délai est calculé exactement puis arrondi au centième de jour
    (demi supérieur) ; le ratio de la méthode comptable est affiché à 4 décimales,
    mais le délai ne part pas du ratio arrondi (20 000 / 150 000 = 0,1333 ;
    × 360 = 48,00 et non 47,99).

    >>> d = delai_moyen_paiement("20 000", "150 000")
    >>> d.ratio, d.jours
    (Decimal('0.1333'), Decimal('48.00'))
    >>> d = delai_moyen_paiement("2 500", [("novembre", "1 200", 30), ("octobre", "800", 31),
    ...                                    ("septembre", "700", 30)], methode="epuisement")
    >>> d.jours, d.jours_arrondis
    (Decimal('82.43'), 82)

    Returns:
        un :class:`DelaiMoyenPaiement` : ``.jours`` et ``.etapes``.

    Raises:
        SuiviInvalide: méthode inconnue, créances négatives, chiffre d'affaires nul,
            ventes qui ne suffisent pas à épuiser les créances.
    """
    creances = _lire_montant(creances, "créances")
    if creances < 0:
        raise SuiviInvalide(
            f"Les créances ({creances}) sont négatives : le solde des comptes clients est créditeur, "
            "vérifiez la balance des tiers (avoirs, règlements en trop).",
            champ="creances",
        )
    if methode == "comptable":
        return _dmp_comptable(creances, chiffre_affaires, base_jours)
    if methode == "epuisement":
        return _dmp_epuisement(creances, chiffre_affaires)
    raise SuiviInvalide(
        f"Méthode « {methode} » inconnue : choisissez « comptable » ou « epuisement ».", champ="methode"
    )


def _dmp_comptable(creances: Decimal, chiffre_affaires, base_jours: int) -> DelaiMoyenPaiement:
    from compta_kernel.presentation import format_montant

    if isinstance(chiffre_affaires, list | tuple):
        raise SuiviInvalide(
            "Méthode comptable : le chiffre d'affaires est le total TTC de la période (un montant), "
            "pas une suite de mois (c'est la donnée de la méthode par épuisement).",
            champ="chiffre_affaires",
        )
    ca = _lire_montant(chiffre_affaires, "chiffre d'affaires")
    if ca <= 0:
        raise SuiviInvalide(
            f"Le chiffre d'affaires TTC ({ca}) doit être positif pour calculer un délai.",
            champ="chiffre_affaires",
        )
    if isinstance(base_jours, bool) or not isinstance(base_jours, int) or base_jours <= 0:
        raise SuiviInvalide(
            f"base_jours ({base_jours!r}) est un nombre entier de jours : 360, 365, ou la durée de la période.",
            champ="base_jours",
        )
    ratio = (creances / ca).quantize(DIX_MILLIEME, rounding=ROUND_HALF_UP)
    jours = (creances * base_jours / ca).quantize(CENTIEME, rounding=ROUND_HALF_UP)
    etapes = (
        EtapeDelai(
            f"Ratio : créances TTC / chiffre d'affaires TTC = {format_montant(creances)} / "
            f"{format_montant(ca)} = {_virgule(ratio, 4)}",
            ZERO,
            chiffre_affaires=ca,
        ),
        EtapeDelai(
            f"Délai : {format_montant(creances)} / {format_montant(ca)} × {base_jours} = "
            f"{_virgule(jours, 2)} jours",
            jours,
            chiffre_affaires=ca,
        ),
    )
    return DelaiMoyenPaiement("comptable", creances, jours, etapes, ratio, base_jours)


def _dmp_epuisement(creances: Decimal, chiffre_affaires) -> DelaiMoyenPaiement:
    from compta_kernel.presentation import format_montant

    if not isinstance(chiffre_affaires, Sequence) or isinstance(chiffre_affaires, str):
        raise SuiviInvalide(
            "Méthode par épuisement : donnez le chiffre d'affaires TTC mois par mois, du plus récent au plus "
            "ancien, sous la forme [(mois, montant_ttc, jours), ...].",
            champ="chiffre_affaires",
        )
    reste = creances
    total = Decimal(0)
    etapes: list[EtapeDelai] = []
    for rang, element in enumerate(chiffre_affaires, start=1):
        if reste <= 0:
            break
        try:
            mois, ca_mois, jours_mois = element
        except (TypeError, ValueError):
            raise SuiviInvalide(
                f"Mois n° {rang} : attendu (mois, montant_ttc, jours), reçu {element!r}.",
                champ="chiffre_affaires",
            ) from None
        ca = _lire_montant(ca_mois, f"chiffre d'affaires de {mois}")
        jours_mois = Decimal(str(jours_mois)) if not isinstance(jours_mois, Decimal) else jours_mois
        if ca < 0 or not 0 < jours_mois <= 31:
            raise SuiviInvalide(
                f"{mois} : le chiffre d'affaires ({ca}) est positif ou nul et le mois compte de 1 à 31 jours "
                f"(reçu {jours_mois}).",
                champ="chiffre_affaires",
            )
        avant = reste
        if reste >= ca:
            reste -= ca
            total += jours_mois
            etapes.append(
                EtapeDelai(
                    f"{mois} : {format_montant(avant)} − {format_montant(ca)} = {format_montant(reste)} ; "
                    f"mois entier : + {_virgule(jours_mois, 0)} jours",
                    jours_mois,
                    str(mois),
                    ca,
                    avant,
                    reste,
                )
            )
        else:
            fraction = reste * jours_mois / ca
            total += fraction
            reste = ZERO
            etapes.append(
                EtapeDelai(
                    f"{mois} : {format_montant(avant)} < {format_montant(ca)} ; "
                    f"{format_montant(avant)} / {format_montant(ca)} × {_virgule(jours_mois, 0)} = "
                    f"+ {_virgule(fraction, 2)} jours",
                    fraction.quantize(CENTIEME, rounding=ROUND_HALF_UP),
                    str(mois),
                    ca,
                    avant,
                    ZERO,
                )
            )
    if reste > 0:
        raise SuiviInvalide(
            f"Les ventes fournies ne suffisent pas à épuiser les créances : il reste {format_montant(reste)} "
            "après le dernier mois. Ajoutez les mois plus anciens.",
            champ="chiffre_affaires",
        )
    jours = total.quantize(CENTIEME, rounding=ROUND_HALF_UP)
    detail = " + ".join(_virgule(e.jours, 2).removesuffix(",00") for e in etapes) or "0"
    etapes.append(EtapeDelai(f"Délai : {detail} = {_virgule(jours, 2)} jours", jours))
    return DelaiMoyenPaiement("epuisement", creances, jours, tuple(etapes))
