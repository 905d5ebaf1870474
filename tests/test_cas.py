"""Cas chiffrés à la main (``tests/cas/*.yaml``) : balance générale et balance des tiers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from aides import livre_depuis_texte

from compta_kernel import montant

CAS = sorted((Path(__file__).parent / "cas").glob("balance_*.yaml"))


def _charger(chemin: Path) -> tuple[dict, object]:
    cas = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    assert cas.get("source"), f"{chemin.name} : chaque cas cite sa source"
    livre = livre_depuis_texte(cas["journal"], cas["exercice"]["debut"], cas["exercice"]["fin"])
    return cas, livre


@pytest.mark.parametrize("chemin", CAS, ids=[c.stem for c in CAS])
def test_balance_generale__cas_calcule_a_la_main(chemin):
    cas, livre = _charger(chemin)
    balance = livre.balance()
    obtenu = [
        [r.compte, r.debit, r.credit, r.solde_debiteur, r.solde_crediteur]
        for r in balance.itertuples(index=False)
    ]
    attendu = [[ligne[0], *map(montant, ligne[1:])] for ligne in cas["balance"]]
    assert obtenu == attendu
    for cle, valeur in cas["totaux"].items():
        assert balance.attrs[cle] == montant(valeur), cle
    assert balance.attrs["equilibree"] is True


@pytest.mark.parametrize(
    "chemin", [c for c in CAS if "tiers" in c.read_text(encoding="utf-8")], ids=lambda c: c.stem
)
def test_balance_tiers__cas_calcule_a_la_main(chemin):
    cas, livre = _charger(chemin)
    tiers = livre.balance_tiers(cas["tiers"]["prefixe"])
    obtenu = [
        [r.tiers, r.debit, r.credit, r.solde_debiteur, r.solde_crediteur, bool(r.anomalie)]
        for r in tiers.itertuples(index=False)
    ]
    attendu = [[ligne[0], *map(montant, ligne[1:5]), ligne[5]] for ligne in cas["tiers"]["lignes"]]
    assert obtenu == attendu
