"""Outil du formateur (``python -m graders.formateur``), de bout en bout avec les vraies commandes nbgrader.

Sur une copie de ``course/`` dans un dossier temporaire : ``init``, ``apprenants``, ``jetons``,
``publier`` (une version apprenant piégée est refusée), puis une classe d'apprenants fictifs rend
ses copies — juste, compte de TVA faux, écriture inversée, copie vide, et les tricheries ou
accidents : boucle infinie, ``sys.exit()``, ``os._exit(1)``, cellule de test supprimée ou
modifiée, correcteur ou affichage du verdict remplacés. ``corriger`` (2 processus) doit donner à
chacun sa note exacte, calculée à la main d'après les règles de ``corrections/b1_facture_achat.py``
(3 lignes attendues : une part par ligne juste, une demi-part pour un mauvais compte de TVA) quelle
que soit la facture tirée pour l'apprenant, et nommer chaque incident. Puis ``retours`` (ni test
caché ni secret) et ``grille`` (statut de chaque critère, synthèse de classe).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from graders import formateur, variantes

pytestmark = pytest.mark.lent

RACINE = Path(__file__).resolve().parent.parent
COURS = RACINE / "course"
DEVOIR = "b1_facture_achat"
CARNET = "facture_achat"
IGNORES_COPIE = shutil.ignore_patterns(
    "release",
    "submitted",
    "autograded",
    "feedback",
    "*.db",
    ".secret_cours",
    "rapports",
    "grilles",
    "jetons",
    "reponses.json",
    ".ipynb_checkpoints",
)

APPRENANTS_CSV = """id;nom;prénom;email
alice;Martin;Alice;alice@exemple.fr
bruno;Petit;Bruno;
chloe;Durand;Chloé;
david;Leroy;David;
eve;Moreau;Ève;
fabien;Simon;Fabien;
gaelle;Laurent;Gaëlle;
hugo;Michel;Hugo;
ines;Garcia;Inès;
mallory;Roux;Mallory;
nadia;Fournier;Nadia;
oscar;Girard;Oscar;
zoe;Blanc;Zoé;
"""

# Les réponses se construisent à partir de la facture de l'apprenant (facture.nature, .ht, .tva,
# .ttc) : la note attendue ne dépend pas de la variante tirée.
_COMPTES = (
    'COMPTE = {"marchandises": "607", "fournitures_bureau": "6064", "petit_equipement": "6063", '
    '"matieres_premieres": "601", "entretien": "615"}\n'
)
JUSTE = _COMPTES + (
    'reponse_ecriture = {"journal": "AC", "date": facture.date, "lignes": [(COMPTE[facture.nature], '
    'facture.ht, ""), ("44566", facture.tva, ""), ("401", "", facture.ttc)]}\n'
)
TVA_FAUSSE = JUSTE.replace('"44566"', '"44571"')
INVERSEE = _COMPTES + (
    'reponse_ecriture = {"journal": "AC", "date": facture.date, "lignes": [(COMPTE[facture.nature], '
    '"", facture.ht), ("44566", "", facture.tva), ("401", facture.ttc, "")]}\n'
)
JUSTIFICATION = (
    "La TVA payée sur les achats est déductible : c'est une créance sur l'État, "
    "enregistrée au débit du 44566, pas une charge."
)


@dataclass(frozen=True)
class Copie:
    """Une copie fictive : réponse à q1, test q1 modifié ou supprimé, réponse rédigée à q2."""

    reponse: str | None = None
    test: str | None = None
    supprimer_test: bool = False
    q2: str | None = None


CLASSE = {
    "alice": Copie(JUSTE, q2=JUSTIFICATION),
    "bruno": Copie(TVA_FAUSSE),
    "chloe": Copie(INVERSEE),
    "david": Copie(),
    "eve": Copie("while True:\n    pass\n"),
    "fabien": Copie(JUSTE + "import sys\nsys.exit()\n"),
    "gaelle": Copie(TVA_FAUSSE + "import os\nos._exit(1)\n"),
    "hugo": Copie(JUSTE, supprimer_test=True),
    "ines": Copie(INVERSEE, test='print("3")\n3\n'),
    "mallory": Copie(
        TVA_FAUSSE
        + "import graders.reponses as r\nfrom graders.verdict import Verdict\n"
        + "r.corriger = lambda *a, **k: Verdict(3, 3)\n"
    ),
    "nadia": Copie(TVA_FAUSSE + "from graders.verdict import Verdict\nVerdict.__repr__ = lambda self: '3'\n"),
    # Le noyau tourne sous le compte du formateur : zoe réécrit la correction du devoir.
    "zoe": Copie(
        JUSTE
        + "from pathlib import Path\n"
        + "f = Path.cwd().parents[2] / 'corrections' / 'b1_facture_achat.py'\n"
        + "f.write_text(f.read_text() + '\\ncorriger = lambda *a, **k: None\\n')\n"
    ),
}
# Note de confiance attendue sur q1 (/3) et incidents attendus, par apprenant.
ATTENDU = {
    "alice": (3, set()),
    "bruno": (2.5, set()),
    "chloe": (0, set()),
    "david": (0, set()),
    "eve": (0, {"delai_depasse"}),
    "fabien": (3, {"arret_demande"}),
    "gaelle": (0, {"noyau_arrete"}),
    "hugo": (3, {"cellule_supprimee"}),
    "ines": (0, {"cellule_modifiee"}),
    "mallory": (0, {"note_modifiee", "reponse_non_enregistree"}),
    "nadia": (2.5, {"note_modifiee"}),
    "zoe": (3, set()),
}
# Statut attendu des deux critères évalués (B1.1-K03 : q1 sur 3 + q2 sur 1 ; B1.1-K04 : q1 seule).
GRILLE_ATTENDUE = {
    "alice": ("acquis", "acquis"),  # 4/4 (q2 notée 1/1 à la main), 3/3
    "bruno": ("en cours", "acquis"),  # 2,5/4 = 62,5 %, 2,5/3 = 83 %
    "chloe": ("non acquis", "non acquis"),
    "david": ("non acquis", "non acquis"),
    "eve": ("non acquis", "non acquis"),
    "fabien": ("en cours", "acquis"),  # 3/4 = 75 %
    "gaelle": ("non acquis", "non acquis"),  # q2 en attente : q1 seule, 0/3
    "hugo": ("en cours", "acquis"),
    "ines": ("non acquis", "non acquis"),
    "mallory": ("non acquis", "non acquis"),
    "nadia": ("en cours", "acquis"),
    "oscar": ("non évalué", "non évalué"),
    "zoe": ("en cours", "acquis"),
}


def soumettre(cours: Path, apprenant: str, copie: Copie) -> None:
    """Dépose une copie dans ``submitted/`` comme le ferait ``nbgrader collect``."""
    import nbformat

    carnet = nbformat.read(cours / "release" / DEVOIR / f"{CARNET}.ipynb", as_version=4)
    cellules = []
    for cellule in carnet.cells:
        ident = cellule.metadata.get("nbgrader", {}).get("grade_id")
        if ident == "q1_reponse" and copie.reponse is not None:
            cellule.source = copie.reponse
        if ident == "q2" and copie.q2 is not None:
            cellule.source = copie.q2
        if ident == "q1":
            if copie.supprimer_test:
                continue
            if copie.test is not None:
                cellule.source = copie.test
        cellules.append(cellule)
    carnet.cells = cellules
    dossier = cours / "submitted" / apprenant / DEVOIR
    dossier.mkdir(parents=True)
    nbformat.write(carnet, dossier / f"{CARNET}.ipynb")
    (dossier / "timestamp.txt").write_text("2026-11-29 10:00:00.000000 UTC", encoding="utf-8")


@dataclass
class Session:
    """Le dossier du cours après toute la session de formation, et ce que chaque commande a rendu."""

    cours: Path
    sorties: dict[str, subprocess.CompletedProcess]
    durees: dict[str, float]

    def rapport(self) -> dict:
        return json.loads((self.cours / "rapports" / f"correction_{DEVOIR}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def session(tmp_path_factory, environnement_jupyter) -> Session:
    """Une session complète, commande après commande, sur une copie du cours."""
    base = tmp_path_factory.mktemp("formateur")
    cours = base / "course"
    shutil.copytree(COURS, cours, symlinks=True, ignore=IGNORES_COPIE)
    environnement = {
        **environnement_jupyter,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), environnement_jupyter.get("PATH", "")]),
        "ASSISTANT_COMPTABLE_DOSSIER": str(base / "perso"),
    }
    environnement.pop(variantes.VARIABLE_JETON, None)
    sorties, durees = {}, {}
    debut_session = time.monotonic()

    def formateur_(etape: str, *arguments: str, code: int | None = 0) -> subprocess.CompletedProcess:
        debut = time.monotonic()
        resultat = subprocess.run(
            [sys.executable, "-m", "graders.formateur", "--cours", str(cours), *arguments],
            check=False,
            cwd=base,
            env=environnement,
            capture_output=True,
            text=True,
            timeout=600,
        )
        durees[etape] = round(time.monotonic() - debut, 1)
        sorties[etape] = resultat
        if code is not None:
            assert resultat.returncode == code, (
                f"{etape} : code {resultat.returncode}\n{resultat.stdout}\n{resultat.stderr}"
            )
        return resultat

    formateur_("init", "init")
    (base / "apprenants.csv").write_text(APPRENANTS_CSV, encoding="utf-8")
    formateur_("apprenants", "apprenants", "--csv", str(base / "apprenants.csv"))
    formateur_("jetons", "jetons", DEVOIR, "--sortie", str(base / "jetons"))

    # Un oubli du formateur : une copie de sa correction dans le dossier du devoir.
    oubli = cours / "source" / DEVOIR / "aide_correction.py"
    shutil.copy(cours / "corrections" / f"{DEVOIR}.py", oubli)
    formateur_("publier_oubli", "publier", DEVOIR, code=1)
    oubli.unlink()
    # Le refus d'un type sans devoir : la copie du cours garde ses seuls devoirs d'entraînement.
    devoirs = yaml.safe_load((cours / "devoirs.yaml").read_text(encoding="utf-8"))
    entrainements = {d: v for d, v in devoirs.items() if v["type"] != "examen"}
    (cours / "devoirs.yaml").write_text(yaml.safe_dump(entrainements, allow_unicode=True), encoding="utf-8")
    formateur_("publier_examen", "publier", "--type", "examen", code=2)
    formateur_("publier", "publier", DEVOIR)
    formateur_("ramasser", "ramasser", DEVOIR, code=1)

    for apprenant, copie in CLASSE.items():
        soumettre(cours, apprenant, copie)
    formateur_("corriger", "corriger", DEVOIR, "--processus", "2", "--delai", "5", code=1)

    # Le formateur note la réponse rédigée d'alice dans formgrader.
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{cours / 'gradebook.db'}", "assistant-comptable") as carnet_notes:
        note = carnet_notes.find_grade("q2", CARNET, DEVOIR, "alice")
        note.manual_score = 1.0
        carnet_notes.find_comment("q2", CARNET, DEVOIR, "alice").manual_comment = "Justification complète."
        carnet_notes.db.commit()

    formateur_("retours", "retours", DEVOIR)
    formateur_("grille", "grille", "--sortie", str(base / "grilles"), "--capture", str(base / "grille.png"))
    durees["session"] = round(time.monotonic() - debut_session, 1)
    print(f"\nDurées (s) : {durees}")
    return Session(cours, sorties, durees)


def _espaces(texte: str) -> str:
    return re.sub(r"\s", " ", texte)


# --- init, apprenants, jetons ------------------------------------------------------------


def test_init__secret_600_lien_source_et_configuration_lue(session):
    secret = session.cours / ".secret_cours"
    assert secret.stat().st_mode & 0o777 == 0o600
    lien = session.cours / "source" / DEVOIR
    assert lien.is_symlink() and lien.resolve() == (session.cours / "bloc1_operations" / DEVOIR).resolve()
    assert "cours « assistant-comptable »" in session.sorties["init"].stdout
    assert "timeout=60" in session.sorties["init"].stdout


def test_init__retire_les_liens_morts_et_dit_une_config_cassee(tmp_path):
    cours = tmp_path / "course"
    shutil.copytree(COURS, cours, symlinks=True, ignore=IGNORES_COPIE)
    (cours / "source" / "devoir_disparu").symlink_to("../bloc9/devoir_disparu")
    assert formateur.init(formateur.Cours(cours)) == 0
    assert not (cours / "source" / "devoir_disparu").is_symlink()
    (cours / "nbgrader_config.py").write_text("c = get_config()\nc.Execute.timeout = (\n", encoding="utf-8")
    with pytest.raises(formateur.ErreurFormateur, match="ne se charge pas"):
        formateur.init(formateur.Cours(cours))


def test_apprenants__erreurs_du_csv_toutes_signalees_avec_leur_ligne(tmp_path):
    fichier = tmp_path / "a.csv"
    fichier.write_text(
        "id,nom,prénom,email\nalice,Martin,Alice,\n,Sans,Id,\nalice,Double,Alice,\nx y,Espace,X,\n"
    )
    lus, erreurs = formateur.lire_apprenants(fichier)
    assert [a.id for a in lus] == ["alice"]
    assert [e.split(" :")[0] for e in erreurs] == ["ligne 3", "ligne 4", "ligne 5"]


def test_jetons__csv_et_jetons_json_par_apprenant(session):
    secret = variantes.lire_secret_cours(session.cours)
    dossier = session.cours.parent / "jetons"
    lignes = (dossier / f"jetons_{DEVOIR}.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lignes) == 1 + 13 and lignes[0] == "apprenant;prénom;nom;email;devoir;jeton"
    for apprenant in ("alice", "oscar"):
        attendu = variantes.jeton(secret, apprenant, DEVOIR)
        assert json.loads((dossier / apprenant / "jetons.json").read_text()) == {DEVOIR: attendu}
        assert any(ligne.startswith(f"{apprenant};") and ligne.endswith(attendu) for ligne in lignes)


# --- publier, ramasser ----------------------------------------------------------------------


def test_publier__version_apprenant_controlee_sans_fuite(session):
    sortie = session.sorties["publier"].stdout
    assert "entraînement" in sortie and "aucune fuite" in sortie
    assert formateur.scanner_diffusion(formateur.Cours(session.cours), DEVOIR) == []
    texte = (session.cours / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "corriger(" not in texte and "BEGIN" not in texte


def test_publier__fichier_de_correction_oublie_refuse_et_version_supprimee(session):
    refus = session.sorties["publier_oubli"]
    assert "DIFFUSION REFUSÉE" in refus.stderr
    assert "aide_correction.py : copie d'un fichier du dossier corrections/" in refus.stderr
    assert "appel du correcteur (corriger)" in refus.stderr


def test_publier__version_retouchee_avec_balise_de_solution_refusee(session, tmp_path):
    cours = tmp_path / "course"
    shutil.copytree(
        session.cours, cours, symlinks=True, ignore=shutil.ignore_patterns("autograded", "feedback")
    )
    diffuse = cours / "release" / DEVOIR / f"{CARNET}.ipynb"
    carnet = json.loads(diffuse.read_text(encoding="utf-8"))
    reponse = next(
        c for c in carnet["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1_reponse"
    )
    reponse["source"] = "### BEGIN SOLUTION\nreponse_ecriture = ...\n### END SOLUTION\n"
    diffuse.write_text(json.dumps(carnet), encoding="utf-8")
    assert formateur.publier(formateur.Cours(cours), DEVOIR, controle_seul=True) == 1
    assert not diffuse.exists()


def test_publier__type_examen_sans_devoir_refuse(session):
    assert "Aucun devoir de type examen" in session.sorties["publier_examen"].stderr


def test_scanner_diffusion__secret_jeton_et_fichier_de_correction(session, tmp_path):
    cours = tmp_path / "course"
    shutil.copytree(
        session.cours, cours, symlinks=True, ignore=shutil.ignore_patterns("autograded", "feedback")
    )
    diffuse = cours / "release" / DEVOIR
    secret = variantes.lire_secret_cours(cours)
    (diffuse / "notes.txt").write_text(f"jeton {variantes.jeton(secret, 'bruno', DEVOIR)}\n{secret.hex()}\n")
    shutil.copy(cours / "corrections" / f"{DEVOIR}.py", diffuse / "aide.py")
    (diffuse / "outil.py").write_text("from corrections import b1_facture_achat\n")
    motifs = {f.motif for f in formateur.scanner_diffusion(formateur.Cours(cours), DEVOIR)}
    assert {
        "jeton de bruno",
        "secret du cours",
        "copie d'un fichier du dossier corrections/",
        "import du module de correction",
    } <= motifs


def test_ramasser__sans_echange_explique_quoi_faire(session):
    assert "Aucun échange nbgrader configuré" in session.sorties["ramasser"].stderr


def test_echange__publier_diffuse_et_ramasser_collecte(tmp_path, environnement_jupyter):
    """Avec un échange nbgrader (salle de formation) : diffusion, retrait et dépôt par l'apprenant, ramassage."""
    cours = tmp_path / "course"
    shutil.copytree(COURS, cours, symlinks=True, ignore=IGNORES_COPIE)
    echange = tmp_path / "echange"
    echange.mkdir(mode=0o777)
    echange.chmod(0o777)
    environnement = {
        **environnement_jupyter,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), environnement_jupyter.get("PATH", "")]),
        formateur.VARIABLE_ECHANGE: str(echange),
    }

    def lancer(*commande: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        resultat = subprocess.run(
            [sys.executable, "-m", *commande],
            check=False,
            cwd=cwd,
            env=environnement,
            capture_output=True,
            text=True,
        )
        assert resultat.returncode == 0, f"{commande}\n{resultat.stdout}\n{resultat.stderr}"
        return resultat

    lancer("graders.formateur", "--cours", str(cours), "init")
    sortie = lancer("graders.formateur", "--cours", str(cours), "publier", DEVOIR).stdout
    assert "aucune fuite" in sortie and "Devoir diffusé par l'échange nbgrader" in sortie
    poste = tmp_path / "poste_apprenant"
    poste.mkdir()
    options = ["--course", "assistant-comptable", f"--Exchange.root={echange}"]
    lancer("nbgrader", "fetch_assignment", DEVOIR, *options, cwd=poste)
    assert (poste / DEVOIR / f"{CARNET}.ipynb").exists()
    lancer("nbgrader", "submit", DEVOIR, *options, cwd=poste)
    sortie = lancer("graders.formateur", "--cours", str(cours), "ramasser", DEVOIR).stdout
    assert "1 copie(s) ramassée(s)" in sortie
    assert list((cours / "submitted").glob(f"*/{DEVOIR}/{CARNET}.ipynb"))


# --- corriger --------------------------------------------------------------------------------


def test_corriger__toute_la_classe_corrigee_malgre_les_copies_cassees(session):
    rapport = session.rapport()
    assert rapport["processus"] == 2
    assert {a["apprenant"] for a in rapport["apprenants"]} == set(CLASSE) | {"oscar"}
    progression = session.sorties["corriger"].stderr
    assert "12/12" in progression and "Correction de b1_facture_achat" in progression


def test_corriger__note_de_confiance_exacte_pour_chaque_apprenant(session):
    par_apprenant = {a["apprenant"]: a for a in session.rapport()["apprenants"]}
    for apprenant, (note, _) in ATTENDU.items():
        assert par_apprenant[apprenant]["note"] == note, apprenant
        assert par_apprenant[apprenant]["sur"] == 3
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{session.cours / 'gradebook.db'}", "assistant-comptable") as carnet_notes:
        for apprenant, (note, _) in ATTENDU.items():
            assert carnet_notes.find_grade("q1", CARNET, DEVOIR, apprenant).score == note, apprenant


def test_corriger__chaque_cas_malveillant_nomme_dans_les_incidents(session):
    par_apprenant = {a["apprenant"]: a for a in session.rapport()["apprenants"]}
    for apprenant, (_, incidents) in ATTENDU.items():
        assert {i["code"] for i in par_apprenant[apprenant]["incidents"]} == incidents, apprenant
    assert [i["code"] for i in par_apprenant["oscar"]["incidents"]] == ["copie_absente"]
    mallory = next(q for q in par_apprenant["mallory"]["questions"] if q["question"] == "q1")
    assert (mallory["note_noyau"], mallory["note"]) == (3, 0)
    nadia = next(q for q in par_apprenant["nadia"]["questions"] if q["question"] == "q1")
    assert (nadia["note_noyau"], nadia["note"]) == (3, 2.5)


def test_corriger__rapport_texte_en_francais(session):
    texte = (session.cours / "rapports" / f"correction_{DEVOIR}.txt").read_text(encoding="utf-8")
    assert "alice : 3/3\n" in texte and "bruno : 2,5/3\n" in texte
    assert re.search(r"^nadia : 2,5/3 — note du noyau 3 remplacée par 2,5 sur q1", texte, flags=re.MULTILINE)
    assert re.search(r"^mallory : 0/3 — note du noyau 3 remplacée par 0", texte, flags=re.MULTILINE)
    assert "eve : 0/3 — délai dépassé dans la cellule q1_reponse" in texte
    assert "oscar : pas de copie rendue" in texte


def test_corriger__base_sqlite_partagee_sans_verrou_bloquant(session):
    """Deux processus nbgrader écrivent dans le même gradebook.db : aucune copie rejouée ni perdue."""
    rapport = session.rapport()
    assert rapport["base"].endswith("?timeout=60")
    assert rapport["tentatives_sur_verrou"] == 0
    for a in rapport["apprenants"]:
        if a["copie"]:
            journal = Path(a["nbgrader"]["journal"]).read_text(encoding="utf-8", errors="replace")
            assert "database is locked" not in journal, a["apprenant"]


def test_corriger__correction_reecrite_par_un_apprenant_detectee(session):
    """zoe a modifié corrections/b1_facture_achat.py : alerte, code 1 ; les notes viennent du module chargé avant."""
    rapport = session.rapport()
    assert rapport["fichiers_du_formateur_modifies"] == [str(session.cours / "corrections" / f"{DEVOIR}.py")]
    assert "ALERTE : des fichiers du formateur ont changé" in session.sorties["corriger"].stdout


def test_corriger__le_noyau_ne_recoit_que_le_jeton_pas_le_secret(session):
    secret = variantes.lire_secret_cours(session.cours).hex()
    for journal in (session.cours / "rapports" / f"journaux_{DEVOIR}").glob("*.log"):
        assert secret not in journal.read_text(encoding="utf-8", errors="replace")


def test_recorriger__correcteur_en_erreur_note_du_noyau_conservee(session):
    """Un correcteur du formateur qui lève : incident « erreur_correcteur », la note du noyau reste."""

    class CorrectionCassee:
        @staticmethod
        def corriger(question, reponse, graine, *, sur):
            raise KeyError(question)

    cours = formateur.Cours(session.cours)
    secret = variantes.lire_secret_cours(session.cours)
    with formateur.carnet_de_notes(cours) as carnet_notes:
        cellules = formateur._cellules_du_devoir(carnet_notes, DEVOIR)
        copie = formateur.Copie("bruno", code=0)
        resultat = formateur.recorriger(
            cours, DEVOIR, CorrectionCassee, secret, copie, cellules, carnet_notes
        )
    assert [i.code for i in resultat.incidents] == ["erreur_correcteur"]
    assert resultat.note == 2.5 and "KeyError" in resultat.incidents[0].message


def test_base_sqlite__delai_d_attente_de_l_adresse_honore(tmp_path):
    """``?timeout=`` dans l'adresse atteint sqlite3 : un verrou tenu 1,5 s est attendu, pas refusé."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import OperationalError

    os.environ["PATH"] = formateur._environnement()["PATH"]
    chemin = tmp_path / "gradebook.db"
    Gradebook(f"sqlite:///{chemin}").close()

    def verrouiller(duree: float) -> threading.Thread:
        pret = threading.Event()

        def tenir():
            connexion = sqlite3.connect(chemin, isolation_level=None)
            connexion.execute("BEGIN EXCLUSIVE")
            pret.set()
            time.sleep(duree)
            connexion.execute("COMMIT")
            connexion.close()

        fil = threading.Thread(target=tenir)
        fil.start()
        pret.wait()
        return fil

    fil = verrouiller(1.5)
    with (
        pytest.raises(OperationalError, match="database is locked"),
        Gradebook(f"sqlite:///{chemin}?timeout=0.1") as carnet_notes,
    ):
        carnet_notes.update_or_create_student("presse")
    fil.join()
    fil = verrouiller(1.5)
    debut = time.monotonic()
    with Gradebook(f"sqlite:///{chemin}?timeout=30") as carnet_notes:
        carnet_notes.update_or_create_student("patient")
    attente = time.monotonic() - debut
    fil.join()
    assert attente >= 1.0


# --- retours -----------------------------------------------------------------------------


def _lignes_des_tests_caches() -> list[str]:
    carnet = json.loads((COURS / "source" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8"))
    lignes = []
    for cellule in carnet["cells"]:
        texte = "".join(cellule["source"])
        for bloc in re.findall(r"BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", texte, flags=re.DOTALL):
            lignes += [ligne.strip() for ligne in bloc.splitlines() if ligne.strip()]
    assert lignes
    return lignes


def test_retours__ni_test_cache_ni_secret_ni_jeton_d_un_autre(session):
    assert "aucun test caché, aucun secret" in session.sorties["retours"].stdout
    secret = variantes.lire_secret_cours(session.cours)
    jetons = {a: variantes.jeton(secret, a, DEVOIR) for a in (*CLASSE, "oscar")}
    pages = sorted((session.cours / "feedback").glob(f"*/{DEVOIR}/*.html"))
    assert {p.parent.parent.name for p in pages} == set(CLASSE) - {"gaelle"}
    for page in pages:
        texte = formateur._texte_html(page.read_text(encoding="utf-8"))
        assert "HIDDEN TESTS" not in texte and secret.hex() not in texte
        assert not [ligne for ligne in _lignes_des_tests_caches() if ligne in texte], page
        assert not [a for a, j in jetons.items() if j in texte and a != page.parent.parent.name], page
    bruno = formateur._texte_html(
        (session.cours / "feedback" / "bruno" / DEVOIR / f"{CARNET}.html").read_text()
    )
    assert "Mauvais compte de TVA" in bruno


# --- grille ---------------------------------------------------------------------------------


def test_grille__statut_de_chaque_critere_par_apprenant(session):
    grille = formateur.calculer_grille(formateur.Cours(session.cours), [DEVOIR])
    assert {g.apprenant for g in grille.apprenants} == set(GRILLE_ATTENDUE)
    for g in grille.apprenants:
        assert (g.statut("B1.1-K03"), g.statut("B1.1-K04")) == GRILLE_ATTENDUE[g.apprenant], g.apprenant
        autres = {e.statut for e in g.etats if e.critere.id not in ("B1.1-K03", "B1.1-K04")}
        assert autres == {"non évalué"} and len(g.etats) == 59
    alice = next(g for g in grille.apprenants if g.apprenant == "alice")
    preuves = next(e for e in alice.etats if e.critere.id == "B1.1-K03").preuves
    assert [p.texte() for p in preuves] == [
        "b1_facture_achat › q1 : 3/3",
        "b1_facture_achat › q2 : 1/1 (note manuelle 1, « Justification complète. »)",
    ]


def test_grille__synthese_de_classe(session):
    grille = formateur.calculer_grille(formateur.Cours(session.cours), [DEVOIR])
    lignes = [_espaces(e.texte()) for e in grille.erreurs]
    # bruno et nadia (réponse enregistrée) sur 12 copies ; mallory n'a rien enregistré, gaelle a tué son noyau.
    tva = "17 % se sont trompés de compte de TVA (mauvais_compte_tva) sur q1 (b1_facture_achat) — 2 sur 12"
    inversion = "17 % ont inversé débit et crédit sur toute l'écriture (inversion_totale) sur q1 (b1_facture_achat) — 2 sur 12"
    assert tva in lignes and inversion in lignes
    difficultes = {d.critere.id: (d.non_acquis, d.evalues) for d in grille.difficultes}
    assert difficultes == {"B1.1-K03": (6, 12), "B1.1-K04": (6, 12)}
    assert tva in _espaces(session.sorties["grille"].stdout)


def test_grille__xlsx_html_et_capture(session):
    from openpyxl import load_workbook

    dossier = session.cours.parent / "grilles"
    classeur = load_workbook(dossier / "grille_competences.xlsx")
    assert classeur.sheetnames[:2] == ["Classe", "Synthèse"] and "mallory" in classeur.sheetnames
    classe = classeur["Classe"]
    assert classe.freeze_panes == "D2" and classe.max_row == 1 + 59
    ligne = next(r for r in classe.iter_rows(values_only=True) if r[1] == "B1.1-K04")
    entetes = [c.value for c in classe[1]]
    assert ligne[entetes.index("bruno")] == "acquis" and ligne[entetes.index("oscar")] == "non évalué"
    bruno = classeur["bruno"]
    cellule = next(r for r in bruno.iter_rows() if r[1].value == "B1.1-K03")[3]
    assert cellule.value == "en cours" and cellule.fill.fgColor.rgb.endswith("FFE0B2")
    page = (dossier / "grille_competences.html").read_text(encoding="utf-8")
    assert page.count('<section class="apprenant">') == 13 and 'lang="fr"' in page
    image = session.cours.parent / "grille.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 10_000


# --- contrôle des retours, cas piégés (en dernier : modifie les retours) -------------------


def test_controler_retours__masque_un_jeton_et_refuse_un_test_cache(session):
    cours = formateur.Cours(session.cours)
    secret = variantes.lire_secret_cours(session.cours)
    page = session.cours / "feedback" / "bruno" / DEVOIR / f"{CARNET}.html"
    ligne_cachee = _lignes_des_tests_caches()[-1]
    page.write_text(
        page.read_text(encoding="utf-8")
        + f"<p>{variantes.jeton(secret, 'alice', DEVOIR)}</p><pre>{ligne_cachee}</pre>",
        encoding="utf-8",
    )
    fuites, masquees = formateur.controler_retours(cours, DEVOIR)
    assert [m.motif for m in masquees] == ["jeton de alice"]
    assert variantes.jeton(secret, "alice", DEVOIR) not in page.read_text(encoding="utf-8")
    assert [f.motif for f in fuites] == ["code d'un test caché"]
