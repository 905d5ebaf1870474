"""Corrections des deux mises en situation professionnelles du bloc 1, sans nbgrader, sur plusieurs graines.

Les réponses justes sont construites comme dans les carnets (noyau du cours) ; elles
doivent avoir tous les points quelle que soit la graine de l'apprenant. Les erreurs
typiques (celles de la copie fausse de ``tests/test_nbgrader_b1_examens.py``) doivent
perdre leurs points, garder ceux du report d'erreur, et leur retour nommer le critère.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from compta_kernel import (
    Ecriture,
    Ligne,
    arrondir,
    cout_entree,
    delai_moyen_paiement,
    echeancier,
    factures_a_encaisser,
    factures_a_payer,
    lettrer_automatiquement,
    pre_imputation,
    verifier_piece,
)
from compta_kernel.rapprochement import rapprocher
from compta_kernel.tresorerie import plan_tresorerie
from compta_kernel.tva import date_limite_tva
from graders import sujets_examens_b1
from graders.reponses import canonique, module_de_correction, relire
from graders.verdict import Verdict

COURS = Path(__file__).resolve().parent.parent / "course"
GRAINES = [bytes([n]) * 16 for n in range(6)]
COMPTES_BIENS = {"Serveur": "2183", "Ensemble de six postes": "2184", "Presse": "2154", "Compresseur": "2155"}


def _noter(correction, question: str, reponse, graine: bytes, sur: int) -> Verdict:
    """La note d'une réponse passée par sa forme enregistrée (``reponses.json``), comme au ramassage."""
    return correction.corriger(question, relire(canonique(reponse)), graine, sur=sur)


def _auxiliaire(graine: bytes) -> tuple[object, dict]:
    """Le sujet B1.1 et ses réponses justes, construites comme dans le carnet."""
    sujet = sujets_examens_b1.examen_auxiliaire(graine)
    p = sujet.pieces
    compte_bien = next(c for debut, c in COMPTES_BIENS.items() if p.bien.startswith(debut))
    erronee = sujet.ecriture_erronee
    livre = sujet.tiers.livre
    for compte in ("411", "401"):
        lettrer_automatiquement(livre, compte, tolerance=sujet.tiers.tolerance, date=sujet.tiers.au)
    balance = livre.balance_tiers("411")[["tiers", "solde_debiteur", "solde_crediteur"]]
    creances = balance["solde_debiteur"].sum()
    dmp = delai_moyen_paiement(
        creances, sujet.tiers.chiffre_affaires_ttc, methode="comptable", base_jours=360
    )
    bien = p.piece(p.immobilisation)
    ligne = bien.lignes[0]
    installation = p.installation[1]
    tva_installation = arrondir(installation * Decimal("0.20"))
    fin = sujets_examens_b1.DATE_CORRECTION
    return sujet, {
        "q1": {x.numero: ["défaut"] for x in p.lot if verifier_piece(x, deja_vus=p.deja_saisies)},
        "q2": [
            pre_imputation(p.piece(p.marchandises).codifiee("marchandises")).ecriture,
            pre_imputation(bien.codifiee(compte_bien)).ecriture,
            pre_imputation(p.piece(p.avoir).codifiee("marchandises")).ecriture,
        ],
        "q3": {
            "contre_passation": {
                "journal": "AC",
                "date": fin,
                "lignes": [(lg.compte, lg.credit, lg.debit) for lg in erronee.lignes],
            },
            "correction": {
                "journal": "AC",
                "date": fin,
                "lignes": [
                    ("44566" if lg.compte == "44571" else lg.compte, lg.debit, lg.credit)
                    for lg in erronee.lignes
                ],
            },
        },
        "q4": {
            "clients": list(factures_a_encaisser(livre)["piece"]),
            "fournisseurs": list(factures_a_payer(livre)["piece"]),
        },
        "q5": balance,
        "q6": echeancier(livre, "411", au=sujet.tiers.au)[["piece", "montant", "statut"]],
        "q7": {"creances": creances, "ratio": dmp.ratio, "jours": dmp.jours},
        "q8": cout_entree(
            ligne.prix_unitaire_ht,
            remises=(ligne.remise,),
            escompte=bien.taux_escompte,
            frais_accessoires=(
                ("transport", bien.frais_de_port),
                ("installation", installation),
                ("formation", p.formation),
            ),
        ).montant,
        "q9": {
            "journal": "IM",
            "date": fin,
            "lignes": [
                (compte_bien, installation, ""),
                ("44562", tva_installation, ""),
                ("404", "", installation + tva_installation),
            ],
        },
    }


POINTS_AUXILIAIRE = {"q1": 3, "q2": 3, "q3": 2, "q4": 2, "q5": 2, "q6": 2, "q7": 2, "q8": 2, "q9": 2}
POINTS_TRESORERIE = {"q1": 3, "q2": 3, "q3": 2, "q4": 2, "q5": 3, "q6": 3, "q8": 1}


@pytest.fixture(scope="module")
def auxiliaire():
    return module_de_correction(COURS, "b1_examen_auxiliaire")


@pytest.fixture(scope="module")
def tresorerie():
    return module_de_correction(COURS, "b1_examen_tresorerie_tva")


def test_sous_graine__une_par_partie_et_stable():
    graine = b"\x01" * 16
    parties = ("pieces", "lettrage", "banque", "tva", "erreur")
    assert len({sujets_examens_b1.sous_graine(graine, x) for x in parties}) == len(parties)
    assert sujets_examens_b1.sous_graine(graine, "tva") == sujets_examens_b1.sous_graine(graine, "tva")
    assert sujets_examens_b1.sous_graine(graine, "tva") != sujets_examens_b1.sous_graine(b"\x02" * 16, "tva")


def test_examen_auxiliaire__une_seule_entreprise_et_une_ecriture_erronee():
    sujet = sujets_examens_b1.examen_auxiliaire(GRAINES[0])
    assert sujet.tiers.entreprise == sujet.entreprise == sujet.pieces.entreprise.nom
    erronee = sujet.ecriture_erronee
    assert erronee.piece in sujet.pieces.deja_saisies
    assert {lg.compte for lg in erronee.lignes} == {"607", "44571", "401"}
    assert erronee.total_debit == erronee.total_credit
    assert "<strong>" in sujet._repr_html_()


def test_examen_tresorerie_tva__une_seule_entreprise():
    sujet = sujets_examens_b1.examen_tresorerie_tva(GRAINES[0])
    assert sujet.banque.entreprise == sujet.tva.entreprise == sujet.entreprise
    assert sujet.banque.livre().raison_sociale == sujet.entreprise
    assert sujet.tva.mois in sujet._repr_html_()


@pytest.mark.parametrize("graine", GRAINES, ids=range(len(GRAINES)))
def test_examen_auxiliaire__copie_juste_tous_les_points(graine, auxiliaire):
    _, reponses = _auxiliaire(graine)
    for question, sur in POINTS_AUXILIAIRE.items():
        verdict = _noter(auxiliaire, question, reponses[question], graine, sur)
        assert verdict.points == sur, (question, verdict.remarques)
        assert set(verdict.criteres) == set(auxiliaire.QUESTIONS[question])


@pytest.mark.parametrize("graine", GRAINES[:3], ids=range(3))
def test_examen_auxiliaire__erreurs_typiques(graine, auxiliaire):
    sujet, justes = _auxiliaire(graine)
    immo = justes["q2"][1]
    immo_44566 = Ecriture(
        immo.journal,
        immo.date,
        immo.piece,
        immo.libelle,
        tuple(Ligne("44566", debit=lg.debit) if lg.compte == "44562" else lg for lg in immo.lignes),
    )
    v = _noter(auxiliaire, "q2", [justes["q2"][0], immo_44566, justes["q2"][2]], graine, 3)
    assert 0 < v.points < 3 and any("44562 et non 44566" in r for r in v.remarques)

    tva = sujet.ecriture_erronee.lignes[1].debit
    rectification = {
        "journal": "AC",
        "date": "31/10/2026",
        "lignes": [("44566", tva, ""), ("44571", "", tva)],
    }
    v = _noter(
        auxiliaire,
        "q3",
        {"contre_passation": rectification, "correction": justes["q3"]["correction"]},
        graine,
        2,
    )
    assert v.points == 1 and "rectification_partielle" in v.diagnostics

    v = _noter(auxiliaire, "q3", {"contre_passation": justes["q3"]["contre_passation"]}, graine, 2)
    assert v.points == 1, "la contre-passation seule vaut la moitié"

    balance = justes["q5"]
    creances = balance["solde_debiteur"].sum() + balance["solde_crediteur"].sum()
    calcul = delai_moyen_paiement(creances, sujet.tiers.chiffre_affaires_ttc)
    v = _noter(
        auxiliaire, "q7", {"creances": creances, "ratio": calcul.ratio, "jours": calcul.jours}, graine, 2
    )
    assert v.points == 2 and any("Corrigé à partir de vos créances" in r for r in v.remarques)

    ht = sujet.pieces.installation[1]
    en_charge = {
        "journal": "IM",
        "lignes": [("6226", ht, ""), ("44566", ht / 5, ""), ("401", "", ht * 6 / 5)],
    }
    v = _noter(auxiliaire, "q9", en_charge, graine, 2)
    assert v.points == 0
    assert {"installation_en_charge", "tva_immobilisation_44566", "fournisseur_401"} <= set(v.diagnostics)
    assert all(r.startswith("B1.1-K") for r in v.remarques), v.remarques


def test_examen_auxiliaire__reponse_absente_et_question_inconnue(auxiliaire):
    v = _noter(auxiliaire, "q3", None, GRAINES[0], 2)
    assert v.points == 0 and v.remarques[0].startswith("B1.1-K06 — Pas de réponse")
    with pytest.raises(KeyError):
        auxiliaire.corriger("q10", None, GRAINES[0], sur=1)


def _tresorerie(graine: bytes) -> tuple[object, object, dict]:
    """Le sujet B1.2/B1.3, l'état de rapprochement et les réponses justes (sauf la CA3)."""
    sujet = sujets_examens_b1.examen_tresorerie_tva(graine)
    banque, t = sujet.banque, sujet.tva
    etat = rapprocher(banque.livre(), banque.releve)
    ecritures = list(etat.ecritures(tiers=banque.noms_des_tiers()))
    tva = module_de_correction(COURS, "b1_tva")
    d = tva.declaration(t)
    return (
        sujet,
        etat,
        {
            "q1": ecritures,
            "q2": {
                "solde_rectifie": etat.solde_rectifie_entreprise,
                "suspens_banque": [x.montant for x in etat.non_enregistrees_banque],
            },
            "q3": [e.correction for e in etat.erreurs_banque],
            "q4": {"tresorerie_fin": _plan(sujet, ecritures), "ecritures": ecritures},
            "q5": tva.montants_q1(d),
            "q6": d.ecriture,
            "q8": date_limite_tva(t.fin, forme=t.forme, departement=t.departement, cle=t.siren),
        },
    )


def _plan(sujet, ecritures) -> list[Decimal]:
    livre = sujet.banque.livre()
    for e in ecritures:
        livre.passer(e)
    plan = plan_tresorerie(livre, dt.date(2026, 4, 1), 3, previsions=sujet.banque.previsions)
    return [fin for *_, fin in plan.soldes()]


@pytest.mark.parametrize("graine", GRAINES, ids=range(len(GRAINES)))
def test_examen_tresorerie_tva__copie_juste_tous_les_points(graine, tresorerie):
    _, _, reponses = _tresorerie(graine)
    for question, sur in POINTS_TRESORERIE.items():
        verdict = _noter(tresorerie, question, reponses[question], graine, sur)
        assert verdict.points == sur, (question, verdict.remarques)
        assert set(verdict.criteres) == set(tresorerie.QUESTIONS[question])


@pytest.mark.parametrize("graine", GRAINES[:3], ids=range(3))
def test_examen_tresorerie_tva__erreurs_typiques(graine, tresorerie):
    sujet, etat, justes = _tresorerie(graine)
    doublon = next(e.releve for e in etat.erreurs_banque if e.nature == "double prélèvement")
    avec_erreur = [
        *justes["q1"],
        Ecriture(
            "BQ",
            doublon.date,
            "PRLV",
            "Prélèvement",
            (Ligne("6061", debit=-doublon.montant), Ligne("512", credit=-doublon.montant)),
        ),
    ]
    v = _noter(tresorerie, "q1", avec_erreur, graine, 3)
    assert 2 < v.points < 3 and "erreur_banque_comptabilisee" in v.diagnostics

    v = _noter(
        tresorerie, "q4", {"tresorerie_fin": _plan(sujet, avec_erreur), "ecritures": avec_erreur}, graine, 2
    )
    assert v.points == 2 and any("Plan recalculé à partir de vos écritures" in r for r in v.remarques)

    inverse = {
        "journal": "OD",
        "date": sujet.tva.fin,
        "lignes": [(lg.compte, lg.credit, lg.debit) for lg in justes["q6"].lignes],
    }
    v = _noter(tresorerie, "q6", inverse, graine, 3)
    assert v.points == 0 and any(
        r.startswith("B1.3-K01 — Débit et crédit sont inversés") for r in v.remarques
    )

    v = _noter(tresorerie, "q8", sujet.tva.fin, graine, 1)
    assert v.points == 0 and all(r.startswith("B1.3-K03 — ") for r in v.remarques)


def test_retours_nommes__critere_ajoute_seulement_s_il_manque():
    verdict = Verdict(0, 2, ("Ligne manquante : 607.", "X : B1.1-K03 — TVA 44562."), ("B9.9-K99",))
    nomme = sujets_examens_b1.retours_nommes(verdict, ("B1.1-K06", "B1.1-K02"))
    assert nomme.remarques == ("B1.1-K06 — Ligne manquante : 607.", "X : B1.1-K03 — TVA 44562.")
    assert nomme.criteres == ("B1.1-K06", "B1.1-K02")


@pytest.mark.parametrize("graine", GRAINES[:3], ids=range(3))
def test_examen_tresorerie_tva__liquidation_avec_report_d_erreur(graine, tresorerie):
    """Collectée comptée avec la facture du mois suivant (Q5 fausse) : l'OD cohérente avec elle a tous ses points."""
    sujet, _, justes = _tresorerie(graine)
    suivante = sum(
        (
            lg.credit
            for e in sujet.tva.livre.ecritures()
            if e.date > sujet.tva.fin
            for lg in e.lignes
            if lg.compte == "44571"
        ),
        Decimal(0),
    )
    montants = dict(justes["q5"])
    montants["collectee"] += suivante
    solde = montants["collectee"] - montants["deductible"] - montants["credit_anterieur"]
    montants["a_decaisser"], montants["credit_a_reporter"] = max(solde, Decimal(0)), max(-solde, Decimal(0))
    assert _noter(tresorerie, "q5", montants, graine, 3).points < 3
    reportee = tresorerie.liquidation_reportee(montants, justes["q6"])
    assert reportee is not None and reportee.total_debit == reportee.total_credit

    v = _noter(tresorerie, "q6", {"ecriture": reportee, "tva_du_mois": montants}, graine, 3)
    assert v.points == 3 and any(tresorerie.REPORT in r for r in v.remarques)
    v = _noter(tresorerie, "q6", {"ecriture": reportee, "tva_du_mois": justes["q5"]}, graine, 3)
    assert v.points < 3, "sans montants faux en question 5, pas de report"
    v = _noter(tresorerie, "q6", {"ecriture": justes["q6"], "tva_du_mois": montants}, graine, 3)
    assert v.points == 3 and not any(tresorerie.REPORT in r for r in v.remarques)


def test_liquidation_reportee__montants_illisibles_ou_desequilibres(tresorerie):
    _, _, justes = _tresorerie(GRAINES[0])
    assert tresorerie.liquidation_reportee({"collectee": "abc"}, justes["q6"]) is None
    desequilibres = dict(justes["q5"], collectee=justes["q5"]["collectee"] + 1)
    assert tresorerie.liquidation_reportee(desequilibres, justes["q6"]) is None
    identique = tresorerie.liquidation_reportee(justes["q5"], justes["q6"])
    assert tresorerie._cles(identique) == tresorerie._cles(justes["q6"])
