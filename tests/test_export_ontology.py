"""Ontology metadata, a label and a comment on every term, and the pyLODE documentation."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from migkg.cli import main
from migkg.errors import MigkgError
from migkg.graph.iris import MIGO

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
TERM_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def declared_terms() -> list[tuple[str, URIRef, Graph]]:
    terms = []
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph = Graph().parse(path)
        for term_type in TERM_TYPES:
            terms += [(path.name, t, graph) for t in graph.subjects(RDF.type, term_type) if isinstance(t, URIRef)]
    return terms


def test_terms_are_found():
    names = {(f, t) for f, t, _ in declared_terms()}
    assert ("migkg.ttl", MIGO.Paragraph) in names and ("migkg.ttl", MIGO.citedBy) in names


@pytest.mark.parametrize(
    "file,term,graph", declared_terms(), ids=lambda v: str(v).split("#")[-1] if isinstance(v, URIRef) else None
)
def test_every_term_has_a_label_and_a_comment(file, term, graph):
    for prop in (RDFS.label, RDFS.comment):
        values = list(graph.objects(term, prop))
        assert values, f"{file}: {term} lacks {prop}"
        assert all(str(v).strip() for v in values)
        assert any(getattr(v, "language", None) == "en" for v in values), f"{term}: no English {prop}"


def test_ontology_metadata():
    graph = Graph().parse(ONTOLOGY_DIR / "migkg.ttl")
    [ontology] = list(graph.subjects(RDF.type, OWL.Ontology))
    version_iri = graph.value(ontology, OWL.versionIRI)
    assert version_iri is not None and str(version_iri).startswith(str(ontology))
    assert str(graph.value(ontology, OWL.versionInfo)) in str(version_iri)
    assert graph.value(ontology, DCTERMS.license) is not None
    assert list(graph.objects(ontology, DCTERMS.creator))
    assert graph.value(ontology, RDFS.label) is not None and graph.value(ontology, RDFS.comment) is not None


def test_every_migo_term_the_seed_uses_is_declared(seed_graph):
    ontology = Graph().parse(ONTOLOGY_DIR / "migkg.ttl")
    used = {t for triple in seed_graph for t in triple if isinstance(t, URIRef) and t.startswith(str(MIGO))}
    assert used and not {t for t in used if (t, None, None) not in ontology}


_DOCS_SCRIPT = """
import sys
def refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        raise RuntimeError(f"network access during docs: {args[:2]}")
sys.addaudithook(refuse)
from migkg.graph.export import ontology_html
ontology_html(sys.argv[1])
"""


@pytest.mark.skipif(
    not any(d.metadata["Name"].lower() == "pylode" for d in importlib.metadata.distributions()),
    reason="pyLODE (the docs extra) is not installed",
)
def test_docs_html_is_complete_offline_and_byte_stable(tmp_path):
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"ontology-{seed}.html"
        subprocess.run(
            [sys.executable, "-c", _DOCS_SCRIPT, str(out)],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    html = outputs[0].decode("utf-8")
    ontology = Graph().parse(ONTOLOGY_DIR / "migkg.ttl")
    for term in (MIGO.Paragraph, MIGO.Footnote, MIGO.citesFootnote):
        assert str(ontology.value(term, RDFS.comment)) in html


def test_docs_command_without_pylode_is_one_clear_line(tmp_path, monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    result = CliRunner().invoke(main, ["docs", "--out", str(tmp_path / "o.html")])
    assert result.exit_code == MigkgError.exit_code
    assert result.output.strip().splitlines() == [
        "Error: pyLODE is not installed; install the docs extra: pip install 'migkg[docs]'"
    ]
    assert not (tmp_path / "o.html").exists()
