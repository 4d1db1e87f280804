"""What the build's worker processes start with: imported once by the forkserver of a
``--jobs N`` build, before it forks any worker.

It loads the default spaCy pipeline (and the shipped lexicon), wordfreq's English list and
the compiled SHACL shapes, so that every worker forked from the server starts with them in
memory (shared with the server, copy-on-write) instead of importing and loading them again:
one load per build, not one per worker, and the workers start at once. A build with
another model or a user lexicon loads that in each worker, as before. Nothing here may
fail a build: a worker without these loads them itself.

The server ends when the build does (it reads the end of the build's pipe); it then ends at
once, without the interpreter's teardown of all it loaded (0.3 s, during which it would still
hold the build's standard output and error open for whoever reads them).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import warnings

_SERVER = os.getpid()


def _end_at_once() -> None:
    if os.getpid() == _SERVER:  # not a worker forked from the server (they end with os._exit)
        os._exit(0)


atexit.register(_end_at_once)

with contextlib.suppress(Exception), warnings.catch_warnings():
    warnings.simplefilter("ignore")  # e.g. "no trained pipeline": the worker warns itself
    from migkg.extract.nlp import load_pipeline
    from migkg.extract.repair import zipf
    from migkg.graph.validate import preload_shapes
    from migkg.pipeline import build_document  # noqa: F401 - the workers' code, imported once

    load_pipeline()
    zipf("migration")
    preload_shapes()
