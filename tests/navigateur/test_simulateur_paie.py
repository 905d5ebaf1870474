"""Le simulateur de bulletin de paie (B3.1) dans un vrai navigateur, servi comme ``python -m tableaux_de_bord``.

Même banc que :mod:`navigateur.test_tableaux_de_bord` (Chromium de Debian piloté par Playwright,
Voilà lancé avec les réglages du lanceur) : on tape un statut inconnu (message sous le champ), un
salaire sous le SMIC (refus du noyau sous le champ), puis le cas calculé à la main de
``tests/cas/paie_cadre_5000_octobre_2026.yaml`` ; on lit les totaux et le bulletin clarifié, on
recharge la page. Capture recopiée dans ``docs/captures/b3_simulateur_paie.png``.
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
CARNET = "b3_simulateur_paie.ipynb"


def test_simulateur_paie_b3__bulletin_refus_et_reprise(page, serveur_tableaux, dossier_artefacts):
    """« stagiaire » → message sous le statut ; 1 000 € → sous le SMIC ; cadre à 5 000 € en
    octobre 2026 → net avant impôt 3 955,79 €, coût employeur 7 053,29 € ; rechargement."""
    trames = trafic(page)
    ailleurs = requetes_hors_du_serveur(page, serveur_tableaux)
    ouvrir(page, serveur_tableaux, CARNET)
    assert page.evaluate("document.documentElement.lang") == "fr"

    taper(page, "statut", "stagiaire")
    expect(message(page, "statut")).to_contain_text("tapez « cadre » ou « non cadre »")
    taper(page, "periode", "10/2026")
    taper(page, "statut", "non cadre")
    taper(page, "salaire_base", "1 000")
    expect(message(page, "salaire_base")).to_contain_text("sous le SMIC")
    resultat = page.locator(".tdb-resultat")
    expect(resultat).to_be_empty()

    taper(page, "statut", "cadre")
    taper(page, "salaire_base", "5 000")
    expect(resultat.locator(".tdb-brut")).to_have_text("5\u202f000,00\u00a0€")
    expect(resultat.locator(".tdb-net-avant-impot")).to_have_text("3\u202f955,79\u00a0€")
    expect(resultat.locator(".tdb-cout-employeur")).to_have_text("7\u202f053,29\u00a0€")
    expect(resultat).to_contain_text("Bulletin de paie – octobre 2026")
    expect(resultat).to_contain_text("RETRAITE")
    taper(page, "heures_sup_50", "60")
    expect(message(page, "heures_sup_50")).to_contain_text("durée maximale de 48 h")
    expect(resultat).to_be_empty()
    capturer(page, dossier_artefacts, "b3_simulateur_paie_refus")
    taper(page, "heures_sup_50", "")
    expect(resultat.locator(".tdb-net-avant-impot")).to_have_text("3\u202f955,79\u00a0€")

    page.reload(wait_until="commit")
    expect(page.locator(".tdb-calculer")).to_be_enabled(timeout=DELAI_MS)
    expect(page.locator(".tdb-salaire_base input")).to_have_value("5 000")
    expect(page.locator(".tdb-resultat .tdb-cout-employeur")).to_have_text("7\u202f053,29\u00a0€")
    capturer(page, dossier_artefacts, "b3_simulateur_paie", documentation=True)

    verifier_rien_ne_fuit(page, trames, ailleurs, "from tableaux_de_bord.paie")
