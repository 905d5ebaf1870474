"""Sujets du bloc 4 (accueil, relation client, organisation administrative) : les données de chaque apprenant.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) et de l'entreprise
fictive qu'elle engendre (:func:`compta_kernel.donnees_fictives.generer_dossier`). Les réponses
attendues ne sont pas ici : la correction du formateur les calcule avec le noyau
(:mod:`compta_kernel.penalites`, :mod:`compta_kernel.relances`).
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from compta_kernel.donnees_fictives import Entreprise, Facture, Tiers, generer_dossier
from compta_kernel.presentation import format_date, format_montant, format_taux
from compta_kernel.redaction import normaliser
from compta_kernel.reunions import Participant, agenda_ics, creneaux_libres

EXERCICE = 2026
#: Dernier jour où le taux par défaut (BCE + 10 points) est connu dans les données du cours
#: (le taux de la BCE au 1er juillet 2026 n'est pas confirmé : voir ``regles/2026/bce.yaml``).
DERNIER_JOUR_TAUX_CONNU = dt.date(2026, 6, 30)
#: Taux des conditions générales de vente quand la lettre tombe au second semestre.
TAUX_CGV = Decimal("0.12")


@dataclass(frozen=True)
class SujetRelance:
    """Une facture de vente impayée de l'entreprise de l'apprenant, à relancer.

    Attributes:
        entreprise: le créancier (l'entreprise fictive de l'apprenant).
        client: le client débiteur.
        facture: la facture impayée (numéro, dates, net à payer).
        date_lettre: date de la lettre ; les pénalités sont arrêtées ce jour-là.
        niveau: étape du plan de relance (``"seconde_relance"``).
        demarches: démarches déjà faites, datées.
        taux: taux des pénalités prévu par les conditions de vente, ou ``None`` (taux légal par défaut).
        signataire: qui signe la lettre.
    """

    entreprise: Entreprise
    client: Tiers
    facture: Facture
    date_lettre: dt.date
    niveau: str
    demarches: tuple[str, ...]
    taux: Decimal | None
    signataire: str

    def _repr_html_(self) -> str:
        e = html.escape
        f, c = self.facture, self.client
        taux = (
            "taux des conditions générales de vente : " + format_taux(self.taux)
            if self.taux is not None
            else "aucun taux dans les conditions de vente : taux légal par défaut"
        )
        lignes = [
            (
                "Votre entreprise (créancier)",
                f"{self.entreprise.raison_sociale} — {', '.join(self.entreprise.adresse.lignes())}",
            ),
            ("Client", f"{c.raison_sociale} — {', '.join(c.adresse.lignes())} — contact : {c.contact}"),
            (
                "Facture",
                f"n° {f.numero} du {format_date(f.date_emission)}, {format_montant(f.net_a_payer)} TTC",
            ),
            ("Échéance", f"{format_date(f.date_echeance)} ({f.conditions.libelle}) — non réglée"),
            ("Pénalités de retard", taux),
            ("Démarches déjà faites", " ; ".join(self.demarches)),
            (
                "Lettre à rédiger",
                f"seconde relance datée du {format_date(self.date_lettre)}, signée {self.signataire}",
            ),
        ]
        corps = "".join(f"<tr><th style='text-align:left'>{e(a)}</th><td>{e(b)}</td></tr>" for a, b in lignes)
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:52em;font-family:sans-serif">'
            f"<strong>Dossier de relance — {e(self.entreprise.raison_sociale)}</strong><table>{corps}</table></div>"
        )


def relance(graine: bytes) -> SujetRelance:
    """Le dossier de relance de l'apprenant : la facture de vente aux échéances les plus anciennes."""
    dossier = generer_dossier(graine, exercice=EXERCICE)
    hasard = random.Random(graine + b"|b4_relance")
    facture = min(dossier.factures_vente, key=lambda f: (f.date_echeance, f.numero))
    echeance = facture.date_echeance
    date_lettre = echeance + dt.timedelta(days=hasard.randrange(20, 46))
    taux = None if date_lettre <= DERNIER_JOUR_TAUX_CONNU else TAUX_CGV
    client = facture.acheteur
    dirigeant = dossier.entreprise.dirigeant
    demarches = (
        f"envoi de la facture n° {facture.numero} le {format_date(facture.date_emission)}",
        f"relance amiable par courriel le {format_date(echeance + dt.timedelta(days=8))}",
        f"appel téléphonique à {client.contact} le {format_date(echeance + dt.timedelta(days=15))}",
    )
    return SujetRelance(
        dossier.entreprise,
        client,
        facture,
        date_lettre,
        "seconde_relance",
        demarches,
        taux,
        f"{dirigeant.prenom} {dirigeant.nom}, {dirigeant.fonction}",
    )


# ----------------------------------------------------------------------------- outils communs
def _tableau_html(titre: str, lignes: list[tuple[str, str]]) -> str:
    e = html.escape
    corps = "".join(
        f"<tr><th style='text-align:left;vertical-align:top'>{e(a)}</th><td style='white-space:pre-wrap'>"
        f"{e(b)}</td></tr>"
        for a, b in lignes
    )
    return (
        '<div style="border:1px solid #999;padding:0.8em;max-width:56em;font-family:sans-serif">'
        f"<strong>{e(titre)}</strong><table>{corps}</table></div>"
    )


def _courriel_de(prenom: str, nom: str, entreprise: Entreprise) -> str:
    domaine = entreprise.email.split("@", 1)[1]
    local = ".".join(re.sub(r"[^a-z0-9]+", "-", normaliser(x)).strip("-") for x in (prenom, nom))
    return f"{local}@{domaine}"


def _equipe(dossier) -> dict[str, Participant]:
    """L'équipe de l'entreprise : l'apprenant (assistant comptable), un collègue, le dirigeant."""
    e = dossier.entreprise
    vous, collegue = dossier.salaries[0], dossier.salaries[1]
    d = e.dirigeant
    return {
        "vous": Participant(f"{vous.prenom} {vous.nom}", _courriel_de(vous.prenom, vous.nom, e), "assistant(e) comptable"),
        "collegue": Participant(
            f"{collegue.prenom} {collegue.nom}", _courriel_de(collegue.prenom, collegue.nom, e), collegue.emploi
        ),
        "dirigeant": Participant(f"{d.prenom} {d.nom}", d.email, d.fonction),
    }


@dataclass(frozen=True)
class Demande:
    """Une demande reçue par courriel, à laquelle l'apprenant répond.

    Attributes:
        de: qui écrit (nom, fonction, entreprise).
        objet, texte: l'objet et le corps du message reçu.
        externe: client ou fournisseur (``True``) ou collègue (``False``).
        facture: la facture dont parle la demande (la réponse en donne le numéro, le montant, l'échéance).
        destinataire: à qui répondre (« Madame Hubert », ou le prénom d'un collègue).
    """

    de: str
    objet: str
    texte: str
    externe: bool
    facture: Facture
    destinataire: str


#: Lundis des semaines où se cherche une réunion (certaines ont un jour férié : 1er et 8 mai, Ascension, Pentecôte).
SEMAINES_REUNION = tuple(
    dt.date(2026, m, j)
    for m, j in ((3, 9), (3, 16), (4, 13), (4, 27), (5, 4), (5, 11), (5, 25), (6, 8), (6, 15))
)


@dataclass(frozen=True)
class SujetReunion:
    """Une réunion à organiser : participants, agendas .ics fournis, période, contenu.

    Attributes:
        agendas: ``(nom du fichier, contenu .ics)`` de l'organisateur et de chaque participant.
        du, au: première et dernière dates possibles ; ``duree`` : durée de la réunion.
    """

    objet: str
    organisateur: Participant
    participants: tuple[Participant, ...]
    agendas: tuple[tuple[str, bytes], ...]
    du: dt.date
    au: dt.date
    duree: dt.timedelta
    lieu: str
    lien: str
    ordre_du_jour: tuple[str, ...]
    documents: tuple[str, ...]

    def ecrire_agendas(self, dossier: str | Path = ".") -> tuple[Path, ...]:
        """Écrit les agendas .ics dans ``dossier`` et renvoie leurs chemins."""
        chemins = []
        for nom, contenu in self.agendas:
            chemin = Path(dossier) / nom
            chemin.write_bytes(contenu)
            chemins.append(chemin)
        return tuple(chemins)

    def lignes(self) -> list[tuple[str, str]]:
        """Les lignes du dossier de réunion (pour l'affichage)."""
        minutes = int(self.duree.total_seconds() // 60)
        return [
            ("Réunion", self.objet),
            ("Organisateur", f"{self.organisateur.nom} ({self.organisateur.email})"),
            (
                "Participants",
                "\n".join(f"{p.nom}, {p.fonction} ({p.email})" for p in self.participants),
            ),
            ("Période", f"du {format_date(self.du)} au {format_date(self.au)}, durée {minutes} minutes"),
            ("Agendas fournis", ", ".join(nom for nom, _ in self.agendas)),
            ("Lieu", self.lieu or "à distance"),
            ("Lien de visioconférence", self.lien or "aucun"),
            ("Ordre du jour", "\n".join(f"{i}. {p}" for i, p in enumerate(self.ordre_du_jour, 1))),
            ("Documents à préparer", "\n".join(f"- {d}" for d in self.documents)),
        ]

    def _repr_html_(self) -> str:
        return _tableau_html("Réunion à organiser", self.lignes())


def _agenda_aleatoire(hasard: random.Random, nom: str, du: dt.date, charge: int) -> bytes:
    evenements = []
    for i in range(5):
        jour = du + dt.timedelta(days=i)
        for _ in range(hasard.randrange(0, charge + 1)):
            debut = dt.datetime.combine(jour, dt.time(9)) + dt.timedelta(minutes=30 * hasard.randrange(0, 16))
            fin = debut + dt.timedelta(minutes=30 * hasard.randrange(2, 6))
            evenements.append((hasard.choice(_OCCUPATIONS), debut, fin))
    return agenda_ics(evenements, nom)


_OCCUPATIONS = (
    "Rendez-vous client",
    "Saisie des pièces",
    "Point hebdomadaire",
    "Formation",
    "Rendez-vous banque",
    "Inventaire",
    "Déplacement",
)


def _reunion(
    hasard: random.Random,
    objet: str,
    organisateur: Participant,
    participants: tuple[Participant, ...],
    *,
    lieu: str,
    lien: str,
    ordre_du_jour: tuple[str, ...],
    documents: tuple[str, ...],
) -> SujetReunion:
    """Une réunion dont les agendas laissent au moins un créneau commun (les agendas s'allègent sinon)."""
    du = hasard.choice(SEMAINES_REUNION)
    au = du + dt.timedelta(days=4)
    duree = dt.timedelta(minutes=hasard.choice((60, 90)))
    for charge in (3, 2, 1, 0):
        agendas = tuple(
            (
                f"agenda_{re.sub(r'[^a-z0-9]+', '_', normaliser(p.nom))}.ics",
                _agenda_aleatoire(hasard, p.nom, du, charge),
            )
            for p in (organisateur, *participants)
        )
        if creneaux_libres([a for _, a in agendas], du, au, duree):
            break
    return SujetReunion(
        objet, organisateur, participants, agendas, du, au, duree, lieu, lien, ordre_du_jour, documents
    )


# ----------------------------------------------------------------------------- b4_messages_reunion
@dataclass(frozen=True)
class SujetMessagesReunion:
    """Deux demandes à traiter (un client, un collègue) et une réunion à organiser.

    Attributes:
        entreprise: l'entreprise de l'apprenant.
        vous: l'apprenant (assistant comptable) : il signe et organise.
        demande_client, demande_interne: les messages reçus.
        reunion: la réunion à organiser.
        operations: les tâches d'accueil pour lesquelles choisir un outil collaboratif.
        appel: l'appel téléphonique reçu (question rédigée, corrigée par le formateur).
    """

    entreprise: Entreprise
    vous: Participant
    demande_client: Demande
    demande_interne: Demande
    reunion: SujetReunion
    operations: tuple[str, ...]
    appel: str

    def _repr_html_(self) -> str:
        lignes = [
            ("Votre entreprise", f"{self.entreprise.raison_sociale} — {', '.join(self.entreprise.adresse.lignes())}"),
            ("Vous", f"{self.vous.nom}, {self.vous.fonction} ({self.vous.email})"),
        ]
        for titre, d in (("Demande du client", self.demande_client), ("Demande interne", self.demande_interne)):
            lignes.append((titre, f"De : {d.de}\nObjet : {d.objet}\n\n{d.texte}"))
        lignes.append(("Appel téléphonique", self.appel))
        lignes.append(("Outils à choisir pour", ", ".join(o.replace("_", " ") for o in self.operations)))
        return _tableau_html(f"Dossier d'accueil — {self.entreprise.raison_sociale}", lignes) + self.reunion._repr_html_()


def _demande_client(dossier, hasard: random.Random) -> Demande:
    facture = hasard.choice(dossier.factures_vente)
    client = facture.acheteur
    c = client.contact
    texte = (
        f"Bonjour,\n\nNous ne retrouvons pas votre facture n° {facture.numero}. Pourriez-vous nous en envoyer "
        "un duplicata et nous confirmer son montant et sa date d'échéance ? Notre service paiera à réception.\n\n"
        f"Cordialement,\n{c.prenom} {c.nom}\n{c.fonction} — {client.raison_sociale}"
    )
    return Demande(
        f"{c.prenom} {c.nom}, {c.fonction}, {client.raison_sociale} ({c.email})",
        f"Duplicata de la facture {facture.numero}",
        texte,
        True,
        facture,
        f"{'Madame' if c.civilite.startswith('Mme') else 'Monsieur'} {c.nom}",
    )


def _demande_interne(dossier, hasard: random.Random, dirigeant: Participant) -> Demande:
    facture = hasard.choice(dossier.factures_achat)
    prenom = dirigeant.nom.split()[0]
    texte = (
        f"Bonjour,\n\nLe fournisseur {facture.vendeur.raison_sociale} m'appelle au sujet de sa facture "
        f"n° {facture.numero}. Peux-tu me dire son montant et la date à laquelle nous devons la payer, et "
        f"préparer le règlement ?\n\nMerci,\n{prenom}"
    )
    return Demande(
        f"{dirigeant.nom}, {dirigeant.fonction} ({dirigeant.email})",
        f"Facture {facture.numero} de {facture.vendeur.raison_sociale}",
        texte,
        False,
        facture,
        prenom,
    )


#: Tâches d'accueil et de relation client pour le choix d'un outil collaboratif (B4.1-K04).
OPERATIONS_ACCUEIL = ("prise_de_rendez_vous", "organisation_reunion", "reponse_client", "question_interne_rapide")


def messages_reunion(graine: bytes) -> SujetMessagesReunion:
    """Le dossier d'accueil de l'apprenant : deux demandes, un appel, une réunion interne avec un client."""
    dossier = generer_dossier(graine, exercice=EXERCICE)
    hasard = random.Random(graine + b"|b4_messages_reunion")
    e = dossier.entreprise
    equipe = _equipe(dossier)
    demande_client = _demande_client(dossier, hasard)
    demande_interne = _demande_interne(dossier, hasard, equipe["dirigeant"])
    client = hasard.choice(dossier.clients)
    reunion = _reunion(
        hasard,
        f"Revue des comptes clients — {client.raison_sociale}",
        equipe["vous"],
        (equipe["dirigeant"], equipe["collegue"]),
        lieu=f"Salle de réunion, {', '.join(e.adresse.lignes())}",
        lien="",
        ordre_du_jour=(
            f"Factures non réglées de {client.raison_sociale}",
            "Plan de relance et délais accordés",
            "Questions diverses",
        ),
        documents=("Balance âgée des clients", f"Extrait du compte {client.code}"),
    )
    article = hasard.choice(dossier.catalogue).designation
    contact = demande_client.facture.acheteur.contact
    appel = (
        f"{contact.prenom} {contact.nom} ({demande_client.facture.acheteur.raison_sociale}) appelle, mécontent : "
        f"la livraison « {article} » est incomplète et il ne paiera pas avant d'être livré. Votre collègue "
        f"{equipe['collegue'].nom} ({equipe['collegue'].fonction}), qui suit ce client, est absent jusqu'à demain."
    )
    return SujetMessagesReunion(
        e, equipe["vous"], demande_client, demande_interne, reunion, OPERATIONS_ACCUEIL, appel
    )
