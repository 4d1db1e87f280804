"""Document -> RDF on the tiny hand-made document (every value checked against its source
text) and on the seed report."""

from __future__ import annotations

from conftest import SEED, TINY_SOURCE
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from migkg.graph.build import build_graph
from migkg.graph.iris import MIGO, NIF, IRIs

DOC = URIRef("https://w3id.org/migkg/id/doc/A-99-1")


def part(eid: str) -> URIRef:
    return URIRef(f"{DOC}/{eid}")


def test_document_metadata(tiny_graph):
    g = tiny_graph
    assert (DOC, RDF.type, MIGO.Document) in g
    assert g.value(DOC, DCTERMS.identifier) == Literal("A-99-1")
    assert g.value(DOC, MIGO.symbol) == Literal("A/99/1")
    assert g.value(DOC, DCTERMS.title) == Literal("A tiny test report", lang="en")
    assert g.value(DOC, DCTERMS.date) == Literal("2020-01-31", datatype=XSD.date)
    assert g.value(DOC, MIGO.pages) == Literal(1, datatype=XSD.positiveInteger)
    assert set(g.objects(DOC, FOAF.page)) == {URIRef("https://undocs.org/A/99/1")}
    context = g.value(DOC, MIGO.sourceText)
    assert context == URIRef(f"{DOC}/source")
    assert g.value(context, MIGO.sourceLength) == Literal(len(TINY_SOURCE), datatype=XSD.nonNegativeInteger)
    assert g.value(context, MIGO.sourceFile) == Literal("A-99-1.txt"), "file name only, no directories"


def test_offsets_point_at_the_raw_text(tiny_graph, tiny_document):
    g = tiny_graph
    parts = list(g.subjects(NIF.referenceContext, URIRef(f"{DOC}/source")))
    assert len(parts) == 2 + 1 + 3 + 2 + 1 + 2  # sections, subsection, paragraphs, points, summary, notes
    raw = {}
    for node in parts:
        begin, end = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
        raw[str(g.value(node, MIGO.eId))] = TINY_SOURCE[begin:end]
    assert raw["para_3"] == "3. I urge Member States to act.1 2"
    assert raw["para_2__point_b"] == "(b) second."
    assert raw["sec_I__subsec_A"] == "A. Background"
    assert raw["fn_2"] == "2 A second note."
    assert raw["summary__block_1"] == "This report is a test of the structure graph."


def test_parts_are_typed_labelled_and_linked(tiny_graph):
    g = tiny_graph
    assert (part("summary__block_1"), RDF.type, MIGO.Summary) in g
    assert (part("summary__block_1"), RDF.type, MIGO.Paragraph) not in g
    assert g.value(part("para_1"), RDFS.label) == Literal("paragraph 1", lang="en")
    assert g.value(part("sec_I"), RDFS.label) == Literal("section I. Introduction", lang="en")
    assert g.value(part("sec_I__subsec_A"), RDFS.label) == Literal("subsection I.A. Background", lang="en")
    assert g.value(part("para_2__point_a"), RDFS.label) == Literal("paragraph 2 (a)", lang="en")
    assert g.value(part("para_1"), MIGO.section) == part("sec_I")
    assert g.value(part("para_1"), MIGO.subsection) == part("sec_I__subsec_A")
    assert g.value(part("para_3"), MIGO.subsection) is None
    assert g.value(part("sec_I__subsec_A"), MIGO.section) == part("sec_I")
    assert g.value(part("para_2__point_a"), MIGO.paragraph) == part("para_2")
    assert g.value(part("para_1"), MIGO.number) == Literal(1)
    assert g.value(part("para_1"), MIGO.text) == Literal("Migration is growing.", lang="en")
    for node in g.subjects(MIGO.eId, None):
        assert g.value(node, DCTERMS.isPartOf) == DOC
        assert (DOC, DCTERMS.hasPart, node) in g


def test_footnotes_and_references(tiny_graph):
    g = tiny_graph
    assert set(g.objects(part("fn_1"), MIGO.citedBy)) == {part("para_1"), part("para_3")}
    assert set(g.objects(part("para_3"), MIGO.citesFootnote)) == {part("fn_1"), part("fn_2")}
    cited = URIRef("https://w3id.org/migkg/id/doc/A-RES-71-1")
    assert (part("para_2"), DCTERMS.references, cited) in g
    assert (cited, RDF.type, MIGO.UNDocument) in g
    assert g.value(cited, FOAF.page) == URIRef("https://undocs.org/A/RES/71/1")
    assert (part("fn_1"), RDFS.seeAlso, URIRef("https://example.org/report")) in g


def test_no_blank_nodes(tiny_graph):
    assert not any(isinstance(term, BNode) for triple in tiny_graph for term in triple)


def test_base_iri(tiny_document):
    graph = build_graph(tiny_document, IRIs("http://example.org/kg/"))
    assert (URIRef("http://example.org/kg/doc/A-99-1/para_1"), RDF.type, MIGO.Paragraph) in graph
    assert not any("w3id.org/migkg/id" in str(t) for triple in graph for t in triple)


def test_seed_graph_offsets_slice_raw_text(seed_graph):
    source = SEED.read_bytes().decode("utf-8")
    para_20 = URIRef("https://w3id.org/migkg/id/doc/A-72-643/para_20")
    begin, end = int(seed_graph.value(para_20, NIF.beginIndex)), int(seed_graph.value(para_20, NIF.endIndex))
    assert source[begin:end].startswith("20. The global compact will be key")
    assert not any(isinstance(term, BNode) for triple in seed_graph for term in triple)


def test_paragraphs_continued_across_pages_have_segments(seed_graph):
    """The paragraphs that a footnote block interrupts (hand-listed in the structure gold)
    carry their pieces as segments; the gap between two segments holds the rule line."""
    import json

    from conftest import ROOT

    gold = json.loads((ROOT / "tests" / "gold" / "structure-A-72-643.json").read_text(encoding="utf-8"))
    source = SEED.read_bytes().decode("utf-8")
    doc = "https://w3id.org/migkg/id/doc/A-72-643"
    segmented = {
        int(seed_graph.value(node, MIGO.number))
        for node in seed_graph.subjects(MIGO.segment, None)
        if (node, RDF.type, MIGO.Paragraph) in seed_graph
    }
    assert segmented == set(gold["continued_across_page"])
    for number in gold["continued_across_page"]:
        para = URIRef(f"{doc}/para_{number}")
        spans = sorted(
            (int(seed_graph.value(s, NIF.beginIndex)), int(seed_graph.value(s, NIF.endIndex)))
            for s in seed_graph.objects(para, MIGO.segment)
        )
        assert spans[0][0] == int(seed_graph.value(para, NIF.beginIndex))
        assert spans[-1][1] == int(seed_graph.value(para, NIF.endIndex))
        assert source[spans[0][0] :].startswith(f"{number}.")
        assert "_____" in source[spans[0][1] : spans[1][0]]


def test_summary_points_and_unnumbered_blocks():
    """Points of a summary block are labelled after it; a text without paragraph numbers
    gives migo:Block parts (never migo:Paragraph, whose rules need a number)."""
    from conftest import ROOT

    from migkg.extract.structure import parse_file

    seed = build_graph(parse_file(SEED), IRIs())
    point = URIRef("https://w3id.org/migkg/id/doc/A-72-643/summary__block_2__point_b")
    assert seed.value(point, RDFS.label) == Literal("summary, block 2 (b)", lang="en")
    note = build_graph(parse_file(ROOT / "tests" / "fixtures" / "unnumbered-note.txt"), IRIs())
    blocks = sorted(note.subjects(RDF.type, MIGO.Block))
    assert [int(note.value(b, MIGO.ordinal)) for b in blocks] == [1, 2, 3]
    assert not any(note.subjects(RDF.type, MIGO.Paragraph))
