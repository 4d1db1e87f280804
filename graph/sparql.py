"""SPARQL front end: read-only and local by default, safe parameters, two local engines.

Every query is parsed and translated to SPARQL algebra by rdflib before anything runs, and
the algebra (not the text) decides what is allowed: an update (``INSERT``, ``DELETE``,
``LOAD``, ``DROP``, ...) is refused unless ``allow_update``; a ``SERVICE`` clause anywhere
is refused unless ``allow_service`` (rdflib would evaluate it with a plain ``urlopen`` and
no timeout). rdflib's ``SPARQL_LOAD_GRAPHS`` is switched off so that ``FROM <url>`` never
dereferences anything.

Parameters (``--param name=value``) are turned into RDF terms, never pasted into the query:
every engine (rdflib, pyoxigraph, a remote endpoint) gets a trailing ``VALUES`` clause
written from the terms' own serialisation (``Literal.n3()`` escapes quotes and backslashes)
and checked by parsing the result again. rdflib's ``initBindings`` are not used: they fix
a variable before evaluation, so a parameter on an OPTIONAL or BIND variable is copied into
every row instead of selecting rows; pyoxigraph's ``substitutions`` accept only projected
variables.

Both engines return an :class:`rdflib.query.Result`, so the formatters are shared
(pyoxigraph's answers through :mod:`migkg.graph.oxigraph`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph
import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Identifier, _is_valid_uri

from migkg.graph.errors import QueryError
from migkg.graph.iris import PREFIXES
from migkg.graph.oxigraph import oxigraph_result, oxigraph_store
from migkg.graph.query import select_vars

ENGINES = ("rdflib", "oxigraph")

_UPDATE_OPERATIONS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?$', re.DOTALL)
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([\w-]+)$")


@dataclass(frozen=True)
class Prepared:
    """A checked query or update: its text, kind, form and the variables it mentions."""

    text: str
    is_update: bool
    form: str
    variables: frozenset[str]
    prefixes: Mapping[str, str] = field(default_factory=dict)  # declared by the query itself
    trailing_values: bool = False
    # Variables a trailing VALUES clause can bind: in scope at the top level of the query,
    # after its grouping (not those only inside a sub-select, a FILTER or a group's rows).
    bindable: frozenset[str] = frozenset()
    # The query names its own dataset (FROM / FROM NAMED): an endpoint is not given one.
    dataset: bool = False


def _names(algebra: object) -> list[str]:
    seen: list[str] = []

    def visit(node: object) -> None:
        name = getattr(node, "name", None)
        if isinstance(name, str):
            seen.append(name)

    traverse(algebra, visitPre=visit)
    return seen


def _variables(algebra: object) -> frozenset[str]:
    found: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, Variable):
            found.add(str(node))

    traverse(algebra, visitPre=visit)
    return frozenset(found)


def _bindable(node: object, found: set[str]) -> None:
    """Collect the variables a pattern binds in its own scope (see Prepared.bindable)."""
    if isinstance(node, list | tuple):
        for child in node:
            _bindable(child, found)
        return
    if not isinstance(node, CompValue):
        return
    name = node.name
    if name == "Project":  # a sub-select exposes only its projection
        found.update(str(v) for v in node.get("PV") or [])
        return
    if name == "AggregateJoin":  # after grouping only the group keys remain
        group = node.get("p")
        found.update(str(e) for e in (dict.get(group, "expr") or []) if isinstance(e, Variable))
        return
    if name == "BGP":
        found.update(str(t) for triple in node.get("triples") or [] for t in triple if isinstance(t, Variable))
        return
    if name == "Extend":
        found.add(str(node.get("var")))
    elif name == "values":
        found.update(str(v) for v in node.get("var") or [])
    elif name == "Graph" and isinstance(node.get("term"), Variable):
        found.add(str(node.get("term")))
    # Patterns only: expressions, FILTER EXISTS and the right side of MINUS bind nothing.
    for key in ("p", "p1") if name == "Minus" else ("p", "p1", "p2"):
        if key in node:
            _bindable(node[key], found)


def _syntax_error(error: ParseException) -> QueryError:
    # pyparsing's line and column (from 1) of the failure in the text it was given.
    return QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.column}: {error.msg}")


def prepare(text: str, *, allow_update: bool = False, allow_service: bool = False) -> Prepared:
    """Parse ``text`` as a query (or, failing that, an update) and apply the guards.

    The project's prefixes (:data:`PREFIXES`) are predeclared, as for local queries.
    """
    try:
        tree = parseQuery(text)
        query = translateQuery(tree, initNs=PREFIXES)
    except ParseException as query_error:
        try:
            update_tree = parseUpdate(text)
            update = translateUpdate(update_tree, initNs=PREFIXES)
        except ParseException:
            raise _syntax_error(query_error) from None
        except Exception as error:  # rdflib raises bare Exceptions, e.g. for unknown prefixes
            raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
        if not getattr(update, "algebra", None):  # only whitespace and comments: an empty update
            raise QueryError("empty SPARQL query: no query form and no update operation") from None
        operations = [op.name for op in update.algebra]
        if not allow_update:
            names = ", ".join(dict.fromkeys(_UPDATE_OPERATIONS.get(n, n) for n in operations))
            raise QueryError(f"SPARQL update ({names}) refused: queries are read-only unless --allow-update") from None
        if not allow_service and any("ServiceGraphPattern" in _names(op) for op in update.algebra):
            raise QueryError(_SERVICE_REFUSED) from None
        return Prepared(text, True, "Update", _variables(update.algebra), _declared(update_tree.prologue))
    except Exception as error:
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
    if not allow_service and "ServiceGraphPattern" in _names(query.algebra):
        raise QueryError(_SERVICE_REFUSED)
    trailing = isinstance(tree[1].get("valuesClause"), CompValue)
    bindable: set[str] = set()
    top = query.algebra
    if top.name == "SelectQuery":
        bindable.update(str(v) for v in top.get("PV") or [])
    _bindable(top.get("p").get("p") if top.get("p").name == "Project" else top.get("p"), bindable)
    # A trailing VALUES is joined before the SELECT expressions are evaluated: their
    # variables ((COUNT(?x) AS ?n)) cannot be bound (the spec makes it an error), nor can
    # rdflib's internal aggregate names.
    expressions = {str(p["evar"]) for p in tree[1].get("projection") or [] if isinstance(p, CompValue) and "evar" in p}
    bindable = {v for v in bindable if not v.startswith("__") and v not in expressions}
    dataset = bool(dict.get(tree[1], "datasetClause"))  # CompValue.get answers a missing key with its name
    return Prepared(
        text,
        False,
        query.algebra.name,
        _variables(query.algebra),
        _declared(tree[0]),
        trailing,
        frozenset(bindable),
        dataset,
    )


_SERVICE_REFUSED = "SERVICE refused: federated queries reach the network; use --allow-service"


def _declared(prologue: object) -> dict[str, str]:
    """The prefixes a query's own prologue declares."""
    declared: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, CompValue):  # a dict: its keys are not children
            if node.name == "PrefixDecl":
                # dict.get: CompValue.get answers a missing key with the key's own name
                declared[dict.get(node, "prefix") or ""] = str(node["iri"])
        elif isinstance(node, list | ParseResults):
            for child in node:
                walk(child)

    walk(prologue)
    return declared


def text_for_endpoint(prepared: Prepared) -> str:
    """The query text with the project's prefixes the query uses but does not declare
    prepended: a remote endpoint does not know them."""
    missing = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in sorted(PREFIXES.items())
        if p not in prepared.prefixes and re.search(rf"(?<![\w.-]){re.escape(p)}:", prepared.text)
    ]
    return "\n".join([*missing, prepared.text]) if missing else prepared.text


def parse_term(value: str, prefixes: Mapping[str, str] | None = None) -> Identifier:
    """The RDF term a ``--param`` value stands for.

    ``<iri>`` is an IRI, ``prefix:name`` an IRI through the query's (or the project's)
    prefixes, ``42`` / ``4.2`` / ``true`` typed literals, ``"text"@en`` a quoted literal with
    an optional language tag; anything else is a plain string literal, taken verbatim.
    """
    prefixes = {**PREFIXES, **(prefixes or {})}
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not iri or not _is_valid_uri(iri) or re.search(r"\s", iri):
            raise QueryError(f"parameter value {value!r} is not a valid IRI")
        return URIRef(iri)
    if _INTEGER.match(value) or _DECIMAL.match(value):
        return Literal(value, datatype=rdflib.XSD.integer if _INTEGER.match(value) else rdflib.XSD.decimal)
    if value in ("true", "false"):
        return Literal(value == "true")
    quoted = _QUOTED.match(value)
    if quoted:
        text = re.sub(r"\\(.)", r"\1", quoted.group(1))
        return Literal(text, lang=quoted.group(2))
    prefixed = _PREFIXED.match(value)
    if prefixed and (prefixed.group(1) or "") in prefixes:
        return URIRef(prefixes[prefixed.group(1) or ""] + prefixed.group(2))
    return Literal(value)


def parse_params(pairs: Iterable[str], prepared: Prepared) -> dict[str, Identifier]:
    """``["doc=<iri>", "number=20"]`` -> ``{"doc": URIRef, "number": Literal}``.

    A name that is not a variable in the query's top-level scope is an error: a typo, or a
    variable of a sub-select, would otherwise silently return unfiltered rows.
    """
    bindings: dict[str, Identifier] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _VARNAME.match(name):
            raise QueryError(f"parameter {pair!r} must look like name=value")
        if name not in prepared.bindable:
            known = ", ".join(sorted(prepared.bindable)) or "none"
            inner = " (it is used only inside a sub-select, a FILTER or a group)" if name in prepared.variables else ""
            raise QueryError(f"parameter {name!r} is not a variable of the query{inner}; can bind: {known}")
        bindings[name] = parse_term(value, prepared.prefixes)
    return bindings


def with_values(prepared: Prepared, bindings: Mapping[str, Identifier]) -> str:
    """The query text with a trailing ``VALUES`` clause binding ``bindings``.

    Each term is written by rdflib's own N3 serialisation (escaped), and the result is
    parsed again: it must be the same query form with exactly one more ``VALUES`` block.
    """
    if not bindings:
        return prepared.text
    if prepared.is_update:
        raise QueryError("parameters bind query variables; an update takes none")
    if prepared.trailing_values:
        raise QueryError("the query already ends in a VALUES clause; parameters cannot be added")
    names = sorted(bindings)
    for term in bindings.values():
        if isinstance(term, BNode):
            raise QueryError("a blank node cannot be a parameter value")
    row = " ".join(bindings[n].n3() for n in names)
    clause = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    # A newline first, so that a trailing comment in the query cannot swallow the clause.
    text = f"{prepared.text.rstrip()}\n{clause}\n"
    checked = prepare(text, allow_service=True)  # the guard passed on the original already
    if checked.form != prepared.form or checked.variables != prepared.variables:
        raise QueryError("parameters changed the shape of the query; refusing to run it")
    return text


def run_local(
    prepared: Prepared,
    data: Graph,
    bindings: Mapping[str, Identifier] | None = None,
    *,
    engine: str = "rdflib",
    store: pyoxigraph.Store | None = None,
    union: bool = True,
) -> Result:
    """Run a prepared query on local data with rdflib or pyoxigraph.

    ``store`` is a pyoxigraph store already loaded with ``data``
    (:func:`~migkg.graph.oxigraph.oxigraph_store`), so that repeated queries do not pay for
    the copy. ``union``: pyoxigraph reads all its graphs as the default graph (for a
    Dataset's named graphs); ``False`` reads its default graph alone (the embedded store,
    whose default graph is the merge of its graphs).
    """
    if prepared.is_update:
        raise QueryError("updates run only against a remote endpoint")
    bindings = dict(bindings or {})
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    # Parameters travel as a VALUES clause, not as rdflib's initBindings (constants fixed
    # before evaluation: a parameter on an OPTIONAL or BIND variable would be copied into
    # every row instead of selecting rows) nor pyoxigraph's substitutions (projected
    # variables only).
    text = with_values(prepared, bindings)
    try:
        # Both engines evaluate lazily: the answer is read here, so that an evaluation error
        # (a type error, a failing SERVICE call) is reported as one, not later as a traceback.
        if engine == "rdflib":
            # FROM <url> would otherwise fetch the URL (RDFLib/rdflib#810).
            rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
            result = data.query(text, initNs=PREFIXES)
            if result.type == "SELECT":
                result.bindings  # noqa: B018 - materialises the rows
            return result
        store = store if store is not None else oxigraph_store(data)
        return oxigraph_result(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union))
    except QueryError:
        raise
    except SyntaxError as error:
        raise QueryError(f"malformed SPARQL query: {' '.join(str(error).split())}") from None
    except Exception as error:  # noqa: BLE001 - rdflib and pyoxigraph raise many types
        raise QueryError(f"SPARQL evaluation failed: {' '.join(str(error).split())[:300]}") from None


def rows(result: Result) -> list[tuple[Identifier | None, ...]]:
    """SELECT rows as tuples in the result's variable order, sorted; for engine comparisons."""
    table = [tuple(binding.get(v) for v in select_vars(result)) for binding in result.bindings]
    return sorted(table, key=lambda r: tuple("" if t is None else t.n3() for t in r))
