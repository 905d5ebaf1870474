"""Le cours dans un vrai navigateur : JupyterLab en français et les panneaux de nbgrader.

Chromium de Debian (``/usr/bin/chromium``) piloté par Playwright, contre le serveur lancé
comme ``python3 scripts/taches.py cours``. Les captures d'écran vont dans ``tests/artefacts/``.
nbgrader (issue #1948) a eu une extension JupyterLab inutilisable à partir de JupyterLab 4.3 :
ces tests vérifient qu'elle s'affiche et répond avec les versions figées.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.navigateur, pytest.mark.lent]

# Premier chargement de JupyterLab (plusieurs mégaoctets de JavaScript) sur 2 cœurs.
DELAI_CHARGEMENT_MS = 90_000
DELAI_MS = 90_000  # large : la CI fait tourner deux processus de tests à la fois


def _ouvrir_jupyterlab(page: Page, serveur) -> None:
    """Ouvre JupyterLab (jeton dans l'adresse), attend la barre de menus et le dossier du cours."""
    page.goto(serveur.url_navigateur("/lab"), wait_until="domcontentloaded")
    expect(_menu(page, "Fichier")).to_be_visible(timeout=DELAI_CHARGEMENT_MS)
    navigateur_de_fichiers = page.locator(".jp-DirListing-content")
    expect(navigateur_de_fichiers.get_by_text("nbgrader_config.py", exact=True)).to_be_visible(
        timeout=DELAI_MS
    )


def _menu(page: Page, titre: str):
    """Un menu de la barre de menus principale de JupyterLab."""
    return page.locator("#jp-menu-panel").get_by_role("menuitem", name=titre, exact=True)


def _ouvrir_panneau_nbgrader(page: Page, entree: str) -> None:
    """Menu « Nbgrader » puis l'entrée demandée (« Assignment List », « Formgrader »...)."""
    _menu(page, "Nbgrader").click()
    page.locator(".lm-Menu").get_by_role("menuitem", name=entree).click()


def test_jupyterlab__interface_en_francais(page, serveur_cours, dossier_artefacts):
    """Sans aucun réglage de l'apprenant, menus, navigateur de fichiers et lanceur sont en français."""
    _ouvrir_jupyterlab(page, serveur_cours)
    for titre in ("Fichier", "Édition", "Affichage", "Exécution", "Noyau", "Paramètres", "Aide"):
        expect(_menu(page, titre)).to_be_visible()
    expect(page.get_by_role("button", name="Nouveau dossier")).to_be_visible()
    expect(page.get_by_role("tab", name="Lanceur")).to_be_visible()
    page.screenshot(path=dossier_artefacts / "jupyterlab_francais.png")


@pytest.fixture
def devoir_diffuse(echange_nbgrader):
    """Un devoir « devoir-essai » diffusé dans l'échange temporaire du serveur, retiré ensuite."""
    dossier = echange_nbgrader / "assistant-comptable" / "outbound" / "devoir-essai"
    dossier.mkdir(parents=True)
    carnet = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (dossier / "essai.ipynb").write_text(json.dumps(carnet), encoding="utf-8")
    yield "devoir-essai"
    shutil.rmtree(echange_nbgrader / "assistant-comptable")


def test_nbgrader__liste_des_devoirs_s_affiche_et_repond(
    page, serveur_cours, devoir_diffuse, dossier_artefacts
):
    """Nbgrader > Assignment List montre le cours et le devoir diffusé, lus par l'API dans l'échange."""
    _ouvrir_jupyterlab(page, serveur_cours)
    _ouvrir_panneau_nbgrader(page, "Assignment List")
    expect(page.get_by_text("Released assignments")).to_be_visible(timeout=DELAI_MS)
    expect(page.get_by_text(devoir_diffuse, exact=True)).to_be_visible(timeout=DELAI_MS)
    expect(page.get_by_role("button", name="Fetch", exact=True)).to_be_visible()
    expect(page.get_by_text("assistant-comptable").first).to_be_visible()
    page.screenshot(path=dossier_artefacts / "nbgrader_liste_des_devoirs.png")


def test_nbgrader__formgrader_s_affiche_avec_le_cours(page, serveur_cours, dossier_artefacts):
    """Nbgrader > Formgrader ouvre la gestion des devoirs du cours « assistant-comptable »."""
    _ouvrir_jupyterlab(page, serveur_cours)
    _ouvrir_panneau_nbgrader(page, "Formgrader")
    formgrader = page.frame_locator("iframe[src*='formgrader']")
    expect(formgrader.get_by_role("link", name="Manage Assignments")).to_be_visible(timeout=DELAI_MS)
    expect(formgrader.get_by_text("assistant-comptable").first).to_be_attached(timeout=DELAI_MS)
    page.screenshot(path=dossier_artefacts / "nbgrader_formgrader.png")
