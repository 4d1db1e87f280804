"""Document model -> RDF: the structure graph of one parsed document.

Every node has an IRI minted by :class:`migkg.graph.iris.IRIs` (no blank nodes), so the
same document always gives the same triples and the Turtle output is byte-stable.

Vocabulary: DCTerms and FOAF for bibliographic facts, NIF for offsets
(``nif:beginIndex``/``nif:endIndex`` into a ``nif:Context`` standing for the source file),
the migkg ontology (``migo:``) for AKN4UN-style parts. A document read from a PDF also
says where each part is printed: ``migo:page`` for every page it is on, and one
``migo:PageRegion`` per page (``migo:printedAt``) with its ``migo:bbox`` in PDF points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import PurePath
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from migkg.extract.model import (
    Document,
    DocumentRef,
    Footnote,
    Heading,
    PageLayout,
    Paragraph,
    ParagraphRef,
    Point,
    Section,
    Span,
    Subsection,
    UrlRef,
)
from migkg.extract.refs import symbol_slug
from migkg.graph.iris import MIGO, NIF, PREFIXES, IRIs, undocs_url

# An IRI may not contain these (RFC 3987); URLs found in PDF text sometimes do.
_IRI_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|\\^`]")


def build_graph(document: Document, iris: IRIs, facts=None) -> Graph:
    """The RDF graph of ``document``'s structure, plus its extracted facts when given.

    ``facts`` is whatever the extraction pipeline returns; :mod:`migkg.graph.facts`
    turns it into triples.
    """
    graph = new_graph()
    _StructureBuilder(graph, document, iris).add_all()
    if facts is not None:
        from migkg.graph.facts import add_facts  # the extraction layer is optional here

        add_facts(graph, document, facts, iris)
    return graph


def new_graph() -> Graph:
    """An empty graph with RDF's core prefixes and the project's bound, as the files are
    written (:func:`migkg.graph.export.canonical` then has nothing to change)."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def decimal_literal(value: object) -> Literal:
    """An ``xsd:decimal`` in canonical form: no exponent, at least one fraction digit
    (``258000000.0``), which Turtle writes as a bare decimal that reads back the same."""
    text = format(Decimal(str(value)), "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _int(value: int, datatype=XSD.integer) -> Literal:
    return Literal(value, datatype=datatype)


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


class _StructureBuilder:
    """Adds the triples of one document; one method per kind of part."""

    def __init__(self, graph: Graph, document: Document, iris: IRIs) -> None:
        self.g = graph
        self.doc = document
        self.iris = iris
        self._own_parts: set[URIRef] | None = None
        self.doc_id = document.doc_id
        self.doc_iri = iris.document(self.doc_id)
        self.context = iris.source(self.doc_id)

    def part(self, eid: str) -> URIRef:
        return self.iris.part(self.doc_id, eid)

    def add_all(self) -> None:
        self.add_document()
        self.add_context()
        for ordinal, block in enumerate(self.doc.summary, start=1):
            self.add_paragraph(block, MIGO.Summary, f"summary, block {ordinal}", ordinal)
        for ordinal, block in enumerate(self.doc.preamble, start=1):
            self.add_paragraph(block, MIGO.Preamble, f"preamble, block {ordinal}", ordinal)
        for section in self.doc.sections:
            self.add_section(section)
        for heading in self.doc.headings:
            self.add_heading(heading)
        blocks = 0
        for paragraph in self.doc.paragraphs:
            if paragraph.label is None:  # a text without paragraph numbers
                blocks += 1
                self.add_paragraph(paragraph, MIGO.Block, f"block {blocks}", blocks)
            else:
                self.add_paragraph(paragraph, MIGO.Paragraph, f"paragraph {paragraph.label}")
        for footnote in self.doc.footnotes:
            self.add_footnote(footnote)

    def add_document(self) -> None:
        g, doc, meta = self.g, self.doc_iri, self.doc.metadata
        g.add((doc, RDF.type, MIGO.Document))
        g.add((doc, DCTERMS.identifier, Literal(meta.doc_id)))
        g.add((doc, MIGO.sourceText, self.context))
        g.add((doc, DCTERMS.language, Literal(meta.language, datatype=XSD.language)))
        label = meta.symbol or meta.doc_id
        if meta.title:
            g.add((doc, DCTERMS.title, _en(meta.title)))
            label = f"{label}: {meta.title}"
        g.add((doc, RDFS.label, _en(label)))
        if meta.subtitle:
            g.add((doc, DCTERMS.alternative, _en(meta.subtitle)))
        if meta.symbol:
            g.add((doc, MIGO.symbol, Literal(meta.symbol)))
            g.add((doc, FOAF.page, undocs_url(meta.symbol)))
        if meta.url and (not meta.symbol or _url_iri(meta.url) != undocs_url(meta.symbol)):
            g.add((doc, FOAF.page, _url_iri(meta.url)))
        if meta.date:
            g.add((doc, DCTERMS.date, Literal(meta.date, datatype=XSD.date)))
        if meta.author:
            g.add((doc, DCTERMS.creator, Literal(meta.author)))
        if meta.pages:
            g.add((doc, MIGO.pages, _int(meta.pages, XSD.positiveInteger)))
        if meta.follows:  # the Compact follows the report that prepared it
            g.add((doc, MIGO.follows, self.iris.un_document(meta.follows)))
        if meta.distribution:
            g.add((doc, MIGO.distribution, Literal(meta.distribution)))
        if meta.session:
            g.add((doc, MIGO.session, Literal(meta.session)))
        if meta.agenda_item:
            g.add((doc, MIGO.agendaItem, Literal(meta.agenda_item)))

    def add_context(self) -> None:
        g, ctx, doc = self.g, self.context, self.doc
        g.add((ctx, RDF.type, NIF.Context))
        g.add((ctx, RDFS.label, _en(f"source text of {doc.metadata.symbol or doc.doc_id}")))
        # The file name only: a full path would differ between machines and checkouts.
        g.add((ctx, MIGO.sourceFile, Literal(PurePath(doc.source_path).name)))
        g.add((ctx, MIGO.sourceLength, _int(doc.source_length, XSD.nonNegativeInteger)))
        g.add((ctx, MIGO.sha256, Literal(doc.source_sha256)))
        g.add((ctx, NIF.beginIndex, _int(0, XSD.nonNegativeInteger)))
        g.add((ctx, NIF.endIndex, _int(doc.source_length, XSD.nonNegativeInteger)))
        g.add((ctx, MIGO.repairCount, _int(len(doc.repairs), XSD.nonNegativeInteger)))
        if doc.metadata.source:
            g.add((ctx, DCTERMS.description, _en(doc.metadata.source)))
        if doc.pdf_sha256 is not None:  # a PDF input: the text was read from this PDF by migkg
            g.add((ctx, MIGO.pdfSha256, Literal(doc.pdf_sha256)))
        if doc.pdf_file is not None:
            g.add((ctx, MIGO.pdfFile, Literal(PurePath(doc.pdf_file).name)))
        if doc.metadata.symbol:
            # The text was extracted from the PDF published under the symbol.
            g.add((ctx, DCTERMS.source, undocs_url(doc.metadata.symbol)))

    def add_common(self, node: URIRef, eid: str, span: Span, segments=()) -> None:
        """What every part has: its eId, its offsets and its place in the document."""
        g = self.g
        g.add((node, MIGO.eId, Literal(eid)))
        self.add_offsets(node, span)
        g.add((node, DCTERMS.isPartOf, self.doc_iri))
        g.add((self.doc_iri, DCTERMS.hasPart, node))
        if len(segments) > 1:
            for seg in segments:
                seg_node = self.iris.selection(self.doc_id, seg.begin, seg.end)
                g.add((seg_node, RDF.type, NIF.OffsetBasedString))
                self.add_offsets(seg_node, seg)
                g.add((node, MIGO.segment, seg_node))

        if self.doc.layout is not None:
            add_printed_at(g, self.iris, node, self.doc.layout, segments if len(segments) > 1 else (span,))

    def add_offsets(self, node: URIRef, span: Span) -> None:
        self.g.add((node, NIF.beginIndex, _int(span.begin, XSD.nonNegativeInteger)))
        self.g.add((node, NIF.endIndex, _int(span.end, XSD.nonNegativeInteger)))
        self.g.add((node, NIF.referenceContext, self.context))

    def add_section(self, section: Section) -> None:
        g, node = self.g, self.part(section.eid)
        g.add((node, RDF.type, MIGO.Section))
        self.add_common(node, section.eid, section.span)
        if section.numeral is not None:
            g.add((node, MIGO.numeral, Literal(section.numeral)))
        g.add((node, MIGO.ordinal, _int(section.ordinal)))
        g.add((node, DCTERMS.title, _en(section.title)))
        numbered = f"{section.numeral}. " if section.numeral else ""
        g.add((node, RDFS.label, _en(f"section {numbered}{section.title}")))
        for ordinal, subsection in enumerate(section.subsections, start=1):
            self.add_subsection(subsection, section, ordinal)

    def add_subsection(self, subsection: Subsection, section: Section, ordinal: int) -> None:
        g, node = self.g, self.part(subsection.eid)
        g.add((node, RDF.type, MIGO.Subsection))
        self.add_common(node, subsection.eid, subsection.span)
        if subsection.letter is not None:
            g.add((node, MIGO.numeral, Literal(subsection.letter)))
        g.add((node, MIGO.ordinal, _int(ordinal)))
        g.add((node, DCTERMS.title, _en(subsection.title)))
        g.add((node, MIGO.section, self.part(subsection.section)))
        numbered = f"{section.numeral or ''}.{subsection.letter}. " if subsection.letter else ""
        label = f"subsection {numbered}{subsection.title}"
        g.add((node, RDFS.label, _en(label)))

    def add_heading(self, heading: Heading) -> None:
        """A heading that heads no part of its own (below a subsection, an annex's label or title)."""
        g, node = self.g, self.part(heading.eid)
        g.add((node, RDF.type, MIGO.Heading))
        self.add_common(node, heading.eid, heading.span)
        g.add((node, DCTERMS.title, _en(heading.title)))
        g.add((node, MIGO.level, _int(heading.level, XSD.positiveInteger)))
        g.add((node, RDFS.label, _en(f"heading: {heading.title}")))
        if heading.section:
            g.add((node, MIGO.section, self.part(heading.section)))
        if heading.subsection:
            g.add((node, MIGO.subsection, self.part(heading.subsection)))

    def add_paragraph(self, paragraph: Paragraph, kind: URIRef, label: str, ordinal: int | None = None) -> None:
        """A numbered paragraph (its number), or an unnumbered block (its ordinal)."""
        g, node = self.g, self.part(paragraph.eid)
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, _en(label)))
        if paragraph.number is not None:
            g.add((node, MIGO.number, _int(paragraph.number)))
        if paragraph.parent is not None:  # "115.1": a sub-numbered paragraph of paragraph 115
            g.add((node, MIGO.numeral, Literal(paragraph.label)))
            g.add((node, MIGO.paragraph, self.part(paragraph.parent)))
        if ordinal is not None:
            g.add((node, MIGO.ordinal, _int(ordinal)))
        self.add_common(node, paragraph.eid, paragraph.span, paragraph.segments)
        g.add((node, MIGO.text, _en(paragraph.text)))
        if paragraph.section:
            g.add((node, MIGO.section, self.part(paragraph.section)))
        if paragraph.subsection:
            g.add((node, MIGO.subsection, self.part(paragraph.subsection)))
        for ref in paragraph.footnote_refs:
            footnote = self.part(f"fn_{ref.number}")
            g.add((node, MIGO.citesFootnote, footnote))
            g.add((footnote, MIGO.citedBy, node))
        self.add_references(node, paragraph.document_refs, paragraph.urls)
        self.add_citations(node, paragraph.eid, paragraph.paragraph_refs)
        for position, point in enumerate(paragraph.points, start=1):
            self.add_point(point, node, label, position)

    def add_point(self, point: Point, parent: URIRef, parent_label: str, ordinal: int) -> None:
        g, node = self.g, self.part(point.eid)
        g.add((node, RDF.type, MIGO.Point))
        self.add_common(node, point.eid, point.span)
        g.add((node, MIGO.numeral, Literal(point.label)))
        g.add((node, MIGO.ordinal, _int(ordinal)))
        g.add((node, MIGO.text, _en(point.text)))
        g.add((node, MIGO.paragraph, parent))
        g.add((node, RDFS.label, _en(f"{parent_label} ({point.label})")))

    def add_footnote(self, footnote: Footnote) -> None:
        g, node = self.g, self.part(footnote.eid)
        g.add((node, RDF.type, MIGO.Footnote))
        self.add_common(node, footnote.eid, footnote.span, footnote.segments)
        if footnote.number is not None:
            g.add((node, MIGO.number, _int(footnote.number)))
        if footnote.marker is not None:  # a starred note: "*", "**"
            g.add((node, MIGO.marker, Literal(footnote.marker)))
        g.add((node, MIGO.text, _en(footnote.text)))
        g.add((node, RDFS.label, _en(f"footnote {footnote.label}")))
        citing_parts = [self.part(eid) for eid in footnote.cited_by]
        for citing in citing_parts + ([self.doc_iri] if footnote.on_title else []):
            g.add((node, MIGO.citedBy, citing))
            g.add((citing, MIGO.citesFootnote, node))
        self.add_references(node, footnote.document_refs, footnote.urls)
        self.add_citations(node, footnote.eid, footnote.paragraph_refs)

    def add_references(self, node: URIRef, document_refs: tuple[DocumentRef, ...], urls: tuple[UrlRef, ...]) -> None:
        g = self.g
        for ref in document_refs:
            cited = self.iris.un_document(ref.symbol)
            g.add((node, DCTERMS.references, cited))
            g.add((cited, RDF.type, MIGO.UNDocument))
            g.add((cited, MIGO.symbol, Literal(ref.symbol)))
            g.add((cited, RDFS.label, Literal(ref.symbol)))
            g.add((cited, FOAF.page, undocs_url(ref.symbol)))
        for url in urls:
            g.add((node, RDFS.seeAlso, _url_iri(url.url)))

    def add_citations(self, node: URIRef, eid: str, refs: tuple[ParagraphRef, ...]) -> None:
        """Each cited paragraph (or point) by the IRI the cited document's own graph gives it
        (``…/doc/A-RES-71-1/para_52``), typed and labelled so that it stands even when that
        document is not in the corpus; a citation node carries rule, confidence and offsets."""
        g = self.g
        for k, ref in enumerate(refs, start=1):
            if ref.symbol is None:  # the citing document: in the same part (body or annex) as the citing part
                doc_id, doc, symbol = self.doc_id, self.doc_iri, self.doc.metadata.symbol or self.doc_id
                prefix = eid[: eid.index("__") + 2] if eid.startswith("annex") else ""
            else:
                doc_id, doc, symbol = symbol_slug(ref.symbol), self.iris.un_document(ref.symbol), ref.symbol
                prefix = "" if ref.annex is None else f"annex_{ref.annex}__" if ref.annex else "annex__"
            paragraph_eid = f"{prefix}para_{ref.paragraph}"
            cited = self.iris.part(doc_id, f"{paragraph_eid}__point_{ref.point}" if ref.point else paragraph_eid)
            written = f"{symbol}{', annex' if prefix else ''}, paragraph {ref.paragraph}"
            written += f" ({ref.point})" if ref.point else ""
            g.add((node, MIGO.citesParagraph, cited))
            if cited not in self.own_parts:  # a paragraph of this document is typed and labelled as itself
                self.add_cited(cited, doc, written, ref)
            citation = URIRef(f"{node}/cite_{k}")
            g.add((citation, RDF.type, MIGO.Citation))
            g.add((citation, RDFS.label, _en(f"citation {k} of {eid}: {ref.text}")))
            g.add((citation, MIGO.citing, node))
            g.add((citation, MIGO.cited, cited))
            g.add((citation, MIGO.method, Literal(ref.rule)))
            g.add((citation, MIGO.confidence, decimal_literal(ref.confidence)))
            g.add((citation, PROV.wasDerivedFrom, self.iris.selection(self.doc_id, ref.span.begin, ref.span.end)))
            self.add_offsets(citation, ref.span)

    def add_cited(self, cited: URIRef, doc: URIRef, written: str, ref: ParagraphRef) -> None:
        g = self.g
        g.add((cited, RDF.type, MIGO.CitedParagraph))
        g.add((cited, RDFS.label, _en(written)))
        g.add((cited, MIGO.citedNumber, Literal(ref.paragraph)))
        if ref.point:
            g.add((cited, MIGO.citedPoint, Literal(ref.point)))
        g.add((cited, MIGO.inDocument, doc))

    @property
    def own_parts(self) -> set[URIRef]:
        if self._own_parts is None:
            paragraphs = (*self.doc.summary, *self.doc.preamble, *self.doc.paragraphs)
            eids = [p.eid for p in paragraphs] + [pt.eid for p in paragraphs for pt in p.points]
            self._own_parts = {self.part(eid) for eid in eids}
        return self._own_parts


def add_printed_at(graph: Graph, iris: IRIs, node: URIRef, layout: PageLayout, spans: Sequence[Span]) -> None:
    """Where the text of ``spans`` is printed: ``migo:page`` for each page, and per page a
    ``migo:PageRegion`` with the box around it ("x0 y0 x1 y1", PDF points from the page's
    lower left corner), so that a viewer can highlight it on the PDF."""
    for box in layout.boxes(spans):
        region = iris.page_region(node, box.page)
        graph.add((node, MIGO.page, _int(box.page, XSD.positiveInteger)))
        graph.add((node, MIGO.printedAt, region))
        graph.add((region, RDF.type, MIGO.PageRegion))
        graph.add((region, MIGO.page, _int(box.page, XSD.positiveInteger)))
        graph.add((region, MIGO.bbox, Literal(f"{box.x0:.2f} {box.y0:.2f} {box.x1:.2f} {box.y1:.2f}")))


def _url_iri(url: str) -> URIRef:
    """An IRI for a URL as printed: characters an IRI may not hold are percent-encoded."""
    return URIRef(_IRI_UNSAFE.sub(lambda m: quote(m.group(0)), url))
