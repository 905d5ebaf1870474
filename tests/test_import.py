"""``import compta_kernel`` reste léger : pandas, numpy, pyarrow et babel ne sont chargés qu'au premier état."""

from __future__ import annotations

import subprocess
import sys


def test_import__sans_pandas_ni_numpy_ni_babel():
    code = (
        "import sys, compta_kernel\n"
        "lourds = sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'babel', 'openpyxl') if m in sys.modules)\n"
        "print(','.join(lourds))"
    )
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == ""


def test_api_publique__noms_documentes():
    import compta_kernel

    for nom in (
        "Ecriture",
        "Ligne",
        "Livre",
        "montant",
        "pcg",
        "ErreurComptable",
        "EcritureDesequilibree",
        "CompteInconnu",
    ):
        assert hasattr(compta_kernel, nom), nom
    assert {
        "passer",
        "contre_passer",
        "balance",
        "balance_tiers",
        "grand_livre",
        "exporter_fec",
        "depuis_fec",
    } <= set(dir(compta_kernel.Livre))


def test_import__modules_des_blocs_a_la_demande():
    """Les modules des blocs (paie, TVA, banque...) ne se chargent qu'au premier usage d'un de leurs noms."""
    code = (
        "import sys, compta_kernel\n"
        "blocs = ('paie', 'tva', 'banque', 'pieces', 'lettrage', 'cloture', 'relances', 'immobilisations')\n"
        "avant = [b for b in blocs if 'compta_kernel.' + b in sys.modules]\n"
        "from compta_kernel import bulletin\n"
        "apres = [b for b in blocs if 'compta_kernel.' + b in sys.modules]\n"
        "print(avant, apres, bulletin.__module__)"
    )
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "[] ['paie'] compta_kernel.paie"


def test_api_publique__chaque_nom_de_all_se_resout():
    import compta_kernel

    for nom in compta_kernel.__all__:
        assert getattr(compta_kernel, nom) is not None, nom
    assert set(compta_kernel.__all__) <= set(dir(compta_kernel))
