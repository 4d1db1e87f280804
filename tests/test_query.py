"""Named queries: headers, syntax errors with positions, result formats, and the three
structure queries on the seed report against expectations checked by hand.

The expectations below were read off the report's text (seeds/A-72-643.txt), not off
the program's output: the headings' lines give each section's and subsection's
paragraph range, and every footnote marker was located in the body by hand (line numbers
of the seed file in the comments).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib.plugins.sparql import prepareQuery

from migkg.graph import query as q
from migkg.graph import sparql
from migkg.graph.errors import QueryError
from migkg.graph.iris import PREFIXES

# Sections with their paragraph ranges; subsections with theirs. Paragraphs before a
# section's first subsection (19 in III, 54-55 in V, 69 in VI) have no subsection.
SECTIONS = {  # numeral: (title, first paragraph, last paragraph)
    "I": ("Introduction", 1, 8),  # line 50
    "II": ("The need for a respectful and realistic debate about migration", 9, 18),  # lines 311-312
    "III": ("Maximizing the benefits of migration for all", 19, 46),  # line 479
    "IV": ("The challenge of large movements of people", 47, 53),  # line 1073
    "V": ("The era of implementation", 54, 68),  # line 1279
    "VI": ("The global compact and the United Nations", 69, 83),  # line 1618
    "VII": ("Conclusion", 84, 88),  # line 1913
}
SUBSECTIONS = {  # (section, letter): (title, first paragraph, last paragraph)
    ("I", "A"): ("Migration and the urgency of international cooperation", 1, 6),  # line 55
    ("I", "B"): ("Structure of the report", 7, 8),  # line 264
    ("III", "A"): ("Enabling migrants to achieve their potential", 20, 31),  # line 502
    ("III", "B"): ("Promoting regular migration", 32, 41),  # line 793
    ("III", "C"): ("Cooperative security arrangements for well managed migration", 42, 46),  # line 963
    ("V", "A"): ("Framing the global compact", 56, 66),  # line 1318
    ("V", "B"): ("A strategy for large movements of migrants", 67, 68),  # line 1547
    ("VI", "A"): ("Preparing the United Nations for a new approach to migration", 70, 76),  # line 1641
    ("VI", "B"): ("Member State oversight", 77, 80),  # line 1778
    ("VI", "C"): ("Follow-up to the global compact", 81, 83),  # line 1847
}
# Footnote -> the paragraphs that carry its marker. Three notes are cited twice:
# 3 ("per cent.3", "population.3" in 3; "right. 3" in 6, line 252), 10 ("ambitions.10" in
# 21, "assumed.10" in 27) and 30 ("as needed.30" in 62, "situation. 30" in 70, line 1654).
FOOTNOTE_CITATIONS = {
    1: [2],
    2: [3],
    3: [3, 6],
    4: [20],
    5: [20],
    6: [20],
    7: [20],
    8: [20],
    9: [20],
    10: [21, 27],
    11: [22],
    12: [25],
    13: [27],
    14: [28],
    15: [28],
    16: [29],
    17: [31],
    18: [32],
    19: [39],
    20: [44],
    21: [44],
    22: [44],
    23: [45],
    24: [47],
    25: [49],
    26: [49],
    27: [49],
    28: [56],
    29: [60],
    30: [62, 70],
    31: [64],
    32: [65],
    33: [72],
    34: [75],
    35: [84],
}
# Footnote openings, as printed below the rule lines.
FOOTNOTE_OPENINGS = {
    1: "See the report of the United Nations High Commissioner for Human Rights",
    20: "See A/HRC/35/25, report of the Special Rapporteur",
    24: "See Missing Migrants Project (http://missingmigrants.iom.int/)",
    33: "See resolution 71/1, para. 49.",
    35: "The text of most of the submissions received are available at",
}


def expected_paragraph_rows() -> list[tuple[str, int, str, str]]:
    rows = []
    for numeral, (_, first, last) in SECTIONS.items():
        for number in range(first, last + 1):
            letter = next(
                (sub for (sec, sub), (_, a, b) in SUBSECTIONS.items() if sec == numeral and a <= number <= b),
                "",
            )
            rows.append(("A-72-643", number, numeral, letter))
    return sorted(rows, key=lambda r: r[1])


def run(text: str, graph):
    return sparql.run_local(sparql.prepare(text), graph)


def table(graph, name: str) -> list[dict[str, str]]:
    result = run(q.named_query(name).text, graph)
    return list(csv.DictReader(io.StringIO(q.format_result(result, "csv"))))


# --- the shipped queries ------------------------------------------------------------------


def test_every_named_query_has_a_complete_header_and_parses():
    queries = q.list_queries()
    assert {"paragraphs", "footnotes", "sections"} <= {x.name for x in queries}
    for named in queries:
        header = q.parse_header(named.text)
        assert header.get("name") == named.name, named.name
        assert named.answers, f"{named.name}: '# answers:' missing"
        assert named.columns, f"{named.name}: '# columns:' missing"
        projected = prepareQuery(named.text, initNs=PREFIXES).algebra["PV"]
        assert [str(v) for v in projected] == list(named.columns), named.name
        assert "ORDER BY" in named.text.upper(), f"{named.name}: rows need a fixed order"


def test_unknown_named_query():
    with pytest.raises(QueryError, match="no named query 'nope'"):
        q.named_query("nope")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELECT ?x WHERE { ?x ?y ?z }}", 1, 29),
        ("SELECT ?x\nWHERE {\n  ?x ?y ?z .\n}\nLIMIT ten", 5, 1),
        (
            "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:p ?o } ORDER BY",
            2,
            31,
        ),  # at "ORDER BY" without a key
        ("ZELECT ?x WHERE { ?x ?y ?z }", 1, 1),  # lines and columns count from one
        ("SELECT ?x WHERE { ?x ?y ?z }\n\n}", 3, 1),  # at the start of a line
    ],
)
def test_syntax_error_names_line_and_column(text, line, column):
    with pytest.raises(QueryError) as caught:
        sparql.prepare(text)
    assert f"line {line}, column {column}" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


# --- formats on the tiny document ---------------------------------------------------------


def test_formats_hold_the_same_rows(tiny_graph):
    result = run(q.named_query("paragraphs").text, tiny_graph)
    csv_rows = list(csv.reader(io.StringIO(q.format_result(result, "csv"))))
    tsv_rows = [line.split("\t") for line in q.format_result(result, "tsv").splitlines()]
    data = json.loads(q.format_result(result, "json"))
    json_rows = [[b.get(v, {}).get("value", "") for v in data["head"]["vars"]] for b in data["results"]["bindings"]]
    assert csv_rows[0] == tsv_rows[0] == data["head"]["vars"] == ["doc", "number", "section", "subsection", "text"]
    assert csv_rows[1:] == tsv_rows[1:] == json_rows
    assert csv_rows[1:] == [
        ["A-99-1", "1", "I", "A", "Migration is growing."],
        ["A-99-1", "2", "I", "A", "States should cooperate (see A/RES/71/1): (a) first; and (b) second."],
        ["A-99-1", "3", "II", "", "I urge Member States to act."],
    ]
    rendered = q.format_result(result, "table")
    assert "I urge Member States to act." in rendered and "3 rows" in rendered


def test_tsv_escapes_tabs_and_line_breaks(tiny_graph):
    result = run('SELECT ?v WHERE { BIND ("a\\tb\\nc" AS ?v) }', tiny_graph)
    assert q.format_result(result, "tsv") == "v\na\\tb\\nc\n"


def test_table_does_not_read_values_as_markup(tiny_graph):
    result = run('SELECT ?v WHERE { BIND ("[bold]x[/bold]" AS ?v) }', tiny_graph)
    assert "[bold]x[/bold]" in q.format_result(result, "table")


def test_ask_query(tiny_graph):
    result = run("ASK { ?p a migo:Paragraph }", tiny_graph)
    assert q.format_result(result, "tsv") == "true\n"


# --- the seed report ----------------------------------------------------------------------


def test_paragraphs_on_seed(seed_graph):
    rows = table(seed_graph, "paragraphs")
    assert len(rows) == 88
    got = [(r["doc"], int(r["number"]), r["section"], r["subsection"]) for r in rows]
    assert got == expected_paragraph_rows()
    texts = {int(r["number"]): r["text"] for r in rows}
    assert texts[1].startswith("Managing migration is one of the most urgent and profound tests")
    assert texts[88].startswith("Yet this is not solely a matter of States, but of peoples.")
    for text in texts.values():
        assert text == " ".join(text.split()), "text is whitespace-normalised"


def test_footnotes_on_seed(seed_graph):
    rows = table(seed_graph, "footnotes")
    citations: dict[int, list[int]] = {}
    for r in rows:
        assert r["doc"] == "A-72-643"
        citations.setdefault(int(r["number"]), []).append(int(r["paragraph"]))
    assert citations == FOOTNOTE_CITATIONS
    assert len(rows) == 38  # 35 notes, three of them cited from two paragraphs
    texts = {int(r["number"]): r["text"] for r in rows}
    for number, opening in FOOTNOTE_OPENINGS.items():
        assert texts[number].startswith(opening), (number, texts[number][:80])


def test_sections_on_seed(seed_graph):
    rows = table(seed_graph, "sections")
    expected = []
    for numeral, (title, _, _) in SECTIONS.items():
        expected.append(("A-72-643", numeral, title, ""))
        for (section, letter), (sub_title, _, _) in SUBSECTIONS.items():
            if section == numeral:
                expected.append(("A-72-643", letter, sub_title, numeral))
    assert [(r["doc"], r["number"], r["title"], r["parent"]) for r in rows] == expected
    assert sum(1 for r in rows if not r["parent"]) == 7
    assert sum(1 for r in rows if r["parent"]) == 10


def test_seed_queries_agree_with_the_structure_gold(seed_graph):
    """The STRUCTURE engineer's independently hand-checked gold gives the same answers."""
    from conftest import ROOT

    gold_path = ROOT / "tests" / "gold" / "structure-A-72-643.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    paragraphs = {int(r["number"]): (r["section"], r["subsection"]) for r in table(seed_graph, "paragraphs")}
    expected = {
        n: (section, subsection or "")
        for first, last, section, subsection in gold["paragraph_ranges"]
        for n in range(first, last + 1)
    }
    assert paragraphs == expected
    citations: dict[str, list[str]] = {}
    for r in table(seed_graph, "footnotes"):
        citations.setdefault(r["number"], []).append(f"para_{r['paragraph']}")
    assert citations == {n: sorted(eids, key=lambda e: int(e[5:])) for n, eids in gold["footnotes"].items()}
    sections = {
        (f"{r['parent']}.{r['number']}" if r["parent"] else r["number"]): r["title"]
        for r in table(seed_graph, "sections")
    }
    assert sections == gold["sections"] | gold["subsections"]


def test_paragraphs_of_a_resolution_without_sections():
    """A resolution's operative paragraphs start at 17 and sit in no section: the
    paragraphs query still lists them, with an empty section."""
    from conftest import ROOT

    from migkg.extract.structure import parse_file
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs

    path = ROOT / "tests" / "fixtures" / "A-RES-73-195-crlf.txt"
    rows = table(build_graph(parse_file(path), IRIs()), "paragraphs")
    assert [int(r["number"]) for r in rows] == list(range(17, 23))
    assert {(r["doc"], r["section"], r["subsection"]) for r in rows} == {("A-RES-73-195", "", "")}
    assert rows[0]["text"].startswith("We commit to strengthen the global evidence base")


def test_oxigraph_rows_hold_the_terms_the_sparql_json_results_format_gives():
    """The embedded engine's rows are made term by term: the same terms, types and absent
    unbound variables that rdflib's SPARQL JSON results parser makes from the same answer
    (the route they took before): a plain literal without xsd:string, a language tag kept,
    a derived integer type as Oxigraph stores it."""
    import pyoxigraph
    from rdflib.query import Result

    from migkg.graph.oxigraph import oxigraph_result

    store = pyoxigraph.Store()
    store.update(
        'INSERT DATA { <http://example.org/a> <http://example.org/p> "plain", "tagged"@en-GB, '
        '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>, "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>, '
        '"x"^^<http://www.w3.org/2001/XMLSchema#string>, <http://example.org/b>, _:n . }'
    )
    text = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?missing } } ORDER BY STR(?o)"

    def through_json() -> Result:
        buffer = io.BytesIO()
        store.query(text).serialize(buffer, format=pyoxigraph.QueryResultsFormat.JSON)
        buffer.seek(0)
        return Result.parse(buffer, format="json")

    expected, made = through_json(), oxigraph_result(store.query(text))
    assert made.vars == expected.vars
    assert made.bindings == expected.bindings
    assert [sorted((str(k), repr(v)) for k, v in row.items()) for row in made.bindings] == [
        sorted((str(k), repr(v)) for k, v in row.items()) for row in expected.bindings
    ]
    assert all(len(row) == 2 for row in made.bindings)  # ?missing unbound: absent
    assert oxigraph_result(store.query("ASK { ?s ?p 'plain' }")).askAnswer is True
    assert oxigraph_result(store.query("ASK { ?s ?p 'none' }")).askAnswer is False
