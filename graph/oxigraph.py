"""The bridge between rdflib and the embedded pyoxigraph: terms in, query answers out.

Data goes in term by term (:func:`to_oxigraph`, one ``bulk_extend``); rows come back term by
term, each distinct term made once, as the terms rdflib's own SPARQL 1.1 JSON results parser
makes from any endpoint's answer (a plain literal without ``xsd:string``, unbound variables
absent); graphs through N-Triples and rdflib's parser. The rows used to go through the JSON
results format, written by pyoxigraph and read by rdflib: the same terms (every named query
compared on the corpus), but at a million triples the round trip cost as much as a third
of a large answer's time (`recommendations`, 8,694 rows: 1.63 s, now 1.09 s).

Why not oxrdflib (0.5.0, the rdflib store plugin backed by pyoxigraph), measured on the seed
graph (12,770 triples, every named query, rdflib 7.6, pyoxigraph 0.5):

- Result terms change. It types every plain literal as ``xsd:string``: rdflib's
  ``Literal("x")`` and ``Literal("x", datatype=XSD.string)`` are different terms, so 20 of
  the 24 named queries (all but those answering IRIs only) would no longer give rdflib's
  rows, ``--format json`` would gain a ``datatype`` key and CONSTRUCT answers would be
  written as ``"x"^^xsd:string``; unbound variables come back bound to ``None`` instead of
  absent. With those two undone the rows are the same as here: language tags, other
  datatypes (Oxigraph's ``xsd:integer`` for derived integer types included) and blank-node
  labels come back alike by both routes.
- Loading is slower: 140-175 ms through rdflib's store API (``Graph +=``, ``Dataset.addN``),
  against 80 ms with one ``bulk_extend`` here.
- Answers are not faster: on the seed, its direct conversion took 36 ms for all named
  queries together, the JSON round trip 38 ms (the conversion here makes each distinct
  term once, which counts on large answers).

So keeping these three functions costs less than correcting oxrdflib's answers would.
"""

from __future__ import annotations

import io

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

OxigraphTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


def to_oxigraph(term: Node) -> OxigraphTerm:
    """The pyoxigraph term equal to an rdflib term (blank nodes keep their labels)."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), language=term.language, datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def to_quad(s: Node, p: Node, o: Node, graph_name: Graph | Node | None = None) -> pyoxigraph.Quad:
    """The pyoxigraph quad of an rdflib triple in graph ``graph_name`` (a Graph, its
    identifier, or None for the default graph)."""
    subject, predicate, name = to_oxigraph(s), to_oxigraph(p), _graph_name(graph_name)
    if isinstance(subject, pyoxigraph.Literal) or not isinstance(predicate, pyoxigraph.NamedNode):
        raise TypeError(f"not an RDF triple: {(s, p, o)!r}")
    return pyoxigraph.Quad(subject, predicate, to_oxigraph(o), name)


def _graph_name(context: Graph | Node | None) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph:
    name = context.identifier if isinstance(context, Graph) else context
    if name is None or name == DATASET_DEFAULT_GRAPH_ID:
        return pyoxigraph.DefaultGraph()
    term = to_oxigraph(name)
    if isinstance(term, pyoxigraph.Literal):
        raise TypeError(f"not a graph name: {name!r}")
    return term


def oxigraph_store(data: Graph) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store holding ``data`` (named graphs kept for a Dataset)."""
    store = pyoxigraph.Store()
    if isinstance(data, Dataset):
        store.bulk_extend(to_quad(s, p, o, g) for s, p, o, g in data.quads((None, None, None, None)))
    else:
        store.bulk_extend(to_quad(s, p, o) for s, p, o in data)
    return store


def oxigraph_result(answer: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples) -> Result:
    """A pyoxigraph answer as an rdflib Result: rows term by term (each distinct term made
    once), the terms rdflib's SPARQL JSON results parser would make; a graph read by
    rdflib's N-Triples parser."""
    if isinstance(answer, pyoxigraph.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, pyoxigraph.QuerySolutions):
        names = [Variable(variable.value) for variable in answer.variables]
        made: dict[object, Identifier] = {}

        def term(value: object) -> Identifier:
            found = made.get(value)
            if found is None:
                found = made[value] = _rdflib_term(value)
            return found

        result = Result("SELECT")
        result.vars = names
        result.bindings = [
            {name: term(value) for name, value in zip(names, solution, strict=True) if value is not None}
            for solution in answer
        ]
        return result
    buffer = io.BytesIO()
    pyoxigraph.serialize(answer, buffer, format=pyoxigraph.RdfFormat.N_TRIPLES)
    buffer.seek(0)
    result = Result("CONSTRUCT")
    result.graph = Graph().parse(source=buffer, format="nt")
    return result


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(value: object) -> Identifier:
    """The rdflib term of a pyoxigraph one, as the SPARQL JSON results format carries it: a
    plain literal without ``xsd:string`` (rdflib's ``Literal("x")``), a language-tagged one
    with its tag, any other with its datatype."""
    if isinstance(value, pyoxigraph.NamedNode):
        return URIRef(value.value)
    if isinstance(value, pyoxigraph.BlankNode):
        return BNode(value.value)
    if isinstance(value, pyoxigraph.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        datatype = value.datatype.value
        return Literal(value.value) if datatype == _XSD_STRING else Literal(value.value, datatype=URIRef(datatype))
    raise TypeError(f"an answer holds a term rdflib has no kind for: {value}")
