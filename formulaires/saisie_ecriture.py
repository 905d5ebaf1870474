"""Saisie d'une écriture comme dans un logiciel comptable français.

L'apprenant choisit le journal, tape la date (JJ/MM/AAAA), la pièce et le
libellé, puis les lignes : compte (complété à partir du plan comptable — numéro
ou libellé — et des comptes de tiers de son livre), tiers, débit, crédit. Les
totaux et l'écart s'affichent pendant la frappe ; « Valider » passe l'écriture
au :class:`~compta_kernel.livre.Livre` de l'apprenant, qui la numérote ;
« Contre-passer » annule une écriture passée par l'écriture inverse.

Chaque erreur s'affiche à côté du champ fautif, avec le message du noyau.
Les écritures passées et le brouillon en cours sont enregistrés dans
``reponses.json`` : après un redémarrage du noyau, le formulaire les reprend
et le livre redevient celui d'avant.

Deux couches : :class:`ModeleSaisie` tient l'état et appelle le noyau (Python
pur, utilisable sans widget) ; :class:`FormulaireSaisie` n'est qu'une vue.

Utilisé par les activités qui comptabilisent : B1.1 (achats, ventes,
comptabilité auxiliaire), B1.2 (banque et trésorerie), B1.3 (TVA), B2.1 et
B2.2 (amortissements, arrêté des charges et produits), B2.3 (clôture),
B3.2 (comptabilisation de la paie).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import CompteInconnu, EcritureIntrouvable, ErreurComptable, JournalInconnu
from compta_kernel.montants import ZERO, montant
from compta_kernel.presentation import format_date, format_montant, lire_date
from formulaires._commun import (
    LIBELLE_MAX,
    LIGNES_MAX,
    TEXTE_COURT_MAX,
    Champ,
    ModeleFormulaire,
    SaisieInvalide,
    VueFormulaire,
    fermer,
    lire_date_saisie,
    lire_montant_saisi,
    protege,
    verifier_texte,
)
from graders import reponses

#: Champs de l'en-tête d'une écriture.
CHAMPS_ENTETE = ("journal", "date", "piece", "libelle")
#: Champs d'une ligne d'écriture.
CHAMPS_LIGNE = ("compte", "tiers", "debit", "credit")
#: Nombre maximal d'écritures reprises de ``reponses.json``.
ECRITURES_MAX = 2000
#: Séparateur entre numéro et libellé dans les propositions de comptes (« 6061 – Fournitures... »).
SEPARATEUR = " – "

_NOMS = {
    "journal": "Journal",
    "date": "Date",
    "piece": "Pièce",
    "libelle": "Libellé",
    "compte": "Compte",
    "tiers": "Tiers",
    "debit": "Débit",
    "credit": "Crédit",
}
_MAXIMUMS = {"journal": 10, "date": 30, "piece": 60, "libelle": LIBELLE_MAX, "compte": LIBELLE_MAX}
_NUMERO = re.compile(r"^[0-9]{3}")  # une saisie qui commence par 3 chiffres est un numéro de compte
_CHAMPS_NOYAU = {"débit": "debit", "crédit": "credit", "montant": "debit"}


def cle(champ: str, ligne: int | None = None) -> str:
    """Clé d'un champ dans :attr:`ModeleSaisie.erreurs` : ``"date"``, ``"debit:0"`` (1re ligne)."""
    return champ if ligne is None else f"{champ}:{ligne}"


@dataclass
class LigneSaisie:
    """Une ligne en cours de saisie : les textes tels que tapés."""

    compte: str = ""
    tiers: str = ""
    debit: str = ""
    credit: str = ""

    def est_vide(self) -> bool:
        """Vrai si rien n'a été tapé sur la ligne."""
        return not any(getattr(self, f.name).strip() for f in fields(self))


def numero_saisi(texte: str) -> str:
    """Numéro de compte d'une saisie : « 6061 – Fournitures » ou « 401 dupont » → « 6061 », « 401DUPONT »."""
    return normaliser_compte(texte.split(SEPARATEUR)[0])


class ModeleSaisie(ModeleFormulaire):
    """État du formulaire de saisie d'écriture et appels au noyau.

    Toutes les méthodes acceptent ce qu'envoie un widget (donc n'importe quoi) :
    elles vérifient type et longueur, n'évaluent jamais un texte, et rangent
    chaque erreur dans :attr:`erreurs` sous la clé du champ fautif (:func:`cle`)
    au lieu de lever.

    Args:
        livre: le livre de l'apprenant, où les écritures sont passées.
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).
        journal: journal choisi au départ (par défaut le premier du livre).

    Les clés de :attr:`erreurs` sont ``"journal"``, ``"date"``, ``"piece"``,
    ``"libelle"``, ``"compte:0"``... (champ et rang de la ligne), ``"lignes"``
    (équilibre, nombre de lignes), ``"valider"``, ``"contre_passation"`` et
    ``"formulaire"`` (voir :class:`~formulaires._commun.ModeleFormulaire`).
    """

    def __init__(self, livre, question: str = "saisie", dossier: Path | str | None = None, *, journal=None):
        super().__init__(question, dossier)
        self.livre = livre
        self.entete: dict[str, str] = dict.fromkeys(CHAMPS_ENTETE, "")
        self.entete["journal"] = journal if journal in livre.journaux else next(iter(livre.journaux), "")
        self.lignes: list[LigneSaisie] = [LigneSaisie(), LigneSaisie()]
        self._operations: list[dict] = []
        self._comptes: dict[str, str] | None = None
        self._refus: set[str] = set()  # champs dont la dernière saisie (type, longueur) n'a pas été gardée
        self._recharger()

    # ------------------------------------------------------------------ lecture
    @property
    def journaux(self) -> list[tuple[str, str]]:
        """Journaux du livre : (code, libellé)."""
        return list(self.livre.journaux.items())

    def a_contre_passer(self) -> list[tuple[str, str]]:
        """Écritures passées par ce formulaire qu'on peut encore contre-passer : (description, numéro)."""
        annulees = {op["contre_passe"] for op in self._operations}
        choix = []
        for op in self._operations:
            e = op["ecriture"]
            if not op["contre_passe"] and e.numero not in annulees:
                description = (
                    f"{e.numero} – {format_date(e.date)} – {e.libelle} – {format_montant(e.total_debit)}"
                )
                choix.append((description, e.numero))
        return choix

    def totaux(self) -> tuple[Decimal, Decimal, Decimal]:
        """Totaux des débits et des crédits lisibles du brouillon, et l'écart (débit − crédit)."""
        debit = credit = ZERO
        for ligne in self.lignes:
            debit += self._montant_ou_zero(ligne.debit)
            credit += self._montant_ou_zero(ligne.credit)
        return debit, credit, debit - credit

    def texte_totaux(self) -> str:
        """« Total débit : 1 200,00 € · Total crédit : 1 000,00 € »."""
        debit, credit, _ = self.totaux()
        return f"Total débit : {format_montant(debit)} · Total crédit : {format_montant(credit)}"

    def texte_ecart(self) -> str:
        """« Écart : 200,00 € » (valeur absolue ; le sens est dit quand l'écart n'est pas nul)."""
        _, _, ecart = self.totaux()
        if not ecart:
            return f"Écart : {format_montant(ZERO)}"
        sens = "débit" if ecart > 0 else "crédit"
        return f"Écart : {format_montant(abs(ecart))} (trop au {sens})"

    def valeur(self) -> list[Ecriture]:
        """Les écritures passées par ce formulaire, dans l'ordre (contre-passations comprises)."""
        return [op["ecriture"] for op in self._operations]

    def reponse(self) -> dict:
        """La réponse enregistrée : écritures passées (numéro, écriture contre-passée) et brouillon."""
        return {
            "ecritures": [
                {
                    "numero": op["ecriture"].numero,
                    "contre_passe": op["contre_passe"],
                    "ecriture": op["ecriture"],
                }
                for op in self._operations
            ],
            "brouillon": {**self.entete, "lignes": [asdict(ligne) for ligne in self.lignes]},
        }

    def suggestions(self, texte: object, limite: int = 20) -> list[str]:
        """Comptes proposés pour une saisie : ceux du livre, puis ceux du PCG (numéro ou libellé).

        Returns:
            des textes « numéro – libellé », au plus ``limite``.
        """
        if not isinstance(texte, str) or len(texte) > LIBELLE_MAX:
            return []
        cherche = texte.split(SEPARATEUR)[0].strip()
        numero, mot = normaliser_compte(cherche), cherche.casefold()
        trouves: dict[str, str] = {}
        for num, lib in self._comptes_du_livre().items():
            if not cherche or num.startswith(numero) or mot in lib.casefold():
                trouves.setdefault(num, lib)
        if cherche and len(cherche) <= 60:
            for compte in pcg.chercher(cherche, limite=limite):
                trouves.setdefault(compte.numero, compte.libelle)
        return [f"{num}{SEPARATEUR}{lib}" if lib else num for num, lib in list(trouves.items())[:limite]]

    # ------------------------------------------------------------------ saisie
    def modifier(self, champ: object, valeur: object, ligne: object = None) -> bool:
        """Change un champ de l'en-tête (``ligne=None``) ou d'une ligne, et le vérifie aussitôt.

        Une saisie valide est enregistrée (brouillon). Une saisie trop longue ou
        d'un mauvais type n'est pas gardée.

        Returns:
            ``True`` si la saisie est valide.
        """
        self._retirer("valider")
        self._retirer("formulaire")
        ok = self._appliquer(champ, valeur, ligne)
        if ok:
            self._enregistrer()
        self.revision += 1
        return ok

    def ajouter_ligne(self) -> bool:
        """Ajoute une ligne vide (au plus :data:`LIGNES_MAX`)."""
        if len(self.lignes) >= LIGNES_MAX:
            self._poser(
                "lignes",
                f"Une écriture a au plus {LIGNES_MAX} lignes : regroupez des montants "
                "ou faites une seconde écriture.",
            )
            self.revision += 1
            return False
        self.lignes.append(LigneSaisie())
        self._retirer("lignes")
        self._restructurer()
        return True

    def supprimer_ligne(self, ligne: object) -> bool:
        """Supprime une ligne du brouillon (par son rang, 0 pour la première)."""
        if not self._rang_valide(ligne):
            self._poser("lignes", "Cette ligne n'existe pas (ou plus) : rien n'a été supprimé.")
            self.revision += 1
            return False
        del self.lignes[ligne]
        self._restructurer()
        self._enregistrer()
        return True

    def valider(self) -> Ecriture | None:
        """Contrôle tout le brouillon et passe l'écriture au livre.

        Returns:
            l'écriture passée (numérotée), ou ``None`` : chaque erreur est alors
            rangée dans :attr:`erreurs` à côté de son champ.
        """
        self.annonce = ""
        self._retirer("formulaire")
        erreurs: dict[str, str] = {}
        self._reverifier(erreurs, complet=True)
        lignes = []
        for i, saisie in enumerate(self.lignes):
            if saisie.est_vide() or any(cle(c, i) in erreurs for c in CHAMPS_LIGNE):
                continue
            try:
                lignes.append(
                    Ligne(
                        numero_saisi(saisie.compte),
                        debit=self._montant_ou_zero(saisie.debit),
                        credit=self._montant_ou_zero(saisie.credit),
                        tiers=normaliser_compte(saisie.tiers) if saisie.tiers.strip() else "",
                    )
                )
            except ErreurComptable as exc:
                erreurs[cle(self._champ_ligne(exc.champ), i)] = exc.message
        if not erreurs:
            passee = self._passer(lignes, erreurs)
            if passee is not None:
                return passee
        erreurs.setdefault(
            "valider", "L'écriture n'a pas été passée : corrigez les champs signalés en rouge."
        )
        self.erreurs = erreurs
        self.revision += 1
        return None

    def contre_passer(self, numero: object) -> Ecriture | None:
        """Contre-passe une écriture passée par ce formulaire (son numéro, ``"AC000001"``).

        Returns:
            la contre-passation passée au livre, ou ``None`` (message sous ``"contre_passation"``).
        """
        self.annonce = ""
        self._retirer("formulaire")
        self._retirer("contre_passation")
        possibles = {n for _, n in self.a_contre_passer()}
        if not isinstance(numero, str) or numero not in possibles:
            self._poser(
                "contre_passation",
                "Choisissez une écriture passée avec ce formulaire et pas encore contre-passée.",
            )
            self.revision += 1
            return None
        try:
            inverse = self.livre.contre_passer(numero)
        except ErreurComptable as exc:
            self._poser("contre_passation", exc.message)
            self.revision += 1
            return None
        self._operations.append({"contre_passe": numero, "ecriture": inverse})
        self._comptes = None
        self.annonce = f"Écriture {numero} contre-passée par l'écriture {inverse.numero}."
        self._enregistrer()
        self.revision += 1
        return inverse

    # ------------------------------------------------------------------ interne : contrôles
    def _appliquer(self, champ: object, valeur: object, ligne: object) -> bool:
        if ligne is None and champ in CHAMPS_ENTETE:
            k = cle(champ)
        elif champ in CHAMPS_LIGNE and self._rang_valide(ligne):
            k = cle(champ, ligne)
        else:
            self._poser("formulaire", "Ce champ n'existe pas dans le formulaire : saisie ignorée.")
            return False
        try:
            texte = verifier_texte(
                valeur, champ=k, nom=_NOMS[champ], maximum=_MAXIMUMS.get(champ, TEXTE_COURT_MAX)
            )
            if champ == "journal":
                self._verifier(champ, texte, None, complet=True)
        except ErreurComptable as exc:
            self._refus.add(k)
            self._poser(k, exc.message)
            return False
        self._refus.discard(k)
        if ligne is None:
            self.entete[champ] = texte
        else:
            setattr(self.lignes[ligne], champ, texte)
        try:
            info = self._verifier(champ, texte, ligne, complet=False)
        except ErreurComptable as exc:
            self._poser(k, exc.message)
            return False
        self._retirer(k)
        self._informer(k, info)
        if champ in ("debit", "credit"):
            self._retirer("lignes")
        return True

    def _verifier(self, champ: str, texte: str, ligne: int | None, *, complet: bool) -> str:
        """Vérifie un champ ; renvoie une indication (libellé du compte) ou lève une ErreurComptable."""
        k = cle(champ, ligne)
        nom = _NOMS[champ]
        if champ == "journal":
            if texte not in self.livre.journaux:
                raise JournalInconnu(
                    "Choisissez un journal ouvert : "
                    + ", ".join(f"{c} ({lib})" for c, lib in self.livre.journaux.items())
                    + ".",
                    champ=k,
                )
            return self.livre.journaux[texte]
        if champ == "date":
            jour = lire_date_saisie(texte, champ=k, nom=nom)
            if jour is None and complet:
                raise SaisieInvalide("La date est vide : saisissez-la au format JJ/MM/AAAA.", champ=k)
            return ""
        if champ in ("debit", "credit"):
            autre = "crédit" if champ == "debit" else "débit"
            lire_montant_saisi(
                texte, champ=k, nom=nom, conseil_negatif=f"saisissez un montant positif au {autre}"
            )
            return ""
        if champ == "tiers":
            code = normaliser_compte(texte)
            nom_tiers = self.livre.libelle_tiers(code) if code else ""
            return nom_tiers if nom_tiers != code else ""
        if champ == "compte":
            numero = numero_saisi(texte)
            if not numero:
                return ""  # ligne sans compte : le noyau le dira à la validation
            if not complet and numero not in self._comptes_du_livre() and not _NUMERO.match(numero):
                return "Recherche en cours : choisissez un compte dans la liste proposée."
            return self._libelle_compte(numero)
        return ""

    def _libelle_compte(self, numero: str) -> str:
        comptes = self._comptes_du_livre()
        if numero in comptes:
            return comptes[numero]
        if len(numero) > 20:
            raise SaisieInvalide("Compte : un numéro de compte a au plus 20 caractères.", champ="compte")
        return pcg.compte(numero).libelle

    def _comptes_du_livre(self) -> dict[str, str]:
        """Sous-comptes et comptes de tiers du livre (ouverts ou déjà mouvementés), avec leur libellé."""
        if self._comptes is None:
            self._comptes = self.livre.comptes_ouverts()
        return self._comptes

    def _reverifier(self, erreurs: dict[str, str], *, complet: bool) -> None:
        """Revérifie tous les champs stockés (les refus de type ou de longueur restent affichés)."""
        for k in self._refus:
            if k in self.erreurs:
                erreurs[k] = self.erreurs[k]
        for champ in CHAMPS_ENTETE:
            self._verifier_dans(erreurs, champ, self.entete[champ], None, complet)
        for i, saisie in enumerate(self.lignes):
            if complet and saisie.est_vide():
                continue
            for champ in CHAMPS_LIGNE:
                self._verifier_dans(erreurs, champ, getattr(saisie, champ), i, complet)

    def _verifier_dans(self, erreurs, champ, texte, ligne, complet) -> None:
        k = cle(champ, ligne)
        if k in erreurs:
            return
        try:
            self._informer(k, self._verifier(champ, texte, ligne, complet=complet))
        except ErreurComptable as exc:
            erreurs[k] = exc.message

    def _passer(self, lignes: list[Ligne], erreurs: dict[str, str]) -> Ecriture | None:
        try:
            ecriture = Ecriture(
                self.entete["journal"],
                lire_date(self.entete["date"]),
                self.entete["piece"],
                self.entete["libelle"],
                tuple(lignes),
            )
            passee = self.livre.passer(ecriture)
        except CompteInconnu as exc:
            rangs = [i for i, s in enumerate(self.lignes) if numero_saisi(s.compte) == exc.numero]
            erreurs[cle("compte", rangs[0]) if rangs else "lignes"] = exc.message
            return None
        except ErreurComptable as exc:
            champ = exc.champ if exc.champ in CHAMPS_ENTETE or exc.champ == "lignes" else "valider"
            erreurs[champ] = exc.message
            return None
        self._operations.append({"contre_passe": "", "ecriture": passee})
        self._comptes = None
        self.lignes = [LigneSaisie(), LigneSaisie()]
        self.entete["piece"] = self.entete["libelle"] = ""
        self.erreurs = {}
        self.infos = {k: i for k, i in self.infos.items() if k in ("journal", "date")}
        self.annonce = (
            f"Écriture {passee.numero} passée au journal {passee.journal} "
            f"(débit = crédit = {format_montant(passee.total_debit)})."
        )
        self._enregistrer()
        self._restructurer()
        return passee

    # ------------------------------------------------------------------ interne : état
    def _rang_valide(self, ligne: object) -> bool:
        return isinstance(ligne, int) and not isinstance(ligne, bool) and 0 <= ligne < len(self.lignes)

    @staticmethod
    def _champ_ligne(champ: str | None) -> str:
        champ = _CHAMPS_NOYAU.get(champ or "", champ or "")
        return champ if champ in CHAMPS_LIGNE else "debit"

    def _montant_ou_zero(self, texte: str) -> Decimal:
        try:
            return lire_montant_saisi(texte, champ="montant", nom="Montant") or ZERO
        except ErreurComptable:
            return ZERO

    def _restructurer(self) -> None:
        """Après un changement de lignes : les erreurs et indications des lignes sont recalculées."""
        self._refus = {k for k in self._refus if ":" not in k}
        garder = {k: m for k, m in self.erreurs.items() if ":" not in k}
        self.infos = {k: i for k, i in self.infos.items() if ":" not in k}
        erreurs: dict[str, str] = {}
        for i, saisie in enumerate(self.lignes):
            for champ in CHAMPS_LIGNE:
                self._verifier_dans(erreurs, champ, getattr(saisie, champ), i, False)
        self.erreurs = {**garder, **erreurs}
        self.structure += 1
        self.revision += 1

    # ------------------------------------------------------------------ reprise après redémarrage
    def _recharger(self) -> None:
        """Reprend écritures passées et brouillon enregistrés (contrôlés comme une saisie)."""
        donnees = self._persistance.charger()
        if not isinstance(donnees, dict):
            return
        self._reprise = True
        try:
            ecritures = donnees.get("ecritures")
            if isinstance(ecritures, list):
                if len(ecritures) > ECRITURES_MAX:
                    self._poser(
                        "formulaire",
                        f"Seules les {ECRITURES_MAX} premières écritures enregistrées ont été reprises.",
                    )
                for op in ecritures[:ECRITURES_MAX]:
                    self._rejouer(op)
            brouillon = donnees.get("brouillon")
            if isinstance(brouillon, dict):
                self._reprendre_brouillon(brouillon)
        finally:
            self._reprise = False
        self._restructurer()

    def _rejouer(self, op: object) -> None:
        try:
            lue = reponses.relire(op)
            numero, origine, ecriture = _operation_lue(lue)
        except (ErreurComptable, ValueError, TypeError, LookupError, ArithmeticError, AttributeError):
            self._poser("formulaire", "Une écriture enregistrée est illisible : elle n'a pas été reprise.")
            return
        try:
            existante = self.livre.ecriture(numero)
        except EcritureIntrouvable:
            existante = None
        try:
            if existante is not None:
                if _contenu(existante) != _contenu(ecriture):
                    raise ErreurComptable(f"le livre contient déjà une autre écriture {numero}")
                passee = existante
            elif origine:
                passee = self.livre.contre_passer(origine, date=ecriture.date, libelle=ecriture.libelle)
            else:
                passee = self.livre.passer(ecriture)
        except ErreurComptable as exc:
            self._poser(
                "formulaire", f"L'écriture enregistrée {numero} n'a pas pu être reprise : {exc.message}"
            )
            return
        if passee.numero != numero:
            self._poser(
                "formulaire",
                f"L'écriture enregistrée {numero} a été reprise sous le numéro {passee.numero} : "
                "le livre a changé depuis l'enregistrement.",
            )
        self._operations.append({"contre_passe": origine, "ecriture": passee})
        self._comptes = None

    def _reprendre_brouillon(self, brouillon: dict) -> None:
        for champ in CHAMPS_ENTETE:
            if isinstance(brouillon.get(champ), str) and brouillon[champ]:
                self._appliquer(champ, brouillon[champ], None)
        lignes = brouillon.get("lignes")
        if not isinstance(lignes, list):
            return
        if len(lignes) > LIGNES_MAX:
            self._poser(
                "lignes",
                f"Le brouillon enregistré avait plus de {LIGNES_MAX} lignes : "
                f"seules les {LIGNES_MAX} premières ont été reprises.",
            )
        self.lignes = [LigneSaisie() for _ in lignes[:LIGNES_MAX]]
        for i, ligne in enumerate(lignes[:LIGNES_MAX]):
            if isinstance(ligne, dict):
                for champ in CHAMPS_LIGNE:
                    if isinstance(ligne.get(champ), str) and ligne[champ]:
                        self._appliquer(champ, ligne[champ], i)


def _operation_lue(lue: object) -> tuple[str, str, Ecriture]:
    """(numéro, numéro contre-passé ou ``""``, écriture) d'une opération relue de ``reponses.json``."""
    numero = verifier_texte(lue["numero"], champ="formulaire", nom="Numéro", maximum=TEXTE_COURT_MAX)
    origine = verifier_texte(
        lue["contre_passe"] or "", champ="formulaire", nom="Numéro", maximum=TEXTE_COURT_MAX
    )
    e = lue["ecriture"]
    if not 2 <= len(e["lignes"]) <= LIGNES_MAX:
        raise SaisieInvalide("Nombre de lignes invalide.", champ="formulaire")

    def texte(valeur: object, maximum: int = TEXTE_COURT_MAX) -> str:
        return verifier_texte(valeur, champ="formulaire", nom="Écriture", maximum=maximum)

    lignes = tuple(
        Ligne(texte(c), debit=montant(texte(d)), credit=montant(texte(cr)), tiers=texte(t))
        for c, d, cr, t in e["lignes"]
    )
    ecriture = Ecriture(
        texte(e["journal"]),
        dt.date.fromisoformat(texte(e["date"])),
        texte(e["piece"], 60),
        texte(e["libelle"], 2 * LIBELLE_MAX),
        lignes,
    )
    return numero, origine, ecriture


def _contenu(e: Ecriture) -> tuple:
    return (
        e.journal,
        e.date,
        e.piece,
        e.libelle,
        tuple((l.compte, l.debit, l.credit, l.tiers) for l in e.lignes),
    )


class _RangeeLigne(widgets.HBox):
    """Une ligne du formulaire : compte, tiers, débit, crédit et le bouton « Supprimer »."""

    def __init__(self, rang: int, options: list[str]) -> None:
        self.rang = rang
        largeurs = {"compte": "16em", "tiers": "9em", "debit": "9em", "credit": "9em"}
        saisies = {
            "compte": widgets.Combobox(
                options=options, placeholder="Numéro ou libellé", ensure_option=False, continuous_update=True
            ),
            "tiers": widgets.Text(placeholder="Tiers"),
            "debit": widgets.Text(placeholder="0,00"),
            "credit": widgets.Text(placeholder="0,00"),
        }
        self.champs = {}
        for champ, saisie in saisies.items():
            saisie.layout.width = largeurs[champ]
            self.champs[champ] = Champ(saisie, layout=widgets.Layout(width=largeurs[champ]))
        self.supprimer = widgets.Button(
            description="Supprimer", icon="trash", layout=widgets.Layout(width="8em")
        )
        super().__init__([*self.champs.values(), self.supprimer])


class FormulaireSaisie(VueFormulaire):
    """Vue du formulaire de saisie d'écriture (le modèle est :class:`ModeleSaisie`).

    Args:
        livre: le livre de l'apprenant.
        question: identifiant de la question dans ``reponses.json``.
        dossier: dossier du devoir (par défaut le dossier courant).
        modele: un modèle déjà construit (sinon créé à partir des trois premiers arguments).

    Exemple dans un carnet::

        formulaire = FormulaireSaisie(livre, question="b1_achat_durand")
        formulaire
    """

    def __init__(
        self, livre=None, question: str = "saisie", dossier: Path | str | None = None, *, modele=None
    ):
        m = modele if modele is not None else ModeleSaisie(livre, question, dossier)
        self._synchro = False
        self._entete = {
            "journal": Champ(
                widgets.Dropdown(
                    options=[(f"{code} – {lib}", code) for code, lib in m.journaux],
                    value=m.entete["journal"] or None,
                    description="Journal",
                )
            ),
            "date": Champ(widgets.Text(placeholder="JJ/MM/AAAA", description="Date")),
            "piece": Champ(widgets.Text(placeholder="N° de facture, de relevé...", description="Pièce")),
            "libelle": Champ(
                widgets.Text(
                    placeholder="Facture 125 Dupont",
                    description="Libellé",
                    layout=widgets.Layout(width="40em"),
                )
            ),
        }
        for champ, vue in self._entete.items():
            vue.saisie.observe(partial(self._sur_saisie, champ, None), names="value")
        titres = widgets.HBox(
            [
                widgets.HTML(f"<b>{titre}</b>", layout=widgets.Layout(width=largeur))
                for titre, largeur in (
                    ("Compte", "16em"),
                    ("Tiers", "9em"),
                    ("Débit", "9em"),
                    ("Crédit", "9em"),
                )
            ]
        )
        self._rangees: list[_RangeeLigne] = []
        self._zone_lignes = widgets.VBox()
        self._ajouter = widgets.Button(description="Ajouter une ligne", icon="plus")
        self._ajouter.on_click(self._sur_ajouter)
        self._totaux = Champ(widgets.Label())
        self._ecart = widgets.Label()
        self._valider = Champ(widgets.Button(description="Valider", button_style="primary", icon="check"))
        self._valider.saisie.on_click(self._sur_valider)
        self._a_contre_passer = widgets.Dropdown(description="Écriture", layout=widgets.Layout(width="40em"))
        self._contre_passer = Champ(widgets.Button(description="Contre-passer", icon="undo"))
        self._contre_passer.saisie.on_click(self._sur_contre_passer)
        super().__init__(
            m,
            [
                widgets.HBox([self._entete["journal"], self._entete["date"]]),
                widgets.HBox([self._entete["piece"], self._entete["libelle"]]),
                titres,
                self._zone_lignes,
                self._ajouter,
                widgets.HBox([self._totaux, self._ecart]),
                self._valider,
                widgets.HBox([self._a_contre_passer, self._contre_passer]),
            ],
        )

    # ------------------------------------------------------------------ API
    def champ(self, nom: str, ligne: int | None = None) -> Champ:
        """Le champ (widget de saisie et son message) : ``champ("date")``, ``champ("debit", 0)``.

        ``"lignes"`` désigne les totaux (avec le message d'équilibre), ``"valider"`` et
        ``"contre_passation"`` les boutons avec leur message.
        """
        if ligne is not None:
            return self._rangees[ligne].champs[nom]
        speciaux = {"lignes": self._totaux, "valider": self._valider, "contre_passation": self._contre_passer}
        return speciaux.get(nom) or self._entete[nom]

    def message(self, nom: str, ligne: int | None = None) -> str:
        """Le message affiché à côté d'un champ (texte brut, ``""`` s'il n'y en a pas)."""
        return self.champ(nom, ligne).texte

    def bouton(self, nom: str, ligne: int | None = None) -> widgets.Button:
        """Un bouton : ``"valider"``, ``"ajouter"``, ``"contre_passer"``, ``"supprimer"`` (avec ``ligne``)."""
        if nom == "supprimer":
            return self._rangees[ligne].supprimer
        boutons = {
            "valider": self._valider.saisie,
            "ajouter": self._ajouter,
            "contre_passer": self._contre_passer.saisie,
        }
        return boutons[nom]

    @property
    def choix_contre_passation(self) -> widgets.Dropdown:
        """La liste des écritures passées qu'on peut contre-passer."""
        return self._a_contre_passer

    @property
    def nb_lignes(self) -> int:
        """Nombre de lignes affichées."""
        return len(self._rangees)

    @property
    def totaux(self) -> str:
        """Texte des totaux affiché (« Total débit : ... · Total crédit : ... »)."""
        return self._totaux.saisie.value

    @property
    def ecart(self) -> str:
        """Texte de l'écart affiché (« Écart : 200,00 € ... »)."""
        return self._ecart.value

    # ------------------------------------------------------------------ rappels
    @protege
    def _sur_saisie(self, champ: str, ligne: int | None, change: dict) -> None:
        if self._synchro:
            return
        self._general.afficher("")
        if champ == "compte":
            self._rangees[ligne].champs["compte"].saisie.options = self._modele.suggestions(change["new"])
        self._modele.modifier(champ, change["new"], ligne)

    @protege
    def _sur_ajouter(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.ajouter_ligne()

    @protege
    def _sur_supprimer(self, rang: int, _bouton) -> None:
        self._general.afficher("")
        self._modele.supprimer_ligne(rang)

    @protege
    def _sur_valider(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.valider()

    @protege
    def _sur_contre_passer(self, _bouton) -> None:
        self._general.afficher("")
        self._modele.contre_passer(self._a_contre_passer.value)

    def _signaler(self, message: str, champ: str | None) -> None:
        if champ in self._entete:
            self._entete[champ].afficher(message)
        else:
            self._general.afficher(message)

    # ------------------------------------------------------------------ affichage
    def _reconstruire(self) -> None:
        """Remet les widgets à l'image du modèle (après validation, suppression, reprise)."""
        m = self._modele
        self._synchro = True
        try:
            for champ, vue in self._entete.items():
                valeur = m.entete[champ]
                if champ != "journal" or valeur in m.livre.journaux:
                    vue.saisie.value = valeur
            options = m.suggestions("")
            for rangee in self._rangees[len(m.lignes) :]:
                fermer(rangee)
            del self._rangees[len(m.lignes) :]
            for i in range(len(self._rangees), len(m.lignes)):
                rangee = _RangeeLigne(i, options)
                for champ, vue in rangee.champs.items():
                    vue.saisie.observe(partial(self._sur_saisie, champ, i), names="value")
                rangee.supprimer.on_click(partial(self._sur_supprimer, i))
                self._rangees.append(rangee)
            for rangee, ligne in zip(self._rangees, m.lignes, strict=True):
                for champ, vue in rangee.champs.items():
                    vue.saisie.value = getattr(ligne, champ)
                rangee.champs["compte"].saisie.options = options
            self._zone_lignes.children = tuple(self._rangees)
        finally:
            self._synchro = False

    def _rafraichir(self) -> None:
        """Messages à côté des champs, totaux et écart, liste des écritures à contre-passer."""
        m = self._modele
        erreurs, infos = m.erreurs, m.infos
        for champ, vue in self._entete.items():
            _montrer(vue, erreurs.get(champ), infos.get(champ))
        for rangee in self._rangees:
            for champ, vue in rangee.champs.items():
                k = cle(champ, rangee.rang)
                _montrer(vue, erreurs.get(k), infos.get(k))
        self._totaux.saisie.value = m.texte_totaux()
        self._totaux.afficher(erreurs.get("lignes", ""))
        self._ecart.value = m.texte_ecart()
        self._ecart.style.text_color = "#b00020" if m.totaux()[2] else "#1b5e20"
        self._valider.afficher(erreurs.get("valider", ""))
        self._contre_passer.afficher(erreurs.get("contre_passation", ""))
        options = m.a_contre_passer()
        if list(self._a_contre_passer.options) != options:
            self._synchro = True
            try:
                self._a_contre_passer.options = options
            finally:
                self._synchro = False


def _montrer(vue: Champ, erreur: str | None, info: str | None) -> None:
    """Erreur en rouge si le champ en a une, sinon son indication en gris."""
    if erreur:
        vue.afficher(erreur, "erreur")
    else:
        vue.afficher(info or "", "info")
