"""Paie : paramètres, bulletin, contrôles, contrôle de bulletin, écriture de paie et DSN.

Cas connus calculés à la main à partir des taux de ``donnees/regles/<année>/paie.yaml`` (chaque
taux y cite sa source), et montants publiés (SMIC net, coefficient maximal de la réduction
générale) avec leur source dans la docstring du test.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import regles
from compta_kernel.donnees_fictives import generer_dossier
from compta_kernel.paie import (
    AGIRC_ARRCO,
    DGFIP,
    RUBRIQUES,
    URSSAF,
    ElementsVariables,
    Employeur,
    PaieInvalide,
    Salarie,
    bulletin,
    bulletin_html,
    bulletin_pdf,
    controler_bulletin,
    controler_variables,
    dsn_mensuelle,
    echeance_dsn,
    ecriture_paie,
    jours_du_mois,
)

D = Decimal
SMIC_2026 = D("1823.03")
SMIC_2025 = D("1801.80")


def smic(periode="2026-01"):
    return Salarie("Martin Léa", "non_cadre", SMIC_2026 if periode.startswith("2026") else SMIC_2025)


# --- Paramètres -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cle", "jour", "attendu"),
    [
        ("paie.smic.horaire", dt.date(2026, 1, 1), D("12.02")),
        ("paie.smic.mensuel", dt.date(2026, 5, 31), D("1823.03")),
        ("paie.smic.mensuel", dt.date(2025, 7, 1), D("1801.80")),
        ("paie.pmss", dt.date(2026, 10, 1), D("4005")),
        ("paie.pmss", dt.date(2025, 10, 1), D("3925")),
        ("paie.chomage.patronal", dt.date(2025, 4, 30), D("0.0405")),
        ("paie.chomage.patronal", dt.date(2025, 5, 1), D("0.04")),
        ("paie.vieillesse_deplafonnee.patronal", dt.date(2026, 1, 1), D("0.0211")),
        ("paie.vieillesse_deplafonnee.patronal", dt.date(2025, 12, 31), D("0.0202")),
        ("paie.reduction_generale.t_delta.moins_50", dt.date(2026, 3, 1), D("0.3781")),
        ("paie.reduction_generale.t.moins_50", dt.date(2025, 3, 1), D("0.3194")),
        ("paie.titres_restaurant.exoneration_max", dt.date(2026, 3, 1), D("7.32")),
    ],
)
def test_parametres__valeurs_datees(cle, jour, attendu):
    """Valeurs sourcées dans les fichiers ``paie.yaml`` (décret SMIC 2025-1228, arrêté PMSS du 22/12/2025...)."""
    assert regles.valeur(cle, jour) == attendu


def test_parametres__smic_mensuel_lu_par_donnees_fictives():
    """La clé ``paie.smic.mensuel`` lue par :mod:`donnees_fictives` reste celle du 1er janvier 2026."""
    from compta_kernel.donnees_fictives import SMIC_MENSUEL_2026, _smic

    assert _smic(dt.date(2026, 1, 1)) == SMIC_MENSUEL_2026


def test_parametres__memes_cles_en_2025_et_2026_hors_reformes():
    """Les deux années se comparent : mêmes cotisations, seules la réduction générale et les taux réduits changent."""
    cles_2025 = set(regles.regles(dt.date(2025, 10, 1), "paie."))
    cles_2026 = set(regles.regles(dt.date(2026, 10, 1), "paie."))
    propres_2025 = {c for c in cles_2025 - cles_2026}
    propres_2026 = {c for c in cles_2026 - cles_2025}
    assert all("reduit" in c or "reduction_generale" in c for c in propres_2025), propres_2025
    assert all("reduction_generale" in c for c in propres_2026), propres_2026


# --- Cas connus -------------------------------------------------------------------------------

CAS = sorted((Path(__file__).parent / "cas").glob("paie_*.yaml"))


@pytest.mark.parametrize("chemin", CAS, ids=[c.stem for c in CAS])
def test_bulletin__cas_calcule_a_la_main(chemin):
    """Chaque ligne (part salariale, part patronale) et les totaux d'un bulletin calculé à la main."""
    cas = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    assert cas.get("source"), f"{chemin.name} : chaque cas cite sa source"
    s, e = cas["salarie"], cas["employeur"]
    b = bulletin(
        Salarie(s["nom"], s["statut"], D(s["salaire_base"])),
        cas["periode"],
        employeur=Employeur(e["effectif"], D(e["taux_accident_travail"])),
    )
    attendu = cas["attendu"]
    obtenu = {x.code: [x.part_salariale or None, x.part_patronale or None] for x in b.lignes}
    assert obtenu == {code: [v and D(v) for v in parts] for code, parts in attendu["lignes"].items()}
    for total in ("brut", "total_salarial", "net_avant_impot", "reduction_generale", "cout_employeur"):
        assert getattr(b, total) == D(attendu[total]), total


def test_bulletin__smic_2026__net_publie():
    """SMIC de janvier 2026 : 1 823,03 € brut, 1 443,11 € net publié (ministère du Travail, repris par
    mondevisfacile.fr et reference-entreprise.com). Le chiffre publié applique les taux au total
    (11,31 % + 9,7 % × 98,25 %) ; nous arrondissons chaque ligne au centime (57,425 → 57,43 pour
    l'Agirc-Arrco, assiette CSG 1 791,13) : 1 443,09 €, deux centimes d'écart."""
    b = bulletin(smic(), "2026-01")
    assert b.brut == SMIC_2026
    assert b.ligne("vieillesse_plafonnee").part_salariale == D("125.79")  # 1 823,03 × 6,90 %
    assert b.ligne("csg_deductible").base == D("1791.13")  # 1 823,03 × 98,25 %
    assert b.ligne("csg_deductible").part_salariale == D("121.80")
    assert b.ligne("retraite_complementaire_t1").part_salariale == D("57.43")
    assert b.net_avant_impot == D("1443.09")
    global_ = SMIC_2026 - (SMIC_2026 * D("0.1131") + SMIC_2026 * D("0.9825") * D("0.097"))
    assert global_.quantize(D("0.01")) == D("1443.11")
    assert not b.alertes


def test_bulletin__smic_2025__net_publie():
    """SMIC 2025 : 1 801,80 € brut, 1 426,30 € net publié (salaire-net-brut.fr, ministère du Travail) ;
    un centime de moins en arrondissant chaque ligne (OpenFisca, sans arrondi : 1 426,2938 €)."""
    b = bulletin(smic("2025"), "2025-06")
    assert b.net_avant_impot == D("1426.29")


def test_bulletin__smic_2025__taux_reduits_maladie_et_famille():
    """En 2025 : maladie 7 % jusqu'à 2,25 SMIC et famille 3,45 % jusqu'à 3,3 SMIC (CSS L241-2-1, L241-6-1)."""
    b = bulletin(smic("2025"), "2025-06")
    assert b.ligne("maladie").taux_patronal == D("0.07")
    assert b.ligne("allocations_familiales").taux_patronal == D("0.0345")
    haut = bulletin(Salarie("Cadre", "cadre", D("6000")), "2025-06")
    assert haut.ligne("maladie").taux_patronal == D("0.13")
    assert haut.ligne("allocations_familiales").taux_patronal == D("0.0525")


def test_reduction_generale__au_smic_2026__coefficient_maximal():
    """Au SMIC, le coefficient RGDU vaut Tmin + Tdelta = 0,3981 (moins de 50 salariés) ou 0,4021
    (CSS D241-7, décrets 2025-887 et 2025-1446 ; artemis-paie.fr 07/01/2026). 1 823,03 × 0,3981 = 725,75 €."""
    b = bulletin(smic(), "2026-01")
    assert b.coefficient_reduction_generale == D("0.3981")
    assert b.reduction_generale == D("725.75")
    grande = bulletin(smic(), "2026-01", employeur=Employeur(60, D("0.01")))
    assert grande.coefficient_reduction_generale == D("0.4021")
    assert grande.ligne("fnal").taux_patronal == D("0.005") and grande.ligne("fnal").base == SMIC_2026


def test_reduction_generale__2026__socle_puis_nulle_a_3_smic():
    """Sous 3 SMIC le coefficient garde le socle Tmin de 2 % ; à 3 SMIC (3 × 12,02 × 151,67 = 5 469,22 €) il est nul."""
    juste_sous = bulletin(Salarie("A", "cadre", D("5469.00")), "2026-03")
    assert juste_sous.coefficient_reduction_generale == D("0.0200")
    a_3_smic = bulletin(Salarie("A", "cadre", D("5469.23")), "2026-03")
    assert a_3_smic.reduction_generale == 0
    assert all(x.code != "reduction_generale" for x in a_3_smic.lignes)


def test_reduction_generale__2026_smic_du_1er_janvier_apres_revalorisation():
    """Après la revalorisation du 1er juin 2026, la RGDU garde le SMIC horaire de 12,02 € (décret
    2026-509) : au nouveau SMIC de 1 867,02 €, 3 × 1 823,07 / 1 867,02 → coefficient 0,3750."""
    b = bulletin(Salarie("A", "non_cadre", D("1867.02")), "2026-10")
    assert b.smic_mensuel == D("1867.06")  # 12,31 × 151,67 : contrôle du salaire minimum
    assert b.coefficient_reduction_generale == D("0.3750")
    assert b.reduction_generale == D("700.13")


def test_reduction_generale__2025__formule_fillon():
    """2025, 2 500 € : C = 0,3193 / 0,6 × (1,6 × 11,88 × 151,67 / 2 500 − 1) = 0,0815 ; 2 500 × 0,0815 = 203,75 €."""
    b = bulletin(Salarie("A", "non_cadre", D("2500")), "2025-10")
    assert b.coefficient_reduction_generale == D("0.0815")
    assert b.reduction_generale == D("203.75")
    # Au SMIC, le coefficient vaut T : 0,3194 jusqu'au 30 avril 2025, 0,3193 ensuite (chômage à 4 %).
    assert bulletin(smic("2025"), "2025-04").coefficient_reduction_generale == D("0.3194")
    assert bulletin(smic("2025"), "2025-05").coefficient_reduction_generale == D("0.3193")


def test_bulletin__cadre_5000__tranches_et_plafonds():
    """Cadre à 5 000 € en 2026 : T1 = PMSS 4 005 €, T2 = 995 €, CET sur T1 + T2, APEC, prévoyance 1,50 % de T1."""
    b = bulletin(Salarie("Durand Paul", "cadre", D("5000")), "2026-10")
    assert b.ligne("vieillesse_plafonnee").base == D("4005.00")
    assert b.ligne("retraite_complementaire_t2").base == D("995.00")
    assert b.ligne("retraite_complementaire_t2").part_salariale == D("85.97")  # 995 × 8,64 %
    assert b.ligne("cet").base == D("5000.00") and b.ligne("cet").part_salariale == D("7.00")
    assert b.ligne("apec").part_salariale == D("1.20") and b.ligne("apec").part_patronale == D("1.80")
    assert b.ligne("prevoyance_cadre").part_patronale == D("60.08")  # 60,075 arrondi demi supérieur
    # CSG : 98,25 % du brut + prévoyance patronale (CSS L136-1-1 III 4°)
    assert b.ligne("csg_deductible").base == D("4912.50") + D("60.08")
    non_cadre = bulletin(Salarie("B", "non_cadre", D("3000")), "2026-10")
    assert {"cet", "apec", "prevoyance_cadre", "retraite_complementaire_t2"}.isdisjoint(
        x.code for x in non_cadre.lignes
    )


def test_bulletin__csg_abattement_limite_a_4_pmss():
    """Au-delà de 4 PMSS (16 020 €), l'abattement de 1,75 % ne s'applique plus (CSS L136-1-1 III 1°)."""
    b = bulletin(Salarie("Dirigeant", "cadre", D("20000")), "2026-10")
    prevoyance = b.ligne("prevoyance_cadre").part_patronale
    assert b.ligne("csg_deductible").base == (D("16020") * D("0.9825") + D("3980") + prevoyance).quantize(
        D("0.01")
    )
    assert b.ligne("chomage").base == D("16020.00")
    assert b.ligne("retraite_complementaire_t2").base == D("15995.00")  # 20 000 − 4 005, sous 8 PMSS


def test_bulletin__temps_partiel__plafond_proratise():
    """Temps partiel de 104 h : plafond 4 005 × 104 / 151,67 = 2 746,2254 → 2 746,23 € (CSS R242-2), SMIC 12,02 × 104."""
    b = bulletin(Salarie("Petit Léo", "non_cadre", D("1250.08"), horaire_mensuel=D("104")), "2026-03")
    assert b.plafond == D("2746.23")
    assert not b.alertes
    assert b.coefficient_reduction_generale == D("0.3981")


def test_bulletin__heures_supplementaires():
    """2 500 € et 10 h à 25 % (taux horaire 2 500 / 151,67 = 16,4831) : 10 × 20,6039 = 206,04 € ;
    réduction salariale au taux effectif des cotisations vieillesse, au plus 11,31 % (CSS D241-21) :
    23,30 € ; déduction patronale 10 × 1,50 € (moins de 20 salariés) ; exonération d'impôt :
    206,04 − CSG déductible 13,77 = 192,27 € (CGI 81 quater)."""
    v = ElementsVariables(heures_sup_25=D(10))
    b = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", v)
    assert b.brut == D("2706.04")
    assert b.ligne("reduction_heures_sup").part_salariale == D("-23.30")
    assert b.ligne("deduction_heures_sup").part_patronale == D("-15.00")
    assert b.heures_sup_exonerees == D("192.27")
    sans = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10")
    assert b.net_imposable - sans.net_imposable < b.net_avant_impot - sans.net_avant_impot
    grande = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", v, Employeur(300, D("0.01")))
    assert grande.ligne("deduction_heures_sup").part_patronale == D("-5.00")  # 0,50 € depuis la LFSS 2026
    grande_2025 = bulletin(Salarie("A", "non_cadre", D("2500")), "2025-10", v, Employeur(300, D("0.01")))
    assert all(x.code != "deduction_heures_sup" for x in grande_2025.lignes)


@pytest.mark.parametrize(
    ("salaire", "heures", "brut", "reduction"),
    [
        # legisocial.fr : 1 700 € et 17,33 h à 25 % → 242,81 € d'heures, réduction 242,81 × 11,31 % = 27,46 €
        (D("1700"), D("17.33"), D("1942.81"), D("27.46")),
        # fulani-consulting.com : 15 €/h, 5 h à 25 % → 5 × 15 × 125 % × 11,31 % = 10,60 €
        (D("2275.05"), D(5), D("2368.80"), D("10.60")),
    ],
)
def test_bulletin__heures_sup_exemples_publies(salaire, heures, brut, reduction):
    """Réduction salariale = rémunération des heures × 11,31 % sous le plafond (CSS D241-21)."""
    b = bulletin(Salarie("A", "non_cadre", salaire), "2026-10", ElementsVariables(heures_sup_25=heures))
    assert b.brut == brut
    assert b.ligne("reduction_heures_sup").taux_salarial == D("0.1131")
    assert b.ligne("reduction_heures_sup").part_salariale == -reduction


def test_bulletin__heures_sup_au_dela_du_plafond__taux_effectif():
    """Au-delà du PMSS, les taux salariaux vieillesse diffèrent par tranche : taux effectif du mois, sous 11,31 %."""
    b = bulletin(Salarie("A", "cadre", D("5000")), "2026-10", ElementsVariables(heures_sup_25=D(4)))
    taux = b.ligne("reduction_heures_sup").taux_salarial
    assert D("0.10") < taux < D("0.1131")


def test_bulletin__heures_sup_plafond_annuel_d_exoneration():
    """Exonération d'impôt dans la limite de 7 500 € par an (CGI 81 quater)."""
    v = ElementsVariables(heures_sup_25=D(10), cumul_heures_sup_exonerees=D("7400"))
    b = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", v)
    assert b.heures_sup_exonerees == D("100")


@pytest.mark.parametrize(
    ("methode", "nombre", "attendu"),
    [
        ("horaire_moyen", D(7), D("115.38")),  # 2 500 / 151,67 × 7
        ("horaire_reel", D(7), D("113.64")),  # 2 500 / (22 j × 7 h) × 7
        ("jours_ouvres", D(1), D("113.64")),  # octobre 2026 : 22 jours ouvrés
        ("jours_ouvrables", D(1), D("92.59")),  # 27 jours ouvrables
        ("jours_calendaires", D(1), D("80.65")),  # 31 jours
        ("trentieme", D(1), D("83.33")),
    ],
)
def test_absence__methodes_de_retenue(methode, nombre, attendu):
    """Les méthodes de retenue donnent des montants différents pour la même journée d'absence."""
    champ = "absences_heures" if methode.startswith("horaire") else "absences_jours"
    v = ElementsVariables(**{champ: nombre}, methode_absence=methode)
    b = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", v)
    assert b.brut == D("2500") - attendu


def test_absence__jours_feries_exclus():
    """Novembre 2026 : 21 jours du lundi au vendredi, dont le 11 novembre férié → 20 jours ouvrés."""
    assert jours_du_mois(dt.date(2026, 11, 1), "jours_ouvres") == 20
    assert jours_du_mois(dt.date(2026, 11, 1), "jours_ouvrables") == 24


def test_bulletin__elements_variables_complets():
    """Prime, avantage en nature, titres-restaurant, frais, acompte, mutuelle et prélèvement à la source."""
    e = Employeur(12, D("0.012"), titre_restaurant_valeur=D("13"), titre_restaurant_part_patronale=D("0.6"))
    s = Salarie(
        "A",
        "non_cadre",
        D("2500"),
        taux_prelevement_source=D("0.05"),
        mutuelle_salariale=D("30"),
        mutuelle_patronale=D("40"),
    )
    v = ElementsVariables(
        primes=D(200), avantages_nature=D(150), titres_restaurant=D(20), frais=D("45.50"), acompte=D(300)
    )
    b = bulletin(s, "2026-10", v, e)
    # part patronale 7,80 € par titre, exonérée jusqu'à 7,32 € : 20 × 0,48 = 9,60 € soumis
    assert b.brut == D("2500") + D("200") + D("150") + D("9.60")
    assert b.titres_restaurant_salarial == D("104.00")  # 20 × 5,20
    assert b.net_avant_impot == b.brut - b.total_salarial - D("150") - D("104") - D("9.60") + D("45.50")
    assert b.prelevement_source == (b.net_imposable * D("0.05")).quantize(D("0.01"))
    assert b.net_paye == b.net_avant_impot - b.prelevement_source - D("300")
    # Mutuelle patronale imposable, non comprise dans le net social ; prévoyance des cadres comprise.
    assert b.net_social == b.brut - b.total_salarial
    assert b.ligne("formation_professionnelle").taux_patronal == D("0.01")  # 11 salariés et plus


def test_bulletin__salaries_du_dossier_fictif():
    """Les salariés de :func:`generer_dossier` ont tous un bulletin sans alerte bloquante."""
    for s in generer_dossier(7).salaries:
        salarie = Salarie(
            f"{s.nom} {s.prenom}", s.statut, s.salaire_base, horaire_mensuel=s.heures_mensuelles
        )
        b = bulletin(salarie, "2026-03")
        assert not [a for a in b.alertes if a.bloquante], b.alertes


# --- Contrôles du gestionnaire de paie --------------------------------------------------------


def test_controle__salaire_sous_le_smic():
    alertes = controler_variables(Salarie("A", "non_cadre", D("1800")), "2026-10")
    assert len(alertes) == 1 and alertes[0].bloquante
    assert "sous le SMIC de 12,31 €" in alertes[0].message and "1867,02 €" in alertes[0].message
    assert controler_variables(Salarie("A", "non_cadre", D("1867.02")), "2026-10") == ()


def test_controle__minimum_conventionnel():
    s = Salarie("A", "non_cadre", D("1900"), minimum_conventionnel=D("1950"))
    assert "minimum conventionnel" in controler_variables(s, "2026-03")[0].message


def test_controle__heures_au_dela_du_maximum_legal():
    """Plus de (48 − 35) × 52/12 = 56,33 h supplémentaires dans le mois : durée maximale dépassée."""
    v = ElementsVariables(heures_sup_25=D(34), heures_sup_50=D(23))
    alertes = controler_variables(Salarie("A", "non_cadre", D("2500")), "2026-10", v)
    assert [a.champ for a in alertes] == ["heures_sup"]
    assert "56,33 h" in alertes[0].message and "L3121-20" in alertes[0].message
    b = bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", v)
    assert b.alertes == alertes  # le bulletin est calculé, l'alerte est reportée


def test_controle__trop_d_heures_a_25_pourcent():
    alertes = controler_variables(
        Salarie("A", "non_cadre", D("2500")), "2026-10", ElementsVariables(heures_sup_25=D(40))
    )
    assert alertes[0].champ == "heures_sup_25" and not alertes[0].bloquante


def test_controle__temps_partiel_heures_complementaires():
    s = Salarie("A", "non_cadre", D("1250.08"), horaire_mensuel=D("104"))
    alertes = controler_variables(s, "2026-03", ElementsVariables(heures_sup_25=D(5)))
    assert "heures complémentaires" in alertes[0].message


@pytest.mark.parametrize(
    ("variables", "employeur", "attendu"),
    [
        (
            ElementsVariables(absences_heures=D(7), methode_absence="jours_ouvres"),
            None,
            "Saisissez les jours",
        ),
        (ElementsVariables(absences_jours=D(1)), None, "Saisissez les heures"),
        (ElementsVariables(titres_restaurant=D(10)), None, "sans valeur faciale"),
        (ElementsVariables(absences_heures=D(200)), None, "plus d'heures d'absence"),
    ],
)
def test_controle__element_manquant_bloque_le_bulletin(variables, employeur, attendu):
    with pytest.raises(PaieInvalide, match=attendu):
        bulletin(Salarie("A", "non_cadre", D("2500")), "2026-10", variables, employeur)


def test_controle__titres_restaurant_hors_fourchette():
    e = Employeur(5, D("0.01"), titre_restaurant_valeur=D("10"), titre_restaurant_part_patronale=D("0.7"))
    b = bulletin(
        Salarie("A", "non_cadre", D("2500")), "2026-10", ElementsVariables(titres_restaurant=D(10)), e
    )
    assert "de 50 à 60 %" in b.alertes[0].message
    assert b.brut == D("2570.00")  # toute la part patronale est soumise


# --- Mauvaises entrées ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fabrique", "attendu"),
    [
        (lambda: Salarie("A", "non_cadre", 2500.0), "virgule flottante"),
        (lambda: Salarie("A", "stagiaire", D(2500)), "Statut « stagiaire » inconnu"),
        (lambda: Salarie("A", "non_cadre"), "élément manquant"),
        (lambda: Salarie("A", "non_cadre", D("-10")), "négatif"),
        (lambda: Salarie("", "non_cadre", D("2500")), "nom du salarié est vide"),
        (lambda: Salarie("A", "non_cadre", D("2500"), taux_prelevement_source=D("7.5")), "0.075"),
        (lambda: Employeur(0, D("0.01")), "au moins 1"),
        (lambda: Employeur(10, D("1.5")), "0.015"),
        (lambda: ElementsVariables(heures_sup_25=D("-2")), "négatif"),
        (lambda: ElementsVariables(primes="cent euros"), "Primes"),
        (lambda: ElementsVariables(methode_absence="au_pif"), "Méthode de retenue"),
        (lambda: ElementsVariables(titres_restaurant=D("2.5")), "nombre entier"),
        (lambda: bulletin(Salarie("A", "non_cadre", D("2500")), "10/2026"), "2026-10"),
        (lambda: bulletin(Salarie("A", "non_cadre", D("2500")), "2026-13"), "2026-10"),
        (lambda: bulletin(Salarie("A", "non_cadre", D("2500")), "2031-01"), "années disponibles"),
        (lambda: ElementsVariables.depuis_saisie({"primes": None}), "saisie est invalide"),
        (lambda: ElementsVariables.depuis_saisie({"bonus": D(1)}), "inconnu"),
    ],
)
def test_mauvaises_entrees__message_francais(fabrique, attendu):
    with pytest.raises(PaieInvalide, match=attendu):
        fabrique()


def test_saisie__formulaire_branche_sur_le_noyau(tmp_path):
    """Les éléments du formulaire :class:`formulaires.paie.SaisiePaie` alimentent le bulletin."""
    from formulaires.paie import SaisiePaie

    saisie = SaisiePaie({"S001": "Martin Léa"}, question="b3_test", dossier=tmp_path)
    saisie.champ("S001", "heures_sup_25").saisie.value = "8"
    saisie.champ("S001", "primes").saisie.value = "150,00"
    saisie.champ("S001", "absences_jours").saisie.value = "1"
    v = ElementsVariables.depuis_saisie(saisie.valeur()["S001"])
    assert v.methode_absence == "jours_ouvres" and v.heures_sup_25 == 8
    b = bulletin(Salarie("Martin Léa", "non_cadre", D("2500")), "2026-10", v)
    assert b.brut == D("2500") - D("113.64") + D("164.83") + D("150")


# --- Propriétés -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    salaire=st.decimals(min_value=D("1900"), max_value=D("40000"), places=2),
    cadre=st.booleans(),
    heures=st.decimals(min_value=0, max_value=D("30"), places=1),
    primes=st.decimals(min_value=0, max_value=D("3000"), places=2),
    effectif=st.integers(min_value=1, max_value=600),
    periode=st.sampled_from(["2025-02", "2025-09", "2026-01", "2026-07", "2026-12"]),
)
def test_proprietes__net_brut_cout(salaire, cadre, heures, primes, effectif, periode):
    """net ≤ brut ≤ coût employeur ; totaux = sommes des lignes ; coefficient entre 0 et son maximum."""
    s = Salarie("P", "cadre" if cadre else "non_cadre", salaire, taux_prelevement_source=D("0.1"))
    b = bulletin(
        s, periode, ElementsVariables(heures_sup_25=heures, primes=primes), Employeur(effectif, D("0.02"))
    )
    assert b.net_paye <= b.net_avant_impot <= b.brut <= b.cout_employeur
    assert b.total_salarial == sum(x.part_salariale for x in b.lignes)
    assert b.total_patronal == sum(x.part_patronale for x in b.lignes)
    assert b.brut == sum(x.montant for x in b.elements_brut)
    assert D(0) <= b.coefficient_reduction_generale <= D("0.4021")
    assert [r for r in RUBRIQUES if r in b.rubriques()] == list(b.rubriques())
    assert all(x.part_salariale == x.part_salariale.quantize(D("0.01")) for x in b.lignes)
    ecriture = ecriture_paie([b])
    assert sum(x.debit for x in ecriture.lignes) == sum(x.credit for x in ecriture.lignes)
    assert sum(x.credit for x in ecriture.lignes if x.compte == "421") == b.net_paye
    dsn = dsn_mensuelle([b])
    assert dsn.total == b.total_salarial + b.total_patronal + b.prelevement_source


# --- Contrôle d'un bulletin -------------------------------------------------------------------


@pytest.fixture
def cadre():
    return bulletin(Salarie("Durand Paul", "cadre", D("5000")), "2026-10", ElementsVariables(primes=D(300)))


def test_controler_bulletin__juste(cadre):
    assert controler_bulletin(cadre) == ()
    assert controler_bulletin(cadre.en_lignes(), cadre.salarie, "2026-10", cadre.variables) == ()


def _modifier(b, code, **changes):
    lignes = b.en_lignes()
    for ligne in lignes:
        if ligne["code"] == code:
            ligne.update(changes)
    return {"brut": b.brut, "lignes": lignes}


def test_controler_bulletin__plafond_ignore(cadre):
    saisi = _modifier(cadre, "vieillesse_plafonnee", base=cadre.brut, part_salariale=D("365.70"))
    ecarts = controler_bulletin(saisi, cadre.salarie, "2026-10", cadre.variables)
    assert [(e.ligne, e.champ) for e in ecarts] == [("vieillesse_plafonnee", "base")]
    assert "plafond ignoré" in ecarts[0].message and "(4005 €)" in ecarts[0].message


def test_controler_bulletin__base_csg_sans_abattement(cadre):
    saisi = _modifier(cadre, "csg_deductible", base=cadre.brut)
    ecarts = controler_bulletin(saisi, cadre.salarie, "2026-10", cadre.variables)
    assert ecarts[0].ligne == "csg_deductible" and "98,25 %" in ecarts[0].message


def test_controler_bulletin__taux_errone_et_calcul_faux(cadre):
    saisi = _modifier(cadre, "vieillesse_deplafonnee", taux_patronal=D("0.0202"))
    saisi = _modifier_dict(saisi, "ceg_t1", part_salariale=D("43.44"))
    ecarts = controler_bulletin(saisi, cadre.salarie, "2026-10", cadre.variables)
    assert [(e.ligne, e.champ) for e in ecarts] == [
        ("vieillesse_deplafonnee", "taux_patronal"),
        ("ceg_t1", "part_salariale"),
    ]
    assert "2,11 %" in ecarts[0].message and "erreur de calcul" in ecarts[1].message


def _modifier_dict(saisi, code, **changes):
    for ligne in saisi["lignes"]:
        if ligne["code"] == code:
            ligne.update(changes)
    return saisi


def test_controler_bulletin__element_variable_oublie(cadre):
    saisi = {"brut": cadre.brut - 300, "lignes": cadre.en_lignes()}
    ecarts = controler_bulletin(saisi, cadre.salarie, "2026-10", cadre.variables)
    assert ecarts[0].ligne == "brut" and "élément variable oublié : « Primes »" in ecarts[0].message


def test_controler_bulletin__ligne_absente_et_en_trop(cadre):
    lignes = [x for x in cadre.en_lignes() if x["code"] != "apec"]
    lignes.append({"libelle": "Cotisation inventée", "part_salariale": D(10)})
    ecarts = controler_bulletin(lignes, cadre.salarie, "2026-10", cadre.variables)
    assert {(e.champ, e.ligne) for e in ecarts} == {("ligne", "apec"), ("ligne", "Cotisation inventée")}


def test_controler_bulletin__par_libelle_et_montants_textes(cadre):
    """Une saisie d'apprenant : libellés du bulletin, montants tapés à la française."""
    lignes = [
        {
            "libelle": x["libelle"],
            "base": f"{x['base']}".replace(".", ","),
            "part_salariale": str(x["part_salariale"]),
            "part_patronale": str(x["part_patronale"]),
        }
        for x in cadre.en_lignes()
    ]
    assert controler_bulletin(lignes, cadre.salarie, "2026-10", cadre.variables) == ()


# --- Écriture de paie et DSN ------------------------------------------------------------------


@pytest.fixture
def mois():
    e = Employeur(12, D("0.012"), titre_restaurant_valeur=D("10"), titre_restaurant_part_patronale=D("0.5"))
    return [
        bulletin(
            Salarie("A", "non_cadre", D("2100"), taux_prelevement_source=D("0.02")),
            "2026-10",
            ElementsVariables(titres_restaurant=D(20), frais=D(30)),
            e,
        ),
        bulletin(
            Salarie(
                "B",
                "cadre",
                D("4800"),
                taux_prelevement_source=D("0.09"),
                mutuelle_salariale=D("35"),
                mutuelle_patronale=D("35"),
            ),
            "2026-10",
            ElementsVariables(primes=D(500), avantages_nature=D(120), acompte=D(400)),
            e,
        ),
    ]


def test_ecriture_paie__comptes_et_equilibre(mois):
    ecriture = ecriture_paie(mois)
    soldes = {}
    for ligne in ecriture.lignes:
        soldes[ligne.compte] = soldes.get(ligne.compte, D(0)) + ligne.debit - ligne.credit
    assert sum(soldes.values()) == 0
    assert ecriture.date == dt.date(2026, 10, 31) and ecriture.piece == "PAIE-2026-10"
    assert -soldes["421"] == sum(b.net_paye for b in mois)
    assert -soldes["4421"] == sum(b.prelevement_source for b in mois)
    assert -soldes["425"] == D(400)
    assert soldes["6413"] == D(500) and soldes["6414"] == D(120) and -soldes["708"] == D(120)
    assert soldes["6411"] == D("2100") + D("4800")
    assert soldes["647"] == D(100) and -soldes["4386"] == D(200)  # 20 titres de 10 € à 50 %
    dsn = dsn_mensuelle(mois)
    assert -soldes["431"] == dsn.par_organisme[URSSAF]
    assert -soldes["437"] == dsn.total - dsn.par_organisme[URSSAF] - dsn.par_organisme[DGFIP]


def test_ecriture_paie__periodes_melangees():
    a = bulletin(smic(), "2026-01")
    b = bulletin(smic(), "2026-02")
    with pytest.raises(PaieInvalide, match="une écriture par mois"):
        ecriture_paie([a, b])
    with pytest.raises(PaieInvalide, match="Aucun bulletin"):
        ecriture_paie([])


def test_dsn__organismes_et_reduction_imputee(mois):
    dsn = dsn_mensuelle(mois)
    assert set(dsn.par_organisme) >= {URSSAF, AGIRC_ARRCO, DGFIP}
    assert dsn.detail[AGIRC_ARRCO]["reduction_generale_retraite"] < 0
    assert dsn.remunerations_soumises == sum(b.brut for b in mois)
    assert dsn.remunerations_non_soumises == D(30) + D(100)  # frais + part patronale exonérée des titres


@pytest.mark.parametrize(
    ("effectif", "decalage", "attendu"),
    [
        (10, False, dt.date(2026, 11, 15)),
        (50, False, dt.date(2026, 11, 5)),
        (50, True, dt.date(2026, 11, 15)),
    ],
)
def test_dsn__echeance_5_ou_15(effectif, decalage, attendu):
    """Échéance le 5 (50 salariés et plus) ou le 15 du mois suivant (CSS R243-6)."""
    assert echeance_dsn("2026-10", effectif, decalage) == attendu
    assert echeance_dsn("2026-12", effectif, decalage).year == 2027


# --- Rendus -----------------------------------------------------------------------------------


def test_rendu_html__rubriques_et_echappement():
    s = Salarie("Léa <script>", "cadre", D("5000"))
    html = bulletin_html(bulletin(s, "2026-10", ElementsVariables(heures_sup_25=D(4))))
    assert "<script>" not in html and "Léa &lt;script&gt;" in html
    for rubrique in ("SANTÉ", "RETRAITE", "ASSURANCE CHÔMAGE", "CSG/CRDS", "EXONÉRATIONS"):
        assert rubrique in html
    assert "octobre 2026" in html and "Net payé" in html and "0,024" in html


def test_rendu_pdf__texte_lisible():
    from pypdf import PdfReader

    b = bulletin(Salarie("Martin Léa", "non_cadre", D("2500")), "2026-10")
    texte = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bulletin_pdf(b))).pages)
    assert "Martin Léa" in texte and "Net payé" in texte
    assert "1\u202f978,99" in texte or "1 978,99" in texte or "1978,99" in texte


# --- Rapprochement comptabilité / bulletins ---------------------------------------------------


def test_rapprocher_paie__livre_conforme_puis_ecarts(mois):
    """Le journal de paie passé au livre concorde ; une charge sociale oubliée et une correction se voient."""
    from compta_kernel.livre import Livre
    from compta_kernel.paie import rapprocher_paie

    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    passee = livre.passer(ecriture_paie(mois))
    assert rapprocher_paie(livre, mois) == ()
    livre.contre_passer(passee)
    ecarts = rapprocher_paie(livre, mois)
    assert any("contre-passée" in e.message for e in ecarts)
    comptes = {e.compte for e in ecarts if e.compte}
    assert {"421", "431", "437", "6411"} <= comptes


def test_rapprocher_paie__trimestre(mois):
    """Sur un trimestre, les charges de chaque mois s'additionnent ; un mois non comptabilisé manque."""
    from compta_kernel.paie import rapprocher_paie

    trimestre = [replace_periode(b, p) for p in ("2026-10", "2026-11", "2026-12") for b in mois]
    ecritures = [ecriture_paie(b for b in trimestre if b.periode == p) for p in ("2026-10", "2026-11")]
    ecarts = rapprocher_paie(ecritures, trimestre)
    e431 = next(e for e in ecarts if e.compte == "431")
    assert e431.attendu == 3 * dsn_mensuelle(mois).par_organisme[URSSAF]
    assert e431.comptabilise == 2 * dsn_mensuelle(mois).par_organisme[URSSAF]


def replace_periode(b, periode):
    return bulletin(b.salarie, periode, b.variables, b.employeur)


def test_sujets_paie__variantes_calculables():
    """Chaque variante du devoir b3_bulletin donne un bulletin sans alerte bloquante, et les variantes diffèrent."""
    from graders import sujets_paie

    bruts = set()
    for i in range(40):
        sujet = sujets_paie.bulletin(i.to_bytes(16, "big"))
        b = bulletin(sujet.salarie, sujet.periode, sujet.variables, sujet.employeur)
        assert not [a for a in b.alertes if a.bloquante], b.alertes
        assert sujet == sujets_paie.bulletin(i.to_bytes(16, "big"))
        bruts.add(b.brut)
    assert len(bruts) > 30
