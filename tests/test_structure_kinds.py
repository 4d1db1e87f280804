"""Structure of other kinds of UN documents and layouts (issue 10): small texts written the
way the corpus's documents are laid out, each checking one rule."""

from __future__ import annotations

from migkg.extract.structure import parse_text

# A resolution with its operative paragraphs' numbers alone on their lines (PyMuPDF lines),
# the meeting line and date that close it, and an annex that numbers its paragraphs anew.
RESOLUTION_WITH_ANNEX = """\
The General Assembly,

Recalling its resolution 71/1,

1.
Expresses its gratitude to the host country;

2.
Endorses the compact contained in the annex to the present resolution.

60th plenary meeting
19 December 2018

Annex

Preamble

1.
This compact rests on the purposes of the Charter.
2.
It also rests on the Universal Declaration of Human Rights.
3.
We agree on the following guiding principles:

(a)
People-centred. The compact carries a human dimension;

(b)
International cooperation. No State can address migration alone;

(c)
National sovereignty. States determine their policy.

4.
We adopt the following objectives:
Objectives for safe migration
1.
Collect accurate data
2.
Minimize adverse drivers
3.
Provide timely information
4.
Ensure proof of legal identity
5.
Enhance pathways

Objectives and commitments

Objective 1: Collect accurate data
as a basis for policies

5. We commit to strengthen the evidence base.

To realize this commitment, we will draw from the following actions:

(a)
Elaborate a strategy for improving data;

(b)
Improve comparability of statistics.
"""


def test_meeting_line_closes_the_resolution_and_the_annex_numbers_anew():
    doc = parse_text(RESOLUTION_WITH_ANNEX)
    numbers = [(p.eid, p.number) for p in doc.paragraphs]
    assert numbers == [
        ("para_1", 1),
        ("para_2", 2),
        ("annex__para_1", 1),
        ("annex__para_2", 2),
        ("annex__para_3", 3),
        ("annex__para_4", 4),
        ("annex__para_5", 5),
    ]
    para_2 = doc.paragraph("para_2")
    assert para_2.text == "Endorses the compact contained in the annex to the present resolution."


def test_point_labels_alone_on_their_lines_are_points_not_running_headers():
    doc = parse_text(RESOLUTION_WITH_ANNEX)
    para_3 = doc.paragraph("annex__para_3")
    assert [p.label for p in para_3.points] == ["a", "b", "c"]
    assert para_3.points[1].text == "International cooperation. No State can address migration alone;"
    assert [p.label for p in doc.paragraph("annex__para_5").points] == ["a", "b"]


def test_a_numbered_list_inside_a_paragraph_is_not_paragraphs():
    doc = parse_text(RESOLUTION_WITH_ANNEX)
    para_4 = doc.paragraph("annex__para_4")
    assert para_4.text.startswith("We adopt the following objectives:")
    assert para_4.text.endswith("4. Ensure proof of legal identity 5. Enhance pathways")
    # the real paragraph 5 after the list and the headings over it
    assert doc.paragraph("annex__para_5").text.startswith("We commit to strengthen the evidence base.")


def test_a_stray_one_inside_a_paragraph_is_not_a_list():
    text = "1. First paragraph of the report, citing\n1. something odd on its own line.\n2. Second paragraph.\n"
    doc = parse_text(text)
    assert [p.number for p in doc.paragraphs] == [1, 2]


UPR_CHAPEAU = """\
  II. Conclusions and/or recommendations
     115. The recommendations listed below will be examined by the State, which will
     provide responses in due time:
            115.1      Ratify the Optional Protocol to the Convention against Torture
            (Croatia);
            115.2    Expedite the ratification of the amendment to article 8 of the
            Convention (Belgium, Portugal);
            115.10   Adopt a national action plan (Spain);
     116. All conclusions and/or recommendations contained in the present report reflect
     the position of the submitting State(s).
"""


def test_sub_numbered_paragraphs_are_paragraphs_kept_as_written():
    doc = parse_text(UPR_CHAPEAU)
    labels = [(p.eid, p.label, p.number, p.parent) for p in doc.paragraphs]
    assert labels[:3] == [
        ("para_115", "115", 115, None),
        ("para_115.1", "115.1", None, "para_115"),
        ("para_115.2", "115.2", None, "para_115"),
    ]
    # 115.10 does not follow 115.2: it stays in the text of 115.2, as a skipped number would
    assert [p.label for p in doc.paragraphs][-1] == "116"
    assert (
        doc.paragraph("para_115.1").text == "Ratify the Optional Protocol to the Convention against Torture (Croatia);"
    )
    assert doc.paragraph("para_115").text.endswith("in due time:")


def test_the_paragraphs_query_gives_sub_numbers_as_printed_in_document_order():
    import migkg
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs
    from migkg.graph.validate import validate_graph

    graph = build_graph(parse_text(UPR_CHAPEAU), IRIs())
    assert validate_graph(graph).conforms
    rows = migkg.query("paragraphs", graph)
    assert [r["number"] for r in rows] == [115, "115.1", "115.2", 116]  # integers stay integers


def test_symbols_exact_ranges_joint_symbols_and_resolution_numbers():
    report = "United Nations                              CERD/C/BRA/CO/18-20\n          Distr.: General\n\n1. Text.\n"
    assert parse_text(report).metadata.symbol == "CERD/C/BRA/CO/18-20"
    assert parse_text(report).doc_id == "CERD-C-BRA-CO-18-20"
    joint = (
        "General Assembly     Security Council\n      Distr.\n      GENERAL\n      A/44/661\n      S/20911\n1. Text.\n"
    )
    doc = parse_text(joint)
    assert (doc.metadata.symbol, doc.doc_id) == ("A/44/661-S/20911", "A-44-661-S-20911")
    cleaned = (
        "United Nations\n\nGeneral Assembly Distr.: General 1 December 2025\n\n"
        "[without reference to a Main Committee (A/80/L.15)]\n\n80/11. 2025 review of the architecture\n\n"
        "The General Assembly,\n\n1. Reaffirms its resolutions.\n"
    )
    assert parse_text(cleaned).metadata.symbol == "A/RES/80/11"


def test_a_joint_symbol_links_to_its_first_symbol_on_undocs():
    from migkg.graph.iris import undocs_url

    assert str(undocs_url("A/44/661-S/20911")) == "https://undocs.org/A/44/661"
    assert str(undocs_url("CERD/C/BRA/CO/18-20")) == "https://undocs.org/CERD/C/BRA/CO/18-20"


def test_markdown_notes_of_a_cleaned_text_and_its_closing_meeting_line():
    doc = parse_text(
        "The General Assembly,\n\nRecalling its resolutions on peacebuilding,[^1]\n\n"
        "1. Reaffirms its commitment.\n\n2. Decides to remain seized of the matter.\n\n"
        "51st plenary meeting 26 November 2025\n\n---\n\n"
        "[^1]: Including General Assembly resolution 60/180 and\n    Security Council resolution 1645 (2005).\n"
    )
    assert [(f.number, f.cited_by) for f in doc.footnotes] == [(1, ("preamble__block_2",))]
    assert (
        doc.footnotes[0].text
        == "Including General Assembly resolution 60/180 and Security Council resolution 1645 (2005)."
    )
    assert doc.preamble[1].text == "Recalling its resolutions on peacebuilding,"
    assert doc.paragraphs[-1].text == "Decides to remain seized of the matter."


def test_a_marker_glued_after_a_year_and_punctuation():
    doc = parse_text(
        "1. It recalls the Sendai Framework 2015–2030;1 the Programme adopted on 24 December 2024,2 which\n"
        "builds on 22,432 reports.\n"
        "__________________\n1 Resolution 69/283.\n2 Resolution 79/233.\n"
    )
    assert [r.number for r in doc.paragraphs[0].footnote_refs] == [1, 2]
    assert "22,432" in doc.paragraphs[0].text


def test_a_footnote_cited_from_a_heading():
    doc = parse_text(
        "Annex\n\nProgress Declaration\n\n1. We met in New York.\n\n"
        "Round table 1 (objectives 2, 5 and 6)1\n\n2. We discussed the objectives.\n"
        "__________________\n1 See the summary of the round table.\n"
    )
    # "Progress Declaration" heads the text; the round table is a heading below it
    round_table = doc.sections[0].subsections[0]
    assert round_table.title == "Round table 1 (objectives 2, 5 and 6)"
    assert doc.footnotes[0].cited_by == (round_table.eid,)


ANNEX_WITH_NUMBERED_HEADINGS = """\
     1.   The present report covers the period from April to July and describes the work of the
Mission in the north, the rule of law, returns and reconciliation, and its partnerships with
the European Union and the Organization for Security and Cooperation in Europe in full.
     2.   The Mission continued its work with the institutions of Kosovo and the communities,
in particular on the rule of law, human rights, returns, cultural heritage and the missing.

Annex I
             1.   Summary

                        On 14 June, the Mission completed its two-year mandate and
                  received a new one.

             2.   Activities of the European Union Rule of Law Mission in Kosovo

        2.1.      Executive
                  Organized crime and corruption
                        On 17 April, a prosecutor filed an indictment against six defendants.
"""


def test_numbered_headings_of_an_annex_are_not_paragraphs():
    doc = parse_text(ANNEX_WITH_NUMBERED_HEADINGS)
    assert [p.label for p in doc.paragraphs if p.label] == ["1", "2"]
    annex = [(s.eid, s.numeral, s.title) for s in doc.sections]
    assert annex == [
        ("annex_I__sec_1", "1", "Summary"),
        ("annex_I__sec_2", "2", "Activities of the European Union Rule of Law Mission in Kosovo"),
    ]
    assert [(ss.eid, ss.letter, ss.title) for ss in doc.sections[1].subsections] == [
        ("annex_I__sec_2__subsec_2.1", "2.1", "Executive")
    ]
    # the annex's label and the heading below subsection 2.1 are headings of no part of their own
    assert [(h.eid, h.level, h.title, h.subsection) for h in doc.headings] == [
        ("annex_I__heading_1", 1, "Annex I", None),
        ("annex_I__heading_2", 3, "Organized crime and corruption", "annex_I__sec_2__subsec_2.1"),
    ]
    # a UPR report's "115.1  Ratify ..." stays a paragraph (tested above); so does a
    # paragraph whose first line is long and runs on
    assert (
        parse_text(
            "6. The Sustainable Development Goals, contained in the 2030 Agenda for\n"
            "Sustainable Development, recognize migrants.\n"
        )
        .paragraphs[0]
        .label
        == "6"
    )


def test_an_annex_after_an_annex_of_prose_begins_anew():
    """S/2018/747: Annex II is prose (no numbered paragraph), Annex III a table; each is an
    annex of its own, not more of the one before."""
    text = ANNEX_WITH_NUMBERED_HEADINGS + (
        "\nAnnex II\n\n"
        "            Specialist Chambers and Specialist Prosecutor's Office\n\n"
        "                  The Specialist Chambers continued to hold hearings in the reporting period.\n\n"
        "Annex III\n\n"
        "            Composition and strength of the police component\n\n"
        "            Country                                                  Number\n"
        "            Austria                                                       1\n"
    )
    doc = parse_text(text)
    assert [h.title for h in doc.headings if h.title.startswith("Annex")] == ["Annex I", "Annex II", "Annex III"]
    [annex_iii] = [h.eid for h in doc.headings if h.title == "Annex III"]
    assert annex_iii.startswith("annex_III__")


def test_a_noisy_ocr_layer_gets_a_warning_and_a_clean_text_none():
    clean = "1. The Secretary-General reports on the situation and the work of the mission in the region.\n"
    assert not any("OCR" in w for w in parse_text(clean).warnings)
    noisy = "1. Tha Sacretary-Ganeral raports cn tho situatlon amd thc wcrk of tne misslon in thc reglon.\n"
    assert any("OCR layer" in w for w in parse_text(noisy).warnings)


def test_a_roman_numeral_alone_and_a_title_wrapped_onto_a_capitalised_line():
    doc = parse_text(
        "Annex\n\nI.\nGlobal context and shared commitments\n\n1. We gather in Awaza.\n\n"
        "II. Implementation of the Awaza Programme of Action for Landlocked\n"
        "Developing Countries for the Decade 2024–2034\n\n2. We commit to implement it.\n"
    )
    assert [(s.numeral, s.title) for s in doc.sections] == [
        ("I", "Global context and shared commitments"),
        (
            "II",
            "Implementation of the Awaza Programme of Action for Landlocked Developing Countries for the Decade 2024–2034",
        ),
    ]
    assert [p.section for p in doc.paragraphs] == ["sec_I", "sec_II"]


def test_roman_points_and_a_letter_i_after_h():
    roman = parse_text("1. The Committee recommends: (i) adopting a plan; (ii) funding it; and (iii) reporting.\n")
    assert [p.label for p in roman.paragraphs[0].points] == ["i", "ii", "iii"]
    letters = "; ".join(f"({c}) item {c}" for c in "abcdefghij")
    assert [p.label for p in parse_text(f"1. It asks: {letters}.\n").paragraphs[0].points] == list("abcdefghij")


def test_where_every_note_is_marked_a_bare_number_is_never_a_marker():
    doc = parse_text("1. It cites the report.[^1] It recalls paragraph\n1 of that report.\n\n---\n\n[^1]: A/79/552.\n")
    assert [(r.number, doc.paragraphs[0].eid) for r in doc.paragraphs[0].footnote_refs] == [(1, "para_1")]
    assert doc.paragraphs[0].text.endswith("It recalls paragraph 1 of that report.")


def test_starred_notes_on_the_title_and_on_a_heading():
    doc = parse_text(
        "          Report of the Working Group on the Universal Periodic Review*\n\n"
        "          *\n              The annex to the present report is circulated as received.\n\n"
        "     I. Summary of the proceedings\n     1. The review took place on 4 November.\n"
        "     II. Conclusions and/or recommendations**\n"
        "     2. The recommendations listed below will be examined by the State.\n\n"
        "  **\n       Conclusions and recommendations have not been edited.\n"
        "     3. All conclusions reflect the position of the submitting States.\n"
    )
    notes = {f.label: f for f in doc.footnotes}
    assert notes["*"].on_title and notes["*"].cited_by == ()
    assert notes["*"].text == "The annex to the present report is circulated as received."
    assert notes["**"].cited_by == ("sec_II",) and not notes["**"].on_title
    assert doc.sections[1].title == "Conclusions and/or recommendations"
    assert doc.paragraph("para_2").text == "The recommendations listed below will be examined by the State."
    assert [f.eid for f in doc.footnotes] == ["fn_star_1", "fn_star_2"]


def test_a_starred_note_after_the_numbered_notes_under_a_rule():
    doc = parse_text(
        "          Report of the Secretary-General*\n\n"
        "     1. Member States should act on the report.1\n"
        "     2. Cities should act too.\n\n"
        "     __________________\n"
        "     1 See resolution 79/1.\n"
        "     *   Reissued for technical reasons on 5 March 2026.\n"
    )
    notes = {f.label: f for f in doc.footnotes}
    assert set(notes) == {"1", "*"}
    assert notes["1"].text == "See resolution 79/1." and notes["1"].cited_by == ("para_1",)
    assert notes["*"].text == "Reissued for technical reasons on 5 March 2026."
    # the title, without sections to head, is read as the first heading: it carries the star
    assert [s.title for s in doc.sections if s.eid in notes["*"].cited_by] == ["Report of the Secretary-General"]


def test_a_star_with_no_starred_word_above_is_text():
    doc = parse_text("1. The results were as follows.\n* Not a note: a bullet.\n2. Next.\n")
    assert doc.footnotes == ()


def test_a_paragraph_whose_lines_look_like_titles_in_an_indented_layout():
    # pdftotext -layout and the text read from a PDF indent every line: a numbered paragraph
    # whose first line ends without a stop and whose second line is capitalised is still a
    # paragraph (its lines are long for the text's width, not short for the page's)
    indent = " " * 17
    full = "of the Objectives of the International Decade for Action for the landlocked countries,"
    assert len(full) == 86  # the text's lines: 86 characters after an indent of 17, as the PDF's
    body = (
        f"{indent}12.  We further welcome the convening of the United Nations Conference on the Review\n"
        + f"{indent}{full}\n" * 6
        + f"{indent}to be hosted by Tajikistan.\n\n"
        f"{indent}II.  Implementation of the Awaza Programme of Action for Landlocked\n"
        f"{indent}    Developing Countries for the Decade 2024-2034\n"
        f"{indent}13.  We strongly commit ourselves to the full implementation of the Awaza\n"
        f"{indent}Programme of Action for Landlocked Developing Countries for the Decade 2024-2034\n"
        f"{indent}throughout the coming decade in line with its five mutually reinforcing priority areas:\n"
        f"{indent}    (a)  Structural transformation and science, technology and innovation;\n"
        f"{indent}    (b)  Trade, trade facilitation and regional integration.\n"
        f"{indent}14.  We reaffirm our commitment to advancing the concrete deliverables outlined in\n"
        f"{indent}the Awaza Programme of Action, with respect to establishing regional agriculture\n"
        f"{indent}research hubs, based on interest expressed by some countries; creating a high-level\n"
        f"{indent}panel of experts on freedom of transit for the landlocked developing countries and\n"
        f"{indent}establishing an investment facility for the landlocked developing countries.\n"
    )
    doc = parse_text(f"{indent}I.   Global context and shared commitments\n" + body)
    assert [s.numeral for s in doc.sections] == ["I", "II"]
    assert [p.number for p in doc.paragraphs] == [12, 13, 14]
    assert [q.label for q in doc.paragraph("para_13").points] == ["a", "b"]
