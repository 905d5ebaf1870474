"""Aller-retour nbgrader du devoir « b1_lettrage » (B1.1 : lettrage, balance des clients, échéancier, DMP).

Même démarche que ``tests/test_nbgrader_b2.py`` (aides communes : ``tests/aides_nbgrader.py``) : dans une copie
du cours, ``nbgrader generate_assignment``, une copie juste et une copie fausse déposées,
``nbgrader autograde`` avec le jeton de chaque apprenant, notes lues dans le carnet de notes.
La copie fausse compte une facture soldée parmi les factures dues (Q1), solde l'écart de
règlement au 758 au lieu du 658 (Q2), se trompe de client anormal (Q4), retient des créances
fausses mais calcule juste à partir d'elles (Q6 : report d'erreur, tous les points) et oublie
la fraction du dernier mois dans l'épuisement (Q7).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

RACINE_COURS = Path(__file__).resolve().parent.parent / "course"
DEVOIR = "b1_lettrage"
CARNET = "lettrage"
SOLUTION_Q1 = (
    "from compta_kernel import factures_a_encaisser, factures_a_payer, lettrer_automatiquement\n\n"
    'lettrage_clients = lettrer_automatiquement(livre, "411", tolerance=sujet.tolerance, date=sujet.au)\n'
    'lettrer_automatiquement(livre, "401", tolerance=sujet.tolerance, date=sujet.au)\n'
    'reponse_q1 = {"clients": list(factures_a_encaisser(livre)["piece"]),\n'
    '              "fournisseurs": list(factures_a_payer(livre)["piece"])}\n'
)
FAUSSE = {
    "q1_reponse": SOLUTION_Q1
    + 'reponse_q1["clients"].append(lettrage_clients.rapprochements[0].lignes[0].piece)',
    "q2_reponse": (
        "(ecart,) = [r for r in lettrage_clients.rapprochements if r.ecriture_ecart]\n"
        "montant_ecart = abs(ecart.ecart)\n"
        'reponse_ecart = {"journal": "OD", "date": sujet.au,\n'
        '                 "lignes": [("411", montant_ecart, ""), ("758", "", montant_ecart)]}'
    ),
    "q3_reponse": None,
    "q4_reponse": 'client_anormal = "PERSONNE"',
    "q5_reponse": None,
    "q6_reponse": (
        "from compta_kernel import delai_moyen_paiement\n\n"
        'creances = balance_clients["solde_debiteur"].sum() + 100  # créances fausses\n'
        "calcul = delai_moyen_paiement(creances, sujet.chiffre_affaires_ttc)\n"
        'dmp_comptable = {"creances": creances, "ratio": calcul.ratio, "jours": calcul.jours}'
    ),
    "q7_reponse": (
        'calcul = delai_moyen_paiement(creances, sujet.ventes_mensuelles, methode="epuisement")\n'
        'dmp_epuisement = {"creances": creances, "jours": sum(e.jours for e in calcul.etapes[:-2])}'
    ),
}
NOTES_FAUSSE = {
    "q1": ("entre", 0, 2),
    "q2": ("entre", -1, 1),
    "q3": 2,
    "q4": 0,
    "q5": 2,
    "q6": 2,
    "q7": 0,
}
RETOURS = (
    "le client a payé moins que sa facture",
    "en trop",
    "sans la fraction du dernier mois",
    "Corrigé à partir de vos créances clients",
)


def _copies(graine: bytes) -> tuple[dict, dict]:
    """Les réponses d'une copie juste et de la copie fausse, calculées comme dans le carnet."""
    from compta_kernel import (
        delai_moyen_paiement,
        echeancier,
        factures_a_encaisser,
        factures_a_payer,
        lettrer_automatiquement,
    )
    from graders import sujets_lettrage

    sujet = sujets_lettrage.lettrage(graine)
    livre = sujet.livre
    clients = lettrer_automatiquement(livre, "411", tolerance=sujet.tolerance, date=sujet.au)
    lettrer_automatiquement(livre, "401", tolerance=sujet.tolerance, date=sujet.au)
    q1 = {
        "clients": list(factures_a_encaisser(livre)["piece"]),
        "fournisseurs": list(factures_a_payer(livre)["piece"]),
    }
    (ecart,) = [r for r in clients.rapprochements if r.ecriture_ecart]
    balance = livre.balance_tiers("411")[["tiers", "solde_debiteur", "solde_crediteur"]]
    creances = balance["solde_debiteur"].sum()
    comptable = delai_moyen_paiement(creances, sujet.chiffre_affaires_ttc)
    epuisement = delai_moyen_paiement(creances, sujet.ventes_mensuelles, methode="epuisement")
    juste = {
        "q1": q1,
        "q2": livre.ecriture(ecart.ecriture_ecart),
        "q3": balance,
        "q4": balance.loc[balance["solde_crediteur"] > 0, "tiers"].item(),
        "q5": echeancier(livre, "411", au=sujet.au)[["piece", "echeance", "montant", "statut"]],
        "q6": {"creances": creances, "ratio": comptable.ratio, "jours": comptable.jours},
        "q7": {"creances": creances, "jours": epuisement.jours},
    }
    fausses_creances = creances + 100
    faux_comptable = delai_moyen_paiement(fausses_creances, sujet.chiffre_affaires_ttc)
    faux_epuisement = delai_moyen_paiement(fausses_creances, sujet.ventes_mensuelles, methode="epuisement")
    fausse = {
        **juste,
        "q1": {**q1, "clients": [*q1["clients"], clients.rapprochements[0].lignes[0].piece]},
        "q2": {
            "journal": "OD",
            "date": sujet.au,
            "lignes": [("411", abs(ecart.ecart), ""), ("758", "", abs(ecart.ecart))],
        },
        "q4": "PERSONNE",
        "q6": {"creances": fausses_creances, "ratio": faux_comptable.ratio, "jours": faux_comptable.jours},
        "q7": {"creances": fausses_creances, "jours": sum(e.jours for e in faux_epuisement.etapes[:-2])},
    }
    return juste, fausse


@pytest.mark.parametrize("graine", [bytes([i, 255 - i]) * 8 for i in range(8)])
def test_correction_b1_lettrage__copie_juste_et_copie_fausse_sansnbgrader(graine):
    """La correction du formateur, appelée directement sur 8 variantes : mêmes notes que l'aller-retour."""
    from graders.reponses import canonique, module_de_correction, relire

    correction = module_de_correction(RACINE_COURS, DEVOIR)
    points = {"q1": 2, "q2": 2, "q3": 2, "q4": 1, "q5": 2, "q6": 2, "q7": 2}
    juste, fausse = _copies(graine)
    for question, sur in points.items():
        verdict = correction.corriger(question, relire(canonique(juste[question])), graine, sur=sur)
        assert verdict.reussi, (question, verdict.texte())
        verdict = correction.corriger(question, relire(canonique(fausse[question])), graine, sur=sur)
        verifier_note(float(verdict.points), NOTES_FAUSSE[question])


@pytest.mark.lent
def test_nbgrader_b1_lettrage__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse
    assert "tolerance=sujet.tolerance" not in diffuse, "la solution de Q1 n'est pas diffusée"

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        autocorriger(cours, DEVOIR, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert sum(automatiques.values()) == 13
        juste = carnet_de_notes.find_submission(DEVOIR, "juste")
        assert juste.score == pytest.approx(13)
        fausse = {
            nom: carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score for nom in automatiques
        }
        for nom, attendu in NOTES_FAUSSE.items():
            verifier_note(fausse[nom], attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for retour in RETOURS:
        assert retour in sorties, retour
