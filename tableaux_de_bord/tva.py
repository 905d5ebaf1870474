"""Simulateur de la déclaration de TVA CA3 (bloc 1, activité B1.3).

Une vue Voilà sur le calcul du noyau, :func:`compta_kernel.tva.ca3` : l'apprenant tape le
mois, le chiffre d'affaires hors taxes par taux, la TVA déductible (immobilisations, autres
biens et services), le crédit reporté et, s'il le veut, un remboursement ; il voit les lignes
du formulaire 3310-CA3-SD (en euros, arrondies ligne par ligne) et l'écriture d'OD qui liquide
la TVA du mois (au centime). Les taux viennent des règles datées du mois saisi ; les messages
d'erreur du noyau (remboursement supérieur au crédit, sous le minimum...) s'affichent sous le
champ concerné.

Exemple (lecoursgratuit.com, « TVA à décaisser... compte 44551 ») : ventes HT 10 000 € à 20 %,
TVA déductible 1 000 € sur immobilisations et 600 € sur autres biens et services → TVA
brute 2 000 € (ligne 16), déductible 1 600 € (ligne 23), TVA nette due 400 € (ligne 28).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

from compta_kernel import tva
from compta_kernel.presentation import format_date, format_montant
from formulaires import SaisieInvalide
from formulaires._commun import lire_montant_saisi, verifier_texte
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression
from tableaux_de_bord.simulateur import ModeleSimulateur, Parametre, VueSimulateur

__all__ = ["PARAMETRES", "SECTION", "lire_mois", "modele", "rendu", "simulateur"]

#: Section de la progression où sont gardées les dernières valeurs saisies.
SECTION = "b1_simulateur_tva"
#: Années que le simulateur accepte (celles qui ont des règles de TVA dans les données du cours).
ANNEE_MIN, ANNEE_MAX = 2025, 2026


def lire_mois(texte: object, *, champ: str, nom: str) -> dt.date | None:
    """Mois tapé « MM/AAAA » (ou « M/AAAA ») → dernier jour du mois ; ``None`` si vide."""
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=20).strip()
    if not brut:
        return None
    trouve = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", brut)
    if not trouve or not 1 <= int(trouve.group(1)) <= 12:
        raise SaisieInvalide(
            f"{nom} : « {brut} » n'est pas un mois ; tapez MM/AAAA, par exemple 03/2026.", champ=champ
        )
    mois, annee = int(trouve.group(1)), int(trouve.group(2))
    if not ANNEE_MIN <= annee <= ANNEE_MAX:
        raise SaisieInvalide(
            f"{nom} : le simulateur connaît les règles de TVA de {ANNEE_MIN} à {ANNEE_MAX} ; {annee} n'en fait pas partie.",
            champ=champ,
        )
    suivant = dt.date(annee + mois // 12, mois % 12 + 1, 1)
    return suivant - dt.timedelta(days=1)


def _montant(texte: object, *, champ: str, nom: str) -> Decimal | None:
    return lire_montant_saisi(texte, champ=champ, nom=nom)


def _base(nom_taux: str, code: str, libelle: str) -> Parametre:
    return Parametre(
        f"base_{nom_taux}",
        f"Ventes HT à {libelle.rsplit(' ', 2)[-2]} % (ligne {code})",
        _montant,
        aide="0,00",
        indication="Facultatif : chiffre d'affaires hors taxes du mois à ce taux.",
        obligatoire=False,
    )


PARAMETRES = (
    Parametre(
        "mois", "Mois déclaré", lire_mois, aide="MM/AAAA", indication="Régime réel normal, CA3 mensuelle."
    ),
    *(_base(nom_taux, code, libelle) for nom_taux, code, libelle in tva.LIGNES_TAUX),
    Parametre(
        "deductible_immobilisations",
        "TVA déductible, immobilisations (44562)",
        _montant,
        aide="0,00",
        indication="Facultatif : ligne 19.",
        obligatoire=False,
    ),
    Parametre(
        "deductible_autres",
        "TVA déductible, autres biens et services (44566)",
        _montant,
        aide="0,00",
        indication="Facultatif : ligne 20.",
        obligatoire=False,
    ),
    Parametre(
        "credit_anterieur",
        "Crédit reporté du mois précédent (44567)",
        _montant,
        aide="0,00",
        indication="Facultatif : ligne 22 (ligne 27 de la déclaration précédente).",
        obligatoire=False,
    ),
    Parametre(
        "remboursement",
        "Remboursement de crédit demandé",
        _montant,
        aide="0,00",
        indication="Facultatif : ligne 26 (formulaire 3519), au plus le crédit de la ligne 25.",
        obligatoire=False,
    ),
)


def _calcul(valeurs: dict) -> tva.DeclarationCA3:
    fin = valeurs["mois"]
    taux = tva.taux_en_vigueur(fin)
    bases = {
        taux[nom_taux]: valeurs[f"base_{nom_taux}"]
        for nom_taux, _, _ in tva.LIGNES_TAUX
        if valeurs[f"base_{nom_taux}"] is not None
    }
    zero = Decimal(0)
    return tva.ca3(
        bases,
        date=fin,
        deductible_immobilisations=valeurs["deductible_immobilisations"] or zero,
        deductible_autres=valeurs["deductible_autres"] or zero,
        credit_anterieur=valeurs["credit_anterieur"] or zero,
        remboursement=valeurs["remboursement"] or zero,
    )


def _euros(valeur: Decimal | None) -> str:
    return "" if valeur is None else format_montant(valeur, devise=False).removesuffix(",00")


def rendu(d: tva.DeclarationCA3) -> str:
    """HTML du résultat : les lignes de la CA3 et l'écriture de liquidation (texte échappé)."""
    e = html.escape
    lignes = "".join(
        f'<tr class="tdb-ligne-{e(lig.code)}"><td><strong>{e(lig.code)}</strong></td><td>{e(lig.libelle)}</td>'
        f'<td style="text-align:right">{_euros(lig.base)}</td>'
        f'<td style="text-align:right" class="tdb-montant">{_euros(lig.montant)}</td></tr>'
        for lig in d.lignes
    )
    if d.montant("28"):
        conclusion = f"TVA nette à payer : {format_montant(d.montant('28'))} (ligne 28)."
    elif d.credit:
        conclusion = f"Crédit de TVA : {format_montant(d.montant('25'))} (ligne 25), dont {format_montant(d.montant('27'))} à reporter (ligne 27)."
    else:
        conclusion = "Ni TVA à payer ni crédit : déclaration à zéro (à déposer quand même)."
    if d.ecriture is None:
        ecriture = "<p>Aucun compte de TVA à solder : pas d'écriture de liquidation.</p>"
    else:
        lignes_od = "".join(
            f'<tr><td class="tdb-compte">{e(lig.compte)}</td>'
            f'<td style="text-align:right">{format_montant(lig.debit, vide_si_zero=True)}</td>'
            f'<td style="text-align:right">{format_montant(lig.credit, vide_si_zero=True)}</td></tr>'
            for lig in d.ecriture.lignes
        )
        ecriture = (
            f"<p>Écriture au journal {e(d.ecriture.journal)}, {format_date(d.ecriture.date)}, pièce "
            f"{e(d.ecriture.piece)} — « {e(d.ecriture.libelle)} »</p>"
            f'<table class="tdb-ecriture"><tr><th>Compte</th><th>Débit</th><th>Crédit</th></tr>{lignes_od}</table>'
        )
    return (
        '<div class="tdb-ca3">'
        f"<h4>Déclaration 3310-CA3-SD — {e(d.periode)}</h4>"
        "<table><tr><th>Ligne</th><th>Libellé</th><th>Base HT (€)</th><th>Montant (€)</th></tr>"
        f"{lignes}</table>"
        f'<p class="tdb-conclusion"><strong>{e(conclusion)}</strong><br><small>Montants du formulaire arrondis à '
        "l'euro le plus proche, ligne par ligne (notice 3310-NOT-CA3-SD).</small></p>"
        f"<h4>Écriture de liquidation</h4>{ecriture}</div>"
    )


def modele(progression: Progression | None = None) -> ModeleSimulateur:
    """Le modèle du simulateur de CA3, avec la progression de l'apprenant (valeurs reprises)."""
    return ModeleSimulateur(SECTION, PARAMETRES, _calcul, progression)


def simulateur(progression: Progression | None = None) -> VueSimulateur:
    """Le simulateur affiché par ``course/tableaux_de_bord/b1_simulateur_tva.ipynb``.

    Les widgets se construisent pendant le préchauffage du noyau ; les valeurs saisies ne sont
    reprises qu'à l'arrivée de la requête du visiteur (:func:`tableaux_de_bord.noyau.attendre_la_requete`).
    """
    noyau.preparer()
    m = ModeleSimulateur(SECTION, PARAMETRES, _calcul, reprendre=False)
    vue = VueSimulateur(m, rendu, titre="Déclaration de TVA CA3 du mois", largeur_libelles="25em")
    noyau.attendre_la_requete()
    m.reprendre(progression)
    return vue
