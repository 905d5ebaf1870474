"""Configuration JupyterHub de référence d'un centre de formation « Assistant comptable ».

Lancement (en root, après ``python deploy/centre.py preparer``) ::

    CENTRE_FORMATION=/etc/assistant-comptable/centre.yaml \\
        .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

- **Comptes** : comptes Unix du système (authentification PAM par défaut), un serveur Jupyter
  par utilisateur lancé sous son propre compte (``LocalProcessSpawner``) : les droits Unix
  isolent les apprenants entre eux et du secret des sessions.
- **Sessions (cours nbgrader)** : chaque session de ``centre.yaml`` a son serveur de correction,
  un service JupyterHub qui tourne sous le compte ``correcteur-<session>`` dans le dossier de la
  session ; ses formateurs (groupe ``formgrade-<session>``) y accèdent par
  ``/services/<session>/`` (formgrader, terminal, ``formateur``). Les apprenants (groupe
  ``nbgrader-<session>``) ne voient dans « Devoirs » que leurs sessions.
- **Échange nbgrader** : un dossier partagé (``echange`` dans ``centre.yaml``), un sous-dossier par
  session.
- **Noyaux et serveurs inactifs** : arrêtés par ``jupyterhub-idle-culler`` (``inactivite``).
- **Limites** : ``limites.memoire`` et ``limites.processeur`` passent à ``Spawner.mem_limit`` et
  ``Spawner.cpu_limit`` ; elles sont appliquées par un lanceur qui sait le faire
  (``systemdspawner``, ``kubespawner``), pas par ``LocalProcessSpawner`` (voir docs/deploiement.md).
- **JupyterLab en français et tableaux de bord Voilà** : les serveurs tournent dans
  l'environnement du projet (``.venv``), où le pack de langue est installé et le français réglé
  par défaut ; Voilà y est une extension du serveur : ``/user/<nom>/voila/render/<carnet>``.

Pour les tests (``tests/test_jupyterhub.py``), ``centre.yaml`` peut choisir
``authentification: {type: dummy, mot_de_passe: ...}`` et un jeton de pilotage
(``JETON_PILOTAGE_HUB``) qui crée un service administrateur ; jamais en production.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from centre import environnement_session, lire_centre

c = get_config()  # noqa: F821 (fournie par traitlets)

CENTRE = lire_centre(os.environ.get("CENTRE_FORMATION", Path(__file__).with_name("centre.yaml")))
PYTHON = Path(sys.executable)
ETAT = Path(os.environ.get("ETAT_HUB", "/srv/jupyterhub"))
ETAT.mkdir(parents=True, exist_ok=True)

# --- Le hub et son mandataire --------------------------------------------------------------
c.JupyterHub.ip = CENTRE.adresse
c.JupyterHub.port = CENTRE.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("PORT_API_HUB", CENTRE.port + 81))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('PORT_API_PROXY', CENTRE.port + 1))}"
c.JupyterHub.db_url = f"sqlite:///{ETAT / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ETAT / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(ETAT / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # arrêter le hub arrête les serveurs et le mandataire
c.JupyterHub.cleanup_proxy = True

# --- Comptes et authentification -----------------------------------------------------------
authentification = CENTRE.authentification
if authentification.get("type") == "dummy":  # tests seulement
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = str(authentification["mot_de_passe"])
else:
    c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(CENTRE.utilisateurs)
c.Authenticator.admin_users = set(CENTRE.administrateurs)
c.JupyterHub.load_groups = CENTRE.groupes()

# --- Serveurs des utilisateurs ---------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(PYTHON.parent / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": str(CENTRE.configuration),
    "ECHANGE_NBGRADER": str(CENTRE.echange),
    "PATH": f"{PYTHON.parent}:/usr/local/bin:/usr/bin:/bin",
}
c.Spawner.args = [
    # Les apprenants n'ont ni le formgrader ni l'outil de création des devoirs.
    "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False",
]
if CENTRE.limites.get("memoire"):
    c.Spawner.mem_limit = str(CENTRE.limites["memoire"])
if CENTRE.limites.get("processeur"):
    c.Spawner.cpu_limit = float(CENTRE.limites["processeur"])
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# --- Rôles ----------------------------------------------------------------------------------
roles = [
    # Le serveur d'un utilisateur agit avec ses droits : nbgrader y lit ses groupes (sessions).
    {"name": "server", "scopes": ["inherit"]},
    {
        "name": "inactivite",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["inactivite"],
    },
]
services = [
    {
        "name": "inactivite",
        "command": [str(PYTHON), "-m", "jupyterhub_idle_culler", f"--timeout={CENTRE.inactivite}"],
    }
]
for session in CENTRE.sessions:
    roles += [
        {
            "name": f"formgrade-{session.id}",
            "groups": [f"formgrade-{session.id}"],
            "scopes": [f"access:services!service={session.id}"],
        },
        {
            "name": f"nbgrader-{session.id}",
            "groups": [f"nbgrader-{session.id}"],
            "scopes": ["list:services", f"read:services!service={session.id}"],
        },
    ]
    services.append(
        {
            "name": session.id,
            "url": f"http://127.0.0.1:{session.port}",
            "command": [
                str(PYTHON.parent / "jupyterhub-singleuser"),
                f"--ServerApp.root_dir={Path(os.path.expanduser('~' + session.correcteur)) / session.id}",
            ],
            "user": session.correcteur,
            "cwd": str(Path(os.path.expanduser("~" + session.correcteur)) / session.id),
            "environment": {
                **environnement_session(CENTRE, session),
                "PATH": f"{PYTHON.parent}:/usr/local/bin:/usr/bin:/bin",
                "JUPYTERHUB_DEFAULT_URL": "/lab",
            },
            "oauth_no_confirm": True,
        }
    )

jeton_pilotage = os.environ.get("JETON_PILOTAGE_HUB")
if jeton_pilotage:  # tests : un service qui pilote le hub par son API
    services.append({"name": "pilotage", "api_token": jeton_pilotage})
    roles.append(
        {
            "name": "pilotage",
            "scopes": ["admin:users", "admin:servers", "tokens", "admin:groups"],
            "services": ["pilotage"],
        }
    )

c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
