"""migkg: a knowledge graph of UN policy documents.

``migkg.build`` and ``migkg.query`` are the API for notebooks (:mod:`migkg.api`); the
``migkg`` command (:mod:`migkg.cli`) is a thin layer over the same functions. The layers:
:mod:`migkg.extract` (text -> typed document and facts, no RDF), :mod:`migkg.graph`
(document and facts -> RDF; validation, SPARQL, export, network) and the application
(:mod:`migkg.pipeline`, :mod:`migkg.api`, :mod:`migkg.cli`), which joins them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from migkg.errors import InputError, MigkgError

if TYPE_CHECKING:
    from migkg.api import build, query
    from migkg.pipeline import DocumentResult

__all__ = ["DocumentResult", "InputError", "MigkgError", "build", "query"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `import migkg.extract...` must not load rdflib and spaCy
    # through the package root, and `import migkg` stays fast.
    if name in ("build", "query"):
        from migkg import api

        return getattr(api, name)
    if name == "DocumentResult":
        from migkg.pipeline import DocumentResult

        return DocumentResult
    raise AttributeError(f"module 'migkg' has no attribute {name!r}")
