"""Mesure du lettrage automatique : 100 000 pièces ouvertes sur 2 000 comptes clients.

Un livre 2026 est construit en mémoire (par la même voie que l'import d'un FEC :
``Livre._depuis_table``) avec, par défaut, 100 000 lignes non lettrées au compte 411 réparties
sur 2 000 clients (comptes auxiliaires ``C00001``...), chacune avec sa contrepartie (706 pour
une facture, 512 pour un règlement). Pour chaque client, tirés au sort avec une graine :

- factures réglées à l'identique, le règlement citant le numéro de facture (règle « montant
  et référence ») ou non (règle « montant ») ;
- règlements de 2 à 4 factures à la fois (« un règlement pour plusieurs factures ») ;
- factures payées en deux fois (« plusieurs règlements pour une facture ») ;
- factures encore dues et acomptes non affectés, qui restent ouverts.

On chronomètre ``lettrer_automatiquement(livre, "411")`` (écriture des codes comprise,
meilleur de plusieurs essais sur un livre neuf à chaque fois), puis, pour comparaison, un
simple rapprochement pandas sur montants exacts (``merge`` des débits et des crédits de même
client et de même montant, sans référence, sans combinaison, sans écriture au livre). La
construction des explications (une phrase par rapprochement) est mesurée à part : elle n'est
faite qu'à la lecture. Objectif : moins de 2 secondes (horloge murale ; le temps processeur est noté aussi, avec la
charge de la machine : sur une machine partagée, la durée murale peut doubler). Résultats dans
``benchmarks/resultats/lettrage_<AAAA-MM-JJ>.json``.

Usage ::

    .venv/bin/python benchmarks/bench_lettrage.py --pieces 100000 --comptes 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent
RACINE = DOSSIER.parent
RESULTATS = DOSSIER / "resultats"
OBJECTIF_S = 2.0
sys.path.insert(0, str(RACINE))


def generer_table(pieces: int, comptes: int, graine: int = 2026):
    """Table des lignes d'un livre (colonnes de ``compta_kernel.livre.COLONNES``) et nombre attendu par cas."""
    import pandas as pd

    from compta_kernel.livre import COLONNES

    hasard = random.Random(graine)
    debut = dt.date(2026, 1, 1)
    colonnes: dict[str, list] = {c: [] for c in COLONNES}
    cas = {"reference": 0, "montant": 0, "plusieurs_pour_un": 0, "un_pour_plusieurs": 0, "ouvertes": 0}
    ident = 0
    sequences = {"VT": 0, "BQ": 0}

    def ecriture(journal, jour, piece, libelle, tiers, debit, credit, contrepartie):
        nonlocal ident
        sequences[journal] += 1
        numero = f"{journal}{sequences[journal]:06d}"
        for compte, t, d, c in (("411", tiers, debit, credit), (contrepartie, "", credit, debit)):
            for nom, valeur in (
                ("id_ecriture", ident),
                ("journal", journal),
                ("numero", numero),
                ("date", jour),
                ("piece", piece),
                ("date_piece", jour),
                ("libelle", libelle),
                ("compte", compte),
                ("tiers", t),
                ("debit", d),
                ("credit", c),
                ("echeance", jour + dt.timedelta(days=30) if compte == "411" and d else None),
                ("lettrage", ""),
                ("date_lettrage", None),
                ("date_validation", jour),
                ("montant_devise", None),
                ("devise", ""),
            ):
                colonnes[nom].append(valeur)
        ident += 1

    numeros_factures: dict[str, int] = {}

    def facture(tiers, montant, jour):
        numeros_factures[tiers] = numeros_factures.get(tiers, 0) + 1
        piece = f"F{tiers[1:]}-{numeros_factures[tiers]:03d}"
        ecriture("VT", jour, piece, f"Facture {piece}", tiers, montant, 0, "706")
        return piece

    def reglement(tiers, montant, libelle, jour):
        ecriture("BQ", jour, f"REL{ident:07d}", libelle, tiers, 0, montant, "512")

    par_compte = pieces // comptes
    for k in range(comptes):
        tiers = f"C{k + 1:05d}"
        restant = par_compte if k else pieces - par_compte * (comptes - 1)
        while restant > 0:
            tirage = hasard.random()
            jour = debut + dt.timedelta(days=hasard.randrange(0, 300))
            paiement = jour + dt.timedelta(days=hasard.randrange(20, 60))
            if tirage < 0.55 and restant >= 2:
                montant = hasard.randrange(5_000, 500_000)
                piece = facture(tiers, montant, jour)
                avec_reference = hasard.random() < 0.5
                reglement(
                    tiers, montant, f"Virement {piece}" if avec_reference else "Virement client", paiement
                )
                cas["reference" if avec_reference else "montant"] += 1
                restant -= 2
            elif tirage < 0.75 and restant >= 5:
                n = hasard.randint(2, min(4, restant - 1))
                montants = [hasard.randrange(5_000, 300_000) for _ in range(n)]
                for i, montant in enumerate(montants):
                    facture(tiers, montant, jour + dt.timedelta(days=i))
                reglement(
                    tiers, sum(montants), "Règlement de plusieurs factures", paiement + dt.timedelta(days=n)
                )
                cas["plusieurs_pour_un"] += 1
                restant -= n + 1
            elif tirage < 0.85 and restant >= 3:
                montant = hasard.randrange(20_000, 500_000)
                facture(tiers, montant, jour)
                acompte = montant * hasard.randint(2, 6) // 10
                reglement(tiers, acompte, "Premier versement", paiement)
                reglement(tiers, montant - acompte, "Solde", paiement + dt.timedelta(days=30))
                cas["un_pour_plusieurs"] += 1
                restant -= 3
            elif tirage < 0.97:
                facture(tiers, hasard.randrange(5_000, 500_000), jour)
                cas["ouvertes"] += 1
                restant -= 1
            else:
                reglement(tiers, hasard.randrange(1_000, 90_000), "Acompte à affecter", jour)
                cas["ouvertes"] += 1
                restant -= 1
    table = pd.DataFrame(colonnes)
    for c in ("date", "date_piece", "echeance", "date_lettrage", "date_validation"):
        table[c] = pd.to_datetime(table[c])
    return table, cas


def livre_depuis_table(table):
    """Un livre neuf sur une copie de la table (le lettrage écrit dans la table du livre)."""
    from compta_kernel.livre import JOURNAUX_PAR_DEFAUT, Livre

    return Livre._depuis_table(
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        table.copy(),
        journaux=JOURNAUX_PAR_DEFAUT,
        libelles_comptes={},
        libelles_tiers={},
    )


def merge_pandas(livre):
    """Le rapprochement le plus simple : débits et crédits de même client et de même montant (``merge``)."""
    import pandas as pd

    table = livre.table()
    ouvertes = table[(table["compte"] == "411").to_numpy() & (table["lettrage"] == "").to_numpy()]
    montant = ouvertes["debit"] - ouvertes["credit"]
    debits = pd.DataFrame({"tiers": ouvertes["tiers"], "montant": montant, "ligne": ouvertes.index})[
        montant > 0
    ]
    credits = pd.DataFrame({"tiers": ouvertes["tiers"], "montant": -montant, "ligne": ouvertes.index})[
        montant < 0
    ]
    debits = debits.assign(n=debits.groupby(["tiers", "montant"], observed=True).cumcount())
    credits = credits.assign(n=credits.groupby(["tiers", "montant"], observed=True).cumcount())
    return debits.merge(credits, on=["tiers", "montant", "n"])


def _chrono(fonction, preparer, repetitions: int) -> tuple[list[float], list[float], object]:
    """Durées (horloge murale), temps processeur de chaque essai, et le dernier résultat."""
    essais, processeur, resultat = [], [], None
    for _ in range(repetitions):
        argument = preparer()
        debut, debut_cpu = time.perf_counter(), time.process_time()
        resultat = fonction(argument)
        essais.append(time.perf_counter() - debut)
        processeur.append(time.process_time() - debut_cpu)
    return essais, processeur, resultat


def _commit() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=RACINE, capture_output=True, check=False, text=True
        ).stdout.strip()
        modifie = subprocess.run(
            ["git", "status", "--porcelain", "--", "compta_kernel/lettrage.py"],
            cwd=RACINE,
            capture_output=True,
            check=False,
            text=True,
        ).stdout.strip()
    except OSError:
        return None
    return commit + (" (lettrage.py modifié ou nouveau)" if modifie else "")


def main(arguments: list[str] | None = None) -> dict:
    """Lance la mesure, affiche le tableau en français et écrit le JSON des résultats."""
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--pieces", type=int, default=100_000)
    parseur.add_argument("--comptes", type=int, default=2_000)
    parseur.add_argument("--graine", type=int, default=2026)
    parseur.add_argument("--repetitions", type=int, default=5)
    parseur.add_argument(
        "--sortie", type=Path, default=None, help="fichier JSON (par défaut dans resultats/)"
    )
    options = parseur.parse_args(arguments)

    from compta_kernel.lettrage import lettrer_automatiquement

    debut = time.perf_counter()
    table, cas = generer_table(options.pieces, options.comptes, options.graine)
    preparation = time.perf_counter() - debut
    livre_depuis_table(table).table()  # chauffe : imports de pandas et du noyau

    charge_avant = list(os.getloadavg())
    essais_lettrage, cpu_lettrage, resultat = _chrono(
        lambda livre: lettrer_automatiquement(livre, "411", date=dt.date(2026, 12, 31)),
        lambda: livre_depuis_table(table),
        options.repetitions,
    )
    essais_merge, cpu_merge, paires = _chrono(
        merge_pandas, lambda: livre_depuis_table(table), options.repetitions
    )
    debut = time.perf_counter()
    explications = [r.explication for r in resultat.rapprochements]
    duree_explications = time.perf_counter() - debut

    ouvertes_411 = int(((table["compte"] == "411") & (table["lettrage"] == "")).sum())
    lettrage_s, merge_s = min(essais_lettrage), min(essais_merge)
    mesures = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "processeur": platform.processor() or platform.machine(),
            "coeurs": os.cpu_count(),
            "python": platform.python_version(),
            "charge_moyenne_1_5_15_avant": charge_avant,
            "charge_moyenne_1_5_15_apres": list(os.getloadavg()),
        },
        "donnees": {
            "pieces_ouvertes_411": ouvertes_411,
            "lignes_du_livre": len(table),
            "comptes_clients": options.comptes,
            "graine": options.graine,
            "cas_generes": cas,
            "preparation_s": round(preparation, 2),
        },
        "lettrage_automatique": {
            "essais_s": essais_lettrage,
            "meilleur_s": lettrage_s,
            "mediane_s": statistics.median(essais_lettrage),
            "processeur_s": cpu_lettrage,
            "processeur_meilleur_s": min(cpu_lettrage),
            "rapprochements": len(resultat),
            "lignes_lettrees": resultat.nb_lignes,
            "par_regle": resultat.par_regle(),
            "explications_s": round(duree_explications, 3),
            "exemple_explication": explications[0] if explications else "",
        },
        "merge_pandas_montants_exacts": {
            "essais_s": essais_merge,
            "meilleur_s": merge_s,
            "processeur_s": cpu_merge,
            "paires": len(paires),
            "lignes_rapprochees": 2 * len(paires),
        },
        "objectif": {"cible_s": OBJECTIF_S, "atteint": lettrage_s < OBJECTIF_S},
    }
    print(
        f"Lettrage automatique de {ouvertes_411:,} pièces ouvertes sur {options.comptes:,} comptes clients".replace(
            ",", " "
        )
    )
    print(
        f"  lettrer_automatiquement : {lettrage_s:6.3f} s  (médiane {statistics.median(essais_lettrage):.3f} s)"
        f" — {resultat.nb_lignes} lignes lettrées en {len(resultat)} rapprochements"
    )
    print(
        f"  merge pandas (montants exacts, sans écriture) : {merge_s:6.3f} s — {2 * len(paires)} lignes rapprochées"
    )
    print(
        f"  temps processeur : lettrage {min(cpu_lettrage):.3f} s, merge {min(cpu_merge):.3f} s "
        f"(charge de la machine avant : {charge_avant[0]:.1f} sur {os.cpu_count()} cœurs)"
    )
    print(f"  par règle : {resultat.par_regle()}")
    print(f"  explications (à la lecture) : {duree_explications:.3f} s")
    print(f"  objectif < {OBJECTIF_S:.0f} s : {'atteint' if lettrage_s < OBJECTIF_S else 'NON ATTEINT'}")
    sortie = options.sortie or RESULTATS / f"lettrage_{dt.date.today().isoformat()}.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(mesures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Résultats : {sortie}")
    return mesures


if __name__ == "__main__":
    main()
