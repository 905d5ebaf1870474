"""Mesure du temps jusqu'au premier formulaire utilisable des tableaux de bord Voilà.

Pour chaque tableau de bord (``tableaux_de_bord.TABLEAUX``), dans le Chromium de Debian
piloté par Playwright : chronomètre de la navigation (``page.goto``) jusqu'à ce que le
bouton principal du formulaire (« Vérifier », « Calculer ») soit visible et actif, c'est-à-dire
page chargée, noyau connecté, widgets rendus. Deux serveurs, lancés tour à tour avec la
commande du lanceur (``python -m tableaux_de_bord``, :mod:`tableaux_de_bord.serveur`) :

- ``voila`` : Voilà sans préchauffage (chaque visite démarre son noyau et exécute le carnet) ;
- ``prechauffe`` : réglages du lanceur (``preheat_kernel``, un noyau d'avance par carnet).

Chaque visite est un contexte de navigateur neuf (sans cache), fermé ensuite (la page
demande l'arrêt de son noyau). Entre deux visites, un repos (10 s par défaut) laisse la
réserve de noyaux préchauffés se remplir et le carnet s'y exécuter. Un premier chargement
par serveur, non compté, paie les coûts uniques du serveur (modèles, fichiers statiques) ;
sa durée est notée dans le JSON. On retient la médiane de N essais (3 par défaut). La machine
peut être partagée : la charge moyenne (1 minute) avant chaque essai est notée, car le rendu
des widgets dans Chromium dépend surtout du processeur libre (sur 2 cœurs, une charge de 3 à 5
ajoute une seconde ou plus).

Objectif : moins de 2,5 s avec les noyaux préchauffés (mesures de référence sur cette
machine : 4,1 à 4,4 s sans préchauffage, 3,0 à 3,5 s avec). Résultats dans
``benchmarks/resultats/voila_<AAAA-MM-JJ>.json``.

Usage ::

    .venv/bin/python benchmarks/bench_voila.py --repetitions 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent
RACINE = DOSSIER.parent
RESULTATS = DOSSIER / "resultats"
OBJECTIF_S = 2.5
"""Temps jusqu'au premier formulaire utilisable, noyaux préchauffés (médiane), en secondes."""
MODES = {"voila": False, "prechauffe": True}


def _charger_conftest():
    """``tests/conftest.py`` : Chromium et ses options, démarrage et arrêt de Voilà (mêmes que les tests)."""
    spec = importlib.util.spec_from_file_location("conftest_tests", RACINE / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _environnement(base: Path) -> dict[str, str]:
    """Jupyter isolé dans ``base`` (rien n'est écrit dans le dossier personnel)."""
    environnement = dict(os.environ)
    for nom in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        dossier = base / "jupyter" / nom.lower()
        dossier.mkdir(parents=True, exist_ok=True)
        environnement[nom] = str(dossier)
    for variable in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        environnement.pop(variable, None)
    return environnement


def mesurer(navigateur, url: str, pret: str) -> float:
    """Secondes de la navigation jusqu'au bouton ``pret`` visible et actif, dans un contexte neuf."""
    from playwright.sync_api import expect

    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    page = contexte.new_page()
    try:
        debut = time.perf_counter()
        page.goto(url, wait_until="commit")
        expect(page.locator(pret)).to_be_enabled(timeout=60_000)
        return time.perf_counter() - debut
    finally:
        page.close(run_before_unload=True)
        contexte.close()


def _versions(navigateur) -> dict[str, str]:
    versions = {"chromium": navigateur.version, "python": platform.python_version()}
    for paquet in ("voila", "ipywidgets", "jupyter_server", "ipykernel", "playwright"):
        versions[paquet] = importlib.metadata.version(paquet)
    return versions


def main(arguments: list[str] | None = None) -> int:
    """Lance les mesures, écrit le JSON et affiche le tableau ; code 1 si l'objectif est manqué."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=3, help="essais par tableau de bord et par mode")
    parser.add_argument("--repos", type=float, default=10.0, help="secondes de repos entre deux visites")
    parser.add_argument("--sortie", type=Path, help="fichier JSON (par défaut resultats/voila_<date>.json)")
    args = parser.parse_args(arguments)

    from playwright.sync_api import sync_playwright

    from tableaux_de_bord import TABLEAUX

    conftest = _charger_conftest()
    if not conftest.CHROMIUM.exists():
        print(f"{conftest.CHROMIUM} absent : installez le paquet Debian « chromium ».", file=sys.stderr)
        return 2
    mesures: dict[str, dict] = {}
    demarrage: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench_voila_") as temporaire, sync_playwright() as playwright:
        base = Path(temporaire)
        navigateur = playwright.chromium.launch(
            executable_path=str(conftest.CHROMIUM), headless=True, args=conftest.OPTIONS_CHROMIUM
        )
        versions = _versions(navigateur)
        for mode, prechauffage in MODES.items():
            personnel = base / mode / "personnel"
            personnel.mkdir(parents=True)
            debut = time.perf_counter()
            serveur = conftest.demarrer_voila(
                _environnement(base / mode), personnel, base / mode / "voila.log", prechauffage=prechauffage
            )
            demarrage[mode] = time.perf_counter() - debut
            try:
                time.sleep(args.repos)
                mesures[mode] = {}
                for tableau in TABLEAUX:
                    url = serveur.url_tableau(tableau.carnet)
                    premier = mesurer(navigateur, url, tableau.pret)
                    essais, charges = [], []
                    for _ in range(args.repetitions):
                        time.sleep(args.repos)
                        charges.append(round(os.getloadavg()[0], 2))
                        essais.append(mesurer(navigateur, url, tableau.pret))
                    mesures[mode][tableau.carnet] = {
                        "premier_chargement_s": round(premier, 3),
                        "essais_s": [round(e, 3) for e in essais],
                        "charge_1_min_avant_chaque_essai": charges,
                        "mediane_s": round(statistics.median(essais), 3),
                    }
                    time.sleep(args.repos)
            finally:
                conftest._arreter(serveur.processus)
        navigateur.close()

    atteint = {carnet: m["mediane_s"] < OBJECTIF_S for carnet, m in mesures["prechauffe"].items()}
    resultat = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "coeurs": os.cpu_count(),
            "processeur": platform.machine(),
            "charge_moyenne_1_5_15": list(os.getloadavg()),
        },
        "versions": versions,
        "mesure": "navigation (page.goto) → bouton principal du formulaire visible et actif, contexte neuf",
        "repetitions": args.repetitions,
        "repos_s": args.repos,
        "demarrage_serveur_s": {mode: round(d, 2) for mode, d in demarrage.items()},
        "mesures": mesures,
        "objectif_s": OBJECTIF_S,
        "objectif_atteint": atteint,
    }
    sortie = args.sortie or RESULTATS / f"voila_{dt.date.today().isoformat()}.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"\nTemps jusqu'au premier formulaire utilisable (médiane de {args.repetitions}, secondes)")
    print(f"{'Tableau de bord':<26}{'Voilà simple':>14}{'Préchauffé':>12}  Objectif < {OBJECTIF_S} s")
    for tableau in TABLEAUX:
        simple = mesures["voila"][tableau.carnet]["mediane_s"]
        chaud = mesures["prechauffe"][tableau.carnet]["mediane_s"]
        etat = "ATTEINT" if atteint[tableau.carnet] else "MANQUÉ"
        print(f"{tableau.carnet:<26}{simple:>14.2f}{chaud:>12.2f}  {etat}")
    print(f"Résultats : {sortie}")
    return 0 if all(atteint.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
