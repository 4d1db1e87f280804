"""Lines and page layout of a PDF-to-text extraction, before any structure is read.

The text is split into lines that keep their offsets, and the lines that are not text of
the document are marked as layout: blank lines, rules above footnotes, bare URL lines (PDF
link annotations), running headers and footers, table-of-contents lines. What the page
looks like (usual line width and indent, double spacing) is measured here too, because
the reader judges paragraph ends and headings against it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from migkg.extract.refs import find_symbols, is_symbol

LineKind = Literal["text", "blank", "rule", "link", "header", "toc", "trailer"]

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
# Usual line width assumed at least (UN documents have 80-100 characters a line), so that
# a few short lines in a small text do not all look like paragraph ends.
MIN_WIDTH = 60
# An unnumbered block of one short line with at most this many words and no final
# punctuation is a heading ("Background"), not a paragraph.
HEADING_MAX_WORDS = 12
# The masthead (symbol, "Distr.: General", date, session) sits in the first lines.
MASTHEAD_LINES = 15
# How far ahead (in lines) to look for the next footnote entry or heading follow-up.
LOOKAHEAD_LINES = 60
TOC_MAX_LEN = 300

# --- what a line looks like ------------------------------------------------------------------
_LINE_END = re.compile(r"\r\n|\r|\n")
# the line above the footnotes: underscores, or a long run of dashes
_RULE = re.compile(r"_{4,}|[—–]{4,}|-{10,}|-{3}")  # "---": a Markdown rule in a cleaned text
_LINK = re.compile(r"(?:https?://|www\.)\S+")
# a contents line: a title, dot leaders or a wide gap, (a paragraph range and) a page
# number: "I. Introduction . . . . . 1-3   3"
_TOC = re.compile(
    r".*\S(?:\s*\.){4,}[\s\d\-–]*\d"  # dot leaders
    r"|.*\S(?:\s*…)+[\s\d\-–]*\d"  # an ellipsis as leaders
    r"|.*[^\W\d]\s{4,}\d{1,3}(?:[\-–]\d{1,3})?(?:\s+\d{1,3})?"  # a wide gap
)
# the column heads of a table of contents
_TOC_HEAD = re.compile(r"(?:Paragraphs|Page)(?:\s+(?:Paragraphs|Page))?")
_PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?")
# job numbers ("17-22250 (E) 130218", "V.03-80680 (E)") and their barcode ("*1722250*")
_JOB_NUMBER = re.compile(r"(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\S+){0,3}|\*\d{5,9}\*")
# tokens that only occur in page headers and footers: page, job and barcode numbers
_PAGE_FURNITURE = re.compile(r"\d{1,4}/\d{1,4}|(?:[A-Z]{1,2}\.)?\d{2}-\d{5}|\([A-Z]\)|\*\d{5,9}\*|\d{6}")
# a page number beside a job number or the symbol: "2      12-53815", "GE.26-00403     3"
_BARE_PAGE = re.compile(r"\d{1,4}")
# the meeting line that closes a resolution ("60th plenary meeting", "45th meeting") and
# the date under it: the end of the resolution's text, not part of its last paragraph
_DATE = re.compile(
    r"\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"
)
_MEETING = re.compile(rf"\d{{1,3}}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting(?:\s+{_DATE.pattern})?", re.IGNORECASE)
# the second symbol of a joint symbol, alone on its line: "S/20911" (one component is enough)
_SECOND_SYMBOL = re.compile(r"([A-Z]{1,6}(?:/[A-Z0-9.]+)+)(?:\s|$)")
# a General Assembly resolution's number over its title: "80/11. 2025 review of ..."
_RESOLUTION_TITLE = re.compile(r"([1-9]\d{1,2})/([1-9]\d{0,3})\.\s+\S")
SECTION_LINE = re.compile(r"([IVXLC]{1,7})\.\s+(\S.*)")
SUBSECTION_LINE = re.compile(r"([A-Z])\.\s+(\S.*)")
# a paragraph number: no leading zero ("02." is not one); up to 9999 for long resolutions and reports
PARA_NUMBER = re.compile(r"([1-9]\d{0,3})\.(?=\s|$)\s*")
# a sub-numbered paragraph, kept as written: a UPR report's recommendation "115.12  Ratify ..."
SUB_NUMBER = re.compile(r"([1-9]\d{0,3})\.([1-9]\d{0,2})\.?(?=\s)\s*")
FOOTNOTE_ENTRY = re.compile(r"(\d{1,3}|\*{1,3})(?:\s+|$)")
# a point's label alone on its line ("(a)", "(iv)"): PyMuPDF puts it on a line of its own
_POINT_LABEL = re.compile(r"\(([a-z]{1,2}|[ivxlc]{1,6})\)")
POINT_LINE = re.compile(r"\(([a-z]{1,2}|[ivxlc]{1,6})\)\s")
TITLE_START = re.compile(r"[A-Z“\"‘'(\d]")
# ends a sentence, maybe closed by quotes or brackets, maybe followed by footnote markers
_MARKERS_AT_END = r"(?:\s*\d{1,3}(?:\s+\d{1,3})*|(?:\[\^\d{1,3}\])+)?\s*$"  # "act.1 2", "peace,[^1]"
COMPLETE = re.compile(r"[.!?:;][”’\"')\]]*" + _MARKERS_AT_END)
COMPLETE_BLOCK = re.compile(r"[.!?:;,][”’\"')\]]*" + _MARKERS_AT_END)
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*\s*$")
_LAST_WORD = re.compile(r"(\w+)\.\s*$")
_GAP = re.compile(r"\s{2,}")
# abbreviations after which a number is a reference, not a footnote marker or a sentence end
REF_ABBREVIATIONS = frozenset(
    {
        "para",
        "paras",
        "p",
        "pp",
        "no",
        "nos",
        "vol",
        "vols",
        "chap",
        "chaps",
        "art",
        "arts",
        "sect",
        "sects",
        "rev",
        "add",
        "corr",
        "fig",
        "figs",
        "ann",
        "annex",
        "item",
        "items",
    }
)


@dataclass(slots=True)
class Line:
    begin: int  # first character
    end: int  # end of the content, before the line end
    stop: int  # after the line end
    text: str
    stripped: str
    indent: int  # offset of the first non-space character from begin
    kind: LineKind = "text"
    page_break: bool = False
    bold: bool = False  # set in a bold font (known when the text was read from a PDF)


def split_lines(source: str) -> list[Line]:
    """The source's lines with their offsets; line ends are ``\\r\\n``, ``\\r`` or ``\\n``."""
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
        line = Line(pos, end, stop, text, stripped, lead, page_break="\f" in text)
        if not stripped:
            line.kind = "blank"
        lines.append(line)
        pos = stop
    return lines


def collapse(s: str) -> str:
    """The line without the runs of spaces that right-align or centre its parts."""
    return _GAP.sub(" ", s)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (not an abbreviation such as "para.")."""
    if not _SENTENCE_END.search(text):
        return False
    last = _LAST_WORD.search(text)
    return not (last and last.group(1).lower() in REF_ABBREVIATIONS)


def next_text(lines: list[Line], i: int) -> int | None:
    """Index of the next text line after ``i``, skipping layout lines; None at a rule."""
    for j in range(i + 1, min(len(lines), i + 1 + LOOKAHEAD_LINES)):
        kind = lines[j].kind
        if kind == "text":
            return j
        if kind == "rule":
            return None
    return None


def document_symbol(lines: list[Line]) -> str | None:
    """The document's own symbol: a line holding only a symbol (running header), else the
    symbol of the masthead: on or next to the "Distr.: General" line, or ending one of the
    first lines ("United Nations  A/72/643"). A document of two organs has a joint symbol,
    its two symbols stacked in the masthead: "A/44/661-S/20911"."""
    top = [ln for ln in lines if ln.kind == "text"][:MASTHEAD_LINES]
    alone = Counter(ln.stripped for ln in lines if ln.kind == "text" and is_symbol(ln.stripped))
    if alone:
        symbol = alone.most_common(1)[0][0]
        at = next((k for k, ln in enumerate(top) if ln.stripped.startswith(symbol)), None)
        return symbol if at is None else _joint(symbol, top[at + 1 :])
    for k, ln in enumerate(top):
        if "Distr." in ln.stripped:
            for near in (k, *range(k - 1, max(0, k - 2) - 1, -1), *range(k + 1, min(len(top), k + 3))):
                # "[without reference to a Main Committee (A/80/L.15)]" names the draft
                found = [] if top[near].stripped.startswith("[") else find_symbols(top[near].stripped)
                if found:
                    return _joint(found[0].group(), top[near + 1 :])
    resolution = _resolution_symbol(
        top + [ln for ln in lines if ln.kind == "text"][MASTHEAD_LINES : 2 * MASTHEAD_LINES]
    )
    if resolution:
        return resolution
    for ln in top:
        found = find_symbols(ln.stripped)
        if found and found[-1].end() == len(ln.stripped):
            return found[-1].group()
    return None


def _joint(symbol: str, after: list[Line]) -> str:
    """A symbol of another series on the next masthead line joins it: "A/44/661" + "S/20911"."""
    if after:
        found = _SECOND_SYMBOL.match(after[0].stripped)
        if found and found.group(1).split("/")[0] != symbol.split("/")[0]:
            return f"{symbol}-{found.group(1)}"
    return symbol


def _resolution_symbol(lines: list[Line]) -> str | None:
    """A General Assembly resolution's symbol from its number over the title ("80/11. Title"),
    when the text names no symbol of its own (a cleaned text without running headers)."""
    if not any("General Assembly" in ln.stripped for ln in lines):
        return None
    for ln in lines:
        m = _RESOLUTION_TITLE.match(ln.stripped)
        if m:
            return f"A/RES/{m.group(1)}/{m.group(2)}"
    return None


def mark_layout_lines(lines: list[Line], symbol: str | None) -> None:
    """Set the kind of rule, link, header and table-of-contents lines."""
    counts = Counter(ln.stripped for ln in lines if ln.kind == "text")
    for i, ln in enumerate(lines):
        if ln.kind == "text":
            ln.kind = _layout_kind(ln.stripped, symbol, counts[ln.stripped])
        if ln.kind == "text" and _MEETING.fullmatch(collapse(ln.stripped)):
            ln.kind = "trailer"
            j = next_text(lines, i)
            if j is not None and _DATE.fullmatch(lines[j].stripped):
                lines[j].kind = "trailer"
    _note_numbers_alone(lines)


def _note_numbers_alone(lines: list[Line]) -> None:
    """Below a rule line, a number alone on its line over a line of text is a note's number
    (poppler's layout puts it on a line of its own), not a page number."""
    in_notes = False
    for i, ln in enumerate(lines):
        if ln.kind == "rule":
            in_notes = True
        elif ln.page_break or (ln.kind == "header" and not ln.stripped.isdigit()):
            in_notes = False
        elif in_notes and ln.kind == "header" and ln.stripped.isdigit():
            j = next_text(lines, i)
            if j is not None and j == next_line(lines, i) and not lines[j].page_break:
                ln.kind = "text"


def next_line(lines: list[Line], i: int) -> int | None:
    """The next line after ``i`` that is not blank, whatever its kind (layout included)."""
    return next((j for j in range(i + 1, len(lines)) if lines[j].kind != "blank"), None)


def _layout_kind(s: str, symbol: str | None, repeats: int) -> LineKind:
    if _RULE.fullmatch(s):
        return "rule"
    if _LINK.fullmatch(s):
        return "link"
    if s[-1].isdigit() and len(s) <= TOC_MAX_LEN and _TOC.fullmatch(s) or _TOC_HEAD.fullmatch(s):
        return "toc"
    if all("\ue000" <= c <= "\uf8ff" or c.isspace() for c in s):
        return "header"  # a barcode set in a symbol font: private-use characters only
    if _PAGE_NUMBER.fullmatch(s) or (_JOB_NUMBER.fullmatch(s) and len(collapse(s)) < 40):
        return "header"
    tokens = s.split()
    furniture = [bool(_PAGE_FURNITURE.fullmatch(t) or t == symbol) for t in tokens]
    if any(furniture) and all(f or _BARE_PAGE.fullmatch(t) for f, t in zip(furniture, tokens, strict=True)):
        return "header"  # "3/20  17-22250", "A/72/643  17-22250 (E)  3/20"
    if symbol and _is_symbol_header(s, symbol):
        return "header"
    if repeats >= RUNNING_HEADER_MIN_REPEATS and _may_run(s):
        return "header"
    return "text"


def _may_run(s: str) -> bool:
    """Whether a repeated line may be a running header: short words, no sentence, no structure."""
    return (
        len(s) <= RUNNING_HEADER_MAX_LEN
        and any(c.isalpha() for c in s)
        and not COMPLETE_BLOCK.search(s)
        and not _is_heading_like(s)
        and not FOOTNOTE_ENTRY.match(s)
        and not _POINT_LABEL.fullmatch(s)
        and not POINT_LINE.match(s)
    )


def _is_heading_like(stripped: str) -> bool:
    return bool(SECTION_LINE.fullmatch(stripped) or SUBSECTION_LINE.fullmatch(stripped) or PARA_NUMBER.match(stripped))


def _is_symbol_header(s: str, symbol: str) -> bool:
    if s == symbol:
        return True
    if len(collapse(s)) > RUNNING_HEADER_MAX_LEN or COMPLETE_BLOCK.search(s):
        return False
    return s.startswith(symbol + " ") or s.endswith(" " + symbol)


@dataclass(frozen=True, slots=True)
class Layout:
    """What the page looks like: the usual line width and indent, and double spacing."""

    width: int
    indent: int
    double_spaced: bool

    @classmethod
    def measure(cls, lines: list[Line]) -> Layout:
        text_lines = [ln for ln in lines if ln.kind == "text"]
        lengths = sorted(ln.indent + len(ln.stripped) for ln in text_lines) or [80]
        width = lengths[int(0.9 * (len(lengths) - 1))]
        indents = Counter(ln.indent for ln in text_lines)
        followed_by_blank = sum(
            1 for a, b in zip(lines, lines[1:], strict=False) if a.kind == "text" and b.kind == "blank"
        )
        return cls(
            width=max(width, MIN_WIDTH),
            indent=indents.most_common(1)[0][0] if indents else 0,
            double_spaced=followed_by_blank > DOUBLE_SPACED_SHARE * max(1, len(text_lines)),
        )

    def short(self, length: int) -> bool:
        """Whether a line of ``length`` characters is short enough to end its paragraph."""
        return length < SHORT_LINE_SHARE * self.width

    def heading_like(self, s: str) -> bool:
        """A short line (``s`` without its indent, against the usual width of the text
        without the usual indent) that starts like a title and ends no sentence or clause."""
        return (
            bool(TITLE_START.match(s))
            and not COMPLETE_BLOCK.search(s)
            and len(s) < SHORT_LINE_SHARE * max(self.width - self.indent, MIN_WIDTH)
            and len(s.split()) <= HEADING_MAX_WORDS
        )
