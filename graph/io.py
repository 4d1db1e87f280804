"""RDF files in: the data to validate, query or publish. (Which documents to build is the
application's job, :mod:`migkg.pipeline`; reading their text is the parser's.)

Atomic writes live in :func:`migkg.graph.export.write_atomic`, with the serialisers.

Every problem with a file becomes an :class:`InputError` naming the file, so the CLI can
print one line and exit non-zero.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from migkg.graph import safety
from migkg.graph.errors import InputError

# Every RDF read goes through this module: rdflib's network and file access is off first.
safety.harden()

# RDF files that `validate` and `query` read, by suffix (only these), in order of preference
# where a directory holds one graph in several formats; rdflib names the parser of each.
ALIGN_DIR = "align"
_RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".trig", ".rdf")  # .rdf: parsed without DTDs or entities (safety)
RDF_FORMATS: dict[str, str] = {suffix: name for suffix in _RDF_SUFFIXES if (name := guess_format(suffix))}
# Formats whose files may hold named graphs: their triples are merged into one graph.
_QUAD_FORMATS = {"trig"}


def rdf_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The RDF files named by ``paths``: files as given, directories by their RDF files
    (sorted; not recursive, but for the ``align/`` directory a build writes alignments to). Where a directory holds one graph in several formats
    (``A-72-643.ttl`` and ``A-72-643.jsonld``, as ``build --format`` writes them), only the
    first in the order of :data:`RDF_FORMATS` is read: they hold the same triples."""
    found: list[Path] = []
    rank = {suffix: i for i, suffix in enumerate(RDF_FORMATS)}
    for given in map(Path, paths):
        if given.is_dir():
            by_stem: dict[str, Path] = {}
            for p in given.iterdir():
                if p.suffix in RDF_FORMATS and p.is_file():
                    kept = by_stem.get(p.stem)
                    if kept is None or rank[p.suffix] < rank[kept.suffix]:
                        by_stem[p.stem] = p
            if not by_stem:
                raise InputError(given, f"directory holds no RDF files ({', '.join(RDF_FORMATS)})")
            found.extend(sorted(by_stem.values()))
            # the alignments a build wrote beside the documents (out/align/<SOURCE>--<TARGET>.ttl)
            aligned = given / ALIGN_DIR
            if aligned.is_dir() and any(p.suffix in RDF_FORMATS for p in aligned.iterdir()):
                found.extend(rdf_files([aligned]))
        elif given.is_file():
            if given.suffix not in RDF_FORMATS:
                raise InputError(given, f"unknown RDF format, expected one of {', '.join(RDF_FORMATS)}")
            found.append(given)
        else:
            raise InputError(given, "no such file or directory")
    return found


def load_graph(paths: Iterable[str | os.PathLike]) -> Graph:
    """One graph holding the triples of every RDF file named by ``paths`` (named graphs of
    TriG files are merged into it)."""
    graph = Graph()
    for path in rdf_files(paths):
        fmt = RDF_FORMATS[path.suffix]
        try:
            if fmt == "json-ld":
                text = path.read_text(encoding="utf-8")
                refuse_remote_contexts(path, json.loads(text))
                graph.parse(data=text, format=fmt)
            elif fmt in _QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for s, p, o, _ in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except InputError:
            raise
        except Exception as err:  # rdflib's parsers raise many unrelated exception types
            problem = " ".join(str(err).split()) or type(err).__name__
            raise InputError(path, f"cannot load as {fmt}: {problem}") from None
    return graph


def refuse_remote_contexts(path: Path, node: object) -> None:
    """rdflib's JSON-LD parser fetches any ``@context`` (or ``@import``) given by URL or
    file name, from the network or the disk: only inline contexts are accepted."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                for context in value if isinstance(value, list) else [value]:
                    if isinstance(context, str):
                        raise InputError(path, f"JSON-LD context {context!r} refused: only inline contexts are read")
            refuse_remote_contexts(path, value)
    elif isinstance(node, list):
        for item in node:
            refuse_remote_contexts(path, item)
