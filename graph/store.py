"""The persistent embedded store: an on-disk Oxigraph database (``out/store/``) that mirrors
the RDF files of a build, one named graph per document, so that a query no longer parses
every file again.

What it holds. Each RDF file it is given (a directory stands for its RDF files, one per
name, ``.ttl`` first, exactly as :func:`migkg.graph.io.rdf_files` chooses them for the
file path of ``migkg query``) becomes named graphs: a document's file the graph named by
the document's IRI (a TriG file keeps its own named graphs), the dataset description
(``dataset.ttl``) the graph named by its ``dcat:Dataset``. The default graph holds the RDF
merge of the named graphs, maintained with them: the data the file path merges into one
graph, which queries read, so they give the same answers.

Why a merged default graph rather than ``use_default_graph_as_union`` (or a list of
default graphs): Oxigraph 0.5 evaluates those by visiting every graph, so a triple that
several documents share (an actor's label, a cited resolution) matches once per document.
``COUNT`` and the weights of the network queries come out inflated, and joins over shared
triples grow with the square of the number of documents (``about-iom`` on 40 copies of the
seed: 0.07 s on the merged graph, minutes on the union). Oxigraph's issue #1919, fixed for
0.6 by pull request #1920. The merge costs a second copy of every triple.

Keeping in step. :meth:`DocumentStore.sync` compares each file's size, modification time and
inode with what it recorded in ``migkg-store.json`` when it loaded the file: a new or
changed file has its graphs replaced, a file that is gone has them dropped, an unchanged
file is not read. A build calls it once, after writing its files; a rebuilt document is
replaced (the build writes a new file), a removed file's document is dropped.

Loading. pyoxigraph's bulk loader reads Turtle, N-Triples and TriG files itself (natively,
without rdflib); JSON-LD and RDF/XML go through rdflib's guarded parsers
(:mod:`migkg.graph.io`: no remote contexts, no DTDs) and then the same bulk loader. A sync
first parses every changed file into a store in memory (two at a time), which SPARQL asks
for the document it describes and counts (not a build's document files: the build knows
their graph and triples, ``known``); then it loads the files into their graphs and, side
by side in a second thread, into the merge. A file with blank nodes is parsed once for
both (a parse names them anew), so that replacing it later finds them in the merge. Into an
empty store (a first load, ``--force``) nothing is unmerged. Most of the time goes into the
bulk loader's sorting and writing, of every triple twice (see the README's benchmark).
Every bulk load adds files of its own, which a query reads one by one until they are
compacted: a sync compacts the database after a full load, and otherwise once enough has
been loaded since the last compaction (:func:`_after_loads`).

Writes are atomic for readers. The bulk loader is not transactional, so a write is made
one unit by a lock and a mark: a writer holds an exclusive ``flock`` on
``migkg-store.lock`` and records ``"complete": false`` in the manifest before it touches
the database, ``true`` after a flush. A reader holds the shared lock while it queries and
reads only a complete store: a reader never sees a write half done, and after a crash the
store is not read (queries fall back to the files) until the next sync reloads it. Every
file is parsed before the first write, so a malformed file leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF
from rdflib.query import Result
from rdflib.term import Identifier

from migkg.graph.errors import InputError, StoreBusy, StoreError
from migkg.graph.io import RDF_FORMATS, load_graph, rdf_files, refuse_remote_contexts
from migkg.graph.iris import MIGO
from migkg.graph.oxigraph import to_quad
from migkg.graph.sparql import Prepared, run_local

STORE_DIR = "store"  # OUT/store/
MANIFEST = "migkg-store.json"
LOCK = "migkg-store.lock"
MANIFEST_VERSION = 1
# A writer waits this long for running queries to finish; a reader does not wait for a
# writer (it reads the files instead).
WRITER_WAIT = 30.0
# Files parsed side by side while a sync plans its work.
_THREADS = 2

# Files pyoxigraph parses itself; the others go through rdflib's guarded parsers.
_NATIVE = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".trig": pyoxigraph.RdfFormat.TRIG,
}
_TYPE = str(RDF.type)
_DOCUMENT = str(MIGO.Document)
_DATASET = str(DCAT.Dataset)
_ALIGNMENT_RUN = str(MIGO.AlignmentRun)  # OUT/align/<SOURCE>--<TARGET>.ttl: its graph is named by its run


@dataclass(frozen=True)
class StoredGraph:
    """One named graph of the store: its IRI, its triples and the file it was loaded from."""

    iri: str
    triples: int
    source: str  # the file, relative to the store's parent directory where it lies below it


@dataclass
class SyncReport:
    """What a sync did: files loaded (graphs replaced), graphs dropped, files unchanged."""

    loaded: list[str] = field(default_factory=list)  # files read
    graphs: list[str] = field(default_factory=list)  # graphs (re)loaded from them
    dropped: list[str] = field(default_factory=list)  # graphs whose file is gone
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)  # files skipped, and why

    def summary(self) -> str:
        return (
            f"{_n(len(self.graphs), 'graph')} loaded from {_n(len(self.loaded), 'file')}, "
            f"{len(self.dropped)} dropped, {_n(self.unchanged, 'file')} unchanged"
        )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class _Plan:
    """How to load one file: into which graphs (with their triples), natively or as parsed."""

    path: Path
    key: str
    stat: dict[str, int]
    graphs: dict[str, int]  # the named graphs the file fills, and their triples
    to_graph: str | None  # triples of a triple-format file go into this graph
    parsed: Graph | None = None  # a file rdflib parsed (JSON-LD, RDF/XML)
    # A native file with blank nodes (or TriG), parsed once: the graph and the merge get the
    # same blank nodes, so that a later unmerge finds them (each parse makes new ones).
    quads: list[pyoxigraph.Quad] | None = None
    note: str | None = None  # why the file fills no graph


def store_dir(out_dir: str | os.PathLike[str]) -> Path:
    """The store of a build's output directory: ``OUT/store``."""
    return Path(out_dir) / STORE_DIR


def find_store(paths: Iterable[str | os.PathLike[str]]) -> DocumentStore | None:
    """The store standing for the data ``paths`` name: one directory with a ``store/``
    (a build's output directory), or a store directory itself; else None."""
    given = [Path(p) for p in paths]
    if len(given) != 1:
        return None
    for candidate in (given[0] / STORE_DIR, given[0]):
        if (candidate / MANIFEST).is_file():
            return DocumentStore(candidate)
    return None


def sync_out_dir(out_dir: str | os.PathLike[str], known: Mapping[Path, tuple[str, int]] | None = None) -> SyncReport:
    """The build's one call: bring ``OUT/store`` in step with the files written to ``OUT``
    (``known``: see :meth:`DocumentStore.sync`)."""
    return DocumentStore(store_dir(out_dir)).sync([out_dir], known=known)


class DocumentStore:
    """The on-disk store at ``path`` (a directory; created by the first :meth:`sync`)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def exists(self) -> bool:
        """Whether a store was ever written here (its manifest is there)."""
        return self.manifest_path.is_file()

    # --- reading ------------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[pyoxigraph.Store]:
        """The database opened read-only, under the shared lock. Raises :class:`StoreBusy`
        while a writer holds the lock and :class:`StoreError` when there is no complete store."""
        if not self.exists():
            raise StoreError(str(self.path), "no store here (migkg build or migkg store load writes one)")
        with _locked(self.path / LOCK, exclusive=False, wait=0.0):
            manifest = self._manifest()
            if not manifest.get("complete"):
                raise StoreError(
                    str(self.path), "the store is incomplete (a load was interrupted); run migkg store load"
                )
            try:
                database = pyoxigraph.Store.read_only(str(self.path))
            except OSError as error:
                raise StoreError(str(self.path), f"cannot open the store: {_oneline(error)}") from None
            try:
                yield database
            finally:
                del database

    def stale(self) -> str | None:
        """Why the store would not answer as the files it mirrors do, or None: missing,
        incomplete, or a file written, added or removed since it was loaded (by the sizes,
        times and inodes of the files: nothing is read)."""
        if not self.exists():
            return "no store"
        manifest = self._manifest()
        if not manifest.get("complete"):
            return "the store is incomplete (a load was interrupted)"
        files = manifest.get("files", {})
        wanted = self._wanted(files, self._directories(manifest), [])
        for key in sorted(set(files) | set(wanted)):
            path = self._resolve(key)
            if key not in files:
                return f"{path} is not in the store"
            if key not in wanted:
                return f"{path} was removed"
            if files[key]["stat"] != _stat(path):
                return f"{path} changed"
        return None

    def graphs(self) -> list[StoredGraph]:
        """The named graphs the store holds, sorted by IRI (from its manifest)."""
        if not self.exists():
            raise StoreError(str(self.path), "no store here (migkg build or migkg store load writes one)")
        with _locked(self.path / LOCK, exclusive=False, wait=WRITER_WAIT):
            files = self._manifest().get("files", {})
        found = [StoredGraph(iri, n, key) for key, entry in files.items() for iri, n in entry["graphs"].items()]
        return sorted(found, key=lambda g: g.iri)

    def query(self, prepared: Prepared, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a read query on the store's default graph, the merge of its graphs (as the
        file path reads the merge of the files)."""
        with self.reading() as database:
            return run_local(prepared, Graph(), bindings, engine="oxigraph", store=database, union=False)

    def snapshot(self, target: str | os.PathLike[str]) -> None:
        """A copy of the store at ``target`` (a new directory): RocksDB's checkpoint, hard
        links to the immutable files where ``target`` is on the same file system. A server
        reads the copy, so that builds can go on writing the store meanwhile."""
        with self.reading() as database:
            try:
                database.backup(str(target))
            except OSError as error:
                raise StoreError(str(self.path), f"cannot copy the store to {target}: {_oneline(error)}") from None

    # --- writing ------------------------------------------------------------------------

    def sync(
        self,
        sources: Iterable[str | os.PathLike[str]],
        *,
        force: bool = False,
        wait: float = WRITER_WAIT,
        known: Mapping[Path, tuple[str, int]] | None = None,
    ) -> SyncReport:
        """Bring the store in step with ``sources`` (RDF files or directories) and with the
        files it loaded before: new and changed files are (re)loaded, the graphs of files
        that are gone (or no longer chosen in a given directory) dropped. ``force``
        reloads every file. ``known``: Turtle or N-Triples files whose graph and triples
        the caller knows, without a blank node (a build's document files, just written):
        loaded without a parse to find out."""
        given = [Path(p) for p in sources]
        given_files = rdf_files([p for p in given if not p.is_dir()])  # a missing file is an error
        given_dirs = [p for p in given if p.is_dir()]
        rdf_files(given_dirs)  # a directory without RDF files is an error
        report = SyncReport()
        self.path.mkdir(parents=True, exist_ok=True)
        with _locked(self.path / LOCK, exclusive=True, wait=wait):
            manifest = self._manifest()
            complete = bool(manifest.get("complete"))
            files: dict[str, Any] = dict(manifest.get("files", {}))
            directories = self._directories(manifest) | {Path(os.path.realpath(d)) for d in given_dirs}
            wanted = self._wanted(files, directories, given_files)
            gone = sorted(set(files) - set(wanted))
            changed = [
                key
                for key, path in sorted(wanted.items())
                if force or not complete or key not in files or files[key]["stat"] != _stat(path)
            ]
            report.unchanged = len(wanted) - len(changed)
            # Every changed file is parsed before anything is written: a malformed file
            # leaves the store as it was.
            kept = set(wanted) - set(changed)
            owners = {iri: key for key, entry in files.items() if key in kept for iri in entry["graphs"]}
            plans = []
            told = {os.path.realpath(path): graph for path, graph in (known or {}).items()}
            for plan in _plan_all([(wanted[key], key) for key in changed], told):
                taken = [iri for iri in plan.graphs if iri in owners]
                if taken:
                    plan = _Plan(
                        plan.path,
                        plan.key,
                        plan.stat,
                        {},
                        None,
                        note=f"skipped {plan.path}: <{taken[0]}> was already loaded from {owners[taken[0]]}",
                    )  # recorded, so that it is not read again
                if plan.note:
                    report.notes.append(plan.note)
                owners.update(dict.fromkeys(plan.graphs, plan.key))
                plans.append(plan)
            keys = sorted(self._key(d) for d in directories if d.is_dir())
            if not changed and not gone and complete and keys == manifest.get("directories"):
                return report
            database = _open(self.path)  # before the mark: a store open elsewhere stays as it was
            self._write_manifest(files, keys, complete=False, uncompacted=manifest.get("uncompacted"))
            try:
                everything = set(files) <= {*gone, *changed}
                empty = not complete or everything
                if empty:
                    # A write was cut off (what the database holds is unknown), or every
                    # file is reloaded: start from an empty database, which needs no unmerge.
                    database.clear()
                for key in [*gone, *changed]:
                    for iri in files.pop(key, {}).get("graphs", {}):
                        if not empty:
                            _unmerge(database, iri)
                        if key in gone:
                            report.dropped.append(iri)
                loading = [plan for plan in plans if plan.graphs]
                if not empty:
                    for plan in loading:
                        for iri in plan.graphs:
                            if database.contains_named_graph(pyoxigraph.NamedNode(iri)):
                                _unmerge(database, iri)  # a graph no file claimed (left by a drop by hand)
                _load_all(database, loading)
                for plan in plans:
                    files[plan.key] = {"stat": plan.stat, "graphs": plan.graphs}
                    if plan.graphs:
                        report.loaded.append(str(plan.path))
                        report.graphs.extend(plan.graphs)
                compact, uncompacted = _after_loads(manifest.get("uncompacted"), loading, files, empty)
                if compact:
                    database.optimize()
                database.flush()
            except OSError as error:
                raise StoreError(str(self.path), f"cannot write the store: {_oneline(error)}") from None
            finally:
                del database
            self._write_manifest(files, keys, complete=True, uncompacted=uncompacted)
        return report

    def drop(self, iris: Iterable[str], *, wait: float = WRITER_WAIT) -> list[str]:
        """Remove these graphs (document IRIs) from the store; returns those it held. A
        dropped graph stays out until its file is written again (or ``sync(force=True)``)."""
        if not self.exists():
            raise StoreError(str(self.path), "no store here (migkg build or migkg store load writes one)")
        wanted = set(iris)
        with _locked(self.path / LOCK, exclusive=True, wait=wait):
            manifest = self._manifest()
            files: dict[str, Any] = dict(manifest.get("files", {}))
            held = {iri for entry in files.values() for iri in entry["graphs"]}
            unknown = sorted(wanted - held)
            if unknown:
                raise StoreError(str(self.path), f"holds no graph <{unknown[0]}>; see migkg store list")
            keys = manifest.get("directories", [])
            database = _open(self.path)
            uncompacted = manifest.get("uncompacted")
            self._write_manifest(files, keys, complete=False, uncompacted=uncompacted)
            try:
                for iri in sorted(wanted):
                    _unmerge(database, iri)
                database.flush()
            except OSError as error:
                raise StoreError(str(self.path), f"cannot write the store: {_oneline(error)}") from None
            finally:
                del database
            for entry in files.values():
                entry["graphs"] = {iri: n for iri, n in entry["graphs"].items() if iri not in wanted}
            self._write_manifest(files, keys, complete=bool(manifest.get("complete")), uncompacted=uncompacted)
        return sorted(wanted)

    def remove(self, *, wait: float = WRITER_WAIT) -> None:
        """Delete the whole store: it disappears at once (renamed, then removed), and
        queries read the files again."""
        if not self.exists():
            raise StoreError(str(self.path), "no store here (migkg build or migkg store load writes one)")
        with _locked(self.path / LOCK, exclusive=True, wait=wait):
            doomed = self.path.with_name(f".{self.path.name}.removed-{os.getpid()}")
            shutil.rmtree(doomed, ignore_errors=True)
            os.replace(self.path, doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    # --- the manifest -------------------------------------------------------------------

    def _manifest(self) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": MANIFEST_VERSION, "complete": True, "files": {}}
        except (OSError, ValueError) as error:
            raise StoreError(str(self.manifest_path), f"cannot read the store's manifest: {_oneline(error)}") from None
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            raise StoreError(
                str(self.manifest_path), "not a manifest this migkg writes; remove the store and load it again"
            )
        return data

    def _write_manifest(
        self, files: Mapping[str, Any], directories: list[str], *, complete: bool, uncompacted: Any = None
    ) -> None:
        from migkg.graph.export import write_atomic

        data = {
            "version": MANIFEST_VERSION,
            "complete": complete,
            "directories": directories,
            "files": dict(sorted(files.items())),
        }
        if uncompacted is not None:
            data["uncompacted"] = uncompacted
        write_atomic(self.manifest_path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))

    def _key(self, path: Path) -> str:
        # Relative to the store's parent (OUT/): the two can move together.
        return os.path.relpath(os.path.realpath(path), self._parent())

    def _resolve(self, key: str) -> Path:
        return Path(os.path.normpath(os.path.join(self._parent(), key)))

    def _parent(self) -> str:
        return os.path.dirname(os.path.realpath(self.path))

    def _directories(self, manifest: Mapping[str, Any]) -> set[Path]:
        """The directories the store mirrors (OUT/, and any given to ``sync``)."""
        return {self._resolve(key) for key in manifest.get("directories", [])} | {Path(self._parent())}

    def _wanted(self, files: Mapping[str, Any], directories: set[Path], given: list[Path]) -> dict[str, Path]:
        """The files the store should mirror: the RDF files of its directories (as the file
        path of ``migkg query`` chooses them), the files given, and those it loaded before
        from elsewhere that are still there."""
        wanted = {self._key(p): p for d in sorted(directories) if d.is_dir() for p in _rdf_files_in(d)}
        wanted.update((self._key(p), p) for p in given)
        for key in files:
            path = self._resolve(key)
            if key not in wanted and path.parent not in directories and path.is_file():
                wanted[key] = path
        return wanted


# --- files -------------------------------------------------------------------------------


def _rdf_files_in(directory: Path) -> list[Path]:
    """The RDF files of a directory as the file path chooses them (none is no error)."""
    if not any(p.suffix in RDF_FORMATS and p.is_file() for p in directory.iterdir()):
        return []
    return rdf_files([directory])


def _stat(path: Path) -> dict[str, int]:
    # A build replaces a file (os.replace): a new inode even when size and time agree.
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


# What a file describes: the subjects typed with one of these name its graph.
_DESCRIBED = (
    "SELECT DISTINCT ?subject ?kind WHERE { VALUES ?kind { "
    + " ".join(f"<{kind}>" for kind in (_DOCUMENT, _DATASET, _ALIGNMENT_RUN))
    + f" }} ?subject <{_TYPE}> ?kind FILTER(isIRI(?subject)) }}"
)
_BLANK = "ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"
_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _plan_all(files: list[tuple[Path, str]], known: Mapping[str, tuple[str, int]]) -> list[_Plan]:
    """:func:`_plan` for each file, two at a time (pyoxigraph parses without the GIL), in
    the order given; the first file (in that order) that fails raises. A Turtle or
    N-Triples file in ``known`` (by its real path) is planned from what is known of it."""
    planned: dict[int, _Plan] = {}
    for index, (path, key) in enumerate(files):
        told = known.get(os.path.realpath(path)) if path.suffix in (".ttl", ".nt") else None
        if told is not None:
            graph, triples = told
            planned[index] = _Plan(path, key, _stat(path), {graph: triples}, graph)
    rest = [(index, file) for index, file in enumerate(files) if index not in planned]
    if len(rest) < 2:
        planned |= {index: _plan(*file) for index, file in rest}
    else:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            planned |= dict(
                zip([index for index, _ in rest], pool.map(lambda file: _plan(*file[1]), rest), strict=True)
            )
    return [planned[index] for index in range(len(files))]


def _plan(path: Path, key: str) -> _Plan:
    """Parse ``path`` once to learn which graphs it fills and their triples (errors name
    the file). Turtle, N-Triples and TriG are parsed by pyoxigraph into a store in memory,
    natively, and asked with SPARQL."""
    suffix = path.suffix
    stat = _stat(path)
    parsed = None
    quads = None
    try:
        if suffix in _NATIVE:
            fmt = _NATIVE[suffix]
            memory = pyoxigraph.Store()
            memory.bulk_load(path=str(path), format=fmt)
            described = [
                (solution["subject"].value, solution["kind"].value)
                for solution in _solutions(memory.query(_DESCRIBED, use_default_graph_as_union=True))
            ]
            blank = memory.query(_BLANK, use_default_graph_as_union=True)
            if suffix == ".trig" or blank:
                quads = list(pyoxigraph.parse(path=str(path), format=fmt, rename_blank_nodes=True))
            if suffix == ".trig":
                if any(True for _ in memory.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())):
                    raise InputError(path, "holds triples outside named graphs; the store keeps TriG graphs as named")
                sizes = {
                    solution["g"].value: int(solution["n"].value) for solution in _solutions(memory.query(_GRAPH_SIZES))
                }
                return _Plan(path, key, stat, dict(sorted(sizes.items())), None, quads=quads)
            size = len(memory)
            del memory
        else:
            if RDF_FORMATS.get(suffix) == "json-ld":
                refuse_remote_contexts(path, json.loads(path.read_text(encoding="utf-8")))
            parsed = load_graph([path])
            described = [
                (str(s), str(kind))
                for kind in (MIGO.Document, DCAT.Dataset, MIGO.AlignmentRun)
                for s in parsed.subjects(RDF.type, kind)
                if isinstance(s, URIRef)
            ]
            size = len(parsed)
    except InputError:
        raise
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(path, f"cannot load into the store: {_oneline(error)}") from None
    documents = sorted({subject for subject, kind in described if kind == _DOCUMENT})
    datasets = sorted({subject for subject, kind in described if kind != _DOCUMENT})
    if len(documents) > 1:
        raise InputError(path, f"holds {len(documents)} documents; give per-document files or TriG")
    target = next(iter(documents), None) or (datasets[0] if len(datasets) == 1 else None)
    if target is None:
        note = f"skipped {path}: it describes no migo:Document (nor one dcat:Dataset or migo:AlignmentRun)"
        return _Plan(path, key, stat, {}, None, note=note)
    return _Plan(path, key, stat, {target: size}, target, parsed, quads)


def _solutions(answer: object) -> pyoxigraph.QuerySolutions:
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    return answer


def _load_all(database: pyoxigraph.Store, plans: list[_Plan]) -> None:
    """pyoxigraph's bulk loader: each file into its named graph(s), and into the default
    graph, the merge. The two run side by side (the loader releases the GIL): most of a
    load is the loader's own sorting and writing, twice over."""
    merged = pyoxigraph.DefaultGraph()

    def named() -> None:
        for plan in plans:
            if plan.quads is not None:  # the same blank nodes in the graph(s) and in the merge
                graph = pyoxigraph.NamedNode(plan.to_graph) if plan.to_graph else None  # TriG: its own
                database.bulk_extend(
                    quad
                    for q in plan.quads
                    for quad in (
                        q if graph is None else pyoxigraph.Quad(q.subject, q.predicate, q.object, graph),
                        pyoxigraph.Quad(q.subject, q.predicate, q.object, merged),
                    )
                )
                continue
            assert plan.to_graph is not None  # a triple-format file
            if plan.parsed is not None:
                name = URIRef(plan.to_graph)
                database.bulk_extend(
                    quad for s, p, o in plan.parsed for quad in (to_quad(s, p, o, name), to_quad(s, p, o))
                )
            else:
                _bulk_load(database, plan, pyoxigraph.NamedNode(plan.to_graph))

    def merge() -> None:
        for plan in plans:
            if plan.parsed is None and plan.quads is None:
                _bulk_load(database, plan, merged)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(named), pool.submit(merge)]:
            future.result()


# A sync compacts the database once files loaded since the last compaction number this
# many, or hold a tenth of its triples (a first or a full load always).
COMPACT_AFTER_FILES = 16
COMPACT_AFTER_SHARE = 0.1


def _after_loads(
    before: Any, loading: list[_Plan], files: Mapping[str, Any], empty: bool
) -> tuple[bool, dict[str, int] | None]:
    """Whether this sync compacts the database after its loads, and what then stays loaded
    and not compacted (``before``: as the manifest recorded it; None: nothing).

    Each bulk load adds sorted files of its own, overlapping the others': a query reads
    them all until they are compacted (at a million triples every named query took 63 s
    before, 17 s after; the compaction 1.3 s). Compacting costs the whole database's size,
    so it waits until the loads since the last one are many or large; a build that only
    rewrote its dataset description does not pay for it."""
    counted = before if isinstance(before, dict) and not empty else {}
    if not loading:
        return False, counted or None
    pending = {
        "files": int(counted.get("files", 0)) + len(loading),
        "triples": int(counted.get("triples", 0)) + sum(sum(plan.graphs.values()) for plan in loading),
    }
    held = sum(sum(entry["graphs"].values()) for entry in files.values())
    if empty or pending["files"] >= COMPACT_AFTER_FILES or pending["triples"] >= COMPACT_AFTER_SHARE * held:
        return True, None
    return False, pending


def _bulk_load(database: pyoxigraph.Store, plan: _Plan, graph: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph) -> None:
    try:
        # lenient: the file was parsed strictly while planning; IRIs need no second check.
        database.bulk_load(path=str(plan.path), format=_NATIVE[plan.path.suffix], to_graph=graph, lenient=True)
    except SyntaxError as error:  # the file changed since it was parsed
        raise InputError(plan.path, f"cannot load into the store: {_oneline(error)}") from None


def _unmerge(database: pyoxigraph.Store, iri: str) -> None:
    """Drop graph ``iri``, and from the default graph (the merge) the triples no other
    graph holds, in one update: one transaction."""
    name = str(pyoxigraph.NamedNode(iri))  # <iri>, escaped
    database.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {name}) }} }} ;\n"
        f"DROP SILENT GRAPH {name}"
    )


def _open(path: Path) -> pyoxigraph.Store:
    try:
        return pyoxigraph.Store(str(path))
    except OSError as error:
        # RocksDB's own lock: a process that does not take ours (e.g. `oxigraph serve`).
        raise StoreBusy(str(path), f"the store is open in another process: {_oneline(error)}") from None


def _oneline(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__


@contextlib.contextmanager
def _locked(path: Path, *, exclusive: bool, wait: float) -> Iterator[None]:
    """``flock`` on ``path``: exclusive for a writer, shared for readers, given up after
    ``wait`` seconds. A reader of a store on a read-only disk reads without the lock."""
    if sys.platform == "win32":  # no flock; one process at a time is the user's affair
        yield
        return
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY, 0o644)
    except FileNotFoundError:
        if exclusive:
            raise
        yield  # no writer ever took the lock
        return
    except PermissionError:
        if exclusive:
            raise StoreError(str(path.parent), "the store is not writable") from None
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    doing = "read" if exclusive else "written"
                    raise StoreBusy(str(path.parent), f"the store is being {doing} by another process") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
