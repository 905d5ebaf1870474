"""Aller-retour nbgrader des devoirs du bloc 2 (immobilisations, clôture, états de synthèse, examen).

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie
fausse déposées dans ``submitted/``, ``nbgrader autograde`` avec le jeton de chaque
apprenant, puis les notes lues dans le carnet de notes (``nbgrader.api.Gradebook``) : la
copie juste a tous les points automatiques, la copie fausse perd ceux de ses erreurs, garde
ceux que le report d'erreur lui laisse, et son retour nomme le critère et l'erreur.
"""

from __future__ import annotations

import json

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

# Par devoir : le carnet, les réponses de la copie fausse (cellule de réponse → code ou texte ;
# les cellules absentes gardent le squelette « VOTRE RÉPONSE ICI »), les notes attendues
# (note exacte, ou intervalle ouvert « entre ») et un extrait du retour de la copie fausse.
DEVOIRS = {
    "b2_plans_amortissement": {
        "carnet": "plans_amortissement",
        "fausse": {
            "q1": "Linéaire, parce que c'est plus simple.",
            "q2_reponse": (
                "from compta_kernel import plan_amortissement\n\n"
                "plan_lineaire = plan_amortissement(sujet.cout, sujet.date_acquisition, sujet.duree)[\n"
                '    ["exercice", "annuite", "cumul", "vnc"]\n]'
            ),
            "q3_reponse": None,  # la solution
            "q4_reponse": None,  # la solution, calculée sur le plan linéaire faux : report d'erreur
        },
        "notes": {"q2": ("entre", 0, 3), "q3": 3, "q4": 2},
        "retour": "point de départ du linéaire : la date de mise en service",
    },
    "b2_cession": {
        "carnet": "cession",
        "fausse": {
            "q1_reponse": None,
            "q2_reponse": (
                "from compta_kernel.immobilisations import calcul_cession\n\n"
                "complement = calcul_cession(sujet.cede, sujet.date_cession, sujet.prix).complement + 100"
            ),
            "q3_reponse": None,  # cohérente avec le complément faux : report d'erreur
            "q4_reponse": (
                "from compta_kernel import arrondir\n\ntva = arrondir(sujet.prix * sujet.taux_tva)\n"
                'reponse_cession = {"journal": "OD", "date": sujet.date_cession, "lignes": '
                '[("462", sujet.prix + tva, ""), ("775", "", sujet.prix), ("44571", "", tva)]}'
            ),
            "q5_reponse": None,
        },
        "notes": {"q1": 2, "q2": 0, "q3": 2, "q4": ("entre", 0, 2), "q5": 1},
        "retour": "le compte 775 est supprimé depuis 2025",
    },
    "b2_tableaux_controle": {
        "carnet": "tableaux_controle",
        "fausse": {
            "q1_reponse": None,
            "q2_reponse": None,
            "q4_reponse": (
                "controle = sujet.fichier.controler(sujet.livre)\n"
                'dotations_fausses = [{"immobilisation": r["immobilisation"], '
                '"dotation_comptabilisee": r["comptabilise"], "dotation_attendue": r["attendu"]}\n'
                '    for r in controle.to_dict("records") if r["controle"] == "dotation"]\n'
                'dotations_fausses.append({"immobilisation": "LOG1" if all(d["immobilisation"] != "LOG1" '
                'for d in dotations_fausses) else "MAT1", "dotation_comptabilisee": "1", "dotation_attendue": "1"})'
            ),
        },
        "notes": {"q1": 2, "q2": 2, "q3": 0, "q4": ("entre", 0, 3)},
        "retour": "Pas de réponse pour le tableau des dépréciations",
    },
    "b2_regularisations": {
        "carnet": "regularisations",
        "fausse": {
            "q1_reponse": (  # toute la prime en CCA
                "prime, debut, fin = sujet.assurance\n"
                'reponse_cca = {"journal": "SI", "date": CLOTURE, "lignes": [("486", prime, ""), ("616", "", prime)]}'
            ),
            "q2_reponse": None,
            "q3_reponse": None,
            "q4_reponse": (  # dépréciation sur le TTC
                "nom, creance, perte = sujet.client_douteux\n"
                'reponse_depreciation = {"journal": "SI", "date": CLOTURE, "lignes": '
                '[("6817", creance * perte, ""), ("491", "", creance * perte)]}'
            ),
            "q5_reponse": None,
            "q6_reponse": None,  # balance de ses propres écritures : report d'erreur
        },
        "notes": {"q1": 1, "q2": 2, "q3": 2, "q4": 1, "q5": 2, "q6": 2},
        "retour": "dépréciation calculée sur le TTC",
    },
    "b2_etats_synthese": {
        "carnet": "etats_synthese",
        "fausse": {
            "q1_reponse": (  # véhicule au brut, sans ses amortissements
                "from compta_kernel.etats_synthese import bilan\n\n"
                "b = bilan(balance)\n"
                'nets = dict(zip(b.actif["poste"], b.actif["net"])) | dict(zip(b.passif["poste"], b.passif["montant"]))\n'
                "postes_bilan = {poste: nets[poste] for poste in sujets_cloture.POSTES_BILAN}\n"
                'postes_bilan["Autres immobilisations corporelles"] = sujet.vehicule.cout_ttc'
            ),
            "q2_reponse": None,
            "q3_reponse": None,
            "q4_reponse": (  # toute la dotation du véhicule réintégrée
                'reintegrations = {"amendes": sujet.amende, "taxe_vehicules": sujet.taxe_vehicules, '
                '"amortissement_vehicule": sujet.vehicule.dotation}'
            ),
            "q5_reponse": None,  # résultat fiscal de ses propres réintégrations : report d'erreur
            "q6_reponse": None,
        },
        "notes": {"q1": ("entre", 2, 3), "q2": 3, "q3": 1, "q4": 2, "q5": 2, "q6": 2},
        "retour": "la dotation entière du véhicule",
    },
    "b2_examen_cloture": {
        "carnet": "examen_cloture",
        "fausse": {
            "q1_reponse": None,
            "q2_reponse": (  # TVA de la facture non parvenue oubliée
                "fournisseur, ht = sujet.facture_non_parvenue\n"
                'reponse_fnp = {"journal": "SI", "date": CLOTURE, "lignes": [("607", ht, ""), ("408", "", ht)]}'
            ),
            "q3_reponse": None,
            "q4_reponse": None,
            "q5_reponse": None,
            "q6_reponse": (  # bien acquis en 2026 amorti une année entière
                "from compta_kernel import arrondir\n"
                "from compta_kernel.immobilisations import compte_amortissement, plan_amortissement\n\n"
                "_, cout, service, duree = sujet.materiel\n"
                "_, compte, ht, mise_en_service, duree_acquisition = sujet.acquisition\n"
                'ancien = plan_amortissement(cout, service, duree).set_index("exercice").loc[2026, "annuite"]\n'
                "nouveau = arrondir(ht / duree_acquisition)\n"
                'reponse_dotations = {"journal": "SI", "date": CLOTURE, "lignes": [("6811", ancien + nouveau, ""), '
                '("28154", "", ancien), (compte_amortissement(compte), "", nouveau)]}'
            ),
            "q7_reponse": None,  # balance de ses propres écritures : report d'erreur
        },
        "notes": {"q1": 2, "q2": ("entre", 0, 2), "q3": 1, "q4": 2, "q5": 2, "q6": ("entre", 0, 3), "q7": 3},
        "retour": "calculée pour une année entière",
    },
}


@pytest.mark.lent
@pytest.mark.parametrize("devoir", list(DEVOIRS))
def test_nbgrader__copie_juste_et_copie_fausse(devoir, cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    attentes = DEVOIRS[devoir]
    carnet = attentes["carnet"]
    nbgrader(copie, environnement, "generate_assignment", devoir, "--force")
    diffuse = (copie / "release" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse

    apprenants = {"juste": None, "fausse": attentes["fausse"]}
    for apprenant, reponses in apprenants.items():
        deposer(copie, devoir, carnet, apprenant, reponses)
        autocorriger(cours, devoir, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(carnet, devoir).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        juste = carnet_de_notes.find_submission(devoir, "juste")
        assert juste.score == pytest.approx(sum(automatiques.values()))
        for nom, maximum in automatiques.items():
            assert carnet_de_notes.find_grade(nom, carnet, devoir, "juste").score == maximum, nom
        fausse = {
            nom: carnet_de_notes.find_grade(nom, carnet, devoir, "fausse").score for nom in automatiques
        }
        for nom, attendu in attentes["notes"].items():
            verifier_note(fausse[nom], attendu)
        assert carnet_de_notes.find_submission(devoir, "fausse").score == pytest.approx(sum(fausse.values()))

    corrige = json.loads(
        (copie / "autograded" / "fausse" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert attentes["retour"] in sorties
