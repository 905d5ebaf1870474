"""Correction de la mise en situation professionnelle B1.1, « b1_examen_auxiliaire » (formateur uniquement).

Sujet : :func:`graders.sujets_examens_b1.examen_auxiliaire`. Les questions reprises des
devoirs d'entraînement sont corrigées par leurs corrections (``b1_pieces``, ``b1_lettrage``),
appelées avec la sous-graine de la partie du sujet (mêmes réponses, mêmes retours) :

- Q1 : pièces à rejeter du lot (``b1_pieces`` Q1) ;
- Q2 : écritures des pièces conformes, dans leur journal (AC, IM) (``b1_pieces`` Q5), avec
  les remarques propres à l'immobilisation (44562, compte de classe 2, port inclus) ;
- Q3 : correction de la facture saisie avec sa TVA au 44571 : contre-passation (l'écriture
  erronée inversée) puis écriture juste (44566) ;
- Q4 : factures restant dues après lettrage 411 et 401 (``b1_lettrage`` Q1) ;
- Q5 : balance des clients (``b1_lettrage`` Q3) ;
- Q6 : échéancier des clients (``b1_lettrage`` Q5) ;
- Q7 : délai moyen de paiement clients, méthode comptable, avec report d'erreur depuis les
  créances retenues par l'apprenant (``b1_lettrage`` Q6) ;
- Q8 : coût d'entrée du bien (``b1_pieces`` Q3) ;
- Q9 : enregistrement de la facture d'installation, frais accessoire du bien : au débit du
  compte du bien (PCG art. 213-8), TVA 44562, fournisseur d'immobilisations 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.imputation import pre_imputation
from compta_kernel.montants import arrondir
from compta_kernel.presentation import format_montant
from graders import sujets_examens_b1
from graders.ecritures import comparer_ecriture, comptes_saisis
from graders.reponses import module_de_correction
from graders.verdict import Verdict, evaluer

DEVOIR = "b1_examen_auxiliaire"
QUESTIONS = {
    "q1": ("B1.1-K02",),
    "q2": ("B1.1-K01", "B1.1-K03", "B1.1-K04"),
    "q3": ("B1.1-K06", "B1.1-K02"),
    "q4": ("B1.1-K05", "B1.1-K02"),
    "q5": ("B1.1-K05", "B1.1-K02"),
    "q6": ("B1.1-K05",),
    "q7": ("B1.1-K07", "B1.1-K08"),
    "q8": ("B1.1-K09", "B1.1-K11"),
    "q9": ("B1.1-K10", "B1.1-K11", "B1.1-K03"),
}
#: Question de l'examen → (devoir d'entraînement, question, partie du sujet).
REPRISES = {
    "q1": ("b1_pieces", "q1", "pieces"),
    "q2": ("b1_pieces", "q5", "pieces"),
    "q4": ("b1_lettrage", "q1", "lettrage"),
    "q5": ("b1_lettrage", "q3", "lettrage"),
    "q6": ("b1_lettrage", "q5", "lettrage"),
    "q7": ("b1_lettrage", "q6", "lettrage"),
    "q8": ("b1_pieces", "q3", "pieces"),
}


def correction(devoir: str) -> ModuleType:
    """Le module de correction d'un devoir d'entraînement, voisin de celui-ci."""
    return module_de_correction(Path(__file__).resolve().parent.parent, devoir)


def contre_passation(ecriture: Ecriture) -> Ecriture:
    """L'écriture inverse (débits et crédits échangés), datée de la correction."""
    lignes = tuple(replace(lg, debit=lg.credit, credit=lg.debit) for lg in ecriture.lignes)
    return Ecriture(
        ecriture.journal,
        sujets_examens_b1.DATE_CORRECTION,
        ecriture.piece,
        f"Contre-passation {ecriture.libelle}",
        lignes,
    )


def ecriture_corrigee(ecriture: Ecriture) -> Ecriture:
    """L'écriture juste de la facture : la TVA déductible au 44566."""
    lignes = tuple(replace(lg, compte="44566") if lg.compte == "44571" else lg for lg in ecriture.lignes)
    return Ecriture(
        ecriture.journal, sujets_examens_b1.DATE_CORRECTION, ecriture.piece, ecriture.libelle, lignes
    )


def ecriture_installation(sujet) -> Ecriture:
    """La facture d'installation au journal IM : compte du bien, 44562, 404 (TVA 20 %, arrondie au centime)."""
    pieces = sujet.pieces
    compte = pre_imputation(pieces.piece(pieces.immobilisation)).lignes[0].compte
    prestataire, ht = pieces.installation
    tva = arrondir(ht * sujets_examens_b1.TAUX_NORMAL)
    return Ecriture(
        "IM",
        sujets_examens_b1.DATE_CORRECTION,
        "INSTALLATION",
        f"Installation {prestataire}",
        (Ligne(compte, debit=ht), Ligne("44562", debit=tva), Ligne("404", credit=ht + tva)),
    )


def _corriger_lot(reponse, sujet, graine_pieces: bytes, sur) -> Verdict:
    pieces_mod = correction("b1_pieces")
    verdict = pieces_mod.corriger("q5", reponse, graine_pieces, sur=sur)
    entrees = reponse if isinstance(reponse, list | tuple) else [reponse]
    numero = sujet.pieces.immobilisation
    entree = next((e for e in entrees if pieces_mod._piece_de(e) == numero), None)
    if entree is not None and not verdict.reussi:
        propres = pieces_mod.corriger("q4", entree, graine_pieces, sur=1)
        remarques = [r for r in propres.remarques if r.startswith("B1.1-K") and r not in verdict.remarques]
        verdict = verdict.avec_remarques([f"{numero} : {r}" for r in remarques], propres.diagnostics)
    return verdict


def _corriger_contre_passation(reponse, sujet, sur) -> Verdict:
    if not isinstance(reponse, Mapping):
        raise NotImplementedError
    erronee = sujet.ecriture_erronee
    moitie = Decimal(str(sur)) / 2
    criteres = QUESTIONS["q3"]
    options = {"sur": moitie, "criteres": criteres, "verifier_journal": False, "verifier_date": False}
    inverse = comparer_ecriture(reponse.get("contre_passation"), contre_passation(erronee), **options)
    juste = comparer_ecriture(reponse.get("correction"), ecriture_corrigee(erronee), **options)
    remarques, diagnostics = [], []
    donnee = comptes_saisis(reponse.get("contre_passation"))
    if donnee and donnee == {"44566", "44571"}:
        remarques.append(
            "B1.1-K06 — vous avez corrigé par une écriture rectificative (44566 / 44571) : la consigne demande "
            "la contre-passation, c'est-à-dire l'écriture erronée entière, inversée (607, 44571, 401), "
            "puis l'écriture juste."
        )
        diagnostics.append("rectification_partielle")
    if "44571" in comptes_saisis(reponse.get("correction")):
        remarques.append(
            "B1.1-K03 — sur une facture d'achat, la TVA est déductible : 44566, jamais 44571 (TVA collectée "
            "sur les ventes)."
        )
        diagnostics.append("tva_achat_44571")
    return replace(inverse.combiner(juste), criteres=criteres).avec_remarques(remarques, diagnostics)


def _corriger_installation(reponse, sujet, sur) -> Verdict:
    attendue = ecriture_installation(sujet)
    compte_bien = attendue.lignes[0].compte
    verdict = comparer_ecriture(
        reponse, attendue, sur=sur, criteres=QUESTIONS["q9"], hierarchie=True, verifier_date=False
    )
    comptes = comptes_saisis(reponse)
    remarques, diagnostics = [], []
    charges = sorted(c for c in comptes if c.startswith("6"))
    if charges:
        remarques.append(
            f"B1.1-K11 — l'installation ({format_montant(sujet.pieces.installation[1])} HT) est nécessaire à la "
            f"mise en service du bien : elle fait partie de son coût d'entrée, au débit du {compte_bien}, "
            f"pas en charge ({', '.join(charges)})."
        )
        diagnostics.append("installation_en_charge")
    if any(c.startswith("44566") for c in comptes):
        remarques.append("B1.1-K03 — TVA sur immobilisation : 44562 et non 44566.")
        diagnostics.append("tva_immobilisation_44566")
    if any(c.startswith("401") for c in comptes) and not any(c.startswith("404") for c in comptes):
        remarques.append("B1.1-K03 — le prestataire qui installe une immobilisation se crédite au 404.")
        diagnostics.append("fournisseur_401")
    return verdict.avec_remarques(remarques, diagnostics)


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    criteres = QUESTIONS.get(question)
    if criteres is None:
        raise KeyError(f"Question inconnue : {question}")
    sujet = sujets_examens_b1.examen_auxiliaire(graine)
    if question == "q2":
        graine_pieces = sujets_examens_b1.sous_graine(graine, "pieces")
        verdict = evaluer(
            lambda: _corriger_lot(reponse, sujet, graine_pieces, sur),
            sur=sur,
            criteres=criteres,
            quoi="la saisie",
        )
    elif question == "q3":
        verdict = evaluer(
            lambda: _corriger_contre_passation(reponse, sujet, sur),
            sur=sur,
            criteres=criteres,
            quoi="la correction de l'écriture",
        )
    elif question == "q9":
        verdict = _corriger_installation(reponse, sujet, sur)
    else:
        devoir, reprise, partie = REPRISES[question]
        verdict = correction(devoir).corriger(
            reprise, reponse, sujets_examens_b1.sous_graine(graine, partie), sur=sur
        )
    return sujets_examens_b1.retours_nommes(verdict, criteres)
