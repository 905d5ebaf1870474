"""Éditeur de tableau à colonnes typées : plans d'amortissement, états de rapprochement, balances.

Chaque colonne a un type — ``montant`` (« 1 234,56 »), ``date`` (JJ/MM/AAAA),
``texte``, ``entier`` (« 1 234 ») — et chaque cellule est vérifiée pendant la
saisie, son message affiché juste dessous. L'apprenant ajoute et supprime des
lignes ; :meth:`ModeleTableau.valeur` rend un ``DataFrame`` de valeurs exactes
(``Decimal``, ``datetime.date``, ``int``, ``str``), que les correcteurs de
:mod:`graders.tableaux` comparent cellule par cellule.

Le tableau (valeurs et textes tapés) est enregistré dans ``reponses.json`` à
chaque saisie valide et repris après un redémarrage du noyau.

Utilisé par B2.1 (plans d'amortissement linéaire et dégressif), B1.2 (état de
rapprochement bancaire) et B2.3 (balances, tableaux de clôture).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.presentation import format_date, format_montant
from formulaires._commun import (
    LIBELLE_MAX,
    Champ,
    ModeleFormulaire,
    SaisieInvalide,
    VueFormulaire,
    fermer,
    lire_date_saisie,
    lire_entier_saisi,
    lire_montant_saisi,
    protege,
    verifier_texte,
)

#: Types de colonne reconnus.
TYPES_COLONNE = ("montant", "date", "texte", "entier")
#: Nombre maximal de lignes d'un tableau (un plan d'amortissement, une balance de PME).
LIGNES_TABLEAU_MAX = 100
#: Nombre maximal de colonnes.
COLONNES_MAX = 20

_NOM_COLONNE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
_LARGEURS = {"montant": "9em", "date": "8em", "texte": "16em", "entier": "6em"}


@dataclass(frozen=True)
class Colonne:
    """Une colonne du tableau.

    Args:
        nom: identifiant (minuscules, chiffres, ``_``) : la clé de la colonne dans :meth:`ModeleTableau.valeur`.
        type: ``"montant"``, ``"date"``, ``"texte"`` ou ``"entier"``.
        titre: en-tête affiché (par défaut le nom).
        obligatoire: une cellule vide est signalée à la vérification du tableau.
        negatif: montant ou entier négatif permis (par défaut, refusé).
    """

    nom: str
    type: str = "texte"
    titre: str = ""
    obligatoire: bool = False
    negatif: bool = False

    def __post_init__(self) -> None:
        if not _NOM_COLONNE.match(self.nom):
            raise ValueError(f"Nom de colonne invalide : {self.nom!r} (minuscules, chiffres, _).")
        if self.type not in TYPES_COLONNE:
            raise ValueError(
                f"Type de colonne inconnu : {self.type!r} (attendu : {', '.join(TYPES_COLONNE)})."
            )

    @property
    def entete(self) -> str:
        """L'en-tête affiché."""
        return self.titre or self.nom

    def lire(self, texte: object, champ: str) -> object | None:
        """La valeur typée d'une cellule tapée (``None`` si vide).

        Raises:
            SaisieInvalide: message en français, ``champ`` désignant la cellule.
        """
        nom = self.entete
        if self.type == "montant":
            return lire_montant_saisi(texte, champ=champ, nom=nom, negatif=self.negatif)
        if self.type == "date":
            return lire_date_saisie(texte, champ=champ, nom=nom)
        if self.type == "entier":
            return lire_entier_saisi(texte, champ=champ, nom=nom, negatif=self.negatif)
        texte = verifier_texte(texte, champ=champ, nom=nom, maximum=LIBELLE_MAX).strip()
        return texte or None

    def ecrire(self, valeur: object) -> str:
        """Texte d'une valeur (pour pré-remplir une cellule) : « 1 234,56 », « 31/12/2026 »."""
        if valeur is None or valeur == "":
            return ""
        if self.type == "montant" and isinstance(valeur, Decimal | int) and not isinstance(valeur, bool):
            return format_montant(valeur, devise=False)
        if self.type == "date" and isinstance(valeur, dt.date):
            return format_date(valeur)
        return str(valeur)


def cle(colonne: str, ligne: int) -> str:
    """Clé d'une cellule dans :attr:`ModeleTableau.erreurs` : ``"annuite:2"``."""
    return f"{colonne}:{ligne}"


class ModeleTableau(ModeleFormulaire):
    """État de l'éditeur de tableau : textes tapés, valeurs typées, messages par cellule.

    Args:
        colonnes: les :class:`Colonne` (au plus :data:`COLONNES_MAX`).
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).
        lignes: lignes de départ (dictionnaires colonne → valeur ou texte), remplacées
            par le tableau enregistré s'il y en a un.
        lignes_max: nombre maximal de lignes.

    Les clés de :attr:`erreurs` sont celles des cellules (:func:`cle`), ``"lignes"``
    (nombre de lignes), ``"verifier"`` et ``"formulaire"``.
    """

    def __init__(
        self,
        colonnes: Sequence[Colonne],
        question: str = "tableau",
        dossier: Path | str | None = None,
        *,
        lignes: Sequence[Mapping[str, object]] = (),
        lignes_max: int = LIGNES_TABLEAU_MAX,
    ) -> None:
        super().__init__(question, dossier)
        self.colonnes = tuple(colonnes)
        noms = [c.nom for c in self.colonnes]
        if not self.colonnes or len(noms) > COLONNES_MAX or len(set(noms)) != len(noms):
            raise ValueError(f"Il faut de 1 à {COLONNES_MAX} colonnes, de noms distincts.")
        self.lignes_max = lignes_max
        self.cellules: list[dict[str, str]] = []
        self._refus: set[str] = set()
        self._reprise = True
        try:
            self._remplir([{c.nom: c.ecrire(ligne.get(c.nom)) for c in self.colonnes} for ligne in lignes])
            enregistre = self._persistance.charger()
            if isinstance(enregistre, dict) and isinstance(enregistre.get("brouillon"), list):
                self._remplir(enregistre["brouillon"])
        finally:
            self._reprise = False
        self._restructurer()

    # ------------------------------------------------------------------ lecture
    def colonne(self, nom: str) -> Colonne:
        """La colonne de ce nom."""
        return next(c for c in self.colonnes if c.nom == nom)

    def reponse(self) -> dict:
        """La réponse enregistrée : le tableau typé (``"valeur"``) et les textes tapés (``"brouillon"``)."""
        return {"valeur": self.valeur(), "brouillon": [dict(ligne) for ligne in self.cellules]}

    def valeur(self):
        """Le tableau en ``DataFrame`` (colonnes ``object``) de ``Decimal``, ``date``, ``int``, ``str``.

        Une cellule vide ou invalide vaut ``None`` (son message est dans :attr:`erreurs`).
        """
        import pandas as pd

        lignes = [
            [
                None if cle(c.nom, i) in self._refus else self._valeur_ou_rien(c, ligne[c.nom])
                for c in self.colonnes
            ]
            for i, ligne in enumerate(self.cellules)
        ]
        return pd.DataFrame(lignes, columns=[c.nom for c in self.colonnes], dtype=object)

    @property
    def est_valide(self) -> bool:
        """Vrai si aucune cellule n'est invalide ni ne manque (après :meth:`verifier`)."""
        return not self.erreurs

    # ------------------------------------------------------------------ saisie
    def modifier(self, ligne: object, colonne: object, texte: object) -> bool:
        """Change une cellule (rang de la ligne, nom de la colonne) et la vérifie aussitôt.

        Returns:
            ``True`` si la saisie est valide (elle est alors enregistrée).
        """
        self._retirer("formulaire")
        self._retirer("verifier")
        self.annonce = ""
        if not self._rang_valide(ligne) or not any(c.nom == colonne for c in self.colonnes):
            self._poser("formulaire", "Cette cellule n'existe pas dans le tableau : saisie ignorée.")
            self.revision += 1
            return False
        ok = self._appliquer(ligne, colonne, texte)
        if ok:
            self._enregistrer()
        self.revision += 1
        return ok

    def ajouter_ligne(self) -> bool:
        """Ajoute une ligne vide à la fin (au plus ``lignes_max``)."""
        if len(self.cellules) >= self.lignes_max:
            self._poser("lignes", f"Le tableau a au plus {self.lignes_max} lignes.")
            self.revision += 1
            return False
        self.cellules.append(dict.fromkeys((c.nom for c in self.colonnes), ""))
        self._retirer("lignes")
        self._restructurer()
        self._enregistrer()
        return True

    def supprimer_ligne(self, ligne: object) -> bool:
        """Supprime une ligne (par son rang, 0 pour la première)."""
        if not self._rang_valide(ligne):
            self._poser("lignes", "Cette ligne n'existe pas (ou plus) : rien n'a été supprimé.")
            self.revision += 1
            return False
        del self.cellules[ligne]
        self._retirer("lignes")
        self._restructurer()
        self._enregistrer()
        return True

    def verifier(self) -> bool:
        """Vérifie tout le tableau, cellules obligatoires comprises.

        Returns:
            ``True`` si le tableau est complet et valide (annonce de réussite).
        """
        self.annonce = ""
        erreurs = {k: m for k, m in self.erreurs.items() if k in self._refus}
        for i, ligne in enumerate(self.cellules):
            for c in self.colonnes:
                k = cle(c.nom, i)
                if k in erreurs:
                    continue
                try:
                    if c.lire(ligne[c.nom], k) is None and c.obligatoire:
                        erreurs[k] = f"{c.entete} : cellule obligatoire, à remplir."
                except ErreurComptable as exc:
                    erreurs[k] = exc.message
        if erreurs:
            erreurs["verifier"] = (
                f"Le tableau n'est pas complet : {len(erreurs)} cellule(s) signalée(s) en rouge."
            )
        else:
            self.annonce = f"Tableau complet : {len(self.cellules)} ligne(s) enregistrée(s)."
        self.erreurs = erreurs
        self.revision += 1
        return not erreurs

    # ------------------------------------------------------------------ interne
    def _rang_valide(self, ligne: object) -> bool:
        return isinstance(ligne, int) and not isinstance(ligne, bool) and 0 <= ligne < len(self.cellules)

    def _appliquer(self, ligne: int, colonne: str, texte: object) -> bool:
        c = self.colonne(colonne)
        k = cle(colonne, ligne)
        try:
            texte = verifier_texte(texte, champ=k, nom=c.entete, maximum=LIBELLE_MAX)
        except SaisieInvalide as exc:
            self._refus.add(k)
            self._poser(k, exc.message)
            return False
        self._refus.discard(k)
        self.cellules[ligne][colonne] = texte
        try:
            c.lire(texte, k)
        except ErreurComptable as exc:
            self._poser(k, exc.message)
            return False
        self._retirer(k)
        return True

    def _valeur_ou_rien(self, colonne: Colonne, texte: str) -> object | None:
        try:
            return colonne.lire(texte, colonne.nom)
        except ErreurComptable:
            return None

    def _remplir(self, lignes: object) -> None:
        """Remplace les lignes (textes contrôlés comme une saisie, au plus ``lignes_max``)."""
        lignes = list(lignes) if isinstance(lignes, list | tuple) else []
        if len(lignes) > self.lignes_max:
            self._poser("lignes", f"Seules les {self.lignes_max} premières lignes ont été reprises.")
        self.cellules = [dict.fromkeys((c.nom for c in self.colonnes), "") for _ in lignes[: self.lignes_max]]
        self.erreurs = {k: m for k, m in self.erreurs.items() if k in ("lignes", "formulaire")}
        self._refus.clear()
        for i, ligne in enumerate(lignes[: self.lignes_max]):
            if isinstance(ligne, Mapping):
                for c in self.colonnes:
                    if isinstance(ligne.get(c.nom), str) and ligne[c.nom]:
                        self._appliquer(i, c.nom, ligne[c.nom])

    def _restructurer(self) -> None:
        """Après un changement de lignes : messages des cellules recalculés à partir des textes."""
        erreurs = {k: m for k, m in self.erreurs.items() if ":" not in k and k != "verifier"}
        self._refus.clear()
        for i, ligne in enumerate(self.cellules):
            for c in self.colonnes:
                try:
                    c.lire(ligne[c.nom], cle(c.nom, i))
                except ErreurComptable as exc:
                    erreurs[cle(c.nom, i)] = exc.message
        self.erreurs = erreurs
        self.structure += 1
        self.revision += 1


class _Rangee(widgets.HBox):
    """Une ligne de l'éditeur : une cellule par colonne et le bouton « Supprimer »."""

    def __init__(self, champs: dict[str, Champ]) -> None:
        self.champs = champs
        self.supprimer = widgets.Button(
            description="Supprimer", icon="trash", layout=widgets.Layout(width="8em")
        )
        super().__init__([*champs.values(), self.supprimer])


class EditeurTableau(VueFormulaire):
    """Vue de l'éditeur de tableau (le modèle est :class:`ModeleTableau`).

    Args:
        colonnes, question, dossier, lignes, lignes_max: voir :class:`ModeleTableau`.
        modele: un modèle déjà construit (sinon créé à partir des autres arguments).

    Exemple dans un carnet::

        plan = EditeurTableau([Colonne("exercice", "entier", "Exercice"),
                               Colonne("annuite", "montant", "Annuité"),
                               Colonne("vnc", "montant", "VNC fin d'exercice")],
                              question="b2_plan_lineaire")
        plan
    """

    def __init__(
        self,
        colonnes: Sequence[Colonne] = (),
        question: str = "tableau",
        dossier: Path | str | None = None,
        *,
        lignes: Sequence[Mapping[str, object]] = (),
        lignes_max: int = LIGNES_TABLEAU_MAX,
        modele: ModeleTableau | None = None,
    ) -> None:
        m = modele or ModeleTableau(colonnes, question, dossier, lignes=lignes, lignes_max=lignes_max)
        self._synchro = False
        entetes = widgets.HBox(
            [
                widgets.HTML(
                    f"<b>{html.escape(c.entete)}</b>", layout=widgets.Layout(width=_LARGEURS[c.type])
                )
                for c in m.colonnes
            ]
        )
        self._rangees: list[_Rangee] = []
        self._zone_lignes = widgets.VBox()
        self._ajouter = Champ(widgets.Button(description="Ajouter une ligne", icon="plus"))
        self._ajouter.saisie.on_click(self._sur_ajouter)
        self._verifier = Champ(widgets.Button(description="Vérifier le tableau", icon="check"))
        self._verifier.saisie.on_click(self._sur_verifier)
        super().__init__(m, [entetes, self._zone_lignes, self._ajouter, self._verifier])

    # ------------------------------------------------------------------ API
    def valeur(self):
        """Le tableau typé (voir :meth:`ModeleTableau.valeur`)."""
        return self._modele.valeur()

    def champ(self, colonne: str, ligne: int) -> Champ:
        """La cellule (widget de saisie et son message)."""
        return self._rangees[ligne].champs[colonne]

    def message(self, colonne: str, ligne: int | None = None) -> str:
        """Message sous une cellule ; sans ``ligne`` : ``"lignes"`` (ajout) ou ``"verifier"``."""
        if ligne is None:
            return {"lignes": self._ajouter, "verifier": self._verifier}[colonne].texte
        return self.champ(colonne, ligne).texte

    def bouton(self, nom: str, ligne: int | None = None) -> widgets.Button:
        """Un bouton : ``"ajouter"``, ``"verifier"``, ``"supprimer"`` (avec ``ligne``)."""
        if nom == "supprimer":
            return self._rangees[ligne].supprimer
        return {"ajouter": self._ajouter.saisie, "verifier": self._verifier.saisie}[nom]

    @property
    def nb_lignes(self) -> int:
        """Nombre de lignes affichées."""
        return len(self._rangees)

    # ------------------------------------------------------------------ rappels
    @protege
    def _sur_saisie(self, ligne: int, colonne: str, change: dict) -> None:
        if self._synchro:
            return
        self._general.afficher("")
        self._modele.modifier(ligne, colonne, change["new"])

    @protege
    def _sur_ajouter(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.ajouter_ligne()

    @protege
    def _sur_supprimer(self, ligne: int, _bouton) -> None:
        self._general.afficher("")
        self._modele.supprimer_ligne(ligne)

    @protege
    def _sur_verifier(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.verifier()

    # ------------------------------------------------------------------ affichage
    def _reconstruire(self) -> None:
        m = self._modele
        self._synchro = True
        try:
            for rangee in self._rangees[len(m.cellules) :]:
                fermer(rangee)
            del self._rangees[len(m.cellules) :]
            for i in range(len(self._rangees), len(m.cellules)):
                self._rangees.append(self._rangee(i))
            for rangee, ligne in zip(self._rangees, m.cellules, strict=True):
                for nom, champ in rangee.champs.items():
                    champ.saisie.value = ligne[nom]
            self._zone_lignes.children = tuple(self._rangees)
        finally:
            self._synchro = False

    def _rangee(self, i: int) -> _Rangee:
        champs = {}
        for c in self._modele.colonnes:
            largeur = _LARGEURS[c.type]
            saisie = widgets.Text(
                placeholder={"montant": "0,00", "date": "JJ/MM/AAAA"}.get(c.type, ""),
                layout=widgets.Layout(width=largeur),
            )
            saisie.observe(partial(self._sur_saisie, i, c.nom), names="value")
            champs[c.nom] = Champ(saisie, layout=widgets.Layout(width=largeur))
        rangee = _Rangee(champs)
        rangee.supprimer.on_click(partial(self._sur_supprimer, i))
        return rangee

    def _rafraichir(self) -> None:
        erreurs = self._modele.erreurs
        for i, rangee in enumerate(self._rangees):
            for nom, champ in rangee.champs.items():
                champ.afficher(erreurs.get(cle(nom, i), ""))
        self._ajouter.afficher(erreurs.get("lignes", ""))
        self._verifier.afficher(erreurs.get("verifier", ""))
