"""``python -m tableaux_de_bord`` : sert les tableaux de bord du cours avec Voilà, en lecture seule.

Exemples::

    python -m tableaux_de_bord                  # http://127.0.0.1:8866/
    python -m tableaux_de_bord --port 9000
    python -m tableaux_de_bord --afficher-commande

La commande et ses réglages viennent de :mod:`tableaux_de_bord.serveur`.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from tableaux_de_bord import TABLEAUX
from tableaux_de_bord.serveur import (
    DELAI_RESERVE_DEFAUT,
    INACTIVITE_DEFAUT,
    INTERVALLE_DEFAUT,
    IP_DEFAUT,
    PORT_DEFAUT,
    ReglagesVoila,
    commande_voila,
    environnement,
)
from tableaux_de_bord.serveur import DOSSIER_TABLEAUX as DOSSIER_DEFAUT


class _FormatAide(argparse.RawDescriptionHelpFormatter):
    """Aide d'argparse avec l'en-tête « utilisation : » au lieu de « usage: »."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "utilisation : ")


class _Analyseur(argparse.ArgumentParser):
    """``ArgumentParser`` dont les erreurs s'écrivent en français."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def _entier(texte: str) -> int:
    try:
        return int(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {texte} » n'est pas un nombre entier") from None


def analyseur() -> argparse.ArgumentParser:
    """Les options de la ligne de commande, avec leur aide en français."""
    parser = _Analyseur(
        prog="python -m tableaux_de_bord",
        description=(
            "Sert les tableaux de bord du cours « Assistant comptable » avec Voilà, en lecture\n"
            "seule : le code des carnets n'est jamais montré, les erreurs n'affichent pas de\n"
            "trace d'appels, les noyaux sont préchauffés et ceux des pages fermées sont arrêtés."
        ),
        epilog=(
            "Voilà n'authentifie pas ses visiteurs : gardez la boucle locale (127.0.0.1), ou\n"
            "placez le serveur derrière un proxy authentifiant (voir docs/voila.md).\n"
            "Ctrl+C arrête le serveur."
        ),
        formatter_class=_FormatAide,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument(
        "--port", type=_entier, default=PORT_DEFAUT, help="port TCP du serveur (par défaut : %(default)s)"
    )
    parser.add_argument(
        "--ip",
        default=IP_DEFAUT,
        help="adresse d'écoute ; 0.0.0.0 pour toutes les interfaces (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--dossier",
        type=Path,
        default=DOSSIER_DEFAUT,
        help="dossier des carnets servis (par défaut : course/tableaux_de_bord)",
    )
    parser.add_argument(
        "--sans-prechauffage",
        action="store_true",
        help="ne préchauffe aucun noyau (chaque visite attend le démarrage du sien)",
    )
    parser.add_argument(
        "--reserve",
        type=_entier,
        default=1,
        help="noyaux préchauffés d'avance pour chaque carnet (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--delai-reserve",
        type=_entier,
        default=int(DELAI_RESERVE_DEFAUT),
        help="secondes avant de remplacer le noyau préchauffé qu'une visite a pris : le "
        "remplacement attend que la page soit chargée (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--inactivite",
        type=_entier,
        default=INACTIVITE_DEFAUT,
        help="secondes sans activité ni connexion avant l'arrêt d'un noyau, 0 pour jamais "
        "(par défaut : %(default)s)",
    )
    parser.add_argument(
        "--intervalle",
        type=_entier,
        default=INTERVALLE_DEFAUT,
        help="secondes entre deux recherches de noyaux inactifs (par défaut : %(default)s)",
    )
    parser.add_argument(
        "--afficher-commande", action="store_true", help="affiche la commande Voilà sans la lancer"
    )
    parser._optionals.title = "options"
    return parser


def main(arguments: list[str] | None = None) -> int:
    """Lance Voilà (ou affiche sa commande) ; renvoie son code de sortie."""
    parser = analyseur()
    args = parser.parse_args(arguments)
    if not 0 < args.port < 65536:
        parser.error(f"port invalide : {args.port} (entre 1 et 65535)")
    if args.reserve < 0 or args.delai_reserve < 0 or args.inactivite < 0 or args.intervalle <= 0:
        parser.error(
            "--reserve, --delai-reserve et --inactivite sont positifs ou nuls, --intervalle strictement positif"
        )
    if not args.dossier.is_dir():
        parser.error(f"dossier introuvable : {args.dossier}")
    reglages = ReglagesVoila(
        dossier=args.dossier.resolve(),
        port=args.port,
        ip=args.ip,
        prechauffage=not args.sans_prechauffage,
        reserve=args.reserve,
        delai_reserve=args.delai_reserve,
        inactivite=args.inactivite,
        intervalle=args.intervalle,
    )
    commande = commande_voila(reglages)
    if args.afficher_commande:
        print(shlex.join(commande))
        return 0
    if not reglages.boucle_locale:
        print(
            f"Attention : le serveur écoute sur {reglages.ip} sans authentification. "
            "Placez-le derrière un proxy authentifiant (voir docs/voila.md).",
            file=sys.stderr,
        )
    print("Tableaux de bord :", file=sys.stderr)
    for tableau in TABLEAUX:
        print(f"  {tableau.titre} : {reglages.url(tableau.carnet)}", file=sys.stderr)
    processus = subprocess.Popen(commande, env=environnement(reglages))
    try:
        return processus.wait()
    except KeyboardInterrupt:
        return processus.wait()


if __name__ == "__main__":
    sys.exit(main())
