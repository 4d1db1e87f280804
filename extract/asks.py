"""What each kind of UN document asks of whom: the document-level rules that the sentence rules
of :mod:`migkg.extract.components` cannot see.

- a resolution's operative paragraph is classed by the operative phrase that opens it
  (``operative_phrases.tsv``: "Requests" a recommendation, "Decides" a decision, "Notes" none);
- a UPR report's numbered recommendation names its recommending States in the parentheses at
  its end ("... (Iran (Islamic Republic of), Peru);") and takes its status from the chapeau of
  the list (``response_status.tsv``: "will be examined by Slovenia" -> to be examined);
- an addressee no lexicon names is an actor when its head noun says which kind
  (``actor_heads.tsv``: "Government" a StateActor, "committee" a UN body).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from migkg.extract.countries import Country, country

DATA = "migkg.extract.data"
# A recommending State's name as the UN writes it is a few words ("United Kingdom of Great
# Britain and Northern Ireland"): a longer part of a parenthesis is prose, not a State
MAX_STATE_WORDS = 9


@dataclass(frozen=True, slots=True)
class OperativePhrase:
    words: tuple[str, ...]  # ("calls", "upon")
    kind: str  # "recommendation" | "decision" | "none"
    modality: str  # a modality key, "" for "none"
    participle: tuple[str, ...] = ()  # ("calling", "upon"): how a point under a chapeau opens


def _rows(name: str) -> list[dict[str, str]]:
    text = files(DATA).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"))


@cache
def operative_phrases() -> tuple[OperativePhrase, ...]:
    """The phrases of ``operative_phrases.tsv``, longest first."""
    phrases = [
        OperativePhrase(tuple(r["phrase"].split()), r["class"], r["modality"] or "", tuple(r["participle"].split()))
        for r in _rows("operative_phrases.tsv")
    ]
    return tuple(sorted(phrases, key=lambda p: -len(p.words)))


@cache
def response_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"], re.IGNORECASE), r["status"]) for r in _rows("response_status.tsv"))


@cache
def actor_heads() -> dict[str, str]:
    return {r["head"]: r["type"] for r in _rows("actor_heads.tsv")}


def operative_phrase(
    words: list[str], lead: Iterable[str], participles: bool = False
) -> tuple[OperativePhrase, int] | None:
    """The operative phrase opening a paragraph's lower-case ``words`` (after lead words such as
    "also", "further") and the number of words it takes, lead words included. ``participles``:
    a point under an operative chapeau may open with the phrase's participle ("...
    strengthen its fulfilment by: (a) Requesting the Commission to ...")."""
    skip = frozenset(lead)
    start = 0
    while start < len(words) and words[start] in skip:
        start += 1
    for phrase in operative_phrases():
        for form in (phrase.words, phrase.participle) if participles else (phrase.words,):
            n = len(form)
            if n and tuple(words[start : start + n]) == form:
                return phrase, start + n
    return None


def response_status(chapeau: str) -> str | None:
    """The status a UPR list's chapeau gives its recommendations, or None when it gives none."""
    for pattern, status in response_patterns():
        if pattern.search(chapeau):
            return status
    return None


@dataclass(frozen=True, slots=True)
class Recommenders:
    """The recommending States at the end of a UPR recommendation, and where they stand."""

    states: tuple[tuple[str, Country | None, int, int], ...]  # name as written, ISO country, begin, end
    begin: int  # where the parenthesis opens: the recommendation's own text ends here


def recommenders(text: str) -> Recommenders | None:
    """ "Ratify ICRMW (Senegal, Venezuela (Bolivarian Republic of), Peru);" -> Senegal, Venezuela,
    Peru: the last top-level parenthesis of the text, split at its top-level commas; None unless
    one part at least is a country (a part that is not, "Kosovo", stays a name without a code)."""
    body = text.rstrip().rstrip(";.,").rstrip()
    if not body.endswith(")"):
        # a page's note run into the last recommendation of the page: "... (Egypt); ** Conclusions ..."
        end = body.rfind(");")
        if end < 0:
            return None
        body = body[: end + 1]
    open_at = _matching_open(body)
    if open_at is None:
        return None
    found: list[tuple[str, Country | None, int, int]] = []
    for b, e in _top_level_parts(body, open_at + 1, len(body) - 1):
        if body.startswith("and ", b):
            b += 4
        name = body[b:e]
        if not (name[:1].isupper() or name.startswith("the ")) or len(name.split()) > MAX_STATE_WORDS:
            return None
        found.append((name, country(name), b, e))
    return Recommenders(tuple(found), open_at) if any(c for _, c, _, _ in found) else None


def _matching_open(body: str) -> int | None:
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[i], 0)
        if depth == 0:
            return i
    return None


def _top_level_parts(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the comma-separated parts of ``text[begin:end]`` outside nested parentheses."""
    parts: list[tuple[int, int]] = []
    depth, start = 0, begin
    for i in range(begin, end + 1):
        ch = text[i] if i < end else ","
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            b, e = start, i
            while b < e and text[b].isspace():
                b += 1
            while e > b and text[e - 1].isspace():
                e -= 1
            if e > b:
                parts.append((b, e))
            start = i + 1
    return parts


def actor_type(head: str) -> str | None:
    """The actor class a head noun names ("government": StateActor), None for any other noun."""
    return actor_heads().get(head.lower())
