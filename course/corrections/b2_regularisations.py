"""Correction du devoir « b2_regularisations » (formateur uniquement, jamais diffusé).

Q1 : charge constatée d'avance de la prime d'assurance (486 / 616, prorata en mois).
Q2 : produit constaté d'avance de l'abonnement (706 / 487). Q3 : facture non parvenue
(607 et 44586 / 408). Q4 : dépréciation du client douteux sur le HT (6817 / 491).
Q5 : variation du stock de marchandises (6037 / 37 pour le stock initial, 37 / 6037 pour
le final). Q6 : balance après inventaire, corrigée à partir des écritures de l'apprenant
(report d'erreur : une écriture fausse des questions 1 à 5 n'est comptée qu'une fois).

Toutes les écritures vont au journal de situation (SI), datées du 31/12. Sous-comptes
acceptés (68174 pour 6817, 4081 pour 408, 6161 pour 616).
"""

from dataclasses import replace
from decimal import Decimal

from compta_kernel import Ecriture, Ligne, arrondir
from compta_kernel.cloture import (
    charge_a_payer,
    charge_constatee_avance,
    depreciation_creance,
    produit_constate_avance,
    variation_stocks,
)
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.presentation import format_montant
from graders import sujets_cloture
from graders.ecritures import comparer_ecriture, lire_saisie
from graders.tableaux import comparer_tableau
from graders.verdict import Verdict

DEVOIR = "b2_regularisations"
QUESTIONS = {
    "q1": ("B2.2-K01", "B2.2-K04"),
    "q2": ("B2.2-K01", "B2.2-K04"),
    "q3": ("B2.2-K04",),
    "q4": ("B2.3-K01", "B2.3-K02"),
    "q5": ("B2.3-K01", "B2.3-K02"),
    "q6": ("B2.2-K03",),
}
CLOTURE = sujets_cloture.CLOTURE
PIECE = "INVENTAIRE"
REPORT = "Balance corrigée à partir de vos écritures des questions 1 à 5 : leurs erreurs ne sont comptées qu'une fois."


def _ecriture(regularisation, remplacer: dict[str, str] | None = None) -> Ecriture:
    """L'écriture d'une régularisation, comptes ramenés au compte du PCG attendu (4081 → 408)."""
    remplacer = remplacer or {}
    lignes = tuple(
        replace(ligne, compte=remplacer.get(ligne.compte, ligne.compte)) for ligne in regularisation.lignes
    )
    return Ecriture("SI", CLOTURE, PIECE, regularisation.libelle, lignes)


def ecritures(sujet) -> dict[str, Ecriture]:
    """Les cinq écritures d'inventaire justes, par question."""
    prime, d1, f1 = sujet.assurance
    abo, d2, f2 = sujet.abonnement
    _, ht = sujet.facture_non_parvenue
    _, creance, perte = sujet.client_douteux
    stocks = variation_stocks("37", sujet.stock_initial, sujet.stock_final)
    return {
        "q1": _ecriture(charge_constatee_avance(prime, d1, f1, CLOTURE, compte="616", base="mois")),
        "q2": _ecriture(produit_constate_avance(abo, d2, f2, CLOTURE, compte="706", base="mois")),
        "q3": _ecriture(charge_a_payer("607", ht, taux_tva=sujet.taux_tva), {"4081": "408"}),
        "q4": _ecriture(
            depreciation_creance(creance, taux_tva=sujet.taux_tva, taux_perte=perte).regularisation
        ),
        "q5": Ecriture(
            "SI", CLOTURE, PIECE, "Variation des stocks", tuple(l for r in stocks for l in r.lignes)
        ),
    }


def _montant_de(reponse, racine: str) -> Decimal | None:
    try:
        lignes = lire_saisie(reponse).lignes
    except Exception:  # noqa: BLE001 - saisie illisible : le comparateur l'a dit
        return None
    return next((d or c for compte, d, c in lignes if compte.startswith(racine)), None)


def _remarque(verdict: Verdict, message: str, code: str) -> Verdict:
    return replace(verdict, remarques=(message, *verdict.remarques), diagnostics=(*verdict.diagnostics, code))


def _corriger_ecriture(question: str, reponse, sujet, sur) -> Verdict:
    attendue = ecritures(sujet)[question]
    verdict = comparer_ecriture(
        reponse, attendue, sur=sur, criteres=QUESTIONS[question], precision=4, hierarchie=True
    )
    if question in ("q1", "q2"):
        montant, debut, _ = sujet.assurance if question == "q1" else sujet.abonnement
        compte = "486" if question == "q1" else "487"
        donne = _montant_de(reponse, compte)
        avant = 12 - debut.month + 1  # période de douze mois commencée le 1er du mois de début
        apres = 12 - avant
        if donne is not None and donne == arrondir(montant * avant / 12) != attendue.total_debit:
            verdict = _remarque(
                verdict,
                f"{QUESTIONS[question][0]} — vous avez calculé la part de l'exercice ({avant} mois) : "
                f"ce qui est constaté d'avance, c'est la part de l'exercice suivant ({apres} mois sur 12).",
                "part_inversee",
            )
    if question == "q4":
        _, creance, perte = sujet.client_douteux
        donne = _montant_de(reponse, "6817") or _montant_de(reponse, "491")
        if donne is not None and donne == arrondir(creance * perte):
            verdict = _remarque(
                verdict,
                "B2.3-K01 — dépréciation calculée sur le TTC : elle se calcule sur le montant HT "
                f"({format_montant(attendue.total_debit / perte)}), la TVA d'une créance perdue se récupère.",
                "depreciation_ttc",
            )
    if question == "q5" and _montant_de(reponse, "6037") is not None:
        comptes = {compte for compte, _, _ in lire_saisie(reponse).lignes}
        if "37" not in {c[:2] for c in comptes}:
            verdict = _remarque(
                verdict,
                "B2.3-K01 — le stock (37) doit être soldé du stock initial puis débité du stock final.",
                "stock_absent",
            )
    return verdict


def _ecriture_de(reponse, juste: Ecriture) -> tuple[Ecriture, bool]:
    """L'écriture de l'apprenant si elle est passable (journal SI, 31/12), sinon la juste."""
    try:
        saisie = lire_saisie(reponse)
        lignes = tuple(Ligne(compte, debit=d, credit=c) for compte, d, c in saisie.lignes if d or c)
        return Ecriture("SI", CLOTURE, PIECE, juste.libelle, lignes), True
    except (ErreurComptable, TypeError, ValueError, AttributeError):
        return juste, False


def balance_attendue(sujet, reponses_precedentes=None):
    """Balance après inventaire (compte, soldes) : le livre du sujet et les écritures de l'apprenant, ou les justes."""
    livre = sujet.livre()
    reponses = list(reponses_precedentes or [])[:5]
    reponses += [None] * (5 - len(reponses))
    reportees = False
    for reponse, juste in zip(reponses, ecritures(sujet).values(), strict=True):
        ecriture, de_l_apprenant = _ecriture_de(reponse, juste) if reponse is not None else (juste, False)
        try:
            livre.passer(ecriture)
        except ErreurComptable:
            livre.passer(juste)
            de_l_apprenant = False
        reportees |= de_l_apprenant and ecriture.lignes != juste.lignes
    balance = livre.balance()[["compte", "solde_debiteur", "solde_crediteur"]]
    return balance, reportees


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_cloture.regularisations(graine)
    if question in ("q1", "q2", "q3", "q4", "q5"):
        return _corriger_ecriture(question, reponse, sujet, sur)
    if question == "q6":
        reponse = reponse if isinstance(reponse, dict) else {"balance": reponse}
        attendue, reportees = balance_attendue(sujet, reponse.get("ecritures"))
        verdict = comparer_tableau(
            reponse.get("balance"),
            attendue,
            cle="compte",
            colonnes=("solde_debiteur", "solde_crediteur"),
            sur=sur,
            criteres=QUESTIONS["q6"],
            noms={"solde_debiteur": "solde débiteur", "solde_crediteur": "solde créditeur"},
            quoi="la balance après inventaire",
        )
        if reportees:
            verdict = replace(
                verdict,
                remarques=(
                    *verdict.remarques,
                    REPORT,
                ),
            )
        return verdict
    raise KeyError(f"Question inconnue : {question}")
