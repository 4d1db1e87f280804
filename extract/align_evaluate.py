"""How well the alignment finds where the Global Compact takes up what another document says.

Two hand-checked gold files (``tests/gold/README-alignment.md``):

- ``alignment-A-72-643.jsonl``: each recommendation sentence of the report, the Compact's
  objectives that take it up (best first), the annex paragraphs and points, and how
  strongly (``direct``, ``partial``, ``none``);
- ``alignment-A-RES-76-266.jsonl``: each paragraph of the Progress Declaration and the
  objectives it discusses.

Scores (for each method):

- *objective top-1 / top-3*: of the gold lines that name objectives, how many have their
  best link (their best three links) in a paragraph of one of those objectives;
- *paragraph top-1 / top-3* (the report): of the lines that name annex paragraphs, how many
  have their best link (best three) in one of them (an objective, the vision or the
  follow-up part);
- *taken up*: with the method's threshold, how many lines are rightly said taken up or not
  (the report: ``none`` lines are not; the Declaration: a paragraph that discusses no
  objective is not, judged on its best link to an objective).

The report's lines are aligned twice: as the gold sentences themselves (the alignment on
its own) and through the statements migkg extracts (end to end: a line no extracted
statement matches counts as missed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from migkg.extract import align
from migkg.extract.errors import InputError
from migkg.extract.facts import ALIGNMENT_METHODS, Facts
from migkg.extract.model import Document, Span

GOLD_DIR = Path("tests/gold")
STATEMENTS = "extracted statements"


@dataclass(frozen=True, slots=True)
class GoldLine:
    paragraph: int
    text: str | None  # None: the whole paragraph (the Declaration's gold)
    objectives: tuple[int, ...]
    targets: tuple[int, ...]  # annex paragraph numbers
    strength: str  # direct | partial | none


def load_gold(path: Path) -> list[GoldLine]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(path, f"cannot read gold file: {err.strerror or err}") from None
    gold = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            objectives = tuple(int(k) for k in row["objectives"])
            gold.append(
                GoldLine(
                    paragraph=int(row["paragraph"]),
                    text=row.get("text"),
                    objectives=objectives,
                    targets=tuple(int(t["paragraph"]) for t in row.get("targets", ())),
                    strength=row.get("strength") or ("direct" if objectives else "none"),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(path, f"line {number}: not a gold line ({err})") from None
    return gold


@dataclass
class Score:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def __str__(self) -> str:
        if not self.total:
            return "—"
        return f"{self.right}/{self.total} ({100 * self.right / self.total:.0f}%)"


@dataclass
class MethodResult:
    method: str
    threshold: Decimal
    objective_top1: Score = field(default_factory=Score)
    objective_top3: Score = field(default_factory=Score)
    paragraph_top1: Score = field(default_factory=Score)
    paragraph_top3: Score = field(default_factory=Score)
    taken_up: Score = field(default_factory=Score)
    matched: int | None = None  # gold lines an extracted statement stands for (end to end)
    # (best score, is taken up in the gold) per line, for choosing a threshold
    decisions: list[tuple[float, bool]] = field(default_factory=list)


def _annex_numbers(target: Document) -> dict[str, int]:
    """Target paragraph eid -> the number the gold uses (the annex's, where there is one)."""
    annex = {p.eid: p.number for p in target.paragraphs if p.number is not None and p.eid.startswith("annex")}
    return annex or {p.eid: p.number for p in target.paragraphs if p.number is not None}


def _overlap(a: str, b: str) -> float:
    x, y = {s for s, _ in align.content_words(a)}, {s for s, _ in align.content_words(b)}
    return len(x & y) / max(1, min(len(x), len(y)))


def _source_eids(source: Document) -> dict[int, str]:
    """Gold paragraph number -> eid in the source (an annex's paragraphs where it has one)."""
    return {number: eid for eid, number in _annex_numbers(source).items()}


def _gold_unit(line: GoldLine, units: Sequence[align.SourceUnit], eid: str, whole: bool) -> list[align.SourceUnit]:
    """The units of the source that stand for one gold line: those of its paragraph (a
    whole-paragraph line), or the statement whose text matches the line best."""
    here = [u for u in units if u.paragraph == eid]
    if whole or line.text is None:
        return here
    scored = sorted(((_overlap(line.text, u.text), i) for i, u in enumerate(here)), reverse=True)
    return [here[scored[0][1]]] if scored and scored[0][0] >= 0.5 else []


def _score_lines(
    result: MethodResult,
    gold: Iterable[GoldLine],
    rankings_of: Sequence[list[align.Ranking]],
    passages: Sequence[align.Passage],
    numbers: dict[str, int],
    objective_only_decision: bool,
) -> None:
    by_order = {p.order: p for p in passages}
    objective_of = {p.order: p.objective for p in passages}
    for line, rankings in zip(gold, rankings_of, strict=True):
        merged: dict[int, float] = {}
        for ranking in rankings:
            for order, score, _ in ranking.paragraphs:
                merged[order] = max(score, merged.get(order, 0.0))
        ordered = sorted(merged, key=lambda o: (-merged[o], o))
        if line.objectives:
            firsts = [objective_of[o] for o in ordered[:3]]
            result.objective_top1.add(bool(firsts) and firsts[0] in line.objectives)
            result.objective_top3.add(any(k in line.objectives for k in firsts))
        if line.targets:
            numbered = [numbers.get(by_order[o].paragraph) for o in ordered[:3]]
            result.paragraph_top1.add(bool(numbered) and numbered[0] in line.targets)
            result.paragraph_top3.add(any(n in line.targets for n in numbered))
        if objective_only_decision:
            best = max((merged[o] for o in ordered if objective_of[o] is not None), default=0.0)
            positive = bool(line.objectives)
        else:
            best = merged[ordered[0]] if ordered else 0.0
            positive = line.strength != "none"
        result.decisions.append((best, positive))
        result.taken_up.add((best >= float(result.threshold)) == positive)


def evaluate(
    method: str,
    source: Document,
    facts: Facts | None,
    target: Document,
    gold: Sequence[GoldLine],
    *,
    objective_only_decision: bool = False,
    prior: float = align.OBJECTIVE_PRIOR,
) -> MethodResult:
    """Score ``method`` on ``gold``: with ``facts`` through the extracted statements, without
    them on the gold sentences themselves (or the whole paragraphs, where a line has no text)."""
    result = MethodResult(method, align.THRESHOLDS[method])
    passages = align.target_passages(target)
    numbers = _annex_numbers(target)
    eids = _source_eids(source)
    if facts is not None:
        units = align.source_units(source, facts)
        rankings, _ = align.rank(units, passages, method, prior)
        by_unit = {(r.unit.paragraph, r.unit.statement, r.unit.span): r for r in rankings}
        per_line = [
            [
                by_unit[(u.paragraph, u.statement, u.span)]
                for u in _gold_unit(line, units, eids[line.paragraph], line.text is None)
            ]
            for line in gold
        ]
        result.matched = sum(1 for found in per_line if found)
    else:
        units = []
        for line in gold:
            eid = eids[line.paragraph]
            text = line.text if line.text is not None else source.paragraph(eid).text
            units.append(align.SourceUnit(eid, None, "paragraph", Span(0, 0), "", text, source.paragraph(eid).text))
        rankings, _ = align.rank(units, passages, method, prior)
        per_line = [[r] for r in rankings]
    _score_lines(result, gold, per_line, passages, numbers, objective_only_decision)
    return result


KEEP = 0.9  # the share of taken-up lines a threshold must keep


def recall_threshold(decisions: Sequence[tuple[float, bool]], keep: float = KEEP) -> tuple[float, float, float]:
    """The highest threshold (to 2 decimals) that still keeps ``keep`` of the lines taken up
    in the gold, the share it keeps and the share of the not-taken-up lines it drops.

    Negatives are rare in the gold (3 of the report's 138 lines, 18 of the Declaration's 77
    paragraphs), and their scores overlap the positives': a threshold chosen for accuracy
    would say everything is taken up, one chosen for balanced accuracy would drop nearly half
    of what is. "Not taken up" is therefore a short list to check by hand."""
    positives = [s for s, p in decisions if p]
    negatives = [s for s, p in decisions if not p]
    if not positives:
        return 0.0, 0.0, 0.0
    best = (0.0, 1.0, 0.0)
    for t in (i / 100 for i in range(0, 101)):
        kept = sum(s >= t for s in positives) / len(positives)
        if kept < keep:
            break
        dropped = sum(s < t for s in negatives) / len(negatives) if negatives else 0.0
        best = (t, kept, dropped)
    return best


@dataclass
class Report:
    rows: list[tuple[str, str, MethodResult]]  # (task, method, result)

    def table(self) -> str:
        head = "| task | method | objective top-1 | objective top-3 | paragraph top-1 | paragraph top-3 | threshold | taken up right |"
        lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|"]
        for task, method, r in self.rows:
            lines.append(
                f"| {task} | {method} | {r.objective_top1} | {r.objective_top3} | {r.paragraph_top1} | "
                f"{r.paragraph_top3} | {r.threshold} | {r.taken_up} |"
            )
        for task, method, r in self.rows:
            if r.matched is not None and method == ALIGNMENT_METHODS[0] and STATEMENTS in task:
                lines.append(
                    f"\n{task}: {r.matched} of the {r.taken_up.total} gold lines are matched by a statement "
                    "migkg extracts (the others count as missed)."
                )
        thresholds = [
            "",
            f"Thresholds that keep {100 * KEEP:.0f}% of the lines taken up (the report's gold sentences and "
            "the Declaration's paragraphs):",
        ]
        for method in ALIGNMENT_METHODS:
            decisions = [
                d
                for task, m, r in self.rows
                if m == method and STATEMENTS not in task and "prior" not in task
                for d in r.decisions
            ]
            t, kept, dropped = recall_threshold(decisions)
            thresholds.append(
                f"- {method}: {t:.2f} (keeps {100 * kept:.0f}% of the taken up, drops {100 * dropped:.0f}% "
                f"of the not taken up); shipped {align.THRESHOLDS[method]}"
            )
        return "\n".join(lines + thresholds) + "\n"


def evaluate_all(
    seeds: Path = Path("seeds"),
    gold_dir: Path = GOLD_DIR,
    methods: Sequence[str] = ALIGNMENT_METHODS,
    model: str | None = None,
) -> Report:
    """The table of the README: every method on both gold files, the report's lines both on
    the gold sentences and through the extracted statements."""
    from migkg.extract.extraction import extract_facts
    from migkg.extract.structure import parse_file

    report, compact, review = (parse_file(seeds / f"{d}.txt") for d in ("A-72-643", "A-RES-73-195", "A-RES-76-266"))
    report_gold = load_gold(gold_dir / "alignment-A-72-643.jsonl")
    review_gold = load_gold(gold_dir / "alignment-A-RES-76-266.jsonl")
    report_facts = extract_facts(report, model=model)
    review_facts = extract_facts(review, model=model)
    rows = []
    for method in methods:
        rows.append(("A/72/643 gold sentences", method, evaluate(method, report, None, compact, report_gold)))
        rows.append((f"A/72/643 {STATEMENTS}", method, evaluate(method, report, report_facts, compact, report_gold)))
        rows.append(
            (
                "A/RES/76/266 paragraphs",
                method,
                evaluate(method, review, review_facts, compact, review_gold, objective_only_decision=True),
            )
        )
    rows.append(
        (
            "A/72/643 gold sentences, no objective prior",
            align.DEFAULT_METHOD,
            evaluate(align.DEFAULT_METHOD, report, None, compact, report_gold, prior=1.0),
        )
    )
    return Report(rows)
