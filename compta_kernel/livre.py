"""Le livre comptable d'une entreprise pour un exercice.

Le :class:`Livre` tient les journaux (achats, ventes, banque, opérations
diverses, salaires, immobilisations, à-nouveaux, situation), numérote les
écritures en séquence continue par journal, refuse une écriture hors exercice
ou dans une période clôturée, et ne corrige jamais une écriture passée :
on la contre-passe (principe d'intangibilité, PCG art. 911-3 et Code de
commerce art. R123-173 et suivants). Les à-nouveaux de l'exercice suivant se
génèrent à partir d'un exercice clôturé.

Stockage en colonnes (pandas) : une écriture n'est un objet :class:`Ecriture`
qu'aux bords de l'API ; états et FEC travaillent sur les colonnes, ce qui
garde rapides les livres d'un million de lignes.

Utilisé par toutes les activités qui comptabilisent (B1, B2, B3.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compta_kernel import pcg
from compta_kernel.ecritures import Ecriture, Ligne, normaliser_compte
from compta_kernel.erreurs import (
    CompteInconnu,
    ContrePassationImpossible,
    DateHorsExercice,
    EcritureIntrouvable,
    ErreurComptable,
    ExerciceInvalide,
    JournalInconnu,
    PeriodeCloturee,
)
from compta_kernel.montants import depuis_centimes, en_centimes

if TYPE_CHECKING:
    import pandas as pd

JOURNAUX_PAR_DEFAUT: Mapping[str, str] = {
    "AC": "Journal des achats",
    "VT": "Journal des ventes",
    "BQ": "Journal de banque",
    "CA": "Journal de caisse",
    "OD": "Journal des opérations diverses",
    "SA": "Journal des salaires",
    "IM": "Journal des immobilisations",
    "SI": "Journal de situation (inventaire)",
    "AN": "Journal des à-nouveaux",
}

#: Colonnes de la table des lignes, dans l'ordre.
COLONNES = (
    "id_ecriture",
    "journal",
    "numero",
    "date",
    "piece",
    "date_piece",
    "libelle",
    "compte",
    "tiers",
    "debit",
    "credit",
    "echeance",
    "lettrage",
    "date_lettrage",
    "date_validation",
    "montant_devise",
    "devise",
)
_DATES = ("date", "date_piece", "echeance", "date_lettrage", "date_validation")
_CATEGORIES = ("journal", "compte", "tiers")


def _date(valeur) -> dt.date:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    from compta_kernel.presentation import lire_date

    return lire_date(valeur)


class Livre:
    """Le livre d'un exercice : journaux, écritures passées, périodes clôturées.

    Args:
        debut, fin: dates d'ouverture et de clôture de l'exercice (au plus 24 mois).
        raison_sociale: nom de l'entreprise (pour les états).
        journaux: codes et libellés des journaux ouverts (par défaut :data:`JOURNAUX_PAR_DEFAUT`).
        horloge: fonction qui donne la date de validation (par défaut aujourd'hui).

    >>> import datetime as dt
    >>> livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    >>> e = livre.passer(Ecriture("VT", dt.date(2026, 3, 2), "F001", "Facture F001 Dupont", (
    ...     Ligne("411DUPONT", debit="1 200,00"), Ligne("706", credit="1 000,00"),
    ...     Ligne("44571", credit="200,00"))))
    >>> e.numero
    'VT000001'
    """

    def __init__(
        self,
        debut: dt.date,
        fin: dt.date,
        *,
        raison_sociale: str = "",
        journaux: Mapping[str, str] | None = None,
        horloge: Callable[[], dt.date] | None = None,
    ) -> None:
        debut, fin = _date(debut), _date(fin)
        if fin <= debut:
            raise ExerciceInvalide(
                f"L'exercice se termine le {fin:%d/%m/%Y}, avant son ouverture le {debut:%d/%m/%Y} : "
                "inversez les deux dates."
            )
        if (fin - debut).days > 731:
            raise ExerciceInvalide(
                f"L'exercice du {debut:%d/%m/%Y} au {fin:%d/%m/%Y} dépasse 24 mois, "
                "durée maximale d'un exercice (premier exercice compris)."
            )
        self.debut = debut
        self.fin = fin
        self.raison_sociale = raison_sociale
        self.journaux: dict[str, str] = dict(JOURNAUX_PAR_DEFAUT if journaux is None else journaux)
        self._horloge = horloge or dt.date.today
        self._libelles_comptes: dict[str, str] = {}
        self._libelles_tiers: dict[str, str] = {}
        self._comptes_valides: set[str] = set()
        self._sequences: dict[str, int] | None = {}  # dernier numéro par journal ; None : à calculer
        self._numeros: dict[str, int] | None = {}  # numéro d'écriture -> id_ecriture
        self._libelles_ecritures: dict[int, str] = {}  # quand il diffère de celui de la 1re ligne
        self._contre_passations: dict[str, str] = {}  # numéro contre-passé -> numéro de la contre-passation
        self._cloture_jusqu_au: dt.date | None = None
        self._exercice_cloture = False
        self._derniere_validation: dt.date | None = None
        self._nb_ecritures = 0
        self._en_attente: list[tuple] = []
        self._table_cache: pd.DataFrame | None = None

    # ------------------------------------------------------------------ plan et journaux
    def ouvrir_journal(self, code: str, libelle: str) -> None:
        """Ouvre un journal supplémentaire (code court en majuscules, libellé)."""
        code = str(code).strip().upper()
        if not code or not str(libelle).strip():
            raise JournalInconnu("Un journal a un code et un libellé, tous deux non vides.", champ="journal")
        self.journaux[code] = str(libelle).strip()

    def ouvrir_compte(self, numero: str, libelle: str) -> str:
        """Ouvre un sous-compte ou un compte de tiers avec son libellé (« 401DUPONT », « Dupont SA »).

        Returns:
            le numéro normalisé.

        Raises:
            CompteInconnu: si le numéro ne se rattache à aucun compte du PCG.
        """
        numero = self._valider_compte(numero)
        self._libelles_comptes[numero] = str(libelle).strip()
        return numero

    def ouvrir_tiers(self, code: str, libelle: str) -> str:
        """Enregistre un compte auxiliaire (client, fournisseur) : code et nom."""
        code = normaliser_compte(code)
        self._libelles_tiers[code] = str(libelle).strip()
        return code

    def comptes_ouverts(self) -> dict[str, str]:
        """Comptes ouverts dans ce livre ou déjà mouvementés, avec leur libellé, dans l'ordre du plan."""
        comptes = dict(self._libelles_comptes)
        if self._nb_ecritures:
            for numero in self.table()["compte"].cat.categories:
                if numero not in comptes:
                    comptes[str(numero)] = self.libelle_compte(str(numero))
        return dict(sorted(comptes.items()))

    def libelle_compte(self, numero: str) -> str:
        """Libellé d'un compte : celui ouvert dans ce livre, sinon celui du PCG."""
        numero = normaliser_compte(numero)
        if numero in self._libelles_comptes:
            return self._libelles_comptes[numero]
        return pcg.libelle(numero)

    def libelle_tiers(self, code: str) -> str:
        """Nom d'un tiers (son code s'il n'a pas été enregistré)."""
        return self._libelles_tiers.get(code, code)

    def _valider_compte(self, numero: str) -> str:
        numero = normaliser_compte(numero)
        if numero not in self._comptes_valides:
            if numero not in self._libelles_comptes:
                pcg.compte(numero)  # lève CompteInconnu avec des suggestions
            self._comptes_valides.add(numero)
        return numero

    # ------------------------------------------------------------------ périodes
    @property
    def cloture_jusqu_au(self) -> dt.date | None:
        """Dernier jour clôturé (aucune écriture ne peut plus y être passée), ou ``None``."""
        return self._cloture_jusqu_au

    @property
    def est_cloture(self) -> bool:
        """Vrai quand l'exercice entier est clôturé."""
        return self._exercice_cloture

    def cloturer_periode(self, jusqu_au: dt.date) -> None:
        """Clôture toutes les périodes jusqu'au jour donné inclus (une clôture est définitive).

        Raises:
            DateHorsExercice: si la date n'est pas dans l'exercice.
            PeriodeCloturee: si l'on tente de rouvrir une période déjà clôturée.
        """
        jusqu_au = _date(jusqu_au)
        self._verifier_dans_exercice(jusqu_au, "de clôture")
        if self._cloture_jusqu_au and jusqu_au < self._cloture_jusqu_au:
            raise PeriodeCloturee(
                f"Les périodes sont déjà clôturées jusqu'au {self._cloture_jusqu_au:%d/%m/%Y} : "
                "une clôture est définitive, on ne peut pas la ramener au "
                f"{jusqu_au:%d/%m/%Y}."
            )
        self._cloture_jusqu_au = jusqu_au

    def cloturer_exercice(self) -> None:
        """Clôture l'exercice : plus aucune écriture, les à-nouveaux peuvent être générés."""
        self.cloturer_periode(self.fin)
        self._exercice_cloture = True

    def _verifier_dans_exercice(self, jour: dt.date, quoi: str = "") -> None:
        if not self.debut <= jour <= self.fin:
            raise DateHorsExercice(
                f"La date {quoi + ' ' if quoi else ''}{jour:%d/%m/%Y} est hors de l'exercice "
                f"(du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}). Corrigez la date ou passez "
                "l'écriture dans le livre de l'exercice concerné.",
                champ="date",
            )

    def _verifier_ouverte(self, jour: dt.date) -> None:
        self._verifier_dans_exercice(jour)
        if self._cloture_jusqu_au and jour <= self._cloture_jusqu_au:
            raise PeriodeCloturee(
                f"La période du {jour:%d/%m/%Y} est clôturée (jusqu'au {self._cloture_jusqu_au:%d/%m/%Y}) : "
                "elle n'accepte plus d'écriture. Passez l'écriture à une date postérieure, "
                "par exemple en régularisation.",
                champ="date",
            )

    # ------------------------------------------------------------------ écritures
    def passer(self, ecriture: Ecriture) -> Ecriture:
        """Passe (valide) une écriture au livre et la renvoie numérotée.

        L'écriture reçoit le numéro suivant de son journal (``VT000012``) et la
        date de validation. Elle ne pourra plus être modifiée ni supprimée.

        Raises:
            JournalInconnu, DateHorsExercice, PeriodeCloturee, CompteInconnu: avec un
            message en français qui dit quoi corriger. Rien n'est enregistré.
        """
        if not isinstance(ecriture, Ecriture):
            raise TypeError("Livre.passer attend une Ecriture(journal, date, piece, libelle, lignes).")
        if ecriture.journal not in self.journaux:
            raise JournalInconnu(
                f"Le journal « {ecriture.journal} » n'est pas ouvert. Journaux disponibles : "
                + ", ".join(f"{c} ({lib})" for c, lib in self.journaux.items())
                + ".",
                champ="journal",
            )
        self._verifier_ouverte(ecriture.date)
        comptes = []
        for i, ligne in enumerate(ecriture.lignes, start=1):
            try:
                comptes.append(self._valider_compte(ligne.compte))
            except CompteInconnu as exc:
                raise CompteInconnu(
                    exc.numero, exc.suggestions, message=f"Ligne {i} : {exc.message}"
                ) from exc
        validation = self._horloge()
        if self._derniere_validation and validation < self._derniere_validation:
            validation = self._derniere_validation
        if self._sequences is None:  # livre importé : séquences lues à la première écriture passée
            self._sequences = _sequences(self._numeros_des_ecritures())
        sequence = self._sequences.get(ecriture.journal, 0) + 1
        numero = f"{ecriture.journal}{sequence:06d}"
        while numero in self._index_numeros():  # un FEC importé peut avoir numéroté autrement
            sequence += 1
            numero = f"{ecriture.journal}{sequence:06d}"
        passee = Ecriture(
            ecriture.journal,
            ecriture.date,
            ecriture.piece,
            ecriture.libelle,
            ecriture.lignes,
            numero=numero,
            date_piece=ecriture.date_piece,
            date_validation=validation,
        )
        self._enregistrer(passee)
        self._sequences[ecriture.journal] = sequence
        self._derniere_validation = validation
        return passee

    def _enregistrer(self, e: Ecriture) -> None:
        ident = self._nb_ecritures
        premiere = e.lignes[0].libelle or e.libelle
        if premiere != e.libelle:
            self._libelles_ecritures[ident] = e.libelle
        for ligne in e.lignes:
            self._en_attente.append(
                (
                    ident,
                    e.journal,
                    e.numero,
                    e.date,
                    e.piece,
                    e.date_piece,
                    ligne.libelle or e.libelle,
                    ligne.compte,
                    ligne.tiers,
                    en_centimes(ligne.debit),
                    en_centimes(ligne.credit),
                    ligne.echeance,
                    ligne.lettrage,
                    ligne.date_lettrage,
                    e.date_validation,
                    None if ligne.montant_devise is None else en_centimes(ligne.montant_devise),
                    ligne.devise,
                )
            )
        self._index_numeros()[e.numero] = ident
        self._nb_ecritures += 1

    def contre_passer(
        self, ecriture: Ecriture | str, *, date: dt.date | None = None, libelle: str | None = None
    ) -> Ecriture:
        """Annule une écriture passée en passant l'écriture inverse (contre-passation).

        L'écriture d'origine reste au livre, inchangée ; la contre-passation porte
        le même journal et la même pièce, débits et crédits inversés.

        Args:
            ecriture: l'écriture passée (ou son numéro, ``"VT000012"``).
            date: date de la contre-passation ; par défaut celle de l'écriture
                d'origine si sa période est ouverte, sinon le lendemain de la
                dernière période clôturée.
            libelle: libellé (par défaut « Contre-passation VT000012 ... »).

        Raises:
            ContrePassationImpossible: écriture non passée dans ce livre, ou déjà contre-passée.
        """
        numero = ecriture if isinstance(ecriture, str) else ecriture.numero
        if not numero or numero not in self._index_numeros():
            raise ContrePassationImpossible(
                "Seule une écriture passée dans ce livre peut être contre-passée : "
                f"le numéro « {numero or '(aucun)'} » est inconnu. Utilisez l'écriture renvoyée par passer()."
            )
        if numero in self._contre_passations:
            raise ContrePassationImpossible(
                f"L'écriture {numero} a déjà été contre-passée par l'écriture {self._contre_passations[numero]}."
            )
        origine = self.ecriture(numero)
        if date is None:
            date = origine.date
            if self._cloture_jusqu_au and date <= self._cloture_jusqu_au:
                date = self._cloture_jusqu_au + dt.timedelta(days=1)
        inverse = self.passer(origine.contre_passation(_date(date), libelle))
        self._contre_passations[numero] = inverse.numero
        return inverse

    def _numeros_des_ecritures(self):
        """Numéro de chaque écriture (première ligne de chacune), dans l'ordre."""
        import numpy as np

        ident = self.table()["id_ecriture"].to_numpy()
        premieres = np.flatnonzero(np.r_[True, ident[1:] != ident[:-1]]) if len(ident) else ident
        return self.table()["numero"].iloc[premieres]

    def _index_numeros(self) -> dict[str, int]:
        """Numéro d'écriture → identifiant interne (construit à la demande pour un FEC importé)."""
        if self._numeros is None:
            entetes = self.table().drop_duplicates("id_ecriture")
            self._numeros = dict(
                zip(entetes["numero"].tolist(), entetes["id_ecriture"].tolist(), strict=True)
            )
        return self._numeros

    def contre_passee_par(self, numero: str) -> str | None:
        """Numéro de l'écriture qui a contre-passé ``numero``, ou ``None``."""
        return self._contre_passations.get(numero)

    def __len__(self) -> int:
        """Nombre d'écritures passées."""
        return self._nb_ecritures

    @property
    def nb_lignes(self) -> int:
        """Nombre de lignes d'écriture au livre."""
        return len(self.table())

    def ecriture(self, numero: str) -> Ecriture:
        """L'écriture passée qui porte ce numéro.

        Raises:
            EcritureIntrouvable: aucun écriture de ce numéro.
        """
        if numero not in self._index_numeros():
            raise EcritureIntrouvable(f"Aucune écriture ne porte le numéro « {numero} » dans ce livre.")
        table = self.table()
        ident = self._index_numeros()[numero]
        positions = table["id_ecriture"].searchsorted([ident, ident + 1])
        return self._construire(ident, table.iloc[positions[0] : positions[1]])

    def ecritures(self, journal: str | None = None) -> Iterator[Ecriture]:
        """Les écritures passées, dans l'ordre de validation (éventuellement d'un seul journal)."""
        table = self.table()
        if journal is not None:
            table = table[table["journal"] == journal.upper()]
        for ident, groupe in table.groupby("id_ecriture", sort=True, observed=True):
            yield self._construire(int(ident), groupe)

    def _construire(self, ident: int, groupe: pd.DataFrame) -> Ecriture:
        import pandas as pd

        def jour(v):
            return None if pd.isna(v) else v.date()

        enregistrements = groupe.to_dict("records")
        premiere = enregistrements[0]
        libelle = self._libelles_ecritures.get(ident, premiere["libelle"])
        lignes = tuple(
            Ligne(
                compte=r["compte"],
                debit=depuis_centimes(r["debit"]),
                credit=depuis_centimes(r["credit"]),
                libelle="" if r["libelle"] == libelle else r["libelle"],
                tiers=r["tiers"],
                echeance=jour(r["echeance"]),
                lettrage=r["lettrage"],
                date_lettrage=jour(r["date_lettrage"]),
                montant_devise=None if pd.isna(r["montant_devise"]) else depuis_centimes(r["montant_devise"]),
                devise=r["devise"],
            )
            for r in enregistrements
        )
        return Ecriture(
            premiere["journal"],
            jour(premiere["date"]),
            premiere["piece"],
            libelle,
            lignes,
            numero=premiere["numero"],
            date_piece=jour(premiere["date_piece"]),
            date_validation=jour(premiere["date_validation"]),
        )

    # ------------------------------------------------------------------ stockage en colonnes
    def table(self) -> pd.DataFrame:
        """Les lignes du livre en colonnes (:data:`COLONNES`), montants en centimes (``int64``).

        C'est la représentation interne partagée par les états et le FEC ; à ne pas
        modifier. Pour des montants ``Decimal``, utilisez les états (balance, grand livre).
        """
        if self._en_attente or self._table_cache is None:
            self._table_cache = _consolider(self._table_cache, self._en_attente)
            self._en_attente = []
        return self._table_cache

    @classmethod
    def _depuis_table(
        cls,
        debut: dt.date,
        fin: dt.date,
        table: pd.DataFrame,
        *,
        journaux: Mapping[str, str],
        libelles_comptes: Mapping[str, str],
        libelles_tiers: Mapping[str, str],
        raison_sociale: str = "",
        libelles_ecritures: Mapping[int, str] | None = None,
    ) -> Livre:
        """Construit un livre à partir d'une table déjà validée (import FEC)."""
        import numpy as np

        livre = cls(debut, fin, raison_sociale=raison_sociale, journaux=journaux)
        livre._libelles_comptes.update(libelles_comptes)
        livre._libelles_tiers.update(libelles_tiers)
        livre._libelles_ecritures.update(libelles_ecritures or {})
        livre._table_cache = table = _typer(table)
        ident = table["id_ecriture"].to_numpy()
        premieres = np.flatnonzero(np.r_[True, ident[1:] != ident[:-1]]) if len(ident) else ident
        livre._numeros = None  # index construit à la première recherche par numéro
        livre._nb_ecritures = len(premieres)
        livre._sequences = None
        if len(premieres):
            livre._derniere_validation = table["date_validation"].max().date()
        return livre

    # ------------------------------------------------------------------ états
    def balance(self, *, jusqu_au: dt.date | None = None) -> pd.DataFrame:
        """Balance générale (voir :func:`compta_kernel.etats.balance`)."""
        from compta_kernel import etats

        return etats.balance(self, jusqu_au=jusqu_au)

    def balance_tiers(self, prefixe: str = "411", *, jusqu_au: dt.date | None = None) -> pd.DataFrame:
        """Balance auxiliaire des tiers d'un compte collectif (voir :func:`compta_kernel.etats.balance_tiers`)."""
        from compta_kernel import etats

        return etats.balance_tiers(self, prefixe, jusqu_au=jusqu_au)

    def balance_agee(self, prefixe: str = "411", *, au: dt.date | None = None) -> pd.DataFrame:
        """Balance âgée des tiers (voir :func:`compta_kernel.etats.balance_agee`)."""
        from compta_kernel import etats

        return etats.balance_agee(self, prefixe, au=au)

    def grand_livre(self, compte: str | None = None) -> pd.DataFrame:
        """Grand livre, d'un compte (ou d'une racine) ou de tous (voir :func:`compta_kernel.etats.grand_livre`)."""
        from compta_kernel import etats

        return etats.grand_livre(self, compte)

    def journal(self, code: str | None = None) -> pd.DataFrame:
        """Journal, d'un code journal ou de tous (voir :func:`compta_kernel.etats.journal`)."""
        from compta_kernel import etats

        return etats.journal(self, code)

    def bilan(self, *, precedent: Livre | pd.DataFrame | None = None):
        """Bilan au format du PCG, colonne N-1 depuis ``precedent`` (voir :func:`compta_kernel.etats_synthese.bilan`)."""
        from compta_kernel import etats_synthese

        return etats_synthese.bilan(self, precedent=precedent)

    def compte_de_resultat(self, *, precedent: Livre | pd.DataFrame | None = None) -> pd.DataFrame:
        """Compte de résultat au format du PCG (voir :func:`compta_kernel.etats_synthese.compte_de_resultat`)."""
        from compta_kernel import etats_synthese

        return etats_synthese.compte_de_resultat(self, precedent=precedent)

    # ------------------------------------------------------------------ FEC
    def exporter_fec(self, chemin: str | Path, siren: str) -> Path:
        """Écrit le fichier des écritures comptables (voir :func:`compta_kernel.fec.exporter`)."""
        from compta_kernel import fec

        return fec.exporter(self, chemin, siren)

    @classmethod
    def depuis_fec(
        cls,
        chemin: str | Path,
        *,
        debut: dt.date | None = None,
        fin: dt.date | None = None,
        encodage: str | None = None,
    ) -> Livre:
        """Lit un FEC et renvoie le livre (voir :func:`compta_kernel.fec.importer`)."""
        from compta_kernel import fec

        return fec.importer(chemin, debut=debut, fin=fin, encodage=encodage, classe=cls)

    # ------------------------------------------------------------------ à-nouveaux
    def a_nouveaux(self, *, debut: dt.date | None = None, fin: dt.date | None = None) -> Livre:
        """Ouvre le livre de l'exercice suivant avec l'écriture d'à-nouveaux.

        Reprend le solde de chaque compte de bilan (classes 1 à 5), par tiers pour
        les comptes auxiliaires. Si le résultat n'a pas été viré en classe 1, le
        solde des classes 6 et 7 est repris en 120 (bénéfice) ou 129 (perte).

        Args:
            debut, fin: dates du nouvel exercice (par défaut, les douze mois qui suivent).

        Raises:
            ErreurComptable: si l'exercice n'est pas clôturé.
        """
        if not self._exercice_cloture:
            raise ErreurComptable(
                "Les à-nouveaux se génèrent à partir d'un exercice clôturé : passez les écritures "
                "d'inventaire puis appelez cloturer_exercice()."
            )
        debut = _date(debut) if debut else self.fin + dt.timedelta(days=1)
        fin = _date(fin) if fin else _meme_duree(self.debut, self.fin, debut)
        suivant = Livre(
            debut, fin, raison_sociale=self.raison_sociale, journaux=self.journaux, horloge=self._horloge
        )
        suivant._libelles_comptes.update(self._libelles_comptes)
        suivant._libelles_tiers.update(self._libelles_tiers)
        lignes = list(_lignes_a_nouveaux(self.table()))
        if len(lignes) >= 2:
            suivant.passer(
                Ecriture(
                    "AN", debut, "AN", f"À-nouveaux au {debut:%d/%m/%Y}", tuple(lignes), date_piece=debut
                )
            )
        return suivant

    # ------------------------------------------------------------------ lettrage
    def lettrer_automatiquement(self, compte_ou_prefixe: str = "411", **options):
        """Lettre automatiquement un compte ou une racine (voir :func:`compta_kernel.lettrage.lettrer_automatiquement`).

        Seuls le code et la date de lettrage des lignes changent ; un écart de règlement
        toléré (``tolerance=``) est soldé par une nouvelle écriture en 658 ou 758.
        """
        from compta_kernel import lettrage

        return lettrage.lettrer_automatiquement(self, compte_ou_prefixe, **options)

    # ------------------------------------------------------------------ banque
    def rapprochement(self, releve, **options):
        """État de rapprochement du compte 512 avec un relevé (voir :func:`compta_kernel.rapprochement.rapprocher`).

        Options : ``compte``, ``pointages`` (manuels), ``automatique``, ``detecter``,
        ``precedent`` (état du mois précédent), ``jours``, ``debut``.
        """
        from compta_kernel import rapprochement

        return rapprochement.rapprocher(self, releve, **options)


def _lignes_a_nouveaux(table) -> Iterable[Ligne]:
    classe = table["compte"].astype(str).str[0]
    solde = table["debit"] - table["credit"]
    bilan = table[classe.isin(list("12345"))].assign(solde=solde)
    par_compte = bilan.groupby(["compte", "tiers"], observed=True, sort=True)["solde"].sum()
    for (compte, tiers), s in par_compte.items():
        if s:
            yield Ligne(
                compte, debit=depuis_centimes(max(s, 0)), credit=depuis_centimes(max(-s, 0)), tiers=tiers
            )
    resultat = -int(solde[classe.isin(["6", "7"])].sum())
    if resultat > 0:
        yield Ligne("120", credit=depuis_centimes(resultat), libelle="Résultat de l'exercice (bénéfice)")
    elif resultat < 0:
        yield Ligne("129", debit=depuis_centimes(-resultat), libelle="Résultat de l'exercice (perte)")


def _meme_duree(debut: dt.date, fin: dt.date, nouveau_debut: dt.date) -> dt.date:
    """Fin d'un exercice de douze mois qui commence à ``nouveau_debut``."""
    try:
        lendemain = nouveau_debut.replace(year=nouveau_debut.year + 1)
    except ValueError:  # 29 février
        lendemain = nouveau_debut.replace(year=nouveau_debut.year + 1, day=28) + dt.timedelta(days=1)
    return lendemain - dt.timedelta(days=1)


def _sequences(numeros) -> dict[str, int]:
    """Dernier numéro de séquence par préfixe de journal, pour les numéros de la forme ``VT000012``.

    Vectorisé (Arrow) : un FEC importé peut compter des centaines de milliers d'écritures.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parties = pc.extract_regex(pa.array(numeros, type=pa.string()), r"^(?P<code>[A-Z0-9]*?[A-Z])(?P<n>\d+)$")
    valides = parties.filter(parties.is_valid())
    if not len(valides):
        return {}
    table = pa.table({"code": valides.field("code"), "n": pc.cast(valides.field("n"), pa.int64())})
    maxima = table.group_by("code", use_threads=False).aggregate([("n", "max")])
    return dict(zip(maxima["code"].to_pylist(), maxima["n_max"].to_pylist(), strict=True))


def _table_vide():
    import pandas as pd

    return _typer(pd.DataFrame({c: [] for c in COLONNES}))


def _typer(table):
    """Impose les types des colonnes : catégories, dates, centimes entiers."""
    import pandas as pd

    table = table.loc[:, list(COLONNES)]
    types = {}
    for c in COLONNES:
        if c in _DATES:
            types[c] = "datetime64[s]"
        elif c in _CATEGORIES:
            types[c] = "category"
        elif c in ("id_ecriture", "debit", "credit"):
            types[c] = "int64"
        elif c == "montant_devise":
            types[c] = "Int64"
        else:
            types[c] = "str"
    for c, t in types.items():
        if c in _DATES:
            table[c] = pd.to_datetime(table[c]).astype(t) if table[c].dtype != t else table[c]
        elif str(table[c].dtype) != t:
            table[c] = table[c].astype(t)
    return table.reset_index(drop=True)


def _consolider(table, en_attente):
    import pandas as pd

    if not en_attente:
        return table if table is not None else _table_vide()
    nouvelles = _typer(pd.DataFrame.from_records(en_attente, columns=list(COLONNES)))
    if table is None or not len(table):
        return nouvelles
    from pandas.api.types import union_categoricals

    combinee = pd.concat([table, nouvelles], ignore_index=True)
    for c in _CATEGORIES:
        combinee[c] = union_categoricals([table[c], nouvelles[c]], sort_categories=True)
    return combinee
