"""Aller-retour nbgrader du devoir de paie « b3_bulletin » (bloc 3).

Même procédure que :mod:`test_nbgrader_b2` (dont on reprend les outils) : ``generate_assignment``,
une copie juste et une copie fausse, ``autograde`` avec le jeton de chaque apprenant, notes lues
dans le carnet de notes. La copie fausse oublie les heures supplémentaires dans le brut, calcule
la CSG sur 100 % du brut et inverse la règle d'échéance de la DSN.
"""

from __future__ import annotations

import json

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

from graders import variantes

DEVOIR = "b3_bulletin"
CARNET = "bulletin"
FAUSSE = {
    "q1_reponse": (
        "from compta_kernel.paie import bulletin\n\n"
        "b = bulletin(sujet.salarie, sujet.periode, sujet.variables, sujet.employeur)\n"
        'brut = b.brut - sum(x.montant for x in b.elements_brut if x.code.startswith("heures_sup"))'
    ),
    "q2_reponse": (
        "from decimal import Decimal\n\n"
        'csg_deductible = (b.brut * b.ligne("csg_deductible").taux_salarial).quantize(Decimal("0.01"))'
    ),
    "q3_reponse": None,  # la solution
    "q4_reponse": None,
    "q5_reponse": None,
    "q6_reponse": "echeance = dt.date(2026, 11, 15) if sujet.effectif >= 50 else dt.date(2026, 11, 5)",
}
NOTES = {"q1": 0, "q2": 0, "q3": 2, "q4": 3, "q5": 1, "q6": 0}


@pytest.mark.lent
def test_nbgrader_b3__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert (
        "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "ecriture_paie([b])" not in diffuse
    )

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        autocorriger(cours, DEVOIR, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert sum(automatiques.values()) == 10
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(10)
        for nom, attendu in NOTES.items():
            verifier_note(carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score, attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "le brut sans les heures supplémentaires" in sorties
    assert "la CSG calculée sur 100 % du brut" in sorties
    assert "B3.3-K02 — échéance" in sorties


# ----------------------------------------------------------------------------- b3_variables_journal

VARIABLES = "b3_variables_journal"
CARNET_VARIABLES = "variables_journal"
FAUSSE_VARIABLES = {
    "q1_reponse": "pass",  # saisie faite dans le formulaire : reponses.json déposé avec la copie
    "q2_reponse": 'lignes_fausses = ["crds"]',
    "q3_reponse": None,
    "q4_reponse": (
        "from compta_kernel.paie import bulletin, dsn_mensuelle\n"
        "from graders.paie import NOMS_ORGANISMES, elements_variables\n\n"
        "bulletins = [bulletin(r.salarie, sujet.periode, elements_variables(r, sujet.periode), sujet.employeur)\n"
        "             for r in sujet.releves]\n"
        "declaration = dsn_mensuelle(bulletins)\n"
        "dsn = {NOMS_ORGANISMES[o]: m for o, m in declaration.par_organisme.items()}\n"
        'dsn["URSSAF"] = sum(x.part_patronale for b in bulletins for x in b.lignes if x.organisme == "URSSAF")'
    ),
    "q5_reponse": (
        'remunerations = {"soumises": declaration.remunerations_soumises + '
        'sum(b.variables.frais for b in bulletins), "non_soumises": declaration.remunerations_non_soumises}'
    ),
    "q6_reponse": "echeance = dt.date(2026, 12, 15) if sujet.effectif >= 50 else dt.date(2026, 12, 5)",
    "q7_reponse": "date_limite = dt.date(2026, 11, 30) - dt.timedelta(days=sujet.delai_remise)",
}
NOTES_VARIABLES = {
    "q1": ("entre", 0, 3),
    "q2": 0,
    "q3": 3,
    "q4": ("entre", 0, 2),
    "q5": 0.5,
    "q6": 0,
    "q7": 0,
}


def _saisie_fausse(dossier, secret: bytes) -> None:
    """Ce qu'a tapé l'apprenant « fausse » dans le formulaire : toutes les heures supplémentaires à
    25 %, absences et frais oubliés (enregistré par le modèle du formulaire, comme dans le carnet)."""
    from formulaires import ModelePaie
    from graders import sujets_paie
    from graders.paie import heures_supplementaires

    sujet = sujets_paie.variables_journal(variantes.calculer_graine(secret, "fausse", VARIABLES))
    modele = ModelePaie(sujet.salaries, question="q1", dossier=dossier)
    for r in sujet.releves:
        a25, a50 = heures_supplementaires(r.semaines, sujet.periode)
        modele.modifier(r.code, "heures_sup_25", format(a25 + a50, "f").replace(".", ","))
        if r.prime:
            modele.modifier(r.code, "primes", format(r.prime, "f"))
    assert (dossier / "reponses.json").exists()


@pytest.mark.lent
def test_nbgrader_b3_variables_journal__formulaire_note_sur_ses_donnees(cours):
    """Copie juste : tous les points, y compris la saisie du formulaire relue dans ``reponses.json`` ;
    copie fausse : formulaire incomplet, contrôle et DSN faux, échéances inversées."""
    from nbgrader.api import Gradebook

    copie, environnement, secret = cours
    nbgrader(copie, environnement, "generate_assignment", VARIABLES, "--force")
    diffuse = (copie / "release" / VARIABLES / f"{CARNET_VARIABLES}.ipynb").read_text(encoding="utf-8")
    assert (
        "BEGIN SOLUTION" not in diffuse
        and "corriger(" not in diffuse
        and "controler_bulletin(" not in diffuse
    )
    assert 'SaisiePaie(sujet.salaries, question=\\"q1\\")' in diffuse

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE_VARIABLES}.items():
        deposer(copie, VARIABLES, CARNET_VARIABLES, apprenant, reponses)
        if apprenant == "fausse":
            _saisie_fausse(copie / "submitted" / apprenant / VARIABLES, secret)
        autocorriger(cours, VARIABLES, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET_VARIABLES, VARIABLES).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert sum(automatiques.values()) == 13
        assert carnet_de_notes.find_submission(VARIABLES, "juste").score == pytest.approx(13)
        for nom, attendu in NOTES_VARIABLES.items():
            verifier_note(
                carnet_de_notes.find_grade(nom, CARNET_VARIABLES, VARIABLES, "fausse").score, attendu
            )

    enregistrees = json.loads(
        (copie / "autograded" / "fausse" / VARIABLES / "reponses.json").read_text(encoding="utf-8")
    )
    assert set(enregistrees["q1"]) == {"valeur", "brouillon"}
    corrige = json.loads(
        (copie / "autograded" / "fausse" / VARIABLES / f"{CARNET_VARIABLES}.ipynb").read_text(
            encoding="utf-8"
        )
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for extrait in (
        "B3.1-K01 — ",
        "frais professionnels remboursés : 0 saisi",
        "B3.1-K03 — ligne « CRDS non déductible de l&#x27;impôt sur le revenu » (crds) signalée à tort",
        "B3.3-K01 — URSSAF : vous avez donné les seules parts patronales",
        "B3.3-K03 — soumises : vous avez donné le brut avec les frais remboursés",
        "B3.3-K02 — l&#x27;échéance de la DSN",  # retour en HTML : apostrophe échappée
        "B3.1-K02 — la date limite de remise des éléments variables",
    ):
        assert extrait in sorties, extrait


# ----------------------------------------------------------------------------- b3_examen_paie

EXAMEN = "b3_examen_paie"
CARNET_EXAMEN = "examen_paie"
FAUSSE_EXAMEN = {
    "q1_reponse": (  # brut du premier salarié faux de 100 € (prime comptée deux fois, par exemple)
        "from compta_kernel.paie import bulletin\n"
        "from graders.paie import elements_variables\n\n"
        "bulletins = [bulletin(r.salarie, sujet.periode, elements_variables(r, sujet.periode), sujet.employeur)\n"
        "             for r in sujet.releves]\n"
        'bulletins_du_mois = {r.code: {"brut": b.brut, "net_avant_impot": b.net_avant_impot}\n'
        "                     for r, b in zip(sujet.releves, bulletins)}\n"
        'bulletins_du_mois["S01"]["brut"] += 100'
    ),
    "q2_reponse": None,  # la solution
    "q3_reponse": None,
    "q4_reponse": 'comptes_en_ecart = ["431"]',
    "q5_reponse": None,
    "q6_reponse": "echeance = dt.date(2026, 8, 15) if sujet.effectif >= 50 else dt.date(2026, 8, 5)",
    "q7_reponse": None,
    "q8_reponse": None,
}
NOTES_EXAMEN = {"q1": 3.5, "q2": 3, "q3": 4, "q4": 1.5, "q5": 3, "q6": 0, "q7": 1, "q8": 1}


@pytest.mark.lent
def test_nbgrader_b3_examen__copie_juste_et_copie_fausse(cours):
    """Copie juste : 20 points ; copie fausse : un brut faux, un compte en écart oublié, échéance inversée."""
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", EXAMEN, "--force")
    diffuse = (copie / "release" / EXAMEN / f"{CARNET_EXAMEN}.ipynb").read_text(encoding="utf-8")
    assert (
        "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "rapprocher_paie(" not in diffuse
    )

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE_EXAMEN}.items():
        deposer(copie, EXAMEN, CARNET_EXAMEN, apprenant, reponses)
        autocorriger(cours, EXAMEN, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET_EXAMEN, EXAMEN).grade_cells
        assert sum(c.max_score for c in cellules if c.cell_type == "code") == 20
        assert carnet_de_notes.find_submission(EXAMEN, "juste").score == pytest.approx(20)
        for nom, attendu in NOTES_EXAMEN.items():
            verifier_note(carnet_de_notes.find_grade(nom, CARNET_EXAMEN, EXAMEN, "fausse").score, attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / EXAMEN / f"{CARNET_EXAMEN}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "B3.1-K01 — S01 brut" in sorties
    assert "B3.2-K03 — compte « " in sorties and "non signalé" in sorties
    assert "B3.3-K02 — l&#x27;échéance de la DSN" in sorties
