"""Entraînement du bloc 1 : comptabiliser une facture d'achat, jusqu'à la maîtrise.

Mode « devoir à volonté », comme le mode *homework* de PrairieLearn : chaque
« Nouvel exercice » tire une facture neuve (graine de :mod:`secrets`, sans lien
avec la variante notée de l'apprenant, :mod:`graders.variantes`) ; l'apprenant
saisit l'écriture (journal, date, lignes compte / débit / crédit) ; « Vérifier »
la corrige aussitôt avec :func:`graders.comparer_ecriture` contre l'écriture
attendue, calculée par le noyau : compte de charge selon la nature de l'achat
(607 marchandises, 6064 fournitures administratives, 6063 petit équipement,
601 matières premières, 615 entretien), 44566 pour la TVA déductible, 401 au
crédit pour le TTC (sous-comptes acceptés : 401DURAND), journal AC, date de la
facture.

**Règle de maîtrise** (:data:`SEUIL_MAITRISE`) : la compétence est « maîtrisée »
après 3 exercices justes d'affilée, chacun du premier coup. Une vérification
fausse remet la série à zéro (l'apprenant peut corriger et revérifier : la
correction lui est dite, mais ce second essai ne compte pas dans la série) ;
« Voir la correction » termine l'exercice et remet la série à zéro ; passer à un
nouvel exercice sans avoir vérifié ne change rien. Une fois maîtrisée, la
compétence le reste (avec sa date) ; l'apprenant peut continuer à s'entraîner.

La progression (série, exercices réussis, exercice en cours et brouillon,
dernier verdict) est enregistrée à chaque changement dans la section
``b1_facture_achat`` de ``progression.json`` (:mod:`tableaux_de_bord.progression`)
et reprise au rechargement de la page.

Deux couches : :class:`ModeleEntrainement` (Python pur) et
:class:`TableauEntrainement` (la vue).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import partial

import ipywidgets as widgets
import traitlets

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import CompteInconnu, ErreurComptable
from compta_kernel.montants import ZERO
from compta_kernel.presentation import format_date, format_montant
from formulaires import SaisieInvalide
from formulaires._commun import (
    TEXTE_COURT_MAX,
    Champ,
    Message,
    fermer,
    lire_date_saisie,
    lire_montant_saisi,
    protege,
    verifier_texte,
)
from graders import comparer_ecriture, sujets
from graders.verdict import Verdict
from tableaux_de_bord import noyau
from tableaux_de_bord.progression import Progression

#: Section de la progression.
SECTION = "b1_facture_achat"
#: Exercices justes d'affilée, chacun du premier coup, pour « maîtrisé ».
SEUIL_MAITRISE = 3
#: Lignes affichées au départ, et au plus.
LIGNES_DEPART, LIGNES_MAX = 3, 8
#: Journaux proposés (le bon est AC).
JOURNAUX = {"AC": "Achats", "VT": "Ventes", "BQ": "Banque", "OD": "Opérations diverses"}
#: Compte de charge selon la nature de l'achat (PCG).
COMPTE_DE_CHARGE = {
    "marchandises": "607",  # Achats de marchandises
    "fournitures_bureau": "6064",  # Fournitures administratives
    "petit_equipement": "6063",  # Fournitures d'entretien et de petit équipement
    "matieres_premieres": "601",  # Achats stockés - matières premières
    "entretien": "615",  # Entretien et réparations
}
#: Critères du référentiel évalués.
CRITERES = ("B1.1-K03", "B1.1-K04")
CHAMPS_LIGNE = ("compte", "debit", "credit")
_NOMS = {"journal": "Journal", "date": "Date", "compte": "Compte", "debit": "Débit", "credit": "Crédit"}
_COMPTE = re.compile(r"^[0-9]{2,}[A-Z0-9]*$")
_COMPTEUR_MAX = 1_000_000
_REMARQUES_MAX, _REMARQUE_LONGUEUR_MAX = 60, 600


def ecriture_attendue(sujet: sujets.SujetFactureAchat) -> Ecriture:
    """L'écriture juste d'une facture d'achat : charge et TVA déductible au débit, 401 au crédit (TTC)."""
    return Ecriture(
        "AC",
        sujet.date,
        sujet.numero,
        f"Facture {sujet.numero} {sujet.fournisseur}",
        (
            Ligne(COMPTE_DE_CHARGE[sujet.nature], debit=sujet.ht),
            Ligne("44566", debit=sujet.tva),
            Ligne("401", credit=sujet.ttc),
        ),
    )


def nouvelle_graine() -> bytes:
    """Graine d'un exercice d'entraînement : 16 octets de :func:`secrets.token_bytes`."""
    return secrets.token_bytes(16)


def cle(champ: str, ligne: int | None = None) -> str:
    """Clé d'un champ dans :attr:`ModeleEntrainement.erreurs` : ``"date"``, ``"debit:0"``."""
    return champ if ligne is None else f"{champ}:{ligne}"


@dataclass
class LigneSaisie:
    """Une ligne en cours de saisie, telle que tapée."""

    compte: str = ""
    debit: str = ""
    credit: str = ""

    def est_vide(self) -> bool:
        """Vrai si rien n'a été tapé sur la ligne."""
        return not any(getattr(self, f.name).strip() for f in fields(self))


class ModeleEntrainement(traitlets.HasTraits):
    """État de l'entraînement et appels au noyau et au correcteur (Python pur).

    Toutes les méthodes acceptent ce qu'envoie un widget (donc n'importe quoi) :
    elles vérifient type et longueur, n'évaluent jamais un texte, et rangent
    chaque erreur dans :attr:`erreurs` sous la clé du champ (:func:`cle`).

    Args:
        progression: où lire et enregistrer (par défaut celle de l'apprenant courant).
        tirer: fabrique de graines (par défaut :func:`nouvelle_graine`).
        aujourd_hui: date du jour (date de maîtrise).
        reprendre: reprend aussitôt la progression ; sinon, rien n'est lu ni enregistré avant
            :meth:`reprendre` (les widgets se construisent pendant le préchauffage du noyau).

    Attributes:
        serie: exercices justes d'affilée du premier coup.
        reussis: exercices justes du premier coup, en tout.
        exercices: exercices vérifiés (au moins une fois) ou dont la correction a été vue.
        maitrise_le: date de la maîtrise, ou ``None``.
        sujet: la facture de l'exercice en cours.
        essais: vérifications de l'exercice en cours.
        termine: l'exercice en cours est réussi ou sa correction vue.
        verdict: le dernier :class:`~graders.verdict.Verdict` de l'exercice en cours.
        annonce, genre_annonce: message d'ensemble (« Juste ! ... ») et son genre
            (``"succes"``, ``"erreur"``, ``"info"``).
        erreurs: message par clé de champ ; ``"lignes"`` (nombre de lignes), ``"formulaire"`` (le reste).
        infos: libellé du compte saisi, par clé de champ.
        revision: augmente à chaque changement ; structure : quand les lignes changent.
    """

    revision = traitlets.Int(0)
    structure = traitlets.Int(0)

    def __init__(
        self,
        progression: Progression | None = None,
        *,
        tirer: Callable[[], bytes] = nouvelle_graine,
        aujourd_hui: Callable[[], dt.date] = dt.date.today,
        reprendre: bool = True,
    ) -> None:
        super().__init__()
        self._progression: Progression | None = None
        self._tirer = tirer
        self._aujourd_hui = aujourd_hui
        self.serie = self.reussis = self.exercices = 0
        self.maitrise_le: dt.date | None = None
        self.erreurs: dict[str, str] = {}
        self.infos: dict[str, str] = {}
        self.annonce, self.genre_annonce = "", "info"
        self._commencer(self._tirer())
        if reprendre:
            self.reprendre(progression)

    # ------------------------------------------------------------------ lecture
    @property
    def graine(self) -> bytes:
        """Graine de l'exercice en cours."""
        return self._graine

    @property
    def attendue(self) -> Ecriture:
        """L'écriture juste de l'exercice en cours."""
        return ecriture_attendue(self.sujet)

    @property
    def maitrise(self) -> bool:
        """Vrai si la compétence a été maîtrisée (au moins une fois)."""
        return self.maitrise_le is not None

    def texte_progression(self) -> str:
        """« Série : 2 / 3 · Justes du premier coup : 4 exercices sur 6 » (et la maîtrise, s'il y a lieu)."""
        texte = (
            f"Série : {min(self.serie, SEUIL_MAITRISE)} / {SEUIL_MAITRISE} · "
            f"Justes du premier coup : {self.reussis} exercice(s) sur {self.exercices}"
        )
        if self.maitrise_le:
            texte += f" · Compétence maîtrisée le {format_date(self.maitrise_le)}"
        return texte

    def lignes_correction(self) -> list[tuple[str, str, str, str]]:
        """L'écriture attendue, ligne par ligne : (compte, libellé, débit, crédit) mis en forme."""
        return [
            (
                ligne.compte,
                pcg.libelle(ligne.compte),
                format_montant(ligne.debit, vide_si_zero=True),
                format_montant(ligne.credit, vide_si_zero=True),
            )
            for ligne in self.attendue.lignes
        ]

    # ------------------------------------------------------------------ actions
    def reprendre(self, progression: Progression | None = None) -> None:
        """Branche la progression (par défaut celle de l'apprenant courant) et reprend l'exercice en cours."""
        self._progression = progression if progression is not None else Progression()
        self._reprendre()
        self.structure += 1

    def nouvel_exercice(self) -> None:
        """Tire une nouvelle facture et vide la saisie (passer sans vérifier ne change pas la série)."""
        self._commencer(self._tirer())
        self._annoncer("Nouvel exercice : comptabilisez la facture ci-dessous.", "info")
        self._enregistrer()
        self.structure += 1

    def modifier(self, champ: object, valeur: object, ligne: object = None) -> bool:
        """Change un champ (``ligne=None`` pour le journal et la date) et le vérifie aussitôt.

        Returns:
            ``True`` si la saisie est lisible ; le brouillon est alors enregistré.
        """
        self.erreurs.pop("formulaire", None)
        ok = self._appliquer(champ, valeur, ligne)
        if ok:
            self._enregistrer()
        self.revision += 1
        return ok

    def ajouter_ligne(self) -> bool:
        """Ajoute une ligne vide (au plus :data:`LIGNES_MAX`)."""
        if len(self.lignes) >= LIGNES_MAX:
            self.erreurs["lignes"] = f"Au plus {LIGNES_MAX} lignes : cette écriture n'en demande pas tant."
            self.revision += 1
            return False
        self.lignes.append(LigneSaisie())
        self._enregistrer()
        self.structure += 1
        return True

    def verifier(self) -> Verdict | None:
        """Contrôle la saisie puis la corrige ; met à jour la série et la maîtrise.

        Returns:
            le :class:`~graders.verdict.Verdict`, ou ``None`` si des champs sont à corriger
            (messages dans :attr:`erreurs` ; cela ne compte pas comme un essai).
        """
        if self.termine:
            self._annoncer("Cet exercice est terminé : cliquez « Nouvel exercice » pour continuer.", "info")
            self.revision += 1
            return self.verdict
        saisie = self._saisie_complete()
        if saisie is None:
            self._annoncer("Vérification impossible : corrigez les champs signalés en rouge.", "erreur")
            self.revision += 1
            return None
        verdict = comparer_ecriture(saisie, self.attendue, sur=1, criteres=CRITERES, hierarchie=True)
        self.essais += 1
        if self.essais == 1:
            self.exercices += 1
        self.verdict = verdict
        if verdict.reussi:
            self.termine = True
            if self.essais == 1:
                self.serie += 1
                self.reussis += 1
                if self.serie >= SEUIL_MAITRISE and self.maitrise_le is None:
                    self.maitrise_le = self._aujourd_hui()
                    self._annoncer(
                        f"Juste ! Compétence maîtrisée : {SEUIL_MAITRISE} exercices justes d'affilée. "
                        "Continuez si vous le souhaitez.",
                        "succes",
                    )
                else:
                    self._annoncer(
                        f"Juste ! Série : {min(self.serie, SEUIL_MAITRISE)} / {SEUIL_MAITRISE}. "
                        "Cliquez « Nouvel exercice ».",
                        "succes",
                    )
            else:
                self._annoncer(
                    f"Juste, au {self.essais}e essai. La série repart de zéro : il faut "
                    f"{SEUIL_MAITRISE} exercices justes d'affilée, chacun du premier coup.",
                    "succes",
                )
        else:
            self.serie = 0
            self._annoncer(
                "Pas encore juste : lisez les remarques, corrigez la saisie et vérifiez à nouveau. "
                "La série repart de zéro.",
                "erreur",
            )
        self._enregistrer()
        self.revision += 1
        return verdict

    def voir_correction(self) -> None:
        """Montre l'écriture attendue et termine l'exercice ; la série repart de zéro s'il n'était pas réussi."""
        if not self.corrige:
            if self.essais == 0 and not self.termine:
                self.exercices += 1
            self.corrige = True
            if self.termine and self.verdict is not None and self.verdict.reussi:
                self._annoncer("Voici l'écriture attendue : comparez-la à la vôtre.", "info")
            else:
                self.serie = 0
                self._annoncer(
                    "Voici l'écriture attendue. La série repart de zéro : cliquez « Nouvel exercice ».",
                    "info",
                )
            self.termine = True
            self._enregistrer()
        self.revision += 1

    # ------------------------------------------------------------------ interne : saisie
    def _commencer(self, graine: bytes) -> None:
        self._graine = graine
        self.sujet = sujets.facture_achat(graine)
        self.essais = 0
        self.termine = False
        self.corrige = False
        self.verdict: Verdict | None = None
        self.journal = ""
        self.date = ""
        self.lignes = [LigneSaisie() for _ in range(LIGNES_DEPART)]
        self.erreurs = {}
        self.infos = {}

    def _annoncer(self, texte: str, genre: str) -> None:
        self.annonce, self.genre_annonce = texte, genre

    def _rang_valide(self, ligne: object) -> bool:
        return isinstance(ligne, int) and not isinstance(ligne, bool) and 0 <= ligne < len(self.lignes)

    def _appliquer(self, champ: object, valeur: object, ligne: object) -> bool:
        if ligne is None and champ in ("journal", "date"):
            k = cle(champ)
        elif champ in CHAMPS_LIGNE and self._rang_valide(ligne):
            k = cle(champ, ligne)
        else:
            self.erreurs["formulaire"] = "Ce champ n'existe pas dans le formulaire : saisie ignorée."
            return False
        if champ == "journal" and valeur is None:
            valeur = ""
        try:
            texte = verifier_texte(valeur, champ=k, nom=_NOMS[champ], maximum=TEXTE_COURT_MAX)
            if champ == "journal":
                self._lire(champ, texte, k)
        except SaisieInvalide as exc:
            self.erreurs[k] = exc.message  # refusé (type, longueur, journal) : le texte précédent reste
            return False
        if ligne is None:
            setattr(self, champ, texte)
        else:
            setattr(self.lignes[ligne], champ, texte)
        self.infos.pop(k, None)
        try:
            info = self._lire(champ, texte, k)
        except ErreurComptable as exc:
            self.erreurs[k] = exc.message
            return False
        self.erreurs.pop(k, None)
        if champ in ("debit", "credit"):
            self._relire_voisin("credit" if champ == "debit" else "debit", ligne)
        if info:
            self.infos[k] = info
        return True

    def _relire_voisin(self, champ: str, ligne: int) -> None:
        """Relit le débit (ou le crédit) voisin : efface « au débit ou au crédit » devenu sans objet."""
        k = cle(champ, ligne)
        try:
            self._lire(champ, getattr(self.lignes[ligne], champ), k)
        except ErreurComptable as exc:
            self.erreurs[k] = exc.message
        else:
            self.erreurs.pop(k, None)

    def _lire(self, champ: str, texte: str, k: str) -> str:
        """Vérifie un texte de champ ; renvoie une indication (libellé du compte) ou lève."""
        if champ == "journal":
            if texte and texte not in JOURNAUX:
                raise SaisieInvalide("Journal : choisissez un journal dans la liste.", champ=k)
            return ""
        if champ == "date":
            lire_date_saisie(texte, champ=k, nom="Date")
            return ""
        if champ == "compte":
            numero = normaliser_compte(texte)
            if not numero:
                return ""
            if not _COMPTE.match(numero):
                raise SaisieInvalide(
                    f"Compte : « {texte.strip()} » n'est pas un numéro de compte ; tapez des chiffres, "
                    "par exemple 607 ou 401.",
                    champ=k,
                )
            try:
                return pcg.compte(numero).libelle
            except CompteInconnu as exc:
                raise SaisieInvalide(f"Compte : {exc.message}", champ=k) from exc
        autre = "crédit" if champ == "debit" else "débit"
        lire_montant_saisi(
            texte, champ=k, nom=_NOMS[champ], conseil_negatif=f"saisissez un montant positif au {autre}"
        )
        return ""

    def _saisie_complete(self) -> dict | None:
        """La saisie à corriger, ou ``None`` après avoir rangé chaque erreur sous son champ."""
        self.erreurs = {}
        for champ in ("journal", "date"):
            self._appliquer(champ, getattr(self, champ), None)
        for i in range(len(self.lignes)):
            for champ in CHAMPS_LIGNE:
                self._appliquer(champ, getattr(self.lignes[i], champ), i)
        if not self.journal and "journal" not in self.erreurs:
            self.erreurs["journal"] = "Journal : choisissez le journal de l'écriture."
        if not self.date.strip() and "date" not in self.erreurs:
            self.erreurs["date"] = "Date : saisissez la date de l'écriture au format JJ/MM/AAAA."
        lignes = []
        for i, saisie in enumerate(self.lignes):
            if saisie.est_vide():
                continue
            if not saisie.compte.strip() and cle("compte", i) not in self.erreurs:
                self.erreurs[cle("compte", i)] = "Compte : saisissez le numéro du compte."
            debit, credit = saisie.debit.strip(), saisie.credit.strip()
            if not debit and not credit and cle("debit", i) not in self.erreurs:
                self.erreurs[cle("debit", i)] = "Saisissez le montant au débit ou au crédit."
            elif debit and credit and not {cle("debit", i), cle("credit", i)} & set(self.erreurs):
                self.erreurs[cle("credit", i)] = (
                    "Une ligne porte un montant au débit ou au crédit, pas les deux."
                )
            if any(cle(c, i) in self.erreurs for c in CHAMPS_LIGNE):
                continue
            lignes.append(
                (
                    normaliser_compte(saisie.compte),
                    _montant_ou_zero(saisie.debit),
                    _montant_ou_zero(saisie.credit),
                )
            )
        if sum(not s.est_vide() for s in self.lignes) < 2:
            self.erreurs["lignes"] = "Une écriture a au moins deux lignes : une au débit, une au crédit."
        if self.erreurs:
            return None
        return {"journal": self.journal, "date": lire_date_saisie(self.date), "lignes": lignes}

    # ------------------------------------------------------------------ interne : progression
    def _enregistrer(self) -> None:
        if self._progression is None:
            return
        verdict = None
        if self.verdict is not None:
            verdict = {
                "points": format(self.verdict.points, "f"),
                "sur": format(self.verdict.sur, "f"),
                "remarques": list(self.verdict.remarques),
                "reussites": list(self.verdict.reussites),
            }
        etat = {
            "serie": self.serie,
            "reussis": self.reussis,
            "exercices": self.exercices,
            "maitrise_le": self.maitrise_le.isoformat() if self.maitrise_le else None,
            "en_cours": {
                "graine": self._graine.hex(),
                "essais": self.essais,
                "termine": self.termine,
                "corrige": self.corrige,
                "verdict": verdict,
                "annonce": [self.annonce, self.genre_annonce],
                "brouillon": {
                    "journal": self.journal,
                    "date": self.date,
                    "lignes": [asdict(ligne) for ligne in self.lignes],
                },
            },
        }
        try:
            self._progression.enregistrer(SECTION, etat)
        except SaisieInvalide as exc:
            self.erreurs["formulaire"] = exc.message

    def _reprendre(self) -> None:
        """Reprend la progression enregistrée ; toute valeur douteuse est ignorée, jamais évaluée."""
        etat = self._progression.lire(SECTION)
        self.serie = _compteur(etat.get("serie"))
        self.reussis = _compteur(etat.get("reussis"))
        self.exercices = max(_compteur(etat.get("exercices")), self.reussis)
        self.maitrise_le = _date_iso(etat.get("maitrise_le"))
        en_cours = etat.get("en_cours")
        graine = _graine(en_cours.get("graine")) if isinstance(en_cours, dict) else None
        if graine is None:
            self._enregistrer()
            return
        self._commencer(graine)
        self.essais = _compteur(en_cours.get("essais"))
        self.termine = en_cours.get("termine") is True
        self.corrige = en_cours.get("corrige") is True
        self.verdict = _verdict(en_cours.get("verdict"))
        annonce = en_cours.get("annonce")
        if (
            isinstance(annonce, list)
            and len(annonce) == 2
            and isinstance(annonce[0], str)
            and len(annonce[0]) <= _REMARQUE_LONGUEUR_MAX
            and annonce[1] in ("succes", "erreur", "info")
        ):
            self._annoncer(*annonce)
        brouillon = en_cours.get("brouillon")
        if not isinstance(brouillon, dict):
            return
        for champ in ("journal", "date"):
            if isinstance(brouillon.get(champ), str) and brouillon[champ]:
                self._appliquer(champ, brouillon[champ], None)
        lignes = brouillon.get("lignes")
        if isinstance(lignes, list) and lignes:
            self.lignes = [LigneSaisie() for _ in lignes[:LIGNES_MAX]]
            for i, ligne in enumerate(lignes[:LIGNES_MAX]):
                if isinstance(ligne, dict):
                    for champ in CHAMPS_LIGNE:
                        if isinstance(ligne.get(champ), str) and ligne[champ]:
                            self._appliquer(champ, ligne[champ], i)


def _montant_ou_zero(texte: str) -> Decimal:
    valeur = lire_montant_saisi(texte, champ="montant", nom="Montant")
    return ZERO if valeur is None else valeur


def _compteur(valeur: object) -> int:
    ok = isinstance(valeur, int) and not isinstance(valeur, bool) and 0 <= valeur <= _COMPTEUR_MAX
    return valeur if ok else 0


def _date_iso(valeur: object) -> dt.date | None:
    if not isinstance(valeur, str) or len(valeur) != 10:
        return None
    try:
        return dt.date.fromisoformat(valeur)
    except ValueError:
        return None


def _graine(valeur: object) -> bytes | None:
    if isinstance(valeur, str) and re.fullmatch(r"[0-9a-f]{32}", valeur):
        return bytes.fromhex(valeur)
    return None


def _verdict(valeur: object) -> Verdict | None:
    if not isinstance(valeur, dict):
        return None

    def textes(cle_liste: str) -> tuple[str, ...] | None:
        liste = valeur.get(cle_liste)
        if not isinstance(liste, list) or len(liste) > _REMARQUES_MAX:
            return None
        if not all(isinstance(t, str) and len(t) <= _REMARQUE_LONGUEUR_MAX for t in liste):
            return None
        return tuple(liste)

    remarques, reussites = textes("remarques"), textes("reussites")
    points, sur = valeur.get("points"), valeur.get("sur")
    if remarques is None or reussites is None or not isinstance(points, str) or not isinstance(sur, str):
        return None
    try:
        return Verdict(Decimal(points[:12]), Decimal(sur[:12]), remarques, CRITERES, reussites)
    except (InvalidOperation, ValueError):
        return None


class _RangeeLigne(widgets.HBox):
    """Une ligne de l'écriture : compte, débit, crédit (chacun avec son message)."""

    def __init__(self, rang: int) -> None:
        self.rang = rang
        self.champs = {}
        for champ, exemple, largeur in (
            ("compte", "607, 401...", "18em"),
            ("debit", "0,00", "11em"),
            ("credit", "0,00", "11em"),
        ):
            saisie = widgets.Text(
                placeholder=exemple, continuous_update=False, layout=widgets.Layout(width="96%")
            )
            vue = Champ(saisie, layout=widgets.Layout(width=largeur))
            vue.add_class(f"tdb-{champ}-{rang}")
            self.champs[champ] = vue
        super().__init__(list(self.champs.values()))


class TableauEntrainement(widgets.VBox):
    """Vue de l'entraînement (le modèle est :class:`ModeleEntrainement`).

    Chaque champ a son message juste dessous ; « Vérifier » affiche le verdict
    du correcteur ; la progression est rappelée en tête.
    """

    def __init__(self, modele: ModeleEntrainement) -> None:
        self._modele = modele
        self._synchro = False
        self._progression = widgets.HTML()
        self._progression.add_class("tdb-progression")
        self._sujet = widgets.HTML()
        self._sujet.add_class("tdb-sujet")
        self._entete = {
            "journal": Champ(
                widgets.Dropdown(
                    options=[("— choisir —", "")]
                    + [(f"{code} – {lib}", code) for code, lib in JOURNAUX.items()],
                    value="",
                    description="Journal",
                )
            ),
            "date": Champ(
                widgets.Text(description="Date", placeholder="JJ/MM/AAAA", continuous_update=False)
            ),
        }
        for champ, vue in self._entete.items():
            vue.add_class(f"tdb-{champ}")
            vue.saisie.observe(partial(self._sur_saisie, champ, None), names="value")
        titres = widgets.HBox(
            [
                widgets.HTML(f"<b>{titre}</b>", layout=widgets.Layout(width=largeur))
                for titre, largeur in (("Compte", "18em"), ("Débit", "11em"), ("Crédit", "11em"))
            ]
        )
        self._rangees: list[_RangeeLigne] = []
        self._zone_lignes = widgets.VBox()
        self._message_lignes = Message()
        boutons = {
            "ajouter": widgets.Button(description="Ajouter une ligne", icon="plus"),
            "verifier": widgets.Button(description="Vérifier", button_style="primary", icon="check"),
            "correction": widgets.Button(description="Voir la correction", icon="eye"),
            "nouveau": widgets.Button(description="Nouvel exercice", button_style="info", icon="refresh"),
        }
        for nom, bouton in boutons.items():
            bouton.add_class(f"tdb-{nom}")
        boutons["ajouter"].on_click(self._sur_ajouter)
        boutons["verifier"].on_click(self._sur_verifier)
        boutons["correction"].on_click(self._sur_correction)
        boutons["nouveau"].on_click(self._sur_nouveau)
        self._boutons = boutons
        self._annonce = Message()
        self._annonce.add_class("tdb-annonce")
        self._verdict = widgets.HTML()
        self._verdict.add_class("tdb-verdict")
        self._correction = widgets.HTML()
        self._correction.add_class("tdb-correction")
        self._general = Message()
        self._general.add_class("tdb-message-general")
        super().__init__(
            [
                self._progression,
                self._sujet,
                widgets.HBox(list(self._entete.values())),
                titres,
                self._zone_lignes,
                self._message_lignes,
                widgets.HBox(
                    [boutons["ajouter"], boutons["verifier"], boutons["correction"], boutons["nouveau"]]
                ),
                self._annonce,
                self._verdict,
                self._correction,
                self._general,
            ]
        )
        self.add_class("tdb-entrainement")
        modele.observe(self._sur_structure, names="structure")
        modele.observe(self._sur_revision, names="revision")
        self._reconstruire()
        self._rafraichir()

    # ------------------------------------------------------------------ API (tests sans navigateur)
    @property
    def modele(self) -> ModeleEntrainement:
        """Le modèle."""
        return self._modele

    def champ(self, nom: str, ligne: int | None = None) -> Champ:
        """Le champ (saisie et message) : ``champ("date")``, ``champ("debit", 0)``."""
        return self._entete[nom] if ligne is None else self._rangees[ligne].champs[nom]

    def bouton(self, nom: str) -> widgets.Button:
        """Un bouton : ``"ajouter"``, ``"verifier"``, ``"correction"``, ``"nouveau"``."""
        return self._boutons[nom]

    @property
    def nb_lignes(self) -> int:
        """Nombre de lignes affichées."""
        return len(self._rangees)

    @property
    def annonce(self) -> str:
        """Le message d'ensemble affiché (texte brut)."""
        return self._annonce.texte

    @property
    def verdict_html(self) -> str:
        """Le HTML du verdict affiché."""
        return self._verdict.value

    @property
    def progression(self) -> str:
        """Le HTML de la progression affichée."""
        return self._progression.value

    @property
    def message_general(self) -> str:
        """Le message qui ne concerne aucun champ."""
        return self._general.texte

    # ------------------------------------------------------------------ rappels
    @protege
    def _sur_saisie(self, champ: str, ligne: int | None, change: dict) -> None:
        if not self._synchro:
            self._modele.modifier(champ, change["new"], ligne)

    @protege
    def _sur_ajouter(self, _bouton) -> None:
        self._modele.ajouter_ligne()

    @protege
    def _sur_verifier(self, _bouton) -> None:
        self._modele.verifier()

    @protege
    def _sur_correction(self, _bouton) -> None:
        self._modele.voir_correction()

    @protege
    def _sur_nouveau(self, _bouton) -> None:
        self._modele.nouvel_exercice()

    @protege
    def _sur_structure(self, _change) -> None:
        self._reconstruire()
        self._rafraichir()

    @protege
    def _sur_revision(self, _change) -> None:
        self._rafraichir()

    def _signaler(self, message: str, champ: str | None) -> None:
        self._general.afficher(message)

    # ------------------------------------------------------------------ affichage
    def _reconstruire(self) -> None:
        """Remet les widgets à l'image du modèle (nouvel exercice, ligne ajoutée, reprise)."""
        m = self._modele
        self._synchro = True
        try:
            for rangee in self._rangees[len(m.lignes) :]:
                fermer(rangee)
            del self._rangees[len(m.lignes) :]
            for i in range(len(self._rangees), len(m.lignes)):
                rangee = _RangeeLigne(i)
                for champ, vue in rangee.champs.items():
                    vue.saisie.observe(partial(self._sur_saisie, champ, i), names="value")
                self._rangees.append(rangee)
            self._zone_lignes.children = tuple(self._rangees)
            self._entete["journal"].saisie.value = m.journal if m.journal in JOURNAUX else ""
            self._entete["date"].saisie.value = m.date
            for rangee, ligne in zip(self._rangees, m.lignes, strict=True):
                for champ, vue in rangee.champs.items():
                    vue.saisie.value = getattr(ligne, champ)
        finally:
            self._synchro = False
        self._sujet.value = m.sujet._repr_html_()

    def _rafraichir(self) -> None:
        """Messages à côté des champs, annonce, verdict, correction et progression."""
        m = self._modele
        for champ, vue in self._entete.items():
            _montrer(vue, m.erreurs.get(champ), m.infos.get(champ))
        for rangee in self._rangees:
            for champ, vue in rangee.champs.items():
                k = cle(champ, rangee.rang)
                _montrer(vue, m.erreurs.get(k), m.infos.get(k))
        self._message_lignes.afficher(m.erreurs.get("lignes", ""))
        self._annonce.afficher(m.annonce, m.genre_annonce)
        self._verdict.value = m.verdict._repr_html_() if m.verdict is not None else ""
        self._correction.value = _html_correction(m.lignes_correction()) if m.corrige else ""
        self._general.afficher(m.erreurs.get("formulaire", ""))
        couleur = "#1b5e20" if m.maitrise else "#333333"
        self._progression.value = (
            f'<div style="color:{couleur};font-weight:bold">{html.escape(m.texte_progression())}</div>'
        )


def _montrer(vue: Champ, erreur: str | None, info: str | None) -> None:
    if erreur:
        vue.afficher(erreur, "erreur")
    else:
        vue.afficher(info or "", "info")


def _html_correction(lignes: list[tuple[str, str, str, str]]) -> str:
    e = html.escape
    corps = "".join(
        f"<tr><td>{e(c)}</td><td>{e(lib)}</td><td style='text-align:right'>{e(d)}</td>"
        f"<td style='text-align:right'>{e(cr)}</td></tr>"
        for c, lib, d, cr in lignes
    )
    return (
        "<p><strong>Écriture attendue</strong> (journal AC, date de la facture) :</p>"
        "<table><tr><th>Compte</th><th>Libellé</th><th>Débit</th><th>Crédit</th></tr>"
        f"{corps}</table>"
    )


def tableau(progression: Progression | None = None) -> TableauEntrainement:
    """Le tableau de bord affiché par ``course/tableaux_de_bord/b1_entrainement.ipynb``.

    Les widgets se construisent d'abord (pendant le préchauffage du noyau, sous Voilà) ; la
    progression n'est lue qu'une fois la requête du visiteur arrivée
    (:func:`tableaux_de_bord.noyau.attendre_la_requete`).
    """
    noyau.preparer()
    modele = ModeleEntrainement(reprendre=False)
    vue = TableauEntrainement(modele)
    noyau.attendre_la_requete()
    modele.reprendre(progression)
    return vue
