"""Livre : numérotation par journal, intangibilité, contre-passation, périodes, à-nouveaux."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from aides import ecritures_depuis_texte, livre_depuis_texte

from compta_kernel import (
    CompteInconnu,
    ContrePassationImpossible,
    DateHorsExercice,
    Ecriture,
    EcritureIntrouvable,
    ErreurComptable,
    ExerciceInvalide,
    Ligne,
    Livre,
    PeriodeCloturee,
)

JOURNAL = """
2026-01-02 BQ APPORT-1 Apport en capital
  512        10000,00  -
  101        -         10000,00
2026-01-15 AC FA-118 Achat marchandises Durand
  607         1000,00  -
  44566        200,00  -
  401DURAND   -         1200,00
2026-01-20 VT F2026-001 Facture Dupont
  411DUPONT   3000,00  -
  707         -         2500,00
  44571       -          500,00
2026-01-25 AC FA-119 Achat fournitures Durand
  6064          50,00  -
  44566         10,00  -
  401DURAND   -           60,00
"""


def test_passer__numerote_en_sequence_par_journal():
    livre = livre_depuis_texte(JOURNAL)
    assert [e.numero for e in livre.ecritures()] == ["BQ000001", "AC000001", "VT000001", "AC000002"]
    assert [e.numero for e in livre.ecritures("AC")] == ["AC000001", "AC000002"]
    assert len(livre) == 4 and livre.nb_lignes == 11


def test_passer__renvoie_l_ecriture_validee_identique_a_la_saisie():
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: dt.date(2026, 2, 1))
    saisie = ecritures_depuis_texte(JOURNAL)[1]
    passee = livre.passer(saisie)
    assert passee.numero == "AC000001" and passee.date_validation == dt.date(2026, 2, 1)
    assert passee.lignes == saisie.lignes and passee.libelle == saisie.libelle
    assert livre.ecriture("AC000001") == passee


def test_ecriture__immuable():
    ecriture = ecritures_depuis_texte(JOURNAL)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ecriture.libelle = "autre"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ecriture.lignes[0].debit = Decimal(1)
    assert not hasattr(Livre, "supprimer") and not hasattr(Livre, "modifier")


def test_contre_passer__annule_sans_effacer():
    livre = livre_depuis_texte(JOURNAL)
    inverse = livre.contre_passer("AC000002")
    assert inverse.numero == "AC000003" and inverse.journal == "AC" and inverse.piece == "FA-119"
    assert inverse.libelle == "Contre-passation AC000002 Achat fournitures Durand"
    assert [(ligne.compte, ligne.debit, ligne.credit) for ligne in inverse.lignes] == [
        ("6064", Decimal("0.00"), Decimal("50.00")),
        ("44566", Decimal("0.00"), Decimal("10.00")),
        ("401DURAND", Decimal("60.00"), Decimal("0.00")),
    ]
    assert livre.ecriture("AC000002").total_debit == Decimal("60.00")  # l'originale reste au livre
    assert livre.contre_passee_par("AC000002") == "AC000003"
    balance = livre.balance().set_index("compte")
    assert "6064" in balance.index and balance.loc["6064", "solde_debiteur"] == Decimal("0.00")


def test_contre_passer__periode_close_passe_au_lendemain_de_la_cloture():
    livre = livre_depuis_texte(JOURNAL)
    livre.cloturer_periode(dt.date(2026, 1, 31))
    inverse = livre.contre_passer("VT000001")
    assert inverse.date == dt.date(2026, 2, 1)


def test_contre_passer__ecriture_non_passee_refusee():
    livre = livre_depuis_texte(JOURNAL)
    with pytest.raises(ContrePassationImpossible, match="Seule une écriture passée"):
        livre.contre_passer(ecritures_depuis_texte(JOURNAL)[0])


def test_ecriture__numero_inconnu():
    with pytest.raises(EcritureIntrouvable, match="« ZZ000001 »"):
        livre_depuis_texte(JOURNAL).ecriture("ZZ000001")


def test_cloturer_periode__definitive():
    livre = livre_depuis_texte(JOURNAL)
    livre.cloturer_periode(dt.date(2026, 6, 30))
    with pytest.raises(PeriodeCloturee, match="définitive"):
        livre.cloturer_periode(dt.date(2026, 3, 31))
    with pytest.raises(DateHorsExercice):
        livre.cloturer_periode(dt.date(2027, 3, 31))


def test_exercice__dates_incoherentes():
    with pytest.raises(ExerciceInvalide, match="inversez"):
        Livre(dt.date(2026, 12, 31), dt.date(2026, 1, 1))
    with pytest.raises(ExerciceInvalide, match="24 mois"):
        Livre(dt.date(2026, 1, 1), dt.date(2028, 6, 30))


def test_compte_inconnu__aucune_trace_au_livre():
    livre = livre_depuis_texte(JOURNAL)
    avant = livre.table().copy()
    with pytest.raises(CompteInconnu):
        livre.passer(
            Ecriture(
                "OD", dt.date(2026, 3, 1), "OD1", "Essai", (Ligne("512", debit=1), Ligne("990", credit=1))
            )
        )
    assert livre.table().equals(avant) and len(livre) == 4


def test_ouvrir_compte__libelle_propre_au_livre():
    livre = livre_depuis_texte(JOURNAL)
    livre.ouvrir_compte("401durand", "Durand SARL")
    assert livre.libelle_compte("401DURAND") == "Durand SARL"
    with pytest.raises(CompteInconnu):
        livre.ouvrir_compte("990X", "Rien")


def test_a_nouveaux__exige_un_exercice_cloture():
    with pytest.raises(ErreurComptable, match="exercice clôturé"):
        livre_depuis_texte(JOURNAL).a_nouveaux()


def test_a_nouveaux__reprend_le_bilan_et_le_resultat():
    """Bilan repris compte par compte ; résultat (classes 6 et 7 non soldées) repris en 120.

    Produits 2 500 − charges (1 000 + 50) = bénéfice 1 450,00 €.
    """
    livre = livre_depuis_texte(JOURNAL)
    livre.cloturer_exercice()
    with pytest.raises(PeriodeCloturee):
        livre.passer(ecritures_depuis_texte(JOURNAL)[0])
    suivant = livre.a_nouveaux()
    assert (suivant.debut, suivant.fin) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    (an,) = list(suivant.ecritures())
    assert an.journal == "AN" and an.date == dt.date(2027, 1, 1) and an.numero == "AN000001"
    soldes = {ligne.compte: ligne.debit - ligne.credit for ligne in an.lignes}
    assert soldes == {
        "101": Decimal("-10000.00"),
        "401DURAND": Decimal("-1260.00"),
        "411DUPONT": Decimal("3000.00"),
        "44566": Decimal("210.00"),
        "44571": Decimal("-500.00"),
        "512": Decimal("10000.00"),
        "120": Decimal("-1450.00"),
    }
    assert suivant.balance().attrs["equilibree"]


def test_a_nouveaux__perte_en_129():
    livre = livre_depuis_texte(
        """
2026-03-01 BQ F1 Loyer
  613   800,00  -
  512   -       800,00
"""
    )
    livre.cloturer_exercice()
    (an,) = list(livre.a_nouveaux().ecritures())
    assert {(ligne.compte, ligne.debit, ligne.credit) for ligne in an.lignes} == {
        ("512", Decimal("0.00"), Decimal("800.00")),
        ("129", Decimal("800.00"), Decimal("0.00")),
    }


def test_validation__dates_monotones_meme_si_l_horloge_recule():
    jours = iter([dt.date(2026, 5, 2), dt.date(2026, 5, 1)])
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: next(jours))
    e1, e2 = (livre.passer(e) for e in ecritures_depuis_texte(JOURNAL)[:2])
    assert e2.date_validation >= e1.date_validation


def test_comptes_ouverts__ouverts_et_mouvementes_avec_libelles():
    livre = livre_depuis_texte(JOURNAL)
    livre.ouvrir_compte("401DURAND", "Durand SARL")
    livre.ouvrir_compte("411MARTIN", "Martin et fils")
    comptes = livre.comptes_ouverts()
    assert comptes["401DURAND"] == "Durand SARL" and comptes["411MARTIN"] == "Martin et fils"
    assert comptes["512"] == "Banques" and list(comptes) == sorted(comptes)
