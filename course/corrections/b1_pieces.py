"""Correction du devoir « b1_pieces » (formateur uniquement, jamais diffusé).

Q1 : pièces à rejeter du lot (les deux fautives), chaque erreur nommée par le contrôle du
noyau. Q2 : pré-imputation de la facture de marchandises (607 net commercial, 6241 port,
765 escompte, 44566, 401). Q3 : coût d'entrée du bien (facture HT : prix net de la remise
et de l'escompte, port compris ; plus l'installation ; sans la formation). Q4 : écriture
d'acquisition au journal IM (compte de classe 2, 44562, 404). Q5 : toutes les pièces
conformes saisies, aucune pièce fautive.

Sous-comptes acceptés (401DURAND, 21831) ; le compte de tiers est comparé à son collectif.
Le 401 est accepté à la place du 404 avec une remarque (le PCG prévoit 404 Fournisseurs
d'immobilisations).
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from compta_kernel.ecritures import Ecriture
from compta_kernel.imputation import pre_imputation
from compta_kernel.presentation import format_montant
from compta_kernel.verification import verifier_piece
from graders import sujets_pieces
from graders.ecritures import comparer_ecriture, comptes_saisis, lire_saisie
from graders.montants import comparer_montant
from graders.verdict import Verdict, evaluer

DEVOIR = "b1_pieces"
QUESTIONS = {
    "q1": ("B1.1-K02",),
    "q2": ("B1.1-K03", "B1.1-K04"),
    "q3": ("B1.1-K09", "B1.1-K11"),
    "q4": ("B1.1-K10", "B1.1-K11", "B1.1-K03"),
    "q5": ("B1.1-K01",),
}


def defauts(sujet) -> dict[str, tuple]:
    """Les défauts de chaque pièce du lot, relevés par le noyau (vide pour une pièce conforme)."""
    return {p.numero: verifier_piece(p, deja_vus=sujet.deja_saisies) for p in sujet.lot}


def _collectif(ecriture: Ecriture, collectif: str) -> Ecriture:
    """L'écriture dont le compte de tiers est ramené à son collectif (401DURAND → 401)."""
    lignes = tuple(replace(lg, compte=collectif) if lg.tiers else lg for lg in ecriture.lignes)
    return replace(ecriture, lignes=lignes)


def ecriture_attendue(sujet, numero: str, collectif: str | None = None) -> Ecriture:
    """L'écriture juste d'une pièce conforme du lot (compte de tiers au collectif)."""
    pre = pre_imputation(sujet.piece(numero))
    tiers = next(lg.compte for lg in pre.ecriture.lignes if lg.tiers)
    return _collectif(pre.ecriture, collectif or tiers[:3])


def cout(sujet) -> Decimal:
    """Coût d'entrée : HT de la facture du bien (port compris) + installation."""
    return sujet.piece(sujet.immobilisation).calcul.total_ht + sujet.installation[1]


def _numeros(reponse) -> set[str]:
    if reponse is None or reponse is Ellipsis:
        raise NotImplementedError
    if isinstance(reponse, str):
        reponse = [reponse]
    if not isinstance(reponse, Mapping | Iterable):
        raise TypeError("Donnez un dictionnaire {numéro: motif} ou une liste de numéros.")
    return {str(n).strip() for n in reponse}


def _corriger_controle(reponse, sujet, sur) -> Verdict:
    rejetees = _numeros(reponse)
    trouves = defauts(sujet)
    remarques, reussites, diagnostics = [], [], []
    justes = 0
    for numero, liste in trouves.items():
        fautive, rejetee = bool(liste), numero in rejetees
        if fautive == rejetee:
            justes += 1
            reussites.append(f"{numero} : {'fautive, rejetée' if fautive else 'conforme, à saisir'}")
        elif fautive:
            diagnostics.append("piece_fautive_acceptee")
            detail = " ; ".join(d.message.split(" Demandez")[0] for d in liste)
            remarques.append(f"B1.1-K02 — {numero} aurait dû être rejetée : {detail}")
        else:
            diagnostics.append("piece_conforme_rejetee")
            remarques.append(
                f"B1.1-K02 — {numero} est conforme (mentions, identifiants, calculs et dates justes) : "
                "elle se saisit."
            )
    inconnues = rejetees - set(trouves)
    if inconnues:
        remarques.append(f"Numéros inconnus dans le lot : {', '.join(sorted(inconnues))}.")
    return Verdict.proportion(
        justes,
        len(trouves),
        sur,
        remarques=remarques,
        criteres=QUESTIONS["q1"],
        reussites=reussites,
        diagnostics=diagnostics,
    )


def _corriger_acquisition(reponse, sujet, sur) -> Verdict:
    comptes = comptes_saisis(reponse)
    piece = sujet.piece(sujet.immobilisation)
    pre = pre_imputation(piece)
    compte_bien = pre.lignes[0].compte
    collectif = (
        "401"
        if any(c.startswith("401") for c in comptes) and not any(c.startswith("404") for c in comptes)
        else "404"
    )
    verdict = comparer_ecriture(
        reponse,
        ecriture_attendue(sujet, sujet.immobilisation, collectif),
        sur=sur,
        criteres=QUESTIONS["q4"],
        hierarchie=True,
    )
    remarques, diagnostics = [], []
    if any(c.startswith("44566") for c in comptes):
        remarques.append("B1.1-K03 — TVA sur immobilisation : 44562 et non 44566.")
        diagnostics.append("tva_immobilisation_44566")
    if not any(c.startswith(compte_bien) for c in comptes):
        charges = sorted(c for c in comptes if c.startswith("6"))
        remarques.append(
            f"B1.1-K10 — {sujet.bien} : un bien durable s'enregistre au débit du compte {compte_bien} "
            f"(classe 2, selon la nature du bien)"
            + (f", pas en charge ({', '.join(charges)})." if charges else ".")
        )
        diagnostics.append("mauvais_compte_immobilisation")
    if any(c.startswith("624") for c in comptes):
        remarques.append(
            "B1.1-K11 — le transport du bien fait partie de son coût d'entrée : il va au compte "
            f"{compte_bien}, pas en 6241."
        )
        diagnostics.append("port_hors_cout")
    if collectif == "401":
        remarques.append("Le PCG prévoit le compte 404 Fournisseurs d'immobilisations (401 accepté ici).")
    return verdict.avec_remarques(remarques, diagnostics)


def _corriger_marchandises(reponse, sujet, sur) -> Verdict:
    verdict = comparer_ecriture(
        reponse,
        ecriture_attendue(sujet, sujet.marchandises),
        sur=sur,
        criteres=QUESTIONS["q2"],
        hierarchie=True,
    )
    comptes = comptes_saisis(reponse)
    p = sujet.piece(sujet.marchandises)
    remarques, diagnostics = [], []
    if any(c.startswith("609") for c in comptes):
        remarques.append(
            "B1.1-K03 — la remise figure sur la facture : elle ne se comptabilise pas à part (609 sert aux "
            "réductions obtenues après facturation, par avoir) ; le 607 reçoit le net commercial."
        )
        diagnostics.append("remise_sur_facture_en_609")
    if p.calcul.escompte and not any(c.startswith("765") for c in comptes):
        remarques.append(
            "B1.1-K03 — l'escompte de règlement obtenu est un produit financier : compte 765 au crédit, "
            f"pour {format_montant(p.calcul.escompte)}."
        )
        diagnostics.append("escompte_oublie")
    return verdict.avec_remarques(remarques, diagnostics)


def _entrees(reponse) -> list:
    if reponse is None or reponse is Ellipsis:
        raise NotImplementedError
    if isinstance(reponse, Mapping | Ecriture):
        reponse = [reponse]
    return list(reponse)


def _piece_de(entree) -> str:
    if isinstance(entree, Ecriture):
        return entree.piece
    if isinstance(entree, Mapping):
        return str(entree.get("piece", "")).strip()
    return ""


def _total_debit(entree) -> Decimal | None:
    try:
        return sum((d for _, d, _ in lire_saisie(entree).lignes), Decimal(0))
    except Exception:  # noqa: BLE001 - entrée illisible : elle restera « en trop »
        return None


def _corriger_lot(reponse, sujet, sur) -> Verdict:
    entrees = _entrees(reponse)
    trouves = defauts(sujet)
    conformes = [n for n, liste in trouves.items() if not liste]
    remarques, reussites, diagnostics = [], [], []
    total = Decimal(0)
    restantes = list(entrees)
    for numero in conformes:
        attendue = ecriture_attendue(sujet, numero)
        entree = next((e for e in restantes if _piece_de(e) == numero), None)
        if entree is None:  # sans numéro de pièce : la première écriture du même total
            total_attendu = sum((lg.debit for lg in attendue.lignes), Decimal(0))
            entree = next((e for e in restantes if _total_debit(e) == total_attendu), None)
        if entree is None:
            remarques.append(f"B1.1-K01 — la pièce {numero} (conforme) n'est pas saisie.")
            diagnostics.append("piece_non_saisie")
            continue
        restantes.remove(entree)
        collectif = (
            "401"
            if numero == sujet.immobilisation and "401" in {c[:3] for c in comptes_saisis(entree)}
            else None
        )
        v = comparer_ecriture(entree, ecriture_attendue(sujet, numero, collectif), sur=1, hierarchie=True)
        total += v.points
        if v.reussi:
            reussites.append(f"{numero} saisie")
        else:
            remarques += [f"{numero} : {r}" for r in v.remarques]
            diagnostics += v.diagnostics
    for entree in restantes:
        numero = _piece_de(entree)
        if trouves.get(numero):
            remarques.append(
                f"B1.1-K01 — {numero} est fautive : ne la saisissez pas avant d'avoir reçu la pièce rectifiée."
            )
            diagnostics.append("piece_fautive_saisie")
        else:
            remarques.append(
                f"Écriture en trop{f' ({numero})' if numero else ''} : elle ne correspond à aucune pièce conforme."
            )
        total -= 1
    return Verdict.proportion(
        max(total, Decimal(0)),
        len(conformes),
        sur,
        remarques=remarques,
        criteres=QUESTIONS["q5"],
        reussites=reussites,
        diagnostics=diagnostics,
    )


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_pieces.pieces(graine)
    criteres = QUESTIONS.get(question, ())
    if question == "q1":
        return evaluer(
            lambda: _corriger_controle(reponse, sujet, sur),
            sur=sur,
            criteres=criteres,
            quoi="le contrôle du lot",
        )
    if question == "q2":
        return _corriger_marchandises(reponse, sujet, sur)
    if question == "q3":
        p = sujet.piece(sujet.immobilisation)
        c = cout(sujet)
        return comparer_montant(
            reponse,
            c,
            sur=sur,
            criteres=criteres,
            quoi="le coût d'entrée",
            confusions={
                "le coût TTC (la TVA récupérable n'en fait pas partie)": c + p.calcul.total_tva,
                "le coût avec la formation (charge de l'exercice, exclue)": c + sujet.formation,
                "le coût sans l'installation (frais accessoire à inclure)": c - sujet.installation[1],
                "le coût sans le transport (frais accessoire à inclure)": c - p.frais_de_port,
                "le coût avant déduction de l'escompte": c + p.calcul.escompte,
                "le prix catalogue": p.lignes[0].prix_unitaire_ht,
            },
        )
    if question == "q4":
        return evaluer(
            lambda: _corriger_acquisition(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="l'écriture"
        )
    if question == "q5":
        return evaluer(
            lambda: _corriger_lot(reponse, sujet, sur), sur=sur, criteres=criteres, quoi="la saisie du lot"
        )
    raise KeyError(f"Question inconnue : {question}")
