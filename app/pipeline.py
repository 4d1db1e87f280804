"""Orchestration: documents in, files out (parse -> extract -> RDF -> export -> description).

This is the one place that joins the layers: :mod:`migkg.extract` turns text into a typed
:class:`~migkg.extract.model.Document` and its facts, :mod:`migkg.graph` turns those into
RDF and writes it. The CLI (:mod:`migkg.cli`) and the notebook API (:mod:`migkg.api`) both
call :func:`build_documents`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from migkg.errors import InputError, InternalError, MigkgError
from migkg.extract.model import Document
from migkg.extract.structure import parse_file
from migkg.graph import dcat, export, safety
from migkg.graph.build import build_graph
from migkg.graph.iris import IRIs
from migkg.graph.validate import ValidationResult, validate_graph

SEEDS_DIR = "seeds"
DOCUMENT_SUFFIX = ".txt"
PDF_SUFFIX = ".pdf"


@dataclass
class DocumentResult:
    """What building one input gave: its id, counts, warnings, graph and files, or the error."""

    source: Path
    doc_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # the parser's, e.g. a text without numbered paragraphs
    graph: Graph | None = None
    files: list[Path] = field(default_factory=list)  # written (none when building in memory)
    model: str | None = None  # the spaCy pipeline the extraction ran with (None: no extraction)
    text: str | None = None  # a PDF input: the text read from it (the source of every offset)
    text_file: Path | None = None  # ... and where it was written (out/<doc_id>.txt)
    validation: ValidationResult | None = None  # the graph against the project's shapes
    error: MigkgError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which outputs, with which extraction (defaults as the CLI's)."""

    iris: IRIs = field(default_factory=IRIs)
    formats: tuple[export.Format | str, ...] = export.DEFAULT_FORMATS
    extract: bool = True
    model: str | None = None  # spaCy pipeline name; None: the installed trained pipeline
    lexicon: Path | None = None  # a directory of user lexicon files added to the shipped ones
    validate: bool = True  # check each graph against the shapes before it is written


def discover_inputs(inputs: Sequence[str | os.PathLike[str]], cwd: Path | None = None) -> list[Path]:
    """The documents to build: the given files (a directory stands for its ``*.txt`` and
    ``*.pdf`` files), or with none given every ``seeds/*.txt`` of ``cwd`` (non-recursive)."""
    if not inputs:
        seeds = cwd / SEEDS_DIR if cwd else Path(SEEDS_DIR)
        found = _documents_in(seeds, pdf=False) if seeds.is_dir() else []
        if not found:
            raise InputError(seeds, f"no input given and no *{DOCUMENT_SUFFIX} documents found here")
        return found
    paths: list[Path] = []
    for given in map(Path, inputs):
        if given.is_dir():
            found = _documents_in(given)
            if not found:
                raise InputError(given, f"directory holds no *{DOCUMENT_SUFFIX} or *{PDF_SUFFIX} documents")
            paths.extend(found)
        else:
            paths.append(given)  # the parser reports a missing or unreadable file
    return paths


def _documents_in(directory: Path, pdf: bool = True) -> list[Path]:
    """The directory's ``*.txt`` files and the ``*.pdf`` files without a ``.txt`` of the
    same name beside them (a text extraction next to its PDF is the text to read)."""
    texts = [p for p in directory.glob(f"*{DOCUMENT_SUFFIX}") if p.is_file()]
    pdfs = [p for p in directory.glob(f"*{PDF_SUFFIX}") if p.is_file()] if pdf else []
    stems = {p.stem for p in texts}
    return sorted([*texts, *(p for p in pdfs if p.stem not in stems)])


def build_documents(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: Path | None,
    options: BuildOptions,
    cwd: Path | None = None,
) -> Iterator[DocumentResult]:
    """Parse, extract, build and validate every input (default: ``seeds/*.txt``); with
    ``out_dir`` write ``out_dir/<doc_id>.<ext>`` atomically, without it keep the graphs in
    memory. A graph that does not conform to the shapes is still written (to be inspected)
    and its ``validation`` says what is wrong.

    An input that fails yields a result with its error and writes nothing; the others are
    still built. An unexpected exception is an :class:`InternalError` naming the input.
    """
    if options.extract and options.lexicon is not None:
        from migkg.extract.lexicon import load_lexicon

        load_lexicon(options.lexicon)  # a malformed user lexicon is one error, before any document
    built_from: dict[str, Path] = {}
    for path in discover_inputs(inputs, cwd):
        result = DocumentResult(path)
        try:
            _build_one(result, out_dir, options, built_from)
        except MigkgError as err:
            result.error = err
        except Exception as err:  # a bug in extraction or serialisation still names the file
            result.error = InternalError(path, err)
        yield result


def _build_one(
    result: DocumentResult, out_dir: Path | None, options: BuildOptions, built_from: dict[str, Path]
) -> None:
    path = result.source
    document, result.text = read_document(path)
    if document.doc_id in built_from:
        raise InputError(path, f"document id {document.doc_id} was already built from {built_from[document.doc_id]}")
    facts = None
    if options.extract:
        from migkg.extract.extraction import extract_facts, fact_counts, model_description

        # a PDF input's source text is the text read from it, not a file beside the PDF
        facts = extract_facts(document, source=result.text, model=options.model, lexicon=options.lexicon)
        result.model = model_description(facts.run)
    graph = build_graph(document, options.iris, facts)
    result.doc_id = document.doc_id
    result.warnings = document.warnings
    result.counts = structure_counts(document)
    if facts is not None:
        result.counts |= fact_counts(facts)
    result.counts["triples"] = len(graph)
    result.graph = graph
    if options.validate:
        result.validation = validate_graph(graph)
        result.warnings += tuple(finding.describe() for finding in result.validation.findings(SH.Warning))
    if out_dir is not None:
        result.files = export.export(graph, out_dir, document.doc_id, options.formats)
        if result.text is not None:  # the text read from a PDF: what every offset points into
            text_file = Path(out_dir) / document.source_path
            export.write_atomic(text_file, result.text.encode("utf-8"))
            result.text_file = text_file
    built_from[document.doc_id] = path


def read_document(path: Path) -> tuple[Document, str | None]:
    """The structure parser on one text or PDF file (and, for a PDF, the text read from it);
    any failure becomes an error naming the file."""
    try:
        if path.suffix.lower() == PDF_SUFFIX:
            from migkg.extract.pdf import parse_pdf  # pypdfium2 is loaded only for PDFs

            document, pdf = parse_pdf(path)
            return document, pdf.text
        safety.check_document(path)
        return parse_file(path), None
    except MigkgError:
        raise
    except Exception as err:  # a parser bug must still name the file, not dump a traceback
        raise InternalError(path, err) from err


def structure_counts(document: Document) -> dict[str, int]:
    """What the parser found; kinds of unnumbered blocks a document lacks are left out."""
    numbered = [p for p in document.paragraphs if p.label is not None]  # "20", and "115.1"
    counts = {
        "sections": len(document.sections),
        "subsections": sum(len(s.subsections) for s in document.sections),
        "paragraphs": len(numbered),
        "blocks": len(document.paragraphs) - len(numbered),
        "summary blocks": len(document.summary),
        "preamble blocks": len(document.preamble),
        "points": sum(len(p.points) for p in (*document.summary, *document.preamble, *document.paragraphs)),
        "footnotes": len(document.footnotes),
        "repairs": len(document.repairs),
    }
    optional = ("blocks", "summary blocks", "preamble blocks")
    return {kind: n for kind, n in counts.items() if n or kind not in optional}


def describe_dataset(
    built: Sequence[DocumentResult],
    out_dir: Path,
    iris: IRIs,
    formats: Sequence[export.Format | str],
    publish_url: str = dcat.DEFAULT_PUBLISH_URL,
    sparql_endpoint: str | None = None,
) -> list[Path]:
    """OUT/dataset.* (DCAT-AP 3 / VoID) for the documents just built, read back from the
    files written, so that it describes exactly what a portal downloads."""
    from migkg.graph.export import document_iri
    from migkg.graph.io import load_graph

    graphs = {}
    for result in built:
        graph = load_graph(result.files[:1])
        graphs[document_iri(graph)] = graph
    files = [path for result in built for path in result.files]
    return dcat.write_description(
        graphs, files, out_dir, formats, iris=iris, publish_url=publish_url, sparql_endpoint=sparql_endpoint
    )
