"""Simulateur du bulletin de paie (bloc 3, activité B3.1).

Une vue Voilà sur :func:`compta_kernel.paie.bulletin` : l'apprenant tape le mois, le statut
(cadre ou non cadre), le salaire de base, le temps de travail (heures payées par mois : 151,67 h
à temps plein, moins à temps partiel) et les éléments variables du mois (heures supplémentaires
à 25 % et à 50 %, absence en heures, prime, avantages en nature), puis le taux de prélèvement à
la source, l'effectif et le taux AT/MP de l'entreprise. Il voit le bulletin clarifié
(:func:`compta_kernel.paie.bulletin_html`) : rubriques, part salariale et part patronale, net à
payer avant impôt, prélèvement à la source, net payé, net social, coût employeur.

Tous les taux, plafonds et le SMIC viennent des règles datées du mois saisi. Les messages du
noyau s'affichent sous le champ qu'ils concernent : période sans règles, salaire sous le SMIC
(C. trav. art. L3231-2), heures supplémentaires au-delà de la durée maximale de 48 h
(art. L3121-20), absence plus longue que l'horaire du contrat. Les alertes qui n'empêchent
pas le bulletin (plus de 8 h par semaine à 25 %, heures complémentaires d'un temps partiel)
sont affichées au-dessus du bulletin.

Exemple (doctest de :func:`compta_kernel.paie.bulletin`) : octobre 2026, non cadre,
2 500 € pour 151,67 h → brut 2 500,00 €, vieillesse plafonnée salariale 172,50 € (6,90 %).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import paie, regles
from compta_kernel.presentation import format_montant
from formulaires import SaisieInvalide
from formulaires._commun import lire_entier_saisi, lire_montant_saisi, lire_nombre_saisi, verifier_texte
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression
from tableaux_de_bord.simulateur import ModeleSimulateur, Parametre, VueSimulateur

__all__ = [
    "PARAMETRES",
    "SECTION",
    "ResultatBulletin",
    "lire_periode",
    "lire_statut",
    "modele",
    "rendu",
    "simulateur",
]

#: Section de la progression où sont gardées les dernières valeurs saisies.
SECTION = "b3_simulateur_paie"
#: Champ du simulateur où s'affiche une alerte du noyau (champ de l'alerte → paramètre).
CHAMP_DES_ALERTES = {"heures_sup": "heures_sup_50"}
#: Effectif maximal accepté (garde-fou de saisie, bien au-delà des cas du cours).
EFFECTIF_MAX = 1_000_000


def lire_periode(texte: object, *, champ: str, nom: str) -> str | None:
    """Mois tapé « MM/AAAA » (ou « M/AAAA ») → période ``"AAAA-MM"`` ; ``None`` si vide.

    Raises:
        SaisieInvalide: mois illisible, ou année sans règles de paie dans les données du cours.
    """
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=20).strip()
    if not brut:
        return None
    trouve = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", brut)
    if not trouve or not 1 <= int(trouve.group(1)) <= 12:
        raise SaisieInvalide(
            f"{nom} : « {brut} » n'est pas un mois ; tapez MM/AAAA, par exemple 10/2026.", champ=champ
        )
    annees = regles.annees_disponibles()
    annee = int(trouve.group(2))
    if annee not in annees:
        raise SaisieInvalide(
            f"{nom} : le simulateur connaît les règles de paie de {', '.join(map(str, annees))} ; "
            f"{annee} n'en fait pas partie.",
            champ=champ,
        )
    return f"{annee}-{int(trouve.group(1)):02d}"


def lire_statut(texte: object, *, champ: str, nom: str) -> str | None:
    """« cadre » ou « non cadre » (majuscules, tiret ou soulignement admis) ; ``None`` si vide."""
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=20).strip()
    if not brut:
        return None
    cle = re.sub(r"[\s_-]+", "_", brut.lower())
    if cle not in paie.STATUTS:
        raise SaisieInvalide(
            f"{nom} : « {brut} » n'est pas un statut ; tapez « cadre » ou « non cadre ».", champ=champ
        )
    return cle


def _montant(texte: object, *, champ: str, nom: str) -> Decimal | None:
    return lire_montant_saisi(texte, champ=champ, nom=nom)


def _heures(texte: object, *, champ: str, nom: str) -> Decimal | None:
    return lire_nombre_saisi(texte, champ=champ, nom=nom, exemple="7,5")


def _pourcentage(texte: object, *, champ: str, nom: str) -> Decimal | None:
    """Un pourcentage tapé « 7,5 » ou « 7,5 % » → ``Decimal("0.075")`` ; ``None`` si vide."""
    brut = verifier_texte(texte, champ=champ, nom=nom, maximum=20).strip().removesuffix("%").strip()
    valeur = lire_nombre_saisi(brut, champ=champ, nom=nom, exemple="7,5", decimales=3)
    if valeur is None:
        return None
    if valeur >= 100:
        raise SaisieInvalide(
            f"{nom} : {brut} % n'est pas un taux possible ; tapez un pourcentage sous 100.", champ=champ
        )
    return valeur / 100


def _effectif(texte: object, *, champ: str, nom: str) -> int | None:
    n = lire_entier_saisi(texte, champ=champ, nom=nom, maximum=EFFECTIF_MAX)
    if n is not None and n < 1:
        raise SaisieInvalide(f"{nom} : au moins 1 salarié.", champ=champ)
    return n


def _facultatif(nom: str, libelle: str, lire, aide: str, indication: str) -> Parametre:
    return Parametre(nom, libelle, lire, aide=aide, indication=indication, obligatoire=False)


PARAMETRES = (
    Parametre(
        "periode",
        "Mois de paie",
        lire_periode,
        aide="MM/AAAA",
        indication="Les règles de ce mois s'appliquent.",
    ),
    Parametre("statut", "Statut", lire_statut, aide="non cadre", indication="« cadre » ou « non cadre »."),
    Parametre("salaire_base", "Salaire de base mensuel brut", _montant, aide="2 500,00"),
    _facultatif(
        "horaire_mensuel",
        "Temps de travail (heures par mois)",
        _heures,
        "151,67",
        "Facultatif. Vide : temps plein, 151,67 h (35 h par semaine) ; moins : temps partiel.",
    ),
    _facultatif(
        "heures_sup_25",
        "Heures supplémentaires à 25 %",
        _heures,
        "0",
        "Facultatif : 36e à 43e heure de la semaine.",
    ),
    _facultatif(
        "heures_sup_50",
        "Heures supplémentaires à 50 %",
        _heures,
        "0",
        "Facultatif : au-delà de la 43e heure.",
    ),
    _facultatif(
        "absences_heures",
        "Absence non rémunérée (heures)",
        _heures,
        "0",
        "Facultatif : retenue au taux horaire moyen (salaire ÷ horaire mensuel × heures).",
    ),
    _facultatif("primes", "Prime du mois", _montant, "0,00", "Facultatif : soumise à cotisations."),
    _facultatif(
        "avantages_nature",
        "Avantages en nature",
        _montant,
        "0,00",
        "Facultatif : dans le brut, retenus sur le net.",
    ),
    _facultatif(
        "taux_prelevement_source",
        "Taux de prélèvement à la source (%)",
        _pourcentage,
        "0",
        "Facultatif : taux transmis par la DGFiP.",
    ),
    _facultatif("effectif", "Effectif de l'entreprise", _effectif, "10", "Facultatif. Vide : 10 salariés."),
    _facultatif(
        "taux_accident_travail",
        "Taux accidents du travail (%)",
        _pourcentage,
        "1",
        "Facultatif. Vide : 1 % ; taux notifié à l'entreprise par la CARSAT.",
    ),
)


@dataclass(frozen=True)
class ResultatBulletin:
    """Le bulletin calculé et les alertes qui ne l'empêchent pas."""

    bulletin: paie.Bulletin
    alertes: tuple[paie.AlertePaie, ...]


def _calcul(valeurs: dict) -> ResultatBulletin:
    contrat = {
        k: valeurs[k] for k in ("horaire_mensuel", "taux_prelevement_source") if valeurs[k] is not None
    }
    salarie = paie.Salarie(
        "Salarié simulé", valeurs["statut"] or "non_cadre", valeurs["salaire_base"], **contrat
    )
    entreprise = {k: valeurs[k] for k in ("effectif", "taux_accident_travail") if valeurs[k] is not None}
    employeur = paie.Employeur(raison_sociale="Entreprise simulée", **entreprise)
    elements = ("heures_sup_25", "heures_sup_50", "absences_heures", "primes", "avantages_nature")
    variables = paie.ElementsVariables(**{k: valeurs[k] for k in elements if valeurs[k] is not None})
    b = paie.bulletin(salarie, valeurs["periode"], variables, employeur)
    bloquantes = [a for a in b.alertes if a.bloquante]
    if bloquantes:
        a = bloquantes[0]
        message = a.message[0].upper() + a.message[1:]
        raise paie.PaieInvalide(message, champ=CHAMP_DES_ALERTES.get(a.champ, a.champ))
    return ResultatBulletin(b, b.alertes)


def rendu(r: ResultatBulletin) -> str:
    """HTML du résultat : les totaux à retenir, les alertes, puis le bulletin clarifié (texte échappé)."""
    b = r.bulletin
    totaux = (
        ("tdb-brut", "Salaire brut", b.brut),
        ("tdb-net-avant-impot", "Net à payer avant impôt sur le revenu", b.net_avant_impot),
        ("tdb-prelevement", "Impôt sur le revenu prélevé à la source", b.prelevement_source),
        ("tdb-net-paye", "Net payé", b.net_paye),
        ("tdb-net-social", "Montant net social", b.net_social),
        ("tdb-cout-employeur", "Coût total pour l'employeur", b.cout_employeur),
    )
    lignes = "".join(
        f'<tr><th style="text-align:left">{html.escape(libelle)}</th>'
        f'<td style="text-align:right" class="{classe}">{format_montant(valeur)}</td></tr>'
        for classe, libelle, valeur in totaux
    )
    alertes = "".join(f"<li>{html.escape(a.message)}</li>" for a in r.alertes)
    bloc_alertes = (
        f'<div class="tdb-alertes"><strong>À vérifier :</strong><ul>{alertes}</ul></div>' if alertes else ""
    )
    return (
        '<div class="tdb-paie">'
        f'<table class="tdb-totaux">{lignes}</table>{bloc_alertes}'
        "<p><small>Chaque ligne de cotisation est arrondie au centime (demi supérieur) ; les totaux "
        "sont les sommes des lignes.</small></p>"
        f"{paie.bulletin_html(b)}</div>"
    )


def modele(progression: Progression | None = None) -> ModeleSimulateur:
    """Le modèle du simulateur de bulletin, avec la progression de l'apprenant (valeurs reprises)."""
    return ModeleSimulateur(SECTION, PARAMETRES, _calcul, progression)


def simulateur(progression: Progression | None = None) -> VueSimulateur:
    """Le simulateur affiché par ``course/tableaux_de_bord/b3_simulateur_paie.ipynb``.

    Les widgets se construisent pendant le préchauffage du noyau ; les valeurs saisies ne sont
    reprises qu'à l'arrivée de la requête du visiteur (:func:`tableaux_de_bord.noyau.attendre_la_requete`).
    """
    noyau.preparer()
    m = ModeleSimulateur(SECTION, PARAMETRES, _calcul, reprendre=False)
    vue = VueSimulateur(m, rendu, titre="Bulletin de paie du mois", largeur_libelles="20em")
    noyau.attendre_la_requete()
    m.reprendre(progression)
    return vue
