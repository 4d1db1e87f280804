"""Local work never opens a connection: build with every format and the description, local
queries on both engines (also with FROM <url>), and the ontology documentation, under an
audit hook that fails on any socket connection or name lookup."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SCRIPT = r"""
import sys

def refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        raise SystemExit(f"NETWORK: {event} {args[:2]!r}")

sys.addaudithook(refuse)
from migkg.cli import main

def run(*argv):
    try:
        main(list(argv), standalone_mode=False)
    except SystemExit as exit:
        if exit.code not in (0, None):
            raise

run("build", "seeds/A-72-643.txt", "--out", "out", "--format", "ttl,jsonld,nt,trig", "--no-extract")
for engine in ("rdflib", "oxigraph"):
    run("query", "paragraphs", "--data", "out/A-72-643.nt", "--engine", engine, "--format", "csv")
    run("query", "--sparql", "SELECT ?s FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o } LIMIT 1",
        "--data", "out/A-72-643.jsonld", "--engine", engine)
try:
    import pylode  # noqa: F401 - only to know whether the docs extra is there
except Exception:
    pass
else:
    run("docs", "--out", "out/ontology.html")
print("OFFLINE-OK")
"""


def test_local_work_opens_no_connection(tmp_path):
    (tmp_path / "seeds").mkdir()
    for name in ("A-72-643.txt", "A-72-643.json"):
        shutil.copy(ROOT / "seeds" / name, tmp_path / "seeds" / name)
    result = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert "NETWORK" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("OFFLINE-OK")
    assert (tmp_path / "out" / "dataset.ttl").exists()
