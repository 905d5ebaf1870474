"""Sujets du bloc 4 (accueil, relation client, organisation administrative) : les données de chaque apprenant.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) et de l'entreprise
fictive qu'elle engendre (:func:`compta_kernel.donnees_fictives.generer_dossier`). Les réponses
attendues ne sont pas ici : la correction du formateur les calcule avec le noyau
(:mod:`compta_kernel.penalites`, :mod:`compta_kernel.relances`, :mod:`compta_kernel.reunions`...).

- :func:`relance` : ``b4_relance`` (lettre de relance) ;
- :func:`messages_reunion` : ``b4_messages_reunion`` (demandes d'un client et du dirigeant, appel,
  réunion avec les agendas .ics des participants) ;
- :func:`documents_classement` : ``b4_documents_classement`` (devis, bon de commande, équipe du
  circuit de validation, opérations de diffusion, factures soldées ou non) ;
- :func:`examen_accueil` : ``b4_examen_accueil``, la mise en situation professionnelle du bloc
  (relance, réponse au client, visioconférence).
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
from compta_kernel.reunions import Participant, agenda_ics, creneaux_libres, jour_ouvre

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
        "vous": Participant(
            f"{vous.prenom} {vous.nom}", _courriel_de(vous.prenom, vous.nom, e), "assistant(e) comptable"
        ),
        "collegue": Participant(
            f"{collegue.prenom} {collegue.nom}",
            _courriel_de(collegue.prenom, collegue.nom, e),
            collegue.emploi,
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
    du: dt.date | None = None,
) -> SujetReunion:
    """Une réunion dont les agendas laissent au moins un créneau commun (les agendas s'allègent sinon).

    ``du`` : lundi de la semaine de recherche (par défaut, une des :data:`SEMAINES_REUNION`).
    """
    du = du or hasard.choice(SEMAINES_REUNION)
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
            (
                "Votre entreprise",
                f"{self.entreprise.raison_sociale} — {', '.join(self.entreprise.adresse.lignes())}",
            ),
            ("Vous", f"{self.vous.nom}, {self.vous.fonction} ({self.vous.email})"),
        ]
        for titre, d in (
            ("Demande du client", self.demande_client),
            ("Demande interne", self.demande_interne),
        ):
            lignes.append((titre, f"De : {d.de}\nObjet : {d.objet}\n\n{d.texte}"))
        lignes.append(("Appel téléphonique", self.appel))
        lignes.append(("Outils à choisir pour", ", ".join(o.replace("_", " ") for o in self.operations)))
        return (
            _tableau_html(f"Dossier d'accueil — {self.entreprise.raison_sociale}", lignes)
            + self.reunion._repr_html_()
        )


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
OPERATIONS_ACCUEIL = (
    "prise_de_rendez_vous",
    "organisation_reunion",
    "reponse_client",
    "question_interne_rapide",
)


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


# ----------------------------------------------------------------------------- b4_documents_classement
#: Opérations de diffusion et de traitement des données comptables (choix d'outil, B4.2-K03).
OPERATIONS_DIFFUSION = (
    "partage_pieces_justificatives",
    "diffusion_etats_financiers",
    "signature_document",
    "validation_facture",
    "paiement",
    "archivage",
)
#: Fonctions de l'équipe pour le circuit de la facture fournisseur.
FONCTIONS_CIRCUIT = (
    "assistant(e) comptable",
    "responsable des achats",
    "dirigeant(e)",
    "responsable financier",
)


@dataclass(frozen=True)
class SujetDocuments:
    """Un devis à présenter, sa commande, un circuit de validation, des outils, un classement.

    Attributes:
        articles: ``(article du catalogue, quantité)`` des lignes du devis.
        date_devis, numero_devis, validite_jours, conditions_paiement, delai_execution: le devis.
        date_commande, numero_commande, livraison, signataire_client: le bon de commande du client.
        equipe: ``{fonction: "Prénom Nom"}`` de l'entreprise (pour le circuit de la facture fournisseur).
        operations: opérations pour lesquelles choisir un outil collaboratif.
        factures: ``(facture de vente, date de règlement ou None)`` : les réglées sont soldées (lettrées).
    """

    entreprise: Entreprise
    client: Tiers
    articles: tuple[tuple[object, int], ...]
    date_devis: dt.date
    numero_devis: str
    validite_jours: int
    conditions_paiement: str
    delai_execution: str
    date_commande: dt.date
    numero_commande: str
    livraison: str
    signataire_client: str
    equipe: dict
    operations: tuple[str, ...]
    factures: tuple[tuple[Facture, dt.date | None], ...]

    def _repr_html_(self) -> str:
        lignes_devis = "\n".join(
            f"{a.designation} — {q} × {format_montant(a.prix_unitaire_ht)} HT, TVA {format_taux(a.taux(self.date_devis))}"
            for a, q in self.articles
        )
        factures = "\n".join(
            f"{f.numero} du {format_date(f.date_emission)} — {f.acheteur.raison_sociale} — "
            f"{format_montant(f.net_a_payer)} — "
            + (f"réglée le {format_date(r)} (lettrée)" if r else "non réglée")
            for f, r in self.factures
        )
        lignes = [
            (
                "Votre entreprise",
                f"{self.entreprise.raison_sociale} — {', '.join(self.entreprise.adresse.lignes())}",
            ),
            ("Client", f"{self.client.raison_sociale} — {', '.join(self.client.adresse.lignes())}"),
            (
                "Devis à établir",
                (
                    f"n° {self.numero_devis} du {format_date(self.date_devis)}, valable {self.validite_jours} jours\n"
                    f"{lignes_devis}\nConditions de paiement : {self.conditions_paiement}\n"
                    f"Délai d'exécution : {self.delai_execution}"
                ),
            ),
            (
                "Commande du client",
                (
                    f"bon de commande n° {self.numero_commande} du {format_date(self.date_commande)}, signé "
                    f"{self.signataire_client} ; livraison : {self.livraison}"
                ),
            ),
            ("Équipe", "\n".join(f"{fonction} : {nom}" for fonction, nom in self.equipe.items())),
            ("Outils à choisir pour", ", ".join(o.replace("_", " ") for o in self.operations)),
            ("Factures de vente à classer", factures),
        ]
        return _tableau_html(f"Dossier documents et classement — {self.entreprise.raison_sociale}", lignes)


def documents_classement(graine: bytes) -> SujetDocuments:
    """Le dossier de l'apprenant : devis, commande, équipe, opérations, factures de vente soldées ou non."""
    dossier = generer_dossier(graine, exercice=EXERCICE)
    hasard = random.Random(graine + b"|b4_documents_classement")
    client = hasard.choice(dossier.clients)
    articles = tuple((a, hasard.randrange(1, 6)) for a in hasard.sample(dossier.catalogue, 2))
    date_devis = dt.date(EXERCICE, hasard.randrange(3, 11), hasard.randrange(1, 29))
    validite = hasard.choice((30, 45, 60))
    date_commande = date_devis + dt.timedelta(days=hasard.randrange(3, validite))
    contact = client.contact
    personnes = [f"{s.prenom} {s.nom}" for s in dossier.salaries[:3]]
    dirigeant = dossier.entreprise.dirigeant
    equipe = dict(
        zip(
            FONCTIONS_CIRCUIT,
            (personnes[0], personnes[1], f"{dirigeant.prenom} {dirigeant.nom}", personnes[2]),
        )
    )
    factures = hasard.sample(dossier.factures_vente, 5)
    soldees = set(hasard.sample(range(5), 3))
    factures = tuple(
        (f, f.date_echeance - dt.timedelta(days=hasard.randrange(0, 10)) if i in soldees else None)
        for i, f in enumerate(sorted(factures, key=lambda f: f.numero))
    )
    return SujetDocuments(
        dossier.entreprise,
        client,
        articles,
        date_devis,
        f"D{EXERCICE}-{hasard.randrange(10, 200):03d}",
        validite,
        f"{client.conditions.libelle}, par {client.mode_reglement}",
        hasard.choice(
            ("livraison sous 10 jours ouvrés après accord", "exécution sous 15 jours après accord")
        ),
        date_commande,
        f"BC-{client.code}-{hasard.randrange(100, 999)}",
        ", ".join((client.adresse_livraison or client.adresse).lignes()),
        f"{contact.prenom} {contact.nom}, {contact.fonction}",
        equipe,
        tuple(hasard.sample(OPERATIONS_DIFFUSION, 3)),
        factures,
    )


# ----------------------------------------------------------------------------- b4_examen_accueil
@dataclass(frozen=True)
class SujetExamen:
    """La mise en situation professionnelle du bloc 4 : une relance, la réponse au client, une réunion.

    Attributes:
        relance: la facture à relancer (seconde relance), comme dans ``b4_relance``.
        demande_client: le courriel du client qui répond à la relance.
        reunion: la visioconférence à organiser avec le client et le dirigeant.
        operations: tâches de relation client pour lesquelles choisir un outil.
    """

    entreprise: Entreprise
    vous: Participant
    relance: SujetRelance
    demande_client: Demande
    reunion: SujetReunion
    operations: tuple[str, ...]

    def _repr_html_(self) -> str:
        d = self.demande_client
        lignes = [
            ("Vous", f"{self.vous.nom}, {self.vous.fonction} ({self.vous.email})"),
            ("Courriel du client (reçu après la lettre)", f"De : {d.de}\nObjet : {d.objet}\n\n{d.texte}"),
            ("Outils à choisir pour", ", ".join(o.replace("_", " ") for o in self.operations)),
        ]
        return (
            self.relance._repr_html_()
            + _tableau_html(f"Mise en situation — {self.entreprise.raison_sociale}", lignes)
            + self.reunion._repr_html_()
        )


#: Tâches de relation client de l'examen (choix d'outil, B4.1-K04).
OPERATIONS_EXAMEN = ("relance_client", "organisation_reunion", "reponse_client")


def examen_accueil(graine: bytes) -> SujetExamen:
    """La situation de l'apprenant : relancer une facture, répondre au client, organiser une visioconférence."""
    dossier = generer_dossier(graine, exercice=EXERCICE)
    hasard = random.Random(graine + b"|b4_examen_accueil")
    equipe = _equipe(dossier)
    facture = hasard.choice(sorted(dossier.factures_vente, key=lambda f: (f.date_echeance, f.numero))[:3])
    echeance = facture.date_echeance
    date_lettre = echeance + dt.timedelta(days=hasard.randrange(20, 46))
    while not jour_ouvre(date_lettre):
        date_lettre += dt.timedelta(days=1)
    client = facture.acheteur
    c = client.contact
    dirigeant = dossier.entreprise.dirigeant
    relance_sujet = SujetRelance(
        dossier.entreprise,
        client,
        facture,
        date_lettre,
        "seconde_relance",
        (
            f"envoi de la facture n° {facture.numero} le {format_date(facture.date_emission)}",
            f"relance amiable par courriel le {format_date(echeance + dt.timedelta(days=8))}",
        ),
        None if date_lettre <= DERNIER_JOUR_TAUX_CONNU else TAUX_CGV,
        f"{dirigeant.prenom} {dirigeant.nom}, {dirigeant.fonction}",
    )
    texte = (
        f"Bonjour,\n\nNous avons bien reçu votre lettre du {format_date(date_lettre)} au sujet de la facture "
        f"n° {facture.numero}. Pouvez-vous nous confirmer le montant total à régler, pénalités comprises, et la "
        "date limite ? Notre trésorerie est tendue ce mois-ci : nous souhaiterions en parler avec vous par "
        f"visioconférence.\n\nCordialement,\n{c.prenom} {c.nom}\n{c.fonction} — {client.raison_sociale}"
    )
    demande = Demande(
        f"{c.prenom} {c.nom}, {c.fonction}, {client.raison_sociale} ({c.email})",
        f"Votre relance — facture {facture.numero}",
        texte,
        True,
        facture,
        f"{'Madame' if c.civilite.startswith('Mme') else 'Monsieur'} {c.nom}",
    )
    lundi = date_lettre + dt.timedelta(days=7 - date_lettre.weekday())
    domaine = dossier.entreprise.email.split("@", 1)[1]
    reunion = _reunion(
        hasard,
        f"Règlement de la facture {facture.numero} — {client.raison_sociale}",
        equipe["vous"],
        (
            Participant(f"{c.prenom} {c.nom}", c.email, f"{c.fonction}, {client.raison_sociale}"),
            equipe["dirigeant"],
        ),
        lieu="",
        lien=f"https://visio.{domaine}/reglement-{facture.numero.lower()}",
        ordre_du_jour=(
            f"Facture n° {facture.numero} : montant dû et pénalités",
            "Proposition d'échéancier de paiement",
            "Suite de la relation commerciale",
        ),
        documents=(
            f"Lettre de relance du {format_date(date_lettre)}",
            f"Extrait du compte client {client.code}",
        ),
        du=lundi,
    )
    return SujetExamen(dossier.entreprise, equipe["vous"], relance_sujet, demande, reunion, OPERATIONS_EXAMEN)
