"""Orchestration: documents in, files out (parse -> extract -> RDF -> export -> description).

This is the one place that joins the layers: :mod:`migkg.extract` turns text into a typed
:class:`~migkg.extract.model.Document` and its facts, :mod:`migkg.graph` turns those into
RDF and writes it. The CLI (:mod:`migkg.cli`) and the notebook API (:mod:`migkg.api`) both
run a :class:`Build` (or :func:`build_documents`).

One document is built by :func:`build_document`, in this process or in a worker (a local
process pool with ``jobs > 1``, or a Dask cluster): it returns the bytes of each file and
the document's summary for the dataset description, and this process writes them, in input
order, so that every way of running gives the same files. With a manifest
(:mod:`migkg.manifest`) an incremental build skips the documents that have not changed.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph
from rdflib.namespace import SH

from migkg.errors import InputError, InternalError, MigkgError
from migkg.extract.facts import Alignment, Facts
from migkg.extract.model import Document, Metadata
from migkg.extract.structure import parse_file
from migkg.graph import dcat, export
from migkg.graph.build import build_graph
from migkg.graph.iris import IRIs
from migkg.graph.validate import Finding, ValidationResult, validate_graph

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
    graph: Graph | None = None  # None when not kept (the CLI, a worker) or not rebuilt
    files: list[Path] = field(default_factory=list)  # written (none when building in memory)
    model: str | None = None  # the spaCy pipeline the extraction ran with (None: no extraction)
    text: str | None = None  # a PDF input: the text read from it (the source of every offset)
    text_file: Path | None = None  # ... and where it was written (out/<doc_id>.txt)
    validation: ValidationResult | None = None  # the graph against the shapes (when the graph is kept)
    violations: tuple[Finding, ...] = ()  # the shapes the graph violates, with counts and examples
    valid: bool = True  # the graph conforms to the shapes (or was not validated)
    error: MigkgError | None = None
    skipped: bool = False  # unchanged since the last build into the same directory: not rebuilt
    summary: dcat.DocumentSummary | None = None  # what the dataset description needs of the graph
    described: list[dcat.FileInfo] = field(default_factory=list)  # the RDF files, as the description lists them
    outputs: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes, until written
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of the build
    document: Document | None = None  # what the parser read (kept for the alignment step)
    facts: Facts | None = None  # what the extraction found (None: --no-extract)
    # The graph its files hold and its triples, when they have no blank node: what the store
    # needs to know of them, so that it does not parse them to find out (Build.stored_graphs)
    stored: tuple[str, int] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def conforms(self) -> bool:
        return self.valid


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which outputs, with which extraction (defaults as the CLI's)."""

    iris: IRIs = field(default_factory=IRIs)
    formats: tuple[export.Format | str, ...] = export.DEFAULT_FORMATS
    extract: bool = True
    model: str | None = None  # spaCy pipeline name; None: the installed trained pipeline
    lexicon: Path | None = None  # a directory of user lexicon files added to the shipped ones
    validate: bool = True  # check each graph against the shapes before it is written


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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


SOURCE_NOTE = ".source"  # NAME.source.txt: a provenance note beside the document NAME


def _documents_in(directory: Path, pdf: bool = True) -> list[Path]:
    """The directory's ``*.txt`` files and the ``*.pdf`` files without a ``.txt`` of the
    same name beside them (a text extraction next to its PDF is the text to read). A
    ``NAME.source.txt`` beside ``NAME.txt`` or ``NAME.pdf`` is a note on where NAME came from
    (as in a corpus folder), not a document."""
    texts = [p for p in directory.glob(f"*{DOCUMENT_SUFFIX}") if p.is_file()]
    pdfs = [p for p in directory.glob(f"*{PDF_SUFFIX}") if p.is_file()] if pdf else []
    stems = {p.stem for p in texts}
    documents = {p.stem for p in texts} | {p.stem for p in pdfs}
    texts = [p for p in texts if not (p.stem.endswith(SOURCE_NOTE) and p.stem[: -len(SOURCE_NOTE)] in documents)]
    return sorted([*texts, *(p for p in pdfs if p.stem not in stems)])


# --- one document --------------------------------------------------------------------------

# A Dask worker runs tasks in threads: one extraction at a time per process (the spaCy
# pipeline is built once per process and is not shared between threads).
_EXTRACTION = threading.Lock()


def build_document(
    path: Path, options: BuildOptions, *, serialise: bool = True, keep_graph: bool = True
) -> DocumentResult:
    """Parse, extract, build and validate one input; with ``serialise`` also its files' bytes
    (``result.outputs``, not written here) and its summary for the dataset description.

    Runs in a worker as well as in the main process: it writes nothing. An input that
    fails gives a result with its error; an unexpected exception is an
    :class:`InternalError` naming the input.
    """
    result = DocumentResult(Path(path))
    try:
        _build_one(result, options, serialise, keep_graph)
    except MigkgError as err:
        result.error = err
    except Exception as err:  # a bug in extraction or serialisation still names the file
        result.error = InternalError(path, err)
    if result.error is not None:
        result.outputs, result.graph = {}, None
    return result


def _build_one(result: DocumentResult, options: BuildOptions, serialise: bool, keep_graph: bool) -> None:
    timings = result.timings
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    document, result.text = read_document(result.source)
    lap("parse")
    facts = None
    if options.extract:
        from migkg.extract.extraction import extract_facts, fact_counts, model_description

        with _EXTRACTION:
            # a PDF input's source text is the text read from it, not a file beside the PDF
            facts = extract_facts(document, source=result.text, model=options.model, lexicon=options.lexicon)
        result.model = model_description(facts.run)
        lap("extract")
    graph = build_graph(document, options.iris, facts)
    result.doc_id = document.doc_id
    result.warnings = document.warnings
    result.counts = structure_counts(document)
    if facts is not None:
        result.counts |= fact_counts(facts)
    result.counts["triples"] = len(graph)
    lap("graph")
    if options.validate:
        # In turn, not in a thread beside the serialisation: pyshacl-turbo holds the GIL
        # while it validates, so a thread would only take turns with it.
        validation = validate_graph(graph)
        result.valid = validation.conforms
        result.violations = tuple(validation.findings())
        result.warnings += tuple(finding.describe() for finding in validation.findings(SH.Warning))
        result.validation = validation if keep_graph else None
        lap("validate")
    if serialise:
        written, data = export.serialize_all(graph, options.formats)
        for fmt, content in data.items():
            result.outputs[f"{document.doc_id}{fmt.suffix}"] = content
        result.described = [dcat.FileInfo.of(name, content) for name, content in result.outputs.items()]
        if result.text is not None:  # the text read from a PDF: what every offset points into
            result.outputs[document.source_path] = result.text.encode("utf-8")
        lap("serialise")
        result.summary = dcat.summarize(export.document_iri(written), written)
        if written is graph:  # as built: no blank node to relabel (export.canonical)
            result.stored = (str(export.document_iri(written)), len(written))
        lap("summary")
    result.graph = graph if keep_graph else None
    result.document, result.facts = document, facts


# --- many documents ------------------------------------------------------------------------


class _Pending(Protocol):
    def done(self) -> bool: ...

    def result(self) -> DocumentResult: ...


@dataclass(eq=False)  # hashable, by identity, as futures are
class _Done:
    value: DocumentResult

    def done(self) -> bool:
        return True

    def result(self) -> DocumentResult:
        return self.value


@dataclass
class _BuildPlan:
    """What :meth:`Build.start` decided: the last manifest, the inputs' keys, the inputs
    skipped (with their recorded results) and to build, and the executor, open."""

    previous: Any
    keys: dict[Path, str | None]
    skipped: dict[Path, DocumentResult]
    to_build: list[Path]
    executor: tuple[Callable[[Path], _Pending], int, Callable[[Path], DocumentResult] | None]
    stack: contextlib.ExitStack


class Build:
    """One build of many inputs: which are built, skipped (unchanged) or removed, the
    results in input order, and the dataset description.

    ``jobs`` > 1 builds in that many local processes, ``scheduler`` (``tcp://host:8786``) on
    a Dask cluster; either way the files are written here, in input order, and are the
    bytes a one-process build writes. ``incremental`` skips an input that is unchanged since
    the last build into ``out_dir`` (:mod:`migkg.manifest`); files of inputs that are no
    longer given are removed from ``out_dir`` when the results are exhausted.
    """

    def __init__(
        self,
        inputs: Sequence[str | os.PathLike[str]],
        out_dir: Path | None,
        options: BuildOptions,
        cwd: Path | None = None,
        *,
        jobs: int = 1,
        scheduler: str | None = None,
        incremental: bool = False,
        keep_graphs: bool = True,
    ) -> None:
        if jobs < 1:
            raise InputError("--jobs", f"must be at least 1, not {jobs}")
        if options.extract and options.lexicon is not None:
            from migkg.extract.lexicon import load_lexicon

            load_lexicon(options.lexicon)  # a malformed user lexicon is one error, before any document
        self.paths = discover_inputs(inputs, cwd)
        self.out_dir = None if out_dir is None else Path(out_dir)
        self.options = options
        self.jobs = jobs
        self.scheduler = scheduler
        self.incremental = incremental and self.out_dir is not None
        self.keep_graphs = keep_graphs and scheduler is None and jobs == 1
        self.built: list[DocumentResult] = []  # the inputs built or skipped, without error
        self.removed: list[Path] = []  # files of inputs no longer given, removed from out_dir
        self.removed_alignments: list[Path] = []  # alignments of documents no longer in out_dir
        self.related = _related(self.paths)  # inputs in a "follows" relation (the alignment step)
        self._plan: _BuildPlan | None = None

    def start(self) -> None:
        """Decide which inputs are built and which skipped, and start the workers: forked
        now, before the caller starts any thread of its own (a progress bar), since a fork
        copies threads' locks in whatever state they are. :meth:`results` calls it when the
        caller has not."""
        if self._plan is not None:
            return
        from migkg.manifest import Manifest, input_key, source_key

        out_dir = self.out_dir
        previous = Manifest.load(out_dir) if out_dir is not None else Manifest()
        keys = {path: input_key(path, self.options) for path in self.paths} if out_dir is not None else {}
        to_build = []
        skipped: dict[Path, DocumentResult] = {}
        for path in self.paths:
            entry = previous.entries.get(source_key(path)) if self.incremental else None
            if entry is not None and out_dir is not None and entry.up_to_date(keys.get(path), out_dir):
                skipped[path] = _skipped(path, entry, out_dir)
            else:
                to_build.append(path)
        stack = contextlib.ExitStack()
        executor = stack.enter_context(
            _executor(
                self.jobs,
                self.scheduler,
                len(to_build),
                self.options,
                out_dir is not None,
                self.keep_graphs,
                self.related,
            )
        )
        self._plan = _BuildPlan(previous, keys, skipped, to_build, executor, stack)

    def results(self, done: Callable[[DocumentResult], None] | None = None) -> Iterator[DocumentResult]:
        """Each input's result, in input order (the skipped ones from the manifest); each
        built one is also given to ``done`` as soon as it is built, before its turn comes
        (a progress bar's: in parallel, documents end out of input order)."""
        from migkg.manifest import Manifest

        self.start()
        assert self._plan is not None
        plan = self._plan
        out_dir = self.out_dir
        previous = plan.previous
        current = Manifest()
        built_from: dict[str, Path] = {}
        with plan.stack:
            yield from self._record(
                _in_input_order(self.paths, plan.skipped, plan.to_build, *plan.executor, done), current, built_from
            )
        if out_dir is not None and (current.entries or previous.entries):
            self._remove_stale(previous, current, out_dir)
            current.save(out_dir)

    def _record(
        self, results: Iterator[DocumentResult], current: Any, built_from: dict[str, Path]
    ) -> Iterator[DocumentResult]:
        """Write each result's files and record it in the manifest to be."""
        from migkg.manifest import Entry, source_key

        assert self._plan is not None
        previous, keys = self._plan.previous, self._plan.keys
        out_dir = self.out_dir
        for result in results:
            if result.ok and result.doc_id in built_from:
                result = DocumentResult(
                    result.source,
                    error=InputError(
                        result.source, f"document id {result.doc_id} was already built from {built_from[result.doc_id]}"
                    ),
                )
            if result.ok and not result.skipped and out_dir is not None:
                self._write(result, out_dir)
            if out_dir is not None:
                entry = previous.entries.get(source_key(result.source))
                if result.skipped and entry is not None:  # as recorded, the PDF's text included
                    current.entries[source_key(result.source)] = entry
                elif result.ok and result.summary is not None and result.doc_id is not None:
                    key = keys.get(result.source)
                    current.entries[source_key(result.source)] = Entry(
                        source=str(result.source),
                        key=key or "",
                        doc_id=result.doc_id,
                        files=[*result.described, *([_text_info(result)] if result.text_file else [])],
                        described=[f.name for f in result.described],
                        counts=result.counts,
                        warnings=list(result.warnings),
                        model=result.model,
                        conforms=result.conforms,
                        summary=result.summary,
                    )
                elif entry is not None:  # failed this time: its earlier files stay, as before
                    current.entries[source_key(result.source)] = entry
            if result.ok:
                assert result.doc_id is not None
                built_from[result.doc_id] = result.source
                self.built.append(result)
            yield result

    def stored_graphs(self) -> dict[Path, tuple[str, int]]:
        """The document files this build wrote whose graph and triples it knows (no blank
        node): :meth:`DocumentStore.sync` loads them without parsing them first."""
        return {path: result.stored for result in self.built if result.stored for path in result.files}

    @staticmethod
    def _write(result: DocumentResult, out_dir: Path) -> None:
        start = time.perf_counter()
        described = {f.name for f in result.described}
        for name, content in result.outputs.items():
            path = out_dir / name
            export.write_atomic(path, content)
            if name in described:
                result.files.append(path)
            else:
                result.text_file = path
        result.outputs = {}
        result.timings["write"] = time.perf_counter() - start

    def _remove_stale(self, previous: Any, current: Any, out_dir: Path) -> None:
        """Remove the files of inputs no longer given (and of formats no longer asked for)."""
        kept = {f.name for entry in current.entries.values() for f in entry.files}
        for key in sorted(previous.entries):
            for info in previous.entries[key].files:
                path = out_dir / info.name
                if info.name not in kept and path.is_file():
                    path.unlink()
                    self.removed.append(path)

    def describe(
        self,
        publish_url: str = dcat.DEFAULT_PUBLISH_URL,
        sparql_endpoint: str | None = None,
        alignments: Sequence[AlignmentResult] = (),
    ) -> list[Path]:
        """OUT/dataset.* for the documents built and skipped and the alignments (see
        :func:`describe_dataset`)."""
        assert self.out_dir is not None
        return describe_dataset(
            self.built,
            self.out_dir,
            self.options.iris,
            self.options.formats,
            publish_url,
            sparql_endpoint,
            alignments=alignments,
        )

    def align(self) -> list[AlignmentResult]:
        """The alignment step: each document built whose sidecar says it ``follows`` another
        (among the inputs, or built before into OUT) is aligned with it, the framework (more
        numbered parts) as the target. A pair whose documents were both unchanged (skipped) and
        whose alignment is in OUT is not aligned again: its graph is read back."""
        if not self.options.extract:
            return []
        by_symbol: dict[str, DocumentResult] = {}
        follows: dict[int, str] = {}
        for k, result in enumerate(self.built):
            meta = _metadata(result)
            if meta is not None and meta.symbol:
                by_symbol.setdefault(meta.symbol, result)
            if meta is not None and meta.follows:
                follows[k] = meta.follows
        loaded: dict[Path, tuple[Document, Facts, str | None]] = {}

        def load(result: DocumentResult) -> tuple[Document, Facts, str | None]:
            if result.source not in loaded:
                if result.document is not None and result.facts is not None:
                    loaded[result.source] = (result.document, result.facts, result.text)
                else:  # skipped as unchanged, or built elsewhere: read again
                    loaded[result.source] = read_and_extract(result.source, self.options)
            return loaded[result.source]

        aligned: list[AlignmentResult] = []
        done: set[tuple[str, str]] = set()
        for k, symbol in sorted(follows.items()):
            follower = self.built[k]
            followed = by_symbol.get(symbol)
            if followed is follower:
                continue
            if followed is None:
                if self.out_dir is None:
                    continue
                follower.document, follower.facts, _ = load(follower)
                previous = followed_in_out([follower], self.out_dir, self.options)
                if not previous:
                    continue
                pair = [load(follower), previous[0]]
            else:
                reused = self._reuse(follower, followed)
                if reused is not None:
                    if (reused.source_doc, reused.target_doc) not in done:
                        done.add((reused.source_doc, reused.target_doc))
                        aligned.append(reused)
                    continue
                pair = [load(follower), load(followed)]
            for i, j in alignment_pairs([(d, f) for d, f, _ in pair]):
                key = (pair[i][0].doc_id, pair[j][0].doc_id)
                if key in done:
                    continue
                done.add(key)
                target_document, _, target_text = pair[j]
                aligned.append(align_documents(pair[i], (target_document, target_text), self.out_dir, self.options))
        if self.out_dir is not None:
            self._remove_stale_alignments(self.out_dir)
        return sorted(aligned, key=lambda a: (a.source_doc, a.target_doc))

    def _remove_stale_alignments(self, out_dir: Path) -> None:
        """Remove ``OUT/align/<SOURCE>--<TARGET>.*`` whose source or target has no file in
        OUT any more (its input no longer given): it would link documents that are gone."""
        from migkg.graph.io import RDF_FORMATS

        directory = out_dir / ALIGN_DIR
        if not directory.is_dir():
            return
        present = {p.stem for p in out_dir.iterdir() if p.suffix in RDF_FORMATS and p.is_file()}
        for path in sorted(directory.iterdir()):
            source, sep, target = path.stem.partition("--")
            if path.suffix in RDF_FORMATS and sep and path.is_file() and not {source, target} <= present:
                path.unlink()
                self.removed_alignments.append(path)

    def _reuse(self, follower: DocumentResult, followed: DocumentResult) -> AlignmentResult | None:
        """The alignment already in OUT of two documents both unchanged since it was written."""
        if self.out_dir is None or not (follower.skipped and followed.skipped):
            return None
        from migkg.graph.io import load_graph

        for source, target in ((followed.doc_id, follower.doc_id), (follower.doc_id, followed.doc_id)):
            stem = f"{source}--{target}"
            files = sorted((self.out_dir / ALIGN_DIR).glob(f"{stem}.*"))
            ttl = self.out_dir / ALIGN_DIR / f"{stem}.ttl"
            if ttl.is_file() and source and target:
                return AlignmentResult(source, target, None, load_graph([ttl]), files)
        return None


def _in_input_order(
    paths: Sequence[Path],
    skipped: dict[Path, DocumentResult],
    to_build: Sequence[Path],
    submit: Callable[[Path], _Pending],
    window: int,
    here: Callable[[Path], DocumentResult] | None,
    done: Callable[[DocumentResult], None] | None = None,
) -> Iterator[DocumentResult]:
    """Build ``to_build`` with ``submit`` (at most ``window`` at once there) and, when
    ``here`` is given, one at a time in a thread of this process as well; yield every
    input's result in input order, and give each built one to ``done`` as soon as it is
    built (in the order they end: a progress bar's).

    In parallel the inputs start largest first within blocks of :data:`_BLOCK` (or more)
    inputs, so that no process is left alone with a long document at the end. Results built
    ahead of the one due wait for it: at most two blocks and a window of them, which bounds
    the memory this process holds."""
    parallel = window > 1 or here is not None
    block = max(_BLOCK, 2 * window)
    held = 2 * block + window + 2 if parallel else 2 * window + 2
    queue = deque(_start_order(to_build, block) if parallel else to_build)  # not started yet
    started: dict[Path, _Pending] = {}  # started, not yielded yet
    elsewhere: set[Any] = set()  # started with submit, not done
    told: dict[Any, DocumentResult] = {}  # given to done, not yielded yet (a Dask future fetches anew each time)
    local = None
    if here is not None:
        from concurrent.futures import ThreadPoolExecutor

        local = ThreadPoolExecutor(max_workers=1, thread_name_prefix="migkg-build")
    building_here: Any = None

    def start() -> None:
        nonlocal building_here
        elsewhere.difference_update([f for f in elsewhere if f.done()])
        while queue and len(elsewhere) < window and len(started) < held:
            first = queue.popleft()
            started[first] = submit(first)
            elsewhere.add(started[first])
        if local is not None and queue and len(started) < held and (building_here is None or building_here.done()):
            assert here is not None
            first = queue.popleft()
            started[first] = building_here = local.submit(here, first)

    def tell(pending: Iterable[_Pending]) -> None:
        """``done`` for each result just built (not for a build that raised: that raises
        when it is due)."""
        for future in pending:
            if done is not None and future not in told and future.done() and _built(future):
                told[future] = future.result()
                done(told[future])

    try:
        for path in paths:
            if path in skipped:
                yield skipped[path]
                continue
            start()
            if path not in started:  # every slot holds a later document, built ahead
                queue.remove(path)
                started[path] = submit(path)
                elsewhere.add(started[path])
            due = started.pop(path)
            if local is not None:  # wake at each document done to start the next one
                from concurrent.futures import FIRST_COMPLETED, wait

                while not due.done():
                    running: list[Any] = [due, *elsewhere, *([building_here] if building_here else [])]
                    wait(running, return_when=FIRST_COMPLETED)
                    tell([due, *started.values()])
                    start()
            tell([due, *started.values()])
            elsewhere.discard(due)
            if due in told:
                result = told.pop(due)
            else:
                result = due.result()
                if done is not None:
                    done(result)
            yield result
    finally:
        if local is not None:
            local.shutdown(wait=True, cancel_futures=True)


# In parallel, inputs start largest first within blocks of this many (in input order).
_BLOCK = 16


def _start_order(paths: Sequence[Path], block: int) -> list[Path]:
    """``paths`` in the order to start them in parallel: within each block of ``block``
    inputs (in input order), the longest to build first (longest processing time first), so
    that the last documents to end are short ones. A file's size stands for its time; a
    PDF's counts a quarter (a page of PDF holds more bytes than its text)."""

    def cost(path: Path) -> int:
        try:
            size = path.stat().st_size
        except OSError:
            return 0  # its build reports it
        return size // 4 if path.suffix.lower() == PDF_SUFFIX else size

    ordered: list[Path] = []
    for first in range(0, len(paths), block):
        ordered += sorted(paths[first : first + block], key=cost, reverse=True)  # stable: ties in input order
    return ordered


def _built(future: _Pending) -> bool:
    """Whether a done build gave a result (and raised nothing)."""
    exception = getattr(future, "exception", None)
    return exception is None or exception() is None


def _metadata(result: DocumentResult) -> Metadata | None:
    """A built result's metadata: the parsed document's, else (skipped) its sidecar's."""
    if result.document is not None:
        return result.document.metadata
    from migkg.extract.sources import sidecar_metadata

    try:
        return sidecar_metadata(result.source)
    except MigkgError:
        return None


def _related(paths: Sequence[Path]) -> frozenset[Path]:
    """The inputs whose sidecar says they follow another input, and those they follow."""
    from migkg.extract.sources import sidecar_metadata

    metas = {}
    for path in paths:
        try:
            metas[path] = sidecar_metadata(path)
        except MigkgError:
            metas[path] = None  # the build reports a malformed sidecar
    followed = {m.follows for m in metas.values() if m is not None and m.follows}
    return frozenset(
        p for p, m in metas.items() if m is not None and (m.follows or (m.symbol is not None and m.symbol in followed))
    )


def _text_info(result: DocumentResult) -> dcat.FileInfo:
    assert result.text is not None and result.text_file is not None
    return dcat.FileInfo.of(result.text_file.name, result.text.encode("utf-8"))


def _skipped(path: Path, entry: Any, out_dir: Path) -> DocumentResult:
    described = set(entry.described)
    return DocumentResult(
        path,
        doc_id=entry.doc_id,
        counts=dict(entry.counts),
        warnings=tuple(entry.warnings),
        files=[out_dir / f.name for f in entry.files if f.name in described],
        model=entry.model,
        text_file=next((out_dir / f.name for f in entry.files if f.name not in described), None),
        valid=entry.conforms,
        skipped=True,
        summary=entry.summary,
        described=[f for f in entry.files if f.name in described],
    )


class _executor:
    """``(submit, window, here)``: how documents are built elsewhere (in a pool of local
    processes, or on Dask) and how many may be in flight there at once (results wait, in
    input order, to be written: :func:`_in_input_order` bounds how many); ``here``, when not
    None, builds one in this process, which takes a share of a local parallel build rather
    than wait: ``--jobs N`` is this process and N - 1 workers."""

    def __init__(
        self,
        jobs: int,
        scheduler: str | None,
        count: int,
        options: BuildOptions,
        serialise: bool,
        keep: bool,
        related: frozenset[Path] = frozenset(),
    ) -> None:
        self.jobs, self.scheduler, self.count, self.options = jobs, scheduler, count, options
        self.task: Callable[[Path], DocumentResult] = _Task(options, serialise, keep, related)
        self._close: Callable[[], None] = lambda: None

    def __enter__(self) -> tuple[Callable[[Path], _Pending], int, Callable[[Path], DocumentResult] | None]:
        if self.scheduler is not None:
            from migkg.distributed import dask_client

            client = dask_client(self.scheduler)
            self._close = client.close
            threads = max(1, sum(client.nthreads().values()))
            return (lambda path: client.submit(self.task, path, pure=False)), 2 * threads, None
        if self.jobs > 1 and self.count > 1:
            from concurrent.futures import ProcessPoolExecutor

            context = _pool_context()
            if context.get_start_method() == "fork":
                _preload(self.options)  # loaded once, here: the workers forked below start with it
            workers = min(self.jobs, self.count) - 1
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
            )
            self._close = lambda: pool.shutdown(cancel_futures=True)
            pool.submit(os.getpid).result()  # the workers start now (a fork pool starts them all at once)
            return (lambda path: pool.submit(self.task, path)), 2 * workers, self.task
        return (lambda path: _Done(self.task(path))), 1, None

    def __exit__(self, *exc: object) -> None:
        self._close()


def _pool_context() -> Any:
    """How pool workers start: on Linux forked from this process once it has loaded the
    spaCy pipeline, word list and shapes (:func:`_preload`), so that they share them and
    start at once: one load per build, not one per worker. Forked before this process runs
    any thread of its own (:meth:`Build.start`). Elsewhere spawned (macOS's frameworks are
    not safe to fork), each worker importing and loading on its own."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _preload(options: BuildOptions) -> None:
    """Load what building a document needs (the pipeline of ``options``, wordfreq's list,
    the compiled shapes) now rather than at the first document. Nothing here fails a build:
    what did not load is loaded, or reported, when a document needs it."""
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. no trained pipeline: said when a document is built
        if options.extract:
            from migkg.extract.nlp import load_pipeline
            from migkg.extract.repair import zipf

            load_pipeline(options.model, options.lexicon)
            zipf("migration")
        if options.validate:
            from migkg.graph.validate import preload_shapes

            preload_shapes()


def _worker_start(build: int) -> None:
    """A pool worker ends with the build that started it: killed or not, no worker is left
    behind holding its output pipes: it watches the build process (``build``, a pid) and
    exits when it is gone; on Linux the signal on its parent's death as well."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    threading.Thread(target=_exit_with, args=(build,), name="migkg-exit-with-build", daemon=True).start()


def _exit_with(pid: int) -> None:
    """Wait for process ``pid`` to end (a pidfd on Linux, else a poll), then end this one."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # the build died before the worker started
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+): ask every half second
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
    select.select([handle], [], [])  # readable when the process has ended
    os._exit(1)


@dataclass(frozen=True)
class _Task:
    """:func:`build_document` with its options bound (picklable, for the workers)."""

    options: BuildOptions
    serialise: bool
    keep_graph: bool
    related: frozenset[Path] = frozenset()  # inputs in a "follows" relation: their document and facts come back

    def __call__(self, path: Path) -> DocumentResult:
        result = build_document(path, self.options, serialise=self.serialise, keep_graph=self.keep_graph)
        if not self.keep_graph and path not in self.related:  # a worker sends back no more than needed
            result.document = result.facts = None
        return result


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
    yield from Build(inputs, out_dir, options, cwd).results()


def read_document(path: Path) -> tuple[Document, str | None]:
    """The structure parser on one text or PDF file (and, for a PDF, the text read from it);
    any failure becomes an error naming the file."""
    try:
        if path.suffix.lower() == PDF_SUFFIX:
            from migkg.extract.pdf import parse_pdf  # pypdfium2 is loaded only for PDFs

            document, pdf = parse_pdf(path)
            return document, pdf.text
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
    """OUT/dataset.* (DCAT-AP 3 / VoID) for the documents built: computed from each
    document's summary and the sizes and checksums of the bytes written, so that it
    describes exactly what a portal downloads without reading any file back."""
    summaries = []
    files: list[dcat.FileInfo] = []
    for result in built:
        if result.summary is None:  # built without serialising: summarise the graph now
            assert result.graph is not None
            result.summary = dcat.summarize(export.document_iri(result.graph), result.graph)
        summaries.append(result.summary)
        files += result.described or [dcat.FileInfo.read(path) for path in result.files]
    for aligned in alignments:  # out/align/<SOURCE>--<TARGET>.*: one named graph each
        summaries.append(dcat.summarize(iris.alignment_run(aligned.source_doc, aligned.target_doc), aligned.graph))
        files += [dcat.FileInfo.of(f"{ALIGN_DIR}/{path.name}", path.read_bytes()) for path in aligned.files]
    return dcat.write_description(
        summaries, files, out_dir, formats, iris=iris, publish_url=publish_url, sparql_endpoint=sparql_endpoint
    )


# --- alignment ----------------------------------------------------------------------------

ALIGN_DIR = "align"  # out/align/<SOURCE>--<TARGET>.<ext>: one graph per aligned pair


@dataclass
class AlignmentResult:
    """What aligning SOURCE with TARGET gave: the alignment, its graph, files and validation."""

    source_doc: str
    target_doc: str
    alignment: Alignment | None  # None: read back from OUT (both documents unchanged)
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
        if self.alignment is None:
            return 0
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
