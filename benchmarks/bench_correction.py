"""Mesure de la correction d'une classe : ``formateur corriger`` face à ``nbgrader autograde``.

Sur une copie du cours dans un dossier temporaire, une classe de N apprenants (30 par défaut)
rend le devoir exemple ``b1_facture_achat`` (réponses justes, compte de TVA faux, écriture
inversée, copie vide, à tour de rôle). Sur les mêmes copies, on chronomètre tour à tour :

- ``python -m graders.formateur corriger DEVOIR`` : un processus par copie, autant à la fois
  que de cœurs, puis la recorrection de confiance et le rapport (commande complète) ;
- ``nbgrader autograde DEVOIR --force`` : toutes les copies, un seul processus (la référence).

Puis le coût propre de nos correcteurs par copie, comparé au démarrage d'un noyau :

- recorrection de confiance (processus du formateur) : durée mesurée par ``corriger``, par copie ;
- verdict dans le noyau : exécution de la cellule de test cachée (``corriger(...)``) dans un
  noyau déjà démarré, données du sujet chargées ;
- démarrage d'un noyau Python (``jupyter_client``, mêmes options que nbgrader).

Objectifs : rapport des durées ≤ 0,6 sur 2 cœurs ; coût de nos correcteurs < 20 % du démarrage
d'un noyau. Les essais alternent les deux commandes (la machine peut être partagée) ; la
médiane est retenue, et la charge de la machine avant chaque essai est notée : le gain du
parallélisme suppose des cœurs libres (sur une machine dont un cœur est pris par ailleurs, le
rapport remonte vers 0,9). Résultats dans ``benchmarks/resultats/correction_<AAAA-MM-JJ>.json``.

Usage ::

    .venv/bin/python benchmarks/bench_correction.py --apprenants 30 --repetitions 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent
RACINE = DOSSIER.parent
RESULTATS = DOSSIER / "resultats"
DEVOIR = "b1_facture_achat"

OBJECTIF_RAPPORT = 0.6
"""Durée de ``formateur corriger`` / durée de ``nbgrader autograde`` (toutes copies, un processus)."""
OBJECTIF_COUT_CORRECTEUR = 0.2
"""Coût de nos correcteurs par copie / démarrage d'un noyau."""


def _charger_test_formateur():
    """Les copies fictives de ``tests/test_formateur.py`` (réponses, dépôt dans ``submitted/``)."""
    spec = importlib.util.spec_from_file_location("test_formateur", RACINE / "tests" / "test_formateur.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _environnement(base: Path) -> dict[str, str]:
    """Jupyter isolé dans ``base`` et exécutables du Python courant en tête du ``PATH`` (alembic)."""
    environnement = dict(os.environ)
    for nom in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        dossier = base / "jupyter" / nom.lower()
        dossier.mkdir(parents=True, exist_ok=True)
        environnement[nom] = str(dossier)
    environnement["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environnement.get("PATH", "")])
    for variable in ("ECHANGE_NBGRADER", "ASSISTANT_COMPTABLE_JETON", "PYTHONPATH"):
        environnement.pop(variable, None)
    return environnement


def _lancer(commande: list[str], cours: Path, environnement: dict[str, str]) -> float:
    debut = time.perf_counter()
    resultat = subprocess.run(
        commande, cwd=cours, env=environnement, capture_output=True, text=True, check=False
    )
    duree = time.perf_counter() - debut
    if resultat.returncode:
        raise RuntimeError(f"{' '.join(commande)} : code {resultat.returncode}\n{resultat.stderr[-3000:]}")
    return duree


def preparer(base: Path, apprenants: int, environnement: dict[str, str]) -> Path:
    """Cours copié, initialisé, devoir publié, N copies rendues."""
    essais = _charger_test_formateur()
    cours = base / "course"
    shutil.copytree(RACINE / "course", cours, symlinks=True, ignore=essais.IGNORES_COPIE)
    formateur = [sys.executable, "-m", "graders.formateur", "--cours", str(cours)]
    identifiants = [f"app{i:02d}" for i in range(1, apprenants + 1)]
    (base / "classe.csv").write_text(
        "id;nom;prénom;email\n" + "".join(f"{a};Nom{a};Prénom{a};\n" for a in identifiants), encoding="utf-8"
    )
    _lancer([*formateur, "init"], cours, environnement)
    _lancer([*formateur, "apprenants", "--csv", str(base / "classe.csv")], cours, environnement)
    _lancer([*formateur, "publier", DEVOIR], cours, environnement)
    reponses = (essais.JUSTE, essais.TVA_FAUSSE, essais.INVERSEE, None)
    for rang, apprenant in enumerate(identifiants):
        essais.soumettre(cours, apprenant, essais.Copie(reponses[rang % len(reponses)]))
    return cours


def mesurer_noyau(cours: Path, environnement: dict[str, str], essais: int = 5) -> dict:
    """Démarrage d'un noyau et exécution du test caché (verdict) dans ce noyau, médianes."""
    from jupyter_client.manager import start_new_kernel

    from graders import variantes

    carnet = json.loads((cours / "source" / DEVOIR / "facture_achat.ipynb").read_text(encoding="utf-8"))
    sources = {
        c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in carnet["cells"]
    }
    test = sources["q1"].replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
    apprenant = "app01"
    dossier = cours / "autograded" / apprenant / DEVOIR
    secret = variantes.lire_secret_cours(cours)
    env = {
        **environnement,
        "NBGRADER_EXECUTION": "autograde",
        variantes.VARIABLE_JETON: variantes.jeton(secret, apprenant, DEVOIR),
    }
    demarrages, verdicts = [], []
    for _ in range(essais):
        debut = time.perf_counter()
        gestionnaire, client = start_new_kernel(
            kernel_name="python3",
            cwd=str(dossier),
            env=env,
            extra_arguments=["--HistoryManager.hist_file=:memory:", "--InteractiveShell.xmode=Minimal"],
        )
        demarrages.append(time.perf_counter() - debut)
        try:
            client.execute_interactive(
                sources["sujet"] + "\n" + sources["q1_reponse"], timeout=60, output_hook=lambda m: None
            )
            debut = time.perf_counter()
            reponse = client.execute_interactive(test, timeout=60, output_hook=lambda m: None)
            verdicts.append(time.perf_counter() - debut)
            assert reponse["content"]["status"] == "ok", reponse["content"]
        finally:
            client.stop_channels()
            gestionnaire.shutdown_kernel(now=True)
    return {
        "demarrage_noyau_s": statistics.median(demarrages),
        "verdict_dans_le_noyau_s": statistics.median(verdicts),
        "essais": {"demarrage": demarrages, "verdict": verdicts},
    }


def mesurer(apprenants: int, repetitions: int, processus: int | None) -> dict:
    """Toutes les mesures, sur une classe préparée dans un dossier temporaire."""
    with tempfile.TemporaryDirectory(prefix="bench_correction_") as temporaire:
        base = Path(temporaire)
        environnement = _environnement(base)
        debut = time.perf_counter()
        cours = preparer(base, apprenants, environnement)
        preparation = time.perf_counter() - debut
        commande_formateur = [
            sys.executable,
            "-m",
            "graders.formateur",
            "--cours",
            str(cours),
            "corriger",
            DEVOIR,
        ]
        if processus:
            commande_formateur += ["--processus", str(processus)]
        commande_nbgrader = [sys.executable, "-m", "nbgrader", "autograde", DEVOIR, "--force"]
        essais: dict[str, list[float]] = {"formateur": [], "nbgrader": []}
        charges: dict[str, list[float]] = {"formateur": [], "nbgrader": []}
        rapports = []
        for rang in range(repetitions):
            ordre = ("formateur", "nbgrader") if rang % 2 == 0 else ("nbgrader", "formateur")
            for nom in ordre:
                commande = commande_formateur if nom == "formateur" else commande_nbgrader
                charge = os.getloadavg()[0]
                charges[nom].append(charge)
                essais[nom].append(_lancer(commande, cours, environnement))
                print(
                    f"  essai {rang + 1} {nom} : {essais[nom][-1]:.1f} s (charge avant : {charge:.2f})",
                    file=sys.stderr,
                )
                if nom == "formateur":
                    rapport = json.loads(
                        (cours / "rapports" / f"correction_{DEVOIR}.json").read_text(encoding="utf-8")
                    )
                    rapports.append(rapport)
        noyau = mesurer_noyau(cours, environnement)
    dernier = rapports[-1]
    recorrection = statistics.median(r["duree_recorrection_s"] for r in rapports) / apprenants
    cout = recorrection + noyau["verdict_dans_le_noyau_s"]
    formateur_s, nbgrader_s = statistics.median(essais["formateur"]), statistics.median(essais["nbgrader"])
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "coeurs": os.cpu_count(),
            "processeur": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "charge_moyenne_1_5_15": os.getloadavg(),
        },
        "apprenants": apprenants,
        "repetitions": repetitions,
        "processus": dernier["processus"],
        "demarrage_des_processus": dernier["demarrage"],
        "preparation_s": round(preparation, 1),
        "essais_s": essais,
        "charge_avant_chaque_essai": charges,
        "formateur_corriger_s": formateur_s,
        "nbgrader_autograde_s": nbgrader_s,
        "rapport": formateur_s / nbgrader_s,
        "reprises_sur_verrou": [r["tentatives_sur_verrou"] for r in rapports],
        "notes": sorted({a["note"] for a in dernier["apprenants"]}),
        "recorrection_par_copie_s": recorrection,
        **{k: v for k, v in noyau.items()},
        "cout_correcteur_par_copie_s": cout,
        "cout_sur_demarrage_noyau": cout / noyau["demarrage_noyau_s"],
        "objectifs": {
            "rapport": {"cible": OBJECTIF_RAPPORT, "atteint": formateur_s / nbgrader_s <= OBJECTIF_RAPPORT},
            "cout_correcteur": {
                "cible": OBJECTIF_COUT_CORRECTEUR,
                "atteint": cout / noyau["demarrage_noyau_s"] < OBJECTIF_COUT_CORRECTEUR,
            },
        },
    }


def _fr(valeur: float, decimales: int = 2) -> str:
    return f"{valeur:.{decimales}f}".replace(".", ",")


def afficher(r: dict) -> None:
    """Le tableau des résultats, en français."""
    print(
        f"\nCorrection de {r['apprenants']} copies de {DEVOIR} ({r['machine']['coeurs']} cœurs, "
        f"{r['processus']} processus, médiane de {r['repetitions']} essais)"
    )
    print(f"  {'formateur corriger (commande complète)':<46}{_fr(r['formateur_corriger_s'], 1):>8} s")
    print(f"  {'nbgrader autograde (un processus)':<46}{_fr(r['nbgrader_autograde_s'], 1):>8} s")
    print(
        f"  {'rapport formateur / nbgrader':<46}{_fr(r['rapport']):>8}   (objectif ≤ {_fr(OBJECTIF_RAPPORT, 1)})"
    )
    print(f"  {'reprises sur « database is locked »':<46}{sum(r['reprises_sur_verrou']):>8}")
    print("\nCoût de nos correcteurs par copie")
    print(f"  {'recorrection de confiance':<46}{_fr(r['recorrection_par_copie_s'] * 1000, 1):>8} ms")
    print(f"  {'verdict dans le noyau (test caché)':<46}{_fr(r['verdict_dans_le_noyau_s'] * 1000, 1):>8} ms")
    print(f"  {'démarrage d un noyau Python':<46}{_fr(r['demarrage_noyau_s'] * 1000, 0):>8} ms")
    print(
        f"  {'coût / démarrage du noyau':<46}{_fr(r['cout_sur_demarrage_noyau'] * 100, 1):>8} %"
        f"  (objectif < {_fr(OBJECTIF_COUT_CORRECTEUR * 100, 0)} %)"
    )


def main() -> int:
    """Point d'entrée : mesure, affiche, écrit le JSON."""
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--apprenants", type=int, default=30, help="taille de la classe (30)")
    parseur.add_argument("--repetitions", type=int, default=2, help="essais de chaque commande (2)")
    parseur.add_argument("--processus", type=int, help="processus de formateur corriger (défaut : cœurs)")
    parseur.add_argument("--resultats", type=Path, default=RESULTATS, help="dossier du fichier JSON")
    options = parseur.parse_args()
    resultats = mesurer(options.apprenants, options.repetitions, options.processus)
    afficher(resultats)
    options.resultats.mkdir(parents=True, exist_ok=True)
    suffixe = "" if options.apprenants == 30 else f"_{options.apprenants}_apprenants"
    chemin = options.resultats / f"correction_{dt.date.today().isoformat()}{suffixe}.json"
    chemin.write_text(json.dumps(resultats, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nRésultats : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
