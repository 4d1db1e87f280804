"""The typed document model: the boundary between ``extract`` and ``graph``.

Everything here is plain data (dataclasses, str, int, tuples), serialisable with
:func:`dataclasses.asdict`. ``graph`` reads these objects and never the raw text.

Offsets are character offsets (Python ``str`` indices) into the source file decoded as
UTF-8 with line ends kept as they are (CRLF stays two characters), so that
``source[span.begin:span.end]`` is always the element's raw text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[begin, end)`` into the source text."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin <= self.end:
            raise ValueError(f"invalid span [{self.begin}, {self.end})")

    def slice(self, source: str) -> str:
        return source[self.begin : self.end]


@dataclass(frozen=True, slots=True)
class CleanText:
    """Repaired, whitespace-normalised text with a map back to the source.

    ``source_index[i]`` is the source offset of ``text[i]``: every character of the
    clean text comes from one character of the source (a joined line break maps to the
    first whitespace character it replaces), so any slice of the clean text maps back
    to a source span with :meth:`source_span`.
    """

    text: str
    source_index: tuple[int, ...] = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.source_index):
            raise ValueError("CleanText: text and source_index differ in length")

    def source_span(self, begin: int, end: int) -> Span:
        """Source span covering clean-text characters ``[begin, end)``."""
        if not 0 <= begin < end <= len(self.text):
            raise ValueError(f"clean-text range [{begin}, {end}) out of bounds")
        return Span(self.source_index[begin], self.source_index[end - 1] + 1)

    def clean_offset(self, source_offset: int) -> int:
        """Index of the first clean character at or after ``source_offset``."""
        return bisect.bisect_left(self.source_index, source_offset)


@dataclass(frozen=True, slots=True)
class Repair:
    """One PDF-to-text artifact that was repaired.

    kind: ``split-word`` ("lis ten" -> "listen"), ``spaced-hyphen`` ("well -managed"),
    ``line-hyphen`` (a word hyphenated across a line break), ``page-break`` (a paragraph
    continued after a footnote block or hyperlink lines), ``running-header``, ``split-url``
    (a URL or symbol broken after "/" by a space or line break: "http://www.iom.int/ key-terms").
    """

    kind: str
    span: Span
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote marker in the body text ("countries.6", "States. 4", "population,8")."""

    number: int
    span: Span  # the marker digits only


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A mention of another UN document: a symbol ("A/RES/71/1") or "resolution 71/1"."""

    symbol: str  # normalised UN symbol, e.g. "A/RES/71/1"
    span: Span
    text: str  # as written, e.g. "resolution 71/1"


@dataclass(frozen=True, slots=True)
class ParagraphRef:
    """A citation of a paragraph: "resolution 71/1, para. 52", "paragraph 15 (b) of resolution
    5/1", "A/HRC/28/15, paras. 115-117" (one each), "see para. 27 above" (the citing document)."""

    symbol: str | None  # the cited document's symbol; None: the citing document itself
    paragraph: str  # as printed: "52", "115.1"
    point: str | None  # "b" in "paragraph 15 (b)"
    annex: str | None  # "" for "annex", "I" for "annex I"; None: the document's own paragraphs
    span: Span  # the paragraph's number as written
    text: str  # the citation as written: "resolution 71/1, para. 52"
    rule: str = "citation-named"  # the row of confidence.tsv that resolved the document
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class UrlRef:
    url: str
    span: Span


@dataclass(frozen=True, slots=True)
class Point:
    """An (a), (b), ... point of a numbered paragraph, on its own line or inline."""

    label: str  # "a"
    eid: str  # "para_4__point_a"
    span: Span  # from the "(a)" marker to the end of the point's text
    content: CleanText  # text after the marker, repaired
    inline: bool

    @property
    def text(self) -> str:
        return self.content.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph, or an unnumbered block (summary, text without numbers).

    ``span`` runs from the first character of the paragraph (its number) to the last
    character of its text; ``segments`` are the raw pieces actually belonging to it when
    a page break put a footnote block or hyperlink lines in between.
    """

    eid: str  # "para_20", "para_115.1"; unnumbered blocks: "summary__block_1", "block_3"
    number: int | None  # None for blocks and sub-numbered paragraphs ("115.1")
    span: Span
    segments: tuple[Span, ...]
    content: CleanText  # paragraph text without its number and footnote markers
    section: str | None  # eid of the section ("sec_III") or None (summary, preamble)
    subsection: str | None  # eid of the subsection ("sec_III__subsec_A") or None
    points: tuple[Point, ...] = ()
    footnote_refs: tuple[FootnoteRef, ...] = ()
    document_refs: tuple[DocumentRef, ...] = ()
    urls: tuple[UrlRef, ...] = ()
    paragraph_refs: tuple[ParagraphRef, ...] = ()
    numeral: str | None = None  # as printed: "20", "115.1" (a UPR report's recommendations)
    parent: str | None = None  # a sub-numbered paragraph's paragraph: "para_115"

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def label(self) -> str | None:
        """The paragraph's number as printed, None for an unnumbered block."""
        return self.numeral or (str(self.number) if self.number is not None else None)


@dataclass(frozen=True, slots=True)
class Subsection:
    eid: str  # "sec_III__subsec_A"; unnumbered: "sec_III__hcontainer_1"
    letter: str | None  # "A"; None for an unnumbered heading ("Objective 1: ...")
    title: str
    span: Span  # the heading line
    section: str  # eid of the parent section


@dataclass(frozen=True, slots=True)
class Section:
    eid: str  # "sec_III"; unnumbered: "hcontainer_1" (AKN's container for unnumbered headings)
    numeral: str | None  # "III"; None for an unnumbered heading ("Introduction", "Preamble")
    ordinal: int  # position among the sections of its part (the body, or an annex)
    title: str
    span: Span  # the heading line
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading that heads no part of its own: below a subsection ("Organized crime and
    corruption" under "2.1. Executive"), an annex's label ("Annex I") or its title."""

    eid: str  # "heading_3", "annex_I__heading_1"
    level: int  # 1 for an annex's label and title; 3 (or deeper) below a subsection
    title: str
    span: Span
    section: str | None = None  # eid of the section it stands in
    subsection: str | None = None


@dataclass(frozen=True, slots=True)
class Footnote:
    """An authorial note below a rule line, with every paragraph that cites it; or a note
    marked "*" or "**" (on the title or a heading: "circulated as received", "not edited")."""

    eid: str  # "fn_4"; a starred note: "fn_star_1" ("*"), "fn_star_2" ("**")
    number: int | None  # None for a starred note
    span: Span  # from the marker to the end of the note's text
    segments: tuple[Span, ...]
    content: CleanText
    cited_by: tuple[str, ...]  # eids of the citing paragraphs (or points' paragraphs), in order
    refs: tuple[FootnoteRef, ...]  # every marker citing this note
    document_refs: tuple[DocumentRef, ...] = ()
    urls: tuple[UrlRef, ...] = ()
    paragraph_refs: tuple[ParagraphRef, ...] = ()
    marker: str | None = None  # a starred note's marker: "*", "**"
    on_title: bool = False  # the marker stands on the document's title (the masthead)

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def label(self) -> str:
        """The note's marker as printed: "4", "*"."""
        return self.marker or str(self.number)


@dataclass(frozen=True, slots=True)
class PageBox:
    """A rectangle on one page of a PDF, in PDF points from the page's lower left corner
    (PDF user space, as a PDF's own ``/Rect`` arrays): what a viewer highlights."""

    page: int  # 1-based, in the PDF's page order
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """Where a run of source characters is printed: on one line of one PDF page, each
    character between its left and right edge (a space spans the gap it stands for)."""

    begin: int  # source offset of the run's first character
    page: int
    y0: float  # the line's bottom and top
    y1: float
    lefts: tuple[float, ...]  # one per character of the run
    rights: tuple[float, ...]

    @property
    def end(self) -> int:
        return self.begin + len(self.lefts)


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Where the source text read from a PDF is printed: runs of characters in source order
    (characters migkg wrote itself, like a note's rule line or indentation, are in none)."""

    lines: tuple[PrintedLine, ...]

    def boxes(self, spans: Iterable[Span]) -> tuple[PageBox, ...]:
        """The box around the printed characters of ``spans`` on each page they are printed on."""
        lines = self.lines
        found: dict[int, list[tuple[float, float, float, float]]] = {}
        for span in spans:
            k = max(0, bisect.bisect_right(lines, span.begin, key=lambda ln: ln.begin) - 1)
            while k < len(lines) and lines[k].begin < span.end:
                ln = lines[k]
                lo, hi = max(span.begin, ln.begin) - ln.begin, min(span.end, ln.end) - ln.begin
                if lo < hi:
                    box = (min(ln.lefts[lo:hi]), ln.y0, max(ln.rights[lo:hi]), ln.y1)
                    found.setdefault(ln.page, []).append(box)
                k += 1
        return tuple(
            PageBox(page, min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))
            for page, bs in sorted(found.items())
        )

    def pages(self, spans: Iterable[Span]) -> tuple[int, ...]:
        """The 1-based pages the printed characters of ``spans`` are on."""
        return tuple(box.page for box in self.boxes(spans))


@dataclass(frozen=True, slots=True)
class Metadata:
    """Bibliographic facts: from the sidecar ``<name>.json`` where present, else inferred."""

    doc_id: str  # "A-72-643": from the symbol ("/" -> "-") or else the file name
    symbol: str | None = None  # "A/72/643"
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # ISO 8601
    pages: int | None = None
    author: str | None = None
    language: str = "en"
    url: str | None = None  # "https://undocs.org/A/72/643"
    source: str | None = None  # note on where the text comes from
    catalogue: str | None = None  # path of the catalogue page, relative to the sidecar
    follows: str | None = None  # symbol of the document this one follows up ("A/72/643" for the Compact)
    distribution: str | None = None  # the masthead's "Distr.: General": "General", "Limited"
    session: str | None = None  # "Seventy-ninth session", as printed
    agenda_item: str | None = None  # the item(s) of the agenda, as printed: "20 (b)", "18 and 123"


@dataclass(frozen=True, slots=True)
class Document:
    metadata: Metadata
    source_path: str  # as given by the user
    source_sha256: str
    source_length: int  # characters
    summary: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]  # numbered paragraphs (or blocks), in order
    footnotes: tuple[Footnote, ...]
    repairs: tuple[Repair, ...] = ()
    warnings: tuple[str, ...] = ()
    # unnumbered blocks before the first numbered paragraph outside a summary, e.g. a
    # resolution's preambular paragraphs ("Recalling ..."): eids "preamble__block_1", ...
    preamble: tuple[Paragraph, ...] = ()
    headings: tuple[Heading, ...] = ()  # headings that are not sections or subsections
    # a PDF input: the PDF's file name and SHA-256 (the source text is what migkg read from it)
    pdf_file: str | None = None
    pdf_sha256: str | None = None
    layout: PageLayout | None = field(default=None, repr=False)  # where each source character is printed

    @property
    def doc_id(self) -> str:
        return self.metadata.doc_id

    def paragraph(self, eid: str) -> Paragraph:
        for p in (*self.summary, *self.preamble, *self.paragraphs):
            if p.eid == eid:
                return p
        raise KeyError(eid)
