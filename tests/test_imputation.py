"""Pré-imputation des pièces (comptes, journaux, raisons) et coût d'entrée d'une immobilisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import Livre, montant, pcg
from compta_kernel.imputation import (
    FraisAccessoire,
    NatureInconnue,
    compte_immobilisation,
    cout_entree,
    ecriture_acquisition,
    nature,
    pre_imputation,
)
from compta_kernel.pieces import LignePiece, Partie, Piece, PieceInvalide, avis_paiement
from compta_kernel.verification import verifier_piece

D = Decimal
JOUR = dt.date(2026, 3, 2)
DURAND = Partie("Durand Distribution SARL", siren="732829320", code="DURAND")
NOUS = Partie("Atelier Martin SAS", siren="542107651")
CLIENT = Partie("Hôtel du Port", siren="732829320", code="HOTELPORT")
CAS = sorted((Path(__file__).parent / "cas").glob("cout_entree_*.yaml"))


def piece(*lignes: LignePiece, **modifs) -> Piece:
    champs = {
        "type_piece": "facture",
        "sens": "achat",
        "numero": "FA-118",
        "date_emission": JOUR,
        "vendeur": DURAND,
        "acheteur": NOUS,
        "lignes": lignes,
        "date_echeance": JOUR + dt.timedelta(days=30),
    }
    champs.update(modifs)
    return Piece(**champs)


def _lignes(pre) -> list[tuple[str, Decimal, Decimal]]:
    return [(lg.compte, lg.debit, lg.credit) for lg in pre.lignes]


def _passer(pre) -> None:
    """L'écriture proposée passe dans un livre (équilibrée, comptes connus, journal ouvert)."""
    Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).passer(pre.ecriture)


# ---------------------------------------------------------------------- pré-imputation
def test_achat_marchandises__remise_escompte_port():
    """Brut 1 000, remise 10 % → 900 (607) ; escompte 2 % = 18 (765) ; port 50 (6241) ;
    TVA 20 % sur 900 − 18 + 50 = 932 → 186,40 (44566) ; 401 : 932 + 186,40 = 1 118,40."""
    p = piece(
        LignePiece("Marchandises", 10, "100", "0,20"),
        taux_remise="10 %",
        taux_escompte="2 %",
        frais_de_port=50,
    )
    pre = pre_imputation(p)
    assert pre.journal == "AC"
    assert _lignes(pre) == [
        ("607", D("900.00"), D(0)),
        ("765", D(0), D("18.00")),
        ("6241", D("50"), D(0)),
        ("44566", D("186.40"), D(0)),
        ("401DURAND", D(0), D("1118.40")),
    ]
    assert all(lg.raison for lg in pre.lignes)
    assert "ne se comptabilisent pas à part" in pre.lignes[0].raison
    assert pre.ecriture.lignes[-1].tiers == "DURAND" and pre.ecriture.lignes[
        -1
    ].echeance == JOUR + dt.timedelta(30)
    _passer(pre)


def test_vente__411_665_707_7085_44571_journal_des_ventes():
    p = piece(
        LignePiece("Marchandises", 4, "250", "0,20"),
        sens="vente",
        vendeur=NOUS,
        acheteur=CLIENT,
        taux_escompte="1 %",
        frais_de_port=20,
        acompte=300,
    )
    pre = pre_imputation(p)
    # 1 000 − 10 (escompte) + 20 = 1 010 HT ; TVA 202 ; TTC 1 212 ; acompte 300 → 912.
    assert pre.journal == "VT"
    assert sorted(_lignes(pre)) == sorted(
        [
            ("707", D(0), D("1000.00")),
            ("665", D("10.00"), D(0)),
            ("7085", D(0), D("20")),
            ("44571", D(0), D("202.00")),
            ("4191", D("300"), D(0)),
            ("411HOTELPORT", D("912.00"), D(0)),
        ]
    )
    _passer(pre)


def test_immobilisation__journal_im_44562_404_port_et_escompte_dans_le_cout():
    """2 portables à 800 € : 1 600 − escompte 1 % (16) + port 40 = 1 624 (2183) ; TVA 324,80 (44562)."""
    p = piece(
        LignePiece("Ordinateur portable", 2, "800", "0,20", nature="materiel_informatique"),
        taux_escompte="1 %",
        frais_de_port=40,
    )
    pre = pre_imputation(p)
    assert pre.journal == "IM"
    assert _lignes(pre) == [
        ("2183", D("1624.00"), D(0)),
        ("44562", D("324.80"), D(0)),
        ("404DURAND", D(0), D("1948.80")),
    ]
    assert "44562 (et non 44566)" in pre.lignes[1].raison and "frais de port compris" in pre.lignes[0].raison
    _passer(pre)


def test_piece_mixte__tva_partagee_entre_44562_et_44566():
    p = piece(
        LignePiece("Bureau", 1, "500", "0,20", nature="mobilier"),
        LignePiece("Ramettes", 10, "5", "0,20", nature="fournitures_administratives"),
    )
    pre = pre_imputation(p)
    assert pre.journal == "AC"
    assert _lignes(pre) == [
        ("2184", D("500.00"), D(0)),
        ("6064", D("50.00"), D(0)),
        ("44562", D("100.00"), D(0)),
        ("44566", D("10.00"), D(0)),
        ("401DURAND", D(0), D("660.00")),
    ]


@pytest.mark.parametrize(
    ("sens", "motif", "attendu"),
    [
        ("achat", "rabais", [("401DURAND", "120.00", "0"), ("6097", "0", "100.00"), ("44566", "0", "20.00")]),
        ("achat", "retour", [("401DURAND", "120.00", "0"), ("607", "0", "100.00"), ("44566", "0", "20.00")]),
        (
            "achat",
            "escompte",
            [("401DURAND", "120.00", "0"), ("765", "0", "100.00"), ("44566", "0", "20.00")],
        ),
        (
            "vente",
            "ristourne",
            [("7097", "100.00", "0"), ("44571", "20.00", "0"), ("411HOTELPORT", "0", "120.00")],
        ),
        (
            "vente",
            "retour",
            [("707", "100.00", "0"), ("44571", "20.00", "0"), ("411HOTELPORT", "0", "120.00")],
        ),
    ],
)
def test_avoirs__retour_ou_reduction_apres_facturation(sens, motif, attendu):
    parties = (
        {"vendeur": DURAND, "acheteur": NOUS} if sens == "achat" else {"vendeur": NOUS, "acheteur": CLIENT}
    )
    p = piece(
        LignePiece("Marchandises", 1, "100", "0,20"),
        type_piece="avoir",
        sens=sens,
        motif=motif,
        facture_origine="FA-100",
        **parties,
    )
    pre = pre_imputation(p)
    assert sorted(_lignes(pre)) == sorted((c, D(d), D(c2)) for c, d, c2 in attendu)
    _passer(pre)


def test_acompte_sur_achat__4091_et_sur_immobilisation__238():
    m = pre_imputation(piece(LignePiece("Marchandises", 1, "1000", "0,20"), acompte=200))
    assert ("4091", D(0), D("200")) in _lignes(m) and ("401DURAND", D(0), D("1000.00")) in _lignes(m)
    i = pre_imputation(
        piece(LignePiece("Machine", 1, "1000", "0,20", nature="materiel_industriel"), acompte=200)
    )
    assert ("238", D(0), D("200")) in _lignes(i) and ("2154", D("1000.00"), D(0)) in _lignes(i)


def test_avis_de_paiement__journal_de_banque():
    p = avis_paiement("VIR-88", JOUR, CLIENT, NOUS, "1 212,00", ("VT-12", "VT-15"))
    pre = pre_imputation(p)
    assert pre.journal == "BQ"
    assert _lignes(pre) == [("512", D("1212.00"), D(0)), ("411HOTELPORT", D(0), D("1212.00"))]
    assert pre.ecriture.libelle == "Règlement VT-12, VT-15 Hôtel du Port"
    a = pre_imputation(avis_paiement("VIR-89", JOUR, NOUS, DURAND, "500", ("FA-118",), sens="achat"))
    assert _lignes(a) == [("401DURAND", D("500.00"), D(0)), ("512", D(0), D("500.00"))]
    assert verifier_piece(p) == ()


def test_nature__compte_du_pcg_accepte_et_nature_inconnue_refusee():
    assert (
        pre_imputation(piece(LignePiece("Eau", 1, "100", "0,055", nature="6061"))).lignes[0].compte == "6061"
    )
    with pytest.raises(NatureInconnue, match="natures du cours : marchandises"):
        pre_imputation(piece(LignePiece("Truc", 1, "100", "0,20", nature="bricoles")))
    with pytest.raises(NatureInconnue, match="pas de compte de produit"):
        pre_imputation(
            piece(LignePiece("Papier", 1, "100", "0,20", nature="fournitures_administratives"), sens="vente")
        )


def test_texte_et_html_de_la_pre_imputation():
    pre = pre_imputation(piece(LignePiece("Marchandises", 1, "100", "0,20")))
    assert "journal AC" in pre.texte() and "607" in pre._repr_html_()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "marchandises",
                    "fournitures_administratives",
                    "honoraires",
                    "materiel_informatique",
                    "mobilier",
                ]
            ),
            st.integers(1, 9),
            st.integers(100, 300_000).map(lambda c: D(c).scaleb(-2)),
            st.sampled_from(["0.20", "0.10", "0.055"]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["0", "0.02"]),
    st.sampled_from([0, 35]),
    st.sampled_from(["achat", "vente"]),
)
def test_propriete__ecriture_equilibree_comptes_du_pcg_tiers_au_net_a_payer(lignes, escompte, port, sens):
    if sens == "vente":
        lignes = [
            ("prestations" if n == "honoraires" else "marchandises", q, pu, t) for n, q, pu, t in lignes
        ]
    p = piece(
        *(LignePiece(n, q, pu, t, nature=n) for n, q, pu, t in lignes),
        sens=sens,
        vendeur=DURAND if sens == "achat" else NOUS,
        acheteur=NOUS if sens == "achat" else CLIENT,
        taux_escompte=D(escompte),
        frais_de_port=port,
    )
    pre = pre_imputation(p)
    assert pre.ecriture.total_debit == pre.ecriture.total_credit
    tiers = next(lg for lg in pre.lignes if lg.tiers)
    assert tiers.debit + tiers.credit == p.calcul.net_a_payer
    for lg in pre.lignes:
        assert pcg.est_valide(lg.compte.removesuffix(lg.tiers)), lg.compte
        assert lg.raison


# ---------------------------------------------------------------------- coût d'entrée
@pytest.mark.parametrize("chemin", CAS, ids=[c.stem for c in CAS])
def test_cout_entree__cas_calcules_a_la_main(chemin):
    cas = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    assert cas["source"]
    frais = [tuple(f) for f in cas["frais_accessoires"]]
    c = cout_entree(
        cas["prix_achat"], remises=cas["remises"], escompte=cas["escompte"], frais_accessoires=frais
    )
    assert c.montant == montant(cas["cout_entree"])
    assert [e.montant for e in c.etapes] == [montant(x) for x in cas["etapes"]]
    assert [m for _, m, _ in c.exclus] == [montant(x) for x in cas["exclus"]]
    assert c.etapes == () or c.etapes[-1].resultat == c.montant
    if "en_charges" in cas:
        c = cout_entree(cas["prix_achat"], frais_accessoires=frais, frais_acquisition_en_charges=True)
        assert c.montant == montant(cas["en_charges"]["cout_entree"])
        assert [m for _, m, _ in c.exclus] == [montant(x) for x in cas["en_charges"]["exclus"]]


def test_cout_entree__texte_detaille_et_frais_accessoire_objet():
    c = cout_entree("1000", frais_accessoires=(FraisAccessoire("transport", D("50"), "Livraison Géodis"),))
    assert c.montant == D("1050.00") and "Livraison Géodis" in c.texte() and "213-8" in c.texte()


def test_cout_entree__mauvaises_entrees():
    with pytest.raises(NatureInconnue, match="Frais accessoire « cadeau » inconnu"):
        cout_entree("1000", frais_accessoires=(("cadeau", "10"),))
    with pytest.raises(PieceInvalide, match="nature, montant HT"):
        cout_entree("1000", frais_accessoires=("transport",))
    with pytest.raises(PieceInvalide, match="en fraction"):
        cout_entree("1000", remises=(5,))
    with pytest.raises(PieceInvalide, match="flottante"):
        cout_entree("1000", escompte=0.02)


def test_compte_immobilisation_et_ecriture_d_acquisition():
    assert [
        compte_immobilisation(n)
        for n in ("materiel_informatique", "mobilier", "materiel_transport", "logiciel")
    ] == [
        "2183",
        "2184",
        "2182",
        "205",
    ]
    assert compte_immobilisation("2154") == "2154"
    with pytest.raises(NatureInconnue, match="n'est pas une immobilisation"):
        compte_immobilisation("marchandises")
    c = cout_entree(
        "20000",
        remises=("5 %",),
        escompte="1 %",
        frais_accessoires=(("transport", "250"), ("montage", "500")),
    )
    e = ecriture_acquisition(
        c, compte="2154", date=JOUR, taux_tva="0,20", fournisseur="MARCHAL", piece="FA-9"
    )
    assert e.journal == "IM"
    assert [(lg.compte, lg.debit, lg.credit) for lg in e.lignes] == [
        ("2154", D("19560.00"), D(0)),
        ("44562", D("3912.00"), D(0)),
        ("404MARCHAL", D(0), D("23472.00")),
    ]
    with pytest.raises(PieceInvalide, match="classe 2"):
        ecriture_acquisition(c, compte="6063", date=JOUR, taux_tva="0,20")


def test_natures__tous_les_comptes_existent_dans_le_pcg():
    from compta_kernel.imputation import NATURES

    for n in NATURES.values():
        for compte in (n.compte_achat, n.compte_vente):
            assert not compte or pcg.est_valide(compte), (n.cle, compte)
    assert nature("2183").immobilisation and not nature("607").immobilisation
    assert replace(nature("607"), cle="x").compte_achat == "607"
