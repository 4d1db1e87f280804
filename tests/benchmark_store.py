"""The embedded store at a million triples: load speed and the time of every named query.

The seeds are built once (``migkg build seeds``); their files are then copied ``--copies``
times under new document ids (``A-72-643`` → ``A-72-643-c017``, its symbol ``A/72/643`` →
``A/72/643-c017``, and so for every IRI, identifier and label naming a seed), so that each
copy is a distinct document while what documents share in a real corpus (actors,
instruments, vocabulary, the resolutions they cite) stays shared. The alignments are copied
with their documents. The corpus is written as Turtle files into one directory and loaded as
``migkg store load`` loads it (:meth:`DocumentStore.sync`); then every named query runs on the
store as ``migkg query`` runs it (:meth:`DocumentStore.query`), and the smallest also with
rdflib on the same data merged in memory, as the anchor.

Run: ``.venv/bin/python tests/benchmark_store.py [--copies N] [--repeat N] [--ci]``. Prints
Markdown (the README's Benchmark section quotes it). Not a test: timings depend on the machine
and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from benchmark import timed  # tests/benchmark.py, beside this script
from rdflib.query import Result

from migkg.graph.io import load_graph
from migkg.graph.query import list_queries, named_query
from migkg.graph.sparql import prepare, run_local
from migkg.graph.store import DocumentStore, store_dir

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MIGKG = str(Path(sys.executable).parent / "migkg")
QUERY_LIMIT_MS = 300.0
LOAD_TARGET = 200_000  # triples per second
# A query's final ORDER BY (after its last "}"), to time the query without it.
FINAL_ORDER_BY = re.compile(r"\bORDER\s+BY\b[^{}]*$")


def build_seeds(out: Path) -> list[Path]:
    """The seeds built by ``migkg build`` (extraction included): their document and
    alignment files (the dataset description is not copied: it describes the seeds)."""
    result = subprocess.run([MIGKG, "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"migkg build seeds failed: {result.stderr[-500:]}")
    documents = sorted(p for p in out.glob("*.ttl") if p.name != "dataset.ttl")
    return documents + sorted((out / "align").glob("*.ttl"))


def seed_ids(files: list[Path]) -> list[str]:
    """The seeds' document ids (``A-72-643``), from the document files' names."""
    return sorted(p.stem for p in files if p.parent.name != "align" and p.stem != "dataset")


def renamer(ids: list[str], suffix: str) -> Callable[[str], str]:
    """Rewrites every whole id (``A-72-643``) and symbol (``A/72/643``) of a seed in a string:
    in IRIs (``…/doc/A-72-643/para_1``, ``…/alignment/A-72-643--A-RES-73-195``) and in
    literals (identifier, symbol, labels). Not inside a longer id, nor in a URL path such as
    ``https://undocs.org/A/72/643`` (the page of the original stays the same)."""
    names = {i: f"{i}{suffix}" for i in ids} | {i.replace("-", "/"): f"{i.replace('-', '/')}{suffix}" for i in ids}
    by_id = "|".join(re.escape(i) for i in ids)
    by_symbol = "|".join(re.escape(i.replace("-", "/")) for i in ids)
    pattern = re.compile(rf"(?<![\w.])(?<!\w-)({by_id})(?!\w)(?!-\w)|(?<![\w./])({by_symbol})(?![\w/])")
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text)


def copy_terms(quads: list[pyoxigraph.Quad], rename: Callable[[str], str]) -> list[pyoxigraph.Triple]:
    """The triples of one seed file under a copy's ids (each distinct term rewritten once)."""
    memo: dict[object, object] = {}

    def term(t):
        found = memo.get(t)
        if found is None:
            if isinstance(t, pyoxigraph.NamedNode):
                found = pyoxigraph.NamedNode(rename(t.value))
            elif isinstance(t, pyoxigraph.Literal) and t.language:
                found = pyoxigraph.Literal(rename(t.value), language=t.language)
            elif isinstance(t, pyoxigraph.Literal) and t.datatype.value.endswith("#string"):
                found = pyoxigraph.Literal(rename(t.value))
            else:
                found = t
            memo[t] = found
        return found

    return [pyoxigraph.Triple(term(q.subject), term(q.predicate), term(q.object)) for q in quads]


def make_corpus(files: list[Path], copies: int, corpus: Path) -> int:
    """``copies`` copies of the seeds' files as Turtle in ``corpus`` (alignments in
    ``corpus/align/``, as a build writes them); returns the number of triples written."""
    ids = seed_ids(files)
    shutil.rmtree(corpus, ignore_errors=True)
    (corpus / "align").mkdir(parents=True)
    parsed = {p: list(pyoxigraph.parse(path=str(p), format=pyoxigraph.RdfFormat.TURTLE)) for p in files}
    written = 0
    for copy in range(copies):
        suffix = f"-c{copy:03d}"
        rename = renamer(ids, suffix)
        for path, quads in parsed.items():
            target = corpus / path.parent.name / f"{rename(path.stem)}.ttl" if path.parent.name == "align" else None
            target = target or corpus / f"{rename(path.stem)}.ttl"
            triples = copy_terms(quads, rename)
            pyoxigraph.serialize(triples, str(target), format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
            written += len(triples)
    return written


PREFIXES = {
    "migo": "https://w3id.org/migkg/ontology#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss: kilobytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(corpus: Path) -> DocumentStore:
    """The corpus loaded as ``migkg store load --data CORPUS`` loads it, into a new store."""
    store = DocumentStore(store_dir(corpus))
    load_before = os.getloadavg()[0]
    cpu = time.process_time()
    start = time.perf_counter()
    report = store.sync([corpus])
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    triples = sum(g.triples for g in store.graphs())
    print("## Loading: `DocumentStore.sync` (what `migkg store load` runs), into an empty store\n")
    print(
        "Counted: the triples of the named graphs (one per document or alignment run), per second of "
        "the whole sync (parsing every file, loading each into its graph and into the default graph, "
        "the merge, which doubles the writes, the compaction and the flush).\n"
    )
    print("| files | named graphs | triples | seconds | triples/s | CPU s (all threads) | load average before |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(report.loaded)} | {len(report.graphs)} | {triples:,} | {seconds:.1f} | "
        f"**{triples / seconds:,.0f}** | {cpu:.1f} | {load_before:.1f} |"
    )
    verdict = "meets" if triples / seconds >= LOAD_TARGET else "misses"
    print(f"\n{verdict} the target of {LOAD_TARGET:,} triples/s; peak memory so far {peak_memory_mb():.0f} MB\n")
    bare = bare_load(corpus, triples)
    print(
        f"The engine's own ceiling, as the anchor: pyoxigraph's bulk loader alone, each file once into "
        f"its named graph (no merge, no parse to plan, no compaction) into a new database: "
        f"**{bare:,.0f} triples/s**; the sync runs at {triples / seconds / bare:.2f}× that.\n"
    )
    return store


def bare_load(corpus: Path, triples: int) -> float:
    """Triples per second of pyoxigraph's bulk loader alone on the corpus's files."""
    files = sorted(corpus.glob("*.ttl")) + sorted((corpus / "align").glob("*.ttl"))
    target = Path(tempfile.mkdtemp(prefix="migkg-bench-bare-"))
    try:
        database = pyoxigraph.Store(str(target))
        start = time.perf_counter()
        for path in files:
            graph = pyoxigraph.NamedNode(f"https://example.org/{path.name}")
            database.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
        database.flush()
        seconds = time.perf_counter() - start
        del database
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return triples / seconds


def query_times(store: DocumentStore, corpus: Path, repeat: int) -> None:
    """Every named query on the store, as ``migkg query NAME --data CORPUS`` runs it, and
    the fastest of them with rdflib on the same files merged in memory."""
    timings: dict[str, tuple[float, int]] = {}
    unsorted: dict[str, float] = {}  # the same query without its final ORDER BY
    for named in list_queries():
        prepared = prepare(named.text)
        ms, answer = timed(lambda prepared=prepared: store.query(prepared), repeat)
        assert isinstance(answer, Result)
        timings[named.name] = (ms, len(answer.bindings) if answer.type == "SELECT" else len(answer))
        order = FINAL_ORDER_BY.search(named.text)
        if order is not None:
            bare = prepare(named.text[: order.start()])
            unsorted[named.name], _ = timed(lambda bare=bare: store.query(bare), repeat)
    fastest = min(timings, key=lambda name: timings[name][0])
    start = time.perf_counter()
    merged = load_graph([corpus])  # what `migkg query --engine rdflib --no-store` reads
    parse_s = time.perf_counter() - start
    rdflib_ms, answer = timed(lambda: run_local(prepare(named_query(fastest).text), merged), 1)
    assert isinstance(answer, Result)
    over = [name for name, (ms, _) in timings.items() if ms > QUERY_LIMIT_MS]
    print(f"## Every named query on the store (median of {repeat} runs after a warm-up)\n")
    print(
        "`DocumentStore.query`: pyoxigraph on the store's default graph, the answer as an rdflib Result; "
        "and the same query without its final `ORDER BY` (what Oxigraph's sort costs: it reads each "
        "IRI's string back at every comparison).\n"
    )
    print("| query | rows | ms | ms without ORDER BY |")
    print("|---|---:|---:|---:|")
    for name, (ms, rows) in timings.items():
        bare_ms = f"{unsorted[name]:.1f}" if name in unsorted else "–"
        print(f"| {name} | {rows} | {ms:.1f}{' **over**' if ms > QUERY_LIMIT_MS else ''} | {bare_ms} |")
    print(
        f"\nAnchor: `{fastest}` (the fastest on the store, {timings[fastest][0]:.1f} ms) with rdflib on the same "
        f"data merged in memory ({len(merged):,} triples, parsed in {parse_s:.0f} s): {rdflib_ms:,.0f} ms, "
        f"{len(answer.bindings)} rows.\n"
    )
    slowest = max(timings, key=lambda name: timings[name][0])
    print(
        f"Slowest: `{slowest}` {timings[slowest][0]:.0f} ms; over {QUERY_LIMIT_MS:.0f} ms: "
        f"{', '.join(over) or 'none'}; all {len(timings)} queries: {sum(ms for ms, _ in timings.values()):,.0f} ms\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=21, help="copies of the seeds (21: just over 1,000,000 triples)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query, after one warm-up")
    parser.add_argument("--ci", action="store_true", help="a CI-sized run: 2 copies, 3 runs of each query")
    parser.add_argument("--keep", type=Path, help="write the seeds, the corpus and its store here, and keep them")
    args = parser.parse_args()
    if args.ci:
        args.copies, args.repeat = 2, 3
    print(
        f"# migkg store benchmark — {platform.python_implementation()} {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}, {platform.machine()}, {os.cpu_count()} cores\n"
    )
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="migkg-bench-store-"))
    try:
        seeds = build_seeds(tmp / "seeds")
        start = time.perf_counter()
        written = make_corpus(seeds, args.copies, tmp / "corpus")
        print(
            f"Corpus: {args.copies} copies of the seeds' {len(seeds)} document and alignment files, "
            f"{written:,} triples as Turtle ({time.perf_counter() - start:.1f} s to write)\n"
        )
        store = load(tmp / "corpus")
        query_times(store, tmp / "corpus", args.repeat)
        print(f"Peak memory of the whole run (rdflib's in-memory graph included): {peak_memory_mb():.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
