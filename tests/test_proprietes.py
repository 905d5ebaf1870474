"""Invariants (hypothesis) : toute écriture acceptée est équilibrée, la balance est nulle,
le grand livre finit au solde de la balance, l'aller-retour FEC est sans perte."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compta_kernel import Ecriture, EcritureDesequilibree, Ligne, Livre
from compta_kernel.montants import depuis_centimes

COMPTES = [
    "101",
    "164",
    "401",
    "411",
    "44566",
    "44571",
    "512",
    "530",
    "607",
    "6064",
    "627",
    "641",
    "706",
    "707",
]
TIERS = ["", "DUPONT", "DURAND", "MARTIN"]
# Texte des libellés : le jeu ISO 8859-15 du FEC (lettres accentuées, €, œ), sans caractères de contrôle.
TEXTE = st.text(
    alphabet=st.characters(codec="iso-8859-15", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=30,
).filter(str.strip)
centimes = st.integers(min_value=1, max_value=10**10)


@st.composite
def lignes_equilibrees(draw):
    debits = draw(st.lists(centimes, min_size=1, max_size=4))
    credits_partiels = draw(st.lists(centimes, min_size=0, max_size=3))
    reste = sum(debits) - sum(credits_partiels)
    if reste <= 0:
        debits.append(1 - reste)
        reste = 1
    credits = [*credits_partiels, reste]
    lignes = [
        Ligne(draw(st.sampled_from(COMPTES)), debit=depuis_centimes(c), tiers=draw(st.sampled_from(TIERS)))
        for c in debits
    ] + [
        Ligne(
            draw(st.sampled_from(COMPTES)),
            credit=depuis_centimes(c),
            libelle=draw(st.one_of(st.just(""), TEXTE)),
        )
        for c in credits
    ]
    return draw(st.permutations(lignes))


@st.composite
def ecritures(draw):
    return Ecriture(
        draw(st.sampled_from(["AC", "VT", "BQ", "OD"])),
        draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        draw(TEXTE),
        draw(TEXTE),
        tuple(draw(lignes_equilibrees())),
    )


@given(st.lists(st.tuples(st.sampled_from(COMPTES), centimes, st.booleans()), min_size=2, max_size=6))
def test_toute_ecriture_acceptee_est_equilibree(lignes):
    try:
        ecriture = Ecriture(
            "OD",
            dt.date(2026, 5, 1),
            "P1",
            "Essai",
            tuple(
                Ligne(c, debit=depuis_centimes(m)) if d else Ligne(c, credit=depuis_centimes(m))
                for c, m, d in lignes
            ),
        )
    except EcritureDesequilibree as exc:
        assert exc.ecart != 0 and exc.ecart == exc.total_debit - exc.total_credit
    else:
        assert ecriture.total_debit == ecriture.total_credit


def _livre(saisies) -> Livre:
    livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31), horloge=lambda: dt.date(2027, 1, 15))
    for e in saisies:
        livre.passer(e)
    return livre


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ecritures(), min_size=1, max_size=12))
def test_balance_generale__somme_nulle_et_grand_livre_coherent(saisies):
    livre = _livre(saisies)
    balance = livre.balance()
    assert balance.attrs["equilibree"]
    assert sum(balance["debit"], Decimal(0)) == sum(balance["credit"], Decimal(0))
    assert sum(balance["solde_debiteur"], Decimal(0)) == sum(balance["solde_crediteur"], Decimal(0))
    fins = livre.grand_livre().groupby("compte", sort=False)["solde"].last()
    par_compte = balance.set_index("compte")
    for compte, solde in fins.items():
        assert solde == par_compte.loc[compte, "solde_debiteur"] - par_compte.loc[compte, "solde_crediteur"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ecritures(), min_size=1, max_size=10), st.sampled_from(["\t", "|"]))
def test_fec__aller_retour_sans_perte(saisies, separateur):
    livre = _livre(saisies)
    from compta_kernel import fec

    with tempfile.TemporaryDirectory() as dossier:
        chemin = fec.exporter(
            livre, Path(dossier) / "732829320FEC20261231.txt", "732829320", separateur=separateur
        )
        relu = Livre.depuis_fec(chemin, encodage=fec.ENCODAGE_EXPORT)
    attendu = livre.table()
    if separateur == "|":  # « | » ne peut figurer dans un champ séparé par « | »
        for colonne in ("libelle", "piece"):
            attendu = attendu.assign(**{colonne: attendu[colonne].str.replace("|", "/")})
    pd.testing.assert_frame_equal(relu.table(), attendu.assign(echeance=relu.table()["echeance"]))
    if separateur == "\t":
        assert [_vue_fec(e) for e in relu.ecritures()] == [_vue_fec(e) for e in livre.ecritures()]


def _vue_fec(e: Ecriture) -> tuple:
    """Ce que le FEC porte d'une écriture : un libellé par ligne, pas de libellé d'écriture à part."""
    lignes = tuple(
        (ligne.compte, ligne.tiers, ligne.debit, ligne.credit, ligne.libelle or e.libelle)
        for ligne in e.lignes
    )
    return (e.journal, e.numero, e.date, e.piece, e.date_piece, e.date_validation, lignes)
