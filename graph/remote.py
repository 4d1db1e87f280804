"""Remote SPARQL: queries written by SPARQLWrapper, pushes through the Graph Store Protocol or
SPARQL Update, all sent by one request function on one urllib opener. Bounded, retried where
safe, and atomic.

Every call has one time budget (``timeout`` seconds, default 60) that covers all attempts,
their waits and the reading of the answer: an attempt runs in a worker thread and is
abandoned when the budget is spent, so a server that trickles bytes cannot stretch it
(a socket timeout alone bounds only each read).

Only idempotent requests are retried — a query sent with GET, a graph sent with PUT — on a
refused or reset connection, HTTP 429 or 5xx, with exponential backoff (tenacity), and each
retry is reported. Updates sent with POST are tried once.

Pushing one document's graph:

- ``store`` and ``update``: PUT the graph into a fresh temporary graph through the Graph
  Store Protocol, then ``MOVE`` it onto the document's graph in one SPARQL Update request.
  A push that dies half-way leaves the target as it was (only the temporary graph is
  touched); the ``MOVE`` is one update request, which SPARQL servers (Oxigraph, Fuseki,
  GraphDB, Virtuoso) apply in one transaction.
- ``store`` alone: one PUT on the document's graph. Idempotent, and atomic where the server
  reads the whole body before it replaces the graph in one transaction: Oxigraph 0.5 does (a
  PUT cut off mid-triple is refused with 400 and the old graph stays; tested), as does
  Fuseki. The Graph Store Protocol does not promise it; give ``update`` too for the move.
- ``update`` alone: ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }`` in one
  request, applied in one transaction.

The merged graph (``MERGED_GRAPH``, https://w3id.org/migkg/id/merged): with ``update``, push
ends by recomputing it on the server, in one update request, as the RDF merge of migkg's
graphs there (every document graph, pushed now or before, and a dataset description), and
queries name it as their default graph. The SPARQL spec makes several ``default-graph-uri``
graphs one merged set of triples, but Oxigraph 0.5 (oxigraph/oxigraph#1919) and Virtuoso
match a triple once per graph that holds it; one graph holding the merge is exact on every
server. It is derived data, a second copy of every triple: each document's write drops it in
the same request (the PUT of ``store`` alone: a DELETE before the first PUT), so a push that
fails half-way leaves no merged graph, and queries name the document graphs one by one until
the next push rebuilds it. ``store`` alone cannot rebuild it (the Graph Store Protocol can
neither list nor copy graphs).
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from http.client import HTTPException, responses
from typing import NamedTuple, TypeVar

from rdflib import Graph, URIRef, Variable
from rdflib.namespace import DCAT
from rdflib.query import Result
from rdflib.term import Identifier, _is_valid_uri
from SPARQLWrapper import ASK, CONSTRUCT, DESCRIBE, GET, JSON, N3, POST, SELECT, URLENCODED, SPARQLWrapper
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_before_delay
from tenacity.wait import wait_exponential

from migkg.graph import export
from migkg.graph.errors import RemoteError
from migkg.graph.iris import MERGED_GRAPH, MIGO
from migkg.graph.sparql import Prepared, text_for_endpoint, with_values

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
USER_AGENT = "migkg (+https://w3id.org/migkg)"

Reporter = Callable[[str], None]
T = TypeVar("T")

# One opener for every request (urllib's default handlers, as urlopen and SPARQLWrapper use).
_OPENER = urllib.request.build_opener()


def report_to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _http_error(endpoint: str, code: int, reason: str) -> RemoteError:
    reason = reason or responses.get(code, "")
    return RemoteError(endpoint, f"HTTP {code} {reason}".rstrip(), transient=code == 429 or code >= 500)


def _as_remote_error(endpoint: str, error: BaseException) -> RemoteError:
    """One clear error for whatever urllib or http.client raised."""
    if isinstance(error, RemoteError):
        return error
    if isinstance(error, urllib.error.HTTPError):
        return _http_error(endpoint, error.code, error.reason or "")
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return RemoteError(endpoint, "timed out")
    if isinstance(reason, ConnectionRefusedError):
        return RemoteError(endpoint, "connection refused", transient=True)
    if isinstance(reason, ConnectionResetError | HTTPException | ConnectionAbortedError):
        return RemoteError(endpoint, f"connection reset ({type(reason).__name__})", transient=True)
    if isinstance(reason, OSError):
        return RemoteError(endpoint, f"cannot connect: {reason.strerror or reason}")
    return RemoteError(endpoint, f"{type(error).__name__}: {' '.join(str(error).split())}")


def _call(
    endpoint: str,
    request: urllib.request.Request,
    *,
    timeout: float,
    retries: int,
    report: Reporter,
    what: str,
    idempotent: bool | None = None,
    budget: float | None = None,
) -> tuple[bytes, str]:
    """Send ``request`` and read the answer (body, media type) within one overall budget,
    retrying transient failures of idempotent requests (GET, PUT, a query sent with POST)
    with exponential backoff.

    Every request goes through here: queries (written by SPARQLWrapper), updates and
    uploads share one opener, time budget, retry policy, user agent and error mapping.
    """
    request.add_header("User-Agent", USER_AGENT)
    shown = timeout if budget is None else budget  # the caller's whole budget, in messages
    if idempotent is None:
        idempotent = request.get_method() in ("GET", "PUT")
    deadline = time.monotonic() + timeout

    def attempt(left: float) -> tuple[bytes, str]:
        with _OPENER.open(request, timeout=left) as response:
            return response.read(), response.headers.get_content_type()

    def bounded() -> tuple[bytes, str]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RemoteError(endpoint, f"timed out after {shown:g} s")
        future = _in_daemon_thread(attempt, left)
        try:
            return future.result(timeout=left)
        except FutureTimeout:
            raise RemoteError(endpoint, f"timed out after {shown:g} s") from None
        except BaseException as error:  # noqa: BLE001 - every failure becomes one RemoteError
            raise _as_remote_error(endpoint, error) from None

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        problem = error.problem if isinstance(error, RemoteError) else error
        wait = state.next_action.sleep if state.next_action else 0
        report(f"retry {state.attempt_number}/{retries} of {what} at {endpoint} in {wait:.1f} s after: {problem}")

    retrying = Retrying(
        stop=stop_after_attempt((retries if idempotent else 0) + 1) | stop_before_delay(max(timeout - 0.05, 0)),
        wait=wait_exponential(multiplier=0.5, max=8),
        retry=retry_if_exception(lambda e: isinstance(e, RemoteError) and e.transient),
        before_sleep=before_sleep,
        reraise=True,
    )
    return retrying(bounded)


def _in_daemon_thread(attempt: Callable[[float], T], left: float) -> Future[T]:
    """Run ``attempt(left)`` in a daemon thread. An abandoned attempt must not keep the
    process alive: a server trickling bytes never lets its socket time out, and the
    interpreter waits at exit for ThreadPoolExecutor's (non-daemon) workers."""
    future: Future[T] = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(attempt(left))
            except BaseException as error:  # noqa: BLE001 - handed to the waiting caller
                future.set_exception(error)

    threading.Thread(target=run, name="migkg-remote", daemon=True).start()
    return future


def query_endpoint(
    endpoint: str,
    prepared: Prepared,
    bindings: Mapping[str, Identifier] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    report: Reporter = report_to_stderr,
    documents: bool = False,
) -> Result:
    """Run a read query on a SPARQL 1.1 Protocol endpoint (GET) and return an rdflib Result.

    Parameters are bound by a trailing ``VALUES`` clause (see :func:`with_values`).

    With ``documents``, the query's default graph is the merge of the document graphs the
    endpoint holds, named in the request by the SPARQL Protocol's ``default-graph-uri`` (and
    the document graphs by ``named-graph-uri``, for ``GRAPH``): the merged graph push keeps
    where it is in step with them, else the document graphs themselves (see
    :func:`query_dataset`). The named queries then work on any store as ``migkg push`` left
    it, with no union default graph configured. An endpoint with no document graphs (the
    data in its default graph), and a query with its own ``FROM``, are sent as they are.
    Both requests share ``timeout``.
    """
    _check_url(endpoint)
    if prepared.is_update:
        raise RemoteError(endpoint, "updates are not sent through query; use push")
    text = with_values(prepared, bindings or {})
    if text != prepared.text:
        prepared = Prepared(text, prepared.is_update, prepared.form, prepared.variables, prepared.prefixes)
    text = text_for_endpoint(prepared)
    started = time.monotonic()
    dataset = QueryDataset((), ())
    if documents and not prepared.dataset:
        dataset = query_dataset(endpoint, timeout=timeout, retries=retries, report=report)
    graph_result = prepared.form in ("ConstructQuery", "DescribeQuery")
    payload, media_type = _call(
        endpoint,
        _query_request(endpoint, text, prepared.form, dataset.default, dataset.named),
        timeout=max(timeout - (time.monotonic() - started), 0.001) if documents else timeout,
        retries=retries,
        report=report,
        what="query",
        idempotent=True,
        budget=timeout,
    )
    return _parse_answer(endpoint, payload, graph_result, media_type)


# The graphs of a build: those describing a migo:Document (push names each after its
# document), and a dataset description named by the dcat:Dataset it describes (as the
# embedded store, served by `migkg serve`, keeps dataset.ttl). A push's temporary graph
# (urn:migkg:upload:...) and the merged graph are never among them.
_MIGKG_GRAPHS = f"""{{ GRAPH ?g {{ ?document a <{MIGO.Document}> }} }} UNION {{ GRAPH ?g {{ ?g a <{DCAT.Dataset}> }} }}
  FILTER(!STRSTARTS(STR(?g), "urn:migkg:upload:") && ?g != {MERGED_GRAPH.n3()})"""

# migkg's graphs, and what the merged graph holds of them: the documents (a document graph
# is named by its document) and the datasets it describes.
_LISTING = f"""SELECT DISTINCT ?g ?kind WHERE {{
  {{ GRAPH ?g {{ ?document a <{MIGO.Document}> }} BIND("document" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?g a <{DCAT.Dataset}> }} BIND("dataset" AS ?kind) }}
  UNION {{ GRAPH {MERGED_GRAPH.n3()} {{ ?g a <{MIGO.Document}> }} BIND("merged document" AS ?kind) }}
  UNION {{ GRAPH {MERGED_GRAPH.n3()} {{ ?g a <{DCAT.Dataset}> }} BIND("merged dataset" AS ?kind) }}
  FILTER(!STRSTARTS(STR(?g), "urn:migkg:upload:") && ?g != {MERGED_GRAPH.n3()})
}}"""

# Recomputed from what the server holds, so documents pushed before (or by another run) are
# in, and a re-pushed document's old triples are not. One request: one transaction.
_REBUILD_MERGE = f"""DROP SILENT GRAPH {MERGED_GRAPH.n3()} ;
INSERT {{ GRAPH {MERGED_GRAPH.n3()} {{ ?s ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?g WHERE {{ {_MIGKG_GRAPHS} }} }}
  GRAPH ?g {{ ?s ?p ?o }}
}}"""


class QueryDataset(NamedTuple):
    """A query's RDF dataset as the SPARQL Protocol names it: ``default-graph-uri``s, whose
    merge is the default graph, and ``named-graph-uri``s, the graphs ``GRAPH`` reaches."""

    default: tuple[str, ...]
    named: tuple[str, ...]


def query_dataset(
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    report: Reporter = report_to_stderr,
) -> QueryDataset:
    """The dataset that gives a query on ``endpoint`` the merge of migkg's graphs there as its
    default graph and the document graphs as its named graphs: the merged graph where it
    holds exactly the documents (and every dataset) the endpoint's graphs hold, else the
    document graphs themselves (data pushed by an older migkg or loaded by hand). Empty
    where the endpoint has no document graphs. One request."""
    payload, media_type = _call(
        _check_url(endpoint),
        _query_request(endpoint, _LISTING, "SelectQuery"),
        timeout=timeout,
        retries=retries,
        report=report,
        what="listing the document graphs",
    )
    result = _parse_answer(endpoint, payload, False, media_type)
    if result.type != "SELECT" or result.vars is None or not {Variable("g"), Variable("kind")} <= set(result.vars):
        raise RemoteError(endpoint, "malformed results: the list of graphs is not a SELECT answer with ?g and ?kind")
    found: dict[str, set[str]] = {}
    for row in result.bindings:
        name, kind = row.get(Variable("g")), row.get(Variable("kind"))
        if isinstance(name, URIRef) and kind is not None:
            found.setdefault(str(kind), set()).add(str(name))
    documents, datasets = found.get("document", set()), found.get("dataset", set())
    graphs = tuple(sorted(documents | datasets))
    merged_documents = found.get("merged document", set())
    if merged_documents and merged_documents == documents and datasets <= found.get("merged dataset", set()):
        return QueryDataset((str(MERGED_GRAPH),), graphs)
    return QueryDataset(graphs, graphs)


def document_graphs(
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    report: Reporter = report_to_stderr,
) -> list[str]:
    """The IRIs of the document graphs a SPARQL endpoint holds (and of a dataset
    description named by its dataset), sorted."""
    return list(query_dataset(endpoint, timeout=timeout, retries=retries, report=report).named)


_QUERY_TYPES = {"SelectQuery": SELECT, "AskQuery": ASK, "ConstructQuery": CONSTRUCT, "DescribeQuery": DESCRIBE}


def _query_request(
    endpoint: str, text: str, form: str, default: Sequence[str] = (), named: Sequence[str] = ()
) -> urllib.request.Request:
    """The SPARQL 1.1 Protocol request for a query, written by SPARQLWrapper: the URL with
    its parameters (``default-graph-uri`` and ``named-graph-uri``) and the Accept header;
    GET, or a form POST where the URL would be too long for servers (many graphs). It is sent by :func:`_call`, not by SPARQLWrapper, whose own sending
    raises its own exceptions without the HTTP status and has no overall time budget."""
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(text)
    # SPARQLWrapper sniffs the form with a regex that mistakes words in comments for
    # update keywords (one named query came out as ADD); the parsed form is known.
    wrapper.queryType = _QUERY_TYPES[form]
    for graph in default:
        wrapper.addDefaultGraph(graph)
    for graph in named:
        wrapper.addNamedGraph(graph)
    wrapper.setMethod(GET)
    # N3 asks for Turtle; JSON is the SPARQL 1.1 Query Results JSON format.
    wrapper.setReturnFormat(N3 if form in ("ConstructQuery", "DescribeQuery") else JSON)
    request = wrapper._createRequest()  # SPARQLWrapper 2.0's request builder, used since 1.x
    if len(request.full_url) > _MAX_GET_URL:
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        request = wrapper._createRequest()
    return request


# Servers refuse longer request lines (Jetty, Fuseki's server, at 8 KiB by default).
_MAX_GET_URL = 4096


def run_update(
    endpoint: str, prepared: Prepared, *, timeout: float = DEFAULT_TIMEOUT, report: Reporter = report_to_stderr
) -> None:
    """Send a SPARQL update (already allowed by :func:`migkg.graph.sparql.prepare`) with
    POST, once: an update is not idempotent, so it is never retried."""
    if not prepared.is_update:
        raise RemoteError(endpoint, "not an update; queries are sent with query_endpoint")
    _update(_check_url(endpoint), text_for_endpoint(prepared), timeout, report, "update")


def _parse_answer(endpoint: str, payload: bytes, graph_result: bool, content_type: str) -> Result:
    try:
        if graph_result:
            fmt = {"application/n-triples": "nt", "application/ld+json": "json-ld"}.get(content_type, "turtle")
            if fmt == "json-ld":
                raise ValueError("JSON-LD answers are not read (they may name remote contexts)")
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=payload.decode("utf-8"), format=fmt)
            return result
        return Result.parse(io.BytesIO(payload), format="json")
    except Exception as error:  # noqa: BLE001 - any parser failure means a malformed answer
        problem = " ".join(str(error).split())[:200] or type(error).__name__
        raise RemoteError(endpoint, f"malformed results: {problem}") from None


def _check_url(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RemoteError(url, "only http and https endpoints are supported")
    return url


def graph_url(store: str, graph: URIRef) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification)."""
    separator = "&" if urllib.parse.urlsplit(store).query else "?"
    return f"{store}{separator}{urllib.parse.urlencode({'graph': str(graph)})}"


def push(
    graphs: Mapping[URIRef, Graph],
    *,
    store: str | None = None,
    update: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    report: Reporter = report_to_stderr,
    merge: bool = True,
) -> list[URIRef]:
    """Upload each document's graph into the named graph of the document's IRI, then (with
    ``update`` and ``merge``) rebuild the merged graph on the server.

    Whatever ``merge`` says, the merged graph is dropped before a document changes (in the
    same request where there is an ``update`` endpoint), so it never disagrees with the
    documents. Returns the document graph IRIs written, in order. ``timeout`` bounds each
    document's upload, and the rebuild.
    """
    endpoint = store or update
    if endpoint is None:
        raise RemoteError("push", "give a Graph Store endpoint (--store) or an update endpoint (--update)")
    for url in (store, update):
        if url is not None:
            _check_url(url)
    for iri in graphs:
        if not _is_valid_uri(str(iri)):
            raise RemoteError(endpoint, f"graph name {str(iri)!r} is not a valid IRI")
    if store is not None and update is None:
        _delete(store, MERGED_GRAPH, timeout, retries, report)
    written = []
    for iri in sorted(graphs):
        graph = graphs[iri]
        if store is not None and update is not None:
            _put_then_move(store, update, iri, graph, timeout, retries, report)
        elif store is not None:
            _put(store, iri, graph, timeout, retries, report)
        else:
            _drop_insert(endpoint, iri, graph, timeout, report)
        written.append(iri)
    if update is not None and merge:
        try:
            _update(update, _REBUILD_MERGE, timeout, report, f"rebuilding <{MERGED_GRAPH}>")
        except RemoteError as error:
            raise RemoteError(
                error.endpoint,
                f"{error.problem} (rebuilding <{MERGED_GRAPH}> after the documents were pushed: "
                "queries name them one by one until a push rebuilds it)",
            ) from None
    return written


def _delete(store: str, iri: URIRef, timeout: float, retries: int, report: Reporter) -> None:
    """Delete a graph through the Graph Store Protocol; one that is not there (404) is fine."""
    request = urllib.request.Request(graph_url(store, iri), method="DELETE")
    try:
        _call(store, request, timeout=timeout, retries=retries, report=report, what=f"DELETE <{iri}>", idempotent=True)
    except RemoteError as error:
        if not error.problem.startswith("HTTP 404"):
            raise


def _put(store: str, iri: URIRef, graph: Graph, timeout: float, retries: int, report: Reporter) -> None:
    body = export.serialize(graph, "nt")
    request = _body_request(graph_url(store, iri), "PUT", body, "application/n-triples")
    _call(store, request, timeout=timeout, retries=retries, report=report, what=f"PUT <{iri}>")


def _update(update: str, text: str, timeout: float, report: Reporter, what: str) -> None:
    request = _body_request(update, "POST", text.encode("utf-8"), "application/sparql-update")
    _call(update, request, timeout=timeout, retries=0, report=report, what=what)


def _body_request(url: str, method: str, body: bytes, media_type: str) -> urllib.request.Request:
    return urllib.request.Request(url, data=body, method=method, headers={"Content-Type": media_type})


def _put_then_move(
    store: str, update: str, iri: URIRef, graph: Graph, timeout: float, retries: int, report: Reporter
) -> None:
    temporary = URIRef(f"urn:migkg:upload:{uuid.uuid4().hex}")
    started = time.monotonic()
    try:
        _put(store, temporary, graph, timeout, retries, report)
        left = max(timeout - (time.monotonic() - started), 0.1)
        text = f"DROP SILENT GRAPH {MERGED_GRAPH.n3()} ;\nMOVE GRAPH {temporary.n3()} TO GRAPH {iri.n3()}"
        _update(update, text, left, report, f"MOVE to <{iri}>")
    except RemoteError:
        # The target is untouched. Drop the temporary graph too, within what is left of the
        # budget (a call never outlasts its timeout); a dead server keeps it, named
        # urn:migkg:upload:<uuid>, until the next cleanup by hand.
        left = timeout - (time.monotonic() - started)
        if left > 0.1:
            with contextlib.suppress(RemoteError):
                _update(update, f"DROP SILENT GRAPH {temporary.n3()}", left, report, "cleanup")
        raise


def _drop_insert(update: str, iri: URIRef, graph: Graph, timeout: float, report: Reporter) -> None:
    # N-Triples lines are valid SPARQL triples; export.serialize escapes every term.
    triples = export.serialize(graph, "nt").decode("utf-8")
    text = (
        f"DROP SILENT GRAPH {MERGED_GRAPH.n3()} ;\nDROP SILENT GRAPH {iri.n3()} ;\n"
        f"INSERT DATA {{ GRAPH {iri.n3()} {{\n{triples}}} }}\n"
    )
    _update(update, text, timeout, report, f"DROP/INSERT <{iri}>")
