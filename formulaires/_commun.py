"""Outils communs aux formulaires : bornes de saisie, lecture des valeurs, messages, enregistrement.

Tout ce qu'un formulaire reçoit d'un widget vient peut-être d'un visiteur
malveillant (Voilà relaie les messages des widgets de n'importe quel
navigateur) : chaque valeur est vérifiée ici, côté noyau — type, longueur,
format français — avant d'atteindre :mod:`compta_kernel`. Aucun texte de
widget n'est évalué comme du code.

Les erreurs de saisie sont des :class:`SaisieInvalide` (une
:class:`~compta_kernel.erreurs.ErreurComptable`) dont ``champ`` nomme le champ
fautif : la vue place le message juste à côté de ce champ (:class:`Champ`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import ipywidgets as widgets
import traitlets

from compta_kernel.erreurs import ErreurComptable, MontantInvalide
from compta_kernel.montants import arrondir, montant
from compta_kernel.presentation import lire_date
from graders import reponses

journal = logging.getLogger("formulaires")

#: Longueur maximale d'un libellé (écriture, ligne de tableau, texte libre).
LIBELLE_MAX = 200
#: Longueur maximale d'un texte court (pièce, code tiers, numéro de compte).
TEXTE_COURT_MAX = 40
#: Longueur maximale d'un nombre ou d'une date tapés en texte.
NOMBRE_MAX_CARACTERES = 30
#: Plus grand montant accepté (en valeur absolue), bien au-delà des cas du cours.
MONTANT_MAX = Decimal("999999999.99")
#: Nombre maximal de lignes d'une écriture saisie.
LIGNES_MAX = 50

_QUESTION = re.compile(r"^[\w.\-]{1,100}$")


class SaisieInvalide(ErreurComptable, ValueError):
    """Une saisie refusée par le formulaire avant d'atteindre le noyau (texte trop long, nombre illisible...)."""


def verifier_texte(valeur: object, *, champ: str, nom: str, maximum: int = LIBELLE_MAX) -> str:
    """Renvoie ``valeur`` si c'est un texte d'au plus ``maximum`` caractères.

    Args:
        valeur: ce qu'a envoyé le widget.
        champ: identifiant du champ (pour placer le message).
        nom: nom du champ pour l'apprenant (« Libellé », « Débit »...).
        maximum: longueur maximale.

    Raises:
        SaisieInvalide: autre chose qu'un texte, ou texte trop long (le texte n'est pas recopié).
    """
    if not isinstance(valeur, str):
        raise SaisieInvalide(f"{nom} : la saisie attendue est un texte.", champ=champ)
    if len(valeur) > maximum:
        raise SaisieInvalide(
            f"{nom} : {len(valeur)} caractères, c'est trop (au plus {maximum}). Raccourcissez la saisie.",
            champ=champ,
        )
    return valeur


def lire_montant_saisi(
    valeur: object,
    *,
    champ: str,
    nom: str,
    negatif: bool = False,
    conseil_negatif: str = "saisissez un montant positif",
    maximum: Decimal = MONTANT_MAX,
) -> Decimal | None:
    """Lit un montant tapé à la française (« 1 234,56 ») ; ``None`` si le champ est vide.

    Le montant doit tenir au centime ; il est renvoyé arrondi au centime
    (:func:`compta_kernel.montants.arrondir`).

    Raises:
        SaisieInvalide: texte illisible (message de :func:`compta_kernel.montants.montant`),
            plus de deux décimales, montant négatif (si ``negatif`` est faux) ou démesuré.
    """
    texte = verifier_texte(valeur, champ=champ, nom=nom, maximum=NOMBRE_MAX_CARACTERES)
    if not texte.strip():
        return None
    try:
        d = montant(texte)
    except MontantInvalide as exc:
        raise SaisieInvalide(f"{nom} : {exc.message}", champ=champ) from exc
    if d != arrondir(d):
        raise SaisieInvalide(
            f"{nom} : « {texte.strip()} » a plus de deux décimales ; arrondissez au centime.", champ=champ
        )
    if d < 0 and not negatif:
        raise SaisieInvalide(
            f"{nom} : le montant est négatif ({texte.strip()}) ; {conseil_negatif}.", champ=champ
        )
    if abs(d) > maximum:
        raise SaisieInvalide(
            f"{nom} : « {texte.strip()} » dépasse le plus grand montant accepté ; vérifiez la saisie.",
            champ=champ,
        )
    return arrondir(d)


def lire_entier_saisi(
    valeur: object, *, champ: str, nom: str, negatif: bool = False, maximum: int = 10**9
) -> int | None:
    """Lit un nombre entier tapé à la française (« 1 234 ») ; ``None`` si le champ est vide.

    Raises:
        SaisieInvalide: pas un entier, négatif (si ``negatif`` est faux) ou plus grand que ``maximum``.
    """
    texte = verifier_texte(valeur, champ=champ, nom=nom, maximum=NOMBRE_MAX_CARACTERES)
    brut = re.sub(r"[\s\u00a0\u202f]", "", texte)
    if not brut:
        return None
    if not re.fullmatch(r"[+-]?\d+", brut):
        raise SaisieInvalide(
            f"{nom} : « {texte.strip()} » n'est pas un nombre entier ; tapez des chiffres, par exemple 12.",
            champ=champ,
        )
    n = int(brut)
    if n < 0 and not negatif:
        raise SaisieInvalide(
            f"{nom} : le nombre est négatif ({n}) ; saisissez un nombre positif.", champ=champ
        )
    if abs(n) > maximum:
        raise SaisieInvalide(f"{nom} : {n} dépasse le plus grand nombre accepté ({maximum}).", champ=champ)
    return n


def lire_date_saisie(valeur: object, *, champ: str = "date", nom: str = "Date") -> dt.date | None:
    """Lit une date tapée au format JJ/MM/AAAA (:func:`compta_kernel.presentation.lire_date`) ; ``None`` si vide.

    Raises:
        SaisieInvalide: date illisible, avec le message du noyau.
    """
    if isinstance(valeur, dt.date):
        return lire_date(valeur)
    texte = verifier_texte(valeur, champ=champ, nom=nom, maximum=NOMBRE_MAX_CARACTERES)
    if not texte.strip():
        return None
    try:
        return lire_date(texte)
    except ValueError as exc:
        raise SaisieInvalide(f"{nom} : {exc}", champ=champ) from exc


def message_imprevu(exc: BaseException) -> str:
    """Message montré à l'apprenant quand un rappel échoue de façon imprévue (jamais de trace d'appels)."""
    return (
        f"Erreur inattendue du formulaire ({type(exc).__name__}) : l'action n'a peut-être pas abouti. "
        "Réessayez ; si l'erreur revient, prévenez votre formateur."
    )


def protege(methode: Callable) -> Callable:
    """Décore un rappel de widget : aucune exception ne remonte jusqu'au carnet.

    Une :class:`~compta_kernel.erreurs.ErreurComptable` devient son message en
    français, placé à côté de son champ ; toute autre exception devient
    :func:`message_imprevu` (la trace d'appels va au journal ``formulaires``,
    pour le formateur). La vue décorée fournit ``_signaler(message, champ)``.
    """

    @functools.wraps(methode)
    def enveloppe(self, *args, **kwargs):
        try:
            return methode(self, *args, **kwargs)
        except ErreurComptable as exc:
            _signaler_sans_lever(self, exc.message, exc.champ)
        except Exception as exc:  # noqa: BLE001 - un rappel de widget ne doit jamais lever dans le carnet
            journal.exception("Rappel %s en échec", methode.__qualname__)
            _signaler_sans_lever(self, message_imprevu(exc), None)
        return None

    return enveloppe


def _signaler_sans_lever(vue, message: str, champ: str | None) -> None:
    try:
        vue._signaler(message, champ)
    except Exception:  # noqa: BLE001 - dernier recours : le message lui-même n'a pas pu s'afficher
        journal.exception("Impossible d'afficher le message %r", message)


def html_message(texte: str, genre: str = "erreur") -> str:
    """HTML d'un message (texte échappé : rien de ce qu'a tapé l'apprenant n'est interprété)."""
    if not texte:
        return ""
    couleur = {"erreur": "#b00020", "info": "#555555", "succes": "#1b5e20"}[genre]
    return (
        f'<span class="formulaire-{genre}" style="color:{couleur};font-size:90%;'
        f'white-space:normal">{html.escape(texte)}</span>'
    )


class Message(widgets.HTML):
    """Une zone de message : erreur en rouge, indication en gris, réussite en vert (texte échappé)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._texte = ""
        self._genre = ""

    def afficher(self, texte: str = "", genre: str = "erreur") -> None:
        """Affiche un message (``""`` l'efface)."""
        if (texte, genre) != (self._texte, self._genre):
            self._texte, self._genre = texte, genre
            self.value = html_message(texte, genre)

    @property
    def texte(self) -> str:
        """Le message affiché, en texte brut."""
        return self._texte

    @property
    def genre(self) -> str:
        """``"erreur"``, ``"info"``, ``"succes"``, ou ``""`` sans message."""
        return self._genre if self._texte else ""


class Champ(widgets.VBox):
    """Un widget de saisie et, juste dessous, son message.

    Attributes:
        saisie: le widget de saisie (``Text``, ``Combobox``, ``Dropdown``...).
        message: le :class:`Message` propre à ce champ.
    """

    def __init__(self, saisie: widgets.Widget, **kwargs) -> None:
        self.saisie = saisie
        self.message = Message()
        super().__init__([saisie, self.message], **kwargs)

    def afficher(self, texte: str = "", genre: str = "erreur") -> None:
        """Affiche un message sous le champ (``""`` l'efface)."""
        self.message.afficher(texte, genre)

    @property
    def texte(self) -> str:
        """Le message affiché sous le champ, en texte brut."""
        return self.message.texte


def fermer(widget: widgets.Widget) -> None:
    """Ferme un widget et tous ceux qu'il contient (libère leurs canaux de communication)."""
    for enfant in getattr(widget, "children", ()):
        fermer(enfant)
    widget.close()


class Persistance:
    """Enregistre la réponse d'un formulaire dans ``reponses.json`` et la relit.

    Args:
        question: identifiant de la question (``grade_id`` de la cellule de test) :
            lettres, chiffres, ``_``, ``-`` et ``.``, 100 caractères au plus.
        dossier: dossier du devoir (par défaut le dossier courant du carnet).
    """

    def __init__(self, question: str, dossier: Path | str | None = None) -> None:
        if not isinstance(question, str) or not _QUESTION.match(question):
            raise ValueError(f"Identifiant de question invalide : {question!r} (lettres, chiffres, _ - .).")
        self.question = question
        self.dossier = Path(dossier) if dossier is not None else Path.cwd()
        self._dernier: str | None = None

    def charger(self) -> object | None:
        """La réponse enregistrée (forme canonique JSON), ou ``None``."""
        try:
            donnees = reponses.lire_tout(self.dossier)
        except (OSError, ValueError, RecursionError):
            return None
        valeur = donnees.get(self.question) if isinstance(donnees, dict) else None
        if valeur is not None:
            self._dernier = json.dumps(valeur, sort_keys=True, ensure_ascii=False)
        return valeur

    def enregistrer(self, valeur: object) -> None:
        """Enregistre la réponse (rien n'est écrit si elle n'a pas changé).

        Raises:
            SaisieInvalide: le fichier ne peut pas être écrit (dossier absent, droits).
        """
        forme = json.dumps(reponses.canonique(valeur), sort_keys=True, ensure_ascii=False)
        if forme == self._dernier:
            return
        try:
            reponses.enregistrer(self.question, valeur, self.dossier)
        except OSError as exc:
            raise SaisieInvalide(
                f"La réponse n'a pas pu être enregistrée dans {self.dossier} ({exc.strerror or exc}). "
                "Vérifiez que le dossier du devoir existe, puis recommencez.",
                champ="formulaire",
            ) from exc
        self._dernier = forme


def lire_nombre_saisi(
    valeur: object, *, champ: str, nom: str, exemple: str = "7,5", decimales: int = 2
) -> Decimal | None:
    """Lit une quantité positive tapée à la française (heures, jours : « 7,5 ») ; ``None`` si vide.

    Raises:
        SaisieInvalide: pas un nombre, trop de décimales, ou négatif.
    """
    texte = verifier_texte(valeur, champ=champ, nom=nom, maximum=NOMBRE_MAX_CARACTERES)
    if not texte.strip():
        return None
    try:
        d = montant(texte)
    except MontantInvalide as exc:
        raise SaisieInvalide(
            f"{nom} : « {texte.strip()} » n'est pas un nombre : tapez des chiffres et une virgule, "
            f"par exemple {exemple}.",
            champ=champ,
        ) from exc
    if d != d.quantize(Decimal(1).scaleb(-decimales)):
        raise SaisieInvalide(f"{nom} : au plus {decimales} décimales (par exemple {exemple}).", champ=champ)
    if d < 0:
        raise SaisieInvalide(
            f"{nom} : le nombre est négatif ({texte.strip()}) ; saisissez 0 ou plus.", champ=champ
        )
    return d


class ModeleFormulaire(traitlets.HasTraits):
    """Base des modèles de formulaire : messages par champ, enregistrement dans ``reponses.json``.

    Args:
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).

    Attributes:
        erreurs: message d'erreur par clé de champ ; ``"formulaire"`` pour ce qui ne
            concerne aucun champ.
        infos: indication par clé de champ (libellé d'un compte...).
        annonce: dernier message de réussite.
        revision: augmente à chaque changement (la vue rafraîchit messages et totaux).
        structure: augmente quand des lignes apparaissent ou disparaissent (la vue se reconstruit).
    """

    erreurs = traitlets.Dict()
    infos = traitlets.Dict()
    annonce = traitlets.Unicode("")
    revision = traitlets.Int(0)
    structure = traitlets.Int(0)

    def __init__(self, question: str, dossier: Path | str | None = None) -> None:
        super().__init__()
        self._persistance = Persistance(question, dossier)
        self._reprise = False

    @property
    def question(self) -> str:
        """Identifiant de la question dans ``reponses.json``."""
        return self._persistance.question

    @property
    def dossier(self) -> Path:
        """Dossier du devoir, où est ``reponses.json``."""
        return self._persistance.dossier

    def valeur(self) -> object:
        """La valeur saisie (écritures, tableau, éléments de paie...)."""
        raise NotImplementedError

    def reponse(self) -> object:
        """Ce qui est enregistré dans ``reponses.json`` (forme acceptée par :func:`graders.reponses.canonique`)."""
        raise NotImplementedError

    def _poser(self, k: str, message: str) -> None:
        self.erreurs = {**self.erreurs, k: message}
        self._informer(k, "")

    def _retirer(self, k: str) -> None:
        if k in self.erreurs:
            self.erreurs = {c: m for c, m in self.erreurs.items() if c != k}

    def _informer(self, k: str, info: str) -> None:
        if self.infos.get(k, "") != info:
            self.infos = {**{c: i for c, i in self.infos.items() if c != k}, **({k: info} if info else {})}

    def _enregistrer(self) -> None:
        """Enregistre :meth:`reponse` (sauf pendant la reprise des réponses enregistrées)."""
        if self._reprise:
            return
        try:
            self._persistance.enregistrer(self.reponse())
        except SaisieInvalide as exc:
            self._poser("formulaire", exc.message)


class VueFormulaire(widgets.VBox):
    """Base des vues : suit le modèle, affiche les messages généraux, ne laisse rien lever.

    Les sous-classes construisent leurs widgets puis appellent ``super().__init__(modele, enfants)``
    et définissent ``_reconstruire()`` (lignes apparues ou disparues) et ``_rafraichir()``
    (messages, totaux).
    """

    def __init__(self, modele: ModeleFormulaire, enfants: list[widgets.Widget]) -> None:
        self._modele = modele
        self._annonce = Message()
        self._general = Message()
        super().__init__([*enfants, self._annonce, self._general])
        modele.observe(self._sur_structure, names="structure")
        modele.observe(self._sur_revision, names="revision")
        self._sur_structure(None)

    @property
    def modele(self) -> ModeleFormulaire:
        """Le modèle (état et appels au noyau)."""
        return self._modele

    @property
    def annonce(self) -> str:
        """Dernier message de réussite affiché."""
        return self._annonce.texte

    @property
    def message_general(self) -> str:
        """Message qui ne concerne aucun champ (erreur imprévue, reprise des réponses)."""
        return self._general.texte

    @protege
    def _sur_structure(self, _change) -> None:
        self._reconstruire()
        self._rafraichir_base()

    @protege
    def _sur_revision(self, _change) -> None:
        self._rafraichir_base()

    def _rafraichir_base(self) -> None:
        self._rafraichir()
        self._annonce.afficher(self._modele.annonce, "succes")
        if self._modele.erreurs.get("formulaire"):
            self._general.afficher(self._modele.erreurs["formulaire"])

    def _signaler(self, message: str, champ: str | None) -> None:
        self._general.afficher(message)

    def _reconstruire(self) -> None:
        raise NotImplementedError

    def _rafraichir(self) -> None:
        raise NotImplementedError
