"""États de synthèse : balance après inventaire, bilan, compte de résultat, annexe, résultat fiscal.

Sert l'activité B2.3 « Participation à la clôture des comptes » (collaborer à la
préparation du bilan, du compte de résultat et de l'annexe ; réintégrations et
déductions fiscales) et B2.2 (balance après inventaire).

Le bilan et le compte de résultat suivent les modèles en tableau du PCG (système
de base, art. 821-1 et suivants), avec la nomenclature applicable depuis 2025
(règlement ANC n° 2022-06). Chaque poste se calcule depuis les soldes de la
balance par la table de correspondance ``donnees/etats_synthese_2025.csv`` (une
racine de comptes par poste ; un compte va à la racine la plus longue qui lui
correspond ; les comptes de tiers à solde variable vont à l'actif ou au passif
selon le sens de leur solde, compte par compte). Un compte que la table ne range
nulle part (compte d'attente 471, virements internes 58 non soldés, caisse
créditrice) déséquilibre le bilan : :class:`BilanDesequilibre` le nomme.

Les montants sont des ``Decimal`` exacts (sommes de centimes) ; seul l'impôt sur
les sociétés est arrondi au centime, demi supérieur, tranche par tranche.

>>> import datetime as dt
>>> from compta_kernel import Ecriture, Ligne, Livre
>>> livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
>>> _ = livre.passer(Ecriture("OD", dt.date(2026, 1, 1), "K1", "Apport en capital", (
...     Ligne("512", debit="10 000"), Ligne("101", credit="10 000"))))
>>> _ = livre.passer(Ecriture("VT", dt.date(2026, 3, 2), "F1", "Vente", (
...     Ligne("512", debit="1 200"), Ligne("706", credit="1 000"), Ligne("44571", credit="200"))))
>>> b = bilan(livre)
>>> b.total_actif, b.total_passif, b.resultat
(Decimal('11200.00'), Decimal('11200.00'), Decimal('1000.00'))
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, arrondir, depuis_centimes, en_centimes, montant

if TYPE_CHECKING:
    import pandas as pd

    from compta_kernel.livre import Livre

__all__ = [
    "Bilan",
    "BilanDesequilibre",
    "EtatDeSyntheseInvalide",
    "ResultatFiscal",
    "Vehicule",
    "balance_apres_inventaire",
    "bilan",
    "compte_de_resultat",
    "part_non_deductible_amortissement",
    "resultat_fiscal",
    "tableau_provisions",
    "tableau_regularisations",
]

FICHIER = "etats_synthese_2025.csv"
"""Table de correspondance comptes → postes, dans ``compta_kernel/donnees``."""


class EtatDeSyntheseInvalide(ErreurComptable, ValueError):
    """Les soldes ne permettent pas d'établir l'état : comptes non classés, balance déséquilibrée.

    Attributes:
        comptes: les comptes fautifs, avec leur solde (débiteur positif).
    """

    def __init__(self, message: str, comptes: tuple[tuple[str, Decimal], ...] = ()) -> None:
        super().__init__(message, champ="comptes")
        self.comptes = comptes


class BilanDesequilibre(EtatDeSyntheseInvalide):
    """Le total de l'actif diffère du total du passif ; le message nomme les comptes en cause."""


@dataclass(frozen=True, slots=True)
class _Poste:
    document: str
    section: str
    poste: str
    colonne: str
    racine: str
    solde: str


@cache
def _table() -> tuple[_Poste, ...]:
    texte = (resources.files("compta_kernel") / "donnees" / FICHIER).read_text(encoding="utf-8")
    lignes = [ligne for ligne in texte.splitlines() if ligne and not ligne.startswith("#")]
    postes = []
    for r in csv.DictReader(lignes, delimiter=";"):
        for racine in r["comptes"].split():
            postes.append(_Poste(r["document"], r["section"], r["poste"], r["colonne"], racine, r["solde"]))
    return tuple(postes)


def _ordre(document: str) -> list[tuple[str, str]]:
    """(section, poste) du document, dans l'ordre du modèle, sans doublon."""
    vus: dict[tuple[str, str], None] = {}
    for p in _table():
        if p.document == document:
            vus.setdefault((p.section, p.poste), None)
    return list(vus)


def _affecter(compte: str, solde: int, documents: tuple[str, ...]) -> _Poste | None:
    """Le poste d'un compte : la racine la plus longue qui lui correspond et dont la condition de solde tient."""
    meilleur = None
    for p in _table():
        if p.document not in documents or not compte.startswith(p.racine):
            continue
        if (p.solde == "D" and solde <= 0) or (p.solde == "C" and solde >= 0):
            continue
        if meilleur is None or len(p.racine) > len(meilleur.racine):
            meilleur = p
    return meilleur


def _soldes(source: Livre | pd.DataFrame) -> dict[str, int]:
    """Solde (débit − crédit, en centimes) de chaque compte d'un livre ou d'une balance."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        if {"solde_debiteur", "solde_crediteur"} <= set(source.columns):
            d, c = source["solde_debiteur"], source["solde_crediteur"]
        else:
            d, c = source["debit"], source["credit"]
        soldes: dict[str, int] = {}
        for compte, debit, credit in zip(source["compte"], d, c, strict=True):
            n = str(compte)
            soldes[n] = soldes.get(n, 0) + en_centimes(montant(debit)) - en_centimes(montant(credit))
        return soldes
    table = source.table()
    groupes = table.groupby("compte", observed=True, sort=True)[["debit", "credit"]].sum()
    return {
        str(c): int(d - k) for c, d, k in zip(groupes.index, groupes["debit"], groupes["credit"], strict=True)
    }


def _resultat(soldes: Mapping[str, int]) -> int:
    """Résultat des classes 6 et 7 non encore viré en 12 : produits − charges, en centimes."""
    return -sum(s for c, s in soldes.items() if c[0] in "67")


def _libelle(compte: str) -> str:
    from compta_kernel import pcg

    return pcg.libelle(compte) if pcg.est_valide(compte) else ""


def _fautifs(comptes: list[tuple[str, int]]) -> str:
    from compta_kernel.presentation import format_montant

    return ", ".join(
        f"{c} {_libelle(c)} (solde {'débiteur' if s > 0 else 'créditeur'} {format_montant(depuis_centimes(abs(s)))})"
        for c, s in comptes
    )


# ---------------------------------------------------------------------- balance après inventaire
def balance_apres_inventaire(livre: Livre) -> pd.DataFrame:
    """Balance générale après les écritures d'inventaire (journal de situation compris).

    ``df.attrs`` ajoute à ceux de :func:`compta_kernel.etats.balance` le nombre
    d'écritures d'inventaire (``ecritures_inventaire``) et le résultat
    (``resultat`` : produits − charges).

    Raises:
        EtatDeSyntheseInvalide: si la balance n'est pas équilibrée.
    """
    df = livre.balance()
    if not df.attrs["equilibree"]:
        raise EtatDeSyntheseInvalide(
            f"La balance n'est pas équilibrée (débits {df.attrs['total_debit']}, crédits "
            f"{df.attrs['total_credit']}) : contrôlez les écritures avant l'inventaire."
        )
    df.attrs["titre"] = "Balance après inventaire"
    df.attrs["ecritures_inventaire"] = sum(1 for _ in livre.ecritures("SI"))
    df.attrs["resultat"] = depuis_centimes(_resultat(_soldes(livre)))
    return df


# ---------------------------------------------------------------------- bilan
@dataclass(frozen=True, eq=False)
class Bilan:
    """Bilan avant répartition : actif et passif, chacun un ``DataFrame`` dans l'ordre du modèle.

    Attributes:
        actif: colonnes ``section``, ``poste``, ``brut``, ``amortissements``, ``net``, ``net_precedent``.
        passif: colonnes ``section``, ``poste``, ``montant``, ``montant_precedent``.
        total_actif, total_passif: totaux nets de l'exercice.
        resultat: résultat de l'exercice porté au passif.
        date: date de clôture (``None`` pour une balance sans date).
        postes_comptes: pour chaque poste, les comptes qui le composent.
    """

    actif: pd.DataFrame
    passif: pd.DataFrame
    total_actif: Decimal
    total_passif: Decimal
    resultat: Decimal
    date: dt.date | None = None
    postes_comptes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def equilibre(self) -> bool:
        """Vrai quand le total de l'actif égale celui du passif."""
        return self.total_actif == self.total_passif

    def _repr_html_(self) -> str:
        """Rendu dans un carnet : actif puis passif, montants à la française, postes non nuls."""
        from compta_kernel.presentation import format_montant, style_francais

        actif = self.actif[(self.actif[["brut", "net_precedent"]] != ZERO).any(axis=1)]
        passif = self.passif[(self.passif[["montant", "montant_precedent"]] != ZERO).any(axis=1)]
        date = f" au {self.date:%d/%m/%Y}" if self.date else ""
        return (
            f"<h4>Bilan{date} — actif ({format_montant(self.total_actif)})</h4>"
            + style_francais(actif).to_html()
            + f"<h4>Passif ({format_montant(self.total_passif)})</h4>"
            + style_francais(passif).to_html()
        )


def _montants_bilan(soldes: Mapping[str, int]) -> tuple[dict, dict, list[tuple[str, int]], dict]:
    """Montants par (document, section, poste, colonne), orientés ; comptes non classés."""
    montants: dict[tuple[str, str, str, str], int] = {}
    composition: dict[str, list[str]] = {}
    fautifs = []
    for compte, solde in soldes.items():
        if not solde or compte[0] not in "12345":
            continue
        p = _affecter(compte, solde, ("actif", "passif"))
        if p is None:
            fautifs.append((compte, solde))
            continue
        oriente = solde if (p.document == "actif" and p.colonne == "brut") else -solde
        cle = (p.document, p.section, p.poste, p.colonne)
        montants[cle] = montants.get(cle, 0) + oriente
        composition.setdefault(p.poste, []).append(compte)
    resultat = _resultat(soldes)
    cle = ("passif", "Capitaux propres", "Résultat de l'exercice (bénéfice ou perte)", "montant")
    montants[cle] = montants.get(cle, 0) + resultat
    return montants, composition, fautifs, {"resultat": resultat}


def bilan(source: Livre | pd.DataFrame, *, precedent: Livre | pd.DataFrame | None = None) -> Bilan:
    """Bilan (avant répartition) au format du modèle du PCG, système de base, depuis la balance.

    Args:
        source: le livre de l'exercice (après inventaire) ou sa balance (``compte``,
            ``solde_debiteur``, ``solde_crediteur`` ou ``debit``, ``credit``).
        precedent: le livre ou la balance de l'exercice précédent (colonne N-1 : chaque poste
            indique le chiffre de l'exercice précédent, C. com. art. L123-15).

    Returns:
        le :class:`Bilan` ; le résultat non encore viré en 12 (classes 6 et 7) est
        porté au passif.

    Raises:
        BilanDesequilibre: actif ≠ passif ; le message nomme les comptes que la table
            ne range nulle part (compte d'attente, virement interne, caisse
            créditrice...) et l'écart de la balance elle-même s'il y en a un.
    """
    import pandas as pd

    soldes = _soldes(source)
    montants, composition, fautifs, extra = _montants_bilan(soldes)
    anterieurs = _montants_bilan(_soldes(precedent))[0] if precedent is not None else {}

    def valeur(m, document, section, poste, colonne):
        return depuis_centimes(m.get((document, section, poste, colonne), 0))

    actif_lignes = []
    for section, poste in _ordre("actif"):
        brut = valeur(montants, "actif", section, poste, "brut")
        amort = valeur(montants, "actif", section, poste, "amortissements")
        n1 = valeur(anterieurs, "actif", section, poste, "brut") - valeur(
            anterieurs, "actif", section, poste, "amortissements"
        )
        actif_lignes.append((section, poste, brut, amort, brut - amort, n1))
    passif_lignes = [
        (
            section,
            poste,
            valeur(montants, "passif", section, poste, "montant"),
            valeur(anterieurs, "passif", section, poste, "montant"),
        )
        for section, poste in _ordre("passif")
    ]
    actif = pd.DataFrame(
        actif_lignes, columns=["section", "poste", "brut", "amortissements", "net", "net_precedent"]
    )
    passif = pd.DataFrame(passif_lignes, columns=["section", "poste", "montant", "montant_precedent"])
    total_actif = sum(actif["net"], ZERO)
    total_passif = sum(passif["montant"], ZERO)
    for df, colonne in ((actif, "net"), (passif, "montant")):
        df.attrs["totaux_sections"] = {s: sum(g[colonne], ZERO) for s, g in df.groupby("section", sort=False)}
    actif.attrs["titre"], passif.attrs["titre"] = "Bilan actif", "Bilan passif"
    if total_actif != total_passif:
        from compta_kernel.presentation import format_montant

        ecart_balance = sum(soldes.values())
        message = (
            f"Bilan déséquilibré : actif {format_montant(total_actif)}, passif {format_montant(total_passif)}, "
            f"écart {format_montant(abs(total_actif - total_passif))}."
        )
        if fautifs:
            message += (
                " Comptes qui ne correspondent à aucun poste du bilan : "
                + _fautifs(fautifs)
                + ". Soldez-les "
                "(compte d'attente, virement interne) ou corrigez l'imputation."
            )
        if ecart_balance:
            message += (
                f" La balance elle-même n'est pas équilibrée (débits − crédits = "
                f"{format_montant(depuis_centimes(ecart_balance))})."
            )
        raise BilanDesequilibre(message, tuple((c, depuis_centimes(s)) for c, s in fautifs))
    date = getattr(source, "fin", None)
    return Bilan(
        actif,
        passif,
        total_actif,
        total_passif,
        depuis_centimes(extra["resultat"]),
        date,
        {k: tuple(v) for k, v in composition.items()},
    )


# ---------------------------------------------------------------------- compte de résultat
_SECTIONS_RESULTAT = {
    "Exploitation": "resultat_exploitation",
    "Opérations en commun": "operations_en_commun",
    "Financier": "resultat_financier",
    "Exceptionnel": "resultat_exceptionnel",
}


def _montants_resultat(soldes: Mapping[str, int]) -> tuple[dict, list[tuple[str, int]]]:
    montants: dict[tuple[str, str, str], int] = {}
    fautifs = []
    for compte, solde in soldes.items():
        if not solde or compte[0] not in "67":
            continue
        p = _affecter(compte, solde, ("charges",) if compte[0] == "6" else ("produits",))
        if p is None:
            fautifs.append((compte, solde))
            continue
        cle = (p.document, p.section, p.poste)
        montants[cle] = montants.get(cle, 0) + (solde if p.document == "charges" else -solde)
    return montants, fautifs


def compte_de_resultat(
    source: Livre | pd.DataFrame, *, precedent: Livre | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Compte de résultat au format du modèle du PCG (système de base), depuis la balance.

    Colonnes : ``nature`` (charges, produits), ``section`` (Exploitation, Opérations
    en commun, Financier, Exceptionnel, Participation et impôts), ``poste``,
    ``montant``, ``precedent`` (exercice N-1, zéro sans ``precedent``).
    ``df.attrs`` : ``resultat_exploitation``, ``operations_en_commun``,
    ``resultat_financier``, ``resultat_courant_avant_impots``, ``resultat_exceptionnel``,
    ``participation``, ``impots_sur_les_benefices``, ``total_produits``, ``total_charges``
    et ``resultat`` (bénéfice positif, perte négative), le même que celui du bilan.

    Raises:
        EtatDeSyntheseInvalide: un compte de charge ou de produit ne correspond à aucun poste.
    """
    import pandas as pd

    soldes = _soldes(source)
    montants, fautifs = _montants_resultat(soldes)
    if fautifs:
        raise EtatDeSyntheseInvalide(
            "Comptes de charges ou de produits sans poste du compte de résultat : " + _fautifs(fautifs) + ".",
            tuple((c, depuis_centimes(s)) for c, s in fautifs),
        )
    anterieurs = _montants_resultat(_soldes(precedent))[0] if precedent is not None else {}
    lignes = []
    for nature in ("produits", "charges"):
        for section, poste in _ordre(nature):
            lignes.append(
                (
                    nature,
                    section,
                    poste,
                    depuis_centimes(montants.get((nature, section, poste), 0)),
                    depuis_centimes(anterieurs.get((nature, section, poste), 0)),
                )
            )
    df = pd.DataFrame(lignes, columns=["nature", "section", "poste", "montant", "precedent"])

    def total(nature, section=None):
        masque = df["nature"] == nature
        if section is not None:
            masque &= df["section"] == section
        return sum(df.loc[masque, "montant"], ZERO)

    attrs = {}
    for section, cle in _SECTIONS_RESULTAT.items():
        attrs[cle] = total("produits", section) - total("charges", section)
    attrs["resultat_courant_avant_impots"] = (
        attrs["resultat_exploitation"] + attrs["operations_en_commun"] + attrs["resultat_financier"]
    )
    impots = df[(df["nature"] == "charges") & (df["section"] == "Participation et impôts")]
    attrs["participation"] = sum(impots.loc[impots["poste"].str.startswith("Participation"), "montant"], ZERO)
    attrs["impots_sur_les_benefices"] = sum(
        impots.loc[impots["poste"].str.startswith("Impôts"), "montant"], ZERO
    )
    attrs["total_produits"] = total("produits")
    attrs["total_charges"] = total("charges")
    attrs["resultat"] = attrs["total_produits"] - attrs["total_charges"]
    assert attrs["resultat"] == depuis_centimes(_resultat(soldes)), "tous les comptes 6 et 7 sont classés"
    df.attrs.update(attrs)
    df.attrs["titre"] = "Compte de résultat"
    return df


# ---------------------------------------------------------------------- annexe
_PROVISIONS = (
    ("14", "Provisions réglementées"),
    ("151", "Provisions pour risques"),
    ("152", "Provisions pour charges"),
    ("29", "Dépréciations des immobilisations"),
    ("39", "Dépréciations des stocks et en-cours"),
    ("49", "Dépréciations des comptes de tiers"),
    ("59", "Dépréciations des comptes financiers"),
)


def tableau_provisions(livre: Livre) -> pd.DataFrame:
    """Annexe : état des provisions et des dépréciations (hors amortissements).

    Par rubrique : ``debut`` (montant à l'ouverture : à-nouveaux), ``augmentations``
    (dotations de l'exercice : crédits), ``diminutions`` (reprises : débits), ``fin``
    (montant à la clôture), tous positifs pour une provision créditrice
    (tableau « Provisions et dépréciations » des modèles d'annexe du PCG).
    """
    import pandas as pd

    table = livre.table()
    comptes = table["compte"].astype(str)
    a_nouveaux = (table["journal"] == "AN").to_numpy()
    lignes = []
    for racine, libelle in _PROVISIONS:
        masque = comptes.str.startswith(racine).to_numpy()
        debut = int((table["credit"] - table["debit"])[masque & a_nouveaux].sum())
        courant = masque & ~a_nouveaux
        augmentations = int(table["credit"][courant].sum())
        diminutions = int(table["debit"][courant].sum())
        lignes.append(
            (
                racine,
                libelle,
                *(
                    depuis_centimes(v)
                    for v in (debut, augmentations, diminutions, debut + augmentations - diminutions)
                ),
            )
        )
    df = pd.DataFrame(lignes, columns=["comptes", "rubrique", "debut", "augmentations", "diminutions", "fin"])
    df.attrs["titre"] = "État des provisions et des dépréciations"
    return df


_REGULARISATIONS = (
    ("Charges à payer", ("408", "4198", "4282", "4286", "4382", "4386", "4481", "468"), -1),
    ("Produits à recevoir", ("418", "4098", "439", "4482", "467"), 1),
    ("Charges constatées d'avance", ("486",), 1),
    ("Produits constatés d'avance", ("487",), -1),
)


def tableau_regularisations(livre: Livre) -> pd.DataFrame:
    """Annexe : charges à payer, produits à recevoir, charges et produits constatés d'avance, par compte.

    Colonnes ``categorie``, ``compte``, ``libelle``, ``montant`` (positif dans le sens
    normal de la catégorie). ``df.attrs["totaux"]`` donne le total de chaque catégorie.
    """
    import pandas as pd

    soldes = _soldes(livre)
    lignes = []
    for categorie, racines, sens in _REGULARISATIONS:
        for compte, solde in sorted(soldes.items()):
            if solde and compte.startswith(racines):
                lignes.append(
                    (categorie, compte, livre.libelle_compte(compte), depuis_centimes(solde * sens))
                )
    df = pd.DataFrame(lignes, columns=["categorie", "compte", "libelle", "montant"])
    df.attrs["totaux"] = {
        c: sum(df.loc[df["categorie"] == c, "montant"], ZERO) for c, _, _ in _REGULARISATIONS
    }
    df.attrs["titre"] = "Charges à payer, produits à recevoir, comptes de régularisation"
    return df


# ---------------------------------------------------------------------- résultat fiscal
@dataclass(frozen=True, slots=True)
class Vehicule:
    """Un véhicule de tourisme amorti, pour la réintégration de l'amortissement excédentaire.

    Attributes:
        designation: nom du véhicule.
        cout_ttc: coût d'acquisition TTC (la TVA d'un véhicule de tourisme n'est pas déductible).
        co2: émissions de CO2 en g/km (norme WLTP).
        acquisition: date d'acquisition (détermine le barème).
        dotation: dotation aux amortissements de l'exercice.
    """

    designation: str
    cout_ttc: Decimal
    co2: int
    acquisition: dt.date
    dotation: Decimal


def _plafond_vehicule(vehicule: Vehicule, date_cloture: dt.date) -> tuple[Decimal, str]:
    from compta_kernel import regles

    depuis = regles.valeur("fiscal.vehicules.bareme_wltp_depuis", date_cloture)
    if vehicule.acquisition < depuis:
        raise ErreurComptable(
            f"Le véhicule {vehicule.designation} a été acquis le {vehicule.acquisition:%d/%m/%Y}, avant le "
            f"{depuis:%d/%m/%Y} : son plafond relève d'un barème antérieur que les données du cours ne "
            "reprennent pas. Donnez la réintégration en montant (reintegrations=)."
        )
    co2 = int(vehicule.co2)
    if co2 < 20:
        cle = "moins_de_20g"
    elif co2 < 50:
        cle = "de_20_a_49g"
    elif co2 <= 160:
        cle = "de_50_a_160g"
    else:
        cle = "plus_de_160g"
    r = regles.regle(f"fiscal.vehicules.plafond.{cle}", date_cloture)
    return r.valeur, r.source


def part_non_deductible_amortissement(vehicule: Vehicule, date_cloture: dt.date) -> Decimal:
    """Part de la dotation d'un véhicule de tourisme à réintégrer : au-delà du plafond selon le CO2.

    Réintégration = dotation × (coût TTC − plafond) / coût TTC, arrondie au
    centime, demi supérieur ; zéro si le coût ne dépasse pas le plafond (CGI,
    art. 39, 4 ; plafonds datés dans ``donnees/regles/<année>/fiscal.yaml``, lus à
    la date de clôture ; véhicules acquis depuis 2021, barème WLTP).

    >>> v = Vehicule("Berline", Decimal("30000"), 130, dt.date(2026, 1, 2), Decimal("6000"))
    >>> part_non_deductible_amortissement(v, dt.date(2026, 12, 31))
    Decimal('2340.00')
    """
    cout = montant(vehicule.cout_ttc)
    plafond, _ = _plafond_vehicule(vehicule, date_cloture)
    if cout <= plafond:
        return ZERO
    return arrondir(montant(vehicule.dotation) * (cout - plafond) / cout)


@dataclass(frozen=True, slots=True)
class ResultatFiscal:
    """Passage du résultat comptable au résultat fiscal, puis l'impôt sur les sociétés.

    Attributes:
        resultat_comptable: bénéfice (positif) ou perte (négatif) comptable.
        reintegrations, deductions: (libellé, montant) de chaque retraitement extra-comptable.
        resultat: le résultat fiscal (bénéfice positif, déficit négatif).
        base_taux_reduit, base_taux_normal: parts du bénéfice imposées à chaque taux.
        is_taux_reduit, is_taux_normal: l'impôt de chaque tranche, arrondi au centime.
        sources: textes des taux et plafonds utilisés.
    """

    resultat_comptable: Decimal
    reintegrations: tuple[tuple[str, Decimal], ...]
    deductions: tuple[tuple[str, Decimal], ...]
    resultat: Decimal
    base_taux_reduit: Decimal
    base_taux_normal: Decimal
    is_taux_reduit: Decimal
    is_taux_normal: Decimal
    sources: tuple[str, ...] = ()

    @property
    def impot(self) -> Decimal:
        """Impôt sur les sociétés dû : somme des deux tranches."""
        return self.is_taux_reduit + self.is_taux_normal


#: Réintégrations lues dans le livre : racine de compte → libellé (CGI art. 39, 2 ; art. 39, 1-4° ; art. 213).
REINTEGRATIONS_DU_LIVRE = (
    ("6582", "Amendes et pénalités (CGI, art. 39, 2)"),
    ("63514", "Taxe annuelle sur les véhicules de tourisme (CGI, art. 39, 1-4°)"),
    ("695", "Impôt sur les sociétés (CGI, art. 213)"),
)


def resultat_fiscal(
    source: Livre | Decimal | str,
    *,
    date_cloture: dt.date | None = None,
    vehicules: tuple[Vehicule, ...] = (),
    reintegrations: Mapping[str, object] | None = None,
    deductions: Mapping[str, object] | None = None,
    pme: bool = True,
    chiffre_affaires: object = None,
) -> ResultatFiscal:
    """Résultat fiscal et impôt sur les sociétés, à partir du résultat comptable.

    Depuis un livre, les réintégrations usuelles sont lues dans les comptes
    (:data:`REINTEGRATIONS_DU_LIVRE` : amendes 6582, taxe sur les véhicules 63514,
    IS 695) ; la part non déductible de l'amortissement des ``vehicules`` de
    tourisme s'y ajoute (:func:`part_non_deductible_amortissement`), puis les
    ``reintegrations`` (dotations non déductibles, charges somptuaires...) et
    ``deductions`` (produits non imposables, quote-part...) données.

    IS (CGI, art. 219, I) : taux réduit sur le bénéfice jusqu'au plafond pour une
    PME éligible (chiffre d'affaires HT sous le seuil, capital entièrement libéré et
    détenu à 75 % au moins par des personnes physiques : ``pme=True``), taux normal
    au-delà ; taux et seuils lus dans les règles datées (``fiscal.yaml``) à la date
    de clôture. Chaque tranche est arrondie au centime, demi supérieur.

    Args:
        source: le livre (résultat comptable = produits − charges) ou le résultat comptable.
        date_cloture: obligatoire avec un résultat donné en montant (par défaut la fin du livre).

    Raises:
        ErreurComptable: date de clôture absente, règle absente pour la date.
    """
    from compta_kernel import regles

    lignes_plus: list[tuple[str, Decimal]] = []
    if isinstance(source, Decimal | str | int):
        resultat_comptable = montant(source)
        if date_cloture is None:
            raise ErreurComptable(
                "Donnez la date de clôture (date_cloture=) : elle fixe les taux en vigueur."
            )
    else:
        soldes = _soldes(source)
        resultat_comptable = depuis_centimes(_resultat(soldes))
        date_cloture = date_cloture or source.fin
        for racine, libelle in REINTEGRATIONS_DU_LIVRE:
            total = sum(s for c, s in soldes.items() if c.startswith(racine))
            if total > 0:
                lignes_plus.append((libelle, depuis_centimes(total)))
    sources = []
    for v in vehicules:
        part = part_non_deductible_amortissement(v, date_cloture)
        if part:
            lignes_plus.append(
                (f"Amortissement excédentaire du véhicule {v.designation} (CGI, art. 39, 4)", part)
            )
            sources.append(_plafond_vehicule(v, date_cloture)[1])
    lignes_plus += [(k, arrondir(montant(v))) for k, v in (reintegrations or {}).items()]
    lignes_moins = [(k, arrondir(montant(v))) for k, v in (deductions or {}).items()]
    resultat = (
        resultat_comptable + sum((m for _, m in lignes_plus), ZERO) - sum((m for _, m in lignes_moins), ZERO)
    )

    taux_normal = regles.regle("fiscal.is.taux_normal", date_cloture)
    taux_reduit = regles.regle("fiscal.is.taux_reduit", date_cloture)
    plafond = regles.regle("fiscal.is.plafond_taux_reduit", date_cloture)
    seuil_ca = regles.regle("fiscal.is.seuil_chiffre_affaires_pme", date_cloture)
    sources += [taux_normal.source, taux_reduit.source, plafond.source]
    eligible = pme and (chiffre_affaires is None or montant(chiffre_affaires) < seuil_ca.valeur)
    benefice = max(resultat, ZERO)
    base_reduite = min(benefice, plafond.valeur) if eligible else ZERO
    base_normale = benefice - base_reduite
    return ResultatFiscal(
        resultat_comptable,
        tuple(lignes_plus),
        tuple(lignes_moins),
        resultat,
        base_reduite,
        base_normale,
        arrondir(base_reduite * taux_reduit.valeur),
        arrondir(base_normale * taux_normal.valeur),
        tuple(dict.fromkeys(sources)),
    )
