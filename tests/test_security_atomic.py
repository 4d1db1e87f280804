"""Atomic publishing (issue 6, item 4).

A build killed half-way (SIGKILL at a chosen write) leaves every file of the previous
``out/`` either byte-identical or fully replaced, and the next build leaves no temporary
file behind. A push that dies half-way (a proxy in front of a real Oxigraph server breaks
a chosen request) leaves the target graph either as it was or fully replaced.
"""

from __future__ import annotations

import http.client
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from test_remote import graph_names, oxigraph, remote_graph, same_graph  # noqa: F401 - fixture

from migkg.graph import export, remote
from migkg.graph.remote import RemoteError

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# --- a build killed half-way ---------------------------------------------------------------

_KILLED_BUILD = r"""
import os, signal, sys

target, at = sys.argv[1], int(sys.argv[2])
calls = {"n": 0}
real = getattr(os, target)

def dying(*args, **kwargs):
    calls["n"] += 1
    if calls["n"] == at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(os, target, dying)
from migkg.cli import main
main(["build", "seeds", "--out", "out", "--format", "ttl,nt,jsonld", "--no-extract"])
"""

_BUILD = ["-c", "from migkg.cli import main; main()", "build", "seeds", "--format", "ttl,nt,jsonld", "--no-extract"]


def _seeds(directory: Path, extra: str = "") -> None:
    (directory / "seeds").mkdir(parents=True, exist_ok=True)
    for name in ("A-74-999-report.txt", "A-RES-73-195-crlf.txt"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        (directory / "seeds" / name).write_text(text + extra, encoding="utf-8")


def _build(cwd: Path, out: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *_BUILD, "--out", out], cwd=cwd, capture_output=True, text=True, timeout=300)


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """out/ from the fixtures, and the out/ their changed versions give."""
    work = tmp_path_factory.mktemp("killed-build")
    _seeds(work)
    assert _build(work, "out").returncode == 0
    old = _files(work / "out")
    _seeds(work, extra="\nA line added to every document after the first build.\n")
    assert _build(work, "new").returncode == 0
    new = _files(work / "new")
    shutil.rmtree(work / "new")
    assert old.keys() == new.keys() and len(old) >= 6
    assert all(old[name] != new[name] for name in old if not name.startswith("dataset"))
    return work, old, new


# os.replace: killed after a file is written in full, before it takes the old one's place;
# os.fsync: killed while a file is being written. The n-th call of each.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("target,at", [("replace", 1), ("replace", 3), ("replace", 5), ("fsync", 2), ("fsync", 4)])
def test_killed_build_leaves_every_file_old_or_new(old_and_new, tmp_path, target, at):
    work, old, new = old_and_new
    shutil.copytree(work / "seeds", tmp_path / "seeds")
    shutil.copytree(work / "out", tmp_path / "out")
    assert _files(tmp_path / "out") == old
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BUILD, target, str(at)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    after = _files(tmp_path / "out")
    published = {name: data for name, data in after.items() if not name.startswith(".")}
    assert published.keys() == {name for name in old if not name.startswith(".")}  # not the manifest
    replaced = [name for name, data in published.items() if data == new[name] != old[name]]
    kept = [name for name, data in published.items() if data == old[name]]
    assert sorted(replaced + kept) == sorted(published), "a file is neither the old nor the new one"
    assert len(replaced) == at - 1  # one write_atomic per file: one fsync, then one replace
    # The next build finishes the job and leaves no temporary file behind.
    assert _build(tmp_path, "out").returncode == 0
    assert _files(tmp_path / "out") == new


# --- a push that dies half-way -------------------------------------------------------------


class Breaking(BaseHTTPRequestHandler):
    """Forwards to the upstream server; request number n gets ``plan[n]``: "reset" (the
    connection is reset before forwarding), "lost" (forwarded and applied, the answer is
    replaced by a reset), "500" (not forwarded, HTTP 500)."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def _serve(self):
        server = self.server
        with server.lock:
            server.count += 1
            number = server.count
            server.log.append((number, self.command, self.path[:60]))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        action = server.plan.get(number, server.plan.get("rest"))
        if action == "reset":
            return self._reset()
        if action == "500":
            self.send_response(500)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"boom")
            return
        upstream = http.client.HTTPConnection(*server.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        if action == "lost":
            return self._reset()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    do_GET = do_POST = do_PUT = _serve


@pytest.fixture
def proxy(oxigraph):
    upstream = urllib.parse.urlsplit(oxigraph["store"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Breaking)
    server.daemon_threads = True
    server.upstream = (upstream.hostname, upstream.port)
    server.count, server.plan, server.log, server.lock = 0, {}, [], threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server, {"store": f"{base}/store", "update": f"{base}/update"}
    server.shutdown()
    server.server_close()


def _versions(tiny_graph):
    iri = export.document_iri(tiny_graph)
    old = Graph() + tiny_graph
    old.add((iri, URIRef("http://example.org/version"), Literal("old")))
    new = Graph() + tiny_graph
    new.add((iri, URIRef("http://example.org/version"), Literal("new")))
    for n in range(200):  # enough triples that a half-applied upload would show
        new.add((iri, URIRef("http://example.org/extra"), Literal(f"triple {n}")))
    return iri, old, new


# Request 1 is the PUT into the temporary graph, 2 the MOVE, 3 the clean-up.
PLANS = {
    "PUT refused every time": ({"rest": "500"}, "old"),
    "PUT reset every time": ({"rest": "reset"}, "old"),
    "MOVE refused": ({2: "500"}, "old"),
    "MOVE and clean-up reset": ({2: "reset", "rest": "reset"}, "old"),
    "MOVE applied, answer lost": ({2: "lost"}, "new"),
}


@pytest.mark.server
@pytest.mark.timeout(120)
@pytest.mark.parametrize("plan", sorted(PLANS))
def test_push_dying_half_way_leaves_old_or_new_graph(oxigraph, proxy, tiny_graph, plan):
    server, endpoints = proxy
    iri, old, new = _versions(tiny_graph)
    remote.push({iri: old}, store=oxigraph["store"], update=oxigraph["update"], timeout=30)
    failures, expected = PLANS[plan]
    server.plan = failures
    with pytest.raises(RemoteError):
        remote.push({iri: new}, timeout=10, retries=1, report=lambda message: None, **endpoints)
    there = remote_graph(oxigraph["query"], iri)
    assert same_graph(there, old if expected == "old" else new), (plan, len(there), server.log)
    if "clean-up" not in plan:
        assert not any(n.startswith("urn:migkg:upload:") for n in graph_names(oxigraph["query"])), server.log


@pytest.mark.server
def test_second_document_failing_leaves_the_first_replaced_and_the_second_as_it_was(oxigraph, proxy, tiny_graph):
    server, endpoints = proxy
    iri, old, new = _versions(tiny_graph)
    other_iri = URIRef(str(iri) + "-other")
    other_old = Graph()
    other_old.add((other_iri, URIRef("http://example.org/version"), Literal("old")))
    other_new = Graph() + other_old
    other_new.add((other_iri, URIRef("http://example.org/extra"), Literal("new")))
    remote.push({iri: old, other_iri: other_old}, store=oxigraph["store"], update=oxigraph["update"], timeout=30)
    first, second = sorted([iri, other_iri])
    server.plan = {4: "500"}  # PUT, MOVE of the first document; PUT, then the MOVE of the second fails
    graphs = {iri: new, other_iri: other_new}
    with pytest.raises(RemoteError):
        remote.push(graphs, timeout=10, retries=0, report=lambda message: None, **endpoints)
    previous = {iri: old, other_iri: other_old}
    assert same_graph(remote_graph(oxigraph["query"], first), graphs[first])
    assert same_graph(remote_graph(oxigraph["query"], second), previous[second])
