"""No network and no unnamed file during local work (issue 6, item 1).

Every hostile query or data file points at a local HTTP server that answers whatever it is
asked with something usable (Turtle, a JSON-LD context, SPARQL results) and counts the
requests: it must count zero. An audit hook records every socket connection and every
file opened meanwhile; a file the user did not name (a ``file://`` JSON-LD context, an XML
``SYSTEM`` entity) must never be opened. The control tests show that the server and the
hook do see what plain rdflib does with the same inputs, so the checks can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib.plugins.sparql
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from migkg.cli import main
from migkg.graph import export, sparql

FIXTURES = Path(__file__).resolve().parent / "fixtures"

TURTLE = b"<http://example.org/fetched> <http://example.org/p> <http://example.org/o> .\n"
CONTEXT = json.dumps({"@context": {"ex": "http://example.org/"}}).encode()
RESULTS = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()


class Counting(BaseHTTPRequestHandler):
    """Answers every request usefully (so that a fetch would succeed) and counts it."""

    def log_message(self, *args):
        pass

    def _serve(self):
        with self.server.lock:
            self.server.requests.append(f"{self.command} {self.path}")
        if self.path.endswith(".jsonld"):
            body, kind = CONTEXT, "application/ld+json"
        elif "sparql" in self.path:
            body, kind = RESULTS, "application/sparql-results+json"
        else:
            body, kind = TURTLE, "text/turtle"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = _serve


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    httpd.daemon_threads = True
    httpd.requests, httpd.lock = [], threading.Lock()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


# An audit hook cannot be removed: one hook for the session, recording only while a test
# has switched it on.
_AUDIT: dict[str, list | None] = {"events": None}


def _audit(event: str, args: tuple) -> None:
    events = _AUDIT["events"]
    if events is None:
        return
    if event in ("socket.connect", "socket.getaddrinfo"):
        events.append((event, repr(args[1:2])))
    elif event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        events.append((event, os.fsdecode(args[0])))


sys.addaudithook(_audit)


@contextmanager
def audited():
    """Record socket connections and opened files of this thread and every other."""
    events: list = []
    _AUDIT["events"] = events
    try:
        yield events
    finally:
        _AUDIT["events"] = None


def connections(events) -> list:
    return [e for e in events if e[0].startswith("socket.")]


def opened(events, path: Path) -> bool:
    return any(e[0] == "open" and Path(e[1]).resolve() == path.resolve() for e in events)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def tiny_ttl(tmp_path, tiny_graph):
    path = tmp_path / "tiny.ttl"
    path.write_bytes(export.serialize(tiny_graph, "ttl"))
    return path


@pytest.fixture
def secret(tmp_path):
    """A local file nobody names on the command line; a JSON-LD context if read."""
    path = tmp_path / "private" / "secret.jsonld"
    path.parent.mkdir()
    path.write_text(json.dumps({"@context": {"leaked": "http://example.org/SECRET-CONTENT"}}))
    return path


def run(runner, *argv):
    result = runner.invoke(main, list(argv))
    assert not isinstance(result.exception, AssertionError)
    return result


# --- SPARQL ------------------------------------------------------------------------------

SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/sparql> {{ ?s ?q ?v }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ MINUS {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_any_request(runner, server, tiny_ttl, engine, template):
    query = template.format(url=server.url)
    with audited() as events:
        result = run(runner, "query", "--sparql", query, "--data", str(tiny_ttl), "--engine", engine)
    assert result.exit_code == 2, result.output
    assert "SERVICE refused" in result.output and "--allow-service" in result.output
    assert server.requests == [] and connections(events) == []


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize(
    "clause", ["FROM <{url}/data.ttl>", "FROM NAMED <{url}/data.ttl>", "FROM <{url}/a.ttl> FROM NAMED <{url}/b.ttl>"]
)
def test_from_is_not_dereferenced(runner, server, tiny_ttl, engine, clause):
    query = f"SELECT ?s {clause.format(url=server.url)} WHERE {{ ?s ?p ?o }} LIMIT 5"
    with audited() as events:
        result = run(runner, "query", "--sparql", query, "--data", str(tiny_ttl), "--engine", engine, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "fetched" not in result.output
    assert server.requests == [] and connections(events) == []


@pytest.mark.parametrize(
    "update",
    ["LOAD <{url}/data.ttl>", "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>", "CLEAR ALL ; LOAD <{url}/data.ttl>"],
)
def test_load_is_refused(runner, server, tiny_ttl, update):
    with audited() as events:
        result = run(runner, "query", "--sparql", update.format(url=server.url), "--data", str(tiny_ttl))
    assert result.exit_code == 2 and "LOAD" in result.output and "refused" in result.output
    assert server.requests == [] and connections(events) == []


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_on_a_dataset_is_not_dereferenced_even_if_switched_on_elsewhere(server, tiny_graph, monkeypatch, clause):
    # rdflib dereferences FROM only when it queries a Dataset; another library in the same
    # process may have switched loading on again.
    monkeypatch.setattr(rdflib.plugins.sparql, "SPARQL_LOAD_GRAPHS", True)
    dataset = Dataset()
    dataset.graph(URIRef("urn:migkg:test")).__iadd__(tiny_graph)
    prepared = sparql.prepare(f"SELECT ?s {clause} <{server.url}/data.ttl> WHERE {{ ?s ?p ?o }}")
    with audited() as events:
        rows = list(sparql.run_local(prepared, dataset, engine="rdflib"))
    assert server.requests == [] and connections(events) == []
    assert all("fetched" not in str(row) for row in rows)


def test_load_graphs_switch_is_off_once_rdf_is_read(tiny_ttl):
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = True
    from migkg.graph.io import load_graph
    from migkg.graph.safety import harden

    harden()  # what importing migkg.graph.io did the first time
    load_graph([tiny_ttl])
    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False


# --- data ----------------------------------------------------------------------------------


def test_validate_and_query_do_not_follow_owl_imports(runner, server, tmp_path, tiny_graph):
    path = tmp_path / "imports.ttl"
    path.write_bytes(
        export.serialize(tiny_graph, "ttl")
        + (
            f"<https://w3id.org/migkg/id/doc/A-99-1> <http://www.w3.org/2002/07/owl#imports> <{server.url}/onto.ttl> .\n"
            f"<{server.url}/onto.ttl> <http://www.w3.org/2002/07/owl#imports> <{server.url}/more.ttl> .\n"
        ).encode()
    )
    with audited() as events:
        validated = [run(runner, "validate", str(path), "--engine", engine) for engine in ("turbo", "pyshacl")]
        queried = run(runner, "query", "--sparql", "SELECT * WHERE { ?s ?p ?o }", "--data", str(path))
    assert all(v.exit_code in (0, 1) for v in validated), [v.output for v in validated]
    assert queried.exit_code == 0 and "fetched" not in queried.output
    assert server.requests == [] and connections(events) == []


def _jsonld(context) -> str:
    return json.dumps({"@context": context, "@id": "http://example.org/s", "ex:p": "v"})


JSONLD_CONTEXTS = {
    "http": lambda url, secret: f"{url}/context.jsonld",
    "list": lambda url, secret: [{"ex": "http://example.org/"}, f"{url}/context.jsonld"],
    "import": lambda url, secret: {"@import": f"{url}/context.jsonld", "ex": "http://example.org/"},
    "scoped": lambda url, secret: {
        "ex": "http://example.org/",
        "ex:p": {"@id": "http://example.org/p", "@context": f"{url}/context.jsonld"},
    },
    "file-url": lambda url, secret: secret.as_uri(),
    "relative": lambda url, secret: os.path.relpath(secret, secret.parent.parent.parent / "data"),
}


@pytest.mark.parametrize("command", ["validate", "query"])
@pytest.mark.parametrize("kind", sorted(JSONLD_CONTEXTS))
def test_jsonld_contexts_by_reference_are_refused(runner, server, secret, tmp_path, command, kind):
    data = tmp_path / "data" / "doc.jsonld"
    data.parent.mkdir()
    data.write_text(_jsonld(JSONLD_CONTEXTS[kind](server.url, secret)))
    argv = [str(data)] if command == "validate" else ["--sparql", "ASK { ?s ?p ?o }", "--data", str(data)]
    with audited() as events:
        result = run(runner, command, *argv)
    assert result.exit_code == 2, result.output
    assert "context" in result.output and "refused" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert server.requests == [] and connections(events) == []
    assert not opened(events, secret)


def test_nested_jsonld_context_by_reference_is_refused(runner, server, tmp_path):
    data = tmp_path / "nested.jsonld"
    data.write_text(
        json.dumps(
            {
                "@context": {"ex": "http://example.org/"},
                "@graph": [{"@id": "ex:a", "ex:p": {"@context": f"{server.url}/context.jsonld", "@id": "ex:b"}}],
            }
        )
    )
    with audited() as events:
        result = run(runner, "validate", str(data))
    assert result.exit_code == 2 and "refused" in result.output
    assert server.requests == [] and connections(events) == []


def test_inline_jsonld_context_is_read(runner, tmp_path):
    data = tmp_path / "inline.jsonld"
    data.write_text(_jsonld({"ex": "http://example.org/"}))
    result = run(
        runner,
        "query",
        "--sparql",
        "SELECT ?o WHERE { <http://example.org/s> ?p ?o }",
        "--data",
        str(data),
        "--format",
        "csv",
    )
    assert result.exit_code == 0 and result.output.splitlines()[1:] == ["v"]


RDFXML_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "{target}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&x;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("command", ["validate", "query"])
def test_rdfxml_external_entity_is_never_resolved(runner, server, secret, tmp_path, where, command):
    target = f"{server.url}/entity.ttl" if where == "http" else secret.as_uri()
    data = tmp_path / "xxe.rdf"
    data.write_text(RDFXML_ENTITY.format(target=target))
    argv = [str(data)] if command == "validate" else ["--sparql", "SELECT * WHERE { ?s ?p ?o }", "--data", str(data)]
    with audited() as events:
        result = run(runner, command, *argv)
    assert result.exit_code == 2, result.output
    assert "DTD" in result.output and len(result.output.strip().splitlines()) == 1
    assert "SECRET" not in result.output and "fetched" not in result.output
    assert server.requests == [] and connections(events) == []
    assert not opened(events, secret)


def test_plain_rdfxml_is_read(runner, tmp_path):
    data = tmp_path / "plain.rdf"
    data.write_text(
        RDFXML_ENTITY.replace('<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "{target}"> ]>\n', "").replace(
            "&x;", "Migration \u00e9t\u00e9"
        )
    )
    result = run(runner, "query", "--sparql", "SELECT ?o WHERE { ?s ?p ?o }", "--data", str(data), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == ["Migration \u00e9t\u00e9"]


# --- controls: the same inputs do reach the server without the protections -----------------


def test_control_rdflib_dereferences_from_when_loading_is_on(server, monkeypatch):
    monkeypatch.setattr(rdflib.plugins.sparql, "SPARQL_LOAD_GRAPHS", True)
    with audited() as events:
        rows = list(Dataset().query(f"SELECT ?s FROM <{server.url}/data.ttl> WHERE {{ ?s ?p ?o }}"))
    assert server.requests and connections(events)
    assert len(rows) == 1


def test_control_rdflib_evaluates_service(server):
    with audited() as events:
        list(Graph().query(f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}"))
    assert server.requests and connections(events)


def test_control_rdflib_fetches_jsonld_contexts(server, secret):
    with audited() as events:
        Graph().parse(data=_jsonld(f"{server.url}/context.jsonld"), format="json-ld")
        Graph().parse(data=_jsonld(secret.as_uri()), format="json-ld")
    assert server.requests and connections(events)
    assert opened(events, secret)


# --- a real process: the CLI under an audit hook that stops any connection -----------------

_SCRIPT = r"""
import os, sys

secret = os.path.realpath(sys.argv[2])

def refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        print(f"NETWORK {event} {args[1:2]!r}", flush=True)
        os._exit(99)
    if event == "open" and isinstance(args[0], str) and os.path.realpath(args[0]) == secret:
        print(f"OPENED {args[0]}", flush=True)
        os._exit(98)

sys.addaudithook(refuse)
from migkg.cli import main

url = sys.argv[1]
commands = [
    ["build", "seed", "--out", "out", "--format", "ttl,jsonld,nt,trig"],
    ["validate", "out"],
    ["query", "paragraphs", "--data", "out"],
    ["query", "--sparql", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "--data", "out"],
    ["query", "--sparql", f"SELECT ?s FROM <{url}/a.ttl> FROM NAMED <{url}/b.ttl> WHERE {{ ?s ?p ?o }}",
     "--data", "out", "--engine", "oxigraph"],
    ["query", "--sparql", f"LOAD <{url}/a.ttl>", "--data", "out"],
    ["validate", "hostile/imports.ttl"],
    ["validate", "hostile/remote.jsonld"],
    ["validate", "hostile/file.jsonld"],
    ["validate", "hostile/xxe.rdf"],
]
for argv in commands:
    try:
        main(argv, standalone_mode=False)
        code = 0
    except SystemExit as exit:
        code = exit.code or 0
    except Exception as error:
        code = f"{type(error).__name__}"
    print("EXIT", code, argv[0], argv[1][:20], flush=True)
print("OFFLINE-OK")
"""


def test_cli_process_opens_no_connection_and_no_unnamed_file(server, secret, tmp_path):
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / "A-74-999.txt").write_bytes((FIXTURES / "A-74-999-report.txt").read_bytes())
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "imports.ttl").write_text(
        f"<http://example.org/s> <http://www.w3.org/2002/07/owl#imports> <{server.url}/onto.ttl> .\n"
    )
    (hostile / "remote.jsonld").write_text(_jsonld(f"{server.url}/context.jsonld"))
    (hostile / "file.jsonld").write_text(_jsonld(secret.as_uri()))
    (hostile / "xxe.rdf").write_text(RDFXML_ENTITY.format(target=secret.as_uri()))
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, server.url, str(secret)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    exits = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("EXIT")]
    # validate may find violations (1); what matters is that it ran offline.
    codes = [code for code, *_ in exits]
    assert codes[0] == "0" and codes[1] in ("0", "1") and codes[6] in ("0", "1"), exits
    assert codes[2:6] + codes[7:] == ["0", "2", "0", "2", "2", "2", "2"], exits
    assert result.stdout.rstrip().endswith("OFFLINE-OK")
    assert server.requests == []
