"""TVA : régimes, exigibilité, CA3 tirée du livre, écriture de liquidation, échéances, contrôles."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, Ligne, Livre, arrondir, regles
from compta_kernel.tva import (
    TVAInvalide,
    acomptes_rsi,
    arrondir_euro,
    ca3,
    ca3_html,
    controle_tva,
    date_exigibilite,
    date_limite_tva,
    declaration_tva,
    exporter_ca3,
    regime_applicable,
)

MARS = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def _livre() -> Livre:
    return Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: dt.date(2026, 12, 31))


def _passer(livre: Livre, journal: str, jour: int, piece: str, *lignes: tuple[str, str, str], mois: int = 3):
    return livre.passer(
        Ecriture(
            journal,
            dt.date(2026, mois, jour),
            piece,
            f"Pièce {piece}",
            tuple(Ligne(c, debit=d or None, credit=cr or None) for c, d, cr in lignes),
        )
    )


def _lignes(ecriture) -> dict[str, tuple[Decimal, Decimal]]:
    resultat: dict[str, tuple[Decimal, Decimal]] = {}
    for ligne in ecriture.lignes:
        d, c = resultat.get(ligne.compte, (Decimal(0), Decimal(0)))
        resultat[ligne.compte] = (d + ligne.debit, c + ligne.credit)
    return resultat


def _livre_lecoursgratuit() -> Livre:
    """Les trois écritures publiées par lecoursgratuit.com (« TVA à décaisser et écriture comptable du
    compte 44551 ») : vente HT 10 000 (TVA 2 000), achat HT 3 000 (TVA 600), immobilisation HT 5 000
    (TVA 1 000)."""
    livre = _livre()
    _passer(livre, "VT", 5, "F1", ("411DUPONT", "12000", ""), ("707", "", "10000"), ("44571", "", "2000"))
    _passer(livre, "AC", 7, "A1", ("607", "3000", ""), ("44566", "600", ""), ("401MARTIN", "", "3600"))
    _passer(livre, "AC", 9, "I1", ("2183", "5000", ""), ("44562", "1000", ""), ("404BUREAU", "", "6000"))
    return livre


# ---------------------------------------------------------------------- cas publiés
def test_declaration_tva__exemple_lecoursgratuit_trois_ecritures():
    """lecoursgratuit.com, « TVA à décaisser et écriture comptable du compte 44551 » : TVA collectée
    2 000, déductible 600 (44566) et 1 000 (44562) ; TVA à décaisser 2 000 − 1 600 = 400."""
    d = declaration_tva(_livre_lecoursgratuit(), *MARS)
    assert (d.base("08"), d.montant("08")) == (Decimal(10000), Decimal(2000))
    assert d.base("A1") == Decimal(10000)
    assert [d.montant(c) for c in ("16", "19", "20", "22", "23", "25", "TD", "28", "32")] == [
        2000,
        1000,
        600,
        0,
        1600,
        0,
        400,
        400,
        400,
    ]
    assert _lignes(d.ecriture) == {
        "44571": (Decimal("2000.00"), 0),
        "44562": (0, Decimal("1000.00")),
        "44566": (0, Decimal("600.00")),
        "44551": (0, Decimal("400.00")),
    }
    assert (d.ecriture.journal, d.ecriture.date, d.ecriture.piece) == ("OD", MARS[1], "CA3-2026-03")


def test_ca3__exemple_lecoursgratuit_fin_de_mois():
    """lecoursgratuit.com (même page) : « 8 400 – (6 900 + 500) = 1 000 à payer »."""
    d = ca3({"20 %": "42 000"}, deductible_autres="6 900", deductible_immobilisations="500", date=MARS[1])
    assert (d.montant("16"), d.montant("23"), d.montant("28")) == (8400, 7400, 1000)


def test_acomptes_rsi__exemples_assistant_juridique():
    """assistant-juridique.fr, « Régime réel simplifié : le paiement des acomptes de TVA » : TVA due N-1
    de 26 000 € → acompte de juillet 0,55 × 26 000 = 14 300 € ; de 25 000 € → acompte de décembre
    0,40 × 25 000 = 10 000 €."""
    assert acomptes_rsi("26 000", 2026)["juillet"] == Decimal("14300.00")
    assert acomptes_rsi("25 000", 2026)["decembre"] == Decimal("10000.00")


def test_acomptes_rsi__dispense_sous_1000_euros():
    """Gualino, Fiscalité, ch. 28 : TVA de référence inférieure à 1 000 € → pas d'acompte."""
    assert acomptes_rsi("999,99", 2026) == {"juillet": 0, "decembre": 0}
    assert acomptes_rsi("1000", 2026)["juillet"] == Decimal("550.00")


def test_date_limite_tva__ca12_exemple_2014():
    """eridyaec.fr : la CA12 « doit être souscrite le 2e jour ouvré suivant le 1er mai, soit le 5 mai
    2014 » pour l'année 2013 (1er mai 2014 un jeudi)."""
    assert date_limite_tva(dt.date(2013, 12, 31), "reel_simplifie") == dt.date(2014, 5, 5)


@pytest.mark.parametrize(
    ("forme", "departement", "cle", "jour"),
    [
        ("entreprise_individuelle", "75", "Durand", 15),
        ("entreprise_individuelle", "92", "Martin", 17),
        ("entreprise_individuelle", "69", "Durand", 16),
        ("entreprise_individuelle", "69", "Martin", 19),
        ("entreprise_individuelle", "69", "Étienne", 16),
        ("societe", "93", "681 234 567", 19),
        ("societe", "94", "712345678", 20),
        ("societe", "75", "812345678", 21),
        ("societe", "33", "112345678", 21),
        ("societe_anonyme", "75", "742345678", 23),
        ("societe_anonyme", "75", "752345678", 24),
        ("societe_anonyme", "13", "112345678", 24),
        ("autre", "75", "", 24),
    ],
)
def test_date_limite_tva__calendrier_article_39_annexe_iv(forme, departement, cle, jour):
    """CGI, ann. IV, art. 39, 1, 1°, b et c (tableau lu sur lexbase.fr et comptabox.fr)."""
    assert date_limite_tva(dt.date(2026, 3, 31), forme=forme, departement=departement, cle=cle) == dt.date(
        2026, 4, jour
    )


def test_date_limite_tva__trimestre_et_decembre():
    assert date_limite_tva(dt.date(2026, 6, 30), "reel_normal_trimestriel", departement="33") == dt.date(
        2026, 7, 21
    )
    assert date_limite_tva(dt.date(2026, 12, 31), departement="33") == dt.date(2027, 1, 21)


def test_date_limite_tva__exercice_decale_trois_mois():
    assert date_limite_tva(dt.date(2026, 6, 30), "reel_simplifie") == dt.date(2026, 9, 30)


# ---------------------------------------------------------------------- régimes et exigibilité
@pytest.mark.parametrize(
    ("jour", "ca_precedent", "ca_en_cours", "tva_precedente", "activite", "attendu"),
    [
        (dt.date(2026, 5, 1), "80 000", "90 000", "0", "ventes", "franchise"),
        (dt.date(2026, 5, 1), "80 000", "94 000", "0", "ventes", "reel_simplifie"),
        (dt.date(2026, 5, 1), "37 500", "0", "0", "services", "franchise"),
        (dt.date(2026, 5, 1), "37 501", "0", "3 000", "services", "reel_simplifie"),
        (dt.date(2026, 5, 1), "50 000", "0", "0", "avocats_auteurs_artistes", "franchise"),
        (dt.date(2026, 5, 1), "900 000", "0", "12 000", "ventes", "reel_simplifie"),
        (dt.date(2025, 5, 1), "900 000", "0", "12 000", "ventes", "reel_normal_mensuel"),
        (dt.date(2026, 5, 1), "300 000", "0", "3 500", "services", "reel_normal_trimestriel"),
        (dt.date(2026, 5, 1), "200 000", "0", "16 000", "services", "reel_normal_mensuel"),
    ],
)
def test_regime_applicable(jour, ca_precedent, ca_en_cours, tva_precedente, activite, attendu):
    """Seuils de franchise (CGI 293 B), du régime simplifié (302 septies A : 840 000 € en 2025,
    945 000 € en 2026 pour les ventes), de 15 000 € de TVA et de 4 000 € pour la CA3 trimestrielle."""
    assert (
        regime_applicable(
            jour,
            ca_precedent=ca_precedent,
            ca_en_cours=ca_en_cours,
            tva_precedente=tva_precedente,
            activite=activite,
        )
        == attendu
    )


def test_regime_applicable__option_pour_le_reel_normal():
    assert regime_applicable(dt.date(2026, 1, 1), ca_precedent="10 000", option="reel_normal") == (
        "reel_normal_trimestriel"
    )


def test_franchise__reforme_2025_abrogee_memes_seuils_en_2025_et_2026():
    """La loi n° 2025-1044 du 3-11-2025 abroge le seuil unique de 25 000 € (loi de finances pour 2025) :
    les seuils de 2025 et de 2026 restent 85 000 € et 37 500 €, et la source le dit."""
    for annee in (2025, 2026):
        jour = dt.date(annee, 6, 1)
        assert regles.valeur("tva.regime.franchise.plafond_ventes", jour) == 85000
        assert regles.valeur("tva.regime.franchise.plafond_services", jour) == 37500
        assert "2025-1044" in regles.regle("tva.regime.franchise.plafond_ventes", jour).source


def test_date_exigibilite():
    """CGI, art. 269 : biens à la livraison, services à l'encaissement sauf option pour les débits."""
    facture, paiement, livraison = dt.date(2026, 3, 28), dt.date(2026, 4, 10), dt.date(2026, 3, 25)
    assert date_exigibilite("bien", livraison=livraison, encaissement=paiement) == livraison
    assert date_exigibilite("service", facture=facture, encaissement=paiement) == paiement
    assert date_exigibilite("service", facture=facture, encaissement=paiement, option_debits=True) == facture


@pytest.mark.parametrize(
    ("kwargs", "champ"),
    [
        ({"nature": "marchandise"}, "nature"),
        ({"nature": "bien"}, "livraison"),
        ({"nature": "service"}, "encaissement"),
        ({"nature": "service", "option_debits": True}, "facture"),
    ],
)
def test_date_exigibilite__date_manquante(kwargs, champ):
    nature = kwargs.pop("nature")
    with pytest.raises(TVAInvalide) as exc:
        date_exigibilite(nature, **kwargs)
    assert exc.value.champ == champ


# ---------------------------------------------------------------------- CA3 : crédit, remboursement, arrondis
def test_ca3__credit_reporte_en_44567():
    d = ca3({"0.20": "1 000"}, deductible_immobilisations="3 000", date=MARS[1])
    assert (d.montant("25"), d.montant("27"), d.montant("28"), d.credit) == (2800, 2800, 0, True)
    assert _lignes(d.ecriture) == {
        "44571": (Decimal("200.00"), 0),
        "44567": (Decimal("2800.00"), 0),
        "44562": (0, Decimal("3000.00")),
    }


def test_ca3__remboursement_demande_en_44583():
    d = ca3({"0.20": "1 000"}, deductible_immobilisations="3 000", remboursement="2 000", date=MARS[1])
    assert (d.montant("26"), d.montant("27")) == (2000, 800)
    assert _lignes(d.ecriture)["44583"] == (Decimal("2000.00"), 0)


def test_ca3__remboursement_sous_le_minimum_refuse():
    with pytest.raises(TVAInvalide, match="760") as exc:
        ca3({"0.20": "1 000"}, deductible_autres="700", remboursement="400", date=MARS[1])
    assert exc.value.champ == "remboursement"


def test_ca3__remboursement_superieur_au_credit_refuse():
    with pytest.raises(TVAInvalide, match="supérieur au crédit"):
        ca3({"0.20": "1 000"}, deductible_autres="3 000", remboursement="5 000", date=MARS[1])


def test_ca3__credit_anterieur_impute():
    d = ca3({"0.20": "1 000"}, deductible_autres="50", credit_anterieur="100", date=MARS[1])
    assert (d.montant("22"), d.montant("23"), d.montant("28")) == (100, 150, 50)
    assert _lignes(d.ecriture)["44567"] == (0, Decimal("100.00"))


def test_ca3__arrondi_a_l_euro_et_ecart_en_758_ou_658():
    """Notice 3310-NOT-CA3-SD : arrondi à l'euro le plus proche, 0,50 compté pour 1. Le livre reste au
    centime : l'écart entre les comptes soldés et la TVA nette due déclarée va en 758 ou 658."""
    d = ca3({"0.20": "1 000"}, taxes={"0.20": "200,49"}, deductible_autres="100,00", date=MARS[1])
    assert (d.montant("08"), d.montant("28")) == (200, 100)
    assert _lignes(d.ecriture)["758"] == (0, Decimal("0.49"))
    d = ca3({"0.20": "1 000"}, taxes={"0.20": "200,50"}, deductible_autres="100,00", date=MARS[1])
    assert d.montant("28") == 101
    assert _lignes(d.ecriture)["658"] == (Decimal("0.50"), 0)


def test_arrondir_euro__demi_superieur():
    assert [arrondir_euro(x) for x in ("0,49", "0,50", "-0,50", "2,5")] == [0, 1, -1, 3]


def test_ca3__rien_a_declarer_pas_d_ecriture():
    d = ca3({}, date=MARS[1])
    assert d.ecriture is None
    assert d.montant("28") == 0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10**7),
    st.integers(0, 10**7),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
)
def test_ca3__proprietes_ecriture_equilibree_et_resultat(base20, base55, immo, autres, anterieur):
    """Quels que soient les montants (en centimes) : écriture équilibrée (garantie par Ecriture),
    TD − 25 = 16 − 23, 27 = 25 − 26, et 44571 débité du total de TVA collectée."""
    c = Decimal("0.01")
    d = ca3(
        {"0.20": base20 * c, "0.055": base55 * c},
        deductible_immobilisations=immo * c,
        deductible_autres=autres * c,
        credit_anterieur=anterieur * c,
        date=MARS[1],
    )
    assert d.montant("TD") - d.montant("25") == d.montant("16") - d.montant("23")
    assert d.montant("27") == d.montant("25") - d.montant("26")
    assert min(d.montant("TD"), d.montant("25")) == 0
    if d.ecriture is not None:
        assert d.ecriture.total_debit == d.ecriture.total_credit
        assert _lignes(d.ecriture).get("44571", (0, 0))[0] == d.exacts["collectee"]


# ---------------------------------------------------------------------- depuis le livre
def test_declaration_tva__ecriture_a_plusieurs_taux_et_liquidation_ecartee():
    livre = _livre()
    _passer(
        livre, "VT", 6, "F2",
        ("411DUPONT", "1385", ""), ("707", "", "1000"), ("7071", "", "300"), ("44571", "", "55"), ("44571", "", "30"),
    )  # fmt: skip
    d = declaration_tva(livre, *MARS)
    assert [(d.base(c), d.montant(c)) for c in ("09", "9B")] == [(1000, 55), (300, 30)]
    livre.passer(d.ecriture)
    assert declaration_tva(livre, *MARS).lignes == d.lignes  # la liquidation passée ne compte pas


def test_declaration_tva__taux_moyen_egal_a_un_taux_legal_pas_de_confusion():
    """900 € à 20 % (TVA 180) et 2 000 € à 5,5 % (TVA 110) : 290 / 2 900 = 10 % tout rond. Avec une
    ligne de TVA par taux, chaque base garde son taux (lignes 08 et 09, rien en 9B)."""
    livre = _livre()
    _passer(
        livre, "VT", 6, "F3",
        ("411DUPONT", "3190", ""), ("707", "", "900"), ("7071", "", "2000"), ("44571", "", "180"), ("44571", "", "110"),
    )  # fmt: skip
    d = declaration_tva(livre, *MARS)
    assert [(d.base(c), d.montant(c)) for c in ("08", "09", "9B")] == [(900, 180), (2000, 110), (0, 0)]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(1_000, 5_000_000), st.sampled_from(["normal", "intermediaire", "reduit"])),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_declaration_tva__proprietes_bases_et_taxes_par_taux(factures):
    """Factures tirées au hasard (HT en centimes, 10 € au moins, une ligne de TVA par taux, arrondie
    au centime) : chaque ligne de taux de la CA3 reprend la somme de ses bases et de ses TVA."""
    livre = _livre()
    attendu: dict[str, list[Decimal]] = {}
    codes = {"normal": "08", "intermediaire": "9B", "reduit": "09"}
    for n, lignes in enumerate(factures, start=1):
        par_taux: dict[str, Decimal] = {}
        ecriture = []
        for centimes, nom in lignes:
            ht = Decimal(centimes).scaleb(-2)
            par_taux[nom] = par_taux.get(nom, Decimal(0)) + ht
            ecriture.append(("707", "", str(ht)))
        for nom, ht in par_taux.items():
            tva = arrondir(ht * regles.valeur(f"tva.taux.{nom}", MARS[1]))
            ecriture.append(("44571", "", str(tva)))
            b, t = attendu.get(codes[nom], [Decimal(0), Decimal(0)])
            attendu[codes[nom]] = [b + ht, t + tva]
        total = sum(Decimal(c) for _, _, c in ecriture)
        _passer(livre, "VT", 1 + n % 28, f"F{n}", ("411DUPONT", str(total), ""), *ecriture)
    d = declaration_tva(livre, *MARS)
    for code, (base, taxe) in attendu.items():
        assert (d.base(code), d.montant(code)) == (arrondir_euro(base), arrondir_euro(taxe)), code
    assert d.ecriture.total_debit == d.ecriture.total_credit


def test_declaration_tva__credit_anterieur_lu_en_44567_et_avoir():
    livre = _livre()
    _passer(livre, "OD", 28, "CA3-02", ("44567", "150", ""), ("44566", "", "150"), mois=2)
    _passer(livre, "VT", 5, "F1", ("411DUPONT", "1200", ""), ("707", "", "1000"), ("44571", "", "200"))
    _passer(livre, "VT", 6, "AV1", ("707", "100", ""), ("44571", "20", ""), ("411DUPONT", "", "120"))
    d = declaration_tva(livre, *MARS)
    assert (d.base("08"), d.montant("08"), d.montant("22"), d.montant("28")) == (900, 180, 150, 30)


def test_declaration_tva__sous_comptes_de_tva_lus_et_soldes():
    """Un livre qui ventile la TVA en sous-comptes (445711 à 20 %, 445712 à 5,5 %, 445661) : tout est
    lu, et l'écriture solde chaque sous-compte."""
    livre = _livre()
    _passer(livre, "VT", 5, "F1", ("411DUPONT", "1200", ""), ("707", "", "1000"), ("445711", "", "200"))
    _passer(livre, "VT", 6, "F2", ("411DUPONT", "211", ""), ("7071", "", "200"), ("445712", "", "11"))
    _passer(livre, "AC", 7, "A1", ("607", "500", ""), ("445661", "100", ""), ("401MARTIN", "", "600"))
    d = declaration_tva(livre, *MARS)
    assert (d.montant("08"), d.montant("09"), d.montant("20"), d.montant("28")) == (200, 11, 100, 111)
    assert _lignes(d.ecriture) == {
        "445711": (Decimal("200.00"), 0),
        "445712": (Decimal("11.00"), 0),
        "445661": (0, Decimal("100.00")),
        "44551": (0, Decimal("111.00")),
    }
    livre.passer(d.ecriture)
    soldes = livre.balance().set_index("compte")
    for compte in ("445711", "445712", "445661"):
        assert soldes.loc[compte, "debit"] == soldes.loc[compte, "credit"], compte


def test_declaration_tva__trimestre():
    livre = _livre_lecoursgratuit()
    _passer(livre, "VT", 5, "F9", ("411DUPONT", "600", ""), ("707", "", "500"), ("44571", "", "100"), mois=1)
    d = declaration_tva(livre, dt.date(2026, 1, 1), dt.date(2026, 3, 31), "reel_normal_trimestriel")
    assert d.montant("08") == 2100
    assert d.periode == "1er trimestre 2026"
    assert d.ecriture.piece == "CA3-2026-T1"


def test_declaration_tva__date_limite_et_exports(tmp_path):
    d = declaration_tva(_livre_lecoursgratuit(), *MARS, forme="societe", departement="75", cle="712345678")
    assert d.date_limite == dt.date(2026, 4, 20)
    donnees = json.loads(exporter_ca3(d, tmp_path / "ca3.json").read_text(encoding="utf-8"))
    assert donnees["formulaire"] == "3310-CA3-SD"
    assert {x["code"]: x["montant"] for x in donnees["lignes"]}["28"] == "400"
    assert donnees["ecriture"]["lignes"][0] == {
        "compte": "44571",
        "libelle": "",
        "debit": "2000.00",
        "credit": "0.00",
    }
    page = exporter_ca3(d, tmp_path / "ca3.html", raison_sociale="Durand <SARL>").read_text(encoding="utf-8")
    assert "Durand &lt;SARL&gt;" in page and "20/04/2026" in page
    assert ">28</td>" in page and "TVA nette due" in page


def test_ca3_html__ligne_vide_restee_vide():
    page = ca3_html(ca3({"0.20": "100"}, date=MARS[1]))
    assert (
        '<td class="repere">9B</td><td>Taux réduit 10 %</td>\n      <td class="n"></td><td class="n"></td>'
        in page
    )


# ---------------------------------------------------------------------- contrôles
def test_controle_tva__arrondis_par_facture_et_vente_sans_tva():
    livre = _livre()
    # Deux factures de 10,03 € HT : TVA 2,01 € chacune (arrondie par facture) contre 4,01 € sur le total.
    for jour in (2, 3):
        _passer(
            livre,
            "VT",
            jour,
            f"F{jour}",
            ("411DUPONT", "12.04", ""),
            ("707", "", "10.03"),
            ("44571", "", "2.01"),
        )
    _passer(livre, "VT", 4, "EXP1", ("411EXPORT", "500", ""), ("707", "", "500"))
    _passer(livre, "AC", 5, "A1", ("607", "100", ""), ("44566", "20", ""), ("401MARTIN", "", "120"))
    _passer(livre, "AC", 6, "A2", ("625", "100", ""), ("44566", "8", ""), ("401MARTIN", "", "108"))
    c = controle_tva(livre, *MARS)
    collectee = c.lignes[0]
    assert (collectee.attendu, collectee.comptabilise, collectee.ecart) == (
        Decimal("4.01"), Decimal("4.02"), Decimal("0.01"),
    )  # fmt: skip
    assert "arrondis" in collectee.explication
    messages = [a.message for a in c.anomalies]
    assert any("EXP1" in m or "vente sans TVA" in m for m in messages)
    assert any("partiellement déductible" in m for m in messages)
    assert all(not a.bloquante for a in c.anomalies)


# ---------------------------------------------------------------------- mauvaises entrées
@pytest.mark.parametrize(
    ("debut", "fin", "regime", "motif"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 31), "reel_normal_mensuel", "mois civil"),
        (dt.date(2026, 3, 1), dt.date(2026, 4, 30), "reel_normal_mensuel", "mois civil"),
        (dt.date(2026, 2, 1), dt.date(2026, 4, 30), "reel_normal_trimestriel", "trimestre civil"),
        (dt.date(2026, 3, 31), dt.date(2026, 3, 1), "reel_normal_mensuel", "inversez"),
        (*MARS, "franchise", "293 B"),
        (*MARS, "reel_simplifie", "CA12"),
        (*MARS, "mensuel", "inconnu"),
    ],
)
def test_declaration_tva__periode_ou_regime_refuses(debut, fin, regime, motif):
    with pytest.raises(TVAInvalide, match=motif):
        declaration_tva(_livre(), debut, fin, regime)


def test_declaration_tva__tva_sans_base_toutes_les_ecritures_listees():
    livre = _livre()
    _passer(livre, "VT", 5, "F1", ("411DUPONT", "1210", ""), ("707", "", "1000"), ("44571", "", "210"))
    _passer(livre, "OD", 6, "X1", ("4711", "50", ""), ("44571", "", "50"))
    with pytest.raises(TVAInvalide) as exc:
        declaration_tva(livre, *MARS)
    assert len(exc.value.anomalies) == 2
    assert "VT000001" in str(exc.value) and "OD000001" in str(exc.value)


@pytest.mark.parametrize(
    ("kwargs", "motif"),
    [
        ({"bases": {"19,6 %": "100"}}, "n'est pas un taux de TVA en vigueur"),
        ({"bases": {"0.20": "100"}, "deductible_autres": "-5"}, "négatif"),
        ({"bases": {"0.20": "abc"}}, "pas un montant valide"),
        ({"bases": {"0.20": 100.0}}, "virgule flottante"),
    ],
)
def test_ca3__mauvaises_saisies(kwargs, motif):
    with pytest.raises(Exception, match=motif) as exc:
        ca3(date=MARS[1], **kwargs)
    assert exc.type.__name__ in ("TVAInvalide", "MontantInvalide")


@pytest.mark.parametrize(
    ("args", "kwargs", "motif"),
    [
        ((dt.date(2026, 3, 31), "franchise"), {}, "pas d'échéance"),
        ((dt.date(2026, 3, 31),), {"forme": "sarl"}, "Forme « sarl » inconnue"),
        (
            (dt.date(2026, 3, 31),),
            {"forme": "entreprise_individuelle", "departement": "69"},
            "nom de l'exploitant",
        ),
        ((dt.date(2026, 3, 31),), {"departement": "75"}, "SIREN"),
    ],
)
def test_date_limite_tva__mauvaises_entrees(args, kwargs, motif):
    with pytest.raises(TVAInvalide, match=motif):
        date_limite_tva(*args, **kwargs)


def test_exporter_ca3__format_inconnu(tmp_path):
    with pytest.raises(TVAInvalide, match=r"\.docx"):
        exporter_ca3(ca3({"0.20": "100"}, date=MARS[1]), tmp_path / "ca3.docx")


def test_exporter_ca3__pdf_lisible(tmp_path):
    from pypdf import PdfReader

    d = declaration_tva(_livre_lecoursgratuit(), *MARS, departement="33")
    texte = (
        PdfReader(exporter_ca3(d, tmp_path / "ca3.pdf", raison_sociale="Durand SARL")).pages[0].extract_text()
    )
    for attendu in ("3310-CA3-SD", "mars 2026", "Durand SARL", "21/04/2026", "TVA nette due", "44551"):
        assert attendu in texte


def test_regime_applicable__activite_inconnue():
    with pytest.raises(TVAInvalide, match="Activité « commerce » inconnue"):
        regime_applicable(dt.date(2026, 1, 1), ca_precedent="1", activite="commerce")


def test_ca3__soldes_par_compte_incoherents_refuses():
    with pytest.raises(TVAInvalide, match="ne font pas le montant") as exc:
        ca3({"0.20": "1 000"}, date=MARS[1], soldes_par_compte={"445711": "150"})
    assert exc.value.champ == "soldes_par_compte"
