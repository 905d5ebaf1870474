"""Banque : relevés bancaires importés, codification des mouvements, journal de banque.

Un relevé arrive comme les banques le livrent :

- **CSV** des banques françaises : séparateur « ; », virgule décimale, dates JJ/MM/AAAA,
  quelques lignes d'en-tête avant les colonnes ; deux dispositions courantes
  (:data:`DISPOSITIONS` : débit et crédit en deux colonnes, ou un montant signé), ou
  une :class:`DispositionCSV` décrite par l'apprenant ;
- **OFX** (lu par ``ofxtools``) ;
- **CAMT.053** (relevé de fin de journée ISO 20022, XML lu par ``lxml``).

:func:`lire_releve` renvoie un :class:`Releve` immuable ; un fichier mal formé lève
:class:`ReleveInvalide` (sous-classe de :class:`~compta_kernel.erreurs.FichierInvalide`) dont
le message nomme chaque ligne ou élément fautif : rien n'est importé à moitié. L'IBAN du
compte est contrôlé par ``schwifty`` (clé IBAN et structure du RIB).

La **codification** propose un compte pour chaque mouvement à partir de règles
(:class:`RegleCodification` : motif du libellé, contrepartie, signe) que l'apprenant peut
compléter ou remplacer ; :func:`ecritures_banque` en tire les écritures du journal de
banque (BQ).

Utilisé par B1.2 (comptabilisation des opérations de banque, rapprochement) ; le
rapprochement est dans :mod:`compta_kernel.rapprochement`, le suivi de trésorerie dans
:mod:`compta_kernel.tresorerie`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from compta_kernel.ecritures import Ecriture, Ligne, nettoyer_texte, normaliser_compte
from compta_kernel.erreurs import Anomalie, ErreurComptable, FichierInvalide, MontantInvalide
from compta_kernel.montants import ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant

FORMATS = ("csv", "ofx", "camt053")
#: Compte d'attente proposé quand aucune règle ne reconnaît le mouvement.
COMPTE_ATTENTE = "471"


class ReleveInvalide(FichierInvalide):
    """Un relevé bancaire ne peut pas être lu : rien n'a été importé.

    Chaque :class:`~compta_kernel.erreurs.Anomalie` nomme la ligne (CSV, OFX) ou l'élément
    (CAMT.053, avec sa ligne dans le fichier) fautif.
    """


class IbanInvalide(ErreurComptable, ValueError):
    """L'IBAN d'un compte bancaire est faux (clé, longueur, RIB)."""


# ---------------------------------------------------------------------- valeurs
@dataclass(frozen=True, slots=True)
class MouvementBancaire:
    """Une opération du relevé, vue de l'entreprise.

    Args:
        date: date d'opération (de comptabilisation par la banque).
        libelle: libellé tel que la banque l'écrit.
        montant: montant signé, au centime : positif pour une entrée d'argent (crédit du
            relevé, débit du 512), négatif pour une sortie.
        date_valeur: date de valeur (par défaut la date d'opération).
        reference: référence de l'opération (de bout en bout, numéro de chèque, facture).
        contrepartie: nom du donneur d'ordre ou du bénéficiaire, s'il est connu.
        identifiant: identifiant unique de la ligne dans le relevé (FITID, AcctSvcrRef, numéro
            de ligne du CSV).
        solde: solde du compte après l'opération, si la banque le donne.
    """

    date: dt.date
    libelle: str
    montant: Decimal
    date_valeur: dt.date | None = None
    reference: str = ""
    contrepartie: str = ""
    identifiant: str = ""
    solde: Decimal | None = None

    def __post_init__(self) -> None:
        valeur = montant(self.montant)
        if valeur != arrondir(valeur):
            raise MontantInvalide(f"Le montant {valeur} n'est pas au centime.", champ="montant")
        object.__setattr__(self, "montant", arrondir(valeur))
        object.__setattr__(self, "libelle", nettoyer_texte(self.libelle))
        object.__setattr__(self, "reference", nettoyer_texte(self.reference))
        object.__setattr__(self, "contrepartie", nettoyer_texte(self.contrepartie))
        if self.date_valeur is None:
            object.__setattr__(self, "date_valeur", self.date)

    @property
    def debit(self) -> Decimal:
        """Montant au débit du relevé (sortie d'argent), zéro sinon."""
        return -self.montant if self.montant < 0 else ZERO

    @property
    def credit(self) -> Decimal:
        """Montant au crédit du relevé (entrée d'argent), zéro sinon."""
        return self.montant if self.montant > 0 else ZERO


@dataclass(frozen=True, slots=True)
class Releve:
    """Un relevé de compte : IBAN, période, soldes et mouvements.

    Les soldes sont vus de l'entreprise : positif quand le compte est créditeur chez la
    banque (l'entreprise a de l'argent), négatif pour un découvert.

    Args:
        iban: IBAN du compte, contrôlé (``""`` si le fichier ne le donne pas).
        debut, fin: période du relevé (``None`` si inconnue).
        solde_initial, solde_final: soldes d'ouverture et de clôture (``None`` si inconnus).
        mouvements: les opérations, dans l'ordre du fichier.
        format: ``"csv"``, ``"ofx"`` ou ``"camt053"``.
        devise: code ISO de la devise du compte.
        banque: nom ou BIC de la banque, s'il est donné.
    """

    iban: str
    debut: dt.date | None
    fin: dt.date | None
    solde_initial: Decimal | None
    solde_final: Decimal | None
    mouvements: tuple[MouvementBancaire, ...] = ()
    format: str = "csv"
    devise: str = "EUR"
    banque: str = ""

    @property
    def total_debit(self) -> Decimal:
        """Total des sorties d'argent du relevé."""
        return sum((m.debit for m in self.mouvements), ZERO)

    @property
    def total_credit(self) -> Decimal:
        """Total des entrées d'argent du relevé."""
        return sum((m.credit for m in self.mouvements), ZERO)

    def tableau(self):
        """Les mouvements en ``DataFrame`` (date, date_valeur, libelle, debit, credit, reference)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "date": m.date,
                    "date_valeur": m.date_valeur,
                    "libelle": m.libelle,
                    "debit": m.debit,
                    "credit": m.credit,
                    "reference": m.reference,
                    "contrepartie": m.contrepartie,
                }
                for m in self.mouvements
            ],
            columns=["date", "date_valeur", "libelle", "debit", "credit", "reference", "contrepartie"],
        )

    def _repr_html_(self) -> str:
        e = html.escape
        lignes = "".join(
            f"<tr><td>{format_date(m.date)}</td><td>{e(m.libelle)}</td>"
            f"<td style='text-align:right'>{format_montant(m.debit, devise=False, vide_si_zero=True)}</td>"
            f"<td style='text-align:right'>{format_montant(m.credit, devise=False, vide_si_zero=True)}</td></tr>"
            for m in self.mouvements
        )
        soldes = ""
        if self.solde_initial is not None and self.solde_final is not None:
            soldes = (
                f"<p>Solde au {format_date(self.debut)} : {format_montant(self.solde_initial)} — "
                f"solde au {format_date(self.fin)} : {format_montant(self.solde_final)}</p>"
            )
        return (
            f"<div><b>Relevé {e(formater_iban(self.iban)) if self.iban else ''}</b> "
            f"du {format_date(self.debut)} au {format_date(self.fin)}{soldes}"
            "<table><tr><th>Date</th><th>Libellé</th><th>Débit</th><th>Crédit</th></tr>"
            f"{lignes}</table></div>"
        )


# ---------------------------------------------------------------------- IBAN
def controler_iban(iban: str) -> str:
    """Contrôle un IBAN (clé IBAN, longueur du pays, structure et clé RIB) et le renvoie compact.

    >>> controler_iban("FR76 3000 4000 0312 3456 7890 143")
    'FR7630004000031234567890143'

    Raises:
        IbanInvalide: message en français qui dit ce qui ne va pas.
    """
    from schwifty import IBAN
    from schwifty.exceptions import InvalidChecksumDigits, InvalidLength, SchwiftyException

    texte = re.sub(r"\s", "", str(iban or "")).upper()
    if not texte:
        raise IbanInvalide("L'IBAN est vide : recopiez-le depuis le RIB.", champ="iban")
    try:
        return str(IBAN(texte, validate_bban=True))
    except InvalidChecksumDigits as exc:
        raise IbanInvalide(
            f"L'IBAN « {iban} » a une clé fausse (les deux chiffres après {texte[:2]}) : "
            "un caractère est mal recopié.",
            champ="iban",
        ) from exc
    except InvalidLength as exc:
        raise IbanInvalide(
            f"L'IBAN « {iban} » n'a pas la longueur attendue pour son pays "
            f"({len(texte)} caractères ; 27 pour un IBAN français).",
            champ="iban",
        ) from exc
    except SchwiftyException as exc:
        raise IbanInvalide(f"L'IBAN « {iban} » est invalide : {exc}.", champ="iban") from exc


def formater_iban(iban: str) -> str:
    """IBAN par groupes de quatre caractères (« FR76 3000 4000 ... »)."""
    compact = re.sub(r"\s", "", iban)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def iban_depuis_rib(code_banque: str, code_guichet: str, numero_compte: str) -> str:
    """IBAN français d'un RIB (code banque, code guichet, numéro de compte sans la clé RIB).

    >>> iban_depuis_rib("30004", "00003", "12345678901")
    'FR7630004000031234567890143'
    """
    from schwifty import IBAN

    return str(
        IBAN.generate("FR", bank_code=code_banque, branch_code=code_guichet, account_code=numero_compte)
    )


# ---------------------------------------------------------------------- lecture
def lire_releve(
    chemin: str | Path,
    format: str | None = None,
    disposition: str | DispositionCSV | None = None,
    *,
    iban: str | None = None,
    solde_initial: Decimal | str | None = None,
) -> Releve:
    """Lit un relevé bancaire : CSV des banques françaises, OFX ou CAMT.053.

    Args:
        chemin: le fichier du relevé.
        format: ``"csv"``, ``"ofx"`` ou ``"camt053"`` ; par défaut deviné d'après le contenu.
        disposition: pour un CSV, le nom d'une disposition de :data:`DISPOSITIONS` ou une
            :class:`DispositionCSV` ; par défaut les colonnes sont reconnues d'après l'en-tête.
            Un CSV ne donne pas sa période : elle va de la première à la dernière opération,
            ou couvre le mois entier quand toutes les opérations sont du même mois.
        iban: IBAN du compte quand le fichier ne le donne pas (CSV) ; contrôlé.
        solde_initial: solde d'ouverture quand le fichier ne donne aucun solde (CSV sans
            colonne Solde) ; le solde final s'en déduit.

    Returns:
        Le :class:`Releve`, entier.

    Raises:
        ReleveInvalide: le fichier est mal formé ; chaque anomalie nomme la ligne ou l'élément.
        IbanInvalide: l'IBAN donné par ``iban=`` est faux (celui du fichier est une anomalie
            du relevé, dans :class:`ReleveInvalide`).
    """
    chemin = Path(chemin)
    try:
        brut = chemin.read_bytes()
    except OSError as exc:
        raise ReleveInvalide(chemin.name, [Anomalie(0, "", f"fichier illisible ({exc.strerror}).")]) from exc
    format = (format or _deviner_format(brut)).lower().replace(".", "").replace("_", "")
    if format == "csv":
        releve = _lire_csv(brut, chemin.name, disposition)
    elif format == "ofx":
        releve = _lire_ofx(brut, chemin.name)
    elif format in ("camt053", "camt"):
        releve = _lire_camt053(brut, chemin.name)
    else:
        raise ReleveInvalide(
            chemin.name, [Anomalie(0, "", f"format « {format} » inconnu : choisissez csv, ofx ou camt053.")]
        )
    if iban is not None:
        releve = replace(releve, iban=controler_iban(iban))
    if solde_initial is not None and releve.solde_final is None:
        ouverture = arrondir(montant(solde_initial))
        total = sum((m.montant for m in releve.mouvements), ZERO)
        releve = replace(releve, solde_initial=ouverture, solde_final=ouverture + total)
    return releve


def _deviner_format(brut: bytes) -> str:
    debut = brut[:2000].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    if b"OFXHEADER" in debut or debut.startswith(b"<OFX>"):
        return "ofx"
    if debut.startswith((b"<?XML", b"<DOCUMENT")):
        return "ofx" if b"<OFX" in debut else "camt053"
    return "csv"


def _sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))


def _cle(texte: str) -> str:
    """Nom de colonne normalisé : minuscules, sans accents ni ponctuation."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", _sans_accents(texte).lower()).split())


# ---------------------------------------------------------------------- CSV
#: Noms de colonnes reconnus pour chaque champ (normalisés : minuscules, sans accents).
SYNONYMES = {
    "date": ("date", "date operation", "date de l operation", "date d operation", "date op", "dateop"),
    "date_valeur": ("date valeur", "date de valeur", "dateval", "valeur"),
    "libelle": ("libelle", "libelle operation", "libelle de l operation", "label", "intitule", "operation"),
    "debit": ("debit", "debit euros", "montant debit", "debit eur", "debits"),
    "credit": ("credit", "credit euros", "montant credit", "credit eur", "credits"),
    "montant": ("montant", "montant eur", "montant euros", "montant de l operation", "amount"),
    "solde": ("solde", "solde eur", "accountbalance"),
    "reference": ("reference", "ref", "references", "numero de cheque"),
}


@dataclass(frozen=True, slots=True)
class DispositionCSV:
    """Comment lire un CSV de banque : séparateur, encodage, colonnes, format des dates.

    Args:
        nom: nom de la disposition.
        colonnes: champ → intitulé de la colonne dans l'en-tête (``{"date": "Date opération",
            "libelle": "Libellé", "montant": "Montant"}``) ; vide : reconnues d'après
            :data:`SYNONYMES`. Il faut ``date``, ``libelle`` et soit ``montant`` soit ``debit`` et
            ``credit``.
        separateur: séparateur de colonnes (``";"`` chez les banques françaises).
        encodage: encodage du fichier (``"utf-8-sig"``, ``"iso-8859-15"``...) ; vide : UTF-8
            si possible, sinon Latin-9.
        format_date: format ``strptime`` des dates.
        debit_negatif: les débits sont écrits avec un signe moins dans la colonne Débit.
    """

    nom: str
    colonnes: Mapping[str, str] = field(default_factory=dict)
    separateur: str = ";"
    encodage: str = ""
    format_date: str = "%d/%m/%Y"
    debit_negatif: bool = False


#: Dispositions courantes des exports CSV de banques françaises.
DISPOSITIONS: Mapping[str, DispositionCSV] = {
    "debit_credit": DispositionCSV(
        "debit_credit",
        {
            "date": "Date opération",
            "date_valeur": "Date valeur",
            "libelle": "Libellé",
            "debit": "Débit",
            "credit": "Crédit",
            "solde": "Solde",
        },
    ),
    "montant_signe": DispositionCSV(
        "montant_signe", {"date": "Date", "libelle": "Libellé", "montant": "Montant"}
    ),
    "debit_negatif": DispositionCSV(
        "debit_negatif",
        {"date": "Date", "libelle": "Libellé", "debit": "Débit euros", "credit": "Crédit euros"},
        debit_negatif=True,
    ),
}

_IBAN_TEXTE = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?)\b")
_SOLDE_TEXTE = re.compile(r"solde.*?(\d{2}/\d{2}/\d{4})", re.IGNORECASE)


def _decoder(brut: bytes, encodage: str) -> str:
    if encodage:
        return brut.decode(encodage)
    try:
        return brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        return brut.decode("iso-8859-15")


def _colonnes(entete: Sequence[str], disposition: DispositionCSV | None) -> dict[str, int] | None:
    """Indice de chaque champ dans l'en-tête, ou ``None`` si ce n'est pas la ligne d'en-tête."""
    cles = [_cle(c) for c in entete]
    trouve: dict[str, int] = {}
    if disposition is not None and disposition.colonnes:
        for champ, nom in disposition.colonnes.items():
            if _cle(nom) in cles:
                trouve[champ] = cles.index(_cle(nom))
    else:
        for champ, noms in SYNONYMES.items():
            for i, c in enumerate(cles):
                if c in noms and i not in trouve.values():
                    trouve[champ] = i
                    break
    if "date" not in trouve or "libelle" not in trouve:
        return None
    if "montant" not in trouve and not ("debit" in trouve and "credit" in trouve):
        return None
    return trouve


def _lire_csv(brut: bytes, nom: str, disposition: str | DispositionCSV | None) -> Releve:
    if isinstance(disposition, str):
        if disposition not in DISPOSITIONS:
            raise ReleveInvalide(
                nom,
                [Anomalie(0, "", f"disposition « {disposition} » inconnue : {', '.join(DISPOSITIONS)}.")],
            )
        disposition = DISPOSITIONS[disposition]
    try:
        texte = _decoder(brut, disposition.encodage if disposition else "")
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReleveInvalide(nom, [Anomalie(0, "", f"encodage illisible ({exc}).")]) from exc
    separateur = disposition.separateur if disposition else _deviner_separateur(texte)
    lignes = list(csv.reader(io.StringIO(texte, newline=""), delimiter=separateur))
    format_date = disposition.format_date if disposition else "%d/%m/%Y"
    debit_negatif = disposition.debit_negatif if disposition else False

    iban = ""
    colonnes = None
    numero_entete = 0
    solde_annonce = None  # « Solde au JJ/MM/AAAA;montant » dans le préambule
    for numero, cellules in enumerate(lignes, start=1):
        colonnes = _colonnes(cellules, disposition)
        if colonnes is not None:
            numero_entete = numero
            break
        trouve = _IBAN_TEXTE.search(" ".join(cellules).upper())
        if trouve and not iban:
            iban = trouve.group(1)
        solde = _SOLDE_TEXTE.search(cellules[0]) if cellules else None
        if solde and len(cellules) > 1:
            try:
                solde_annonce = (
                    dt.datetime.strptime(solde.group(1), "%d/%m/%Y").date(),
                    montant(cellules[1]),
                )
            except (ValueError, MontantInvalide):
                solde_annonce = None
    if colonnes is None:
        attendu = (
            ", ".join(disposition.colonnes.values())
            if disposition and disposition.colonnes
            else "Date, Libellé et Montant (ou Débit et Crédit)"
        )
        raise ReleveInvalide(
            nom, [Anomalie(1, "", f"aucune ligne d'en-tête trouvée : il faut les colonnes {attendu}.")]
        )

    anomalies: list[Anomalie] = []
    mouvements: list[MouvementBancaire] = []
    for numero, cellules in enumerate(lignes[numero_entete:], start=numero_entete + 1):
        if not any(c.strip() for c in cellules):
            continue
        mouvement = _mouvement_csv(numero, cellules, colonnes, format_date, debit_negatif, anomalies)
        if mouvement is not None:
            mouvements.append(mouvement)
    if not mouvements and not anomalies:
        anomalies.append(Anomalie(numero_entete, "", "le relevé n'a aucune opération."))
    iban_controle = ""
    if iban:
        try:
            iban_controle = controler_iban(iban)
        except IbanInvalide as exc:
            anomalies.append(Anomalie(1, "iban", exc.message))
    if anomalies:
        raise ReleveInvalide(nom, anomalies)
    dates = [m.date for m in mouvements]
    solde_initial = solde_final = None
    if "solde" in colonnes and all(m.solde is not None for m in mouvements):
        # Certaines banques listent du plus récent au plus ancien.
        chrono = mouvements[::-1] if mouvements[0].date > mouvements[-1].date else mouvements
        solde_initial = chrono[0].solde - chrono[0].montant
        solde_final = chrono[-1].solde
        anomalies = _controler_soldes(chrono, solde_initial, numero_entete, mouvements)
        if anomalies:
            raise ReleveInvalide(nom, anomalies)
    elif solde_annonce is not None and solde_annonce[0] >= max(dates):
        solde_final = solde_annonce[1]
        solde_initial = solde_final - sum((m.montant for m in mouvements), ZERO)
    debut, fin = min(dates), max(dates)
    if (debut.year, debut.month) == (fin.year, fin.month):  # relevé mensuel : le mois entier
        debut = debut.replace(day=1)
        fin = (debut + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    return Releve(
        iban=iban_controle,
        debut=debut,
        fin=fin,
        solde_initial=solde_initial,
        solde_final=solde_final,
        mouvements=tuple(mouvements),
        format="csv",
    )


def _controler_soldes(chrono, solde_initial, numero_entete, mouvements) -> list[Anomalie]:
    """Chaque solde donné doit être le précédent plus le montant de la ligne."""
    anomalies = []
    solde = solde_initial
    for m in chrono:
        solde += m.montant
        if m.solde != solde:
            ligne = numero_entete + 1 + mouvements.index(m)
            anomalies.append(
                Anomalie(
                    ligne,
                    "Solde",
                    f"solde {format_montant(m.solde)} au lieu de {format_montant(solde)} "
                    "(solde précédent + crédit − débit) : une ligne manque ou un montant est faux.",
                )
            )
            solde = m.solde
    return anomalies


def _deviner_separateur(texte: str) -> str:
    echantillon = texte[:4000]
    return max((";", ",", "\t"), key=echantillon.count)


def _mouvement_csv(numero, cellules, colonnes, format_date, debit_negatif, anomalies):
    def cellule(champ: str) -> str:
        i = colonnes.get(champ)
        return cellules[i].strip() if i is not None and i < len(cellules) else ""

    avant = len(anomalies)
    jours = {}
    for champ, titre in (("date", "Date"), ("date_valeur", "Date valeur")):
        valeur = cellule(champ)
        if not valeur:
            if champ == "date":
                anomalies.append(Anomalie(numero, titre, "date absente."))
            continue
        try:
            jours[champ] = dt.datetime.strptime(valeur, format_date).date()
        except ValueError:
            anomalies.append(
                Anomalie(numero, titre, f"« {valeur} » n'est pas une date au format JJ/MM/AAAA.")
            )
    montants = {}
    for champ, titre in (
        ("debit", "Débit"),
        ("credit", "Crédit"),
        ("montant", "Montant"),
        ("solde", "Solde"),
    ):
        valeur = cellule(champ)
        if not valeur:
            continue
        try:
            d = montant(valeur)
        except MontantInvalide as exc:
            anomalies.append(Anomalie(numero, titre, exc.message))
            continue
        if d != arrondir(d):
            anomalies.append(Anomalie(numero, titre, f"le montant {valeur} n'est pas au centime."))
            continue
        montants[champ] = d
    if len(anomalies) > avant:
        return None
    if "montant" in colonnes:
        if "montant" not in montants:
            anomalies.append(Anomalie(numero, "Montant", "montant absent."))
            return None
        signe = montants["montant"]
    else:
        debit = montants.get("debit", ZERO)
        credit = montants.get("credit", ZERO)
        if debit_negatif or debit < 0:
            debit = -debit if debit < 0 else debit
        if debit < 0 or credit < 0:
            anomalies.append(
                Anomalie(numero, "Crédit", f"crédit négatif ({credit}) : vérifiez les colonnes.")
            )
            return None
        if debit and credit:
            anomalies.append(
                Anomalie(
                    numero, "", f"la ligne a un débit ({debit}) et un crédit ({credit}) : une seule colonne."
                )
            )
            return None
        if not debit and not credit:
            anomalies.append(Anomalie(numero, "", "ni débit ni crédit : montant absent."))
            return None
        signe = credit - debit
    if not cellule("libelle"):
        anomalies.append(Anomalie(numero, "Libellé", "libellé vide."))
        return None
    return MouvementBancaire(
        date=jours["date"],
        libelle=cellule("libelle"),
        montant=signe,
        date_valeur=jours.get("date_valeur"),
        reference=cellule("reference") or _reference_du_libelle(cellule("libelle")),
        identifiant=f"L{numero}",
        solde=montants.get("solde"),
    )


_REF = re.compile(r"/REF\s+(\S+)|\bCH(?:E)?Q(?:UE)?\s*(?:N°|NO|N)?\s*(\d{5,})", re.IGNORECASE)


def _reference_du_libelle(libelle: str) -> str:
    """Référence lisible dans un libellé (« /REF F2026-012 », « CHEQUE N° 1234567 »)."""
    trouve = _REF.search(libelle)
    if not trouve:
        return ""
    return trouve.group(1) or trouve.group(2)


def _nombre_fr(d: Decimal) -> str:
    return f"{d:.2f}".replace(".", ",")


def ecrire_csv(
    releve: Releve, chemin: str | Path, disposition: str | DispositionCSV = "debit_credit"
) -> Path:
    """Écrit un relevé en CSV d'une disposition (aller-retour avec :func:`lire_releve`).

    Une ligne de préambule donne l'IBAN, puis l'en-tête et une ligne par mouvement ; le
    solde après chaque opération est écrit si la disposition a une colonne Solde et que
    le solde initial est connu. Encodage ISO 8859-15, fins de ligne CRLF, comme les banques.
    """
    if isinstance(disposition, str):
        disposition = DISPOSITIONS[disposition]
    champs = list(disposition.colonnes)
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=disposition.separateur, lineterminator="\r\n")
    if releve.iban:
        ecrivain.writerow([f"Compte {formater_iban(releve.iban)}"])
    ecrivain.writerow([disposition.colonnes[c] for c in champs])
    solde = releve.solde_initial
    for m in releve.mouvements:
        if solde is not None:
            solde += m.montant
        valeurs = {
            "date": m.date.strftime(disposition.format_date),
            "date_valeur": m.date_valeur.strftime(disposition.format_date),
            "libelle": m.libelle,
            "debit": (_nombre_fr(-m.debit if disposition.debit_negatif else m.debit) if m.debit else ""),
            "credit": _nombre_fr(m.credit) if m.credit else "",
            "montant": _nombre_fr(m.montant),
            "solde": _nombre_fr(solde) if solde is not None else "",
            "reference": m.reference,
        }
        ecrivain.writerow([valeurs[c] for c in champs])
    chemin = Path(chemin)
    chemin.write_bytes(sortie.getvalue().encode(disposition.encodage or "iso-8859-15"))
    return chemin


# ---------------------------------------------------------------------- OFX
def _lire_ofx(brut: bytes, nom: str) -> Releve:
    from ofxtools.header import OFXHeaderError
    from ofxtools.Parser import OFXTree, ParseError

    anomalies = _controler_balises_ofx(brut)
    if anomalies:
        raise ReleveInvalide(nom, anomalies)
    arbre = OFXTree()
    try:
        arbre.parse(io.BytesIO(brut))
    except (OFXHeaderError, ParseError, ValueError, IndexError) as exc:
        raise ReleveInvalide(
            nom, [Anomalie(_ligne_ofx(brut, str(exc)), "", f"OFX mal formé : {exc}")]
        ) from exc
    anomalies = _controler_operations_ofx(arbre, brut)
    if anomalies:
        raise ReleveInvalide(nom, anomalies)
    try:
        ofx = arbre.convert()
    except (OFXHeaderError, ParseError) as exc:
        raise ReleveInvalide(
            nom, [Anomalie(_ligne_ofx(brut, str(exc)), "", f"OFX mal formé : {exc}")]
        ) from exc
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError) as exc:
        raise ReleveInvalide(
            nom,
            [Anomalie(_ligne_ofx(brut, str(exc)), _element_ofx(str(exc)), f"élément OFX invalide : {exc}")],
        ) from exc
    relevés = list(getattr(ofx, "statements", None) or [])
    if len(relevés) != 1:
        raise ReleveInvalide(
            nom,
            [
                Anomalie(
                    0, "STMTRS", f"le fichier contient {len(relevés)} relevé(s) bancaire(s), il en faut un."
                )
            ],
        )
    stmt = relevés[0]
    compte = stmt.account
    iban = ""
    anomalies: list[Anomalie] = []
    code_banque = str(getattr(compte, "bankid", "") or "")
    code_guichet = str(getattr(compte, "branchid", "") or "")
    numero = str(getattr(compte, "acctid", "") or "")
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", numero):
        iban = numero
    elif re.fullmatch(r"\d{5}", code_banque) and re.fullmatch(r"\d{5}", code_guichet):
        rib = re.sub(r"\s", "", numero)
        try:
            iban = iban_depuis_rib(code_banque, code_guichet, rib[:11])
            if len(rib) == 13 and iban[-2:] != rib[-2:]:
                anomalies.append(
                    Anomalie(
                        _ligne_ofx(brut, "ACCTID"),
                        "ACCTID",
                        f"clé RIB {rib[-2:]} fausse (attendue {iban[-2:]}).",
                    )
                )
        except Exception as exc:  # noqa: BLE001 - schwifty : RIB mal formé
            anomalies.append(Anomalie(_ligne_ofx(brut, "ACCTID"), "ACCTID", f"RIB invalide : {exc}."))
    if iban:
        try:
            iban = controler_iban(iban)
        except IbanInvalide as exc:
            anomalies.append(Anomalie(_ligne_ofx(brut, "ACCTID"), "ACCTID", exc.message))
    mouvements = []
    for rang, t in enumerate(stmt.banktranlist or (), start=1):
        # NAME (32 caractères) porte le tiers ou le début du libellé, MEMO le libellé complet.
        libelle = t.memo or t.name or t.trntype or ""
        contrepartie = t.name if t.name and t.memo and not t.memo.startswith(t.name) else ""
        if t.trnamt is None or t.dtposted is None:
            anomalies.append(
                Anomalie(rang, "STMTTRN", "opération sans montant (TRNAMT) ou sans date (DTPOSTED).")
            )
            continue
        if t.trnamt != arrondir(t.trnamt):
            anomalies.append(Anomalie(rang, "TRNAMT", f"montant {t.trnamt} qui n'est pas au centime."))
            continue
        mouvements.append(
            MouvementBancaire(
                date=t.dtposted.date(),
                libelle=libelle,
                montant=arrondir(t.trnamt),
                date_valeur=(t.dtavail or t.dtposted).date(),
                reference=str(t.checknum or t.refnum or "") or _reference_du_libelle(libelle),
                contrepartie=contrepartie,
                identifiant=str(t.fitid or f"T{rang}"),
            )
        )
    if anomalies:
        raise ReleveInvalide(nom, anomalies)
    solde_final = arrondir(stmt.ledgerbal.balamt) if stmt.ledgerbal is not None else None
    total = sum((m.montant for m in mouvements), ZERO)
    liste = stmt.banktranlist
    debut = liste.dtstart.date() if liste is not None and liste.dtstart else None
    fin = liste.dtend.date() if liste is not None and liste.dtend else None
    if fin is not None and stmt.ledgerbal is not None and stmt.ledgerbal.dtasof.date() != fin:
        fin = stmt.ledgerbal.dtasof.date()
    return Releve(
        iban=iban,
        debut=debut or min((m.date for m in mouvements), default=None),
        fin=fin or max((m.date for m in mouvements), default=None),
        solde_initial=solde_final - total if solde_final is not None else None,
        solde_final=solde_final,
        mouvements=tuple(mouvements),
        format="ofx",
        devise=str(stmt.curdef or "EUR"),
        banque=code_banque,
    )


_BALISE = re.compile(rb"<(/?)([A-Za-z0-9.]+)>")


def _controler_balises_ofx(brut: bytes) -> list[Anomalie]:
    """Les agrégats OFX (balises qui ont une fermante) doivent s'ouvrir et se fermer dans l'ordre."""
    corps = brut[brut.find(b"<") :] if b"<" in brut else b""
    debut = len(brut) - len(corps)
    agregats = {m.group(2).upper() for m in _BALISE.finditer(corps) if m.group(1)}
    pile: list[tuple[bytes, int]] = []

    def ligne(position: int) -> int:  # calculée seulement pour une anomalie
        return brut.count(b"\n", 0, debut + position) + 1

    for m in _BALISE.finditer(corps):
        nom = m.group(2).upper()
        if not m.group(1):
            if nom in agregats:
                pile.append((nom, m.start()))
            continue
        if not pile or pile[-1][0] != nom:
            ouvert = pile[-1][0].decode() if pile else "aucune"
            return [
                Anomalie(
                    ligne(m.start()),
                    nom.decode(),
                    f"balise fermante </{nom.decode()}> inattendue (balise ouverte : <{ouvert}>) : "
                    "balises mal imbriquées.",
                )
            ]
        pile.pop()
    if pile:
        nom, position = pile[-1]
        return [
            Anomalie(
                ligne(position), nom.decode(), f"balise <{nom.decode()}> jamais fermée : fichier tronqué ?"
            )
        ]
    return []


def _controler_operations_ofx(arbre, brut: bytes) -> list[Anomalie]:
    """Convertit chaque opération (STMTTRN) à part, pour nommer toutes celles qui sont fautives."""
    from ofxtools.models.base import Aggregate

    texte = brut.decode("latin-1")
    anomalies = []
    position = 0
    lignes_vues = (0, 1)  # (position, ligne) : comptage incrémental des fins de ligne
    for rang, element in enumerate(arbre.getroot().iter("STMTTRN"), start=1):
        position = texte.find("<STMTTRN>", position) + 1
        ligne = lignes_vues[1] + texte.count("\n", lignes_vues[0], position)
        lignes_vues = (position, ligne)
        fitid = element.findtext("FITID") or "?"
        somme = (element.findtext("TRNAMT") or "").strip()
        if not re.fullmatch(r"[+-]?\d+([.,]\d+)?", somme):
            anomalies.append(
                Anomalie(
                    ligne,
                    "TRNAMT",
                    f"opération n° {rang} (FITID {fitid}) : montant « {somme} » illisible "
                    "(un nombre avec un point décimal, par exemple -200.00).",
                )
            )
            continue
        try:
            Aggregate.from_etree(element)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError) as exc:
            anomalies.append(
                Anomalie(ligne, "STMTTRN", f"opération n° {rang} (FITID {fitid}) invalide : {exc}")
            )
    return anomalies


def _element_ofx(message: str) -> str:
    trouve = re.search(r"\b([A-Z]{4,})\b", message)
    return trouve.group(1) if trouve else ""


def _ligne_ofx(brut: bytes, message: str) -> int:
    """Ligne du fichier où apparaît l'élément cité dans le message d'``ofxtools`` (0 si inconnue)."""
    texte = brut.decode("latin-1")
    for candidat in re.findall(r"'([^']{3,})'|<(\w+)>|\b([A-Z]{4,})\b", message):
        extrait = next(c for c in candidat if c)
        position = texte.find(extrait)
        if position >= 0:
            return texte.count("\n", 0, position) + 1
    return 0


def ecrire_ofx(releve: Releve, chemin: str | Path) -> Path:
    """Écrit un relevé en OFX 1.0.2 (SGML), comme l'exportent les banques françaises.

    Le compte est donné par son RIB (BANKID code banque, BRANCHID code guichet, ACCTID numéro
    de compte et clé) ; le solde final dans LEDGERBAL.
    """
    assert releve.solde_final is not None and releve.debut and releve.fin, "relevé incomplet"
    iban = releve.iban
    entete = (
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
        "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
    )

    def jour(d: dt.date) -> str:
        return d.strftime("%Y%m%d")

    def texte(s: str) -> str:
        return html.escape(s, quote=False)

    operations = "".join(
        "<STMTTRN>"
        f"<TRNTYPE>{'CREDIT' if m.montant > 0 else 'DEBIT'}"
        f"<DTPOSTED>{jour(m.date)}<DTAVAIL>{jour(m.date_valeur)}"
        f"<TRNAMT>{m.montant:.2f}<FITID>{texte(m.identifiant or f'T{i}')}"
        + (f"<REFNUM>{texte(m.reference)}" if m.reference else "")
        + f"<NAME>{texte((m.contrepartie or m.libelle)[:32])}<MEMO>{texte(m.libelle)}"
        + "</STMTTRN>\r\n"
        for i, m in enumerate(releve.mouvements, start=1)
    )
    corps = (
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        f"<DTSERVER>{jour(releve.fin)}<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>\r\n"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n"
        f"<STMTRS><CURDEF>{releve.devise}<BANKACCTFROM><BANKID>{iban[4:9]}<BRANCHID>{iban[9:14]}"
        f"<ACCTID>{iban[14:27]}<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n"
        f"<BANKTRANLIST><DTSTART>{jour(releve.debut)}<DTEND>{jour(releve.fin)}\r\n{operations}</BANKTRANLIST>\r\n"
        f"<LEDGERBAL><BALAMT>{releve.solde_final:.2f}<DTASOF>{jour(releve.fin)}</LEDGERBAL>\r\n"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
    )
    chemin = Path(chemin)
    chemin.write_bytes((entete + corps).encode("cp1252", errors="replace"))
    return chemin


# ---------------------------------------------------------------------- CAMT.053
_CAMT = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}")
ESPACE_CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def _lire_camt053(brut: bytes, nom: str) -> Releve:
    from lxml import etree

    try:
        racine = etree.fromstring(brut, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        ligne = exc.lineno or 0
        raise ReleveInvalide(nom, [Anomalie(ligne, "", f"XML mal formé : {exc.msg}.")]) from exc
    espace = etree.QName(racine).namespace or ""
    if not _CAMT.fullmatch(espace):
        raise ReleveInvalide(
            nom,
            [
                Anomalie(
                    racine.sourceline or 1,
                    "Document",
                    f"espace de noms « {espace} » : ce n'est pas un CAMT.053.",
                )
            ],
        )
    ns = {"c": espace}
    releves = racine.findall("c:BkToCstmrStmt/c:Stmt", ns)
    if len(releves) != 1:
        raise ReleveInvalide(
            nom,
            [
                Anomalie(
                    racine.sourceline or 1,
                    "Stmt",
                    f"{len(releves)} relevé(s) (Stmt) dans le fichier, il en faut un.",
                )
            ],
        )
    stmt = releves[0]
    anomalies: list[Anomalie] = []

    def texte(element, chemin: str, obligatoire: bool = True) -> str:
        trouve = element.find(chemin, ns)
        if trouve is None or not (trouve.text or "").strip():
            if obligatoire:
                anomalies.append(
                    Anomalie(
                        element.sourceline or 0,
                        _nom_element(element),
                        f"élément {chemin.replace('c:', '')} absent.",
                    )
                )
            return ""
        return trouve.text.strip()

    def date(element, chemin: str) -> dt.date | None:
        valeur = (
            texte(element, chemin + "/c:Dt", obligatoire=False)
            or texte(element, chemin + "/c:DtTm", obligatoire=False)[:10]
        )
        if not valeur:
            anomalies.append(
                Anomalie(
                    element.sourceline or 0,
                    _nom_element(element),
                    f"date {chemin.replace('c:', '')} absente.",
                )
            )
            return None
        try:
            return dt.date.fromisoformat(valeur)
        except ValueError:
            anomalies.append(
                Anomalie(
                    element.sourceline or 0,
                    chemin.replace("c:", ""),
                    f"« {valeur} » n'est pas une date AAAA-MM-JJ.",
                )
            )
            return None

    def somme(element) -> Decimal | None:
        valeur = texte(element, "c:Amt")
        sens = texte(element, "c:CdtDbtInd")
        if not valeur or not sens:
            return None
        if not re.fullmatch(r"\d+(\.\d{1,2})?", valeur):
            anomalies.append(
                Anomalie(
                    element.sourceline or 0,
                    "Amt",
                    f"montant « {valeur} » invalide (chiffres et point, au centime).",
                )
            )
            return None
        if sens not in ("CRDT", "DBIT"):
            anomalies.append(
                Anomalie(element.sourceline or 0, "CdtDbtInd", f"sens « {sens} » : CRDT ou DBIT attendu.")
            )
            return None
        d = Decimal(valeur)
        return d if sens == "CRDT" else -d

    iban = texte(stmt, "c:Acct/c:Id/c:IBAN")
    devise = stmt.find("c:Acct/c:Ccy", ns)
    soldes: dict[str, tuple[Decimal | None, dt.date | None]] = {}
    for bal in stmt.findall("c:Bal", ns):
        code = texte(bal, "c:Tp/c:CdOrPrtry/c:Cd")
        soldes[code] = (somme(bal), date(bal, "c:Dt"))
    for code, titre in (("OPBD", "d'ouverture"), ("CLBD", "de clôture")):
        if code not in soldes:
            anomalies.append(Anomalie(stmt.sourceline or 0, "Bal", f"solde {titre} ({code}) absent."))
    mouvements = []
    for rang, ntry in enumerate(stmt.findall("c:Ntry", ns), start=1):
        valeur = somme(ntry)
        jour = date(ntry, "c:BookgDt")
        if valeur is None or jour is None:
            continue
        tx = ntry.find("c:NtryDtls/c:TxDtls", ns)
        libelle = texte(ntry, "c:AddtlNtryInf", obligatoire=False)
        reference = contrepartie = ""
        if tx is not None:
            libelle = libelle or " ".join(t.text or "" for t in tx.findall("c:RmtInf/c:Ustrd", ns))
            reference = texte(tx, "c:Refs/c:EndToEndId", obligatoire=False)
            if reference == "NOTPROVIDED":
                reference = ""
            partie = "c:RltdPties/c:Dbtr/c:Nm" if valeur > 0 else "c:RltdPties/c:Cdtr/c:Nm"
            contrepartie = texte(tx, partie, obligatoire=False)
        if not libelle:
            anomalies.append(
                Anomalie(ntry.sourceline or 0, "Ntry", f"opération n° {rang} sans libellé (AddtlNtryInf).")
            )
            continue
        mouvements.append(
            MouvementBancaire(
                date=jour,
                libelle=libelle,
                montant=valeur,
                date_valeur=date(ntry, "c:ValDt") if ntry.find("c:ValDt", ns) is not None else None,
                reference=reference or _reference_du_libelle(libelle),
                contrepartie=contrepartie,
                identifiant=texte(ntry, "c:AcctSvcrRef", obligatoire=False) or f"N{rang}",
            )
        )
    if iban:
        try:
            iban = controler_iban(iban)
        except IbanInvalide as exc:
            element = stmt.find("c:Acct/c:Id/c:IBAN", ns)
            anomalies.append(Anomalie(element.sourceline or 0, "IBAN", exc.message))
    if not anomalies:
        ouverture, debut = soldes["OPBD"]
        cloture, fin = soldes["CLBD"]
        total = sum((m.montant for m in mouvements), ZERO)
        if ouverture + total != cloture:
            anomalies.append(
                Anomalie(
                    stmt.sourceline or 0,
                    "Bal",
                    f"solde d'ouverture {format_montant(ouverture)} + opérations {format_montant(total)} "
                    f"≠ solde de clôture {format_montant(cloture)} : une opération manque ou un montant est faux.",
                )
            )
    if anomalies:
        raise ReleveInvalide(nom, anomalies)
    periode = stmt.find("c:FrToDt", ns)
    if periode is not None:
        debut = dt.date.fromisoformat(texte(periode, "c:FrDtTm")[:10])
        fin = dt.date.fromisoformat(texte(periode, "c:ToDtTm")[:10])
    return Releve(
        iban=iban,
        debut=debut,
        fin=fin,
        solde_initial=arrondir(ouverture),
        solde_final=arrondir(cloture),
        mouvements=tuple(mouvements),
        format="camt053",
        devise=(devise.text or "EUR").strip() if devise is not None else "EUR",
        banque=texte(stmt, "c:Acct/c:Svcr/c:FinInstnId/c:BIC", obligatoire=False),
    )


def _nom_element(element) -> str:
    from lxml import etree

    return etree.QName(element).localname


def ecrire_camt053(releve: Releve, chemin: str | Path) -> Path:
    """Écrit un relevé en CAMT.053.001.02 (ISO 20022), aller-retour avec :func:`lire_releve`."""
    from lxml import etree

    assert releve.solde_initial is not None and releve.solde_final is not None, "soldes inconnus"
    assert releve.debut and releve.fin, "période inconnue"
    E = _fabrique(etree, ESPACE_CAMT053)
    document = E("Document")
    releves = E("BkToCstmrStmt", parent=document)
    entete = E("GrpHdr", parent=releves)
    E("MsgId", releve.fin.strftime("CAMT053-%Y%m%d"), parent=entete)
    E("CreDtTm", f"{releve.fin.isoformat()}T23:59:59", parent=entete)
    stmt = E("Stmt", parent=releves)
    E("Id", releve.fin.strftime("REL%Y%m%d"), parent=stmt)
    E("CreDtTm", f"{releve.fin.isoformat()}T23:59:59", parent=stmt)
    periode = E("FrToDt", parent=stmt)
    E("FrDtTm", f"{releve.debut.isoformat()}T00:00:00", parent=periode)
    E("ToDtTm", f"{releve.fin.isoformat()}T23:59:59", parent=periode)
    compte = E("Acct", parent=stmt)
    E("IBAN", releve.iban, parent=E("Id", parent=compte))
    E("Ccy", releve.devise, parent=compte)

    def solde(code: str, valeur: Decimal, jour: dt.date) -> None:
        bal = E("Bal", parent=stmt)
        E("Cd", code, parent=E("CdOrPrtry", parent=E("Tp", parent=bal)))
        E("Amt", f"{abs(valeur):.2f}", parent=bal, Ccy=releve.devise)
        E("CdtDbtInd", "CRDT" if valeur >= 0 else "DBIT", parent=bal)
        E("Dt", jour.isoformat(), parent=E("Dt", parent=bal))

    solde("OPBD", releve.solde_initial, releve.debut)
    solde("CLBD", releve.solde_final, releve.fin)
    for i, m in enumerate(releve.mouvements, start=1):
        ntry = E("Ntry", parent=stmt)
        E("Amt", f"{abs(m.montant):.2f}", parent=ntry, Ccy=releve.devise)
        E("CdtDbtInd", "CRDT" if m.montant > 0 else "DBIT", parent=ntry)
        E("Sts", "BOOK", parent=ntry)
        E("Dt", m.date.isoformat(), parent=E("BookgDt", parent=ntry))
        E("Dt", m.date_valeur.isoformat(), parent=E("ValDt", parent=ntry))
        E("AcctSvcrRef", m.identifiant or f"N{i}", parent=ntry)
        tx = E("TxDtls", parent=E("NtryDtls", parent=ntry))
        if m.reference:
            E("EndToEndId", m.reference, parent=E("Refs", parent=tx))
        if m.contrepartie:
            role = "Dbtr" if m.montant > 0 else "Cdtr"
            E("Nm", m.contrepartie, parent=E(role, parent=E("RltdPties", parent=tx)))
        E("AddtlNtryInf", m.libelle, parent=ntry)
    chemin = Path(chemin)
    chemin.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return chemin


def _fabrique(etree, espace: str):
    def E(nom: str, texte: str | None = None, *, parent=None, **attributs):
        balise = f"{{{espace}}}{nom}"
        element = (
            etree.SubElement(parent, balise, **attributs)
            if parent is not None
            else etree.Element(balise, nsmap={None: espace}, **attributs)
        )
        if texte is not None:
            element.text = texte
        return element

    return E


def depuis_releve_fictif(releve) -> Releve:
    """Le :class:`Releve` d'un relevé de :mod:`compta_kernel.donnees_fictives` (``ReleveBancaire``)."""
    mouvements = tuple(
        MouvementBancaire(
            date=op.date_operation,
            libelle=op.libelle,
            montant=op.montant,
            date_valeur=op.date_valeur,
            reference=_reference_du_libelle(op.libelle),
            identifiant=f"{releve.numero:02d}-{i:03d}",
            solde=op.solde,
        )
        for i, op in enumerate(releve.lignes, start=1)
    )
    return Releve(
        iban=controler_iban(releve.compte.iban),
        debut=releve.debut,
        fin=releve.fin,
        solde_initial=releve.solde_initial,
        solde_final=releve.solde_final,
        mouvements=mouvements,
        banque=releve.compte.bic,
    )


# ---------------------------------------------------------------------- chèques
def date_limite_cheque(emission: dt.date) -> dt.date:
    """Dernier jour où le bénéficiaire d'un chèque émis en France métropolitaine peut l'encaisser.

    Délai de présentation (8 jours depuis la date d'émission, C. monét. fin. art. L131-32)
    puis prescription d'un an de l'action du porteur contre la banque (art. L131-59) :
    « un an et huit jours ». Les durées viennent des règles datées ``banque.cheque.*``.

    >>> date_limite_cheque(dt.date(2026, 3, 26))
    datetime.date(2027, 4, 3)
    """
    from compta_kernel.regles import regle

    presentation = emission + dt.timedelta(
        days=int(regle("banque.cheque.delai_presentation_jours", emission).valeur)
    )
    annees = int(regle("banque.cheque.prescription_annees", emission).valeur)
    try:
        return presentation.replace(year=presentation.year + annees)
    except ValueError:  # 29 février
        return presentation.replace(year=presentation.year + annees, day=28)


# ---------------------------------------------------------------------- codification
@dataclass(frozen=True, slots=True)
class RegleCodification:
    """Une règle qui propose un compte pour un mouvement bancaire.

    Args:
        nom: nom court de la règle (affiché avec la proposition).
        motif: expression régulière cherchée dans le libellé (sans tenir compte de la casse ni
            des accents) ; vide : tout libellé.
        compte: compte proposé (``"627"``, ``"6616"``, ``"411"``...).
        sens: ``"+"`` pour les entrées d'argent seulement, ``"-"`` pour les sorties, ``""`` pour les deux.
        contrepartie: expression régulière sur le nom de la contrepartie (vide : toute).
        tiers: ``True`` si le compte est un collectif (411, 401) dont le tiers se déduit du
            libellé ou de la contrepartie.
        libelle: libellé de l'écriture proposé (par défaut celui de la banque).
    """

    nom: str
    motif: str
    compte: str
    sens: str = ""
    contrepartie: str = ""
    tiers: bool = False
    libelle: str = ""

    def __post_init__(self) -> None:
        if self.sens not in ("", "+", "-"):
            raise ErreurComptable(
                f"Règle « {self.nom} » : le sens est « + » (entrées), « - » (sorties) ou vide.", champ="sens"
            )
        for champ in ("motif", "contrepartie"):
            try:
                re.compile(getattr(self, champ))
            except re.error as exc:
                raise ErreurComptable(
                    f"Règle « {self.nom} » : le motif « {getattr(self, champ)} » est mal écrit ({exc}).",
                    champ=champ,
                ) from exc
        object.__setattr__(self, "compte", normaliser_compte(self.compte))

    def s_applique(self, mouvement: MouvementBancaire) -> bool:
        """Vrai si le mouvement a le bon sens, un libellé et une contrepartie qui correspondent."""
        if self.sens == "+" and mouvement.montant <= 0 or self.sens == "-" and mouvement.montant >= 0:
            return False
        libelle = _sans_accents(mouvement.libelle)
        if self.motif and not re.search(self.motif, libelle, re.IGNORECASE):
            return False
        if self.contrepartie:
            texte = _sans_accents(mouvement.contrepartie or mouvement.libelle)
            return bool(re.search(self.contrepartie, texte, re.IGNORECASE))
        return True


#: Règles proposées par défaut, essayées dans l'ordre (la première qui s'applique l'emporte).
#: Frais bancaires au 627 (services bancaires, sans TVA déductible : opérations bancaires
#: exonérées, art. 261 C du CGI), intérêts débiteurs au 6616, intérêts de placements au 768,
#: dividendes de valeurs mobilières de placement au 764, organismes sociaux au 431 et 437,
#: remises de chèques au 5112, remises de cartes (TPE) au 5115, règlements des tiers aux
#: collectifs 411 et 401.
REGLES_PAR_DEFAUT: tuple[RegleCodification, ...] = (
    RegleCodification("agios", r"\bAGIOS?\b|INTERETS? (DEBITEURS?|DE DECOUVERT)|INT\.? DEB", "6616", "-"),
    RegleCodification("intérêts créditeurs", r"INTERETS? CREDITEURS?|INTERETS?\b.*\bPLACEMENTS?", "768", "+"),
    RegleCodification("dividendes", r"DIVIDENDES?|COUPONS?", "764", "+"),
    RegleCodification("commission TPE", r"COMMISSION.*(CB|CARTE|TPE)|(CB|TPE).*COMMISSION", "627", "-"),
    RegleCodification("frais bancaires", r"FRAIS|COTIS|COMMISSION|ABONNEMENT|TENUE DE COMPTE", "627", "-"),
    RegleCodification("URSSAF", r"URSSAF", "431", "-"),
    RegleCodification("retraite", r"AGIRC|ARRCO|RETRAITE|PREVOYANCE", "437", "-"),
    RegleCodification("salaires", r"SALAIRE|\bPAIE\b", "421", "-"),
    RegleCodification("TVA", r"(DGFIP|IMPOTS?|TRESOR PUBLIC).*TVA|TVA.*(DGFIP|IMPOTS?)", "44551", "-"),
    RegleCodification("remise de chèques", r"REMISE CH|REM\.? CHQ|REMISE DE CHEQUES?", "5112", "+"),
    RegleCodification("remise carte (TPE)", r"REMISE (CB|CARTES?)|\bTPE\b|ENCAISSEMENT CB", "5115", "+"),
    RegleCodification("prélèvement fournisseur", r"\bPRLV\b|PRELEVEMENT", "401", "-", tiers=True),
    RegleCodification(
        "virement reçu", r"VIR.*RECU|VIREMENT (SEPA )?RECU|VIR(EMENT)? (SEPA )?DE\b", "411", "+", tiers=True
    ),
    RegleCodification(
        "virement émis",
        r"VIR.*EMIS|VIREMENT (SEPA )?EMIS|VIR(EMENT)? (SEPA )?(A|VERS)\b",
        "401",
        "-",
        tiers=True,
    ),
    RegleCodification("chèque émis", r"\bCHEQUE\b|\bCHQ\b", "401", "-", tiers=True),
)


@dataclass(frozen=True, slots=True)
class Imputation:
    """Le compte proposé pour un mouvement.

    Attributes:
        mouvement: le mouvement bancaire.
        compte: compte de contrepartie du 512 (``"471"`` si aucune règle ne s'applique).
        tiers: code du tiers (client, fournisseur) pour un compte collectif, ``""`` sinon.
        regle: nom de la règle appliquée (``""`` : compte d'attente).
        a_verifier: vrai si l'imputation demande un contrôle (compte d'attente, tiers introuvable).
    """

    mouvement: MouvementBancaire
    compte: str
    tiers: str = ""
    regle: str = ""
    a_verifier: bool = False


def codifier(
    mouvements: Releve | Iterable[MouvementBancaire],
    regles: Sequence[RegleCodification] = REGLES_PAR_DEFAUT,
    *,
    tiers: Mapping[str, str] | None = None,
) -> tuple[Imputation, ...]:
    """Propose un compte pour chaque mouvement, par la première règle qui s'applique.

    Args:
        mouvements: un :class:`Releve` ou des :class:`MouvementBancaire`.
        regles: les règles, dans l'ordre d'essai ; pour ajouter les siennes :
            ``(RegleCodification("loyer", "LOYER", "613", "-"), *REGLES_PAR_DEFAUT)``.
        tiers: nom du tiers tel qu'il apparaît dans les libellés → code du tiers
            (``{"DUPONT": "C0001"}``), pour les comptes collectifs.

    Returns:
        Une :class:`Imputation` par mouvement, dans l'ordre.
    """
    liste = mouvements.mouvements if isinstance(mouvements, Releve) else tuple(mouvements)
    noms = {_sans_accents(k).upper(): v for k, v in (tiers or {}).items()}
    resultat = []
    for m in liste:
        regle = next((r for r in regles if r.s_applique(m)), None)
        if regle is None:
            resultat.append(Imputation(m, COMPTE_ATTENTE, a_verifier=True))
            continue
        code = ""
        if regle.tiers:
            texte = _sans_accents(f"{m.contrepartie} {m.libelle}").upper()
            code = next((c for nom, c in sorted(noms.items(), key=lambda x: -len(x[0])) if nom in texte), "")
        resultat.append(Imputation(m, regle.compte, code, regle.nom, a_verifier=regle.tiers and not code))
    return tuple(resultat)


def ecriture_banque(
    imputation: Imputation, *, journal: str = "BQ", compte_banque: str = "512", piece: str = ""
) -> Ecriture:
    """L'écriture du journal de banque d'un mouvement codifié : 512 contre le compte proposé.

    Une entrée d'argent débite le 512 et crédite la contrepartie ; une sortie l'inverse.
    """
    m = imputation.mouvement
    valeur = abs(m.montant)
    banque = Ligne(compte_banque, debit=valeur) if m.montant > 0 else Ligne(compte_banque, credit=valeur)
    contrepartie = (
        Ligne(imputation.compte, credit=valeur, tiers=imputation.tiers)
        if m.montant > 0
        else Ligne(imputation.compte, debit=valeur, tiers=imputation.tiers)
    )
    lignes = (banque, contrepartie) if m.montant > 0 else (contrepartie, banque)
    return Ecriture(journal, m.date, piece or m.reference or m.identifiant or "RELEVE", m.libelle, lignes)


def ecritures_banque(
    imputations: Iterable[Imputation], *, journal: str = "BQ", compte_banque: str = "512"
) -> tuple[Ecriture, ...]:
    """Les écritures du journal de banque de mouvements codifiés (voir :func:`ecriture_banque`)."""
    return tuple(ecriture_banque(i, journal=journal, compte_banque=compte_banque) for i in imputations)
