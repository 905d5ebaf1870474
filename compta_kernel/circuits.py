"""Circuits de validation et outils collaboratifs : qui prépare, valide, signe, paie, archive, et avec quoi.

Activités B4.1 et B4.2 (critères B4.2-K02 : le process de signature et de paiement est
opérationnel ; B4.2-K03 et B4.1-K04 : l'outil collaboratif est adapté à la nature de
l'opération).

Un circuit est une donnée : une suite d':class:`Etape` (action, acteur, outil). Il est
**opérationnel** quand chaque action attendue y figure dans l'ordre (préparer, valider,
signer, payer, archiver), que chaque étape a un acteur et un outil adapté, et que les
fonctions incompatibles sont séparées. Séparation des tâches (principe de contrôle interne,
pas une règle de droit : le référentiel COSO et les normes d'audit distinguent autorisation,
exécution, enregistrement et garde des actifs) : qui prépare (enregistre) ne valide pas et ne
paie pas ; qui valide (autorise) ne paie pas. Dans une très petite entreprise où le dirigeant
fait tout, le contrôle le signale : le formateur juge si la compensation (revue par
l'expert-comptable) suffit.

>>> c = circuit_type("facture_fournisseur")
>>> [(e.action, e.acteur) for e in c.etapes][:3]
[('preparer', 'assistant comptable'), ('valider', 'responsable des achats'), ('signer', 'dirigeant')]
>>> verifier_circuit(c).complete
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.redaction import Controle, Controleur, normaliser

#: Actions d'un circuit de signature et de paiement, dans l'ordre.
ACTIONS = ("preparer", "valider", "signer", "payer", "archiver")
LIBELLES_ACTIONS = {
    "preparer": "préparer (saisir, pré-imputer, rapprocher de la commande)",
    "valider": "valider (bon pour accord, service fait)",
    "signer": "signer (autoriser l'engagement ou le paiement)",
    "payer": "payer (exécuter le règlement)",
    "archiver": "archiver (classer la pièce soldée)",
}
#: Paires d'actions qu'une même personne ne doit pas tenir (séparation des tâches).
INCOMPATIBLES = (("preparer", "valider"), ("preparer", "payer"), ("valider", "payer"))

#: Outils collaboratifs et ce qu'ils apportent.
OUTILS = {
    "messagerie": "messagerie électronique : écrit daté, pièces jointes, destinataires externes",
    "messagerie_instantanee": "messagerie instantanée : échanges internes rapides, sans valeur de preuve",
    "agenda": "agenda partagé : disponibilités, invitations, rappels",
    "visioconference": "visioconférence : réunion à distance",
    "drive_partage": "espace de stockage partagé : documents de travail, droits d'accès par dossier",
    "ged": "gestion électronique des documents : classement, horodatage, archivage à valeur probante",
    "signature_electronique": "signature électronique : identification du signataire, intégrité, preuve",
    "portail_comptable": "portail ou logiciel comptable en ligne : pièces liées aux écritures, circuit de validation tracé",
    "banque_en_ligne": "banque en ligne : virements avec double validation, relevés",
}

#: Pour chaque opération : les outils adaptés et pourquoi (mots-clés attendus dans une justification).
OPERATIONS = {
    "prise_de_rendez_vous": (("agenda",), ("disponibilit", "invitation", "rappel")),
    "organisation_reunion": (("agenda", "visioconference"), ("disponibilit", "invitation", "distance")),
    "reponse_client": (("messagerie",), ("trace", "ecrit", "externe", "piece jointe")),
    "question_interne_rapide": (("messagerie_instantanee", "messagerie"), ("rapid", "interne", "immediat")),
    "partage_pieces_justificatives": (
        ("portail_comptable", "ged", "drive_partage"),
        ("trac", "droit", "acces", "centralis", "confidential"),
    ),
    "diffusion_etats_financiers": (
        ("portail_comptable", "drive_partage"),
        ("droit", "acces", "confidential", "version"),
    ),
    "signature_document": (("signature_electronique",), ("preuve", "integrit", "identif", "valeur")),
    "validation_facture": (
        ("portail_comptable", "signature_electronique"),
        ("trac", "circuit", "valid", "preuve"),
    ),
    "paiement": (("banque_en_ligne",), ("double", "securi", "valid", "trac")),
    "archivage": (("ged",), ("probant", "horodat", "integrit", "conservation", "duree")),
    "relance_client": (("messagerie", "portail_comptable"), ("trace", "date", "preuve", "ecrit")),
}


#: Les racines cherchées dans une justification, telles qu'on les écrit dans un message à l'apprenant.
MOTS_JUSTIFICATION = {
    "disponibilit": "disponibilités",
    "rapid": "rapidité",
    "immediat": "réponse immédiate",
    "trac": "traçabilité",
    "trace": "trace écrite",
    "ecrit": "écrit",
    "piece jointe": "pièce jointe",
    "acces": "accès",
    "droit": "droits d'accès",
    "centralis": "centralisation",
    "confidential": "confidentialité",
    "integrit": "intégrité",
    "identif": "identification du signataire",
    "valeur": "valeur juridique",
    "valid": "validation",
    "double": "double validation",
    "securi": "sécurité",
    "probant": "valeur probante",
    "horodat": "horodatage",
    "duree": "durée de conservation",
}


class ErreurCircuit(ErreurComptable, ValueError):
    """Un circuit ou une opération inconnus."""


@dataclass(frozen=True)
class Etape:
    """Une étape d'un circuit : une action, qui la fait, avec quel outil."""

    action: str
    acteur: str
    outil: str = ""


@dataclass(frozen=True)
class Circuit:
    """Le circuit de signature et de paiement d'un type de document."""

    document: str
    etapes: tuple[Etape, ...]


#: Circuits types d'une PME (acteurs par fonction).
_CIRCUITS = {
    "facture_fournisseur": (
        ("preparer", "assistant comptable", "portail_comptable"),
        ("valider", "responsable des achats", "portail_comptable"),
        ("signer", "dirigeant", "signature_electronique"),
        ("payer", "responsable financier", "banque_en_ligne"),
        ("archiver", "assistant comptable", "ged"),
    ),
    "note_de_frais": (
        ("preparer", "salarié", "portail_comptable"),
        ("valider", "responsable hiérarchique", "portail_comptable"),
        ("signer", "dirigeant", "signature_electronique"),
        ("payer", "responsable financier", "banque_en_ligne"),
        ("archiver", "assistant comptable", "ged"),
    ),
    "devis_client": (
        ("preparer", "assistant commercial", "drive_partage"),
        ("valider", "responsable commercial", "portail_comptable"),
        ("signer", "dirigeant", "signature_electronique"),
        ("payer", "client", "banque_en_ligne"),
        ("archiver", "assistant comptable", "ged"),
    ),
}


def circuit_type(document: str) -> Circuit:
    """Le circuit type d'un document (``"facture_fournisseur"``, ``"note_de_frais"``, ``"devis_client"``)."""
    if document not in _CIRCUITS:
        raise ErreurCircuit(
            f"Pas de circuit type pour « {document} » : choisissez parmi {', '.join(_CIRCUITS)}.",
            champ="document",
        )
    return Circuit(document, tuple(Etape(*e) for e in _CIRCUITS[document]))


def _etapes(circuit: Circuit | Iterable[Mapping | Etape]) -> tuple[Etape, ...]:
    brutes = circuit.etapes if isinstance(circuit, Circuit) else tuple(circuit)
    etapes = []
    for e in brutes:
        if isinstance(e, Etape):
            etapes.append(e)
        else:
            etapes.append(Etape(str(e.get("action", "")), str(e.get("acteur", "")), str(e.get("outil", ""))))
    return tuple(Etape(_action(e.action), e.acteur.strip(), _outil(e.outil)) for e in etapes)


def _action(texte: str) -> str:
    """« Validation », « signature », « règlement », « classement »... → l'action de :data:`ACTIONS`."""
    n = normaliser(texte)
    prefixes = {
        "prepar": "preparer",
        "saisi": "preparer",
        "valid": "valider",
        "approuv": "valider",
        "sign": "signer",
        "autoris": "signer",
        "pay": "payer",
        "paie": "payer",
        "regl": "payer",
        "archiv": "archiver",
        "class": "archiver",
    }
    return next((a for p, a in prefixes.items() if n.startswith(p)), n)


def _outil(texte: str) -> str:
    n = normaliser(texte).replace(" ", "_").replace("-", "_")
    if n in OUTILS:
        return n
    synonymes = {
        "mail": "messagerie",
        "courriel": "messagerie",
        "e_mail": "messagerie",
        "teams": "messagerie_instantanee",
        "slack": "messagerie_instantanee",
        "chat": "messagerie_instantanee",
        "drive": "drive_partage",
        "cloud": "drive_partage",
        "e_signature": "signature_electronique",
        "signature": "signature_electronique",
        "logiciel_comptable": "portail_comptable",
        "portail": "portail_comptable",
        "banque": "banque_en_ligne",
        "calendrier": "agenda",
        "visio": "visioconference",
    }
    return next((o for s, o in synonymes.items() if n.startswith(s)), n)


def verifier_circuit(circuit: Circuit | Iterable[Mapping | Etape]) -> Controle:
    """Les manques d'un circuit de signature et de paiement (B4.2-K02, outils B4.2-K03).

    Args:
        circuit: un :class:`Circuit`, ou la liste des étapes d'un apprenant
            (``{"action": "valider", "acteur": "...", "outil": "..."}``).

    Contrôle : chaque action présente et dans l'ordre ; un acteur et un outil connu par étape ;
    un outil adapté à l'action ; les fonctions incompatibles tenues par des personnes différentes.
    """
    c = Controleur("B4.2-K02")
    etapes = _etapes(circuit)
    actions = [e.action for e in etapes]
    for action in ACTIONS:
        c.exiger(action in actions, f"action:{action}", f"Étape manquante : {LIBELLES_ACTIONS[action]}.")
    presentes = [a for a in actions if a in ACTIONS]
    c.exiger(
        presentes == sorted(presentes, key=ACTIONS.index),
        "ordre",
        "Les étapes ne sont pas dans l'ordre : préparer, valider, signer, payer, archiver "
        "(on ne paie pas avant d'avoir validé et signé).",
    )
    for e in etapes:
        c.exiger(
            bool(e.acteur), f"acteur:{e.action}", f"L'étape « {e.action} » n'a pas d'acteur : qui la fait ?"
        )
        c.exiger(
            e.outil in OUTILS,
            f"outil:{e.action}",
            f"L'étape « {e.action} » n'a pas d'outil connu ({e.outil or 'aucun'}) : choisissez parmi "
            f"{', '.join(OUTILS)}.",
            "B4.2-K03",
        )
        adaptes = _OUTILS_PAR_ACTION.get(e.action, ())
        if e.outil in OUTILS and adaptes:
            c.exiger(
                e.outil in adaptes,
                f"outil:{e.action}",
                f"L'outil « {e.outil} » ne convient pas pour {LIBELLES_ACTIONS[e.action]} : préférez "
                f"{' ou '.join(adaptes)}.",
                "B4.2-K03",
            )
    acteurs = {}
    for e in etapes:
        acteurs.setdefault(e.action, set()).add(normaliser(e.acteur))
    for a, b in INCOMPATIBLES:
        communs = acteurs.get(a, set()) & acteurs.get(b, set())
        c.exiger(
            not communs,
            f"separation:{a}-{b}",
            f"Séparation des tâches : « {', '.join(sorted(communs))} » ne peut pas à la fois {a} et {b} "
            "(une même personne ne prépare, n'autorise et n'exécute pas le paiement).",
        )
    return c.resultat()


#: Outils adaptés à chaque action d'un circuit.
_OUTILS_PAR_ACTION = {
    "preparer": ("portail_comptable", "drive_partage", "ged"),
    "valider": ("portail_comptable", "signature_electronique"),
    "signer": ("signature_electronique",),
    "payer": ("banque_en_ligne",),
    "archiver": ("ged",),
}


@dataclass(frozen=True)
class ChoixOutil:
    """Les outils adaptés à une opération et les propriétés qui justifient le choix."""

    operation: str
    outils: tuple[str, ...]
    justifications: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.operation} : " + " ou ".join(OUTILS[o] for o in self.outils)


def outil_adapte(operation: str) -> ChoixOutil:
    """Les outils collaboratifs adaptés à une opération (B4.1-K04, B4.2-K03).

    >>> outil_adapte("signature_document").outils
    ('signature_electronique',)
    """
    if operation not in OPERATIONS:
        raise ErreurCircuit(
            f"Opération « {operation} » inconnue : choisissez parmi {', '.join(OPERATIONS)}.",
            champ="operation",
        )
    outils, mots = OPERATIONS[operation]
    return ChoixOutil(operation, outils, mots)


def verifier_choix_outil(operation: str, outil: str, justification: str = "") -> Controle:
    """Contrôle le choix d'un outil pour une opération et sa justification (B4.1-K04, B4.2-K03).

    La justification doit nommer une propriété de l'outil qui compte pour cette opération
    (traçabilité, valeur de preuve, droits d'accès, rapidité...).
    """
    c = Controleur("B4.2-K03")
    choix = outil_adapte(operation)
    retenu = _outil(outil)
    c.exiger(
        retenu in choix.outils,
        "outil",
        f"« {outil} » ne convient pas pour l'opération « {operation.replace('_', ' ')} » : {choix}.",
    )
    n = normaliser(justification)
    c.exiger(
        any(m in n for m in choix.justifications),
        "justification",
        "La justification ne dit pas ce qui rend l'outil adapté à cette opération "
        f"(par exemple : {', '.join(MOTS_JUSTIFICATION.get(m, m) for m in choix.justifications[:3])}).",
    )
    return c.resultat()
