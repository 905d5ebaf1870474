"""États : grand livre et solde progressif, journal, balance âgée, exports CSV et XLSX."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from aides import livre_depuis_texte
from openpyxl import load_workbook

from compta_kernel import montant
from compta_kernel.etats import exporter
from compta_kernel.presentation import style_francais

JOURNAL = """
2026-01-10 VT F1 Facture Martin
  411 @MARTIN  1200,00  -
  706          -        1000,00
  44571        -         200,00
2026-02-10 VT F2 Facture Martin
  411 @MARTIN   600,00  -
  706          -         500,00
  44571        -         100,00
2026-04-20 VT F3 Facture Leroy
  411 @LEROY    240,00  -
  706          -         200,00
  44571        -          40,00
2026-03-01 BQ R1 Règlement Martin F1
  512          1200,00  -
  411 @MARTIN  -        1200,00
2026-02-01 AC A1 Achat Durand
  607           300,00  -
  44566          60,00  -
  401 @DURAND  -         360,00
"""


@pytest.fixture
def livre():
    return livre_depuis_texte(JOURNAL)


def test_grand_livre__ordre_chronologique_et_solde_progressif(livre):
    gl = livre.grand_livre("411")
    assert gl["date"].tolist() == [
        pd.Timestamp(j) for j in ("2026-01-10", "2026-02-10", "2026-03-01", "2026-04-20")
    ]
    assert gl["solde"].tolist() == [montant(m) for m in ("1200", "1800", "600", "840")]
    assert gl.attrs["total_debit"] == Decimal("2040.00") and gl.attrs["total_credit"] == Decimal("1200.00")


def test_grand_livre__solde_repart_de_zero_a_chaque_compte(livre):
    gl = livre.grand_livre()
    assert list(dict.fromkeys(gl["compte"])) == ["401", "411", "44566", "44571", "512", "607", "706"]
    dernier = gl.groupby("compte", sort=False)["solde"].last()
    balance = livre.balance().set_index("compte")
    for compte, solde in dernier.items():
        assert solde == balance.loc[compte, "solde_debiteur"] - balance.loc[compte, "solde_crediteur"]


def test_journal__ordre_des_numeros_et_totaux(livre):
    ventes = livre.journal("VT")
    assert ventes["numero"].unique().tolist() == ["VT000001", "VT000002", "VT000003"]
    assert ventes.attrs["titre"] == "Journal des ventes"
    assert ventes.attrs["total_debit"] == ventes.attrs["total_credit"] == Decimal("2040.00")
    assert livre.journal().attrs["total_debit"] == Decimal("3600.00")


def test_balance_agee__tranches_de_retard():
    """Au 30/06/2026 : F2 (échéance 12/03, 110 jours) > 90 ; F3 échue depuis 40 jours (échéance 21/05)."""
    livre = livre_depuis_texte(JOURNAL)
    from compta_kernel import Ecriture, Ligne

    livre.passer(
        Ecriture(
            "VT",
            dt.date(2026, 6, 1),
            "F4",
            "Facture Leroy",
            (
                Ligne("411", debit="120", tiers="LEROY", echeance=dt.date(2026, 7, 31)),
                Ligne("706", credit="100"),
                Ligne("44571", credit="20"),
            ),
        )
    )
    agee = livre.balance_agee("411", au=dt.date(2026, 6, 30)).set_index("tiers")
    assert agee.loc["MARTIN", "plus_de_90_jours"] == Decimal("600.00")  # F2 du 10/02 : 140 jours
    assert agee.loc["LEROY", "de_61_a_90_jours"] == Decimal("240.00")  # F3 du 20/04 : 71 jours
    assert agee.loc["LEROY", "non_echu"] == Decimal("120.00")  # échéance 31/07
    assert agee.loc["LEROY", "total"] == Decimal("360.00")
    assert agee.loc["MARTIN", "total"] == Decimal("600.00")


def test_balance_tiers__fournisseur_debiteur_signale():
    livre = livre_depuis_texte(
        """
2026-02-01 BQ V1 Paiement en double Durand
  401 @DURAND   500,00  -
  512          -        500,00
"""
    )
    tiers = livre.balance_tiers("401")
    assert tiers.loc[0, "anomalie"].startswith("Fournisseur débiteur")
    assert tiers.attrs["titre"] == "Balance auxiliaire des fournisseurs (401)"


def test_exporter__csv_a_la_francaise(livre, tmp_path):
    chemin = exporter(livre.balance(), tmp_path / "balance.csv")
    texte = chemin.read_text(encoding="utf-8-sig").splitlines()
    assert texte[0] == "compte;libelle;debit;credit;solde_debiteur;solde_crediteur"
    assert any(ligne.startswith("411;") and ";2040,00;1200,00;840,00;0,00" in ligne for ligne in texte)
    gl = exporter(livre.grand_livre("512"), tmp_path / "gl.csv").read_text(encoding="utf-8-sig")
    assert "01/03/2026" in gl


def test_exporter__xlsx_nombres_et_dates(livre, tmp_path):
    chemin = exporter(livre.grand_livre("411"), tmp_path / "gl.xlsx")
    feuille = load_workbook(chemin).active
    entetes = [c.value for c in feuille[1]]
    ligne = {nom: cellule for nom, cellule in zip(entetes, feuille[2], strict=True)}
    assert ligne["debit"].value == Decimal("1200.00") or ligne["debit"].value == 1200
    assert ligne["debit"].number_format == "#,##0.00"
    assert ligne["date"].value.date() == dt.date(2026, 1, 10) and ligne["date"].number_format == "DD/MM/YYYY"


def test_exporter__format_inconnu(livre, tmp_path):
    with pytest.raises(ValueError, match="choisissez .csv ou .xlsx"):
        exporter(livre.balance(), tmp_path / "balance.ods")


def test_style_francais__affiche_montants_et_dates(livre):
    html = style_francais(livre.grand_livre("411")).to_html()
    assert "1\u202f200,00" in html and "10/01/2026" in html


def test_balance__montants_decimaux_sur_lesquels_on_calcule(livre):
    """Les colonnes d'une balance sont des ``Decimal`` : l'apprenant y calcule sans limite de précision."""
    balance = livre.balance().set_index("compte")
    ecart = (balance["debit"] - balance["credit"]) * 100 / 3
    assert isinstance(ecart.loc["411"], Decimal)
    assert (balance.loc["411", "debit"] - balance.loc["411", "credit"]) * 12 == Decimal("10080.00")
    assert sum(balance["solde_debiteur"]) == balance.attrs["total_solde_debiteur"]
