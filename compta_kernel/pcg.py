"""Plan comptable général (PCG) 2025 : numéros de comptes, libellés officiels, recherche.

Le module tient la liste des comptes du PCG applicable aux exercices ouverts à
compter du 1er janvier 2025 (règlement ANC n° 2014-03 modifié, notamment par le
règlement ANC n° 2022-06) : classes 1 à 8, de 1 à 6 chiffres, avec leur libellé
officiel. La liste et ses sources sont dans ``donnees/pcg_2025.csv`` ; elle est lue
une seule fois, à la première question posée.

Il sert d'abord l'activité B1.1 (codifier une pièce, imputer une écriture dans le
respect du plan comptable général) : :func:`compte` dit si un numéro saisi existe
et propose des comptes proches sinon, :func:`chercher` retrouve un compte par son
numéro ou par les mots de son libellé. Le livre (:mod:`compta_kernel.livre`) et le
contrôle du FEC (:mod:`compta_kernel.fec`) l'utilisent pour valider chaque compte.

Un numéro saisi est valide s'il est un compte du PCG ou un sous-compte d'un compte
du PCG : « 6071 » (subdivision de 607), « 401DUPONT » ou « 411000123 » (comptes de
tiers), « 44566000 » (forme à 8 chiffres complétée de zéros, qui désigne 44566).

>>> compte("401")
Compte(numero='401', libelle='Fournisseurs')
>>> compte("401 dupont").libelle
'Fournisseurs'
>>> compte("60610000")
Compte(numero='6061', libelle='Fournitures non stockables (eau, énergie, etc.)')
>>> est_valide("791")  # transferts de charges : supprimés en 2025
False
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from compta_kernel.erreurs import CompteInconnu

__all__ = [
    "Compte",
    "chercher",
    "classe",
    "compte",
    "compte_pcg",
    "comptes",
    "est_valide",
    "libelle",
]

FICHIER = "pcg_2025.csv"
"""Nom du fichier de données, dans ``compta_kernel/donnees``."""

# Comme ecritures.normaliser_compte : espaces, tirets, soulignés et points ne comptent pas.
_SEPARATEURS = re.compile(r"[\s\-_.]")
# Au moins deux chiffres (un compte du PCG), puis un suffixe libre (tiers, sous-compte).
_FORME = re.compile(r"([0-9]{2,})([A-Z0-9]*)")
# Lettres tapées à la place d'un chiffre (« 6O6 » pour « 606 »).
_SOSIES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NB_SUGGESTIONS = 5
_MOTS_VIDES = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par", "pour", "sur"}
)
# Comptes supprimés par le règlement ANC n° 2022-06 (exercices ouverts depuis le 1er janvier 2025),
# qu'un apprenant formé sur l'ancien plan tape encore : racine -> (comptes à utiliser, explication).
_SUPPRIMES = {
    "79": (
        ("708", "649", "7587", "481"),
        (
            "les comptes 79 « Transferts de charges » sont supprimés depuis 2025. Selon l'opération, utilisez "
            "708 (refacturations), 649 (remboursements de charges de personnel), 7587 (indemnités d'assurance) "
            "ou 481 (frais d'émission des emprunts)"
        ),
    ),
    "671": (
        ("658", "6582", "672", "678"),
        (
            "le compte 671 « Charges exceptionnelles sur opérations de gestion » est supprimé depuis 2025 : "
            "pénalités et amendes en 658 (6582), charges sur exercices antérieurs en 672, autres en 678"
        ),
    ),
    "675": (
        ("657",),
        (
            "le compte 675 est supprimé depuis 2025 : la valeur comptable des immobilisations cédées "
            "va en 657 (résultat d'exploitation)"
        ),
    ),
    "771": (
        ("758", "772", "778"),
        (
            "le compte 771 « Produits exceptionnels sur opérations de gestion » est supprimé depuis 2025 : "
            "produits divers de gestion en 758, produits sur exercices antérieurs en 772, autres en 778"
        ),
    ),
    "775": (
        ("757",),
        (
            "le compte 775 est supprimé depuis 2025 : le prix de cession des immobilisations va en 757 "
            "(résultat d'exploitation)"
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Compte:
    """Un compte : numéro et libellé.

    Pour un compte du PCG, le libellé est le libellé officiel. Pour un sous-compte
    (« 6071 », « 401DUPONT »), c'est celui du compte du PCG dont il dépend.

    >>> c = compte("4011")
    >>> c.classe, c.nature, c.parent
    (4, 'bilan', '401')
    >>> compte("401DUPONT").parent
    '401'
    """

    numero: str
    libelle: str

    @property
    def classe(self) -> int:
        """Classe du compte, de 1 à 8 (premier chiffre du numéro)."""
        return int(self.numero[0])

    @property
    def nature(self) -> str:
        """``"bilan"`` (classes 1 à 5), ``"gestion"`` (classes 6 et 7) ou ``"speciaux"`` (classe 8)."""
        if self.classe <= 5:
            return "bilan"
        if self.classe <= 7:
            return "gestion"
        return "speciaux"

    @property
    def parent(self) -> str | None:
        """Numéro du compte du PCG immédiatement au-dessus, ou ``None`` pour une classe.

        >>> compte("44566").parent, compte("6").parent
        ('4456', None)
        """
        index = _plan().index
        if self.numero in index:
            for longueur in range(len(self.numero) - 1, 0, -1):
                if self.numero[:longueur] in index:
                    return self.numero[:longueur]
            return None
        forme = _FORME.fullmatch(self.numero)
        return _ancetre(forme[1]) if forme else None

    def __str__(self) -> str:
        return f"{self.numero} {self.libelle}"


class _Plan(NamedTuple):
    comptes: tuple[Compte, ...]
    index: dict[str, Compte]


@functools.cache
def _plan() -> _Plan:
    """Lit ``donnees/pcg_2025.csv`` (une seule fois)."""
    texte = resources.files("compta_kernel").joinpath("donnees", FICHIER).read_text(encoding="utf-8")
    lignes = [ligne for ligne in texte.splitlines() if ligne.strip() and not ligne.startswith("#")]
    assert lignes and lignes[0] == "numero;libelle", f"{FICHIER} : en-tête « numero;libelle » attendu"
    index: dict[str, Compte] = {}
    for ligne in lignes[1:]:
        numero, libelle_officiel = ligne.split(";", 1)
        assert numero.isdigit() and numero not in index, f"{FICHIER} : ligne mal formée {ligne!r}"
        index[numero] = Compte(numero, libelle_officiel)
    return _Plan(tuple(sorted(index.values(), key=lambda c: c.numero)), index)


def _normaliser(numero: object) -> str:
    return _SEPARATEURS.sub("", "" if numero is None else str(numero)).upper()


def _ancetre(chiffres: str) -> str | None:
    """Le plus long préfixe de ``chiffres`` (2 chiffres au moins) qui est un compte du PCG."""
    index = _plan().index
    for longueur in range(len(chiffres), 1, -1):
        if chiffres[:longueur] in index:
            return chiffres[:longueur]
    return None


def _resoudre(numero: object) -> Compte | None:
    n = _normaliser(numero)
    index = _plan().index
    if n in index:
        return index[n]
    forme = _FORME.fullmatch(n)
    if forme is None:
        return None
    chiffres, suffixe = forme.groups()
    ancetre = _ancetre(chiffres)
    if ancetre is None:
        return None
    reste = chiffres[len(ancetre) :]
    if not suffixe and not reste.strip("0"):
        return index[ancetre]  # « 40100000 » : 401 complété de zéros
    return Compte(n, index[ancetre].libelle)


def compte(numero: str) -> Compte:
    """Le compte désigné par un numéro saisi : compte du PCG ou sous-compte d'un compte du PCG.

    Espaces, tirets et points sont ignorés, les lettres mises en majuscules. Un
    numéro complété de zéros (« 40100000 ») désigne le compte du PCG (401). Un
    sous-compte garde son numéro et prend le libellé du compte du PCG dont il dépend.

    >>> compte("6071")
    Compte(numero='6071', libelle='Achats de marchandises')
    >>> compte("411-000123")
    Compte(numero='411000123', libelle='Clients')
    >>> compte("6O6")
    Traceback (most recent call last):
    ...
    compta_kernel.erreurs.CompteInconnu: Le compte « 6O6 » n'existe pas dans le plan comptable général. Comptes proches : 606, 616, 626, 646, 656.

    Raises:
        CompteInconnu: si le numéro ne commence par aucun compte du PCG ; l'erreur
            propose jusqu'à 5 comptes proches (``suggestions``).
    """
    saisi = "" if numero is None else str(numero).strip()
    n = _normaliser(numero)
    for racine, (remplacants, explication) in _SUPPRIMES.items():
        if re.fullmatch(racine + r"[0-9]*", n):
            raise CompteInconnu(
                saisi,
                remplacants,
                message=(
                    f"Le compte « {saisi} » n'existe plus dans le plan comptable général (règlement ANC "
                    f"n° 2022-06) : {explication}."
                ),
            )
    trouve = _resoudre(numero)
    if trouve is not None:
        return trouve
    raise CompteInconnu(saisi, _suggestions(saisi, n))


def compte_pcg(numero: str) -> Compte:
    """Le compte du PCG auquel appartient un numéro : lui-même, ou son ancêtre le plus proche.

    >>> compte_pcg("401DUPONT")
    Compte(numero='401', libelle='Fournisseurs')
    >>> compte_pcg("44566").numero
    '44566'

    Raises:
        CompteInconnu: comme :func:`compte`.
    """
    trouve = compte(numero)
    index = _plan().index
    if trouve.numero in index:
        return trouve
    return index[_ancetre(_FORME.fullmatch(trouve.numero)[1])]


def est_valide(numero: str) -> bool:
    """Vrai si le numéro est un compte du PCG ou un sous-compte d'un compte du PCG.

    >>> est_valide("401DUPONT"), est_valide("999"), est_valide("")
    (True, False, False)
    """
    return _resoudre(numero) is not None


def libelle(numero: str) -> str:
    """Libellé officiel du compte du PCG dont dépend le numéro.

    >>> libelle("408")
    'Fournisseurs - Factures non parvenues'

    Raises:
        CompteInconnu: comme :func:`compte`.
    """
    return compte(numero).libelle


def classe(numero: str) -> int:
    """Classe (1 à 8) du compte.

    >>> classe("512"), classe("706")
    (5, 7)

    Raises:
        CompteInconnu: comme :func:`compte`.
    """
    return compte(numero).classe


def comptes() -> tuple[Compte, ...]:
    """Tous les comptes du PCG, classes comprises, dans l'ordre du plan (1, 10, 101, 1011...).

    >>> comptes()[:2]
    (Compte(numero='1', libelle='Comptes de capitaux'), Compte(numero='10', libelle='Capital et réserves'))
    """
    return _plan().comptes


def _mots(texte: str) -> list[str]:
    """Mots en minuscules, sans accents (« Déductibles » → « deductibles »)."""
    texte = unicodedata.normalize("NFKD", str(texte).replace("œ", "oe").replace("Œ", "oe"))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    return re.findall(r"[a-z0-9]+", texte)


@functools.cache
def _index_mots() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Pour chaque compte : les mots de son libellé, et ceux des libellés de ses ancêtres."""
    index = _plan().index
    resultat = {}
    for numero, c in index.items():
        chemin = set()
        for longueur in range(1, len(numero)):
            if numero[:longueur] in index:
                chemin.update(_mots(index[numero[:longueur]].libelle))
        resultat[numero] = (frozenset(_mots(c.libelle)), frozenset(chemin))
    return resultat


def chercher(texte: str, limite: int | None = 20) -> list[Compte]:
    """Comptes du PCG dont le numéro commence par ``texte``, ou dont le libellé en contient les mots.

    La recherche ignore accents et majuscules ; un mot cherché peut n'être que le
    début d'un mot du libellé (« fournisseur » trouve « Fournisseurs »). Les mots
    des comptes au-dessus comptent aussi : « tva deductible » trouve 44566, dont le
    compte parent 4456 porte « déductibles ». Les comptes dont le libellé lui-même
    contient les mots viennent d'abord, puis les plus courts.

    >>> [c.numero for c in chercher("606")]
    ['606', '6061', '6063', '6064', '6068']
    >>> [str(c) for c in chercher("fournisseur", limite=3)]
    ['40 Fournisseurs et comptes rattachés', '401 Fournisseurs', '403 Fournisseurs - Effets à payer']
    >>> "44566" in [c.numero for c in chercher("TVA déductible")]
    True

    Args:
        texte: numéro (ou début de numéro), mots du libellé, ou les deux.
        limite: nombre maximal de comptes renvoyés (``None`` : tous).
    """
    mots = _mots(texte)
    nombres = [m for m in mots if m.isdigit()]
    termes = [m for m in mots if not m.isdigit()]
    termes = [m for m in termes if m not in _MOTS_VIDES] or termes
    if not mots:
        return []
    index_mots = _index_mots()
    trouves = []
    for c in comptes():
        if not all(c.numero.startswith(nombre) for nombre in nombres):
            continue
        score = 0
        propres, chemin = index_mots[c.numero]
        for terme in termes:
            if any(mot.startswith(terme) for mot in propres):
                score += 2
            elif any(mot.startswith(terme) for mot in chemin):
                score += 1
            else:
                break
        else:
            trouves.append((-score, len(c.numero) if termes else 0, c.numero, c))
    if not trouves and len(nombres) == 1 and not termes:
        trouve = _resoudre(nombres[0])  # « 44566000 » : le compte qu'il désigne
        if trouve is not None:
            trouves.append((0, 0, "", compte_pcg(trouve.numero)))
    trouves.sort(key=lambda t: t[:3])
    resultat = [t[3] for t in trouves]
    return resultat if limite is None else resultat[: max(limite, 0)]


def _suggestions(saisi: str, n: str) -> tuple[str, ...]:
    """Jusqu'à 5 comptes du PCG proches d'un numéro inconnu."""
    import difflib  # chargé seulement quand une saisie est refusée

    proposes: list[str] = []

    def proposer(numero: str) -> None:
        if numero not in proposes and len(proposes) < _NB_SUGGESTIONS:
            proposes.append(numero)

    # 1. Une lettre tapée pour un chiffre : « 6O6 » → 606.
    corrige = _resoudre(n.translate(_SOSIES))
    if corrige is not None and n.translate(_SOSIES) != n:
        proposer(compte_pcg(corrige.numero).numero)
    # 2. Des mots plutôt qu'un numéro : « fournisseur » → 40, 401...
    if re.search(r"[A-Z]{3,}", n):
        for c in chercher(saisi, limite=_NB_SUGGESTIONS):
            proposer(c.numero)
    numeros = [c.numero for c in comptes() if len(c.numero) >= 2]
    ressemblance = functools.partial(lambda a, b: difflib.SequenceMatcher(None, a, b).ratio(), n)
    # 3. Même début de numéro : même longueur d'abord, puis les plus ressemblants.
    chiffres = re.match(r"[0-9]*", n)[0]
    for longueur in range(len(chiffres), 0, -1):
        candidats = [x for x in numeros if x.startswith(chiffres[:longueur])]
        if candidats:
            candidats.sort(key=lambda x: (abs(len(x) - len(n)), -ressemblance(x), x))
            for x in candidats:
                proposer(x)
            break
    # 4. Numéros voisins à une faute de frappe près (chiffres inversés, oubliés...).
    for x in difflib.get_close_matches(n, numeros, n=_NB_SUGGESTIONS, cutoff=0.5):
        proposer(x)
    return tuple(proposes)
