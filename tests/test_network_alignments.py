"""`migkg network --include alignments` and `--doc`: actors linked to the Global Compact's
objective where a recommendation addressed to them was taken up, and the network of one
document of a corpus. The alignment links are made by hand on real statements of the seed
(the same as tests/test_uptake.py), so the expected edges follow from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from migkg.extract.extraction import extract_facts
from migkg.extract.structure import parse_file
from migkg.graph.build import build_graph
from migkg.graph.errors import NetworkError
from migkg.graph.iris import MIGO, IRIs
from migkg.graph.network import build_network

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/migkg/id/"
OBJECTIVE_5 = URIRef(f"{BASE}doc/A-RES-73-195/annex__hcontainer_7__hcontainer_5")


def _statements(graph: Graph, paragraph: int) -> list[URIRef]:
    para = URIRef(f"{BASE}doc/A-72-643/para_{paragraph}")
    return sorted(s for s in graph.subjects(MIGO.paragraph, para) if (s, RDF.type, MIGO.Statement) in graph)


@pytest.fixture(scope="module")
def corpus(seed_out) -> Graph:
    graph = Graph().parse(seed_out / "A-72-643.ttl")
    graph += build_graph(parse_file(ROOT / "seeds" / "A-RES-73-195.txt"), IRIs())
    run = URIRef(f"{BASE}align/A-72-643--A-RES-73-195")
    graph.add((run, MIGO.threshold, Literal("0.30", datatype=XSD.decimal)))
    # paragraph 12's first statement ("Member States need to ...") to objective 5 (annex paragraph 21), above the threshold;
    # paragraph 27's to objective 5 too, under it
    for k, (paragraph, score) in enumerate([(12, "0.8"), (27, "0.1")]):
        link = URIRef(f"{run}/link_{k}")
        graph.add((link, RDF.type, MIGO.Alignment))
        graph.add((link, MIGO.alignedSource, _statements(graph, paragraph)[0]))
        graph.add((link, MIGO.rank, Literal(1, datatype=XSD.positiveInteger)))
        graph.add((link, MIGO.score, Literal(score, datatype=XSD.decimal)))
        graph.add((link, MIGO.targetParagraph, URIRef(f"{BASE}doc/A-RES-73-195/annex__para_21")))
        graph.add((link, MIGO.objective, Literal(5, datatype=XSD.integer)))
        graph.add((link, PROV.wasGeneratedBy, run))
    return graph


def test_actors_meet_the_objective_their_recommendation_was_taken_up_in(corpus):
    network = build_network(corpus, include=("alignments",))
    g = network.graph
    assert g.nodes[str(OBJECTIVE_5)]["kind"] == "objective"
    assert g.nodes[str(OBJECTIVE_5)]["short_label"] == "Objective 5"
    assert g.nodes[str(OBJECTIVE_5)]["label"].startswith("Objective 5: Enhance availability")
    taken = _statements(corpus, 12)[0]
    addressees = {str(a) for a in corpus.objects(taken, MIGO.addressee)}
    assert addressees  # "Member States need to ..." addresses someone
    neighbours = set(g.neighbors(str(OBJECTIVE_5)))
    assert neighbours == addressees
    for actor in addressees:
        edge = g.edges[actor, str(OBJECTIVE_5)]
        assert edge["taken_up"] == 1 and edge["statements"] == [str(taken)]
    # the link under the threshold draws nothing: no other objective node
    assert [n for n, kind in g.nodes(data="kind") if kind == "objective"] == [str(OBJECTIVE_5)]


def test_without_the_include_no_objective(corpus):
    g = build_network(corpus).graph
    assert not any(kind == "objective" for _, kind in g.nodes(data="kind"))


@pytest.fixture(scope="module")
def two_documents(seed_out) -> Graph:
    graph = Graph().parse(seed_out / "A-72-643.ttl")
    upr = parse_file(ROOT / "tests" / "fixtures" / "A-HRC-99-1-upr.txt")
    graph += build_graph(upr, IRIs(), extract_facts(upr, model="blank:en"))
    return graph


def test_one_document_of_a_corpus(two_documents):
    whole = build_network(two_documents).graph
    seed_only = build_network(two_documents, documents=("A-72-643",))
    assert seed_only.documents == ("A/72/643",)
    assert seed_only.graph.number_of_edges() < whole.number_of_edges()
    for _, _, data in seed_only.graph.edges(data=True):
        assert all("/doc/A-72-643/" in iri for iri in (*data["statements"], *data["paragraphs"]))


def test_an_unknown_document_is_a_clear_error(two_documents):
    with pytest.raises(NetworkError, match="A-99-999"):
        build_network(two_documents, documents=("A-99-999",))
