"""Pénalités de retard entre professionnels et indemnité forfaitaire (bloc 4, relances clients).

Code de commerce, art. L441-10, II : une facture payée après son échéance
porte, sans rappel, des pénalités de retard au taux prévu par la facture (les
conditions générales de vente) ou, à défaut, au taux de refinancement de la BCE
majoré de 10 points — le taux de la BCE au 1er janvier pour les jours de
retard du premier semestre, au 1er juillet pour ceux du second. Art. D441-5 :
s'y ajoute une indemnité forfaitaire de 40 € pour frais de recouvrement, due
une fois par facture payée en retard.

Conventions du calcul (à dire aux apprenants, elles changent le centime) :

- **jours de retard** : du lendemain de l'échéance au jour du paiement inclus,
  soit ``paiement − échéance`` (échéance le 31/01/2026, paiement le 02/03/2026 :
  30 jours) ;
- **année de 365 jours**, même bissextile : pénalités = montant TTC × taux ×
  jours / 365, la pratique des relances commerciales (le Code de commerce ne fixe
  pas de base ; les intérêts au taux légal se comptent aussi en jours sur 365) ;
- **taux par défaut** découpé par semestre civil : chaque semestre de retard a
  son taux (règles datées ``bce.taux_refinancement.debut_semestre`` et
  ``commerce.penalites_retard.majoration_points``) ; un taux prévu par la
  facture vaut pour tout le retard ;
- **arrondi** au centime, demi supérieur (:func:`compta_kernel.montants.arrondir`),
  une fois par période de taux (la ligne qui figure sur la lettre de relance) ;
  le total est la somme des lignes arrondies.

>>> p = penalites_retard("10 000,00", "31/01/2026", "02/03/2026")
>>> p.jours, p.penalites, p.indemnite_forfaitaire, p.total
(30, Decimal('99.86'), Decimal('40.00'), Decimal('139.86'))

Le taux de la BCE au 1er juillet 2026 n'est pas confirmé dans les données du
cours (voir ``compta_kernel/donnees/regles/2026/bce.yaml``) : sans taux prévu
par la facture, le calcul refuse un retard qui court sur le second semestre
2026, avec un message en français sous la date de paiement.

Un seul moteur : le simulateur Voilà (:mod:`tableaux_de_bord.penalites`), les
lettres de relance (:mod:`compta_kernel.relances`) et les corrections appellent
:func:`penalites_retard`. Utilisé par B4.2 (relances, critères B4.2-K06 et K07).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_taux, lire_date
from compta_kernel.regles import RegleInconnue

#: Nombre de jours de l'année pour le prorata (voir l'en-tête du module).
JOURS_PAR_AN = 365
CLE_BCE = "bce.taux_refinancement.debut_semestre"
CLE_MAJORATION = "commerce.penalites_retard.majoration_points"
CLE_INDEMNITE = "commerce.indemnite_forfaitaire_recouvrement"
#: Plus grand taux de pénalités accepté, en pourcentage.
TAUX_MAX_POURCENT = Decimal(100)


class ErreurPenalites(ErreurComptable, ValueError):
    """Un calcul de pénalités impossible : dates incohérentes, taux de la BCE inconnu pour un semestre."""


@dataclass(frozen=True)
class PeriodeDeRetard:
    """Une période de retard à taux constant : une ligne de la lettre de relance.

    Attributes:
        debut, fin: premier et dernier jour de retard de la période (inclus).
        jours: nombre de jours de retard de la période.
        taux: taux annuel des pénalités (``Decimal("0.1215")``).
        penalites: pénalités de la période, arrondies au centime.
        origine: d'où vient le taux (« taux prévu par la facture », « BCE au 01/01/2026 : 2,15 % + 10 points »).
    """

    debut: dt.date
    fin: dt.date
    jours: int
    taux: Decimal
    penalites: Decimal
    origine: str


@dataclass(frozen=True)
class Penalites:
    """Pénalités de retard et indemnité forfaitaire d'une facture.

    Attributes:
        montant: montant TTC resté impayé à l'échéance.
        echeance, paiement: date d'échéance et date du paiement (ou d'arrêté du calcul).
        jours: jours de retard (0 si le paiement est à l'heure).
        periodes: une :class:`PeriodeDeRetard` par taux (vide sans retard) : le détail.
        penalites: total des pénalités (somme des périodes arrondies).
        indemnite: indemnité forfaitaire pour frais de recouvrement (0 sans retard).
        taux_facture: le taux prévu par la facture, ou ``None`` (taux par défaut).
        sources: textes légaux des règles employées.
    """

    montant: Decimal
    echeance: dt.date
    paiement: dt.date
    jours: int
    periodes: tuple[PeriodeDeRetard, ...]
    penalites: Decimal
    indemnite: Decimal
    taux_facture: Decimal | None
    sources: tuple[str, ...]

    def __post_init__(self) -> None:  # montants rendus au centime, comme sur une lettre de relance
        object.__setattr__(self, "penalites", arrondir(self.penalites))
        object.__setattr__(self, "indemnite", arrondir(self.indemnite))

    @property
    def indemnite_forfaitaire(self) -> Decimal:
        """L'indemnité forfaitaire pour frais de recouvrement (C. com. D441-5), 0 sans retard."""
        return self.indemnite

    @property
    def total(self) -> Decimal:
        """Pénalités et indemnité : ce que le fournisseur peut réclamer au titre du retard."""
        return self.penalites + self.indemnite

    @property
    def montant_majore(self) -> Decimal:
        """Montant de la facture augmenté des pénalités et de l'indemnité (la somme réclamée)."""
        return self.montant + self.total


def debut_semestre(jour: dt.date) -> dt.date:
    """Le 1er janvier ou le 1er juillet du semestre civil de ``jour``."""
    return dt.date(jour.year, 1 if jour.month <= 6 else 7, 1)


def _semestres(debut: dt.date, fin: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """Découpe ``[debut, fin]`` (inclus) aux 1er janvier et 1er juillet."""
    while debut <= fin:
        suivant = dt.date(debut.year, 7, 1) if debut.month <= 6 else dt.date(debut.year + 1, 1, 1)
        yield debut, min(fin, suivant - dt.timedelta(days=1))
        debut = suivant


def taux_par_defaut(jour: dt.date) -> tuple[Decimal, str, tuple[str, ...]]:
    """Taux des pénalités par défaut pour un jour de retard : taux BCE du semestre + 10 points.

    Returns:
        (taux annuel, origine lisible, sources légales).

    Raises:
        ErreurPenalites: le taux de la BCE de ce semestre n'est pas dans les données du cours.
    """
    debut = debut_semestre(jour)
    try:
        bce = regles.regle(CLE_BCE, debut)
    except RegleInconnue as exc:
        semestre = "premier" if debut.month == 1 else "second"
        raise ErreurPenalites(
            f"Le taux de la BCE au {format_date(debut)} n'est pas confirmé dans les données du cours : "
            f"le taux par défaut (BCE + 10 points) ne peut pas être calculé pour le {semestre} semestre "
            f"{debut.year}. Saisissez le taux des pénalités prévu par la facture, ou une date de paiement "
            f"antérieure au {format_date(debut)}.",
            champ="paiement",
        ) from exc
    majoration = regles.regle(CLE_MAJORATION, debut)
    taux = bce.valeur + majoration.valeur / 100
    origine = f"BCE au {format_date(debut)} : {format_taux(bce.valeur)} + {majoration.valeur} points"
    return taux, origine, (majoration.source, bce.source)


def _lire_jour(valeur: object, champ: str) -> dt.date:
    try:
        return lire_date(valeur)
    except ValueError as exc:
        raise ErreurPenalites(str(exc), champ=champ) from exc


def _lire_taux(taux: object) -> Decimal | None:
    """Taux annuel : ``Decimal("0.12")``, ou un texte en pourcentage (« 12 % », « 12,15 % »)."""
    if taux is None:
        return None
    if isinstance(taux, str) and taux.strip().endswith("%"):
        return montant(taux.strip().removesuffix("%").strip()) / 100
    return montant(taux)


def penalites_retard(
    montant_du: object, echeance: object, paiement: object, taux: object = None
) -> Penalites:
    """Pénalités de retard (C. com. L441-10) et indemnité forfaitaire (D441-5) d'une facture.

    Args:
        montant_du: montant TTC impayé à l'échéance (positif, au centime ; ``Decimal`` ou texte
            « 1 234,56 »).
        echeance: date d'échéance portée sur la facture (``date`` ou « JJ/MM/AAAA »).
        paiement: date du paiement effectif, ou date à laquelle on arrête le calcul (la lettre).
        taux: taux annuel prévu par la facture (``Decimal("0.12")`` ou « 12 % »), ou ``None``
            pour le taux légal par défaut (BCE + 10 points, par semestre).

    Returns:
        les :class:`Penalites` (``.penalites``, ``.indemnite_forfaitaire``, ``.total`` et le
        détail ``.periodes``) ; sans retard (paiement au plus tard à l'échéance), tout est à zéro.

    Raises:
        ErreurPenalites: montant non positif, date illisible, taux hors de ]0 ; 100 %], ou taux
            par défaut inconnu pour un semestre de retard.

    >>> p = penalites_retard(Decimal("10000"), dt.date(2026, 1, 31), dt.date(2026, 3, 2))
    >>> p.jours, p.periodes[0].taux, p.penalites, p.indemnite
    (30, Decimal('0.1215'), Decimal('99.86'), Decimal('40.00'))
    """
    try:
        montant_du = arrondir(montant(montant_du))
        taux_facture = _lire_taux(taux)
    except MontantInvalide as exc:
        raise ErreurPenalites(exc.message, champ="montant" if taux is None else "taux") from exc
    echeance, paiement = _lire_jour(echeance, "echeance"), _lire_jour(paiement, "paiement")
    if montant_du <= 0:
        raise ErreurPenalites("Le montant dû doit être positif.", champ="montant")
    if taux_facture is not None and not ZERO < taux_facture <= TAUX_MAX_POURCENT / 100:
        raise ErreurPenalites(
            "Le taux prévu par la facture doit être positif et annuel (0,12 pour 12 %).", champ="taux"
        )
    jours = (paiement - echeance).days
    if jours <= 0:
        return Penalites(montant_du, echeance, paiement, 0, (), ZERO, ZERO, taux_facture, ())
    premier_jour = echeance + dt.timedelta(days=1)
    try:
        principe = regles.regle(CLE_MAJORATION, premier_jour)
        indemnite = regles.regle(CLE_INDEMNITE, premier_jour)
    except RegleInconnue as exc:
        annees = ", ".join(map(str, regles.annees_disponibles()))
        raise ErreurPenalites(
            f"Les règles de l'année {premier_jour.year} ne sont pas dans les données du cours "
            f"(années disponibles : {annees}) : choisissez une échéance dans ces années.",
            champ="echeance",
        ) from exc
    periodes = []
    sources = [principe.source]
    if taux_facture is not None:
        morceaux = [(premier_jour, paiement, taux_facture, "taux prévu par la facture", ())]
    else:
        morceaux = [
            (debut, fin, *taux_par_defaut(debut)) for debut, fin in _semestres(premier_jour, paiement)
        ]
    for debut, fin, taux_periode, origine, textes in morceaux:
        nb = (fin - debut).days + 1
        periodes.append(
            PeriodeDeRetard(
                debut, fin, nb, taux_periode, arrondir(montant_du * taux_periode * nb / JOURS_PAR_AN), origine
            )
        )
        sources += [s for s in textes if s not in sources]
    sources.append(indemnite.source)
    return Penalites(
        montant_du,
        echeance,
        paiement,
        jours,
        tuple(periodes),
        sum((p.penalites for p in periodes), ZERO),
        indemnite.valeur,
        taux_facture,
        tuple(sources),
    )
