"""Documents commerciaux : devis, bon de commande, facture (vérificateur du bloc 1), PDF et Factur-X (B4.2-K01)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest

from compta_kernel.documents_commerciaux import (
    Devis,
    DocumentInvalide,
    ecrire_pdf,
    verifier_document_commercial,
)
from compta_kernel.pieces import LignePiece, Partie, mentions_de_paiement, xml_depuis_pdf

EMETTEUR = Partie(
    "Atelier Morel SARL", "12 rue des Forges", "42000", "Saint-Étienne",
    siren="732829320", siret="73282932000074", numero_tva="FR44732829320",
)  # fmt: skip
CLIENT = Partie("Garage Petit SAS", "3 avenue Foch", "69006", "Lyon")
LIGNES = (
    LignePiece("Révision du pont élévateur", 1, "450", "0.20"),
    LignePiece("Graisse haute pression", 3, "12,35", "0.20"),
)


def _devis(**options):
    arguments = {"validite_jours": 30, "conditions_paiement": "30 jours date de facture, virement",
                 "delai_execution": "sous 15 jours après accord", **options}  # fmt: skip
    return Devis("D2026-007", dt.date(2026, 3, 2), EMETTEUR, CLIENT, LIGNES, **arguments)


def test_devis__totaux_et_validite():
    """450,00 + 3 × 12,35 = 487,05 HT ; TVA 20 % = 97,41 ; TTC 584,46 ; valable jusqu'au 01/04/2026."""
    devis = _devis()
    assert (devis.calcul.total_ht, devis.calcul.total_tva, devis.calcul.total_ttc) == (
        D("487.05"),
        D("97.41"),
        D("584.46"),
    )
    assert devis.valable_jusqu_au == dt.date(2026, 4, 1)
    texte = devis.texte().replace("\u202f", " ").replace("\xa0", " ")
    assert "Total TTC : 584,46 €" in texte and "Bon pour accord" in texte
    assert verifier_document_commercial(devis).complete


def test_devis__chaine_bon_de_commande_puis_facture():
    devis = _devis()
    commande = devis.bon_de_commande("BC-118", dt.date(2026, 3, 10), "à l'atelier le 20/03/2026", "M. Petit")
    assert commande.emetteur == CLIENT and commande.client == EMETTEUR
    assert commande.calcul.total_ttc == devis.calcul.total_ttc
    assert verifier_document_commercial(commande).complete
    facture = devis.facture(
        "F2026-050", dt.date(2026, 3, 20), dt.date(2026, 4, 19), **mentions_de_paiement(dt.date(2026, 3, 20))
    )
    assert facture.calcul.total_ttc == D("584.46") and facture.numero_commande == "D2026-007"
    assert verifier_document_commercial(facture).complete


def test_devis__accepte_apres_sa_validite():
    with pytest.raises(DocumentInvalide) as erreur:
        _devis().bon_de_commande("BC-1", dt.date(2026, 4, 2), "atelier", "M. Petit")
    assert "n'est plus valable" in erreur.value.message


@pytest.mark.parametrize(("options", "champ"), [({"validite_jours": 0}, "validite_jours")])
def test_devis__mauvaises_entrees(options, champ):
    with pytest.raises(DocumentInvalide) as erreur:
        _devis(**options)
    assert erreur.value.champ == champ


@pytest.mark.parametrize(
    ("modification", "mention"),
    [
        ({"conditions_paiement": " "}, "conditions_paiement"),
        ({"delai_execution": ""}, "delai_execution"),
        ({"client": Partie("Garage Petit SAS")}, "client"),
        ({"numero": ""}, "numero"),
        ({"lignes": (LignePiece("", 1, "10", "0.20"),)}, "lignes"),
    ],
)
def test_verifier_document_commercial__devis_fautifs(modification, mention):
    devis = dataclasses.replace(_devis(), **modification)
    assert mention in verifier_document_commercial(devis).elements_manquants


@pytest.mark.parametrize(
    ("modification", "mention"), [({"livraison": ""}, "livraison"), ({"signataire": ""}, "signature")]
)
def test_verifier_document_commercial__bon_de_commande_fautif(modification, mention):
    commande = _devis().bon_de_commande("BC-118", dt.date(2026, 3, 10), "atelier", "M. Petit")
    assert (
        mention
        in verifier_document_commercial(dataclasses.replace(commande, **modification)).elements_manquants
    )


def test_verifier_document_commercial__facture_sans_mentions_de_paiement():
    """Sans pénalités de retard ni indemnité forfaitaire : le vérificateur du bloc 1 les signale (C. com. L441-9)."""
    facture = _devis().facture("F2026-051", dt.date(2026, 3, 20), dt.date(2026, 4, 19))
    controle = verifier_document_commercial(facture)
    assert not controle.complete
    assert any("pénalités" in m.message.lower() for m in controle.manques)
    assert all(m.critere == "B4.2-K01" for m in controle.manques)


def test_ecrire_pdf__devis_et_facture_factur_x(tmp_path):
    devis = _devis()
    assert ecrire_pdf(devis, tmp_path / "devis.pdf").read_bytes().startswith(b"%PDF")
    facture = devis.facture(
        "F2026-050", dt.date(2026, 3, 20), dt.date(2026, 4, 19), **mentions_de_paiement(dt.date(2026, 3, 20))
    )
    chemin = ecrire_pdf(facture, tmp_path / "facture.pdf")
    assert b"F2026-050" in xml_depuis_pdf(chemin)
