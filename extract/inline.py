"""What is found inside a paragraph's text: footnote markers and (a), (b) ... points.

Both are digits or letters that also occur as ordinary text ("22,432", "paras. 4 (a)"), so
both are judged by sequence: a marker must name a note that exists and come in order, a
point list must run (a), (b), ... without cross-references in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migkg.extract.lines import REF_ABBREVIATIONS
from migkg.extract.model import CleanText, FootnoteRef, Point
from migkg.extract.numbering import int_to_roman
from migkg.extract.repair import MappedText

_FN_CANDIDATE = re.compile(r"( ?)(?<!\d)(\d{1,3})(?=\s|$)")
# a marker of a cleaned, Markdown-style text: "conflict,[^1]"
MARKDOWN_MARKER = re.compile(r"\[\^(\d{1,3})\]")
_MARKER_AFTER = '.,;:!?)]”’"'
_CHAINED = re.compile(r"(,? ?)(\d{1,3})(?=\s|$|[,.;])")
_LAST_WORD = re.compile(r"(\w+)\W*$")
# what follows a number that counts something, so that it is not a footnote marker
_QUANTITY_AFTER = re.compile(
    r"\s*(?:[%\d(]|per\b|percent|million|billion|thousand|hundred|times\b|(?:years?|months?|weeks?|days?|hours?)\b"
    r"|(?:people|persons|countries|States|children|women|men|migrants|refugees|cases|members)\b)",
    re.IGNORECASE,
)

_POINT = re.compile(r"\(([a-z]{1,2}|[ivx]{1,5})\)(?=\s+[^\W\d_“\"‘])")
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s+[A-Z“\"(]|$)")
_TRAILING_CONJUNCTION = re.compile(r"\s+(?:and|or)$")
_CROSS_REFERENCE = re.compile(r"\d$|\b(?:paras?\.|paragraphs?|subparagraphs?|resolutions?|articles?|art\.)$", re.I)
_LIST_SEPARATOR = re.compile(r"(?:[;:,.]|[;,] ?(?:and|or))$")


@dataclass(slots=True)
class FootnoteMarkers:
    """Footnote markers in body text, judged against the notes defined and their order."""

    defined: frozenset[int]
    seen: int = 0
    explicit_only: bool = False  # the text marks its markers ("[^1]"): a bare number never is one

    def take(self, mt: MappedText) -> tuple[MappedText, list[FootnoteRef]]:
        """The text without its markers, and the markers found (in text order)."""
        text = mt.text
        refs: list[FootnoteRef] = []
        edits: list[tuple[int, int, str]] = []
        explicit = [m for m in MARKDOWN_MARKER.finditer(text) if int(m.group(1)) in self.defined]
        if explicit or self.explicit_only:  # the text marks its markers: nothing else is one
            for m in explicit:
                edits.append((m.start(), m.end(), ""))
                refs.append(FootnoteRef(int(m.group(1)), mt.span(m.start(1), m.end(1))))
                self.seen = max(self.seen, int(m.group(1)))
            return mt.edit(edits), refs
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
            pos = self._take_chained(mt, m.end(), edits, refs)
        return mt.edit(edits), refs

    def _take_chained(
        self, mt: MappedText, pos: int, edits: list[tuple[int, int, str]], refs: list[FootnoteRef]
    ) -> int:
        """ "act.1 2": several notes at one place; returns where the last one ends."""
        while True:
            c = _CHAINED.match(mt.text, pos)
            if not c or int(c.group(2)) != self.seen + 1 or int(c.group(2)) not in self.defined:
                return pos
            edits.append((c.start(), c.end(), ""))
            refs.append(FootnoteRef(int(c.group(2)), mt.span(c.start(2), c.end(2))))
            self.seen += 1
            pos = c.end()

    def accept(self, text: str, m: re.Match[str], n: int) -> bool:
        """Whether the number ``n`` at ``m`` is a marker of a defined note."""
        if n not in self.defined:
            return False
        spaced = bool(m.group(1))
        before = text[max(0, m.start() - 20) : m.start()]
        prev = before[-1:]
        after = text[m.end() : m.end() + 2]
        expected = self.seen + 1
        if spaced and (prev.isalpha() or (prev.isdigit() and before[-4:].isdigit())):
            # poppler's layout text sets a marker apart: "Development 1 and", "April 2013 4 and";
            # only the next note in sequence, and not a quantity ("in 2 countries", "5 per cent")
            return n == expected and not _QUANTITY_AFTER.match(text, m.end())
        if not (prev.isalpha() and not spaced) and not (prev and prev in _MARKER_AFTER):
            return False  # a marker follows a word or punctuation: "States.4", "population,8"
        if not spaced and prev in _MARKER_AFTER and before[-2:-1].isdigit():
            # "22,432", "10.7", "2.8 per cent" are numbers; "age of 20.4 Many" is a marker
            if prev == ".":
                return n == expected and (after == "" or after[1:2].isupper())
            if prev == ",":  # thousands come in threes: "adopted on 24 December 2024,1 which"
                return n == expected and len(m.group(2)) != 3 and not after[1:2].isdigit()
            return n == expected  # no number holds ";", ")" or a quote: "2015–2030;16"
        if spaced and prev in ".!?" and after[1:2].islower():
            return False  # a sentence goes on in lower case: "in 2019. 5 per cent"
        word = _LAST_WORD.search(before)
        if word and word.group(1).lower() in REF_ABBREVIATIONS:
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
        return n < expected and before[-1:] in '.!?”’")' and (after == "" or after[1:2].isupper() or after == " ")


def points(eid: str, content: CleanText, source: str) -> tuple[Point, ...]:
    """The (a), (b), ... points of the paragraph ``eid``: on their own lines or inline."""
    found = _point_markers(content, source)
    if len(found) < 2:
        return ()
    text = content.text
    separate = all(_at_line_start(content, m.start(), source) and text[m.end() + 1].isupper() for m in found)
    out = []
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
        out.append(
            Point(label, f"{eid}__point_{label}", content.source_span(m.start(), body_end), piece, inline=not separate)
        )
    return tuple(out)


def _point_markers(content: CleanText, source: str) -> list[re.Match[str]]:
    """The "(a)", "(b)", ... markers of one list, in sequence, without cross-references."""
    text = content.text
    found: list[re.Match[str]] = []
    for m in _POINT.finditer(text):
        if m.group(1) in ("a", "i") and len(found) == 1:
            found = []  # an "(a)" with no "(b)" after it was not a list
        label = m.group(1)
        if not found:
            if label not in ("a", "i"):
                continue
        elif label != _next_label(found[0].group(1), found[-1].group(1), len(found)):
            continue
        before = text[max(0, m.start() - 20) : m.start()].rstrip()
        if _CROSS_REFERENCE.search(before):
            continue  # "paras. 4 (a)", "resolution 71/1 (a)", "subparagraph (a)": cross-references
        if found and not _LIST_SEPARATOR.search(before) and not _at_line_start(content, m.start(), source):
            continue
        found.append(m)
    return found


def _next_label(first: str, last: str, count: int) -> str:
    """The label after ``last`` in a list that began with ``first``: (a), (b), ... or, for a
    list that began with (i), (ii), (iii), ... (an "(i)" after "(h)" is a letter)."""
    if first == "i":
        return int_to_roman(count + 1).lower()
    return chr(ord(last) + 1)


def _at_line_start(content: CleanText, pos: int, source: str) -> bool:
    i = content.source_index[pos] - 1
    while i >= 0 and source[i] in " \t\f":
        i -= 1
    return i < 0 or source[i] in "\r\n"
