"""Citations to the paragraph: "resolution 71/1, para. 52", "paragraph 15 (b) of the annex to
resolution 5/1", "see para. 2 above" become links to the cited paragraph's (or point's) IRI,
the same IRI the cited document's own graph gives it, so that the link resolves by itself
when both are in the corpus. Expectations were read off the made-up texts below and the
seed report's own sentences (quoted in each test)."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from migkg.extract.model import CleanText
from migkg.extract.refs import document_refs, paragraph_refs
from migkg.extract.structure import parse_text
from migkg.graph import query, sparql
from migkg.graph.build import build_graph
from migkg.graph.iris import MIGO, IRIs
from migkg.graph.validate import validate_graph

BASE = "https://w3id.org/migkg/id/doc/"


def citation_rows(graph: Graph) -> list[tuple[str, ...]]:
    result = sparql.run_local(sparql.prepare(query.resolve_query("citations")), graph)
    assert [str(v) for v in result.vars] == [
        "citing_doc",
        "citing_paragraph",
        "cited_doc",
        "cited_paragraph",
        "cited_point",
        "in_corpus",
    ]
    return [tuple("" if v is None else str(v) for v in row) for row in result]


def refs(text: str) -> list[tuple[str | None, str, str | None, str | None, str]]:
    found = paragraph_refs(CleanText(text, tuple(range(len(text)))))
    return [(r.symbol, r.paragraph, r.point, r.annex, r.rule) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Resolution 71/1, para. 33, in which", [("A/RES/71/1", "33", None, None, "citation-named")]),
        ("(see S/2011/641, para. 58)", [("S/2011/641", "58", None, None, "citation-named")]),
        ("CERD/C/SVN/CO/8-11, para. 18", [("CERD/C/SVN/CO/8-11", "18", None, None, "citation-named")]),
        ("resolution 73/195, annex, para. 17", [("A/RES/73/195", "17", None, "", "citation-named")]),
        (
            "the request in paragraph 68 of CERD/C/BRA/CO/18-20",
            [("CERD/C/BRA/CO/18-20", "68", None, None, "citation-named")],
        ),
        (
            "paragraph 15 (b) of the annex to Human Rights Council resolution 5/1",
            [("A/HRC/RES/5/1", "15", "b", "", "citation-named")],
        ),
        (
            "A/HRC/28/15, paras. 115\u2013117",
            [("A/HRC/28/15", n, None, None, "citation-named") for n in ("115", "116", "117")],
        ),
        (
            "paras. 7, 26 and 70 of the present report",
            [(None, n, None, None, "citation-self") for n in ("7", "26", "70")],
        ),
        ("as described at para. 27 above", [(None, "27", None, None, "citation-self")]),
        ("(see paras. 4 (a)\u2013(d))", [(None, "4", "a", None, "citation-see")]),
        (
            "See resolution 71/1, para. 52, in which States committed, and para. 53, in which they welcomed",
            [
                ("A/RES/71/1", "52", None, None, "citation-named"),
                ("A/RES/71/1", "53", None, None, "citation-same-sentence"),
            ],
        ),
    ],
)
def test_citations_resolve_to_their_document(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize(
    ("text", "citing", "expected"),
    [
        # A/HRC/28/15 (a UPR report): "the annex to resolution 5/1" is the Council's own
        ("adopted in accordance with the annex to resolution 16/21", "A/HRC/28/15", ["A/HRC/RES/16/21"]),
        ("adopted in accordance with the annex to resolution 16/21", "A/72/643", ["A/RES/16/21"]),
        ("adopted in accordance with the annex to resolution 16/21", None, ["A/RES/16/21"]),
        ("General Assembly resolution 60/251", "A/HRC/28/15", ["A/RES/60/251"]),  # named: the body named
        # A/RES/80/11: "Assembly resolution 70/262 and Council resolution 2282 (2016)": the
        # number's form is the Security Council's, whatever body cites it
        (
            "Assembly resolution 70/262 and Council resolution 2282 (2016)",
            "A/RES/80/11",
            ["A/RES/70/262", "S/RES/2282 (2016)"],
        ),
        ("its resolutions 2240 (2015) and 2312 (2016)", "S/2018/747", ["S/RES/2240 (2015)", "S/RES/2312 (2016)"]),
        ("Security Council resolution 1244 (1999)", "A/HRC/28/15", ["S/RES/1244 (1999)"]),
    ],
)
def test_a_resolution_without_its_body_is_of_the_series_its_number_and_document_say(text, citing, expected):
    content = CleanText(text, tuple(range(len(text))))
    assert [ref.symbol for ref in document_refs(content, citing)] == expected
    cited = paragraph_refs(CleanText(f"{text}, para. 3", tuple(range(len(text) + 9))), citing)
    assert [ref.symbol for ref in cited] == expected[-1:]


@pytest.mark.parametrize(
    "text",
    [
        "Information relating to paragraph 17 (a)",  # a follow-up report: which document is not said
        "The Committee notes resolution 71/1. In paragraph 5, the State party reports",  # another sentence
        "in accordance with paragraph 15 (a) (A/HRC/WG.6/20/SVN/1)",  # the symbol names the report, not the cited text
        "paragraphs 10 to 12 of the draft",  # no document, no "above"
    ],
)
def test_a_number_that_names_no_document_is_left_alone(text):
    assert refs(text) == []


CITED = """United Nations                                   A/RES/99/1
General Assembly                                 Distr.: General
                                                 20 December 2099

Resolution adopted by the General Assembly on 19 December 2099

99/1. Migration

The General Assembly,

Recalling its resolution 73/195,

1. Requests the Secretary-General to report on the matter;

2. Encourages Member States to:

(a) Share data;

(b) Cooperate with countries of origin.
"""

CITING = """United Nations                                   A/99/2
General Assembly                                 Distr.: General
                                                 21 December 2099

Report of the Secretary-General

1. The Assembly asked for this report in resolution 99/1, para. 1.

2. Member States were encouraged to share data (resolution 99/1, paragraph 2 (a)) and to act on
paragraph 9 of resolution 98/7.

3. The data described in para. 2 above are incomplete.
"""


@pytest.fixture(scope="module")
def union() -> Graph:
    graph = Graph()
    for text in (CITED, CITING):
        document = parse_text(text)
        built = build_graph(document, IRIs())
        result = validate_graph(built)
        assert result.conforms, result.text
        graph += built
    return graph


def test_the_link_is_the_cited_paragraphs_own_iri(union):
    citing = URIRef(f"{BASE}A-99-2/para_1")
    cited = URIRef(f"{BASE}A-RES-99-1/para_1")
    assert (citing, MIGO.citesParagraph, cited) in union
    assert (cited, RDF.type, MIGO.Paragraph) in union  # the parsed paragraph of A/RES/99/1
    point = URIRef(f"{BASE}A-RES-99-1/para_2__point_a")
    assert (URIRef(f"{BASE}A-99-2/para_2"), MIGO.citesParagraph, point) in union
    assert (point, RDF.type, MIGO.Point) in union


def test_citations_query(union):
    rows = citation_rows(union)
    assert rows == [
        ("A-99-2", "1", "A-RES-99-1", "1", "", "true"),
        ("A-99-2", "2", "A-RES-99-1", "2", "a", "true"),
        ("A-99-2", "2", "A-RES-98-7", "9", "", "false"),
        ("A-99-2", "3", "A-99-2", "2", "", "true"),
    ]


def test_a_paragraph_outside_the_corpus_is_typed_labelled_and_numbered(union):
    cited = URIRef(f"{BASE}A-RES-98-7/para_9")
    assert (cited, RDF.type, MIGO.CitedParagraph) in union
    assert str(union.value(cited, MIGO.citedNumber)) == "9"
    assert str(union.value(cited, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "A/RES/98/7, paragraph 9"
    assert union.value(cited, MIGO.inDocument) == URIRef(f"{BASE}A-RES-98-7")
    citation = union.value(None, MIGO.cited, cited)
    assert str(union.value(citation, MIGO.method)) == "citation-named"
    assert float(union.value(citation, MIGO.confidence)) == pytest.approx(0.95)


def test_seed_citations(seed_graph):
    """Footnote 25: "See resolution 71/1, para. 52, in which ... para. 53, in which ...";
    paragraph 19: "(see paras. 4 (a)–(d))"; paragraph 63: "(as described at para. 27 above)"."""
    rows = set(citation_rows(seed_graph))
    assert ("A-72-643", "footnote 25", "A-RES-71-1", "52", "", "false") in rows
    assert ("A-72-643", "footnote 25", "A-RES-71-1", "53", "", "false") in rows
    assert ("A-72-643", "19", "A-72-643", "4", "a", "true") in rows
    assert ("A-72-643", "63", "A-72-643", "27", "", "true") in rows


NEGATIVE = {
    "citation without cited paragraph": (lambda g, c: g.remove((c, MIGO.cited, None)), "Citation-cited"),
    "citation with unknown method": (lambda g, c: g.set((c, MIGO.method, Literal("guess"))), "Citation-method"),
    "citation confidence above 1": (
        lambda g, c: g.set(
            (c, MIGO.confidence, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
        ),
        "Citation-confidence",
    ),
    "cited paragraph with a malformed number": (
        lambda g, c: g.set((g.value(c, MIGO.cited), MIGO.citedNumber, Literal("9a"))),
        "CitedParagraph-number",
    ),
    "cited paragraph in no document": (
        lambda g, c: g.remove((g.value(c, MIGO.cited), MIGO.inDocument, None)),
        "CitedParagraph-document",
    ),
}


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_citation_shapes_catch(case):
    graph = build_graph(parse_text(CITING), IRIs())
    citation = next(
        c for c in graph.subjects(RDF.type, MIGO.Citation) if "A-RES-98-7" in str(graph.value(c, MIGO.cited))
    )
    breaks, shape = NEGATIVE[case]
    breaks(graph, citation)
    result = validate_graph(graph)
    assert not result.conforms
    shapes = {str(s) for s in result.report.objects(None, SH.sourceShape)}
    assert shapes == {f"https://w3id.org/migkg/shapes#{shape}"}, result.text
