"""Réunions : créneaux libres dans les agendas, convocation, ordre du jour, invitation .ics.

Activité B4.1 « Organisation d'entretiens / de réunions » (critère B4.1-K03 : les
informations des documents qui organisent la réunion sont exhaustives).

1. **Créneaux libres** (:func:`creneaux_libres`) : les agendas des participants (fichiers
   .ics lus par ``icalendar`` ; événements récurrents développés par ``dateutil.rrule``)
   donnent les plages occupées ; un créneau est libre s'il tient dans les horaires de
   bureau d'un jour ouvré (ni samedi, ni dimanche, ni jour férié français, liste de la
   bibliothèque ``holidays``) et ne chevauche aucune occupation. Les horaires de bureau
   sont ceux de l'entreprise (par défaut 9 h – 12 h 30 et 14 h – 18 h) : aucun texte ne les
   fixe.
2. **Réunion** (:func:`planifier_reunion`) : le premier créneau libre, avec l'organisateur,
   les participants, le lieu ou le lien de visioconférence, l'ordre du jour et les
   documents à préparer ; rendue en convocation (texte), ordre du jour (HTML) et invitation
   iCalendar (RFC 5545, ``METHOD:REQUEST``).
3. **Contrôle** (:func:`verifier_invitation`, :func:`verifier_convocation`) : chaque élément
   manquant ou faux d'une invitation .ics ou d'une convocation rédigée par un apprenant.

Les heures sont celles de Paris (``Europe/Paris``) ; un événement .ics daté en UTC est
converti.

>>> import datetime as dt
>>> occupe = agenda_ics([("Client Durand", dt.datetime(2026, 5, 4, 9), dt.datetime(2026, 5, 4, 11))])
>>> [c.debut.strftime("%d/%m %H:%M") for c in creneaux_libres([occupe], "04/05/2026", "05/05/2026",
...     dt.timedelta(hours=1))][:2]
['04/05 11:00', '04/05 11:30']
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.presentation import format_date, lire_date
from compta_kernel.redaction import Controle, Controleur, dates_du_texte, lire_texte, normaliser, rendre

PARIS = ZoneInfo("Europe/Paris")
#: Horaires de bureau par défaut (convention de l'entreprise, aucun texte ne les fixe).
HORAIRES_BUREAU = ((dt.time(9), dt.time(12, 30)), (dt.time(14), dt.time(18)))
#: Pas entre deux débuts de créneaux proposés.
PAS = dt.timedelta(minutes=30)


class ErreurReunion(ErreurComptable, ValueError):
    """Une réunion impossible à planifier : période vide, durée nulle, aucun créneau libre."""


@dataclass(frozen=True)
class Participant:
    """Un participant (ou l'organisateur) d'une réunion.

    Attributes:
        nom: prénom et nom.
        email: adresse électronique (destinataire de l'invitation).
        fonction: fonction dans l'entreprise ou chez le client.
        obligatoire: présence requise (``ROLE=REQ-PARTICIPANT``) ou facultative.
    """

    nom: str
    email: str
    fonction: str = ""
    obligatoire: bool = True


@dataclass(frozen=True)
class Creneau:
    """Une plage horaire, heures de Paris (``datetime`` avec fuseau)."""

    debut: dt.datetime
    fin: dt.datetime

    def chevauche(self, autre: Creneau) -> bool:
        """Vrai si les deux plages ont un instant en commun (bornes exclues)."""
        return self.debut < autre.fin and autre.debut < self.fin

    def __str__(self) -> str:
        return f"{format_date(self.debut.date())} {self.debut:%H:%M}–{self.fin:%H:%M}"


# ----------------------------------------------------------------------------- jours ouvrés
@cache
def _feries(annee: int, subdivision: str | None) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("FR", subdiv=subdivision, years=annee, language="fr"))


def jour_ferie(jour: dt.date, subdivision: str | None = None) -> str:
    """Le nom du jour férié français de ``jour`` (``""`` sinon) ; ``subdivision`` : « 57 » pour la Moselle...

    >>> jour_ferie(dt.date(2026, 5, 14))
    'Ascension'
    """
    return _feries(jour.year, subdivision).get(jour, "")


def jour_ouvre(jour: dt.date, subdivision: str | None = None) -> bool:
    """Vrai du lundi au vendredi, hors jours fériés."""
    return jour.weekday() < 5 and not jour_ferie(jour, subdivision)


# ----------------------------------------------------------------------------- agendas
def _a_paris(valeur: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(valeur, dt.datetime):
        return dt.datetime.combine(valeur, dt.time(), PARIS)
    if valeur.tzinfo is None:
        return valeur.replace(tzinfo=PARIS)
    return valeur.astimezone(PARIS)


def _calendrier(agenda: object):
    from icalendar import Calendar

    if isinstance(agenda, Calendar):
        return agenda
    if isinstance(agenda, Path) or (
        isinstance(agenda, str) and agenda.endswith(".ics") and "\n" not in agenda
    ):
        agenda = Path(agenda).read_bytes()
    try:
        return Calendar.from_ical(agenda)
    except ValueError as exc:
        raise ErreurReunion(
            f"L'agenda n'est pas un fichier iCalendar (.ics) lisible : {exc}", champ="agenda"
        ) from exc


def occupations(agenda: object, debut: dt.date, fin: dt.date) -> tuple[Creneau, ...]:
    """Les plages occupées d'un agenda .ics (texte, octets, chemin ou ``Calendar``) entre deux dates incluses.

    Un événement ``TRANSP:TRANSPARENT`` (disponible) ou ``STATUS:CANCELLED`` ne bloque rien ;
    un événement sur des journées entières bloque ces journées ; une règle ``RRULE`` est
    développée (sauf ``EXDATE``).
    """
    from dateutil.rrule import rrulestr

    borne_debut = _a_paris(debut)
    borne_fin = _a_paris(fin + dt.timedelta(days=1))
    plages = []
    for evenement in _calendrier(agenda).walk("VEVENT"):
        if str(evenement.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(evenement.get("STATUS", "")).upper() == "CANCELLED":
            continue
        depart = _a_paris(evenement.decoded("DTSTART"))
        if "DTEND" in evenement:
            arrivee = _a_paris(evenement.decoded("DTEND"))
        elif "DURATION" in evenement:
            arrivee = depart + evenement.decoded("DURATION")
        else:
            arrivee = depart + dt.timedelta(days=1)
        duree = arrivee - depart
        departs = [depart]
        if "RRULE" in evenement:
            regle = evenement["RRULE"].to_ical().decode()
            exclus = set()
            for exdate in (
                evenement.get("EXDATE", [])
                if isinstance(evenement.get("EXDATE"), list)
                else [evenement.get("EXDATE")]
            ):
                if exdate is not None:
                    exclus |= {_a_paris(d.dt) for d in exdate.dts}
            departs = [
                d
                for d in rrulestr(regle, dtstart=depart).between(borne_debut - duree, borne_fin, inc=True)
                if d not in exclus
            ]
        plages += [Creneau(d, d + duree) for d in departs if d < borne_fin and d + duree > borne_debut]
    return tuple(sorted(plages, key=lambda c: c.debut))


def agenda_ics(evenements: Iterable[tuple[str, dt.datetime, dt.datetime]], nom: str = "Agenda") -> bytes:
    """Un agenda .ics minimal depuis des ``(titre, début, fin)`` (heures de Paris) : pour les exercices et tests."""
    from icalendar import Calendar, Event

    calendrier = Calendar()
    calendrier.add("PRODID", "-//Cours Assistant comptable//compta_kernel.reunions//FR")
    calendrier.add("VERSION", "2.0")
    calendrier.add("X-WR-CALNAME", nom)
    for i, (titre, debut, fin) in enumerate(evenements):
        evenement = Event()
        evenement.add("UID", f"{nom}-{i}@cours-assistant-comptable")
        evenement.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        evenement.add("SUMMARY", titre)
        evenement.add("DTSTART", _a_paris(debut))
        evenement.add("DTEND", _a_paris(fin))
        calendrier.add_component(evenement)
    return calendrier.to_ical()


def creneaux_libres(
    agendas: Sequence[object],
    debut: dt.date | str,
    fin: dt.date | str,
    duree: dt.timedelta,
    *,
    horaires: Sequence[tuple[dt.time, dt.time]] = HORAIRES_BUREAU,
    pas: dt.timedelta = PAS,
    subdivision: str | None = None,
) -> tuple[Creneau, ...]:
    """Tous les créneaux de ``duree`` libres dans chaque agenda, du ``debut`` au ``fin`` inclus.

    Un créneau commence toutes les ``pas`` minutes dans une plage des ``horaires`` et y
    tient en entier ; les samedis, dimanches et jours fériés français sont exclus.

    Raises:
        ErreurReunion: durée nulle ou période vide.
    """
    debut, fin = lire_date(debut), lire_date(fin)
    if duree <= dt.timedelta(0):
        raise ErreurReunion("La durée de la réunion doit être positive.", champ="duree")
    if fin < debut:
        raise ErreurReunion(
            f"La période de recherche est vide : du {format_date(debut)} au {format_date(fin)}.", champ="fin"
        )
    occupe = [c for agenda in agendas for c in occupations(agenda, debut, fin)]
    libres = []
    jour = debut
    while jour <= fin:
        if jour_ouvre(jour, subdivision):
            for ouverture, fermeture in horaires:
                depart = dt.datetime.combine(jour, ouverture, PARIS)
                limite = dt.datetime.combine(jour, fermeture, PARIS)
                while depart + duree <= limite:
                    creneau = Creneau(depart, depart + duree)
                    if not any(creneau.chevauche(o) for o in occupe):
                        libres.append(creneau)
                    depart += pas
        jour += dt.timedelta(days=1)
    return tuple(libres)


# ----------------------------------------------------------------------------- la réunion
@dataclass(frozen=True)
class Reunion:
    """Une réunion planifiée : tout ce que la convocation et l'invitation doivent dire (B4.1-K03).

    Attributes:
        objet: intitulé (« Revue des comptes clients »).
        organisateur: qui convoque.
        participants: les invités (sans l'organisateur).
        creneau: date et heures.
        lieu: salle et adresse ; ``lien``: lien de visioconférence (au moins l'un des deux).
        ordre_du_jour: les points, dans l'ordre.
        documents: documents à préparer ou à apporter.
        uid: identifiant unique de l'invitation (stable pour la mettre à jour).
    """

    objet: str
    organisateur: Participant
    participants: tuple[Participant, ...]
    creneau: Creneau
    lieu: str
    lien: str
    ordre_du_jour: tuple[str, ...]
    documents: tuple[str, ...]
    uid: str

    def _contexte(self) -> dict:
        return {
            "objet": self.objet,
            "organisateur": self.organisateur,
            "participants": self.participants,
            "jour": f"{_JOURS[self.creneau.debut.weekday()]} {format_date(self.creneau.debut.date())}",
            "heure_debut": f"{self.creneau.debut:%H:%M}",
            "heure_fin": f"{self.creneau.fin:%H:%M}",
            "lieu": self.lieu,
            "lien": self.lien,
            "ordre_du_jour": self.ordre_du_jour,
            "documents": self.documents,
            "appel": "Madame, Monsieur",
            "reponse_avant": format_date(_jour_ouvre_precedent(self.creneau.debut.date())),
        }

    def convocation(self) -> str:
        """La convocation en texte (gabarit ``convocation.txt.j2``)."""
        return rendre("convocation.txt.j2", **self._contexte()).strip() + "\n"

    def ordre_du_jour_html(self) -> str:
        """L'ordre du jour en HTML (gabarit ``ordre_du_jour.html.j2``)."""
        return rendre("ordre_du_jour.html.j2", **self._contexte())

    def _repr_html_(self) -> str:
        return self.ordre_du_jour_html()

    def description(self) -> str:
        """Description de l'invitation : ordre du jour numéroté et documents à préparer."""
        points = "\n".join(f"{i}. {p}" for i, p in enumerate(self.ordre_du_jour, 1))
        documents = "\n".join(f"- {d}" for d in self.documents)
        acces = f"\nLien de visioconférence : {self.lien}" if self.lien else ""
        return f"Ordre du jour :\n{points}\n\nDocuments à préparer :\n{documents}{acces}"

    def invitation_ics(self) -> bytes:
        """L'invitation iCalendar (``METHOD:REQUEST``) : organisateur, participants, lieu/lien, ordre du jour."""
        from icalendar import Calendar, Event, vCalAddress, vText

        calendrier = Calendar()
        calendrier.add("PRODID", "-//Cours Assistant comptable//compta_kernel.reunions//FR")
        calendrier.add("VERSION", "2.0")
        calendrier.add("METHOD", "REQUEST")
        evenement = Event()
        evenement.add("UID", self.uid)
        evenement.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        evenement.add("SUMMARY", self.objet)
        evenement.add("DTSTART", self.creneau.debut)
        evenement.add("DTEND", self.creneau.fin)
        organisateur = vCalAddress(f"mailto:{self.organisateur.email}")
        organisateur.params["CN"] = vText(self.organisateur.nom)
        evenement.add("ORGANIZER", organisateur)
        for p in self.participants:
            invite = vCalAddress(f"mailto:{p.email}")
            invite.params["CN"] = vText(p.nom)
            invite.params["ROLE"] = vText("REQ-PARTICIPANT" if p.obligatoire else "OPT-PARTICIPANT")
            invite.params["PARTSTAT"] = vText("NEEDS-ACTION")
            invite.params["RSVP"] = vText("TRUE")
            evenement.add("ATTENDEE", invite, encode=0)
        if self.lieu:
            evenement.add("LOCATION", self.lieu)
        if self.lien:
            evenement.add("URL", self.lien)
            if not self.lieu:
                evenement.add("LOCATION", self.lien)
        evenement.add("DESCRIPTION", self.description())
        calendrier.add_component(evenement)
        return calendrier.to_ical()


def _jour_ouvre_precedent(jour: dt.date) -> dt.date:
    """Le jour ouvré qui précède ``jour`` (date limite de réponse à une invitation)."""
    jour -= dt.timedelta(days=1)
    while not jour_ouvre(jour):
        jour -= dt.timedelta(days=1)
    return jour


_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def planifier_reunion(
    objet: str,
    organisateur: Participant,
    participants: Sequence[Participant],
    agendas: Sequence[object],
    *,
    duree: dt.timedelta,
    entre: tuple[dt.date | str, dt.date | str],
    lieu: str = "",
    lien: str = "",
    ordre_du_jour: Sequence[str] = (),
    documents: Sequence[str] = (),
    horaires: Sequence[tuple[dt.time, dt.time]] = HORAIRES_BUREAU,
    subdivision: str | None = None,
) -> Reunion:
    """Planifie une réunion au premier créneau libre de tous les agendas (B4.1-C03, B4.1-K03).

    Args:
        objet: intitulé de la réunion.
        organisateur, participants: qui convoque, qui est invité.
        agendas: les agendas .ics de l'organisateur et des participants.
        duree: durée de la réunion.
        entre: première et dernière date possibles.
        lieu, lien: salle (avec adresse) et/ou lien de visioconférence.
        ordre_du_jour: les points à traiter ; documents : ce que chacun prépare.

    Raises:
        ErreurReunion: objet vide, ni lieu ni lien, ordre du jour vide, aucun participant,
            ou aucun créneau libre dans la période (le message propose d'élargir la période).
    """
    manques = [
        quoi
        for quoi, ok in (
            ("l'objet", objet.strip()),
            ("un lieu ou un lien de visioconférence", lieu.strip() or lien.strip()),
            ("l'ordre du jour", ordre_du_jour),
            ("au moins un participant", participants),
        )
        if not ok
    ]
    if manques:
        raise ErreurReunion(f"Réunion incomplète : indiquez {', '.join(manques)}.", champ="reunion")
    debut, fin = entre
    libres = creneaux_libres(agendas, debut, fin, duree, horaires=horaires, subdivision=subdivision)
    if not libres:
        raise ErreurReunion(
            f"Aucun créneau libre de {int(duree.total_seconds() // 60)} minutes pour tous les participants "
            f"entre le {format_date(lire_date(debut))} et le {format_date(lire_date(fin))} : élargissez la "
            "période ou raccourcissez la réunion.",
            champ="entre",
        )
    creneau = libres[0]
    graine = f"{objet}|{creneau.debut.isoformat()}|{organisateur.email}"
    return Reunion(
        objet.strip(),
        organisateur,
        tuple(participants),
        creneau,
        lieu.strip(),
        lien.strip(),
        tuple(ordre_du_jour),
        tuple(documents),
        f"{uuid.uuid5(uuid.NAMESPACE_URL, graine)}@cours-assistant-comptable",
    )


# ----------------------------------------------------------------------------- contrôles
def verifier_invitation(
    invitation: object,
    *,
    horaires: Sequence[tuple[dt.time, dt.time]] = HORAIRES_BUREAU,
    subdivision: str | None = None,
) -> Controle:
    """Liste les éléments manquants ou faux d'une invitation .ics (B4.1-K03).

    Exige : objet (``SUMMARY``), début et fin (``DTSTART``, ``DTEND`` ou ``DURATION``), organisateur,
    au moins un participant, un lieu ou un lien, l'ordre du jour et les documents à préparer
    (dans ``DESCRIPTION``) ; la date doit être un jour ouvré et l'heure dans les horaires de bureau.
    """
    c = Controleur("B4.1-K03")
    calendrier = _calendrier(invitation.invitation_ics() if isinstance(invitation, Reunion) else invitation)
    evenements = list(calendrier.walk("VEVENT"))
    if not c.exiger(bool(evenements), "evenement", "L'invitation ne contient aucun événement (VEVENT)."):
        return c.resultat()
    e = evenements[0]
    c.exiger(bool(str(e.get("SUMMARY", "")).strip()), "objet", "L'objet de la réunion (SUMMARY) est absent.")
    debut = _a_paris(e.decoded("DTSTART")) if "DTSTART" in e else None
    c.exiger(debut is not None, "date", "La date et l'heure de début (DTSTART) sont absentes.")
    c.exiger("DTEND" in e or "DURATION" in e, "fin", "L'heure de fin (DTEND) ou la durée est absente.")
    organisateur = str(e.get("ORGANIZER", ""))
    c.exiger(
        organisateur.lower().startswith("mailto:") and "@" in organisateur,
        "organisateur",
        "L'organisateur (ORGANIZER, avec son adresse mailto:) est absent.",
    )
    invites = e.get("ATTENDEE", [])
    invites = invites if isinstance(invites, list) else [invites]
    c.exiger(bool(invites), "participants", "Aucun participant (ATTENDEE) n'est invité.")
    lieu = str(e.get("LOCATION", "")).strip() or str(e.get("URL", "")).strip()
    description = str(e.get("DESCRIPTION", ""))
    c.exiger(
        bool(lieu) or "http" in description,
        "lieu",
        "Ni lieu (LOCATION) ni lien de visioconférence (URL) : où se tient la réunion ?",
    )
    _exiger_contenu(c, description)
    if debut is not None:
        _exiger_horaire(
            c, debut, _a_paris(e.decoded("DTEND")) if "DTEND" in e else debut, horaires, subdivision
        )
    return c.resultat()


def verifier_convocation(
    document: object,
    attendue: Reunion | None = None,
    *,
    subdivision: str | None = None,
) -> Controle:
    """Liste les éléments manquants ou faux d'une convocation rédigée (texte ou .docx), B4.1-K03.

    Exige l'objet, la date, les heures de début et de fin, le lieu ou le lien, les participants,
    l'ordre du jour, les documents à préparer et l'organisateur ; avec ``attendue``, la date, le
    lieu, chaque participant et chaque point de l'ordre du jour sont comparés.
    """
    import re

    c = Controleur("B4.1-K03")
    texte = document.convocation() if isinstance(document, Reunion) else lire_texte(document)
    n = normaliser(texte)
    c.exiger("objet" in n, "objet", "L'objet de la convocation est absent (« Objet : Convocation — ... »).")
    dates = dates_du_texte(texte)
    c.exiger(bool(dates), "date", "La date de la réunion est absente (JJ/MM/AAAA).")
    heures = re.findall(r"\b\d{1,2} ?(?:h|:) ?\d{0,2}\b", n)
    c.exiger(len(heures) >= 2, "fin", "Les heures de début et de fin sont absentes (« de 10:00 à 11:30 »).")
    c.exiger(
        "lieu" in n or "salle" in n or "http" in n or "visio" in n,
        "lieu",
        "Ni lieu ni lien de visioconférence : où se tient la réunion ?",
    )
    c.exiger("participant" in n, "participants", "La liste des participants est absente.")
    _exiger_contenu(c, texte)
    if attendue is not None:
        r = attendue
        jour = r.creneau.debut.date()
        if not jour_ouvre(jour, subdivision):
            c.exiger(
                False,
                "jour_ouvre",
                f"Le {format_date(jour)} n'est pas un jour ouvré ({_nom_jour(jour, subdivision)}).",
            )
        c.exiger(
            r.creneau.debut.date() in dates,
            "date",
            f"La date de la réunion ({format_date(r.creneau.debut.date())}) est absente.",
        )
        for heure in (r.creneau.debut, r.creneau.fin):
            minutes = f"{heure.minute:02d}" if heure.minute else "(00)?"
            c.exiger(
                re.search(rf"\b0?{heure.hour}\s?(h|:)\s?{minutes}\b", n) is not None,
                "fin" if heure == r.creneau.fin else "date",
                f"L'heure {heure:%H:%M} est absente.",
            )
        if r.lieu:
            c.exiger(normaliser(r.lieu) in n, "lieu", f"Le lieu (« {r.lieu} ») est absent.")
        if r.lien:
            c.exiger(normaliser(r.lien) in n, "lieu", f"Le lien de visioconférence ({r.lien}) est absent.")
        for p in r.participants:
            c.exiger(normaliser(p.nom) in n, "participants", f"Le participant {p.nom} n'est pas nommé.")
        for point in r.ordre_du_jour:
            c.exiger(
                normaliser(point) in n, "ordre_du_jour", f"Le point « {point} » manque à l'ordre du jour."
            )
        for d in r.documents:
            c.exiger(normaliser(d) in n, "documents", f"Le document à préparer « {d} » n'est pas annoncé.")
        c.exiger(
            normaliser(r.organisateur.nom) in n,
            "organisateur",
            f"L'organisateur ({r.organisateur.nom}) ne signe pas.",
        )
    return c.resultat()


def _nom_jour(jour: dt.date, subdivision: str | None) -> str:
    return jour_ferie(jour, subdivision) or _JOURS[jour.weekday()]


def _exiger_contenu(c: Controleur, texte: str) -> None:
    n = normaliser(texte)
    c.exiger("ordre du jour" in n, "ordre_du_jour", "L'ordre du jour est absent.")
    c.exiger(
        "document" in n and ("prepar" in n or "apport" in n),
        "documents",
        "Les documents à préparer ou à apporter ne sont pas indiqués.",
    )


def _exiger_horaire(
    c: Controleur,
    debut: dt.datetime,
    fin: dt.datetime,
    horaires: Sequence[tuple[dt.time, dt.time]],
    subdivision: str | None,
) -> None:
    jour = debut.date()
    c.exiger(
        jour_ouvre(jour, subdivision),
        "jour_ouvre",
        f"Le {format_date(jour)} n'est pas un jour ouvré ({_nom_jour(jour, subdivision)}) : choisissez un autre jour.",
    )
    dedans = any(
        debut.time() >= ouverture and fin.time() <= fermeture and fin.date() == jour
        for ouverture, fermeture in horaires
    )
    plages = " et ".join(f"{o:%H:%M}–{f:%H:%M}" for o, f in horaires)
    c.exiger(
        dedans,
        "horaires",
        f"La réunion ({debut:%H:%M}–{fin:%H:%M}) sort des horaires de bureau ({plages}).",
    )
