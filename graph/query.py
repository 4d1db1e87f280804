"""Named queries (``queries/*.rq``) and result formats. Parsing, guarding and running a
query is :mod:`migkg.graph.sparql`'s job.

A named query is a ``.rq`` file shipped in the ``migkg.queries`` package whose first
comment lines form a header::

    # name: paragraphs
    # answers: every numbered paragraph with its section, subsection and text
    # columns: doc, number, section, subsection, text
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import Variable
from rdflib.query import Result, ResultRow

from migkg.graph.errors import QueryError

QUERIES_PACKAGE = "migkg.queries"
FORMATS = ("table", "csv", "tsv", "json")
_HEADER_RE = re.compile(r"^#\s*(name|answers|columns):\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str  # the file's stem; the header's "# name:" repeats it
    answers: str  # what the query answers, in one sentence
    columns: tuple[str, ...]
    text: str  # the SPARQL text, header included


def parse_header(text: str) -> dict[str, str]:
    """The ``# key: value`` fields of the leading comment lines (name, answers, columns)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _HEADER_RE.match(line):
            fields[m.group(1)] = m.group(2)
    return fields


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with migkg, sorted by name.

    The name is the file's stem; a query whose header lacks ``answers`` or ``columns``
    still runs (tests/test_query.py insists on complete headers)."""
    queries = []
    for entry in files(QUERIES_PACKAGE).iterdir():
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            fields = parse_header(text)
            columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
            queries.append(NamedQuery(entry.name[: -len(".rq")], fields.get("answers", ""), columns, text))
    return sorted(queries, key=lambda q: q.name)


def named_query(name: str) -> NamedQuery:
    for query in list_queries():
        if query.name == name:
            return query
    known = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no named query {name!r}; known: {known}")


def resolve_query(name_or_file: str) -> str:
    """The SPARQL text of a named query, or of a ``.rq`` file given by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq":
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"{path}: cannot read query: {err}") from None
    return named_query(name_or_file).text


def cell(value) -> str:
    """A result value as plain text: IRIs and literals by their lexical form, unbound as ''."""
    if value is None:
        return ""
    return str(value)


def select_vars(result: Result) -> list[Variable]:
    """A SELECT result's variables, in projection order.

    rdflib leaves ``Result.vars`` None only for ASK, CONSTRUCT and DESCRIBE results; both
    engines (and :func:`~migkg.graph.oxigraph.oxigraph_result`) set it for SELECT."""
    assert result.vars is not None, f"a {result.type} result has no variables"
    return result.vars


def select_rows(result: Result) -> Iterator[ResultRow]:
    """A SELECT result's rows. Iterating a :class:`Result` yields triples for CONSTRUCT and
    DESCRIBE, a bool for ASK and :class:`ResultRow` only for SELECT."""
    for row in result:
        assert isinstance(row, ResultRow), f"a {result.type} result has no rows"
        yield row


def format_result(result: Result, fmt: str) -> str:
    """Render a SELECT / ASK / CONSTRUCT result as ``table`` (rich), ``csv`` (SPARQL 1.1
    CSV), ``tsv`` (tab-separated plain values) or ``json`` (SPARQL 1.1 JSON results).
    CONSTRUCT and DESCRIBE results are written as Turtle whatever the format."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        # rdflib (and migkg.graph.oxigraph) set Result.graph for every CONSTRUCT/DESCRIBE result
        assert result.graph is not None
        return result.graph.serialize(format="longturtle")
    if fmt == "json":
        return _json(result)
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if fmt == "csv":
        return _serialized(result, "csv").decode("utf-8")
    variables = select_vars(result)
    columns = [str(v) for v in variables]
    rows = [[cell(row[v]) for v in variables] for row in select_rows(result)]
    if fmt == "tsv":
        return _tsv(columns, rows)
    if fmt == "table":
        return _table(columns, rows)
    raise QueryError(f"unknown result format {fmt!r}; choose from {', '.join(FORMATS)}")


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """Plain rows (not a query's answer) as a ``table`` or ``tsv``, as query results are."""
    if fmt == "tsv":
        return _tsv(columns, rows)
    if fmt == "table":
        return _table(columns, rows)
    raise QueryError(f"unknown row format {fmt!r}; choose from table, tsv")


def _json(result: Result) -> str:
    """SPARQL 1.1 JSON results from rdflib's serializer, with the keys of every binding in
    column order so that the bytes never depend on rdflib's internal dict order."""
    data = json.loads(_serialized(result, "json"))
    if "results" in data:
        order = {name: i for i, name in enumerate(data["head"]["vars"])}
        for i, binding in enumerate(data["results"]["bindings"]):
            data["results"]["bindings"][i] = dict(sorted(binding.items(), key=lambda kv: order[kv[0]]))
    ordered = {"head": data["head"], **{k: v for k, v in data.items() if k != "head"}}
    return json.dumps(ordered, ensure_ascii=False) + "\n"


def _serialized(result: Result, fmt: str) -> bytes:
    data = result.serialize(format=fmt)
    assert data is not None  # without a destination, rdflib returns the bytes
    return data


def _tsv(columns: list[str], rows: list[list[str]]) -> str:
    # Tabs and line breaks inside values would break the rows: write them escaped.
    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    return "".join("\t".join(esc(v) for v in row) + "\n" for row in [columns, *rows])


def _table(columns: list[str], rows: list[list[str]]) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*columns, show_lines=False, caption=f"{len(rows)} rows")
    for row in rows:
        table.add_row(*(Text(v) for v in row))  # Text: "[...]" in a value is not markup
    output = io.StringIO()
    console = Console(file=output, width=160, color_system=None, force_terminal=False)
    console.print(table)
    return output.getvalue()
