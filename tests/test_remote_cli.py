"""The publishing side of the CLI, in-process: build formats and description, query options,
remote errors as one line with exit code 3, push to a real Oxigraph server."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph
from test_remote import bad_server, free_port, oxigraph  # noqa: F401 - fixtures reused

from migkg.cli import main
from migkg.graph import export

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A-72-643.txt"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def tiny_out(tmp_path, tiny_graph):
    out = tmp_path / "out"
    export.export(tiny_graph, out, "A-99-1", ["ttl", "trig"])
    return out


def rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output), delimiter="\t"))


def test_build_writes_every_format_and_the_description(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "build",
            str(SEED),
            "--out",
            str(out),
            "--format",
            "ttl,jsonld,nt,trig",
            "--publish-url",
            "https://data.example.org/migkg",
            "--no-extract",
        ],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir() if p.name != ".migkg-manifest.json")
    assert names == sorted(
        [f"A-72-643{s}" for s in (".ttl", ".jsonld", ".nt", ".trig")]
        + ["dataset.ttl", "dataset.jsonld", "dataset.nt", "store"]  # store/: the embedded store
    )
    graphs = [
        Graph().parse(out / f"A-72-643{s}", format=f)
        for s, f in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt"))
    ]
    assert len({len(g) for g in graphs}) == 1
    # Second parsers: pyoxigraph for every file, rapper where installed.
    formats = {
        ".ttl": pyoxigraph.RdfFormat.TURTLE,
        ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
        ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
        ".trig": pyoxigraph.RdfFormat.TRIG,
    }
    for path in (p for p in out.iterdir() if p.is_file() and p.name in names):
        quads = list(pyoxigraph.parse(path.read_bytes(), format=formats[path.suffix]))
        if path.stem == "A-72-643":
            assert len(quads) == len(graphs[0]), path.name
    if shutil.which("rapper"):
        for name, syntax in (
            ("A-72-643.ttl", "turtle"),
            ("A-72-643.nt", "ntriples"),
            ("A-72-643.trig", "trig"),
            ("dataset.ttl", "turtle"),
        ):
            checked = subprocess.run(
                ["rapper", "-q", "-c", "-i", syntax, str(out / name)], capture_output=True, text=True
            )
            assert checked.returncode == 0, (name, checked.stderr)
    description = (out / "dataset.ttl").read_text(encoding="utf-8")
    assert "<https://data.example.org/migkg/A-72-643.trig>" in description


def test_export_republishes_the_build_byte_for_byte(runner, tmp_path):
    out, pub = tmp_path / "out", tmp_path / "pub"
    formats = "ttl,jsonld,nt,trig"
    assert (
        runner.invoke(main, ["build", str(SEED), "--out", str(out), "--format", formats, "--no-extract"]).exit_code == 0
    )
    result = runner.invoke(main, ["export", str(out), "--out", str(pub), "--format", formats])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output  # out/dataset.* describe no document
    for path in (p for p in out.iterdir() if p.is_file() and p.name != ".migkg-manifest.json"):
        assert (pub / path.name).read_bytes() == path.read_bytes(), path.name
    assert (pub / "ontology.html").exists() or "ontology.html not written" in result.output


def test_export_of_nothing_is_one_clear_error(runner, tmp_path):
    (tmp_path / "empty.ttl").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["export", str(tmp_path / "empty.ttl"), "--out", str(tmp_path / "pub")])
    assert result.exit_code == 2 and "holds no document graphs" in result.output
    assert not (tmp_path / "pub").exists()


def test_build_rejects_an_unknown_format(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SEED), "--out", str(tmp_path), "--format", "ttl,xml"])
    assert result.exit_code == 2 and "unknown format xml" in result.output
    assert list(tmp_path.iterdir()) == []


def test_build_rejects_a_bad_sparql_endpoint(runner, tmp_path):
    result = runner.invoke(
        main,
        ["build", str(SEED), "--out", str(tmp_path / "o"), "--no-extract", "--sparql-endpoint", "javascript:alert(1)"],
    )
    assert result.exit_code == 2 and "not an absolute http(s) URL" in result.output
    assert not (tmp_path / "o").exists()


def test_build_rejects_a_bad_publish_url(runner, tmp_path):
    result = runner.invoke(
        main, ["build", str(SEED), "--out", str(tmp_path / "o"), "--publish-url", "ftp://x/", "--no-extract"]
    )
    assert result.exit_code == 2 and "publish URL" in result.output


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_query_engine_and_param(runner, tiny_out, engine):
    result = runner.invoke(
        main,
        ["query", "paragraphs", "--data", str(tiny_out), "--format", "tsv", "--engine", engine, "--param", "number=3"],
    )
    assert result.exit_code == 0, result.output
    assert rows(result.output) == [
        ["doc", "number", "section", "subsection", "text"],
        ["A-99-1", "3", "II", "", "I urge Member States to act."],
    ]


def test_query_engines_agree_on_the_structure_queries(runner, tiny_out):
    for name in ("paragraphs", "footnotes", "sections"):
        outputs = [
            runner.invoke(main, ["query", name, "--data", str(tiny_out), "--format", "tsv", "--engine", e])
            for e in ("rdflib", "oxigraph")
        ]
        assert [o.exit_code for o in outputs] == [0, 0], name
        assert len(rows(outputs[0].output)) > 1
        assert outputs[0].output == outputs[1].output, name


def test_default_engine_answers_an_empty_group_by_with_no_rows(runner, tiny_out):
    # The tiny graph has no instruments. rdflib 7.6 answers a GROUP BY over no solutions
    # with one empty row (RDFLib/rdflib#3382), which the OPTIONALs of `instruments` then
    # join with every document symbol; the default engine (pyoxigraph) follows the spec.
    default = runner.invoke(main, ["query", "instruments", "--data", str(tiny_out), "--format", "tsv"])
    assert rows(default.output) == [["instrument", "label", "symbol", "sdg", "mentions"]]
    buggy = runner.invoke(
        main, ["query", "instruments", "--data", str(tiny_out), "--format", "tsv", "--engine", "rdflib"]
    )
    assert len(rows(buggy.output)) > 1


def test_injection_attempt_through_param(runner, tiny_out):
    result = runner.invoke(
        main,
        [
            "query",
            "--sparql",
            "SELECT ?s WHERE { ?s ?p ?o }",
            "--data",
            str(tiny_out),
            "--param",
            'o=x" } ; DROP ALL ; #',
            "--format",
            "tsv",
        ],
    )
    assert result.exit_code == 0 and rows(result.output) == [["s"]]


@pytest.mark.parametrize(
    "text,flag",
    [("DROP ALL", "--allow-update"), ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "--allow-service")],
)
def test_refusals_name_the_opt_in(runner, tiny_out, text, flag):
    result = runner.invoke(main, ["query", "--sparql", text, "--data", str(tiny_out)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and flag in result.output


def test_update_is_only_for_endpoints(runner, tiny_out):
    result = runner.invoke(main, ["query", "--sparql", "DROP ALL", "--allow-update", "--data", str(tiny_out)])
    assert result.exit_code == 2 and "updates run only against a remote endpoint" in result.output


@pytest.mark.parametrize(
    "mode,problem",
    [
        ("error500", "HTTP 500 Internal Server Error"),
        ("notfound", "HTTP 404 Not Found"),
        ("hang", "timed out after 1 s"),
        ("malformed", "malformed results"),
    ],
)
def test_endpoint_failures_are_one_line_and_exit_3(runner, bad_server, mode, problem):
    server, base = bad_server
    result = runner.invoke(main, ["query", "sections", "--endpoint", f"{base}/{mode}", "--timeout", "1"])
    assert result.exit_code == 3
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {base}/{mode}: {problem}")
    assert "Traceback" not in result.output


def test_endpoint_retries_are_reported(runner, bad_server):
    server, base = bad_server
    # --default-graph endpoint: the query alone, without the listing of the graphs first
    command = ["query", "--sparql", "ASK {}", "--endpoint", f"{base}/flaky", "--format", "tsv"]
    result = runner.invoke(main, [*command, "--default-graph", "endpoint"])
    assert result.exit_code == 0, result.output
    retries = [line for line in result.output.splitlines() if line.startswith("retry")]
    assert len(retries) == 2 and all("HTTP 503" in line and f"{base}/flaky" in line for line in retries)
    assert result.output.splitlines()[-1] == "true"


def test_push_needs_a_target(runner, tiny_out):
    result = runner.invoke(main, ["push", str(tiny_out)])
    assert result.exit_code == 2 and "--store" in result.output


def test_push_to_a_refused_port_fails_cleanly(runner, tiny_out):
    url = f"http://127.0.0.1:{free_port()}/store"
    result = runner.invoke(main, ["push", str(tiny_out), "--store", url, "--timeout", "2"])
    assert result.exit_code == 3
    assert f"Error: {url}: connection refused" in result.output


@pytest.mark.server
def test_push_then_query_remotely_gives_the_local_rows(runner, oxigraph, tmp_path):
    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(SEED), "--out", str(out), "--format", "ttl,trig", "--no-extract"])
    assert built.exit_code == 0, built.output
    result = runner.invoke(main, ["push", str(out), "--store", oxigraph["store"], "--update", oxigraph["update"]])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/migkg/id/doc/A-72-643:" in result.output
    assert "skipped" in result.output and "dataset.ttl" in result.output
    for name in ("paragraphs", "footnotes", "sections"):
        local = runner.invoke(main, ["query", name, "--data", str(out / "A-72-643.ttl"), "--format", "tsv"])
        there = runner.invoke(main, ["query", name, "--endpoint", oxigraph["query"], "--format", "tsv"])
        assert there.exit_code == 0, there.output
        assert there.output == local.output, name
