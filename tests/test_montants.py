"""Montants : saisie à la française, arrondi demi supérieur au centime, affichage babel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compta_kernel import MontantInvalide, arrondir, format_montant, montant
from compta_kernel.montants import depuis_centimes, egaux, en_centimes, taux


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("1 234,56", "1234.56"),
        ("1234,56 €", "1234.56"),
        ("1234,56€", "1234.56"),
        ("1234.56", "1234.56"),
        ("-12", "-12"),
        ("1.234,56", "1234.56"),
        ("1\u202f234,56\u00a0€", "1234.56"),
        ("  0,5 ", "0.5"),
        ("(150,00)", "-150.00"),
        ("1 000 000 EUR", "1000000"),
        (",50", "0.50"),
        (Decimal("3.10"), "3.10"),
        (42, "42"),
    ],
)
def test_montant__saisie_francaise(saisie, attendu):
    assert montant(saisie) == Decimal(attendu)
    assert isinstance(montant(saisie), Decimal)


@pytest.mark.parametrize("saisie", ["12,3,4", "abc", "", "1,2.3", "12-3", "€", "1e5", "--5", True, None, [1]])
def test_montant__saisie_invalide_refusee(saisie):
    with pytest.raises(MontantInvalide) as info:
        montant(saisie)
    assert "montant" in str(info.value).lower()


def test_montant__float_refuse_avec_conseil():
    with pytest.raises(MontantInvalide, match="« 0,1 »"):
        montant(0.1)


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("2,675", "2.68"),
        ("2,665", "2.67"),
        ("-0,005", "-0.01"),
        ("0,004", "0.00"),
        ("1,125", "1.13"),
        ("10", "10.00"),
    ],
)
def test_arrondir__demi_superieur_et_non_demi_pair(valeur, attendu):
    """ROUND_HALF_UP : 2,665 → 2,67 (l'arrondi bancaire, demi pair, donnerait 2,66)."""
    assert arrondir(valeur) == Decimal(attendu)


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("1234.5", "1\u202f234,50\u00a0€"),
        ("-12", "-12,00\u00a0€"),
        ("0", "0,00\u00a0€"),
        ("1000000", "1\u202f000\u202f000,00\u00a0€"),
    ],
)
def test_format_montant__a_la_francaise(valeur, attendu):
    assert format_montant(valeur) == attendu


def test_format_montant__sans_devise_et_vide_si_zero():
    assert format_montant("1234,5", devise=False) == "1\u202f234,50"
    assert format_montant(0, vide_si_zero=True) == ""


def test_centimes__aller_retour_et_refus_des_fractions_de_centime():
    assert en_centimes("1 234,56") == 123456
    assert depuis_centimes(123456) == Decimal("1234.56")
    assert depuis_centimes(-5) == Decimal("-0.05")
    with pytest.raises(MontantInvalide, match="plus de deux décimales"):
        en_centimes("0,001")


def test_egaux__tolerance_en_euros():
    assert egaux(montant("10,00"), montant("10,01"), montant("0,01"))
    assert not egaux(montant("10,00"), montant("10,02"), montant("0,01"))


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_montant__format_puis_saisie_redonne_le_montant(centimes):
    valeur = depuis_centimes(centimes)
    assert montant(format_montant(valeur)) == valeur
    assert montant(format_montant(valeur, devise=False)) == valeur


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("20 %", "0.20"),
        ("5,5 %", "0.055"),
        ("2,1%", "0.021"),
        ("0,20", "0.20"),
        (Decimal("0.1"), "0.1"),
        ("0", "0"),
    ],
)
def test_taux__saisies_francaises(saisie, attendu):
    assert taux(saisie) == Decimal(attendu)


@pytest.mark.parametrize("saisie", ["abc", "20,5,3 %", "120 %", "-5 %", "1,5"])
def test_taux__refus_en_francais(saisie):
    with pytest.raises(MontantInvalide, match="en fraction"):
        taux(saisie)


def test_taux__meme_lecture_dans_la_cloture_la_cession_et_les_pieces():
    """« 20 % » vaut 0,20 partout : régularisations, cession d'immobilisation, lignes de pièce."""
    import datetime as dt

    from compta_kernel import Immobilisation, cession, charge_a_payer

    cap = charge_a_payer("6226", "500", taux_tva="20 %")
    assert cap == charge_a_payer("6226", "500", taux_tva="0,20")
    machine = Immobilisation("M1", "Machine", "2154", montant("10 000"), dt.date(2024, 1, 1), duree=5)
    assert [e.lignes for e in cession(machine, dt.date(2026, 6, 30), "3 000", taux_tva="20 %")] == [
        e.lignes for e in cession(machine, dt.date(2026, 6, 30), "3 000", taux_tva=Decimal("0.20"))
    ]
