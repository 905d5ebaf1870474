"""Formulaires de saisie du cours (ipywidgets), séparés de la logique du noyau comptable.

Chaque formulaire a deux couches : un **modèle** (Python pur, ``traitlets``) qui
tient l'état, vérifie chaque saisie côté noyau et appelle :mod:`compta_kernel` ;
une **vue** (``VBox``) qui n'affiche que des widgets reliés au modèle. Toute
erreur s'affiche en français à côté du champ fautif, jamais en trace d'appels ;
chaque saisie valide est enregistrée dans ``reponses.json`` (dossier du devoir)
et reprise après un redémarrage du noyau ou un rechargement de la page. La
correction lit ces données (:mod:`graders.reponses`), jamais les widgets.

- :class:`FormulaireSaisie` / :class:`ModeleSaisie` : saisie d'écritures au livre, contre-passation
  (B1.1, B1.2, B1.3, B2, B3.2) ;
- :class:`EditeurTableau` / :class:`ModeleTableau` : tableaux à colonnes typées — plans
  d'amortissement, états de rapprochement, balances (B2.1, B1.2, B2.3) ;
- :class:`PointageBancaire` / :class:`ModelePointage` : pointage relevé / compte 512 (B1.2) ;
- :class:`SaisiePaie` / :class:`ModelePaie` : éléments variables de paie du mois (B3.1).

Exemple dans un carnet::

    from formulaires import FormulaireSaisie
    FormulaireSaisie(livre, question="b1_achat_durand")
"""

from formulaires._commun import SaisieInvalide
from formulaires.paie import ELEMENTS_PAIE, ElementPaie, ModelePaie, SaisiePaie
from formulaires.pointage import LignePointage, ModelePointage, Pointage, PointageBancaire
from formulaires.saisie_ecriture import FormulaireSaisie, ModeleSaisie
from formulaires.tableau import Colonne, EditeurTableau, ModeleTableau

__all__ = [
    "ELEMENTS_PAIE",
    "Colonne",
    "EditeurTableau",
    "ElementPaie",
    "FormulaireSaisie",
    "LignePointage",
    "ModelePaie",
    "ModelePointage",
    "ModeleSaisie",
    "ModeleTableau",
    "Pointage",
    "PointageBancaire",
    "SaisieInvalide",
    "SaisiePaie",
]
