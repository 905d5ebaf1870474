"""Pièces comptables : factures, avoirs et avis de paiement, et leurs calculs.

Une :class:`Piece` est ce que l'assistant comptable a sous les yeux : vendeur et
acheteur (:class:`Partie`), numéro, dates, lignes (:class:`LignePiece`), réductions
commerciales globales (remise, rabais, ristourne), réduction financière (escompte),
frais de port, acompte déduit, et les totaux **tels que la pièce les écrit**
(:class:`TotauxDeclares`). Le calcul juste (:class:`Calcul`) est refait à la
construction : :func:`compta_kernel.verification.verifier_piece` compare les deux,
:func:`compta_kernel.imputation.pre_imputation` propose l'écriture.

Calcul, dans l'ordre des manuels :

1. ligne : quantité × prix unitaire HT, arrondi au centime, moins la remise de ligne
   (arrondie) ;
2. par groupe de lignes de même taux de TVA et de même nature, réductions
   commerciales **en cascade**, chacune arrondie au centime sur la base qui précède :
   remise, puis rabais, puis ristourne (net commercial) ; puis escompte (net financier) ;
3. frais de port HT ajoutés à la base du taux de l'opération principale (la plus
   forte) : les frais accessoires suivent le régime de l'opération (CGI, art. 267, I-2°) ;
4. TVA arrondie **une fois par taux**, au centime demi supérieur, sur la base HT du
   taux (CGI, ann. II, art. 242 nonies A, I : total HT et taxe par taux ; règle
   BR-CO-17 de la norme EN 16931) ; TTC = HT + TVA ; net à payer = TTC − acompte.

>>> import datetime as dt
>>> from decimal import Decimal
>>> f = Piece("facture", "achat", "FA-118", dt.date(2026, 3, 2), Partie("Durand SARL"), Partie("Nous SAS"),
...     (LignePiece("Cartons de papier A4", 10, "25,00", "0.20"),), taux_remise=Decimal("0.05"),
...     taux_escompte=Decimal("0.02"))
>>> [(e.libelle, e.montant, e.resultat) for e in f.calcul.etapes]
[('Remise 5 %', Decimal('-12.50'), Decimal('237.50')), ('Escompte 2 %', Decimal('-4.75'), Decimal('232.75'))]
>>> f.calcul.total_ttc
Decimal('279.30')

Factures électroniques : :func:`ecrire_facturx` écrit une pièce en Factur-X (PDF/A-3
lisible et XML CII du profil EN 16931 joint, par le paquet ``factur-x``), avec les
totaux déclarés, justes ou non : les sujets d'exercice y glissent des erreurs à
trouver. :func:`lire_facturx` relit une facture Factur-X en :class:`Piece`.

Utilisé par B1.1 (contrôle, codification et pré-imputation des pièces, critères
B1.1-K01 à B1.1-K04, coût d'entrée B1.1-K09 à K11) et B4.2 (classement des pièces).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from compta_kernel.erreurs import Anomalie, ErreurComptable, FichierInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.montants import taux as lire_taux
from compta_kernel.presentation import format_date, format_montant, format_taux

TYPES_PIECE = ("facture", "avoir", "avis_paiement")
SENS = ("achat", "vente")
#: Motifs d'un avoir : retour de biens (annule l'opération d'origine), réductions
#: accordées après facturation (609/709), escompte accordé après facturation (665/765).
MOTIFS_AVOIR = ("retour", "remise", "rabais", "ristourne", "escompte")
NATURES_OPERATION = ("biens", "services", "mixte")


class PieceInvalide(ErreurComptable, ValueError):
    """Une pièce ne peut pas être construite (type, sens, montant ou taux illisible)."""


def _decimal(valeur: object, champ: str) -> Decimal:
    """Un montant ou un taux saisi (texte à la française, ``Decimal``, entier) ; jamais un ``float``."""
    try:
        return montant(valeur)
    except ErreurComptable as exc:
        raise PieceInvalide(f"{champ} : {exc}", champ=champ) from exc


def _taux(valeur: object, champ: str) -> Decimal:
    """Un taux : ``Decimal("0.05")``, « 5 % » ou « 0,05 » (voir :func:`compta_kernel.montants.taux`)."""
    try:
        t = lire_taux(valeur, champ)
    except ErreurComptable as exc:
        raise PieceInvalide(f"{champ} : {exc}", champ=champ) from exc
    if t == 1:
        raise PieceInvalide(
            f"{champ} : un taux de 100 % ne convient pas ici ; écrivez 0,05 ou « 5 % » pour 5 %.", champ=champ
        )
    return t


# ---------------------------------------------------------------------- valeurs
@dataclass(frozen=True, slots=True)
class Partie:
    """Le vendeur ou l'acheteur d'une pièce, tel que la pièce l'identifie.

    Attributes:
        nom: dénomination ou raison sociale.
        adresse, code_postal, ville, pays: adresse (le pays en code ISO à deux lettres).
        siren, siret: identifiants INSEE (9 et 14 chiffres), sans espaces.
        numero_tva: numéro d'identification à la TVA intracommunautaire (``FR44732829320``).
        code: code du compte auxiliaire de ce tiers dans la comptabilité (``DURAND``, ``F0001``).
    """

    nom: str
    adresse: str = ""
    code_postal: str = ""
    ville: str = ""
    pays: str = "FR"
    siren: str = ""
    siret: str = ""
    numero_tva: str = ""
    code: str = ""

    def __post_init__(self) -> None:
        for nom in ("siren", "siret", "numero_tva"):
            object.__setattr__(self, nom, re.sub(r"[\s.\-]", "", getattr(self, nom)).upper())

    @property
    def adresse_complete(self) -> str:
        """« 12 rue Pasteur, 69003 Lyon » (vide si la pièce ne porte pas d'adresse)."""
        ville = " ".join(x for x in (self.code_postal, self.ville) if x)
        return ", ".join(x for x in (self.adresse, ville) if x)


@dataclass(frozen=True, slots=True)
class LignePiece:
    """Une ligne de pièce : désignation, quantité, prix unitaire HT, taux de TVA, remise de ligne.

    Attributes:
        nature: ce que la ligne achète ou vend, pour l'imputer : une clé de
            :data:`compta_kernel.imputation.NATURES` (``"marchandises"``,
            ``"materiel_informatique"``...) ou directement un compte du PCG (``"6064"``).
        montant_declare: montant HT de la ligne tel que la pièce l'écrit (``None`` : le calcul).
        reference, unite: référence article et unité (« pièce », « heure »...).
    """

    designation: str
    quantite: Decimal
    prix_unitaire_ht: Decimal
    taux_tva: Decimal
    remise: Decimal = ZERO
    nature: str = "marchandises"
    montant_declare: Decimal | None = None
    reference: str = ""
    unite: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantite", _decimal(self.quantite, "quantite"))
        object.__setattr__(self, "prix_unitaire_ht", _decimal(self.prix_unitaire_ht, "prix_unitaire_ht"))
        object.__setattr__(self, "taux_tva", _taux(self.taux_tva, "taux_tva"))
        object.__setattr__(self, "remise", _taux(self.remise, "remise"))
        if self.montant_declare is not None:
            object.__setattr__(self, "montant_declare", _decimal(self.montant_declare, "montant_declare"))

    @property
    def montant_brut(self) -> Decimal:
        """Quantité × prix unitaire HT, au centime (demi supérieur)."""
        return arrondir(self.quantite * self.prix_unitaire_ht)

    @property
    def montant_remise(self) -> Decimal:
        """Remise de ligne : montant brut × taux, au centime."""
        return arrondir(self.montant_brut * self.remise)

    @property
    def montant_ht(self) -> Decimal:
        """Montant HT juste de la ligne, net de sa remise."""
        return self.montant_brut - self.montant_remise

    @property
    def montant_lu(self) -> Decimal:
        """Le montant que la pièce écrit (le calcul s'il n'est pas donné)."""
        return self.montant_ht if self.montant_declare is None else self.montant_declare


@dataclass(frozen=True, slots=True)
class Etape:
    """Une étape d'un calcul en cascade : base, taux, montant de l'étape (négatif pour une réduction) et résultat."""

    libelle: str
    base: Decimal
    taux: Decimal | None
    montant: Decimal
    resultat: Decimal

    def __str__(self) -> str:
        taux = f" ({format_taux(self.taux)} de {format_montant(self.base)})" if self.taux is not None else ""
        return f"{self.libelle}{taux} : {format_montant(self.montant)} → {format_montant(self.resultat)}"


@dataclass(frozen=True, slots=True)
class Groupe:
    """Cascade d'un groupe de lignes de même taux de TVA et de même nature."""

    taux_tva: Decimal
    nature: str
    montant_brut: Decimal
    remise: Decimal
    rabais: Decimal
    ristourne: Decimal
    net_commercial: Decimal
    escompte: Decimal
    net_financier: Decimal


@dataclass(frozen=True, slots=True)
class TvaTaux:
    """Base HT et TVA d'un taux."""

    taux: Decimal
    base_ht: Decimal
    tva: Decimal


@dataclass(frozen=True, slots=True)
class TotauxDeclares:
    """Les totaux qu'une pièce écrit : total HT, TVA par taux, total TVA, TTC, net à payer."""

    total_ht: Decimal
    tva: tuple[TvaTaux, ...]
    total_tva: Decimal
    total_ttc: Decimal
    net_a_payer: Decimal


@dataclass(frozen=True, slots=True)
class Calcul:
    """Le calcul juste d'une pièce, étape par étape.

    Attributes:
        groupes: cascades par (taux de TVA, nature), dans l'ordre des lignes.
        etapes: réductions de la pièce entière (sommes des groupes), dans l'ordre du calcul.
    """

    total_brut: Decimal
    remise: Decimal
    rabais: Decimal
    ristourne: Decimal
    net_commercial: Decimal
    escompte: Decimal
    net_financier: Decimal
    frais_de_port: Decimal
    total_ht: Decimal
    tva: tuple[TvaTaux, ...]
    total_tva: Decimal
    total_ttc: Decimal
    acompte: Decimal
    net_a_payer: Decimal
    groupes: tuple[Groupe, ...]
    etapes: tuple[Etape, ...]

    def declares(self) -> TotauxDeclares:
        """Ces totaux, sous la forme de ceux qu'une pièce écrit."""
        return TotauxDeclares(self.total_ht, self.tva, self.total_tva, self.total_ttc, self.net_a_payer)


def cascade(
    brut: Decimal, taux_reductions: tuple[Decimal, Decimal, Decimal, Decimal]
) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]:
    """Réductions en cascade sur un montant brut HT : remise, rabais, ristourne, puis escompte.

    Chaque réduction est arrondie au centime (demi supérieur) sur la base qui la précède ; les
    réductions commerciales donnent le net commercial, l'escompte (réduction financière) le net
    financier.

    Returns:
        ``(brut, remise, rabais, ristourne, net_commercial, escompte, net_financier)``.

    >>> cascade(Decimal("1000.00"), (Decimal("0.10"), Decimal("0.05"), ZERO, Decimal("0.02")))[-1]
    Decimal('837.90')
    """
    t_remise, t_rabais, t_ristourne, t_escompte = taux_reductions
    remise = arrondir(brut * t_remise)
    rabais = arrondir((brut - remise) * t_rabais)
    ristourne = arrondir((brut - remise - rabais) * t_ristourne)
    net_commercial = brut - remise - rabais - ristourne
    escompte = arrondir(net_commercial * t_escompte)
    return brut, remise, rabais, ristourne, net_commercial, escompte, net_commercial - escompte


def calculer(
    lignes: tuple[LignePiece, ...],
    taux_reductions: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO),
    frais_de_port: Decimal = ZERO,
    acompte: Decimal = ZERO,
) -> Calcul:
    """Le calcul juste de lignes de pièce (voir la docstring du module pour l'ordre et les arrondis).

    Args:
        taux_reductions: taux de remise, rabais, ristourne (réductions commerciales) et escompte.
        frais_de_port: port HT, ajouté à la base du taux de l'opération principale.
        acompte: acompte TTC déjà versé, déduit du net à payer.
    """
    t_remise, t_rabais, t_ristourne, t_escompte = taux_reductions
    bruts: dict[tuple[Decimal, str], Decimal] = {}
    for ligne in lignes:
        cle = (ligne.taux_tva, ligne.nature)
        bruts[cle] = bruts.get(cle, ZERO) + ligne.montant_ht
    groupes = [
        Groupe(taux, nature, *cascade(brut, taux_reductions)) for (taux, nature), brut in bruts.items()
    ]

    def somme(attribut: str) -> Decimal:
        return sum((getattr(g, attribut) for g in groupes), ZERO)

    bases: dict[Decimal, Decimal] = {}
    for g in groupes:
        bases[g.taux_tva] = bases.get(g.taux_tva, ZERO) + g.net_financier
    if frais_de_port and groupes:
        principal = max(groupes, key=lambda g: g.montant_brut).taux_tva  # le premier en cas d'égalité
        bases[principal] += frais_de_port
    tva = tuple(TvaTaux(taux, base, arrondir(base * taux)) for taux, base in bases.items())
    total_brut = somme("montant_brut")
    etapes, base = [], total_brut
    for nom, taux, valeur in (
        ("Remise", t_remise, somme("remise")),
        ("Rabais", t_rabais, somme("rabais")),
        ("Ristourne", t_ristourne, somme("ristourne")),
        ("Escompte", t_escompte, somme("escompte")),
    ):
        if valeur:
            etapes.append(Etape(f"{nom} {format_taux(taux)}", base, taux, -valeur, base - valeur))
            base -= valeur
    if frais_de_port:
        etapes.append(Etape("Frais de port", base, None, frais_de_port, base + frais_de_port))
    total_ht = somme("net_financier") + frais_de_port
    total_tva = sum((t.tva for t in tva), ZERO)
    return Calcul(
        total_brut,
        somme("remise"),
        somme("rabais"),
        somme("ristourne"),
        somme("net_commercial"),
        somme("escompte"),
        somme("net_financier"),
        frais_de_port,
        total_ht,
        tva,
        total_tva,
        total_ht + total_tva,
        acompte,
        total_ht + total_tva - acompte,
        tuple(groupes),
        tuple(etapes),
    )


@dataclass(frozen=True, slots=True)
class Piece:
    """Une facture, un avoir ou un avis de paiement, du point de vue de l'entreprise qui le traite.

    Attributes:
        type_piece: ``"facture"``, ``"avoir"`` ou ``"avis_paiement"``.
        sens: ``"achat"`` (pièce reçue d'un fournisseur) ou ``"vente"`` (émise pour un client).
        numero: numéro unique de la pièce chez son émetteur.
        date_emission, date_livraison, date_echeance: dates de la pièce (livraison : date de la
            vente ou de la prestation ; ``None`` si la pièce ne la porte pas).
        taux_remise, taux_rabais, taux_ristourne, taux_escompte: réductions globales (0,05 = 5 %).
        frais_de_port: port facturé HT. acompte: acompte TTC déjà versé, déduit du net à payer.
        declares: totaux écrits sur la pièce (``None`` : ceux du calcul, pièce juste).
        conditions_escompte, penalites_retard: textes de ces mentions (vides si absentes).
        indemnite_recouvrement: montant de l'indemnité forfaitaire mentionné, ou ``None``.
        adresse_livraison: adresse de livraison des biens si la pièce l'indique.
        nature_operation: ``"biens"``, ``"services"`` ou ``"mixte"`` si la pièce l'indique.
        option_tva_debits: la pièce porte la mention « option pour le paiement de la taxe
            d'après les débits ».
        facture_origine: pour un avoir, la facture rectifiée ; pour un avis de paiement, les
            factures réglées séparées par des virgules.
        motif: motif d'un avoir (:data:`MOTIFS_AVOIR`).
        calcul: le calcul juste, refait à la construction.
    """

    type_piece: str
    sens: str
    numero: str
    date_emission: dt.date
    vendeur: Partie
    acheteur: Partie
    lignes: tuple[LignePiece, ...] = ()
    date_livraison: dt.date | None = None
    date_echeance: dt.date | None = None
    taux_remise: Decimal = ZERO
    taux_rabais: Decimal = ZERO
    taux_ristourne: Decimal = ZERO
    taux_escompte: Decimal = ZERO
    frais_de_port: Decimal = ZERO
    acompte: Decimal = ZERO
    declares: TotauxDeclares | None = None
    conditions_escompte: str = ""
    penalites_retard: str = ""
    indemnite_recouvrement: Decimal | None = None
    adresse_livraison: str = ""
    nature_operation: str = ""
    option_tva_debits: bool = False
    facture_origine: str = ""
    motif: str = ""
    numero_commande: str = ""
    calcul: Calcul = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.type_piece not in TYPES_PIECE:
            raise PieceInvalide(
                f"Type de pièce « {self.type_piece} » inconnu : {', '.join(TYPES_PIECE)}.", champ="type_piece"
            )
        if self.sens not in SENS:
            raise PieceInvalide(
                f"Sens « {self.sens} » inconnu : « achat » (pièce reçue) ou « vente » (pièce émise).",
                champ="sens",
            )
        if self.type_piece == "avoir" and self.motif and self.motif not in MOTIFS_AVOIR:
            raise PieceInvalide(
                f"Motif d'avoir « {self.motif} » inconnu : {', '.join(MOTIFS_AVOIR)}.", champ="motif"
            )
        object.__setattr__(self, "lignes", tuple(self.lignes))
        for nom in ("taux_remise", "taux_rabais", "taux_ristourne", "taux_escompte"):
            object.__setattr__(self, nom, _taux(getattr(self, nom), nom))
        for nom in ("frais_de_port", "acompte"):
            object.__setattr__(self, nom, _decimal(getattr(self, nom), nom))
        if self.indemnite_recouvrement is not None:
            object.__setattr__(
                self,
                "indemnite_recouvrement",
                _decimal(self.indemnite_recouvrement, "indemnite_recouvrement"),
            )
        taux = (self.taux_remise, self.taux_rabais, self.taux_ristourne, self.taux_escompte)
        object.__setattr__(self, "calcul", calculer(self.lignes, taux, self.frais_de_port, self.acompte))

    @property
    def totaux(self) -> TotauxDeclares:
        """Les totaux écrits sur la pièce (ceux du calcul si la pièce n'en déclare pas d'autres)."""
        return self.declares if self.declares is not None else self.calcul.declares()

    @property
    def tiers(self) -> Partie:
        """Le fournisseur (achat) ou le client (vente)."""
        return self.vendeur if self.sens == "achat" else self.acheteur

    @property
    def emetteur(self) -> Partie:
        """Qui a émis la pièce : le vendeur pour une facture ou un avoir, le payeur pour un avis de paiement."""
        return self.acheteur if self.type_piece == "avis_paiement" else self.vendeur

    @property
    def nature_calculee(self) -> str:
        """``"biens"``, ``"services"`` ou ``"mixte"`` d'après la nature des lignes."""
        from compta_kernel.imputation import est_service

        natures = {est_service(ligne.nature) for ligne in self.lignes}
        return "mixte" if len(natures) > 1 else "services" if natures == {True} else "biens"

    def avec_totaux(self, **modifications: Decimal) -> Piece:
        """La même pièce dont les totaux écrits diffèrent (``total_ht=``, ``total_ttc=``...) : une pièce fautive."""
        return replace(self, declares=replace(self.totaux, **modifications))

    def codifiee(self, *natures: str) -> Piece:
        """La pièce dont les lignes reçoivent leur nature d'imputation (codification).

        Une seule nature vaut pour toutes les lignes ; sinon une par ligne, dans l'ordre. Une
        nature est une clé de :data:`compta_kernel.imputation.NATURES` ou un compte du PCG.

        Raises:
            PieceInvalide: le nombre de natures ne correspond pas au nombre de lignes.
        """
        if len(natures) == 1:
            natures = natures * len(self.lignes)
        if len(natures) != len(self.lignes):
            raise PieceInvalide(
                f"La pièce {self.numero} a {len(self.lignes)} ligne(s) : donnez une nature pour toutes, "
                f"ou une par ligne (vous en donnez {len(natures)}).",
                champ="nature",
            )
        lignes = tuple(replace(lg, nature=n) for lg, n in zip(self.lignes, natures, strict=True))
        return replace(self, lignes=lignes)

    def __str__(self) -> str:
        return f"{self.type_piece.replace('_', ' ')} {self.numero} du {format_date(self.date_emission)}"


def mentions_de_paiement(
    date_emission: dt.date, taux_escompte: Decimal = ZERO, delai_escompte: int = 0
) -> dict:
    """Les mentions de paiement d'une facture conforme, d'après les règles datées.

    Conditions d'escompte (ou leur absence), pénalités de retard (taux de la BCE majoré,
    C. com., art. L441-10, II) et indemnité forfaitaire de recouvrement (art. D441-5) : un
    dictionnaire à passer à :class:`Piece` (``Piece(..., **mentions_de_paiement(jour))``).
    """
    from compta_kernel import regles

    points = regles.valeur("commerce.penalites_retard.majoration_points", date_emission)
    if taux_escompte:
        escompte = f"Escompte de {format_taux(taux_escompte)} pour paiement sous {delai_escompte} jours."
    else:
        escompte = "Pas d'escompte pour paiement anticipé."
    return {
        "conditions_escompte": escompte,
        "penalites_retard": f"Pénalités de retard : taux de refinancement de la BCE majoré de {points} points.",
        "indemnite_recouvrement": regles.valeur("commerce.indemnite_forfaitaire_recouvrement", date_emission),
    }


def avis_paiement(
    numero: str,
    date: dt.date,
    payeur: Partie,
    beneficiaire: Partie,
    montant_regle: Decimal | str | int,
    factures: tuple[str, ...] = (),
    sens: str = "vente",
) -> Piece:
    """Un avis de paiement : le payeur annonce le règlement de ``factures`` pour ``montant_regle``.

    ``sens="vente"`` : avis reçu d'un client (l'entreprise est le bénéficiaire) ; ``"achat"`` :
    avis envoyé à un fournisseur. Le montant réglé est le net à payer de la pièce.
    """
    m = arrondir(_decimal(montant_regle, "montant_regle"))
    return Piece(
        "avis_paiement",
        sens,
        numero,
        date,
        beneficiaire,
        payeur,
        declares=TotauxDeclares(ZERO, (), ZERO, m, m),
        facture_origine=", ".join(factures),
    )


def partie_depuis_societe(societe: object) -> Partie:
    """Une :class:`Partie` d'après une société des données fictives (:mod:`compta_kernel.donnees_fictives`)."""
    a = societe.adresse
    rue = f"{a.numero} {a.voie}" + (f", {a.complement}" if a.complement else "")
    return Partie(
        societe.raison_sociale,
        rue,
        a.code_postal,
        a.ville,
        a.pays,
        societe.siren,
        societe.siret,
        societe.numero_tva,
        getattr(societe, "code", ""),
    )


# ---------------------------------------------------------------------- Factur-X
#: Espaces de noms du XML CII (Cross Industry Invoice, UN/CEFACT D16B) de Factur-X.
_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
_PROFIL_EN16931 = "urn:cen.eu:en16931:2017"
#: Cadre de facturation (BT-23) de la réforme française : biens, services, mixte.
_CADRE = {"biens": "B1", "services": "S1", "mixte": "M1"}
_UNITES = {"heure": "HUR", "jour": "DAY", "mois": "MON", "m²": "MTK"}


def _montant_xml(d: Decimal) -> str:
    return f"{arrondir(d):.2f}"


def _nombre_xml(d: Decimal) -> str:
    texte = f"{d:f}"
    return texte.rstrip("0").rstrip(".") if "." in texte else texte


def _fichier_police(nom: str) -> str:
    from importlib import resources

    return str(resources.files("font_source_sans_pro") / "files" / nom)


def xml_depuis_pdf(chemin: str | Path) -> bytes:
    """Le XML CII joint à un PDF Factur-X, vérifié par le schéma XSD (paquet ``factur-x``).

    Raises:
        FichierInvalide: pas un PDF, pas de XML Factur-X joint, ou XML non conforme au schéma.
    """
    from facturx import get_xml_from_pdf

    chemin = Path(chemin)
    try:
        _, xml = get_xml_from_pdf(chemin.read_bytes(), check_xsd=True)
    except Exception as exc:  # pypdf et factur-x lèvent des exceptions génériques
        raise FichierInvalide(
            chemin.name, [Anomalie(0, "", f"Fichier illisible comme facture Factur-X : {exc}")]
        ) from exc
    if not xml:
        raise FichierInvalide(
            chemin.name, [Anomalie(0, "", "Le PDF ne contient pas de XML Factur-X (factur-x.xml).")]
        )
    return xml


def xml_cii(piece: Piece, *, natures: bool = True) -> bytes:
    """Le XML CII Factur-X (profil EN 16931) d'une facture ou d'un avoir, avec ses totaux **écrits**.

    Les mentions vont où la norme les attend : conditions d'escompte (note ``AAB``),
    pénalités (``PMD``), indemnité forfaitaire (``PMT``), nature de l'opération (cadre de
    facturation BT-23), SIREN (``SpecifiedLegalOrganization``, schéma 0002), SIRET
    (``GlobalID``, schéma 0009), adresse de livraison (``ShipToTradeParty``), option pour
    les débits (``DueDateTypeCode`` 5). La nature d'imputation de chaque ligne est écrite en
    classification d'article (``ClassCode``, liste ``ZZZ``, convenue entre les parties), sauf
    avec ``natures=False`` : une vraie facture ne la porte pas, le comptable codifie.
    Le XML est vérifié par le schéma XSD du paquet factur-x.

    Raises:
        PieceInvalide: un avis de paiement (ce n'est pas une facture).
    """
    from facturx import xml_check_xsd
    from lxml import etree

    if piece.type_piece == "avis_paiement":
        raise PieceInvalide("Un avis de paiement n'est pas une facture : il ne s'écrit pas en Factur-X.")

    def el(parent, nom: str, texte: str | None = None, **attributs):
        prefixe, local = nom.split(":")
        noeud = etree.SubElement(parent, f"{{{_NS[prefixe]}}}{local}", **attributs)
        if texte is not None:
            noeud.text = texte
        return noeud

    def date(parent, nom: str, jour: dt.date, type_date: str = "udt"):
        el(el(parent, nom), f"{type_date}:DateTimeString", jour.strftime("%Y%m%d"), format="102")

    def taxe(parent, taux: Decimal):
        el(parent, "ram:TypeCode", "VAT")
        el(parent, "ram:CategoryCode", "S")
        el(parent, "ram:RateApplicablePercent", _nombre_xml(taux * 100))

    def adresse(parent, p: Partie, rue: str | None = None):
        n = el(parent, "ram:PostalTradeAddress")
        if p.code_postal:
            el(n, "ram:PostcodeCode", p.code_postal)
        if rue or p.adresse:
            el(n, "ram:LineOne", rue or p.adresse)
        if p.ville:
            el(n, "ram:CityName", p.ville)
        el(n, "ram:CountryID", p.pays or "FR")

    def partie(parent, nom: str, p: Partie):
        n = el(parent, nom)
        if p.siret:
            el(n, "ram:GlobalID", p.siret, schemeID="0009")
        el(n, "ram:Name", p.nom)
        if p.siren:
            el(el(n, "ram:SpecifiedLegalOrganization"), "ram:ID", p.siren, schemeID="0002")
        adresse(n, p)
        if p.numero_tva:
            el(el(n, "ram:SpecifiedTaxRegistration"), "ram:ID", p.numero_tva, schemeID="VA")

    def reduction(parent, est_frais: bool, base, taux, m: Decimal, raison: str, taux_tva: Decimal | None):
        r = el(parent, "ram:SpecifiedTradeAllowanceCharge")
        el(el(r, "ram:ChargeIndicator"), "udt:Indicator", "true" if est_frais else "false")
        if taux is not None:
            el(r, "ram:CalculationPercent", _nombre_xml(taux * 100))
            el(r, "ram:BasisAmount", _montant_xml(base))
        el(r, "ram:ActualAmount", _montant_xml(m))
        el(r, "ram:Reason", raison)
        if taux_tva is not None:
            taxe(el(r, "ram:CategoryTradeTax"), taux_tva)

    est_avoir = piece.type_piece == "avoir"
    c, t = piece.calcul, piece.totaux
    racine = etree.Element(f"{{{_NS['rsm']}}}CrossIndustryInvoice", nsmap=_NS)
    contexte = el(racine, "rsm:ExchangedDocumentContext")
    if piece.nature_operation in _CADRE:
        el(
            el(contexte, "ram:BusinessProcessSpecifiedDocumentContextParameter"),
            "ram:ID",
            _CADRE[piece.nature_operation],
        )
    el(el(contexte, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", _PROFIL_EN16931)

    document = el(racine, "rsm:ExchangedDocument")
    el(document, "ram:ID", piece.numero)
    el(document, "ram:TypeCode", "381" if est_avoir else "380")
    date(document, "ram:IssueDateTime", piece.date_emission)
    notes = [
        ("AAB", piece.conditions_escompte),
        ("PMD", piece.penalites_retard),
        ("AAI", f"Motif de l'avoir : {piece.motif}." if est_avoir and piece.motif else ""),
    ]
    if piece.indemnite_recouvrement is not None:
        notes.append(
            (
                "PMT",
                f"Indemnité forfaitaire pour frais de recouvrement : {format_montant(piece.indemnite_recouvrement)}.",
            )
        )
    for code, texte in notes:
        if texte:
            n = el(document, "ram:IncludedNote")
            el(n, "ram:Content", texte)
            el(n, "ram:SubjectCode", code)

    transaction = el(racine, "rsm:SupplyChainTradeTransaction")
    for i, ligne in enumerate(piece.lignes, start=1):
        item = el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        el(el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(i))
        produit = el(item, "ram:SpecifiedTradeProduct")
        if ligne.reference:
            el(produit, "ram:SellerAssignedID", ligne.reference)
        el(produit, "ram:Name", ligne.designation)
        if natures and ligne.nature:
            el(
                el(produit, "ram:DesignatedProductClassification"),
                "ram:ClassCode",
                ligne.nature,
                listID="ZZZ",
            )
        accord = el(item, "ram:SpecifiedLineTradeAgreement")
        el(
            el(accord, "ram:NetPriceProductTradePrice"),
            "ram:ChargeAmount",
            _nombre_xml(ligne.prix_unitaire_ht),
        )
        el(
            el(item, "ram:SpecifiedLineTradeDelivery"),
            "ram:BilledQuantity",
            _nombre_xml(ligne.quantite),
            unitCode=_UNITES.get(ligne.unite, "C62"),
        )
        reglement = el(item, "ram:SpecifiedLineTradeSettlement")
        taxe(el(reglement, "ram:ApplicableTradeTax"), ligne.taux_tva)
        if ligne.remise:
            reduction(
                reglement, False, ligne.montant_brut, ligne.remise, ligne.montant_remise, "Remise", None
            )
        el(
            el(reglement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
            "ram:LineTotalAmount",
            _montant_xml(ligne.montant_lu),
        )

    accord = el(transaction, "ram:ApplicableHeaderTradeAgreement")
    partie(accord, "ram:SellerTradeParty", piece.vendeur)
    partie(accord, "ram:BuyerTradeParty", piece.acheteur)
    if piece.numero_commande:
        el(el(accord, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", piece.numero_commande)

    livraison = el(transaction, "ram:ApplicableHeaderTradeDelivery")
    if piece.adresse_livraison:
        lieu = el(livraison, "ram:ShipToTradeParty")
        el(lieu, "ram:Name", piece.acheteur.nom)
        adresse(lieu, Partie(piece.acheteur.nom, pays=piece.acheteur.pays), piece.adresse_livraison)
    if piece.date_livraison:
        date(
            el(livraison, "ram:ActualDeliverySupplyChainEvent"),
            "ram:OccurrenceDateTime",
            piece.date_livraison,
        )

    reglement = el(transaction, "ram:ApplicableHeaderTradeSettlement")
    el(reglement, "ram:PaymentReference", piece.numero)
    el(reglement, "ram:InvoiceCurrencyCode", "EUR")
    services = piece.nature_operation in ("services", "mixte")
    for tt in t.tva:
        n = el(reglement, "ram:ApplicableTradeTax")
        el(n, "ram:CalculatedAmount", _montant_xml(tt.tva))
        el(n, "ram:TypeCode", "VAT")
        el(n, "ram:BasisAmount", _montant_xml(tt.base_ht))
        el(n, "ram:CategoryCode", "S")
        if services:  # 5 : date de facture (option pour les débits) ; 72 : date de paiement
            el(n, "ram:DueDateTypeCode", "5" if piece.option_tva_debits else "72")
        el(n, "ram:RateApplicablePercent", _nombre_xml(tt.taux * 100))
    taux_globaux = (piece.taux_remise, piece.taux_rabais, piece.taux_ristourne, piece.taux_escompte)
    for g in c.groupes:
        base = g.montant_brut
        for raison, taux_r, m in zip(
            ("Remise", "Rabais", "Ristourne", "Escompte"),
            taux_globaux,
            (g.remise, g.rabais, g.ristourne, g.escompte),
            strict=True,
        ):
            if m:
                reduction(reglement, False, base, taux_r, m, raison, g.taux_tva)
            base -= m
    if piece.frais_de_port and c.groupes:
        principal = max(c.groupes, key=lambda g: g.montant_brut)
        reduction(reglement, True, None, None, piece.frais_de_port, "Frais de port", principal.taux_tva)
    if piece.date_echeance or piece.conditions_escompte:
        conditions = el(reglement, "ram:SpecifiedTradePaymentTerms")
        if piece.conditions_escompte:
            el(conditions, "ram:Description", piece.conditions_escompte)
        if piece.date_echeance:
            date(conditions, "ram:DueDateDateTime", piece.date_echeance)
    total = el(reglement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    el(total, "ram:LineTotalAmount", _montant_xml(sum((lg.montant_lu for lg in piece.lignes), ZERO)))
    el(total, "ram:ChargeTotalAmount", _montant_xml(piece.frais_de_port))
    el(total, "ram:AllowanceTotalAmount", _montant_xml(c.remise + c.rabais + c.ristourne + c.escompte))
    el(total, "ram:TaxBasisTotalAmount", _montant_xml(t.total_ht))
    el(total, "ram:TaxTotalAmount", _montant_xml(t.total_tva), currencyID="EUR")
    el(total, "ram:GrandTotalAmount", _montant_xml(t.total_ttc))
    el(total, "ram:TotalPrepaidAmount", _montant_xml(piece.acompte))
    el(total, "ram:DuePayableAmount", _montant_xml(t.net_a_payer))
    if est_avoir and piece.facture_origine:
        el(el(reglement, "ram:InvoiceReferencedDocument"), "ram:IssuerAssignedID", piece.facture_origine)
    xml = etree.tostring(racine, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    xml_check_xsd(xml, flavor="factur-x", level="en16931")
    return xml


def _pdf(piece: Piece) -> bytes:
    """La pièce lisible : A4, police embarquée, PDF/A-3B ; montants tels que la pièce les écrit."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    v, a, t = piece.vendeur, piece.acheteur, piece.totaux
    pdf = FPDF(format="A4", enforce_compliance="PDF/A-3B")
    pdf.set_lang("fr-FR")
    pdf.set_creation_date(dt.datetime.combine(piece.date_emission, dt.time(9), tzinfo=dt.UTC))
    pdf.set_title(f"{piece.type_piece.capitalize()} {piece.numero}")
    pdf.set_author(v.nom)
    pdf.set_creator("Cours Assistant comptable : compta_kernel.pieces")
    pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.add_page()

    def bloc(x: float, y: float, p: Partie) -> None:
        pdf.set_xy(x, y)
        pdf.set_font("Source", "B", 11)
        pdf.cell(85, 6, p.nom, new_x="LEFT", new_y="NEXT")
        pdf.set_font("Source", size=9)
        for texte in (
            p.adresse,
            " ".join(x for x in (p.code_postal, p.ville) if x),
            f"SIREN {p.siren}" if p.siren else "",
            f"SIRET {p.siret}" if p.siret else "",
            f"TVA {p.numero_tva}" if p.numero_tva else "",
        ):
            if texte:
                pdf.cell(85, 4.5, texte, new_x="LEFT", new_y="NEXT")

    bloc(15, 15, v)
    bloc(115, 45, a)
    pdf.set_xy(15, 80)
    pdf.set_font("Source", "B", 15)
    titre = "AVOIR" if piece.type_piece == "avoir" else "FACTURE"
    pdf.cell(0, 8, f"{titre} N° {piece.numero}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Source", size=9)
    infos = [f"Date d'émission : {format_date(piece.date_emission)}"]
    if piece.date_livraison:
        infos.append(f"Date de livraison ou de prestation : {format_date(piece.date_livraison)}")
    if piece.date_echeance:
        infos.append(f"Date d'échéance : {format_date(piece.date_echeance)}")
    if piece.facture_origine:
        infos.append(f"Facture rectifiée : {piece.facture_origine}")
    if piece.numero_commande:
        infos.append(f"Votre commande : {piece.numero_commande}")
    for texte in infos:
        pdf.cell(0, 4.5, texte, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    def m(d: Decimal) -> str:
        return format_montant(d, devise=False)

    with pdf.table(
        col_widths=(80, 14, 24, 14, 26, 14),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        padding=1,
    ) as table:
        table.row(("Désignation", "Qté", "PU HT", "Remise", "Montant HT", "TVA"))
        for lg in piece.lignes:
            table.row(
                (
                    lg.designation,
                    _nombre_xml(lg.quantite).replace(".", ","),
                    m(lg.prix_unitaire_ht),
                    format_taux(lg.remise) if lg.remise else "",
                    m(lg.montant_lu),
                    format_taux(lg.taux_tva),
                )
            )
    pdf.ln(3)
    c = piece.calcul
    lignes = [("Total brut HT", sum((lg.montant_lu for lg in piece.lignes), ZERO))]
    lignes += [(e.libelle, e.montant) for e in c.etapes]
    lignes.append(("Total HT", t.total_ht))
    lignes += [(f"TVA {format_taux(x.taux)} sur {m(x.base_ht)}", x.tva) for x in t.tva]
    lignes.append(("Total TTC", t.total_ttc))
    if piece.acompte:
        lignes.append(("Acompte versé", -piece.acompte))
    lignes.append(
        ("Net à payer" if piece.type_piece == "facture" else "Montant de l'avoir TTC", t.net_a_payer)
    )
    for nom, valeur in lignes:
        gras = nom in ("Total HT", "Total TTC", "Net à payer", "Montant de l'avoir TTC")
        pdf.set_x(105)
        pdf.set_font("Source", "B" if gras else "", 9)
        pdf.cell(60, 5, nom)
        pdf.cell(30, 5, format_montant(valeur), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Source", size=8)
    mentions = [piece.conditions_escompte, piece.penalites_retard]
    if piece.indemnite_recouvrement is not None:
        mentions.append(
            f"Indemnité forfaitaire pour frais de recouvrement : {format_montant(piece.indemnite_recouvrement)}."
        )
    if piece.nature_operation:
        mentions.append(f"Nature de l'opération : {piece.nature_operation}.")
    if piece.adresse_livraison:
        mentions.append(f"Adresse de livraison : {piece.adresse_livraison}.")
    if piece.option_tva_debits:
        mentions.append("Option pour le paiement de la taxe d'après les débits.")
    if piece.type_piece == "avoir" and piece.motif:
        mentions.append(f"Motif de l'avoir : {piece.motif}.")
    for texte in mentions:
        if texte:
            pdf.multi_cell(0, 4, texte, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def ecrire_facturx(piece: Piece, chemin: str | Path, *, natures: bool = True) -> Path:
    """Écrit une facture ou un avoir en Factur-X : PDF/A-3 lisible et XML CII joint (profil EN 16931).

    Le PDF et le XML portent les montants **écrits** sur la pièce (:attr:`Piece.totaux`) :
    une pièce fautive reste fautive une fois écrite. ``natures=False`` n'écrit pas la nature
    d'imputation des lignes (voir :func:`xml_cii`).

    Returns:
        le chemin du fichier écrit.
    """
    from facturx import generate_from_binary

    chemin = Path(chemin)
    titre = f"{piece.type_piece.capitalize()} {piece.numero}"
    pdf = generate_from_binary(
        _pdf(piece),
        xml_cii(piece, natures=natures),
        flavor="factur-x",
        level="en16931",
        check_xsd=False,  # déjà vérifié par xml_cii
        lang="fr-FR",
        pdf_metadata={
            "author": piece.vendeur.nom,
            "keywords": "Factur-X, facture",
            "title": f"{piece.vendeur.nom} : {titre}",
            "subject": f"{titre} du {format_date(piece.date_emission)} émise par {piece.vendeur.nom}",
        },
    )
    chemin.write_bytes(pdf)
    return chemin


def lire_facturx(chemin: str | Path, sens: str = "achat", code_tiers: str = "") -> Piece:
    """Relit une facture ou un avoir Factur-X en :class:`Piece`, avec les totaux qu'il écrit.

    Args:
        chemin: le PDF Factur-X (ou un XML CII seul, extension ``.xml``).
        sens: ``"achat"`` pour une pièce reçue, ``"vente"`` pour une pièce émise.
        code_tiers: code du compte auxiliaire du fournisseur (achat) ou du client (vente) dans
            la comptabilité : la pièce ne le porte pas, le comptable l'attribue.

    Raises:
        FichierInvalide: fichier illisible, sans XML Factur-X ou non conforme au schéma.
    """
    from lxml import etree

    chemin = Path(chemin)
    xml = chemin.read_bytes() if chemin.suffix.lower() == ".xml" else xml_depuis_pdf(chemin)
    racine = etree.fromstring(xml)

    def noeuds(xpath: str, noeud=racine) -> list:
        return noeud.xpath(xpath, namespaces=_NS)

    def texte(xpath: str, noeud=racine) -> str:
        trouve = noeuds(xpath, noeud)
        return (trouve[0].text or "").strip() if trouve else ""

    def jour(xpath: str, noeud=racine) -> dt.date | None:
        valeur = texte(xpath + "/*[local-name()='DateTimeString']", noeud)
        return dt.datetime.strptime(valeur, "%Y%m%d").date() if valeur else None

    def nombre(xpath: str, noeud=racine) -> Decimal:
        valeur = texte(xpath, noeud)
        return Decimal(valeur) if valeur else ZERO

    def partie(n) -> Partie:
        return Partie(
            texte("ram:Name", n),
            texte("ram:PostalTradeAddress/ram:LineOne", n),
            texte("ram:PostalTradeAddress/ram:PostcodeCode", n),
            texte("ram:PostalTradeAddress/ram:CityName", n),
            texte("ram:PostalTradeAddress/ram:CountryID", n) or "FR",
            texte("ram:SpecifiedLegalOrganization/ram:ID", n),
            texte("ram:GlobalID[@schemeID='0009']", n),
            texte("ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", n),
        )

    transaction = "rsm:SupplyChainTradeTransaction/"
    accord = transaction + "ram:ApplicableHeaderTradeAgreement/"
    reglement = transaction + "ram:ApplicableHeaderTradeSettlement/"
    total = reglement + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    notes = {texte("ram:SubjectCode", n): texte("ram:Content", n) for n in noeuds("//ram:IncludedNote")}
    lignes = []
    for n in noeuds(transaction + "ram:IncludedSupplyChainTradeLineItem"):
        remise = texte(
            "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:CalculationPercent", n
        )
        lignes.append(
            LignePiece(
                texte("ram:SpecifiedTradeProduct/ram:Name", n),
                nombre("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", n),
                nombre("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount", n),
                nombre("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", n)
                / 100,
                Decimal(remise) / 100 if remise else ZERO,
                texte("ram:SpecifiedTradeProduct/ram:DesignatedProductClassification/ram:ClassCode", n),
                nombre(
                    "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
                    "/ram:LineTotalAmount",
                    n,
                ),
                texte("ram:SpecifiedTradeProduct/ram:SellerAssignedID", n),
            )
        )
    taux_globaux = {}
    frais = ZERO
    for n in noeuds(reglement + "ram:SpecifiedTradeAllowanceCharge"):
        raison = texte("ram:Reason", n)
        if texte("ram:ChargeIndicator/udt:Indicator", n) == "true":
            frais += nombre("ram:ActualAmount", n)
        elif texte("ram:CalculationPercent", n):
            taux_globaux[raison.lower()] = Decimal(texte("ram:CalculationPercent", n)) / 100
    tva = tuple(
        TvaTaux(
            nombre("ram:RateApplicablePercent", n) / 100,
            nombre("ram:BasisAmount", n),
            nombre("ram:CalculatedAmount", n),
        )
        for n in noeuds(reglement + "ram:ApplicableTradeTax")
    )
    declares = TotauxDeclares(
        nombre(total + "ram:TaxBasisTotalAmount"),
        tva,
        nombre(total + "ram:TaxTotalAmount"),
        nombre(total + "ram:GrandTotalAmount"),
        nombre(total + "ram:DuePayableAmount"),
    )
    indemnite = re.search(r"(\d[\d\s\u202f\u00a0]*,\d{2})", notes.get("PMT", ""))
    cadre = texte("rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")
    motif = re.match(r"Motif de l'avoir : (\w+)", notes.get("AAI", ""))
    livraison = transaction + "ram:ApplicableHeaderTradeDelivery/"
    lieu = noeuds(livraison + "ram:ShipToTradeParty/ram:PostalTradeAddress")
    vendeur = partie(noeuds(accord + "ram:SellerTradeParty")[0])
    acheteur = partie(noeuds(accord + "ram:BuyerTradeParty")[0])
    if sens == "achat":
        vendeur = replace(vendeur, code=code_tiers)
    else:
        acheteur = replace(acheteur, code=code_tiers)
    return Piece(
        "avoir" if texte("rsm:ExchangedDocument/ram:TypeCode") == "381" else "facture",
        sens,
        texte("rsm:ExchangedDocument/ram:ID"),
        jour("rsm:ExchangedDocument/ram:IssueDateTime"),
        vendeur,
        acheteur,
        tuple(lignes),
        date_livraison=jour(livraison + "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime"),
        date_echeance=jour(reglement + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime"),
        taux_remise=taux_globaux.get("remise", ZERO),
        taux_rabais=taux_globaux.get("rabais", ZERO),
        taux_ristourne=taux_globaux.get("ristourne", ZERO),
        taux_escompte=taux_globaux.get("escompte", ZERO),
        frais_de_port=frais,
        acompte=nombre(total + "ram:TotalPrepaidAmount"),
        declares=declares,
        conditions_escompte=notes.get("AAB", ""),
        penalites_retard=notes.get("PMD", ""),
        indemnite_recouvrement=montant(indemnite.group(1)) if indemnite else None,
        adresse_livraison=texte("ram:LineOne", lieu[0]) if lieu else "",
        nature_operation={v: k for k, v in _CADRE.items()}.get(cadre, ""),
        option_tva_debits=bool(noeuds(reglement + "ram:ApplicableTradeTax[ram:DueDateTypeCode='5']")),
        facture_origine=texte(reglement + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
        motif=motif.group(1) if motif else "",
        numero_commande=texte(accord + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
    )
