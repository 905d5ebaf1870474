"""Vérification des pièces : tous les défauts d'une facture, d'un avoir ou d'un avis de paiement.

Avant de saisir une pièce, l'assistant comptable la contrôle (référentiel, tâche
B1.1-C03 ; critère B1.1-K02). :func:`verifier_piece` relève **tous** les défauts, chacun
un résultat typé (:class:`Defaut` et ses sous-classes) au message français qui dit
quoi faire :

- :class:`MentionManquante` / :class:`MentionIncorrecte` : mentions obligatoires du Code
  de commerce (art. L441-9) et du CGI (ann. II, art. 242 nonies A), y compris celles de
  la réforme de la facturation électronique à partir du 1er septembre 2026 (SIREN du
  client, adresse de livraison, nature de l'opération, option pour les débits) ; la
  liste et les sources sont des règles datées (``commerce.facture.mention.*``) ;
- :class:`ErreurCalcul` : montant d'une ligne, total HT (cascade des réductions), base
  et TVA par taux, total TVA, TTC, net à payer ;
- :class:`IdentifiantInvalide` : SIREN, SIRET, numéro de TVA intracommunautaire dont la
  clé est fausse, ou qui ne concordent pas (python-stdnum) ;
- :class:`NumeroEnDouble` : numéro déjà reçu du même émetteur ;
- :class:`DatesIncoherentes` : échéance avant l'émission, délai au-delà du maximum légal,
  facture émise avant la livraison.

>>> import datetime as dt
>>> from compta_kernel.pieces import LignePiece, Partie, Piece
>>> p = Piece("facture", "achat", "F-1", dt.date(2026, 3, 2), Partie("Durand", siren="732829321"),
...     Partie("Nous"), (LignePiece("Papier", 2, "10", "0,20"),))
>>> sorted({type(d).__name__ for d in verifier_piece(p)})
['IdentifiantInvalide', 'MentionManquante']
>>> print(next(d for d in verifier_piece(p) if d.champ == "vendeur.siren").message)
SIREN du vendeur Durand invalide : « 732829321 » (9 chiffres dont le dernier est une clé de Luhn). Vérifiez-le sur l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from compta_kernel import regles
from compta_kernel.montants import ZERO
from compta_kernel.pieces import Piece
from compta_kernel.presentation import format_date, format_montant, format_taux

_PREFIXE = "commerce.facture.mention."
#: États membres de l'Union européenne (codes pays des numéros de TVA ; la Grèce : EL).
_PAYS_UE = frozenset(
    ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR")
    + ("HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
)


@dataclass(frozen=True, slots=True)
class Defaut:
    """Un défaut d'une pièce.

    Attributes:
        champ: ce qui est en cause (``"vendeur.siren"``, ``"total_ttc"``, ``"lignes[2].montant"``).
        message: ce qui ne va pas et quoi faire, en français.
        source: texte qui fonde l'exigence (article de code), s'il y en a un.
    """

    champ: str
    message: str
    source: str = ""
    code: ClassVar[str] = "defaut"

    def __str__(self) -> str:
        return self.message + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True, slots=True)
class MentionManquante(Defaut):
    """Une mention obligatoire est absente."""

    code: ClassVar[str] = "mention_manquante"


@dataclass(frozen=True, slots=True)
class MentionIncorrecte(Defaut):
    """Une mention obligatoire est présente mais fausse ou contradictoire."""

    code: ClassVar[str] = "mention_incorrecte"


@dataclass(frozen=True, slots=True)
class ErreurCalcul(Defaut):
    """Un montant écrit sur la pièce diffère du calcul juste."""

    lu: Decimal = ZERO
    attendu: Decimal = ZERO
    code: ClassVar[str] = "erreur_calcul"


@dataclass(frozen=True, slots=True)
class IdentifiantInvalide(Defaut):
    """Un SIREN, un SIRET ou un numéro de TVA intracommunautaire est invalide ou incohérent."""

    code: ClassVar[str] = "identifiant_invalide"


@dataclass(frozen=True, slots=True)
class NumeroEnDouble(Defaut):
    """La pièce porte un numéro déjà reçu (ou émis) du même émetteur."""

    code: ClassVar[str] = "numero_en_double"


@dataclass(frozen=True, slots=True)
class DatesIncoherentes(Defaut):
    """Les dates de la pièce se contredisent ou sortent des délais légaux."""

    code: ClassVar[str] = "dates_incoherentes"


def _mentions(jour: dt.date) -> dict[str, regles.Regle]:
    """Les mentions obligatoires en vigueur ce jour (règles de l'année la plus proche si l'année manque)."""
    annees = regles.annees_disponibles()
    if jour.year not in annees and annees:
        annee = min(annees, key=lambda a: abs(a - jour.year))
        jour = dt.date(annee, jour.month, min(jour.day, 28))
    return {cle.removeprefix(_PREFIXE): r for cle, r in regles.regles(jour, _PREFIXE).items()}


def _conseil(piece: Piece) -> str:
    if piece.sens == "achat" and piece.type_piece != "avis_paiement":
        return "Demandez au fournisseur une facture rectificative avant de comptabiliser la pièce."
    if piece.type_piece == "avis_paiement":
        return "Rapprochez l'avis des factures qu'il règle avant de l'enregistrer."
    return "Corrigez la pièce avant de l'envoyer au client."


def _identifiants(piece: Piece, role: str) -> list[Defaut]:
    """SIREN, SIRET et numéro de TVA d'une partie : clés de contrôle et concordance (python-stdnum)."""
    from stdnum.eu import vat
    from stdnum.fr import siren, siret

    p = getattr(piece, role)
    qui = f"du {role} {p.nom}"
    defauts: list[Defaut] = []
    if p.siren and not siren.is_valid(p.siren):
        defauts.append(
            IdentifiantInvalide(
                f"{role}.siren",
                f"SIREN {qui} invalide : « {p.siren} » (9 chiffres dont le dernier est une clé de Luhn). "
                "Vérifiez-le sur l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
            )
        )
    if p.siret:
        if not siret.is_valid(p.siret):
            defauts.append(
                IdentifiantInvalide(
                    f"{role}.siret",
                    f"SIRET {qui} invalide : « {p.siret} » (14 chiffres : SIREN puis NIC, clé de Luhn).",
                )
            )
        elif siren.is_valid(p.siren) and p.siret[:9] != p.siren:
            defauts.append(
                IdentifiantInvalide(
                    f"{role}.siret",
                    f"Le SIRET {qui} ({p.siret}) ne commence pas par son SIREN ({p.siren}) : l'un des deux est faux.",
                )
            )
    if p.numero_tva:
        if not vat.is_valid(p.numero_tva):
            defauts.append(
                IdentifiantInvalide(
                    f"{role}.numero_tva",
                    f"Numéro de TVA intracommunautaire {qui} invalide : « {p.numero_tva} » (en France : FR, "
                    "clé de 2 caractères, SIREN). Vérifiez-le sur le service VIES de la Commission européenne.",
                )
            )
        elif p.numero_tva.startswith("FR") and siren.is_valid(p.siren) and p.numero_tva[4:] != p.siren:
            defauts.append(
                IdentifiantInvalide(
                    f"{role}.numero_tva",
                    f"Le numéro de TVA {qui} ({p.numero_tva}) ne contient pas son SIREN ({p.siren}).",
                )
            )
    return defauts


def _mentions_manquantes(piece: Piece, mentions, adresse_livraison, option_debits) -> list[Defaut]:
    defauts: list[Defaut] = []

    def exiger(cle: str, present: bool, champ: str, quoi: str) -> None:
        if cle in mentions and not present:
            r = mentions[cle]
            defauts.append(
                MentionManquante(champ, f"Mention obligatoire absente : {quoi}. {_conseil(piece)}", r.source)
            )

    v, a = piece.vendeur, piece.acheteur
    est_facture = piece.type_piece in ("facture", "avoir")
    exiger("identite_parties", bool(v.nom), "vendeur.nom", "nom du vendeur")
    exiger("identite_parties", bool(a.nom), "acheteur.nom", "nom de l'acheteur")
    exiger("numero", bool(piece.numero.strip()), "numero", "numéro de la pièce")
    if not est_facture:
        return defauts
    exiger("identite_parties", bool(v.adresse_complete), "vendeur.adresse", f"adresse du vendeur {v.nom}")
    exiger("identite_parties", bool(a.adresse_complete), "acheteur.adresse", f"adresse de l'acheteur {a.nom}")
    exiger("siren_vendeur", bool(v.siren), "vendeur.siren", f"SIREN du vendeur {v.nom}")
    exiger(
        "numero_tva_vendeur", bool(v.numero_tva), "vendeur.numero_tva", f"numéro de TVA du vendeur {v.nom}"
    )
    if a.pays != "FR" and a.pays in _PAYS_UE:
        exiger(
            "numero_tva_acheteur",
            bool(a.numero_tva),
            "acheteur.numero_tva",
            f"numéro de TVA intracommunautaire de l'acheteur {a.nom} (livraison dans un autre État de l'UE)",
        )
    exiger("lignes", bool(piece.lignes), "lignes", "détail des biens ou services (aucune ligne)")
    for i, lg in enumerate(piece.lignes, start=1):
        exiger(
            "lignes", bool(lg.designation.strip()), f"lignes[{i}].designation", f"désignation de la ligne {i}"
        )
        exiger("lignes", bool(lg.quantite), f"lignes[{i}].quantite", f"quantité de la ligne {i}")
        exiger(
            "lignes",
            bool(lg.prix_unitaire_ht),
            f"lignes[{i}].prix_unitaire_ht",
            f"prix unitaire HT de la ligne {i}",
        )
    if piece.type_piece == "avoir":
        exiger(
            "facture_origine",
            bool(piece.facture_origine),
            "facture_origine",
            "référence de la facture rectifiée",
        )
    else:
        exiger(
            "date_livraison",
            piece.date_livraison is not None,
            "date_livraison",
            "date de la livraison ou de la prestation",
        )
        exiger(
            "date_echeance", piece.date_echeance is not None, "date_echeance", "date d'échéance du règlement"
        )
        exiger(
            "conditions_escompte",
            bool(piece.conditions_escompte),
            "conditions_escompte",
            "conditions d'escompte pour paiement anticipé (même « pas d'escompte »)",
        )
        exiger(
            "penalites_retard",
            bool(piece.penalites_retard),
            "penalites_retard",
            "taux des pénalités de retard",
        )
        exiger(
            "indemnite_recouvrement",
            piece.indemnite_recouvrement is not None,
            "indemnite_recouvrement",
            "indemnité forfaitaire pour frais de recouvrement",
        )
        if "indemnite_recouvrement" in mentions and piece.indemnite_recouvrement is not None:
            try:
                r = regles.regle("commerce.indemnite_forfaitaire_recouvrement", piece.date_emission)
            except regles.RegleInconnue:
                r = None
            if r is not None and piece.indemnite_recouvrement != r.valeur:
                defauts.append(
                    MentionIncorrecte(
                        "indemnite_recouvrement",
                        f"Indemnité forfaitaire pour frais de recouvrement : la pièce écrit "
                        f"{format_montant(piece.indemnite_recouvrement)}, le montant légal est "
                        f"{format_montant(r.valeur)}. {_conseil(piece)}",
                        r.source,
                    )
                )
    # Mentions de la réforme de la facturation électronique.
    if a.pays == "FR":
        exiger("siren_acheteur", bool(a.siren), "acheteur.siren", f"SIREN du client {a.nom}")
    exiger(
        "nature_operation",
        bool(piece.nature_operation),
        "nature_operation",
        "nature de l'opération (livraison de biens, prestation de services ou les deux)",
    )
    nature_lue = piece.nature_operation
    natures_connues = piece.lignes and all(lg.nature for lg in piece.lignes)
    if (
        "nature_operation" in mentions
        and nature_lue
        and natures_connues
        and nature_lue != piece.nature_calculee
    ):
        defauts.append(
            MentionIncorrecte(
                "nature_operation",
                f"Nature de l'opération : la pièce indique « {piece.nature_operation} », ses lignes sont des "
                f"{piece.nature_calculee if piece.nature_calculee != 'mixte' else 'biens et des services'}. "
                f"{_conseil(piece)}",
                mentions["nature_operation"].source,
            )
        )
    if adresse_livraison:
        exiger(
            "adresse_livraison",
            bool(piece.adresse_livraison),
            "adresse_livraison",
            f"adresse de livraison ({adresse_livraison}), différente de l'adresse du client",
        )
    if option_debits and piece.nature_calculee != "biens":
        exiger(
            "option_debits",
            piece.option_tva_debits,
            "option_tva_debits",
            "« option pour le paiement de la taxe d'après les débits » (le prestataire a opté)",
        )
    return defauts


def _calculs(piece: Piece) -> list[Defaut]:
    c, t = piece.calcul, piece.totaux
    conseil = _conseil(piece)
    defauts: list[Defaut] = []

    def ecart(champ: str, lu: Decimal, attendu: Decimal, explication: str) -> None:
        if lu != attendu:
            defauts.append(
                ErreurCalcul(
                    champ,
                    f"{explication} : la pièce écrit {format_montant(lu)}, le calcul donne "
                    f"{format_montant(attendu)} (écart {format_montant(lu - attendu)}). {conseil}",
                    lu=lu,
                    attendu=attendu,
                )
            )

    for i, lg in enumerate(piece.lignes, start=1):
        detail = f"{lg.quantite.normalize():f} × {format_montant(lg.prix_unitaire_ht)}"
        if lg.remise:
            detail += f" − remise {format_taux(lg.remise)}"
        ecart(
            f"lignes[{i}].montant", lg.montant_lu, lg.montant_ht, f"Ligne {i} « {lg.designation} » ({detail})"
        )
    etapes = "; ".join(str(e) for e in c.etapes)
    ecart(
        "total_ht",
        t.total_ht,
        c.total_ht,
        f"Total HT (lignes {format_montant(c.total_brut)}" + (f" ; {etapes}" if etapes else "") + ")",
    )
    declares = {x.taux: x for x in t.tva}
    for x in c.tva:
        d = declares.pop(x.taux, None)
        if d is None:
            defauts.append(
                ErreurCalcul(
                    f"tva[{x.taux}]",
                    f"TVA à {format_taux(x.taux)} absente du récapitulatif : base {format_montant(x.base_ht)}, "
                    f"TVA {format_montant(x.tva)}. {conseil}",
                    lu=ZERO,
                    attendu=x.tva,
                )
            )
            continue
        ecart(f"tva[{x.taux}].base", d.base_ht, x.base_ht, f"Base HT de la TVA à {format_taux(x.taux)}")
        ecart(
            f"tva[{x.taux}].montant",
            d.tva,
            x.tva,
            f"TVA à {format_taux(x.taux)} ({format_montant(x.base_ht)} × {format_taux(x.taux)}, arrondie une fois "
            "par taux au centime)",
        )
    for taux, d in declares.items():
        defauts.append(
            ErreurCalcul(
                f"tva[{taux}]",
                f"TVA à {format_taux(taux)} ({format_montant(d.tva)}) alors qu'aucune ligne n'est à ce taux. {conseil}",
                lu=d.tva,
                attendu=ZERO,
            )
        )
    ecart("total_tva", t.total_tva, c.total_tva, "Total de la TVA (somme des TVA par taux)")
    ecart("total_ttc", t.total_ttc, c.total_ttc, "Total TTC (total HT + TVA)")
    ecart(
        "net_a_payer",
        t.net_a_payer,
        c.net_a_payer,
        "Net à payer (TTC − acompte)" if piece.acompte else "Net à payer (TTC)",
    )
    return defauts


def _cle_emetteur(piece: Piece) -> str:
    e = piece.emetteur
    return e.siren or e.nom.strip().upper()


def _doublons(piece: Piece, deja_vus: Iterable[object]) -> list[Defaut]:
    for vu in deja_vus:
        if isinstance(vu, Piece):
            meme = (
                vu.numero == piece.numero
                and vu.type_piece == piece.type_piece
                and _cle_emetteur(vu) == _cle_emetteur(piece)
            )
            date = f" du {format_date(vu.date_emission)}"
        else:
            meme, date = str(vu).strip() == piece.numero.strip(), ""
        if meme and vu is not piece:
            return [
                NumeroEnDouble(
                    "numero",
                    f"Numéro en double : {piece.type_piece.replace('_', ' ')} {piece.numero} de {piece.emetteur.nom} "
                    f"déjà enregistré(e){date}. Ne la saisissez pas une seconde fois ; s'il s'agit d'une autre "
                    "pièce, demandez à l'émetteur une pièce au bon numéro (séquence chronologique et continue).",
                    "CGI, ann. II, art. 242 nonies A, I, 7°",
                )
            ]
    return []


def _dates(piece: Piece) -> list[Defaut]:
    from compta_kernel.donnees_fictives import delai_conforme

    defauts: list[Defaut] = []
    emission, echeance, livraison = piece.date_emission, piece.date_echeance, piece.date_livraison
    if piece.type_piece != "facture":
        return defauts
    if echeance and echeance < emission:
        defauts.append(
            DatesIncoherentes(
                "date_echeance",
                f"Échéance ({format_date(echeance)}) antérieure à la date d'émission ({format_date(emission)}). "
                f"{_conseil(piece)}",
            )
        )
    elif echeance and not delai_conforme(emission, echeance, fin_de_mois=True):
        maxi = regles.regle("commerce.delai_paiement.maximum_jours", emission)
        defauts.append(
            DatesIncoherentes(
                "date_echeance",
                f"Échéance au {format_date(echeance)} : {(echeance - emission).days} jours après l'émission, "
                f"au-delà du délai maximal entre professionnels ({maxi.valeur} jours date de facture, ou 45 jours "
                f"fin de mois s'il est convenu). {_conseil(piece)}",
                maxi.source,
            )
        )
    if livraison and livraison > emission:
        defauts.append(
            DatesIncoherentes(
                "date_livraison",
                f"Facture émise le {format_date(emission)}, avant la livraison du {format_date(livraison)} : la "
                "facture se délivre dès la réalisation de la livraison ou de la prestation (hors facture "
                "d'acompte). Vérifiez les dates avec l'émetteur.",
                "CGI, art. 289, I-3",
            )
        )
    return defauts


def verifier_piece(
    piece: Piece,
    deja_vus: Iterable[object] = (),
    *,
    adresse_livraison: str = "",
    option_debits: bool = False,
) -> tuple[Defaut, ...]:
    """Tous les défauts d'une pièce, dans l'ordre : mentions, identifiants, calculs, doublon, dates.

    Args:
        piece: la pièce à contrôler.
        deja_vus: pièces déjà enregistrées (:class:`Piece`, comparées par émetteur, type et
            numéro) ou simples numéros (textes) du même émetteur.
        adresse_livraison: ce que l'on sait par ailleurs (bon de livraison) : les biens ont
            été livrés à cette adresse, différente de celle du client ; la pièce doit la porter
            dès la réforme de la facturation électronique.
        option_debits: le prestataire a opté pour le paiement de la TVA d'après les débits ;
            la pièce doit le mentionner dès la réforme.

    Returns:
        Un tuple de :class:`Defaut` (vide si la pièce est conforme).
    """
    mentions = _mentions(piece.date_emission)
    defauts = _mentions_manquantes(piece, mentions, adresse_livraison, option_debits)
    defauts += _identifiants(piece, "vendeur") + _identifiants(piece, "acheteur")
    if piece.type_piece != "avis_paiement":
        defauts += _calculs(piece)
    defauts += _doublons(piece, deja_vus)
    defauts += _dates(piece)
    return tuple(defauts)
