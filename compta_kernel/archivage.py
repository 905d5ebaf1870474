"""Classement et archivage : durées légales de conservation, plan de classement, nommage, factures soldées.

Activité B4.2 « Classement et archivage comptable » (critères B4.2-K04 : le système de
classement et d'archivage numérique est organisé ; B4.2-K05 : le classement des factures
soldées structure l'information et respecte la réglementation).

- :func:`duree_conservation` : la durée légale de conservation d'un type de document,
  règle datée avec sa source (``donnees/regles/<année>/archivage.yaml`` : Code de commerce
  L123-22 et L110-4, LPF L102 B, Code du travail L3243-4 et R1221-26).
- :data:`PLAN_DE_CLASSEMENT` et :func:`plan_de_classement` : les rubriques d'un plan de
  classement numérique, chacune avec ses types de documents et sa durée.
- :func:`nom_fichier` et :func:`verifier_nom_fichier` : la convention de nommage
  ``AAAA-MM-JJ_TYPE_TIERS_NUMERO.ext`` (la date d'abord : l'ordre alphabétique est
  l'ordre chronologique).
- :func:`classer_factures_soldees` : les factures lettrées (soldées) du livre, rangées dans
  l'archive de leur exercice avec leur date de fin de conservation.
- :func:`verifier_plan_de_classement` : les rubriques manquantes et les durées fausses du
  plan d'un apprenant.

>>> d = duree_conservation("facture client")
>>> d.annees, d.type_document
(10, 'facture')
>>> duree_conservation("bulletin de paie").source.startswith("Code du travail, art. L3243-4")
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from compta_kernel import regles
from compta_kernel.erreurs import ErreurComptable
from compta_kernel.redaction import Controle, Controleur, normaliser

#: Synonymes reconnus → type de document des règles ``archivage.duree.<type>``.
SYNONYMES = {
    "livre_comptable": (
        "livre comptable",
        "journal",
        "grand livre",
        "livre journal",
        "livre d'inventaire",
        "fec",
    ),
    "comptes_annuels": ("comptes annuels", "bilan", "compte de resultat", "annexe"),
    "piece_justificative": (
        "piece justificative",
        "bon de commande",
        "bon de livraison",
        "bon de reception",
        "note de frais",
    ),
    "facture": (
        "facture",
        "facture client",
        "facture fournisseur",
        "facture de vente",
        "facture d'achat",
        "avoir",
    ),
    "document_fiscal": (
        "document fiscal",
        "declaration de tva",
        "declaration fiscale",
        "liasse fiscale",
        "tva",
    ),
    "contrat_commercial": (
        "contrat commercial",
        "contrat",
        "devis",
        "devis accepte",
        "correspondance commerciale",
    ),
    "document_bancaire": ("document bancaire", "releve bancaire", "releve de compte", "talon de cheque"),
    "bulletin_de_paie": ("bulletin de paie", "bulletin de salaire", "fiche de paie"),
    "registre_unique_personnel": ("registre unique du personnel", "registre du personnel"),
    "document_charges_sociales": (
        "document de charges sociales",
        "dsn",
        "bordereau urssaf",
        "charges sociales",
    ),
}


class ErreurArchivage(ErreurComptable, LookupError):
    """Type de document inconnu, ou nom de fichier hors convention."""


@dataclass(frozen=True)
class DureeConservation:
    """Durée légale de conservation d'un type de document.

    Attributes:
        type_document: type normalisé (``"facture"``, ``"bulletin_de_paie"``...).
        annees: durée en années.
        point_de_depart: libellé de la règle (ce qui est conservé et d'où part le délai).
        source: texte légal.
    """

    type_document: str
    annees: int
    point_de_depart: str
    source: str

    def fin(self, depart: dt.date) -> dt.date:
        """Dernier jour de conservation quand le délai part du ``depart`` (fin d'exercice, départ du salarié...)."""
        try:
            return depart.replace(year=depart.year + self.annees)
        except ValueError:  # 29 février
            return depart.replace(year=depart.year + self.annees, day=28)


def _singulier(texte: str) -> str:
    """Libellé normalisé, chaque mot au singulier (« relevés bancaires » → « releve bancaire »)."""
    return " ".join(
        m[:-1] if len(m) > 3 and m.endswith(("s", "x")) else m
        for m in normaliser(texte).replace("_", " ").split()
    )


def type_de_document(libelle: str) -> str:
    """Le type normalisé d'un libellé (« Facture fournisseur » → ``"facture"``).

    Raises:
        ErreurArchivage: libellé inconnu (le message liste les types connus).
    """
    n = _singulier(libelle)
    for type_document, synonymes in SYNONYMES.items():
        if n == type_document.replace("_", " ") or n in map(_singulier, synonymes):
            return type_document
    for type_document, synonymes in SYNONYMES.items():  # « factures clients de 2026 » : un synonyme inclus
        if any(re.search(rf"\b{re.escape(_singulier(s))}\b", n) for s in synonymes if len(s) > 3):
            return type_document
    raise ErreurArchivage(
        f"Type de document « {libelle} » inconnu : choisissez parmi {', '.join(SYNONYMES)}.",
        champ="type_document",
    )


def duree_conservation(type_document: str, date: dt.date | None = None) -> DureeConservation:
    """Durée légale de conservation d'un type de document, en vigueur à ``date`` (par défaut : dernière année des règles).

    Args:
        type_document: type ou libellé courant (« facture client », « bulletin de paie », « relevé bancaire »).

    Raises:
        ErreurArchivage: type inconnu.
    """
    cle = type_de_document(type_document)
    date = date or dt.date(regles.annees_disponibles()[-1], 1, 1)
    regle = regles.regle(f"archivage.duree.{cle}", date)
    return DureeConservation(cle, int(regle.valeur), regle.libelle, regle.source)


# ----------------------------------------------------------------------------- plan de classement
@dataclass(frozen=True)
class Rubrique:
    """Une rubrique du plan de classement : un dossier, ses types de documents, sa durée de conservation."""

    code: str
    chemin: str
    types_documents: tuple[str, ...]
    annees: int


#: Plan de classement numérique d'une petite entreprise : code, dossier (par exercice), types de documents.
PLAN_DE_CLASSEMENT = (
    ("1", "1-Comptabilite/Journaux-et-grand-livre", ("livre_comptable",)),
    ("2", "1-Comptabilite/Comptes-annuels", ("comptes_annuels",)),
    ("3", "2-Ventes/Factures-clients", ("facture",)),
    ("4", "2-Ventes/Devis-et-contrats", ("contrat_commercial",)),
    ("5", "3-Achats/Factures-fournisseurs", ("facture",)),
    ("6", "3-Achats/Bons-de-commande-et-livraison", ("piece_justificative",)),
    ("7", "4-Banque/Releves", ("document_bancaire",)),
    ("8", "5-Fiscal/Declarations", ("document_fiscal",)),
    ("9", "6-Social/Bulletins-de-paie", ("bulletin_de_paie",)),
    ("10", "6-Social/Registre-du-personnel", ("registre_unique_personnel",)),
    ("11", "6-Social/Charges-sociales", ("document_charges_sociales",)),
    ("12", "9-Archives/Factures-soldees", ("facture",)),
)


def plan_de_classement(exercice: int) -> tuple[Rubrique, ...]:
    """Le plan de classement de l'exercice : chaque rubrique avec la durée la plus longue de ses documents."""
    date = dt.date(exercice, 12, 31)
    return tuple(
        Rubrique(code, f"{exercice}/{chemin}", types, max(duree_conservation(t, date).annees for t in types))
        for code, chemin, types in PLAN_DE_CLASSEMENT
    )


# ----------------------------------------------------------------------------- nommage
#: Codes de type dans les noms de fichiers.
CODES_FICHIERS = {
    "FAC-VTE": "facture",
    "FAC-ACH": "facture",
    "AVO-VTE": "facture",
    "AVO-ACH": "facture",
    "DEVIS": "contrat_commercial",
    "CONTRAT": "contrat_commercial",
    "BC": "piece_justificative",
    "BL": "piece_justificative",
    "NDF": "piece_justificative",
    "RELEVE": "document_bancaire",
    "TVA": "document_fiscal",
    "PAIE": "bulletin_de_paie",
}
_NOM = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})_([A-Z]+(?:-[A-Z]+)?)_([A-Z0-9]+(?:-[A-Z0-9]+)*)_([A-Za-z0-9-]+)\.(pdf|xml|docx|xlsx|csv)$"
)


def _segment(texte: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", normaliser(texte).upper()).strip("-")


def nom_fichier(date: dt.date, code: str, tiers: str, numero: str, extension: str = "pdf") -> str:
    """Nom normalisé d'un document numérique : ``AAAA-MM-JJ_CODE_TIERS_NUMERO.ext``.

    >>> nom_fichier(dt.date(2026, 1, 2), "FAC-VTE", "Garage Petit SAS", "F2026-014")
    '2026-01-02_FAC-VTE_GARAGE-PETIT-SAS_F2026-014.pdf'
    """
    if code not in CODES_FICHIERS:
        raise ErreurArchivage(
            f"Code de document « {code} » inconnu : {', '.join(CODES_FICHIERS)}.", champ="code"
        )
    numero = re.sub(r"[^A-Za-z0-9-]+", "-", numero).strip("-")
    return f"{date:%Y-%m-%d}_{code}_{_segment(tiers)}_{numero}.{extension}"


def verifier_nom_fichier(nom: str) -> tuple[str, ...]:
    """Les écarts d'un nom de fichier à la convention (tuple vide s'il la respecte)."""
    ecarts = []
    m = _NOM.match(nom)
    if m is None:
        ecarts.append(
            f"« {nom} » ne suit pas la convention AAAA-MM-JJ_CODE_TIERS_NUMERO.ext (sans espace ni accent), "
            "par exemple 2026-01-02_FAC-VTE_GARAGE-PETIT_F2026-014.pdf."
        )
        return tuple(ecarts)
    annee, mois, jour, code = int(m[1]), int(m[2]), int(m[3]), m[4]
    try:
        dt.date(annee, mois, jour)
    except ValueError:
        ecarts.append(f"« {nom} » : la date {m[1]}-{m[2]}-{m[3]} n'existe pas.")
    if code not in CODES_FICHIERS:
        ecarts.append(f"« {nom} » : code de document « {code} » inconnu ({', '.join(CODES_FICHIERS)}).")
    return tuple(ecarts)


# ----------------------------------------------------------------------------- factures soldées
@dataclass(frozen=True)
class FactureArchivee:
    """Une facture soldée (lettrée) rangée dans l'archive de son exercice."""

    numero: str
    tiers: str
    date_piece: dt.date
    date_lettrage: dt.date
    chemin: str
    conserver_jusqu_au: dt.date


def classer_factures_soldees(livre, *, au: dt.date | None = None) -> tuple[FactureArchivee, ...]:
    """Les factures lettrées (soldées) des comptes 411 et 401, rangées dans ``<exercice>/9-Archives/...``.

    Une facture est soldée quand sa ligne de tiers est lettrée (au plus tard ``au``). Elle se
    conserve 10 ans à compter de la clôture de l'exercice (C. com. L123-22).
    """
    fin_exercice = livre.fin if hasattr(livre, "fin") else None
    archive = []
    for e in livre.ecritures():
        for ligne in e.lignes:
            if not ligne.lettrage or not ligne.compte.startswith(("411", "401")):
                continue
            if not (ligne.debit if ligne.compte.startswith("411") else ligne.credit):
                continue  # le règlement, pas la facture
            lettree = ligne.date_lettrage or e.date
            if au is not None and lettree > au:
                continue
            cloture = fin_exercice or dt.date(e.date.year, 12, 31)
            duree = duree_conservation("facture", cloture)
            vente = ligne.compte.startswith("411")
            nom = nom_fichier(e.date, "FAC-VTE" if vente else "FAC-ACH", ligne.tiers or ligne.compte, e.piece)
            archive.append(
                FactureArchivee(
                    e.piece,
                    ligne.tiers or ligne.compte,
                    e.date,
                    lettree,
                    f"{cloture.year}/9-Archives/Factures-soldees/{'Clients' if vente else 'Fournisseurs'}/{nom}",
                    duree.fin(cloture),
                )
            )
    return tuple(sorted(archive, key=lambda a: a.chemin))


# ----------------------------------------------------------------------------- contrôle d'un plan
#: Types de documents qu'un plan de classement d'entreprise doit couvrir.
TYPES_EXIGES = tuple(SYNONYMES)


def verifier_plan_de_classement(
    plan: Iterable[Mapping] | Mapping[str, Mapping], *, exercice: int | None = None
) -> Controle:
    """Les rubriques manquantes et les durées fausses du plan de classement d'un apprenant (B4.2-K04, K05).

    Args:
        plan: une liste de rubriques ``{"rubrique": ..., "documents": [...], "duree": 10}``, ou un
            dictionnaire ``{rubrique: {"documents": [...], "duree": 10}}`` ; les documents sont des
            libellés courants (« factures clients », « relevés bancaires »).
        exercice: année des règles de durée (par défaut la dernière disponible).

    Une durée plus courte que la durée légale est fausse ; plus longue, elle est signalée
    (conserver plus que nécessaire des données personnelles est contraire au RGPD).
    """
    c = Controleur("B4.2-K04")
    date = dt.date(exercice, 12, 31) if exercice else None
    rubriques = (
        [{"rubrique": nom, **valeurs} for nom, valeurs in plan.items()]
        if isinstance(plan, Mapping)
        else list(plan)
    )
    couverts: set[str] = set()
    for r in rubriques:
        nom = str(r.get("rubrique", "?"))
        documents = r.get("documents", ())
        documents = [documents] if isinstance(documents, str) else list(documents)
        c.exiger(
            bool(documents),
            f"documents:{nom}",
            f"La rubrique « {nom} » ne dit pas quels documents elle range.",
        )
        for libelle in documents:
            try:
                t = type_de_document(libelle)
            except ErreurArchivage:
                c.exiger(
                    False,
                    f"inconnu:{libelle}",
                    f"« {libelle} » (rubrique « {nom} ») : type de document inconnu.",
                )
                continue
            couverts.add(t)
            legale = duree_conservation(t, date)
            duree = r.get("duree")
            try:
                annees = int(duree)
            except (TypeError, ValueError):
                c.exiger(
                    False, f"duree:{t}", f"Rubrique « {nom} » : durée de conservation absente ou illisible."
                )
                continue
            c.exiger(
                annees >= legale.annees,
                f"duree:{t}",
                f"Rubrique « {nom} » : {libelle} se conservent {legale.annees} ans, pas {annees} "
                f"({legale.source.split(' :')[0]}).",
            )
            if annees > legale.annees and t in ("bulletin_de_paie", "registre_unique_personnel"):
                c.exiger(
                    False,
                    f"duree_excessive:{t}",
                    f"Rubrique « {nom} » : {annees} ans pour des données personnelles, au-delà des "
                    f"{legale.annees} ans légaux ; justifiez-le ou ramenez la durée (RGPD, minimisation).",
                )
    for t in TYPES_EXIGES:
        c.exiger(
            t in couverts,
            f"rubrique:{t}",
            f"Aucune rubrique ne range les documents de type « {t.replace('_', ' ')} ».",
        )
    soldees = any(
        "solde" in normaliser(str(r.get("rubrique", "")))
        or "archive" in normaliser(str(r.get("rubrique", "")))
        for r in rubriques
    )
    c.exiger(
        soldees,
        "factures_soldees",
        "Le plan ne prévoit pas où passent les factures une fois soldées (lettrées) : une rubrique d'archive.",
        "B4.2-K05",
    )
    return c.resultat()
