"""Loader for the extraction data files in ``extract/data/`` (package ``migkg.extract.data``).

- ``actors.jsonl`` / ``instruments.jsonl``: one entry per canonical key with label, type,
  aliases (matched case-insensitively), ``case_sensitive`` names (matched exactly, e.g.
  "the Organization", "States"), acronyms, optional symbol / SDG code / level, and
  ``links``: names of rows in ``links.tsv`` (verified external IRIs).
- ``reporting_roles.json``: titles of offices whose reports speak of their author in the
  third person ("The Secretary-General recommends that ...").
- ``modality.jsonl``: the words that signal each modality (``kind`` modal, performative
  or commitment), ``levels.jsonl``: token patterns per governance level,
  ``sdg.jsonl``: token patterns for SDG goals and targets, ``figures.jsonl``: units.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

DATA = "migkg.extract.data"


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    text = files(DATA).joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def normalise(name: str) -> str:
    """Lookup form of a name: lower case, single spaces, straight apostrophes, no leading "the"."""
    s = " ".join(name.replace("’", "'").replace(" -", "-").split()).lower()
    return s[4:] if s.startswith("the ") else s


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated actor or instrument."""

    kind: str  # "actor" | "instrument"
    key: str
    label: str
    type: str
    aliases: tuple[str, ...]
    case_sensitive: tuple[str, ...]
    acronyms: tuple[str, ...]
    links: tuple[str, ...]  # external IRIs
    symbol: str | None = None
    sdg: str | None = None
    level: str | None = None


class Lexicon:
    """The curated entries with their lookup indexes, and the cue data."""

    def __init__(
        self,
        entries: tuple[Entry, ...],
        modality_cues: tuple[dict[str, Any], ...],
        level_patterns: tuple[dict[str, Any], ...],
        sdg_patterns: tuple[dict[str, Any], ...],
        figure_units: dict[str, Any],
        links: dict[str, tuple[tuple[str, str], ...]],
        abbreviations: list[str],
        reporting_titles: list[str],
    ) -> None:
        self.abbreviations = abbreviations
        self.reporting_titles = reporting_titles
        self.entries = entries
        self.modality_cues = modality_cues
        self.level_patterns = level_patterns
        self.sdg_patterns = sdg_patterns
        self.figure_units = figure_units
        self.links = links  # links.tsv: entity name -> (authority, IRI) pairs

        self._keys: dict[str, Entry] = {}
        self._names: dict[str, Entry] = {}
        self._exact: dict[str, Entry] = {}
        self._symbols: dict[str, Entry] = {}
        for e in entries:
            if e.key in self._keys:
                raise ValueError(f"duplicate key {e.key!r} in actors.jsonl / instruments.jsonl")
            self._keys[e.key] = e
            for n in (e.label, *e.aliases):
                self._names.setdefault(normalise(n), e)
            for n in (*e.case_sensitive, *e.acronyms):
                self._exact.setdefault(n, e)
            if e.symbol:
                self._symbols[e.symbol] = e

    def wikidata(self, name: str) -> tuple[str, ...]:
        """Verified Wikidata IRIs for an entity name of links.tsv."""
        return tuple(iri for authority, iri in self.links.get(name, ()) if authority == "wikidata")

    def by_key(self, key: str) -> Entry | None:
        return self._keys.get(key)

    def lookup(self, name: str) -> Entry | None:
        """The entry one of whose names (label, alias, exact name, acronym) is ``name``."""
        return self._names.get(normalise(name)) or self._exact.get(" ".join(name.split()))

    def by_symbol(self, symbol: str) -> Entry | None:
        return self._symbols.get(symbol)

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """SpanRuler patterns: label ACTOR / INSTRUMENT, ``id`` = canonical key.

        Aliases are phrase patterns (matched on LOWER by the ruler); case-sensitive names and
        acronyms are token patterns on ORTH, so that "IOM" never matches "iom" and
        "the Organization" (the UN) never matches "the organization".
        """
        patterns: list[dict[str, Any]] = []
        for e in self.entries:
            label = e.kind.upper()
            for alias in dict.fromkeys((e.label, *e.aliases)):
                patterns.append({"label": label, "pattern": alias, "id": e.key})
            for name in dict.fromkeys((*e.case_sensitive, *e.acronyms)):
                tokens = [{"ORTH": t} for t in name.split()]
                patterns.append({"label": label, "pattern": tokens, "id": e.key})
        patterns.extend(self.sdg_patterns)
        return patterns


def _entry(kind: str, row: dict[str, Any], links: dict[str, tuple[tuple[str, str], ...]]) -> Entry:
    iris: list[str] = []
    for name in row.get("links", ()):
        if name not in links:
            raise ValueError(f"{kind} {row['id']}: link name {name!r} is not in links.tsv")
        # only Wikidata rows become skos:exactMatch; SDG KOS IRIs come from the "sdg" code
        iris.extend(iri for authority, iri in links[name] if authority == "wikidata")
    return Entry(
        kind=kind,
        key=row["id"],
        label=row["label"],
        type=row["type"],
        aliases=tuple(row.get("aliases", ())),
        case_sensitive=tuple(row.get("case_sensitive", ())),
        acronyms=tuple(row.get("acronyms", ())),
        links=tuple(iris),
        symbol=row.get("symbol"),
        sdg=row.get("sdg"),
        level=row.get("level"),
    )


def _read_links() -> dict[str, tuple[tuple[str, str], ...]]:
    text = files(DATA).joinpath("links.tsv").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        out.setdefault(row["entity"], []).append((row["authority"], row["iri"]))
    return {k: tuple(v) for k, v in out.items()}


@cache
def load_lexicon() -> Lexicon:
    links = _read_links()
    entries = [_entry("actor", r, links) for r in _read_jsonl("actors.jsonl")]
    entries += [_entry("instrument", r, links) for r in _read_jsonl("instruments.jsonl")]
    return Lexicon(
        entries=tuple(entries),
        modality_cues=tuple(_read_jsonl("modality.jsonl")),
        level_patterns=tuple(_read_jsonl("levels.jsonl")),
        sdg_patterns=tuple(_read_jsonl("sdg.jsonl")),
        figure_units=json.loads(files(DATA).joinpath("figures.json").read_text(encoding="utf-8")),
        links=links,
        abbreviations=json.loads(files(DATA).joinpath("abbreviations.json").read_text(encoding="utf-8"))["abbreviations"],
        reporting_titles=json.loads(files(DATA).joinpath("reporting_roles.json").read_text(encoding="utf-8"))["titles"],
    )
