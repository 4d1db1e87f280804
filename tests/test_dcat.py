"""The dataset description: DCAT-AP 3.0.0 (official shapes + recommended properties), the
distributions against the files they describe, VoID against the graph, byte stability."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, SH, VOID, XSD

from migkg.graph import dcat, export
from migkg.graph.iris import IRIs

ROOT = Path(__file__).resolve().parent.parent
DCAT_AP = ROOT.parent / "shared" / "reference" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
RECOMMENDED = Path(__file__).parent / "data" / "dcat-ap-3-recommended.ttl"
PUBLISH = "https://data.example.org/migkg/"
ENDPOINT = "https://data.example.org/sparql"


@pytest.fixture(scope="module")
def official_shapes():
    if not DCAT_AP.exists():
        pytest.skip(f"official DCAT-AP 3.0.0 shapes not found at {DCAT_AP}")
    return Graph().parse(DCAT_AP)


@pytest.fixture(scope="module")
def published(tmp_path_factory, seed_graph):
    """The tiny document and the seed report exported in every format, with their
    description (built once for the module: the tests only read it)."""
    from conftest import make_tiny_document

    from migkg.graph.build import build_graph

    tmp_path = tmp_path_factory.mktemp("published")
    graphs = [build_graph(make_tiny_document(), IRIs()), seed_graph]
    docs = {export.document_iri(g): g for g in graphs}
    files = []
    for iri, graph in docs.items():
        stem = str(graph.value(iri, DCTERMS.identifier))
        files += export.export(graph, tmp_path, stem, export.FORMATS)
    written = dcat.write_description(
        docs, files, tmp_path, ["ttl", "jsonld", "nt", "trig"], publish_url=PUBLISH, sparql_endpoint=ENDPOINT
    )
    description = Graph().parse(tmp_path / "dataset.ttl")
    return docs, files, written, description


def conforms(data: Graph, shapes: Graph, inference: str = "rdfs") -> tuple[bool, Graph]:
    # Portal validators use RDFS inference as background knowledge (see SOURCE.txt).
    ok, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference=inference, do_owl_imports=False)
    return ok, report


@pytest.mark.parametrize("inference", ["rdfs", "none"])
def test_conforms_to_official_dcat_ap_shapes(published, official_shapes, inference):
    ok, report = conforms(published[3], official_shapes, inference)
    assert ok, report.serialize(format="turtle")


def test_breaking_a_mandatory_property_is_caught(published, official_shapes):
    broken = Graph() + published[3]
    distribution = next(broken.subjects(RDF.type, DCAT.Distribution))
    broken.remove((distribution, DCAT.accessURL, None))
    broken.remove((next(broken.subjects(RDF.type, DCAT.Dataset)), DCTERMS.title, None))
    ok, report = conforms(broken, official_shapes)
    paths = set(report.objects(None, SH.resultPath))
    assert not ok and {DCAT.accessURL, DCTERMS.title} <= paths


def test_has_every_recommended_property(published):
    ok, report = conforms(published[3], Graph().parse(RECOMMENDED))
    assert ok, report.serialize(format="turtle")
    broken = Graph() + published[3]
    broken.remove((None, DCAT.theme, None))
    ok, report = conforms(broken, Graph().parse(RECOMMENDED))
    assert not ok and set(report.objects(None, SH.resultPath)) == {DCAT.theme}


def test_one_distribution_per_file_with_size_checksum_and_urls(published):
    docs, files, _, g = published
    dataset = IRIs().dataset()
    distributions = set(g.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(files) == 4 * len(docs)
    for path in files:
        data = path.read_bytes()
        d = IRIs().distribution(path.name)
        assert d in distributions
        assert g.value(d, DCAT.byteSize) == Literal(len(data), datatype=XSD.nonNegativeInteger)
        checksum = g.value(d, URIRef("http://spdx.org/rdf/terms#checksum"))
        value = g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))
        assert str(value) == hashlib.sha256(data).hexdigest() and value.datatype == XSD.hexBinary
        assert g.value(d, DCAT.downloadURL) == g.value(d, DCAT.accessURL) == URIRef(PUBLISH + path.name)
        fmt = next(f for f in export.FORMATS.values() if f.suffix == path.suffix)
        assert g.value(d, DCAT.mediaType) == URIRef(f"http://www.iana.org/assignments/media-types/{fmt.media_type}")
        assert g.value(d, DCTERMS.format) == URIRef(
            f"http://publications.europa.eu/resource/authority/file-type/{fmt.eu_file_type}"
        )


def test_void_statistics_match_the_graph(published):
    docs, _, _, g = published
    dataset = IRIs().dataset()
    union = Graph()
    for graph in docs.values():
        union += graph
    assert int(g.value(dataset, VOID.triples)) == len(union)
    assert int(g.value(dataset, VOID.classes)) == len(set(union.objects(None, RDF.type)))
    assert int(g.value(dataset, VOID.properties)) == len(set(union.predicates()))
    assert int(g.value(dataset, VOID.entities)) == len({s for s in union.subjects() if isinstance(s, URIRef)})
    assert set(g.objects(dataset, VOID.exampleResource)) == set(docs)
    assert g.value(dataset, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    assert URIRef("https://w3id.org/migkg/ontology#") in set(g.objects(dataset, VOID.vocabulary))
    paragraphs = next(
        p
        for p in g.objects(dataset, VOID.classPartition)
        if g.value(p, VOID["class"]) == URIRef("https://w3id.org/migkg/ontology#Paragraph")
    )
    assert int(g.value(paragraphs, VOID.entities)) == len(
        set(union.subjects(RDF.type, URIRef("https://w3id.org/migkg/ontology#Paragraph")))
    )


def test_dates_and_provenance_come_from_the_documents(published):
    docs, _, _, g = published
    dataset = IRIs().dataset()
    dates = sorted(str(d) for doc, graph in docs.items() for d in graph.objects(doc, DCTERMS.date))
    assert str(g.value(dataset, DCTERMS.issued)) == dates[0]
    assert str(g.value(dataset, DCTERMS.modified)) == dates[-1]
    period = g.value(dataset, DCTERMS.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == (dates[0], dates[-1])
    pages = {p for doc, graph in docs.items() for p in graph.objects(doc, FOAF.page)}
    assert set(g.objects(dataset, PROV.wasDerivedFrom)) == pages
    activity = g.value(dataset, PROV.wasGeneratedBy)
    software = g.value(activity, PROV.wasAssociatedWith)
    assert str(g.value(software, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == (
        f"migkg {dcat.software_version()}"
    )
    assert (g.value(dataset, DCTERMS.language)) == URIRef(
        "http://publications.europa.eu/resource/authority/language/ENG"
    )


def test_fixed_values_come_from_the_data_file(published):
    g = published[3]
    dataset = IRIs().dataset()
    fixed = dcat.fixed_values()
    for p in (DCAT.theme, DCAT.keyword, DCTERMS.publisher, DCAT.contactPoint, DCTERMS.license, DCTERMS.spatial):
        assert set(g.objects(dataset, p)) == set(fixed.objects(dcat.DATASET_TEMPLATE, p)), p
    themes = {str(t) for t in g.objects(dataset, DCAT.theme)}
    assert "http://publications.europa.eu/resource/authority/data-theme/SOCI" in themes
    assert "http://publications.europa.eu/resource/authority/data-theme/GOVE" in themes


def test_every_export_format_is_described_in_the_data_file():
    fixed = dcat.fixed_values()
    for fmt in export.FORMATS.values():
        assert (dcat.EU_FILE_TYPE[fmt.eu_file_type], RDF.type, DCTERMS.MediaTypeOrExtent) in fixed
        assert (dcat.IANA_MEDIA_TYPE[fmt.media_type], RDF.type, DCTERMS.MediaType) in fixed


def test_description_is_byte_stable(published, tmp_path):
    docs, files, written, _ = published
    before = {p.name: p.read_bytes() for p in written}
    copies = []
    for path in files:  # neither the clock nor file times may leak into the description
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        os.utime(copy, (0, 0))
        copies.append(copy)
    again = dcat.write_description(
        docs, copies, tmp_path, ["ttl", "jsonld", "nt"], publish_url=PUBLISH, sparql_endpoint=ENDPOINT
    )
    assert {p.name: p.read_bytes() for p in again} == before


def test_description_written_in_the_single_graph_formats(published):
    written = published[2]
    assert [p.name for p in written] == ["dataset.ttl", "dataset.jsonld", "dataset.nt"]
    formats = {
        ".ttl": pyoxigraph.RdfFormat.TURTLE,
        ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
        ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    }
    sizes = {len(list(pyoxigraph.parse(p.read_bytes(), format=formats[p.suffix]))) for p in written}
    assert sizes == {len(published[3])}


def test_the_endpoint_is_a_data_service(published):
    g = published[3]
    [service] = list(g.subjects(DCAT.servesDataset, IRIs().dataset()))
    assert (service, RDF.type, DCAT.DataService) in g
    assert g.value(service, DCAT.endpointURL) == URIRef(ENDPOINT)
    assert g.value(service, DCTERMS.title) is not None


def test_without_an_endpoint_there_is_none(published):
    docs, files, _, _ = published
    g = dcat.describe(docs, files, publish_url=PUBLISH)
    assert g.value(IRIs().dataset(), VOID.sparqlEndpoint) is None
    assert not list(g.subjects(RDF.type, DCAT.DataService))
    assert (URIRef("https://www.w3.org/TR/sparql11-protocol/"), None, None) not in g


@pytest.mark.parametrize("url", ["ftp://x/", "data/", "https://x/?a=1", "https://x/#f"])
def test_publish_url_must_be_absolute_http(url):
    with pytest.raises(ValueError, match="publish URL"):
        dcat.check_publish_url(url)


def test_publish_url_gets_a_final_slash():
    assert dcat.check_publish_url("https://x.org/data") == "https://x.org/data/"
