"""The structure parser on UN-style texts with other layouts than the seed (expected values
checked by hand against each fixture file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migkg.extract.structure import parse_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _source(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def resolution():
    return parse_file(FIXTURES / "A-RES-73-195-crlf.txt")


@pytest.fixture(scope="module")
def report():
    return parse_file(FIXTURES / "A-74-999-report.txt")


def _check_offsets(doc, source):
    for p in (*doc.summary, *doc.preamble, *doc.paragraphs):
        raw = source[p.span.begin : p.span.end]
        if p.number is not None:
            assert raw.startswith(f"{p.number}.")
        for ch, i in zip(p.content.text, p.content.source_index, strict=False):
            assert source[i] == ch or (ch == " " and source[i].isspace())
        for pt in p.points:
            assert source[pt.span.begin : pt.span.end].startswith(f"({pt.label})")
    for f in doc.footnotes:
        assert source[f.span.begin : f.span.end].startswith(f.label)
        for r in f.refs:
            assert source[r.span.begin : r.span.end] == str(f.number)
    for r in doc.repairs:
        assert source[r.span.begin : r.span.end] == r.before


class TestResolution:
    """CRLF, no blank lines, 95-character lines, masthead, preamble, operative paragraphs
    from 17, "Objective N:" headings, a 10-character rule, running headers with the symbol,
    job and page numbers, a paragraph continued across a footnote block and a page."""

    @pytest.fixture
    def doc(self, resolution):
        return resolution

    def test_identity_from_masthead_and_running_headers(self, doc):
        assert doc.doc_id == "A-RES-73-195"
        assert doc.metadata.symbol == "A/RES/73/195"
        assert doc.warnings == ()

    def test_preamble(self, doc):
        starts = [p.text.split()[0] for p in doc.preamble]
        assert starts == ["The", "Recalling", "Reaffirming", "Taking"]
        assert doc.preamble[0].text == "The General Assembly,"
        assert [p.eid for p in doc.preamble] == [f"preamble__block_{i}" for i in range(1, 5)]
        assert doc.summary == ()

    def test_objective_headings_are_unnumbered_sections(self, doc):
        starts = [
            "Objective 1: Collect and utilize",
            "Objective 2: Minimize the adverse",
            "Objective 3: Provide accurate",
        ]
        assert [(s.eid, s.numeral) for s in doc.sections] == [(f"hcontainer_{k}", None) for k in (1, 2, 3)]
        assert all(s.title.startswith(start) for s, start in zip(doc.sections, starts, strict=True))
        assert doc.sections[0].title.endswith("as a basis for evidence-based policies")

    def test_operative_paragraphs_from_17(self, doc):
        assert [p.number for p in doc.paragraphs] == [17, 18, 19, 20, 21, 22]
        assert [p.section for p in doc.paragraphs] == ["hcontainer_1"] * 2 + ["hcontainer_2"] * 2 + ["hcontainer_3"] * 2
        assert doc.paragraphs[0].text.startswith("We commit to strengthen the global evidence base")
        assert doc.paragraphs[2].text.startswith("We commit to create conducive")
        assert doc.paragraphs[-1].text.endswith("certainty for all actors involved.")

    def test_headings_headers_and_trailer_are_not_text(self, doc):
        for p in (*doc.preamble, *doc.paragraphs):
            for noise in ("Objective", "18-22452", "2/4", "A/RES/73/195", "plenary meeting", "Distr."):
                assert noise not in p.text, (p.eid, noise)
        assert sum(r.kind == "running-header" for r in doc.repairs) == 7

    def test_paragraph_across_footnotes_and_page_break(self, doc):
        p20 = doc.paragraph("para_20")
        assert len(p20.segments) == 2
        assert "in line with the needs of labour markets, as well as in cooperation" in p20.text
        assert p20.text.endswith("avoiding brain drain and optimizing brain gain.")

    def test_points(self, doc):
        p17, p18, p20, p21 = (doc.paragraph(f"para_{n}") for n in (17, 18, 20, 21))
        assert [(pt.label, pt.inline) for pt in p17.points] == [("a", False), ("b", False), ("c", False)]
        assert p17.points[2].text == (
            "Develop and use country-specific migration profiles, including through the collection "
            "of data on migrant workers in 2017 and 2018."
        )
        assert [(pt.label, pt.inline) for pt in p20.points] == [("a", True), ("b", True), ("c", True)]
        assert p20.points[0].text == "promote the implementation of the 2030 Agenda for Sustainable Development;"
        # "paragraph 17 (b) above", "paragraphs 20 (a)–(c)": cross-references
        assert p18.points == () and p21.points == ()

    def test_footnotes(self, doc):
        assert {f.number: f.cited_by for f in doc.footnotes if f.number is not None} == {
            1: ("preamble__block_3",),
            2: ("para_17",),
            3: ("para_18",),
            4: ("para_19", "para_20"),
        }
        assert doc.footnotes[1].text.endswith("and General Assembly resolution 71/237.")
        assert [u.url for u in doc.footnotes[2].urls] == [
            "https://www.un.org/en/development/desa/population/migration/data/index.asp"
        ]

    def test_document_refs(self, doc):
        assert [r.symbol for r in doc.footnotes[3].document_refs] == [
            "S/RES/2240 (2015)",
            "A/HRC/36/42",
            "A/73/178/Rev.1",
        ]
        assert [r.symbol for r in doc.preamble[3].document_refs] == ["A/72/643", "A/HRC/RES/35/17"]
        assert [r.symbol for r in doc.paragraph("para_21").document_refs] == ["A/RES/71/1", "A/RES/72/179"]

    def test_offsets_with_crlf(self, doc):
        source = _source("A-RES-73-195-crlf.txt")
        assert "\r\n" in source and doc.source_length == len(source)
        _check_offsets(doc, source)
        assert all("\r" not in p.text for p in doc.paragraphs)


class TestReport:
    """Masthead with the symbol and an asterisk note, "Summary", blank lines between
    paragraphs, indented first lines, a 30-character rule, a form feed at page breaks,
    footnotes cited from several paragraphs, a URL line inside a footnote, line-end
    hyphenation, inline and separate-line points, a cross-reference to points."""

    @pytest.fixture
    def doc(self, report):
        return report

    def test_identity_and_summary(self, doc):
        assert doc.doc_id == "A-74-999" and doc.metadata.symbol == "A/74/999"
        assert len(doc.summary) == 2
        assert "the implementation of the commitments made by Member States." in doc.summary[0].text
        assert [r.symbol for r in doc.summary[0].document_refs] == ["A/RES/71/237", "A/RES/73/241"]
        assert doc.preamble == ()

    def test_sections(self, doc):
        assert [(s.numeral, s.title) for s in doc.sections] == [
            ("I", "Introduction"),
            ("II", "Trends in international migration"),
            ("III", "Conclusions and recommendations"),
        ]
        assert [(sub.eid, sub.title) for sub in doc.sections[1].subsections] == [
            ("sec_II__subsec_A", "Numbers and trends"),
            ("sec_II__subsec_B", "Remittances"),
        ]
        placement = {p.number: (p.section, p.subsection) for p in doc.paragraphs}
        assert placement == {
            1: ("sec_I", None),
            2: ("sec_I", None),
            3: ("sec_I", None),
            4: ("sec_II", "sec_II__subsec_A"),
            5: ("sec_II", "sec_II__subsec_A"),
            6: ("sec_II", "sec_II__subsec_B"),
            7: ("sec_II", "sec_II__subsec_B"),
            8: ("sec_III", None),
            9: ("sec_III", None),
        }

    def test_footnotes_cited_by_several_paragraphs(self, doc):
        assert {f.number: f.cited_by for f in doc.footnotes if f.number is not None} == {
            1: ("para_1", "para_7"),
            2: ("para_2", "para_8"),
            3: ("para_5",),
            4: ("para_5",),
            5: ("para_6",),
        }
        assert doc.footnotes[3].text.startswith("Ibid., p. 7. The data for 2019")
        assert [u.url for u in doc.footnotes[4].urls] == [
            "https://www.knomad.org/publication/migration-and-development-brief-31"
        ]
        # the "*" under the rule is the agenda item's note: a starred note of the masthead
        (star,) = (f for f in doc.footnotes if f.marker == "*")
        assert star.text == "A/74/150." and star.on_title
        assert all("A/74/150" not in f.text for f in doc.footnotes if f is not star)

    def test_paragraph_continued_after_footnotes(self, doc):
        p5 = doc.paragraph("para_5")
        assert len(p5.segments) == 2
        assert "moved between countries of the same region" in p5.text
        assert "below the age of 20. Many of them" in p5.text
        assert p5.text.endswith("new initiatives to include them in urban planning.")

    def test_points(self, doc):
        p4, p8, p9 = (doc.paragraph(f"para_{n}") for n in (4, 8, 9))
        assert [(pt.label, pt.inline) for pt in p4.points] == [(c, False) for c in "abcd"]
        assert p4.points[3].text == "Stronger protection of the rights of migrants in vulnerable situations."
        assert [(pt.label, pt.inline) for pt in p9.points] == [(c, True) for c in "abc"]
        assert p9.points[2].text == "end the detention of migrant children."
        assert p8.points == ()

    def test_repairs(self, doc):
        assert "Governments face a set of practical choices" in doc.paragraph("para_1").text
        assert "long-term success" in doc.paragraph("para_2").text
        assert "Secretary-General's own consultations" in doc.paragraph("para_3").text
        assert "In deed, most migrants" in doc.paragraph("para_7").text
        kinds = sorted(r.kind for r in doc.repairs if r.kind != "page-break")
        assert kinds == ["line-hyphen"] * 3 + ["running-header"] + ["spaced-hyphen"] + ["split-word"] * 2

    def test_offsets(self, doc):
        _check_offsets(doc, _source("A-74-999-report.txt"))


def test_text_without_numbered_paragraphs_gives_blocks_and_a_warning():
    doc = parse_file(FIXTURES / "unnumbered-note.txt")
    assert [p.eid for p in doc.paragraphs] == ["block_1", "block_2", "block_3"]
    assert all(p.number is None and p.section is None for p in doc.paragraphs)
    assert doc.paragraphs[1].text.endswith("well-managed migration policies (see resolution 70/1).")
    assert [r.symbol for r in doc.paragraphs[1].document_refs] == ["A/RES/70/1"]
    assert any("no numbered paragraphs" in w for w in doc.warnings)
    assert doc.doc_id == "unnumbered-note" and doc.metadata.symbol is None
    _check_offsets(doc, _source("unnumbered-note.txt"))
