"""Bounded remote calls, seen from outside (issue 6, item 3): the ``migkg`` process itself
exits within the timeout (+10 %) when the endpoint hangs or trickles bytes, not only the
library call (an abandoned attempt must not keep the interpreter alive at exit)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from test_remote import bad_server  # noqa: F401 - fixture: the misbehaving endpoint

_QUERY = ["-c", "from migkg.cli import main; main()", "query", "--sparql", "ASK { ?s ?p ?o }"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["hang", "slow"])
def test_query_process_exits_within_the_timeout(bad_server, mode):  # noqa: F811
    server, base = bad_server
    # The interpreter's own start-up (imports) is measured first and not counted.
    started = time.monotonic()
    subprocess.run([sys.executable, *_QUERY, "--data", "/nonexistent.ttl"], capture_output=True, timeout=60)
    startup = time.monotonic() - started
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, *_QUERY, "--endpoint", f"{base}/{mode}", "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started - startup
    assert result.returncode == 3, result.stderr
    assert f"{base}/{mode}" in result.stderr and "timed out" in result.stderr
    assert elapsed <= 2 * 1.1 + 0.5, elapsed  # +10 %, plus scheduling slack on a shared machine
