"""Sujets du bloc 2, activités B2.2 et B2.3 (régularisations de clôture) : les données de chaque apprenant.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : le livre
d'une entreprise avant inventaire et les informations d'inventaire (prime d'assurance à
cheval sur deux exercices, abonnement facturé d'avance, facture non parvenue, client
douteux, stock de marchandises) de :func:`regularisations` ; la balance après inventaire
d'une entreprise à mettre en bilan, compte de résultat et résultat fiscal de
:func:`etats_synthese` ; le livre avant inventaire de la mise en situation
professionnelle du bloc de :func:`examen_cloture`. Les réponses attendues ne sont pas
ici : la correction du formateur les calcule avec :mod:`compta_kernel.cloture`,
:mod:`compta_kernel.etats_synthese` et :mod:`compta_kernel.immobilisations`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.etats_synthese import Vehicule
from compta_kernel.immobilisations import plan_amortissement
from compta_kernel.livre import Livre
from compta_kernel.montants import ZERO, arrondir
from compta_kernel.presentation import format_date, format_montant, format_taux
from graders.sujets_immobilisations import ENTREPRISES, _carte, _euros

EXERCICE = 2026
CLOTURE = dt.date(EXERCICE, 12, 31)
ASSUREURS = ("Mutuelle du Commerce", "Assurances Garnier", "Prévoyance Atlantique")
CLIENTS = ("Dubois SARL", "Chevalier et fils", "Lambert Distribution", "Épicerie Royer")
FOURNISSEURS = ("Grossiste Marchand", "Distri'Est", "Comptoir Lefèvre")
ABONNES = ("Cabinet Perrin", "Hôtel du Parc", "Clinique Saint-Jean")


def _fin_de_mois(annee: int, mois: int) -> dt.date:
    return dt.date(annee, mois, calendar.monthrange(annee, mois)[1])


def _periode_de_12_mois(debut_mois: int) -> tuple[dt.date, dt.date]:
    debut = dt.date(EXERCICE, debut_mois, 1)
    fin_mois = debut_mois - 1 or 12
    return debut, _fin_de_mois(EXERCICE + (debut_mois > 1), fin_mois)


@dataclass(frozen=True)
class SujetRegularisations:
    """Une entreprise au 31/12/2026, avant inventaire, et ses informations d'inventaire.

    Attributes:
        assurance: (montant HT, début, fin) de la prime annuelle comptabilisée en 616.
        abonnement: (montant HT, début, fin) de l'abonnement facturé d'avance, en 706.
        facture_non_parvenue: (fournisseur, montant HT) des marchandises livrées en décembre (607).
        client_douteux: (nom, créance TTC, taux de perte probable) du client transféré en 416.
        stock_initial, stock_final: stock de marchandises (37) au 01/01 et au 31/12.
        taux_tva: taux normal de TVA.
    """

    entreprise: str
    ville: str
    assurance: tuple[Decimal, dt.date, dt.date]
    assureur: str
    abonnement: tuple[Decimal, dt.date, dt.date]
    abonne: str
    facture_non_parvenue: tuple[str, Decimal]
    client_douteux: tuple[str, Decimal, Decimal]
    stock_initial: Decimal
    stock_final: Decimal
    taux_tva: Decimal

    def livre(self) -> Livre:
        """Le livre 2026 avant inventaire (un nouveau livre à chaque appel)."""
        livre = Livre(
            dt.date(EXERCICE, 1, 1), CLOTURE, raison_sociale=self.entreprise, horloge=lambda: CLOTURE
        )
        nom, creance, _ = self.client_douteux
        capital = self.stock_initial + creance + Decimal(20000)
        e = [
            Ecriture(
                "AN",
                dt.date(EXERCICE, 1, 1),
                "AN",
                "À-nouveaux",
                (
                    Ligne("37", debit=self.stock_initial),
                    Ligne("411", debit=creance, tiers="DOUTEUX"),
                    Ligne("512", debit="20000"),
                    Ligne("101", credit=capital),
                ),
            ),
        ]
        prime, debut, _ = self.assurance
        e.append(
            Ecriture(
                "BQ",
                debut,
                "ASS-" + str(EXERCICE),
                f"Prime d'assurance {self.assureur}",
                (Ligne("616", debit=prime), Ligne("512", credit=prime)),
            )
        )
        abo, debut_abo, _ = self.abonnement
        tva = arrondir(abo * self.taux_tva)
        e.append(
            Ecriture(
                "VT",
                debut_abo,
                "FV-ABO",
                f"Abonnement annuel {self.abonne}",
                (
                    Ligne("411", debit=abo + tva, tiers="ABONNE"),
                    Ligne("706", credit=abo),
                    Ligne("44571", credit=tva),
                ),
            )
        )
        e.append(
            Ecriture(
                "OD",
                dt.date(EXERCICE, 11, 30),
                "DOUTEUX",
                f"Client {nom} douteux",
                (Ligne("416", debit=creance, tiers="DOUTEUX"), Ligne("411", credit=creance, tiers="DOUTEUX")),
            )
        )
        for e_ in e:
            livre.passer(e_)
        return livre

    def _repr_html_(self) -> str:
        prime, d1, f1 = self.assurance
        abo, d2, f2 = self.abonnement
        fournisseur, ht = self.facture_non_parvenue
        nom, creance, perte = self.client_douteux
        return _carte(
            f"{self.entreprise} — {self.ville} — inventaire au {format_date(CLOTURE)}",
            [
                (
                    "Prime d'assurance (616)",
                    f"{format_montant(prime)} du {format_date(d1)} au {format_date(f1)}",
                ),
                (
                    "Abonnement facturé (706)",
                    f"{format_montant(abo)} HT du {format_date(d2)} au {format_date(f2)}",
                ),
                (
                    "Facture non parvenue",
                    (
                        f"{fournisseur} : marchandises livrées le 20/12, {format_montant(ht)} HT, "
                        f"TVA {format_taux(self.taux_tva)}"
                    ),
                ),
                (
                    f"Client douteux {nom} (416)",
                    (
                        f"créance {format_montant(creance)} TTC (TVA {format_taux(self.taux_tva)}), "
                        f"perte probable {format_taux(perte)} ; aucune dépréciation antérieure"
                    ),
                ),
                (
                    "Stock de marchandises (37)",
                    f"initial {format_montant(self.stock_initial)}, final {format_montant(self.stock_final)}",
                ),
            ],
            "Prorata des CCA et PCA en mois. Écritures d'inventaire au journal de situation (SI), datées du 31/12.",
        )


def regularisations(graine: bytes) -> SujetRegularisations:
    """Le sujet de l'apprenant de cette graine (devoir ``b2_regularisations``)."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    debut_assurance, fin_assurance = _periode_de_12_mois(hasard.randrange(3, 12))
    debut_abo, fin_abo = _periode_de_12_mois(hasard.randrange(2, 12))
    taux = regles.valeur("tva.taux.normal", CLOTURE)
    creance_ht = _euros(hasard, 1_000, 9_000, 100)
    return SujetRegularisations(
        entreprise,
        ville,
        (_euros(hasard, 600, 3_000, 12), debut_assurance, fin_assurance),
        hasard.choice(ASSUREURS),
        (_euros(hasard, 1_200, 6_000, 12), debut_abo, fin_abo),
        hasard.choice(ABONNES),
        (hasard.choice(FOURNISSEURS), _euros(hasard, 500, 5_000, 10)),
        (
            hasard.choice(CLIENTS),
            arrondir(creance_ht * (1 + taux)),
            Decimal(hasard.choice((20, 30, 40, 50, 60))) / 100,
        ),
        _euros(hasard, 5_000, 20_000, 100),
        _euros(hasard, 5_000, 20_000, 100),
        taux,
    )


# ---------------------------------------------------------------------- b2_etats_synthese
#: Postes du bilan demandés (intitulés du modèle du PCG, ``donnees/etats_synthese_2025.csv``).
POSTES_BILAN = (
    "Installations techniques, matériel et outillage industriels",
    "Autres immobilisations corporelles",
    "Marchandises",
    "Clients et comptes rattachés",
    "Charges constatées d'avance",
    "Disponibilités",
    "Emprunts et dettes auprès des établissements de crédit",
    "Dettes fournisseurs et comptes rattachés",
    "Dettes fiscales et sociales",
)
#: Postes du compte de résultat demandés.
POSTES_RESULTAT = (
    "Ventes de marchandises",
    "Achats de marchandises",
    "Variation de stocks (marchandises)",
    "Autres achats et charges externes",
    "Impôts, taxes et versements assimilés",
    "Salaires et traitements",
    "Charges sociales",
    "Dotations aux amortissements sur immobilisations",
    "Dotations aux dépréciations sur actif circulant",
    "Autres charges",
    "Intérêts et charges assimilées",
    "Reprises sur amortissements, dépréciations et provisions",
)
VEHICULES = (("Berline Peugeot 508", 130), ("SUV Renault Austral", 145), ("Break Skoda Superb", 128))


@dataclass(frozen=True)
class SujetEtatsSynthese:
    """Une entreprise de négoce au 31/12/2026 : sa balance après inventaire et ses informations fiscales.

    Attributes:
        materiel: (coût, mise en service) du matériel industriel (2154), linéaire sur 8 ans.
        vehicule: le véhicule de tourisme (2182), linéaire sur 5 ans, avec sa dotation 2026.
        montants: montants de l'exercice, par nature (ventes HT, achats HT, salaires...).
        provision_amende: provision pour litige (1511) dotée en 2025 pour une amende
            fiscale et réintégrée alors ; reprise en 2026 quand l'amende est payée.
        amende: l'amende payée en 2026 (6582).
        taxe_vehicules: taxe annuelle sur le véhicule de tourisme (63514).
    """

    entreprise: str
    ville: str
    materiel: tuple[Decimal, dt.date]
    vehicule: Vehicule
    montants: dict
    provision_amende: Decimal
    amende: Decimal
    taxe_vehicules: Decimal
    taux_tva: Decimal

    def _dotation_materiel(self) -> tuple[Decimal, Decimal]:
        """(cumul des amortissements au 31/12/2025, annuité 2026) du matériel."""
        cout, service = self.materiel
        plan = plan_amortissement(cout, service, 8).set_index("exercice")
        return plan.loc[EXERCICE - 1, "cumul"], plan.loc[EXERCICE, "annuite"]

    def livre(self) -> Livre:
        """Le livre 2026 après inventaire (un nouveau livre à chaque appel)."""
        m = self.montants
        cout, _ = self.materiel
        cumul_materiel, dotation_materiel = self._dotation_materiel()
        v = self.vehicule
        cumul_vehicule = (
            plan_amortissement(v.cout_ttc, v.acquisition, 5).set_index("exercice").loc[EXERCICE - 1, "cumul"]
        )
        taux = self.taux_tva
        debits = cout + v.cout_ttc + m["stock_initial"] + m["clients_initial"] + m["banque_initiale"]
        credits = (
            cumul_materiel
            + cumul_vehicule
            + self.provision_amende
            + m["emprunt_initial"]
            + m["fournisseurs_initial"]
            + m["capital"]
        )
        reserves = debits - credits
        debut, fin = dt.date(EXERCICE, 1, 1), CLOTURE
        ecritures = [
            Ecriture(
                "AN",
                debut,
                "AN",
                "À-nouveaux",
                (
                    Ligne("2154", debit=cout),
                    Ligne("2182", debit=v.cout_ttc),
                    Ligne("37", debit=m["stock_initial"]),
                    Ligne("411", debit=m["clients_initial"]),
                    Ligne("512", debit=m["banque_initiale"]),
                    Ligne("28154", credit=cumul_materiel),
                    Ligne("28182", credit=cumul_vehicule),
                    Ligne("1511", credit=self.provision_amende),
                    Ligne("164", credit=m["emprunt_initial"]),
                    Ligne("401", credit=m["fournisseurs_initial"]),
                    Ligne("101", credit=m["capital"]),
                    Ligne("1068", credit=reserves),
                ),
            )
        ]
        ventes, achats, externes = m["ventes"], m["achats"], m["charges_externes"]
        tva_ventes, tva_achats, tva_externes = (arrondir(x * taux) for x in (ventes, achats, externes))

        def ecriture(journal, jour, piece, libelle, *lignes):
            ecritures.append(Ecriture(journal, jour, piece, libelle, tuple(lignes)))

        ecriture(
            "VT",
            fin,
            "VT-2026",
            "Ventes de l'exercice",
            Ligne("411", debit=ventes + tva_ventes),
            Ligne("707", credit=ventes),
            Ligne("44571", credit=tva_ventes),
        )
        ecriture(
            "AC",
            fin,
            "AC-2026",
            "Achats de l'exercice",
            Ligne("607", debit=achats),
            Ligne("44566", debit=tva_achats),
            Ligne("401", credit=achats + tva_achats),
        )
        ecriture(
            "AC",
            fin,
            "FG-2026",
            "Charges externes de l'exercice",
            Ligne("616", debit=m["assurance"]),
            Ligne("613", debit=externes - m["assurance"]),
            Ligne("44566", debit=tva_externes),
            Ligne("401", credit=externes + tva_externes),
        )
        clients_final = m["clients_final"]
        ecriture(
            "BQ",
            fin,
            "BQ-ENC",
            "Encaissements clients",
            Ligne("512", debit=m["clients_initial"] + ventes + tva_ventes - clients_final),
            Ligne("411", credit=m["clients_initial"] + ventes + tva_ventes - clients_final),
        )
        paye = (
            m["fournisseurs_initial"]
            + achats
            + tva_achats
            + externes
            + tva_externes
            - m["fournisseurs_final"]
        )
        ecriture(
            "BQ",
            fin,
            "BQ-FRS",
            "Règlements fournisseurs",
            Ligne("401", debit=paye),
            Ligne("512", credit=paye),
        )
        salaires, sociales, urssaf = m["salaires"], m["charges_sociales"], m["urssaf_decembre"]
        ecriture(
            "OD",
            fin,
            "PAIE",
            "Salaires et charges sociales de l'exercice",
            Ligne("641", debit=salaires),
            Ligne("645", debit=sociales),
            Ligne("431", credit=urssaf),
            Ligne("512", credit=salaires + sociales - urssaf),
        )
        tva_due = tva_ventes - tva_achats - tva_externes
        ecriture(
            "OD",
            fin,
            "TVA",
            "TVA de l'exercice : déclarée, payée sauf décembre",
            Ligne("44571", debit=tva_ventes),
            Ligne("44566", credit=tva_achats + tva_externes),
            Ligne("44551", credit=m["tva_decembre"]),
            Ligne("512", credit=tva_due - m["tva_decembre"]),
        )
        ecriture(
            "BQ",
            dt.date(EXERCICE, 3, 15),
            "TVS",
            "Taxe annuelle sur le véhicule de tourisme",
            Ligne("63514", debit=self.taxe_vehicules),
            Ligne("512", credit=self.taxe_vehicules),
        )
        ecriture(
            "BQ",
            dt.date(EXERCICE, 6, 10),
            "AMENDE",
            "Amende fiscale (contrôle de 2025)",
            Ligne("6582", debit=self.amende),
            Ligne("512", credit=self.amende),
        )
        ecriture(
            "BQ",
            fin,
            "EMPRUNT",
            "Échéances de l'emprunt",
            Ligne("164", debit=m["remboursement"]),
            Ligne("661", debit=m["interets"]),
            Ligne("512", credit=m["remboursement"] + m["interets"]),
        )
        # Écritures d'inventaire (journal de situation), déjà passées par le cabinet.
        douteux, depreciation = m["creance_douteuse"], m["depreciation"]
        fnp = m["facture_non_parvenue"]
        tva_fnp = arrondir(fnp * taux)
        inventaire = (
            (
                "Dotations aux amortissements",
                Ligne("6811", debit=dotation_materiel + v.dotation),
                Ligne("28154", credit=dotation_materiel),
                Ligne("28182", credit=v.dotation),
            ),
            (
                "Provision pour amende : reprise",
                Ligne("1511", debit=self.provision_amende),
                Ligne("7815", credit=self.provision_amende),
            ),
            (
                "Variation des stocks",
                Ligne("6037", debit=m["stock_initial"]),
                Ligne("37", credit=m["stock_initial"]),
                Ligne("37", debit=m["stock_final"]),
                Ligne("6037", credit=m["stock_final"]),
            ),
            ("Charge constatée d'avance", Ligne("486", debit=m["cca"]), Ligne("616", credit=m["cca"])),
            ("Client douteux", Ligne("416", debit=douteux), Ligne("411", credit=douteux)),
            (
                "Dépréciation du client douteux",
                Ligne("6817", debit=depreciation),
                Ligne("491", credit=depreciation),
            ),
            (
                "Facture non parvenue",
                Ligne("607", debit=fnp),
                Ligne("44586", debit=tva_fnp),
                Ligne("408", credit=fnp + tva_fnp),
            ),
        )
        for libelle, *lignes in inventaire:
            ecriture("SI", fin, "INVENTAIRE", libelle, *lignes)
        livre = Livre(debut, fin, raison_sociale=self.entreprise, horloge=lambda: CLOTURE)
        for e in ecritures:
            livre.passer(e)
        return livre

    def balance(self):
        """La balance après inventaire (``compte``, ``libelle``, ``solde_debiteur``, ``solde_crediteur``)."""
        balance = self.livre().balance()[["compte", "libelle", "solde_debiteur", "solde_crediteur"]]
        balance.attrs["titre"] = f"Balance après inventaire au {format_date(CLOTURE)} — {self.entreprise}"
        return balance

    def _repr_html_(self) -> str:
        v = self.vehicule
        cout, service = self.materiel
        return _carte(
            f"{self.entreprise} — {self.ville} — comptes annuels au {format_date(CLOTURE)}",
            [
                ("Balance après inventaire", "sujet.balance() (écritures d'inventaire passées)"),
                (
                    "Matériel industriel (2154)",
                    f"{format_montant(cout)}, mis en service le {format_date(service)}",
                ),
                (
                    f"Véhicule de tourisme (2182) : {v.designation}",
                    (
                        f"coût TTC {format_montant(v.cout_ttc)}, {v.co2} g de CO2/km (WLTP), acquis le "
                        f"{format_date(v.acquisition)}, linéaire sur 5 ans : dotation 2026 {format_montant(v.dotation)}"
                    ),
                ),
                ("Taxe annuelle sur le véhicule (63514)", format_montant(self.taxe_vehicules)),
                (
                    "Amende fiscale payée en 2026 (6582)",
                    (
                        f"{format_montant(self.amende)} ; la provision de {format_montant(self.provision_amende)} "
                        "dotée en 2025 (1511) avait été réintégrée ; elle est reprise en 2026 (7815)"
                    ),
                ),
                ("Société", "PME : capital entièrement libéré, détenu à 100 % par des personnes physiques"),
            ],
            "Impôt sur les sociétés : taux et plafonds de l'exercice clos le 31/12/2026.",
        )


def etats_synthese(graine: bytes) -> SujetEtatsSynthese:
    """Le sujet de l'apprenant de cette graine (devoir ``b2_etats_synthese``)."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    taux = regles.valeur("tva.taux.normal", CLOTURE)
    designation, co2 = hasard.choice(VEHICULES)
    cout_vehicule = _euros(hasard, 26_000, 42_000, 100)
    acquisition = dt.date(EXERCICE - 1, hasard.randrange(2, 12), 1)
    dotation_vehicule = (
        plan_amortissement(cout_vehicule, acquisition, 5).set_index("exercice").loc[EXERCICE, "annuite"]
    )
    vehicule = Vehicule(designation, cout_vehicule, co2, acquisition, dotation_vehicule)
    materiel = (
        _euros(hasard, 40_000, 90_000, 500),
        dt.date(EXERCICE - hasard.randrange(2, 5), hasard.randrange(1, 13), 1),
    )
    salaires = _euros(hasard, 60_000, 110_000, 500)
    creance_ht = _euros(hasard, 2_000, 6_000, 100)
    douteux = arrondir(creance_ht * (1 + taux))
    m = {
        "stock_initial": _euros(hasard, 12_000, 30_000, 100),
        "stock_final": _euros(hasard, 12_000, 30_000, 100),
        "clients_initial": _euros(hasard, 20_000, 40_000, 100),
        "clients_final": _euros(hasard, 25_000, 45_000, 100) + douteux,
        "fournisseurs_initial": _euros(hasard, 15_000, 30_000, 100),
        "fournisseurs_final": _euros(hasard, 15_000, 30_000, 100),
        "banque_initiale": _euros(hasard, 25_000, 50_000, 100),
        "emprunt_initial": _euros(hasard, 20_000, 60_000, 1_000),
        "remboursement": _euros(hasard, 5_000, 10_000, 500),
        "interets": _euros(hasard, 400, 1_500, 10),
        "capital": Decimal("50000.00"),
        "achats": _euros(hasard, 180_000, 300_000, 1_000),
        "charges_externes": _euros(hasard, 30_000, 60_000, 100),
        "assurance": _euros(hasard, 1_200, 3_600, 12),
        "salaires": salaires,
        "charges_sociales": arrondir(salaires * Decimal(hasard.choice((40, 42, 45))) / 100),
        "urssaf_decembre": _euros(hasard, 2_500, 4_500, 10),
        "tva_decembre": _euros(hasard, 3_000, 6_000, 10),
        "creance_douteuse": douteux,
        "depreciation": arrondir(creance_ht * Decimal(hasard.choice((30, 40, 50, 60))) / 100),
        "facture_non_parvenue": _euros(hasard, 1_000, 4_000, 10),
    }
    m["cca"] = arrondir(m["assurance"] * hasard.randrange(2, 10) / 12)
    provision = _euros(hasard, 1_500, 4_000, 100)
    amende = provision + _euros(hasard, 0, 800, 50)
    taxe = _euros(hasard, 300, 1_500, 10)
    # Ventes calculées pour un bénéfice avant impôt entre 55 000 et 140 000 € (les deux tranches d'IS).
    charges = (
        m["achats"]
        + m["facture_non_parvenue"]
        + m["stock_initial"]
        - m["stock_final"]
        + m["charges_externes"]
        - m["cca"]
        + salaires
        + m["charges_sociales"]
        + taxe
        + amende
        + m["interets"]
        + m["depreciation"]
        + dotation_vehicule
        + plan_amortissement(*materiel, 8).set_index("exercice").loc[EXERCICE, "annuite"]
        - provision
    )
    m["ventes"] = (charges + _euros(hasard, 55_000, 140_000, 100)).quantize(Decimal(100))
    assert m["ventes"] > ZERO
    return SujetEtatsSynthese(entreprise, ville, materiel, vehicule, m, provision, amende, taxe, taux)


# ---------------------------------------------------------------------- b2_examen_cloture
ACQUISITIONS_EXAMEN = (
    ("Serveur informatique", "2183", 4),
    ("Mobilier du magasin", "2184", 10),
    ("Rayonnages métalliques", "2184", 8),
)
MATERIELS_EXAMEN = ("Chariot élévateur", "Machine d'emballage", "Banc de découpe")


@dataclass(frozen=True)
class SujetExamenCloture:
    """Mise en situation professionnelle du bloc 2 : une entreprise de négoce au 31/12/2026, avant inventaire.

    Attributes:
        materiel: (désignation, coût, mise en service, durée) du matériel industriel (2154)
            en service depuis un exercice antérieur, amorti en linéaire.
        acquisition: (désignation, compte, coût HT, mise en service, durée) du bien acquis
            et mis en service en 2026, amorti en linéaire (prorata en jours, 30/360).
        assurance: (prime, début, fin) de la prime annuelle payée d'avance (616).
        facture_non_parvenue: (fournisseur, montant HT) des marchandises livrées le 22/12.
        ecart: (client, montant dû TTC, montant réglé) d'un règlement incomplet accepté.
        client_douteux: (client, créance TTC, taux de perte probable), encore en 411.
        stock_initial, stock_final: stock de marchandises (37).
    """

    entreprise: str
    ville: str
    materiel: tuple[str, Decimal, dt.date, int]
    acquisition: tuple[str, str, Decimal, dt.date, int]
    assurance: tuple[Decimal, dt.date, dt.date]
    assureur: str
    facture_non_parvenue: tuple[str, Decimal]
    ecart: tuple[str, Decimal, Decimal]
    client_douteux: tuple[str, Decimal, Decimal]
    stock_initial: Decimal
    stock_final: Decimal
    ventes: Decimal
    achats: Decimal
    taux_tva: Decimal

    def livre(self) -> Livre:
        """Le livre 2026 avant inventaire (un nouveau livre à chaque appel)."""
        _, cout, service, duree = self.materiel
        cumul = plan_amortissement(cout, service, duree).set_index("exercice").loc[EXERCICE - 1, "cumul"]
        nom_ecart, du, regle = self.ecart
        _, creance, _ = self.client_douteux
        taux = self.taux_tva
        banque = Decimal("25000.00")
        capital = cout + self.stock_initial + du + creance + banque - cumul
        debut = dt.date(EXERCICE, 1, 1)
        ecritures = [
            Ecriture(
                "AN",
                debut,
                "AN",
                "À-nouveaux",
                (
                    Ligne("2154", debit=cout),
                    Ligne("37", debit=self.stock_initial),
                    Ligne("411", debit=du, tiers="C-ECART"),
                    Ligne("411", debit=creance, tiers="C-DOUTEUX"),
                    Ligne("512", debit=banque),
                    Ligne("28154", credit=cumul),
                    Ligne("101", credit=capital),
                ),
            )
        ]
        designation, compte, ht, mise_en_service, _ = self.acquisition
        tva = arrondir(ht * taux)
        ecritures.append(
            Ecriture(
                "BQ",
                mise_en_service,
                "IMMO-2026",
                f"Acquisition {designation}",
                (Ligne(compte, debit=ht), Ligne("44562", debit=tva), Ligne("512", credit=ht + tva)),
            )
        )
        prime, debut_assurance, _ = self.assurance
        ecritures.append(
            Ecriture(
                "BQ",
                debut_assurance,
                "ASSURANCE",
                f"Prime annuelle {self.assureur}",
                (Ligne("616", debit=prime), Ligne("512", credit=prime)),
            )
        )
        ecritures.append(
            Ecriture(
                "BQ",
                dt.date(EXERCICE, 2, 12),
                "REG-ECART",
                f"Règlement {nom_ecart}",
                (Ligne("512", debit=regle), Ligne("411", credit=regle, tiers="C-ECART")),
            )
        )
        tva_ventes, tva_achats = arrondir(self.ventes * taux), arrondir(self.achats * taux)
        ecritures += [
            Ecriture(
                "VT",
                CLOTURE,
                "VT-2026",
                "Ventes de l'exercice (encaissées)",
                (
                    Ligne("512", debit=self.ventes + tva_ventes),
                    Ligne("707", credit=self.ventes),
                    Ligne("44571", credit=tva_ventes),
                ),
            ),
            Ecriture(
                "AC",
                CLOTURE,
                "AC-2026",
                "Achats de l'exercice (payés)",
                (
                    Ligne("607", debit=self.achats),
                    Ligne("44566", debit=tva_achats),
                    Ligne("512", credit=self.achats + tva_achats),
                ),
            ),
        ]
        livre = Livre(debut, CLOTURE, raison_sociale=self.entreprise, horloge=lambda: CLOTURE)
        for e in ecritures:
            livre.passer(e)
        return livre

    def _repr_html_(self) -> str:
        nom_m, cout, service, duree = self.materiel
        designation, compte, ht, mise_en_service, duree_a = self.acquisition
        prime, d1, f1 = self.assurance
        fournisseur, fnp = self.facture_non_parvenue
        nom_ecart, du, regle = self.ecart
        nom, creance, perte = self.client_douteux
        return _carte(
            f"{self.entreprise} — {self.ville} — travaux d'inventaire au {format_date(CLOTURE)}",
            [
                ("Livre avant inventaire", "sujet.livre() ; balance : sujet.livre().balance()"),
                (
                    f"{nom_m} (2154)",
                    f"{format_montant(cout)}, mis en service le {format_date(service)}, linéaire {duree} ans",
                ),
                (
                    f"{designation} ({compte})",
                    (
                        f"{format_montant(ht)} HT, mis en service le {format_date(mise_en_service)}, "
                        f"linéaire {duree_a} ans"
                    ),
                ),
                (
                    f"Prime d'assurance {self.assureur} (616)",
                    f"{format_montant(prime)} du {format_date(d1)} au {format_date(f1)}",
                ),
                (
                    "Facture non parvenue",
                    (
                        f"{fournisseur} : marchandises livrées le 22/12, {format_montant(fnp)} HT, "
                        f"TVA {format_taux(self.taux_tva)}"
                    ),
                ),
                (
                    f"Client {nom_ecart} (411)",
                    (
                        f"facture de {format_montant(du)} TTC réglée {format_montant(regle)} ; "
                        "la direction renonce au solde"
                    ),
                ),
                (
                    f"Client {nom} (411)",
                    (
                        f"en redressement judiciaire : créance {format_montant(creance)} TTC "
                        f"(TVA {format_taux(self.taux_tva)}), perte probable {format_taux(perte)}"
                    ),
                ),
                (
                    "Stock de marchandises (37)",
                    f"initial {format_montant(self.stock_initial)}, final {format_montant(self.stock_final)}",
                ),
            ],
            (
                "Toutes les écritures au journal de situation (SI), datées du 31/12/2026. Prorata des CCA "
                "en mois ; amortissements en linéaire, prorata en jours (mois de 30 jours)."
            ),
        )


def examen_cloture(graine: bytes) -> SujetExamenCloture:
    """Le sujet de l'apprenant de cette graine (devoir ``b2_examen_cloture``)."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    taux = regles.valeur("tva.taux.normal", CLOTURE)
    duree_m = hasard.choice((5, 8, 10))
    materiel = (
        hasard.choice(MATERIELS_EXAMEN),
        _euros(hasard, 12_000, 45_000, 500),
        dt.date(EXERCICE - hasard.randrange(1, 4), hasard.randrange(1, 13), hasard.choice((1, 10, 15))),
        duree_m,
    )
    designation, compte, duree_a = hasard.choice(ACQUISITIONS_EXAMEN)
    acquisition = (
        designation,
        compte,
        _euros(hasard, 3_000, 15_000, 100),
        dt.date(EXERCICE, hasard.randrange(2, 11), hasard.choice((1, 8, 15, 22))),
        duree_a,
    )
    debut_assurance, fin_assurance = _periode_de_12_mois(hasard.randrange(3, 12))
    du = _euros(hasard, 600, 3_000, 10) + Decimal(hasard.randrange(0, 100)) / 100
    ecart = Decimal(hasard.randrange(50, 500)) / 100
    creance_ht = _euros(hasard, 1_000, 8_000, 100)
    client_ecart, client_douteux = hasard.sample(CLIENTS, 2)
    return SujetExamenCloture(
        entreprise,
        ville,
        materiel,
        acquisition,
        (_euros(hasard, 900, 3_600, 12), debut_assurance, fin_assurance),
        hasard.choice(ASSUREURS),
        (hasard.choice(FOURNISSEURS), _euros(hasard, 500, 5_000, 10)),
        (client_ecart, du, du - ecart),
        (
            client_douteux,
            arrondir(creance_ht * (1 + taux)),
            Decimal(hasard.choice((25, 40, 50, 70))) / 100,
        ),
        _euros(hasard, 8_000, 25_000, 100),
        _euros(hasard, 8_000, 25_000, 100),
        _euros(hasard, 150_000, 300_000, 1_000),
        _euros(hasard, 80_000, 140_000, 1_000),
        taux,
    )
