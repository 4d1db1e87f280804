"""Which passages of a TARGET document take up the statements of a SOURCE document.

The Global Compact (A/RES/73/195) follows the Secretary-General's report A/72/643: each
recommendation and commitment of the report is compared with every passage of the Compact
(a sentence of a paragraph's own text, such as an objective's "We commit to ..." sentence, or
one of its (a), (b) ... action points) and linked to the paragraphs whose best passage is most
alike, best first, each link with its score, its method and the two passages as evidence.
A paragraph of SOURCE in which no statement was extracted is aligned as a whole, so that a
review declaration's "we note with concern ..." paragraphs are traced too.

Methods (measured in the README, ``migkg evaluate-alignment``):

- ``tfidf``: cosine of TF-IDF vectors (scikit-learn) over stemmed content words and their
  pairs, the vocabulary fitted on both documents;
- ``embedding``: cosine of static sentence embeddings (model2vec, numpy only) from the model
  shipped in ``extract/data/align_model`` (all-MiniLM-L6-v2 distilled once, offline:
  ``tests/distill_alignment_model.py``); nothing is downloaded;
- ``combined`` (the default): the mean of the two, which ranks better than either.

Pure Python over the typed document and facts; no RDF (that is :mod:`migkg.graph.alignment`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import numpy as np

from migkg.extract.errors import AlignmentError
from migkg.extract.facts import (
    ALIGNMENT_METHODS,
    Alignment,
    AlignmentEvidence,
    AlignmentLink,
    Facts,
)
from migkg.extract.model import Document, Paragraph, Span, Subsection

DEFAULT_METHOD = "combined"
DEFAULT_CANDIDATES = 3  # links kept per source: the analyst sees the runners-up
MODEL_PACKAGE = "migkg.extract.data"
MODEL_DIR = "align_model"
MODEL_NAME = "all-MiniLM-L6-v2 (model2vec static, PCA 128, float16)"
# Under these scores a source is not taken up: the highest that keeps 90% of the gold lines
# taken up (A/72/643 and A/RES/76/266 against A/RES/73/195; README "Alignment").
THRESHOLDS = {"tfidf": Decimal("0.05"), "embedding": Decimal("0.81"), "combined": Decimal("0.42")}
# A sentence is read in its paragraph ("They should also consider ..."): its score with a
# passage is the mean of its own and its paragraph's.
CONTEXT_WEIGHT = 0.5
# An objective's commitment and actions are what the Compact undertakes; its vision and
# principles restate the whole and are near to everything. Ranking the paragraphs of numbered
# parts 5% higher puts the best link in a right objective for 48 of the report's 91 gold
# lines instead of 37 (README "Alignment", with and without).
OBJECTIVE_PRIOR = 1.05
ALIGNED_KINDS = ("recommendation", "commitment")
TERMS_PER_LINK = 5

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# a sentence ends at ". " (or ";" before a capital, as in a chapeau's list) followed by a
# capital, a quote or a bracket; "para. 5" and "e.g. the" do not end one
_SENTENCE_END = re.compile(r"(?<![A-Z][a-z])(?<!\b[a-z])(?<=[.!?])\s+(?=[A-Z“\"(])")


@dataclass(frozen=True, slots=True)
class SourceUnit:
    """What is aligned: a statement of SOURCE, or a paragraph in which none was extracted."""

    paragraph: str
    statement: int | None  # the statement's n; None for a whole paragraph
    kind: str  # "recommendation", "commitment" or "paragraph"
    span: Span
    anchor: str  # the source text at span, verbatim
    text: str  # repaired text that is compared
    context: str = ""  # the text of its paragraph ("They should also ..." says more there)


@dataclass(frozen=True, slots=True)
class Passage:
    """What a source is compared with: a sentence of a TARGET paragraph's own text, or a point."""

    paragraph: str
    point: str | None
    span: Span
    text: str
    objective: int | None  # the number of the paragraph's numbered part ("Objective 5: ...")
    order: int  # position of the paragraph in TARGET (ties go to the earlier paragraph)


def _read_source(document: Document, source: str | None) -> str:
    if source is not None:
        return source
    try:
        return Path(document.source_path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise AlignmentError(f"{document.source_path}: cannot read the source text: {err}") from None


def source_units(document: Document, facts: Facts, source: str | None = None) -> list[SourceUnit]:
    """Every recommendation and commitment of ``facts``, and every numbered paragraph of
    ``document`` without one (as a whole), in document order."""
    text = _read_source(document, source)
    by_paragraph: dict[str, list[SourceUnit]] = {}
    texts = {p.eid: p.text for p in (*document.summary, *document.preamble, *document.paragraphs)}
    for s in facts.statements:
        if s.kind in ALIGNED_KINDS:
            unit = SourceUnit(s.paragraph, s.n, s.kind, s.span, s.anchor, s.text, texts.get(s.paragraph, ""))
            by_paragraph.setdefault(s.paragraph, []).append(unit)
    units: list[SourceUnit] = []
    for paragraph in (*document.summary, *document.preamble, *document.paragraphs):
        found = by_paragraph.pop(paragraph.eid, None)
        if found:
            units.extend(sorted(found, key=lambda u: (u.span.begin, u.statement or 0)))
        elif paragraph.label is not None and paragraph.text.strip():
            span = paragraph.span
            units.append(
                SourceUnit(paragraph.eid, None, "paragraph", span, span.slice(text), paragraph.text, paragraph.text)
            )
    for rest in by_paragraph.values():  # statements of parts not listed above (none expected)
        units.extend(rest)
    return units


def _objectives(document: Document) -> dict[str, Subsection]:
    """Subsection eid -> subsection, for the subsections that number themselves ("Objective 5: ...")."""
    return {
        sub.eid: sub
        for section in document.sections
        for sub in section.subsections
        if sub.letter is not None and sub.letter.isdigit()
    }


def _sentences(paragraph: Paragraph, end: int) -> list[tuple[int, int]]:
    """Clean-text ranges of the sentences of ``paragraph.text[:end]``."""
    text = paragraph.text[:end]
    ranges, begin = [], 0
    for m in _SENTENCE_END.finditer(text):
        ranges.append((begin, m.start()))
        begin = m.end()
    ranges.append((begin, len(text.rstrip())))
    return [(b, e) for b, e in ranges if text[b:e].strip()]


def target_passages(document: Document) -> list[Passage]:
    """The sentences of each numbered paragraph's own text (before its first point) and
    each of its points, in document order."""
    objectives = _objectives(document)
    # a sentence elsewhere that restates a numbered part's title (the Compact's para 16 lists
    # the 23 objectives) is that part's, not its paragraph's: left out there
    titles = [frozenset(s for s, _ in content_words(sub.title.split(":", 1)[-1])) for sub in objectives.values()]
    passages: list[Passage] = []
    numbered = [p for p in (*document.preamble, *document.paragraphs) if p.label is not None]
    titled: set[str] = set()
    for order, paragraph in enumerate(numbered):
        part = objectives.get(paragraph.subsection or "")
        objective = int(part.letter) if part is not None and part.letter is not None else None
        if part is not None and part.eid not in titled:
            # the heading names the objective in a few words: its first paragraph's passage too
            titled.add(part.eid)
            passages.append(Passage(paragraph.eid, None, part.span, part.title, objective, order))
        own_end = len(paragraph.text)
        if paragraph.points:
            own_end = paragraph.content.clean_offset(paragraph.points[0].span.begin)
        for begin, end in _sentences(paragraph, own_end):
            if objective is None and _restates(paragraph.text[begin:end], titles):
                continue
            span = paragraph.content.source_span(begin, end)
            passages.append(Passage(paragraph.eid, None, span, paragraph.text[begin:end], objective, order))
        for point in paragraph.points:
            if point.text.strip():
                passages.append(Passage(paragraph.eid, point.eid, point.span, point.text, objective, order))
    return passages


def _restates(sentence: str, titles: Sequence[frozenset[str]]) -> bool:
    words = {s for s, _ in content_words(sentence)}
    return any(title and len(words & title) >= 0.8 * max(len(words), len(title)) for title in titles)


# --- similarity -----------------------------------------------------------------------


def _stem(word: str) -> str:
    """A light suffix stripper: "migrants", "migrant" -> "migrant"; "communities" ->
    "community"; enough for TF-IDF to see one word where the texts inflect it."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4 and not w.endswith(("ss", "us", "is")):
            return w[: -len(suffix)] + repl
    return w


@cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def content_words(text: str) -> list[tuple[str, str]]:
    """(stem, word as written) for each content word of ``text``."""
    stop = _stop_words()
    return [(_stem(w), w) for w in _WORD.findall(text) if w.lower() not in stop and len(w) > 2]


def _analyzer(text: str) -> list[str]:
    stems = [s for s, _ in content_words(text)]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def tfidf_similarity(sources: Sequence[str], targets: Sequence[str]) -> tuple[np.ndarray, dict[str, float]]:
    """Cosine similarities (sources x targets) and the idf of each stem."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True)
    matrix = vectorizer.fit_transform([*sources, *targets])
    s, t = matrix[: len(sources)], matrix[len(sources) :]
    idf = dict(zip(vectorizer.get_feature_names_out(), vectorizer.idf_, strict=True))
    return np.asarray((s @ t.T).todense(), dtype=np.float64), idf


@cache
def embedding_model() -> Any:
    """The shipped static embedding model (model2vec), loaded from package data only."""
    from model2vec import StaticModel

    with as_file(files(MODEL_PACKAGE).joinpath(MODEL_DIR)) as path:
        if not (path / "model.safetensors").is_file():
            raise AlignmentError(f"the alignment model is missing from {path}; reinstall migkg")
        return StaticModel.from_pretrained(str(path))


def embedding_similarity(sources: Sequence[str], targets: Sequence[str]) -> np.ndarray:
    model = embedding_model()
    a = np.asarray(model.encode(list(sources)), dtype=np.float64)
    b = np.asarray(model.encode(list(targets)), dtype=np.float64)
    a /= np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return np.clip(a @ b.T, 0.0, 1.0)


def similarity(method: str, sources: Sequence[str], targets: Sequence[str]) -> tuple[np.ndarray, dict[str, float]]:
    """The (sources x targets) similarity matrix of ``method`` and the idf used for evidence."""
    if method not in ALIGNMENT_METHODS:
        raise AlignmentError(f"unknown alignment method {method!r}; choose from {', '.join(ALIGNMENT_METHODS)}")
    lexical, idf = tfidf_similarity(sources, targets)
    if method == "tfidf":
        return lexical, idf
    semantic = embedding_similarity(sources, targets)
    if method == "embedding":
        return semantic, idf
    return (lexical + semantic) / 2, idf


# --- alignment ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ranking:
    """The target paragraphs for one source, best first: (paragraph order, score, passage index)."""

    unit: SourceUnit
    paragraphs: tuple[tuple[int, float, int], ...]


def rank(
    units: Sequence[SourceUnit], passages: Sequence[Passage], method: str, prior: float = OBJECTIVE_PRIOR
) -> tuple[list[Ranking], dict[str, float]]:
    """For every source unit, every target paragraph by its score, with its best passage.

    A unit's score with a passage is the mean of its own and its paragraph's; a target
    paragraph's score is the mean of its best passage's and its whole text's, times
    ``prior`` for a paragraph of a numbered part (an objective)."""
    if not units or not passages:
        return [Ranking(u, ()) for u in units], {}
    whole: dict[int, list[str]] = {}
    for passage in passages:
        whole.setdefault(passage.order, []).append(passage.text)
    orders = sorted(whole)
    texts = [p.text for p in passages] + [" ".join(whole[o]) for o in orders]
    contexts = sorted({u.context for u in units if u.context})
    matrix, idf = similarity(method, [u.text for u in units] + contexts, texts)
    if contexts:
        # a sentence is read in its paragraph: a share of the score comes from the paragraph
        row = {c: len(units) + k for k, c in enumerate(contexts)}
        weight = CONTEXT_WEIGHT
        around = np.vstack([matrix[row[u.context]] if u.context else matrix[i] for i, u in enumerate(units)])
        matrix = (1 - weight) * matrix[: len(units)] + weight * around
    matrix = np.round(matrix, 6)  # stable under summation order: ties break on position
    column = {o: len(passages) + k for k, o in enumerate(orders)}
    rankings = []
    for i, unit in enumerate(units):
        best: dict[int, tuple[float, int]] = {}
        for j, passage in enumerate(passages):
            score = float(matrix[i, j])
            kept = best.get(passage.order)
            if kept is None or score > kept[0]:
                best[passage.order] = (score, j)
        # a paragraph takes a source up as a whole too: the mean of its best passage's score
        # and the score of its whole text (one bare point alike in words is not enough)
        best = {o: ((sc + float(matrix[i, column[o]])) / 2, j) for o, (sc, j) in best.items()}
        if prior != 1.0:
            best = {
                o: (min(1.0, sc * prior) if passages[j].objective is not None else sc, j) for o, (sc, j) in best.items()
            }
        ordered = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        rankings.append(Ranking(unit, tuple((order, score, j) for order, (score, j) in ordered)))
    return rankings, idf


def shared_terms(source: str, target: str, idf: dict[str, float], limit: int = TERMS_PER_LINK) -> tuple[str, ...]:
    """The content words both texts use, rarest first (as the target writes them)."""
    source_stems = {s for s, _ in content_words(source)}
    written: dict[str, str] = {}
    for stem, word in content_words(target):
        if stem in source_stems:
            written.setdefault(stem, word.lower())
    ordered = sorted(written, key=lambda stem: (-idf.get(stem, 0.0), stem))
    return tuple(written[stem] for stem in ordered[:limit])


def _score(value: float) -> Decimal:
    """4 decimals in canonical form ("0.43", not "0.4300"): what an RDF store gives back."""
    text = f"{value:.4f}".rstrip("0")
    return Decimal(text + "0" if text.endswith(".") else text)


def align(
    source: Document,
    facts: Facts,
    target: Document,
    *,
    method: str = DEFAULT_METHOD,
    candidates: int = DEFAULT_CANDIDATES,
    threshold: Decimal | None = None,
    source_text: str | None = None,
    target_text: str | None = None,
    software_version: str = "",
) -> Alignment:
    """Link each recommendation and commitment of ``source`` (and each paragraph without
    one) to the ``candidates`` paragraphs of ``target`` that take it up best."""
    if facts.run.doc_id != source.doc_id:
        raise AlignmentError(f"facts of {facts.run.doc_id} cannot align document {source.doc_id}")
    if candidates < 1:
        raise AlignmentError("an alignment keeps at least one candidate per source")
    units = source_units(source, facts, source_text)
    passages = target_passages(target)
    target_source = _read_source(target, target_text)
    rankings, idf = rank(units, passages, method)
    links: list[AlignmentLink] = []
    for ranking in rankings:
        unit = ranking.unit
        for rank_, (_, score, j) in enumerate(ranking.paragraphs[:candidates], start=1):
            passage = passages[j]
            evidence = AlignmentEvidence(
                source_span=unit.span,
                source_anchor=unit.anchor,
                target_span=passage.span,
                target_anchor=passage.span.slice(target_source),
                terms=shared_terms(unit.text, passage.text, idf),
            )
            links.append(
                AlignmentLink(
                    source_paragraph=unit.paragraph,
                    statement=unit.statement,
                    target_paragraph=passage.paragraph,
                    target_point=passage.point,
                    rank=rank_,
                    score=_score(score),
                    method=method,
                    evidence=evidence,
                    objective=passage.objective,
                )
            )
    return Alignment(
        source_doc=source.doc_id,
        target_doc=target.doc_id,
        method=method,
        threshold=THRESHOLDS[method] if threshold is None else threshold,
        candidates=candidates,
        links=tuple(links),
        sources=len(units),
        model_name=None if method == "tfidf" else MODEL_NAME,
        software_version=software_version,
    )
