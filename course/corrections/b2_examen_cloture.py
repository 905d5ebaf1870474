"""Correction de la mise en situation professionnelle du bloc 2, « b2_examen_cloture » (formateur uniquement).

Depuis le livre avant inventaire du sujet (:func:`graders.sujets_cloture.examen_cloture`),
l'apprenant passe les écritures de clôture au journal de situation (SI), datées du 31/12 :

- Q1 : charge constatée d'avance de la prime d'assurance (486 / 616, prorata en mois) ;
- Q2 : facture non parvenue (607 et 44586 / 408) ;
- Q3 : écart de règlement d'un client, soldé en charge (658 / 411) ;
- Q4 : client douteux transféré en 416 (416 / 411, TTC) et déprécié sur le HT (6817 / 491) ;
- Q5 : variation du stock de marchandises (6037 / 37, 37 / 6037) ;
- Q6 : dotations aux amortissements de l'exercice (6811 / 2815x, 2818x), calculées avec
  :func:`compta_kernel.immobilisations.plan_amortissement` (bien acquis en 2026 : prorata) ;
- Q7 : balance après inventaire, corrigée à partir des écritures de l'apprenant (report
  d'erreur : une écriture fausse des questions 1 à 6 n'est comptée qu'une fois).

Sous-comptes acceptés (68112 pour 6811, 4081 pour 408, 6161 pour 616).
"""

from dataclasses import replace
from decimal import Decimal

from compta_kernel import Ecriture, Ligne, arrondir
from compta_kernel.cloture import (
    charge_a_payer,
    charge_constatee_avance,
    creance_douteuse,
    depreciation_creance,
    ecart_reglement,
    variation_stocks,
)
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.immobilisations import compte_amortissement, plan_amortissement
from compta_kernel.presentation import format_montant
from graders import sujets_cloture
from graders.ecritures import comparer_ecriture, lire_saisie
from graders.tableaux import comparer_tableau
from graders.verdict import Verdict

DEVOIR = "b2_examen_cloture"
QUESTIONS = {
    "q1": ("B2.2-K01", "B2.2-K04"),
    "q2": ("B2.2-K04",),
    "q3": ("B2.2-K05",),
    "q4": ("B2.3-K01", "B2.3-K02"),
    "q5": ("B2.3-K01", "B2.3-K02"),
    "q6": ("B2.1-K01", "B2.3-K01"),
    "q7": ("B2.2-K03",),
}
CLOTURE = sujets_cloture.CLOTURE
PIECE = "INVENTAIRE"
#: Réponses attendues, dans l'ordre où elles sont passées au livre (la question 4 en a deux).
ORDRE = ("q1", "q2", "q3", "q4_transfert", "q4_depreciation", "q5", "q6")
REPORT = "Balance corrigée à partir de vos écritures des questions 1 à 6 : leurs erreurs ne sont comptées qu'une fois."


def _ecriture(lignes, libelle: str, remplacer: dict[str, str] | None = None) -> Ecriture:
    remplacer = remplacer or {}
    lignes = tuple(
        replace(ligne, compte=remplacer.get(ligne.compte, ligne.compte), tiers="") for ligne in lignes
    )
    return Ecriture("SI", CLOTURE, PIECE, libelle, lignes)


def dotations(sujet) -> tuple[tuple[str, Decimal], tuple[str, Decimal]]:
    """(compte d'amortissement, dotation 2026) du matériel ancien puis du bien acquis en 2026."""
    _, cout, service, duree = sujet.materiel
    _, compte, ht, mise_en_service, duree_a = sujet.acquisition
    ancien = (
        plan_amortissement(cout, service, duree).set_index("exercice").loc[sujets_cloture.EXERCICE, "annuite"]
    )
    nouveau = (
        plan_amortissement(ht, mise_en_service, duree_a)
        .set_index("exercice")
        .loc[sujets_cloture.EXERCICE, "annuite"]
    )
    return ("28154", ancien), (compte_amortissement(compte), nouveau)


def ecritures(sujet) -> dict[str, Ecriture]:
    """Les écritures de clôture justes, par réponse (voir :data:`ORDRE`)."""
    prime, d1, f1 = sujet.assurance
    _, ht = sujet.facture_non_parvenue
    _, du, regle = sujet.ecart
    _, creance, perte = sujet.client_douteux
    stocks = variation_stocks("37", sujet.stock_initial, sujet.stock_final)
    (c1, a1), (c2, a2) = dotations(sujet)
    cca = charge_constatee_avance(prime, d1, f1, CLOTURE, compte="616", base="mois")
    fnp = charge_a_payer("607", ht, taux_tva=sujet.taux_tva)
    ecart = ecart_reglement("411", du, regle)
    transfert = creance_douteuse(creance)
    depreciation = depreciation_creance(creance, taux_tva=sujet.taux_tva, taux_perte=perte).regularisation
    return {
        "q1": _ecriture(cca.lignes, cca.libelle),
        "q2": _ecriture(fnp.lignes, fnp.libelle, {"4081": "408"}),
        "q3": _ecriture(ecart.lignes, ecart.libelle),
        "q4_transfert": _ecriture(transfert.lignes, transfert.libelle),
        "q4_depreciation": _ecriture(depreciation.lignes, depreciation.libelle),
        "q5": _ecriture(tuple(ligne for r in stocks for ligne in r.lignes), "Variation des stocks"),
        "q6": _ecriture(
            (Ligne("6811", debit=a1 + a2), Ligne(c1, credit=a1), Ligne(c2, credit=a2)),
            "Dotations aux amortissements",
        ),
    }


def _lignes(reponse) -> tuple[tuple[str, Decimal, Decimal], ...]:
    try:
        return lire_saisie(reponse).lignes
    except Exception:  # noqa: BLE001 - saisie illisible : le comparateur l'a dit
        return ()


def _montant_de(reponse, racine: str) -> Decimal | None:
    return next((d or c for compte, d, c in _lignes(reponse) if compte.startswith(racine)), None)


def _remarque(verdict: Verdict, message: str, code: str) -> Verdict:
    return replace(verdict, remarques=(message, *verdict.remarques), diagnostics=(*verdict.diagnostics, code))


def _comparer(cle: str, reponse, sujet, sur, criteres) -> Verdict:
    return comparer_ecriture(
        reponse, ecritures(sujet)[cle], sur=sur, criteres=criteres, precision=4, hierarchie=True
    )


def _corriger_ecriture(question: str, reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS[question]
    if question == "q4":
        reponse = reponse if isinstance(reponse, dict) else {}
        moitie = Decimal(str(sur)) / 2
        transfert = _comparer("q4_transfert", reponse.get("transfert"), sujet, moitie, criteres)
        depreciation = _comparer("q4_depreciation", reponse.get("depreciation"), sujet, moitie, criteres)
        _, creance, perte = sujet.client_douteux
        donne = _montant_de(reponse.get("depreciation"), "6817") or _montant_de(
            reponse.get("depreciation"), "491"
        )
        if donne is not None and donne == arrondir(creance * perte):
            depreciation = _remarque(
                depreciation,
                "B2.3-K01 — dépréciation calculée sur le TTC : elle se calcule sur le montant HT, "
                "la TVA d'une créance perdue se récupère.",
                "depreciation_ttc",
            )
        if transfert.points == 0 and _montant_de(reponse.get("transfert"), "416") is None:
            transfert = _remarque(
                transfert,
                "B2.3-K01 — le client douteux se transfère de 411 en 416 avant d'être déprécié.",
                "sans_416",
            )
        return replace(transfert.combiner(depreciation), criteres=criteres)
    verdict = _comparer(question, reponse, sujet, sur, criteres)
    if question == "q1":
        prime, debut, _ = sujet.assurance
        avant = 12 - debut.month + 1
        if _montant_de(reponse, "486") == arrondir(prime * avant / 12) != ecritures(sujet)["q1"].total_debit:
            verdict = _remarque(
                verdict,
                f"B2.2-K01 — vous avez calculé la part de l'exercice ({avant} mois) : ce qui est constaté "
                f"d'avance, c'est la part de l'exercice suivant ({12 - avant} mois sur 12).",
                "part_inversee",
            )
    if question == "q2" and _montant_de(reponse, "4458") is None and _montant_de(reponse, "408") is not None:
        verdict = _remarque(
            verdict,
            "B2.2-K04 — la TVA de la facture non parvenue se porte en 44586 (TVA sur factures non parvenues).",
            "tva_fnp_absente",
        )
    if question == "q3" and _montant_de(reponse, "758") is not None:
        verdict = _remarque(
            verdict,
            "B2.2-K05 — le client a payé moins que dû : l'écart est une charge (658), pas un produit (758).",
            "ecart_en_produit",
        )
    if question == "q6":
        _, (c2, a2) = dotations(sujet)
        _, _, ht, mise_en_service, duree = sujet.acquisition
        if _montant_de(reponse, c2[:4]) == arrondir(ht / duree) != a2:
            verdict = _remarque(
                verdict,
                f"B2.1-K01 — dotation du bien mis en service le {mise_en_service:%d/%m/%Y} calculée pour une année "
                f"entière ({format_montant(arrondir(ht / duree))}) : l'amortissement court de la mise en service, "
                f"prorata temporis ({format_montant(a2)}).",
                "sans_prorata",
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
    """Balance après inventaire (compte, soldes) : le livre du sujet et les écritures de l'apprenant, ou les justes.

    Args:
        reponses_precedentes: dictionnaire ``{"q1": ..., "q4": {"transfert", "depreciation"}, ...}``.

    Returns:
        ``(balance, reportee)`` : ``reportee`` est vrai si une écriture de l'apprenant
        différente de la juste a servi.
    """
    precedentes = dict(reponses_precedentes or {})
    q4 = precedentes.get("q4") if isinstance(precedentes.get("q4"), dict) else {}
    saisies = {
        **{q: precedentes.get(q) for q in ("q1", "q2", "q3", "q5", "q6")},
        "q4_transfert": q4.get("transfert"),
        "q4_depreciation": q4.get("depreciation"),
    }
    livre = sujet.livre()
    reportee = False
    for cle, juste in ecritures(sujet).items():
        reponse = saisies.get(cle)
        ecriture, de_l_apprenant = _ecriture_de(reponse, juste) if reponse is not None else (juste, False)
        try:
            livre.passer(ecriture)
        except ErreurComptable:
            livre.passer(juste)
            de_l_apprenant = False
        reportee |= de_l_apprenant and ecriture.lignes != juste.lignes
    return livre.balance()[["compte", "solde_debiteur", "solde_crediteur"]], reportee


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question de l'examen pour l'apprenant de cette graine."""
    sujet = sujets_cloture.examen_cloture(graine)
    if question in ("q1", "q2", "q3", "q4", "q5", "q6"):
        return _corriger_ecriture(question, reponse, sujet, sur)
    if question == "q7":
        reponse = reponse if isinstance(reponse, dict) else {"balance": reponse}
        attendue, reportee = balance_attendue(sujet, reponse.get("ecritures"))
        verdict = comparer_tableau(
            reponse.get("balance"),
            attendue,
            cle="compte",
            colonnes=("solde_debiteur", "solde_crediteur"),
            sur=sur,
            criteres=QUESTIONS["q7"],
            noms={"solde_debiteur": "solde débiteur", "solde_crediteur": "solde créditeur"},
            quoi="la balance après inventaire",
        )
        verdict = replace(verdict, remarques=tuple(f"B2.2-K03 — {r}" for r in verdict.remarques))
        if reportee:
            verdict = replace(verdict, reussites=(*verdict.reussites, REPORT))
        return verdict
    raise KeyError(f"Question inconnue : {question}")
