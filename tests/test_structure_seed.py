"""Golden test: the structure of the seed report A/72/643 against hand-checked values
(tests/gold/structure-A-72-643.json was written by reading the report, not from the
parser's output), and the offset contract on every element."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migkg.extract.model import CleanText, Document

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "gold" / "structure-A-72-643.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc(seed_document) -> Document:
    return seed_document


@pytest.fixture(scope="module")
def source() -> str:
    return (ROOT / "seeds" / "A-72-643.txt").read_bytes().decode("utf-8")


def _parts(doc: Document) -> dict:
    return {p.eid: p for p in (*doc.summary, *doc.preamble, *doc.paragraphs, *doc.footnotes)}


def test_counts_and_identity(doc):
    assert doc.doc_id == GOLD["doc_id"]
    assert doc.metadata.symbol == GOLD["symbol"]
    assert [p.number for p in doc.paragraphs] == list(range(1, GOLD["paragraph_count"] + 1))
    assert [f.number for f in doc.footnotes] == list(range(1, GOLD["footnote_count"] + 1))
    assert len(doc.summary) == GOLD["summary_blocks"]
    assert doc.preamble == ()
    assert all(p.section is None and p.number is None for p in doc.summary)


def test_sections_and_subsections(doc):
    assert {s.numeral: s.title for s in doc.sections} == GOLD["sections"]
    assert [s.ordinal for s in doc.sections] == list(range(1, 8))
    subs = {f"{s.numeral}.{sub.letter}": sub.title for s in doc.sections for sub in s.subsections}
    assert subs == GOLD["subsections"]
    for s in doc.sections:
        assert s.eid == f"sec_{s.numeral}"
        for sub in s.subsections:
            assert sub.eid == f"{s.eid}__subsec_{sub.letter}" and sub.section == s.eid


def test_section_of_every_paragraph(doc):
    expected = {}
    for first, last, numeral, letter in GOLD["paragraph_ranges"]:
        for n in range(first, last + 1):
            expected[n] = (f"sec_{numeral}", f"sec_{numeral}__subsec_{letter}" if letter else None)
    assert len(expected) == 88
    assert {p.number: (p.section, p.subsection) for p in doc.paragraphs} == expected


def test_every_footnote_and_its_citing_paragraphs(doc):
    assert {str(f.number): list(f.cited_by) for f in doc.footnotes} == GOLD["footnotes"]
    for number, count in GOLD["marker_count"].items():
        assert len(doc.footnotes[int(number) - 1].refs) == count
    # every marker a paragraph holds is one of the footnote's refs, and the other way round
    refs = sorted((r.number, r.span.begin) for p in doc.paragraphs for r in p.footnote_refs)
    assert refs == sorted((r.number, r.span.begin) for f in doc.footnotes for r in f.refs)


def test_footnote_markers_are_digits_in_the_source(doc, source):
    for f in doc.footnotes:
        for r in f.refs:
            assert source[r.span.begin : r.span.end] == str(f.number)


def test_points_and_not_cross_references(doc):
    parts = _parts(doc)
    with_points = {
        eid: ["".join(pt.label for pt in p.points), p.points[0].inline]
        for eid, p in parts.items()
        if getattr(p, "points", ())
    }
    assert with_points == GOLD["points"]
    # "(see paras. 4 (a)–(d))" in para 19 is a cross-reference
    assert doc.paragraphs[18].points == ()
    assert "(see paras. 4 (a)–(d))" in doc.paragraphs[18].text


def test_paragraphs_continued_across_footnote_blocks(doc):
    split = [p.number for p in doc.paragraphs if len(p.segments) > 1]
    assert split == GOLD["continued_across_page"]
    for n, start in GOLD["paragraph_starts"].items():
        assert doc.paragraphs[int(n) - 1].text.startswith(start)
    for n, end in GOLD["paragraph_ends"].items():
        assert doc.paragraphs[int(n) - 1].text.endswith(end)
    # no footnote text or hyperlink line leaks into the body
    for p in doc.paragraphs:
        assert "http" not in p.text and "undocs.org" not in p.text, p.eid
        assert "____" not in p.text


def test_document_refs_and_urls(doc):
    parts = _parts(doc)
    for eid, symbols in GOLD["document_refs"].items():
        assert [r.symbol for r in parts[eid].document_refs] == symbols, eid
    for eid, found in GOLD["urls"].items():
        assert [u.url for u in parts[eid].urls] == found, eid


def test_repairs(doc):
    parts = _parts(doc)
    for eid, phrases in GOLD["repaired_words"].items():
        for phrase in phrases:
            assert phrase in parts[eid].text, (eid, phrase)
    for eid, phrases in GOLD["kept_word_pairs"].items():
        for phrase in phrases:
            assert phrase in parts[eid].text, (eid, phrase)
    kinds = {r.kind for r in doc.repairs}
    assert {"split-word", "spaced-hyphen", "page-break"} <= kinds
    for r in doc.repairs:
        assert r.before != r.after


def _check_clean(clean: CleanText, source: str, span) -> None:
    assert len(clean.text) == len(clean.source_index)
    assert list(clean.source_index) == sorted(set(clean.source_index))
    for ch, i in zip(clean.text, clean.source_index, strict=False):
        assert span.begin <= i < span.end
        assert source[i] == ch or (ch.isspace() and source[i].isspace())


def test_offsets(doc, source):
    assert doc.source_length == len(source)
    for s in doc.sections:
        assert source[s.span.begin : s.span.end].startswith(f"{s.numeral}.")
        assert " ".join(source[s.span.begin : s.span.end].split()).endswith(s.title)
        for sub in s.subsections:
            assert source[sub.span.begin : sub.span.end] == f"{sub.letter}. {sub.title}"
    for p in (*doc.summary, *doc.paragraphs):
        raw = source[p.span.begin : p.span.end]
        if p.number is not None:
            assert raw.startswith(f"{p.number}.")
        assert raw.endswith(source[p.segments[-1].begin : p.segments[-1].end])
        assert p.segments[0].begin == p.span.begin and p.segments[-1].end == p.span.end
        _check_clean(p.content, source, p.span)
        for pt in p.points:
            assert source[pt.span.begin : pt.span.end].startswith(f"({pt.label})")
            _check_clean(pt.content, source, pt.span)
        for r in p.document_refs:
            assert " ".join(source[r.span.begin : r.span.end].split()) == r.text
        for u in p.urls:
            assert source[u.span.begin : u.span.end] == u.url
    for f in doc.footnotes:
        assert source[f.span.begin : f.span.end].startswith(f"{f.number} ")
        _check_clean(f.content, source, f.span)
    for r in doc.repairs:
        assert source[r.span.begin : r.span.end] == r.before


def test_every_split_word_and_spaced_hyphen_repaired(doc):
    joined = [[r.before.rstrip(".,;:"), r.after.rstrip(".,;:")] for r in doc.repairs if r.kind == "split-word"]
    assert joined == GOLD["split_words"]
    hyphens = [r.after.strip("(),.;") for r in doc.repairs if r.kind == "spaced-hyphen"]
    assert hyphens == GOLD["spaced_hyphens"]
