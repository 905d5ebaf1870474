"""Données fictives : une entreprise par apprenant, tirée d'une graine.

Chaque apprenant reçoit son entreprise : raison sociale, adresse, identifiants
(SIREN, SIRET, TVA intracommunautaire, IBAN valides), clients, fournisseurs,
salariés, catalogue, factures et avoirs de l'exercice, relevés bancaires. Tout
est dérivé de la graine que passe l'appelant (octets ou entier) : la même graine
donne exactement les mêmes données, sur toute machine et toute version de
Python 3.11 et suivantes (seul ``random.Random(graine)`` est utilisé ; jamais le
hasard global, ``hash()`` d'un texte ni l'ordre d'un ensemble).

>>> dossier = generer_dossier(2026)
>>> dossier == generer_dossier(2026)
True
>>> facture = dossier.factures_vente[0]
>>> facture.total_ttc == facture.total_ht + facture.total_tva
True

Les montants sont des ``Decimal`` arrondis au centime, demi supérieur
(:func:`compta_kernel.montants.arrondir`) ; les taux de TVA, l'indemnité
forfaitaire de recouvrement et les délais de paiement viennent des règles datées
(:mod:`compta_kernel.regles`). :meth:`Facture.ecriture` et
:meth:`Dossier.livre` comptabilisent les pièces comme la pratique française ;
:meth:`Facture.en_facturx` écrit une facture Factur-X (PDF/A-3 avec le XML CII
du profil EN 16931) relue par :func:`lire_facturx`.

Utilisé par B1.1 (factures, avoirs, comptes de tiers), B1.2 (relevés bancaires,
rapprochement), B1.3 (TVA par taux), B3 (salariés) et B4.2 (pièces comptables).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from pathlib import Path

from compta_kernel import regles
from compta_kernel.ecritures import Ecriture, Ligne
from compta_kernel.livre import Livre
from compta_kernel.montants import CENT, ZERO, arrondir, depuis_centimes, en_centimes, montant
from compta_kernel.pieces import _NS, _fichier_police, _montant_xml, _nombre_xml, cascade, xml_depuis_pdf
from compta_kernel.presentation import format_date, format_montant, format_taux

#: SMIC mensuel brut pour 35 heures hebdomadaires au 1er janvier 2026 : 1 823,03 €
#: (SMIC horaire 12,02 € × 35 × 52 / 12), décret n° 2025-1228 portant relèvement du
#: salaire minimum de croissance. Utilisé seulement si les règles du cours n'ont
#: pas de clé :data:`CLE_SMIC_MENSUEL`.
SMIC_MENSUEL_2026 = Decimal("1823.03")
#: Clé des règles datées lue en priorité pour le SMIC mensuel (fichier ``paie.yaml``).
CLE_SMIC_MENSUEL = "paie.smic.mensuel"

MOTIFS_AVOIR = ("retour", "rabais")

# ---------------------------------------------------------------------- données de base
# Tables de données : une entrée par ligne ou en colonnes, laissées telles quelles par le formateur.
# fmt: off
# Communes réelles : (code postal, commune, greffe du tribunal de commerce).
_VILLES = (
    ("75011", "Paris", "Paris"),
    ("75015", "Paris", "Paris"),
    ("69003", "Lyon", "Lyon"),
    ("69007", "Lyon", "Lyon"),
    ("13008", "Marseille", "Marseille"),
    ("31000", "Toulouse", "Toulouse"),
    ("33000", "Bordeaux", "Bordeaux"),
    ("44000", "Nantes", "Nantes"),
    ("59000", "Lille", "Lille Métropole"),
    ("67000", "Strasbourg", "Strasbourg"),
    ("35000", "Rennes", "Rennes"),
    ("34000", "Montpellier", "Montpellier"),
    ("06000", "Nice", "Nice"),
    ("21000", "Dijon", "Dijon"),
    ("37000", "Tours", "Tours"),
    ("49000", "Angers", "Angers"),
    ("63000", "Clermont-Ferrand", "Clermont-Ferrand"),
    ("87000", "Limoges", "Limoges"),
    ("38000", "Grenoble", "Grenoble"),
    ("76000", "Rouen", "Rouen"),
    ("14000", "Caen", "Caen"),
    ("51100", "Reims", "Reims"),
    ("45000", "Orléans", "Orléans"),
    ("80000", "Amiens", "Amiens"),
    ("29200", "Brest", "Brest"),
    ("64000", "Pau", "Pau"),
    ("86000", "Poitiers", "Poitiers"),
    ("25000", "Besançon", "Besançon"),
    ("57000", "Metz", "Metz"),
    ("54000", "Nancy", "Nancy"),
    ("72000", "Le Mans", "Le Mans"),
    ("17000", "La Rochelle", "La Rochelle"),
    ("84000", "Avignon", "Avignon"),
    ("30000", "Nîmes", "Nîmes"),
    ("66000", "Perpignan", "Perpignan"),
    ("74000", "Annecy", "Annecy"),
    ("42000", "Saint-Étienne", "Saint-Étienne"),
    ("92100", "Boulogne-Billancourt", "Nanterre"),
    ("93100", "Montreuil", "Bobigny"),
    ("94300", "Vincennes", "Créteil"),
    ("78000", "Versailles", "Versailles"),
)
_VOIES = (
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue Pasteur",
    "rue Gambetta",
    "rue Voltaire",
    "avenue du Général Leclerc",
    "rue de la Gare",
    "rue des Lilas",
    "impasse des Artisans",
    "allée des Tilleuls",
    "chemin des Vignes",
    "rue du Moulin",
    "place de la Liberté",
    "rue Émile Zola",
    "avenue de la Libération",
    "rue des Écoles",
    "boulevard de la Paix",
    "rue Nationale",
    "rue du Commerce",
)
_COMPLEMENTS = ("Bâtiment B", "ZA du Moulin", "Parc d'activités des Landes", "2e étage", "Zone artisanale Nord")
_NOMS = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
    "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval", "Denis",
    "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Roche", "Renard", "Schmitt", "Roy",
    "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud",
    "Dumas", "Lacroix", "Olivier", "Bourgeois", "Rey", "Leclerc", "Rolland", "Guillaume", "Lecomte", "Dupuy",
    "Hubert", "Berger", "Carpentier", "Dupuis", "Moulin", "Deschamps", "Huet", "Vasseur", "Boucher", "Fleury",
    "Royer", "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Le Gall", "Collet", "Léger", "Bouvier",
    "Prévost", "Millet", "Perrot", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Le Goff", "Pelletier",
)
# (prénom, civilité)
_PRENOMS = (
    ("Camille", "Mme"), ("Léa", "Mme"), ("Manon", "Mme"), ("Chloé", "Mme"), ("Emma", "Mme"), ("Inès", "Mme"),
    ("Sarah", "Mme"), ("Julie", "Mme"), ("Claire", "Mme"), ("Sophie", "Mme"), ("Nathalie", "Mme"),
    ("Isabelle", "Mme"), ("Sandrine", "Mme"), ("Céline", "Mme"), ("Aurélie", "Mme"), ("Élodie", "Mme"),
    ("Pauline", "Mme"), ("Lucie", "Mme"), ("Yasmine", "Mme"), ("Nadia", "Mme"), ("Amina", "Mme"),
    ("Valérie", "Mme"), ("Caroline", "Mme"), ("Émilie", "Mme"), ("Thomas", "M."), ("Nicolas", "M."),
    ("Julien", "M."), ("Maxime", "M."), ("Antoine", "M."), ("Alexandre", "M."), ("Romain", "M."),
    ("Guillaume", "M."), ("Pierre", "M."), ("Hugo", "M."), ("Lucas", "M."), ("Théo", "M."), ("Mathieu", "M."),
    ("Sébastien", "M."), ("Olivier", "M."), ("Laurent", "M."), ("Stéphane", "M."), ("Karim", "M."),
    ("Mehdi", "M."), ("Samir", "M."), ("Jérôme", "M."), ("Franck", "M."), ("Éric", "M."), ("Vincent", "M."),
)
# Régions : (nom, complément « de »).
_REGIONS = (
    ("Atlantique", "de l'Atlantique"), ("Méditerranée", "de la Méditerranée"), ("Rhône-Alpes", "de Rhône-Alpes"),
    ("Val de Loire", "du Val de Loire"), ("Provence", "de Provence"), ("Armor", "d'Armor"),
    ("Bourgogne", "de Bourgogne"), ("Normandie", "de Normandie"), ("Occitanie", "d'Occitanie"),
    ("Alsace", "d'Alsace"), ("Auvergne", "d'Auvergne"), ("Aquitaine", "d'Aquitaine"), ("Champagne", "de Champagne"),
    ("Picardie", "de Picardie"), ("Lorraine", "de Lorraine"), ("Touraine", "de Touraine"), ("Savoie", "de Savoie"),
    ("Vendée", "de Vendée"),
)
# Métiers des clients : (métier, code NAF).
_METIERS_CLIENTS = (
    ("Transports", "49.41A"), ("Menuiserie", "43.32A"), ("Cabinet", "70.22Z"), ("Garage", "45.20A"),
    ("Hôtel", "55.10Z"), ("Restaurant", "56.10A"), ("Imprimerie", "18.12Z"), ("Laboratoire", "71.20B"),
    ("Atelier", "33.12Z"), ("Agence immobilière", "68.31Z"), ("Boulangerie", "10.71C"),
    ("Clinique vétérinaire", "75.00Z"), ("Maçonnerie", "43.99C"), ("Studio", "74.20Z"), ("Librairie", "47.61Z"),
    ("Fromagerie", "47.29Z"), ("Plomberie", "43.22A"), ("Architectes", "71.11Z"),
)
# Banques françaises : (nom, code banque, BIC de l'établissement).
_BANQUES = (
    ("BNP Paribas", "30004", "BNPAFRPP"),
    ("Société Générale", "30003", "SOGEFRPP"),
    ("LCL", "30002", "CRLYFRPP"),
    ("La Banque Postale", "20041", "PSSTFRPP"),
    ("CIC", "30066", "CMCIFRPP"),
    ("Crédit Mutuel", "10278", "CMCIFR2A"),
    ("Crédit Agricole d'Île-de-France", "18206", "AGRIFRPP"),
    ("BRED Banque Populaire", "10107", "BREDFRPP"),
    ("Crédit Coopératif", "42559", "CCOPFRPP"),
)
# Marchands des paiements par carte : (libellé bancaire, compte de charge).
_MARCHANDS_CB = (("BUREAU VALLEE", "6064"), ("CARREFOUR", "6063"), ("LEROY MERLIN", "6063"))
# fmt: on


@dataclass(frozen=True, slots=True)
class _ModeleArticle:
    """Gabarit d'article : désignation, unité, fourchette de prix HT et de quantités."""

    designation: str
    unite: str
    prix_min: str
    prix_max: str
    cle_taux: str = "normal"
    compte_vente: str = ""
    compte_achat: str = ""
    quantite_min: int = 1
    quantite_max: int = 5


@dataclass(frozen=True, slots=True)
class _Secteur:
    """Secteur d'activité : code NAF, catalogue de vente, achats principaux et emplois."""

    code: str
    libelle: str
    activite: str
    code_naf: str
    libelle_naf: str
    mots: tuple[str, ...]
    prefixe: str
    articles: tuple[_ModeleArticle, ...]
    achats: tuple[_ModeleArticle, ...]
    categorie_achats: str
    emplois: tuple[tuple[str, str, str], ...]


def _bien(designation, unite, mini, maxi, taux="normal", qmin=1, qmax=5, vente="707", achat="607"):
    return _ModeleArticle(designation, unite, mini, maxi, taux, vente, achat, qmin, qmax)


def _service(designation, unite, mini, maxi, qmin=1, qmax=1):
    return _ModeleArticle(designation, unite, mini, maxi, "normal", "706", "", qmin, qmax)


def _achat(designation, unite, mini, maxi, compte, taux="normal", qmin=1, qmax=1):
    return _ModeleArticle(designation, unite, mini, maxi, taux, "", compte, qmin, qmax)


# fmt: off
_INFORMATIQUE = (
    _bien("Ordinateur portable 15 pouces", "pièce", "549", "1190", qmax=6),
    _bien("Écran 27 pouces", "pièce", "179", "399", qmax=8),
    _bien("Clavier et souris sans fil", "pièce", "39", "89", qmax=12),
    _bien("Station d'accueil USB-C", "pièce", "119", "249", qmax=6),
    _bien("Disque SSD externe 1 To", "pièce", "79", "159", qmax=10),
    _bien("Imprimante laser couleur", "pièce", "289", "690", qmax=3),
    _bien("Onduleur 1 500 VA", "pièce", "189", "420", qmax=3),
)
_EMPLOIS_COMMUNS = (
    ("Assistant comptable", "Assistante comptable", "non cadre"),
    ("Responsable administratif et financier", "Responsable administrative et financière", "cadre"),
)
_SECTEURS = (
    _Secteur(
        "bureau", "Fournitures et mobilier de bureau", "négoce", "46.66Z",
        "Commerce de gros (commerce interentreprises) d'autres machines et équipements de bureau",
        ("Bureautique", "Fournitures de bureau", "Mobilier de bureau", "Bureau Conseil"), "BUR",
        (
            _bien("Ramettes de papier A4 80 g (carton de 5)", "carton", "18", "29", qmin=2, qmax=20),
            _bien("Classeurs à levier dos 80 mm (lot de 10)", "lot", "24", "39", qmax=10),
            _bien("Fauteuil de bureau ergonomique", "pièce", "149", "389", qmax=6),
            _bien("Bureau droit 160 × 80 cm", "pièce", "219", "459", qmax=4),
            _bien("Caisson mobile 3 tiroirs", "pièce", "89", "179", qmax=6),
            _bien("Lampe de bureau LED", "pièce", "29", "79", qmax=10),
            _bien("Destructeur de documents coupe croisée", "pièce", "119", "329", qmax=3),
            _bien("Armoire à rideaux 100 × 198 cm", "pièce", "289", "549", qmax=2),
        ),
        (), "marchandises",
        (("Magasinier", "Magasinière", "non cadre"), ("Commercial", "Commerciale", "non cadre"),
         ("Préparateur de commandes", "Préparatrice de commandes", "non cadre")),
    ),
    _Secteur(
        "epicerie", "Épicerie fine et vins", "négoce", "46.39B",
        "Commerce de gros (commerce interentreprises) non spécialisé de denrées, boissons et tabac",
        ("Saveurs", "Épicerie fine", "Terroirs", "Comptoir gourmand"), "EPI",
        (
            _bien("Huile d'olive vierge extra 75 cl (carton de 6)", "carton", "54", "89", "reduit", qmax=10),
            _bien("Terrines de campagne 180 g (lot de 12)", "lot", "38", "66", "reduit", qmax=10),
            _bien("Confitures artisanales 320 g (lot de 12)", "lot", "42", "72", "reduit", qmax=10),
            _bien("Sablés pur beurre 200 g (carton de 24)", "carton", "48", "86", "reduit", qmax=8),
            _bien("Thés bio en vrac 100 g (lot de 6)", "lot", "45", "95", "reduit", qmax=8),
            _bien("Vin rouge AOP Côtes du Rhône 75 cl (carton de 6)", "carton", "42", "96", qmax=12),
            _bien("Champagne brut 75 cl (carton de 6)", "carton", "120", "240", qmax=6),
        ),
        (), "marchandises",
        (("Commercial", "Commerciale", "non cadre"), ("Préparateur de commandes", "Préparatrice de commandes",
         "non cadre"), ("Chargé de clientèle", "Chargée de clientèle", "non cadre")),
    ),
    _Secteur(
        "informatique", "Matériel informatique", "négoce", "46.51Z",
        "Commerce de gros (commerce interentreprises) d'ordinateurs, d'équipements informatiques "
        "périphériques et de logiciels",
        ("Informatique", "Micro Services", "Numérique", "Systèmes"), "INF",
        _INFORMATIQUE, (), "marchandises",
        (("Technicien informatique", "Technicienne informatique", "non cadre"),
         ("Commercial", "Commerciale", "non cadre"), ("Magasinier", "Magasinière", "non cadre")),
    ),
    _Secteur(
        "librairie", "Livres et papeterie", "négoce", "46.49Z",
        "Commerce de gros (commerce interentreprises) d'autres biens domestiques",
        ("Diffusion", "Livres et Papiers", "Papeterie", "Éditions et Fournitures"), "LIB",
        (
            _bien("Manuel de comptabilité générale", "pièce", "24", "39", "reduit", qmin=2, qmax=30),
            _bien("Code de commerce annoté", "pièce", "59", "89", "reduit", qmax=10),
            _bien("Dictionnaire de français", "pièce", "19", "35", "reduit", qmax=20),
            _bien("Guide pratique de la paie", "pièce", "29", "49", "reduit", qmax=15),
            _bien("Agenda professionnel", "pièce", "9", "24", qmin=5, qmax=40),
            _bien("Cahiers A4 96 pages (lot de 10)", "lot", "14", "26", qmax=20),
            _bien("Stylos roller (boîte de 12)", "boîte", "12", "24", qmax=20),
        ),
        (), "marchandises",
        (("Libraire", "Libraire", "non cadre"), ("Magasinier", "Magasinière", "non cadre"),
         ("Commercial", "Commerciale", "non cadre")),
    ),
    _Secteur(
        "conseil", "Conseil en systèmes et logiciels informatiques", "services", "62.02A",
        "Conseil en systèmes et logiciels informatiques",
        ("Conseil", "Consulting", "Solutions", "Digital"), "CON",
        (
            _service("Journée de conseil", "jour", "550", "950", 1, 10),
            _service("Audit de sécurité informatique (forfait)", "forfait", "1800", "4500"),
            _service("Développement spécifique", "jour", "480", "750", 1, 15),
            _service("Assistance aux utilisateurs", "heure", "65", "95", 2, 30),
            _service("Maintenance applicative (mois)", "mois", "250", "900", 1, 3),
        ),
        (_achat("Prestation de développement sous-traitée", "jour", "350", "650", "604", qmax=8),),
        "sous-traitance",
        (("Consultant", "Consultante", "cadre"), ("Chef de projet", "Cheffe de projet", "cadre"),
         ("Technicien support", "Technicienne support", "non cadre")),
    ),
    _Secteur(
        "communication", "Agence de communication", "services", "73.11Z",
        "Activités des agences de publicité",
        ("Communication", "Création", "Studio", "Agence"), "COM",
        (
            _service("Conception graphique d'un logo", "forfait", "600", "2400"),
            _service("Gestion des réseaux sociaux", "mois", "450", "1500", 1, 3),
            _service("Rédaction d'articles", "pièce", "90", "250", 1, 8),
            _service("Séance photo professionnelle (demi-journée)", "forfait", "350", "900"),
            _service("Création de site vitrine", "forfait", "1500", "5500"),
        ),
        (_achat("Impression de supports (lot)", "lot", "180", "950", "604", qmax=3),),
        "sous-traitance",
        (("Graphiste", "Graphiste", "non cadre"), ("Chargé de communication", "Chargée de communication",
         "non cadre"), ("Directeur artistique", "Directrice artistique", "cadre")),
    ),
    _Secteur(
        "nettoyage", "Nettoyage de locaux professionnels", "services", "81.21Z",
        "Nettoyage courant des bâtiments",
        ("Propreté", "Nettoyage", "Services", "Net Pro"), "NET",
        (
            _service("Entretien courant des bureaux", "mois", "380", "1600", 1, 2),
            _service("Nettoyage de vitres", "m²", "2.50", "5.50", 40, 400),
            _service("Remise en état après travaux", "forfait", "450", "1800"),
            _service("Shampooing de moquette", "m²", "3.20", "6.80", 30, 300),
            _service("Intervention ponctuelle", "heure", "28", "42", 2, 20),
        ),
        (_achat("Produits d'entretien professionnels (lot)", "lot", "60", "240", "6022", qmax=4),),
        "matières",
        (("Agent de propreté", "Agente de propreté", "non cadre"), ("Chef d'équipe", "Cheffe d'équipe",
         "non cadre"), ("Laveur de vitres", "Laveuse de vitres", "non cadre")),
    ),
    _Secteur(
        "paysage", "Aménagement et entretien d'espaces verts", "services", "81.30Z",
        "Services d'aménagement paysager",
        ("Paysages", "Jardins", "Espaces verts", "Nature et Jardins"), "PAY",
        (
            _service("Tonte et entretien des pelouses", "heure", "35", "55", 4, 30),
            _service("Taille de haies", "forfait", "180", "650"),
            _service("Création d'un massif fleuri", "forfait", "450", "2200"),
            _service("Contrat d'entretien (mensualité)", "mois", "150", "600", 1, 3),
            _service("Évacuation des déchets verts", "forfait", "60", "180"),
        ),
        (_achat("Végétaux d'ornement (lot)", "lot", "90", "600", "6021", "intermediaire", qmax=4),),
        "matières",
        (("Jardinier paysagiste", "Jardinière paysagiste", "non cadre"), ("Chef de chantier",
         "Cheffe de chantier", "non cadre"), ("Ouvrier paysagiste", "Ouvrière paysagiste", "non cadre")),
    ),
    _Secteur(
        "info_maintenance", "Vente et maintenance de matériel informatique", "mixte", "46.51Z",
        "Commerce de gros (commerce interentreprises) d'ordinateurs, d'équipements informatiques "
        "périphériques et de logiciels",
        ("Informatique Services", "Micro Maintenance", "Réseaux et Systèmes"), "IMS",
        _INFORMATIQUE[:5] + (
            _service("Installation et paramétrage", "heure", "55", "85", 1, 12),
            _service("Contrat de maintenance (mois)", "mois", "90", "390", 1, 3),
        ),
        (), "marchandises",
        (("Technicien de maintenance", "Technicienne de maintenance", "non cadre"),
         ("Commercial", "Commerciale", "non cadre")),
    ),
    _Secteur(
        "cuisine_pro", "Équipement de cuisines professionnelles : vente et installation", "mixte", "46.69B",
        "Commerce de gros (commerce interentreprises) de fournitures et équipements industriels divers",
        ("Équipement", "Cuisines Pro", "Froid et Cuisson", "Grandes Cuisines"), "CUI",
        (
            _bien("Four mixte 6 niveaux", "pièce", "3900", "8900", qmax=1),
            _bien("Lave-vaisselle à capot", "pièce", "2400", "4900", qmax=1),
            _bien("Table de travail inox 140 cm", "pièce", "290", "690", qmax=4),
            _bien("Armoire réfrigérée 700 litres", "pièce", "1290", "2900", qmax=2),
            _service("Installation et mise en service", "forfait", "350", "1200"),
            _service("Intervention de maintenance", "heure", "60", "90", 1, 8),
        ),
        (), "marchandises",
        (("Technicien frigoriste", "Technicienne frigoriste", "non cadre"),
         ("Commercial", "Commerciale", "non cadre")),
    ),
    _Secteur(
        "cafe", "Torréfaction de café, vente et location de machines", "mixte", "10.83Z",
        "Transformation du thé et du café",
        ("Torréfaction", "Brûlerie", "Maison du Café", "Cafés"), "CAF",
        (
            _bien("Café en grains pur arabica (sac de 1 kg)", "sac", "16.90", "29.50", "reduit", 5, 60, "701", ""),
            _bien("Café moulu 250 g (carton de 20)", "carton", "65", "110", "reduit", 1, 10, "701", ""),
            _bien("Machine expresso professionnelle 2 groupes", "pièce", "2900", "5900", qmax=1),
            _bien("Moulin à café professionnel", "pièce", "490", "1290", qmax=2),
            _service("Location de machine à café", "mois", "89", "249", 1, 3),
            _service("Entretien et détartrage", "forfait", "90", "220"),
        ),
        (
            _achat("Café vert Brésil (sac de 60 kg)", "sac", "390", "690", "601", "reduit", qmax=6),
            _achat("Café vert Éthiopie (sac de 60 kg)", "sac", "480", "820", "601", "reduit", qmax=4),
            _achat("Sachets kraft à valve (carton de 1 000)", "carton", "90", "180", "6026", qmax=3),
        ),
        "matières",
        (("Torréfacteur", "Torréfactrice", "non cadre"), ("Technicien de maintenance",
         "Technicienne de maintenance", "non cadre"), ("Commercial", "Commerciale", "non cadre")),
    ),
)
# Frais généraux achetés à des fournisseurs : catégorie → (mode de règlement, code NAF du fournisseur,
# gabarits de nom, articles).
_FRAIS_GENERAUX = {
    "énergie": ("prélèvement", "35.14Z", ("{region} Énergie", "Énergies {region}"),
                (_achat("Électricité : consommation et abonnement", "forfait", "120", "680", "6061"),)),
    "eau": ("prélèvement", "36.00Z", ("{region} Eaux Services",),
            (_achat("Fourniture d'eau : consommation du semestre", "forfait", "60", "260", "6061", "reduit"),)),
    "télécom": ("prélèvement", "61.10Z", ("{nom} Télécom", "Réseaux {region}"),
                (_achat("Abonnement fibre et téléphonie", "mois", "45", "140", "626"),
                 _achat("Forfaits mobiles professionnels", "mois", "60", "220", "626"))),
    "fournitures": ("chèque", "46.66Z", ("{nom} Bureautique", "Papeterie {nom}"),
                    (_achat("Fournitures administratives diverses", "lot", "35", "180", "6064", qmax=3),
                     _achat("Cartouches d'encre (lot de 4)", "lot", "49", "129", "6064", qmax=3))),
    "transport": ("virement", "49.41A", ("Transports {nom}",),
                  (_achat("Transport de marchandises sur achats", "forfait", "45", "380", "6241"),)),
    "honoraires": ("virement", "69.20Z", ("Cabinet {nom} Expertise",),
                   (_achat("Honoraires de tenue et de révision comptable", "forfait", "350", "1500", "6226"),)),
    "location": ("prélèvement", "77.39Z", ("{nom} Location", "{region} Location"),
                 (_achat("Location d'un copieur multifonction", "mois", "69", "189", "6135"),
                  _achat("Location d'un véhicule utilitaire", "mois", "390", "690", "6135"))),
    "maintenance": ("virement", "95.11Z", ("{nom} Informatique",),
                    (_achat("Maintenance du parc informatique", "mois", "90", "350", "6156", qmax=2),)),
    "publicité": ("virement", "18.12Z", ("Imprimerie {nom}",),
                  (_achat("Impression de catalogues (lot de 500)", "lot", "290", "890", "6236"),)),
}
# Code NAF du fournisseur principal quand il n'est pas un grossiste du même secteur.
_NAF_FOURNISSEUR_PRINCIPAL = {"conseil": "62.01Z", "communication": "18.12Z", "nettoyage": "46.44Z",
                              "paysage": "01.30Z", "cafe": "46.37Z"}
_NOMS_ACHATS = {
    "marchandises": ("{nom} Distribution", "Comptoir {region}", "{region} Négoce", "Établissements {nom}"),
    "matières": ("{nom} Approvisionnement", "{region} Fournitures", "Établissements {nom}"),
    "sous-traitance": ("{nom} Consulting", "{nom} Services", "Atelier {nom}"),
}
_FRAIS_PAR_ACTIVITE = {
    "négoce": ("énergie", "fournitures", "télécom", "transport", "honoraires", "location", "eau", "maintenance"),
    "services": ("énergie", "fournitures", "télécom", "honoraires", "location", "maintenance", "eau", "publicité"),
    "mixte": ("énergie", "fournitures", "télécom", "transport", "honoraires", "location", "maintenance", "eau"),
}
# Comptes de rabais, remises et ristournes (PCG 609, 619, 629, 709) d'un compte de charge ou de produit.
_RRR_VENTES = {"701": "7091", "706": "7096", "707": "7097"}
# fmt: on


# ---------------------------------------------------------------------- outils
def _rng(graine: bytes | int) -> random.Random:
    if isinstance(graine, bool) or not isinstance(graine, bytes | int):
        raise TypeError(f"La graine est un entier ou des octets (bytes), pas {type(graine).__name__}.")
    return random.Random(graine)


def _ascii(texte: str) -> str:
    """Texte sans accents, en majuscules, comme l'écrivent les banques (« Énergie » → « ENERGIE »)."""
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).upper().replace("'", " ")


def _slug(texte: str) -> str:
    mots = "".join(c if c.isalnum() else " " for c in _ascii(texte).lower()).split()
    return "-".join(mots)


def _paques(annee: int) -> dt.date:
    """Dimanche de Pâques (algorithme de Meeus, Jones et Butcher, calendrier grégorien)."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    mois = (h + ell - 7 * m + 114) // 31
    jour = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(annee, mois, jour)


def est_jour_ouvre_bancaire(jour: dt.date) -> bool:
    """Vrai du lundi au vendredi hors jours de fermeture de TARGET2 (1er janvier, Vendredi saint,
    lundi de Pâques, 1er mai, 25 et 26 décembre) : les jours où la banque passe des opérations."""
    if jour.weekday() >= 5:
        return False
    paques = _paques(jour.year)
    feries = (
        dt.date(jour.year, 1, 1),
        paques - dt.timedelta(days=2),
        paques + dt.timedelta(days=1),
        dt.date(jour.year, 5, 1),
        dt.date(jour.year, 12, 25),
        dt.date(jour.year, 12, 26),
    )
    return jour not in feries


def _ouvre(jour: dt.date, sens: int = 1) -> dt.date:
    while not est_jour_ouvre_bancaire(jour):
        jour += dt.timedelta(days=sens)
    return jour


def _fin_de_mois(jour: dt.date) -> dt.date:
    suivant = dt.date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)
    return suivant - dt.timedelta(days=1)


def _jour(rng: random.Random, debut: dt.date, fin: dt.date) -> dt.date:
    """Un jour ouvré tiré entre ``debut`` et ``fin`` inclus."""
    for _ in range(50):
        jour = debut + dt.timedelta(days=rng.randint(0, (fin - debut).days))
        if est_jour_ouvre_bancaire(jour):
            return jour
    return _ouvre(debut)


def _prix(rng: random.Random, mini: str, maxi: str) -> Decimal:
    """Prix HT tiré entre deux bornes, par pas de 0,10 € (sous 100 €), 1 € (sous 1 000 €) ou 10 €."""
    bas, haut = en_centimes(montant(mini)), en_centimes(montant(maxi))
    pas = 10 if haut < 10_000 else 100 if haut < 100_000 else 1000
    return depuis_centimes(max(pas, rng.randint(-(-bas // pas), haut // pas) * pas))


def _quantite(rng: random.Random, modele: _ModeleArticle, facteur: int = 1) -> Decimal:
    haut = modele.quantite_max * facteur
    if modele.unite == "heure":
        return Decimal(rng.randint(2 * modele.quantite_min, 2 * haut)) / 2
    return Decimal(rng.randint(modele.quantite_min, haut))


def taux_tva(cle_taux: str, jour: dt.date) -> Decimal:
    """Taux de TVA en vigueur (``"normal"``, ``"intermediaire"``, ``"reduit"``, ``"particulier"``)."""
    return regles.valeur(f"tva.taux.{cle_taux}", jour)


def delai_conforme(emission: dt.date, echeance: dt.date, *, fin_de_mois: bool = False) -> bool:
    """Vrai si l'échéance respecte les délais maximaux entre professionnels (C. com., art. L441-10, I).

    60 jours après la date d'émission de la facture ; par dérogation, 45 jours fin de mois
    s'ils sont stipulés au contrat (les deux lectures admises : émission + 45 jours puis fin
    de mois, ou fin du mois d'émission + 45 jours). Les durées viennent des règles datées.
    """
    maxi = int(regles.valeur("commerce.delai_paiement.maximum_jours", emission))
    limite = emission + dt.timedelta(days=maxi)
    if fin_de_mois:
        fdm = int(regles.valeur("commerce.delai_paiement.maximum_fin_de_mois_jours", emission))
        limite = max(
            limite,
            _fin_de_mois(emission + dt.timedelta(days=fdm)),
            _fin_de_mois(emission) + dt.timedelta(days=fdm),
        )
    return emission <= echeance <= limite


def _nouvelles_mentions(jour: dt.date) -> bool:
    try:
        return bool(regles.valeur("commerce.facture.mentions_facturation_electronique", jour))
    except regles.RegleInconnue:
        return False


def _siren_formate(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}"


# ---------------------------------------------------------------------- valeurs
@dataclass(frozen=True, slots=True)
class Adresse:
    """Adresse postale française : numéro, voie, code postal et commune assortis."""

    numero: str
    voie: str
    code_postal: str
    ville: str
    complement: str = ""
    pays: str = "FR"

    def lignes(self) -> tuple[str, ...]:
        """Les lignes de l'adresse telles qu'on les écrit sur une enveloppe."""
        lignes = (f"{self.numero} {self.voie}", self.complement, f"{self.code_postal} {self.ville}")
        return tuple(ligne for ligne in lignes if ligne)

    def __str__(self) -> str:
        return ", ".join(self.lignes())


@dataclass(frozen=True, slots=True)
class CompteBancaire:
    """Compte bancaire : établissement, IBAN français (clé RIB et clé IBAN valides) et BIC."""

    banque: str
    iban: str
    bic: str
    titulaire: str
    domiciliation: str

    @property
    def iban_formate(self) -> str:
        """IBAN par groupes de quatre caractères (« FR76 3000 4000 ... »)."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))

    @property
    def code_banque(self) -> str:
        """Code établissement du RIB (5 chiffres)."""
        return self.iban[4:9]

    @property
    def code_guichet(self) -> str:
        """Code guichet du RIB (5 chiffres)."""
        return self.iban[9:14]

    @property
    def numero_compte(self) -> str:
        """Numéro de compte du RIB (11 caractères)."""
        return self.iban[14:25]

    @property
    def cle_rib(self) -> str:
        """Clé RIB (2 chiffres)."""
        return self.iban[25:27]


@dataclass(frozen=True, slots=True)
class Contact:
    """Une personne : civilité, prénom, nom, fonction, courriel et téléphone."""

    civilite: str
    prenom: str
    nom: str
    fonction: str
    email: str
    telephone: str

    def __str__(self) -> str:
        return f"{self.civilite} {self.prenom} {self.nom}"


@dataclass(frozen=True, slots=True)
class ConditionsPaiement:
    """Délai de paiement convenu : ``jours`` après la date de facture, éventuellement « fin de mois ».

    Les délais générés respectent le Code de commerce, art. L441-10, I (voir :func:`delai_conforme`).
    """

    jours: int
    fin_de_mois: bool = False

    @property
    def libelle(self) -> str:
        """« 30 jours date de facture », « 45 jours fin de mois »..."""
        return (
            f"{self.jours} jours fin de mois" if self.fin_de_mois else f"{self.jours} jours date de facture"
        )

    def echeance(self, emission: dt.date) -> dt.date:
        """Date d'échéance d'une facture émise le jour ``emission``.

        « 45 jours fin de mois » se calcule ici date d'émission + 45 jours, puis fin de ce mois.
        """
        jour = emission + dt.timedelta(days=self.jours)
        return _fin_de_mois(jour) if self.fin_de_mois else jour


_CONDITIONS = (ConditionsPaiement(30), ConditionsPaiement(45, fin_de_mois=True), ConditionsPaiement(60))


@dataclass(frozen=True, slots=True)
class Societe:
    """Identité d'une société : ce qu'une facture mentionne du vendeur et de l'acheteur."""

    raison_sociale: str
    forme_juridique: str
    capital: Decimal
    adresse: Adresse
    siren: str
    siret: str
    numero_tva: str
    code_naf: str
    greffe: str
    email: str
    telephone: str
    banque: CompteBancaire

    @property
    def siren_formate(self) -> str:
        """SIREN par groupes de trois chiffres (« 732 829 320 »)."""
        return _siren_formate(self.siren)

    @property
    def siret_formate(self) -> str:
        """SIRET : SIREN formaté puis NIC (« 732 829 320 00074 »)."""
        return f"{self.siren_formate} {self.siret[9:]}"

    @property
    def rcs(self) -> str:
        """Immatriculation au registre du commerce (« RCS Lyon 732 829 320 »)."""
        return f"RCS {self.greffe} {self.siren_formate}"

    @property
    def mentions_legales(self) -> str:
        """Forme, capital, RCS, SIRET, TVA et NAF, comme en pied de facture (C. com., art. R123-237)."""
        return (
            f"{self.raison_sociale}, {self.forme_juridique} au capital de {format_montant(self.capital)} – "
            f"{self.rcs} – SIRET {self.siret_formate} – TVA {self.numero_tva} – NAF {self.code_naf}"
        )


@dataclass(frozen=True, slots=True)
class Entreprise(Societe):
    """L'entreprise du dossier, dont l'apprenant tient la comptabilité.

    Attributes:
        activite: ``"négoce"``, ``"services"`` ou ``"mixte"`` : elle fixe le catalogue.
        secteur: libellé du secteur (« Fournitures et mobilier de bureau »).
        exercice_debut, exercice_fin: dates de l'exercice comptable.
        regime_tva: régime d'imposition (réel normal, déclaration mensuelle CA3).
        option_tva_debits: option pour le paiement de la TVA d'après les débits (prestations de services).
        dirigeant: le représentant légal.
    """

    libelle_naf: str
    activite: str
    secteur: str
    date_creation: dt.date
    exercice_debut: dt.date
    exercice_fin: dt.date
    regime_tva: str
    option_tva_debits: bool
    dirigeant: Contact


@dataclass(frozen=True, slots=True)
class Tiers(Societe):
    """Un client ou un fournisseur de l'entreprise.

    Attributes:
        code: code du compte auxiliaire (``"C0001"``, ``"F0001"``).
        compte: compte collectif du PCG (``"411"`` clients, ``"401"`` fournisseurs).
        categorie: pour un fournisseur, ce qu'il vend (``"marchandises"``, ``"énergie"``...).
        conditions: délai de paiement convenu.
        mode_reglement: ``"virement"``, ``"chèque"`` ou ``"prélèvement"``.
        contact: l'interlocuteur chez le tiers.
        adresse_livraison: lieu de livraison ou d'exécution s'il diffère de l'adresse, sinon ``None``.
    """

    code: str
    compte: str
    categorie: str
    conditions: ConditionsPaiement
    mode_reglement: str
    contact: Contact
    adresse_livraison: Adresse | None = None

    @property
    def est_client(self) -> bool:
        """Vrai pour un client (compte 411)."""
        return self.compte.startswith("411")


@dataclass(frozen=True, slots=True)
class Salarie:
    """Un salarié de l'entreprise.

    Attributes:
        nir: numéro de sécurité sociale fictif (clé valide).
        statut: ``"cadre"`` ou ``"non cadre"``.
        salaire_base: salaire de base mensuel brut, au moins le SMIC (au prorata du temps de travail).
        duree_hebdomadaire: durée contractuelle en heures par semaine (35 pour un temps plein).
    """

    matricule: str
    civilite: str
    prenom: str
    nom: str
    date_naissance: dt.date
    nir: str
    emploi: str
    statut: str
    contrat: str
    date_entree: dt.date
    salaire_base: Decimal
    duree_hebdomadaire: Decimal

    @property
    def heures_mensuelles(self) -> Decimal:
        """Durée mensuelle : durée hebdomadaire × 52 / 12, au centième d'heure (35 h → 151,67 h)."""
        return arrondir(self.duree_hebdomadaire * 52 / 12)

    @property
    def temps_plein(self) -> bool:
        """Vrai pour 35 heures par semaine."""
        return self.duree_hebdomadaire == 35


@dataclass(frozen=True, slots=True)
class Article:
    """Un article du catalogue ou d'une facture d'achat.

    Attributes:
        prix_unitaire_ht: prix de vente (catalogue) ou d'achat (frais généraux) HT.
        cle_taux: clé du taux de TVA dans les règles (``"normal"``, ``"reduit"``...).
        compte_vente: 701, 706 ou 707 (vide si l'entreprise ne le vend pas).
        compte_achat: 601, 607, 6061, 6064, 613x, 626... (vide si l'entreprise ne l'achète pas).
        nature: ``"bien"`` ou ``"service"``.
    """

    reference: str
    designation: str
    prix_unitaire_ht: Decimal
    cle_taux: str
    compte_vente: str
    compte_achat: str
    unite: str
    nature: str

    def taux(self, jour: dt.date) -> Decimal:
        """Taux de TVA de l'article en vigueur le jour donné."""
        return taux_tva(self.cle_taux, jour)


@dataclass(frozen=True, slots=True)
class LigneFacture:
    """Une ligne de facture : article, quantité, prix unitaire HT et remise de ligne (taux).

    Le montant brut est arrondi au centime, puis la remise (arrondie) en est déduite.
    """

    article: Article
    quantite: Decimal
    prix_unitaire_ht: Decimal
    remise: Decimal = ZERO

    @property
    def montant_brut(self) -> Decimal:
        """Quantité × prix unitaire HT, au centime."""
        return arrondir(self.quantite * self.prix_unitaire_ht)

    @property
    def montant_remise(self) -> Decimal:
        """Remise de ligne : montant brut × taux, au centime."""
        return arrondir(self.montant_brut * self.remise)

    @property
    def montant_ht(self) -> Decimal:
        """Montant net HT de la ligne."""
        return self.montant_brut - self.montant_remise


@dataclass(frozen=True, slots=True)
class Escompte:
    """Escompte pour paiement anticipé : taux et condition (paiement sous ``delai_jours``)."""

    taux: Decimal
    delai_jours: int

    @property
    def condition(self) -> str:
        """La condition telle que la facture l'écrit."""
        return f"escompte de {format_taux(self.taux)} pour paiement sous {self.delai_jours} jours"


@dataclass(frozen=True, slots=True)
class Cascade:
    """Calcul d'un groupe de lignes de même taux de TVA et de même compte.

    Réductions commerciales en cascade, chacune arrondie au centime sur la base qui précède :
    remise, puis rabais, puis ristourne (net commercial) ; puis réduction financière :
    escompte (net financier).
    """

    cle_taux: str
    compte: str
    montant_brut: Decimal
    remise: Decimal
    rabais: Decimal
    ristourne: Decimal
    net_commercial: Decimal
    escompte: Decimal
    net_financier: Decimal


@dataclass(frozen=True, slots=True)
class TvaParTaux:
    """Base HT et TVA d'un taux : la TVA est arrondie une fois, sur la base totale du taux."""

    cle_taux: str
    taux: Decimal
    base_ht: Decimal
    tva: Decimal


def _calculer(
    lignes: tuple[LigneFacture, ...],
    compte_de: Callable[[Article], str],
    jour: dt.date,
    taux_reductions: tuple[Decimal, Decimal, Decimal, Decimal],
    frais_de_port: Decimal,
) -> tuple[tuple[Cascade, ...], tuple[TvaParTaux, ...]]:
    """Cascades par (taux, compte) dans l'ordre des lignes, puis bases et TVA par taux (voir :class:`Facture`)."""
    groupes: dict[tuple[str, str], Decimal] = {}
    for ligne in lignes:
        cle = (ligne.article.cle_taux, compte_de(ligne.article))
        groupes[cle] = groupes.get(cle, ZERO) + ligne.montant_ht
    cascades = [
        Cascade(cle_taux, compte, *cascade(brut, taux_reductions))
        for (cle_taux, compte), brut in groupes.items()
    ]
    bases: dict[str, Decimal] = {}
    for c in cascades:
        bases[c.cle_taux] = bases.get(c.cle_taux, ZERO) + c.net_financier
    if frais_de_port:
        principal = max(cascades, key=lambda c: c.montant_brut).cle_taux  # le premier en cas d'égalité
        bases[principal] += frais_de_port
    tva = tuple(
        TvaParTaux(cle, taux_tva(cle, jour), base, arrondir(base * taux_tva(cle, jour)))
        for cle, base in bases.items()
    )
    return tuple(cascades), tva


class _Piece:
    """Totaux communs aux factures et aux avoirs (lignes, cascades, TVA par taux)."""

    __slots__ = ()

    @property
    def tiers(self) -> Tiers:
        """Le client (pièce de vente) ou le fournisseur (pièce d'achat)."""
        return self.acheteur if self.sens == "vente" else self.vendeur

    @property
    def journal(self) -> str:
        """``"VT"`` pour une pièce de vente, ``"AC"`` pour une pièce d'achat."""
        return "VT" if self.sens == "vente" else "AC"

    @property
    def nature_operation(self) -> str:
        """``"biens"``, ``"services"`` ou ``"mixte"`` selon les articles facturés."""
        natures = {ligne.article.nature for ligne in self.lignes}
        return "mixte" if len(natures) > 1 else "biens" if "bien" in natures else "services"

    def _somme(self, attribut: str) -> Decimal:
        return sum((getattr(c, attribut) for c in self.cascades), ZERO)

    @property
    def total_brut(self) -> Decimal:
        """Somme des lignes nettes de leur remise de ligne."""
        return self._somme("montant_brut")

    @property
    def total_remise(self) -> Decimal:
        """Remise globale (tous taux)."""
        return self._somme("remise")

    @property
    def total_rabais(self) -> Decimal:
        """Rabais (tous taux)."""
        return self._somme("rabais")

    @property
    def total_ristourne(self) -> Decimal:
        """Ristourne (tous taux)."""
        return self._somme("ristourne")

    @property
    def net_commercial(self) -> Decimal:
        """Total après réductions commerciales."""
        return self._somme("net_commercial")

    @property
    def total_escompte(self) -> Decimal:
        """Escompte déduit (tous taux)."""
        return self._somme("escompte")

    @property
    def net_financier(self) -> Decimal:
        """Net commercial moins l'escompte."""
        return self._somme("net_financier")

    @property
    def total_ht(self) -> Decimal:
        """Total HT : somme des bases par taux (net financier + frais de port)."""
        return sum((t.base_ht for t in self.tva_par_taux), ZERO)

    @property
    def total_tva(self) -> Decimal:
        """Somme des TVA par taux."""
        return sum((t.tva for t in self.tva_par_taux), ZERO)

    @property
    def total_ttc(self) -> Decimal:
        """Total HT + TVA."""
        return self.total_ht + self.total_tva

    def _montants_par_compte(self) -> tuple[tuple[str, Decimal], ...]:
        comptes: dict[str, Decimal] = {}
        for c in self.cascades:
            comptes[c.compte] = comptes.get(c.compte, ZERO) + c.net_commercial
        return tuple((compte, m) for compte, m in comptes.items() if m)

    def xml_facturx(self) -> bytes:
        """Le XML CII Factur-X (profil EN 16931) de la pièce, vérifié par le schéma XSD du paquet factur-x."""
        from facturx import xml_check_xsd

        xml = _xml_cii(self)
        xml_check_xsd(xml, flavor="factur-x", level="en16931")
        return xml

    def en_facturx(self, chemin: str | Path) -> Path:
        """Écrit la pièce en Factur-X : PDF/A-3 lisible (mise en page française) et XML CII joint.

        Le PDF est dessiné par fpdf2 (police Source Sans Pro embarquée, profil de couleur sRGB),
        puis le paquet factur-x y joint ``factur-x.xml`` (profil EN 16931), vérifié par le schéma XSD,
        et écrit les métadonnées XMP PDF/A-3.

        Returns:
            le chemin du fichier écrit.
        """
        from facturx import generate_from_binary

        chemin = Path(chemin)
        titre = f"{self.type_document.capitalize()} {self.numero}"
        pdf = generate_from_binary(
            _pdf(self),
            self.xml_facturx(),
            flavor="factur-x",
            level="en16931",
            check_xsd=False,  # déjà vérifié par xml_facturx
            lang="fr-FR",
            pdf_metadata={
                "author": self.vendeur.raison_sociale,
                "keywords": "Factur-X, facture",
                "title": f"{self.vendeur.raison_sociale} : {titre}",
                "subject": f"{titre} du {format_date(self.date_emission)} émise par {self.vendeur.raison_sociale}",
            },
        )
        chemin.write_bytes(pdf)
        return chemin


@dataclass(frozen=True, slots=True)
class Facture(_Piece):
    """Une facture de vente (émise par l'entreprise) ou d'achat (reçue d'un fournisseur).

    Calcul, dans l'ordre des manuels : lignes (quantité × prix unitaire HT, moins la remise de
    ligne) ; par groupe de même taux de TVA et même compte, réductions commerciales en cascade
    (remise, rabais, ristourne), chacune arrondie au centime, puis escompte (réduction
    financière) ; frais de port ajoutés au taux de l'opération principale (CGI, art. 267, I-2°).

    **Arrondi de la TVA** : une fois par taux, au centime demi supérieur, sur la base HT totale
    du taux, et non ligne par ligne. La facture mentionne par taux le total HT et la taxe
    correspondante (CGI, ann. II, art. 242 nonies A, I ; BOI-TVA-DECLA-30-20-20-10, mentions
    obligatoires générales) ; c'est aussi la règle BR-CO-17 de la norme EN 16931 reprise par
    Factur-X. TTC = total HT + somme des TVA ; net à payer = TTC − acompte déjà versé.

    Attributes:
        sens: ``"vente"`` ou ``"achat"`` (du point de vue de l'entreprise du dossier).
        date_livraison: date de la livraison ou de la prestation (fait générateur : taux de TVA).
        taux_remise, taux_rabais, taux_ristourne: réductions commerciales globales (0,05 = 5 %).
        escompte: escompte déduit sur la facture, avec sa condition, ou ``None``.
        frais_de_port: port facturé HT.
        acompte: acompte TTC déjà reçu (vente) ou versé (achat), déduit du net à payer.
        date_echeance: calculée : fin du délai d'escompte s'il y en a un, sinon selon ``conditions``.
        cascades, tva_par_taux: calculés à la construction.
    """

    numero: str
    sens: str
    date_emission: dt.date
    date_livraison: dt.date
    vendeur: Societe
    acheteur: Societe
    lignes: tuple[LigneFacture, ...]
    conditions: ConditionsPaiement
    taux_remise: Decimal = ZERO
    taux_rabais: Decimal = ZERO
    taux_ristourne: Decimal = ZERO
    escompte: Escompte | None = None
    frais_de_port: Decimal = ZERO
    acompte: Decimal = ZERO
    date_acompte: dt.date | None = None
    adresse_livraison: Adresse | None = None
    reference_commande: str = ""
    date_echeance: dt.date = field(init=False)
    cascades: tuple[Cascade, ...] = field(init=False, repr=False)
    tva_par_taux: tuple[TvaParTaux, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        assert self.sens in ("vente", "achat"), self.sens
        assert self.lignes, "une facture a au moins une ligne"
        object.__setattr__(self, "lignes", tuple(self.lignes))
        taux_escompte = self.escompte.taux if self.escompte else ZERO
        cascades, tva = _calculer(
            self.lignes,
            _compte_vente if self.sens == "vente" else _compte_achat,
            self.date_livraison,
            (self.taux_remise, self.taux_rabais, self.taux_ristourne, taux_escompte),
            self.frais_de_port,
        )
        object.__setattr__(self, "cascades", cascades)
        object.__setattr__(self, "tva_par_taux", tva)
        if self.escompte:
            echeance = self.date_emission + dt.timedelta(days=self.escompte.delai_jours)
        else:
            echeance = self.conditions.echeance(self.date_emission)
        object.__setattr__(self, "date_echeance", echeance)

    type_document = "facture"

    @property
    def net_a_payer(self) -> Decimal:
        """TTC moins l'acompte déjà réglé."""
        return self.total_ttc - self.acompte

    def mentions(self) -> tuple[str, ...]:
        """Mentions obligatoires de paiement et, dès le 1er septembre 2026, de la facturation électronique.

        Échéance et conditions d'escompte (C. com., art. L441-9), pénalités de retard et
        indemnité forfaitaire de recouvrement (art. L441-10 et D441-5, montants des règles datées) ;
        SIREN du client, adresse de livraison, nature de l'opération et option pour les débits
        (CGI, ann. II, art. 242 nonies A) quand la règle ``commerce.facture.mentions_facturation_electronique``
        est en vigueur.
        """
        jour = self.date_emission
        indemnite = regles.valeur("commerce.indemnite_forfaitaire_recouvrement", jour)
        points = regles.valeur("commerce.penalites_retard.majoration_points", jour)
        mentions = [f"Date d'échéance : {format_date(self.date_echeance)}."]
        if self.escompte:
            mentions.append(
                f"Conditions de paiement : {self.escompte.condition}, déjà déduit de la présente facture "
                f"(sans paiement dans ce délai, le montant de l'escompte reste dû ; conditions générales : "
                f"{self.conditions.libelle})."
            )
        else:
            mentions.append(
                f"Conditions de paiement : {self.conditions.libelle}. Pas d'escompte pour paiement anticipé."
            )
        mentions.append(
            f"En cas de retard de paiement : pénalités au taux de refinancement de la BCE majoré de "
            f"{points} points, exigibles sans rappel, et indemnité forfaitaire pour frais de recouvrement "
            f"de {format_montant(indemnite)} (Code de commerce, art. L441-10 et D441-5)."
        )
        mentions.extend(_mentions_facturation_electronique(self))
        return tuple(mentions)

    def ecriture(self) -> Ecriture:
        """L'écriture au journal des ventes (VT) ou des achats (AC), comme la pratique française.

        Vente : 411 (net à payer, avec le tiers et l'échéance), 4191 (acompte imputé),
        665 (escompte accordé) au débit ; 7xx (HT net des réductions commerciales, par compte),
        7085 (port facturé) et 44571 (TVA collectée, une ligne par taux) au crédit.
        Achat : 6xx (HT net des réductions commerciales), 6241 (transport sur achats) et 44566
        (TVA déductible, par taux) au débit ; 765 (escompte obtenu), 4091 (acompte versé) et
        401 (net à payer) au crédit.

        Simplification : la TVA des prestations de services, exigible à l'encaissement sauf option
        pour les débits (CGI, art. 269, 2-c), est portée en 44571 dès la facture ; la déclaration
        de TVA retient les encaissements.
        """
        t = self.tiers
        libelle = f"Facture {self.numero} {t.raison_sociale}"
        lignes_tva = tuple((f"TVA {format_taux(x.taux)}", x.tva) for x in self.tva_par_taux if x.tva)
        if self.sens == "vente":
            debit = []
            if self.net_a_payer:
                debit.append(
                    Ligne(t.compte, debit=self.net_a_payer, tiers=t.code, echeance=self.date_echeance)
                )
            if self.acompte:
                debit.append(
                    Ligne("4191", debit=self.acompte, tiers=t.code, libelle=f"Acompte imputé {libelle}")
                )
            if self.total_escompte:
                debit.append(Ligne("665", debit=self.total_escompte))
            credit = [Ligne(compte, credit=m) for compte, m in self._montants_par_compte()]
            if self.frais_de_port:
                credit.append(Ligne("7085", credit=self.frais_de_port))
            credit += [Ligne("44571", credit=m, libelle=f"{lib} {libelle}") for lib, m in lignes_tva]
            lignes = debit + credit
        else:
            debit = [Ligne(compte, debit=m) for compte, m in self._montants_par_compte()]
            if self.frais_de_port:
                debit.append(Ligne("6241", debit=self.frais_de_port))
            debit += [Ligne("44566", debit=m, libelle=f"{lib} {libelle}") for lib, m in lignes_tva]
            credit = []
            if self.total_escompte:
                credit.append(Ligne("765", credit=self.total_escompte))
            if self.acompte:
                credit.append(
                    Ligne("4091", credit=self.acompte, tiers=t.code, libelle=f"Acompte imputé {libelle}")
                )
            if self.net_a_payer:
                credit.append(
                    Ligne(t.compte, credit=self.net_a_payer, tiers=t.code, echeance=self.date_echeance)
                )
            lignes = debit + credit
        return Ecriture(self.journal, self.date_emission, self.numero, libelle, tuple(lignes))


@dataclass(frozen=True, slots=True)
class Avoir(_Piece):
    """Un avoir (facture rectificative) sur une facture de vente ou d'achat.

    ``motif`` : ``"retour"`` (marchandises retournées : la vente ou l'achat est annulé sur le
    compte d'origine) ou ``"rabais"`` (réduction accordée après facturation : comptes 709x
    ou 609x / 619 / 629). Les totaux se calculent comme ceux d'une facture, TVA arrondie par taux.
    """

    numero: str
    sens: str
    date_emission: dt.date
    vendeur: Societe
    acheteur: Societe
    facture: str
    date_facture: dt.date
    motif: str
    lignes: tuple[LigneFacture, ...]
    cascades: tuple[Cascade, ...] = field(init=False, repr=False)
    tva_par_taux: tuple[TvaParTaux, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        assert self.sens in ("vente", "achat") and self.motif in MOTIFS_AVOIR, (self.sens, self.motif)
        object.__setattr__(self, "lignes", tuple(self.lignes))
        cascades, tva = _calculer(
            self.lignes,
            _compte_vente if self.sens == "vente" else _compte_achat,
            self.date_facture,
            (ZERO, ZERO, ZERO, ZERO),
            ZERO,
        )
        object.__setattr__(self, "cascades", cascades)
        object.__setattr__(self, "tva_par_taux", tva)

    type_document = "avoir"
    frais_de_port = ZERO
    acompte = ZERO
    escompte = None

    @property
    def date_echeance(self) -> dt.date:
        """Un avoir s'impute à sa date d'émission."""
        return self.date_emission

    @property
    def net_a_payer(self) -> Decimal:
        """Montant TTC de l'avoir (à déduire du prochain règlement)."""
        return self.total_ttc

    def mentions(self) -> tuple[str, ...]:
        """Référence de la facture rectifiée et, dès le 1er septembre 2026, mentions de la facturation électronique."""
        motif = "retour de marchandises" if self.motif == "retour" else "rabais accordé après facturation"
        mentions = [f"Avoir sur la facture {self.facture} du {format_date(self.date_facture)} ({motif})."]
        mentions.extend(_mentions_facturation_electronique(self))
        return tuple(mentions)

    def _compte(self, compte: str) -> str:
        if self.motif == "retour":
            return compte
        if self.sens == "vente":
            return _RRR_VENTES.get(compte[:3], "709")
        if compte.startswith("60"):
            return "609" + (compte[2] if compte[2] in "1245678" else "8")
        return compte[:2] + "9"

    def ecriture(self) -> Ecriture:
        """L'écriture de l'avoir au journal des ventes ou des achats.

        Vente : 7xx (retour) ou 709x (rabais) et 44571 au débit, 411 (TTC, avec le tiers) au crédit.
        Achat : 401 (TTC) au débit, 6xx (retour) ou 609x / 619 / 629 (rabais obtenu) et 44566 au crédit.
        """
        t = self.tiers
        libelle = f"Avoir {self.numero} {t.raison_sociale}"
        comptes: dict[str, Decimal] = {}
        for compte, m in self._montants_par_compte():
            comptes[self._compte(compte)] = comptes.get(self._compte(compte), ZERO) + m
        tva = tuple((f"TVA {format_taux(x.taux)} {libelle}", x.tva) for x in self.tva_par_taux if x.tva)
        if self.sens == "vente":
            lignes = [Ligne(c, debit=m) for c, m in comptes.items()]
            lignes += [Ligne("44571", debit=m, libelle=lib) for lib, m in tva]
            lignes.append(Ligne(t.compte, credit=self.total_ttc, tiers=t.code))
        else:
            lignes = [Ligne(t.compte, debit=self.total_ttc, tiers=t.code)]
            lignes += [Ligne(c, credit=m) for c, m in comptes.items()]
            lignes += [Ligne("44566", credit=m, libelle=lib) for lib, m in tva]
        return Ecriture(self.journal, self.date_emission, self.numero, libelle, tuple(lignes))


def _compte_vente(article: Article) -> str:
    return article.compte_vente


def _compte_achat(article: Article) -> str:
    return article.compte_achat


def _mentions_facturation_electronique(piece: Facture | Avoir) -> list[str]:
    if not _nouvelles_mentions(piece.date_emission):
        return []
    nature = {
        "biens": "livraison de biens",
        "services": "prestation de services",
        "mixte": "livraison de biens et prestation de services",
    }[piece.nature_operation]
    livraison = getattr(piece, "adresse_livraison", None) or piece.acheteur.adresse
    mentions = [
        f"SIREN du client : {piece.acheteur.siren_formate}.",
        f"Adresse de livraison : {livraison}.",
        f"Nature de l'opération : {nature}.",
    ]
    if getattr(piece.vendeur, "option_tva_debits", False) and piece.nature_operation != "biens":
        mentions.append("Option pour le paiement de la taxe d'après les débits.")
    return mentions


# ---------------------------------------------------------------------- banque
@dataclass(frozen=True, slots=True)
class LigneReleve:
    """Une opération du relevé bancaire, et ce que la comptabilité en sait.

    Attributes:
        date_operation, date_valeur: dates de la banque.
        libelle: libellé tel que la banque l'écrit (« VIR SEPA RECU /DE ... /REF F2026-012 »).
        debit, credit: sortie ou entrée d'argent sur le compte (vues de la banque).
        solde: solde du compte après l'opération.
        nature: ``"virement reçu"``, ``"remise de chèques"``, ``"virement émis"``, ``"chèque émis"``,
            ``"prélèvement"``, ``"carte"``, ``"frais"``, ``"agios"`` ou ``"acompte reçu"``.
        reference: la pièce réglée (numéro de facture) ou le justificatif.
        tiers: code du tiers concerné, s'il y en a un.
        comptabilisee: vrai si l'entreprise a déjà passé l'écriture (journal BQ) ; faux pour les
            opérations que l'apprenant découvre au rapprochement.
        date_comptable: date de l'écriture dans les livres (remise ou émission d'un chèque : avant
            la date de la banque).
        contrepartie: lignes de l'écriture autres que le compte 512.
    """

    date_operation: dt.date
    date_valeur: dt.date
    libelle: str
    debit: Decimal
    credit: Decimal
    solde: Decimal
    nature: str
    reference: str
    tiers: str
    comptabilisee: bool
    date_comptable: dt.date
    libelle_comptable: str
    contrepartie: tuple[Ligne, ...]

    @property
    def montant(self) -> Decimal:
        """Crédit moins débit (positif : entrée d'argent)."""
        return self.credit - self.debit

    def ecriture(self) -> Ecriture:
        """L'écriture au journal de banque (BQ) : 512 et sa contrepartie (411, 401, 627, 6616...)."""
        banque = Ligne("512", debit=self.credit, credit=self.debit)
        lignes = (banque, *self.contrepartie) if self.credit else (*self.contrepartie, banque)
        return Ecriture("BQ", self.date_comptable, self.reference, self.libelle_comptable, lignes)


@dataclass(frozen=True, slots=True)
class ReleveBancaire:
    """Le relevé d'un mois : solde initial, opérations datées, solde final."""

    compte: CompteBancaire
    numero: int
    debut: dt.date
    fin: dt.date
    solde_initial: Decimal
    lignes: tuple[LigneReleve, ...]

    @property
    def total_debit(self) -> Decimal:
        """Total des débits du mois."""
        return sum((ligne.debit for ligne in self.lignes), ZERO)

    @property
    def total_credit(self) -> Decimal:
        """Total des crédits du mois."""
        return sum((ligne.credit for ligne in self.lignes), ZERO)

    @property
    def solde_final(self) -> Decimal:
        """Solde initial + crédits − débits."""
        return self.solde_initial + self.total_credit - self.total_debit

    def vers_csv(self, chemin: str | Path | None = None, *, encodage: str = "iso-8859-15") -> str:
        """Le relevé au format CSV des banques françaises, et l'écrit dans ``chemin`` s'il est donné.

        Séparateur « ; », virgule décimale sans séparateur de milliers, dates JJ/MM/AAAA, une
        ligne d'en-tête ``Date opération;Date valeur;Libellé;Débit;Crédit;Solde`` ; colonne vide
        quand le montant est nul. Le fichier est encodé en ISO 8859-15 (Latin-9) par défaut.
        """

        def nombre(d: Decimal, vide_si_zero: bool = True) -> str:
            return f"{d:.2f}".replace(".", ",") if d or not vide_si_zero else ""

        lignes = ["Date opération;Date valeur;Libellé;Débit;Crédit;Solde"]
        for op in self.lignes:
            lignes.append(
                f"{format_date(op.date_operation)};{format_date(op.date_valeur)};{op.libelle};"
                f"{nombre(op.debit)};{nombre(op.credit)};{nombre(op.solde, False)}"
            )
        texte = "\r\n".join(lignes) + "\r\n"
        if chemin is not None:
            Path(chemin).write_bytes(texte.encode(encodage))
        return texte


# ---------------------------------------------------------------------- dossier
@dataclass(frozen=True, slots=True)
class Dossier:
    """Toute l'entreprise pour un exercice : tiers, salariés, catalogue, pièces, banque.

    Attributes:
        solde_initial_banque: solde du compte 512 à l'ouverture (repris en à-nouveaux).
        report_a_nouveau: report à nouveau à l'ouverture (positif : 110 créditeur ; négatif : 119 débiteur).
        mouvements_bancaires: toutes les opérations, y compris celles que la banque passe après la
            clôture (chèque émis fin décembre) ; ``releves`` : les relevés mensuels de l'exercice.
    """

    exercice: int
    entreprise: Entreprise
    clients: tuple[Tiers, ...]
    fournisseurs: tuple[Tiers, ...]
    salaries: tuple[Salarie, ...]
    catalogue: tuple[Article, ...]
    factures_vente: tuple[Facture, ...]
    factures_achat: tuple[Facture, ...]
    avoirs_vente: tuple[Avoir, ...]
    avoirs_achat: tuple[Avoir, ...]
    solde_initial_banque: Decimal
    report_a_nouveau: Decimal
    mouvements_bancaires: tuple[LigneReleve, ...]
    releves: tuple[ReleveBancaire, ...]

    def pieces(self) -> tuple[Facture | Avoir, ...]:
        """Factures et avoirs, ventes puis achats, par date d'émission."""
        pieces = self.factures_vente + self.avoirs_vente + self.factures_achat + self.avoirs_achat
        return tuple(sorted(pieces, key=lambda p: (p.date_emission, p.journal, p.numero)))

    def tiers(self, code: str) -> Tiers:
        """Le client ou le fournisseur de code donné (``"C0001"``)."""
        for t in self.clients + self.fournisseurs:
            if t.code == code:
                return t
        raise KeyError(f"Aucun tiers de code « {code} » dans le dossier.")

    def ecriture_a_nouveaux(self) -> Ecriture:
        """À-nouveaux de l'ouverture : banque (512) au débit, capital (101) au crédit, report à nouveau
        créditeur (110) ou débiteur (119)."""
        e = self.entreprise
        lignes = [Ligne("512", debit=self.solde_initial_banque), Ligne("101", credit=e.capital)]
        if self.report_a_nouveau > 0:
            lignes.append(Ligne("110", credit=self.report_a_nouveau))
        elif self.report_a_nouveau < 0:
            lignes.append(Ligne("119", debit=-self.report_a_nouveau))
        return Ecriture(
            "AN", e.exercice_debut, "AN", f"À-nouveaux au {format_date(e.exercice_debut)}", tuple(lignes)
        )

    def ecritures(self) -> tuple[Ecriture, ...]:
        """Les écritures déjà passées par l'entreprise, dans l'ordre chronologique.

        À-nouveaux, factures et avoirs (VT, AC) et opérations bancaires comptabilisées (BQ) ;
        les opérations du relevé non encore comptabilisées (``comptabilisee`` faux) n'y sont pas :
        elles sont à passer au rapprochement (``ligne.ecriture()``).
        """
        fin = self.entreprise.exercice_fin
        ecritures = [self.ecriture_a_nouveaux()]
        ecritures += [p.ecriture() for p in self.pieces()]
        ecritures += [
            m.ecriture() for m in self.mouvements_bancaires if m.comptabilisee and m.date_comptable <= fin
        ]
        ordre = {"AN": 0, "AC": 1, "VT": 2, "BQ": 3}
        return tuple(sorted(ecritures, key=lambda e: (e.date, ordre[e.journal])))

    def livre(self) -> Livre:
        """Le :class:`~compta_kernel.livre.Livre` de l'exercice, toutes les écritures passées."""
        e = self.entreprise
        livre = Livre(
            e.exercice_debut, e.exercice_fin, raison_sociale=e.raison_sociale, horloge=lambda: e.exercice_fin
        )
        for t in self.clients + self.fournisseurs:
            livre.ouvrir_tiers(t.code, t.raison_sociale)
        for ecriture in self.ecritures():
            livre.passer(ecriture)
        return livre


# ---------------------------------------------------------------------- génération
def generer_dossier(
    graine: bytes | int,
    *,
    exercice: int = 2026,
    nb_clients: int = 8,
    nb_fournisseurs: int = 6,
    nb_salaries: int = 4,
    nb_factures_vente: int = 12,
    nb_factures_achat: int = 10,
    smic_mensuel: Decimal | None = None,
) -> Dossier:
    """Génère le dossier d'une entreprise fictive pour un exercice civil.

    Args:
        graine: octets ou entier donnés par l'appelant (dérivés de l'apprenant et du devoir) ;
            la même graine donne le même dossier.
        exercice: année de l'exercice (du 1er janvier au 31 décembre) ; les règles du cours
            (TVA, commerce) doivent exister pour cette année.
        nb_clients, nb_fournisseurs, nb_salaries: nombre de tiers et de salariés
            (au moins 2 clients et 3 fournisseurs).
        nb_factures_vente, nb_factures_achat: nombre de factures (au moins 4 de chaque).
        smic_mensuel: SMIC mensuel brut 35 h ; par défaut la règle ``paie.smic.mensuel`` si les
            règles du cours l'ont, sinon :data:`SMIC_MENSUEL_2026`.

    Le dossier comprend toujours : une facture de vente avec toutes les réductions (remise de
    ligne, remise, rabais, ristourne, escompte et, pour des biens, port), une facture avec
    acompte (si l'entreprise vend des biens), un avoir de vente et un d'achat ; et, pour le
    rapprochement de décembre, des opérations du relevé non comptabilisées (frais, agios, un
    prélèvement fournisseur, un virement client) et un chèque émis fin décembre débité en janvier.

    Raises:
        TypeError: la graine n'est ni un entier ni des octets.
        ValueError: trop peu de tiers ou de factures pour ces cas.
        RegleInconnue: les règles du cours n'ont pas de taux de TVA pour cet exercice.
    """
    if (
        nb_clients < 2
        or nb_fournisseurs < 3
        or nb_factures_vente < 4
        or nb_factures_achat < 4
        or nb_salaries < 0
    ):
        raise ValueError(
            "Un dossier a au moins 2 clients, 3 fournisseurs, 4 factures de vente et 4 factures d'achat."
        )
    return _Fabrique(_rng(graine), exercice, smic_mensuel).dossier(
        nb_clients, nb_fournisseurs, nb_salaries, nb_factures_vente, nb_factures_achat
    )


@dataclass(slots=True)
class _Projet:
    """Une facture en préparation (modifiable) avant d'être datée, numérotée et calculée."""

    tiers: Tiers
    jour: dt.date
    lignes: tuple[LigneFacture, ...]
    role: str = ""
    remise: Decimal = ZERO
    rabais: Decimal = ZERO
    ristourne: Decimal = ZERO
    escompte: Escompte | None = None
    port: Decimal = ZERO


class _Fabrique:
    """État de la génération : le générateur pseudo-aléatoire et ce qui est déjà tiré."""

    def __init__(self, rng: random.Random, exercice: int, smic_mensuel: Decimal | None) -> None:
        self.rng = rng
        self.debut = dt.date(exercice, 1, 1)
        self.fin = dt.date(exercice, 12, 31)
        self.exercice = exercice
        self.smic = smic_mensuel if smic_mensuel is not None else _smic(self.debut)
        self.sirens: set[str] = set()  # appartenance seulement (jamais parcouru)
        self.noms: set[str] = set()
        self.secteur = rng.choice(_SECTEURS)

    # -------------------------------------------------- identités
    def adresse(self, ville=None, complement: bool = True) -> tuple[Adresse, str]:
        cp, commune, greffe = ville or self.rng.choice(_VILLES)
        numero = str(self.rng.randint(1, 180)) + (" bis" if self.rng.randint(1, 20) == 1 else "")
        comp = self.rng.choice(_COMPLEMENTS) if complement and self.rng.randint(1, 6) == 1 else ""
        return Adresse(numero, self.rng.choice(_VOIES), cp, commune, comp), greffe

    def siren(self) -> str:
        from stdnum import luhn
        from stdnum.fr import siren

        while True:
            base = str(self.rng.randint(30_000_000, 99_999_999))
            numero = base + luhn.calc_check_digit(base)
            if numero not in self.sirens:
                self.sirens.add(numero)
                assert siren.is_valid(numero)
                return numero

    def siret(self, siren_: str) -> str:
        from stdnum import luhn
        from stdnum.fr import siret

        nic = f"{self.rng.randint(1, 9):04d}"
        numero = siren_ + nic + luhn.calc_check_digit(siren_ + nic)
        assert siret.is_valid(numero)
        return numero

    def compte_bancaire(self, titulaire: str, ville: str) -> CompteBancaire:
        from stdnum import iban

        nom, code_banque, bic = self.rng.choice(_BANQUES)
        guichet = f"{self.rng.randint(1, 99999):05d}"
        compte = f"{self.rng.randint(0, 10**11 - 1):011d}"
        numero = _iban_fr(code_banque, guichet, compte)
        assert iban.is_valid(numero)
        return CompteBancaire(nom, numero, bic, titulaire, f"{nom} {ville}")

    def personne(self, fonction: str, domaine: str) -> Contact:
        prenom, civilite = self.rng.choice(_PRENOMS)
        nom = self.rng.choice(_NOMS)
        email = f"{_slug(prenom)}.{_slug(nom)}@{domaine}"
        return Contact(civilite, prenom, nom, fonction, email, self.telephone())

    def telephone(self) -> str:
        """Numéro pris dans les plages que le plan national de numérotation de l'ARCEP réserve aux
        œuvres de fiction (01 99 00 ..., 02 61 91 ..., 03 53 01 ..., 04 65 71 ..., 05 36 49 ...)."""
        prefixe = self.rng.choice(("01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49"))
        return f"{prefixe} {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"

    def nom_unique(self, gabarits: tuple[str, ...], **valeurs) -> str:
        for _ in range(100):
            region, de_region = self.rng.choice(_REGIONS)
            nom = self.rng.choice(gabarits).format(
                nom=self.rng.choice(_NOMS), region=region, de_region=de_region, **valeurs
            )
            if nom not in self.noms:
                self.noms.add(nom)
                return nom
        raise AssertionError("plus de noms disponibles")

    def forme_et_capital(self) -> tuple[str, Decimal]:
        forme = self.rng.choice(("SARL", "SARL", "SAS", "SAS", "SAS", "EURL", "SA"))
        capitaux = {
            "SARL": (1000, 5000, 7500, 8000, 10000, 15000, 20000, 50000),
            "SAS": (1000, 2000, 5000, 10000, 30000, 50000, 100000),
            "EURL": (1000, 3000, 5000, 10000),
            "SA": (37000, 40000, 45000, 50000),
        }[forme]
        return forme, Decimal(self.rng.choice(capitaux)).quantize(CENT)

    def societe(self, raison_sociale: str, naf: str) -> dict:
        forme, capital = self.forme_et_capital()
        adresse, greffe = self.adresse()
        siren_ = self.siren()
        return {
            "raison_sociale": raison_sociale,
            "forme_juridique": forme,
            "capital": capital,
            "adresse": adresse,
            "siren": siren_,
            "siret": self.siret(siren_),
            "numero_tva": _tva_intracom(siren_),
            "code_naf": naf,
            "greffe": greffe,
            "email": f"contact@{_slug(raison_sociale)}.example",
            "telephone": self.telephone(),
            "banque": self.compte_bancaire(raison_sociale, adresse.ville),
        }

    def entreprise(self) -> Entreprise:
        s = self.secteur
        nom = self.nom_unique(
            ("{nom} {mot}", "{mot} {de_region}", "{mot} {nom}"), mot=self.rng.choice(s.mots)
        )
        champs = self.societe(nom, s.code_naf)
        creation = self.debut - dt.timedelta(days=self.rng.randint(2 * 365, 25 * 365))
        fonction = {
            "SARL": "Gérant",
            "EURL": "Gérant",
            "SAS": "Président",
            "SA": "Président-directeur général",
        }
        dirigeant = self.personne(fonction[champs["forme_juridique"]], champs["email"].split("@")[1])
        if dirigeant.civilite == "Mme":
            feminin = {
                "Gérant": "Gérante",
                "Président": "Présidente",
                "Président-directeur général": "Présidente-directrice générale",
            }
            dirigeant = replace(dirigeant, fonction=feminin[dirigeant.fonction])
        return Entreprise(
            **champs,
            libelle_naf=s.libelle_naf,
            activite=s.activite,
            secteur=s.libelle,
            date_creation=creation,
            exercice_debut=self.debut,
            exercice_fin=self.fin,
            regime_tva="Réel normal, déclaration mensuelle de TVA (CA3)",
            option_tva_debits=s.activite != "négoce" and self.rng.randint(1, 5) <= 2,
            dirigeant=dirigeant,
        )

    def client(self, numero: int, mode: str) -> Tiers:
        metier, naf = self.rng.choice(_METIERS_CLIENTS)
        nom = self.nom_unique(
            ("{metier} {nom}", "{metier} {nom} et Fils", "{metier} {de_region}"), metier=metier
        )
        champs = self.societe(nom, naf)
        livraison = None
        if self.rng.randint(1, 4) == 1:
            ville = next(v for v in _VILLES if v[1] == champs["adresse"].ville)
            livraison = self.adresse(ville, complement=False)[0]
            livraison = replace(
                livraison, complement=self.rng.choice(("Entrepôt", "Dépôt", "Site de production"))
            )
        return Tiers(
            **champs,
            code=f"C{numero:04d}",
            compte="411",
            categorie="",
            conditions=self.rng.choice(_CONDITIONS),
            mode_reglement=mode,
            contact=self.personne(
                self.rng.choice(("Comptabilité", "Achats", "Direction")), champs["email"].split("@")[1]
            ),
            adresse_livraison=livraison,
        )

    def fournisseur(self, numero: int, categorie: str) -> Tiers:
        if categorie in _FRAIS_GENERAUX:
            mode, naf, gabarits, _ = _FRAIS_GENERAUX[categorie]
        else:
            mode, gabarits = "virement", _NOMS_ACHATS[categorie]
            naf = _NAF_FOURNISSEUR_PRINCIPAL.get(self.secteur.code, self.secteur.code_naf)
        if mode == "virement" and self.rng.randint(1, 4) == 1:
            mode = "chèque"
        nom = self.nom_unique(gabarits)
        champs = self.societe(nom, naf)
        conditions = ConditionsPaiement(30) if mode == "prélèvement" else self.rng.choice(_CONDITIONS)
        return Tiers(
            **champs,
            code=f"F{numero:04d}",
            compte="401",
            categorie=categorie,
            conditions=conditions,
            mode_reglement=mode,
            contact=self.personne("Service clients", champs["email"].split("@")[1]),
        )

    def salarie(self, numero: int, emplois) -> Salarie:
        rng = self.rng
        masculin, feminin, statut = rng.choice(emplois)
        prenom, civilite = rng.choice(_PRENOMS)
        nom = rng.choice(_NOMS)
        naissance = dt.date(self.exercice - rng.randint(20, 60), rng.randint(1, 12), rng.randint(1, 28))
        entree = self.debut - dt.timedelta(days=rng.randint(-240, 12 * 365))
        entree = max(entree, dt.date(naissance.year + 18, naissance.month, naissance.day))
        temps_partiel = statut == "non cadre" and rng.randint(1, 5) == 1
        duree = Decimal(24 if temps_partiel else 35)
        plancher = (self.smic * duree / 35).quantize(CENT, rounding=ROUND_UP)
        if statut == "cadre":
            salaire = Decimal(rng.randint(3000, 5500))
        else:
            salaire = plancher + Decimal(rng.randint(0, 90)) * 10 * duree / 35
        salaire = max(arrondir(salaire), plancher)
        return Salarie(
            matricule=f"S{numero:03d}",
            civilite=civilite,
            prenom=prenom,
            nom=nom,
            date_naissance=naissance,
            nir=_nir(rng, civilite, naissance),
            emploi=feminin if civilite == "Mme" else masculin,
            statut=statut,
            contrat="CDI",
            date_entree=entree,
            salaire_base=salaire,
            duree_hebdomadaire=duree,
        )

    # -------------------------------------------------- catalogue
    def catalogue(self) -> tuple[Article, ...]:
        s = self.secteur
        articles = []
        for i, m in enumerate(s.articles, start=1):
            designation = m.designation + (
                f" {self.exercice + 1}" if m.designation.startswith("Agenda") else ""
            )
            articles.append(
                Article(
                    f"{s.prefixe}-{i:03d}",
                    designation,
                    _prix(self.rng, m.prix_min, m.prix_max),
                    m.cle_taux,
                    m.compte_vente,
                    m.compte_achat,
                    m.unite,
                    "service" if m.compte_vente == "706" else "bien",
                )
            )
        return tuple(articles)

    def modele(self, article: Article) -> _ModeleArticle:
        """Le gabarit d'un article du catalogue (pour tirer ses quantités)."""
        designation = article.designation.removesuffix(f" {self.exercice + 1}")
        return next(m for m in self.secteur.articles if m.designation == designation)

    def articles_achat(
        self, categorie: str, catalogue: tuple[Article, ...]
    ) -> tuple[tuple[Article, _ModeleArticle], ...]:
        """Articles qu'un fournisseur facture, avec leur gabarit (pour les quantités)."""
        if (
            categorie == "marchandises"
        ):  # les biens du catalogue, au prix d'achat (55 à 75 % du prix de vente)
            resultat = []
            for a in catalogue:
                if a.compte_achat:
                    coef = Decimal(self.rng.randint(55, 75)) / 100
                    resultat.append(
                        (replace(a, prix_unitaire_ht=arrondir(a.prix_unitaire_ht * coef)), self.modele(a))
                    )
            return tuple(resultat)
        modeles = _FRAIS_GENERAUX[categorie][3] if categorie in _FRAIS_GENERAUX else self.secteur.achats
        return tuple(
            (
                Article(
                    f"{_ascii(categorie)[:3]}-{i:02d}",
                    m.designation,
                    _prix(self.rng, m.prix_min, m.prix_max),
                    m.cle_taux,
                    "",
                    m.compte_achat,
                    m.unite,
                    _nature_achat(m.compte_achat),
                ),
                m,
            )
            for i, m in enumerate(modeles, start=1)
        )

    # -------------------------------------------------- pièces
    def lignes(
        self, articles, nb: int, facteur: int = 1, remise_possible: bool = True
    ) -> tuple[LigneFacture, ...]:
        choisis = self.rng.sample(range(len(articles)), min(nb, len(articles)))
        lignes = []
        for i in sorted(choisis):
            article, modele = articles[i]
            remise = ZERO
            if remise_possible and self.rng.randint(1, 4) == 1:
                remise = self.rng.choice((Decimal("0.05"), Decimal("0.10"), Decimal("0.15")))
            lignes.append(
                LigneFacture(article, _quantite(self.rng, modele, facteur), article.prix_unitaire_ht, remise)
            )
        return tuple(lignes)

    def reductions(self, projet: _Projet, *, rabais: bool = True) -> None:
        """Réductions tirées au hasard pour une facture ordinaire."""
        rng = self.rng
        if rng.randint(1, 10) <= 3:
            projet.remise = rng.choice((Decimal("0.02"), Decimal("0.03"), Decimal("0.05")))
        if rabais and rng.randint(1, 10) == 1:
            projet.rabais = rng.choice((Decimal("0.02"), Decimal("0.05")))
        if rabais and rng.randint(1, 10) == 1:
            projet.ristourne = rng.choice((Decimal("0.01"), Decimal("0.02"), Decimal("0.03")))
        if rng.randint(1, 10) <= 2:
            projet.escompte = Escompte(
                rng.choice((Decimal("0.01"), Decimal("0.015"), Decimal("0.02"))), rng.choice((8, 10, 15))
            )
        if any(lg.article.nature == "bien" for lg in projet.lignes) and rng.randint(1, 10) <= 4:
            projet.port = self.port()

    def factures_vente(self, n: int, entreprise: Entreprise, clients, catalogue) -> list[tuple[Facture, str]]:
        """Factures de vente numérotées F<année>-001... dans l'ordre chronologique, avec leur rôle."""
        rng = self.rng
        articles = tuple((a, self.modele(a)) for a in catalogue)
        biens = tuple(x for x in articles if x[0].nature == "bien")
        virement = [c for c in clients if c.mode_reglement == "virement"]
        client_decembre = rng.choice(virement)
        a_servir = [c for c in clients if c != client_decembre]  # chaque client a au moins une facture
        rng.shuffle(a_servir)
        projets = []
        for i in range(n):
            client = client_decembre if i == 3 else a_servir.pop() if a_servir else rng.choice(clients)
            jour = _jour(rng, self.debut + dt.timedelta(days=4), self.fin - dt.timedelta(days=3))
            projet = _Projet(client, jour, self.lignes(articles, rng.randint(1, 4)))
            if i == 0:  # toutes les réductions, et deux taux de TVA si le catalogue en a
                premiers = {}
                for x in articles:
                    premiers.setdefault(x[0].cle_taux, x)
                choix = list(premiers.values()) if len(premiers) > 1 else list(articles[:2])
                (a, m), (b, mb) = choix[0], choix[1]
                projet.lignes = (
                    LigneFacture(a, _quantite(rng, m), a.prix_unitaire_ht, Decimal("0.10")),
                    LigneFacture(b, _quantite(rng, mb), b.prix_unitaire_ht),
                )
                projet.remise, projet.rabais, projet.ristourne = (
                    Decimal("0.05"),
                    Decimal("0.02"),
                    Decimal("0.01"),
                )
                projet.escompte = Escompte(Decimal("0.02"), 10)
                if a.nature == "bien" or b.nature == "bien":
                    projet.port = self.port()
                projet.role = "complete"
            elif i == 1 and biens:  # acompte reçu avant la livraison
                projet.jour = _jour(rng, self.debut + dt.timedelta(days=45), self.fin - dt.timedelta(days=40))
                projet.lignes = self.lignes(biens, rng.randint(1, 3), remise_possible=False)
                projet.role = "acompte"
            elif i == 2:  # un avoir suivra
                projet.jour = _jour(rng, self.debut + dt.timedelta(days=10), self.fin - dt.timedelta(days=60))
                projet.role = "avoir"
            elif i == 3:  # virement reçu en décembre, pas encore comptabilisé
                projet.jour = _jour(rng, dt.date(self.exercice, 11, 2), dt.date(self.exercice, 11, 20))
                projet.role = "virement_non_comptabilise"
            else:
                self.reductions(projet)
            projets.append(projet)
        projets.sort(key=lambda x: x.jour)
        factures = []
        for numero, projet in enumerate(projets, start=1):
            client, jour = projet.tiers, projet.jour
            facture = Facture(
                numero=f"F{self.exercice}-{numero:03d}",
                sens="vente",
                date_emission=jour,
                date_livraison=max(self.debut, jour - dt.timedelta(days=rng.randint(0, 4))),
                vendeur=entreprise,
                acheteur=client,
                lignes=projet.lignes,
                conditions=client.conditions,
                taux_remise=projet.remise,
                taux_rabais=projet.rabais,
                taux_ristourne=projet.ristourne,
                escompte=projet.escompte,
                frais_de_port=projet.port,
                adresse_livraison=client.adresse_livraison,
                reference_commande=f"CDE-{self.exercice}-{rng.randint(100, 999)}",
            )
            if projet.role == "acompte":  # 30 % du TTC, arrondi à la dizaine d'euros
                acompte = (facture.total_ttc * Decimal("0.3") / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10
                date_acompte = _ouvre(jour - dt.timedelta(days=rng.randint(10, 30)), -1)
                facture = replace(facture, acompte=acompte.quantize(CENT), date_acompte=date_acompte)
            factures.append((facture, projet.role))
        return factures

    def port(self) -> Decimal:
        """Frais de port HT facturés."""
        return _prix(self.rng, "9.90", "45")

    def factures_achat(
        self, n: int, entreprise: Entreprise, fournisseurs, catalogue
    ) -> list[tuple[Facture, str]]:
        """Factures d'achat, chaque fournisseur numérotant dans sa propre séquence, avec leur rôle."""
        rng = self.rng
        articles = {f.code: self.articles_achat(f.categorie, catalogue) for f in fournisseurs}
        principaux = [
            f for f in fournisseurs if f.categorie in ("marchandises", "matières", "sous-traitance")
        ]
        prelevement = [f for f in fournisseurs if f.mode_reglement == "prélèvement"]
        cheque = [f for f in fournisseurs if f.mode_reglement == "chèque"]
        poids = [f for f in fournisseurs for _ in range(3 if f in principaux else 1)]
        imposes = (  # (rôle, fournisseur, premier et dernier jours possibles de la facture)
            (
                "avoir",
                rng.choice(principaux),
                self.debut + dt.timedelta(days=10),
                self.fin - dt.timedelta(days=60),
            ),
            (
                "prelevement_non_comptabilise",
                rng.choice(prelevement),
                dt.date(self.exercice, 11, 2),
                dt.date(self.exercice, 11, 25),
            ),
            (
                "cheque_fin_exercice",
                rng.choice(cheque),
                dt.date(self.exercice, 12, 1),
                dt.date(self.exercice, 12, 15),
            ),
        )
        a_servir = [f for f in fournisseurs if f not in [x[1] for x in imposes]]
        rng.shuffle(a_servir)
        projets = []
        for i in range(n):
            if i < len(imposes):
                role, fournisseur, premier, dernier = imposes[i]
            else:
                role, fournisseur = "", a_servir.pop() if a_servir else rng.choice(poids)
                premier, dernier = self.debut + dt.timedelta(days=2), self.fin - dt.timedelta(days=3)
            principal = fournisseur in principaux
            lignes = self.lignes(
                articles[fournisseur.code],
                rng.randint(1, 3) if principal else 1,
                facteur=2 if principal else 1,
                remise_possible=principal and role != "avoir",
            )
            projet = _Projet(fournisseur, _jour(rng, premier, dernier), lignes, role)
            if principal and role != "avoir":
                self.reductions(projet, rabais=False)
            projets.append(projet)
        projets.sort(key=lambda x: x.jour)
        sequences = {
            f.code: (
                rng.choice(("FA{a}-{n:05d}", "{a}{n:06d}", "INV-{a}-{n:04d}", "{n:07d}")),
                rng.randint(100, 9000),
            )
            for f in fournisseurs
        }
        factures = []
        for projet in projets:
            f = projet.tiers
            motif, dernier = sequences[f.code]
            dernier += rng.randint(3, 40)  # le fournisseur facture aussi d'autres clients
            sequences[f.code] = (motif, dernier)
            factures.append(
                (
                    Facture(
                        numero=motif.format(a=self.exercice, n=dernier),
                        sens="achat",
                        date_emission=projet.jour,
                        date_livraison=max(self.debut, projet.jour - dt.timedelta(days=rng.randint(0, 3))),
                        vendeur=f,
                        acheteur=entreprise,
                        lignes=projet.lignes,
                        conditions=f.conditions,
                        taux_remise=projet.remise,
                        escompte=projet.escompte,
                        frais_de_port=projet.port,
                        reference_commande=f"BC-{self.exercice}-{rng.randint(100, 999)}",
                    ),
                    projet.role,
                )
            )
        return factures

    def avoir(self, facture: Facture, numero: str) -> Avoir:
        rng = self.rng
        jour = _ouvre(facture.date_emission + dt.timedelta(days=rng.randint(3, 15)))
        retournables = [lg for lg in facture.lignes if lg.article.nature == "bien" and lg.quantite >= 2]
        if retournables:
            ligne = rng.choice(retournables)
            quantite = Decimal(rng.randint(1, int(ligne.quantite) // 2))
            return Avoir(
                numero,
                facture.sens,
                jour,
                facture.vendeur,
                facture.acheteur,
                facture.numero,
                facture.date_emission,
                "retour",
                (replace(ligne, quantite=quantite),),
            )
        taux = rng.choice((Decimal("0.05"), Decimal("0.10")))
        lignes = tuple(
            LigneFacture(
                Article(
                    "RABAIS",
                    f"Rabais de {format_taux(taux)} sur la facture {facture.numero} (geste commercial)",
                    arrondir(c.net_financier * taux),
                    c.cle_taux,
                    c.compte if facture.sens == "vente" else "",
                    c.compte if facture.sens == "achat" else "",
                    "forfait",
                    "service",
                ),
                Decimal(1),
                arrondir(c.net_financier * taux),
            )
            for c in facture.cascades
        )
        return Avoir(
            numero,
            facture.sens,
            jour,
            facture.vendeur,
            facture.acheteur,
            facture.numero,
            facture.date_emission,
            "rabais",
            lignes,
        )

    # -------------------------------------------------- banque
    @staticmethod
    def operation(
        date_operation: dt.date,
        nature: str,
        libelle: str,
        montant: Decimal,
        reference: str,
        libelle_comptable: str,
        contrepartie: tuple[Ligne, ...],
        *,
        date_valeur: dt.date | None = None,
        date_comptable: dt.date | None = None,
        tiers: str = "",
        comptabilisee: bool = True,
    ) -> LigneReleve:
        """Une opération bancaire (``montant`` positif : entrée d'argent) ; le solde est calculé ensuite."""
        return LigneReleve(
            date_operation=date_operation,
            date_valeur=date_valeur or date_operation,
            libelle=libelle,
            debit=max(-montant, ZERO),
            credit=max(montant, ZERO),
            solde=ZERO,
            nature=nature,
            reference=reference,
            tiers=tiers,
            comptabilisee=comptabilisee,
            date_comptable=date_comptable or date_operation,
            libelle_comptable=libelle_comptable,
            contrepartie=contrepartie,
        )

    def date_reglement(self, facture: Facture, role: str, ecart: tuple[int, int]) -> dt.date:
        """Jour du règlement : dans le délai d'escompte s'il y en a un, sinon autour de l'échéance."""
        rng = self.rng
        if role == "virement_non_comptabilise":
            jour = _jour(rng, dt.date(self.exercice, 12, 7), dt.date(self.exercice, 12, 18))
        elif role == "cheque_fin_exercice":
            jour = _ouvre(dt.date(self.exercice, 12, 29) + dt.timedelta(days=rng.randint(0, 1)), -1)
        elif facture.escompte:
            jour = facture.date_emission + dt.timedelta(days=rng.randint(2, facture.escompte.delai_jours))
        elif facture.tiers.mode_reglement == "prélèvement":
            jour = facture.date_echeance
        else:
            jour = facture.date_echeance + dt.timedelta(days=rng.randint(*ecart))
        return _ouvre(max(jour, facture.date_emission + dt.timedelta(days=2)))

    def reglements_clients(self, ventes, deduit: dict[str, Decimal]) -> list[LigneReleve]:
        """Acomptes et règlements des clients : virements reçus et remises de chèques."""
        operations = []
        for facture, role in ventes:
            client = facture.acheteur
            nom = _ascii(client.raison_sociale)
            if facture.acompte:
                ref = facture.reference_commande
                operations.append(
                    self.operation(
                        facture.date_acompte,
                        "acompte reçu",
                        f"VIR SEPA RECU /DE {nom} /REF ACOMPTE {ref}",
                        facture.acompte,
                        ref,
                        f"Acompte reçu {ref} {client.raison_sociale}",
                        (Ligne("4191", credit=facture.acompte, tiers=client.code),),
                        tiers=client.code,
                    )
                )
            du = facture.net_a_payer - deduit.get(facture.numero, ZERO)
            if du <= 0:
                continue
            jour = self.date_reglement(facture, role, (-5, 12))  # des clients paient en retard
            contrepartie = (Ligne("411", credit=du, tiers=client.code),)
            if client.mode_reglement == "chèque":  # remis en banque le lendemain, crédité le surlendemain
                remise = _ouvre(jour + dt.timedelta(days=1))
                credite = _ouvre(remise + dt.timedelta(days=1))
                operations.append(
                    self.operation(
                        credite,
                        "remise de chèques",
                        f"REMISE CHQ N° {self.rng.randint(1_000_000, 9_999_999)}",
                        du,
                        facture.numero,
                        f"Remise chèque {facture.numero} {client.raison_sociale}",
                        contrepartie,
                        date_valeur=_ouvre(credite + dt.timedelta(days=1)),
                        date_comptable=remise,
                        tiers=client.code,
                    )
                )
            else:
                operations.append(
                    self.operation(
                        jour,
                        "virement reçu",
                        f"VIR SEPA RECU /DE {nom} /REF {facture.numero}",
                        du,
                        facture.numero,
                        f"Règlement {facture.numero} {client.raison_sociale}",
                        contrepartie,
                        tiers=client.code,
                        comptabilisee=role != "virement_non_comptabilise",
                    )
                )
        return operations

    def reglements_fournisseurs(self, achats, deduit: dict[str, Decimal]) -> list[LigneReleve]:
        """Règlements des fournisseurs : virements émis, prélèvements, chèques (numéros du chéquier)."""
        operations, cheques = [], []
        for facture, role in achats:
            f = facture.vendeur
            du = facture.net_a_payer - deduit.get(facture.numero, ZERO)
            if du <= 0:
                continue
            jour = self.date_reglement(facture, role, (-4, 2))
            nom = _ascii(f.raison_sociale)
            commun = (
                facture.numero,
                f"Règlement {facture.numero} {f.raison_sociale}",
                (Ligne("401", debit=du, tiers=f.code),),
            )
            if f.mode_reglement == "chèque":
                cheques.append((jour, facture.numero, role, du, commun, f.code))
            elif f.mode_reglement == "prélèvement":
                operations.append(
                    self.operation(
                        jour,
                        "prélèvement",
                        f"PRLV SEPA {nom} /REF {facture.numero}",
                        -du,
                        *commun,
                        tiers=f.code,
                        comptabilisee=role != "prelevement_non_comptabilise",
                    )
                )
            else:
                operations.append(
                    self.operation(
                        jour,
                        "virement émis",
                        f"VIR SEPA EMIS /A {nom} /REF {facture.numero}",
                        -du,
                        *commun,
                        tiers=f.code,
                    )
                )
        premier = self.rng.randint(1_000_000, 9_000_000)
        for numero, (emission, _, role, du, commun, code) in enumerate(
            sorted(cheques, key=lambda c: (c[0], c[5], c[1])), start=premier
        ):
            debite = _ouvre(emission + dt.timedelta(days=self.rng.randint(3, 9)))
            if role == "cheque_fin_exercice":  # encaissé par le fournisseur après la clôture
                debite = _ouvre(max(debite, dt.date(self.exercice + 1, 1, 5)))
            operations.append(
                self.operation(
                    debite,
                    "chèque émis",
                    f"CHEQUE N° {numero}",
                    -du,
                    *commun,
                    date_comptable=emission,
                    tiers=code,
                )
            )
        return operations

    def operations_de_banque(self) -> list[LigneReleve]:
        """Frais de tenue de compte (mensuels), agios (trimestriels), achats par carte."""
        rng = self.rng
        operations = []
        frais = _prix(rng, "15", "32")
        for mois in range(1, 13):
            dernier = _ouvre(_fin_de_mois(dt.date(self.exercice, mois, 1)), -1)
            releve = f"REL-{self.exercice}-{mois:02d}"
            decembre = mois == 12  # découverts au rapprochement de décembre
            operations.append(
                self.operation(
                    dernier,
                    "frais",
                    "FRAIS TENUE DE COMPTE",
                    -frais,
                    releve,
                    f"Frais de tenue de compte {mois:02d}/{self.exercice}",
                    (Ligne("627", debit=frais),),
                    comptabilisee=not decembre,
                )
            )
            if mois % 3 == 0:
                agios = _prix(rng, "1.50", "38")
                arrete = format_date(_fin_de_mois(dt.date(self.exercice, mois, 1)))
                operations.append(
                    self.operation(
                        dernier,
                        "agios",
                        f"AGIOS ARRETE AU {arrete}",
                        -agios,
                        releve,
                        f"Agios {mois // 3}e trimestre {self.exercice}",
                        (Ligne("6616", debit=agios),),
                        comptabilisee=not decembre,
                    )
                )
            for _ in range(rng.randint(0, 2)):
                marchand, compte = rng.choice(_MARCHANDS_CB)
                achat = dt.date(self.exercice, mois, rng.randint(1, 28))
                achat -= dt.timedelta(days=achat.weekday() == 6)  # magasins fermés le dimanche
                ttc = _prix(rng, "12", "180")
                ht = arrondir(ttc / (1 + taux_tva("normal", achat)))
                operations.append(
                    self.operation(
                        _ouvre(achat + dt.timedelta(days=1)),
                        "carte",
                        f"CB {marchand} {achat:%d/%m}",
                        -ttc,
                        f"CB {achat:%d/%m}",
                        f"Achat par carte {marchand.title()}",
                        (Ligne(compte, debit=ht), Ligne("44566", debit=ttc - ht)),
                        date_comptable=achat,
                    )
                )
        return operations

    def mouvements(
        self, ventes, achats, avoirs, solde_initial: Decimal
    ) -> tuple[Decimal, tuple[LigneReleve, ...]]:
        """Toutes les opérations de l'exercice (et celles passées en comptabilité avant la clôture mais
        débitées après), dans l'ordre de la banque, avec le solde courant.

        Le solde d'ouverture est relevé si besoin pour que le compte ne descende jamais sous un petit
        matelas de trésorerie.
        """
        deduit: dict[str, Decimal] = {}
        for a in avoirs:
            deduit[a.facture] = deduit.get(a.facture, ZERO) + a.total_ttc
        operations = (
            self.reglements_clients(ventes, deduit)
            + self.reglements_fournisseurs(achats, deduit)
            + self.operations_de_banque()
        )
        operations = [m for m in operations if m.date_comptable <= self.fin or m.date_operation <= self.fin]
        operations.sort(key=lambda m: m.date_operation)  # tri stable : ordre de création à date égale
        cumul = plus_bas = ZERO
        for m in operations:
            cumul += m.montant
            plus_bas = min(plus_bas, cumul)
        matelas = Decimal(self.rng.randint(5, 30) * 100)
        if solde_initial + plus_bas < matelas:
            solde_initial = ((matelas - plus_bas) / 100).quantize(Decimal(1), rounding=ROUND_UP) * 100
        solde = solde_initial = solde_initial.quantize(CENT)
        lignes = []
        for m in operations:
            solde += m.montant
            lignes.append(replace(m, solde=solde))
        return solde_initial, tuple(lignes)

    def releves(self, compte: CompteBancaire, mouvements, solde_initial) -> tuple[ReleveBancaire, ...]:
        releves = []
        solde = solde_initial
        for mois in range(1, 13):
            debut = dt.date(self.exercice, mois, 1)
            fin = _fin_de_mois(debut)
            lignes = tuple(m for m in mouvements if debut <= m.date_operation <= fin)
            releve = ReleveBancaire(compte, mois, debut, fin, solde, lignes)
            releves.append(releve)
            solde = releve.solde_final
        return tuple(releves)

    # -------------------------------------------------- assemblage
    def dossier(self, nb_clients, nb_fournisseurs, nb_salaries, nb_ventes, nb_achats) -> Dossier:
        rng = self.rng
        entreprise = self.entreprise()
        catalogue = self.catalogue()
        modes = ["virement", "chèque"] + [
            rng.choice(("virement", "virement", "chèque")) for _ in range(nb_clients - 2)
        ]
        clients = tuple(self.client(i, mode) for i, mode in enumerate(modes, start=1))
        frais = _FRAIS_PAR_ACTIVITE[self.secteur.activite]
        categories = [self.secteur.categorie_achats, frais[0], frais[1]]
        suite = frais[2:] + (self.secteur.categorie_achats,)
        categories += [suite[i % len(suite)] for i in range(nb_fournisseurs - 3)]
        fournisseurs = tuple(self.fournisseur(i, c) for i, c in enumerate(categories, start=1))
        emplois = self.secteur.emplois + _EMPLOIS_COMMUNS
        salaries = tuple(self.salarie(i, emplois) for i in range(1, nb_salaries + 1))

        ventes = self.factures_vente(nb_ventes, entreprise, clients, catalogue)
        achats = self.factures_achat(nb_achats, entreprise, fournisseurs, catalogue)
        avoirs_vente = tuple(
            self.avoir(f, f"AV{self.exercice}-{i:03d}")
            for i, f in enumerate((f for f, role in ventes if role == "avoir"), start=1)
        )
        avoirs_achat = tuple(self.avoir(f, f"AV-{f.numero}") for f, role in achats if role == "avoir")

        report = Decimal(rng.randint(-int(entreprise.capital) // 200, 300) * 100)
        solde_initial, mouvements = self.mouvements(
            ventes, achats, avoirs_vente + avoirs_achat, entreprise.capital + report
        )
        report = solde_initial - entreprise.capital
        return Dossier(
            exercice=self.exercice,
            entreprise=entreprise,
            clients=clients,
            fournisseurs=fournisseurs,
            salaries=salaries,
            catalogue=catalogue,
            factures_vente=tuple(f for f, _ in ventes),
            factures_achat=tuple(f for f, _ in achats),
            avoirs_vente=avoirs_vente,
            avoirs_achat=avoirs_achat,
            solde_initial_banque=solde_initial,
            report_a_nouveau=report,
            mouvements_bancaires=mouvements,
            releves=self.releves(entreprise.banque, mouvements, solde_initial),
        )


def _nature_achat(compte: str) -> str:
    """Prestations de services (604, 61x, 62x) ou biens (autres comptes d'achat)."""
    return "service" if compte.startswith(("604", "61", "62")) else "bien"


def _smic(jour: dt.date) -> Decimal:
    try:
        return regles.valeur(CLE_SMIC_MENSUEL, jour)
    except regles.RegleInconnue:
        return SMIC_MENSUEL_2026


def _iban_fr(code_banque: str, code_guichet: str, numero_compte: str) -> str:
    """IBAN français : clé RIB = 97 − (89 × banque + 15 × guichet + 3 × compte) mod 97, puis clé IBAN (mod 97)."""
    cle_rib = 97 - (89 * int(code_banque) + 15 * int(code_guichet) + 3 * int(numero_compte)) % 97
    bban = f"{code_banque}{code_guichet}{numero_compte}{cle_rib:02d}"
    controle = 98 - int(bban + "152700") % 97  # « FR00 » : F = 15, R = 27
    return f"FR{controle:02d}{bban}"


def _tva_intracom(siren: str) -> str:
    """Numéro de TVA intracommunautaire français : FR + clé (12 + 3 × (SIREN mod 97)) mod 97 + SIREN."""
    from stdnum.fr import tva

    numero = f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"
    assert tva.is_valid(numero)
    return numero


def _nir(rng: random.Random, civilite: str, naissance: dt.date) -> str:
    """NIR fictif : sexe, année, mois, département et commune de naissance, rang, clé (97 − NIR mod 97)."""
    departement = rng.choice(_VILLES)[0][:2]
    corps = (
        f"{1 if civilite == 'M.' else 2}{naissance.year % 100:02d}{naissance.month:02d}{departement}"
        f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    )
    return f"{corps}{97 - int(corps) % 97:02d}"


# ---------------------------------------------------------------------- Factur-X
_PROFIL_EN16931 = "urn:cen.eu:en16931:2017"
_UNITES = {"heure": "HUR", "jour": "DAY", "mois": "MON", "m²": "MTK"}
_CADRE = {"biens": "B1", "services": "S1", "mixte": "M1"}  # cadre de facturation (BT-23, réforme française)


def _xml_cii(piece: Facture | Avoir) -> bytes:
    from lxml import etree

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

    def partie(parent, nom: str, societe: Societe, contact: Contact | None):
        p = el(parent, nom)
        el(p, "ram:Name", societe.raison_sociale)
        el(el(p, "ram:SpecifiedLegalOrganization"), "ram:ID", societe.siren, schemeID="0002")
        if contact is not None:
            c = el(p, "ram:DefinedTradeContact")
            el(c, "ram:PersonName", f"{contact.prenom} {contact.nom}")
            el(el(c, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", contact.telephone)
            el(el(c, "ram:EmailURIUniversalCommunication"), "ram:URIID", contact.email)
        adresse(p, societe.adresse)
        el(el(p, "ram:URIUniversalCommunication"), "ram:URIID", societe.email, schemeID="EM")
        el(el(p, "ram:SpecifiedTaxRegistration"), "ram:ID", societe.numero_tva, schemeID="VA")

    def adresse(parent, a: Adresse):
        n = el(parent, "ram:PostalTradeAddress")
        el(n, "ram:PostcodeCode", a.code_postal)
        el(n, "ram:LineOne", f"{a.numero} {a.voie}")
        if a.complement:
            el(n, "ram:LineTwo", a.complement)
        el(n, "ram:CityName", a.ville)
        el(n, "ram:CountryID", a.pays)

    def reduction(
        parent,
        est_frais: bool,
        base: Decimal | None,
        taux: Decimal | None,
        m: Decimal,
        raison: str,
        taux_tva_: Decimal | None = None,
    ):
        r = el(parent, "ram:SpecifiedTradeAllowanceCharge")
        el(el(r, "ram:ChargeIndicator"), "udt:Indicator", "true" if est_frais else "false")
        if taux is not None:
            el(r, "ram:CalculationPercent", _nombre_xml(taux * 100))
            el(r, "ram:BasisAmount", _montant_xml(base))
        el(r, "ram:ActualAmount", _montant_xml(m))
        el(r, "ram:Reason", raison)
        if taux_tva_ is not None:
            taxe(el(r, "ram:CategoryTradeTax"), taux_tva_)

    est_avoir = isinstance(piece, Avoir)
    nouvelles = _nouvelles_mentions(piece.date_emission)
    racine = etree.Element(f"{{{_NS['rsm']}}}CrossIndustryInvoice", nsmap=_NS)
    contexte = el(racine, "rsm:ExchangedDocumentContext")
    if nouvelles:
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
    notes = list(piece.mentions())
    codes = ["AAB", "AAB", "PMD"] if not est_avoir else ["AAI"]
    for i, texte in enumerate(notes):
        n = el(document, "ram:IncludedNote")
        el(n, "ram:Content", texte)
        el(n, "ram:SubjectCode", codes[i] if i < len(codes) else "AAI")
    if not est_avoir:
        indemnite = regles.valeur("commerce.indemnite_forfaitaire_recouvrement", piece.date_emission)
        n = el(document, "ram:IncludedNote")
        el(
            n,
            "ram:Content",
            f"Indemnité forfaitaire pour frais de recouvrement : {format_montant(indemnite)}.",
        )
        el(n, "ram:SubjectCode", "PMT")

    transaction = el(racine, "rsm:SupplyChainTradeTransaction")
    jour_tva = piece.date_livraison if isinstance(piece, Facture) else piece.date_facture
    for i, ligne in enumerate(piece.lignes, start=1):
        item = el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        el(el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(i))
        produit = el(item, "ram:SpecifiedTradeProduct")
        el(produit, "ram:SellerAssignedID", ligne.article.reference)
        el(produit, "ram:Name", ligne.article.designation)
        accord = el(item, "ram:SpecifiedLineTradeAgreement")
        el(
            el(accord, "ram:GrossPriceProductTradePrice"),
            "ram:ChargeAmount",
            _nombre_xml(ligne.prix_unitaire_ht),
        )
        el(
            el(accord, "ram:NetPriceProductTradePrice"),
            "ram:ChargeAmount",
            _nombre_xml(ligne.prix_unitaire_ht),
        )
        el(
            el(item, "ram:SpecifiedLineTradeDelivery"),
            "ram:BilledQuantity",
            _nombre_xml(ligne.quantite),
            unitCode=_UNITES.get(ligne.article.unite, "C62"),
        )
        reglement = el(item, "ram:SpecifiedLineTradeSettlement")
        taxe(el(reglement, "ram:ApplicableTradeTax"), ligne.article.taux(jour_tva))
        if ligne.montant_remise:
            reduction(reglement, False, ligne.montant_brut, ligne.remise, ligne.montant_remise, "Remise")
        el(
            el(reglement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
            "ram:LineTotalAmount",
            _montant_xml(ligne.montant_ht),
        )

    accord = el(transaction, "ram:ApplicableHeaderTradeAgreement")
    vendeur_contact = getattr(piece.vendeur, "dirigeant", None) or getattr(piece.vendeur, "contact", None)
    acheteur_contact = getattr(piece.acheteur, "contact", None)
    partie(accord, "ram:SellerTradeParty", piece.vendeur, vendeur_contact)
    partie(accord, "ram:BuyerTradeParty", piece.acheteur, acheteur_contact)
    if isinstance(piece, Facture) and piece.reference_commande:
        el(el(accord, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", piece.reference_commande)

    livraison = el(transaction, "ram:ApplicableHeaderTradeDelivery")
    adresse_livraison = getattr(piece, "adresse_livraison", None)
    if adresse_livraison is not None:
        lieu = el(livraison, "ram:ShipToTradeParty")
        el(lieu, "ram:Name", piece.acheteur.raison_sociale)
        adresse(lieu, adresse_livraison)
    if isinstance(piece, Facture):
        date(
            el(livraison, "ram:ActualDeliverySupplyChainEvent"),
            "ram:OccurrenceDateTime",
            piece.date_livraison,
        )

    reglement = el(transaction, "ram:ApplicableHeaderTradeSettlement")
    el(reglement, "ram:PaymentReference", piece.numero)
    el(reglement, "ram:InvoiceCurrencyCode", "EUR")
    if not est_avoir:
        moyen = el(reglement, "ram:SpecifiedTradeSettlementPaymentMeans")
        el(moyen, "ram:TypeCode", "58")  # virement SEPA
        el(el(moyen, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", piece.vendeur.banque.iban)
        el(el(moyen, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", piece.vendeur.banque.bic)
    debits = bool(getattr(piece.vendeur, "option_tva_debits", False))
    for t in piece.tva_par_taux:
        n = el(reglement, "ram:ApplicableTradeTax")
        el(n, "ram:CalculatedAmount", _montant_xml(t.tva))
        el(n, "ram:TypeCode", "VAT")
        el(n, "ram:BasisAmount", _montant_xml(t.base_ht))
        el(n, "ram:CategoryCode", "S")
        if piece.nature_operation != "biens":
            el(
                n, "ram:DueDateTypeCode", "5" if debits else "72"
            )  # débits : date de facture ; sinon encaissement
        el(n, "ram:RateApplicablePercent", _nombre_xml(t.taux * 100))
    for c in piece.cascades:
        taux_c = taux_tva(c.cle_taux, jour_tva)
        base = c.montant_brut
        for raison, taux_r, m in (
            ("Remise", getattr(piece, "taux_remise", ZERO), c.remise),
            ("Rabais", getattr(piece, "taux_rabais", ZERO), c.rabais),
            ("Ristourne", getattr(piece, "taux_ristourne", ZERO), c.ristourne),
            ("Escompte", piece.escompte.taux if piece.escompte else ZERO, c.escompte),
        ):
            if m:
                reduction(reglement, False, base, taux_r, m, raison, taux_c)
            base -= m
    if piece.frais_de_port:
        principal = max(piece.cascades, key=lambda c: c.montant_brut)
        reduction(
            reglement,
            True,
            None,
            None,
            piece.frais_de_port,
            "Frais de port",
            taux_tva(principal.cle_taux, jour_tva),
        )
    conditions = el(reglement, "ram:SpecifiedTradePaymentTerms")
    if isinstance(piece, Facture):
        el(conditions, "ram:Description", piece.mentions()[1])
        date(conditions, "ram:DueDateDateTime", piece.date_echeance)
    else:
        el(conditions, "ram:Description", "Montant à déduire du prochain règlement.")
    reductions = piece.total_remise + piece.total_rabais + piece.total_ristourne + piece.total_escompte
    total = el(reglement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    el(total, "ram:LineTotalAmount", _montant_xml(piece.total_brut))
    el(total, "ram:ChargeTotalAmount", _montant_xml(piece.frais_de_port))
    el(total, "ram:AllowanceTotalAmount", _montant_xml(reductions))
    el(total, "ram:TaxBasisTotalAmount", _montant_xml(piece.total_ht))
    el(total, "ram:TaxTotalAmount", _montant_xml(piece.total_tva), currencyID="EUR")
    el(total, "ram:GrandTotalAmount", _montant_xml(piece.total_ttc))
    el(total, "ram:TotalPrepaidAmount", _montant_xml(piece.acompte))
    el(total, "ram:DuePayableAmount", _montant_xml(piece.net_a_payer))
    if est_avoir:
        reference = el(reglement, "ram:InvoiceReferencedDocument")
        el(reference, "ram:IssuerAssignedID", piece.facture)
        date(reference, "ram:FormattedIssueDateTime", piece.date_facture, "qdt")
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _pdf(piece: Facture | Avoir) -> bytes:
    """La facture lisible : A4, mise en page française sans logo, police embarquée, PDF/A-3B."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    vendeur, acheteur = piece.vendeur, piece.acheteur

    class _Document(FPDF):
        def footer(self) -> None:
            self.set_y(-18)
            self.set_font("Source", size=7)
            self.set_text_color(90)
            self.multi_cell(
                0,
                3.2,
                vendeur.mentions_legales + f" – IBAN {vendeur.banque.iban_formate} – "
                f"BIC {vendeur.banque.bic}",
                align="C",
            )
            self.cell(0, 3.2, f"Page {self.page_no()}/{{nb}}", align="C")

    pdf = _Document(format="A4", enforce_compliance="PDF/A-3B")
    pdf.set_lang("fr-FR")
    pdf.set_creation_date(dt.datetime.combine(piece.date_emission, dt.time(9), tzinfo=dt.UTC))
    pdf.set_title(f"{piece.type_document.capitalize()} {piece.numero}")
    pdf.set_author(vendeur.raison_sociale)
    pdf.set_creator("Cours Assistant comptable : compta_kernel.donnees_fictives")
    pdf.add_font("Source", "", _fichier_police("SourceSansPro-Regular.ttf"))
    pdf.add_font("Source", "B", _fichier_police("SourceSansPro-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=24)
    pdf.add_page()

    pdf.set_font("Source", "B", 14)
    pdf.cell(0, 7, vendeur.raison_sociale, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Source", size=9)
    for texte in (
        *vendeur.adresse.lignes(),
        f"Tél. {vendeur.telephone} – {vendeur.email}",
        f"SIREN {vendeur.siren_formate} – TVA {vendeur.numero_tva}",
    ):
        pdf.cell(0, 4.5, texte, new_x="LMARGIN", new_y="NEXT")

    pdf.set_xy(115, 40)
    pdf.set_font("Source", "B", 10)
    pdf.cell(80, 5, acheteur.raison_sociale, new_x="LEFT", new_y="NEXT")
    pdf.set_font("Source", size=9)
    for texte in (
        *acheteur.adresse.lignes(),
        f"SIREN {acheteur.siren_formate}",
        f"TVA {acheteur.numero_tva}",
    ):
        pdf.cell(80, 4.5, texte, new_x="LEFT", new_y="NEXT")

    pdf.set_xy(15, 72)
    pdf.set_font("Source", "B", 16)
    pdf.cell(0, 8, f"{piece.type_document.upper()} N° {piece.numero}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Source", size=9)
    infos = [f"Date d'émission : {format_date(piece.date_emission)}"]
    if isinstance(piece, Facture):
        infos += [
            f"Date de livraison ou de prestation : {format_date(piece.date_livraison)}",
            f"Date d'échéance : {format_date(piece.date_echeance)}",
        ]
        if piece.reference_commande:
            infos.append(f"Votre commande : {piece.reference_commande}")
    else:
        infos.append(f"Facture rectifiée : {piece.facture} du {format_date(piece.date_facture)}")
    for texte in infos:
        pdf.cell(0, 4.5, texte, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    def m(d: Decimal) -> str:
        return format_montant(d, devise=False)

    jour_tva = piece.date_livraison if isinstance(piece, Facture) else piece.date_facture
    entete = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=(18, 70, 14, 22, 14, 24, 14),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=5,
        headings_style=entete,
        padding=1,
    ) as table:
        for ligne in (("Réf.", "Désignation", "Qté", "PU HT", "Remise", "Montant HT", "TVA"),):
            table.row(ligne)
        for lg in piece.lignes:
            table.row(
                (
                    lg.article.reference,
                    lg.article.designation,
                    format_montant(lg.quantite, devise=False).replace(",00", ""),
                    m(lg.prix_unitaire_ht),
                    format_taux(lg.remise) if lg.remise else "",
                    m(lg.montant_ht),
                    format_taux(lg.article.taux(jour_tva)),
                )
            )
    pdf.ln(3)

    totaux = [("Total brut HT", piece.total_brut)]
    for nom, valeur, taux in (
        ("Remise", piece.total_remise, getattr(piece, "taux_remise", ZERO)),
        ("Rabais", piece.total_rabais, getattr(piece, "taux_rabais", ZERO)),
        ("Ristourne", piece.total_ristourne, getattr(piece, "taux_ristourne", ZERO)),
    ):
        if valeur:
            totaux.append((f"{nom} {format_taux(taux)}", -valeur))
    if piece.total_remise or piece.total_rabais or piece.total_ristourne:
        totaux.append(("Net commercial HT", piece.net_commercial))
    if piece.total_escompte:
        totaux += [
            (f"Escompte {format_taux(piece.escompte.taux)}", -piece.total_escompte),
            ("Net financier HT", piece.net_financier),
        ]
    if piece.frais_de_port:
        totaux.append(("Frais de port HT", piece.frais_de_port))
    totaux.append(("Total HT", piece.total_ht))
    for t in piece.tva_par_taux:
        totaux.append((f"TVA {format_taux(t.taux)} sur {m(t.base_ht)}", t.tva))
    totaux.append(("Total TTC", piece.total_ttc))
    if piece.acompte:
        totaux.append((f"Acompte reçu le {format_date(piece.date_acompte)}", -piece.acompte))
    totaux.append(
        ("Net à payer" if isinstance(piece, Facture) else "Montant de l'avoir TTC", piece.net_a_payer)
    )
    for nom, valeur in totaux:
        gras = nom in ("Total HT", "Total TTC", "Net à payer", "Montant de l'avoir TTC")
        pdf.set_x(110)
        pdf.set_font("Source", "B" if gras else "", 9)
        pdf.cell(55, 5, nom, border="B" if gras else 0)
        pdf.cell(
            30, 5, format_montant(valeur), align="R", border="B" if gras else 0, new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(4)
    pdf.set_font("Source", size=8)
    for texte in piece.mentions():
        pdf.multi_cell(0, 4, texte, new_x="LMARGIN", new_y="NEXT")
    if isinstance(piece, Facture):
        pdf.multi_cell(
            0,
            4,
            f"Règlement par virement : IBAN {vendeur.banque.iban_formate} – BIC {vendeur.banque.bic}"
            f" ({vendeur.banque.banque}).",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


@dataclass(frozen=True, slots=True)
class DonneesFacturX:
    """Ce que :func:`lire_facturx` relit du XML d'une facture Factur-X (montants en ``Decimal``)."""

    numero: str
    type_document: str
    date_emission: dt.date
    date_echeance: dt.date | None
    vendeur: str
    vendeur_siren: str
    vendeur_tva: str
    acheteur: str
    acheteur_siren: str
    acheteur_tva: str
    total_ht: Decimal
    total_tva: Decimal
    total_ttc: Decimal
    acompte: Decimal
    net_a_payer: Decimal
    tva_par_taux: tuple[tuple[Decimal, Decimal, Decimal], ...]


def lire_facturx(chemin: str | Path) -> DonneesFacturX:
    """Relit le XML CII joint à une facture Factur-X et renvoie ses données clés.

    Le XML est extrait et vérifié par le schéma XSD du profil (:func:`compta_kernel.pieces.xml_depuis_pdf`) ;
    :func:`compta_kernel.pieces.lire_facturx` relit la pièce entière (lignes, réductions, mentions).

    Returns:
        numéro, type (``"facture"`` ou ``"avoir"``), dates, vendeur et acheteur (nom, SIREN, TVA),
        totaux HT, TVA, TTC, acompte, net à payer et, par taux, (taux, base HT, TVA).

    Raises:
        FichierInvalide: le fichier n'est pas un PDF, ne contient pas de XML Factur-X, ou son XML
            n'est pas conforme au schéma.
    """
    from lxml import etree

    racine = etree.fromstring(xml_depuis_pdf(chemin))

    def texte(chemin_xpath: str, noeud=racine) -> str:
        trouve = noeud.xpath(chemin_xpath, namespaces=_NS)
        return trouve[0].text.strip() if trouve else ""

    def jour(chemin_xpath: str) -> dt.date | None:
        valeur = texte(chemin_xpath)
        return dt.datetime.strptime(valeur, "%Y%m%d").date() if valeur else None

    def decimal(chemin_xpath: str, noeud=racine) -> Decimal:
        valeur = texte(chemin_xpath, noeud)
        return Decimal(valeur) if valeur else ZERO

    accord = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
    reglement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
    total = reglement + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    taux = tuple(
        (
            decimal("ram:RateApplicablePercent", n) / 100,
            decimal("ram:BasisAmount", n),
            decimal("ram:CalculatedAmount", n),
        )
        for n in racine.xpath(reglement + "ram:ApplicableTradeTax", namespaces=_NS)
    )
    return DonneesFacturX(
        numero=texte("rsm:ExchangedDocument/ram:ID"),
        type_document="avoir" if texte("rsm:ExchangedDocument/ram:TypeCode") == "381" else "facture",
        date_emission=jour("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
        date_echeance=jour(
            reglement + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
        ),
        vendeur=texte(accord + "ram:SellerTradeParty/ram:Name"),
        vendeur_siren=texte(accord + "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        vendeur_tva=texte(accord + "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
        acheteur=texte(accord + "ram:BuyerTradeParty/ram:Name"),
        acheteur_siren=texte(accord + "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        acheteur_tva=texte(accord + "ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
        total_ht=decimal(total + "ram:TaxBasisTotalAmount"),
        total_tva=decimal(total + "ram:TaxTotalAmount"),
        total_ttc=decimal(total + "ram:GrandTotalAmount"),
        acompte=decimal(total + "ram:TotalPrepaidAmount"),
        net_a_payer=decimal(total + "ram:DuePayableAmount"),
        tva_par_taux=taux,
    )
