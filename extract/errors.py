"""One error base class; every error says what failed and where to look."""

from __future__ import annotations


class MigkgError(Exception):
    """Base class of every error migkg reports to a user (one line, no traceback)."""

    exit_code = 1


class InputError(MigkgError):
    """An input file cannot be used: unreadable, empty, binary, not UTF-8, malformed."""

    exit_code = 2

    def __init__(self, path: str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class QueryError(MigkgError):
    """A SPARQL query cannot be parsed or run; the message names the position of a syntax error."""

    exit_code = 2
