"""Loader for the extraction data files in ``extract/data/`` (package ``migkg.extract.data``),
and for a user's lexicon directory that extends them.

- ``actors.jsonl`` / ``instruments.jsonl``: one entry per canonical key with label, type,
  aliases (matched case-insensitively), ``case_sensitive`` names (matched exactly, e.g.
  "the Organization", "States"), acronyms, optional symbol / SDG code / level, and
  ``links``: names of rows in ``links.tsv`` (verified external IRIs).
- ``modality.jsonl``: the words that signal each modality (``kind`` modal, performative,
  commitment, impersonal or existential), ``levels.jsonl``: token patterns per governance
  level, ``sdg.jsonl``: token patterns for SDG goals and targets, ``figures.json``: units.
- ``reporting_roles.json``: titles of offices whose reports speak of their author in the
  third person ("The Secretary-General recommends that ...").
- ``words.json``: the closed word lists of the rules; ``confidence.tsv``: the confidence of
  every rule; ``vocabulary.json``: the types, levels and modalities an entry may name.

A user lexicon directory holds any of :data:`USER_FILES`, in the schema of the shipped file
of the same name. Its entries are added to the shipped ones; an entry with a shipped key
replaces that entry (actors and instruments: ``id``; levels: ``id``, all its patterns;
modality: ``id`` and ``kind``, all their words). Every line is checked: an unusable one is a
:class:`LexiconError` naming ``file:line`` and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.schemas import validate_token_pattern

from migkg.extract.errors import InputError

DATA = "migkg.extract.data"
USER_FILES = ("actors.jsonl", "instruments.jsonl", "levels.jsonl", "modality.jsonl")


class LexiconError(InputError):
    """A lexicon file cannot be used; ``path`` is ``file:line`` when one line is at fault."""


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


@dataclass(frozen=True, slots=True)
class Line:
    """One record of a JSONL file and where it was read (``file:line``)."""

    row: dict[str, Any]
    where: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What an entry may name (``vocabulary.json``, checked against the ontology by a test)."""

    actor_types: frozenset[str]
    instrument_types: frozenset[str]
    levels: frozenset[str]
    modalities: frozenset[str]
    cue_kinds: Mapping[str, tuple[str, ...]]  # kind -> the word fields it takes


class Lexicon:
    """The curated entries with their lookup indexes, the cue data and the rules' word lists."""

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
        words: Mapping[str, frozenset[str]],
        confidences: Mapping[str, float],
        directory: str | None = None,
        digest: str | None = None,
    ) -> None:
        self.abbreviations = abbreviations
        self.reporting_titles = reporting_titles
        self.entries = entries
        self.modality_cues = modality_cues
        self.level_patterns = level_patterns
        self.sdg_patterns = sdg_patterns
        self.figure_units = figure_units
        self.links = links  # links.tsv: entity name -> (authority, IRI) pairs
        self.words = words  # words.json: list name -> words
        self.confidences = confidences  # confidence.tsv: rule -> value
        self.directory = directory  # the user lexicon directory, None for the shipped lexicon
        self.digest = digest  # sha256 of the user lexicon's files

        self._keys: dict[str, Entry] = {}
        self._names: dict[str, Entry] = {}
        self._exact: dict[str, Entry] = {}
        self._symbols: dict[str, Entry] = {}
        for e in entries:
            if e.key in self._keys:
                raise LexiconError("actors.jsonl / instruments.jsonl", f"duplicate key {e.key!r}")
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

    def confidence(self, rule: str) -> float:
        """The value of a row of ``confidence.tsv``."""
        try:
            return self.confidences[rule]
        except KeyError:
            raise LexiconError(_data_path("confidence.tsv"), f"no row for rule {rule!r}") from None

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


# -- reading ---------------------------------------------------------------------------------


def _data_path(name: str) -> str:
    return str(files(DATA).joinpath(name))


def _data_text(name: str) -> str:
    return files(DATA).joinpath(name).read_text(encoding="utf-8")


def _data_json(name: str) -> Any:
    return json.loads(_data_text(name))


def _jsonl(where: str, text: str) -> list[Line]:
    """The records of a JSONL text; ``where`` is the file name used in error messages."""
    lines: list[Line] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as err:
            raise LexiconError(f"{where}:{n}", f"not valid JSON: {err.msg} (column {err.colno})") from None
        if not isinstance(row, dict):
            raise LexiconError(f"{where}:{n}", f"a line must be a JSON object, not {type(row).__name__}")
        lines.append(Line(row, f"{where}:{n}"))
    return lines


def _read_links() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(_data_text("links.tsv").splitlines(), delimiter="\t"):
        out.setdefault(row["entity"], []).append((row["authority"], row["iri"]))
    return {k: tuple(v) for k, v in out.items()}


def _read_words() -> dict[str, frozenset[str]]:
    lists = _data_json("words.json")["lists"]
    return {name: frozenset(spec["words"]) for name, spec in lists.items()}


def _read_confidences() -> dict[str, float]:
    where = _data_path("confidence.tsv")
    rows = [
        (n, line)
        for n, line in enumerate(_data_text("confidence.tsv").splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    header = rows[0][1].split("\t")
    values: dict[str, float] = {}
    for n, line in rows[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise LexiconError(f"{where}:{n}", f"{len(cells)} columns, not {len(header)} ({', '.join(header)})")
        row = dict(zip(header, cells, strict=True))
        try:
            value = float(row["value"])
        except (KeyError, ValueError):
            raise LexiconError(f"{where}:{n}", f"value {row.get('value')!r} is not a number") from None
        if not 0.0 <= value <= 1.0:
            raise LexiconError(f"{where}:{n}", f"value {value} is not in [0, 1]")
        values[row["rule"]] = value
    return values


def _read_vocabulary() -> Vocabulary:
    v = _data_json("vocabulary.json")
    return Vocabulary(
        frozenset(v["actor_types"]),
        frozenset(v["instrument_types"]),
        frozenset(v["levels"]),
        frozenset(v["modalities"]),
        {k: tuple(f) for k, f in v["cue_kinds"].items()},
    )


# -- checking one line -----------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(_is_text(v) for v in value)


def _is_pattern(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


_SHAPES: dict[str, Callable[[Any], bool]] = {
    "a non-empty string": _is_text,
    "a list of non-empty strings": _is_texts,
    "a token pattern (a non-empty list of objects)": _is_pattern,
}
_TEXT, _TEXTS, _PATTERN = _SHAPES
# field -> (shape, required)
ENTRY_FIELDS = {
    "id": (_TEXT, True),
    "label": (_TEXT, True),
    "type": (_TEXT, True),
    "aliases": (_TEXTS, False),
    "case_sensitive": (_TEXTS, False),
    "acronyms": (_TEXTS, False),
    "links": (_TEXTS, False),
    "symbol": (_TEXT, False),
    "sdg": (_TEXT, False),
    "level": (_TEXT, False),
}
LEVEL_FIELDS = {"id": (_TEXT, True), "pattern": (_PATTERN, True)}
MODALITY_FIELDS = {
    "id": (_TEXT, True),
    "kind": (_TEXT, True),
    "lemmas": (_TEXTS, False),
    "phrase": (_TEXTS, False),
    "particles": (_TEXTS, False),
    "adjectives": (_TEXTS, False),
    "nouns": (_TEXTS, False),
}


def _check_fields(line: Line, fields: Mapping[str, tuple[str, bool]]) -> None:
    for name, (shape, required) in fields.items():
        if name not in line.row:
            if required:
                raise LexiconError(line.where, f"missing required field {name!r}")
        elif not _SHAPES[shape](line.row[name]):
            raise LexiconError(line.where, f"field {name!r} must be {shape}, not {json.dumps(line.row[name])}")
    unknown = sorted(line.row.keys() - fields.keys())
    if unknown:
        raise LexiconError(line.where, f"unknown field {unknown[0]!r} (fields: {', '.join(fields)})")


def _one_of(line: Line, field: str, value: str, allowed: frozenset[str], what: str) -> None:
    if value not in allowed:
        raise LexiconError(
            line.where, f"unknown {what} {value!r} in field {field!r} (one of: {', '.join(sorted(allowed))})"
        )


def _check_entry(line: Line, kind: str, vocabulary: Vocabulary, links: Mapping[str, Any]) -> None:
    _check_fields(line, ENTRY_FIELDS)
    types = vocabulary.actor_types if kind == "actor" else vocabulary.instrument_types
    _one_of(line, "type", line.row["type"], types, f"{kind} type")
    if "level" in line.row:
        _one_of(line, "level", line.row["level"], vocabulary.levels, "level")
    for name in line.row.get("links", ()):
        if name not in links:
            raise LexiconError(line.where, f"link name {name!r} is not in links.tsv")


def _check_level(line: Line, vocabulary: Vocabulary) -> None:
    _check_fields(line, LEVEL_FIELDS)
    _one_of(line, "id", line.row["id"], vocabulary.levels, "level")
    errors = validate_token_pattern(line.row["pattern"])
    if errors:
        raise LexiconError(line.where, f"invalid token pattern: {' '.join(errors[0].split())}")


def _check_cue(line: Line, vocabulary: Vocabulary) -> None:
    _check_fields(line, MODALITY_FIELDS)
    _one_of(line, "id", line.row["id"], vocabulary.modalities, "modality")
    kind = line.row["kind"]
    _one_of(line, "kind", kind, frozenset(vocabulary.cue_kinds), "cue kind")
    takes = vocabulary.cue_kinds[kind]
    stray = sorted(line.row.keys() - {"id", "kind", *takes})
    if stray:
        raise LexiconError(
            line.where, f"field {stray[0]!r} does not belong to kind {kind!r} (it takes: {', '.join(takes)})"
        )
    if not any(f in line.row for f in takes if f != "particles"):
        raise LexiconError(line.where, f"a {kind} cue needs one of: {', '.join(f for f in takes if f != 'particles')}")


# -- building --------------------------------------------------------------------------------


def _merge(shipped: list[Line], user: list[Line], key: Callable[[Line], Hashable]) -> list[Line]:
    """User lines replace the shipped lines of their key (where the first of those stood); lines
    with a new key come after the shipped ones."""
    replacing = {key(line) for line in user}
    merged: list[Line] = []
    placed: set[Hashable] = set()
    for line in shipped:
        k = key(line)
        if k not in replacing:
            merged.append(line)
        elif k not in placed:
            merged.extend(u for u in user if key(u) == k)
            placed.add(k)
    merged.extend(u for u in user if key(u) not in placed)
    return merged


def _check_user_keys(actors: list[Line], instruments: list[Line], user: set[str]) -> None:
    """Keys are unique across actors and instruments; a user name belongs to one entry only."""
    seen: dict[str, Line] = {}
    names: dict[str, Line] = {}
    for line in (*actors, *instruments):
        key = line.row["id"]
        if key in seen:
            raise LexiconError(line.where, f"id {key!r} is already used at {seen[key].where}")
        seen[key] = line
    for line in (*actors, *instruments):
        row = line.row
        exact = (" ".join(n.split()) for n in (*row.get("case_sensitive", ()), *row.get("acronyms", ())))
        for name in dict.fromkeys((*(normalise(n) for n in (row["label"], *row.get("aliases", ()))), *exact)):
            other = names.setdefault(name, line)
            if other.row["id"] != row["id"] and (line.where in user or other.where in user):
                mine, theirs = (line, other) if line.where in user else (other, line)
                raise LexiconError(
                    mine.where,
                    f"name {name!r} already names {theirs.row['id']!r} "
                    f"({theirs.where}); to change that entry, give its id",
                )


def _entry(kind: str, line: Line, links: dict[str, tuple[tuple[str, str], ...]]) -> Entry:
    row = line.row
    # only Wikidata rows become skos:exactMatch; SDG KOS IRIs come from the "sdg" code
    iris = [iri for name in row.get("links", ()) for authority, iri in links[name] if authority == "wikidata"]
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


def _build(user: Mapping[str, tuple[str, str]], directory: str | None, digest: str | None) -> Lexicon:
    """The shipped lexicon extended by ``user``: file name -> (path for messages, text)."""
    vocabulary = _read_vocabulary()
    links = _read_links()

    def lines(name: str) -> tuple[list[Line], list[Line]]:
        shipped = _jsonl(_data_path(name), _data_text(name))
        return shipped, (_jsonl(*user[name]) if name in user else [])

    by_id: Callable[[Line], Hashable] = lambda line: line.row["id"]  # noqa: E731
    merged: dict[str, list[Line]] = {}
    user_lines: set[str] = set()
    for name, kind in (("actors.jsonl", "actor"), ("instruments.jsonl", "instrument")):
        shipped, own = lines(name)
        for line in (*shipped, *own):
            _check_entry(line, kind, vocabulary, links)
        user_lines.update(line.where for line in own)
        merged[kind] = _merge(shipped, own, by_id)
    _check_user_keys(merged["actor"], merged["instrument"], user_lines)
    shipped, own = lines("levels.jsonl")
    for line in (*shipped, *own):
        _check_level(line, vocabulary)
    levels = _merge(shipped, own, by_id)
    shipped, own = lines("modality.jsonl")
    for line in (*shipped, *own):
        _check_cue(line, vocabulary)
    cues = _merge(shipped, own, lambda line: (line.row["id"], line.row["kind"]))
    return Lexicon(
        entries=tuple(_entry(kind, line, links) for kind in ("actor", "instrument") for line in merged[kind]),
        modality_cues=tuple(line.row for line in cues),
        level_patterns=tuple(line.row for line in levels),
        sdg_patterns=tuple(line.row for line in _jsonl(_data_path("sdg.jsonl"), _data_text("sdg.jsonl"))),
        figure_units=_data_json("figures.json"),
        links=links,
        abbreviations=_data_json("abbreviations.json")["abbreviations"],
        reporting_titles=_data_json("reporting_roles.json")["titles"],
        words=_read_words(),
        confidences=_read_confidences(),
        directory=directory,
        digest=digest,
    )


def _user_files(directory: Path) -> dict[str, bytes]:
    if not directory.is_dir():
        problem = "is not a directory" if directory.exists() else "no such lexicon directory"
        raise LexiconError(directory, problem)
    found: dict[str, bytes] = {}
    for name in USER_FILES:
        path = directory / name
        if path.is_file():
            try:
                found[name] = path.read_bytes()
            except OSError as err:
                raise LexiconError(path, f"cannot read: {err.strerror or err}") from None
    if not found:
        raise LexiconError(
            directory, f"a lexicon directory holds at least one of {', '.join(USER_FILES)}; this one holds none"
        )
    return found


def lexicon_digest(contents: Mapping[str, bytes]) -> str:
    """sha256 of a user lexicon: its file names and bytes, in name order."""
    h = hashlib.sha256()
    for name in sorted(contents):
        h.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    return h.hexdigest()


@cache
def _load(directory: str | None, contents: tuple[tuple[str, bytes], ...]) -> Lexicon:
    if directory is None:
        return _build({}, None, None)
    user: dict[str, tuple[str, str]] = {}
    for name, data in contents:
        path = os.path.join(directory, name)
        try:
            user[name] = (path, data.decode("utf-8"))
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise LexiconError(f"{path}:{line}", f"not UTF-8 (byte {err.start} of the file)") from None
    return _build(user, directory, lexicon_digest(dict(contents)))


def load_lexicon(directory: str | os.PathLike[str] | None = None) -> Lexicon:
    """The shipped lexicon, or the shipped lexicon extended by the user lexicon ``directory``.

    Loaded once per process for each directory and content: a changed file is read again.
    """
    if directory is None:
        return _load(None, ())
    contents = _user_files(Path(directory))
    return _load(os.fspath(directory), tuple(sorted(contents.items())))
