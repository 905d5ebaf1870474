"""Correction du devoir « b2_etats_synthese » (formateur uniquement, jamais diffusé).

Q1 : postes du bilan (nets) depuis la balance après inventaire. Q2 : postes du compte de
résultat. Q3 : résultat de l'exercice. Q4 : réintégrations fiscales (amende, taxe sur le
véhicule de tourisme, amortissement excédentaire du véhicule). Q5 : déduction (reprise de
la provision réintégrée en 2025) et résultat fiscal, corrigé à partir des chiffres de
l'apprenant (report d'erreur). Q6 : impôt sur les sociétés, corrigé à partir du résultat
fiscal de l'apprenant.

Attendus calculés par :mod:`compta_kernel.etats_synthese` (bilan, compte de résultat,
résultat fiscal) sur la balance du sujet ; chaque erreur typique est nommée avec son
critère (montant brut au lieu du net, dépréciation non déduite, facture non parvenue
oubliée, CCA non retranchée, dotation du véhicule réintégrée en entier, IS à un seul taux).
"""

from dataclasses import replace
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.etats_synthese import (
    _plafond_vehicule,
    bilan,
    compte_de_resultat,
    part_non_deductible_amortissement,
    resultat_fiscal,
)
from compta_kernel.montants import ZERO, arrondir, montant
from graders import sujets_cloture
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b2_etats_synthese"
QUESTIONS = {
    "q1": ("B2.3-K01", "B2.3-K02"),
    "q2": ("B2.3-K01", "B2.3-K02"),
    "q3": ("B2.3-K01",),
    "q4": ("B2.3-K03",),
    "q5": ("B2.3-K04",),
    "q6": ("B2.3-K03", "B2.3-K04"),
}
CLOTURE = sujets_cloture.CLOTURE
REINTEGRATIONS = ("amendes", "taxe_vehicules", "amortissement_vehicule")
DEDUCTIONS = ("reprise_provision_amende",)
NOMS = {
    "amendes": "l'amende",
    "taxe_vehicules": "la taxe sur le véhicule de tourisme",
    "amortissement_vehicule": "l'amortissement excédentaire du véhicule",
    "reprise_provision_amende": "la reprise de la provision pour amende",
}
REPORT = "Corrigé à partir de vos propres chiffres des questions précédentes : une erreur n'est comptée qu'une fois."


def _soldes(balance) -> dict[str, Decimal]:
    return {
        str(r["compte"]): montant(r["solde_debiteur"]) - montant(r["solde_crediteur"])
        for r in balance.to_dict("records")
    }


def _somme(soldes: dict[str, Decimal], *racines: str) -> Decimal:
    return sum((s for c, s in soldes.items() if c.startswith(racines)), ZERO)


def attendus_bilan(sujet) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """Postes du bilan demandés (nets) et, par poste, les confusions typiques nommées."""
    balance = sujet.balance()
    b = bilan(balance)
    nets = dict(zip(b.actif["poste"], b.actif["net"], strict=True))
    nets.update(zip(b.passif["poste"], b.passif["montant"], strict=True))
    s = _soldes(balance)
    confusions = {
        "Installations techniques, matériel et outillage industriels": {
            "le montant brut, sans déduire les amortissements (2815)": _somme(s, "215")
        },
        "Autres immobilisations corporelles": {
            "le montant brut, sans déduire les amortissements (2818)": _somme(s, "218")
        },
        "Marchandises": {"le stock initial (annulé à l'inventaire)": sujet.montants["stock_initial"]},
        "Clients et comptes rattachés": {
            "le montant brut, sans déduire la dépréciation 491": _somme(s, "411", "416"),
            "le seul compte 411 (client douteux 416 oublié)": _somme(s, "411"),
        },
        "Dettes fournisseurs et comptes rattachés": {
            "le seul compte 401 (facture non parvenue 408 oubliée)": -_somme(s, "401")
        },
        "Dettes fiscales et sociales": {
            "le seul compte 431 (TVA à décaisser oubliée)": -_somme(s, "431"),
            "la seule TVA à décaisser (dette sociale 431 oubliée)": -_somme(s, "4455"),
        },
    }
    return {p: nets[p] for p in sujets_cloture.POSTES_BILAN}, confusions


def attendus_resultat(sujet) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]]]:
    """Postes du compte de résultat demandés et leurs confusions typiques."""
    balance = sujet.balance()
    cr = compte_de_resultat(balance)
    montants = dict(zip(cr["poste"], cr["montant"], strict=True))
    s = _soldes(balance)
    confusions = {
        "Achats de marchandises": {
            "les achats sans la facture non parvenue (408)": _somme(s, "607")
            - sujet.montants["facture_non_parvenue"]
        },
        "Autres achats et charges externes": {
            "les charges sans retrancher la charge constatée d'avance (486)": _somme(s, "61", "62")
            + sujet.montants["cca"]
        },
        "Dotations aux amortissements sur immobilisations": {
            "la seule dotation du véhicule": sujet.vehicule.dotation,
            "la seule dotation du matériel": _somme(s, "681") - sujet.vehicule.dotation,
        },
    }
    return {p: montants[p] for p in sujets_cloture.POSTES_RESULTAT}, confusions


def _postes(reponse, attendus, confusions, *, sur, criteres) -> Verdict:
    """Compare chaque poste demandé ; note = part des postes justes ; chaque erreur nommée avec son critère."""

    def calcul() -> Verdict:
        if not isinstance(reponse, dict) or not reponse:
            raise NotImplementedError
        donnes = {" ".join(str(k).split()).casefold(): v for k, v in reponse.items()}
        justes, remarques, diagnostics = 0, [], []
        for poste, attendu in attendus.items():
            donne = donnes.pop(poste.casefold(), None)
            if donne is None:
                remarques.append(f"{criteres[0]} — poste « {poste} » : absent de votre réponse.")
                diagnostics.append("poste_absent")
                continue
            v = comparer_montant(
                donne, attendu, criteres=criteres, quoi=f"poste « {poste} »", confusions=confusions.get(poste)
            )
            if v.reussi:
                justes += 1
            else:
                remarques += [f"{criteres[0]} — {r}" for r in v.remarques]
                diagnostics += list(v.diagnostics)
        remarques += [f"Poste inconnu ou en trop : « {k} »." for k in donnes]
        return Verdict.proportion(
            justes, len(attendus), sur, remarques=remarques, criteres=criteres, diagnostics=diagnostics
        )

    return evaluer(calcul, sur=sur, criteres=criteres, quoi="les postes")


def attendus_fiscaux(sujet) -> dict[str, Decimal]:
    """Réintégrations, déduction, résultat fiscal et IS justes."""
    livre = sujet.livre()
    rf = resultat_fiscal(
        livre,
        vehicules=(sujet.vehicule,),
        deductions={"Reprise de la provision pour amende réintégrée en 2025": sujet.provision_amende},
    )
    return {
        "resultat": rf.resultat_comptable,
        "amendes": sujet.amende,
        "taxe_vehicules": sujet.taxe_vehicules,
        "amortissement_vehicule": part_non_deductible_amortissement(sujet.vehicule, CLOTURE),
        "reprise_provision_amende": sujet.provision_amende,
        "resultat_fiscal": rf.resultat,
        "impot": rf.impot,
    }


def _lire(valeur) -> Decimal | None:
    try:
        return montant(valeur)
    except Exception:  # noqa: BLE001 - réponse illisible : on repart des chiffres justes
        return None


def _dictionnaire(reponse, cles, sur, criteres, attendus, confusions, quoi) -> Verdict:
    def calcul() -> Verdict:
        if not isinstance(reponse, dict) or not reponse:
            raise NotImplementedError
        justes, remarques, diagnostics = 0, [], []
        for cle in cles:
            if cle not in reponse:
                remarques.append(f"{criteres[0]} — {NOMS[cle]} : absent de votre réponse (clé « {cle} »).")
                continue
            v = comparer_montant(reponse[cle], attendus[cle], quoi=NOMS[cle], confusions=confusions.get(cle))
            if v.reussi:
                justes += 1
            else:
                remarques += [f"{criteres[0]} — {r}" for r in v.remarques]
                diagnostics += list(v.diagnostics)
        for cle, valeur in reponse.items():
            if cle not in cles and _lire(valeur):
                remarques.append(f"{criteres[0]} — « {cle} » n'est pas {quoi} attendu(e) ici.")
                justes -= 1
        return Verdict.proportion(
            max(justes, 0), len(cles), sur, remarques=remarques, criteres=criteres, diagnostics=diagnostics
        )

    return evaluer(calcul, sur=sur, criteres=criteres, quoi=quoi)


def _impot(benefice: Decimal) -> dict[str, Decimal]:
    """IS d'un bénéfice fiscal (PME éligible), et les erreurs typiques à un seul taux."""
    normal = regles.valeur("fiscal.is.taux_normal", CLOTURE)
    reduit = regles.valeur("fiscal.is.taux_reduit", CLOTURE)
    return {
        "juste": resultat_fiscal(benefice, date_cloture=CLOTURE).impot,
        "l'IS au seul taux normal": arrondir(max(benefice, ZERO) * normal),
        "l'IS au seul taux réduit": arrondir(max(benefice, ZERO) * reduit),
    }


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_cloture.etats_synthese(graine)
    criteres = QUESTIONS.get(question, ())
    if question == "q1":
        return _postes(reponse, *attendus_bilan(sujet), sur=sur, criteres=criteres)
    if question == "q2":
        return _postes(reponse, *attendus_resultat(sujet), sur=sur, criteres=criteres)
    justes = attendus_fiscaux(sujet)
    if question == "q3":
        cr = compte_de_resultat(sujet.balance())
        verdict = comparer_montant(
            reponse,
            justes["resultat"],
            sur=sur,
            criteres=criteres,
            quoi="le résultat de l'exercice",
            confusions={
                "le total des produits": cr.attrs["total_produits"],
                "le total des charges": cr.attrs["total_charges"],
            },
        )
        return replace(verdict, remarques=tuple(f"B2.3-K01 — {r}" for r in verdict.remarques))
    if question == "q4":
        v = sujet.vehicule
        plafond, _ = _plafond_vehicule(v, CLOTURE)
        confusions = {
            "amortissement_vehicule": {
                "la dotation entière du véhicule (seule la part au-delà du plafond se réintègre)": v.dotation,
                "l'excédent du coût sur le plafond (à rapporter à la dotation de l'exercice)": v.cout_ttc
                - plafond,
                "la part déductible de la dotation": v.dotation - justes["amortissement_vehicule"],
            },
            "amendes": {"la provision reprise (c'est une déduction, question 5)": sujet.provision_amende},
        }
        return _dictionnaire(reponse, REINTEGRATIONS, sur, criteres, justes, confusions, "une réintégration")
    if question == "q5":
        reponse = reponse if isinstance(reponse, dict) else {}
        deductions = reponse.get("deductions")
        partie = Decimal(str(sur)) / 2
        v_deduction = _dictionnaire(
            deductions,
            DEDUCTIONS,
            partie,
            criteres,
            justes,
            {"reprise_provision_amende": {"l'amende payée (elle se réintègre, question 4)": sujet.amende}},
            "une déduction",
        )
        # Report d'erreur : résultat fiscal attendu à partir des chiffres de l'apprenant.
        resultat = _lire(reponse.get("resultat"))
        plus = reponse.get("reintegrations")
        moins = deductions
        try:
            plus_total = sum((montant(x) for x in plus.values()), ZERO) if isinstance(plus, dict) else None
            moins_total = sum((montant(x) for x in moins.values()), ZERO) if isinstance(moins, dict) else None
        except Exception:  # noqa: BLE001 - chiffres illisibles : on repart des justes
            plus_total = moins_total = None
        juste_plus = justes["amendes"] + justes["taxe_vehicules"] + justes["amortissement_vehicule"]
        base = resultat if resultat is not None else justes["resultat"]
        plus_total = juste_plus if plus_total is None else plus_total
        moins_total = justes["reprise_provision_amende"] if moins_total is None else moins_total
        attendu = base + plus_total - moins_total
        v_resultat = comparer_montant(
            reponse.get("resultat_fiscal"),
            attendu,
            sur=partie,
            criteres=criteres,
            quoi="le résultat fiscal",
            confusions={
                "le résultat comptable − réintégrations + déductions (sens inversé)": base
                - plus_total
                + moins_total
            },
        )
        v_resultat = replace(v_resultat, remarques=tuple(f"B2.3-K04 — {r}" for r in v_resultat.remarques))
        if attendu != justes["resultat_fiscal"] and v_resultat.reussi:
            v_resultat = replace(v_resultat, reussites=(*v_resultat.reussites, REPORT))
        return replace(v_deduction.combiner(v_resultat), criteres=criteres)
    if question == "q6":
        reponse = reponse if isinstance(reponse, dict) else {"impot": reponse}
        base = _lire(reponse.get("resultat_fiscal"))
        base = justes["resultat_fiscal"] if base is None else base
        impots = _impot(base)
        confusions = {k: i for k, i in impots.items() if k != "juste"}
        confusions["l'IS calculé sur le résultat comptable"] = _impot(justes["resultat"])["juste"]
        verdict = comparer_montant(
            reponse.get("impot"),
            impots["juste"],
            sur=sur,
            criteres=criteres,
            quoi="l'impôt sur les sociétés",
            confusions=confusions,
        )
        verdict = replace(verdict, remarques=tuple(f"B2.3-K03 — {r}" for r in verdict.remarques))
        if base != justes["resultat_fiscal"] and verdict.reussi:
            verdict = replace(verdict, reussites=(*verdict.reussites, REPORT))
        return verdict
    raise KeyError(f"Question inconnue : {question}")
