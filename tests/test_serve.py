"""`migkg serve`: Oxigraph's server over the store, answering as the local store does, stopped
cleanly by Ctrl-C; and one-line errors for a taken port, no store, no oxigraph program."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store import tiny_out  # noqa: F401 - fixture reused

from migkg.cli import main
from migkg.graph import server
from migkg.graph.query import list_queries

MIGKG = Path(sys.executable).with_name("migkg")


@pytest.fixture
def runner():
    return CliRunner()


def needs_oxigraph():
    try:
        server.oxigraph_binary()
    except server.ServeError:
        pytest.skip("the oxigraph server program (pip install oxigraph) is not installed")


def start_serve(data: Path, *extra: str) -> tuple[subprocess.Popen[str], str, str]:
    """`migkg serve --port 0` as a user runs it; returns the process, query page, endpoint.
    Started with SIGINT ignored, as a background job of a shell without job control starts
    (a CI runner's): Ctrl-C must stop it all the same."""
    process = subprocess.Popen(
        [str(MIGKG), "serve", "--data", str(data), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert process.stdout is not None
    page = process.stdout.readline().strip()
    endpoint = process.stdout.readline().strip()
    if not page.startswith("SPARQL query page: "):
        process.kill()
        pytest.fail(f"migkg serve did not start: {page} {process.communicate()[1][:500]}")
    return process, page.split(": ", 1)[1], endpoint.split(": ", 1)[1].split(" ", 1)[0]


@pytest.mark.server
def test_serve_answers_every_named_query_as_the_local_store_and_stops_on_ctrl_c(runner, tiny_out):
    needs_oxigraph()
    process, page, endpoint = start_serve(tiny_out)
    try:
        assert page.startswith("http://127.0.0.1:") and endpoint == f"{page}query"
        with urllib.request.urlopen(page, timeout=10) as answer:  # the query page (YASGUI)
            assert b"<title>Oxigraph server</title>" in answer.read()
        for named in list_queries():
            there = runner.invoke(main, ["query", named.name, "--endpoint", endpoint, "--format", "tsv"])
            here = runner.invoke(main, ["query", named.name, "--data", str(tiny_out), "--format", "tsv"])
            assert there.exit_code == 0, there.output
            assert there.stdout == here.stdout, named.name
        # the union default graph: a query without GRAPH sees every document
        union = runner.invoke(
            main, ["query", "sections", "--endpoint", endpoint, "--default-graph", "endpoint", "--format", "tsv"]
        )
        assert union.exit_code == 0 and "A-99-1\t" in union.stdout and "A-99-2\t" in union.stdout
        # read-only: an update is refused by the server
        refused = runner.invoke(main, ["query", "--sparql", "DROP ALL", "--allow-update", "--endpoint", endpoint])
        assert refused.exit_code == 3
        snapshots = [p for p in tiny_out.iterdir() if p.name.startswith(".store-serve-")]
        assert len(snapshots) == 1
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.strip().endswith("server stopped")
    assert not [p for p in tiny_out.iterdir() if p.name.startswith(".store-serve-")]
    port = int(page.rstrip("/").rsplit(":", 1)[1])
    with pytest.raises(urllib.error.URLError):  # the oxigraph process is gone with it
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.mark.server
def test_a_build_goes_on_while_the_server_answers_from_its_snapshot(runner, tiny_out, tmp_path):
    needs_oxigraph()
    process, _, endpoint = start_serve(tiny_out)
    try:
        (tiny_out / "A-99-2.ttl").unlink()
        loaded = runner.invoke(main, ["store", "load", "--data", str(tiny_out)])
        assert loaded.exit_code == 0 and "1 dropped" in loaded.stdout
        there = runner.invoke(main, ["query", "sections", "--endpoint", endpoint, "--format", "tsv"])
        assert "A-99-2" in there.stdout  # the snapshot of when it started
    finally:
        process.terminate()  # SIGTERM stops it as cleanly
        process.communicate(timeout=30)
    assert process.returncode == 0


@pytest.mark.server
def test_a_taken_port_is_one_clear_error(runner, tiny_out):
    needs_oxigraph()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--data", str(tiny_out), "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: port {port} on 127.0.0.1 is taken; choose another with --port\n"
    assert not [p for p in tiny_out.iterdir() if p.name.startswith(".store-serve-")]


def test_no_oxigraph_program_is_one_clear_error(runner, tiny_out, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(main, ["serve", "--data", str(tiny_out)])
    assert result.exit_code == 2
    assert result.stderr == "Error: the oxigraph server program is not installed: pip install oxigraph\n"


def test_a_server_that_dies_at_start_is_one_clear_error(runner, tiny_out, tmp_path):
    failing = tmp_path / "oxigraph"
    failing.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    from migkg.graph.store import DocumentStore, store_dir

    with pytest.raises(server.ServeError, match="did not start: Error: something broke"):
        server.start(DocumentStore(store_dir(tiny_out)), port=0, binary=str(failing))
    assert not [p for p in tiny_out.iterdir() if p.name.startswith(".store-serve-")]


def test_stale_snapshots_of_killed_servers_are_removed(tiny_out):
    stale = tiny_out / ".store-serve-deadbeef"
    stale.mkdir()
    (stale / "pid").write_text("999999999\n", encoding="utf-8")
    alive = tiny_out / ".store-serve-alive"
    alive.mkdir()
    (alive / "pid").write_text("1\n", encoding="utf-8")
    server._remove_stale_snapshots(tiny_out)
    assert not stale.exists() and alive.exists()
    shutil.rmtree(alive)
