"""Configuration de référence du centre de formation (deploy/), sans lancer le hub.

Le hub réel est lancé par ``tests/test_jupyterhub.py`` (root) ; ici, la lecture de
``centre.yaml`` et ce que ``jupyterhub_config.py`` en tire : groupes nommés comme nbgrader les
attend, rôles, un service de correction par session, arrêt des serveurs inactifs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "deploy"))

import centre

EXEMPLE = RACINE / "deploy" / "centre.exemple.yaml"


def test_centre__exemple_lu_groupes_nbgrader():
    lu = centre.lire_centre(EXEMPLE)
    assert [s.id for s in lu.sessions] == ["ac-2026-mars", "ac-2026-avril"]
    groupes = lu.groupes()
    assert groupes["formgrade-ac-2026-avril"] == {"users": ["mdurand", "pmartin"]}
    assert groupes["nbgrader-ac-2026-mars"] == {"users": ["mdurand", "alucas", "bnguyen"]}
    assert groupes["formateurs"] == {"users": ["mdurand", "pmartin"]}
    assert lu.sessions[0].correcteur == "correcteur-ac-2026-mars"
    assert set(lu.utilisateurs) == {
        "admin-centre",
        "mdurand",
        "pmartin",
        "alucas",
        "bnguyen",
        "cperrin",
        "dbernard",
    }


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ("sessions: []", "aucune session"),
        ("sessions: [{id: A B}]", "identifiant « A B » invalide"),
        ("sessions: [{id: s1, port: 9901}, {id: s2, port: 9901}]", "le port 9901 sert déjà"),
        ("sessions: [{id: s1, apprenants: [Élodie]}]", "« Élodie » n'est pas un nom de compte Unix valide"),
        ("sessions: [", "Impossible de lire"),
    ],
)
def test_centre__erreurs_dites_en_francais(tmp_path, contenu, message):
    chemin = tmp_path / "centre.yaml"
    chemin.write_text(contenu, encoding="utf-8")
    with pytest.raises(centre.ErreurCentre, match=message):
        centre.lire_centre(chemin)


def test_configuration_hub__services_roles_et_inactivite(tmp_path, monkeypatch):
    monkeypatch.setenv("CENTRE_FORMATION", str(EXEMPLE))
    monkeypatch.setenv("ETAT_HUB", str(tmp_path))
    monkeypatch.delenv("JETON_PILOTAGE_HUB", raising=False)
    config = PyFileConfigLoader("jupyterhub_config.py", str(RACINE / "deploy")).load_config()
    services = {s["name"]: s for s in config.JupyterHub.services}
    assert set(services) == {"inactivite", "ac-2026-mars", "ac-2026-avril"}  # pas de service de pilotage
    mars = services["ac-2026-mars"]
    assert mars["user"] == "correcteur-ac-2026-mars" and mars["url"] == "http://127.0.0.1:9901"
    assert mars["environment"]["COURS_NBGRADER"] == "ac-2026-mars"
    assert "--timeout=3600" in services["inactivite"]["command"]
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert roles["formgrade-ac-2026-mars"]["scopes"] == ["access:services!service=ac-2026-mars"]
    assert roles["server"]["scopes"] == ["inherit"]
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.Spawner.mem_limit == "1G" and config.Spawner.cpu_limit == 1.0
    assert config.Authenticator.admin_users == {"admin-centre"}
