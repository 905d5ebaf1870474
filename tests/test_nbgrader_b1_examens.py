"""Aller-retour nbgrader des deux mises en situation professionnelles du bloc 1.

Même démarche que ``tests/test_nbgrader_b2.py`` (aides communes : ``tests/aides_nbgrader.py``) : dans une
copie du cours, ``nbgrader generate_assignment``, une copie juste et une copie fausse
déposées, ``nbgrader autograde`` avec le jeton de chaque apprenant, notes lues dans le
carnet de notes. La copie juste a tous les points automatiques ; la copie fausse perd ceux
de ses erreurs, garde ceux que le report d'erreur lui laisse, et son retour nomme le
critère et l'erreur.
"""

from __future__ import annotations

import json

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

# Examen B1.1 : TVA de l'immobilisation au 44566 (Q2), écriture rectificative au lieu de la
# contre-passation (Q3), soldes créditeurs ajoutés aux créances mais délai calculé juste à
# partir d'elles (Q7 : report d'erreur), installation passée en charge au 401 (Q9).
FAUSSE_AUXILIAIRE = {
    **{f"q{n}_reponse": None for n in range(1, 10)},  # les autres cellules : la solution
    "q2_reponse": (
        "def piece(numero):\n    return next(p for p in pieces if p.numero == numero)\n\n\n"
        'COMPTES = {"Serveur": "2183", "Ensemble de six postes": "2184", "Presse": "2154", "Compresseur": "2155"}\n'
        "compte_bien = next(c for debut, c in COMPTES.items() if sujet.pieces.bien.startswith(debut))\n"
        "immo = pre_imputation(piece(sujet.pieces.immobilisation).codifiee(compte_bien)).ecriture\n"
        "immo = Ecriture(immo.journal, immo.date, immo.piece, immo.libelle, tuple(\n"
        '    Ligne("44566", debit=l.debit) if l.compte == "44562" else l for l in immo.lignes))\n'
        "ecritures_du_lot = [\n"
        '    pre_imputation(piece(sujet.pieces.marchandises).codifiee("marchandises")).ecriture,\n'
        "    immo,\n"
        '    pre_imputation(piece(sujet.pieces.avoir).codifiee("marchandises")).ecriture,\n'
        "]"
    ),
    "q3_reponse": (
        "erronee = sujet.ecriture_erronee\n"
        "tva = erronee.lignes[1].debit\n"
        "fin_octobre = sujets_examens_b1.DATE_CORRECTION\n"
        'correction_erreur = {"contre_passation": {"journal": "AC", "date": fin_octobre, '
        '"lignes": [("44566", tva, ""), ("44571", "", tva)]},\n'
        '    "correction": {"journal": "AC", "date": fin_octobre, "lignes": '
        '[("44566" if l.compte == "44571" else l.compte, l.debit, l.credit) for l in erronee.lignes]}}'
    ),
    "q7_reponse": (
        "from compta_kernel import delai_moyen_paiement\n\n"
        'creances = balance_clients["solde_debiteur"].sum() + balance_clients["solde_crediteur"].sum()\n'
        "calcul = delai_moyen_paiement(creances, sujet.tiers.chiffre_affaires_ttc)\n"
        'dmp = {"creances": creances, "ratio": calcul.ratio, "jours": calcul.jours}'
    ),
    "q9_reponse": (
        "prestataire, ht = sujet.pieces.installation\n"
        'reponse_installation = {"journal": "IM", "date": sujets_examens_b1.DATE_CORRECTION, '
        '"lignes": [("6226", ht, ""), ("44566", ht / 5, ""), ("401", "", ht * 6 / 5)]}'
    ),
}

# Examen B1.2 et B1.3 : le double prélèvement de la banque comptabilisé (Q1), plan de
# trésorerie calculé juste à partir de ces écritures (Q4 : report d'erreur), écriture de
# liquidation de la TVA inversée (Q6), échéance au dernier jour du mois déclaré (Q8).
FAUSSE_TRESORERIE_TVA = {
    **{f"q{n}_reponse": None for n in range(1, 9)},  # les autres cellules : la solution
    "q1_reponse": (
        "from compta_kernel import Ecriture, Ligne\n\n"
        "etat = rapprocher(livre, releve)\n"
        'doublon = next(e.releve for e in etat.erreurs_banque if e.nature == "double prélèvement")\n'
        "ecritures_banque = list(etat.ecritures(tiers=sujet.banque.noms_des_tiers())) + [\n"
        '    Ecriture("BQ", doublon.date, "PRLV", "Prélèvement", '
        '(Ligne("6061", debit=-doublon.montant), Ligne("512", credit=-doublon.montant)))]'
    ),
    "q6_reponse": (
        "from compta_kernel.tva import declaration_tva\n\n"
        "d = declaration_tva(t.livre, t.debut, t.fin, forme=t.forme, departement=t.departement, cle=t.siren)\n"
        'reponse_liquidation = {"journal": "OD", "date": t.fin, '
        '"lignes": [(l.compte, l.credit, l.debit) for l in d.ecriture.lignes]}'
    ),
    "q8_reponse": "echeance = t.fin",
}

EXAMENS = {
    "b1_examen_auxiliaire": {
        "carnet": "examen_auxiliaire",
        "fausse": FAUSSE_AUXILIAIRE,
        "notes": {
            "q1": 3,
            "q2": ("entre", 0, 3),
            "q3": 1,
            "q4": 2,
            "q5": 2,
            "q6": 2,
            "q7": 2,
            "q8": 2,
            "q9": 0,
        },
        "retours": (
            "TVA sur immobilisation : 44562 et non 44566",
            "la consigne demande la contre-passation",
            "Corrigé à partir de vos créances clients",
            "pas en charge (6226)",
        ),
    },
    "b1_examen_tresorerie_tva": {
        "carnet": "examen_tresorerie_tva",
        "fausse": FAUSSE_TRESORERIE_TVA,
        "notes": {"q1": ("entre", 2, 3), "q2": 3, "q3": 2, "q4": 2, "q5": 3, "q6": 0, "q7": 3, "q8": 0},
        "retours": (
            "est une erreur de la banque (double prélèvement)",
            "Plan recalculé à partir de vos écritures",
            "B1.3-K01 — Débit et crédit sont inversés",
            "B1.3-K03 — Date limite",
            "se dépose le mois suivant",
        ),
    },
}


@pytest.mark.lent
@pytest.mark.parametrize("devoir", list(EXAMENS))
def test_nbgrader_b1_examen__copie_juste_et_copie_fausse(devoir, cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    attentes = EXAMENS[devoir]
    carnet = attentes["carnet"]
    nbgrader(copie, environnement, "generate_assignment", devoir, "--force")
    diffuse = (copie / "release" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse

    for apprenant, reponses in {"juste": None, "fausse": attentes["fausse"]}.items():
        deposer(copie, devoir, carnet, apprenant, reponses)
        autocorriger(cours, devoir, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(carnet, devoir).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert set(automatiques) == set(attentes["notes"])
        juste = carnet_de_notes.find_submission(devoir, "juste")
        assert juste.score == pytest.approx(sum(automatiques.values()))
        for nom, maximum in automatiques.items():
            assert carnet_de_notes.find_grade(nom, carnet, devoir, "juste").score == maximum, nom
        fausse = {
            nom: carnet_de_notes.find_grade(nom, carnet, devoir, "fausse").score for nom in automatiques
        }
        for nom, attendu in attentes["notes"].items():
            verifier_note(fausse[nom], attendu)
        assert sum(fausse.values()) < sum(automatiques.values())

    corrige = json.loads(
        (copie / "autograded" / "fausse" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for retour in attentes["retours"]:
        assert retour in sorties, retour
