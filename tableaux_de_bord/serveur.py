"""Voilà pour les tableaux de bord : la commande, ses réglages sûrs, son environnement.

Les réglages (:class:`ReglagesVoila`) sont ceux d'un service en lecture seule :

- ``strip_sources=True`` : aucune cellule de code dans la page ni dans le trafic du websocket ;
- ``show_tracebacks=False`` : une erreur au rendu de la page ne montre pas de trace d'appels
  (les traces levées ensuite par les widgets : :mod:`tableaux_de_bord.noyau`) ;
- modèle ``lab``, page en français (``<html lang="fr">``), modèle et thème imposés
  (``?template=`` et ``?theme=`` ignorés), seules les extensions des widgets chargées ;
- politique de sécurité du contenu (:data:`POLITIQUE_CONTENU`) : la page ne charge rien d'ailleurs
  que du serveur (pas de CDN qui verrait passer les visiteurs), ne s'affiche pas dans un autre site ;
- noyaux préchauffés (``preheat_kernel``, un noyau d'avance par carnet) : le carnet
  s'exécute avant la visite, la page est utilisable plus vite ; les carnets appellent
  :func:`tableaux_de_bord.noyau.attendre_la_requete` avant de lire la progression ;
- noyau préchauffé remplacé 5 s après la visite qui l'a pris (``fill_delay``) : pas pendant le
  chargement de la page ;
- noyaux inactifs arrêtés (``MappingKernelManager.cull_idle_timeout`` et ``cull_interval``) :
  une page fermée ne laisse pas son noyau tourner ;
- écoute sur la boucle locale (127.0.0.1) par défaut : Voilà n'authentifie pas ses
  visiteurs, une exposition au réseau passe par un proxy authentifiant (``docs/voila.md``).

Utilisé par ``python -m tableaux_de_bord`` (:mod:`tableaux_de_bord.__main__`), par les
tests navigateur et par ``benchmarks/bench_voila.py`` : tous lancent exactement la même
commande.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: Dossier des carnets des tableaux de bord (dans le dépôt, à côté du paquet).
DOSSIER_TABLEAUX = Path(__file__).resolve().parent.parent / "course" / "tableaux_de_bord"
PORT_DEFAUT = 8866
IP_DEFAUT = "127.0.0.1"
#: Un noyau sans activité ni connexion depuis ce délai (secondes) est arrêté.
INACTIVITE_DEFAUT = 900
#: Intervalle (secondes) entre deux recherches de noyaux inactifs.
INTERVALLE_DEFAUT = 60
#: Délai (secondes) avant de remplacer le noyau préchauffé qu'une visite vient de prendre.
#: Le remplacement (démarrage d'un noyau, exécution du carnet : 2 à 3 s de calcul) attend que
#: la page de la visite soit chargée au lieu de disputer les cœurs au navigateur (Voilà : 1 s).
#: Mesuré sur 2 cœurs : médianes de 1,9 à 2,4 s au lieu de 2,4 à 2,9 s jusqu'au formulaire.
DELAI_RESERVE_DEFAUT = 5.0
_BOUCLES_LOCALES = ("127.0.0.1", "localhost", "::1")
#: Politique de sécurité du contenu des pages : rien ne se charge hors du serveur (le modèle
#: ``lab`` demande une feuille de style à cdn.jsdelivr.net : bloquée avant toute requête, les
#: icônes viennent aussi des widgets), pas d'``eval``, pas d'inclusion dans un autre site.
POLITIQUE_CONTENU = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)
#: Seules extensions JupyterLab chargées dans les pages : les widgets (le gestionnaire propre à
#: Voilà et les contrôles d'ipywidgets). Les autres (nbgrader, Notebook...) n'ont rien à faire
#: dans un tableau de bord : moins de JavaScript à charger, moins de surface d'attaque.
EXTENSIONS = ("@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager")


@dataclass(frozen=True)
class ReglagesVoila:
    """Réglages du serveur Voilà des tableaux de bord.

    Attributes:
        dossier: dossier des carnets servis.
        port: port TCP.
        ip: adresse d'écoute (boucle locale par défaut).
        prechauffage: noyaux préchauffés (``preheat_kernel``).
        reserve: noyaux préchauffés d'avance par carnet (``pool_size``).
        delai_reserve: secondes avant de remplacer un noyau préchauffé pris (``fill_delay``).
        inactivite: secondes d'inactivité avant l'arrêt d'un noyau (0 : jamais).
        intervalle: secondes entre deux recherches de noyaux inactifs.
    """

    dossier: Path = DOSSIER_TABLEAUX
    port: int = PORT_DEFAUT
    ip: str = IP_DEFAUT
    prechauffage: bool = True
    reserve: int = 1
    delai_reserve: float = DELAI_RESERVE_DEFAUT
    inactivite: int = INACTIVITE_DEFAUT
    intervalle: int = INTERVALLE_DEFAUT

    @property
    def boucle_locale(self) -> bool:
        """Vrai si le serveur n'écoute que sur la machine elle-même."""
        return self.ip in _BOUCLES_LOCALES

    def url(self, carnet: str | None = None) -> str:
        """Adresse de la liste des tableaux de bord, ou d'un carnet (``"b4_penalites.ipynb"``)."""
        hote = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        hote = f"[{hote}]" if ":" in hote else hote
        chemin = f"/voila/render/{carnet}" if carnet else "/"
        return f"http://{hote}:{self.port}{chemin}"


def options_voila(reglages: ReglagesVoila) -> list[str]:
    """Les options de la ligne de commande ``voila`` pour ces réglages."""
    return [
        "--no-browser",
        f"--port={reglages.port}",
        "--Voila.port_retries=0",
        f"--Voila.ip={reglages.ip}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--template=lab",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--HTMLExporter.language_code=fr",
        *[f"--VoilaConfiguration.extension_allowlist={extension}" for extension in EXTENSIONS],
        "--Voila.tornado_settings=" + json.dumps({"headers": {"Content-Security-Policy": POLITIQUE_CONTENU}}),
        f"--preheat_kernel={reglages.prechauffage}",
        f"--pool_size={reglages.reserve if reglages.prechauffage else 0}",
        f"--VoilaKernelManager.fill_delay={reglages.delai_reserve}",
        f"--MappingKernelManager.cull_idle_timeout={reglages.inactivite}",
        f"--MappingKernelManager.cull_interval={reglages.intervalle}",
    ]


def commande_voila(reglages: ReglagesVoila, python: str | Path = sys.executable) -> list[str]:
    """La commande complète : ``python -m voila <dossier> <options>``."""
    return [str(python), "-m", "voila", str(reglages.dossier), *options_voila(reglages)]


def environnement(reglages: ReglagesVoila, base: dict[str, str] | None = None) -> dict[str, str]:
    """Variables d'environnement du serveur (héritées par ses noyaux).

    ``VOILA_APP_IP`` indique aux noyaux préchauffés où joindre le serveur quand il écoute sur
    une adresse précise (Voilà suppose 127.0.0.1).
    """
    env = dict(os.environ if base is None else base)
    if reglages.ip not in ("", "0.0.0.0") and ":" not in reglages.ip:
        env["VOILA_APP_IP"] = reglages.ip
    return env
