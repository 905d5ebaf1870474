"""Pièces : calcul en cascade, TVA par taux, Factur-X (écriture et lecture), vérification des défauts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel.pieces import (
    LignePiece,
    Partie,
    Piece,
    PieceInvalide,
    ecrire_facturx,
    lire_facturx,
    mentions_de_paiement,
    xml_cii,
)
from compta_kernel.verification import (
    DatesIncoherentes,
    ErreurCalcul,
    IdentifiantInvalide,
    MentionIncorrecte,
    MentionManquante,
    NumeroEnDouble,
    verifier_piece,
)

D = Decimal


def _t(texte: str) -> str:
    """Texte avec des espaces ordinaires (les montants formatés ont des espaces insécables)."""
    return texte.replace("\u202f", " ").replace("\xa0", " ")


# SIREN et numéros de TVA valides (clé de Luhn, clé TVA = (12 + 3 × (SIREN mod 97)) mod 97).
DURAND = Partie(
    "Durand Distribution SARL",
    "12 rue Pasteur",
    "69003",
    "Lyon",
    siren="732829320",
    siret="73282932000074",
    numero_tva="FR44732829320",
    code="DURAND",
)
NOUS = Partie(
    "Atelier Martin SAS",
    "3 avenue Jean Jaurès",
    "44000",
    "Nantes",
    siren="542107651",
    numero_tva="FR13542107651",
)


def facture(jour=dt.date(2026, 3, 2), **modifs) -> Piece:
    """Une facture d'achat conforme : 2 lignes à 20 %, remise 10 %, rabais 5 %, escompte 2 %, port 100 €."""
    champs = dict(
        type_piece="facture",
        sens="achat",
        numero="FA-2026-118",
        date_emission=jour,
        vendeur=DURAND,
        acheteur=NOUS,
        lignes=(
            LignePiece("Ramettes A4 (carton de 5)", 100, "30,00", "0,20", reference="RAM5"),
            LignePiece("Classeurs (lot de 10)", 50, "40,00", "0,20", reference="CLA10"),
        ),
        date_livraison=jour,
        date_echeance=jour + dt.timedelta(days=30),
        taux_remise=D("0.10"),
        taux_rabais=D("0.05"),
        taux_escompte=D("0.02"),
        frais_de_port=D("100"),
        nature_operation="biens",
        **mentions_de_paiement(jour, D("0.02"), 10),
    )
    champs.update(modifs)
    return Piece(**champs)


# ---------------------------------------------------------------------- calcul
def test_cascade__remise_rabais_escompte_port__cas_du_manuel():
    """Calcul à la main (ordre des manuels : remise, rabais, ristourne, escompte, puis port) :
    brut 100 × 30 + 50 × 40 = 5 000 ; remise 10 % = 500 → 4 500 ; rabais 5 % = 225 → 4 275 (net
    commercial) ; escompte 2 % = 85,50 → 4 189,50 (net financier) ; port 100 → HT 4 289,50 ;
    TVA 20 % = 857,90 ; TTC 5 147,40."""
    c = facture().calcul
    assert (c.total_brut, c.remise, c.rabais, c.net_commercial) == (
        D("5000.00"),
        D("500.00"),
        D("225.00"),
        D("4275.00"),
    )
    assert (c.escompte, c.net_financier, c.total_ht) == (D("85.50"), D("4189.50"), D("4289.50"))
    assert (c.total_tva, c.total_ttc, c.net_a_payer) == (D("857.90"), D("5147.40"), D("5147.40"))
    assert [(e.libelle, e.montant, e.resultat) for e in c.etapes] == [
        ("Remise 10 %", D("-500.00"), D("4500.00")),
        ("Rabais 5 %", D("-225.00"), D("4275.00")),
        ("Escompte 2 %", D("-85.50"), D("4189.50")),
        ("Frais de port", D("100"), D("4289.50")),
    ]


def test_tva__arrondie_une_fois_par_taux_et_non_par_ligne():
    """CGI, ann. II, art. 242 nonies A : taxe par taux. Deux lignes de 10,10 € à 5,5 % :
    20,20 × 5,5 % = 1,111 → 1,11 € (ligne par ligne on aurait 0,56 + 0,56 = 1,12 €)."""
    p = facture(
        lignes=(LignePiece("Livre A", 1, "10,10", "0,055"), LignePiece("Livre B", 1, "10,10", "0,055")),
        taux_remise=0,
        taux_rabais=0,
        taux_escompte=0,
        frais_de_port=0,
    )
    assert [(t.taux, t.base_ht, t.tva) for t in p.calcul.tva] == [(D("0.055"), D("20.20"), D("1.11"))]


def test_tva__deux_taux_port_au_taux_principal_et_acompte():
    """Port au taux de l'opération principale (CGI, art. 267, I-2°) ; net à payer = TTC − acompte.
    20 % : 300 + port 15 = 315 → 63,00 ; 5,5 % : 120 → 6,60 ; TTC 504,60 ; acompte 100 → 404,60."""
    p = facture(
        lignes=(LignePiece("Vin", 10, "30", "0,20"), LignePiece("Confitures", 20, "6", "0,055")),
        taux_remise=0,
        taux_rabais=0,
        taux_escompte=0,
        frais_de_port=D("15"),
        acompte=D("100"),
    )
    assert [(t.base_ht, t.tva) for t in p.calcul.tva] == [(D("315"), D("63.00")), (D("120"), D("6.60"))]
    assert (p.calcul.total_ttc, p.calcul.net_a_payer) == (D("504.60"), D("404.60"))


def test_ligne__remise_de_ligne_arrondie_au_centime():
    """3 × 33,33 = 99,99 ; remise 7,5 % = 7,49925 → 7,50 ; net 92,49."""
    ligne = LignePiece("Article", 3, "33,33", "0,20", remise="7,5 %")
    assert (ligne.montant_brut, ligne.montant_remise, ligne.montant_ht) == (D("99.99"), D("7.50"), D("92.49"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(1, 50),
            st.integers(1, 500_000).map(lambda c: D(c).scaleb(-2)),
            st.sampled_from(["0.20", "0.10", "0.055", "0.021"]),
            st.sampled_from(["0", "0.05", "0.10"]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["0", "0.03", "0.10"]),
    st.sampled_from(["0", "0.01", "0.02"]),
)
def test_propriete__piece_calculee_sans_erreur_de_calcul_et_totaux_coherents(lignes, remise, escompte):
    p = facture(
        lignes=tuple(LignePiece(f"Article {i}", q, pu, t, r) for i, (q, pu, t, r) in enumerate(lignes, 1)),
        taux_remise=D(remise),
        taux_escompte=D(escompte),
    )
    c = p.calcul
    assert not [d for d in verifier_piece(p) if isinstance(d, ErreurCalcul)]
    assert c.total_ttc == c.total_ht + c.total_tva == c.total_ht + sum(t.tva for t in c.tva)
    assert c.net_financier <= c.net_commercial <= c.total_brut
    assert c.total_ht == sum(t.base_ht for t in c.tva)
    assert c.etapes == () or c.etapes[-1].resultat == c.total_ht


# ---------------------------------------------------------------------- mauvaises entrées
def test_piece__float_refuse_avec_message():
    with pytest.raises(PieceInvalide, match="flottante"):
        LignePiece("Article", 1, 10.5, "0,20")


def test_piece__taux_en_pourcentage_entier_refuse():
    with pytest.raises(PieceInvalide, match="en fraction"):
        facture(taux_remise=D(5))


def test_piece__type_et_sens_inconnus():
    with pytest.raises(PieceInvalide, match="Type de pièce"):
        facture(type_piece="devis")
    with pytest.raises(PieceInvalide, match="« achat »"):
        facture(sens="depense")
    with pytest.raises(PieceInvalide, match="Motif"):
        facture(type_piece="avoir", motif="cadeau")


# ---------------------------------------------------------------------- Factur-X
def test_facturx__aller_retour_piece_fautive_et_mentions_de_la_reforme(tmp_path):
    """Une pièce fautive écrite en Factur-X se relit à l'identique, erreurs comprises (XML validé XSD)."""
    from pypdf import PdfReader

    p = facture(
        dt.date(2026, 10, 5),
        lignes=(
            LignePiece("Maintenance annuelle", 1, "1200", "0,20", nature="entretien", unite="jour"),
            LignePiece("Pièces détachées", 4, "25,50", "0,20", remise="0,10", nature="petit_equipement"),
        ),
        nature_operation="mixte",
        option_tva_debits=True,
        adresse_livraison="ZA du Moulin, 44800 Saint-Herblain",
        numero_commande="BC-2026-77",
        acompte=D("200"),
    ).avec_totaux(total_ttc=D("9999.99"))
    chemin = ecrire_facturx(p, tmp_path / "f.pdf")
    relue = lire_facturx(chemin, code_tiers="DURAND")
    assert relue.totaux == p.totaux and relue.totaux.total_ttc == D("9999.99")
    for champ in (
        "numero",
        "date_emission",
        "date_livraison",
        "date_echeance",
        "vendeur",
        "taux_remise",
        "taux_rabais",
        "taux_escompte",
        "frais_de_port",
        "acompte",
        "conditions_escompte",
        "penalites_retard",
        "indemnite_recouvrement",
        "adresse_livraison",
        "nature_operation",
        "option_tva_debits",
        "numero_commande",
    ):
        assert getattr(relue, champ) == getattr(p, champ), champ
    assert relue.acheteur == replace(NOUS, code="")
    assert [
        (lg.designation, lg.quantite, lg.prix_unitaire_ht, lg.taux_tva, lg.remise, lg.nature)
        for lg in relue.lignes
    ] == [
        (lg.designation, lg.quantite, lg.prix_unitaire_ht, lg.taux_tva, lg.remise, lg.nature)
        for lg in p.lignes
    ]
    assert relue.calcul == p.calcul
    texte = _t(PdfReader(chemin).pages[0].extract_text())
    assert "FA-2026-118" in texte and "9 999,99" in texte


def test_facturx__avoir_aller_retour(tmp_path):
    p = facture(type_piece="avoir", numero="AV-12", motif="rabais", facture_origine="FA-2026-118")
    relue = lire_facturx(ecrire_facturx(p, tmp_path / "a.pdf"), sens="achat")
    assert (relue.type_piece, relue.motif, relue.facture_origine) == ("avoir", "rabais", "FA-2026-118")


def test_facturx__sans_natures_puis_codification(tmp_path):
    p = facture(lignes=(LignePiece("Portable", 2, "800", "0,20", nature="materiel_informatique"),))
    relue = lire_facturx(ecrire_facturx(p, tmp_path / "f.pdf", natures=False))
    assert [lg.nature for lg in relue.lignes] == [""]
    assert [lg.nature for lg in relue.codifiee("2183").lignes] == ["2183"]
    with pytest.raises(PieceInvalide, match="une par ligne"):
        relue.codifiee("607", "607")


def test_facturx__avis_de_paiement_refuse():
    with pytest.raises(PieceInvalide, match="avis de paiement"):
        xml_cii(facture(type_piece="avis_paiement"))


def test_facturx__factures_des_donnees_fictives_relues_et_conformes(tmp_path):
    """Les factures Factur-X des données fictives (autre écrivain) se relisent sans défaut."""
    from compta_kernel.donnees_fictives import generer_dossier

    dossier = generer_dossier(11)
    for f in (*dossier.factures_vente[:2], dossier.factures_achat[0], dossier.avoirs_vente[0]):
        p = lire_facturx(f.en_facturx(tmp_path / f"{f.numero}.pdf"), sens=f.sens)
        assert verifier_piece(p) == (), f.numero
        assert (p.totaux.total_ttc, p.calcul.total_ttc) == (f.total_ttc, f.total_ttc)


def test_lire_facturx__fichier_qui_n_est_pas_un_pdf(tmp_path):
    from compta_kernel.erreurs import FichierInvalide

    chemin = tmp_path / "x.pdf"
    chemin.write_text("bonjour", encoding="utf-8")
    with pytest.raises(FichierInvalide, match="illisible"):
        lire_facturx(chemin)


# ---------------------------------------------------------------------- vérification
def test_verifier__facture_conforme_sans_defaut():
    assert verifier_piece(facture()) == ()
    assert verifier_piece(facture(dt.date(2026, 9, 15))) == ()


def _par_champ(defauts):
    return {d.champ: d for d in defauts}


def test_verifier__erreurs_de_calcul_nommees_avec_lu_et_attendu():
    p = facture(
        lignes=(
            LignePiece("Ramettes A4 (carton de 5)", 100, "30,00", "0,20", montant_declare="3 100,00"),
            LignePiece("Classeurs (lot de 10)", 50, "40,00", "0,20"),
        )
    ).avec_totaux(
        total_ht=D("4389.50"), total_tva=D("877.90"), total_ttc=D("5267.40"), net_a_payer=D("5267.40")
    )
    defauts = _par_champ(verifier_piece(p))
    assert set(defauts) == {"lignes[1].montant", "total_ht", "total_tva", "total_ttc", "net_a_payer"}
    ligne = defauts["lignes[1].montant"]
    assert isinstance(ligne, ErreurCalcul) and (ligne.lu, ligne.attendu) == (D("3100.00"), D("3000.00"))
    assert "100 × 30,00 €" in _t(ligne.message) and "facture rectificative" in ligne.message
    assert "Remise 10 %" in defauts["total_ht"].message


def test_verifier__tva_par_taux_fausse():
    c = facture().calcul
    faux = (replace(c.tva[0], tva=c.tva[0].tva + D("0.01")),)
    defauts = verifier_piece(facture().avec_totaux(tva=faux))
    assert [d.champ for d in defauts] == ["tva[0.20].montant"]
    assert "arrondie une fois par taux" in defauts[0].message


@pytest.mark.parametrize(
    ("partie", "champ", "extrait"),
    [
        (replace(DURAND, siren="732829321"), "vendeur.siren", "clé de Luhn"),
        (replace(DURAND, siret="73282932000075"), "vendeur.siret", "SIRET"),
        (replace(DURAND, siret="54210765100011"), "vendeur.siret", "ne commence pas par son SIREN"),
        (replace(DURAND, numero_tva="FR45732829320"), "vendeur.numero_tva", "VIES"),
        (replace(DURAND, numero_tva="FR13542107651"), "vendeur.numero_tva", "ne contient pas son SIREN"),
    ],
)
def test_verifier__identifiants_invalides(partie, champ, extrait):
    defauts = [d for d in verifier_piece(facture(vendeur=partie)) if isinstance(d, IdentifiantInvalide)]
    assert [d.champ for d in defauts] == [champ] and extrait in defauts[0].message


def test_verifier__mentions_manquantes_avec_source():
    p = facture(
        vendeur=replace(DURAND, siren="", numero_tva="", adresse="", code_postal="", ville=""),
        date_echeance=None,
        conditions_escompte="",
        penalites_retard="",
        indemnite_recouvrement=None,
        date_livraison=None,
    )
    defauts = _par_champ(verifier_piece(p))
    attendus = {
        "vendeur.adresse",
        "vendeur.siren",
        "vendeur.numero_tva",
        "date_livraison",
        "date_echeance",
        "conditions_escompte",
        "penalites_retard",
        "indemnite_recouvrement",
    }
    assert set(defauts) == attendus
    assert all(isinstance(d, MentionManquante) for d in defauts.values())
    assert "L441-9" in defauts["date_echeance"].source
    assert "242 nonies A" in defauts["vendeur.numero_tva"].source


def test_verifier__indemnite_forfaitaire_differente_du_montant_legal():
    (d,) = verifier_piece(facture(indemnite_recouvrement=D("30")))
    assert isinstance(d, MentionIncorrecte) and "40,00 €" in _t(d.message) and "D441-5" in d.source


def test_verifier__mentions_de_la_reforme_a_partir_du_1er_septembre_2026():
    """Décret n° 2022-1299 ; calendrier du décret n° 2024-266 : 1er septembre 2026."""
    kwargs = {
        "acheteur": replace(NOUS, siren=""),
        "nature_operation": "",
        "lignes": (LignePiece("Conseil", 2, "500", "0,20", nature="honoraires"),),
    }
    avant = facture(dt.date(2026, 8, 31), **kwargs)
    apres = facture(dt.date(2026, 9, 1), **kwargs)
    assert verifier_piece(avant, adresse_livraison="Quai 4, 44000 Nantes", option_debits=True) == ()
    defauts = _par_champ(verifier_piece(apres, adresse_livraison="Quai 4, 44000 Nantes", option_debits=True))
    assert set(defauts) == {"acheteur.siren", "nature_operation", "adresse_livraison", "option_tva_debits"}
    assert "2022-1299" in defauts["acheteur.siren"].source


def test_verifier__nature_de_l_operation_contredite_par_les_lignes():
    p = facture(dt.date(2026, 10, 1), nature_operation="services")
    (d,) = verifier_piece(p)
    assert isinstance(d, MentionIncorrecte) and d.champ == "nature_operation" and "« services »" in d.message


def test_verifier__numero_en_double_meme_emetteur_seulement():
    deja = facture(date_emission=dt.date(2026, 2, 1), date_livraison=dt.date(2026, 2, 1))
    (d,) = verifier_piece(facture(), deja_vus=(deja,))
    assert isinstance(d, NumeroEnDouble) and "déjà enregistré(e) du 01/02/2026" in d.message
    autre = replace(
        deja, vendeur=replace(DURAND, nom="Autre SARL", siren="542107651", siret="", numero_tva="")
    )
    assert verifier_piece(facture(), deja_vus=(autre,)) == ()
    assert [type(d) for d in verifier_piece(facture(), deja_vus=("FA-2026-118",))] == [NumeroEnDouble]


def test_verifier__dates_incoherentes():
    jour = dt.date(2026, 3, 2)
    (d,) = verifier_piece(facture(date_echeance=jour - dt.timedelta(days=1)))
    assert isinstance(d, DatesIncoherentes) and "antérieure" in d.message
    (d,) = verifier_piece(facture(date_echeance=jour + dt.timedelta(days=90)))
    assert isinstance(d, DatesIncoherentes) and "90 jours" in d.message and "L441-10" in d.source
    (d,) = verifier_piece(facture(date_livraison=jour + dt.timedelta(days=3)))
    assert isinstance(d, DatesIncoherentes) and d.champ == "date_livraison"


def test_verifier__avoir_sans_facture_d_origine():
    p = facture(type_piece="avoir", numero="AV-1", motif="retour", date_echeance=None)
    assert [d.champ for d in verifier_piece(p)] == ["facture_origine"]


def test_verifier__acheteur_intracommunautaire_sans_numero_de_tva():
    client = Partie("Müller GmbH", "Hauptstraße 5", "10115", "Berlin", pays="DE")
    p = facture(sens="vente", vendeur=NOUS, acheteur=client)
    assert [d.champ for d in verifier_piece(p)] == ["acheteur.numero_tva"]
