"""Configuration nbgrader du cours « Assistant comptable ».

nbgrader lit ce fichier dans le dossier courant : lancez les commandes ``nbgrader`` et le
serveur Jupyter (formgrader) depuis ``course/`` ; ``python3 scripts/taches.py cours`` le
fait. Un fichier cassé est ignoré en silence par nbgrader : ``tests/test_installation.py``
vérifie que ces réglages sont bien lus.

Arborescence nbgrader sous ``course/`` : ``source/<devoir>/`` (version formateur),
``release/``, ``submitted/``, ``autograded/``, ``feedback/`` et ``gradebook.db``.

Échange (diffusion, ramassage, retours via un dossier partagé) : désactivé par défaut, pour
un usage local sur un seul poste ; formgrader affiche alors que l'échange n'est pas
disponible. Pour l'activer (salle de formation, JupyterHub), créez un dossier partagé
inscriptible par tous (``mkdir -p /srv/nbgrader/echange && chmod 777 /srv/nbgrader/echange``)
et exportez ``ECHANGE_NBGRADER=/srv/nbgrader/echange`` avant de lancer le serveur ou
``nbgrader``.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 (fournie par traitlets au chargement)

DOSSIER_COURS = Path(__file__).resolve().parent

# Sous /dev/null, aucun dossier ne peut exister : l'échange reste hors service.
ECHANGE_DESACTIVE = "/dev/null/echange-nbgrader-desactive"

# Identifiant du cours dans l'échange : une session de formation par identifiant sur un même
# JupyterHub (deploy/centre.py le fixe par COURS_NBGRADER pour chaque service de correction).
c.CourseDirectory.course_id = os.environ.get("COURS_NBGRADER") or "assistant-comptable"
c.CourseDirectory.root = str(DOSSIER_COURS)
# Carnet de notes : ``course/gradebook.db`` (SQLite). CARNET_NBGRADER donne une autre adresse
# SQLAlchemy (tests qui lancent plusieurs serveurs à la fois, base d'un serveur partagé).
c.CourseDirectory.db_url = os.environ.get("CARNET_NBGRADER") or f"sqlite:///{DOSSIER_COURS / 'gradebook.db'}"

c.Exchange.root = os.environ.get("ECHANGE_NBGRADER") or ECHANGE_DESACTIVE

c.ClearSolutions.code_stub = {"python": "# VOTRE RÉPONSE ICI\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"

# Exécution des carnets (validate, autograde) : une cellule qui boucle est interrompue et
# notée 0 ; un code qui ignore l'interruption ne fait pas échouer toute la copie.
c.Execute.timeout = 60
c.Execute.raise_on_iopub_timeout = False
# Sans historique ni traceback détaillé, les tests cachés ne fuient pas dans les retours.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--InteractiveShell.xmode=Minimal"]

# Par défaut, les retours (feedback) montrent le code des tests cachés.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests]
