"""Base des simulateurs : des champs tapés à la française, un calcul du noyau, un résultat.

Un simulateur (pénalités de retard, et demain plan d'amortissement, bulletin
de paie, CA3) se décrit en trois morceaux, dans un petit module :

1. ses :class:`Parametre` (nom, libellé, fonction de lecture qui lève une
   :class:`~formulaires.SaisieInvalide` en français) ;
2. une fonction de calcul ``calcul(valeurs) -> résultat`` qui appelle le noyau et
   lève une :class:`~compta_kernel.erreurs.ErreurComptable` dont ``champ`` nomme
   le champ à corriger ;
3. une fonction de rendu ``rendu(résultat) -> HTML`` (texte échappé).

:class:`ModeleSimulateur` tient les textes saisis, les valeurs lues, les
messages par champ et le résultat ; il enregistre les textes dans la
progression de l'apprenant (:mod:`tableaux_de_bord.progression`) pour les
reprendre au rechargement de la page. :class:`VueSimulateur` n'affiche que des
widgets reliés au modèle : un champ par paramètre avec son message juste
dessous, le bouton « Calculer » et le résultat.

Tout ce qui arrive d'un widget peut venir d'un visiteur malveillant (Voilà
relaie les messages des widgets) : le modèle vérifie type et longueur avant
de lire, n'évalue jamais un texte, et aucun rappel ne lève.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import ipywidgets as widgets
import traitlets

from compta_kernel.erreurs import ErreurComptable
from formulaires import SaisieInvalide
from formulaires._commun import NOMBRE_MAX_CARACTERES, Champ, Message, protege, verifier_texte
from tableaux_de_bord.progression import Progression

#: Message quand « Calculer » trouve des champs à corriger.
A_CORRIGER = "Le calcul n'a pas été fait : corrigez les champs signalés en rouge."


@dataclass(frozen=True)
class Parametre:
    """Un champ de simulateur.

    Attributes:
        nom: identifiant (``"montant"``), aussi classe CSS ``tdb-<nom>`` du champ.
        libelle: ce que lit l'apprenant (« Montant TTC »).
        lire: ``lire(texte, champ=..., nom=...)`` renvoie la valeur, ou ``None`` si le
            texte est vide ; lève :class:`~formulaires.SaisieInvalide` (message en français).
        aide: exemple affiché dans le champ vide (« 10 000,00 »).
        indication: phrase grise affichée sous le champ tant qu'il n'y a pas d'erreur.
        obligatoire: le calcul exige une valeur.
        maximum: longueur maximale du texte.
        choix: ``(libellé affiché, texte transmis)`` d'une liste déroulante ; vide pour un champ
            de texte. Le texte transmis est relu par ``lire`` comme une saisie : une valeur
            forgée par un visiteur est refusée comme une faute de frappe.
    """

    nom: str
    libelle: str
    lire: Callable[..., object]
    aide: str = ""
    indication: str = ""
    obligatoire: bool = True
    maximum: int = NOMBRE_MAX_CARACTERES
    choix: tuple[tuple[str, str], ...] = ()


class ModeleSimulateur(traitlets.HasTraits):
    """État d'un simulateur et appels au noyau (Python pur, utilisable sans widget).

    Args:
        section: section de la progression où sont gardés les textes saisis (``"b4_penalites"``).
        parametres: les champs, dans l'ordre d'affichage.
        calcul: ``calcul(valeurs)`` → résultat ; ``valeurs`` a une entrée par paramètre
            (``None`` pour un champ facultatif vide).
        progression: où enregistrer (par défaut celle de l'apprenant courant).
        reprendre: reprend aussitôt les textes enregistrés ; sinon, rien n'est lu ni enregistré
            avant :meth:`reprendre` (les widgets se construisent pendant le préchauffage du noyau).

    Attributes:
        textes: texte de chaque champ, tel que tapé.
        erreurs: message par nom de champ ; ``"formulaire"`` pour le reste.
        resultat: le dernier résultat calculé, ``None`` tant que les champs ne permettent pas le calcul.
        revision: augmente à chaque changement (la vue se rafraîchit).
        structure: augmente quand les textes sont repris (la vue remplit ses champs).
    """

    revision = traitlets.Int(0)
    structure = traitlets.Int(0)

    def __init__(
        self,
        section: str,
        parametres: Sequence[Parametre],
        calcul: Callable[[dict], object],
        progression: Progression | None = None,
        *,
        reprendre: bool = True,
    ) -> None:
        super().__init__()
        self.section = section
        self.parametres = {p.nom: p for p in parametres}
        self._calcul = calcul
        self._progression: Progression | None = None
        self.textes: dict[str, str] = dict.fromkeys(self.parametres, "")
        self.valeurs: dict[str, object] = dict.fromkeys(self.parametres)
        self.erreurs: dict[str, str] = {}
        self.resultat: object | None = None
        self._cle_calcul: str | None = None  # champ qui porte l'erreur du dernier calcul
        if reprendre:
            self.reprendre(progression)

    def reprendre(self, progression: Progression | None = None) -> None:
        """Branche la progression (par défaut celle de l'apprenant courant) et reprend les textes saisis."""
        self._progression = progression if progression is not None else Progression()
        self._reprendre()
        self.structure += 1

    # ------------------------------------------------------------------ saisie
    def modifier(self, nom: object, texte: object) -> bool:
        """Change le texte d'un champ, le lit aussitôt et recalcule si tout est lisible.

        Returns:
            ``True`` si le texte est lisible (ou vide).
        """
        ok = self._appliquer(nom, texte)
        if ok:
            self._calculer(complet=False)
            self._enregistrer()
        else:
            self.resultat = None
        self.revision += 1
        return ok

    def calculer(self) -> object | None:
        """Lit tous les champs (les champs obligatoires vides sont signalés) et calcule.

        Returns:
            le résultat, ou ``None`` : chaque erreur est alors rangée dans :attr:`erreurs`.
        """
        resultat = self._calculer(complet=True)
        self.revision += 1
        return resultat

    # ------------------------------------------------------------------ interne
    def _appliquer(self, nom: object, texte: object) -> bool:
        self.erreurs.pop("formulaire", None)
        if not isinstance(nom, str) or nom not in self.parametres:
            self.erreurs["formulaire"] = "Ce champ n'existe pas dans le simulateur : saisie ignorée."
            return False
        p = self.parametres[nom]
        if self._cle_calcul == nom:
            self._cle_calcul = None
        try:
            texte = verifier_texte(texte, champ=nom, nom=p.libelle, maximum=p.maximum)
        except SaisieInvalide as exc:
            self.erreurs[nom] = exc.message  # texte refusé (type, longueur) : le précédent reste
            return False
        self.textes[nom] = texte
        try:
            self.valeurs[nom] = p.lire(texte, champ=nom, nom=p.libelle)
        except ErreurComptable as exc:
            self.valeurs[nom] = None
            self.erreurs[nom] = exc.message
            return False
        self.erreurs.pop(nom, None)
        return True

    def _calculer(self, *, complet: bool) -> object | None:
        self.resultat = None
        if self._cle_calcul is not None:
            self.erreurs.pop(self._cle_calcul, None)
            self._cle_calcul = None
        if complet:
            for nom, p in self.parametres.items():
                if nom not in self.erreurs:
                    self._appliquer(nom, self.textes[nom])
                if p.obligatoire and self.valeurs[nom] is None and nom not in self.erreurs:
                    self.erreurs[nom] = f"{p.libelle} : ce champ est obligatoire."
        champs_en_erreur = [nom for nom in self.parametres if nom in self.erreurs]
        manquants = [n for n, p in self.parametres.items() if p.obligatoire and self.valeurs[n] is None]
        if champs_en_erreur or manquants:
            if complet:
                self.erreurs["formulaire"] = A_CORRIGER
            return None
        try:
            self.resultat = self._calcul(dict(self.valeurs))
        except ErreurComptable as exc:
            self._cle_calcul = exc.champ if exc.champ in self.parametres else "formulaire"
            self.erreurs[self._cle_calcul] = exc.message
            return None
        self.erreurs.pop("formulaire", None)
        return self.resultat

    def _enregistrer(self) -> None:
        if self._progression is None:
            return
        try:
            self._progression.enregistrer(self.section, {"saisie": dict(self.textes)})
        except SaisieInvalide as exc:
            self.erreurs["formulaire"] = exc.message

    def _reprendre(self) -> None:
        saisie = self._progression.lire(self.section).get("saisie")
        if not isinstance(saisie, dict):
            return
        for nom in self.parametres:
            texte = saisie.get(nom)
            if isinstance(texte, str) and texte:
                self._appliquer(nom, texte)
        self._calculer(complet=False)


class VueSimulateur(widgets.VBox):
    """Vue d'un simulateur : un champ par paramètre (message dessous), « Calculer », le résultat.

    Args:
        modele: le :class:`ModeleSimulateur`.
        rendu: ``rendu(résultat)`` → HTML du résultat (tout texte échappé).
        titre: titre affiché en tête (texte brut).
        largeur_libelles: largeur des libellés des champs.
    """

    def __init__(
        self,
        modele: ModeleSimulateur,
        rendu: Callable[[object], str],
        titre: str = "",
        largeur_libelles: str = "16em",
    ) -> None:
        self._modele = modele
        self._rendu = rendu
        self._synchro = False
        self._champs: dict[str, Champ] = {}
        for nom, p in modele.parametres.items():
            style, largeur = {"description_width": largeur_libelles}, widgets.Layout(width="34em")
            if p.choix:
                saisie = widgets.Dropdown(options=p.choix, description=p.libelle, style=style, layout=largeur)
            else:
                saisie = widgets.Text(
                    description=p.libelle,
                    placeholder=p.aide,
                    continuous_update=False,
                    style=style,
                    layout=largeur,
                )
            champ = Champ(saisie)
            champ.add_class(f"tdb-{nom}")
            saisie.observe(partial(self._sur_saisie, nom), names="value")
            self._champs[nom] = champ
        self._bouton = widgets.Button(description="Calculer", button_style="primary", icon="calculator")
        self._bouton.add_class("tdb-calculer")
        self._bouton.on_click(self._sur_calculer)
        self._resultat = widgets.HTML()
        self._resultat.add_class("tdb-resultat")
        self._general = Message()
        self._general.add_class("tdb-message-general")
        enfants: list[widgets.Widget] = []
        if titre:
            enfants.append(widgets.HTML(f"<h3>{html.escape(titre)}</h3>"))
        super().__init__([*enfants, *self._champs.values(), self._bouton, self._general, self._resultat])
        self.add_class("tdb-simulateur")
        modele.observe(self._sur_revision, names="revision")
        modele.observe(self._sur_structure, names="structure")
        self._rafraichir(textes=True)

    @property
    def modele(self) -> ModeleSimulateur:
        """Le modèle du simulateur."""
        return self._modele

    def champ(self, nom: str) -> Champ:
        """Le champ (widget de saisie et son message) d'un paramètre."""
        return self._champs[nom]

    def message(self, nom: str) -> str:
        """Le message affiché sous un champ (``""`` s'il n'y en a pas)."""
        return self._champs[nom].texte

    @property
    def bouton(self) -> widgets.Button:
        """Le bouton « Calculer »."""
        return self._bouton

    @property
    def message_general(self) -> str:
        """Le message qui ne concerne aucun champ."""
        return self._general.texte

    @property
    def resultat_html(self) -> str:
        """Le HTML du résultat affiché (``""`` sans résultat)."""
        return self._resultat.value

    @protege
    def _sur_saisie(self, nom: str, change: dict) -> None:
        if not self._synchro:
            self._modele.modifier(nom, change["new"])

    @protege
    def _sur_calculer(self, _bouton) -> None:
        self._modele.calculer()

    @protege
    def _sur_revision(self, _change) -> None:
        self._rafraichir(textes=False)

    @protege
    def _sur_structure(self, _change) -> None:
        self._rafraichir(textes=True)

    def _signaler(self, message: str, champ: str | None) -> None:
        if champ in self._champs:
            self._champs[champ].afficher(message)
        else:
            self._general.afficher(message)

    def _rafraichir(self, *, textes: bool) -> None:
        m = self._modele
        if textes:
            self._synchro = True
            try:
                for nom, champ in self._champs.items():
                    texte, choix = m.textes[nom], m.parametres[nom].choix
                    if choix:  # une liste déroulante n'affiche qu'un choix connu
                        connus = [valeur for _, valeur in choix]
                        texte = texte if texte in connus else connus[0]
                    champ.saisie.value = texte
            finally:
                self._synchro = False
        for nom, champ in self._champs.items():
            if nom in m.erreurs:
                champ.afficher(m.erreurs[nom], "erreur")
            else:
                champ.afficher(m.parametres[nom].indication, "info")
        self._general.afficher(m.erreurs.get("formulaire", ""))
        self._resultat.value = self._rendu(m.resultat) if m.resultat is not None else ""
