"""Errors of the extraction layer, under the one base class :class:`migkg.errors.MigkgError`."""

from __future__ import annotations

from migkg.errors import EXIT_INPUT, InputError, MigkgError

__all__ = ["AlignmentError", "InputError", "MigkgError", "ModelError"]


class ModelError(MigkgError):
    """The spaCy pipeline asked for is not installed (nothing is ever downloaded)."""

    exit_code = EXIT_INPUT


class AlignmentError(MigkgError):
    """An alignment cannot be made: an unknown method, facts of another document, a missing model."""

    exit_code = EXIT_INPUT
