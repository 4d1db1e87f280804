"""Alignment of the migration family: the engine, its RDF, its shapes, `migkg align`, the
build's alignment step and the named queries over it (expectations checked by reading the
three documents in seeds/)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import PROV, SH

from migkg.cli import main
from migkg.extract import align
from migkg.extract.align_evaluate import recall_threshold
from migkg.extract.structure import parse_file
from migkg.graph import query as named
from migkg.graph import sparql
from migkg.graph.io import load_graph
from migkg.graph.iris import MIGO, NIF
from migkg.graph.validate import validate_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FAMILY = ("A-72-643", "A-RES-73-195", "A-RES-76-266")
MIGSH = Namespace("https://w3id.org/migkg/shapes#")
REPORT_TO_COMPACT = "align/A-72-643--A-RES-73-195.ttl"
REVIEW_TO_COMPACT = "align/A-RES-76-266--A-RES-73-195.ttl"


@pytest.fixture(scope="module")
def family_out(tmp_path_factory) -> Path:
    """The three seeds built once by `migkg build` (alignment step included)."""
    work = tmp_path_factory.mktemp("family")
    shutil.copytree(SEEDS, work / "seeds")
    out = work / "out"
    result = CliRunner().invoke(main, ["build", str(work / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def family_graph(family_out) -> Graph:
    return load_graph([family_out])


def rows(graph: Graph, name: str, **params: str) -> list[dict[str, str]]:
    prepared = sparql.prepare(named.named_query(name).text)
    bindings = sparql.parse_params([f"{k}={v}" for k, v in params.items()], prepared)
    result = sparql.run_local(prepared, graph, bindings, engine="oxigraph")
    return [{str(v): ("" if row[i] is None else str(row[i])) for i, v in enumerate(result.vars)} for row in result]


# --- the engine -----------------------------------------------------------------------------


def test_compact_passages_are_objective_commitments_and_actions():
    compact = parse_file(SEEDS / "A-RES-73-195.txt")
    passages = [p for p in align.target_passages(compact) if p.paragraph == "annex__para_21"]
    assert {p.objective for p in passages} == {5}
    own = [p for p in passages if p.point is None]
    assert own[0].text.startswith("Objective 5: Enhance availability and flexibility of pathways")
    assert own[1].text.startswith("We commit to adapt options and pathways for regular migration")
    # the annex paragraph 21 has actions (a) to (j)
    assert [p.point for p in passages if p.point] == [f"annex__para_21__point_{c}" for c in "abcdefghij"]


def test_passage_spans_point_into_the_source():
    compact = parse_file(SEEDS / "A-RES-73-195.txt")
    text = (SEEDS / "A-RES-73-195.txt").read_text(encoding="utf-8")
    for passage in align.target_passages(compact)[:80]:
        raw = " ".join(passage.span.slice(text).split())
        assert passage.text.split()[0].strip("(") in raw


def test_content_words_stem_inflections_and_drop_stop_words():
    assert [s for s, _ in align.content_words("The migrants and a migrant's communities")] == [
        "migrant",
        "migrant",
        "community",
    ]


def test_threshold_keeps_nine_in_ten_of_what_is_taken_up():
    decisions = [(0.5, True)] * 9 + [(0.1, True), (0.2, False), (0.45, False)]
    t, kept, dropped = recall_threshold(decisions)
    assert t == 0.5 and kept == 0.9 and dropped == 1.0


# --- the build and `migkg align` ----------------------------------------------------------


@pytest.mark.model
def test_build_aligns_each_document_with_the_one_it_follows(family_out):
    assert (family_out / REPORT_TO_COMPACT).is_file()
    assert (family_out / REVIEW_TO_COMPACT).is_file()
    description = (family_out / "dataset.ttl").read_text(encoding="utf-8")
    assert "align/A-72-643--A-RES-73-195.ttl" in description


@pytest.mark.model
def test_alignment_graphs_conform_and_carry_provenance(family_out):
    for name in (REPORT_TO_COMPACT, REVIEW_TO_COMPACT):
        graph = Graph().parse(family_out / name)
        assert validate_graph(graph).conforms
        links = set(graph.subjects(RDF.type, MIGO.Alignment))
        assert links
        for link in list(links)[:20]:
            assert graph.value(link, MIGO.score).datatype == Literal(Decimal("0.1")).datatype
            source = graph.value(link, MIGO.sourceEvidence)
            assert graph.value(source, NIF.anchorOf) is not None
            run = graph.value(link, PROV.wasGeneratedBy)
            assert (run, RDF.type, MIGO.AlignmentRun) in graph


@pytest.mark.model
def test_align_command_is_deterministic(family_out, tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    result = CliRunner().invoke(main, ["align", "A-RES-76-266", "A/RES/73/195", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / REVIEW_TO_COMPACT).read_bytes() == (family_out / REVIEW_TO_COMPACT).read_bytes()


@pytest.mark.model
def test_build_aligns_with_a_followed_document_built_before(family_out, tmp_path):
    """Building the Compact alone, with the report's graph already in OUT: the report is
    read again from the source file its graph names, and the alignment is the same."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(family_out / "A-72-643.ttl", out)
    seeds = family_out.parent / "seeds"
    result = CliRunner().invoke(main, ["build", str(seeds / "A-RES-73-195.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / REPORT_TO_COMPACT).read_bytes() == (family_out / REPORT_TO_COMPACT).read_bytes()


def test_an_alignment_goes_with_a_document_no_longer_built(family_out, tmp_path):
    """The Declaration left out of the inputs: its files go, and so does its alignment with
    the Compact (which would link to a document gone); the report's alignment stays."""
    out = tmp_path / "out"
    shutil.copytree(family_out, out)
    seeds = family_out.parent / "seeds"
    inputs = [str(seeds / "A-72-643.txt"), str(seeds / "A-RES-73-195.txt")]
    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "A-RES-76-266.ttl").exists()
    assert not (out / REVIEW_TO_COMPACT).exists()
    assert f"removed {out / REVIEW_TO_COMPACT} (a document it aligns is no longer built)" in result.output
    assert (out / REPORT_TO_COMPACT).read_bytes() == (family_out / REPORT_TO_COMPACT).read_bytes()
    assert "A-RES-76-266" not in (out / "dataset.ttl").read_text(encoding="utf-8")


def test_align_command_names_a_missing_document(tmp_path):
    result = CliRunner().invoke(main, ["align", str(tmp_path / "nothing.txt"), "A-RES-73-195", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "nothing.txt" in result.output


# --- the named queries ----------------------------------------------------------------------


@pytest.mark.model
def test_taken_up_lists_links_best_first_with_the_promised_columns(family_graph):
    found = rows(family_graph, "taken-up")
    assert named.named_query("taken-up").columns == (
        "source_doc",
        "source_paragraph",
        "text",
        "target_doc",
        "target_paragraph",
        "target_point",
        "score",
        "method",
    )
    # para 36 of the report: "Member States should make a collective effort to expand and
    # strengthen pathways for regular migration" -> objective 5 (annex para 21 of the Compact)
    para36 = [r for r in found if r["source_doc"] == "A-72-643" and r["source_paragraph"] == "36"]
    assert para36[0]["target_doc"] == "A-RES-73-195" and para36[0]["target_paragraph"] == "21"
    assert para36[0]["method"] == "combined"
    for r in found:
        assert Decimal(r["score"]) >= align.THRESHOLDS["combined"]
    # best first within each statement
    by_text: dict[tuple[str, str], list[Decimal]] = {}
    for r in found:
        by_text.setdefault((r["source_paragraph"], r["text"]), []).append(Decimal(r["score"]))
    assert all(scores == sorted(scores, reverse=True) for scores in by_text.values())


@pytest.mark.model
def test_not_taken_up_lists_what_scores_under_the_threshold(family_graph):
    found = rows(family_graph, "not-taken-up")
    assert found
    assert all(Decimal(r["score"]) < Decimal(r["threshold"]) for r in found)
    # para 9: "We must not allow these [xenophobic narratives] to distort our agenda." has no
    # counterpart in the Compact's text
    assert any(r["source_paragraph"] == "9" and "distort our agenda" in r["text"] for r in found)


@pytest.mark.model
def test_objectives_most_recommended_counts_report_recommendations(family_graph):
    found = rows(family_graph, "objectives-most-recommended")
    counts = [int(r["recommendations"]) for r in found]
    assert counts == sorted(counts, reverse=True)
    assert found[0]["title"].startswith(f"Objective {found[0]['objective']}:")
    assert {r["objective"] for r in found[:3]} & {"5", "7"}  # regular pathways, vulnerabilities


@pytest.mark.model
def test_objective_trail_gathers_the_three_documents(family_graph):
    found = rows(family_graph, "objective-trail", objective="5")
    assert {r["objective"] for r in found} == {"5"}
    compact = [r for r in found if r["doc"] == "A-RES-73-195"]
    assert compact[0]["role"] == "objective" and compact[0]["paragraph"] == "21"
    assert compact[0]["text"].startswith("We commit to adapt options and pathways for regular migration")
    assert [r["point"] for r in compact if r["role"] == "action"] == list("abcdefghij")
    report = [r for r in found if r["doc"] == "A-72-643"]
    assert any(r["paragraph"] == "36" and "pathways for regular migration" in r["text"] for r in report)
    review = [r for r in found if r["doc"] == "A-RES-76-266"]
    # Declaration para 59: "We will strengthen our efforts to enhance and diversify the
    # availability of pathways for safe, orderly and regular migration"
    assert any(r["paragraph"] == "59" for r in review)


# --- shapes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_alignment(family_out) -> Graph:
    return Graph().parse(family_out / REPORT_TO_COMPACT)


def _fired(graph: Graph) -> set:
    report = validate_graph(graph).report
    return {report.value(r, SH.sourceShape) for r in report.subjects(RDF.type, SH.ValidationResult)}


def _one_link(graph: Graph):
    return sorted(graph.subjects(RDF.type, MIGO.Alignment))[0]


@pytest.mark.model
@pytest.mark.parametrize(
    ("change", "shape"),
    [
        (lambda g, n: g.remove((n, MIGO.score, None)), "Alignment-score"),
        (lambda g, n: g.set((n, MIGO.score, Literal(Decimal("1.5")))), "Alignment-score"),
        (lambda g, n: g.set((n, MIGO.method, Literal("magic"))), "Alignment-method"),
        (lambda g, n: g.remove((n, MIGO.rank, None)), "Alignment-rank"),
        (lambda g, n: g.remove((n, MIGO.alignedSource, None)), "Alignment-source"),
        (lambda g, n: g.remove((n, MIGO.targetParagraph, None)), "Alignment-targetParagraph"),
        (lambda g, n: g.remove((n, MIGO.targetEvidence, None)), "Alignment-targetEvidence"),
    ],
)
def test_alignment_shapes_catch_what_they_claim(report_alignment, change, shape):
    graph = Graph() + report_alignment
    change(graph, _one_link(graph))
    assert MIGSH[shape] in _fired(graph)


@pytest.mark.model
def test_evidence_must_lie_in_the_run_documents(report_alignment):
    graph = Graph() + report_alignment
    link = _one_link(graph)
    evidence = graph.value(link, MIGO.sourceEvidence)
    graph.set(
        (evidence, NIF.referenceContext, graph.value(graph.value(link, MIGO.targetEvidence), NIF.referenceContext))
    )
    result = validate_graph(graph)
    assert not result.conforms
    assert "evidence" in result.report.serialize(format="turtle")


@pytest.mark.model
def test_run_threshold_shape(report_alignment):
    graph = Graph() + report_alignment
    run = next(graph.subjects(RDF.type, MIGO.AlignmentRun))
    graph.remove((run, MIGO.threshold, None))
    assert MIGSH["AlignmentRun-threshold"] in _fired(graph)
