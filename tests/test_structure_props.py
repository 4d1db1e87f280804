"""Property tests: the parser never crashes on arbitrary text, and every offset it returns
is in range and points at the characters it claims."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migkg.extract.structure import parse_text

# Pieces of UN-document layout, so that random texts often hit the parser's rules.
PIECES = [
    "1. ",
    "2. ",
    "17. ",
    "  I. Introduction",
    " A. Background",
    "II. Next",
    "  Summary",
    "__________________",
    "____",
    " 1  See the report",
    "2 A note.",
    "* A/73/150.",
    "https://undocs.org/A/RES/71/1",
    "A/RES/73/195",
    "3/20",
    "18-22452",
    "\f",
    "(a) ",
    "(b) ",
    "; and (c) ",
    "(see paras. 4 (a)–(d))",
    "resolution 71/1",
    "resolutions 71/1 and 71/280",
    "countries.6 ",
    "States. 4 ",
    "population,8 ",
    "in 2017.",
    "10.7",
    "lis ten",
    "t he",
    "a set",
    "well -managed",
    "Secretary -\n\nGeneral",
    "coun-\ntries",
    "http://www.iom.int/ \nkey-terms",
    "Objective 1: Collect data",
    "The General Assembly,",
    "Recalling",
    "migration",
    "Member States",
    ".",
    ",",
    ":",
    ";",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\ufeff",
    "é",
    "—",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map("".join),
)


def _spans(doc):
    for s in doc.sections:
        yield s.span
        for sub in s.subsections:
            yield sub.span
    for p in (*doc.summary, *doc.preamble, *doc.paragraphs):
        yield p.span
        yield from p.segments
        for pt in p.points:
            yield pt.span
        for r in (*p.footnote_refs, *p.document_refs, *p.urls):
            yield r.span
    for f in doc.footnotes:
        yield f.span
        yield from f.segments
        for r in (*f.document_refs, *f.urls):
            yield r.span
    for r in doc.repairs:
        yield r.span


def _clean_texts(doc):
    for p in (*doc.summary, *doc.preamble, *doc.paragraphs):
        yield p.span, p.content
        for pt in p.points:
            yield pt.span, pt.content
    for f in doc.footnotes:
        yield f.span, f.content


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_parses_with_consistent_offsets(source):
    doc = parse_text(source)
    assert doc.source_length == len(source)
    for span in _spans(doc):
        assert 0 <= span.begin <= span.end <= len(source)
    for span, clean in _clean_texts(doc):
        index = clean.source_index
        assert len(index) == len(clean.text)
        assert all(a < b for a, b in zip(index, index[1:], strict=False))
        for ch, i in zip(clean.text, index, strict=False):
            assert span.begin <= i < span.end
            assert source[i] == ch or (ch == " " and source[i].isspace())
        assert clean.text == clean.text.strip()
        assert "  " not in clean.text
    for r in doc.repairs:
        assert source[r.span.begin : r.span.end] == r.before
    for p in doc.paragraphs:
        for ref in p.footnote_refs:
            assert source[ref.span.begin : ref.span.end] == str(ref.number)
    eids = [p.eid for p in (*doc.summary, *doc.preamble, *doc.paragraphs)]
    assert len(eids) == len(set(eids))
