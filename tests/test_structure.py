"""Unit tests of the structure parser on small texts: one artifact or rule per test."""

from __future__ import annotations

import json

import pytest

from migkg.extract.errors import InputError
from migkg.extract.model import Metadata
from migkg.extract.structure import parse_file, parse_text, roman_to_int

RULE = "__________________"


def para_texts(doc):
    return {p.number: p.text for p in doc.paragraphs}


def cited(doc):
    return {f.number: f.cited_by for f in doc.footnotes}


# --- paragraphs, sections, subsections ------------------------------------------------------


def test_sections_subsections_and_paragraphs():
    doc = parse_text(
        "  I. Introduction\n"
        " A. Background\n"
        "1. Migration is growing.\n"
        "2. States should cooperate.\n"
        " B. Scope\n"
        "3. The report covers all regions.\n"
        "  II. Recommendations\n"
        "4. I urge Member States to act.\n"
    )
    assert [(s.eid, s.numeral, s.ordinal, s.title) for s in doc.sections] == [
        ("sec_I", "I", 1, "Introduction"),
        ("sec_II", "II", 2, "Recommendations"),
    ]
    assert [(x.eid, x.title, x.section) for x in doc.sections[0].subsections] == [
        ("sec_I__subsec_A", "Background", "sec_I"),
        ("sec_I__subsec_B", "Scope", "sec_I"),
    ]
    assert [(p.eid, p.section, p.subsection) for p in doc.paragraphs] == [
        ("para_1", "sec_I", "sec_I__subsec_A"),
        ("para_2", "sec_I", "sec_I__subsec_A"),
        ("para_3", "sec_I", "sec_I__subsec_B"),
        ("para_4", "sec_II", None),
    ]
    assert para_texts(doc)[2] == "States should cooperate."


def test_numbers_out_of_sequence_are_text():
    doc = parse_text(
        "1. In 2017, migrants sent home a large share of their\n"
        "2017. earnings, and the report of\n"
        "10. governments shows it.\n"
        "2. The second paragraph.\n"
    )
    assert [p.number for p in doc.paragraphs] == [1, 2]
    assert para_texts(doc)[1].endswith("2017. earnings, and the report of 10. governments shows it.")


def test_paragraph_numbering_may_start_anywhere():
    doc = parse_text(
        "The General Assembly,\nRecalling its resolution 71/1,\n17. Decides to act.\n18. Requests a report.\n"
    )
    assert [p.number for p in doc.paragraphs] == [17, 18]
    assert [p.text for p in doc.preamble] == ["The General Assembly,", "Recalling its resolution 71/1,"]


def test_roman_numerals():
    assert [roman_to_int(r) for r in ("I", "IV", "IX", "XIV", "XL")] == [1, 4, 9, 14, 40]
    assert roman_to_int("IIII") is None and roman_to_int("VX") is None


def test_section_numerals_must_follow_in_sequence():
    doc = parse_text(
        "  I. Introduction\n1. Text of the first paragraph.\n  V. Not a heading because IV is missing\n2. Second.\n"
    )
    assert [s.numeral for s in doc.sections] == ["I"]
    assert doc.paragraphs[1].section == "sec_I"


def test_summary_blocks():
    doc = parse_text(
        "  Summary\n"
        " The first block of the summary goes on over two lines of text that are\n"
        "long enough.\n"
        " The second block.\n"
        "  I. Introduction\n"
        "1. Text.\n"
    )
    assert [(p.eid, p.text) for p in doc.summary] == [
        ("summary__block_1", "The first block of the summary goes on over two lines of text that are long enough."),
        ("summary__block_2", "The second block."),
    ]
    assert all(p.section is None for p in doc.summary)


def test_text_without_numbers_gives_blocks_and_warning():
    doc = parse_text("First block of text.\n\nSecond block of text.\n")
    assert [(p.eid, p.number, p.text) for p in doc.paragraphs] == [
        ("block_1", None, "First block of text."),
        ("block_2", None, "Second block of text."),
    ]
    assert any("no numbered paragraphs" in w for w in doc.warnings)


def test_other_heading_before_a_numbered_paragraph():
    doc = parse_text(
        "1. We commit to act.\n"
        "Objective 2: Minimize the adverse drivers\n"
        "2. We commit to create conducive conditions.\n"
    )
    assert para_texts(doc) == {1: "We commit to act.", 2: "We commit to create conducive conditions."}


def test_blank_line_after_every_line_is_layout():
    text = "1. The first paragraph runs over\n\ntwo lines.\n\n2. The second one.\n\n"
    assert para_texts(parse_text(text)) == {1: "The first paragraph runs over two lines.", 2: "The second one."}


# --- footnote blocks ------------------------------------------------------------------------


def test_footnote_block_interrupting_a_paragraph():
    doc = parse_text(
        "1. Member States have made commitments in many agreements.1 But all too often, policy\n"
        "implementation lags behind, and a wide\n"
        f"{RULE} \n"
        " 1  See the report of the High Commissioner (A/HRC/36/42): see also the 2013\n"
        "High-level dialogue. There is as yet no agreed definition of the term migrant.\n"
        "However, in all instances, the data are incomplete.\n"
        " 2  United Nations, Trends in International Migrant Stock.\n"
        "https://undocs.org/A/HRC/36/42\n"
        " array of stakeholders agree.2\n"
        "2. The next paragraph.\n"
    )
    assert para_texts(doc)[1] == (
        "Member States have made commitments in many agreements. But all too often, policy "
        "implementation lags behind, and a wide array of stakeholders agree."
    )
    assert len(doc.paragraphs[0].segments) == 2
    assert doc.footnotes[0].text.endswith("However, in all instances, the data are incomplete.")
    assert doc.footnotes[1].text == "United Nations, Trends in International Migrant Stock."
    assert cited(doc) == {1: ("para_1",), 2: ("para_1",)}
    assert [r.kind for r in doc.repairs] == ["page-break"]


@pytest.mark.parametrize("rule", ["____", "__________", "________________________", "————————", "--------------"])
def test_rule_lengths_and_body_resuming_with_next_paragraph(rule):
    doc = parse_text(f"1. The first paragraph ends here.1\n{rule}\n1 A note that ends.\n2. The second paragraph.\n")
    assert para_texts(doc) == {1: "The first paragraph ends here.", 2: "The second paragraph."}
    assert doc.footnotes[0].text == "A note that ends."


def test_body_resuming_with_a_heading_after_notes():
    doc = parse_text("  I. One\n1. Text.1\n" + RULE + "\n1 The note.\n  II. Two\n2. More text.\n")
    assert [s.numeral for s in doc.sections] == ["I", "II"]
    assert doc.footnotes[0].text == "The note."
    assert doc.paragraphs[1].section == "sec_II"


def test_footnote_continuation_numbers_are_not_entries():
    doc = parse_text(
        "1. Text.1 More text.2\n" + RULE + "\n"
        "1  Joseph Chamie, Understanding Unauthorized Migration, New York,\n"
        "15 November 2016.\n"
        "2  Second note.\n"
    )
    assert [f.number for f in doc.footnotes] == [1, 2]
    assert doc.footnotes[0].text.endswith("New York, 15 November 2016.")


def test_a_rule_without_notes_is_not_a_footnote_block():
    doc = parse_text("1. Text before.\n" + RULE + "\n2. Text after.\n")
    assert doc.footnotes == ()
    assert para_texts(doc) == {1: "Text before.", 2: "Text after."}


# --- footnote markers -----------------------------------------------------------------------


def _with_notes(body: str, n: int) -> str:
    return body + "\n" + RULE + "\n" + "".join(f"{i} Note {i}.\n" for i in range(1, n + 1))


@pytest.mark.parametrize(
    "body, expected",
    [
        ("1. It touches all countries.1 Next.", [1]),
        ("1. It sets out commitments of all States. 1 Its success.", [1]),
        ("1. Migrants of working age than the population,1 generally pay.", [1]),
        ("1. There are 258 million migrants.1 The majority.", [1]),
        ("1. I urge Member States to act.1 2", [1, 2]),
        ("1. Below the age of 20.1 Many of them.", [1]),
    ],
)
def test_footnote_markers(body, expected):
    doc = parse_text(_with_notes(body, len(expected)))
    refs = doc.paragraphs[0].footnote_refs
    assert [r.number for r in refs] == expected
    assert all(doc.source_length > r.span.begin for r in refs)
    assert not any(c.isdigit() for c in doc.paragraphs[0].text.split("258")[-1][-3:])


@pytest.mark.parametrize(
    "body",
    [
        "1. The remittances grew in 2017. Next sentence.",
        "1. Target 10.7 of the Goals.",
        "1. We cannot assume they remain optimal 5, 10 or 20 years from now.",
        "1. As described at para. 1 above.",
        "1. Growth was 2.1 per cent.",
        "1. Its share rose in 2019. 1 per cent more.",
    ],
)
def test_numbers_that_are_not_markers(body):
    doc = parse_text(_with_notes(body, 1))
    assert doc.paragraphs[0].footnote_refs == ()
    assert doc.paragraphs[0].text == body[3:]


def test_footnote_cited_by_several_paragraphs_and_twice_in_one():
    doc = parse_text(
        _with_notes(
            "1. Migrants grew by 49 per cent.1 As a result, they are 3.4 per cent of the population.1\n"
            "2. Female migrants are 48 per cent of all. 2 More.\n"
            "3. Skills partnerships are less costly than assumed.1 They also help.\n"
            "4. It is time to draw together the system. 2 It is now time.",
            2,
        )
    )
    assert cited(doc) == {1: ("para_1", "para_3"), 2: ("para_2", "para_4")}
    assert len(doc.footnotes[0].refs) == 3


# --- points ---------------------------------------------------------------------------------


def test_inline_points():
    text = (
        "1. The report highlights: (a) options for Member States to help migrants; (b) steps to\n"
        "promote regular migration; and (c) policies to meet security considerations. It also\n"
        "explores challenges.\n"
    )
    doc = parse_text(text)
    points = doc.paragraphs[0].points
    assert [(p.eid, p.inline) for p in points] == [
        ("para_1__point_a", True),
        ("para_1__point_b", True),
        ("para_1__point_c", True),
    ]
    assert [p.text for p in points] == [
        "options for Member States to help migrants;",
        "steps to promote regular migration;",
        "policies to meet security considerations.",
    ]
    assert text[points[1].span.begin : points[1].span.end] == "(b) steps to\npromote regular migration;"


def test_inline_points_without_a_colon_after_a_stray_a():
    p = parse_text(
        "9. Under option (a) discussed above, States should (a) invest in statistics; (b) reduce\n"
        "the cost of remittances; and (c) end detention. They agreed.\n"
    ).paragraphs[0]
    assert [pt.text for pt in p.points] == [
        "invest in statistics;",
        "reduce the cost of remittances;",
        "end detention.",
    ]


def test_points_on_separate_lines():
    text = (
        "4. I believe that Member States should keep in view:\n"
        " (a) The basic challenge is to maximize the benefits\n"
        "of migration;\n"
        " (b) We must strengthen the rule of law. It matters.\n"
    )
    doc = parse_text(text)
    points = doc.paragraphs[0].points
    assert [(p.label, p.inline) for p in points] == [("a", False), ("b", False)]
    assert points[0].text == "The basic challenge is to maximize the benefits of migration;"
    assert points[1].text == "We must strengthen the rule of law. It matters."
    assert text[points[0].span.begin : points[0].span.end].startswith("(a) The basic")


@pytest.mark.parametrize(
    "body",
    [
        "19. Echoing the considerations set out above (see paras. 4 (a)–(d)), I believe it.",
        "19. As in resolution 71/1 (a) and (b), we act.",
        "19. As in paragraph 17 (b) above, and (c) below.",
        "19. Only one (a) item here.",
        "19. As set out in subparagraphs (a), (b) and (c) of paragraph 3.",
        "19. See article 5 (a), and (b) thereof.",
    ],
)
def test_cross_references_are_not_points(body):
    assert parse_text(body).paragraphs[0].points == ()


# --- document references and URLs ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, symbols",
    [
        ("1. See A/RES/71/1 and A/HRC/36/42.", ["A/RES/71/1", "A/HRC/36/42"]),
        ("1. See A/71/728, the report.", ["A/71/728"]),
        ("1. See resolution 71/1, para. 33.", ["A/RES/71/1"]),
        ("1. See resolutions 71/1 and 71/280.", ["A/RES/71/1", "A/RES/71/280"]),
        ("1. See Human Rights Council resolution 35/17 on migrants.", ["A/HRC/RES/35/17"]),
        ("1. See Security Council resolution 2240 (2015).", ["S/RES/2240 (2015)"]),
        ("1. See A/72/124-E/2018/3, the report.", ["A/72/124", "E/2018/3"]),
        ("1. See https://undocs.org/A/RES/71/1 online.", []),
        ("1. See POP/DB/MIG/Stock/Rev.2017 and Goal 10.7.", []),
        (
            "1. See ST/ESA/SER.A/438, A/C.3/72/L.1 and A/CONF.231/3.",
            ["ST/ESA/SER.A/438", "A/C.3/72/L.1", "A/CONF.231/3"],
        ),
        ("1. See E/CN.7/2003/10 and CCPR/C/GC/36.", ["E/CN.7/2003/10", "CCPR/C/GC/36"]),
    ],
)
def test_document_refs(text, symbols):
    p = parse_text(text).paragraphs[0]
    assert [r.symbol for r in p.document_refs] == symbols
    for r in p.document_refs:
        assert text[r.span.begin : r.span.end] == r.text


def test_urls_without_trailing_punctuation():
    text = "1. See the Missing Migrants Project (http://missingmigrants.iom.int/). And www.un.org.\n"
    p = parse_text(text).paragraphs[0]
    assert [u.url for u in p.urls] == ["http://missingmigrants.iom.int/", "www.un.org"]
    assert all(text[u.span.begin : u.span.end] == u.url for u in p.urls)


def test_url_broken_over_lines_in_a_footnote():
    doc = parse_text(
        "1. Text.1\n" + RULE + "\n"
        "1 See IOM, World Migration Report (http://publications.iom.int/ \n"
        "system/files/wmr2015_en.pdf) and https://www.iom.int/ Documents/\n"
        "key-terms.\n"
    )
    assert [u.url for u in doc.footnotes[0].urls] == [
        "http://publications.iom.int/system/files/wmr2015_en.pdf",
        "https://www.iom.int/Documents/key-terms",
    ]
    assert {r.kind for r in doc.repairs} == {"split-url"}


# --- repairs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("We have an obligation to lis ten to them.", "We have an obligation to listen to them."),
        ("I believe that t he system can help.", "I believe that the system can help."),
        ("national and subnational au thorities need", "national and subnational authorities need"),
        ("must include all relevant a ctors, by definition", "must include all relevant actors, by definition"),
        ("the technical assista nce, resources", "the technical assistance, resources"),
        ("expertise that benefi t their host societies", "expertise that benefit their host societies"),
        ("For exa mples of the differing definitions", "For examples of the differing definitions"),
        ("in planned and well -managed migration", "in planned and well-managed migration"),
        (
            "the Special Representative of the Secretary -\n\nGeneral for Migration",
            "the Special Representative of the Secretary-General for Migration",
        ),
        ("most of them moved between coun-\ntries of the region", "most of them moved between countries of the region"),
        ("the role of the Secretary-\nGeneral is central", "the role of the Secretary-General is central"),
    ],
)
def test_repairs(raw, clean):
    doc = parse_text("1. " + raw + "\n")
    assert doc.paragraphs[0].text == clean
    assert doc.repairs, "a repair is recorded"
    for r in doc.repairs:
        assert ("1. " + raw + "\n")[r.span.begin : r.span.end] == r.before


@pytest.mark.parametrize(
    "text",
    [
        "with a set of policy problems",
        "in word and in deed",
        "to stay on to work",
        "an estimated 3.4 per cent of them",
        "this may be so",
        "a part of the world",
        "the New York Declaration",
        "sub-regional and regional",
        "a fall to -5 degrees",
    ],
)
def test_real_word_pairs_stay(text):
    doc = parse_text("1. " + text + "\n")
    assert doc.paragraphs[0].text == text
    assert doc.repairs == ()


# --- layout: running headers, CRLF, offsets ---------------------------------------------------


def test_running_headers_and_page_numbers_are_removed():
    doc = parse_text(
        "United Nations                      A/73/999\r\n"
        "1. The first paragraph goes on to\r\n"
        "2/3\r\n"
        "A/73/999\r\n"
        "the next page.\r\n"
        "3/3\r\n"
        "A/73/999\r\n"
        "2. Second.\r\n"
    )
    assert doc.metadata.symbol == "A/73/999" and doc.doc_id == "A-73-999"
    assert para_texts(doc) == {1: "The first paragraph goes on to the next page.", 2: "Second."}
    assert sum(r.kind == "running-header" for r in doc.repairs) == 5


def test_offsets_map_every_clean_character_to_the_source():
    text = "  I. Intro\r\n1. Some  text\r\nwith a sp lit. 1\r\n" + RULE + "\r\n1 The note.\r\n"
    doc = parse_text(text)
    p = doc.paragraphs[0]
    assert text[p.span.begin : p.span.end].startswith("1. Some")
    for ch, i in zip(p.content.text, p.content.source_index, strict=False):
        assert text[i] == ch or (ch == " " and text[i].isspace())
    assert p.content.source_span(0, 4) == type(p.span)(p.span.begin + 3, p.span.begin + 7)


def test_metadata_passed_in_is_kept():
    meta = Metadata(doc_id="X-1", symbol="X/1", title="T")
    assert parse_text("1. Text.\n", metadata=meta).metadata is meta


# --- files and errors -------------------------------------------------------------------------


def test_parse_file_reads_the_sidecar(tmp_path):
    (tmp_path / "report.txt").write_text("1. Text.\n", encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"symbol": "A/70/59", "title": "A report", "pages": 3}))
    doc = parse_file(tmp_path / "report.txt")
    assert (doc.doc_id, doc.metadata.symbol, doc.metadata.title, doc.metadata.pages) == (
        "A-70-59",
        "A/70/59",
        "A report",
        3,
    )


def test_parse_file_without_sidecar_or_symbol_uses_the_file_name(tmp_path):
    (tmp_path / "my-report.txt").write_text("1. Text.\n", encoding="utf-8")
    doc = parse_file(tmp_path / "my-report.txt")
    assert doc.doc_id == "my-report" and doc.metadata.symbol is None
    assert doc.source_path == str(tmp_path / "my-report.txt")


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "contains only whitespace"),
        (b"1. Text\x00\x01 more", "binary file (NUL byte at offset 7)"),
        (b"1. Text \x01\x02\x03\x04\x05\x06", "binary file (6 control characters)"),
        (b"1. Caf\xe9 au lait", "not UTF-8 (invalid byte 0xe9 at offset 6)"),
    ],
)
def test_bad_input_files(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert err.value.problem == problem
    assert str(err.value) == f"{path}: {problem}"
    assert "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)


@pytest.mark.parametrize(
    "sidecar, problem",
    [
        ("{not json", "malformed metadata sidecar (line 1, column 2"),
        ("[1, 2]", "not a JSON object"),
        ('{"pages": "twenty"}', "'pages' must be int"),
        ('{"symbol": 12}', "'symbol' must be str"),
        ('{"colour": "red"}', "unknown field 'colour'"),
    ],
)
def test_malformed_sidecar_names_the_sidecar(tmp_path, sidecar, problem):
    (tmp_path / "r.txt").write_text("1. Text.\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_file(tmp_path / "r.txt")
    assert err.value.path == str(tmp_path / "r.json")
    assert problem in err.value.problem


def test_symbol_from_the_distr_masthead():
    doc = parse_text(
        "United Nations\nGeneral Assembly              Distr.: General\nA/71/728         23 January 2017\n"
        "1. Text citing A/HRC/36/42.\n"
    )
    assert doc.metadata.symbol == "A/71/728" and doc.doc_id == "A-71-728"


def test_annex_numbers_its_paragraphs_anew():
    doc = parse_text(
        "1. Endorses the Global Compact, contained in the annex to the present resolution.\n"
        "2. Decides to convene a conference.\n"
        "Annex\n"
        "Global Compact for Safe, Orderly and Regular Migration\n"
        "Preamble\n"
        "1. We, the Heads of State and Government, have gathered in Morocco.\n"
        "  I. Vision\n"
        "2. This Global Compact expresses our collective commitment.\n"
    )
    assert [(p.eid, p.number, p.section) for p in doc.paragraphs] == [
        ("para_1", 1, None),
        ("para_2", 2, None),
        ("annex__para_1", 1, "annex__hcontainer_1"),
        ("annex__para_2", 2, "annex__sec_I"),
    ]
    assert doc.paragraphs[1].text == "Decides to convene a conference."
    # the annex's title is its title, "Preamble" an unnumbered section of the annex
    assert [(s.eid, s.numeral, s.title) for s in doc.sections] == [
        ("annex__hcontainer_1", None, "Preamble"),
        ("annex__sec_I", "I", "Vision"),
    ]
    assert any("Annex" in w for w in doc.warnings)


# Twenty body lines of 70-odd characters, so that the body's usual width is known.
BODY_LINES = "".join(
    f"{'1. ' if k == 0 else ''}Migration is an engine of growth, innovation and development in line {k:02d}\n"
    for k in range(20)
)


def test_body_resuming_with_a_new_sentence_after_a_finished_note():
    doc = parse_text(
        BODY_LINES + "and it is a reality.1\n" + RULE + "\n"
        "1 See the report of the Special Representative of the Secretary-General, 2017.\n"
        "Member States have made numerous commitments in international law.\n"
        "2. Next paragraph.\n"
    )
    assert doc.footnotes[0].text == "See the report of the Special Representative of the Secretary-General, 2017."
    assert doc.paragraphs[0].text.endswith(
        "a reality. Member States have made numerous commitments in international law."
    )


def test_note_going_on_with_a_new_sentence_on_a_longer_line():
    doc = parse_text(
        BODY_LINES + "and it is a reality.1\n" + RULE + "\n"
        "1 See Department of Economic and Social Affairs, Trends in International Migrant Stock.\n"
        "There is as yet no agreed definition of the term international migrant in statistics.\n"
        "2. Next paragraph.\n"
    )
    assert doc.footnotes[0].text.endswith("no agreed definition of the term international migrant in statistics.")
    assert doc.paragraphs[0].text.endswith("it is a reality.")


def test_short_last_line_of_a_note_before_the_body_goes_on():
    doc = parse_text(
        BODY_LINES + "and it is, for many\n" + RULE + "\n"
        "1 See Department of Economic and Social Affairs, Trends in International Migrant Stock.\n"
        "The data are incomplete.\n"
        "Member States, a chance to act.1\n"
        "2. Next paragraph.\n"
    )
    assert doc.footnotes[0].text.endswith("Migrant Stock. The data are incomplete.")
    assert doc.paragraphs[0].text.endswith("and it is, for many Member States, a chance to act.")


def test_parser_agrees_with_the_hand_made_tiny_document(tiny_document):
    """The graph tests' tiny document was written by hand from its source text; parsing that
    text must give the same model (the hand-made summary block leaves its segments out)."""
    from conftest import TINY_SOURCE

    doc = parse_text(TINY_SOURCE, metadata=tiny_document.metadata, source_path=tiny_document.source_path)
    assert doc.sections == tiny_document.sections
    assert doc.paragraphs == tiny_document.paragraphs
    assert doc.footnotes == tiny_document.footnotes
    assert [(p.eid, p.span, p.content) for p in doc.summary] == [
        (p.eid, p.span, p.content) for p in tiny_document.summary
    ]
    assert doc.source_sha256 == tiny_document.source_sha256


def test_table_of_contents_is_not_structure():
    doc = parse_text(
        "Contents\n"
        "                                                            Page\n"
        "  I.   Introduction . . . . . . . . . . . . . . . . . . . . .   3\n"
        "  II.  Recommendations                                          5\n"
        "  I. Introduction\n"
        "1. The text begins.\n"
        "  II. Recommendations\n"
        "2. States should act.\n"
    )
    assert [(s.numeral, s.title, s.span.begin > 200) for s in doc.sections] == [
        ("I", "Introduction", True),
        ("II", "Recommendations", True),
    ]
    assert [p.section for p in doc.paragraphs] == ["sec_I", "sec_II"]


def test_masthead_with_job_number_barcode_and_contents_with_paragraph_ranges():
    doc = parse_text(
        "United Nations E/CN.7/2003/10\n"
        "Economic and Social Council Distr.: General\n"
        "29 January 2003\n"
        "V.03-80680 (E) 270203 280203\n"
        "*0380680*\n"
        "Contents\n"
        "Paragraphs Page\n"
        "I. Introduction . . . . . . . . . . . . . . . . . . . . . . . 1-3 3\n"
        "II. Cooperation . . . . . . . . . . . . . . . . . . . . . . . . 4-5 3\n"
        "I. Introduction\n"
        "1. The Commission requested a report on progress.\n"
        "II. Cooperation\n"
        "2. States have cooperated.\n"
    )
    assert doc.metadata.symbol == "E/CN.7/2003/10"
    assert [(s.numeral, s.title) for s in doc.sections] == [("I", "Introduction"), ("II", "Cooperation")]
    assert [(p.number, p.section) for p in doc.paragraphs] == [(1, "sec_I"), (2, "sec_II")]
    assert sum(r.kind == "running-header" for r in doc.repairs) == 3


def test_first_paragraph_after_a_long_title_line():
    doc = parse_text(
        "Globalization and interdependence: international migration and development policy\n"
        "1. The present report is submitted pursuant to resolution 73/241.\n"
        "2. It reviews trends.\n"
    )
    assert [p.number for p in doc.paragraphs] == [1, 2]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_headings_of_unnumbered_text_are_not_blocks(gap):
    doc = parse_text(
        f"The 2030 Agenda recognizes the positive contribution of migrants.{gap}"
        f"Background{gap}"
        f"Target 10.7 calls for orderly, safe, regular and responsible migration.{gap}"
    )
    assert [p.text for p in doc.paragraphs] == [
        "The 2030 Agenda recognizes the positive contribution of migrants.",
        "Target 10.7 calls for orderly, safe, regular and responsible migration.",
    ]


def test_sidecar_without_symbol_gets_the_symbol_from_the_text(tmp_path):
    (tmp_path / "r.txt").write_text("A/70/59\n1. Text.\n", encoding="utf-8")
    (tmp_path / "r.json").write_text('{"title": "A report"}', encoding="utf-8")
    doc = parse_file(tmp_path / "r.txt")
    assert (doc.doc_id, doc.metadata.symbol, doc.metadata.title) == ("r", "A/70/59", "A report")


def test_page_furniture_lines_in_any_order():
    doc = parse_text(
        "A/72/999\n"
        "1. The first paragraph goes on to\n"
        "2/20        17-22250\n"
        "A/72/999    17-22250 (E)   3/20\n"
        "the next page.\n"
    )
    assert para_texts(doc) == {1: "The first paragraph goes on to the next page."}


def test_a_number_with_a_leading_zero_is_not_a_paragraph():
    # found by the atheris harness: "02." was read as paragraph 2, whose raw text is not "2"
    document = parse_text("02.\n")
    assert [(p.eid, p.number, p.text) for p in document.paragraphs] == [("block_1", None, "02.")]


def test_paragraph_numbers_go_past_999():
    text = "\n".join(f"{n}. Member States should act on item {n}." for n in range(997, 1003))
    document = parse_text(text)
    assert [p.number for p in document.paragraphs] == [997, 998, 999, 1000, 1001, 1002]
    for p in document.paragraphs:
        assert text[p.span.begin : p.span.end].startswith(f"{p.number}. Member States")
