"""The actor network on a hand-made graph whose counts are worked out in its header
(tests/fixtures/network-mini.ttl): nodes, edges, evidence, metrics and every format."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from defusedxml import ElementTree
from PIL import Image

from migkg.graph.network import (
    FORMATS,
    NetworkError,
    build_network,
    central_actors,
    communities,
    flat_graph,
    render,
    type_label,
)

FIXTURE = Path(__file__).parent / "fixtures" / "network-mini.ttl"
ID = "https://w3id.org/migkg/id/"
MS, CITIES, CS = ID + "actor/member-states", ID + "actor/cities", ID + "actor/civil-society"
IOM, GMG = ID + "actor/iom", ID + "actor/global-migration-group"
SRSG = ID + "actor/special-representative"
AGENDA, NYD = ID + "instrument/agenda-2030", ID + "doc/A-RES-71-1"
COMPACT = ID + "instrument/global-compact"
LEVEL = "https://w3id.org/migkg/level/"
PARA = ID + "doc/A-99-2/para_"


@pytest.fixture(scope="module")
def rdf() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(FIXTURE)
    return graph


@pytest.fixture(scope="module")
def actors(rdf):
    return build_network(rdf)


@pytest.fixture(scope="module")
def full(rdf):
    return build_network(rdf, include={"instruments", "levels"})


def test_nodes_are_the_actors_with_their_counts(actors):
    g = actors.graph
    assert set(g) == {MS, CITIES, CS, IOM, GMG, SRSG}
    assert {n: g.nodes[n]["addressed"] for n in g} == {MS: 4, CITIES: 2, CS: 1, IOM: 0, GMG: 0, SRSG: 0}
    assert {n: g.nodes[n]["mentions"] for n in g} == {MS: 4, CITIES: 1, CS: 1, IOM: 2, GMG: 1, SRSG: 0}
    assert g.nodes[IOM]["type"] == "IntergovernmentalOrganization"
    assert g.nodes[IOM]["label"] == "International Organization for Migration"
    assert g.nodes[IOM]["short_label"] == "IOM"  # its acronym, for pictures
    assert g.nodes[MS]["short_label"] == "Member States"  # no acronym: the label
    assert all(kind == "actor" for _, kind in g.nodes(data="kind"))


def test_an_instrument_addressed_as_subject_is_not_an_actor(actors, full):
    assert COMPACT not in actors.graph
    # it is an instrument node when instruments are included, but never co-addressed
    assert full.graph.nodes[COMPACT]["kind"] == "instrument"
    assert full.graph.degree(COMPACT) == 0


def test_co_addressed_and_co_mentioned_edges_with_their_evidence(actors):
    g = actors.graph
    edge = g.edges[MS, CITIES]
    assert edge["kinds"] == ["co-addressed", "co-mentioned"]
    assert (edge["co_addressed"], edge["co_mentioned"], edge["weight"]) == (2, 1, 3)
    assert edge["statements"] == [PARA + "1/stmt_1", PARA + "3/stmt_2"]
    assert edge["paragraphs"] == [PARA + "1", PARA + "3"]
    # IOM and Member States are never addressed together, but share paragraphs 2 and 3
    edge = g.edges[IOM, MS]
    assert edge["kinds"] == ["co-mentioned"] and edge["weight"] == 2
    assert edge["statements"] == [] and edge["paragraphs"] == [PARA + "2", PARA + "3"]
    assert set(map(frozenset, g.edges)) == {
        frozenset(e) for e in [(MS, CITIES), (MS, CS), (CS, CITIES), (IOM, GMG), (IOM, MS), (GMG, MS)]
    }


def test_instrument_and_level_edges(full):
    g = full.graph
    assert g.edges[MS, AGENDA]["invokes"] == 2 and g.edges[MS, AGENDA]["kinds"] == ["invokes"]
    assert g.edges[MS, NYD]["statements"] == [PARA + "2/stmt_1"]
    assert not g.has_edge(IOM, AGENDA)
    assert g.edges[MS, LEVEL + "national"]["at_level"] == 2
    assert g.edges[CITIES, LEVEL + "subnational"]["statements"] == [PARA + "1/stmt_1", PARA + "3/stmt_2"]
    assert g.nodes[LEVEL + "national"]["label"] == "national level"
    assert g.nodes[LEVEL + "national"]["invoked"] == 2
    assert g.nodes[AGENDA]["invoked"] == 2 and g.nodes[AGENDA]["mentions"] == 1
    assert len(g) == 12 and g.number_of_edges() == 16


def test_min_weight_drops_light_edges_and_the_nodes_they_isolated(rdf):
    g = build_network(rdf, min_weight=2).graph
    assert set(map(frozenset, g.edges)) == {frozenset(e) for e in [(MS, CITIES), (MS, CS), (MS, IOM)]}
    assert set(g) == {MS, CITIES, CS, IOM}


def test_centrality_and_communities(actors):
    g = actors.graph
    # Member States touches 4 of the 5 other actors and is the only bridge between
    # {cities, civil society} and {IOM, Global Migration Group}: 4 of the 10 pairs.
    assert g.nodes[MS]["degree"] == pytest.approx(0.8)
    assert g.nodes[MS]["betweenness"] == pytest.approx(0.4)
    assert g.nodes[CITIES]["betweenness"] == 0
    c = nx.get_node_attributes(g, "community")
    assert c[MS] == c[CITIES] == c[CS] != c[IOM] == c[GMG] != c[SRSG]
    assert central_actors(actors, top=1)[0]["label"] == "Member States"
    groups = communities(actors)
    assert [group["size"] for group in groups] == [3, 2, 1]
    assert groups[0]["members"][0] == "Member States"


def test_paragraph_labels_and_statements(actors):
    assert actors.documents == ("A/99/2",)
    assert actors.paragraph_labels[PARA + "3"] == "A/99/2 para. 3"
    statement = actors.statements[PARA + "3/stmt_1"]
    assert statement.kind == "commitment" and statement.paragraph == PARA + "3"


def test_bad_options_are_errors(rdf):
    with pytest.raises(NetworkError, match="unknown --include"):
        build_network(rdf, include={"figures"})
    with pytest.raises(NetworkError, match="at least 1"):
        build_network(rdf, min_weight=0)
    with pytest.raises(NetworkError, match="unknown network format"):
        render(build_network(rdf), "pdf")


def test_type_labels():
    assert type_label("IntergovernmentalOrganization") == "Intergovernmental organization"
    assert type_label("UNBody").startswith("UN body")
    assert type_label("GovernanceLevel") == "Governance level"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_across_runs(rdf, fmt):
    assert render(build_network(rdf, include={"instruments"}), fmt) == render(
        build_network(rdf, include={"instruments"}), fmt
    )


def test_flat_graph_has_only_scalar_attributes(full):
    flat = flat_graph(full.graph)
    values = [v for _, d in flat.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in flat.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, (str, int, float)) for v in values)
    assert flat.edges[MS, CITIES]["statements"] == f"{PARA}1/stmt_1 {PARA}3/stmt_2"


def test_gexf_reads_back_with_every_attribute(full):
    g = nx.read_gexf(io.BytesIO(render(full, "gexf")))
    assert set(g) == set(full.graph)
    node = g.nodes[MS]
    assert node["label"] == "Member States" and node["addressed"] == 4
    assert node["community"] == full.graph.nodes[MS]["community"]
    assert node["betweenness"] == pytest.approx(full.graph.nodes[MS]["betweenness"])
    assert "viz" in node and node["viz"]["color"]["r"] == 0
    edge = g.edges[MS, CITIES]
    assert edge["weight"] == 3 and edge["kinds"] == "co-addressed co-mentioned"
    assert b"lastmodifieddate" not in render(full, "gexf")
    assert g.graph["name"] == "Actor network of A/99/2: 12 nodes, 16 edges"


def test_graphml_reads_back_with_every_attribute(full):
    g = nx.read_graphml(io.BytesIO(render(full, "graphml")))
    assert g.number_of_edges() == full.graph.number_of_edges()
    assert g.nodes[CITIES]["type"] == "SubnationalAuthority"
    assert g.nodes[CITIES]["mentions"] == 1
    assert g.edges[MS, CITIES]["paragraphs"] == f"{PARA}1 {PARA}3"


def test_json_is_node_link(full):
    data = json.loads(render(full, "json"))
    g = nx.node_link_graph(data, edges="links")
    assert set(g) == set(full.graph)
    assert g.edges[MS, CITIES]["statements"] == [PARA + "1/stmt_1", PARA + "3/stmt_2"]


def test_png_is_at_least_1200_px_wide(actors):
    image = Image.open(io.BytesIO(render(actors, "png")))
    assert image.format == "PNG" and image.width >= 1200 and image.height >= 900


def test_svg_parses_and_names_the_actors(actors):
    svg = render(actors, "svg")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    # matplotlib draws text as paths, with the string kept in a comment per label
    assert b"Member States" in svg and b"Node type" in svg


def test_html_is_self_contained(full):
    html = render(full, "html").decode("utf-8")
    external = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", html)
    assert external == []
    assert "new vis.Network" in html and "vis-network" in html
    assert "Member States" in html and "Member States should support cities." in html


def test_a_graph_without_actors_is_an_error():
    structure_only = rdflib.Graph()
    structure_only.parse(
        data=f"""
        @prefix migo: <https://w3id.org/migkg/ontology#> .
        <{PARA}1> a migo:Paragraph ; migo:number 1 .""",
        format="turtle",
    )
    with pytest.raises(NetworkError, match="no actor"):
        build_network(structure_only)


def test_layout_puts_nodes_without_edges_below_the_others(full):
    from migkg.graph.network import layout

    pos = layout(full.graph)
    lonely = {n for n in full.graph if full.graph.degree(n) == 0}
    assert lonely == {SRSG, COMPACT}
    lowest_connected = min(y for n, (_, y) in pos.items() if n not in lonely)
    assert all(pos[n][1] < lowest_connected for n in lonely)
    # on one shelf, sorted by label: "global compact ..." left of "Special Representative ..."
    assert pos[COMPACT][1] == pos[SRSG][1] and pos[COMPACT][0] < pos[SRSG][0]
