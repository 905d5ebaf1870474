"""Immobilisations : fichier des immobilisations, plans d'amortissement, tableaux de l'annexe, cessions.

Sert l'activité B2.1 du référentiel, « Calcul et enregistrement des amortissements »
(critères B2.1-K01 à B2.1-K06) : calculer les amortissements, tenir le tableau de
suivi des immobilisations, enregistrer les dotations au journal des opérations
diverses, contrôler les amortissements ; et B2.3 pour les régularisations de clôture.

- :func:`plan_amortissement` : plan d'un bien, une ligne par exercice (``exercice``,
  ``base``, ``taux``, ``annuite``, ``cumul``, ``vnc``), qui s'achève exactement, au
  centime, sur la valeur résiduelle. Trois modes :

  * **linéaire** : prorata temporis en jours à compter de la **mise en service**
    (PCG, art. 214-13 ; BOI-BIC-AMT-20-10). Le décompte des jours est une
    convention, paramètre ``convention`` : ``"30/360"`` (mois de 30 jours, année de
    360 jours, jour de mise en service compris : la convention de l'enseignement,
    lue dans les règles datées), ``"30/360 jour exclu"`` (le jour de mise en service
    ne compte pas, comme dans certains manuels) ou ``"exact"`` (jours du calendrier
    sur les jours de l'exercice). La dernière annuité complète la première ;
  * **dégressif** (fiscal) : taux linéaire × coefficient de l'article 39 A, 1 du
    CGI (règles datées : 1,25 pour 3 ou 4 ans, 1,75 pour 5 ou 6 ans, 2,25 au-delà),
    première annuité réduite en **mois entiers** depuis le premier jour du mois
    d'**acquisition** (CGI, ann. II, art. 23 ; BOI-BIC-AMT-20-20-30), puis passage
    au linéaire dès que la valeur résiduelle divisée par le nombre d'années
    restant à courir dépasse l'annuité dégressive. Le plan compte autant
    d'exercices que d'années de durée, le premier compris ;
  * **unités d'œuvre** : annuité proportionnelle aux unités consommées dans l'exercice.

- :func:`plan_derogatoire` : amortissements dérogatoires (145, 68725, 78725) quand
  le plan fiscal va plus vite que le plan économique.
- :class:`Immobilisation` et :class:`FichierImmobilisations` : le fichier des
  immobilisations (compte, coût d'entrée, acquisition et mise en service, plan,
  composants, historique), ses tableaux de l'annexe (immobilisations,
  amortissements, dépréciations), ses écritures de dotation et son contrôle
  face au livre (:meth:`FichierImmobilisations.controler`).
- :func:`cession` : écritures d'une cession ou d'une mise au rebut.

Dépréciations (6816 / 29, reprises 29 / 7816) : après une dépréciation ou une reprise, le
plan est **révisé de façon prospective** (PCG, art. 214-17 ; changement d'estimation) :
la valeur nette comptable dépréciée devient la base amortissable, répartie sur la durée
restante (:meth:`Immobilisation.plan`, le plan d'origine restant dans
:meth:`Immobilisation.plan_initial`). Une reprise ne peut porter la VNC au-delà de celle du
plan d'origine. Dans l'exercice de cession, l'annuité **fiscale** dégressive suit la règle
datée ``immobilisations.degressif.annuite_exercice_cession`` (doctrine : aucune annuité
dégressive) ; l'annuité comptable reste calculée jusqu'à la date de sortie.

Comptes du PCG applicable aux exercices ouverts depuis le 1er janvier 2025
(règlement ANC n° 2022-06) : la valeur comptable des immobilisations incorporelles
et corporelles cédées va en 657 et le prix de cession en 757 (résultat
d'exploitation), là où les anciens manuels utilisent 675 et 775 (résultat
exceptionnel) ; pour les immobilisations financières, 667 et 767.

Les montants sont des ``Decimal`` ; chaque annuité est arrondie au centime, demi
supérieur (:func:`compta_kernel.montants.arrondir`), et la dernière annuité est le
reste exact, pour que le plan finisse au centime près.

>>> import datetime as dt
>>> plan = plan_amortissement("10 000", dt.date(2026, 4, 15), 5, mode="degressif")
>>> [str(a) for a in plan["annuite"]]
['2625.00', '2581.25', '1677.81', '1557.97', '1557.97']
>>> plan.attrs["bascule"]
2029
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from compta_kernel import pcg, regles
from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, en_centimes, montant
from compta_kernel.montants import taux as lire_taux

if TYPE_CHECKING:
    import pandas as pd

    from compta_kernel.livre import Livre

#: Modes d'amortissement reconnus.
MODES = ("lineaire", "degressif", "unites_oeuvre", "non_amortissable")
#: Conventions de décompte des jours du prorata linéaire.
CONVENTIONS = ("30/360", "30/360 jour exclu", "exact")
#: Colonnes d'un plan d'amortissement, dans l'ordre.
COLONNES_PLAN = ("exercice", "base", "taux", "annuite", "cumul", "vnc")
#: Natures des mouvements de l'historique d'une immobilisation.
NATURES = ("acquisition", "depreciation", "reprise_depreciation", "cession", "mise_au_rebut")
#: Fin d'exercice par défaut : (jour, mois) de la clôture, le 31 décembre.
FIN_ANNEE_CIVILE = (31, 12)

_CLE_CONVENTION = "immobilisations.lineaire.convention_jours"
_CLE_DUREE_MINIMALE = "immobilisations.degressif.duree_minimale"
_CLE_CESSION_DEGRESSIF = "immobilisations.degressif.annuite_exercice_cession"
_PRECISION_TAUX = Decimal("0.000001")
_NOMS_MODES = {
    "lineaire": "linéaire",
    "degressif": "dégressif",
    "unites_oeuvre": "unités d'œuvre",
    "non_amortissable": "non amortissable",
}


# ---------------------------------------------------------------------- erreurs
class ImmobilisationInvalide(ErreurComptable, ValueError):
    """Une donnée d'immobilisation ou de plan est incohérente (montant, compte, mode, fin d'exercice)."""


class DureeInvalide(ImmobilisationInvalide):
    """La durée d'amortissement n'est pas un nombre entier d'années supérieur à zéro."""


class DatesIncoherentes(ImmobilisationInvalide):
    """Les dates se contredisent (mise en service avant l'acquisition, dépréciation avant l'acquisition...)."""


class DegressifNonEligible(ImmobilisationInvalide):
    """Le mode dégressif est demandé pour un bien qui n'y a pas droit (durée inférieure à trois ans)."""


class ModeInconnu(ImmobilisationInvalide):
    """Le mode d'amortissement ou la convention de décompte n'existe pas."""


class CessionInvalide(ImmobilisationInvalide):
    """La cession ou la mise au rebut est impossible (avant l'acquisition, bien déjà sorti, prix négatif)."""


class ImmobilisationInconnue(ErreurComptable, KeyError):
    """Aucune immobilisation du fichier ne porte ce code."""

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------- lecture des saisies
def _format_date(jour: dt.date) -> str:
    return f"{jour:%d/%m/%Y}"


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def _euros(valeur: Decimal) -> str:
    from compta_kernel.presentation import format_montant

    return format_montant(valeur)


def _lire_date(valeur: object, quoi: str) -> dt.date:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    from compta_kernel.presentation import lire_date

    try:
        return lire_date(str(valeur))
    except ValueError as exc:
        raise DatesIncoherentes(f"{_majuscule(quoi)} : {exc}", champ="date") from exc


def _lire_montant(valeur: object, quoi: str, *, nul_permis: bool = False) -> Decimal:
    try:
        d = montant(valeur)
    except MontantInvalide as exc:
        raise ImmobilisationInvalide(f"{_majuscule(quoi)} : {exc.message}", champ="montant") from exc
    if d < 0 or (d == 0 and not nul_permis):
        attendu = "positif ou nul" if nul_permis else "strictement positif"
        raise ImmobilisationInvalide(
            f"{_majuscule(quoi)} vaut {_euros(d)} : il doit être {attendu}.", champ="montant"
        )
    if d != arrondir(d):
        raise ImmobilisationInvalide(
            f"{_majuscule(quoi)} ({d}) a plus de deux décimales : arrondissez-le au centime ({arrondir(d)}).",
            champ="montant",
        )
    return arrondir(d)


def _lire_duree(valeur: object) -> int:
    entier = None
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        entier = valeur
    elif isinstance(valeur, Decimal) and valeur.is_finite() and valeur == valeur.to_integral_value():
        entier = int(valeur)
    if entier is None or entier <= 0:
        raise DureeInvalide(
            f"La durée d'amortissement « {valeur} » ne convient pas : c'est un nombre entier d'années, "
            "au moins 1 (par exemple 5 pour un matériel amorti sur cinq ans).",
            champ="duree",
        )
    return entier


def _lire_mode(mode: object) -> str:
    if mode not in MODES:
        raise ModeInconnu(
            f"Mode d'amortissement « {mode} » inconnu : choisissez "
            + ", ".join(f"« {m} » ({_NOMS_MODES[m]})" for m in MODES)
            + ".",
            champ="mode",
        )
    return str(mode)


def _lire_fin_exercice(fin_exercice: object) -> tuple[int, int]:
    try:
        jour, mois = (int(x) for x in fin_exercice)  # type: ignore[union-attr]
        if not 1 <= mois <= 12 or not 1 <= jour <= 31:
            raise ValueError
    except (TypeError, ValueError) as exc:
        raise ImmobilisationInvalide(
            f"Fin d'exercice « {fin_exercice} » illisible : donnez le jour et le mois de la clôture, "
            "par exemple (31, 12) ou (30, 6).",
            champ="fin_exercice",
        ) from exc
    return jour, mois


# ---------------------------------------------------------------------- exercices et jours
def date_cloture(annee: int, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> dt.date:
    """Date de clôture de l'exercice clos en ``annee`` (un jour au-delà de la fin du mois : fin de mois).

    >>> date_cloture(2028, (28, 2))
    datetime.date(2028, 2, 29)
    """
    jour, mois = _lire_fin_exercice(fin_exercice)
    dernier = calendar.monthrange(annee, mois)[1]
    fin_de_mois = jour >= calendar.monthrange(2001, mois)[1]
    return dt.date(annee, mois, dernier if fin_de_mois else min(jour, dernier))


def exercice(annee: int, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> tuple[dt.date, dt.date]:
    """Dates d'ouverture et de clôture de l'exercice de douze mois clos en ``annee``.

    >>> exercice(2026, (30, 6))
    (datetime.date(2025, 7, 1), datetime.date(2026, 6, 30))
    """
    return date_cloture(annee - 1, fin_exercice) + dt.timedelta(days=1), date_cloture(annee, fin_exercice)


def annee_exercice(jour: dt.date, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> int:
    """L'exercice (année de sa clôture) qui contient ``jour``.

    >>> annee_exercice(dt.date(2026, 9, 1), (30, 6))
    2027
    """
    return jour.year if jour <= date_cloture(jour.year, fin_exercice) else jour.year + 1


def _rang_30(jour: dt.date) -> int:
    """Rang d'un jour dans un calendrier de mois de 30 jours (le dernier jour d'un mois y est le 30)."""
    quantieme = 30 if jour.day >= min(30, calendar.monthrange(jour.year, jour.month)[1]) else jour.day
    return jour.year * 360 + (jour.month - 1) * 30 + quantieme


def _lire_convention(convention: object) -> str:
    if convention not in CONVENTIONS:
        raise ModeInconnu(
            f"Convention de décompte « {convention} » inconnue : choisissez "
            + ", ".join(f"« {c} »" for c in CONVENTIONS)
            + ".",
            champ="convention",
        )
    return str(convention)


def jours_prorata(debut: dt.date, fin: dt.date, convention: str = "30/360") -> int:
    """Nombre de jours du ``debut`` à la ``fin`` **compris**, selon la convention de décompte.

    ``"30/360"`` : mois de 30 jours (le dernier jour d'un mois compte pour le 30) ;
    ``"30/360 jour exclu"`` : idem sans le premier jour ; ``"exact"`` : jours du calendrier.

    >>> jours_prorata(dt.date(2026, 4, 15), dt.date(2026, 12, 31))
    256
    >>> jours_prorata(dt.date(2026, 4, 15), dt.date(2026, 12, 31), "30/360 jour exclu")
    255
    """
    convention = _lire_convention(convention)
    if fin < debut:
        return 0
    if convention == "exact":
        return (fin - debut).days + 1
    jours = _rang_30(fin) - _rang_30(debut) + 1
    return jours - 1 if convention == "30/360 jour exclu" else jours


def _jours_exercice(ouverture: dt.date, cloture: dt.date, convention: str) -> int:
    if convention == "exact":
        return (cloture - ouverture).days + 1
    return jours_prorata(ouverture, cloture, "30/360")


def _jours_periode(debut: dt.date, fin: dt.date, convention: str, *, premier: bool) -> int:
    """Jours d'amortissement d'une période : la convention ne retire le premier jour qu'au début du plan."""
    if convention == "exact" or premier:
        return jours_prorata(debut, fin, convention)
    return jours_prorata(debut, fin, "30/360")


def _mois_entiers(debut: dt.date, fin: dt.date) -> int:
    """Mois du mois de ``debut`` au mois de ``fin`` compris (un mois commencé compte entier)."""
    return (fin.year - debut.year) * 12 + fin.month - debut.month + 1


def _ajouter_annees(jour: dt.date, annees: int) -> dt.date:
    try:
        return jour.replace(year=jour.year + annees)
    except ValueError:  # 29 février
        return jour.replace(year=jour.year + annees, day=28)


# ---------------------------------------------------------------------- règles datées
def _regle_en_vigueur(cle: str, jour: dt.date) -> regles.Regle:
    """La règle en vigueur le ``jour`` ; avant la première année des données, celle-ci si elle s'appliquait déjà."""
    try:
        return regles.regle(cle, jour)
    except regles.RegleInconnue:
        suivantes = [a for a in regles.annees_disponibles() if a > jour.year]
        if suivantes:
            r = regles.regle(cle, dt.date(suivantes[0], 1, 1))
            if r.depuis <= jour:
                return r
        raise


def convention_par_defaut(jour: dt.date) -> str:
    """La convention de décompte des jours du cours (règles datées ; la plus récente après la dernière année)."""
    try:
        return str(_regle_en_vigueur(_CLE_CONVENTION, jour).valeur)
    except regles.RegleInconnue:
        derniere = max(regles.annees_disponibles())
        return str(regles.valeur(_CLE_CONVENTION, dt.date(derniere, 12, 31)))


def annuite_degressive_exercice_cession(jour: dt.date) -> str:
    """Règle fiscale de l'annuité dégressive de l'exercice de cession en vigueur le ``jour``.

    ``"nulle"`` : aucune annuité dégressive n'est déduite pour l'exercice de la cession (doctrine
    BOI-BIC-AMT-20-20-30, source à confirmer : voir la règle datée) ; ``"prorata_mois"`` : mois
    entiers écoulés avant le mois de la cession.

    >>> annuite_degressive_exercice_cession(dt.date(2026, 6, 30))
    'nulle'
    """
    try:
        valeur = str(_regle_en_vigueur(_CLE_CESSION_DEGRESSIF, jour).valeur)
    except regles.RegleInconnue:  # après la dernière année des données : la plus récente
        derniere = max(regles.annees_disponibles())
        valeur = str(regles.valeur(_CLE_CESSION_DEGRESSIF, dt.date(derniere, 12, 31)))
    assert valeur in ("nulle", "prorata_mois"), f"règle {_CLE_CESSION_DEGRESSIF} inconnue : {valeur}"
    return valeur


def _cle_coefficient(duree: int) -> str:
    if duree <= 4:
        return "immobilisations.degressif.coefficient.3_ou_4_ans"
    if duree <= 6:
        return "immobilisations.degressif.coefficient.5_ou_6_ans"
    return "immobilisations.degressif.coefficient.plus_de_6_ans"


def coefficient_degressif(duree: int, acquisition: dt.date) -> Decimal:
    """Coefficient dégressif fiscal d'un bien acquis le jour ``acquisition`` (CGI, art. 39 A, 1).

    >>> coefficient_degressif(5, dt.date(2026, 3, 1))
    Decimal('1.75')

    Raises:
        DegressifNonEligible: durée inférieure à la durée minimale (trois ans).
        RegleInconnue: pas de coefficient connu du cours à cette date.
    """
    duree = _lire_duree(duree)
    _verifier_eligibilite(duree, acquisition)
    return Decimal(_regle_en_vigueur(_cle_coefficient(duree), acquisition).valeur)


def _verifier_eligibilite(duree: int, acquisition: dt.date) -> None:
    minimum = int(_regle_en_vigueur(_CLE_DUREE_MINIMALE, acquisition).valeur)
    if duree < minimum:
        raise DegressifNonEligible(
            f"Le mode dégressif est réservé aux biens dont la durée normale d'utilisation est d'au moins "
            f"{minimum} ans (CGI, art. 39 A, 1) : ce bien est prévu pour {duree} an(s). "
            "Amortissez-le en linéaire.",
            champ="mode",
        )


# ---------------------------------------------------------------------- plans
@dataclass(frozen=True, slots=True)
class _Ligne:
    exercice: int
    base: Decimal
    taux: Decimal | None
    annuite: Decimal


def _taux(valeur: Decimal) -> Decimal:
    return valeur.quantize(_PRECISION_TAUX).normalize()


def _plan_lineaire(amortissable, debut, duree, fin_exercice, convention) -> tuple[list[_Ligne], dict]:
    fin_amortissement = _ajouter_annees(debut, duree) - dt.timedelta(days=1)
    pleine = amortissable / duree
    taux = _taux(Decimal(1) / duree)
    lignes: list[_Ligne] = []
    cumul = ZERO
    annee = annee_exercice(debut, fin_exercice)
    while True:
        ouverture, cloture = exercice(annee, fin_exercice)
        if cloture >= fin_amortissement:
            annuite = amortissable - cumul
        else:
            depart = max(ouverture, debut)
            jours = _jours_periode(depart, cloture, convention, premier=depart == debut)
            total = _jours_exercice(ouverture, cloture, convention)
            annuite = min(arrondir(pleine * jours / total), amortissable - cumul)
        lignes.append(_Ligne(annee, amortissable, taux, annuite))
        cumul += annuite
        if cloture >= fin_amortissement:
            return lignes, {"fin_amortissement": fin_amortissement}
        annee += 1


def _plan_degressif(amortissable, acquisition, duree, fin_exercice, coefficient) -> tuple[list[_Ligne], dict]:
    taux_degressif = coefficient / duree
    annee = annee_exercice(acquisition, fin_exercice)
    ouverture, cloture = exercice(annee, fin_exercice)
    mois = _mois_entiers(acquisition.replace(day=1), cloture)
    mois_exercice = _mois_entiers(ouverture, cloture)
    lignes: list[_Ligne] = []
    vnc = amortissable
    bascule = annuite_lineaire = None
    for rang in range(duree):
        restant = duree - rang
        if rang == 0:
            annuite, taux = arrondir(amortissable * taux_degressif * mois / mois_exercice), taux_degressif
        elif annuite_lineaire is None and vnc / restant < vnc * taux_degressif:
            annuite, taux = arrondir(vnc * taux_degressif), taux_degressif
        else:
            if annuite_lineaire is None:  # passage au linéaire : annuités égales jusqu'au bout
                bascule, annuite_lineaire = annee + rang, arrondir(vnc / restant)
            annuite, taux = annuite_lineaire, Decimal(1) / restant
        annuite = vnc if rang == duree - 1 else min(annuite, vnc)
        lignes.append(_Ligne(annee + rang, vnc, _taux(taux), annuite))
        vnc -= annuite
    return lignes, {
        "coefficient": coefficient,
        "taux_degressif": _taux(taux_degressif),
        "bascule": bascule,
        "mois_premier_exercice": mois,
    }


def _plan_unites(amortissable, debut, unites, fin_exercice) -> tuple[list[_Ligne], dict]:
    lues = []
    for u in unites:
        try:
            valeur = montant(u)
        except MontantInvalide as exc:
            raise ImmobilisationInvalide(f"Unités d'œuvre : {exc.message}", champ="unites") from exc
        if valeur < 0:
            raise ImmobilisationInvalide(
                f"Unités d'œuvre : {valeur} est négatif ; saisissez les unités consommées chaque exercice.",
                champ="unites",
            )
        lues.append(valeur)
    total = sum(lues, Decimal(0))
    if not lues or total <= 0:
        raise ImmobilisationInvalide(
            "Unités d'œuvre : donnez les unités prévues pour chaque exercice (au moins une, total positif), "
            "par exemple unites=[12000, 30000, 30000, 18000] kilomètres.",
            champ="unites",
        )
    annee = annee_exercice(debut, fin_exercice)
    lignes, cumul = [], ZERO
    for rang, u in enumerate(lues):
        dernier = rang == len(lues) - 1
        annuite = (
            amortissable - cumul if dernier else min(arrondir(amortissable * u / total), amortissable - cumul)
        )
        lignes.append(_Ligne(annee + rang, amortissable, _taux(u / total), annuite))
        cumul += annuite
    return lignes, {"unites_totales": total}


def _tableau(
    lignes: Sequence[_Ligne], valeur_brute: Decimal, attrs: dict, depreciations: Sequence[Decimal] = ()
) -> pd.DataFrame:
    """Le plan en ``DataFrame`` : montants exacts (``decimal128``), un exercice par ligne.

    ``depreciations`` : dépréciation en compte à chaque clôture, déduite de la VNC (plan révisé).
    """
    import pandas as pd
    import pyarrow as pa

    from compta_kernel.etats import colonne_decimal

    cumuls, cumul = [], ZERO
    for ligne in lignes:
        cumul += ligne.annuite
        cumuls.append(cumul)
    df = pd.DataFrame(
        {
            "exercice": pd.array([ligne.exercice for ligne in lignes], dtype="int64"),
            "base": colonne_decimal([en_centimes(ligne.base) for ligne in lignes]),
            "taux": pd.array([ligne.taux for ligne in lignes], dtype=pd.ArrowDtype(pa.decimal128(12, 6))),
            "annuite": colonne_decimal([en_centimes(ligne.annuite) for ligne in lignes]),
            "cumul": colonne_decimal([en_centimes(c) for c in cumuls]),
            "vnc": colonne_decimal(
                [
                    en_centimes(valeur_brute - c - (depreciations[k] if depreciations else ZERO))
                    for k, c in enumerate(cumuls)
                ]
            ),
        }
    )
    df.attrs.update(attrs)
    df.attrs["total_annuites"] = cumul
    return df


def plan_amortissement(
    base: Decimal | int | str,
    date_debut: dt.date,
    duree_annees: int,
    mode: str = "lineaire",
    fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE,
    *,
    valeur_residuelle: Decimal | int | str = ZERO,
    convention: str | None = None,
    coefficient: Decimal | str | None = None,
    unites: Sequence[object] = (),
) -> pd.DataFrame:
    """Plan d'amortissement d'un bien : une ligne par exercice, du premier au dernier.

    Args:
        base: coût d'entrée (valeur brute) du bien, au centime.
        date_debut: point de départ. En linéaire et en unités d'œuvre, la date de
            **mise en service** (les jours se comptent à partir d'elle) ; en dégressif,
            la date d'**acquisition** (les mois se comptent à partir du premier jour de son mois).
        duree_annees: durée d'amortissement (linéaire) ou durée normale d'utilisation
            (dégressif), en années entières.
        mode: ``"lineaire"``, ``"degressif"`` ou ``"unites_oeuvre"``.
        fin_exercice: (jour, mois) de la clôture des exercices, (31, 12) par défaut.
        valeur_residuelle: valeur attendue en fin d'utilisation ; le plan amortit
            ``base - valeur_residuelle`` et la VNC finale lui est égale.
        convention: décompte des jours du linéaire (:data:`CONVENTIONS`) ; par défaut
            celle du cours, lue dans les règles datées (``"30/360"``).
        coefficient: coefficient dégressif imposé ; par défaut celui de l'article 39 A
            du CGI en vigueur à la date d'acquisition.
        unites: en unités d'œuvre, les unités consommées dans chaque exercice, du premier au dernier.

    Returns:
        Un ``DataFrame`` aux colonnes :data:`COLONNES_PLAN` : ``exercice`` (année de
        clôture), ``base`` (base amortissable ; en dégressif, valeur résiduelle à
        amortir à l'ouverture), ``taux`` (en fraction : 0,2 pour 20 %), ``annuite``,
        ``cumul`` et ``vnc`` (valeur nette comptable en fin d'exercice), montants
        ``Decimal`` exacts. ``df.attrs`` : ``mode``, ``date_debut``, ``duree``,
        ``valeur_residuelle``, ``convention`` (linéaire), ``coefficient``,
        ``taux_degressif`` et ``bascule`` (exercice du passage au linéaire) en dégressif.

    >>> plan = plan_amortissement("20 000", dt.date(2026, 9, 1), 5)
    >>> [str(a) for a in plan["annuite"]]
    ['1333.33', '4000.00', '4000.00', '4000.00', '4000.00', '2666.67']

    Raises:
        DureeInvalide, DegressifNonEligible, ModeInconnu, ImmobilisationInvalide: avec
            un message en français qui dit quoi corriger.
    """
    mode = _lire_mode(mode)
    valeur_brute = _lire_montant(base, "la base (coût d'entrée)")
    residuelle = _lire_montant(valeur_residuelle, "la valeur résiduelle", nul_permis=True)
    if residuelle >= valeur_brute:
        raise ImmobilisationInvalide(
            f"La valeur résiduelle ({_euros(residuelle)}) atteint le coût d'entrée ({_euros(valeur_brute)}) : il ne reste "
            "rien à amortir. Vérifiez les deux montants.",
            champ="valeur_residuelle",
        )
    debut = _lire_date(date_debut, "la date de début du plan")
    duree = _lire_duree(duree_annees)
    fin_exercice = _lire_fin_exercice(fin_exercice)
    amortissable = valeur_brute - residuelle
    attrs = {
        "mode": mode,
        "date_debut": debut,
        "duree": duree,
        "valeur_brute": valeur_brute,
        "valeur_residuelle": residuelle,
        "fin_exercice": fin_exercice,
    }
    if mode == "lineaire":
        convention = _lire_convention(convention or convention_par_defaut(debut))
        lignes, extra = _plan_lineaire(amortissable, debut, duree, fin_exercice, convention)
        attrs["convention"] = convention
    elif mode == "degressif":
        _verifier_eligibilite(duree, debut)
        if coefficient is None:
            coef = coefficient_degressif(duree, debut)
        else:
            coef = _lire_montant(coefficient, "le coefficient dégressif")
        lignes, extra = _plan_degressif(amortissable, debut, duree, fin_exercice, coef)
    elif mode == "unites_oeuvre":
        lignes, extra = _plan_unites(amortissable, debut, unites, fin_exercice)
    else:
        raise ImmobilisationInvalide(
            "Un bien non amortissable (terrain, fonds commercial...) n'a pas de plan d'amortissement.",
            champ="mode",
        )
    attrs.update(extra)
    return _tableau(lignes, valeur_brute, attrs)


def plan_derogatoire(plan_comptable: pd.DataFrame, plan_fiscal: pd.DataFrame) -> pd.DataFrame:
    """Amortissements dérogatoires : écart entre le plan fiscal et le plan économique, exercice par exercice.

    Le cumul dérogatoire d'un exercice est l'excédent du cumul fiscal sur le cumul
    économique (jamais négatif) ; sa hausse est une dotation (68725 au débit, 145 au
    crédit), sa baisse une reprise (145 au débit, 78725 au crédit).

    Returns:
        ``DataFrame`` : ``exercice``, ``amortissement_comptable``, ``amortissement_fiscal``,
        ``dotation``, ``reprise``, ``cumul`` (solde du 145 en fin d'exercice).

    >>> eco = plan_amortissement("10 000", dt.date(2026, 4, 15), 5)
    >>> fis = plan_amortissement("10 000", dt.date(2026, 4, 15), 5, mode="degressif")
    >>> d = plan_derogatoire(eco, fis)
    >>> [str(x) for x in d["dotation"]], [str(x) for x in d["reprise"]]
    (['1202.78', '581.25', '0.00', '0.00', '0.00', '0.00'], ['0.00', '0.00', '322.19', '442.03', '442.03', '577.78'])
    """
    import pandas as pd

    from compta_kernel.etats import colonne_decimal

    comptable = dict(zip(plan_comptable["exercice"], plan_comptable["annuite"], strict=True))
    fiscal = dict(zip(plan_fiscal["exercice"], plan_fiscal["annuite"], strict=True))
    annees = sorted(set(comptable) | set(fiscal))
    colonnes: dict[str, list[int]] = {
        k: [] for k in ("amortissement_comptable", "amortissement_fiscal", "dotation", "reprise", "cumul")
    }
    cumul_comptable = cumul_fiscal = precedent = ZERO
    for annee in annees:
        a_c, a_f = comptable.get(annee, ZERO), fiscal.get(annee, ZERO)
        cumul_comptable += a_c
        cumul_fiscal += a_f
        derogatoire = max(cumul_fiscal - cumul_comptable, ZERO)
        mouvement = derogatoire - precedent
        precedent = derogatoire
        for cle, valeur in (
            ("amortissement_comptable", a_c),
            ("amortissement_fiscal", a_f),
            ("dotation", max(mouvement, ZERO)),
            ("reprise", max(-mouvement, ZERO)),
            ("cumul", derogatoire),
        ):
            colonnes[cle].append(en_centimes(valeur))
    df = pd.DataFrame(
        {"exercice": pd.array([int(a) for a in annees], dtype="int64")}
        | {cle: colonne_decimal(valeurs) for cle, valeurs in colonnes.items()}
    )
    df.attrs["titre"] = "Amortissements dérogatoires"
    return df


def _complement_part(amortissable, debut, duree, mode, sortie, fin_exercice, convention) -> Decimal:
    """Complément de dotation d'un plan (linéaire ou dégressif) jusqu'à la date de sortie.

    Linéaire : jours de l'ouverture (ou de la mise en service) à la sortie comprise.
    Dégressif : mois entiers écoulés avant le mois de la sortie.
    """
    annee = annee_exercice(sortie, fin_exercice)
    if sortie < debut:
        return ZERO
    plan = plan_amortissement(amortissable, debut, duree, mode, fin_exercice, convention=convention)
    annuites = dict(zip(plan["exercice"], plan["annuite"], strict=True))
    if annee not in annuites:
        return ZERO
    reste = amortissable - sum((a for e, a in annuites.items() if e < annee), ZERO)
    ouverture, cloture = exercice(annee, fin_exercice)
    if mode == "degressif":
        depart = max(ouverture, debut.replace(day=1))
        mois = _mois_entiers(depart, sortie) - 1  # le mois de la sortie ne compte pas
        return min(arrondir(annuites[annee] * mois / _mois_entiers(depart, cloture)), reste)
    convention = plan.attrs["convention"]
    fin_amortissement = plan.attrs["fin_amortissement"]
    depart = max(ouverture, debut)
    jours = _jours_periode(depart, min(sortie, fin_amortissement), convention, premier=depart == debut)
    pleine = amortissable / duree
    return min(arrondir(pleine * jours / _jours_exercice(ouverture, cloture, convention)), reste)


# ---------------------------------------------------------------------- comptes
def compte_amortissement(compte: str) -> str:
    """Compte d'amortissement (28) d'un compte d'immobilisation : 2154 → 28154, 205 → 2805."""
    return "28" + normaliser_compte(compte)[1:]


def compte_depreciation(compte: str) -> str:
    """Compte de dépréciation (29) d'un compte d'immobilisation : 2154 → 29154."""
    return "29" + normaliser_compte(compte)[1:]


def _est_incorporelle(compte: str) -> bool:
    return normaliser_compte(compte).startswith("20")


def compte_dotation(compte: str) -> str:
    """Dotation aux amortissements (exploitation) : 68111 (incorporelles) ou 68112 (corporelles)."""
    return "68111" if _est_incorporelle(compte) else "68112"


def _compte_dotation_depreciation(compte: str) -> str:
    return "68161" if _est_incorporelle(compte) else "68162"


def _compte_reprise_depreciation(compte: str) -> str:
    return "78161" if _est_incorporelle(compte) else "78162"


# ---------------------------------------------------------------------- fichier des immobilisations
@dataclass(frozen=True, slots=True)
class Mouvement:
    """Un événement de l'historique d'une immobilisation.

    Attributes:
        date: date de l'événement.
        nature: une de :data:`NATURES` (acquisition, dépréciation, reprise, cession, mise au rebut).
        montant: coût d'entrée, dépréciation, reprise ou prix de cession hors taxes.
        libelle: précision libre (facture, motif de la dépréciation...).
    """

    date: dt.date
    nature: str
    montant: Decimal = ZERO
    libelle: str = ""

    def __post_init__(self) -> None:
        assert self.nature in NATURES, f"nature inconnue : {self.nature}"


@dataclass(frozen=True, slots=True)
class Composant:
    """Un composant d'une immobilisation décomposée (PCG, art. 214-9) : amorti sur sa propre durée.

    Attributes:
        libelle: ce qu'est le composant (« toiture », « moteur »).
        cout: part du coût d'entrée qui lui revient.
        duree: sa durée d'utilisation, en années.
    """

    libelle: str
    cout: Decimal
    duree: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "cout", _lire_montant(self.cout, f"le coût du composant « {self.libelle} »"))
        object.__setattr__(self, "duree", _lire_duree(self.duree))


@dataclass(frozen=True, slots=True)
class SortieImmobilisation:
    """Les chiffres d'une cession ou d'une mise au rebut à sa date.

    Attributes:
        date, prix: date de sortie et prix de cession hors taxes (zéro pour une mise au rebut).
        valeur_brute: coût d'entrée sorti de l'actif.
        complement: dotation de l'exercice de sortie, du début de l'exercice à la date de sortie.
        amortissements: cumul des amortissements à la date de sortie, complément compris.
        depreciation: dépréciation restante, reprise à la sortie.
        valeur_comptable: valeur comptable de l'élément cédé (657) : brut moins amortissements.
        vnc: valeur nette comptable : brut moins amortissements et dépréciations.
        resultat: prix moins VNC : plus-value si positif, moins-value si négatif.
        derogatoire_exercice, derogatoire_repris: mouvement dérogatoire de l'exercice de
            sortie (positif : dotation) et solde du 145 repris à la sortie.
    """

    date: dt.date
    prix: Decimal
    valeur_brute: Decimal
    complement: Decimal
    amortissements: Decimal
    depreciation: Decimal
    valeur_comptable: Decimal
    vnc: Decimal
    resultat: Decimal
    derogatoire_exercice: Decimal = ZERO
    derogatoire_repris: Decimal = ZERO

    @property
    def plus_value(self) -> bool:
        """Vrai si la cession dégage une plus-value (résultat positif)."""
        return self.resultat > 0


@dataclass(frozen=True, slots=True)
class Immobilisation:
    """Une fiche du fichier des immobilisations.

    Args:
        code: identifiant court et unique dans le fichier (« MAT01 »), repris dans les
            pièces des écritures pour que le contrôle retrouve le bien.
        libelle: désignation du bien.
        compte: compte d'immobilisation du PCG (20 incorporelles, 21 corporelles : 2154, 2183...).
        cout: coût d'entrée (valeur brute) hors taxes récupérables.
        date_acquisition: date d'acquisition (point de départ du dégressif).
        date_mise_en_service: point de départ du linéaire (par défaut la date d'acquisition).
        mode: mode économique (:data:`MODES`), ``"lineaire"`` par défaut.
        duree: durée d'amortissement en années.
        valeur_residuelle: valeur attendue en fin d'utilisation (zéro le plus souvent).
        mode_fiscal: ``"degressif"`` si le plan fiscal diffère du plan économique
            (l'écart est en amortissements dérogatoires) ; ``None`` sinon.
        unites: unités d'œuvre par exercice (mode ``"unites_oeuvre"``).
        composants: composants amortis séparément ; la structure (le reste du coût) suit ``duree``.
        historique: les événements ; l'acquisition y est ajoutée en tête si elle manque.

    Raises:
        DatesIncoherentes: mise en service avant l'acquisition.
        DureeInvalide, DegressifNonEligible, ModeInconnu, ImmobilisationInvalide: données incohérentes.
    """

    code: str
    libelle: str
    compte: str
    cout: Decimal
    date_acquisition: dt.date
    date_mise_en_service: dt.date | None = None
    mode: str = "lineaire"
    duree: int = 5
    valeur_residuelle: Decimal = ZERO
    mode_fiscal: str | None = None
    unites: tuple = ()
    composants: tuple[Composant, ...] = ()
    historique: tuple[Mouvement, ...] = field(default=())

    def __post_init__(self) -> None:
        code = normaliser_compte(self.code)
        if not code:
            raise ImmobilisationInvalide("Le code de l'immobilisation est vide (par exemple « MAT01 »).")
        compte = normaliser_compte(self.compte)
        if not re.fullmatch(r"2[01][0-9]*", compte):
            raise ImmobilisationInvalide(
                f"Le compte « {self.compte} » n'est pas un compte d'immobilisation incorporelle (20) ou "
                "corporelle (21) : par exemple 2154 (matériel industriel), 2183 (matériel informatique), "
                "205 (logiciels).",
                champ="compte",
            )
        pcg.compte(compte)
        cout = _lire_montant(self.cout, f"le coût d'entrée de {code}")
        acquisition = _lire_date(self.date_acquisition, "la date d'acquisition")
        service = (
            acquisition
            if self.date_mise_en_service is None
            else _lire_date(self.date_mise_en_service, "la date de mise en service")
        )
        if service < acquisition:
            raise DatesIncoherentes(
                f"{code} : la mise en service ({_format_date(service)}) précède l'acquisition "
                f"({_format_date(acquisition)}). Un bien est mis en service le jour de son acquisition "
                "ou après : vérifiez les deux dates.",
                champ="date_mise_en_service",
            )
        mode = _lire_mode(self.mode)
        duree = _lire_duree(self.duree) if mode != "non_amortissable" else 0
        composants = tuple(self.composants)
        if composants and sum((c.cout for c in composants), ZERO) >= cout:
            raise ImmobilisationInvalide(
                f"{code} : les composants coûtent {_euros(sum((c.cout for c in composants), ZERO))}, autant ou plus "
                f"que le bien entier ({_euros(cout)}) ; la structure doit garder une part du coût.",
                champ="composants",
            )
        if self.mode_fiscal is not None:
            if _lire_mode(self.mode_fiscal) != "degressif":
                raise ModeInconnu(
                    f"{code} : seul le dégressif fiscal donne lieu à des amortissements dérogatoires "
                    'dans ce cours (mode_fiscal="degressif").',
                    champ="mode_fiscal",
                )
            if composants:
                raise ImmobilisationInvalide(
                    f"{code} : un plan fiscal dégressif sur un bien décomposé n'est pas traité par le cours.",
                    champ="mode_fiscal",
                )
            coefficient_degressif(duree, acquisition)
        historique = tuple(self.historique)
        if not historique or historique[0].nature != "acquisition":
            historique = (Mouvement(acquisition, "acquisition", cout, "Acquisition"), *historique)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "compte", compte)
        object.__setattr__(self, "cout", cout)
        object.__setattr__(self, "date_acquisition", acquisition)
        object.__setattr__(self, "date_mise_en_service", service)
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "duree", duree)
        object.__setattr__(
            self,
            "valeur_residuelle",
            _lire_montant(self.valeur_residuelle, "la valeur résiduelle", nul_permis=True),
        )
        object.__setattr__(self, "unites", tuple(self.unites))
        object.__setattr__(self, "composants", composants)
        object.__setattr__(self, "historique", historique)
        if mode != "non_amortissable":
            self.plan()  # vérifie tout de suite les données du plan (dégressif éligible, unités...)

    # -------------------------------------------------------------- comptes
    @property
    def compte_amortissement(self) -> str:
        """Compte 28 du bien (2154 → 28154)."""
        return compte_amortissement(self.compte)

    @property
    def compte_depreciation(self) -> str:
        """Compte 29 du bien (2154 → 29154)."""
        return compte_depreciation(self.compte)

    @property
    def compte_dotation(self) -> str:
        """Compte de dotation aux amortissements : 68111 ou 68112."""
        return compte_dotation(self.compte)

    # -------------------------------------------------------------- plans
    def plan(
        self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE, *, convention: str | None = None
    ) -> pd.DataFrame:
        """Plan d'amortissement économique, **révisé** après chaque dépréciation ou reprise, sans tenir
        compte d'une sortie.

        Méthode prospective (PCG, art. 214-17 ; changement d'estimation) : les annuités des exercices
        clos ne changent pas. À partir de l'exercice qui suit une dépréciation (ou une reprise), la
        base amortissable devient la valeur nette comptable dépréciée à la clôture, moins la valeur
        résiduelle, répartie selon le même mode sur la durée qui reste : en linéaire, au prorata
        des jours restants jusqu'à la fin du plan initial (même convention de décompte) ; en
        dégressif, taux dégressif sur la nouvelle valeur, puis linéaire sur les années restantes ;
        en unités d'œuvre, au prorata des unités restantes. La dernière annuité est le reste exact.

        La colonne ``vnc`` est alors nette des dépréciations en compte à chaque clôture ;
        ``df.attrs["revisions"]`` liste les révisions (``exercice`` de la dépréciation, nouvelle
        ``base``, ``jours_restants`` en linéaire). Sans dépréciation, c'est :meth:`plan_initial`.

        >>> m = Immobilisation("MAT01", "Machine", "2154", "50 000", dt.date(2022, 1, 1), duree=5)
        >>> m = m.deprecier(dt.date(2024, 12, 31), "5 000")
        >>> [str(a) for a in m.plan()["annuite"]], [str(v) for v in m.plan()["vnc"]]
        (['10000.00', '10000.00', '10000.00', '7500.00', '7500.00'], ['40000.00', '30000.00', '15000.00', '7500.00', '0.00'])
        """
        initial = self.plan_initial(fin_exercice, convention=convention)
        evenements = sorted(
            {
                annee_exercice(m.date, fin_exercice)
                for m in self.historique
                if m.nature in ("depreciation", "reprise_depreciation")
            }
        )
        if not evenements or self.mode == "non_amortissable" or self.composants:
            return initial
        return self._plan_revise(initial, evenements, fin_exercice)

    def _plan_revise(self, initial: pd.DataFrame, evenements: Sequence[int], fin_exercice) -> pd.DataFrame:
        lignes = [
            _Ligne(int(e), b, t, a)
            for e, b, t, a in zip(
                initial["exercice"], initial["base"], initial["taux"], initial["annuite"], strict=True
            )
        ]
        revisions = []
        for annee in evenements:
            suivants = [k for k, ligne in enumerate(lignes) if ligne.exercice > annee]
            if not suivants:
                continue
            cloture = date_cloture(annee, fin_exercice)
            cumul = sum((ligne.annuite for ligne in lignes if ligne.exercice <= annee), ZERO)
            base = max(self.cout - cumul - self.depreciation_au(cloture) - self.valeur_residuelle, ZERO)
            annuites, revision = self._annuites_revisees(
                base, cloture, [lignes[k].exercice for k in suivants], initial.attrs, fin_exercice
            )
            for k, (taux, annuite) in zip(suivants, annuites, strict=True):
                lignes[k] = _Ligne(lignes[k].exercice, base, taux, annuite)
            revisions.append({"exercice": annee, "base": base, **revision})
        depreciations = [self.depreciation_au(date_cloture(ligne.exercice, fin_exercice)) for ligne in lignes]
        attrs = dict(initial.attrs)
        attrs.pop("total_annuites", None)
        attrs["revisions"] = revisions
        return _tableau(lignes, self.cout, attrs, depreciations)

    def _annuites_revisees(
        self, base: Decimal, cloture: dt.date, exercices: Sequence[int], attrs: dict, fin_exercice
    ) -> tuple[list[tuple[Decimal | None, Decimal]], dict]:
        """(taux, annuité) des ``exercices`` qui suivent une révision de la base à la ``cloture``."""
        resultat: list[tuple[Decimal | None, Decimal]] = []
        reste = base
        if self.mode == "lineaire":
            convention, fin = attrs["convention"], attrs["fin_amortissement"]
            total = _jours_periode(cloture + dt.timedelta(days=1), fin, convention, premier=False)
            for rang, annee in enumerate(exercices):
                ouverture, cloture_e = exercice(annee, fin_exercice)
                jours = _jours_periode(ouverture, min(cloture_e, fin), convention, premier=False)
                annuite = reste if rang == len(exercices) - 1 else min(arrondir(base * jours / total), reste)
                taux = _taux(Decimal(_jours_exercice(ouverture, cloture_e, convention)) / total)
                resultat.append((taux, annuite))
                reste -= annuite
            return resultat, {"jours_restants": total}
        if self.mode == "degressif":
            taux_degressif = Decimal(attrs["taux_degressif"])
            annuite_lineaire = None
            for rang, _annee in enumerate(exercices):
                restant = len(exercices) - rang
                if annuite_lineaire is None and reste / restant < reste * taux_degressif:
                    annuite, taux = arrondir(reste * taux_degressif), taux_degressif
                else:
                    if annuite_lineaire is None:
                        annuite_lineaire = arrondir(reste / restant)
                    annuite, taux = annuite_lineaire, Decimal(1) / restant
                annuite = reste if rang == len(exercices) - 1 else min(annuite, reste)
                resultat.append((_taux(taux), annuite))
                reste -= annuite
            return resultat, {}
        premier = annee_exercice(attrs["date_debut"], fin_exercice)
        unites = [
            montant(self.unites[a - premier]) if 0 <= a - premier < len(self.unites) else Decimal(0)
            for a in exercices
        ]
        total_unites = sum(unites, Decimal(0))
        for rang, u in enumerate(unites):
            part = u / total_unites if total_unites else Decimal(0)
            annuite = reste if rang == len(unites) - 1 else min(arrondir(base * part), reste)
            resultat.append((_taux(part), annuite))
            reste -= annuite
        return resultat, {"unites_restantes": total_unites}

    def plan_initial(
        self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE, *, convention: str | None = None
    ) -> pd.DataFrame:
        """Plan d'amortissement économique d'origine (composants compris), sans dépréciation ni sortie."""
        if self.mode == "non_amortissable":
            return _tableau([], self.cout, {"mode": self.mode})
        debut = self.date_acquisition if self.mode == "degressif" else self.date_mise_en_service
        if not self.composants:
            return plan_amortissement(
                self.cout,
                debut,
                self.duree,
                self.mode,
                fin_exercice,
                valeur_residuelle=self.valeur_residuelle,
                convention=convention,
                unites=self.unites,
            )
        structure = self.cout - sum((c.cout for c in self.composants), ZERO)
        plans = [
            plan_amortissement(
                structure,
                debut,
                self.duree,
                self.mode,
                fin_exercice,
                valeur_residuelle=self.valeur_residuelle,
                convention=convention,
                unites=self.unites,
            )
        ] + [
            plan_amortissement(c.cout, debut, c.duree, "lineaire", fin_exercice, convention=convention)
            for c in self.composants
        ]
        annuites: dict[int, Decimal] = {}
        for p in plans:
            for annee, annuite in zip(p["exercice"], p["annuite"], strict=True):
                annuites[int(annee)] = annuites.get(int(annee), ZERO) + annuite
        amortissable = self.cout - self.valeur_residuelle
        lignes = [_Ligne(a, amortissable, None, annuites[a]) for a in sorted(annuites)]
        return _tableau(lignes, self.cout, {"mode": self.mode, "composants": len(self.composants)})

    def plan_fiscal(self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> pd.DataFrame | None:
        """Plan fiscal dégressif (si ``mode_fiscal``), sinon ``None``."""
        if self.mode_fiscal is None:
            return None
        return plan_amortissement(self.cout, self.date_acquisition, self.duree, "degressif", fin_exercice)

    def plan_derogatoire(self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> pd.DataFrame | None:
        """Amortissements dérogatoires du bien (:func:`plan_derogatoire`), sans tenir compte d'une sortie."""
        fiscal = self.plan_fiscal(fin_exercice)
        return None if fiscal is None else plan_derogatoire(self.plan(fin_exercice), fiscal)

    # -------------------------------------------------------------- historique
    @property
    def sortie(self) -> Mouvement | None:
        """La cession ou la mise au rebut du bien, s'il est sorti du patrimoine."""
        return next((m for m in self.historique if m.nature in ("cession", "mise_au_rebut")), None)

    def present_au(self, jour: dt.date) -> bool:
        """Vrai si le bien est à l'actif le ``jour`` (acquis, pas encore sorti)."""
        sortie = self.sortie
        return self.date_acquisition <= jour and (sortie is None or jour < sortie.date)

    def depreciation_au(self, jour: dt.date) -> Decimal:
        """Dépréciation en compte (29) le ``jour`` : dotations moins reprises jusqu'à ce jour inclus."""
        total = ZERO
        for m in self.historique:
            if m.date <= jour and m.nature == "depreciation":
                total += m.montant
            elif m.date <= jour and m.nature == "reprise_depreciation":
                total -= m.montant
        sortie = self.sortie
        return ZERO if sortie is not None and sortie.date <= jour else total

    def _ajouter(self, mouvement: Mouvement) -> Immobilisation:
        if mouvement.date < self.date_acquisition:
            erreur = (
                CessionInvalide if mouvement.nature in ("cession", "mise_au_rebut") else DatesIncoherentes
            )
            raise erreur(
                f"{self.code} : {mouvement.nature.replace('_', ' ')} du {_format_date(mouvement.date)}, avant "
                f"l'acquisition du {_format_date(self.date_acquisition)}. Vérifiez la date.",
                champ="date",
            )
        sortie = self.sortie
        if sortie is not None:
            raise CessionInvalide(
                f"{self.code} est sorti du patrimoine le {_format_date(sortie.date)} "
                f"({sortie.nature.replace('_', ' ')}) : plus aucun mouvement n'est possible.",
                champ="date",
            )
        return replace(self, historique=(*self.historique, mouvement))

    def deprecier(
        self, date: dt.date, montant_depreciation: Decimal | str, motif: str = ""
    ) -> Immobilisation:
        """Le bien avec une dépréciation de plus (68161/68162 au débit, 29 au crédit), à la date d'un inventaire.

        Le plan d'amortissement est révisé de façon prospective à partir de l'exercice suivant
        (:meth:`plan`, PCG art. 214-17) : la VNC dépréciée est répartie sur la durée restante.

        Raises:
            DatesIncoherentes: dépréciation avant l'acquisition ; ImmobilisationInvalide : montant
                négatif, supérieur à la valeur nette comptable, ou bien décomposé (la dépréciation
                se répartit alors entre composants, ce que le cours ne traite pas).
        """
        date = _lire_date(date, "la date de la dépréciation")
        valeur = _lire_montant(montant_depreciation, "la dépréciation")
        if self.composants:
            raise ImmobilisationInvalide(
                f"{self.code} est décomposé : une dépréciation se répartit entre la structure et ses "
                "composants, ce que le cours ne traite pas. Dépréciez un bien non décomposé.",
                champ="composants",
            )
        vnc = self.cout - self.amortissements_au(date) - self.depreciation_au(date)
        if valeur > vnc:
            raise ImmobilisationInvalide(
                f"{self.code} : la dépréciation ({_euros(valeur)}) dépasse la valeur nette comptable ({_euros(vnc)}) au "
                f"{_format_date(date)}.",
                champ="montant",
            )
        return self._ajouter(Mouvement(date, "depreciation", valeur, motif))

    def reprendre_depreciation(
        self, date: dt.date, montant_reprise: Decimal | str, motif: str = ""
    ) -> Immobilisation:
        """Le bien avec une reprise de dépréciation (29 au débit, 78161/78162 au crédit).

        Après la reprise, la VNC ne peut dépasser celle qu'aurait donnée le plan d'origine sans
        dépréciation (« la reprise ne peut pas amener la VNC au-delà du plan d'amortissement
        initial » : apprendre-la-gestion.com, chap. « Les reprises sur dépréciations ») ; le plan
        est de nouveau révisé à partir de l'exercice suivant.

        Raises:
            ImmobilisationInvalide: reprise supérieure à la dépréciation en compte, ou qui porterait
                la VNC au-dessus de celle du plan d'origine.
        """
        date = _lire_date(date, "la date de la reprise")
        valeur = _lire_montant(montant_reprise, "la reprise")
        en_compte = self.depreciation_au(date)
        if valeur > en_compte:
            raise ImmobilisationInvalide(
                f"{self.code} : reprise de {_euros(valeur)} pour une dépréciation en compte de {_euros(en_compte)}.",
                champ="montant",
            )
        if self.mode != "non_amortissable":
            initial = self.plan_initial()
            sans_depreciation = self.cout - sum(
                (
                    a
                    for e, a in zip(initial["exercice"], initial["annuite"], strict=True)
                    if date_cloture(e) <= date
                ),
                ZERO,
            )
            apres = self.cout - self.amortissements_au(date) - (en_compte - valeur)
            if apres > sans_depreciation:
                maximum = valeur - (apres - sans_depreciation)
                raise ImmobilisationInvalide(
                    f"{self.code} : après une reprise de {_euros(valeur)}, la valeur nette comptable "
                    f"({_euros(apres)}) dépasserait celle du plan d'origine sans dépréciation "
                    f"({_euros(sans_depreciation)}) au {_format_date(date)} : la reprise est limitée à "
                    f"{_euros(maximum)}.",
                    champ="montant",
                )
        return self._ajouter(Mouvement(date, "reprise_depreciation", valeur, motif))

    def ceder(self, date: dt.date, prix: Decimal | str) -> Immobilisation:
        """Le bien sorti du patrimoine par cession au ``prix`` hors taxes.

        Raises:
            CessionInvalide: cession avant l'acquisition, bien déjà sorti, prix négatif.
        """
        date = _lire_date(date, "la date de cession")
        try:
            valeur = _lire_montant(prix, "le prix de cession", nul_permis=True)
        except ImmobilisationInvalide as exc:
            raise CessionInvalide(exc.message, champ="prix") from exc
        return self._ajouter(Mouvement(date, "cession", valeur, "Cession"))

    def mettre_au_rebut(self, date: dt.date) -> Immobilisation:
        """Le bien sorti du patrimoine sans prix (mise au rebut, destruction)."""
        date = _lire_date(date, "la date de mise au rebut")
        return self._ajouter(Mouvement(date, "mise_au_rebut", ZERO, "Mise au rebut"))

    # -------------------------------------------------------------- amortissements pratiqués
    def _complement(self, sortie: dt.date, fin_exercice, convention) -> Decimal:
        """Dotation de l'exercice de sortie, de son ouverture (ou du début du plan) à la date de sortie."""
        plan = self.plan(fin_exercice, convention=convention)
        annee = annee_exercice(sortie, fin_exercice)
        annuites = dict(zip(plan["exercice"], plan["annuite"], strict=True))
        if self.mode == "unites_oeuvre":
            return annuites.get(annee, ZERO)
        revisions = [r for r in plan.attrs.get("revisions", ()) if r["exercice"] < annee]
        if revisions:
            if annee not in annuites:
                return ZERO
            reste = sum((a for e, a in annuites.items() if e >= annee), ZERO)
            ouverture, cloture = exercice(annee, fin_exercice)
            if self.mode == "degressif":
                mois = _mois_entiers(ouverture, sortie) - 1  # le mois de la sortie ne compte pas
                return min(arrondir(annuites[annee] * mois / _mois_entiers(ouverture, cloture)), reste)
            fin = plan.attrs["fin_amortissement"]
            jours = _jours_periode(ouverture, min(sortie, fin), plan.attrs["convention"], premier=False)
            return min(arrondir(revisions[-1]["base"] * jours / revisions[-1]["jours_restants"]), reste)
        parts = [(self.cout - sum((c.cout for c in self.composants), ZERO), self.duree, self.mode)]
        parts += [(c.cout, c.duree, "lineaire") for c in self.composants]
        return sum(
            (
                _complement_part(
                    cout if k else cout - self.valeur_residuelle,
                    self.date_acquisition if mode == "degressif" else self.date_mise_en_service,
                    duree,
                    mode,
                    sortie,
                    fin_exercice,
                    convention,
                )
                for k, (cout, duree, mode) in enumerate(parts)
            ),
            ZERO,
        )

    def dotations(
        self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE, *, convention: str | None = None
    ) -> dict[int, Decimal]:
        """Dotations pratiquées, par exercice : le plan, arrêté au complément de l'exercice de sortie."""
        if self.mode == "non_amortissable":
            return {}
        plan = self.plan(fin_exercice, convention=convention)
        dotations = {int(e): a for e, a in zip(plan["exercice"], plan["annuite"], strict=True)}
        sortie = self.sortie
        if sortie is None:
            return dotations
        annee = annee_exercice(sortie.date, fin_exercice)
        resultat = {e: a for e, a in dotations.items() if e < annee}
        resultat[annee] = self._complement(sortie.date, fin_exercice, convention)
        return resultat

    def amortissements_au(
        self,
        jour: dt.date,
        fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE,
        *,
        convention: str | None = None,
    ) -> Decimal:
        """Cumul des amortissements pratiqués au ``jour`` : dotations des exercices clos à cette date,
        plus le complément si le bien est sorti ce jour-là ou avant."""
        dotations = self.dotations(fin_exercice, convention=convention)
        cumul = sum((a for e, a in dotations.items() if date_cloture(e, fin_exercice) <= jour), ZERO)
        sortie = self.sortie
        if sortie is not None and sortie.date <= jour:
            annee = annee_exercice(sortie.date, fin_exercice)
            if date_cloture(annee, fin_exercice) > jour:
                cumul += dotations.get(annee, ZERO)
        return cumul

    def dotations_fiscales(self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE) -> dict[int, Decimal]:
        """Annuités du plan fiscal dégressif (``mode_fiscal``) par exercice, arrêtées à la sortie du bien.

        L'annuité de l'exercice de cession (ou de mise au rebut) suit la règle datée
        ``immobilisations.degressif.annuite_exercice_cession`` (:func:`annuite_degressive_exercice_cession`) :
        ``"nulle"`` (doctrine fiscale : pas d'annuité dégressive l'année de la cession) ou
        ``"prorata_mois"`` (mois entiers écoulés avant le mois de la sortie). Vide sans plan fiscal.
        """
        fiscal_plan = self.plan_fiscal(fin_exercice)
        if fiscal_plan is None:
            return {}
        sortie = self.sortie
        if sortie is None:
            return {int(e): a for e, a in zip(fiscal_plan["exercice"], fiscal_plan["annuite"], strict=True)}
        dotations = replace(self, mode="degressif", mode_fiscal=None, historique=(self.historique[0], sortie))
        fiscal = dotations.dotations(fin_exercice)
        annee = annee_exercice(sortie.date, fin_exercice)
        if annee in fiscal and annuite_degressive_exercice_cession(sortie.date) == "nulle":
            fiscal[annee] = ZERO
        return fiscal

    def derogatoires(
        self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE, *, convention: str | None = None
    ) -> dict[int, Decimal]:
        """Mouvements dérogatoires par exercice (positif : dotation, négatif : reprise), sortie comprise."""
        fiscal_plan = self.plan_fiscal(fin_exercice)
        if fiscal_plan is None:
            return {}
        comptable = self.dotations(fin_exercice, convention=convention)
        fiscal = self.dotations_fiscales(fin_exercice)
        sortie = self.sortie
        limite = annee_exercice(sortie.date, fin_exercice) if sortie else None
        mouvements, cumul_c, cumul_f, precedent = {}, ZERO, ZERO, ZERO
        for annee in sorted(set(comptable) | set(fiscal)):
            cumul_c += comptable.get(annee, ZERO)
            cumul_f += fiscal.get(annee, ZERO)
            derogatoire = max(cumul_f - cumul_c, ZERO)
            mouvements[annee] = derogatoire - precedent
            precedent = derogatoire
            if annee == limite:
                break
        return mouvements

    def calcul_sortie(
        self, fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE, *, convention: str | None = None
    ) -> SortieImmobilisation:
        """Les chiffres de la sortie du bien (complément, cumul, valeur comptable, résultat).

        Raises:
            CessionInvalide: le bien n'est pas sorti du patrimoine.
        """
        sortie = self.sortie
        if sortie is None:
            raise CessionInvalide(f"{self.code} n'est pas sorti du patrimoine : cédez-le d'abord (ceder).")
        annee = annee_exercice(sortie.date, fin_exercice)
        complement = self.dotations(fin_exercice, convention=convention).get(annee, ZERO)
        amortissements = self.amortissements_au(sortie.date, fin_exercice, convention=convention)
        depreciation = self.depreciation_au(sortie.date - dt.timedelta(days=1))
        valeur_comptable = self.cout - amortissements
        vnc = valeur_comptable - depreciation
        mouvements = self.derogatoires(fin_exercice, convention=convention)
        return SortieImmobilisation(
            sortie.date,
            sortie.montant,
            self.cout,
            complement,
            amortissements,
            depreciation,
            valeur_comptable,
            vnc,
            sortie.montant - vnc,
            mouvements.get(annee, ZERO),
            sum(mouvements.values(), ZERO),
        )


def cession(
    immobilisation: Immobilisation,
    date: dt.date,
    prix: Decimal | int | str,
    *,
    fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE,
    taux_tva: Decimal | str = ZERO,
    convention: str | None = None,
    journal: str = "OD",
) -> tuple[Ecriture, ...]:
    """Écritures de la cession d'une immobilisation (ou de sa mise au rebut si ``prix`` est nul).

    Dans l'ordre, datées du jour de la sortie :

    1. complément de dotation, du début de l'exercice à la date de cession (68112 / 28) ;
    2. s'il y a un plan fiscal dégressif : dérogatoire de l'exercice jusqu'à la cession
       (68725 / 145 ou 145 / 78725), puis reprise du solde du 145 (145 / 78725) ;
    3. sortie de l'actif : amortissements (28) et dépréciation (29, reprise en 7816) soldés,
       valeur comptable de l'élément cédé en 657, valeur brute au crédit du compte 2 ;
    4. prix de cession (sauf mise au rebut) : créance 462 pour le TTC, 757 pour le HT,
       TVA collectée 44571 si ``taux_tva`` n'est pas nul.

    Le prorata du complément suit le plan : jours (linéaire), mois entiers écoulés avant
    le mois de la cession (dégressif), unités de l'exercice (unités d'œuvre).

    Args:
        immobilisation: le bien, à l'actif à cette date.
        date: date de la cession.
        prix: prix de cession hors taxes (zéro : mise au rebut).
        taux_tva: taux de TVA sur le prix (``regles.valeur("tva.taux.normal", date)`` pour un bien
            dont la TVA d'achat a été déduite), zéro par défaut.

    >>> machine = Immobilisation("MAT01", "Presse", "2154", "30 000", dt.date(2024, 1, 1), duree=5)
    >>> [[(l.compte, str(l.debit), str(l.credit)) for l in e.lignes]
    ...  for e in cession(machine, dt.date(2026, 6, 30), "15 000", taux_tva="0.20")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [[('68112', '3000.00', '0.00'), ('28154', '0.00', '3000.00')],
     [('28154', '15000.00', '0.00'), ('657', '15000.00', '0.00'), ('2154', '0.00', '30000.00')],
     [('462', '18000.00', '0.00'), ('757', '0.00', '15000.00'), ('44571', '0.00', '3000.00')]]

    Raises:
        CessionInvalide: cession avant l'acquisition, bien déjà sorti, prix négatif.
    """
    sorti = immobilisation.mettre_au_rebut(date) if montant(prix) == 0 else immobilisation.ceder(date, prix)
    chiffres = sorti.calcul_sortie(fin_exercice, convention=convention)
    taux = lire_taux(taux_tva, "taux_tva")
    i = sorti
    piece = f"CES-{i.code}"
    ecritures = []

    def ecriture(libelle: str, lignes: list[Ligne]) -> None:
        ecritures.append(
            Ecriture(journal, chiffres.date, piece, f"{libelle} {i.code} {i.libelle}", tuple(lignes))
        )

    if chiffres.complement:
        ecriture(
            "Complément de dotation",
            [
                Ligne(i.compte_dotation, debit=chiffres.complement),
                Ligne(i.compte_amortissement, credit=chiffres.complement),
            ],
        )
    mouvement = chiffres.derogatoire_exercice
    if mouvement:
        ecriture(
            "Amortissements dérogatoires de l'exercice de cession",
            [Ligne("68725", debit=mouvement), Ligne("145", credit=mouvement)]
            if mouvement > 0
            else [Ligne("145", debit=-mouvement), Ligne("78725", credit=-mouvement)],
        )
    if chiffres.derogatoire_repris:
        ecriture(
            "Reprise des amortissements dérogatoires",
            [
                Ligne("145", debit=chiffres.derogatoire_repris),
                Ligne("78725", credit=chiffres.derogatoire_repris),
            ],
        )
    lignes = []
    if chiffres.amortissements:
        lignes.append(Ligne(i.compte_amortissement, debit=chiffres.amortissements))
    if chiffres.depreciation:
        lignes.append(Ligne(i.compte_depreciation, debit=chiffres.depreciation))
    if chiffres.valeur_comptable:
        lignes.append(Ligne("657", debit=chiffres.valeur_comptable))
    lignes.append(Ligne(i.compte, credit=chiffres.valeur_brute))
    if chiffres.depreciation:
        lignes.append(Ligne(_compte_reprise_depreciation(i.compte), credit=chiffres.depreciation))
    ecriture("Sortie de l'actif", lignes)
    if chiffres.prix:
        tva = arrondir(chiffres.prix * taux)
        produit = [Ligne("462", debit=chiffres.prix + tva), Ligne("757", credit=chiffres.prix)]
        if tva:
            produit.append(Ligne("44571", credit=tva))
        ecriture("Cession", produit)
    return tuple(ecritures)


def calcul_cession(
    immobilisation: Immobilisation,
    date: dt.date,
    prix: Decimal | int | str,
    *,
    fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE,
    convention: str | None = None,
) -> SortieImmobilisation:
    """Les chiffres d'une cession : complément, amortissements, valeur comptable, plus ou moins-value.

    >>> machine = Immobilisation("MAT01", "Presse", "2154", "30 000", dt.date(2024, 1, 1), duree=5)
    >>> c = calcul_cession(machine, dt.date(2026, 6, 30), "15 000")
    >>> c.complement, c.amortissements, c.vnc, c.resultat
    (Decimal('3000.00'), Decimal('15000.00'), Decimal('15000.00'), Decimal('0.00'))
    """
    return immobilisation.ceder(date, prix).calcul_sortie(fin_exercice, convention=convention)


@dataclass(frozen=True)
class FichierImmobilisations:
    """Le fichier des immobilisations d'une entreprise : ses fiches et la date de clôture de ses exercices.

    >>> fichier = FichierImmobilisations((
    ...     Immobilisation("MAT01", "Presse", "2154", "30 000", dt.date(2024, 1, 1), duree=5),
    ...     Immobilisation("INF01", "Serveur", "2183", "4 800", dt.date(2026, 4, 1), duree=4),
    ... ))
    >>> t = fichier.tableau_amortissements(2026)
    >>> [str(x) for x in t["dotations"]], str(t.attrs["total_amortissements_cloture"])
    (['6000.00', '900.00'], '18900.00')
    """

    immobilisations: tuple[Immobilisation, ...] = ()
    fin_exercice: tuple[int, int] = FIN_ANNEE_CIVILE
    convention: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "immobilisations", tuple(self.immobilisations))
        object.__setattr__(self, "fin_exercice", _lire_fin_exercice(self.fin_exercice))
        codes = [i.code for i in self.immobilisations]
        doublons = sorted({c for c in codes if codes.count(c) > 1})
        if doublons:
            raise ImmobilisationInvalide(
                f"Code(s) en double dans le fichier des immobilisations : {', '.join(doublons)}. "
                "Chaque fiche a son propre code.",
                champ="code",
            )

    def __iter__(self) -> Iterator[Immobilisation]:
        return iter(self.immobilisations)

    def __len__(self) -> int:
        return len(self.immobilisations)

    def __getitem__(self, code: str) -> Immobilisation:
        code = normaliser_compte(code)
        for i in self.immobilisations:
            if i.code == code:
                return i
        raise ImmobilisationInconnue(
            f"Aucune immobilisation « {code} » dans le fichier (codes : "
            f"{', '.join(i.code for i in self.immobilisations) or 'aucun'})."
        )

    def ajouter(self, *immobilisations: Immobilisation) -> FichierImmobilisations:
        """Le fichier avec des fiches en plus."""
        return replace(self, immobilisations=(*self.immobilisations, *immobilisations))

    def remplacer(self, immobilisation: Immobilisation) -> FichierImmobilisations:
        """Le fichier où la fiche de même code est remplacée (après une cession, une dépréciation)."""
        self[immobilisation.code]
        return replace(
            self,
            immobilisations=tuple(
                immobilisation if i.code == immobilisation.code else i for i in self.immobilisations
            ),
        )

    def exercice(self, annee: int) -> tuple[dt.date, dt.date]:
        """Ouverture et clôture de l'exercice clos en ``annee``."""
        return exercice(annee, self.fin_exercice)

    def plan(self, code: str) -> pd.DataFrame:
        """Plan d'amortissement économique d'une fiche."""
        return self[code].plan(self.fin_exercice, convention=self.convention)

    def etat(self) -> pd.DataFrame:
        """Le fichier en tableau : une ligne par fiche (code, libellé, compte, coût, dates, plan, sortie)."""
        import pandas as pd

        from compta_kernel.etats import colonne_decimal

        fiches = self.immobilisations
        return pd.DataFrame(
            {
                "code": [i.code for i in fiches],
                "libelle": [i.libelle for i in fiches],
                "compte": [i.compte for i in fiches],
                "cout": colonne_decimal([en_centimes(i.cout) for i in fiches]),
                "date_acquisition": [i.date_acquisition for i in fiches],
                "date_mise_en_service": [i.date_mise_en_service for i in fiches],
                "mode": [_NOMS_MODES[i.mode] for i in fiches],
                "duree": [i.duree for i in fiches],
                "mode_fiscal": [_NOMS_MODES.get(i.mode_fiscal or "", "") for i in fiches],
                "sortie": [i.sortie.date if i.sortie else None for i in fiches],
            }
        )

    def historique(self) -> pd.DataFrame:
        """L'historique de toutes les fiches, par date : ``code``, ``date``, ``nature`` (acquisition,
        dépréciation, reprise de dépréciation, cession, mise au rebut), ``montant`` (coût d'entrée,
        dépréciation, reprise ou prix de cession HT) et ``libelle``."""
        import pandas as pd

        from compta_kernel.etats import colonne_decimal

        mouvements = sorted(
            ((m.date, i.code, m) for i in self.immobilisations for m in i.historique),
            key=lambda x: (x[0], x[1], NATURES.index(x[2].nature)),
        )
        return pd.DataFrame(
            {
                "code": [code for _, code, _ in mouvements],
                "date": [jour for jour, _, _ in mouvements],
                "nature": [m.nature for _, _, m in mouvements],
                "montant": colonne_decimal([en_centimes(m.montant) for _, _, m in mouvements]),
                "libelle": [m.libelle for _, _, m in mouvements],
            }
        )

    # -------------------------------------------------------------- tableaux de l'annexe
    def _par_compte(self, annee: int, colonnes: Sequence[str], valeurs, titre: str) -> pd.DataFrame:
        import pandas as pd

        from compta_kernel.etats import colonne_decimal

        debut, fin = self.exercice(annee)
        lignes: dict[str, list[Decimal]] = {}
        for i in self.immobilisations:
            if i.date_acquisition > fin or (i.sortie is not None and i.sortie.date < debut):
                continue
            v = valeurs(i, debut, fin)
            cumul = lignes.setdefault(i.compte, [ZERO] * len(colonnes))
            for k, x in enumerate(v):
                cumul[k] += x
        comptes = sorted(lignes)
        df = pd.DataFrame(
            {"compte": comptes, "libelle": [pcg.libelle(c) for c in comptes]}
            | {
                nom: colonne_decimal([en_centimes(lignes[c][k]) for c in comptes])
                for k, nom in enumerate(colonnes)
            }
        )
        totaux = {nom: sum((lignes[c][k] for c in comptes), ZERO) for k, nom in enumerate(colonnes)}
        df.attrs.update({f"total_{nom}": v for nom, v in totaux.items()})
        df.attrs["titre"] = titre
        df.attrs["exercice"] = annee
        premiere, hausse, baisse, derniere = colonnes
        df.attrs["concordance"] = (
            all(lignes[c][0] + lignes[c][1] - lignes[c][2] == lignes[c][3] for c in comptes)
            and totaux[premiere] + totaux[hausse] - totaux[baisse] == totaux[derniere]
        )
        return df

    def tableau_immobilisations(self, annee: int) -> pd.DataFrame:
        """Tableau des immobilisations de l'annexe, par compte : valeur brute à l'ouverture,
        augmentations (acquisitions), diminutions (sorties), valeur brute à la clôture.

        ``df.attrs`` : totaux par colonne (``total_...``) et ``concordance`` (ouverture +
        augmentations - diminutions = clôture, ligne par ligne et au total).
        """

        def valeurs(i: Immobilisation, debut, fin):
            ouverture = i.cout if i.date_acquisition < debut else ZERO
            augmentation = i.cout if debut <= i.date_acquisition <= fin else ZERO
            diminution = i.cout if i.sortie is not None and i.sortie.date <= fin else ZERO
            return ouverture, augmentation, diminution, ouverture + augmentation - diminution

        return self._par_compte(
            annee,
            ("valeur_brute_ouverture", "augmentations", "diminutions", "valeur_brute_cloture"),
            valeurs,
            "Tableau des immobilisations",
        )

    def tableau_amortissements(self, annee: int) -> pd.DataFrame:
        """Tableau des amortissements de l'annexe, par compte d'immobilisation : cumul à l'ouverture,
        dotations de l'exercice (compléments des biens sortis compris), diminutions (amortissements
        des biens sortis), cumul à la clôture."""
        fe, conv = self.fin_exercice, self.convention

        def valeurs(i: Immobilisation, debut, fin):
            ouverture = i.amortissements_au(debut - dt.timedelta(days=1), fe, convention=conv)
            dotation = i.dotations(fe, convention=conv).get(annee, ZERO)
            sorti = i.sortie is not None and i.sortie.date <= fin
            diminution = ouverture + dotation if sorti else ZERO
            return ouverture, dotation, diminution, ouverture + dotation - diminution

        return self._par_compte(
            annee,
            ("amortissements_ouverture", "dotations", "diminutions", "amortissements_cloture"),
            valeurs,
            "Tableau des amortissements",
        )

    def tableau_depreciations(self, annee: int) -> pd.DataFrame:
        """Tableau des dépréciations de l'annexe, par compte : à l'ouverture, dotations, reprises
        (reprises de l'exercice et dépréciations des biens sortis), à la clôture."""

        def valeurs(i: Immobilisation, debut, fin):
            ouverture = i.depreciation_au(debut - dt.timedelta(days=1))
            dotation = sum(
                (m.montant for m in i.historique if m.nature == "depreciation" and debut <= m.date <= fin),
                ZERO,
            )
            cloture = i.depreciation_au(fin)
            return ouverture, dotation, ouverture + dotation - cloture, cloture

        return self._par_compte(
            annee,
            ("depreciations_ouverture", "dotations", "reprises", "depreciations_cloture"),
            valeurs,
            "Tableau des dépréciations",
        )

    # -------------------------------------------------------------- écritures
    def ecritures_dotations(self, annee: int, *, journal: str = "OD") -> tuple[Ecriture, ...]:
        """Écritures d'inventaire de l'exercice, une par bien, datées de la clôture, au journal ``OD`` :
        dotation aux amortissements (68111/68112 au débit, 28 au crédit) et dérogatoire
        (68725 / 145, ou 145 / 78725 pour une reprise). La pièce (``DOT2026-MAT01``)
        porte le code du bien.

        Les biens sortis dans l'exercice n'y figurent pas : leur complément de dotation
        est une écriture de la cession (:func:`cession`). Les dépréciations de l'exercice
        sont dans :meth:`ecritures_depreciations`.
        """
        _, fin = self.exercice(annee)
        ecritures = []
        for i in self.immobilisations:
            if not i.present_au(fin):
                continue
            dotation = i.dotations(self.fin_exercice, convention=self.convention).get(annee, ZERO)
            derogatoire = i.derogatoires(self.fin_exercice, convention=self.convention).get(annee, ZERO)
            lignes = []
            if dotation:
                lignes += [
                    Ligne(i.compte_dotation, debit=dotation),
                    Ligne(i.compte_amortissement, credit=dotation),
                ]
            if derogatoire > 0:
                lignes += [Ligne("68725", debit=derogatoire), Ligne("145", credit=derogatoire)]
            elif derogatoire < 0:
                lignes += [Ligne("145", debit=-derogatoire), Ligne("78725", credit=-derogatoire)]
            if lignes:
                ecritures.append(
                    Ecriture(
                        journal,
                        fin,
                        f"DOT{annee}-{i.code}",
                        f"Dotation aux amortissements {annee} {i.code} {i.libelle}",
                        tuple(lignes),
                    )
                )
        return tuple(ecritures)

    def ecritures_depreciations(self, annee: int, *, journal: str = "OD") -> tuple[Ecriture, ...]:
        """Dépréciations (6816 / 29) et reprises (29 / 7816) de l'exercice, à leur date."""
        debut, fin = self.exercice(annee)
        ecritures = []
        for i in self.immobilisations:
            for m in i.historique:
                if not debut <= m.date <= fin or m.nature not in ("depreciation", "reprise_depreciation"):
                    continue
                if m.nature == "depreciation":
                    lignes = (
                        Ligne(_compte_dotation_depreciation(i.compte), debit=m.montant),
                        Ligne(i.compte_depreciation, credit=m.montant),
                    )
                    libelle = "Dépréciation"
                else:
                    lignes = (
                        Ligne(i.compte_depreciation, debit=m.montant),
                        Ligne(_compte_reprise_depreciation(i.compte), credit=m.montant),
                    )
                    libelle = "Reprise de dépréciation"
                ecritures.append(
                    Ecriture(
                        journal, m.date, f"DEP{annee}-{i.code}", f"{libelle} {i.code} {i.libelle}", lignes
                    )
                )
        return tuple(ecritures)

    # -------------------------------------------------------------- contrôle
    def controler(self, livre: Livre) -> pd.DataFrame:
        """Contrôle des amortissements du livre face aux plans du fichier.

        L'exercice est celui du livre. Sont comparés :

        - pour chaque bien, la dotation de l'exercice (crédits du compte 28 du bien dans
          les écritures dont la pièce ou le libellé porte son code, à-nouveaux exclus) à
          celle du plan (complément de sortie compris) ;
        - pour chaque compte 28, l'à-nouveau au cumul d'ouverture des plans (une différence
          vient d'un exercice antérieur) et le solde de clôture au cumul des plans ;
        - le total des comptes 6811 au total des dotations des plans ; les crédits d'un
          compte 28 sans code de bien sont signalés ;
        - pour chaque compte 29, le solde de clôture aux dépréciations du fichier, et le total
          des comptes 6816 aux dépréciations de l'exercice.

        Returns:
            Les écarts, un par ligne : ``controle``, ``compte``, ``immobilisation``,
            ``exercice`` (celui qui est en faute), ``attendu``, ``comptabilise``, ``ecart``
            et ``message``. Vide si tout concorde (``df.attrs["conforme"]``).
        """
        import pandas as pd

        from compta_kernel.etats import colonne_decimal
        from compta_kernel.montants import depuis_centimes
        from compta_kernel.presentation import format_montant

        fe = self.fin_exercice
        annee = annee_exercice(livre.fin, fe)
        if (livre.debut, livre.fin) != self.exercice(annee):
            debut, fin = self.exercice(annee)
            raise ImmobilisationInvalide(
                f"Le livre couvre du {_format_date(livre.debut)} au {_format_date(livre.fin)}, le fichier des "
                f"immobilisations compte en exercices de douze mois (ici du {_format_date(debut)} au "
                f"{_format_date(fin)}) : contrôlez le livre d'un exercice du fichier.",
                champ="fin_exercice",
            )
        debut, fin = livre.debut, livre.fin
        table = livre.table()
        comptes = table["compte"].astype(str)
        a_nouveau = (table["journal"] == "AN").to_numpy()
        textes = (table["piece"].astype(str) + " " + table["libelle"].astype(str)).str.upper()
        anomalies: list[dict] = []

        def signaler(controle, compte, code, exercice_fautif, attendu, comptabilise, message):
            anomalies.append(
                {
                    "controle": controle,
                    "compte": compte,
                    "immobilisation": code,
                    "exercice": exercice_fautif,
                    "attendu": attendu,
                    "comptabilise": comptabilise,
                    "message": message,
                }
            )

        rattaches = pd.Series(False, index=table.index)
        total_attendu = ZERO
        ouverture_attendue: dict[str, Decimal] = {}
        cloture_attendue: dict[str, Decimal] = {}
        for i in self.immobilisations:
            if i.mode == "non_amortissable" or i.date_acquisition > fin:
                continue
            if i.sortie is not None and i.sortie.date < debut:
                continue
            compte = i.compte_amortissement
            ouverture = i.amortissements_au(debut - dt.timedelta(days=1), fe, convention=self.convention)
            ouverture_attendue[compte] = ouverture_attendue.get(compte, ZERO) + ouverture
            if i.present_au(fin):
                cloture_attendue[compte] = cloture_attendue.get(compte, ZERO) + i.amortissements_au(
                    fin, fe, convention=self.convention
                )
            attendu = i.dotations(fe, convention=self.convention).get(annee, ZERO)
            total_attendu += attendu
            motif = re.compile(rf"(?<![A-Z0-9]){re.escape(i.code)}(?![A-Z0-9])")
            masque = (comptes == compte) & ~a_nouveau & textes.str.contains(motif) & (table["credit"] > 0)
            rattaches |= masque
            comptabilise = depuis_centimes(int(table.loc[masque, "credit"].sum()))
            if comptabilise != attendu:
                signaler(
                    "dotation",
                    compte,
                    i.code,
                    annee,
                    attendu,
                    comptabilise,
                    self._diagnostic(i, annee, attendu, comptabilise, format_montant),
                )
        for compte, attendu in sorted(ouverture_attendue.items()):
            masque = (comptes == compte) & a_nouveau
            if not masque.any() and not attendu:
                continue
            lu = depuis_centimes(int(table.loc[masque, "credit"].sum() - table.loc[masque, "debit"].sum()))
            if lu != attendu:
                signaler(
                    "à-nouveau",
                    compte,
                    "",
                    annee - 1,
                    attendu,
                    lu,
                    f"Compte {compte} : à-nouveau de {format_montant(lu)} pour un cumul des plans de "
                    f"{format_montant(attendu)} à l'ouverture ; l'erreur vient d'un exercice antérieur.",
                )
        orphelins = (comptes.str.startswith("28")) & ~a_nouveau & (table["credit"] > 0) & ~rattaches
        for compte, credit in table.loc[orphelins].groupby(comptes[orphelins])["credit"].sum().items():
            signaler(
                "dotation non rattachée",
                compte,
                "",
                annee,
                ZERO,
                depuis_centimes(int(credit)),
                f"Compte {compte} : {format_montant(depuis_centimes(int(credit)))} crédités sans code "
                "d'immobilisation dans la pièce ou le libellé : à quel bien cette dotation se rapporte-t-elle ?",
            )
        for compte in sorted(set(cloture_attendue) | set(comptes[comptes.str.startswith("28")])):
            masque = comptes == compte
            lu = depuis_centimes(int(table.loc[masque, "credit"].sum() - table.loc[masque, "debit"].sum()))
            attendu = cloture_attendue.get(compte, ZERO)
            if lu != attendu:
                signaler(
                    "solde",
                    compte,
                    "",
                    annee,
                    attendu,
                    lu,
                    f"Solde du compte {compte} : {format_montant(lu)} au lieu de {format_montant(attendu)} "
                    "(cumul des plans à la clôture).",
                )
        depreciations: dict[str, Decimal] = {}
        dotations_depreciation = ZERO
        for i in self.immobilisations:
            if i.present_au(fin) and i.depreciation_au(fin):
                depreciations[i.compte_depreciation] = depreciations.get(
                    i.compte_depreciation, ZERO
                ) + i.depreciation_au(fin)
            dotations_depreciation += sum(
                (m.montant for m in i.historique if m.nature == "depreciation" and debut <= m.date <= fin),
                ZERO,
            )
        for compte in sorted(set(depreciations) | set(comptes[comptes.str.startswith("29")])):
            masque = comptes == compte
            lu = depuis_centimes(int(table.loc[masque, "credit"].sum() - table.loc[masque, "debit"].sum()))
            attendu = depreciations.get(compte, ZERO)
            if lu != attendu:
                signaler(
                    "solde dépréciation",
                    compte,
                    "",
                    annee,
                    attendu,
                    lu,
                    f"Solde du compte {compte} : {format_montant(lu)} au lieu de {format_montant(attendu)} "
                    "(dépréciations du fichier des immobilisations à la clôture).",
                )
        masque = comptes.str.startswith("6816")
        lu = depuis_centimes(int(table.loc[masque, "debit"].sum() - table.loc[masque, "credit"].sum()))
        if lu != dotations_depreciation:
            signaler(
                "total 6816",
                "6816",
                "",
                annee,
                dotations_depreciation,
                lu,
                f"Total des dotations pour dépréciations des immobilisations (6816) : {format_montant(lu)} au "
                f"lieu de {format_montant(dotations_depreciation)}.",
            )
        masque = comptes.str.startswith("6811")
        lu = depuis_centimes(int(table.loc[masque, "debit"].sum() - table.loc[masque, "credit"].sum()))
        if lu != total_attendu:
            signaler(
                "total 6811",
                "6811",
                "",
                annee,
                total_attendu,
                lu,
                f"Total des dotations aux amortissements (6811) : {format_montant(lu)} au lieu de "
                f"{format_montant(total_attendu)}.",
            )
        df = pd.DataFrame(
            {
                "controle": [a["controle"] for a in anomalies],
                "compte": [a["compte"] for a in anomalies],
                "immobilisation": [a["immobilisation"] for a in anomalies],
                "exercice": pd.array([a["exercice"] for a in anomalies], dtype="int64"),
                "attendu": colonne_decimal([en_centimes(a["attendu"]) for a in anomalies]),
                "comptabilise": colonne_decimal([en_centimes(a["comptabilise"]) for a in anomalies]),
                "ecart": colonne_decimal([en_centimes(a["comptabilise"] - a["attendu"]) for a in anomalies]),
                "message": [a["message"] for a in anomalies],
            }
        )
        df.attrs["conforme"] = not anomalies
        df.attrs["titre"] = f"Contrôle des amortissements {annee}"
        return df

    def _diagnostic(self, i: Immobilisation, annee: int, attendu: Decimal, comptabilise: Decimal, fmt) -> str:
        """Ce qu'une dotation fausse laisse deviner de l'erreur commise."""
        debut = f"{i.code} ({i.libelle}), exercice {annee} : dotation de {fmt(comptabilise)} au lieu de {fmt(attendu)}"
        if not comptabilise:
            return debut + " — dotation non comptabilisée."
        plan = i.plan(self.fin_exercice, convention=self.convention)
        annuites = {int(e): a for e, a in zip(plan["exercice"], plan["annuite"], strict=True)}
        if plan.attrs.get("revisions"):
            initial = i.plan_initial(self.fin_exercice, convention=self.convention)
            if comptabilise == dict(zip(initial["exercice"], initial["annuite"], strict=True)).get(annee):
                return (
                    debut + " — annuité du plan d'origine : après une dépréciation, le plan est révisé "
                    "(VNC dépréciée répartie sur la durée restante, PCG art. 214-17)."
                )
        if i.mode == "lineaire" and comptabilise == arrondir((i.cout - i.valeur_residuelle) / i.duree):
            return (
                debut
                + " — annuité pleine : le prorata temporis de la première ou de la dernière année est oublié."
            )
        if i.mode == "degressif" and comptabilise == arrondir(i.cout * Decimal(plan.attrs["taux_degressif"])):
            return debut + " — taux dégressif appliqué au coût d'entrée au lieu de la valeur résiduelle."
        autres = [e for e, a in annuites.items() if a == comptabilise and e != annee]
        if autres:
            return debut + f" — c'est l'annuité de l'exercice {autres[0]} du plan."
        return debut + "."
