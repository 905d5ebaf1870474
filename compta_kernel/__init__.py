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

pandas n'est importé qu'au premier état demandé : ``import compta_kernel`` reste rapide.
"""

from compta_kernel import pcg
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
from compta_kernel.livre import Livre
from compta_kernel.messages import verifier_courriel
from compta_kernel.montants import CENT, ZERO, arrondir, montant
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
from compta_kernel.presentation import format_date, format_montant
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
