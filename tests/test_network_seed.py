"""The actor network of the seed report A/72/643, checked against the report's text.

Each expectation names the paragraphs it was read from; nodes are found by label, so that
the tests do not depend on the extractor's actor keys.
"""

from __future__ import annotations

import re

import networkx as nx
import pytest

from migkg.graph.build import build_graph
from migkg.graph.iris import IRIs
from migkg.graph.network import build_network, central_actors

pytestmark = pytest.mark.model

DOC = "A/72/643"


@pytest.fixture(scope="module")
def seed_network(seed_document, seed_facts):
    """The network of the seed graph built as `migkg build` builds it: structure and facts."""
    graph = build_graph(seed_document, IRIs(), seed_facts)
    return build_network(graph, include={"instruments", "levels"})


def node(network, pattern: str, kind: str = "actor") -> str:
    """The one node of ``kind`` whose label, acronym or IRI (its last segment, e.g. a UN
    symbol such as A-RES-70-1) matches ``pattern`` in full."""
    g = network.graph
    found = [
        n
        for n, data in g.nodes(data=True)
        if data["kind"] == kind
        and any(
            re.fullmatch(pattern, text, re.I) for text in (data["label"], data["short_label"], n.rsplit("/", 1)[-1])
        )
    ]
    assert len(found) == 1, f"{pattern!r}: {[g.nodes[n]['label'] for n in found]}"
    return found[0]


def paragraphs(network, source: str, target: str) -> set[int]:
    """Numbers of the paragraphs behind an edge."""
    labels = [network.paragraph_labels[p] for p in network.graph.edges[source, target]["paragraphs"]]
    return {int(label.rsplit(" ", 1)[1]) for label in labels if label.startswith(f"{DOC} para. ")}


def test_member_states_is_the_most_addressed_actor(seed_network):
    # Read in the report: Member States are asked to act in paras 4, 5, 6, 10, 12, 16, 17,
    # 27, 36, 38, 39, 40, 41, 57, 59 (twice), 62, 63, 67 (twice), 80, 83 (three times) and
    # 86 (24 sentences); no other actor is addressed in more than a handful.
    g = seed_network.graph
    member_states = node(seed_network, "Member States")
    most = max(seed_network.actors(), key=lambda n: g.nodes[n]["addressed"])
    assert most == member_states
    assert g.nodes[member_states]["addressed"] >= 20
    assert central_actors(seed_network, top=len(g))[0]["addressed"] >= 20


def test_iom_and_global_migration_group_meet_through_partners_not_directly(seed_network):
    # Section VI: IOM in paras 70, 72, 73 and 74, each also naming Member States; the
    # Global Migration Group in para 71 (with "the Member States will want"). IOM and the
    # Group never share a paragraph of the report (IOM: 4, 8, 31, 66, 70, 72-74, 78, 84;
    # the Group: 49, 71), so there is no direct edge, only paths through shared partners.
    g = seed_network.graph
    iom = node(seed_network, "IOM|International Organization for Migration")
    gmg = node(seed_network, "(United Nations )?Global Migration Group|GMG")
    member_states = node(seed_network, "Member States")
    assert not g.has_edge(iom, gmg)
    assert nx.shortest_path_length(g, iom, gmg) == 2
    assert {70, 72, 73, 74} <= paragraphs(seed_network, iom, member_states)
    assert 71 in paragraphs(seed_network, gmg, member_states)


def test_stakeholders_of_paragraph_66_are_linked(seed_network):
    # Para 66: "different stakeholders, including civil society, the private sector,
    # academia, the media and others, must be brought together".
    names = ["civil society", "(the )?private sector", "academia", "(the )?media"]
    nodes = [node(seed_network, name) for name in names]
    for i, source in enumerate(nodes):
        for target in nodes[i + 1 :]:
            assert 66 in paragraphs(seed_network, source, target), (source, target)


def test_member_states_invoke_the_2030_agenda_and_act_at_national_level(seed_network):
    g = seed_network.graph
    member_states = node(seed_network, "Member States")
    # Para 83 (b): "Member States should aim to link such processes to the follow-up
    # mechanisms for the 2030 Agenda".
    agenda = node(seed_network, "(the )?2030 Agenda.*|A-RES-70-1", kind="instrument")
    assert g.edges[member_states, agenda]["invokes"] >= 1
    assert 83 in paragraphs(seed_network, member_states, agenda)
    # Para 59: "At the national level, I call upon Member States to prepare detailed
    # national action plans".
    national = node(seed_network, "national( level)?", kind="level")
    assert 59 in paragraphs(seed_network, member_states, national)


def test_every_edge_has_evidence_from_the_report(seed_network):
    g = seed_network.graph
    assert g.number_of_edges() > 50
    for source, target, data in g.edges(data=True):
        assert data["weight"] == data["co_addressed"] + data["co_mentioned"] + data["invokes"] + data["at_level"] > 0
        assert data["paragraphs"], (source, target)
        for iri in data["statements"]:
            statement = seed_network.statements[iri]
            assert statement.text and statement.paragraph in data["paragraphs"]
