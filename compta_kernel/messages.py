"""Messages de premier niveau : réponses par courriel aux demandes internes et externes.

Activité B4.1 « Accueil et relation client » (critères B4.1-K01 : messages structurés et
rédigés de façon professionnelle ; B4.1-K02 : la satisfaction du client est recherchée dans
les messages aux clients et fournisseurs).

Un courriel professionnel a six parties : l'**objet**, la **formule d'appel**
(« Madame, », « Bonjour Madame Petit, »), la **réponse** à la demande, la **suite donnée**
(ce qui va se passer, qui fait quoi, pour quand), la **formule de politesse** et la
**signature** (nom, fonction, entreprise, coordonnées). Aucune formulation familière.
:func:`rediger_courriel` le prépare depuis un gabarit Jinja2 ; :func:`verifier_courriel`
relit le courriel d'un apprenant et nomme chaque partie manquante ou fautive.

>>> c = rediger_courriel(
...     "Demande de duplicata de la facture F2026-014", "Madame Petit",
...     "Vous trouverez ci-joint le duplicata de la facture F2026-014 du 02/01/2026.",
...     "Je vous envoie le relevé de votre compte d'ici le 06/03/2026.",
...     Signataire("Claire Martin", "assistante comptable", "claire.martin@atelier-morel.fr"),
...     "Atelier Morel SARL")
>>> verifier_courriel(c.texte(), externe=True).complete
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.redaction import Controle, Controleur, lire_texte, normaliser, rendre

#: Formules d'appel reconnues (début du courriel, après l'objet).
FORMULES_APPEL = ("madame", "monsieur", "bonjour", "cher ", "chere ", "mesdames", "messieurs")
#: Formules de politesse reconnues (fin du courriel).
FORMULES_POLITESSE = (
    "cordialement",
    "bien a vous",
    "salutations",
    "je vous prie d'agreer",
    "nous vous prions d'agreer",
    "veuillez agreer",
    "bonne journee",
    "bonne fin de journee",
    "sentiments",
)
#: Annonces d'une suite donnée à la demande.
MARQUES_SUITE = (
    "je vous envoie",
    "je vous enverrai",
    "nous vous enverrons",
    "vous recevrez",
    "je reviens vers vous",
    "je reviendrai vers vous",
    "nous revenons vers vous",
    "je transmets",
    "j'ai transmis",
    "nous transmettons",
    "sera traite",
    "sera traitee",
    "d'ici le",
    "avant le",
    "au plus tard",
    "je vous rappelle",
    "je vous propose",
    "prochaine etape",
    "je m'engage",
    "je vous confirme",
)
#: Formules qui marquent l'attention portée au client (B4.1-K02).
MARQUES_SATISFACTION = (
    "a votre disposition",
    "a votre ecoute",
    "n'hesitez pas",
    "merci pour votre",
    "merci de votre",
    "nous vous remercions",
    "je vous remercie",
    "votre confiance",
    "votre satisfaction",
    "veuillez nous excuser",
    "nous vous prions de nous excuser",
)
#: Formulations non professionnelles (familières, agressives, abrégées), cherchées en mots entiers.
FAMILIARITES = (
    "salut",
    "coucou",
    "bisous",
    "bises",
    "mdr",
    "lol",
    "tkt",
    "jsp",
    "bcp",
    "stp",
    "a plus",
    "a+",
    "ciao",
    "ouais",
    "boulot",
    "pas mon probleme",
    "c'est pas",
    "j'sais pas",
    "debrouillez-vous",
    "n'importe quoi",
    "franchement",
    "super urgent",
)


class ErreurMessage(ErreurComptable, ValueError):
    """Un courriel impossible à préparer : objet, réponse ou signature vides."""


@dataclass(frozen=True)
class Signataire:
    """La signature d'un courriel : nom, fonction, adresse électronique, téléphone."""

    nom: str
    fonction: str
    email: str
    telephone: str = ""


@dataclass(frozen=True)
class Courriel:
    """Un courriel de réponse, partie par partie (voir l'en-tête du module)."""

    objet: str
    appel: str
    remerciement: str
    reponse: str
    suite: str
    disponibilite: str
    politesse: str
    signataire: Signataire
    entreprise: str

    def texte(self) -> str:
        """Le courriel en texte (gabarit ``courriel.txt.j2``)."""
        return rendre("courriel.txt.j2", **self.__dict__).strip() + "\n"


def rediger_courriel(
    objet_demande: str,
    destinataire: str,
    reponse: str,
    suite: str,
    signataire: Signataire,
    entreprise: str,
    *,
    externe: bool = True,
) -> Courriel:
    """Prépare la réponse à une demande (B4.1-K01 ; B4.1-K02 pour un destinataire externe).

    Args:
        objet_demande: objet de la demande reçue (la réponse reprend « RE : ... »).
        destinataire: « Madame Petit », « Monsieur Durand » ou un prénom pour un collègue.
        reponse: la réponse à la demande ; ``suite``: ce qui va se passer et pour quand.
        signataire, entreprise: qui répond.
        externe: client ou fournisseur (formules de service) ou collègue (plus directes).
    """
    manques = [
        q
        for q, v in (("l'objet", objet_demande), ("la réponse", reponse), ("la suite", suite))
        if not v.strip()
    ]
    if manques:
        raise ErreurMessage(f"Courriel incomplet : indiquez {', '.join(manques)}.", champ="courriel")
    civilite = destinataire.split()[0] if destinataire.strip() else ""
    if externe:
        # Appel et politesse du même registre : « Madame, » … « Je vous prie d'agréer, Madame, … » ;
        # « Bonjour Camille Petit, » … « Cordialement, » quand on ne s'adresse pas par la civilité.
        formel = civilite in ("Madame", "Monsieur")
        return Courriel(
            f"RE : {objet_demande}",
            civilite if formel else f"Bonjour {destinataire}",
            "Je vous remercie pour votre message.",
            reponse,
            suite,
            "Je reste à votre disposition pour toute information complémentaire.",
            f"Je vous prie d'agréer, {civilite}, l'expression de mes salutations distinguées."
            if formel
            else "Cordialement,",
            signataire,
            entreprise,
        )
    return Courriel(
        f"RE : {objet_demande}",
        f"Bonjour {destinataire}",
        "Merci pour ton message." if len(destinataire.split()) == 1 else "Merci pour votre message.",
        reponse,
        suite,
        "N'hésite pas si tu as besoin d'autre chose."
        if len(destinataire.split()) == 1
        else "N'hésitez pas si besoin.",
        "Bonne journée,",
        signataire,
        entreprise,
    )


def _mots(n: str, expression: str) -> bool:
    return re.search(rf"(?<![\w+]){re.escape(expression)}(?![\w+])", n) is not None


def verifier_courriel(
    document: object,
    *,
    externe: bool = True,
    signataire: str = "",
    elements_de_reponse: tuple[str, ...] = (),
) -> Controle:
    """Liste les parties manquantes ou fautives d'un courriel (B4.1-K01, B4.1-K02).

    Args:
        document: le courriel (texte, ou fichier .txt/.docx/.eml).
        externe: destinataire client ou fournisseur : la recherche de sa satisfaction est exigée.
        signataire: nom attendu dans la signature (sinon : un nom après la formule de politesse).
        elements_de_reponse: ce que la réponse doit contenir (numéro de facture, montant, date...).
    """
    c = Controleur("B4.1-K01")
    texte = lire_texte(document)
    lignes = [ligne.strip() for ligne in texte.strip().splitlines() if ligne.strip()]
    n = normaliser(texte)
    premiere = normaliser(lignes[0]) if lignes else ""
    c.exiger(
        premiere.startswith("objet") and len(premiere.split(":", 1)[-1].strip()) >= 5,
        "objet",
        "L'objet est absent ou vide : commencez par « Objet : » suivi du sujet précis.",
    )
    corps = [normaliser(ligne) for ligne in lignes[1:]]
    c.exiger(
        bool(corps) and corps[0].startswith(FORMULES_APPEL),
        "formule_appel",
        "La formule d'appel est absente (« Madame, », « Bonjour Monsieur Durand, ») : elle ouvre le message.",
    )
    indice_politesse = next(
        (i for i, ligne in enumerate(corps) if any(f in ligne for f in FORMULES_POLITESSE)), None
    )
    c.exiger(
        indice_politesse is not None,
        "formule_politesse",
        "La formule de politesse est absente (« Cordialement », « Je vous prie d'agréer... »).",
    )
    milieu = corps[1:indice_politesse] if indice_politesse is not None else corps[1:]
    # Par phrase, pas par ligne : « Je vous remercie... Vous trouverez ci-joint... » sur une ligne
    # garde sa seconde phrase, qui est la réponse.
    phrases = [p for ligne in milieu for p in re.split(r"(?<=[.!?])\s+", ligne)]
    propres = [p for p in phrases if not any(m in p for m in (*MARQUES_SUITE, *MARQUES_SATISFACTION))]
    c.exiger(
        sum(len(p.split()) for p in propres) >= 8,
        "reponse",
        "La réponse à la demande est absente ou trop brève : répondez précisément à la question posée.",
    )
    for element in elements_de_reponse:
        c.exiger(
            normaliser(element) in n,
            "reponse",
            f"La réponse ne donne pas « {element} », attendu par la demande.",
        )
    c.exiger(
        any(m in n for m in MARQUES_SUITE),
        "suite",
        "La suite donnée n'est pas annoncée : dites ce qui va se passer, qui le fait et pour quand "
        "(« je vous envoie ... d'ici le ... »).",
    )
    apres = corps[indice_politesse + 1 :] if indice_politesse is not None else []
    if signataire:
        signe = any(normaliser(signataire) in ligne for ligne in apres)
    else:
        signe = len(apres) >= 2 or (len(apres) == 1 and len(apres[0].split()) >= 2)
    c.exiger(
        signe,
        "signature",
        "La signature est absente ou incomplète : prénom et nom, fonction, entreprise, après la formule de "
        "politesse.",
    )
    familieres = [f for f in FAMILIARITES if _mots(n, f)]
    cris = re.findall(r"\b[A-ZÉÈÀ]{5,}\b", texte)
    ponctuation = re.findall(r"[!?]{2,}", texte)
    c.exiger(
        not (familieres or ponctuation or len(cris) > 1),
        "ton",
        "Formulation non professionnelle : "
        + ", ".join(
            [f"« {f} »" for f in familieres]
            + ([f"ponctuation « {ponctuation[0]} »"] if ponctuation else [])
            + ([f"majuscules « {cris[0]} »"] if len(cris) > 1 else [])
        )
        + ". Reformulez avec un vocabulaire soutenu et neutre.",
    )
    if externe:
        c.exiger(
            any(m in n for m in MARQUES_SATISFACTION),
            "satisfaction_client",
            "Rien ne montre l'attention portée au client : remerciez-le, proposez votre aide "
            "(« je reste à votre disposition »).",
            "B4.1-K02",
        )
    return c.resultat()
