"""Plan comptable général 2025 : données (``donnees/pcg_2025.csv``) et module :mod:`compta_kernel.pcg`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from compta_kernel import pcg
from compta_kernel.erreurs import CompteInconnu, ErreurComptable

CSV = Path(pcg.__file__).parent / "donnees" / pcg.FICHIER


def _lignes_csv() -> tuple[list[str], list[list[str]]]:
    lignes = CSV.read_text(encoding="utf-8").splitlines()
    commentaires = [ligne for ligne in lignes if ligne.startswith("#")]
    donnees = [ligne for ligne in lignes if ligne and not ligne.startswith("#")]
    assert donnees[0] == "numero;libelle"
    return commentaires, [ligne.split(";") for ligne in donnees[1:]]


# --- Le fichier de données -----------------------------------------------------------------


def test_csv__en_tete_cite_les_sources():
    commentaires, _ = _lignes_csv()
    entete = "\n".join(commentaires)
    for attendu in ("2014-03", "2022-06", "1er janvier 2025", "paheko/paheko", "emilesabatier/coulba"):
        assert attendu in entete, attendu
    texte = CSV.read_text(encoding="utf-8")
    assert texte.index("numero;libelle") > texte.rindex("\n#"), "les commentaires précèdent l'en-tête"


def test_csv__lignes_bien_formees():
    _, lignes = _lignes_csv()
    numeros = [ligne[0] for ligne in lignes]
    assert all(len(ligne) == 2 for ligne in lignes), "deux colonnes, aucun « ; » dans un libellé"
    assert len(numeros) == len(set(numeros)), "numéros en double"
    assert all(n.isdigit() and n[0] in "12345678" for n in numeros)
    assert numeros == sorted(numeros), "ordre du plan"
    for numero, libelle in lignes:
        assert libelle and libelle == libelle.strip() and "  " not in libelle, numero
        assert not set(libelle) & set("’‘“”–—\t"), f"{numero} : typographie à normaliser"
        assert libelle[0].isupper(), f"{numero} : libellé « {libelle} »"


def test_csv__chaque_compte_rattache_a_sa_classe():
    _, lignes = _lignes_csv()
    numeros = {ligne[0] for ligne in lignes}
    for numero in numeros:
        for longueur in range(1, len(numero)):
            assert numero[:longueur] in numeros, f"{numero} : {numero[:longueur]} manque"


def test_csv__nombre_de_comptes_plausible():
    _, lignes = _lignes_csv()
    assert 800 <= len(lignes) <= 900
    assert len(pcg.comptes()) == len(lignes)
    assert sum(len(n) == 3 for n, _ in lignes) > 250  # comptes à 3 chiffres
    assert {n for n, _ in lignes if len(n) == 1} == set("12345678")


CLASSES = {
    "1": "Comptes de capitaux",
    "2": "Comptes d'immobilisations",
    "3": "Comptes de stocks et en-cours",
    "4": "Comptes de tiers",
    "5": "Comptes financiers",
    "6": "Comptes de charges",
    "7": "Comptes de produits",
    "8": "Comptes spéciaux",
}


@pytest.mark.parametrize(("numero", "libelle"), CLASSES.items())
def test_classes__libelles(numero, libelle):
    assert pcg.libelle(numero) == libelle
    assert pcg.compte(numero).parent is None


# --- Libellés officiels ---------------------------------------------------------------------

OFFICIELS = {
    # classe 1
    "101": "Capital",
    "1013": "Capital souscrit - appelé, versé",
    "1061": "Réserve légale",
    "108": "Compte de l'exploitant",
    "110": "Report à nouveau - solde créditeur",
    "120": "Résultat de l'exercice - bénéfice",
    "1209": "Acomptes sur dividendes",
    "131": "Subventions d'investissement octroyées",
    "139": "Subventions d'investissement inscrites au compte de résultat",
    "145": "Amortissements dérogatoires",
    "15": "Provisions",
    "1511": "Provisions pour litiges",
    "1527": "Autres provisions pour charges",
    "164": "Emprunts auprès des établissements de crédit",
    "169": "Primes de remboursement des emprunts",
    # classe 2
    "203": "Frais de développement",
    "205": "Concessions et droits similaires, brevets, licences, marques, procédés, "
    "solutions informatiques, droits et valeurs similaires",
    "2154": "Matériels industriels",
    "2182": "Matériel de transport",
    "2183": "Matériel de bureau et matériel informatique",
    "28": "Amortissements des immobilisations",
    "2813": "Constructions",
    # classes 3 et 4
    "37": "Stocks de marchandises",
    "401": "Fournisseurs",
    "4011": "Fournisseurs - Achats de biens et prestations de services",
    "408": "Fournisseurs - Factures non parvenues",
    "411": "Clients",
    "421": "Personnel - Rémunérations dues",
    "431": "Sécurité sociale",
    "44566": "TVA sur autres biens et services",
    "44571": "TVA collectée",
    "44551": "TVA à décaisser",
    "4562": "Apporteurs - Capital appelé, non versé",
    "481": "Frais d'émission des emprunts",
    "486": "Charges constatées d'avance",
    # classe 5
    "512": "Banques",
    "53": "Caisse",
    "58": "Virements internes",
    # classe 6
    "6061": "Fournitures non stockables (eau, énergie, etc.)",
    "607": "Achats de marchandises",
    "6037": "Variation des stocks de marchandises",
    "613": "Locations",
    "6226": "Honoraires",
    "626": "Frais postaux et de télécommunications",
    "641": "Rémunérations du personnel",
    "645": "Cotisations de sécurité sociale et de prévoyance",
    "649": "Remboursements de charges de personnel",
    "653": "Rémunérations de l'activité des administrateurs et des gérants",
    "656": "Pertes de change sur créances et dettes commerciales",
    "657": "Valeurs comptables des immobilisations incorporelles et corporelles cédées",
    "6582": "Pénalités, amendes fiscales et pénales",
    "6671": "Valeurs comptables des immobilisations financières cédées",
    "672": "Charges sur exercices antérieurs",
    "678": "Autres charges exceptionnelles",
    "6811": "Dotations aux amortissements sur immobilisations incorporelles et corporelles",
    "695": "Impôts sur les bénéfices",
    # classe 7
    "706": "Prestations de services",
    "707": "Ventes de marchandises",
    "7084": "Mise à disposition de personnel facturée",
    "709": "Rabais, remises et ristournes accordés",
    "741": "Subventions d'exploitation",
    "747": "Quote-part des subventions d'investissement virée au résultat de l'exercice",
    "757": "Produits des cessions d'immobilisations incorporelles et corporelles",
    "7587": "Indemnités d'assurance",
    "7671": "Produits des cessions d'immobilisations financières",
    "778": "Autres produits exceptionnels",
    # classe 8
    "80": "Engagements",
    "801": "Engagements donnés par l'entité",
    "802": "Engagements reçus par l'entité",
    "809": "Contrepartie des engagements",
    "890": "Bilan d'ouverture",
    "891": "Bilan de clôture",
}


@pytest.mark.parametrize(("numero", "libelle"), OFFICIELS.items())
def test_libelle_officiel(numero, libelle):
    assert pcg.compte(numero) == pcg.Compte(numero, libelle)
    assert pcg.libelle(numero) == libelle
    assert pcg.est_valide(numero)


@pytest.mark.parametrize(
    "numero",
    # 2022-06 : transferts de charges, résultat exceptionnel « par nature », anciens 138, 15x, 4816...
    [
        "79",
        "791",
        "796",
        "797",
        "671",
        "6712",
        "675",
        "771",
        "7712",
        "775",
        "138",
        "153",
        "157",
        "4816",
        "54",
    ],
)
def test_comptes_supprimes_en_2025__absents_du_plan(numero):
    assert numero not in {c.numero for c in pcg.comptes()}


@pytest.mark.parametrize("numero", ["79", "791", "796", "797", "7910000"])
def test_transferts_de_charges__refuses_avec_le_compte_qui_les_remplace(numero):
    with pytest.raises(CompteInconnu, match="n'existe plus") as info:
        pcg.compte(numero)
    assert "708" in str(info.value) and "7587" in str(info.value) and "649" in str(info.value)
    assert info.value.suggestions == ("708", "649", "7587", "481")


@pytest.mark.parametrize(
    ("ancien", "remplacant"),
    [("6712", "6582"), ("675", "657"), ("775", "757"), ("7718", "758"), ("671", "678")],
)
def test_compte_exceptionnel_de_2014__refuse_avec_le_compte_de_2025(ancien, remplacant):
    """Règlement ANC 2022-06 : cessions d'immobilisations en 657/757, pénalités en 6582, etc."""
    with pytest.raises(CompteInconnu) as info:
        pcg.compte(ancien)
    assert remplacant in info.value.suggestions
    assert "n'existe plus dans le plan comptable général (règlement ANC n° 2022-06)" in str(info.value)
    assert pcg.compte("672").libelle == "Charges sur exercices antérieurs"


# --- Sous-comptes et saisies ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("saisi", "numero", "libelle"),
    [
        ("6071", "6071", "Achats de marchandises"),
        ("401DUPONT", "401DUPONT", "Fournisseurs"),
        ("401 dupont", "401DUPONT", "Fournisseurs"),
        ("401-Dupont", "401DUPONT", "Fournisseurs"),
        ("411000123", "411000123", "Clients"),
        ("  512 9 ", "5129", "Banques"),
        ("51210", "5121", "Comptes en euros"),
        ("44566A", "44566A", "TVA sur autres biens et services"),
        (512, "512", "Banques"),
    ],
)
def test_sous_compte__numero_saisi_et_libelle_du_compte_pcg(saisi, numero, libelle):
    assert pcg.compte(saisi) == pcg.Compte(numero, libelle)
    assert pcg.est_valide(saisi)


@pytest.mark.parametrize(
    ("saisi", "numero"),
    [("40100000", "401"), ("44566000", "44566"), ("60610000", "6061"), ("41100000", "411"), ("4010", "401")],
)
def test_forme_a_huit_chiffres__designe_le_compte_du_pcg(saisi, numero):
    assert pcg.compte(saisi) == pcg.compte(numero)
    assert pcg.compte(saisi).numero == numero


def test_compte_pcg__ancetre_le_plus_proche():
    assert pcg.compte_pcg("6071").numero == "607"
    assert pcg.compte_pcg("401DUPONT").numero == "401"
    assert pcg.compte_pcg("445660001").numero == "44566"
    assert pcg.compte_pcg("4011").numero == "4011"


def test_compte__proprietes():
    assert pcg.compte("1013").parent == "101"
    assert pcg.compte("101").parent == "10"
    assert pcg.compte("10").parent == "1"
    assert pcg.compte("6071").parent == "607"
    assert [pcg.compte(n).nature for n in ("101", "2183", "37", "401", "512")] == ["bilan"] * 5
    assert [pcg.compte(n).nature for n in ("607", "706")] == ["gestion"] * 2
    assert pcg.compte("890").nature == "speciaux"
    assert [pcg.classe(n) for n in ("1", "205", "31", "44571", "53", "6061", "7587", "809")] == list(
        range(1, 9)
    )
    assert str(pcg.compte("512")) == "512 Banques"
    with pytest.raises(dataclasses.FrozenInstanceError):
        pcg.compte("512").libelle = "Banque"


def test_comptes__tuple_ordonne():
    tous = pcg.comptes()
    assert isinstance(tous, tuple) and all(isinstance(c, pcg.Compte) for c in tous)
    assert [c.numero for c in tous] == sorted(c.numero for c in tous)
    assert tous[0] == pcg.Compte("1", "Comptes de capitaux")


# --- Numéros inconnus -------------------------------------------------------------------------


@pytest.mark.parametrize("saisi", ["999", "4x", "", "0123", "24", "9", "fournisseur", None, "4X1"])
def test_numero_inconnu__compte_inconnu_en_francais(saisi):
    with pytest.raises(CompteInconnu) as info:
        pcg.compte(saisi)
    erreur = info.value
    assert isinstance(erreur, (ErreurComptable, KeyError))
    assert erreur.champ == "compte"
    assert "n'existe pas dans le plan comptable général" in str(erreur)
    assert len(erreur.suggestions) <= 5
    assert all(pcg.compte(s).numero == s for s in erreur.suggestions), "suggestions : comptes du PCG"
    assert not pcg.est_valide(saisi)


def test_numero_inconnu__message_exact():
    with pytest.raises(CompteInconnu) as info:
        pcg.compte("999")
    assert str(info.value).startswith("Le compte « 999 » n'existe pas dans le plan comptable général.")
    with pytest.raises(CompteInconnu) as info:
        pcg.compte("")
    assert info.value.suggestions == ()
    assert "Vérifiez le numéro" in str(info.value)


@pytest.mark.parametrize(
    ("saisi", "premier"), [("6O6", "606"), ("4O1", "401"), ("4I1", "411"), ("fournisseur", "40")]
)
def test_suggestions__faute_de_frappe(saisi, premier):
    with pytest.raises(CompteInconnu) as info:
        pcg.compte(saisi)
    assert info.value.suggestions[0] == premier
    assert f"Comptes proches : {premier}" in str(info.value)


def test_suggestions__meme_debut_de_numero():
    with pytest.raises(CompteInconnu) as info:
        pcg.compte("6O6")
    assert info.value.suggestions == ("606", "616", "626", "646", "656")
    with pytest.raises(CompteInconnu) as info:
        pcg.compte("54")  # Régies d'avances : supprimé en 2025
    assert all(s.startswith("5") for s in info.value.suggestions)


# --- Recherche --------------------------------------------------------------------------------


def test_chercher__par_numero():
    assert [c.numero for c in pcg.chercher("606")] == ["606", "6061", "6063", "6064", "6068"]
    assert [c.numero for c in pcg.chercher("4456")][:2] == ["4456", "44562"]
    assert [c.numero for c in pcg.chercher("44566000")] == ["44566"]


def test_chercher__par_mots_sans_accents_ni_majuscules():
    fournisseurs = [c.numero for c in pcg.chercher("fournisseur")]
    assert fournisseurs[:2] == ["40", "401"] and "408" in fournisseurs
    for texte in ("tva deductible", "TVA DÉDUCTIBLE", "Tva déductibles"):
        trouves = [c.numero for c in pcg.chercher(texte)]
        assert "44566" in trouves and "44562" in trouves and "44571" not in trouves, texte
    assert [c.numero for c in pcg.chercher("tva collectee")] == ["44571", "44578"]
    assert pcg.chercher("oeuvres sociales")[0].numero == "6474"
    assert [c.numero for c in pcg.chercher("capital souscrit appele verse")][:2] == ["1012", "1013"]


def test_chercher__limite_et_vide():
    assert len(pcg.chercher("compte", limite=3)) == 3
    assert len(pcg.chercher("6", limite=None)) == sum(c.classe == 6 for c in pcg.comptes())
    assert pcg.chercher("") == [] and pcg.chercher("  ") == []
    assert pcg.chercher("transferts de charges") == []
    assert pcg.chercher("999") == []
