"""Correction d'une écriture comptable : comparer la saisie de l'apprenant à l'écriture attendue.

La comparaison ne dépend ni de l'ordre des lignes ni de leur découpage (deux
lignes 607 de 500 € valent une ligne 607 de 1 000 €). Chaque écart reçoit son
diagnostic, celui qu'un formateur écrirait dans la marge :

- débit et crédit inversés (sur une ligne ou toute l'écriture) ;
- HT au lieu de TTC sur le compte de tiers ;
- mauvais compte de TVA (collectée au lieu de déductible...) ;
- ligne manquante, ligne en trop, montant faux de X € ;
- mauvais journal, mauvaise date.

La hiérarchie du PCG peut être acceptée (``hierarchie=True`` : 6061 vaut pour
606) et les comptes comparés à une précision donnée (``precision=3`` : 6061 et
6064 se comparent à 606).

Utilisé par les cellules de test de B1.1 (journaux achats, ventes), B1.2
(banque), B1.3 (OD de TVA), B2 (inventaire) et B3.2 (journal de paie).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant
from graders.verdict import Verdict, evaluer

DEBIT, CREDIT = "débit", "crédit"
_INVERSION_TOTALE = (
    "Débit et crédit sont inversés sur toute l'écriture : reprenez le sens de chaque compte "
    "(qui reçoit ? qui fournit ?)."
)
_TVA = ("4456", "4457", "4452", "44551", "44567")


@dataclass(frozen=True)
class Saisie:
    """Une écriture telle que saisie : journal, date et lignes (compte, débit, crédit), sans contrôle d'équilibre."""

    journal: str
    date: dt.date | None
    lignes: tuple[tuple[str, Decimal, Decimal], ...]


def lire_saisie(reponse: object) -> Saisie:
    """Ramène une réponse d'apprenant à une :class:`Saisie`.

    Accepte une :class:`Ecriture`, une liste de :class:`Ligne`, une liste de
    tuples ``(compte, débit, crédit)`` ou un dictionnaire ``{"journal", "date",
    "lignes"}`` (format enregistré par les formulaires).
    """
    if isinstance(reponse, Ecriture):
        return Saisie(
            reponse.journal, reponse.date, tuple((l.compte, l.debit, l.credit) for l in reponse.lignes)
        )
    journal, date, lignes = "", None, reponse
    if isinstance(reponse, Mapping):
        journal = str(reponse.get("journal", "")).strip().upper()
        date = reponse.get("date")
        if isinstance(date, str) and date:
            from compta_kernel.presentation import lire_date

            date = lire_date(date)
        lignes = reponse.get("lignes", ())
    lues = []
    for ligne in lignes:
        if isinstance(ligne, Ligne):
            lues.append((ligne.compte, ligne.debit, ligne.credit))
        elif isinstance(ligne, Mapping):
            lues.append(
                (normaliser_compte(ligne.get("compte", "")), _m(ligne.get("debit")), _m(ligne.get("credit")))
            )
        else:
            compte, debit, credit = (list(ligne) + [None, None])[:3]
            lues.append((normaliser_compte(compte), _m(debit), _m(credit)))
    return Saisie(journal, date, tuple(lues))


def comptes_saisis(reponse: object) -> set[str]:
    """Les comptes d'une écriture saisie ; vide si la saisie est illisible (le comparateur le dit)."""
    try:
        return {compte for compte, _, _ in lire_saisie(reponse).lignes}
    except Exception:  # noqa: BLE001 - saisie illisible : comparer_ecriture l'explique à l'apprenant
        return set()


def _m(valeur) -> Decimal:
    return ZERO if valeur in (None, "") else arrondir(montant(valeur))


def _cumuler(lignes, rattacher) -> dict[tuple[str, str], Decimal]:
    """Montants cumulés par (compte, sens), lignes découpées ou non."""
    cumul: dict[tuple[str, str], Decimal] = {}
    for compte, debit, credit in lignes:
        cle_compte = rattacher(compte)
        for sens, valeur in ((DEBIT, debit), (CREDIT, credit)):
            if valeur:
                cumul[(cle_compte, sens)] = cumul.get((cle_compte, sens), ZERO) + valeur
    return cumul


def _autre(sens: str) -> str:
    return CREDIT if sens == DEBIT else DEBIT


def _est_tva(compte: str) -> bool:
    return compte.startswith(_TVA)


def _est_tiers(compte: str) -> bool:
    return compte.startswith(("40", "41"))


def comparer_ecriture(
    reponse: object,
    attendue: Ecriture,
    *,
    sur: Decimal | int | str = 1,
    criteres: Iterable[str] = (),
    precision: int | None = None,
    hierarchie: bool = False,
    verifier_journal: bool = True,
    verifier_date: bool = True,
) -> Verdict:
    """Corrige une écriture saisie par l'apprenant.

    Args:
        reponse: la saisie (voir :func:`lire_saisie`).
        attendue: l'écriture juste, calculée par le noyau.
        sur: points de la cellule.
        criteres: critères du référentiel évalués.
        precision: nombre de chiffres auxquels comparer les comptes (``None`` : le compte entier).
        hierarchie: accepte un sous-compte du compte attendu (6061 pour 606).
        verifier_journal, verifier_date: contrôle aussi le journal et la date.

    Returns:
        Un :class:`Verdict` : une part de points par ligne juste (après regroupement
        par compte et par sens), moins une part par ligne en trop, une demi-part
        pour un mauvais journal ou une mauvaise date ; une remarque par écart.
    """
    criteres = tuple(criteres)
    return evaluer(
        lambda: _comparer(
            reponse, attendue, sur, criteres, precision, hierarchie, verifier_journal, verifier_date
        ),
        sur=sur,
        criteres=criteres,
        quoi="l'écriture",
    )


def _comparer(
    reponse, attendue, sur, criteres, precision, hierarchie, verifier_journal, verifier_date
) -> Verdict:
    if reponse is None or reponse is Ellipsis:
        raise NotImplementedError
    saisie = lire_saisie(reponse)
    if not saisie.lignes:
        raise NotImplementedError

    def tronquer(compte: str) -> str:
        return compte[:precision] if precision else compte

    comptes_attendus = {tronquer(ligne.compte) for ligne in attendue.lignes}

    def rattacher(compte: str) -> str:
        compte = tronquer(normaliser_compte(compte))
        if compte in comptes_attendus or not hierarchie:
            return compte
        parents = [c for c in comptes_attendus if compte.startswith(c)]
        return max(parents, key=len) if parents else compte

    voulu = _cumuler(((l.compte, l.debit, l.credit) for l in attendue.lignes), tronquer)
    donne = _cumuler(saisie.lignes, rattacher)
    remarques: list[str] = []
    reussites: list[str] = []
    diagnostics: list[str] = []
    justes = Decimal(0)

    def noter(code: str, texte: str) -> None:
        diagnostics.append(code)
        remarques.append(texte)

    restant = dict(donne)
    ht = sum((v for (c, _), v in voulu.items() if c[:1] in "67" or c.startswith("2")), ZERO)

    inverses = all((c, _autre(s)) in donne and donne[(c, _autre(s))] == v for (c, s), v in voulu.items())
    if inverses and len(donne) == len(voulu):
        return Verdict(0, sur, (_INVERSION_TOTALE,), criteres, diagnostics=("inversion_totale",))
    for (compte, sens), valeur in sorted(voulu.items()):
        if restant.get((compte, sens)) == valeur:
            del restant[(compte, sens)]
            justes += 1
            reussites.append(f"{compte} au {sens} : {format_montant(valeur)}")
            continue
        if (compte, sens) in restant:
            donnee = restant.pop((compte, sens))
            if _est_tiers(compte) and donnee == ht and ht != valeur:
                noter(
                    "ht_au_lieu_de_ttc",
                    f"Compte {compte} : {format_montant(donnee)} est le montant HT ; le tiers est {sens}é du TTC, "
                    f"{format_montant(valeur)}.",
                )
            else:
                ecart = donnee - valeur
                noter(
                    "montant_faux",
                    f"Compte {compte} au {sens} : {format_montant(donnee)} au lieu de {format_montant(valeur)} "
                    f"(montant faux de {format_montant(abs(ecart))} {'en trop' if ecart > 0 else 'en moins'}).",
                )
            justes += Decimal("0.5")
            continue
        if restant.get((compte, _autre(sens))) == valeur:
            del restant[(compte, _autre(sens))]
            noter(
                "inversion_debit_credit",
                f"Compte {compte} : débit et crédit inversés — {format_montant(valeur)} va au {sens}, pas au {_autre(sens)}.",
            )
            continue
        if _est_tva(compte):
            autre_tva = [k for k, v in restant.items() if _est_tva(k[0]) and v == valeur]
            if autre_tva:
                mauvais = autre_tva[0]
                del restant[mauvais]
                noter(
                    "mauvais_compte_tva",
                    f"Mauvais compte de TVA : {mauvais[0]} au lieu de {compte} pour {format_montant(valeur)} "
                    f"({_nature_tva(compte)}).",
                )
                justes += Decimal("0.5")
                continue
        noter("ligne_manquante", f"Ligne manquante : {compte} au {sens} pour {format_montant(valeur)}.")
    for (compte, sens), valeur in sorted(restant.items()):
        noter(
            "ligne_en_trop",
            f"Ligne en trop : {compte} au {sens} pour {format_montant(valeur)} — elle n'a pas lieu d'être ici.",
        )
        justes -= 1
    total = Decimal(len(voulu))
    if verifier_journal and saisie.journal and saisie.journal != attendue.journal:
        noter("mauvais_journal", f"Mauvais journal : {saisie.journal} au lieu de {attendue.journal}.")
        justes -= Decimal("0.5")
    if verifier_date and saisie.date and saisie.date != attendue.date:
        noter(
            "mauvaise_date",
            f"Mauvaise date : {format_date(saisie.date)} au lieu de {format_date(attendue.date)} "
            "(la date de l'écriture est celle de la pièce).",
        )
        justes -= Decimal("0.5")
    total_debit = sum((d for _, d, _ in saisie.lignes), ZERO)
    total_credit = sum((c for _, _, c in saisie.lignes), ZERO)
    if total_debit != total_credit:
        noter(
            "desequilibre",
            f"L'écriture saisie est déséquilibrée : débit {format_montant(total_debit)}, "
            f"crédit {format_montant(total_credit)}.",
        )
    return Verdict.proportion(
        max(justes, Decimal(0)),
        total,
        sur,
        remarques=remarques,
        criteres=criteres,
        reussites=reussites,
        diagnostics=diagnostics,
    )


def _nature_tva(compte: str) -> str:
    if compte.startswith("44571"):
        return "TVA collectée sur les ventes"
    if compte.startswith("44566"):
        return "TVA déductible sur autres biens et services"
    if compte.startswith("44562"):
        return "TVA déductible sur immobilisations"
    if compte.startswith("4452"):
        return "TVA due intracommunautaire"
    return "compte de TVA"
