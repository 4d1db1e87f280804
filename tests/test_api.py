"""The Python API for notebooks: ``migkg.build`` and ``migkg.query`` as an analyst uses them.

Expected values come from the hand-checked structure gold of the seed
(``tests/gold/structure-A-72-643.json``: 88 paragraphs, 35 footnotes, who cites each).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import migkg
from migkg.cli import main
from migkg.graph.errors import QueryError
from migkg.graph.query import named_query

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A-72-643.txt"
GOLD = json.loads((ROOT / "tests" / "gold" / "structure-A-72-643.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built() -> list[migkg.DocumentResult]:
    return migkg.build(SEED, extract=False)


def test_build_in_memory_returns_one_result_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = migkg.build(SEED, extract=False)
    assert [r.doc_id for r in results] == ["A-72-643"]
    result = results[0]
    assert result.ok and result.error is None
    assert result.counts["paragraphs"] == GOLD["paragraph_count"]
    assert result.counts["footnotes"] == GOLD["footnote_count"]
    assert isinstance(result.graph, Graph) and len(result.graph) == result.counts["triples"]
    assert result.files == [] and list(tmp_path.iterdir()) == []
    assert result.model is None  # no extraction ran


def test_build_to_a_directory_writes_what_the_cli_writes(tmp_path):
    api_out, cli_out = tmp_path / "api", tmp_path / "cli"
    results = migkg.build([SEED], api_out, extract=False)
    assert results[0].files == [api_out / "A-72-643.ttl"]
    from click.testing import CliRunner

    assert CliRunner().invoke(main, ["build", str(SEED), "--out", str(cli_out), "--no-extract"]).exit_code == 0
    assert sorted(p.name for p in api_out.iterdir()) == sorted(p.name for p in cli_out.iterdir())
    for name in ("A-72-643.ttl", "dataset.ttl"):
        assert (api_out / name).read_bytes() == (cli_out / name).read_bytes()


def test_named_query_rows_are_dicts_of_plain_values(built):
    rows = migkg.query("footnotes", built)
    assert isinstance(rows, list)
    assert list(rows[0]) == list(named_query("footnotes").columns)
    cited_by: dict[int, list[int]] = {}
    for row in rows:
        assert row["doc"] == "A-72-643" and isinstance(row["number"], int)
        cited_by.setdefault(row["number"], []).append(row["paragraph"])
    expected = {
        int(n): sorted(int(eid.removeprefix("para_")) for eid in eids if eid.startswith("para_"))
        for n, eids in GOLD["footnotes"].items()
    }
    assert {n: sorted(p for p in ps if p is not None) for n, ps in cited_by.items()} == expected


def test_query_on_files_gives_the_same_rows_as_on_the_result(built, tmp_path):
    migkg.build(SEED, tmp_path, extract=False)
    assert migkg.query("footnotes", tmp_path) == migkg.query("footnotes", built)
    assert migkg.query("footnotes", [tmp_path / "A-72-643.ttl"]) == migkg.query("footnotes", built)


def test_query_params_bind_variables(built):
    text = "SELECT ?p WHERE { ?p a migo:Paragraph ; migo:number ?n }"
    assert migkg.query(text, built, {"n": 20}) == [{"p": "https://w3id.org/migkg/id/doc/A-72-643/para_20"}]
    para = "<https://w3id.org/migkg/id/doc/A-72-643/para_6>"
    assert migkg.query("SELECT ?n WHERE { ?p migo:number ?n }", built, {"p": para}) == [{"n": 6}]
    iri = URIRef(para[1:-1])
    assert migkg.query("SELECT ?n WHERE { ?p migo:number ?n }", built, {"p": iri}) == [{"n": 6}]


def test_query_forms_ask_and_construct(built):
    assert migkg.query("ASK { ?p migo:number 88 }", built) is True
    assert migkg.query("ASK { ?p migo:number 89 ; a migo:Paragraph }", built) is False
    graph = migkg.query("CONSTRUCT { ?p migo:number ?n } WHERE { ?p a migo:Paragraph ; migo:number ?n }", built)
    assert isinstance(graph, Graph) and len(graph) == GOLD["paragraph_count"]


def test_malformed_query_names_the_position(built):
    with pytest.raises(QueryError, match="line 1, column"):
        migkg.query("SELECT ?p WHERE { ?p migo:number ?n ", built)


def test_unknown_name_and_unknown_parameter_are_errors(built):
    with pytest.raises(QueryError, match="no named query 'no-such-query'"):
        migkg.query("no-such-query", built)
    with pytest.raises(QueryError, match="'x' is not a variable"):
        migkg.query("SELECT ?p WHERE { ?p migo:number ?n }", built, {"x": 1})


def test_bad_input_raises_or_is_kept(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(migkg.InputError, match="empty.txt"):
        migkg.build([empty, SEED], extract=False)
    results = migkg.build([empty, SEED], extract=False, keep_going=True)
    assert [r.ok for r in results] == [False, True]
    assert results[0].error is not None and results[0].error.exit_code == 2
    with pytest.raises(migkg.MigkgError, match="was not built"):
        migkg.query("footnotes", results)


def test_import_migkg_is_light():
    """The package root loads the API lazily: importing it pulls in neither spaCy nor rdflib."""
    code = "import sys, migkg; print(sorted(m for m in ('spacy', 'rdflib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert callable(migkg.build) and callable(migkg.query)
