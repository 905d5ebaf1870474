"""Codification et pré-imputation des pièces ; coût d'entrée d'une immobilisation acquise.

Pré-imputer, c'est écrire sur la pièce l'écriture qu'elle appelle, compte par compte,
avant de la saisir (référentiel, tâche B1.1-C01). :func:`pre_imputation` propose cette
écriture et la **raison** de chaque ligne :

- journal : achats (AC), ventes (VT), immobilisations (IM) dès qu'une ligne est une
  immobilisation, banque (BQ) pour un avis de paiement ;
- charge (classe 6) ou produit (classe 7) selon la nature de ce qui est acheté ou vendu
  (:data:`NATURES`), pour le montant HT net des réductions commerciales de la facture
  (remise, rabais, ristourne : elles ne se comptabilisent pas à part) ;
- escompte de règlement : 765 (obtenu) ou 665 (accordé) ; sur une immobilisation, il
  réduit le coût d'entrée (PCG, art. 213-8) ;
- frais de port : 6241 (transports sur achats), 7085 (ports facturés) ; sur une
  immobilisation, ils entrent dans le coût d'entrée ;
- TVA : 44566 (déductible sur autres biens et services), 44562 (déductible sur
  immobilisations), 44571 (collectée), une ligne par taux ;
- tiers : 401 (fournisseurs), 404 (fournisseurs d'immobilisations), 411 (clients),
  sous-compte au code du tiers (``401DURAND``) ; acompte imputé : 4091, 238, 4191 ;
- avoir reçu ou émis : retour (contre-passation des comptes d'origine), réductions
  accordées après facturation en 609x, 619, 629 ou 709x, escompte après facturation
  en 765 ou 665.

:func:`cout_entree` détermine le coût d'entrée d'une immobilisation acquise (critère
B1.1-K09) : prix d'achat, net des remises, rabais et escomptes, majoré des frais
accessoires directement attribuables à sa mise en état d'utilisation (B1.1-K11), hors
TVA récupérable et hors frais que le PCG exclut ; :func:`compte_immobilisation` donne le
compte de classe 2 selon la nature du bien et :func:`ecriture_acquisition` l'écriture
d'acquisition au journal des immobilisations (B1.1-K10).

Comptes du plan comptable général (règlement ANC n° 2014-03 modifié par le règlement
n° 2022-06, liste des comptes) ; chaque compte proposé existe dans :mod:`compta_kernel.pcg`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.pieces import Etape, Piece, PieceInvalide, _taux
from compta_kernel.presentation import format_montant, format_taux


class NatureInconnue(ErreurComptable, KeyError):
    """La nature d'un achat, d'une vente, d'un bien ou d'un frais accessoire n'est pas connue."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Nature:
    """Ce qu'une ligne de pièce achète ou vend, et ses comptes.

    Attributes:
        compte_achat: charge (classe 6) ou immobilisation (classe 2) à l'achat ; vide si sans objet.
        compte_vente: produit (classe 7) à la vente ; vide si sans objet.
        service: prestation de services (et non livraison de biens), pour la nature de l'opération.
    """

    cle: str
    libelle: str
    compte_achat: str
    compte_vente: str = ""
    service: bool = False

    @property
    def immobilisation(self) -> bool:
        """Vrai pour un bien durable inscrit à l'actif (compte de classe 2)."""
        return self.compte_achat.startswith("2")


#: Natures d'achats et de ventes du cours, avec leurs comptes du PCG.
NATURES: dict[str, Nature] = {
    n.cle: n
    for n in (
        Nature("marchandises", "Marchandises", "607", "707"),
        Nature("matieres_premieres", "Matières premières et fournitures", "601", "701"),
        Nature("fournitures_administratives", "Fournitures administratives", "6064"),
        Nature("petit_equipement", "Fournitures d'entretien et de petit équipement", "6063"),
        Nature("energie", "Eau, énergie (fournitures non stockables)", "6061"),
        Nature("prestations", "Études et prestations de services", "604", "706", service=True),
        Nature("sous_traitance", "Sous-traitance générale", "611", "706", service=True),
        Nature("locations", "Locations mobilières", "6135", service=True),
        Nature("entretien", "Entretien et réparations", "615", service=True),
        Nature("assurances", "Primes d'assurances", "616", service=True),
        Nature("honoraires", "Honoraires", "6226", service=True),
        Nature("publicite", "Publicité, publications, relations publiques", "623", service=True),
        Nature("transport_achats", "Transports sur achats", "6241", service=True),
        Nature("transport_ventes", "Transports sur ventes", "6242", service=True),
        Nature("telecommunications", "Frais postaux et de télécommunications", "626", service=True),
        Nature("logiciel", "Logiciel, licence (immobilisation incorporelle)", "205"),
        Nature("terrain", "Terrain", "211"),
        Nature("construction", "Construction", "213"),
        Nature("materiel_industriel", "Matériel industriel", "2154"),
        Nature("outillage_industriel", "Outillage industriel", "2155"),
        Nature("agencements", "Installations générales, agencements, aménagements", "2181"),
        Nature("materiel_transport", "Matériel de transport", "2182"),
        Nature("materiel_informatique", "Matériel de bureau et matériel informatique", "2183"),
        Nature("mobilier", "Mobilier", "2184"),
    )
}
_RRR_ACHATS = {"601": "6091", "602": "6092", "604": "6094", "605": "6095", "606": "6096", "607": "6097"}
_RRR_VENTES = {"701": "7091", "702": "7092", "703": "7093", "704": "7094", "705": "7095", "706": "7096"}
_RRR_VENTES["707"] = "7097"


def nature(cle_ou_compte: str) -> Nature:
    """La :class:`Nature` d'une clé de :data:`NATURES` ou d'un compte du PCG (``"6064"``, ``"2183"``).

    Raises:
        NatureInconnue: ni une clé connue, ni un compte du PCG de classe 2, 6 ou 7.
    """
    cle = str(cle_ou_compte).strip()
    if cle in NATURES:
        return NATURES[cle]
    if cle.isdigit() and cle[0] in "267" and pcg.est_valide(cle):
        achat = cle if cle[0] in "26" else ""
        vente = cle if cle[0] == "7" else ""
        service = cle.startswith(("604", "61", "62", "706"))
        return Nature(cle, pcg.libelle(cle), achat, vente, service)
    raise NatureInconnue(
        f"Nature « {cle_ou_compte} » inconnue : donnez un compte du PCG (classe 2, 6 ou 7) ou l'une des "
        f"natures du cours : {', '.join(NATURES)}.",
        champ="nature",
    )


def est_service(cle_ou_compte: str) -> bool:
    """Vrai si la nature est une prestation de services (faux pour une nature inconnue)."""
    try:
        return nature(cle_ou_compte).service
    except NatureInconnue:
        return False


def compte_rrr(compte: str, sens: str) -> str:
    """Compte des rabais, remises et ristournes obtenus (achat) ou accordés (vente) après facturation.

    >>> compte_rrr("607", "achat"), compte_rrr("6226", "achat"), compte_rrr("706", "vente")
    ('6097', '629', '7096')
    """
    if sens == "vente":
        return _RRR_VENTES.get(compte[:3], "709")
    if compte.startswith("60"):
        return _RRR_ACHATS.get(compte[:3], "6098")
    return compte[:2] + "9"


def compte_immobilisation(cle_ou_compte: str) -> str:
    """Compte de classe 2 d'un bien selon sa nature (``"materiel_informatique"`` → ``"2183"``).

    Raises:
        NatureInconnue: la nature n'est pas celle d'une immobilisation.
    """
    n = nature(cle_ou_compte)
    if not n.immobilisation:
        biens = ", ".join(c for c, x in NATURES.items() if x.immobilisation)
        raise NatureInconnue(
            f"« {cle_ou_compte} » ({n.libelle}) n'est pas une immobilisation : choisissez parmi {biens}.",
            champ="nature",
        )
    return n.compte_achat


# ---------------------------------------------------------------------- pré-imputation
@dataclass(frozen=True, slots=True)
class LigneProposee:
    """Une ligne de l'écriture proposée, avec la raison du compte et du montant."""

    compte: str
    intitule: str
    debit: Decimal
    credit: Decimal
    raison: str
    tiers: str = ""


@dataclass(frozen=True, slots=True)
class PreImputation:
    """L'écriture proposée pour une pièce : journal, lignes raisonnées et :class:`Ecriture` prête à passer."""

    piece: str
    journal: str
    raison_journal: str
    lignes: tuple[LigneProposee, ...]
    ecriture: Ecriture

    def texte(self) -> str:
        """La pré-imputation en texte : journal, puis une ligne par compte avec sa raison."""
        lignes = [f"Pièce {self.piece} — journal {self.journal} : {self.raison_journal}"]
        for lg in self.lignes:
            sens = f"D {format_montant(lg.debit)}" if lg.debit else f"C {format_montant(lg.credit)}"
            lignes.append(f"  {lg.compte:<10} {sens:>16}  {lg.raison}")
        return "\n".join(lignes)

    def _repr_html_(self) -> str:
        e = html.escape
        corps = "".join(
            f"<tr><td>{e(lg.compte)}</td><td>{e(lg.intitule)}</td>"
            f"<td style='text-align:right'>{format_montant(lg.debit, vide_si_zero=True)}</td>"
            f"<td style='text-align:right'>{format_montant(lg.credit, vide_si_zero=True)}</td>"
            f"<td>{e(lg.raison)}</td></tr>"
            for lg in self.lignes
        )
        return (
            f"<p><strong>Pièce {e(self.piece)}</strong> — journal <strong>{e(self.journal)}</strong> : "
            f"{e(self.raison_journal)}</p><table><tr><th>Compte</th><th>Intitulé</th><th>Débit</th>"
            f"<th>Crédit</th><th>Raison</th></tr>{corps}</table>"
        )


def _intitule(compte: str) -> str:
    return pcg.libelle(compte) if pcg.est_valide(compte) else ""


def pre_imputation(piece: Piece) -> PreImputation:
    """Propose l'écriture d'une pièce et la raison de chaque ligne (voir la docstring du module).

    Les montants sont ceux du **calcul** de la pièce (:attr:`Piece.calcul`) : une pièce dont
    les totaux écrits sont faux se fait rectifier avant d'être saisie
    (:func:`compta_kernel.verification.verifier_piece`).

    >>> import datetime as dt
    >>> from compta_kernel.pieces import LignePiece, Partie
    >>> p = Piece("facture", "achat", "F-12", dt.date(2026, 3, 2), Partie("Durand SARL", code="DURAND"),
    ...     Partie("Nous"), (LignePiece("Portable", 2, "800", "0,20", nature="materiel_informatique"),))
    >>> [(l.compte, l.debit or -l.credit) for l in pre_imputation(p).lignes]
    [('2183', Decimal('1600.00')), ('44562', Decimal('320.00')), ('404DURAND', Decimal('-1920.00'))]

    Raises:
        NatureInconnue: une ligne a une nature inconnue.
    """
    if piece.type_piece == "avis_paiement":
        return _avis_paiement(piece)
    lignes: list[LigneProposee] = []
    c = piece.calcul
    natures = [nature(g.nature) for g in c.groupes]
    immo = [n.immobilisation for n in natures]
    tout_immo = bool(immo) and all(immo)
    achat, avoir = piece.sens == "achat", piece.type_piece == "avoir"
    # Côté « opération » (charges, produits, immobilisations) : débit à l'achat, crédit à la vente ;
    # un avoir inverse les sens.
    cote_operation = "debit" if achat != avoir else "credit"
    cote_tiers = "credit" if cote_operation == "debit" else "debit"

    def ajouter(compte: str, m: Decimal, cote: str, raison: str, tiers: str = "") -> None:
        if not m:
            return
        for lg in lignes:  # même compte, même sens : une seule ligne
            if lg.compte == compte and bool(lg.debit) == (cote == "debit") and lg.tiers == tiers:
                lignes[lignes.index(lg)] = LigneProposee(
                    compte,
                    lg.intitule,
                    lg.debit + (m if cote == "debit" else ZERO),
                    lg.credit + (m if cote == "credit" else ZERO),
                    lg.raison,
                    tiers,
                )
                return
        debit, credit = (m, ZERO) if cote == "debit" else (ZERO, m)
        lignes.append(LigneProposee(compte, _intitule(compte), debit, credit, raison, tiers))

    # 1. Comptes de l'opération, par nature.
    frais_sur_immo = piece.frais_de_port if tout_immo else ZERO
    principal = max(range(len(c.groupes)), key=lambda i: c.groupes[i].montant_brut) if c.groupes else -1
    for i, (g, n) in enumerate(zip(c.groupes, natures, strict=True)):
        compte = n.compte_achat if achat else n.compte_vente
        if not compte:
            raise NatureInconnue(
                f"La nature « {n.cle} » ({n.libelle}) n'a pas de compte de "
                f"{'charge' if achat else 'produit'} : précisez un compte du PCG.",
                champ="nature",
            )
        if n.immobilisation:
            m = g.net_financier + (frais_sur_immo if i == principal else ZERO)
            raison = (
                f"{n.libelle} : bien durable, inscrit à l'actif (compte {compte}) pour son coût d'entrée HT, "
                "net des réductions et de l'escompte"
                + (", frais de port compris" if frais_sur_immo and i == principal else "")
                + " (PCG, art. 213-8)."
            )
        else:
            m = g.net_commercial
            if avoir and piece.motif in ("remise", "rabais", "ristourne"):
                compte = compte_rrr(compte, piece.sens)
                raison = (
                    f"Réduction accordée après facturation ({piece.motif}) : compte {compte} des rabais, "
                    f"remises et ristournes {'obtenus' if achat else 'accordés'}, HT."
                )
            elif avoir and piece.motif == "escompte":
                compte = "765" if achat else "665"
                raison = f"Escompte accordé après facturation : compte {compte}, HT."
            elif avoir:
                raison = f"Retour : l'avoir annule l'{'achat' if achat else 'vente'} d'origine, compte {compte}, HT."
            else:
                raison = (
                    f"{n.libelle} : compte {compte}, HT net des réductions commerciales (remise, rabais, "
                    "ristourne sur facture ne se comptabilisent pas à part)."
                )
        ajouter(compte, m, cote_operation, raison)

    # 2. Escompte sur facture (hors immobilisation), port.
    escompte = sum(
        (g.escompte for g, n in zip(c.groupes, natures, strict=True) if not n.immobilisation), ZERO
    )
    if escompte:
        compte = "765" if achat else "665"
        ajouter(
            compte,
            escompte,
            cote_tiers,
            f"Escompte de règlement {'obtenu (produit financier)' if achat else 'accordé (charge financière)'} : "
            f"compte {compte}, HT.",
        )
    if piece.frais_de_port and not frais_sur_immo:
        compte = "6241" if achat else "7085"
        raison = (
            "Frais de port sur achats : compte 6241." if achat else "Port facturé au client : compte 7085."
        )
        ajouter(compte, piece.frais_de_port, cote_operation, raison)

    # 3. TVA par taux : 44562 pour la part immobilisations, 44566 pour le reste, 44571 à la vente.
    for t in c.tva:
        if not achat:
            ajouter("44571", t.tva, cote_operation, f"TVA collectée à {format_taux(t.taux)} : compte 44571.")
            continue
        base_immo = sum(
            (
                g.net_financier
                for g, n in zip(c.groupes, natures, strict=True)
                if n.immobilisation and g.taux_tva == t.taux
            ),
            ZERO,
        )
        if base_immo and t.taux == c.groupes[principal].taux_tva:
            base_immo += frais_sur_immo
        tva_immo = t.tva if base_immo == t.base_ht else arrondir(base_immo * t.taux)
        ajouter(
            "44562",
            tva_immo,
            cote_operation,
            f"TVA déductible à {format_taux(t.taux)} sur immobilisations : compte 44562 (et non 44566).",
        )
        ajouter(
            "44566",
            t.tva - tva_immo,
            cote_operation,
            f"TVA déductible à {format_taux(t.taux)} sur biens et services : compte 44566.",
        )

    # 4. Acompte imputé et tiers.
    t = piece.tiers
    if piece.acompte:
        compte = ("238" if tout_immo else "4091") if achat else "4191"
        ajouter(
            compte,
            piece.acompte,
            cote_tiers,
            f"Acompte déjà {'versé' if achat else 'reçu'}, imputé sur la facture : compte {compte}.",
            t.code,
        )
    collectif = ("404" if tout_immo else "401") if achat else "411"
    compte_tiers = collectif + t.code
    quoi = "fournisseur d'immobilisations" if collectif == "404" else "fournisseur" if achat else "client"
    ajouter(
        compte_tiers,
        c.net_a_payer,
        cote_tiers,
        f"Compte du {quoi} {t.nom} ({compte_tiers}) : "
        + ("TTC de l'avoir." if avoir else "net à payer TTC."),
        t.code,
    )

    if tout_immo:
        journal, raison_journal = "IM", "acquisition d'immobilisation : journal des immobilisations."
    elif achat:
        journal, raison_journal = "AC", f"{piece.type_piece} reçu(e) d'un fournisseur : journal des achats."
    else:
        journal, raison_journal = "VT", f"{piece.type_piece} émis(e) pour un client : journal des ventes."
    libelle = f"{piece.type_piece.capitalize()} {piece.numero} {t.nom}"
    ecriture = Ecriture(
        journal,
        piece.date_emission,
        piece.numero,
        libelle,
        tuple(
            Ligne(
                lg.compte,
                debit=lg.debit,
                credit=lg.credit,
                tiers=lg.tiers,
                echeance=piece.date_echeance if lg.tiers and lg.compte.startswith(collectif) else None,
            )
            for lg in lignes
        ),
    )
    return PreImputation(piece.numero, journal, raison_journal, tuple(lignes), ecriture)


def _avis_paiement(piece: Piece) -> PreImputation:
    """Avis de paiement : banque (512) contre le compte du tiers, pour le montant réglé."""
    somme = piece.totaux.net_a_payer
    t = piece.tiers
    if piece.sens == "vente":
        compte = "411" + t.code
        lignes = (
            LigneProposee(
                "512", _intitule("512"), somme, ZERO, "Encaissement reçu du client : banque au débit."
            ),
            LigneProposee(compte, _intitule("411"), ZERO, somme, "La créance du client est réglée.", t.code),
        )
    else:
        compte = "401" + t.code
        lignes = (
            LigneProposee(
                compte, _intitule("401"), somme, ZERO, "La dette envers le fournisseur est réglée.", t.code
            ),
            LigneProposee(
                "512", _intitule("512"), ZERO, somme, "Paiement au fournisseur : banque au crédit."
            ),
        )
    libelle = f"Règlement {piece.facture_origine or piece.numero} {t.nom}"
    ecriture = Ecriture(
        "BQ",
        piece.date_emission,
        piece.numero,
        libelle,
        tuple(Ligne(lg.compte, debit=lg.debit, credit=lg.credit, tiers=lg.tiers) for lg in lignes),
    )
    return PreImputation(piece.numero, "BQ", "règlement : journal de banque.", lignes, ecriture)


# ---------------------------------------------------------------------- coût d'entrée
@dataclass(frozen=True, slots=True)
class FraisAccessoire:
    """Un frais lié à l'acquisition d'un bien : nature (clé de :data:`FRAIS_ACCESSOIRES`), montant HT."""

    nature: str
    montant: Decimal
    libelle: str = ""


INCLUS, EXCLU, OPTION = "inclus", "exclu", "option"
_ART = "PCG, art. 213-8 et CGI, ann. III, art. 38 quinquies"
#: Frais accessoires : inclus dans le coût d'entrée, exclus (charges de l'exercice) ou sur option.
FRAIS_ACCESSOIRES: dict[str, tuple[str, str]] = {
    "transport": (
        INCLUS,
        f"frais de transport et de livraison, nécessaires pour mettre le bien en place ({_ART})",
    ),
    "manutention": (INCLUS, f"frais de manutention initiaux ({_ART})"),
    "installation": (INCLUS, f"frais d'installation, nécessaires à la mise en état de fonctionner ({_ART})"),
    "montage": (INCLUS, f"frais de montage, nécessaires à la mise en état de fonctionner ({_ART})"),
    "essais": (INCLUS, f"essais de bon fonctionnement avant la mise en service ({_ART})"),
    "preparation_site": (INCLUS, f"préparation du site où le bien est installé ({_ART})"),
    "douane": (INCLUS, f"droits de douane, partie du prix d'achat ({_ART})"),
    "taxe_non_recuperable": (INCLUS, f"taxe non récupérable, partie du prix d'achat ({_ART})"),
    "honoraires": (
        INCLUS,
        f"honoraires de professionnels (architecte, géomètre, expert) liés à la mise en place ({_ART})",
    ),
    "droits_mutation": (OPTION, f"droits de mutation : au coût d'entrée ou en charges, sur option ({_ART})"),
    "frais_acte": (OPTION, f"frais d'acte : au coût d'entrée ou en charges, sur option ({_ART})"),
    "commission": (
        OPTION,
        f"commissions liées à l'acquisition : au coût d'entrée ou en charges, sur option ({_ART})",
    ),
    "formation": (
        EXCLU,
        "formation du personnel à l'utilisation : charge de l'exercice, pas un coût de mise en état",
    ),
    "frais_administratifs": (
        EXCLU,
        f"coûts administratifs et frais généraux : exclus du coût d'entrée ({_ART})",
    ),
    "publicite": (EXCLU, "publicité et lancement d'un produit : charges de l'exercice"),
    "tva_recuperable": (EXCLU, "TVA récupérable : elle est déduite (44562), elle n'entre pas dans le coût"),
    "entretien": (EXCLU, "entretien et maintenance après la mise en service : charges de l'exercice"),
}


@dataclass(frozen=True, slots=True)
class CoutEntree:
    """Coût d'entrée d'une immobilisation acquise, et le détail de chaque étape.

    Attributes:
        montant: le coût d'entrée HT, au centime.
        etapes: prix d'achat, réductions en cascade, escompte, puis chaque frais inclus.
        exclus: frais écartés, chacun ``(libellé, montant, raison)``.
    """

    montant: Decimal
    prix_achat: Decimal
    etapes: tuple[Etape, ...]
    exclus: tuple[tuple[str, Decimal, str], ...] = ()

    def texte(self) -> str:
        """Le calcul en texte, une étape par ligne."""
        lignes = [f"Prix d'achat HT : {format_montant(self.prix_achat)}"]
        lignes += [f"  {e}" for e in self.etapes]
        lignes += [f"  exclu : {lib} {format_montant(m)} — {raison}" for lib, m, raison in self.exclus]
        lignes.append(f"Coût d'entrée : {format_montant(self.montant)}")
        return "\n".join(lignes)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.texte()) + "</pre>"


def _frais(element: object) -> FraisAccessoire:
    if isinstance(element, FraisAccessoire):
        return element
    try:
        nature_, valeur = element
    except (TypeError, ValueError) as exc:
        raise PieceInvalide(
            f"Frais accessoire illisible : {element!r}. Donnez (nature, montant HT), par exemple "
            '("transport", "250,00").',
            champ="frais_accessoires",
        ) from exc
    return FraisAccessoire(str(nature_), montant(valeur))


def cout_entree(
    prix_achat: Decimal | str | int,
    remises: Iterable[Decimal | str] = (),
    escompte: Decimal | str | int = 0,
    frais_accessoires: Iterable[object] = (),
    *,
    frais_acquisition_en_charges: bool = False,
) -> CoutEntree:
    """Coût d'entrée d'une immobilisation acquise à titre onéreux.

    Coût d'acquisition = prix d'achat, y compris droits de douane et taxes non récupérables,
    **après déduction** des remises, rabais commerciaux et escomptes de règlement, **plus** les
    coûts directement attribuables engagés pour mettre le bien en place et en état de
    fonctionner (transport, installation, montage, essais, honoraires...) ; les droits de
    mutation, honoraires, commissions et frais d'actes liés à l'acquisition vont au coût ou en
    charges sur option ; les frais administratifs, de formation, de publicité sont exclus ; la
    TVA récupérable n'en fait pas partie (PCG, art. 213-8 ; CGI, ann. III, art. 38 quinquies).

    Chaque réduction s'arrondit au centime (demi supérieur) sur la base qui précède, comme
    sur une facture : remises en cascade, puis escompte.

    Args:
        prix_achat: prix d'achat HT (catalogue).
        remises: taux des réductions commerciales, appliqués en cascade (``"5 %"``, ``Decimal("0.05")``).
        escompte: taux d'escompte de règlement (0 : aucun).
        frais_accessoires: ``(nature, montant HT)`` ou :class:`FraisAccessoire` ; natures de
            :data:`FRAIS_ACCESSOIRES`.
        frais_acquisition_en_charges: l'option pour les droits de mutation, frais d'acte et
            commissions (``False`` : ils entrent dans le coût).

    Exemple (compta-online.com, « Coût d'acquisition d'une immobilisation ») : machine à
    20 000 € HT, remise 5 %, escompte 1 %, transport 250 €, montage 500 € :
    20 000 − 1 000 = 19 000 ; − 190 = 18 810 ; + 250 + 500 = 19 560 €.

    >>> cout_entree("20000", remises=("5 %",), escompte="1 %",
    ...             frais_accessoires=(("transport", "250"), ("montage", "500"))).montant
    Decimal('19560.00')

    Raises:
        NatureInconnue: un frais accessoire de nature inconnue.
        PieceInvalide: un taux ou un montant illisible.
    """
    prix = arrondir(montant(prix_achat))
    etapes, base = [], prix
    for i, r in enumerate(remises, start=1):
        taux = _taux(r, f"remise {i}")
        m = arrondir(base * taux)
        etapes.append(Etape(f"Remise {format_taux(taux)}", base, taux, -m, base - m))
        base -= m
    t_escompte = _taux(escompte, "escompte")
    if t_escompte:
        m = arrondir(base * t_escompte)
        etapes.append(Etape(f"Escompte {format_taux(t_escompte)}", base, t_escompte, -m, base - m))
        base -= m
    exclus = []
    for element in frais_accessoires:
        f = _frais(element)
        if f.nature not in FRAIS_ACCESSOIRES:
            raise NatureInconnue(
                f"Frais accessoire « {f.nature} » inconnu : choisissez parmi {', '.join(FRAIS_ACCESSOIRES)}.",
                champ="frais_accessoires",
            )
        regle, raison = FRAIS_ACCESSOIRES[f.nature]
        libelle = f.libelle or f.nature.replace("_", " ").capitalize()
        m = arrondir(f.montant)
        if regle == EXCLU or (regle == OPTION and frais_acquisition_en_charges):
            exclus.append((libelle, m, raison))
            continue
        etapes.append(Etape(f"{libelle} ({raison})", base, None, m, base + m))
        base += m
    return CoutEntree(base, prix, tuple(etapes), tuple(exclus))


def ecriture_acquisition(
    cout: CoutEntree,
    *,
    compte: str,
    date: dt.date,
    taux_tva: Decimal | str,
    fournisseur: str = "",
    piece: str = "",
    libelle: str = "",
) -> Ecriture:
    """L'écriture d'acquisition au journal des immobilisations (IM).

    Compte de classe 2 au débit pour le coût d'entrée, 44562 (TVA déductible sur
    immobilisations) au débit, 404 (fournisseurs d'immobilisations, sous-compte du
    fournisseur) au crédit pour le TTC. Simplification : tout le coût d'entrée figure sur
    une même facture et porte la TVA au même taux, arrondie une fois au centime.

    Args:
        compte: compte de classe 2 (voir :func:`compte_immobilisation`).
        fournisseur: code du fournisseur (sous-compte ``404<code>``).

    Raises:
        PieceInvalide: le compte n'est pas de classe 2.
    """
    compte = str(compte).strip()
    if not compte.startswith("2"):
        raise PieceInvalide(
            f"Le compte {compte} n'est pas un compte d'immobilisation : une immobilisation s'enregistre "
            "au débit d'un compte de classe 2 selon la nature du bien.",
            champ="compte",
        )
    tva = arrondir(cout.montant * _taux(taux_tva, "taux_tva"))
    return Ecriture(
        "IM",
        date,
        piece,
        libelle or f"Acquisition immobilisation {piece}".strip(),
        (
            Ligne(compte, debit=cout.montant),
            Ligne("44562", debit=tva),
            Ligne("404" + fournisseur, credit=cout.montant + tva, tiers=fournisseur),
        ),
    )
