"""Simulateur des pénalités de retard entre professionnels (bloc 4, relances clients).

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

Exemple : 10 000 € échus le 31/01/2026, payés le 02/03/2026, taux par défaut
(2,15 % + 10 points = 12,15 %) : 10 000 × 12,15 % × 30 / 365 = 99,86 €, plus
40 € d'indemnité.

Le taux de la BCE au 1er juillet 2026 n'est pas confirmé dans les données du
cours (voir ``compta_kernel/donnees/regles/2026/bce.yaml``) : sans taux prévu
par la facture, le simulateur refuse un retard qui court sur le second
semestre 2026, avec un message en français sous la date de paiement.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant, format_taux
from compta_kernel.regles import RegleInconnue
from formulaires import SaisieInvalide
from formulaires._commun import lire_date_saisie, lire_montant_saisi, verifier_texte
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression
from tableaux_de_bord.simulateur import ModeleSimulateur, Parametre, VueSimulateur

#: Section de la progression où sont gardées les dernières valeurs saisies.
SECTION = "b4_penalites"
#: Nombre de jours de l'année pour le prorata (voir l'en-tête du module).
JOURS_PAR_AN = 365
CLE_BCE = "bce.taux_refinancement.debut_semestre"
CLE_MAJORATION = "commerce.penalites_retard.majoration_points"
CLE_INDEMNITE = "commerce.indemnite_forfaitaire_recouvrement"
#: Années acceptées dans les dates (au-delà, une faute de frappe plus qu'une facture).
ANNEE_MIN, ANNEE_MAX = 2000, 2100
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
        echeance, paiement: date d'échéance et date du paiement.
        jours: jours de retard (0 si le paiement est à l'heure).
        periodes: une :class:`PeriodeDeRetard` par taux (vide sans retard).
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

    @property
    def total(self) -> Decimal:
        """Pénalités et indemnité : ce que le fournisseur peut réclamer au titre du retard."""
        return self.penalites + self.indemnite


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


def calculer_penalites(
    montant_du: Decimal, echeance: dt.date, paiement: dt.date, taux_facture: Decimal | None = None
) -> Penalites:
    """Pénalités de retard (C. com. L441-10) et indemnité forfaitaire (D441-5) d'une facture.

    Args:
        montant_du: montant TTC impayé à l'échéance (positif, au centime).
        echeance: date d'échéance portée sur la facture.
        paiement: date du paiement effectif.
        taux_facture: taux annuel prévu par la facture (``Decimal("0.12")``), ou ``None``
            pour le taux par défaut (BCE + 10 points, par semestre).

    Returns:
        les :class:`Penalites` ; sans retard (paiement au plus tard à l'échéance), tout est à zéro.

    Raises:
        ErreurPenalites: montant non positif, ou taux par défaut inconnu pour un semestre de retard.

    >>> p = calculer_penalites(Decimal("10000"), dt.date(2026, 1, 31), dt.date(2026, 3, 2))
    >>> p.jours, p.periodes[0].taux, p.penalites, p.indemnite
    (30, Decimal('0.1215'), Decimal('99.86'), Decimal('40'))
    """
    montant_du = arrondir(montant(montant_du))
    if montant_du <= 0:
        raise ErreurPenalites("Le montant dû doit être positif.", champ="montant")
    if taux_facture is not None and not ZERO < taux_facture <= TAUX_MAX_POURCENT / 100:
        raise ErreurPenalites("Le taux prévu par la facture doit être positif.", champ="taux")
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
    for debut, fin, taux, origine, textes in morceaux:
        nb = (fin - debut).days + 1
        periodes.append(
            PeriodeDeRetard(debut, fin, nb, taux, arrondir(montant_du * taux * nb / JOURS_PAR_AN), origine)
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


# --------------------------------------------------------------------------- lecture des champs
def lire_montant_du(texte: object, *, champ: str, nom: str) -> Decimal | None:
    """Montant TTC tapé à la française, strictement positif ; ``None`` si vide."""
    valeur = lire_montant_saisi(texte, champ=champ, nom=nom)
    if valeur is not None and valeur == 0:
        raise SaisieInvalide(
            f"{nom} : le montant est nul ; saisissez le montant TTC de la facture.", champ=champ
        )
    return valeur


def lire_date_facture(texte: object, *, champ: str, nom: str) -> dt.date | None:
    """Date JJ/MM/AAAA entre :data:`ANNEE_MIN` et :data:`ANNEE_MAX` ; ``None`` si vide."""
    jour = lire_date_saisie(texte, champ=champ, nom=nom)
    if jour is not None and not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise SaisieInvalide(
            f"{nom} : l'année {jour.year} est hors des années acceptées ({ANNEE_MIN} à {ANNEE_MAX}) ; "
            "vérifiez la saisie.",
            champ=champ,
        )
    return jour


def lire_taux_saisi(texte: object, *, champ: str, nom: str) -> Decimal | None:
    """Taux annuel tapé en pourcentage (« 12,15 » ou « 12,15 % ») → ``Decimal("0.1215")`` ; ``None`` si vide."""
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=30).strip()
    if not brut:
        return None
    try:
        pourcent = montant(brut.removesuffix("%").strip())
    except MontantInvalide as exc:
        raise SaisieInvalide(
            f"{nom} : « {brut} » n'est pas un taux ; tapez un pourcentage, par exemple 12,15.", champ=champ
        ) from exc
    if not 0 < pourcent <= TAUX_MAX_POURCENT:
        raise SaisieInvalide(
            f"{nom} : {brut} n'est pas un taux annuel possible ; tapez un pourcentage entre 0 et 100, "
            "par exemple 12,15.",
            champ=champ,
        )
    if pourcent != pourcent.quantize(Decimal("0.0001")):
        raise SaisieInvalide(f"{nom} : au plus quatre décimales (par exemple 12,15).", champ=champ)
    return pourcent / 100


PARAMETRES = (
    Parametre("montant", "Montant TTC de la facture", lire_montant_du, aide="10 000,00"),
    Parametre("echeance", "Date d'échéance", lire_date_facture, aide="JJ/MM/AAAA"),
    Parametre("paiement", "Date de paiement", lire_date_facture, aide="JJ/MM/AAAA"),
    Parametre(
        "taux",
        "Taux prévu sur la facture (%)",
        lire_taux_saisi,
        aide="vide : BCE + 10 points",
        indication=(
            "Facultatif. Vide : taux par défaut, celui de la BCE majoré de 10 points (L441-10). "
            "Un taux prévu au contrat ne peut être inférieur à trois fois le taux d'intérêt légal."
        ),
        obligatoire=False,
    ),
)


def _calcul(valeurs: dict) -> Penalites:
    return calculer_penalites(valeurs["montant"], valeurs["echeance"], valeurs["paiement"], valeurs["taux"])


def rendu(p: Penalites) -> str:
    """HTML du résultat : le détail par période, l'indemnité, le total et les sources (texte échappé)."""
    e = html.escape
    entete = (
        f"<tr><th>Montant TTC dû</th><td>{format_montant(p.montant)}</td></tr>"
        f"<tr><th>Échéance</th><td>{format_date(p.echeance)}</td></tr>"
        f"<tr><th>Paiement</th><td>{format_date(p.paiement)}</td></tr>"
        f'<tr><th>Jours de retard</th><td class="tdb-jours">{p.jours}</td></tr>'
    )
    if not p.jours:
        return (
            f'<div class="tdb-penalites"><table>{entete}</table>'
            "<p><strong>Paiement à l'échéance ou avant : ni pénalités, ni indemnité forfaitaire.</strong></p></div>"
        )
    lignes = "".join(
        f"<tr><td>{format_date(q.debut)}</td><td>{format_date(q.fin)}</td><td>{q.jours}</td>"
        f"<td>{format_taux(q.taux)} <small>({e(q.origine)})</small></td>"
        f'<td style="text-align:right">{format_montant(q.penalites)}</td></tr>'
        for q in p.periodes
    )
    calculs = "<br>".join(
        f"{format_montant(p.montant)} × {format_taux(q.taux)} × {q.jours} / {JOURS_PAR_AN} = "
        f"{format_montant(q.penalites)}"
        for q in p.periodes
    )
    sources = "".join(f"<li>{e(s)}</li>" for s in p.sources)
    return (
        '<div class="tdb-penalites">'
        f"<table>{entete}</table>"
        '<table style="margin-top:0.6em"><tr><th>Du</th><th>Au</th><th>Jours</th><th>Taux annuel</th>'
        f"<th>Pénalités</th></tr>{lignes}</table>"
        f'<p class="tdb-calcul">{calculs}<br><small>Année de {JOURS_PAR_AN} jours ; arrondi au centime '
        "le plus proche (demi supérieur), période par période.</small></p>"
        "<table>"
        f'<tr><th>Pénalités de retard</th><td class="tdb-total-penalites">{format_montant(p.penalites)}</td></tr>'
        "<tr><th>Indemnité forfaitaire pour frais de recouvrement</th>"
        f'<td class="tdb-indemnite">{format_montant(p.indemnite)}</td></tr>'
        f'<tr><th>Total à réclamer au titre du retard</th><td class="tdb-total">'
        f"<strong>{format_montant(p.total)}</strong></td></tr></table>"
        f"<details><summary>Sources</summary><ul>{sources}</ul></details></div>"
    )


def modele(progression: Progression | None = None) -> ModeleSimulateur:
    """Le modèle du simulateur de pénalités, avec la progression de l'apprenant (valeurs reprises)."""
    return ModeleSimulateur(SECTION, PARAMETRES, _calcul, progression)


def simulateur(progression: Progression | None = None) -> VueSimulateur:
    """Le simulateur affiché par ``course/tableaux_de_bord/b4_penalites.ipynb``.

    Les widgets se construisent d'abord (pendant le préchauffage du noyau, sous Voilà) ; les
    valeurs saisies ne sont reprises qu'une fois la requête du visiteur arrivée
    (:func:`tableaux_de_bord.noyau.attendre_la_requete`).
    """
    noyau.preparer()
    m = ModeleSimulateur(SECTION, PARAMETRES, _calcul, reprendre=False)
    vue = VueSimulateur(m, rendu, titre="Pénalités de retard d'une facture")
    noyau.attendre_la_requete()
    m.reprendre(progression)
    return vue
