"""An alignment (:class:`migkg.extract.facts.Alignment`) -> RDF: one graph per SOURCE--TARGET pair.

- run ``iris.alignment_run(S, T)``: ``a prov:Activity, migo:AlignmentRun``; ``prov:used`` both
  documents, ``migo:method``, ``migo:threshold`` (xsd:decimal: under it a source is not taken
  up), ``migo:candidates``, ``prov:wasAssociatedWith`` migkg, ``migo:embeddingModel``;
- link ``iris.alignment(S, T, paragraph, statement, rank)``: ``a migo:Alignment``;
  ``migo:alignedSource`` the statement (or the paragraph, where none was extracted),
  ``migo:targetParagraph``, ``migo:targetPoint``, ``migo:alignedTarget`` (the point, else the
  paragraph), ``migo:objective`` (the target's numbered part, as a number), ``migo:score``
  (xsd:decimal), ``migo:rank``, ``migo:method``, ``migo:sourceEvidence`` and
  ``migo:targetEvidence`` (NIF selections into each document's source text),
  ``migo:sharedTerm``, ``prov:wasGeneratedBy`` the run.

No blank nodes; every IRI comes from :class:`migkg.graph.iris.IRIs`.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from migkg.extract.facts import Alignment, AlignmentLink
from migkg.extract.model import Span
from migkg.graph.build import decimal_literal
from migkg.graph.iris import MIGO, NIF, PREFIXES, IRIs


def _nni(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _selection(g: Graph, iris: IRIs, doc_id: str, span: Span, anchor: str) -> URIRef:
    node = iris.selection(doc_id, span.begin, span.end)
    g.add((node, RDF.type, NIF.OffsetBasedString))
    g.add((node, NIF.beginIndex, _nni(span.begin)))
    g.add((node, NIF.endIndex, _nni(span.end)))
    g.add((node, NIF.anchorOf, Literal(anchor)))
    g.add((node, NIF.referenceContext, iris.source(doc_id)))
    return node


def alignment_graph(alignment: Alignment, iris: IRIs) -> Graph:
    """The triples of one alignment run and its links."""
    g = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    s, t = alignment.source_doc, alignment.target_doc
    run = iris.alignment_run(s, t)
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDF.type, MIGO.AlignmentRun))
    g.add((run, RDFS.label, Literal(f"alignment of {s} with {t} ({alignment.method})", lang="en")))
    g.add((run, PROV.used, iris.document(s)))
    g.add((run, PROV.used, iris.document(t)))
    g.add((run, MIGO.alignmentSource, iris.document(s)))
    g.add((run, MIGO.alignmentTarget, iris.document(t)))
    g.add((run, MIGO.method, Literal(alignment.method)))
    g.add((run, MIGO.threshold, decimal_literal(alignment.threshold)))
    g.add((run, MIGO.candidates, _nni(alignment.candidates)))
    software = iris.software("migkg", alignment.software_version or "unknown")
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, RDFS.label, Literal(f"migkg {alignment.software_version or 'unknown'}")))
    g.add((run, PROV.wasAssociatedWith, software))
    if alignment.model_name:
        g.add((run, MIGO.embeddingModel, Literal(alignment.model_name)))
    for link in alignment.links:
        _add_link(g, iris, alignment, link, run)
    return g


def _add_link(g: Graph, iris: IRIs, alignment: Alignment, link: AlignmentLink, run: URIRef) -> None:
    s, t = alignment.source_doc, alignment.target_doc
    node = iris.alignment(s, t, link.source_paragraph, link.statement, link.rank)
    if link.statement is None:
        source = iris.part(s, link.source_paragraph)
        what = link.source_paragraph
    else:
        source = iris.statement(s, link.source_paragraph, link.statement)
        what = f"statement {link.statement} of {link.source_paragraph}"
    paragraph = iris.part(t, link.target_paragraph)
    g.add((node, RDF.type, MIGO.Alignment))
    g.add((node, RDFS.label, Literal(f"{what} of {s} -> {link.target_point or link.target_paragraph} of {t}")))
    g.add((node, MIGO.alignedSource, source))
    g.add((node, MIGO.targetParagraph, paragraph))
    if link.target_point:
        point = iris.part(t, link.target_point)
        g.add((node, MIGO.targetPoint, point))
        g.add((node, MIGO.alignedTarget, point))
    else:
        g.add((node, MIGO.alignedTarget, paragraph))
    if link.objective is not None:
        g.add((node, MIGO.objective, Literal(link.objective, datatype=XSD.integer)))
    g.add((node, MIGO.score, decimal_literal(link.score)))
    g.add((node, MIGO.rank, Literal(link.rank, datatype=XSD.positiveInteger)))
    g.add((node, MIGO.method, Literal(link.method)))
    e = link.evidence
    g.add((node, MIGO.sourceEvidence, _selection(g, iris, s, e.source_span, e.source_anchor)))
    g.add((node, MIGO.targetEvidence, _selection(g, iris, t, e.target_span, e.target_anchor)))
    for term in e.terms:
        g.add((node, MIGO.sharedTerm, Literal(term)))
    g.add((node, PROV.wasGeneratedBy, run))
