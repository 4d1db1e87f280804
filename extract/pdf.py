"""PDF in: the official UN PDF read at the character level into the text the structure parser reads.

The library is pypdfium2 (Apache-2.0 / BSD-3-Clause, compatible with migkg's MIT licence):
Python bindings to PDFium, the PDF engine of Chromium, maintained by Google and fuzzed
continuously (OSS-Fuzz), shipped as binary wheels with no system dependency. It gives every
character with its box, baseline origin, font size and weight, and whether PDFium generated
it (a space or line end it inferred) or it is a hyphen, in about a millisecond per page of
ctypes calls. pdfplumber / pdfminer.six (MIT) give the same facts but parse the content
streams in pure Python, 10-50 times slower (0.2-1 s a page against the 0.1 s target), and
PyMuPDF is AGPL.

What the PDF states outright, and the text guesses at, is used here and written into the
text in a form the parser takes for sure:

- footnote markers: digits set smaller than their line and raised above its baseline become
  ``[^N]`` (the parser's explicit marker of a cleaned text);
- footnote blocks: the run of smaller-type lines at a page's bottom that starts with a note
  number is written under a rule line as one ``[^N]: text`` line per note (a note continued
  on the next page is joined to its start);
- running headers and footers, page numbers, job numbers and barcodes: lines in the top or
  bottom margin band that repeat (digits aside) on other pages, or look like page or job
  numbers, are dropped;
- a word hyphenated at a line end (a soft hyphen, or a hyphen PDFium marks as one) is joined
  on its first line; a real hyphen ("well-" / "managed") stays for the parser's repair;
- ligatures (ﬁ, ﬂ, ﬀ, ...) become their letters;
- the masthead: the symbol, distribution, date, session and agenda item, each printed on a
  line (or a column of a line) of its own at the top of the first page, become the
  document's metadata where no sidecar gives them.

Lines keep their horizontal position as leading spaces (one column per ~half an em of body
type), like ``pdftotext -layout``, whose output the parser reads best; pages are separated by
form feeds. The text is the source of every offset: :class:`PdfText` keeps where each page
starts in it, so a paragraph's span gives its page(s).

Bad PDFs are refused with one :class:`InputError` line: not a PDF, truncated, corrupt,
encrypted, too large or too many pages (a PDF bomb: bounded size, pages, characters per page
and reading time), no text layer (a scan without OCR). A scan with an OCR layer is read,
with a warning that its text is only as good as the OCR.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import re
import statistics
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from migkg.extract.errors import InputError
from migkg.extract.model import Document, Metadata, PageLayout, PrintedLine
from migkg.extract.refs import is_symbol, symbol_slug
from migkg.extract.sources import read_file

# --- limits: a PDF bomb must cost bounded time and memory ---------------------------------
MAX_PDF_BYTES = 100 * 2**20  # UN documents are well under 10 MiB; scans a few MiB a page at most
MAX_PDF_PAGES = 1000  # the longest UN reports run to a few hundred pages
MAX_PAGE_CHARS = 50_000  # a dense page of small type holds about 10,000 characters
MAX_READ_SECONDS = 120.0  # about 0.01 s a page is usual
MIN_TEXT_CHARS = 20  # fewer visible characters in the whole file: no text layer
# Where a PDF's trailer must end (the %%EOF marker), counted from the file's end: readers
# accept it in the last 1,024 bytes.
EOF_WINDOW = 1024

# --- layout thresholds, as fractions of the body type size ---------------------------------
MARKER_SIZE = 0.8  # a footnote marker is set at most this size of its line's type ...
MARKER_RISE = 0.15  # ... and its baseline raised at least this much
NOTE_SIZE = 0.92  # footnote lines are set at most this size of the body type
MARGIN_BAND = 0.1  # running headers and footers sit within this share of the page height
WORD_GAP = 0.2  # a gap wider than this between two characters is a space
COLUMN_GAP = 1.0  # a gap wider than this (a tab stop, another column) keeps its width
BLANK_GAP = 2.0  # a baseline step wider than this (in type sizes) leaves a blank line
COLUMN_WIDTH = 0.5  # one text column of the layout is this share of the body type size

BOLD_WEIGHT = 600  # a font this heavy or more is bold (400 is regular, 700 bold)
FORCE_BOLD = 1 << 18  # a font descriptor's ForceBold flag (bit 19)

SOFT_HYPHENS = frozenset("\u00ad\u0002\ufffe")
_PAGE_NUMBER = re.compile(r"[-–]?\s*\d{1,4}\s*[-–]?|\d{1,4}\s*/\s*\d{1,4}|page \d+( of \d+)?", re.IGNORECASE)
# a job number with or without the language code and date: "17-22297 (E) 211217", "GE.14-12345"
_JOB_NUMBER = re.compile(r"(?:[A-Z]{2}\.)?\d{2}-\d{4,5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?\s*(?:\*\d+\*)?")
_TEXT_RULE = re.compile(r"[_\-–—.]{4,}")
_BARCODE = re.compile(r"\*\s?\d{5,}\s?\*")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS)}) (\d{{4}})\b")
# the masthead's lines: "Distr.: General" (a scan: "Distr." over "GENERAL"), "Seventy-ninth
# session", "Agenda item 20 (b)", "Agenda items 18 and 123", "Item 69 of the provisional agenda*"
_DISTRIBUTION = re.compile(r"Distr\.?\s*:?\s*(General|Limited|Restricted)?", re.IGNORECASE)
_SESSION = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)? (?:special |emergency special )?session\*?")
_AGENDA_ITEM = re.compile(
    r"(?:(?:Provisional )?[Aa]genda items? (?P<items>[\w ().,-]+?)|Items? (?P<of>[\w ().,-]+?) of the (?:provisional|preliminary) (?:agenda|list))\*?"
)
# a starred note's line: "* The annex ... is circulated as received.", "** Reissued ..."
_STARRED_NOTE = re.compile(r"(\*{1,3})\s+(?=\S)")
MASTHEAD_LINES = 25  # the masthead is among the first page's first lines


@dataclass(frozen=True, slots=True)
class Masthead:
    """What the first page's masthead says of the document (None: not printed there)."""

    symbol: str | None = None  # "A/RES/79/217"
    distribution: str | None = None  # "General"
    date: str | None = None  # ISO date under "Distr.:"
    session: str | None = None  # "Seventy-ninth session"
    agenda_item: str | None = None  # "20 (b)"


@dataclass(frozen=True, slots=True)
class PdfText:
    """The text read from a PDF, where each page starts in it, and what the PDF says of itself."""

    text: str
    page_starts: tuple[int, ...]  # offset in ``text`` where page k+1 begins
    sha256: str  # of the PDF file's bytes
    page_count: int
    masthead: Masthead = Masthead()
    warnings: tuple[str, ...] = ()
    layout: PageLayout = field(default_factory=lambda: PageLayout(()), repr=False)  # where each character is printed
    bold: frozenset[int] = frozenset()  # where the body's lines set in bold begin in ``text``

    @property
    def date(self) -> str | None:
        """The ISO date of the masthead ("Distr.: General 23 December 2024")."""
        return self.masthead.date

    def page_at(self, offset: int) -> int:
        """The 1-based page the text offset falls on."""
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    y: float  # baseline (origin y, PDF points from the page bottom)
    size: float
    soft_hyphen: bool = False
    bottom: float = 0.0  # the glyph's (loose) box
    top: float = 0.0
    bold: bool = False  # set in a font of weight 600 or more


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    low: float  # vertical band of the line
    high: float
    size: float = 0.0  # dominant type size
    y: float = 0.0  # dominant baseline
    text: str = ""
    x0: float = 0.0
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, digits) in text
    page: int = 0  # 1-based
    bold: bool = False  # every character set in bold
    bottom: float = 0.0  # the line's printed extent
    top: float = 0.0
    boxes: list[_Box] = field(default_factory=list)  # where each character of ``text`` is printed

    def finish(self) -> None:
        self.chars.sort(key=lambda c: c.x0)
        visible = [c for c in self.chars if not c.text.isspace()] or self.chars
        sizes = Counter(round(c.size, 1) for c in visible)
        self.size = sizes.most_common(1)[0][0]
        self.y = statistics.median(c.y for c in visible if round(c.size, 1) == self.size)
        self.x0 = visible[0].x0
        self.bottom = min(c.bottom for c in visible)
        self.top = max(c.top for c in visible)
        self.bold = all(c.bold for c in visible)

    @property
    def printed(self) -> _Printed:
        return _Printed(self.text, list(self.boxes))


# where a character of the text is printed: its line and left and right edges (None: a
# character migkg wrote, like a space between words or a note's rule)
_Box = tuple[_Line, float, float] | None


@dataclass(slots=True)
class _Printed:
    """Text with where each of its characters is printed."""

    text: str = ""
    boxes: list[_Box] = field(default_factory=list)

    @classmethod
    def written(cls, text: str) -> _Printed:
        """Text migkg writes itself (spaces, a note's rule): printed nowhere."""
        return cls(text, [None] * len(text))

    def __add__(self, other: _Printed) -> _Printed:
        return _Printed(self.text + other.text, self.boxes + other.boxes)

    def __iadd__(self, other: _Printed) -> _Printed:
        self.text += other.text
        self.boxes.extend(other.boxes)
        return self

    def __getitem__(self, index: slice) -> _Printed:
        return _Printed(self.text[index], self.boxes[index])

    def __bool__(self) -> bool:
        return bool(self.text)

    def lstrip(self) -> _Printed:
        return self[len(self.text) - len(self.text.lstrip()) :]

    def rstrip(self) -> _Printed:
        return self[: len(self.text.rstrip())]

    def strip(self) -> _Printed:
        return self.lstrip().rstrip()

    @staticmethod
    def joined(separator: str, parts: list[_Printed]) -> _Printed:
        boxes: list[_Box] = []
        for k, part in enumerate(parts):
            if k:
                boxes.extend([None] * len(separator))
            boxes.extend(part.boxes)
        return _Printed(separator.join(part.text for part in parts), boxes)


def read_pdf(path: Path) -> PdfText:
    """Read the PDF at ``path`` into text, or refuse it with an :class:`InputError`."""
    import pypdfium2 as pdfium

    name = str(path)
    data = _read_pdf_bytes(path)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise InputError(name, _open_problem(e.err_code)) from None
    try:
        return _Reader(name, pdf, hashlib.sha256(data).hexdigest()).read()
    finally:
        pdf.close()


def _read_pdf_bytes(path: Path) -> bytes:
    name = str(path)
    data = read_file(path, kind="PDF", limit=MAX_PDF_BYTES, plural="PDFs")
    if not data:
        raise InputError(name, "empty file")
    if b"%PDF-" not in data[:EOF_WINDOW]:
        raise InputError(name, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise InputError(name, "truncated or corrupt PDF (no %%EOF at its end)")
    return data


def _open_problem(code: int | None) -> str:
    import pypdfium2.raw as pdfium_c

    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted PDF (password-protected): migkg cannot read it"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted PDF (unsupported security handler): migkg cannot read it"
    return "corrupt PDF (PDFium cannot open it)"


class _Reader:
    """One PDF's pages -> lines -> body, notes and furniture -> text."""

    def __init__(self, name: str, pdf: object, sha256: str) -> None:
        self.name = name
        self.pdf = pdf
        self.sha256 = sha256
        self.warnings: list[str] = []

    def read(self) -> PdfText:
        import pypdfium2 as pdfium

        pdf = self.pdf
        assert isinstance(pdf, pdfium.PdfDocument)
        count = len(pdf)
        if count == 0:
            raise InputError(self.name, "PDF without pages")
        if count > MAX_PDF_PAGES:
            raise InputError(self.name, f"too many pages ({count}; migkg reads PDFs of up to {MAX_PDF_PAGES} pages)")
        started = time.monotonic()
        pages: list[tuple[float, list[_Line]]] = []
        visible = 0
        for k in range(count):
            try:
                page = pdf[k]
            except pdfium.PdfiumError:
                raise InputError(self.name, f"corrupt PDF (page {k + 1} cannot be read)") from None
            height = page.get_height()
            chars = _page_chars(self.name, page, k)
            page.close()
            visible += sum(1 for c in chars if not c.text.isspace())
            lines = _lines(chars)
            for ln in lines:
                ln.page = k + 1
            pages.append((height, lines))
            if time.monotonic() - started > MAX_READ_SECONDS:
                raise InputError(self.name, f"reading took over {MAX_READ_SECONDS:g} s (page {k + 1} of {count})")
        if visible < MIN_TEXT_CHARS:
            raise InputError(self.name, "no text layer (a scan without OCR: run OCR first, e.g. ocrmypdf)")
        if _is_scan(pdf):
            self.warnings.append(
                f"{self.name}: a scanned PDF read from its OCR text layer: its text is only as good as the OCR"
            )
        return _Layout(pages, self.sha256).render(self.warnings)


def _page_chars(name: str, page: object, k: int) -> list[_Char]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    assert isinstance(page, pdfium.PdfPage)
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = pdfium_c.FPDFText_CountChars(tp)
        if n > MAX_PAGE_CHARS:
            raise InputError(name, f"page {k + 1} holds {n} characters (migkg reads up to {MAX_PAGE_CHARS} a page)")
        rect = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        chars: list[_Char] = []
        for i in range(n):
            if pdfium_c.FPDFText_IsGenerated(tp, i):
                continue
            code = pdfium_c.FPDFText_GetUnicode(tp, i)
            ch = chr(code) if 0 < code < 0x110000 else ""
            # only a soft hyphen is hyphenation for sure: PDFium's IsHyphen flags any hyphen
            # at a line end, real ones ("three-" / "year") too
            soft = ch in SOFT_HYPHENS
            if soft:
                ch = "-"
            elif not ch or ch in "\r\n" or (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch != "\t"):
                continue
            ch = as_letters(ch)
            # the loose box spans the glyph's advance: narrow glyphs ("1") keep their place
            pdfium_c.FPDFText_GetLooseCharBox(tp, i, rect)
            left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
            pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
            size = pdfium_c.FPDFText_GetFontSize(tp, i)
            if size <= 1.5:  # a size carried by the text matrix: the glyph's box tells it
                size = max(1.0, (top - bottom) * 0.9)
            weight = pdfium_c.FPDFText_GetFontWeight(tp, i)
            bold = weight >= BOLD_WEIGHT if weight > 0 else _named_bold(tp, i)
            chars.append(_Char(ch, left, max(right, left), oy.value, size, soft, bottom, max(top, bottom), bold))
        return chars
    finally:
        textpage.close()


def _named_bold(tp: object, i: int) -> bool:
    """Whether character ``i``, whose font gives no weight (a standard font without a
    descriptor), is set in bold by its font's name ("Times-Bold") or ForceBold flag."""
    import pypdfium2.raw as pdfium_c

    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(tp, i, None, 0, ctypes.byref(flags))
    name = ctypes.create_string_buffer(max(1, size))
    pdfium_c.FPDFText_GetFontInfo(tp, i, name, size, ctypes.byref(flags))
    return bool(flags.value & FORCE_BOLD) or any(word in name.value for word in (b"Bold", b"Black", b"Heavy"))


def _is_scan(pdf: object) -> bool:
    """Whether the first page is an image covering most of the page (text from OCR)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    assert isinstance(pdf, pdfium.PdfDocument)
    page = pdf[0]
    try:
        width, height = page.get_size()
        for obj in page.get_objects(max_depth=1):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                x0, y0, x1, y1 = obj.get_bounds()
                if (x1 - x0) * (y1 - y0) > 0.5 * width * height:
                    return True
        return False
    finally:
        page.close()


def as_letters(ch: str) -> str:
    """A ligature as its letters ("ﬁ" -> "fi"), a tab or no-break space as a space."""
    if "\ufb00" <= ch <= "\ufb06":
        return unicodedata.normalize("NFKC", ch)
    return " " if ch in "\t\xa0" else ch


def as_letters_text(text: str) -> str:
    """:func:`as_letters` on every character of ``text``."""
    return "".join(map(as_letters, text))


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters in content order -> lines, top to bottom (a raised marker stays on its line)."""
    lines: list[_Line] = []
    cur: _Line | None = None
    for c in chars:
        low, high = c.y - 0.2 * c.size, c.y + 0.8 * c.size
        if cur is not None and not c.text.isspace():
            overlap = min(high, cur.high) - max(low, cur.low)
            last = cur.chars[-1]
            backwards = c.x0 < last.x0 - 2 * c.size
            if overlap >= 0.5 * min(high - low, cur.high - cur.low) and not backwards:
                cur.chars.append(c)
                cur.low, cur.high = min(cur.low, low), max(cur.high, high)
                continue
        elif cur is not None:  # a space belongs to the line it follows
            cur.chars.append(c)
            continue
        cur = _Line([c], low, high)
        lines.append(cur)
    lines = [ln for ln in lines if any(not c.text.isspace() for c in ln.chars) and not _is_rule(ln)]
    for ln in lines:
        ln.finish()
    lines.sort(key=lambda ln: (-ln.y, ln.x0))
    merged: list[_Line] = []
    for ln in lines:  # pieces of one line written apart in the content stream
        prev = merged[-1] if merged else None
        if prev is not None and abs(prev.y - ln.y) < 0.3 * min(prev.size, ln.size):
            prev.chars.extend(ln.chars)
            prev.low, prev.high = min(prev.low, ln.low), max(prev.high, ln.high)
            prev.finish()
        else:
            merged.append(ln)
    return merged


@dataclass(slots=True)
class _Note:
    number: int | None  # None: a starred note, or a note's text continued from the previous page
    text: _Printed
    label_box: _Box = None  # where its number or stars are printed
    stars: str | None = None  # a starred note's marker: "*", "**"

    @property
    def continued(self) -> bool:
        """Text continued from the previous page's last note."""
        return self.number is None and self.stars is None


@dataclass(slots=True)
class _Page:
    body: list[_Line]
    notes: list[_Note]


class _Layout:
    """The document's pages: furniture dropped, notes set apart, text written."""

    def __init__(self, pages: list[tuple[float, list[_Line]]], sha256: str) -> None:
        self.raw = pages
        self.sha256 = sha256
        sizes: Counter[float] = Counter()
        for _, lines in pages:
            for ln in lines:
                sizes[ln.size] += len(ln.chars)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 10.0
        self.column = COLUMN_WIDTH * self.body_size

    def render(self, warnings: list[str]) -> PdfText:
        for _, lines in self.raw:
            for ln in lines:
                self._line_text(ln)
        furniture = self._furniture()
        pages: list[_Page] = []
        for _, lines in self.raw:
            kept = [ln for ln in lines if id(ln) not in furniture]
            pages.append(self._split_notes(kept, bool(pages and pages[-1].notes)))
        for k in range(1, len(pages)):  # a note continued on the next page joins its start
            while pages[k].notes and pages[k].notes[0].continued and pages[k - 1].notes:
                cont = pages[k].notes.pop(0)
                prev = pages[k - 1].notes[-1]
                prev.text = _join(prev.text, cont.text)
        chunks = [self._page_text(page) for page in pages]
        starts = [sum(len(c.text) + 1 for c in chunks[:k]) for k in range(len(chunks))]
        out = _Printed.joined("\f", chunks)
        if not out.text.endswith("\n"):
            out += _Printed.written("\n")
        return PdfText(
            out.text,
            tuple(starts),
            self.sha256,
            len(self.raw),
            _masthead(pages),
            tuple(warnings),
            _page_layout(out.boxes),
            _bold_starts(out),
        )

    # -- furniture ---------------------------------------------------------------------------

    def _furniture(self) -> set[int]:
        """Ids of the lines that are running headers, footers, page or job numbers: in the
        top or bottom band of the page, and repeated (digits aside) at the same height on
        another page, or a page number, job number or barcode. A note is never one."""
        candidates: list[tuple[int, _Line, str, str]] = []
        for k, (height, lines) in enumerate(self.raw):
            for ln in lines:
                band = "top" if ln.y > (1 - MARGIN_BAND) * height else "bottom" if ln.y < MARGIN_BAND * height else ""
                if not band or (ln.markers and ln.markers[0][0] == 0):
                    continue
                key = re.sub(r"\d+", "#", " ".join(ln.text.split()))
                candidates.append((k, ln, band, key))
        at: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for k, ln, band, key in candidates:
            at.setdefault((band, key), []).append((k, ln.y))
        dropped = set()
        for k, ln, band, key in candidates:
            text = " ".join(ln.text.split())
            repeated = any(j != k and abs(y - ln.y) < 3 for j, y in at[band, key])
            if (
                repeated
                or _BARCODE.search(text)
                or all(
                    _PAGE_NUMBER.fullmatch(t) or _JOB_NUMBER.fullmatch(t) for t in re.split(r"\s{2,}", ln.text.strip())
                )
            ):
                dropped.add(id(ln))
        return dropped

    # -- notes -------------------------------------------------------------------------------

    def _split_notes(self, lines: list[_Line], continued: bool) -> _Page:
        """The page's body lines and its notes: the run of smaller lines at its bottom."""
        k = len(lines)
        while k > 0 and lines[k - 1].size <= NOTE_SIZE * self.body_size:
            k -= 1
        region = lines[k:]
        first = next((i for i, ln in enumerate(region) if _note_number(ln) is not None), None)
        if first is None or not region:
            return _Page(lines, [])
        if first > 0 and not continued:
            k, region = k + first, region[first:]
        notes: list[_Note] = []
        for ln in region:
            number = _note_number(ln)
            text = ln.printed
            stars = _STARRED_NOTE.match(text.text)
            if stars and (notes or number is None):  # "* Reissued for technical reasons"
                notes.append(_Note(None, text[stars.end() :].strip(), text.boxes[0], stars.group(1)))
            elif number is not None:
                digits = ln.markers[0][2] if ln.markers and ln.markers[0][0] == 0 else str(number)
                rest = text[len(digits) :] if text.text.startswith(digits) else text
                marker = re.match(r"\[\^\d+\]", rest.text)
                rest = rest[marker.end() :] if marker else rest
                notes.append(_Note(number, rest.strip(), text.boxes[0] if text.boxes else None))
            elif notes:
                notes[-1].text = _join(notes[-1].text, text.strip())
            else:
                notes.append(_Note(None, text.strip()))
        return _Page(lines[:k], notes)

    # -- text --------------------------------------------------------------------------------

    def _line_text(self, ln: _Line) -> None:
        """The line as text, raised small digits written ``[^N]``; where each character is printed."""
        parts: list[str] = []
        boxes: list[_Box] = []
        prev: _Char | None = None
        space = False
        i = 0
        chars = ln.chars
        while i < len(chars):
            c = chars[i]
            if c.text.isspace():
                space = True
                i += 1
                continue
            if prev is not None:
                gap = c.x0 - prev.x1
                pad = ""
                if gap > COLUMN_GAP * ln.size:
                    col = int(round((c.x0 - ln.x0) / self.column))
                    pad = " " * max(2, col - len(boxes))
                elif space or gap > WORD_GAP * min(c.size, ln.size):
                    pad = " "
                parts.append(pad)
                boxes.extend([None] * len(pad))
            space = False
            if c.text.isdigit() and self._raised(c, ln):
                j = i
                while j < len(chars) and chars[j].text.isdigit() and self._raised(chars[j], ln):
                    j += 1
                digits = "".join(ch.text for ch in chars[i:j])
                start = len(boxes)
                marker = f"[^{int(digits)}]"
                parts.append(marker)
                boxes.extend([(ln, c.x0, chars[j - 1].x1)] * len(marker))
                ln.markers.append((start, start + len(marker), digits))
                prev = chars[j - 1]
                i = j
                continue
            parts.append(c.text)
            boxes.extend([(ln, c.x0, c.x1)] * len(c.text))
            prev = c
            i += 1
        ln.text = "".join(parts).rstrip()
        ln.boxes = boxes[: len(ln.text)]

    def _raised(self, c: _Char, ln: _Line) -> bool:
        return c.size <= MARKER_SIZE * ln.size and c.y - ln.y >= MARKER_RISE * ln.size

    def _page_text(self, page: _Page) -> _Printed:
        lines = page.body
        out: list[_Printed] = []
        carry = ""  # the end of a word hyphenated at the previous line's end
        for i, ln in enumerate(lines):
            text = ln.printed
            if carry:
                text = text.lstrip()
                cut = text.text.find(" ")
                word, rest = (text, _Printed()) if cut < 0 else (text[:cut], text[cut + 1 :])
                out[-1] += word
                text = _Printed.written(" " * self._indent(ln)) + rest.lstrip() if rest.text.strip() else _Printed()
                carry = ""
            if ln.chars and ln.chars[-1].soft_hyphen and text.text.endswith("-"):
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                if nxt is not None and nxt.text[:1].islower():
                    text = text[:-1]
                    carry = "-"
            if i and ln.y < lines[i - 1].y - BLANK_GAP * max(ln.size, lines[i - 1].size) and out:
                out.append(_Printed())
            if text or not carry:
                out.append(_Printed.written(" " * self._indent(ln)) + text.lstrip() if text else _Printed())
        while out and not out[-1].text.strip():
            out.pop()
        if page.notes:
            out.append(_Printed())
            out.append(_Printed.written(" " * 4 + "_" * 18))
            for note in page.notes:
                label = _Printed.written(" " * 4)
                if note.number is not None:
                    marker = f"[^{note.number}]"
                    label += _Printed(marker, [note.label_box] * len(marker)) + _Printed.written(": ")
                elif note.stars is not None:
                    label += _Printed(note.stars, [note.label_box] * len(note.stars)) + _Printed.written(" ")
                out.append(label + note.text)
        return _Printed.joined("\n", out) + _Printed.written("\n")

    def _indent(self, ln: _Line) -> int:
        return max(0, int(round(ln.x0 / self.column)) - 8)


def _note_number(ln: _Line) -> int | None:
    """The number a footnote line starts with: raised digits, or digits and a gap."""
    if ln.markers and ln.markers[0][0] == 0:
        return int(ln.markers[0][2])
    m = re.match(r"(\d{1,3})\s+\S", ln.text)
    if m and ln.chars and ln.chars[0].text.isdigit():
        digits = m.group(1)
        after = ln.chars[len(digits)] if len(ln.chars) > len(digits) else None
        if after is not None and after.x0 - ln.chars[len(digits) - 1].x1 > 0.5 * ln.size:
            return int(digits)
    return None


def _is_rule(ln: _Line) -> bool:
    """A rule drawn with characters ("______"): the notes' rule is written anew."""
    return bool(_TEXT_RULE.fullmatch("".join(c.text for c in ln.chars if not c.text.isspace())))


def _join(first: _Printed, second: _Printed) -> _Printed:
    if first.text.endswith("-") and second.text[:1].islower():
        return first + second  # a real hyphen at the line end stays ("well-managed")
    return first + _Printed.written(" ") + second if first and second else first or second


def _bold_starts(out: _Printed) -> frozenset[int]:
    """Where each line of the text whose characters are all printed in bold begins (its first
    character): a title, which the structure parser takes as a heading."""
    starts = set()
    begin = 0
    for row in out.text.split("\n"):
        boxes = [box for box in out.boxes[begin : begin + len(row)] if box is not None]
        if boxes and all(box[0].bold for box in boxes):
            starts.add(begin + len(row) - len(row.lstrip(" \f")))
        begin += len(row) + 1
    return frozenset(starts)


def _page_layout(boxes: list[_Box]) -> PageLayout:
    """Runs of characters printed on one line, in text order, from each character's box."""
    runs: list[PrintedLine] = []
    i, n = 0, len(boxes)
    while i < n:
        box = boxes[i]
        if box is None:
            i += 1
            continue
        line, begin, last = box[0], i, i
        lefts, rights = [box[1]], [box[2]]
        j = i + 1
        while j < n:
            nxt = boxes[j]
            if nxt is None:
                j += 1
                continue
            if nxt[0] is not line:
                break
            for _ in range(last + 1, j):  # a space between two characters spans their gap
                lefts.append(rights[-1])
                rights.append(max(rights[-1], nxt[1]))
            lefts.append(nxt[1])
            rights.append(nxt[2])
            last = j
            j += 1
        runs.append(
            PrintedLine(
                begin,
                line.page,
                line.bottom,
                line.top,
                tuple(lefts),
                tuple(rights),
            )
        )
        i = last + 1
    return PageLayout(tuple(runs))


def _masthead(pages: list[_Page]) -> Masthead:
    """The masthead of the first page: each fact on a line, or a column of a line, of its own
    (a symbol in the title or the text is not the document's)."""
    if not pages:
        return Masthead()
    lines = pages[0].body[:MASTHEAD_LINES]
    cells = [[cell.strip() for cell in re.split(r"\s{2,}", ln.text.strip()) if cell.strip()] for ln in lines]
    flat = [cell for row in cells for cell in row]
    symbols = [cell for cell in flat if is_symbol(cell)]
    symbol = symbols[0] if symbols else None
    if symbol is not None and len(symbols) > 1 and symbols[1].split("/")[0] != symbol.split("/")[0]:
        after = flat.index(symbols[0])
        if flat[after + 1 : after + 2] == [symbols[1]]:  # two symbols stacked: a joint document
            symbol = f"{symbol}-{symbols[1]}"
    distribution = date = session = agenda_item = None
    text = "\n".join(ln.text for ln in lines)
    anchor = text.find("Distr")
    if anchor >= 0:
        m = _DATE.search(text, anchor)
        if m:
            date = f"{m.group(3)}-{_MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"
        for k, cell in enumerate(flat):
            m = _DISTRIBUTION.fullmatch(cell)
            if m:
                word = m.group(1) or (flat[k + 1] if k + 1 < len(flat) else "")
                if word.lower() in ("general", "limited", "restricted"):
                    distribution = word.capitalize()
                break
    for cell in flat:
        if session is None and _SESSION.fullmatch(cell):
            session = cell.rstrip("*")
        m = _AGENDA_ITEM.fullmatch(cell)
        if agenda_item is None and m:
            agenda_item = (m.group("items") or m.group("of")).strip()
    return Masthead(symbol, distribution, date, session, agenda_item)


def parse_pdf(path: str | Path) -> tuple[Document, PdfText]:
    """Read a PDF and parse the text read from it; each paragraph knows its page(s).

    Metadata comes from ``<stem>.json`` beside the PDF when present; what it leaves out
    (symbol, distribution, date, session, agenda item, pages) comes from the PDF's masthead
    and page count. The document's source is the text read (``<doc_id>.txt``), whose offsets
    every span gives; the PDF's name and checksum are kept.
    """
    from migkg.extract.sources import sidecar_metadata
    from migkg.extract.structure import parse_text

    path = Path(path)
    pdf = read_pdf(path)
    metadata = sidecar_metadata(path)
    masthead = pdf.masthead
    if metadata is None and masthead.symbol is not None:
        metadata = Metadata(doc_id=symbol_slug(masthead.symbol), symbol=masthead.symbol)
    document = parse_text(pdf.text, metadata=metadata, source_path=str(path), bold=pdf.bold)
    meta = document.metadata
    meta = replace(
        meta,
        symbol=meta.symbol or masthead.symbol,
        distribution=meta.distribution or masthead.distribution,
        date=meta.date or masthead.date,
        session=meta.session or masthead.session,
        agenda_item=meta.agenda_item or masthead.agenda_item,
        pages=meta.pages or pdf.page_count,
    )
    document = replace(
        document,
        metadata=meta,
        source_path=f"{meta.doc_id}.txt",
        pdf_file=path.name,
        pdf_sha256=pdf.sha256,
        warnings=(*pdf.warnings, *document.warnings),
        layout=pdf.layout,
    )
    return document, pdf
