"""Hostile inputs fail fast and cleanly (issue 6, item 2).

RDF read by ``validate`` and ``query --data`` in every format, and documents given to
``migkg build``: each gives one ``Error: <file>: ...`` line and exit code 2, or a sensible
graph, never a traceback. Big inputs are generated in tmp; pytest-timeout bounds them.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

from migkg.cli import main
from migkg.extract.sources import MAX_DOCUMENT_BYTES
from migkg.graph.iris import MIGO

DEPTH = 100_000

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"> <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"> <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.fixture
def runner():
    return CliRunner()


def one_line_error(result, path: Path) -> str:
    """The single error line of a clean failure (exit 2, no traceback)."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def rdf_commands(path: Path) -> list[list[str]]:
    return [["validate", str(path)], ["query", "--sparql", "ASK { ?s ?p ?o }", "--data", str(path)]]


# --- RDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [0, 1], ids=["validate", "query"])
def test_entity_expansion_in_rdfxml_fails_within_two_seconds(runner, tmp_path, command):
    path = tmp_path / "laughs.rdf"
    path.write_text(BILLION_LAUGHS)
    started = time.monotonic()
    result = runner.invoke(main, rdf_commands(path)[command])
    elapsed = time.monotonic() - started
    line = one_line_error(result, path)
    # Refused at the DTD, not stopped by a newer expat's amplification limit after expanding.
    assert "DTD" in line and "amplification" not in line
    assert elapsed < 2.0


HOSTILE_RDF = {
    "nested-collections.ttl": "<http://e/s> <http://e/p> " + "(" * DEPTH + ")" * DEPTH + " .\n",
    "nested-blank-nodes.ttl": "<http://e/s> <http://e/p> " + "[ <http://e/p> " * DEPTH + "]" * DEPTH + " .\n",
    "nested-arrays.jsonld": '{"@id": "http://e/s", "http://e/p": ' + "[" * DEPTH + "]" * DEPTH + "}",
    "nested-objects.jsonld": '{"@id": "http://e/s", "http://e/p": '
    + '{"http://e/p": ' * DEPTH
    + "1"
    + "}" * DEPTH
    + "}",
    "control-bytes.nt": "\x00\x01 not N-Triples\n",
    "unterminated.trig": "<http://e/g> { <http://e/s> <http://e/p> ",
    "not-xml.rdf": "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><unclosed>",
    "latin-1.ttl": b'<http://e/s> <http://e/p> "\xe9t\xe9" .\n',
    "binary.jsonld": bytes(range(256)),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", [0, 1], ids=["validate", "query"])
@pytest.mark.parametrize("name", sorted(HOSTILE_RDF))
def test_hostile_rdf_is_a_one_line_error(runner, tmp_path, name, command):
    path = tmp_path / name
    content = HOSTILE_RDF[name]
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    one_line_error(runner.invoke(main, rdf_commands(path)[command]), path)


# --- documents -------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _too_large(tmp_path: Path) -> Path:
    path = tmp_path / "fifty.txt"
    line = b"1. Member States should cooperate on migration, and the text goes on.\n"
    with path.open("wb") as handle:
        for _ in range(50 * 2**20 // len(line) + 1):
            handle.write(line)
    return path


def _fifo(tmp_path: Path) -> Path:
    # Reading a pipe nobody writes to would block forever.
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


UNUSABLE_DOCUMENTS = {
    "empty": (lambda d: _write(d / "empty.txt", b""), "empty file"),
    "whitespace": (lambda d: _write(d / "blank.txt", b" \n\t\n\r\n"), "whitespace"),
    "binary": (lambda d: _write(d / "binary.txt", bytes(range(256)) * 8), "binary file"),
    "control characters": (
        lambda d: _write(d / "controls.txt", b"\x01\x02\x03\x1b" * 100 + b"1. Text.\n"),
        "binary file",
    ),
    "latin-1": (lambda d: _write(d / "latin.txt", "1. Les \u00c9tats membres.\n".encode("latin-1")), "not UTF-8"),
    "utf-16": (lambda d: _write(d / "utf16.txt", "1. Member States.\n".encode("utf-16")), "binary file"),
    "50 MB": (_too_large, "too large"),
    "fifo": (_fifo, "not a regular file"),
    "directory of nothing": (lambda d: (d / "nothing").mkdir() or d / "nothing", "no *.txt or *.pdf documents"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", sorted(UNUSABLE_DOCUMENTS))
def test_unusable_document_is_a_one_line_error_and_writes_nothing(runner, tmp_path, kind):
    make, problem = UNUSABLE_DOCUMENTS[kind]
    path = make(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(path), "--out", str(out), "--model", "blank:en"])
    line = one_line_error(result, path)
    assert problem in line
    assert not out.exists() or list(out.iterdir()) == []


def _build(runner, path: Path, out: Path, *options: str):
    result = runner.invoke(main, ["build", str(path), "--out", str(out), *options])
    assert "Traceback" not in result.output
    return result


def _counts(output: str) -> dict[str, int]:
    summary = next(line for line in output.splitlines() if "triples" in line)  # after any warning
    return {name: int(n) for n, name in re.findall(r"(\d+) ([a-z]+)", summary)}


def test_size_limit_is_the_stated_bound(runner, tmp_path):
    # One byte over the bound is refused; the README states the same number.
    path = tmp_path / "over.txt"
    path.write_bytes(b"1. Text.\n" + b"x" * (MAX_DOCUMENT_BYTES - 9) + b"\n")
    line = one_line_error(_build(runner, path, tmp_path / "out"), path)
    assert f"up to {MAX_DOCUMENT_BYTES / 2**20:g} MiB" in line
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_DOCUMENT_BYTES / 2**20:g} MiB" in readme


@pytest.mark.timeout(240)
def test_one_line_of_five_megabytes_builds_one_block(runner, tmp_path):
    words = ("migration", "Member", "States", "should", "cooperate", "on", "the", "global", "compact")
    text = " ".join(words[i % len(words)] for i in range(5 * 2**20 // 7))
    path = tmp_path / "line.txt"
    path.write_text(text[: 5 * 2**20] + "\n")
    result = _build(runner, path, tmp_path / "out", "--no-extract")
    assert result.exit_code == 0, result.output
    counts = _counts(result.output)
    assert counts.get("paragraphs", 0) == 0 and counts["blocks"] == 1


def test_paragraph_longer_than_the_pipeline_reads_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("1. " + "Member States should cooperate. " * 32_000 + "\n")
    result = _build(runner, path, tmp_path / "out", "--model", "blank:en")
    line = one_line_error(result, path)
    assert re.search(r"para_1 has 1,02\d,\d{3} characters", line) and "1,000,000" in line and "--no-extract" in line
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    # The structure alone still builds.
    assert _build(runner, path, tmp_path / "out", "--no-extract").exit_code == 0


@pytest.mark.parametrize("repeats,options", [(300, ("--model", "blank:en")), (20_000, ("--no-extract",))])
def test_text_without_structure_is_one_block(runner, tmp_path, repeats, options):
    path = tmp_path / "prose.txt"
    path.write_text(" ".join(["migration is a fact of life and states should manage it well"] * repeats) + "\n")
    result = _build(runner, path, tmp_path / "out", *options)
    assert result.exit_code == 0, result.output
    counts = _counts(result.output)
    assert counts.get("sections", 0) == 0 and counts.get("paragraphs", 0) == 0 and counts["blocks"] >= 1


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "filling",
    [
        "(" * 1_999,
        ")" * 1_999,
        '"' * 1_999,
        "'" * 1_999,
        "([{" * 600,
        "(a) " * 5_000,
        "( " * 10_000,
        '" ' * 10_001,
        "\u201c" * 1_999,
        "[" * 500 + "]" * 400,
    ],
)
def test_nested_or_unbalanced_brackets_and_quotes(runner, tmp_path, filling):
    source = f"1. Member States should act {filling} now.\n2. They should cooperate.\n"
    path = tmp_path / "brackets.txt"
    path.write_text(source)
    out = tmp_path / "out"
    result = _build(runner, path, out, "--model", "blank:en")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "brackets.ttl")
    assert len(list(graph.subjects(RDF.type, MIGO.Paragraph))) == 2


@pytest.mark.timeout(120)
@pytest.mark.parametrize("filling", ["(" * 50_000, '"' * 20_000, "([{" * 10_000])
def test_a_word_longer_than_the_tokenizer_takes_is_a_clear_error(runner, tmp_path, filling):
    # spaCy's tokenizer takes time growing with the square of a word's length.
    path = tmp_path / "word.txt"
    path.write_text(f"1. Member States should act {filling} now.\n2. They should cooperate.\n")
    line = one_line_error(_build(runner, path, tmp_path / "out", "--model", "blank:en"), path)
    assert "para_1 holds" in line and "without a space" in line and "--no-extract" in line
    result = _build(runner, path, tmp_path / "out", "--no-extract")
    assert result.exit_code == 0 and _counts(result.output)["paragraphs"] == 2
