"""Stock stores: after `migkg push`, the named queries work on a server with no special
configuration (its default graph is not the union of the named graphs), because `migkg
query --endpoint` names the merged graph push keeps there (or, without one in step, the
document graphs) through the SPARQL Protocol's default-graph-uri / named-graph-uri."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef, Variable
from test_remote import bad_server, graph_names, oxigraph_server, remote_graph, same_graph  # noqa: F401
from test_store import tiny_out  # noqa: F401 - fixture reused

from migkg.cli import main
from migkg.graph import export, remote, sparql
from migkg.graph.errors import RemoteError
from migkg.graph.export import read_documents
from migkg.graph.iris import MERGED_GRAPH
from migkg.graph.query import list_queries


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def stock_oxigraph(tmp_path_factory):
    """`oxigraph serve` as it comes: no --union-default-graph."""
    with oxigraph_server(tmp_path_factory.mktemp("stock")) as endpoints:
        yield endpoints


@pytest.fixture
def fresh_oxigraph(tmp_path):
    """A stock server of its own, empty, for a test that depends on what the store holds."""
    with oxigraph_server(tmp_path / "fresh") as endpoints:
        yield endpoints


@pytest.fixture(scope="module")
def pushed_seed(stock_oxigraph, seed_out):
    result = CliRunner().invoke(
        main, ["push", str(seed_out), "--store", stock_oxigraph["store"], "--update", stock_oxigraph["update"]]
    )
    assert result.exit_code == 0, result.output
    return stock_oxigraph


@pytest.mark.server
@pytest.mark.model
def test_every_named_query_on_a_stock_store_gives_the_local_rows(pushed_seed, seed_out):
    runner = CliRunner()
    document = str(seed_out / "A-72-643.ttl")  # what push sent: the document, not the description
    for named in list_queries():
        local = runner.invoke(main, ["query", named.name, "--data", document, "--format", "tsv"])
        there = runner.invoke(main, ["query", named.name, "--endpoint", pushed_seed["query"], "--format", "tsv"])
        assert there.exit_code == 0, there.output
        assert there.stdout == local.stdout, named.name
    # the store is stock indeed: its own default graph is empty
    bare = runner.invoke(
        main,
        ["query", "paragraphs", "--endpoint", pushed_seed["query"], "--default-graph", "endpoint", "--format", "tsv"],
    )
    assert bare.exit_code == 0 and bare.stdout == "doc\tnumber\tsection\tsubsection\ttext\n"


@pytest.mark.server
@pytest.mark.model
def test_the_graphs_are_listed_and_a_query_with_its_own_dataset_is_left_alone(pushed_seed):
    assert remote.document_graphs(pushed_seed["query"], timeout=10) == ["https://w3id.org/migkg/id/doc/A-72-643"]
    own = sparql.prepare("SELECT (COUNT(*) AS ?n) FROM <urn:nothing> WHERE { ?s ?p ?o }")
    assert own.dataset
    rows = remote.query_endpoint(pushed_seed["query"], own, timeout=10, documents=True).bindings
    assert int(rows[0][Variable("n")]) == 0  # FROM <urn:nothing> was kept, not replaced by the document graphs


@pytest.mark.server
@pytest.mark.model
def test_many_graphs_go_in_a_form_post(pushed_seed):
    graphs = ["https://w3id.org/migkg/id/doc/A-72-643", *(f"urn:example:unknown:{i}" for i in range(300))]
    request = remote._query_request(
        pushed_seed["query"], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SelectQuery", graphs, graphs
    )
    assert request.get_method() == "POST" and len(request.full_url) < 100
    form = urllib.parse.parse_qs(request.data.decode("ascii"))
    assert form["default-graph-uri"] == graphs and form["named-graph-uri"] == graphs
    payload, media_type = remote._call(
        pushed_seed["query"], request, timeout=10, retries=0, report=print, what="query", idempotent=True
    )
    result = remote._parse_answer(pushed_seed["query"], payload, False, media_type)
    assert int(result.bindings[0][Variable("n")]) > 10_000


def test_a_few_graphs_go_in_the_url():
    request = remote._query_request(
        "http://h/query", "ASK {}", "AskQuery", ["http://g/m"], ["http://g/1", "http://g/2"]
    )
    assert request.get_method() == "GET"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.full_url).query)
    assert query["default-graph-uri"] == ["http://g/m"] and query["named-graph-uri"] == ["http://g/1", "http://g/2"]


def test_a_listing_that_is_no_select_answer_is_one_line_and_exit_3(bad_server):
    _, base = bad_server  # /flaky answers every request with an ASK answer, after two 503s
    result = CliRunner().invoke(main, ["query", "--sparql", "ASK {}", "--endpoint", f"{base}/flaky"])
    assert result.exit_code == 3
    error = [line for line in result.stderr.splitlines() if not line.startswith("retry")]
    assert error == [
        f"Error: {base}/flaky: malformed results: the list of graphs is not a SELECT answer with ?g and ?kind"
    ]


# --- several documents: the merged graph ------------------------------------------------


def pushed_documents(*outs: Path) -> list[Path]:
    """The document files of builds, as push reads them (not their dataset descriptions)."""
    return sorted(path for out in outs for path in out.glob("*.ttl") if path.name != "dataset.ttl")


def local_and_remote_rows(runner, name: str, documents: list[Path], endpoint: str) -> tuple[list[str], list[str]]:
    """The TSV lines of a named query on the local files and on the endpoint, header first and
    the rows sorted: the same rows, repeats counted, whatever order ties take."""
    data = [arg for path in documents for arg in ("--data", str(path))]
    local = runner.invoke(main, ["query", name, *data, "--no-store", "--format", "tsv"])
    there = runner.invoke(main, ["query", name, "--endpoint", endpoint, "--format", "tsv"])
    assert local.exit_code == 0, local.output
    assert there.exit_code == 0, there.output
    return [lines[:1] + sorted(lines[1:]) for lines in (local.stdout.splitlines(), there.stdout.splitlines())]


def merged_graph_there(endpoint: str) -> bool:
    return str(MERGED_GRAPH) in graph_names(endpoint)


@pytest.mark.server
@pytest.mark.model
def test_every_named_query_with_several_pushed_documents_gives_the_local_rows(fresh_oxigraph, seed_out, tiny_out):
    """The seed and two small documents share triples (all cite A/RES/71/1; actors, labels).
    Named as several default-graph-uri, Oxigraph 0.5 repeats rows of four named queries
    (oxigraph/oxigraph#1919); through the merged graph every answer is the local one."""
    runner = CliRunner()
    documents = pushed_documents(seed_out, tiny_out)
    pushed = runner.invoke(
        main, ["push", *map(str, documents), "--store", fresh_oxigraph["store"], "--update", fresh_oxigraph["update"]]
    )
    assert pushed.exit_code == 0, pushed.output
    assert f"{MERGED_GRAPH}: rebuilt, the merge of migkg's graphs there" in pushed.stdout
    dataset = remote.query_dataset(fresh_oxigraph["query"], timeout=10)
    assert dataset.default == (str(MERGED_GRAPH),) and len(dataset.named) == 3
    for named in list_queries():
        local, there = local_and_remote_rows(runner, named.name, documents, fresh_oxigraph["query"])
        assert there == local, named.name


@pytest.mark.server
def test_a_triple_two_pushed_documents_share_counts_once(fresh_oxigraph, tiny_out):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(tiny_out), "--update", fresh_oxigraph["update"]])
    assert pushed.exit_code == 0, pushed.output
    # both cite A/RES/71/1: one triple, in two graphs
    text = 'SELECT (COUNT(*) AS ?n) WHERE { ?cited a migo:UNDocument ; migo:symbol "A/RES/71/1" }'
    here = runner.invoke(main, ["query", "--sparql", text, "--data", str(tiny_out), "--format", "tsv"])
    there = runner.invoke(main, ["query", "--sparql", text, "--endpoint", fresh_oxigraph["query"], "--format", "tsv"])
    assert here.stdout == "n\n1\n"
    assert there.stdout == here.stdout


@pytest.mark.server
@pytest.mark.parametrize("how", ["store+update", "update"])
def test_a_repushed_document_leaves_no_stale_triple_in_the_merge(fresh_oxigraph, tiny_out, how):
    documents = read_documents([tiny_out], report=print)
    first, second = sorted(documents)
    endpoints = {k: fresh_oxigraph[k] for k in how.split("+")}
    remote.push(documents, timeout=30, **endpoints)
    gone = next(t for t in sorted(documents[first]) if t not in documents[second] and t[1] != RDF.type)
    changed = Graph() + documents[first]
    changed.remove(gone)
    changed.add((first, URIRef("http://example.org/p"), Literal("new")))
    remote.push({first: changed}, timeout=30, **endpoints)  # the second document is not pushed again
    merged = remote_graph(fresh_oxigraph["query"], MERGED_GRAPH)
    assert gone not in merged
    assert same_graph(merged, changed + documents[second])
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10).default == (str(MERGED_GRAPH),)


@pytest.mark.server
def test_without_a_merged_graph_queries_name_the_document_graphs(fresh_oxigraph, tiny_out):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(tiny_out), "--update", fresh_oxigraph["update"], "--no-merge"])
    assert pushed.exit_code == 0, pushed.output
    assert str(MERGED_GRAPH) not in pushed.output and not merged_graph_there(fresh_oxigraph["query"])
    graphs = tuple(str(iri) for iri in sorted(read_documents([tiny_out], report=print)))
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10) == (graphs, graphs)
    local, there = local_and_remote_rows(runner, "paragraphs", pushed_documents(tiny_out), fresh_oxigraph["query"])
    assert there == local and len(local) == 7  # header + 3 paragraphs of each document


@pytest.mark.server
def test_a_graph_loaded_by_hand_after_the_merge_is_not_left_out(fresh_oxigraph, tiny_out):
    documents = read_documents([tiny_out], report=print)
    first, second = sorted(documents)
    remote.push({first: documents[first]}, update=fresh_oxigraph["update"], timeout=30)
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10).default == (str(MERGED_GRAPH),)
    # an older migkg, or a PUT by hand: the second document arrives without a new merge
    body = export.serialize(documents[second], "nt")
    request = urllib.request.Request(
        remote.graph_url(fresh_oxigraph["store"], second),
        data=body,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with urllib.request.urlopen(request, timeout=10):
        pass
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10).default == (str(first), str(second))
    local, there = local_and_remote_rows(CliRunner(), "paragraphs", pushed_documents(tiny_out), fresh_oxigraph["query"])
    assert there == local and len(local) == 7


@pytest.mark.server
def test_a_push_with_store_alone_deletes_the_merged_graph(fresh_oxigraph, tiny_out):
    runner = CliRunner()
    with_update = ["--store", fresh_oxigraph["store"], "--update", fresh_oxigraph["update"]]
    assert runner.invoke(main, ["push", str(tiny_out), *with_update]).exit_code == 0
    assert merged_graph_there(fresh_oxigraph["query"])
    pushed = runner.invoke(main, ["push", str(tiny_out), "--store", fresh_oxigraph["store"]])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stderr.splitlines()[-1] == (
        f"Note: {fresh_oxigraph['store']}: <{MERGED_GRAPH}> deleted, not rebuilt (give --update to keep it); "
        "queries name the document graphs one by one"
    )
    assert not merged_graph_there(fresh_oxigraph["query"])
    local, there = local_and_remote_rows(runner, "paragraphs", pushed_documents(tiny_out), fresh_oxigraph["query"])
    assert there == local and len(local) == 7
    # a second push with --update makes it again
    assert runner.invoke(main, ["push", str(tiny_out), *with_update]).exit_code == 0
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10).default == (str(MERGED_GRAPH),)


@pytest.mark.server
def test_a_push_that_fails_half_way_leaves_no_merged_graph(fresh_oxigraph, tiny_out, monkeypatch):
    documents = read_documents([tiny_out], report=print)
    first, second = sorted(documents)
    remote.push(documents, update=fresh_oxigraph["update"], timeout=30)
    assert merged_graph_there(fresh_oxigraph["query"])
    changed = {iri: Graph() + graph for iri, graph in documents.items()}
    for iri, graph in changed.items():
        graph.add((iri, URIRef("http://example.org/p"), Literal("new")))
    real, calls = export.serialize, []

    def second_truncated(graph, fmt):  # the second document's upload breaks off mid-triple
        data = real(graph, fmt)
        calls.append(fmt)
        return data if len(calls) == 1 else data[: len(data) // 2]

    monkeypatch.setattr(export, "serialize", second_truncated)
    with pytest.raises(RemoteError, match="HTTP 400"):
        remote.push(changed, update=fresh_oxigraph["update"], timeout=30)
    monkeypatch.undo()
    # the first document changed, so the merge (of the old documents) is gone, not stale
    assert same_graph(remote_graph(fresh_oxigraph["query"], first), changed[first])
    assert not merged_graph_there(fresh_oxigraph["query"])
    assert remote.query_dataset(fresh_oxigraph["query"], timeout=10).default == (str(first), str(second))


@pytest.mark.server
def test_a_failed_rebuild_is_one_line_and_leaves_no_merged_graph(fresh_oxigraph, tiny_out, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["push", str(tiny_out), "--update", fresh_oxigraph["update"]]).exit_code == 0
    monkeypatch.setattr(remote, "_REBUILD_MERGE", "INSERT DATA { <urn:a> <urn:b> ")  # refused: HTTP 400
    pushed = runner.invoke(main, ["push", str(tiny_out), "--update", fresh_oxigraph["update"]])
    assert pushed.exit_code == 3
    [error] = [line for line in pushed.stderr.splitlines() if not line.startswith("skipped")]
    assert error.startswith(f"Error: {fresh_oxigraph['update']}: HTTP 400 ")
    assert error.endswith(
        f"(rebuilding <{MERGED_GRAPH}> after the documents were pushed: queries name them one by one until a push "
        "rebuilds it)"
    )
    assert not merged_graph_there(fresh_oxigraph["query"])
