"""Rapprochement bancaire : pointage du compte 512 contre le relevé, état de rapprochement.

Le compte 512 de l'entreprise et le compte de l'entreprise chez la banque enregistrent les
mêmes opérations, mais pas aux mêmes dates (chèque émis encaissé plus tard, frais que la
banque prélève sans prévenir) et parfois avec des erreurs. Le rapprochement :

1. **pointe** les lignes qui se correspondent — automatiquement (:func:`pointer_automatiquement` :
   même montant, dates proches, même référence ; plusieurs lignes du 512 pour une remise de
   chèques) ou à la main (:func:`pointage`) ;
2. **repère les erreurs de la banque** (:func:`detecter_erreurs` : double prélèvement,
   montant mal saisi), à signaler pour réclamation et non à comptabiliser ;
3. présente l'**état de rapprochement** à la française (:class:`EtatRapprochement`) : deux
   colonnes — le compte 512 de l'entreprise et le compte chez la banque —, chacune partant
   de son solde et ajoutant ce que l'autre a enregistré et elle pas encore ; les soldes
   rectifiés sont égaux quand tout écart est expliqué : l'état est alors **apuré** ;
4. fournit les **écritures** des opérations que seule la banque a enregistrées
   (:meth:`EtatRapprochement.ecritures`, codifiées par :mod:`compta_kernel.banque`).

Les montants sont signés du point de vue de l'entreprise : positif pour une entrée
d'argent (débit du 512, crédit du relevé), négatif pour une sortie. Aucun arrondi : les
montants du relevé et du livre sont déjà au centime.

Utilisé par B1.2 (pointage, état de rapprochement, erreurs de la banque) ; le widget de
pointage (:mod:`formulaires.pointage`) s'appuie sur les mêmes lignes et pointages.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from compta_kernel.ecritures import Ecriture, nettoyer_texte, normaliser_compte
from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant, lire_date

if TYPE_CHECKING:
    from compta_kernel.banque import MouvementBancaire, RegleCodification, Releve
    from compta_kernel.livre import Livre

#: Longueur maximale d'un libellé de ligne à pointer, et d'un identifiant.
LIBELLE_MAX = 200
IDENTIFIANT_MAX = 40
#: Écart de dates accepté par défaut entre le livre et la banque (jours calendaires).
JOURS_PAR_DEFAUT = 15


class PointageInvalide(ErreurComptable, ValueError):
    """Un pointage manuel est refusé : ligne inconnue, déjà pointée, ou totaux différents."""


# ---------------------------------------------------------------------- lignes et pointages
@dataclass(frozen=True)
class LignePointage:
    """Une ligne à pointer (relevé ou compte 512).

    Args:
        id: identifiant unique de la ligne de son côté (texte d'au plus 40 caractères).
        date: date de l'opération (``date`` ou texte JJ/MM/AAAA).
        libelle: libellé de l'opération.
        montant: montant signé du point de vue de l'entreprise (+ encaissement, − décaissement),
            ``Decimal``, entier ou texte au centime (un ``float`` est refusé).
        reference: référence (pièce, numéro de chèque, facture) servant au pointage automatique.

    Raises:
        ErreurComptable: identifiant, date, libellé ou montant invalides.
    """

    id: str
    date: dt.date
    libelle: str
    montant: Decimal
    reference: str = ""

    def __post_init__(self) -> None:
        ident = str(self.id) if isinstance(self.id, str | int) and not isinstance(self.id, bool) else ""
        if not ident or len(ident) > IDENTIFIANT_MAX:
            raise ErreurComptable(
                f"Identifiant de ligne invalide : {str(self.id)[:50]!r} (texte de 1 à 40 caractères).",
                champ="id",
            )
        try:
            jour = lire_date(self.date)
        except (ValueError, TypeError) as exc:
            raise ErreurComptable(f"Ligne {ident} : {exc}", champ="date") from exc
        valeur = montant(self.montant)
        if valeur != arrondir(valeur):
            raise MontantInvalide(
                f"Ligne {ident} : le montant {valeur} n'est pas au centime.", champ="montant"
            )
        object.__setattr__(self, "id", ident)
        object.__setattr__(self, "date", jour)
        object.__setattr__(self, "libelle", nettoyer_texte(self.libelle)[:LIBELLE_MAX])
        object.__setattr__(self, "montant", arrondir(valeur))
        object.__setattr__(self, "reference", nettoyer_texte(self.reference)[:LIBELLE_MAX])

    def description(self) -> str:
        """« 12/03/2026 · Virement Dupont · 1 200,00 € »."""
        return f"{format_date(self.date)} · {self.libelle} · {format_montant(self.montant)}"


@dataclass(frozen=True)
class Pointage:
    """Un appariement : des lignes du relevé et des lignes du 512 de même total, sous un code.

    Attributes:
        code: code du pointage (« A », « B »... comme un code de lettrage).
        releve, livre: identifiants des lignes de chaque côté.
        mode: ``"manuel"`` ou ``"auto"``.
    """

    code: str
    releve: tuple[str, ...]
    livre: tuple[str, ...]
    mode: str = "manuel"


def code_pointage(rang: int) -> str:
    """Code du pointage de rang donné (0 → « A », 25 → « Z », 26 → « AA »), comme un code de lettrage.

    >>> [code_pointage(n) for n in (0, 1, 25, 26, 27)]
    ['A', 'B', 'Z', 'AA', 'AB']
    """
    code = ""
    rang += 1
    while rang:
        rang, reste = divmod(rang - 1, 26)
        code = chr(ord("A") + reste) + code
    return code


def totaux_selection(
    releve: Iterable[LignePointage], livre: Iterable[LignePointage]
) -> tuple[Decimal, Decimal, Decimal]:
    """Totaux de lignes du relevé et du livre, et leur différence (relevé − livre)."""
    total_releve = sum((x.montant for x in releve), ZERO)
    total_livre = sum((x.montant for x in livre), ZERO)
    return total_releve, total_livre, total_releve - total_livre


def lignes_releve(releve: Releve) -> tuple[LignePointage, ...]:
    """Les lignes à pointer d'un relevé (identifiant de la banque, ou rang dans le relevé)."""
    lignes, vus = [], set()
    for rang, m in enumerate(releve.mouvements, start=1):
        ident = (m.identifiant or f"R{rang}")[:IDENTIFIANT_MAX]
        if ident in vus:
            ident = f"R{rang}"
        vus.add(ident)
        lignes.append(LignePointage(ident, m.date, m.libelle, m.montant, m.reference))
    return tuple(lignes)


def lignes_compte(
    livre: Livre,
    compte: str = "512",
    *,
    debut: dt.date | None = None,
    fin: dt.date | None = None,
    sans_journaux: Sequence[str] = ("AN",),
) -> tuple[LignePointage, ...]:
    """Les lignes du compte de banque dans le livre, entre deux dates, sans les à-nouveaux.

    L'identifiant d'une ligne est ``<numéro d'écriture>/<rang de la ligne 512 dans l'écriture>``.
    """
    table = livre.table()
    racine = normaliser_compte(compte)
    masque = table["compte"].astype(str).str.startswith(racine)
    if sans_journaux:
        masque &= ~table["journal"].astype(str).isin(list(sans_journaux))
    table = table[masque]
    lignes, rangs = [], {}
    for r in table.itertuples(index=False):
        jour = r.date.date()
        if (debut is not None and jour < debut) or (fin is not None and jour > fin):
            continue
        numero = str(r.numero) or str(r.id_ecriture)
        rangs[numero] = rangs.get(numero, 0) + 1
        valeur = (Decimal(int(r.debit)) - Decimal(int(r.credit))).scaleb(-2)
        lignes.append(
            LignePointage(
                f"{numero}/{rangs[numero]}"[:IDENTIFIANT_MAX], jour, str(r.libelle), valeur, str(r.piece)
            )
        )
    return tuple(sorted(lignes, key=lambda x: x.date))


def solde_compte(livre: Livre, compte: str = "512", *, au: dt.date | None = None) -> Decimal:
    """Solde du compte (débit − crédit) à une date incluse, à-nouveaux compris."""
    table = livre.table()
    masque = table["compte"].astype(str).str.startswith(normaliser_compte(compte))
    if au is not None:
        import pandas as pd

        masque &= table["date"] <= pd.Timestamp(au)
    centimes = int(table.loc[masque, "debit"].sum()) - int(table.loc[masque, "credit"].sum())
    return Decimal(centimes).scaleb(-2)


# ---------------------------------------------------------------------- pointage
def _normaliser(texte: str) -> str:
    sans = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", " ", sans.upper()).strip()


def _mots(texte: str) -> set[str]:
    return {m for m in _normaliser(texte).split() if len(m) >= 4 and not m.isdigit()} - _MOTS_BANCAIRES


_MOTS_BANCAIRES = {
    "SEPA",
    "RECU",
    "EMIS",
    "VIREMENT",
    "REMISE",
    "CHEQUE",
    "CHEQUES",
    "PRLV",
    "REGLEMENT",
    "FACTURE",
}


def _meme_reference(a: LignePointage, b: LignePointage) -> bool:
    """Vrai si la référence de l'une se lit dans la référence ou le libellé de l'autre."""
    for x, y in ((a, b), (b, a)):
        ref = _normaliser(x.reference)
        if len(ref) >= 4 and re.search(
            rf"(^|\s){re.escape(ref)}($|\s)", _normaliser(f"{y.reference} {y.libelle}")
        ):
            return True
    numeros = set(re.findall(r"\d{5,}", a.libelle)) & set(re.findall(r"\d{5,}", f"{b.libelle} {b.reference}"))
    return bool(numeros)


def pointer_automatiquement(
    releve: Sequence[LignePointage],
    livre: Sequence[LignePointage],
    *,
    jours: int = JOURS_PAR_DEFAUT,
    deja: Sequence[Pointage] = (),
    regroupements: int = 4,
) -> tuple[Pointage, ...]:
    """Pointe les lignes qui se correspondent, sans toucher aux pointages déjà faits.

    Trois passes, chacune ligne à ligne et sans réutiliser une ligne :

    1. même montant et même référence (pièce, numéro de chèque, facture), dates à au plus
       ``jours`` d'écart ;
    2. même montant, dates à au plus ``jours`` d'écart, la plus proche d'abord ;
    3. une ligne du relevé pour plusieurs lignes du livre de même sens (remise de plusieurs
       chèques), jusqu'à ``regroupements`` lignes, dates à au plus ``jours`` d'écart.

    Returns:
        Les nouveaux pointages (mode ``"auto"``), codés à la suite de ``deja``.
    """
    pris_r = {i for p in deja for i in p.releve}
    pris_l = {i for p in deja for i in p.livre}
    utilises = {p.code for p in deja}
    nouveaux: list[Pointage] = []
    rang = 0

    def ajouter(r_ids: tuple[str, ...], l_ids: tuple[str, ...]) -> None:
        nonlocal rang
        while code_pointage(rang) in utilises:
            rang += 1
        code = code_pointage(rang)
        utilises.add(code)
        nouveaux.append(Pointage(code, r_ids, l_ids, "auto"))
        pris_r.update(r_ids)
        pris_l.update(l_ids)

    def proches(r: LignePointage) -> list[LignePointage]:
        return [x for x in livre if x.id not in pris_l and abs((x.date - r.date).days) <= jours]

    par_montant: dict[Decimal, list[LignePointage]] = {}
    for x in livre:
        par_montant.setdefault(x.montant, []).append(x)
    ordre = sorted(releve, key=lambda x: (x.date, x.id))
    for avec_reference in (True, False):
        for r in ordre:
            if r.id in pris_r:
                continue
            candidats = [
                x
                for x in par_montant.get(r.montant, ())
                if x.id not in pris_l
                and abs((x.date - r.date).days) <= jours
                and (not avec_reference or _meme_reference(r, x))
            ]
            if candidats:
                choisi = min(candidats, key=lambda x: (abs((x.date - r.date).days), x.date, x.id))
                ajouter((r.id,), (choisi.id,))
    for r in ordre:
        if r.id in pris_r:
            continue
        candidats = [
            x for x in proches(r) if (x.montant > 0) == (r.montant > 0) and abs(x.montant) < abs(r.montant)
        ]
        candidats = sorted(candidats, key=lambda x: (abs((x.date - r.date).days), x.id))[:12]
        trouve = _regroupement(r, candidats, regroupements)
        if trouve:
            ajouter((r.id,), tuple(x.id for x in trouve))
    return tuple(nouveaux)


def _regroupement(r: LignePointage, candidats: list[LignePointage], maximum: int):
    for taille in range(2, min(maximum, len(candidats)) + 1):
        for groupe in itertools.combinations(candidats, taille):
            if sum((x.montant for x in groupe), ZERO) == r.montant:
                return groupe
    return None


def pointage(
    releve: Sequence[LignePointage],
    livre: Sequence[LignePointage],
    ids_releve: Iterable[str],
    ids_livre: Iterable[str],
    *,
    deja: Sequence[Pointage] = (),
) -> Pointage:
    """Un pointage manuel, contrôlé : lignes connues, pas encore pointées, totaux égaux.

    Raises:
        PointageInvalide: message qui dit quelle ligne ou quelle différence pose problème.
    """
    index = {"releve": {x.id: x for x in releve}, "livre": {x.id: x for x in livre}}
    pris = {"releve": {i for p in deja for i in p.releve}, "livre": {i for p in deja for i in p.livre}}
    choisis = {
        "releve": tuple(dict.fromkeys(map(str, ids_releve))),
        "livre": tuple(dict.fromkeys(map(str, ids_livre))),
    }
    noms = {"releve": "du relevé", "livre": "du compte 512"}
    for cote, ids in choisis.items():
        if not ids:
            raise PointageInvalide(
                "Un pointage relie au moins une ligne du relevé et une ligne du compte 512.", champ=cote
            )
        for i in ids:
            if i not in index[cote]:
                raise PointageInvalide(f"La ligne {noms[cote]} « {i} » n'existe pas.", champ=cote)
            if i in pris[cote]:
                code = next(p.code for p in deja if i in getattr(p, cote))
                raise PointageInvalide(
                    f"La ligne {index[cote][i].description()} est déjà pointée ({code}) : "
                    "annulez ce pointage pour la reprendre.",
                    champ=cote,
                )
    total_r, total_l, difference = totaux_selection(
        [index["releve"][i] for i in choisis["releve"]], [index["livre"][i] for i in choisis["livre"]]
    )
    if difference:
        raise PointageInvalide(
            f"La sélection ne se pointe pas : relevé {format_montant(total_r)}, livre {format_montant(total_l)}, "
            f"différence {format_montant(difference)}. Cochez des lignes de même total.",
            champ="pointer",
        )
    utilises = {p.code for p in deja}
    rang = 0
    while code_pointage(rang) in utilises:
        rang += 1
    return Pointage(code_pointage(rang), tuple(sorted(choisis["releve"])), tuple(sorted(choisis["livre"])))


# ---------------------------------------------------------------------- erreurs de la banque
@dataclass(frozen=True)
class ErreurBanque:
    """Une erreur de la banque, à lui signaler pour correction (elle ne se comptabilise pas).

    Attributes:
        nature: ``"double prélèvement"`` ou ``"montant erroné"``.
        releve: la ligne fautive du relevé.
        livre: la ligne juste du livre (montant erroné), ``None`` pour un doublon.
        correction: ce que la banque doit rectifier, signé du point de vue de l'entreprise
            (positif : la banque doit recréditer le compte) ; s'ajoute au solde du relevé dans l'état.
    """

    nature: str
    releve: LignePointage
    livre: LignePointage | None
    correction: Decimal

    def message(self) -> str:
        """La réclamation, en une phrase."""
        r = self.releve
        if self.nature == "double prélèvement":
            return (
                f"Double prélèvement le {format_date(r.date)} : « {r.libelle} » de {format_montant(-r.montant)} "
                f"débité deux fois ; nous vous demandons de recréditer {format_montant(self.correction)}."
            )
        juste = self.livre.montant if self.livre else r.montant + self.correction
        sens = "recréditer" if self.correction > 0 else "débiter"
        return (
            f"Montant erroné le {format_date(r.date)} : « {r.libelle} » passé pour {format_montant(abs(r.montant))} "
            f"au lieu de {format_montant(abs(juste))} ; nous vous demandons de {sens} "
            f"{format_montant(abs(self.correction))}."
        )


def detecter_erreurs(
    releve: Sequence[LignePointage],
    livre: Sequence[LignePointage],
    pointages: Sequence[Pointage],
    *,
    jours: int = 5,
) -> tuple[ErreurBanque, ...]:
    """Repère les erreurs probables de la banque parmi les lignes non pointées.

    - **double prélèvement** : une sortie non pointée du relevé, de même montant et de même
      libellé qu'une autre sortie du relevé à au plus ``jours`` jours (de deux jumelles non
      pointées, la plus récente est le doublon, l'autre reste à comptabiliser) ;
    - **montant erroné** : une ligne non pointée du relevé et une du livre de même sens et
      de même référence (ou mêmes mots du libellé à au plus ``jours`` jours), de montants
      différents ; la pièce justificative fait foi : si c'est l'entreprise qui s'est
      trompée, elle corrige son écriture au lieu de réclamer.
    """
    pris_r = {i for p in pointages for i in p.releve}
    pris_l = {i for p in pointages for i in p.livre}
    libres_r = [x for x in releve if x.id not in pris_r]
    libres_l = [x for x in livre if x.id not in pris_l]
    erreurs: list[ErreurBanque] = []
    doublons: set[str] = set()
    # Du plus récent au plus ancien : de deux prélèvements jumeaux, le second est le doublon.
    for r in sorted(libres_r, key=lambda x: (x.date, x.id), reverse=True):
        if r.montant >= 0:
            continue
        jumeau = any(
            x.id != r.id
            and x.id not in doublons
            and x.montant == r.montant
            and _normaliser(x.libelle) == _normaliser(r.libelle)
            and abs((r.date - x.date).days) <= jours
            for x in releve
        )
        if jumeau:
            doublons.add(r.id)
            erreurs.append(ErreurBanque("double prélèvement", r, None, -r.montant))
    erreurs.reverse()
    for r in sorted(libres_r, key=lambda x: (x.date, x.id)):
        if r.id in doublons:
            continue
        for x in libres_l:
            if (x.montant > 0) != (r.montant > 0) or x.montant == r.montant:
                continue
            if abs((x.date - r.date).days) > JOURS_PAR_DEFAUT:
                continue
            if _meme_reference(r, x) or (
                abs((x.date - r.date).days) <= jours and _mots(r.libelle) & _mots(x.libelle)
            ):
                erreurs.append(ErreurBanque("montant erroné", r, x, x.montant - r.montant))
                libres_l.remove(x)
                break
    return tuple(erreurs)


# ---------------------------------------------------------------------- état de rapprochement
@dataclass(frozen=True)
class EtatRapprochement:
    """L'état de rapprochement bancaire à une date, présenté à la française.

    Attributes:
        date: date du rapprochement (fin du relevé).
        compte: compte de banque rapproché (``"512"``).
        solde_livre: solde du compte 512 au livre (débiteur positif).
        solde_releve: solde du relevé, vu de l'entreprise (créditeur chez la banque positif).
        non_enregistrees_entreprise: opérations du relevé que l'entreprise n'a pas enregistrées
            (frais, agios, prélèvements, virements reçus) : à comptabiliser.
        non_enregistrees_banque: opérations du livre que la banque n'a pas encore passées
            (chèques émis non encaissés, remises non créditées) : suspens du mois suivant.
        erreurs_banque: erreurs de la banque, à réclamer (s'ajoutent au solde du relevé).
        pointages: les pointages faits (manuels puis automatiques).
    """

    date: dt.date
    compte: str
    solde_livre: Decimal
    solde_releve: Decimal
    non_enregistrees_entreprise: tuple[LignePointage, ...] = ()
    non_enregistrees_banque: tuple[LignePointage, ...] = ()
    erreurs_banque: tuple[ErreurBanque, ...] = ()
    pointages: tuple[Pointage, ...] = ()

    @property
    def solde_rectifie_entreprise(self) -> Decimal:
        """Solde du 512 plus les opérations que seule la banque a enregistrées."""
        return self.solde_livre + sum((x.montant for x in self.non_enregistrees_entreprise), ZERO)

    @property
    def solde_rectifie_banque(self) -> Decimal:
        """Solde du relevé plus les opérations que seule l'entreprise a enregistrées et les corrections dues."""
        return (
            self.solde_releve
            + sum((x.montant for x in self.non_enregistrees_banque), ZERO)
            + sum((e.correction for e in self.erreurs_banque), ZERO)
        )

    @property
    def ecart(self) -> Decimal:
        """Solde rectifié de la banque moins celui de l'entreprise (zéro quand tout est expliqué)."""
        return self.solde_rectifie_banque - self.solde_rectifie_entreprise

    @property
    def apure(self) -> bool:
        """Vrai quand les soldes rectifiés sont égaux : tout écart est expliqué."""
        return self.ecart == ZERO

    def lignes(self) -> list[dict]:
        """Les lignes de l'état, colonne par colonne : ``cote``, ``libelle``, ``debit``, ``credit``.

        Côté entreprise (compte 512) : le solde débiteur au débit ; les entrées non enregistrées
        au débit, les sorties au crédit. Côté banque (compte de l'entreprise chez la banque,
        tenu à l'envers) : le solde créditeur au crédit ; les remises non créditées au crédit,
        les chèques non débités au débit ; les corrections dues par la banque de même.
        """

        def ligne(cote, libelle, valeur, banque=False):
            positif = valeur >= 0
            au_debit = positif != banque
            return {
                "cote": cote,
                "libelle": libelle,
                "debit": abs(valeur) if au_debit else ZERO,
                "credit": ZERO if au_debit else abs(valeur),
            }

        d = format_date(self.date)
        lignes = [ligne("entreprise", f"Solde du compte {self.compte} au {d}", self.solde_livre)]
        lignes += [
            ligne("entreprise", f"{format_date(x.date)} {x.libelle}", x.montant)
            for x in self.non_enregistrees_entreprise
        ]
        lignes.append(ligne("entreprise", "Solde rectifié", self.solde_rectifie_entreprise))
        lignes.append(ligne("banque", f"Solde du relevé au {d}", self.solde_releve, banque=True))
        lignes += [
            ligne("banque", f"{format_date(x.date)} {x.libelle}", x.montant, banque=True)
            for x in self.non_enregistrees_banque
        ]
        lignes += [
            ligne(
                "banque", f"Erreur de la banque ({e.nature}) : {e.releve.libelle}", e.correction, banque=True
            )
            for e in self.erreurs_banque
        ]
        lignes.append(ligne("banque", "Solde rectifié", self.solde_rectifie_banque, banque=True))
        return lignes

    def tableau(self):
        """L'état en deux colonnes côte à côte (``DataFrame``), comme on le présente à la main.

        Colonnes : « Compte 512 (entreprise) », débit, crédit, « Relevé (banque) », débit,
        crédit ; la dernière ligne donne les soldes rectifiés, égaux si l'état est apuré.
        """
        import pandas as pd

        lignes = self.lignes()
        gauche = [x for x in lignes if x["cote"] == "entreprise"]
        droite = [x for x in lignes if x["cote"] == "banque"]
        hauteur = max(len(gauche), len(droite))
        vide = {"libelle": "", "debit": None, "credit": None}
        gauche = gauche[:-1] + [vide] * (hauteur - len(gauche)) + gauche[-1:]
        droite = droite[:-1] + [vide] * (hauteur - len(droite)) + droite[-1:]
        return pd.DataFrame(
            [
                {
                    "entreprise": g["libelle"],
                    "debit_entreprise": g["debit"],
                    "credit_entreprise": g["credit"],
                    "banque": b["libelle"],
                    "debit_banque": b["debit"],
                    "credit_banque": b["credit"],
                }
                for g, b in zip(gauche, droite, strict=True)
            ]
        )

    def ecritures(
        self,
        regles: Sequence[RegleCodification] | None = None,
        *,
        tiers: dict[str, str] | None = None,
        journal: str = "BQ",
    ) -> tuple[Ecriture, ...]:
        """Les écritures des opérations que seule la banque a enregistrées (journal de banque).

        Chaque opération est codifiée par :func:`compta_kernel.banque.codifier` (règles par
        défaut ou ``regles``) ; les erreurs de la banque ne se comptabilisent pas.
        """
        from compta_kernel.banque import REGLES_PAR_DEFAUT, codifier, ecritures_banque

        mouvements = [_mouvement(x) for x in self.non_enregistrees_entreprise]
        imputations = codifier(mouvements, REGLES_PAR_DEFAUT if regles is None else regles, tiers=tiers)
        return ecritures_banque(imputations, journal=journal, compte_banque=self.compte)

    def reclamation(self) -> str:
        """Le texte de la demande de correction à la banque (vide s'il n'y a pas d'erreur)."""
        if not self.erreurs_banque:
            return ""
        total = sum((e.correction for e in self.erreurs_banque), ZERO)
        points = "\n".join(f"- {e.message()}" for e in self.erreurs_banque)
        faveur = "en notre faveur" if total >= 0 else "en votre faveur"
        return (
            f"Objet : demande de rectification — relevé au {format_date(self.date)}\n\n"
            "Madame, Monsieur,\n\nLors du rapprochement de notre compte, nous avons relevé les erreurs suivantes :\n"
            f"{points}\n\nMontant net à rectifier {faveur} : {format_montant(abs(total))}.\n"
            "Nous vous remercions de bien vouloir procéder à cette correction.\n"
        )

    def texte(self) -> str:
        """L'état en texte, une colonne après l'autre, avec la conclusion."""
        lignes = []
        for cote, titre in (
            ("entreprise", f"Compte {self.compte} (entreprise)"),
            ("banque", "Relevé (banque)"),
        ):
            lignes.append(titre)
            for x in self.lignes():
                if x["cote"] == cote:
                    valeur = x["debit"] or x["credit"]
                    sens = "D" if x["debit"] else "C"
                    lignes.append(f"  {x['libelle']:<60} {format_montant(valeur):>16} {sens}")
        lignes.append(self.conclusion())
        return "\n".join(lignes)

    def conclusion(self) -> str:
        """« État apuré » ou l'écart restant à expliquer."""
        if self.apure:
            return f"État apuré : soldes rectifiés égaux ({format_montant(self.solde_rectifie_entreprise)})."
        return (
            f"État non apuré : écart de {format_montant(self.ecart)} entre les soldes rectifiés "
            f"(banque {format_montant(self.solde_rectifie_banque)}, entreprise "
            f"{format_montant(self.solde_rectifie_entreprise)}). Cherchez une opération non pointée, "
            "un suspens du mois précédent ou une erreur de montant."
        )

    def _repr_html_(self) -> str:
        e = html.escape

        def cellule(v):
            return "" if v is None or v == ZERO else format_montant(v, devise=False)

        corps = "".join(
            "<tr>"
            + "".join(
                f"<td>{e(r[c])}</td>"
                if c in ("entreprise", "banque")
                else f"<td style='text-align:right'>{cellule(r[c])}</td>"
                for c in (
                    "entreprise",
                    "debit_entreprise",
                    "credit_entreprise",
                    "banque",
                    "debit_banque",
                    "credit_banque",
                )
            )
            + "</tr>"
            for r in self.tableau().to_dict("records")
        )
        return (
            f"<div><b>État de rapprochement au {format_date(self.date)}</b><table>"
            f"<tr><th>Compte {e(self.compte)} (entreprise)</th><th>Débit</th><th>Crédit</th>"
            "<th>Relevé (banque)</th><th>Débit</th><th>Crédit</th></tr>"
            f"{corps}</table><p>{e(self.conclusion())}</p></div>"
        )


def _mouvement(ligne: LignePointage) -> MouvementBancaire:
    from compta_kernel.banque import MouvementBancaire

    return MouvementBancaire(
        ligne.date, ligne.libelle, ligne.montant, reference=ligne.reference, identifiant=ligne.id
    )


def etat_rapprochement(
    releve: Sequence[LignePointage],
    livre: Sequence[LignePointage],
    pointages: Sequence[Pointage],
    *,
    date: dt.date,
    solde_livre: Decimal,
    solde_releve: Decimal,
    compte: str = "512",
    erreurs: Sequence[ErreurBanque] = (),
) -> EtatRapprochement:
    """L'état à partir de lignes déjà pointées : les lignes restantes vont de chaque côté.

    Les lignes du relevé citées dans ``erreurs`` (et la ligne juste du livre d'un montant
    erroné) sont expliquées par l'erreur et ne sont pas reprises comme suspens.
    """
    pris_r = {i for p in pointages for i in p.releve} | {e.releve.id for e in erreurs}
    pris_l = {i for p in pointages for i in p.livre} | {e.livre.id for e in erreurs if e.livre is not None}
    return EtatRapprochement(
        date=date,
        compte=compte,
        solde_livre=solde_livre,
        solde_releve=solde_releve,
        non_enregistrees_entreprise=tuple(x for x in releve if x.id not in pris_r),
        non_enregistrees_banque=tuple(x for x in livre if x.id not in pris_l),
        erreurs_banque=tuple(erreurs),
        pointages=tuple(pointages),
    )


def rapprocher(
    livre: Livre,
    releve: Releve,
    *,
    compte: str = "512",
    pointages: Iterable[tuple[Iterable[str], Iterable[str]] | Pointage] = (),
    automatique: bool = True,
    detecter: bool = True,
    precedent: EtatRapprochement | None = None,
    jours: int = JOURS_PAR_DEFAUT,
    debut: dt.date | None = None,
) -> EtatRapprochement:
    """Rapproche le compte de banque du livre et un relevé : pointage, erreurs, état.

    Args:
        livre: le livre de l'entreprise.
        releve: le relevé (:func:`compta_kernel.banque.lire_releve`), soldes connus.
        compte: le compte de banque (``"512"`` ou un sous-compte, ``"5121"``).
        pointages: pointages manuels, faits d'abord : des :class:`Pointage` ou des couples
            ``(identifiants du relevé, identifiants du livre)`` ; chacun est contrôlé.
        automatique: pointe ensuite automatiquement le reste (:func:`pointer_automatiquement`).
        detecter: repère les erreurs de la banque (:func:`detecter_erreurs`).
        precedent: l'état du mois précédent : ses suspens (opérations du livre non passées
            par la banque, opérations du relevé non enregistrées, erreurs non encore
            corrigées) sont repris.
        jours: écart de dates maximal pour le pointage automatique.
        debut: première date des lignes du livre à rapprocher ; par défaut le lendemain de
            ``precedent``, sinon le début du relevé.

    Les lignes du livre rapprochées sont celles de la période (hors à-nouveaux), plus les
    suspens de ``precedent``.

    Raises:
        PointageInvalide: un pointage manuel est refusé.
        ErreurComptable: le relevé n'a pas de solde final ou de date de fin.
    """
    if releve.solde_final is None or releve.fin is None:
        raise ErreurComptable(
            "Le relevé n'a pas de solde final ou de date de fin : le rapprochement part de ces deux données.",
            champ="releve",
        )
    if debut is None:
        debut = precedent.date + dt.timedelta(days=1) if precedent is not None else releve.debut
    cote_releve = list(lignes_releve(releve))
    cote_livre = list(lignes_compte(livre, compte, debut=debut, fin=releve.fin))
    if precedent is not None:
        ids_l = {x.id for x in cote_livre}
        cote_livre += [x for x in precedent.non_enregistrees_banque if x.id not in ids_l]
        ids_r = {x.id for x in cote_releve}
        cote_releve += [x for x in precedent.non_enregistrees_entreprise if x.id not in ids_r]
    faits: list[Pointage] = []
    for p in pointages:
        ids = (p.releve, p.livre) if isinstance(p, Pointage) else p
        faits.append(pointage(cote_releve, cote_livre, ids[0], ids[1], deja=faits))
    if automatique:
        faits += pointer_automatiquement(cote_releve, cote_livre, jours=jours, deja=faits)
    erreurs = list(detecter_erreurs(cote_releve, cote_livre, faits)) if detecter else []
    if precedent is not None:
        erreurs += _erreurs_non_corrigees(precedent, cote_releve, faits, erreurs)
    return etat_rapprochement(
        cote_releve,
        cote_livre,
        faits,
        date=releve.fin,
        solde_livre=solde_compte(livre, compte, au=releve.fin),
        solde_releve=releve.solde_final,
        compte=compte,
        erreurs=erreurs,
    )


def _erreurs_non_corrigees(precedent, cote_releve, faits, erreurs) -> list[ErreurBanque]:
    """Erreurs du mois précédent que la banque n'a pas encore corrigées ce mois-ci.

    Une correction est une ligne du relevé non pointée de montant égal à la correction due ;
    elle est alors retirée des opérations à enregistrer.
    """
    pris = {i for p in faits for i in p.releve} | {e.releve.id for e in erreurs}
    restantes = []
    for e in precedent.erreurs_banque:
        correction = next((x for x in cote_releve if x.id not in pris and x.montant == e.correction), None)
        if correction is None:
            restantes.append(e)
        else:
            pris.add(correction.id)
            faits.append(
                Pointage(f"corr:{e.releve.id}"[:IDENTIFIANT_MAX], (correction.id,), (), "correction")
            )
    return restantes
