"""The command line, in-process with click's CliRunner (and in subprocesses where the
hash seed must differ): build, validate, query, errors, help and the README."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED
from rdflib import RDF, Graph, Literal

from migkg.cli import main
from migkg.graph import export
from migkg.graph.iris import MIGO

TINY_PARA_1 = "https://w3id.org/migkg/id/doc/A-99-1/para_1"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tiny_ttl(tmp_path, tiny_graph) -> Path:
    return export.export(tiny_graph, tmp_path / "data", "A-99-1")[0]


def one_line_error(result, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output


# --- help and README ----------------------------------------------------------------------


def test_every_command_has_help_and_is_in_the_readme(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert main.commands, "no commands"
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"{name} lacks help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert f"migkg {name}" in readme, f"README lacks 'migkg {name}'"


def test_readme_starts_with_the_two_commands():
    first = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    commands = [line for line in first[:8] if ".venv/bin/" in line]
    assert any("pip install ." in c and "migkg build" in c for c in commands)
    assert any("pip install '.[test]'" in c and "pytest" in c for c in commands)


# --- build --------------------------------------------------------------------------------


def test_build_seed_prints_counts_and_writes_turtle(seed_build):
    out, result = seed_build
    path = out / "A-72-643.ttl"
    graph = Graph().parse(path, format="turtle")
    assert len(set(graph.subjects(RDF.type, MIGO.Paragraph))) == 88
    assert "A-72-643" in result.output
    assert "88 paragraphs" in result.output and "35 footnotes" in result.output
    assert "7 sections" in result.output and "10 subsections" in result.output
    assert str(path) in result.output


def test_build_defaults_to_seeds_of_the_current_directory(runner, tmp_path, monkeypatch):
    (tmp_path / "seeds" / "nested").mkdir(parents=True)
    for path in (SEED, SEED.with_suffix(".json")):
        shutil.copy(path, tmp_path / "seeds" / path.name)
    (tmp_path / "seeds" / "nested" / "other.txt").write_text("not built: not recursive", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "--no-extract"])
    assert result.exit_code == 0, result.output
    # dataset.ttl: the DCAT-AP description of the files (graph/dcat.py)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".migkg-manifest.json",
        "A-72-643.ttl",
        "dataset.ttl",
        "store",
    ]


def test_build_base_iri(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(SEED), "--out", str(out), "--base-iri", "http://example.org/kg/"])
    assert result.exit_code == 0, result.output
    text = (out / "A-72-643.ttl").read_text(encoding="utf-8")
    assert "<http://example.org/kg/doc/A-72-643/para_20>" in text
    assert "w3id.org/migkg/id/" not in text


def test_build_rejects_a_bad_base_iri(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SEED), "--out", str(tmp_path), "--base-iri", "not an iri"])
    assert result.exit_code == 2
    assert "base IRI" in result.output
    assert list(tmp_path.iterdir()) == []


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "empty file"),
    "blank": (b"  \n\n \r\n", "contains only whitespace"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1": ("1. Les États membres coopèrent.\n".encode("latin-1"), "not UTF-8"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_build_bad_input_one_line_error_nothing_written(runner, tmp_path, kind):
    content, problem = BAD_INPUTS[kind]
    path = tmp_path / f"{kind}.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 2
    one_line_error(result, str(path), problem)
    assert not out.exists() or list(out.iterdir()) == []


def test_build_continues_after_a_bad_input_and_fails(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(empty), str(SEED), "--out", str(out), "--no-extract"])
    assert result.exit_code == 2
    one_line_error(result, str(empty), "empty file")
    assert sorted(p.name for p in out.iterdir()) == [".migkg-manifest.json", "A-72-643.ttl", "dataset.ttl", "store"]


def test_build_bug_is_one_line_naming_the_file_exit_70(runner, tmp_path, monkeypatch):
    """An unexpected error past the parser (here in the graph builder) is a bug: exit 70,
    one line naming the file, like every other command's bugs."""
    from migkg import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "build_graph", broken)
    monkeypatch.delenv("MIGKG_DEBUG", raising=False)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(SEED), "--out", str(out), "--no-extract"])
    assert result.exit_code == 70
    one_line_error(result, str(SEED), "internal error: RuntimeError: boom")
    assert not (out / "A-72-643.ttl").exists()


def test_build_bug_with_migkg_debug_gives_the_traceback(runner, tmp_path, monkeypatch):
    from migkg import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "build_graph", broken)
    monkeypatch.setenv("MIGKG_DEBUG", "1")
    result = runner.invoke(main, ["build", str(SEED), "--out", str(tmp_path / "out"), "--no-extract"])
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "boom"


def test_unexpected_error_is_one_line_exit_70(runner, tiny_ttl, monkeypatch):
    from migkg.graph import query

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(query, "list_queries", broken)
    monkeypatch.delenv("MIGKG_DEBUG", raising=False)
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "Error: internal error: RuntimeError: boom (set MIGKG_DEBUG=1 for the traceback)"
    ]


def test_build_without_seeds_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 2
    one_line_error(result, "seeds", "no input given")


# --- validate -----------------------------------------------------------------------------


def test_validate_conforming_file(runner, tiny_ttl):
    result = runner.invoke(main, ["validate", str(tiny_ttl)])
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.output


def test_validate_seed_directory(runner, seed_out):
    result = runner.invoke(main, ["validate", str(seed_out)])
    assert result.exit_code == 0, result.output


def broken(tmp_path: Path, tiny_graph) -> Path:
    graph = Graph() + tiny_graph
    graph.set((graph.resource(TINY_PARA_1).identifier, MIGO.number, Literal("one")))
    return export.export(graph, tmp_path / "broken", "A-99-1")[0]


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
@pytest.mark.parametrize("fmt", ["text", "turtle", "json"])
def test_validate_violation_exit_1_in_every_format(runner, tmp_path, tiny_graph, fmt, engine):
    result = runner.invoke(main, ["validate", str(broken(tmp_path, tiny_graph)), "--format", fmt, "--engine", engine])
    assert result.exit_code == 1, result.output
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["conforms"] is False
        assert [r["focusNode"] for r in report["results"]] == [TINY_PARA_1]
        assert report["results"][0]["sourceShape"].endswith("#Paragraph-number")
    elif fmt == "turtle":
        report = Graph().parse(data=result.stdout, format="turtle")
        assert len(report) > 0 and "Paragraph-number" in result.stdout
    else:
        assert "Conforms: False" in result.stdout and TINY_PARA_1 in result.stdout


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (None, "missing.ttl", "no such file"),
        (b"<a> <b> .", "bad.ttl", "cannot load as turtle"),
        (b"{not json", "bad.jsonld", "cannot load as json-ld"),
        (b"x", "data.csv", "unknown RDF format"),
    ],
)
def test_validate_cannot_load_exit_2(runner, tmp_path, content, name, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    one_line_error(result, str(path), problem)


def test_validate_empty_directory_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    one_line_error(result, str(tmp_path), "no RDF files")


# --- query --------------------------------------------------------------------------------


def test_query_named_csv(runner, tiny_ttl):
    result = runner.invoke(main, ["query", "sections", "--data", str(tiny_ttl), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "doc,number,title,parent",
        "A-99-1,I,Introduction,",
        "A-99-1,A,Background,I",
        "A-99-1,II,Recommendations,",
    ]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner, tiny_ttl, fmt):
    result = runner.invoke(main, ["query", "footnotes", "--data", str(tiny_ttl.parent), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "A second note." in result.stdout
    if fmt == "json":
        assert len(json.loads(result.stdout)["results"]["bindings"]) == 3


def test_query_file_and_inline(runner, tmp_path, tiny_ttl):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?p) AS ?n) WHERE { ?p a migo:Paragraph }\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(rq), "--data", str(tiny_ttl), "--format", "tsv"])
    assert (result.exit_code, result.stdout) == (0, "n\n3\n")
    inline = runner.invoke(
        main,
        [
            "query",
            "--sparql",
            "SELECT ?e WHERE { ?f a migo:Footnote ; migo:eId ?e } ORDER BY ?e",
            "--data",
            str(tiny_ttl),
            "--format",
            "tsv",
        ],
    )
    assert (inline.exit_code, inline.stdout) == (0, "e\nfn_1\nfn_2\n")


def test_query_defaults_to_out(runner, tmp_path, tiny_graph, monkeypatch):
    export.export(tiny_graph, tmp_path / "out", "A-99-1")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["query", "paragraphs", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4


def test_query_malformed_names_line_and_column(runner, tiny_ttl):
    result = runner.invoke(main, ["query", "--sparql", "SELECT ?x\nWHERE { ?x ?y ?z }}", "--data", str(tiny_ttl)])
    assert result.exit_code == 2
    one_line_error(result, "line 2, column 19")


def test_query_malformed_file_exits_2_before_loading_data(runner, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT * WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(rq), "--data", str(tmp_path / "absent")])
    assert result.exit_code == 2
    one_line_error(result, "line 2, column 3")  # the incomplete triple pattern


def test_query_unknown_name(runner, tiny_ttl):
    result = runner.invoke(main, ["query", "no-such-query", "--data", str(tiny_ttl)])
    assert result.exit_code == 2
    one_line_error(result, "no named query 'no-such-query'")


def test_query_needs_a_query(runner):
    assert runner.invoke(main, ["query"]).exit_code == 2
    assert runner.invoke(main, ["query", "paragraphs", "--sparql", "ASK {}"]).exit_code == 2


def test_query_list(runner):
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    for name in ("paragraphs", "footnotes", "sections"):
        assert any(line.startswith(f"{name}: ") for line in result.stdout.splitlines())
    assert "columns: doc, number, section, subsection, text" in result.stdout


def test_query_on_seed_out(runner, seed_out):
    result = runner.invoke(main, ["query", "paragraphs", "--data", str(seed_out), "--format", "csv"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 89


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE refused"),
        ("DELETE WHERE { ?s ?p ?o }", "update"),
    ],
)
def test_query_refuses_network_and_updates(runner, tiny_ttl, text, refused):
    result = runner.invoke(main, ["query", "--sparql", text, "--data", str(tiny_ttl)])
    assert result.exit_code == 2
    one_line_error(result, refused)


@pytest.mark.parametrize(
    "context",
    ['"http://127.0.0.1:9/context.jsonld"', '["file:///etc/passwd"]', '{"@import": "ctx.jsonld"}'],
)
def test_validate_refuses_remote_jsonld_contexts(runner, tmp_path, context):
    path = tmp_path / "data.jsonld"
    path.write_text(f'{{"@context": {context}, "@id": "http://example.org/a"}}', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    one_line_error(result, str(path), "refused")


def test_validate_reads_inline_jsonld(runner, tmp_path, tiny_graph):
    path = export.export(tiny_graph, tmp_path, "A-99-1", ["jsonld"])[0]
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_build_warns_about_a_text_without_numbered_paragraphs(runner, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(
        "Note by the Secretariat\n\nThe Secretariat has the honour to transmit the report.\n\n"
        "The report is issued without formal editing.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", str(note), "--out", str(tmp_path / "out"), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert f"Warning: {note}: no numbered paragraphs" in result.stderr
    assert (tmp_path / "out" / "note.ttl").is_file()


def test_a_directory_with_one_graph_in_several_formats_is_read_once(tmp_path, tiny_graph):
    from migkg.graph.io import rdf_files

    written = export.export(tiny_graph, tmp_path, "A-99-1", ["jsonld", "nt", "ttl", "trig"])
    (tmp_path / "other.nt").write_text("", encoding="utf-8")
    assert len(written) == 4
    assert [p.name for p in rdf_files([tmp_path])] == ["A-99-1.ttl", "other.nt"]
    assert [p.name for p in rdf_files([tmp_path / "A-99-1.trig"])] == ["A-99-1.trig"]


def test_build_validates_what_it_writes_and_exits_1_with_a_summary(runner, tmp_path, monkeypatch):
    from migkg import pipeline
    from migkg.graph.iris import MIGO

    real = pipeline.build_graph

    def textless(*args, **kwargs):
        graph = real(*args, **kwargs)
        for paragraph in [s for s in graph.subjects(MIGO.number, None) if "/para_" in str(s)][:3]:
            graph.remove((paragraph, MIGO.text, None))
        return graph

    monkeypatch.setattr(pipeline, "build_graph", textless)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(SEED), "--out", str(out), "--no-extract"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"Invalid: {SEED}: the graph of A-72-643 does not conform to the shapes (3 violations)"
    assert lines[1].startswith("  3 x Paragraph-text: A paragraph has exactly one non-empty text")
    assert (out / "A-72-643.ttl").exists()  # written all the same, to be inspected
    unchecked = runner.invoke(main, ["build", str(SEED), "--out", str(out), "--no-extract", "--no-validate"])
    assert unchecked.exit_code == 0 and "Invalid" not in unchecked.stderr


def test_build_of_a_valid_graph_reports_no_violation(runner, seed_build):
    _, result = seed_build
    assert result.exit_code == 0
    assert "Invalid" not in result.stderr


def test_a_source_note_beside_its_document_is_not_built(tmp_path):
    """A corpus folder keeps NAME.source.txt (where NAME came from) beside NAME.txt or
    NAME.pdf: a note, not a document. A .source.txt with no document beside it is built."""
    from migkg.pipeline import discover_inputs

    for name in ("A-1.txt", "A-1.source.txt", "B-2.pdf", "B-2.source.txt", "C-3.source.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.name for p in discover_inputs([tmp_path])]
    assert found == ["A-1.txt", "B-2.pdf", "C-3.source.txt"]


# --- the console script: main, then the end without teardown ---------------------------


def test_the_program_ends_with_its_commands_code_and_all_its_output(tmp_path):
    from migkg.graph.query import list_queries

    program = Path(sys.executable).with_name("migkg")
    listed = subprocess.run([str(program), "query", "--list"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert all(named.name in listed.stdout for named in list_queries())
    missing = subprocess.run(
        [str(program), "validate", str(tmp_path / "missing.ttl")], capture_output=True, text=True, timeout=120
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [f"Error: {tmp_path / 'missing.ttl'}: no such file or directory"]


def test_under_a_tracer_the_program_ends_as_python_does(monkeypatch):
    """coverage.py and profilers write their data in exit handlers: then no quick end."""
    from migkg import cli

    monkeypatch.setattr(sys, "argv", ["migkg", "--version"])
    previous = sys.gettrace()
    sys.settrace(lambda *args: None)
    try:
        with pytest.raises(SystemExit) as ended:
            cli.run()
    finally:
        sys.settrace(previous)
    assert ended.value.code == 0
