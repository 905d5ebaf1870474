"""Correction du devoir « b1_lettrage » (formateur uniquement, jamais diffusé).

Q1 : factures restant dues après lettrage des comptes 411 et 401 (tolérance 1,00 €).
Q2 : écriture d'écart de règlement (OD au 31/12 : 658 au débit, 411 au crédit, le client
ayant payé moins ; PCG 2025). Q3 : balance des clients (soldes débiteurs et créditeurs).
Q4 : le client au solde anormal (créditeur). Q5 : échéancier des factures clients (montant,
échue ou à échoir). Q6 : délai moyen de paiement clients, méthode comptable (ratio et jours,
base 360). Q7 : même délai par épuisement.

Toutes les réponses attendues sont calculées par le noyau (:mod:`compta_kernel.lettrage`,
:mod:`compta_kernel.suivi`) sur le sujet de l'apprenant. Report d'erreur : les délais
moyens se corrigent à partir des créances que l'apprenant a retenues.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from compta_kernel.lettrage import factures_a_encaisser, factures_a_payer, lettrer_automatiquement
from compta_kernel.montants import montant
from compta_kernel.suivi import delai_moyen_paiement, echeancier
from graders import sujets_lettrage
from graders.ecritures import comparer_ecriture, lire_saisie
from graders.montants import comparer_montant
from graders.tableaux import attendu_avec_report, comparer_tableau
from graders.verdict import Verdict, evaluer

DEVOIR = "b1_lettrage"
QUESTIONS = {
    "q1": ("B1.1-K05", "B1.1-K02"),
    "q2": ("B2.2-K05", "B1.1-K04"),
    "q3": ("B1.1-K02", "B1.1-K05"),
    "q4": ("B1.1-K02",),
    "q5": ("B1.1-K05",),
    "q6": ("B1.1-K07", "B1.1-K08"),
    "q7": ("B1.1-K08", "B1.1-K07"),
}
REPORT = "Corrigé à partir de vos créances clients : une erreur sur les créances n'est comptée qu'une fois."


class Corrige:
    """Le sujet de l'apprenant, lettré par le noyau, et les réponses justes."""

    def __init__(self, graine: bytes):
        self.sujet = sujet = sujets_lettrage.lettrage(graine)
        livre = sujet.livre
        self.clients = lettrer_automatiquement(livre, "411", tolerance=sujet.tolerance, date=sujet.au)
        self.fournisseurs = lettrer_automatiquement(livre, "401", tolerance=sujet.tolerance, date=sujet.au)
        self.factures_clients = sorted(factures_a_encaisser(livre)["piece"])
        self.factures_fournisseurs = sorted(factures_a_payer(livre)["piece"])
        (ecart,) = [r for r in self.clients.rapprochements if r.ecriture_ecart]
        self.ecart = ecart
        self.ecriture_ecart = livre.ecriture(ecart.ecriture_ecart)
        balance = livre.balance_tiers("411")
        self.balance = [
            {"tiers": t, "solde_debiteur": d, "solde_crediteur": c}
            for t, d, c in zip(
                balance["tiers"], balance["solde_debiteur"], balance["solde_crediteur"], strict=True
            )
        ]
        self.client_anormal = next(b["tiers"] for b in self.balance if b["solde_crediteur"])
        ech = echeancier(livre, "411", au=sujet.au)
        self.echeancier = [
            {"piece": p, "montant": m, "statut": s}
            for p, m, s in zip(ech["piece"], ech["montant"], ech["statut"], strict=True)
        ]
        self.creances = sum((b["solde_debiteur"] for b in self.balance), Decimal(0))


def _pieces(reponse, cle: str) -> set[str]:
    if reponse is None or reponse is Ellipsis:
        raise NotImplementedError
    valeurs = reponse.get(cle) if isinstance(reponse, dict) else None
    if valeurs is None:
        raise NotImplementedError
    if hasattr(valeurs, "tolist"):
        valeurs = valeurs.tolist()
    return {str(v).strip().upper() for v in valeurs}


def _corriger_q1(reponse, corrige: Corrige, sur) -> Verdict:
    def noter() -> Verdict:
        justes, total, remarques, reussites = 0, 0, [], []
        for cle, attendues, quoi in (
            ("clients", corrige.factures_clients, "factures clients à encaisser"),
            ("fournisseurs", corrige.factures_fournisseurs, "factures fournisseurs à payer"),
        ):
            donnees = _pieces(reponse, cle)
            attendues = set(attendues)
            total += len(attendues)
            justes += len(donnees & attendues) - len(donnees - attendues)
            if donnees == attendues:
                reussites.append(f"{quoi.capitalize()} : {', '.join(sorted(attendues))}.")
                continue
            if attendues - donnees:
                remarques.append(
                    f"{quoi.capitalize()} : il manque {', '.join(sorted(attendues - donnees))} "
                    "(facture non lettrée, donc encore due)."
                )
            if donnees - attendues:
                remarques.append(
                    f"{quoi.capitalize()} : {', '.join(sorted(donnees - attendues))} en trop — déjà "
                    "soldée par un règlement (lettrez le compte : montant et référence, un règlement "
                    "pour plusieurs factures, plusieurs règlements pour une facture, écart toléré)."
                )
        return Verdict.proportion(
            max(justes, 0), total, sur, remarques=remarques, criteres=QUESTIONS["q1"], reussites=reussites
        )

    return evaluer(noter, sur=sur, criteres=QUESTIONS["q1"], quoi="les factures restant dues")


def _corriger_q2(reponse, corrige: Corrige, sur) -> Verdict:
    verdict = comparer_ecriture(
        reponse, corrige.ecriture_ecart, sur=sur, criteres=QUESTIONS["q2"], precision=3, hierarchie=True
    )
    try:
        comptes = {compte[:3] for compte, _, _ in lire_saisie(reponse).lignes}
    except Exception:  # noqa: BLE001 - saisie illisible : le comparateur l'a dit
        return verdict
    if "758" in comptes and "658" not in comptes:
        remarque = (
            "B2.2-K05 — le client a payé moins que sa facture : l'écart est une charge pour l'entreprise, "
            "au débit du 658 (le 758 reçoit l'écart quand le client paie davantage)."
        )
        return replace(
            verdict, remarques=(remarque, *verdict.remarques), diagnostics=(*verdict.diagnostics, "658_758")
        )
    return verdict


def _corriger_q4(reponse, corrige: Corrige, sur) -> Verdict:
    def noter() -> Verdict:
        if reponse is None or (isinstance(reponse, str) and not reponse.strip()):
            raise NotImplementedError
        donne = str(reponse).strip().upper()
        attendu = corrige.client_anormal
        nom = corrige.sujet.clients[attendu]
        if donne in (attendu, nom.upper(), f"411{attendu}"):
            bravo = (
                f"{nom} ({attendu}) est créditeur : il a payé deux fois la même facture ; à rembourser "
                "ou à imputer sur sa prochaine facture."
            )
            return Verdict(sur, sur, (), QUESTIONS["q4"], (bravo,))
        conseil = (
            f"« {reponse} » n'est pas le client au solde anormal : cherchez dans la balance des clients "
            "celui dont le solde est créditeur (un client doit, il ne prête pas)."
        )
        return Verdict(0, sur, (conseil,), QUESTIONS["q4"], diagnostics=("solde_anormal",))

    return evaluer(noter, sur=sur, criteres=QUESTIONS["q4"], quoi="le client au solde anormal")


def _creances(reponse, corrige: Corrige):
    precedent = reponse.get("creances") if isinstance(reponse, dict) else None
    try:
        return montant(precedent) if precedent not in (None, "") else None
    except Exception:  # noqa: BLE001 - créances illisibles : on repart des justes
        return None


def _corriger_q6(reponse, corrige: Corrige, sur) -> Verdict:
    reponse = reponse if isinstance(reponse, dict) else {"jours": reponse}
    sujet = corrige.sujet
    (attendu, remarque) = attendu_avec_report(
        lambda c: delai_moyen_paiement(c, sujet.chiffre_affaires_ttc, "comptable", 360),
        _creances(reponse, corrige),
        corrige.creances,
    )
    moitie = Decimal(sur) / 2
    ratio = _comparer_nombre(
        reponse.get("ratio"), attendu.ratio, Decimal("0.0001"), moitie, "le ratio créances / CA TTC", 4
    )
    jours = comparer_montant(
        reponse.get("jours"),
        attendu.jours,
        sur=moitie,
        criteres=QUESTIONS["q6"],
        tolerance="0.05",
        quoi="le délai moyen (jours)",
        confusions={
            "le calcul sur 365 jours": delai_moyen_paiement(
                attendu.creances, sujet.chiffre_affaires_ttc, base_jours=365
            ).jours,
            "le ratio inversé (CA / créances × 360)": (
                sujet.chiffre_affaires_ttc / attendu.creances * 360
            ).quantize(Decimal("0.01"))
            if attendu.creances
            else Decimal(-1),
        },
    )
    verdict = replace(ratio.combiner(jours), criteres=QUESTIONS["q6"])
    return replace(verdict, remarques=(*verdict.remarques, REPORT)) if remarque else verdict


def _comparer_nombre(donne, attendu: Decimal, tolerance: Decimal, sur, quoi: str, decimales: int) -> Verdict:
    def noter() -> Verdict:
        if donne is None or (isinstance(donne, str) and not donne.strip()):
            raise NotImplementedError
        valeur = montant(donne)
        texte = format(attendu, "f").replace(".", ",")
        if abs(valeur - attendu) <= tolerance:
            return Verdict(sur, sur, (), (), (f"{quoi.capitalize()} : {texte}",))
        if attendu and abs(valeur - attendu * 100) <= tolerance * 100:
            message = f"{quoi.capitalize()} : donnez-le en nombre décimal ({texte}), pas en pourcentage."
        else:
            message = f"{quoi.capitalize()} : {format(valeur, 'f').replace('.', ',')} au lieu de {texte} ({decimales} décimales)."
        return Verdict(0, sur, (message,), ())

    return evaluer(noter, sur=sur, quoi=quoi)


def _corriger_q7(reponse, corrige: Corrige, sur) -> Verdict:
    reponse = reponse if isinstance(reponse, dict) else {"jours": reponse}
    sujet = corrige.sujet
    (attendu, remarque) = attendu_avec_report(
        lambda c: delai_moyen_paiement(c, sujet.ventes_mensuelles, "epuisement"),
        _creances(reponse, corrige),
        corrige.creances,
    )
    mois_entiers = sum((e.jours for e in attendu.etapes[:-2]), Decimal(0))
    verdict = comparer_montant(
        reponse.get("jours"),
        attendu.jours,
        sur=sur,
        criteres=QUESTIONS["q7"],
        tolerance="0.05",
        quoi="le délai moyen par épuisement (jours)",
        confusions={
            "les seuls mois entiers, sans la fraction du dernier mois": mois_entiers,
            "le dernier mois compté en entier": mois_entiers
            + sujet.ventes_mensuelles[len(attendu.etapes) - 2][2],
        },
    )
    return replace(verdict, remarques=(*verdict.remarques, REPORT)) if remarque else verdict


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    corrige = Corrige(graine)
    criteres = QUESTIONS.get(question)
    if question == "q1":
        return _corriger_q1(reponse, corrige, sur)
    if question == "q2":
        return _corriger_q2(reponse, corrige, sur)
    if question == "q3":
        return comparer_tableau(
            reponse,
            corrige.balance,
            cle="tiers",
            sur=sur,
            criteres=criteres,
            noms={"solde_debiteur": "solde débiteur", "solde_crediteur": "solde créditeur"},
            quoi="la balance des clients",
        )
    if question == "q4":
        return _corriger_q4(reponse, corrige, sur)
    if question == "q5":
        return comparer_tableau(
            reponse, corrige.echeancier, cle="piece", sur=sur, criteres=criteres, quoi="l'échéancier"
        )
    if question == "q6":
        return _corriger_q6(reponse, corrige, sur)
    if question == "q7":
        return _corriger_q7(reponse, corrige, sur)
    raise KeyError(f"Question inconnue : {question}")
