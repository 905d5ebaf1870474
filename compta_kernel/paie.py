"""Paie : éléments variables, bulletin de salaire, contrôle, comptabilisation et DSN.

Ce module calcule la paie d'un mois comme le fait un logiciel de paie français, pour un
salarié du régime général (France métropolitaine, hors Alsace-Moselle), cadre ou non cadre,
à temps plein ou partiel :

- :class:`Salarie`, :class:`Employeur` et :class:`ElementsVariables` (heures supplémentaires,
  absences et leur méthode de retenue, primes, avantages en nature, titres-restaurant, frais
  professionnels, indemnités, acompte) ; :func:`controler_variables` fait les contrôles d'un
  gestionnaire de paie (maximum légal d'heures, SMIC, minimum conventionnel, élément manquant) ;
- :func:`bulletin` rend un :class:`Bulletin` présenté comme le bulletin clarifié (rubriques
  santé, accidents du travail, retraite, famille, assurance chômage, autres contributions dues
  par l'employeur, CSG/CRDS, exonérations et allègements), avec le net à payer avant impôt, le
  prélèvement à la source, le net payé, le net social, le net imposable et le coût employeur ;
  :func:`bulletin_html` et :func:`bulletin_pdf` l'affichent ;
- :func:`controler_bulletin` retrouve les erreurs d'un bulletin saisi ou fourni ;
- :func:`ecriture_paie` passe l'écriture du journal de paie du mois ; :func:`rapprocher_paie`
  rapproche les comptes de charges et de dettes sociales du livre avec les bulletins d'un mois ou
  d'un trimestre et signale les écritures contre-passées ;
- :func:`dsn_mensuelle` totalise les montants à déclarer et à payer par organisme, avec l'échéance.

Aucun taux n'est écrit ici : tous viennent de ``donnees/regles/<année>/paie.yaml`` (avec leur
source), lus à la date du premier jour de la période de paie (:mod:`compta_kernel.regles`).

**Arrondi.** Chaque ligne du bulletin (élément de salaire, cotisation, réduction) est arrondie au
centime le plus proche, demi supérieur (:func:`compta_kernel.montants.arrondir`) ; les totaux sont
les sommes des lignes arrondies. Aucun texte ne fixe l'ordre des arrondis d'un bulletin : c'est la
pratique des logiciels de paie et des exemples publiés (montants au centime, ligne par ligne) ; les
totaux déclarés par organisme en DSN peuvent donc différer de quelques centimes d'un calcul global
sur la somme des bases. Le coefficient de la réduction générale
est arrondi à quatre décimales (CSS art. D241-7), demi supérieur.

Utilisé par B3.1 (éléments variables, bulletin), B3.2 (contrôle, comptabilisation) et B3.3
(déclarations sociales).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant

#: Statuts d'un salarié (« non cadre » avec une espace est aussi accepté).
STATUTS = ("non_cadre", "cadre")

#: Méthodes de retenue pour absence (jurisprudence : la retenue doit être strictement
#: proportionnelle à la durée de l'absence, C. cass. soc. 3 juillet 1991 ; chaque méthode
#: donne un taux de retenue différent, d'où l'intérêt de les comparer).
METHODES_ABSENCE = {
    "horaire_moyen": "salaire ÷ horaire mensuel × heures d'absence",
    "horaire_reel": "salaire ÷ heures réellement travaillables du mois × heures d'absence",
    "jours_ouvres": "salaire ÷ jours ouvrés du mois × jours d'absence",
    "jours_ouvrables": "salaire ÷ jours ouvrables du mois × jours d'absence",
    "jours_calendaires": "salaire ÷ jours calendaires du mois × jours d'absence",
    "trentieme": "salaire ÷ 30 × jours d'absence (méthode forfaitaire)",
}

#: Rubriques du bulletin clarifié (arrêté du 25 février 2016 modifié, C. trav. art. R3243-2), dans l'ordre.
RUBRIQUES = (
    "Santé",
    "Accidents du travail – maladies professionnelles",
    "Retraite",
    "Famille",
    "Assurance chômage",
    "Autres contributions dues par l'employeur",
    "CSG/CRDS",
    "Exonérations, écrêtements et allègements de cotisations",
)

#: Organismes destinataires des cotisations (DSN).
URSSAF = "URSSAF"
AGIRC_ARRCO = "Agirc-Arrco"
PREVOYANCE = "Organisme de prévoyance"
MUTUELLE = "Organisme complémentaire santé"
DGFIP = "DGFiP (prélèvement à la source)"

_QUATRE = Decimal("0.0001")
#: Éléments sans lesquels le bulletin ne peut pas être calculé (les autres alertes y sont reportées).
_INDISPENSABLES = ("absences_jours", "absences_heures", "titres_restaurant")
_PERIODE = re.compile(r"^(\d{4})-(\d{2})$")


class PaieInvalide(ErreurComptable, ValueError):
    """Une donnée de paie est impossible (montant négatif, statut inconnu, période mal écrite...)."""


# --------------------------------------------------------------------------------------------
# Données d'entrée
# --------------------------------------------------------------------------------------------


def _decimal(valeur: object, champ: str, nom: str, *, positif: bool = True) -> Decimal:
    """Lit un nombre (heures ou euros) ; refuse les flottants, les textes illisibles et les négatifs."""
    try:
        d = montant(valeur)
    except MontantInvalide as exc:
        raise PaieInvalide(f"{nom} : {exc.message}", champ=champ) from None
    if positif and d < 0:
        raise PaieInvalide(f"{nom} : {d} est négatif ; saisissez 0 ou un nombre positif.", champ=champ)
    return d


@dataclass(frozen=True)
class Salarie:
    """Un salarié et son contrat.

    Args:
        nom: nom et prénom.
        statut: ``"non_cadre"`` ou ``"cadre"`` (cotisations APEC, prévoyance cadre).
        salaire_base: salaire de base mensuel brut du contrat (pour l'horaire mensuel).
        horaire_mensuel: heures payées par mois ; 151,67 h = temps plein de 35 h ; moins = temps
            partiel (le plafond de la sécurité sociale est alors réduit à due proportion).
        matricule, emploi: pour l'en-tête du bulletin.
        taux_prelevement_source: taux de prélèvement à la source transmis par la DGFiP (0,075 = 7,5 %).
        mutuelle_salariale, mutuelle_patronale: cotisations mensuelles de complémentaire santé (€).
        minimum_conventionnel: salaire minimum de la convention collective pour cet emploi, s'il y en a un.
    """

    nom: str
    statut: str = "non_cadre"
    salaire_base: Decimal | None = None
    horaire_mensuel: Decimal = Decimal("151.67")
    matricule: str = ""
    emploi: str = ""
    taux_prelevement_source: Decimal = ZERO
    mutuelle_salariale: Decimal = ZERO
    mutuelle_patronale: Decimal = ZERO
    minimum_conventionnel: Decimal | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.nom, str) or not self.nom.strip():
            raise PaieInvalide("Le nom du salarié est vide.", champ="nom")
        statut = str(self.statut).strip().lower().replace(" ", "_").replace("-", "_")
        if statut not in STATUTS:
            raise PaieInvalide(
                f"Statut « {self.statut} » inconnu : choisissez « non_cadre » ou « cadre ».", champ="statut"
            )
        object.__setattr__(self, "statut", statut)
        if self.salaire_base is None:
            raise PaieInvalide(
                f"{self.nom} : élément manquant, le salaire de base mensuel du contrat.", champ="salaire_base"
            )
        base = _decimal(self.salaire_base, "salaire_base", "Salaire de base")
        if base == 0:
            raise PaieInvalide(f"{self.nom} : le salaire de base est nul.", champ="salaire_base")
        object.__setattr__(self, "salaire_base", base)
        horaire = _decimal(self.horaire_mensuel, "horaire_mensuel", "Horaire mensuel")
        if horaire <= 0:
            raise PaieInvalide("L'horaire mensuel doit être positif (151,67 h pour 35 h par semaine).")
        object.__setattr__(self, "horaire_mensuel", horaire)
        taux = _decimal(self.taux_prelevement_source, "taux_prelevement_source", "Taux de prélèvement")
        if taux >= 1:
            raise PaieInvalide(
                f"Taux de prélèvement à la source {taux} : écrivez-le en décimal (7,5 % → 0.075).",
                champ="taux_prelevement_source",
            )
        object.__setattr__(self, "taux_prelevement_source", taux)
        for nom in ("mutuelle_salariale", "mutuelle_patronale"):
            object.__setattr__(self, nom, _decimal(getattr(self, nom), nom, "Complémentaire santé"))
        if self.minimum_conventionnel is not None:
            object.__setattr__(
                self,
                "minimum_conventionnel",
                _decimal(self.minimum_conventionnel, "minimum_conventionnel", "Minimum conventionnel"),
            )

    @property
    def est_cadre(self) -> bool:
        """Vrai pour un cadre (APEC, prévoyance des cadres)."""
        return self.statut == "cadre"


@dataclass(frozen=True)
class Employeur:
    """L'employeur et ses paramètres propres.

    Args:
        effectif: effectif de l'entreprise (seuils 11, 20, 50, 250 salariés).
        taux_accident_travail: taux AT/MP notifié par la CARSAT (0,0100 = 1 %), propre à l'entreprise.
        raison_sociale, siret: pour l'en-tête du bulletin.
        prevoyance_non_cadre: taux patronal de prévoyance des non-cadres (sur le brut), s'il y en a une.
        titre_restaurant_valeur: valeur faciale d'un titre-restaurant.
        titre_restaurant_part_patronale: part financée par l'employeur (0,50 à 0,60 pour l'exonération).
        decalage_paie: paie du mois versée le mois suivant (échéance DSN au 15).
    """

    effectif: int = 10
    taux_accident_travail: Decimal = Decimal("0.01")
    raison_sociale: str = "Entreprise"
    siret: str = ""
    prevoyance_non_cadre: Decimal = ZERO
    titre_restaurant_valeur: Decimal = ZERO
    titre_restaurant_part_patronale: Decimal = ZERO
    decalage_paie: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.effectif, bool) or not isinstance(self.effectif, int) or self.effectif < 1:
            raise PaieInvalide(f"Effectif « {self.effectif} » : un nombre entier de salariés, au moins 1.")
        at = _decimal(self.taux_accident_travail, "taux_accident_travail", "Taux AT/MP")
        if at >= Decimal("0.5"):
            raise PaieInvalide(
                f"Taux AT/MP {at} : écrivez-le en décimal (1,5 % → 0.015).", champ="taux_accident_travail"
            )
        object.__setattr__(self, "taux_accident_travail", at)
        for nom in ("prevoyance_non_cadre", "titre_restaurant_valeur", "titre_restaurant_part_patronale"):
            object.__setattr__(self, nom, _decimal(getattr(self, nom), nom, nom.replace("_", " ")))
        if self.titre_restaurant_part_patronale > 1:
            raise PaieInvalide(
                "Part patronale du titre-restaurant : écrivez-la en décimal (55 % → 0.55).",
                champ="titre_restaurant_part_patronale",
            )


@dataclass(frozen=True)
class ElementsVariables:
    """Éléments variables d'un mois pour un salarié.

    Args:
        heures_sup_25, heures_sup_50: heures supplémentaires du mois à chaque taux de majoration.
        absences_heures, absences_jours: absence non rémunérée, en heures ou en jours selon la méthode.
        methode_absence: une clé de :data:`METHODES_ABSENCE`.
        jours_absence: dates d'absence (pour les méthodes en jours, facultatif : sert à compter les jours).
        primes: primes et gratifications soumises à cotisations.
        avantages_nature: valeur des avantages en nature (dans le brut, retenue sur le net).
        titres_restaurant: nombre de titres-restaurant remis dans le mois.
        frais: remboursements de frais professionnels (ni cotisations ni impôt).
        indemnites: indemnités non soumises à cotisations (rupture dans les limites légales...).
        acompte: acompte déjà versé dans le mois.
        cumul_heures_sup_exonerees: heures supplémentaires déjà exonérées d'impôt depuis janvier (net).
    """

    heures_sup_25: Decimal = ZERO
    heures_sup_50: Decimal = ZERO
    absences_heures: Decimal = ZERO
    absences_jours: Decimal = ZERO
    methode_absence: str = "horaire_moyen"
    primes: Decimal = ZERO
    avantages_nature: Decimal = ZERO
    titres_restaurant: Decimal = ZERO
    frais: Decimal = ZERO
    indemnites: Decimal = ZERO
    acompte: Decimal = ZERO
    cumul_heures_sup_exonerees: Decimal = ZERO

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name == "methode_absence":
                continue
            object.__setattr__(self, f.name, _decimal(getattr(self, f.name), f.name, _TITRES[f.name]))
        if self.methode_absence not in METHODES_ABSENCE:
            raise PaieInvalide(
                f"Méthode de retenue « {self.methode_absence} » inconnue : {', '.join(METHODES_ABSENCE)}.",
                champ="methode_absence",
            )
        if self.titres_restaurant != self.titres_restaurant.to_integral_value():
            raise PaieInvalide(
                "Le nombre de titres-restaurant est un nombre entier.", champ="titres_restaurant"
            )

    @property
    def heures_sup(self) -> Decimal:
        """Heures supplémentaires du mois, tous taux confondus."""
        return self.heures_sup_25 + self.heures_sup_50

    @classmethod
    def depuis_saisie(cls, saisie: Mapping[str, object], **autres) -> ElementsVariables:
        """Les éléments saisis dans le formulaire :class:`formulaires.paie.SaisiePaie` pour un salarié.

        Args:
            saisie: dictionnaire élément → ``Decimal`` (``SaisiePaie.valeur()[code]``).
            autres: champs qui ne sont pas dans le formulaire (``methode_absence``, ``acompte``...).

        Raises:
            PaieInvalide: un élément est invalide dans le formulaire (``None``) ou inconnu.
        """
        noms = {f.name for f in fields(cls)}
        valeurs = {}
        for nom, valeur in saisie.items():
            if nom not in noms:
                raise PaieInvalide(f"Élément de paie « {nom} » inconnu.", champ=nom)
            if valeur is None:
                raise PaieInvalide(
                    f"{_TITRES[nom]} : la saisie est invalide dans le formulaire ; corrigez-la avant le calcul.",
                    champ=nom,
                )
            valeurs[nom] = valeur
        if valeurs.get("absences_jours") and "methode_absence" not in autres:
            autres = {**autres, "methode_absence": "jours_ouvres"}
        return cls(**valeurs, **autres)


_TITRES = {
    "heures_sup_25": "Heures supplémentaires à 25 %",
    "heures_sup_50": "Heures supplémentaires à 50 %",
    "absences_heures": "Absences (heures)",
    "absences_jours": "Absences (jours)",
    "primes": "Primes",
    "avantages_nature": "Avantages en nature",
    "titres_restaurant": "Titres-restaurant (nombre)",
    "frais": "Frais professionnels remboursés",
    "indemnites": "Indemnités non soumises",
    "acompte": "Acompte",
    "cumul_heures_sup_exonerees": "Cumul annuel des heures supplémentaires exonérées",
}


@dataclass(frozen=True)
class AlertePaie:
    """Un contrôle de gestionnaire de paie qui appelle une vérification.

    Attributes:
        salarie: nom du salarié.
        champ: élément concerné (``"heures_sup_25"``, ``"salaire_base"``...).
        message: ce qui ne va pas et quoi vérifier, en français.
        bloquante: ``True`` si le bulletin ne peut pas être établi tel quel (illégal).
    """

    salarie: str
    champ: str
    message: str
    bloquante: bool = False

    def __str__(self) -> str:
        return f"{self.salarie} ({'erreur' if self.bloquante else 'alerte'}, {self.champ}) : {self.message}"


# --------------------------------------------------------------------------------------------
# Règles de la période
# --------------------------------------------------------------------------------------------


def lire_periode(periode: object) -> dt.date:
    """Le premier jour du mois d'une période ``"AAAA-MM"`` (``"2026-10"``).

    Raises:
        PaieInvalide: période mal écrite ou mois impossible.
    """
    if isinstance(periode, dt.date):
        return periode.replace(day=1)
    m = _PERIODE.match(str(periode).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise PaieInvalide(
            f"Période « {periode} » : écrivez l'année et le mois, par exemple « 2026-10 ».", champ="periode"
        )
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


class _Regles:
    """Les paramètres ``paie.*`` en vigueur le premier jour du mois."""

    def __init__(self, jour: dt.date) -> None:
        self.jour = jour
        try:
            regles.regle("paie.pmss", jour)
        except regles.RegleInconnue:
            raise PaieInvalide(
                f"Les paramètres de paie de {jour:%m/%Y} ne sont pas dans les données du cours "
                f"(années disponibles : {', '.join(map(str, regles.annees_disponibles()))}).",
                champ="periode",
            ) from None

    def __call__(self, cle: str) -> Decimal:
        return regles.valeur(f"paie.{cle}", self.jour)

    def existe(self, cle: str) -> bool:
        try:
            regles.regle(f"paie.{cle}", self.jour)
        except regles.RegleInconnue:
            return False
        return True


# --------------------------------------------------------------------------------------------
# Le bulletin
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementBrut:
    """Une ligne du haut du bulletin : salaire de base, absence, heures supplémentaires, prime...

    Attributes:
        code, libelle: identifiant et libellé.
        nombre: heures, jours ou titres (``None`` pour un montant forfaitaire).
        taux: montant unitaire (taux horaire, valeur d'un jour...).
        montant: gain (positif) ou retenue (négatif), arrondi au centime.
    """

    code: str
    libelle: str
    nombre: Decimal | None
    taux: Decimal | None
    montant: Decimal


@dataclass(frozen=True)
class LigneCotisation:
    """Une ligne de cotisation du bulletin : base, taux et montant, part salariale et part patronale.

    Les réductions (réduction générale, heures supplémentaires) sont des montants négatifs.
    ``organisme`` dit à qui la ligne est déclarée et payée (DSN) ; ``deductible`` si la part
    salariale est déduite du revenu imposable.
    """

    code: str
    rubrique: str
    libelle: str
    base: Decimal
    taux_salarial: Decimal | None
    part_salariale: Decimal
    taux_patronal: Decimal | None
    part_patronale: Decimal
    organisme: str
    deductible: bool = True


@dataclass(frozen=True)
class Bulletin:
    """Un bulletin de salaire calculé (voir :func:`bulletin`).

    Les montants sont des ``Decimal`` au centime. ``lignes`` sont les cotisations, dans l'ordre
    des :data:`RUBRIQUES` ; ``elements_brut`` les lignes du salaire brut.
    """

    salarie: Salarie
    employeur: Employeur
    periode: str
    variables: ElementsVariables
    elements_brut: tuple[ElementBrut, ...]
    lignes: tuple[LigneCotisation, ...]
    brut: Decimal
    plafond: Decimal
    smic_mensuel: Decimal
    total_salarial: Decimal
    total_patronal: Decimal
    net_avant_impot: Decimal
    net_imposable: Decimal
    prelevement_source: Decimal
    net_paye: Decimal
    net_social: Decimal
    reduction_generale: Decimal
    coefficient_reduction_generale: Decimal
    heures_sup_exonerees: Decimal
    cout_employeur: Decimal
    titres_restaurant_patronal: Decimal
    titres_restaurant_salarial: Decimal
    alertes: tuple[AlertePaie, ...] = ()
    retenues_net: tuple[tuple[str, Decimal], ...] = field(default=())

    @property
    def periode_lisible(self) -> str:
        """La période en toutes lettres (« octobre 2026 »)."""
        from babel.dates import format_date

        return format_date(lire_periode(self.periode), "MMMM y", locale="fr_FR")

    def ligne(self, code: str) -> LigneCotisation:
        """La ligne de cotisation ``code`` (``"vieillesse_plafonnee"``, ``"csg_deductible"``...).

        Raises:
            KeyError: pas de telle ligne sur ce bulletin.
        """
        for ligne in self.lignes:
            if ligne.code == code:
                return ligne
        raise KeyError(f"Pas de ligne « {code} » sur ce bulletin ({', '.join(x.code for x in self.lignes)}).")

    def rubriques(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Total (part salariale, part patronale) de chaque rubrique du bulletin clarifié présente."""
        totaux: dict[str, tuple[Decimal, Decimal]] = {}
        for ligne in self.lignes:
            s, p = totaux.get(ligne.rubrique, (ZERO, ZERO))
            totaux[ligne.rubrique] = (s + ligne.part_salariale, p + ligne.part_patronale)
        return totaux

    def en_lignes(self) -> list[dict[str, object]]:
        """Les lignes de cotisation en dictionnaires (pour un tableau, une saisie ou :func:`controler_bulletin`)."""
        return [
            {
                "code": x.code,
                "libelle": x.libelle,
                "base": x.base,
                "taux_salarial": x.taux_salarial,
                "part_salariale": x.part_salariale,
                "taux_patronal": x.taux_patronal,
                "part_patronale": x.part_patronale,
            }
            for x in self.lignes
        ]


def _taux4(x: Decimal) -> Decimal:
    return x.quantize(_QUATRE, rounding=ROUND_HALF_UP)


@cache
def _feries(annee: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.France(years=annee))


def jours_du_mois(jour: dt.date, methode: str) -> int:
    """Nombre de jours du mois servant de diviseur à une méthode de retenue en jours.

    ``jours_ouvres`` : du lundi au vendredi, hors jours fériés ; ``jours_ouvrables`` : du lundi au
    samedi, hors jours fériés (C. trav. art. L3133-1) ; ``jours_calendaires`` : tous les jours ;
    ``trentieme`` : 30.
    """
    if methode == "trentieme":
        return 30
    dernier = calendar.monthrange(jour.year, jour.month)[1]
    if methode == "jours_calendaires":
        return dernier
    feries = _feries(jour.year)
    limite = 5 if methode == "jours_ouvres" else 6
    return sum(
        1 for d in range(1, dernier + 1) if (j := jour.replace(day=d)).weekday() < limite and j not in feries
    )


def _retenue_absence(s: Salarie, v: ElementsVariables, jour: dt.date, r: _Regles) -> ElementBrut | None:
    methode = v.methode_absence
    if methode in ("horaire_moyen", "horaire_reel"):
        if not v.absences_heures:
            return None
        if methode == "horaire_moyen":
            diviseur = s.horaire_mensuel
        else:
            hebdo = r("duree_legale.hebdomadaire") * s.horaire_mensuel / r("duree_legale.mensuelle")
            heures_jour = hebdo / 5
            diviseur = jours_du_mois(jour, "jours_ouvres") * heures_jour
        nombre = v.absences_heures
    else:
        if not v.absences_jours:
            return None
        diviseur = Decimal(jours_du_mois(jour, methode))
        nombre = v.absences_jours
    taux = s.salaire_base / diviseur
    retenue = min(arrondir(taux * nombre), s.salaire_base)
    return ElementBrut(
        "absence", f"Absence non rémunérée ({METHODES_ABSENCE[methode]})", nombre, _taux4(taux), -retenue
    )


def controler_variables(
    salarie: Salarie,
    periode: object,
    variables: ElementsVariables | None = None,
    employeur: Employeur | None = None,
) -> tuple[AlertePaie, ...]:
    """Les contrôles d'un gestionnaire de paie sur le contrat et les éléments variables du mois.

    Contrôle : salaire horaire sous le SMIC en vigueur ou sous le minimum conventionnel ; heures
    supplémentaires au-delà de ce que permet la durée maximale hebdomadaire de 48 h (C. trav.
    art. L3121-20) sur un mois moyen ; plus de 8 heures par semaine au taux de 25 % (art.
    L3121-36) ; absence saisie dans l'unité que la méthode n'utilise pas ; titres-restaurant sans
    valeur ; part patronale des titres hors de la fourchette d'exonération ; absence plus longue
    que le mois.

    Returns:
        Toutes les alertes (vide si rien n'est à vérifier).
    """
    v = variables or ElementsVariables()
    e = employeur or Employeur()
    jour = lire_periode(periode)
    r = _Regles(jour)
    alertes: list[AlertePaie] = []

    def alerte(champ: str, message: str, bloquante: bool = False) -> None:
        alertes.append(AlertePaie(salarie.nom, champ, message, bloquante))

    prorata = salarie.horaire_mensuel / r("duree_legale.mensuelle")
    smic_contrat = arrondir(r("smic.mensuel") * prorata)
    if salarie.salaire_base < smic_contrat:
        alerte(
            "salaire_base",
            f"salaire de base de {_fr(salarie.salaire_base)} € sous le SMIC de {_fr(r('smic.horaire'))} € "
            f"de l'heure ({_fr(smic_contrat)} € pour {_fr(salarie.horaire_mensuel)} h). "
            "Un complément différentiel est dû (C. trav. art. L3231-2).",
            bloquante=True,
        )
    if salarie.minimum_conventionnel is not None:
        minimum = salarie.minimum_conventionnel * salarie.horaire_mensuel / r("duree_legale.mensuelle")
        if salarie.salaire_base < arrondir(minimum):
            alerte(
                "salaire_base",
                f"salaire de base {_fr(salarie.salaire_base)} € sous le minimum conventionnel "
                f"({_fr(arrondir(minimum))} € pour cet horaire). Vérifiez la grille de la convention collective.",
                bloquante=True,
            )
    semaines = r("semaines_par_mois")
    max_hs = arrondir((r("duree_maximale.hebdomadaire") - r("duree_legale.hebdomadaire")) * semaines)
    if v.heures_sup > max_hs:
        alerte(
            "heures_sup",
            f"{_fr(v.heures_sup)} h supplémentaires dans le mois : au-delà de {_fr(max_hs)} h, la durée "
            f"maximale de {_fr(r('duree_maximale.hebdomadaire'))} h par semaine est dépassée "
            "(C. trav. art. L3121-20). Vérifiez le relevé d'heures.",
            bloquante=True,
        )
    max_25 = arrondir(r("heures_sup.heures_au_taux_1_par_semaine") * semaines)
    if v.heures_sup_25 > max_25:
        alerte(
            "heures_sup_25",
            f"{_fr(v.heures_sup_25)} h à 25 % : au plus 8 h par semaine (36e à 43e heure), soit "
            f"{_fr(max_25)} h sur un mois moyen ; les suivantes sont à 50 % (C. trav. art. L3121-36).",
        )
    if salarie.horaire_mensuel < r("duree_legale.mensuelle") and v.heures_sup:
        alerte(
            "heures_sup",
            "salarié à temps partiel : les heures au-delà de l'horaire du contrat sont des heures "
            "complémentaires (majoration de 10 % puis 25 %, C. trav. art. L3123-8 et L3123-29), pas des "
            "heures supplémentaires.",
        )
    jours = v.methode_absence not in ("horaire_moyen", "horaire_reel")
    if jours and v.absences_heures and not v.absences_jours:
        alerte(
            "absences_jours",
            f"élément manquant : absence saisie en heures, mais la méthode « {v.methode_absence} » "
            "compte en jours. Saisissez les jours d'absence.",
            bloquante=True,
        )
    if not jours and v.absences_jours and not v.absences_heures:
        alerte(
            "absences_heures",
            f"élément manquant : absence saisie en jours, mais la méthode « {v.methode_absence} » "
            "compte en heures. Saisissez les heures d'absence.",
            bloquante=True,
        )
    if not jours and v.absences_heures > salarie.horaire_mensuel:
        alerte("absences_heures", "plus d'heures d'absence que d'heures au contrat dans le mois.", True)
    if jours and v.absences_jours > jours_du_mois(jour, v.methode_absence):
        alerte(
            "absences_jours", "plus de jours d'absence que de jours dans le mois pour cette méthode.", True
        )
    if v.titres_restaurant and not e.titre_restaurant_valeur:
        alerte(
            "titres_restaurant",
            "élément manquant : titres-restaurant remis sans valeur faciale dans les paramètres de "
            "l'employeur (titre_restaurant_valeur).",
            bloquante=True,
        )
    if v.titres_restaurant and e.titre_restaurant_valeur:
        part = e.titre_restaurant_part_patronale
        mini, maxi = r("titres_restaurant.part_patronale_min"), r("titres_restaurant.part_patronale_max")
        if not mini <= part <= maxi:
            alerte(
                "titres_restaurant",
                f"part patronale des titres-restaurant de {_fr(part * 100)} % : l'exonération exige "
                f"de {_fr(mini * 100)} à {_fr(maxi * 100)} % de la valeur du titre (CGI art. 81, 19°) ; "
                "la part patronale est soumise à cotisations et à l'impôt.",
            )
    return tuple(alertes)


def _fr(d: Decimal) -> str:
    """Un nombre à la française, sans zéros inutiles (« 12,02 », « 7,5 »)."""
    texte = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte.replace(".", ",")


def bulletin(
    salarie: Salarie,
    periode: object,
    variables: ElementsVariables | None = None,
    employeur: Employeur | None = None,
) -> Bulletin:
    """Calcule le bulletin de salaire d'un mois.

    Args:
        salarie: le salarié et son contrat.
        periode: le mois, ``"2026-10"``.
        variables: éléments variables du mois (aucun par défaut).
        employeur: effectif, taux AT/MP... (par défaut 10 salariés, AT 1 %).

    Returns:
        Le :class:`Bulletin`, avec ses alertes de contrôle (:func:`controler_variables`).

    Raises:
        PaieInvalide: période inconnue des données du cours, élément indispensable manquant.

    >>> from decimal import Decimal
    >>> b = bulletin(Salarie("Martin Léa", "non_cadre", Decimal("2500")), "2026-10")
    >>> b.brut, b.ligne("vieillesse_plafonnee").part_salariale
    (Decimal('2500.00'), Decimal('172.50'))
    """
    v = variables or ElementsVariables()
    e = employeur or Employeur()
    s = salarie
    jour = lire_periode(periode)
    r = _Regles(jour)
    alertes = controler_variables(s, jour, v, e)
    manquants = [a for a in alertes if a.bloquante and a.champ in _INDISPENSABLES]
    if manquants:
        raise PaieInvalide(
            f"{s.nom} : " + " ; ".join(a.message for a in manquants) + ".", champ=manquants[0].champ
        )

    # --- Salaire brut ---------------------------------------------------------------------
    taux_horaire = s.salaire_base / s.horaire_mensuel
    elements = [
        ElementBrut(
            "salaire_base",
            "Salaire de base",
            s.horaire_mensuel,
            _taux4(taux_horaire),
            arrondir(s.salaire_base),
        )
    ]
    absence = _retenue_absence(s, v, jour, r)
    if absence:
        elements.append(absence)
    remuneration_hs = ZERO
    for code, heures, majoration in (
        ("heures_sup_25", v.heures_sup_25, r("heures_sup.majoration_1")),
        ("heures_sup_50", v.heures_sup_50, r("heures_sup.majoration_2")),
    ):
        if heures:
            taux = taux_horaire * (1 + majoration)
            gain = arrondir(taux * heures)
            remuneration_hs += gain
            elements.append(
                ElementBrut(
                    code,
                    f"Heures supplémentaires majorées à {_fr(majoration * 100)} %",
                    heures,
                    _taux4(taux),
                    gain,
                )
            )
    if v.primes:
        elements.append(ElementBrut("primes", "Primes", None, None, arrondir(v.primes)))
    if v.avantages_nature:
        elements.append(
            ElementBrut("avantages_nature", "Avantages en nature", None, None, arrondir(v.avantages_nature))
        )
    tr_patronal = tr_salarial = ZERO
    if v.titres_restaurant:
        valeur_titre = e.titre_restaurant_valeur
        part = arrondir(valeur_titre * e.titre_restaurant_part_patronale)
        dans_fourchette = (
            r("titres_restaurant.part_patronale_min")
            <= e.titre_restaurant_part_patronale
            <= r("titres_restaurant.part_patronale_max")
        )
        exoneree = min(part, r("titres_restaurant.exoneration_max")) if dans_fourchette else ZERO
        tr_patronal = arrondir(part * v.titres_restaurant)
        tr_salarial = arrondir((valeur_titre - part) * v.titres_restaurant)
        excedent = arrondir((part - exoneree) * v.titres_restaurant)
        if excedent:
            elements.append(
                ElementBrut(
                    "titres_restaurant_excedent",
                    "Titres-restaurant : part patronale non exonérée",
                    v.titres_restaurant,
                    part - exoneree,
                    excedent,
                )
            )
    brut = sum((x.montant for x in elements), ZERO)

    # --- Bases ----------------------------------------------------------------------------
    duree_legale = r("duree_legale.mensuelle")
    pmss = r("pmss")
    plafond = arrondir(pmss * min(Decimal(1), s.horaire_mensuel / duree_legale))
    t1 = min(brut, plafond * r("tranche.t1.plafond_pmss"))
    t2 = max(ZERO, min(brut, plafond * r("tranche.t2.plafond_pmss")) - plafond * r("tranche.t1.plafond_pmss"))
    base_4 = min(brut, plafond * r("chomage.plafond_pmss"))
    smic_horaire = r("smic.horaire")
    presence = (s.salaire_base + (absence.montant if absence else ZERO)) / s.salaire_base
    heures_smic = s.horaire_mensuel * presence + v.heures_sup
    smic_mois = arrondir(smic_horaire * heures_smic)

    lignes: list[LigneCotisation] = []

    def cotisation(code, rubrique, libelle, base, taux_s, taux_p, organisme, deductible=True):
        base = arrondir(base)
        lignes.append(
            LigneCotisation(
                code,
                rubrique,
                libelle,
                base,
                taux_s,
                arrondir(base * taux_s) if taux_s is not None else ZERO,
                taux_p,
                arrondir(base * taux_p) if taux_p is not None else ZERO,
                organisme,
                deductible,
            )
        )

    sante, at, retraite, famille, chomage, autres, csg, exo = RUBRIQUES
    # Santé
    taux_maladie = r("maladie.patronal")
    if r.existe("maladie.patronal_reduit") and brut <= r("maladie.seuil_taux_reduit_smic") * smic_mois:
        taux_maladie = r("maladie.patronal_reduit")
    cotisation(
        "maladie",
        sante,
        "Sécurité sociale – Maladie, maternité, invalidité, décès",
        brut,
        r("maladie.salarial") or None,
        taux_maladie,
        URSSAF,
    )
    prevoyance_patronale = ZERO
    if s.est_cadre:
        cotisation(
            "prevoyance_cadre",
            sante,
            "Complémentaire – Prévoyance des cadres (décès)",
            t1,
            None,
            r("prevoyance_cadre.patronal"),
            PREVOYANCE,
        )
        prevoyance_patronale += lignes[-1].part_patronale
    elif e.prevoyance_non_cadre:
        cotisation(
            "prevoyance",
            sante,
            "Complémentaire – Incapacité, invalidité, décès",
            brut,
            None,
            e.prevoyance_non_cadre,
            PREVOYANCE,
        )
        prevoyance_patronale += lignes[-1].part_patronale
    if s.mutuelle_salariale or s.mutuelle_patronale:
        lignes.append(
            LigneCotisation(
                "complementaire_sante",
                sante,
                "Complémentaire – Santé",
                ZERO,
                None,
                arrondir(s.mutuelle_salariale),
                None,
                arrondir(s.mutuelle_patronale),
                MUTUELLE,
            )
        )
    # AT/MP
    cotisation(
        "accident_travail",
        at,
        "Accidents du travail – maladies professionnelles",
        brut,
        None,
        e.taux_accident_travail,
        URSSAF,
    )
    # Retraite
    cotisation(
        "vieillesse_plafonnee",
        retraite,
        "Sécurité sociale plafonnée",
        t1,
        r("vieillesse_plafonnee.salarial"),
        r("vieillesse_plafonnee.patronal"),
        URSSAF,
    )
    cotisation(
        "vieillesse_deplafonnee",
        retraite,
        "Sécurité sociale déplafonnée",
        brut,
        r("vieillesse_deplafonnee.salarial"),
        r("vieillesse_deplafonnee.patronal"),
        URSSAF,
    )
    cotisation(
        "retraite_complementaire_t1",
        retraite,
        "Complémentaire Agirc-Arrco tranche 1",
        t1,
        r("retraite_complementaire.t1.salarial"),
        r("retraite_complementaire.t1.patronal"),
        AGIRC_ARRCO,
    )
    cotisation(
        "ceg_t1",
        retraite,
        "Contribution d'équilibre général tranche 1",
        t1,
        r("ceg.t1.salarial"),
        r("ceg.t1.patronal"),
        AGIRC_ARRCO,
    )
    if t2 > 0:
        cotisation(
            "retraite_complementaire_t2",
            retraite,
            "Complémentaire Agirc-Arrco tranche 2",
            t2,
            r("retraite_complementaire.t2.salarial"),
            r("retraite_complementaire.t2.patronal"),
            AGIRC_ARRCO,
        )
        cotisation(
            "ceg_t2",
            retraite,
            "Contribution d'équilibre général tranche 2",
            t2,
            r("ceg.t2.salarial"),
            r("ceg.t2.patronal"),
            AGIRC_ARRCO,
        )
        cotisation(
            "cet",
            retraite,
            "Contribution d'équilibre technique",
            t1 + t2,
            r("cet.salarial"),
            r("cet.patronal"),
            AGIRC_ARRCO,
        )
    # Famille
    taux_famille = r("allocations_familiales.patronal")
    if (
        r.existe("allocations_familiales.patronal_reduit")
        and brut <= r("allocations_familiales.seuil_taux_reduit_smic") * smic_mois
    ):
        taux_famille = r("allocations_familiales.patronal_reduit")
    cotisation("allocations_familiales", famille, "Allocations familiales", brut, None, taux_famille, URSSAF)
    # Assurance chômage
    cotisation("chomage", chomage, "Assurance chômage", base_4, None, r("chomage.patronal"), URSSAF)
    cotisation("ags", chomage, "AGS (garantie des salaires)", base_4, None, r("ags.patronal"), URSSAF)
    if s.est_cadre:
        cotisation(
            "apec",
            chomage,
            "APEC",
            min(brut, plafond * r("apec.plafond_pmss")),
            r("apec.salarial"),
            r("apec.patronal"),
            AGIRC_ARRCO,
        )
    # Autres contributions dues par l'employeur
    grande = e.effectif >= r("fnal.seuil_effectif")
    cotisation("csa", autres, "Contribution solidarité autonomie", brut, None, r("csa.patronal"), URSSAF)
    if grande:
        cotisation("fnal", autres, "FNAL (50 salariés et plus)", brut, None, r("fnal.50_et_plus"), URSSAF)
    else:
        cotisation("fnal", autres, "FNAL (moins de 50 salariés)", t1, None, r("fnal.moins_50"), URSSAF)
    onze = e.effectif >= r("formation_professionnelle.seuil_effectif")
    cotisation(
        "formation_professionnelle",
        autres,
        "Contribution à la formation professionnelle",
        brut,
        None,
        r("formation_professionnelle.11_et_plus" if onze else "formation_professionnelle.moins_11"),
        URSSAF,
    )
    cotisation(
        "taxe_apprentissage",
        autres,
        "Taxe d'apprentissage",
        brut,
        None,
        r("taxe_apprentissage.patronal"),
        URSSAF,
    )
    cotisation(
        "dialogue_social",
        autres,
        "Contribution au dialogue social",
        brut,
        None,
        r("dialogue_social.patronal"),
        URSSAF,
    )
    if prevoyance_patronale and onze:
        cotisation(
            "forfait_social",
            autres,
            "Forfait social sur la prévoyance",
            prevoyance_patronale,
            None,
            r("forfait_social.prevoyance"),
            URSSAF,
        )
    # CSG / CRDS
    limite = pmss * r("csg.abattement_plafond_pmss")
    base_csg = (
        min(brut, limite) * r("csg.assiette_abattue")
        + max(ZERO, brut - limite)
        + prevoyance_patronale
        + arrondir(s.mutuelle_patronale)
    )
    cotisation(
        "csg_deductible",
        csg,
        "CSG déductible de l'impôt sur le revenu",
        base_csg,
        r("csg.deductible"),
        None,
        URSSAF,
    )
    cotisation(
        "csg_non_deductible",
        csg,
        "CSG non déductible de l'impôt sur le revenu",
        base_csg,
        r("csg.non_deductible"),
        None,
        URSSAF,
        deductible=False,
    )
    cotisation(
        "crds",
        csg,
        "CRDS non déductible de l'impôt sur le revenu",
        base_csg,
        r("crds"),
        None,
        URSSAF,
        deductible=False,
    )

    # --- Exonérations et allègements ---------------------------------------------------------
    if remuneration_hs:
        # CSS D241-21 : somme des taux salariaux d'assurance vieillesse (base et complémentaire), au
        # plus 11,31 % ; au-delà du plafond, les taux diffèrent par tranche : taux effectif du mois.
        vieillesse = [x for x in lignes if x.rubrique == retraite]
        if t2 == 0:
            taux_hs = sum((x.taux_salarial for x in vieillesse), ZERO)
        else:
            taux_hs = sum((x.part_salariale for x in vieillesse), ZERO) / brut
        taux_hs = min(r("heures_sup.reduction_salariale_max"), taux_hs)
        reduction = arrondir(remuneration_hs * taux_hs)
        lignes.append(
            LigneCotisation(
                "reduction_heures_sup",
                exo,
                "Réduction de cotisations salariales sur heures supplémentaires",
                remuneration_hs,
                _taux4(taux_hs),
                -reduction,
                None,
                ZERO,
                URSSAF,
            )
        )
        if e.effectif < r("heures_sup.deduction_patronale.seuil_20"):
            unitaire = r("heures_sup.deduction_patronale.moins_20")
        elif e.effectif < r("heures_sup.deduction_patronale.seuil_250"):
            unitaire = r("heures_sup.deduction_patronale.20_a_249")
        else:
            unitaire = r("heures_sup.deduction_patronale.250_et_plus")
        if unitaire:
            lignes.append(
                LigneCotisation(
                    "deduction_heures_sup",
                    exo,
                    "Déduction forfaitaire patronale sur heures supplémentaires",
                    v.heures_sup,
                    None,
                    ZERO,
                    unitaire,
                    -arrondir(unitaire * v.heures_sup),
                    URSSAF,
                )
            )
    coefficient, tmax = _coefficient_reduction(r, brut, s, v, heures_smic, grande)
    reduction_generale = arrondir(brut * coefficient)
    if reduction_generale:
        part_rc = arrondir(reduction_generale * r("reduction_generale.part_retraite_complementaire") / tmax)
        lignes.append(
            LigneCotisation(
                "reduction_generale",
                exo,
                "Réduction générale des cotisations patronales",
                arrondir(brut),
                None,
                ZERO,
                coefficient,
                -(reduction_generale - part_rc),
                URSSAF,
            )
        )
        lignes.append(
            LigneCotisation(
                "reduction_generale_retraite",
                exo,
                "Réduction générale imputée sur la retraite complémentaire",
                arrondir(brut),
                None,
                ZERO,
                None,
                -part_rc,
                AGIRC_ARRCO,
            )
        )

    # --- Totaux ---------------------------------------------------------------------------
    total_salarial = sum((x.part_salariale for x in lignes), ZERO)
    total_patronal = sum((x.part_patronale for x in lignes), ZERO)
    non_deductible = sum(
        (x.part_salariale for x in lignes if not x.deductible and x.organisme == URSSAF), ZERO
    )
    retenues = []
    if v.avantages_nature:
        retenues.append(("Avantages en nature (déjà dans le brut)", -arrondir(v.avantages_nature)))
    if tr_salarial:
        retenues.append(("Titres-restaurant : part salariale", -tr_salarial))
    excedent_tr = next((x.montant for x in elements if x.code == "titres_restaurant_excedent"), ZERO)
    if excedent_tr:
        retenues.append(("Titres-restaurant : part patronale non exonérée (déjà dans le brut)", -excedent_tr))
    if v.frais:
        retenues.append(("Remboursement de frais professionnels", arrondir(v.frais)))
    if v.indemnites:
        retenues.append(("Indemnités non soumises", arrondir(v.indemnites)))
    net_avant_impot = brut - total_salarial + sum((m for _, m in retenues), ZERO)

    hs_exonerees = ZERO
    if remuneration_hs:
        csg_hs = arrondir(remuneration_hs * r("csg.assiette_abattue") * r("csg.deductible"))
        plafond_ir = max(ZERO, r("heures_sup.exoneration_ir_plafond") - v.cumul_heures_sup_exonerees)
        hs_exonerees = min(remuneration_hs - csg_hs, plafond_ir)
    net_imposable = brut - (total_salarial - non_deductible) + arrondir(s.mutuelle_patronale) - hs_exonerees
    prelevement = arrondir(max(ZERO, net_imposable) * s.taux_prelevement_source)
    net_paye = net_avant_impot - prelevement - arrondir(v.acompte)
    net_social = brut - total_salarial + prevoyance_patronale + arrondir(v.indemnites)
    cout = brut + total_patronal

    return Bulletin(
        salarie=s,
        employeur=e,
        periode=f"{jour:%Y-%m}",
        variables=v,
        elements_brut=tuple(elements),
        lignes=tuple(lignes),
        brut=arrondir(brut),
        plafond=plafond,
        smic_mensuel=smic_mois,
        total_salarial=total_salarial,
        total_patronal=total_patronal,
        net_avant_impot=arrondir(net_avant_impot),
        net_imposable=arrondir(net_imposable),
        prelevement_source=prelevement,
        net_paye=arrondir(net_paye),
        net_social=arrondir(net_social),
        reduction_generale=reduction_generale,
        coefficient_reduction_generale=coefficient,
        heures_sup_exonerees=hs_exonerees,
        cout_employeur=arrondir(cout),
        titres_restaurant_patronal=tr_patronal,
        titres_restaurant_salarial=tr_salarial,
        alertes=alertes,
        retenues_net=tuple(retenues),
    )


def _coefficient_reduction(
    r: _Regles, brut: Decimal, s: Salarie, v: ElementsVariables, heures_smic: Decimal, grande: bool
) -> tuple[Decimal, Decimal]:
    """Coefficient de la réduction générale du mois et sa valeur maximale.

    Calcul mensuel (la régularisation annuelle ou progressive n'est pas faite) : SMIC du mois =
    SMIC horaire × (horaire du contrat au prorata de la présence + heures supplémentaires sans
    majoration), CSS art. D241-7.

    - 2026 (RGDU) : C = Tmin + Tdelta × [½ × (3 × SMIC / rémunération − 1)]^P, nul à partir de 3 SMIC ;
      le SMIC retenu est celui du 1er janvier (décret n° 2026-509).
    - 2025 : C = T / 0,6 × (1,6 × SMIC / rémunération − 1), nul à partir de 1,6 SMIC, au plus T.

    Le coefficient est arrondi à 4 décimales (D241-7).
    """
    if brut <= 0:
        return ZERO, Decimal(1)
    plafond_smic = r("reduction_generale.plafond_smic")
    if r.existe("reduction_generale.t_min"):
        smic = r("reduction_generale.smic_horaire_reference") * heures_smic
        tmin = r("reduction_generale.t_min")
        tdelta = r(
            "reduction_generale.t_delta.50_et_plus" if grande else "reduction_generale.t_delta.moins_50"
        )
        tmax = tmin + tdelta
        if brut >= plafond_smic * smic:
            return ZERO, tmax
        ecart = (plafond_smic * smic / brut - 1) / 2
        coefficient = tmin + tdelta * ecart ** r("reduction_generale.puissance")
    else:
        smic = r("smic.horaire") * heures_smic
        tmax = r("reduction_generale.t.50_et_plus" if grande else "reduction_generale.t.moins_50")
        if brut >= plafond_smic * smic:
            return ZERO, tmax
        coefficient = tmax / (plafond_smic - 1) * (plafond_smic * smic / brut - 1)
    return _taux4(min(coefficient, tmax)), tmax


# --------------------------------------------------------------------------------------------
# Contrôle d'un bulletin
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EcartBulletin:
    """Une erreur trouvée dans un bulletin contrôlé.

    Attributes:
        ligne: code de la ligne (``"vieillesse_plafonnee"``, ``"brut"``...).
        libelle: libellé de la ligne.
        champ: ``"base"``, ``"taux_salarial"``, ``"part_patronale"``, ``"ligne"`` (absente ou en trop)...
        attendu, trouve: valeurs attendue et lue (``None`` si la ligne manque).
        message: ce qui est faux et pourquoi, en français.
    """

    ligne: str
    libelle: str
    champ: str
    attendu: Decimal | None
    trouve: Decimal | None
    message: str

    def __str__(self) -> str:
        return f"{self.libelle} ({self.champ}) : {self.message}"


_CHAMPS_LIGNE = ("base", "taux_salarial", "part_salariale", "taux_patronal", "part_patronale")
_CODES_TRANCHE_1 = (
    "vieillesse_plafonnee",
    "retraite_complementaire_t1",
    "ceg_t1",
    "prevoyance_cadre",
    "fnal",
)
_CODES_PLAFOND_4 = ("chomage", "ags", "apec")
_CODES_CSG = ("csg_deductible", "csg_non_deductible", "crds")


def _cle_ligne(texte: object) -> str:
    return re.sub(r"\W+", " ", str(texte)).strip().lower()


def _lire_saisie(valeur: object, nom: str) -> Decimal | None:
    if valeur is None or valeur == "":
        return None
    return _decimal(valeur, nom, nom, positif=False)


def controler_bulletin(
    saisi: Bulletin | Mapping[str, object] | Sequence[Mapping[str, object]],
    salarie: Salarie | None = None,
    periode: object = None,
    variables: ElementsVariables | None = None,
    employeur: Employeur | None = None,
    *,
    tolerance: Decimal = Decimal("0.01"),
) -> tuple[EcartBulletin, ...]:
    """Retrouve les erreurs d'un bulletin en le comparant au bulletin recalculé.

    Args:
        saisi: le bulletin à contrôler : un :class:`Bulletin` (modifié, d'un exercice), une liste de
            lignes (dictionnaires ``code`` ou ``libelle``, ``base``, ``taux_salarial``, ``part_salariale``,
            ``taux_patronal``, ``part_patronale``, comme :meth:`Bulletin.en_lignes`), ou un dictionnaire
            ``{"brut": ..., "lignes": [...]}``.
        salarie, periode, variables, employeur: ce qui permet de recalculer le bulletin (repris du
            bulletin contrôlé si c'est un :class:`Bulletin`).
        tolerance: écart admis sur un montant (un centime par défaut, pour les arrondis).

    Returns:
        Les écarts, chacun avec sa ligne et la raison probable : plafond ignoré (base égale au brut
        au lieu de la tranche 1 ou des 4 plafonds), abattement de 1,75 % oublié dans l'assiette de
        la CSG, élément variable oublié (brut trop faible exactement de ce montant), taux erroné,
        erreur de multiplication, ligne absente ou en trop. Vide si le bulletin est juste.
    """
    if isinstance(saisi, Bulletin):
        salarie = salarie or saisi.salarie
        periode = periode or saisi.periode
        variables = variables or saisi.variables
        employeur = employeur or saisi.employeur
        brut_saisi: Decimal | None = saisi.brut
        lignes_saisies = saisi.en_lignes()
    elif isinstance(saisi, Mapping):
        brut_saisi = _lire_saisie(saisi.get("brut"), "brut")
        lignes_saisies = list(saisi.get("lignes", ()))
    else:
        brut_saisi = None
        lignes_saisies = list(saisi)
    if salarie is None or periode is None:
        raise PaieInvalide("Pour contrôler un bulletin, donnez le salarié et la période.", champ="salarie")
    attendu = bulletin(salarie, periode, variables, employeur)
    ecarts: list[EcartBulletin] = []

    if brut_saisi is not None and abs(brut_saisi - attendu.brut) > tolerance:
        difference = attendu.brut - brut_saisi
        oublis = [x for x in attendu.elements_brut if x.code != "salaire_base" and x.montant == difference]
        if oublis:
            raison = f"élément variable oublié : « {oublis[0].libelle} » ({_fr(oublis[0].montant)} €)."
        else:
            raison = "vérifiez le salaire de base et chaque élément variable du mois."
        ecarts.append(
            EcartBulletin(
                "brut",
                "Salaire brut",
                "brut",
                attendu.brut,
                brut_saisi,
                f"brut de {_fr(brut_saisi)} € au lieu de {_fr(attendu.brut)} € : {raison}",
            )
        )
    brut_reference = brut_saisi if brut_saisi is not None else attendu.brut

    par_cle = {}
    for x in attendu.lignes:
        par_cle[_cle_ligne(x.code)] = x
        par_cle[_cle_ligne(x.libelle)] = x
    vus = set()
    for numero, saisie in enumerate(lignes_saisies, start=1):
        cle = _cle_ligne(saisie.get("code") or saisie.get("libelle") or "")
        ref = par_cle.get(cle)
        if ref is None:
            nom = str(saisie.get("code") or saisie.get("libelle") or f"ligne {numero}")
            ecarts.append(
                EcartBulletin(
                    nom,
                    str(saisie.get("libelle") or nom),
                    "ligne",
                    None,
                    None,
                    "ligne en trop : cette cotisation n'est pas due pour ce salarié ce mois-ci.",
                )
            )
            continue
        vus.add(ref.code)
        valeurs = {nom: _lire_saisie(saisie.get(nom), nom) for nom in _CHAMPS_LIGNE}
        ecarts.extend(_ecarts_ligne(ref, valeurs, brut_reference, tolerance))
    for ref in attendu.lignes:
        if ref.code not in vus and (ref.part_salariale or ref.part_patronale):
            ecarts.append(
                EcartBulletin(
                    ref.code,
                    ref.libelle,
                    "ligne",
                    None,
                    None,
                    f"ligne absente : {ref.libelle} est due (part salariale "
                    f"{_fr(ref.part_salariale)} €, part patronale {_fr(ref.part_patronale)} €).",
                )
            )
    return tuple(ecarts)


def _ecarts_ligne(
    ref: LigneCotisation, saisie: dict[str, Decimal | None], brut: Decimal, tolerance: Decimal
) -> list[EcartBulletin]:
    ecarts = []

    def ecart(champ: str, attendu, trouve, message: str) -> None:
        ecarts.append(EcartBulletin(ref.code, ref.libelle, champ, attendu, trouve, message))

    base = saisie["base"]
    base_fausse = base is not None and abs(base - ref.base) > tolerance
    if base_fausse:
        if ref.code in _CODES_TRANCHE_1 and base == brut and brut > ref.base:
            raison = (
                f"plafond ignoré : la base est la tranche 1, limitée au plafond de la sécurité "
                f"sociale ({_fr(ref.base)} €)."
            )
        elif ref.code in _CODES_PLAFOND_4 and base == brut and brut > ref.base:
            raison = "plafond ignoré : la base est limitée à 4 plafonds de la sécurité sociale."
        elif ref.code in _CODES_CSG and base == brut:
            raison = (
                "base de la CSG/CRDS fausse : 98,25 % du brut (abattement de 1,75 % dans la limite de "
                "4 plafonds), plus la prévoyance et la complémentaire santé patronales."
            )
        elif ref.code in _CODES_CSG:
            raison = "base de la CSG/CRDS fausse : 98,25 % du brut plus les contributions patronales de prévoyance."
        else:
            raison = "mauvaise base."
        ecart("base", ref.base, base, f"base {_fr(base)} € au lieu de {_fr(ref.base)} € : {raison}")
    for cote in ("salarial", "patronal"):
        taux_ref = getattr(ref, f"taux_{cote}")
        taux = saisie[f"taux_{cote}"]
        montant_ref = getattr(ref, f"part_{cote}e")
        montant_saisi = saisie[f"part_{cote}e"]
        taux_faux = taux is not None and taux_ref is not None and taux != taux_ref
        if taux_faux:
            ecart(
                f"taux_{cote}",
                taux_ref,
                taux,
                f"taux {cote} de {_fr(taux * 100)} % au lieu de {_fr(taux_ref * 100)} %.",
            )
        if montant_saisi is None:
            if montant_ref:
                ecart(f"part_{cote}e", montant_ref, None, f"part {cote}e manquante ({_fr(montant_ref)} €).")
            continue
        if abs(montant_saisi - montant_ref) > tolerance and not base_fausse and not taux_faux:
            if (
                taux is not None
                and base is not None
                and abs(arrondir(base * taux) - montant_saisi) > tolerance
            ):
                raison = (
                    f"erreur de calcul : {_fr(base)} × {_fr(taux * 100)} % = {_fr(arrondir(base * taux))} €."
                )
            else:
                raison = f"montant attendu {_fr(montant_ref)} €."
            ecart(
                f"part_{cote}e",
                montant_ref,
                montant_saisi,
                f"part {cote}e de {_fr(montant_saisi)} € fausse : {raison}",
            )
    return ecarts


# --------------------------------------------------------------------------------------------
# Comptabilisation
# --------------------------------------------------------------------------------------------

#: Comptes du journal de paie (PCG, règlement ANC n° 2022-06).
COMPTES_PAIE = {
    "salaires": "6411",
    "primes": "6413",
    "indemnites": "6414",
    "urssaf_charge": "6451",
    "mutuelle_charge": "6452",
    "retraite_charge": "6453",
    "prevoyance_charge": "6458",
    "titres_restaurant_charge": "647",
    "formation_charge": "6333",
    "apprentissage_charge": "6312",
    "frais": "6251",
    "avantages_nature_produit": "708",
    "remunerations_dues": "421",
    "acomptes": "425",
    "securite_sociale": "431",
    "autres_organismes": "437",
    "prelevement_source": "4421",
    "titres_restaurant_a_payer": "4386",
}
_TAXES = {"formation_professionnelle": "formation_charge", "taxe_apprentissage": "apprentissage_charge"}
_CHARGE_ORGANISME = {
    URSSAF: "urssaf_charge",
    AGIRC_ARRCO: "retraite_charge",
    PREVOYANCE: "prevoyance_charge",
    MUTUELLE: "mutuelle_charge",
}
_DETTE_ORGANISME = {
    URSSAF: "securite_sociale",
    AGIRC_ARRCO: "autres_organismes",
    PREVOYANCE: "autres_organismes",
    MUTUELLE: "autres_organismes",
}


def ecriture_paie(
    bulletins: Iterable[Bulletin],
    date: dt.date | None = None,
    *,
    journal: str = "OD",
    piece: str | None = None,
) -> Ecriture:
    """L'écriture du journal de paie d'un mois, pour un ou plusieurs bulletins de la même période.

    Au débit : 6411 salaires (salaire de base, absences, heures supplémentaires, part des
    titres-restaurant non exonérée), 6413 primes, 6414 avantages en nature et indemnités non
    soumises, 6251 frais professionnels remboursés, 6451/6453/6458/6452 cotisations patronales
    par organisme (réduction générale déduite), 6333 formation et 6312 apprentissage (recouvrées
    par l'URSSAF), 647 part patronale des titres-restaurant. Au crédit : 421 net payé, 425
    acomptes, 431 URSSAF (parts salariale et patronale, CSG/CRDS, chômage), 437 autres organismes
    (Agirc-Arrco, prévoyance, mutuelle), 4421 prélèvement à la source, 4386 titres-restaurant à
    payer à l'émetteur (parts patronale et salariale), 708 contrepartie des avantages en nature
    (les comptes 79 « transferts de charges » sont supprimés depuis 2025 ; convention du cours).

    Args:
        bulletins: bulletins d'une même période.
        date: date de l'écriture (par défaut le dernier jour du mois).
        journal, piece: journal et référence (par défaut « PAIE-AAAA-MM »).

    Raises:
        PaieInvalide: aucun bulletin, ou bulletins de périodes différentes.
    """
    liste = list(bulletins)
    if not liste:
        raise PaieInvalide("Aucun bulletin à comptabiliser.", champ="bulletins")
    periodes = {b.periode for b in liste}
    if len(periodes) > 1:
        raise PaieInvalide(
            f"Bulletins de plusieurs périodes ({', '.join(sorted(periodes))}) : une écriture par mois."
        )
    periode = periodes.pop()
    debut = lire_periode(periode)
    date = date or debut.replace(day=calendar.monthrange(debut.year, debut.month)[1])
    debits: dict[str, Decimal] = {}
    credits: dict[str, Decimal] = {}

    def ajouter(sens: dict[str, Decimal], cle: str, valeur: Decimal) -> None:
        if valeur:
            compte = COMPTES_PAIE[cle]
            sens[compte] = sens.get(compte, ZERO) + valeur

    for b in liste:
        for x in b.elements_brut:
            cle = {"primes": "primes", "avantages_nature": "indemnites"}.get(x.code, "salaires")
            ajouter(debits, cle, x.montant)
        for x in b.lignes:
            charge = _TAXES.get(x.code, _CHARGE_ORGANISME[x.organisme])
            ajouter(debits, charge, x.part_patronale)
            ajouter(credits, _DETTE_ORGANISME[x.organisme], x.part_salariale + x.part_patronale)
        ajouter(debits, "frais", arrondir(b.variables.frais))
        ajouter(debits, "indemnites", arrondir(b.variables.indemnites))
        ajouter(debits, "titres_restaurant_charge", b.titres_restaurant_patronal)
        excedent = next((x.montant for x in b.elements_brut if x.code == "titres_restaurant_excedent"), ZERO)
        ajouter(
            credits, "titres_restaurant_a_payer", b.titres_restaurant_patronal + b.titres_restaurant_salarial
        )
        ajouter(debits, "titres_restaurant_charge", -excedent)
        ajouter(credits, "avantages_nature_produit", arrondir(b.variables.avantages_nature))
        ajouter(credits, "remunerations_dues", b.net_paye)
        ajouter(credits, "acomptes", arrondir(b.variables.acompte))
        ajouter(credits, "prelevement_source", b.prelevement_source)
    lignes = [Ligne(c, debit=m) for c, m in sorted(debits.items()) if m > 0]
    lignes += [Ligne(c, credit=-m) for c, m in sorted(debits.items()) if m < 0]
    lignes += [Ligne(c, credit=m) for c, m in sorted(credits.items()) if m > 0]
    lignes += [Ligne(c, debit=-m) for c, m in sorted(credits.items()) if m < 0]
    return Ecriture(journal, date, piece or f"PAIE-{periode}", f"Salaires {debut:%m/%Y}", tuple(lignes))


@dataclass(frozen=True)
class EcartRapprochement:
    """Un écart entre la comptabilité et les bulletins d'une période.

    Attributes:
        compte: compte concerné (``"431"``), ou ``""`` pour une écriture.
        attendu: solde attendu d'après les bulletins (crédit positif pour un compte de dette,
            débit positif pour un compte de charge) ; ``None`` pour une écriture signalée.
        comptabilise: solde trouvé dans les écritures de la période.
        message: l'écart et quoi vérifier, en français.
        ecriture: numéro de l'écriture concernée, s'il y en a une.
    """

    compte: str
    attendu: Decimal | None
    comptabilise: Decimal | None
    message: str
    ecriture: str = ""

    def __str__(self) -> str:
        return self.message


def rapprocher_paie(
    ecritures: Iterable[Ecriture] | object,
    bulletins: Iterable[Bulletin],
    *,
    tolerance: Decimal = Decimal("0.01"),
) -> tuple[EcartRapprochement, ...]:
    """Rapproche la comptabilité des bulletins d'un mois ou d'un trimestre.

    Compare, compte par compte (421, 425, 431, 437, 4421, 4386 et charges 64x/63x), les écritures
    datées dans la période des bulletins avec :func:`ecriture_paie` de chaque mois ; signale aussi
    les écritures de la période contre-passées (une écriture validée ne se modifie pas : elle est
    contre-passée puis ressaisie, principe d'intangibilité, PCG art. 911-3).

    Args:
        ecritures: un :class:`compta_kernel.livre.Livre` ou des :class:`Ecriture`.
        bulletins: les bulletins de la période (un ou plusieurs mois, par exemple un trimestre).
        tolerance: écart admis par compte.

    Returns:
        Les écarts (vide si la comptabilité concorde).
    """
    liste = list(bulletins)
    if not liste:
        raise PaieInvalide("Aucun bulletin à rapprocher.", champ="bulletins")
    mois = sorted({b.periode for b in liste})
    attendu: dict[str, Decimal] = {}
    for periode in mois:
        for ligne in ecriture_paie(b for b in liste if b.periode == periode).lignes:
            attendu[ligne.compte] = attendu.get(ligne.compte, ZERO) + ligne.debit - ligne.credit
    debut = lire_periode(mois[0])
    dernier = lire_periode(mois[-1])
    fin = dernier.replace(day=calendar.monthrange(dernier.year, dernier.month)[1])
    livre = ecritures if hasattr(ecritures, "contre_passee_par") else None
    source = ecritures.ecritures() if livre is not None else ecritures
    trouve: dict[str, Decimal] = {}
    ecarts: list[EcartRapprochement] = []
    for ecriture in source:
        if not debut <= ecriture.date <= fin:
            continue
        for ligne in ecriture.lignes:
            compte = next((c for c in attendu if ligne.compte.startswith(c)), None)
            if compte is not None:
                trouve[compte] = trouve.get(compte, ZERO) + ligne.debit - ligne.credit
        if livre is not None and ecriture.numero and livre.contre_passee_par(ecriture.numero):
            ecarts.append(
                EcartRapprochement(
                    "",
                    None,
                    None,
                    f"écriture {ecriture.numero} du {ecriture.date:%d/%m/%Y} contre-passée par "
                    f"{livre.contre_passee_par(ecriture.numero)} : vérifiez la correction et sa pièce.",
                    ecriture.numero,
                )
            )
    for compte, montant_attendu in sorted(attendu.items()):
        montant_trouve = trouve.get(compte, ZERO)
        if abs(montant_trouve - montant_attendu) > tolerance:
            sens = "débit" if montant_attendu > 0 else "crédit"
            ecarts.append(
                EcartRapprochement(
                    compte,
                    abs(montant_attendu),
                    abs(montant_trouve),
                    f"compte {compte} : {_fr(abs(montant_trouve))} € au {sens} dans les écritures de la période, "
                    f"{_fr(abs(montant_attendu))} € d'après les bulletins (écart {_fr(montant_trouve - montant_attendu)} €).",
                )
            )
    return tuple(ecarts)


# --------------------------------------------------------------------------------------------
# DSN mensuelle
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DsnMensuelle:
    """Les montants d'une DSN mensuelle et leur échéance.

    Attributes:
        periode: mois déclaré (``"2026-10"``).
        echeance: date limite de dépôt de la DSN et de paiement des cotisations.
        par_organisme: organisme → montant à payer (parts salariales et patronales, réductions déduites).
        detail: organisme → code de cotisation → montant.
        prelevement_source: impôt prélevé à reverser à la DGFiP.
        remunerations_soumises: total des bruts soumis à cotisations.
        remunerations_non_soumises: frais professionnels, indemnités non soumises, part exonérée des titres-restaurant.
        effectif: effectif de l'employeur.
    """

    periode: str
    echeance: dt.date
    par_organisme: dict[str, Decimal]
    detail: dict[str, dict[str, Decimal]]
    prelevement_source: Decimal
    remunerations_soumises: Decimal
    remunerations_non_soumises: Decimal
    effectif: int

    @property
    def total(self) -> Decimal:
        """Tout ce qui est à payer pour le mois (organismes sociaux et prélèvement à la source)."""
        return sum(self.par_organisme.values(), ZERO)


def echeance_dsn(periode: object, effectif: int, decalage_paie: bool = False) -> dt.date:
    """Date limite de la DSN et du paiement des cotisations d'un mois.

    Le 5 du mois suivant pour les employeurs d'au moins 50 salariés qui paient le mois même, le 15
    sinon (CSS art. R243-6). La date n'est pas reportée si elle tombe un jour non ouvré.
    """
    debut = lire_periode(periode)
    r = _Regles(debut)
    suivant = (debut + dt.timedelta(days=32)).replace(day=1)
    if effectif >= r("dsn.echeance.seuil_effectif") and not decalage_paie:
        jour = int(r("dsn.echeance.jour_50_et_plus"))
    else:
        jour = int(r("dsn.echeance.jour_moins_50"))
    return suivant.replace(day=jour)


def dsn_mensuelle(bulletins: Iterable[Bulletin]) -> DsnMensuelle:
    """Les montants à déclarer et à payer par organisme pour un mois, et l'échéance.

    L'URSSAF recouvre la sécurité sociale, la CSG/CRDS, l'assurance chômage et l'AGS (pour France
    Travail et l'AGS), le FNAL, la CSA, la formation, l'apprentissage et le dialogue social ;
    l'Agirc-Arrco la retraite complémentaire, la CEG, la CET et l'APEC ; la DGFiP le prélèvement
    à la source. Les réductions viennent en déduction de l'organisme sur lequel elles s'imputent.

    Raises:
        PaieInvalide: aucun bulletin, ou bulletins de périodes différentes.
    """
    liste = list(bulletins)
    if not liste:
        raise PaieInvalide("Aucun bulletin à déclarer.", champ="bulletins")
    periodes = {b.periode for b in liste}
    if len(periodes) > 1:
        raise PaieInvalide(
            f"Bulletins de plusieurs périodes ({', '.join(sorted(periodes))}) : une DSN par mois."
        )
    detail: dict[str, dict[str, Decimal]] = {}
    for b in liste:
        for x in b.lignes:
            montant_ligne = x.part_salariale + x.part_patronale
            if montant_ligne:
                par_code = detail.setdefault(x.organisme, {})
                par_code[x.code] = par_code.get(x.code, ZERO) + montant_ligne
    pas = sum((b.prelevement_source for b in liste), ZERO)
    par_organisme = {org: sum(codes.values(), ZERO) for org, codes in detail.items()}
    if pas:
        par_organisme[DGFIP] = pas
    premier = liste[0]
    soumises = sum((b.brut for b in liste), ZERO)
    non_soumises = sum(
        (
            arrondir(b.variables.frais)
            + arrondir(b.variables.indemnites)
            + b.titres_restaurant_patronal
            - next((x.montant for x in b.elements_brut if x.code == "titres_restaurant_excedent"), ZERO)
            for b in liste
        ),
        ZERO,
    )
    return DsnMensuelle(
        periode=premier.periode,
        echeance=echeance_dsn(premier.periode, premier.employeur.effectif, premier.employeur.decalage_paie),
        par_organisme=par_organisme,
        detail=detail,
        prelevement_source=pas,
        remunerations_soumises=soumises,
        remunerations_non_soumises=non_soumises,
        effectif=premier.employeur.effectif,
    )


# --------------------------------------------------------------------------------------------
# Rendus
# --------------------------------------------------------------------------------------------


def _taux_affiche(taux: Decimal | None) -> str:
    """« 6,9 % », « 0,024 % » ; vide pour une ligne sans taux."""
    if taux is None or taux == 0:
        return ""
    return f"{_fr((taux * 100).normalize())}\u00a0%"


def _par_rubrique(b: Bulletin) -> dict[str, list[LigneCotisation]]:
    groupes: dict[str, list[LigneCotisation]] = {r: [] for r in RUBRIQUES}
    for ligne in b.lignes:
        groupes[ligne.rubrique].append(ligne)
    return {r: lignes for r, lignes in groupes.items() if lignes}


def bulletin_html(b: Bulletin) -> str:
    """Le bulletin en HTML (gabarit Jinja2 ``donnees/gabarits/bulletin_paie.html.j2``), pour un carnet ou un fichier.

    Les textes sont échappés (noms saisis par l'apprenant). Dans un carnet :
    ``IPython.display.HTML(bulletin_html(b))``.
    """
    from importlib import resources

    import jinja2

    from compta_kernel.presentation import format_montant

    gabarit = (resources.files("compta_kernel") / "donnees" / "gabarits" / "bulletin_paie.html.j2").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
    )
    return env.from_string(gabarit).render(
        b=b,
        rubriques=_par_rubrique(b),
        montant=format_montant,
        taux=_taux_affiche,
        nombre=lambda d: _fr(d) if d is not None else "",
    )


def bulletin_pdf(b: Bulletin) -> bytes:
    """Le bulletin en PDF (A4, police Source Sans Pro embarquée), mêmes rubriques que le HTML."""
    from fpdf import FPDF

    from compta_kernel.donnees_fictives import _fichier_police
    from compta_kernel.presentation import format_montant

    def m(valeur: Decimal | None) -> str:
        return format_montant(valeur) if valeur else ""

    pdf = FPDF(format="A4")
    pdf.set_lang("fr-FR")
    pdf.set_title(f"Bulletin de paie {b.salarie.nom} {b.periode}")
    pdf.set_creator("Cours Assistant comptable : compta_kernel.paie")
    pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Source", "B", 13)
    pdf.cell(0, 7, f"Bulletin de paie – {b.periode_lisible}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Source", size=9)
    pdf.cell(
        0, 5, f"{b.employeur.raison_sociale} – effectif {b.employeur.effectif}", new_x="LMARGIN", new_y="NEXT"
    )
    statut = "cadre" if b.salarie.est_cadre else "non cadre"
    pdf.cell(
        0,
        5,
        f"{b.salarie.nom} – {statut} – {_fr(b.salarie.horaire_mensuel)} h – plafond {m(b.plafond)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    largeurs = (70, 24, 20, 22, 20, 24)
    with pdf.table(
        col_widths=largeurs,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=4.2,
        first_row_as_headings=True,
    ) as table:
        table.row(
            ("Élément", "Base / nombre", "Taux salarial", "Part salariale", "Taux patronal", "Part patronale")
        )
        for x in b.elements_brut:
            table.row((x.libelle, _fr(x.nombre) if x.nombre is not None else "", "", m(x.montant), "", ""))
        table.row(("Salaire brut", "", "", m(b.brut), "", ""))
        for rubrique, lignes in _par_rubrique(b).items():
            table.row((rubrique.upper(), "", "", "", "", ""))
            for x in lignes:
                table.row(
                    (
                        x.libelle,
                        m(x.base),
                        _taux_affiche(x.taux_salarial),
                        m(x.part_salariale),
                        _taux_affiche(x.taux_patronal),
                        m(x.part_patronale),
                    )
                )
        table.row(("Total des cotisations", "", "", m(b.total_salarial), "", m(b.total_patronal)))
    pdf.ln(2)
    for libelle, valeur in (
        *b.retenues_net,
        ("Net à payer avant impôt sur le revenu", b.net_avant_impot),
        ("Impôt sur le revenu prélevé à la source", -b.prelevement_source),
        ("Net payé", b.net_paye),
        ("Montant net social", b.net_social),
        ("Net imposable", b.net_imposable),
        ("Réduction générale des cotisations patronales", b.reduction_generale),
        ("Total versé par l'employeur", b.cout_employeur),
    ):
        pdf.cell(150, 5, libelle)
        pdf.cell(0, 5, format_montant(valeur), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
