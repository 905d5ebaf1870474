"""États comptables : journal, grand livre, balances générale, des tiers et âgée.

Chaque état est une donnée : un ``DataFrame`` pandas dont les montants sont des
décimaux exacts (``decimal128`` d'Arrow : chaque cellule se lit en
``decimal.Decimal``), avec ses totaux dans ``df.attrs``. L'affichage à la
française (:func:`compta_kernel.presentation.style_francais`) et l'export CSV
ou XLSX (:func:`exporter`) sont des rendus séparés du même résultat.

Utilisé par B1.1 (balance des tiers, suivi des paiements), B1.2 (grand livre
banque), B2.2 et B2.3 (balance avant et après inventaire).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from compta_kernel.ecritures import normaliser_compte
from compta_kernel.montants import depuis_centimes
from compta_kernel.presentation import colonne_montant

if TYPE_CHECKING:
    from compta_kernel.livre import Livre

DECIMAL = pd.ArrowDtype(pa.decimal128(18, 2))

#: Tranches de la balance âgée, en jours de retard : (borne basse, borne haute, nom de colonne).
TRANCHES_RETARD = (
    (None, 0, "non_echu"),
    (1, 30, "de_1_a_30_jours"),
    (31, 60, "de_31_a_60_jours"),
    (61, 90, "de_61_a_90_jours"),
    (91, None, "plus_de_90_jours"),
)


def colonne_decimal(centimes) -> pd.arrays.ArrowExtensionArray:
    """Colonne de montants exacts (``decimal128(18, 2)``) à partir de centimes entiers, sans arrondi.

    La conversion est vectorisée : le centime entier est exactement la valeur non
    mise à l'échelle d'un décimal à deux chiffres après la virgule.
    """
    c = np.ascontiguousarray(np.asarray(centimes, dtype=np.int64))
    tampon = np.empty((len(c), 2), dtype=np.int64)
    tampon[:, 0] = c
    tampon[:, 1] = c >> 63  # extension du signe sur 128 bits
    tableau = pa.Array.from_buffers(pa.decimal128(18, 2), len(c), [None, pa.py_buffer(tampon)])
    return pd.arrays.ArrowExtensionArray(tableau)


def colonne_decimaux(centimes) -> np.ndarray:
    """Colonne de ``decimal.Decimal`` (dtype objet) à partir de centimes entiers.

    Pour les états de quelques milliers de lignes (balances) : chaque cellule est un
    ``Decimal`` ordinaire, sur lequel l'apprenant calcule librement (``* 100``,
    ``/ 12``), ce que le type décimal d'Arrow limite par sa précision.
    """
    return np.array([depuis_centimes(int(c)) for c in np.asarray(centimes, dtype=np.int64)], dtype=object)


def _filtrer(table: pd.DataFrame, jusqu_au: dt.date | None) -> pd.DataFrame:
    if jusqu_au is None:
        return table
    return table[table["date"] <= pd.Timestamp(jusqu_au)]


def _masque_racine(table: pd.DataFrame, racine: str) -> np.ndarray:
    """Lignes dont le compte commence par ``racine`` (calcul sur les catégories)."""
    categories = table["compte"].cat.categories
    retenues = np.flatnonzero(np.asarray(categories.str.startswith(racine), dtype=bool))
    return np.isin(table["compte"].cat.codes.to_numpy(), retenues)


def _soldes(debit: np.ndarray, credit: np.ndarray) -> dict:
    solde = debit - credit
    return {
        "debit": colonne_decimaux(debit),
        "credit": colonne_decimaux(credit),
        "solde_debiteur": colonne_decimaux(np.maximum(solde, 0)),
        "solde_crediteur": colonne_decimaux(np.maximum(-solde, 0)),
    }


def _totaux(debit: np.ndarray, credit: np.ndarray) -> dict:
    solde = debit - credit
    totaux = {
        "total_debit": depuis_centimes(int(debit.sum())),
        "total_credit": depuis_centimes(int(credit.sum())),
        "total_solde_debiteur": depuis_centimes(int(np.maximum(solde, 0).sum())),
        "total_solde_crediteur": depuis_centimes(int(np.maximum(-solde, 0).sum())),
    }
    totaux["equilibree"] = (
        totaux["total_debit"] == totaux["total_credit"]
        and totaux["total_solde_debiteur"] == totaux["total_solde_crediteur"]
    )
    return totaux


def balance(livre: Livre, *, jusqu_au: dt.date | None = None) -> pd.DataFrame:
    """Balance générale : par compte, totaux des débits et crédits et solde.

    Colonnes : ``compte``, ``libelle``, ``debit``, ``credit``, ``solde_debiteur``,
    ``solde_crediteur`` (montants ``Decimal``), comptes dans l'ordre du plan.
    ``df.attrs`` porte les totaux et ``equilibree`` : total des débits égal au
    total des crédits, total des soldes débiteurs égal au total des soldes créditeurs.

    Args:
        jusqu_au: ne retient que les écritures datées de ce jour au plus tard.
    """
    table = _filtrer(livre.table(), jusqu_au)
    groupes = table.groupby("compte", observed=True, sort=True)[["debit", "credit"]].sum()
    debit = groupes["debit"].to_numpy(np.int64)
    credit = groupes["credit"].to_numpy(np.int64)
    comptes = [str(c) for c in groupes.index]
    df = pd.DataFrame(
        {"compte": comptes, "libelle": [livre.libelle_compte(c) for c in comptes], **_soldes(debit, credit)}
    )
    df.attrs.update(_totaux(debit, credit))
    df.attrs["titre"] = "Balance générale"
    return df


def _nature_tiers(racine: str) -> str:
    return "fournisseur" if racine.startswith("40") else "client" if racine.startswith("41") else "tiers"


def balance_tiers(livre: Livre, prefixe: str = "411", *, jusqu_au: dt.date | None = None) -> pd.DataFrame:
    """Balance auxiliaire des tiers d'un compte collectif (clients 411, fournisseurs 401...).

    Un tiers est soit un compte auxiliaire (``tiers`` de la ligne) soit un
    sous-compte (``411DUPONT``). Colonnes : ``compte``, ``tiers``, ``libelle``,
    ``debit``, ``credit``, ``solde_debiteur``, ``solde_crediteur``, ``anomalie``.
    Un solde anormal est signalé : client créditeur, fournisseur débiteur.
    """
    racine = normaliser_compte(prefixe)
    table = _filtrer(livre.table(), jusqu_au)
    table = table[_masque_racine(table, racine)]
    groupes = table.groupby(["compte", "tiers"], observed=True, sort=True)[["debit", "credit"]].sum()
    debit = groupes["debit"].to_numpy(np.int64)
    credit = groupes["credit"].to_numpy(np.int64)
    comptes = [str(c) for c, _ in groupes.index]
    tiers = [str(t) for _, t in groupes.index]
    libelles = [
        livre.libelle_tiers(t) if t else livre.libelle_compte(c) for c, t in zip(comptes, tiers, strict=True)
    ]
    solde = debit - credit
    nature = _nature_tiers(racine)
    anomalie = np.full(len(solde), "", dtype=object)
    if nature == "client":
        anomalie[solde < 0] = "Client créditeur : avoir non imputé ou règlement en trop, à vérifier"
    elif nature == "fournisseur":
        anomalie[solde > 0] = "Fournisseur débiteur : avoir à recevoir ou paiement en double, à vérifier"
    df = pd.DataFrame(
        {
            "compte": comptes,
            "tiers": tiers,
            "libelle": libelles,
            **_soldes(debit, credit),
            "anomalie": anomalie,
        }
    )
    df["anomalie"] = df["anomalie"].astype("str")
    df.attrs.update(_totaux(debit, credit))
    df.attrs["titre"] = f"Balance auxiliaire des {nature}s ({racine})"
    return df


def balance_agee(livre: Livre, prefixe: str = "411", *, au: dt.date | None = None) -> pd.DataFrame:
    """Balance âgée : ce que doit chaque tiers, ventilé par ancienneté du retard.

    Ne retient que les lignes non lettrées datées au plus tard du jour ``au`` (par
    défaut la clôture de l'exercice). Le retard d'une ligne se compte en jours
    depuis son échéance (à défaut, la date de la pièce). Les montants sont
    orientés dans le sens normal du tiers : ce que le client doit, ce que l'on
    doit au fournisseur. Colonnes : ``compte``, ``tiers``, ``libelle``, une
    colonne par tranche de :data:`TRANCHES_RETARD`, ``total``.
    """
    au = au or livre.fin
    racine = normaliser_compte(prefixe)
    table = _filtrer(livre.table(), au)
    table = table[_masque_racine(table, racine) & (table["lettrage"] == "").to_numpy()]
    sens = -1 if _nature_tiers(racine) == "fournisseur" else 1
    montant = (table["debit"].to_numpy(np.int64) - table["credit"].to_numpy(np.int64)) * sens
    reference = table["echeance"].fillna(table["date_piece"]).fillna(table["date"])
    retard = (pd.Timestamp(au) - reference).dt.days.to_numpy()
    travail = pd.DataFrame({"compte": table["compte"].astype(str), "tiers": table["tiers"].astype(str)})
    for bas, haut, nom in TRANCHES_RETARD:
        dedans = np.ones(len(retard), dtype=bool)
        if bas is not None:
            dedans &= retard >= bas
        if haut is not None:
            dedans &= retard <= haut
        travail[nom] = np.where(dedans, montant, 0)
    noms = [nom for _, _, nom in TRANCHES_RETARD]
    groupes = travail.groupby(["compte", "tiers"], sort=True)[noms].sum()
    comptes = [c for c, _ in groupes.index]
    tiers = [t for _, t in groupes.index]
    df = pd.DataFrame(
        {
            "compte": comptes,
            "tiers": tiers,
            "libelle": [
                livre.libelle_tiers(t) if t else livre.libelle_compte(c)
                for c, t in zip(comptes, tiers, strict=True)
            ],
        }
    )
    total = np.zeros(len(groupes), dtype=np.int64)
    for nom in noms:
        valeurs = groupes[nom].to_numpy(np.int64)
        df[nom] = colonne_decimaux(valeurs)
        total += valeurs
    df["total"] = colonne_decimaux(total)
    df = df[total != 0].reset_index(drop=True)
    df.attrs["titre"] = f"Balance âgée au {au:%d/%m/%Y} ({racine})"
    df.attrs["au"] = au
    return df


def grand_livre(livre: Livre, compte: str | None = None) -> pd.DataFrame:
    """Grand livre : les lignes de chaque compte dans l'ordre chronologique, avec le solde progressif.

    Args:
        compte: un compte ou une racine (``"411"`` retient 411, 4111, 411DUPONT...) ;
            ``None`` pour tous les comptes.

    Colonnes : ``compte``, ``libelle_compte``, ``date``, ``journal``, ``numero``,
    ``piece``, ``libelle``, ``tiers``, ``debit``, ``credit``, ``solde`` (débiteur
    positif, créditeur négatif), ``lettrage``.
    """
    table = livre.table()
    if compte is not None:
        table = table[_masque_racine(table, normaliser_compte(compte))]
    codes = table["compte"].cat.codes.to_numpy()
    dates = table["date"].to_numpy().astype(np.int64)
    ordre = np.lexsort((table["id_ecriture"].to_numpy(), dates, codes))
    utiles = [
        "compte",
        "date",
        "journal",
        "numero",
        "piece",
        "libelle",
        "tiers",
        "debit",
        "credit",
        "lettrage",
    ]
    table = table[utiles].take(ordre)
    codes = codes[ordre]
    debit = table["debit"].to_numpy(np.int64)
    credit = table["credit"].to_numpy(np.int64)
    cumul = np.cumsum(debit - credit)
    debuts = (
        np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], dtype=np.int64)
    )
    avant = np.zeros(len(codes), dtype=np.int64)
    if len(codes):
        base = np.r_[0, cumul][debuts]
        avant = np.repeat(base, np.diff(np.r_[debuts, len(codes)]))
    libelles = pa.array(
        [livre.libelle_compte(str(c)) for c in table["compte"].cat.categories], type=pa.string()
    )
    libelle_compte = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), libelles)
    colonnes = table.reset_index(drop=True)
    df = pd.DataFrame(
        {
            "compte": colonnes["compte"],
            "libelle_compte": pd.Series(libelle_compte.dictionary_decode(), dtype=pd.ArrowDtype(pa.string())),
            "date": colonnes["date"],
            "journal": colonnes["journal"],
            "numero": colonnes["numero"],
            "piece": colonnes["piece"],
            "libelle": colonnes["libelle"],
            "tiers": colonnes["tiers"],
            "debit": colonne_decimal(debit),
            "credit": colonne_decimal(credit),
            "solde": colonne_decimal(cumul - avant),
            "lettrage": colonnes["lettrage"],
        }
    )
    df.attrs.update(_totaux(debit, credit))
    df.attrs["titre"] = "Grand livre" + (f" du compte {compte}" if compte else "")
    return df


def journal(livre: Livre, code: str | None = None) -> pd.DataFrame:
    """Journal : les écritures dans l'ordre de leur numéro, ligne à ligne.

    Args:
        code: le code d'un journal (``"AC"``) ; ``None`` pour le journal général.

    Colonnes : ``journal``, ``numero``, ``date``, ``piece``, ``compte``,
    ``libelle_compte``, ``tiers``, ``libelle``, ``debit``, ``credit``.
    """
    table = livre.table()
    if code is not None:
        table = table[table["journal"] == code.upper()]
    ordre = np.lexsort(
        (np.arange(len(table)), table["id_ecriture"].to_numpy(), table["journal"].cat.codes.to_numpy())
    )
    table = table.iloc[ordre]
    debit = table["debit"].to_numpy(np.int64)
    credit = table["credit"].to_numpy(np.int64)
    comptes = table["compte"].astype(str)
    df = pd.DataFrame(
        {
            "journal": table["journal"].astype(str).to_numpy(),
            "numero": table["numero"].to_numpy(),
            "date": table["date"].to_numpy(),
            "piece": table["piece"].to_numpy(),
            "compte": comptes.to_numpy(),
            "libelle_compte": comptes.map(livre.libelle_compte).to_numpy(),
            "tiers": table["tiers"].astype(str).to_numpy(),
            "libelle": table["libelle"].to_numpy(),
            "debit": colonne_decimal(debit),
            "credit": colonne_decimal(credit),
        }
    )
    df.attrs.update(_totaux(debit, credit))
    df.attrs["titre"] = livre.journaux.get(code.upper(), code) if code else "Journal général"
    return df


def exporter(etat: pd.DataFrame, chemin: str | Path) -> Path:
    """Exporte un état en CSV (« ; », virgule décimale, dates JJ/MM/AAAA) ou en XLSX, selon l'extension.

    Le CSV est en UTF-8 avec BOM pour qu'Excel en français l'ouvre directement ;
    le XLSX garde des nombres (format « # ##0,00 ») et des dates réelles.

    Returns:
        le chemin du fichier écrit.
    """
    chemin = Path(chemin)
    montants = [c for c in etat.columns if colonne_montant(etat[c])]
    dates = [c for c in etat.columns if pd.api.types.is_datetime64_any_dtype(etat[c])]
    if chemin.suffix.lower() == ".csv":
        sortie = etat.copy()
        for c in montants:
            sortie[c] = [format(v, "f").replace(".", ",") for v in sortie[c]]
        for c in dates:
            sortie[c] = sortie[c].dt.strftime("%d/%m/%Y").fillna("")
        sortie.to_csv(chemin, sep=";", index=False, encoding="utf-8-sig")
    elif chemin.suffix.lower() == ".xlsx":
        _exporter_xlsx(etat, chemin, montants, dates)
    else:
        raise ValueError(f"Format d'export inconnu « {chemin.suffix} » : choisissez .csv ou .xlsx.")
    return chemin


def _exporter_xlsx(etat: pd.DataFrame, chemin: Path, montants: list[str], dates: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = str(etat.attrs.get("titre", "État"))[:31]
    feuille.append(list(etat.columns))
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    colonnes = list(etat.columns)
    for ligne in etat.itertuples(index=False, name=None):
        valeurs = []
        for nom, v in zip(colonnes, ligne, strict=True):
            if v is None or (not isinstance(v, str | Decimal) and pd.isna(v)):
                valeurs.append(None)
            elif nom in dates:
                valeurs.append(pd.Timestamp(v).date())
            else:
                valeurs.append(v)
        feuille.append(valeurs)
    for i, nom in enumerate(colonnes, start=1):
        lettre = feuille.cell(row=1, column=i).column_letter
        largeur = 14 if nom in montants or nom in dates else max(10, min(40, len(nom) + 2))
        feuille.column_dimensions[lettre].width = largeur
        if nom in montants or nom in dates:
            for (cellule,) in feuille.iter_rows(min_row=2, min_col=i, max_col=i):
                cellule.number_format = "#,##0.00" if nom in montants else "DD/MM/YYYY"
    classeur.save(chemin)
