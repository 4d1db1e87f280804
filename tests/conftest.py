"""Shared fixtures: the seed report parsed and built once per session, and a tiny
hand-made document whose offsets are computed from its own source text."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import settings

from migkg.extract.model import (
    CleanText,
    Document,
    DocumentRef,
    Footnote,
    FootnoteRef,
    Metadata,
    Paragraph,
    Point,
    Section,
    Span,
    Subsection,
    UrlRef,
)
from migkg.graph.build import build_graph
from migkg.graph.iris import IRIs

ROOT = Path(__file__).resolve().parent.parent

# Property-based tests: a CI-sized search with every run; HYPOTHESIS_PROFILE=long searches longer.
settings.register_profile("ci", max_examples=60)
settings.register_profile("long", max_examples=10_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
SEED = ROOT / "seeds" / "A-72-643.txt"

TINY_SOURCE = """\
A/99/1
  Summary
 This report is a test of the structure graph.
  I. Introduction
 A. Background
1. Migration is growing.1
2. States should cooperate (see A/RES/71/1): (a) first; and (b) second.
  II. Recommendations
3. I urge Member States to act.1 2
__________________
1 See https://example.org/report.
2 A second note.
"""


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built once by the CLI (extraction included) into a temporary out/."""
    out = tmp_path_factory.mktemp("out")
    from click.testing import CliRunner

    from migkg.cli import main

    result = CliRunner().invoke(main, ["build", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def seed_out(seed_build) -> Path:
    return seed_build[0]


@pytest.fixture(scope="session")
def seed_document():
    """The seed report A/72/643 parsed by the structure parser (once per session)."""
    from migkg.extract.structure import parse_file

    return parse_file(SEED)


@pytest.fixture(scope="session")
def seed_facts(seed_document):
    """The seed's facts from the installed trained pipeline (extracted once per session)."""
    from migkg.extract.extraction import extract_facts

    return extract_facts(seed_document)


@pytest.fixture(scope="session")
def seed_graph(seed_document):
    """The structure graph of the seed report under the default base IRI. Do not mutate
    it: copy it first (``copy_graph``) when a test needs to change triples."""
    return build_graph(seed_document, IRIs())


def _span(text: str, start: int = 0) -> Span:
    begin = TINY_SOURCE.index(text, start)
    return Span(begin, begin + len(text))


def _clean(text: str, start: int = 0) -> CleanText:
    span = _span(text, start)
    return CleanText(text, tuple(range(span.begin, span.end)))


def make_tiny_document() -> Document:
    """Two sections, one subsection, three paragraphs (one with two inline points), a
    summary block, two footnotes (one cited twice), a document symbol and a URL."""
    s = TINY_SOURCE
    p1 = "1. Migration is growing.1"
    p2 = "2. States should cooperate (see A/RES/71/1): (a) first; and (b) second."
    p3 = "3. I urge Member States to act.1 2"
    fn1 = "1 See https://example.org/report."
    fn2 = "2 A second note."
    p1_marker = Span(_span(p1).end - 1, _span(p1).end)
    p3_begin = _span(p3).begin
    p3_marker1 = Span(p3_begin + len(p3) - 3, p3_begin + len(p3) - 2)
    p3_marker2 = Span(p3_begin + len(p3) - 1, p3_begin + len(p3))
    sec1 = Section(
        "sec_I",
        "I",
        1,
        "Introduction",
        _span("I. Introduction"),
        (Subsection("sec_I__subsec_A", "A", "Background", _span("A. Background"), "sec_I"),),
    )
    sec2 = Section("sec_II", "II", 2, "Recommendations", _span("II. Recommendations"))
    point_a = Point("a", "para_2__point_a", _span("(a) first;"), _clean("first;"), inline=True)
    point_b = Point("b", "para_2__point_b", _span("(b) second."), _clean("second."), inline=True)
    paragraphs = (
        Paragraph(
            "para_1",
            1,
            _span(p1),
            (_span(p1),),
            _clean("Migration is growing."),
            "sec_I",
            "sec_I__subsec_A",
            footnote_refs=(FootnoteRef(1, p1_marker),),
            numeral="1",
        ),
        Paragraph(
            "para_2",
            2,
            _span(p2),
            (_span(p2),),
            _clean(p2[3:]),
            "sec_I",
            "sec_I__subsec_A",
            points=(point_a, point_b),
            document_refs=(DocumentRef("A/RES/71/1", _span("A/RES/71/1"), "A/RES/71/1"),),
            numeral="2",
        ),
        Paragraph(
            "para_3",
            3,
            _span(p3),
            (_span(p3),),
            _clean("I urge Member States to act."),
            "sec_II",
            None,
            footnote_refs=(FootnoteRef(1, p3_marker1), FootnoteRef(2, p3_marker2)),
            numeral="3",
        ),
    )
    summary = (
        Paragraph(
            "summary__block_1",
            None,
            _span("This report is a test of the structure graph."),
            (),
            _clean("This report is a test of the structure graph."),
            None,
            None,
        ),
    )
    footnotes = (
        Footnote(
            "fn_1",
            1,
            _span(fn1),
            (_span(fn1),),
            _clean(fn1[2:]),
            ("para_1", "para_3"),
            (FootnoteRef(1, p1_marker), FootnoteRef(1, p3_marker1)),
            urls=(UrlRef("https://example.org/report", _span("https://example.org/report")),),
        ),
        Footnote("fn_2", 2, _span(fn2), (_span(fn2),), _clean(fn2[2:]), ("para_3",), (FootnoteRef(2, p3_marker2),)),
    )
    return Document(
        metadata=Metadata(
            doc_id="A-99-1",
            symbol="A/99/1",
            title="A tiny test report",
            date="2020-01-31",
            pages=1,
            author="Nobody",
            url="https://undocs.org/A/99/1",
        ),
        source_path="tests/tiny/A-99-1.txt",
        source_sha256=hashlib.sha256(s.encode("utf-8")).hexdigest(),
        source_length=len(s),
        summary=summary,
        sections=(sec1, sec2),
        paragraphs=paragraphs,
        footnotes=footnotes,
    )


@pytest.fixture
def tiny_document() -> Document:
    return make_tiny_document()


@pytest.fixture
def tiny_graph(tiny_document):
    return build_graph(tiny_document, IRIs())
