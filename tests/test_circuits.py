"""Circuits de signature et de paiement, séparation des tâches, choix des outils collaboratifs (B4.2-K02, K03, B4.1-K04)."""

from __future__ import annotations

import pytest

from compta_kernel.circuits import (
    OPERATIONS,
    Circuit,
    ErreurCircuit,
    Etape,
    circuit_type,
    outil_adapte,
    verifier_choix_outil,
    verifier_circuit,
)


@pytest.mark.parametrize("document", ["facture_fournisseur", "note_de_frais", "devis_client"])
def test_circuit_type__operationnel(document):
    circuit = circuit_type(document)
    assert [e.action for e in circuit.etapes] == ["preparer", "valider", "signer", "payer", "archiver"]
    assert verifier_circuit(circuit).complete


def test_circuit_type__inconnu():
    with pytest.raises(ErreurCircuit):
        circuit_type("bon de livraison")


def _apprenant():
    return [
        {"action": "Saisie", "acteur": "Claire (assistante comptable)", "outil": "logiciel comptable"},
        {"action": "Validation", "acteur": "Marc (responsable achats)", "outil": "portail"},
        {"action": "Signature", "acteur": "Mme Morel (gérante)", "outil": "e-signature"},
        {"action": "Paiement", "acteur": "Luc (trésorier)", "outil": "banque en ligne"},
        {"action": "Classement", "acteur": "Claire (assistante comptable)", "outil": "GED"},
    ]


def test_verifier_circuit__circuit_d_apprenant_en_mots_courants():
    assert verifier_circuit(_apprenant()).complete


def _sans(indice):
    etapes = _apprenant()
    del etapes[indice]
    return etapes


def _modifier(indice, **valeurs):
    etapes = _apprenant()
    etapes[indice] = {**etapes[indice], **valeurs}
    return etapes


FAUTES = {
    "action:valider": _sans(1),
    "action:payer": _sans(3),
    "action:archiver": _sans(4),
    "ordre": [_apprenant()[i] for i in (0, 3, 1, 2, 4)],
    "acteur:signer": _modifier(2, acteur=""),
    "outil:payer": _modifier(3, outil="messagerie instantanée"),
    "outil:archiver": _modifier(4, outil="clé USB"),
    "separation:preparer-valider": _modifier(1, acteur="Claire (assistante comptable)"),
    "separation:valider-payer": _modifier(3, acteur="Marc (responsable achats)"),
    "separation:preparer-payer": _modifier(3, acteur="Claire (assistante comptable)"),
}


@pytest.mark.parametrize("element", list(FAUTES))
def test_verifier_circuit__trouve_chaque_faute_semee(element):
    controle = verifier_circuit(FAUTES[element])
    assert element in controle.elements_manquants, str(controle)


def test_verifier_circuit__dirigeant_qui_fait_tout():
    seul = Circuit("facture", tuple(Etape(a, "dirigeant", o) for a, o in (
        ("preparer", "portail_comptable"), ("valider", "portail_comptable"), ("signer", "signature_electronique"),
        ("payer", "banque_en_ligne"), ("archiver", "ged"),
    )))  # fmt: skip
    manquants = verifier_circuit(seul).elements_manquants
    assert {"separation:preparer-valider", "separation:preparer-payer", "separation:valider-payer"} <= set(
        manquants
    )


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_outil_adapte__chaque_operation_a_un_outil_et_une_justification(operation):
    choix = outil_adapte(operation)
    assert choix.outils and choix.justifications
    assert verifier_choix_outil(operation, choix.outils[0], " ".join(choix.justifications)).complete


@pytest.mark.parametrize(
    ("operation", "outil", "justification", "manquant"),
    [
        ("signature_document", "messagerie", "pour la valeur de preuve", "outil"),
        ("archivage", "drive", "c'est pratique", "outil"),
        ("paiement", "banque en ligne", "c'est pratique", "justification"),
        ("prise_de_rendez_vous", "agenda partagé", "", "justification"),
    ],
)
def test_verifier_choix_outil__outil_ou_justification_inadaptes(operation, outil, justification, manquant):
    controle = verifier_choix_outil(operation, outil, justification)
    assert manquant in controle.elements_manquants


def test_verifier_choix_outil__justification_juste():
    controle = verifier_choix_outil(
        "partage_pieces_justificatives",
        "Portail comptable",
        "Les pièces sont centralisées et chaque accès est tracé.",
    )
    assert controle.complete


def test_outil_adapte__operation_inconnue():
    with pytest.raises(ErreurCircuit):
        outil_adapte("café")


def test_verifier_choix_outil__exemples_de_justification_en_mots_entiers():
    """Le message cite des mots que l'apprenant comprend (« disponibilités »), pas les racines cherchées (« disponibilit »)."""
    (manque,) = verifier_choix_outil("organisation_reunion", "agenda", "").manques
    assert "(par exemple : disponibilités, invitation, distance)" in manque.message
    (manque,) = verifier_choix_outil("partage_pieces_justificatives", "ged", "").manques
    assert "(par exemple : traçabilité, droits d'accès, accès)" in manque.message
