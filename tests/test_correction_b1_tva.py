"""Correction du devoir « b1_tva » sans nbgrader : réponses justes, erreurs typiques et leurs messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from graders import sujets_tva
from graders.reponses import module_de_correction

COURS = Path(__file__).resolve().parent.parent / "course"
correction = module_de_correction(COURS, "b1_tva")
GRAINES = [f"apprenant-{i}".encode() for i in range(6)]


def _justes(graine: bytes):
    sujet = sujets_tva.tva_du_mois(graine)
    d = correction.declaration(sujet)
    q1 = correction.montants_q1(d)
    q2 = {
        "journal": "OD",
        "date": sujet.fin,
        "lignes": [(l.compte, l.debit, l.credit) for l in d.ecriture.lignes],
    }
    q3 = {"A1": d.base("A1")}
    for code in ("08", "09", "9B", "T6"):
        if d.ligne(code).base is not None:
            q3[code] = (d.base(code), d.montant(code))
    q3.update({code: d.montant(code) for code in ("16", "19", "20", "22", "23", "25", "27", "28")})
    return sujet, d, q1, q2, q3


@pytest.mark.parametrize("graine", GRAINES)
def test_correction_b1_tva__reponses_justes_tous_les_points(graine):
    _, d, q1, q2, q3 = _justes(graine)
    assert correction.corriger("q1", q1, graine, sur=3).points == 3
    assert correction.corriger("q2", q2, graine, sur=3).points == 3
    assert correction.corriger("q3", q3, graine, sur=3).points == 3
    assert correction.corriger("q4", d.date_limite.strftime("%d/%m/%Y"), graine, sur=1).points == 1


def test_correction_b1_tva__sujets_varies_credit_et_tva_due():
    credits = {correction.declaration(sujets_tva.tva_du_mois(g)).credit for g in GRAINES + [b"x", b"y", b"z"]}
    assert credits == {True, False}


def test_correction_b1_tva__facture_du_mois_suivant_nommee():
    graine = GRAINES[0]
    sujet, _, q1, _, _ = _justes(graine)
    suivante = sum(
        (
            l.credit
            for e in sujet.livre.ecritures()
            if e.date > sujet.fin
            for l in e.lignes
            if l.compte == "44571"
        ),
        Decimal(0),
    )
    faux = {**q1, "collectee": q1["collectee"] + suivante}
    verdict = correction.corriger("q1", faux, graine, sur=3)
    assert verdict.points == Decimal("2.4")
    assert any("la TVA collectée avec la facture du mois suivant" in r for r in verdict.remarques)


def test_correction_b1_tva__ca3_au_centime_ou_ligne_en_trop():
    graine = GRAINES[1]
    _, d, _, _, q3 = _justes(graine)
    code = next(c for c in ("08", "09", "9B", "T6") if c in q3)
    base, taxe = q3[code]
    verdict = correction.corriger("q3", {**q3, code: (base, taxe + Decimal("0.40"))}, graine, sur=3)
    assert verdict.points < 3
    assert any("arrondis à l'euro" in r for r in verdict.remarques)
    verdict = correction.corriger("q3", {**q3, "TD": d.montant("28"), "32": d.montant("28")}, graine, sur=3)
    assert verdict.points == 3  # lignes redondantes (TD, 32) admises
    vide = next(c for c in ("08", "09", "9B", "T6") if c not in q3)
    verdict = correction.corriger("q3", {**q3, vide: (100, 20)}, graine, sur=3)
    assert verdict.points < 3 and any("rien à y déclarer" in r for r in verdict.remarques)


def test_correction_b1_tva__liquidation_inversee():
    graine = GRAINES[2]
    _, _, _, q2, _ = _justes(graine)
    inverse = {**q2, "lignes": [(c, cr, d) for c, d, cr in q2["lignes"]]}
    verdict = correction.corriger("q2", inverse, graine, sur=3)
    assert verdict.points == 0
    assert any("inversés" in r for r in verdict.remarques)


@pytest.mark.parametrize(
    ("reponse", "message"),
    [
        ("mois", "se dépose le mois suivant"),
        ("24", "Le 24 est le jour limite"),
        ("31/02/2026", "n'est pas une date valide"),
        (None, "Pas de réponse"),
    ],
)
def test_correction_b1_tva__echeance_fausse(reponse, message):
    graine = next(
        g for g in GRAINES if correction.declaration(sujets_tva.tva_du_mois(g)).date_limite.day != 24
    )
    sujet = sujets_tva.tva_du_mois(graine)
    if reponse == "mois":
        reponse = dt.date(sujet.fin.year, sujet.fin.month, 20)
    elif reponse == "24":
        suivant = sujet.fin + dt.timedelta(days=1)
        reponse = dt.date(suivant.year, suivant.month, 24)
    verdict = correction.corriger("q4", reponse, graine, sur=1)
    assert verdict.points == 0
    assert any(message in r for r in verdict.remarques), verdict.remarques


def test_correction_b1_tva__question_inconnue():
    with pytest.raises(KeyError):
        correction.corriger("q9", None, GRAINES[0], sur=1)
