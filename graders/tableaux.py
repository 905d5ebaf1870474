"""Correction d'un tableau cellule par cellule : plan d'amortissement, état de rapprochement, balance.

Les lignes sont appariées par une clé (l'exercice, le compte, le libellé),
pas par leur position ; chaque cellule fausse reçoit sa remarque (« Exercice
2027, annuité : 1 200,00 € au lieu de 1 250,00 € »). La note est la part des
cellules justes ; une ligne manquante compte toutes ses cellules comme fausses.

**Report d'erreur** (:func:`attendu_avec_report`) : une étape qui dépend d'une
étape précédente (rapprochement → régularisations → balance → bilan) est
corrigée à partir des chiffres de l'apprenant, pour qu'une erreur du début ne
soit comptée qu'une fois.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, montant
from compta_kernel.presentation import format_montant
from graders.verdict import Verdict, evaluer, majuscule


def _lignes(tableau) -> list[dict]:
    """Lignes d'un tableau (``DataFrame``, liste de dictionnaires, dictionnaire de colonnes)."""
    if tableau is None or tableau is Ellipsis:
        raise NotImplementedError
    if hasattr(tableau, "to_dict"):
        return [dict(r) for r in tableau.to_dict("records")]
    if isinstance(tableau, Mapping):
        colonnes = list(tableau)
        return [dict(zip(colonnes, valeurs, strict=True)) for valeurs in zip(*tableau.values(), strict=True)]
    return [dict(r) for r in tableau]


def _texte(valeur) -> str:
    return " ".join(str(valeur).split()).casefold() if valeur is not None else ""


def _egal(donne, attendu, tolerance: Decimal) -> bool:
    if isinstance(attendu, Decimal | int) and not isinstance(attendu, bool):
        try:
            return abs(montant(donne) - montant(attendu)) <= tolerance
        except (ErreurComptable, TypeError):
            return False
    return _texte(donne) == _texte(attendu)


def _montrer(valeur) -> str:
    if isinstance(valeur, Decimal | int) and not isinstance(valeur, bool):
        return format_montant(valeur)
    return f"« {valeur} »" if valeur not in (None, "") else "(vide)"


def comparer_tableau(
    reponse: object,
    attendu: object,
    *,
    cle: str,
    colonnes: Sequence[str] | None = None,
    sur: Decimal | int | str = 1,
    criteres: Iterable[str] = (),
    tolerance: Decimal | str = ZERO,
    noms: Mapping[str, str] | None = None,
    quoi: str = "le tableau",
) -> Verdict:
    """Corrige un tableau cellule par cellule.

    Args:
        reponse, attendu: tableaux (``DataFrame`` ou liste de dictionnaires).
        cle: colonne qui identifie une ligne (``"exercice"``).
        colonnes: colonnes corrigées (par défaut toutes celles de ``attendu`` sauf la clé).
        tolerance: écart accepté sur les montants, en euros.
        noms: noms lisibles des colonnes pour les remarques (``{"annuite": "annuité"}``).
    """
    criteres = tuple(criteres)
    return evaluer(
        lambda: _comparer(reponse, attendu, cle, colonnes, sur, criteres, montant(tolerance), noms or {}),
        sur=sur,
        criteres=criteres,
        quoi=quoi,
    )


def _comparer(reponse, attendu, cle, colonnes, sur, criteres, tolerance, noms) -> Verdict:
    voulues = _lignes(attendu)
    donnees = _lignes(reponse)
    if not donnees:
        raise NotImplementedError
    colonnes = list(colonnes or [c for c in voulues[0] if c != cle])
    par_cle = {_texte(l.get(cle)): l for l in donnees}
    remarques: list[str] = []
    justes = 0
    total = 0
    for ligne in voulues:
        etiquette = f"{majuscule(cle.replace('_', ' '))} {ligne[cle]}"
        donnee = par_cle.pop(_texte(ligne[cle]), None)
        total += len(colonnes)
        if donnee is None:
            remarques.append(f"{etiquette} : ligne manquante.")
            continue
        for colonne in colonnes:
            if colonne not in donnee:
                remarques.append(f"{etiquette} : colonne « {noms.get(colonne, colonne)} » absente.")
            elif _egal(donnee[colonne], ligne[colonne], tolerance):
                justes += 1
            else:
                remarques.append(
                    f"{etiquette}, {noms.get(colonne, colonne)} : {_montrer(donnee[colonne])} "
                    f"au lieu de {_montrer(ligne[colonne])}."
                )
    for cle_restante in par_cle:
        remarques.append(f"Ligne en trop : {cle} {cle_restante}.")
        justes -= 1
    return Verdict.proportion(max(justes, 0), total, sur, remarques=remarques, criteres=criteres)


def _identiques(a, b) -> bool:
    if hasattr(a, "equals"):
        return bool(a.equals(b))
    return bool(a == b)


def attendu_avec_report(
    calcul: Callable[[object], object], reponse_precedente: object, juste_precedente: object
) -> tuple[object, str | None]:
    """Réponse attendue à une étape, calculée à partir des chiffres de l'apprenant à l'étape précédente.

    Args:
        calcul: fonction qui calcule l'étape à partir du résultat de l'étape précédente.
        reponse_precedente: ce que l'apprenant a trouvé à l'étape précédente.
        juste_precedente: le résultat juste de l'étape précédente.

    Returns:
        ``(attendu, remarque)`` : si la réponse précédente est utilisable et
        différente de la juste, l'attendu est calculé sur elle et la remarque le
        dit ; sinon l'attendu est calculé sur le résultat juste et la remarque est ``None``.
    """
    if reponse_precedente is None or reponse_precedente is Ellipsis:
        return calcul(juste_precedente), None
    try:
        attendu = calcul(reponse_precedente)
    except Exception:  # noqa: BLE001 - réponse précédente inutilisable : on repart de la juste
        return calcul(juste_precedente), None
    if _identiques(attendu, calcul(juste_precedente)):
        return attendu, None
    return attendu, (
        "Cette étape est corrigée à partir de vos propres chiffres de l'étape précédente : "
        "l'erreur faite plus haut n'est comptée qu'une fois."
    )
