"""Relevés bancaires (CSV, OFX, CAMT.053), IBAN, codification et journal de banque.

Les fichiers de ``tests/releves/`` portent le relevé de février de l'exemple publié
« L'état de rapprochement bancaire » (https://fr.scribd.com/document/509014873) : solde
2 675,80 € au 01/02, 12 600,00 € au 28/02, huit opérations (voir ``tests/releves/README.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel import FichierInvalide
from compta_kernel.banque import (
    DISPOSITIONS,
    REGLES_PAR_DEFAUT,
    DispositionCSV,
    IbanInvalide,
    MouvementBancaire,
    RegleCodification,
    Releve,
    ReleveInvalide,
    codifier,
    controler_iban,
    depuis_releve_fictif,
    ecrire_camt053,
    ecrire_csv,
    ecrire_ofx,
    ecriture_banque,
    ecritures_banque,
    iban_depuis_rib,
    lire_releve,
)
from compta_kernel.erreurs import ErreurComptable

RELEVES = Path(__file__).parent / "releves"
IBAN = "FR7630004000031234567890143"
# (date, montant) du relevé de février de l'exemple publié.
ATTENDU = [
    (dt.date(2026, 2, 5), Decimal("-500.00")),
    (dt.date(2026, 2, 6), Decimal("-200.00")),
    (dt.date(2026, 2, 10), Decimal("1400.00")),
    (dt.date(2026, 2, 16), Decimal("10000.00")),
    (dt.date(2026, 2, 19), Decimal("-300.00")),
    (dt.date(2026, 2, 21), Decimal("-800.00")),
    (dt.date(2026, 2, 25), Decimal("-335.80")),
    (dt.date(2026, 2, 27), Decimal("660.00")),
]


# --- Lecture des formats réels -----------------------------------------------------------


@pytest.mark.parametrize(
    "fichier",
    ["fevrier_debit_credit.csv", "fevrier_debit_negatif.csv", "fevrier.ofx", "fevrier_camt053.xml"],
)
def test_lire_releve__exemple_publie__chaque_format(fichier):
    """Même relevé dans chaque format : opérations, soldes (2 675,80 → 12 600,00) et IBAN."""
    releve = lire_releve(RELEVES / fichier)
    assert sorted((m.date, m.montant) for m in releve.mouvements) == ATTENDU
    assert releve.solde_initial == Decimal("2675.80")
    assert releve.solde_final == Decimal("12600.00")
    assert releve.iban == IBAN
    assert releve.total_debit == Decimal("2135.80") and releve.total_credit == Decimal("12060.00")


def test_lire_releve__format_devine_d_apres_le_contenu():
    assert lire_releve(RELEVES / "fevrier.ofx").format == "ofx"
    assert lire_releve(RELEVES / "fevrier_camt053.xml").format == "camt053"
    assert lire_releve(RELEVES / "fevrier_debit_credit.csv").format == "csv"


def test_lire_releve__csv_sans_solde__solde_initial_donne():
    releve = lire_releve(RELEVES / "fevrier_montant_signe.csv", disposition="montant_signe")
    assert releve.solde_final is None
    complete = lire_releve(RELEVES / "fevrier_montant_signe.csv", solde_initial="2 675,80")
    assert complete.solde_final == Decimal("12600.00")


def test_lire_releve__csv__references_lues_dans_le_libelle():
    releve = lire_releve(RELEVES / "fevrier_debit_credit.csv")
    references = {m.libelle: m.reference for m in releve.mouvements}
    assert references["CHEQUE N° 32465"] == "32465"
    assert references["INTERETS DE DECOUVERT"] == ""


def test_lire_releve__disposition_de_l_apprenant(tmp_path):
    """Une banque aux colonnes inhabituelles : la disposition les nomme."""
    fichier = tmp_path / "banque.csv"
    fichier.write_text(
        "Jour|Opération|Somme (EUR)|Réf.\n2026-03-02|VIR DUPONT|1 200,50|F12\n2026-03-05|FRAIS|-4,10|\n",
        encoding="utf-8",
    )
    disposition = DispositionCSV(
        "ma banque",
        {"date": "Jour", "libelle": "Opération", "montant": "Somme (EUR)", "reference": "Réf."},
        separateur="|",
        format_date="%Y-%m-%d",
    )
    releve = lire_releve(fichier, disposition=disposition, iban="FR76 3000 4000 0312 3456 7890 143")
    assert [(m.date, m.montant, m.reference) for m in releve.mouvements] == [
        (dt.date(2026, 3, 2), Decimal("1200.50"), "F12"),
        (dt.date(2026, 3, 5), Decimal("-4.10"), ""),
    ]
    assert releve.iban == IBAN


def test_lire_releve__disposition_inconnue():
    with pytest.raises(ReleveInvalide, match="disposition « inconnue » inconnue"):
        lire_releve(RELEVES / "fevrier_debit_credit.csv", disposition="inconnue")


# --- Fichiers mal formés : exception typée, ligne ou élément nommé ------------------------


@pytest.mark.parametrize(
    ("fichier", "extraits"),
    [
        (
            "mal_date_et_montant.csv",
            ["ligne 4, champ Date", "« 31/02/2026 »", "ligne 5, champ Crédit", "14OO,00"],
        ),
        ("mal_solde.csv", ["ligne 7, champ Solde", "au lieu de 13 075,80"]),
        ("mal_debit_et_credit.csv", ["ligne 4", "un débit (200.00) et un crédit (50.00)"]),
        ("mal_iban.csv", ["ligne 1, champ iban", "clé fausse"]),
        ("mal_sans_entete.csv", ["aucune ligne d'en-tête"]),
        ("mal_montant.ofx", ["ligne 16, champ TRNAMT", "« deux cents »", "FITID 2026020601"]),
        ("mal_balises.ofx", ["ligne 25, champ STMTRS", "mal imbriquées"]),
        ("mal_tronque.ofx", ["ligne 17, champ STMTTRN", "jamais fermée"]),
        ("mal_montant_absent_camt053.xml", ["champ Ntry", "Amt absent"]),
        ("mal_soldes_camt053.xml", ["champ Bal", "≠ solde de clôture 12 800,00"]),
        ("mal_tronque_camt053.xml", ["XML mal formé"]),
        ("mal_date_camt053.xml", ["champ BookgDt", "« 2026-02-30 »"]),
    ],
)
def test_lire_releve__fichier_mal_forme(fichier, extraits):
    """Rien n'est importé ; le message nomme la ligne (ou l'élément) et la faute."""
    with pytest.raises(ReleveInvalide) as erreur:
        lire_releve(RELEVES / fichier)
    message = str(erreur.value).replace("\u202f", " ").replace("\xa0", " ")
    assert message.startswith(f"Le fichier « {fichier} » n'a pas été importé")
    for extrait in extraits:
        assert extrait in message
    assert isinstance(erreur.value, FichierInvalide) and erreur.value.anomalies


def test_lire_releve__camt053__ligne_de_l_element_fautif():
    with pytest.raises(ReleveInvalide) as erreur:
        lire_releve(RELEVES / "mal_montant_absent_camt053.xml")
    (anomalie,) = erreur.value.anomalies
    lignes = (RELEVES / "mal_montant_absent_camt053.xml").read_text(encoding="utf-8").splitlines()
    assert lignes[anomalie.ligne - 1].strip() == "<Ntry>"


def test_lire_releve__fichier_absent(tmp_path):
    with pytest.raises(ReleveInvalide, match="fichier illisible"):
        lire_releve(tmp_path / "absent.csv")


def test_lire_releve__xml_qui_n_est_pas_un_camt053(tmp_path):
    fichier = tmp_path / "autre.xml"
    fichier.write_text('<?xml version="1.0"?><Document xmlns="urn:autre"><A/></Document>', encoding="utf-8")
    with pytest.raises(ReleveInvalide, match="ce n'est pas un CAMT.053"):
        lire_releve(fichier)


# --- Allers-retours ------------------------------------------------------------------------

_JOURS = st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
_MONTANTS = st.integers(-9_999_999, 9_999_999).filter(bool).map(lambda c: Decimal(c).scaleb(-2))
_LIBELLES = st.text(
    alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /-éèàç'°"), min_size=1, max_size=60
).filter(lambda t: t.strip() and t.strip()[0] not in "-+")


@st.composite
def releves(draw):
    mouvements = sorted(
        draw(
            st.lists(
                st.builds(
                    lambda jour, valeur, libelle, i: MouvementBancaire(
                        jour, libelle, valeur, identifiant=f"T{i}"
                    ),
                    _JOURS,
                    _MONTANTS,
                    _LIBELLES,
                    st.integers(0, 10**6),
                ),
                min_size=1,
                max_size=12,
            )
        ),
        key=lambda m: m.date,
    )
    mouvements = [dataclasses.replace(m, identifiant=f"T{i}") for i, m in enumerate(mouvements)]
    initial = draw(_MONTANTS)
    total = sum(m.montant for m in mouvements)
    return Releve(
        IBAN, dt.date(2026, 1, 1), dt.date(2026, 1, 31), initial, initial + total, tuple(mouvements)
    )


@pytest.mark.parametrize(
    ("ecrire", "options"),
    [
        (ecrire_csv, {}),
        (ecrire_csv, {"disposition": "montant_signe"}),
        (ecrire_csv, {"disposition": "debit_negatif"}),
        (ecrire_ofx, {}),
        (ecrire_camt053, {}),
    ],
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(releve=releves())
def test_aller_retour__chaque_format(tmp_path, ecrire, options, releve):
    """Écrit puis relit : mêmes dates, libellés, montants ; soldes conservés quand le format les porte."""
    fichier = ecrire(releve, tmp_path / "releve", **options)
    relu = lire_releve(fichier, **options)
    assert [(m.date, m.libelle.strip(), m.montant) for m in relu.mouvements] == [
        (m.date, " ".join(m.libelle.split()), m.montant) for m in releve.mouvements
    ]
    assert relu.iban == IBAN
    if relu.solde_final is not None:
        assert (relu.solde_initial, relu.solde_final) == (releve.solde_initial, releve.solde_final)
    if ecrire is not ecrire_csv:
        assert relu.solde_final == releve.solde_final


def test_aller_retour__releve_fictif_de_l_exercice(tmp_path):
    """Un relevé mensuel du générateur de dossiers, écrit par lui en CSV, relu à l'identique."""
    from compta_kernel.donnees_fictives import generer_dossier

    dossier = generer_dossier(7)
    fictif = dossier.releves[5]
    fictif.vers_csv(tmp_path / "juin.csv")
    releve = lire_releve(tmp_path / "juin.csv", iban=dossier.entreprise.banque.iban)
    attendu = depuis_releve_fictif(fictif)
    assert releve.solde_final == attendu.solde_final == fictif.solde_final
    assert [(m.date, m.libelle, m.montant) for m in releve.mouvements] == [
        (m.date, m.libelle, m.montant) for m in attendu.mouvements
    ]


# --- IBAN -------------------------------------------------------------------------------------


def test_controler_iban__formes_acceptees():
    assert controler_iban("fr76 3000 4000 0312 3456 7890 143") == IBAN
    assert iban_depuis_rib("30004", "00003", "12345678901") == IBAN


@pytest.mark.parametrize(
    ("iban", "extrait"),
    [
        ("FR7630004000031234567890134", "clé fausse"),
        ("FR763000400003123456789014", "longueur"),
        ("", "vide"),
    ],
)
def test_controler_iban__refus(iban, extrait):
    with pytest.raises(IbanInvalide, match=extrait):
        controler_iban(iban)


# --- Codification -----------------------------------------------------------------------------


def _m(libelle: str, valeur: str, contrepartie: str = "") -> MouvementBancaire:
    return MouvementBancaire(dt.date(2026, 3, 10), libelle, Decimal(valeur), contrepartie=contrepartie)


@pytest.mark.parametrize(
    ("libelle", "valeur", "compte", "regle"),
    [
        ("FRAIS TENUE DE COMPTE", "-12.50", "627", "frais bancaires"),
        ("COMMISSION CB TPE MARS", "-8.20", "627", "commission TPE"),
        ("AGIOS ARRETE AU 31/03/2026", "-14.05", "6616", "agios"),
        ("INTERETS DEBITEURS", "-3.10", "6616", "agios"),
        ("PRLV SEPA URSSAF RHONE ALPES", "-1845.00", "431", "URSSAF"),
        ("PRLV SEPA AGIRC ARRCO", "-612.00", "437", "retraite"),
        ("VIR SEPA EMIS SALAIRE MARS DURAND", "-1650.00", "421", "salaires"),
        ("PRLV DGFIP TVA FEVRIER", "-2310.00", "44551", "TVA"),
        ("REMISE CHQ N° 4455667", "1250.00", "5112", "remise de chèques"),
        ("REMISE CB 0312 TPE 77889", "846.30", "5115", "remise carte (TPE)"),
        ("VIR SEPA RECU /DE DUPONT SA /REF F2026-012", "1200.00", "411", "virement reçu"),
        ("VIR SEPA EMIS /A MARTIN SARL /REF 778", "-480.00", "401", "virement émis"),
        ("PRLV SEPA MARTIN SARL", "-96.00", "401", "prélèvement fournisseur"),
        ("CHEQUE N° 1234567", "-300.00", "401", "chèque émis"),
        ("PERCEPTION DE DIVIDENDES", "1400.00", "764", "dividendes"),
        ("OPERATION MYSTERE", "-50.00", "471", ""),
    ],
)
def test_codifier__regles_par_defaut(libelle, valeur, compte, regle):
    (imputation,) = codifier([_m(libelle, valeur)])
    assert (imputation.compte, imputation.regle) == (compte, regle)
    assert imputation.a_verifier == (compte in ("471", "411", "401"))


def test_codifier__le_signe_compte():
    """« VIR SEPA RECU » est une entrée : en sortie, la règle ne s'applique pas."""
    (imputation,) = codifier([_m("VIR SEPA RECU /DE DUPONT", "-10.00")])
    assert imputation.compte == "471"


def test_codifier__tiers_reconnu_dans_le_libelle_ou_la_contrepartie():
    imputations = codifier(
        [
            _m("VIR SEPA RECU /DE DUPONT SA /REF F2026-012", "1200.00"),
            _m("PRLV SEPA 778899", "-96.00", contrepartie="Énergies Martin"),
        ],
        tiers={"Dupont SA": "C0001", "ENERGIES MARTIN": "F0002", "DUPONT": "C0099"},
    )
    assert [(i.compte, i.tiers, i.a_verifier) for i in imputations] == [
        ("411", "C0001", False),  # le nom le plus long l'emporte
        ("401", "F0002", False),
    ]


def test_codifier__regle_de_l_apprenant_avant_les_regles_par_defaut():
    loyer = RegleCodification("loyer", r"LOYER", "613", "-")
    assurance = RegleCodification("assurance", "", "616", "-", contrepartie="AXA")
    regles = (loyer, assurance, *REGLES_PAR_DEFAUT)
    imputations = codifier(
        [
            _m("PRLV SEPA LOYER AVRIL", "-900.00"),
            _m("PRLV SEPA 556677", "-120.00", contrepartie="AXA France"),
        ],
        regles,
    )
    assert [(i.compte, i.regle) for i in imputations] == [("613", "loyer"), ("616", "assurance")]


@pytest.mark.parametrize(
    ("options", "extrait"),
    [({"sens": "x"}, "le sens est"), ({"motif": "FRAIS("}, "mal écrit")],
)
def test_regle_codification__mal_ecrite(options, extrait):
    arguments = {"nom": "essai", "motif": "FRAIS", "compte": "627", **options}
    with pytest.raises(ErreurComptable, match=extrait):
        RegleCodification(**arguments)


def test_ecriture_banque__sens_des_lignes():
    """Sortie : charge au débit, 512 au crédit ; entrée : 512 au débit, tiers au crédit."""
    frais, virement = codifier(
        [_m("FRAIS TENUE DE COMPTE", "-12.50"), _m("VIR SEPA RECU /DE DUPONT", "1200.00")],
        tiers={"DUPONT": "C0001"},
    )
    e = ecriture_banque(frais)
    assert e.journal == "BQ" and e.date == dt.date(2026, 3, 10)
    assert [(l.compte, l.debit, l.credit) for l in e.lignes] == [
        ("627", Decimal("12.50"), Decimal("0.00")),
        ("512", Decimal("0.00"), Decimal("12.50")),
    ]
    e = ecriture_banque(virement, compte_banque="5121")
    assert [(l.compte, l.debit, l.credit, l.tiers) for l in e.lignes] == [
        ("5121", Decimal("1200.00"), Decimal("0.00"), ""),
        ("411", Decimal("0.00"), Decimal("1200.00"), "C0001"),
    ]


def test_ecritures_banque__un_mois_du_releve_passe_au_livre():
    """Le relevé de l'exemple, codifié et passé : le 512 bouge du total des opérations."""
    from compta_kernel import Livre

    releve = lire_releve(RELEVES / "fevrier_debit_credit.csv")
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for e in ecritures_banque(codifier(releve)):
        livre.passer(e)
    balance = livre.balance().set_index("compte")
    assert balance.loc["512", "solde_debiteur"] - balance.loc["512", "solde_crediteur"] == Decimal("9924.20")
    assert balance.loc["6616", "solde_debiteur"] == Decimal("200.00")
    assert balance.loc["764", "solde_crediteur"] == Decimal("1400.00")


def test_mouvement_bancaire__montant_au_centime():
    with pytest.raises(ErreurComptable, match="au centime"):
        MouvementBancaire(dt.date(2026, 1, 1), "X", Decimal("1.005"))


def test_dispositions__noms():
    assert set(DISPOSITIONS) == {"debit_credit", "montant_signe", "debit_negatif"}


def test_date_limite_cheque__un_an_et_huit_jours():
    """Émis le 26/03/2026 : présentation jusqu'au 03/04/2026 (L131-32), puis un an (L131-59) : 03/04/2027."""
    from compta_kernel.banque import date_limite_cheque

    assert date_limite_cheque(dt.date(2026, 3, 26)) == dt.date(2027, 4, 3)
    assert date_limite_cheque(dt.date(2026, 12, 28)) == dt.date(2028, 1, 5)
