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
from migkg.extract.facts import Alignment, Facts
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
    document: Document | None = None  # what the parser read (kept for the alignment step)
    facts: Facts | None = None  # what the extraction found (None: --no-extract)

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
    result.document, result.facts = document, facts
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
    alignments: Sequence[AlignmentResult] = (),
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
    aligned = {}
    for alignment in alignments:
        aligned[iris.alignment_run(alignment.source_doc, alignment.target_doc)] = load_graph(alignment.files[:1])
        files.extend(alignment.files)
    return dcat.write_description(
        graphs,
        files,
        out_dir,
        formats,
        iris=iris,
        publish_url=publish_url,
        sparql_endpoint=sparql_endpoint,
        alignments=aligned,
    )


# --- alignment ----------------------------------------------------------------------------

ALIGN_DIR = "align"  # out/align/<SOURCE>--<TARGET>.<ext>: one graph per aligned pair


@dataclass
class AlignmentResult:
    """What aligning SOURCE with TARGET gave: the alignment, its graph, files and validation."""

    source_doc: str
    target_doc: str
    alignment: Alignment
    graph: Graph
    files: list[Path] = field(default_factory=list)
    validation: ValidationResult | None = None

    @property
    def stem(self) -> str:
        return f"{self.source_doc}--{self.target_doc}"

    @property
    def conforms(self) -> bool:
        return self.validation is None or self.validation.conforms

    def taken_up(self) -> int:
        """How many sources have a link at or above the threshold."""
        return len(
            {(lk.source_paragraph, lk.statement) for lk in self.alignment.links if lk.score >= self.alignment.threshold}
        )


def read_and_extract(path: Path, options: BuildOptions) -> tuple[Document, Facts, str | None]:
    """Parse and extract one document (for ``migkg align`` given files or ids)."""
    from migkg.extract.extraction import extract_facts

    document, text = read_document(path)
    facts = extract_facts(document, source=text, model=options.model, lexicon=options.lexicon)
    return document, facts, text


def resolve_document(given: str, cwd: Path | None = None) -> Path:
    """A document given as a file, or by its id (``A-72-643``) or symbol (``A/72/643``) as a
    text (or PDF) in ``seeds/``."""
    path = Path(given)
    if path.is_file():
        return path
    seeds = (cwd or Path.cwd()) / SEEDS_DIR
    stem = given.replace("/", "-")
    for suffix in (DOCUMENT_SUFFIX, PDF_SUFFIX):
        if (seeds / f"{stem}{suffix}").is_file():
            return seeds / f"{stem}{suffix}"
    raise InputError(path, f"no such file, nor a document {stem} in {seeds}")


def numbered_parts(document: Document) -> int:
    """How many parts of ``document`` number themselves ("Objective 5: ...")."""
    return sum(1 for s in document.sections for sub in s.subsections if sub.letter is not None and sub.letter.isdigit())


def alignment_pairs(documents: Sequence[tuple[Document, Facts]]) -> list[tuple[int, int]]:
    """(source, target) indexes of the documents to align: for each document whose sidecar
    says it ``follows`` another of ``documents``, the pair, with the framework (the one with
    more numbered parts: the Compact's 23 objectives) as the target; on a tie, the follower
    is the target (it took the other up). The Compact follows the report: report -> Compact;
    the Progress Declaration follows the Compact: Declaration -> Compact."""
    by_symbol = {d.metadata.symbol: i for i, (d, _) in enumerate(documents) if d.metadata.symbol}
    pairs = []
    for i, (document, _) in enumerate(documents):
        followed = by_symbol.get(document.metadata.follows or "")
        if followed is None or followed == i:
            continue
        if numbered_parts(documents[followed][0]) > numbered_parts(document):
            pairs.append((i, followed))
        else:
            pairs.append((followed, i))
    return sorted(pairs, key=lambda p: (documents[p[0]][0].doc_id, documents[p[1]][0].doc_id))


def followed_in_out(
    built: Sequence[DocumentResult], out_dir: Path, options: BuildOptions
) -> list[tuple[Document, Facts, str | None]]:
    """The documents that the ``built`` ones follow but that were built before (their graph
    is in ``out_dir``): read again from the source file the graph names (``migo:sourceFile``,
    beside the follower or in ``seeds/``) when its SHA-256 is the one the graph records."""
    from rdflib import Literal

    from migkg.extract.refs import symbol_slug
    from migkg.graph.io import load_graph
    from migkg.graph.iris import MIGO

    have = {r.document.metadata.symbol for r in built if r.document is not None}
    found: list[tuple[Document, Facts, str | None]] = []
    for result in built:
        follows = result.document.metadata.follows if result.document is not None else None
        if not follows or follows in have:
            continue
        graph_file = Path(out_dir) / f"{symbol_slug(follows)}.ttl"
        if not graph_file.is_file():
            continue
        graph = load_graph([graph_file])
        for context, name in graph.subject_objects(MIGO.sourceFile):
            digest = graph.value(context, MIGO.sha256)
            for folder in (result.source.parent, Path(SEEDS_DIR)):
                path = folder / str(name)
                if path.is_file() and digest == Literal(_sha256(path)):
                    found.append(read_and_extract(path, options))
                    have.add(follows)
                    break
            if follows in have:
                break
    return found


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def align_documents(
    source: tuple[Document, Facts, str | None],
    target: tuple[Document, str | None],
    out_dir: Path | None,
    options: BuildOptions,
    method: str | None = None,
) -> AlignmentResult:
    """Align ``source`` (document, facts, its text if read from a PDF) with ``target``; with
    ``out_dir`` write ``out_dir/align/<SOURCE>--<TARGET>.<ext>`` atomically (TriG: one named
    graph, the run's IRI)."""
    from migkg.extract.align import DEFAULT_METHOD, align
    from migkg.graph.alignment import alignment_graph
    from migkg.graph.dcat import software_version

    document, facts, source_text = source
    target_document, target_text = target
    alignment = align(
        document,
        facts,
        target_document,
        method=method or DEFAULT_METHOD,
        source_text=source_text,
        target_text=target_text,
        software_version=software_version(),
    )
    graph = alignment_graph(alignment, options.iris)
    result = AlignmentResult(document.doc_id, target_document.doc_id, alignment, graph)
    if options.validate:
        result.validation = validate_graph(graph)
    if out_dir is not None:
        named = {options.iris.alignment_run(result.source_doc, result.target_doc): graph}
        result.files = export.export(named, Path(out_dir) / ALIGN_DIR, result.stem, options.formats)
    return result
