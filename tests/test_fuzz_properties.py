"""Property-based tests (issue 6, item 6), sized by the hypothesis profile (tests/conftest.py):
``ci`` with every pytest run, ``long`` for a longer search (``HYPOTHESIS_PROFILE=long``).

- The structure parser, on arbitrary text and on text made of UN-document-like lines, never
  crashes, and every element's offsets point at its raw text in the source.
- The query front end, on arbitrary strings and on strings made of SPARQL tokens, gives a
  :class:`QueryError` or a result, with both local engines, never another exception, and
  never takes more than 5 s per example.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migkg.errors import MigkgError
from migkg.extract.model import Span
from migkg.extract.structure import parse_text
from migkg.graph import sparql
from migkg.graph.errors import QueryError

# --- the structure parser ----------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Member",
        "States",
        "should",
        "migration",
        "the",
        "of",
        "and",
        "(a)",
        "(b)",
        "(iv)",
        "A/RES/71/1",
        "A/72/643,",
        "https://www.un.org/x",
        "1",
        "2",
        "2017.",
        "migra-",
        "tion",
        "see",
        "note",
        "(",
        ")",
        "\u201c",
        "\u201d",
        '"',
        "\u00e9t\u00e9",
        "-",
        "\u2014",
        "I",
        "II.",
        "A.",
        "Summary",
        ";",
        ":",
        "\t",
        "\f",
        "\u00a0",
    ]
)
_LINE = st.one_of(
    st.builds(lambda n, words: f"{n}. {' '.join(words)}", st.integers(0, 30), st.lists(_WORDS, max_size=14)),
    st.builds(
        lambda r, words: f"{r}. {' '.join(words)}",
        st.sampled_from(["I", "II", "III", "IV", "V", "X"]),
        st.lists(_WORDS, max_size=5),
    ),
    st.builds(
        lambda letter, words: f" {letter}. {' '.join(words)}", st.sampled_from("ABCDE"), st.lists(_WORDS, max_size=5)
    ),
    st.builds(lambda n, words: f"{n} {' '.join(words)}", st.integers(1, 9), st.lists(_WORDS, max_size=10)),
    st.builds(
        lambda label, words: f"({label}) {' '.join(words)}", st.sampled_from("abcdz"), st.lists(_WORDS, max_size=8)
    ),
    st.just("__________________"),
    st.just(""),
    st.just("  Summary"),
    st.builds(" ".join, st.lists(_WORDS, max_size=20)),
    st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
)
_DOCUMENT = st.tuples(st.lists(_LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\r", "\n\n"])).map(
    lambda lines_end: lines_end[1].join(lines_end[0]) + lines_end[1]
)


def _spans(document) -> list[tuple[str, Span]]:
    found = []
    for section in document.sections:
        found.append((section.eid, section.span))
        found += [(sub.eid, sub.span) for sub in section.subsections]
    for part in (*document.summary, *document.preamble, *document.paragraphs, *document.footnotes):
        found.append((part.eid, part.span))
        found += [(part.eid, piece) for piece in part.segments]
        found += [(f"{part.eid} ref", ref.span) for ref in getattr(part, "footnote_refs", ())]
        found += [(f"{part.eid} doc ref", ref.span) for ref in part.document_refs]
        found += [(f"{part.eid} url", ref.span) for ref in part.urls]
        found += [(point.eid, point.span) for point in getattr(part, "points", ())]
    found += [(f"repair {r.kind}", r.span) for r in document.repairs]
    return found


def check_offsets(document, source: str) -> None:
    assert document.source_length == len(source)
    for name, span in _spans(document):
        assert 0 <= span.begin <= span.end <= len(source), (name, span)
    for section in document.sections:
        # a numbered heading starts with its numeral; an unnumbered one with its title's text
        head = f"{section.numeral}." if section.numeral else section.title[:1]
        assert source[section.span.begin : section.span.end].startswith(head)
        for sub in section.subsections:
            # a heading that numbers itself ("Objective 5: ...") starts with its title
            self_numbered = sub.letter and f" {sub.letter}" in sub.title.split(":")[0]
            head = f"{sub.letter}." if sub.letter and not self_numbered else sub.title[:1]
            assert source[sub.span.begin : sub.span.end].startswith(head)
    for part in (*document.summary, *document.preamble, *document.paragraphs, *document.footnotes):
        raw = source[part.span.begin : part.span.end]
        label = part.label  # a paragraph's or note's number or marker as printed; None for a block
        if label is not None:
            assert raw.startswith(label), (part.eid, raw[:20])
        pieces = [part.content, *(point.content for point in getattr(part, "points", ()))]
        for clean in pieces:
            assert list(clean.source_index) == sorted(set(clean.source_index))
            for ch, i in zip(clean.text, clean.source_index, strict=False):
                assert part.span.begin <= i < part.span.end, (part.eid, i)
                assert source[i] == ch or (ch.isspace() and source[i].isspace()), (part.eid, i, ch, source[i])
        for point in getattr(part, "points", ()):
            assert source[point.span.begin : point.span.end].startswith(f"({point.label})"), point.eid
    for footnote in document.footnotes:
        for ref in footnote.refs:
            assert source[ref.span.begin : ref.span.end] == str(footnote.number)
    for repair in document.repairs:
        assert source[repair.span.begin : repair.span.end] == repair.before


def _parse(source: str):
    try:
        return parse_text(source, source_path="fuzz.txt")
    except MigkgError:
        return None  # a clean refusal is an answer


@settings(deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENT)
def test_structure_parser_on_document_like_text(source):
    document = _parse(source)
    if document is not None:
        check_offsets(document, source)


@settings(deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_structure_parser_on_arbitrary_text(source):
    document = _parse(source)
    if document is not None:
        check_offsets(document, source)


def test_offset_check_catches_a_shifted_span():
    # The property is only worth something if a wrong offset fails it.
    source = "1. Member States should act.\n2. They should cooperate.\n"
    document = parse_text(source, source_path="x.txt")
    check_offsets(document, source)
    first = document.paragraphs[0]
    shifted = type(first)(
        **{
            **{f: getattr(first, f) for f in first.__dataclass_fields__},
            "span": Span(first.span.begin + 1, first.span.end),
        }
    )
    broken = type(document)(
        **{
            **{f: getattr(document, f) for f in document.__dataclass_fields__},
            "paragraphs": (shifted, *document.paragraphs[1:]),
        }
    )
    with pytest.raises(AssertionError):
        check_offsets(broken, source)


# --- the query front end -----------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "SELECT",
        "DISTINCT",
        "*",
        "?s",
        "?p",
        "?o",
        "?n",
        "WHERE",
        "{",
        "}",
        "(",
        ")",
        ".",
        ";",
        ",",
        "a",
        "FILTER",
        "REGEX",
        "STR",
        "LANG",
        "OPTIONAL",
        "UNION",
        "MINUS",
        "EXISTS",
        "NOT",
        "BIND",
        "AS",
        "VALUES",
        "GRAPH",
        "SERVICE",
        "<http://127.0.0.1:9/sparql>",
        "FROM",
        "NAMED",
        "LOAD",
        "INSERT",
        "DELETE",
        "DATA",
        "CLEAR",
        "DROP",
        "ALL",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "COUNT",
        "GROUP",
        "BY",
        "ORDER",
        "DESC",
        "LIMIT",
        "OFFSET",
        "HAVING",
        "10",
        "1.5",
        '"x"',
        '"x"@en',
        "true",
        "migo:Paragraph",
        "migo:number",
        "rdfs:label",
        "dcterms:title",
        "<urn:x>",
        "/",
        "|",
        "^",
        "+",
        "?",
        "!",
        "=",
        "<",
        ">",
        "&&",
        "||",
        "PREFIX",
        "ex:",
        "<http://example.org/>",
        "#",
        "\n",
        "SUBSTR",
        "CONCAT",
        "IF",
        "COALESCE",
        "NOW",
        "RAND",
        "UUID",
    ]
)
_QUERY = st.one_of(
    st.lists(_TOKENS, max_size=30).map(" ".join),
    st.builds(lambda body: f"SELECT * WHERE {{ {' '.join(body)} }}", st.lists(_TOKENS, max_size=20)),
    st.text(max_size=200),
)


@pytest.fixture(scope="module")
def data():
    from conftest import make_tiny_document

    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs

    return build_graph(make_tiny_document(), IRIs())


@pytest.mark.timeout(600)
@settings(
    deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(text=_QUERY)
def test_query_front_end_gives_an_error_or_a_result(data, text):
    try:
        prepared = sparql.prepare(text)
    except QueryError:
        return
    for engine in sparql.ENGINES:
        with contextlib.suppress(QueryError):
            sparql.run_local(prepared, data, engine=engine)
