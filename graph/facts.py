"""Extracted facts -> RDF (the vocabulary contract other modules and queries rely on).

- actor ``iris.actor(key)``: ``a migo:Actor, migo:<Type>``; ``rdfs:label``, ``skos:altLabel``,
  ``migo:acronym``, ``migo:impliedLevel``, ``skos:exactMatch`` (Wikidata, from links.tsv only);
- instrument: ``iris.un_document(symbol)`` when it has a UN symbol, else ``iris.instrument(key)``:
  ``a migo:Instrument, migo:<Type>``; ``rdfs:label``, ``migo:symbol``, ``foaf:page`` (undocs),
  ``migo:sdg <http://metadata.un.org/sdg/10.7>``, ``skos:exactMatch``;
- mention ``iris.selection(doc, b, e)``: ``a nif:OffsetBasedString, migo:Mention``;
  ``nif:beginIndex``, ``nif:endIndex``, ``nif:anchorOf`` (the exact source slice),
  ``nif:referenceContext``, ``itsrdf:taIdentRef <actor|instrument>``, ``migo:paragraph`` (or
  ``migo:footnote``), ``migo:point``, ``migo:method``, ``migo:confidence``, ``prov:wasGeneratedBy``;
- statement ``iris.statement(doc, para, n)``: ``a migo:Statement, migo:Recommendation|Commitment|Decision``;
  ``migo:addressee``, ``migo:subjectInstrument``, ``migo:committer``, ``migo:source`` (who
  recommends or decides), ``migo:status`` (a UPR response, ``…/status/noted``), ``migo:modality``,
  ``migo:action``, ``migo:text``, ``migo:governanceLevel``, ``migo:invokes``, ``migo:paragraph``,
  ``migo:point``, ``prov:wasDerivedFrom <selection>``, ``migo:method``, ``migo:confidence``,
  ``prov:wasGeneratedBy <run>``; read from a PDF, ``migo:page`` and ``migo:printedAt`` (as parts);
- figure ``iris.figure(doc, para, n)``: ``a migo:Figure``; ``migo:value`` (xsd:decimal),
  ``migo:unit``, ``migo:year`` (xsd:gYear), ``migo:sourceFootnote``, ``migo:text``,
  ``migo:paragraph``, ``prov:wasDerivedFrom <selection>``, ...;
- paragraph: ``migo:mentionsLevel`` for every level its text names;
- document: ``dcterms:type`` its kind (``…/kind/upr-report``); a State actor: ``migo:countryCode`` (ISO 3166-1 alpha-3);
- run ``iris.run(doc)``: ``a prov:Activity, migo:ExtractionRun``; ``prov:used <source>``,
  ``prov:wasAssociatedWith`` the migkg and spaCy-pipeline software agents, ``migo:modelName``,
  ``migo:modelVersion``, ``migo:rulesOnly``.

No blank nodes; every IRI comes from :class:`migkg.graph.iris.IRIs`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS

from migkg.extract.facts import Facts
from migkg.extract.model import Document, Span
from migkg.graph.build import add_printed_at, decimal_literal
from migkg.graph.iris import ITSRDF, LEVEL, MIGO, MODALITY, NIF, SDG, IRIs, undocs_url

STATEMENT_CLASS = {
    "recommendation": MIGO.Recommendation,
    "commitment": MIGO.Commitment,
    "decision": MIGO.Decision,
}
# the concept schemes of ontology/modalities.ttl beside the modalities
STATUS = Namespace("https://w3id.org/migkg/status/")
KIND = Namespace("https://w3id.org/migkg/kind/")


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _nni(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


class _FactWriter:
    def __init__(self, graph: Graph, document: Document, facts: Facts, iris: IRIs) -> None:
        self.g = graph
        self.document = document
        self.facts = facts
        self.iris = iris
        self.doc_id = document.doc_id
        self.context = iris.source(self.doc_id)
        self.run = iris.run(self.doc_id)
        self.instrument_iri = {i.key: self._instrument_iri(i.key, i.symbol) for i in facts.instruments}

    def _instrument_iri(self, key: str, symbol: str | None) -> URIRef:
        return self.iris.un_document(symbol) if symbol else self.iris.instrument(key)

    def part(self, eid: str) -> URIRef:
        return self.iris.part(self.doc_id, eid)

    def add_all(self) -> None:
        self.add_run()
        if self.facts.document_kind:
            self.g.add((self.iris.document(self.doc_id), DCTERMS.type, KIND[self.facts.document_kind]))
        for actor in self.facts.actors:
            self.add_actor(actor)
        for instrument in self.facts.instruments:
            self.add_instrument(instrument)
        for mention in self.facts.mentions:
            self.add_mention(mention)
        for statement in self.facts.statements:
            self.add_statement(statement)
        for figure in self.facts.figures:
            self.add_figure(figure)
        for found in self.facts.paragraph_levels:
            for level in found.levels:
                self.g.add((self.part(found.paragraph), MIGO.mentionsLevel, LEVEL[level]))

    def add_run(self) -> None:
        g, run, r = self.g, self.run, self.facts.run
        g.add((run, RDF.type, PROV.Activity))
        g.add((run, RDF.type, MIGO.ExtractionRun))
        g.add((run, RDFS.label, _en(f"extraction run on {self.document.metadata.symbol or self.doc_id}")))
        g.add((run, PROV.used, self.context))
        software = self.iris.software(r.software, r.software_version)
        g.add((software, RDF.type, PROV.SoftwareAgent))
        g.add((software, RDFS.label, Literal(f"{r.software} {r.software_version}")))
        g.add((software, MIGO.softwareVersion, Literal(r.software_version)))
        model = self.iris.software(r.model_name, r.model_version)
        g.add((model, RDF.type, PROV.SoftwareAgent))
        g.add((model, RDF.type, MIGO.LanguageModel))
        g.add((model, RDFS.label, Literal(f"{r.model_name} {r.model_version} (spaCy {r.spacy_version})")))
        g.add((model, MIGO.softwareVersion, Literal(r.model_version)))
        g.add((run, PROV.wasAssociatedWith, software))
        g.add((run, PROV.wasAssociatedWith, model))
        g.add((run, MIGO.modelName, Literal(r.model_name)))
        g.add((run, MIGO.modelVersion, Literal(r.model_version)))
        g.add((run, MIGO.spacyVersion, Literal(r.spacy_version)))
        g.add((run, MIGO.rulesOnly, Literal(r.rules_only)))

    def add_actor(self, actor) -> None:
        g, node = self.g, self.iris.actor(actor.key)
        g.add((node, RDF.type, MIGO.Actor))
        g.add((node, RDF.type, MIGO[actor.type]))
        g.add((node, RDFS.label, _en(actor.label)))
        for alias in actor.aliases:
            if alias != actor.label:
                g.add((node, SKOS.altLabel, _en(alias)))
        if actor.acronym:
            g.add((node, MIGO.acronym, Literal(actor.acronym)))
        if actor.level:
            g.add((node, MIGO.impliedLevel, LEVEL[actor.level]))
        if actor.country_code:
            g.add((node, MIGO.countryCode, Literal(actor.country_code)))
        for link in actor.links:
            g.add((node, SKOS.exactMatch, URIRef(link)))

    def add_instrument(self, instrument) -> None:
        g, node = self.g, self.instrument_iri[instrument.key]
        g.add((node, RDF.type, MIGO.Instrument))
        g.add((node, RDF.type, MIGO[instrument.type]))
        if instrument.label != instrument.symbol:  # a bare symbol is already the UN document's label
            g.add((node, RDFS.label, _en(instrument.label)))
        for alias in instrument.aliases:
            if alias != instrument.label:
                g.add((node, SKOS.altLabel, _en(alias)))
        if instrument.symbol:
            g.add((node, MIGO.symbol, Literal(instrument.symbol)))
            g.add((node, FOAF.page, undocs_url(instrument.symbol)))
        if instrument.sdg:
            g.add((node, MIGO.sdg, SDG[instrument.sdg]))
        for link in instrument.links:
            g.add((node, SKOS.exactMatch, URIRef(link)))

    def selection(self, span: Span, anchor: str) -> URIRef:
        g, node = self.g, self.iris.selection(self.doc_id, span.begin, span.end)
        g.add((node, RDF.type, NIF.OffsetBasedString))
        g.add((node, NIF.beginIndex, _nni(span.begin)))
        g.add((node, NIF.endIndex, _nni(span.end)))
        g.add((node, NIF.anchorOf, Literal(anchor)))
        g.add((node, NIF.referenceContext, self.context))
        return node

    def provenance(self, node: URIRef, method: str, confidence: float) -> None:
        self.g.add((node, MIGO.method, Literal(method)))
        self.g.add((node, MIGO.confidence, decimal_literal(confidence)))
        self.g.add((node, PROV.wasGeneratedBy, self.run))

    def add_mention(self, m) -> None:
        g, node = self.g, self.selection(m.span, m.anchor)
        g.add((node, RDF.type, MIGO.Mention))
        target = self.iris.actor(m.key) if m.kind == "actor" else self.instrument_iri[m.key]
        g.add((node, ITSRDF.taIdentRef, target))
        if m.paragraph:
            g.add((node, MIGO.paragraph, self.part(m.paragraph)))
        if m.point:
            g.add((node, MIGO.point, self.part(m.point)))
        if m.footnote:
            g.add((node, MIGO.footnote, self.part(m.footnote)))
        self.provenance(node, m.method, m.confidence)

    def add_statement(self, s) -> None:
        g, node = self.g, self.iris.statement(self.doc_id, s.paragraph, s.n)
        g.add((node, RDF.type, MIGO.Statement))
        g.add((node, RDF.type, STATEMENT_CLASS[s.kind]))
        g.add((node, RDFS.label, _en(f"{s.kind} {s.n} of {s.paragraph}")))
        for key in s.addressees:
            g.add((node, MIGO.addressee, self.iris.actor(key)))
        for key in s.subject_instruments:
            g.add((node, MIGO.subjectInstrument, self.instrument_iri[key]))
        if s.committer:
            g.add((node, MIGO.committer, self.iris.actor(s.committer)))
        for key in s.sources:
            g.add((node, MIGO.source, self.iris.actor(key)))
        if s.status:
            g.add((node, MIGO.status, STATUS[s.status]))
        g.add((node, MIGO.modality, MODALITY[s.modality]))
        if s.action:
            g.add((node, MIGO.action, _en(s.action)))
        g.add((node, MIGO.text, _en(s.text)))
        for level in s.levels:
            g.add((node, MIGO.governanceLevel, LEVEL[level]))
        for key in s.invokes:
            g.add((node, MIGO.invokes, self.instrument_iri[key]))
        g.add((node, MIGO.paragraph, self.part(s.paragraph)))
        if s.point:
            g.add((node, MIGO.point, self.part(s.point)))
        g.add((node, PROV.wasDerivedFrom, self.selection(s.span, s.anchor)))
        if self.document.layout is not None:
            add_printed_at(g, self.iris, node, self.document.layout, (s.span,))
        self.provenance(node, s.method, s.confidence)

    def add_figure(self, f) -> None:
        g, node = self.g, self.iris.figure(self.doc_id, f.paragraph, f.n)
        g.add((node, RDF.type, MIGO.Figure))
        g.add((node, RDFS.label, _en(f"figure {f.n} of {f.paragraph}: {f.text}")))
        g.add((node, MIGO.value, decimal_literal(f.value)))
        g.add((node, MIGO.unit, Literal(f.unit)))
        g.add((node, MIGO.text, _en(f.text)))
        if f.sentence:
            g.add((node, MIGO.sentence, _en(f.sentence)))
        if f.year is not None:
            g.add((node, MIGO.year, Literal(f"{f.year:04d}", datatype=XSD.gYear)))
        if f.footnote:
            g.add((node, MIGO.sourceFootnote, self.part(f.footnote)))
        g.add((node, MIGO.paragraph, self.part(f.paragraph)))
        if f.point:
            g.add((node, MIGO.point, self.part(f.point)))
        g.add((node, PROV.wasDerivedFrom, self.selection(f.span, f.anchor)))
        self.provenance(node, f.method, f.confidence)


SCHEMES = ("levels.ttl", "modalities.ttl")


@cache
def concept_schemes() -> Graph:
    """The SKOS schemes of governance levels and modalities (ontology/*.ttl, package data)."""
    graph = Graph()
    for name in SCHEMES:
        graph.parse(data=files("migkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def add_facts(graph: Graph, document: Document, facts: Facts, iris: IRIs) -> Graph:
    """Add the triples of ``facts`` (extracted from ``document``) to ``graph``.

    The level and modality schemes go in as well, so that the graph alone answers
    questions by label ("subnational", "must") and by strength.
    """
    if facts.run.doc_id != document.doc_id:
        raise ValueError(f"facts of {facts.run.doc_id} cannot be added for document {document.doc_id}")
    for triple in concept_schemes():
        graph.add(triple)
    _FactWriter(graph, document, facts, iris).add_all()
    return graph
