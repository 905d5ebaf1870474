"""Simulateur du plan d'amortissement d'une immobilisation (bloc 2, B2.1).

Une vue Voilà sur :func:`compta_kernel.immobilisations.plan_amortissement` et
:func:`~compta_kernel.immobilisations.plan_derogatoire` : l'apprenant saisit le coût
d'entrée, la date de début, la durée, le mode (linéaire ou dégressif fiscal), la
convention de décompte des jours du linéaire et, s'il le veut, une valeur résiduelle, la
clôture de l'exercice et un plan fiscal dégressif ; il voit le plan exercice par exercice
(base, taux, annuité, cumul, VNC, au format français) et, avec un plan fiscal dégressif,
les amortissements dérogatoires (68725 / 145, 145 / 78725). Les règles (prorata en jours
depuis la mise en service en linéaire, en mois entiers depuis le premier jour du mois
d'acquisition en dégressif, coefficients du CGI art. 39 A, passage au linéaire) sont celles
du noyau : un seul moteur pour le simulateur, les devoirs et leurs corrections.

Exemple : 10 000 € acquis le 15/04/2026, dégressif sur 5 ans (coefficient 1,75, taux
35 %) : 2 625,00 € pour 9 mois en 2026, puis 2 581,25 €, 1 677,81 €, et passage au
linéaire en 2029 : 1 557,97 € deux fois.

Chaque erreur s'affiche en français sous le champ qui la cause ; les textes saisis sont
gardés dans la progression de l'apprenant (section ``b2_amortissement``) et repris au
rechargement de la page. Rien de ce qui arrive d'un widget n'est évalué.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compta_kernel import immobilisations
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.presentation import format_date, format_montant, format_taux
from compta_kernel.regles import RegleInconnue
from formulaires import SaisieInvalide
from formulaires._commun import (
    lire_date_saisie,
    lire_entier_saisi,
    lire_montant_saisi,
    verifier_texte,
)
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression
from tableaux_de_bord.simulateur import ModeleSimulateur, Parametre, VueSimulateur

if TYPE_CHECKING:
    from decimal import Decimal

    import pandas as pd

__all__ = ["CHOIX", "PARAMETRES", "ResultatPlan", "VueAmortissement", "modele", "rendu", "simulateur"]

#: Section de la progression où sont gardés les textes saisis.
SECTION = "b2_amortissement"
#: Années acceptées dans les dates (au-delà, une faute de frappe plus qu'une acquisition).
ANNEE_MIN, ANNEE_MAX = 2000, 2100
#: Plus longue durée d'amortissement acceptée, en années.
DUREE_MAX = 50

#: Choix proposés par les listes déroulantes : (libellé affiché, texte transmis au modèle).
CHOIX: dict[str, tuple[tuple[str, str], ...]] = {
    "mode": (("Linéaire", "linéaire"), ("Dégressif (fiscal)", "dégressif")),
    "convention": (
        ("30/360 (cours)", "30/360"),
        ("30/360, 1er jour exclu", "30/360 jour exclu"),
        ("Jours du calendrier", "exact"),
    ),
    "fiscal": (("Aucun", "aucun"), ("Dégressif (dérogatoires)", "dégressif")),
}
_MODES = {"linéaire": "lineaire", "lineaire": "lineaire", "dégressif": "degressif", "degressif": "degressif"}
_CHAMPS_DU_NOYAU = {"montant": "cout", "base": "cout", "date_debut": "date"}


# --------------------------------------------------------------------------- lecture des champs
def _lire_choix(texte: object, *, champ: str, nom: str, valeurs: dict[str, str]) -> str | None:
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=40).strip().lower()
    if not brut:
        return None
    if brut not in valeurs:
        possibles = ", ".join(f"« {v} »" for v in dict.fromkeys(valeurs))
        raise SaisieInvalide(f"{nom} : choix inconnu ; choisissez parmi {possibles}.", champ=champ)
    return valeurs[brut]


def lire_mode(texte: object, *, champ: str, nom: str) -> str | None:
    """« linéaire » ou « dégressif » (accents facultatifs) → ``"lineaire"`` / ``"degressif"`` ; ``None`` si vide."""
    return _lire_choix(texte, champ=champ, nom=nom, valeurs=_MODES)


def lire_convention(texte: object, *, champ: str, nom: str) -> str | None:
    """Une des :data:`compta_kernel.immobilisations.CONVENTIONS` ; ``None`` si vide (celle du cours)."""
    return _lire_choix(texte, champ=champ, nom=nom, valeurs={c: c for c in immobilisations.CONVENTIONS})


def lire_fiscal(texte: object, *, champ: str, nom: str) -> str | None:
    """« aucun » ou « dégressif » ; ``None`` si vide (aucun plan fiscal)."""
    choix = _lire_choix(texte, champ=champ, nom=nom, valeurs={"aucun": "aucun", **_MODES})
    return None if choix in (None, "aucun") else choix


def lire_cout(texte: object, *, champ: str, nom: str) -> Decimal | None:
    """Coût d'entrée HT tapé à la française, strictement positif ; ``None`` si vide."""
    valeur = lire_montant_saisi(texte, champ=champ, nom=nom)
    if valeur is not None and valeur == 0:
        raise SaisieInvalide(
            f"{nom} : le coût est nul ; saisissez le coût d'entrée hors taxes du bien.", champ=champ
        )
    return valeur


def lire_residuelle(texte: object, *, champ: str, nom: str) -> Decimal | None:
    """Valeur résiduelle tapée à la française, positive ou nulle ; ``None`` si vide (zéro)."""
    return lire_montant_saisi(texte, champ=champ, nom=nom)


def lire_duree(texte: object, *, champ: str, nom: str) -> int | None:
    """Durée en années entières, de 1 à :data:`DUREE_MAX` ; ``None`` si vide."""
    duree = lire_entier_saisi(texte, champ=champ, nom=nom, maximum=DUREE_MAX)
    if duree == 0:
        raise SaisieInvalide(f"{nom} : au moins 1 an (par exemple 5 pour un matériel).", champ=champ)
    return duree


def lire_date_debut(texte: object, *, champ: str, nom: str) -> dt.date | None:
    """Date JJ/MM/AAAA entre :data:`ANNEE_MIN` et :data:`ANNEE_MAX` ; ``None`` si vide."""
    jour = lire_date_saisie(texte, champ=champ, nom=nom)
    if jour is not None and not ANNEE_MIN <= jour.year <= ANNEE_MAX:
        raise SaisieInvalide(
            f"{nom} : l'année {jour.year} est hors des années acceptées ({ANNEE_MIN} à {ANNEE_MAX}) ; "
            "vérifiez la saisie.",
            champ=champ,
        )
    return jour


def lire_fin_exercice(texte: object, *, champ: str, nom: str) -> tuple[int, int] | None:
    """Jour et mois de clôture « JJ/MM » (« 30/06 ») → ``(30, 6)`` ; ``None`` si vide (31/12)."""
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=10).strip()
    if not brut:
        return None
    trouve = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})", brut)
    try:
        if not trouve:
            raise ValueError
        jour, mois = int(trouve[1]), int(trouve[2])
        dt.date(2000, mois, jour)  # 2000 est bissextile : le 29/02 est accepté (fin de février)
    except ValueError:
        raise SaisieInvalide(
            f"{nom} : « {brut} » n'est pas un jour et un mois de clôture ; tapez JJ/MM, par exemple 31/12 "
            "ou 30/06.",
            champ=champ,
        ) from None
    return jour, mois


PARAMETRES = (
    Parametre("cout", "Coût d'entrée HT", lire_cout, aide="10 000,00"),
    Parametre(
        "date",
        "Date de début",
        lire_date_debut,
        aide="JJ/MM/AAAA",
        indication=(
            "Linéaire : date de mise en service (prorata en jours). Dégressif : date d'acquisition "
            "(mois entiers depuis le 1er du mois)."
        ),
    ),
    Parametre("duree", "Durée (années)", lire_duree, aide="5"),
    Parametre("mode", "Mode", lire_mode, obligatoire=False, maximum=40, choix=CHOIX["mode"]),
    Parametre(
        "convention",
        "Décompte des jours",
        lire_convention,
        indication="Linéaire seulement. Le cours compte des mois de 30 jours et une année de 360 jours.",
        obligatoire=False,
        maximum=40,
        choix=CHOIX["convention"],
    ),
    Parametre(
        "valeur_residuelle",
        "Valeur résiduelle",
        lire_residuelle,
        aide="0,00",
        indication="Facultatif. Le plan amortit le coût moins la valeur résiduelle.",
        obligatoire=False,
    ),
    Parametre(
        "fin_exercice",
        "Clôture de l'exercice (JJ/MM)",
        lire_fin_exercice,
        aide="31/12",
        indication="Facultatif. Vide : exercices clos le 31/12.",
        obligatoire=False,
    ),
    Parametre(
        "fiscal",
        "Plan fiscal",
        lire_fiscal,
        indication="Dégressif : l'écart avec le plan linéaire va en amortissements dérogatoires (145).",
        obligatoire=False,
        maximum=40,
        choix=CHOIX["fiscal"],
    ),
)


# --------------------------------------------------------------------------- calcul
@dataclass(frozen=True)
class ResultatPlan:
    """Le plan calculé et, s'il y a un plan fiscal dégressif, les amortissements dérogatoires.

    Attributes:
        plan: le plan (:func:`~compta_kernel.immobilisations.plan_amortissement`), ``attrs`` compris.
        fiscal: le plan fiscal dégressif, ou ``None``.
        derogatoire: le tableau de :func:`~compta_kernel.immobilisations.plan_derogatoire`, ou ``None``.
    """

    plan: pd.DataFrame
    fiscal: pd.DataFrame | None = None
    derogatoire: pd.DataFrame | None = None


def _calcul(valeurs: dict) -> ResultatPlan:
    mode = valeurs["mode"] or "lineaire"
    fin_exercice = valeurs["fin_exercice"] or immobilisations.FIN_ANNEE_CIVILE
    if valeurs["fiscal"] and mode == "degressif":
        raise SaisieInvalide(
            "Plan fiscal : le plan comptable est déjà dégressif, il n'y a pas d'amortissements dérogatoires. "
            "Choisissez « Aucun », ou le mode linéaire.",
            champ="fiscal",
        )
    try:
        plan = immobilisations.plan_amortissement(
            valeurs["cout"],
            valeurs["date"],
            valeurs["duree"],
            mode,
            fin_exercice,
            valeur_residuelle=valeurs["valeur_residuelle"] or 0,
            convention=valeurs["convention"] if mode == "lineaire" else None,
        )
        if not valeurs["fiscal"]:
            return ResultatPlan(plan)
        fiscal = immobilisations.plan_amortissement(
            valeurs["cout"], valeurs["date"], valeurs["duree"], "degressif", fin_exercice
        )
    except RegleInconnue as exc:
        raise SaisieInvalide(
            f"Date de début : {exc.message} Choisissez une date plus récente.", champ="date"
        ) from exc
    except ErreurComptable as exc:
        champ, message = _CHAMPS_DU_NOYAU.get(exc.champ, exc.champ), exc.message
        if valeurs["fiscal"] and exc.champ == "mode":
            champ, message = "fiscal", f"{message} Choisissez « Aucun » comme plan fiscal."
        raise SaisieInvalide(message, champ=champ) from exc
    return ResultatPlan(plan, fiscal, immobilisations.plan_derogatoire(plan, fiscal))


# --------------------------------------------------------------------------- rendu
def _cellule(valeur, classe: str = "") -> str:
    attribut = f' class="{classe}"' if classe else ""
    return f'<td{attribut} style="text-align:right;padding:0.1em 0.8em">{html.escape(valeur)}</td>'


def _resume(plan: pd.DataFrame) -> str:
    a = plan.attrs
    if a["mode"] == "lineaire":
        premier = immobilisations.exercice(int(plan["exercice"].iloc[0]), a["fin_exercice"])
        jours = immobilisations.jours_prorata(a["date_debut"], premier[1], a["convention"])
        return (
            f"Linéaire sur {a['duree']} an(s), taux {format_taux(plan['taux'].iloc[0], 4)} ; première annuité "
            f"pour {jours} jour(s) du {format_date(a['date_debut'])} au {format_date(premier[1])} "
            f"(convention {a['convention']}), dernière annuité : le reste."
        )
    bascule = a.get("bascule")
    return (
        f"Dégressif sur {a['duree']} an(s) : taux linéaire × coefficient {str(a['coefficient']).replace('.', ',')} "
        f"= {format_taux(a['taux_degressif'], 4)} ; première annuité pour {a['mois_premier_exercice']} mois "
        f"depuis le 1er du mois d'acquisition" + (f" ; passage au linéaire en {bascule}." if bascule else ".")
    )


def rendu(resultat: ResultatPlan) -> str:
    """HTML du plan (et des dérogatoires) au format français, texte échappé."""
    plan = resultat.plan
    lignes = "".join(
        "<tr>"
        f'<td class="tdb-exercice" style="padding:0.1em 0.8em">{int(e)}</td>'
        + _cellule(format_montant(b))
        + _cellule(format_taux(t, 4))
        + _cellule(format_montant(a), "tdb-annuite")
        + _cellule(format_montant(c))
        + _cellule(format_montant(v), "tdb-vnc")
        + "</tr>"
        for e, b, t, a, c, v in zip(
            plan["exercice"],
            plan["base"],
            plan["taux"],
            plan["annuite"],
            plan["cumul"],
            plan["vnc"],
            strict=True,
        )
    )
    morceaux = [
        '<div class="tdb-plan">',
        f'<p class="tdb-resume">{html.escape(_resume(plan))}</p>',
        (
            '<table class="tdb-tableau-plan"><tr><th>Exercice</th><th>Base</th><th>Taux</th><th>Annuité</th>'
            f"<th>Cumul</th><th>VNC</th></tr>{lignes}</table>"
        ),
        (
            f'<p>Total des annuités : <strong class="tdb-total-annuites">'
            f"{format_montant(plan.attrs['total_annuites'])}</strong></p>"
        ),
    ]
    if resultat.derogatoire is not None:
        d = resultat.derogatoire
        lignes = "".join(
            "<tr>"
            f'<td style="padding:0.1em 0.8em">{int(e)}</td>'
            + _cellule(format_montant(c))
            + _cellule(format_montant(f))
            + _cellule(format_montant(dot, vide_si_zero=True), "tdb-dotation-derogatoire")
            + _cellule(format_montant(rep, vide_si_zero=True), "tdb-reprise-derogatoire")
            + _cellule(format_montant(cum))
            + "</tr>"
            for e, c, f, dot, rep, cum in zip(
                d["exercice"],
                d["amortissement_comptable"],
                d["amortissement_fiscal"],
                d["dotation"],
                d["reprise"],
                d["cumul"],
                strict=True,
            )
        )
        morceaux.append(
            '<h4>Amortissements dérogatoires</h4><table class="tdb-tableau-derogatoire"><tr><th>Exercice</th>'
            "<th>Comptable</th><th>Fiscal (dégressif)</th><th>Dotation 68725</th><th>Reprise 78725</th>"
            f"<th>Solde du 145</th></tr>{lignes}</table>"
        )
    morceaux.append(
        "<details><summary>Sources</summary><ul>"
        "<li>Linéaire : prorata temporis à compter de la mise en service (PCG, art. 214-13 ; BOI-BIC-AMT-20-10).</li>"
        "<li>Dégressif : CGI, art. 39 A, 1 et ann. II, art. 23 ; BOI-BIC-AMT-20-20-30.</li>"
        "<li>Arrondi au centime le plus proche (demi supérieur) pour chaque annuité ; la dernière est le reste.</li>"
        "</ul></details></div>"
    )
    return "".join(morceaux)


# --------------------------------------------------------------------------- vue
class VueAmortissement(VueSimulateur):
    """Vue du simulateur : champs de texte et listes déroulantes, message sous chaque champ, « Calculer ».

    Les listes déroulantes (mode, décompte des jours, plan fiscal) transmettent au modèle le texte
    d'un choix connu ; le modèle le relit comme n'importe quelle saisie (un message forgé par un
    visiteur est refusé en français sous le champ).
    """

    def __init__(self, modele: ModeleSimulateur, titre: str = "") -> None:
        super().__init__(modele, rendu, titre, largeur_libelles="15em")


def modele(progression: Progression | None = None) -> ModeleSimulateur:
    """Le modèle du simulateur de plan d'amortissement, avec la progression de l'apprenant."""
    return ModeleSimulateur(SECTION, PARAMETRES, _calcul, progression)


def simulateur(progression: Progression | None = None) -> VueAmortissement:
    """Le simulateur affiché par ``course/tableaux_de_bord/b2_simulateur_amortissement.ipynb``.

    Les widgets se construisent d'abord (pendant le préchauffage du noyau, sous Voilà) ; les
    textes saisis ne sont repris qu'une fois la requête du visiteur arrivée.
    """
    noyau.preparer()
    m = ModeleSimulateur(SECTION, PARAMETRES, _calcul, reprendre=False)
    vue = VueAmortissement(m, titre="Plan d'amortissement d'une immobilisation")
    noyau.attendre_la_requete()
    m.reprendre(progression)
    return vue
