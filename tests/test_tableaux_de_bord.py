"""Tableaux de bord testés sans navigateur : modèles, vues (``.value``, ``bouton.click()``), lanceur.

Le navigateur (``tests/navigateur/test_tableaux_de_bord.py``) ne vérifie ensuite que ce
que seul un navigateur montre.
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
from decimal import Decimal
from pathlib import Path

import pytest

from compta_kernel import regles
from graders import sujets
from tableaux_de_bord import TABLEAUX, amortissement, penalites, tva
from tableaux_de_bord.__main__ import main as lanceur
from tableaux_de_bord.entrainement import (
    COMPTE_DE_CHARGE,
    SEUIL_MAITRISE,
    ModeleEntrainement,
    TableauEntrainement,
    ecriture_attendue,
)
from tableaux_de_bord.penalites import ErreurPenalites, calculer_penalites
from tableaux_de_bord.progression import FICHIER_ILLISIBLE, Progression
from tableaux_de_bord.serveur import ReglagesVoila, commande_voila, environnement

RACINE = Path(__file__).resolve().parent.parent
CARNETS = RACINE / "course" / "tableaux_de_bord"
D = Decimal


def espaces(texte: str) -> str:
    """Espaces insécables (babel) ramenées à des espaces simples."""
    return texte.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def progression(tmp_path) -> Progression:
    """La progression de l'apprenant « essai » dans un dossier temporaire."""
    return Progression("essai", tmp_path / "progression.json")


def graines_successives(*graines: int):
    """Fabrique de graines déterministe pour les tests (l'entraînement réel tire dans ``secrets``)."""
    suite = iter(graines)
    return lambda: next(suite).to_bytes(16, "big")


def texte_montant(valeur: Decimal) -> str:
    """Un montant tapé à la française : « 1499,32 »."""
    return format(valeur, "f").replace(".", ",")


def bonne_saisie(sujet) -> tuple[str, str, list[tuple[str, str, str]]]:
    """Journal, date et lignes justes d'une facture, comme les taperait l'apprenant."""
    return (
        "AC",
        sujet.date.strftime("%d/%m/%Y"),
        [
            (COMPTE_DE_CHARGE[sujet.nature], texte_montant(sujet.ht), ""),
            ("44566", texte_montant(sujet.tva), ""),
            ("401", "", texte_montant(sujet.ttc)),
        ],
    )


def saisir(modele: ModeleEntrainement, journal: str, date: str, lignes: list[tuple[str, str, str]]) -> None:
    modele.modifier("journal", journal)
    modele.modifier("date", date)
    for i, ligne in enumerate(lignes):
        for champ, valeur in zip(("compte", "debit", "credit"), ligne, strict=True):
            modele.modifier(champ, valeur, i)


def reussir(modele: ModeleEntrainement):
    saisir(modele, *bonne_saisie(modele.sujet))
    return modele.verifier()


# ----------------------------------------------------------------------------- pénalités

CAS_PENALITES = [
    pytest.param(
        {"montant": "10000", "echeance": (2026, 1, 31), "paiement": (2026, 3, 2), "taux": None},
        {"jours": 30, "taux": ["0.1215"], "periodes": ["99.86"], "penalites": "99.86", "total": "139.86"},
        id="exemple_du_cours_30_jours_a_12_15",
    ),
    pytest.param(
        {"montant": "10000", "echeance": (2025, 6, 15), "paiement": (2025, 7, 15), "taux": None},
        {
            "jours": 30,
            "taux": ["0.1315", "0.1215"],
            "periodes": ["54.04", "49.93"],
            "penalites": "103.97",
            "total": "143.97",
        },
        id="retard_a_cheval_sur_deux_semestres_2025",
    ),
    pytest.param(
        {"montant": "10000", "echeance": (2026, 6, 15), "paiement": (2026, 7, 15), "taux": "0.12"},
        {"jours": 30, "taux": ["0.12"], "periodes": ["98.63"], "penalites": "98.63", "total": "138.63"},
        id="taux_de_la_facture_second_semestre_2026",
    ),
    pytest.param(
        {"montant": "18.25", "echeance": (2026, 3, 1), "paiement": (2026, 3, 2), "taux": "0.10"},
        {"jours": 1, "taux": ["0.10"], "periodes": ["0.01"], "penalites": "0.01", "total": "40.01"},
        id="demi_centime_arrondi_au_superieur",
    ),
]


@pytest.mark.parametrize(("entree", "attendu"), CAS_PENALITES)
def test_penalites__reponses_connues(entree, attendu):
    """Réponses calculées à la main : montant × taux × jours / 365, arrondi au centime (demi supérieur).

    Source : C. com. L441-10, II (BCE au 1er janvier / 1er juillet + 10 points) et D441-5 (40 €) ;
    taux BCE : 3,15 % au 01/01/2025, 2,15 % au 01/07/2025 et au 01/01/2026.
    """
    p = calculer_penalites(
        D(entree["montant"]),
        dt.date(*entree["echeance"]),
        dt.date(*entree["paiement"]),
        D(entree["taux"]) if entree["taux"] else None,
    )
    assert p.jours == attendu["jours"]
    assert [q.taux for q in p.periodes] == [D(t) for t in attendu["taux"]]
    assert [q.penalites for q in p.periodes] == [D(m) for m in attendu["periodes"]]
    assert sum(q.jours for q in p.periodes) == p.jours
    assert p.penalites == D(attendu["penalites"])
    assert p.indemnite == D(40)
    assert p.total == D(attendu["total"])


def test_penalites__exemple_de_la_docstring():
    assert doctest.testmod(penalites).failed == 0


def test_penalites__paiement_a_l_heure__ni_penalites_ni_indemnite():
    for paiement in (dt.date(2026, 1, 31), dt.date(2026, 1, 20)):
        p = calculer_penalites(D("10000"), dt.date(2026, 1, 31), paiement)
        assert (p.jours, p.periodes, p.penalites, p.indemnite, p.total) == (0, (), 0, 0, 0)


def test_penalites__second_semestre_2026_refuse_sans_taux_de_la_facture():
    """Le taux de la BCE au 01/07/2026 n'est pas confirmé : le taux par défaut est refusé, sous la date de paiement."""
    with pytest.raises(ErreurPenalites) as erreur:
        calculer_penalites(D("10000"), dt.date(2026, 6, 15), dt.date(2026, 7, 15))
    assert erreur.value.champ == "paiement"
    assert "01/07/2026 n'est pas confirmé" in erreur.value.message
    assert "taux des pénalités prévu par la facture" in erreur.value.message


def test_penalites__annee_hors_des_donnees__message_sous_l_echeance():
    with pytest.raises(ErreurPenalites) as erreur:
        calculer_penalites(D("100"), dt.date(2024, 5, 1), dt.date(2024, 6, 1), D("0.12"))
    assert erreur.value.champ == "echeance"
    assert "années disponibles : 2025, 2026" in erreur.value.message


def test_regles_bce__taux_par_semestre_avec_sources():
    """bce.yaml : 3,15 % (1er sem. 2025), 2,15 % (2d sem. 2025, 1er sem. 2026), rien pour le 2d sem. 2026."""
    cle = "bce.taux_refinancement.debut_semestre"
    attendus = {
        dt.date(2025, 1, 1): D("0.0315"),
        dt.date(2025, 6, 30): D("0.0315"),
        dt.date(2025, 7, 1): D("0.0215"),
        dt.date(2025, 12, 31): D("0.0215"),
        dt.date(2026, 1, 1): D("0.0215"),
        dt.date(2026, 6, 30): D("0.0215"),
    }
    for jour, taux in attendus.items():
        regle = regles.regle(cle, jour)
        assert regle.valeur == taux, jour
        assert "BCE" in regle.source
    with pytest.raises(regles.RegleInconnue):
        regles.regle(cle, dt.date(2026, 7, 1))
    assert "NON CONFIRMÉ" in (RACINE / "compta_kernel/donnees/regles/2026/bce.yaml").read_text(
        encoding="utf-8"
    )


# ----------------------------------------------------------------------------- simulateur (modèle et vue)


def test_simulateur__montant_illisible__message_francais_a_cote_du_champ(progression):
    vue = penalites.simulateur(progression)
    vue.champ("montant").saisie.value = "12,3,4"
    assert vue.message("montant") == (
        "Montant TTC de la facture : « 12,3,4 » n'est pas un montant valide : un montant n'a qu'un "
        "séparateur décimal (la virgule), par exemple 1 234,56."
    )
    assert vue.resultat_html == ""


def test_simulateur__calcul_complet_et_affichage_francais(progression):
    vue = penalites.simulateur(progression)
    for champ, valeur in {"montant": "10 000", "echeance": "31/01/2026", "paiement": "02/03/2026"}.items():
        vue.champ(champ).saisie.value = valeur
    resultat = espaces(vue.resultat_html)
    for attendu in ("10 000,00 €", "12,15 %", "99,86 €", "40,00 €", "139,86 €", "31/01/2026", "02/03/2026"):
        assert attendu in resultat
    assert '<td class="tdb-jours">30</td>' in resultat
    assert "10 000,00 € × 12,15 % × 30 / 365 = 99,86 €" in resultat


def test_simulateur__champs_obligatoires_signales_par_calculer(progression):
    vue = penalites.simulateur(progression)
    vue.bouton.click()
    assert vue.message("montant") == "Montant TTC de la facture : ce champ est obligatoire."
    assert vue.message("echeance") == "Date d'échéance : ce champ est obligatoire."
    assert vue.message("taux").startswith("Facultatif.")
    assert vue.message_general == "Le calcul n'a pas été fait : corrigez les champs signalés en rouge."


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("montant", "0", "Montant TTC de la facture : le montant est nul"),
        ("montant", "-5", "le montant est négatif"),
        ("echeance", "31/02/2026", "n'est pas une date valide"),
        ("paiement", "01/01/2999", "l'année 2999 est hors des années acceptées"),
        ("taux", "douze", "« douze » n'est pas un taux"),
        ("taux", "150", "entre 0 et 100"),
        ("taux", "__import__('os').system('id')", "n'est pas un taux"),
    ],
)
def test_simulateur__saisies_refusees_en_francais(progression, champ, saisie, message):
    modele = penalites.modele(progression)
    assert modele.modifier(champ, saisie) is False
    assert message in modele.erreurs[champ]


def test_simulateur__second_semestre_2026__message_sous_la_date_de_paiement(progression):
    vue = penalites.simulateur(progression)
    for champ, valeur in {"montant": "1 000", "echeance": "15/06/2026", "paiement": "15/07/2026"}.items():
        vue.champ(champ).saisie.value = valeur
    assert "Le taux de la BCE au 01/07/2026 n'est pas confirmé" in vue.message("paiement")
    assert vue.resultat_html == ""
    vue.champ("taux").saisie.value = "12 %"
    assert vue.message("paiement") == ""
    assert "1 000,00 € × 12 % × 30 / 365 = 9,86 €" in espaces(vue.resultat_html)


def test_simulateur__saisies_reprises_au_rechargement(progression):
    modele = penalites.modele(progression)
    for champ, valeur in {"montant": "10 000", "echeance": "31/01/2026", "paiement": "02/03/2026"}.items():
        modele.modifier(champ, valeur)
    recharge = penalites.modele(Progression("essai", progression.chemin))
    assert recharge.textes["montant"] == "10 000"
    assert recharge.resultat.penalites == D("99.86")
    assert penalites.modele(Progression("autre", progression.chemin)).textes["montant"] == ""


@pytest.mark.parametrize(
    ("nom", "valeur"),
    [
        ("montant", 12345),
        ("montant", None),
        ("montant", ["1"]),
        ("montant", "9" * 100_000),
        ("inconnu", "1"),
        (None, "1"),
    ],
)
def test_simulateur__messages_malveillants__refuses_sans_exception_ni_enregistrement(
    progression, nom, valeur
):
    modele = penalites.modele(progression)
    assert modele.modifier(nom, valeur) is False
    assert not progression.chemin.exists()
    message = modele.erreurs.get(nom if nom in modele.parametres else "formulaire")
    assert message and "9" * 50 not in message


# ----------------------------------------------------------------------------- entraînement B1

NATURES = {
    "petit_equipement": 0,
    "matieres_premieres": 2,
    "marchandises": 3,
    "fournitures_bureau": 5,
    "entretien": 9,
}


@pytest.mark.parametrize(("nature", "graine"), NATURES.items())
def test_entrainement__ecriture_attendue_selon_la_nature(nature, graine):
    sujet = sujets.facture_achat(graine.to_bytes(16, "big"))
    assert sujet.nature == nature
    e = ecriture_attendue(sujet)
    assert (e.journal, e.date) == ("AC", sujet.date)
    assert [(l.compte, l.debit, l.credit) for l in e.lignes] == [
        (COMPTE_DE_CHARGE[nature], sujet.ht, 0),
        ("44566", sujet.tva, 0),
        ("401", 0, sujet.ttc),
    ]
    assert (
        COMPTE_DE_CHARGE[nature]
        == {
            "marchandises": "607",
            "fournitures_bureau": "6064",
            "petit_equipement": "6063",
            "matieres_premieres": "601",
            "entretien": "615",
        }[nature]
    )


def test_entrainement__reponse_juste__tous_les_points_et_serie(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(3))
    verdict = reussir(modele)
    assert verdict.reussi and "Tout est juste." in verdict._repr_html_()
    assert modele.annonce.startswith("Juste ! Série : 1 / 3")
    assert (modele.serie, modele.reussis, modele.exercices) == (1, 1, 1)


def test_entrainement__sous_compte_fournisseur_et_ordre_des_lignes_acceptes(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(3))
    journal, date, lignes = bonne_saisie(modele.sujet)
    lignes = [("401 durand", *lignes[2][1:]), lignes[1], lignes[0]]
    saisir(modele, journal, date, lignes)
    assert modele.verifier().reussi


def test_entrainement__mauvais_compte_de_tva__diagnostic_et_serie_remise_a_zero(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(3, 5))
    reussir(modele)
    modele.nouvel_exercice()
    journal, date, lignes = bonne_saisie(modele.sujet)
    lignes[1] = ("44571", *lignes[1][1:])
    saisir(modele, journal, date, lignes)
    verdict = modele.verifier()
    assert not verdict.reussi and "mauvais_compte_tva" in verdict.diagnostics
    assert any(r.startswith("Mauvais compte de TVA : 44571 au lieu de 44566") for r in verdict.remarques)
    assert modele.serie == 0 and modele.annonce.startswith("Pas encore juste")
    modele.modifier("compte", "44566", 1)
    assert modele.verifier().reussi
    assert (modele.serie, modele.reussis, modele.exercices) == (0, 1, 2)
    assert modele.annonce.startswith("Juste, au 2e essai")


def test_entrainement__maitrise_apres_trois_justes_d_affilee_du_premier_coup(progression):
    jour = dt.date(2026, 11, 29)
    modele = ModeleEntrainement(
        progression, tirer=graines_successives(1, 2, 3, 4, 5), aujourd_hui=lambda: jour
    )
    for n in range(1, SEUIL_MAITRISE + 1):
        assert reussir(modele).reussi
        assert modele.serie == n
        assert modele.maitrise == (n == SEUIL_MAITRISE)
        modele.nouvel_exercice()
    assert modele.maitrise_le == jour
    assert "Compétence maîtrisée le 29/11/2026" in modele.texte_progression()
    modele.voir_correction()
    assert modele.serie == 0 and modele.maitrise, "la maîtrise acquise reste"


def test_entrainement__passer_sans_verifier_ne_change_pas_la_serie(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(1, 2, 3))
    reussir(modele)
    modele.nouvel_exercice()
    modele.nouvel_exercice()
    assert (modele.serie, modele.exercices) == (1, 1)


def test_entrainement__voir_la_correction__termine_et_remet_la_serie_a_zero(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(1, 3))
    reussir(modele)
    modele.nouvel_exercice()
    modele.voir_correction()
    assert modele.termine and modele.serie == 0 and modele.exercices == 2
    assert [c for c, *_ in modele.lignes_correction()] == [
        COMPTE_DE_CHARGE[modele.sujet.nature],
        "44566",
        "401",
    ]
    assert modele.verifier() is None and "terminé" in modele.annonce


def test_entrainement__voir_la_correction_apres_une_reussite__serie_gardee(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(1))
    reussir(modele)
    modele.voir_correction()
    assert modele.serie == 1 and modele.annonce.startswith("Voici l'écriture attendue : comparez")


def test_entrainement__verifier_deux_fois_une_reussite_ne_compte_qu_une_fois(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(1))
    reussir(modele)
    modele.verifier()
    modele.verifier()
    assert (modele.serie, modele.reussis, modele.essais) == (1, 1, 1)


def test_entrainement__montant_illisible__message_a_cote_du_champ_et_pas_d_essai(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(3))
    journal, date, lignes = bonne_saisie(modele.sujet)
    saisir(modele, journal, date, lignes)
    assert modele.modifier("debit", "12,3,4", 0) is False
    assert modele.erreurs["debit:0"] == (
        "Débit : « 12,3,4 » n'est pas un montant valide : un montant n'a qu'un séparateur décimal "
        "(la virgule), par exemple 1 234,56."
    )
    assert modele.verifier() is None
    assert modele.essais == 0 and modele.annonce.startswith("Vérification impossible")


def test_entrainement__saisie_incomplete__chaque_champ_signale(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(3))
    modele.modifier("compte", "607", 0)
    modele.modifier("debit", "10", 1)
    modele.modifier("credit", "10", 1)
    modele.modifier("compte", "9999", 2)
    assert modele.verifier() is None
    assert modele.erreurs["journal"] == "Journal : choisissez le journal de l'écriture."
    assert modele.erreurs["date"].startswith("Date : saisissez la date")
    assert modele.erreurs["debit:0"] == "Saisissez le montant au débit ou au crédit."
    assert modele.erreurs["compte:1"] == "Compte : saisissez le numéro du compte."
    assert modele.erreurs["credit:1"] == "Une ligne porte un montant au débit ou au crédit, pas les deux."
    assert "n'existe pas dans le plan comptable général" in modele.erreurs["compte:2"]


def test_entrainement__libelle_du_compte_affiche_sous_le_champ(progression):
    modele = ModeleEntrainement(progression)
    modele.modifier("compte", "44566", 0)
    assert modele.infos["compte:0"] == "TVA sur autres biens et services"


def test_entrainement__nouvel_exercice__graine_neuve_de_secrets(progression):
    modele = ModeleEntrainement(progression)
    graines = {modele.graine}
    for _ in range(5):
        modele.nouvel_exercice()
        graines.add(modele.graine)
    assert len(graines) == 6 and all(len(g) == 16 for g in graines)


def test_entrainement__progression_reprise_au_rechargement(progression):
    modele = ModeleEntrainement(progression, tirer=graines_successives(1, 3))
    reussir(modele)
    modele.nouvel_exercice()
    journal, date, lignes = bonne_saisie(modele.sujet)
    lignes[1] = ("44571", *lignes[1][1:])
    saisir(modele, journal, date, lignes)
    modele.verifier()
    recharge = ModeleEntrainement(Progression("essai", progression.chemin), tirer=graines_successives(99))
    assert recharge.graine == modele.graine
    assert (recharge.serie, recharge.reussis, recharge.exercices, recharge.essais) == (0, 1, 2, 1)
    assert recharge.lignes[1].compte == "44571" and recharge.date == date
    assert any("Mauvais compte de TVA" in r for r in recharge.verdict.remarques)
    assert recharge.annonce.startswith("Pas encore juste")


def test_entrainement__progression_par_apprenant_dans_le_dossier_personnel(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_COMPTABLE_DOSSIER", str(tmp_path / "perso"))
    for variable in ("JUPYTERHUB_USER", "ASSISTANT_COMPTABLE_APPRENANT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ASSISTANT_COMPTABLE_APPRENANT", "zoe")
    reussir(ModeleEntrainement(tirer=graines_successives(1)))
    monkeypatch.setenv("ASSISTANT_COMPTABLE_APPRENANT", "yann")
    assert ModeleEntrainement(tirer=graines_successives(2)).serie == 0
    donnees = json.loads((tmp_path / "perso" / "progression.json").read_text(encoding="utf-8"))
    assert donnees["apprenants"]["zoe"]["b1_facture_achat"]["serie"] == 1
    assert set(donnees["apprenants"]) == {"zoe", "yann"}


@pytest.mark.parametrize(
    "contenu",
    [
        "{pas du json",
        "[1, 2]",
        json.dumps(
            {"apprenants": {"essai": {"b1_facture_achat": {"serie": "3", "en_cours": {"graine": "zz"}}}}}
        ),
        json.dumps(
            {
                "apprenants": {
                    "essai": {
                        "b1_facture_achat": {
                            "serie": True,
                            "reussis": -4,
                            "maitrise_le": "hier",
                            "en_cours": {
                                "graine": "00" * 16,
                                "verdict": {
                                    "points": "__import__('os')",
                                    "sur": "1",
                                    "remarques": [],
                                    "reussites": [],
                                },
                                "brouillon": {"lignes": [{"compte": 607}, "x"] * 50, "date": ["31/01/2026"]},
                            },
                        }
                    }
                }
            }
        ),
    ],
)
def test_entrainement__fichier_de_progression_douteux__ignore_sans_exception(progression, contenu):
    progression.chemin.write_text(contenu, encoding="utf-8")
    modele = ModeleEntrainement(progression)
    assert (modele.serie, modele.reussis, modele.maitrise_le) == (0, 0, None)
    assert modele.verdict is None and len(modele.lignes) <= 8
    assert isinstance(json.loads(progression.chemin.read_text(encoding="utf-8")), dict)


def test_progression__fichier_illisible_mis_de_cote_jamais_ecrase(progression):
    progression.chemin.write_text("{pas du json", encoding="utf-8")
    ModeleEntrainement(progression)
    assert progression.chemin.with_name(FICHIER_ILLISIBLE).read_text(encoding="utf-8") == "{pas du json"
    assert (
        "b1_facture_achat"
        in json.loads(progression.chemin.read_text(encoding="utf-8"))["apprenants"]["essai"]
    )


def test_progression__sections_et_apprenants_gardes(progression):
    progression.enregistrer("a", {"x": 1})
    Progression("autre", progression.chemin).enregistrer("a", {"x": 2})
    progression.enregistrer("b", {"y": 3})
    assert progression.lire("a") == {"x": 1} and progression.lire("b") == {"y": 3}
    assert Progression("autre", progression.chemin).lire("a") == {"x": 2}
    assert not list(progression.chemin.parent.glob(".progression-*"))


@pytest.mark.parametrize(
    ("champ", "valeur", "ligne"),
    [
        ("debit", 12.5, 0),
        ("debit", "1" * 100_000, 0),
        ("compte", "__import__('os').system('touch /tmp/pirate')", 0),
        ("compte", "607", 99),
        ("compte", "607", "0"),
        ("compte", "607", True),
        ("journal", "XX", None),
        ("date", {"jour": 1}, None),
        ("inconnu", "1", None),
    ],
)
def test_entrainement__messages_malveillants__refuses_sans_exception(progression, champ, valeur, ligne):
    modele = ModeleEntrainement(progression)
    avant = (modele.journal, modele.date, [vars(l).copy() for l in modele.lignes])
    assert modele.modifier(champ, valeur, ligne) is False
    assert modele.erreurs and all("1" * 50 not in m for m in modele.erreurs.values())
    assert (modele.journal, modele.date, [vars(l) for l in modele.lignes]) == avant


def test_vue_entrainement__clics_comme_l_apprenant(progression):
    vue = TableauEntrainement(ModeleEntrainement(progression, tirer=graines_successives(3, 5)))
    journal, date, lignes = bonne_saisie(vue.modele.sujet)
    vue.champ("journal").saisie.value = journal
    vue.champ("date").saisie.value = date
    for i, ligne in enumerate(lignes):
        for champ, valeur in zip(("compte", "debit", "credit"), ligne, strict=True):
            vue.champ(champ, i).saisie.value = valeur
    vue.champ("debit", 0).saisie.value = "12,3,4"
    assert "« 12,3,4 » n'est pas un montant valide" in vue.champ("debit", 0).texte
    vue.champ("debit", 0).saisie.value = lignes[0][1]
    vue.bouton("verifier").click()
    assert vue.annonce.startswith("Juste !") and "Tout est juste." in vue.verdict_html
    assert "Série : 1 / 3" in vue.progression
    vue.bouton("ajouter").click()
    assert vue.nb_lignes == 4
    vue.bouton("nouveau").click()
    assert vue.nb_lignes == 3 and vue.champ("compte", 0).saisie.value == "" and vue.verdict_html == ""
    assert vue.modele.sujet.numero in vue.children[1].value


# ----------------------------------------------------------------------------- lanceur et carnets


def test_lanceur__reglages_surs_par_defaut():
    commande = commande_voila(ReglagesVoila())
    for option in (
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--preheat_kernel=True",
        "--pool_size=1",
        "--Voila.ip=127.0.0.1",
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
        "--HTMLExporter.language_code=fr",
        "--VoilaConfiguration.allow_template_override=NO",
    ):
        assert option in commande
    assert commande[1:4] == ["-m", "voila", str(CARNETS)]
    sans = commande_voila(ReglagesVoila(prechauffage=False))
    assert "--preheat_kernel=False" in sans and "--pool_size=0" in sans


def test_lanceur__delai_de_remplacement_du_noyau_prechauffe_lu_par_voila(capsys):
    """L'option ``fill_delay`` arrive bien au gestionnaire de noyaux de Voilà (nom de classe compris)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets.config.loader import KVArgParseConfigLoader
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    options = [
        o for o in commande_voila(ReglagesVoila(delai_reserve=7)) if o.startswith("--VoilaKernelManager.")
    ]
    assert options == ["--VoilaKernelManager.fill_delay=7"]
    config = KVArgParseConfigLoader(options).load_config()
    classe = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    assert "fill_delay" in classe.class_trait_names(config=True)
    assert float(config[classe.__name__]["fill_delay"]) == 7  # section au nom de la classe de Voilà
    assert lanceur(["--afficher-commande", "--delai-reserve", "3"]) == 0
    assert capsys.readouterr().out.count("--VoilaKernelManager.fill_delay=3") == 1


def test_lanceur__environnement__adresse_du_serveur_pour_les_noyaux_prechauffes():
    assert environnement(ReglagesVoila(ip="10.0.0.5"), {})["VOILA_APP_IP"] == "10.0.0.5"
    assert "VOILA_APP_IP" not in environnement(ReglagesVoila(ip="0.0.0.0"), {})


def test_lanceur__aide_en_francais_et_commande_affichee(capsys):
    assert lanceur(["--afficher-commande", "--port", "9001"]) == 0
    assert "--port=9001" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        lanceur(["--help"])
    aide = capsys.readouterr().out
    assert "utilisation : python -m tableaux_de_bord" in aide and "affiche cette aide" in aide
    with pytest.raises(SystemExit) as sortie:
        lanceur(["--port", "x"])
    assert sortie.value.code == 2 and "n'est pas un nombre entier" in capsys.readouterr().err


@pytest.mark.parametrize("tableau", TABLEAUX, ids=lambda t: t.carnet)
def test_carnets__petits_sans_sorties_et_appelant_leur_module(tableau):
    carnet = json.loads((CARNETS / tableau.carnet).read_text(encoding="utf-8"))
    code = [c for c in carnet["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert all(len("".join(c["source"]).splitlines()) <= 3 for c in code)
    assert any(f"from {tableau.module} import" in "".join(c["source"]) for c in code)
    assert carnet["metadata"]["kernelspec"]["name"] == "python3"


# ----------------------------------------------------------------------------- simulateur CA3 (B1.3)


def _saisir_ca3(vue, valeurs: dict[str, str]) -> None:
    for champ, valeur in valeurs.items():
        vue.champ(champ).saisie.value = valeur


def test_simulateur_tva__exemple_lecoursgratuit(progression):
    """lecoursgratuit.com (« TVA à décaisser... compte 44551 ») : ventes HT 10 000 € à 20 %, TVA
    déductible 1 000 € (immobilisation) et 600 € (achat) → lignes 16 = 2 000, 23 = 1 600, 28 = 400."""
    vue = tva.simulateur(progression)
    _saisir_ca3(
        vue,
        {
            "mois": "03/2026",
            "base_normal": "10 000",
            "deductible_immobilisations": "1 000",
            "deductible_autres": "600",
        },
    )
    resultat = espaces(vue.resultat_html)
    assert "Déclaration 3310-CA3-SD — mars 2026" in resultat
    assert '<tr class="tdb-ligne-08"><td><strong>08</strong></td><td>Taux normal 20 %</td>' in resultat
    for code, montant in {"16": "2 000", "23": "1 600", "28": "400", "25": "0"}.items():
        assert f'class="tdb-ligne-{code}"' in resultat
        ligne = resultat.split(f'class="tdb-ligne-{code}"', 1)[1].split("</tr>", 1)[0]
        assert f'<td style="text-align:right" class="tdb-montant">{montant}</td>' in ligne, code
    assert "TVA nette à payer : 400,00 € (ligne 28)." in resultat
    assert "pièce CA3-2026-03" in resultat
    for compte in ("44571", "44562", "44566", "44551"):
        assert f'<td class="tdb-compte">{compte}</td>' in resultat


def test_simulateur_tva__credit_et_remboursement(progression):
    vue = tva.simulateur(progression)
    _saisir_ca3(vue, {"mois": "06/2026", "base_reduit": "2 000", "deductible_immobilisations": "3 000"})
    resultat = espaces(vue.resultat_html)
    assert "Crédit de TVA : 2 890,00 € (ligne 25), dont 2 890,00 € à reporter (ligne 27)." in resultat
    assert '<td class="tdb-compte">44567</td>' in resultat
    vue.champ("remboursement").saisie.value = "5 000"
    assert "supérieur au crédit de la période" in vue.message("remboursement")
    assert vue.resultat_html == ""
    vue.champ("remboursement").saisie.value = "2 000"
    assert vue.message("remboursement").startswith("Facultatif")
    assert '<td class="tdb-compte">44583</td>' in vue.resultat_html


def test_simulateur_tva__mois_obligatoire_et_mois_illisible(progression):
    vue = tva.simulateur(progression)
    vue.bouton.click()
    assert vue.message("mois") == "Mois déclaré : ce champ est obligatoire."
    assert vue.message_general == "Le calcul n'a pas été fait : corrigez les champs signalés en rouge."
    vue.champ("mois").saisie.value = "13/2026"
    assert "n'est pas un mois ; tapez MM/AAAA" in vue.message("mois")
    vue.champ("mois").saisie.value = "03/2031"
    assert "2031 n'en fait pas partie" in vue.message("mois")


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("base_normal", "12,3,4", "n'a qu'un séparateur décimal"),
        ("deductible_autres", "-5", "le montant est négatif"),
        ("credit_anterieur", "1,234", "plus de deux décimales"),
        ("mois", "os.system('id')", "n'est pas un mois"),
    ],
)
def test_simulateur_tva__saisies_refusees_en_francais(progression, champ, saisie, message):
    modele = tva.modele(progression)
    assert modele.modifier(champ, saisie) is False
    assert message in modele.erreurs[champ]


def test_simulateur_tva__saisies_reprises_au_rechargement(progression):
    modele = tva.modele(progression)
    for champ, valeur in {"mois": "03/2026", "base_intermediaire": "1 000"}.items():
        modele.modifier(champ, valeur)
    recharge = tva.modele(Progression("essai", progression.chemin))
    assert recharge.textes["base_intermediaire"] == "1 000"
    assert recharge.resultat.montant("9B") == 100


@pytest.mark.parametrize(("nom", "valeur"), [("mois", 202603), ("base_normal", ["1"]), ("inconnu", "1")])
def test_simulateur_tva__messages_malveillants__refuses_sans_exception(progression, nom, valeur):
    modele = tva.modele(progression)
    assert modele.modifier(nom, valeur) is False
    assert not progression.chemin.exists()


# ----------------------------------------------------------------------------- simulateur du plan d'amortissement (B2.1)


def saisir_bien(vue, **champs: str) -> None:
    """Tape les champs du simulateur d'amortissement (listes déroulantes comprises), comme l'apprenant."""
    for champ, valeur in champs.items():
        vue.champ(champ).saisie.value = valeur


def test_amortissement__degressif_exemple_publie_au_format_francais(progression):
    """comprendrelacompta.com (cas tests/cas/immobilisations_degressif_15_avril.yaml) : 10 000 € acquis le
    15 avril, 5 ans, 35 % ; 10 000 × 35 % × 9/12 = 2 625 €, puis 2 581,25 € et 1 677,81 €, linéaire en 2029."""
    vue = amortissement.simulateur(progression)
    saisir_bien(vue, cout="10 000", date="15/04/2026", duree="5", mode="dégressif")
    resultat = espaces(vue.resultat_html)
    for attendu in ("2 625,00 €", "2 581,25 €", "1 677,81 €", "1 557,97 €", "35 %", "50 %", "100 %"):
        assert attendu in resultat
    assert "coefficient 1,75" in resultat and "9 mois" in resultat
    assert "passage au linéaire en 2029" in resultat
    assert '<strong class="tdb-total-annuites">10 000,00 €</strong>' in resultat
    assert vue.modele.resultat.plan["annuite"].tolist() == [
        D("2625.00"),
        D("2581.25"),
        D("1677.81"),
        D("1557.97"),
        D("1557.97"),
    ]


def test_amortissement__lineaire_prorata_en_jours_et_derogatoires(progression):
    """Diaporama « L'amortissement linéaire » (cas immobilisations_lineaire_1er_septembre.yaml) : 20 000 € mis
    en service le 1er septembre, 5 ans : 1 333,33 € (120 jours), 4 000 €, dernière annuité 2 666,67 €."""
    vue = amortissement.simulateur(progression)
    saisir_bien(vue, cout="20 000", date="01/09/2026", duree="5")
    resultat = espaces(vue.resultat_html)
    assert "1 333,33 €" in resultat and "2 666,67 €" in resultat and "120 jour(s)" in resultat
    assert "dérogatoires" not in resultat
    saisir_bien(vue, fiscal="dégressif")
    assert "Amortissements dérogatoires" in espaces(vue.resultat_html)
    derogatoire = vue.modele.resultat.derogatoire
    assert derogatoire["cumul"].iloc[-1] == 0
    assert derogatoire["dotation"].sum() == derogatoire["reprise"].sum()
    saisir_bien(vue, convention="exact", fin_exercice="30/06", valeur_residuelle="2 000")
    plan = vue.modele.resultat.plan
    assert plan.attrs["convention"] == "exact" and plan.attrs["fin_exercice"] == (30, 6)
    assert plan["vnc"].iloc[-1] == D("2000.00")


def test_amortissement__champs_obligatoires_signales_par_calculer(progression):
    vue = amortissement.simulateur(progression)
    vue.bouton.click()
    assert vue.message("cout") == "Coût d'entrée HT : ce champ est obligatoire."
    assert vue.message("duree") == "Durée (années) : ce champ est obligatoire."
    assert vue.message("valeur_residuelle").startswith("Facultatif.")
    assert vue.message_general == "Le calcul n'a pas été fait : corrigez les champs signalés en rouge."


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("cout", "12,3,4", "Coût d'entrée HT : « 12,3,4 » n'est pas un montant valide"),
        ("cout", "0", "le coût est nul"),
        ("cout", "-5", "le montant est négatif"),
        ("duree", "0", "au moins 1 an"),
        ("duree", "2,5", "n'est pas un nombre entier"),
        ("duree", "80", "dépasse le plus grand nombre accepté (50)"),
        ("date", "31/02/2026", "n'est pas une date valide"),
        ("date", "01/01/1990", "l'année 1990 est hors des années acceptées"),
        ("fin_exercice", "31/13", "n'est pas un jour et un mois de clôture"),
        ("mode", "__import__('os').system('id')", "Mode : choix inconnu"),
        ("convention", "365", "Décompte des jours : choix inconnu"),
    ],
)
def test_amortissement__saisies_refusees_en_francais(progression, champ, saisie, message):
    modele = amortissement.modele(progression)
    assert modele.modifier(champ, saisie) is False
    assert message in modele.erreurs[champ]
    assert modele.resultat is None


def test_amortissement__degressif_non_eligible__message_sous_le_champ_fautif(progression):
    vue = amortissement.simulateur(progression)
    saisir_bien(vue, cout="3 000", date="01/03/2026", duree="2", mode="dégressif")
    assert "réservé aux biens dont la durée normale d'utilisation est d'au moins 3 ans" in vue.message("mode")
    assert vue.resultat_html == ""
    saisir_bien(vue, mode="linéaire", fiscal="dégressif")
    assert vue.message("mode") == ""
    assert vue.message("fiscal").endswith("Choisissez « Aucun » comme plan fiscal.")
    saisir_bien(vue, duree="5", mode="dégressif")
    assert "le plan comptable est déjà dégressif" in vue.message("fiscal")
    saisir_bien(vue, fiscal="aucun")
    assert vue.message("fiscal").startswith("Dégressif : l'écart") and vue.resultat_html


def test_amortissement__valeur_residuelle_egale_au_cout__message_sous_le_champ(progression):
    vue = amortissement.simulateur(progression)
    saisir_bien(vue, cout="1 000", date="01/01/2026", duree="4", valeur_residuelle="1 000")
    assert "il ne reste rien à amortir" in vue.message("valeur_residuelle")
    assert vue.message("cout") == "" and vue.resultat_html == ""


def test_amortissement__saisies_reprises_au_rechargement(progression):
    modele = amortissement.modele(progression)
    for champ, valeur in {"cout": "10 000", "date": "15/04/2026", "duree": "5", "mode": "dégressif"}.items():
        modele.modifier(champ, valeur)
    vue = amortissement.simulateur(Progression("essai", progression.chemin))
    assert vue.champ("mode").saisie.value == "dégressif" and vue.champ("cout").saisie.value == "10 000"
    assert vue.modele.resultat.plan.attrs["bascule"] == 2029
    assert amortissement.modele(Progression("autre", progression.chemin)).textes["cout"] == ""


@pytest.mark.parametrize(
    ("nom", "valeur"),
    [("cout", 12345), ("mode", None), ("mode", ["dégressif"]), ("duree", "9" * 100_000), ("inconnu", "1")],
)
def test_amortissement__messages_malveillants__refuses_sans_exception_ni_enregistrement(
    progression, nom, valeur
):
    modele = amortissement.modele(progression)
    assert modele.modifier(nom, valeur) is False
    assert not progression.chemin.exists()
    message = modele.erreurs.get(nom if nom in modele.parametres else "formulaire")
    assert message and "9" * 50 not in message


# ----------------------------------------------------------------------------- simulateur du bulletin de paie (B3.1)


def _simulateur_paie(progression, **champs: str):
    """Le simulateur de bulletin, champs tapés comme l'apprenant."""
    from tableaux_de_bord import paie as simulateur_paie

    vue = simulateur_paie.simulateur(progression)
    for champ, valeur in champs.items():
        vue.champ(champ).saisie.value = valeur
    return vue


def _total(resultat: str, classe: str) -> str:
    return resultat.split(f'class="{classe}">', 1)[1].split("<", 1)[0]


def test_simulateur_paie__cadre_5000_octobre_2026_calcule_a_la_main(progression):
    """tests/cas/paie_cadre_5000_octobre_2026.yaml (calcul à la main, PMSS 4 005 €) : cadre à 5 000 €,
    10 salariés, AT 1 % → net avant impôt 3 955,79 €, coût employeur 7 053,29 € ; avec 10 % de
    prélèvement à la source, 3 955,79 − 10 % × net imposable."""
    vue = _simulateur_paie(
        progression, periode="10/2026", statut="Cadre", salaire_base="5 000", effectif="10"
    )
    resultat = espaces(vue.resultat_html)
    assert _total(resultat, "tdb-brut") == "5 000,00 €"
    assert _total(resultat, "tdb-net-avant-impot") == "3 955,79 €"
    assert _total(resultat, "tdb-cout-employeur") == "7 053,29 €"
    assert "Bulletin de paie – octobre 2026" in resultat and "– cadre" in resultat
    assert ">RETRAITE<" in resultat and ">CSG/CRDS<" in resultat
    vue.champ("taux_prelevement_source").saisie.value = "10"
    b = vue.modele.resultat.bulletin
    assert b.prelevement_source == (b.net_imposable * Decimal("0.10")).quantize(Decimal("0.01"))
    assert b.net_paye == Decimal("3955.79") - b.prelevement_source


def test_simulateur_paie__temps_partiel_heures_et_prime(progression):
    """Non cadre à mi-temps (75,84 h, 1 250 €) : plafond réduit à due proportion ; 2 h à 25 % → alerte
    « heures complémentaires » sans bloquer ; brut = 1 250 + prime 100 + 2 × 1 250 / 75,84 × 1,25."""
    vue = _simulateur_paie(
        progression,
        periode="10/2026",
        statut="non cadre",
        salaire_base="1 250",
        horaire_mensuel="75,84",
        heures_sup_25="2",
        primes="100",
    )
    b = vue.modele.resultat.bulletin
    heures = (Decimal(1250) / Decimal("75.84") * Decimal("1.25") * 2).quantize(Decimal("0.01"))
    assert b.brut == Decimal("1350.00") + heures
    assert b.plafond < regles.valeur("paie.pmss", dt.date(2026, 10, 1))
    resultat = espaces(vue.resultat_html)
    assert "À vérifier" in resultat and "heures complémentaires" in resultat


def test_simulateur_paie__sous_le_smic_et_heures_au_dela_du_maximum__message_sous_le_champ(progression):
    vue = _simulateur_paie(progression, periode="10/2026", statut="non cadre", salaire_base="1 000")
    assert "sous le SMIC" in vue.message("salaire_base") and "L3231-2" in vue.message("salaire_base")
    assert vue.resultat_html == ""
    vue.champ("salaire_base").saisie.value = "2 500"
    assert vue.message("salaire_base") == "" and vue.resultat_html
    vue.champ("heures_sup_50").saisie.value = "60"
    assert "durée maximale de 48 h" in vue.message("heures_sup_50")
    assert vue.resultat_html == ""
    vue.champ("heures_sup_50").saisie.value = ""
    assert vue.message("heures_sup_50").startswith("Facultatif") and vue.resultat_html


def test_simulateur_paie__champs_obligatoires(progression):
    vue = _simulateur_paie(progression)
    vue.bouton.click()
    assert vue.message("salaire_base") == "Salaire de base mensuel brut : ce champ est obligatoire."
    assert vue.message("periode") == "Mois de paie : ce champ est obligatoire."
    assert vue.message_general == "Le calcul n'a pas été fait : corrigez les champs signalés en rouge."


@pytest.mark.parametrize(
    ("champ", "saisie", "message"),
    [
        ("periode", "13/2026", "n'est pas un mois"),
        ("periode", "10/2031", "2031 n'en fait pas partie"),
        ("statut", "stagiaire", "tapez « cadre » ou « non cadre »"),
        ("salaire_base", "-2 500", "le montant est négatif"),
        ("horaire_mensuel", "abc", "n'est pas un nombre"),
        ("heures_sup_25", "1,234", "au plus 2 décimales"),
        ("taux_prelevement_source", "120", "n'est pas un taux possible"),
        ("effectif", "0", "au moins 1 salarié"),
        ("primes", "__import__('os')", "n'est pas un montant valide"),
    ],
)
def test_simulateur_paie__saisies_refusees_en_francais(progression, champ, saisie, message):
    from tableaux_de_bord import paie as simulateur_paie

    modele = simulateur_paie.modele(progression)
    assert modele.modifier(champ, saisie) is False
    assert message in modele.erreurs[champ]


def test_simulateur_paie__saisies_reprises_au_rechargement(progression):
    from tableaux_de_bord import paie as simulateur_paie

    modele = simulateur_paie.modele(progression)
    for champ, valeur in {"periode": "10/2026", "statut": "non cadre", "salaire_base": "2 500"}.items():
        modele.modifier(champ, valeur)
    recharge = simulateur_paie.modele(Progression("essai", progression.chemin))
    assert recharge.textes["salaire_base"] == "2 500"
    assert recharge.resultat.bulletin.ligne("vieillesse_plafonnee").part_salariale == Decimal("172.50")


@pytest.mark.parametrize(("nom", "valeur"), [("periode", 202610), ("salaire_base", ["1"]), ("inconnu", "1")])
def test_simulateur_paie__messages_malveillants__refuses_sans_exception(progression, nom, valeur):
    from tableaux_de_bord import paie as simulateur_paie

    modele = simulateur_paie.modele(progression)
    assert modele.modifier(nom, valeur) is False
    assert not progression.chemin.exists()
