"""SHACL validation of migkg graphs with pySHACL and the shapes in ``ontology/shapes.ttl``.

Inference is off (``inference="none"``): the shapes list their target classes explicitly
and the graph asserts every type it uses, so the shapes check the data exactly as it is
published, as a consumer without a reasoner sees it; RDFS inference would also copy and
grow the data graph for nothing. ``do_owl_imports=False``: validation never reaches the
network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyshacl
from rdflib import RDF, Graph
from rdflib.namespace import SH

SHAPES_PACKAGE = "migkg.ontology"
SHAPES_FILE = "shapes.ttl"


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

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "results": self.violations()}, indent=2, ensure_ascii=False
        )


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


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate ``data`` against ``shapes`` (default: the project's shapes)."""
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=False,
        do_owl_imports=False,
        allow_warnings=False,
    )
    return ValidationResult(bool(conforms), report, text)

