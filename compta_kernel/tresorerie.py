"""Suivi de trésorerie : position, échéancier des encaissements et décaissements, plan mensuel.

- :func:`position` : la trésorerie à une date, d'après le livre (comptes 512, 514, 517,
  519 et 53 : banques, chèques postaux, autres organismes, concours bancaires courants,
  caisse) ;
- :func:`echeancier` : ce qui reste à encaisser des clients (411) et à payer aux
  fournisseurs (401), à la date d'échéance des factures ; les règlements et avoirs
  d'un tiers s'imputent sur ses factures les plus anciennes ;
- :func:`plan_tresorerie` : le plan de trésorerie mensuel (trésorerie de début de mois,
  encaissements et décaissements par nature, trésorerie de fin de mois), avec les
  prévisions que l'apprenant ajoute (salaires, TVA, emprunt...) ; son graphique est tracé
  par matplotlib, importé seulement quand on le demande.

Les montants restent des ``Decimal`` exacts (aucun arrondi : tout est déjà au centime) ;
seul le graphique convertit en nombres flottants, pour l'affichage.

Utilisé par B1.2 (suivi de trésorerie, critère « Le suivi de trésorerie est fiable »).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from compta_kernel.ecritures import nettoyer_texte, normaliser_compte
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant, lire_date, nom_mois

if TYPE_CHECKING:
    from compta_kernel.livre import Livre

#: Comptes de trésorerie (racines) : banques, chèques postaux, autres organismes financiers,
#: concours bancaires courants (solde créditeur), caisse.
COMPTES_TRESORERIE = ("512", "514", "517", "519", "53")
#: Comptes de tiers de l'échéancier : racine → nature du flux.
COMPTES_ECHEANCIER = {"411": "Encaissements clients", "401": "Décaissements fournisseurs"}


@dataclass(frozen=True, slots=True)
class Flux:
    """Un encaissement (montant positif) ou un décaissement (négatif) prévu à une date.

    Args:
        date: date prévue (échéance).
        libelle: ce que c'est (« Facture F2026-012 Dupont », « Salaires de mars »).
        montant: montant signé, au centime.
        nature: rubrique du plan (« Encaissements clients », « Salaires », « TVA à payer »...) ;
            par défaut « Autres encaissements » ou « Autres décaissements ».
        tiers: code du tiers, s'il y en a un.
    """

    date: dt.date
    libelle: str
    montant: Decimal
    nature: str = ""
    tiers: str = ""

    def __post_init__(self) -> None:
        valeur = montant(self.montant)
        if valeur != arrondir(valeur):
            raise ErreurComptable(
                f"Flux « {self.libelle} » : le montant {valeur} n'est pas au centime.", champ="montant"
            )
        try:
            jour = lire_date(self.date)
        except (ValueError, TypeError) as exc:
            raise ErreurComptable(f"Flux « {self.libelle} » : {exc}", champ="date") from exc
        object.__setattr__(self, "date", jour)
        object.__setattr__(self, "montant", arrondir(valeur))
        object.__setattr__(self, "libelle", nettoyer_texte(self.libelle))
        if not self.nature:
            nature = "Autres encaissements" if valeur >= 0 else "Autres décaissements"
            object.__setattr__(self, "nature", nature)


@dataclass(frozen=True, slots=True)
class Position:
    """La trésorerie à une date : solde de chaque compte de trésorerie et total."""

    date: dt.date
    comptes: tuple[tuple[str, Decimal], ...] = ()

    @property
    def total(self) -> Decimal:
        """Trésorerie nette (disponibilités moins concours bancaires courants)."""
        return sum((solde for _, solde in self.comptes), ZERO)

    def __str__(self) -> str:
        detail = ", ".join(f"{c} {format_montant(s)}" for c, s in self.comptes)
        return f"Trésorerie au {format_date(self.date)} : {format_montant(self.total)} ({detail})"


def _table(livre: Livre, au: dt.date | None):
    import pandas as pd

    table = livre.table()
    if au is not None:
        table = table[table["date"] <= pd.Timestamp(au)]
    return table


def position(
    livre: Livre, au: dt.date | None = None, comptes: Sequence[str] = COMPTES_TRESORERIE
) -> Position:
    """La trésorerie d'après le livre, à une date incluse (par défaut toutes les écritures).

    Chaque compte de trésorerie ouvert est donné avec son solde (débit − crédit) ; un
    découvert (512 créditeur) ou un concours bancaire (519) compte en négatif.
    """
    table = _table(livre, au)
    racines = tuple(normaliser_compte(c) for c in comptes)
    noms = table["compte"].astype(str)
    table = table[noms.str.startswith(racines)]
    soldes = (
        (table["debit"].astype("int64") - table["credit"].astype("int64"))
        .groupby(table["compte"].astype(str))
        .sum()
    )
    detail = tuple((compte, Decimal(int(c)).scaleb(-2)) for compte, c in sorted(soldes.items()))
    return Position(au or livre.fin, detail)


def echeancier(
    livre: Livre, au: dt.date | None = None, comptes: dict[str, str] | None = None
) -> tuple[Flux, ...]:
    """Ce qui reste à encaisser et à payer aux tiers à une date, à l'échéance de chaque facture.

    Pour chaque tiers d'un compte collectif (411, 401), les règlements et avoirs s'imputent
    sur les factures les plus anciennes (premier entré, premier sorti) ; le reste de chaque
    facture devient un flux à sa date d'échéance (à défaut, sa date). Un client créditeur
    (trop-perçu) ou un fournisseur débiteur (avance) n'est pas un flux à venir.

    Contrairement à :func:`compta_kernel.suivi.echeancier`, qui liste les lignes non
    lettrées, cette imputation ne suppose pas le lettrage fait : elle convient à un plan de
    trésorerie établi avant le lettrage du mois.

    Args:
        au: date de l'échéancier (écritures jusqu'à cette date incluse).
        comptes: racine → nature (par défaut :data:`COMPTES_ECHEANCIER`).
    """
    table = _table(livre, au)
    comptes = comptes or COMPTES_ECHEANCIER
    flux: list[Flux] = []
    for racine, nature in comptes.items():
        sens = (
            1 if racine.startswith("41") else -1
        )  # client : créance au débit ; fournisseur : dette au crédit
        partie = table[table["compte"].astype(str).str.startswith(racine)]
        partie = partie.sort_values(["date", "id_ecriture"], kind="stable")
        groupes = partie.groupby(partie["tiers"].astype(str) + "|" + partie["compte"].astype(str), sort=True)
        for _, lignes in groupes:
            ouvertes: list[list] = []  # [date, libellé, reste en centimes, tiers]
            paye = 0
            for r in lignes.itertuples(index=False):
                valeur = sens * (int(r.debit) - int(r.credit))
                if valeur > 0:
                    echeance = r.echeance if r.echeance == r.echeance and r.echeance is not None else r.date
                    libelle = r.libelle if str(r.piece) in str(r.libelle) else f"{r.piece} {r.libelle}"
                    ouvertes.append([echeance.date(), libelle, valeur, str(r.tiers)])
                else:
                    paye -= valeur
            for ligne in ouvertes:
                impute = min(paye, ligne[2])
                ligne[2] -= impute
                paye -= impute
                if ligne[2]:
                    flux.append(
                        Flux(ligne[0], ligne[1], sens * Decimal(ligne[2]).scaleb(-2), nature, ligne[3])
                    )
    return tuple(sorted(flux, key=lambda f: (f.date, f.nature, f.libelle)))


def _mois_suivant(jour: dt.date, n: int = 1) -> dt.date:
    total = jour.year * 12 + jour.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


@dataclass(frozen=True)
class PlanTresorerie:
    """Le plan de trésorerie mensuel.

    Attributes:
        debut: premier jour du premier mois.
        mois: premiers jours des mois du plan.
        tresorerie_initiale: la position au départ du plan.
        flux: tous les flux retenus (un flux en retard est placé dans le premier mois).
    """

    debut: dt.date
    mois: tuple[dt.date, ...]
    tresorerie_initiale: Decimal
    flux: tuple[Flux, ...] = field(default=())

    def _mois_du_flux(self, f: Flux) -> dt.date:
        return max(dt.date(f.date.year, f.date.month, 1), self.mois[0])

    def natures(self) -> tuple[list[str], list[str]]:
        """Rubriques d'encaissements et de décaissements, dans l'ordre d'apparition."""
        entrees = [f.nature for f in self.flux if f.montant >= 0]
        sorties = [f.nature for f in self.flux if f.montant < 0]
        return list(dict.fromkeys(entrees)), list(dict.fromkeys(sorties))

    def total(self, nature: str, mois: dt.date) -> Decimal:
        """Total d'une rubrique pour un mois (en valeur absolue)."""
        return sum(
            (abs(f.montant) for f in self.flux if f.nature == nature and self._mois_du_flux(f) == mois), ZERO
        )

    def soldes(self) -> list[tuple[dt.date, Decimal, Decimal, Decimal, Decimal]]:
        """Pour chaque mois : (mois, trésorerie début, encaissements, décaissements, trésorerie fin)."""
        resultat, tresorerie = [], self.tresorerie_initiale
        for m in self.mois:
            entrees = sum(
                (f.montant for f in self.flux if f.montant >= 0 and self._mois_du_flux(f) == m), ZERO
            )
            sorties = -sum(
                (f.montant for f in self.flux if f.montant < 0 and self._mois_du_flux(f) == m), ZERO
            )
            fin = tresorerie + entrees - sorties
            resultat.append((m, tresorerie, entrees, sorties, fin))
            tresorerie = fin
        return resultat

    @property
    def tresorerie_finale(self) -> Decimal:
        """Trésorerie à la fin du dernier mois."""
        return self.soldes()[-1][4]

    def decouverts(self) -> tuple[dt.date, ...]:
        """Les mois qui finissent à découvert (trésorerie de fin négative) : à anticiper."""
        return tuple(m for m, _, _, _, fin in self.soldes() if fin < 0)

    def tableau(self):
        """Le plan présenté en lignes (rubriques) et colonnes (mois), montants ``Decimal``."""
        import pandas as pd

        entrees, sorties = self.natures()
        soldes = self.soldes()
        colonnes = [libelle_mois(m) for m in self.mois]
        lignes: dict[str, list[Decimal]] = {"Trésorerie en début de mois": [s[1] for s in soldes]}
        for nature in entrees:
            lignes[nature] = [self.total(nature, m) for m in self.mois]
        lignes["Total des encaissements"] = [s[2] for s in soldes]
        for nature in sorties:
            lignes[nature] = [self.total(nature, m) for m in self.mois]
        lignes["Total des décaissements"] = [s[3] for s in soldes]
        lignes["Solde du mois"] = [s[2] - s[3] for s in soldes]
        lignes["Trésorerie en fin de mois"] = [s[4] for s in soldes]
        tableau = pd.DataFrame.from_dict(lignes, orient="index", columns=colonnes)
        tableau.index.name = "rubrique"
        return tableau

    def graphique(self, ax=None):
        """Barres des encaissements et décaissements, courbe de la trésorerie de fin de mois.

        matplotlib n'est importé qu'ici. Les montants sont convertis en nombres flottants pour
        le tracé seulement.

        Returns:
            La ``Figure`` matplotlib.
        """
        if ax is None:
            import matplotlib.pyplot as plt

            figure, ax = plt.subplots(figsize=(8, 4))
        else:
            figure = ax.figure
        soldes = self.soldes()
        etiquettes = [libelle_mois(m) for m in self.mois]
        positions = range(len(soldes))
        ax.bar([p - 0.2 for p in positions], [float(s[2]) for s in soldes], width=0.4, label="Encaissements")
        ax.bar([p + 0.2 for p in positions], [float(s[3]) for s in soldes], width=0.4, label="Décaissements")
        ax.plot(
            list(positions),
            [float(s[4]) for s in soldes],
            marker="o",
            color="black",
            label="Trésorerie fin de mois",
        )
        ax.axhline(0, color="red", linewidth=0.8)
        ax.set_xticks(list(positions), etiquettes)
        ax.set_ylabel("euros")
        ax.set_title(f"Plan de trésorerie à partir de {libelle_mois(self.debut)}")
        ax.legend()
        return figure

    def _repr_html_(self) -> str:
        tableau = self.tableau()
        e = html.escape
        tete = "".join(f"<th>{e(c)}</th>" for c in tableau.columns)
        corps = "".join(
            f"<tr><td>{e(str(nom))}</td>"
            + "".join(f"<td style='text-align:right'>{format_montant(v, devise=False)}</td>" for v in valeurs)
            + "</tr>"
            for nom, valeurs in tableau.iterrows()
        )
        return f"<table><tr><th>Rubrique</th>{tete}</tr>{corps}</table>"


def libelle_mois(jour: dt.date) -> str:
    """« janv. 2027 »."""
    return nom_mois(jour, abrege=True)


def plan_tresorerie(
    livre: Livre,
    debut: dt.date,
    mois: int = 3,
    *,
    previsions: Iterable[Flux] = (),
    au: dt.date | None = None,
    echeances: bool = True,
) -> PlanTresorerie:
    """Le plan de trésorerie de ``mois`` mois à partir du mois de ``debut``.

    Args:
        livre: le livre ; la trésorerie initiale est sa :func:`position` à ``au``.
        debut: un jour du premier mois du plan.
        mois: nombre de mois (au moins 1).
        previsions: flux ajoutés (salaires, TVA, échéance d'emprunt...), ``Flux`` signés.
        au: date de la situation (par défaut la veille du premier mois).
        echeances: reprend l'échéancier clients et fournisseurs du livre (:func:`echeancier`).

    Un flux daté avant le premier mois (facture échue non réglée) est placé dans le premier
    mois ; un flux après le dernier mois est écarté.
    """
    if mois < 1:
        raise ErreurComptable("Un plan de trésorerie couvre au moins un mois.", champ="mois")
    premier = dt.date(debut.year, debut.month, 1)
    liste = tuple(_mois_suivant(premier, n) for n in range(mois))
    fin = _mois_suivant(premier, mois) - dt.timedelta(days=1)
    au = au or premier - dt.timedelta(days=1)
    tous = list(echeancier(livre, au)) if echeances else []
    tous += list(previsions)
    retenus = tuple(f for f in tous if f.date <= fin)
    return PlanTresorerie(premier, liste, position(livre, au).total, retenus)


def graphique_tresorerie(plan: PlanTresorerie, ax=None):
    """Le graphique d'un plan de trésorerie (voir :meth:`PlanTresorerie.graphique`)."""
    return plan.graphique(ax)
