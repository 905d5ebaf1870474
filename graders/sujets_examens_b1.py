"""Sujets des deux mises en situation professionnelles du bloc 1, sans les réponses.

Chaque examen assemble, pour une même entreprise fictive, les dossiers des devoirs
d'entraînement du bloc, tirés de sous-graines de la graine de l'apprenant
(:mod:`graders.variantes`) : mêmes situations, autres montants, autres tiers, autres pièces
que ceux que l'apprenant a vus à l'entraînement.

- :func:`examen_auxiliaire` (« b1_examen_auxiliaire », activité B1.1) : le lot de pièces
  d'octobre de :func:`graders.sujets_pieces.pieces`, une facture d'achat déjà saisie avec
  une erreur (TVA portée en 44571 au lieu de 44566) à corriger par contre-passation, et les
  comptes de tiers de fin d'exercice de :func:`graders.sujets_lettrage.lettrage`.
- :func:`examen_tresorerie_tva` (« b1_examen_tresorerie_tva », activités B1.2 et B1.3) : le
  relevé de mars et le livre de :func:`graders.sujets_banque.rapprochement`, et le mois de
  TVA à déclarer de :func:`graders.sujets_tva.tva_du_mois`.

Les corrections (``course/corrections/b1_examen_*.py``) appellent celles des devoirs
d'entraînement avec la même sous-graine (:func:`sous_graine`) et nomment dans chaque remarque
le critère de la question (:func:`retours_nommes`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import random
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_date, format_montant
from graders import sujets_banque, sujets_lettrage, sujets_pieces, sujets_tva
from graders.verdict import Verdict

TAUX_NORMAL = Decimal("0.20")
#: Date de l'écriture erronée (saisie à réception) et de sa correction (revue du mois).
DATE_ERREUR = dt.date(2026, 10, 6)
DATE_CORRECTION = dt.date(2026, 10, 31)


def sous_graine(graine: bytes, partie: str) -> bytes:
    """La graine d'une partie de l'examen (``"pieces"``, ``"lettrage"``, ``"banque"``, ``"tva"``)."""
    return hashlib.sha256(graine + b"/" + partie.encode()).digest()


def retours_nommes(verdict: Verdict, criteres: tuple[str, ...]) -> Verdict:
    """Le verdict aux critères de la question d'examen, chaque remarque précédée d'un critère.

    Une remarque qui cite déjà un critère (« B1.1-K03 — ... ») est gardée telle quelle ; les
    autres sont précédées du premier critère de la question, pour que le retour dise quel
    critère a échoué et pourquoi.
    """
    remarques = tuple(
        r if re.search(r"B\d\.\d-K\d\d", r) else f"{criteres[0]} — {r}" for r in verdict.remarques
    )
    return replace(verdict, criteres=criteres, remarques=remarques)


@dataclass(frozen=True)
class SujetExamenAuxiliaire:
    """Le dossier de l'examen B1.1 d'un apprenant.

    Attributes:
        entreprise, ville: l'entreprise (celle des pièces ; ses comptes de tiers sont ceux de :attr:`tiers`).
        pieces: le lot de pièces reçues en octobre 2026 (voir :class:`graders.sujets_pieces.SujetPieces`).
        ecriture_erronee: la facture d'achat déjà enregistrée, sa TVA déductible portée au débit du 44571.
        tiers: les comptes clients et fournisseurs au 31/12/2026, non lettrés
            (voir :class:`graders.sujets_lettrage.SujetLettrage`).
    """

    entreprise: str
    ville: str
    pieces: sujets_pieces.SujetPieces
    ecriture_erronee: Ecriture
    tiers: sujets_lettrage.SujetLettrage

    def _repr_html_(self) -> str:
        e = html.escape
        lignes = "".join(
            f"<tr><td>{e(lg.compte)}{e(' ' + lg.tiers if lg.tiers else '')}</td>"
            f"<td style='text-align:right'>{format_montant(lg.debit, vide_si_zero=True)}</td>"
            f"<td style='text-align:right'>{format_montant(lg.credit, vide_si_zero=True)}</td></tr>"
            for lg in self.ecriture_erronee.lignes
        )
        err = self.ecriture_erronee
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:52em;font-family:sans-serif">'
            f"<strong>{e(self.entreprise)}</strong> ({e(self.ville)}) — exercice 2026.<br>"
            "<b>Dossier 1 — pièces d'octobre</b> : voir ci-dessous (<code>sujet.pieces</code>)."
            f"{self.pieces._repr_html_()}"
            f"<b>Dossier 2 — écriture à corriger</b> : la facture <code>{e(err.piece)}</code> a été saisie "
            f"le {format_date(err.date)} au journal {e(err.journal)} ainsi :"
            f"<table><tr><th>Compte</th><th>Débit</th><th>Crédit</th></tr>{lignes}</table>"
            "<b>Dossier 3 — comptes de tiers au 31/12/2026</b> (<code>sujet.tiers</code>) :"
            f"{self.tiers._repr_html_()}</div>"
        )


def _ecriture_erronee(graine: bytes, pieces: sujets_pieces.SujetPieces) -> Ecriture:
    """La facture d'origine de l'avoir, saisie avec la TVA déductible au compte de TVA collectée."""
    hasard = random.Random(sous_graine(graine, "erreur"))
    avoir = pieces.piece(pieces.avoir)
    ht = Decimal(hasard.randrange(60_000, 480_000, 5)).scaleb(-2)
    tva = arrondir(ht * TAUX_NORMAL)
    return Ecriture(
        "AC",
        DATE_ERREUR,
        avoir.facture_origine,
        f"Facture {avoir.facture_origine} {avoir.vendeur.nom}",
        (
            Ligne("607", debit=ht),
            Ligne("44571", debit=tva),
            Ligne("401", credit=ht + tva, tiers=avoir.vendeur.code),
        ),
    )


def examen_auxiliaire(graine: bytes) -> SujetExamenAuxiliaire:
    """Le sujet de l'examen « b1_examen_auxiliaire » (un livre de tiers neuf à chaque appel)."""
    pieces = sujets_pieces.pieces(sous_graine(graine, "pieces"))
    nous = pieces.entreprise
    tiers = replace(
        sujets_lettrage.lettrage(sous_graine(graine, "lettrage")), entreprise=nous.nom, ville=nous.ville
    )
    return SujetExamenAuxiliaire(nous.nom, nous.ville, pieces, _ecriture_erronee(graine, pieces), tiers)


@dataclass(frozen=True)
class SujetExamenTresorerieTVA:
    """Le dossier de l'examen B1.2 et B1.3 d'un apprenant.

    Attributes:
        entreprise, ville: l'entreprise (celle de la déclaration de TVA).
        banque: le relevé de mars 2026, le livre et les prévisions
            (voir :class:`graders.sujets_banque.SujetRapprochement`).
        tva: le mois de TVA à déclarer (voir :class:`graders.sujets_tva.SujetTVA`).
    """

    entreprise: str
    ville: str
    banque: sujets_banque.SujetRapprochement
    tva: sujets_tva.SujetTVA

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:60em;font-family:sans-serif">'
            f"<strong>{e(self.entreprise)}</strong> ({e(self.ville)}) — exercice 2026.<br>"
            "<b>Dossier 1 — banque de mars</b> (<code>sujet.banque</code>) :"
            f"{self.banque._repr_html_()}"
            f"<b>Dossier 2 — TVA de {e(self.tva.mois)}</b> (<code>sujet.tva</code>) :"
            f"{self.tva._repr_html_()}</div>"
        )


def examen_tresorerie_tva(graine: bytes) -> SujetExamenTresorerieTVA:
    """Le sujet de l'examen « b1_examen_tresorerie_tva »."""
    tva = sujets_tva.tva_du_mois(sous_graine(graine, "tva"))
    banque = replace(
        sujets_banque.rapprochement(sous_graine(graine, "banque")), entreprise=tva.entreprise, ville=tva.ville
    )
    return SujetExamenTresorerieTVA(tva.entreprise, tva.ville, banque, tva)
