"""Suivi de trésorerie : position, échéancier (imputation des règlements), plan mensuel, graphique.

Cas calculés à la main sur un petit livre écrit en texte.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from aides import livre_depuis_texte

from compta_kernel import Ecriture, Ligne, Livre
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.tresorerie import Flux, echeancier, libelle_mois, plan_tresorerie, position

J = Decimal

LIVRE = """
2026-01-01 AN AN À-nouveaux
  512  8000,00
  53   500,00
  101  -  8500,00
2026-02-10 VT F001 Facture F001 Dupont
  411 @DUPONT 2400,00
  706  -  2000,00
  44571  -  400,00
2026-02-20 VT F002 Facture F002 Dupont
  411 @DUPONT 1200,00
  706  -  1000,00
  44571  -  200,00
2026-02-25 BQ R-F001 Acompte Dupont
  512  1000,00
  411 @DUPONT  -  1000,00
2026-02-15 AC A77 Facture A77 Martin
  607  5000,00
  44566  1000,00
  401 @MARTIN  -  6000,00
2026-02-27 BQ CB Carte fournitures
  606  100,00
  512  -  100,00
"""


@pytest.fixture
def livre() -> Livre:
    return livre_depuis_texte(LIVRE)


def _echeances(livre: Livre) -> Livre:
    """Le même livre, avec des dates d'échéance sur les factures."""
    nouveau = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: dt.date(2026, 12, 31))
    echeances = {"F001": dt.date(2026, 3, 10), "F002": dt.date(2026, 4, 20), "A77": dt.date(2026, 3, 31)}
    for e in livre.ecritures():
        lignes = tuple(
            Ligne(
                l.compte,
                debit=l.debit,
                credit=l.credit,
                tiers=l.tiers,
                echeance=echeances.get(e.piece) if l.compte in ("411", "401") else None,
            )
            for l in e.lignes
        )
        nouveau.passer(Ecriture(e.journal, e.date, e.piece, e.libelle, lignes))
    return nouveau


def test_position__banque_et_caisse(livre):
    """8 000 + 1 000 − 100 = 8 900 en banque, 500 en caisse."""
    p = position(livre, dt.date(2026, 2, 28))
    assert p.comptes == (("512", J("8900.00")), ("53", J("500.00")))
    assert p.total == J("9400.00")
    assert position(livre, dt.date(2026, 1, 31)).total == J("8500.00")
    assert "9 400,00" in str(p).replace("\u202f", " ")


def test_echeancier__reglement_impute_sur_la_facture_la_plus_ancienne(livre):
    """Acompte de 1 000 sur F001 (2 400) : restent 1 400 au 10/03 et 1 200 au 20/04 ;
    fournisseur : 6 000 au 31/03."""
    flux = echeancier(_echeances(livre), dt.date(2026, 2, 28))
    assert [(f.date, f.montant, f.nature, f.tiers) for f in flux] == [
        (dt.date(2026, 3, 10), J("1400.00"), "Encaissements clients", "DUPONT"),
        (dt.date(2026, 3, 31), J("-6000.00"), "Décaissements fournisseurs", "MARTIN"),
        (dt.date(2026, 4, 20), J("1200.00"), "Encaissements clients", "DUPONT"),
    ]


def test_echeancier__sans_echeance__date_de_la_facture(livre):
    flux = echeancier(livre, dt.date(2026, 2, 28))
    assert {f.date for f in flux} == {dt.date(2026, 2, 10), dt.date(2026, 2, 15), dt.date(2026, 2, 20)}


def test_plan_tresorerie__trois_mois(livre):
    """Départ 9 400 au 28/02. Mars : +1 400 − 6 000 − 2 500 (salaires) = −7 100 → 2 300.
    Avril : +1 200 − 2 500 − 1 800 (TVA) = −3 100 → −800 : découvert prévu. Mai : −2 500 → −3 300."""
    salaires = [Flux(dt.date(2026, m, 28), f"Salaires {m:02d}", J("-2500"), "Salaires") for m in (3, 4, 5)]
    tva = Flux("20/04/2026", "TVA de mars", "-1 800,00", "TVA à payer")
    plan = plan_tresorerie(_echeances(livre), dt.date(2026, 3, 15), 3, previsions=[*salaires, tva])
    assert plan.mois == (dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    assert [(debut, entrees, sorties, fin) for _, debut, entrees, sorties, fin in plan.soldes()] == [
        (J("9400.00"), J("1400.00"), J("8500.00"), J("2300.00")),
        (J("2300.00"), J("1200.00"), J("4300.00"), J("-800.00")),
        (J("-800.00"), J("0"), J("2500.00"), J("-3300.00")),
    ]
    assert plan.decouverts() == (dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    assert plan.tresorerie_finale == J("-3300.00")
    tableau = plan.tableau()
    assert list(tableau.columns) == ["mars 2026", "avr. 2026", "mai 2026"]
    assert list(tableau.index) == [
        "Trésorerie en début de mois",
        "Encaissements clients",
        "Total des encaissements",
        "Décaissements fournisseurs",
        "Salaires",
        "TVA à payer",
        "Total des décaissements",
        "Solde du mois",
        "Trésorerie en fin de mois",
    ]
    assert tableau.loc["TVA à payer", "avr. 2026"] == J("1800.00")
    assert "<table>" in plan._repr_html_()


def test_plan_tresorerie__facture_echue_dans_le_premier_mois(livre):
    """Les factures sans échéance (février) sont en retard au 1er avril : placées en avril."""
    plan = plan_tresorerie(livre, dt.date(2026, 4, 1), 1, au=dt.date(2026, 3, 31))
    (_, debut, entrees, sorties, fin) = plan.soldes()[0]
    assert (debut, entrees, sorties, fin) == (J("9400.00"), J("2600.00"), J("6000.00"), J("6000.00"))


def test_plan_tresorerie__sans_mois():
    with pytest.raises(ErreurComptable, match="au moins un mois"):
        plan_tresorerie(Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), dt.date(2026, 1, 1), 0)


def test_flux__montants_et_dates_controles():
    assert Flux("01/03/2026", "Loyer", "-900").nature == "Autres décaissements"
    with pytest.raises(ErreurComptable, match="au centime"):
        Flux(dt.date(2026, 3, 1), "Loyer", J("-900.001"))
    with pytest.raises(ErreurComptable, match="date"):
        Flux("31/02/2026", "Loyer", "-900")


def test_graphique__figure_matplotlib(livre, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    plan = plan_tresorerie(_echeances(livre), dt.date(2026, 3, 1), 3)
    figure = plan.graphique()
    axe = figure.axes[0]
    assert [t.get_text() for t in axe.get_xticklabels()] == ["mars 2026", "avr. 2026", "mai 2026"]
    assert len(axe.lines) >= 1 and list(axe.lines[0].get_ydata()) == [float(s[4]) for s in plan.soldes()]
    figure.savefig(tmp_path / "plan.png")
    assert (tmp_path / "plan.png").stat().st_size > 1000


def test_import__matplotlib_charge_a_la_demande():
    code = "import sys, compta_kernel.tresorerie, compta_kernel.banque, compta_kernel.rapprochement; print('matplotlib' in sys.modules)"
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "False"


def test_libelle_mois():
    assert libelle_mois(dt.date(2027, 1, 1)) == "janv. 2027"
