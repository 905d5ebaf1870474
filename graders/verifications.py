"""Vérifications visibles : ce que l'apprenant voit en exécutant une cellule de test.

Elles contrôlent la forme d'une réponse (lisible, équilibrée) et l'expliquent,
sans jamais dire si la réponse est juste (c'est le rôle des tests cachés) ni
lever d'exception : elles renvoient ``None`` pour que nbgrader ne lise aucune
note dans la sortie de la cellule.
"""

from __future__ import annotations

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO
from compta_kernel.presentation import format_montant
from graders.ecritures import lire_saisie


def apercu_ecriture(reponse: object) -> None:
    """Affiche si l'écriture saisie est lisible et équilibrée, et ses totaux."""
    if reponse is None:
        print("Pas encore de réponse : complétez la cellule de réponse puis exécutez-la.")
        return
    try:
        saisie = lire_saisie(reponse)
    except (ErreurComptable, TypeError, ValueError) as exc:
        print(f"Réponse illisible : {exc}")
        return
    debit = sum((d for _, d, _ in saisie.lignes), ZERO)
    credit = sum((c for _, _, c in saisie.lignes), ZERO)
    etat = "équilibrée" if debit == credit and debit else "DÉSÉQUILIBRÉE"
    print(
        f"Écriture {etat} : {len(saisie.lignes)} ligne(s), débit {format_montant(debit)}, "
        f"crédit {format_montant(credit)}, journal {saisie.journal or '(non précisé)'}."
    )
