"""Remote SPARQL: bounded calls against a misbehaving local HTTP server, and the real thing
against an Oxigraph server (push, then the same rows remotely as locally)."""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from migkg.graph import export, remote, sparql
from migkg.graph.query import list_queries
from migkg.graph.remote import RemoteError

ASK_RESULT = json.dumps({"head": {}, "boolean": True}).encode()
SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


# --- a misbehaving SPARQL endpoint ---------------------------------------------------------


class Misbehaving(BaseHTTPRequestHandler):
    """``/<mode>/...``: hang, error500, flaky (two 503s then an answer), reset, slow,
    malformed, notfound, ok. Counts requests per mode."""

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _serve(self):
        mode = self.path.strip("/").split("/")[0].split("?")[0]
        server = self.server
        with server.lock:
            server.counts[mode] = server.counts.get(mode, 0) + 1
            count = server.counts[mode]
            server.seen.append((self.command, self.path, dict(self.headers)))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if mode == "hang":
            server.release.wait(30)
            return
        if mode == "reset":
            # SO_LINGER 0: close with a TCP RST instead of a clean FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if mode == "error500":
            return self._answer(500, b"boom")
        if mode == "notfound":
            return self._answer(404, b"no such endpoint")
        if mode == "flaky" and count <= 2:
            return self._answer(503, b"busy")
        if mode == "malformed":
            return self._answer(200, b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": ')
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            for _ in range(200):  # one byte every 0.1 s: each read succeeds, the whole never ends
                if server.release.wait(0.1):
                    return
                self.wfile.write(b" ")
                self.wfile.flush()
            return
        self._answer(200 if self.command != "PUT" else 204, ASK_RESULT if self.command == "GET" else b"")

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


@pytest.fixture
def bad_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    server.daemon_threads = True
    server.counts, server.lock, server.release = {}, threading.Lock(), threading.Event()
    server.seen = []  # (method, path, headers) of every request
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.release.set()
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn):
    start = time.monotonic()
    try:
        fn()
    except RemoteError as error:
        return error, time.monotonic() - start
    raise AssertionError("expected a RemoteError")


ASK = sparql.prepare("ASK { ?s ?p ?o }")


def test_hanging_endpoint_gives_up_within_timeout(bad_server):
    server, base = bad_server
    error, elapsed = timed(lambda: remote.query_endpoint(f"{base}/hang", ASK, timeout=1.0, report=print))
    assert "timed out after 1 s" in str(error) and f"{base}/hang" in str(error)
    assert 0.9 <= elapsed <= 1.1 + 0.2  # +10 %, plus scheduling slack on a shared machine


def test_slow_trickling_endpoint_gives_up_within_timeout(bad_server):
    server, base = bad_server
    error, elapsed = timed(lambda: remote.query_endpoint(f"{base}/slow", ASK, timeout=1.0, report=print))
    assert "timed out" in str(error)
    assert elapsed <= 1.1 + 0.2


def test_server_error_is_retried_then_reported(bad_server):
    server, base = bad_server
    reports = []
    error, _ = timed(
        lambda: remote.query_endpoint(f"{base}/error500", ASK, timeout=10, retries=2, report=reports.append)
    )
    assert str(error) == f"{base}/error500: HTTP 500 Internal Server Error"
    assert server.counts["error500"] == 3
    assert len(reports) == 2 and all("retry" in r and "HTTP 500" in r for r in reports)


def test_flaky_endpoint_succeeds_after_retries(bad_server):
    server, base = bad_server
    reports = []
    result = remote.query_endpoint(f"{base}/flaky", ASK, timeout=10, retries=3, report=reports.append)
    assert result.askAnswer is True
    assert server.counts["flaky"] == 3
    assert [r.split(" of ")[0] for r in reports] == ["retry 1/3", "retry 2/3"]
    assert "HTTP 503" in reports[0]


def test_connection_reset_is_retried(bad_server):
    server, base = bad_server
    reports = []
    error, _ = timed(lambda: remote.query_endpoint(f"{base}/reset", ASK, timeout=10, retries=1, report=reports.append))
    assert "connection reset" in str(error)
    assert server.counts["reset"] == 2 and len(reports) == 1


def test_client_error_is_not_retried(bad_server):
    server, base = bad_server
    reports = []
    error, _ = timed(lambda: remote.query_endpoint(f"{base}/notfound", ASK, timeout=10, report=reports.append))
    assert str(error).endswith("HTTP 404 Not Found")
    assert server.counts["notfound"] == 1 and reports == []


def test_malformed_results(bad_server):
    server, base = bad_server
    error, _ = timed(lambda: remote.query_endpoint(f"{base}/malformed", sparql.prepare(SELECT), timeout=5))
    assert "malformed results" in str(error)
    assert "\n" not in str(error)


def test_refused_connection():
    url = f"http://127.0.0.1:{free_port()}/query"
    reports = []
    error, _ = timed(lambda: remote.query_endpoint(url, ASK, timeout=5, retries=1, report=reports.append))
    assert str(error) == f"{url}: connection refused"
    assert len(reports) == 1


def test_retries_stop_within_the_budget(bad_server):
    server, base = bad_server
    error, elapsed = timed(
        lambda: remote.query_endpoint(f"{base}/error500", ASK, timeout=0.6, retries=10, report=print)
    )
    assert elapsed <= 0.6 * 1.1 + 0.2
    assert server.counts["error500"] < 11


def test_update_post_is_never_retried(bad_server, tiny_graph):
    server, base = bad_server
    docs = {export.document_iri(tiny_graph): tiny_graph}
    with pytest.raises(RemoteError, match="HTTP 500"):
        remote.push(docs, update=f"{base}/error500", timeout=5, retries=3, report=print)
    assert server.counts["error500"] == 1


def test_put_is_retried(bad_server, tiny_graph):
    server, base = bad_server
    docs = {export.document_iri(tiny_graph): tiny_graph}
    reports = []
    assert remote.push(docs, store=f"{base}/flaky", timeout=10, retries=3, report=reports.append) == list(docs)
    # the DELETE of the merged graph (503, 503, done), then the PUT
    assert [method for method, _, _ in server.seen] == ["DELETE"] * 3 + ["PUT"] and len(reports) == 2


@pytest.mark.parametrize("how", ["store", "update", "store+update"])
def test_push_to_a_hanging_endpoint_gives_up_within_timeout(bad_server, tiny_graph, how):
    server, base = bad_server
    docs = {export.document_iri(tiny_graph): tiny_graph}
    endpoints = {k: f"{base}/hang" for k in how.split("+")}
    error, elapsed = timed(lambda: remote.push(docs, timeout=1.0, report=print, **endpoints))
    assert "timed out after 1 s" in str(error)
    assert elapsed <= 1.1 + 0.2


def test_put_client_error_names_status_and_endpoint_and_is_not_retried(bad_server, tiny_graph):
    server, base = bad_server
    docs = {export.document_iri(tiny_graph): tiny_graph}
    reports = []
    with pytest.raises(RemoteError) as caught:
        remote.push(docs, store=f"{base}/notfound", timeout=5, report=reports.append)
    assert str(caught.value) == f"{base}/notfound: HTTP 404 Not Found"
    # the DELETE of the merged graph: 404 is a graph that is not there; then the PUT, once
    assert [method for method, _, _ in server.seen] == ["DELETE", "PUT"] and reports == []


def test_queries_updates_and_uploads_are_sent_alike(bad_server, tiny_graph):
    """SPARQLWrapper writes the query request; it, the PUT and the update POST are all sent
    by one request function, with the same user agent."""
    server, base = bad_server
    assert remote.query_endpoint(f"{base}/ok", ASK, timeout=5).askAnswer is True
    remote.push({export.document_iri(tiny_graph): tiny_graph}, store=f"{base}/ok", update=f"{base}/ok", timeout=5)
    (_, query_path, query_headers), put, post, rebuild = server.seen
    assert [put[0], post[0], rebuild[0]] == ["PUT", "POST", "POST"]
    assert {headers["User-Agent"] for _, _, headers in server.seen} == {remote.USER_AGENT}
    assert query_path.startswith("/ok?query=ASK+") and "application/sparql-results+json" in query_headers["Accept"]
    assert [put[2]["Content-Type"], post[2]["Content-Type"]] == ["application/n-triples", "application/sparql-update"]


def test_push_needs_an_endpoint(tiny_graph):
    with pytest.raises(RemoteError, match="--store"):
        remote.push({export.document_iri(tiny_graph): tiny_graph})
    with pytest.raises(RemoteError, match="http and https"):
        remote.push({export.document_iri(tiny_graph): tiny_graph}, store="file:///etc/passwd")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/query", "/tmp/x"])
def test_only_http_endpoints_are_queried(url):
    with pytest.raises(RemoteError, match="only http and https"):
        remote.query_endpoint(url, ASK, timeout=1)


def test_graph_url_encodes_the_graph_iri():
    url = remote.graph_url("http://h/store", URIRef("https://w3id.org/migkg/id/doc/A-72-643"))
    assert url == "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fmigkg%2Fid%2Fdoc%2FA-72-643"


# --- a real Oxigraph server ----------------------------------------------------------------

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@contextlib.contextmanager
def oxigraph_server(location: Path, *flags: str) -> Iterator[dict[str, str]]:
    """`oxigraph serve` on a free port with the store at ``location`` and ``flags``; its
    query, update and Graph Store endpoints; stopped on leaving."""
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph server binary (pip install oxigraph) is not installed")
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *flags]
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
    try:
        yield {"query": f"{base}/query", "update": f"{base}/update", "store": f"{base}/store"}
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """An Oxigraph server on a free port; its default graph is the union of the named
    graphs, as the named queries expect (Fuseki: unionDefaultGraph). Pushes here use
    ``merge=False``: Oxigraph 0.5 would match each triple twice in the union, once in its
    document's graph and once in the merged graph."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), "--union-default-graph") as endpoints:
        yield endpoints


def remote_graph(endpoint: str, iri: URIRef) -> Graph:
    prepared = sparql.prepare(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri.n3()} {{ ?s ?p ?o }} }}")
    return remote.query_endpoint(endpoint, prepared, timeout=10).graph


def graph_names(endpoint: str) -> set[str]:
    prepared = sparql.prepare("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {str(row[0]) for row in sparql.rows(remote.query_endpoint(endpoint, prepared, timeout=10))}


def _term(t):
    # Oxigraph stores literals of derived integer types (xsd:nonNegativeInteger, ...) as
    # xsd:integer, and decimals in its own canonical form (15 for the 15.0 of the files):
    # it keeps values, not lexical forms; compare such values by number.
    if isinstance(t, Literal) and t.datatype and str(t.datatype).endswith("Integer"):
        return Literal(int(t))
    if isinstance(t, Literal) and t.datatype == XSD.decimal:
        return Literal(Decimal(str(t)).normalize(), datatype=XSD.decimal)
    return t


def normalised(rows):
    # rdflib answers a GROUP BY over no solutions with one all-unbound row where the SPARQL
    # spec (and Oxigraph) give none; such a row carries nothing, so it is left out.
    return sorted([tuple(_term(t) for t in row) for row in rows if any(t is not None for t in row)], key=repr)


def same_graph(a: Graph, b: Graph) -> bool:
    norm = [Graph() for _ in (a, b)]
    for graph, target in zip((a, b), norm, strict=False):
        for s, p, o in graph:
            target.add((s, p, _term(o)))
    return isomorphic(*norm)


@pytest.fixture
def seed_or_tiny(request, tiny_graph):
    """The seed report's graph where the structure parser is there, else the tiny document."""
    try:
        return request.getfixturevalue("seed_graph")
    except ImportError:
        return tiny_graph


@pytest.mark.server
@pytest.mark.parametrize("how", ["store+update", "update", "store"])
def test_push_and_named_queries_agree(oxigraph, seed_or_tiny, tiny_graph, how):
    docs = {export.document_iri(g): g for g in (seed_or_tiny, tiny_graph)}
    endpoints = {k: oxigraph[k] for k in how.split("+")}
    assert remote.push(docs, timeout=30, merge=False, **endpoints) == sorted(docs)
    for iri, graph in docs.items():
        assert same_graph(remote_graph(oxigraph["query"], iri), graph)
    assert not any(name.startswith("urn:migkg:upload:") for name in graph_names(oxigraph["query"]))
    union = Graph()
    for graph in docs.values():
        union += graph
    queries = list_queries()
    assert {"paragraphs", "footnotes", "sections"} <= {q.name for q in queries}
    for named in queries:
        prepared = sparql.prepare(named.text)
        local = sparql.rows(sparql.run_local(prepared, union, engine="oxigraph"))
        there = sparql.rows(remote.query_endpoint(oxigraph["query"], prepared, timeout=30))
        assert normalised(there) == normalised(local), named.name


@pytest.mark.server
def test_push_is_idempotent(oxigraph, tiny_graph):
    docs = {export.document_iri(tiny_graph): tiny_graph}
    remote.push(docs, store=oxigraph["store"], update=oxigraph["update"], timeout=30, merge=False)
    remote.push(docs, store=oxigraph["store"], update=oxigraph["update"], timeout=30, merge=False)
    assert same_graph(remote_graph(oxigraph["query"], export.document_iri(tiny_graph)), tiny_graph)


@pytest.mark.server
@pytest.mark.parametrize("how", ["store+update", "store"])
def test_failed_push_leaves_the_target_graph_as_it_was(oxigraph, tiny_graph, monkeypatch, how):
    iri = export.document_iri(tiny_graph)
    endpoints = {k: oxigraph[k] for k in how.split("+")}
    remote.push({iri: tiny_graph}, store=oxigraph["store"], update=oxigraph["update"], timeout=30, merge=False)
    changed = Graph() + tiny_graph
    changed.add((iri, URIRef("http://example.org/p"), Literal("new")))
    real = export.serialize

    def truncated(graphs, fmt):  # the upload breaks off in the middle of a triple
        data = real(graphs, fmt)
        return data[: len(data) // 2]

    monkeypatch.setattr(export, "serialize", truncated)
    with pytest.raises(RemoteError, match="HTTP 400"):
        remote.push({iri: changed}, timeout=30, merge=False, **endpoints)
    monkeypatch.undo()
    assert same_graph(remote_graph(oxigraph["query"], iri), tiny_graph)
    assert not any(name.startswith("urn:migkg:upload:") for name in graph_names(oxigraph["query"]))


@pytest.mark.server
def test_parameters_bind_the_same_remotely_and_locally(oxigraph, tiny_graph):
    iri = export.document_iri(tiny_graph)
    remote.push({iri: tiny_graph}, store=oxigraph["store"], update=oxigraph["update"], timeout=30, merge=False)
    prepared = sparql.prepare("SELECT ?p ?n WHERE { ?p a migo:Paragraph ; migo:number ?n ; dcterms:isPartOf ?doc }")
    bindings = sparql.parse_params(["n=2", f"doc=<{iri}>"], prepared)
    local = sparql.rows(sparql.run_local(prepared, tiny_graph, bindings))
    assert len(local) == 1 and int(local[0][1]) == 2
    there = sparql.rows(remote.query_endpoint(oxigraph["query"], prepared, bindings, timeout=10))
    assert normalised(there) == normalised(local)


@pytest.mark.server
def test_injection_attempt_is_a_harmless_literal_remotely(oxigraph, tiny_graph):
    iri = export.document_iri(tiny_graph)
    remote.push({iri: tiny_graph}, update=oxigraph["update"], timeout=30, merge=False)
    prepared = sparql.prepare("SELECT ?s WHERE { ?s ?p ?text }")
    bindings = sparql.parse_params(['text=x" } ; DROP ALL ; #'], prepared)
    assert bindings["text"] == Literal('x" } ; DROP ALL ; #')
    assert sparql.rows(remote.query_endpoint(oxigraph["query"], prepared, bindings, timeout=10)) == []
    assert same_graph(remote_graph(oxigraph["query"], iri), tiny_graph)
