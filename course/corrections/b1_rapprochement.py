"""Correction du devoir « b1_rapprochement » (formateur uniquement, jamais diffusé).

Q1 : état de rapprochement de mars — solde rectifié commun, et opérations enregistrées par
l'entreprise que la banque n'a pas encore passées (chèque émis, remise de chèque).
Q2 : erreurs de la banque à réclamer (doublon de prélèvement, virement reçu mal saisi),
montant de chaque rectification.
Q3 : écritures du journal de banque des opérations que seule la banque a enregistrées
(627, 6616, 431, 411, 401) ; les erreurs de la banque ne se comptabilisent pas.
Q4 : trésorerie de fin de mois d'avril, mai et juin (plan de trésorerie), avec report
d'erreur : le plan est aussi recalculé à partir des écritures de l'apprenant (Q3).
Q5 : dernier jour d'encaissement du chèque émis non débité (un an et huit jours, C. monét.
fin. art. L131-32 et L131-59).

Les réponses justes sont calculées par :mod:`compta_kernel.rapprochement` et
:mod:`compta_kernel.tresorerie` sur le sujet de l'apprenant (:mod:`graders.sujets_banque`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from compta_kernel import Ecriture, Ligne
from compta_kernel.banque import date_limite_cheque
from compta_kernel.ecritures import normaliser_compte
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant, lire_date
from compta_kernel.rapprochement import EtatRapprochement, rapprocher
from compta_kernel.tresorerie import plan_tresorerie
from graders import sujets_banque
from graders.ecritures import comparer_ecriture, lire_saisie
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b1_rapprochement"
QUESTIONS = {
    "q1": ("B1.2-K04", "B1.2-K05"),
    "q2": ("B1.2-K06",),
    "q3": ("B1.2-K01", "B1.2-K02", "B1.2-K03"),
    "q4": ("B1.2-K07",),
    "q5": ("B1.2-K08",),
}
DEBUT_PLAN = dt.date(sujets_banque.EXERCICE, 4, 1)
REPORT = "Plan recalculé à partir de vos écritures (question 3) : leur erreur n'est comptée qu'une fois."


def etat(sujet) -> EtatRapprochement:
    """L'état de rapprochement juste du sujet."""
    return rapprocher(sujet.livre(), sujet.releve)


def ecritures_attendues(sujet) -> tuple[Ecriture, ...]:
    """Les écritures des opérations que seule la banque a enregistrées."""
    return etat(sujet).ecritures(tiers=sujet.noms_des_tiers())


def tresorerie_fin(sujet, ecritures) -> list[Decimal]:
    """Trésorerie de fin d'avril, mai et juin, le livre complété des ``ecritures``."""
    livre = sujet.livre()
    for e in ecritures:
        livre.passer(e)
    plan = plan_tresorerie(livre, DEBUT_PLAN, 3, previsions=sujet.previsions)
    return [fin for *_, fin in plan.soldes()]


def _montants(reponse) -> list[Decimal]:
    """Une liste de montants, ou de dictionnaires portant un montant (``montant``, ``correction``)."""
    if reponse is None:
        raise NotImplementedError
    if isinstance(reponse, Mapping | str | int | Decimal):
        reponse = [reponse]
    resultat = []
    for x in reponse:
        if isinstance(x, Mapping):
            x = next((x[k] for k in ("correction", "montant", "ecart") if k in x), None)
        resultat.append(arrondir(montant(x)))
    return resultat


def _apparier(
    donnes: list[Decimal], attendus: list[Decimal]
) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    """(trouvés, manquants, en trop), en valeur absolue."""
    reste = [abs(x) for x in donnes]
    trouves, manquants = [], []
    for a in attendus:
        if abs(a) in reste:
            reste.remove(abs(a))
            trouves.append(abs(a))
        else:
            manquants.append(abs(a))
    return trouves, manquants, reste


def _liste(
    donnes, attendus, sur, criteres, quoi, explications: Mapping[Decimal, str] | None = None
) -> Verdict:
    trouves, manquants, en_trop = _apparier(donnes, attendus)
    part = Decimal(sur) / len(attendus)
    points = part * len(trouves) - part * len(en_trop) / 2
    remarques = [
        f"{quoi} : il manque {len(manquants)} élément(s) sur {len(attendus)}." for _ in manquants[:1]
    ]
    for x in en_trop:
        remarques.append((explications or {}).get(x) or f"{quoi} : {format_montant(x)} n'y a pas sa place.")
    reussites = [f"{quoi} : {format_montant(x)}" for x in trouves]
    return Verdict(max(points, ZERO), sur, tuple(remarques), criteres, tuple(reussites))


def _corriger_etat(reponse, sujet, sur) -> Verdict:
    juste = etat(sujet)
    reponse = reponse if isinstance(reponse, Mapping) else {}
    moitie = Decimal(sur) / 2
    solde = comparer_montant(
        reponse.get("solde_rectifie"),
        juste.solde_rectifie_entreprise,
        sur=moitie,
        criteres=QUESTIONS["q1"],
        quoi="le solde rectifié",
        confusions={
            "le solde du compte 512 avant rapprochement": juste.solde_livre,
            "le solde du relevé": juste.solde_releve,
            "le solde rectifié de la banque sans les erreurs de la banque": juste.solde_rectifie_banque
            - sum((e.correction for e in juste.erreurs_banque), ZERO),
        },
    )
    suspens = evaluer(
        lambda: _liste(
            _montants(reponse.get("suspens_banque")),
            [x.montant for x in juste.non_enregistrees_banque],
            moitie,
            QUESTIONS["q1"],
            "Opérations non encore passées par la banque",
            {
                abs(x.montant): f"B1.2-K04 — {x.libelle} ({format_montant(abs(x.montant))}) : la banque l'a "
                "passée, c'est l'entreprise qui doit l'enregistrer (colonne de l'entreprise)."
                for x in juste.non_enregistrees_entreprise
            },
        ),
        sur=moitie,
        criteres=QUESTIONS["q1"],
        quoi="les opérations non passées par la banque",
    )
    return solde.combiner(suspens)


def _corriger_erreurs(reponse, sujet, sur) -> Verdict:
    juste = etat(sujet)
    explications = {
        abs(x.montant): f"B1.2-K06 — {x.libelle} n'est pas une erreur de la banque : c'est une opération "
        "que l'entreprise n'a pas encore comptabilisée."
        for x in juste.non_enregistrees_entreprise
    }
    return evaluer(
        lambda: _liste(
            _montants(reponse),
            [e.correction for e in juste.erreurs_banque],
            sur,
            QUESTIONS["q2"],
            "Rectifications demandées à la banque",
            explications,
        ),
        sur=sur,
        criteres=QUESTIONS["q2"],
        quoi="les erreurs de la banque",
    )


def _ecriture(reponse) -> Ecriture | None:
    """Une écriture relue (dictionnaire ou :class:`Ecriture`), ou ``None`` si elle est invalide."""
    try:
        if isinstance(reponse, Ecriture):
            return reponse
        saisie = lire_saisie(reponse)
        brutes = list(reponse.get("lignes", ())) if isinstance(reponse, Mapping) else []
        tiers = [x[3] if isinstance(x, list | tuple) and len(x) > 3 else "" for x in brutes]
        tiers += [""] * (len(saisie.lignes) - len(tiers))
        lignes = tuple(
            Ligne(c, debit=d, credit=k, tiers=t or "")
            for (c, d, k), t in zip(saisie.lignes, tiers, strict=False)
        )
        jour = saisie.date or sujets_banque.FIN_MOIS
        return Ecriture(saisie.journal or "BQ", jour, "Q3", "Écriture de l'apprenant", lignes)
    except Exception:  # noqa: BLE001 - saisie d'apprenant illisible
        return None


def _montant_banque(reponse) -> Decimal | None:
    """Montant signé de la ligne 512 d'une saisie (+ débit), ``None`` sans ligne 512."""
    try:
        lignes = lire_saisie(reponse).lignes
    except Exception:  # noqa: BLE001
        return None
    total = sum((d - c for compte, d, c in lignes if normaliser_compte(compte).startswith("512")), ZERO)
    return total or None


def _corriger_ecritures(reponse, sujet, sur) -> Verdict:
    if reponse is None:
        raise NotImplementedError
    donnees = list(reponse) if isinstance(reponse, list | tuple) else [reponse]
    attendues = ecritures_attendues(sujet)
    juste = etat(sujet)
    part = Decimal(sur) / len(attendues)
    libres = list(range(len(donnees)))
    verdicts, remarques = [], []
    for attendue in attendues:
        banque = next(l.debit - l.credit for l in attendue.lignes if l.compte == "512")
        rang = next((i for i in libres if _montant_banque(donnees[i]) == banque), None)
        if rang is None:
            remarques.append(
                f"Écriture manquante : {attendue.libelle} ({format_montant(abs(banque))}) figure sur le relevé "
                "et pas au livre."
            )
            continue
        libres.remove(rang)
        verdicts.append(
            comparer_ecriture(
                donnees[rang],
                attendue,
                sur=part,
                criteres=QUESTIONS["q3"],
                hierarchie=True,
                verifier_date=False,
            )
        )
    erreurs = {abs(e.releve.montant): e for e in juste.erreurs_banque} | {
        abs(e.correction): e for e in juste.erreurs_banque
    }
    diagnostics = []
    for i in libres:
        valeur = _montant_banque(donnees[i])
        erreur = erreurs.get(abs(valeur)) if valeur is not None else None
        if erreur is not None:
            remarques.append(
                f"B1.2-K06 — « {erreur.releve.libelle} » est une erreur de la banque ({erreur.nature}) : on ne la "
                "comptabilise pas, on demande à la banque de la rectifier."
            )
            diagnostics.append("erreur_banque_comptabilisee")
        else:
            remarques.append("Une écriture en trop : elle ne correspond à aucune opération à enregistrer.")
    total = sum((v.points for v in verdicts), ZERO) - part * len(libres) / 2
    return Verdict(
        max(total, ZERO),
        sur,
        tuple(remarques) + tuple(r for v in verdicts for r in v.remarques),
        QUESTIONS["q3"],
        tuple(r for v in verdicts for r in v.reussites),
        tuple(diagnostics) + tuple(d for v in verdicts for d in v.diagnostics),
    )


def _corriger_plan(reponse, sujet, sur) -> Verdict:
    reponse = reponse if isinstance(reponse, Mapping) else {"tresorerie_fin": reponse}
    donnes = _montants(reponse.get("tresorerie_fin"))
    attendu = tresorerie_fin(sujet, ecritures_attendues(sujet))
    report = None
    ecritures = [_ecriture(x) for x in reponse.get("ecritures") or []]
    if ecritures and all(e is not None for e in ecritures):
        try:
            report = tresorerie_fin(sujet, ecritures)
        except Exception:  # noqa: BLE001 - écritures refusées par le livre : pas de report
            report = None
    part = Decimal(sur) / len(attendu)
    points, remarques, reussites, reporte = ZERO, [], [], False
    noms = ("avril", "mai", "juin")
    for rang, (nom, juste) in enumerate(zip(noms, attendu, strict=True)):
        donne = donnes[rang] if rang < len(donnes) else None
        if donne == juste:
            points += part
            reussites.append(f"Trésorerie fin {nom} : {format_montant(juste)}")
        elif report is not None and donne == report[rang]:
            points += part
            reporte = True
        else:
            attendu_texte = format_montant(juste)
            remarques.append(
                f"Trésorerie fin {nom} : {format_montant(donne) if donne is not None else 'absente'} au lieu de "
                f"{attendu_texte}. Partez de la trésorerie au 31/03 après vos écritures, ajoutez les "
                "encaissements et retirez les décaissements du mois (factures à échéance et prévisions)."
            )
    verdict = Verdict(points, sur, tuple(remarques), QUESTIONS["q4"], tuple(reussites))
    return replace(verdict, remarques=(*verdict.remarques, REPORT)) if reporte else verdict


def _corriger_cheque(reponse, sujet, sur) -> Verdict:
    if reponse is None:
        raise NotImplementedError
    donnee = lire_date(reponse)
    numero, emission = sujet.cheque_en_attente
    juste = date_limite_cheque(emission)
    criteres = QUESTIONS["q5"]
    if donnee == juste:
        return Verdict(
            sur, sur, (), criteres, (f"Chèque n° {numero} encaissable jusqu'au {format_date(juste)}",)
        )
    confusions = {
        emission
        + dt.timedelta(days=8): "la fin du délai de présentation (8 jours) : passé ce délai, la banque "
        "paie encore le chèque pendant un an (C. monét. fin. art. L131-59)",
        emission.replace(
            year=emission.year + 1
        ): "un an après l'émission : le délai d'un an court depuis la fin "
        "du délai de présentation de 8 jours",
    }
    explication = confusions.get(donnee, "le délai est d'un an et huit jours depuis la date d'émission")
    return Verdict(
        0,
        sur,
        (f"B1.2-K08 — {format_date(donnee)} : {explication} ; on attendait le {format_date(juste)}.",),
        criteres,
        diagnostics=("delai_cheque",),
    )


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_banque.rapprochement(graine)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return evaluer(lambda: _corriger_etat(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="l'état")
    if question == "q2":
        return _corriger_erreurs(reponse, sujet, sur)
    if question == "q3":
        return evaluer(
            lambda: _corriger_ecritures(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="les écritures"
        )
    if question == "q4":
        return evaluer(
            lambda: _corriger_plan(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="le plan"
        )
    if question == "q5":
        return evaluer(
            lambda: _corriger_cheque(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="la date"
        )
    raise KeyError(f"Question inconnue : {question}")
