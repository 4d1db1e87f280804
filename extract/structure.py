"""Structure parser: the plain text of a UN document -> :class:`~migkg.extract.model.Document`.

The text is a PDF-to-text extraction. The parser reads it line by line, once:

1. Lines that are not text of the document are set aside (:mod:`~migkg.extract.lines`):
   blank lines, hyperlink lines (bare URLs: PDF link annotations), running headers (the
   document symbol, page and job numbers, lines repeated on many pages) and
   table-of-contents lines.
2. The remaining lines are read as structure (:mod:`~migkg.extract.reader`, with the
   sequence rules of :mod:`~migkg.extract.numbering`): "Summary", section headings
   ("III. Title", numerals in sequence), subsection headings ("A. Title", letters in
   sequence), numbered paragraphs ("20. Text", numbers in sequence), other headings
   ("Objective 1: ..." right before a numbered paragraph), "Annex" (its paragraphs are
   numbered anew), unnumbered blocks (summary, preamble, or all text when nothing is
   numbered) and footnote blocks (a rule line "____" and the "N  text" entries under it).
3. Each paragraph's raw pieces are repaired (:mod:`~migkg.extract.repair`), footnote
   markers are taken out and matched to the footnotes actually defined, and points,
   document references and URLs are found in the repaired text
   (:mod:`~migkg.extract.assemble`, :mod:`~migkg.extract.inline`).

Sequence is the main evidence throughout: the next paragraph number, section numeral,
subsection letter and footnote number are known, so "2017." or "15 November" at the start
of a line is not mistaken for a paragraph or a footnote.

This module is the entry point: :func:`parse_file` and :func:`parse_text`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from migkg.extract.assemble import assemble
from migkg.extract.lines import Layout, document_symbol, mark_layout_lines, split_lines
from migkg.extract.model import Document, Metadata
from migkg.extract.numbering import int_to_roman, roman_to_int
from migkg.extract.reader import read_units
from migkg.extract.refs import symbol_slug
from migkg.extract.repair import zipf
from migkg.extract.sources import load_metadata, read_source, sidecar_metadata

__all__ = ["int_to_roman", "load_metadata", "parse_file", "parse_text", "read_source", "roman_to_int"]


def parse_text(
    source: str,
    *,
    metadata: Metadata | None = None,
    source_path: str = "<text>",
    bold: frozenset[int] = frozenset(),
) -> Document:
    """Parse the text of a UN document (offsets are indices into ``source``). ``bold`` holds
    the offsets where lines set in bold begin (their first character), where the text was
    read from a PDF: a bold title is a heading even when long or wrapped."""
    lines = split_lines(source)
    for ln in lines:
        ln.bold = ln.begin + ln.indent in bold
    symbol = document_symbol(lines)
    mark_layout_lines(lines, symbol)
    layout = Layout.measure(lines)
    reading = read_units(lines, layout)
    if metadata is None:
        stem = Path(source_path).stem if source_path != "<text>" else "document"
        metadata = Metadata(doc_id=symbol_slug(symbol) if symbol else stem, symbol=symbol)
    elif metadata.symbol is None and symbol:
        metadata = replace(metadata, symbol=symbol)  # a sidecar without a symbol
    document = assemble(source, lines, layout, reading, metadata, source_path)
    noise = unknown_word_share(document)
    if noise > NOISY_TEXT_SHARE:
        warning = (
            f"{noise:.0%} of the lower-case words are not English words: the text looks like a damaged "
            "OCR layer; expect damaged numbers, words and footnotes"
        )
        document = replace(document, warnings=(*document.warnings, warning))
    return document


# Above this share of unknown lower-case words a text is an OCR layer of poor quality (the
# 1989 scan of the corpus: 3 %; born-digital texts: 0-1 %, foreign names included).
NOISY_TEXT_SHARE = 0.02
_WORD = re.compile(r"\b[a-z]{3,}\b")


def unknown_word_share(document: Document) -> float:
    """The share of the paragraphs' lower-case words that no English word list knows."""
    words = [w for p in (*document.preamble, *document.paragraphs) for w in _WORD.findall(p.text)]
    return sum(1 for w in words if zipf(w) == 0) / len(words) if words else 0.0


def parse_file(path: str | Path) -> Document:
    """Parse a text file; its metadata comes from ``<stem>.json`` beside it when present."""
    path = Path(path)
    source = read_source(path)
    return parse_text(source, metadata=sidecar_metadata(path), source_path=str(path))
