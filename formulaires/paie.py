"""Saisie des éléments variables de paie d'un mois, salarié par salarié.

Pour chaque salarié : heures supplémentaires à 25 % et à 50 %, absences en
heures et en jours, primes, avantages en nature, titres-restaurant, frais
professionnels remboursés. Chaque champ est vérifié pendant la saisie —
nombre à la française, jamais négatif, heures et jours dans un maximum
plausible — et son message s'affiche juste dessous. :meth:`ModelePaie.valeur`
rend un dictionnaire de ``Decimal`` par salarié, que le calcul du bulletin
reprendra.

Les éléments valides sont enregistrés dans ``reponses.json`` à chaque saisie
et repris après un redémarrage du noyau.

Utilisé par B3.1 (aide à l'élaboration de la paie : collecte des éléments variables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from compta_kernel.montants import ZERO
from compta_kernel.presentation import format_montant
from formulaires._commun import (
    TEXTE_COURT_MAX,
    Champ,
    ModeleFormulaire,
    SaisieInvalide,
    VueFormulaire,
    lire_entier_saisi,
    lire_montant_saisi,
    lire_nombre_saisi,
    protege,
    verifier_texte,
)

#: Nombre maximal de salariés dans un formulaire.
SALARIES_MAX = 50


@dataclass(frozen=True)
class ElementPaie:
    """Un élément variable de paie.

    Args:
        nom: clé dans :meth:`ModelePaie.valeur`.
        titre: libellé affiché.
        unite: ``"h"`` (heures), ``"j"`` (jours), ``"€"`` (montant) ou ``"nombre"``.
        maximum: plus grande valeur plausible pour un mois.
        raison: pourquoi ce maximum (dit à l'apprenant quand il est dépassé).
    """

    nom: str
    titre: str
    unite: str
    maximum: Decimal
    raison: str

    def lire(self, texte: object, champ: str) -> Decimal | None:
        """La valeur d'une saisie (``None`` si vide).

        Raises:
            SaisieInvalide: nombre illisible, négatif, ou au-delà du maximum plausible.
        """
        if self.unite == "€":
            valeur = lire_montant_saisi(
                texte, champ=champ, nom=self.titre, conseil_negatif="saisissez 0 ou un montant positif"
            )
        elif self.unite == "nombre":
            n = lire_entier_saisi(texte, champ=champ, nom=self.titre)
            valeur = None if n is None else Decimal(n)
        else:
            valeur = lire_nombre_saisi(texte, champ=champ, nom=self.titre, exemple="7,5")
        if valeur is not None and valeur > self.maximum:
            plafond = (
                format_montant(self.maximum) if self.unite == "€" else f"{_nombre(self.maximum)} {self.unite}"
            )
            raise SaisieInvalide(
                f"{self.titre} : {_nombre(valeur)} {self.unite} dans le mois, c'est au-delà du plausible "
                f"({plafond} au plus : {self.raison}). Vérifiez la saisie.",
                champ=champ,
            )
        return valeur


def _nombre(valeur: Decimal) -> str:
    """« 7,5 » : un nombre à la française, sans zéros inutiles."""
    texte = format(valeur.normalize(), "f") if valeur == valeur.to_integral_value() else format(valeur, "f")
    return texte.replace(".", ",")


#: Les éléments variables saisis, dans l'ordre du formulaire. Les maximums sont des garde-fous de saisie,
#: pas des règles de calcul : 25 % pour les 8 premières heures supplémentaires de la semaine (36e à 43e),
#: 50 % au-delà (C. trav. art. L3121-36 à défaut d'accord), durée maximale hebdomadaire de 48 h
#: (art. L3121-20), un mois comptant au plus 5 semaines entamées.
ELEMENTS_PAIE: tuple[ElementPaie, ...] = (
    ElementPaie(
        "heures_sup_25",
        "Heures supplémentaires à 25 %",
        "h",
        Decimal(40),
        "8 h par semaine, de la 36e à la 43e heure, sur 5 semaines",
    ),
    ElementPaie(
        "heures_sup_50",
        "Heures supplémentaires à 50 %",
        "h",
        Decimal(25),
        "de la 44e à la 48e heure, durée maximale hebdomadaire de 48 h, sur 5 semaines",
    ),
    ElementPaie(
        "absences_heures",
        "Absences (heures)",
        "h",
        Decimal(169),
        "un mois entier d'un salarié à 39 h par semaine",
    ),
    ElementPaie("absences_jours", "Absences (jours)", "j", Decimal(31), "un mois a au plus 31 jours"),
    ElementPaie("primes", "Primes", "€", Decimal(100000), "montant inhabituel pour une prime mensuelle"),
    ElementPaie(
        "avantages_nature",
        "Avantages en nature",
        "€",
        Decimal(10000),
        "montant inhabituel pour des avantages en nature d'un mois",
    ),
    ElementPaie(
        "titres_restaurant",
        "Titres-restaurant (nombre)",
        "nombre",
        Decimal(31),
        "un titre par jour de travail comprenant un repas",
    ),
    ElementPaie(
        "frais", "Frais professionnels remboursés", "€", Decimal(50000), "montant inhabituel pour un mois"
    ),
)
_ELEMENTS = {e.nom: e for e in ELEMENTS_PAIE}


def cle(salarie: str, element: str) -> str:
    """Clé d'un champ dans :attr:`ModelePaie.erreurs` : ``"S001:primes"``."""
    return f"{salarie}:{element}"


class ModelePaie(ModeleFormulaire):
    """État de la saisie des éléments variables : textes tapés et messages, par salarié.

    Args:
        salaries: codes des salariés, ou dictionnaire code → nom (au plus :data:`SALARIES_MAX`).
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).

    Les clés de :attr:`erreurs` sont celles des champs (:func:`cle`) et ``"formulaire"``.
    """

    def __init__(
        self,
        salaries: Mapping[str, str] | Sequence[str],
        question: str = "paie",
        dossier: Path | str | None = None,
    ) -> None:
        super().__init__(question, dossier)
        noms = dict(salaries) if isinstance(salaries, Mapping) else {code: code for code in salaries}
        if not noms or len(noms) > SALARIES_MAX:
            raise ValueError(f"Il faut de 1 à {SALARIES_MAX} salariés.")
        for code, nom in noms.items():
            verifier_texte(code, champ="salarie", nom="Code salarié", maximum=TEXTE_COURT_MAX)
            verifier_texte(nom, champ="salarie", nom="Nom du salarié", maximum=100)
            if ":" in code or not code.strip():
                raise ValueError(f"Code salarié invalide : {code!r}.")
        self.salaries: dict[str, str] = noms
        self.saisies: dict[str, dict[str, str]] = {s: dict.fromkeys(_ELEMENTS, "") for s in noms}
        self._recharger()

    @property
    def elements(self) -> tuple[ElementPaie, ...]:
        """Les éléments variables saisis."""
        return ELEMENTS_PAIE

    def valeur(self) -> dict[str, dict[str, Decimal | None]]:
        """Éléments variables par salarié : ``Decimal`` (``ZERO`` si vide), ``None`` si la saisie est invalide."""
        resultat = {}
        for salarie, saisies in self.saisies.items():
            resultat[salarie] = {}
            for nom, texte in saisies.items():
                k = cle(salarie, nom)
                if k in self.erreurs:
                    resultat[salarie][nom] = None
                else:
                    lu = _ELEMENTS[nom].lire(texte, k)  # déjà vérifié : ne lève pas
                    resultat[salarie][nom] = ZERO if lu is None else lu
        return resultat

    @property
    def est_valide(self) -> bool:
        """Vrai si aucun champ n'est invalide."""
        return not self.erreurs

    def modifier(self, salarie: object, element: object, texte: object) -> bool:
        """Change un élément d'un salarié et le vérifie aussitôt.

        Returns:
            ``True`` si la saisie est valide (les éléments sont alors enregistrés).
        """
        self._retirer("formulaire")
        if salarie not in self.saisies or element not in _ELEMENTS:
            self._poser("formulaire", "Ce champ n'existe pas dans le formulaire : saisie ignorée.")
            self.revision += 1
            return False
        ok = self._appliquer(salarie, element, texte)
        if ok:
            self._enregistrer()
        self.revision += 1
        return ok

    def _appliquer(self, salarie: str, element: str, texte: object) -> bool:
        k = cle(salarie, element)
        try:
            _ELEMENTS[element].lire(texte, k)
        except SaisieInvalide as exc:
            if isinstance(texte, str) and len(texte) <= TEXTE_COURT_MAX:
                self.saisies[salarie][element] = texte
            self._poser(k, exc.message)
            return False
        self.saisies[salarie][element] = texte
        self._retirer(k)
        return True

    def _recharger(self) -> None:
        donnees = self._persistance.charger()
        brouillon = donnees.get("brouillon") if isinstance(donnees, dict) else None
        if not isinstance(brouillon, dict):
            return
        for salarie, saisies in brouillon.items():
            if salarie in self.saisies and isinstance(saisies, dict):
                for element, texte in saisies.items():
                    if element in _ELEMENTS and isinstance(texte, str) and texte:
                        self._appliquer(salarie, element, texte)

    def brouillon(self) -> dict[str, dict[str, str]]:
        """Les textes tapés, par salarié et par élément."""
        return {s: dict(saisies) for s, saisies in self.saisies.items()}

    def reponse(self) -> dict:
        """La réponse enregistrée : éléments lus (``"valeur"``) et textes tapés (``"brouillon"``)."""
        return {"valeur": self.valeur(), "brouillon": self.brouillon()}


class SaisiePaie(VueFormulaire):
    """Vue de la saisie des éléments variables de paie (le modèle est :class:`ModelePaie`).

    Un volet par salarié ; sous chaque champ, son message.

    Args:
        salaries, question, dossier: voir :class:`ModelePaie`.
        modele: un modèle déjà construit (sinon créé à partir des autres arguments).

    Exemple dans un carnet::

        variables = SaisiePaie({"S001": "Martin Léa", "S002": "Durand Paul"}, question="b3_variables_mars")
        variables
    """

    def __init__(
        self,
        salaries: Mapping[str, str] | Sequence[str] = (),
        question: str = "paie",
        dossier: Path | str | None = None,
        *,
        modele: ModelePaie | None = None,
    ) -> None:
        m = modele or ModelePaie(salaries, question, dossier)
        self._champs: dict[str, dict[str, Champ]] = {}
        volets = []
        for salarie in m.salaries:
            champs = {}
            for element in m.elements:
                saisie = widgets.Text(
                    value=m.saisies[salarie][element.nom],
                    description=f"{element.titre} ({element.unite})",
                    placeholder="0",
                    style={"description_width": "18em"},
                    layout=widgets.Layout(width="30em"),
                )
                saisie.observe(partial(self._sur_saisie, salarie, element.nom), names="value")
                champs[element.nom] = Champ(saisie)
            self._champs[salarie] = champs
            volets.append(widgets.VBox(list(champs.values())))
        self._volets = widgets.Accordion(
            children=volets,
            titles=tuple(f"{code} – {nom}" if nom != code else code for code, nom in m.salaries.items()),
        )
        self._volets.selected_index = 0
        super().__init__(m, [self._volets])

    def champ(self, salarie: str, element: str) -> Champ:
        """Le champ d'un élément d'un salarié (widget de saisie et son message)."""
        return self._champs[salarie][element]

    def message(self, salarie: str, element: str) -> str:
        """Message affiché sous le champ (texte brut, ``""`` s'il n'y en a pas)."""
        return self.champ(salarie, element).texte

    def valeur(self) -> dict[str, dict[str, Decimal | None]]:
        """Éléments variables par salarié (voir :meth:`ModelePaie.valeur`)."""
        return self._modele.valeur()

    @protege
    def _sur_saisie(self, salarie: str, element: str, change: dict) -> None:
        self._general.afficher("")
        self._modele.modifier(salarie, element, change["new"])

    def _reconstruire(self) -> None:
        """Les champs ne changent pas : ils sont construits une fois pour toutes."""

    def _rafraichir(self) -> None:
        erreurs = self._modele.erreurs
        for salarie, champs in self._champs.items():
            for nom, champ in champs.items():
                champ.afficher(erreurs.get(cle(salarie, nom), ""))
