"""Stock stores: after `migkg push`, the named queries work on a server with no special
configuration (its default graph is not the union of the named graphs), because `migkg
query --endpoint` names the document graphs through the SPARQL Protocol's
default-graph-uri / named-graph-uri."""

from __future__ import annotations

import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Variable
from test_remote import OXIGRAPH, bad_server, free_port  # noqa: F401 - fixture reused
from test_store import tiny_out  # noqa: F401 - fixture reused

from migkg.cli import main
from migkg.graph import remote, sparql
from migkg.graph.query import list_queries


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def stock_oxigraph(tmp_path_factory):
    """`oxigraph serve` as it comes: no --union-default-graph."""
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph server binary (pip install oxigraph) is not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("stock")
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph did not start: {process.stderr.read().decode()[:500]}")
            time.sleep(0.1)
    yield {"query": f"{base}/query", "update": f"{base}/update", "store": f"{base}/store"}
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
        pushed_seed["query"], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SelectQuery", graphs
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
    request = remote._query_request("http://h/query", "ASK {}", "AskQuery", ["http://g/1", "http://g/2"])
    assert request.get_method() == "GET"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.full_url).query)
    assert query["default-graph-uri"] == ["http://g/1", "http://g/2"] == query["named-graph-uri"]


def test_a_listing_that_is_no_select_answer_is_one_line_and_exit_3(bad_server):
    _, base = bad_server  # /flaky answers every request with an ASK answer, after two 503s
    result = CliRunner().invoke(main, ["query", "--sparql", "ASK {}", "--endpoint", f"{base}/flaky"])
    assert result.exit_code == 3
    error = [line for line in result.stderr.splitlines() if not line.startswith("retry")]
    assert error == [f"Error: {base}/flaky: malformed results: the list of graphs is not a SELECT answer with ?g"]


@pytest.mark.server
@pytest.mark.xfail(
    strict=True,
    reason="Oxigraph 0.5 matches a triple once per default graph that holds it (oxigraph/oxigraph#1919, "
    "fixed for 0.6 by #1920): a triple two pushed documents share counts twice",
)
def test_a_triple_two_pushed_documents_share_counts_once(stock_oxigraph, tiny_out):
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", str(tiny_out), "--update", stock_oxigraph["update"]])
    assert pushed.exit_code == 0, pushed.output
    # both cite A/RES/71/1 (so does the seed, if pushed before): one triple, in several graphs
    text = 'SELECT (COUNT(*) AS ?n) WHERE { ?cited a migo:UNDocument ; migo:symbol "A/RES/71/1" }'
    here = runner.invoke(main, ["query", "--sparql", text, "--data", str(tiny_out), "--format", "tsv"])
    there = runner.invoke(main, ["query", "--sparql", text, "--endpoint", stock_oxigraph["query"], "--format", "tsv"])
    assert here.stdout == "n\n1\n"
    assert there.stdout == here.stdout
