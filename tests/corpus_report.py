"""Structure of the corpus documents against their hand-made gold (tests/gold/corpus/).

For each document of ../shared/corpus/ with a gold file: paragraphs found against the gold
(numbers, and whether each starts and ends where the gold says), headings, footnotes
anchored to the right part, points, page furniture left inside paragraph text, and whether
the structure graph conforms to the shapes. Prints a Markdown table (the README's) and,
with --detail NAME, what differs for one document.

With --pdf it reads each document's official PDF instead of its text extraction (the
PDF path of `migkg build`), scored against the same gold; documents without a PDF are left out.

    python tests/corpus_report.py [--corpus DIR] [--detail NAME] [--pdf]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from migkg.extract.model import Document, Paragraph
from migkg.extract.structure import parse_file

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold" / "corpus"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
STYLE = {  # extraction style, from the corpus README
    "A-RES-73-195": "PyMuPDF",
    "A-RES-76-266": "PyMuPDF",
    "A-RES-80-3": "PyMuPDF lines",
    "A-RES-80-8": "PyMuPDF lines",
    "A-RES-80-11": "cleaned, reflowed",
    "A-RES-79-217": "pdftotext -layout",
    "S-2018-747": "pdftotext -layout",
    "S-2012-765": "pdftotext -layout",
    "A-44-661-S-20911": "OCR, pdftotext -layout",
    "A-HRC-28-15": "pdftotext -layout",
    "CERD-C-BRA-FCO-18-20": "pdftotext -layout",
}


def norm(text: str) -> str:
    """Compare texts by their letters and digits only (quotes, dashes, spacing vary)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def part_prefix(part: str) -> str:
    """The eid prefix of a gold part: "annex I" -> "annex_I__", "body" -> ""."""
    if part.startswith("annex"):
        numeral = part[len("annex") :].strip()
        return f"annex_{numeral}__" if numeral else "annex__"
    return ""


def paragraph_key(p: Paragraph) -> str:
    return p.eid


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def cell(self) -> str:
        return f"{self.right}/{self.gold}" + (f" (+{self.found - self.right})" if self.found > self.right else "")

    def rate(self) -> float:
        return self.right / self.gold if self.gold else 1.0


def _eid(part: str, number: str) -> str:
    return f"{part_prefix(part)}para_{number}"


def measure(doc: Document, gold: dict) -> dict[str, Score]:
    ours = {p.eid: p for p in doc.paragraphs if p.number is not None or "." in p.eid}
    scores = {k: Score() for k in ("paragraphs", "starts", "ends", "headings", "footnotes", "points")}
    numbers, starts, ends, pts = scores["paragraphs"], scores["starts"], scores["ends"], scores["points"]
    numbers.found = len(ours)
    for g in gold["paragraphs"]:
        eid = _eid(g["part"], g["number"])
        numbers.gold += 1
        starts.gold += 1
        ends.gold += 1
        pts.gold += len(g.get("points", []))
        p = ours.get(eid)
        if p is None:
            numbers.misses.append(eid)
            continue
        numbers.right += 1
        text = norm(p.text)
        if text.startswith(norm(g["starts"])):
            starts.right += 1
        else:
            starts.misses.append(f"{eid}: {p.text[:60]!r} / gold {g['starts']!r}")
        if text.endswith(norm(g["ends"])):
            ends.right += 1
        else:
            ends.misses.append(f"{eid}: {p.text[-60:]!r} / gold {g['ends']!r}")
        labels = [pt.label for pt in p.points]
        gold_labels = [label.split(".")[-1] for label in g.get("points", [])]
        right = sum(1 for label in gold_labels if label in labels)
        pts.right += right
        pts.found += len(labels)
        if right < len(gold_labels):
            pts.misses.append(f"{eid}: {labels} / gold {gold_labels}")
    pts.found = max(pts.found, pts.right)
    _headings(doc, gold, scores["headings"])
    _footnotes(doc, gold, scores["footnotes"])
    return scores


def _headings(doc: Document, gold: dict, score: Score) -> None:
    ours = [norm(s.title) for s in doc.sections] + [norm(ss.title) for s in doc.sections for ss in s.subsections]
    ours += [norm(h.title) for h in doc.headings]
    score.found = len(ours)
    for h in gold["headings"]:
        score.gold += 1
        key = norm(h["title"])
        # a title may keep its label ("Objective 1: Collect ..." for objective 1's "Collect ...")
        if any(key and (o == key or o.endswith(key) or (len(key) > 30 and o.startswith(key[:30]))) for o in ours):
            score.right += 1
        else:
            score.misses.append(f"{h.get('numeral')} {h['title']!r}")


def _anchor(cited_in: str) -> str:
    m = re.fullmatch(r"(?:(resolution|annex(?: [IVX]+)?) )?para (\S+)", cited_in)
    if m:
        part = m.group(1) or "body"
        return _eid("body" if part == "resolution" else part, m.group(2))
    if cited_in.startswith("preamble"):
        return "preamble__"
    return cited_in


def _headings_named(doc: Document, name: str) -> set[str]:
    """The eids of the sections and subsections a gold "heading <numeral or title>" names."""
    key = norm(name)
    parts = [(s.eid, s.numeral, s.title) for s in doc.sections]
    parts += [(ss.eid, ss.letter, ss.title) for s in doc.sections for ss in s.subsections]
    return {eid for eid, numeral, title in parts if key and (norm(numeral or "") == key or norm(title) == key)}


def _footnotes(doc: Document, gold: dict, score: Score) -> None:
    ours = {f.label: f for f in doc.footnotes}
    score.found = len(ours)
    for g in gold["footnotes"]:
        score.gold += 1
        f = ours.get(str(g["number"]))
        anchor = _anchor(g["cited_in"])
        named = _headings_named(doc, g["cited_in"][len("heading ") :]) if anchor.startswith("heading ") else set()
        on_title = f is not None and f.on_title and anchor in ("title", "symbol")
        if on_title or (
            f is not None
            and any(c == anchor or c in named or (anchor.endswith("__") and c.startswith(anchor)) for c in f.cited_by)
        ):
            score.right += 1
        else:
            score.misses.append(f"{g['number']} in {g['cited_in']}: {f.cited_by if f else 'not found'}")


def furniture_inside(doc: Document, gold: dict, source: str) -> list[str]:
    """Page furniture (running headers, job and page numbers) inside a paragraph: a line of
    the paragraph's raw segments that is one of the gold's furniture strings (the same words
    quoted in a sentence are text, not furniture)."""
    items = {" ".join(item.split()) for item in gold.get("furniture", []) if len(item.strip()) > 2}
    found = []
    for p in doc.paragraphs:
        for seg in p.segments or (p.span,):
            for line in source[seg.begin : seg.end].splitlines()[1:]:  # the first line is the paragraph's own
                if " ".join(line.split()) in items:
                    found.append(f"{p.eid}: {line.strip()!r}")
    return found


def conforms(path: Path, doc: Document | None = None) -> bool:
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    return validate_graph(build_graph(doc or parse_file(path), IRIs())).conforms


def read(source: Path, pdf: bool) -> tuple[Document, str]:
    """The parsed document and the text its offsets point into (read from the PDF with --pdf)."""
    if pdf:
        from migkg.extract.pdf import parse_pdf

        doc, text = parse_pdf(source)
        return doc, text.text
    return parse_file(source), source.read_text(encoding="utf-8")


def statement_counts(doc: Document, text: str) -> str:
    """ "41 / 2 / 0": the statements the extraction finds in ``doc``, per kind."""
    from migkg.extract.extraction import extract_facts

    kinds = [s.kind for s in extract_facts(doc, source=text).statements]
    return " / ".join(str(kinds.count(k)) for k in ("recommendation", "decision", "commitment"))


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    args.add_argument("--detail", metavar="NAME")
    args.add_argument("--pdf", action="store_true", help="read the official PDFs instead of the texts")
    args.add_argument(
        "--statements",
        action="store_true",
        help="also extract and count each document's statements per kind (recommendation / decision / commitment)",
    )
    opts = args.parse_args()
    golds = sorted(GOLD_DIR.glob("*.json"))
    if opts.detail:
        golds = [GOLD_DIR / f"{opts.detail}.json"]
    rows = []
    totals = {k: Score() for k in ("paragraphs", "starts", "ends", "headings", "footnotes", "points")}
    for path in golds:
        name = path.stem
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = opts.corpus / f"{name}.{'pdf' if opts.pdf else 'txt'}"
        if not source.is_file():
            continue
        doc, text = read(source, opts.pdf)
        scores = measure(doc, gold)
        for k, s in scores.items():
            totals[k].right += s.right
            totals[k].gold += s.gold
            totals[k].found += s.found
        furniture = furniture_inside(doc, gold, text)
        symbol = "yes" if doc.metadata.symbol == gold["symbol"] else f"no ({doc.metadata.symbol})"
        rows.append(
            [
                name,
                gold["kind"],
                "pypdfium2 (migkg)" if opts.pdf else STYLE.get(name, ""),
                symbol,
                *(scores[k].cell() for k in totals),
                str(len(furniture)),
                "yes" if conforms(source, doc) else "NO",
                *([statement_counts(doc, text)] if opts.statements else []),
            ]
        )
        if opts.detail:
            for k, s in scores.items():
                for miss in s.misses:
                    print(f"{k}: {miss}")
            for item in furniture:
                print(f"furniture: {item}")
    head = [
        "document",
        "kind",
        "extraction",
        "symbol",
        "paragraphs",
        "starts",
        "ends",
        "headings",
        "footnotes",
        "points",
        "furniture in text",
        "conforms",
        *(["statements: rec / dec / com"] if opts.statements else []),
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    rates = ", ".join(f"{k} {100 * s.rate():.1f}%" for k, s in totals.items())
    print(f"\nOverall: {rates}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
