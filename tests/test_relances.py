"""Pénalités de retard, créances non soldées, plan de relance, lettres et leur contrôle (B4.2-K06, K07)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, Ligne, Livre
from compta_kernel.penalites import ErreurPenalites, penalites_retard
from compta_kernel.redaction import DocumentIllisible, dates_du_texte, montants_du_texte
from compta_kernel.relances import (
    ErreurRelance,
    Partie,
    PieceImpayee,
    creances_non_soldees,
    lettre_relance,
    plan_relance,
    relances_a_faire,
    verifier_lettre_relance,
)

CREANCIER = Partie("Atelier Morel SARL", ("12 rue des Forges", "42000 Saint-Étienne"))
CLIENT = Partie("Garage Petit SAS", ("3 avenue Foch", "69006 Lyon"), "Mme Claire Petit, comptable")
FACTURE = PieceImpayee("F2026-014", dt.date(2026, 1, 2), dt.date(2026, 1, 31), D(10000))


# ----------------------------------------------------------------------------- pénalités
@pytest.mark.parametrize(
    ("montant", "echeance", "paiement", "taux", "jours", "taux_periodes", "penalites"),
    [
        # 10 000 × 12,15 % × 30 / 365 = 99,863 → 99,86 (BCE 2,15 % au 01/01/2026 + 10 points).
        ("10000", "31/01/2026", "02/03/2026", None, 30, ["0.1215"], "99.86"),
        # 15 jours au 1er semestre 2025 (3,15 % + 10) puis 15 jours au second (2,15 % + 10) :
        # 10 000 × 13,15 % × 15 / 365 = 54,04 ; 10 000 × 12,15 % × 15 / 365 = 49,93.
        ("10000", "15/06/2025", "15/07/2025", None, 30, ["0.1315", "0.1215"], "103.97"),
        # Jusqu'au dernier jour du 1er semestre 2026 : du 01/03 au 30/06/2026, 122 jours,
        # 2 400 × 12,15 % × 122 / 365 = 97,466... → 97,47.
        ("2 400,00", "28/02/2026", "30/06/2026", None, 122, ["0.1215"], "97.47"),
        # Taux des CGV : 3 000 × 12 % × 45 / 365 = 44,383 → 44,38 (second semestre 2026 permis).
        ("3000", "15/07/2026", "29/08/2026", "12 %", 45, ["0.12"], "44.38"),
    ],
)
def test_penalites_retard__reponses_connues(
    montant, echeance, paiement, taux, jours, taux_periodes, penalites
):
    """Calculs à la main : montant × taux × jours / 365, arrondi par période (C. com. L441-10, II ; D441-5)."""
    p = penalites_retard(montant, echeance, paiement, taux)
    assert p.jours == jours
    assert [q.taux for q in p.periodes] == [D(t) for t in taux_periodes]
    assert p.penalites == D(penalites)
    assert p.indemnite_forfaitaire == D(40)
    assert p.total == D(penalites) + 40
    assert p.montant_majore == D(montant.replace(" ", "").replace(",", ".")) + p.total


@settings(max_examples=60, deadline=None)
@given(
    centimes=st.integers(min_value=1, max_value=10**9),
    echeance=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 6, 29)),
    retard=st.integers(min_value=1, max_value=400),
)
def test_penalites_retard__proprietes(centimes, echeance, retard):
    """Les périodes couvrent tous les jours, chacune arrondie au centime ; un jour de plus ne fait pas baisser."""
    paiement = min(echeance + dt.timedelta(days=retard), dt.date(2026, 6, 30))
    montant = D(centimes) / 100
    p = penalites_retard(montant, echeance, paiement)
    assert sum(q.jours for q in p.periodes) == p.jours == (paiement - echeance).days
    assert p.penalites == sum(q.penalites for q in p.periodes)
    assert all(q.penalites == q.penalites.quantize(D("0.01")) for q in p.periodes)
    assert p.indemnite_forfaitaire == 40
    if paiement < dt.date(2026, 6, 30):
        assert penalites_retard(montant, echeance, paiement + dt.timedelta(days=1)).penalites >= p.penalites


def test_penalites_retard__le_simulateur_appelle_le_meme_moteur():
    from tableaux_de_bord import penalites

    assert penalites.calculer_penalites is penalites_retard


@pytest.mark.parametrize(
    ("arguments", "champ"),
    [
        (("0", "31/01/2026", "02/03/2026"), "montant"),
        (("abc", "31/01/2026", "02/03/2026"), "montant"),
        (("100", "31/13/2026", "02/03/2026"), "echeance"),
        (("100", "31/01/2026", "02/03/2026", "150 %"), "taux"),
        (("100", "15/06/2026", "15/07/2026"), "paiement"),
    ],
)
def test_penalites_retard__mauvaises_entrees(arguments, champ):
    with pytest.raises(ErreurPenalites) as erreur:
        penalites_retard(*arguments)
    assert erreur.value.champ == champ


# ----------------------------------------------------------------------------- livre et plan
def _livre() -> Livre:
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    ventes = [
        ("F1", dt.date(2026, 1, 5), dt.date(2026, 2, 4), "1200.00", "PETIT", ""),
        ("F2", dt.date(2026, 1, 20), dt.date(2026, 2, 19), "600.00", "PETIT", ""),
        ("F3", dt.date(2026, 2, 1), dt.date(2026, 3, 3), "360.00", "DURAND", "A"),
        ("F4", dt.date(2026, 3, 1), dt.date(2026, 3, 31), "240.00", "DURAND", ""),
    ]
    for piece, jour, echeance, ttc, tiers, lettrage in ventes:
        ht, tva = D(ttc) / D("1.2"), D(ttc) - D(ttc) / D("1.2")
        livre.passer(
            Ecriture(
                "VT",
                jour,
                piece,
                f"Facture {piece}",
                (
                    Ligne("411", debit=ttc, tiers=tiers, echeance=echeance, lettrage=lettrage),
                    Ligne("706", credit=str(ht.quantize(D("0.01")))),
                    Ligne("44571", credit=str(tva.quantize(D("0.01")))),
                ),
            )
        )
    # Règlement partiel de PETIT non lettré (1 000 €) et règlement de F3 lettré.
    livre.passer(
        Ecriture("BQ", dt.date(2026, 2, 10), "VIR1", "Virement Petit", (
            Ligne("512", debit="1000"), Ligne("411", credit="1000", tiers="PETIT"),
        ))
    )  # fmt: skip
    livre.passer(
        Ecriture("BQ", dt.date(2026, 3, 3), "VIR2", "Virement Durand", (
            Ligne("512", debit="360"), Ligne("411", credit="360", tiers="DURAND", lettrage="A"),
        ))
    )  # fmt: skip
    return livre


def test_creances_non_soldees__reglement_impute_sur_la_plus_ancienne_et_lettrage_solde():
    """F1 1 200 − 1 000 = 200 restant ; F2 600 entier ; F3 lettrée (soldée) ; F4 240."""
    creances = creances_non_soldees(_livre())
    assert [(c.numero, c.montant, c.tiers) for c in creances] == [
        ("F1", D("200.00"), "PETIT"),
        ("F2", D("600.00"), "PETIT"),
        ("F4", D("240.00"), "DURAND"),
    ]
    assert creances[0].echeance == dt.date(2026, 2, 4)


def test_creances_non_soldees__a_une_date_ignore_les_ecritures_posterieures():
    creances = creances_non_soldees(_livre(), au=dt.date(2026, 2, 5))
    assert [(c.numero, c.montant) for c in creances] == [("F1", D("1200.00")), ("F2", D("600.00"))]


def test_plan_relance__dates_depuis_l_echeance():
    """Règles relances.yaml : relance amiable à J+8, seconde à J+30, mise en demeure à J+45, délais de 8 jours."""
    etapes = plan_relance(dt.date(2026, 2, 4))
    assert [(e.niveau, e.date, e.nouvelle_echeance) for e in etapes] == [
        ("relance_amiable", dt.date(2026, 2, 12), dt.date(2026, 2, 20)),
        ("seconde_relance", dt.date(2026, 3, 6), dt.date(2026, 3, 14)),
        ("mise_en_demeure", dt.date(2026, 3, 21), dt.date(2026, 3, 29)),
    ]
    assert etapes[-1].envoi == "Lettre recommandée avec avis de réception"
    assert "aucun texte" in etapes[0].source


def test_relances_a_faire__derniere_etape_atteinte_par_creance():
    """Au 10/03/2026 : F1 (échue le 04/02, J+34) seconde relance ; F2 (19/02, J+19) amiable ; F4 pas échue."""
    plan = relances_a_faire(_livre(), "10/03/2026")
    assert [(r.piece.numero, r.etape.niveau, r.jours_de_retard) for r in plan] == [
        ("F1", "seconde_relance", 34),
        ("F2", "relance_amiable", 19),
    ]


# ----------------------------------------------------------------------------- la lettre
def _lettre(niveau="seconde_relance", **options):
    options.setdefault("demarches", ("relance amiable du 08/02/2026",))
    return lettre_relance(
        CREANCIER,
        CLIENT,
        [FACTURE],
        date=dt.date(2026, 3, 2),
        niveau=niveau,
        signataire="Paul Morel",
        **options,
    )


def test_lettre_relance__montants_et_dates_connus():
    """10 000 € échus le 31/01/2026, lettre du 02/03/2026 : 99,86 € de pénalités, 40 €, total 10 139,86 €."""
    lettre = _lettre()
    assert (lettre.total_principal, lettre.total_penalites, lettre.total_indemnites) == (
        D("10000.00"),
        D("99.86"),
        D("40.00"),
    )
    assert lettre.total_du == D("10139.86")
    assert lettre.nouvelle_echeance == dt.date(2026, 3, 10)
    texte = lettre.texte()
    for attendu in ("10 139,86", "99,86", "31/01/2026", "10/03/2026", "F2026-014", "Madame,", "08/02/2026"):
        assert attendu in texte.replace("\u202f", " ").replace("\xa0", " "), attendu


def test_lettre_relance__trois_factures_trois_indemnites():
    factures = [
        FACTURE,
        PieceImpayee("F2026-020", dt.date(2026, 1, 10), dt.date(2026, 2, 10), D("1234.56")),
        {"numero": "F2026-031", "date_piece": "01/02/2026", "echeance": "15/02/2026", "montant": "500"},
    ]
    lettre = lettre_relance(CREANCIER, CLIENT, factures, date="02/03/2026")
    assert lettre.total_indemnites == D(120)
    # 1 234,56 × 12,15 % × 20 / 365 = 8,219 → 8,22 ; 500 × 12,15 % × 15 / 365 = 2,496 → 2,50.
    assert lettre.total_penalites == D("99.86") + D("8.22") + D("2.50")
    assert "factures impayées n° F2026-014, F2026-020, F2026-031" in lettre.objet
    assert verifier_lettre_relance(lettre.texte(), lettre).complete


def test_lettre_relance__taux_des_cgv_cite_a_la_place_du_taux_par_defaut():
    lettre = _lettre(taux="12 %")
    assert lettre.total_penalites == D("98.63")  # 10 000 × 12 % × 30 / 365 = 98,630
    assert "Banque centrale" not in lettre.texte()
    assert "12 % l'an" in lettre.texte()
    assert verifier_lettre_relance(lettre.texte(), lettre).complete


@pytest.mark.parametrize("niveau", ["relance_amiable", "seconde_relance", "mise_en_demeure"])
def test_lettre_relance__chaque_niveau_complet_en_texte_html_docx(niveau, tmp_path):
    lettre = _lettre(niveau)
    assert verifier_lettre_relance(lettre.texte(), lettre).complete
    assert verifier_lettre_relance(lettre.docx(tmp_path / "lettre.docx"), lettre).complete
    html = lettre.html()
    assert "<table>" in html and "Atelier Morel SARL" in html
    pdf = lettre.pdf(tmp_path / "lettre.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_lettre_relance__mise_en_demeure_le_dit_et_annonce_la_suite():
    texte = _lettre("mise_en_demeure").texte()
    assert "Lettre recommandée avec avis de réception" in texte
    assert "nous vous mettons en demeure" in texte
    assert "juridiction compétente" in texte


def test_lettre_relance__demarches_par_defaut_envoi_de_la_facture():
    lettre = lettre_relance(CREANCIER, CLIENT, [FACTURE], date="02/03/2026")
    assert lettre.demarches == ("envoi de la facture n° F2026-014 le 02/01/2026",)


def test_lettre_relance__depuis_le_dossier_fictif():
    from compta_kernel.donnees_fictives import generer_dossier

    dossier = generer_dossier(7)
    facture = dossier.factures_vente[0]
    jour = facture.date_echeance + dt.timedelta(days=20)
    lettre = lettre_relance(dossier.entreprise, facture.acheteur, [facture], date=jour, taux="12 %")
    assert lettre.creancier.nom == dossier.entreprise.raison_sociale
    assert lettre.factures[0].piece.montant == facture.net_a_payer
    assert verifier_lettre_relance(lettre.texte(), lettre).complete


@pytest.mark.parametrize(
    ("options", "champ"),
    [
        ({"niveau": "injonction"}, "niveau"),
        ({"date": dt.date(2026, 1, 31)}, "factures"),
        ({"delai_jours": 0}, "delai_jours"),
    ],
)
def test_lettre_relance__mauvaises_entrees(options, champ):
    arguments = {"date": dt.date(2026, 3, 2), **options}
    with pytest.raises(ErreurRelance) as erreur:
        lettre_relance(CREANCIER, CLIENT, [FACTURE], **arguments)
    assert erreur.value.champ == champ


def test_lettre_relance__aucune_facture():
    with pytest.raises(ErreurRelance):
        lettre_relance(CREANCIER, CLIENT, [], date="02/03/2026")


@settings(max_examples=40, deadline=None)
@given(
    montants=st.lists(st.integers(min_value=1, max_value=10_000_000), min_size=1, max_size=4),
    retard=st.integers(min_value=1, max_value=140),
)
def test_lettre_relance__propriete_total_du(montants, retard):
    """Total dû = factures + pénalités + 40 € par facture ; la lettre générée passe toujours son contrôle."""
    echeance = dt.date(2026, 1, 31)
    pieces = [
        PieceImpayee(f"F{i}", dt.date(2026, 1, 1), echeance, D(m) / 100) for i, m in enumerate(montants, 1)
    ]
    lettre = lettre_relance(CREANCIER, CLIENT, pieces, date=echeance + dt.timedelta(days=retard))
    assert lettre.total_du == sum(p.montant for p in pieces) + lettre.total_penalites + 40 * len(pieces)
    assert verifier_lettre_relance(lettre.texte(), lettre).complete


# ----------------------------------------------------------------------------- le contrôle
def _sans(*morceaux):
    def retirer(texte):
        for m in morceaux:
            texte = texte.replace(m, "")
        return texte

    return retirer


def _remplacer(ancien, nouveau):
    return lambda texte: texte.replace(ancien, nouveau)


FAUTES = {
    "creancier_nom": _sans("Atelier Morel SARL"),
    "creancier_adresse": _sans("12 rue des Forges"),
    "client_nom": _sans("Garage Petit SAS"),
    "client_adresse": _sans("69006 Lyon"),
    "references_factures": _sans("F2026-014"),
    "echeance_initiale": _sans("31/01/2026"),
    "montant_facture": _sans("10\u202f000,00"),
    "penalites": _sans("99,86"),
    "montant_majore": _remplacer("10\u202f139,86", "10\u202f099,86"),
    "nouvelle_echeance": _sans("10/03/2026"),
    "demarches": _sans("Démarches déjà entreprises : relance amiable du 08/02/2026."),
    "indemnite_forfaitaire": _remplacer("40,00", "15,00"),
    "objet": _sans("Objet : "),
    "L441-10": _remplacer("L441-10", "L441-1"),
    "L441-10_rappel": _sans("sans qu'un rappel soit nécessaire"),
    "L441-10_indemnite": _sans("est de plein droit débiteur"),
    "L441-16": _remplacer("L441-16", "L441-15"),
    "article_abroge": _remplacer("l'article L441-10 du Code", "l'article L441-6 du Code"),
    "taux_legal": _remplacer("majoré de 10 points", "majoré de 5 points"),
}


@pytest.mark.parametrize("element", list(FAUTES))
def test_verifier_lettre_relance__trouve_chaque_element_seme(element):
    """Une lettre juste à laquelle on retire ou fausse un élément : le contrôle nomme cet élément."""
    lettre = _lettre()
    fautive = FAUTES[element](lettre.texte())
    assert fautive != lettre.texte(), "la faute semée doit modifier la lettre"
    controle = verifier_lettre_relance(fautive, lettre)
    assert element in controle.elements_manquants, str(controle)
    assert not controle.complete


def test_verifier_lettre_relance__montant_sans_indemnite_explique():
    lettre = _lettre()
    controle = verifier_lettre_relance(FAUTES["montant_majore"](lettre.texte()), lettre)
    message = next(m.message for m in controle.manques if m.element == "montant_majore")
    assert "sans l'indemnité forfaitaire" in message
    assert next(m.critere for m in controle.manques if m.element == "montant_majore") == "B4.2-K06"


def test_verifier_lettre_relance__mise_en_demeure_sans_le_mot():
    lettre = _lettre("mise_en_demeure")
    fautive = lettre.texte().replace("nous vous mettons en demeure de nous régler", "merci de régler")
    fautive = fautive.replace("Mise en demeure de payer", "Relance")
    assert "mise_en_demeure" in verifier_lettre_relance(fautive, lettre).elements_manquants


def test_verifier_lettre_relance__lettre_d_apprenant_en_docx_sans_reference(tmp_path):
    """Une lettre brève rédigée dans Word : sans référence à la lettre attendue, les éléments généraux manquent."""
    from docx import Document

    document = Document()
    document.add_paragraph("Madame, Monsieur, merci de payer notre facture au plus vite. Cordialement.")
    chemin = tmp_path / "apprenant.docx"
    document.save(str(chemin))
    manquants = verifier_lettre_relance(chemin).elements_manquants
    for element in ("objet", "demarches", "indemnite_forfaitaire", "L441-10", "L441-16", "montant_majore"):
        assert element in manquants


def test_verifier_lettre_relance__mauvaise_entree():
    with pytest.raises(DocumentIllisible):
        verifier_lettre_relance(42)


def test_lecture_des_montants_et_dates__formats_francais():
    assert montants_du_texte("Total : 10 139,86 € ; soit 10139.86 ; 40 €") == {D("10139.86"), D("40.00")}
    assert dates_du_texte("le 2 mars 2026, le 1er avril 2026 et le 31/01/2026") == {
        dt.date(2026, 3, 2),
        dt.date(2026, 4, 1),
        dt.date(2026, 1, 31),
    }


def test_penalites__montants_rendus_au_centime():
    import datetime as dt

    from compta_kernel import penalites_retard

    p = penalites_retard("1000", dt.date(2026, 1, 31), dt.date(2026, 3, 2))
    assert (str(p.indemnite_forfaitaire), str(p.total)) == ("40.00", "49.99")
