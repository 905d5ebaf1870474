"""Lettrage des comptes : rapprocher les factures de leurs règlements (B1.1, B2.2).

Lettrer, c'est marquer d'un même code (``A``, ``B``... ``Z``, ``AA``...) des lignes
d'un même compte dont les débits égalent les crédits : une facture client (411,
au débit) et son encaissement (au crédit), une facture fournisseur (401, au
crédit) et son paiement. Ce qui reste non lettré est ce qui reste dû : les
factures fournisseurs à payer, les factures clients en attente d'encaissement
(:func:`factures_a_payer`, :func:`factures_a_encaisser`), la matière de
l'échéancier et des relances (:mod:`compta_kernel.suivi`).

Le lettrage ne modifie aucune écriture validée : seuls le code de lettrage et sa
date changent sur les lignes (les champs ``EcritureLet`` et ``DateLet`` du FEC),
et le délettrage (:func:`delettrer`) les retire. Un écart de règlement toléré
se solde par une **nouvelle** écriture d'opérations diverses, au compte 658
(écart en défaveur de l'entreprise) ou 758 (en sa faveur), comptes lus dans les
règles datées ``lettrage.ecart_reglement.*`` (PCG 2025, voir
``donnees/regles/<année>/lettrage.yaml``) ; l'écart n'est pas arrondi, il est
déjà au centime.

Le lettrage automatique (:func:`lettrer_automatiquement`, aussi
``Livre.lettrer_automatiquement``) applique, compte par compte (et tiers par
tiers d'un compte collectif), des règles dans cet ordre, chacune sur les lignes
que les précédentes ont laissées :

1. **montant et référence** : une ligne au débit et une au crédit de même
   montant, de même pièce, ou dont le libellé de l'une cite la pièce de l'autre ;
2. **montant** : même montant, la plus ancienne avec la plus ancienne ;
3. **plusieurs règlements pour une facture**, puis **un règlement pour plusieurs
   factures** : somme exacte de 2 à ``taille_max`` lignes parmi les
   ``candidats_max`` plus anciennes du sens opposé (somme de sous-ensemble
   bornée) ; de toutes les combinaisons justes, on retient la plus petite, puis
   la plus ancienne (ordre lexicographique des dates) : le résultat ne dépend
   que des données ;
4. **tolérance** (si ``tolerance`` > 0) : les mêmes recherches avec un écart
   d'au plus ``tolerance``, soldé en 658 ou 758 ;
5. **solde nul** : les lignes restantes du compte se compensent (à la
   tolérance près) : elles sont lettrées ensemble.

Chaque rapprochement garde sa règle et s'explique (:attr:`Rapprochement.explication`).
Jamais un ensemble dont l'écart dépasse la tolérance n'est lettré.

>>> import datetime as dt
>>> from compta_kernel import Ecriture, Ligne, Livre
>>> livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: dt.date(2026, 12, 31))
>>> _ = livre.passer(Ecriture("VT", dt.date(2026, 3, 2), "F001", "Facture F001 Dupont", (
...     Ligne("411DUPONT", debit="1 200,00"), Ligne("706", credit="1 000,00"), Ligne("44571", credit="200,00"))))
>>> _ = livre.passer(Ecriture("BQ", dt.date(2026, 4, 1), "VIR-88", "Règlement F001 Dupont", (
...     Ligne("512", debit="1 200,00"), Ligne("411DUPONT", credit="1 200,00"))))
>>> resultat = lettrer_automatiquement(livre, "411")
>>> r = resultat.rapprochements[0]
>>> r.code, r.regle
('A', 'reference')
>>> print(" ".join(r.explication.replace("\u202f", " ").split()))  # espaces insécables de l'affichage
Montant et référence identiques (compte 411DUPONT, code A) : VT000001 du 02/03/2026, pièce F001, débit 1 200,00 € ; BQ000001 du 01/04/2026, pièce VIR-88, crédit 1 200,00 €. Débits 1 200,00 € = crédits 1 200,00 €.

Performances : 100 000 pièces ouvertes sur 2 000 comptes clients se lettrent en
moins de 2 secondes (``benchmarks/bench_lettrage.py``) : les règles 1 et 2 sont
vectorisées (pandas), les suivantes ne parcourent que les lignes restantes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, depuis_centimes, en_centimes, montant

if TYPE_CHECKING:
    import pandas as pd

    from compta_kernel.livre import Livre

CLE_COMPTE_CHARGE = "lettrage.ecart_reglement.compte_charge"
CLE_COMPTE_PRODUIT = "lettrage.ecart_reglement.compte_produit"

#: Règles de rapprochement, dans l'ordre où le lettrage automatique les applique, et leur libellé.
REGLES = {
    "reference": "Montant et référence identiques",
    "montant": "Montant identique (la plus ancienne avec la plus ancienne)",
    "plusieurs_pour_un": "Un règlement pour plusieurs factures",
    "un_pour_plusieurs": "Plusieurs règlements pour une facture",
    "tolerance": "Montants égaux à la tolérance près",
    "solde_nul": "Lignes restantes du compte qui se compensent",
    "manuel": "Lettrage manuel",
}
_LETTRES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class LettrageImpossible(ErreurComptable, ValueError):
    """Un lettrage refusé : lignes déséquilibrées, de comptes différents, déjà lettrées, introuvables."""


# ---------------------------------------------------------------------- codes
@cache
def code_lettrage(rang: int) -> str:
    """Code de lettrage du rang donné : 0 → ``A``, 25 → ``Z``, 26 → ``AA``, 27 → ``AB``...

    >>> [code_lettrage(i) for i in (0, 25, 26, 701, 702)]
    ['A', 'Z', 'AA', 'ZZ', 'AAA']
    """
    assert rang >= 0
    lettres = []
    rang += 1
    while rang:
        rang, reste = divmod(rang - 1, 26)
        lettres.append(_LETTRES[reste])
    return "".join(reversed(lettres))


def rang_code(code: str) -> int:
    """Rang d'un code de lettrage en majuscules (inverse de :func:`code_lettrage`), -1 pour un autre code.

    >>> rang_code("A"), rang_code("AB"), rang_code("12"), rang_code("")
    (0, 27, -1, -1)
    """
    if not code or not all("A" <= c <= "Z" for c in code):
        return -1
    rang = 0
    for c in code:
        rang = rang * 26 + (ord(c) - 64)
    return rang - 1


# ---------------------------------------------------------------------- résultats
@dataclass(frozen=True, slots=True)
class LigneLettree:
    """Une ligne rapprochée : sa position dans le livre et ce qu'en montre le grand livre.

    Attributes:
        ligne: position de la ligne dans ``livre.table()`` (colonne ``ligne`` de :func:`pieces_non_soldees`).
        numero, date, piece, libelle: l'écriture de la ligne.
        debit, credit: montants de la ligne.
    """

    ligne: int
    numero: str
    date: dt.date
    piece: str
    libelle: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True, slots=True)
class Rapprochement:
    """Un ensemble de lignes lettrées ensemble, avec la règle qui les a rapprochées.

    Attributes:
        code: code de lettrage (``"A"``).
        compte, tiers: le compte lettré et son tiers (compte auxiliaire), vide s'il n'y en a pas.
        regle: clé de :data:`REGLES`.
        lignes: les lignes rapprochées (hors ligne d'écart).
        ecart: débits moins crédits des lignes rapprochées (zéro sans tolérance).
        ecriture_ecart: numéro de l'écriture qui a soldé l'écart en 658 ou 758, vide sinon.
        compte_ecart: le compte de cet écart (658 ou 758), vide sinon.
    """

    code: str
    compte: str
    tiers: str
    regle: str
    lignes: tuple[LigneLettree, ...]
    ecart: Decimal = ZERO
    ecriture_ecart: str = ""
    compte_ecart: str = ""

    @property
    def debit(self) -> Decimal:
        """Total des débits des lignes rapprochées."""
        return sum((ligne.debit for ligne in self.lignes), ZERO)

    @property
    def credit(self) -> Decimal:
        """Total des crédits des lignes rapprochées."""
        return sum((ligne.credit for ligne in self.lignes), ZERO)

    @property
    def explication(self) -> str:
        """Pourquoi ces lignes sont lettrées ensemble, en une phrase."""
        from compta_kernel.presentation import format_date, format_montant

        compte = self.compte + (f" / {self.tiers}" if self.tiers else "")
        detail = " ; ".join(
            f"{ligne.numero} du {format_date(ligne.date)}, pièce {ligne.piece}, "
            + (
                f"débit {format_montant(ligne.debit)}"
                if ligne.debit
                else f"crédit {format_montant(ligne.credit)}"
            )
            for ligne in self.lignes
        )
        texte = f"{REGLES[self.regle]} (compte {compte}, code {self.code}) : {detail}. "
        if not self.ecart:
            return texte + f"Débits {format_montant(self.debit)} = crédits {format_montant(self.credit)}."
        sens = "débits" if self.ecart > 0 else "crédits"
        texte += (
            f"Débits {format_montant(self.debit)}, crédits {format_montant(self.credit)} : "
            f"écart de règlement de {format_montant(abs(self.ecart))} en trop au {sens[:-1]}"
        )
        if self.ecriture_ecart:
            texte += f", soldé au compte {self.compte_ecart} par l'écriture {self.ecriture_ecart}"
        return texte + "."


class ResultatLettrage:
    """Ce qu'un lettrage automatique a rapproché, règle par règle.

    Les :class:`Rapprochement` (avec leur explication) se construisent à la
    première lecture de :attr:`rapprochements` : lettrer 100 000 lignes ne coûte
    pas le prix de 40 000 explications qu'on ne lira peut-être pas.

    Attributes:
        racine: le compte ou la racine lettrée (``"411"``).
        date_lettrage: la date portée sur les lignes lettrées.
        applique: ``False`` pour une simple proposition (rien n'a été écrit au livre).
    """

    def __init__(self, livre: Livre, racine: str, date_lettrage: dt.date, groupes: list, applique: bool):
        self._livre = livre
        self.racine = racine
        self.date_lettrage = date_lettrage
        self.applique = applique
        # groupes : (code, compte, tiers, regle, lignes (tuple d'entiers), ecart en centimes, ecriture, compte)
        self._groupes = groupes
        self._rapprochements: tuple[Rapprochement, ...] | None = None

    def __len__(self) -> int:
        """Nombre de rapprochements."""
        return len(self._groupes)

    @property
    def nb_lignes(self) -> int:
        """Nombre de lignes lettrées (hors lignes des écritures d'écart)."""
        return sum(len(g[4]) for g in self._groupes)

    def par_regle(self) -> dict[str, int]:
        """Nombre de rapprochements par règle, dans l'ordre de :data:`REGLES`."""
        compte = {regle: 0 for regle in REGLES}
        for g in self._groupes:
            compte[g[3]] += 1
        return {regle: n for regle, n in compte.items() if n}

    @property
    def rapprochements(self) -> tuple[Rapprochement, ...]:
        """Les rapprochements, compte par compte, dans l'ordre des codes."""
        if self._rapprochements is None:
            toutes = sorted({i for g in self._groupes for i in g[4]})
            details = _details_lignes(self._livre, toutes)
            self._rapprochements = tuple(
                Rapprochement(
                    code,
                    compte,
                    tiers,
                    regle,
                    tuple(details[i] for i in lignes),
                    depuis_centimes(ecart),
                    ecriture,
                    compte_ecart,
                )
                for code, compte, tiers, regle, lignes, ecart, ecriture, compte_ecart in self._groupes
            )
        return self._rapprochements

    def tableau(self) -> pd.DataFrame:
        """Un rapprochement par ligne : code, compte, tiers, règle, lignes, débit, crédit, écart, explication."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "code": r.code,
                    "compte": r.compte,
                    "tiers": r.tiers,
                    "regle": r.regle,
                    "lignes": len(r.lignes),
                    "debit": r.debit,
                    "credit": r.credit,
                    "ecart": r.ecart,
                    "explication": r.explication,
                }
                for r in self.rapprochements
            ],
            columns=["code", "compte", "tiers", "regle", "lignes", "debit", "credit", "ecart", "explication"],
        )

    def __repr__(self) -> str:
        regles = ", ".join(f"{REGLES[r].lower()} : {n}" for r, n in self.par_regle().items())
        verbe = "lettré" if self.applique else "proposé"
        return (
            f"<Lettrage {self.racine} : {len(self)} rapprochement(s) {verbe}(s), "
            f"{self.nb_lignes} ligne(s){' — ' + regles if regles else ''}>"
        )


def _details_lignes(livre: Livre, lignes: Sequence[int]) -> dict[int, LigneLettree]:
    import numpy as np

    table = livre.table()
    positions = np.asarray(lignes, dtype=np.int64)
    extrait = table[["numero", "date", "piece", "libelle", "debit", "credit"]].take(positions)
    return {
        int(i): LigneLettree(
            int(i), numero, date.date(), piece, libelle, depuis_centimes(debit), depuis_centimes(credit)
        )
        for i, numero, date, piece, libelle, debit, credit in zip(
            positions.tolist(), *(extrait[c].tolist() for c in extrait.columns), strict=True
        )
    }


# ---------------------------------------------------------------------- pièces non soldées
def _racine(compte_ou_prefixe: str) -> str:
    racine = normaliser_compte(compte_ou_prefixe)
    if not racine or not racine[:1].isdigit():
        raise LettrageImpossible(
            f"« {compte_ou_prefixe} » n'est pas un compte : donnez un numéro ou une racine (411, 401, 512...).",
            champ="compte",
        )
    return racine


def _sens(racine: str) -> int:
    """+1 si le solde normal du compte est débiteur (clients), -1 s'il est créditeur (fournisseurs, dettes)."""
    return -1 if racine.startswith(("40", "42", "43", "44", "16")) else 1


def pieces_non_soldees(
    livre: Livre, compte_ou_prefixe: str = "411", *, au: dt.date | None = None
) -> pd.DataFrame:
    """Les lignes non lettrées d'un compte ou d'une racine : ce qui reste à solder.

    Colonnes : ``ligne`` (position dans le livre, à donner à :func:`lettrer`),
    ``compte``, ``tiers``, ``nom`` (du tiers), ``date``, ``numero``, ``piece``,
    ``libelle``, ``echeance``, ``debit``, ``credit`` et ``montant`` : le montant
    dans le sens normal du compte (ce que doit le client pour un 411, ce que l'on
    doit au fournisseur pour un 401 ; négatif pour un règlement ou un avoir non
    lettré). Montants ``Decimal``. ``df.attrs["total"]`` : leur somme.

    Args:
        au: ne retient que les lignes datées de ce jour au plus tard.
    """
    import numpy as np
    import pandas as pd

    from compta_kernel.etats import _masque_racine, colonne_decimaux

    racine = _racine(compte_ou_prefixe)
    table = livre.table()
    masque = _masque_racine(table, racine) & (table["lettrage"] == "").to_numpy()
    if au is not None:
        masque &= (table["date"] <= pd.Timestamp(au)).to_numpy()
    lignes = np.flatnonzero(masque)
    extrait = table.take(lignes)
    debit = extrait["debit"].to_numpy(np.int64)
    credit = extrait["credit"].to_numpy(np.int64)
    tiers = extrait["tiers"].astype(str).to_numpy()
    comptes = extrait["compte"].astype(str).to_numpy()
    df = pd.DataFrame(
        {
            "ligne": lignes,
            "compte": comptes,
            "tiers": tiers,
            "nom": [
                livre.libelle_tiers(t) if t else livre.libelle_compte(c)
                for c, t in zip(comptes, tiers, strict=True)
            ],
            "date": extrait["date"].to_numpy(),
            "numero": extrait["numero"].to_numpy(),
            "piece": extrait["piece"].to_numpy(),
            "libelle": extrait["libelle"].to_numpy(),
            "echeance": extrait["echeance"].to_numpy(),
            "debit": colonne_decimaux(debit),
            "credit": colonne_decimaux(credit),
            "montant": colonne_decimaux((debit - credit) * _sens(racine)),
        }
    )
    ordre = np.lexsort((lignes, df["date"].to_numpy(), df["tiers"].to_numpy(), df["compte"].to_numpy()))
    df = df.take(ordre).reset_index(drop=True)
    df.attrs["total"] = depuis_centimes(int(((debit - credit) * _sens(racine)).sum()))
    df.attrs["titre"] = f"Pièces non soldées ({racine})"
    return df


def _factures_ouvertes(livre: Livre, prefixe: str, au: dt.date | None, titre: str) -> pd.DataFrame:
    ouvertes = pieces_non_soldees(livre, prefixe, au=au)
    import numpy as np

    positives = np.array([m > 0 for m in ouvertes["montant"]], dtype=bool)
    factures = ouvertes[positives].reset_index(drop=True)
    factures.attrs["total"] = sum(factures["montant"], ZERO)
    factures.attrs["titre"] = f"{titre} ({_racine(prefixe)})"
    return factures


def factures_a_payer(livre: Livre, prefixe: str = "401", *, au: dt.date | None = None) -> pd.DataFrame:
    """Factures fournisseurs restant à payer : lignes créditrices non lettrées des comptes 401.

    Mêmes colonnes que :func:`pieces_non_soldees`. Un acompte versé ou un avoir
    reçu non encore lettrés n'y figurent pas : :func:`pieces_non_soldees` les montre.
    """
    return _factures_ouvertes(livre, prefixe, au, "Factures fournisseurs à payer")


def factures_a_encaisser(livre: Livre, prefixe: str = "411", *, au: dt.date | None = None) -> pd.DataFrame:
    """Factures clients en attente d'encaissement : lignes débitrices non lettrées des comptes 411.

    Mêmes colonnes que :func:`pieces_non_soldees`.
    """
    return _factures_ouvertes(livre, prefixe, au, "Factures clients à encaisser")


# ---------------------------------------------------------------------- recherche de sous-ensembles
class _Reserve:
    """Des montants positifs (du plus ancien au plus récent) prêts pour plusieurs recherches de combinaisons.

    Les index (montant → positions, montants triés, table des paires) ne se
    construisent qu'une fois, à la première recherche qui en a besoin : une
    réserve inchangée (aucun rapprochement trouvé) sert à la recherche suivante.
    """

    def __init__(self, montants: Sequence[int]):
        self.m = list(montants)
        assert all(v > 0 for v in self.m), "montants positifs"
        self.tries = sorted(self.m)
        self.total = sum(self.m)
        self._positions: dict[int, list[int]] | None = None
        self._ordre: list[int] | None = None
        self._paires: tuple[list[int], list[tuple[int, int, int]]] | None = None

    def _premier(self, bas: int, haut: int, apres: int) -> int | None:
        """Le plus petit indice > ``apres`` dont le montant est dans [bas, haut]."""
        if bas == haut:
            if self._positions is None:
                self._positions = {}
                for i, v in enumerate(self.m):
                    self._positions.setdefault(v, []).append(i)
            for i in self._positions.get(bas, ()):
                if i > apres:
                    return i
            return None
        if self._ordre is None:
            self._ordre = sorted(range(len(self.m)), key=self.m.__getitem__)
        debut = bisect_left(self.tries, bas)
        candidats = [i for i in self._ordre[debut : bisect_right(self.tries, haut, lo=debut)] if i > apres]
        return min(candidats) if candidats else None

    def chercher(
        self, cible: int, tolerance: int, taille_min: int, taille_max: int
    ) -> tuple[int, ...] | None:
        """Voir :func:`chercher_combinaison`."""
        m, n, haut = self.m, len(self.m), cible + tolerance
        if not n or cible <= 0 or self.tries[0] > haut or self.total < cible - tolerance:
            return None
        mini = self.tries[0]
        if taille_min <= 1:
            i = self._premier(cible - tolerance, haut, -1)
            if i is not None:
                return (i,)
        # Une ligne ne peut entrer dans une combinaison de k lignes que s'il reste la place
        # des k - 1 plus petites : on ne parcourt que celles-là (l'ordre des indices est gardé).
        if taille_max >= 2 and taille_min <= 2 and n >= 2 and sum(self.tries[:2]) <= haut:
            for a in (i for i in range(n - 1) if m[i] + mini <= haut):
                reste = cible - m[a]
                b = self._premier(reste - tolerance, reste + tolerance, a)
                if b is not None:
                    return (a, b)
        if taille_max >= 3 and taille_min <= 3 and n >= 3 and sum(self.tries[:3]) <= haut:
            utiles = [i for i in range(n - 1) if m[i] + 2 * mini <= haut]
            for rang, a in enumerate(utiles):
                for b in utiles[rang + 1 :]:
                    reste = cible - m[a] - m[b]
                    if reste + tolerance >= mini:
                        c = self._premier(reste - tolerance, reste + tolerance, b)
                        if c is not None:
                            return (a, b, c)
        if taille_max >= 4 and n >= 4 and sum(self.tries[:4]) <= haut:
            if self._paires is None:
                paires = sorted((m[c] + m[d], c, d) for c in range(n) for d in range(c + 1, n))
                self._paires = ([p[0] for p in paires], paires)
            sommes, paires = self._paires
            utiles = [i for i in range(n - 2) if m[i] + 3 * mini <= haut]
            for rang, a in enumerate(utiles):
                for b in utiles[rang + 1 :]:
                    reste = cible - m[a] - m[b]
                    if reste + tolerance < 2 * mini:
                        continue
                    debut = bisect_left(sommes, reste - tolerance)
                    fin = bisect_right(sommes, reste + tolerance, lo=debut)
                    trouvees = [(c, d) for _, c, d in paires[debut:fin] if c > b]
                    if trouvees:
                        return (a, b, *min(trouvees))
        return None


def chercher_combinaison(
    montants: Sequence[int], cible: int, *, tolerance: int = 0, taille_min: int = 1, taille_max: int = 4
) -> tuple[int, ...] | None:
    """La plus petite, puis la plus ancienne, combinaison de montants dont la somme vaut ``cible`` ± ``tolerance``.

    Somme de sous-ensemble bornée et déterministe : les montants (entiers
    positifs, en centimes) sont donnés du plus ancien au plus récent ; on cherche
    d'abord une ligne, puis deux, trois, jusqu'à ``taille_max`` ; à taille égale,
    la combinaison retenue est la première dans l'ordre lexicographique des
    indices (la plus ancienne). Coût : au plus de l'ordre de n² recherches
    (table des paires pour la quatrième ligne).

    >>> chercher_combinaison([500, 350, 700, 150], 1000)
    (0, 1, 3)
    >>> chercher_combinaison([500, 350, 700, 150], 1000, taille_max=2) is None
    True
    >>> chercher_combinaison([500, 350, 700, 150], 1048, tolerance=2)
    (1, 2)

    Returns:
        les indices retenus, croissants, ou ``None``.
    """
    if not montants:
        return None
    return _Reserve(montants).chercher(cible, tolerance, taille_min, taille_max)


def _apparier(
    lignes: list[int], montants: list[int], tolerance: int, taille_max: int, candidats_max: int, sens: int = 1
) -> list[tuple[str, list[int], int]]:
    """Règles 3 à 5 sur les lignes ouvertes d'un compte (dans l'ordre des dates) : (règle, lignes, écart).

    ``sens`` : +1 si les factures sont au débit du compte (clients), -1 si elles sont au crédit (fournisseurs).
    """
    ouvertes = dict.fromkeys(range(len(lignes)))  # indices encore ouverts, dans l'ordre
    groupes: list[tuple[str, list[int], int]] = []

    def passe(signe_cible: int, regle: str, t: int, taille_min: int) -> None:
        reserve, opposes = None, None
        for k in list(ouvertes):
            if k not in ouvertes or montants[k] * signe_cible <= 0:
                continue
            if reserve is None:  # réserve (re)construite après chaque rapprochement
                opposes = [j for j in ouvertes if montants[j] * signe_cible < 0][:candidats_max]
                if not opposes:
                    return
                reserve = _Reserve([-montants[j] * signe_cible for j in opposes])
            trouve = reserve.chercher(montants[k] * signe_cible, t, taille_min, taille_max)
            if trouve is None:
                continue
            membres = sorted([k, *(opposes[i] for i in trouve)])
            for j in membres:
                del ouvertes[j]
            reserve = None
            ecart = sum(montants[j] for j in membres)
            groupes.append((regle if ecart or len(membres) > 2 else "montant", membres, ecart))

    # plusieurs règlements pour une facture (facture au débit d'un 411, au crédit d'un 401), puis l'inverse
    passe(sens, "un_pour_plusieurs", 0, 2)
    passe(-sens, "plusieurs_pour_un", 0, 2)
    if tolerance:
        passe(-1, "tolerance", tolerance, 1)
        passe(1, "tolerance", tolerance, 1)
    restantes = list(ouvertes)
    if len(restantes) >= 2 and abs(sum(montants[j] for j in restantes)) <= tolerance:
        sens = {montants[j] > 0 for j in restantes}
        if len(sens) == 2:
            groupes.append(("solde_nul", restantes, sum(montants[j] for j in restantes)))
    return [(regle, [lignes[j] for j in membres], ecart) for regle, membres, ecart in groupes]


# ---------------------------------------------------------------------- lettrage automatique
def _en_centimes_tolerance(tolerance) -> int:
    t = en_centimes(montant(tolerance))
    if t < 0:
        raise LettrageImpossible(
            f"La tolérance est négative ({tolerance}) : donnez un écart maximal positif, par exemple 1,00.",
            champ="tolerance",
        )
    return t


def _paires_exactes(ouvertes: pd.DataFrame) -> tuple[list, list]:
    """Règles 1 et 2, vectorisées : paires (débit, crédit) de même montant sur le même compte et tiers."""
    import numpy as np

    debits = ouvertes[ouvertes["montant"] > 0]
    credits = ouvertes[ouvertes["montant"] < 0].assign(montant=lambda d: -d["montant"])
    candidates = debits.merge(credits, on=["cle", "montant"], suffixes=("_d", "_c"))
    if len(candidates):
        pd_, pc_ = candidates["piece_d"].tolist(), candidates["piece_c"].tolist()
        ld, lc = candidates["libelle_d"].tolist(), candidates["libelle_c"].tolist()
        references = np.array(
            [
                a == b or (len(a) >= 3 and a in y) or (len(b) >= 3 and b in x)
                for a, b, x, y in zip(pd_, pc_, ld, lc, strict=True)
            ],
            dtype=bool,
        )
        par_reference = candidates[references].sort_values(["rang_d", "rang_c"])
        par_reference = par_reference.drop_duplicates("ligne_d").drop_duplicates("ligne_c")
    else:
        par_reference = candidates
    prises = set(par_reference["ligne_d"].tolist()) | set(par_reference["ligne_c"].tolist())
    reste_d = debits[~debits["ligne"].isin(prises)]
    reste_c = credits[~credits["ligne"].isin(prises)]
    reste_d = reste_d.assign(n=reste_d.groupby(["cle", "montant"], sort=False).cumcount())
    reste_c = reste_c.assign(n=reste_c.groupby(["cle", "montant"], sort=False).cumcount())
    par_montant = reste_d.merge(reste_c, on=["cle", "montant", "n"], suffixes=("_d", "_c"))
    return (
        list(zip(par_reference["ligne_d"].tolist(), par_reference["ligne_c"].tolist(), strict=True)),
        list(zip(par_montant["ligne_d"].tolist(), par_montant["ligne_c"].tolist(), strict=True)),
    )


def lettrer_automatiquement(
    livre: Livre,
    compte_ou_prefixe: str = "411",
    *,
    tolerance: Decimal | str | int = ZERO,
    taille_max: int = 4,
    candidats_max: int = 30,
    date: dt.date | None = None,
    appliquer: bool = True,
    journal_ecarts: str = "OD",
) -> ResultatLettrage:
    """Lettre automatiquement les lignes ouvertes d'un compte ou d'une racine (voir l'en-tête du module).

    Args:
        compte_ou_prefixe: ``"411"`` (tous les clients), ``"401DURAND"``, ``"512"``...
        tolerance: écart de règlement accepté par rapprochement, en euros (0 : montants exacts) ;
            l'écart est soldé par une écriture d'opérations diverses en 658 ou 758.
        taille_max: nombre maximal de lignes d'un même sens dans une combinaison (règles 3 et 4).
        candidats_max: nombre de lignes, les plus anciennes, parmi lesquelles chercher une combinaison.
        date: date de lettrage portée sur les lignes (par défaut la date du jour du livre,
            ramenée dans l'exercice) ; c'est aussi la date des écritures d'écart.
        appliquer: ``False`` pour seulement proposer (rien n'est écrit, aucune écriture d'écart).
        journal_ecarts: journal des écritures d'écart.

    Returns:
        le :class:`ResultatLettrage`, dont chaque rapprochement s'explique.
    """
    import numpy as np
    import pandas as pd

    from compta_kernel.etats import _masque_racine

    racine = _racine(compte_ou_prefixe)
    t = _en_centimes_tolerance(tolerance)
    if taille_max < 1 or candidats_max < 1:
        raise LettrageImpossible("taille_max et candidats_max sont des entiers positifs.", champ="taille_max")
    jour = _date_lettrage(livre, date)
    table = livre.table()
    lignes = np.flatnonzero(_masque_racine(table, racine) & (table["lettrage"] == "").to_numpy())
    if not len(lignes):
        return ResultatLettrage(livre, racine, jour, [], appliquer)
    comptes = table["compte"].cat.codes.to_numpy()[lignes].astype(np.int64)
    tiers = table["tiers"].cat.codes.to_numpy()[lignes].astype(np.int64)
    cle = comptes * (len(table["tiers"].cat.categories) + 1) + tiers + 1
    dates = table["date"].to_numpy()[lignes].astype(np.int64)
    ordre = np.lexsort((lignes, dates, cle))
    lignes, cle = lignes[ordre], cle[ordre]
    montants = (table["debit"].to_numpy()[lignes] - table["credit"].to_numpy()[lignes]).astype(np.int64)
    ouvertes = pd.DataFrame(
        {
            "ligne": lignes,
            "cle": cle,
            "montant": montants,
            "rang": np.arange(len(lignes)),
            "piece": table["piece"].to_numpy()[lignes],
            "libelle": table["libelle"].to_numpy()[lignes],
        }
    )
    par_reference, par_montant = _paires_exactes(ouvertes)
    groupes: list[tuple[int, str, list[int], int]] = []  # (cle, regle, lignes, ecart)
    position = dict(zip(lignes.tolist(), range(len(lignes)), strict=True))
    cle_liste = cle.tolist()
    for regle, paires in (("reference", par_reference), ("montant", par_montant)):
        for d, c in paires:
            groupes.append((cle_liste[position[d]], regle, sorted((d, c), key=position.__getitem__), 0))
    prises = np.zeros(len(lignes), dtype=bool)
    prises[[position[i] for _, _, g, _ in groupes for i in g]] = True
    restantes = np.flatnonzero(~prises)
    if len(restantes):
        cles_r = cle[restantes]
        bornes = np.flatnonzero(np.r_[True, cles_r[1:] != cles_r[:-1], True])
        lignes_l, montants_l = lignes.tolist(), montants.tolist()
        for debut, fin in zip(bornes[:-1].tolist(), bornes[1:].tolist(), strict=True):
            rangs = restantes[debut:fin].tolist()
            m = [montants_l[r] for r in rangs]
            if len(rangs) < 2 or min(m) > 0 or max(m) < 0:
                continue
            for regle, membres, ecart in _apparier(
                [lignes_l[r] for r in rangs], m, t, taille_max, candidats_max, _sens(racine)
            ):
                groupes.append((cle_liste[position[membres[0]]], regle, membres, ecart))
    groupes.sort(key=lambda g: (g[0], position[g[2][0]]))
    return _enregistrer(livre, racine, jour, groupes, appliquer, journal_ecarts)


def _date_lettrage(livre: Livre, date: dt.date | None) -> dt.date:
    """La date donnée, sinon la date du jour du livre ramenée dans l'exercice (date des écritures d'écart)."""
    if date is not None:
        return date
    return min(max(livre._horloge(), livre.debut), livre.fin)


def _enregistrer(
    livre: Livre, racine: str, jour: dt.date, groupes: list, appliquer: bool, journal_ecarts: str
) -> ResultatLettrage:
    """Attribue les codes (suite des codes déjà employés sur chaque compte), passe les écarts, écrit.

    Avant toute écriture, la date des écarts est contrôlée (exercice, période ouverte, journal) :
    un refus ne laisse aucun écart passé à moitié.
    """
    import numpy as np

    if appliquer and any(g[3] for g in groupes):
        _controler_ecarts(livre, jour, journal_ecarts)
    table = livre.table()
    premieres = [g[2][0] for g in groupes]
    comptes = table["compte"].to_numpy()[premieres].astype(str).tolist() if premieres else []
    tiers = table["tiers"].to_numpy()[premieres].astype(str).tolist() if premieres else []
    suivant = _prochains_rangs(table, set(zip(comptes, tiers, strict=True)))
    resultat = []
    a_ecrire: list[int] = []
    codes: list[str] = []
    for (_, regle, membres, ecart), compte, tier in zip(groupes, comptes, tiers, strict=True):
        rang = suivant[(compte, tier)]
        suivant[(compte, tier)] = rang + 1
        code = code_lettrage(rang)
        numero, compte_ecart = "", ""
        if ecart and appliquer:
            numero, compte_ecart, ligne_ecart = _passer_ecart(
                livre, compte, tier, ecart, jour, journal_ecarts, code
            )
            a_ecrire.append(ligne_ecart)
            codes.append(code)
        resultat.append((code, compte, tier, regle, tuple(membres), ecart, numero, compte_ecart))
        a_ecrire.extend(membres)
        codes.extend([code] * len(membres))
    if appliquer and a_ecrire:
        _ecrire_codes(livre, np.asarray(a_ecrire, dtype=np.int64), codes, jour)
    return ResultatLettrage(livre, racine, jour, resultat, appliquer)


def _prochains_rangs(table: pd.DataFrame, comptes_tiers: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Pour chaque (compte, tiers), le rang du prochain code libre (après le plus grand code alphabétique employé)."""
    import numpy as np

    suivant = dict.fromkeys(comptes_tiers, 0)
    if not comptes_tiers:
        return suivant
    lettrees = table["lettrage"].to_numpy() != ""
    comptes = {c for c, _ in comptes_tiers}
    lettrees &= table["compte"].isin(comptes).to_numpy()
    if not lettrees.any():
        return suivant
    positions = np.flatnonzero(lettrees)
    extrait = table[["compte", "tiers", "lettrage"]].take(positions).drop_duplicates()
    for compte, tier, code in zip(
        extrait["compte"].astype(str), extrait["tiers"].astype(str), extrait["lettrage"], strict=True
    ):
        if (compte, tier) in suivant:
            suivant[(compte, tier)] = max(suivant[(compte, tier)], rang_code(str(code)) + 1)
    return suivant


def _controler_ecarts(livre: Livre, jour: dt.date, journal: str) -> None:
    """Les écritures d'écart pourront-elles être passées ce jour-là dans ce journal ?"""
    if journal not in livre.journaux:
        raise LettrageImpossible(
            f"Le journal « {journal} » des écarts de règlement n'est pas ouvert dans le livre.",
            champ="journal",
        )
    try:
        livre._verifier_ouverte(jour)
    except ErreurComptable as exc:
        raise LettrageImpossible(
            f"Écart de règlement à solder le {jour:%d/%m/%Y} : {exc} Donnez une date de lettrage (date=...) "
            "dans une période ouverte de l'exercice.",
            champ="date",
        ) from exc
    _comptes_ecart(jour)


def _comptes_ecart(jour: dt.date) -> tuple[str, str]:
    from compta_kernel import regles

    charge = regles.valeur(CLE_COMPTE_CHARGE, jour)
    produit = regles.valeur(CLE_COMPTE_PRODUIT, jour)
    return str(charge), str(produit)


def _passer_ecart(
    livre: Livre, compte: str, tiers: str, ecart: int, jour: dt.date, journal: str, code: str
) -> tuple[str, str, int]:
    """Passe l'écriture qui solde un écart de règlement ; renvoie son numéro, le compte 658/758, la ligne du tiers.

    Écart débiteur (débits > crédits : le client a payé moins, ou on a payé le
    fournisseur davantage) : 658 au débit, le compte au crédit. Écart créditeur :
    le compte au débit, 758 au crédit.
    """
    charge, produit = _comptes_ecart(jour)
    valeur = depuis_centimes(abs(ecart))
    nom = compte + (f" {tiers}" if tiers else "")
    if ecart > 0:
        compte_ecart = charge
        lignes = (Ligne(charge, debit=valeur), Ligne(compte, credit=valeur, tiers=tiers))
    else:
        compte_ecart = produit
        lignes = (Ligne(compte, debit=valeur, tiers=tiers), Ligne(produit, credit=valeur))
    passee = livre.passer(
        Ecriture(journal, jour, f"LET-{code}", f"Écart de règlement {nom} lettrage {code}", lignes)
    )
    table = livre.table()
    fin = len(table)
    nb = len(passee.lignes)
    ligne_tiers = next(
        i
        for i in range(fin - nb, fin)
        if str(table["compte"].iat[i]) == compte and table["lettrage"].iat[i] == ""
    )
    return passee.numero, compte_ecart, ligne_tiers


def _ecrire_codes(livre: Livre, lignes, codes: Sequence[str], jour: dt.date) -> None:
    """Écrit les codes et la date de lettrage dans la table du livre (seules colonnes modifiables d'une ligne validée)."""
    import numpy as np
    import pandas as pd

    table = livre.table()
    lettrage = table["lettrage"].to_numpy(dtype=object, copy=True)
    lettrage[lignes] = np.asarray(codes, dtype=object)
    table["lettrage"] = pd.array(lettrage, dtype=table["lettrage"].dtype)
    dates = table["date_lettrage"].to_numpy(copy=True)
    dates[lignes] = np.datetime64(jour, "s") if jour is not None else np.datetime64("NaT", "s")
    table["date_lettrage"] = dates


# ---------------------------------------------------------------------- lettrage manuel et délettrage
def _lignes_designees(livre: Livre, designations: Iterable, compte: str | None) -> list[int]:
    """Positions des lignes : un entier est une position, un texte un numéro d'écriture (sa ligne sur ``compte``)."""
    import numpy as np

    table = livre.table()
    positions: list[int] = []
    for designation in designations:
        if isinstance(designation, int | np.integer) and not isinstance(designation, bool):
            if not 0 <= int(designation) < len(table):
                raise LettrageImpossible(
                    f"La ligne {designation} n'existe pas (le livre a {len(table)} lignes) : prenez le numéro "
                    "de la colonne « ligne » de pieces_non_soldees().",
                    champ="lignes",
                )
            positions.append(int(designation))
            continue
        numero = str(designation).strip().upper()
        trouvees = np.flatnonzero((table["numero"] == numero).to_numpy())
        if not len(trouvees):
            raise LettrageImpossible(f"Aucune écriture ne porte le numéro « {designation} ».", champ="lignes")
        if compte is not None:
            racine = normaliser_compte(compte)
            trouvees = [i for i in trouvees if str(table["compte"].iat[i]).startswith(racine)]
        if len(trouvees) != 1:
            comptes = ", ".join(sorted({str(table["compte"].iat[i]) for i in trouvees})) or "aucun"
            raise LettrageImpossible(
                f"L'écriture {numero} a {len(trouvees)} ligne(s) sur le compte "
                f"{compte or '(non précisé)'} (comptes : {comptes}) : précisez le compte à lettrer "
                "(compte=...) ou donnez la position de la ligne.",
                champ="compte",
            )
        positions.append(int(trouvees[0]))
    return positions


def lettrer(
    livre: Livre,
    lignes: Iterable[int | str],
    *,
    compte: str | None = None,
    tolerance: Decimal | str | int = ZERO,
    date: dt.date | None = None,
    journal_ecarts: str = "OD",
) -> Rapprochement:
    """Lettrage manuel : lettre ensemble les lignes désignées, si elles s'équilibrent.

    Args:
        lignes: positions de lignes (colonne ``ligne`` de :func:`pieces_non_soldees`)
            ou numéros d'écriture (``"VT000012"``) — la ligne de l'écriture sur ``compte``.
        compte: compte (ou racine) des lignes, pour désigner une ligne par le numéro de son écriture.
        tolerance: écart de règlement accepté, soldé en 658 ou 758 par une écriture d'OD.
        date: date de lettrage (par défaut la date du jour du livre, ramenée dans l'exercice).

    Returns:
        le :class:`Rapprochement`, avec son code (le suivant libre sur le compte).

    Raises:
        LettrageImpossible: moins de deux lignes, comptes ou tiers différents, ligne déjà
            lettrée, ou débits et crédits qui diffèrent de plus que la tolérance (les montants
            et l'écart sont dans le message).
    """
    from compta_kernel.presentation import format_montant

    t = _en_centimes_tolerance(tolerance)
    positions = list(dict.fromkeys(_lignes_designees(livre, lignes, compte)))
    if len(positions) < 2:
        raise LettrageImpossible(
            "Un lettrage rapproche au moins deux lignes (une facture et son règlement, par exemple).",
            champ="lignes",
        )
    table = livre.table()
    comptes = {(str(table["compte"].iat[i]), str(table["tiers"].iat[i])) for i in positions}
    if len(comptes) > 1:
        liste = ", ".join(c + (f" / {t_}" if t_ else "") for c, t_ in sorted(comptes))
        raise LettrageImpossible(
            f"Les lignes sont sur des comptes ou des tiers différents ({liste}) : on ne lettre que les "
            "lignes d'un même compte (d'un même tiers).",
            champ="lignes",
        )
    deja = [(i, table["lettrage"].iat[i]) for i in positions if table["lettrage"].iat[i] != ""]
    if deja:
        i, code = deja[0]
        raise LettrageImpossible(
            f"La ligne {i} ({table['numero'].iat[i]}) est déjà lettrée (code {code}) : délettrez-la "
            "d'abord si le rapprochement est faux.",
            champ="lignes",
        )
    debit = int(table["debit"].to_numpy()[positions].sum())
    credit = int(table["credit"].to_numpy()[positions].sum())
    if abs(debit - credit) > t:
        raise LettrageImpossible(
            f"Lignes déséquilibrées : débits {format_montant(depuis_centimes(debit))}, crédits "
            f"{format_montant(depuis_centimes(credit))}, écart {format_montant(depuis_centimes(abs(debit - credit)))}"
            + (f" (tolérance {format_montant(depuis_centimes(t))})" if t else "")
            + ". Cherchez la facture, l'avoir ou le règlement qui manque, ou ne lettrez pas.",
            champ="lignes",
        )
    compte_l = next(iter(comptes))[0]
    position = {i: k for k, i in enumerate(positions)}
    dates = table["date"].to_numpy()[positions]
    membres = sorted(positions, key=lambda i: (dates[position[i]], i))
    jour = _date_lettrage(livre, date)
    resultat = _enregistrer(
        livre, compte_l, jour, [(0, "manuel", membres, debit - credit)], True, journal_ecarts
    )
    return resultat.rapprochements[0]


def delettrer(livre: Livre, compte: str, code: str, *, tiers: str | None = None) -> int:
    """Retire un code de lettrage des lignes d'un compte (et d'un tiers) ; renvoie le nombre de lignes délettrées.

    Une écriture d'écart de règlement passée au lettrage reste au livre (elle est
    validée) : sa ligne sur le compte est délettrée avec les autres ; contre-passez
    l'écriture d'écart si le rapprochement était faux.

    Raises:
        LettrageImpossible: aucun ligne de ce code sur ce compte, ou plusieurs tiers
            portent ce code (précisez ``tiers``).
    """
    import numpy as np

    table = livre.table()
    compte = normaliser_compte(compte)
    code = str(code).strip()
    masque = (table["compte"] == compte).to_numpy() & (table["lettrage"] == code).to_numpy()
    if tiers is not None:
        masque &= (table["tiers"] == normaliser_compte(tiers)).to_numpy()
    positions = np.flatnonzero(masque)
    if not len(positions):
        raise LettrageImpossible(
            f"Aucune ligne du compte {compte}{' / ' + tiers if tiers else ''} ne porte le code de lettrage "
            f"« {code} ».",
            champ="code",
        )
    porteurs = set(table["tiers"].astype(str).to_numpy()[positions])
    if len(porteurs) > 1:
        raise LettrageImpossible(
            f"Le code {code} est employé sur le compte {compte} par plusieurs tiers "
            f"({', '.join(sorted(porteurs))}) : précisez le tiers (tiers=...).",
            champ="tiers",
        )
    _ecrire_codes(livre, positions, [""] * len(positions), None)
    return len(positions)
