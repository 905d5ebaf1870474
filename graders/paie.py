"""Correcteurs du bloc 3 (paie) : éléments variables saisis, lignes d'un bulletin contrôlé, DSN, délais.

Ces correcteurs servent aux devoirs ``b3_variables_journal`` et ``b3_examen_paie`` (modules de
``course/corrections/``) ; les réponses attendues viennent toutes de :mod:`compta_kernel.paie`.
Chaque remarque commence par le critère du référentiel qu'elle concerne (« B3.1-K01 — ... »).

- :func:`elements_variables` : du relevé du mois d'un salarié (heures de chaque semaine, absence,
  prime, frais) aux éléments variables de paie (heures supplémentaires à 25 % et à 50 %...) ;
- :func:`comparer_saisie_paie` : les éléments enregistrés par le formulaire
  :class:`formulaires.SaisiePaie` (``reponses.json``), élément par élément ;
- :func:`comparer_lignes_signalees` : les lignes d'un bulletin que l'apprenant dit fausses (ensemble
  remis en liste par :func:`en_liste` pour être enregistré) ;
- :func:`comparer_organismes` : montants à payer par organisme (DSN) ;
- :func:`date_limite_remise` : date limite de remise des éléments variables (jours ouvrés).

Utilisé par B3.1, B3.2 et B3.3.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, montant
from compta_kernel.paie import (
    AGIRC_ARRCO,
    DGFIP,
    PREVOYANCE,
    URSSAF,
    EcartBulletin,
    ElementsVariables,
    lire_periode,
)
from compta_kernel.presentation import format_date, format_montant
from formulaires.paie import ELEMENTS_PAIE
from graders.verdict import Verdict, evaluer

#: Nom court de chaque organisme, tel que l'apprenant l'écrit dans sa réponse.
NOMS_ORGANISMES = {URSSAF: "URSSAF", AGIRC_ARRCO: "Agirc-Arrco", PREVOYANCE: "Prévoyance", DGFIP: "DGFiP"}
_TITRES = {e.nom: e.titre for e in ELEMENTS_PAIE}


def heures_supplementaires(semaines: Sequence[Decimal | int], periode: object) -> tuple[Decimal, Decimal]:
    """Heures supplémentaires à 25 % et à 50 % d'un salarié à temps plein, semaine par semaine.

    Les heures au-delà de la durée légale (35 h) sont supplémentaires ; les 8 premières de la
    semaine (36e à 43e) sont majorées de 25 %, les suivantes de 50 % (C. trav. art. L3121-27 et
    L3121-36, à défaut d'accord). Les seuils viennent des règles de paie de la période.

    >>> heures_supplementaires([39, 45, 35, 37], "2026-11")
    (Decimal('14.00'), Decimal('2.00'))
    """
    jour = lire_periode(periode)
    legale = regles.valeur("paie.duree_legale.hebdomadaire", jour)
    au_taux_1 = regles.valeur("paie.heures_sup.heures_au_taux_1_par_semaine", jour)
    a25 = a50 = ZERO
    for heures in semaines:
        en_plus = max(ZERO, Decimal(heures) - legale)
        a25 += min(en_plus, au_taux_1)
        a50 += max(ZERO, en_plus - au_taux_1)
    return a25, a50


def elements_variables(releve, periode: object) -> ElementsVariables:
    """Les éléments variables du mois d'après le relevé d'un salarié.

    Args:
        releve: un objet avec ``semaines`` (heures de chaque semaine), ``absence_heures``,
            ``prime`` et ``frais`` (par exemple :class:`graders.sujets_paie.Releve`).
        periode: le mois (``"2026-11"``).
    """
    a25, a50 = heures_supplementaires(releve.semaines, periode)
    return ElementsVariables(
        heures_sup_25=a25,
        heures_sup_50=a50,
        absences_heures=releve.absence_heures,
        primes=releve.prime,
        frais=releve.frais,
    )


def valeurs_attendues(variables: ElementsVariables) -> dict[str, Decimal]:
    """Ce que le formulaire :class:`formulaires.SaisiePaie` doit contenir pour ces éléments variables."""
    return {e.nom: getattr(variables, e.nom) for e in ELEMENTS_PAIE}


def _nombre(valeur: Decimal) -> str:
    texte = format(valeur.normalize(), "f") if valeur == valeur.to_integral_value() else format(valeur, "f")
    return texte.replace(".", ",")


def comparer_saisie_paie(
    reponse: object,
    attendus: Mapping[str, tuple[str, ElementsVariables]],
    *,
    sur: Decimal | int | str,
    criteres: Iterable[str] = ("B3.1-K01",),
) -> Verdict:
    """Corrige les éléments variables enregistrés par le formulaire de paie, élément par élément.

    Args:
        reponse: la réponse enregistrée par :class:`formulaires.ModelePaie` (``{"valeur": {code:
            {élément: montant ou None}}, "brouillon": ...}``) ou directement le dictionnaire ``valeur``.
        attendus: code salarié → (nom, éléments variables justes).
        sur: points de la question ; au prorata des éléments justes.
    """
    criteres = tuple(criteres)
    critere = criteres[0] if criteres else ""

    def comparer() -> Verdict:
        if reponse is None:
            raise NotImplementedError
        valeur = reponse.get("valeur", reponse) if isinstance(reponse, Mapping) else None
        if not isinstance(valeur, Mapping):
            raise ErreurComptable("la réponse n'est pas une saisie du formulaire des éléments variables.")
        justes = total = 0
        remarques: list[str] = []
        diagnostics: list[str] = []
        for code, (nom, variables) in attendus.items():
            saisie = valeur.get(code)
            saisie = saisie if isinstance(saisie, Mapping) else {}
            attendu = valeurs_attendues(variables)
            for element, voulu in attendu.items():
                total += 1
                donne = saisie.get(element, ZERO if code in valeur else None)
                titre = _TITRES[element].lower()
                if donne is None:
                    remarques.append(
                        f"{critere} — {nom}, {titre} : saisie absente ou invalide dans le formulaire."
                    )
                    continue
                try:
                    donne = montant(donne)
                except ErreurComptable:
                    remarques.append(f"{critere} — {nom}, {titre} : « {donne} » illisible.")
                    continue
                if donne == voulu:
                    justes += 1
                else:
                    remarques.append(
                        f"{critere} — {nom}, {titre} : {_nombre(donne)} saisi, {_nombre(voulu)} attendu."
                    )
            if (
                attendu["heures_sup_50"]
                and montant(saisie.get("heures_sup_25") or 0)
                == attendu["heures_sup_25"] + attendu["heures_sup_50"]
            ):
                remarques.append(
                    f"{critere} — {nom} : toutes les heures supplémentaires sont à 25 % ; au-delà de "
                    "8 heures dans la semaine (43e heure), la majoration est de 50 % (C. trav. art. L3121-36)."
                )
                diagnostics.append("heures_sup_toutes_a_25")
        return Verdict.proportion(
            justes,
            total,
            sur,
            remarques=remarques,
            criteres=criteres,
            reussites=("Tous les éléments variables du mois sont pris en compte.",)
            if justes == total
            else (),
            diagnostics=tuple(diagnostics),
        )

    return evaluer(comparer, sur=sur, criteres=criteres, quoi="les éléments variables (formulaire)")


def en_liste(reponse: object) -> object:
    """Un ensemble de codes en liste triée (``reponses.json`` ne garde pas les ensembles) ; le reste tel quel."""
    if isinstance(reponse, set | frozenset):
        return sorted(str(x) for x in reponse)
    return reponse


def comparer_lignes_signalees(
    reponse: object,
    ecarts: Sequence[EcartBulletin],
    libelles: Mapping[str, str],
    *,
    sur: Decimal | int | str,
    criteres: Iterable[str] = ("B3.1-K03",),
    nature: str = "ligne",
) -> Verdict:
    """Corrige le contrôle d'un bulletin : les codes des lignes que l'apprenant dit fausses.

    Args:
        reponse: codes des lignes fausses (ensemble, liste ou texte séparé par des virgules).
        ecarts: les erreurs trouvées par :func:`compta_kernel.paie.controler_bulletin`.
        libelles: code → libellé de chaque ligne du bulletin (pour les messages).
        sur: points ; une ligne juste rapporte sa part, une ligne signalée à tort en retire une.
        nature: ce qui est signalé, pour les messages (« ligne », « compte »).
    """
    criteres = tuple(criteres)
    critere = criteres[0] if criteres else ""
    accord, pronom = ("e", "elle") if nature == "ligne" else ("", "il")
    fausses: dict[str, EcartBulletin] = {}
    for e in ecarts:
        fausses.setdefault(e.ligne, e)

    def comparer() -> Verdict:
        if reponse is None or reponse is Ellipsis:
            raise NotImplementedError
        if isinstance(reponse, str):
            donnees = {c.strip() for c in reponse.split(",") if c.strip()}
        elif isinstance(reponse, Iterable) and not isinstance(reponse, Mapping):
            donnees = {str(c).strip() for c in reponse}
        else:
            raise ErreurComptable('donnez les codes des lignes fausses, par exemple {"chomage", "crds"}.')
        remarques: list[str] = []
        trouvees = [c for c in fausses if c in donnees]
        for code, e in fausses.items():
            if code not in donnees:
                remarques.append(
                    f"{critere} — {nature} « {e.libelle} » ({code}) non signalé{accord} : {e.message}"
                )
        en_trop = sorted(donnees - set(fausses))
        for code in en_trop:
            nom = libelles.get(code)
            remarques.append(
                f"{critere} — {nature} « {nom} » ({code}) signalé{accord} à tort : {pronom} est juste."
                if nom
                else f"{critere} — « {code} » : {nature} inconnu{accord} du document contrôlé."
            )
        reussites = tuple(f"Erreur trouvée : {fausses[c]}" for c in trouvees)
        return Verdict.proportion(
            max(0, len(trouvees) - len(en_trop)),
            len(fausses),
            sur,
            remarques=remarques,
            criteres=criteres,
            reussites=reussites,
        )

    return evaluer(comparer, sur=sur, criteres=criteres, quoi="les lignes fausses du bulletin")


def _cle(texte: object) -> str:
    sans_accents = unicodedata.normalize("NFKD", str(texte)).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.lower() if c.isalnum())


def comparer_organismes(
    reponse: object,
    attendus: Mapping[str, Decimal],
    *,
    sur: Decimal | int | str,
    criteres: Iterable[str] = ("B3.3-K01",),
    confusions: Mapping[str, Mapping[str, Decimal]] | None = None,
    quoi: str = "les montants de la DSN",
    tolerance: Decimal = ZERO,
) -> Verdict:
    """Corrige un dictionnaire nom → montant (organismes de la DSN, rémunérations soumises...).

    Args:
        reponse: ``{"URSSAF": "2 470,72", ...}`` (noms comparés sans accents ni majuscules).
        attendus: nom affiché → montant juste.
        confusions: nom → {ce que l'apprenant a pu donner : montant} (« les parts patronales seules »).
        sur: points, au prorata des montants justes.
        tolerance: écart admis sur chaque montant (annoncé dans l'énoncé).
    """
    criteres = tuple(criteres)
    critere = criteres[0] if criteres else ""

    def comparer() -> Verdict:
        if reponse is None:
            raise NotImplementedError
        if not isinstance(reponse, Mapping):
            raise ErreurComptable('donnez un dictionnaire : {"URSSAF": "1 234,56", ...}.')
        donnees = {_cle(k): v for k, v in reponse.items()}
        justes = 0
        remarques: list[str] = []
        diagnostics: list[str] = []
        for nom, voulu in attendus.items():
            if _cle(nom) not in donnees:
                remarques.append(f"{critere} — {nom} : montant absent de la réponse.")
                continue
            try:
                donne = montant(donnees[_cle(nom)])
            except ErreurComptable:
                remarques.append(f"{critere} — {nom} : « {donnees[_cle(nom)]} » illisible.")
                continue
            if abs(donne - voulu) <= tolerance:
                justes += 1
                continue
            confondu = next((quoi for quoi, m in (confusions or {}).get(nom, {}).items() if m == donne), None)
            if confondu:
                remarques.append(
                    f"{critere} — {nom} : vous avez donné {confondu} ({format_montant(donne)}), "
                    f"on attendait {format_montant(voulu)}."
                )
                diagnostics.append(f"confusion:{confondu}")
            else:
                remarques.append(
                    f"{critere} — {nom} : {format_montant(donne)} au lieu de {format_montant(voulu)}."
                )
        return Verdict.proportion(
            justes, len(attendus), sur, remarques=remarques, criteres=criteres, diagnostics=tuple(diagnostics)
        )

    return evaluer(comparer, sur=sur, criteres=criteres, quoi=quoi)


def jour_ouvre(jour: dt.date) -> bool:
    """Du lundi au vendredi, hors jours fériés (bibliothèque ``holidays``, France métropolitaine)."""
    import holidays

    return jour.weekday() < 5 and jour not in holidays.France(years=jour.year)


def date_de_paie(periode: object) -> dt.date:
    """Le dernier jour ouvré du mois (date de paie du cours)."""
    debut = lire_periode(periode)
    jour = debut.replace(day=calendar.monthrange(debut.year, debut.month)[1])
    while not jour_ouvre(jour):
        jour -= dt.timedelta(days=1)
    return jour


def date_limite_remise(periode: object, jours_ouvres: int) -> dt.date:
    """Date limite de remise des éléments variables : ``jours_ouvres`` jours ouvrés avant la date de paie.

    >>> date_limite_remise("2026-11", 5)
    datetime.date(2026, 11, 23)
    """
    jour = date_de_paie(periode)
    restants = jours_ouvres
    while restants:
        jour -= dt.timedelta(days=1)
        if jour_ouvre(jour):
            restants -= 1
    return jour


def comparer_date(
    reponse: object,
    attendue: dt.date,
    *,
    sur: Decimal | int | str,
    criteres: Iterable[str],
    quoi: str,
    regle: str,
    confusions: Mapping[str, dt.date] | None = None,
) -> Verdict:
    """Corrige une date (``dt.date`` ou « JJ/MM/AAAA ») ; la remarque rappelle la règle."""
    from compta_kernel.presentation import lire_date

    criteres = tuple(criteres)
    critere = criteres[0] if criteres else ""

    def comparer() -> Verdict:
        if reponse is None or (isinstance(reponse, str) and not reponse.strip()):
            raise NotImplementedError
        donnee = lire_date(reponse)
        if donnee == attendue:
            return Verdict(
                sur, sur, (), criteres, (f"{quoi[:1].upper()}{quoi[1:]} : {format_date(attendue)}.",)
            )
        confondu = next((nom for nom, d in (confusions or {}).items() if d == donnee), None)
        precision = f" (vous avez pris {confondu})" if confondu else ""
        return Verdict(
            0,
            sur,
            (
                f"{critere} — {quoi} : {format_date(donnee)}{precision} ; {regle}, soit le {format_date(attendue)}.",
            ),
            criteres,
            diagnostics=(f"date:{quoi}",),
        )

    return evaluer(comparer, sur=sur, criteres=criteres, quoi=quoi)
