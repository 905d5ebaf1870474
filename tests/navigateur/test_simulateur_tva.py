"""Le simulateur de CA3 (B1.3) dans un vrai navigateur, servi comme ``python -m tableaux_de_bord``.

Même banc que :mod:`navigateur.test_tableaux_de_bord` (Chromium de Debian piloté par Playwright,
Voilà lancé avec les réglages du lanceur) : on tape le chiffre d'affaires et la TVA déductible,
on lit les lignes de la CA3 et l'écriture d'OD, on déclenche un refus du noyau (remboursement
supérieur au crédit), on recharge la page. Capture recopiée dans
``docs/captures/b1_simulateur_tva.png``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from navigateur.aides import (
    DELAI_MS,
    capturer,
    message,
    ouvrir,
    requetes_hors_du_serveur,
    taper,
    trafic,
    verifier_rien_ne_fuit,
)

pytestmark = [pytest.mark.navigateur, pytest.mark.lent]
CARNET = "b1_simulateur_tva.ipynb"


def test_simulateur_tva_b1__ca3_ecriture_refus_et_reprise(page, serveur_tableaux, dossier_artefacts):
    """« 12,3,4 » → message sous le champ ; 10 000 € à 20 %, déductible 1 000 + 600 € → ligne 28 = 400 ;
    crédit et remboursement trop fort → message du noyau sous le champ ; rechargement."""
    trames = trafic(page)
    ailleurs = requetes_hors_du_serveur(page, serveur_tableaux)
    ouvrir(page, serveur_tableaux, CARNET)
    assert page.evaluate("document.documentElement.lang") == "fr"

    taper(page, "base_normal", "12,3,4")
    expect(message(page, "base_normal")).to_contain_text("« 12,3,4 » n'est pas un montant valide")

    taper(page, "mois", "03/2026")
    taper(page, "base_normal", "10 000")
    taper(page, "deductible_immobilisations", "1 000")
    taper(page, "deductible_autres", "600")
    resultat = page.locator(".tdb-resultat")
    expect(resultat).to_contain_text("Déclaration 3310-CA3-SD — mars 2026")
    expect(resultat.locator(".tdb-ligne-16 .tdb-montant")).to_have_text("2\u202f000")
    expect(resultat.locator(".tdb-ligne-23 .tdb-montant")).to_have_text("1\u202f600")
    expect(resultat.locator(".tdb-ligne-28 .tdb-montant")).to_have_text("400")
    expect(resultat.locator(".tdb-conclusion")).to_contain_text(
        "TVA nette à payer : 400,00\u00a0€ (ligne 28)."
    )
    expect(resultat.locator(".tdb-ecriture .tdb-compte")).to_have_text(["44571", "44562", "44566", "44551"])

    taper(page, "deductible_immobilisations", "3 000")
    expect(resultat.locator(".tdb-ligne-25 .tdb-montant")).to_have_text("1\u202f600")
    taper(page, "remboursement", "5 000")
    expect(message(page, "remboursement")).to_contain_text("supérieur au crédit de la période")
    expect(resultat).to_be_empty()
    capturer(page, dossier_artefacts, "b1_simulateur_tva_refus")
    taper(page, "remboursement", "")
    expect(resultat.locator(".tdb-ligne-27 .tdb-montant")).to_have_text("1\u202f600")

    page.reload(wait_until="commit")
    expect(page.locator(".tdb-calculer")).to_be_enabled(timeout=DELAI_MS)
    expect(page.locator(".tdb-base_normal input")).to_have_value("10 000")
    expect(page.locator(".tdb-resultat .tdb-ligne-27 .tdb-montant")).to_have_text("1\u202f600")
    capturer(page, dossier_artefacts, "b1_simulateur_tva", documentation=True)

    verifier_rien_ne_fuit(page, trames, ailleurs, "from tableaux_de_bord.tva")
