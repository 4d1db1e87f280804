"""Repair of PDF-to-text artifacts inside one piece of text, keeping a map to the source.

A :class:`MappedText` is a string whose every character remembers the source offset it
came from. Repairs only delete characters or replace a run of whitespace by one space, so
the map stays exact: every clean character is the source character it points to (or a
whitespace character for a space).

Split words ("lis ten", "au thorities") are judged with the offline ``wordfreq`` list:
two pieces are joined when the joined word is a known word, it is far likelier as one
word than the two pieces are as a chance pair, and at least one piece is not a plausible
word on its own ("ten" is, "lis" is not; "a" and "set" both are, so "a set" stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from migkg.extract.model import CleanText, Repair, Span

# --- split-word thresholds (zipf = log10 of frequency per billion words) ------------------
# A joined word must be at least this common (~1 per million words): rarer "words" are more
# often accidental concatenations ("aset", "newyork") than real words torn apart.
JOINED_MIN_ZIPF = 3.0
# ... and at least 10x (one zipf unit) likelier as one word than its pieces as a chance
# pair under independence (zipf(a) + zipf(b) - 9), so "per cent" or "may be" never join.
JOIN_MARGIN_ZIPF = 1.0
# A piece is a plausible word on its own when it is at least this common. Short strings
# are frequent as abbreviations and fragments ("co", "lt", "au" have zipf 4-5), so the bar
# falls with length; real two-letter words ("in", "on", "to", "am") are all above 5.5.
PLAUSIBLE_MIN_ZIPF = {2: 5.5, 3: 3.5}
PLAUSIBLE_MIN_ZIPF_LONG = 3.0
# The only one-letter words of English prose.
SINGLE_LETTER_WORDS = frozenset({"a", "A", "I"})


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (case-insensitive) in wordfreq's offline English list; 0 if unknown."""
    from wordfreq import zipf_frequency  # imported when first needed: it takes 0.1 s

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1 << 16)
def plausible_word(piece: str) -> bool:
    """Whether ``piece`` is believable as a word standing on its own."""
    if len(piece) == 1:
        return piece in SINGLE_LETTER_WORDS
    return zipf(piece) >= PLAUSIBLE_MIN_ZIPF.get(len(piece), PLAUSIBLE_MIN_ZIPF_LONG)


def should_join(left: str, right: str) -> bool:
    """Whether ``left right`` is one word torn apart by a stray space (see module doc)."""
    if not right[0].islower():  # "New York", "IOM Council": a capital starts a new word
        return False
    if plausible_word(left) and plausible_word(right):
        return False
    joined = zipf(left + right)
    if joined < JOINED_MIN_ZIPF:
        return False
    return joined >= zipf(left) + zipf(right) - 9.0 + JOIN_MARGIN_ZIPF


@dataclass(slots=True)
class MappedText:
    """A string and, for each of its characters, the source offset it comes from."""

    text: str
    index: list[int]

    @classmethod
    def from_ranges(cls, source: str, ranges: list[tuple[int, int]]) -> MappedText:
        text = "".join(source[b:e] for b, e in ranges)
        index: list[int] = []
        for b, e in ranges:
            index.extend(range(b, e))
        return cls(text, index)

    def edit(self, edits: list[tuple[int, int, str]]) -> MappedText:
        """Apply sorted, non-overlapping edits ``(start, end, replacement)``.

        A replacement is either empty (deletion) or a single space standing for the first
        character of the replaced range, so the character map stays exact.
        """
        if not edits:
            return self
        parts: list[str] = []
        index: list[int] = []
        pos = 0
        for start, end, repl in edits:
            parts.append(self.text[pos:start])
            index.extend(self.index[pos:start])
            if repl:
                parts.append(repl)
                index.append(self.index[start])
            pos = end
        parts.append(self.text[pos:])
        index.extend(self.index[pos:])
        return MappedText("".join(parts), index)

    def span(self, start: int, end: int) -> Span:
        return Span(self.index[start], self.index[end - 1] + 1)

    def clean(self) -> CleanText:
        return CleanText(self.text, tuple(self.index))


# A hyphen with spaces before it ("well -managed"), possibly at a line end ("Secretary -\nGeneral").
# The next piece starts with a letter: " -5" is a minus sign.
_SPACED_HYPHEN = re.compile(r"(?<=[^\W_])[ \t]+-(?:[ \t]*(?:\r\n|\r|\n)\s*)?(?=[^\W\d_])")
# A hyphen at a line end, the word going on at the next line ("evidence-\nbased").
_LINE_HYPHEN = re.compile(r"(?<=[^\W_])-[ \t]*(?:\r\n|\r|\n)\s*(?=([^\W\d_]*))(?=[^\W_])")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]*$")
# Longest word looked at when deciding a line-end hyphen (longer runs are not words).
MAX_WORD = 40
# A URL or path broken after "/" or "%20": the rest follows after spaces or a line break.
_BROKEN_PATH = re.compile(r"(?:/|%20)(\s+)(?=([A-Za-z0-9%]\S*))")
_URL_LIKE = re.compile(r"://|www\.|/.*/")
_PATH_CHARS = re.compile(r"[/.%_\-]")
# Two alphabetic pieces separated by exactly one space, not inside a word or after an apostrophe.
_WORD_PAIR = re.compile(r"(?<![\w’'\-/.@])([^\W\d_]+) (?=([^\W\d_]+)(?![\w’'\-/@]))")
_WHITESPACE = re.compile(r"\s+")


def _has_newline(s: str) -> bool:
    return "\n" in s or "\r" in s


def repair_layout(mt: MappedText, source: str, repairs: list[Repair]) -> MappedText:
    """Line-level repairs that need the raw line breaks: hyphens and broken URLs."""
    edits: list[tuple[int, int, str]] = []
    for m in _SPACED_HYPHEN.finditer(mt.text):
        dash = mt.text.index("-", m.start(), m.end())
        _record(repairs, "spaced-hyphen", mt, source, m.start(), m.end(), "-")
        edits += [(m.start(), dash, ""), (dash + 1, m.end(), "")]
    mt = mt.edit([e for e in edits if e[0] < e[1]])

    edits = []
    for m in _LINE_HYPHEN.finditer(mt.text):
        dash = m.start()
        letters = _LETTERS_BEFORE.search(mt.text, max(0, dash - MAX_WORD), dash)
        left = letters.group() if letters else ""
        right = m.group(1)
        # keep the hyphen ("Secretary-\nGeneral") unless the pieces are syllables of one word
        drop = bool(left and right) and should_join(left, right)
        _record(repairs, "line-hyphen", mt, source, dash, m.end(), "" if drop else "-")
        edits.append((dash if drop else dash + 1, m.end(), ""))
    mt = mt.edit(edits)

    edits = []
    joined_at = -1  # where the last joined piece starts: it continues a URL already
    text = mt.text
    for m in _BROKEN_PATH.finditer(text):
        gap, right = m.group(1), m.group(2)
        token_start = (
            max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start()), text.rfind("\t", 0, m.start())) + 1
        )
        if token_start != joined_at and not _URL_LIKE.search(text, token_start, m.start(1)):
            continue
        if _has_newline(gap) or _PATH_CHARS.search(right.rstrip(".,;:)")):
            _record(repairs, "split-url", mt, source, m.start(1), m.end(1), "")
            edits.append((m.start(1), m.end(1), ""))
            joined_at = m.end(1)
    return mt.edit(edits)


def normalise_whitespace(mt: MappedText) -> MappedText:
    """Collapse every run of whitespace into one space and strip both ends."""
    edits = []
    text = mt.text
    for m in _WHITESPACE.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            edits.append((m.start(), m.end(), ""))
        elif m.group() != " ":
            edits.append((m.start(), m.end(), " "))
    return mt.edit(edits)


def repair_split_words(mt: MappedText, source: str, repairs: list[Repair]) -> MappedText:
    """Join words torn apart by a single stray space ("lis ten" -> "listen")."""
    edits = []
    last_end = -1
    for m in _WORD_PAIR.finditer(mt.text):
        space = m.end() - 1
        if space <= last_end:
            continue  # the left piece was just joined to its own left neighbour
        left, right = m.group(1), m.group(2)
        # a stray space is one space inside a line, never a line break
        if source[mt.index[space]] != " " or mt.index[space + 1] != mt.index[space] + 1:
            continue
        if should_join(left, right):
            _record(repairs, "split-word", mt, source, space, space + 1, "")
            edits.append((space, space + 1, ""))
            last_end = space + 1 + len(right)
    return mt.edit(edits)


def _record(repairs: list[Repair], kind: str, mt: MappedText, source: str, start: int, end: int, repl: str) -> None:
    """Record replacing ``mt.text[start:end]`` by ``repl``, widened to the words around it."""
    text = mt.text
    ws, we = start, end
    while ws > 0 and not text[ws - 1].isspace():
        ws -= 1
    while we < len(text) and not text[we].isspace():
        we += 1
    span = mt.span(ws, we)
    repairs.append(Repair(kind, span, source[span.begin : span.end], text[ws:start] + repl + text[end:we]))
