"""Correction de la mise en situation professionnelle du bloc 4, « b4_examen_accueil » (formateur uniquement).

Q1, Q2 : pénalités et lettre de seconde relance, corrigées comme dans ``b4_relance``
(B4.2-K06, B4.2-K07 ; même module de correction). Q3 : réponse au client qui répond à la
relance (B4.1-K01, B4.1-K02) : structure, numéro de la facture, montant total dû (facture,
pénalités et indemnité : ``LettreRelance.total_du``) et nouvelle date limite de la lettre. Q4, Q5 : créneau commun,
convocation et invitation .ics de la visioconférence (B4.1-K03). Q6 : outils de la relation
client (B4.1-K04). Q7 (note au dirigeant) est corrigée à la main avec le barème du carnet.
"""

from pathlib import Path

from graders import accueil, sujets_accueil
from graders.reponses import module_de_correction
from graders.verdict import Verdict

DEVOIR = "b4_examen_accueil"
QUESTIONS = {
    "q1": ("B4.2-K06",),
    "q2": ("B4.2-K06", "B4.2-K07"),
    "q3": ("B4.1-K01", "B4.1-K02"),
    "q4": ("B4.1-K03",),
    "q5": ("B4.1-K03",),
    "q6": ("B4.1-K04",),
}
#: La correction de la lettre de relance : celle du devoir d'entraînement, appliquée au dossier d'examen.
_RELANCE = module_de_correction(Path(__file__).resolve().parent.parent, "b4_relance")


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    sujet = sujets_accueil.examen_accueil(graine)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return _RELANCE._corriger_montants(reponse, sujet.relance, sur)
    if question == "q2":
        return _RELANCE._corriger_lettre(reponse, sujet.relance, sur)
    if question == "q3":
        lettre = _RELANCE.lettre_attendue(sujet.relance)
        return accueil.corriger_courriel(
            reponse,
            sujet.demande_client,
            sujet.vous.nom,
            sur=sur,
            criteres=criteres,
            montant=lettre.total_du,
            date=lettre.nouvelle_echeance,
        )
    if question == "q4":
        return accueil.corriger_creneau(reponse, sujet.reunion, sur=sur, criteres=criteres)
    if question == "q5":
        return accueil.corriger_invitation(reponse, sujet.reunion, sur=sur, criteres=criteres)
    if question == "q6":
        return accueil.corriger_outils(reponse, sujet.operations, sur=sur, criteres=criteres)
    raise KeyError(f"Question inconnue : {question}")
