"""Réunions : créneaux libres (agendas .ics, jours fériés, horaires), convocation, invitation, contrôles (B4.1-K03)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from compta_kernel.reunions import (
    ErreurReunion,
    Participant,
    agenda_ics,
    creneaux_libres,
    jour_ferie,
    jour_ouvre,
    occupations,
    planifier_reunion,
    verifier_convocation,
    verifier_invitation,
)

H = dt.timedelta(hours=1)
ORGANISATEUR = Participant("Paul Morel", "paul.morel@atelier-morel.fr", "gérant")
CLAIRE = Participant("Claire Petit", "claire.petit@atelier-morel.fr", "assistante comptable")
LUC = Participant("Luc Roy", "luc.roy@cabinet-roy.fr", "expert-comptable", obligatoire=False)


def _agendas():
    """Lundi 04/05/2026 : Paul pris 9 h–11 h ; Claire prise 11 h–12 h 30 et 14 h–16 h."""
    paul = agenda_ics([("Client Durand", dt.datetime(2026, 5, 4, 9), dt.datetime(2026, 5, 4, 11))], "Paul")
    claire = agenda_ics(
        [
            ("Banque", dt.datetime(2026, 5, 4, 11), dt.datetime(2026, 5, 4, 12, 30)),
            ("Formation", dt.datetime(2026, 5, 4, 14), dt.datetime(2026, 5, 4, 16)),
        ],
        "Claire",
    )
    return [paul, claire]


def _reunion(**options):
    arguments = {
        "duree": H,
        "entre": ("04/05/2026", "08/05/2026"),
        "lieu": "Salle de réunion, 12 rue des Forges, 42000 Saint-Étienne",
        "ordre_du_jour": ("Balance âgée des clients", "Relances à envoyer"),
        "documents": ("Balance âgée au 30/04/2026",),
        **options,
    }
    return planifier_reunion(
        "Revue des comptes clients", ORGANISATEUR, [CLAIRE, LUC], _agendas(), **arguments
    )


# ----------------------------------------------------------------------------- jours et créneaux
@pytest.mark.parametrize(
    ("jour", "nom"),
    [
        (dt.date(2026, 1, 1), "Jour de l'an"),
        (dt.date(2026, 4, 6), "Lundi de Pâques"),
        (dt.date(2026, 5, 1), "Fête du Travail"),
        (dt.date(2026, 5, 8), "Fête de la Victoire"),
        (dt.date(2026, 5, 14), "Ascension"),
        (dt.date(2026, 5, 25), "Lundi de Pentecôte"),
        (dt.date(2026, 7, 14), "Fête nationale"),
        (dt.date(2026, 11, 11), "Armistice"),
        (dt.date(2026, 12, 25), "Noël"),
    ],
)
def test_jour_ferie__2026(jour, nom):
    """Jours fériés de 2026 (C. trav. L3133-1 ; Pâques le 5 avril 2026)."""
    assert jour_ferie(jour) == nom
    assert not jour_ouvre(jour)


def test_jour_ferie__alsace_moselle_saint_etienne():
    assert not jour_ferie(dt.date(2026, 12, 26))
    assert jour_ferie(dt.date(2026, 12, 26), "57")


def test_creneaux_libres__cas_connu_du_lundi():
    """Lundi 04/05/2026, 1 h : libres 11 h 00 → (Claire prise) non ; premier créneau commun 16 h 00, puis 16 h 30, 17 h 00."""
    libres = creneaux_libres(_agendas(), "04/05/2026", "04/05/2026", H)
    assert [f"{c.debut:%H:%M}" for c in libres] == ["16:00", "16:30", "17:00"]


def test_creneaux_libres__semaine_du_1er_mai_et_du_8_mai():
    """Du vendredi 01/05 au vendredi 08/05/2026 : 1er et 8 mai fériés, week-end exclus ; 4 jours ouvrés."""
    libres = creneaux_libres([], "01/05/2026", "08/05/2026", dt.timedelta(hours=3))
    jours = sorted({c.debut.date() for c in libres})
    assert jours == [dt.date(2026, 5, d) for d in (4, 5, 6, 7)]
    # 3 h ne tiennent que l'après-midi (14 h – 18 h) : 14 h 00, 14 h 30, 15 h 00 ; le matin dure 3 h 30 : 9 h 00, 9 h 30.
    assert [f"{c.debut:%H:%M}" for c in libres if c.debut.date() == dt.date(2026, 5, 4)] == [
        "09:00",
        "09:30",
        "14:00",
        "14:30",
        "15:00",
    ]


def test_creneaux_libres__heure_d_ete_et_evenement_en_utc():
    """Un événement noté 07:00Z en mai occupe 9 h – 10 h à Paris (UTC+2)."""
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260504T070000Z\r\nDTEND:20260504T080000Z\r\nSUMMARY:Appel\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (plage,) = occupations(ics, dt.date(2026, 5, 4), dt.date(2026, 5, 4))
    assert (plage.debut.hour, plage.fin.hour) == (9, 10)
    libres = creneaux_libres([ics], "04/05/2026", "04/05/2026", H)
    assert libres[0].debut.hour == 10


def test_occupations__recurrence_transparent_annule_journee_entiere():
    ics = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:test\r
BEGIN:VEVENT\r
UID:hebdo\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Paris:20260406T100000\r
DTEND;TZID=Europe/Paris:20260406T110000\r
RRULE:FREQ=WEEKLY;BYDAY=MO\r
SUMMARY:Point hebdomadaire\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:dispo\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Paris:20260505T090000\r
DTEND;TZID=Europe/Paris:20260505T180000\r
TRANSP:TRANSPARENT\r
SUMMARY:Disponible\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:annule\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Paris:20260506T090000\r
DTEND;TZID=Europe/Paris:20260506T180000\r
STATUS:CANCELLED\r
SUMMARY:Annule\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:conges\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20260507\r
DTEND;VALUE=DATE:20260508\r
SUMMARY:Conges\r
END:VEVENT\r
END:VCALENDAR\r
"""
    plages = occupations(ics, dt.date(2026, 5, 4), dt.date(2026, 5, 8))
    assert [(p.debut.strftime("%d %H"), p.fin.strftime("%d %H")) for p in plages] == [
        ("04 10", "04 11"),
        ("07 00", "08 00"),
    ]


def test_creneaux_libres__mauvaises_entrees():
    with pytest.raises(ErreurReunion):
        creneaux_libres([], "08/05/2026", "04/05/2026", H)
    with pytest.raises(ErreurReunion):
        creneaux_libres([], "04/05/2026", "08/05/2026", dt.timedelta(0))
    with pytest.raises(ErreurReunion):
        creneaux_libres([b"pas un agenda"], "04/05/2026", "08/05/2026", H)


# ----------------------------------------------------------------------------- la réunion
def test_planifier_reunion__premier_creneau_commun_et_documents():
    reunion = _reunion()
    assert reunion.creneau.debut == dt.datetime(2026, 5, 4, 16, tzinfo=reunion.creneau.debut.tzinfo)
    convocation = reunion.convocation()
    for attendu in (
        "Objet : Convocation — Revue des comptes clients",
        "le lundi 04/05/2026 de 16:00 à 17:00",
        "1. Balance âgée des clients",
        "- Luc Roy (expert-comptable) — facultatif",
        "Balance âgée au 30/04/2026",
        "avant le 30/04/2026",  # jour ouvré précédent : vendredi 1er mai férié, week-end exclu
    ):
        assert attendu in convocation, attendu
    assert "<ol><li>Balance âgée des clients</li>" in reunion.ordre_du_jour_html()


def test_planifier_reunion__invitation_ics_relue():
    reunion = _reunion(lien="https://visio.example.fr/revue-clients")
    evenement = Calendar.from_ical(reunion.invitation_ics()).walk("VEVENT")[0]
    assert str(evenement["SUMMARY"]) == "Revue des comptes clients"
    assert str(evenement["ORGANIZER"]) == "mailto:paul.morel@atelier-morel.fr"
    roles = {str(a): a.params["ROLE"] for a in evenement["ATTENDEE"]}
    assert roles == {
        "mailto:claire.petit@atelier-morel.fr": "REQ-PARTICIPANT",
        "mailto:luc.roy@cabinet-roy.fr": "OPT-PARTICIPANT",
    }
    assert str(evenement["URL"]) == "https://visio.example.fr/revue-clients"
    assert "Documents à préparer" in str(evenement["DESCRIPTION"])
    assert evenement.decoded("DTSTART").hour == 16
    assert verifier_invitation(reunion.invitation_ics()).complete
    assert verifier_invitation(reunion).complete


def test_planifier_reunion__uid_stable():
    assert _reunion().uid == _reunion().uid


@pytest.mark.parametrize(
    "options",
    [
        {"lieu": ""},
        {"ordre_du_jour": ()},
        {"entre": ("01/05/2026", "01/05/2026")},
    ],
)
def test_planifier_reunion__incomplete_ou_impossible(options):
    with pytest.raises(ErreurReunion):
        _reunion(**options)


# ----------------------------------------------------------------------------- contrôles semés
def _sans_ligne(ics: bytes, debut: str) -> bytes:
    """Retire une propriété (et ses lignes de continuation) d'une invitation .ics."""
    lignes, garder = [], True
    for ligne in ics.decode().split("\r\n"):
        if ligne.startswith(" "):
            if garder:
                lignes.append(ligne)
            continue
        garder = not ligne.startswith(debut)
        if garder:
            lignes.append(ligne)
    return "\r\n".join(lignes).encode()


FAUTES_INVITATION = {
    "objet": lambda ics: _sans_ligne(ics, "SUMMARY"),
    "date": lambda ics: _sans_ligne(ics, "DTSTART"),
    "fin": lambda ics: _sans_ligne(ics, "DTEND"),
    "organisateur": lambda ics: _sans_ligne(ics, "ORGANIZER"),
    "participants": lambda ics: _sans_ligne(ics, "ATTENDEE"),
    "lieu": lambda ics: _sans_ligne(ics, "LOCATION"),
    "ordre_du_jour": lambda ics: _sans_ligne(ics, "DESCRIPTION"),
    "documents": lambda ics: _sans_ligne(ics, "DESCRIPTION"),
    "jour_ouvre": lambda ics: ics.replace(b"20260504T", b"20260514T"),  # Ascension
    "horaires": lambda ics: ics.replace(b"T160000", b"T193000").replace(b"T170000", b"T203000"),
}


@pytest.mark.parametrize("element", list(FAUTES_INVITATION))
def test_verifier_invitation__trouve_chaque_element_seme(element):
    juste = _reunion().invitation_ics()
    fautive = FAUTES_INVITATION[element](juste)
    assert fautive != juste
    controle = verifier_invitation(fautive)
    assert element in controle.elements_manquants, str(controle)
    assert all(m.critere == "B4.1-K03" for m in controle.manques)


def test_verifier_invitation__message_du_jour_ferie():
    fautive = FAUTES_INVITATION["jour_ouvre"](_reunion().invitation_ics())
    assert "14/05/2026 n'est pas un jour ouvré (Ascension)" in str(verifier_invitation(fautive))


FAUTES_CONVOCATION = {
    "objet": ("Objet : ", ""),
    "date": ("04/05/2026", ""),
    "fin": ("à 17:00", ""),
    "lieu": ("Lieu : Salle de réunion, 12 rue des Forges, 42000 Saint-Étienne", ""),
    "participants": ("- Claire Petit (assistante comptable)", ""),
    "ordre_du_jour": ("2. Relances à envoyer", ""),
    "documents": ("- Balance âgée au 30/04/2026", ""),
    "organisateur": ("Paul Morel", "La direction"),
}


@pytest.mark.parametrize("element", list(FAUTES_CONVOCATION))
def test_verifier_convocation__trouve_chaque_element_seme(element):
    reunion = _reunion()
    juste = reunion.convocation()
    assert verifier_convocation(juste, reunion).complete
    ancien, nouveau = FAUTES_CONVOCATION[element]
    fautive = juste.replace(ancien, nouveau)
    assert fautive != juste
    assert element in verifier_convocation(fautive, reunion).elements_manquants


def test_verifier_convocation__courriel_vague_sans_reference():
    manquants = verifier_convocation("Bonjour, réunion lundi. Merci.").elements_manquants
    assert set(manquants) >= {"objet", "date", "fin", "lieu", "participants", "ordre_du_jour", "documents"}
