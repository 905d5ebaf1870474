"""Correcteurs appelés par les cellules de test nbgrader du cours.

Chaque correcteur compare la réponse de l'apprenant à la réponse attendue,
calculée par :mod:`compta_kernel` au moment de la correction, et renvoie un
:class:`~graders.verdict.Verdict` : la note (lue par nbgrader) et l'explication
en français (lue par l'apprenant et le formateur). Un correcteur ne lève jamais.
"""

from graders.ecritures import comparer_ecriture, lire_saisie
from graders.verdict import Verdict, evaluer

__all__ = ["Verdict", "comparer_ecriture", "evaluer", "lire_saisie"]
