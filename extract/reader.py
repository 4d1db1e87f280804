"""The line-by-line reader: text lines -> units (headings, paragraphs, blocks) and notes.

It reads the lines once, in order, because what a line is depends on what came before:
a paragraph number or heading must be the next in sequence, a footnote block lasts from
its rule line until the body's text resumes, and the masthead ends where prose begins.
Units only hold line numbers; :mod:`migkg.extract.assemble` turns them into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from migkg.extract.lines import (
    COMPLETE,
    COMPLETE_BLOCK,
    FOOTNOTE_ENTRY,
    POINT_LINE,
    SHORT_LINE_SHARE,
    TITLE_START,
    Layout,
    Line,
    collapse,
    ends_sentence,
)
from migkg.extract.numbering import Numbering

UnitKind = Literal["para", "block", "section", "subsection", "heading"]
Zone = Literal["front", "summary", "body"]
NoteLine = Literal["entry", "cont", "end"]

# A line indented this much more than usual after a finished paragraph is centred or
# right-aligned: a meeting line or signature under a resolution, not paragraph text.
TRAILER_INDENT = 20
# Body lines (the latest ones) from which the usual body width is estimated.
BODY_WIDTH_SAMPLE = 400
# Lines longer than this (90th percentile) are not wrapped: one paragraph per line.
UNWRAPPED_WIDTH = 200
# How far ahead (in lines) to look for the next footnote entry or heading follow-up.
LOOKAHEAD_LINES = 60

_SUMMARY = re.compile(r"Summary")
_ANNEX = re.compile(r"Annex(?:\s+([IVXLC]{1,6}|\d{1,2}))?")
_LOWER_START = re.compile(r"[a-z,;)\]]")


@dataclass(slots=True)
class Unit:
    """A heading, numbered paragraph or unnumbered block: the lines it is made of."""

    kind: UnitKind
    lines: list[int]
    start_col: int  # where the unit's text starts in its first line (after number or marker)
    number: int | None = None
    zone: Zone = "body"  # blocks: summary | front | body
    label: str = ""  # section numeral / subsection letter; paragraphs: their eid prefix
    section: str | None = None
    subsection: str | None = None


@dataclass(slots=True)
class FootnoteEntry:
    """A note under a rule line: its number, lines and where its text starts."""

    number: int | None  # None for "*" notes (masthead notes, not numbered)
    lines: list[int]
    start_col: int
    marker_col: int


@dataclass(slots=True)
class Reading:
    """What the reader found, in document order."""

    units: list[Unit] = field(default_factory=list)
    entries: list[FootnoteEntry] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Flow:
    """Where the reading of the body text stands."""

    zone: Zone = "front"
    prose_started: bool = False  # the masthead is over
    prev_text: str | None = None  # last body line read, None after a heading
    # whether the last body line ends a sentence or a clause (or was a heading)
    complete: bool = True
    blank_before: bool = False
    taken_until: int = -1  # last line of the latest heading (headings may wrap)
    body_lengths: list[int] = field(default_factory=list)

    def follows(self, text: str | None) -> None:
        """The next line follows ``text`` (a body line), or a heading when None."""
        self.prev_text = text
        self.complete = text is None or bool(COMPLETE_BLOCK.search(text))


@dataclass(slots=True)
class _NoteBlock:
    """The footnote block being read: open from its rule line until the body resumes."""

    open: bool = False
    count: int = 0  # notes read in the current block
    last_number: int = 0


def read_units(lines: list[Line], layout: Layout) -> Reading:
    """Read the text lines (layout lines already marked) into units and footnote entries."""
    return _Reader(lines, layout).read()


@dataclass(slots=True)
class _Reader:
    lines: list[Line]
    layout: Layout
    numbering: Numbering = field(default_factory=Numbering)
    flow: _Flow = field(default_factory=_Flow)
    notes: _NoteBlock = field(default_factory=_NoteBlock)
    found: Reading = field(default_factory=Reading)

    def read(self) -> Reading:
        for i, ln in enumerate(self.lines):
            if ln.kind == "blank":
                self.flow.blank_before = True
            elif not self._layout_line(i, ln) and not self._note_line(i, ln):
                if i > self.flow.taken_until:  # not the second line of a heading
                    self._body_line(i)
                self.flow.blank_before = False
        return self.found

    # -- structure tests ------------------------------------------------------------------

    def _structural(self, s: str) -> bool:
        return self.numbering.structural(s, self.flow.complete, self.flow.zone == "body")

    def _next_text(self, i: int) -> int | None:
        """Index of the next text line after ``i``, skipping layout lines; None at a rule."""
        for j in range(i + 1, min(len(self.lines), i + 1 + LOOKAHEAD_LINES)):
            kind = self.lines[j].kind
            if kind == "text":
                return j
            if kind == "rule":
                return None
        return None

    def _title_continuation(self, i: int, title: str) -> int | None:
        """A heading wrapped onto a second line: the next line, lower-case, not structure."""
        if title.endswith((".", ":", ";", ",")):
            return None
        j = self._next_text(i)
        if j is None or self.lines[j].page_break:
            return None
        s = self.lines[j].stripped
        if s[0].islower() and not COMPLETE_BLOCK.search(s) and self.layout.short(len(s)):
            return j
        return None

    def _other_heading_at(self, i: int) -> list[int] | None:
        """An unnumbered heading ("Objective 1: ...") of one or two lines right before the
        next numbered paragraph or a section heading."""
        s = self.lines[i].stripped
        if not self.flow.complete or not TITLE_START.match(s) or COMPLETE_BLOCK.search(s):
            return None
        if len(s) > 2 * self.layout.width or POINT_LINE.match(s):
            return None
        heading = [i]
        for _ in range(2):
            j = self._next_text(heading[-1])
            if j is None:
                return None
            t = self.lines[j].stripped
            after_heading = self.numbering.para_at(t, True, self.flow.zone == "body") is not None
            if after_heading or self.numbering.section_at(t, self.flow.complete):
                return heading
            if COMPLETE_BLOCK.search(t) or len(heading) == 2:
                return None
            heading.append(j)
        return None

    # -- layout and footnotes ---------------------------------------------------------------

    def _layout_line(self, i: int, ln: Line) -> bool:
        """Take a link, header, contents or rule line (or a page break); False for text."""
        if ln.kind == "link" and self._note_goes_on_at_link():
            self.found.entries[-1].lines.append(i)  # "available at" + a URL: the note goes on
            return True
        if ln.page_break or ln.kind in ("link", "header", "toc"):
            self.notes.open = False
            if ln.kind == "header":
                self.found.header_lines.append(i)
            if ln.kind != "text":
                return True
        if ln.kind == "rule":
            self.notes.open = self._footnote_block_starts(i)
            self.notes.count = 0
            return True
        return False

    def _note_goes_on_at_link(self) -> bool:
        entries = self.found.entries
        if not (self.notes.open and entries and entries[-1].number is not None):
            return False
        return not ends_sentence(self._last_entry_text())

    def _note_line(self, i: int, ln: Line) -> bool:
        """Take a line of the open footnote block; False (and the block closes) at body text."""
        if not self.notes.open:
            return False
        what = self._footnote_line(i) if self.notes.count else "entry"
        if what == "entry":
            got = self._entry_at(ln.stripped, first=not self.notes.count)
            if got is not None:
                number, col = got
                if number is not None:
                    self.notes.last_number = number
                self.found.entries.append(FootnoteEntry(number, [i], ln.indent + col, ln.indent))
                self.notes.count += 1
                return True
        elif what == "cont":
            self.found.entries[-1].lines.append(i)
            return True
        self.notes.open = False
        return False

    def _entry_at(self, s: str, first: bool) -> tuple[int | None, int] | None:
        """The number of a note starting at ``s`` (None for "*") and where its text starts."""
        m = FOOTNOTE_ENTRY.match(s)
        if not m or m.end() == len(s):
            return None
        if m.group(1).startswith("*"):
            return None, m.end()
        n = int(m.group(1))
        expected = self.notes.last_number + 1
        if n == expected or (first and expected < n <= expected + 2):
            return n, m.end()
        return None

    def _footnote_block_starts(self, i: int) -> bool:
        j = self._next_text(i)
        return j is not None and self._entry_at(self.lines[j].stripped, first=True) is not None

    def _last_entry_text(self) -> str:
        return self.lines[self.found.entries[-1].lines[-1]].stripped

    def _footnote_line(self, i: int) -> NoteLine:
        """What a text line inside a footnote block is: entry | cont | end."""
        s = self.lines[i].stripped
        if self._entry_at(s, first=False) is not None:
            return "entry"
        if self._structural(s):
            return "end"
        if not ends_sentence(self._last_entry_text()):
            return "cont"
        if _LOWER_START.match(s):
            return "end"  # the body's sentence goes on after the notes
        if self._another_note_follows(i):
            return "cont"
        return self._note_or_body_by_width(i, s)

    def _another_note_follows(self, i: int) -> bool:
        """A new sentence is still a note if another note follows before the page ends."""
        for j in range(i + 1, min(len(self.lines), i + LOOKAHEAD_LINES)):
            ln = self.lines[j]
            if ln.kind in ("rule", "link", "header") or ln.page_break:
                return False
            if ln.kind == "text":
                if self._entry_at(ln.stripped, first=False) is not None:
                    return True
                if self._structural(ln.stripped):
                    return False
        return False

    def _note_or_body_by_width(self, i: int, s: str) -> NoteLine:
        # notes are set in a smaller font: their lines are longer than the body's
        length = self.lines[i].indent + len(s)
        body_width = self._body_width()
        if length > body_width + 2:
            return "cont"
        # a short last line of a note, followed by body text that is not a new paragraph
        if length < SHORT_LINE_SHARE * body_width and ends_sentence(s):
            j = self._next_text(i)
            if j is not None and not self.lines[j].page_break:
                t = self.lines[j].stripped
                if not self._structural(t) and self._entry_at(t, first=False) is None:
                    return "cont"
        return "end"

    def _body_width(self) -> int:
        """Usual width of the body lines read so far (the whole text's until there are enough)."""
        recent = self.flow.body_lengths[-BODY_WIDTH_SAMPLE:]
        if len(recent) < 20:
            return self.layout.width
        return sorted(recent)[int(0.9 * (len(recent) - 1))]

    # -- body lines -------------------------------------------------------------------------

    def _body_line(self, i: int) -> None:
        ln = self.lines[i]
        for take in (self._section, self._subsection, self._paragraph, self._annex, self._summary, self._other_heading):
            if take(i, ln):
                return
        self._text_line(i, ln)

    def _section(self, i: int, ln: Line) -> bool:
        section = self.numbering.section_at(ln.stripped, self.flow.complete)
        if not section:
            return False
        numeral, ordinal, _ = section
        self.numbering.enter_section(numeral, ordinal)
        self._heading("section", i, ln, numeral)
        return True

    def _subsection(self, i: int, ln: Line) -> bool:
        letter = self.numbering.subsection_at(ln.stripped, self.flow.complete)
        if not letter:
            return False
        self.numbering.enter_subsection(letter)
        self._heading("subsection", i, ln, letter)
        return True

    def _heading(self, kind: UnitKind, i: int, ln: Line, label: str) -> None:
        lines = [i]
        cont = self._title_continuation(i, ln.stripped)
        if cont is not None:
            lines.append(cont)
        numbering = self.numbering
        self.found.units.append(
            Unit(
                kind, lines, ln.indent, label=label, section=numbering.section_eid, subsection=numbering.subsection_eid
            )
        )
        self.flow.taken_until = lines[-1]
        self.flow.zone = "body"
        self.flow.follows(None)

    def _paragraph(self, i: int, ln: Line) -> bool:
        numbering = self.numbering
        number = numbering.para_at(ln.stripped, self.flow.complete, self.flow.zone == "body")
        if number is None:
            return False
        if numbering.last_para is not None and number != numbering.last_para + 1:
            self.found.warnings.append(f"paragraph numbers jump from {numbering.last_para} to {number}")
        numbering.last_para = number
        self.flow.zone = "body"
        self.found.units.append(
            Unit(
                "para",
                [i],
                ln.indent,
                number,
                section=numbering.section_eid,
                subsection=numbering.subsection_eid,
                label=numbering.eid_prefix,
            )
        )
        self.flow.follows(ln.stripped)
        return True

    def _annex(self, i: int, ln: Line) -> bool:
        annex = _ANNEX.fullmatch(ln.stripped)
        if not (annex and self.flow.complete and self.numbering.last_para is not None):
            return False
        self.numbering.enter_annex(annex.group(1))
        self.found.units.append(Unit("heading", [i], ln.indent))
        self.flow.follows(None)
        prefix = self.numbering.eid_prefix
        self.found.warnings.append(f"{ln.stripped}: its paragraphs are numbered anew, with eids prefixed {prefix!r}")
        return True

    def _summary(self, i: int, ln: Line) -> bool:
        if self.flow.zone != "front" or not _SUMMARY.fullmatch(ln.stripped):
            return False
        self.flow.zone = "summary"
        # what came before is the masthead and title
        self.found.units = [u for u in self.found.units if u.kind != "block"]
        self.found.units.append(Unit("heading", [i], ln.indent, zone="summary"))
        self.flow.follows(None)
        return True

    def _other_heading(self, i: int, ln: Line) -> bool:
        heading = self._other_heading_at(i)
        if not heading:
            return False
        self.found.units.append(Unit("heading", heading, ln.indent, section=self.numbering.section_eid))
        self.flow.taken_until = heading[-1]
        self.flow.follows(None)
        return True

    def _text_line(self, i: int, ln: Line) -> None:
        s = ln.stripped
        flow = self.flow
        flow.body_lengths.append(ln.indent + len(s))
        units = self.found.units
        cur = units[-1] if units else None
        if flow.zone == "front" and not flow.prose_started:
            # masthead: short lines that are not sentences, before the first prose
            if not COMPLETE_BLOCK.search(s) and self.layout.short(len(collapse(s))):
                return
            flow.prose_started = True
        if cur and cur.kind == "para" and flow.zone == "body":
            if ln.indent >= self.layout.indent + TRAILER_INDENT and COMPLETE.search(flow.prev_text or ""):
                return  # a centred line after the text: "60th plenary meeting", a signature
            cur.lines.append(i)
        elif cur and cur.kind == "block" and not self._block_break(ln):
            cur.lines.append(i)
        else:
            numbering = self.numbering
            units.append(
                Unit(
                    "block",
                    [i],
                    ln.indent,
                    zone=flow.zone,
                    section=numbering.section_eid,
                    subsection=numbering.subsection_eid,
                )
            )
        flow.follows(s)

    def _block_break(self, ln: Line) -> bool:
        """Whether ``ln`` starts a new unnumbered block."""
        layout = self.layout
        if self.flow.blank_before and not layout.double_spaced:
            return True
        prev = self.flow.prev_text or ""
        if not TITLE_START.match(ln.stripped):
            return False
        if len(self.found.units[-1].lines) == 1 and layout.heading_like(prev):
            return True  # "Background": a heading line over the block's text
        if not COMPLETE_BLOCK.search(prev):
            return False
        if layout.width > UNWRAPPED_WIDTH or layout.heading_like(ln.stripped):
            return True
        return ln.indent > layout.indent or layout.short(len(prev))
