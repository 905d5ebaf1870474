"""Correction de la mise en situation professionnelle « b3_examen_paie » (formateur uniquement).

Le personnel d'une entreprise fictive (quatre salariés, données propres à chaque apprenant), paie de
juillet 2026. Q1 : brut et net à payer avant impôt de chaque bulletin du mois (à 5 centimes près).
Q2 : lignes fausses du bulletin du cadre. Q3 : écriture du journal des salaires. Q4 : contrôle des
charges sociales du trimestre précédent (comptes dont le solde ne concorde pas avec les bulletins,
:func:`compta_kernel.paie.rapprocher_paie`). Q5 : montants de la DSN par organisme. Q6 : échéance
de la DSN. Q7 : date limite de remise des éléments variables. Q8 : rémunérations soumises et non
soumises.

Les questions des dates, des montants par organisme et du contrôle réutilisent les correcteurs de
:mod:`graders.paie` et le barème de ``b3_variables_journal`` (même moteur, autres données).
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

from compta_kernel import pcg
from compta_kernel.paie import EcartBulletin, rapprocher_paie
from graders import sujets_paie
from graders.paie import comparer_lignes_signalees, comparer_organismes
from graders.verdict import Verdict

DEVOIR = "b3_examen_paie"
QUESTIONS = {
    "q1": ("B3.1-K01", "B3.1-K03"),
    "q2": ("B3.1-K03",),
    "q3": ("B3.2-K01", "B3.2-K02", "B3.2-K04"),
    "q4": ("B3.2-K03",),
    "q5": ("B3.3-K01",),
    "q6": ("B3.3-K02",),
    "q7": ("B3.1-K02",),
    "q8": ("B3.3-K03", "B3.2-K05"),
}
#: Question de ``b3_variables_journal`` corrigée de la même façon.
MEMES_QUESTIONS = {"q2": "q2", "q3": "q3", "q5": "q4", "q6": "q6", "q7": "q7", "q8": "q5"}
TOLERANCE_NET = Decimal("0.05")


def _entrainement():
    """Le module de correction de ``b3_variables_journal`` (même dossier ``corrections/``)."""
    chemin = Path(__file__).with_name("b3_variables_journal.py")
    spec = importlib.util.spec_from_file_location("corrections_b3_variables_journal", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _aplatir(reponse: object) -> object:
    """``{"S01": {"brut": ..., "net_avant_impot": ...}}`` → ``{"S01 brut": ..., "S01 net_avant_impot": ...}``."""
    if not isinstance(reponse, dict):
        return reponse
    plat = {}
    for code, valeurs in reponse.items():
        if isinstance(valeurs, dict):
            for nom, valeur in valeurs.items():
                plat[f"{code} {nom}"] = valeur
    return plat


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    sujet = sujets_paie.examen_paie(graine)
    entrainement = _entrainement()
    criteres = QUESTIONS.get(question)
    if question == "q1":
        bulletins = entrainement.bulletins_du_sujet(sujet)
        attendus = {}
        for r, b in zip(sujet.releves, bulletins, strict=True):
            attendus[f"{r.code} brut"] = b.brut
            attendus[f"{r.code} net_avant_impot"] = b.net_avant_impot
        return comparer_organismes(
            _aplatir(reponse),
            attendus,
            sur=sur,
            criteres=criteres,
            quoi="les bulletins du mois",
            tolerance=TOLERANCE_NET,
        )
    if question == "q4":
        ecarts = rapprocher_paie(sujet.ecritures_trimestre, sujets_paie.bulletins_trimestre(sujet))
        comptes = {x.compte for e in sujet.ecritures_trimestre for x in e.lignes}
        libelles = {c: pcg.libelle(c) for c in comptes}
        signales = [
            EcartBulletin(
                e.compte, libelles.get(e.compte, e.compte), "solde", e.attendu, e.comptabilise, e.message
            )
            for e in ecarts
            if e.compte
        ]
        return comparer_lignes_signalees(
            reponse, signales, libelles, sur=sur, criteres=criteres, nature="compte"
        )
    if question in MEMES_QUESTIONS:
        verdict = entrainement.corriger_sujet(MEMES_QUESTIONS[question], reponse, sujet, sur=sur)
        return Verdict(
            verdict.points, verdict.sur, verdict.remarques, criteres, verdict.reussites, verdict.diagnostics
        )
    raise KeyError(f"Question inconnue : {question}")
