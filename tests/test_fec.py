"""FEC (LPF art. A47 A-1) : format écrit, import, contrôles, aller-retour."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest
from aides import livre_depuis_texte
from hypothesis import given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, ErreurComptable, FecInvalide, Ligne, Livre, fec

SIREN = "732829320"
JOURNAL = """
2026-01-10 VT F1 Facture Müller & fils — été
  411 @MULLER  1200,00  -
  706          -        1000,00
  44571        -         200,00
2026-03-01 BQ R1 Règlement Müller F1
  512          1200,00  -
  411 @MULLER  -        1200,00
"""


@pytest.fixture
def livre():
    livre = livre_depuis_texte(JOURNAL)
    livre.ouvrir_tiers("MULLER", "Müller & fils")
    livre.ouvrir_compte("706", "Prestations de services œuvres")
    livre.passer(
        Ecriture(
            "AC",
            dt.date(2026, 4, 2),
            "A7",
            "Achat en dollars",
            (
                Ligne("607", debit="100,00", montant_devise="-110,50", devise="USD"),
                Ligne("401", credit="100,00", tiers="ACME", lettrage="AA", date_lettrage=dt.date(2026, 5, 1)),
            ),
        )
    )
    return livre


def test_exporter__nom_entete_separateur_et_formats(livre, tmp_path):
    chemin = livre.exporter_fec(tmp_path, SIREN)
    assert chemin.name == "732829320FEC20261231.txt"
    brut = chemin.read_bytes()
    assert b"\r\n" in brut and "é".encode("iso-8859-15") in brut and "œ".encode("iso-8859-15") in brut
    lignes = brut.decode("iso-8859-15").split("\r\n")
    assert lignes[0].split("\t") == list(fec.CHAMPS)
    premiere = dict(zip(fec.CHAMPS, lignes[1].split("\t"), strict=True))
    assert premiere == {
        "JournalCode": "VT",
        "JournalLib": "Journal des ventes",
        "EcritureNum": "VT000001",
        "EcritureDate": "20260110",
        "CompteNum": "411",
        "CompteLib": premiere["CompteLib"],
        "CompAuxNum": "MULLER",
        "CompAuxLib": "Müller & fils",
        "PieceRef": "F1",
        "PieceDate": "20260110",
        "EcritureLib": "Facture Müller & fils - été",
        "Debit": "1200,00",
        "Credit": "0,00",
        "EcritureLet": "",
        "DateLet": "",
        "ValidDate": "20261231",
        "Montantdevise": "",
        "Idevise": "",
    }
    achat = dict(zip(fec.CHAMPS, lignes[6].split("\t"), strict=True))
    assert (achat["Montantdevise"], achat["Idevise"]) == ("-110,50", "USD")
    assert (achat["CompteNum"], achat["Debit"]) == ("607", "100,00")
    fournisseur = dict(zip(fec.CHAMPS, lignes[7].split("\t"), strict=True))
    assert (fournisseur["EcritureLet"], fournisseur["DateLet"]) == ("AA", "20260501")
    assert fec.valider(chemin) == []


def test_exporter__siren_invalide(livre, tmp_path):
    with pytest.raises(ErreurComptable, match="clé de Luhn"):
        livre.exporter_fec(tmp_path, "123456789")


@pytest.mark.parametrize("separateur", ["\t", "|"])
def test_aller_retour__sans_perte(livre, tmp_path, separateur):
    chemin = fec.exporter(livre, tmp_path / "732829320FEC20261231.txt", SIREN, separateur=separateur)
    relu = Livre.depuis_fec(chemin)
    assert (relu.debut, relu.fin) == (livre.debut, livre.fin)
    pd.testing.assert_frame_equal(relu.table(), livre.table().assign(echeance=relu.table()["echeance"]))
    assert relu.libelle_tiers("MULLER") == "Müller & fils"
    assert relu.libelle_compte("706") == "Prestations de services œuvres"
    assert [e.numero for e in relu.ecritures()] == [e.numero for e in livre.ecritures()]
    assert relu.ecriture("AC000001").lignes[0].montant_devise == Decimal("-110.50")


def test_import__la_numerotation_continue(livre, tmp_path):
    relu = Livre.depuis_fec(livre.exporter_fec(tmp_path, SIREN))
    suivante = relu.passer(
        Ecriture(
            "VT", dt.date(2026, 6, 1), "F9", "Facture", (Ligne("411", debit=10), Ligne("706", credit=10))
        )
    )
    assert suivante.numero == "VT000002"


def test_import__utf8_et_nom_libre_acceptes_avec_alerte(livre, tmp_path):
    chemin = livre.exporter_fec(tmp_path, SIREN)
    autre = tmp_path / "export_compta.txt"
    autre.write_text(chemin.read_bytes().decode("iso-8859-15"), encoding="utf-8")
    anomalies = fec.valider(autre)
    assert [a.bloquante for a in anomalies] == [False]
    assert "nom réglementaire est <SIREN>FEC<AAAAMMJJ>" in anomalies[0].message
    relu = Livre.depuis_fec(autre, debut=dt.date(2026, 1, 1), fin=dt.date(2026, 12, 31))
    assert relu.libelle_tiers("MULLER") == "Müller & fils"


def test_import__lignes_d_une_ecriture_non_contigues(tmp_path):
    entete = "|".join(fec.CHAMPS)
    lignes = [
        "VT|Ventes|V1|20260105|411|Clients|||F1|20260105|Facture 1|100,00|0,00|||20260105||",
        "VT|Ventes|V2|20260106|411|Clients|||F2|20260106|Facture 2|50,00|0,00|||20260106||",
        "VT|Ventes|V1|20260105|706|Ventes|||F1|20260105|Facture 1|0,00|100,00|||20260105||",
        "VT|Ventes|V2|20260106|706|Ventes|||F2|20260106|Facture 2|0,00|50,00|||20260106||",
    ]
    chemin = tmp_path / "732829320FEC20261231.txt"
    chemin.write_text("\n".join([entete, *lignes]) + "\n", encoding="utf-8")
    livre = Livre.depuis_fec(chemin)
    assert [len(e.lignes) for e in livre.ecritures()] == [2, 2]
    assert livre.ecriture("V2").total_debit == Decimal("50.00")


def test_import__rien_d_importe_et_toutes_les_erreurs_listees(tmp_path):
    entete = "\t".join(fec.CHAMPS)
    mauvaise = (
        "VT\tVentes\tV1\t20260105\t411\tClients\t\t\tF1\t20260105\tFacture\t1 000,00\t0,00\t\t\t20260105\t\t"
    )
    chemin = tmp_path / "732829320FEC20261231.txt"
    chemin.write_text("\n".join([entete] + [mauvaise] * 300) + "\n", encoding="utf-8")
    with pytest.raises(FecInvalide) as info:
        Livre.depuis_fec(chemin)
    erreur = info.value
    assert "n'a pas été importé" in str(erreur) and "ligne 2, champ Debit" in str(erreur)
    illisibles = [a for a in erreur.anomalies if a.champ == "Debit"]
    assert illisibles[-1].message.endswith("(et 100 autres lignes dans ce cas)")


def test_valider__fichier_absent(tmp_path):
    anomalies = fec.valider(tmp_path / "absent.txt")
    assert "n'existe pas" in anomalies[0].message


def test_import__iso_8859_15_et_utf8_explicites(tmp_path):
    """Les huit caractères propres au Latin-9 (€, Š, š, Ž, ž, Œ, œ, Ÿ) sont relus à l'identique."""
    libelle = "Prime € Œuvre œil Šaric Žižek Ÿvette"
    entete = "\t".join(fec.CHAMPS)
    ligne = (
        "OD\tOpérations diverses\tOD1\t20260105\t{c}\t{c}\t\t\tP1\t20260105\t{l}\t{d}\t{k}\t\t\t20260105\t\t"
    )
    corps = [
        entete,
        ligne.format(c="641", l=libelle, d="10,00", k="0,00"),
        ligne.format(c="421", l=libelle, d="0,00", k="10,00"),
    ]
    for encodage in ("iso-8859-15", "utf-8"):
        chemin = tmp_path / encodage / "732829320FEC20261231.txt"
        chemin.parent.mkdir()
        chemin.write_bytes(("\r\n".join(corps) + "\r\n").encode(encodage))
        for explicite in (None, encodage):
            livre = Livre.depuis_fec(chemin, encodage=explicite)
            assert livre.ecriture("OD1").libelle == libelle
            assert livre.journaux["OD"] == "Opérations diverses"


def test_import__espaces_autour_des_valeurs_ignores_mais_champ_blanc_vide(tmp_path):
    """« 411 » et « 120,00 » entourés d'espaces se lisent ; un libellé fait d'espaces est un champ vide."""
    entete = "|".join(fec.CHAMPS)
    lignes = [
        "VT|Ventes|V1|20260105| 411|Clients|||F1|20260105|Facture 1|120,00 |0,00|||20260105||",
        "VT|Ventes|V1|20260105|706 |Ventes|||F1|20260105|Facture 1|0,00| 120,00|||20260105||",
    ]
    chemin = tmp_path / "732829320FEC20261231.txt"
    chemin.write_text("\n".join([entete, *lignes]) + "\n", encoding="utf-8")
    livre = Livre.depuis_fec(chemin)
    assert [(l.compte, l.debit, l.credit) for l in livre.ecriture("V1").lignes] == [
        ("411", Decimal("120.00"), Decimal("0.00")),
        ("706", Decimal("0.00"), Decimal("120.00")),
    ]
    chemin.write_text(
        "\n".join([entete, lignes[0].replace("Facture 1", "   "), lignes[1]]) + "\n", encoding="utf-8"
    )
    anomalies = fec.valider(chemin)
    assert [(a.ligne, a.champ) for a in anomalies if a.bloquante] == [(2, "EcritureLib")]


@pytest.mark.parametrize(
    ("debit", "credit", "centimes", "erreur"),
    [
        ("120", "120,00", 12000, None),
        ("120,5", "120,50", 12050, None),
        ("0,05", "0,05", 5, None),
        ("999999999999999", "999999999999999", 99999999999999900, None),  # 15 chiffres
        ("1234.56", "1234,56", None, "avec un point"),
        ("1 234,56", "1234,56", None, "illisible"),
        ("12,3,4", "12,34", None, "illisible"),
        ("5,123", "5,12", None, "illisible"),
        (",50", "0,50", None, "illisible"),
        ("5,", "5,00", None, "illisible"),
        ("--5", "5,00", None, "illisible"),
        ("5-5", "5,00", None, "illisible"),
        ("1234567890123456", "1234567890123456", None, "15 chiffres au plus"),
    ],
)
def test_import__montants_lus_octet_par_octet(tmp_path, debit, credit, centimes, erreur):
    """Motif des montants du FEC (A47 A-1 : virgule décimale, pas de séparateur de milliers)."""
    entete = "|".join(fec.CHAMPS)
    lignes = [
        f"VT|Ventes|V1|20260105|411|Clients|||F1|20260105|Facture 1|{debit}|0,00|||20260105||",
        f"VT|Ventes|V1|20260105|706|Ventes|||F1|20260105|Facture 1|0,00|{credit}|||20260105||",
    ]
    chemin = tmp_path / "732829320FEC20261231.txt"
    chemin.write_text("\n".join([entete, *lignes]) + "\n", encoding="utf-8")
    anomalies = [a for a in fec.valider(chemin) if a.bloquante]
    if erreur is None:
        assert anomalies == []
        ligne = Livre.depuis_fec(chemin).ecriture("V1").lignes[0]
        assert ligne.debit == Decimal(centimes) / 100
    else:
        assert (anomalies[0].ligne, anomalies[0].champ) == (2, "Debit")
        assert erreur in anomalies[0].message


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=12), max_size=30))
def test_transcodage_latin9__identique_au_codec_de_python(valeurs):
    """Le transcodage vectorisé ISO 8859-15 → UTF-8 donne le texte du codec de Python, valeur par valeur."""
    colonne = pa.array(valeurs, type=pa.binary())
    assert fec._latin9_vers_utf8(colonne).to_pylist() == [v.decode("iso-8859-15") for v in valeurs]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=12), min_size=1, max_size=40), st.integers(1, 64))
def test_morceaux__recolles_donnent_la_colonne(valeurs, taille):
    """Découpée en morceaux d'environ ``taille`` octets, une colonne se recolle à l'identique."""
    colonne = pa.array(valeurs, type=pa.binary()).slice(len(valeurs) // 3)  # décalage non nul
    ancien = fec.TAILLE_MORCEAU
    fec.TAILLE_MORCEAU = taille
    try:
        morceaux = fec._morceaux(colonne)
    finally:
        fec.TAILLE_MORCEAU = ancien
    assert pa.concat_arrays(morceaux).to_pylist() == colonne.to_pylist()
    assert all(len(m) for m in morceaux)


def test_import__grande_colonne_iso_8859_15_convertie_par_morceaux(tmp_path, monkeypatch):
    """Des libellés accentués (ISO 8859-15) convertis morceau par morceau se relisent à l'identique."""
    monkeypatch.setattr(fec, "TAILLE_MORCEAU", 64)
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    libelles = [f"Facture n° {i} : réglée en € à l'œuvre Š{'é' * (i % 7)}" for i in range(40)]
    for i, libelle in enumerate(libelles, start=1):
        livre.passer(
            Ecriture(
                "VT",
                dt.date(2026, 1, 1 + i % 28),
                f"F{i}",
                libelle,
                (Ligne("411", debit=i, tiers="DUPONT"), Ligne("706", credit=i)),
            )
        )
    chemin = livre.exporter_fec(tmp_path, "732829320")
    assert not chemin.read_bytes().isascii()
    relu = Livre.depuis_fec(chemin)
    assert [e.libelle for e in relu.ecritures()] == libelles


def test_export__apres_un_etat_et_une_nouvelle_ecriture(tmp_path):
    """La table du livre reconstruite après un état (colonnes Arrow en plusieurs morceaux) s'exporte."""
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for jour in (5, 6):
        livre.passer(
            Ecriture(
                "VT",
                dt.date(2026, 1, jour),
                f"F{jour}",
                f"Facture {jour}",
                (
                    Ligne("411", debit=100, tiers="DUPONT"),
                    Ligne("706", credit=100),
                ),
            )
        )
        livre.balance()
    relu = Livre.depuis_fec(livre.exporter_fec(tmp_path, SIREN))
    assert [e.piece for e in relu.ecritures()] == ["F5", "F6"]


def test_import__reglages_de_lecture_retablis_apres_coup(livre, tmp_path):
    """L'import rend l'allocateur d'Arrow et le ramasse-miettes tels qu'il les a trouvés, même en erreur."""
    import gc

    pool = pa.default_memory_pool()
    chemin = livre.exporter_fec(tmp_path, "732829320")
    Livre.depuis_fec(chemin)
    assert pa.default_memory_pool().backend_name == pool.backend_name
    assert gc.isenabled()
    mauvais = tmp_path / "732829320FEC20261231.txt"
    mauvais.write_bytes(chemin.read_bytes().replace(b"\t411", b"\t4x1", 1))
    with pytest.raises(FecInvalide):
        Livre.depuis_fec(mauvais)
    assert pa.default_memory_pool().backend_name == pool.backend_name
    assert gc.isenabled()
