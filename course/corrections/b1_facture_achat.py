"""Correction du devoir « b1_facture_achat » (formateur uniquement, jamais diffusé).

Q1 : écriture d'achat au journal AC, compte de charge selon la nature de
l'achat (PCG), TVA déductible sur autres biens et services (44566), fournisseur
au crédit du 401 pour le TTC. Sous-comptes acceptés (401DURAND pour 401).
"""

from compta_kernel import Ecriture, Ligne
from graders import sujets
from graders.ecritures import comparer_ecriture
from graders.verdict import Verdict

DEVOIR = "b1_facture_achat"
COMPTE_DE_CHARGE = {
    "marchandises": "607",  # Achats de marchandises
    "fournitures_bureau": "6064",  # Achats non stockés - fournitures administratives
    "petit_equipement": "6063",  # Fournitures d'entretien et de petit équipement
    "matieres_premieres": "601",  # Achats stockés - matières premières
    "entretien": "615",  # Entretien et réparations
}
QUESTIONS = {"q1": ("B1.1-K03", "B1.1-K04")}


def ecriture_attendue(sujet: sujets.SujetFactureAchat) -> Ecriture:
    """L'écriture juste de la facture du sujet."""
    return Ecriture(
        "AC",
        sujet.date,
        sujet.numero,
        f"Facture {sujet.numero} {sujet.fournisseur}",
        (
            Ligne(COMPTE_DE_CHARGE[sujet.nature], debit=sujet.ht),
            Ligne("44566", debit=sujet.tva),
            Ligne("401", credit=sujet.ttc),
        ),
    )


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets.facture_achat(graine)
    if question == "q1":
        return comparer_ecriture(
            reponse, ecriture_attendue(sujet), sur=sur, criteres=QUESTIONS["q1"], hierarchie=True
        )
    raise KeyError(f"Question inconnue : {question}")
