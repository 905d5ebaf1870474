"""Suivi des paiements : échéancier, balance âgée, liste de relance, litiges, délai moyen de paiement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, Ligne, Livre, etats
from compta_kernel.lettrage import lettrer_automatiquement
from compta_kernel.suivi import (
    RegistreLitiges,
    SuiviInvalide,
    balance_agee,
    delai_moyen_paiement,
    echeancier,
    liste_relance,
)

AU = dt.date(2026, 11, 30)


def _livre_clients() -> tuple[Livre, RegistreLitiges]:
    """Sept factures clients, la première réglée ; échéances choisies pour couvrir chaque étape au 30/11/2026."""
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: AU)
    factures = [
        ("F1", "DUPONT", "1200", dt.date(2026, 1, 2), dt.date(2026, 1, 31)),
        ("F2", "DUPONT", "600", dt.date(2026, 10, 16), dt.date(2026, 11, 15)),
        ("F3", "MARTIN", "480", dt.date(2026, 11, 20), dt.date(2026, 12, 31)),
        ("F4", "MARTIN", "300", dt.date(2026, 8, 1), dt.date(2026, 9, 1)),
        ("F5", "LEROY", "250", dt.date(2026, 10, 10), dt.date(2026, 11, 10)),
        ("F6", "LEROY", "100", dt.date(2026, 10, 25), dt.date(2026, 11, 25)),
        ("F7", "BLANC", "900", dt.date(2026, 9, 20), dt.date(2026, 10, 20)),
    ]
    for piece, client, valeur, jour, echeance in factures:
        livre.passer(
            Ecriture(
                "VT",
                jour,
                piece,
                f"Facture {piece}",
                (Ligne("411", debit=valeur, tiers=client, echeance=echeance), Ligne("706", credit=valeur)),
            )
        )
    livre.passer(
        Ecriture(
            "BQ",
            dt.date(2026, 1, 30),
            "VIR1",
            "Règlement F1",
            (Ligne("512", debit="1200"), Ligne("411", credit="1200", tiers="DUPONT")),
        )
    )
    lettrer_automatiquement(livre, "411", date=AU)
    litiges = RegistreLitiges()
    litiges.ouvrir("BLANC", "F7", "900", "Marchandise non conforme au bon de commande", dt.date(2026, 10, 25))
    return livre, litiges


# ---------------------------------------------------------------------- échéancier, relances
def test_echeancier__factures_ouvertes_par_echeance():
    livre, litiges = _livre_clients()
    ech = echeancier(livre, "411", au=AU, litiges=litiges)
    assert list(ech["piece"]) == ["F4", "F7", "F5", "F2", "F6", "F3"]
    assert list(ech["jours"]) == [-90, -41, -20, -15, -5, 31]
    assert list(ech["statut"]) == ["échue"] * 5 + ["à échoir"]
    assert list(ech["litige"]) == ["", "ouvert", "", "", "", ""]
    assert list(ech["mois"]) == ["2026-09", "2026-10", "2026-11", "2026-11", "2026-11", "2026-12"]
    assert ech.attrs["total"] == Decimal("2630.00")
    assert (ech.attrs["total_echu"], ech.attrs["total_a_echoir"]) == (Decimal("2150.00"), Decimal("480.00"))


def test_liste_relance__etapes_selon_le_retard_et_litige_suspendu():
    """Délais d'usage des règles relances.* : amiable dès 8 jours, seconde dès 30, mise en demeure dès 45."""
    livre, litiges = _livre_clients()
    relance = liste_relance(livre, "411", au=AU, litiges=litiges)
    assert list(zip(relance["piece"], relance["jours_retard"], relance["etape"], strict=True)) == [
        ("F4", 90, "mise en demeure"),
        ("F7", 41, "suspendue : litige en cours"),
        ("F5", 20, "relance amiable"),
        ("F2", 15, "relance amiable"),
        ("F6", 5, "à surveiller"),
    ]
    assert relance.attrs["total"] == Decimal("1250.00")
    sans_registre = liste_relance(livre, "411", au=AU)
    assert sans_registre.loc[sans_registre["piece"] == "F7", "etape"].item() == "seconde relance"


def test_liste_relance__pas_pour_les_fournisseurs():
    livre, _ = _livre_clients()
    with pytest.raises(SuiviInvalide, match="pas les fournisseurs"):
        liste_relance(livre, "401", au=AU)


def test_liste_relance__litige_clos_relance_de_nouveau():
    livre, litiges = _livre_clients()
    litiges.changer_statut("L001", "résolu", dt.date(2026, 11, 20), "Client d'accord pour payer")
    relance = liste_relance(livre, "411", au=AU, litiges=litiges)
    assert relance.loc[relance["piece"] == "F7", "etape"].item() == "seconde relance"


def test_balance_agee__meme_etat_que_etats():
    livre, _ = _livre_clients()
    agee = balance_agee(livre, "411", au=AU)
    assert agee.equals(etats.balance_agee(livre, "411", au=AU))
    martin = agee[agee["tiers"] == "MARTIN"].iloc[0]
    assert (martin["non_echu"], martin["de_61_a_90_jours"], martin["total"]) == (
        Decimal("480.00"),
        Decimal("300.00"),
        Decimal("780.00"),
    )
    assert "DUPONT" in set(agee["tiers"]) and agee[agee["tiers"] == "DUPONT"].iloc[0]["total"] == Decimal(
        "600.00"
    )


def test_echeancier__fournisseurs():
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: AU)
    livre.passer(
        Ecriture(
            "AC",
            dt.date(2026, 11, 2),
            "FA-9",
            "Facture FA-9",
            (
                Ligne("607", debit="360"),
                Ligne("401", credit="360", tiers="BERTIN", echeance=dt.date(2026, 12, 15)),
            ),
        )
    )
    ech = echeancier(livre, "401", au=AU)
    assert list(ech["montant"]) == [Decimal("360.00")] and list(ech["jours"]) == [15]


# ---------------------------------------------------------------------- litiges
def test_registre_litiges__historique_et_statuts():
    registre = RegistreLitiges()
    l1 = registre.ouvrir("dupont", "F2026-014", "480,00", "2 cartons abîmés", dt.date(2026, 3, 5))
    assert (l1.numero, l1.tiers, l1.montant, l1.statut) == ("L001", "DUPONT", Decimal("480.00"), "ouvert")
    registre.changer_statut("L001", "transmis au service commercial", dt.date(2026, 3, 6))
    l1 = registre.changer_statut("L001", "avoir à établir", dt.date(2026, 3, 9), "Avoir de 480 € accordé")
    assert [e.statut for e in l1.historique] == [
        "ouvert",
        "transmis au service commercial",
        "avoir à établir",
    ]
    l2 = registre.ouvrir("MARTIN", "F2026-020", "90", "Prix différent du devis", dt.date(2026, 4, 1))
    registre.changer_statut("L002", "classé sans suite", dt.date(2026, 4, 3))
    assert [l.numero for l in registre.en_cours()] == ["L001"] and l2.numero == "L002"
    tableau = registre.tableau()
    assert list(tableau["statut"]) == ["avoir à établir", "classé sans suite"]
    assert registre.pour_piece("F2026-014").numero == "L001" and registre.pour_piece("X") is None


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda r: r.changer_statut("L009", "résolu", dt.date(2026, 5, 1)), "Aucun litige"),
        (lambda r: r.changer_statut("L001", "oublié", dt.date(2026, 5, 1)), "inconnu"),
        (lambda r: r.changer_statut("L001", "résolu", dt.date(2026, 2, 1)), "précède"),
        (lambda r: r.ouvrir("DUPONT", "F1", "10", "Autre", dt.date(2026, 5, 1)), "déjà un litige en cours"),
        (lambda r: r.ouvrir("DUPONT", "F2", "0", "Rien", dt.date(2026, 5, 1)), "positif"),
        (lambda r: r.ouvrir("DUPONT", "", "10", "Rien", dt.date(2026, 5, 1)), "pièce"),
    ],
)
def test_registre_litiges__refus(action, message):
    registre = RegistreLitiges()
    registre.ouvrir("DUPONT", "F1", "100", "Retard de livraison", dt.date(2026, 3, 1))
    with pytest.raises(SuiviInvalide, match=message):
        action(registre)


def test_registre_litiges__un_litige_clos_ne_se_rouvre_pas():
    registre = RegistreLitiges()
    registre.ouvrir("DUPONT", "F1", "100", "Retard de livraison", dt.date(2026, 3, 1))
    registre.changer_statut("L001", "résolu", dt.date(2026, 3, 2))
    with pytest.raises(SuiviInvalide, match="clos"):
        registre.changer_statut("L001", "ouvert", dt.date(2026, 3, 3))
    assert (
        registre.ouvrir("DUPONT", "F1", "100", "Nouvelle contestation", dt.date(2026, 3, 4)).numero == "L002"
    )


# ---------------------------------------------------------------------- délai moyen de paiement
@pytest.mark.parametrize(
    ("creances", "ca", "base", "ratio", "jours", "arrondis"),
    [
        # creer-gerer-entreprendre.fr, « Le délai moyen de paiement des clients » : 20 000 / 150 000 × 360 = 48
        ("20 000", "150 000", 360, "0.1333", "48.00", 48),
        # manageo.io, « Et vous, quel est votre délai moyen de paiement ? » : 560 000 / 3 500 000 × 365 = 58,4
        ("560 000", "3 500 000", 365, "0.1600", "58.40", 58),
        # exemple « Sté A » (encours 5 700, CA du trimestre 7 600, 91 jours) : 5 700 × 91 / 7 600 = 68,25
        ("5 700", "7 600", 91, "0.7500", "68.25", 68),
        ("0", "7 600", 360, "0.0000", "0.00", 0),
    ],
)
def test_dmp_comptable__cas_connus(creances, ca, base, ratio, jours, arrondis):
    d = delai_moyen_paiement(creances, ca, methode="comptable", base_jours=base)
    assert (d.ratio, d.jours, d.jours_arrondis) == (Decimal(ratio), Decimal(jours), arrondis)
    assert d.methode == "comptable" and len(d.etapes) == 2 and "Ratio" in d.etapes[0].libelle


def test_dmp_epuisement__cas_connu_divalto():
    """Documentation Divalto (calcul du DSO « count back ») : encours 2 500 € au 30 novembre ;
    novembre 1 200 € (30 j), octobre 800 € (31 j), septembre 700 € (30 j) :
    30 + 31 + 500 / 700 × 30 = 30 + 31 + 21,43 = 82,43 jours."""
    d = delai_moyen_paiement(
        "2 500",
        [("novembre", "1 200", 30), ("octobre", "800", 31), ("septembre", "700", 30), ("août", "5 000", 31)],
        methode="epuisement",
    )
    assert d.jours == Decimal("82.43") and d.jours_arrondis == 82
    mois = [(e.mois, e.reste_avant, e.reste_apres, e.jours) for e in d.etapes[:-1]]
    assert mois == [
        ("novembre", Decimal(2500), Decimal(1300), Decimal(30)),
        ("octobre", Decimal(1300), Decimal(500), Decimal(31)),
        ("septembre", Decimal(500), Decimal("0.00"), Decimal("21.43")),
    ], "août n'est pas utilisé : les créances sont épuisées en septembre"
    assert "82,43 jours" in d.etapes[-1].libelle and "30 + 31 + 21,43" in d.etapes[-1].libelle


def test_dmp_epuisement__epuise_en_fin_de_mois():
    """3 000 € de créances ; décembre 1 000 € (31 j), novembre 2 000 € (30 j) : 31 + 30 = 61 jours."""
    d = delai_moyen_paiement(
        "3000", [("décembre", "1000", 31), ("novembre", "2000", 30), ("octobre", "500", 31)], "epuisement"
    )
    assert d.jours == Decimal("61.00") and len(d.etapes) == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("1000", "0"), "positif"),
        (("-5", "1000"), "négatives"),
        (("1000", [("janvier", "500", 31)], "comptable"), "pas une suite de mois"),
        (("1000", "5000", "moyenne"), "inconnue"),
        (("1000", [("janvier", "500", 31)], "epuisement"), "ne suffisent pas"),
        (("1000", "12000", "epuisement"), "mois par mois"),
        (("1000", [("janvier", "500")], "epuisement"), "attendu"),
        (("1000", [("janvier", "500", 40)], "epuisement"), "1 à 31 jours"),
        (("1000", 12.5), "virgule flottante"),
    ],
)
def test_dmp__refus(arguments, message):
    with pytest.raises(SuiviInvalide, match=message):
        delai_moyen_paiement(*arguments)


def test_dmp_comptable__base_jours_refusee():
    with pytest.raises(SuiviInvalide, match="base_jours"):
        delai_moyen_paiement("100", "1000", base_jours=0)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10**7).flatmap(lambda m: st.tuples(st.integers(0, 24 * m), st.just(m))))
def test_dmp__les_deux_methodes_concordent_pour_des_ventes_regulieres(creances_et_mensuel):
    """Ventes égales chaque mois (mois de 30 jours) : l'épuisement donne créances / CA mensuel × 30,
    soit le résultat de la méthode comptable sur 12 mois et 360 jours."""
    creances, mensuel = creances_et_mensuel
    ca = Decimal(mensuel)
    mois = [(f"m{i}", ca, 30) for i in range(creances // mensuel + 2)]
    epuisement = delai_moyen_paiement(Decimal(creances), mois, "epuisement")
    comptable = delai_moyen_paiement(Decimal(creances), ca * 12, "comptable", 360)
    assert abs(epuisement.jours - comptable.jours) <= Decimal("0.01")
