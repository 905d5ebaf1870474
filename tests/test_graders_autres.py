"""Correcteurs de montants, de tableaux (avec report d'erreur) et de documents."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from compta_kernel import montant
from graders.documents import verifier_elements
from graders.montants import comparer_montant
from graders.tableaux import attendu_avec_report, comparer_tableau


def test_montant__juste_a_la_tolerance_pres():
    assert comparer_montant("1 200,01 €", Decimal("1200.00"), tolerance="0,01", sur=2).points == 2
    assert comparer_montant("1 200,02", Decimal("1200.00"), tolerance="0,01", sur=2).points == 0


def test_montant__confusion_nommee_signe_et_virgule():
    ht = {"le montant HT": Decimal(1000)}
    assert (
        "vous avez donné le montant HT" in comparer_montant("1000", Decimal(1200), confusions=ht).remarques[0]
    )
    assert "le signe est inversé" in comparer_montant("-1200", Decimal(1200)).remarques[0]
    assert "la virgule est mal placée" in comparer_montant("12", Decimal(1200)).remarques[0]
    ecart = comparer_montant("1150", Decimal(1200), quoi="la TVA collectée").remarques[0]
    assert (
        ecart
        == "La TVA collectée : 1\u202f150,00\xa0€ au lieu de 1\u202f200,00\xa0€ (écart de 50,00\xa0€ en moins)."
    )


def test_montant__saisie_illisible_ou_absente():
    assert "« 12,3,4 » n'est pas un montant valide" in comparer_montant("12,3,4", Decimal(1)).remarques[0]
    assert "Pas de réponse pour le montant" in comparer_montant("", Decimal(1)).remarques[0]


PLAN = pd.DataFrame(
    {
        "exercice": [2026, 2027, 2028],
        "annuite": [montant("750"), montant("3000"), montant("2250")],
        "vnc": [montant("5250"), montant("2250"), montant("0")],
    }
)


def test_tableau__cellule_par_cellule_et_lignes_dans_le_desordre():
    reponse = [
        {"exercice": 2028, "annuite": "2 250,00", "vnc": "0"},
        {"exercice": 2026, "annuite": "750", "vnc": "5 250"},
        {"exercice": 2027, "annuite": "3 100", "vnc": "2 250"},
    ]
    verdict = comparer_tableau(reponse, PLAN, cle="exercice", sur=6, noms={"annuite": "annuité"})
    assert verdict.points == 5
    assert verdict.remarques == ("Exercice 2027, annuité : « 3 100 » au lieu de 3\u202f000,00\xa0€.",)


def test_tableau__ligne_manquante_et_en_trop():
    reponse = PLAN.iloc[:2].to_dict("records") + [{"exercice": 2029, "annuite": "0", "vnc": "0"}]
    verdict = comparer_tableau(reponse, PLAN, cle="exercice", sur=6)
    assert "Exercice 2028 : ligne manquante." in verdict.remarques
    assert "Ligne en trop : exercice 2029." in verdict.remarques
    assert verdict.points == Decimal(3)


def test_report_d_erreur__l_etape_suivante_corrigee_sur_les_chiffres_de_l_apprenant():
    """Solde de banque rectifié faux (9 800 au lieu de 9 784,50) : la balance est attendue avec 9 800."""

    def balance_avec(solde_banque):
        return {"512": montant(solde_banque), "total": montant(solde_banque) + 100}

    attendu, remarque = attendu_avec_report(balance_avec, "9 800", montant("9784.50"))
    assert attendu == {"512": Decimal(9800), "total": Decimal(9900)}
    assert "vos propres chiffres" in remarque
    assert attendu_avec_report(balance_avec, "abc", montant("9784.50")) == (balance_avec("9784.50"), None)
    assert attendu_avec_report(balance_avec, None, montant("1")) == (balance_avec("1"), None)


LETTRE = """Société Alpha SARL — 12 rue des Lilas, 69003 Lyon
Objet : Mise en demeure de payer — facture F2026-012 du 15/03/2026
Madame, Monsieur,
Malgré notre relance du 20/04/2026, la facture F2026-012 d'un montant de 1 200,00 € reste impayée.
Nous vous mettons en demeure de la régler sous 8 jours, majorée des pénalités de retard
et de l'indemnité forfaitaire pour frais de recouvrement de 40 €.
"""


def test_document__elements_exiges_presents_ou_nommes():
    exigences = {
        "la référence de la facture": r"f2026-012",
        "le montant dû": [r"1 200,00", r"1200,00"],
        "l'indemnité forfaitaire de 40 €": r"indemnite forfaitaire.*40",
        "le nouveau délai": r"sous \d+ jours",
        "les relances déjà faites": r"relance du",
        "la signature": r"signature|cordialement",
    }
    verdict = verifier_elements(LETTRE, exigences, sur=3, criteres=("B4.2-K06",))
    assert verdict.remarques == ("Élément manquant ou incorrect : la signature.",)
    assert verdict.points == Decimal("2.50")


def test_document__fichier_texte_et_reponse_vide(tmp_path):
    chemin = tmp_path / "lettre.txt"
    chemin.write_text(LETTRE, encoding="utf-8")
    assert verifier_elements(chemin, {"montant": "1 200"}).reussi
    assert verifier_elements("   ", {"montant": "1 200"}).points == 0


def test_reponses__dates_pandas_et_heures_relues():
    """Un ``pandas.Timestamp`` à minuit se relit en date ; une heure précise se relit en datetime."""
    import datetime as dt

    import pandas as pd

    from graders import reponses

    minuit = reponses.canonique(pd.Timestamp("2026-03-31"))
    assert minuit == {"date": "2026-03-31"}
    assert reponses.relire(minuit) == dt.date(2026, 3, 31)
    precis = reponses.canonique(dt.datetime(2026, 3, 31, 14, 30))
    assert reponses.relire(precis) == dt.datetime(2026, 3, 31, 14, 30)
