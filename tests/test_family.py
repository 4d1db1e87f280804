"""The migration family in seeds/: the report A/72/643, the Global Compact (A/RES/73/195) that
followed it and the Progress Declaration (A/RES/76/266) that reviewed the Compact, built by one
`migkg build`. The Compact's structure is held to the document: its 23 objectives are annex
paragraphs 17-39 ("Objective 1: Collect and utilize accurate ..." over paragraph 17), each
opening with "We commit to" and followed by lettered actions; the resolution's own operative
paragraphs 1-2 stand apart from the annex's 1-54."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from migkg.cli import main
from migkg.extract.structure import parse_file
from migkg.graph.iris import MIGO

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DOC = "https://w3id.org/migkg/id/doc/"


@pytest.fixture(scope="module")
def compact():
    return parse_file(SEEDS / "A-RES-73-195.txt")


def test_the_compacts_23_objectives_are_numbered_parts_over_paragraphs_17_to_39(compact):
    (objectives,) = [s for s in compact.sections if s.title == "Objectives and commitments"]
    assert [sub.letter for sub in objectives.subsections] == [str(n) for n in range(1, 24)]
    for sub in objectives.subsections:
        assert re.match(rf"Objective {sub.letter}: [A-Z]", sub.title), sub.title
        (paragraph,) = [p for p in compact.paragraphs if p.subsection == sub.eid]
        assert paragraph.eid == f"annex__para_{16 + int(sub.letter)}"
        assert paragraph.text.startswith("We commit to"), paragraph.text[:40]
        assert paragraph.points and paragraph.points[0].eid == f"{paragraph.eid}__point_a"
    titles = {sub.letter: sub.title for sub in objectives.subsections}
    assert titles["5"].startswith("Objective 5: Enhance availability and flexibility of pathways for regular migration")
    assert titles["23"].startswith("Objective 23: Strengthen international cooperation and global partnerships")


def test_the_resolutions_own_paragraphs_apart_from_the_annexs(compact):
    own = [p.eid for p in compact.paragraphs if not p.eid.startswith("annex")]
    annex = [p.number for p in compact.paragraphs if p.eid.startswith("annex") and p.number]
    assert own == ["para_1", "para_2"]
    assert annex == list(range(1, 55))
    # the Compact's opening statement, over a page break and its footnote, is the annex's block
    (opening,) = [p for p in compact.paragraphs if p.number is None]
    assert opening.eid == "annex__block_1"
    assert opening.text.startswith("We, the Heads of State and Government and High Representatives")
    assert "an important contribution to enhanced cooperation" in opening.text
    assert opening.text.endswith("have adopted this Global Compact for Safe, Orderly and Regular Migration:")


def test_one_build_of_seeds_gives_the_family(tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in out.glob("*.ttl"))
    assert built == ["A-72-643.ttl", "A-RES-73-195.ttl", "A-RES-76-266.ttl", "dataset.ttl"]
    dataset = Graph().parse(out / "dataset.ttl")
    described = {str(o) for o in dataset.objects(None, URIRef("http://purl.org/dc/terms/source"))} | {
        str(s) for s in dataset.subjects()
    }
    for doc_id in ("A-72-643", "A-RES-73-195", "A-RES-76-266"):
        assert any(doc_id in d for d in described), doc_id
    compact = Graph().parse(out / "A-RES-73-195.ttl")
    assert (URIRef(f"{DOC}A-RES-73-195"), MIGO.follows, URIRef(f"{DOC}A-72-643")) in compact
    review = Graph().parse(out / "A-RES-76-266.ttl")
    assert (URIRef(f"{DOC}A-RES-76-266"), MIGO.follows, URIRef(f"{DOC}A-RES-73-195")) in review


def test_the_sections_query_lists_the_objectives(compact):
    from migkg.graph import query, sparql
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs

    graph = build_graph(compact, IRIs())
    result = sparql.run_local(sparql.prepare(query.resolve_query("sections")), graph)
    rows = [tuple("" if v is None else str(v) for v in row) for row in result]
    objectives = [r for r in rows if r[3] == "Objectives and commitments"]
    assert [r[1] for r in objectives] == [str(n) for n in range(1, 24)]
    assert objectives[4][2].startswith("Objective 5: Enhance availability")
    # the unnumbered sections of the annex, in document order, before and after the objectives
    top = [r[2] for r in rows if r[3] == ""]
    assert top[:2] == ["Preamble", "Our vision and guiding principles"]
    assert top.index("Objectives and commitments") < top.index("Implementation") < top.index("Follow-up and review")
