"""The embedded store (out/store/): the build keeps it in step with the files, queries read
it and answer as the files do, writes are one unit for readers, and the store commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TINY_SOURCE

import migkg
from migkg.cli import main
from migkg.graph.errors import InputError, StoreBusy
from migkg.graph.io import load_graph
from migkg.graph.query import list_queries
from migkg.graph.store import DocumentStore, store_dir

DOC = "https://w3id.org/migkg/id/doc/"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def tiny_out(tmp_path, runner):
    """Two small documents built (structure only) into out/, with their store."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "tiny-a.txt").write_text(TINY_SOURCE, encoding="utf-8")
    second = TINY_SOURCE.replace("A/99/1", "A/99/2").replace("Migration is growing", "Mobility grows")
    (inputs / "tiny-b.txt").write_text(second, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(inputs), "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    return out


def paragraph_texts(out: Path, **kwargs) -> dict[str, str]:
    rows = migkg.query("paragraphs", out, **kwargs)
    assert isinstance(rows, list)
    return {f"{r['doc']} {r['number']}": r["text"] for r in rows}


def graph_iris(out: Path) -> list[str]:
    return [g.iri for g in DocumentStore(store_dir(out)).graphs()]


# --- the same answers -----------------------------------------------------------------------


@pytest.mark.model
def test_every_named_query_answers_the_same_from_the_store_and_from_the_files(runner, seed_out):
    store = DocumentStore(store_dir(seed_out))
    assert store.stale() is None  # the build left it in step: the CLI below reads it
    assert {f"{DOC}A-72-643", "https://w3id.org/migkg/id/dataset"} == set(graph_iris(seed_out))
    queries = list_queries()
    assert len(queries) > 20
    files_graph = load_graph([seed_out])  # what the file path reads, parsed once for the API
    for named in queries:
        stored = runner.invoke(main, ["query", named.name, "--data", str(seed_out), "--format", "json"])
        files = runner.invoke(main, ["query", named.name, "--data", str(seed_out), "--format", "json", "--no-store"])
        assert stored.exit_code == 0 and files.exit_code == 0, stored.output + files.output
        assert stored.stderr == ""  # no note: the store answered
        assert stored.stdout == files.stdout, named.name
        assert migkg.query(named.name, seed_out) == migkg.query(named.name, files_graph), named.name


SHARED = "SELECT (COUNT(*) AS ?n) WHERE { ?cited a migo:UNDocument ; migo:symbol ?symbol }"


def test_two_documents_answer_every_named_query_the_same_both_ways(tiny_out):
    for named in list_queries():
        assert migkg.query(named.name, tiny_out) == migkg.query(named.name, tiny_out, store=False), named.name


def test_a_triple_two_documents_share_counts_once_and_stays_while_one_holds_it(tiny_out):
    # Both tiny documents cite A/RES/71/1: its description is in both graphs, and once in
    # the merge that queries read (Oxigraph's union default graph would count it twice).
    assert migkg.query(SHARED, tiny_out) == migkg.query(SHARED, tiny_out, store=False) == [{"n": 1}]
    store = DocumentStore(store_dir(tiny_out))
    store.drop([f"{DOC}A-99-2"])
    assert migkg.query(SHARED, tiny_out) == [{"n": 1}]  # A-99-1 still cites it
    store.drop([f"{DOC}A-99-1"])
    assert migkg.query(SHARED, tiny_out) == [{"n": 0}]
    store.sync([tiny_out], force=True)
    assert migkg.query(SHARED, tiny_out) == [{"n": 1}]


def test_the_store_is_what_is_queried(tiny_out):
    # Proof that a query reads the store, not the files: a graph dropped from the store
    # (by hand) is missing from the answer, and back with --no-store.
    DocumentStore(store_dir(tiny_out)).drop([f"{DOC}A-99-2"])
    assert {k.split()[0] for k in paragraph_texts(tiny_out)} == {"A-99-1"}
    assert {k.split()[0] for k in paragraph_texts(tiny_out, store=False)} == {"A-99-1", "A-99-2"}


# --- the build keeps it in step -------------------------------------------------------------


def test_build_loads_every_document_into_its_own_named_graph(runner, tmp_path, tiny_out):
    assert graph_iris(tiny_out) == ["https://w3id.org/migkg/id/dataset", f"{DOC}A-99-1", f"{DOC}A-99-2"]
    listed = runner.invoke(main, ["store", "list", "--data", str(tiny_out), "--format", "tsv"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0] == "graph\ttriples\tfile"
    assert f"{DOC}A-99-1\t" in listed.stdout and "\tA-99-1.ttl" in listed.stdout
    assert "in step with the files" in listed.stderr


def test_rebuild_replaces_a_document_and_a_removed_file_drops_it(runner, tmp_path, tiny_out):
    source = tmp_path / "in" / "tiny-a.txt"
    source.write_text(TINY_SOURCE.replace("Migration is growing", "Migration is changing"), encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "in"), "--out", str(tiny_out), "--no-extract"])
    assert result.exit_code == 0, result.output
    # the rebuilt file and the rewritten description are reloaded; A-99-2 is not read again
    assert "store -> " in result.stdout and "2 graphs loaded from 2 files, 0 dropped, 1 file unchanged" in result.stdout
    texts = paragraph_texts(tiny_out)
    assert texts["A-99-1 1"] == "Migration is changing." and texts["A-99-2 1"] == "Mobility grows."
    # a document no longer among the inputs leaves the output (incremental builds) and the store
    result = runner.invoke(main, ["build", str(source), "--out", str(tiny_out), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "1 dropped" in result.stdout
    assert f"{DOC}A-99-2" not in graph_iris(tiny_out)
    assert paragraph_texts(tiny_out) == paragraph_texts(tiny_out, store=False)


def test_the_api_build_writes_the_store_too(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(TINY_SOURCE, encoding="utf-8")
    migkg.build(source, tmp_path / "out", extract=False)
    assert graph_iris(tmp_path / "out") == ["https://w3id.org/migkg/id/dataset", f"{DOC}A-99-1"]


# --- in step, or not used -------------------------------------------------------------------


def test_a_changed_file_is_read_from_the_files_until_the_store_is_loaded(runner, tiny_out):
    path = tiny_out / "A-99-2.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("Mobility grows.", "Mobility shrinks."), encoding="utf-8")
    result = runner.invoke(main, ["query", "paragraphs", "--data", str(tiny_out), "--format", "tsv"])
    assert result.exit_code == 0 and "Mobility shrinks." in result.stdout
    assert result.stderr.startswith("Note: ") and "A-99-2.ttl changed" in result.stderr
    loaded = runner.invoke(main, ["store", "load", "--data", str(tiny_out)])
    assert loaded.exit_code == 0, loaded.output
    assert f"loaded <{DOC}A-99-2>" in loaded.stdout and "1 graph loaded from 1 file" in loaded.stdout
    again = runner.invoke(main, ["query", "paragraphs", "--data", str(tiny_out), "--format", "tsv"])
    assert again.stderr == "" and again.stdout == result.stdout


def test_a_store_being_written_is_not_read_and_a_writer_waits_for_readers(runner, tiny_out):
    store = DocumentStore(store_dir(tiny_out))
    with store.reading(), pytest.raises(StoreBusy, match="being read by another process"):  # a query reads
        store.sync([tiny_out], force=True, wait=0.2)
    from migkg.graph.store import LOCK, _locked

    with _locked(store.path / LOCK, exclusive=True, wait=0):  # a writer at work
        result = runner.invoke(main, ["query", "sections", "--data", str(tiny_out), "--format", "tsv"])
    assert result.exit_code == 0 and "being written by another process" in result.stderr
    assert (
        result.stdout == runner.invoke(main, ["query", "sections", "--data", str(tiny_out), "--format", "tsv"]).stdout
    )


def test_an_interrupted_load_is_never_read_and_the_next_sync_starts_again(runner, tiny_out):
    store = DocumentStore(store_dir(tiny_out))
    manifest = json.loads(store.manifest_path.read_text(encoding="utf-8"))
    manifest["complete"] = False  # what a crash in the middle of a load leaves
    store.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(main, ["query", "sections", "--data", str(tiny_out), "--format", "tsv"])
    assert result.exit_code == 0 and "incomplete" in result.stderr
    report = store.sync([tiny_out])
    assert len(report.graphs) == 3 and store.stale() is None
    assert paragraph_texts(tiny_out) == paragraph_texts(tiny_out, store=False)


def test_a_malformed_file_leaves_the_store_as_it_was(runner, tiny_out):
    before = DocumentStore(store_dir(tiny_out)).manifest_path.read_bytes()
    (tiny_out / "broken.ttl").write_text("<a> <b> ", encoding="utf-8")
    result = runner.invoke(main, ["store", "load", "--data", str(tiny_out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tiny_out / 'broken.ttl'}: cannot load into the store")
    assert len(result.stderr.splitlines()) == 1
    assert DocumentStore(store_dir(tiny_out)).manifest_path.read_bytes() == before
    with pytest.raises(InputError):
        DocumentStore(store_dir(tiny_out)).sync([tiny_out])


def test_a_document_in_two_files_is_loaded_once(tiny_out):
    shutil.copy(tiny_out / "A-99-1.ttl", tiny_out / "copy-of-a.ttl")
    report = DocumentStore(store_dir(tiny_out)).sync([tiny_out])
    assert report.graphs == [] and "already loaded from A-99-1.ttl" in report.notes[0]
    assert DocumentStore(store_dir(tiny_out)).stale() is None


# --- by hand ----------------------------------------------------------------------------------


def test_store_drop_by_id_or_iri_and_all(runner, tiny_out):
    result = runner.invoke(main, ["store", "drop", "A-99-1", f"{DOC}A-99-2", "--data", str(tiny_out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"dropped <{DOC}A-99-1>", f"dropped <{DOC}A-99-2>"]
    assert graph_iris(tiny_out) == ["https://w3id.org/migkg/id/dataset"]
    unknown = runner.invoke(main, ["store", "drop", "A-99-3", "--data", str(tiny_out)])
    assert (
        unknown.exit_code == 2
        and unknown.stderr == f"Error: {store_dir(tiny_out)}: 'A-99-3' is not in the store (see migkg store list)\n"
    )
    assert runner.invoke(main, ["store", "drop", "--data", str(tiny_out)]).exit_code == 2  # nothing named
    removed = runner.invoke(main, ["store", "drop", "--all", "--data", str(tiny_out)])
    assert removed.exit_code == 0 and not store_dir(tiny_out).exists()
    assert not [p for p in tiny_out.iterdir() if p.name.startswith(".") and p.name != ".migkg-manifest.json"]
    query = runner.invoke(main, ["query", "sections", "--data", str(tiny_out), "--format", "tsv"])
    assert query.exit_code == 0 and query.stderr == ""  # no store: the files, without a note


def test_store_load_of_files_elsewhere(runner, tmp_path, tiny_out):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(tiny_out / "A-99-1.ttl", elsewhere / "other.ttl")
    (elsewhere / "other.ttl").write_text(
        (elsewhere / "other.ttl").read_text(encoding="utf-8").replace("doc/A-99-1", "doc/other"), encoding="utf-8"
    )
    result = runner.invoke(main, ["store", "load", str(elsewhere / "other.ttl"), "--data", str(tiny_out)])
    assert result.exit_code == 0, result.output
    assert f"{DOC}other" in graph_iris(tiny_out)
    assert DocumentStore(store_dir(tiny_out)).stale() is None
    (elsewhere / "other.ttl").unlink()
    assert "other.ttl was removed" in (DocumentStore(store_dir(tiny_out)).stale() or "")
    assert DocumentStore(store_dir(tiny_out)).sync([]).dropped == [f"{DOC}other"]


@pytest.mark.parametrize("command", [["store", "list"], ["store", "drop", "x"], ["serve"]])
def test_no_store_is_one_clear_error(runner, tmp_path, command):
    result = runner.invoke(main, [*command, "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "no store here" in result.stderr
    assert len(result.stderr.splitlines()) == 1


BLANK = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s)) }"


def test_a_reloaded_file_with_blank_nodes_leaves_nothing_of_its_old_self_in_the_merge(tiny_out):
    # dataset.ttl describes its checksums with blank nodes: each parse makes new ones, so the
    # graph and the merge must be loaded from one parse for the reload to find them.
    store = DocumentStore(store_dir(tiny_out))
    expected = migkg.query(BLANK, tiny_out, store=False)
    assert expected[0]["n"] > 0 and migkg.query(BLANK, tiny_out) == expected
    dataset = tiny_out / "dataset.ttl"
    dataset.write_bytes(dataset.read_bytes())  # rewritten as a rebuild rewrites it
    assert store.sync([tiny_out]).graphs == ["https://w3id.org/migkg/id/dataset"]
    assert migkg.query(BLANK, tiny_out) == expected


def test_a_sync_compacts_after_a_full_load_or_after_enough_loads(tiny_out, monkeypatch):
    """Each bulk load adds sorted files of its own, which a query reads one by one until
    they are compacted (at a million triples every named query took 63 s before, 17 s
    after). A sync compacts after a full load, and otherwise once the files loaded since the
    last compaction are many (or hold a large share of the triples), so that a build that
    rewrote only its dataset description does not pay for a compaction each time."""
    import os

    import migkg.graph.store as store_module

    calls: list[str] = []
    real_open = store_module._open

    class Recorded:
        def __init__(self, database):
            self.database = database

        def __getattr__(self, name):
            calls.append(name)
            return getattr(self.database, name)

    monkeypatch.setattr(store_module, "_open", lambda path: Recorded(real_open(path)))
    monkeypatch.setattr(store_module, "COMPACT_AFTER_FILES", 3)
    monkeypatch.setattr(store_module, "COMPACT_AFTER_SHARE", 10.0)  # never by share here
    store = DocumentStore(store_dir(tiny_out))
    store.sync([tiny_out], force=True)
    last_load = max(i for i, c in enumerate(calls) if c.startswith("bulk"))
    assert "optimize" in calls[last_load:]  # a full load: compacted after its loads
    description = tiny_out / "dataset.ttl"
    compacted = []
    for _ in range(3):
        calls.clear()
        os.utime(description, ns=(description.stat().st_atime_ns, description.stat().st_mtime_ns + 10**9))
        report = store.sync([tiny_out])
        assert report.loaded == [str(description)]
        compacted.append("optimize" in calls)
    assert compacted == [False, False, True]  # the third file loaded since the last compaction
    calls.clear()
    store.sync([tiny_out])  # nothing changed: the database is not opened
    assert calls == []
    assert every_query_alike(tiny_out)


def every_query_alike(out: Path) -> bool:
    """Every named query answers the same from the store and from the files."""
    return all(migkg.query(named.name, out) == migkg.query(named.name, out, store=False) for named in list_queries())


def test_a_build_loads_its_documents_without_parsing_them_to_plan(tmp_path, monkeypatch, runner):
    """The build knows each document file's graph and triples: the store loads them without
    a parse to find out (the description, with its blank nodes, is still parsed), and holds
    what a load of the same files by hand holds."""
    import migkg.graph.store as store_module

    parsed: list[str] = []
    real_plan = store_module._plan
    monkeypatch.setattr(store_module, "_plan", lambda path, key: parsed.append(path.name) or real_plan(path, key))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "tiny-a.txt").write_text(TINY_SOURCE, encoding="utf-8")
    (inputs / "tiny-b.txt").write_text(TINY_SOURCE.replace("A/99/1", "A/99/2"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(inputs), "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert parsed == ["dataset.ttl"]
    built = [(g.iri, g.triples) for g in DocumentStore(store_dir(out)).graphs()]
    by_hand = tmp_path / "by-hand"
    DocumentStore(by_hand).sync([out])
    assert sorted(parsed) == ["A-99-1.ttl", "A-99-2.ttl", "dataset.ttl", "dataset.ttl"]
    assert built == [(g.iri, g.triples) for g in DocumentStore(by_hand).graphs()]
    assert every_query_alike(out)
