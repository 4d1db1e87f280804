"""The rooms keep to themselves: what each layer may import (issue 9).

``extract`` (text -> typed document and facts) knows nothing of RDF or the graph layer;
``graph`` (document and facts -> RDF) never runs spaCy or the parser; neither reaches up
into the application (pipeline, API, CLI); ``migkg.errors`` is a leaf.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ("migkg.pipeline", "migkg.api", "migkg.cli")
PARSER_AND_NLP = (
    "spacy",
    "migkg.extract.structure",
    "migkg.extract.extraction",
    "migkg.extract.nlp",
    "migkg.extract.components",
    "migkg.extract.evaluate",
)
FORBIDDEN = {
    "extract": ("rdflib", "pyoxigraph", "pyshacl", "SPARQLWrapper", "networkx", "migkg.graph", *APPLICATION),
    "graph": (*PARSER_AND_NLP, *APPLICATION),
}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def violations(names: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names for f in forbidden if n == f or n.startswith(f + "."))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_it_must_not(layer):
    modules = sorted((ROOT / layer).glob("*.py"))
    assert modules
    bad = {m.name: v for m in modules if (v := violations(imports(m), FORBIDDEN[layer]))}
    assert bad == {}


def test_errors_module_is_a_leaf():
    assert {n for n in imports(ROOT / "app" / "errors.py") if n.startswith("migkg")} == set()


def test_the_checker_sees_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from migkg.graph.iris import IRIs\nimport spacy.tokens\n", encoding="utf-8")
    assert violations(imports(bad), FORBIDDEN["extract"]) == ["migkg.graph.iris", "migkg.graph.iris.IRIs"]
    assert violations(imports(bad), FORBIDDEN["graph"]) == ["spacy.tokens"]
