"""Les exemples des docstrings du noyau s'exécutent et donnent ce qu'ils annoncent."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import compta_kernel
import graders

MODULES = [
    m.name
    for paquet in (compta_kernel, graders)
    for m in pkgutil.iter_modules(paquet.__path__, prefix=paquet.__name__ + ".")
] + ["compta_kernel"]


@pytest.mark.parametrize("nom", MODULES)
def test_exemples_des_docstrings(nom):
    module = importlib.import_module(nom)
    resultat = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert resultat.failed == 0
