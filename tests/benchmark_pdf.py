"""PDF input against text input: reading time per page, and the structure build of each
corpus PDF against the build of its text extraction.

Run: ``.venv/bin/python tests/benchmark_pdf.py [--repeat N] [--corpus DIR] [--extract]``.
Prints a Markdown table. Not a test: timings depend on the machine. The issue's target is
at most 0.1 s a page for reading the PDF. ``--extract`` times the whole build (with the
spaCy extraction) instead of parse + structure graph.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from migkg.extract.pdf import parse_pdf, read_pdf
from migkg.extract.structure import parse_file

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
TARGET_PER_PAGE = 0.1  # seconds


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in s over ``repeat`` runs after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build(document, extract: bool):
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs

    facts = None
    if extract:
        from migkg.extract.extraction import extract_facts

        facts = extract_facts(document)
    return build_graph(document, IRIs(), facts)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeat", type=int, default=3)
    args.add_argument("--corpus", type=Path, default=CORPUS)
    args.add_argument("--extract", action="store_true", help="time the whole build, extraction included")
    opts = args.parse_args()
    print(
        f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, median of {opts.repeat}\n"
    )
    head = ["document", "pages", "read PDF (s)", "s / page", "build from PDF (s)", "build from text (s)", "PDF / text"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    pages_total, read_total = 0, 0.0
    for pdf in sorted(opts.corpus.glob("*.pdf")):
        text = pdf.with_suffix(".txt")
        read_s, read = timed(lambda pdf=pdf: read_pdf(pdf), opts.repeat)
        pdf_s, _ = timed(lambda pdf=pdf: build(parse_pdf(pdf)[0], opts.extract), opts.repeat)
        cells = [pdf.stem, str(read.page_count), f"{read_s:.3f}", f"{read_s / read.page_count:.3f}", f"{pdf_s:.3f}"]
        if text.is_file():
            text_s, _ = timed(lambda text=text: build(parse_file(text), opts.extract), opts.repeat)
            cells += [f"{text_s:.3f}", f"{pdf_s / text_s:.1f}x"]
        else:
            cells += ["-", "-"]
        print("| " + " | ".join(cells) + " |")
        pages_total += read.page_count
        read_total += read_s
    per_page = read_total / pages_total if pages_total else 0.0
    verdict = "within" if per_page <= TARGET_PER_PAGE else "OVER"
    print(f"\nPDF reading: {per_page:.3f} s a page over {pages_total} pages ({verdict} the {TARGET_PER_PAGE} s target)")


if __name__ == "__main__":
    main()
