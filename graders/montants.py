"""Correction d'un montant : tolérance annoncée, confusions typiques nommées.

Une réponse se saisit à la française (« 1 234,56 », « 1234,56 € ») ; un texte
illisible reçoit le message du noyau. Les confusions connues de l'exercice
(HT pour TTC, TVA oubliée, base au lieu de l'annuité...) sont nommées dans la
remarque, ainsi que le signe inversé et la virgule mal placée.

Utilisé par toutes les activités qui calculent un montant (B1.1 délai et coût
d'entrée, B1.3 TVA, B2 annuités et provisions, B3 bulletin, B4 pénalités).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from compta_kernel.montants import ZERO, montant
from compta_kernel.presentation import format_montant
from graders.verdict import Verdict, evaluer, majuscule


def lire_montant(reponse: object) -> Decimal:
    """Le montant d'une réponse (texte à la française, ``Decimal``, entier) ; lève si illisible ou absent."""
    if reponse is None or reponse is Ellipsis or (isinstance(reponse, str) and not reponse.strip()):
        raise NotImplementedError
    return montant(reponse)


def comparer_montant(
    reponse: object,
    attendu: Decimal,
    *,
    sur: Decimal | int | str = 1,
    criteres: Iterable[str] = (),
    tolerance: Decimal | str = ZERO,
    quoi: str = "le montant",
    confusions: Mapping[str, Decimal] | None = None,
) -> Verdict:
    """Corrige un montant.

    Args:
        reponse: ce que l'apprenant a saisi.
        attendu: le montant juste, calculé par le noyau.
        tolerance: écart accepté en euros (annoncé dans l'énoncé).
        quoi: ce que le montant représente (« la TVA collectée »), pour les messages.
        confusions: autres montants que l'apprenant pourrait donner par erreur,
            avec leur nom (``{"le montant HT": ht}``).
    """
    criteres = tuple(criteres)
    return evaluer(
        lambda: _comparer(
            reponse, montant(attendu), sur, criteres, montant(tolerance), quoi, confusions or {}
        ),
        sur=sur,
        criteres=criteres,
        quoi=quoi,
    )


def _comparer(reponse, attendu, sur, criteres, tolerance, quoi, confusions) -> Verdict:
    donne = lire_montant(reponse)
    if abs(donne - attendu) <= tolerance:
        return Verdict(sur, sur, (), criteres, (f"{majuscule(quoi)} : {format_montant(attendu)}",))
    remarques = []
    diagnostics = ["montant_faux"]
    for nom, valeur in confusions.items():
        if abs(donne - montant(valeur)) <= tolerance:
            remarques.append(
                f"{majuscule(quoi)} : vous avez donné {nom} ({format_montant(donne)}), "
                f"on attendait {format_montant(attendu)}."
            )
            diagnostics = [f"confusion:{nom}"]
            break
    else:
        if attendu and abs(donne + attendu) <= tolerance:
            remarques.append(f"{majuscule(quoi)} : le signe est inversé ({format_montant(donne)}).")
            diagnostics = ["signe_inverse"]
        elif attendu and any(abs(donne - attendu * f) <= tolerance for f in (Decimal(100), Decimal("0.01"))):
            remarques.append(f"{majuscule(quoi)} : la virgule est mal placée ({format_montant(donne)}).")
            diagnostics = ["virgule"]
        else:
            ecart = donne - attendu
            remarques.append(
                f"{majuscule(quoi)} : {format_montant(donne)} au lieu de {format_montant(attendu)} "
                f"(écart de {format_montant(abs(ecart))} {'en trop' if ecart > 0 else 'en moins'})."
            )
    return Verdict(0, sur, tuple(remarques), criteres, diagnostics=tuple(diagnostics))
