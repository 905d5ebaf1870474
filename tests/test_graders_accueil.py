"""Correction des écrits du bloc 4 (graders/accueil.py) et sujets des devoirs B4.1 et B4.2.

Cas calculés à la main : une semaine de mai 2026 avec l'Ascension (jeudi 14/05/2026, jour
férié, Code du travail L3133-1) et des agendas dont les occupations sont écrites ici.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel.documents_commerciaux import Devis
from compta_kernel.pieces import LignePiece, Partie
from compta_kernel.reunions import Participant, agenda_ics, jour_ouvre
from graders import accueil, sujets_accueil
from graders.reponses import canonique, relire

LEA = Participant("Léa Martin", "lea.martin@atelier-morel.example", "assistante comptable")
PAUL = Participant("Paul Roy", "paul.roy@atelier-morel.example", "gérant")


def _reunion() -> sujets_accueil.SujetReunion:
    """Lundi 11/05 : Léa prise toute la journée ; mardi 12/05 : Paul pris toute la journée.

    Mercredi 13/05 : Paul pris de 9 h à 10 h. Premier créneau d'une heure libre pour les deux :
    mercredi 13/05/2026 à 10 h 00 ; 10 h 30 est libre aussi, mais plus tard.
    """
    journee = lambda j: (dt.datetime(2026, 5, j, 9), dt.datetime(2026, 5, j, 18))
    lea = agenda_ics([("Clôture", *journee(11))], "Léa")
    paul = agenda_ics(
        [("Banque", *journee(12)), ("Client", dt.datetime(2026, 5, 13, 9), dt.datetime(2026, 5, 13, 10))]
    )
    return sujets_accueil.SujetReunion(
        "Revue des comptes clients",
        LEA,
        (PAUL,),
        (("agenda_lea.ics", lea), ("agenda_paul.ics", paul)),
        dt.date(2026, 5, 11),
        dt.date(2026, 5, 15),
        dt.timedelta(hours=1),
        "Salle de réunion, 12 rue des Forges, 42000 Saint-Étienne",
        "",
        ("Factures non réglées", "Plan de relance"),
        ("Balance âgée des clients",),
    )


def _noter(fonction, reponse, *args, sur=1, **options):
    """Note une réponse comme la cellule cachée : après un passage par reponses.json."""
    relue = relire(json.loads(json.dumps(canonique(accueil.en_donnees(reponse)))))
    return fonction(relue, *args, sur=sur, **options)


@pytest.mark.parametrize(
    ("reponse", "points", "extrait"),
    [
        (dt.datetime(2026, 5, 13, 10), Decimal(1), "Premier créneau commun"),
        ("13/05/2026 10:30", Decimal("0.5"), "un créneau plus tôt"),
        ("14/05/2026 10:00", Decimal(0), "jour férié (Ascension)"),
        ("12/05/2026 10:00", Decimal(0), "un participant est occupé"),
        ("16/05/2026 10:00", Decimal(0), "week-end"),
    ],
)
def test_corriger_creneau__premier_plus_tard_ferie_occupe_week_end(reponse, points, extrait):
    verdict = _noter(accueil.corriger_creneau, reponse, _reunion(), criteres=("B4.1-K03",))
    assert verdict.points == points
    assert extrait in " ".join(verdict.remarques + verdict.reussites)


def test_corriger_creneau__pas_de_reponse():
    verdict = _noter(accueil.corriger_creneau, None, _reunion(), criteres=("B4.1-K03",))
    assert verdict.points == 0 and "Pas de réponse" in verdict.remarques[0]


def test_corriger_invitation__reunion_attendue_complete_puis_participant_oublie():
    attendue = accueil.reunion_attendue(_reunion())
    assert attendue.creneau.debut.replace(tzinfo=None) == dt.datetime(2026, 5, 13, 10)
    juste = _noter(accueil.corriger_invitation, attendue, _reunion(), sur=2, criteres=("B4.1-K03",))
    assert juste.points == 2, juste.remarques
    sans_paul = attendue.__class__(**{**attendue.__dict__, "participants": ()})
    reponse = {"convocation": sans_paul.convocation(), "invitation": sans_paul.invitation_ics()}
    faux = _noter(accueil.corriger_invitation, reponse, _reunion(), sur=2, criteres=("B4.1-K03",))
    assert faux.points < 2
    assert any("Paul Roy" in r and "pas invité" in r for r in faux.remarques)
    assert any("Paul Roy n'est pas nommé" in r for r in faux.remarques)


def _demande():
    facture = SimpleNamespace(
        numero="F2026-014", net_a_payer=Decimal("1200.00"), date_echeance=dt.date(2026, 3, 31)
    )
    return sujets_accueil.Demande("Mme Petit", "Duplicata", "…", True, facture, "Madame Petit")


COURRIEL = """Objet : RE : Duplicata de la facture F2026-014

Madame,

Je vous remercie pour votre message. Vous trouverez ci-joint le duplicata de la facture n° F2026-014,
d'un montant de 1 200,00 € TTC, à régler au plus tard le 31/03/2026.
Je reviens vers vous dès réception de votre règlement.

Je reste à votre disposition.

Cordialement,

Léa Martin
Assistante comptable, Atelier Morel
"""


def test_corriger_courriel__complet_puis_montant_et_date_absents():
    juste = _noter(
        accueil.corriger_courriel, COURRIEL, _demande(), "Léa Martin", sur=2, criteres=("B4.1-K01",)
    )
    assert juste.points == 2, juste.remarques
    faux = _noter(
        accueil.corriger_courriel,
        COURRIEL.replace("1 200,00 €", "la somme due").replace("31/03/2026", "fin mars"),
        _demande(),
        "Léa Martin",
        sur=2,
        criteres=("B4.1-K01",),
    )
    assert set(faux.diagnostics) == {"montant", "echeance"}
    assert 0 < faux.points < 2


def test_corriger_outils__outil_inadapte_et_tache_oubliee():
    reponse = {
        "prise_de_rendez_vous": ("agenda", "Les disponibilités de chacun sont visibles."),
        "reponse_client": ("messagerie_instantanee", "c'est rapide"),
    }
    verdict = _noter(
        accueil.corriger_outils,
        reponse,
        ("prise_de_rendez_vous", "reponse_client", "organisation_reunion"),
        sur=3,
        criteres=("B4.1-K04",),
    )
    # 6 éléments (outil et justification par tâche) : seuls les 2 du rendez-vous sont justes.
    assert verdict.points == 1
    assert "organisation_reunion:outil" in verdict.diagnostics


def test_en_donnees__devis_passe_par_reponses_json():
    devis = Devis(
        "D2026-007",
        dt.date(2026, 3, 2),
        Partie("Atelier Morel SARL", "12 rue des Forges", "42000", "Saint-Étienne", siren="732829320"),
        Partie("Garage Petit SAS", "3 avenue Foch", "69006", "Lyon"),
        (LignePiece("Révision du pont élévateur", 1, "450", "0.20"),),
        validite_jours=30,
        conditions_paiement="30 jours date de facture",
        delai_execution="sous 15 jours",
    )
    relu = accueil.document_commercial(relire(json.loads(json.dumps(canonique(accueil.en_donnees(devis))))))
    assert relu == devis and relu.calcul.total_ttc == Decimal("540.00")


def test_montrer__reponse_absente_ou_illisible(capsys):
    from compta_kernel.reunions import verifier_invitation

    accueil.montrer(verifier_invitation, None)
    accueil.montrer(verifier_invitation, "pas un agenda")
    sortie = capsys.readouterr().out
    assert "Pas encore de réponse" in sortie and "À corriger" in sortie


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=4, max_size=16))
def test_sujets_b4__reunion_possible_et_solution_du_noyau_a_tous_les_points(graine):
    """Pour toute graine : un créneau commun existe, un jour ouvré, et la réunion du noyau a tous les points."""
    for reunion in (
        sujets_accueil.messages_reunion(graine).reunion,
        sujets_accueil.examen_accueil(graine).reunion,
    ):
        attendue = accueil.reunion_attendue(reunion)
        assert jour_ouvre(attendue.creneau.debut.date())
        assert reunion.du <= attendue.creneau.debut.date() <= reunion.au
        creneau = _noter(accueil.corriger_creneau, attendue.creneau, reunion, criteres=("B4.1-K03",))
        documents = _noter(accueil.corriger_invitation, attendue, reunion, sur=2, criteres=("B4.1-K03",))
        assert (creneau.points, documents.points) == (1, 2), documents.remarques
