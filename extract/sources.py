"""Input files: the text of a document and its metadata sidecar, checked before parsing.

Whatever cannot be parsed (a missing, empty, binary or non-UTF-8 file, a malformed
sidecar) is refused here with an :class:`InputError` saying why, so that the parser only
ever sees text and the CLI can report one clean line per bad input.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

from migkg.extract.errors import InputError
from migkg.extract.model import Metadata
from migkg.extract.refs import symbol_slug

# Share of control characters (other than tab, line ends, form feed) that makes a file binary.
MAX_CONTROL_SHARE = 0.01
# The largest text document `migkg build` reads. The parser keeps a source offset per character
# of clean text (about 40 bytes each in Python), so memory grows to ~50 times the file size;
# UN reports and resolutions are well under 1 MiB of text (A/72/643: 71 KB).
MAX_DOCUMENT_BYTES = 10 * 2**20

_METADATA_FIELDS: dict[str, type] = {
    "symbol": str,
    "title": str,
    "subtitle": str,
    "date": str,
    "pages": int,
    "author": str,
    "language": str,
    "url": str,
    "source": str,
    "catalogue": str,
    "distribution": str,
    "session": str,
    "agenda_item": str,
    "doc_id": str,
    "follows": str,
}


def load_metadata(path: Path) -> Metadata:
    """Read a metadata sidecar (JSON object); a malformed one is an :class:`InputError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read metadata sidecar ({e.__class__.__name__})") from None
    except json.JSONDecodeError as e:
        raise InputError(
            str(path), f"malformed metadata sidecar (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(str(path), "malformed metadata sidecar (not a JSON object)")
    for key, value in data.items():
        expected = _METADATA_FIELDS.get(key)
        if expected is None:
            raise InputError(str(path), f"malformed metadata sidecar (unknown field {key!r})")
        if value is not None and (not isinstance(value, expected) or isinstance(value, bool)):
            raise InputError(str(path), f"malformed metadata sidecar ({key!r} must be {expected.__name__})")
    symbol = data.get("symbol")
    doc_id = data.get("doc_id") or (symbol_slug(symbol) if symbol else path.stem)
    fields = {k: v for k, v in data.items() if k != "doc_id" and v is not None}
    return Metadata(doc_id=doc_id, **fields)


def sidecar_metadata(path: Path) -> Metadata | None:
    """The metadata of the text file ``path`` from ``<stem>.json`` beside it, if there is one."""
    sidecar = path.with_suffix(".json")
    return load_metadata(sidecar) if sidecar.is_file() else None


def read_source(path: Path) -> str:
    """The file's text, or an :class:`InputError` saying why it cannot be used."""
    name = str(path)
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(name, "empty file" if not data else "contains only whitespace")
    if b"\x00" in data:
        raise InputError(name, f"binary file (NUL byte at offset {data.index(0)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(name, f"not UTF-8 (invalid byte 0x{data[e.start]:02x} at offset {e.start})") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f" or 0x7F <= ord(c) < 0xA0)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(name, f"binary file ({controls} control characters)")
    if not text.strip():
        raise InputError(name, "contains only whitespace")
    return text


def _read_bytes(path: Path) -> bytes:
    return read_file(path, kind="text file", limit=MAX_DOCUMENT_BYTES, plural="documents")


def read_file(path: Path, *, kind: str, limit: int, plural: str) -> bytes:
    """The bytes of the input ``path`` (a ``kind``: "text file", "PDF"), or an
    :class:`InputError` saying why not: missing, a directory, not a regular file (a device
    or a pipe could be read forever), larger than ``limit`` (migkg reads ``plural`` of up
    to that), unreadable."""
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, f"is a directory, not a {kind}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, "not a regular file")
        if info.st_size > limit:
            raise InputError(
                name, f"too large ({info.st_size / 2**20:.1f} MiB; migkg reads {plural} of up to {limit / 2**20:g} MiB)"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read ({e.strerror or e.__class__.__name__})") from None
