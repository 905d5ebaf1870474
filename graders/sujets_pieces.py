"""Sujet du devoir « b1_pieces » : un lot de pièces d'achat par apprenant, dont deux fautives.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : l'entreprise,
ses fournisseurs (SIREN, SIRET et numéros de TVA valides), un lot de cinq pièces reçues
en octobre 2026 (la réforme de la facturation électronique s'applique à leurs mentions) :

- une facture de marchandises (remise, escompte, port) à codifier et pré-imputer ;
- une facture d'immobilisation (remise de ligne, escompte, port), dont on détermine le
  coût d'entrée avec l'installation facturée à part (incluse) et la formation (exclue) ;
- un avoir de rabais sur une facture déjà enregistrée ;
- une facture à l'erreur de calcul (ligne, remise oubliée, TVA calculée avant escompte,
  ou addition fausse) ;
- une facture au défaut de forme (SIREN du fournisseur invalide, SIREN du client absent,
  échéance absente ou au-delà du délai légal, indemnité forfaitaire fausse, numéro déjà
  enregistré).

Les pièces sont remises en PDF Factur-X (:meth:`SujetPieces.deposer`), sans la nature
d'imputation des lignes : l'apprenant codifie. Les réponses attendues ne sont pas ici : le
module de correction du formateur les calcule avec :mod:`compta_kernel`.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from compta_kernel.montants import arrondir
from compta_kernel.pieces import LignePiece, Partie, Piece, ecrire_facturx, mentions_de_paiement
from compta_kernel.presentation import format_date, format_montant

DEVOIR = "b1_pieces"
ENTREPRISES = (
    ("Atelier Morel SARL", "4 rue du Moulin", "42000", "Saint-Étienne"),
    ("Bureautique Lemaire SAS", "18 avenue Jean Jaurès", "37000", "Tours"),
    ("Comptoir Vasseur", "7 place de la Liberté", "80000", "Amiens"),
    ("Équipements Garnier SA", "22 boulevard Victor Hugo", "21000", "Dijon"),
    ("Négoce Roussel SARL", "5 rue Gambetta", "49000", "Angers"),
    ("Maison Fabre et Fils", "11 rue Pasteur", "64000", "Pau"),
)
# (code, nom, adresse, code postal, ville, préfixe des numéros de facture)
FOURNISSEURS = (
    ("DURAND", "Durand Distribution SARL", "12 rue de la République", "69003", "Lyon", "DD"),
    ("BERTIN", "Papeterie Bertin", "3 rue des Écoles", "44000", "Nantes", "PB"),
    ("MARCHAL", "Marchal Équipements SAS", "ZA du Moulin", "59000", "Lille", "ME"),
    ("OLIVIER", "Olivier & Fils", "9 allée des Tilleuls", "33000", "Bordeaux", "OF"),
    ("LEGRAND", "Legrand Négoce SA", "40 rue Nationale", "35000", "Rennes", "LN"),
    ("NAVARRO", "Navarro Services", "2 chemin des Vignes", "31000", "Toulouse", "NS"),
    ("PERRIN", "Outillage Perrin", "15 rue du Commerce", "38000", "Grenoble", "OP"),
)
# (désignation, prix unitaire HT minimum et maximum en euros)
MARCHANDISES = (
    ("Ramettes de papier A4 (carton de 5)", 18, 29),
    ("Classeurs à levier (lot de 10)", 24, 39),
    ("Lampes de bureau LED", 29, 79),
    ("Fauteuils de bureau ergonomiques", 149, 389),
    ("Caissons mobiles 3 tiroirs", 89, 179),
    ("Destructeurs de documents", 119, 329),
)
# (nature d'imputation, désignation, prix HT minimum et maximum)
BIENS = (
    ("materiel_informatique", "Serveur informatique rack 2U", 2400, 6800),
    ("mobilier", "Ensemble de six postes de travail (bureaux et caissons)", 3200, 7400),
    ("materiel_industriel", "Presse plieuse hydraulique", 12000, 38000),
    ("outillage_industriel", "Compresseur d'atelier 500 litres", 2800, 6200),
)
FAUTES_CALCUL = ("ligne", "remise_oubliee", "tva_avant_escompte", "addition")
FAUTES_FORME = (
    "siren_fournisseur",
    "siren_client",
    "echeance_absente",
    "echeance_hors_delai",
    "indemnite",
    "doublon",
)
MOIS = (dt.date(2026, 10, 1), dt.date(2026, 10, 30))


def _luhn(chiffres: str) -> str:
    from stdnum import luhn

    return chiffres + luhn.calc_check_digit(chiffres)


def _partie(hasard: random.Random, nom: str, adresse: str, cp: str, ville: str, code: str = "") -> Partie:
    siren = _luhn(f"{hasard.randrange(30_000_000, 99_999_999):08d}")
    siret = _luhn(siren + f"{hasard.randrange(1, 99):04d}")
    tva = f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    return Partie(nom, adresse, cp, ville, "FR", siren, siret, tva, code)


def _jour(hasard: random.Random) -> dt.date:
    debut, fin = MOIS
    return debut + dt.timedelta(days=hasard.randrange((fin - debut).days + 1))


def _prix(hasard: random.Random, mini: int, maxi: int) -> Decimal:
    return Decimal(hasard.randrange(mini * 100, maxi * 100, 5)).scaleb(-2)


def _taux(hasard: random.Random, *choix: str) -> Decimal:
    return Decimal(hasard.choice(choix))


@dataclass(frozen=True)
class SujetPieces:
    """Le lot de pièces d'un apprenant et ce qu'il sait par ailleurs.

    Attributes:
        entreprise: l'entreprise de l'apprenant (l'acheteur).
        lot: les cinq pièces reçues, dans l'ordre du parapheur.
        marchandises, immobilisation, avoir: numéros des pièces visées par les questions 2 à 4.
        bien: désignation du bien acquis.
        deja_saisies: numéros des pièces déjà enregistrées en comptabilité.
        installation: installation du bien, facturée à part (prestataire, montant HT).
        formation: formation des salariés à l'utilisation du bien, facturée à part (HT).
    """

    entreprise: Partie
    lot: tuple[Piece, ...]
    marchandises: str
    immobilisation: str
    avoir: str
    bien: str
    deja_saisies: tuple[str, ...]
    installation: tuple[str, Decimal]
    formation: Decimal

    def piece(self, numero: str) -> Piece:
        """La pièce du lot qui porte ce numéro."""
        return next(p for p in self.lot if p.numero == numero)

    def deposer(self, dossier: str | Path = "pieces") -> tuple[Path, ...]:
        """Écrit les pièces du lot en PDF Factur-X dans ``dossier`` (sans nature d'imputation)."""
        dossier = Path(dossier)
        dossier.mkdir(parents=True, exist_ok=True)
        return tuple(ecrire_facturx(p, dossier / f"{p.numero}.pdf", natures=False) for p in self.lot)

    def _repr_html_(self) -> str:
        e = html.escape
        lignes = "".join(
            f"<li><code>{e(p.numero)}</code> — {e(p.type_piece)} de {e(p.vendeur.nom)} du "
            f"{format_date(p.date_emission)}, net à payer {format_montant(p.totaux.net_a_payer)}</li>"
            for p in self.lot
        )
        prestataire, montant = self.installation
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:48em;font-family:sans-serif">'
            f"<strong>{e(self.entreprise.nom)}</strong> — SIREN {e(self.entreprise.siren)}<br>"
            f"Pièces reçues en octobre 2026 (dossier <code>pieces/</code>) :<ul>{lignes}</ul>"
            f"Déjà enregistrées en comptabilité : {e(', '.join(self.deja_saisies))}.<br>"
            f"Bien acquis sur la facture <code>{e(self.immobilisation)}</code> : {e(self.bien)}. "
            f"Installation par {e(prestataire)} : {format_montant(montant)} HT (facture à part). "
            f"Formation de deux salariés à son utilisation : {format_montant(self.formation)} HT.</div>"
        )


def _facture(
    hasard: random.Random, numero: str, vendeur: Partie, acheteur: Partie, lignes, **champs
) -> Piece:
    jour = champs.pop("date_emission", None) or _jour(hasard)
    escompte = champs.get("taux_escompte", Decimal(0))
    return Piece(
        "facture",
        "achat",
        numero,
        jour,
        vendeur,
        acheteur,
        tuple(lignes),
        date_livraison=jour,
        date_echeance=jour + dt.timedelta(days=10 if escompte else 30),
        nature_operation="biens",
        **mentions_de_paiement(jour, escompte, 10),
        **champs,
    )


def _marchandises(hasard: random.Random, n: int) -> list[LignePiece]:
    return [
        LignePiece(
            designation, hasard.randrange(2, 25), _prix(hasard, mini, maxi), "0.20", nature="marchandises"
        )
        for designation, mini, maxi in hasard.sample(MARCHANDISES, n)
    ]


def _fausser_calcul(p: Piece, faute: str) -> Piece:
    """La pièce aux totaux faussés, l'erreur propagée jusqu'au net à payer comme le ferait un fournisseur."""
    c = p.calcul
    taux = c.tva[0].taux
    if faute == "ligne":  # quantité × prix mal calculé sur la première ligne, totaux refaits sur ce faux
        ecart = p.lignes[0].prix_unitaire_ht
        lignes = (replace(p.lignes[0], montant_declare=p.lignes[0].montant_ht + ecart), *p.lignes[1:])
        ht = c.total_ht + ecart
        p = replace(p, lignes=lignes)
    elif faute == "remise_oubliee":
        ht = c.total_ht + c.remise
    else:
        ht = c.total_ht
    base_tva = c.net_commercial + c.frais_de_port if faute == "tva_avant_escompte" else ht
    tva = arrondir(base_tva * taux)
    ttc = ht + tva + (Decimal(10) if faute == "addition" else Decimal(0))
    tva_par_taux = (replace(c.tva[0], base_ht=base_tva if faute == "tva_avant_escompte" else ht, tva=tva),)
    return p.avec_totaux(total_ht=ht, tva=tva_par_taux, total_tva=tva, total_ttc=ttc, net_a_payer=ttc)


def _fausser_forme(p: Piece, faute: str, doublon: str) -> Piece:
    if faute == "siren_fournisseur":
        s = p.vendeur.siren
        return replace(p, vendeur=replace(p.vendeur, siren=s[:-1] + str((int(s[-1]) + 1) % 10)))
    if faute == "siren_client":
        return replace(p, acheteur=replace(p.acheteur, siren=""))
    if faute == "echeance_absente":
        return replace(p, date_echeance=None)
    if faute == "echeance_hors_delai":
        return replace(p, date_echeance=p.date_emission + dt.timedelta(days=90))
    if faute == "indemnite":
        return replace(p, indemnite_recouvrement=Decimal(30))
    return replace(p, numero=doublon)


def pieces(graine: bytes) -> SujetPieces:
    """Le sujet d'un apprenant : entreprise, fournisseurs, lot de cinq pièces, informations annexes."""
    hasard = random.Random(graine)
    nous = _partie(hasard, *hasard.choice(ENTREPRISES))
    a, b, c, d = (
        _partie(hasard, nom, adresse, cp, ville, code)
        for code, nom, adresse, cp, ville, _ in hasard.sample(FOURNISSEURS, 4)
    )
    prefixes = {f[0]: f[5] for f in FOURNISSEURS}
    pris: set[str] = set()

    def numero(f: Partie) -> str:
        """Un numéro de facture du fournisseur, jamais deux fois le même dans le sujet."""
        while (n := f"{prefixes[f.code]}-2026-{hasard.randrange(100, 999)}") in pris:
            continue
        pris.add(n)
        return n

    marchandises = _facture(
        hasard,
        numero(a),
        a,
        nous,
        _marchandises(hasard, hasard.choice((2, 3))),
        taux_remise=_taux(hasard, "0.05", "0.10"),
        taux_escompte=_taux(hasard, "0", "0.01", "0.02"),
        frais_de_port=_prix(hasard, 25, 90),
    )
    nature, bien, mini, maxi = hasard.choice(BIENS)
    immobilisation = _facture(
        hasard,
        numero(b),
        b,
        nous,
        (LignePiece(bien, 1, _prix(hasard, mini, maxi), "0.20", _taux(hasard, "0", "0.05", "0.08"), nature),),
        taux_escompte=_taux(hasard, "0", "0.01", "0.02"),
        frais_de_port=_prix(hasard, 60, 350),
    )
    origine = numero(a)
    jour_avoir = _jour(hasard)
    avoir = Piece(
        "avoir",
        "achat",
        f"AV-{numero(a)}",
        jour_avoir,
        a,
        nous,
        (
            LignePiece(
                f"Rabais pour défaut d'aspect sur la livraison de la facture {origine}",
                1,
                _prix(hasard, 40, 260),
                "0.20",
                nature="marchandises",
            ),
        ),
        facture_origine=origine,
        motif="rabais",
        nature_operation="biens",
    )
    calcul = _facture(
        hasard,
        numero(c),
        c,
        nous,
        _marchandises(hasard, 2),
        taux_remise=_taux(hasard, "0.05", "0.10"),
        taux_escompte=Decimal("0.02"),
        frais_de_port=_prix(hasard, 25, 90),
    )
    calcul = _fausser_calcul(calcul, hasard.choice(FAUTES_CALCUL))
    ancienne = numero(d)
    forme = _facture(hasard, numero(d), d, nous, _marchandises(hasard, 2), taux_remise=Decimal("0.05"))
    forme = _fausser_forme(forme, hasard.choice(FAUTES_FORME), ancienne)
    lot = [marchandises, immobilisation, avoir, calcul, forme]
    hasard.shuffle(lot)
    return SujetPieces(
        entreprise=nous,
        lot=tuple(lot),
        marchandises=marchandises.numero,
        immobilisation=immobilisation.numero,
        avoir=avoir.numero,
        bien=bien,
        deja_saisies=(origine, ancienne),
        installation=(
            hasard.choice(("Électricité Martin", "Installations Bonnet", "SARL Montage Pro")),
            _prix(hasard, 180, 900),
        ),
        formation=_prix(hasard, 300, 1200),
    )
