"""Relances des clients : créances non soldées, plan de relance, lettres et leur contrôle.

Activité B4.2 « Rédiger une lettre de relance » (critères B4.2-K06 et B4.2-K07).

1. **Créances non soldées** (:func:`creances_non_soldees`) : les pièces des comptes
   clients (411) du :class:`~compta_kernel.livre.Livre` qui ne sont ni lettrées ni couvertes
   par un règlement. Un règlement non lettré s'impute sur les factures les plus
   anciennes du même client (ordre des échéances), comme le fait un relevé de compte.
2. **Plan de relance** (:func:`plan_relance`, :func:`relances_a_faire`) : relance amiable,
   seconde relance, mise en demeure, à des dates comptées depuis l'échéance ; les délais
   sont des règles datées (``donnees/regles/<année>/relances.yaml``), usages du cours
   qu'aucun texte ne fixe, la source le dit.
3. **Lettre** (:func:`lettre_relance`) : tout ce qu'exige B4.2-K06 — nom et adresse du
   créancier et du client, références des factures, montant augmenté des pénalités de
   retard (:func:`compta_kernel.penalites.penalites_retard`) et de l'indemnité
   forfaitaire de 40 € par facture, échéance initiale et nouvelle, démarches déjà
   faites — et les termes des articles L441-10 et L441-16 du Code de commerce cités à la
   lettre (règles ``relances.texte.*``). Rendue depuis des gabarits Jinja2 en texte, HTML,
   DOCX (python-docx) et PDF (fpdf2).
4. **Contrôle** (:func:`verifier_lettre_relance`) : lit la lettre d'un apprenant (texte ou
   fichier .docx) et liste chaque élément manquant ou faux.

Les pénalités sont arrêtées à la date de la lettre ; le total dû est la somme des factures,
des pénalités (arrondies au centime par période, voir :mod:`compta_kernel.penalites`) et
des indemnités.

>>> import datetime as dt
>>> lettre = lettre_relance(
...     Partie("Atelier Morel SARL", ("12 rue des Forges", "42000 Saint-Étienne")),
...     Partie("Garage Petit SAS", ("3 avenue Foch", "69006 Lyon")),
...     [PieceImpayee("F2026-014", dt.date(2026, 1, 2), dt.date(2026, 1, 31), Decimal("10000"))],
...     date=dt.date(2026, 3, 2),
... )
>>> lettre.total_penalites, lettre.total_indemnites, lettre.total_du, lettre.nouvelle_echeance
(Decimal('99.86'), Decimal('40.00'), Decimal('10139.86'), datetime.date(2026, 3, 10))
>>> verifier_lettre_relance(lettre.texte(), lettre).complete
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from compta_kernel import regles
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.penalites import Penalites, penalites_retard
from compta_kernel.presentation import format_date, format_montant, format_taux, lire_date
from compta_kernel.redaction import (
    Controle,
    Controleur,
    dates_du_texte,
    lire_texte,
    montants_du_texte,
    normaliser,
    rendre,
)

#: Les trois étapes du plan de relance, dans l'ordre.
NIVEAUX = ("relance_amiable", "seconde_relance", "mise_en_demeure")
LIBELLES = {
    "relance_amiable": "relance amiable",
    "seconde_relance": "seconde relance",
    "mise_en_demeure": "mise en demeure",
}
#: Moyen d'envoi de chaque étape (la mise en demeure se prouve : recommandé avec avis de réception).
ENVOIS = {
    "relance_amiable": "Courriel et lettre simple",
    "seconde_relance": "Lettre simple",
    "mise_en_demeure": "Lettre recommandée avec avis de réception",
}
CLES_TEXTES = (
    "relances.texte.L441-10.rappel",
    "relances.texte.L441-10.indemnite",
    "relances.texte.L441-10.taux",
    "relances.texte.L441-16.amende",
)


class ErreurRelance(ErreurComptable, ValueError):
    """Une relance impossible : niveau inconnu, facture sans retard, nouveau délai déjà passé."""


# ----------------------------------------------------------------------------- valeurs
@dataclass(frozen=True)
class Partie:
    """Le créancier ou le client d'une lettre : raison sociale et lignes d'adresse.

    Attributes:
        nom: raison sociale (« Atelier Morel SARL »).
        adresse: lignes de l'adresse postale, sans le nom.
        contact: destinataire (« Mme Claire Petit, comptable »), facultatif.
    """

    nom: str
    adresse: tuple[str, ...]
    contact: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "adresse", tuple(self.adresse))
        if not self.nom.strip() or not self.adresse:
            raise ErreurRelance("Une partie de la lettre a un nom et une adresse.", champ="partie")

    @classmethod
    def depuis(cls, societe: object) -> Partie:
        """Une :class:`Partie` depuis une société des données fictives (ou une partie, rendue telle quelle)."""
        if isinstance(societe, Partie):
            return societe
        contact = getattr(societe, "contact", None)
        return cls(societe.raison_sociale, tuple(societe.adresse.lignes()), str(contact) if contact else "")


@dataclass(frozen=True)
class PieceImpayee:
    """Une créance client non soldée.

    Attributes:
        numero: référence de la facture (numéro de pièce).
        date_piece: date de la facture.
        echeance: date d'échéance initiale.
        montant: reste dû TTC.
        tiers: code ou compte du client (vide si inconnu).
        libelle: libellé de l'écriture.
    """

    numero: str
    date_piece: dt.date
    echeance: dt.date
    montant: Decimal
    tiers: str = ""
    libelle: str = ""

    @classmethod
    def depuis(cls, valeur: object) -> PieceImpayee:
        """Depuis une :class:`PieceImpayee`, un dictionnaire des mêmes clés ou une facture des données fictives."""
        if isinstance(valeur, PieceImpayee):
            return valeur
        if isinstance(valeur, Mapping):
            return cls(
                str(valeur["numero"]),
                lire_date(valeur["date_piece"]),
                lire_date(valeur["echeance"]),
                arrondir(montant(valeur["montant"])),
                str(valeur.get("tiers", "")),
                str(valeur.get("libelle", "")),
            )
        return cls(
            valeur.numero,
            valeur.date_emission,
            valeur.date_echeance,
            valeur.net_a_payer,
            getattr(valeur.acheteur, "code", ""),
        )


@dataclass(frozen=True)
class EtapeRelance:
    """Une étape du plan de relance d'une créance.

    Attributes:
        niveau: ``"relance_amiable"``, ``"seconde_relance"`` ou ``"mise_en_demeure"``.
        date: date d'envoi prévue.
        delai_jours: nouveau délai de paiement accordé, compté depuis l'envoi.
        envoi: moyen d'envoi.
        source: d'où vient le délai.
    """

    niveau: str
    date: dt.date
    delai_jours: int
    envoi: str
    source: str

    @property
    def libelle(self) -> str:
        """« relance amiable », « seconde relance » ou « mise en demeure »."""
        return LIBELLES[self.niveau]

    @property
    def nouvelle_echeance(self) -> dt.date:
        """Date limite de paiement donnée par cette étape."""
        return self.date + dt.timedelta(days=self.delai_jours)


@dataclass(frozen=True)
class RelanceAFaire:
    """Une créance échue et l'étape du plan qu'elle a atteinte à la date du plan."""

    piece: PieceImpayee
    etape: EtapeRelance
    jours_de_retard: int


@dataclass(frozen=True)
class FactureRelancee:
    """Une facture de la lettre et ses pénalités arrêtées à la date de la lettre."""

    piece: PieceImpayee
    penalites: Penalites


@dataclass(frozen=True)
class LettreRelance:
    """Une lettre de relance complète (critère B4.2-K06), prête à rendre en texte, HTML, DOCX ou PDF.

    Attributes:
        niveau: étape du plan (:data:`NIVEAUX`).
        creancier, client: les deux parties.
        date: date de la lettre, à laquelle les pénalités sont arrêtées.
        lieu: ville d'où part la lettre.
        factures: les factures relancées et leurs pénalités.
        nouvelle_echeance: nouvelle date limite de paiement.
        demarches: démarches déjà faites, chacune datée (« relance amiable du 10/02/2026 »).
        signataire: nom et fonction de la personne qui signe.
        textes: citations légales employées (règles ``relances.texte.*`` en vigueur à la date).
    """

    niveau: str
    creancier: Partie
    client: Partie
    date: dt.date
    lieu: str
    factures: tuple[FactureRelancee, ...]
    nouvelle_echeance: dt.date
    demarches: tuple[str, ...]
    signataire: str
    textes: Mapping[str, str] = field(repr=False)

    @property
    def total_principal(self) -> Decimal:
        """Somme des factures restées impayées."""
        return sum((f.piece.montant for f in self.factures), ZERO)

    @property
    def total_penalites(self) -> Decimal:
        """Somme des pénalités de retard arrêtées à la date de la lettre."""
        return sum((f.penalites.penalites for f in self.factures), ZERO)

    @property
    def total_indemnites(self) -> Decimal:
        """Une indemnité forfaitaire par facture payée en retard (C. com. D441-5)."""
        return sum((f.penalites.indemnite for f in self.factures), ZERO)

    @property
    def total_du(self) -> Decimal:
        """Montant augmenté des pénalités et des indemnités : la somme réclamée."""
        return self.total_principal + self.total_penalites + self.total_indemnites

    @property
    def objet(self) -> str:
        """Objet de la lettre : l'étape et les références des factures."""
        debut = {
            "relance_amiable": "Relance",
            "seconde_relance": "Seconde relance",
            "mise_en_demeure": "Mise en demeure de payer",
        }[self.niveau]
        pluriel = "s" if len(self.factures) > 1 else ""
        numeros = ", ".join(f.piece.numero for f in self.factures)
        return f"{debut} — facture{pluriel} impayée{pluriel} n° {numeros}"

    def contexte(self) -> dict:
        """Les valeurs mises en forme que remplissent les gabarits Jinja2."""
        t = self.textes
        pluriel = len(self.factures) > 1
        arrete = format_date(self.date)
        indemnite_unitaire = self.factures[0].penalites.indemnite
        appel = "Madame, Monsieur"
        if self.client.contact.startswith(("Mme", "Madame")):
            appel = "Madame"
        elif self.client.contact.startswith(("M.", "Monsieur")):
            appel = "Monsieur"
        lignes = []
        for f in self.factures:
            p = f.penalites
            taux = " puis ".join(format_taux(q.taux) for q in p.periodes)
            lignes.append(
                {
                    "numero": f.piece.numero,
                    "date": format_date(f.piece.date_piece),
                    "echeance": format_date(f.piece.echeance),
                    "montant": format_montant(f.piece.montant),
                    "arrete": arrete,
                    "jours": p.jours,
                    "taux": f"taux annuel {taux}",
                    "penalites": format_montant(p.penalites),
                    "indemnite": format_montant(p.indemnite),
                }
            )
        les = "les factures suivantes" if pluriel else "la facture suivante"
        constat = {
            "relance_amiable": (
                "Sauf erreur ou omission de notre part, nous n'avons pas reçu à ce jour le règlement "
                f"de {les}, arrivée{'s' if pluriel else ''} à échéance :"
            ),
            "seconde_relance": (
                f"Malgré notre précédente relance, {les} reste{'nt' if pluriel else ''} impayée"
                f"{'s' if pluriel else ''} à ce jour :"
            ),
            "mise_en_demeure": (
                f"Malgré nos relances restées sans effet, {les} reste{'nt' if pluriel else ''} impayée"
                f"{'s' if pluriel else ''} :"
            ),
        }[self.niveau]
        du = format_montant(self.total_du)
        limite = format_date(self.nouvelle_echeance)
        demande = {
            "relance_amiable": (
                f"Nous vous remercions de bien vouloir nous régler la somme de {du} au plus tard le {limite}."
            ),
            "seconde_relance": f"Nous vous demandons de nous régler la somme de {du} au plus tard le {limite}.",
            "mise_en_demeure": (
                f"Par la présente, nous vous mettons en demeure de nous régler la somme de {du} au plus tard "
                f"le {limite}."
            ),
        }[self.niveau]
        suite = {
            "relance_amiable": (
                "Si votre règlement a été effectué entre-temps, nous vous prions de ne pas tenir compte de ce "
                "courrier. Notre service comptable reste à votre disposition pour toute question."
            ),
            "seconde_relance": (
                "À défaut de règlement à cette date, nous vous adresserons une mise en demeure par lettre "
                "recommandée avec avis de réception."
            ),
            "mise_en_demeure": (
                "À défaut de paiement dans ce délai, nous saisirons la juridiction compétente afin d'obtenir "
                "le recouvrement de notre créance, sans autre avis."
            ),
        }[self.niveau]
        taux_convenu = self.factures[0].penalites.taux_facture
        if taux_convenu is None:
            taux = (
                "À défaut de taux prévu par nos conditions de règlement, le même article dispose : "
                f"« {t['relances.texte.L441-10.taux']} »"
            )
        else:
            taux = f"Le taux appliqué est celui de nos conditions de règlement : {format_taux(taux_convenu)} l'an."
        cadre = (
            f"Conformément à l'article L441-10 du Code de commerce, « {t['relances.texte.L441-10.rappel']} » "
            f"et « {t['relances.texte.L441-10.indemnite']} » (article D441-5 : "
            f"{format_montant(indemnite_unitaire)} par facture). {taux} "
            "Nous vous rappelons enfin que, selon l'article L441-16 du même code, "
            f"« {t['relances.texte.L441-16.amende']} »."
        )
        return {
            "creancier": self.creancier,
            "client": self.client,
            "lieu_date": f"{self.lieu}, le {format_date(self.date)}"
            if self.lieu
            else f"Le {format_date(self.date)}",
            "envoi": ENVOIS[self.niveau],
            "objet": self.objet,
            "references": ", ".join(f"facture n° {f.piece.numero}" for f in self.factures),
            "appel": appel,
            "constat": constat,
            "factures": lignes,
            "nb_factures": len(self.factures),
            "indemnite_unitaire": format_montant(indemnite_unitaire),
            "arrete": arrete,
            "total_principal": format_montant(self.total_principal),
            "total_penalites": format_montant(self.total_penalites),
            "total_indemnites": format_montant(self.total_indemnites),
            "total_du": du,
            "demarches": "Démarches déjà entreprises : " + " ; ".join(self.demarches) + ".",
            "demande": demande,
            "cadre_legal": cadre,
            "suite": suite,
            "politesse": f"Nous vous prions d'agréer, {appel}, l'expression de nos salutations distinguées.",
            "signataire": self.signataire or "Le service comptable",
        }

    def texte(self) -> str:
        """La lettre en texte brut (gabarit ``relance.txt.j2``)."""
        return rendre("relance.txt.j2", **self.contexte()).strip() + "\n"

    def html(self) -> str:
        """La lettre en HTML (gabarit ``relance.html.j2``, texte échappé)."""
        return rendre("relance.html.j2", **self.contexte())

    def _repr_html_(self) -> str:
        return self.html()

    def docx(self, chemin: str | Path) -> Path:
        """Écrit la lettre en DOCX (un paragraphe par bloc du gabarit texte ; objet en gras)."""
        from docx import Document
        from docx.shared import Pt

        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Calibri"
        style.font.size = Pt(11)
        for bloc in self.texte().split("\n\n"):
            paragraphe = document.add_paragraph()
            for i, ligne in enumerate(bloc.strip("\n").split("\n")):
                if i:
                    paragraphe.add_run().add_break()
                run = paragraphe.add_run(ligne)
                run.bold = ligne.startswith(("Objet :", "Montant total dû"))
        chemin = Path(chemin)
        document.save(str(chemin))
        return chemin

    def pdf(self, chemin: str | Path) -> Path:
        """Écrit la lettre en PDF A4 (fpdf2, police Source Sans Pro embarquée)."""
        from fpdf import FPDF

        from compta_kernel.donnees_fictives import _fichier_police

        pdf = FPDF(format="A4")
        pdf.set_lang("fr-FR")
        pdf.set_title(self.objet)
        pdf.set_author(self.creancier.nom)
        pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
        pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
        pdf.set_margins(20, 18, 20)
        pdf.add_page()
        for bloc in self.texte().split("\n\n"):
            gras = bloc.lstrip().startswith(("Objet :", "Lettre recommandée", "Courriel", "Lettre simple"))
            pdf.set_font("Source", "B" if gras else "", 10.5)
            pdf.multi_cell(0, 5, bloc.strip("\n"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        chemin = Path(chemin)
        pdf.output(str(chemin))
        return chemin


# ----------------------------------------------------------------------------- créances du livre
def creances_non_soldees(
    livre, *, au: dt.date | None = None, prefixe: str = "411"
) -> tuple[PieceImpayee, ...]:
    """Les pièces clients non soldées du livre, des plus anciennes échéances aux plus récentes.

    Une ligne lettrée est soldée. Les débits non lettrés des comptes ``prefixe`` sont des
    créances (échéance : celle de la ligne, sinon la date de la pièce) ; les crédits non
    lettrés du même compte et du même tiers (règlements, avoirs) s'imputent sur les
    créances aux échéances les plus anciennes. Seules les écritures datées au plus tard
    ``au`` comptent.
    """
    creances: dict[tuple[str, str], list[list]] = {}
    reglements: dict[tuple[str, str], Decimal] = {}
    for e in livre.ecritures():
        if au is not None and e.date > au:
            continue
        for ligne in e.lignes:
            if not ligne.compte.startswith(prefixe) or ligne.lettrage:
                continue
            cle = (ligne.compte, ligne.tiers)
            if ligne.debit:
                creances.setdefault(cle, []).append(
                    [e.piece, e.date, ligne.echeance or e.date, ligne.debit, ligne.libelle or e.libelle]
                )
            else:
                reglements[cle] = reglements.get(cle, ZERO) + ligne.credit
    resultat = []
    for cle, pieces in creances.items():
        disponible = reglements.get(cle, ZERO)
        for numero, date_piece, echeance, reste, libelle in sorted(pieces, key=lambda p: (p[2], p[1], p[0])):
            impute = min(disponible, reste)
            disponible -= impute
            if reste - impute > 0:
                resultat.append(
                    PieceImpayee(numero, date_piece, echeance, reste - impute, cle[1] or cle[0], libelle)
                )
    return tuple(sorted(resultat, key=lambda p: (p.echeance, p.numero)))


# ----------------------------------------------------------------------------- plan de relance
def plan_relance(echeance: dt.date | str) -> tuple[EtapeRelance, ...]:
    """Les trois étapes de relance d'une créance échue le ``echeance`` (délais : règles ``relances.*``).

    >>> [(e.libelle, e.date.isoformat(), e.nouvelle_echeance.isoformat()) for e in plan_relance("31/01/2026")]
    [('relance amiable', '2026-02-08', '2026-02-16'), ('seconde relance', '2026-03-02', '2026-03-10'), \
('mise en demeure', '2026-03-17', '2026-03-25')]
    """
    echeance = lire_date(echeance)
    etapes = []
    for niveau in NIVEAUX:
        apres = regles.regle(f"relances.{niveau}.jours_apres_echeance", echeance)
        delai = regles.regle(f"relances.{niveau}.delai_jours", echeance)
        etapes.append(
            EtapeRelance(
                niveau,
                echeance + dt.timedelta(days=int(apres.valeur)),
                int(delai.valeur),
                ENVOIS[niveau],
                apres.source,
            )
        )
    return tuple(etapes)


def relances_a_faire(livre, au: dt.date | str, *, prefixe: str = "411") -> tuple[RelanceAFaire, ...]:
    """Le plan de relance au jour ``au`` : pour chaque créance échue, la dernière étape atteinte."""
    au = lire_date(au)
    resultat = []
    for piece in creances_non_soldees(livre, au=au, prefixe=prefixe):
        atteintes = [e for e in plan_relance(piece.echeance) if e.date <= au]
        if atteintes:
            resultat.append(RelanceAFaire(piece, atteintes[-1], (au - piece.echeance).days))
    return tuple(resultat)


# ----------------------------------------------------------------------------- la lettre
def textes_legaux(jour: dt.date) -> dict[str, str]:
    """Les citations du Code de commerce en vigueur le ``jour`` (règles ``relances.texte.*``)."""
    return {cle: str(regles.valeur(cle, jour)) for cle in CLES_TEXTES}


def lettre_relance(
    creancier: object,
    client: object,
    factures: Iterable[object],
    *,
    date: dt.date | str,
    niveau: str = "relance_amiable",
    demarches: Sequence[str] = (),
    taux: object = None,
    delai_jours: int | None = None,
    signataire: str = "",
    lieu: str = "",
) -> LettreRelance:
    """Prépare la lettre de relance de factures impayées (critères B4.2-K06, B4.2-K07).

    Args:
        creancier, client: :class:`Partie` ou sociétés des données fictives (``raison_sociale``, ``adresse``).
        factures: :class:`PieceImpayee`, dictionnaires de mêmes clés, ou factures des données fictives.
        date: date de la lettre ; les pénalités sont arrêtées à cette date.
        niveau: ``"relance_amiable"``, ``"seconde_relance"`` ou ``"mise_en_demeure"``.
        demarches: démarches déjà faites, datées ; par défaut, l'envoi de chaque facture.
        taux: taux des pénalités prévu par les conditions de règlement, ou ``None`` (BCE + 10 points).
        delai_jours: nouveau délai de paiement ; par défaut celui de l'étape (règles ``relances.*``).
        signataire, lieu: qui signe, et la ville d'envoi (par défaut celle de l'adresse du créancier).

    Raises:
        ErreurRelance: niveau inconnu, aucune facture, facture pas encore échue à la date.
        compta_kernel.penalites.ErreurPenalites: taux par défaut inconnu pour un semestre.
    """
    if niveau not in NIVEAUX:
        raise ErreurRelance(
            f"Niveau de relance « {niveau} » inconnu : choisissez parmi {', '.join(NIVEAUX)}.", champ="niveau"
        )
    jour = lire_date(date)
    creancier, client = Partie.depuis(creancier), Partie.depuis(client)
    pieces = tuple(PieceImpayee.depuis(f) for f in factures)
    if not pieces:
        raise ErreurRelance("La lettre relance au moins une facture.", champ="factures")
    relancees = []
    for piece in pieces:
        if piece.echeance >= jour:
            raise ErreurRelance(
                f"La facture {piece.numero} n'est pas échue le {format_date(jour)} (échéance le "
                f"{format_date(piece.echeance)}) : on ne relance qu'une facture échue.",
                champ="factures",
            )
        relancees.append(FactureRelancee(piece, penalites_retard(piece.montant, piece.echeance, jour, taux)))
    if delai_jours is None:
        delai_jours = int(regles.valeur(f"relances.{niveau}.delai_jours", jour))
    if delai_jours <= 0:
        raise ErreurRelance("Le nouveau délai de paiement est d'au moins un jour.", champ="delai_jours")
    if not demarches:
        demarches = tuple(f"envoi de la facture n° {p.numero} le {format_date(p.date_piece)}" for p in pieces)
    lieu = lieu or _ville(creancier.adresse[-1])
    return LettreRelance(
        niveau,
        creancier,
        client,
        jour,
        lieu,
        tuple(relancees),
        jour + dt.timedelta(days=delai_jours),
        tuple(demarches),
        signataire,
        textes_legaux(jour),
    )


def _ville(ligne: str) -> str:
    """« 42000 Saint-Étienne » → « Saint-Étienne »."""
    return re.sub(r"^\s*\d{5}\s+", "", ligne).strip()


# ----------------------------------------------------------------------------- contrôle d'une lettre
def _cite(normalise: str, citation: str) -> bool:
    return normaliser(citation).rstrip(".") in normalise


def verifier_lettre_relance(document: object, attendu: LettreRelance | None = None) -> Controle:
    """Liste les éléments manquants ou faux d'une lettre de relance (B4.2-K06, B4.2-K07).

    Args:
        document: la lettre : texte, chemin d'un .docx (paragraphes et tableaux lus), .txt ou
            .html, ou une :class:`LettreRelance`.
        attendu: la lettre juste pour ce dossier (créancier, client, factures, montants, dates) ;
            sans elle, seuls les éléments généraux sont contrôlés (objet, indemnité de 40 €,
            démarches, termes légaux, dates, montant).

    Les comparaisons ignorent accents, casse et espaces ; montants et dates sont relus quel
    que soit leur format (« 10 139,86 € » ou « 10139.86 », « 02/03/2026 » ou « 2 mars 2026 »).
    """
    texte = document.texte() if isinstance(document, LettreRelance) else lire_texte(document)
    n = normaliser(texte)
    dates = dates_du_texte(texte)
    montants = montants_du_texte(texte)
    controle = Controleur("B4.2-K06")
    exiger = controle.exiger

    jour = attendu.date if attendu else max(dates, default=dt.date.today())
    textes = attendu.textes if attendu else _textes_ou_vide(jour)
    if attendu is not None:
        for role, partie in (("creancier", attendu.creancier), ("client", attendu.client)):
            qui = "du créancier" if role == "creancier" else "du client"
            exiger(
                normaliser(partie.nom) in n,
                f"{role}_nom",
                f"Le nom {qui} (« {partie.nom} ») est absent.",
            )
            absentes = [ligne for ligne in partie.adresse if normaliser(ligne) not in n]
            exiger(
                not absentes,
                f"{role}_adresse",
                f"L'adresse {qui} est absente ou incomplète : il manque « {' / '.join(absentes)} ».",
            )
        for f in attendu.factures:
            p = f.piece
            exiger(
                normaliser(p.numero) in n,
                "references_factures",
                f"La référence de la facture impayée (n° {p.numero}) est absente.",
            )
            exiger(
                p.echeance in dates,
                "echeance_initiale",
                f"L'échéance initiale de la facture {p.numero} ({format_date(p.echeance)}) est absente.",
            )
            exiger(
                p.montant in montants,
                "montant_facture",
                f"Le montant de la facture {p.numero} ({format_montant(p.montant)}) est absent.",
            )
        exiger(
            attendu.total_penalites in montants,
            "penalites",
            f"Le montant des pénalités de retard arrêtées au {format_date(attendu.date)} "
            f"({format_montant(attendu.total_penalites)}) est absent ou faux.",
        )
        _exiger_total(exiger, attendu, montants)
        exiger(
            attendu.nouvelle_echeance in dates,
            "nouvelle_echeance",
            f"Le nouveau délai de paiement (au plus tard le {format_date(attendu.nouvelle_echeance)}) "
            "est absent.",
        )
        for demarche in attendu.demarches:
            dates_demarche = dates_du_texte(demarche)
            exiger(
                dates_demarche <= dates,
                "demarches",
                f"La démarche déjà entreprise « {demarche} » n'est pas rappelée avec sa date.",
            )
        indemnite = attendu.total_indemnites
        nb = len(attendu.factures)
    else:
        nb, indemnite = 1, None
        exiger(bool(montants), "montant_majore", "Le montant réclamé (majoré des pénalités) est absent.")
        exiger(
            len(dates) >= 2,
            "nouvelle_echeance",
            "L'échéance initiale et le nouveau délai doivent être datés.",
        )
    exiger(
        "objet" in n and ("relance" in n or "mise en demeure" in n),
        "objet",
        "L'objet de la lettre (« Objet : Relance — facture n° ... ») est absent.",
    )
    exiger(
        "demarche" in n or "precedent" in n or "relance du" in n,
        "demarches",
        "Les démarches déjà entreprises (envoi de la facture, relances précédentes, avec leurs dates) "
        "ne sont pas rappelées.",
    )
    _exiger_indemnite(exiger, n, montants, nb, indemnite)
    if attendu is not None and attendu.niveau == "mise_en_demeure":
        exiger(
            "mise en demeure" in n or "mettons en demeure" in n,
            "mise_en_demeure",
            "Une mise en demeure le dit expressément (« nous vous mettons en demeure de ... »).",
            "B4.2-K07",
        )
    _exiger_termes_legaux(exiger, n, textes, attendu)
    return controle.resultat()


def _textes_ou_vide(jour: dt.date) -> dict[str, str]:
    try:
        return textes_legaux(jour)
    except regles.RegleInconnue:
        return textes_legaux(dt.date(regles.annees_disponibles()[-1], 1, 1))


def _exiger_total(exiger, attendu: LettreRelance, montants: set[Decimal]) -> None:
    total = attendu.total_du
    if total in montants:
        exiger(True, "montant_majore", "")
        return
    confusions = {  # de la plus précise à la plus grossière : la première trouvée est nommée
        attendu.total_principal + attendu.total_penalites: "le montant sans l'indemnité forfaitaire",
        attendu.total_principal + attendu.total_indemnites: "le montant sans les pénalités de retard",
        attendu.total_principal: "le montant des factures sans les pénalités ni l'indemnité",
    }
    trouve = next((quoi for m, quoi in confusions.items() if m in montants and m != total), "")
    precision = f" ; vous réclamez {trouve}" if trouve else ""
    exiger(
        False,
        "montant_majore",
        f"Le montant total dû, augmenté des pénalités et de l'indemnité forfaitaire "
        f"({format_montant(total)}), est absent{precision}.",
    )


def _exiger_indemnite(exiger, n: str, montants: set[Decimal], nb: int, total: Decimal | None) -> None:
    if "indemnite forfaitaire" not in n or "recouvrement" not in n:
        exiger(
            False,
            "indemnite_forfaitaire",
            "L'indemnité forfaitaire pour frais de recouvrement (40 € par facture, C. com. D441-5) est absente.",
        )
        return
    unitaire = Decimal(40)
    ok = unitaire in montants and (total is None or total in montants)
    exiger(
        ok,
        "indemnite_forfaitaire",
        f"L'indemnité forfaitaire pour frais de recouvrement est de 40 € par facture ({nb} facture(s)"
        + (f" : {format_montant(total)}" if total is not None else "")
        + ") : montant absent ou faux.",
    )


def _exiger_termes_legaux(exiger, n: str, textes: Mapping[str, str], attendu: LettreRelance | None) -> None:
    """B4.2-K07 : articles en vigueur cités, termes exacts, pas d'article abrogé ni de taux faux."""
    hors_citations = n.replace(normaliser(textes["relances.texte.L441-16.amende"]).rstrip("."), "")
    article_10 = re.search(r"l\.? ?441-10", hors_citations) is not None
    exiger(article_10, "L441-10", "L'article L441-10 du Code de commerce n'est pas cité.", "B4.2-K07")
    exiger(
        _cite(n, textes["relances.texte.L441-10.rappel"]),
        "L441-10_rappel",
        "Les termes de l'article L441-10 sur l'exigibilité des pénalités ne sont pas cités exactement : "
        f"« {textes['relances.texte.L441-10.rappel']} »",
        "B4.2-K07",
    )
    exiger(
        _cite(n, textes["relances.texte.L441-10.indemnite"]),
        "L441-10_indemnite",
        "Les termes de l'article L441-10 sur l'indemnité forfaitaire ne sont pas cités exactement : "
        f"« {textes['relances.texte.L441-10.indemnite']} »",
        "B4.2-K07",
    )
    exiger(
        re.search(r"l\.? ?441-16", n) is not None and _cite(n, textes["relances.texte.L441-16.amende"]),
        "L441-16",
        "L'article L441-16 du Code de commerce (amende administrative pour non-respect des délais de "
        f"paiement) n'est pas cité exactement : « {textes['relances.texte.L441-16.amende']} »",
        "B4.2-K07",
    )
    if re.search(r"l\.? ?441-6\b", n):
        exiger(
            False,
            "article_abroge",
            "L'article L441-6 cité est l'ancienne numérotation : depuis l'ordonnance n° 2019-359 du "
            "24 avril 2019, les pénalités de retard relèvent de l'article L441-10.",
            "B4.2-K07",
        )
    points = {int(p) for p in re.findall(r"major\w* de (\d+) points", n)}
    if points - {10}:
        exiger(
            False,
            "taux_legal",
            f"Taux par défaut faux : le taux de la BCE est majoré de 10 points (et non de "
            f"{', '.join(map(str, sorted(points - {10})))}).",
            "B4.2-K07",
        )
    if attendu is not None and attendu.factures[0].penalites.taux_facture is None:
        exiger(
            _cite(n, textes["relances.texte.L441-10.taux"])
            or ("banque centrale europeenne" in n and "10 points" in n),
            "taux_legal",
            "Le taux appliqué à défaut de taux convenu n'est pas énoncé : taux de la Banque centrale "
            "européenne majoré de 10 points (article L441-10, II).",
            "B4.2-K07",
        )
