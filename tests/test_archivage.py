"""Durées de conservation, plan de classement, nommage, factures soldées, contrôle d'un plan (B4.2-K04, K05)."""

from __future__ import annotations

import datetime as dt

import pytest

from compta_kernel import Ecriture, Ligne, Livre
from compta_kernel.archivage import (
    ErreurArchivage,
    classer_factures_soldees,
    duree_conservation,
    nom_fichier,
    plan_de_classement,
    verifier_nom_fichier,
    verifier_plan_de_classement,
)


@pytest.mark.parametrize(
    ("libelle", "annees", "source"),
    [
        ("facture client", 10, "Code de commerce, art. L123-22"),
        ("Facture fournisseur", 10, "Code de commerce, art. L123-22"),
        ("avoir", 10, "Code de commerce, art. L123-22"),
        ("grand livre", 10, "Code de commerce, art. L123-22"),
        ("bon de livraison", 10, "Code de commerce, art. L123-22"),
        ("déclaration de TVA", 6, "Livre des procédures fiscales, art. L102 B"),
        ("relevé bancaire", 5, "Code de commerce, art. L110-4"),
        ("devis accepté", 5, "Code de commerce, art. L110-4"),
        ("bulletin de paie", 5, "Code du travail, art. L3243-4"),
        ("registre unique du personnel", 5, "Code du travail, art. R1221-26"),
    ],
)
def test_duree_conservation__durees_legales(libelle, annees, source):
    """Durées : C. com. L123-22 (10 ans), LPF L102 B (6 ans), C. com. L110-4 (5 ans), C. trav. L3243-4 et R1221-26 (5 ans)."""
    d = duree_conservation(libelle)
    assert d.annees == annees
    assert d.source.startswith(source)
    assert duree_conservation(libelle, dt.date(2025, 6, 30)).annees == annees


def test_duree_conservation__fin_a_partir_de_la_cloture():
    assert duree_conservation("facture").fin(dt.date(2026, 12, 31)) == dt.date(2036, 12, 31)
    assert duree_conservation("facture").fin(dt.date(2028, 2, 29)) == dt.date(2038, 2, 28)


def test_duree_conservation__type_inconnu():
    with pytest.raises(ErreurArchivage) as erreur:
        duree_conservation("carte postale")
    assert "bulletin_de_paie" in erreur.value.message


def test_plan_de_classement__rubriques_et_durees():
    plan = plan_de_classement(2026)
    durees = {r.chemin.split("/", 1)[1]: r.annees for r in plan}
    assert durees["2-Ventes/Factures-clients"] == 10
    assert durees["4-Banque/Releves"] == 5
    assert durees["5-Fiscal/Declarations"] == 6
    assert all(r.chemin.startswith("2026/") for r in plan)


def test_nom_fichier__convention_et_controle():
    nom = nom_fichier(dt.date(2026, 1, 2), "FAC-VTE", "Garage Petit SAS", "F2026-014")
    assert nom == "2026-01-02_FAC-VTE_GARAGE-PETIT-SAS_F2026-014.pdf"
    assert verifier_nom_fichier(nom) == ()
    assert nom_fichier(dt.date(2026, 3, 1), "FAC-ACH", "Équip'Indus", "FA 118") == (
        "2026-03-01_FAC-ACH_EQUIP-INDUS_FA-118.pdf"
    )


@pytest.mark.parametrize(
    ("nom", "extrait"),
    [
        ("facture petit.pdf", "ne suit pas la convention"),
        ("02-01-2026_FAC-VTE_PETIT_F1.pdf", "ne suit pas la convention"),
        ("2026-02-30_FAC-VTE_PETIT_F1.pdf", "n'existe pas"),
        ("2026-01-02_FACTURE_PETIT_F1.pdf", "code de document"),
        ("2026-01-02_FAC-VTE_Garage Petit_F1.pdf", "ne suit pas la convention"),
    ],
)
def test_verifier_nom_fichier__ecarts(nom, extrait):
    (ecart,) = verifier_nom_fichier(nom)
    assert extrait in ecart


def test_classer_factures_soldees__seules_les_lettrees_vont_a_l_archive():
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    livre.passer(Ecriture("VT", dt.date(2026, 1, 5), "F1", "Facture F1", (
        Ligne("411", debit="120", tiers="PETIT", lettrage="A", date_lettrage=dt.date(2026, 2, 3)),
        Ligne("706", credit="100"), Ligne("44571", credit="20"),
    )))  # fmt: skip
    livre.passer(Ecriture("VT", dt.date(2026, 1, 6), "F2", "Facture F2", (
        Ligne("411", debit="240", tiers="PETIT"), Ligne("706", credit="200"), Ligne("44571", credit="40"),
    )))  # fmt: skip
    livre.passer(Ecriture("AC", dt.date(2026, 1, 7), "FA9", "Facture Dufour", (
        Ligne("607", debit="50"), Ligne("44566", debit="10"),
        Ligne("401", credit="60", tiers="DUFOUR", lettrage="B", date_lettrage=dt.date(2026, 3, 1)),
    )))  # fmt: skip
    livre.passer(Ecriture("BQ", dt.date(2026, 2, 3), "VIR1", "Virement Petit", (
        Ligne("512", debit="120"), Ligne("411", credit="120", tiers="PETIT", lettrage="A", date_lettrage=dt.date(2026, 2, 3)),
    )))  # fmt: skip
    archive = classer_factures_soldees(livre)
    assert [(a.numero, a.chemin, a.conserver_jusqu_au) for a in archive] == [
        (
            "F1",
            "2026/9-Archives/Factures-soldees/Clients/2026-01-05_FAC-VTE_PETIT_F1.pdf",
            dt.date(2036, 12, 31),
        ),
        (
            "FA9",
            "2026/9-Archives/Factures-soldees/Fournisseurs/2026-01-07_FAC-ACH_DUFOUR_FA9.pdf",
            dt.date(2036, 12, 31),
        ),
    ]
    assert [a.numero for a in classer_factures_soldees(livre, au=dt.date(2026, 2, 15))] == ["F1"]


def _plan_juste():
    return [
        {"rubrique": r.chemin, "documents": r.types_documents, "duree": r.annees}
        for r in plan_de_classement(2026)
    ]


def test_verifier_plan_de_classement__plan_du_cours_complet():
    assert verifier_plan_de_classement(_plan_juste()).complete


def test_verifier_plan_de_classement__rubrique_manquante_et_duree_fausse():
    plan = [r for r in _plan_juste() if "Bulletins" not in r["rubrique"]]
    for r in plan:
        if "Factures-clients" in r["rubrique"]:
            r["duree"] = 6  # confusion avec le délai fiscal
    controle = verifier_plan_de_classement(plan)
    assert "rubrique:bulletin_de_paie" in controle.elements_manquants
    assert "duree:facture" in controle.elements_manquants
    message = next(m.message for m in controle.manques if m.element == "duree:facture")
    assert "10 ans, pas 6" in message and "L123-22" in message


def test_verifier_plan_de_classement__plan_d_apprenant_en_dictionnaire():
    plan = {
        "Ventes": {"documents": ["factures clients", "devis"], "duree": 10},
        "Achats": {"documents": ["factures fournisseurs", "bons de livraison"], "duree": 10},
        "Banque": {"documents": ["relevés bancaires"], "duree": 3},
        "Personnel": {"documents": ["bulletins de paie"], "duree": 50},
    }
    controle = verifier_plan_de_classement(plan)
    manquants = set(controle.elements_manquants)
    assert {"duree:document_bancaire", "duree_excessive:bulletin_de_paie", "factures_soldees"} <= manquants
    assert {"rubrique:livre_comptable", "rubrique:document_fiscal"} <= manquants
    assert "rubrique:facture" not in manquants
    assert next(m.critere for m in controle.manques if m.element == "factures_soldees") == "B4.2-K05"


def test_verifier_plan_de_classement__document_inconnu_et_duree_absente():
    controle = verifier_plan_de_classement(
        [{"rubrique": "Divers", "documents": ["cartes postales", "factures"]}]
    )
    assert "inconnu:cartes postales" in controle.elements_manquants
    assert "duree:facture" in controle.elements_manquants
