"""Errors of the extraction layer, under the one base class :class:`migkg.errors.MigkgError`."""

from __future__ import annotations

from migkg.errors import EXIT_INPUT, InputError, MigkgError

__all__ = ["InputError", "MigkgError", "ModelError"]


class ModelError(MigkgError):
    """The spaCy pipeline asked for is not installed (nothing is ever downloaded)."""

    exit_code = EXIT_INPUT
