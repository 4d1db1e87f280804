"""The uptake picture (`migkg uptake`): the report's sections against the objectives of the
document that followed it. The alignment links here are made by hand on real statements of the
seed, so the expected counts follow from them, not from the aligner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from migkg.cli import main
from migkg.graph.errors import NetworkError
from migkg.graph.iris import MIGO
from migkg.graph.uptake import NOT_TAKEN_UP, render, uptakes

BASE = "https://w3id.org/migkg/id/"
COMPACT = URIRef(f"{BASE}doc/A-RES-73-195")


def _statement(graph: Graph, paragraph: int) -> URIRef:
    para = URIRef(f"{BASE}doc/A-72-643/para_{paragraph}")
    return sorted(s for s in graph.subjects(MIGO.paragraph, para) if (s, RDF.type, MIGO.Statement) in graph)[0]


@pytest.fixture(scope="module")
def aligned(seed_out) -> Graph:
    """Three statements of section III (paragraphs 22, 27, 30) and one of section VI (73): one
    to objective 5, one to objective 5, one elsewhere, one under the threshold."""
    graph = Graph().parse(seed_out / "A-72-643.ttl")
    run = URIRef(f"{BASE}align/A-72-643--A-RES-73-195")
    graph.add((run, MIGO.threshold, Literal("0.30", datatype=XSD.decimal)))
    target = URIRef(f"{COMPACT}/annex__para_21")
    graph.add((target, DCTERMS.isPartOf, COMPACT))
    graph.add((COMPACT, DCTERMS.identifier, Literal("A-RES-73-195")))
    links = [(22, 5, "0.8"), (27, 5, "0.6"), (30, None, "0.5"), (73, 7, "0.1")]
    for k, (paragraph, objective, score) in enumerate(links):
        link = URIRef(f"{run}/link_{k}")
        graph.add((link, RDF.type, MIGO.Alignment))
        graph.add((link, MIGO.alignedSource, _statement(graph, paragraph)))
        graph.add((link, MIGO.rank, Literal(1, datatype=XSD.positiveInteger)))
        graph.add((link, MIGO.score, Literal(score, datatype=XSD.decimal)))
        graph.add((link, MIGO.targetParagraph, target))
        graph.add((link, PROV.wasGeneratedBy, run))
        if objective:
            graph.add((link, MIGO.objective, Literal(objective, datatype=XSD.integer)))
    return graph


def test_counts_by_section_and_objective(aligned):
    (table,) = uptakes(aligned)
    assert (table.source_doc, table.target_doc) == ("A-72-643", "A-RES-73-195")
    section_iii = "III. Maximizing the benefits of migration for all"
    section_vi = next(r for r in table.rows if r.startswith("VI."))
    assert table.rows == [section_iii, section_vi]  # document order
    assert table.cell(section_iii, "5") == 2
    assert table.cell(section_iii, "elsewhere") == 1
    assert table.cell(section_vi, NOT_TAKEN_UP) == 1
    assert table.cell(section_vi, "7") == 0  # under the threshold: not counted in its objective
    assert table.columns[:7] == ["1", "2", "3", "4", "5", "6", "7"] and table.columns[-2:] == [
        "elsewhere",
        NOT_TAKEN_UP,
    ]
    assert table.total == 4


@pytest.mark.parametrize("fmt", ["png", "svg", "html"])
def test_pictures_are_byte_stable(aligned, fmt):
    first = render(uptakes(aligned), fmt)
    assert first == render(uptakes(aligned), fmt)
    if fmt == "png":
        assert first.startswith(b"\x89PNG")
    else:
        text = first.decode("utf-8")
        assert "<svg" in text and "A-72-643 → A-RES-73-195" in text
    if fmt == "html":
        assert "<td>III. Maximizing the benefits of migration for all</td>" in first.decode("utf-8")


def test_no_alignment_is_a_clear_error(seed_graph):
    with pytest.raises(NetworkError, match="no alignment"):
        render(uptakes(seed_graph), "png")


def test_cli_writes_the_page(aligned, tmp_path):
    data = tmp_path / "aligned.ttl"
    aligned.serialize(data, format="turtle")
    out = tmp_path / "uptake.html"
    result = CliRunner().invoke(main, ["uptake", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "A-72-643 -> A-RES-73-195, 4 recommendations (html)" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = CliRunner().invoke(main, ["uptake", "--data", str(data), "--out", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2 and "cannot tell the format" in bad.output
