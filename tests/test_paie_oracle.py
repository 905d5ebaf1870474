"""L'oracle OpenFisca-France de la paie, lancé dans son propre environnement.

OpenFisca-France est incompatible avec les versions figées du cours (numpy, psutil, pytest) :
``scripts/taches.py tests`` l'installe dans ``.outils/openfisca`` et ce test y lance
``tests/test_paie_openfisca.py`` (le bulletin du noyau comparé ligne à ligne à OpenFisca).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
PYTHON_OPENFISCA = RACINE / ".outils" / "openfisca" / "bin" / "python"


@pytest.mark.lent
def test_paie__oracle_openfisca_dans_son_environnement():
    if not PYTHON_OPENFISCA.exists():
        message = "environnement OpenFisca absent : lancez « python3 scripts/taches.py tests »"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    resultat = subprocess.run(
        [
            str(PYTHON_OPENFISCA),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_paie_openfisca.py",
        ],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert resultat.returncode == 0, resultat.stdout[-4000:] + resultat.stderr[-2000:]
    dernier = resultat.stdout.strip().splitlines()[-1]
    assert " passed" in dernier and "failed" not in dernier and "error" not in dernier, dernier
