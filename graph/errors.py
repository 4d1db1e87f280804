"""Errors of the graph layer, under the one base class :class:`migkg.errors.MigkgError`."""

from __future__ import annotations

from migkg.errors import EXIT_INPUT, EXIT_REMOTE, InputError, MigkgError

__all__ = [
    "DocsError",
    "InputError",
    "MigkgError",
    "NetworkError",
    "QueryError",
    "RemoteError",
    "ServeError",
    "StoreBusy",
    "StoreError",
]


class QueryError(MigkgError):
    """A SPARQL query cannot be parsed or run; the message names the position of a syntax error."""

    exit_code = EXIT_INPUT


class RemoteError(MigkgError):
    """A remote endpoint failed: refused, timed out, HTTP error or malformed answer."""

    exit_code = EXIT_REMOTE

    def __init__(self, endpoint: str, problem: str, *, transient: bool = False) -> None:
        self.endpoint = endpoint
        self.problem = problem
        self.transient = transient  # worth retrying, if the request is idempotent
        super().__init__(f"{endpoint}: {problem}")


class NetworkError(MigkgError):
    """The actor network cannot be built or written (bad option, unwritable output)."""

    exit_code = EXIT_INPUT


class DocsError(MigkgError):
    """The ontology documentation cannot be written (pyLODE missing)."""

    exit_code = EXIT_INPUT


class StoreError(MigkgError):
    """The embedded store cannot be used: missing, incomplete, locked by another process."""

    exit_code = EXIT_INPUT

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreBusy(StoreError):
    """Another process is writing the store (or, for a writer, reading it) right now."""


class ServeError(MigkgError):
    """The SPARQL server cannot start: no store, port taken, oxigraph binary missing."""

    exit_code = EXIT_INPUT
