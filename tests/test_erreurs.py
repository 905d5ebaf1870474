"""Chaque erreur d'apprenant a son cas (``tests/erreurs/*.yaml``) et son message français exact.

Un cas dit l'action, l'entrée, l'exception typée attendue et le message (ou,
pour un FEC, chaque anomalie avec sa ligne). Le livre n'est jamais modifié par
une écriture refusée.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from aides import ecritures_depuis_texte, livre_depuis_texte

import compta_kernel
from compta_kernel import Ligne, Livre, montant

CAS = [
    pytest.param(cas, id=f"{fichier.stem}-{cas['cas']}")
    for fichier in sorted((Path(__file__).parent / "erreurs").glob("*.yaml"))
    for cas in yaml.safe_load(fichier.read_text(encoding="utf-8"))
]


def _provoquer(cas: dict, tmp_path: Path) -> None:
    action = cas["action"]
    if action in ("montant", "montant_flottant"):
        montant(cas["entree"])
    elif action == "ligne":
        Ligne(**cas["entree"])
    elif action == "ecriture":
        ecritures_depuis_texte(cas["journal"])
    elif action == "passer":
        livre = Livre(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        if "cloture_jusqu_au" in cas:
            livre.cloturer_periode(cas["cloture_jusqu_au"])
        for ecriture in ecritures_depuis_texte(cas["journal"]):
            try:
                livre.passer(ecriture)
            finally:
                assert len(livre) == 0 and livre.nb_lignes == 0, "une écriture refusée ne laisse aucune trace"
    elif action == "contre_passer_deux_fois":
        livre = livre_depuis_texte(cas["journal"])
        livre.contre_passer("VT000001")
        livre.contre_passer("VT000001")
    elif action == "fec":
        chemin = tmp_path / cas["nom"]
        chemin.write_text(cas["contenu"], encoding="utf-8")
        Livre.depuis_fec(chemin)
    elif action == "releve":
        chemin = tmp_path / cas["nom"]
        chemin.write_text(cas["contenu"], encoding="utf-8")
        compta_kernel.lire_releve(chemin, **cas.get("options", {}))
    elif action == "iban":
        compta_kernel.banque.controler_iban(cas["entree"])
    else:  # pragma: no cover
        raise AssertionError(f"action inconnue {action}")


@pytest.mark.parametrize("cas", CAS)
def test_erreur_apprenant__exception_typee_et_message(cas, tmp_path):
    attendue = getattr(compta_kernel, cas["erreur"])
    with pytest.raises(attendue) as info:
        _provoquer(cas, tmp_path)
    erreur = info.value
    assert isinstance(erreur, compta_kernel.ErreurComptable)
    if "message" in cas:
        assert cas["message"] in str(erreur)
    for ligne, champ, extrait in cas.get("anomalies", []):
        trouvees = [
            a for a in erreur.anomalies if a.ligne == ligne and a.champ == champ and extrait in a.message
        ]
        assert trouvees, (
            f"anomalie attendue ligne {ligne} ({champ}) : {extrait}\nobtenues : {erreur.anomalies}"
        )
        assert f"ligne {ligne}" in str(erreur) or len(erreur.anomalies) > 10
