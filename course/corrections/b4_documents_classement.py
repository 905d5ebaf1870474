"""Correction du devoir « b4_documents_classement » (formateur uniquement, jamais diffusé).

Q1 : le devis (B4.2-K01) — mentions contrôlées par
:func:`compta_kernel.documents_commerciaux.verifier_document_commercial`, puis numéro, date,
validité, parties et lignes comparés au dossier. Q2 : le bon de commande du client qui accepte
le devis (B4.2-K01). Q3 : circuit de signature et de paiement de la facture fournisseur
(B4.2-K02, :func:`compta_kernel.circuits.verifier_circuit` : actions dans l'ordre, un acteur de
l'équipe et un outil adapté par étape, séparation des tâches). Q4 : outils collaboratifs de
diffusion (B4.2-K03). Q5 : plan de classement et nommage (B4.2-K04,
:func:`compta_kernel.archivage.verifier_plan_de_classement`, :func:`~compta_kernel.archivage.nom_fichier`).
Q6 : archive des factures soldées (B4.2-K05 : seules les lettrées, nommées selon la
convention, conservées 10 ans après la clôture, C. com. L123-22). Q7 (procédure écrite) est
corrigée à la main avec le barème du carnet.
"""

import contextlib
import datetime as dt
from collections.abc import Mapping

from compta_kernel.archivage import duree_conservation, nom_fichier, verifier_plan_de_classement
from compta_kernel.circuits import verifier_circuit
from compta_kernel.documents_commerciaux import BonDeCommande, Devis, verifier_document_commercial
from compta_kernel.presentation import format_date, lire_date
from compta_kernel.redaction import Controle, Manque, normaliser
from graders import accueil, sujets_accueil
from graders.verdict import Verdict, evaluer

DEVOIR = "b4_documents_classement"
QUESTIONS = {
    "q1": ("B4.2-K01",),
    "q2": ("B4.2-K01",),
    "q3": ("B4.2-K02",),
    "q4": ("B4.2-K03",),
    "q5": ("B4.2-K04",),
    "q6": ("B4.2-K05",),
}


def _exiger(verifies: list, manques: list, ok: bool, element: str, message: str, critere: str) -> None:
    if ok:
        verifies.append(element)
    else:
        manques.append(Manque(element, message, critere))


def _document(reponse, genre: str):
    if not isinstance(reponse, Mapping) or not reponse:
        raise NotImplementedError
    if reponse.get("genre") != genre:
        raise TypeError(f"attendu : un objet {'Devis' if genre == 'devis' else 'BonDeCommande'}")
    return accueil.document_commercial(reponse)


def _lignes_justes(document, sujet, verifies, manques) -> None:
    attendues = {
        (normaliser(a.designation), a.prix_unitaire_ht, a.taux(sujet.date_devis), q)
        for a, q in sujet.articles
    }
    donnees = {
        (normaliser(lg.designation), lg.prix_unitaire_ht, lg.taux_tva, lg.quantite) for lg in document.lignes
    }
    _exiger(
        verifies,
        manques,
        donnees == attendues,
        "lignes_du_dossier",
        "Les lignes ne sont pas celles du dossier (désignation, quantité, prix unitaire HT, taux de TVA du jour).",
        "B4.2-K01",
    )


def _corriger_devis(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q1"]

    def corriger() -> Verdict:
        devis: Devis = _document(reponse, "devis")
        controle = verifier_document_commercial(devis)
        verifies, manques = [], []
        e, c = sujet.entreprise, sujet.client
        _exiger(verifies, manques, devis.numero == sujet.numero_devis, "numero_du_dossier",
                f"Le numéro du devis est {sujet.numero_devis}.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, devis.date == sujet.date_devis, "date_du_dossier",
                f"Le devis est daté du {format_date(sujet.date_devis)}.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, devis.validite_jours == sujet.validite_jours, "validite_du_dossier",
                f"L'offre est valable {sujet.validite_jours} jours.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, devis.emetteur.nom == e.raison_sociale and devis.emetteur.siren == e.siren,
                "emetteur_identifie", "L'émetteur est votre entreprise, avec son SIREN.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, devis.client.nom == c.raison_sociale and c.adresse.code_postal in devis.client.adresse_complete,
                "client_du_dossier", f"Le destinataire est {c.raison_sociale}, avec son adresse.", "B4.2-K01")  # fmt: skip
        _lignes_justes(devis, sujet, verifies, manques)
        controle = Controle((*controle.verifies, *verifies), controle.manques)
        return accueil.verdict_controle(controle, sur, criteres, en_plus=manques)

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le devis")


def _corriger_bon(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q2"]

    def corriger() -> Verdict:
        bon: BonDeCommande = _document(reponse, "bon_de_commande")
        controle = verifier_document_commercial(bon)
        verifies, manques = [], []
        _exiger(verifies, manques, bon.numero == sujet.numero_commande and bon.date == sujet.date_commande,
                "numero_et_date", f"Le bon de commande est le n° {sujet.numero_commande} du "
                f"{format_date(sujet.date_commande)}.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, bon.emetteur.nom == sujet.client.raison_sociale, "emis_par_le_client",
                "Le bon de commande est émis par le client (l'acheteur), adressé à votre entreprise.", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, bon.reference_devis == sujet.numero_devis, "reference_devis",
                f"Le bon de commande rappelle le devis accepté ({sujet.numero_devis}).", "B4.2-K01")  # fmt: skip
        _exiger(verifies, manques, normaliser(sujet.signataire_client.split(",")[0]) in normaliser(bon.signataire),
                "signataire", f"Le bon est signé par {sujet.signataire_client}.", "B4.2-K01")  # fmt: skip
        _lignes_justes(bon, sujet, verifies, manques)
        controle = Controle((*controle.verifies, *verifies), controle.manques)
        return accueil.verdict_controle(controle, sur, criteres, en_plus=manques)

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le bon de commande")


def _corriger_circuit(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q3"]

    def corriger() -> Verdict:
        if not reponse:
            raise NotImplementedError
        controle = verifier_circuit(reponse)
        membres = {normaliser(n) for n in sujet.equipe.values()} | {normaliser(f) for f in sujet.equipe}
        etrangers = [
            Manque(
                f"equipe:{e.get('acteur')}",
                f"« {e.get('acteur')} » n'est pas dans l'équipe du dossier.",
                "B4.2-K02",
            )
            for e in reponse
            if isinstance(e, Mapping) and normaliser(str(e.get("acteur", ""))) not in membres
        ]

        # Moitié des points : étapes, ordre, acteurs et outils ; moitié : la séparation des tâches,
        # sans laquelle le circuit n'est pas un contrôle.
        def partie(separation: bool) -> Controle:
            def garder(element: str) -> bool:
                return element.startswith("separation:") == separation

            return Controle(
                tuple(e for e in controle.verifies if garder(e)),
                tuple(m for m in controle.manques if garder(m.element)),
            )

        return accueil.verdict_controle(partie(False), sur / 2, criteres, en_plus=etrangers).combiner(
            accueil.verdict_controle(partie(True), sur / 2, criteres)
        )

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le circuit")


def noms_attendus(sujet) -> dict[str, str]:
    """Les noms de fichiers du devis et du bon de commande selon la convention du cours."""
    c = sujet.client.raison_sociale
    return {
        "devis": nom_fichier(sujet.date_devis, "DEVIS", c, sujet.numero_devis),
        "bon_de_commande": nom_fichier(sujet.date_commande, "BC", c, sujet.numero_commande),
    }


def _corriger_plan(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q5"]
    reponse = reponse if isinstance(reponse, Mapping) else {}

    def corriger() -> Verdict:
        if not reponse.get("plan"):
            raise NotImplementedError
        controle = verifier_plan_de_classement(reponse["plan"], exercice=sujet.date_devis.year)
        noms = reponse.get("noms") if isinstance(reponse.get("noms"), Mapping) else {}
        verifies, manques = [], []
        for quoi, attendu in noms_attendus(sujet).items():
            _exiger(verifies, manques, noms.get(quoi) == attendu, f"nom:{quoi}",
                    f"Nom du fichier du {quoi.replace('_', ' ')} : {noms.get(quoi) or 'absent'} ; la convention "
                    "AAAA-MM-JJ_CODE_TIERS_NUMERO.pdf donne un autre nom.", "B4.2-K04")  # fmt: skip
        return accueil.verdict_controle(Controle((*controle.verifies, *verifies), controle.manques), sur, criteres,
                                        en_plus=manques)  # fmt: skip

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le plan de classement")


def _corriger_archive(reponse, sujet, sur) -> Verdict:
    criteres = QUESTIONS["q6"]
    reponse = reponse if isinstance(reponse, Mapping) else {}

    def corriger() -> Verdict:
        archive = reponse.get("archive")
        if not archive:
            raise NotImplementedError
        archive = dict(archive)
        verifies, manques = [], []
        for f, regle in sujet.factures:
            if regle is None:
                _exiger(verifies, manques, f.numero not in archive, f"non_soldee:{f.numero}",
                        f"La facture {f.numero} n'est pas réglée : elle reste dans les factures en cours.", "B4.2-K05")  # fmt: skip
                continue
            attendu = nom_fichier(f.date_emission, "FAC-VTE", f.acheteur.raison_sociale, f.numero)
            _exiger(verifies, manques, f.numero in archive, f"soldee:{f.numero}",
                    f"La facture {f.numero} est soldée (lettrée) : elle passe à l'archive.", "B4.2-K05")  # fmt: skip
            if f.numero in archive:
                _exiger(verifies, manques, archive[f.numero] == attendu, f"nom:{f.numero}",
                        f"Le fichier archivé de la facture {f.numero} ne suit pas la convention de nommage.", "B4.2-K05")  # fmt: skip
        cloture = dt.date(sujet.date_devis.year, 12, 31)
        fin = duree_conservation("facture", cloture).fin(cloture)
        donnee = reponse.get("conserver_jusqu_au")
        with contextlib.suppress(ValueError, TypeError):  # date illisible : la remarque la cite telle quelle
            donnee = lire_date(donnee)
        _exiger(verifies, manques, donnee == fin, "duree",
                f"Conservation jusqu'au {format_date(donnee) if isinstance(donnee, dt.date) else donnee} : une "
                "facture se conserve 10 ans à compter de la clôture de l'exercice (C. com. L123-22).", "B4.2-K05")  # fmt: skip
        return accueil.verdict_controle(Controle(tuple(verifies), ()), sur, criteres, en_plus=manques)

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="l'archive des factures soldées")


def corriger(question: str, reponse: object, graine: bytes, *, sur) -> Verdict:
    """Corrige une question du devoir pour l'apprenant de cette graine."""
    sujet = sujets_accueil.documents_classement(graine)
    if question == "q1":
        return _corriger_devis(reponse, sujet, sur)
    if question == "q2":
        return _corriger_bon(reponse, sujet, sur)
    if question == "q3":
        return _corriger_circuit(reponse, sujet, sur)
    if question == "q4":
        return accueil.corriger_outils(reponse, sujet.operations, sur=sur, criteres=QUESTIONS["q4"])
    if question == "q5":
        return _corriger_plan(reponse, sujet, sur)
    if question == "q6":
        return _corriger_archive(reponse, sujet, sur)
    raise KeyError(f"Question inconnue : {question}")
