"""Aides des tests navigateur des tableaux de bord : ouvrir, taper, lire, capturer, surveiller.

Communes à ``tests/navigateur/test_tableaux_de_bord.py`` et aux tests des simulateurs.
"""

from __future__ import annotations

import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graders import sujets
from tableaux_de_bord import TABLEAUX
from tableaux_de_bord.entrainement import COMPTE_DE_CHARGE

CAPTURES = Path(__file__).resolve().parents[2] / "docs" / "captures"
DELAI_MS = 90_000  # large : la CI fait tourner deux processus de tests à la fois
TABLEAU = {t.carnet: t for t in TABLEAUX}
#: Ce qui trahirait une cellule de code dans la page ou dans le trafic du websocket.
SOURCES = ("from tableaux_de_bord", "import tableau", "simulateur()", "tableau()")


def ouvrir(page: Page, serveur, carnet: str) -> float:
    """Ouvre un tableau de bord et attend que son formulaire soit utilisable ; rend la durée (s)."""
    debut = time.perf_counter()
    page.goto(serveur.url_tableau(carnet), wait_until="commit")
    expect(page.locator(TABLEAU[carnet].pret)).to_be_enabled(timeout=DELAI_MS)
    return time.perf_counter() - debut


def taper(page: Page, champ: str, valeur: str) -> None:
    """Tape dans le champ (classe ``tdb-<champ>``) puis quitte le champ, comme l'apprenant."""
    saisie = page.locator(f".tdb-{champ} input")
    saisie.fill(valeur)
    saisie.press("Tab")


def message(page: Page, champ: str):
    """Le message affiché juste sous un champ."""
    return page.locator(f".tdb-{champ} .widget-html-content").last


def requetes_hors_du_serveur(page: Page, serveur) -> list[str]:
    """Enregistre (dans la liste rendue) les requêtes abouties vers un autre site que le serveur.

    Le modèle ``lab`` de Voilà demande une feuille de style à cdn.jsdelivr.net : la politique de
    sécurité du contenu la bloque dans le navigateur, avant toute requête.
    """
    autres: list[str] = []
    page.on("requestfinished", lambda r: None if r.url.startswith(serveur.url) else autres.append(r.url))
    return autres


def trafic(page: Page) -> list[str]:
    """Enregistre (dans la liste rendue) tout ce que le websocket du noyau apporte à la page."""
    trames: list[str] = []

    def suivre(ws) -> None:
        ws.on("framereceived", lambda charge: trames.append(_texte(charge)))
        ws.on("framesent", lambda charge: trames.append(_texte(charge)))

    page.on("websocket", suivre)
    return trames


def _texte(charge) -> str:
    return charge.decode("utf-8", "replace") if isinstance(charge, bytes) else str(charge)


def capturer(page: Page, dossier_artefacts: Path, nom: str, *, documentation: bool = False) -> None:
    """Capture pleine page dans ``tests/artefacts/`` ; recopiée dans ``docs/captures/`` si demandé."""
    chemin = dossier_artefacts / f"{nom}.png"
    # La page de Voilà défile dans #rendered_cells : on agrandit la fenêtre à la hauteur du contenu.
    hauteur = page.evaluate(
        "Math.max(...[document.body, document.querySelector('#rendered_cells')]"
        ".filter(Boolean).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1400, "height": min(max(int(hauteur) + 40, 900), 3000)})
    page.screenshot(path=chemin, full_page=True)
    if documentation:
        CAPTURES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(chemin, CAPTURES / f"{nom}.png")


def sujet_en_cours(serveur):
    """La facture de l'exercice en cours, relue dans ``progression.json`` (graine enregistrée par le noyau)."""
    etat = serveur.progression()["apprenants"]["autonome"]["b1_facture_achat"]
    return sujets.facture_achat(bytes.fromhex(etat["en_cours"]["graine"]))


def attendre_nouvelle_graine(serveur, ancienne: sujets.SujetFactureAchat) -> sujets.SujetFactureAchat:
    """Attend que le noyau ait enregistré le nouvel exercice ; rend sa facture."""
    debut = time.monotonic()
    while time.monotonic() - debut < 30:
        sujet = sujet_en_cours(serveur)
        if sujet != ancienne:
            return sujet
        time.sleep(0.1)
    pytest.fail("Le nouvel exercice n'a pas été enregistré dans progression.json.")


def montant(valeur: Decimal) -> str:
    return format(valeur, "f").replace(".", ",")


def saisir_ecriture(page: Page, sujet, *, compte_tva: str = "44566") -> None:
    """Saisit l'écriture de la facture (journal, date, trois lignes)."""
    page.locator(".tdb-journal select").select_option(label="AC – Achats")
    taper(page, "date", sujet.date.strftime("%d/%m/%Y"))
    lignes = [
        (COMPTE_DE_CHARGE[sujet.nature], montant(sujet.ht), ""),
        (compte_tva, montant(sujet.tva), ""),
        ("401", "", montant(sujet.ttc)),
    ]
    for i, ligne in enumerate(lignes):
        for champ, valeur in zip(("compte", "debit", "credit"), ligne, strict=True):
            if valeur:
                taper(page, f"{champ}-{i}", valeur)


def verifier_rien_ne_fuit(page: Page, trames: list[str], ailleurs: list[str], *sources: str) -> None:
    """Ni code source (:data:`SOURCES` et ``sources``) dans la page ou le websocket, ni requête ailleurs."""
    contenu = page.content()
    for source in (*SOURCES, *sources):
        assert source not in contenu, f"code source dans la page : {source!r}"
        assert not [t for t in trames if source in t], f"code source dans le websocket : {source!r}"
    assert trames, "aucune trame de websocket enregistrée"
    assert ailleurs == [], f"requêtes vers d'autres sites : {ailleurs}"
