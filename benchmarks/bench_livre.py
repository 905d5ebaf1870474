"""Mesures de performances du livre comptable, face à ledger-cli et hledger.

Génère (ou réutilise) dans ``benchmarks/donnees/`` le FEC d'un exercice de N lignes et
le même exercice au format ledger (voir ``benchmarks/generer.py``), puis mesure chaque
opération dans un processus neuf (pics de mémoire séparés, aucun cache Python d'une
mesure à l'autre) :

- import du FEC avec tous ses contrôles (``Livre.depuis_fec``) ;
- balance générale, balances des tiers 411 et 401, grand livre, sur le livre chargé
  (seul l'appel est chronométré, meilleur de plusieurs) ;
- export du FEC ;
- « import + balance » de bout en bout (processus complet : démarrage de Python compris) ;
- ``ledger -f journal.ledger bal`` et ``hledger -f journal.ledger bal`` sur les mêmes opérations.

Chaque mesure donne la durée (horloge murale) et la mémoire maximale du processus
(``ru_maxrss`` de ``os.wait4``). Le tableau s'affiche en français ; les résultats sont
écrits en JSON dans ``benchmarks/resultats/livre_<date>.json``.

Usage ::

    python benchmarks/bench_livre.py --lignes 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
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
GENERATEUR = DOSSIER / "generer.py"
DONNEES = DOSSIER / "donnees"
RESULTATS = DOSSIER / "resultats"

#: Objectifs du ticket : import FEC + balance au moins 3 fois plus rapide que ledger-cli,
#: balance générale sur le livre chargé en moins de 0,1 s, mémoire maximale sous 800 Mo.
OBJECTIF_RAPPORT_LEDGER = 3.0
OBJECTIF_BALANCE_S = 0.1
OBJECTIF_MEMOIRE_MO = 800.0

#: Mesures faites dans un processus Python neuf : (clé, libellé, répétitions dans le processus).
MESURES_NOYAU = (
    ("import_fec", "Import FEC (contrôle complet)", 1),  # meilleur de --repetitions processus
    ("balance", "Balance générale (livre chargé)", 5),
    ("balance_tiers_411", "Balance des tiers 411", 5),
    ("balance_tiers_401", "Balance des tiers 401", 5),
    ("grand_livre", "Grand livre", 3),
    ("export_fec", "Export FEC", 3),
)


# ---------------------------------------------------------------------------- processus enfants
def _mesurer_dans_enfant(mesure: str, fec: Path, repetitions: int) -> dict:
    """Code exécuté dans le processus enfant : charge le livre, chronomètre une opération."""
    import time

    debut = time.perf_counter()
    from compta_kernel.livre import Livre

    if mesure == "import_balance":
        livre = Livre.depuis_fec(fec)
        balance = livre.balance()
        fin = time.perf_counter()
        return {"duree_s": fin - debut, "equilibree": bool(balance.attrs["equilibree"])}
    t = time.perf_counter()
    livre = Livre.depuis_fec(fec)
    duree_import = time.perf_counter() - t
    resultat: dict = {"import_s": duree_import, "lignes": livre.nb_lignes, "ecritures": len(livre)}
    if mesure == "import_fec":
        resultat["durees_s"] = [duree_import]
        return resultat
    operations = {
        "balance": lambda: livre.balance(),
        "balance_tiers_411": lambda: livre.balance_tiers("411"),
        "balance_tiers_401": lambda: livre.balance_tiers("401"),
        "grand_livre": lambda: livre.grand_livre(),
    }
    with tempfile.TemporaryDirectory() as dossier:
        if mesure == "export_fec":
            operations["export_fec"] = lambda: livre.exporter_fec(dossier, "732829320")
        durees = []
        for _ in range(repetitions):
            t = time.perf_counter()
            etat = operations[mesure]()
            durees.append(time.perf_counter() - t)
        if mesure == "export_fec":
            resultat["octets"] = Path(etat).stat().st_size
        else:
            resultat["lignes_etat"] = len(etat)
    resultat["durees_s"] = durees
    if mesure == "balance":
        # Montants Decimal cellule par cellule (l'arithmétique Arrow sur decimal128 déborde vite en précision).
        resultat["soldes"] = {
            c: int((d - k) * 100)
            for c, d, k in zip(etat["compte"], etat["debit"], etat["credit"], strict=True)
        }
        resultat["equilibree"] = bool(etat.attrs["equilibree"])
    return resultat


def _environnement_enfant() -> dict[str, str]:
    chemins = [str(RACINE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(chemins))}


def lancer(commande: list[str], *, sortie: Path | None = None) -> dict:
    """Lance un processus, attend sa fin ; renvoie durée murale, mémoire maximale (Mo), sorties.

    Raises:
        RuntimeError: code de sortie non nul (avec la fin de la sortie d'erreur).
    """
    with tempfile.TemporaryFile() as erreurs, tempfile.TemporaryFile() as tampon:
        debut = time.perf_counter()
        processus = subprocess.Popen(
            commande, stdout=tampon, stderr=erreurs, stdin=subprocess.DEVNULL, env=_environnement_enfant()
        )
        _, statut, usage = os.wait4(processus.pid, 0)
        duree = time.perf_counter() - debut
        processus.returncode = os.waitstatus_to_exitcode(statut)
        tampon.seek(0)
        texte = tampon.read()
        erreurs.seek(0)
        message = erreurs.read().decode("utf-8", "replace")
    if processus.returncode != 0:
        raise RuntimeError(f"{' '.join(commande)} : code {processus.returncode}\n{message[-3000:]}")
    if sortie is not None:
        sortie.write_bytes(texte)
    return {
        "duree_s": duree,
        "memoire_mo": usage.ru_maxrss / 1024,
        "stdout": texte.decode("utf-8", "replace"),
    }


def mesure_noyau(mesure: str, fec: Path, repetitions: int) -> dict:
    """Une mesure du noyau dans un processus Python neuf."""
    commande = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--enfant",
        mesure,
        "--fec",
        str(fec),
        "--repetitions",
        str(repetitions),
    ]
    processus = lancer(commande)
    resultat = json.loads(processus["stdout"].strip().splitlines()[-1])
    resultat["duree_processus_s"] = processus["duree_s"]
    resultat["memoire_mo"] = processus["memoire_mo"]
    return resultat


# ---------------------------------------------------------------------------- préparation
def _empreinte_generateur() -> str:
    return hashlib.sha256(GENERATEUR.read_bytes()).hexdigest()[:16]


def preparer_donnees(lignes: int, graine: int, dossier: Path, regenerer: bool = False) -> tuple[Path, Path]:
    """Génère le FEC et le journal ledger, ou réutilise ceux du même générateur, taille et graine."""
    sys.path.insert(0, str(DOSSIER))
    import generer

    cible = dossier / f"{lignes}_lignes_graine_{graine}"
    fec = cible / f"{generer.SIREN}FEC{generer.FIN:%Y%m%d}.txt"
    ledger = cible / generer.NOM_LEDGER
    meta = cible / "meta.json"
    attendu = {"lignes": lignes, "graine": graine, "generateur": _empreinte_generateur()}
    deja = not regenerer and fec.exists() and ledger.exists() and meta.exists()
    if deja and json.loads(meta.read_text(encoding="utf-8")) == attendu:
        print(f"Données réutilisées : {cible}")
        return fec, ledger
    print(f"Génération de {lignes:_} lignes".replace("_", " ") + f" dans {cible}...", flush=True)
    cible.mkdir(parents=True, exist_ok=True)
    meta.unlink(missing_ok=True)
    commande = [
        sys.executable,
        str(GENERATEUR),
        "--lignes",
        str(lignes),
        "--graine",
        str(graine),
        "--sortie",
        str(cible),
    ]
    print(lancer(commande)["stdout"].rstrip())
    meta.write_text(json.dumps(attendu), encoding="utf-8")
    return fec, ledger


def installer_outils(outils: list[str]) -> dict[str, str | None]:
    """Chemin de chaque outil ; installe les paquets Debian manquants quand on est root."""
    manquants = [o for o in outils if shutil.which(o) is None]
    if manquants and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installation des paquets Debian : {', '.join(manquants)}...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        commande = ["apt-get", "install", "-y", "-q", *manquants]
        if subprocess.run(commande, env=env, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
            subprocess.run(commande, env=env, capture_output=True, check=False)
    return {o: shutil.which(o) for o in outils}


def _version(commande: list[str]) -> str | None:
    try:
        sortie = subprocess.run(commande, capture_output=True, check=False, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sortie.strip().splitlines()[0] if sortie.strip() else None


def _machine() -> dict:
    processeur = platform.processor()
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                processeur = ligne.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memoire = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "processeur": processeur,
        "coeurs": os.cpu_count(),
        "memoire_gio": round(memoire, 1),
        "systeme": platform.platform(),
    }


def _versions(outils: dict[str, str | None]) -> dict[str, str | None]:
    code = "import sys, numpy, pandas, pyarrow; print(sys.version.split()[0], numpy.__version__, pandas.__version__, pyarrow.__version__)"
    python, numpy, pandas, pyarrow = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, text=True, env=_environnement_enfant()
    ).stdout.split()
    return {
        "python": python,
        "numpy": numpy,
        "pandas": pandas,
        "pyarrow": pyarrow,
        "ledger": _version(["ledger", "--version"]) if outils.get("ledger") else None,
        "hledger": _version(["hledger", "--version"]) if outils.get("hledger") else None,
    }


def _commit() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=RACINE, capture_output=True, check=False, text=True
        ).stdout
        modifie = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "compta_kernel"],
            cwd=RACINE,
            capture_output=True,
            check=False,
            text=True,
        ).stdout
    except OSError:
        return None
    return commit.strip() + (" (noyau modifié)" if modifie.strip() else "")


# ---------------------------------------------------------------------------- affichage
def _nombre(x: float | None, decimales: int = 2) -> str:
    if x is None:
        return "-"
    return f"{x:,.{decimales}f}".replace(",", " ").replace(".", ",")


def _afficher_tableau(mesures: dict) -> None:
    entete = f"{'Mesure':<44} {'Durée (s)':>10} {'Processus (s)':>14} {'Mémoire max (Mo)':>17}"
    print()
    print(entete)
    print("-" * len(entete))
    for m in mesures.values():
        duree = m.get("duree_s")
        decimales = 3 if duree is not None and duree < 1 else 2
        print(
            f"{m['libelle']:<44} {_nombre(duree, decimales):>10} {_nombre(m.get('duree_processus_s')):>14} "
            f"{_nombre(m.get('memoire_mo'), 0):>17}"
        )
    print()


# ---------------------------------------------------------------------------- programme
def comparer_soldes(nos_soldes: dict[str, int], leurs_soldes: dict[str, int]) -> list[str]:
    """Écarts entre deux jeux de soldes par compte (centimes), comptes soldés ignorés."""
    a = {c: s for c, s in nos_soldes.items() if s}
    b = {c: s for c, s in leurs_soldes.items() if s}
    return [
        f"{c} : {a.get(c, 0)} contre {b.get(c, 0)} centimes"
        for c in sorted(a.keys() | b.keys())
        if a.get(c, 0) != b.get(c, 0)
    ]


def executer(args: argparse.Namespace) -> dict:
    sys.path.insert(0, str(DOSSIER))
    import generer

    commit = _commit()  # au départ : le noyau peut changer pendant les mesures
    outils = installer_outils(
        [o for o, actif in (("ledger", args.ledger), ("hledger", args.hledger)) if actif]
    )
    fec, journal = preparer_donnees(args.lignes, args.graine, args.donnees, args.regenerer)
    mesures: dict[str, dict] = {}

    def noter(cle: str, libelle: str, **valeurs) -> dict:
        mesures[cle] = {"libelle": libelle, **valeurs}
        m = mesures[cle]
        print(
            f"  {libelle} : {_nombre(m.get('duree_s'), 3)} s, {_nombre(m.get('memoire_mo'), 0)} Mo",
            flush=True,
        )
        return m

    print("\nMesures du noyau (un processus neuf par mesure)", flush=True)
    for cle, libelle, repetitions in MESURES_NOYAU:
        if cle == "import_fec":  # une seule opération par processus : plusieurs processus, le meilleur
            essais = [mesure_noyau(cle, fec, 1) for _ in range(args.repetitions)]
            r = min(essais, key=lambda e: e["durees_s"][0])
            r["durees_s"] = [e["durees_s"][0] for e in essais]
            r["memoires_mo"] = [e["memoire_mo"] for e in essais]
            r["memoire_mo"] = max(r["memoires_mo"])
        else:
            r = mesure_noyau(cle, fec, repetitions)
            if len(r["durees_s"]) > 1:
                r["premier_appel_s"] = r["durees_s"][0]
        r["duree_s"] = min(r["durees_s"])
        noter(cle, libelle, **r)

    controles: dict[str, list[str] | str] = {}
    nos_soldes = mesures["balance"]["soldes"]
    for outil in ("ledger", "hledger"):
        if outil in outils and not outils[outil]:
            print(f"  {outil} absent : mesure sautée (installez le paquet Debian « {outil} »).")

    def noter_outil(outil: str, essais: list[dict], sortie: Path) -> None:
        ecarts = comparer_soldes(nos_soldes, generer.lire_soldes_ledger(sortie.read_text(encoding="utf-8")))
        controles[outil] = ecarts or "soldes par compte identiques à notre balance générale"
        noter(
            outil,
            f"{outil} -f journal.ledger bal",
            duree_s=min(e["duree_s"] for e in essais),
            durees_s=[e["duree_s"] for e in essais],
            memoire_mo=max(e["memoire_mo"] for e in essais),
            memoires_mo=[e["memoire_mo"] for e in essais],
        )

    with tempfile.TemporaryDirectory() as dossier:
        sortie = Path(dossier) / "bal.txt"
        # Notre import + balance et ledger en alternance : une charge passagère de la machine
        # (autres processus) pèse sur les deux mesures, pas sur une seule.
        essais, essais_ledger = [], []
        for _ in range(args.repetitions):
            essais.append(mesure_noyau("import_balance", fec, 1))
            if outils.get("ledger"):
                essais_ledger.append(lancer(["ledger", "-f", str(journal), "bal"], sortie=sortie))
        meilleur = min(essais, key=lambda e: e["duree_processus_s"])
        noter(
            "import_balance",
            "Import + balance, bout en bout (processus)",
            duree_s=meilleur["duree_processus_s"],
            durees_s=[e["duree_processus_s"] for e in essais],
            duree_interne_s=min(e["duree_s"] for e in essais),
            memoire_mo=max(e["memoire_mo"] for e in essais),
            memoires_mo=[e["memoire_mo"] for e in essais],
            equilibree=meilleur["equilibree"],
        )
        if essais_ledger:
            noter_outil("ledger", essais_ledger, sortie)
        if outils.get("hledger"):
            # hledger peut prendre une minute et plusieurs Go : une seconde fois seulement s'il a été rapide.
            essais = [lancer(["hledger", "-f", str(journal), "bal"], sortie=sortie)]
            while len(essais) < (args.repetitions_hledger or (2 if essais[0]["duree_s"] <= 60 else 1)):
                essais.append(lancer(["hledger", "-f", str(journal), "bal"], sortie=sortie))
            noter_outil("hledger", essais, sortie)

    notre = mesures["import_balance"]["duree_s"]
    ratios = {
        f"{outil}_sur_import_balance": mesures[outil]["duree_s"] / notre
        for outil in ("ledger", "hledger")
        if outil in mesures
    }
    if "ledger" in mesures:  # moins flatteur que le rapport des meilleurs essais, moins sensible au hasard
        ratios["ledger_sur_import_balance_medianes"] = statistics.median(
            mesures["ledger"]["durees_s"]
        ) / statistics.median(mesures["import_balance"]["durees_s"])
    objectifs = [
        {
            "objectif": "Import FEC (contrôle complet) + balance générale au moins 3 fois plus rapide que ledger-cli",
            "valeur": ratios.get("ledger_sur_import_balance"),
            "seuil": OBJECTIF_RAPPORT_LEDGER,
            "atteint": None
            if "ledger" not in mesures
            else ratios["ledger_sur_import_balance"] >= OBJECTIF_RAPPORT_LEDGER,
        },
        {
            "objectif": "Balance générale sur le livre chargé en moins de 0,1 s",
            "valeur": mesures["balance"]["duree_s"],
            "seuil": OBJECTIF_BALANCE_S,
            "atteint": mesures["balance"]["duree_s"] < OBJECTIF_BALANCE_S,
        },
        {
            "objectif": "Mémoire maximale de l'import + balance sous 800 Mo",
            "valeur": mesures["import_balance"]["memoire_mo"],
            "seuil": OBJECTIF_MEMOIRE_MO,
            "atteint": mesures["import_balance"]["memoire_mo"] < OBJECTIF_MEMOIRE_MO,
        },
    ]
    mesures["balance"].pop("soldes")
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "lignes": args.lignes,
        "graine": args.graine,
        "fichiers": {
            "fec": {"nom": fec.name, "octets": fec.stat().st_size},
            "ledger": {"nom": journal.name, "octets": journal.stat().st_size},
        },
        "machine": _machine(),
        "versions": _versions(outils),
        "commit": commit
        if _commit() == commit
        else f"{commit} puis {_commit()} (noyau modifié pendant les mesures)",
        "mesures": mesures,
        "ratios": ratios,
        "objectifs": objectifs,
        "controles": controles,
    }


def rapport(resultats: dict) -> None:
    """Affiche le tableau, les rapports de durée, les objectifs et les contrôles croisés."""
    print(
        f"\nRésultats pour {resultats['lignes']:_} lignes".replace("_", " ")
        + f" ({resultats['machine']['coeurs']} cœurs, {resultats['machine']['processeur']})"
    )
    _afficher_tableau(resultats["mesures"])
    m = resultats["mesures"]
    print(
        "« Durée » : meilleure durée de l'opération seule (dans le processus, livre déjà chargé),\n"
        "sauf import + balance, ledger et hledger : processus complet, démarrage compris.\n"
        "« Mémoire max » : pic du processus entier (chargement du livre compris)."
    )
    for outil in ("ledger", "hledger"):
        cle = f"{outil}_sur_import_balance"
        if cle in resultats["ratios"]:
            interne = m[outil]["duree_s"] / m["import_balance"]["duree_interne_s"]
            print(
                f"Rapport {outil} / notre import + balance : {_nombre(resultats['ratios'][cle])} "
                f"(hors démarrage de Python : {_nombre(interne)})"
            )
    if "ledger_sur_import_balance_medianes" in resultats["ratios"]:
        print(
            "Rapport des durées médianes ledger / notre import + balance : "
            + _nombre(resultats["ratios"]["ledger_sur_import_balance_medianes"])
        )
    print()
    for o in resultats["objectifs"]:
        etat = "non mesuré" if o["atteint"] is None else "ATTEINT" if o["atteint"] else "MANQUÉ"
        print(f"[{etat}] {o['objectif']} : {_nombre(o['valeur'], 3)} (seuil {_nombre(o['seuil'], 1)})")
    for outil, controle in resultats["controles"].items():
        if isinstance(controle, str):
            print(f"Contrôle {outil} : {controle}.")
        else:
            print(
                f"Contrôle {outil} : {len(controle)} écarts avec notre balance : " + " ; ".join(controle[:5])
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mesures de performances du livre, face à ledger et hledger."
    )
    parser.add_argument("--lignes", type=int, default=1_000_000, help="taille du livre (défaut 1 000 000)")
    parser.add_argument("--graine", type=int, default=2026, help="graine du générateur (défaut 2026)")
    parser.add_argument("--donnees", type=Path, default=DONNEES, help="dossier des données générées")
    parser.add_argument("--resultats", type=Path, default=RESULTATS, help="dossier du fichier JSON")
    parser.add_argument(
        "--regenerer", action="store_true", help="régénère les données même si elles existent"
    )
    parser.add_argument(
        "--repetitions",
        type=int,
        default=5,
        help="processus de l'import, de l'import + balance et de ledger, en alternance (5)",
    )
    parser.add_argument(
        "--repetitions-hledger",
        type=int,
        default=0,
        help="essais de hledger (défaut : 2, ou 1 s'il dépasse une minute)",
    )
    parser.add_argument("--sans-ledger", dest="ledger", action="store_false", help="ne mesure pas ledger-cli")
    parser.add_argument("--sans-hledger", dest="hledger", action="store_false", help="ne mesure pas hledger")
    parser.add_argument("--enfant", help=argparse.SUPPRESS)
    parser.add_argument("--fec", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.enfant:
        print(json.dumps(_mesurer_dans_enfant(args.enfant, args.fec, args.repetitions)))
        return 0
    resultats = executer(args)
    rapport(resultats)
    args.resultats.mkdir(parents=True, exist_ok=True)
    suffixe = "" if args.lignes == 1_000_000 else f"_{args.lignes}_lignes"
    chemin = args.resultats / f"livre_{dt.date.today():%Y-%m-%d}{suffixe}.json"
    chemin.write_text(json.dumps(resultats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nRésultats écrits dans {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
