"""Aller-retour nbgrader du devoir b4_relance (bloc 4, lettre de relance), note manuelle comprise.

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie fausse
déposées dans ``submitted/``, ``nbgrader autograde`` avec le jeton de chaque apprenant ; les
notes automatiques sont lues dans le carnet de notes (``nbgrader.api.Gradebook``), la cellule
écrite (q3) attend une note manuelle ; le formateur la pose par l'API du carnet de notes (note
et commentaire, comme formgrader), le total de la copie en tient compte, et
``nbgrader generate_feedback`` rend un retour qui montre le commentaire sans les tests cachés.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader

from graders import variantes

DEVOIR, CARNET = "b4_relance", "relance"
COURS_ID = "assistant-comptable"

#: Copie fausse : pénalités sur 360 jours, lettre sans la citation de L441-16, courriel familier.
FAUSSE = {
    "q1_reponse": lambda juste: juste.replace(
        "penalites = calcul.penalites",
        "from compta_kernel import arrondir\n\n"
        "penalites = arrondir(sujet.facture.net_a_payer * calcul.periodes[0].taux * calcul.jours / 360)",
    ).replace(
        "total_du = sujet.facture.net_a_payer + calcul.total",
        "total_du = sujet.facture.net_a_payer + penalites + indemnite",
    ),
    "q2_reponse": lambda juste: juste + '\nlettre = lettre.split("Selon l\'article L441-16")[0] + "Merci."\n',
    "q3": lambda juste: "Salut, on attend toujours votre paiement, payez vite svp !!!",
}


@pytest.mark.lent
def test_nbgrader_b4__autocorrection_puis_note_manuelle_et_retour(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse
    assert "Camille Durand" not in diffuse, "la réponse écrite du formateur ne part pas chez l'apprenant"
    assert "Barème de la question 3" in diffuse

    for apprenant, modifications in {"juste": {}, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, modifications, autres_justes=True)
        autocorriger(cours, DEVOIR, apprenant)

    base = f"sqlite:///{copie / 'gradebook.db'}"
    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        juste = {n: carnet_de_notes.find_grade(n, CARNET, DEVOIR, "juste") for n in ("q1", "q2", "q3")}
        assert (juste["q1"].auto_score, juste["q2"].auto_score) == (2, 3)
        assert juste["q3"].needs_manual_grade and juste["q3"].auto_score is None
        assert juste["q3"].max_score == 3

        fausse = {n: carnet_de_notes.find_grade(n, CARNET, DEVOIR, "fausse") for n in ("q1", "q2", "q3")}
        # Pénalités fausses (360 jours) : 0 sur 2/3 ; indemnité juste ; total juste par report d'erreur.
        assert fausse["q1"].auto_score == pytest.approx(4 / 3, abs=0.01)
        # Lettre sans L441-16 : un élément sur dix-huit manque.
        assert 2 < fausse["q2"].auto_score < 3

        # Le formateur note la cellule écrite (formgrader écrit la même chose dans le carnet de notes).
        for grade, note in ((juste["q3"], 3), (fausse["q3"], 0.5)):
            grade.manual_score = note
            grade.needs_manual_grade = False
        commentaire = carnet_de_notes.find_comment("q3", CARNET, DEVOIR, "fausse")
        commentaire.manual_comment = (
            "B4.1-K01 : formule d'appel et signature absentes ; ton familier (« Salut », « !!! »)."
        )
        carnet_de_notes.db.commit()

    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        q3 = carnet_de_notes.find_grade("q3", CARNET, DEVOIR, "juste")
        assert not q3.needs_manual_grade and q3.score == 3
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(8)
        assert carnet_de_notes.find_submission(DEVOIR, "fausse").score == pytest.approx(
            4 / 3 + carnet_de_notes.find_grade("q2", CARNET, DEVOIR, "fausse").score + 0.5, abs=0.01
        )

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert "prorata sur 360 jours" in sorties
    assert "L441-16" in sorties

    nbgrader(copie, environnement, "generate_feedback", DEVOIR, "--student", "fausse")
    (retour,) = (copie / "feedback" / "fausse" / DEVOIR).glob("*.html")
    texte = retour.read_text(encoding="utf-8")
    assert "ton familier" in texte
    assert "corriger(" not in texte, "les tests cachés ne fuient pas dans le retour"


# ----------------------------------------------------------------------------- devoirs B4.1 et B4.2
#: Par devoir : le carnet ; la copie fausse (cellule de réponse → fonction de la solution) ; les notes
#: automatiques attendues de la copie fausse (note exacte, ou ``("entre", bas, haut)``) ; la cellule
#: notée à la main et sa note maximale ; un extrait du retour de la copie fausse.
DEVOIRS_B4 = {
    "b4_messages_reunion": {
        "carnet": "messages_reunion",
        "fausse": {
            "q1_reponse": lambda juste: 'courriel_client = "Salut, voila la facture, payez vite !!!"',
            # Un créneau libre, mais pas le premier : la moitié des points.
            "q4_reponse": lambda juste: juste.replace("libres[0]", "libres[1]"),
            # Un participant oublié et un point de l'ordre du jour en moins.
            "q5_reponse": lambda juste: juste.replace(
                "    r.participants,", "    r.participants[:1],"
            ).replace("ordre_du_jour=r.ordre_du_jour,", "ordre_du_jour=r.ordre_du_jour[:2],"),
        },
        "notes": {"q1": ("entre", -0.01, 1), "q2": 1, "q3": 2, "q4": 0.5, "q5": ("entre", 0, 2)},
        "automatiques": {"q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 2},
        "manuelle": ("q6", 3),
        "retour": "un créneau plus tôt",
    },
    "b4_documents_classement": {
        "carnet": "documents_classement",
        "fausse": {
            "q1_reponse": lambda juste: juste.replace(
                "validite_jours=sujet.validite_jours", "validite_jours=sujet.validite_jours + 1"
            ),
            # L'assistant(e) prépare et paie : la séparation des tâches manque.
            "q3_reponse": lambda juste: juste.replace(
                '"acteur": equipe["responsable financier"]', '"acteur": equipe["assistant(e) comptable"]'
            ),
            # Toutes les factures archivées, soldées ou non, et une durée de 6 ans.
            "q6_reponse": lambda juste: juste.replace("if regle_le is not None", "").replace(
                "conserver_jusqu_au = duree_conservation", "conserver_jusqu_au = dt.date(2032, 12, 31)  #"
            ),
        },
        "notes": {
            "q1": ("entre", 0, 2),
            "q2": 1,
            "q3": ("entre", 0, 2),
            "q4": 1,
            "q5": 2,
            "q6": ("entre", -0.01, 1),
        },
        "automatiques": {"q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 2, "q6": 1},
        "manuelle": ("q7", 3),
        "retour": "Séparation des tâches",
    },
    "b4_examen_accueil": {
        "carnet": "examen_accueil",
        "fausse": {
            "q1_reponse": lambda juste: juste.replace(
                "penalites = calcul.penalites",
                "from compta_kernel import arrondir\n\n"
                "penalites = arrondir(r.facture.net_a_payer * calcul.periodes[0].taux * calcul.jours / 360)",
            ),
            # La réponse au client oublie les pénalités : le montant donné est celui de la facture.
            "q3_reponse": lambda juste: juste.replace(
                "{format_montant(lettre_du_noyau.total_du)}", "{format_montant(r.facture.net_a_payer)}"
            ),
            # La visioconférence sans son lien.
            "q5_reponse": lambda juste: juste.replace("lien=v.lien,", 'lieu="Bureau du dirigeant",'),
        },
        "notes": {
            "q1": ("entre", 0, 2),
            "q2": 3,
            "q3": ("entre", 0, 2),
            "q4": 1,
            "q5": ("entre", 0, 2),
            "q6": 1,
        },
        "automatiques": {"q1": 2, "q2": 3, "q3": 2, "q4": 1, "q5": 2, "q6": 1},
        "manuelle": ("q7", 4),
        "retour": "Le montant attendu",
    },
}


@pytest.mark.lent
@pytest.mark.parametrize("devoir", DEVOIRS_B4)
def test_nbgrader_b4__devoirs_accueil_juste_fausse_et_note_manuelle(cours, devoir, monkeypatch):
    """Copie juste : tous les points automatiques ; copie fausse : perd ceux de ses erreurs ; note manuelle posée.

    La version diffusée s'exécute telle quelle : seules les cellules de réponse (vides) échouent.
    """
    from nbclient import NotebookClient
    from nbgrader.api import Gradebook

    donnees = DEVOIRS_B4[devoir]
    carnet = donnees["carnet"]
    copie, environnement, secret = cours
    nbgrader(copie, environnement, "generate_assignment", devoir, "--force")
    diffuse = (copie / "release" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "HIDDEN TESTS" not in diffuse
    question_manuelle, maximum = donnees["manuelle"]
    assert f"Barème de la question {question_manuelle[1:]}" in diffuse

    monkeypatch.setenv(variantes.VARIABLE_JETON, variantes.jeton(secret, "vide", devoir))
    monkeypatch.setenv("ASSISTANT_COMPTABLE_DOSSIER", environnement["ASSISTANT_COMPTABLE_DOSSIER"])
    vide = nbformat.reads(diffuse, as_version=4)
    dossier_diffuse = copie / "release" / devoir
    NotebookClient(
        vide,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(dossier_diffuse)}},
    ).execute()
    en_erreur = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("solution", False)
        for c in vide.cells
        if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)
    }
    assert en_erreur and all(en_erreur.values()), f"{devoir} : cellules en erreur hors réponses : {en_erreur}"

    for apprenant, modifications in {"juste": {}, "fausse": donnees["fausse"]}.items():
        deposer(copie, devoir, carnet, apprenant, modifications, autres_justes=True)
        autocorriger(cours, devoir, apprenant)

    base = f"sqlite:///{copie / 'gradebook.db'}"
    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        for question, points in donnees["automatiques"].items():
            juste = carnet_de_notes.find_grade(question, carnet, devoir, "juste")
            assert juste.auto_score == points, (
                f"{devoir} › {question} (copie juste) : {juste.auto_score} / {points}"
            )
            fausse = carnet_de_notes.find_grade(question, carnet, devoir, "fausse").auto_score
            attendu = donnees["notes"][question]
            if isinstance(attendu, tuple):
                assert attendu[1] < fausse < attendu[2], f"{devoir} › {question} (copie fausse) : {fausse}"
            else:
                assert fausse == pytest.approx(attendu), f"{devoir} › {question} (copie fausse) : {fausse}"
        for apprenant, note in (("juste", maximum), ("fausse", 1)):
            grade = carnet_de_notes.find_grade(question_manuelle, carnet, devoir, apprenant)
            assert grade.needs_manual_grade and grade.auto_score is None and grade.max_score == maximum
            grade.manual_score = note
            grade.needs_manual_grade = False
        carnet_de_notes.db.commit()

    with Gradebook(base, course_id=COURS_ID) as carnet_de_notes:
        total = sum(donnees["automatiques"].values()) + maximum
        assert carnet_de_notes.find_submission(devoir, "juste").score == pytest.approx(total)
        assert carnet_de_notes.find_submission(devoir, "fausse").score < total - maximum + 1

    corrige = json.loads(
        (copie / "autograded" / "fausse" / devoir / f"{carnet}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    assert donnees["retour"] in sorties
