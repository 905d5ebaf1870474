"""États de synthèse : balance après inventaire, bilan, compte de résultat, annexe, résultat fiscal."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import pandas as pd
import pytest
from aides import livre_depuis_texte
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, Ligne, Livre
from compta_kernel.cloture import (
    charge_a_payer,
    charge_constatee_avance,
    creance_douteuse,
    depreciation_creance,
    depreciation_stock,
    extourner_a_l_ouverture,
    passer_regularisations,
    produit_a_recevoir,
    produit_constate_avance,
    provision,
    variation_stocks,
)
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.etats_synthese import (
    BilanDesequilibre,
    EtatDeSyntheseInvalide,
    Vehicule,
    balance_apres_inventaire,
    bilan,
    compte_de_resultat,
    resultat_fiscal,
    tableau_provisions,
    tableau_regularisations,
)

D = Decimal
CLOTURE = dt.date(2026, 12, 31)

# Petite clôture calculée à la main (SARL fictive, exercice 2026) : à-nouveaux, opérations de l'année,
# puis inventaire. Résultat attendu : produits 61 000 − charges 56 500 = 4 500 ; bilan de 44 800.
_OPERATIONS = textwrap.dedent(
    """
    2026-01-01 AN AN À-nouveaux
      2154          12000,00
      28154         -         2400,00
      37             5000,00
      411 @DUPONT    2400,00
      512            9000,00
      101           -        20000,00
      164           -         6000,00
    2026-03-01 VT F1 Ventes de l'année
      411 @MARTIN   72000,00
      707           -        60000,00
      44571         -        12000,00
    2026-04-01 BQ R1 Encaissements clients
      512           66000,00
      411 @MARTIN   -        66000,00
    2026-02-01 AC A1 Achats de marchandises
      607           30000,00
      44566          6000,00
      401 @GROS     -        36000,00
    2026-05-01 BQ R2 Règlements fournisseurs
      401 @GROS     33000,00
      512           -        33000,00
    2026-06-01 BQ R3 Loyers de l'année
      613            6000,00
      512           -         6000,00
    2026-10-01 BQ R4 Assurance du 01/10/2026 au 30/09/2027
      616            1200,00
      512           -         1200,00
    2026-11-30 BQ R5 Salaires et charges sociales
      641           12000,00
      645            5000,00
      512           -        17000,00
    2026-12-15 BQ R6 Échéance d'emprunt
      164            2000,00
      661             300,00
      512           -         2300,00
    2026-12-20 BQ R7 Amende de stationnement
      6582            150,00
      512           -          150,00
    """
)


def _inventaire():
    return [
        charge_constatee_avance(
            "1 200", dt.date(2026, 10, 1), dt.date(2027, 9, 30), CLOTURE, compte="616", base="mois"
        ),
        charge_a_payer("6061", "250", taux_tva="0.20"),
        produit_a_recevoir("707", "1 000", taux_tva="0.20"),
        creance_douteuse("2 400", tiers="DUPONT"),
        depreciation_creance("2 400", taux_tva="0.20", taux_perte="0.50", tiers="DUPONT").regularisation,
        *variation_stocks("37", "5 000", "7 000"),
        depreciation_stock("37", "300"),
        provision("1511", "800"),
    ]


def _petite_cloture() -> Livre:
    livre = livre_depuis_texte(_OPERATIONS)
    passer_regularisations(livre, _inventaire())
    livre.passer(
        Ecriture(
            "SI",
            CLOTURE,
            "INV",
            "Dotation aux amortissements",
            (Ligne("6811", debit="2400"), Ligne("28154", credit="2400")),
        )
    )
    return livre


def _poste(df, poste, colonne):
    (valeur,) = df.loc[df["poste"] == poste, colonne]
    return valeur


# ---------------------------------------------------------------------- petite clôture complète
def test_petite_cloture__balance_apres_inventaire():
    """La balance après inventaire est équilibrée et compte les 10 écritures d'inventaire."""
    balance = balance_apres_inventaire(_petite_cloture())
    assert balance.attrs["equilibree"]
    assert balance.attrs["ecritures_inventaire"] == 10
    assert balance.attrs["resultat"] == D("4500.00")
    assert balance.attrs["titre"] == "Balance après inventaire"


def test_petite_cloture__compte_de_resultat():
    """Calcul à la main : exploitation 61 000 − 56 200 = 4 800 ; financier − 300 ; résultat 4 500."""
    cr = compte_de_resultat(_petite_cloture())
    attendus = {
        "Ventes de marchandises": "61000",
        "Achats de marchandises": "30000",
        "Variation de stocks (marchandises)": "-2000",
        "Autres achats et charges externes": "6550",
        "Salaires et traitements": "12000",
        "Charges sociales": "5000",
        "Dotations aux amortissements sur immobilisations": "2400",
        "Dotations aux dépréciations sur actif circulant": "1300",
        "Dotations aux provisions pour risques et charges": "800",
        "Autres charges": "150",
        "Intérêts et charges assimilées": "300",
    }
    for poste, montant in attendus.items():
        assert _poste(cr, poste, "montant") == D(montant), poste
    assert cr.attrs["resultat_exploitation"] == D("4800.00")
    assert cr.attrs["resultat_financier"] == D("-300.00")
    assert cr.attrs["resultat_courant_avant_impots"] == D("4500.00")
    assert cr.attrs["resultat"] == D("4500.00")
    assert cr.attrs["total_produits"] - cr.attrs["total_charges"] == cr.attrs["resultat"]


def test_petite_cloture__bilan_equilibre_et_resultat_du_compte_de_resultat():
    """Calcul à la main : actif 7 200 + 6 700 + 8 600 + 6 050 + 15 350 + 900 = 44 800 = passif ; le résultat
    du bilan égale celui du compte de résultat."""
    livre = _petite_cloture()
    b = bilan(livre)
    assert b.equilibre and b.total_actif == b.total_passif == D("44800.00")
    assert b.resultat == compte_de_resultat(livre).attrs["resultat"] == D("4500.00")
    actif = {
        "Installations techniques, matériel et outillage industriels": ("12000", "4800", "7200"),
        "Marchandises": ("7000", "300", "6700"),
        "Clients et comptes rattachés": ("9600", "1000", "8600"),
        "Autres créances": ("6050", "0", "6050"),
        "Disponibilités": ("15350", "0", "15350"),
        "Charges constatées d'avance": ("900", "0", "900"),
    }
    for poste, (brut, amort, net) in actif.items():
        ligne = b.actif[b.actif["poste"] == poste].iloc[0]
        assert (ligne["brut"], ligne["amortissements"], ligne["net"]) == (D(brut), D(amort), D(net)), poste
    passif = {
        "Capital": "20000",
        "Résultat de l'exercice (bénéfice ou perte)": "4500",
        "Provisions pour risques": "800",
        "Emprunts et dettes auprès des établissements de crédit": "4000",
        "Dettes fournisseurs et comptes rattachés": "3300",
        "Dettes fiscales et sociales": "12200",
    }
    for poste, montant in passif.items():
        assert _poste(b.passif, poste, "montant") == D(montant), poste
    assert set(b.postes_comptes["Clients et comptes rattachés"]) == {"411", "416", "4181", "491"}
    assert b.actif.attrs["totaux_sections"]["Actif circulant"] == D("36700.00")


def test_petite_cloture__depuis_la_balance():
    """Le bilan se calcule aussi depuis la balance (DataFrame), avec le même résultat."""
    livre = _petite_cloture()
    b = bilan(livre.balance())
    assert b.total_actif == D("44800.00") and b.date is None
    assert compte_de_resultat(livre.balance()).attrs["resultat"] == D("4500.00")


def test_petite_cloture__exercice_suivant_colonne_precedente_et_extournes():
    """N+1 : à-nouveaux, extournes (CCA, CAP, PAR), reprise de la provision ; la colonne N-1 du bilan
    reprend le bilan de N, l'état des provisions montre la reprise."""
    n = _petite_cloture()
    n.cloturer_exercice()
    n1 = n.a_nouveaux()
    assert len(extourner_a_l_ouverture(n, n1)) == 3
    passer_regularisations(n1, [provision("1511", "0", "800")], date=dt.date(2027, 12, 31))
    b1 = bilan(n1, precedent=n)
    b0 = bilan(n)
    assert list(b1.actif["net_precedent"]) == list(b0.actif["net"])
    assert list(b1.passif["montant_precedent"]) == list(b0.passif["montant"])
    assert b1.equilibre
    provisions = tableau_provisions(n1).set_index("comptes")
    assert tuple(provisions.loc["151", ["debut", "augmentations", "diminutions", "fin"]]) == (
        D("800.00"),
        D("0.00"),
        D("800.00"),
        D("0.00"),
    )
    cr1 = compte_de_resultat(n1, precedent=n)
    assert _poste(cr1, "Ventes de marchandises", "precedent") == D("61000.00")
    assert _poste(cr1, "Ventes de marchandises", "montant") == D("-1000.00")  # extourne du produit à recevoir


def test_annexe__provisions_et_regularisations():
    """État des provisions et détail des comptes de régularisation de la petite clôture."""
    livre = _petite_cloture()
    provisions = tableau_provisions(livre).set_index("comptes")
    assert provisions.loc["151", "fin"] == D("800.00")
    assert provisions.loc["39", "augmentations"] == D("300.00")
    assert provisions.loc["49", "fin"] == D("1000.00")
    regul = tableau_regularisations(livre)
    assert regul.attrs["totaux"] == {
        "Charges à payer": D("300.00"),
        "Produits à recevoir": D("1200.00"),
        "Charges constatées d'avance": D("900.00"),
        "Produits constatés d'avance": D("0.00"),
    }


# ---------------------------------------------------------------------- bilan déséquilibré
def test_bilan_desequilibre__compte_d_attente_nomme():
    """Un compte d'attente 471 non soldé ne correspond à aucun poste : l'erreur le nomme avec son solde."""
    livre = livre_depuis_texte(_OPERATIONS)
    livre.passer(
        Ecriture(
            "BQ", CLOTURE, "X", "Virement inconnu", (Ligne("512", debit="75"), Ligne("471", credit="75"))
        )
    )
    with pytest.raises(BilanDesequilibre, match="471") as erreur:
        bilan(livre)
    assert erreur.value.comptes == (("471", D("-75.00")),)
    assert "créditeur" in str(erreur.value)


def test_bilan_desequilibre__caisse_creditrice():
    """Une caisse créditrice est une anomalie : aucun poste ne l'accueille."""
    livre = livre_depuis_texte(_OPERATIONS)
    livre.passer(
        Ecriture(
            "CA", CLOTURE, "X", "Dépense en espèces", (Ligne("6064", debit="40"), Ligne("53", credit="40"))
        )
    )
    with pytest.raises(BilanDesequilibre, match="53 Caisse"):
        bilan(livre)


def test_bilan_desequilibre__balance_saisie_desequilibree():
    """Depuis une balance saisie qui ne s'équilibre pas, l'erreur donne l'écart de la balance."""
    balance = pd.DataFrame(
        {
            "compte": ["512", "101", "706"],
            "debit": [D("1000"), D("0"), D("0")],
            "credit": [D("0"), D("900"), D("50")],
        }
    )
    with pytest.raises(BilanDesequilibre, match="balance elle-même n'est pas équilibrée"):
        bilan(balance)


def test_compte_de_resultat__compte_sans_poste():
    """Un compte de produit que la table ne range pas est nommé (ici 79, supprimé en 2025)."""
    balance = pd.DataFrame(
        {"compte": ["512", "791"], "debit": [D("10"), D("0")], "credit": [D("0"), D("10")]}
    )
    with pytest.raises(EtatDeSyntheseInvalide, match="791"):
        compte_de_resultat(balance)


# ---------------------------------------------------------------------- propriété
_DATES = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
_MONTANTS = st.integers(100_00, 10_000_00).map(lambda c: D(c).scaleb(-2))


@st.composite
def _regularisations(draw):
    regs = []
    for _ in range(draw(st.integers(0, 3))):
        debut = draw(_DATES)
        fin = debut + dt.timedelta(days=draw(st.integers(0, 400)))
        if fin <= CLOTURE:
            fin = CLOTURE + dt.timedelta(days=1)
        fonction = draw(st.sampled_from([charge_constatee_avance, produit_constate_avance]))
        compte = "613" if fonction is charge_constatee_avance else "706"
        regs.append(
            fonction(
                draw(_MONTANTS),
                debut,
                fin,
                CLOTURE,
                compte=compte,
                base=draw(st.sampled_from(["jours", "mois"])),
            )
        )
    if draw(st.booleans()):
        regs.append(charge_a_payer("6061", draw(_MONTANTS), taux_tva="0.2"))
    if draw(st.booleans()):
        regs.append(produit_a_recevoir("706", draw(_MONTANTS), taux_tva="0.055"))
    stock_initial, stock_final = draw(_MONTANTS), draw(_MONTANTS)
    regs += variation_stocks("37", stock_initial, stock_final)
    regs.append(depreciation_stock("37", min(stock_final, draw(_MONTANTS))))
    creance = draw(_MONTANTS)
    regs.append(creance_douteuse(creance, tiers="X"))
    regs.append(
        depreciation_creance(
            creance, taux_tva="0.2", taux_perte=draw(st.sampled_from(["0", "0.3", "1"]))
        ).regularisation
    )
    regs.append(provision("1511", draw(_MONTANTS)))
    return stock_initial, creance, [r for r in regs if r is not None]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(donnees=_regularisations(), ventes=_MONTANTS, achats=_MONTANTS)
def test_propriete__toute_cloture_laisse_balance_et_bilan_equilibres(donnees, ventes, achats):
    """Quelles que soient les régularisations, la balance reste équilibrée, l'actif égale le passif et le
    résultat du bilan égale celui du compte de résultat."""
    stock_initial, creance, regs = donnees
    livre = Livre(dt.date(2026, 1, 1), CLOTURE, horloge=lambda: CLOTURE)
    livre.passer(
        Ecriture(
            "AN",
            dt.date(2026, 1, 1),
            "AN",
            "À-nouveaux",
            (
                Ligne("37", debit=stock_initial),
                Ligne("411", debit=creance, tiers="X"),
                Ligne("101", credit=stock_initial + creance),
            ),
        )
    )
    livre.passer(
        Ecriture(
            "VT",
            dt.date(2026, 6, 1),
            "V",
            "Ventes",
            (Ligne("512", debit=ventes), Ligne("706", credit=ventes)),
        )
    )
    livre.passer(
        Ecriture(
            "AC",
            dt.date(2026, 6, 2),
            "A",
            "Achats",
            (Ligne("607", debit=achats), Ligne("512", credit=achats)),
        )
    )
    passer_regularisations(livre, regs)
    assert balance_apres_inventaire(livre).attrs["equilibree"]
    b = bilan(livre)
    assert b.total_actif == b.total_passif
    assert b.resultat == compte_de_resultat(livre).attrs["resultat"]


# ---------------------------------------------------------------------- résultat fiscal
def test_resultat_fiscal__petite_cloture():
    """Résultat comptable 4 500 + amende 150 réintégrée (CGI art. 39, 2) = 4 650 ; IS au taux réduit de
    15 % (CGI art. 219, I, b) : 697,50."""
    rf = resultat_fiscal(_petite_cloture())
    assert rf.resultat_comptable == D("4500.00")
    assert [m for _, m in rf.reintegrations] == [D("150.00")]
    assert rf.resultat == D("4650.00")
    assert (rf.base_taux_reduit, rf.base_taux_normal, rf.impot) == (D("4650.00"), D("0.00"), D("697.50"))


def test_resultat_fiscal__deux_tranches_et_reintegrations_usuelles():
    """Calcul à la main (CGI art. 219) : bénéfice comptable 120 000 ; réintégrations : IS comptabilisé
    20 000, taxe sur les véhicules 1 000, amortissement excédentaire d'une berline de 30 000 € TTC
    (130 g, plafond 18 300 €, dotation 6 000 → 6 000 × 11 700 / 30 000 = 2 340), dotation non déductible
    500 ; déduction : dividendes exonérés 3 840. Résultat fiscal 140 000 ; IS = 42 500 × 15 %
    + 97 500 × 25 % = 6 375 + 24 375 = 30 750."""
    rf = resultat_fiscal(
        D("120000"),
        date_cloture=CLOTURE,
        reintegrations={
            "Impôt sur les sociétés": "20 000",
            "Taxe sur les véhicules": "1 000",
            "Provision non déductible": "500",
        },
        deductions={"Quote-part de dividendes exonérée": "3 840"},
        vehicules=(Vehicule("Berline", D("30000"), 130, dt.date(2025, 3, 1), D("6000")),),
    )
    assert rf.resultat == D("140000.00")
    assert (rf.is_taux_reduit, rf.is_taux_normal, rf.impot) == (D("6375.00"), D("24375.00"), D("30750.00"))
    assert any("39, 4" in libelle for libelle, _ in rf.reintegrations)


def test_resultat_fiscal__societe_non_eligible_et_deficit():
    """Chiffre d'affaires de 12 M€ : tout au taux normal ; déficit : pas d'impôt."""
    grande = resultat_fiscal("100 000", date_cloture=CLOTURE, chiffre_affaires="12 000 000")
    assert (grande.base_taux_reduit, grande.impot) == (D("0"), D("25000.00"))
    deficit = resultat_fiscal("-5 000", date_cloture=CLOTURE)
    assert deficit.resultat == D("-5000") and deficit.impot == D("0.00")


def test_resultat_fiscal__lu_dans_le_livre():
    """Depuis le livre : 6582, 63514 et 695 sont réintégrés automatiquement."""
    livre = livre_depuis_texte(_OPERATIONS)
    livre.passer(
        Ecriture(
            "OD",
            CLOTURE,
            "IS",
            "Impôt et taxe",
            (
                Ligne("695", debit="1000"),
                Ligne("63514", debit="200"),
                Ligne("444", credit="1000"),
                Ligne("447", credit="200"),
            ),
        )
    )
    libelles = [libelle for libelle, _ in resultat_fiscal(livre).reintegrations]
    assert [s.split(" (")[0] for s in libelles] == [
        "Amendes et pénalités",
        "Taxe annuelle sur les véhicules de tourisme",
        "Impôt sur les sociétés",
    ]


def test_resultat_fiscal__mauvaises_entrees():
    """Sans date de clôture, ou avec un véhicule antérieur au barème WLTP : message explicite."""
    with pytest.raises(ErreurComptable, match="date de clôture"):
        resultat_fiscal("1000")
    ancien = Vehicule("Vieille", D("40000"), 150, dt.date(2019, 5, 1), D("8000"))
    with pytest.raises(ErreurComptable, match="barème antérieur"):
        resultat_fiscal("1000", date_cloture=CLOTURE, vehicules=(ancien,))


def test_livre__bilan_et_compte_de_resultat():
    """Les méthodes du livre délèguent aux états de synthèse."""
    livre = _petite_cloture()
    assert livre.bilan().total_passif == D("44800.00")
    assert livre.compte_de_resultat().attrs["resultat"] == D("4500.00")


def test_bilan__rendu_html():
    """Le rendu dans un carnet montre les postes non nuls et les totaux à la française."""
    html = _petite_cloture().bilan()._repr_html_()
    assert "Disponibilités" in html and "Terrains" not in html
    assert "44\u202f800,00" in html
