"""From the reader's units to the typed :class:`~migkg.extract.model.Document`.

Units are line numbers; here they become repaired text with offsets: section and
subsection titles, paragraphs and unnumbered blocks (named by zone: summary, preamble,
body), their points, footnotes with the paragraphs citing them, and every repair made on
the way. Footnotes come first because a number in the body is a marker only when it
names a note that exists.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from migkg.extract.footnotes import FootnoteEntry
from migkg.extract.inline import MARKDOWN_MARKER, FootnoteMarkers, points
from migkg.extract.lines import COMPLETE_BLOCK, Layout, Line
from migkg.extract.model import (
    CleanText,
    Document,
    Footnote,
    FootnoteRef,
    Heading,
    Metadata,
    Paragraph,
    Repair,
    Section,
    Span,
    Subsection,
)
from migkg.extract.numbering import para_number_end
from migkg.extract.reader import Reading, StarNote, Unit
from migkg.extract.refs import document_refs, paragraph_refs, urls
from migkg.extract.repair import MappedText, normalise_whitespace, repair_layout, repair_split_words

# Leading lines that never end a sentence and hold at most this many characters are a
# masthead or title, not text.
MASTHEAD_MAX_CHARS = 300

PartZone = Literal["summary", "preamble", "body"]
_HEADING_NUMBER = re.compile(r"^\S+\s+")  # "III." / "A." before a title
_STARRED = re.compile(r"(?<=\w)(\*{1,3})$")  # a starred note's marker closing a title


class Segment(NamedTuple):
    """A contiguous run of a unit's lines."""

    begin: int  # where its text begins
    stop: int  # after its raw last line (line end included)
    end: int  # after its last non-space character


@dataclass(slots=True)
class _Text:
    """The source's lines made into repaired text, recording every repair."""

    source: str
    lines: list[Line]
    repairs: list[Repair] = field(default_factory=list)
    symbol: str | None = None  # the document's own: which body a bare "resolution 16/21" is of

    def references(self, content: CleanText) -> dict[str, Any]:
        """What a paragraph's or note's text cites: documents, URLs and paragraphs."""
        return {
            "document_refs": document_refs(content, self.symbol) if content.text else (),
            "urls": urls(content),
            "paragraph_refs": paragraph_refs(content, self.symbol),
        }

    def segments(self, unit_lines: list[int], start_col: int) -> list[Segment]:
        """Runs of lines with only blank lines between them: layout cut the others apart."""
        runs: list[list[int]] = []
        for i in unit_lines:
            if runs and all(self.lines[k].kind == "blank" for k in range(runs[-1][-1] + 1, i)):
                runs[-1].append(i)
            else:
                runs.append([i])
        out = []
        for n, run in enumerate(runs):
            first, last = self.lines[run[0]], self.lines[run[-1]]
            begin = first.begin + (start_col if n == 0 else first.indent)
            out.append(Segment(begin, last.stop, last.begin + last.indent + len(last.stripped)))
        return out

    def clean(self, segs: list[Segment]) -> MappedText:
        mt = MappedText.from_ranges(self.source, [(s.begin, s.stop) for s in segs])
        mt = repair_layout(mt, self.source, self.repairs)
        return normalise_whitespace(mt)

    def join_split_words(self, mt: MappedText) -> MappedText:
        return repair_split_words(mt, self.source, self.repairs)

    def page_breaks(self, segs: list[Segment]) -> None:
        for before, after in zip(segs, segs[1:], strict=False):
            self.repairs.append(
                Repair("page-break", Span(before.end, after.begin), self.source[before.end : after.begin], " ")
            )

    def running_headers(self, header_lines: list[int]) -> None:
        for i in header_lines:
            ln = self.lines[i]
            self.repairs.append(Repair("running-header", Span(ln.begin, ln.end), ln.text, ""))


@dataclass(slots=True)
class _FootnoteDraft:
    number: int
    segments: list[Segment]
    content: CleanText
    marker_begin: int


@dataclass(slots=True)
class _SectionDraft:
    unit: Unit
    title: str
    span: Span
    subsections: list[Subsection] = field(default_factory=list)


@dataclass(slots=True)
class _Parts:
    """The document's parts in reading order."""

    sections: list[_SectionDraft] = field(default_factory=list)
    summary: list[Paragraph] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    heading_refs: list[tuple[str, FootnoteRef]] = field(default_factory=list)  # markers in titles
    heading_stars: list[tuple[str, str]] = field(default_factory=list)  # (eid, "**") of a starred title
    headings: list[Heading] = field(default_factory=list)  # headings of no part of their own

    def add(self, zone: PartZone, paragraph: Paragraph) -> None:
        {"summary": self.summary, "preamble": self.preamble, "body": self.paragraphs}[zone].append(paragraph)

    def all_paragraphs(self) -> tuple[Paragraph, ...]:
        return (*self.summary, *self.preamble, *self.paragraphs)


@dataclass(slots=True)
class _Blocks:
    """Which unnumbered blocks are text, and their eids, counted per zone."""

    lines: list[Line]
    layout: Layout
    numbered: bool  # the document has numbered paragraphs: front blocks are its preamble
    front_started: bool = False
    counts: Counter[str] = field(default_factory=Counter)

    def heading(self, unit: Unit) -> bool:
        """A one-line block that is a heading of unnumbered text ("Organized crime and corruption")."""
        return (
            unit.kind == "block"
            and unit.zone == "body"
            and len(unit.lines) == 1
            and self.layout.heading_like(self.lines[unit.lines[0]].stripped)
        )

    def skipped(self, unit: Unit) -> bool:
        """A heading of unnumbered text, or masthead and title lines before the first sentence."""
        if unit.kind != "block":
            return False
        if (
            unit.zone != "summary"
            and len(unit.lines) == 1
            and self.layout.heading_like(self.lines[unit.lines[0]].stripped)
        ):
            return True
        if unit.zone == "front" and not self.front_started:
            ends = COMPLETE_BLOCK.search(self.lines[unit.lines[-1]].stripped)
            if not ends and sum(len(self.lines[i].stripped) for i in unit.lines) <= MASTHEAD_MAX_CHARS:
                return True
            self.front_started = True
        return False

    def name(self, unit: Unit) -> tuple[str, PartZone]:
        """The eid and zone of a paragraph or block."""
        if unit.kind == "para":
            sub = f".{unit.sub}" if unit.sub else ""
            return f"{unit.label}para_{unit.number}{sub}", "body"
        if unit.zone == "summary":
            return f"summary__block_{self._count('summary')}", "summary"
        if unit.zone == "front" and self.numbered:
            return f"preamble__block_{self._count('preamble')}", "preamble"
        return f"{unit.label}block_{self._count(unit.label + 'block')}", "body"

    def _count(self, key: str) -> int:
        self.counts[key] += 1
        return self.counts[key]


def assemble(
    source: str, lines: list[Line], layout: Layout, reading: Reading, metadata: Metadata, source_path: str
) -> Document:
    """The document of ``source`` from what the reader found in its lines."""
    text = _Text(source, lines, symbol=metadata.symbol)
    text.running_headers(reading.header_lines)
    drafts = [_footnote_draft(text, entry, entry.number) for entry in reading.entries if entry.number is not None]
    # the text read from a PDF marks every marker ("[^1]"): then a bare number never is one (a
    # cleaned text may mark only some, and keep the others bare)
    defined = frozenset(d.number for d in drafts)
    marked = {int(m.group(1)) for m in MARKDOWN_MARKER.finditer(source) if source[m.end() : m.end() + 1] != ":"}
    markers = FootnoteMarkers(defined, explicit_only=bool(defined) and defined <= marked)
    numbered = any(u.kind == "para" for u in reading.units)
    parts = _read_parts(text, _Blocks(lines, layout, numbered), reading.units, markers)
    warnings = list(reading.warnings)
    if not numbered:
        warnings.append(f"no numbered paragraphs found: the text is read as {len(parts.paragraphs)} unnumbered blocks")
    footnotes = _footnotes(text, drafts, parts.all_paragraphs(), parts.heading_refs, warnings)
    footnotes += _starred_notes(text, reading.stars, parts.heading_stars)
    return Document(
        metadata=metadata,
        source_path=source_path,
        source_sha256=hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
        source_length=len(source),
        summary=tuple(parts.summary),
        sections=_sections(parts.sections),
        paragraphs=tuple(parts.paragraphs),
        footnotes=footnotes,
        repairs=tuple(sorted(text.repairs, key=lambda r: (r.span.begin, r.span.end, r.kind))),
        warnings=tuple(warnings),
        preamble=tuple(parts.preamble),
        headings=tuple(parts.headings),
    )


def _read_parts(text: _Text, blocks: _Blocks, units: list[Unit], markers: FootnoteMarkers) -> _Parts:
    parts = _Parts()
    for unit in units:
        if unit.kind == "heading":
            if unit.zone != "summary":  # "Summary" over a report's summary names its blocks
                parts.headings.append(_plain_heading(text, unit, markers, len(parts.headings) + 1))
            continue
        if unit.kind in ("section", "subsection"):
            title, span, refs = _heading(text, unit, markers)
            eid = (unit.subsection if unit.kind == "subsection" else unit.section) or ""
            star = _STARRED.search(title)
            if star:  # "Conclusions and/or recommendations**": the heading cites a starred note
                parts.heading_stars.append((eid, star.group(1)))
                title = title[: star.start()]
            _add_heading(parts, unit, title, span)
            parts.heading_refs += [(eid, ref) for ref in refs]
        elif blocks.heading(unit):
            unit.label = unit.label or _part_prefix(unit.section)
            parts.headings.append(_plain_heading(text, unit, markers, len(parts.headings) + 1))
        elif not blocks.skipped(unit):
            eid, zone = blocks.name(unit)
            parts.add(zone, _paragraph(text, unit, eid, zone, markers))
    return parts


def _heading(
    text: _Text, unit: Unit, markers: FootnoteMarkers, numbered: bool | None = None
) -> tuple[str, Span, list[FootnoteRef]]:
    """The repaired title of a section or subsection heading (without its footnote markers:
    "Round table 1 (objectives 2, 5, 6, 12 and 18)4"), the heading's span and the markers."""
    segs = text.segments(unit.lines, text.lines[unit.lines[0]].indent)
    mt, refs = markers.take(text.clean(segs))
    mt = text.join_split_words(mt)
    numbered = bool(unit.label) if numbered is None else numbered
    title = _HEADING_NUMBER.sub("", mt.text).strip() if numbered else mt.text.strip()
    return title, Span(segs[0].begin, segs[-1].end), refs


_SELF_NUMBERED = re.compile(r"[A-Z][a-z]+(?: [a-z]+)? (\d{1,3})(?=\s*[:.(\u2013\u2014-]|$)")


def _part_prefix(eid: str | None) -> str:
    """The annex prefix of an eid ("annex_I__sec_2" -> "annex_I__"), "" in the body."""
    return eid[: eid.index("__") + 2] if eid and eid.startswith("annex") else ""


def _plain_heading(text: _Text, unit: Unit, markers: FootnoteMarkers, ordinal: int) -> Heading:
    """A heading below a subsection, or an annex's label or title (level 1 outside sections)."""
    title, span, _ = _heading(text, unit, markers, numbered=False)
    level = 3 if unit.subsection else 2 if unit.section else 1
    prefix = unit.label if unit.label.endswith("__") else ""
    return Heading(f"{prefix}heading_{ordinal}", level, title, span, unit.section, unit.subsection)


def _add_heading(parts: _Parts, unit: Unit, title: str, span: Span) -> None:
    if unit.kind == "section":
        parts.sections.append(_SectionDraft(unit, title, span))
    elif parts.sections:
        section = parts.sections[-1]
        # an unnumbered heading that numbers itself ("Objective 5: Enhance ...", "Round table 2
        # (objectives ...)") is the subsection of that number, its title kept whole
        numeral = unit.label or ((m := _SELF_NUMBERED.match(title)) and m.group(1)) or None
        section.subsections.append(Subsection(unit.subsection or "", numeral, title, span, section.unit.section or ""))


def _sections(drafts: list[_SectionDraft]) -> tuple[Section, ...]:
    """The sections, each with its position among the sections of its part (body or annex)."""
    ordinals: Counter[str] = Counter()
    sections = []
    for d in drafts:
        eid = d.unit.section or f"sec_{d.unit.label}"
        part = eid[: eid.rfind("__") + 2] if "__" in eid else ""
        ordinals[part] += 1
        sections.append(Section(eid, d.unit.label or None, ordinals[part], d.title, d.span, tuple(d.subsections)))
    return tuple(sections)


def _paragraph(text: _Text, unit: Unit, eid: str, zone: PartZone, markers: FootnoteMarkers) -> Paragraph:
    first = text.lines[unit.lines[0]]
    start_col = first.indent + para_number_end(first.stripped) if unit.kind == "para" else unit.start_col
    segs = text.segments(unit.lines, start_col)
    text.page_breaks(segs)
    mt, refs = markers.take(text.clean(segs))
    content = text.join_split_words(mt).clean()
    begin = first.begin + first.indent
    in_body = zone == "body"
    numbered = unit.kind == "para"
    return Paragraph(
        eid=eid,
        number=None if unit.sub else unit.number,
        span=Span(begin, segs[-1].end),
        segments=_spans(begin, segs),
        content=content,
        section=unit.section if in_body else None,
        subsection=unit.subsection if in_body else None,
        points=points(eid, content, text.source),
        footnote_refs=tuple(refs),
        **text.references(content),
        numeral=(f"{unit.number}.{unit.sub}" if unit.sub else str(unit.number)) if numbered else None,
        parent=f"{unit.label}para_{unit.number}" if unit.sub else None,
    )


def _spans(begin: int, segs: list[Segment]) -> tuple[Span, ...]:
    """The segments' spans, the first one starting at ``begin`` (a number or marker)."""
    return tuple(Span(begin if k == 0 else s.begin, s.end) for k, s in enumerate(segs))


def _footnote_draft(text: _Text, entry: FootnoteEntry | StarNote, number: int) -> _FootnoteDraft:
    segs = text.segments(entry.lines, entry.start_col)
    text.page_breaks(segs)
    content = text.join_split_words(text.clean(segs)).clean()
    marker_begin = text.lines[entry.lines[0]].begin + entry.marker_col
    return _FootnoteDraft(number, segs, content, marker_begin)


def _starred_notes(text: _Text, stars: list[StarNote], heading_stars: list[tuple[str, str]]) -> tuple[Footnote, ...]:
    """Notes marked "*", "**": cited by the heading that carries the marker, else by the title."""
    notes = []
    for star in stars:
        draft = _footnote_draft(text, star, 0)
        cited_by = tuple(eid for eid, marker in heading_stars if marker == star.marker)
        notes.append(
            Footnote(
                eid=f"fn_star_{len(star.marker)}",
                number=None,
                span=Span(draft.marker_begin, draft.segments[-1].end),
                segments=_spans(draft.marker_begin, draft.segments),
                content=draft.content,
                cited_by=cited_by,
                refs=(),
                **text.references(draft.content),
                marker=star.marker,
                on_title=not cited_by,
            )
        )
    return tuple(notes)


def _footnotes(
    text: _Text,
    drafts: list[_FootnoteDraft],
    paragraphs: tuple[Paragraph, ...],
    heading_refs: list[tuple[str, FootnoteRef]],
    warnings: list[str],
) -> tuple[Footnote, ...]:
    """The footnotes, each with every paragraph (or heading) citing it; an uncited one gets a warning."""
    cited: dict[int, list[tuple[str, FootnoteRef]]] = {}
    uses_in_order = [(p.eid, ref) for p in paragraphs for ref in p.footnote_refs] + heading_refs
    for eid, ref in sorted(uses_in_order, key=lambda use: use[1].span.begin):
        cited.setdefault(ref.number, []).append((eid, ref))
    footnotes = []
    for d in drafts:
        uses = cited.get(d.number, [])
        if not uses:
            warnings.append(f"footnote {d.number} is never cited")
        footnotes.append(
            Footnote(
                eid=f"fn_{d.number}",
                number=d.number,
                span=Span(d.marker_begin, d.segments[-1].end),
                segments=_spans(d.marker_begin, d.segments),
                content=d.content,
                cited_by=tuple(dict.fromkeys(eid for eid, _ in uses)),
                refs=tuple(ref for _, ref in uses),
                **text.references(d.content),
            )
        )
    return tuple(footnotes)
