"""Correction des écrits du bloc 4 : courriels, réunions, outils collaboratifs, documents commerciaux.

Fonctions partagées par les corrections des devoirs ``b4_messages_reunion``,
``b4_documents_classement`` et ``b4_examen_accueil`` (``course/corrections/``). Chacune
appelle un contrôle du noyau (:mod:`compta_kernel.messages`, :mod:`compta_kernel.reunions`,
:mod:`compta_kernel.circuits`, :mod:`compta_kernel.documents_commerciaux`,
:mod:`compta_kernel.archivage`) et le compare aux données du sujet de l'apprenant ; la note
est la part des éléments présents et justes, chaque manque devient une remarque qui nomme
son critère.

:func:`en_donnees` met une réponse sous une forme que ``reponses.json`` garde (texte pour un
fichier ou une invitation .ics, « JJ/MM/AAAA HH:MM » pour un créneau, dictionnaire pour un
devis) : les cellules de test cachées l'appellent avant :func:`graders.reponses.corriger`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from compta_kernel.documents_commerciaux import BonDeCommande, Devis
from compta_kernel.pieces import LignePiece, Partie
from compta_kernel.presentation import format_date, format_montant
from compta_kernel.redaction import Controle, Manque, dates_du_texte, lire_texte, montants_du_texte
from compta_kernel.reunions import Creneau, Reunion, creneaux_libres, jour_ferie, planifier_reunion
from graders.verdict import Verdict, evaluer

FORMAT_HORAIRE = "%d/%m/%Y %H:%M"


# ----------------------------------------------------------------------------- réponses en données
def en_donnees(valeur: object) -> object:
    """Une réponse sous forme de données JSON : texte, « JJ/MM/AAAA HH:MM », dictionnaires.

    >>> en_donnees(dt.datetime(2026, 5, 5, 9, 30))
    '05/05/2026 09:30'
    >>> en_donnees(b"BEGIN:VCALENDAR")
    'BEGIN:VCALENDAR'
    """
    if isinstance(valeur, bytes):
        return valeur.decode("utf-8", errors="replace")
    if isinstance(valeur, Path):
        return lire_texte(valeur) if valeur.is_file() else str(valeur)
    if isinstance(valeur, Creneau):
        return valeur.debut.strftime(FORMAT_HORAIRE)
    if isinstance(valeur, dt.datetime):
        return valeur.strftime(FORMAT_HORAIRE)
    if isinstance(valeur, Reunion):
        return {"convocation": valeur.convocation(), "invitation": valeur.invitation_ics().decode("utf-8")}
    if isinstance(valeur, Devis | BonDeCommande):
        donnees = {f.name: getattr(valeur, f.name) for f in dataclasses.fields(valeur) if f.init}
        donnees["genre"] = "devis" if isinstance(valeur, Devis) else "bon_de_commande"
        return en_donnees(donnees)
    if isinstance(valeur, Partie | LignePiece):
        return {f.name: en_donnees(getattr(valeur, f.name)) for f in dataclasses.fields(valeur)}
    if isinstance(valeur, Mapping):
        return {str(k): en_donnees(v) for k, v in valeur.items()}
    if isinstance(valeur, list | tuple):
        return [en_donnees(v) for v in valeur]
    return valeur


def document_commercial(donnees: Mapping) -> Devis | BonDeCommande:
    """Le devis ou le bon de commande décrit par :func:`en_donnees` (reconstruit pour le contrôler)."""
    d = dict(donnees)
    genre = d.pop("genre", "devis")
    d["emetteur"] = Partie(**d["emetteur"])
    d["client"] = Partie(**d["client"])
    d["lignes"] = tuple(LignePiece(**ligne) for ligne in d["lignes"])
    if isinstance(d.get("date"), str):
        d["date"] = dt.date.fromisoformat(d["date"])
    return Devis(**d) if genre == "devis" else BonDeCommande(**d)


def lire_horaire(valeur: object) -> dt.datetime | None:
    """« 05/05/2026 09:30 », « 2026-05-05 09:30 » ou un ``datetime`` → ``datetime`` sans fuseau (heure de Paris)."""
    if isinstance(valeur, dt.datetime):
        return valeur.replace(tzinfo=None)
    if not isinstance(valeur, str):
        return None
    texte = " ".join(valeur.replace("h", ":").replace("T", " ").split())
    for motif in (FORMAT_HORAIRE, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(texte[: len(dt.datetime(2026, 1, 1).strftime(motif))], motif)
        except ValueError:
            continue
    return None


# ----------------------------------------------------------------------------- contrôles en note
def verdict_controle(
    controle: Controle, sur, criteres: Iterable[str], *, en_plus: Iterable[Manque] = ()
) -> Verdict:
    """La note d'un contrôle : part des éléments vérifiés ; chaque manque est une remarque avec son critère."""
    manques = (*controle.manques, *en_plus)
    manquants = {m.element for m in manques}
    verifies = [e for e in controle.verifies if e not in manquants]
    return Verdict.proportion(
        len(verifies),
        len(verifies) + len(manquants),
        sur,
        remarques=[f"{m.critere} — {m.message}" for m in manques],
        criteres=tuple(criteres),
        reussites=[f"Présent et juste : {e.replace('_', ' ')}" for e in verifies],
        diagnostics=tuple(dict.fromkeys(m.element for m in manques)),
    )


def _texte_absent(reponse: object) -> bool:
    return reponse is None or (isinstance(reponse, str) and not reponse.strip())


def corriger_courriel(
    reponse: object,
    demande,
    signataire: str,
    *,
    sur,
    criteres: Iterable[str],
    montant: Decimal | None = None,
    date: dt.date | None = None,
) -> Verdict:
    """Le courriel de réponse à une demande (B4.1-K01, B4.1-K02 si externe).

    Structure par :func:`compta_kernel.messages.verifier_courriel` ; la réponse doit donner le
    numéro de la facture de la demande, le ``montant`` attendu (par défaut son net à payer) et
    la ``date`` attendue (par défaut son échéance).
    """
    from compta_kernel.messages import verifier_courriel

    criteres = tuple(criteres)

    def corriger() -> Verdict:
        if _texte_absent(reponse):
            raise NotImplementedError
        texte = lire_texte(reponse)
        f = demande.facture
        controle = verifier_courriel(
            texte, externe=demande.externe, signataire=signataire, elements_de_reponse=(f.numero,)
        )
        en_plus = []
        somme = f.net_a_payer if montant is None else montant
        jour = f.date_echeance if date is None else date
        if somme not in montants_du_texte(texte):
            en_plus.append(
                Manque(
                    "montant", f"Le montant attendu ({format_montant(somme)}) n'est pas donné.", "B4.1-K01"
                )
            )
        if jour not in dates_du_texte(texte):
            en_plus.append(
                Manque(
                    "echeance",
                    f"La date limite de paiement ({format_date(jour)}) n'est pas donnée.",
                    "B4.1-K01",
                )
            )
        controle = Controle((*controle.verifies, "montant", "echeance"), controle.manques)
        return verdict_controle(controle, sur, criteres, en_plus=en_plus)

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le courriel")


def reunion_attendue(sujet_reunion) -> Reunion:
    """La réunion juste : le premier créneau commun des agendas du sujet, avec son contenu."""
    r = sujet_reunion
    return planifier_reunion(
        r.objet,
        r.organisateur,
        r.participants,
        [a for _, a in r.agendas],
        duree=r.duree,
        entre=(r.du, r.au),
        lieu=r.lieu,
        lien=r.lien,
        ordre_du_jour=r.ordre_du_jour,
        documents=r.documents,
    )


def corriger_creneau(reponse: object, sujet_reunion, *, sur, criteres: Iterable[str]) -> Verdict:
    """Le premier créneau libre dans tous les agendas (B4.1-K03) ; un créneau libre mais plus tardif vaut la moitié."""
    criteres = tuple(criteres)
    r = sujet_reunion

    def corriger() -> Verdict:
        debut = lire_horaire(reponse)
        if debut is None:
            raise NotImplementedError
        libres = creneaux_libres([a for _, a in r.agendas], r.du, r.au, r.duree)
        premier = libres[0].debut.replace(tzinfo=None)
        if debut == premier:
            return Verdict(sur, sur, (), criteres, (f"Premier créneau commun : {libres[0]}",))
        if any(c.debut.replace(tzinfo=None) == debut for c in libres):
            return Verdict(
                sur / 2,
                sur,
                (f"Le {debut:{FORMAT_HORAIRE}} est libre pour tous, mais un créneau plus tôt l'est aussi.",),
                criteres,
                diagnostics=("creneau_pas_le_premier",),
            )
        ferie = jour_ferie(debut.date())
        if ferie:
            pourquoi = f"le {format_date(debut.date())} est un jour férié ({ferie})"
        elif debut.weekday() >= 5:
            pourquoi = f"le {format_date(debut.date())} tombe un week-end"
        elif not (r.du <= debut.date() <= r.au):
            pourquoi = "la date sort de la période demandée"
        else:
            pourquoi = "un participant est occupé ou le créneau sort des horaires de bureau"
        return Verdict(0, sur, (f"Le {debut:{FORMAT_HORAIRE}} ne convient pas : {pourquoi}.",), criteres,
                       diagnostics=("creneau_occupe",))  # fmt: skip

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le créneau")


def corriger_invitation(reponse: object, sujet_reunion, *, sur, criteres: Iterable[str]) -> Verdict:
    """La convocation (texte) et l'invitation .ics : complètes et conformes à la réunion attendue (B4.1-K03).

    ``reponse`` : ``{"convocation": texte, "invitation": texte .ics}``.
    """
    from icalendar import Calendar

    from compta_kernel.reunions import verifier_convocation, verifier_invitation

    criteres = tuple(criteres)
    reponse = reponse if isinstance(reponse, Mapping) else {}
    attendue = reunion_attendue(sujet_reunion)

    def convocation() -> Verdict:
        if _texte_absent(reponse.get("convocation")):
            raise NotImplementedError
        return verdict_controle(verifier_convocation(reponse["convocation"], attendue), sur / 2, criteres)

    def invitation() -> Verdict:
        ics = reponse.get("invitation")
        if _texte_absent(ics):
            raise NotImplementedError
        controle = verifier_invitation(ics)
        evenements = list(Calendar.from_ical(ics).walk("VEVENT"))
        en_plus, verifies = [], []
        if evenements:
            e = evenements[0]
            debut = e.decoded("DTSTART") if "DTSTART" in e else None
            juste = (
                isinstance(debut, dt.datetime)
                and (
                    debut.astimezone(attendue.creneau.debut.tzinfo)
                    if debut.tzinfo
                    else debut.replace(tzinfo=attendue.creneau.debut.tzinfo)
                )
                == attendue.creneau.debut
            )
            if not juste:
                en_plus.append(
                    Manque(
                        "creneau",
                        f"L'invitation n'est pas au créneau attendu ({attendue.creneau}).",
                        "B4.1-K03",
                    )
                )
            invites = e.get("ATTENDEE", [])
            invites = " ".join(str(a).lower() for a in (invites if isinstance(invites, list) else [invites]))
            for p in attendue.participants:
                if p.email.lower() not in invites:
                    en_plus.append(Manque("invites", f"{p.nom} ({p.email}) n'est pas invité.", "B4.1-K03"))
            if attendue.organisateur.email.lower() not in str(e.get("ORGANIZER", "")).lower():
                en_plus.append(
                    Manque("organisateur", "L'organisateur n'est pas celui du dossier.", "B4.1-K03")
                )
            verifies = ["creneau", "invites"]
        controle = Controle((*controle.verifies, *verifies), controle.manques)
        return verdict_controle(controle, sur / 2, criteres, en_plus=en_plus)

    return evaluer(convocation, sur=sur / 2, criteres=criteres, quoi="la convocation").combiner(
        evaluer(invitation, sur=sur / 2, criteres=criteres, quoi="l'invitation .ics")
    )


def corriger_outils(reponse: object, operations: Iterable[str], *, sur, criteres: Iterable[str]) -> Verdict:
    """Le choix d'un outil collaboratif par opération, justifié (B4.1-K04, B4.2-K03).

    ``reponse`` : ``{operation: (outil, justification)}`` ou ``{operation: {"outil": ..., "justification": ...}}``.
    """
    from compta_kernel.circuits import verifier_choix_outil

    criteres = tuple(criteres)
    reponse = reponse if isinstance(reponse, Mapping) else {}

    def corriger() -> Verdict:
        if not reponse:
            raise NotImplementedError
        verifies, manques = [], []
        for operation in operations:
            choix = reponse.get(operation)
            if isinstance(choix, Mapping):
                outil, justification = choix.get("outil", ""), choix.get("justification", "")
            elif isinstance(choix, list | tuple) and len(choix) == 2:
                outil, justification = choix
            else:
                quoi = operation.replace("_", " ")
                manques += [
                    Manque(f"{operation}:outil", f"Aucun outil choisi pour « {quoi} ».", criteres[0]),
                    Manque(
                        f"{operation}:justification", f"Aucune justification pour « {quoi} ».", criteres[0]
                    ),
                ]
                continue
            controle = verifier_choix_outil(operation, str(outil), str(justification))
            verifies += [f"{operation} : {e}" for e in controle.verifies]
            manques += [Manque(f"{operation}:{m.element}", m.message, criteres[0]) for m in controle.manques]
        return verdict_controle(Controle(tuple(verifies), ()), sur, criteres, en_plus=manques)

    return evaluer(corriger, sur=sur, criteres=criteres, quoi="le choix des outils")


def montrer(controle, *arguments, **options) -> None:
    """Affiche le résultat d'un contrôle du noyau sur la réponse d'un apprenant, sans jamais lever d'exception.

    Partie visible des cellules de test : une réponse illisible affiche le message qui dit quoi
    corriger, au lieu d'une erreur qui priverait la cellule des points que la correction accorde.

    >>> from compta_kernel.messages import verifier_courriel
    >>> montrer(verifier_courriel, 42)
    À corriger : Le document à vérifier (int) n'est pas lisible : donnez un texte ou le chemin d'un fichier .docx, .txt ou .html.
    """
    if any(a is None for a in arguments):
        print("Pas encore de réponse : complétez la cellule de réponse puis exécutez-la.")
        return
    try:
        print(controle(*arguments, **options))
    except Exception as exc:  # noqa: BLE001 - toute réponse d'apprenant peut lever
        print(f"À corriger : {exc}")
