"""Fichier des écritures comptables (FEC) : export, import et contrôle du format.

Format de l'article A47 A-1 du livre des procédures fiscales (arrêté du
29 juillet 2013), pris pour l'article L47 A : 18 champs dans l'ordre
(:data:`CHAMPS`), première ligne d'en-tête, séparateur tabulation ou « | »
(unique dans le fichier), dates AAAAMMJJ, montants à virgule décimale sans
séparateur de milliers, nom ``<SIREN>FEC<AAAAMMJJ>`` (date de clôture).
Jeu de caractères : l'export écrit en ISO 8859-15 (prévu par le texte) ;
l'import accepte aussi l'UTF-8. Les contrôles reprennent ceux de l'outil
Test Compta Demat de la DGFiP : chaque manquement est une :class:`Anomalie`
avec son numéro de ligne ; l'import n'enregistre rien si l'une est bloquante.

Le traitement est vectorisé (Arrow) : un FEC d'un million de lignes se lit,
se contrôle et s'écrit en quelques secondes.

Utilisé par B1 (édition des journaux), B2.3 (états et contrôle de fin d'exercice).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import importlib
import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from compta_kernel import pcg
from compta_kernel.erreurs import Anomalie, CompteInconnu, ErreurComptable, FecInvalide

if TYPE_CHECKING:
    import pandas as pd

    from compta_kernel.livre import Livre

CHAMPS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
#: Champs qui ne peuvent pas être vides (A47 A-1 ; CompAux*, EcritureLet, DateLet, devise : facultatifs).
OBLIGATOIRES = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "ValidDate",
)
#: Champs qui vont par paire : l'un rempli, l'autre aussi.
PAIRES = (("CompAuxNum", "CompAuxLib"), ("EcritureLet", "DateLet"), ("Montantdevise", "Idevise"))
CHAMPS_DATE = ("EcritureDate", "PieceDate", "DateLet", "ValidDate")
CHAMPS_MONTANT = ("Debit", "Credit", "Montantdevise")
NOM_FICHIER = re.compile(r"^(\d{9})FEC(\d{8})$")
ENCODAGE_EXPORT = "iso-8859-15"
_MOTIF_MONTANT = r"^-?[0-9]+(,[0-9]{1,2})?$"
_MOTIF_DATE = r"^[0-9]{8}$"
#: Nombre maximal d'anomalies relevées par règle (au-delà, une anomalie de synthèse).
MAX_PAR_REGLE = 200


def nom_fichier(siren: str, cloture: dt.date) -> str:
    """Nom réglementaire du FEC : ``<SIREN>FEC<AAAAMMJJ>.txt`` (date de clôture de l'exercice)."""
    return f"{siren}FEC{cloture:%Y%m%d}.txt"


def _valider_siren(siren: str) -> str:
    from stdnum.exceptions import ValidationError
    from stdnum.fr import siren as stdnum_siren

    try:
        return stdnum_siren.validate(siren)
    except ValidationError as exc:
        raise ErreurComptable(
            f"Le SIREN « {siren} » est invalide : il compte 9 chiffres et respecte la clé de Luhn "
            "(voir l'avis de situation INSEE ou un extrait Kbis).",
            champ="siren",
        ) from exc


# ---------------------------------------------------------------------------- export
_FINS_DE_LIGNE = np.array([ord("\t"), ord("\r"), ord("\n")], dtype=np.uint8)


def _texte(colonne) -> pa.Array:
    """Colonne texte sans tabulation ni fin de ligne (qui casseraient le fichier)."""
    tableau = pa.array(colonne, type=pa.string(), from_pandas=True)
    if isinstance(tableau, pa.ChunkedArray):  # colonne pandas adossée à Arrow, en plusieurs morceaux
        tableau = tableau.combine_chunks()
    tableau = pc.fill_null(tableau, "")
    donnees = tableau.buffers()[2]
    if donnees is not None and np.isin(np.frombuffer(donnees, dtype=np.uint8), _FINS_DE_LIGNE).any():
        tableau = pc.replace_substring_regex(tableau, r"[\t\r\n]", " ")
    return tableau


def _montants(centimes: np.ndarray, nuls: np.ndarray | None = None) -> pa.Array:
    """« 1234,56 » à partir de centimes entiers, vectorisé ; ``""`` là où ``nuls`` est vrai."""
    absolu = np.abs(centimes)
    entiers = pc.cast(pa.array(absolu // 100), pa.string())
    if (centimes < 0).any():
        entiers = pc.binary_join_element_wise(pa.array(np.where(centimes < 0, "-", "")), entiers, "")
    decimales = pc.utf8_lpad(pc.cast(pa.array(absolu % 100), pa.string()), 2, "0")
    texte = pc.binary_join_element_wise(entiers, decimales, ",")
    if nuls is not None and nuls.any():
        texte = pc.if_else(pa.array(nuls), "", texte)
    return texte


def _dates(serie: pd.Series) -> pa.Array:
    """Dates AAAAMMJJ (vide si absente) ; chaque date distincte n'est mise en forme qu'une fois."""
    jours = serie.to_numpy(dtype="datetime64[D]")
    distinctes, rangs = np.unique(jours, return_inverse=True)
    textes = pa.array(
        ["" if np.isnat(j) else j.item().strftime("%Y%m%d") for j in distinctes], type=pa.string()
    )
    return textes.take(pa.array(rangs.astype(np.int64)))


def _par_categorie(serie: pd.Series, libelle=str) -> pa.Array:
    """Colonne d'une catégorie (code ou libellé associé), mise en forme sur les seules valeurs distinctes."""
    valeurs = _texte([libelle(str(c)) for c in serie.cat.categories] or [""])
    return valeurs.take(pa.array(serie.cat.codes.to_numpy().astype(np.int64)))


def colonnes_fec(livre: Livre) -> dict[str, pa.Array]:
    """Les 18 colonnes du FEC d'un livre, en texte, dans l'ordre de validation des écritures."""
    table = livre.table()
    devise = table["montant_devise"]
    return {
        "JournalCode": _par_categorie(table["journal"]),
        "JournalLib": _par_categorie(table["journal"], lambda c: livre.journaux.get(c, c)),
        "EcritureNum": _texte(table["numero"]),
        "EcritureDate": _dates(table["date"]),
        "CompteNum": _par_categorie(table["compte"]),
        "CompteLib": _par_categorie(table["compte"], livre.libelle_compte),
        "CompAuxNum": _par_categorie(table["tiers"]),
        "CompAuxLib": _par_categorie(table["tiers"], lambda t: livre.libelle_tiers(t) if t else ""),
        "PieceRef": _texte(table["piece"]),
        "PieceDate": _dates(table["date_piece"]),
        "EcritureLib": _texte(table["libelle"]),
        "Debit": _montants(table["debit"].to_numpy(np.int64)),
        "Credit": _montants(table["credit"].to_numpy(np.int64)),
        "EcritureLet": _texte(table["lettrage"]),
        "DateLet": _dates(table["date_lettrage"]),
        "ValidDate": _dates(table["date_validation"]),
        "Montantdevise": _montants(devise.fillna(0).to_numpy(np.int64), devise.isna().to_numpy()),
        "Idevise": _texte(table["devise"]),
    }


def exporter(livre: Livre, chemin: str | Path, siren: str, *, separateur: str = "\t") -> Path:
    """Écrit le FEC d'un livre.

    Args:
        livre: le livre de l'exercice.
        chemin: un dossier (le fichier y prend son nom réglementaire
            ``<SIREN>FEC<AAAAMMJJ>.txt``) ou le chemin complet du fichier.
        siren: SIREN de l'entreprise (9 chiffres, clé de Luhn contrôlée).
        separateur: tabulation (par défaut) ou « | ».

    Returns:
        le chemin du fichier écrit (ISO 8859-15, fins de ligne CRLF).
    """
    siren = _valider_siren(siren)
    if separateur not in ("\t", "|"):
        raise ErreurComptable("Le séparateur d'un FEC est la tabulation ou la barre verticale « | ».")
    chemin = Path(chemin)
    if chemin.is_dir():
        chemin = chemin / nom_fichier(siren, livre.fin)
    colonnes = list(colonnes_fec(livre).values())
    if separateur == "|":
        colonnes = [pc.replace_substring(c, "|", "/") for c in colonnes]
    lignes = pc.binary_join_element_wise(*colonnes, "", separateur)  # "" final : séparateur en fin de ligne
    lignes = pc.utf8_replace_slice(lignes, -1, 2**31 - 1, "\r\n")  # qu'on remplace par CRLF
    positions = np.frombuffer(lignes.buffers()[1], dtype=np.int32)[
        lignes.offset : lignes.offset + len(lignes) + 1
    ]
    corps = lignes.buffers()[2].to_pybytes()[positions[0] : positions[-1]] if len(lignes) else b""
    entete = (separateur.join(CHAMPS) + "\r\n").encode("ascii")
    if not corps.isascii():
        corps = corps.decode("utf-8").encode(ENCODAGE_EXPORT, errors="replace")
    with chemin.open("wb") as fichier:
        fichier.write(entete)
        fichier.write(corps)
    return chemin


# ---------------------------------------------------------------------------- import
class _Lecture:
    """Résultat d'une lecture de FEC : colonnes Arrow, numéros de ligne, anomalies."""

    def __init__(self) -> None:
        self.anomalies: list[Anomalie] = []
        self.colonnes: dict[str, pa.Array] = {}
        self.lignes: np.ndarray = np.array([], dtype=np.int64)
        self.dates: dict[str, pa.Array] = {}
        self.centimes: dict[str, np.ndarray] = {}
        self.codes_ecritures: tuple[np.ndarray, int] | None = None
        self.debut: dt.date | None = None
        self.fin: dt.date | None = None

    def relever(self, masque, champ: str, message: str, *, bloquante: bool = True) -> None:
        """Ajoute une anomalie par ligne où ``masque`` est vrai (au plus :data:`MAX_PAR_REGLE`)."""
        indices = np.flatnonzero(np.asarray(masque, dtype=bool))
        for i in indices[:MAX_PAR_REGLE]:
            self.anomalies.append(Anomalie(int(self.lignes[i]), champ, message, bloquante))
        if len(indices) > MAX_PAR_REGLE:
            self.anomalies.append(
                Anomalie(
                    int(self.lignes[indices[MAX_PAR_REGLE]]),
                    champ,
                    f"{message} (et {len(indices) - MAX_PAR_REGLE} autres lignes dans ce cas)",
                    bloquante,
                )
            )

    @property
    def bloquantes(self) -> list[Anomalie]:
        return [a for a in self.anomalies if a.bloquante]


def _en_parallele(fonction: Callable, elements: Iterable) -> list:
    """``[fonction(e) for e in elements]`` sur les cœurs de la machine.

    Les traitements de colonnes (Arrow, NumPy) libèrent le verrou global de Python :
    deux colonnes se traitent en même temps sur deux cœurs.
    """
    elements = list(elements)
    coeurs = min(len(elements), os.cpu_count() or 1)
    if coeurs <= 1:
        return [fonction(e) for e in elements]
    with ThreadPoolExecutor(coeurs) as executeur:
        return list(executeur.map(fonction, elements))


# Octets où ISO 8859-15 diffère de Latin-1 (€, Š, š, Ž, ž, Œ, œ, Ÿ).
_LATIN9 = {0xA4: "€", 0xA6: "Š", 0xA8: "š", 0xB4: "Ž", 0xB8: "ž", 0xBC: "Œ", 0xBD: "œ", 0xBE: "Ÿ"}


def _latin9(octets: bytes) -> str:
    return octets.decode("latin-1").translate(_LATIN9)


ENCODAGES = ("utf-8", "iso-8859-15")
#: Colonnes à peu de valeurs distinctes : gardées encodées en dictionnaire (valeurs distinctes + indices).
EN_DICTIONNAIRE = (
    "JournalCode", "JournalLib", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib",
    "EcritureDate", "PieceDate", "DateLet", "ValidDate",
)  # fmt: skip


def _positions(colonne: pa.Array) -> np.ndarray:
    """Positions (int32) de début des valeurs d'une colonne texte ou binaire, plus la fin de la dernière."""
    n = len(colonne)
    return np.frombuffer(colonne.buffers()[1], dtype=np.int32)[colonne.offset : colonne.offset + n + 1]


def _bordee_d_espaces(colonne: pa.Array) -> bool:
    """Vrai si une valeur de la colonne (en octets) commence ou finit par une espace (lecture du tampon).

    Sans masque : le début d'une valeur vide est celui de la suivante et sa fin celle de la
    précédente ; on ne lit ainsi que de vrais débuts et de vraies fins de valeurs.
    """
    if pa.types.is_dictionary(colonne.type):
        return _bordee_d_espaces(colonne.dictionary)
    if not len(colonne) or colonne.buffers()[2] is None:
        return False
    positions = _positions(colonne)
    octets = np.frombuffer(colonne.buffers()[2], dtype=np.uint8)[: positions[-1]]
    if positions[-1] == positions[0]:
        return False
    espace = ord(" ")
    debuts = np.minimum(positions[:-1], positions[-1] - 1)
    fins = np.maximum(positions[1:] - 1, positions[0])
    return bool((octets[debuts] == espace).any() or (octets[fins] == espace).any())


def _rogner(colonne: pa.Array) -> pa.Array:
    """Retire les espaces au début et à la fin de chaque valeur (octets)."""
    if pa.types.is_dictionary(colonne.type):  # deux valeurs peuvent devenir égales : on réencode
        return pc.dictionary_encode(_rogner(colonne.dictionary).take(colonne.indices))
    return pc.ascii_trim(colonne.view(pa.string()), " ").view(pa.binary())  # octet par octet, sans décoder


def _distinctes(colonne: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Indices et valeurs distinctes d'une colonne (déjà en dictionnaire ou non)."""
    if not pa.types.is_dictionary(colonne.type):
        colonne = pc.dictionary_encode(colonne)
    return colonne.indices.to_numpy(zero_copy_only=False), colonne.dictionary


def _en_texte(colonnes: dict[str, pa.ChunkedArray], encodage: str | None) -> dict[str, pa.Array]:
    """Colonnes lues en octets (par blocs) → colonnes de texte d'un seul tenant.

    Sans encodage indiqué, le fichier est en UTF-8 si toutes ses colonnes sont de
    l'UTF-8 valide, sinon en ISO 8859-15 (cas des fichiers écrits par :func:`exporter`).
    Un texte ISO 8859-15 qui serait aussi de l'UTF-8 valide (« Ã© ») est ambigu :
    indiquez alors l'encodage. Les colonnes sont traitées en parallèle, et les blocs
    lus convertis un à un puis recollés : la colonne n'est copiée qu'une fois.
    """
    noms = list(colonnes)

    def preparer(nom: str) -> pa.Array | list[pa.Array]:
        colonne = colonnes[nom]
        if pa.types.is_dictionary(colonne.type) or nom in EN_DICTIONNAIRE:
            colonne = colonne.combine_chunks()  # les indices seulement (dictionnaires déjà unifiés)
            if _bordee_d_espaces(colonne):  # rare : « 411 », « 120,00 » tapés avec des espaces
                colonne = _rogner(colonne)
            if not pa.types.is_dictionary(colonne.type):
                colonne = pc.dictionary_encode(colonne)
            return colonne
        blocs = [m for bloc in colonne.chunks for m in _morceaux(bloc)] or [pa.array([], pa.binary())]
        return [_rogner(bloc) if _bordee_d_espaces(bloc) else bloc for bloc in blocs]

    colonnes = dict(zip(noms, _en_parallele(preparer, noms), strict=True))

    def utf8(colonne: pa.Array) -> pa.Array:
        return pc.cast(colonne, pa.string())

    def tout_convertir(en_texte) -> dict[str, pa.Array]:
        # Une colonne en dictionnaire : seules ses valeurs distinctes sont converties. Une grande
        # colonne (les libellés) : par morceaux, répartis sur les cœurs avec les autres colonnes ;
        # les tableaux temporaires de la conversion restent à la taille d'un morceau.
        morceaux = []
        for nom in noms:
            colonne = colonnes[nom]
            if isinstance(colonne, list):
                morceaux.extend((nom, morceau) for morceau in colonne)
            else:
                morceaux.append((nom, colonne.dictionary))
        convertis = _en_parallele(lambda m: en_texte(m[1]), morceaux)
        parties: dict[str, list[pa.Array]] = {nom: [] for nom in noms}
        for (nom, _), converti in zip(morceaux, convertis, strict=True):
            parties[nom].append(converti)
        resultat = {}
        for nom in noms:
            colonne = colonnes[nom]
            if isinstance(colonne, list):
                resultat[nom] = parties[nom][0] if len(parties[nom]) == 1 else pa.concat_arrays(parties[nom])
            else:
                resultat[nom] = pa.DictionaryArray.from_arrays(colonne.indices, parties[nom][0])
        return resultat

    if encodage is None:
        try:
            return tout_convertir(utf8)
        except pa.ArrowInvalid:
            encodage = "iso-8859-15"
    return tout_convertir(utf8 if encodage == "utf-8" else _latin9_vers_utf8)


#: Taille (octets de texte) au-delà de laquelle un bloc lu se convertit par morceaux.
TAILLE_MORCEAU = 1 << 23


def _morceaux(colonne: pa.Array) -> list[pa.Array]:
    """Tranches consécutives d'une colonne texte ou binaire, d'environ :data:`TAILLE_MORCEAU` octets."""
    if len(colonne) < 2 or colonne.buffers()[2] is None:
        return [colonne]
    positions = _positions(colonne)
    taille = int(positions[-1]) - int(positions[0])
    nombre = -(-taille // TAILLE_MORCEAU)
    if nombre <= 1:
        return [colonne]
    bornes = np.searchsorted(positions, positions[0] + np.arange(1, nombre) * (taille // nombre))
    bornes = [0, *np.unique(np.clip(bornes, 1, len(colonne) - 1)).tolist(), len(colonne)]
    return [colonne.slice(a, b - a) for a, b in itertools.pairwise(bornes)]


# Octets UTF-8 (1 à 3, complétés par des zéros) et largeur de chaque octet ISO 8859-15.
_UTF8_DE_LATIN9 = [bytes([o]).decode("iso-8859-15").encode("utf-8") for o in range(256)]
_LARGEUR_UTF8 = np.array([len(u) for u in _UTF8_DE_LATIN9], dtype=np.int64)
_OCTETS_UTF8 = np.array([list(u.ljust(3, b"\0")) for u in _UTF8_DE_LATIN9], dtype=np.uint8)


def _latin9_vers_utf8(colonne: pa.Array) -> pa.Array:
    """Transcode une colonne d'octets ISO 8859-15 en texte UTF-8, d'un bloc, avec NumPy.

    Le tampon de données (toutes les valeurs bout à bout) est transcodé en une fois ;
    chaque octet non ASCII devient deux octets UTF-8 (trois pour « € ») : les octets
    suivants et les positions des valeurs sont décalés d'autant. Les opérations NumPy
    libèrent le verrou global : plusieurs colonnes se transcodent en parallèle.
    """
    n = len(colonne)
    if colonne.buffers()[2] is None:
        return pc.cast(colonne, pa.string())
    positions = _positions(colonne)
    octets = np.frombuffer(colonne.buffers()[2], dtype=np.uint8)[positions[0] : positions[-1]]
    positions = positions.astype(np.int64) - positions[0]
    hauts = np.flatnonzero(octets >= 0x80)
    if not len(hauts):  # ASCII : déjà de l'UTF-8, les tampons servent tels quels
        return pa.Array.from_buffers(
            pa.string(), n, [None, pa.py_buffer(positions.astype(np.int32)), pa.py_buffer(octets)]
        )
    codes = octets[hauts]
    largeurs = _LARGEUR_UTF8[codes]
    ajouts = np.concatenate([[0], np.cumsum(largeurs - 1)])  # octets ajoutés avant chaque octet haut
    debuts = hauts + ajouts[:-1]  # place du premier octet UTF-8 de chaque octet haut
    sortie = np.empty(len(octets) + int(ajouts[-1]), dtype=np.uint8)
    ajoutes = np.zeros(len(sortie), dtype=bool)
    ajoutes[debuts + 1] = True
    ajoutes[(debuts + 2)[largeurs == 3]] = True
    sortie[~ajoutes] = octets
    sortie[debuts] = _OCTETS_UTF8[codes, 0]
    sortie[debuts + 1] = _OCTETS_UTF8[codes, 1]
    trois = largeurs == 3
    sortie[debuts[trois] + 2] = _OCTETS_UTF8[codes[trois], 2]
    nouvelles = (positions + ajouts[np.searchsorted(hauts, positions)]).astype(np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(nouvelles), pa.py_buffer(sortie)])


def _vides(colonne: pa.Array) -> np.ndarray:
    if pa.types.is_dictionary(colonne.type):
        indices, distinctes = _distinctes(colonne)
        return _vides(distinctes)[indices] if len(distinctes) else np.zeros(len(indices), dtype=bool)
    if not len(colonne):
        return np.zeros(0, dtype=bool)
    positions = _positions(colonne)
    return positions[1:] == positions[:-1]


#: Nombre maximal de chiffres d'un montant du FEC (le montant en centimes tient dans 64 bits).
MAX_CHIFFRES_MONTANT = 15


def _lire_montants(texte: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Montants d'une colonne : masque des valeurs correctes et centimes entiers (0 ailleurs).

    Une valeur correcte suit :data:`_MOTIF_MONTANT` (un « - » initial facultatif, des
    chiffres, au plus une virgule suivie d'un ou deux chiffres) et compte au plus
    :data:`MAX_CHIFFRES_MONTANT` chiffres. Contrôle et conversion lisent le tampon d'octets,
    sans expression régulière ni décimaux : on compte les octets qui ne sont pas des
    chiffres de chaque valeur, on lit la place de la virgule, et les chiffres sans la
    virgule forment un entier mis à l'échelle du centime.
    """
    n = len(texte)
    if not n or texte.buffers()[2] is None or _positions(texte)[-1] == _positions(texte)[0]:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64)
    positions = _positions(texte).astype(np.int64)
    debuts, fins = positions[:-1], positions[1:]
    octets = np.frombuffer(texte.buffers()[2], dtype=np.uint8)[: positions[-1]]
    longueurs = fins - debuts
    chiffre = (octets >= ord("0")) & (octets <= ord("9"))
    cumul = np.zeros(len(octets) + 1, dtype=np.int32)
    np.cumsum(~chiffre, dtype=np.int32, out=cumul[1:])
    autres = cumul[fins] - cumul[debuts]  # octets qui ne sont pas des chiffres, par valeur

    def octet(indices: np.ndarray) -> np.ndarray:
        return octets[np.clip(indices, positions[0], positions[-1] - 1)]

    signe = ((longueurs > 0) & (octet(debuts) == ord("-"))).astype(np.int64)
    deux = (longueurs >= 3) & (octet(fins - 3) == ord(","))
    une = ~deux & (longueurs >= 2) & (octet(fins - 2) == ord(","))
    virgule = deux | une
    chiffres = longueurs - signe - virgule
    correct = (
        (autres == signe + virgule)
        & (longueurs - signe - np.where(deux, 3, np.where(une, 2, 0)) >= 1)  # un chiffre avant la virgule
        & (chiffres <= MAX_CHIFFRES_MONTANT)
    )
    propre = pc.if_else(pa.array(correct), texte, "0") if not correct.all() else texte
    entiers = pc.cast(pc.replace_substring(propre, ",", ""), pa.int64()).to_numpy(zero_copy_only=False)
    return correct, entiers * np.where(deux, 1, np.where(une, 10, 100))


def _lire_dates(colonne: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Dates AAAAMMJJ d'une colonne : masque des dates valides et valeurs ``datetime64[s]`` (NaT sinon).

    Une colonne de dates n'a que quelques centaines de valeurs distinctes : chacune
    est contrôlée une fois (calendrier réel, années 1900 à 2099, comme Test Compta
    Demat), puis le résultat est reporté sur toutes les lignes.
    """
    indices, dictionnaire = _distinctes(colonne)
    distinctes = dictionnaire.to_pylist()
    valeurs = np.full(len(distinctes), np.datetime64("NaT"), dtype="datetime64[s]")
    for i, texte in enumerate(distinctes):
        if len(texte) == 8 and texte.isascii() and texte.isdigit() and 1900 <= int(texte[:4]) <= 2099:
            try:
                valeurs[i] = np.datetime64(dt.date(int(texte[:4]), int(texte[4:6]), int(texte[6:])), "s")
            except ValueError:
                continue
    dates = valeurs[indices] if len(distinctes) else valeurs
    return ~np.isnat(dates), dates


def _lire_fichier(chemin: Path, encodage: str | None = None) -> _Lecture:
    lecture = _Lecture()
    if not chemin.exists():
        raise FecInvalide(chemin.name, [Anomalie(0, "", f"le fichier {chemin} n'existe pas.")])
    with chemin.open("rb") as fichier:
        debut_fichier = fichier.read(1 << 16)
    if debut_fichier.startswith(b"\xef\xbb\xbf"):
        debut_fichier = debut_fichier[3:]
    fin_entete = debut_fichier.find(b"\n")
    entete = _latin9(debut_fichier[: fin_entete if fin_entete >= 0 else len(debut_fichier)].rstrip(b"\r"))
    if not entete.strip():
        raise FecInvalide(
            chemin.name, [Anomalie(1, "", "le fichier est vide ou sa première ligne (l'en-tête) est vide.")]
        )
    separateur = "\t" if "\t" in entete else "|" if "|" in entete else None
    if separateur is None:
        sep = ";" if ";" in entete else "," if "," in entete else "?"
        raise FecInvalide(
            chemin.name,
            [
                Anomalie(
                    1, "", f"séparateur « {sep} » refusé : le FEC utilise la tabulation ou « | » (A47 A-1)."
                )
            ],
        )
    noms = [n.strip() for n in entete.split(separateur)]
    if noms[: len(CHAMPS)] != list(CHAMPS) or len(noms) != len(CHAMPS):
        manquants = [c for c in CHAMPS if c not in noms]
        detail = (
            f"champs absents : {', '.join(manquants)}"
            if manquants
            else "ordre ou nombre des champs différent"
        )
        raise FecInvalide(
            chemin.name,
            [Anomalie(1, "", f"l'en-tête doit être les 18 champs de l'A47 A-1 dans l'ordre ({detail}).")],
        )
    rejetees: list[tuple[int | None, str, int]] = []

    def rejeter(ligne) -> str:
        rejetees.append((ligne.number, ligne.text, ligne.actual_columns))
        return "skip"

    with pa.memory_map(str(chemin)) as source:
        table = _lire_csv(source, separateur, rejeter)
    n = table.num_rows
    if rejetees:
        numeros = _numeros_rejetes(chemin.read_bytes(), separateur)
        for numero, nb in numeros[:MAX_PAR_REGLE]:
            message = "ligne vide" if nb <= 1 else f"{nb} champs au lieu de {len(CHAMPS)}"
            lecture.anomalies.append(
                Anomalie(numero, "", message + " : chaque ligne a les 18 champs de l'en-tête.")
            )
        exclues = np.array([num for num, _ in numeros], dtype=np.int64)
        toutes = np.arange(2, n + len(exclues) + 2, dtype=np.int64)
        lecture.lignes = np.setdiff1d(toutes, exclues)[:n]
    else:
        lecture.lignes = np.arange(2, n + 2, dtype=np.int64)
    table = table.unify_dictionaries()  # un dictionnaire par colonne, commun à tous les blocs lus
    brutes = {champ: table.column(champ) for champ in CHAMPS}
    del table
    lecture.colonnes = _en_texte(brutes, encodage)
    del brutes
    _controler(lecture)
    return lecture


def _lire_csv(source: pa.MemoryMappedFile, separateur: str, rejeter: Callable) -> pa.Table:
    """Lit les lignes du FEC (après l'en-tête) en colonnes d'octets, à l'aide d'Arrow.

    Le fichier est projeté en mémoire : Arrow découpe et analyse ses blocs sur tous les
    cœurs sans en faire de copie ; les lignes qui n'ont pas 18 champs passent par ``rejeter``.
    """
    return pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(column_names=list(CHAMPS), skip_rows=1, block_size=1 << 23),
        parse_options=pacsv.ParseOptions(
            delimiter=separateur,
            quote_char=False,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
            invalid_row_handler=rejeter,
        ),
        convert_options=pacsv.ConvertOptions(
            # colonnes à peu de valeurs distinctes encodées en dictionnaire dès la lecture (en parallèle)
            column_types={
                c: pa.dictionary(pa.int32(), pa.binary()) if c in EN_DICTIONNAIRE else pa.binary()
                for c in CHAMPS
            },
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _numeros_rejetes(contenu: bytes, separateur: str) -> list[tuple[int, int]]:
    """Numéros de ligne (et nombre de champs) des lignes qui n'ont pas 18 champs (chemin lent, rare)."""
    resultat = []
    sep = separateur.encode()
    lignes = contenu.split(b"\n")
    if lignes and lignes[-1] == b"":
        lignes.pop()
    for numero, ligne in enumerate(lignes[1:], start=2):
        ligne = ligne.rstrip(b"\r")
        nb = 0 if not ligne.strip() else ligne.count(sep) + 1
        if nb != len(CHAMPS):
            resultat.append((numero, nb))
    return resultat


def _controler(lecture: _Lecture) -> None:
    """Contrôles de format et de cohérence, colonne par colonne (vectorisés)."""
    col = lecture.colonnes
    vides = {c: _vides(col[c]) for c in CHAMPS}
    for champ in OBLIGATOIRES:
        lecture.relever(vides[champ], champ, f"le champ obligatoire {champ} est vide.")
    for a, b in PAIRES:
        lecture.relever(
            vides[a] != vides[b], f"{a}/{b}", f"{a} et {b} sont remplis ensemble ou laissés vides ensemble."
        )
    # Les lectures de dates et de montants, colonne par colonne, se font en parallèle.
    lus = dict(
        zip(
            CHAMPS_DATE + CHAMPS_MONTANT,
            _en_parallele(
                lambda c: _lire_dates(col[c]) if c in CHAMPS_DATE else _lire_montants(col[c]),
                CHAMPS_DATE + CHAMPS_MONTANT,
            ),
            strict=True,
        )
    )
    for champ in CHAMPS_DATE:
        valide, dates = lus[champ]
        lecture.relever(
            ~vides[champ] & ~valide,
            champ,
            f"date invalide dans {champ} : format AAAAMMJJ attendu, date du calendrier entre 1900 et 2099 "
            "(par exemple 20261231).",
        )
        lecture.dates[champ] = dates
    for champ in CHAMPS_MONTANT:
        correct, centimes = lus[champ]
        mauvais = np.flatnonzero(~correct & ~vides[champ])
        point = np.zeros(len(correct), dtype=bool)
        if len(mauvais):  # rare : on ne cherche le point que dans les montants refusés
            point[mauvais] = pc.match_substring(col[champ].take(pa.array(mauvais)), ".").to_numpy(
                zero_copy_only=False
            )
        lecture.relever(
            point,
            champ,
            f"montant {champ} avec un point : le FEC s'écrit avec la virgule décimale, sans séparateur de milliers (1234,56).",
        )
        lecture.relever(
            ~correct & ~vides[champ] & ~point,
            champ,
            f"montant {champ} illisible : chiffres, virgule décimale, deux décimales au plus, "
            f"{MAX_CHIFFRES_MONTANT} chiffres au plus (1234,56).",
        )
        lecture.centimes[champ] = centimes
    debit, credit = lecture.centimes["Debit"], lecture.centimes["Credit"]
    lecture.relever(
        (debit < 0) | (credit < 0),
        "Debit/Credit",
        "montant négatif : portez-le en positif dans l'autre colonne.",
    )
    lecture.relever(
        (debit != 0) & (credit != 0),
        "Debit/Credit",
        "la ligne a un débit et un crédit : une ligne est au débit ou au crédit.",
    )
    lecture.relever(
        (debit == 0) & (credit == 0) & ~vides["Debit"],
        "Debit/Credit",
        "ligne sans montant (débit et crédit nuls).",
    )
    _controler_comptes(lecture)
    _controler_ecritures(lecture, debit - credit)


def _controler_comptes(lecture: _Lecture) -> None:
    comptes = lecture.colonnes["CompteNum"]
    indices, dictionnaire = _distinctes(comptes)
    numeros = dictionnaire.to_pylist()
    mal_formes = np.array([bool(n) and not re.match(r"^[0-9]{3}", n) for n in numeros] or [False])
    lecture.relever(
        mal_formes[indices] if len(numeros) else np.zeros(len(indices), dtype=bool),
        "CompteNum",
        "le numéro de compte commence par au moins trois chiffres du plan comptable général.",
    )
    for code, numero in enumerate(numeros):
        if not re.match(r"^[0-9]{3}", numero):
            continue
        try:
            pcg.compte(numero)
        except CompteInconnu as exc:
            lecture.relever(indices == code, "CompteNum", exc.message)


def _codes_ecritures(lecture: _Lecture) -> tuple[np.ndarray, int]:
    """Numéro d'ordre de l'écriture (journal + numéro) de chaque ligne, dans l'ordre d'apparition."""
    if lecture.codes_ecritures is None:
        col = lecture.colonnes
        journaux = _distinctes(col["JournalCode"])[0].astype(np.int64)
        numeros = col["EcritureNum"]
        n = len(numeros)
        # Cas normal : les lignes d'une écriture se suivent. Les débuts d'écriture se lisent alors
        # en comparant chaque ligne à la précédente, sans hacher le million de numéros.
        change = np.ones(n, dtype=bool)
        if n > 1:
            change[1:] = pc.not_equal(numeros.slice(1), numeros.slice(0, n - 1)).to_numpy(
                zero_copy_only=False
            )
            change[1:] |= journaux[1:] != journaux[:-1]
        debuts = np.flatnonzero(change)
        # Chaque numéro ne commence qu'une suite de lignes : les écritures sont d'un seul tenant.
        if len(pc.unique(numeros.take(pa.array(debuts)))) == len(debuts):
            lecture.codes_ecritures = (np.cumsum(change) - 1, len(debuts))
        else:
            import pandas as pd

            rangs = pc.dictionary_encode(numeros).indices.to_numpy(zero_copy_only=False).astype(np.int64)
            codes, distinctes = pd.factorize(rangs * (int(journaux.max()) + 1) + journaux)
            lecture.codes_ecritures = (codes.astype(np.int64), len(distinctes))
    return lecture.codes_ecritures


def _par_ecriture(codes: np.ndarray, nb: int, valeurs: np.ndarray, operation: np.ufunc) -> np.ndarray:
    """Agrège une valeur par écriture ; rapide quand chaque écriture est d'un seul tenant (cas normal)."""
    debuts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    if len(debuts) == nb:
        agregat = np.empty(nb, dtype=valeurs.dtype)
        agregat[codes[debuts]] = operation.reduceat(valeurs, debuts)
        return agregat
    neutre = {np.add: 0, np.minimum: np.iinfo(np.int64).max, np.maximum: np.iinfo(np.int64).min}[operation]
    agregat = np.full(nb, neutre, dtype=valeurs.dtype)
    operation.at(agregat, codes, valeurs)
    return agregat


def _controler_ecritures(lecture: _Lecture, soldes: np.ndarray) -> None:
    """Chaque écriture (journal + numéro) est équilibrée et d'une seule date."""
    codes, nb = _codes_ecritures(lecture)
    if not len(codes):
        return
    premiere = _premiere_occurrence(codes, nb)
    totaux = _par_ecriture(codes, nb, soldes, np.add)
    lecture.relever(
        (totaux[codes] != 0) & premiere,
        "Debit/Credit",
        "écriture déséquilibrée : le total des débits de l'écriture (même JournalCode et EcritureNum) "
        "diffère du total de ses crédits.",
    )
    jours = lecture.dates["EcritureDate"]
    dates = np.where(np.isnat(jours), np.iinfo(np.int64).min, jours.astype(np.int64))
    minimum = _par_ecriture(codes, nb, dates, np.minimum)
    maximum = _par_ecriture(codes, nb, dates, np.maximum)
    lecture.relever(
        (minimum[codes] != maximum[codes]) & premiere,
        "EcritureDate",
        "les lignes d'une même écriture portent des dates différentes.",
    )


def _premiere_occurrence(codes: np.ndarray, nb: int) -> np.ndarray:
    """Masque des lignes qui sont la première de leur code."""
    premiere = np.empty(nb, dtype=np.int64)
    premiere[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    masque = np.zeros(len(codes), dtype=bool)
    masque[premiere] = True
    return masque


def _bornes(
    chemin: Path, lecture: _Lecture, debut: dt.date | None, fin: dt.date | None
) -> tuple[dt.date, dt.date]:
    dates = lecture.dates["EcritureDate"]
    valides = dates[~np.isnat(dates)]
    m = NOM_FICHIER.match(chemin.stem)
    if fin is None and m:
        try:
            fin = dt.datetime.strptime(m.group(2), "%Y%m%d").date()
        except ValueError:
            fin = None
    if fin is None:
        fin = valides.max().astype("datetime64[D]").item() if len(valides) else dt.date.today()
    if debut is None:
        debut = _ouverture_douze_mois(fin)
        if len(valides):
            debut = min(debut, valides.min().astype("datetime64[D]").item().replace(day=1))
    return debut, fin


def _ouverture_douze_mois(fin: dt.date) -> dt.date:
    """Ouverture d'un exercice de douze mois clos le ``fin``."""
    lendemain = fin + dt.timedelta(days=1)
    try:
        return lendemain.replace(year=lendemain.year - 1)
    except ValueError:  # 29 février
        return dt.date(lendemain.year - 1, 3, 1)


def _controler_nom(chemin: Path, lecture: _Lecture) -> None:
    m = NOM_FICHIER.match(chemin.stem)
    if not m:
        lecture.anomalies.append(
            Anomalie(
                0,
                "",
                f"nom de fichier « {chemin.name} » : le nom réglementaire est <SIREN>FEC<AAAAMMJJ>.",
                False,
            )
        )
        return
    from stdnum.fr import siren as stdnum_siren

    if not stdnum_siren.is_valid(m.group(1)):
        lecture.anomalies.append(
            Anomalie(0, "", f"le SIREN {m.group(1)} du nom de fichier est invalide.", False)
        )


def valider(
    chemin: str | Path,
    *,
    debut: dt.date | None = None,
    fin: dt.date | None = None,
    encodage: str | None = None,
) -> list[Anomalie]:
    """Contrôle un FEC et renvoie toutes ses anomalies (vide si le fichier est conforme).

    Les anomalies bloquantes empêchent l'import ; les alertes (nom de fichier,
    libellés de compte incohérents) sont à examiner.
    """
    chemin = Path(chemin)
    try:
        lecture = _lire_fichier(chemin, encodage)
    except FecInvalide as exc:
        return list(exc.anomalies)
    _controler_nom(chemin, lecture)
    debut, fin = _bornes(chemin, lecture, debut, fin)
    _controler_exercice(lecture, debut, fin)
    return sorted(lecture.anomalies, key=lambda a: a.ligne)


def _controler_exercice(lecture: _Lecture, debut: dt.date, fin: dt.date) -> None:
    dates = lecture.dates["EcritureDate"]
    hors = (dates < np.datetime64(debut, "s")) | (dates > np.datetime64(fin, "s"))
    lecture.relever(
        hors,
        "EcritureDate",
        f"date hors de l'exercice du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}.",
    )


def importer(
    chemin: str | Path,
    *,
    debut: dt.date | None = None,
    fin: dt.date | None = None,
    encodage: str | None = None,
    classe: type | None = None,
) -> Livre:
    """Lit un FEC, le contrôle entièrement et renvoie le livre de l'exercice.

    Args:
        chemin: le fichier FEC.
        debut, fin: dates de l'exercice ; par défaut la date de clôture vient du
            nom du fichier (ou de la dernière écriture) et l'exercice dure douze mois.
        encodage: ``"utf-8"`` ou ``"iso-8859-15"`` ; par défaut, reconnu (voir :func:`_en_texte`).

    Raises:
        FecInvalide: au moins une anomalie bloquante ; toutes sont listées avec
            leur ligne et rien n'est importé.
    """
    from compta_kernel.livre import Livre

    classe = classe or Livre
    chemin = Path(chemin)
    attendre_pandas = _importer_pandas_en_fond()
    with _lecture_en_masse():
        lecture = _lire_fichier(chemin, encodage)
        debut, fin = _bornes(chemin, lecture, debut, fin)
        _controler_exercice(lecture, debut, fin)
        if lecture.bloquantes:
            raise FecInvalide(chemin.name, sorted(lecture.anomalies, key=lambda a: a.ligne))
        attendre_pandas()
        table, journaux, comptes, tiers = _table_livre(lecture)
        return classe._depuis_table(
            debut, fin, table, journaux=journaux, libelles_comptes=comptes, libelles_tiers=tiers
        )


def _importer_pandas_en_fond() -> Callable[[], None]:
    """Importe pandas dans un fil d'exécution à part, pendant la lecture du fichier.

    La lecture (Arrow) et les contrôles (NumPy) libèrent le verrou global de Python :
    le premier import de pandas (0,4 s environ), nécessaire pour construire le livre,
    se fait pendant ce temps au lieu de s'y ajouter. Renvoie la fonction qui attend la
    fin de l'import, à appeler avant d'utiliser pandas.
    """
    if "pandas" in sys.modules:
        return lambda: None
    fil = threading.Thread(target=importlib.import_module, args=("pandas",), daemon=True)
    fil.start()
    return fil.join


@contextlib.contextmanager
def _lecture_en_masse():
    """Réglages d'une lecture de gros fichier, rétablis ensuite.

    - Allocateur d'Arrow : jemalloc quand pyarrow l'embarque (paquets Linux). Avec
      l'allocateur par défaut (mimalloc), les pages de mémoire neuves sont remises à zéro
      par le système à chaque gros tampon : mesuré sur 1 million de lignes, 1,5 à 1,9 s
      de temps système contre 0,8 s avec jemalloc, et 40 Mo de plus au pic
      (``benchmarks/bench_livre.py``). Les tampons gardent leur allocateur après coup.
      Mesuré : pic de 570 à 610 Mo au lieu de 750 à 820 Mo en gardant la mémoire libérée.
    - Ramasse-miettes de Python suspendu : la lecture crée peu d'objets Python, mais
      l'import de pandas en parallèle déclencherait des passes inutiles.
    """
    precedent = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        # Mémoire libérée rendue aussitôt au système (réglage propre à ce seul allocateur) :
        # la lecture copie chaque colonne (blocs lus → colonne d'un seul tenant → texte) ;
        # gardées en réserve, ces copies porteraient le pic au-delà de 800 Mo (580 Mo sinon).
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # pyarrow construit sans jemalloc : on garde le sien
        pass
    ramasse = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if ramasse:
            gc.enable()
        pa.set_memory_pool(precedent)


def _categorie(colonne: pa.Array, libelles: pa.Array) -> tuple[pd.Categorical, dict[str, str]]:
    """Colonne de codes en catégories triées, et le premier libellé rencontré pour chaque code."""
    import pandas as pd

    indices, distinctes = _distinctes(colonne)
    dictionnaire = distinctes.to_pylist()
    ordre = np.argsort(np.array(dictionnaire, dtype=object), kind="stable")
    rang = np.empty(len(ordre), dtype=np.int64)
    rang[ordre] = np.arange(len(ordre))
    codes = rang[indices] if len(ordre) else np.array([], dtype=np.int64)
    categorie = pd.Categorical.from_codes(codes, categories=[dictionnaire[i] for i in ordre])
    if not len(indices):
        return categorie, {}
    premieres = np.empty(len(dictionnaire), dtype=np.int64)
    premieres[indices[::-1]] = np.arange(len(indices) - 1, -1, -1)
    noms = libelles.take(pa.array(premieres)).to_pylist()
    return categorie, {code: nom for code, nom in zip(dictionnaire, noms, strict=True) if code}


def _table_livre(lecture: _Lecture) -> tuple[pd.DataFrame, dict, dict, dict]:
    import pandas as pd

    col = lecture.colonnes
    ident = _codes_ecritures(lecture)[0].astype(np.int64)
    journaux_cat, journaux = _categorie(col["JournalCode"], col["JournalLib"])
    comptes_cat, comptes = _categorie(col["CompteNum"], col["CompteLib"])
    tiers_cat, tiers = _categorie(col["CompAuxNum"], col["CompAuxLib"])
    devise = lecture.centimes["Montantdevise"]
    table = pd.DataFrame(
        {
            "id_ecriture": ident,
            "journal": journaux_cat,
            "numero": col["EcritureNum"].to_pandas(),
            "date": lecture.dates["EcritureDate"],
            "piece": col["PieceRef"].to_pandas(),
            "date_piece": lecture.dates["PieceDate"],
            "libelle": col["EcritureLib"].to_pandas(),
            "compte": comptes_cat,
            "tiers": tiers_cat,
            "debit": lecture.centimes["Debit"],
            "credit": lecture.centimes["Credit"],
            "echeance": np.full(len(ident), np.datetime64("NaT"), dtype="datetime64[s]"),
            "lettrage": col["EcritureLet"].to_pandas(),
            "date_lettrage": lecture.dates["DateLet"],
            "date_validation": lecture.dates["ValidDate"],
            "montant_devise": pd.arrays.IntegerArray(devise, _vides(col["Montantdevise"])),
            "devise": col["Idevise"].to_pandas(),
        }
    )
    if len(ident) and np.any(np.diff(ident) < 0):
        table = table.iloc[np.argsort(ident, kind="stable")].reset_index(drop=True)
    return table, journaux, comptes, tiers


def formater_anomalies(anomalies: Sequence[Anomalie]) -> str:
    """Rapport texte des anomalies, une par ligne, pour un apprenant ou un formateur."""
    if not anomalies:
        return "Aucune anomalie : le fichier respecte le format de l'article A47 A-1 du LPF."
    return "\n".join(str(a) for a in anomalies)
