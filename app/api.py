"""The Python API for notebooks: :func:`build` documents, :func:`query` what was built.

>>> import migkg
>>> docs = migkg.build("seeds/A-72-643.txt")            # in memory: nothing is written
>>> rows = migkg.query("recommendations", docs)        # a named query, rows as dicts
>>> rows[0]["paragraph"]

Both work on one document or many; errors are :class:`migkg.MigkgError` subclasses with a
one-line message naming the file (or the position in a malformed query).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from migkg.errors import MigkgError
from migkg.graph import export, sparql
from migkg.graph import query as named
from migkg.graph.errors import QueryError, StoreError
from migkg.graph.iris import DEFAULT_BASE_IRI, IRIs
from migkg.graph.store import find_store, sync_out_dir
from migkg.pipeline import Build, BuildOptions, DocumentResult

PathLike: TypeAlias = str | os.PathLike[str]
Data: TypeAlias = PathLike | DocumentResult | Graph | Sequence[PathLike | DocumentResult]
Row: TypeAlias = dict[str, Any]

_NAME = re.compile(r"^[A-Za-z][\w-]*$")


def build(
    inputs: PathLike | Sequence[PathLike],
    out: PathLike | None = None,
    *,
    extract: bool = True,
    model: str | None = None,
    lexicon: PathLike | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    formats: Sequence[str] = ("ttl",),
    keep_going: bool = False,
    jobs: int = 1,
    incremental: bool = False,
) -> list[DocumentResult]:
    """Build each input document (a text file, or a directory of ``*.txt``) into RDF.

    Returns one :class:`~migkg.pipeline.DocumentResult` per document: ``doc_id``, ``counts``,
    ``warnings``, the rdflib ``graph`` and the ``files`` written. With ``out=None`` nothing
    is written; with a directory the documents are written there in ``formats`` with the
    dataset description, as ``migkg build --out`` does. ``model`` names a spaCy pipeline
    (``"blank:en"``: rules only), ``lexicon`` a directory of user lexicon files. The first
    input that fails raises its error, unless ``keep_going`` (then it is in ``result.error``).

    ``jobs`` > 1 builds in that many processes (the graphs then stay in them: ``graph`` is
    None); ``incremental`` (with ``out``) skips the documents unchanged since the last build
    into ``out`` (``result.skipped``, no ``graph``), as ``migkg build`` does by default.
    """
    given = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    out_dir = None if out is None else Path(out)
    options = BuildOptions(
        iris=IRIs(base_iri),
        formats=export.parse_formats(",".join(formats)),
        extract=extract,
        model=model,
        lexicon=None if lexicon is None else Path(lexicon),
    )
    run = Build(given, out_dir, options, jobs=jobs, incremental=incremental)
    results = []
    for result in run.results():
        if result.error is not None and not keep_going:
            raise result.error
        results.append(result)
    if out_dir is not None and run.built:
        alignments = run.align()  # OUT/align/: documents that follow one another, as `migkg build` aligns them
        run.describe(alignments=alignments)
        sync_out_dir(out_dir, run.stored_graphs())  # OUT/store/, as `migkg build` keeps it
    return results


def query(
    name_or_sparql: str,
    data: Data,
    params: Mapping[str, object] | None = None,
    *,
    engine: str = "oxigraph",
    store: bool = True,
) -> list[Row] | bool | Graph:
    """Run a named query (see ``migkg query --list``), a ``.rq`` file or SPARQL text on ``data``.

    ``data`` is an RDF file or directory written by ``build``, several of them, a built
    result (or a list of them) or an rdflib graph. A directory with a store (``out/store/``,
    written by ``build``) is queried through the store when it is in step with the files
    (``store=False``: the files; the answers are the same). ``params`` binds query variables to values
    (``{"doc": "<https://...>", "number": 20}``; strings follow ``migkg query --param``).
    A SELECT gives its rows as dicts of plain Python values (IRIs as ``str``, numbers as
    ``int`` / ``Decimal``, dates as ``date``, unbound as ``None``), ready for
    ``pandas.DataFrame(rows)``; an ASK gives a bool; a CONSTRUCT or DESCRIBE an rdflib graph.
    """
    prepared = sparql.prepare(_query_text(name_or_sparql))
    bindings = _bindings(params or {}, prepared)
    result = _run(prepared, data, bindings, engine, store)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph
    columns = list(result.vars or [])
    return [{str(c): python_value(row.get(c)) for c in columns} for row in result.bindings]


def _run(
    prepared: sparql.Prepared, data: Data, bindings: Mapping[str, Identifier], engine: str, use_store: bool
) -> Result:
    if use_store and engine == "oxigraph" and isinstance(data, str | os.PathLike):
        found = find_store([data])
        if found is not None and found.stale() is None:
            try:
                return found.query(prepared, bindings)
            except StoreError:  # being written right now: the files answer the same
                pass
    return sparql.run_local(prepared, _graph(data), bindings, engine=engine)


def _query_text(name_or_sparql: str) -> str:
    if name_or_sparql.endswith(".rq") and "\n" not in name_or_sparql:
        return named.resolve_query(name_or_sparql)
    if _NAME.match(name_or_sparql.strip()):
        return named.named_query(name_or_sparql.strip()).text
    return name_or_sparql


def _bindings(params: Mapping[str, object], prepared: sparql.Prepared) -> dict[str, Identifier]:
    pairs, terms = [], {}
    for name, value in params.items():
        if isinstance(value, Identifier):
            terms[name.lstrip("?$")] = value
            pairs.append(f"{name}=0")  # checked as a name only; the term is kept as given
        elif isinstance(value, str):
            pairs.append(f"{name}={value}")
        elif isinstance(value, bool | int | float | Decimal | date | datetime):
            terms[name.lstrip("?$")] = Literal(value)
            pairs.append(f"{name}=0")
        else:
            raise QueryError(f"parameter {name!r}: cannot bind a {type(value).__name__}")
    bindings = sparql.parse_params(pairs, prepared)
    return {**bindings, **terms}


def _graph(data: Data) -> Graph:
    from migkg.graph.io import load_graph

    if isinstance(data, Graph):
        return data
    items: Iterable[PathLike | DocumentResult] = (
        [data] if isinstance(data, str | os.PathLike | DocumentResult) else data
    )
    graph, paths = Graph(), []
    for item in items:
        if isinstance(item, DocumentResult):
            if item.graph is None:
                raise MigkgError(f"{item.source}: was not built ({item.error})")
            graph += item.graph
        else:
            paths.append(item)
    if paths:
        graph += load_graph(paths)
    return graph


def python_value(term: Identifier | None) -> Any:
    """A result cell as a plain Python value: IRIs and blank nodes as ``str``, literals by
    their datatype (``xsd:integer`` -> ``int``, ``xsd:decimal`` -> ``Decimal``, ...)."""
    if term is None:
        return None
    if isinstance(term, URIRef | BNode):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)
