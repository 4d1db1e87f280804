"""spaCy rule components of the migkg pipeline.

Each component is a class taking ``nlp`` and ``name`` and keyword-only config, built by a
factory registered with ``@Language.factory``. Its data (patterns, cue words, word lists,
confidences) comes through its ``initialize(get_examples=None, *, nlp=None, ...)`` method,
so that a test runs it on ``spacy.blank("en")`` with a handful of patterns, and
:func:`migkg.extract.nlp.build_pipeline` feeds it the lexicon (shipped, or extended by a
user's directory). Never ``nlp.initialize()``: it would reset the trained pipeline's weights.
The components annotate ``doc.spans`` groups only (never ``doc.ents``, which the trained NER
owns):

- ``migkg_entities``: a SpanRuler over the curated actor and instrument names (labels
  ACTOR / INSTRUMENT, ``span.id_`` = canonical key) and SDG goal / target patterns;
- ``migkg_abbreviations``: no sentence starts after "paras." or "No.";
- ``migkg_acronyms``: "Long Name (ACR)" definitions and bare acronyms to resolve;
- ``migkg_levels``: governance-level cues;
- ``migkg_figures``: quantities with their unit (``span._.migkg_figure``);
- ``migkg_statements``: prescriptive sentences and commitments (``span._.migkg_cue``).

The statement rules run over the dependency parse (:class:`DependencyRules`); a blank
pipeline, which has none, gets the smaller word-order rules (:class:`TokenRules`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token
from spacy.training import Example
from spacy.util import filter_spans

ENTITIES = "migkg_entities"
ACRONYM_DEFINITIONS = "migkg_acronym_definitions"
ACRONYMS = "migkg_acronyms"
LEVELS = "migkg_levels"
FIGURES = "migkg_figures"
STATEMENTS = "migkg_statements"

GetExamples = Callable[[], Iterable[Example]]

if not Span.has_extension("migkg_cue"):
    Span.set_extension("migkg_cue", default=None)
if not Span.has_extension("migkg_figure"):
    Span.set_extension("migkg_figure", default=None)


class NotInitializedWarning(UserWarning):
    """A rule component ran before ``initialize`` gave it its data: it finds nothing."""


def _warn_empty(name: str) -> None:
    warnings.warn(
        f"{name} has no patterns: call its initialize(...) with the lexicon data first",
        NotInitializedWarning,
        stacklevel=3,
    )


def _longest(existing: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    """Keep the longest of overlapping matches ("global compact on refugees" over "global compact")."""
    return filter_spans([*existing, *new])


@Language.factory(
    "migkg_entities",
    assigns=["doc.spans"],
    default_config={"spans_key": ENTITIES},
)
def make_entity_ruler(nlp: Language, name: str, *, spans_key: str) -> SpanRuler:
    """A SpanRuler; its patterns come through ``initialize(..., patterns=Lexicon.ruler_patterns())``."""
    return SpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        phrase_matcher_attr="LOWER",
        spans_filter=_longest,
        annotate_ents=False,
        overwrite=True,
        validate=True,
    )


# ---------------------------------------------------------------------------------------
# Sentence boundaries
# ---------------------------------------------------------------------------------------


class AbbreviationGuard:
    """No sentence starts right after "paras." or "No." (``abbreviations.json``).

    Runs before the parser (or after the sentencizer of a blank pipeline); the parser keeps
    boundaries that are already set.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.abbreviations: frozenset[str] = frozenset()

    def initialize(
        self, get_examples: GetExamples | None = None, *, nlp: Language | None = None, abbreviations: Iterable[str] = ()
    ) -> None:
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        if not self.abbreviations:
            _warn_empty(self.name)
        for tok in doc[2:]:
            prev = doc[tok.i - 1]
            word = doc[tok.i - 2]
            split_off = prev.text == "." and word.lower_.rstrip(".") in self.abbreviations and not word.whitespace_
            if split_off or (prev.lower_.rstrip(".") in self.abbreviations and prev.text.endswith(".")):
                tok.is_sent_start = False  # "paras ." or "paras."
        return doc


@Language.factory("migkg_abbreviations", assigns=["token.is_sent_start"], default_config={})
def make_abbreviation_guard(nlp: Language, name: str) -> AbbreviationGuard:
    return AbbreviationGuard(nlp, name)


# ---------------------------------------------------------------------------------------
# Acronyms
# ---------------------------------------------------------------------------------------

_ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]s?$")


def _initials_match(acronym: str, words: list[str], glue: frozenset[str]) -> bool:
    """Schwartz-Hearst style check: the acronym's letters appear, in order, starting words.

    Every letter must be matched, the first letter must start the first word, and every
    content word (not in ``glue``) must contribute at least one letter (so "Economic
    Cooperation and Development" does not define "ED").
    """
    letters = [c.lower() for c in acronym if c.isalpha()]
    if acronym.endswith("s") and len(letters) > 2:
        letters = letters[:-1]  # "NGOs"
    content = [w for w in words if w.lower() not in glue]
    if not content or not letters or content[0][0].lower() != letters[0]:
        return False
    # greedy: walk letters over the words, allowing several letters per word ("UNICEF")
    li = 0
    used = 0
    for w in content:
        lw = w.lower()
        if li < len(letters) and lw[0] == letters[li]:
            li += 1
            used += 1
            pos = 1
            k = content.index(w)
            nxt = content[k + 1] if k + 1 < len(content) else ""
            while li < len(letters) and pos < len(lw) and lw.find(letters[li], pos) >= 0:
                # a further letter inside the same word only if the next word cannot take it
                if nxt and nxt[0].lower() == letters[li]:
                    break
                pos = lw.find(letters[li], pos) + 1
                li += 1
    return li == len(letters) and used == len(content)


class AcronymDetector:
    """Finds "Long Name (ACR)" definitions and bare acronym tokens.

    ``doc.spans["migkg_acronym_definitions"]``: the long-name span, label = the acronym;
    ``doc.spans["migkg_acronyms"]``: every acronym-shaped token (label ACRONYM). Which
    acronym means which actor is decided for the whole document by the extractor, so a
    definition in paragraph 8 resolves "IOM" in paragraph 70.
    """

    def __init__(self, nlp: Language, name: str, *, max_words: int) -> None:
        self.name = name
        self.max_words = max_words
        self.glue: frozenset[str] = frozenset()
        self.joiners: frozenset[str] = frozenset()

    def initialize(
        self,
        get_examples: GetExamples | None = None,
        *,
        nlp: Language | None = None,
        glue: Iterable[str] = (),
        joiners: Iterable[str] = (),
    ) -> None:
        """``glue``: lower-case words inside a name ("of", "for"); ``joiners``: "-", "'s"."""
        self.glue = frozenset(glue)
        self.joiners = frozenset(joiners)

    def __call__(self, doc: Doc) -> Doc:
        definitions: list[Span] = []
        acronyms: list[Span] = []
        for tok in doc:
            if not _ACRONYM_RE.match(tok.text) or sum(c.isupper() for c in tok.text) < 2:
                continue
            if tok.i > 0 and doc[tok.i - 1].text == "(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")":
                long_form = self._long_form(doc, tok.i - 1, tok.text)
                if long_form is not None:
                    definitions.append(Span(doc, long_form[0], long_form[1], label=tok.text))
            acronyms.append(Span(doc, tok.i, tok.i + 1, label="ACRONYM"))
        doc.spans[ACRONYM_DEFINITIONS] = definitions
        doc.spans[ACRONYMS] = acronyms
        return doc

    def _long_form(self, doc: Doc, paren: int, acronym: str) -> tuple[int, int] | None:
        # the shortest run of capitalised words (with glue words) before "(" that spells it
        words: list[Token] = []
        i = paren - 1
        while i >= 0 and len(words) < self.max_words:
            t = doc[i]
            if t.is_title or t.is_upper or t.lower_ in self.glue or t.text in self.joiners:
                words.insert(0, t)
                if (t.is_title or t.is_upper) and _initials_match(acronym, [w.text for w in words], self.glue):
                    return words[0].i, paren
                i -= 1
            else:
                break
        return None


@Language.factory(
    "migkg_acronyms",
    assigns=["doc.spans"],
    default_config={"max_words": 10},
)
def make_acronym_detector(nlp: Language, name: str, *, max_words: int) -> AcronymDetector:
    return AcronymDetector(nlp, name, max_words=max_words)


# ---------------------------------------------------------------------------------------
# Governance levels
# ---------------------------------------------------------------------------------------


class LevelTagger:
    """Marks governance-level cues (``levels.jsonl``); label = level key ("national")."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.matcher = Matcher(nlp.vocab, validate=True)

    def initialize(
        self,
        get_examples: GetExamples | None = None,
        *,
        nlp: Language | None = None,
        patterns: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        """``patterns``: ``{"id": level key, "pattern": token pattern}`` each."""
        self.matcher = Matcher(self.vocab, validate=True)
        for p in patterns:
            self.matcher.add(p["id"], [p["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        if len(self.matcher) == 0:
            _warn_empty(self.name)
            doc.spans[LEVELS] = []
            return doc
        doc.spans[LEVELS] = filter_spans(self.matcher(doc, as_spans=True))
        return doc


@Language.factory("migkg_levels", assigns=["doc.spans"], default_config={})
def make_level_tagger(nlp: Language, name: str) -> LevelTagger:
    return LevelTagger(nlp, name)


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_NOT_IN_UNIT = {"VERB", "AUX", "ADP", "ADV", "DET", "PRON", "CCONJ", "SCONJ"}  # parts of speech
_PLURAL_TAGS = {"NNS", "NNPS"}


@dataclass(frozen=True, slots=True)
class FigureCue:
    value: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class FigureUnits:
    """``figures.json``: what makes a number a figure, and what does not."""

    scales: Mapping[str, Decimal]
    percent: tuple[tuple[str, ...], ...]
    currencies: Mapping[str, str]
    time_units: frozenset[str]
    blockers: frozenset[str]
    max_unit_tokens: int
    months: frozenset[str]
    irregular_plurals: frozenset[str]

    @classmethod
    def from_json(cls, units: Mapping[str, Any]) -> FigureUnits:
        return cls(
            scales={k: Decimal(v) for k, v in units["scales"].items()},
            percent=tuple(tuple(p) for p in units["percent_words"]),
            currencies=dict(units["currencies"]),
            time_units=frozenset(units["time_units"]),
            blockers=frozenset(units["blockers"]),
            max_unit_tokens=int(units["max_unit_tokens"]),
            months=frozenset(units["months"]),
            irregular_plurals=frozenset(units["irregular_plurals"]),
        )

    def is_plural(self, tok: Token) -> bool:
        if tok.tag_:
            return tok.tag_ in _PLURAL_TAGS or tok.lower_ in self.irregular_plurals
        return tok.lower_.endswith("s") or tok.lower_ in self.irregular_plurals


class FigureFinder:
    """Quantities: "$596 billion", "48 per cent", "258 million international migrants".

    A bare number counts only with a unit: a scale word (million), per cent, a currency
    sign, or a following plural noun phrase that is not a time unit ("5,136 migrants" but
    not "11 years"). Years, and numbers after "resolution", "para.", "Goal", ... are not
    figures.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.units: FigureUnits | None = None

    def initialize(
        self,
        get_examples: GetExamples | None = None,
        *,
        nlp: Language | None = None,
        units: Mapping[str, Any] | None = None,
    ) -> None:
        """``units``: the content of ``figures.json``."""
        self.units = FigureUnits.from_json(units) if units is not None else None

    def __call__(self, doc: Doc) -> Doc:
        figures: list[Span] = []
        if self.units is None:
            _warn_empty(self.name)
            doc.spans[FIGURES] = figures
            return doc
        taken = {t.i for s in doc.spans.get(ENTITIES, []) for t in s}
        i = 0
        while i < len(doc):
            span = self._figure_at(doc, i, taken, self.units)
            if span is None:
                i += 1
                continue
            figures.append(span)
            i = span.end
        doc.spans[FIGURES] = figures
        return doc

    def _figure_at(self, doc: Doc, i: int, taken: set[int], units: FigureUnits) -> Span | None:
        tok = doc[i]
        value = self._number(doc, i, taken, units)
        if value is None:
            return None
        prev = doc[i - 1] if i > 0 else None
        start, end = i, i + 1
        currency = None
        if prev is not None and prev.text in units.currencies:
            currency = units.currencies[prev.text]
            start = i - 1
        if end < len(doc) and doc[end].lower_ in units.scales:
            value *= units.scales[doc[end].lower_]
            end += 1
        for words in units.percent:
            if tuple(t.lower_ for t in doc[end : end + len(words)]) == words:
                return _figure_span(doc, start, end + len(words), value, "percent")
        if currency:
            return _figure_span(doc, start, end, value, currency)
        unit_end = self._unit_end(doc, end, units)
        if unit_end == end:
            if end - tok.i > 1 or currency:  # "migrants reached an estimated 272 million in 2019"
                unit = self._counted_before(doc, start, units)
                if unit is not None:
                    return _figure_span(doc, start, end, value, unit)
            return None
        head = doc[unit_end - 1]
        if head.lower_ in units.time_units or head.lower_ in units.scales or not units.is_plural(head):
            return None  # a count is of a plural noun: "migrants", "entities", "people"
        return _figure_span(doc, start, unit_end, value, doc[end:unit_end].text)

    @staticmethod
    def _number(doc: Doc, i: int, taken: set[int], units: FigureUnits) -> Decimal | None:
        """The value of a number token that may start a figure (not a year, date or reference)."""
        tok = doc[i]
        if not _NUMBER_RE.match(tok.text) or i in taken:
            return None
        if _YEAR_RE.match(tok.text) and "," not in tok.text:
            return None
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in units.blockers:
            return None
        if prev is not None and prev.like_num:  # "4 December 2017"
            return None
        if i + 1 < len(doc) and doc[i + 1].lower_ in units.months:
            return None
        try:
            return Decimal(tok.text.replace(",", ""))
        except InvalidOperation:
            return None

    @staticmethod
    def _unit_end(doc: Doc, end: int, units: FigureUnits) -> int:
        """End of the noun phrase counted after the number ("5,136 migrants")."""
        unit_end = end
        while (
            unit_end < len(doc)
            and unit_end - end < units.max_unit_tokens
            and doc[unit_end].is_alpha
            and not doc[unit_end].is_stop
            and doc[unit_end].pos_ not in _NOT_IN_UNIT
        ):
            unit_end += 1
        while unit_end > end and doc[unit_end - 1].pos_ == "ADJ":
            unit_end -= 1  # "5,136 migrants" not "... migrants dead"; trailing adjectives drop
        return unit_end

    @staticmethod
    def _counted_before(doc: Doc, start: int, units: FigureUnits) -> str | None:
        """The plural noun (with its modifiers) a bare "272 million" counts, looking back in the sentence."""
        sent_start = doc[start].sent.start
        for k in range(start - 1, max(sent_start, start - 8) - 1, -1):
            if doc[k].is_alpha and units.is_plural(doc[k]) and doc[k].pos_ in {"NOUN", "PROPN", ""}:
                b = k
                while b > sent_start and doc[b - 1].is_alpha and doc[b - 1].pos_ in {"ADJ", "NOUN", "PROPN"}:
                    b -= 1
                return doc[b : k + 1].text
        return None


def _figure_span(doc: Doc, start: int, end: int, value: Decimal, unit: str) -> Span:
    span = Span(doc, start, end, label="FIGURE")
    if value == value.to_integral_value():
        value = Decimal(int(value))  # 258000000, not 2.58E+8
    span._.migkg_figure = FigureCue(value=value, unit=unit)
    return span


@Language.factory("migkg_figures", assigns=["doc.spans"], default_config={})
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    return FigureFinder(nlp, name)


# ---------------------------------------------------------------------------------------
# Statements: recommendations and commitments
# ---------------------------------------------------------------------------------------

# Labels of the trained parser and tagger (not words: the word lists are in words.json)
_AUX_DEPS = {"aux", "auxpass"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_OBJECT_DEPS = {"dobj", "dative", "obj"}
_RELATIVE_DEPS = {"relcl", "acl"}
_NP_DROP_DEPS = {"relcl", "acl", "advcl", "amod"}  # post-head modifiers not part of who is addressed
_FINITE_TAGS = {"VBP", "VB", "VBZ"}
_VERBAL = {"VERB", "AUX"}
# modality keys with a rule of their own
_WEAK_MODAL = "could"  # counts only as the main verb of an actor's sentence
_FUTURE = "will"  # "We will not achieve ..." predicts, it does not promise

# rows of confidence.tsv the statement rules use
STATEMENT_RULES = (
    "modal-noun",
    "modal-pronoun",
    "modal-we",
    "modal-none",
    "modal-could",
    "performative-object",
    "performative-no-object",
    "third-person-speaker",
    "passive-performative",
    "impersonal",
    "existential",
    "commitment-author",
    "commitment-office",
    "token-rules",
    "token-passive-performative",
    "token-commitment",
    # the document-level rules of the extractor (migkg.extract.extraction, migkg.extract.asks):
    # resolutions' operative phrases, UPR recommendations, the State reviewed, discovered actors
    "operative-verb",
    "operative-decision",
    "operative-clause",
    "operative-commitment",
    "upr-recommendation",
    "upr-recommender",
    "state-reviewed",
    "discovered",
)


@dataclass(frozen=True, slots=True)
class StatementCue:
    """One prescriptive or committing predicate in a sentence.

    Token ranges are doc-level ``(start, end)``. ``addressee`` holds who is asked (the
    object of "I urge X to", the subject of "X should"); ``subject_form`` says what kind
    of phrase that is: "noun", "pronoun" (resolve to the previous subject), "i" (the
    author), "we", or "none".
    """

    kind: str  # "recommendation" | "commitment"
    modality: str
    trigger: int
    addressee: tuple[int, int] | None
    subject_form: str
    action: tuple[int, int]
    depth: int
    method: str
    confidence: float
    subject_word: str = ""  # the pronoun, when subject_form is "pronoun"
    # "The Secretary-General recommends that ...": the third-person speaker's phrase; the
    # extractor keeps the cue only if it names the document's author or a reporting office
    speaker: tuple[int, int] | None = None
    rule: str = ""  # the row of confidence.tsv that set the confidence


@dataclass(frozen=True, slots=True)
class CueTable:
    """The cues of ``modality.jsonl``, indexed the way the rules look them up."""

    modal_words: Mapping[str, str]
    modal_phrases: Mapping[tuple[str, ...], str]
    performatives: Mapping[str, tuple[str, tuple[str, ...]]]  # lemma -> (modality, particles)
    commit_words: Mapping[str, str]
    commit_phrases: Mapping[tuple[str, ...], str]
    impersonal: Mapping[str, str]
    existential: Mapping[str, str]

    @classmethod
    def from_cues(cls, cues: Iterable[Mapping[str, Any]]) -> CueTable:
        t: dict[str, dict[Any, Any]] = {f.name: {} for f in fields(cls)}
        for c in cues:
            kind, modality = c["kind"], c["id"]
            if kind in {"modal", "commitment"}:
                words, phrases = (
                    ("modal_words", "modal_phrases") if kind == "modal" else ("commit_words", "commit_phrases")
                )
                t[words].update(dict.fromkeys(c.get("lemmas", ()), modality))
                if "phrase" in c:
                    t[phrases][tuple(c["phrase"])] = modality
            elif kind == "performative":
                t["performatives"].update(dict.fromkeys(c["lemmas"], (modality, tuple(c.get("particles", ())))))
            elif kind == "existential":
                t["existential"].update(dict.fromkeys(c["nouns"], modality))
            elif kind == "impersonal":
                t["impersonal"].update(dict.fromkeys(c["adjectives"], modality))
        return cls(**t)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True, slots=True)
class StatementWords:
    """The closed word lists of the statement rules (``words.json``, one field per list)."""

    adverbs: frozenset[str]
    clause_breaks: frozenset[str]
    action_lead: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_past: frozenset[str]
    conditional_marks: frozenset[str]
    subordinators: frozenset[str]
    first_singular: frozenset[str]
    first_plural: frozenset[str]
    pronouns: frozenset[str]
    impersonal_subjects: frozenset[str]
    operative_lead: frozenset[str]
    not_operative: frozenset[str]
    open_quotes: frozenset[str]
    close_quotes: frozenset[str]
    determiners: frozenset[str]
    present_be: frozenset[str]
    negations: frozenset[str]
    object_stops: frozenset[str]
    object_lead: frozenset[str]
    commitment_lead: frozenset[str]
    commitment_auxiliaries: frozenset[str]
    we_commitments: frozenset[str]
    discourse_participles: frozenset[str]
    discourse_nouns: frozenset[str]

    @classmethod
    def from_lists(cls, lists: Mapping[str, Iterable[str]]) -> StatementWords:
        missing = [f.name for f in fields(cls) if f.name not in lists]
        if missing:
            raise ValueError(f"migkg_statements: word lists missing: {', '.join(missing)}")
        return cls(**{f.name: frozenset(lists[f.name]) for f in fields(cls)})

    @property
    def first_person(self) -> frozenset[str]:
        return self.first_singular | self.first_plural


class StatementRules(Protocol):
    """How the cues of a sentence are found: over the dependency parse, or by word order."""

    method: str

    def sentence_cues(self, sent: Span) -> list[StatementCue]: ...


class _Rules:
    """What both rule sets share: the cue table, word lists and confidences, and the helpers
    that need no parse."""

    method = ""

    def __init__(self, table: CueTable, words: StatementWords, confidences: Mapping[str, float]) -> None:
        self.table = table
        self.words = words
        self.conf = confidences
        self._action_skip = words.adverbs | words.action_lead

    def cue(self, tok: Token, sent: Span) -> StatementCue | None:
        raise NotImplementedError

    def sentence_cues(self, sent: Span) -> list[StatementCue]:
        quoted = self._quoted(sent)
        found = [cue for tok in sent if tok.i not in quoted and (cue := self.cue(tok, sent)) is not None]
        # a sentence that asks anything of anyone is a recommendation, even if the author
        # also commits in it; within a kind the predicate closest to the root leads
        found.sort(key=lambda c: (c.kind != "recommendation", c.depth, c.trigger))
        return found

    def _quoted(self, sent: Span) -> set[int]:
        inside: set[int] = set()
        open_ = False
        for t in sent:
            if t.text in self.words.open_quotes or (t.text == '"' and not open_):
                open_ = True
            elif t.text in self.words.close_quotes or (t.text == '"' and open_):
                open_ = False
            elif open_:
                inside.add(t.i)
        return inside

    # -- cue words ---------------------------------------------------------------------

    def _modal_word(self, tok: Token, sent: Span) -> tuple[str, int] | None:
        """(modality, start of the action) of "should", "must", "ought to"."""
        modality = self.table.modal_words.get(tok.lower_)
        if modality is None:
            return None
        start = tok.i + 1
        if tok.lower_ == "ought" and start < sent.end and tok.doc[start].lower_ == "to":
            start += 1
        return modality, start

    def _discourse(self, tok: Token, sent: Span) -> bool:
        """ "It should be noted that ...", "Special mention should be made of ...": the author's
        own signposting, by word order (subject word, modal, "be", participle)."""
        doc = tok.doc
        i = self._skip(tok.i + 1, sent, self.words.adverbs)
        if i + 1 >= sent.end or doc[i].lower_ != "be":
            return False
        before = self._skip_back(tok.i - 1, sent)
        subject = doc[before].lower_ if before >= sent.start else ""
        if subject in self.words.discourse_nouns:
            return True
        return subject == "it" and doc[i + 1].lower_ in self.words.discourse_participles

    def _skip_back(self, i: int, sent: Span) -> int:
        while i >= sent.start and sent.doc[i].lower_ in self.words.adverbs:
            i -= 1
        return i

    def _modal_phrase(self, tok: Token, sent: Span) -> tuple[str, int] | None:
        """(modality, start of the action) of "need to", "may wish to"."""
        phrase = _phrase_at(tok, self.table.modal_phrases, sent)
        return (phrase[0], tok.i + phrase[1]) if phrase is not None else None

    def _performative(self, tok: Token) -> tuple[str, tuple[str, ...]] | None:
        """(modality, particles) of "urge", "urges", "called" ..."""
        entry = self.table.performatives.get(_lemma(tok))
        if entry is None:
            entry = next(
                (
                    v
                    for k, v in self.table.performatives.items()
                    if tok.lower_ in {k + "s", k + "es", k + "d", k + "ed"}
                ),
                None,
            )
        return entry

    def _commitment(self, tok: Token, sent: Span) -> tuple[str, int, str] | None:
        """(modality, length, how) of a commitment cue; how: "phrase", "auxiliary" or "verb"."""
        phrase = _phrase_at(tok, self.table.commit_phrases, sent)
        if phrase is not None:
            return phrase[0], phrase[1], "phrase"
        if tok.lower_ in self.words.commitment_auxiliaries:
            modality = self.table.commit_words.get(tok.lower_)
            return (modality, 1, "auxiliary") if modality is not None else None
        modality = self.table.commit_words.get(_lemma(tok))
        return (modality, 1, "verb") if modality is not None else None

    @staticmethod
    def _after_particles(tok: Token, particles: tuple[str, ...], sent: Span) -> int | None:
        """The token after the verb and its particle ("call upon"); None when the particle is missing."""
        after = tok.i + 1
        if not particles:
            return after
        if after < sent.end and tok.doc[after].lower_ in particles:
            return after + 1
        return None  # "call" without "upon"/"on": "the call contained in"

    def _is_operative_lead(self, tok: Token, sent: Span) -> bool:
        """Resolution style: the paragraph opens with the operative verb ("Calls upon States ...")."""
        lead = self.words.operative_lead
        if not tok.text[:1].isupper() and not (tok.i > sent.start and tok.doc[tok.i - 1].lower_ in lead):
            return False
        for t in sent:
            if t.i == tok.i:
                return tok.lower_.endswith("s") and tok.lower_ not in self.words.not_operative
            if not (t.is_punct or t.like_num or t.lower_ in lead or t.is_space):
                return False
        return False

    # -- phrases -----------------------------------------------------------------------

    def _object_by_order(self, tok: Token, after: int, sent: Span) -> tuple[int, int] | None:
        """The words after a performative up to "to", "that", a modal or a comma."""
        doc = tok.doc
        end = after
        if end < sent.end and doc[end].lower_ == "that":
            end += 1
            after = end
        while end < sent.end and doc[end].lower_ not in self.words.object_stops:
            end += 1
        return (after, end) if end > after else None

    def _skip(self, start: int, sent: Span, words: frozenset[str]) -> int:
        while start < sent.end and sent.doc[start].lower_ in words:
            start += 1
        return start

    def _action_start(self, start: int, sent: Span) -> int:
        doc = sent.doc
        while start < sent.end and (doc[start].lower_ in self._action_skip or doc[start].is_punct):
            start += 1
        return start

    def _form(self, span: Span, head: Token | None) -> str:
        words = {t.lower_ for t in span}
        if words & self.words.first_singular:
            return "i"
        h = head.lower_ if head is not None else (span[-1].lower_ if len(span) else "")
        if h in self.words.first_plural or (head is None and words & self.words.first_plural and len(span) == 1):
            return "we"
        if h in self.words.pronouns and len(span) == 1:
            return "pronoun"
        return "noun"


class DependencyRules(_Rules):
    """The statement rules over the dependency parse of a trained pipeline."""

    method = "dependency-rules"

    def cue(self, tok: Token, sent: Span) -> StatementCue | None:
        return (
            self.modal(tok, sent)
            or self.performative(tok, sent)
            or self.impersonal(tok, sent)
            or self.existential(tok, sent)
            or self.commitment(tok, sent)
        )

    # -- rules -------------------------------------------------------------------------

    def modal(self, tok: Token, sent: Span) -> StatementCue | None:
        """ "Member States should / must / need to / may wish to ..."."""
        hit = self._modal_word(tok, sent) if tok.tag_ == "MD" else None
        if hit is None:
            hit = self._modal_phrase(tok, sent)
            if hit is not None and tok.pos_ not in _VERBAL:
                return None  # "the need to", a noun
        if hit is None or self._discourse(tok, sent):
            return None
        modality, action_start = hit
        # "need to": "need" is the verb; "should", "may wish to": the auxiliary's head is
        anchor = tok.head if tok.dep_ in _AUX_DEPS else tok
        subject, form = self.subject(anchor)
        if form == "i":
            return None  # "I should" is not a recommendation; "I will" is handled as commitment
        depth = self.depth(anchor)
        if depth is None or (modality == _WEAK_MODAL and (depth > 0 or form != "noun")):
            return None
        rule = "modal-could" if modality == _WEAK_MODAL else f"modal-{form}"
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            subject,
            form,
            self.action(action_start, anchor, sent),
            depth,
            self.method,
            self.conf[rule],
            _word(subject, tok.doc, form),
            rule=rule,
        )

    def performative(self, tok: Token, sent: Span) -> StatementCue | None:
        """ "I urge States to ...", "Calls upon States to ...", "The Secretary-General recommends ..."."""
        entry = self._performative(tok)
        if entry is None:
            return None
        modality, particles = entry
        passive = self.passive(tok, modality, particles, sent)
        if passive is not None:
            return passive
        operative = self._is_operative_lead(tok, sent)
        third = None
        if not operative and self.speaker(tok) is None:
            third = self.third_person_speaker(tok)
            if third is None:
                return None
        if (
            not operative
            and third is None
            and (tok.tag_ not in _FINITE_TAGS or any(c.dep_ in _AUX_DEPS for c in tok.children))
        ):
            return None  # "encouraging States", "has called for", "We should encourage"
        after = self._after_particles(tok, particles, sent)
        if after is None:
            return None
        addressee = self.object(tok, after)
        if addressee is None and operative:
            # a resolution's opening verb is often mis-parsed as a noun ("Encourages Member
            # States to ..."); the word order still gives its object
            addressee = self._object_by_order(tok, after, sent)
        depth = self.depth(tok)
        if depth is None:
            return None
        start = self._skip(addressee[1] if addressee else after, sent, self.words.object_lead)
        rule = "performative-object" if addressee else "performative-no-object"
        conf = self.conf[rule] - (self.conf["third-person-speaker"] if third else 0.0)
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            addressee,
            "noun" if addressee else "none",
            self.action(start, None, sent),
            depth,
            self.method,
            conf,
            speaker=third,
            rule="third-person-speaker" if third else rule,
        )

    def passive(self, tok: Token, modality: str, particles: tuple[str, ...], sent: Span) -> StatementCue | None:
        """ "Member States are encouraged to ...", "It is recommended that States ...": present
        passive without an agent, the author's voice."""
        after = self._after_particles(tok, particles, sent)
        if after is None or tok.tag_ != "VBN" or any(c.dep_ == "agent" for c in tok.children):
            return None
        if not any(c.dep_ == "auxpass" and c.lower_ in self.words.present_be for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is None:
            return None
        if subj.lower_ == "it":  # "It is recommended that States adopt ...": the clause's subject
            verb = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            subj = next((g for g in verb.children if g.dep_ == "nsubj"), None) if verb else None
            if subj is None:
                return None
        else:
            verb = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        depth = self.depth(tok)
        if depth is None:
            return None
        rng = _np_range(subj)
        form = self._form(tok.doc[rng[0] : rng[1]], subj)
        action = self.action(verb.i if verb is not None else after, verb, sent)
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            rng,
            form,
            action,
            depth,
            self.method,
            self.conf["passive-performative"],
            _word(rng, tok.doc, form),
            rule="passive-performative",
        )

    def impersonal(self, tok: Token, sent: Span) -> StatementCue | None:
        """ "It is crucial that policymakers ... prioritize ...": the that-clause's subject is asked."""
        modality = self.table.impersonal.get(tok.lower_)
        if modality is None or tok.dep_ != "acomp":
            return None
        be = tok.head
        if not any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in be.children):
            return None
        clause = next(
            (
                c
                for c in be.children
                if c.dep_ == "ccomp"
                and c.i > tok.i
                and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            ),
            None,
        )
        if clause is None:
            return None
        subject, form = self.subject(clause)
        depth = self.depth(be)
        if form in {"i", "none"} or depth is None:
            return None
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            subject,
            form,
            self.action(clause.i, clause, sent),
            depth,
            self.method,
            self.conf["impersonal"],
            _word(subject, tok.doc, form),
            rule="impersonal",
        )

    def existential(self, tok: Token, sent: Span) -> StatementCue | None:
        """ "There is an urgent need for Member States to lay out ...": the for-subject is asked."""
        modality = self.table.existential.get(tok.lower_)
        if modality is None or tok.pos_ != "NOUN" or tok.dep_ != "attr":
            return None
        be = tok.head
        if not any(c.dep_ == "expl" and c.lower_ == "there" for c in be.children):
            return None
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in _RELATIVE_DEPS
                and c.i > tok.i
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            ),
            None,
        )
        subj = next((g for g in clause.children if g.dep_ == "nsubj"), None) if clause is not None else None
        depth = self.depth(be)
        if clause is None or subj is None or depth is None:
            return None
        rng = _np_range(subj)
        form = self._form(tok.doc[rng[0] : rng[1]], subj)
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            rng,
            form,
            self.action(clause.i, clause, sent),
            depth,
            self.method,
            self.conf["existential"],
            _word(rng, tok.doc, form),
            rule="existential",
        )

    def commitment(self, tok: Token, sent: Span) -> StatementCue | None:
        """ "I will ...", "We commit to ...", "I stand ready to ...", "The Special Rapporteur will ..."."""
        hit = self._commitment(tok, sent)
        if hit is None:
            return None
        modality, length, how = hit
        if how == "auxiliary" and tok.tag_ != "MD":
            return None
        if how == "verb" and (tok.pos_ != "VERB" or tok.tag_ not in _FINITE_TAGS):
            return None
        anchor = tok.head if tok.dep_ in _AUX_DEPS else tok
        subject, form = self.subject(anchor)
        # only the author commits: "I will", "We commit to", "we will", or a reporting office
        # in the third person ("The Secretary-General will ...": the extractor checks who)
        third = subject if form == "noun" else None
        if form != "i" and not (form == "we" and modality in self.words.we_commitments) and third is None:
            return None
        if form in {"we", "noun"} and modality == _FUTURE and any(c.dep_ == "neg" for c in anchor.children):
            return None
        depth = self.depth(anchor)
        if depth is None:
            return None
        start = self._skip(tok.i + length, sent, self.words.commitment_lead)
        rule = "commitment-office" if third else "commitment-author"
        return StatementCue(
            "commitment",
            modality,
            tok.i,
            subject,
            form,
            self.action(start, anchor, sent),
            depth,
            self.method,
            self.conf[rule],
            speaker=third,
            rule=rule,
        )

    # -- the parse ---------------------------------------------------------------------

    def speaker(self, tok: Token) -> str | None:
        """ "i" / "we" when the author speaks ("I urge", "We encourage"), else None."""
        return next((c.lower_ for c in tok.children if c.dep_ == "nsubj" and c.lower_ in self.words.first_person), None)

    @staticmethod
    def third_person_speaker(tok: Token) -> tuple[int, int] | None:
        """The subject of "The Special Rapporteur urges States to ...": present tense, no auxiliary."""
        if tok.tag_ != "VBZ" or any(c.dep_ in {"aux", "auxpass", "neg"} for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        return _np_range(subj)

    def subject(self, anchor: Token) -> tuple[tuple[int, int] | None, str]:
        """The subject of the predicate, or of the verb it is conjoined to or complements."""
        v: Token | None = anchor
        seen = 0
        while v is not None and seen < 6:
            subj = next((c for c in v.children if c.dep_ in _SUBJECT_DEPS), None)
            if subj is not None:
                rng = _np_range(subj)
                return rng, self._form(anchor.doc[rng[0] : rng[1]], subj)
            v = v.head if v.dep_ in {"conj", "xcomp"} and v.head is not v else None
            seen += 1
        return None, "none"

    def object(self, tok: Token, after: int) -> tuple[int, int] | None:
        """Who a performative asks: its object, the object of its particle, or the subject of its clause."""
        for c in tok.children:
            if c.dep_ in _OBJECT_DEPS and c.i > tok.i:
                return _np_range(c)
            if c.dep_ == "prep" and c.i == after - 1:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return _np_range(pobj)
        for c in tok.children:
            if c.dep_ in {"ccomp", "xcomp"}:
                subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and subj.lower_ not in self.words.first_singular:
                    return _np_range(subj)
        return None

    def depth(self, anchor: Token) -> int | None:
        """Depth of the predicate below the sentence root, or None when it does not count."""
        depth = 0
        node = anchor
        while node.dep_ != "ROOT" and node.head is not node and depth < 30:
            if node.dep_ in _RELATIVE_DEPS or self._conditional(node) or self._reported(node):
                return None
            # a clause before a colon leads its sentence even where the parser hangs it under
            # the clause after ("We must strengthen ...: migrants should respect ...")
            before_colon = node.head.i > node.i and any(t.text == ":" for t in node.doc[node.i : node.head.i])
            depth += 0 if before_colon else 1
            node = node.head
        return None if self._conditional(node) else depth

    def _conditional(self, node: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in self.words.conditional_marks for c in node.children)

    def _reported(self, node: Token) -> bool:
        """Somebody else's words: "The ILO has stated that ... should"; a clause before a colon
        that the parser hangs under the next clause is not reported speech."""
        if node.dep_ != "ccomp" or not (node.head.i < node.i or node.head.lemma_ in self.words.reporting_verbs):
            return False
        speaker = node.head
        subj = next((c for c in speaker.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None and speaker.dep_ == "conj":  # "the mayor dismissed ... and suggested that X should"
            subj = next((c for c in speaker.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return subj is not None and subj.lower_ not in self.words.first_person | self.words.impersonal_subjects

    def action(self, start: int, anchor: Token | None, sent: Span) -> tuple[int, int]:
        """What is asked: from the verb after the cue to the end of the anchor's phrase."""
        start = self._action_start(start, sent)
        end = sent.end
        if anchor is not None and anchor.right_edge.i + 1 > start:
            end = min(end, anchor.right_edge.i + 1)
        return _trim_action(sent.doc, start, end)


class TokenRules(_Rules):
    """The statement rules by word order, for a blank pipeline (no tags, no parse): modal
    verbs, performatives of the author (active and present passive) and commitments."""

    method = "token-rules"

    def cue(self, tok: Token, sent: Span) -> StatementCue | None:
        return self.modal(tok, sent) or self.performative(tok, sent) or self.commitment(tok, sent)

    def _scaled(self, rule: str) -> float:
        return self.conf[rule] * self.conf["token-rules"]

    def modal(self, tok: Token, sent: Span) -> StatementCue | None:
        hit = self._modal_word(tok, sent)
        if hit is None:
            hit = self._modal_phrase(tok, sent)
            if hit is not None and tok.i > sent.start and tok.doc[tok.i - 1].lower_ in self.words.determiners:
                return None  # "the need to", a noun
        if hit is None or self._discourse(tok, sent):
            return None
        modality, action_start = hit
        subject, form = self.subject(tok, sent)
        if form == "i" or self.depth(tok, sent) is None:
            return None
        if modality == _WEAK_MODAL and form != "noun":
            return None
        rule = "modal-could" if modality == _WEAK_MODAL else f"modal-{form}"
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            subject,
            form,
            self.action(action_start, sent),
            0,
            self.method,
            self._scaled(rule),
            _word(subject, tok.doc, form),
            rule=rule,
        )

    def performative(self, tok: Token, sent: Span) -> StatementCue | None:
        entry = self._performative(tok)
        if entry is None:
            return None
        modality, particles = entry
        passive = self.passive(tok, modality, particles, sent)
        if passive is not None:
            return passive
        if not self._is_operative_lead(tok, sent) and self.speaker(tok, sent) is None:
            return None
        after = self._after_particles(tok, particles, sent)
        if after is None:
            return None
        addressee = self._object_by_order(tok, after, sent)
        start = self._skip(addressee[1] if addressee else after, sent, self.words.object_lead)
        rule = "performative-object" if addressee else "performative-no-object"
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            addressee,
            "noun" if addressee else "none",
            self.action(start, sent),
            0,
            self.method,
            self._scaled(rule),
            rule=rule,
        )

    def passive(self, tok: Token, modality: str, particles: tuple[str, ...], sent: Span) -> StatementCue | None:
        """ "Member States are encouraged to ...": "is"/"are" and a past participle after a subject."""
        doc = tok.doc
        after = self._after_particles(tok, particles, sent)
        if after is None or tok.i == sent.start or doc[tok.i - 1].lower_ not in self.words.present_be:
            return None
        if not tok.lower_.endswith("ed"):
            return None
        subject, form = self.subject(doc[tok.i - 1], sent)
        if subject is None or form == "i":
            return None
        if form == "pronoun" and after < sent.end and doc[after].lower_ == "that":
            subject, form = None, "none"  # "It is recommended that ...": the subject is not found by word order
        rule = "token-passive-performative"
        return StatementCue(
            "recommendation",
            modality,
            tok.i,
            subject,
            form,
            self.action(after, sent),
            0,
            self.method,
            self.conf[rule],
            _word(subject, doc, form),
            rule=rule,
        )

    def commitment(self, tok: Token, sent: Span) -> StatementCue | None:
        hit = self._commitment(tok, sent)
        if hit is None:
            return None
        modality, length, _ = hit
        subject, form = self.subject(tok, sent)
        if form != "i" and not (form == "we" and modality in self.words.we_commitments):
            return None
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if form == "we" and modality == _FUTURE and nxt is not None and nxt.lower_ in self.words.negations:
            return None  # "We will not achieve ... if ..." predicts, it does not promise
        if self.depth(tok, sent) is None:
            return None
        start = self._skip(tok.i + length, sent, self.words.commitment_lead)
        rule = "token-commitment"
        return StatementCue(
            "commitment",
            modality,
            tok.i,
            subject,
            form,
            self.action(start, sent),
            0,
            self.method,
            self.conf[rule],
            rule=rule,
        )

    # -- word order --------------------------------------------------------------------

    def speaker(self, tok: Token, sent: Span) -> str | None:
        """ "i" / "we" right before the verb (adverbs between allowed), else None."""
        i = self._skip_back(tok.i - 1, sent)
        word = tok.doc[i].lower_ if i >= sent.start else ""
        return word if word in self.words.first_person else None

    def subject(self, trigger: Token, sent: Span) -> tuple[tuple[int, int] | None, str]:
        """The words before the verb back to the previous clause break."""
        doc = trigger.doc
        end = self._skip_back(trigger.i - 1, sent) + 1
        start = end
        while (
            start > sent.start and doc[start - 1].lower_ not in self.words.clause_breaks and not doc[start - 1].is_punct
        ):
            start -= 1
        if start == end:
            return None, "none"
        return (start, end), self._form(doc[start:end], None)

    def depth(self, trigger: Token, sent: Span) -> int | None:
        """0, or None when reported ("The ILO stated that ...") or in a relative or conditional clause."""
        words = [t.lower_ for t in sent.doc[sent.start : trigger.i]]
        for k, w in enumerate(words):
            if w in self.words.reporting_past and not (k > 0 and words[k - 1] in self.words.first_person):
                return None
        if any(w in self.words.subordinators for w in words[-8:]):
            return None
        return 0

    def action(self, start: int, sent: Span) -> tuple[int, int]:
        """What is asked: from the verb after the cue to the end of the clause (";" or ":")."""
        doc = sent.doc
        start = self._action_start(start, sent)
        end = next((t.i for t in doc[start : sent.end] if t.text in {";", ":"}), sent.end)
        return _trim_action(doc, start, end)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _trim_action(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without an unclosed parenthesis and trailing punctuation."""
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1] : end]):
        end = opened[-1]  # "cooperate (see A/RES/71/1" -> "cooperate"
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (start, max(start, end))


def _phrase_at(tok: Token, phrases: Mapping[tuple[str, ...], str], sent: Span) -> tuple[str, int] | None:
    for words, modality in phrases.items():
        n = len(words)
        if tok.i + n <= sent.end and tuple(t.lower_ for t in tok.doc[tok.i : tok.i + n]) == words:
            return modality, n
    return None


def _np_range(head: Token) -> tuple[int, int]:
    """Token range of a noun phrase without its relative clauses and post-head modifiers."""
    start = head.left_edge.i
    end = head.i + 1
    for c in head.rights:
        if c.dep_ in _NP_DROP_DEPS or c.dep_ == "punct" and c.i == end and c.text in {"(", "—"}:
            break
        end = c.right_edge.i + 1
    return start, end


def _word(rng: tuple[int, int] | None, doc: Doc, form: str) -> str:
    return doc[rng[0]].lower_ if rng is not None and form == "pronoun" else ""


class StatementFinder:
    """Marks every sentence that asks an actor to act, or in which the author commits.

    Signals (``modality.jsonl``): modal verbs ("Member States should / must / need to"),
    performative verbs of the author ("I urge / call upon / encourage / propose ...", or in
    the third person: "The Secretary-General recommends that ...") and
    operative verbs that open a resolution paragraph ("Calls upon States to ...",
    "Requests the Secretary-General to ..."), and commitments of the author ("I will",
    "I stand ready", "We commit to"). Not counted: predicates inside quotation marks,
    in relative clauses, in if/whether clauses, and in that-clauses of somebody else's
    verb ("The ILO has already stated that agencies should not ...").

    ``doc.spans["migkg_statements"]``: one span per such sentence, label = kind of its main
    cue; ``span._.migkg_cue`` = the sentence's cues, main cue (closest to the root) first.
    A parsed doc gets :class:`DependencyRules`, a blank one :class:`TokenRules`.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.dependency_rules: StatementRules | None = None
        self.token_rules: StatementRules | None = None

    def initialize(
        self,
        get_examples: GetExamples | None = None,
        *,
        nlp: Language | None = None,
        cues: Iterable[Mapping[str, Any]] = (),
        words: Mapping[str, Iterable[str]] | None = None,
        confidences: Mapping[str, float] | None = None,
    ) -> None:
        """``cues``: the lines of ``modality.jsonl``; ``words``: the lists of ``words.json``;
        ``confidences``: the rows of ``confidence.tsv`` (rule -> value)."""
        table = CueTable.from_cues(cues)
        if not table:
            self.dependency_rules = self.token_rules = None
            return
        missing = [r for r in STATEMENT_RULES if r not in (confidences or {})]
        if missing:
            raise ValueError(f"{self.name}: confidences missing for {', '.join(missing)}")
        assert confidences is not None
        lists = StatementWords.from_lists(words or {})
        self.dependency_rules = DependencyRules(table, lists, confidences)
        self.token_rules = TokenRules(table, lists, confidences)

    def rules(self, doc: Doc) -> StatementRules | None:
        return self.dependency_rules if doc.has_annotation("DEP") else self.token_rules

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules(doc)
        spans: list[Span] = []
        if rules is None:
            _warn_empty(self.name)
        else:
            for sent in doc.sents:
                cues = rules.sentence_cues(sent)
                if cues:
                    span = Span(doc, sent.start, sent.end, label=cues[0].kind)
                    span._.migkg_cue = tuple(cues)
                    spans.append(span)
        doc.spans[STATEMENTS] = spans
        return doc


@Language.factory("migkg_statements", assigns=["doc.spans"], default_config={})
def make_statement_finder(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder(nlp, name)
