"""The one base class of every error migkg reports, and the exit-code contract.

This module is a leaf: every layer (``migkg.extract``, ``migkg.graph``, the application)
imports it and nothing else of migkg, so each layer raises its own errors, defined where
they are raised, under one base class. The CLI prints ``Error: <message>`` (one line) and
exits with the error's code.
"""

from __future__ import annotations

import os
import pickle

# The exit-code contract of every command (and of `migkg build` per input).
EXIT_OK = 0
EXIT_INVALID = 1  # the data does not conform to the SHACL shapes
EXIT_INPUT = 2  # unusable input: a file, option, query, lexicon or model that cannot be used
EXIT_REMOTE = 3  # a remote endpoint failed: refused, timed out, HTTP error, malformed answer
EXIT_BUG = 70  # an unexpected error, i.e. a bug in migkg (EX_SOFTWARE)


class MigkgError(Exception):
    """Base class of every error migkg reports to a user (one line, no traceback)."""

    exit_code = EXIT_INPUT


class InputError(MigkgError):
    """A file cannot be used: missing, unreadable, empty, binary, too large, malformed."""

    exit_code = EXIT_INPUT

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:  # from a parallel build's worker
        return (type(self), (self.path, self.problem))


class InternalError(MigkgError):
    """An unexpected exception while handling one input: a bug, reported with the input's name."""

    exit_code = EXIT_BUG

    def __init__(self, path: str | os.PathLike[str], error: BaseException) -> None:
        self.path = str(path)
        self.error = error
        super().__init__(f"{self.path}: internal error: {type(error).__name__}: {' '.join(str(error).split())}")

    def __reduce__(self) -> tuple[object, tuple[str, BaseException | None, str]]:
        # From a parallel build's worker: the message as it was, the exception if it pickles.
        try:
            error = pickle.loads(pickle.dumps(self.error))
        except Exception:
            error = None
        return (_internal_error, (self.path, error, str(self)))


def _internal_error(path: str, error: BaseException | None, message: str) -> InternalError:
    err = InternalError.__new__(InternalError)
    MigkgError.__init__(err, message)
    err.path = path
    err.error = error if error is not None else RuntimeError(message)
    return err
