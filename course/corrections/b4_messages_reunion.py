"""Correction du devoir « b4_messages_reunion » (formateur uniquement, jamais diffusé).

Q1 : réponse au client (B4.1-K01, B4.1-K02) ; Q2 : réponse au dirigeant (B4.1-K01) — structure
contrôlée par :func:`compta_kernel.messages.verifier_courriel`, et la réponse doit donner le
numéro, le montant et l'échéance de la facture. Q3 : outils collaboratifs des tâches d'accueil
(B4.1-K04, :func:`compta_kernel.circuits.verifier_choix_outil`). Q4 : premier créneau libre
dans les agendas .ics du sujet (B4.1-K03). Q5 : convocation et invitation .ics
(B4.1-K03, :func:`compta_kernel.reunions.verifier_convocation` et ``verifier_invitation``,
comparées à la réunion attendue). Q6 (appel téléphonique) est corrigée à la main avec le
barème du carnet.
"""

from graders import accueil, sujets_accueil
from graders.verdict import Verdict

DEVOIR = "b4_messages_reunion"
QUESTIONS = {
    "q1": ("B4.1-K01", "B4.1-K02"),
    "q2": ("B4.1-K01",),
    "q3": ("B4.1-K04",),
    "q4": ("B4.1-K03",),
    "q5": ("B4.1-K03",),
}


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_accueil.messages_reunion(graine)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return accueil.corriger_courriel(
            reponse, sujet.demande_client, sujet.vous.nom, sur=sur, criteres=criteres
        )
    if question == "q2":
        return accueil.corriger_courriel(
            reponse, sujet.demande_interne, sujet.vous.nom, sur=sur, criteres=criteres
        )
    if question == "q3":
        return accueil.corriger_outils(reponse, sujet.operations, sur=sur, criteres=criteres)
    if question == "q4":
        return accueil.corriger_creneau(reponse, sujet.reunion, sur=sur, criteres=criteres)
    if question == "q5":
        return accueil.corriger_invitation(reponse, sujet.reunion, sur=sur, criteres=criteres)
    raise KeyError(f"Question inconnue : {question}")
