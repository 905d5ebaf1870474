"""Le noyau d'un tableau de bord servi par Voilà : préchauffage et journal hors de la page.

Deux précautions, prises par chaque tableau de bord :

1. **Attendre la requête du visiteur** (:func:`attendre_la_requete`) avant de lire sa
   progression. Voilà exécute d'avance le carnet d'un noyau préchauffé, bien avant que le
   visiteur n'ouvre la page : une progression lue à ce moment-là serait celle d'avant ses
   derniers exercices, et l'identité transmise par la requête (en-têtes HTTP) ne serait pas
   encore connue. Les widgets, eux, se construisent avant l'attente : c'est autant de moins
   à faire quand le visiteur arrive.
2. **Garder le journal du noyau hors de la page** (:func:`journal_hors_de_la_page`).
   ipykernel relaie au navigateur tout ce qui s'écrit sur la sortie d'erreur, même
   au niveau du descripteur de fichier : un message de widget malformé envoyé par un
   visiteur (« No such comm », « Exception opening comm » avec sa trace d'appels et
   les chemins des bibliothèques) lui reviendrait par le websocket. De même, une
   exception levée en traitant un message de widget (un type faux refusé par
   traitlets) est montrée par ipywidgets avec ``showtraceback`` : un message
   ``error`` avec toute la trace, code source des bibliothèques compris, que
   ``show_tracebacks=False`` ne filtre pas (il ne vaut que pour le rendu de la page).
   Sous Voilà, les journaux (``logging``, celui de l'application du noyau, les
   avertissements) et les traces d'appels vont sur la vraie sortie d'erreur du
   noyau, c'est-à-dire le journal du serveur, pour le formateur.

Hors de Voilà (JupyterLab, tests), :func:`preparer` et :func:`attendre_la_requete` ne
changent rien.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

_FORMAT = "[noyau %(process)d %(name)s] %(levelname)s | %(message)s"
_redirige = False


def sous_voila() -> bool:
    """Vrai si le noyau a été lancé par Voilà (qui lui passe ``VOILA_BASE_URL``)."""
    return "VOILA_BASE_URL" in os.environ


def attendre_la_requete() -> None:
    """Avec un noyau préchauffé, bloque jusqu'à la requête du visiteur (``voila.utils.wait_for_request``).

    Hors préchauffage, ou hors Voilà, rend la main aussitôt.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    from voila.utils import wait_for_request

    wait_for_request()


def flux_du_serveur() -> TextIO:
    """Un flux vers la sortie d'erreur réelle du processus, qu'ipykernel ne relaie pas au navigateur.

    ipykernel (``capture_fd_output``) détourne le descripteur 2 vers la page et garde une
    copie de l'original (``_original_stdstream_copy``) ; sans elle, ``sys.__stderr__``.
    """
    copie = getattr(sys.stderr, "_original_stdstream_copy", None)
    if isinstance(copie, int):
        return os.fdopen(os.dup(copie), "w", buffering=1, encoding="utf-8", errors="replace")
    return sys.__stderr__


def journal_hors_de_la_page() -> None:
    """Envoie journaux et avertissements du noyau au journal du serveur, jamais à la page (une seule fois)."""
    global _redirige
    if _redirige:
        return
    flux = flux_du_serveur()
    gestionnaire = logging.StreamHandler(flux)
    gestionnaire.setFormatter(logging.Formatter(_FORMAT))
    logging.getLogger().addHandler(gestionnaire)
    logging.captureWarnings(True)
    from traitlets import log

    for existant in log.get_logger().handlers:
        if type(existant) is logging.StreamHandler:
            existant.setStream(flux)
    _redirige = True


def traces_au_journal() -> None:
    """Les traces d'appels du noyau (``showtraceback``) vont au journal du serveur, plus au navigateur."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    journal = logging.getLogger("tableaux_de_bord.noyau")

    def consigner(*_args, **_kwargs) -> None:
        journal.error("Exception dans le noyau du tableau de bord", exc_info=sys.exc_info())

    shell.showtraceback = consigner


def preparer() -> None:
    """À appeler par un tableau de bord avant tout : sous Voilà, journal et traces hors de la page."""
    if sous_voila():
        journal_hors_de_la_page()
        traces_au_journal()
