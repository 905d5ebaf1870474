"""Documents commerciaux : devis, bon de commande, facture et avoir, mis en page et contrôlés.

Activité B4.2 « Rédaction de supports administratifs, comptables et commerciaux » (critère
B4.2-K01 : les règles de présentation des principaux documents commerciaux et financiers
sont respectées).

Une chaîne, un seul calcul : le devis accepté devient bon de commande, puis facture
(éventuellement corrigée par un avoir). Lignes, parties et totaux sont ceux des pièces
(:mod:`compta_kernel.pieces` : :class:`~compta_kernel.pieces.Partie`,
:class:`~compta_kernel.pieces.LignePiece`, :func:`~compta_kernel.pieces.calculer`, arrondi de
la TVA par taux). La facture et l'avoir sont des :class:`~compta_kernel.pieces.Piece` : leur PDF
Factur-X vient de :func:`compta_kernel.pieces.ecrire_facturx` et leurs mentions obligatoires
sont contrôlées par le vérificateur du bloc 1 (:func:`compta_kernel.verification.verifier_piece`,
règles datées ``commerce.facture.mention.*``) : :func:`verifier_document_commercial` l'appelle.

Aucun texte ne fixe les mentions d'un devis ou d'un bon de commande entre professionnels :
celles que contrôle le cours (:data:`MENTIONS`) sont les règles de présentation de la
pratique commerciale ; un devis accepté vaut contrat (rencontre d'une offre et d'une
acceptation, Code civil, art. 1113).

>>> import datetime as dt
>>> from compta_kernel.pieces import LignePiece, Partie
>>> d = Devis("D2026-007", dt.date(2026, 3, 2), Partie("Atelier Morel SARL", "12 rue des Forges", "42000",
...     "Saint-Étienne", siren="732829320"), Partie("Garage Petit SAS", "3 avenue Foch", "69006", "Lyon"),
...     (LignePiece("Révision du pont élévateur", 1, "450", "0.20"),), validite_jours=30,
...     conditions_paiement="30 jours date de facture", delai_execution="sous 15 jours après accord")
>>> d.calcul.total_ttc, d.valable_jusqu_au
(Decimal('540.00'), datetime.date(2026, 4, 1))
>>> verifier_document_commercial(d).complete
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from compta_kernel.erreurs import ErreurComptable
from compta_kernel.pieces import Calcul, LignePiece, Partie, Piece, calculer
from compta_kernel.presentation import format_date, format_montant, format_taux
from compta_kernel.redaction import Controle, Controleur

#: Mentions contrôlées sur un devis et un bon de commande (règles de présentation, voir l'en-tête).
MENTIONS = {
    "devis": (
        "numero",
        "date",
        "emetteur",
        "client",
        "lignes",
        "totaux",
        "validite",
        "conditions_paiement",
        "delai_execution",
        "acceptation",
    ),
    "bon_de_commande": (
        "numero",
        "date",
        "emetteur",
        "client",
        "lignes",
        "totaux",
        "livraison",
        "conditions_paiement",
        "signature",
    ),
}


class DocumentInvalide(ErreurComptable, ValueError):
    """Un document commercial mal construit (aucune ligne, durée de validité non positive)."""


@dataclass(frozen=True)
class Devis:
    """Un devis (offre de prix) : parties, lignes, validité, conditions, zone d'acceptation.

    Attributes:
        validite_jours: durée de validité de l'offre, fixée par l'entreprise (aucun texte ne l'impose).
        conditions_paiement: délai et moyen de paiement proposés.
        delai_execution: délai de livraison ou d'exécution.
    """

    numero: str
    date: dt.date
    emetteur: Partie
    client: Partie
    lignes: tuple[LignePiece, ...]
    validite_jours: int
    conditions_paiement: str
    delai_execution: str
    calcul: Calcul = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lignes", tuple(self.lignes))
        if not self.lignes:
            raise DocumentInvalide("Un devis porte au moins une ligne.", champ="lignes")
        if self.validite_jours <= 0:
            raise DocumentInvalide(
                "La durée de validité d'un devis est d'au moins un jour.", champ="validite_jours"
            )
        object.__setattr__(self, "calcul", calculer(self.lignes))

    @property
    def valable_jusqu_au(self) -> dt.date:
        """Dernier jour où l'offre peut être acceptée."""
        return self.date + dt.timedelta(days=self.validite_jours)

    def bon_de_commande(self, numero: str, date: dt.date, livraison: str, signataire: str) -> BonDeCommande:
        """Le bon de commande du client qui accepte ce devis (mêmes lignes, même calcul)."""
        if date > self.valable_jusqu_au:
            raise DocumentInvalide(
                f"Le devis {self.numero} n'est plus valable le {format_date(date)} (jusqu'au "
                f"{format_date(self.valable_jusqu_au)}) : demandez un nouveau devis.",
                champ="date",
            )
        return BonDeCommande(
            numero, date, self.client, self.emetteur, self.lignes, livraison, self.conditions_paiement, signataire,
            self.numero,
        )  # fmt: skip

    def facture(self, numero: str, date: dt.date, echeance: dt.date, **mentions) -> Piece:
        """La facture de vente de ce devis (une :class:`~compta_kernel.pieces.Piece`, mentions en ``mentions``)."""
        return Piece("facture", "vente", numero, date, self.emetteur, self.client, self.lignes,
                     date_livraison=date, date_echeance=echeance, numero_commande=self.numero, **mentions)  # fmt: skip

    def texte(self) -> str:
        """Le devis en texte, dans l'ordre de présentation."""
        return _texte(
            "DEVIS",
            self,
            [
                f"Offre valable {self.validite_jours} jours, jusqu'au {format_date(self.valable_jusqu_au)}.",
                f"Conditions de paiement : {self.conditions_paiement}.",
                f"Délai d'exécution : {self.delai_execution}.",
                "Bon pour accord — date, nom, signature et cachet du client :",
            ],
        )


@dataclass(frozen=True)
class BonDeCommande:
    """Un bon de commande émis par l'acheteur (``emetteur``) à l'intention du fournisseur (``client`` du document)."""

    numero: str
    date: dt.date
    emetteur: Partie
    client: Partie
    lignes: tuple[LignePiece, ...]
    livraison: str
    conditions_paiement: str
    signataire: str
    reference_devis: str = ""
    calcul: Calcul = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lignes", tuple(self.lignes))
        if not self.lignes:
            raise DocumentInvalide("Un bon de commande porte au moins une ligne.", champ="lignes")
        object.__setattr__(self, "calcul", calculer(self.lignes))

    def texte(self) -> str:
        """Le bon de commande en texte."""
        reference = f" (devis {self.reference_devis})" if self.reference_devis else ""
        return _texte(
            "BON DE COMMANDE",
            self,
            [
                f"Livraison : {self.livraison}{reference}.",
                f"Conditions de paiement : {self.conditions_paiement}.",
                f"Signature de l'acheteur : {self.signataire}",
            ],
        )


def _texte(titre: str, doc: Devis | BonDeCommande, pied: list[str]) -> str:
    e, c = doc.emetteur, doc.client
    lignes = [
        f"{titre} n° {doc.numero} du {format_date(doc.date)}",
        f"Émetteur : {e.nom}, {e.adresse_complete}" + (f", SIREN {e.siren}" if e.siren else ""),
        f"Destinataire : {c.nom}, {c.adresse_complete}",
        "Désignation | Quantité | Prix unitaire HT | TVA | Montant HT",
    ]
    lignes += [
        f"{lg.designation} | {lg.quantite} | {format_montant(lg.prix_unitaire_ht)} | {format_taux(lg.taux_tva)} | "
        f"{format_montant(lg.montant_ht)}"
        for lg in doc.lignes
    ]
    calcul = doc.calcul
    lignes += [f"Total HT : {format_montant(calcul.total_ht)}"]
    lignes += [
        f"TVA {format_taux(t.taux)} sur {format_montant(t.base_ht)} : {format_montant(t.tva)}"
        for t in calcul.tva
    ]
    lignes += [f"Total TTC : {format_montant(calcul.total_ttc)}", *pied]
    return "\n".join(lignes) + "\n"


def ecrire_pdf(document: Devis | BonDeCommande | Piece, chemin: str | Path) -> Path:
    """Le PDF d'un document : Factur-X pour une facture ou un avoir, page A4 simple sinon (fpdf2)."""
    if isinstance(document, Piece):
        from compta_kernel.pieces import ecrire_facturx

        return ecrire_facturx(document, chemin)
    from fpdf import FPDF

    from compta_kernel.pieces import _fichier_police

    pdf = FPDF(format="A4")
    pdf.set_lang("fr-FR")
    pdf.set_title(document.texte().splitlines()[0])
    pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    for i, ligne in enumerate(document.texte().splitlines()):
        pdf.set_font("Source", "B" if i == 0 or ligne.startswith("Total TTC") else "", 13 if i == 0 else 10)
        pdf.multi_cell(0, 6, ligne, new_x="LMARGIN", new_y="NEXT")
    chemin = Path(chemin)
    pdf.output(str(chemin))
    return chemin


def verifier_document_commercial(document: Devis | BonDeCommande | Piece) -> Controle:
    """Les mentions manquantes ou fausses d'un document commercial (B4.2-K01).

    Une facture ou un avoir passe par le vérificateur du bloc 1
    (:func:`compta_kernel.verification.verifier_piece` : mentions obligatoires, calculs,
    identifiants, dates) ; chaque défaut devient un élément manquant.
    """
    c = Controleur("B4.2-K01")
    if isinstance(document, Piece):
        from compta_kernel.verification import verifier_piece

        for defaut in verifier_piece(document):
            c.exiger(False, defaut.champ or type(defaut).__name__, defaut.message)
        c.exiger(True, "verifier_piece", "")
        return c.resultat()
    genre = "devis" if isinstance(document, Devis) else "bon_de_commande"
    e, cl = document.emetteur, document.client
    verifs = {
        "numero": (bool(document.numero.strip()), "Le numéro du document est absent."),
        "date": (isinstance(document.date, dt.date), "La date du document est absente."),
        "emetteur": (
            bool(e.nom and e.adresse_complete),
            "Le nom et l'adresse de l'émetteur sont incomplets.",
        ),
        "client": (
            bool(cl.nom and cl.adresse_complete),
            "Le nom et l'adresse du destinataire sont incomplets.",
        ),
        "lignes": (
            all(lg.designation.strip() and lg.quantite > 0 for lg in document.lignes),
            "Chaque ligne a une désignation et une quantité positive.",
        ),
        "totaux": (bool(document.calcul.tva), "Les totaux HT, TVA par taux et TTC sont absents."),
        "conditions_paiement": (
            bool(document.conditions_paiement.strip()),
            "Les conditions de paiement (délai, moyen) ne sont pas indiquées.",
        ),
    }
    if genre == "devis":
        verifs["validite"] = (document.validite_jours > 0, "La durée de validité de l'offre est absente.")
        verifs["delai_execution"] = (
            bool(document.delai_execution.strip()),
            "Le délai d'exécution est absent.",
        )
        verifs["acceptation"] = (True, "")
    else:
        verifs["livraison"] = (
            bool(document.livraison.strip()),
            "Le lieu et la date de livraison sont absents.",
        )
        verifs["signature"] = (bool(document.signataire.strip()), "Le bon de commande n'est pas signé.")
    for mention in MENTIONS[genre]:
        ok, message = verifs[mention]
        c.exiger(ok, mention, message)
    return c.resultat()
