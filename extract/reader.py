"""The line-by-line reader: text lines -> units (headings, paragraphs, blocks) and notes.

It reads the lines once, in order, because what a line is depends on what came before:
a paragraph number or heading must be the next in sequence, a footnote block lasts from
its rule line until the body's text resumes, and the masthead ends where prose begins.
Footnote blocks are read by :mod:`migkg.extract.footnotes`, asking this reader what the
body expects next. Units only hold line numbers; :mod:`migkg.extract.assemble` turns them
into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from migkg.extract.footnotes import FootnoteBlocks, FootnoteEntry
from migkg.extract.lines import (
    COMPLETE,
    COMPLETE_BLOCK,
    PARA_NUMBER,
    POINT_LINE,
    SUB_NUMBER,
    TITLE_START,
    Layout,
    Line,
    collapse,
    next_line,
    next_text,
)
from migkg.extract.numbering import Numbering

UnitKind = Literal["para", "block", "section", "subsection", "heading"]
Zone = Literal["front", "summary", "body"]

# A line indented this much more than usual after a finished paragraph is centred or
# right-aligned: a meeting line or signature under a resolution, not paragraph text.
TRAILER_INDENT = 20
# Body lines (the latest ones) from which the usual body width is estimated.
BODY_WIDTH_SAMPLE = 400
# A numbered heading ("1.   Summary") is a short title: at most this many words, ending
# before this share of the line width, and not on a word that runs on to the next line.
NUMBERED_HEADING_WORDS = 12
_HEADING_SUB_NUMBER = re.compile(r"\d{1,4}\.\d{1,3}\.\s")
NUMBERED_HEADING_SHARE = 0.9
_RUNS_ON = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"})
# A title set in bold runs over at most this many lines.
BOLD_HEADING_LINES = 3
# How far after a "1." inside a paragraph its item "2." must come for a list to start.
LIST_LOOKAHEAD = 12
# Lines longer than this (90th percentile) are not wrapped: one paragraph per line.
UNWRAPPED_WIDTH = 200

_SUMMARY = re.compile(r"Summary")
_STAR_NOTE = re.compile(r"(\*{1,3})(?:\s+(\S.*))?")
_NUMERAL_ALONE = re.compile(r"([IVXLC]{1,7})\.")
# an unnumbered heading that names a numbered item: a sub-heading ("Objective 1: ...")
_NUMBERED_TITLE = re.compile(r"[A-Z][a-z]+(?: [a-z]+)? \d{1,3}\b")
_ANNEX = re.compile(r"Annex(?:\s+([IVXLC]{1,6}|\d{1,2}))?")


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
    sub: int | None = None  # sub-numbered paragraphs: "115.3" -> number 115, sub 3


@dataclass(slots=True)
class StarNote:
    """A note marked "*" or "**", on its own line or over the next ("*  The annex to the
    present report is circulated as received."), with no rule line above it."""

    marker: str
    lines: list[int]
    start_col: int  # where its text starts in its first line
    marker_col: int


@dataclass(slots=True)
class Reading:
    """What the reader found, in document order."""

    units: list[Unit] = field(default_factory=list)
    entries: list[FootnoteEntry] = field(default_factory=list)
    stars: list[StarNote] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Flow:
    """Where the reading of the body text stands."""

    zone: Zone = "front"
    prose_started: bool = False  # the masthead is over
    prev_text: str | None = None  # last body line read, None after a heading
    prev_indent: int | None = None  # its indent
    # whether the last body line ends a sentence or a clause (or was a heading)
    complete: bool = True
    blank_before: bool = False
    taken_until: int = -1  # last line of the latest heading (headings may wrap)
    body_lengths: list[int] = field(default_factory=list)
    annex_title: bool = False  # an annex just began: its first heading is its title

    def follows(self, text: str | None, indent: int | None = None) -> None:
        """The next line follows ``text`` (a body line at ``indent``), or a heading when None."""
        self.prev_text = text
        self.prev_indent = indent
        self.complete = text is None or bool(COMPLETE_BLOCK.search(text))


def read_units(lines: list[Line], layout: Layout) -> Reading:
    """Read the text lines (layout lines already marked) into units and footnote entries."""
    return _Reader(lines, layout, notes=FootnoteBlocks(lines)).read()


@dataclass(slots=True)
class _Reader:
    lines: list[Line]
    layout: Layout
    notes: FootnoteBlocks
    numbering: Numbering = field(default_factory=Numbering)
    flow: _Flow = field(default_factory=_Flow)
    found: Reading = field(default_factory=Reading)

    def read(self) -> Reading:
        for i, ln in enumerate(self.lines):
            if ln.kind == "blank":
                self.flow.blank_before = True
            elif not self._layout_line(i, ln) and not self.notes.take(i, self):
                # not the second line of a heading or a starred note, nor a starred note
                if i > self.flow.taken_until and not self._star_note(i, ln):
                    self._body_line(i)
                self.flow.blank_before = False
        # a note marked "*" among the numbered notes under a rule ("1 See ..." / "* Reissued
        # ...") is a starred note, as one above them
        for entry in self.notes.entries:
            if entry.number is None:
                first = self.lines[entry.lines[0]]
                marker = _STAR_NOTE.match(first.text[entry.marker_col :])
                if marker is not None:
                    self.found.stars.append(StarNote(marker.group(1), entry.lines, entry.start_col, entry.marker_col))
        self.found.stars.sort(key=lambda star: star.lines[0])
        self.found.entries = [entry for entry in self.notes.entries if entry.number is not None]
        return self.found

    def _star_note(self, i: int, ln: Line) -> bool:
        """A starred note, when its marker stands glued to a word above it ("Review*")."""
        m = _STAR_NOTE.fullmatch(ln.stripped)
        if m is None or not self._star_marked_above(i, m.group(1)):
            return False
        lines = [i]
        if not m.group(2):  # the marker alone, the text on the next line
            j = next_text(self.lines, i)
            if j is None:
                return False
            lines.append(j)
            self.flow.taken_until = j
        start = ln.indent + (m.start(2) if m.group(2) else len(ln.stripped))
        self.found.stars.append(StarNote(m.group(1), lines, start, ln.indent))
        self.notes.close()
        self.flow.follows(None)  # what follows the note starts anew
        return True

    def _star_marked_above(self, i: int, marker: str) -> bool:
        glued = re.compile(rf"\w{re.escape(marker)}(?!\*)")
        return any(glued.search(self.lines[k].stripped) for k in range(i) if self.lines[k].kind != "blank")

    # -- structure tests ------------------------------------------------------------------

    def structural(self, s: str) -> bool:
        """Whether ``s`` is the next section, subsection or numbered paragraph."""
        return self.numbering.structural(s, self.flow.complete, self.flow.zone == "body")

    def _title_continuation(self, i: int, title: str) -> int | None:
        """A heading wrapped onto a second line: the next line, short and not structure,
        lower-case ("... programme," / "socioeconomic development"), or capitalised when the
        text under the heading follows it ("... for Landlocked" / "Developing Countries ...")."""
        if title.endswith((".", ":", ";")):
            return None
        j = next_text(self.lines, i)
        if j is None or self.lines[j].page_break:
            return None
        s = self.lines[j].stripped
        if COMPLETE_BLOCK.search(s) or not self.layout.short(len(s)) or self.structural(s):
            return None
        if s[0].islower():
            return j
        k = next_text(self.lines, j)
        below = k is not None and self.numbering.para_at(self.lines[k].stripped, True, True) is not None
        return j if self.layout.heading_like(s) and below else None

    def _other_heading_at(self, i: int, depth: int = 0) -> list[int] | None:
        """An unnumbered heading ("Objective 1: ...") of one or two lines right before the
        next numbered paragraph, a section heading or another such heading ("Objectives and
        commitments" over "Objective 1: ...")."""
        s = self.lines[i].stripped
        # a list's last item has no full stop: a blank line then a heading ends the list
        after_list = self.numbering.list_next is not None and self.flow.blank_before
        if not (self.flow.complete or after_list or depth) or not TITLE_START.match(s) or COMPLETE_BLOCK.search(s):
            return None
        if len(s) > 2 * self.layout.width or POINT_LINE.match(s) or PARA_NUMBER.match(s):
            return None
        if not depth and PARA_NUMBER.fullmatch(self.flow.prev_text or ""):
            return None  # the text of a number alone on its line ("4." then "Ensure ...")
        heading = [i]
        for _ in range(2):
            j = next_text(self.lines, heading[-1])
            if j is None:
                return None
            t = self.lines[j].stripped
            after_heading = self.numbering.para_at(t, True, self.flow.zone == "body") is not None
            if after_heading or self.numbering.section_at(t, self.flow.complete):
                return heading
            if depth < 2 and self._other_heading_at(j, depth + 1):
                return heading
            if COMPLETE_BLOCK.search(t) or len(heading) == 2:
                return None
            heading.append(j)
        return None

    def body_width(self) -> int:
        """Usual width of the body lines read so far (the whole text's until there are enough)."""
        recent = self.flow.body_lengths[-BODY_WIDTH_SAMPLE:]
        if len(recent) < 20:
            return self.layout.width
        return sorted(recent)[int(0.9 * (len(recent) - 1))]

    # -- layout lines -----------------------------------------------------------------------

    def _layout_line(self, i: int, ln: Line) -> bool:
        """Take a link, header, contents or rule line (or a page break); False for text."""
        if ln.kind == "link" and self.notes.takes_link(i):
            return True
        if ln.kind == "trailer":  # the resolution's text is over: what follows starts anew
            self.notes.close()
            self.flow.follows(None)
            return True
        if ln.page_break or ln.kind in ("link", "header", "toc"):
            self.notes.close()
            if ln.kind == "header":
                self.found.header_lines.append(i)
            if ln.kind != "text":
                return True
        if ln.kind == "rule":
            self.notes.rule(i)
            return True
        return False

    # -- body lines -------------------------------------------------------------------------

    def _body_line(self, i: int) -> None:
        ln = self.lines[i]
        for take in (
            self._section,
            self._subsection,
            self._list_item,
            self._sub_paragraph,
            self._paragraph,
            self._annex,
            self._summary,
            self._other_heading,
            self._bold_heading,
        ):
            if take(i, ln):
                return
        self._text_line(i, ln)

    def _section(self, i: int, ln: Line) -> bool:
        section = self.numbering.section_at(ln.stripped, self.flow.complete)
        title_line = None
        alone = _NUMERAL_ALONE.fullmatch(ln.stripped)
        if not section and alone:  # "I." alone on its line, the title on the next (PyMuPDF)
            title_line = next_text(self.lines, i)
            title = self.lines[title_line].stripped if title_line is not None else ""
            if title and self.layout.heading_like(title):
                section = self.numbering.section_at(f"{alone.group(1)}. {title}", self.flow.complete)
        if not section:
            return False
        numeral, ordinal, _ = section
        self.numbering.enter_section(numeral, ordinal)
        self._heading("section", i, ln, numeral, title_line)
        return True

    def _subsection(self, i: int, ln: Line) -> bool:
        letter = self.numbering.subsection_at(ln.stripped, self.flow.complete)
        if not letter:
            return False
        self.numbering.enter_subsection(letter)
        self._heading("subsection", i, ln, letter)
        return True

    def _heading(self, kind: UnitKind, i: int, ln: Line, label: str, title_line: int | None = None) -> None:
        lines = [i] if title_line is None else [i, title_line]
        cont = self._title_continuation(lines[-1], self.lines[lines[-1]].stripped)
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

    def _list_item(self, i: int, ln: Line) -> bool:
        """A numbered list inside a paragraph ("the following objectives: 1. ... 23. ..."):
        a "1." that breaks the paragraphs' running sequence, followed by "2.", starts one; its
        items then come first, so that item 17 is not taken for paragraph 17."""
        numbering, cur = self.numbering, self.found.units[-1] if self.found.units else None
        if cur is None or cur.kind != "para":
            numbering.list_next = None
            return False
        m = PARA_NUMBER.match(ln.stripped)
        if m is None:
            return False
        n = int(m.group(1))
        if numbering.list_next is None:
            last = numbering.last_para
            if n != 1 or last is None or last < 2 or not self._list_follows(i):
                return False
        elif n != numbering.list_next:
            numbering.list_next = None
            return False
        numbering.list_next = n + 1
        cur.lines.append(i)
        self.flow.follows(ln.stripped)
        return True

    def _list_follows(self, i: int) -> bool:
        """Whether item "2." follows "1." at line ``i`` before the next paragraph number."""
        for j in range(i + 1, min(len(self.lines), i + 1 + LIST_LOOKAHEAD)):
            m = PARA_NUMBER.match(self.lines[j].stripped) if self.lines[j].kind == "text" else None
            if m:
                return m.group(1) == "2"
        return False

    def _sub_paragraph(self, i: int, ln: Line) -> bool:
        numbering = self.numbering
        sub = numbering.sub_at(ln.stripped, self.flow.complete)
        if sub is None:
            return False
        numbering.last_sub = sub
        # "2.1.  Executive" is a heading; "115.1  Ratify ..." (no closing point) a recommendation
        if _HEADING_SUB_NUMBER.match(ln.stripped) and self._numbered_heading(i, ln) and numbering.section_eid:
            numeral = f"{numbering.last_para}.{sub}"
            numbering.enter_subsection(numeral)
            numbering.subsection_letter = numeral
            self._heading("subsection", i, ln, numeral)
            return True
        self.found.units.append(
            Unit(
                "para",
                [i],
                ln.indent,
                numbering.last_para,
                label=numbering.eid_prefix,
                sub=sub,
                section=numbering.section_eid,
                subsection=numbering.subsection_eid,
            )
        )
        self.flow.follows(ln.stripped)
        return True

    def _numbered_heading(self, i: int, ln: Line) -> bool:
        """ "1.   Summary", "2.1.  Executive": a number over a short title that ends no
        sentence, followed by a new paragraph's text: a heading, not a paragraph."""
        m = SUB_NUMBER.match(ln.stripped) or PARA_NUMBER.match(ln.stripped)
        title = ln.stripped[m.end() :] if m else ""
        words = title.split()
        if not title or not self.layout.heading_like(title) or "," in title or len(words) > NUMBERED_HEADING_WORDS:
            return False
        if words[-1].lower() in _RUNS_ON or ln.indent + len(ln.stripped) > NUMBERED_HEADING_SHARE * self.layout.width:
            return False  # "6. The Sustainable Development Goals, contained in the 2030 Agenda for"
        j = next_text(self.lines, i)
        if j is None or not TITLE_START.match(self.lines[j].stripped):
            return False
        # the text under it starts anew: after a blank line, indented past the title, or numbered
        nxt = self.lines[j]
        blank = any(self.lines[k].kind == "blank" for k in range(i + 1, j)) and not self.layout.double_spaced
        indented = nxt.indent > ln.indent + (m.end() if m else 0)
        return blank or indented or bool(SUB_NUMBER.match(nxt.stripped)) or self.layout.heading_like(nxt.stripped)

    def _paragraph(self, i: int, ln: Line) -> bool:
        numbering = self.numbering
        number = numbering.para_at(ln.stripped, self.flow.complete, self.flow.zone == "body")
        if number is None:
            return False
        if self._numbered_heading(i, ln):
            numbering.last_para, numbering.last_sub = number, 0
            numbering.enter_section(str(number), numbering.section_ordinal)
            self._heading("section", i, ln, str(number))
            return True
        numbering.last_sub = 0
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
        # after numbered paragraphs, after a resolution whose one paragraph is unnumbered, or
        # in an annex already (the next annex after one of prose or tables: S/2018/747)
        begun = self.numbering.last_para is not None or self.flow.prose_started or bool(self.numbering.eid_prefix)
        if not (annex and self.flow.complete and begun):
            return False
        j = next_line(self.lines, i)
        if j is not None and self.lines[j].kind == "toc":
            return False  # "Annex" in the table of contents, over its entries
        self.numbering.enter_annex(annex.group(1))
        self.flow.annex_title = True
        self.found.units.append(Unit("heading", [i], ln.indent, label=self.numbering.eid_prefix))
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
        j = next_line(self.lines, heading[-1])
        if j is not None and self.lines[j].kind == "toc":
            return False  # the title of a table of contents
        if self.flow.zone == "front" and not self.flow.prose_started and not self._paragraph_follows(heading[-1]):
            return False  # a masthead line; in the front matter a heading stands over a paragraph
        self._unnumbered_heading(heading, ln)
        return True

    def _bold_heading(self, i: int, ln: Line) -> bool:
        """A title set in bold over text that is not (known from a PDF), in the body: a
        heading even when too long or wrapped for the text's own signs ("Composition and
        strength of the police component of the United Nations" / "Interim Administration
        Mission in Kosovo" over a table). Not a table's row (columns apart), not a sentence,
        not a line of a bold run that began above (a UPR report's bold recommendations)."""
        flow = self.flow
        if not ln.bold or flow.zone != "body" or not (flow.complete or flow.blank_before):
            return False
        if not TITLE_START.match(ln.stripped):
            return False
        lines = self.lines
        if i > 0 and lines[i - 1].kind == "text" and lines[i - 1].bold:
            return False  # inside a bold run
        heading = [i]
        while heading[-1] + 1 < len(lines) and lines[heading[-1] + 1].kind == "text" and lines[heading[-1] + 1].bold:
            heading.append(heading[-1] + 1)
            if len(heading) > BOLD_HEADING_LINES:
                return False
        j = next_line(lines, heading[-1])
        if j is None or lines[j].kind != "text" or lines[j].bold:
            return False  # a title stands over text that is not bold
        titles = [self.lines[k].stripped for k in heading]
        if any("  " in t for t in titles) or COMPLETE_BLOCK.search(titles[-1]):
            return False
        if len(titles) == 1 and self.layout.heading_like(titles[0]):
            return False  # a short title the text's own signs read (as for a text input)
        self._unnumbered_heading(heading, ln)
        return True

    def _unnumbered_heading(self, heading: list[int], ln: Line) -> None:
        """An unnumbered heading of the lines ``heading``: a section, subsection or plain heading."""
        kind: UnitKind = "heading" if self.flow.annex_title else self._unnumbered_level(ln.stripped)
        self.flow.annex_title = False
        numbering = self.numbering
        if kind == "section":
            numbering.enter_unnumbered_section(item=bool(_NUMBERED_TITLE.match(ln.stripped)))
        elif kind == "subsection":
            numbering.enter_unnumbered_subsection()
        unit = Unit(kind, heading, ln.indent, section=numbering.section_eid, subsection=numbering.subsection_eid)
        if kind == "heading":
            unit.label = numbering.eid_prefix  # a plain heading's eid is named in its part
        self.found.units.append(unit)
        self.flow.taken_until = heading[-1]
        self.flow.zone = "body" if self.flow.zone != "front" or kind != "heading" else "front"
        self.flow.follows(None)

    def _paragraph_follows(self, i: int) -> bool:
        j = next_line(self.lines, i)
        return j is not None and self.numbering.para_at(self.lines[j].stripped, True, True) is not None

    def _unnumbered_level(self, title: str) -> UnitKind:
        """Where an unnumbered heading sits: a section at the top level, a subsection in a
        section, a plain heading below a lettered subsection (not a part of its own)."""
        numbering = self.numbering
        if numbering.section_eid is None:
            return "section"
        if _NUMBERED_TITLE.match(title):  # "Objective 1: ...", "Round table 2 (...)"
            if numbering.section_item:
                return "section"  # the next item after "Objective 1: ..."
            return "subsection" if numbering.subsection_letter is None else "heading"
        if not numbering.section_numbered:
            return "section"
        return "subsection" if numbering.subsection_letter is None else "heading"

    def _text_line(self, i: int, ln: Line) -> None:
        s = ln.stripped
        flow = self.flow
        flow.annex_title = False
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
                    label=numbering.eid_prefix,  # an annex's blocks are named in the annex
                    zone=flow.zone,
                    section=numbering.section_eid,
                    subsection=numbering.subsection_eid,
                )
            )
        flow.follows(s, ln.indent)

    def _block_break(self, ln: Line) -> bool:
        """Whether ``ln`` starts a new unnumbered block."""
        layout = self.layout
        prev = self.flow.prev_text or ""
        if prev and not COMPLETE_BLOCK.search(prev) and ln.stripped[:1].islower():
            return False  # a sentence running on over a blank line or a page break ("... contribution to" / "enhanced ...")
        if self.flow.blank_before and not layout.double_spaced:
            return True
        if not TITLE_START.match(ln.stripped):
            return False
        prev_edge = (self.flow.prev_indent or 0) + len(prev)  # an indented first line is not short
        if len(self.found.units[-1].lines) == 1 and layout.heading_like(prev) and layout.short(prev_edge):
            return True  # "Background": a heading line over the block's text
        if not COMPLETE_BLOCK.search(prev):
            return False
        if layout.width > UNWRAPPED_WIDTH or layout.heading_like(ln.stripped):
            return True
        # a first line indented against the line before it (poppler shifts whole pages, so
        # the page's usual indent says less than the neighbouring line)
        indented = ln.indent > layout.indent and (self.flow.prev_indent is None or ln.indent > self.flow.prev_indent)
        return indented or layout.short(prev_edge)
