"""Données fictives : déterminisme, identifiants valides, factures exactes, livre, banque, Factur-X."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel import Livre, regles
from compta_kernel.donnees_fictives import (
    SMIC_MENSUEL_2026,
    Article,
    Avoir,
    ConditionsPaiement,
    Escompte,
    Facture,
    LigneFacture,
    delai_conforme,
    est_jour_ouvre_bancaire,
    generer_dossier,
    lire_facturx,
)

RACINE = Path(__file__).resolve().parent.parent
GRAINES = (0, 1, 7, 2026, b"\x00" * 16, b"apprenant-42|b1_facture_achat", 123456789)
CENT = Decimal("0.01")


def arrondi(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def dossiers():
    return [generer_dossier(g) for g in GRAINES]


# ---------------------------------------------------------------------- déterminisme
def test_meme_graine__meme_dossier_et_memes_fichiers():
    for graine in (2026, b"\x01\x02\x03"):
        a, b = generer_dossier(graine), generer_dossier(graine)
        assert a == b
        assert [r.vers_csv() for r in a.releves] == [r.vers_csv() for r in b.releves]
        assert a.factures_vente[0].xml_facturx() == b.factures_vente[0].xml_facturx()


def test_graines_differentes__noms_montants_et_dates_differents():
    dossiers = [generer_dossier(g) for g in range(20)]
    noms = {d.entreprise.raison_sociale for d in dossiers}
    assert len(noms) >= 18
    chiffres = {sum((f.total_ttc for f in d.factures_vente), Decimal(0)) for d in dossiers}
    assert len(chiffres) == 20
    dates = {tuple(f.date_emission for f in d.factures_vente) for d in dossiers}
    assert len(dates) == 20
    assert len({d.entreprise.siren for d in dossiers}) == 20


def test_graine_entier_et_octets_differents():
    assert generer_dossier(1) != generer_dossier(b"\x01")


def test_graine_texte_ou_flottant__refusee():
    for graine in ("abc", 1.5, None, True):
        with pytest.raises(TypeError, match="entier ou des octets"):
            generer_dossier(graine)


def _empreinte_dans_un_autre_processus(graine_hash: str) -> str:
    code = (
        "import hashlib; from compta_kernel.donnees_fictives import generer_dossier; "
        "d = generer_dossier(b'graine'); "
        "print(hashlib.sha256((repr(d) + ''.join(r.vers_csv() for r in d.releves)).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": graine_hash}
    sortie = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return sortie.stdout.strip()


def test_determinisme__independant_du_hachage_des_textes():
    """La même graine donne le même dossier quel que soit PYTHONHASHSEED (ordre des ensembles, hash())."""
    d = generer_dossier(b"graine")
    attendu = hashlib.sha256((repr(d) + "".join(r.vers_csv() for r in d.releves)).encode()).hexdigest()
    assert _empreinte_dans_un_autre_processus("1") == attendu
    assert _empreinte_dans_un_autre_processus("4242") == attendu


def test_generation_rapide():
    generer_dossier(0)
    debut = time.perf_counter()
    for g in range(1, 6):
        generer_dossier(g)
    assert (time.perf_counter() - debut) / 5 < 0.5


# ---------------------------------------------------------------------- identités
def test_identifiants_valides(dossiers):
    from schwifty import IBAN
    from stdnum.fr import nir, siren, siret, tva

    for d in dossiers:
        societes = (d.entreprise, *d.clients, *d.fournisseurs)
        assert len({s.siren for s in societes}) == len(societes)
        for s in societes:
            assert siren.is_valid(s.siren), s.siren
            assert siret.is_valid(s.siret) and s.siret.startswith(s.siren), s.siret
            assert tva.is_valid(s.numero_tva) and tva.to_siren(s.numero_tva) == s.siren, s.numero_tva
            iban = IBAN(s.banque.iban, validate_bban=True)
            assert str(iban) == s.banque.iban
            assert str(iban.bic)[:8] == s.banque.bic, (s.banque.banque, iban.bic)
        for salarie in d.salaries:
            assert nir.is_valid(salarie.nir), salarie.nir


def test_adresses__code_postal_et_commune_reels(dossiers):
    from compta_kernel.donnees_fictives import _VILLES

    communes = {(cp, ville) for cp, ville, _ in _VILLES}
    for d in dossiers:
        for s in (d.entreprise, *d.clients, *d.fournisseurs):
            assert (s.adresse.code_postal, s.adresse.ville) in communes
            assert s.adresse.code_postal[:2] != "20"  # pas de Corse : départements 2A / 2B
            if getattr(s, "adresse_livraison", None):
                assert s.adresse_livraison.ville == s.adresse.ville


def test_entreprise__forme_capital_naf_exercice(dossiers):
    for d in dossiers:
        e = d.entreprise
        assert e.forme_juridique in ("SARL", "SAS", "EURL", "SA")
        assert e.capital >= (Decimal(37000) if e.forme_juridique == "SA" else Decimal(1))
        assert len(e.code_naf) == 6 and e.code_naf[2] == "." and e.code_naf[-1].isalpha()
        assert e.activite in ("négoce", "services", "mixte")
        assert (e.exercice_debut, e.exercice_fin) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert e.date_creation < e.exercice_debut
        assert "CA3" in e.regime_tva
        natures = {a.nature for a in d.catalogue}
        attendu = {"négoce": {"bien"}, "services": {"service"}, "mixte": {"bien", "service"}}[e.activite]
        assert natures == attendu


def test_tiers__codes_comptes_et_conditions(dossiers):
    for d in dossiers:
        assert [c.code for c in d.clients] == [f"C{i:04d}" for i in range(1, len(d.clients) + 1)]
        assert [f.code for f in d.fournisseurs] == [f"F{i:04d}" for i in range(1, len(d.fournisseurs) + 1)]
        assert {c.compte for c in d.clients} == {"411"} and {f.compte for f in d.fournisseurs} == {"401"}
        for t in d.clients + d.fournisseurs:
            assert t.conditions in (
                ConditionsPaiement(30),
                ConditionsPaiement(45, True),
                ConditionsPaiement(60),
            )
            assert "@" in t.email and t.contact.nom


def test_salaries__au_moins_le_smic_au_prorata(dossiers):
    for d in dossiers:
        assert len(d.salaries) == 4
        for s in d.salaries:
            assert s.statut in ("cadre", "non cadre")
            assert s.salaire_base >= SMIC_MENSUEL_2026 * s.duree_hebdomadaire / 35
            assert s.salaire_base == arrondi(s.salaire_base)
            assert s.date_entree >= s.date_naissance.replace(year=s.date_naissance.year + 18)
    assert generer_dossier(0).salaries[0].heures_mensuelles in (Decimal("151.67"), Decimal("104.00"))


def test_smic__parametre_respecte():
    d = generer_dossier(5, smic_mensuel=Decimal("2500.00"))
    assert all(s.salaire_base >= Decimal(2500) * s.duree_hebdomadaire / 35 for s in d.salaries)


# ---------------------------------------------------------------------- factures
@pytest.fixture
def parties():
    d = generer_dossier(0)
    return d.entreprise, d.clients[0]


def test_facture_calculee_a_la_main(parties):
    """Facture de vente chiffrée à la main (taux de TVA 2026 : 20 % et 5,5 %).

    Lignes : A, 10 × 45,00 = 450,00, remise de ligne 10 % (45,00) → 405,00 (20 %) ;
             B, 4 × 12,50 = 50,00 (5,5 %).
    Cascade par taux, chaque réduction arrondie au centime (demi supérieur) :
      20 %  : 405,00 − remise 5 % 20,25 = 384,75 − rabais 2 % 7,695 → 7,70 = 377,05
              − ristourne 1 % 3,7705 → 3,77 = 373,28 (net commercial)
              − escompte 2 % 7,4656 → 7,47 = 365,81 (net financier)
      5,5 % : 50,00 − 2,50 = 47,50 − 0,95 = 46,55 − 0,4655 → 0,47 = 46,08 − 0,9216 → 0,92 = 45,16
    Port 15,00 au taux de l'opération principale (20 %).
    Bases : 20 % 365,81 + 15,00 = 380,81 → TVA 76,162 → 76,16 ; 5,5 % 45,16 → TVA 2,4838 → 2,48.
    Total HT 425,97 ; TVA 78,64 ; TTC 504,61 ; acompte 100,00 ; net à payer 404,61.
    Écriture : 411 404,61 + 4191 100,00 + 665 8,39 = 513,00 au débit ;
               707 419,36 + 7085 15,00 + 44571 76,16 + 44571 2,48 = 513,00 au crédit.
    """
    entreprise, client = parties
    a = Article("A-001", "Article A", Decimal("45.00"), "normal", "707", "607", "pièce", "bien")
    b = Article("B-001", "Article B", Decimal("12.50"), "reduit", "707", "607", "pièce", "bien")
    f = Facture(
        numero="F2026-900",
        sens="vente",
        date_emission=dt.date(2026, 3, 10),
        date_livraison=dt.date(2026, 3, 9),
        vendeur=entreprise,
        acheteur=client,
        lignes=(
            LigneFacture(a, Decimal(10), a.prix_unitaire_ht, Decimal("0.10")),
            LigneFacture(b, Decimal(4), b.prix_unitaire_ht),
        ),
        conditions=ConditionsPaiement(30),
        taux_remise=Decimal("0.05"),
        taux_rabais=Decimal("0.02"),
        taux_ristourne=Decimal("0.01"),
        escompte=Escompte(Decimal("0.02"), 10),
        frais_de_port=Decimal("15.00"),
        acompte=Decimal("100.00"),
        date_acompte=dt.date(2026, 2, 20),
    )
    normal, reduit = f.cascades
    assert (
        normal.montant_brut,
        normal.remise,
        normal.rabais,
        normal.ristourne,
        normal.net_commercial,
        normal.escompte,
        normal.net_financier,
    ) == tuple(Decimal(x) for x in ("405.00", "20.25", "7.70", "3.77", "373.28", "7.47", "365.81"))
    assert (reduit.net_commercial, reduit.escompte, reduit.net_financier) == (
        Decimal("46.08"),
        Decimal("0.92"),
        Decimal("45.16"),
    )
    assert [(t.taux, t.base_ht, t.tva) for t in f.tva_par_taux] == [
        (Decimal("0.20"), Decimal("380.81"), Decimal("76.16")),
        (Decimal("0.055"), Decimal("45.16"), Decimal("2.48")),
    ]
    assert (f.total_ht, f.total_tva, f.total_ttc, f.net_a_payer) == (
        Decimal("425.97"),
        Decimal("78.64"),
        Decimal("504.61"),
        Decimal("404.61"),
    )
    assert f.date_echeance == dt.date(2026, 3, 20)  # fin du délai d'escompte
    e = f.ecriture()
    assert e.journal == "VT" and e.total_debit == Decimal("513.00")
    assert [(lg.compte, lg.debit, lg.credit) for lg in e.lignes] == [
        ("411", Decimal("404.61"), Decimal("0.00")),
        ("4191", Decimal("100.00"), Decimal("0.00")),
        ("665", Decimal("8.39"), Decimal("0.00")),
        ("707", Decimal("0.00"), Decimal("419.36")),
        ("7085", Decimal("0.00"), Decimal("15.00")),
        ("44571", Decimal("0.00"), Decimal("76.16")),
        ("44571", Decimal("0.00"), Decimal("2.48")),
    ]
    assert e.lignes[0].tiers == client.code and e.lignes[0].echeance == dt.date(2026, 3, 20)


def test_tva_arrondie_par_taux_et_non_par_ligne(parties):
    """Trois lignes de 1,05 € HT à 10 % : par ligne 0,105 → 0,11 × 3 = 0,33 ; par taux 3,15 × 10 % = 0,315 → 0,32."""
    entreprise, client = parties
    a = Article(
        "X", "Transport de voyageurs", Decimal("1.05"), "intermediaire", "706", "", "pièce", "service"
    )
    f = Facture(
        "F2026-901",
        "vente",
        dt.date(2026, 5, 4),
        dt.date(2026, 5, 4),
        entreprise,
        client,
        (LigneFacture(a, Decimal(1), a.prix_unitaire_ht),) * 3,
        ConditionsPaiement(30),
    )
    assert f.total_tva == Decimal("0.32")


def _recalculer(piece):
    """Recalcul indépendant : lignes, cascade par (taux, compte), TVA par taux, TTC."""
    jour = piece.date_livraison if isinstance(piece, Facture) else piece.date_facture
    groupes = {}
    for lg in piece.lignes:
        brut = arrondi(lg.quantite * lg.prix_unitaire_ht)
        assert lg.montant_ht == brut - arrondi(brut * lg.remise)
        compte = lg.article.compte_vente if piece.sens == "vente" else lg.article.compte_achat
        cle = (lg.article.cle_taux, compte)
        groupes[cle] = groupes.get(cle, Decimal(0)) + lg.montant_ht
    taux_r = [getattr(piece, n, Decimal(0)) for n in ("taux_remise", "taux_rabais", "taux_ristourne")]
    taux_e = piece.escompte.taux if piece.escompte else Decimal(0)
    bases, reductions, brut_max = {}, Decimal(0), None
    for (cle, _), montant in groupes.items():
        base = montant
        for t in taux_r + [taux_e]:
            r = arrondi(base * t)
            reductions += r
            base -= r
        bases[cle] = bases.get(cle, Decimal(0)) + base
        if brut_max is None or montant > brut_max[1]:
            brut_max = (cle, montant)
    if piece.frais_de_port:
        bases[brut_max[0]] += piece.frais_de_port
    tva = {cle: arrondi(base * regles.valeur(f"tva.taux.{cle}", jour)) for cle, base in bases.items()}
    ht = sum(bases.values(), Decimal(0))
    return ht, sum(tva.values(), Decimal(0)), reductions, bases, tva


def test_arithmetique_de_chaque_piece(dossiers):
    for d in dossiers:
        for p in d.pieces():
            ht, tva, reductions, bases, par_taux = _recalculer(p)
            assert p.total_ht == ht and p.total_tva == tva, p.numero
            assert p.total_ttc == ht + tva
            assert p.net_a_payer == p.total_ttc - p.acompte
            assert p.total_remise + p.total_rabais + p.total_ristourne + p.total_escompte == reductions
            assert {t.cle_taux: t.base_ht for t in p.tva_par_taux} == bases
            assert {t.cle_taux: t.tva for t in p.tva_par_taux} == par_taux
            for montant in (p.total_ht, p.total_tva, p.total_ttc):
                assert montant == arrondi(montant) and montant > 0


def test_numerotation_continue_et_chronologique(dossiers):
    for d in dossiers:
        ventes = d.factures_vente
        assert [f.numero for f in ventes] == [f"F2026-{i:03d}" for i in range(1, len(ventes) + 1)]
        assert [f.date_emission for f in ventes] == sorted(f.date_emission for f in ventes)
        assert [a.numero for a in d.avoirs_vente] == [
            f"AV2026-{i:03d}" for i in range(1, len(d.avoirs_vente) + 1)
        ]
        for f in d.fournisseurs:
            leurs = [x for x in d.factures_achat if x.vendeur.code == f.code]
            assert len({x.numero for x in leurs}) == len(leurs)
        for p in d.pieces():
            assert d.entreprise.exercice_debut <= p.date_emission <= d.entreprise.exercice_fin
            if isinstance(p, Facture):
                assert p.date_livraison <= p.date_emission


def test_dossier__contient_les_cas_du_cours(dossiers):
    for d in dossiers:
        assert len(d.factures_vente) == 12 and len(d.factures_achat) == 10
        assert len(d.avoirs_vente) == 1 and len(d.avoirs_achat) == 1
        complete = [
            f for f in d.factures_vente if f.taux_remise and f.taux_rabais and f.taux_ristourne and f.escompte
        ]
        assert complete and any(lg.remise for lg in complete[0].lignes)
        if any(a.nature == "bien" for a in d.catalogue):
            assert any(f.acompte for f in d.factures_vente)
            assert any(f.frais_de_port for f in d.factures_vente)
        for a in d.avoirs_vente + d.avoirs_achat:
            origine = next(f for f in d.factures_vente + d.factures_achat if f.numero == a.facture)
            assert a.total_ttc < origine.net_a_payer and a.date_emission > origine.date_emission
        assert {f.acheteur.code for f in d.factures_vente} == {c.code for c in d.clients}


def test_echeances_dans_les_limites_du_code_de_commerce(dossiers):
    """C. com., art. L441-10, I : au plus 60 jours date de facture, ou 45 jours fin de mois."""
    maxi = int(regles.valeur("commerce.delai_paiement.maximum_jours", dt.date(2026, 6, 1)))
    fdm = int(regles.valeur("commerce.delai_paiement.maximum_fin_de_mois_jours", dt.date(2026, 6, 1)))
    assert (maxi, fdm) == (60, 45)
    for d in dossiers:
        for f in d.factures_vente + d.factures_achat:
            jours = (f.date_echeance - f.date_emission).days
            assert jours >= 0
            if f.conditions.fin_de_mois and not f.escompte:
                plus_45 = f.date_emission + dt.timedelta(days=fdm)
                fin_de_mois = (plus_45.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
                    days=1
                )
                assert f.date_echeance == fin_de_mois
            else:
                assert jours <= maxi
            assert delai_conforme(f.date_emission, f.date_echeance, fin_de_mois=f.conditions.fin_de_mois)
    assert not delai_conforme(dt.date(2026, 1, 10), dt.date(2026, 3, 12))  # 61 jours


def test_mentions_obligatoires__indemnite_des_regles_et_reforme_au_1er_septembre(dossiers):
    for d in dossiers:
        for f in d.factures_vente:
            texte = " ".join(f.mentions())
            assert "40,00\xa0€" in texte and "D441-5" in texte and "BCE majoré de 10 points" in texte
            assert "escompte" in texte.lower()
            reforme = f.date_emission >= dt.date(2026, 9, 1)
            assert (f"SIREN du client : {f.acheteur.siren_formate}" in texte) == reforme, f.numero
            assert ("Nature de l'opération" in texte) == reforme
    d2025 = generer_dossier(3, exercice=2025)
    assert not any("SIREN du client" in " ".join(f.mentions()) for f in d2025.factures_vente)


# ---------------------------------------------------------------------- écritures et livre
def test_ecritures_equilibrees_et_livre_complet(dossiers):
    for d in dossiers:
        livre = d.livre()
        assert isinstance(livre, Livre)
        balance = livre.balance()
        assert balance["debit"].sum() == balance["credit"].sum()
        table = livre.table()
        ventes = table[table["journal"] == "VT"]
        collectee = (
            Decimal(
                int(
                    ventes[ventes["compte"] == "44571"]["credit"].sum()
                    - ventes[ventes["compte"] == "44571"]["debit"].sum()
                )
            )
            / 100
        )
        assert collectee == sum((f.total_tva for f in d.factures_vente), Decimal(0)) - sum(
            (a.total_tva for a in d.avoirs_vente), Decimal(0)
        )
        nb = (
            len(d.pieces())
            + 1
            + sum(1 for m in d.mouvements_bancaires if m.comptabilisee and m.date_comptable.year == 2026)
        )
        assert table["id_ecriture"].nunique() == nb


def test_ecriture_achat__charges_tva_deductible_fournisseur(dossiers):
    for d in dossiers:
        for f in d.factures_achat:
            e = f.ecriture()
            assert e.journal == "AC" and e.piece == f.numero
            fournisseur = [lg for lg in e.lignes if lg.compte == "401"]
            assert len(fournisseur) == 1 and fournisseur[0].credit == f.net_a_payer
            assert fournisseur[0].tiers == f.vendeur.code and fournisseur[0].echeance == f.date_echeance
            assert sum((lg.debit for lg in e.lignes if lg.compte == "44566"), Decimal(0)) == f.total_tva
            charges = sum((lg.debit for lg in e.lignes if lg.compte[0] == "6"), Decimal(0))
            assert charges == f.net_commercial + f.frais_de_port
        for a in d.avoirs_achat:
            e = a.ecriture()
            assert e.lignes[0].compte == "401" and e.lignes[0].debit == a.total_ttc


def test_lettrage_possible__reglements_egaux_au_du(dossiers):
    """Chaque règlement bancaire d'une facture solde exactement le net à payer moins l'avoir."""
    for d in dossiers:
        avoirs = {a.facture: a.total_ttc for a in d.avoirs_vente + d.avoirs_achat}
        factures = {f.numero: f for f in d.factures_vente + d.factures_achat}
        for m in d.mouvements_bancaires:
            if m.reference in factures:
                f = factures[m.reference]
                assert abs(m.montant) == f.net_a_payer - avoirs.get(f.numero, Decimal(0))
                assert m.tiers == f.tiers.code


# ---------------------------------------------------------------------- banque
def test_releves__soldes_courants_coherents(dossiers):
    for d in dossiers:
        solde = d.solde_initial_banque
        for m in d.mouvements_bancaires:
            solde += m.credit - m.debit
            assert m.solde == solde
            assert (m.debit == 0) != (m.credit == 0)
            assert est_jour_ouvre_bancaire(m.date_operation) and m.date_valeur >= m.date_operation
            assert m.date_comptable <= m.date_operation
        precedent = d.solde_initial_banque
        assert len(d.releves) == 12
        for r in d.releves:
            assert r.solde_initial == precedent
            assert all(r.debut <= m.date_operation <= r.fin for m in r.lignes)
            if r.lignes:
                assert r.lignes[-1].solde == r.solde_final
            precedent = r.solde_final


def test_rapprochement_de_decembre(dossiers):
    """Solde banque − opérations non comptabilisées + chèques émis non débités = solde du 512."""
    for d in dossiers:
        decembre = d.releves[-1]
        non_comptabilisees = [m for m in decembre.lignes if not m.comptabilisee]
        assert {m.nature for m in non_comptabilisees} == {"frais", "agios", "prélèvement", "virement reçu"}
        assert all(m.comptabilisee for r in d.releves[:-1] for m in r.lignes)
        en_suspens = [m for m in d.mouvements_bancaires if m.date_operation.year == 2027]
        assert any(m.nature == "chèque émis" for m in en_suspens)
        livre = d.livre()
        table = livre.table()
        banque = table[table["compte"] == "512"]
        solde_512 = Decimal(int(banque["debit"].sum() - banque["credit"].sum())) / 100
        rapproche = (
            decembre.solde_final
            - sum((m.montant for m in non_comptabilisees), Decimal(0))
            + sum((m.montant for m in en_suspens), Decimal(0))
        )
        assert rapproche == solde_512
        for m in non_comptabilisees:
            livre.passer(m.ecriture())  # ce que l'apprenant passe au rapprochement


def test_releve_csv__format_des_banques_francaises(dossiers, tmp_path):
    r = dossiers[0].releves[-1]
    chemin = tmp_path / "releve.csv"
    texte = r.vers_csv(chemin)
    assert chemin.read_bytes().decode("iso-8859-15") == texte
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0] == ["Date opération", "Date valeur", "Libellé", "Débit", "Crédit", "Solde"]
    assert len(lignes) == len(r.lignes) + 1
    for ligne, op in zip(lignes[1:], r.lignes, strict=True):
        assert ligne[0] == op.date_operation.strftime("%d/%m/%Y")
        assert ligne[2] == op.libelle and op.libelle == op.libelle.upper()
        debit = Decimal(ligne[3].replace(",", ".")) if ligne[3] else Decimal(0)
        credit = Decimal(ligne[4].replace(",", ".")) if ligne[4] else Decimal(0)
        assert (debit, credit, Decimal(ligne[5].replace(",", "."))) == (op.debit, op.credit, op.solde)
        assert "." not in ligne[3] + ligne[4] + ligne[5]
    libelles = " ".join(m.libelle for d in dossiers for m in d.mouvements_bancaires)
    for motif in (
        "VIR SEPA RECU /DE ",
        "PRLV SEPA ",
        "CB ",
        "FRAIS TENUE DE COMPTE",
        "REMISE CHQ N° ",
        "AGIOS",
    ):
        assert motif in libelles


# ---------------------------------------------------------------------- propriétés
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.integers(min_value=0, max_value=2**64), st.binary(min_size=1, max_size=32)))
def test_propriete__toute_graine_donne_un_dossier_coherent(graine):
    d = generer_dossier(graine, nb_clients=3, nb_fournisseurs=3, nb_factures_vente=5, nb_factures_achat=4)
    for p in d.pieces():
        e = p.ecriture()
        assert e.total_debit == e.total_credit
        assert p.total_ttc == p.total_ht + p.total_tva
    assert d.releves[-1].solde_final == d.solde_initial_banque + sum(
        (m.montant for m in d.mouvements_bancaires if m.date_operation.year == d.exercice), Decimal(0)
    )


# ---------------------------------------------------------------------- Factur-X
@pytest.mark.parametrize("quoi", ["facture_complete", "facture_achat", "avoir_vente", "facture_reforme"])
def test_facturx__aller_retour_et_schema(quoi, tmp_path):
    from facturx import get_xml_from_pdf, xml_check_xsd
    from pypdf import PdfReader

    d = generer_dossier(11)
    piece = {
        "facture_complete": next(f for f in d.factures_vente if f.escompte and f.taux_rabais),
        "facture_achat": d.factures_achat[0],
        "avoir_vente": d.avoirs_vente[0],
        "facture_reforme": d.factures_vente[-1],
    }[quoi]
    chemin = piece.en_facturx(tmp_path / f"{piece.numero}.pdf")
    lu = lire_facturx(chemin)
    assert lu.numero == piece.numero
    assert lu.type_document == ("avoir" if isinstance(piece, Avoir) else "facture")
    assert lu.date_emission == piece.date_emission
    assert (lu.total_ht, lu.total_tva, lu.total_ttc, lu.net_a_payer) == (
        piece.total_ht,
        piece.total_tva,
        piece.total_ttc,
        piece.net_a_payer,
    )
    assert lu.tva_par_taux == tuple((t.taux, t.base_ht, t.tva) for t in piece.tva_par_taux)
    assert (lu.vendeur_siren, lu.vendeur_tva) == (piece.vendeur.siren, piece.vendeur.numero_tva)
    assert (lu.acheteur_siren, lu.acheteur_tva) == (piece.acheteur.siren, piece.acheteur.numero_tva)
    _, xml = get_xml_from_pdf(chemin.read_bytes(), check_xsd=False)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    if quoi == "facture_reforme":  # dossier 11 : prestations de services, option pour les débits
        assert piece.date_emission >= dt.date(2026, 9, 1) and d.entreprise.option_tva_debits
        assert b"<ram:BusinessProcessSpecifiedDocumentContextParameter>" in xml
        assert b"<ram:DueDateTypeCode>5</ram:DueDateTypeCode>" in xml
        assert "Option pour le paiement de la taxe d'après les débits." in piece.mentions()
    lecteur = PdfReader(chemin)
    texte = lecteur.pages[0].extract_text()
    assert f"N° {piece.numero}" in texte and piece.vendeur.raison_sociale in texte
    catalogue = lecteur.trailer["/Root"]
    xmp = catalogue["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "/OutputIntents" in catalogue and "/AF" in catalogue
    for page in lecteur.pages:
        for police in page["/Resources"]["/Font"].values():
            descendante = police.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendante["/FontDescriptor"]  # police embarquée (PDF/A)


def test_facturx__equilibres_en16931(tmp_path):
    """Règles BR-CO-10 à BR-CO-16 de la norme (le schematron demande un serveur Saxon : vérifiées ici)."""
    from lxml import etree

    from compta_kernel.donnees_fictives import _NS

    def somme(racine, xpath):
        return sum((Decimal(n.text) for n in racine.xpath(xpath, namespaces=_NS)), Decimal(0))

    pieces = [
        p for graine in (12, 5, 14) for p in generer_dossier(graine).pieces()
    ]  # services, mixte, négoce
    for piece in pieces:
        racine = etree.fromstring(piece.xml_facturx())

        total = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
        reglement = "//ram:ApplicableHeaderTradeSettlement/"
        assert somme(racine, "//ram:SpecifiedLineTradeSettlement//ram:LineTotalAmount") == somme(
            racine, total + "ram:LineTotalAmount"
        )
        remises = somme(
            racine,
            reglement + "ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']"
            "/ram:ActualAmount",
        )
        frais = somme(
            racine,
            reglement + "ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='true']"
            "/ram:ActualAmount",
        )
        assert remises == somme(racine, total + "ram:AllowanceTotalAmount") and frais == somme(
            racine, total + "ram:ChargeTotalAmount"
        )
        base = somme(racine, total + "ram:LineTotalAmount") - remises + frais
        assert base == somme(racine, total + "ram:TaxBasisTotalAmount")
        assert somme(racine, reglement + "ram:ApplicableTradeTax/ram:CalculatedAmount") == somme(
            racine, total + "ram:TaxTotalAmount"
        )
        assert somme(racine, total + "ram:GrandTotalAmount") == base + somme(
            racine, total + "ram:TaxTotalAmount"
        )
        assert somme(racine, total + "ram:DuePayableAmount") == somme(
            racine, total + "ram:GrandTotalAmount"
        ) - somme(racine, total + "ram:TotalPrepaidAmount")


def test_lire_facturx__pdf_sans_xml_ou_pas_un_pdf(tmp_path):
    from fpdf import FPDF

    from compta_kernel.erreurs import FichierInvalide

    pdf = FPDF()
    pdf.add_page()
    chemin = tmp_path / "simple.pdf"
    pdf.output(str(chemin))
    with pytest.raises(FichierInvalide, match="Factur-X"):
        lire_facturx(chemin)
    texte = tmp_path / "pas_un_pdf.pdf"
    texte.write_text("bonjour", encoding="utf-8")
    with pytest.raises(FichierInvalide, match="illisible"):
        lire_facturx(texte)


def test_fichiers_de_regles_commerce():
    jour = dt.date(2026, 3, 1)
    assert regles.valeur("commerce.indemnite_forfaitaire_recouvrement", jour) == Decimal(40)
    assert "D441-5" in regles.regle("commerce.indemnite_forfaitaire_recouvrement", dt.date(2025, 6, 1)).source
    assert RACINE.joinpath("compta_kernel/donnees/regles/2025/commerce.yaml").exists()
