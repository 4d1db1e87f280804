"""Unit tests of the structure parser's parts: lines and layout, numbering, footnote blocks,
inline footnote markers and points (the whole parser is tested in test_structure.py)."""

from __future__ import annotations

import pytest

from migkg.extract.footnotes import FootnoteBlocks
from migkg.extract.inline import FootnoteMarkers, points
from migkg.extract.lines import Layout, mark_layout_lines, split_lines
from migkg.extract.numbering import Numbering, int_to_roman, roman_to_int
from migkg.extract.repair import MappedText, normalise_whitespace

# --- lines and layout ------------------------------------------------------------------------


def test_split_lines_keeps_offsets_of_every_line_end():
    source = "a\r\nb\rc\n\fd"
    lines = split_lines(source)
    assert [(ln.begin, ln.end, ln.stop, ln.stripped) for ln in lines] == [
        (0, 1, 3, "a"),
        (3, 4, 5, "b"),
        (5, 6, 7, "c"),
        (7, 9, 9, "d"),
    ]
    assert [ln.page_break for ln in lines] == [False, False, False, True]


def test_layout_lines_are_marked():
    text = [
        "A/72/643",
        "____",
        "http://www.iom.int",
        "3/20",
        "17-22250 (E)  130218",
        "I. Introduction . . . . . . 1-3   3",
        "Making migration work for all",
        "Making migration work for all",
        "Making migration work for all",
        "1. The text of the report.",
    ]
    lines = split_lines("\n".join(text))
    mark_layout_lines(lines, "A/72/643")
    kinds = [ln.kind for ln in lines]
    assert kinds == ["header", "rule", "link", "header", "header", "toc", "header", "header", "header", "text"]


def test_layout_measures_width_indent_and_double_spacing():
    lines = split_lines("".join("   " + "x" * n + "\n\n" for n in range(70, 80)))
    layout = Layout.measure(lines)
    assert (layout.width, layout.indent, layout.double_spaced) == (3 + 78, 3, True)  # the 90th percentile
    assert Layout.measure(split_lines("Short.\nLines.\n")) == Layout(60, 0, False)  # at least MIN_WIDTH
    assert layout.heading_like("Background") and not layout.heading_like("It goes on.")


# --- numbering ------------------------------------------------------------------------------


def test_roman_numerals_round_trip_and_only_canonical_ones_count():
    assert all(roman_to_int(int_to_roman(n)) == n for n in range(1, 400))
    assert roman_to_int("IIII") is None and roman_to_int("IC") is None and roman_to_int("") is None


def test_sections_and_subsections_come_in_sequence():
    n = Numbering()
    assert n.subsection_at("A. Background", complete=True) is None  # no section yet
    assert n.section_at("II. Scope", complete=True) == ("II", 2, "Scope")  # the first may be any
    n.enter_section("II", 2)
    assert n.section_at("IV. Later", complete=True) is None
    assert n.section_at("III. Next", complete=False) is None  # the sentence before goes on
    assert n.subsection_at("A. Background", complete=True) == "A"
    n.enter_subsection("A")
    assert (n.section_eid, n.subsection_eid) == ("sec_II", "sec_II__subsec_A")
    assert n.subsection_at("C. Skipped", complete=True) is None


@pytest.mark.parametrize(
    "last, line, complete, number",
    [
        (None, "1. Text", False, 1),
        (None, "17. Text", False, None),  # a later first number after an unfinished sentence
        (3, "4. Text", False, 4),
        (3, "6. Text", True, 6),  # a small gap after a finished sentence
        (3, "6. Text", False, None),
        (3, "9. Text", True, None),  # too far
        (3, "04. Text", True, None),  # a leading zero
        (3, "2017. Text", True, None),
    ],
)
def test_paragraph_numbers_come_in_sequence(last, line, complete, number):
    assert Numbering(last_para=last).para_at(line, complete, in_body=True) == number


def test_an_annex_numbers_anew():
    n = Numbering(last_para=12)
    n.enter_section("III", 3)
    n.enter_annex("II")
    assert (n.last_para, n.section_ordinal, n.section_eid, n.eid_prefix) == (None, 0, None, "annex_II__")
    n.enter_section("I", 1)
    assert n.section_eid == "annex_II__sec_I"


# --- footnote blocks ---------------------------------------------------------------------------


class _Body:
    def __init__(self, structural=(), width=80):
        self._structural = set(structural)
        self._width = width

    def structural(self, s):
        return s in self._structural

    def body_width(self):
        return self._width


def _read_notes(text, body):
    lines = split_lines(text)
    mark_layout_lines(lines, None)
    notes = FootnoteBlocks(lines)
    taken = []
    for i, ln in enumerate(lines):
        if ln.kind == "rule":
            notes.rule(i)
        elif ln.kind == "text":
            taken.append(notes.take(i, body))
    return notes, taken


def test_a_footnote_block_reads_notes_in_sequence_until_the_body_resumes():
    notes, taken = _read_notes(
        "____\n1 See the report of the\nSecretary-General.\n2 Ibid.\nand the body goes on here.\n",
        _Body(),
    )
    assert [(e.number, e.lines) for e in notes.entries] == [(1, [1, 2]), (2, [3])]
    assert taken == [True, True, True, False]
    assert not notes.open


def test_a_rule_without_the_next_note_under_it_opens_no_block():
    notes, taken = _read_notes("____\n7 Not the first note.\n", _Body())
    assert notes.entries == [] and taken == [False]


def test_the_next_paragraph_ends_a_footnote_block():
    notes, taken = _read_notes(
        "____\n1 A note that goes on\n5. The next paragraph.\n", _Body({"5. The next paragraph."})
    )
    assert taken == [True, False]


# --- footnote markers and points ------------------------------------------------------------------


def _mapped(text):
    return normalise_whitespace(MappedText.from_ranges(text, [(0, len(text))]))


@pytest.mark.parametrize(
    "text, clean, numbers",
    [
        ("Member States.4 They agreed", "Member States. They agreed", [4]),
        ("the population,4 growing", "the population, growing", [4]),
        ("some 22,432 people", "some 22,432 people", []),
        ("see para. 4 above", "see para. 4 above", []),
        ("as agreed.4 5 It goes on", "as agreed. It goes on", [4, 5]),
    ],
)
def test_footnote_markers(text, clean, numbers):
    mt, refs = FootnoteMarkers(frozenset({4, 5})).take(_mapped(text))
    assert mt.text == clean
    assert [r.number for r in refs] == numbers
    assert all(text[r.span.begin : r.span.end] == str(r.number) for r in refs)


def test_inline_points_and_cross_references():
    text = "States should: (a) cooperate; (b) share data; and (c) report, as in paras. 4 (d) above."
    content = _mapped(text).clean()
    found = points("para_1", content, text)
    assert [(p.label, p.text, p.inline) for p in found] == [
        ("a", "cooperate;", True),
        ("b", "share data;", True),
        ("c", "report, as in paras. 4 (d) above.", True),
    ]
