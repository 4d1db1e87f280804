"""spaCy rule components of the migkg pipeline, fed by the data files in ``extract/data``.

Each component is a class taking ``nlp`` and ``name`` and keyword-only config, built by a
factory registered with ``@Language.factory``. They annotate ``doc.spans`` groups only
(never ``doc.ents``, which the trained NER owns):

- ``migkg_entities``: a SpanRuler over the curated actor and instrument names (labels
  ACTOR / INSTRUMENT, ``span.id_`` = canonical key) and SDG goal / target patterns;
- ``migkg_acronyms``: "Long Name (ACR)" definitions and bare acronyms to resolve;
- ``migkg_levels``: governance-level cues;
- ``migkg_figures``: quantities with their unit (``span._.migkg_figure``);
- ``migkg_statements``: prescriptive sentences and commitments (``span._.migkg_cue``).

The statement rules use the dependency parse when the pipeline has one and fall back to
token-order rules on a blank pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from migkg.extract.lexicon import load_lexicon

ENTITIES = "migkg_entities"
ACRONYM_DEFINITIONS = "migkg_acronym_definitions"
ACRONYMS = "migkg_acronyms"
LEVELS = "migkg_levels"
FIGURES = "migkg_figures"
STATEMENTS = "migkg_statements"

if not Span.has_extension("migkg_cue"):
    Span.set_extension("migkg_cue", default=None)
if not Span.has_extension("migkg_figure"):
    Span.set_extension("migkg_figure", default=None)


def _longest(existing: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    """Keep the longest of overlapping matches ("global compact on refugees" over "global compact")."""
    return filter_spans([*existing, *new])


@Language.factory(
    "migkg_entities",
    assigns=["doc.spans"],
    default_config={"spans_key": ENTITIES},
)
def make_entity_ruler(nlp: Language, name: str, *, spans_key: str) -> SpanRuler:
    ruler = SpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        phrase_matcher_attr="LOWER",
        spans_filter=_longest,
        annotate_ents=False,
        overwrite=True,
        validate=True,
    )
    # phrase patterns only need the tokenizer; without this the whole pipeline runs on them
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(load_lexicon().ruler_patterns())
    return ruler


# ---------------------------------------------------------------------------------------
# Sentence boundaries
# ---------------------------------------------------------------------------------------


class AbbreviationGuard:
    """No sentence starts right after "paras." or "No." (``abbreviations.json``).

    Runs before the parser (or after the sentencizer of a blank pipeline); the parser keeps
    boundaries that are already set.
    """

    def __init__(self, nlp: Language, name: str, *, abbreviations: list[str]) -> None:
        self.name = name
        self.abbreviations = {a.lower().rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[2:]:
            prev = doc[tok.i - 1]
            word = doc[tok.i - 2]
            if prev.text == "." and word.lower_.rstrip(".") in self.abbreviations and not word.whitespace_:
                tok.is_sent_start = False
            elif prev.lower_.rstrip(".") in self.abbreviations and prev.text.endswith("."):
                tok.is_sent_start = False
        return doc


@Language.factory("migkg_abbreviations", assigns=["token.is_sent_start"], default_config={})
def make_abbreviation_guard(nlp: Language, name: str) -> AbbreviationGuard:
    return AbbreviationGuard(nlp, name, abbreviations=load_lexicon().abbreviations)


# ---------------------------------------------------------------------------------------
# Acronyms
# ---------------------------------------------------------------------------------------

_ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]s?$")
_NAME_GLUE = {"of", "for", "on", "and", "the", "in", "to", "de", "la", "des", "du", "&"}


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Schwartz-Hearst style check: the acronym's letters appear, in order, starting words.

    Every letter must be matched, the first letter must start the first word, and every
    content word must contribute at least one letter (so "Economic Cooperation and
    Development" does not define "ED").
    """
    letters = [c.lower() for c in acronym if c.isalpha()]
    if acronym.endswith("s") and len(letters) > 2:
        letters = letters[:-1]  # "NGOs"
    content = [w for w in words if w.lower() not in _NAME_GLUE]
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
            while li < len(letters) and pos < len(lw) and lw.find(letters[li], pos) >= 0:
                # a further letter inside the same word only if the next word cannot take it
                nxt = content[content.index(w) + 1] if content.index(w) + 1 < len(content) else ""
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
            if t.is_title or t.is_upper or t.lower_ in _NAME_GLUE or t.text in {"-", "’s", "'s"}:
                words.insert(0, t)
                if (t.is_title or t.is_upper) and _initials_match(acronym, [w.text for w in words]):
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

    def __init__(self, nlp: Language, name: str, *, patterns: list[dict[str, Any]]) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab, validate=True)
        for p in patterns:
            self.matcher.add(p["id"], [p["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        spans = self.matcher(doc, as_spans=True)
        doc.spans[LEVELS] = filter_spans(spans)
        return doc


@Language.factory("migkg_levels", assigns=["doc.spans"], default_config={})
def make_level_tagger(nlp: Language, name: str) -> LevelTagger:
    return LevelTagger(nlp, name, patterns=list(load_lexicon().level_patterns))


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class FigureCue:
    value: Decimal
    unit: str


class FigureFinder:
    """Quantities: "$596 billion", "48 per cent", "258 million international migrants".

    A bare number counts only with a unit: a scale word (million), per cent, a currency
    sign, or a following plural noun phrase that is not a time unit ("5,136 migrants" but
    not "11 years"). Years, and numbers after "resolution", "para.", "Goal", ... are not
    figures.
    """

    def __init__(self, nlp: Language, name: str, *, units: dict[str, Any]) -> None:
        self.name = name
        self.scales = {k: Decimal(v) for k, v in units["scales"].items()}
        self.percent = [tuple(p) for p in units["percent_words"]]
        self.currencies = units["currencies"]
        self.time_units = set(units["time_units"])
        self.blockers = set(units["blockers"])
        self.max_unit_tokens = int(units["max_unit_tokens"])

    def __call__(self, doc: Doc) -> Doc:
        taken = {t.i for s in doc.spans.get(ENTITIES, []) for t in s}
        figures: list[Span] = []
        i = 0
        while i < len(doc):
            span = self._figure_at(doc, i, taken)
            if span is None:
                i += 1
                continue
            figures.append(span)
            i = span.end
        doc.spans[FIGURES] = figures
        return doc

    def _figure_at(self, doc: Doc, i: int, taken: set[int]) -> Span | None:
        tok = doc[i]
        if not _NUMBER_RE.match(tok.text) or i in taken:
            return None
        if _YEAR_RE.match(tok.text) and "," not in tok.text:
            return None
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in self.blockers:
            return None
        if prev is not None and prev.like_num:  # "4 December 2017"
            return None
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in {"december", "january", "february", "march", "april", "may", "june",
                                             "july", "august", "september", "october", "november"}:
            return None
        try:
            value = Decimal(tok.text.replace(",", ""))
        except InvalidOperation:
            return None
        start, end = i, i + 1
        currency = None
        if prev is not None and prev.text in self.currencies:
            currency = self.currencies[prev.text]
            start = i - 1
        if end < len(doc) and doc[end].lower_ in self.scales:
            value *= self.scales[doc[end].lower_]
            end += 1
        for words in self.percent:
            if tuple(t.lower_ for t in doc[end : end + len(words)]) == words:
                return self._span(doc, start, end + len(words), value, "percent")
        if currency:
            return self._span(doc, start, end, value, currency)
        unit_end = end
        while (
            unit_end < len(doc)
            and unit_end - end < self.max_unit_tokens
            and doc[unit_end].is_alpha
            and not doc[unit_end].is_stop
            and doc[unit_end].pos_ not in {"VERB", "AUX", "ADP", "ADV", "DET", "PRON", "CCONJ", "SCONJ"}
        ):
            unit_end += 1
        while unit_end > end and doc[unit_end - 1].pos_ == "ADJ":
            unit_end -= 1  # "5,136 migrants" not "... migrants dead"; trailing adjectives drop
        if unit_end == end:
            if end - i > 1 or currency:  # "migrants reached an estimated 272 million in 2019"
                unit = self._counted_before(doc, start)
                if unit is not None:
                    return self._span(doc, start, end, value, unit)
            return None
        head = doc[unit_end - 1]
        if head.lower_ in self.time_units or head.lower_ in self.scales or not _is_plural(head):
            return None  # a count is of a plural noun: "migrants", "entities", "people"
        unit = doc[end:unit_end].text
        return self._span(doc, start, unit_end, value, unit)

    @staticmethod
    def _counted_before(doc: Doc, start: int) -> str | None:
        """The plural noun (with its modifiers) a bare "272 million" counts, looking back in the sentence."""
        sent_start = doc[start].sent.start
        for k in range(start - 1, max(sent_start, start - 8) - 1, -1):
            if doc[k].is_alpha and _is_plural(doc[k]) and doc[k].pos_ in {"NOUN", "PROPN", ""}:
                b = k
                while b > sent_start and doc[b - 1].is_alpha and doc[b - 1].pos_ in {"ADJ", "NOUN", "PROPN"}:
                    b -= 1
                return doc[b : k + 1].text
        return None

    @staticmethod
    def _span(doc: Doc, start: int, end: int, value: Decimal, unit: str) -> Span:
        span = Span(doc, start, end, label="FIGURE")
        if value == value.to_integral_value():
            value = Decimal(int(value))  # 258000000, not 2.58E+8
        span._.migkg_figure = FigureCue(value=value, unit=unit)
        return span


_IRREGULAR_PLURALS = {"people", "children", "women", "men", "persons"}


def _is_plural(tok: Token) -> bool:
    if tok.tag_:
        return tok.tag_ in {"NNS", "NNPS"} or tok.lower_ in _IRREGULAR_PLURALS
    return tok.lower_.endswith("s") or tok.lower_ in _IRREGULAR_PLURALS


@Language.factory("migkg_figures", assigns=["doc.spans"], default_config={})
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    return FigureFinder(nlp, name, units=load_lexicon().figure_units)


# ---------------------------------------------------------------------------------------
# Statements: recommendations and commitments
# ---------------------------------------------------------------------------------------

# words skipped when looking for the verb after a modal or the subject before a verb
# on a blank pipeline (no POS tags)
_ADVERBS = {"also", "therefore", "further", "furthermore", "now", "hereby", "again", "strongly", "always",
            "never", "only", "still", "all", "consistently", "possibly", "urgently", "collectively", "first",
            "moreover", "similarly", "likewise", "thus", "then", "jointly", "immediately", "continue"}
_CLAUSE_BREAKS = {",", ";", ":", "—", "–", "(", ")", "that", "which", "who", "whom", "whose", "but", "while",
                  "whereas", "although", "because", "if", "when", "where", "unless"}
_ACTION_LEAD = {"should", "must", "shall", "to", "that", "ought"}  # "I propose that X should review" -> "review"
_REPORTING = {"say", "state", "note", "argue", "declare", "stress", "emphasize", "report", "claim", "conclude",
              "find", "observe", "add", "agree", "write", "warn", "insist"}
_CONDITIONAL_MARKS = {"if", "whether", "unless"}
_RELATIVE_DEPS = {"relcl", "acl"}
_NP_DROP_DEPS = {"relcl", "acl", "advcl", "amod"}  # post-head modifiers not part of who is addressed
_FIRST_SINGULAR = {"i"}
_FIRST_PLURAL = {"we"}
_PRONOUNS = {"they", "it", "these", "this", "those", "he", "she", "them"}
_OPERATIVE_LEAD = {"also", "further", "furthermore", "moreover", "and", "strongly", "again"}
_OPEN_QUOTES = {"“", "‘"}
_CLOSE_QUOTES = {"”", "’"}


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
    """

    def __init__(self, nlp: Language, name: str, *, cues: list[dict[str, Any]]) -> None:
        self.name = name
        self.modal_words: dict[str, str] = {}
        self.modal_phrases: dict[tuple[str, ...], str] = {}
        self.performatives: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.commit_words: dict[str, str] = {}
        self.commit_phrases: dict[tuple[str, ...], str] = {}
        self.impersonal: dict[str, str] = {}
        self.existential: dict[str, str] = {}
        for c in cues:
            if c["kind"] == "modal":
                for w in c.get("lemmas", ()):
                    self.modal_words[w] = c["id"]
                if "phrase" in c:
                    self.modal_phrases[tuple(c["phrase"])] = c["id"]
            elif c["kind"] == "performative":
                for w in c["lemmas"]:
                    self.performatives[w] = (c["id"], tuple(c.get("particles", ())))
            elif c["kind"] == "existential":
                for w in c["nouns"]:
                    self.existential[w] = c["id"]
            elif c["kind"] == "impersonal":
                for w in c["adjectives"]:
                    self.impersonal[w] = c["id"]
            elif c["kind"] == "commitment":
                for w in c.get("lemmas", ()):
                    self.commit_words[w] = c["id"]
                if "phrase" in c:
                    self.commit_phrases[tuple(c["phrase"])] = c["id"]
        if not (self.modal_words and self.performatives and self.commit_words):
            raise ValueError("migkg_statements: modality.jsonl lacks modal, performative or commitment cues")

    def __call__(self, doc: Doc) -> Doc:
        parsed = doc.has_annotation("DEP")
        spans: list[Span] = []
        for sent in doc.sents:
            cues = self.sentence_cues(sent, parsed)
            if cues:
                span = Span(doc, sent.start, sent.end, label=cues[0].kind)
                span._.migkg_cue = tuple(cues)
                spans.append(span)
        doc.spans[STATEMENTS] = spans
        return doc

    # -- per sentence ------------------------------------------------------------------

    def sentence_cues(self, sent: Span, parsed: bool) -> list[StatementCue]:
        quoted = _quoted(sent)
        cues: list[StatementCue] = []
        for tok in sent:
            if tok.i in quoted:
                continue
            cue = self._modal(tok, sent, parsed) or self._performative(tok, sent, parsed)
            cue = cue or self._impersonal(tok, sent, parsed) or self._existential(tok, sent, parsed)
            cue = cue or self._commitment(tok, sent, parsed)
            if cue is not None:
                cues.append(cue)
        # a sentence that asks anything of anyone is a recommendation, even if the author
        # also commits in it; within a kind the predicate closest to the root leads
        cues.sort(key=lambda c: (c.kind != "recommendation", c.depth, c.trigger))
        return cues

    def _impersonal(self, tok: Token, sent: Span, parsed: bool) -> StatementCue | None:
        """ "It is crucial that policymakers ... prioritize ...": the that-clause's subject is asked."""
        modality = self.impersonal.get(tok.lower_)
        if modality is None or not parsed or tok.dep_ != "acomp":
            return None
        be = tok.head
        if not any(c.dep_ in {"nsubj", "expl"} and c.lower_ == "it" for c in be.children):
            return None
        clause = next((c for c in be.children if c.dep_ == "ccomp" and c.i > tok.i
                       and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if clause is None:
            return None
        subject, form = self._subject(clause, clause, sent, parsed)
        if form in {"i", "none"}:
            return None
        depth = self._path(be, sent, parsed, tok)
        if depth is None:
            return None
        action = self._action(clause.i, clause, sent, parsed)
        return StatementCue("recommendation", modality, tok.i, subject, form, action, depth,
                            "dependency-rules", 0.8, _word(subject, tok.doc, form))

    def _existential(self, tok: Token, sent: Span, parsed: bool) -> StatementCue | None:
        """ "There is an urgent need for Member States to lay out ...": the for-subject is asked."""
        modality = self.existential.get(tok.lower_)
        if modality is None or not parsed or tok.pos_ != "NOUN" or tok.dep_ != "attr":
            return None
        be = tok.head
        if not any(c.dep_ == "expl" and c.lower_ == "there" for c in be.children):
            return None
        clause = next((c for c in tok.children if c.dep_ in {"relcl", "acl"} and c.i > tok.i
                       and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
        subj = next((g for g in clause.children if g.dep_ == "nsubj"), None) if clause is not None else None
        if subj is None:
            return None
        depth = self._path(be, sent, parsed, tok)
        if depth is None:
            return None
        rng = _np_range(subj)
        form = _form(tok.doc[rng[0] : rng[1]], subj)
        action = self._action(clause.i, clause, sent, parsed)
        return StatementCue("recommendation", modality, tok.i, rng, form, action, depth,
                            "dependency-rules", 0.75, _word(rng, tok.doc, form))

    def _modal(self, tok: Token, sent: Span, parsed: bool) -> StatementCue | None:
        doc = tok.doc
        word = tok.lower_
        phrase = _phrase_at(tok, self.modal_phrases, sent)
        if word in self.modal_words and (not parsed or tok.tag_ == "MD"):
            modality = self.modal_words[word]
            action_start = tok.i + 1
            if word == "ought" and action_start < sent.end and doc[action_start].lower_ == "to":
                action_start += 1
            anchor = (tok.head if tok.dep_ in {"aux", "auxpass"} else tok) if parsed else tok
        elif phrase is not None:
            modality, length = phrase
            if parsed and tok.pos_ not in {"VERB", "AUX"}:
                return None  # "the need to", a noun
            if not parsed and tok.i > sent.start and doc[tok.i - 1].lower_ in {"the", "a", "an", "no", "this"}:
                return None
            action_start = tok.i + length
            # "need to": "need" is the verb; "may wish to": the auxiliary's head is
            anchor = tok.head if parsed and tok.dep_ in {"aux", "auxpass"} else tok
        else:
            return None
        subject, form = self._subject(anchor, tok, sent, parsed)
        if form == "i":
            return None  # "I should" is not a recommendation; "I will" is handled as commitment
        path = self._path(anchor, sent, parsed, tok)
        if path is None:
            return None
        depth = path
        if modality == "could" and (depth > 0 or form != "noun"):
            return None  # "could" counts only as the main verb of an actor's sentence
        action = self._action(action_start, anchor, sent, parsed)
        conf = {"noun": 0.85, "pronoun": 0.75, "we": 0.6, "none": 0.6}[form]
        if modality == "could":
            conf = 0.5
        return StatementCue("recommendation", modality, tok.i, subject, form, action, depth,
                            "dependency-rules" if parsed else "token-rules", conf if parsed else conf * 0.9,
                            _word(subject, doc, form))

    def _performative(self, tok: Token, sent: Span, parsed: bool) -> StatementCue | None:
        doc = tok.doc
        lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
        entry = self.performatives.get(lemma)
        if entry is None:
            entry = next((v for k, v in self.performatives.items()
                          if tok.lower_ in {k + "s", k + "es", k + "d", k + "ed"}), None)
        if entry is None:
            return None
        modality, particles = entry
        passive = self._passive_performative(tok, modality, particles, sent, parsed)
        if passive is not None:
            return passive
        operative = _is_operative_lead(tok, sent)
        speaker = self._speaker(tok, sent, parsed)
        third = None
        if not operative and speaker is None:
            third = self._third_person_speaker(tok, parsed)
            if third is None:
                return None
        if parsed and not operative and third is None and (tok.tag_ not in {"VBP", "VB", "VBZ"}
                                         or any(c.dep_ in {"aux", "auxpass"} for c in tok.children)):
            return None  # "encouraging States", "has called for", "We should encourage"
        after = tok.i + 1
        if particles:
            if after < sent.end and doc[after].lower_ in particles:
                after += 1
            else:
                return None  # "call" without "upon"/"on": "the call contained in"
        addressee = self._object(tok, after, sent, parsed)
        if addressee is None and operative:
            # a resolution's opening verb is often mis-parsed as a noun ("Encourages Member
            # States to ..."); the token rule still finds its object
            addressee = self._object(tok, after, sent, False)
        if parsed:
            path = self._path(tok, sent, parsed, tok)
            if path is None:
                return None
            depth = path
        else:
            depth = 0
        start = addressee[1] if addressee else after
        while start < sent.end and doc[start].lower_ in {"to", "that", ","}:
            start += 1
        action = self._action(start, None, sent, parsed)
        form = "noun" if addressee else "none"
        conf = (0.9 if addressee else 0.7) - (0.1 if third else 0.0)
        return StatementCue("recommendation", modality, tok.i, addressee, form, action, depth,
                            "dependency-rules" if parsed else "token-rules", conf if parsed else conf * 0.9,
                            speaker=third)

    def _commitment(self, tok: Token, sent: Span, parsed: bool) -> StatementCue | None:
        doc = tok.doc
        phrase = _phrase_at(tok, self.commit_phrases, sent)
        lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
        if phrase is not None:
            modality, length = phrase
        elif tok.lower_ in {"will", "shall"} and (not parsed or tok.tag_ == "MD"):
            modality, length = self.commit_words[tok.lower_], 1
        elif lemma in self.commit_words and tok.lower_ not in {"will", "shall"}:
            if parsed and (tok.pos_ != "VERB" or tok.tag_ not in {"VBP", "VB", "VBZ"}):
                return None
            modality, length = self.commit_words[lemma], 1
        else:
            return None
        anchor = (tok.head if tok.dep_ in {"aux", "auxpass"} else tok) if parsed else tok
        subject, form = self._subject(anchor, tok, sent, parsed)
        # only the author commits: "I will", "We commit to", "we will", or a reporting office
        # in the third person ("The Secretary-General will ...": the extractor checks who)
        third = subject if form == "noun" and parsed else None
        if form != "i" and not (form == "we" and modality in {"commit", "will"}) and third is None:
            return None
        if form in {"we", "noun"} and modality == "will" and _negated(anchor, tok, parsed):
            return None  # "We will not achieve ... if ..." predicts, it does not promise
        path = self._path(anchor, sent, parsed, tok)
        if path is None:
            return None
        start = tok.i + length
        while start < sent.end and doc[start].lower_ in {"to", "also", ","}:
            start += 1
        action = self._action(start, anchor, sent, parsed)
        return StatementCue("commitment", modality, tok.i, subject, form, action, path,
                            "dependency-rules" if parsed else "token-rules",
                            (0.75 if third else 0.85) if parsed else 0.75, speaker=third)

    # -- helpers -----------------------------------------------------------------------

    def _speaker(self, tok: Token, sent: Span, parsed: bool) -> str | None:
        """"i" / "we" when the author speaks ("I urge", "We encourage"), else None."""
        if parsed:
            for c in tok.children:
                if c.dep_ == "nsubj" and c.lower_ in _FIRST_SINGULAR | _FIRST_PLURAL:
                    return c.lower_
            return None
        i = tok.i - 1
        while i >= sent.start and tok.doc[i].lower_ in _ADVERBS:
            i -= 1
        if i >= sent.start and tok.doc[i].lower_ in _FIRST_SINGULAR | _FIRST_PLURAL:
            return tok.doc[i].lower_
        return None

    def _passive_performative(self, tok: Token, modality: str, particles: tuple[str, ...], sent: Span,
                              parsed: bool) -> StatementCue | None:
        """ "Member States are encouraged to ...", "States are called upon to ...", "It is
        recommended that States ...": present passive without an agent, the author's voice."""
        doc = tok.doc
        after = tok.i + 1
        if particles:
            if after < sent.end and doc[after].lower_ in particles:
                after += 1
            else:
                return None
        if parsed:
            if tok.tag_ != "VBN" or any(c.dep_ == "agent" for c in tok.children):
                return None
            if not any(c.dep_ == "auxpass" and c.lower_ in {"is", "are"} for c in tok.children):
                return None
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is None:
                return None
            if subj.lower_ == "it":  # "It is recommended that States adopt ..."
                clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                subj = next((g for g in clause.children if g.dep_ == "nsubj"), None) if clause else None
                if subj is None:
                    return None
                verb = clause
            else:
                verb = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            depth = self._path(tok, sent, parsed, tok)
            if depth is None:
                return None
            rng = _np_range(subj)
            form = _form(doc[rng[0] : rng[1]], subj)
            start = verb.i if verb is not None else after
            action = self._action(start, verb, sent, parsed)
            return StatementCue("recommendation", modality, tok.i, rng, form, action, depth, "dependency-rules",
                                0.85, _word(rng, doc, form))
        if tok.i == sent.start or doc[tok.i - 1].lower_ not in {"is", "are"}:
            return None
        if not tok.lower_.endswith("ed"):
            return None
        subject, form = self._subject(doc[tok.i - 1], doc[tok.i - 1], sent, parsed)
        if subject is None or form == "i":
            return None
        if form == "pronoun" and after < sent.end and doc[after].lower_ == "that":
            subject, form = None, "none"  # "It is recommended that ...": the subject is not found by word order
        action = self._action(after, None, sent, parsed)
        return StatementCue("recommendation", modality, tok.i, subject, form, action, 0, "token-rules", 0.7,
                            _word(subject, doc, form))

    @staticmethod
    def _third_person_speaker(tok: Token, parsed: bool) -> tuple[int, int] | None:
        """The subject of "The Special Rapporteur urges States to ...": present tense, no auxiliary."""
        if not parsed or tok.tag_ != "VBZ" or any(c.dep_ in {"aux", "auxpass", "neg"} for c in tok.children):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        return _np_range(subj)

    def _subject(self, anchor: Token, trigger: Token, sent: Span, parsed: bool) -> tuple[tuple[int, int] | None, str]:
        if parsed:
            v: Token | None = anchor
            seen = 0
            while v is not None and seen < 6:
                subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"}), None)
                if subj is not None:
                    rng = _np_range(subj)
                    return rng, _form(trigger.doc[rng[0] : rng[1]], subj)
                v = v.head if v.dep_ in {"conj", "xcomp"} and v.head is not v else None
                seen += 1
            return None, "none"
        doc = trigger.doc
        end = trigger.i
        while end > sent.start and doc[end - 1].lower_ in _ADVERBS:
            end -= 1
        start = end
        while start > sent.start and doc[start - 1].lower_ not in _CLAUSE_BREAKS and not doc[start - 1].is_punct:
            start -= 1
        if start == end:
            return None, "none"
        span = doc[start:end]
        return (start, end), _form(span, None)

    def _object(self, tok: Token, after: int, sent: Span, parsed: bool) -> tuple[int, int] | None:
        doc = tok.doc
        if parsed:
            for c in tok.children:
                if c.dep_ in {"dobj", "dative", "obj"} and c.i > tok.i:
                    return _np_range(c)
                if c.dep_ == "prep" and c.i == after - 1:
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return _np_range(pobj)
            for c in tok.children:
                if c.dep_ in {"ccomp", "xcomp"}:
                    subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
                    if subj is not None and subj.lower_ not in _FIRST_SINGULAR:
                        return _np_range(subj)
            return None
        end = after
        if end < sent.end and doc[end].lower_ == "that":
            end += 1
            after = end
        while end < sent.end and doc[end].lower_ not in {"to", "should", "must", "shall", "that", ";", ":", ","}:
            end += 1
        return (after, end) if end > after else None

    def _path(self, anchor: Token, sent: Span, parsed: bool, trigger: Token) -> int | None:
        """Depth of the predicate below the sentence root, or None when it does not count."""
        if not parsed:
            before = sent.doc[sent.start : trigger.i]
            words = [t.lower_ for t in before]
            for k, w in enumerate(words):
                if w in {"stated", "said", "noted", "declared", "argued", "reported", "agreed", "concluded"} and \
                        not (k > 0 and words[k - 1] in _FIRST_SINGULAR | _FIRST_PLURAL):
                    return None
            clause = [t.lower_ for t in before[-8:]]
            if any(w in {"which", "who", "if", "whether", "unless"} for w in clause):
                return None
            return 0
        depth = 0
        node = anchor
        while node.dep_ != "ROOT" and node.head is not node and depth < 30:
            if node.dep_ in _RELATIVE_DEPS:
                return None
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in node.children):
                return None
            if node.dep_ == "ccomp" and (node.head.i < node.i or node.head.lemma_ in _REPORTING):
                # somebody else's words: "The ILO has stated that ... should"; a clause before a
                # colon that the parser hangs under the next clause is not reported speech
                subj = next((c for c in node.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and subj.lower_ not in _FIRST_SINGULAR | _FIRST_PLURAL | {"it", "this"}:
                    return None
            # a clause before a colon leads its sentence even where the parser hangs it under
            # the clause after ("We must strengthen ...: migrants should respect ...")
            before_colon = node.head.i > node.i and any(t.text == ":" for t in node.doc[node.i : node.head.i])
            depth += 0 if before_colon else 1
            node = node.head
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in node.children):
            return None
        return depth

    @staticmethod
    def _action(start: int, anchor: Token | None, sent: Span, parsed: bool) -> tuple[int, int]:
        doc = sent.doc
        while start < sent.end and (doc[start].lower_ in _ADVERBS | _ACTION_LEAD or doc[start].is_punct):
            start += 1
        end = sent.end
        if parsed and anchor is not None and anchor.right_edge.i + 1 > start:
            end = min(end, anchor.right_edge.i + 1)
        if not parsed:
            stop = next((t.i for t in doc[start:end] if t.text in {";", ":"}), end)
            end = stop
        opened = [t.i for t in doc[start:end] if t.text == "("]
        if opened and not any(t.text == ")" for t in doc[opened[-1] : end]):
            end = opened[-1]  # "cooperate (see A/RES/71/1" -> "cooperate"
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return (start, max(start, end))


def _negated(anchor: Token, tok: Token, parsed: bool) -> bool:
    if parsed:
        return any(c.dep_ == "neg" for c in anchor.children)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in {"not", "never", "n't"}


def _phrase_at(tok: Token, phrases: dict[tuple[str, ...], str], sent: Span) -> tuple[str, int] | None:
    for words, modality in phrases.items():
        n = len(words)
        if tok.i + n <= sent.end and tuple(t.lower_ for t in tok.doc[tok.i : tok.i + n]) == words:
            return modality, n
    return None


def _is_operative_lead(tok: Token, sent: Span) -> bool:
    """Resolution style: the paragraph opens with the operative verb ("Calls upon States ...")."""
    if not tok.text[:1].isupper() and not (tok.i > sent.start and tok.doc[tok.i - 1].lower_ in _OPERATIVE_LEAD):
        return False
    for t in sent:
        if t.i == tok.i:
            return tok.lower_.endswith("s") and tok.lower_ not in {"is", "has", "was"}
        if not (t.is_punct or t.like_num or t.lower_ in _OPERATIVE_LEAD or t.is_space):
            return False
    return False


def _quoted(sent: Span) -> set[int]:
    inside: set[int] = set()
    open_ = False
    for t in sent:
        if t.text in _OPEN_QUOTES or (t.text == '"' and not open_):
            open_ = True
            continue
        if t.text in _CLOSE_QUOTES or (t.text == '"' and open_):
            open_ = False
            continue
        if open_:
            inside.add(t.i)
    return inside


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


def _form(span: Span, head: Token | None) -> str:
    words = {t.lower_ for t in span}
    if words & _FIRST_SINGULAR:
        return "i"
    h = head.lower_ if head is not None else (span[-1].lower_ if len(span) else "")
    if h in _FIRST_PLURAL or (head is None and words & _FIRST_PLURAL and len(span) == 1):
        return "we"
    if h in _PRONOUNS and len(span) == 1:
        return "pronoun"
    return "noun"


@Language.factory("migkg_statements", assigns=["doc.spans"], default_config={})
def make_statement_finder(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder(nlp, name, cues=list(load_lexicon().modality_cues))
