"""Sujets du bloc 4 (accueil, relation client, organisation administrative) : les données de chaque apprenant.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) et de l'entreprise
fictive qu'elle engendre (:func:`compta_kernel.donnees_fictives.generer_dossier`). Les réponses
attendues ne sont pas ici : la correction du formateur les calcule avec le noyau
(:mod:`compta_kernel.penalites`, :mod:`compta_kernel.relances`).
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel.donnees_fictives import Entreprise, Facture, Tiers, generer_dossier
from compta_kernel.presentation import format_date, format_montant, format_taux

EXERCICE = 2026
#: Dernier jour où le taux par défaut (BCE + 10 points) est connu dans les données du cours
#: (le taux de la BCE au 1er juillet 2026 n'est pas confirmé : voir ``regles/2026/bce.yaml``).
DERNIER_JOUR_TAUX_CONNU = dt.date(2026, 6, 30)
#: Taux des conditions générales de vente quand la lettre tombe au second semestre.
TAUX_CGV = Decimal("0.12")


@dataclass(frozen=True)
class SujetRelance:
    """Une facture de vente impayée de l'entreprise de l'apprenant, à relancer.

    Attributes:
        entreprise: le créancier (l'entreprise fictive de l'apprenant).
        client: le client débiteur.
        facture: la facture impayée (numéro, dates, net à payer).
        date_lettre: date de la lettre ; les pénalités sont arrêtées ce jour-là.
        niveau: étape du plan de relance (``"seconde_relance"``).
        demarches: démarches déjà faites, datées.
        taux: taux des pénalités prévu par les conditions de vente, ou ``None`` (taux légal par défaut).
        signataire: qui signe la lettre.
    """

    entreprise: Entreprise
    client: Tiers
    facture: Facture
    date_lettre: dt.date
    niveau: str
    demarches: tuple[str, ...]
    taux: Decimal | None
    signataire: str

    def _repr_html_(self) -> str:
        e = html.escape
        f, c = self.facture, self.client
        taux = (
            "taux des conditions générales de vente : " + format_taux(self.taux)
            if self.taux is not None
            else "aucun taux dans les conditions de vente : taux légal par défaut"
        )
        lignes = [
            (
                "Votre entreprise (créancier)",
                f"{self.entreprise.raison_sociale} — {', '.join(self.entreprise.adresse.lignes())}",
            ),
            ("Client", f"{c.raison_sociale} — {', '.join(c.adresse.lignes())} — contact : {c.contact}"),
            (
                "Facture",
                f"n° {f.numero} du {format_date(f.date_emission)}, {format_montant(f.net_a_payer)} TTC",
            ),
            ("Échéance", f"{format_date(f.date_echeance)} ({f.conditions.libelle}) — non réglée"),
            ("Pénalités de retard", taux),
            ("Démarches déjà faites", " ; ".join(self.demarches)),
            (
                "Lettre à rédiger",
                f"seconde relance datée du {format_date(self.date_lettre)}, signée {self.signataire}",
            ),
        ]
        corps = "".join(f"<tr><th style='text-align:left'>{e(a)}</th><td>{e(b)}</td></tr>" for a, b in lignes)
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:52em;font-family:sans-serif">'
            f"<strong>Dossier de relance — {e(self.entreprise.raison_sociale)}</strong><table>{corps}</table></div>"
        )


def relance(graine: bytes) -> SujetRelance:
    """Le dossier de relance de l'apprenant : la facture de vente aux échéances les plus anciennes."""
    dossier = generer_dossier(graine, exercice=EXERCICE)
    hasard = random.Random(graine + b"|b4_relance")
    facture = min(dossier.factures_vente, key=lambda f: (f.date_echeance, f.numero))
    echeance = facture.date_echeance
    date_lettre = echeance + dt.timedelta(days=hasard.randrange(20, 46))
    taux = None if date_lettre <= DERNIER_JOUR_TAUX_CONNU else TAUX_CGV
    client = facture.acheteur
    dirigeant = dossier.entreprise.dirigeant
    demarches = (
        f"envoi de la facture n° {facture.numero} le {format_date(facture.date_emission)}",
        f"relance amiable par courriel le {format_date(echeance + dt.timedelta(days=8))}",
        f"appel téléphonique à {client.contact} le {format_date(echeance + dt.timedelta(days=15))}",
    )
    return SujetRelance(
        dossier.entreprise,
        client,
        facture,
        date_lettre,
        "seconde_relance",
        demarches,
        taux,
        f"{dirigeant.prenom} {dirigeant.nom}, {dirigeant.fonction}",
    )
