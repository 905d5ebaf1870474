"""Clôture : régularisations de fin d'exercice, tiers, stocks, titres et provisions.

Sert les activités B2.2 « Réalisation de l'arrêté des charges et des produits »
(CCA et PCA justes, journal de situation, écarts de règlement, indépendance des
exercices) et B2.3 « Participation à la clôture des comptes » (régularisations des
stocks, des titres, des provisions et des dépréciations de l'actif circulant).

Chaque fonction calcule une régularisation et renvoie une :class:`Regularisation` :
un calcul expliqué en français (``calcul``) et les lignes de l'écriture, que
:meth:`Regularisation.ecriture` met au journal de situation (``SI``) à la date de
clôture. :func:`passer_regularisations` les passe au livre ;
:func:`extourner_a_l_ouverture` contre-passe au premier jour de l'exercice suivant
les régularisations à extourner (CCA, PCA, charges à payer, produits à recevoir).

Comptes du PCG applicable aux exercices ouverts depuis le 1er janvier 2025
(règlement ANC n° 2022-06), vérifiés dans ``donnees/pcg_2025.csv`` :

- régularisation des charges et des produits : 486, 487 ; charges à payer 408
  (4081), 4198, 4286, 4386, 4481 (« État - Charges à payer », ex-4486), 468
  (« Divers comptes créditeurs et charges à payer », ex-4686) ; produits à
  recevoir 418 (4181), 4098, 439 (ex-4387), 4482 (ex-4487), 467 (ex-4687) ; TVA
  sur factures non parvenues et à établir 44586, 44587 ;
- tiers : 416, 491, 6817, 7817 ; créances irrécouvrables 6541 (de l'exercice) et
  6544 (des exercices antérieurs), TVA collectée 44571 ; écarts de règlement 658
  et 758 (les comptes 671 et 771 sont supprimés depuis 2025) ;
- stocks : 31 à 37, variations 6031, 6032, 6037, 7133, 7134, 7135 ; dépréciations
  39x, 6817, 7817 ;
- valeurs mobilières de placement : 50x, 590x, 6866, 7866 ;
- provisions pour risques et charges : 151x, 152x, 6815, 7815.

Les montants sont des ``Decimal`` ; chaque montant calculé (prorata, HT, TVA,
dépréciation) est arrondi au centime, demi supérieur
(:func:`compta_kernel.montants.arrondir`), une seule fois, sur le résultat.

>>> import datetime as dt
>>> cca = charge_constatee_avance("90", dt.date(2026, 12, 1), dt.date(2027, 2, 28),
...                               dt.date(2026, 12, 31), compte="626", base="mois")
>>> cca.montant
Decimal('60.00')
>>> cca.calcul.startswith("90,00")
True
>>> [(l.compte, l.debit, l.credit) for l in cca.lignes]
[('486', Decimal('60.00'), Decimal('0.00')), ('626', Decimal('0.00'), Decimal('60.00'))]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.montants import taux as lire_taux

if TYPE_CHECKING:
    from compta_kernel.livre import Livre

__all__ = [
    "BASES",
    "Constat",
    "DepreciationCreance",
    "PieceSuivante",
    "Regularisation",
    "RegularisationInvalide",
    "ajustement_depreciation",
    "charge_a_payer",
    "charge_constatee_avance",
    "creance_douteuse",
    "creance_irrecouvrable",
    "depreciation_creance",
    "depreciation_stock",
    "depreciation_titres",
    "ecart_reglement",
    "extourner_a_l_ouverture",
    "passer_regularisations",
    "produit_a_recevoir",
    "produit_constate_avance",
    "provision",
    "variation_stocks",
    "verifier_independance",
]

#: Bases du prorata : ``"jours"`` (jours du calendrier) ou ``"mois"`` (mois de 30 jours, année de 360 jours).
BASES = ("jours", "mois")

#: Comptes dont la présence dans une écriture du journal de situation la rend extournable à l'ouverture.
COMPTES_A_EXTOURNER = (
    "486",
    "487",
    "408",
    "418",
    "4198",
    "4098",
    "4286",
    "4386",
    "439",
    "4481",
    "4482",
    "467",
    "468",
)

#: Charges à payer : nature → (compte de régularisation, compte de TVA sur factures non parvenues ou ``""``).
CHARGES_A_PAYER: Mapping[str, tuple[str, str]] = {
    "fournisseur": ("4081", "44586"),
    "avoir_client": ("4198", "44587"),
    "personnel": ("4286", ""),
    "social": ("4386", ""),
    "etat": ("4481", ""),
    "divers": ("468", ""),
}

#: Produits à recevoir : nature → (compte de régularisation, compte de TVA sur factures à établir ou ``""``).
PRODUITS_A_RECEVOIR: Mapping[str, tuple[str, str]] = {
    "client": ("4181", "44587"),
    "avoir_fournisseur": ("4098", "44586"),
    "social": ("439", ""),
    "etat": ("4482", ""),
    "divers": ("467", ""),
}

#: Racine du compte de stock → (compte de variation, compte de dépréciation).
_STOCKS = {
    "31": ("6031", "391"),
    "32": ("6032", "392"),
    "33": ("7133", "393"),
    "34": ("7134", "394"),
    "35": ("7135", "395"),
    "37": ("6037", "397"),
}


class RegularisationInvalide(ErreurComptable, ValueError):
    """Les données d'une régularisation sont incohérentes (dates, montants, comptes)."""


def _euros(valeur: Decimal) -> str:
    from compta_kernel.presentation import format_montant

    return format_montant(valeur)


def _jour(valeur: object, quoi: str) -> dt.date:
    from compta_kernel.presentation import lire_date

    try:
        return lire_date(valeur)
    except ValueError as exc:
        raise RegularisationInvalide(
            f"La date {quoi} « {valeur} » est illisible : saisissez-la au format JJ/MM/AAAA.", champ=quoi
        ) from exc


def _positif(valeur: object, quoi: str, *, nul_permis: bool = True) -> Decimal:
    try:
        d = montant(valeur)
    except MontantInvalide as exc:
        raise RegularisationInvalide(f"{quoi.capitalize()} : {exc.message}", champ=quoi) from exc
    if d < 0 or (d == 0 and not nul_permis):
        raise RegularisationInvalide(
            f"{quoi.capitalize()} : {d} n'est pas un montant {'positif' if nul_permis else 'strictement positif'}. "
            "Saisissez la valeur absolue : le sens (débit, crédit) est donné par l'écriture.",
            champ=quoi,
        )
    return d


def _taux(valeur: object) -> Decimal:
    try:
        return lire_taux(valeur)
    except MontantInvalide as exc:
        raise RegularisationInvalide(exc.message, champ="taux") from exc


def _compte(numero: object, racines: Sequence[str], quoi: str) -> str:
    n = normaliser_compte(numero)
    if not any(n.startswith(r) for r in racines):
        raise RegularisationInvalide(
            f"Le compte {quoi} « {numero} » ne convient pas : il doit commencer par "
            + " ou ".join(racines)
            + ".",
            champ="compte",
        )
    return n


@dataclass(frozen=True, slots=True)
class Regularisation:
    """Une écriture d'inventaire calculée, prête à passer au journal de situation.

    Attributes:
        nature: « charge constatée d'avance », « dotation », « variation des stocks »...
        montant: le montant régularisé (HT), arrondi au centime.
        lignes: les lignes de l'écriture, équilibrées.
        libelle: libellé de l'écriture.
        calcul: le calcul en français, pour l'apprenant.
        a_extourner: vrai pour une régularisation contre-passée à l'ouverture de
            l'exercice suivant (CCA, PCA, charges à payer, produits à recevoir).
    """

    nature: str
    montant: Decimal
    lignes: tuple[Ligne, ...]
    libelle: str
    calcul: str
    a_extourner: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "montant", arrondir(self.montant))

    def ecriture(self, date: dt.date, piece: str = "INVENTAIRE", journal: str = "SI") -> Ecriture:
        """L'écriture de la régularisation, au journal de situation par défaut, datée de la clôture."""
        return Ecriture(journal, date, piece, self.libelle, self.lignes)


def _deux_lignes(debit: str, credit: str, valeur: Decimal, tiers: str = "") -> tuple[Ligne, ...]:
    return (
        Ligne(debit, debit=valeur, tiers=tiers if debit.startswith("4") else ""),
        Ligne(credit, credit=valeur, tiers=tiers if credit.startswith("4") else ""),
    )


# ---------------------------------------------------------------------- CCA et PCA
def _prorata(valeur, debut, fin, cloture, base) -> tuple[Decimal, str]:
    from compta_kernel.immobilisations import jours_prorata

    valeur = _positif(valeur, "montant", nul_permis=False)
    debut, fin, cloture = _jour(debut, "de début"), _jour(fin, "de fin"), _jour(cloture, "de clôture")
    if base not in BASES:
        raise RegularisationInvalide(
            f"Base de prorata « {base} » inconnue : choisissez « jours » (jours du calendrier) "
            "ou « mois » (mois de 30 jours).",
            champ="base",
        )
    if fin < debut:
        raise RegularisationInvalide(
            f"La période se termine le {fin:%d/%m/%Y}, avant son début le {debut:%d/%m/%Y} : inversez les dates.",
            champ="fin",
        )
    if fin <= cloture:
        raise RegularisationInvalide(
            f"La période du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} est entièrement comprise dans l'exercice "
            f"clos le {cloture:%d/%m/%Y} : rien n'est constaté d'avance.",
            champ="fin",
        )
    apres = max(debut, cloture + dt.timedelta(days=1))
    if base == "jours":
        total, part = (fin - debut).days + 1, (fin - apres).days + 1
        unite = "jours"
    else:
        total, part = jours_prorata(debut, fin, "30/360"), jours_prorata(apres, fin, "30/360")
        if total % 30 == 0 and part % 30 == 0:
            total, part, unite = total // 30, part // 30, "mois (mois de 30 jours)"
        else:
            unite = "jours (mois de 30 jours)"
    resultat = arrondir(valeur * part / total)
    if not resultat:
        raise RegularisationInvalide(
            f"{_euros(valeur)} × {part} / {total} s'arrondit à zéro : rien à constater d'avance.",
            champ="montant",
        )
    fraction = f"{part} {unite.split(' ')[0]} / {total} {unite}"
    return resultat, f"{_euros(valeur)} × {fraction} = {_euros(resultat)} d'avance"


def charge_constatee_avance(
    montant_ht: object,
    debut: dt.date,
    fin: dt.date,
    cloture: dt.date,
    *,
    compte: str,
    base: str = "jours",
    libelle: str = "",
) -> Regularisation:
    """Charge constatée d'avance : la part d'une charge qui revient à l'exercice suivant.

    CCA = montant HT × durée de la période après la clôture / durée totale de la
    période (PCG, art. 944-48, compte 486 ; principe d'indépendance des exercices,
    C. com. art. L123-13 : le compte de résultat récapitule les charges et les produits
    de l'exercice, sans tenir compte de leur date de paiement). La TVA n'est pas régularisée : elle est déductible dès
    la facture.

    Args:
        montant_ht: montant HT de la charge comptabilisée pour toute la période.
        debut, fin: premier et dernier jour de la période couverte (compris).
        cloture: date de clôture de l'exercice.
        compte: le compte de charge débité à la facture (6xx), crédité ici.
        base: ``"jours"`` (jours du calendrier, le défaut) ou ``"mois"`` (mois de
            30 jours : un trimestre fait 3 mois quel que soit le nombre de jours).
        libelle: libellé de l'écriture (par défaut « Charge constatée d'avance <compte> »).

    Returns:
        la :class:`Regularisation` : 486 au débit, le compte de charge au crédit ;
        montant arrondi au centime, demi supérieur.

    Raises:
        RegularisationInvalide: période finie avant la clôture, dates inversées,
            compte hors classe 6, montant nul ou négatif.
    """
    compte = _compte(compte, ("6",), "de charge")
    valeur, calcul = _prorata(montant_ht, debut, fin, cloture, base)
    return Regularisation(
        "charge constatée d'avance",
        valeur,
        _deux_lignes("486", compte, valeur),
        libelle or f"Charge constatée d'avance {compte}",
        calcul,
        a_extourner=True,
    )


def produit_constate_avance(
    montant_ht: object,
    debut: dt.date,
    fin: dt.date,
    cloture: dt.date,
    *,
    compte: str,
    base: str = "jours",
    libelle: str = "",
) -> Regularisation:
    """Produit constaté d'avance : la part d'un produit facturé qui revient à l'exercice suivant.

    PCA = montant HT × durée de la période après la clôture / durée totale (PCG,
    art. 944-48, compte 487). Arguments comme :func:`charge_constatee_avance`, avec
    ``compte`` un compte de produit (7xx), débité ici ; 487 est crédité.
    """
    compte = _compte(compte, ("7",), "de produit")
    valeur, calcul = _prorata(montant_ht, debut, fin, cloture, base)
    return Regularisation(
        "produit constaté d'avance",
        valeur,
        _deux_lignes(compte, "487", valeur),
        libelle or f"Produit constaté d'avance {compte}",
        calcul,
        a_extourner=True,
    )


# ---------------------------------------------------------------------- CAP et PAR
def _tva(montant_ht: Decimal, tva: object, taux_tva: object) -> Decimal:
    if tva is not None and taux_tva is not None:
        raise RegularisationInvalide(
            "Donnez la TVA en montant (tva=) ou en taux (taux_tva=), pas les deux.", champ="tva"
        )
    if taux_tva is not None:
        return arrondir(montant_ht * _taux(taux_tva))
    return arrondir(_positif(tva or ZERO, "TVA"))


def charge_a_payer(
    compte: str,
    montant_ht: object,
    *,
    nature: str = "fournisseur",
    tva: object = None,
    taux_tva: object = None,
    tiers: str = "",
    libelle: str = "",
) -> Regularisation:
    """Charge à payer : une charge de l'exercice dont la pièce n'est pas encore reçue.

    Écriture : la charge (6xx) et, pour une facture non parvenue, la TVA 44586 au
    débit ; le compte de charges à payer au crédit, TTC. La TVA est arrondie au
    centime, demi supérieur, sur le montant HT (une facture, un taux).

    Args:
        compte: compte de charge (6xx) ; pour un avoir à établir à un client
            (``nature="avoir_client"``), le compte de rabais 709x.
        montant_ht: montant hors taxes.
        nature: clé de :data:`CHARGES_A_PAYER` : ``"fournisseur"`` (4081, TVA 44586),
            ``"avoir_client"`` (4198, TVA 44587), ``"personnel"`` (4286), ``"social"``
            (4386), ``"etat"`` (4481), ``"divers"`` (468).
        tva, taux_tva: la TVA en montant, ou son taux (0,20) ; aucune par défaut.
        tiers: code du tiers porté par la ligne de régularisation.

    Raises:
        RegularisationInvalide: nature inconnue, TVA sur une charge qui n'en porte pas,
            compte de charge inadapté.
    """
    return _a_regulariser(_CHARGE_A_PAYER, compte, montant_ht, nature, tva, taux_tva, tiers, libelle)


def produit_a_recevoir(
    compte: str,
    montant_ht: object,
    *,
    nature: str = "client",
    tva: object = None,
    taux_tva: object = None,
    tiers: str = "",
    libelle: str = "",
) -> Regularisation:
    """Produit à recevoir : un produit de l'exercice dont la pièce n'est pas encore émise ou reçue.

    Écriture : le compte de produits à recevoir au débit, TTC ; le produit (7xx) et,
    pour une facture à établir, la TVA 44587 au crédit.

    Args:
        compte: compte de produit (7xx) ; pour un avoir à recevoir d'un fournisseur
            (``nature="avoir_fournisseur"``), le compte de rabais obtenus 609x.
        nature: clé de :data:`PRODUITS_A_RECEVOIR` : ``"client"`` (4181, TVA 44587),
            ``"avoir_fournisseur"`` (4098, TVA 44586), ``"social"`` (439), ``"etat"``
            (4482), ``"divers"`` (467).
        Autres arguments : comme :func:`charge_a_payer`.
    """
    return _a_regulariser(_PRODUIT_A_RECEVOIR, compte, montant_ht, nature, tva, taux_tva, tiers, libelle)


@dataclass(frozen=True)
class _Sens:
    """Ce qui distingue une charge à payer d'un produit à recevoir (même calcul, sens inverse)."""

    espece: str  # « charge à payer »
    natures: Mapping[str, tuple[str, str]]  # nature → (compte de régularisation, compte de TVA)
    nature_rabais: str  # nature dont le compte est un compte de rabais (709, 609)
    rabais: str
    classe: str  # « 6 » (charges) ou « 7 » (produits)
    de_compte: str  # « de charge »
    sans_tva: str  # fin du message d'une TVA refusée
    au_debit: bool  # compte de régularisation au débit (produit à recevoir)


_CHARGE_A_PAYER = _Sens(
    "charge à payer", CHARGES_A_PAYER, "avoir_client", "709", "6", "de charge",
    "Une charge à payer « {nature} » ne porte pas de TVA : seules les factures non parvenues "
    "(fournisseur) et les avoirs à établir (avoir_client) en ont.",
    au_debit=False,
)  # fmt: skip
_PRODUIT_A_RECEVOIR = _Sens(
    "produit à recevoir", PRODUITS_A_RECEVOIR, "avoir_fournisseur", "609", "7", "de produit",
    "Un produit à recevoir « {nature} » ne porte pas de TVA : seules les factures à établir "
    "(client) et les avoirs à recevoir (avoir_fournisseur) en ont.",
    au_debit=True,
)  # fmt: skip


def _a_regulariser(
    sens: _Sens,
    compte: str,
    montant_ht: object,
    nature: str,
    tva: object,
    taux_tva: object,
    tiers: str,
    libelle: str,
) -> Regularisation:
    """Charge à payer ou produit à recevoir : contrôles, TVA au centime, écriture TTC."""
    if nature not in sens.natures:
        raise RegularisationInvalide(
            f"Nature de {sens.espece} « {nature} » inconnue : choisissez parmi "
            + ", ".join(sens.natures)
            + ".",
            champ="nature",
        )
    regul, compte_tva = sens.natures[nature]
    racines = (sens.rabais,) if nature == sens.nature_rabais else (sens.classe,)
    compte = _compte(compte, racines, sens.de_compte)
    ht = _positif(montant_ht, "montant HT", nul_permis=False)
    taxe = _tva(ht, tva, taux_tva)
    if taxe and not compte_tva:
        raise RegularisationInvalide(sens.sans_tva.format(nature=nature), champ="tva")
    if sens.au_debit:
        lignes = [Ligne(regul, debit=ht + taxe, tiers=tiers), Ligne(compte, credit=ht)]
        lignes += [Ligne(compte_tva, credit=taxe)] if taxe else []
    else:
        lignes = [Ligne(compte, debit=ht)]
        lignes += [Ligne(compte_tva, debit=taxe)] if taxe else []
        lignes.append(Ligne(regul, credit=ht + taxe, tiers=tiers))
    calcul = f"{_euros(ht)} HT" + (f" + TVA {_euros(taxe)} = {_euros(ht + taxe)} TTC" if taxe else "")
    return Regularisation(
        sens.espece,
        ht,
        tuple(lignes),
        libelle or f"{sens.espece.capitalize()} {compte} ({regul})",
        calcul + f", au {'débit' if sens.au_debit else 'crédit'} du {regul}",
        a_extourner=True,
    )


# ---------------------------------------------------------------------- journal de situation et extourne
def passer_regularisations(
    livre: Livre,
    regularisations: Iterable[Regularisation],
    *,
    date: dt.date | None = None,
    piece: str = "INVENTAIRE",
) -> list[Ecriture]:
    """Passe les régularisations au journal de situation (``SI``), datées de la clôture.

    Returns:
        les écritures passées, numérotées par le livre.
    """
    jour = date or livre.fin
    return [livre.passer(r.ecriture(jour, piece)) for r in regularisations]


def _a_extourner(ecriture: Ecriture) -> bool:
    return any(ligne.compte.startswith(COMPTES_A_EXTOURNER) for ligne in ecriture.lignes)


def extourner_a_l_ouverture(precedent: Livre, suivant: Livre, *, journal: str = "SI") -> list[Ecriture]:
    """Extourne au premier jour de ``suivant`` les régularisations du journal de situation de ``precedent``.

    Sont extournées les écritures du journal ``SI`` qui mouvementent un compte de
    :data:`COMPTES_A_EXTOURNER` (CCA, PCA, charges à payer, produits à recevoir),
    sauf celles déjà contre-passées dans l'exercice. L'extourne inverse débits et
    crédits ; la pièce est reprise, le libellé commence par « Extourne ».

    Returns:
        les écritures d'extourne passées dans ``suivant``.

    Raises:
        RegularisationInvalide: si ``suivant`` ne commence pas le lendemain de la clôture de ``precedent``.
    """
    if suivant.debut != precedent.fin + dt.timedelta(days=1):
        raise RegularisationInvalide(
            f"L'exercice suivant commence le {suivant.debut:%d/%m/%Y} : l'extourne se passe à l'ouverture "
            f"de l'exercice qui suit la clôture du {precedent.fin:%d/%m/%Y}.",
            champ="date",
        )
    passees = []
    for ecriture in precedent.ecritures("SI"):
        if not _a_extourner(ecriture) or precedent.contre_passee_par(ecriture.numero):
            continue
        if ecriture.libelle.startswith("Contre-passation"):
            continue
        inverse = ecriture.contre_passation(suivant.debut, f"Extourne {ecriture.numero} {ecriture.libelle}")
        passees.append(
            suivant.passer(Ecriture(journal, inverse.date, inverse.piece, inverse.libelle, inverse.lignes))
        )
    return passees


# ---------------------------------------------------------------------- tiers
def creance_douteuse(
    montant_ttc: object, *, compte_client: str = "411", tiers: str = "", libelle: str = ""
) -> Regularisation:
    """Transfert d'une créance devenue douteuse ou litigieuse en 416, pour son montant TTC.

    Écriture : 416 au débit, le compte client (411...) au crédit (PCG, art. 944-41).
    """
    compte_client = _compte(compte_client, ("411", "413", "418"), "client")
    ttc = _positif(montant_ttc, "montant TTC", nul_permis=False)
    return Regularisation(
        "créance douteuse",
        ttc,
        (Ligne("416", debit=ttc, tiers=tiers), Ligne(compte_client, credit=ttc, tiers=tiers)),
        libelle or f"Créance douteuse {tiers or compte_client}",
        f"{_euros(ttc)} TTC transférés du {compte_client} au 416",
    )


def ajustement_depreciation(
    compte_depreciation: str,
    necessaire: object,
    anterieure: object = ZERO,
    *,
    dotation: str,
    reprise: str,
    libelle: str = "",
    calcul: str = "",
) -> Regularisation | None:
    """Ajuste une dépréciation (ou une provision) existante au montant nécessaire.

    Ajustement = nécessaire − antérieure : positif, une dotation (``dotation`` au
    débit, ``compte_depreciation`` au crédit) ; négatif, une reprise
    (``compte_depreciation`` au débit, ``reprise`` au crédit).

    Returns:
        la régularisation, ou ``None`` si la dépréciation est déjà au bon montant.
    """
    necessaire = arrondir(_positif(necessaire, "dépréciation nécessaire"))
    anterieure = arrondir(_positif(anterieure, "dépréciation antérieure"))
    ecart = necessaire - anterieure
    base = calcul + " ; " if calcul else ""
    base += f"nécessaire {_euros(necessaire)} − antérieure {_euros(anterieure)}"
    if ecart > 0:
        return Regularisation(
            "dotation",
            ecart,
            _deux_lignes(dotation, compte_depreciation, ecart),
            libelle or f"Dotation {compte_depreciation}",
            f"{base} = dotation de {_euros(ecart)}",
        )
    if ecart < 0:
        return Regularisation(
            "reprise",
            -ecart,
            _deux_lignes(compte_depreciation, reprise, -ecart),
            libelle or f"Reprise {compte_depreciation}",
            f"{base} = reprise de {_euros(-ecart)}",
        )
    return None


@dataclass(frozen=True, slots=True)
class DepreciationCreance:
    """La dépréciation d'une créance douteuse, calculée sur le HT.

    Attributes:
        ttc: créance restant due, TTC.
        ht: la même hors taxes, ``ttc / (1 + taux de TVA)`` arrondi au centime.
        necessaire: dépréciation nécessaire à la clôture.
        anterieure: dépréciation déjà constatée.
        regularisation: la dotation ou la reprise (``None`` si rien ne change).
    """

    ttc: Decimal
    ht: Decimal
    necessaire: Decimal
    anterieure: Decimal
    regularisation: Regularisation | None

    @property
    def ajustement(self) -> Decimal:
        """Dotation (positive) ou reprise (négative)."""
        return self.necessaire - self.anterieure


def depreciation_creance(
    montant_ttc: object,
    *,
    taux_tva: object,
    taux_perte: object = None,
    perte_probable_ht: object = None,
    anterieure: object = ZERO,
    compte_depreciation: str = "491",
    tiers: str = "",
) -> DepreciationCreance:
    """Dépréciation d'une créance douteuse, sur le montant HT (la TVA d'une créance perdue se récupère).

    HT = TTC / (1 + taux de TVA), arrondi au centime ; dépréciation nécessaire =
    HT × taux de perte probable (ou la perte HT estimée), arrondie au centime ;
    ajustement = nécessaire − antérieure : dotation 6817 / 491, ou reprise 491 / 7817.

    Args:
        montant_ttc: ce que le client doit encore, TTC (après ses règlements).
        taux_tva: taux de TVA de la créance (0,20).
        taux_perte: part du HT que l'on pense perdre (0,40 pour 40 %) ; ou bien
        perte_probable_ht: la perte HT estimée en montant.
        anterieure: dépréciation déjà constatée aux clôtures précédentes.

    Raises:
        RegularisationInvalide: ni taux de perte ni perte estimée (ou les deux),
            perte supérieure à la créance HT.
    """
    ttc = _positif(montant_ttc, "montant TTC")
    ht = arrondir(ttc / (1 + _taux(taux_tva)))
    if (taux_perte is None) == (perte_probable_ht is None):
        raise RegularisationInvalide(
            "Donnez la perte probable en taux (taux_perte=0,40) ou en montant HT (perte_probable_ht=), une seule fois.",
            champ="taux_perte",
        )
    if taux_perte is not None:
        taux = _taux(taux_perte)
        necessaire = arrondir(ht * taux)
        calcul = (
            f"{_euros(ttc)} TTC / (1 + TVA) = {_euros(ht)} HT × {taux * 100:.4g} % = {_euros(necessaire)}"
        )
    else:
        necessaire = arrondir(_positif(perte_probable_ht, "perte probable HT"))
        calcul = f"perte probable {_euros(necessaire)} sur {_euros(ht)} HT"
    if necessaire > ht:
        raise RegularisationInvalide(
            f"La perte probable ({_euros(necessaire)}) dépasse la créance HT ({_euros(ht)}) : "
            "la dépréciation se calcule sur le hors taxes.",
            champ="taux_perte",
        )
    anterieure = arrondir(_positif(anterieure, "dépréciation antérieure"))
    qui = f" {tiers}" if tiers else ""
    regul = ajustement_depreciation(
        compte_depreciation,
        necessaire,
        anterieure,
        dotation="6817",
        reprise="7817",
        libelle=f"Dépréciation créance douteuse{qui}",
        calcul=calcul,
    )
    return DepreciationCreance(ttc, ht, necessaire, anterieure, regul)


def creance_irrecouvrable(
    montant_ttc: object,
    *,
    taux_tva: object,
    anterieure: object = ZERO,
    de_l_exercice: bool = False,
    compte_client: str = "416",
    tiers: str = "",
) -> tuple[Regularisation, ...]:
    """Créance devenue irrécouvrable : perte HT, TVA collectée régularisée, dépréciation reprise.

    Écritures : 6544 (créance des exercices antérieurs) ou 6541 (de l'exercice) au
    débit pour le HT, 44571 au débit pour la TVA (récupérable sur une créance
    définitivement irrécouvrable, CGI art. 272-1), le compte client (416 ou 411) au
    crédit pour le TTC ; puis reprise de la dépréciation antérieure (491 / 7817).
    HT = TTC / (1 + taux), arrondi au centime ; TVA = TTC − HT.

    Returns:
        la perte, suivie de la reprise s'il y avait une dépréciation.
    """
    compte_client = _compte(compte_client, ("411", "416"), "client")
    ttc = _positif(montant_ttc, "montant TTC", nul_permis=False)
    ht = arrondir(ttc / (1 + _taux(taux_tva)))
    tva = ttc - ht
    perte = "6541" if de_l_exercice else "6544"
    lignes = [Ligne(perte, debit=ht)]
    if tva:
        lignes.append(Ligne("44571", debit=tva))
    lignes.append(Ligne(compte_client, credit=ttc, tiers=tiers))
    qui = f" {tiers}" if tiers else ""
    resultat = [
        Regularisation(
            "créance irrécouvrable",
            ht,
            tuple(lignes),
            f"Créance irrécouvrable{qui}",
            f"{_euros(ttc)} TTC = {_euros(ht)} HT en {perte} + TVA {_euros(tva)} régularisée en 44571",
        )
    ]
    reprise = ajustement_depreciation(
        "491", ZERO, anterieure, dotation="6817", reprise="7817", libelle=f"Reprise dépréciation{qui}"
    )
    if reprise is not None:
        resultat.append(reprise)
    return tuple(resultat)


def ecart_reglement(
    compte_tiers: str, du: object, regle: object, *, tiers: str = ""
) -> Regularisation | None:
    """Écart de règlement d'un tiers, soldé en charge (658) ou en produit (758).

    Un client (41x) qui paie moins que dû laisse une charge 658 ; plus que dû, un
    produit 758. Pour un fournisseur (40x), c'est l'inverse. Les anciens comptes
    671 et 771 sont supprimés depuis 2025.

    Returns:
        la régularisation, ou ``None`` si le règlement est exact.
    """
    compte_tiers = _compte(compte_tiers, ("40", "41"), "de tiers")
    du, regle = arrondir(_positif(du, "montant dû")), arrondir(_positif(regle, "montant réglé"))
    ecart = regle - du
    if not ecart:
        return None
    valeur = abs(ecart)
    perte = ecart < 0 if compte_tiers.startswith("41") else ecart > 0
    if perte:  # le client paie moins que dû, ou l'on paie plus que dû au fournisseur
        lignes, sens = _deux_lignes("658", compte_tiers, valeur, tiers), "charge 658"
    else:
        lignes, sens = _deux_lignes(compte_tiers, "758", valeur, tiers), "produit 758"
    return Regularisation(
        "écart de règlement",
        valeur,
        lignes,
        f"Écart de règlement {tiers or compte_tiers}",
        f"dû {_euros(du)}, réglé {_euros(regle)} : écart {_euros(valeur)} en {sens}",
    )


# ---------------------------------------------------------------------- stocks, titres, provisions
def _racine_stock(compte_stock: str) -> str:
    n = normaliser_compte(compte_stock)
    if n[:2] not in _STOCKS:
        raise RegularisationInvalide(
            f"Le compte de stock « {compte_stock} » ne convient pas : utilisez 31, 32 (approvisionnements), "
            "33, 34 (en-cours), 35 (produits) ou 37 (marchandises).",
            champ="compte",
        )
    return n[:2]


def variation_stocks(
    compte_stock: str, stock_initial: object, stock_final: object
) -> tuple[Regularisation, ...]:
    """Variation des stocks à l'inventaire intermittent : annulation du stock initial, constatation du final.

    Stocks achetés (31, 32, 37) : 603x au débit / stock au crédit pour le stock
    initial, stock au débit / 603x au crédit pour le stock final. Stocks produits
    (33, 34, 35) : même mécanisme avec 713x (PCG, art. 946-60 et 947-71).

    Returns:
        l'annulation du stock initial puis la constatation du stock final (une
        écriture omise si son montant est nul).
    """
    racine = _racine_stock(compte_stock)
    compte_stock = normaliser_compte(compte_stock)
    variation = _STOCKS[racine][0]
    initial = arrondir(_positif(stock_initial, "stock initial"))
    final = arrondir(_positif(stock_final, "stock final"))
    sens = "diminution" if final < initial else "augmentation"
    calcul = f"stock initial {_euros(initial)}, stock final {_euros(final)} : {sens} de {_euros(abs(final - initial))}"
    resultat = []
    if initial:
        resultat.append(
            Regularisation(
                "variation des stocks",
                initial,
                _deux_lignes(variation, compte_stock, initial),
                f"Annulation du stock initial {compte_stock}",
                calcul,
            )
        )
    if final:
        resultat.append(
            Regularisation(
                "variation des stocks",
                final,
                _deux_lignes(compte_stock, variation, final),
                f"Constatation du stock final {compte_stock}",
                calcul,
            )
        )
    return tuple(resultat)


def depreciation_stock(
    compte_stock: str, necessaire: object, anterieure: object = ZERO
) -> Regularisation | None:
    """Ajuste la dépréciation d'un stock (39x) : dotation 6817 ou reprise 7817.

    Le compte de dépréciation se déduit du stock : 37 → 397, 31 → 391, 35 → 395...
    """
    depreciation = _STOCKS[_racine_stock(compte_stock)][1]
    return ajustement_depreciation(
        depreciation,
        necessaire,
        anterieure,
        dotation="6817",
        reprise="7817",
        libelle=f"Dépréciation des stocks {depreciation}",
    )


def depreciation_titres(
    compte_titres: str, cout: object, valeur_inventaire: object, anterieure: object = ZERO
) -> Regularisation | None:
    """Dépréciation d'une ligne de valeurs mobilières de placement (50x) : 590x, 6866 / 7866.

    Dépréciation nécessaire = coût d'acquisition − valeur d'inventaire (cours moyen du
    dernier mois pour des titres cotés) si elle est positive, sinon zéro ; calculée
    ligne par ligne, sans compenser les plus-values latentes (principe de prudence,
    C. com. art. L123-20 ; pas de compensation, art. L123-19).
    """
    compte_titres = _compte(compte_titres, ("50",), "de titres")
    if compte_titres.startswith("509"):
        raise RegularisationInvalide(
            "Le compte 509 enregistre des versements restant à effectuer, pas des titres."
        )
    cout = _positif(cout, "coût d'acquisition")
    valeur = _positif(valeur_inventaire, "valeur d'inventaire")
    necessaire = max(cout - valeur, ZERO)
    depreciation = "590" + compte_titres[2] if len(compte_titres) > 2 else "590"
    if depreciation not in ("5903", "5904", "5906", "5908"):
        depreciation = "590"
    return ajustement_depreciation(
        depreciation,
        necessaire,
        anterieure,
        dotation="6866",
        reprise="7866",
        libelle=f"Dépréciation des titres {compte_titres}",
        calcul=f"coût {_euros(cout)} − valeur d'inventaire {_euros(valeur)}",
    )


def provision(compte_provision: str, necessaire: object, anterieure: object = ZERO) -> Regularisation | None:
    """Ajuste une provision pour risques (151x) ou pour charges (152x) : dotation 6815 ou reprise 7815."""
    compte_provision = _compte(compte_provision, ("151", "152"), "de provision")
    return ajustement_depreciation(
        compte_provision,
        necessaire,
        anterieure,
        dotation="6815",
        reprise="7815",
        libelle=f"Provision {compte_provision}",
    )


# ---------------------------------------------------------------------- indépendance des exercices
_PERIODE = re.compile(r"du\s+(\d{1,2}/\d{1,2}/\d{4})\s+au\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Constat:
    """Une charge ou un produit rattaché au mauvais exercice, avec la régularisation proposée.

    Attributes:
        numero: numéro de l'écriture en cause (vide pour une pièce de l'exercice suivant).
        piece: référence de la pièce.
        compte: le compte de charge ou de produit.
        montant: le montant HT de la ligne.
        motif: ce qui ne va pas, en français.
        proposition: la régularisation proposée (``None`` si elle ne se calcule pas).
    """

    numero: str
    piece: str
    compte: str
    montant: Decimal
    motif: str
    proposition: Regularisation | None

    def __str__(self) -> str:
        suite = (
            f" Proposition : {self.proposition.libelle} ({self.proposition.calcul})."
            if self.proposition
            else ""
        )
        return f"{self.numero or self.piece} — {self.motif}{suite}"


@dataclass(frozen=True, slots=True)
class PieceSuivante:
    """Une pièce datée de l'exercice suivant (facture reçue ou émise après la clôture).

    Attributes:
        piece: référence ; date: date de la pièce ; compte: charge (6xx) ou produit (7xx).
        montant_ht, tva: montants ; debut, fin: période de livraison ou de prestation.
        tiers: code du tiers.
    """

    piece: str
    date: dt.date
    compte: str
    montant_ht: Decimal
    debut: dt.date
    fin: dt.date
    tva: Decimal = ZERO
    tiers: str = ""


def verifier_independance(
    livre: Livre,
    *,
    periodes: Mapping[str, tuple[dt.date, dt.date]] | None = None,
    pieces_suivantes: Iterable[PieceSuivante] = (),
    base: str = "jours",
) -> tuple[Constat, ...]:
    """Cherche les charges et produits qui appartiennent à un autre exercice et propose la régularisation.

    Principe d'indépendance des exercices (C. com. art. L123-13 et L123-21) :

    - une charge (6xx) ou un produit (7xx) d'une écriture hors journal de situation
      dont la période de service dépasse la clôture : la part d'après est proposée
      en CCA ou PCA (prorata ``base``). La période vient de ``periodes`` (pièce →
      (début, fin)) ou du libellé (« ... du 01/10/2026 au 30/09/2027 ») ;
    - une ligne dont la pièce est datée après la clôture : à sortir de l'exercice ;
    - une pièce de l'exercice suivant (``pieces_suivantes``) dont la livraison ou
      la prestation a eu lieu, au moins en partie, dans l'exercice : charge à payer
      ou produit à recevoir pour la part de l'exercice.

    Une régularisation déjà passée au journal de situation pour la même pièce, ou
    du même montant sur le même compte, écarte le constat.

    Returns:
        les constats, dans l'ordre des écritures puis des pièces.
    """
    periodes = dict(periodes or {})
    regularisees = [e for e in livre.ecritures("SI") if _a_extourner(e)]
    deja = {e.piece for e in regularisees}
    montants_deja = {(ligne.compte, ligne.debit + ligne.credit) for e in regularisees for ligne in e.lignes}
    constats: list[Constat] = []
    for ecriture in livre.ecritures():
        if ecriture.journal in ("SI", "AN"):
            continue
        periode = periodes.get(ecriture.piece)
        if periode is None:
            trouve = _PERIODE.search(ecriture.libelle)
            if trouve:
                periode = (_jour(trouve[1], "de début"), _jour(trouve[2], "de fin"))
        for ligne in ecriture.lignes:
            if ligne.compte[0] not in "67":
                continue
            charge = ligne.compte[0] == "6"
            valeur = ligne.debit if charge else ligne.credit
            if not valeur:
                continue
            if ecriture.date_piece and ecriture.date_piece > livre.fin:
                constats.append(
                    Constat(
                        ecriture.numero,
                        ecriture.piece,
                        ligne.compte,
                        valeur,
                        f"pièce du {ecriture.date_piece:%d/%m/%Y}, postérieure à la clôture du {livre.fin:%d/%m/%Y} : "
                        "elle relève de l'exercice suivant (sauf livraison dans l'exercice : charge à payer ou produit à recevoir)",
                        None,
                    )
                )
                continue
            if periode is None or periode[1] <= livre.fin or ecriture.piece in deja:
                continue
            fonction = charge_constatee_avance if charge else produit_constate_avance
            proposition = fonction(
                valeur,
                periode[0],
                periode[1],
                livre.fin,
                compte=ligne.compte,
                base=base,
                libelle=f"{'Charge' if charge else 'Produit'} constaté{'e' if charge else ''} d'avance {ecriture.piece}",
            )
            if (ligne.compte, proposition.montant) in montants_deja:
                continue
            constats.append(
                Constat(
                    ecriture.numero,
                    ecriture.piece,
                    ligne.compte,
                    valeur,
                    f"{'charge' if charge else 'produit'} pour la période du {periode[0]:%d/%m/%Y} au "
                    f"{periode[1]:%d/%m/%Y}, au-delà de la clôture du {livre.fin:%d/%m/%Y}",
                    proposition,
                )
            )
    for piece in pieces_suivantes:
        constats.extend(_constat_piece_suivante(livre, piece, deja))
    return tuple(constats)


def _constat_piece_suivante(livre: Livre, piece: PieceSuivante, deja: set[str]) -> list[Constat]:
    if piece.debut > livre.fin or piece.piece in deja:
        return []
    ht = _positif(piece.montant_ht, "montant HT", nul_permis=False)
    part = ht
    tva = _positif(piece.tva, "TVA")
    if piece.fin > livre.fin:  # prestation à cheval : seule la part de l'exercice est à rattacher
        part = ht - _prorata(ht, piece.debut, piece.fin, livre.fin, "jours")[0]
        tva = arrondir(tva * part / ht)
    compte = normaliser_compte(piece.compte)
    if compte.startswith("6"):
        proposition = charge_a_payer(
            compte, part, tva=tva, tiers=piece.tiers, libelle=f"Facture non parvenue {piece.piece}"
        )
        motif = "facture reçue après la clôture pour une livraison ou une prestation de l'exercice"
    else:
        proposition = produit_a_recevoir(
            compte, part, tva=tva, tiers=piece.tiers, libelle=f"Facture à établir {piece.piece}"
        )
        motif = "facture émise après la clôture pour une livraison ou une prestation de l'exercice"
    return [
        Constat(
            "",
            piece.piece,
            compte,
            ht,
            f"{motif} (du {piece.debut:%d/%m/%Y} au {piece.fin:%d/%m/%Y}, pièce du {piece.date:%d/%m/%Y})",
            proposition,
        )
    ]
