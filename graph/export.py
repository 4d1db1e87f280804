"""Serialise document graphs to Turtle, JSON-LD, N-Triples and TriG, byte-stable and atomically.

Portals diff releases, so the same graph must give the same bytes on every run, machine and
``PYTHONHASHSEED``: blank nodes get canonical labels (RDFC-1.0, the W3C's RDF Dataset
Canonicalization, computed by Oxigraph in a few milliseconds where rdflib's
``to_canonical_graph`` took a fifth of a second for the dataset description), Turtle is
rdflib's ``longturtle`` (sorted subjects and predicates), N-Triples lines are sorted
(rdflib's own order follows the hash seed, RDFLib/rdflib#3545), TriG quads are sorted
and written by pyoxigraph, and JSON-LD nodes and values are sorted after compaction.

JSON-LD uses the bundled context ``ontology/context.jsonld`` (the prefixes of
:data:`migkg.graph.iris.PREFIXES`), written inline into each file so that nobody who reads
it ever has to fetch a remote context.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.longturtle import LongTurtleSerializer
from rdflib.term import Node

from migkg.graph.errors import DocsError, InputError
from migkg.graph.io import RDF_FORMATS, load_graph, rdf_files
from migkg.graph.iris import MIGO, PREFIXES
from migkg.graph.oxigraph import to_oxigraph, to_quad


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its CLI name, file suffix, rdflib serializer, IANA media type and
    the EU file-type authority code (http://publications.europa.eu/resource/authority/file-type/)."""

    name: str
    suffix: str
    serializer: str
    media_type: str
    eu_file_type: str
    label: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ttl", ".ttl", "migkg-longturtle", "text/turtle", "RDF_TURTLE", "Turtle"),
        Format("jsonld", ".jsonld", "json-ld", "application/ld+json", "JSON_LD", "JSON-LD"),
        Format("nt", ".nt", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
        Format("trig", ".trig", "trig", "application/trig", "RDF_TRIG", "TriG"),
    )
}
DEFAULT_FORMATS = ("ttl",)


class BoundPrefixLongTurtle(LongTurtleSerializer):
    """rdflib's ``longturtle`` that only uses the prefixes bound on the graph.

    The stock serializer mints a prefix for every new IRI path it meets (``…/para_59/``)
    and then scans all of them for each IRI: writing grows with the square of the number
    of paragraphs (8,000 statements took 30 s). Unminted IRIs are written in full, as the
    stock serializer ends up writing them anyway.
    """

    def get_pname(self, uri, gen_prefix=True):
        # rdflib's own lookup files every IRI path in a trie it scans linearly: skip it for
        # IRIs under no bound namespace (they have no prefixed name anyway). An IRI's name
        # is looked up once (it is asked for twice per use, in the preprocessing and the
        # writing passes): the first lookup also records its prefix as used.
        names = self.__dict__.setdefault("_pnames", {})
        if uri in names:
            return names[uri]
        bound = getattr(self, "_bound_namespaces", None)
        if bound is None:
            bound = self._bound_namespaces = tuple(str(ns) for _, ns in self.store.namespaces())
        if not isinstance(uri, URIRef) or not str.startswith(uri, bound):
            name = None
        else:
            name = super().get_pname(uri, gen_prefix=False)
        names[uri] = name
        return name


register("migkg-longturtle", Serializer, __name__, "BoundPrefixLongTurtle")


def parse_formats(spec: str) -> tuple[Format, ...]:
    """``"ttl,jsonld"`` -> the formats, in the order given, without duplicates."""
    names = [n.strip().lower() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format {', '.join(unknown) or repr(spec)}; choose from {', '.join(FORMATS)}")
    return tuple(FORMATS[n] for n in dict.fromkeys(names))


@cache
def jsonld_context() -> dict[str, str]:
    """The bundled JSON-LD context (prefix -> namespace)."""
    text = files("migkg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def canonical(graph: Graph) -> Graph:
    """``graph`` with canonical blank-node labels, lower-case language tags, decimals in
    canonical form and the project's prefixes bound.

    A graph that already is all that (a document graph as the build makes it: no blank
    node, its terms in canonical form, the project's prefixes) is returned as it is: the
    copy would cost a tenth of a second on the seed report for the same bytes.
    """
    out = Graph(bind_namespaces="core")
    for prefix, namespace in sorted(PREFIXES.items()):
        out.bind(prefix, namespace, override=True, replace=True)
    for prefix, namespace in graph.namespaces():
        if prefix and prefix not in PREFIXES and str(namespace) not in PREFIXES.values():
            out.bind(prefix, namespace, override=False)
    has_bnodes = fix = False
    for s, _, o in graph:
        has_bnodes = has_bnodes or isinstance(s, BNode) or isinstance(o, BNode)
        fix = fix or (isinstance(o, Literal) and _canonical_literal(o) is not o)
    if not has_bnodes and not fix and set(out.namespaces()) == set(graph.namespaces()):
        return graph
    for s, p, o in _relabelled(graph) if has_bnodes else graph:
        out.add((s, p, _canonical_literal(o) if isinstance(o, Literal) else o))
    return out


def _canonical_literal(o: Literal) -> Literal:
    if o.language and o.language != o.language.lower():
        # Tags are case-insensitive (RDF 1.1); pyoxigraph and RDF 1.2 write them in lower
        # case, so every format does, and a round trip through any of them is stable.
        return Literal(str(o), lang=o.language.lower())
    if o.datatype == XSD.decimal and "." not in str(o):
        # Turtle writes the decimal "3" as 3.0, which reads back as a different term:
        # use the canonical form with a fraction digit in every format.
        return Literal(f"{o}.0", datatype=XSD.decimal)
    return o


def _relabelled(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph``, blank nodes labelled by RDFC-1.0 (Oxigraph's
    implementation). Only the triples that hold a blank node bear on its label; the other
    terms come back as the very rdflib terms they were."""
    plain: list[tuple[Node, Node, Node]] = []
    quads = []
    originals: dict[object, Node] = {}
    for triple in graph:
        if not any(isinstance(term, BNode) for term in triple):
            plain.append(triple)
            continue
        quads.append(to_quad(*triple))
        originals.update((to_oxigraph(term), term) for term in triple if not isinstance(term, BNode))
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)

    def back(term: object) -> Node:
        return BNode(term.value) if isinstance(term, pyoxigraph.BlankNode) else originals[term]

    return plain + [(back(q.subject), back(q.predicate), back(q.object)) for q in dataset]


def _sorted_jsonld(node: object) -> object:
    """Sort JSON-LD node lists and value arrays; ``@list`` keeps its order (it is data)."""
    if isinstance(node, dict):
        return {
            key: (
                [_sorted_jsonld(v) for v in value]
                if key == "@list" and isinstance(value, list)
                else _sorted_jsonld(value)
            )
            for key, value in sorted(node.items())
        }
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def serialize(graphs: Mapping[URIRef, Graph] | Graph, fmt: Format | str) -> bytes:
    """Serialise document graphs (document IRI -> graph) or one graph to ``fmt``.

    TriG keeps one named graph per document (graph IRI = document IRI; a single graph must
    describe one ``migo:Document``); the other formats hold the union. Returns UTF-8 bytes
    ending in a newline.
    """
    fmt = FORMATS[fmt] if isinstance(fmt, str) else fmt
    if fmt.name == "trig":
        return _trig({document_iri(graphs): graphs} if isinstance(graphs, Graph) else graphs)
    return _serialize_canonical(canonical_union(graphs), fmt)


def canonical_union(graphs: Mapping[URIRef, Graph] | Graph) -> Graph:
    """The union of ``graphs`` (their prefixes too) as :func:`canonical` makes it: what every
    single-graph format writes."""
    if isinstance(graphs, Graph) and type(graphs) is Graph:
        # One graph is its own union (the same triples and prefixes): no copy to make.
        return canonical(graphs)
    union = Graph(bind_namespaces="none")
    for graph in [graphs] if isinstance(graphs, Graph) else graphs.values():
        union += graph
        for prefix, namespace in graph.namespaces():
            union.bind(prefix, namespace, override=False)
    return canonical(union)


def serialize_all(graph: Graph, formats: Iterable[Format | str]) -> tuple[Graph, dict[Format, bytes]]:
    """``graph`` in each of ``formats`` (the bytes :func:`serialize` gives), canonicalised
    once for them all; also the canonical graph that the bytes hold. TriG needs a graph of
    one document."""
    written = canonical_union(graph)
    data = {}
    for fmt in formats:
        fmt = FORMATS[fmt] if isinstance(fmt, str) else fmt
        data[fmt] = _trig({document_iri(graph): graph}) if fmt.name == "trig" else _serialize_canonical(written, fmt)
    return written, data


def _serialize_canonical(graph: Graph, fmt: Format) -> bytes:
    if fmt.name == "nt":
        lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").splitlines()))
        return b"".join(line + b"\n" for line in lines if line.strip())
    if fmt.name == "jsonld":
        context = jsonld_context()
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        data = _sorted_jsonld(data)
        # rdflib wraps the compacted nodes in {"@context": ..., "@graph": ...} whenever a
        # context is given, and _sorted_jsonld keeps a dict a dict
        assert isinstance(data, dict)
        data["@context"] = context
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return _ending_newline(graph.serialize(format=fmt.serializer, encoding="utf-8"))


def _trig(graphs: Mapping[URIRef, Graph]) -> bytes:
    # rdflib's TriG writer orders named graphs by store order (hash-seed dependent), so the
    # quads are sorted here and written by pyoxigraph, which keeps the order it is given.
    quads: list[pyoxigraph.Quad] = []
    for iri in sorted(graphs):
        # Canonical labels restart in every graph; TriG labels are document-wide, so each
        # graph's labels get a prefix derived from its IRI to keep them apart.
        prefix = "g" + hashlib.sha256(str(iri).encode("utf-8")).hexdigest()[:8]
        for s, p, o in canonical(graphs[iri]):
            s, o = (BNode(prefix + t) if isinstance(t, BNode) else t for t in (s, o))
            quads.append(to_quad(s, p, o, iri))
    quads.sort(
        key=lambda q: (
            str(q.graph_name),
            isinstance(q.subject, pyoxigraph.BlankNode),
            str(q.subject),
            str(q.predicate),
            str(q.object),
        )
    )
    data = pyoxigraph.serialize(
        quads,
        format=pyoxigraph.RdfFormat.TRIG,
        prefixes=dict(sorted(PREFIXES.items())),
    )
    assert data is not None  # without an output, pyoxigraph returns the bytes
    return _ending_newline(data)


def _ending_newline(data: bytes) -> bytes:
    return data.rstrip(b"\n") + b"\n"


def document_iri(graph: Graph) -> URIRef:
    """The IRI of the one ``migo:Document`` a document graph describes."""
    documents = sorted(s for s in graph.subjects(RDF.type, MIGO.Document) if isinstance(s, URIRef))
    if len(documents) != 1:
        raise ValueError(f"expected one migo:Document in the graph, found {len(documents)}")
    return documents[0]


# When a build wrote a document in several formats, one file is read: N-Triples parses fastest.
_READ_PREFERENCE = (".nt", ".ttl", ".trig", ".jsonld")


def read_documents(paths: Sequence[str | os.PathLike], report: Callable[[str], None]) -> dict[URIRef, Graph]:
    """Each document's graph from the files the build wrote (files or directories).

    A file holds one document (``migo:Document``) or, in TriG, one named graph per document.
    Of the files that share a name (``A-72-643.ttl``, ``A-72-643.nt``, ...) one is read, and
    a document met again in another file is skipped with a note: merging two parses would
    duplicate its blank nodes. Files without a document (``dataset.ttl``) are skipped too.
    """
    by_stem: dict[str, list[Path]] = {}
    for path in rdf_files(paths):
        by_stem.setdefault(str(path.with_suffix("")), []).append(path)
    chosen = sorted(min(group, key=lambda p: _READ_PREFERENCE.index(p.suffix)) for group in by_stem.values())
    documents: dict[URIRef, Graph] = {}
    read_from: dict[URIRef, Path] = {}
    for path in chosen:
        try:
            if RDF_FORMATS[path.suffix] == "trig":
                dataset = Dataset()
                dataset.parse(path, format="trig")
                parts = [(g.identifier, g) for g in dataset.graphs() if len(g) and isinstance(g.identifier, URIRef)]
                parts = [(iri, g) for iri, g in parts if (iri, RDF.type, MIGO.Document) in g]
            else:
                graph = load_graph([path])
                found = list(graph.subjects(RDF.type, MIGO.Document))
                if len(found) > 1:
                    raise InputError(path, f"holds {len(found)} documents; give per-document files or TriG")
                # A blank-node document cannot key the result (nor name a graph or a file):
                # it is skipped, as TriG graphs with a blank-node name are above.
                parts = [(found[0], graph)] if found and isinstance(found[0], URIRef) else []
        except InputError:
            raise
        except Exception as error:  # rdflib's parsers raise many unrelated exception types
            raise InputError(path, f"cannot load: {' '.join(str(error).split())}") from None
        if not parts:
            report(f"skipped {path}: it describes no migo:Document")
        for iri, graph in parts:
            if iri in documents:
                report(f"skipped <{iri}> in {path}: already read from {read_from[iri]}")
                continue
            documents[iri] = Graph() + graph
            read_from[iri] = path
    if not documents:
        raise InputError(", ".join(map(str, paths)), "holds no document graphs (migo:Document)")
    return documents


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and
    ``os.replace``: a reader sees the old file or the new one, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A run killed between mkstemp and os.replace leaves its temporary file; the next write
    # of the same file removes it (mkstemp's random part: 8 characters of [a-z0-9_]).
    for stale in path.parent.glob(f".{glob.escape(path.name)}.{'[a-z0-9_]' * 8}.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file for its owner only; published files get the usual mode.
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode ``path`` has, or the mode a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def export(
    graphs: Mapping[URIRef, Graph] | Graph,
    out_dir: Path,
    stem: str,
    formats: Iterable[Format | str] = DEFAULT_FORMATS,
) -> list[Path]:
    """Write ``out_dir/stem.<suffix>`` for every format; returns the paths written."""
    written = []
    for fmt in formats:
        fmt = FORMATS[fmt] if isinstance(fmt, str) else fmt
        path = Path(out_dir) / f"{stem}{fmt.suffix}"
        write_atomic(path, serialize(graphs, fmt))
        written.append(path)
    return written


def ontology_html(out: Path) -> Path:
    """Write the HTML documentation of the migkg ontology (pyLODE's OntPub) to ``out``."""
    ont_pub = _pylode_ontpub()
    ontology = Graph().parse(
        data=files("migkg.ontology").joinpath("migkg.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    html = ont_pub(ontology=ontology).make_html()
    write_atomic(Path(out), _ending_newline(html.encode("utf-8")))
    return Path(out)


def _pylode_ontpub():
    """pyLODE's OntPub class, imported without its side effects.

    pyLODE 3.4.1 (the last release for Python 3.11) reads its version from a pyproject.toml
    that is not installed (RDFLib/pyLODE#260, fixed in 3.6 for Python >= 3.12): its version
    module is provided from the package metadata instead. It also configures the root logger
    at import; the previous logging configuration is restored.
    """
    import logging
    import sys
    import types
    from importlib.metadata import PackageNotFoundError, version

    try:
        pylode_version = version("pylode")
    except PackageNotFoundError:
        raise DocsError("pyLODE is not installed; install the docs extra: pip install 'migkg[docs]'") from None
    fixed = tuple(int(part) for part in pylode_version.split(".")[:2] if part.isdigit()) >= (3, 6)
    if not fixed and "pylode.version" not in sys.modules:
        shim = types.ModuleType("pylode.version")
        shim.__dict__["__version__"] = pylode_version  # typeshed's ModuleType declares no such attribute
        sys.modules["pylode.version"] = shim
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
    return OntPub
