"""Pointage du rapprochement bancaire : relevé de la banque face au compte 512 du livre.

Deux listes à cocher — les lignes du relevé bancaire et celles du compte 512 —,
les totaux de la sélection et leur différence affichés pendant que l'apprenant
coche ; « Pointer » enregistre l'appariement (code A, B, C...) quand la
différence est nulle. Les lignes restées non pointées alimentent l'état de
rapprochement.

Le modèle est générique : une ligne est ``(id, date, libellé, montant)``, le
montant en ``Decimal`` signé du point de vue de l'entreprise (positif : un
encaissement, au débit du 512 et au crédit du relevé ; négatif : un
décaissement). Lignes, pointages et totaux sont ceux du noyau
(:mod:`compta_kernel.rapprochement`) : :meth:`ModelePointage.depuis_releve` part d'un
relevé importé et du livre, :meth:`ModelePointage.etat` donne l'état de
rapprochement des pointages faits à la main.

Utilisé par B1.2 (rapprochement bancaire).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.presentation import format_montant
from compta_kernel.rapprochement import (
    EtatRapprochement,
    LignePointage,
    Pointage,
    code_pointage,
    detecter_erreurs,
    etat_rapprochement,
    lignes_compte,
    lignes_releve,
    solde_compte,
    totaux_selection,
)
from formulaires._commun import (
    Champ,
    Message,
    ModeleFormulaire,
    VueFormulaire,
    protege,
)

#: Les deux côtés du pointage et leur titre.
COTES = {"releve": "Relevé bancaire", "livre": "Compte 512 (livre)"}
#: Nombre maximal de lignes de chaque côté.
LIGNES_POINTAGE_MAX = 2000


def _ligne(ligne: object) -> LignePointage:
    if isinstance(ligne, LignePointage):
        return ligne
    ident, date, libelle, valeur = ligne
    return LignePointage(ident, date, libelle, valeur)


class ModelePointage(ModeleFormulaire):
    """État du pointage : sélection de chaque côté, pointages faits, totaux.

    Args:
        releve: lignes du relevé bancaire (:class:`LignePointage` ou tuples ``(id, date, libellé, montant)``).
        livre: lignes du compte 512, même forme.
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).

    Les clés de :attr:`erreurs` sont ``"releve"``, ``"livre"`` (message sous chaque liste),
    ``"pointer"``, ``"depointer"`` et ``"formulaire"``.
    """

    def __init__(
        self,
        releve: Iterable[object],
        livre: Iterable[object],
        question: str = "pointage",
        dossier: Path | str | None = None,
    ) -> None:
        super().__init__(question, dossier)
        self.lignes: dict[str, tuple[LignePointage, ...]] = {
            "releve": tuple(_ligne(x) for x in releve),
            "livre": tuple(_ligne(x) for x in livre),
        }
        for cote, lignes in self.lignes.items():
            if len(lignes) > LIGNES_POINTAGE_MAX:
                raise ValueError(f"{COTES[cote]} : au plus {LIGNES_POINTAGE_MAX} lignes.")
            if len({x.id for x in lignes}) != len(lignes):
                raise ValueError(f"{COTES[cote]} : deux lignes ont le même identifiant.")
        self._index = {cote: {x.id: x for x in lignes} for cote, lignes in self.lignes.items()}
        self.selection: dict[str, set[str]] = {"releve": set(), "livre": set()}
        self.pointages: list[Pointage] = []
        self._codes: dict[str, dict[str, str]] = {"releve": {}, "livre": {}}
        self.contexte: tuple | None = None
        self._recharger()

    @classmethod
    def depuis_releve(
        cls,
        livre,
        releve,
        question: str = "pointage",
        dossier: Path | str | None = None,
        *,
        compte: str = "512",
    ) -> ModelePointage:
        """Le modèle d'un relevé importé (:func:`compta_kernel.banque.lire_releve`) et du compte 512 du livre
        sur la période du relevé."""
        modele = cls(
            lignes_releve(releve),
            lignes_compte(livre, compte, debut=releve.debut, fin=releve.fin),
            question,
            dossier,
        )
        modele.contexte = (livre, releve, compte)
        return modele

    def etat(self, livre=None, releve=None, *, compte: str = "512") -> EtatRapprochement:
        """L'état de rapprochement des pointages faits (lignes non pointées de chaque côté).

        Args:
            livre, releve: par défaut ceux de :meth:`depuis_releve`.
        """
        if livre is None or releve is None:
            if self.contexte is None:
                raise ErreurComptable(
                    "Donnez le livre et le relevé : le pointage n'a pas été créé depuis un relevé."
                )
            livre, releve, compte = self.contexte
        return etat_rapprochement(
            self.lignes["releve"],
            self.lignes["livre"],
            self.pointages,
            date=releve.fin,
            solde_livre=solde_compte(livre, compte, au=releve.fin),
            solde_releve=releve.solde_final,
            compte=compte,
            erreurs=detecter_erreurs(self.lignes["releve"], self.lignes["livre"], self.pointages),
        )

    # ------------------------------------------------------------------ lecture
    def code(self, cote: str, ident: str) -> str:
        """Code du pointage d'une ligne (``""`` si elle n'est pas pointée)."""
        return self._codes[cote].get(ident, "")

    def non_pointees(self, cote: str) -> list[LignePointage]:
        """Lignes d'un côté qui ne sont pas encore pointées (pour l'état de rapprochement)."""
        return [x for x in self.lignes[cote] if x.id not in self._codes[cote]]

    def totaux(self) -> tuple[Decimal, Decimal, Decimal]:
        """Totaux sélectionnés du relevé et du livre, et leur différence (relevé − livre)."""
        return totaux_selection(
            (self._index["releve"][i] for i in self.selection["releve"]),
            (self._index["livre"][i] for i in self.selection["livre"]),
        )

    def texte_totaux(self) -> str:
        """« Sélection relevé : 1 200,00 € · Sélection livre : 1 000,00 € · Différence : 200,00 € »."""
        releve, livre, difference = self.totaux()
        return (
            f"Sélection relevé : {format_montant(releve)} · Sélection livre : {format_montant(livre)} · "
            f"Différence : {format_montant(difference)}"
        )

    def valeur(self) -> list[Pointage]:
        """Les pointages faits, dans l'ordre."""
        return list(self.pointages)

    def reponse(self) -> dict:
        """La réponse enregistrée : pointages (code, identifiants de chaque côté) et sélection en cours."""
        return {
            "pointages": [
                {"code": p.code, "releve": list(p.releve), "livre": list(p.livre)} for p in self.pointages
            ],
            "selection": {cote: sorted(ids) for cote, ids in self.selection.items()},
        }

    # ------------------------------------------------------------------ actions
    def cocher(self, cote: object, ident: object, coche: object) -> bool:
        """Coche ou décoche une ligne non pointée.

        Returns:
            ``True`` si la sélection a changé comme demandé.
        """
        self._retirer("formulaire")
        self._retirer("pointer")
        ok = self._cocher(cote, ident, coche)
        if ok:
            self._enregistrer()
        self.revision += 1
        return ok

    def pointer(self) -> Pointage | None:
        """Pointe la sélection : des lignes de chaque côté, de même total.

        Returns:
            le pointage enregistré, ou ``None`` (message sous ``"pointer"``).
        """
        self.annonce = ""
        self._retirer("formulaire")
        releve, livre, difference = self.totaux()
        if not self.selection["releve"] or not self.selection["livre"]:
            self._poser("pointer", "Cochez au moins une ligne du relevé et une ligne du compte 512.")
        elif difference:
            self._poser(
                "pointer",
                f"La sélection ne se pointe pas : relevé {format_montant(releve)}, livre {format_montant(livre)}, "
                f"différence {format_montant(difference)}. Cochez des lignes de même total.",
            )
        else:
            pointage = self._ajouter(self.selection["releve"], self.selection["livre"])
            self.selection = {"releve": set(), "livre": set()}
            self._retirer("pointer")
            self.annonce = (
                f"Pointage {pointage.code} : {len(pointage.releve)} ligne(s) du relevé et "
                f"{len(pointage.livre)} ligne(s) du livre, {format_montant(releve)}."
            )
            self._enregistrer()
            self.revision += 1
            return pointage
        self.revision += 1
        return None

    def depointer(self, code: object = None) -> bool:
        """Annule un pointage (par défaut le dernier) ; ses lignes redeviennent à pointer."""
        self.annonce = ""
        self._retirer("formulaire")
        self._retirer("depointer")
        codes = [p.code for p in self.pointages]
        if code is None and codes:
            code = codes[-1]
        if not isinstance(code, str) or code not in codes:
            self._poser("depointer", "Aucun pointage à annuler.")
            self.revision += 1
            return False
        pointage = self.pointages.pop(codes.index(code))
        for cote in COTES:
            for ident in getattr(pointage, cote):
                self._codes[cote].pop(ident, None)
        self.annonce = f"Pointage {code} annulé."
        self._enregistrer()
        self.revision += 1
        return True

    # ------------------------------------------------------------------ interne
    def _cocher(self, cote: object, ident: object, coche: object) -> bool:
        if cote not in COTES or not isinstance(ident, str) or ident not in self._index[cote]:
            self._poser("formulaire", "Cette ligne n'existe pas : sélection ignorée.")
            return False
        if not isinstance(coche, bool):
            self._poser(cote, "Une case se coche ou se décoche (vrai ou faux).")
            return False
        if ident in self._codes[cote]:
            self._poser(
                cote,
                f"La ligne {self._index[cote][ident].description()} est déjà pointée "
                f"({self._codes[cote][ident]}) : annulez ce pointage pour la reprendre.",
            )
            return False
        self._retirer(cote)
        (self.selection[cote].add if coche else self.selection[cote].discard)(ident)
        return True

    def _ajouter(self, releve: Iterable[str], livre: Iterable[str]) -> Pointage:
        utilises = {p.code for p in self.pointages}
        rang = 0
        while code_pointage(rang) in utilises:
            rang += 1
        pointage = Pointage(code_pointage(rang), tuple(sorted(releve)), tuple(sorted(livre)))
        self.pointages.append(pointage)
        for cote in COTES:
            for ident in getattr(pointage, cote):
                self._codes[cote][ident] = pointage.code
        return pointage

    def _recharger(self) -> None:
        """Reprend pointages et sélection enregistrés ; un pointage incohérent est écarté avec un message."""
        donnees = self._persistance.charger()
        if not isinstance(donnees, dict):
            return
        ecartes = 0
        pointages = donnees.get("pointages")
        for p in pointages[:LIGNES_POINTAGE_MAX] if isinstance(pointages, list) else ():
            if not self._pointage_valide(p):
                ecartes += 1
                continue
            self._ajouter(p["releve"], p["livre"])
        if ecartes:
            self._poser(
                "formulaire", f"{ecartes} pointage(s) enregistré(s) incohérent(s) n'ont pas été repris."
            )
        selection = donnees.get("selection")
        if isinstance(selection, dict):
            for cote in COTES:
                ids = selection.get(cote)
                for ident in ids[:LIGNES_POINTAGE_MAX] if isinstance(ids, list) else ():
                    if (
                        isinstance(ident, str)
                        and ident in self._index[cote]
                        and ident not in self._codes[cote]
                    ):
                        self.selection[cote].add(ident)

    def _pointage_valide(self, p: object) -> bool:
        if not isinstance(p, dict):
            return False
        total = {}
        for cote in COTES:
            ids = p.get(cote)
            if not isinstance(ids, list) or not ids or len(set(map(str, ids))) != len(ids):
                return False
            if any(
                not isinstance(i, str) or i not in self._index[cote] or i in self._codes[cote] for i in ids
            ):
                return False
            total[cote] = [self._index[cote][i] for i in ids]
        return not totaux_selection(total["releve"], total["livre"])[2]


class PointageBancaire(VueFormulaire):
    """Vue du pointage (le modèle est :class:`ModelePointage`).

    Args:
        releve, livre, question, dossier: voir :class:`ModelePointage`.
        modele: un modèle déjà construit (sinon créé à partir des autres arguments).

    Exemple dans un carnet::

        pointage = PointageBancaire(lignes_releve, lignes_512, question="b1_pointage_mars")
        pointage
    """

    def __init__(
        self,
        releve: Sequence[object] = (),
        livre: Sequence[object] = (),
        question: str = "pointage",
        dossier: Path | str | None = None,
        *,
        modele: ModelePointage | None = None,
    ) -> None:
        m = modele or ModelePointage(releve, livre, question, dossier)
        self._synchro = False
        self._cases: dict[str, dict[str, widgets.Checkbox]] = {"releve": {}, "livre": {}}
        self._messages = {cote: Message() for cote in COTES}
        self._colonnes = {
            cote: widgets.VBox(layout=widgets.Layout(width="50%", border="1px solid #ddd", padding="4px"))
            for cote in COTES
        }
        self._totaux = widgets.Label()
        self._pointer = Champ(widgets.Button(description="Pointer", button_style="primary", icon="link"))
        self._pointer.saisie.on_click(self._sur_pointer)
        self._depointer = Champ(widgets.Button(description="Annuler le dernier pointage", icon="undo"))
        self._depointer.saisie.on_click(self._sur_depointer)
        self._depointer.saisie.layout.width = "16em"
        super().__init__(
            m,
            [
                widgets.HBox(list(self._colonnes.values())),
                self._totaux,
                widgets.HBox([self._pointer, self._depointer]),
            ],
        )

    # ------------------------------------------------------------------ API
    def case(self, cote: str, ident: str) -> widgets.Checkbox:
        """La case à cocher d'une ligne (``cote`` : ``"releve"`` ou ``"livre"``)."""
        return self._cases[cote][ident]

    def message(self, nom: str) -> str:
        """Message affiché : ``"releve"``, ``"livre"`` (sous chaque liste), ``"pointer"``, ``"depointer"``."""
        if nom in self._messages:
            return self._messages[nom].texte
        return {"pointer": self._pointer, "depointer": self._depointer}[nom].texte

    def bouton(self, nom: str) -> widgets.Button:
        """Un bouton : ``"pointer"`` ou ``"depointer"``."""
        return {"pointer": self._pointer.saisie, "depointer": self._depointer.saisie}[nom]

    @property
    def totaux(self) -> str:
        """Texte des totaux de la sélection et de la différence."""
        return self._totaux.value

    # ------------------------------------------------------------------ rappels
    @protege
    def _sur_coche(self, cote: str, ident: str, change: dict) -> None:
        if self._synchro:
            return
        self._general.afficher("")
        if not self._modele.cocher(cote, ident, change["new"]):
            self._rafraichir()  # la case reprend l'état du modèle

    @protege
    def _sur_pointer(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.pointer()

    @protege
    def _sur_depointer(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.depointer()

    # ------------------------------------------------------------------ affichage
    def _reconstruire(self) -> None:
        m = self._modele
        for cote, titre in COTES.items():
            cases = {}
            for ligne in m.lignes[cote]:
                case = widgets.Checkbox(
                    description=ligne.description(), indent=False, layout=widgets.Layout(width="auto")
                )
                case.observe(partial(self._sur_coche, cote, ligne.id), names="value")
                cases[ligne.id] = case
            self._cases[cote] = cases
            self._colonnes[cote].children = [
                widgets.HTML(f"<b>{titre}</b>"),
                *cases.values(),
                self._messages[cote],
            ]

    def _rafraichir(self) -> None:
        m = self._modele
        self._synchro = True
        try:
            for cote, cases in self._cases.items():
                for ligne in m.lignes[cote]:
                    case, code = cases[ligne.id], m.code(cote, ligne.id)
                    case.value = bool(code) or ligne.id in m.selection[cote]
                    case.disabled = bool(code)
                    case.description = (f"[{code}] " if code else "") + ligne.description()
        finally:
            self._synchro = False
        for cote, message in self._messages.items():
            message.afficher(m.erreurs.get(cote, ""))
        self._totaux.value = m.texte_totaux()
        self._pointer.afficher(m.erreurs.get("pointer", ""))
        self._depointer.afficher(m.erreurs.get("depointer", ""))
