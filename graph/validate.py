"""SHACL validation of migkg graphs with the shapes in ``ontology/shapes.ttl``.

Inference is off (``inference="none"``): the shapes list their target classes explicitly
and the graph asserts every type it uses, so the shapes check the data exactly as it is
published, as a consumer without a reasoner sees it; RDFS inference would also copy and
grow the data graph for nothing. ``do_owl_imports=False``: validation never reaches the
network. Results of severity ``sh:Warning`` (e.g. a footnote whose marker was not found)
are reported but do not break conformance.

Two engines, one contract (conforms, the report graph, its text):

- ``turbo`` (the default, what ``migkg build`` uses): pyshacl-turbo, pySHACL's API with the
  shapes compiled once per process and every constraint, SHACL-SPARQL included, evaluated
  in Rust. On the seed report (12,477 triples) it validates in 0.13 s where pySHACL took
  1.1 s, a fifth of the whole build.
- ``pyshacl``: pySHACL, the reference. Its core constraints run in Python on rdflib's
  store; its SHACL-SPARQL constraints, which pySHACL evaluates once per focus node (rdflib
  parsing the query text again each time), are answered by an Oxigraph copy of the data
  graph (:class:`_SparqlOnOxigraph`).

``tests/test_shapes.py`` runs every negative case with both engines and requires the same
results (focus node, path, value, shape, component, severity and message); a graph either
engine finds non-conforming is non-conforming for the other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyoxigraph
import pyshacl_turbo
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SH
from rdflib.query import Result

from migkg.graph.oxigraph import oxigraph_result, oxigraph_store, to_oxigraph

SHAPES_PACKAGE = "migkg.ontology"
SHAPES_FILE = "shapes.ttl"
ENGINES = ("turbo", "pyshacl")  # the first is the default


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    report: Graph  # the SHACL validation report graph
    text: str  # pySHACL's human-readable report

    @property
    def exit_code(self) -> int:
        """pySHACL's contract: 0 conforms, 1 does not conform."""
        return 0 if self.conforms else 1

    def violations(self) -> list[dict[str, str]]:
        """One dict per validation result, sorted, with IRIs and literals as strings."""
        rows = []
        for result in self.report.subjects(RDF.type, SH.ValidationResult):
            row = {}
            for key, prop in _RESULT_KEYS.items():
                value = self.report.value(result, prop)
                if value is not None:
                    row[key] = str(value)
            rows.append(row)
        return sorted(rows, key=lambda r: tuple(r.get(k, "") for k in _RESULT_KEYS))

    def findings(self, severity: URIRef = SH.Violation) -> list[Finding]:
        """The results of one severity grouped by shape (the constraint for SPARQL ones):
        each with its count, its message and one example focus node, most frequent first."""
        grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for result in self.report.subjects(RDF.type, SH.ValidationResult):
            if self.report.value(result, SH.resultSeverity) != severity:
                continue
            source = self.report.value(result, SH.sourceConstraint) or self.report.value(result, SH.sourceShape)
            message = self.report.value(result, SH.resultMessage)
            focus = self.report.value(result, SH.focusNode)
            grouped[str(source)].append((str(focus), " ".join(str(message or "").split())))
        findings = []
        for shape, results in grouped.items():
            example, text = min(results)
            findings.append(Finding(shape, len(results), text, example))
        return sorted(findings, key=lambda f: (-f.count, f.shape))

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "results": self.violations()}, indent=2, ensure_ascii=False)


@dataclass(frozen=True)
class Finding:
    """One shape's results in a report: how many, what it says, and one example."""

    shape: str
    count: int
    message: str
    example: str  # a focus node

    def describe(self) -> str:
        name = self.shape.rsplit("#", 1)[-1] if "#" in self.shape else self.shape
        return f"{self.count} x {name}: {self.message} (e.g. <{self.example}>)"


_RESULT_KEYS = {
    "focusNode": SH.focusNode,
    "resultPath": SH.resultPath,
    "value": SH.value,
    "sourceShape": SH.sourceShape,
    "sourceConstraintComponent": SH.sourceConstraintComponent,
    "resultSeverity": SH.resultSeverity,
    "resultMessage": SH.resultMessage,
}


@cache
def _shapes_text() -> str:
    return files(SHAPES_PACKAGE).joinpath(SHAPES_FILE).read_text(encoding="utf-8")


def load_shapes() -> Graph:
    """The project's shapes, read from the installed package (never from the CWD)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


@cache
def _project_shapes() -> Graph:
    # parsed once per process; pySHACL only reads the shapes graph (no inference, no rules)
    return load_shapes()


@cache
def _compiled_project_shapes() -> pyshacl_turbo.CompiledShapes:
    return pyshacl_turbo.compile_shapes(_project_shapes())


def preload_shapes() -> None:
    """Parse and compile the project's shapes now (once per process), not at the first
    validation."""
    _compiled_project_shapes()


_Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple


class _SparqlOnOxigraph(Graph):
    """A data graph as pySHACL sees it: its triples are ``data``'s own store (nothing is
    copied for the core constraints), its SPARQL queries (pySHACL's SHACL-SPARQL
    constraints, ``$this`` pre-bound) run on an Oxigraph copy made at the first query.

    Oxigraph parses each query in microseconds and plans its joins; its answers come back as
    rdflib terms through the SPARQL JSON results format (:func:`oxigraph_result`).
    """

    def __init__(self, data: Graph):
        super().__init__(store=data.store, identifier=data.identifier, namespace_manager=data.namespace_manager)
        self._oxigraph: pyoxigraph.Store | None = None

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,  # noqa: N803 (rdflib's names)
        initBindings=None,  # noqa: N803
        use_store_provided=True,
        **kwargs,
    ) -> Result:
        if not isinstance(query_object, str) or initNs or kwargs:
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        if self._oxigraph is None:
            self._oxigraph = oxigraph_store(self)
        substitutions: dict[pyoxigraph.Variable, _Term] = {
            pyoxigraph.Variable(str(name)): to_oxigraph(term) for name, term in (initBindings or {}).items()
        }
        return oxigraph_result(self._oxigraph.query(query_object, substitutions=substitutions))


def validate_graph(data: Graph, shapes: Graph | None = None, *, engine: str = ENGINES[0]) -> ValidationResult:
    """Validate ``data`` against ``shapes`` (default: the project's shapes) with ``engine``
    (one of :data:`ENGINES`)."""
    if engine == "turbo":
        compiled = _compiled_project_shapes() if shapes is None else pyshacl_turbo.compile_shapes(shapes)
        conforms, report, text = compiled.validate(data, allow_warnings=True)
        return ValidationResult(bool(conforms), report, text)
    if engine != "pyshacl":
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    import pyshacl  # the reference engine, imported when asked for (0.1 s on every build else)

    plain = type(data) is Graph and not isinstance(data, Dataset)
    conforms, report, text = pyshacl.validate(
        _SparqlOnOxigraph(data) if plain else data,
        shacl_graph=shapes if shapes is not None else _project_shapes(),
        inference="none",
        advanced=False,
        do_owl_imports=False,
        allow_warnings=True,  # sh:Warning results are reported but the graph conforms
    )
    return ValidationResult(bool(conforms), report, text)
