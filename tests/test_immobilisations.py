"""Immobilisations (B2.1) : plans d'amortissement, dérogatoires, tableaux de l'annexe, cessions, contrôle.

Les exemples publiés sont des cas ``tests/cas/immobilisations_*.yaml`` (chacun cite sa
source) ; les invariants de tous les plans sont vérifiés par hypothesis.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from aides import livre_depuis_texte
from hypothesis import given, settings
from hypothesis import strategies as st

import compta_kernel
from compta_kernel import Livre, immobilisations, montant, regles
from compta_kernel.immobilisations import (
    COLONNES_PLAN,
    CessionInvalide,
    Composant,
    DatesIncoherentes,
    DegressifNonEligible,
    DureeInvalide,
    FichierImmobilisations,
    Immobilisation,
    ImmobilisationInconnue,
    ImmobilisationInvalide,
    ModeInconnu,
    calcul_cession,
    cession,
    coefficient_degressif,
    jours_prorata,
    plan_amortissement,
    plan_derogatoire,
)

CAS = sorted((Path(__file__).parent / "cas").glob("immobilisations_*.yaml"))


def _cas(chemin: Path) -> dict:
    cas = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    assert cas.get("source"), f"{chemin.name} : chaque cas cite sa source"
    return cas


def _montants(serie) -> list[Decimal]:
    return [Decimal(x) for x in serie]


# ---------------------------------------------------------------------- exemples publiés
@pytest.mark.parametrize("chemin", [c for c in CAS if "plan" in _cas(c)], ids=lambda c: c.stem)
def test_plan__exemple_publie(chemin):
    cas = _cas(chemin)
    p = cas["plan"]
    plan = plan_amortissement(
        p["base"],
        p["date_debut"],
        p["duree"],
        p["mode"],
        convention=p.get("convention"),
        coefficient=p.get("coefficient"),
    )
    attendu = cas["attendu"]
    assert list(plan.columns) == list(COLONNES_PLAN)
    if "exercices" in attendu:
        assert plan["exercice"].tolist() == attendu["exercices"]
    if "annuites" in attendu:
        assert _montants(plan["annuite"]) == [montant(a) for a in attendu["annuites"]]
    if "taux" in attendu:
        assert [x.normalize() for x in plan["taux"]] == [Decimal(t) for t in attendu["taux"]]
    if "premiere_annuite" in attendu:
        assert plan["annuite"].iloc[0] == montant(attendu["premiere_annuite"])
    for cle in ("bascule", "mois_premier_exercice"):
        if cle in attendu:
            assert plan.attrs[cle] == attendu[cle]
    assert plan["vnc"].iloc[-1] == 0
    assert plan.attrs["total_annuites"] == montant(p["base"])


@pytest.mark.parametrize("chemin", [c for c in CAS if "cession" in _cas(c)], ids=lambda c: c.stem)
def test_cession_en_cours_d_exercice__cas_calcule(chemin):
    cas = _cas(chemin)
    bien = Immobilisation(**cas["immobilisation"])
    c = cas["cession"]
    chiffres = calcul_cession(bien, c["date"], c["prix"])
    attendu = cas["attendu"]
    for cle in ("complement", "amortissements", "valeur_comptable", "resultat"):
        assert getattr(chiffres, cle) == montant(attendu[cle]), cle
    assert not chiffres.plus_value
    ecritures = cession(bien, c["date"], c["prix"], taux_tva=c["taux_tva"])
    obtenu = [[[l.compte, l.debit, l.credit] for l in e.lignes] for e in ecritures]
    assert obtenu == [
        [[compte, montant(d), montant(cr)] for compte, d, cr in lignes] for lignes in attendu["ecritures"]
    ]
    assert all(e.journal == "OD" and e.date == c["date"] for e in ecritures)


# ---------------------------------------------------------------------- linéaire
def test_plan_lineaire__prorata_premiere_annee_en_jours_depuis_la_mise_en_service():
    """Mise en service le 15 avril : 16 jours d'avril (15 compris) + 8 mois = 256 jours sur 360."""
    plan = plan_amortissement("12 000", dt.date(2026, 4, 15), 4)
    assert plan["annuite"].iloc[0] == Decimal("2133.33")  # 3 000 × 256 / 360
    assert plan["annuite"].iloc[-1] == Decimal("866.67")  # 3 000 × 104 / 360, le complément
    assert plan["exercice"].tolist() == [2026, 2027, 2028, 2029, 2030]


def test_plan_lineaire__mise_en_service_le_premier_jour_de_l_exercice__duree_exercices_pleins():
    plan = plan_amortissement("10 000", dt.date(2026, 1, 1), 4)
    assert _montants(plan["annuite"]) == [Decimal("2500.00")] * 4
    assert _montants(plan["vnc"]) == [Decimal(v) for v in ("7500", "5000", "2500", "0")]


def test_plan_lineaire__derniere_annuite_absorbe_l_arrondi():
    plan = plan_amortissement("1 000", dt.date(2026, 1, 1), 3)
    assert _montants(plan["annuite"]) == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert plan["taux"].iloc[0] == Decimal("0.333333")


def test_plan_lineaire__valeur_residuelle_et_convention_exacte():
    plan = plan_amortissement(
        "12 000", dt.date(2026, 4, 15), 4, valeur_residuelle="2 000", convention="exact"
    )
    assert plan["base"].iloc[0] == Decimal("10000.00")
    assert plan["annuite"].iloc[0] == Decimal("1787.67")  # 2 500 × 261 / 365
    assert plan["vnc"].iloc[-1] == Decimal("2000.00")


def test_plan_lineaire__exercice_decale_clos_le_30_juin():
    plan = plan_amortissement("12 000", dt.date(2025, 10, 1), 4, fin_exercice=(30, 6))
    assert plan["exercice"].tolist() == [2026, 2027, 2028, 2029, 2030]
    assert plan["annuite"].iloc[0] == Decimal("2250.00")  # 9 mois du 01/10/2025 au 30/06/2026


def test_jours_prorata__conventions():
    debut, fin = dt.date(2026, 10, 10), dt.date(2026, 12, 31)
    assert jours_prorata(debut, fin) == 81
    assert jours_prorata(debut, fin, "30/360 jour exclu") == 80
    assert jours_prorata(debut, fin, "exact") == 83
    assert jours_prorata(dt.date(2026, 2, 28), dt.date(2026, 2, 28)) == 1
    assert jours_prorata(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 360


def test_convention_par_defaut__regle_datee_du_cours():
    r = regles.regle("immobilisations.lineaire.convention_jours", dt.date(2026, 1, 1))
    assert r.valeur == "30/360" and "CONVENTION D'ENSEIGNEMENT" in r.libelle
    assert plan_amortissement("3 600", dt.date(2026, 4, 15), 1).attrs["convention"] == "30/360"


# ---------------------------------------------------------------------- dégressif
def test_plan_degressif__premiere_annee_en_mois_entiers_depuis_le_1er_du_mois_d_acquisition():
    """Acquis le 31 mars ou le 1er mars : même première annuité (10 mois)."""
    premier = plan_amortissement("10 000", dt.date(2026, 3, 1), 5, "degressif")
    dernier_jour = plan_amortissement("10 000", dt.date(2026, 3, 31), 5, "degressif")
    assert premier["annuite"].iloc[0] == dernier_jour["annuite"].iloc[0] == Decimal("2916.67")


def test_plan_degressif__bascule_en_lineaire():
    plan = plan_amortissement("8 000", dt.date(2026, 1, 1), 4, "degressif")
    # 31,25 % la première année ; dès la 2e, 1/3 = 33,33 % sur la VNC dépasse 31,25 %.
    assert plan.attrs["bascule"] == 2027
    assert _montants(plan["annuite"]) == [Decimal(a) for a in ("2500.00", "1833.33", "1833.33", "1833.34")]
    assert [x.normalize() for x in plan["taux"]] == [
        Decimal("0.3125"),
        Decimal("0.333333"),
        Decimal("0.5"),
        1,
    ]


def test_plan_degressif__coefficients_par_duree_regles_datees():
    jour = dt.date(2026, 6, 1)
    assert [coefficient_degressif(d, jour) for d in (3, 4, 5, 6, 7, 10)] == [
        Decimal(c) for c in ("1.25", "1.25", "1.75", "1.75", "2.25", "2.25")
    ]
    # Avant les années des données : la règle de 2025 s'applique, en vigueur depuis 2010.
    assert coefficient_degressif(5, dt.date(2022, 3, 1)) == Decimal("1.75")
    with pytest.raises(regles.RegleInconnue):
        coefficient_degressif(5, dt.date(2009, 3, 1))  # majoration temporaire 2008-2009 non reprise


def test_plan_derogatoire__dotations_puis_reprises_jusqu_a_zero():
    eco = plan_amortissement("10 000", dt.date(2026, 4, 15), 5)
    fis = plan_amortissement("10 000", dt.date(2026, 4, 15), 5, "degressif")
    d = plan_derogatoire(eco, fis)
    assert d["exercice"].tolist() == list(range(2026, 2032))
    assert d["dotation"].iloc[0] == Decimal("1202.78")  # 2 625,00 − 1 422,22
    assert sum(_montants(d["dotation"])) == sum(_montants(d["reprise"]))
    assert d["cumul"].iloc[-1] == 0 and min(_montants(d["cumul"])) >= 0


# ---------------------------------------------------------------------- unités d'œuvre
def test_plan_unites_d_oeuvre__annuites_proportionnelles():
    plan = plan_amortissement("50 000", dt.date(2026, 3, 1), 4, "unites_oeuvre", unites=[10, 40, 30, 20])
    assert _montants(plan["annuite"]) == [Decimal(a) for a in ("5000", "20000", "15000", "10000")]


# ---------------------------------------------------------------------- propriétés
DATES = st.dates(dt.date(2010, 1, 1), dt.date(2026, 12, 31))
BASES = st.integers(1, 10**9).map(lambda c: Decimal(c).scaleb(-2))
FINS = st.sampled_from([(31, 12), (30, 6), (31, 3), (30, 9), (28, 2)])


def _verifier_invariants(plan, base, residuelle=Decimal(0)):
    annuites, vnc = _montants(plan["annuite"]), _montants(plan["vnc"])
    assert sum(annuites) == base - residuelle
    assert all(a >= 0 for a in annuites)
    assert all(v >= residuelle for v in vnc)
    assert vnc[-1] == residuelle
    assert _montants(plan["cumul"]) == [base - v for v in vnc]
    exercices = plan["exercice"].tolist()
    assert exercices == list(range(exercices[0], exercices[0] + len(exercices)))


@settings(max_examples=300, deadline=None)
@given(BASES, DATES, st.integers(1, 15), FINS, st.sampled_from(["30/360", "30/360 jour exclu", "exact"]))
def test_propriete__plan_lineaire_somme_des_annuites_et_vnc_positive(base, debut, duree, fin, convention):
    plan = plan_amortissement(base, debut, duree, fin_exercice=fin, convention=convention)
    _verifier_invariants(plan, base)
    assert len(plan) in (duree, duree + 1)


@settings(max_examples=300, deadline=None)
@given(BASES, DATES, st.integers(3, 15), FINS)
def test_propriete__plan_degressif_somme_des_annuites_et_vnc_positive(base, debut, duree, fin):
    plan = plan_amortissement(base, debut, duree, "degressif", fin)
    _verifier_invariants(plan, base)
    assert len(plan) == duree and plan.attrs["bascule"] is not None


@settings(max_examples=200, deadline=None)
@given(BASES, st.integers(0, 99), DATES, st.integers(1, 12))
def test_propriete__valeur_residuelle_atteinte(base, pourcentage, debut, duree):
    residuelle = (base * pourcentage / 100).quantize(Decimal("0.01"))
    if residuelle >= base:
        return
    _verifier_invariants(
        plan_amortissement(base, debut, duree, valeur_residuelle=residuelle), base, residuelle
    )


@settings(max_examples=200, deadline=None)
@given(BASES, DATES, st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(any))
def test_propriete__plan_unites_d_oeuvre(base, debut, unites):
    _verifier_invariants(plan_amortissement(base, debut, len(unites), "unites_oeuvre", unites=unites), base)


@settings(max_examples=150, deadline=None)
@given(BASES, DATES, st.integers(3, 10), st.integers(0, 3000))
def test_propriete__cession_ecritures_equilibrees_et_vnc_positive(base, debut, duree, jours):
    bien = Immobilisation("B1", "Bien", "2154", base, debut, duree=duree, mode_fiscal="degressif")
    date = debut + dt.timedelta(days=jours)
    chiffres = calcul_cession(bien, date, "100")
    assert Decimal(0) <= chiffres.vnc <= base
    assert chiffres.resultat == Decimal("100.00") - chiffres.vnc
    ecritures = cession(bien, date, "100")
    assert all(e.total_debit == e.total_credit for e in ecritures)
    solde_145 = sum(
        (l.credit - l.debit for e in ecritures for l in e.lignes if l.compte == "145"), Decimal(0)
    )
    assert solde_145 == -chiffres.derogatoire_repris + chiffres.derogatoire_exercice


# ---------------------------------------------------------------------- erreurs de saisie
@pytest.mark.parametrize(
    ("appel", "erreur", "extrait"),
    [
        (lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 0), DureeInvalide, "au moins 1"),
        (lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), -2), DureeInvalide, "nombre entier"),
        (
            lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 2, "degressif"),
            DegressifNonEligible,
            "au moins 3 ans (CGI, art. 39 A, 1)",
        ),
        (
            lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 5, "accelere"),
            ModeInconnu,
            "« lineaire »",
        ),
        (
            lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 5, convention="365"),
            ModeInconnu,
            "« 30/360 »",
        ),
        (
            lambda: plan_amortissement(1000.0, dt.date(2026, 1, 1), 5),
            ImmobilisationInvalide,
            "virgule flottante",
        ),
        (
            lambda: plan_amortissement("0", dt.date(2026, 1, 1), 5),
            ImmobilisationInvalide,
            "strictement positif",
        ),
        (
            lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 5, valeur_residuelle="1 000"),
            ImmobilisationInvalide,
            "rien à amortir",
        ),
        (
            lambda: plan_amortissement("1 000", dt.date(2026, 1, 1), 5, fin_exercice=(31, 13)),
            ImmobilisationInvalide,
            "(31, 12) ou (30, 6)",
        ),
        (lambda: plan_amortissement("1 000", "32/13/2026", 5), DatesIncoherentes, "JJ/MM/AAAA"),
        (
            lambda: Immobilisation("M1", "Presse", "2154", "1 000", dt.date(2026, 5, 1), dt.date(2026, 4, 1)),
            DatesIncoherentes,
            "la mise en service (01/04/2026) précède l'acquisition (01/05/2026)",
        ),
        (
            lambda: Immobilisation("M1", "Stock", "37", "1 000", dt.date(2026, 5, 1)),
            ImmobilisationInvalide,
            "n'est pas un compte d'immobilisation",
        ),
        (
            lambda: Immobilisation(
                "M1", "PC", "2183", "900", dt.date(2026, 5, 1), duree=2, mode_fiscal="degressif"
            ),
            DegressifNonEligible,
            "Amortissez-le en linéaire",
        ),
    ],
    ids=[
        "duree_nulle",
        "duree_negative",
        "degressif_moins_de_3_ans",
        "mode_inconnu",
        "convention_inconnue",
        "float_refuse",
        "base_nulle",
        "residuelle_trop_forte",
        "fin_exercice",
        "date_illisible",
        "mise_en_service_avant_acquisition",
        "compte_hors_immobilisations",
        "degressif_fiscal_2_ans",
    ],
)
def test_erreur_de_saisie__message_francais(appel, erreur, extrait):
    with pytest.raises(erreur) as exc:
        appel()
    assert isinstance(exc.value, compta_kernel.ErreurComptable)
    assert extrait in str(exc.value)


def test_cession__avant_l_acquisition_ou_bien_deja_sorti():
    bien = Immobilisation("MAT01", "Presse", "2154", "10 000", dt.date(2026, 5, 1))
    with pytest.raises(CessionInvalide, match="cession du 30/04/2026, avant l'acquisition du 01/05/2026"):
        cession(bien, dt.date(2026, 4, 30), "1 000")
    with pytest.raises(
        CessionInvalide, match="Le prix de cession vaut -5,00\xa0€ : il doit être positif ou nul"
    ):
        bien.ceder(dt.date(2026, 6, 1), "-5")
    sorti = bien.mettre_au_rebut(dt.date(2026, 9, 1))
    with pytest.raises(CessionInvalide, match="sorti du patrimoine le 01/09/2026"):
        sorti.ceder(dt.date(2026, 10, 1), "100")


def test_fichier__code_en_double_et_code_inconnu():
    bien = Immobilisation("MAT01", "Presse", "2154", "10 000", dt.date(2026, 5, 1))
    with pytest.raises(ImmobilisationInvalide, match="Code.* en double .*MAT01"):
        FichierImmobilisations((bien, bien))
    with pytest.raises(ImmobilisationInconnue, match="Aucune immobilisation « XX01 »"):
        FichierImmobilisations((bien,))["XX01"]


def test_depreciation__superieure_a_la_vnc_refusee():
    bien = Immobilisation("MAT01", "Presse", "2154", "10 000", dt.date(2026, 1, 1))
    with pytest.raises(ImmobilisationInvalide, match="dépasse la valeur nette comptable"):
        bien.deprecier(dt.date(2026, 12, 31), "9 000")  # VNC 8 000 après la dotation 2026


# ---------------------------------------------------------------------- écritures
def test_cession__comptes_du_pcg_2025_657_757_jamais_675_775():
    bien = Immobilisation("LOG01", "Logiciel", "205", "6 000", dt.date(2025, 1, 1), duree=3)
    ecritures = cession(bien, dt.date(2026, 3, 31), "1 500")
    comptes = {l.compte for e in ecritures for l in e.lignes}
    assert {"68111", "2805", "657", "757", "462", "205"} <= comptes
    assert not comptes & {"675", "775", "6811", "68112"}
    for e in ecritures:
        for ligne in e.lignes:
            compta_kernel.pcg.compte(ligne.compte)  # tous valides au PCG 2025


def test_mise_au_rebut__sans_prix_ni_creance():
    bien = Immobilisation("MAT01", "Presse", "2154", "10 000", dt.date(2022, 1, 1), duree=4)
    ecritures = cession(bien, dt.date(2026, 2, 1), "0")
    assert [l.compte for e in ecritures for l in e.lignes] == ["28154", "2154"]  # totalement amorti


def test_cession__bien_deprecie__reprise_de_la_depreciation():
    """Calculé à la main : 10 000 € sur 5 ans, 2 000 € en 2025, dépréciation de 1 000 € au 31/12/2025 :
    plan révisé, (10 000 - 2 000 - 1 000) / 4 = 1 750 € en 2026 ; cumul 3 750 €, valeur comptable
    6 250 €, VNC 5 250 €, cédé 5 000 € : moins-value de 250 €."""
    bien = Immobilisation("MAT01", "Presse", "2154", "10 000", dt.date(2025, 1, 1), duree=5).deprecier(
        dt.date(2025, 12, 31), "1 000"
    )
    chiffres = calcul_cession(bien, dt.date(2026, 12, 31), "5 000")
    assert chiffres.complement == Decimal("1750.00")
    assert chiffres.vnc == Decimal("5250.00") and chiffres.resultat == Decimal("-250.00")
    sortie = cession(bien, dt.date(2026, 12, 31), "5 000")[1]
    assert [(l.compte, l.debit, l.credit) for l in sortie.lignes] == [
        ("28154", Decimal("3750.00"), 0),
        ("29154", Decimal("1000.00"), 0),
        ("657", Decimal("6250.00"), 0),
        ("2154", 0, Decimal("10000.00")),
        ("78162", 0, Decimal("1000.00")),
    ]


def test_cession__degressif_complement_en_mois_entiers_avant_le_mois_de_cession():
    bien = Immobilisation(
        "MAT01", "Presse", "2154", "10 000", dt.date(2026, 4, 15), mode="degressif", duree=5
    )
    # 2027 : annuité 2 581,25 ; cession le 20 mai : janvier à avril, 4 mois.
    assert calcul_cession(bien, dt.date(2027, 5, 20), "1").complement == Decimal("860.42")


def test_ecritures_dotations__od_a_la_cloture_avec_derogatoire():
    fichier = FichierImmobilisations(
        (
            Immobilisation(
                "MAT01", "Presse", "2154", "10 000", dt.date(2026, 4, 15), duree=5, mode_fiscal="degressif"
            ),
        )
    )
    (e,) = fichier.ecritures_dotations(2026)
    assert (e.journal, e.date, e.piece) == ("OD", dt.date(2026, 12, 31), "DOT2026-MAT01")
    assert [(l.compte, l.debit, l.credit) for l in e.lignes] == [
        ("68112", Decimal("1422.22"), 0),
        ("28154", 0, Decimal("1422.22")),
        ("68725", Decimal("1202.78"), 0),
        ("145", 0, Decimal("1202.78")),
    ]
    (reprise,) = fichier.ecritures_dotations(2028)
    assert [l.compte for l in reprise.lignes] == ["68112", "28154", "145", "78725"]


# ---------------------------------------------------------------------- tableaux de l'annexe
def _fichier_2026() -> FichierImmobilisations:
    return FichierImmobilisations(
        (
            Immobilisation("MAT01", "Presse", "2154", "30 000", dt.date(2023, 4, 15), duree=5).ceder(
                dt.date(2026, 6, 30), "9 000"
            ),
            Immobilisation("MAT02", "Tour", "2154", "18 000", dt.date(2024, 1, 1), duree=6),
            Immobilisation("INF01", "Serveur", "2183", "4 800", dt.date(2026, 4, 1), duree=4),
            Immobilisation("VEH01", "Camion", "2182", "36 000", dt.date(2024, 10, 1), duree=6).deprecier(
                dt.date(2025, 12, 31), "2 000"
            ),
        )
    )


def test_tableau_des_immobilisations__ouverture_mouvements_cloture():
    t = _fichier_2026().tableau_immobilisations(2026)
    ligne = t.set_index("compte").loc["2154"]
    assert (
        ligne.valeur_brute_ouverture,
        ligne.augmentations,
        ligne.diminutions,
        ligne.valeur_brute_cloture,
    ) == (Decimal(48000), 0, Decimal(30000), Decimal(18000))
    assert t.attrs["concordance"] and t.attrs["total_valeur_brute_cloture"] == Decimal("58800.00")


def test_tableau_des_amortissements__dotations_et_sorties():
    t = _fichier_2026().tableau_amortissements(2026).set_index("compte")
    # 2154 : MAT01 16 266,67 + MAT02 6 000 à l'ouverture ; dotations 3 000 (complément) + 3 000.
    assert t.loc["2154", "amortissements_ouverture"] == Decimal("22266.67")
    assert t.loc["2154", "dotations"] == Decimal("6000.00")
    assert t.loc["2154", "diminutions"] == Decimal("19266.67")
    assert t.loc["2154", "amortissements_cloture"] == Decimal("9000.00")
    assert t.loc["2183", "dotations"] == Decimal("900.00")


def test_tableau_des_depreciations():
    t = _fichier_2026().tableau_depreciations(2026).set_index("compte")
    assert t.loc["2182", "depreciations_ouverture"] == t.loc["2182", "depreciations_cloture"] == Decimal(2000)
    assert t.attrs["concordance"]


# ---------------------------------------------------------------------- contrôle
JOURNAL_2026 = """
2026-01-01 AN AN À-nouveaux
  28154    -         22266.67
  28182    -          7500.00
  29182    -          2000.00
  2154     48000.00  -
  2182     36000.00  -
  101      -         52233.33
2026-06-30 OD CES-MAT01 Complément de dotation MAT01
  68112     3000.00  -
  28154    -          3000.00
2026-06-30 OD CES-MAT01 Sortie de l'actif MAT01
  28154    19266.67  -
  657      10733.33  -
  2154     -         30000.00
2026-12-31 OD DOT2026-MAT02 Dotation MAT02 Tour
  68112     3000.00  -
  28154    -          3000.00
2026-12-31 OD DOT2026-INF01 Dotation INF01 Serveur
  68112     1200.00  -
  28183    -          1200.00
"""


def test_controle__dotation_sans_prorata_et_dotation_oubliee():
    fichier = _fichier_2026()
    livre = livre_depuis_texte(JOURNAL_2026)
    anomalies = fichier.controler(livre)
    dotations = anomalies[anomalies["controle"] == "dotation"].set_index("immobilisation")
    assert set(dotations.index) == {"INF01", "VEH01"}
    assert dotations.loc["INF01", "attendu"] == Decimal("900.00")
    assert "prorata temporis" in dotations.loc["INF01", "message"]
    assert "non comptabilisée" in dotations.loc["VEH01", "message"]
    assert (dotations["exercice"] == 2026).all()
    assert "total 6811" in set(anomalies["controle"])
    assert not anomalies.attrs["conforme"]


def test_controle__a_nouveau_faux_attribue_a_l_exercice_precedent():
    fichier = _fichier_2026()
    livre = livre_depuis_texte(
        JOURNAL_2026.replace("28154    -         22266.67", "28154    -         21266.67").replace(
            "101      -         52233.33", "101      -         53233.33"
        )
    )
    anomalies = fichier.controler(livre)
    ouverture = anomalies[anomalies["controle"] == "à-nouveau"]
    assert ouverture["compte"].tolist() == ["28154"] and ouverture["exercice"].tolist() == [2025]


def test_controle__livre_conforme():
    fichier = _fichier_2026()
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for e in livre_depuis_texte(JOURNAL_2026.split("2026-06-30")[0]).ecritures():
        livre.passer(e)
    for e in cession(Immobilisation(**_sans_historique(fichier["MAT01"])), dt.date(2026, 6, 30), "9 000"):
        livre.passer(e)
    for e in fichier.ecritures_dotations(2026):
        livre.passer(e)
    anomalies = fichier.controler(livre)
    assert anomalies.attrs["conforme"], anomalies["message"].tolist()


def _sans_historique(bien: Immobilisation) -> dict:
    return {
        "code": bien.code,
        "libelle": bien.libelle,
        "compte": bien.compte,
        "cout": bien.cout,
        "date_acquisition": bien.date_acquisition,
        "duree": bien.duree,
    }


def test_api_publique__importable_depuis_compta_kernel():
    for nom in (
        "plan_amortissement",
        "cession",
        "Immobilisation",
        "FichierImmobilisations",
        "plan_derogatoire",
    ):
        assert hasattr(compta_kernel, nom) and nom in compta_kernel.__all__


def test_immobilisation_decomposee__structure_et_composants_amortis_chacun_sur_sa_duree():
    batiment = Immobilisation(
        "BAT1",
        "Atelier",
        "2131",
        "300 000",
        dt.date(2026, 1, 1),
        duree=30,
        composants=(Composant("Toiture", "60 000", 15), Composant("Chauffage", "30 000", 10)),
    )
    plan = batiment.plan()
    assert plan["annuite"].iloc[0] == Decimal("7000.00") + Decimal("4000.00") + Decimal("3000.00")
    assert plan["exercice"].tolist() == list(range(2026, 2056))
    _verifier_invariants(plan, Decimal("300000.00"))
    # Cédé le 30 juin : chaque partie amortie sur 180 jours (3 500 + 2 000 + 1 500).
    assert calcul_cession(batiment, dt.date(2026, 6, 30), "290 000").complement == Decimal("7000.00")


def test_terrain_non_amortissable__au_tableau_des_immobilisations_sans_amortissement():
    fichier = FichierImmobilisations(
        (Immobilisation("TER1", "Terrain", "2111", "80 000", dt.date(2026, 3, 1), mode="non_amortissable"),)
    )
    assert fichier.tableau_immobilisations(2026)["augmentations"].iloc[0] == Decimal(80000)
    assert fichier.tableau_amortissements(2026)["dotations"].iloc[0] == 0
    assert fichier.plan("TER1").empty


# ---------------------------------------------------------------------- révision du plan après dépréciation
def test_plan_revise__depreciation__vnc_depreciee_sur_la_duree_restante():
    """apprendre-la-gestion.com, « Les dépréciations » et « Les reprises sur dépréciations » : machine de
    50 000 € sur 5 ans, 10 000 € par an ; dépréciation de 5 000 € à la fin de N+2 : VNC 15 000 € amortie
    sur les 2 ans restants, 7 500 € par an."""
    machine = Immobilisation("MAT01", "Machine", "2154", "50 000", dt.date(2022, 1, 1), duree=5)
    plan = machine.deprecier(dt.date(2024, 12, 31), "5 000").plan()
    assert _montants(plan["annuite"]) == [Decimal(x) for x in ("10000", "10000", "10000", "7500", "7500")]
    assert _montants(plan["base"])[3:] == [Decimal(15000)] * 2
    assert _montants(plan["vnc"]) == [Decimal(x) for x in ("40000", "30000", "15000", "7500", "0")]
    assert plan.attrs["revisions"] == [{"exercice": 2024, "base": Decimal("15000.00"), "jours_restants": 720}]
    assert machine.plan_initial()["annuite"].tolist() == machine.plan()["annuite"].tolist()


def test_plan_revise__duree_restante_non_entiere_en_jours():
    """compta-online.com, « Suivi ultérieur de la dépréciation des immobilisations » : bâtiment de
    200 000 € acquis le 01/07/N-4, 20 ans ; 45 000 € amortis fin N, dépréciation de 5 000 € : nouvelle
    base 150 000 € sur la durée résiduelle de 15,5 ans (5 580 jours en 30/360) : 9 677,42 € par an."""
    batiment = Immobilisation("BAT1", "Bâtiment", "2131", "200 000", dt.date(2021, 7, 1), duree=20)
    batiment = batiment.deprecier(dt.date(2025, 12, 31), "5 000")
    assert batiment.amortissements_au(dt.date(2025, 12, 31)) == Decimal("45000.00")
    plan = batiment.plan()
    assert plan.attrs["revisions"][0]["jours_restants"] == 5580
    assert set(_montants(plan["annuite"])[5:-1]) == {Decimal("9677.42")}
    assert _montants(plan["annuite"])[-1] == Decimal(150000) - 15 * Decimal("9677.42")
    assert plan["vnc"].iloc[-1] == 0
    # Cédé le 30/06/2026 : complément de 180 jours sur la base révisée, 150 000 × 180 / 5 580.
    assert calcul_cession(batiment, dt.date(2026, 6, 30), "100 000").complement == Decimal("4838.71")


def test_reprise_depreciation__plafonnee_a_la_vnc_du_plan_d_origine():
    """RF Comptable, « Immobilisations » (illustration 7) : machine de 100 acquise le 01/01/N-2, 4 ans ;
    dépréciation de 20 au 31/12/N-1 (VNC 30, puis 15 par an) ; au 31/12/N la VNC sans dépréciation aurait
    été de 25 : la reprise est plafonnée à 25 - 15 = 10, puis 25 amortis en N+1."""
    machine = Immobilisation("MAT1", "Machine", "2154", "100 000", dt.date(2023, 1, 1), duree=4)
    machine = machine.deprecier(dt.date(2024, 12, 31), "20 000")
    assert _montants(machine.plan()["annuite"])[2:] == [Decimal(15000)] * 2
    with pytest.raises(ImmobilisationInvalide, match="la reprise est limitée à 10\u202f000,00"):
        machine.reprendre_depreciation(dt.date(2025, 12, 31), "15 000")
    reprise = machine.reprendre_depreciation(dt.date(2025, 12, 31), "10 000")
    plan = reprise.plan()
    assert _montants(plan["annuite"]) == [Decimal(x) for x in ("25000", "25000", "15000", "25000")]
    assert _montants(plan["vnc"]) == [Decimal(x) for x in ("75000", "30000", "25000", "0")]
    assert len(plan.attrs["revisions"]) == 2


def test_plan_revise__degressif_et_unites_d_oeuvre():
    """Calculé à la main. Dégressif : 10 000 € acquis le 01/01/2026, 5 ans, taux 35 % : 3 500 € en 2026 ;
    dépréciation de 1 500 € → base 5 000 €, 2027 : 35 % = 1 750 €, 2028 : 1 137,50 €, puis linéaire sur
    2 ans : 1 056,25 € deux fois. Unités d'œuvre : 12 000 € pour 1 000 / 3 000 / 2 000 unités ; 2 000 € en
    2026, dépréciation de 4 000 € → 6 000 € répartis 3 000 / 2 000 : 3 600 € et 2 400 €."""
    degressif = Immobilisation("MAT1", "Presse", "2154", "10 000", dt.date(2026, 1, 1), mode="degressif")
    plan = degressif.deprecier(dt.date(2026, 12, 31), "1 500").plan()
    assert _montants(plan["annuite"]) == [
        Decimal(x) for x in ("3500", "1750", "1137.50", "1056.25", "1056.25")
    ]
    assert plan["vnc"].iloc[-1] == 0
    unites = Immobilisation(
        "VEH1",
        "Camion",
        "2182",
        "12 000",
        dt.date(2026, 1, 1),
        mode="unites_oeuvre",
        duree=3,
        unites=(1000, 3000, 2000),
    )
    plan = unites.deprecier(dt.date(2026, 12, 31), "4 000").plan()
    assert _montants(plan["annuite"]) == [Decimal(x) for x in ("2000", "3600", "2400")]


@settings(max_examples=150, deadline=None)
@given(BASES, DATES, st.integers(2, 12), st.integers(0, 3), st.integers(1, 99), FINS)
def test_propriete__plan_revise_finit_a_zero_et_vnc_jamais_negative(base, debut, duree, rang, pourcent, fin):
    bien = Immobilisation("B1", "Bien", "2154", base, debut, duree=duree)
    annees = bien.plan(fin)["exercice"].tolist()
    annee = annees[min(rang, len(annees) - 1)]
    cloture = immobilisations.date_cloture(annee, fin)
    vnc = base - bien.amortissements_au(cloture, fin)
    depreciation = (vnc * pourcent / 100).quantize(Decimal("0.01"))
    if depreciation <= 0:
        return
    plan = bien.deprecier(cloture, depreciation).plan(fin)
    annuites, vncs = _montants(plan["annuite"]), _montants(plan["vnc"])
    assert sum(annuites) == base - depreciation
    assert all(a >= 0 for a in annuites) and all(v >= 0 for v in vncs)
    assert vncs[-1] == 0 or annee == annees[-1]
    assert (
        annuites[: annees.index(annee) + 1] == _montants(bien.plan(fin)["annuite"])[: annees.index(annee) + 1]
    )


def test_depreciation__bien_decompose_refuse():
    batiment = Immobilisation(
        "BAT1",
        "Atelier",
        "2131",
        "300 000",
        dt.date(2026, 1, 1),
        duree=30,
        composants=(Composant("Toiture", "60 000", 15),),
    )
    with pytest.raises(ImmobilisationInvalide, match="décomposé"):
        batiment.deprecier(dt.date(2026, 12, 31), "1 000")


def test_tableau_des_depreciations__concorde_avec_les_ecritures_et_l_historique():
    """Dotations du tableau = 6816 des écritures ; reprises = 7816 des écritures et des sorties."""
    camion = Immobilisation("VEH01", "Camion", "2182", "36 000", dt.date(2024, 10, 1), duree=6)
    camion = camion.deprecier(dt.date(2025, 12, 31), "2 000").reprendre_depreciation(
        dt.date(2026, 12, 31), "500"
    )
    presse = Immobilisation("MAT01", "Presse", "2154", "30 000", dt.date(2023, 4, 15), duree=5)
    presse = presse.deprecier(dt.date(2025, 12, 31), "1 000")
    tour = Immobilisation("MAT02", "Tour", "2154", "18 000", dt.date(2024, 1, 1), duree=6)
    tour = tour.deprecier(dt.date(2026, 6, 30), "800")
    fichier = FichierImmobilisations((camion, presse.mettre_au_rebut(dt.date(2026, 9, 30)), tour))
    t = fichier.tableau_depreciations(2026).set_index("compte")
    assert t.attrs["concordance"]
    assert t.loc["2154", "depreciations_ouverture"] == Decimal(1000)
    assert t.loc["2154", "dotations"] == Decimal(800)
    assert t.loc["2154", "reprises"] == Decimal(1000)  # dépréciation de la presse mise au rebut
    assert t.loc["2182", "reprises"] == Decimal(500)
    assert t.loc["2182", "depreciations_cloture"] == Decimal(1500)
    ecritures = fichier.ecritures_depreciations(2026) + cession(presse, dt.date(2026, 9, 30), 0)

    def total(prefixe, sens):
        return sum((getattr(l, sens) for e in ecritures for l in e.lignes if l.compte.startswith(prefixe)), 0)

    assert total("6816", "debit") == t.attrs["total_dotations"]
    assert total("7816", "credit") == t.attrs["total_reprises"]
    historique = fichier.historique()
    assert historique["nature"].tolist() == [
        "acquisition",
        "acquisition",
        "acquisition",
        "depreciation",
        "depreciation",
        "depreciation",
        "mise_au_rebut",
        "reprise_depreciation",
    ]
    assert historique["code"].tolist()[3:5] == ["MAT01", "VEH01"]


def test_controle__bien_deprecie__dotation_revisee_attendue():
    """Le contrôle attend la dotation du plan révisé : l'annuité d'origine est signalée."""
    fichier = FichierImmobilisations(
        (
            Immobilisation("MAT1", "Machine", "2154", "50 000", dt.date(2023, 1, 1), duree=5).deprecier(
                dt.date(2025, 12, 31), "5 000"
            ),
        )
    )
    texte = """
2026-01-01 AN AN À-nouveaux
  28154    -         30000.00
  29154    -          5000.00
  2154     50000.00  -
  101      -         15000.00
2026-12-31 OD DOT2026-MAT1 Dotation MAT1
  68112    10000.00  -
  28154    -         10000.00
"""
    anomalies = fichier.controler(livre_depuis_texte(texte))
    dotation = anomalies[anomalies["controle"] == "dotation"]
    assert dotation["attendu"].tolist() == [Decimal("7500.00")]
    assert (
        "annuité du plan d'origine : après une dépréciation, le plan est révisé"
        in dotation["message"].iloc[0]
    )
    livre = livre_depuis_texte(texte.replace("10000.00", "7500.00"))
    assert fichier.controler(livre).attrs["conforme"]


# ---------------------------------------------------------------------- dégressif : exercice de cession
def _bien_fiscal_degressif() -> Immobilisation:
    return Immobilisation(
        "MAT1", "Presse", "2154", "10 000", dt.date(2026, 4, 15), duree=5, mode_fiscal="degressif"
    )


def test_degressif_exercice_de_cession__regle_datee_avec_source():
    for annee in (2025, 2026):
        r = regles.regle("immobilisations.degressif.annuite_exercice_cession", dt.date(annee, 6, 30))
        assert r.valeur == "nulle" and "BOI-BIC-AMT-20-20-30" in r.source and "NON CONFIRMÉ" in r.source
    assert immobilisations.annuite_degressive_exercice_cession(dt.date(2030, 1, 1)) == "nulle"


def test_degressif_exercice_de_cession__pas_d_annuite_fiscale_derogatoire_repris():
    """Calculé à la main. 10 000 € acquis le 15/04/2026, 5 ans ; comptable linéaire : 1 422,22 € (256 j),
    2 000 € ; fiscal dégressif 35 % : 2 625 €, 2 581,25 € ; dérogatoire fin 2027 : 1 784,03 €. Cédé le
    30/06/2028 : complément comptable 1 000 € (180 j) ; annuité dégressive de l'exercice de cession
    nulle (doctrine, BOI-BIC-AMT-20-20-30) : reprise de 1 000 € pour l'exercice, puis du solde, 784,03 €."""
    bien = _bien_fiscal_degressif()
    sorti = bien.ceder(dt.date(2028, 6, 30), "5 000")
    assert sorti.dotations_fiscales() == {
        2026: Decimal("2625.00"),
        2027: Decimal("2581.25"),
        2028: Decimal(0),
    }
    chiffres = sorti.calcul_sortie()
    assert chiffres.complement == Decimal("1000.00")
    assert chiffres.derogatoire_exercice == Decimal("-1000.00")
    assert chiffres.derogatoire_repris == Decimal("784.03")
    ecritures = cession(bien, dt.date(2028, 6, 30), "5 000")
    repris = sum((l.credit for e in ecritures for l in e.lignes if l.compte == "78725"), Decimal(0))
    assert repris == Decimal("1784.03")  # tout le solde du 145 est repris à la sortie


def test_degressif_exercice_de_cession__regle_prorata_mois(monkeypatch):
    """Si la règle datée valait « prorata_mois » : 1 677,81 € × 5 / 12 = 699,09 € (janvier à mai)."""
    monkeypatch.setattr(immobilisations, "annuite_degressive_exercice_cession", lambda jour: "prorata_mois")
    sorti = _bien_fiscal_degressif().ceder(dt.date(2028, 6, 30), "5 000")
    assert sorti.dotations_fiscales()[2028] == Decimal("699.09")
    assert sorti.calcul_sortie().derogatoire_exercice == Decimal("-300.91")


def test_controle__depreciation_oubliee__solde_29_et_total_6816():
    """Dépréciation de 800 € du fichier absente du livre : le 29154 et le 6816 sont signalés."""
    fichier = FichierImmobilisations(
        (
            Immobilisation("MAT1", "Machine", "2154", "50 000", dt.date(2023, 1, 1), duree=5).deprecier(
                dt.date(2026, 12, 31), "800"
            ),
        )
    )
    texte = """
2026-01-01 AN AN À-nouveaux
  28154    -         30000.00
  2154     50000.00  -
  101      -         20000.00
2026-12-31 OD DOT2026-MAT1 Dotation MAT1
  68112    10000.00  -
  28154    -         10000.00
"""
    anomalies = fichier.controler(livre_depuis_texte(texte)).set_index("controle")
    assert anomalies.loc["solde dépréciation", "compte"] == "29154"
    assert anomalies.loc["solde dépréciation", "attendu"] == Decimal("800.00")
    assert anomalies.loc["total 6816", "comptabilise"] == 0
    complet = (
        texte + "2026-12-31 OD DEP2026-MAT1 Dépréciation MAT1\n  68162    800.00  -\n  29154    -    800.00\n"
    )
    assert fichier.controler(livre_depuis_texte(complet)).attrs["conforme"]
