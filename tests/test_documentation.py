"""Les exemples de la documentation s'exécutent : docs/noyau.md et la section « Le noyau comptable » du README.

Chaque document est exécuté comme un carnet : ses blocs ```python dans l'ordre, dans un même
espace de noms, depuis un dossier temporaire (les exemples y écrivent leurs fichiers). Les
valeurs annoncées par les exemples y sont vérifiées par des ``assert`` : un exemple faux ou
une API qui change fait échouer le test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
NOYAU = RACINE / "docs" / "noyau.md"
README = RACINE / "README.md"

_BLOC = re.compile(r"^```python\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)

#: L'API publique que demandent les issues 5 à 10 (« Public API, documented, importable from
#: compta_kernel »), par issue : noms de ``compta_kernel`` et méthodes de ``Livre`` (``Livre.``).
API_DES_ISSUES = {
    5: (
        "verifier_piece",
        "pre_imputation",
        "cout_entree",
        "Livre.lettrer_automatiquement",
        "delai_moyen_paiement",
    ),
    6: ("lire_releve", "Livre.rapprochement", "declaration_tva", "date_limite_tva"),
    7: ("plan_amortissement", "cession"),
    8: (
        "charge_constatee_avance",
        "produit_constate_avance",
        "depreciation_creance",
        "Livre.bilan",
        "Livre.compte_de_resultat",
        "resultat_fiscal",
    ),
    9: ("Salarie", "Employeur", "bulletin", "controler_bulletin", "ecriture_paie", "dsn_mensuelle"),
    10: (
        "penalites_retard",
        "lettre_relance",
        "verifier_lettre_relance",
        "planifier_reunion",
        "duree_conservation",
    ),
}


def blocs_python(texte: str, debut: int = 0, fin: int | None = None) -> list[tuple[int, str]]:
    """Les blocs ```python de ``texte[debut:fin]``, avec le numéro (dans ``texte``) de leur première ligne."""
    return [
        (texte.count("\n", 0, m.start(1)) + 1, m.group(1))
        for m in _BLOC.finditer(texte, debut, len(texte) if fin is None else fin)
    ]


def section(texte: str, titre: str) -> tuple[int, int]:
    """Début et fin, dans ``texte``, de la section ``## titre`` (jusqu'à la section suivante de même niveau)."""
    debut = texte.index(f"## {titre}\n")
    suite = texte.find("\n## ", debut + 1)
    return debut, suite if suite != -1 else len(texte)


def executer(blocs: list[tuple[int, str]], nom: str) -> None:
    """Exécute les blocs dans l'ordre, dans un même espace de noms ; l'erreur nomme le bloc."""
    espace: dict[str, object] = {"__name__": "__documentation__"}
    for ligne, code in blocs:
        try:
            exec(compile(code, f"{nom}:{ligne}", "exec"), espace)  # noqa: S102 - exemples du dépôt
        except Exception as erreur:
            raise AssertionError(f"{nom}, bloc de la ligne {ligne} : {erreur!r}") from erreur


def test_blocs_python__extraits_avec_leur_ligne():
    """Le découpage trouve chaque bloc python (et lui seul) et la ligne où il commence."""
    texte = "# Titre\n\n```python\nx = 1\n```\n\n```text\npas du code\n```\n```python\ny = 2\nz = 3\n```\n"
    assert blocs_python(texte) == [(4, "x = 1\n"), (11, "y = 2\nz = 3\n")]


def test_executer__un_exemple_faux_echoue():
    """Un exemple dont l'assertion est fausse fait échouer l'exécution, en nommant son bloc."""
    with pytest.raises(AssertionError, match=r"doc\.md, bloc de la ligne 7"):
        executer([(3, "x = 1\n"), (7, "assert x == 2\n")], "doc.md")


def test_section__s_arrete_a_la_section_suivante():
    texte = "## A\n```python\navant\n```\n## Le noyau\n```python\nx = 1\n```\n## Suite\n```python\nb\n```\n"
    assert blocs_python(texte, *section(texte, "Le noyau")) == [(7, "x = 1\n")]


@pytest.mark.parametrize(
    ("issue", "nom"), [(issue, nom) for issue, noms in API_DES_ISSUES.items() for nom in noms]
)
def test_documentation__api_des_issues_importable_et_illustree(issue, nom):
    """Chaque nom demandé par les issues s'importe de compta_kernel et un exemple de docs/noyau.md l'appelle."""
    import compta_kernel

    methode = nom.removeprefix("Livre.")
    code = "".join(bloc for _, bloc in blocs_python(NOYAU.read_text(encoding="utf-8")))
    if methode != nom:
        assert callable(getattr(compta_kernel.Livre, methode, None)), (
            f"issue {issue} : Livre.{methode} manque"
        )
        assert re.search(rf"\.{methode}\(", code), f"aucun exemple de docs/noyau.md n'appelle Livre.{methode}"
    else:
        assert hasattr(compta_kernel, nom), f"issue {issue} : compta_kernel.{nom} manque"
        assert re.search(rf"(?<![.\w]){nom}\(", code), f"aucun exemple de docs/noyau.md n'appelle {nom}"
        importe = re.compile(rf"from compta_kernel import (\([^)]*|[^\n(]*)\b{nom}\b")
        assert importe.search(code), f"les exemples n'importent pas {nom} de compta_kernel"


def test_documentation__noyau_md_s_execute(tmp_path, monkeypatch):
    """Tous les exemples de docs/noyau.md s'exécutent et donnent les valeurs qu'ils annoncent."""
    blocs = blocs_python(NOYAU.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    executer(blocs, "docs/noyau.md")


def test_documentation__readme_noyau_s_execute(tmp_path, monkeypatch):
    """Les exemples de la section « Le noyau comptable » du README s'exécutent.

    L'exemple de la banque lit ``releve_mars.csv`` : le relevé d'exemple des tests
    (tests/releves/fevrier_debit_credit.csv) est copié sous ce nom dans le dossier temporaire.
    """
    texte = README.read_text(encoding="utf-8")
    blocs = blocs_python(texte, *section(texte, "Le noyau comptable"))
    assert len(blocs) >= 2
    monkeypatch.chdir(tmp_path)
    shutil.copy(RACINE / "tests" / "releves" / "fevrier_debit_credit.csv", tmp_path / "releve_mars.csv")
    executer(blocs, "README.md")
