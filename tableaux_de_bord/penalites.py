"""Simulateur des pénalités de retard entre professionnels (bloc 4, relances clients).

Une vue Voilà sur le calcul du noyau, :func:`compta_kernel.penalites.penalites_retard` :
pénalités au taux prévu par la facture ou, à défaut, au taux de la BCE du semestre
majoré de 10 points (C. com. L441-10, II), et indemnité forfaitaire de 40 € (D441-5).
Les conventions (jours de retard, année de 365 jours, arrondi par période) sont dans
l'en-tête de :mod:`compta_kernel.penalites` : un seul moteur pour le simulateur, les
lettres de relance et les corrections. Ce module lit les champs saisis et rend le
résultat en HTML.

Exemple : 10 000 € échus le 31/01/2026, payés le 02/03/2026, taux par défaut
(2,15 % + 10 points = 12,15 %) : 10 000 × 12,15 % × 30 / 365 = 99,86 €, plus
40 € d'indemnité. Sans taux prévu par la facture, un retard qui court sur le second
semestre 2026 est refusé (taux de la BCE au 1er juillet 2026 non confirmé).
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

from compta_kernel.erreurs import MontantInvalide
from compta_kernel.montants import montant
from compta_kernel.penalites import (
    JOURS_PAR_AN,
    TAUX_MAX_POURCENT,
    ErreurPenalites,
    Penalites,
    PeriodeDeRetard,
    debut_semestre,
    taux_par_defaut,
)
from compta_kernel.penalites import penalites_retard as calculer_penalites
from compta_kernel.presentation import format_date, format_montant, format_taux
from formulaires import SaisieInvalide
from formulaires._commun import lire_date_saisie, lire_montant_saisi, verifier_texte
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression
from tableaux_de_bord.simulateur import ModeleSimulateur, Parametre, VueSimulateur

__all__ = [
    "JOURS_PAR_AN",
    "ErreurPenalites",
    "Penalites",
    "PeriodeDeRetard",
    "calculer_penalites",
    "debut_semestre",
    "modele",
    "rendu",
    "simulateur",
    "taux_par_defaut",
]

#: Section de la progression où sont gardées les dernières valeurs saisies.
SECTION = "b4_penalites"
#: Années acceptées dans les dates (au-delà, une faute de frappe plus qu'une facture).
ANNEE_MIN, ANNEE_MAX = 2000, 2100


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
