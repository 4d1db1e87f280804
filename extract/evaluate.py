"""Precision, recall and F1 of the extracted facts against a hand-made gold annotation.

The gold file is JSONL, one line per annotated paragraph::

    {"paragraph": "para_59",
     "statements": [{"text": "...", "kind": "recommendation", "addressees": ["member-states"],
                     "modality": "call-upon", "source": ["secretary-general"], "status": "noted"}, ...],
     "actors": ["member-states", "migrants"], "instruments": ["sdgs"],
     "figures": [{"value": "258000000", "unit": "international migrants"}]}

Only the annotated paragraphs are scored. Statements are matched within a paragraph by
their words (overlap coefficient >= 0.6, best match first), separately per kind. Fact
types: ``recommendation``, ``commitment`` and ``decision`` (the statements), ``addressee``
((statement, actor) pairs), ``modality`` ((statement, modality) pairs), ``source`` ((statement,
actor) pairs of who recommends or decides) and ``status`` ((statement, UPR response) pairs),
the last two only on statements whose gold has the field; ``actor`` and ``instrument``
((paragraph, key) pairs of mentions), ``figure`` ((paragraph, value) pairs).
``addressee-or-subject`` is an accuracy: the share of matched gold recommendations whose
addressees are exactly right, or, where the gold names none, that name no actor.
An actor of the gold may be written by its key, or a State by its ISO 3166 alpha-3 code.

:func:`precision_by_rule` measures each extraction rule (the rows of
``extract/data/confidence.tsv``) on the same gold: how many of the facts it found are right.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from spacy.scorer import PRFScore

from migkg.extract.errors import InputError
from migkg.extract.facts import Facts, Statement
from migkg.extract.model import Document

STATEMENT_TYPES = ("recommendation", "commitment", "decision")
FACT_TYPES = (
    *STATEMENT_TYPES,
    "addressee",
    "modality",
    "source",
    "status",
    "addressee-or-subject",
    "actor",
    "instrument",
    "figure",
)
MATCH_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of one fact type; the arithmetic is spaCy's :class:`~spacy.scorer.PRFScore`, except
    that nothing found where nothing was to be found scores 1 (spaCy: 0)."""

    tp: int
    fp: int
    fn: int

    def prf(self) -> PRFScore:
        return PRFScore(tp=self.tp, fp=self.fp, fn=self.fn)

    @property
    def precision(self) -> float:
        return self.prf().precision if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.prf().recall if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return self.prf().fscore if self.tp + self.fp + self.fn else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


ZERO = Score(0, 0, 0)


@dataclass(frozen=True, slots=True)
class GoldStatement:
    text: str
    kind: str
    addressees: frozenset[str]
    modality: str
    sources: frozenset[str] | None = None  # None: not annotated
    status: str | None = None  # None: not annotated; "" for none


@dataclass(frozen=True, slots=True)
class GoldParagraph:
    paragraph: str
    statements: tuple[GoldStatement, ...]
    actors: frozenset[str]
    instruments: frozenset[str]
    figures: frozenset[Decimal]
    starts: str = ""  # the paragraph's first words, to find it where its eid differs


def _value(raw: Any, path: Path, line: int) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise InputError(path, f"line {line}: figure value {raw!r} is not a number") from None


def _gold_statement(s: dict[str, Any]) -> GoldStatement:
    sources = s.get("source", s.get("sources"))
    if isinstance(sources, str):
        sources = [sources]
    return GoldStatement(
        s["text"],
        s["kind"],
        frozenset(s.get("addressees", ())),
        s.get("modality", ""),
        frozenset(sources) if sources is not None else None,
        _status(s["status"]) if "status" in s else None,
    )


def _status(status: str | None) -> str:
    """A response as a concept key: "to be examined" and "to-be-examined" are one."""
    return "-".join((status or "").lower().split())


def load_gold(path: Path) -> list[GoldParagraph]:
    """Read a gold JSONL file; a malformed line is an InputError naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(path, f"cannot read gold file: {err.strerror or err}") from None
    gold: list[GoldParagraph] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            statements = tuple(_gold_statement(s) for s in row.get("statements", ()))
            gold.append(
                GoldParagraph(
                    paragraph=row["paragraph"],
                    statements=statements,
                    actors=frozenset(row.get("actors", ())),
                    instruments=frozenset(row.get("instruments", ())),
                    figures=frozenset(_value(f["value"], path, n) for f in row.get("figures", ())),
                    starts=row.get("starts", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise InputError(path, f"line {n}: not a gold paragraph record ({type(err).__name__}: {err})") from None
    if not gold:
        raise InputError(path, "gold file has no annotated paragraphs")
    return gold


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def match_statements(gold: list[GoldStatement], predicted: list[Statement]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index), best word overlap first, each used once."""
    candidates = sorted(
        ((_similarity(g.text, p.text), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for sim, i, j in candidates:
        if sim < MATCH_THRESHOLD:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _set_score(gold: frozenset[Any], predicted: set[Any]) -> Score:
    prf = PRFScore()
    prf.score_set(predicted, set(gold))
    return Score(prf.tp, prf.fp, prf.fn)


def actor_names(facts: Facts) -> dict[str, str]:
    """How a gold file may name each extracted actor: its key, or a State's ISO 3166 code."""
    names = {a.key: a.key for a in facts.actors}
    names.update({a.country_code.lower(): a.key for a in facts.actors if a.country_code})
    return names


def _keys(gold: frozenset[str], names: dict[str, str]) -> frozenset[str]:
    return frozenset(names.get(k.lower(), k) for k in gold)


def _statement_fields(g: GoldStatement, p: Statement, names: dict[str, str]) -> dict[str, Score]:
    """The scores of one matched pair: addressees, modality, source, status, addressee-or-subject."""
    gold_addressees = _keys(g.addressees, names)
    same = g.modality == p.modality
    scores = {
        "addressee": _set_score(gold_addressees, set(p.addressees)),
        "modality": Score(int(same), int(not same), int(not same)),
    }
    if g.sources is not None:
        scores["source"] = _set_score(_keys(g.sources, names), set(p.sources))
    if g.status is not None:
        right = _status(p.status) == g.status
        scores["status"] = Score(
            int(right and bool(g.status)), int(not right and bool(p.status)), int(not right and bool(g.status))
        )
    if g.kind == "recommendation":
        right = gold_addressees == set(p.addressees)
        scores["addressee-or-subject"] = Score(int(right), 0, int(not right))
    return scores


def evaluate(facts: Facts, gold: list[GoldParagraph]) -> dict[str, Score]:
    scores = dict.fromkeys(FACT_TYPES, ZERO)
    names = actor_names(facts)
    for para in gold:
        for kind in STATEMENT_TYPES:
            g = [s for s in para.statements if s.kind == kind]
            p = [s for s in facts.statements if s.paragraph == para.paragraph and s.kind == kind]
            pairs = match_statements(g, p)
            scores[kind] += Score(len(pairs), len(p) - len(pairs), len(g) - len(pairs))
            matched_g = {i for i, _ in pairs}
            matched_p = {j for _, j in pairs}
            for i, j in pairs:
                for name, score in _statement_fields(g[i], p[j], names).items():
                    scores[name] += score
            for j, predicted in enumerate(p):
                if j not in matched_p:
                    scores["addressee"] += Score(0, len(set(predicted.addressees)), 0)
                    scores["modality"] += Score(0, 1, 0)
            for i, missed in enumerate(g):
                if i not in matched_g:
                    scores["addressee"] += Score(0, 0, len(missed.addressees))
                    scores["modality"] += Score(0, 0, 1)
                    scores["source"] += Score(0, 0, len(missed.sources or ()))
                    scores["status"] += Score(0, 0, int(bool(missed.status)))
                    scores["addressee-or-subject"] += Score(0, 0, int(kind == "recommendation"))
        actors = {m.key for m in facts.mentions if m.kind == "actor" and m.paragraph == para.paragraph}
        instruments = {m.key for m in facts.mentions if m.kind == "instrument" and m.paragraph == para.paragraph}
        figures = {f.value for f in facts.figures if f.paragraph == para.paragraph}
        scores["actor"] += _set_score(para.actors, actors)
        scores["instrument"] += _set_score(para.instruments, instruments)
        scores["figure"] += _set_score(para.figures, figures)
    return scores


def precision_by_rule(facts: Facts, gold: list[GoldParagraph]) -> dict[str, Score]:
    """Per rule of ``confidence.tsv``: the facts it found in the annotated paragraphs that are
    right (tp) and wrong (fp). A statement is right when it matches a gold statement of its
    kind, a mention when the gold lists its key for the paragraph, a figure its value."""
    found: dict[str, Score] = {}

    def count(rule: str, right: bool) -> None:
        found[rule] = found.get(rule, ZERO) + Score(int(right), int(not right), 0)

    for para in gold:
        for kind in STATEMENT_TYPES:
            g = [s for s in para.statements if s.kind == kind]
            p = [s for s in facts.statements if s.paragraph == para.paragraph and s.kind == kind]
            matched = {j for _, j in match_statements(g, p)}
            for j, s in enumerate(p):
                count(s.rule, j in matched)
        for m in facts.mentions:
            if m.paragraph == para.paragraph:
                count(m.method, m.key in (para.actors if m.kind == "actor" else para.instruments))
        for f in facts.figures:
            if f.paragraph == para.paragraph:
                count("figure", f.value in para.figures)
    return dict(sorted(found.items()))


def format_scores(scores: dict[str, Score]) -> str:
    rows = [f"{'fact type':<15} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for name in FACT_TYPES:
        s = scores[name]
        rows.append(f"{name:<15} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(rows) + "\n"


DEFAULT_INPUT = Path("seeds") / "A-72-643.txt"


def default_gold(doc_id: str) -> Path:
    """Where the gold annotation of a document lives in a checkout: tests/gold/extraction-<doc_id>.jsonl."""
    return Path("tests") / "gold" / f"extraction-{doc_id}.jsonl"


@dataclass(frozen=True, slots=True)
class Evaluation:
    doc_id: str
    gold: Path
    paragraphs: int
    model: str
    scores: dict[str, Score]

    def report(self) -> str:
        head = f"{self.doc_id}: {self.paragraphs} annotated paragraphs ({self.gold}), model {self.model}\n"
        return head + format_scores(self.scores)


def _located(gold: GoldParagraph, document: Document) -> GoldParagraph:
    """The gold paragraph under the eid of the paragraph its ``starts`` words open, where the
    parser counts blocks differently ("preamble__block_8" may be the parser's block 9)."""
    starts = _words_in_order(gold.starts)
    if not starts:
        return gold
    parts = (*document.summary, *document.preamble, *document.paragraphs)
    opening = {p.eid: _words_in_order(p.text)[: len(starts)] for p in parts}
    if opening.get(gold.paragraph) == starts:
        return gold
    found = [eid for eid, words in opening.items() if words == starts]
    return replace(gold, paragraph=found[0]) if len(found) == 1 else gold


def _words_in_order(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def evaluate_source(source: Path, gold: Path | None = None, model: str | None = None) -> Evaluation:
    """Parse ``source`` (a text or the official PDF), extract its facts and score them against ``gold``."""
    from migkg.extract.extraction import extract_facts, model_description
    from migkg.extract.structure import parse_file

    text: str | None = None
    if source.suffix.lower() == ".pdf":
        from migkg.extract.pdf import parse_pdf

        document, pdf = parse_pdf(source)
        text = pdf.text
    else:
        document = parse_file(source)
    gold_path = gold if gold is not None else default_gold(document.doc_id)
    annotated = load_gold(gold_path)
    annotated = [_located(p, document) for p in annotated]
    known = {p.eid for p in (*document.summary, *document.preamble, *document.paragraphs)}
    missing = [p.paragraph for p in annotated if p.paragraph not in known]
    if missing:
        raise InputError(gold_path, f"paragraphs not in {source}: {', '.join(missing[:5])}")
    facts = extract_facts(document, source=text, model=model)
    return Evaluation(
        document.doc_id, gold_path, len(annotated), model_description(facts.run), evaluate(facts, annotated)
    )
