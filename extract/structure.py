"""Structure parser: the plain text of a UN document -> :class:`~migkg.extract.model.Document`.

The text is a PDF-to-text extraction. The parser reads it line by line, once:

1. Lines that are not text of the document are set aside: blank lines, hyperlink lines
   (bare URLs: PDF link annotations), running headers (the document symbol, page and job
   numbers, lines repeated on many pages), table-of-contents lines and footnote blocks
   (a rule line "____" and the "N  text" entries under it).
2. The remaining lines are read as structure: "Summary", section headings ("III. Title",
   numerals in sequence), subsection headings ("A. Title", letters in sequence),
   numbered paragraphs ("20. Text", numbers in sequence), other headings ("Objective 1:
   ..." right before a numbered paragraph), "Annex" (its paragraphs are numbered anew),
   and unnumbered blocks (summary, preamble, or all text when nothing is numbered).
3. Each paragraph's raw pieces are repaired (:mod:`migkg.extract.repair`), footnote
   markers are taken out and matched to the footnotes actually defined, and points,
   document references and URLs are found in the repaired text.

Sequence is the main evidence throughout: the next paragraph number, section numeral,
subsection letter and footnote number are known, so "2017." or "15 November" at the start
of a line is not mistaken for a paragraph or a footnote.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from migkg.extract.errors import InputError
from migkg.extract.model import (
    CleanText,
    Document,
    Footnote,
    FootnoteRef,
    Metadata,
    Paragraph,
    Point,
    Repair,
    Section,
    Span,
    Subsection,
)
from migkg.extract.refs import document_refs, find_symbols, is_symbol, symbol_slug, urls
from migkg.extract.repair import (
    MappedText,
    normalise_whitespace,
    repair_layout,
    repair_split_words,
)

# --- layout thresholds ---------------------------------------------------------------------
# Text lines followed by a blank line, above this share, mean the blank lines are layout
# (the seed has one after every line) and say nothing about paragraph breaks.
DOUBLE_SPACED_SHARE = 0.5
# A line shorter than this share of the usual line width ends its paragraph (when it also
# ends a sentence): justified text only leaves short lines at paragraph ends.
SHORT_LINE_SHARE = 0.8
# A line repeated this often, short and not ending a sentence, is a running header/footer.
RUNNING_HEADER_MIN_REPEATS = 3
RUNNING_HEADER_MAX_LEN = 100
# A line indented this much more than usual after a finished paragraph is centred or
# right-aligned: a meeting line or signature under a resolution, not paragraph text.
TRAILER_INDENT = 20
# Leading lines that never end a sentence and hold at most this many characters are a
# masthead or title, not text.
MASTHEAD_MAX_CHARS = 300
# Usual line width assumed at least (UN documents have 80-100 characters a line), so that
# a few short lines in a small text do not all look like paragraph ends.
MIN_WIDTH = 60
# An unnumbered block of one short line with at most this many words and no final
# punctuation is a heading ("Background"), not a paragraph.
HEADING_MAX_WORDS = 12
# The masthead (symbol, "Distr.: General", date, session) sits in the first lines.
MASTHEAD_LINES = 15
# Body lines (the latest ones) from which the usual body width is estimated.
BODY_WIDTH_SAMPLE = 400
# Lines longer than this (90th percentile) are not wrapped: one paragraph per line.
UNWRAPPED_WIDTH = 200
# How far ahead (in lines) to look for the next footnote entry or heading follow-up.
LOOKAHEAD_LINES = 60
# A numbered paragraph may skip at most this many numbers (a lost line), with a warning.
MAX_PARAGRAPH_GAP = 4
# Share of control characters (other than tab, line ends, form feed) that makes a file binary.
MAX_CONTROL_SHARE = 0.01

_LINE_END = re.compile(r"\r\n|\r|\n")
# the line above the footnotes: underscores, or a long run of dashes
_RULE = re.compile(r"_{4,}|[—–]{4,}|-{10,}")
_LINK = re.compile(r"(?:https?://|www\.)\S+")
# a contents line: a title, dot leaders or a wide gap, (a paragraph range and) a page
# number: "I. Introduction . . . . . 1-3   3"
_TOC = re.compile(r".*\S(?:\s*\.){4,}[\s\d\-–]*\d|.*\S(?:\s*…)+[\s\d\-–]*\d|.*[^\W\d]\s{4,}\d{1,3}(?:[\-–]\d{1,3})?(?:\s+\d{1,3})?")
TOC_MAX_LEN = 300
_PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?")
# job numbers ("17-22250 (E) 130218", "V.03-80680 (E)") and their barcode ("*1722250*")
_JOB_NUMBER = re.compile(r"(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\S+){0,3}|\*\d{5,9}\*")
# tokens that only occur in page headers and footers: page, job and barcode numbers
_PAGE_FURNITURE = re.compile(r"\d{1,4}/\d{1,4}|(?:[A-Z]\.)?\d{2}-\d{5}|\([A-Z]\)|\*\d{5,9}\*|\d{6}")
_SECTION = re.compile(r"([IVXLC]{1,7})\.\s+(\S.*)")
_SUBSECTION = re.compile(r"([A-Z])\.\s+(\S.*)")
# a paragraph number: no leading zero ("02." is not one); up to 9999 for long resolutions and reports
_PARA = re.compile(r"([1-9]\d{0,3})\.(?=\s|$)\s*")
_FN_ENTRY = re.compile(r"(\d{1,3}|\*{1,3})(?:\s+|$)")
_POINT_LINE = re.compile(r"\(([a-z]{1,2}|[ivxlc]{1,6})\)\s")
_SUMMARY = re.compile(r"Summary")
_ANNEX = re.compile(r"Annex(?:\s+([IVXLC]{1,6}|\d{1,2}))?")
_TITLE_START = re.compile(r"[A-Z“\"‘'(\d]")
# ends a sentence, maybe closed by quotes or brackets, maybe followed by footnote markers
_COMPLETE = re.compile(r"[.!?:;][”’\"')\]]*(?:\s*\d{1,3}(?:\s+\d{1,3})*)?\s*$")
_COMPLETE_BLOCK = re.compile(r"[.!?:;,][”’\"')\]]*(?:\s*\d{1,3}(?:\s+\d{1,3})*)?\s*$")
_LOWER_START = re.compile(r"[a-z,;)\]]")
_GAP = re.compile(r"\s{2,}")
# abbreviations after which a number is a reference, not a footnote marker or a sentence end
_REF_ABBREVIATIONS = frozenset(
    "para paras p pp no nos vol vols chap chaps art arts sect sects rev add corr fig figs ann annex item items".split()
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(numeral: str) -> int | None:
    """Value of a canonical roman numeral ("XIV" -> 14), None if not canonical."""
    total = 0
    prev = 0
    for ch in reversed(numeral):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if total and int_to_roman(total) == numeral else None


def int_to_roman(n: int) -> str:
    out = []
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


# --- lines ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    begin: int  # first character
    end: int  # end of the content, before the line end
    stop: int  # after the line end
    text: str
    stripped: str
    indent: int  # offset of the first non-space character from begin
    kind: str = "text"  # text | blank | rule | link | header | toc
    page_break: bool = False


def _split_lines(source: str) -> list[_Line]:
    lines = []
    pos = 0
    n = len(source)
    while pos < n:
        m = _LINE_END.search(source, pos)
        end, stop = (m.start(), m.end()) if m else (n, n)
        text = source[pos:end]
        # a byte-order mark or form feed is layout, not text
        lead = len(text) - len(text.lstrip(" \t\f\v\ufeff\u00a0\u2000\u2001\u2002\u2003\u2009\u200b"))
        stripped = text[lead:].rstrip()
        line = _Line(pos, end, stop, text, stripped, lead, page_break="\f" in text)
        if not stripped:
            line.kind = "blank"
        lines.append(line)
        pos = stop
    return lines


def _is_heading_like(stripped: str) -> bool:
    return bool(_SECTION.fullmatch(stripped) or _SUBSECTION.fullmatch(stripped) or _PARA.match(stripped))


def _document_symbol(lines: list[_Line]) -> str | None:
    """The document's own symbol: a line holding only a symbol (running header), else the
    symbol of the masthead: on or next to the "Distr.: General" line, or ending one of the
    first lines ("United Nations  A/72/643")."""
    alone = Counter(ln.stripped for ln in lines if ln.kind == "text" and is_symbol(ln.stripped))
    if alone:
        return alone.most_common(1)[0][0]
    top = [ln for ln in lines if ln.kind == "text"][:MASTHEAD_LINES]
    for k, ln in enumerate(top):
        if "Distr." in ln.stripped:
            for near in (top[k], *top[max(0, k - 2) : k][::-1], *top[k + 1 : k + 3]):
                found = find_symbols(near.stripped)
                if found:
                    return found[0].group()
    for ln in top:
        found = find_symbols(ln.stripped)
        if found and found[-1].end() == len(ln.stripped):
            return found[-1].group()
    return None


def _mark_layout_lines(lines: list[_Line], symbol: str | None) -> None:
    """Set the kind of rule, link, header and table-of-contents lines."""
    counts = Counter(ln.stripped for ln in lines if ln.kind == "text")
    for ln in lines:
        if ln.kind != "text":
            continue
        s = ln.stripped
        if _RULE.fullmatch(s):
            ln.kind = "rule"
        elif _LINK.fullmatch(s):
            ln.kind = "link"
        elif s[-1].isdigit() and len(s) <= TOC_MAX_LEN and _TOC.fullmatch(s) or s == "Page":
            ln.kind = "toc"
        elif _PAGE_NUMBER.fullmatch(s) or (_JOB_NUMBER.fullmatch(s) and len(_collapse(s)) < 40):
            ln.kind = "header"
        elif all(_PAGE_FURNITURE.fullmatch(t) or t == symbol for t in s.split()):
            ln.kind = "header"  # "3/20  17-22250", "A/72/643  17-22250 (E)  3/20"
        elif symbol and _is_symbol_header(s, symbol):
            ln.kind = "header"
        elif (
            counts[s] >= RUNNING_HEADER_MIN_REPEATS
            and len(s) <= RUNNING_HEADER_MAX_LEN
            and any(c.isalpha() for c in s)
            and not _COMPLETE_BLOCK.search(s)
            and not _is_heading_like(s)
            and not _FN_ENTRY.match(s)
            and not _POINT_LINE.match(s)
        ):
            ln.kind = "header"


def _collapse(s: str) -> str:
    """The line without the runs of spaces that right-align or centre its parts."""
    return _GAP.sub(" ", s)


def _is_symbol_header(s: str, symbol: str) -> bool:
    if s == symbol:
        return True
    if len(s) > RUNNING_HEADER_MAX_LEN or _COMPLETE_BLOCK.search(s):
        return False
    return s.startswith(symbol + " ") or s.endswith(" " + symbol)


# --- the line-by-line reader -------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    kind: str  # para | block | section | subsection | heading
    lines: list[int]
    start_col: int  # where the unit's text starts in its first line (after number or marker)
    number: int | None = None
    zone: str = "body"  # blocks: summary | front | body
    label: str = ""  # section numeral / subsection letter
    section: str | None = None
    subsection: str | None = None


@dataclass(slots=True)
class _FootnoteEntry:
    number: int | None  # None for "*" notes (masthead notes, not numbered)
    lines: list[int]
    start_col: int
    marker_col: int


@dataclass(slots=True)
class _Reader:
    lines: list[_Line]
    width: int
    indent: int
    double_spaced: bool
    units: list[_Unit] = field(default_factory=list)
    entries: list[_FootnoteEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    last_para: int | None = None
    section_ordinal: int = 0
    section_eid: str | None = None
    subsection_letter: str | None = None
    subsection_eid: str | None = None
    last_footnote: int = 0
    zone: str = "front"  # front | summary | body
    prose_started: bool = False
    eid_prefix: str = ""  # "annex__" once the text of an annex begins
    body_lengths: list[int] = field(default_factory=list)
    prev_text: str | None = None  # last body line read, None after a heading
    blank_before: bool = False
    in_footnotes: bool = False
    block_entries: int = 0  # notes read in the current footnote block
    taken_until: int = -1  # last line of the latest heading (headings may wrap)

    # -- structure tests ------------------------------------------------------------------

    def complete(self) -> bool:
        """Whether the last body line ends a sentence or a clause (or was a heading)."""
        return self.prev_text is None or bool(_COMPLETE_BLOCK.search(self.prev_text))

    def section_at(self, s: str) -> tuple[str, int, str] | None:
        m = _SECTION.fullmatch(s)
        if not m:
            return None
        ordinal = roman_to_int(m.group(1))
        if ordinal is None or not (ordinal == self.section_ordinal + 1 or self.section_ordinal == 0):
            return None
        title = m.group(2)
        if not _TITLE_START.match(title) or title.endswith((",", ";")) or not self.complete():
            return None
        return m.group(1), ordinal, title

    def subsection_at(self, s: str) -> str | None:
        if not self.section_eid:
            return None
        m = _SUBSECTION.fullmatch(s)
        if not m:
            return None
        expected = "A" if self.subsection_letter is None else chr(ord(self.subsection_letter) + 1)
        title = m.group(2)
        if m.group(1) != expected or not _TITLE_START.match(title) or title.endswith((",", ";")):
            return None
        return m.group(1) if self.complete() else None

    def para_at(self, s: str) -> int | None:
        m = _PARA.match(s)
        if not m:
            return None
        n = int(m.group(1))
        if self.last_para is None:
            # the first number: "1." anywhere, another number after a finished sentence or
            # in the front matter (a resolution's operative part may start at 17)
            return n if n >= 1 and (n == 1 or self.complete() or self.zone != "body") else None
        if n == self.last_para + 1:
            return n
        if self.last_para + 1 < n <= self.last_para + 1 + MAX_PARAGRAPH_GAP and self.complete():
            return n
        return None

    def structural(self, s: str) -> bool:
        return bool(self.section_at(s) or self.subsection_at(s) or self.para_at(s) is not None)

    def next_text(self, i: int) -> int | None:
        """Index of the next text line after ``i``, skipping layout lines; None at a rule."""
        for j in range(i + 1, min(len(self.lines), i + 1 + LOOKAHEAD_LINES)):
            kind = self.lines[j].kind
            if kind == "text":
                return j
            if kind == "rule":
                return None
        return None

    def title_continuation(self, i: int, title: str) -> int | None:
        """A heading wrapped onto a second line: the next line, lower-case, not structure."""
        if title.endswith((".", ":", ";", ",")):
            return None
        j = self.next_text(i)
        if j is None or self.lines[j].page_break:
            return None
        s = self.lines[j].stripped
        if s[0].islower() and not _COMPLETE_BLOCK.search(s) and len(s) < SHORT_LINE_SHARE * self.width:
            return j
        return None

    def other_heading_at(self, i: int) -> list[int] | None:
        """An unnumbered heading ("Objective 1: ...") of one or two lines right before the
        next numbered paragraph or a section heading."""
        s = self.lines[i].stripped
        if not self.complete() or not _TITLE_START.match(s) or _COMPLETE_BLOCK.search(s):
            return None
        if len(s) > 2 * self.width or _POINT_LINE.match(s):
            return None
        heading = [i]
        for _ in range(2):
            j = self.next_text(heading[-1])
            if j is None:
                return None
            t = self.lines[j].stripped
            if self.para_at_after_heading(t) or self.section_at(t):
                return heading
            if _COMPLETE_BLOCK.search(t) or len(heading) == 2:
                return None
            heading.append(j)
        return None

    def para_at_after_heading(self, s: str) -> bool:
        saved = self.prev_text
        self.prev_text = None
        try:
            return self.para_at(s) is not None
        finally:
            self.prev_text = saved

    # -- footnotes -----------------------------------------------------------------------------

    def entry_at(self, s: str, first: bool) -> tuple[int | None, int] | None:
        m = _FN_ENTRY.match(s)
        if not m or m.end() == len(s):
            return None
        if m.group(1).startswith("*"):
            return None, m.end()
        n = int(m.group(1))
        expected = self.last_footnote + 1
        if n == expected or (first and expected < n <= expected + 2):
            return n, m.end()
        return None

    def footnote_block_starts(self, i: int) -> bool:
        j = self.next_text(i)
        return j is not None and self.entry_at(self.lines[j].stripped, first=True) is not None

    def footnote_line(self, i: int) -> str:
        """What a text line inside a footnote block is: entry | cont | end."""
        s = self.lines[i].stripped
        if self.entry_at(s, first=False) is not None:
            return "entry"
        if self.structural(s):
            return "end"
        entry_text = self.lines[self.entries[-1].lines[-1]].stripped
        if not _ends_sentence(entry_text):
            return "cont"
        if _LOWER_START.match(s):
            return "end"  # the body's sentence goes on after the notes
        # a new sentence: still a note if another note follows before the page ends
        for j in range(i + 1, min(len(self.lines), i + LOOKAHEAD_LINES)):
            ln = self.lines[j]
            if ln.kind in ("rule", "link", "header") or ln.page_break:
                break
            if ln.kind == "text":
                if self.entry_at(ln.stripped, first=False) is not None:
                    return "cont"
                if self.structural(ln.stripped):
                    break
        # notes are set in a smaller font: their lines are longer than the body's
        length = self.lines[i].indent + len(s)
        body_width = self.body_width()
        if length > body_width + 2:
            return "cont"
        # a short last line of a note, followed by body text that is not a new paragraph
        if length < SHORT_LINE_SHARE * body_width and _ends_sentence(s):
            j = self.next_text(i)
            if j is not None and not self.lines[j].page_break:
                t = self.lines[j].stripped
                if not self.structural(t) and self.entry_at(t, first=False) is None:
                    return "cont"
        return "end"

    def body_width(self) -> int:
        """Usual width of the body lines read so far (the whole text's until there are enough)."""
        recent = self.body_lengths[-BODY_WIDTH_SAMPLE:]
        if len(recent) < 20:
            return self.width
        return sorted(recent)[int(0.9 * (len(recent) - 1))]

    # -- reading -------------------------------------------------------------------------------

    def read(self) -> None:
        for i, ln in enumerate(self.lines):
            if ln.kind == "blank":
                self.blank_before = True
                continue
            if ln.kind == "link" and self.in_footnotes and self.entries and self.entries[-1].number is not None:
                if not _ends_sentence(self.lines[self.entries[-1].lines[-1]].stripped):
                    self.entries[-1].lines.append(i)  # "available at" + a URL: the note goes on
                    continue
            if ln.page_break or ln.kind in ("link", "header", "toc"):
                self.in_footnotes = False
                if ln.kind == "header":
                    self.header_lines.append(i)
                if ln.kind != "text":
                    continue
            if ln.kind == "rule":
                self.in_footnotes = self.footnote_block_starts(i)
                self.block_entries = 0
                continue
            if self.in_footnotes:
                what = self.footnote_line(i) if self.block_entries else "entry"
                if what == "entry":
                    got = self.entry_at(ln.stripped, first=not self.block_entries)
                    if got is not None:
                        number, col = got
                        if number is not None:
                            self.last_footnote = number
                        self.entries.append(_FootnoteEntry(number, [i], ln.indent + col, ln.indent))
                        self.block_entries += 1
                        continue
                elif what == "cont":
                    self.entries[-1].lines.append(i)
                    continue
                self.in_footnotes = False
            if i > self.taken_until:  # not the second line of a heading
                self.read_body_line(i)
            self.blank_before = False

    def read_body_line(self, i: int) -> None:
        ln = self.lines[i]
        s = ln.stripped
        section = self.section_at(s)
        if section:
            numeral, ordinal, _ = section
            self.section_ordinal = ordinal
            self.section_eid = f"{self.eid_prefix}sec_{numeral}"
            self.subsection_letter = self.subsection_eid = None
            self._heading("section", i, ln.indent, numeral, s)
            return
        letter = self.subsection_at(s)
        if letter:
            self.subsection_letter = letter
            self.subsection_eid = f"{self.section_eid}__subsec_{letter}"
            self._heading("subsection", i, ln.indent, letter, s)
            return
        number = self.para_at(s)
        if number is not None:
            if self.last_para is not None and number != self.last_para + 1:
                self.warnings.append(f"paragraph numbers jump from {self.last_para} to {number}")
            self.last_para = number
            self.zone = "body"
            self.units.append(
                _Unit(
                    "para", [i], ln.indent, number, section=self.section_eid, subsection=self.subsection_eid,
                    label=self.eid_prefix,
                )
            )
            self.prev_text = s
            return
        annex = _ANNEX.fullmatch(s)
        if annex and self.complete() and self.last_para is not None:
            # an annex numbers its own paragraphs (and sections) from 1 again
            self.eid_prefix = f"annex_{annex.group(1)}__" if annex.group(1) else "annex__"
            self.last_para = None
            self.section_ordinal = 0
            self.section_eid = self.subsection_eid = self.subsection_letter = None
            self.units.append(_Unit("heading", [i], ln.indent))
            self.prev_text = None
            self.warnings.append(f"{s}: its paragraphs are numbered anew, with eids prefixed {self.eid_prefix!r}")
            return
        if self.zone == "front" and _SUMMARY.fullmatch(s):
            self.zone = "summary"
            # what came before is the masthead and title
            self.units = [u for u in self.units if u.kind != "block"]
            self.units.append(_Unit("heading", [i], ln.indent, zone="summary"))
            self.prev_text = None
            return
        heading = self.other_heading_at(i)
        if heading:
            self.units.append(_Unit("heading", heading, ln.indent, section=self.section_eid))
            self.taken_until = heading[-1]
            self.prev_text = None
            return
        self.read_text_line(i)

    def _heading(self, kind: str, i: int, indent: int, label: str, s: str) -> None:
        lines = [i]
        cont = self.title_continuation(i, s)
        if cont is not None:
            lines.append(cont)
        self.units.append(
            _Unit(kind, lines, indent, label=label, section=self.section_eid, subsection=self.subsection_eid)
        )
        self.taken_until = lines[-1]
        self.zone = "body"
        self.prev_text = None

    def read_text_line(self, i: int) -> None:
        ln = self.lines[i]
        s = ln.stripped
        self.body_lengths.append(ln.indent + len(s))
        cur = self.units[-1] if self.units else None
        if self.zone == "front" and not self.prose_started:
            # masthead: short lines that are not sentences, before the first prose
            if not _COMPLETE_BLOCK.search(s) and len(_collapse(s)) < SHORT_LINE_SHARE * self.width:
                return
            self.prose_started = True
        if cur and cur.kind == "para" and self.zone == "body":
            if ln.indent >= self.indent + TRAILER_INDENT and _COMPLETE.search(self.prev_text or ""):
                return  # a centred line after the text: "60th plenary meeting", a signature
            cur.lines.append(i)
        elif cur and cur.kind == "block" and not self.block_break(i):
            cur.lines.append(i)
        else:
            zone = self.zone
            self.units.append(
                _Unit("block", [i], ln.indent, zone=zone, section=self.section_eid, subsection=self.subsection_eid)
            )
        self.prev_text = s

    def heading_like(self, s: str) -> bool:
        """A short line that starts like a title and ends no sentence or clause."""
        return (
            bool(_TITLE_START.match(s))
            and not _COMPLETE_BLOCK.search(s)
            and len(s) < SHORT_LINE_SHARE * self.width
            and len(s.split()) <= HEADING_MAX_WORDS
        )

    def block_break(self, i: int) -> bool:
        """Whether line ``i`` starts a new unnumbered block."""
        ln = self.lines[i]
        if self.blank_before and not self.double_spaced:
            return True
        prev = self.prev_text or ""
        if not _TITLE_START.match(ln.stripped):
            return False
        if len(self.units[-1].lines) == 1 and self.heading_like(prev):
            return True  # "Background": a heading line over the block's text
        if not _COMPLETE_BLOCK.search(prev):
            return False
        if self.width > UNWRAPPED_WIDTH or self.heading_like(ln.stripped):
            return True
        return ln.indent > self.indent or len(prev) < SHORT_LINE_SHARE * self.width


def _ends_sentence(text: str) -> bool:
    if not re.search(r"[.!?][”’\"')\]]*\s*$", text):
        return False
    last = re.search(r"(\w+)\.\s*$", text)
    return not (last and last.group(1).lower() in _REF_ABBREVIATIONS)


# --- from units to the document model -----------------------------------------------------


@dataclass(slots=True)
class _Builder:
    source: str
    lines: list[_Line]
    repairs: list[Repair] = field(default_factory=list)

    def segments(self, unit_lines: list[int], start_col: int) -> list[tuple[int, int, int]]:
        """Contiguous runs of a unit's lines: (text begin, raw stop, last non-space end)."""
        runs: list[list[int]] = []
        for i in unit_lines:
            if runs and all(self.lines[k].kind == "blank" for k in range(runs[-1][-1] + 1, i)):
                runs[-1].append(i)
            else:
                runs.append([i])
        out = []
        for n, run in enumerate(runs):
            first, last = self.lines[run[0]], self.lines[run[-1]]
            begin = first.begin + (start_col if n == 0 else first.indent)
            out.append((begin, last.stop, last.begin + last.indent + len(last.stripped)))
        return out

    def clean(self, segs: list[tuple[int, int, int]]) -> MappedText:
        mt = MappedText.from_ranges(self.source, [(b, stop) for b, stop, _ in segs])
        mt = repair_layout(mt, self.source, self.repairs)
        return normalise_whitespace(mt)

    def page_breaks(self, segs: list[tuple[int, int, int]]) -> None:
        for (_, _, end), (begin, _, _) in zip(segs, segs[1:]):
            self.repairs.append(Repair("page-break", Span(end, begin), self.source[end:begin], " "))


_FN_CANDIDATE = re.compile(r"( ?)(?<!\d)(\d{1,3})(?=\s|$)")
_MARKER_AFTER = ".,;:!?)]”’\""
_CHAINED = re.compile(r"(,? ?)(\d{1,3})(?=\s|$|[,.;])")


@dataclass(slots=True)
class _Markers:
    """Footnote markers in body text, judged against the notes defined and their order."""

    defined: frozenset[int]
    seen: int = 0

    def take(self, mt: MappedText) -> tuple[MappedText, list[FootnoteRef]]:
        text = mt.text
        refs: list[FootnoteRef] = []
        edits: list[tuple[int, int, str]] = []
        pos = 0
        for m in _FN_CANDIDATE.finditer(text):
            if m.start() < pos:
                continue
            n = int(m.group(2))
            if not self.accept(text, m, n):
                continue
            edits.append((m.start(), m.end(), ""))
            refs.append(FootnoteRef(n, mt.span(m.start(2), m.end(2))))
            self.seen = max(self.seen, n)
            pos = m.end()
            while True:  # "act.1 2": several notes at one place
                c = _CHAINED.match(text, pos)
                if not c or int(c.group(2)) != self.seen + 1 or int(c.group(2)) not in self.defined:
                    break
                edits.append((c.start(), c.end(), ""))
                refs.append(FootnoteRef(int(c.group(2)), mt.span(c.start(2), c.end(2))))
                self.seen += 1
                pos = c.end()
        return mt.edit(edits), refs

    def accept(self, text: str, m: re.Match[str], n: int) -> bool:
        if n not in self.defined:
            return False
        spaced = bool(m.group(1))
        before = text[max(0, m.start() - 20) : m.start()]
        prev = before[-1:]
        if not (prev.isalpha() and not spaced) and not (prev and prev in _MARKER_AFTER):
            return False  # a marker follows a word or punctuation: "States.4", "population,8"
        after = text[m.end() : m.end() + 2]
        expected = self.seen + 1
        if not spaced and prev in _MARKER_AFTER and before[-2:-1].isdigit():
            # "22,432", "10.7", "2.8 per cent" are numbers; "age of 20.4 Many" is a marker
            return prev == "." and n == expected and (after == "" or after[1:2].isupper())
        if spaced and prev in ".!?" and after[1:2].islower():
            return False  # a sentence goes on in lower case: "in 2019. 5 per cent"
        word = re.search(r"(\w+)\W*$", before)
        if word and word.group(1).lower() in _REF_ABBREVIATIONS:
            return False  # "para. 27", "No. 58"
        if after.startswith(" (") or after.startswith(" %"):
            return False  # "paras. 4 (a)", "5 %"
        if prev.isalpha():
            return n == expected
        if not spaced:
            return True  # "countries.6": a number glued after punctuation
        if n == expected:
            return True
        # a spaced re-citation must sit at a sentence end: "situation. 30 It is now ..."
        return n < expected and before[-1:] in ".!?”’\")" and (after == "" or after[1:2].isupper() or after == " ")


_POINT = re.compile(r"\(([a-z]{1,2})\)(?=\s+[^\W\d_“\"‘])")
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s+[A-Z“\"(]|$)")
_TRAILING_CONJUNCTION = re.compile(r"\s+(?:and|or)$")
_CROSS_REFERENCE = re.compile(r"\d$|\b(?:paras?\.|paragraphs?|subparagraphs?|resolutions?|articles?|art\.)$", re.I)


def _points(eid: str, content: CleanText, source: str) -> tuple[Point, ...]:
    text = content.text
    found: list[re.Match[str]] = []
    for m in _POINT.finditer(text):
        if m.group(1) == "a" and len(found) == 1:
            found = []  # an "(a)" with no "(b)" after it was not a list
        expected = chr(ord(found[-1].group(1)) + 1) if found else "a"
        if m.group(1) != expected:
            continue
        before = text[max(0, m.start() - 20) : m.start()].rstrip()
        if _CROSS_REFERENCE.search(before):
            continue  # "paras. 4 (a)", "resolution 71/1 (a)", "subparagraph (a)": cross-references
        if found and not re.search(r"(?:[;:,.]|[;,] ?(?:and|or))$", before) and not _at_line_start(content, m.start(), source):
            continue
        found.append(m)
    if len(found) < 2:
        return ()
    separate = all(
        _at_line_start(content, m.start(), source) and text[m.end() + 1].isupper() for m in found
    )
    points = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        if k + 1 == len(found) and not separate:
            s = _SENTENCE_END.search(text, m.end())
            end = s.end() if s else len(text)
        body = text[m.end() : end].rstrip()
        if k + 1 < len(found):
            body = _TRAILING_CONJUNCTION.sub("", body)
        body_start = m.end() + 1  # clean text: one space after the marker
        body_end = m.end() + len(body)
        if body_end <= body_start:
            continue
        piece = CleanText(text[body_start:body_end], content.source_index[body_start:body_end])
        label = m.group(1)
        points.append(
            Point(label, f"{eid}__point_{label}", content.source_span(m.start(), body_end), piece, inline=not separate)
        )
    return tuple(points)


def _at_line_start(content: CleanText, pos: int, source: str) -> bool:
    i = content.source_index[pos] - 1
    while i >= 0 and source[i] in " \t\f":
        i -= 1
    return i < 0 or source[i] in "\r\n"


def parse_text(source: str, *, metadata: Metadata | None = None, source_path: str = "<text>") -> Document:
    """Parse the text of a UN document (offsets are indices into ``source``)."""
    lines = _split_lines(source)
    symbol = _document_symbol(lines)
    _mark_layout_lines(lines, symbol)
    text_lines = [ln for ln in lines if ln.kind == "text"]
    lengths = sorted(ln.indent + len(ln.stripped) for ln in text_lines) or [80]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    indents = Counter(ln.indent for ln in text_lines)
    followed_by_blank = sum(
        1 for a, b in zip(lines, lines[1:]) if a.kind == "text" and b.kind == "blank"
    )
    reader = _Reader(
        lines,
        width=max(width, MIN_WIDTH),
        indent=indents.most_common(1)[0][0] if indents else 0,
        double_spaced=followed_by_blank > DOUBLE_SPACED_SHARE * max(1, len(text_lines)),
    )
    reader.read()
    if metadata is None:
        stem = Path(source_path).stem if source_path != "<text>" else "document"
        metadata = Metadata(doc_id=symbol_slug(symbol) if symbol else stem, symbol=symbol)
    elif metadata.symbol is None and symbol:
        metadata = replace(metadata, symbol=symbol)  # a sidecar without a symbol
    return _assemble(source, lines, reader, metadata, source_path)


def _assemble(source: str, lines: list[_Line], reader: _Reader, metadata: Metadata, source_path: str) -> Document:
    b = _Builder(source, lines)
    warnings = list(reader.warnings)
    for i in reader.header_lines:
        ln = lines[i]
        b.repairs.append(Repair("running-header", Span(ln.begin, ln.end), ln.text, ""))

    # footnotes first: markers are judged against the notes actually defined
    footnotes_raw = []
    for entry in reader.entries:
        if entry.number is None:
            continue
        segs = b.segments(entry.lines, entry.start_col)
        b.page_breaks(segs)
        mt = repair_split_words(b.clean(segs), source, b.repairs)
        first = lines[entry.lines[0]]
        footnotes_raw.append((entry, segs, mt.clean(), first.begin + entry.marker_col))
    markers = _Markers(frozenset(e.number for e, *_ in footnotes_raw))

    numbered = any(u.kind == "para" for u in reader.units)
    sections: list[tuple[_Unit, str, Span, list[Subsection]]] = []
    summary: list[Paragraph] = []
    preamble: list[Paragraph] = []
    paragraphs: list[Paragraph] = []
    counters: Counter[str] = Counter()
    front_started = False
    for unit in reader.units:
        if unit.kind in ("section", "subsection", "heading"):
            if unit.kind == "heading":
                continue
            first = lines[unit.lines[0]]
            segs = b.segments(unit.lines, first.indent)
            mt = repair_split_words(b.clean(segs), source, b.repairs)
            title = re.sub(r"^\S+\s+", "", mt.text).strip()  # the text after "III." / "A."
            span = Span(segs[0][0], segs[-1][2])
            if unit.kind == "section":
                sections.append((unit, title, span, []))
            elif sections:
                sections[-1][3].append(Subsection(unit.subsection or "", unit.label, title, span, sections[-1][0].section or ""))
            continue
        if unit.kind == "block" and unit.zone != "summary" and len(unit.lines) == 1:
            if reader.heading_like(lines[unit.lines[0]].stripped):
                continue  # a heading of unnumbered text
        if unit.kind == "block" and unit.zone == "front" and not front_started:
            if not _COMPLETE_BLOCK.search(lines[unit.lines[-1]].stripped) and sum(
                len(lines[i].stripped) for i in unit.lines
            ) <= MASTHEAD_MAX_CHARS:
                continue  # masthead and title lines before the first sentence
            front_started = True
        if unit.kind == "para":
            eid = f"{unit.label}para_{unit.number}"
            zone = "body"
        elif unit.zone == "summary":
            counters["summary"] += 1
            eid = f"summary__block_{counters['summary']}"
            zone = "summary"
        elif unit.zone == "front" and numbered:
            counters["preamble"] += 1
            eid = f"preamble__block_{counters['preamble']}"
            zone = "preamble"
        else:
            counters["block"] += 1
            eid = f"block_{counters['block']}"
            zone = "body"
        first = lines[unit.lines[0]]
        start_col = unit.start_col
        if unit.kind == "para":
            start_col = first.indent + _PARA.match(first.stripped).end()
        segs = b.segments(unit.lines, start_col)
        b.page_breaks(segs)
        mt = b.clean(segs)
        mt, refs = markers.take(mt)
        mt = repair_split_words(mt, source, b.repairs)
        content = mt.clean()
        begin = first.begin + first.indent
        para = Paragraph(
            eid=eid,
            number=unit.number,
            span=Span(begin, segs[-1][2]),
            segments=tuple(Span(begin if k == 0 else s[0], s[2]) for k, s in enumerate(segs)),
            content=content,
            section=unit.section if zone == "body" else None,
            subsection=unit.subsection if zone == "body" else None,
            points=_points(eid, content, source),
            footnote_refs=tuple(refs),
            document_refs=document_refs(content) if content.text else (),
            urls=urls(content),
        )
        {"summary": summary, "preamble": preamble, "body": paragraphs}[zone].append(para)

    if not numbered:
        warnings.append(f"no numbered paragraphs found: the text is read as {len(paragraphs)} unnumbered blocks")

    cited: dict[int, list[tuple[str, FootnoteRef]]] = {}
    for p in (*summary, *preamble, *paragraphs):
        for ref in p.footnote_refs:
            cited.setdefault(ref.number, []).append((p.eid, ref))
    footnotes = []
    for entry, segs, content, marker_begin in footnotes_raw:
        uses = cited.get(entry.number, [])
        if not uses:
            warnings.append(f"footnote {entry.number} is never cited")
        footnotes.append(
            Footnote(
                eid=f"fn_{entry.number}",
                number=entry.number,
                span=Span(marker_begin, segs[-1][2]),
                segments=tuple(Span(marker_begin if k == 0 else s[0], s[2]) for k, s in enumerate(segs)),
                content=content,
                cited_by=tuple(dict.fromkeys(eid for eid, _ in uses)),
                refs=tuple(ref for _, ref in uses),
                document_refs=document_refs(content) if content.text else (),
                urls=urls(content),
            )
        )

    section_objs = tuple(
        Section(u.section or f"sec_{u.label}", u.label, roman_to_int(u.label) or 0, title, span, tuple(subs))
        for u, title, span, subs in sections
    )

    return Document(
        metadata=metadata,
        source_path=source_path,
        source_sha256=hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
        source_length=len(source),
        summary=tuple(summary),
        sections=section_objs,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        repairs=tuple(sorted(b.repairs, key=lambda r: (r.span.begin, r.span.end, r.kind))),
        warnings=tuple(warnings),
        preamble=tuple(preamble),
    )


# --- files and metadata ----------------------------------------------------------------------

_METADATA_FIELDS = {
    "symbol": str,
    "title": str,
    "subtitle": str,
    "date": str,
    "pages": int,
    "author": str,
    "language": str,
    "url": str,
    "source": str,
    "catalogue": str,
    "doc_id": str,
}


def load_metadata(path: Path) -> Metadata:
    """Read a metadata sidecar (JSON object); a malformed one is an :class:`InputError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read metadata sidecar ({e.__class__.__name__})") from None
    except json.JSONDecodeError as e:
        raise InputError(str(path), f"malformed metadata sidecar (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "malformed metadata sidecar (not a JSON object)")
    for key, value in data.items():
        expected = _METADATA_FIELDS.get(key)
        if expected is None:
            raise InputError(str(path), f"malformed metadata sidecar (unknown field {key!r})")
        if value is not None and (not isinstance(value, expected) or isinstance(value, bool)):
            raise InputError(str(path), f"malformed metadata sidecar ({key!r} must be {expected.__name__})")
    symbol = data.get("symbol")
    doc_id = data.get("doc_id") or (symbol_slug(symbol) if symbol else path.stem)
    fields = {k: v for k, v in data.items() if k != "doc_id" and v is not None}
    return Metadata(doc_id=doc_id, **fields)


def read_source(path: Path) -> str:
    """The file's text, or an :class:`InputError` saying why it cannot be used."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(name, "is a directory, not a text file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e.__class__.__name__})") from None
    if not data.strip():
        raise InputError(name, "empty file" if not data else "contains only whitespace")
    if b"\x00" in data:
        raise InputError(name, f"binary file (NUL byte at offset {data.index(0)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(name, f"not UTF-8 (invalid byte 0x{data[e.start]:02x} at offset {e.start})") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f" or 0x7F <= ord(c) < 0xA0)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(name, f"binary file ({controls} control characters)")
    if not text.strip():
        raise InputError(name, "contains only whitespace")
    return text


def parse_file(path: str | Path) -> Document:
    """Parse a text file; its metadata comes from ``<stem>.json`` beside it when present."""
    path = Path(path)
    source = read_source(path)
    sidecar = path.with_suffix(".json")
    metadata = load_metadata(sidecar) if sidecar.is_file() else None
    return parse_text(source, metadata=metadata, source_path=str(path))
