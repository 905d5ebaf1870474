"""Aller-retour nbgrader du devoir « b1_pieces » (B1.1 : contrôle, codification, coût d'entrée).

Dans une copie du cours : ``nbgrader generate_assignment``, une copie juste et une copie
fausse déposées, ``nbgrader autograde`` avec le jeton de chaque apprenant, puis les notes
lues dans le carnet de notes : la copie juste a tous les points, la copie fausse perd ceux
de ses erreurs et son retour nomme le critère et l'erreur (« TVA sur immobilisation : 44562
et non 44566 »). Aides et copie du cours : ``tests/aides_nbgrader.py``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from aides_nbgrader import autocorriger, deposer, nbgrader, verifier_note

COURS = Path(__file__).resolve().parent.parent / "course"

DEVOIR, CARNET = "b1_pieces", "pieces"
FAUSSE = {
    # Une pièce conforme rejetée, une pièce fautive acceptée.
    "q1_reponse": "pieces_a_rejeter = {sujet.marchandises: 'remise douteuse'}",
    "q2_reponse": None,  # la solution
    # La formation comptée dans le coût d'entrée.
    "q3_reponse": (
        "bien = next(p for p in pieces if p.numero == sujet.immobilisation)\n"
        "ligne = bien.lignes[0]\n"
        "calcul = cout_entree(ligne.prix_unitaire_ht, remises=(ligne.remise,), escompte=bien.taux_escompte,\n"
        "    frais_accessoires=(('transport', bien.frais_de_port), ('installation', sujet.installation[1])))\n"
        "cout = calcul.montant + sujet.formation"
    ),
    # La TVA du bien en 44566.
    "q4_reponse": (
        "COMPTES = {'Serveur': '2183', 'Ensemble de six postes': '2184', 'Presse': '2154', 'Compresseur': '2155'}\n"
        "compte = next(c for debut, c in COMPTES.items() if sujet.bien.startswith(debut))\n"
        "juste = pre_imputation(bien.codifiee(compte)).ecriture\n"
        "reponse_acquisition = {'journal': 'IM', 'date': juste.date, 'piece': juste.piece,\n"
        "    'lignes': [(l.compte.replace('44562', '44566'), l.debit, l.credit) for l in juste.lignes]}"
    ),
    "q5_reponse": None,  # la solution, avec l'écriture d'acquisition fausse de la question 4
}
NOTES = {"q1": ("entre", 0, 3), "q2": 3, "q3": 0, "q4": ("entre", 0, 2), "q5": ("entre", 0, 2)}
RETOURS = (
    "B1.1-K03 — TVA sur immobilisation : 44562 et non 44566.",
    "le coût avec la formation",
    "aurait dû être rejetée",
    "est conforme",
)


def _correction():
    from graders.reponses import module_de_correction

    return module_de_correction(COURS, DEVOIR)


def test_sujet__deux_pieces_fautives_par_lot_et_defauts_conserves_par_le_pdf(tmp_path):
    """Sur 200 graines : trois pièces conformes, une erreur de calcul, un défaut de forme ; relues
    depuis les PDF Factur-X, les pièces gardent exactement leurs défauts."""
    from collections import Counter

    from compta_kernel import lire_facturx, verifier_piece
    from compta_kernel.verification import ErreurCalcul
    from graders.sujets_pieces import pieces

    sortes = Counter()
    for i in range(200):
        sujet = pieces(i.to_bytes(2, "big"))
        assert sujet == pieces(i.to_bytes(2, "big"))
        assert len({p.numero for p in sujet.lot}) == 5
        defauts = {p.numero: verifier_piece(p, deja_vus=sujet.deja_saisies) for p in sujet.lot}
        assert [n for n, d in defauts.items() if not d] == [
            p.numero for p in sujet.lot if p.numero in (sujet.marchandises, sujet.immobilisation, sujet.avoir)
        ]
        fautives = [d for d in defauts.values() if d]
        assert len(fautives) == 2 and sum(all(isinstance(x, ErreurCalcul) for x in d) for d in fautives) == 1
        sortes.update(type(x).__name__ for d in fautives for x in d)
    assert set(sortes) == {
        "ErreurCalcul",
        "MentionManquante",
        "MentionIncorrecte",
        "IdentifiantInvalide",
        "NumeroEnDouble",
        "DatesIncoherentes",
    }
    sujet = pieces(b"apprenant-pdf")
    for chemin, piece in zip(sujet.deposer(tmp_path), sujet.lot, strict=True):
        relue = lire_facturx(chemin)
        assert [lg.nature for lg in relue.lignes] == [""] * len(piece.lignes)
        assert [d.message for d in verifier_piece(relue, deja_vus=sujet.deja_saisies)] == [
            d.message for d in verifier_piece(piece, deja_vus=sujet.deja_saisies)
        ]


@pytest.mark.parametrize("graine", [b"a", b"bb", b"ccc", b"dddd", b"eeeee", b"ffffff"])
def test_correction__reponses_justes_tous_les_points_et_erreurs_typiques_nommees(graine):
    from dataclasses import replace

    from compta_kernel import pre_imputation
    from graders.reponses import canonique, relire
    from graders.sujets_pieces import pieces

    c, sujet = _correction(), pieces(graine)
    rejet = {n: "défaut" for n, d in c.defauts(sujet).items() if d}
    bien = sujet.piece(sujet.immobilisation)
    ecritures = [
        pre_imputation(sujet.piece(n)).ecriture
        for n in (sujet.marchandises, sujet.immobilisation, sujet.avoir)
    ]
    justes = {"q1": rejet, "q2": ecritures[0], "q3": c.cout(sujet), "q4": ecritures[1], "q5": ecritures}
    for question, reponse in justes.items():
        assert c.corriger(question, relire(canonique(reponse)), graine, sur=2).reussi, question
    tva_44566 = replace(
        ecritures[1],
        lignes=tuple(
            replace(lg, compte="44566") if lg.compte == "44562" else lg for lg in ecritures[1].lignes
        ),
    )
    verdict = c.corriger("q4", relire(canonique(tva_44566)), graine, sur=2)
    assert (
        not verdict.reussi and "B1.1-K03 — TVA sur immobilisation : 44562 et non 44566." in verdict.remarques
    )
    verdict = c.corriger("q3", c.cout(sujet) + bien.calcul.total_tva, graine, sur=2)
    assert verdict.points == 0 and "coût TTC" in verdict.remarques[0]
    verdict = c.corriger(
        "q5",
        relire(
            canonique(
                [
                    *ecritures,
                    *(
                        pre_imputation(p.codifiee("marchandises")).ecriture
                        for p in sujet.lot
                        if p.numero in rejet
                    ),
                ]
            )
        ),
        graine,
        sur=2,
    )
    # trois pièces justes, deux pièces fautives saisies en trop : (3 − 2) / 3 × 2 points
    assert verdict.points == Decimal("0.67") and any(
        "est fautive : ne la saisissez pas" in r for r in verdict.remarques
    )
    assert c.corriger("q1", None, graine, sur=3).points == 0


@pytest.mark.lent
def test_nbgrader__b1_pieces__copie_juste_et_copie_fausse(cours):
    from nbgrader.api import Gradebook

    copie, environnement, _ = cours
    nbgrader(copie, environnement, "generate_assignment", DEVOIR, "--force")
    diffuse = (copie / "release" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in diffuse and "corriger(" not in diffuse and "COMPTES = " not in diffuse

    for apprenant, reponses in {"juste": None, "fausse": FAUSSE}.items():
        deposer(copie, DEVOIR, CARNET, apprenant, reponses)
        autocorriger(cours, DEVOIR, apprenant)

    with Gradebook(f"sqlite:///{copie / 'gradebook.db'}", course_id="assistant-comptable") as carnet_de_notes:
        cellules = carnet_de_notes.find_notebook(CARNET, DEVOIR).grade_cells
        automatiques = {c.name: c.max_score for c in cellules if c.cell_type == "code"}
        assert sum(automatiques.values()) == 12
        assert carnet_de_notes.find_submission(DEVOIR, "juste").score == pytest.approx(12)
        for nom, maximum in automatiques.items():
            assert carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "juste").score == maximum, nom
        fausse = {
            nom: carnet_de_notes.find_grade(nom, CARNET, DEVOIR, "fausse").score for nom in automatiques
        }
        for nom, attendu in NOTES.items():
            verifier_note(fausse[nom], attendu)

    corrige = json.loads(
        (copie / "autograded" / "fausse" / DEVOIR / f"{CARNET}.ipynb").read_text(encoding="utf-8")
    )
    sorties = json.dumps([c.get("outputs", []) for c in corrige["cells"]], ensure_ascii=False)
    for retour in RETOURS:
        assert retour in sorties, retour
