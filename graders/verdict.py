"""Verdict d'une cellule de test nbgrader : une note ET son explication.

nbgrader lit la note partielle dans la sortie ``execute_result`` d'une cellule
de test : son ``text/plain`` doit être un nombre entre 0 et le maximum de points
(``nbgrader.utils.get_partial_grade``). Un texte qui n'est pas un nombre, ou un
nombre négatif, vaut... tous les points ; une sortie sur stderr ou une exception
vaut zéro sans nuance. D'où, aujourd'hui, une cellule qui explique ou qui note,
pas les deux (nbgrader #1399, #1889).

Un :class:`Verdict` fait les deux : sa représentation texte est la note seule
(ce que nbgrader enregistre), sa représentation HTML est l'explication en
français avec la note (ce que voient l'apprenant et le formateur, et le retour
« feedback »). Il ne lève jamais : une réponse absente ou qui plante donne un
verdict à zéro avec un message clair.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal


def _arrondir_points(valeur: Decimal) -> Decimal:
    return valeur.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Verdict:
    """Résultat d'une évaluation : points obtenus sur un maximum, remarques, critères évalués.

    Attributes:
        points: points obtenus (entre 0 et ``sur``, au centième).
        sur: maximum de points de la cellule (celui de ses métadonnées nbgrader).
        remarques: explications en français, une par écart constaté.
        criteres: identifiants du référentiel évalués (``"B1.1-K04"``).
        reussites: ce qui est juste (montré aussi, pour encourager et situer l'erreur).
        diagnostics: codes des erreurs typiques relevées (``"inversion_debit_credit"``,
            ``"ht_au_lieu_de_ttc"``...), que la synthèse de classe compte.
    """

    points: Decimal
    sur: Decimal
    remarques: tuple[str, ...] = ()
    criteres: tuple[str, ...] = ()
    reussites: tuple[str, ...] = field(default=())
    diagnostics: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        sur = Decimal(str(self.sur))
        points = min(max(Decimal(str(self.points)), Decimal(0)), sur)
        object.__setattr__(self, "sur", sur)
        object.__setattr__(self, "points", _arrondir_points(points))
        object.__setattr__(self, "remarques", tuple(self.remarques))
        object.__setattr__(self, "criteres", tuple(self.criteres))
        object.__setattr__(self, "reussites", tuple(self.reussites))
        object.__setattr__(self, "diagnostics", tuple(self.diagnostics))

    @classmethod
    def proportion(
        cls, justes: Decimal | int, total: Decimal | int, sur: Decimal | int | str, **kwargs
    ) -> Verdict:
        """Verdict à ``sur × justes / total`` points (0 si ``total`` est nul)."""
        justes, total, sur = Decimal(str(justes)), Decimal(str(total)), Decimal(str(sur))
        points = sur * justes / total if total else Decimal(0)
        return cls(points, sur, **kwargs)

    @property
    def reussi(self) -> bool:
        """Vrai si tous les points sont obtenus."""
        return self.points == self.sur

    @property
    def fraction(self) -> Decimal:
        """Part des points obtenus, entre 0 et 1."""
        return self.points / self.sur if self.sur else Decimal(0)

    def __float__(self) -> float:
        return float(self.points)

    def __repr__(self) -> str:
        """La note seule : c'est ce que nbgrader lit comme note partielle."""
        return format(self.points.normalize(), "f") if self.points else "0"

    def texte(self) -> str:
        """L'explication en texte brut (pour un terminal ou un rapport)."""
        entete = f"{_points_fr(self.points)} / {_points_fr(self.sur)} point(s)"
        if self.criteres:
            entete += " — critères " + ", ".join(self.criteres)
        lignes = [entete]
        lignes += [f"  ✔ {r}" for r in self.reussites]
        lignes += [f"  ✘ {r}" for r in self.remarques]
        if self.reussi and not self.remarques:
            lignes.append("  Tout est juste.")
        return "\n".join(lignes)

    def _repr_html_(self) -> str:
        couleur = "#1b5e20" if self.reussi else "#b71c1c" if not self.points else "#e65100"
        criteres = f" <small>({html.escape(', '.join(self.criteres))})</small>" if self.criteres else ""
        items = "".join(f"<li>✔ {html.escape(r)}</li>" for r in self.reussites)
        items += "".join(f"<li>✘ {html.escape(r)}</li>" for r in self.remarques)
        if self.reussi and not self.remarques:
            items += "<li>Tout est juste.</li>"
        return (
            f'<div class="verdict" style="border-left:4px solid {couleur};padding:0.3em 0.8em">'
            f'<strong style="color:{couleur}">{_points_fr(self.points)} / {_points_fr(self.sur)} point(s)</strong>'
            f"{criteres}<ul>{items}</ul></div>"
        )

    def avec_remarques(self, remarques: Sequence[str], diagnostics: Sequence[str] = ()) -> Verdict:
        """Le même verdict, ``remarques`` en tête de ses remarques, ``diagnostics`` à la suite des siens."""
        if not remarques:
            return self
        return replace(
            self, remarques=(*remarques, *self.remarques), diagnostics=(*self.diagnostics, *diagnostics)
        )

    def combiner(self, *autres: Verdict) -> Verdict:
        """Somme de plusieurs verdicts (points, maximum, remarques et critères réunis)."""
        tous = (self, *autres)
        return Verdict(
            sum((v.points for v in tous), Decimal(0)),
            sum((v.sur for v in tous), Decimal(0)),
            tuple(r for v in tous for r in v.remarques),
            tuple(dict.fromkeys(c for v in tous for c in v.criteres)),
            tuple(r for v in tous for r in v.reussites),
            tuple(d for v in tous for d in v.diagnostics),
        )


def majuscule(texte: str) -> str:
    """Première lettre en majuscule, le reste intact (« la TVA » → « La TVA », là où ``capitalize`` écrirait « La tva »)."""
    return texte[:1].upper() + texte[1:]


def _points_fr(valeur: Decimal) -> str:
    return format(valeur.normalize(), "f").replace(".", ",")


def evaluer(
    fonction: Callable[[], Verdict],
    *,
    sur: Decimal | int | str,
    criteres: Iterable[str] = (),
    quoi: str = "la réponse",
) -> Verdict:
    """Appelle un grader sans jamais laisser passer d'exception.

    Une réponse absente (``NotImplementedError`` du squelette, ``NameError``) ou
    une erreur dans le code de l'apprenant donne zéro avec un message clair ;
    une :class:`compta_kernel.ErreurComptable` donne son message français.
    """
    from compta_kernel.erreurs import ErreurComptable

    criteres = tuple(criteres)
    try:
        return fonction()
    except (NotImplementedError, NameError) as exc:
        message = f"Pas de réponse pour {quoi} : complétez la cellule de réponse puis exécutez-la."
        if isinstance(exc, NameError):
            message += f" ({exc})"
        return Verdict(0, sur, (message,), criteres, diagnostics=("reponse_absente",))
    except ErreurComptable as exc:
        return Verdict(
            0, sur, (f"Réponse refusée pour {quoi} : {exc}",), criteres, diagnostics=("reponse_refusee",)
        )
    except Exception as exc:  # noqa: BLE001 - une réponse d'apprenant peut lever n'importe quoi
        return Verdict(
            0,
            sur,
            (f"La réponse pour {quoi} provoque une erreur ({type(exc).__name__} : {exc}). Corrigez-la.",),
            criteres,
        )
