"""Les tableaux de bord Voilà dans un vrai navigateur, servis comme ``python -m tableaux_de_bord``.

Chromium de Debian (``/usr/bin/chromium``) piloté par Playwright contre Voilà lancé avec les
réglages du lanceur (noyaux préchauffés, sources masquées), dossiers Jupyter et dossier
personnel (``ASSISTANT_COMPTABLE_DOSSIER``) temporaires. On remplit les formulaires, on
clique, on lit ce que voit l'apprenant, on recharge la page : la progression et les saisies
doivent survivre. Captures dans ``tests/artefacts/`` (ignoré par git), une par tableau de
bord recopiée dans ``docs/captures/`` (référencée par le README).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from navigateur.aides import (
    DELAI_MS,
    attendre_nouvelle_graine,
    capturer,
    message,
    montant,
    ouvrir,
    requetes_hors_du_serveur,
    saisir_ecriture,
    sujet_en_cours,
    taper,
    trafic,
    verifier_rien_ne_fuit,
)
from tableaux_de_bord.entrainement import COMPTE_DE_CHARGE

pytestmark = [pytest.mark.navigateur, pytest.mark.lent]


def test_entrainement_b1__diagnostic_montant_illisible_reussite_et_reprise(
    page, serveur_tableaux, dossier_artefacts
):
    """Mauvais compte de TVA → diagnostic ; « 12,3,4 » → message sous le champ ; juste → série ; rechargement."""
    trames = trafic(page)
    ailleurs = requetes_hors_du_serveur(page, serveur_tableaux)
    ouvrir(page, serveur_tableaux, "b1_entrainement.ipynb")
    assert page.evaluate("document.documentElement.lang") == "fr"
    sujet = sujet_en_cours(serveur_tableaux)
    expect(page.locator(".tdb-sujet")).to_contain_text(f"FACTURE n° {sujet.numero}")

    saisir_ecriture(page, sujet, compte_tva="44571")
    page.locator(".tdb-verifier").click()
    expect(page.locator(".tdb-verdict")).to_contain_text("Mauvais compte de TVA : 44571 au lieu de 44566")
    expect(page.locator(".tdb-annonce")).to_contain_text("Pas encore juste")
    capturer(page, dossier_artefacts, "b1_entrainement_mauvais_compte_tva")

    taper(page, "debit-0", "12,3,4")
    expect(message(page, "debit-0")).to_have_text(
        "Débit : « 12,3,4 » n'est pas un montant valide : un montant n'a qu'un séparateur décimal "
        "(la virgule), par exemple 1 234,56."
    )
    capturer(page, dossier_artefacts, "b1_entrainement_montant_illisible")

    taper(page, "debit-0", montant(sujet.ht))
    taper(page, "compte-1", "44566")
    expect(message(page, "compte-1")).to_have_text("TVA sur autres biens et services")
    page.locator(".tdb-verifier").click()
    expect(page.locator(".tdb-verdict")).to_contain_text("Tout est juste.")
    expect(page.locator(".tdb-annonce")).to_contain_text("Juste, au 2e essai")

    page.locator(".tdb-nouveau").click()
    sujet = attendre_nouvelle_graine(serveur_tableaux, sujet)
    expect(page.locator(".tdb-sujet")).to_contain_text(f"FACTURE n° {sujet.numero}")
    saisir_ecriture(page, sujet)
    page.locator(".tdb-verifier").click()
    expect(page.locator(".tdb-annonce")).to_contain_text("Juste ! Série : 1 / 3")
    expect(page.locator(".tdb-verdict")).to_contain_text("1 / 1 point(s)")
    expect(page.locator(".tdb-progression")).to_contain_text("Série : 1 / 3")

    page.reload(wait_until="commit")
    expect(page.locator(".tdb-verifier")).to_be_enabled(timeout=DELAI_MS)
    expect(page.locator(".tdb-progression")).to_contain_text("Série : 1 / 3")
    expect(page.locator(".tdb-progression")).to_contain_text("Justes du premier coup : 1 exercice(s) sur 2")
    expect(page.locator(".tdb-sujet")).to_contain_text(f"FACTURE n° {sujet.numero}")
    expect(page.locator(".tdb-verdict")).to_contain_text("Tout est juste.")
    expect(page.locator(".tdb-compte-0 input")).to_have_value(COMPTE_DE_CHARGE[sujet.nature])
    capturer(page, dossier_artefacts, "b1_entrainement", documentation=True)

    verifier_rien_ne_fuit(page, trames, ailleurs)


def test_penalites_b4__validation_calcul_refus_second_semestre_et_reprise(
    page, serveur_tableaux, dossier_artefacts
):
    """« 12,3,4 » → message sous le champ ; 10 000 € du 31/01 au 02/03/2026 → 99,86 € + 40 € ; rechargement."""
    trames = trafic(page)
    ailleurs = requetes_hors_du_serveur(page, serveur_tableaux)
    ouvrir(page, serveur_tableaux, "b4_penalites.ipynb")
    assert page.evaluate("document.documentElement.lang") == "fr"

    taper(page, "montant", "12,3,4")
    expect(message(page, "montant")).to_have_text(
        "Montant TTC de la facture : « 12,3,4 » n'est pas un montant valide : un montant n'a qu'un "
        "séparateur décimal (la virgule), par exemple 1 234,56."
    )
    capturer(page, dossier_artefacts, "b4_penalites_montant_illisible")

    taper(page, "montant", "10 000")
    taper(page, "echeance", "15/06/2026")
    taper(page, "paiement", "15/07/2026")
    expect(message(page, "paiement")).to_contain_text("Le taux de la BCE au 01/07/2026 n'est pas confirmé")
    expect(page.locator(".tdb-resultat")).to_be_empty()

    taper(page, "echeance", "31/01/2026")
    taper(page, "paiement", "02/03/2026")
    resultat = page.locator(".tdb-resultat")
    expect(resultat.locator(".tdb-jours")).to_have_text("30")
    expect(resultat).to_contain_text("12,15 %")
    expect(resultat.locator(".tdb-total-penalites")).to_have_text("99,86\u00a0€")
    expect(resultat.locator(".tdb-indemnite")).to_have_text("40,00\u00a0€")
    expect(resultat.locator(".tdb-total")).to_have_text("139,86\u00a0€")
    expect(message(page, "paiement")).to_have_text("")

    page.reload(wait_until="commit")
    expect(page.locator(".tdb-calculer")).to_be_enabled(timeout=DELAI_MS)
    expect(page.locator(".tdb-montant input")).to_have_value("10 000")
    expect(page.locator(".tdb-paiement input")).to_have_value("02/03/2026")
    expect(page.locator(".tdb-resultat .tdb-total")).to_have_text("139,86\u00a0€")
    capturer(page, dossier_artefacts, "b4_penalites", documentation=True)

    verifier_rien_ne_fuit(page, trames, ailleurs)


def test_simulateur_amortissement_b2__message_sous_le_champ_degressif_derogatoire_et_reprise(
    page, serveur_tableaux, dossier_artefacts
):
    """« 12,3,4 » → message sous le coût ; 10 000 € du 15/04/2026, 5 ans, dégressif → 2 625,00 € (9 mois) ;
    durée 2 → message sous le mode ; linéaire et plan fiscal dégressif → dérogatoires ; rechargement."""
    trames = trafic(page)
    ailleurs = requetes_hors_du_serveur(page, serveur_tableaux)
    carnet = "b2_simulateur_amortissement.ipynb"
    ouvrir(page, serveur_tableaux, carnet)
    assert page.evaluate("document.documentElement.lang") == "fr"

    taper(page, "cout", "12,3,4")
    expect(message(page, "cout")).to_have_text(
        "Coût d'entrée HT : « 12,3,4 » n'est pas un montant valide : un montant n'a qu'un "
        "séparateur décimal (la virgule), par exemple 1 234,56."
    )
    taper(page, "cout", "10 000")
    taper(page, "date", "15/04/2026")
    taper(page, "duree", "2")
    page.locator(".tdb-mode select").select_option(label="Dégressif (fiscal)")
    expect(message(page, "mode")).to_contain_text("réservé aux biens dont la durée normale d'utilisation")
    expect(page.locator(".tdb-resultat")).to_be_empty()
    capturer(page, dossier_artefacts, "b2_simulateur_amortissement_degressif_refuse")

    taper(page, "duree", "5")
    resultat = page.locator(".tdb-resultat")
    expect(resultat.locator(".tdb-annuite").first).to_have_text("2\u202f625,00\u00a0€")
    expect(resultat.locator(".tdb-resume")).to_contain_text("9 mois")
    expect(resultat.locator(".tdb-resume")).to_contain_text("passage au linéaire en 2029")
    expect(resultat.locator(".tdb-vnc").last).to_have_text("0,00\u00a0€")
    expect(message(page, "mode")).to_have_text("")

    page.locator(".tdb-mode select").select_option(label="Linéaire")
    page.locator(".tdb-fiscal select").select_option(label="Dégressif (dérogatoires)")
    expect(resultat.locator(".tdb-annuite").first).to_have_text("1\u202f422,22\u00a0€")
    expect(resultat.locator(".tdb-tableau-derogatoire")).to_contain_text("Solde du 145")
    expect(resultat.locator(".tdb-dotation-derogatoire").first).to_have_text("1\u202f202,78\u00a0€")

    page.reload(wait_until="commit")
    expect(page.locator(".tdb-calculer")).to_be_enabled(timeout=DELAI_MS)
    expect(page.locator(".tdb-cout input")).to_have_value("10 000")
    expect(page.locator(".tdb-fiscal select")).to_have_value("Dégressif (dérogatoires)")
    expect(page.locator(".tdb-resultat .tdb-dotation-derogatoire").first).to_have_text("1\u202f202,78\u00a0€")
    capturer(page, dossier_artefacts, "b2_simulateur_amortissement", documentation=True)

    verifier_rien_ne_fuit(page, trames, ailleurs)
