"""What kind of UN document a text is, whose recommendations it carries, and which State it reviews.

The kind comes from the UN symbol's series (``extract/data/kinds.tsv``): A/RES/ and A/HRC/RES/
resolutions, S/YYYY/N and A/NN/N reports of the Secretary-General, CERD/C/..., CCPR/C/...,
CRC/C/... treaty-body documents; where one series holds several kinds (A/HRC/NN/NN is a UPR
Working Group report or another report), a phrase of the first pages decides. The State
reviewed is the country named under a UPR report's title, or the ISO 3166 code in a treaty-body
symbol (CERD/C/BRA/CO/18-20: Brazil).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from migkg.extract.countries import Country, by_code, country

# The masthead, title and State under review of a UN document stand on its first page
HEAD_CHARS = 4_000
# The State reviewed writes a follow-up report (kinds.tsv's "source" column)
STATE_SOURCE = "State"
KINDS = ("resolution", "upr-report", "treaty-body", "sg-report")


@dataclass(frozen=True, slots=True)
class KindRule:
    kind: str
    symbol: re.Pattern[str]
    text: re.Pattern[str] | None
    source: str


@dataclass(frozen=True, slots=True)
class DocumentKind:
    kind: str | None  # one of KINDS, None when no rule applies
    source: str | None = None  # the body that recommends ("General Assembly"), None when unknown
    state: Country | None = None  # the State under review, or the State party
    source_is_state: bool = False  # a State's own follow-up report: the State speaks


@cache
def kind_rules() -> tuple[KindRule, ...]:
    text = files("migkg.extract.data").joinpath("kinds.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return tuple(
        KindRule(
            r["kind"],
            re.compile(r["symbol"]),
            re.compile(r["text"], re.IGNORECASE) if r["text"] else None,
            r["source"],
        )
        for r in rows
    )


def document_kind(symbol: str | None, text: str) -> DocumentKind:
    """The kind of the document with UN ``symbol`` whose source text is ``text``."""
    if not symbol:
        return DocumentKind(None)
    head = text[:HEAD_CHARS]
    for rule in kind_rules():
        if not rule.symbol.search(symbol):
            continue
        found = rule.text.search(head) if rule.text is not None else None
        if rule.text is not None and found is None:
            continue
        state = _state_under_review(head, found.end()) if rule.kind == "upr-report" and found else None
        if rule.kind == "treaty-body":
            state = _state_of_symbol(symbol)
        is_state = rule.source == STATE_SOURCE
        source = (state.name if state else None) if is_state else rule.source
        return DocumentKind(rule.kind, source, state, is_state)
    return DocumentKind(None)


def _state_under_review(head: str, after: int) -> Country | None:
    """The first line after a UPR report's title that names a country ("Slovenia")."""
    for line in head[after:].splitlines()[:12]:
        found = country(line.strip(" *"))
        if found is not None:
            return found
    return None


def _state_of_symbol(symbol: str) -> Country | None:
    """The State whose ISO 3166 alpha-3 code a treaty-body symbol carries (CERD/C/BRA/CO/18-20)."""
    for part in symbol.split("/")[1:]:
        if re.fullmatch(r"[A-Z]{3}", part):
            found = by_code(part)
            if found is not None:
                return found
    return None
