"""atheris harness: the query front end on arbitrary strings gives a QueryError or a result
(both local engines, on a small document graph), never another exception.

CI runs it briefly (``.ci/run``); a longer run, e.g. an hour, with a per-input time limit:
    .venv/bin/pip install atheris
    mkdir -p /tmp/corpus-query
    .venv/bin/python tests/fuzz/fuzz_query.py /tmp/corpus-query -max_total_time=3600 -timeout=5
"""

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: the tiny document

# migkg is installed in editable mode, which atheris' import hook does not see: the loaded
# code is instrumented after import instead (atheris.instrument_all below).
import contextlib

from conftest import make_tiny_document  # noqa: E402

from migkg.graph import sparql
from migkg.graph.build import build_graph
from migkg.graph.errors import QueryError
from migkg.graph.iris import IRIs

DATA = build_graph(make_tiny_document(), IRIs())


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        prepared = sparql.prepare(text)
    except QueryError:
        return
    for engine in sparql.ENGINES:
        with contextlib.suppress(QueryError):
            sparql.run_local(prepared, DATA, engine=engine)


if __name__ == "__main__":
    atheris.instrument_all()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
