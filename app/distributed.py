"""Per-document builds on a Dask distributed cluster (``migkg build --scheduler tcp://HOST:8786``).

Install the extra (``pip install 'migkg[dask]'``) where the build runs and on every worker,
with the same migkg and spaCy pipeline. The workers read the inputs at the paths given (a
shared file system) and send back each document's bytes; the files are written by the
process that runs the build, so the result is the bytes a local build writes.
"""

from __future__ import annotations

from typing import Any

from migkg.errors import InputError
from migkg.graph.errors import RemoteError

CONNECT_TIMEOUT = "10s"


def dask_client(address: str) -> Any:
    """A client of the scheduler at ``address``; one error line if Dask is not installed or
    the scheduler does not answer."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler", "needs Dask: pip install 'migkg[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise RemoteError(address, f"cannot reach the Dask scheduler: {' '.join(str(err).split())}") from None
