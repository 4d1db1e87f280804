"""Export formats: round trips, byte stability across hash seeds, atomic writes, second parsers."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from migkg.graph import export
from migkg.graph.iris import MIGO, PREFIXES, IRIs

IRI = IRIs()

# Language tags, datatypes, non-ASCII (accents, CJK, typographic quotes, a newline), a blank
# node shared by two subjects (so it needs a label), and an ordered rdf:List.
SAMPLE_TTL = """
@prefix migo: <https://w3id.org/migkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/migkg/id/doc/X-1> a migo:Document ;
    dcterms:title "Making migration work for all"@en, "Faire en sorte que les migrations profitent à tous"@fr ;
    dcterms:date "2017-12-12"^^xsd:date ;
    migo:pages 20 ;
    rdfs:comment "“quoted” – dash, 移民, line\\nbreak, tab\\t, backslash \\\\ ."@en ;
    migo:ordered ( 3 1 2 ) ;
    dcterms:relation _:shared .
<https://w3id.org/migkg/id/doc/X-1/para_1> a migo:Paragraph ;
    migo:number 1 ; migo:text "Migrants’ rights"@en-gb ; dcterms:relation _:shared .
_:shared rdfs:label "shared node" ; rdfs:seeAlso [ rdfs:label "nested"@en ] .
"""


def sample_graph() -> Graph:
    return Graph().parse(data=SAMPLE_TTL, format="turtle")


def second_document() -> Graph:
    g = Graph()
    doc = IRI.document("A-RES-71-1")
    g.add((doc, RDF.type, MIGO.Document))
    g.add((doc, RDFS.label, Literal("New York Declaration", lang="en")))
    g.add((doc, MIGO.pages, Literal(24, datatype=XSD.positiveInteger)))
    g.add((doc, RDFS.seeAlso, BNode()))
    return g


def documents() -> dict[URIRef, Graph]:
    return {IRI.document("X-1"): sample_graph(), IRI.document("A-RES-71-1"): second_document()}


@pytest.mark.parametrize("name", ["ttl", "nt", "jsonld"])
def test_round_trip_is_isomorphic(name):
    data = export.serialize(sample_graph(), name)
    parsed = Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name])
    assert isomorphic(parsed, sample_graph())
    texts = {str(o) for o in parsed.objects() if isinstance(o, Literal)}
    assert "Faire en sorte que les migrations profitent à tous" in texts
    assert Literal("Migrants’ rights", lang="en-gb") in set(parsed.objects())


def test_union_of_documents_in_single_graph_formats():
    docs = documents()
    union = Graph()
    for g in docs.values():
        union += g
    for name, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        assert isomorphic(Graph().parse(data=export.serialize(docs, name), format=parser), union)


def test_trig_has_one_named_graph_per_document():
    docs = documents()
    ds = Dataset()
    ds.parse(data=export.serialize(docs, "trig"), format="trig")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == set(docs)
    for iri, graph in docs.items():
        assert isomorphic(ds.graph(iri), graph)


def test_single_graph_trig_uses_document_iri():
    ds = Dataset()
    ds.parse(data=export.serialize(sample_graph(), "trig"), format="trig")
    assert {g.identifier for g in ds.graphs() if len(g)} == {IRI.document("X-1")}


@pytest.mark.parametrize("name", list(export.FORMATS))
def test_language_tags_are_written_in_lower_case(name):
    g = Graph()
    doc = IRI.document("X-1")
    g.add((doc, RDF.type, MIGO.Document))
    g.add((doc, RDFS.label, Literal("Colour", lang="en-GB")))
    data = export.serialize(g, name).decode("utf-8")
    assert "en-gb" in data and "en-GB" not in data


def test_document_iri_requires_exactly_one_document():
    with pytest.raises(ValueError, match="found 2"):
        export.document_iri(sample_graph() + second_document())


def test_ntriples_lines_are_sorted_and_unique():
    lines = export.serialize(documents(), "nt").decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert len(lines) == len(sample_graph()) + len(second_document())


def test_jsonld_context_is_inline_and_bundled():
    data = json.loads(export.serialize(sample_graph(), "jsonld"))
    assert data["@context"] == export.jsonld_context()
    assert isinstance(data["@context"], dict)  # never a URL to fetch


def test_blank_node_labels_are_rdfc_and_do_not_depend_on_the_input_labels():
    """The same graph with other blank-node labels gives the same bytes in every format,
    and the labels written are RDFC-1.0's (_:c14n0, _:c14n1, ...)."""
    original = sample_graph()
    fresh: dict = {}
    relabelled = Graph()
    for prefix, namespace in original.namespaces():
        relabelled.bind(prefix, namespace)
    for triple in original:
        relabelled.add(tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple))
    assert {str(b) for b in fresh} != {str(b) for b in fresh.values()}
    for name in ("ttl", "nt", "jsonld", "trig"):
        assert export.serialize(relabelled, name) == export.serialize(original, name), name
    labels = set(re.findall(r"_:(\S+)", export.serialize(original, "nt").decode("utf-8")))
    assert labels == {f"c14n{i}" for i in range(len(fresh))}


def test_bundled_context_matches_prefixes():
    # Regenerate ontology/context.jsonld from graph.iris.PREFIXES when this fails.
    assert export.jsonld_context() == PREFIXES


def test_rdf_list_order_survives_jsonld_sorting():
    g = Graph()
    head = BNode()
    Collection(g, head, [Literal(3), Literal(1), Literal(2)])
    g.add((IRI.document("X-1"), MIGO.ordered, head))
    g.add((IRI.document("X-1"), RDF.type, MIGO.Document))
    parsed = Graph().parse(data=export.serialize(g, "jsonld"), format="json-ld")
    node = parsed.value(IRI.document("X-1"), MIGO.ordered)
    assert [int(v) for v in Collection(parsed, node)] == [3, 1, 2]


_HASH_SCRIPT = """
import hashlib, sys
from rdflib import Graph, URIRef
from migkg.graph import export
g1 = Graph().parse(sys.argv[1], format="turtle")
g2 = Graph().parse(sys.argv[2], format="turtle")
docs = {URIRef(sys.argv[3]): g1, URIRef(sys.argv[4]): g2}
for name in export.FORMATS:
    print(name, hashlib.sha256(export.serialize(docs, name)).hexdigest())
"""


def test_byte_identical_across_hash_seeds(tmp_path):
    docs = documents()
    args = []
    for i, graph in enumerate(docs.values()):
        path = tmp_path / f"g{i}.ttl"
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
        args.append(str(path))
    args += [str(iri) for iri in docs]
    outputs = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        result = subprocess.run(
            [sys.executable, "-c", _HASH_SCRIPT, *args], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1, outputs
    here = {f"{n} {hashlib.sha256(export.serialize(docs, n)).hexdigest()}" for n in export.FORMATS}
    assert set(outputs.pop().splitlines()) == here


def test_export_writes_one_file_per_format(tmp_path):
    paths = export.export(documents(), tmp_path, "migkg", export.parse_formats("ttl,jsonld,nt,trig"))
    assert [p.name for p in paths] == ["migkg.ttl", "migkg.jsonld", "migkg.nt", "migkg.trig"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_failed_write_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "doc.ttl"
    target.write_bytes(b"previous")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(OSError):
        export.write_atomic(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.ttl"]


def test_parse_formats():
    assert [f.name for f in export.parse_formats("nt, TTL,nt")] == ["nt", "ttl"]
    with pytest.raises(ValueError, match="unknown format xml"):
        export.parse_formats("ttl,xml")
    with pytest.raises(ValueError):
        export.parse_formats(" , ")


_OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "trig": pyoxigraph.RdfFormat.TRIG,
}


@pytest.mark.parametrize("name", list(export.FORMATS))
def test_pyoxigraph_parses_every_format(name):
    docs = documents()
    quads = list(pyoxigraph.parse(export.serialize(docs, name), format=_OX_FORMATS[name]))
    assert len(quads) == sum(len(g) for g in docs.values())
    if name == "trig":
        assert {q.graph_name.value for q in quads} == {str(i) for i in docs}


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("name,syntax", [("ttl", "turtle"), ("nt", "ntriples"), ("trig", "trig")])
def test_rapper_parses(tmp_path, name, syntax):
    docs = documents()
    path = tmp_path / f"g.{name}"
    path.write_bytes(export.serialize(docs, name))
    result = subprocess.run(["rapper", "-q", "-i", syntax, "-o", "ntriples", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == sum(len(g) for g in docs.values())


def test_read_documents_from_trig_and_single_document_files(tmp_path):
    docs = documents()
    (tmp_path / "all.trig").write_bytes(export.serialize(docs, "trig"))
    iri = IRI.document("X-1")
    (tmp_path / "X-1.nt").write_bytes(export.serialize(docs[iri], "nt"))
    (tmp_path / "dataset.ttl").write_text("<urn:a> <urn:b> <urn:c> .", encoding="utf-8")
    notes = []
    read = export.read_documents([tmp_path], report=notes.append)
    assert set(read) == set(docs)
    for doc, graph in docs.items():
        assert isomorphic(read[doc], graph)
    assert notes == [  # files are read in name order
        f"skipped <{iri}> in {tmp_path / 'all.trig'}: already read from {tmp_path / 'X-1.nt'}",
        f"skipped {tmp_path / 'dataset.ttl'}: it describes no migo:Document",
    ]


def test_read_documents_reads_one_file_per_name(tmp_path):
    graph = sample_graph()
    paths = export.export(graph, tmp_path, "X-1", export.FORMATS)
    notes = []
    read = export.read_documents(paths, report=notes.append)
    assert isomorphic(read[IRI.document("X-1")], graph) and notes == []


def test_read_documents_refuses_a_file_with_several_documents(tmp_path):
    from migkg.extract.errors import InputError

    path = tmp_path / "both.ttl"
    path.write_bytes(export.serialize(documents(), "ttl"))
    with pytest.raises(InputError, match="holds 2 documents"):
        export.read_documents([path], report=print)


def test_turtle_writer_matches_rdflib_longturtle_without_minting_prefixes(seed_graph):
    """The bound-prefix writer gives rdflib's own longturtle bytes (no ns1: prefixes) while
    skipping its per-path prefix trie (quadratic in the number of paragraphs)."""
    graph = export.canonical(Graph() + seed_graph)
    for prefix, namespace in seed_graph.namespaces():
        graph.bind(prefix, namespace, override=False)
    ours = graph.serialize(format="migkg-longturtle", encoding="utf-8")
    stock = graph.serialize(format="longturtle", encoding="utf-8")
    assert ours == stock
    assert b"PREFIX ns1:" not in ours
    assert b"PREFIX migo:" in ours
