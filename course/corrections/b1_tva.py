"""Correction du devoir « b1_tva » (formateur uniquement, jamais diffusé).

Q1 : TVA du mois (collectée, déductible, crédit antérieur, à décaisser ou crédit à reporter),
les seules écritures du mois déclaré (la facture du 1er du mois suivant n'y entre pas).
Q2 : écriture d'OD de liquidation au dernier jour du mois : 44571 au débit ; 44566, 44562 et
le crédit antérieur (44567) au crédit ; 44551 au crédit pour la TVA à décaisser, ou 44567 au
débit pour le crédit à reporter. Q3 : lignes de la CA3 (3310-CA3-SD) en euros. Q4 : date
limite de dépôt (CGI, ann. IV, art. 39). Tout est calculé par :mod:`compta_kernel.tva`.
"""

import datetime as dt
from decimal import Decimal

from compta_kernel import Ecriture, montant
from compta_kernel.presentation import format_date, lire_date
from compta_kernel.tva import DeclarationCA3, date_limite_tva, declaration_tva
from graders import sujets_tva
from graders.ecritures import comparer_ecriture
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b1_tva"
QUESTIONS = {
    "q1": ("B1.3-K02",),
    "q2": ("B1.3-K01", "B1.3-K02"),
    "q3": ("B1.3-K02",),
    "q4": ("B1.3-K03",),
}
MONTANTS_Q1 = {
    "collectee": "la TVA collectée du mois",
    "deductible": "la TVA déductible du mois (immobilisations et autres biens et services)",
    "credit_anterieur": "le crédit de TVA antérieur",
    "a_decaisser": "la TVA à décaisser",
    "credit_a_reporter": "le crédit de TVA à reporter",
}
# Lignes de la CA3 corrigées : (repère, colonne). Les lignes à zéro peuvent être omises.
LIGNES_Q3 = ("16", "19", "20", "22", "23", "25", "27", "28")


def declaration(sujet: sujets_tva.SujetTVA) -> DeclarationCA3:
    """La CA3 juste du mois du sujet, avec son écriture et son échéance."""
    return declaration_tva(
        sujet.livre, sujet.debut, sujet.fin, forme=sujet.forme, departement=sujet.departement, cle=sujet.siren
    )


def montants_q1(d: DeclarationCA3) -> dict[str, Decimal]:
    """Les montants justes de la question 1 (au centime, d'après le livre)."""
    x = d.exacts
    deductible = x["deductible_immobilisations"] + x["deductible_autres"]
    solde = x["collectee"] - deductible - x["credit_anterieur"]
    return {
        "collectee": x["collectee"],
        "deductible": deductible,
        "credit_anterieur": x["credit_anterieur"],
        "a_decaisser": max(solde, Decimal(0)),
        "credit_a_reporter": max(-solde, Decimal(0)),
    }


def _tva_mois_suivant(sujet) -> Decimal:
    ecritures = [e for e in sujet.livre.ecritures() if e.date > sujet.fin]
    return sum((lig.credit for e in ecritures for lig in e.lignes if lig.compte == "44571"), Decimal(0))


def _corriger_q1(reponse, sujet, sur) -> Verdict:
    d = declaration(sujet)
    justes = montants_q1(d)
    if not isinstance(reponse, dict):
        raise NotImplementedError
    part = Decimal(str(sur)) / len(MONTANTS_Q1)
    confusions = {
        "collectee": {
            "la TVA collectée avec la facture du mois suivant": justes["collectee"] + _tva_mois_suivant(sujet)
        },
        "deductible": {
            "la seule TVA sur autres biens et services (44566)": d.exacts["deductible_autres"],
            "la TVA déductible avec le crédit antérieur": justes["deductible"] + justes["credit_anterieur"],
        },
        "credit_anterieur": {},
        "a_decaisser": {
            "la TVA à décaisser sans imputer le crédit antérieur": justes["a_decaisser"]
            + justes["credit_anterieur"]
        }
        if justes["a_decaisser"]
        else {},
        "credit_a_reporter": {},
    }
    verdicts = [
        comparer_montant(
            reponse.get(cle, None if cle in ("collectee", "deductible") else "0"),
            justes[cle],
            sur=part,
            criteres=QUESTIONS["q1"],
            quoi=quoi,
            confusions=confusions[cle],
        )
        for cle, quoi in MONTANTS_Q1.items()
    ]
    return verdicts[0].combiner(*verdicts[1:])


def _valeurs_ca3(d: DeclarationCA3) -> dict[str, Decimal]:
    attendu: dict[str, Decimal] = {"A1 base": d.base("A1")}
    for code in ("08", "09", "9B", "T6"):
        if d.ligne(code).base is not None:
            attendu[f"{code} base"] = d.base(code)
            attendu[code] = d.montant(code)
    for code in LIGNES_Q3:
        attendu[code] = d.montant(code)
    return attendu


def _lire_ca3(reponse) -> dict[str, Decimal]:
    if not isinstance(reponse, dict) or not reponse:
        raise NotImplementedError
    lues: dict[str, Decimal] = {}
    for code, valeur in reponse.items():
        code = str(code).strip().upper().removeprefix("LIGNE").strip()
        if isinstance(valeur, list | tuple):
            base, taxe = (list(valeur) + [None, None])[:2]
            if base not in (None, ""):
                lues[f"{code} base"] = montant(base)
            if taxe not in (None, ""):
                lues[code] = montant(taxe)
        elif code == "A1":
            lues["A1 base"] = montant(valeur)
        elif valeur not in (None, ""):
            lues[code] = montant(valeur)
    return lues


def _comparer_ca3(reponse, d: DeclarationCA3, sur) -> Verdict:
    lues = _lire_ca3(reponse)
    attendu = _valeurs_ca3(d)
    remarques, reussites = [], []
    justes = 0
    for cle, valeur in attendu.items():
        donne = lues.pop(cle, None)
        if donne is None and not valeur:
            justes += 1
            continue
        if donne is None:
            remarques.append(f"Ligne {cle} : manquante (on attendait {valeur}).")
        elif donne == valeur:
            justes += 1
        elif donne.quantize(Decimal(1)) != donne and donne.quantize(Decimal(1)) == valeur:
            remarques.append(
                f"Ligne {cle} : {donne} — la CA3 se remplit en euros, arrondis à l'euro le plus proche."
            )
        else:
            remarques.append(f"Ligne {cle} : {donne} au lieu de {valeur}.")
    en_trop = [cle for cle, v in lues.items() if v and cle not in ("TD", "32", "26")]
    for cle in en_trop:
        remarques.append(f"Ligne {cle} : rien à y déclarer ce mois-ci ({lues[cle]}).")
    if not remarques:
        reussites.append("Toutes les lignes de la CA3 sont justes.")
    return Verdict.proportion(
        max(justes - len(en_trop), 0),
        len(attendu),
        sur,
        remarques=tuple(remarques),
        criteres=QUESTIONS["q3"],
        reussites=tuple(reussites),
    )


def _comparer_date(reponse, sujet, juste: dt.date, sur) -> Verdict:
    if reponse in (None, "", Ellipsis):
        raise NotImplementedError
    donnee = lire_date(reponse)
    if donnee == juste:
        return Verdict(sur, sur, (), QUESTIONS["q4"], (f"Date limite : {format_date(juste)}",))
    remarques = [f"Date limite : {format_date(donnee)} au lieu du {format_date(juste)}."]
    if donnee.month == sujet.fin.month:
        remarques.append("La CA3 d'un mois se dépose le mois suivant.")
    elif donnee.day == 24 and juste.day != 24:
        remarques.append(
            "Le 24 est le jour limite des sociétés anonymes et des autres redevables : lisez la ligne de la "
            "forme de l'entreprise et de son lieu d'imposition dans le calendrier."
        )
    else:
        remarques.append(
            "Le jour dépend du lieu d'imposition (Paris et petite couronne ou autres départements), de la forme "
            "de l'entreprise et, à Paris, des deux premiers chiffres du SIREN."
        )
    return Verdict(0, sur, tuple(remarques), QUESTIONS["q4"], diagnostics=("delai_faux",))


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_tva.tva_du_mois(graine)
    if question == "q1":
        return evaluer(
            lambda: _corriger_q1(reponse, sujet, sur),
            sur=sur,
            criteres=QUESTIONS["q1"],
            quoi="la TVA du mois",
        )
    if question == "q2":
        attendue: Ecriture = declaration(sujet).ecriture
        return comparer_ecriture(reponse, attendue, sur=sur, criteres=QUESTIONS["q2"], hierarchie=True)
    if question == "q3":
        d = declaration(sujet)
        return evaluer(
            lambda: _comparer_ca3(reponse, d, sur), sur=sur, criteres=QUESTIONS["q3"], quoi="la CA3"
        )
    if question == "q4":
        juste = date_limite_tva(sujet.fin, forme=sujet.forme, departement=sujet.departement, cle=sujet.siren)
        return evaluer(
            lambda: _comparer_date(reponse, sujet, juste, sur),
            sur=sur,
            criteres=QUESTIONS["q4"],
            quoi="la date limite de dépôt",
        )
    raise KeyError(f"Question inconnue : {question}")
