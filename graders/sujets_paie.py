"""Sujets du bloc 3 (paie) : les données de chaque apprenant, sans les réponses.

Chaque sujet dérive de la graine de l'apprenant (:mod:`graders.variantes`) : une entreprise
(effectif, taux d'accident du travail), un salarié (statut, salaire de base, taux de prélèvement
à la source) et les éléments variables d'un mois (heures supplémentaires, prime, absence) pour
``b3_bulletin`` ; le personnel d'une entreprise, le relevé du mois de chaque salarié et un
bulletin aux erreurs semées pour ``b3_variables_journal``. Les réponses attendues ne sont pas ici :
la correction du formateur les calcule avec :mod:`compta_kernel.paie`.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from compta_kernel.paie import ElementsVariables, Employeur, Salarie
from compta_kernel.presentation import format_montant, format_taux, nom_mois

PERIODE = "2026-10"
ENTREPRISES = (
    ("Transports Lefèvre SARL", "Orléans"),
    ("Cabinet d'architecture Noël", "Rennes"),
    ("Pâtisserie Girard", "Lyon"),
    ("Informatique Mercier SAS", "Lille"),
    ("Jardinerie Fontaine", "Angers"),
    ("Garage Chevalier", "Dijon"),
)
SALARIES = (
    ("Lambert Chloé", "Assistante de gestion", "non_cadre"),
    ("Roux Mehdi", "Technicien de maintenance", "non_cadre"),
    ("Faure Camille", "Comptable", "non_cadre"),
    ("Blanc Antoine", "Responsable administratif", "cadre"),
    ("Gauthier Inès", "Cheffe de projet", "cadre"),
    ("Perrin Lucas", "Ingénieur commercial", "cadre"),
)
EFFECTIFS = (8, 15, 35, 60)
TAUX_AT = (Decimal("0.0090"), Decimal("0.0110"), Decimal("0.0145"), Decimal("0.0210"))
TAUX_PAS = (Decimal("0.015"), Decimal("0.035"), Decimal("0.060"), Decimal("0.085"))


@dataclass(frozen=True)
class SujetBulletin:
    """Le mois de paie d'un salarié : contrat, entreprise et éléments variables.

    Attributes:
        entreprise, ville: l'employeur.
        effectif: effectif de l'entreprise.
        taux_accident_travail: taux AT/MP notifié.
        salarie: le salarié (:class:`compta_kernel.paie.Salarie`).
        emploi: son emploi.
        periode: le mois (``"2026-10"``).
        variables: éléments variables du mois (:class:`compta_kernel.paie.ElementsVariables`).
    """

    entreprise: str
    ville: str
    effectif: int
    taux_accident_travail: Decimal
    salarie: Salarie
    emploi: str
    periode: str
    variables: ElementsVariables

    @property
    def employeur(self) -> Employeur:
        """L'employeur, pour :func:`compta_kernel.paie.bulletin`."""
        return Employeur(self.effectif, self.taux_accident_travail, raison_sociale=self.entreprise)

    def _repr_html_(self) -> str:
        e = html.escape
        s, v = self.salarie, self.variables
        lignes = [
            ("Employeur", f"{self.entreprise} ({self.ville}), {self.effectif} salariés"),
            ("Taux accidents du travail", format_taux(self.taux_accident_travail)),
            ("Salarié", f"{s.nom}, {self.emploi}, {'cadre' if s.est_cadre else 'non cadre'}"),
            ("Salaire de base", f"{format_montant(s.salaire_base)} pour 151,67 h (35 h par semaine)"),
            ("Taux de prélèvement à la source", format_taux(s.taux_prelevement_source, 1)),
            ("Mois de paie", "octobre 2026"),
            ("Heures supplémentaires à 25 %", f"{v.heures_sup_25} h"),
            ("Prime exceptionnelle", format_montant(v.primes)),
            ("Absence non rémunérée", f"{v.absences_heures} h (retenue au taux horaire moyen)"),
        ]
        corps = "".join(
            f"<tr><td>{e(a)}</td><td style='padding-left:1em'>{e(b)}</td></tr>" for a, b in lignes
        )
        return (
            '<div style="border:1px solid #999;padding:0.8em;max-width:44em;font-family:sans-serif">'
            f"<strong>Éléments de paie du mois</strong><table>{corps}</table></div>"
        )


def bulletin(graine: bytes) -> SujetBulletin:
    """Le mois de paie de l'apprenant de cette graine."""
    hasard = random.Random(b"b3_bulletin" + graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    nom, emploi, statut = hasard.choice(SALARIES)
    if statut == "cadre":
        salaire = Decimal(hasard.randrange(4200, 6200, 10))
    else:
        salaire = Decimal(hasard.randrange(2000, 3200, 10))
    salarie = Salarie(
        nom, statut, salaire.quantize(Decimal("0.01")), taux_prelevement_source=hasard.choice(TAUX_PAS)
    )
    variables = ElementsVariables(
        heures_sup_25=Decimal(hasard.randrange(4, 13)),
        primes=Decimal(hasard.randrange(100, 450, 50)),
        absences_heures=Decimal(hasard.choice((0, 7, 7, 14))),
    )
    return SujetBulletin(
        entreprise,
        ville,
        hasard.choice(EFFECTIFS),
        hasard.choice(TAUX_AT),
        salarie,
        emploi,
        PERIODE,
        variables,
    )


# --------------------------------------------------------------------------------------------
# Devoir « b3_variables_journal » : le personnel d'un mois, un bulletin à contrôler
# --------------------------------------------------------------------------------------------

#: Semaines possibles d'un salarié à 35 h (heures travaillées dans la semaine).
SEMAINES = (35, 35, 37, 38, 39, 40, 42, 44, 45, 46)
#: Erreurs qu'on peut semer dans un bulletin à contrôler.
ERREURS_SEMEES = ("plafond_ignore", "csg_sans_abattement", "taux_chomage", "calcul_retraite")


@dataclass(frozen=True)
class Releve:
    """Ce que le responsable transmet pour un salarié à la fin du mois.

    Attributes:
        code: code du salarié dans le formulaire (``"S01"``).
        salarie: le salarié et son contrat (35 h par semaine).
        emploi: son emploi.
        semaines: heures travaillées chaque semaine du mois.
        absence_heures: absence non rémunérée (heures).
        prime: prime du mois (soumise à cotisations).
        frais: frais professionnels remboursés sur justificatifs.
    """

    code: str
    salarie: Salarie
    emploi: str
    semaines: tuple[int, ...]
    absence_heures: Decimal
    prime: Decimal
    frais: Decimal

    def faits(self) -> list[str]:
        """Le relevé en phrases, comme dans la note transmise au service paie."""
        heures = ", ".join(f"{h} h" for h in self.semaines)
        faits = [f"heures travaillées par semaine : {heures}"]
        if self.absence_heures:
            faits.append(f"absence non rémunérée (convenance personnelle) : {self.absence_heures} h")
        if self.prime:
            faits.append(f"prime d'objectif : {format_montant(self.prime)}")
        if self.frais:
            faits.append(f"frais de déplacement remboursés sur justificatifs : {format_montant(self.frais)}")
        return faits


@dataclass(frozen=True)
class SujetVariablesJournal:
    """Le personnel d'une entreprise pour un mois, et le bulletin d'un cadre à contrôler.

    Attributes:
        entreprise, ville, effectif, taux_accident_travail: l'employeur.
        periode: le mois (``"2026-11"``).
        releves: un :class:`Releve` par salarié.
        code_controle: code du salarié dont le bulletin est à contrôler.
        bulletin_a_controler: ``{"brut": ..., "lignes": [...]}`` (lignes de
            :meth:`compta_kernel.paie.Bulletin.en_lignes`, avec des erreurs semées).
        delai_remise: jours ouvrés avant la date de paie où les éléments variables doivent
            parvenir au service paie (procédure interne).
    """

    entreprise: str
    ville: str
    effectif: int
    taux_accident_travail: Decimal
    periode: str
    releves: tuple[Releve, ...]
    code_controle: str
    bulletin_a_controler: dict
    delai_remise: int

    @property
    def employeur(self) -> Employeur:
        """L'employeur, pour :func:`compta_kernel.paie.bulletin`."""
        return Employeur(self.effectif, self.taux_accident_travail, raison_sociale=self.entreprise)

    @property
    def salaries(self) -> dict[str, str]:
        """Code → nom de chaque salarié, pour :class:`formulaires.SaisiePaie`."""
        return {r.code: r.salarie.nom for r in self.releves}

    def releve(self, code: str) -> Releve:
        """Le relevé du salarié ``code``."""
        return next(r for r in self.releves if r.code == code)

    def _repr_html_(self) -> str:
        e = html.escape
        mois = nom_mois(dt.date(int(self.periode[:4]), int(self.periode[5:]), 1))
        personnel = "".join(
            f"<tr><td>{e(r.code)}</td><td>{e(r.salarie.nom)}</td><td>{e(r.emploi)}</td>"
            f"<td>{'cadre' if r.salarie.est_cadre else 'non cadre'}</td>"
            f"<td style='text-align:right'>{format_montant(r.salarie.salaire_base)}</td>"
            f"<td style='text-align:right'>{format_taux(r.salarie.taux_prelevement_source, 1)}</td>"
            f"<td><ul style='margin:0'>{''.join(f'<li>{e(f)}</li>' for f in r.faits())}</ul></td></tr>"
            for r in self.releves
        )
        lignes = "".join(
            f"<tr><td><code>{e(lig['code'])}</code></td><td>{e(lig['libelle'])}</td>"
            + "".join(
                f"<td style='text-align:right'>{_cellule(lig[c], c.startswith('taux'))}</td>"
                for c in ("base", "taux_salarial", "part_salariale", "taux_patronal", "part_patronale")
            )
            + "</tr>"
            for lig in self.bulletin_a_controler["lignes"]
        )
        controle = self.releve(self.code_controle).salarie.nom
        return (
            '<div style="border:1px solid #999;padding:0.8em;font-family:sans-serif">'
            f"<p><strong>{e(self.entreprise)}</strong> ({e(self.ville)}), {self.effectif} salariés, "
            f"taux accidents du travail {format_taux(self.taux_accident_travail)} — paie de {mois}. "
            "Contrats à 35 h par semaine (151,67 h par mois).</p>"
            "<p><strong>Relevé du mois transmis par les responsables</strong></p>"
            "<table><tr><th>Code</th><th>Salarié</th><th>Emploi</th><th>Statut</th><th>Salaire de base</th>"
            f"<th>Taux PAS</th><th>Éléments du mois</th></tr>{personnel}</table>"
            f"<p><strong>Procédure interne.</strong> La paie est versée le dernier jour ouvré du mois ; "
            f"les éléments variables doivent parvenir au service paie au plus tard "
            f"{self.delai_remise} jours ouvrés avant (jours ouvrés : du lundi au vendredi, hors jours fériés).</p>"
            f"<p><strong>Bulletin de {e(controle)} préparé par un stagiaire</strong> (brut "
            f"{format_montant(self.bulletin_a_controler['brut'])}) :</p>"
            "<table><tr><th>Code</th><th>Ligne</th><th>Base</th><th>Taux sal.</th><th>Part sal.</th>"
            f"<th>Taux pat.</th><th>Part pat.</th></tr>{lignes}</table></div>"
        )


def _cellule(valeur, taux: bool) -> str:
    if valeur is None or (taux and not valeur):
        return ""
    return format_taux(valeur, 3) if taux else format_montant(valeur)


def _semaines(hasard: random.Random) -> tuple[int, ...]:
    return tuple(hasard.choice(SEMAINES) for _ in range(4))


def _semer(lignes: list[dict], erreur: str, brut: Decimal) -> None:
    """Introduit une erreur typique dans les lignes d'un bulletin (en place)."""
    centime = Decimal("0.01")
    par_code = {lig["code"]: lig for lig in lignes}

    def recalculer(lig: dict) -> None:
        for cote in ("salarial", "patronal"):
            taux = lig[f"taux_{cote}"]
            if taux is not None:
                lig[f"part_{cote}e"] = (lig["base"] * taux).quantize(centime, rounding=ROUND_HALF_UP)

    if erreur == "plafond_ignore":
        lig = par_code["vieillesse_plafonnee"]
        lig["base"] = brut
        recalculer(lig)
    elif erreur == "csg_sans_abattement":
        lig = par_code["csg_deductible"]
        lig["base"] = brut
        recalculer(lig)
    elif erreur == "taux_chomage":
        lig = par_code["chomage"]
        lig["taux_patronal"] = Decimal("0.0405")
        recalculer(lig)
    elif erreur == "calcul_retraite":
        lig = par_code["retraite_complementaire_t1"]
        lig["part_salariale"] += Decimal(10)


def bulletin_a_controler(releve: Releve, periode: str, employeur: Employeur, erreurs: Sequence[str]) -> dict:
    """Le bulletin d'un salarié avec des erreurs semées : ``{"brut": ..., "lignes": [...]}``."""
    from compta_kernel.paie import bulletin as calculer
    from graders.paie import elements_variables

    b = calculer(releve.salarie, periode, elements_variables(releve, periode), employeur)
    lignes = b.en_lignes()
    for erreur in erreurs:
        _semer(lignes, erreur, b.brut)
    return {"brut": b.brut, "lignes": lignes}


def _personnel(hasard: random.Random, nombre: int) -> tuple[Releve, ...]:
    """``nombre`` salariés dont un cadre (le dernier), sur 35 h, avec leur relevé (le premier a des frais)."""
    non_cadres = [s for s in SALARIES if s[2] == "non_cadre"]
    cadres = [s for s in SALARIES if s[2] == "cadre"]
    choisis = [*hasard.sample(non_cadres, nombre - 1), hasard.choice(cadres)]
    releves = []
    for i, (nom, emploi, statut) in enumerate(choisis, start=1):
        if statut == "cadre":
            salaire = Decimal(hasard.randrange(4300, 6000, 10))
        else:
            salaire = Decimal(hasard.randrange(2000, 3200, 10))
        salarie = Salarie(
            nom,
            statut,
            salaire.quantize(Decimal("0.01")),
            matricule=f"S{i:02d}",
            emploi=emploi,
            taux_prelevement_source=hasard.choice(TAUX_PAS),
        )
        releves.append(
            Releve(
                f"S{i:02d}",
                salarie,
                emploi,
                _semaines(hasard),
                Decimal(hasard.choice((0, 0, 7, 14))) if statut == "non_cadre" else Decimal(0),
                Decimal(hasard.choice((0, 100, 150, 250, 300))),
                Decimal(hasard.choice((4250, 8640, 12390) if i == 1 else (0, 0, 4250, 8640))) / 100,
            )
        )
    return tuple(releves)


def variables_journal(graine: bytes) -> SujetVariablesJournal:
    """Le personnel et le mois de l'apprenant de cette graine (devoir ``b3_variables_journal``)."""
    hasard = random.Random(b"b3_variables_journal" + graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    effectif = hasard.choice(EFFECTIFS)
    taux_at = hasard.choice(TAUX_AT)
    periode = "2026-11"
    releves = _personnel(hasard, 3)
    employeur = Employeur(effectif, taux_at, raison_sociale=entreprise)
    cadre = releves[-1]
    erreurs = hasard.sample(ERREURS_SEMEES, 2)
    return SujetVariablesJournal(
        entreprise,
        ville,
        effectif,
        taux_at,
        periode,
        releves,
        cadre.code,
        bulletin_a_controler(cadre, periode, employeur, erreurs),
        hasard.randrange(3, 9),
    )


# --------------------------------------------------------------------------------------------
# Mise en situation professionnelle « b3_examen_paie »
# --------------------------------------------------------------------------------------------

#: Erreurs qu'on peut semer dans les écritures de paie du trimestre précédent.
ERREURS_JOURNAL = ("cotisations_en_net", "charge_patronale_doublee")


@dataclass(frozen=True)
class SujetExamenPaie(SujetVariablesJournal):
    """Le sujet de l'examen : celui de ``b3_variables_journal`` (quatre salariés), plus le trimestre
    précédent à contrôler.

    Attributes:
        trimestre: les trois mois du trimestre précédent (``("2026-04", "2026-05", "2026-06")``),
            payés au salaire de base sans élément variable.
        ecritures_trimestre: les écritures de paie du trimestre passées au journal (une modifiée
            après comptabilisation).
    """

    trimestre: tuple[str, ...] = ()
    ecritures_trimestre: tuple = ()

    def _repr_html_(self) -> str:
        e = html.escape
        lignes = "".join(
            f"<tr><td>{ecriture.date:%d/%m/%Y}</td><td>{e(ecriture.piece)}</td><td>{e(ligne.compte)}</td>"
            f"<td style='text-align:right'>{format_montant(ligne.debit, vide_si_zero=True)}</td>"
            f"<td style='text-align:right'>{format_montant(ligne.credit, vide_si_zero=True)}</td></tr>"
            for ecriture in self.ecritures_trimestre
            for ligne in ecriture.lignes
        )
        return super()._repr_html_() + (
            '<div style="border:1px solid #999;padding:0.8em;font-family:sans-serif;margin-top:0.5em">'
            "<p><strong>Journal des salaires du trimestre précédent</strong> (avril à juin 2026 : salaires de "
            "base seuls, sans élément variable ni changement de contrat ni de taux de prélèvement)</p>"
            "<table><tr><th>Date</th><th>Pièce</th><th>Compte</th><th>Débit</th><th>Crédit</th></tr>"
            f"{lignes}</table></div>"
        )


def _fausser(ecriture, erreur: str, montant_erreur: Decimal):
    """L'écriture de paie modifiée après comptabilisation (toujours équilibrée)."""
    from compta_kernel.ecritures import Ecriture, Ligne

    nouvelles = []
    for ligne in ecriture.lignes:
        if erreur == "cotisations_en_net" and ligne.compte in ("421", "431"):
            ecart = montant_erreur if ligne.compte == "421" else -montant_erreur
            ligne = Ligne(ligne.compte, credit=ligne.credit + ecart)
        elif erreur == "charge_patronale_doublee" and ligne.compte == "6451":
            ligne = Ligne(ligne.compte, debit=ligne.debit + montant_erreur)
        elif erreur == "charge_patronale_doublee" and ligne.compte == "431":
            ligne = Ligne(ligne.compte, credit=ligne.credit + montant_erreur)
        nouvelles.append(ligne)
    return Ecriture(ecriture.journal, ecriture.date, ecriture.piece, ecriture.libelle, tuple(nouvelles))


def bulletins_trimestre(sujet: SujetExamenPaie) -> list:
    """Les bulletins justes du trimestre précédent (salaire de base seul)."""
    from compta_kernel.paie import bulletin as calculer

    return [
        calculer(r.salarie, mois, None, sujet.employeur) for mois in sujet.trimestre for r in sujet.releves
    ]


def examen_paie(graine: bytes) -> SujetExamenPaie:
    """L'entreprise, son personnel et le trimestre précédent de l'apprenant de cette graine."""
    from compta_kernel.paie import bulletin as calculer
    from compta_kernel.paie import ecriture_paie

    hasard = random.Random(b"b3_examen_paie" + graine)
    entreprise, ville = hasard.choice(ENTREPRISES)
    effectif = hasard.choice(EFFECTIFS)
    taux_at = hasard.choice(TAUX_AT)
    periode = "2026-07"
    trimestre = ("2026-04", "2026-05", "2026-06")
    releves = _personnel(hasard, 4)
    employeur = Employeur(effectif, taux_at, raison_sociale=entreprise)
    cadre = releves[-1]
    erreurs = hasard.sample(ERREURS_SEMEES, 2)
    faussee = hasard.randrange(3)
    erreur_journal = hasard.choice(ERREURS_JOURNAL)
    montant_erreur = Decimal(hasard.randrange(5000, 30000)) / 100
    ecritures = []
    for i, mois in enumerate(trimestre):
        ecriture = ecriture_paie([calculer(r.salarie, mois, None, employeur) for r in releves])
        ecritures.append(_fausser(ecriture, erreur_journal, montant_erreur) if i == faussee else ecriture)
    return SujetExamenPaie(
        entreprise,
        ville,
        effectif,
        taux_at,
        periode,
        releves,
        cadre.code,
        bulletin_a_controler(cadre, periode, employeur, erreurs),
        hasard.randrange(3, 9),
        trimestre,
        tuple(ecritures),
    )
