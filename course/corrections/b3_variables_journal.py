"""Correction du devoir « b3_variables_journal » (formateur uniquement, jamais diffusé).

Q1 : éléments variables du mois saisis dans le formulaire :class:`formulaires.SaisiePaie`, notés sur
les données enregistrées (``reponses.json``), élément par élément (heures à 25 % et à 50 % semaine
par semaine, absence, prime, frais). Q2 : lignes fausses du bulletin aux erreurs semées
(:func:`compta_kernel.paie.controler_bulletin`). Q3 : écriture du journal des salaires du mois pour
tout le personnel (comptes comparés à trois chiffres). Q4 : montants à payer par organisme (DSN).
Q5 : rémunérations soumises et non soumises à cotisations. Q6 : échéance de la DSN. Q7 : date
limite de remise des éléments variables (procédure interne, jours ouvrés).

Toutes les réponses attendues viennent de :mod:`compta_kernel.paie` (un seul moteur de calcul).
"""

from __future__ import annotations

from decimal import Decimal

from compta_kernel.paie import (
    AGIRC_ARRCO,
    DGFIP,
    PREVOYANCE,
    URSSAF,
    Bulletin,
    bulletin,
    controler_bulletin,
    dsn_mensuelle,
    ecriture_paie,
)
from graders import sujets_paie
from graders.ecritures import comparer_ecriture
from graders.paie import (
    NOMS_ORGANISMES,
    comparer_date,
    comparer_lignes_signalees,
    comparer_organismes,
    comparer_saisie_paie,
    date_de_paie,
    date_limite_remise,
    elements_variables,
)
from graders.verdict import Verdict

DEVOIR = "b3_variables_journal"
QUESTIONS = {
    "q1": ("B3.1-K01",),
    "q2": ("B3.1-K03",),
    "q3": ("B3.2-K01", "B3.2-K02", "B3.2-K04"),
    "q4": ("B3.3-K01",),
    "q5": ("B3.3-K03", "B3.2-K05"),
    "q6": ("B3.3-K02",),
    "q7": ("B3.1-K02",),
}


def bulletins_du_sujet(sujet) -> list[Bulletin]:
    """Les bulletins justes du mois, un par salarié."""
    return [
        bulletin(r.salarie, sujet.periode, elements_variables(r, sujet.periode), sujet.employeur)
        for r in sujet.releves
    ]


def _organismes(bulletins: list[Bulletin]) -> tuple[dict[str, Decimal], dict]:
    dsn = dsn_mensuelle(bulletins)
    attendus = {NOMS_ORGANISMES[org]: m for org, m in dsn.par_organisme.items()}
    confusions: dict[str, dict[str, Decimal]] = {}
    for org in (URSSAF, AGIRC_ARRCO, PREVOYANCE):
        if org not in dsn.par_organisme:
            continue
        lignes = [x for b in bulletins for x in b.lignes if x.organisme == org]
        confusions[NOMS_ORGANISMES[org]] = {
            "les seules parts patronales": sum((x.part_patronale for x in lignes), Decimal(0)),
            "les seules parts salariales": sum((x.part_salariale for x in lignes), Decimal(0)),
            "le total avant les réductions": sum(
                (x.part_salariale + x.part_patronale for x in lignes if x.part_patronale >= 0), Decimal(0)
            ),
        }
    if DGFIP in dsn.par_organisme:
        confusions[NOMS_ORGANISMES[DGFIP]] = {
            "le taux appliqué au brut": sum(
                ((b.brut * b.salarie.taux_prelevement_source).quantize(Decimal("0.01")) for b in bulletins),
                Decimal(0),
            )
        }
    return attendus, confusions


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    return corriger_sujet(question, reponse, sujets_paie.variables_journal(graine), sur=sur)


def corriger_sujet(question: str, reponse: object, sujet, *, sur) -> Verdict:
    """Corrige une question pour un sujet donné (repris par l'examen ``b3_examen_paie``)."""
    criteres = QUESTIONS.get(question)
    if question == "q1":
        attendus = {r.code: (r.salarie.nom, elements_variables(r, sujet.periode)) for r in sujet.releves}
        return comparer_saisie_paie(reponse, attendus, sur=sur, criteres=criteres)
    if question == "q2":
        r = sujet.releve(sujet.code_controle)
        ecarts = controler_bulletin(
            sujet.bulletin_a_controler,
            r.salarie,
            sujet.periode,
            elements_variables(r, sujet.periode),
            sujet.employeur,
        )
        libelles = {lig["code"]: lig["libelle"] for lig in sujet.bulletin_a_controler["lignes"]}
        return comparer_lignes_signalees(reponse, ecarts, libelles, sur=sur, criteres=criteres)
    bulletins = bulletins_du_sujet(sujet)
    if question == "q3":
        return comparer_ecriture(
            reponse, ecriture_paie(bulletins), sur=sur, criteres=criteres, precision=3, hierarchie=True
        )
    if question == "q4":
        attendus, confusions = _organismes(bulletins)
        return comparer_organismes(reponse, attendus, sur=sur, criteres=criteres, confusions=confusions)
    if question == "q5":
        dsn = dsn_mensuelle(bulletins)
        frais = sum((b.variables.frais for b in bulletins), Decimal(0))
        return comparer_organismes(
            reponse,
            {"soumises": dsn.remunerations_soumises, "non_soumises": dsn.remunerations_non_soumises},
            sur=sur,
            criteres=criteres,
            confusions={
                "soumises": {
                    "le brut avec les frais remboursés": dsn.remunerations_soumises + frais,
                    "le net à payer": sum((b.net_avant_impot for b in bulletins), Decimal(0)),
                }
            },
            quoi="les rémunérations soumises et non soumises",
        )
    if question == "q6":
        dsn = dsn_mensuelle(bulletins)
        autre = dsn.echeance.replace(day=5 if dsn.echeance.day == 15 else 15)
        return comparer_date(
            reponse,
            dsn.echeance,
            sur=sur,
            criteres=criteres,
            quoi="l'échéance de la DSN",
            regle=(
                f"l'entreprise a {sujet.effectif} salariés : la DSN et les cotisations sont dues le 5 du "
                "mois suivant à partir de 50 salariés (paie versée dans le mois), le 15 sinon (CSS art. R243-6)"
            ),
            confusions={"l'échéance de l'autre taille d'entreprise": autre},
        )
    if question == "q7":
        attendue = date_limite_remise(sujet.periode, sujet.delai_remise)
        paie = date_de_paie(sujet.periode)
        return comparer_date(
            reponse,
            attendue,
            sur=sur,
            criteres=criteres,
            quoi="la date limite de remise des éléments variables",
            regle=(
                f"la paie est versée le {paie:%d/%m/%Y} (dernier jour ouvré) ; on remonte de "
                f"{sujet.delai_remise} jours ouvrés, sans compter samedis, dimanches ni jours fériés"
            ),
            confusions={"des jours calendaires": paie.fromordinal(paie.toordinal() - sujet.delai_remise)},
        )
    raise KeyError(f"Question inconnue : {question}")
