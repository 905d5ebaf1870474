"""Générateur des mesures de performances (benchmarks/generer.py) : un FEC valide, un journal ledger fidèle.

Sur un petit livre (2 000 lignes) : le FEC s'importe sans anomalie, chaque écriture est
équilibrée, la TVA est arrondie au centime demi supérieur, la numérotation est continue
par journal, les lettrages se soldent ; la balance du noyau égale les soldes du
générateur et ceux de ``ledger bal`` / ``hledger bal`` sur le journal ledger (ces deux
contrôles sont sautés si l'outil n'est pas installé : paquets Debian ``ledger``, ``hledger``).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from compta_kernel import Livre, fec

RACINE = Path(__file__).resolve().parent.parent
LIGNES = 2_000


def _charger_generateur():
    spec = importlib.util.spec_from_file_location("generer", RACINE / "benchmarks" / "generer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generer", module)
    spec.loader.exec_module(module)
    return module


generer = _charger_generateur()


@pytest.fixture(scope="module")
def donnees(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("generateur")
    grand_livre = generer.generer(LIGNES)
    chemin_fec = generer.ecrire_fec(grand_livre, dossier)
    chemin_ledger = generer.ecrire_ledger(grand_livre, dossier / generer.NOM_LEDGER)
    return grand_livre, chemin_fec, chemin_ledger


@pytest.fixture(scope="module")
def livre(donnees):
    return Livre.depuis_fec(donnees[1])


def _soldes_balance(livre) -> dict[str, int]:
    b = livre.balance()
    return {c: int((d - k) * 100) for c, d, k in zip(b["compte"], b["debit"], b["credit"], strict=True)}


def test_fec_nomme_et_conforme(donnees):
    _, chemin, _ = donnees
    assert chemin.name == "732829320FEC20261231.txt"
    contenu = chemin.read_bytes()
    contenu.decode("iso-8859-15")
    lignes = contenu.split(b"\r\n")
    assert lignes[-1] == b"" and len(lignes) == LIGNES + 2  # en-tête + lignes + fin de fichier
    assert lignes[0].decode().split("\t") == list(fec.CHAMPS)
    assert fec.valider(chemin) == []


def test_meme_graine_memes_octets(donnees, tmp_path):
    _, chemin, _ = donnees
    assert generer.ecrire_fec(generer.generer(LIGNES), tmp_path).read_bytes() == chemin.read_bytes()
    autre = generer.ecrire_fec(generer.generer(LIGNES, graine=7), tmp_path / "autre")
    assert autre.read_bytes() != chemin.read_bytes()


def test_import_et_balance_egale_aux_soldes_du_generateur(donnees, livre):
    grand_livre, _, _ = donnees
    assert livre.nb_lignes == LIGNES
    balance = livre.balance()
    assert balance.attrs["equilibree"]
    attendus = {c: d - k for c, (d, k) in grand_livre.soldes().items()}
    assert _soldes_balance(livre) == attendus
    tiers = livre.balance_tiers("411")
    assert set(tiers["tiers"]) <= {f"C{i:05d}" for i in range(1, generer.NB_CLIENTS + 1)}
    assert len(livre.balance_tiers("401"))


def test_numerotation_dates_et_validation(livre):
    t = livre.table()
    entetes = t.drop_duplicates("id_ecriture")
    assert set(entetes["journal"].astype(str)) == {"AN", "VT", "AC", "BQ", "SA", "OD"}
    for journal, groupe in entetes.groupby("journal", observed=True):
        numeros = groupe.sort_values(["date", "id_ecriture"])["numero"].tolist()
        assert numeros == [f"{journal}{i:06d}" for i in range(1, len(numeros) + 1)]
    assert t["date"].min().year == t["date"].max().year == 2026
    assert (t["date_validation"] >= t["date"]).all()
    assert (t["date_piece"] <= t["date"]).all()


def test_tva_des_factures_arrondie_au_demi_superieur(livre):
    t = livre.table()
    ventes = t[(t["journal"] == "VT") & t["piece"].str.startswith("FA26-")]
    comptes = ventes["compte"].astype(str)
    par_facture = (
        ventes.assign(
            ht=np.where(comptes.isin(["706", "707"]), ventes["credit"], 0),
            tva=np.where(comptes == "44571", ventes["credit"], 0),
            nb_tva=(comptes == "44571").astype(int),
        )
        .groupby("id_ecriture")[["ht", "tva", "nb_tva"]]
        .sum()
    )
    un_taux = par_facture[par_facture["nb_tva"] == 1]
    assert len(un_taux) > 100
    possibles = np.stack([(un_taux["ht"].to_numpy() * taux + 5000) // 10000 for taux in (2000, 1000, 550)])
    assert (possibles == un_taux["tva"].to_numpy()).any(axis=0).all()


def test_lettrages_soldes(livre):
    t = livre.table()
    lettrees = t[t["lettrage"] != ""]
    assert len(lettrees) > 100
    assert lettrees["date_lettrage"].notna().all()
    assert t.loc[t["lettrage"] == "", "date_lettrage"].isna().all()
    assert set(lettrees["compte"].astype(str)) == {"401", "411"}
    groupes = lettrees.groupby(["compte", "tiers", "lettrage"], observed=True)
    assert (groupes["debit"].sum() == groupes["credit"].sum()).all()
    assert (groupes.size() == 2).all()


def test_aller_retour_fec(livre, tmp_path):
    chemin = livre.exporter_fec(tmp_path, "732829320")
    assert _soldes_balance(Livre.depuis_fec(chemin)) == _soldes_balance(livre)


@pytest.mark.parametrize("outil", ["ledger", "hledger"])
def test_balance_egale_a_celle_de_ledger(outil, donnees, livre):
    if shutil.which(outil) is None:
        pytest.skip(f"{outil} absent : installez le paquet Debian « {outil} ».")
    _, _, journal = donnees
    sortie = subprocess.run([outil, "-f", str(journal), "bal"], capture_output=True, text=True, check=True)
    leurs = generer.lire_soldes_ledger(sortie.stdout)
    nos = {c: s for c, s in _soldes_balance(livre).items() if s}
    assert leurs == nos
