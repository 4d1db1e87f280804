"""Corpus-scale builds: parallel (--jobs, Dask), incremental (the manifest), the dataset
description from summaries, and the validation's SHACL-SPARQL on Oxigraph. Each checks
behaviour (bytes, files, exit codes, what is printed), never a timing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID

from migkg.cli import main
from migkg.graph import dcat, export
from migkg.graph.iris import MIGO, IRIs
from migkg.graph.validate import ValidationResult, load_shapes, validate_graph
from migkg.manifest import MANIFEST_NAME, MODEL_CANDIDATES, Manifest, input_key
from migkg.pipeline import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = ROOT / "seeds" / "A-72-643.txt"
DOCS = ("A-74-999-report.txt", "A-RES-73-195-crlf.txt", "A-HRC-99-1-upr.txt")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three small documents of different kinds, in their own directory."""
    directory = tmp_path / "corpus"
    directory.mkdir()
    for name in DOCS:
        shutil.copy(FIXTURES / name, directory / name)
    return directory


def build(runner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["build", *args])
    return result.exit_code, result.output


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# --- validation: SHACL-SPARQL answered by Oxigraph --------------------------------------


def test_both_engines_report_what_pyshacl_alone_reports(seed_graph):
    """The same results (focus nodes, values, messages) from the build's engine
    (pyshacl-turbo) and from pySHACL with its SPARQL on Oxigraph as from pySHACL on rdflib
    alone, on a graph that breaks the SPARQL-based shapes (offsets beyond the source,
    duplicate numbers and eIds, a paragraph with neither number nor numeral) and core ones."""
    bad = Graph() + seed_graph
    source = URIRef("https://w3id.org/migkg/id/doc/A-72-643/source")
    bad.set((source, MIGO.sourceLength, Literal(100)))
    paragraphs = sorted(bad.subjects(RDF.type, MIGO.Paragraph))
    bad.remove((paragraphs[0], MIGO.number, None))
    bad.set((paragraphs[1], MIGO.number, Literal(7)))
    bad.set((paragraphs[2], MIGO.number, Literal(7)))
    bad.set((paragraphs[3], MIGO.eId, Literal("para_9")))
    conforms, report, text = pyshacl.validate(
        bad, shacl_graph=load_shapes(), inference="none", do_owl_imports=False, allow_warnings=True
    )
    alone = ValidationResult(bool(conforms), report, text)
    assert not alone.conforms
    for engine in ("turbo", "pyshacl"):
        ours = validate_graph(bad, engine=engine)
        assert not ours.conforms
        assert ours.violations() == alone.violations(), engine
    kinds = {v["sourceShape"].rsplit("#", 1)[-1] for v in alone.violations()}
    assert {"Context", "Document", "Paragraph"} <= kinds  # the SPARQL-based shapes fired


def test_validation_leaves_the_graph_as_it_was(seed_graph):
    graph = Graph() + seed_graph
    validate_graph(graph)
    assert len(graph) == len(seed_graph) and type(graph) is Graph


# --- the description from summaries -------------------------------------------------------


def test_void_counts_the_union_of_documents_sharing_triples(seed_graph, tiny_graph):
    """Triples, subjects and objects found in several documents count once, as in the union
    of their graphs (here: the seed, the tiny document, and a third sharing triples of both)."""
    third = Graph()
    doc = IRIs().document("X-9")
    third.add((doc, RDF.type, MIGO.Document))
    third.add((doc, DCTERMS.identifier, Literal("X-9")))
    for triple in list(seed_graph)[:500] + list(tiny_graph)[:50]:
        third.add(triple)
    graphs = {export.document_iri(g): g for g in (seed_graph, tiny_graph)} | {doc: third}
    union = Graph()
    for graph in graphs.values():
        union += graph
    description = dcat.describe(graphs, [])
    dataset = IRIs().dataset()

    def void(p):
        return int(description.value(dataset, p))

    assert void(VOID.triples) == len(union)
    assert void(VOID.distinctSubjects) == len(set(union.subjects()))
    assert void(VOID.distinctObjects) == len(set(union.objects()))
    assert void(VOID.properties) == len(set(union.predicates()))
    for partition in description.objects(dataset, VOID.classPartition):
        cls = description.value(partition, VOID["class"])
        assert int(description.value(partition, VOID.entities)) == len(set(union.subjects(RDF.type, cls)))


def test_summary_survives_the_manifest(seed_graph):
    summary = dcat.summarize(export.document_iri(seed_graph), seed_graph)
    assert dcat.DocumentSummary.from_json(summary.to_json()) == summary


# --- parallel builds ------------------------------------------------------------------------


def test_jobs_2_writes_the_bytes_of_jobs_1(runner, corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    code1, out1 = build(runner, str(corpus), "--out", str(one), "--jobs", "1", "--format", "ttl,nt,trig")
    code2, out2 = build(runner, str(corpus), "--out", str(two), "--jobs", "2", "--format", "ttl,nt,trig")
    assert code1 == code2 == 0, out1 + out2
    assert files(one) == files(two)
    # the same lines, in input order
    assert out1.replace(str(one), "OUT") == out2.replace(str(two), "OUT")


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (children, grandchildren ...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2 :].split()[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_a_killed_parallel_build_leaves_no_process_behind(corpus, tmp_path):
    """SIGKILL the build while its workers run: every process below it (its two workers,
    and multiprocessing's helpers) ends within seconds."""
    migkg = Path(sys.executable).parent / "migkg"
    process = subprocess.Popen(
        [str(migkg), "build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "3", "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    below: set[int] = set()
    # --jobs 3 on three documents: this process and two workers
    while len(below) < 2 and process.poll() is None and time.monotonic() < deadline:
        below |= _descendants(process.pid)
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before its workers could be seen"
    assert len(below) >= 2, below
    process.kill()
    process.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in below if _alive(pid)]


def test_jobs_2_reports_a_bad_input_and_builds_the_others(runner, corpus, tmp_path):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    code, output = build(runner, str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-extract")
    assert code == 2
    assert f"Error: {corpus / 'empty.txt'}: " in output and output.count("Error:") == 1
    assert sorted(p.name for p in (tmp_path / "out").glob("*.ttl")) == [
        "A-74-999.ttl",
        "A-HRC-99-1.ttl",
        "A-RES-73-195.ttl",
        "dataset.ttl",
    ]


def test_jobs_2_keeps_the_first_of_two_inputs_with_one_id(runner, corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "A-74-999-report.txt").write_text(
        (FIXTURES / "A-74-999-report.txt").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code, output = build(runner, str(corpus), str(other), "--out", str(out), "--jobs", "2", "--no-extract")
    assert code == 2 and "document id A-74-999 was already built from" in output
    alone = tmp_path / "alone"
    assert build(runner, str(corpus / "A-74-999-report.txt"), "--out", str(alone), "--no-extract")[0] == 0
    assert (out / "A-74-999.ttl").read_bytes() == (alone / "A-74-999.ttl").read_bytes()


def test_jobs_must_be_positive(runner, corpus):
    code, output = build(runner, str(corpus), "--jobs", "0")
    assert code == 2 and "--jobs" in output


# --- incremental builds ---------------------------------------------------------------------


def mtimes(directory: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in directory.iterdir() if p.suffix == ".ttl" and p.stem != "dataset"}


def test_unchanged_documents_are_not_rebuilt(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    before, stamps = files(out), mtimes(out)
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract")
    assert code == 0
    assert "skipped 3 of 3 documents: unchanged since the last build" in output
    assert output.count("(unchanged, not rebuilt)") == 3
    assert files(out) == before and mtimes(out) == stamps  # nothing rewritten, same description


def test_a_changed_document_alone_is_rebuilt(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    stamps = mtimes(out)
    report = corpus / "A-74-999-report.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract")
    assert code == 0 and "skipped 2 of 3 documents" in output
    after = mtimes(out)
    assert after["A-74-999.ttl"] != stamps["A-74-999.ttl"]
    assert {k: v for k, v in after.items() if k != "A-74-999.ttl"} == {
        k: v for k, v in stamps.items() if k != "A-74-999.ttl"
    }
    fresh = tmp_path / "fresh"
    assert build(runner, str(corpus), "--out", str(fresh), "--no-extract")[0] == 0
    assert files(out) == files(fresh)  # the description too: as a full build's


def test_force_rebuilds_everything(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    before = files(out)
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract", "--force")
    assert code == 0 and "skipped" not in output and "not rebuilt" not in output
    assert files(out) == before


def test_a_removed_document_leaves_the_output_and_the_description(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract", "--format", "ttl,nt")[0] == 0
    (corpus / "A-HRC-99-1-upr.txt").unlink()
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract", "--format", "ttl,nt")
    assert code == 0 and "skipped 2 of 2 documents" in output
    assert f"removed {out / 'A-HRC-99-1.ttl'} (its input is no longer given)" in output
    assert not (out / "A-HRC-99-1.ttl").exists() and not (out / "A-HRC-99-1.nt").exists()
    description = Graph().parse(out / "dataset.ttl")
    titles = {str(t) for t in description.objects(None, DCTERMS.title)}
    assert "A-HRC-99-1.ttl" not in titles and "A-74-999.ttl" in titles
    fresh = tmp_path / "fresh"
    assert build(runner, str(corpus), "--out", str(fresh), "--no-extract", "--format", "ttl,nt")[0] == 0
    assert files(out) == files(fresh)


def test_a_format_no_longer_asked_for_is_removed(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract", "--format", "ttl,nt")[0] == 0
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    assert not list(out.glob("A-*.nt")) and len(list(out.glob("A-*.ttl"))) == 3


def test_an_output_changed_by_hand_is_rebuilt(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    before = files(out)
    (out / "A-74-999.ttl").write_text("# edited\n", encoding="utf-8")
    (out / "A-RES-73-195.ttl").unlink()
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract")
    assert code == 0 and "skipped 1 of 3 documents" in output
    assert files(out) == before


def test_a_broken_manifest_means_a_full_build(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    before = files(out)
    (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    code, output = build(runner, str(corpus), "--out", str(out), "--no-extract")
    assert code == 0 and "skipped" not in output
    assert files(out) == before


def test_the_key_covers_sidecar_lexicon_model_options_and_path(tmp_path, monkeypatch):
    doc = tmp_path / "A-1.txt"
    doc.write_text("1. Member States should act.\n", encoding="utf-8")
    base = BuildOptions()
    key = input_key(doc, base)
    assert input_key(doc, base) == key
    variants = [
        BuildOptions(iris=IRIs("https://example.org/")),
        BuildOptions(formats=("ttl", "nt")),
        BuildOptions(extract=False),
        BuildOptions(validate=False),
        BuildOptions(model="blank:en"),
    ]
    assert len({input_key(doc, o) for o in variants} | {key}) == len(variants) + 1
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "actors.jsonl").write_text(
        '{"id": "guild", "label": "Guild of Mappers", "type": "NonStateActor"}\n', encoding="utf-8"
    )
    with_lexicon = input_key(doc, BuildOptions(lexicon=lexicon))
    assert with_lexicon != key
    (lexicon / "actors.jsonl").write_text(
        '{"id": "guild", "label": "Guild of Surveyors", "type": "NonStateActor"}\n', encoding="utf-8"
    )
    assert input_key(doc, BuildOptions(lexicon=lexicon)) != with_lexicon
    (tmp_path / "A-1.json").write_text('{"symbol": "A/1"}', encoding="utf-8")
    assert input_key(doc, base) != key
    monkeypatch.chdir(tmp_path)
    assert input_key(Path("A-1.txt"), base) != input_key(doc, base)  # the graph records the path


def test_model_candidates_are_the_pipelines(monkeypatch):
    from migkg.extract.nlp import MODEL_CANDIDATES as NLP_CANDIDATES

    assert MODEL_CANDIDATES == NLP_CANDIDATES


def test_manifest_is_hidden_and_not_described(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert build(runner, str(corpus), "--out", str(out), "--no-extract")[0] == 0
    assert MANIFEST_NAME.startswith(".") and len(Manifest.load(out).entries) == 3
    description = Graph().parse(out / "dataset.ttl")
    assert len(list(description.subjects(RDF.type, DCAT.Distribution))) == 3


def test_api_incremental(tmp_path, corpus):
    import migkg

    out = tmp_path / "out"
    first = migkg.build(corpus, out, extract=False)
    assert all(r.graph is not None and not r.skipped for r in first)
    again = migkg.build(corpus, out, extract=False, incremental=True)
    assert all(r.skipped and r.graph is None for r in again)
    assert [r.doc_id for r in again] == [r.doc_id for r in first]


@pytest.mark.timeout(120)
def test_a_parallel_build_after_one_in_process_in_the_same_process(tmp_path, corpus):
    """A notebook's second build forks workers from a process that has built before (its
    pipeline, shapes and executors loaded): the build ends, the same bytes as before."""
    import migkg

    one, two = tmp_path / "one", tmp_path / "two"
    migkg.build(corpus, one, extract=False)
    results = migkg.build(corpus, two, extract=False, jobs=2)
    assert all(r.ok for r in results)
    assert files(one) == files(two)


# --- a Dask cluster -------------------------------------------------------------------------


@pytest.mark.timeout(600)
def test_dask_cluster_writes_the_bytes_of_a_local_build(runner, corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    assert build(runner, str(corpus), "--out", str(local), "--jobs", "1", "--format", "ttl,jsonld")[0] == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
    ) as cluster:
        remote = tmp_path / "remote"
        code, output = build(
            runner,
            str(corpus),
            "--out",
            str(remote),
            "--scheduler",
            cluster.scheduler_address,
            "--format",
            "ttl,jsonld",
        )
        assert code == 0, output
        workers = cluster.scheduler_info["workers"]
        assert len(workers) == 2
    assert files(local) == files(remote)


def test_unreachable_scheduler_is_one_error(runner, corpus, tmp_path):
    pytest.importorskip("distributed")
    code, output = build(
        runner, str(corpus), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9", "--no-extract"
    )
    assert code == 3 and output.startswith("Error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert "Traceback" not in output


def test_without_dask_the_scheduler_option_says_what_to_install(runner, corpus, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    code, output = build(runner, str(corpus), "--scheduler", "tcp://127.0.0.1:8786", "--no-extract")
    assert code == 2 and "pip install 'migkg[dask]'" in output


def test_default_jobs_is_the_cores_available():
    from migkg.pipeline import default_jobs

    assert default_jobs() == (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())


# --- the order documents are started, built and given back ----------------------------------


def sized(directory: Path, sizes: dict[str, int]) -> list[Path]:
    """Files of the given sizes, in the order given."""
    directory.mkdir(exist_ok=True)
    paths = []
    for name, size in sizes.items():
        (directory / name).write_bytes(b"x" * size)
        paths.append(directory / name)
    return paths


def test_parallel_starts_the_largest_first_within_each_block(tmp_path):
    from migkg.pipeline import _start_order

    paths = sized(tmp_path, {"a.txt": 10, "b.txt": 50, "c.pdf": 120, "d.txt": 40, "e.txt": 5, "f.txt": 70, "g.txt": 30})
    # c.pdf counts a quarter of its bytes (30): after d.txt, and before g.txt (a tie, in input order)
    assert [p.name for p in _start_order(paths, block=4)] == [
        "b.txt",
        "d.txt",
        "c.pdf",
        "a.txt",
        "f.txt",
        "g.txt",
        "e.txt",
    ]
    assert [p.name for p in _start_order(paths, block=100)][:2] == ["f.txt", "b.txt"]


def run_in_order(paths, durations, *, window, here, done=None):
    """``_in_input_order`` over ``paths`` with builds that take ``durations[name]`` seconds;
    returns (the names in the order given back, in the order started, the most results
    held at once)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from migkg.pipeline import DocumentResult, _in_input_order

    started: list[str] = []
    live: set[str] = set()  # started, not given back yet
    most = 0
    lock = threading.Lock()

    def fake(path: Path) -> DocumentResult:
        nonlocal most
        with lock:
            started.append(path.name)
            live.add(path.name)
            most = max(most, len(live))
        time.sleep(durations[path.name])
        return DocumentResult(path, doc_id=path.stem, counts={"paragraphs": 1})

    with ThreadPoolExecutor(max_workers=window) as pool:
        given = []
        for result in _in_input_order(
            paths, {}, paths, lambda p: pool.submit(fake, p), window, fake if here else None, done
        ):
            given.append(result.source.name)
            live.discard(result.source.name)
    return given, started, most


def test_parallel_results_come_in_input_order_and_done_as_they_end(tmp_path):
    paths = sized(tmp_path, {"a.txt": 1, "b.txt": 9, "c.txt": 2, "d.txt": 8})
    durations = {"a.txt": 0.02, "b.txt": 0.3, "c.txt": 0.02, "d.txt": 0.2}
    ended: list[str] = []
    given, started, _ = run_in_order(paths, durations, window=1, here=True, done=lambda r: ended.append(r.source.name))
    assert given == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert set(started[:2]) == {"b.txt", "d.txt"}  # the two largest first, one in each process
    assert sorted(ended) == sorted(given)  # each document told once
    # d and then c (started when d ended) are told as they end, long before a, due first, is
    # given back after b
    assert ended[:2] == ["d.txt", "c.txt"]


def test_a_serial_build_runs_in_input_order(tmp_path):
    from migkg.pipeline import DocumentResult, _Done, _in_input_order

    paths = sized(tmp_path, {"a.txt": 1, "b.txt": 9, "c.txt": 5})
    order: list[str] = []

    def build_now(path: Path) -> _Done:
        order.append(path.name)
        return _Done(DocumentResult(path))

    ended: list[str] = []
    given = [
        r.source.name
        for r in _in_input_order(paths, {}, paths, build_now, 1, None, lambda r: ended.append(r.source.name))
    ]
    assert order == given == ended == ["a.txt", "b.txt", "c.txt"]


def test_results_held_ahead_of_the_one_due_are_bounded(tmp_path):
    from migkg.pipeline import _BLOCK

    # The first input is the smallest of its block and starts last, then takes long: the
    # others are built ahead of it, but no more than two blocks and a window of them.
    sizes = {"0.txt": 1} | {f"{i}.txt": 10 for i in range(1, 3 * _BLOCK + 8)}
    paths = sized(tmp_path, sizes)
    durations = {name: 0.0 for name in sizes} | {"0.txt": 0.3}
    given, _, most = run_in_order(paths, durations, window=2, here=True)
    assert given == [p.name for p in paths]
    assert 2 * _BLOCK < most <= 2 * _BLOCK + 2 + 2 + 1  # held, plus the one due and one being given back


# --- progress ---------------------------------------------------------------------------------


def test_a_terminal_gets_one_progress_bar(monkeypatch):
    import io
    import sys

    from migkg.cli import _build_progress
    from migkg.pipeline import DocumentResult

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _build_progress(2) as advance:
        for name in ("a", "b"):
            advance(DocumentResult(Path(f"{name}.txt"), doc_id=name, counts={"paragraphs": 10}))
    shown = terminal.getvalue()
    assert "2/2" in shown and "documents, 20 paragraphs" in shown


def test_plain_output_has_no_progress_bar(monkeypatch):
    import io
    import sys

    from migkg.cli import _build_progress

    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with _build_progress(5) as advance:
        advance(None)
    assert pipe.getvalue() == ""


def test_a_document_is_described_by_its_own_label(seed_graph):
    """A document cited (and labelled by its symbol) in an earlier document keeps its own
    label in the description of its files."""
    seed = export.document_iri(seed_graph)
    citing = Graph()
    doc = IRIs().document("X-1")
    citing.add((doc, RDF.type, MIGO.Document))
    citing.add((doc, DCTERMS.identifier, Literal("X-1")))
    citing.add((seed, RDF.type, MIGO.UNDocument))
    citing.add((seed, RDFS.label, Literal("A/72/643")))
    summaries = [dcat.summarize(doc, citing), dcat.summarize(seed, seed_graph)]
    description = dcat.describe_summaries(summaries, [dcat.FileInfo.of("A-72-643.ttl", b"x")])
    text = description.value(IRIs().distribution("A-72-643.ttl"), DCTERMS.description)
    own = seed_graph.value(seed, RDFS.label)
    assert str(text) == f"The migkg graph of {own}, in Turtle" and str(own) != "A/72/643"


def test_a_pdf_built_again_is_skipped_with_its_text(runner, tmp_path):
    pdf = ROOT.parent / "shared" / "corpus" / "A-RES-80-3.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not found")
    shutil.copy(pdf, tmp_path / pdf.name)
    out = tmp_path / "out"
    assert build(runner, str(tmp_path / pdf.name), "--out", str(out), "--no-extract")[0] == 0
    before = files(out)
    code, output = build(runner, str(tmp_path / pdf.name), "--out", str(out), "--no-extract")
    assert code == 0 and "skipped 1 of 1 documents" in output
    assert f"-> {out / 'A-RES-80-3.ttl'}, {out / 'A-RES-80-3.txt'}" in output
    assert files(out) == before
    (out / "A-RES-80-3.txt").unlink()  # the text every offset points into is an output too
    code, output = build(runner, str(tmp_path / pdf.name), "--out", str(out), "--no-extract")
    assert code == 0 and "skipped" not in output and files(out) == before
