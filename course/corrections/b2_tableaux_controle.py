"""Correction du devoir « b2_tableaux_controle » (formateur uniquement, jamais diffusé).

Q1 à Q3 : tableaux de l'annexe de l'exercice 2026, une ligne par compte d'immobilisation
(immobilisations, amortissements, dépréciations), calculés par
:meth:`compta_kernel.immobilisations.FichierImmobilisations.tableau_immobilisations` et
suivants. La colonne de clôture est corrigée à partir des trois colonnes de l'apprenant
(ouverture + augmentations − diminutions) : une erreur en amont n'est comptée qu'une fois.
Les lignes à zéro du tableau des dépréciations sont facultatives.

Q4 : contrôle des dotations du livre, une ligne par bien dont la dotation 2026 est fausse,
les anomalies étant celles que trouve :meth:`FichierImmobilisations.controler`.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from compta_kernel import montant
from compta_kernel.montants import ZERO, arrondir
from graders import sujets_immobilisations
from graders.tableaux import _lignes, attendu_avec_report, comparer_tableau
from graders.verdict import Verdict

DEVOIR = "b2_tableaux_controle"
EXERCICE = sujets_immobilisations.EXERCICE
QUESTIONS = {
    "q1": ("B2.1-K06",),
    "q2": ("B2.1-K01", "B2.1-K06"),
    "q3": ("B2.1-K03",),
    "q4": ("B2.1-K04", "B2.1-K01"),
}
COLONNES = {
    "q1": ("valeur_brute_ouverture", "augmentations", "diminutions", "valeur_brute_cloture"),
    "q2": ("amortissements_ouverture", "dotations", "diminutions", "amortissements_cloture"),
    "q3": ("depreciations_ouverture", "dotations", "reprises", "depreciations_cloture"),
}
NOMS = {
    "valeur_brute_ouverture": "valeur brute à l'ouverture",
    "valeur_brute_cloture": "valeur brute à la clôture",
    "amortissements_ouverture": "amortissements à l'ouverture",
    "amortissements_cloture": "amortissements à la clôture",
    "depreciations_ouverture": "dépréciations à l'ouverture",
    "depreciations_cloture": "dépréciations à la clôture",
    "dotation_comptabilisee": "dotation comptabilisée",
    "dotation_attendue": "dotation attendue",
}
TITRES = {
    "q1": "le tableau des immobilisations",
    "q2": "le tableau des amortissements",
    "q3": "le tableau des dépréciations",
}
REPORT = (
    "Clôture corrigée à partir de vos colonnes (ouverture + augmentations − diminutions) : "
    "une erreur en amont n'est comptée qu'une fois."
)


def tableau(sujet, question: str):
    """Le tableau juste de la question, en lignes (compte et les quatre colonnes)."""
    methode = {
        "q1": sujet.fichier.tableau_immobilisations,
        "q2": sujet.fichier.tableau_amortissements,
        "q3": sujet.fichier.tableau_depreciations,
    }[question]
    colonnes = COLONNES[question]
    lignes = [
        {"compte": r["compte"]} | {c: r[c] for c in colonnes} for r in methode(EXERCICE).to_dict("records")
    ]
    if question == "q3":
        lignes = [ligne for ligne in lignes if any(ligne[c] for c in colonnes)]
    return lignes


def anomalies(sujet) -> list[dict]:
    """Les dotations fausses du livre : bien, montant comptabilisé, montant attendu."""
    controle = sujet.fichier.controler(sujet.livre)
    return [
        {
            "immobilisation": r["immobilisation"],
            "dotation_comptabilisee": r["comptabilise"],
            "dotation_attendue": r["attendu"],
        }
        for r in controle.to_dict("records")
        if r["controle"] == "dotation"
    ]


def _lire(table) -> list[dict] | None:
    try:
        return _lignes(table)
    except Exception:  # noqa: BLE001 - absent ou illisible : le comparateur le dira
        return None


def _valeur(ligne: dict, colonne: str) -> Decimal:
    return arrondir(montant(ligne.get(colonne) or "0"))


def _trois_colonnes(lignes: list[dict] | None, colonnes) -> dict[str, tuple[Decimal, ...]] | None:
    """Par compte, les trois premières colonnes de l'apprenant, quand elles sont lisibles."""
    if lignes is None:
        return None
    return {
        str(ligne.get("compte", "")).strip(): tuple(_valeur(ligne, c) for c in colonnes[:3])
        for ligne in lignes
        if _lisible(ligne, colonnes[:3])
    }


def _lisible(ligne: dict, colonnes) -> bool:
    try:
        [_valeur(ligne, c) for c in colonnes]
    except Exception:  # noqa: BLE001 - ligne illisible : corrigée sans report
        return False
    return True


def _nulle(ligne: dict, colonnes) -> bool:
    """Vrai pour une ligne dont toutes les colonnes valent zéro (facultative dans le tableau des dépréciations)."""
    return _lisible(ligne, colonnes) and not any(_valeur(ligne, c) for c in colonnes)


def _nommer(verdict: Verdict, messages: list[str]) -> Verdict:
    if not messages:
        return verdict
    return replace(verdict, remarques=(*messages, *verdict.remarques))


def _erreurs_typiques(sujet, question: str, lignes: list[dict] | None) -> list[str]:
    """Les erreurs typiques reconnues dans un tableau, avec leur critère."""
    if not lignes:
        return []
    par_compte = {str(ligne.get("compte", "")).strip(): ligne for ligne in lignes}
    fichier = sujet.fichier
    cede = next(i for i in fichier if i.sortie is not None)
    nouveau = next(i for i in fichier if i.date_acquisition.year == EXERCICE)
    messages = []

    def vaut(compte, colonne, valeur) -> bool:
        try:
            return compte in par_compte and _valeur(par_compte[compte], colonne) == valeur
        except Exception:  # noqa: BLE001
            return False

    if question == "q1":
        if vaut(cede.compte, "diminutions", ZERO):
            messages.append(
                f"B2.1-K06 — sortie oubliée : {cede.code} ({cede.libelle}), cédé en {EXERCICE}, sort de "
                "l'actif pour sa valeur brute (diminution)."
            )
        if vaut(nouveau.compte, "augmentations", ZERO):
            messages.append(
                f"B2.1-K06 — entrée oubliée : {nouveau.code}, acquis en {EXERCICE}, est une augmentation."
            )
    if question == "q2":
        if vaut(nouveau.compte, "dotations", arrondir(nouveau.cout / nouveau.duree)):
            messages.append(
                f"B2.1-K01 — prorata temporis oublié pour {nouveau.code}, mis en service en cours d'exercice."
            )
        sans_complement = cede.amortissements_au(dt.date(EXERCICE - 1, 12, 31))
        if vaut(cede.compte, "diminutions", sans_complement) and sans_complement:
            messages.append(
                f"B2.1-K06 — les amortissements de {cede.code} sortent avec le complément de dotation "
                f"{EXERCICE} (jusqu'à la date de cession)."
            )
    return messages


def _corriger_tableau(question: str, reponse, sujet, sur) -> Verdict:
    colonnes = COLONNES[question]
    juste = tableau(sujet, question)
    lignes = _lire(reponse)
    if question == "q3" and lignes is not None:
        lignes = [ligne for ligne in lignes if not _nulle(ligne, colonnes)]
    justes = {ligne["compte"]: tuple(ligne[c] for c in colonnes[:3]) for ligne in juste}

    def calcul(valeurs):
        attendu = []
        for ligne in juste:
            o, a, d = valeurs.get(ligne["compte"], justes[ligne["compte"]])
            attendu.append(ligne | {colonnes[3]: o + a - d})
        return attendu

    attendu, remarque = attendu_avec_report(calcul, _trois_colonnes(lignes, colonnes), justes)
    verdict = comparer_tableau(
        lignes if lignes is not None else reponse,
        attendu,
        cle="compte",
        colonnes=list(colonnes),
        sur=sur,
        criteres=QUESTIONS[question],
        noms=NOMS,
        quoi=TITRES[question],
    )
    verdict = _nommer(verdict, _erreurs_typiques(sujet, question, lignes))
    return (
        replace(verdict, remarques=(*verdict.remarques, REPORT))
        if remarque and verdict.remarques
        else verdict
    )


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_immobilisations.tableaux(graine)
    if question in COLONNES:
        return _corriger_tableau(question, reponse, sujet, sur)
    if question == "q4":
        return comparer_tableau(
            reponse,
            anomalies(sujet),
            cle="immobilisation",
            colonnes=["dotation_comptabilisee", "dotation_attendue"],
            sur=sur,
            criteres=QUESTIONS["q4"],
            noms=NOMS,
            quoi="la liste des dotations fausses",
        )
    raise KeyError(f"Question inconnue : {question}")
