"""A second SHACL engine: pyrudof (rudof, in Rust) agrees with pySHACL on the project's shapes,
for the seed graph and for broken copies of it."""

from __future__ import annotations

from importlib.resources import files

import pyrudof
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from migkg.graph.iris import MIGO, NIF, IRIs

SHAPES = files("migkg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


def by_pyshacl(data: Graph) -> tuple[bool, set[tuple[str, str]]]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=Graph().parse(data=SHAPES, format="turtle"), do_owl_imports=False
    )
    results = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
        for r in report.subjects(SH.focusNode, None)
    }
    return conforms, results


def by_rudof(data: Graph) -> tuple[bool, set[tuple[str, str]]]:
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(SHAPES)
    report = rudof.validate_shacl()
    return report.conforms, {(str(v.focus_node), str(v.source_shape)) for v in report}


@pytest.fixture(scope="module")
def seed(seed_graph):
    return seed_graph


def doc_part(eid: str) -> URIRef:
    return IRIs().part("A-72-643", eid)


def duplicate_number(g: Graph) -> None:
    g.set((doc_part("para_21"), MIGO.number, Literal(20)))


def footnote_cited_by_a_footnote(g: Graph) -> None:
    g.add((doc_part("fn_1"), MIGO.citedBy, doc_part("fn_2")))


def reversed_offsets(g: Graph) -> None:
    node = doc_part("para_5")
    begin, end = g.value(node, NIF.beginIndex), g.value(node, NIF.endIndex)
    g.set((node, NIF.beginIndex, end))
    g.set((node, NIF.endIndex, begin))


def test_both_engines_accept_the_seed(seed):
    assert by_pyshacl(seed) == (True, set())
    assert by_rudof(seed) == (True, set())


@pytest.mark.parametrize("breakage", [duplicate_number, footnote_cited_by_a_footnote, reversed_offsets])
def test_both_engines_report_the_same_violations(seed, breakage):
    broken = Graph() + seed
    breakage(broken)
    by_py, by_rs = by_pyshacl(broken), by_rudof(broken)
    assert by_py[0] is False and by_rs[0] is False
    assert by_py[1] == by_rs[1]
