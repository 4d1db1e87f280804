"""The SPARQL front end: guards decided on the algebra, safe parameters, two engines agreeing."""

from __future__ import annotations

import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from test_remote import bad_server, normalised  # noqa: F401 - fixture and helper reused

from migkg.graph import export, sparql
from migkg.graph.errors import QueryError
from migkg.graph.query import list_queries

UPDATES = {
    "INSERT DATA { <http://a/s> <http://a/p> 1 }": "INSERT DATA",
    "DELETE WHERE { ?s ?p ?o }": "DELETE WHERE",
    "LOAD <http://example.org/data.ttl>": "LOAD",
    "DROP ALL": "DROP",
    "CLEAR DEFAULT": "CLEAR",
    "CREATE GRAPH <http://a/g>": "CREATE",
    "MOVE DEFAULT TO <http://a/g>": "MOVE",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }": "DELETE/INSERT",
}


@pytest.mark.parametrize("text,name", list(UPDATES.items()))
def test_updates_are_refused_by_default(text, name):
    with pytest.raises(QueryError, match=rf"SPARQL update \({name}\) refused.*--allow-update"):
        sparql.prepare(text)
    assert sparql.prepare(text, allow_update=True).is_update


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("text", SERVICE_QUERIES)
def test_service_is_refused_wherever_it_hides(text):
    with pytest.raises(QueryError, match="SERVICE refused"):
        sparql.prepare(text)
    assert not sparql.prepare(text, allow_service=True).is_update


def test_service_inside_an_allowed_update_is_still_refused():
    text = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="SERVICE refused"):
        sparql.prepare(text, allow_update=True)


def test_keywords_in_literals_and_comments_are_not_refused():
    # The guard reads the algebra, not the text: these mention SERVICE and DROP harmlessly.
    text = 'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { } ; DROP ALL" } # SERVICE; LOAD <http://x/>'
    prepared = sparql.prepare(text)
    assert prepared.form == "SelectQuery" and not prepared.is_update


def test_syntax_error_names_line_and_column():
    with pytest.raises(QueryError, match=r"SPARQL syntax error at line 2, column \d+"):
        sparql.prepare("SELECT ?s\nWHERE { ?s ?p }")


def test_local_query_with_from_opens_no_connection(bad_server, tiny_graph):
    server, base = bad_server
    prepared = sparql.prepare(f"SELECT ?s FROM <{base}/ok/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1")
    for engine in sparql.ENGINES:
        sparql.run_local(prepared, tiny_graph, engine=engine)
    assert server.counts == {}


@pytest.mark.parametrize(
    "value,term",
    [
        ("<https://w3id.org/migkg/id/doc/A-72-643>", URIRef("https://w3id.org/migkg/id/doc/A-72-643")),
        ("20", Literal("20", datatype=XSD.integer)),
        ("-1.5", Literal("-1.5", datatype=XSD.decimal)),
        ("true", Literal(True)),
        ('"migration"@en', Literal("migration", lang="en")),
        ('"say \\"hi\\""', Literal('say "hi"')),
        ("migo:Paragraph", URIRef("https://w3id.org/migkg/ontology#Paragraph")),
        ("III", Literal("III")),
        ("unknown:thing", Literal("unknown:thing")),
        ('x" } ; DROP ALL ; #', Literal('x" } ; DROP ALL ; #')),
    ],
)
def test_parse_term(value, term):
    parsed = sparql.parse_term(value)
    assert parsed == term and type(parsed) is type(term)


def test_invalid_iri_parameter():
    with pytest.raises(QueryError, match="not a valid IRI"):
        sparql.parse_term("<http://a/> } ; DROP ALL ; <x>")


def test_parameter_of_a_sub_select_or_filter_is_refused():
    # A trailing VALUES clause joins at the top level: binding ?m (only inside the
    # sub-select) or ?z (only inside FILTER NOT EXISTS) would filter nothing.
    prepared = sparql.prepare(
        "SELECT ?a ?n WHERE { ?a <urn:p> ?b . FILTER NOT EXISTS { ?a <urn:x> ?z } "
        "MINUS { ?a <urn:y> ?w } "
        "OPTIONAL { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m <urn:q> ?a } GROUP BY ?a } }"
    )
    assert prepared.bindable == {"a", "b", "n"}
    for name in ("m", "z", "w"):
        with pytest.raises(QueryError, match=rf"'{name}' is not a variable of the query \(it is used only inside"):
            sparql.parse_params([f"{name}=1"], prepared)


def test_after_grouping_only_group_keys_and_aggregates_bind():
    prepared = sparql.prepare("SELECT ?g (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert prepared.bindable == {"g"}


def test_parameter_must_name_a_variable():
    prepared = sparql.prepare("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="'nmber' is not a variable of the query"):
        sparql.parse_params(["nmber=1"], prepared)
    with pytest.raises(QueryError, match="name=value"):
        sparql.parse_params(["o"], prepared)


INJECTION = 'x" } ; DROP ALL ; #'


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_injection_attempt_stays_a_literal(tiny_graph, engine):
    data = Graph() + tiny_graph
    prepared = sparql.prepare("SELECT ?s WHERE { ?s ?p ?text }")
    bindings = sparql.parse_params([f"text={INJECTION}"], prepared)
    assert sparql.rows(sparql.run_local(prepared, data, bindings, engine=engine)) == []
    assert isomorphic(data, tiny_graph)


def test_values_clause_escapes_and_is_checked():
    prepared = sparql.prepare("SELECT ?s WHERE { ?s ?p ?text } # trailing comment")
    text = sparql.with_values(prepared, sparql.parse_params([f"text={INJECTION}"], prepared))
    assert text.endswith('VALUES (?text) { ("x\\" } ; DROP ALL ; #") }\n')
    again = sparql.prepare(text)
    assert again.form == "SelectQuery" and not again.is_update and again.trailing_values


def test_values_clause_refused_when_the_query_has_one():
    prepared = sparql.prepare("SELECT ?s WHERE { ?s ?p ?o } VALUES ?o { 1 }")
    with pytest.raises(QueryError, match="already ends in a VALUES"):
        sparql.with_values(prepared, {"s": URIRef("http://a/")})


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_parameters_filter_rows(tiny_graph, engine):
    prepared = sparql.prepare("SELECT ?p ?n WHERE { ?p a migo:Paragraph ; migo:number ?n }")
    all_rows = sparql.rows(sparql.run_local(prepared, tiny_graph, engine=engine))
    assert sorted(int(n) for _, n in all_rows) == [1, 2, 3]
    bound = sparql.rows(sparql.run_local(prepared, tiny_graph, sparql.parse_params(["n=2"], prepared), engine=engine))
    assert [int(n) for _, n in bound] == [2]


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_parameter_on_an_optional_variable_selects_rows(tiny_graph, engine):
    # rdflib's initBindings would copy the value into every row (it fixes the variable
    # before evaluation); the VALUES clause every engine gets selects the matching row.
    prepared = sparql.prepare("SELECT ?p ?label WHERE { ?p a migo:Paragraph OPTIONAL { ?p rdfs:label ?label } }")
    bindings = sparql.parse_params(['label="paragraph 2"@en'], prepared)
    rows = sparql.rows(sparql.run_local(prepared, tiny_graph, bindings, engine=engine))
    assert [str(p).rsplit("/", 1)[1] for p, _ in rows] == ["para_2"]


def test_select_expression_variables_cannot_be_bound():
    # A trailing VALUES is joined before the SELECT expressions: binding ?n is an error.
    prepared = sparql.prepare("SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s")
    assert prepared.bindable == {"s"}
    with pytest.raises(QueryError, match="'n' is not a variable"):
        sparql.parse_params(["n=1"], prepared)


def test_text_for_endpoint_declares_the_project_prefixes_it_uses():
    prepared = sparql.prepare("SELECT ?p WHERE { ?p a migo:Paragraph ; dcterms:isPartOf ?d }")
    text = sparql.text_for_endpoint(prepared)
    assert "PREFIX migo: <https://w3id.org/migkg/ontology#>" in text
    assert "PREFIX dcterms: <http://purl.org/dc/terms/>" in text
    assert "PREFIX skos:" not in text


@pytest.fixture(scope="module")
def seed_with_facts(seed_document, seed_facts):
    """The seed's full graph, structure and extracted facts, with a small UPR report's, and the
    seed aligned with the Global Compact (the Compact's structure), so that every named query
    has something to group (rdflib's empty GROUP BY answer, RDFLib/rdflib#3382, aside), the
    UPR and alignment queries included."""
    from pathlib import Path

    from migkg.extract.extraction import extract_facts
    from migkg.extract.structure import parse_file
    from migkg.graph.build import build_graph
    from migkg.graph.iris import IRIs

    upr = parse_file(Path(__file__).parent / "fixtures" / "A-HRC-99-1-upr.txt")
    from migkg.extract.align import align
    from migkg.graph.alignment import alignment_graph

    seed = build_graph(seed_document, IRIs(), seed_facts)
    compact = parse_file(Path(__file__).parent.parent / "seeds" / "A-RES-73-195.txt")
    aligned = alignment_graph(align(seed_document, seed_facts, compact), IRIs())
    return seed + build_graph(upr, IRIs(), extract_facts(upr)) + build_graph(compact, IRIs()) + aligned


def unordered_lists(rows):
    """GROUP_CONCAT's order is unspecified by SPARQL (the engines differ): compare the
    comma-separated parts of every value as a multiset."""
    return sorted(
        tuple(", ".join(sorted(str(t).split(", "))) if t is not None else None for t in row) for row in normalised(rows)
    )


@pytest.mark.model
def test_engines_give_the_same_rows_for_every_named_query(seed_with_facts):
    store = sparql.oxigraph_store(seed_with_facts)
    for named in list_queries():
        prepared = sparql.prepare(named.text)
        by_rdflib = sparql.rows(sparql.run_local(prepared, seed_with_facts))
        by_oxigraph = sparql.rows(sparql.run_local(prepared, seed_with_facts, engine="oxigraph", store=store))
        assert by_rdflib, named.name
        assert unordered_lists(by_oxigraph) == unordered_lists(by_rdflib), named.name


def test_oxigraph_engine_sees_named_graphs_as_the_default_graph(tiny_graph):
    dataset = Dataset()
    dataset.graph(export.document_iri(tiny_graph)).__iadd__(tiny_graph)
    prepared = sparql.prepare("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    [(n,)] = sparql.rows(sparql.run_local(prepared, dataset, engine="oxigraph"))
    assert int(n) == len(tiny_graph)


def test_unknown_engine(tiny_graph):
    with pytest.raises(QueryError, match="unknown engine"):
        sparql.run_local(sparql.prepare("ASK {}"), tiny_graph, engine="virtuoso")


# --- the front end on arbitrary input ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TOKENS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "?s",
    "?p",
    "?o",
    "<urn:x>",
    '"a"',
    "@en",
    "^^",
    "1",
    ".",
    ";",
    ",",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "SERVICE",
    "VALUES",
    "GROUP BY",
    "COUNT(*)",
    "AS",
    "INSERT DATA",
    "DELETE",
    "LOAD",
    "DROP ALL",
    "GRAPH",
    "PREFIX",
    "x:",
    "#",
    "\n",
    "*",
    "/",
    "|",
    "^",
    "!",
    "+",
    "a",
    "BIND",
    "MINUS",
    "EXISTS",
    "NOT",
]


def _front_end(text: str) -> None:
    try:
        sparql.prepare(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_front_end_on_arbitrary_text_answers_or_refuses(text):
    _front_end(text)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map(" ".join))
def test_front_end_on_sparql_token_soup_answers_or_refuses(text):
    _front_end(text)


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_a_failing_allowed_service_is_one_query_error(bad_server, tiny_graph, engine):
    # Both engines evaluate lazily; the failure must surface inside run_local as a
    # QueryError (one line), not later as a traceback from the formatter.
    server, base = bad_server
    prepared = sparql.prepare(f"SELECT * WHERE {{ SERVICE <{base}/error500> {{ ?s ?p ?o }} }}", allow_service=True)
    with pytest.raises(QueryError, match="SPARQL evaluation failed") as caught:
        sparql.run_local(prepared, tiny_graph, engine=engine)
    assert "\n" not in str(caught.value)
    assert server.counts["error500"] >= 1
