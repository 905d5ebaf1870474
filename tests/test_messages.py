"""Courriels de premier niveau : gabarit et contrôle de structure (B4.1-K01, B4.1-K02)."""

from __future__ import annotations

import pytest

from compta_kernel.messages import ErreurMessage, Signataire, rediger_courriel, verifier_courriel

CLAIRE = Signataire(
    "Claire Martin", "assistante comptable", "claire.martin@atelier-morel.fr", "04 77 00 00 00"
)


def _externe():
    return rediger_courriel(
        "Demande de duplicata de la facture F2026-014",
        "Madame Petit",
        "Vous trouverez ci-joint le duplicata de la facture F2026-014 du 02/01/2026, d'un montant de 1 200,00 €.",
        "Je vous envoie également le relevé de votre compte d'ici le 06/03/2026.",
        CLAIRE,
        "Atelier Morel SARL",
    )


def test_rediger_courriel__externe_complet_et_ordonne():
    texte = _externe().texte()
    lignes = [ligne for ligne in texte.splitlines() if ligne]
    assert lignes[0] == "Objet : RE : Demande de duplicata de la facture F2026-014"
    assert lignes[1] == "Madame,"
    assert "Je vous prie d'agréer, Madame, l'expression de mes salutations distinguées." in lignes
    assert lignes[-5:] == [
        "Claire Martin",
        "assistante comptable",
        "Atelier Morel SARL",
        "Tél. 04 77 00 00 00",
        "claire.martin@atelier-morel.fr",
    ]
    controle = verifier_courriel(
        texte, signataire="Claire Martin", elements_de_reponse=("F2026-014", "1 200,00")
    )
    assert controle.complete, str(controle)


def test_rediger_courriel__interne_tutoiement_et_controle():
    courriel = rediger_courriel(
        "Note de frais de mars",
        "Julie",
        "Ta note de frais de mars est validée : elle sera remboursée avec le salaire d'avril.",
        "Je transmets le dossier au service paie aujourd'hui.",
        CLAIRE,
        "Atelier Morel SARL",
        externe=False,
    )
    assert "Bonjour Julie," in courriel.texte()
    assert verifier_courriel(courriel.texte(), externe=False).complete


def test_rediger_courriel__externe_sans_civilite__appel_et_politesse_du_meme_registre():
    """À « Bonjour Camille Petit » répond « Cordialement », pas « Je vous prie d'agréer, Madame, Monsieur »."""
    texte = rediger_courriel(
        "Relevé de compte",
        "Camille Petit",
        "Vous trouverez ci-joint votre relevé de compte au 28/02/2026.",
        "Je vous adresse la facture de mars d'ici le 05/04/2026.",
        CLAIRE,
        "Atelier Morel SARL",
    ).texte()
    lignes = [ligne for ligne in texte.splitlines() if ligne]
    assert lignes[1] == "Bonjour Camille Petit,"
    assert "Cordialement," in lignes and "agréer" not in texte
    assert verifier_courriel(texte, signataire="Claire Martin").complete


def test_rediger_courriel__incomplet():
    with pytest.raises(ErreurMessage):
        rediger_courriel("Objet", "Madame Petit", "", "Je reviens vers vous.", CLAIRE, "Atelier Morel SARL")


FAUTES = {
    "objet": ("Objet : RE : Demande de duplicata de la facture F2026-014", ""),
    "formule_appel": ("Madame,\n", ""),
    "reponse": (
        "Vous trouverez ci-joint le duplicata de la facture F2026-014 du 02/01/2026, d'un montant de 1 200,00 €.",
        "Voici.",
    ),
    "suite": ("Je vous envoie également le relevé de votre compte d'ici le 06/03/2026.", ""),
    "formule_politesse": ("Je vous prie d'agréer, Madame, l'expression de mes salutations distinguées.", ""),
    "signature": ("Claire Martin\nassistante comptable\nAtelier Morel SARL\nTél. 04 77 00 00 00\n", ""),
    "ton": ("Je vous remercie pour votre message.", "Salut, j'ai vu ton mail !!!"),
    "satisfaction_client": (
        "Je vous remercie pour votre message.\n\n",
        "",
    ),
}


@pytest.mark.parametrize("element", list(FAUTES))
def test_verifier_courriel__trouve_chaque_partie_semee(element):
    juste = _externe().texte()
    ancien, nouveau = FAUTES[element]
    fautif = juste.replace(ancien, nouveau)
    if element == "satisfaction_client":
        fautif = fautif.replace("Je reste à votre disposition pour toute information complémentaire.", "")
    assert fautif != juste
    controle = verifier_courriel(fautif, signataire="Claire Martin" if element == "signature" else "")
    assert element in controle.elements_manquants, str(controle)


def test_verifier_courriel__element_de_reponse_absent():
    controle = verifier_courriel(_externe().texte(), elements_de_reponse=("F2026-099",))
    assert controle.elements_manquants == ("reponse",)
    assert "F2026-099" in str(controle)


def test_verifier_courriel__message_familier_nomme_les_mots():
    message = (
        "Objet : facture\n\nCoucou,\n\nTKT c'est bon, on a bcp de retard, je te l'envoie.\n\nBisous\nClaire"
    )
    controle = verifier_courriel(message)
    texte = str(controle)
    assert "« coucou »" in texte and "« bcp »" in texte and "« tkt »" in texte
    assert {"formule_appel", "ton", "satisfaction_client"} <= set(controle.elements_manquants)
    assert next(m.critere for m in controle.manques if m.element == "satisfaction_client") == "B4.1-K02"


def test_verifier_courriel__interne_sans_exigence_de_satisfaction_client():
    juste = _externe().texte()
    sans = juste.replace("Je vous remercie pour votre message.\n\n", "").replace(
        "Je reste à votre disposition pour toute information complémentaire.", ""
    )
    assert "satisfaction_client" not in verifier_courriel(sans, externe=False).elements_manquants


def test_verifier_courriel__remerciement_et_reponse_sur_la_meme_ligne():
    """Un paragraphe « remerciement. réponse. » : la réponse est lue phrase par phrase, pas écartée avec la ligne."""
    texte = (
        "Objet : Duplicata de la facture F2026-001\n\nMadame,\n\n"
        "Je vous remercie pour votre message. Vous trouverez ci-joint le duplicata de la facture F2026-001 "
        "du 02/01/2026, d'un montant de 1 200,00 €.\nJe vous envoie le relevé d'ici le 06/03/2026.\n\n"
        "Cordialement,\n\nClaire Martin\nAssistante comptable"
    )
    assert verifier_courriel(texte, signataire="Claire Martin").complete
    seul_remerciement = texte.replace(
        " Vous trouverez ci-joint le duplicata de la facture F2026-001 du 02/01/2026, d'un montant de 1 200,00 €.",
        "",
    )
    assert "reponse" in verifier_courriel(seul_remerciement).elements_manquants
