"""Formulaires (ipywidgets) testés sans navigateur : on règle ``.value``, on clique (``bouton.click()``).

Chaque test vérifie ce que voit l'apprenant — totaux, écart, message placé à
côté du champ fautif — et ce qui est enregistré (livre, ``reponses.json``).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import ipywidgets as widgets
import pytest
import traitlets

from compta_kernel import CompteInconnu, Livre, pcg
from formulaires import (
    Colonne,
    EditeurTableau,
    FormulaireSaisie,
    LignePointage,
    ModelePaie,
    ModeleSaisie,
    PointageBancaire,
    SaisiePaie,
)
from formulaires.pointage import code_pointage
from graders import reponses

DEBUT, FIN = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def espaces(texte: str) -> str:
    """Espaces insécables (babel) ramenées à des espaces simples, pour comparer des textes."""
    return texte.replace("\u202f", " ").replace("\xa0", " ")


def nouveau_livre() -> Livre:
    livre = Livre(DEBUT, FIN, raison_sociale="Alpha SARL", horloge=lambda: dt.date(2026, 6, 30))
    livre.ouvrir_compte("401DURAND", "Durand SA")
    return livre


def saisir(formulaire: FormulaireSaisie, entete: dict, lignes: list[tuple]) -> None:
    """Tape un en-tête et des lignes (compte, tiers, débit, crédit) comme le ferait l'apprenant."""
    for champ, valeur in entete.items():
        formulaire.champ(champ).saisie.value = valeur
    while formulaire.nb_lignes < len(lignes):
        formulaire.bouton("ajouter").click()
    for i, ligne in enumerate(lignes):
        for champ, valeur in zip(("compte", "tiers", "debit", "credit"), ligne, strict=True):
            formulaire.champ(champ, i).saisie.value = valeur


ACHAT = {"journal": "AC", "date": "15/01/2026", "piece": "FA-118", "libelle": "Achat marchandises Durand"}
LIGNES_ACHAT = [("607", "", "1 000,00", ""), ("44566", "", "200,00", ""), ("401DURAND", "", "", "1 200,00")]


@pytest.fixture
def formulaire(tmp_path):
    return FormulaireSaisie(nouveau_livre(), question="b1_achat", dossier=tmp_path)


# --- Saisie d'écriture : affichage pendant la frappe ------------------------------------


def test_saisie__totaux_et_ecart_suivent_la_frappe(formulaire):
    saisir(formulaire, ACHAT, [("607", "", "1 000,00", ""), ("401DURAND", "", "", "800")])
    assert espaces(formulaire.totaux) == "Total débit : 1 000,00 € · Total crédit : 800,00 €"
    assert espaces(formulaire.ecart).startswith("Écart : 200,00 €")
    formulaire.champ("credit", 1).saisie.value = "1 000"
    assert espaces(formulaire.ecart) == "Écart : 0,00 €"


def test_saisie__montant_mal_tape__message_a_cote_du_debit(formulaire):
    formulaire.champ("debit", 0).saisie.value = "12,3,4"
    message = formulaire.message("debit", 0)
    assert "« 12,3,4 » n'est pas un montant valide" in message
    assert formulaire.champ("debit", 0).message.value.count("12,3,4") == 1
    assert formulaire.message("credit", 0) == "" and formulaire.message("debit", 1) == ""
    # Le message est dans la même boîte que le champ fautif, juste dessous.
    assert formulaire.champ("debit", 0).children == (
        formulaire.champ("debit", 0).saisie,
        formulaire.champ("debit", 0).message,
    )
    formulaire.champ("debit", 0).saisie.value = "12,34"
    assert formulaire.message("debit", 0) == ""


def test_saisie__montant_negatif__message_qui_renvoie_a_l_autre_colonne(formulaire):
    formulaire.champ("debit", 0).saisie.value = "-100"
    assert "négatif" in formulaire.message("debit", 0)
    assert "au crédit" in formulaire.message("debit", 0)


def test_saisie__compte_inconnu__message_avec_les_suggestions_du_pcg(formulaire):
    formulaire.champ("compte", 0).saisie.value = "999"
    with pytest.raises(CompteInconnu) as attendu:
        pcg.compte("999")
    message = formulaire.message("compte", 0)
    assert "« 999 »" in message
    assert attendu.value.suggestions and all(s in message for s in attendu.value.suggestions)
    assert formulaire.champ("compte", 0).message.genre == "erreur"


def test_saisie__compte_connu__son_libelle_sous_le_champ(formulaire):
    formulaire.champ("compte", 0).saisie.value = "401DURAND"
    assert formulaire.message("compte", 0) == "Durand SA"
    assert formulaire.champ("compte", 0).message.genre == "info"
    formulaire.champ("compte", 1).saisie.value = "44566"
    assert formulaire.message("compte", 1) == pcg.libelle("44566")


def test_saisie__propositions_de_comptes_par_numero_et_libelle(formulaire):
    compte = formulaire.champ("compte", 0).saisie
    assert isinstance(compte, widgets.Combobox)
    formulaire.champ("compte", 0).saisie.value = "dur"
    assert "401DURAND – Durand SA" in compte.options  # compte de tiers du livre, trouvé par son nom
    formulaire.champ("compte", 0).saisie.value = "banques"
    assert any(option.startswith("512 – ") for option in compte.options)
    assert formulaire.champ("compte", 0).message.genre == "info"  # recherche en cours : pas d'erreur
    formulaire.champ("compte", 0).saisie.value = "606"
    assert compte.options[0].startswith("606 – ")


def test_saisie__option_choisie__le_numero_est_passe(formulaire):
    saisir(
        formulaire,
        ACHAT,
        [("6071 – Achats de marchandises", "", "1 000", ""), ("401DURAND – Durand SA", "", "", "1 000")],
    )
    formulaire.bouton("valider").click()
    (ecriture,) = formulaire.modele.valeur()
    assert [ligne.compte for ligne in ecriture.lignes] == ["6071", "401DURAND"]


# --- Saisie d'écriture : validation et livre --------------------------------------------


def test_saisie__valider__passe_au_livre_affiche_le_numero_et_vide_le_formulaire(formulaire):
    livre = formulaire.modele.livre
    saisir(formulaire, ACHAT, LIGNES_ACHAT)
    formulaire.bouton("valider").click()
    assert len(livre) == 1
    ecriture = livre.ecriture("AC000001")
    assert ecriture.total_debit == Decimal("1200.00")
    assert [(l.compte, l.debit, l.credit) for l in ecriture.lignes] == [
        ("607", Decimal("1000.00"), Decimal("0.00")),
        ("44566", Decimal("200.00"), Decimal("0.00")),
        ("401DURAND", Decimal("0.00"), Decimal("1200.00")),
    ]
    assert "AC000001" in formulaire.annonce
    assert formulaire.champ("piece").saisie.value == "" and formulaire.champ("libelle").saisie.value == ""
    assert formulaire.nb_lignes == 2 and formulaire.champ("debit", 0).saisie.value == ""
    assert espaces(formulaire.totaux) == "Total débit : 0,00 € · Total crédit : 0,00 €"
    assert formulaire.champ("journal").saisie.value == "AC"  # journal et date gardés pour la suivante
    assert formulaire.champ("date").saisie.value == "15/01/2026"


def test_saisie__ecriture_desequilibree__ecart_a_cote_des_totaux(formulaire):
    saisir(formulaire, ACHAT, [("607", "", "1 200", ""), ("401DURAND", "", "", "1 000")])
    formulaire.bouton("valider").click()
    assert len(formulaire.modele.livre) == 0
    message = espaces(formulaire.message("lignes"))
    assert "déséquilibrée" in message and "écart 200,00 €" in message
    assert formulaire.message("valider")  # « corrigez les champs signalés »


def test_saisie__date_hors_exercice__message_a_cote_de_la_date(formulaire):
    saisir(formulaire, {**ACHAT, "date": "15/01/2027"}, LIGNES_ACHAT)
    formulaire.bouton("valider").click()
    assert "hors de l'exercice" in formulaire.message("date")
    assert len(formulaire.modele.livre) == 0


def test_saisie__date_illisible__message_a_cote_de_la_date(formulaire):
    formulaire.champ("date").saisie.value = "31/02/2026"
    assert "JJ/MM/AAAA" in formulaire.message("date")


def test_saisie__periode_cloturee__message_a_cote_de_la_date(formulaire):
    formulaire.modele.livre.cloturer_periode(dt.date(2026, 1, 31))
    saisir(formulaire, ACHAT, LIGNES_ACHAT)
    formulaire.bouton("valider").click()
    assert "clôturée" in formulaire.message("date")
    assert len(formulaire.modele.livre) == 0


def test_saisie__champs_vides__chaque_message_a_sa_place(formulaire):
    saisir(formulaire, {"date": ""}, [("607", "", "100", ""), ("", "", "", "100")])
    formulaire.bouton("valider").click()
    assert "date est vide" in formulaire.message("date")
    assert "mal formé" in formulaire.message("compte", 1)
    assert len(formulaire.modele.livre) == 0


def test_saisie__ligne_au_debit_et_au_credit__message_sur_la_ligne(formulaire):
    saisir(formulaire, ACHAT, [("607", "", "100", "100"), ("401DURAND", "", "", "100")])
    formulaire.bouton("valider").click()
    assert "débit (100.00) et un crédit" in formulaire.message("credit", 0)


def test_saisie__ajouter_et_supprimer_des_lignes(formulaire):
    formulaire.bouton("ajouter").click()
    assert formulaire.nb_lignes == 3
    formulaire.champ("debit", 1).saisie.value = "1x"
    formulaire.champ("debit", 2).saisie.value = "50"
    formulaire.bouton("supprimer", 1).click()
    assert formulaire.nb_lignes == 2
    assert formulaire.champ("debit", 1).saisie.value == "50" and formulaire.message("debit", 1) == ""
    assert espaces(formulaire.totaux).startswith("Total débit : 50,00 €")


def test_saisie__contre_passer_une_ecriture_passee(formulaire):
    livre = formulaire.modele.livre
    saisir(formulaire, ACHAT, LIGNES_ACHAT)
    formulaire.bouton("valider").click()
    formulaire.bouton("contre_passer").click()  # rien de choisi
    assert "Choisissez" in formulaire.message("contre_passation")
    formulaire.choix_contre_passation.value = "AC000001"
    formulaire.bouton("contre_passer").click()
    assert "AC000002" in formulaire.annonce
    inverse = livre.ecriture("AC000002")
    assert [(l.compte, l.debit, l.credit) for l in inverse.lignes][-1] == (
        "401DURAND",
        Decimal("1200.00"),
        Decimal("0.00"),
    )
    assert livre.contre_passee_par("AC000001") == "AC000002"
    assert formulaire.choix_contre_passation.options == ()
    assert formulaire.modele.contre_passer("AC000001") is None
    assert formulaire.message("contre_passation")


# --- Saisie d'écriture : rien ne lève dans le carnet ------------------------------------


def test_saisie__exception_imprevue_dans_un_rappel__message_et_pas_d_exception(formulaire, monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(formulaire.modele, "valider", panne)
    formulaire.bouton("valider").click()
    assert "Erreur inattendue" in formulaire.message_general and "RuntimeError" in formulaire.message_general
    assert "panne simulée" not in formulaire.message_general  # pas de détail interne
    monkeypatch.setattr(pcg, "compte", panne)
    formulaire.champ("compte", 0).saisie.value = "607"  # l'observateur ne lève pas
    assert "Erreur inattendue" in formulaire.message_general


def test_saisie__observateur_et_clic_ne_levent_jamais(formulaire, monkeypatch):
    """Un clic passe par ``CallbackDispatcher`` (qui avale et journalise) ; un observateur lèverait : on vérifie."""
    monkeypatch.setattr(formulaire.modele, "modifier", lambda *a, **k: 1 / 0)
    formulaire.champ("libelle").saisie.value = "x"
    assert "ZeroDivisionError" in formulaire.message_general


# --- Sécurité : valeurs absurdes envoyées par les modèles de widgets --------------------


def test_securite__textes_enormes__refuses_sans_recopie(formulaire):
    enorme = "A" * 1_000_000
    livre = formulaire.modele.livre
    saisir(formulaire, ACHAT, LIGNES_ACHAT)
    formulaire.champ("libelle").saisie.set_state({"value": enorme})  # comme un message de comm
    assert "1000000 caractères" in formulaire.message("libelle")
    assert len(formulaire.champ("libelle").message.value) < 500
    formulaire.champ("compte", 0).saisie.value = enorme
    formulaire.champ("debit", 1).saisie.value = "9" * 10_000
    assert "trop" in formulaire.message("compte", 0) and "trop" in formulaire.message("debit", 1)
    formulaire.bouton("valider").click()
    assert len(livre) == 0 and formulaire.message("valider")
    enregistre = json.dumps(reponses.lire_tout(formulaire.modele.dossier))
    assert enorme not in enregistre


def test_securite__html_tape_par_l_apprenant__echappe(formulaire):
    saisir(
        formulaire,
        {**ACHAT, "libelle": "<script>alert(1)</script>"},
        [("607", "", "1", ""), ("401", "", "", "2")],
    )
    formulaire.bouton("valider").click()
    html = formulaire.champ("lignes").message.value
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_securite__types_inattendus_au_modele__messages_en_francais(formulaire):
    modele: ModeleSaisie = formulaire.modele
    assert modele.modifier("debit", 12.5, 0) is False
    assert "texte" in modele.erreurs["debit:0"]
    assert modele.modifier("date", None) is False
    assert modele.modifier("journal", "ZZ") is False and "journal ouvert" in modele.erreurs["journal"]
    for champ, ligne in (("inconnu", None), ("debit", 10**6), ("debit", "0"), ("debit", True), ("debit", -1)):
        assert modele.modifier(champ, "1", ligne) is False
        assert "n'existe pas" in modele.erreurs["formulaire"]
    assert modele.supprimer_ligne(99) is False and modele.contre_passer(["AC000001"]) is None
    assert modele.suggestions(None) == [] and modele.suggestions("x" * 10_000) == []


def test_securite__valeurs_refusees_par_traitlets(formulaire):
    with pytest.raises(traitlets.TraitError):
        formulaire.champ("debit", 0).saisie.value = 12
    with pytest.raises(traitlets.TraitError):
        formulaire.champ("journal").saisie.set_state({"index": 999})
    assert formulaire.champ("journal").saisie.value == "AC"


def test_securite__dix_mille_lignes__plafonnees_a_cinquante(formulaire):
    for _ in range(60):
        formulaire.bouton("ajouter").click()
    for _ in range(10_000):
        formulaire.modele.ajouter_ligne()
    assert formulaire.nb_lignes == 50 and len(formulaire.modele.lignes) == 50
    assert "au plus 50 lignes" in formulaire.message("lignes")


def test_securite__reponses_json_forge__borne_et_sans_exception(tmp_path):
    forge = {
        "b1_achat": {
            "brouillon": {
                "libelle": "L" * 10_000,
                "journal": "ZZ",
                "lignes": [{"compte": "607", "debit": "1"}] * 10_000,
            },
            "ecritures": [
                {"numero": "AC000001", "contre_passe": "", "ecriture": {"montant": "x"}},
                "n'importe quoi",
            ],
        }
    }
    (tmp_path / "reponses.json").write_text(json.dumps(forge), encoding="utf-8")
    formulaire = FormulaireSaisie(nouveau_livre(), question="b1_achat", dossier=tmp_path)
    assert formulaire.nb_lignes == 50
    assert "caractères" in formulaire.message("libelle")
    assert "illisible" in formulaire.message_general
    assert len(formulaire.modele.livre) == 0


# --- Persistance : redémarrage du noyau --------------------------------------------------


def test_persistance__redemarrage__meme_livre_et_meme_brouillon(tmp_path):
    avant = FormulaireSaisie(nouveau_livre(), question="b1_achat", dossier=tmp_path)
    saisir(avant, ACHAT, LIGNES_ACHAT)
    avant.bouton("valider").click()
    saisir(
        avant,
        {"journal": "VT", "date": "20/01/2026", "piece": "F2026-001", "libelle": "Facture Dupont"},
        [("411DUPONT", "", "3 000", ""), ("707", "", "", "2 500"), ("44571", "", "", "500")],
    )
    avant.bouton("valider").click()
    avant.choix_contre_passation.value = "AC000001"
    avant.bouton("contre_passer").click()
    saisir(avant, {"piece": "F2026-002", "libelle": "Brouillon en cours"}, [("411DUPONT", "", "12,3,4", "")])
    livre_avant = avant.modele.livre

    apres = FormulaireSaisie(nouveau_livre(), question="b1_achat", dossier=tmp_path)  # noyau redémarré
    livre_apres = apres.modele.livre
    assert list(livre_apres.ecritures()) == list(livre_avant.ecritures())
    assert livre_apres.contre_passee_par("AC000001") == "AC000002"
    assert apres.choix_contre_passation.options == avant.choix_contre_passation.options
    assert apres.champ("journal").saisie.value == "VT"
    assert apres.champ("libelle").saisie.value == "Brouillon en cours"
    assert apres.champ("compte", 0).saisie.value == "411DUPONT"
    assert apres.message_general == ""


def test_persistance__formulaire_recree_sur_le_meme_livre__rien_en_double(tmp_path):
    livre = nouveau_livre()
    premier = FormulaireSaisie(livre, question="b1_achat", dossier=tmp_path)
    saisir(premier, ACHAT, LIGNES_ACHAT)
    premier.bouton("valider").click()
    second = FormulaireSaisie(livre, question="b1_achat", dossier=tmp_path)  # cellule réexécutée
    assert len(livre) == 1 and len(second.modele.valeur()) == 1


def test_persistance__reponse_lisible_par_le_correcteur(formulaire):
    from graders.ecritures import lire_saisie

    saisir(formulaire, ACHAT, LIGNES_ACHAT)
    formulaire.bouton("valider").click()
    enregistre = reponses.relire(reponses.lire_tout(formulaire.modele.dossier)["b1_achat"])
    saisie = lire_saisie(enregistre["ecritures"][0]["ecriture"])
    assert saisie.journal == "AC" and saisie.date == dt.date(2026, 1, 15)
    assert ("401DURAND", Decimal("0.00"), Decimal("1200.00")) in saisie.lignes


# --- Éditeur de tableau -------------------------------------------------------------------

COLONNES_PLAN = [
    Colonne("exercice", "entier", "Exercice", obligatoire=True),
    Colonne("fin", "date", "Fin d'exercice"),
    Colonne("annuite", "montant", "Annuité", obligatoire=True),
    Colonne("observation", "texte", "Observation"),
]


def test_tableau__valeurs_typees(tmp_path):
    plan = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{"exercice": 2026}])
    plan.champ("fin", 0).saisie.value = "31/12/2026"
    plan.champ("annuite", 0).saisie.value = "1 250,50"
    plan.champ("observation", 0).saisie.value = "  prorata  "
    plan.bouton("ajouter").click()
    plan.champ("exercice", 1).saisie.value = "2 027"
    df = plan.valeur()
    assert list(df.columns) == ["exercice", "fin", "annuite", "observation"]
    assert df.to_dict("records") == [
        {
            "exercice": 2026,
            "fin": dt.date(2026, 12, 31),
            "annuite": Decimal("1250.50"),
            "observation": "prorata",
        },
        {"exercice": 2027, "fin": None, "annuite": None, "observation": None},
    ]
    assert type(df.loc[0, "exercice"]) is int and isinstance(df.loc[0, "annuite"], Decimal)


def test_tableau__message_par_cellule(tmp_path):
    plan = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{}, {}])
    plan.champ("annuite", 1).saisie.value = "12,3,4"
    plan.champ("fin", 0).saisie.value = "32/01/2026"
    plan.champ("exercice", 0).saisie.value = "2026,5"
    assert "« 12,3,4 » n'est pas un montant valide" in plan.message("annuite", 1)
    assert "JJ/MM/AAAA" in plan.message("fin", 0)
    assert "entier" in plan.message("exercice", 0)
    assert plan.message("annuite", 0) == "" and plan.message("fin", 1) == ""
    assert plan.valeur().loc[1, "annuite"] is None
    plan.bouton("verifier").click()
    assert "obligatoire" in plan.message("annuite", 0) and "obligatoire" in plan.message("exercice", 1)
    assert "pas complet" in plan.message("verifier")


def test_tableau__montant_negatif_refuse_sauf_colonne_signee(tmp_path):
    balance = EditeurTableau(
        [
            Colonne("compte", "texte"),
            Colonne("solde", "montant", "Solde", negatif=True),
            Colonne("debit", "montant"),
        ],
        question="b2_balance",
        dossier=tmp_path,
        lignes=[{}],
    )
    balance.champ("solde", 0).saisie.value = "-1 500,00"
    balance.champ("debit", 0).saisie.value = "-3"
    assert balance.message("solde", 0) == "" and balance.valeur().loc[0, "solde"] == Decimal("-1500.00")
    assert "négatif" in balance.message("debit", 0)


def test_tableau__supprimer_une_ligne_et_plafond(tmp_path):
    plan = EditeurTableau(
        COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{"exercice": n} for n in (1, 2, 3)]
    )
    plan.bouton("supprimer", 0).click()
    assert [r["exercice"] for r in plan.valeur().to_dict("records")] == [2, 3]
    petit = EditeurTableau(COLONNES_PLAN, question="petit", dossier=tmp_path, lignes_max=3)
    for _ in range(10):
        petit.bouton("ajouter").click()
    assert petit.nb_lignes == 3 and "au plus 3 lignes" in petit.message("lignes")


def test_tableau__redemarrage__reprend_le_tableau(tmp_path):
    plan = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{"exercice": 2026}])
    plan.champ("annuite", 0).saisie.value = "1 250,50"
    plan.champ("fin", 0).saisie.value = "31/12/2026"
    repris = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{"exercice": 1999}])
    assert repris.valeur().equals(plan.valeur())
    assert repris.champ("annuite", 0).saisie.value == "1 250,50"
    enregistre = reponses.relire(reponses.lire_tout(tmp_path)["b2_plan"])
    assert enregistre["valeur"][0]["annuite"] == Decimal("1250.50")


def test_tableau__securite(tmp_path):
    plan = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{}])
    plan.champ("observation", 0).saisie.value = "x" * 100_000
    assert "caractères" in plan.message("observation", 0)
    modele = plan.modele
    assert modele.modifier(0, "colonne_inconnue", "1") is False
    assert modele.modifier(5, "annuite", "1") is False
    assert modele.modifier(0, "annuite", 12.5) is False and "texte" in modele.erreurs["annuite:0"]


def test_tableau__exception_imprevue__message(tmp_path, monkeypatch):
    plan = EditeurTableau(COLONNES_PLAN, question="b2_plan", dossier=tmp_path, lignes=[{}])

    def panne():
        raise IndexError("panne simulée")

    monkeypatch.setattr(plan.modele, "verifier", panne)
    plan.bouton("verifier").click()
    assert "IndexError" in plan.message_general


# --- Pointage bancaire --------------------------------------------------------------------

RELEVE = [
    ("R1", "02/03/2026", "VIR DUPONT F2026-001", Decimal("1200.00")),
    ("R2", "05/03/2026", "FRAIS TENUE COMPTE", Decimal("-12.50")),
    ("R3", "09/03/2026", "CHQ 0001234", Decimal("-300.00")),
]
LIVRE_512 = [
    ("L1", dt.date(2026, 3, 1), "Règlement Dupont", "1 200,00"),
    ("L2", dt.date(2026, 3, 4), "Chèque 1234 Durand", Decimal(-300)),
    ("L3", dt.date(2026, 3, 30), "Remise de chèques", Decimal(450)),
]


@pytest.fixture
def pointage(tmp_path):
    return PointageBancaire(RELEVE, LIVRE_512, question="b1_pointage", dossier=tmp_path)


def test_pointage__totaux_et_difference_en_direct(pointage):
    pointage.case("releve", "R1").value = True
    pointage.case("livre", "L3").value = True
    assert espaces(pointage.totaux) == (
        "Sélection relevé : 1 200,00 € · Sélection livre : 450,00 € · Différence : 750,00 €"
    )
    pointage.case("livre", "L3").value = False
    pointage.case("livre", "L1").value = True
    assert espaces(pointage.totaux).endswith("Différence : 0,00 €")


def test_pointage__pointer_une_selection_equilibree(pointage):
    pointage.case("releve", "R1").value = True
    pointage.case("livre", "L3").value = True
    pointage.bouton("pointer").click()
    assert "différence 750,00 €" in espaces(pointage.message("pointer"))
    assert pointage.modele.pointages == []
    pointage.case("livre", "L3").value = False
    pointage.case("livre", "L1").value = True
    pointage.bouton("pointer").click()
    (fait,) = pointage.modele.pointages
    assert (fait.code, fait.releve, fait.livre) == ("A", ("R1",), ("L1",))
    assert pointage.case("releve", "R1").disabled and pointage.case("releve", "R1").description.startswith(
        "[A]"
    )
    assert [x.id for x in pointage.modele.non_pointees("releve")] == ["R2", "R3"]
    assert espaces(pointage.totaux).endswith("Différence : 0,00 €")


def test_pointage__ligne_deja_pointee__refus_a_cote_de_la_liste(pointage):
    pointage.case("releve", "R3").value = True
    pointage.case("livre", "L2").value = True
    pointage.bouton("pointer").click()
    pointage.case("releve", "R3").value = False  # un visiteur réactive la case désactivée
    assert "déjà pointée (A)" in pointage.message("releve")
    assert pointage.case("releve", "R3").value is True
    pointage.bouton("depointer").click()
    assert pointage.modele.pointages == [] and not pointage.case("releve", "R3").disabled
    pointage.bouton("depointer").click()
    assert "Aucun pointage" in pointage.message("depointer")


def test_pointage__redemarrage__reprend_les_pointages(pointage, tmp_path):
    pointage.case("releve", "R3").value = True
    pointage.case("livre", "L2").value = True
    pointage.bouton("pointer").click()
    pointage.case("releve", "R2").value = True
    repris = PointageBancaire(RELEVE, LIVRE_512, question="b1_pointage", dossier=tmp_path)
    assert repris.modele.valeur() == pointage.modele.valeur()
    assert repris.case("releve", "R2").value is True and repris.case("livre", "L2").disabled


def test_pointage__reponse_forgee_incoherente__ecartee(tmp_path):
    forge = {"b1_pointage": {"pointages": [{"code": "A", "releve": ["R1"], "livre": ["L3"]}, 7]}}
    (tmp_path / "reponses.json").write_text(json.dumps(forge), encoding="utf-8")
    repris = PointageBancaire(RELEVE, LIVRE_512, question="b1_pointage", dossier=tmp_path)
    assert repris.modele.pointages == [] and "2 pointage(s)" in repris.message_general


def test_pointage__lignes_controlees():
    ligne = LignePointage(12, "31/03/2026", "  Virement\n reçu ", "1 000,5")
    assert (ligne.id, ligne.date, ligne.libelle, ligne.montant) == (
        "12",
        dt.date(2026, 3, 31),
        "Virement reçu",
        Decimal("1000.50"),
    )
    with pytest.raises(Exception, match="virgule flottante"):
        LignePointage("X", "31/03/2026", "", 12.5)
    assert [code_pointage(n) for n in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_pointage__securite(pointage):
    modele = pointage.modele
    assert modele.cocher("releve", "R404", True) is False
    assert modele.cocher("banque", "R1", True) is False
    assert modele.cocher("releve", "R1", "oui") is False and "coche" in modele.erreurs["releve"]
    assert modele.depointer(["A"]) is False
    with pytest.raises(traitlets.TraitError):
        pointage.case("releve", "R1").value = "oui"


# --- Éléments variables de paie -----------------------------------------------------------

SALARIES = {"S001": "Martin Léa", "S002": "Durand Paul"}


@pytest.fixture
def paie(tmp_path):
    return SaisiePaie(SALARIES, question="b3_variables", dossier=tmp_path)


def test_paie__valeurs_en_decimal(paie):
    paie.champ("S001", "heures_sup_25").saisie.value = "8,5"
    paie.champ("S001", "primes").saisie.value = "150,00 €"
    paie.champ("S001", "titres_restaurant").saisie.value = "19"
    paie.champ("S002", "absences_jours").saisie.value = "2"
    valeur = paie.valeur()
    assert valeur["S001"]["heures_sup_25"] == Decimal("8.5")
    assert valeur["S001"]["primes"] == Decimal("150.00")
    assert valeur["S001"]["titres_restaurant"] == Decimal(19)
    assert valeur["S001"]["frais"] == 0 and valeur["S002"]["absences_jours"] == Decimal(2)
    assert set(valeur["S002"]) == {e.nom for e in paie.modele.elements}
    assert all(isinstance(v, Decimal) for s in valeur.values() for v in s.values())


@pytest.mark.parametrize(
    ("element", "saisie", "attendu"),
    [
        ("heures_sup_25", "45", "au-delà du plausible (40 h au plus"),
        ("heures_sup_50", "30", "48 h"),
        ("absences_jours", "32", "31 j au plus"),
        ("absences_heures", "-4", "négatif"),
        ("primes", "-10", "négatif"),
        ("primes", "12,3,4", "« 12,3,4 » n'est pas un montant valide"),
        ("heures_sup_25", "huit", "n'est pas un nombre"),
        ("heures_sup_25", "1,255", "au plus 2 décimales"),
        ("titres_restaurant", "2,5", "nombre entier"),
        ("avantages_nature", "1" * 100, "caractères"),
    ],
)
def test_paie__champ_invalide__message_sous_le_champ(paie, element, saisie, attendu):
    paie.champ("S002", element).saisie.value = saisie
    assert attendu in espaces(paie.message("S002", element))
    assert paie.message("S001", element) == ""
    assert paie.valeur()["S002"][element] is None
    assert not paie.modele.est_valide


def test_paie__redemarrage__reprend_les_saisies(paie, tmp_path):
    paie.champ("S001", "heures_sup_50").saisie.value = "4"
    paie.champ("S002", "frais").saisie.value = "35,20"
    reprise = SaisiePaie(SALARIES, question="b3_variables", dossier=tmp_path)
    assert reprise.valeur() == paie.valeur()
    assert reprise.champ("S002", "frais").saisie.value == "35,20"
    enregistre = reponses.relire(reponses.lire_tout(tmp_path)["b3_variables"])
    assert enregistre["valeur"]["S002"]["frais"] == Decimal("35.20")


def test_paie__securite(paie, monkeypatch):
    modele: ModelePaie = paie.modele
    assert modele.modifier("S999", "primes", "1") is False
    assert modele.modifier("S001", "salaire_de_base", "1") is False
    assert (
        modele.modifier("S001", "primes", Decimal("1e9")) is False
        and "texte" in modele.erreurs["S001:primes"]
    )
    monkeypatch.setattr(modele, "modifier", lambda *a: {}["x"])
    paie.champ("S001", "primes").saisie.value = "1"
    assert "KeyError" in paie.message_general


# --- Enregistrement impossible -----------------------------------------------------------


def test_enregistrement_impossible__message_sans_exception(tmp_path):
    formulaire = FormulaireSaisie(nouveau_livre(), question="b1_achat", dossier=tmp_path / "absent")
    formulaire.champ("libelle").saisie.value = "Achat"
    assert "n'a pas pu être enregistrée" in formulaire.message_general


# --- Exemples des docstrings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "nom",
    [
        "formulaires._commun",
        "formulaires.saisie_ecriture",
        "formulaires.tableau",
        "formulaires.pointage",
        "formulaires.paie",
    ],
)
def test_exemples_des_docstrings(nom):
    import doctest
    import importlib

    resultat = doctest.testmod(importlib.import_module(nom), optionflags=doctest.ELLIPSIS)
    assert resultat.failed == 0
