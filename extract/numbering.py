"""The document's numbering: the next section numeral, subsection letter, paragraph number.

Sequence is the parser's main evidence: "2017." or "III. ..." at the start of a line is a
paragraph number or a section heading only when it is the next one expected (and, for a
heading, when the text before it ended a sentence), so it is kept in one place here.
"""

from __future__ import annotations

from dataclasses import dataclass

from migkg.extract.lines import PARA_NUMBER, SECTION_LINE, SUB_NUMBER, SUBSECTION_LINE, TITLE_START

# A numbered paragraph may skip at most this many numbers (a lost line), with a warning.
MAX_PARAGRAPH_GAP = 4

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_DIGITS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


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
    """The canonical roman numeral of ``n`` (14 -> "XIV")."""
    out = []
    for v, s in _ROMAN_DIGITS:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _is_title(title: str) -> bool:
    # a title may wrap after a comma ("IV. Support for the national priorities programme,")
    return bool(TITLE_START.match(title)) and not title.endswith(";")


@dataclass(slots=True)
class Numbering:
    """Where the numbering stands, and whether a line is the next heading or paragraph.

    ``complete`` says whether the text before the line ended a sentence or a clause (or
    was a heading): only then may a heading, or a paragraph number that skips, begin.
    """

    last_para: int | None = None
    section_ordinal: int = 0
    section_eid: str | None = None
    subsection_letter: str | None = None
    subsection_eid: str | None = None
    eid_prefix: str = ""  # "annex__" once the text of an annex begins
    list_next: int | None = None  # the next item of a numbered list inside a paragraph
    last_sub: int = 0  # the last sub-number of the current paragraph ("115.3" -> 3)
    unnumbered: int = 0  # unnumbered sections of the current part so far
    unnumbered_sub: int = 0  # unnumbered subsections of the current section so far
    section_numbered: bool = False  # the current section has a numeral
    section_item: bool = False  # the current section is a numbered item's heading ("Objective 1: ...")

    def section_at(self, s: str, complete: bool) -> tuple[str, int, str] | None:
        """The numeral, ordinal and title of a section heading "III. Title" in sequence."""
        m = SECTION_LINE.fullmatch(s)
        if not m:
            return None
        ordinal = roman_to_int(m.group(1))
        if ordinal is None or not (ordinal == self.section_ordinal + 1 or self.section_ordinal == 0):
            return None
        if not _is_title(m.group(2)) or not complete:
            return None
        return m.group(1), ordinal, m.group(2)

    def subsection_at(self, s: str, complete: bool) -> str | None:
        """The letter of a subsection heading "B. Title" in sequence, inside a section."""
        if not self.section_eid:
            return None
        m = SUBSECTION_LINE.fullmatch(s)
        if not m:
            return None
        expected = "A" if self.subsection_letter is None else chr(ord(self.subsection_letter) + 1)
        if m.group(1) != expected or not _is_title(m.group(2)):
            return None
        return m.group(1) if complete else None

    def para_at(self, s: str, complete: bool, in_body: bool) -> int | None:
        """The number of a numbered paragraph "20. Text" in sequence (or a small gap)."""
        m = PARA_NUMBER.match(s)
        if not m:
            return None
        n = int(m.group(1))
        if self.last_para is None:
            # the first number: "1." anywhere, another number after a finished sentence or
            # in the front matter (a resolution's operative part may start at 17)
            return n if n >= 1 and (n == 1 or complete or not in_body) else None
        if n == self.last_para + 1:
            return n
        if self.last_para + 1 < n <= self.last_para + 1 + MAX_PARAGRAPH_GAP and complete:
            return n
        return None

    def sub_at(self, s: str, complete: bool) -> int | None:
        """The sub-number of a sub-numbered paragraph "115.4 Text" of the current paragraph, in sequence."""
        m = SUB_NUMBER.match(s)
        if not m or self.last_para is None or not complete:
            return None
        if int(m.group(1)) != self.last_para or int(m.group(2)) != self.last_sub + 1:
            return None
        return self.last_sub + 1

    def structural(self, s: str, complete: bool, in_body: bool) -> bool:
        """Whether ``s`` is the next section, subsection or paragraph."""
        return bool(
            self.section_at(s, complete)
            or self.subsection_at(s, complete)
            or self.para_at(s, complete, in_body) is not None
            or self.sub_at(s, complete) is not None
        )

    def enter_section(self, numeral: str, ordinal: int) -> None:
        self.section_ordinal = ordinal
        self.section_eid = f"{self.eid_prefix}sec_{numeral}"
        self.section_numbered = True
        self.section_item = False
        self.subsection_letter = self.subsection_eid = None
        self.unnumbered_sub = 0

    def enter_unnumbered_section(self, item: bool = False) -> None:
        """An unnumbered heading at the top level ("Introduction", "Preamble")."""
        self.unnumbered += 1
        self.section_eid = f"{self.eid_prefix}hcontainer_{self.unnumbered}"
        self.section_numbered = False
        self.section_item = item
        self.subsection_letter = self.subsection_eid = None
        self.unnumbered_sub = 0

    def enter_unnumbered_subsection(self) -> None:
        """An unnumbered heading inside a section ("Objective 1: ...", "Statistics")."""
        self.unnumbered_sub += 1
        self.subsection_eid = f"{self.section_eid}__hcontainer_{self.unnumbered_sub}"

    def enter_subsection(self, letter: str) -> None:
        self.subsection_letter = letter
        self.subsection_eid = f"{self.section_eid}__subsec_{letter}"

    def enter_annex(self, numeral: str | None) -> None:
        """An annex numbers its own paragraphs (and sections) from 1 again."""
        self.eid_prefix = f"annex_{numeral}__" if numeral else "annex__"
        self.last_para = None
        self.section_ordinal = 0
        self.unnumbered = 0
        self.section_eid = self.subsection_eid = self.subsection_letter = None


def para_number_end(stripped: str) -> int:
    """Where the text of a numbered paragraph's first line starts, after "20. " or "115.1 "."""
    m = SUB_NUMBER.match(stripped) or PARA_NUMBER.match(stripped)
    if m is None:
        raise ValueError(f"not a numbered paragraph line: {stripped[:40]!r}")
    return m.end()
