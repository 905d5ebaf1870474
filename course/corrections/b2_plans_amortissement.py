"""Correction du devoir « b2_plans_amortissement » (formateur uniquement, jamais diffusé).

Q2 : plan économique linéaire, prorata en jours depuis la **mise en service** (mois de
30 jours, année de 360 jours, jour de mise en service compris), dernière annuité en
complément. Q3 : plan fiscal dégressif, coefficient de l'article 39 A du CGI, prorata
en mois entiers depuis le 1er du mois d'**acquisition**, passage au linéaire.
Q4 : amortissements dérogatoires (dotations 68725 / 145, reprises 145 / 78725).

Report d'erreur : le cumul et la VNC d'un plan se corrigent à partir des annuités de
l'apprenant, et les dérogatoires à partir de ses deux plans ; une erreur n'est comptée
qu'une fois. Chaque erreur typique reconnue est nommée avec son critère.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from compta_kernel import montant, plan_amortissement, plan_derogatoire
from compta_kernel.immobilisations import jours_prorata
from compta_kernel.montants import ZERO, arrondir
from compta_kernel.presentation import format_date
from graders import sujets_immobilisations
from graders.tableaux import _lignes, attendu_avec_report, comparer_tableau
from graders.verdict import Verdict

DEVOIR = "b2_plans_amortissement"
QUESTIONS = {
    "q2": ("B2.1-K01",),
    "q3": ("B2.1-K01", "B2.1-K05"),
    "q4": ("B2.1-K03", "B2.1-K05"),
}
NOMS = {
    "annuite": "annuité",
    "cumul": "cumul des amortissements",
    "vnc": "VNC",
    "base": "base (VNC d'ouverture)",
    "dotation": "dotation (68725)",
    "reprise": "reprise (78725)",
}
REPORT = "Cumul et VNC corrigés à partir de vos annuités : une erreur d'annuité n'est comptée qu'une fois."


def plan_lineaire(sujet):
    """Le plan économique juste."""
    return plan_amortissement(sujet.cout, sujet.date_mise_en_service, sujet.duree)


def plan_degressif(sujet):
    """Le plan fiscal juste."""
    return plan_amortissement(sujet.cout, sujet.date_acquisition, sujet.duree, "degressif")


def _annuites(table) -> dict[int, Decimal]:
    """Annuités d'un plan par exercice (lève si le tableau est illisible)."""
    return {int(ligne["exercice"]): arrondir(montant(ligne["annuite"])) for ligne in _lignes(table)}


def _avec_cumuls(cout: Decimal, justes: dict[int, Decimal], annuites: dict[int, Decimal], base: bool) -> list:
    """Le plan attendu : annuités justes, cumul et VNC (et base) tirés des ``annuites`` données."""
    lignes, cumul = [], ZERO
    for exercice, juste in sorted(justes.items()):
        ligne = {"exercice": exercice, "annuite": juste}
        if base:
            ligne["base"] = cout - cumul
        cumul += annuites.get(exercice, ZERO)
        lignes.append(ligne | {"cumul": cumul, "vnc": cout - cumul})
    return lignes


def _diagnostiquer(
    verdict: Verdict, reponse, juste: dict[int, Decimal], candidats: dict[str, dict]
) -> Verdict:
    """Nomme les erreurs typiques : une réponse qui suit un plan faux là où il diffère du juste."""
    try:
        donnees = _annuites(reponse)
    except Exception:  # noqa: BLE001 - tableau illisible : le comparateur l'a déjà dit
        return verdict
    trouves = []
    for message, faux in candidats.items():
        ecarts = {e: a for e, a in faux.items() if juste.get(e) != a}
        if ecarts and all(donnees.get(e) == a for e, a in ecarts.items()):
            trouves.append(message)
    if not trouves:
        return verdict
    return replace(
        verdict,
        remarques=(*trouves, *verdict.remarques),
        diagnostics=(*verdict.diagnostics, *(m.split(" : ")[0] for m in trouves)),
    )


def _premiere(plan) -> dict[int, Decimal]:
    return {int(plan["exercice"].iloc[0]): plan["annuite"].iloc[0]}


def _candidats_lineaire(sujet) -> dict[str, dict]:
    service, annee = sujet.date_mise_en_service, sujet.date_mise_en_service.year
    return {
        "B2.1-K01 — prorata linéaire oublié : la première annuité se calcule en jours, de la mise en service "
        f"({format_date(service)}) à la clôture, sur 360 jours.": _premiere(
            plan_amortissement(sujet.cout, dt.date(annee, 1, 1), sujet.duree)
        ),
        "B2.1-K01 — point de départ du linéaire : la date de mise en service "
        f"({format_date(service)}), pas celle de l'acquisition ({format_date(sujet.date_acquisition)}).": _premiere(
            plan_amortissement(sujet.cout, sujet.date_acquisition, sujet.duree)
        ),
        "B2.1-K01 — prorata linéaire : le jour de mise en service compte (convention du cours).": _premiere(
            plan_amortissement(sujet.cout, service, sujet.duree, convention="30/360 jour exclu")
        ),
        "B2.1-K01 — prorata linéaire : mois de 30 jours et année de 360 jours, pas le calendrier.": _premiere(
            plan_amortissement(sujet.cout, service, sujet.duree, convention="exact")
        ),
        "B2.1-K01 — prorata linéaire : en jours depuis la mise en service, pas en mois entiers.": _premiere(
            plan_amortissement(sujet.cout, service.replace(day=1), sujet.duree)
        ),
    }


def _candidats_degressif(sujet, juste) -> dict[str, dict]:
    acquisition, annee = sujet.date_acquisition, sujet.date_acquisition.year
    taux = Decimal(juste.attrs["taux_degressif"])
    jours = jours_prorata(acquisition, dt.date(annee, 12, 31))
    candidats = {
        "B2.1-K05 — prorata dégressif : mois entiers depuis le 1er du mois d'acquisition "
        f"({format_date(acquisition.replace(day=1))}), pas en jours.": {
            annee: arrondir(sujet.cout * taux * jours / 360)
        },
        "B2.1-K05 — prorata dégressif oublié : la première annuité est réduite aux mois de détention.": _premiere(
            plan_amortissement(sujet.cout, dt.date(annee, 1, 1), sujet.duree, "degressif")
        ),
        "B2.1-K05 — le dégressif part du mois d'acquisition, pas de celui de la mise en service.": _premiere(
            plan_amortissement(sujet.cout, sujet.date_mise_en_service, sujet.duree, "degressif")
        ),
    }
    for coefficient in ("1.25", "1.75", "2.25"):
        if Decimal(coefficient) != juste.attrs["coefficient"]:
            candidats[
                f"B2.1-K01 — coefficient dégressif : {juste.attrs['coefficient']} pour {sujet.duree} ans "
                f"(CGI, art. 39 A : 1,25 pour 3-4 ans, 1,75 pour 5-6 ans, 2,25 au-delà), pas {coefficient}."
            ] = _premiere(
                plan_amortissement(sujet.cout, acquisition, sujet.duree, "degressif", coefficient=coefficient)
            )
    vnc, sans_bascule, sur_cout = sujet.cout, {}, {}
    for rang, (exercice, annuite) in enumerate(zip(juste["exercice"], juste["annuite"], strict=True)):
        if rang == 0:
            vnc -= annuite
            continue
        if rang < len(juste) - 1:
            sans_bascule[int(exercice)] = arrondir(vnc * taux)
            sur_cout[int(exercice)] = arrondir(sujet.cout * taux)
        vnc -= sans_bascule.get(int(exercice), annuite)
    candidats[
        "B2.1-K05 — passage au linéaire oublié : dès que VNC ÷ années restantes dépasse l'annuité "
        "dégressive, l'annuité devient linéaire."
    ] = sans_bascule
    candidats["B2.1-K05 — le taux dégressif s'applique à la VNC d'ouverture, pas au coût d'entrée."] = (
        sur_cout
    )
    return candidats


def _corriger_plan(question, reponse, juste, candidats, cout, *, base, sur, quoi) -> Verdict:
    justes = {int(e): a for e, a in zip(juste["exercice"], juste["annuite"], strict=True)}

    def calcul(annuites):
        return _avec_cumuls(cout, justes, annuites, base)

    try:
        donnees = _annuites(reponse)
    except Exception:  # noqa: BLE001 - le comparateur expliquera
        donnees = None
    attendu, remarque = attendu_avec_report(calcul, donnees, justes)
    colonnes = ["base", "annuite", "cumul", "vnc"] if base else ["annuite", "cumul", "vnc"]
    verdict = comparer_tableau(
        reponse,
        attendu,
        cle="exercice",
        colonnes=colonnes,
        sur=sur,
        criteres=QUESTIONS[question],
        noms=NOMS,
        quoi=quoi,
    )
    verdict = _diagnostiquer(verdict, reponse, justes, candidats)
    if remarque and verdict.remarques:
        verdict = replace(verdict, remarques=(*verdict.remarques, REPORT))
    return verdict


def _derogatoires(plans) -> list[dict]:
    import pandas as pd

    lineaire, degressif = (pd.DataFrame({"exercice": list(p), "annuite": list(p.values())}) for p in plans)
    table = plan_derogatoire(lineaire, degressif)
    return [
        {"exercice": int(r.exercice), "dotation": r.dotation, "reprise": r.reprise}
        for r in table.itertuples(index=False)
        if r.dotation or r.reprise
    ]


def _nulle(ligne: dict) -> bool:
    try:
        return all(not montant(ligne.get(c) or "0") for c in ("dotation", "reprise"))
    except Exception:  # noqa: BLE001 - cellule illisible : la ligne est gardée et corrigée
        return False


def _sans_lignes_nulles(table):
    """Le tableau sans ses lignes à zéro (facultatives) ; tel quel s'il est absent ou illisible."""
    try:
        lignes = _lignes(table)
    except Exception:  # noqa: BLE001 - le comparateur dira ce qui ne va pas
        return table
    return [ligne for ligne in lignes if not _nulle(ligne)]


def _corriger_derogatoires(reponse, sujet, *, sur) -> Verdict:
    reponse = reponse if isinstance(reponse, dict) else {"derogatoire": reponse}
    justes = tuple(
        {int(e): a for e, a in zip(p["exercice"], p["annuite"], strict=True)}
        for p in (plan_lineaire(sujet), plan_degressif(sujet))
    )
    donnees = []
    for cle, juste in zip(("lineaire", "degressif"), justes, strict=True):
        try:
            donnees.append(_annuites(reponse.get(cle)))
        except Exception:  # noqa: BLE001 - plan absent ou illisible : on repart du juste
            donnees.append(juste)
    attendu, remarque = attendu_avec_report(_derogatoires, tuple(donnees), justes)
    tableau = _sans_lignes_nulles(reponse.get("derogatoire"))
    if not attendu and tableau == []:  # aucun mouvement attendu, aucun donné (lignes à zéro)
        return Verdict(sur, sur, (), QUESTIONS["q4"], ("Aucun amortissement dérogatoire : juste.",))
    verdict = comparer_tableau(
        tableau,
        attendu,
        cle="exercice",
        colonnes=["dotation", "reprise"],
        sur=sur,
        criteres=QUESTIONS["q4"],
        noms=NOMS,
        quoi="le tableau des amortissements dérogatoires",
    )
    if remarque:
        verdict = replace(
            verdict,
            remarques=(
                *verdict.remarques,
                "Dérogatoires corrigés à partir de vos deux plans : leurs erreurs ne sont comptées qu'une fois.",
            ),
        )
    return verdict


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_immobilisations.plans(graine)
    if question == "q2":
        juste = plan_lineaire(sujet)
        return _corriger_plan(
            question,
            reponse,
            juste,
            _candidats_lineaire(sujet),
            sujet.cout,
            base=False,
            sur=sur,
            quoi="le plan linéaire",
        )
    if question == "q3":
        juste = plan_degressif(sujet)
        candidats = _candidats_degressif(sujet, juste)
        return _corriger_plan(
            question, reponse, juste, candidats, sujet.cout, base=True, sur=sur, quoi="le plan dégressif"
        )
    if question == "q4":
        return _corriger_derogatoires(reponse, sujet, sur=sur)
    raise KeyError(f"Question inconnue : {question}")
