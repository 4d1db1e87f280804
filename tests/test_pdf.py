"""PDF input (issue 12): PDFs the tests write with pypdfium2 or by hand, and the corpus PDFs.

Bad PDFs (not a PDF, truncated, corrupt, encrypted, no text layer, too many pages or
characters) get one error line naming the file, exit code 2, and nothing written.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Literal, URIRef

from migkg.cli import main
from migkg.extract import pdf as pdfmod
from migkg.extract.errors import InputError
from migkg.extract.model import Span
from migkg.extract.pdf import parse_pdf, read_pdf
from migkg.graph.iris import MIGO

pdfium = pytest.importorskip("pypdfium2")
pdfium_c = pytest.importorskip("pypdfium2.raw")

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

Item = tuple[float | None, float, float, str]  # x (None: right after the previous piece), y, type size, text


def write_pdf(path: Path, pages: list[list[Item]], bold: frozenset[str] = frozenset()) -> Path:
    """A PDF with the given text pieces (Times-Roman; the pieces in ``bold`` Times-Bold)."""
    pdf = pdfium.PdfDocument.new()
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Times-Roman")
    bold_font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Times-Bold")
    for items in pages:
        page = pdf.new_page(612, 792)
        right = 0.0
        for x, y, size, text in items:
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, bold_font if text in bold else font, size)
            data = (text + "\0").encode("utf-16-le")
            pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(data) // 2)).from_buffer_copy(data))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, right if x is None else x, y)
            bounds = [ctypes.c_float() for _ in range(4)]
            pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(b) for b in bounds))
            right = bounds[2].value
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path))
    pdf.close()
    return path


def hand_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF written by hand: numbered objects, a cross-reference table, a trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def report_pages(page_count: int) -> list[list[Item]]:
    """A small report: a masthead, numbered paragraphs, a raised marker, a note at the page
    bottom, a running header and a page number on every page."""
    pages: list[list[Item]] = []
    for k in range(1, page_count + 1):
        items: list[Item] = [(72, 760, 10, "A/99/1"), (300, 30, 10, str(k))]
        if k == 1:
            items += [(72, 720, 10, "United Nations"), (400, 720, 10, "Distr.: General"), (400, 708, 10, "5 May 2025")]
        para = 2 * k - 1
        items += [
            (72, 650, 10, f"{para}. The Secretary-General reports on the matter in question"),
            (72, 638, 10, "and its follow-up by Member States."),
            (72, 614, 10, f"{para + 1}. Member States should act on the recommendation"),
            (72, 602, 10, "made in the report"),
        ]
        if k == 1:
            items += [
                (156, 606, 6, "1"),
                (162, 602, 10, " of the Secretary-General."),
                (72, 90, 6, "1"),
                (76, 86, 8, "A/98/7, para. 3."),
            ]
        else:
            items += [(156, 602, 10, " of the Secretary-General.")]
        pages.append(items)
    return pages


@pytest.fixture
def report_pdf(tmp_path) -> Path:
    return write_pdf(tmp_path / "report.pdf", report_pages(3))


# --- reading ---------------------------------------------------------------------------------


def test_markers_notes_and_furniture(report_pdf):
    read = read_pdf(report_pdf)
    assert "recommendation\n" in read.text
    assert re.search(r"report ?\s*\[\^1\] of the Secretary-General\.", read.text)
    assert "[^1]: A/98/7, para. 3." in read.text
    # the running header and the page numbers are dropped (the masthead's symbol is kept once)
    assert read.text.count("A/99/1") == 0 or read.text.count("A/99/1") == 1
    assert not any(line.strip() in {"1", "2", "3"} for line in read.text.splitlines())
    assert read.page_count == 3 and len(read.page_starts) == 3
    assert read.date == "2025-05-05"
    assert read.sha256 == hashlib.sha256(report_pdf.read_bytes()).hexdigest()


def test_paragraphs_know_their_pages(report_pdf):
    document, read = parse_pdf(report_pdf)
    numbered = {p.number: p for p in document.paragraphs if p.number is not None}
    assert sorted(numbered) == [1, 2, 3, 4, 5, 6]
    assert document.layout is not None
    pages = [document.layout.pages(numbered[n].segments or (numbered[n].span,)) for n in range(1, 7)]
    assert pages == [(1,), (1,), (2,), (2,), (3,), (3,)]
    assert [f.number for f in document.footnotes] == [1]
    assert document.footnotes[0].cited_by == ("para_2",)
    for p in document.paragraphs:
        assert read.text[p.span.begin : p.span.end].lstrip().startswith(f"{p.number}.")
    assert document.pdf_sha256 == read.sha256 and document.pdf_file == "report.pdf"
    assert document.source_sha256 == hashlib.sha256(read.text.encode("utf-8")).hexdigest()


def test_ligatures_become_letters():
    # (a standard font cannot write a ligature into a test PDF: the mapping itself is tested)
    word = "e\ufb03cient o\ufb03ce \ufb01ne \ufb02uid \ufb00ort"
    assert "".join(pdfmod.as_letters(ch) for ch in word) == "efficient office fine fluid ffort"


# --- the masthead ------------------------------------------------------------------------------

MASTHEAD_PAGE: list[Item] = [
    (72, 760, 10, "United Nations"),
    (450, 760, 14, "A/80/123"),
    (72, 745, 10, "General Assembly"),
    (380, 745, 10, "Distr.: General"),
    (380, 733, 10, "2 March 2026"),
    (72, 700, 10, "Eightieth session"),
    (72, 688, 10, "Agenda item 20 (b)"),
    (72, 676, 10, "Globalization and interdependence"),
    (72, 640, 12, "Report of the Secretary-General"),
    (72, 600, 10, "1. Member States should act on the report of the Secretary-General A/79/456."),
]


def test_masthead_becomes_the_metadata(tmp_path):
    document, read = parse_pdf(write_pdf(tmp_path / "report.pdf", [MASTHEAD_PAGE]))
    assert read.masthead == pdfmod.Masthead("A/80/123", "General", "2026-03-02", "Eightieth session", "20 (b)")
    meta = document.metadata
    assert (meta.doc_id, meta.symbol, meta.distribution, meta.date) == ("A-80-123", "A/80/123", "General", "2026-03-02")
    assert (meta.session, meta.agenda_item, meta.pages) == ("Eightieth session", "20 (b)", 1)


def test_a_sidecar_wins_over_the_masthead(tmp_path):
    path = write_pdf(tmp_path / "report.pdf", [MASTHEAD_PAGE])
    path.with_suffix(".json").write_text('{"symbol": "A/80/124", "session": "Resumed eightieth session"}')
    meta = parse_pdf(path)[0].metadata
    assert (meta.doc_id, meta.symbol, meta.session) == ("A-80-124", "A/80/124", "Resumed eightieth session")
    assert (meta.distribution, meta.date, meta.agenda_item) == ("General", "2026-03-02", "20 (b)")  # the rest printed


def test_a_symbol_or_session_in_the_text_is_not_the_mastheads(tmp_path):
    page: list[Item] = [
        (72, 760, 10, "Distr.: General"),
        (72, 748, 10, "2 March 2026"),
        (72, 700, 10, "1. The Assembly recalled document A/79/456 at its eightieth session."),
    ]
    read = read_pdf(write_pdf(tmp_path / "plain.pdf", [page]))
    assert read.masthead.symbol is None and read.masthead.session is None and read.masthead.agenda_item is None
    assert read.masthead.distribution == "General"


@pytest.mark.parametrize(
    "name, expected",
    [  # as the first page prints them (the corpus's own text extractions agree)
        ("A-RES-79-217", ("A/RES/79/217", "General", "2024-12-23", "Seventy-ninth session", "20 (b)")),
        ("A-RES-80-3", ("A/RES/80/3", "General", "2025-10-15", "Eightieth session", "13")),
        ("A-HRC-28-15", ("A/HRC/28/15", "General", "2014-12-10", "Twenty-eighth session", "6")),
        ("S-2012-765", ("S/2012/765", "General", "2012-10-15", None, None)),
        ("CERD-C-BRA-FCO-18-20", ("CERD/C/BRA/FCO/18-20", "General", "2026-01-14", None, None)),
        # the 1989 scan: "Distr." over "GENERAL"; its OCR damaged the symbol ("A/44/661 J"),
        # which the text's own stacked symbols give instead
        ("A-44-661-S-20911", (None, "General", "1989-10-20", "Forty-fourth session", "32")),
    ],
)
def test_corpus_masthead(name, expected):
    if not (CORPUS / f"{name}.pdf").exists():
        pytest.skip("corpus not found")
    document, read = parse_pdf(CORPUS / f"{name}.pdf")
    assert read.masthead == pdfmod.Masthead(*expected)
    meta = document.metadata
    assert (meta.distribution, meta.date, meta.session, meta.agenda_item) == expected[1:]
    assert meta.symbol == (expected[0] or "A/44/661-S/20911")


def test_masthead_in_the_graph(tmp_path):
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    document, _ = parse_pdf(write_pdf(tmp_path / "report.pdf", [MASTHEAD_PAGE]))
    graph = build_graph(document, IRIs())
    assert validate_graph(graph).conforms  # the shapes' negative cases: tests/test_shapes.py
    (doc,) = graph.subjects(MIGO.session, Literal("Eightieth session"))
    assert graph.value(doc, MIGO.agendaItem) == Literal("20 (b)")
    assert graph.value(doc, MIGO.distribution) == Literal("General")


# --- headings set in bold ------------------------------------------------------------------------

BOLD_TITLE = (
    "Composition and strength of the police component of the United Nations Interim",
    "Administration Mission in Kosovo and of its liaison offices in the region",
)
TABLE_PAGES: list[list[Item]] = [
    [
        (72, 700, 10, "1. The Mission continued its work in the period under review, as set out below."),
        (72, 688, 10, "2. The Secretary-General thanks the contributing countries for their support."),
        (72, 640, 10, BOLD_TITLE[0]),
        (72, 628, 10, BOLD_TITLE[1]),
        (72, 604, 10, "The police component comprised nine officers from seven countries."),
        (72, 580, 10, "Austria"),
        (300, 580, 10, "1"),
        (72, 568, 10, "Total"),
        (300, 568, 10, "9"),
        (72, 540, 10, "3. The Mission will report again at the end of the year on its work."),
    ]
]


def _titles(document) -> list[str]:
    return [h.title for h in document.headings] + [s.title for s in document.sections]


def test_a_bold_title_is_a_heading(tmp_path):
    title = " ".join(BOLD_TITLE)
    # without bold type, two long lines of 24 words are not a heading for the text's signs
    plain, _ = parse_pdf(write_pdf(tmp_path / "plain.pdf", TABLE_PAGES))
    assert title not in _titles(plain)
    bold, read = parse_pdf(write_pdf(tmp_path / "bold.pdf", TABLE_PAGES, frozenset({*BOLD_TITLE, "Total", "9"})))
    assert title in _titles(bold)
    assert "Total" not in " ".join(_titles(bold))  # a bold table row (columns apart) is no title
    assert [p.number for p in bold.paragraphs if p.number is not None] == [1, 2, 3]
    starts = {read.text[b : read.text.index("\n", b)] for b in read.bold}
    assert BOLD_TITLE[0] in starts and BOLD_TITLE[1] in starts
    assert not any(line.startswith(("1.", "2.", "3.", "The police")) for line in starts)


def test_bold_lines_inside_a_paragraph_are_no_title(tmp_path):
    # a UPR report sets its recommendations in bold: lines that go on from the line above
    # (or a run of bold lines that began above) are text
    page: list[Item] = [
        (72, 700, 10, "1. The following recommendations will be examined by Slovenia, which will"),
        (72, 688, 10, "provide responses in due time:"),
        (72, 676, 10, "Ratify the International Convention on the Protection of the Rights"),
        (72, 664, 10, "Of All Migrant Workers and Members of Their Families (Ecuador);"),
        (72, 640, 10, "2. The conclusions reflect the position of the submitting States."),
    ]
    texts = frozenset(text for _, _, _, text in page[2:4])
    document, _ = parse_pdf(write_pdf(tmp_path / "upr.pdf", [page], texts))
    assert document.headings == () and document.sections == ()
    assert "Ratify the International Convention" in document.paragraph("para_1").text


# --- starred notes -----------------------------------------------------------------------------

STARRED_PAGE: list[Item] = [
    (72, 760, 10, "United Nations"),
    (450, 760, 14, "A/80/123"),
    (380, 745, 10, "Distr.: General"),
    (380, 733, 10, "2 March 2026"),
    (72, 640, 12, "Report of the Secretary-General"),
    (None, 645, 8, "*"),  # the title's raised star
    (72, 600, 10, "1. Member States should act on the report of the Secretary-General."),
    (None, 604, 6, "1"),
    (72, 588, 10, "2. Cities should act too."),
]
STAR_NOTE: list[Item] = [(72, 110, 8, "*"), (82, 110, 8, "Reissued for technical reasons on 5 March 2026.")]
NUMBERED_NOTE: list[Item] = [(72, 98, 6, "1"), (78, 94, 8, "See resolution 79/1.")]


@pytest.mark.parametrize("star_first", [True, False], ids=["star-above-numbered", "star-below-numbered"])
def test_starred_note_at_the_page_bottom(tmp_path, star_first):
    if star_first:
        notes = STAR_NOTE + NUMBERED_NOTE
    else:  # the star's note set below the numbered one
        notes = [(x, y - 24, size, text) for x, y, size, text in STAR_NOTE] + NUMBERED_NOTE
    path = write_pdf(tmp_path / "starred.pdf", [STARRED_PAGE + notes])
    document, read = parse_pdf(path)
    found = {f.label: f for f in document.footnotes}
    assert set(found) == {"1", "*"}
    assert found["1"].text == "See resolution 79/1." and found["1"].cited_by == ("para_1",)
    star = found["*"]
    assert star.marker == "*" and star.text == "Reissued for technical reasons on 5 March 2026."
    assert star.span.slice(read.text).startswith("*")
    # cited by what carries the star: the title, or the heading the title is read as
    assert star.on_title or [s.title for s in document.sections if s.eid in star.cited_by] == [
        "Report of the Secretary-General"
    ]
    # where the note is printed, its star included
    bounds = object_bounds(path)
    (box,) = document.layout.boxes((star.span,))
    assert box.page == 1
    assert close((box.x0, box.y0, box.x1, box.y1), union([bounds["*"], bounds[STAR_NOTE[1][3]]]))


# --- where each part is printed ---------------------------------------------------------------

LAYOUT_PAGES: list[list[Item]] = [
    [
        (72, 740, 10, "I. Introduction"),
        (72, 700, 10, "1. Member States should protect migrants at every stage of their journey and"),
        (72, 688, 10, "ensure access to services, in particular:"),
        (90, 676, 10, "(a) Health care;"),
        (90, 664, 10, "(b) Education for children."),
        (72, 110, 10, "2. The report of the Secretary-General sets out the work of the year"),
        (72, 98, 10, "and what remains to be done by the Organization"),
    ],
    [
        (72, 700, 10, "in the coming years."),
        (72, 670, 10, "3. Cities should welcome migrants."),
    ],
]


def object_bounds(path: Path) -> dict[str, tuple[int, float, float, float, float]]:
    """Each text object of a PDF the tests wrote, by its text: (page, left, bottom, right, top)
    as PDFium gives the object's bounds (not the characters migkg reads)."""
    pdf = pdfium.PdfDocument(str(path))
    found = {}
    for k in range(len(pdf)):
        page = pdf[k]
        textpage = page.get_textpage()
        for obj in page.get_objects():
            left, bottom, right, top = obj.get_bounds()
            text = textpage.get_text_bounded(left + 0.5, bottom + 0.5, right - 0.5, top - 0.5).strip()
            found[text] = (k + 1, left, bottom, right, top)
    return found


def union(boxes: list[tuple[int, float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes), max(b[4] for b in boxes))


def close(box, expected, tolerance: float = 3.0) -> bool:
    """Same left and right edges within a point; bottom and top within ``tolerance`` (a
    glyph's box and its font's box differ by the font's ascent and descent)."""
    (x0, y0, x1, y1), (ex0, ey0, ex1, ey1) = box, expected
    return abs(x0 - ex0) <= 1 and abs(x1 - ex1) <= 1 and abs(y0 - ey0) <= tolerance and abs(y1 - ey1) <= tolerance


def test_every_part_knows_its_box_on_each_page(tmp_path):
    path = write_pdf(tmp_path / "layout.pdf", LAYOUT_PAGES)
    bounds = object_bounds(path)
    lines = [text for _, _, _, text in LAYOUT_PAGES[0] + LAYOUT_PAGES[1]]
    assert set(lines) <= set(bounds)
    document, _ = parse_pdf(path)
    layout = document.layout
    assert layout is not None

    def printed(span_or_spans) -> dict[int, tuple[float, float, float, float]]:
        spans = span_or_spans if isinstance(span_or_spans, tuple) else (span_or_spans,)
        return {b.page: (b.x0, b.y0, b.x1, b.y1) for b in layout.boxes(spans)}

    def expected(*texts: str) -> dict[int, tuple[float, float, float, float]]:
        pages = sorted({bounds[t][0] for t in texts})
        return {page: union([bounds[t] for t in texts if bounds[t][0] == page]) for page in pages}

    (section,) = document.sections
    paragraphs = {p.number: p for p in document.paragraphs}
    para_1, para_2, para_3 = paragraphs[1], paragraphs[2], paragraphs[3]
    cases = [
        (section.span, expected(lines[0])),
        (para_1.span, expected(*lines[1:5])),
        (para_1.points[0].span, expected(lines[3])),
        (para_1.points[1].span, expected(lines[4])),
        (para_2.segments or para_2.span, expected(*lines[5:8])),  # over a page break: a box per page
        (para_3.span, expected(lines[8])),
    ]
    for spans, want in cases:
        got = printed(spans)
        assert got.keys() == want.keys(), (spans, got, want)
        for page in want:
            assert close(got[page], want[page]), (spans, page, got[page], want[page])
    # a span inside one line is as wide as its words, not the line
    word = para_3.span.slice(document_text := _text(path)).index("Cities")
    start = para_3.span.begin + word
    (box,) = layout.boxes((Span(start, start + len("Cities")),))
    assert box.x0 > bounds[lines[8]][1] + 5 and box.x1 < bounds[lines[8]][3] - 50
    assert document_text[start : start + 6] == "Cities"


def _text(path: Path) -> str:
    return read_pdf(path).text


def test_graph_says_where_parts_and_statements_are_printed(tmp_path):
    import migkg
    from migkg.graph.validate import validate_graph

    path = write_pdf(tmp_path / "layout.pdf", LAYOUT_PAGES)
    (result,) = migkg.build(str(path), model="blank:en")
    assert result.ok and result.graph is not None, result.error
    graph = result.graph
    assert validate_graph(graph).conforms

    def regions(node) -> dict[int, list[float]]:
        return {
            int(graph.value(r, MIGO.page)): [float(v) for v in str(graph.value(r, MIGO.bbox)).split()]
            for r in graph.objects(node, MIGO.printedAt)
        }

    def node(eid: str):
        return next(s for s in graph.subjects(MIGO.eId, Literal(eid)) if isinstance(s, URIRef))

    assert set(regions(node("sec_I"))) == {1}
    assert set(regions(node("para_1__point_b"))) == {1}
    assert set(regions(node("para_2"))) == {1, 2}
    assert {int(p) for p in graph.objects(node("para_2"), MIGO.page)} == {1, 2}
    statements = list(graph.subjects(RDF.type, MIGO.Statement))
    assert statements
    for statement in statements:
        paragraph = graph.value(statement, MIGO.paragraph)
        inner, outer = regions(statement), regions(paragraph)
        assert inner and set(inner) <= set(outer)
        for page, (x0, y0, x1, y1) in inner.items():  # a statement lies within its paragraph
            px0, py0, px1, py1 = outer[page]
            assert px0 <= x0 <= x1 <= px1 and py0 <= y0 <= y1 <= py1


def test_shapes_catch_bad_page_regions(tmp_path):
    from rdflib import XSD, Graph

    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    document, _ = parse_pdf(write_pdf(tmp_path / "layout.pdf", LAYOUT_PAGES))
    graph = build_graph(document, IRIs())
    assert validate_graph(graph).conforms
    part = next(s for s in graph.subjects(MIGO.eId, Literal("para_1")) if isinstance(s, URIRef))
    region = next(graph.objects(part, MIGO.printedAt))

    def broken(change) -> Graph:
        bad = Graph()
        for t in graph:
            bad.add(t)
        change(bad)
        return bad

    cases = {
        "bbox not four numbers": lambda g: g.set((region, MIGO.bbox, Literal("72 661 378"))),
        "bbox right of left": lambda g: g.set((region, MIGO.bbox, Literal("378.34 661.51 72.00 708.78"))),
        "bbox top below bottom": lambda g: g.set((region, MIGO.bbox, Literal("72.00 708.78 378.34 661.51"))),
        "region without bbox": lambda g: g.remove((region, MIGO.bbox, None)),
        "region on two pages": lambda g: g.add((region, MIGO.page, Literal(2, datatype=XSD.positiveInteger))),
        "page without region": lambda g: g.add((part, MIGO.page, Literal(2, datatype=XSD.positiveInteger))),
        "region not a region": lambda g: g.remove((region, RDF.type, MIGO.PageRegion)),
    }
    for name, change in cases.items():
        assert not validate_graph(broken(change)).conforms, name


# --- bad PDFs ----------------------------------------------------------------------------------


def _refused(path: Path, *needles: str) -> None:
    with pytest.raises(InputError) as err:
        read_pdf(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message
    for needle in needles:
        assert needle in message


def test_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("1. This is plain text with a .pdf name.\n", encoding="utf-8")
    _refused(path, "not a PDF")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_truncated(report_pdf):
    data = report_pdf.read_bytes()
    report_pdf.write_bytes(data[: len(data) // 2])
    _refused(report_pdf, "truncated")


def test_corrupt(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    _refused(path, "corrupt")


def test_encrypted(tmp_path):
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [] /Count 0 >>"
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(
        hand_pdf(
            [catalog, pages, encrypt],
            b"/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
        )
    )
    _refused(path, "encrypted")


def test_scan_without_ocr(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    _refused(path, "no text layer", "ocrmypdf")


def test_too_many_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmod, "MAX_PDF_PAGES", 2)
    _refused(write_pdf(tmp_path / "long.pdf", report_pages(3)), "too many pages (3")


def test_too_many_characters_on_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmod, "MAX_PAGE_CHARS", 100)
    _refused(write_pdf(tmp_path / "dense.pdf", [[(72, 700, 10, "x" * 200)]]), "characters")


def test_too_large(report_pdf, monkeypatch):
    monkeypatch.setattr(pdfmod, "MAX_PDF_BYTES", 100)
    _refused(report_pdf, "too large")


def test_bad_pdf_through_the_cli_one_line_exit_2_nothing_written(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("not a pdf", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out), "--no-extract"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "fake.pdf" in lines[0] and "not a PDF" in lines[0]
    assert not out.exists() or not any(out.iterdir())


# --- the build ---------------------------------------------------------------------------------


def test_build_writes_the_text_read_and_records_pdf_and_pages(report_pdf, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(report_pdf), "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    from migkg.graph.io import load_graph

    text_files = list(out.glob("*.txt"))
    assert len(text_files) == 1
    text = text_files[0].read_text(encoding="utf-8")
    graph = load_graph(sorted(out.glob("A-99-1.ttl")) or sorted(p for p in out.glob("*.ttl") if p.stem != "dataset"))
    shas = {str(o) for o in graph.objects(None, MIGO.sha256)}
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() in shas
    pdf_sha = hashlib.sha256(report_pdf.read_bytes()).hexdigest()
    assert (None, MIGO.pdfSha256, Literal(pdf_sha)) in graph
    pages = {(str(s).rsplit("/", 1)[-1], int(o)) for s, o in graph.subject_objects(MIGO.page)}
    assert ("para_1", 1) in pages and ("para_6", 3) in pages
    from rdflib.namespace import Namespace

    nif = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    para = next(s for s in graph.subjects(MIGO.eId, Literal("para_3")) if isinstance(s, URIRef))
    begin, end = int(graph.value(para, nif.beginIndex)), int(graph.value(para, nif.endIndex))
    assert text[begin:end].startswith("3. The Secretary-General")


def test_dataset_description_fixes_the_pdf_by_its_checksum(report_pdf, tmp_path):
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import DCTERMS, PROV, XSD, Namespace

    spdx = Namespace("http://spdx.org/rdf/terms#")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(report_pdf), "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    description = Graph().parse(out / "dataset.ttl")
    pdf_sha = hashlib.sha256(report_pdf.read_bytes()).hexdigest()
    (checksum,) = description.subjects(spdx.checksumValue, Literal(pdf_sha, datatype=XSD.hexBinary))
    (pdf,) = description.subjects(spdx.checksum, checksum)
    assert description.value(checksum, spdx.algorithm) == spdx.checksumAlgorithm_sha256
    assert description.value(pdf, DCTERMS.title) == Literal("report.pdf")
    (dataset,) = description.subjects(PROV.wasDerivedFrom, pdf)
    assert (None, PROV.used, pdf) in description
    # the description's other checksums are those of the files written, not of the PDF
    written = {hashlib.sha256(f.read_bytes()).hexdigest() for f in out.iterdir() if f.is_file() and f.stem != "dataset"}
    others = {str(v) for v in description.objects(None, spdx.checksumValue)} - {pdf_sha}
    assert others and others <= written
    official = CORPUS.parent / "reference" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
    if official.exists():
        ok, _, text = pyshacl.validate(description, shacl_graph=Graph().parse(official), inference="rdfs")
        assert ok, text


def test_in_memory_build_keeps_the_text(report_pdf):
    import migkg

    (result,) = migkg.build(str(report_pdf), extract=False)
    assert result.ok and result.text is not None and "[^1]" in result.text
    assert result.text_file is None and result.files == []


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.pdf")) if CORPUS.is_dir() else [])
def test_corpus_pdf_builds_and_conforms(name):
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    document, read = parse_pdf(CORPUS / f"{name}.pdf")
    assert validate_graph(build_graph(document, IRIs())).conforms
    numbered = [p for p in document.paragraphs if p.number is not None]
    assert document.layout is not None
    assert numbered and all(document.layout.pages(p.segments or (p.span,)) for p in numbered)
    for p in numbered:
        assert p.span.slice(read.text).strip()
    # what PDFium finds inside each part's first box holds the part's first word
    pdf = pdfium.PdfDocument(str(CORPUS / f"{name}.pdf"))
    textpages = {}
    missed = []
    for part in (*numbered, *document.footnotes, *document.sections):
        first = document.layout.boxes(part.segments if len(getattr(part, "segments", ())) > 1 else (part.span,))[0]
        if first.page not in textpages:
            textpages[first.page] = pdf[first.page - 1].get_textpage()
        inside = textpages[first.page].get_text_bounded(first.x0, first.y0, first.x1, first.y1)
        word = re.sub(r"\W", "", (getattr(part, "text", None) or part.title).split()[0])
        if word not in re.sub(r"\W", "", pdfmod.as_letters_text(inside)):
            missed.append((part.eid, word))
    assert not missed
    if name.startswith("A-44-661"):  # the 1989 scan: read from its OCR layer, with a warning
        assert any("OCR" in w for w in document.warnings)


def test_shapes_catch_a_bad_page_and_a_bad_pdf_digest(report_pdf):
    from rdflib import XSD, Graph

    def copy(g: Graph) -> Graph:
        out = Graph()
        for t in g:
            out.add(t)
        return out

    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    document, _ = parse_pdf(report_pdf)
    graph = build_graph(document, IRIs())
    assert validate_graph(graph).conforms
    para = next(graph.subjects(MIGO.page, None))
    bad = copy(graph)
    bad.add((para, MIGO.page, Literal("first")))
    assert not validate_graph(bad).conforms
    context = next(graph.subjects(MIGO.pdfSha256, None))
    bad = copy(graph)
    bad.add((context, MIGO.pdfSha256, Literal("0" * 63 + "X")))
    assert not validate_graph(bad).conforms
    bad = copy(graph)
    bad.set((para, MIGO.page, Literal(0, datatype=XSD.integer)))
    assert not validate_graph(bad).conforms


def test_extraction_runs_on_the_text_read_from_the_pdf(report_pdf, tmp_path):
    import migkg

    (result,) = migkg.build(str(report_pdf), tmp_path / "out", model="blank:en")
    assert result.ok and result.conforms, result.error
    assert result.text_file is not None and result.text_file.read_text(encoding="utf-8") == result.text
