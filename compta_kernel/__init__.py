"""Noyau comptable du cours « Assistant comptable » : Python pur, sans Jupyter.

Le noyau tient la comptabilité d'une entreprise fictive comme un logiciel
comptable français : plan comptable général (:mod:`compta_kernel.pcg`),
montants exacts (:mod:`compta_kernel.montants`), écritures équilibrées
(:mod:`compta_kernel.ecritures`), livre et journaux (:mod:`compta_kernel.livre`),
états (:mod:`compta_kernel.etats`), clôture (:mod:`compta_kernel.cloture`),
états de synthèse et résultat fiscal (:mod:`compta_kernel.etats_synthese`) et
fichier des écritures comptables (:mod:`compta_kernel.fec`). Les erreurs sont typées et parlent français
(:mod:`compta_kernel.erreurs`).

>>> import datetime as dt
>>> from compta_kernel import Ecriture, Ligne, Livre, montant
>>> livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
>>> _ = livre.passer(Ecriture("AC", dt.date(2026, 1, 15), "FA-118", "Achat marchandises Durand", (
...     Ligne("607", debit=montant("1 000,00")), Ligne("44566", debit=montant("200,00")),
...     Ligne("401DURAND", credit=montant("1 200,00")))))
>>> livre.balance()["solde_crediteur"].sum()
Decimal('1200.00')

Bloc 4 (accueil, organisation administrative) : :func:`penalites_retard`,
:func:`lettre_relance` et :func:`verifier_lettre_relance` (:mod:`compta_kernel.relances`),
:func:`planifier_reunion` (:mod:`compta_kernel.reunions`), :func:`verifier_courriel`
(:mod:`compta_kernel.messages`), :func:`duree_conservation` (:mod:`compta_kernel.archivage`).

TVA (B1.3) : :func:`declaration_tva` (lignes de la CA3 et écriture de liquidation),
:func:`date_limite_tva`, :func:`controle_tva`, :func:`regime_applicable` (:mod:`compta_kernel.tva`).

Pièces (B1.1) : :class:`Piece`, :func:`lire_facturx`, :func:`ecrire_facturx`
(:mod:`compta_kernel.pieces`), :func:`verifier_piece` (:mod:`compta_kernel.verification`),
:func:`pre_imputation`, :func:`cout_entree`, :func:`compte_immobilisation`,
:func:`ecriture_acquisition` (:mod:`compta_kernel.imputation`).

Lettrage et suivi des paiements (B1.1) : :func:`lettrer`, :func:`lettrer_automatiquement`
(aussi ``Livre.lettrer_automatiquement``), :func:`delettrer`, :func:`factures_a_payer`,
:func:`factures_a_encaisser` (:mod:`compta_kernel.lettrage`) ; :func:`echeancier`,
:func:`liste_relance`, :class:`RegistreLitiges`, :func:`delai_moyen_paiement` (:mod:`compta_kernel.suivi`).

Banque et trésorerie (B1.2) : :func:`lire_releve` (CSV, OFX, CAMT.053), :func:`codifier`,
:func:`ecritures_banque` (:mod:`compta_kernel.banque`) ; :func:`rapprocher` (aussi
``Livre.rapprochement``) et :class:`EtatRapprochement` (:mod:`compta_kernel.rapprochement`) ;
:func:`plan_tresorerie` (:mod:`compta_kernel.tresorerie`).

pandas n'est importé qu'au premier état demandé, et les modules des blocs au premier usage
d'un de leurs noms : ``import compta_kernel`` reste rapide.
"""

import importlib
from typing import TYPE_CHECKING

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.erreurs import (
    Anomalie,
    CompteInconnu,
    ContrePassationImpossible,
    DateHorsExercice,
    EcritureDesequilibree,
    EcritureIntrouvable,
    EcritureInvalide,
    ErreurComptable,
    ExerciceInvalide,
    FecInvalide,
    FichierInvalide,
    JournalInconnu,
    LigneInvalide,
    MontantInvalide,
    PeriodeCloturee,
)
from compta_kernel.livre import Livre
from compta_kernel.montants import CENT, ZERO, arrondir, montant
from compta_kernel.presentation import format_date, format_montant

#: Noms publics des modules des blocs, importés au premier usage (``compta_kernel.bulletin``,
#: ``from compta_kernel import declaration_tva``) : ``import compta_kernel`` reste rapide.
_A_LA_DEMANDE = {
    "Bulletin": "compta_kernel.paie",
    "CoutEntree": "compta_kernel.imputation",
    "DeclarationCA3": "compta_kernel.tva",
    "Defaut": "compta_kernel.verification",
    "ElementsVariables": "compta_kernel.paie",
    "Employeur": "compta_kernel.paie",
    "EtatRapprochement": "compta_kernel.rapprochement",
    "FichierImmobilisations": "compta_kernel.immobilisations",
    "IbanInvalide": "compta_kernel.banque",
    "Immobilisation": "compta_kernel.immobilisations",
    "LettrageImpossible": "compta_kernel.lettrage",
    "LignePiece": "compta_kernel.pieces",
    "MouvementBancaire": "compta_kernel.banque",
    "PaieInvalide": "compta_kernel.paie",
    "Partie": "compta_kernel.pieces",
    "Piece": "compta_kernel.pieces",
    "PieceInvalide": "compta_kernel.pieces",
    "PlanTresorerie": "compta_kernel.tresorerie",
    "PointageInvalide": "compta_kernel.rapprochement",
    "PreImputation": "compta_kernel.imputation",
    "RegistreLitiges": "compta_kernel.suivi",
    "RegleCodification": "compta_kernel.banque",
    "Releve": "compta_kernel.banque",
    "ReleveInvalide": "compta_kernel.banque",
    "Salarie": "compta_kernel.paie",
    "SuiviInvalide": "compta_kernel.suivi",
    "TVAInvalide": "compta_kernel.tva",
    "avis_paiement": "compta_kernel.pieces",
    "bilan": "compta_kernel.etats_synthese",
    "bulletin": "compta_kernel.paie",
    "ca3": "compta_kernel.tva",
    "cession": "compta_kernel.immobilisations",
    "charge_a_payer": "compta_kernel.cloture",
    "charge_constatee_avance": "compta_kernel.cloture",
    "codifier": "compta_kernel.banque",
    "compte_de_resultat": "compta_kernel.etats_synthese",
    "compte_immobilisation": "compta_kernel.imputation",
    "controle_tva": "compta_kernel.tva",
    "controler_bulletin": "compta_kernel.paie",
    "cout_entree": "compta_kernel.imputation",
    "creance_douteuse": "compta_kernel.cloture",
    "creance_irrecouvrable": "compta_kernel.cloture",
    "date_limite_tva": "compta_kernel.tva",
    "declaration_tva": "compta_kernel.tva",
    "delai_moyen_paiement": "compta_kernel.suivi",
    "delettrer": "compta_kernel.lettrage",
    "depreciation_creance": "compta_kernel.cloture",
    "dsn_mensuelle": "compta_kernel.paie",
    "duree_conservation": "compta_kernel.archivage",
    "echeancier": "compta_kernel.suivi",
    "ecrire_facturx": "compta_kernel.pieces",
    "ecriture_acquisition": "compta_kernel.imputation",
    "ecriture_paie": "compta_kernel.paie",
    "ecritures_banque": "compta_kernel.banque",
    "factures_a_encaisser": "compta_kernel.lettrage",
    "factures_a_payer": "compta_kernel.lettrage",
    "lettre_relance": "compta_kernel.relances",
    "lettrer": "compta_kernel.lettrage",
    "lettrer_automatiquement": "compta_kernel.lettrage",
    "lire_facturx": "compta_kernel.pieces",
    "lire_releve": "compta_kernel.banque",
    "liste_relance": "compta_kernel.suivi",
    "penalites_retard": "compta_kernel.penalites",
    "pieces_non_soldees": "compta_kernel.lettrage",
    "plan_amortissement": "compta_kernel.immobilisations",
    "plan_derogatoire": "compta_kernel.immobilisations",
    "plan_tresorerie": "compta_kernel.tresorerie",
    "planifier_reunion": "compta_kernel.reunions",
    "pre_imputation": "compta_kernel.imputation",
    "produit_a_recevoir": "compta_kernel.cloture",
    "produit_constate_avance": "compta_kernel.cloture",
    "rapprocher": "compta_kernel.rapprochement",
    "rapprocher_paie": "compta_kernel.paie",
    "regime_applicable": "compta_kernel.tva",
    "resultat_fiscal": "compta_kernel.etats_synthese",
    "variation_stocks": "compta_kernel.cloture",
    "verifier_courriel": "compta_kernel.messages",
    "verifier_independance": "compta_kernel.cloture",
    "verifier_lettre_relance": "compta_kernel.relances",
    "verifier_piece": "compta_kernel.verification",
}

if TYPE_CHECKING:  # pour les outils d'analyse ; à l'exécution, voir __getattr__
    from compta_kernel.archivage import duree_conservation
    from compta_kernel.banque import (
        IbanInvalide,
        MouvementBancaire,
        RegleCodification,
        Releve,
        ReleveInvalide,
        codifier,
        ecritures_banque,
        lire_releve,
    )
    from compta_kernel.cloture import (
        charge_a_payer,
        charge_constatee_avance,
        creance_douteuse,
        creance_irrecouvrable,
        depreciation_creance,
        produit_a_recevoir,
        produit_constate_avance,
        variation_stocks,
        verifier_independance,
    )
    from compta_kernel.etats_synthese import bilan, compte_de_resultat, resultat_fiscal
    from compta_kernel.immobilisations import (
        FichierImmobilisations,
        Immobilisation,
        cession,
        plan_amortissement,
        plan_derogatoire,
    )
    from compta_kernel.imputation import (
        CoutEntree,
        PreImputation,
        compte_immobilisation,
        cout_entree,
        ecriture_acquisition,
        pre_imputation,
    )
    from compta_kernel.lettrage import (
        LettrageImpossible,
        delettrer,
        factures_a_encaisser,
        factures_a_payer,
        lettrer,
        lettrer_automatiquement,
        pieces_non_soldees,
    )
    from compta_kernel.messages import verifier_courriel
    from compta_kernel.paie import (
        Bulletin,
        ElementsVariables,
        Employeur,
        PaieInvalide,
        Salarie,
        bulletin,
        controler_bulletin,
        dsn_mensuelle,
        ecriture_paie,
        rapprocher_paie,
    )
    from compta_kernel.penalites import penalites_retard
    from compta_kernel.pieces import (
        LignePiece,
        Partie,
        Piece,
        PieceInvalide,
        avis_paiement,
        ecrire_facturx,
        lire_facturx,
    )
    from compta_kernel.rapprochement import EtatRapprochement, PointageInvalide, rapprocher
    from compta_kernel.relances import lettre_relance, verifier_lettre_relance
    from compta_kernel.reunions import planifier_reunion
    from compta_kernel.suivi import (
        RegistreLitiges,
        SuiviInvalide,
        delai_moyen_paiement,
        echeancier,
        liste_relance,
    )
    from compta_kernel.tresorerie import PlanTresorerie, plan_tresorerie
    from compta_kernel.tva import (
        DeclarationCA3,
        TVAInvalide,
        ca3,
        controle_tva,
        date_limite_tva,
        declaration_tva,
        regime_applicable,
    )
    from compta_kernel.verification import Defaut, verifier_piece


def __getattr__(nom: str):
    """Importe à la demande le module d'un nom public des blocs (PEP 562)."""
    module = _A_LA_DEMANDE.get(nom)
    if module is None:
        raise AttributeError(f"module 'compta_kernel' has no attribute {nom!r}")
    valeur = getattr(importlib.import_module(module), nom)
    globals()[nom] = valeur
    return valeur


def __dir__() -> list[str]:
    return sorted({*globals(), *_A_LA_DEMANDE})


__all__ = [
    "CENT",
    "ZERO",
    "Anomalie",
    "Bulletin",
    "CompteInconnu",
    "ContrePassationImpossible",
    "CoutEntree",
    "DateHorsExercice",
    "DeclarationCA3",
    "Defaut",
    "Ecriture",
    "EcritureDesequilibree",
    "EcritureIntrouvable",
    "EcritureInvalide",
    "ElementsVariables",
    "Employeur",
    "ErreurComptable",
    "EtatRapprochement",
    "ExerciceInvalide",
    "FecInvalide",
    "FichierImmobilisations",
    "FichierInvalide",
    "IbanInvalide",
    "Immobilisation",
    "JournalInconnu",
    "LettrageImpossible",
    "Ligne",
    "LigneInvalide",
    "LignePiece",
    "Livre",
    "MontantInvalide",
    "MouvementBancaire",
    "PaieInvalide",
    "Partie",
    "PeriodeCloturee",
    "Piece",
    "PieceInvalide",
    "PlanTresorerie",
    "PointageInvalide",
    "PreImputation",
    "RegistreLitiges",
    "RegleCodification",
    "Releve",
    "ReleveInvalide",
    "Salarie",
    "SuiviInvalide",
    "TVAInvalide",
    "arrondir",
    "avis_paiement",
    "bilan",
    "bulletin",
    "ca3",
    "cession",
    "charge_a_payer",
    "charge_constatee_avance",
    "codifier",
    "compte_de_resultat",
    "compte_immobilisation",
    "controle_tva",
    "controler_bulletin",
    "cout_entree",
    "creance_douteuse",
    "creance_irrecouvrable",
    "date_limite_tva",
    "declaration_tva",
    "delai_moyen_paiement",
    "delettrer",
    "depreciation_creance",
    "dsn_mensuelle",
    "duree_conservation",
    "echeancier",
    "ecrire_facturx",
    "ecriture_acquisition",
    "ecriture_paie",
    "ecritures_banque",
    "factures_a_encaisser",
    "factures_a_payer",
    "format_date",
    "format_montant",
    "lettre_relance",
    "lettrer",
    "lettrer_automatiquement",
    "lire_facturx",
    "lire_releve",
    "liste_relance",
    "montant",
    "pcg",
    "penalites_retard",
    "pieces_non_soldees",
    "plan_amortissement",
    "plan_derogatoire",
    "plan_tresorerie",
    "planifier_reunion",
    "pre_imputation",
    "produit_a_recevoir",
    "produit_constate_avance",
    "rapprocher",
    "rapprocher_paie",
    "regime_applicable",
    "resultat_fiscal",
    "variation_stocks",
    "verifier_courriel",
    "verifier_independance",
    "verifier_lettre_relance",
    "verifier_piece",
]
