"""``migkg serve``: Oxigraph's own SPARQL server, with its query page, over a build's store.

The server is the ``oxigraph`` program of the ``oxigraph`` package, run as
``oxigraph serve-read-only``: read-only, and a query's default graph is the store's, the
merge of the document graphs, as for ``migkg query`` on the store. (Not
``--union-default-graph``: Oxigraph 0.5 counts a triple shared by several graphs once per
graph there; see :mod:`migkg.graph.store`.)

It reads a snapshot of the store, not the store itself. Oxigraph documents read-only mode
as undefined while another process writes the database, and a build writes the store
whenever it runs; the snapshot (RocksDB's checkpoint: hard links to the store's immutable
files, taken in milliseconds, no extra space) lets builds go on while the server answers
from the store as it was when it started. It lives beside the store
(``OUT/.store-serve-<random>/``) and goes when the server stops.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from migkg.graph.errors import ServeError
from migkg.graph.store import DocumentStore

DEFAULT_HOST = "127.0.0.1"  # this machine only; 0.0.0.0 (or ::) shares the server with the network
DEFAULT_PORT = 7878  # Oxigraph's own default
START_TIMEOUT = 30.0
_SNAPSHOT_PREFIX = ".store-serve-"
# Requests to the server just started never go through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    """A running ``oxigraph serve-read-only``: its process, query page and endpoint."""

    process: subprocess.Popen[bytes]
    page: str  # the query page (YASGUI), for people
    endpoint: str  # the SPARQL 1.1 Protocol endpoint, for programs (migkg query --endpoint)
    snapshot: Path  # the directory holding the snapshot and the server's log
    log: Path


def oxigraph_binary() -> str:
    """The ``oxigraph`` program: beside this Python (a virtual environment's ``bin/``),
    else on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("the oxigraph server program is not installed: pip install oxigraph")
    return found


def start(
    store: DocumentStore, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, binary: str | None = None
) -> Server:
    """Start the server over a snapshot of ``store`` on ``host:port`` (port 0: a free
    port) and return once it answers queries."""
    if not store.exists():
        raise ServeError(f"{store.path}: no store here; run migkg build (or migkg store load) first")
    program = binary or oxigraph_binary()
    port = _free(host, port)
    _remove_stale_snapshots(store.path.parent)
    snapshot = Path(tempfile.mkdtemp(dir=store.path.parent, prefix=_SNAPSHOT_PREFIX))
    try:
        (snapshot / "pid").write_text(f"{os.getpid()}\n", encoding="utf-8")
        store.snapshot(snapshot / "store")
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        log = snapshot / "oxigraph.log"
        command = [program, "serve-read-only", "--location", str(snapshot / "store"), "--bind", address]
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                # Its own session: Ctrl-C reaches migkg, which stops the server itself.
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
    except BaseException:
        shutil.rmtree(snapshot, ignore_errors=True)
        raise
    base = f"http://{address}"
    server = Server(process, f"{base}/", f"{base}/query", snapshot, log)
    try:
        _wait_until_ready(server, host, port)
    except BaseException:
        stop(server)
        raise
    return server


def run_until_stopped(server: Server) -> None:
    """Wait for Ctrl-C (or SIGTERM), then stop the server. The server stopping by itself
    is an error."""

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C is handled here, not left to Python's default: a process started with SIGINT
    # ignored (a shell's background job without job control, and its children) would
    # otherwise never stop on it.
    previous = {sig: signal.signal(sig, terminate) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = server.process.wait()
        raise ServeError(f"the oxigraph server stopped by itself (exit code {code}): {_last_line(server.log)}")
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop(server)


def stop(server: Server) -> None:
    """Terminate the server (killed if it does not stop within 10 s) and remove its snapshot."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    shutil.rmtree(server.snapshot, ignore_errors=True)


def _free(host: str, port: int) -> int:
    """``port`` if nothing listens on it (0: a free port), else a clear error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server will: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is taken; choose another with --port") from None
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        return int(probe.getsockname()[1])


def _wait_until_ready(server: Server, host: str, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        with contextlib.suppress(OSError), _OPENER.open(f"{server.endpoint}?query=ASK%7B%7D", timeout=1) as answer:
            answer.read()
            return
        if server.process.poll() is not None:
            problem = _last_line(server.log)
            if "in use" in problem.lower():
                raise ServeError(f"port {port} on {host} is taken; choose another with --port")
            raise ServeError(f"the oxigraph server did not start: {problem}")
        if time.monotonic() > deadline:
            raise ServeError(f"the oxigraph server did not answer within {START_TIMEOUT:g} s: {_last_line(server.log)}")
        time.sleep(0.1)


def _last_line(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no output"
    return " ".join(lines[-1].split())[:300] if lines else "no output"


def _remove_stale_snapshots(directory: Path) -> None:
    """Snapshots left by a server whose migkg was killed (its pid no longer runs)."""
    for stale in _snapshots(directory):
        try:
            pid = int((stale / "pid").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not _running(pid):
            shutil.rmtree(stale, ignore_errors=True)


def _snapshots(directory: Path) -> Iterator[Path]:
    return (p for p in directory.glob(f"{_SNAPSHOT_PREFIX}*") if p.is_dir())


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when migkg dies, even by SIGKILL (Linux prctl)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
