"""Correcteur d'écritures : un diagnostic par erreur typique d'apprenant, note partielle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compta_kernel import Ecriture, Ligne
from graders import Verdict, comparer_ecriture

ACHAT = Ecriture(
    "AC",
    dt.date(2026, 1, 15),
    "FA-118",
    "Achat marchandises Durand",
    (Ligne("607", debit="1000"), Ligne("44566", debit="200"), Ligne("401DURAND", credit="1200")),
)


def _verdict(lignes, **options) -> Verdict:
    reponse = {
        "journal": options.pop("journal", "AC"),
        "date": options.pop("date", "15/01/2026"),
        "lignes": lignes,
    }
    return comparer_ecriture(reponse, ACHAT, sur=3, criteres=("B1.1-K04",), **options)


def test_ecriture_juste__tous_les_points_quel_que_soit_l_ordre_et_le_decoupage():
    verdict = _verdict(
        [("401DURAND", "", "1 200,00"), ("607", "600", ""), ("44566", "200", ""), ("607", "400", "")]
    )
    assert verdict.reussi and verdict.points == Decimal(3) and not verdict.remarques
    assert repr(verdict) == "3"


def test_debit_credit_inverses_sur_toute_l_ecriture():
    verdict = _verdict([("607", "", "1000"), ("44566", "", "200"), ("401DURAND", "1200", "")])
    assert verdict.points == 0
    assert "Débit et crédit sont inversés sur toute l'écriture" in verdict.remarques[0]


def test_ht_au_lieu_de_ttc_sur_le_fournisseur():
    verdict = _verdict([("607", "1000", ""), ("44566", "200", ""), ("401DURAND", "", "1000")])
    assert any("1\u202f000,00\xa0€ est le montant HT" in r and "TTC" in r for r in verdict.remarques)
    assert Decimal(0) < verdict.points < Decimal(3)


def test_mauvais_compte_de_tva():
    verdict = _verdict([("607", "1000", ""), ("44571", "200", ""), ("401DURAND", "", "1200")])
    attendu = "Mauvais compte de TVA : 44571 au lieu de 44566 pour 200,00\xa0€ (TVA déductible sur autres biens et services)."
    assert verdict.remarques == (attendu,)
    assert verdict.points == Decimal("2.50")


def test_ligne_manquante_et_ligne_en_trop():
    verdict = _verdict([("607", "1200", ""), ("401DURAND", "", "1200"), ("512", "", "10"), ("627", "10", "")])
    textes = " | ".join(verdict.remarques)
    assert "Ligne manquante : 44566 au débit pour 200,00\xa0€." in textes
    assert "Ligne en trop : 512 au crédit" in textes and "Ligne en trop : 627 au débit" in textes
    assert (
        "Compte 607 au débit : 1\u202f200,00\xa0€ au lieu de 1\u202f000,00\xa0€ (montant faux de 200,00\xa0€ en trop)"
        in textes
    )
    assert verdict.points == 0


def test_mauvais_journal_et_mauvaise_date():
    verdict = _verdict(
        [("607", "1000", ""), ("44566", "200", ""), ("401DURAND", "", "1200")],
        journal="OD",
        date="16/01/2026",
    )
    assert "Mauvais journal : OD au lieu de AC." in verdict.remarques
    assert any(r.startswith("Mauvaise date : 16/01/2026 au lieu de 15/01/2026") for r in verdict.remarques)
    assert verdict.points == Decimal(2)


def test_hierarchie_du_pcg_acceptee_si_l_exercice_le_permet():
    attendue = Ecriture(
        "AC", dt.date(2026, 1, 15), "F1", "Fournitures", (Ligne("606", debit="50"), Ligne("401", credit="50"))
    )
    saisie = [("6061", "50", ""), ("401", "", "50")]
    assert comparer_ecriture(saisie, attendue, hierarchie=True).reussi
    refus = comparer_ecriture(saisie, attendue)
    assert not refus.reussi and any("Ligne en trop : 6061" in r for r in refus.remarques)


def test_precision_des_comptes():
    attendue = Ecriture(
        "AC",
        dt.date(2026, 1, 15),
        "F1",
        "Fournitures",
        (Ligne("6064", debit="50"), Ligne("401", credit="50")),
    )
    assert comparer_ecriture([("6061", "50", ""), ("401", "", "50")], attendue, precision=3).reussi


@pytest.mark.parametrize("reponse", [None, ..., [], {"lignes": []}])
def test_reponse_absente__zero_et_message(reponse):
    verdict = comparer_ecriture(reponse, ACHAT, sur=2)
    assert verdict.points == 0 and "Pas de réponse pour" in verdict.remarques[0]


def test_reponse_illisible__zero_et_message_sans_plantage():
    verdict = comparer_ecriture([("607", "12,3,4", "")], ACHAT, sur=2)
    assert verdict.points == 0 and "12,3,4" in verdict.remarques[0]


def test_verdict__html_explique_et_texte_note():
    verdict = _verdict([("607", "1000", ""), ("44571", "200", ""), ("401DURAND", "", "1200")])
    assert repr(verdict) == "2.5"
    html = verdict._repr_html_()
    assert "2,5 / 3 point(s)" in html and "B1.1-K04" in html and "Mauvais compte de TVA" in html


def test_diagnostics__codes_pour_la_synthese_de_classe():
    verdict = _verdict([("607", "1000", ""), ("44571", "200", ""), ("401DURAND", "", "1000")], journal="OD")
    assert sorted(verdict.diagnostics) == [
        "desequilibre",
        "ht_au_lieu_de_ttc",
        "mauvais_compte_tva",
        "mauvais_journal",
    ]
    inverse = _verdict([("607", "", "1000"), ("44566", "", "200"), ("401DURAND", "1200", "")])
    assert inverse.diagnostics == ("inversion_totale",)
