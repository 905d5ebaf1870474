"""Règles datées : chaque valeur a sa source, la bonne valeur selon la date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest
import yaml

from compta_kernel import regles


def test_taux_de_tva_2026():
    jour = dt.date(2026, 6, 15)
    assert [
        regles.valeur(f"tva.taux.{n}", jour) for n in ("normal", "intermediaire", "reduit", "particulier")
    ] == [
        Decimal("0.20"),
        Decimal("0.10"),
        Decimal("0.055"),
        Decimal("0.021"),
    ]


def test_regle_inconnue__message_avec_les_annees_disponibles():
    with pytest.raises(
        regles.RegleInconnue, match="années disponibles dans les données du cours : 2025, 2026"
    ):
        regles.regle("tva.taux.normal", dt.date(1999, 1, 1))


def test_chaque_valeur_de_chaque_fichier_cite_sa_source_et_sa_date():
    racine = resources.files("compta_kernel") / "donnees" / "regles"
    fichiers = [
        f for annee in racine.iterdir() if annee.is_dir() for f in annee.iterdir() if f.name.endswith(".yaml")
    ]
    assert fichiers
    for fichier in fichiers:
        contenu = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        for cle, r in contenu["regles"].items():
            assert r.get("source") and len(r["source"]) > 8, f"{fichier}: {cle}"
            assert isinstance(r["depuis"], dt.date), f"{fichier}: {cle}"
            assert not isinstance(r["valeur"], float), f"{fichier}: {cle} s'écrit entre guillemets (Decimal)"


def test_regles_en_vigueur_par_prefixe():
    assert set(regles.regles(dt.date(2025, 1, 1), "tva.taux")) == {
        "tva.taux.normal",
        "tva.taux.intermediaire",
        "tva.taux.reduit",
        "tva.taux.particulier",
    }
