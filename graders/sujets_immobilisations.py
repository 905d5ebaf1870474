"""Sujets du bloc 2, activité B2.1 (immobilisations) : les données de chaque apprenant, sans les réponses.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : la fiche
d'une machine à amortir (:func:`plans`), une acquisition et une cession de l'exercice
(:func:`cession`), un fichier des immobilisations et le livre de l'exercice à contrôler
(:func:`tableaux`). Les réponses attendues ne sont pas ici : les modules de correction
du formateur les calculent avec :mod:`compta_kernel.immobilisations`.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from decimal import Decimal

from compta_kernel import immobilisations, regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.immobilisations import FichierImmobilisations, Immobilisation
from compta_kernel.livre import Livre
from compta_kernel.montants import ZERO, arrondir
from compta_kernel.presentation import format_date, format_montant, format_taux

EXERCICE = 2026
ENTREPRISES = (
    ("Atelier Morel SARL", "Saint-Étienne"),
    ("Mécanique Bertrand SAS", "Annecy"),
    ("Boulangerie industrielle Lemoine", "Caen"),
    ("Plasturgie Garnier SA", "Oyonnax"),
    ("Menuiserie Roussel", "Épinal"),
    ("Imprimerie Vasseur", "Amiens"),
)
MACHINES = (
    "Presse plieuse hydraulique",
    "Tour à commande numérique",
    "Centre d'usinage vertical",
    "Four de cuisson à sole",
    "Machine de découpe laser",
    "Presse à injecter",
)
FOURNISSEURS = ("Machines Dufour SA", "Equip'Indus", "Outillage Perrin", "Technimeca")
# Désignation et compte des biens acquis dans l'exercice.
ACQUISITIONS = (
    ("Chariot élévateur électrique", "2154"),
    ("Camionnette de livraison", "2182"),
    ("Serveur informatique", "2183"),
    ("Mobilier de l'atelier", "2184"),
)
EVENEMENTS = {
    "acquisition": "acquisition",
    "depreciation": "dépréciation",
    "reprise_depreciation": "reprise de dépréciation",
    "cession": "cession (prix HT)",
    "mise_au_rebut": "mise au rebut",
}
ACQUEREURS = ("Occasions Industrielles Martin", "Recyclage Pro SARL", "Atelier Fabre", "SCOP Renouveau")


def _jour(hasard: random.Random, debut: dt.date, fin: dt.date) -> dt.date:
    return debut + dt.timedelta(days=hasard.randrange((fin - debut).days + 1))


def _euros(hasard: random.Random, mini: int, maxi: int, pas: int = 50) -> Decimal:
    return Decimal(hasard.randrange(mini, maxi, pas)).quantize(Decimal("0.01"))


def _carte(titre: str, lignes: list[tuple[str, str]], pied: str = "") -> str:
    e = html.escape
    corps = "".join(f"<tr><td>{e(a)}</td><td style='padding-left:1em'>{e(b)}</td></tr>" for a, b in lignes)
    return (
        '<div style="border:1px solid #999;padding:0.8em;max-width:44em;font-family:sans-serif">'
        f"<strong>{e(titre)}</strong><table>{corps}</table>{e(pied)}</div>"
    )


# ---------------------------------------------------------------------- b2_plans_amortissement
@dataclass(frozen=True)
class SujetPlans:
    """Une machine neuve à amortir : plan économique linéaire, plan fiscal dégressif.

    Attributes:
        entreprise, ville: l'entreprise (exercice du 1er janvier au 31 décembre).
        bien, compte, fournisseur, facture: la machine et sa facture d'achat.
        date_acquisition: date de la facture (transfert de propriété).
        date_mise_en_service: date du procès-verbal de mise en service.
        cout: coût d'entrée hors taxes (prix, transport et installation).
        duree: durée d'utilisation prévue, en années (égale à la durée d'usage fiscale).
    """

    entreprise: str
    ville: str
    bien: str
    compte: str
    fournisseur: str
    facture: str
    date_acquisition: dt.date
    date_mise_en_service: dt.date
    cout: Decimal
    duree: int

    def _repr_html_(self) -> str:
        return _carte(
            f"{self.entreprise} — {self.ville} — fiche d'immobilisation",
            [
                ("Bien", f"{self.bien} (neuf), compte {self.compte}"),
                ("Fournisseur", f"{self.fournisseur}, facture {self.facture}"),
                ("Date d'acquisition (facture)", format_date(self.date_acquisition)),
                ("Date de mise en service", format_date(self.date_mise_en_service)),
                ("Coût d'entrée HT", format_montant(self.cout)),
                ("Durée d'utilisation prévue", f"{self.duree} ans (durée d'usage de la profession)"),
                ("Exercice comptable", "du 1er janvier au 31 décembre"),
            ],
            "Utilisation régulière prévue sur toute la durée. Le dirigeant souhaite la déduction "
            "fiscale la plus rapide que permet la loi.",
        )


def plans(graine: bytes) -> SujetPlans:
    """La fiche de la machine à amortir de l'apprenant."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    acquisition = _jour(hasard, dt.date(EXERCICE, 2, 2), dt.date(EXERCICE, 10, 28))
    service = acquisition + dt.timedelta(days=hasard.randrange(4, 40))
    return SujetPlans(
        entreprise,
        ville,
        hasard.choice(MACHINES),
        "2154",
        hasard.choice(FOURNISSEURS),
        f"F{EXERCICE % 100}-{hasard.randrange(100, 9999):04d}",
        acquisition,
        service,
        _euros(hasard, 8_000, 60_000),
        hasard.choice((4, 5)),
    )


# ---------------------------------------------------------------------- b2_cession
@dataclass(frozen=True)
class SujetCession:
    """Une acquisition et une cession de l'exercice 2026, biens amortis en linéaire.

    Attributes:
        acquis: le bien acquis et mis en service en 2026.
        cede: le bien cédé en 2026 (sa fiche avant la cession).
        amortissements_ouverture: cumul des amortissements du bien cédé au 31/12/2025.
        date_cession, prix, taux_tva, acquereur: la facture de cession (prix hors taxes).
    """

    entreprise: str
    ville: str
    acquis: Immobilisation
    cede: Immobilisation
    amortissements_ouverture: Decimal
    date_cession: dt.date
    prix: Decimal
    taux_tva: Decimal
    acquereur: str

    def _repr_html_(self) -> str:
        a, c = self.acquis, self.cede
        tva = arrondir(self.prix * self.taux_tva)
        return _carte(
            f"{self.entreprise} — {self.ville} — exercice {EXERCICE} (clôture le 31/12/{EXERCICE})",
            [
                (f"Bien {a.code}", f"{a.libelle}, compte {a.compte}"),
                (
                    "  acquis le / mis en service le",
                    f"{format_date(a.date_acquisition)} / {format_date(a.date_mise_en_service)}",
                ),
                ("  coût d'entrée HT, plan", f"{format_montant(a.cout)}, linéaire {a.duree} ans"),
                (f"Bien {c.code}", f"{c.libelle}, compte {c.compte}"),
                ("  mis en service le", format_date(c.date_mise_en_service)),
                ("  coût d'entrée HT, plan", f"{format_montant(c.cout)}, linéaire {c.duree} ans"),
                (f"  amortissements au 31/12/{EXERCICE - 1}", format_montant(self.amortissements_ouverture)),
                (f"Cession de {c.code}", f"le {format_date(self.date_cession)} à {self.acquereur}"),
                ("  prix HT", format_montant(self.prix)),
                (f"  TVA {format_taux(self.taux_tva)}", format_montant(tva)),
                ("  prix TTC (à recevoir)", format_montant(self.prix + tva)),
            ],
            "Prorata linéaire : mois de 30 jours, année de 360 jours, jour de mise en service compris.",
        )


def cession(graine: bytes) -> SujetCession:
    """L'acquisition et la cession de l'exercice 2026 de l'apprenant."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    libelle, compte = hasard.choice(ACQUISITIONS)
    acquisition = _jour(hasard, dt.date(EXERCICE, 2, 1), dt.date(EXERCICE, 10, 31))
    acquis = Immobilisation(
        "ACQ1",
        libelle,
        compte,
        _euros(hasard, 6_000, 40_000),
        acquisition,
        acquisition + dt.timedelta(days=hasard.randrange(0, 21)),
        duree=hasard.choice((4, 5)),
    )
    service = _jour(hasard, dt.date(EXERCICE - 4, 1, 15), dt.date(EXERCICE - 2, 11, 30))
    cede = Immobilisation(
        "MAT1",
        hasard.choice(MACHINES),
        "2154",
        _euros(hasard, 12_000, 70_000),
        service,
        duree=hasard.choice((5, 8)),
    )
    date_cession = _jour(hasard, dt.date(EXERCICE, 3, 1), dt.date(EXERCICE, 11, 30))
    ouverture = cede.amortissements_au(dt.date(EXERCICE - 1, 12, 31))
    vnc_estimee = cede.cout - ouverture
    prix = (vnc_estimee * Decimal(hasard.randrange(55, 140)) / 100).quantize(Decimal("1E1"))
    return SujetCession(
        entreprise,
        ville,
        acquis,
        cede,
        ouverture,
        date_cession,
        prix.quantize(Decimal("0.01")),
        regles.valeur("tva.taux.normal", date_cession),
        hasard.choice(ACQUEREURS),
    )


# ---------------------------------------------------------------------- b2_tableaux_controle
@dataclass(frozen=True)
class SujetTableaux:
    """Le fichier des immobilisations et le livre de l'exercice 2026, à clôturer et à contrôler.

    Attributes:
        fichier: les fiches, avec les événements de 2026 (acquisition, cession, dépréciation).
        livre: le livre 2026 tel que l'a tenu le cabinet (à-nouveaux, acquisition, cession,
            dépréciation, dotations de l'exercice), qui contient des erreurs.
    """

    entreprise: str
    ville: str
    fichier: FichierImmobilisations
    livre: Livre

    def fiches(self):
        """Les fiches du fichier en tableau, avec les cumuls au 31/12/2025 et les événements de 2026."""
        import pandas as pd

        veille = dt.date(EXERCICE - 1, 12, 31)
        lignes = []
        for i in self.fichier:
            evenements = [
                f"{EVENEMENTS[m.nature]} le {format_date(m.date)} : {format_montant(m.montant)}"
                for m in i.historique
                if m.date.year == EXERCICE
            ]
            lignes.append(
                {
                    "code": i.code,
                    "bien": i.libelle,
                    "compte": i.compte,
                    "valeur_brute": i.cout,
                    "mise_en_service": format_date(i.date_mise_en_service),
                    "plan": f"linéaire {i.duree} ans",
                    "amortissements_au_31_12_2025": i.amortissements_au(veille)
                    if i.date_acquisition <= veille
                    else ZERO,
                    "depreciation_au_31_12_2025": i.depreciation_au(veille),
                    "evenements_2026": " ; ".join(evenements),
                }
            )
        return pd.DataFrame(lignes)

    def _repr_html_(self) -> str:
        from compta_kernel.presentation import style_francais

        entete = (
            f"<p><strong>{html.escape(self.entreprise)} — {html.escape(self.ville)}</strong> — fichier des "
            f"immobilisations, exercice {EXERCICE} (clôture le 31/12/{EXERCICE}). Prorata linéaire : mois de "
            "30 jours, année de 360 jours, jour de mise en service compris.</p>"
        )
        return entete + style_francais(self.fiches()).to_html()


def _a_nouveaux(fichier: FichierImmobilisations, jour: dt.date) -> Ecriture:
    veille = jour - dt.timedelta(days=1)
    soldes: dict[str, Decimal] = {}
    for i in fichier:
        if i.date_acquisition > veille:
            continue
        soldes[i.compte] = soldes.get(i.compte, ZERO) + i.cout
        soldes[i.compte_amortissement] = soldes.get(i.compte_amortissement, ZERO) - i.amortissements_au(
            veille
        )
        if i.depreciation_au(veille):
            soldes[i.compte_depreciation] = soldes.get(i.compte_depreciation, ZERO) - i.depreciation_au(
                veille
            )
    lignes = [Ligne(c, debit=max(s, ZERO), credit=max(-s, ZERO)) for c, s in sorted(soldes.items()) if s]
    lignes.append(Ligne("101", credit=sum(soldes.values(), ZERO)))
    return Ecriture("AN", jour, "AN", f"À-nouveaux au {format_date(jour)}", tuple(lignes))


def tableaux(graine: bytes) -> SujetTableaux:
    """Le fichier des immobilisations et le livre 2026 (avec deux dotations erronées) de l'apprenant."""
    hasard = random.Random(graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    debut, fin = dt.date(EXERCICE, 1, 1), dt.date(EXERCICE, 12, 31)
    conservee = Immobilisation(
        "MAT1",
        hasard.choice(MACHINES),
        "2154",
        _euros(hasard, 15_000, 60_000),
        _jour(hasard, dt.date(EXERCICE - 4, 1, 10), dt.date(EXERCICE - 2, 12, 10)),
        duree=hasard.choice((5, 8)),
    )
    cedee = Immobilisation(
        "MAT2",
        hasard.choice([m for m in MACHINES if m != conservee.libelle]),
        "2154",
        _euros(hasard, 10_000, 40_000),
        _jour(hasard, dt.date(EXERCICE - 5, 1, 10), dt.date(EXERCICE - 3, 12, 10)),
        duree=hasard.choice((5, 8)),
    )
    vehicule = Immobilisation(
        "VEH1",
        "Fourgon utilitaire",
        "2182",
        _euros(hasard, 20_000, 45_000),
        _jour(hasard, dt.date(EXERCICE - 2, 1, 10), dt.date(EXERCICE - 1, 6, 30)),
        duree=5,
    )
    depreciation = arrondir(vehicule.cout * Decimal(hasard.randrange(3, 9)) / 100)
    vehicule = vehicule.deprecier(
        dt.date(EXERCICE - 1, 12, 31), depreciation, "Accident, valeur d'usage en baisse"
    )
    if hasard.random() < 0.5:
        vehicule = vehicule.deprecier(fin, arrondir(depreciation / 2), "Dépréciation complémentaire")
    else:
        vehicule = vehicule.reprendre_depreciation(fin, arrondir(depreciation / 2), "Valeur d'usage remontée")
    logiciel = Immobilisation(
        "LOG1",
        "Logiciel de gestion de production",
        "205",
        _euros(hasard, 3_000, 12_000),
        _jour(hasard, dt.date(EXERCICE - 1, 2, 1), dt.date(EXERCICE - 1, 10, 31)),
        duree=3,
    )
    acquisition = _jour(hasard, dt.date(EXERCICE, 2, 1), dt.date(EXERCICE, 10, 31))
    nouvelle = Immobilisation(
        "INF1",
        "Serveur et postes informatiques",
        "2183",
        _euros(hasard, 4_000, 15_000),
        acquisition,
        acquisition + dt.timedelta(days=hasard.randrange(0, 15)),
        duree=hasard.choice((3, 4)),
    )
    date_cession = _jour(hasard, dt.date(EXERCICE, 3, 1), dt.date(EXERCICE, 10, 31))
    prix = (cedee.cout * Decimal(hasard.randrange(10, 40)) / 100).quantize(Decimal("1E1"))
    fichier = FichierImmobilisations(
        (conservee, cedee.ceder(date_cession, prix), vehicule, logiciel, nouvelle)
    )

    livre = Livre(debut, fin, raison_sociale=entreprise, horloge=lambda: fin)
    livre.passer(_a_nouveaux(fichier, debut))
    tva = arrondir(nouvelle.cout * regles.valeur("tva.taux.normal", acquisition))
    livre.passer(
        Ecriture(
            "AC",
            acquisition,
            f"FA-{hasard.randrange(100, 999)}",
            f"Acquisition {nouvelle.code} {nouvelle.libelle}",
            (
                Ligne("2183", debit=nouvelle.cout),
                Ligne("44562", debit=tva),
                Ligne("404", credit=nouvelle.cout + tva),
            ),
        )
    )
    for e in immobilisations.cession(
        cedee, date_cession, prix, taux_tva=regles.valeur("tva.taux.normal", date_cession)
    ):
        livre.passer(e)
    for e in fichier.ecritures_depreciations(EXERCICE):
        livre.passer(e)
    erreur_bis = hasard.choice(("oubli", "annuite_precedente", "chiffres"))
    for e in fichier.ecritures_dotations(EXERCICE):
        code = e.piece.rsplit("-", 1)[-1]
        if code == "INF1":  # annuité pleine, prorata oublié
            pleine = arrondir(nouvelle.cout / nouvelle.duree)
            e = Ecriture(
                e.journal,
                e.date,
                e.piece,
                e.libelle,
                (Ligne(e.lignes[0].compte, debit=pleine), Ligne(e.lignes[1].compte, credit=pleine)),
            )
        elif code == "LOG1" and erreur_bis == "annuite_precedente":
            premiere = logiciel.dotations()[EXERCICE - 1]
            e = Ecriture(
                e.journal,
                e.date,
                e.piece,
                e.libelle,
                (Ligne(e.lignes[0].compte, debit=premiere), Ligne(e.lignes[1].compte, credit=premiere)),
            )
        elif code == "MAT1" and erreur_bis == "oubli":
            continue
        elif code == "VEH1" and erreur_bis == "chiffres":
            juste = e.lignes[0].debit
            faux = juste + Decimal(90) if juste < 1000 else juste + Decimal(900)
            e = Ecriture(
                e.journal,
                e.date,
                e.piece,
                e.libelle,
                (Ligne(e.lignes[0].compte, debit=faux), Ligne(e.lignes[1].compte, credit=faux)),
            )
        livre.passer(e)
    return SujetTableaux(entreprise, ville, fichier, livre)
