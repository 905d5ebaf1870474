"""Pointage et état de rapprochement bancaire, erreurs de la banque, suspens d'un mois sur l'autre.

Cas connus tirés d'exemples publiés (source dans chaque docstring) ; erreurs de la banque et
suspens calculés à la main ; propriété (hypothesis) : quels que soient les décalages de dates,
l'état est apuré une fois les opérations pointées.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from aides import livre_depuis_texte
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, Ligne, Livre
from compta_kernel.banque import MouvementBancaire, Releve, lire_releve
from compta_kernel.rapprochement import (
    ErreurBanque,
    LignePointage,
    Pointage,
    PointageInvalide,
    detecter_erreurs,
    lignes_compte,
    lignes_releve,
    pointage,
    pointer_automatiquement,
    rapprocher,
)

RELEVES = Path(__file__).parent / "releves"
J = Decimal


def _releve(debut, fin, initial, operations, iban="FR7630004000031234567890143") -> Releve:
    mouvements = tuple(
        MouvementBancaire(jour, libelle, J(valeur), identifiant=f"R{i}")
        for i, (jour, libelle, valeur) in enumerate(operations, start=1)
    )
    total = sum(m.montant for m in mouvements)
    return Releve(iban, debut, fin, J(initial), J(initial) + total, mouvements)


# --- Exemple publié n° 1 --------------------------------------------------------------------

LIVRE_JANVIER = """
2026-01-01 AN AN À-nouveaux
  512  1000,00
  101  -  1000,00
2026-01-10 BQ CH1 Chèque n° 1 fournisseur X
  401  700,00
  512  -  700,00
2026-01-20 BQ REM1 Remise de chèques clients
  512  5000,00
  411  -  5000,00
2026-01-29 BQ CH2 Chèque n° 2 fournisseur Y
  401  2000,00
  512  -  2000,00
"""


def test_etat__exemple_publie_janvier():
    """Exemple « Relations avec la banque : état de rapprochement bancaire »
    (https://fr.scribd.com/document/646948524) : 512 débiteur 3 300, relevé créditeur 5 600 ;
    intérêts 300 non enregistrés par l'entreprise, chèque n° 2 (2 000) non débité ; soldes
    rectifiés 3 600 de part et d'autre."""
    livre = livre_depuis_texte(LIVRE_JANVIER)
    releve = _releve(
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        "1000",
        [
            (dt.date(2026, 1, 12), "CHEQUE N° 1", "-700"),
            (dt.date(2026, 1, 22), "REMISE DE CHEQUES", "5000"),
            (dt.date(2026, 1, 28), "INTERETS DE VOS PLACEMENTS", "300"),
        ],
    )
    etat = rapprocher(livre, releve)
    assert (etat.solde_livre, etat.solde_releve) == (J("3300.00"), J("5600.00"))
    assert [(x.libelle, x.montant) for x in etat.non_enregistrees_entreprise] == [
        ("INTERETS DE VOS PLACEMENTS", J("300.00"))
    ]
    assert [(x.libelle, x.montant) for x in etat.non_enregistrees_banque] == [
        ("Chèque n° 2 fournisseur Y", J("-2000.00"))
    ]
    assert etat.solde_rectifie_entreprise == etat.solde_rectifie_banque == J("3600.00")
    assert etat.apure and not etat.erreurs_banque
    (ecriture,) = etat.ecritures()
    assert [(l.compte, l.debit, l.credit) for l in ecriture.lignes] == [
        ("512", J("300.00"), J("0.00")),
        ("768", J("0.00"), J("300.00")),
    ]


# --- Exemple publié n° 2 (relevé dans tests/releves/) ---------------------------------------

LIVRE_FEVRIER = """
2026-01-01 AN AN À-nouveaux
  512  2675,80
  101  -  2675,80
2026-02-08 BQ CH32465 Retrait d'espèces chèque n° 32465
  53   500,00
  512  -  500,00
2026-02-14 BQ REM5479 Remise de chèque n° 5479 client CARPE
  512  10000,00
  411 @CARPE  -  10000,00
2026-02-19 BQ CH32466 Chèque n° 32466 fournisseur BROCHET
  401 @BROCHET 1300,00
  512  -  1300,00
2026-02-21 BQ VIR-SOMON Virement au fournisseur SOMON
  401 @SOMON 300,00
  512  -  300,00
2026-02-25 BQ DEP0225 Dépôt d'espèces
  512  660,00
  53  -  660,00
2026-02-26 BQ CH54897 Chèque n° 54897 client SANDRE
  512  4500,00
  411 @SANDRE  -  4500,00
2026-02-27 BQ CH32467 Chèque n° 32467 loyer
  613  335,80
  512  -  335,80
"""


@pytest.mark.parametrize("fichier", ["fevrier_debit_credit.csv", "fevrier.ofx", "fevrier_camt053.xml"])
def test_etat__exemple_publie_fevrier(fichier):
    """Exemple « L'état de rapprochement bancaire » (https://fr.scribd.com/document/509014873) :
    512 débiteur 15 400,00, relevé créditeur 12 600,00. Côté entreprise : + dividendes 1 400,
    − intérêts de découvert 200, − prélèvement EDF 800 ; côté banque : + chèque SANDRE 4 500
    non crédité, − chèque n° 32466 (BROCHET) 1 300 non débité ; soldes rectifiés 15 800,00."""
    livre = livre_depuis_texte(LIVRE_FEVRIER)
    etat = rapprocher(livre, lire_releve(RELEVES / fichier))
    assert (etat.solde_livre, etat.solde_releve) == (J("15400.00"), J("12600.00"))
    assert sorted(x.montant for x in etat.non_enregistrees_entreprise) == [
        J("-800.00"),
        J("-200.00"),
        J("1400.00"),
    ]
    assert sorted(x.montant for x in etat.non_enregistrees_banque) == [J("-1300.00"), J("4500.00")]
    assert etat.solde_rectifie_entreprise == etat.solde_rectifie_banque == J("15800.00")
    assert etat.apure
    assert len(etat.pointages) == 5 and {p.mode for p in etat.pointages} == {"auto"}


def test_etat__presentation_a_deux_colonnes():
    """Côté entreprise, solde débiteur au débit ; côté banque, solde créditeur au crédit ;
    le chèque non débité au débit de la colonne banque ; dernière ligne : soldes rectifiés."""
    etat = rapprocher(livre_depuis_texte(LIVRE_FEVRIER), lire_releve(RELEVES / "fevrier.ofx"))
    tableau = etat.tableau()
    assert list(tableau.columns) == [
        "entreprise",
        "debit_entreprise",
        "credit_entreprise",
        "banque",
        "debit_banque",
        "credit_banque",
    ]
    premiere, derniere = tableau.iloc[0], tableau.iloc[-1]
    assert premiere["debit_entreprise"] == J("15400.00") and premiere["credit_banque"] == J("12600.00")
    assert derniere["entreprise"] == derniere["banque"] == "Solde rectifié"
    assert derniere["debit_entreprise"] == derniere["credit_banque"] == J("15800.00")
    cheque = tableau[tableau["banque"].str.contains("BROCHET")].iloc[0]
    assert cheque["debit_banque"] == J("1300.00")
    assert "État apuré" in etat.texte() and "<table>" in etat._repr_html_()


def test_etat__ecritures_des_operations_bancaires_puis_rapprochement_sans_suspens_entreprise():
    """Les écritures proposées passées au livre, le rapprochement refait n'a plus rien côté entreprise."""
    livre = livre_depuis_texte(LIVRE_FEVRIER)
    releve = lire_releve(RELEVES / "fevrier_debit_credit.csv")
    etat = rapprocher(livre, releve)
    ecritures = etat.ecritures()
    comptes = sorted(next(l.compte for l in e.lignes if l.compte != "512") for e in ecritures)
    assert comptes == ["401", "6616", "764"]
    for e in ecritures:
        livre.passer(e)
    apres = rapprocher(livre, releve)
    assert not apres.non_enregistrees_entreprise and apres.apure
    assert apres.solde_livre == J("15800.00")


# --- Pointage manuel ------------------------------------------------------------------------

R = (
    LignePointage("R1", "02/03/2026", "VIR DUPONT F2026-001", J("1200.00"), "F2026-001"),
    LignePointage("R2", "05/03/2026", "FRAIS TENUE COMPTE", J("-12.50")),
    LignePointage("R3", "09/03/2026", "REMISE CHQ 4455", J("750.00")),
)
L = (
    LignePointage("L1", "01/03/2026", "Règlement F2026-001 Dupont", "1 200,00", "F2026-001"),
    LignePointage("L2", "04/03/2026", "Chèque Martin", J("300.00")),
    LignePointage("L3", "04/03/2026", "Chèque Durand", J("450.00")),
)


def test_pointage_manuel__plusieurs_lignes_pour_une():
    p = pointage(R, L, ["R3"], ["L2", "L3"])
    assert p == Pointage("A", ("R3",), ("L2", "L3"))


@pytest.mark.parametrize(
    ("releve", "livre", "deja", "extrait"),
    [
        (["R1"], ["L2"], (), "différence 900,00"),
        (["R9"], ["L1"], (), "« R9 » n'existe pas"),
        ([], ["L1"], (), "au moins une ligne"),
        (["R1"], ["L1"], (Pointage("A", ("R1",), ("L1",)),), "déjà pointée (A)"),
    ],
)
def test_pointage_manuel__refus(releve, livre, deja, extrait):
    with pytest.raises(PointageInvalide) as erreur:
        pointage(R, L, releve, livre, deja=deja)
    assert extrait in str(erreur.value).replace("\u202f", " ").replace("\xa0", " ")


def test_pointage_automatique__reference_puis_montant_puis_regroupement():
    pointages = pointer_automatiquement(R, L)
    assert [(p.releve, p.livre) for p in pointages] == [(("R1",), ("L1",)), (("R3",), ("L2", "L3"))]
    assert [p.code for p in pointages] == ["A", "B"]


def test_pointage_automatique__la_reference_departage_deux_montants_egaux():
    releve = (LignePointage("R1", "10/03/2026", "CHEQUE N° 1234568", J("-80.00"), "1234568"),)
    livre = (
        LignePointage("L1", "09/03/2026", "Chèque 1234567 Martin", J("-80.00")),
        LignePointage("L2", "03/03/2026", "Chèque 1234568 Durand", J("-80.00")),
    )
    (p,) = pointer_automatiquement(releve, livre)
    assert p.livre == ("L2",)


def test_pointage_automatique__hors_de_la_fenetre_de_dates():
    releve = (LignePointage("R1", "30/04/2026", "VIR DUPONT", J("100.00")),)
    livre = (LignePointage("L1", "01/03/2026", "Règlement Dupont", J("100.00")),)
    assert pointer_automatiquement(releve, livre) == ()
    assert len(pointer_automatiquement(releve, livre, jours=60)) == 1


def test_rapprocher__pointages_manuels_puis_automatiques():
    livre = livre_depuis_texte(LIVRE_FEVRIER)
    releve = lire_releve(RELEVES / "fevrier.ofx")
    livre_ids = {x.libelle: x.id for x in lignes_compte(livre, debut=releve.debut, fin=releve.fin)}
    releve_ids = {x.libelle: x.id for x in lignes_releve(releve)}
    manuel = (
        [releve_ids["VERSEMENT ESPECES"]],
        [livre_ids["Dépôt d'espèces"]],
    )
    etat = rapprocher(livre, releve, pointages=[manuel])
    assert etat.pointages[0].mode == "manuel" and etat.pointages[0].code == "A"
    assert etat.apure
    seul = rapprocher(livre, releve, pointages=[manuel], automatique=False)
    # Sans pointage automatique, tout le reste est en suspens (l'état reste équilibré).
    assert len(seul.non_enregistrees_entreprise) == 7 and len(seul.non_enregistrees_banque) == 6
    assert seul.pointages == etat.pointages[:1]


# --- Erreurs de la banque ------------------------------------------------------------------

LIVRE_MARS = """
2026-01-01 AN AN À-nouveaux
  512  5000,00
  101  -  5000,00
2026-03-03 BQ F2026-031 Règlement F2026-031 Dupont
  512  1520,00
  411 @DUPONT  -  1520,00
2026-03-10 BQ 2026-118 Prélèvement Énergies Martin facture 2026-118
  401 @MARTIN 240,00
  512  -  240,00
"""


def test_erreurs_banque__double_prelevement_et_montant_mal_saisi():
    """Virement Dupont crédité 1 250,00 au lieu de 1 520,00 (chiffres inversés) ; prélèvement
    Martin de 240,00 passé deux fois. Calcul à la main : 512 = 5 000 + 1 520 − 240 = 6 280 ;
    relevé = 5 000 + 1 250 − 240 − 240 = 5 770 ; corrections dues par la banque 270 + 240 ;
    5 770 + 510 = 6 280 : état apuré, rien à comptabiliser, deux réclamations."""
    livre = livre_depuis_texte(LIVRE_MARS)
    releve = _releve(
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        "5000",
        [
            (dt.date(2026, 3, 4), "VIR SEPA RECU /DE DUPONT /REF F2026-031", "1250"),
            (dt.date(2026, 3, 10), "PRLV SEPA ENERGIES MARTIN /REF 2026-118", "-240"),
            (dt.date(2026, 3, 11), "PRLV SEPA ENERGIES MARTIN /REF 2026-118", "-240"),
        ],
    )
    etat = rapprocher(livre, releve)
    natures = {e.nature: e.correction for e in etat.erreurs_banque}
    assert natures == {"montant erroné": J("270.00"), "double prélèvement": J("240.00")}
    assert not etat.non_enregistrees_entreprise and not etat.non_enregistrees_banque
    assert etat.solde_rectifie_banque == etat.solde_rectifie_entreprise == J("6280.00")
    assert etat.apure and etat.ecritures() == ()
    lettre = etat.reclamation().replace("\u202f", " ").replace("\xa0", " ")
    assert "1 250,00 € au lieu de 1 520,00 €" in lettre and "débité deux fois" in lettre
    assert "Montant net à rectifier en notre faveur : 510,00 €" in lettre


def test_erreurs_banque__correction_le_mois_suivant():
    """La banque recrédite les 510,00 € en avril : l'erreur sort de l'état, rien à comptabiliser."""
    livre = livre_depuis_texte(LIVRE_MARS)
    mars = _releve(
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        "5000",
        [
            (dt.date(2026, 3, 10), "PRLV SEPA ENERGIES MARTIN /REF 2026-118", "-240"),
            (dt.date(2026, 3, 11), "PRLV SEPA ENERGIES MARTIN /REF 2026-118", "-240"),
            (dt.date(2026, 3, 4), "VIR SEPA RECU /DE DUPONT /REF F2026-031", "1520"),
        ],
    )
    etat_mars = rapprocher(livre, mars)
    assert [e.nature for e in etat_mars.erreurs_banque] == ["double prélèvement"] and etat_mars.apure
    avril = _releve(
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
        str(mars.solde_final),
        [(dt.date(2026, 4, 3), "REGULARISATION PRLV DOUBLE", "240")],
    )
    etat_avril = rapprocher(livre, avril, precedent=etat_mars)
    assert not etat_avril.erreurs_banque and not etat_avril.non_enregistrees_entreprise
    assert etat_avril.apure
    sans_precedent = rapprocher(livre, avril)
    assert [x.montant for x in sans_precedent.non_enregistrees_entreprise] == [J("240.00")]


def test_erreurs_banque__pas_de_fausse_alerte_sur_des_montants_egaux_espaces():
    """Deux frais mensuels identiques à un mois d'écart ne sont pas un double prélèvement."""
    releve = (
        LignePointage("R1", "28/02/2026", "FRAIS TENUE DE COMPTE", J("-18.00")),
        LignePointage("R2", "31/03/2026", "FRAIS TENUE DE COMPTE", J("-18.00")),
    )
    livre = (LignePointage("L1", "28/02/2026", "Frais février", J("-18.00")),)
    pointages = pointer_automatiquement(releve, livre, jours=5)
    assert detecter_erreurs(releve, livre, pointages) == ()


def test_erreur_banque__message():
    e = ErreurBanque(
        "montant erroné",
        LignePointage("R1", "04/03/2026", "VIR DUPONT", J("1250.00")),
        LignePointage("L1", "03/03/2026", "Règlement Dupont", J("1520.00")),
        J("270.00"),
    )
    assert "recréditer" in e.message()


# --- Suspens d'un mois sur l'autre, dossiers générés -----------------------------------------


@pytest.mark.parametrize("graine", [11, 12])
def test_rapprocher__une_annee_de_releves_fictifs__chaque_mois_apure(graine):
    """Chèques débités le mois suivant, remises créditées plus tard, opérations de décembre non
    comptabilisées : avec l'état précédent, chaque mois est apuré, sans fausse erreur de banque."""
    from compta_kernel.banque import depuis_releve_fictif
    from compta_kernel.donnees_fictives import generer_dossier

    dossier = generer_dossier(graine)
    livre = dossier.livre()
    precedent = None
    for fictif in dossier.releves:
        etat = rapprocher(livre, depuis_releve_fictif(fictif), precedent=precedent)
        assert etat.apure, (fictif.numero, etat.conclusion())
        assert not etat.erreurs_banque
        precedent = etat
    a_passer = {x.libelle for x in etat.non_enregistrees_entreprise}
    attendues = {m.libelle for m in dossier.releves[-1].lignes if not m.comptabilisee}
    assert a_passer == attendues


def test_rapprocher__releve_sans_solde_final():
    releve = dataclasses.replace(lire_releve(RELEVES / "fevrier.ofx"), solde_final=None)
    with pytest.raises(Exception, match="solde final"):
        rapprocher(livre_depuis_texte(LIVRE_FEVRIER), releve)


@st.composite
def mois_de_banque(draw):
    """Des opérations du mois : chacune enregistrée par l'entreprise, par la banque, ou les deux
    avec quelques jours d'écart (dans un sens ou l'autre)."""
    n = draw(st.integers(1, 12))
    operations = []
    for i in range(n):
        centimes = draw(st.integers(-500_000, 500_000).filter(bool))
        jour = draw(st.integers(1, 28))
        decalage = draw(st.integers(-3, 6))
        cote = draw(st.sampled_from(["deux", "deux", "deux", "entreprise", "banque"]))
        operations.append((i, J(centimes).scaleb(-2), jour, decalage, cote))
    return operations


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=mois_de_banque())
def test_propriete__etat_toujours_apure_quand_tout_est_pointe(operations):
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    livre.passer(
        Ecriture(
            "AN",
            dt.date(2026, 1, 1),
            "AN",
            "À-nouveaux",
            (Ligne("512", debit=J("10000")), Ligne("101", credit=J("10000"))),
        )
    )
    mouvements = []
    for i, valeur, jour, decalage, cote in operations:
        date_livre = dt.date(2026, 6, jour)
        date_banque = min(date_livre + dt.timedelta(days=max(decalage, 0)), dt.date(2026, 6, 30))
        if cote in ("deux", "entreprise"):
            lignes = (
                (Ligne("512", debit=valeur), Ligne("471", credit=valeur))
                if valeur > 0
                else (Ligne("471", debit=-valeur), Ligne("512", credit=-valeur))
            )
            livre.passer(Ecriture("BQ", date_livre, f"P{i}", f"Opération {i}", lignes))
        if cote in ("deux", "banque"):
            mouvements.append(MouvementBancaire(date_banque, f"OPERATION {i}", valeur, identifiant=f"R{i}"))
    mouvements.sort(key=lambda m: m.date)
    total = sum((m.montant for m in mouvements), J("0"))
    releve = Releve(
        "", dt.date(2026, 6, 1), dt.date(2026, 6, 30), J("10000.00"), J("10000.00") + total, tuple(mouvements)
    )
    etat = rapprocher(livre, releve, detecter=False)
    assert etat.apure
    assert etat.solde_rectifie_entreprise == etat.solde_rectifie_banque
    attendu_banque = {f"Opération {i}" for i, _, _, _, cote in operations if cote == "entreprise"}
    attendu_entreprise = {f"OPERATION {i}" for i, _, _, _, cote in operations if cote == "banque"}
    montants = [valeur for _, valeur, _, _, _ in operations]
    if len(set(montants)) == len(montants) and not attendu_entreprise:
        # Montants distincts, aucune opération propre à la banque : un seul appariement possible.
        assert {x.libelle for x in etat.non_enregistrees_banque} == attendu_banque
        assert not etat.non_enregistrees_entreprise


# --- Le widget de pointage s'appuie sur le noyau --------------------------------------------


def test_widget__pointage_depuis_un_releve_et_etat(tmp_path):
    from formulaires.pointage import ModelePointage

    livre = livre_depuis_texte(LIVRE_JANVIER)
    releve = _releve(
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 31),
        "1000",
        [
            (dt.date(2026, 1, 12), "CHEQUE N° 1", "-700"),
            (dt.date(2026, 1, 22), "REMISE DE CHEQUES", "5000"),
            (dt.date(2026, 1, 28), "INTERETS DE VOS PLACEMENTS", "300"),
        ],
    )
    modele = ModelePointage.depuis_releve(livre, releve, "b1_pointage", tmp_path)
    ids = {x.libelle: x.id for x in modele.lignes["livre"]}
    for ident_r, libelle in (("R1", "Chèque n° 1 fournisseur X"), ("R2", "Remise de chèques clients")):
        modele.cocher("releve", ident_r, True)
        modele.cocher("livre", ids[libelle], True)
        assert modele.pointer() is not None
    etat = modele.etat()
    assert etat.apure and etat.solde_rectifie_banque == J("3600.00")
    assert [x.id for x in etat.non_enregistrees_entreprise] == ["R3"]


def test_livre_rapprochement__delegue_au_noyau():
    """``Livre.rapprochement`` et l'API publique (``compta_kernel.lire_releve``) donnent le même état."""
    import compta_kernel

    livre = livre_depuis_texte(LIVRE_FEVRIER)
    releve = compta_kernel.lire_releve(RELEVES / "fevrier_camt053.xml")
    etat = livre.rapprochement(releve, jours=10)
    assert isinstance(etat, compta_kernel.EtatRapprochement)
    assert etat == compta_kernel.rapprocher(livre, releve, jours=10)
    assert etat.solde_rectifie_entreprise == J("15800.00")
