"""The structure shapes: the built graphs conform, and every shape catches what it claims.

Each negative case takes the valid tiny graph, breaks one thing, validates, and asserts
that the expected shape (or SPARQL constraint) fired with the expected constraint
component, and no other shape did.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SH
from rdflib.term import _is_valid_uri

from migkg.graph.build import build_graph
from migkg.graph.iris import MIGO, NIF, IRIs
from migkg.graph.validate import ENGINES, ValidationResult, load_shapes, validate_graph

MIGSH = Namespace("https://w3id.org/migkg/shapes#")
DOC = URIRef("https://w3id.org/migkg/id/doc/A-99-1")
CTX = URIRef(f"{DOC}/source")
CITED = URIRef("https://w3id.org/migkg/id/doc/A-RES-71-1")


def part(eid: str) -> URIRef:
    return URIRef(f"{DOC}/{eid}")


def fired(result: ValidationResult) -> set[tuple[URIRef, URIRef]]:
    """(shape or SPARQL constraint, constraint component) of every validation result."""
    report = result.report
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(r, SH.sourceConstraint) or report.value(r, SH.sourceShape)
        out.add((source, report.value(r, SH.sourceConstraintComponent)))
    return out


def drop(node, prop) -> Callable[[Graph], None]:
    return lambda g: g.remove((node, prop, None))


def put(node, prop, value) -> Callable[[Graph], None]:
    return lambda g: g.set((node, prop, value))


def add(node, prop, value) -> Callable[[Graph], None]:
    return lambda g: g.add((node, prop, value))


def add_all(node, prop, *values) -> Callable[[Graph], None]:
    def adding(g: Graph) -> None:
        for value in values:
            g.add((node, prop, value))

    return adding


C = SH  # constraint components are sh:...ConstraintComponent
CASES = {
    "document without identifier": (
        drop(DOC, DCTERMS.identifier),
        MIGSH["Document-identifier"],
        C.MinCountConstraintComponent,
    ),
    "document without source text": (
        drop(DOC, MIGO.sourceText),
        MIGSH["Document-sourceText"],
        C.MinCountConstraintComponent,
    ),
    "document without label": (drop(DOC, RDFS.label), MIGSH["Document-label"], C.MinCountConstraintComponent),
    "document date not a date": (
        put(DOC, DCTERMS.date, Literal("12 December 2017")),
        MIGSH["Document-date"],
        C.DatatypeConstraintComponent,
    ),
    "document distribution not General, Limited or Restricted": (
        put(DOC, MIGO.distribution, Literal("Public")),
        MIGSH["Document-distribution"],
        C.InConstraintComponent,
    ),
    "document with two distributions": (
        add_all(DOC, MIGO.distribution, Literal("General"), Literal("Limited")),
        MIGSH["Document-distribution"],
        C.MaxCountConstraintComponent,
    ),
    "document session not a session": (
        put(DOC, MIGO.session, Literal("Eightieth")),
        MIGSH["Document-session"],
        C.PatternConstraintComponent,
    ),
    "document with two sessions": (
        add_all(DOC, MIGO.session, Literal("Eightieth session"), Literal("Ninth session")),
        MIGSH["Document-session"],
        C.MaxCountConstraintComponent,
    ),
    "document agenda item not item numbers": (
        put(DOC, MIGO.agendaItem, Literal("Globalization and interdependence")),
        MIGSH["Document-agendaItem"],
        C.PatternConstraintComponent,
    ),
    "document with two agenda items": (
        add_all(DOC, MIGO.agendaItem, Literal("20 (b)"), Literal("13")),
        MIGSH["Document-agendaItem"],
        C.MaxCountConstraintComponent,
    ),
    "source without length": (
        drop(CTX, MIGO.sourceLength),
        MIGSH["Context-sourceLength"],
        C.MinCountConstraintComponent,
    ),
    "source without file name": (
        drop(CTX, MIGO.sourceFile),
        MIGSH["Context-sourceFile"],
        C.MinCountConstraintComponent,
    ),
    "source digest malformed": (
        put(CTX, MIGO.sha256, Literal("abc123")),
        MIGSH["Context-sha256"],
        C.PatternConstraintComponent,
    ),
    "part without eId": (drop(part("para_1"), MIGO.eId), MIGSH["Part-eId"], C.MinCountConstraintComponent),
    "part without label": (drop(part("fn_1"), RDFS.label), MIGSH["Part-label"], C.MinCountConstraintComponent),
    "summary block without begin": (
        drop(part("summary__block_1"), NIF.beginIndex),
        MIGSH["Part-beginIndex"],
        C.MinCountConstraintComponent,
    ),
    "begin offset not an integer": (
        put(part("para_2"), NIF.beginIndex, Literal("123")),
        MIGSH["Part-beginIndex"],
        C.DatatypeConstraintComponent,
    ),
    "begin not before end": (
        put(part("para_2"), NIF.beginIndex, Literal(194, datatype=XSD.nonNegativeInteger)),
        MIGSH["Part-beginIndex"],
        C.LessThanConstraintComponent,
    ),
    "section without end": (drop(part("sec_I"), NIF.endIndex), MIGSH["Part-endIndex"], C.MinCountConstraintComponent),
    "point without context": (
        drop(part("para_2__point_a"), NIF.referenceContext),
        MIGSH["Part-referenceContext"],
        C.MinCountConstraintComponent,
    ),
    "paragraph not part of the document": (
        drop(part("para_2"), DCTERMS.isPartOf),
        MIGSH["Part-isPartOf"],
        C.MinCountConstraintComponent,
    ),
    "end beyond the source": (
        put(part("fn_2"), NIF.endIndex, Literal(10_000, datatype=XSD.nonNegativeInteger)),
        MIGSH["Context-endWithinSource"],
        C.SPARQLConstraintComponent,
    ),
    "eId used twice": (
        put(part("para_2"), MIGO.eId, Literal("para_1")),
        MIGSH["Document-uniqueEId"],
        C.SPARQLConstraintComponent,
    ),
    "section numeral malformed": (
        put(part("sec_II"), MIGO.numeral, Literal("II.")),
        MIGSH["Section-numeral"],
        C.PatternConstraintComponent,
    ),
    "section without ordinal": (
        drop(part("sec_II"), MIGO.ordinal),
        MIGSH["Section-ordinal"],
        C.MinCountConstraintComponent,
    ),
    "section without title": (
        drop(part("sec_I"), DCTERMS.title),
        MIGSH["Section-title"],
        C.MinCountConstraintComponent,
    ),
    "subsection numeral not a letter": (
        put(part("sec_I__subsec_A"), MIGO.numeral, Literal("a1")),
        MIGSH["Subsection-numeral"],
        C.PatternConstraintComponent,
    ),
    "subsection without title": (
        drop(part("sec_I__subsec_A"), DCTERMS.title),
        MIGSH["Subsection-title"],
        C.MinCountConstraintComponent,
    ),
    "subsection without section": (
        drop(part("sec_I__subsec_A"), MIGO.section),
        MIGSH["Subsection-section"],
        C.MinCountConstraintComponent,
    ),
    "paragraph without number": (
        drop(part("para_3"), MIGO.number),
        MIGSH["Paragraph-numbered"],
        C.SPARQLConstraintComponent,
    ),
    "paragraph number not an integer": (
        put(part("para_3"), MIGO.number, Literal("3")),
        MIGSH["Paragraph-number"],
        C.DatatypeConstraintComponent,
    ),
    "paragraph with two numbers": (
        add(part("para_3"), MIGO.number, Literal(4)),
        MIGSH["Paragraph-number"],
        C.MaxCountConstraintComponent,
    ),
    "paragraph without section": (
        drop(part("para_3"), MIGO.section),
        MIGSH["Document-paragraphInSection"],
        C.SPARQLConstraintComponent,
    ),
    "paragraph in two sections": (
        add(part("para_3"), MIGO.section, part("sec_I")),
        MIGSH["Paragraph-section"],
        C.MaxCountConstraintComponent,
    ),
    "paragraph's subsection not a subsection": (
        put(part("para_1"), MIGO.subsection, part("sec_II")),
        MIGSH["Paragraph-subsection"],
        C.ClassConstraintComponent,
    ),
    "paragraph without text": (drop(part("para_1"), MIGO.text), MIGSH["Paragraph-text"], C.MinCountConstraintComponent),
    "paragraph text without language": (
        put(part("para_1"), MIGO.text, Literal("Migration is growing.")),
        MIGSH["Paragraph-text"],
        C.DatatypeConstraintComponent,
    ),
    "paragraph cites a missing footnote": (
        add(part("para_1"), MIGO.citesFootnote, part("fn_9")),
        MIGSH["Paragraph-citesFootnote"],
        C.ClassConstraintComponent,
    ),
    "paragraph number used twice": (
        put(part("para_2"), MIGO.number, Literal(1)),
        MIGSH["Document-uniqueParagraphNumber"],
        C.SPARQLConstraintComponent,
    ),
    "paragraph's subsection in another section": (
        add(part("para_3"), MIGO.subsection, part("sec_I__subsec_A")),
        MIGSH["Paragraph-subsectionInSection"],
        C.EqualsConstraintComponent,
    ),
    "point label not lower case": (
        put(part("para_2__point_a"), MIGO.numeral, Literal("A")),
        MIGSH["Point-numeral"],
        C.PatternConstraintComponent,
    ),
    "point without paragraph": (
        drop(part("para_2__point_b"), MIGO.paragraph),
        MIGSH["Point-paragraph"],
        C.MinCountConstraintComponent,
    ),
    "footnote without number or marker": (
        drop(part("fn_2"), MIGO.number),
        MIGSH["Footnote-numbered"],
        C.SPARQLConstraintComponent,
    ),
    "footnote with two numbers": (
        add(part("fn_2"), MIGO.number, Literal(3)),
        MIGSH["Footnote-number"],
        C.MaxCountConstraintComponent,
    ),
    "footnote marker not stars": (
        add(part("fn_2"), MIGO.marker, Literal("+")),
        MIGSH["Footnote-marker"],
        C.PatternConstraintComponent,
    ),
    "footnote without text": (drop(part("fn_2"), MIGO.text), MIGSH["Footnote-text"], C.MinCountConstraintComponent),
    "footnote cited by a cited document": (
        put(part("fn_2"), MIGO.citedBy, CITED),
        MIGSH["Footnote-citedBy"],
        C.OrConstraintComponent,
    ),
    "footnote number used twice": (
        put(part("fn_2"), MIGO.number, Literal(1)),
        MIGSH["Document-uniqueFootnoteNumber"],
        C.SPARQLConstraintComponent,
    ),
    "cited document without symbol": (
        drop(CITED, MIGO.symbol),
        MIGSH["UNDocument-symbol"],
        C.MinCountConstraintComponent,
    ),
    "cited document without page": (drop(CITED, FOAF.page), MIGSH["UNDocument-page"], C.MinCountConstraintComponent),
}

# Breaks that rightly fire a second shape too: a paragraph's subsection that has no (or the
# wrong) section is no longer in the paragraph's section.
CONSEQUENCES = {
    "subsection without section": {MIGSH["Paragraph-subsectionInSection"]},
    "paragraph's subsection not a subsection": {MIGSH["Paragraph-subsectionInSection"]},
}


def test_tiny_graph_conforms(tiny_graph):
    result = validate_graph(tiny_graph)
    assert result.conforms, result.text
    assert fired(result) == set()


@pytest.mark.parametrize("engine", ENGINES)
def test_seed_graph_conforms(seed_graph, engine):
    result = validate_graph(seed_graph, engine=engine)
    assert result.conforms, result.text


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_graph_is_caught(tiny_graph, case):
    """By the build's engine, and with the same results (messages included) by pySHACL."""
    breaking, shape, component = CASES[case]
    graph = Graph() + tiny_graph
    breaking(graph)
    assert set(graph) != set(tiny_graph), "the case must change the graph"
    result = validate_graph(graph)
    assert not result.conforms
    results = fired(result)
    assert (shape, component) in results
    assert {source for source, _ in results} == {shape} | CONSEQUENCES.get(case, set())
    reference = validate_graph(graph, engine="pyshacl")
    assert not reference.conforms
    assert reference.violations() == result.violations()


def test_uncited_footnote_is_a_warning_not_a_violation(tiny_graph):
    graph = Graph() + tiny_graph
    graph.remove((part("fn_2"), MIGO.citedBy, None))
    result = validate_graph(graph)
    assert result.conforms, result.text
    assert result.findings() == []
    warnings = result.findings(SH.Warning)
    assert [(w.shape, w.count, w.example) for w in warnings] == [(str(MIGSH["Footnote-cited"]), 1, str(part("fn_2")))]
    assert warnings[0].describe().startswith("1 x Footnote-cited: The footnote is never cited")


def test_footnote_cited_by_a_heading_or_the_title_conforms(tiny_graph):
    graph = Graph() + tiny_graph
    graph.add((part("fn_2"), MIGO.citedBy, part("sec_II")))
    graph.add((part("fn_1"), MIGO.citedBy, DOC))
    assert validate_graph(graph).conforms


def test_findings_group_violations_by_shape(tiny_graph):
    graph = Graph() + tiny_graph
    for eid in ("para_1", "para_2", "para_3"):
        graph.remove((part(eid), MIGO.text, None))
    graph.remove((part("fn_1"), MIGO.text, None))
    findings = validate_graph(graph).findings()
    assert [(f.shape.rsplit("#", 1)[1], f.count, f.example) for f in findings] == [
        ("Paragraph-text", 3, str(part("para_1"))),
        ("Footnote-text", 1, str(part("fn_1"))),
    ]


def test_an_annex_numbers_its_paragraphs_anew(tiny_graph):
    """annex__para_1 may repeat number 1 of para_1 (another part); a paragraph before the
    first section of its part needs no section."""
    graph = Graph() + tiny_graph
    annexed = part("annex__para_1")
    for p, o in list(graph.predicate_objects(part("para_1"))):
        if p not in (MIGO.eId, MIGO.section, MIGO.subsection, MIGO.citesFootnote):
            graph.add((annexed, p, o))
    graph.add((annexed, MIGO.eId, Literal("annex__para_1")))
    graph.add((DOC, DCTERMS.hasPart, annexed))
    result = validate_graph(graph)
    assert result.conforms, result.text
    early = part("para_1")
    graph.remove((early, MIGO.section, None))
    graph.remove((early, MIGO.subsection, None))
    graph.set((early, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    assert validate_graph(graph).conforms


def test_a_sub_numbered_paragraph_has_its_numeral_and_paragraph(tiny_graph):
    """A UPR report's recommendation "3.1" of paragraph 3: no integer number, but its numeral
    as printed and the paragraph it belongs to."""
    graph = Graph() + tiny_graph
    sub = part("para_3.1")
    for p, o in list(graph.predicate_objects(part("para_3"))):
        if p not in (MIGO.eId, MIGO.number, MIGO.citesFootnote):
            graph.add((sub, p, o))
    graph.add((sub, MIGO.eId, Literal("para_3.1")))
    graph.add((sub, MIGO.numeral, Literal("3.1")))
    graph.add((sub, MIGO.paragraph, part("para_3")))
    assert validate_graph(graph).conforms
    graph.remove((sub, MIGO.paragraph, None))
    assert fired(validate_graph(graph)) == {(MIGSH["Paragraph-numbered"], C.SPARQLConstraintComponent)}


def with_heading(tiny_graph) -> Graph:
    graph = Graph() + tiny_graph
    heading = part("heading_1")
    graph.add((heading, RDF.type, MIGO.Heading))
    graph.add((heading, MIGO.eId, Literal("heading_1")))
    graph.add((heading, RDFS.label, Literal("heading: War crimes", lang="en")))
    graph.add((heading, DCTERMS.title, Literal("War crimes", lang="en")))
    graph.add((heading, MIGO.level, Literal(3, datatype=XSD.positiveInteger)))
    graph.add((heading, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    graph.add((heading, NIF.endIndex, Literal(6, datatype=XSD.nonNegativeInteger)))
    graph.add((heading, NIF.referenceContext, CTX))
    graph.add((heading, DCTERMS.isPartOf, DOC))
    graph.add((DOC, DCTERMS.hasPart, heading))
    return graph


@pytest.mark.parametrize(
    "break_it, shape, component",
    [
        (drop(part("heading_1"), DCTERMS.title), "Heading-title", C.MinCountConstraintComponent),
        (put(part("heading_1"), MIGO.level, Literal("3")), "Heading-level", C.DatatypeConstraintComponent),
        (drop(part("heading_1"), MIGO.level), "Heading-level", C.MinCountConstraintComponent),
    ],
)
def test_a_heading_has_a_title_and_a_level(tiny_graph, break_it, shape, component):
    graph = with_heading(tiny_graph)
    assert validate_graph(graph).conforms, validate_graph(graph).text
    break_it(graph)
    assert fired(validate_graph(graph)) == {(MIGSH[shape], component)}


def structure_block() -> Graph:
    """The shapes of the "Document structure" block of shapes.ttl (other blocks are tested
    by their owners' test modules)."""
    text = files("migkg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    start = text.index("# Document structure")
    end = text.find("\n# ---", text.index("\n# ---", start) + 1)
    return Graph().parse(data=prefixes + text[start : end if end != -1 else len(text)], format="turtle")


def test_every_structure_shape_has_a_negative_case():
    block = structure_block()
    node_shapes = set(block.subjects(RDF.type, SH.NodeShape))
    assert MIGSH.Paragraph in node_shapes and MIGSH.Footnote in node_shapes
    constraints = set()
    for node_shape in node_shapes:
        constraints |= set(block.objects(node_shape, SH.property))
        constraints |= set(block.objects(node_shape, SH.sparql))
    # tested above: a warning (Footnote-cited) and the heading shapes (the tiny graph has no heading)
    covered = {shape for _, shape, _ in CASES.values()} | {
        MIGSH["Footnote-cited"],
        MIGSH["Heading-title"],
        MIGSH["Heading-level"],
    }
    assert constraints - covered == set()


def test_every_shape_has_a_message():
    shapes = load_shapes()
    for shape in (*shapes.subjects(RDF.type, SH.PropertyShape), *shapes.subjects(RDF.type, SH.SPARQLConstraint)):
        assert shapes.value(shape, SH.message) is not None, shape


def test_document_without_sections_may_have_paragraphs_without_one(tiny_graph):
    graph = Graph() + tiny_graph
    for kind in (MIGO.Section, MIGO.Subsection):
        for node in list(graph.subjects(RDF.type, kind)):
            graph.remove((node, None, None))
            graph.remove((None, None, node))
    graph.remove((None, MIGO.section, None))
    graph.remove((None, MIGO.subsection, None))
    assert not any(graph.subjects(RDF.type, MIGO.Section))
    result = validate_graph(graph)
    assert result.conforms, result.text


FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_other_un_style_texts_build_valid_graphs(path):
    """Other layouts (a resolution with CRLF and running headers, a report, an unnumbered
    note) give graphs that conform too."""
    from migkg.extract.structure import parse_file

    graph = build_graph(parse_file(path), IRIs())
    result = validate_graph(graph)
    assert result.conforms, result.text
    assert len(list(graph.subjects(RDF.type, MIGO.Document))) == 1
    # "S/RES/2240 (2015)" and URLs from PDF text must still give valid IRIs
    assert not any(isinstance(t, URIRef) and not _is_valid_uri(str(t)) for triple in graph for t in triple)
