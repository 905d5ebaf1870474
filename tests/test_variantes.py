"""Variantes par apprenant : identifiant selon le contexte, graine secrète et stable, jetons."""

from __future__ import annotations

import json
import os
import stat

import pytest

from graders import sujets, variantes

SECRET = bytes(range(32))


@pytest.fixture(autouse=True)
def environnement_propre(monkeypatch, tmp_path):
    for variable in (
        "JUPYTERHUB_USER",
        variantes.VARIABLE_APPRENANT,
        variantes.VARIABLE_JETON,
        "NBGRADER_EXECUTION",
    ):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ASSISTANT_COMPTABLE_DOSSIER", str(tmp_path / "perso"))


def test_graine__stable_differente_par_apprenant_et_par_devoir():
    a = variantes.calculer_graine(SECRET, "alice", "b1_facture_achat")
    assert a == variantes.calculer_graine(SECRET, "alice", "b1_facture_achat") and len(a) == 16
    assert a != variantes.calculer_graine(SECRET, "bob", "b1_facture_achat")
    assert a != variantes.calculer_graine(SECRET, "alice", "b2_cession")
    assert a != variantes.calculer_graine(b"autre secret", "alice", "b1_facture_achat")
    assert sujets.facture_achat(a) == sujets.facture_achat(a)
    voisins = {
        sujets.facture_achat(variantes.calculer_graine(SECRET, f"apprenant{i}", "d")).ht for i in range(20)
    }
    assert len(voisins) == 20, "deux voisins n'ont pas les mêmes montants"


def test_contexte__dossier_de_correction_nbgrader(tmp_path, monkeypatch):
    dossier = tmp_path / "cours" / "autograded" / "alice" / "b1_facture_achat"
    dossier.mkdir(parents=True)
    (tmp_path / "cours" / variantes.FICHIER_SECRET_COURS).write_text(SECRET.hex())
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    ctx = variantes.contexte("b1_facture_achat", dossier)
    assert (ctx.apprenant, ctx.correction, ctx.racine_cours) == ("alice", True, tmp_path / "cours")
    graine, _ = variantes.graine("b1_facture_achat", dossier)
    assert graine == variantes.calculer_graine(SECRET, "alice", "b1_facture_achat")


def test_contexte__jupyterhub_puis_configuration_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert variantes.contexte("d", tmp_path).apprenant == "bob"
    monkeypatch.delenv("JUPYTERHUB_USER")
    config = variantes.dossier_personnel() / "apprenant.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"identifiant": "carole"}))
    assert variantes.contexte("d", tmp_path).apprenant == "carole"
    config.unlink()
    assert variantes.contexte("d", tmp_path).apprenant == variantes.APPRENANT_AUTONOME


def test_jeton_remis_par_le_formateur__meme_graine_que_la_correction(tmp_path, monkeypatch):
    jeton = variantes.jeton(SECRET, "bob", "b1_facture_achat")
    fichier = variantes.dossier_personnel() / "jetons.json"
    fichier.parent.mkdir(parents=True)
    fichier.write_text(json.dumps({"b1_facture_achat": jeton}))
    graine, _ = variantes.graine("b1_facture_achat", tmp_path)
    assert graine == variantes.calculer_graine(SECRET, "bob", "b1_facture_achat")
    monkeypatch.setenv(variantes.VARIABLE_JETON, variantes.jeton(SECRET, "bob", "autre"))
    assert variantes.graine("b1_facture_achat", tmp_path)[0] == bytes.fromhex(
        variantes.jeton(SECRET, "bob", "autre")
    )


def test_autoformation__secret_local_cree_une_fois_lisible_du_seul_proprietaire(tmp_path):
    premiere, _ = variantes.graine("b1_facture_achat", tmp_path)
    seconde, _ = variantes.graine("b1_facture_achat", tmp_path)
    assert premiere == seconde
    mode = stat.S_IMODE(os.stat(variantes.dossier_personnel() / "secret").st_mode)
    assert mode == 0o600


def test_secret_du_cours_absent__message_francais(tmp_path):
    with pytest.raises(FileNotFoundError, match="Le secret du cours est introuvable"):
        variantes.lire_secret_cours(tmp_path)
