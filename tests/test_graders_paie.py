"""Correcteurs du bloc 3 (:mod:`graders.paie`) et sujet du devoir ``b3_variables_journal``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compta_kernel.paie import ElementsVariables, controler_bulletin
from graders import sujets_paie
from graders.paie import (
    comparer_lignes_signalees,
    comparer_organismes,
    comparer_saisie_paie,
    date_de_paie,
    date_limite_remise,
    elements_variables,
    en_liste,
    heures_supplementaires,
)


def test_heures_supplementaires__semaine_par_semaine():
    """C. trav. art. L3121-36 : 39 h → 4 h à 25 % ; 45 h → 8 h à 25 % et 2 h à 50 % ; 35 h → aucune.
    Une semaine de 33 h ne compense pas une semaine de 39 h (décompte à la semaine, art. L3121-29)."""
    assert heures_supplementaires([39, 45, 35, 33], "2026-11") == (Decimal(12), Decimal(2))
    assert heures_supplementaires([], "2026-11") == (0, 0)


def test_date_limite_remise__jours_feries_et_fin_de_semaine():
    """Novembre 2026 : paie le lundi 30 ; 5 jours ouvrés avant → lundi 23 ; 14 jours ouvrés
    sautent les week-ends et le mercredi 11 novembre (férié) : 27, 26, 25, 24, 23, 20, 19, 18, 17, 16,
    13, 12, 10, 9 → lundi 9 novembre."""
    assert date_de_paie("2026-11") == dt.date(2026, 11, 30)
    assert date_limite_remise("2026-11", 5) == dt.date(2026, 11, 23)
    assert date_limite_remise("2026-11", 14) == dt.date(2026, 11, 9)
    assert date_de_paie("2026-05") == dt.date(2026, 5, 29)  # dimanche 31, samedi 30


def test_comparer_saisie_paie__heures_toutes_a_25_et_saisie_invalide():
    attendus = {"S01": ("Roux Mehdi", ElementsVariables(heures_sup_25=Decimal(12), heures_sup_50=Decimal(2)))}
    juste = comparer_saisie_paie(
        {"valeur": {"S01": {"heures_sup_25": Decimal(12), "heures_sup_50": Decimal(2)}}}, attendus, sur=2
    )
    assert juste.reussi
    faux = comparer_saisie_paie(
        {"valeur": {"S01": {"heures_sup_25": Decimal(14), "primes": None}}}, attendus, sur=2
    )
    assert not faux.reussi and "heures_sup_toutes_a_25" in faux.diagnostics
    assert any(
        "B3.1-K01 — Roux Mehdi : toutes les heures supplémentaires sont à 25 %" in r for r in faux.remarques
    )
    assert any("primes : saisie absente ou invalide" in r for r in faux.remarques)
    absent = comparer_saisie_paie(None, attendus, sur=2)
    assert absent.points == 0 and "reponse_absente" in absent.diagnostics
    refuse = comparer_saisie_paie("12", attendus, sur=2)
    assert refuse.points == 0 and "reponse_refusee" in refuse.diagnostics


@pytest.mark.parametrize("graine", [bytes([n]) * 16 for n in range(12)])
def test_sujet_variables_journal__deux_erreurs_semees_retrouvees(graine):
    """Chaque sujet sème deux erreurs dans le bulletin du cadre ; le contrôle du noyau les retrouve
    exactement, et le premier salarié a des frais (question des rémunérations non soumises)."""
    sujet = sujets_paie.variables_journal(graine)
    cadre = sujet.releve(sujet.code_controle)
    ecarts = controler_bulletin(
        sujet.bulletin_a_controler,
        cadre.salarie,
        sujet.periode,
        elements_variables(cadre, sujet.periode),
        sujet.employeur,
    )
    assert len({e.ligne for e in ecarts}) == 2
    assert sujet.releves[0].frais > 0 and cadre.salarie.est_cadre
    libelles = {lig["code"]: lig["libelle"] for lig in sujet.bulletin_a_controler["lignes"]}
    assert comparer_lignes_signalees(en_liste({e.ligne for e in ecarts}), ecarts, libelles, sur=2).reussi
    une_seule = comparer_lignes_signalees([ecarts[0].ligne, "crds"], ecarts, libelles, sur=2)
    assert une_seule.points == 0 and any("signalée à tort" in r for r in une_seule.remarques)
    assert "Bulletin de" in sujet._repr_html_()


def test_comparer_organismes__noms_sans_accents_et_montant_absent():
    attendus = {"URSSAF": Decimal("100.00"), "Prévoyance": Decimal("10.00")}
    assert comparer_organismes({"urssaf": "100,00", "prevoyance": 10}, attendus, sur=2).reussi
    verdict = comparer_organismes({"URSSAF": "90"}, attendus, sur=2)
    assert verdict.points == 0
    assert "B3.3-K01 — Prévoyance : montant absent de la réponse." in verdict.remarques
    assert comparer_organismes(["100"], attendus, sur=2).points == 0


@pytest.mark.parametrize("graine", [bytes([n]) * 16 for n in range(8)])
def test_sujet_examen_paie__une_ecriture_du_trimestre_faussee(graine):
    """Le journal du trimestre précédent a une écriture modifiée : le rapprochement avec les bulletins
    trouve exactement deux comptes en écart, dont toujours le 431 (URSSAF) ; l'écriture reste équilibrée."""
    from compta_kernel.paie import rapprocher_paie

    sujet = sujets_paie.examen_paie(graine)
    assert len(sujet.releves) == 4 and sujet.trimestre == ("2026-04", "2026-05", "2026-06")
    ecarts = rapprocher_paie(sujet.ecritures_trimestre, sujets_paie.bulletins_trimestre(sujet))
    comptes = {e.compte for e in ecarts}
    assert len(comptes) == 2 and "431" in comptes and comptes <= {"421", "431", "6451"}
    for ecriture in sujet.ecritures_trimestre:
        assert sum(x.debit for x in ecriture.lignes) == sum(x.credit for x in ecriture.lignes)
    assert "Journal des salaires du trimestre précédent" in sujet._repr_html_()
