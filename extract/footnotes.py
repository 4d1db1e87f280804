"""Footnote blocks: where one starts, what each line inside it is, where the body resumes.

A block starts at a rule line followed by the next note in sequence. Its end is the hard
part: the page's text may resume after the notes without any mark, so a line is judged by
the note numbering, by what the body expects next (:class:`Body`), by whether the last
note ended a sentence, and by line width (notes are set in a smaller font).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Protocol

from migkg.extract.lines import FOOTNOTE_ENTRY, LOOKAHEAD_LINES, SHORT_LINE_SHARE, Line, ends_sentence, next_text

NoteLine = Literal["entry", "cont", "end"]

_LOWER_START = re.compile(r"[a-z,;)\]]")
# a note of a cleaned, Markdown-style text: "[^2]: A/79/552-S/2024/767." (no rule line above)
_MARKDOWN_NOTE = re.compile(r"\[\^(\d{1,3})\]:\s*")


@dataclass(slots=True)
class FootnoteEntry:
    """A note under a rule line: its number, lines and where its text starts."""

    number: int | None  # None for "*" notes (masthead notes, not numbered)
    lines: list[int]
    start_col: int
    marker_col: int


class Body(Protocol):
    """What the body reader knows that tells a note's line from the body's text."""

    def structural(self, s: str) -> bool:
        """Whether ``s`` is the next section, subsection or numbered paragraph."""
        ...

    def body_width(self) -> int:
        """The usual width of the body's lines."""
        ...


@dataclass(slots=True)
class FootnoteBlocks:
    """The notes read so far, and the block being read (open from its rule line)."""

    lines: list[Line]
    entries: list[FootnoteEntry] = field(default_factory=list)
    open: bool = False
    count: int = 0  # notes read in the current block
    last_number: int = 0

    def rule(self, i: int) -> None:
        """A rule line: a block starts if the next note in sequence follows it."""
        j = next_text(self.lines, i)
        self.open = j is not None and self._entry_at(self.lines[j].stripped, first=True) is not None
        self.count = 0

    def close(self) -> None:
        self.open = False

    def takes_link(self, i: int) -> bool:
        """Take a URL line when a numbered note is not finished ("available at" + a URL)."""
        if not (self.open and self.entries and self.entries[-1].number is not None):
            return False
        if ends_sentence(self._last_entry_text()):
            return False
        self.entries[-1].lines.append(i)
        return True

    def take(self, i: int, body: Body) -> bool:
        """Take a text line of the open block; False (and the block closes) at body text."""
        ln = self.lines[i]
        markdown = _MARKDOWN_NOTE.match(ln.stripped)
        if markdown:
            self.open, self.count = True, self.count + 1
            self.last_number = int(markdown.group(1))
            marker = ln.indent + markdown.start(1)  # the number inside "[^1]:"
            self.entries.append(FootnoteEntry(self.last_number, [i], ln.indent + markdown.end(), marker))
            return True
        if not self.open:
            return False
        what = self._line(i, body) if self.count else "entry"
        if what == "entry":
            ln = self.lines[i]
            got = self._entry_at(ln.stripped, first=not self.count)
            if got is not None:
                number, col = got
                if number is not None:
                    self.last_number = number
                self.entries.append(FootnoteEntry(number, [i], ln.indent + col, ln.indent))
                self.count += 1
                return True
        elif what == "cont":
            self.entries[-1].lines.append(i)
            return True
        self.open = False
        return False

    def _entry_at(self, s: str, first: bool) -> tuple[int | None, int] | None:
        """The number of a note starting at ``s`` (None for "*") and where its text starts."""
        m = FOOTNOTE_ENTRY.match(s)
        if not m or (m.end() == len(s) and not m.group(1).isdigit()):
            return None  # a number alone on its line is a note whose text is on the next line
        if m.group(1).startswith("*"):
            return None, m.end()
        n = int(m.group(1))
        expected = self.last_number + 1
        if n == expected or (first and expected < n <= expected + 2):
            return n, m.end()
        return None

    def _last_entry_text(self) -> str:
        return self.lines[self.entries[-1].lines[-1]].stripped

    def _line(self, i: int, body: Body) -> NoteLine:
        """What a text line inside a footnote block is: entry | cont | end."""
        s = self.lines[i].stripped
        if self._entry_at(s, first=False) is not None:
            return "entry"
        if body.structural(s):
            return "end"
        if not ends_sentence(self._last_entry_text()):
            return "cont"
        if _LOWER_START.match(s):
            return "end"  # the body's sentence goes on after the notes
        if self._another_note_follows(i, body):
            return "cont"
        return self._note_or_body_by_width(i, s, body)

    def _another_note_follows(self, i: int, body: Body) -> bool:
        """A new sentence is still a note if another note follows before the page ends."""
        for j in range(i + 1, min(len(self.lines), i + LOOKAHEAD_LINES)):
            ln = self.lines[j]
            if ln.kind in ("rule", "link", "header") or ln.page_break:
                return False
            if ln.kind == "text":
                if self._entry_at(ln.stripped, first=False) is not None:
                    return True
                if body.structural(ln.stripped):
                    return False
        return False

    def _note_or_body_by_width(self, i: int, s: str, body: Body) -> NoteLine:
        # notes are set in a smaller font: their lines are longer than the body's
        length = self.lines[i].indent + len(s)
        body_width = body.body_width()
        if length > body_width + 2:
            return "cont"
        # a short last line of a note, followed by body text that is not a new paragraph
        if length < SHORT_LINE_SHARE * body_width and ends_sentence(s):
            j = next_text(self.lines, i)
            if j is not None and not self.lines[j].page_break:
                t = self.lines[j].stripped
                if not body.structural(t) and self._entry_at(t, first=False) is None:
                    return "cont"
        return "end"
