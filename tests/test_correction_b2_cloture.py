"""Corrections des devoirs « b2_etats_synthese » et « b2_examen_cloture » sans nbgrader.

Sujets (bilan équilibré, résultat identique au bilan et au compte de résultat, deux tranches
d'IS, livre avant inventaire équilibré), réponses justes à tous les points, erreurs typiques
nommées avec leur critère, report d'erreur (une erreur n'est comptée qu'une fois).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from compta_kernel import Ecriture, Ligne, arrondir, regles
from compta_kernel.cloture import depreciation_creance
from compta_kernel.etats_synthese import bilan, compte_de_resultat, part_non_deductible_amortissement
from graders import sujets_cloture
from graders.reponses import canonique, module_de_correction, relire

COURS = Path(__file__).resolve().parent.parent / "course"
etats = module_de_correction(COURS, "b2_etats_synthese")
examen = module_de_correction(COURS, "b2_examen_cloture")
GRAINES = [f"apprenant-{i}".encode() for i in range(5)]
CLOTURE = sujets_cloture.CLOTURE


def _relue(reponse):
    """La réponse telle que la correction la reçoit (passée par ``reponses.json``)."""
    return relire(canonique(reponse))


# ---------------------------------------------------------------------- b2_etats_synthese
def _justes_etats(graine: bytes) -> dict:
    sujet = sujets_cloture.etats_synthese(graine)
    balance = sujet.balance()
    b = bilan(balance)
    nets = dict(zip(b.actif["poste"], b.actif["net"], strict=True))
    nets |= dict(zip(b.passif["poste"], b.passif["montant"], strict=True))
    cr = compte_de_resultat(balance)
    montants = dict(zip(cr["poste"], cr["montant"], strict=True))
    reintegrations = {
        "amendes": sujet.amende,
        "taxe_vehicules": sujet.taxe_vehicules,
        "amortissement_vehicule": part_non_deductible_amortissement(sujet.vehicule, CLOTURE),
    }
    deductions = {"reprise_provision_amende": sujet.provision_amende}
    resultat = cr.attrs["resultat"]
    fiscal = resultat + sum(reintegrations.values()) - sum(deductions.values())
    plafond = regles.valeur("fiscal.is.plafond_taux_reduit", CLOTURE)
    impot = arrondir(plafond * regles.valeur("fiscal.is.taux_reduit", CLOTURE)) + arrondir(
        (fiscal - plafond) * regles.valeur("fiscal.is.taux_normal", CLOTURE)
    )
    return {
        "sujet": sujet,
        "q1": {p: nets[p] for p in sujets_cloture.POSTES_BILAN},
        "q2": {p: montants[p] for p in sujets_cloture.POSTES_RESULTAT},
        "q3": resultat,
        "q4": reintegrations,
        "q5": {
            "deductions": deductions,
            "resultat_fiscal": fiscal,
            "resultat": resultat,
            "reintegrations": reintegrations,
        },
        "q6": {"impot": impot, "resultat_fiscal": fiscal},
    }


SUR_ETATS = {"q1": 3, "q2": 3, "q3": 1, "q4": 3, "q5": 2, "q6": 2}


@pytest.mark.parametrize("graine", GRAINES)
def test_sujet_etats_synthese__bilan_equilibre_et_deux_tranches_d_is(graine):
    sujet = sujets_cloture.etats_synthese(graine)
    b = bilan(sujet.balance())
    cr = compte_de_resultat(sujet.balance())
    assert b.equilibre and b.resultat == cr.attrs["resultat"] > 0
    assert b.actif.set_index("poste").loc["Disponibilités", "net"] > 0
    fiscal = _justes_etats(graine)["q5"]["resultat_fiscal"]
    assert fiscal > regles.valeur("fiscal.is.plafond_taux_reduit", CLOTURE)


def test_sujet_etats_synthese__amortissement_excedentaire_calcule_a_la_main():
    """CGI art. 39, 4 : dotation × (coût TTC − plafond) / coût TTC, plafond 18 300 € entre 50 et 160 g de CO2."""
    sujet = sujets_cloture.etats_synthese(b"apprenant-0")
    v = sujet.vehicule
    assert 50 <= v.co2 <= 160
    attendu = arrondir(v.dotation * (v.cout_ttc - Decimal(18300)) / v.cout_ttc)
    assert _justes_etats(b"apprenant-0")["q4"]["amortissement_vehicule"] == attendu


@pytest.mark.parametrize("graine", GRAINES)
def test_correction_etats_synthese__reponses_justes_tous_les_points(graine):
    justes = _justes_etats(graine)
    for question, sur in SUR_ETATS.items():
        verdict = etats.corriger(question, _relue(justes[question]), graine, sur=sur)
        assert verdict.points == sur, (question, verdict.texte())


def test_correction_etats_synthese__montant_brut_et_depreciation_non_deduite_nommes():
    graine = GRAINES[0]
    justes = _justes_etats(graine)
    reponse = dict(justes["q1"])
    reponse["Autres immobilisations corporelles"] = justes["sujet"].vehicule.cout_ttc
    balance = justes["sujet"].balance().set_index("compte")
    reponse["Clients et comptes rattachés"] = sum(
        (Decimal(balance.loc[c, "solde_debiteur"]) for c in ("411", "416")), Decimal(0)
    )
    verdict = etats.corriger("q1", _relue(reponse), graine, sur=3)
    assert verdict.points == Decimal("2.33")
    texte = " ".join(verdict.remarques)
    assert "B2.3-K01" in texte and "sans déduire les amortissements (2818)" in texte
    assert "sans déduire la dépréciation 491" in texte


def test_correction_etats_synthese__dotation_entiere_reintegree_puis_report_d_erreur():
    graine = GRAINES[1]
    justes = _justes_etats(graine)
    sujet = justes["sujet"]
    reintegrations = {**justes["q4"], "amortissement_vehicule": sujet.vehicule.dotation}
    verdict = etats.corriger("q4", _relue(reintegrations), graine, sur=3)
    assert verdict.points == 2
    assert any("B2.3-K03" in r and "la dotation entière du véhicule" in r for r in verdict.remarques)
    # Résultat fiscal et IS calculés sur ces réintégrations fausses : tous les points, report annoncé.
    fiscal = justes["q3"] + sum(reintegrations.values()) - sujet.provision_amende
    q5 = {**justes["q5"], "reintegrations": reintegrations, "resultat_fiscal": fiscal}
    v5 = etats.corriger("q5", _relue(q5), graine, sur=2)
    assert v5.points == 2 and any("n'est comptée qu'une fois" in r for r in v5.reussites)
    impot = etats._impot(fiscal)["juste"]
    assert (
        etats.corriger("q6", _relue({"impot": impot, "resultat_fiscal": fiscal}), graine, sur=2).points == 2
    )


def test_correction_etats_synthese__is_a_un_seul_taux_et_deduction_confondue():
    graine = GRAINES[2]
    justes = _justes_etats(graine)
    fiscal = justes["q6"]["resultat_fiscal"]
    normal = arrondir(fiscal * regles.valeur("fiscal.is.taux_normal", CLOTURE))
    verdict = etats.corriger("q6", _relue({"impot": normal, "resultat_fiscal": fiscal}), graine, sur=2)
    assert verdict.points == 0 and "l'IS au seul taux normal" in verdict.remarques[0]
    q5 = {**justes["q5"], "deductions": {"reprise_provision_amende": justes["sujet"].amende}}
    verdict = etats.corriger("q5", _relue(q5), graine, sur=2)
    assert verdict.points < 2 and any("B2.3-K04" in r and "l'amende payée" in r for r in verdict.remarques)


def test_correction_etats_synthese__reponse_absente_zero_et_message():
    verdict = etats.corriger("q1", None, GRAINES[0], sur=3)
    assert verdict.points == 0 and "Pas de réponse" in verdict.remarques[0]


# ---------------------------------------------------------------------- b2_examen_cloture
def _saisie(ecriture: Ecriture) -> dict:
    return {
        "journal": "SI",
        "date": CLOTURE,
        "lignes": [(ligne.compte, ligne.debit, ligne.credit) for ligne in ecriture.lignes],
    }


def _justes_examen(graine: bytes) -> dict:
    sujet = sujets_cloture.examen_cloture(graine)
    e = examen.ecritures(sujet)
    reponses = {q: _saisie(e[q]) for q in ("q1", "q2", "q3", "q5", "q6")}
    reponses["q4"] = {"transfert": _saisie(e["q4_transfert"]), "depreciation": _saisie(e["q4_depreciation"])}
    return reponses


def _balance(sujet, reponses: dict):
    livre = sujet.livre()
    for r in (
        reponses["q1"],
        reponses["q2"],
        reponses["q3"],
        *reponses["q4"].values(),
        reponses["q5"],
        reponses["q6"],
    ):
        lignes = tuple(Ligne(c, debit=d, credit=k) for c, d, k in r["lignes"])
        livre.passer(Ecriture("SI", CLOTURE, "INV", "Inventaire", lignes))
    return livre.balance()[["compte", "solde_debiteur", "solde_crediteur"]]


SUR_EXAMEN = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 2, "q6": 3}


@pytest.mark.parametrize("graine", GRAINES)
def test_correction_examen__reponses_justes_tous_les_points_et_bilan_equilibre(graine):
    sujet = sujets_cloture.examen_cloture(graine)
    reponses = _justes_examen(graine)
    for question, sur in SUR_EXAMEN.items():
        verdict = examen.corriger(question, _relue(reponses[question]), graine, sur=sur)
        assert verdict.points == sur, (question, verdict.texte())
    balance = _balance(sujet, reponses)
    verdict = examen.corriger("q7", _relue({"balance": balance, "ecritures": reponses}), graine, sur=3)
    assert verdict.points == 3
    assert bilan(balance).equilibre


def test_correction_examen__dotation_sans_prorata_nommee_et_reportee_dans_la_balance():
    graine = GRAINES[3]
    sujet = sujets_cloture.examen_cloture(graine)
    reponses = _justes_examen(graine)
    (c1, a1), (c2, a2) = examen.dotations(sujet)
    _, _, ht, _, duree = sujet.acquisition
    plein = arrondir(ht / duree)
    assert plein != a2, "le bien acquis en 2026 a une dotation au prorata"
    reponses["q6"] = {
        "journal": "SI",
        "date": CLOTURE,
        "lignes": [("6811", a1 + plein, ""), (c1, "", a1), (c2, "", plein)],
    }
    verdict = examen.corriger("q6", _relue(reponses["q6"]), graine, sur=3)
    assert 0 < verdict.points < 3
    assert any("B2.1-K01" in r and "année entière" in r for r in verdict.remarques)
    balance = _balance(sujet, reponses)
    report = examen.corriger("q7", _relue({"balance": balance, "ecritures": reponses}), graine, sur=3)
    assert report.points == 3 and any("ne sont comptées qu'une fois" in r for r in report.reussites)
    sans_report = examen.corriger("q7", _relue({"balance": balance, "ecritures": {}}), graine, sur=3)
    assert sans_report.points < 3 and all(r.startswith("B2.2-K03") for r in sans_report.remarques)


def test_correction_examen__depreciation_sur_le_ttc_et_ecart_en_produit_nommes():
    graine = GRAINES[4]
    sujet = sujets_cloture.examen_cloture(graine)
    reponses = _justes_examen(graine)
    _, creance, perte = sujet.client_douteux
    ttc = arrondir(creance * perte)
    assert ttc != depreciation_creance(creance, taux_tva=sujet.taux_tva, taux_perte=perte).necessaire
    q4 = {
        "transfert": reponses["q4"]["transfert"],
        "depreciation": {"journal": "SI", "date": CLOTURE, "lignes": [("6817", ttc, ""), ("491", "", ttc)]},
    }
    verdict = examen.corriger("q4", _relue(q4), graine, sur=2)
    assert verdict.points == Decimal("1.5")
    assert any("dépréciation calculée sur le TTC" in r for r in verdict.remarques)
    _, du, regle = sujet.ecart
    q3 = {"journal": "SI", "date": CLOTURE, "lignes": [("411", du - regle, ""), ("758", "", du - regle)]}
    verdict = examen.corriger("q3", _relue(q3), graine, sur=1)
    assert verdict.points < 1 and any("B2.2-K05" in r and "658" in r for r in verdict.remarques)


def test_sujet_examen__livre_avant_inventaire_equilibre_et_donnees_par_apprenant():
    a, b = (sujets_cloture.examen_cloture(g) for g in GRAINES[:2])
    assert a != b
    balance = a.livre().balance()
    assert balance.attrs["equilibree"]
    soldes = balance.set_index("compte")
    _, du, regle = a.ecart
    _, creance, _ = a.client_douteux
    assert Decimal(soldes.loc["411", "solde_debiteur"]) == du - regle + creance
