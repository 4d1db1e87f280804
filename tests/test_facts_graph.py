"""Facts -> RDF on the tiny hand-made document (rules-only pipeline: fast).

Checks the vocabulary contract other modules code against (IRIs, classes, properties),
provenance, determinism, and that every extraction shape catches what it claims.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import TINY_SOURCE, make_tiny_document
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, SH, SKOS

from migkg.extract.extraction import extract_facts
from migkg.extract.facts import Figure
from migkg.extract.model import Span
from migkg.graph.build import build_graph
from migkg.graph.iris import ITSRDF, LEVEL, MIGO, MODALITY, NIF, IRIs
from migkg.graph.validate import validate_graph

MIGSH = Namespace("https://w3id.org/migkg/shapes#")
IRI = IRIs()
DOC_ID = "A-99-1"


@pytest.fixture(scope="module")
def tiny_facts():
    document = make_tiny_document()
    facts = extract_facts(document, source=TINY_SOURCE, model="blank:en")
    # the tiny text quotes no figure: add one by hand so that figures are written and checked
    b = TINY_SOURCE.index("growing")
    figure = Figure(
        paragraph="para_1",
        n=1,
        span=Span(b, b + 7),
        anchor="growing",
        text="growing",
        value=Decimal("12.5"),
        unit="percent",
        year=2017,
        footnote="fn_1",
        sentence="Migration is growing.",
    )
    return document, dataclasses.replace(facts, figures=(figure,))


@pytest.fixture(scope="module")
def graph(tiny_facts):
    document, facts = tiny_facts
    return build_graph(document, IRI, facts)


def statement(para: str, n: int) -> URIRef:
    return IRI.statement(DOC_ID, para, n)


# --- the vocabulary contract ---------------------------------------------------------------


def test_statements_found_in_the_tiny_text(tiny_facts):
    _, facts = tiny_facts
    found = {(s.paragraph, s.kind, s.modality, s.addressees) for s in facts.statements}
    assert found == {
        ("para_2", "recommendation", "should", ("states",)),  # "States should cooperate"
        ("para_3", "recommendation", "urge", ("member-states",)),  # "I urge Member States to act."
    }


def test_recommendation_triples(graph):
    s = statement("para_3", 1)
    assert (s, RDF.type, MIGO.Recommendation) in graph
    assert (s, RDF.type, MIGO.Statement) in graph
    assert (s, MIGO.addressee, IRI.actor("member-states")) in graph
    assert (s, MIGO.modality, MODALITY.urge) in graph
    assert (s, MIGO.text, Literal("I urge Member States to act.", lang="en")) in graph
    assert (s, MIGO.action, Literal("act", lang="en")) in graph
    assert (s, MIGO.paragraph, IRI.part(DOC_ID, "para_3")) in graph
    assert (s, PROV.wasGeneratedBy, IRI.run(DOC_ID)) in graph
    assert graph.value(s, MIGO.confidence).datatype == XSD.decimal
    selection = graph.value(s, PROV.wasDerivedFrom)
    begin, end = int(graph.value(selection, NIF.beginIndex)), int(graph.value(selection, NIF.endIndex))
    assert TINY_SOURCE[begin:end] == "I urge Member States to act." == str(graph.value(selection, NIF.anchorOf))
    assert selection == IRI.selection(DOC_ID, begin, end)
    assert (selection, NIF.referenceContext, IRI.source(DOC_ID)) in graph


def test_actor_triples(graph):
    actor = IRI.actor("member-states")
    assert {MIGO.Actor, MIGO.StateActor} <= set(graph.objects(actor, RDF.type))
    assert graph.value(actor, RDFS.label) == Literal("Member States", lang="en")
    assert Literal("Member State", lang="en") in set(graph.objects(actor, SKOS.altLabel))


def test_instrument_with_a_symbol_is_that_un_document(graph):
    """The New York Declaration, resolution 71/1 and A/RES/71/1 are one resource."""
    node = IRI.un_document("A/RES/71/1")
    assert {MIGO.Instrument, MIGO.Declaration, MIGO.UNDocument} <= set(graph.objects(node, RDF.type))
    assert Literal("New York Declaration for Refugees and Migrants", lang="en") in set(graph.objects(node, RDFS.label))
    assert (node, FOAF.page, URIRef("https://undocs.org/A/RES/71/1")) in graph
    assert (statement("para_2", 1), MIGO.invokes, node) in graph
    assert not list(graph.subjects(RDF.type, MIGO.Instrument)) or all(
        "/instrument/new-york-declaration" not in str(i) for i in graph.subjects(RDF.type, MIGO.Instrument)
    )


def test_mentions_are_nif_strings_with_the_exact_source_text(graph):
    mentions = list(graph.subjects(RDF.type, MIGO.Mention))
    assert mentions
    for m in mentions:
        assert (m, RDF.type, NIF.OffsetBasedString) in graph
        begin, end = int(graph.value(m, NIF.beginIndex)), int(graph.value(m, NIF.endIndex))
        assert str(graph.value(m, NIF.anchorOf)) == TINY_SOURCE[begin:end]
        assert graph.value(m, ITSRDF.taIdentRef) is not None
        assert graph.value(m, MIGO.paragraph) is not None
    targets = {graph.value(m, ITSRDF.taIdentRef) for m in mentions}
    assert {IRI.actor("states"), IRI.actor("member-states"), IRI.un_document("A/RES/71/1")} == targets


def test_figure_triples(graph):
    f = IRI.figure(DOC_ID, "para_1", 1)
    assert (f, RDF.type, MIGO.Figure) in graph
    assert graph.value(f, MIGO.value) == Literal("12.5", datatype=XSD.decimal)
    assert graph.value(f, MIGO.unit) == Literal("percent")
    assert graph.value(f, MIGO.year) == Literal("2017", datatype=XSD.gYear)
    assert graph.value(f, MIGO.sourceFootnote) == IRI.part(DOC_ID, "fn_1")


def test_the_run_says_which_model_ran(graph):
    run = IRI.run(DOC_ID)
    assert {PROV.Activity, MIGO.ExtractionRun} <= set(graph.objects(run, RDF.type))
    assert (run, PROV.used, IRI.source(DOC_ID)) in graph
    assert graph.value(run, MIGO.modelName) == Literal("blank:en")
    assert graph.value(run, MIGO.rulesOnly) == Literal(True)
    agents = set(graph.objects(run, PROV.wasAssociatedWith))
    assert len(agents) == 2 and all((a, RDF.type, PROV.SoftwareAgent) in graph for a in agents)


def test_levels_and_modalities_are_in_the_graph(graph):
    assert graph.value(MODALITY.must, MIGO.strength) == Literal(4)
    assert (LEVEL.subnational, SKOS.prefLabel, Literal("subnational", lang="en")) in graph


def test_no_blank_nodes(graph):
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_same_facts_same_bytes(tiny_facts):
    document, facts = tiny_facts
    one = build_graph(document, IRI, facts).serialize(format="nt")
    two = build_graph(document, IRI, extract_facts(document, source=TINY_SOURCE, model="blank:en")).serialize(
        format="nt"
    )
    # the second run lacks the hand-made figure: compare without it
    drop = str(IRI.figure(DOC_ID, "para_1", 1))
    sel = str(IRI.selection(DOC_ID, TINY_SOURCE.index("growing"), TINY_SOURCE.index("growing") + 7))
    kept = sorted(line for line in one.splitlines() if drop not in line and sel not in line)
    assert kept == sorted(two.splitlines())


def test_every_migo_term_used_is_declared(graph):
    from importlib.resources import files

    onto = Graph().parse(
        data=files("migkg.ontology").joinpath("migkg.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(MIGO))}
    declared = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(MIGO))}
    assert used - declared == set()
    for term in used:
        assert onto.value(term, RDFS.label) is not None and onto.value(term, RDFS.comment) is not None, term
    assert (MIGO.Recommendation, RDFS.subClassOf, MIGO.Statement) in onto
    assert (MIGO.Commitment, RDFS.subClassOf, MIGO.Statement) in onto
    for cls in (
        MIGO.UNBody,
        MIGO.StateActor,
        MIGO.SubnationalAuthority,
        MIGO.NonStateActor,
        MIGO.IntergovernmentalOrganization,
        MIGO.Person,
    ):
        assert (cls, RDFS.subClassOf, MIGO.Actor) in onto
    assert (MIGO.Actor, RDF.type, OWL.Class) in onto


# --- shapes ------------------------------------------------------------------------------------


def fired(result) -> set:
    report = result.report
    return {
        (
            report.value(r, SH.sourceConstraint) or report.value(r, SH.sourceShape),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def first_mention(g: Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, MIGO.Mention))[0]


ACTOR = IRI.actor("member-states")
REC = statement("para_3", 1)
FIG = IRI.figure(DOC_ID, "para_1", 1)
RUN = IRI.run(DOC_ID)


STATUS = Namespace("https://w3id.org/migkg/status/")
DECISION = statement("para_3", 9)


def as_decision(*extra):
    """A decision made from the recommendation: its body decides, asks nobody, has no status."""

    def make(g: Graph) -> None:
        for p, o in list(g.predicate_objects(REC)):
            if p not in {RDF.type, MIGO.addressee, MIGO.modality, MIGO.source, MIGO.status}:
                g.add((DECISION, p, o))
        g.add((DECISION, RDF.type, MIGO.Statement))
        g.add((DECISION, RDF.type, MIGO.Decision))
        g.add((DECISION, MIGO.modality, MODALITY.decide))
        g.add((DECISION, MIGO.source, ACTOR))
        for change in extra:
            change(g)

    return make


def drop(node, prop):
    return lambda g: g.remove((node if node else first_mention(g), prop, None))


def put(node, prop, value):
    return lambda g: g.set((node if node else first_mention(g), prop, value))


def add(node, prop, value):
    return lambda g: g.add((node if node else first_mention(g), prop, value))


C = SH
CASES = {
    "actor without label": (drop(ACTOR, RDFS.label), MIGSH["Actor-label"], C.MinCountConstraintComponent),
    "actor without specific class": (
        lambda g: g.remove((ACTOR, RDF.type, MIGO.StateActor)),
        MIGSH["Actor-type"],
        C.QualifiedMinCountConstraintComponent,
    ),
    "actor linked beyond Wikidata": (
        add(ACTOR, SKOS.exactMatch, URIRef("http://dbpedia.org/resource/X")),
        MIGSH["Actor-exactMatch"],
        C.PatternConstraintComponent,
    ),
    "instrument with two symbols": (
        add(IRI.un_document("A/RES/71/1"), MIGO.symbol, Literal("A/RES/71/2")),
        MIGSH["Instrument-symbol"],
        C.MaxCountConstraintComponent,
    ),
    "instrument SDG not a KOS IRI": (
        add(IRI.un_document("A/RES/71/1"), MIGO.sdg, URIRef("http://example.org/sdg/10")),
        MIGSH["Instrument-sdg"],
        C.PatternConstraintComponent,
    ),
    "mention without anchor": (drop(None, NIF.anchorOf), MIGSH["Mention-anchor"], C.MinCountConstraintComponent),
    "mention refers to nothing": (
        drop(None, ITSRDF.taIdentRef),
        MIGSH["Mention-reference"],
        C.MinCountConstraintComponent,
    ),
    "mention refers to a paragraph": (
        put(None, ITSRDF.taIdentRef, IRI.part(DOC_ID, "para_1")),
        MIGSH["Mention-reference"],
        C.OrConstraintComponent,
    ),
    "mention begin after end": (
        put(None, NIF.beginIndex, Literal(400, datatype=XSD.nonNegativeInteger)),
        MIGSH["Mention-begin"],
        C.LessThanConstraintComponent,
    ),
    "mention without method": (drop(None, MIGO.method), MIGSH["Mention-method"], C.MinCountConstraintComponent),
    "mention confidence above one": (
        put(None, MIGO.confidence, Literal("1.5", datatype=XSD.decimal)),
        MIGSH["Mention-confidence"],
        C.MaxInclusiveConstraintComponent,
    ),
    "mention in no paragraph or footnote": (drop(None, MIGO.paragraph), MIGSH["Mention"], C.XoneConstraintComponent),
    "statement without modality": (
        drop(REC, MIGO.modality),
        MIGSH["Statement-modality"],
        C.MinCountConstraintComponent,
    ),
    "statement modality not a concept": (
        put(REC, MIGO.modality, URIRef("https://w3id.org/migkg/modality/perhaps")),
        MIGSH["Statement-modality"],
        C.ClassConstraintComponent,
    ),
    "statement without text": (drop(REC, MIGO.text), MIGSH["Statement-text"], C.MinCountConstraintComponent),
    "statement without paragraph": (
        drop(REC, MIGO.paragraph),
        MIGSH["Statement-paragraph"],
        C.MinCountConstraintComponent,
    ),
    "statement without selection": (
        drop(REC, PROV.wasDerivedFrom),
        MIGSH["Statement-derivedFrom"],
        C.MinCountConstraintComponent,
    ),
    "statement addressed to a paragraph": (
        add(REC, MIGO.addressee, IRI.part(DOC_ID, "para_1")),
        MIGSH["Statement-addressee"],
        C.ClassConstraintComponent,
    ),
    "statement level not a level": (
        add(REC, MIGO.governanceLevel, MODALITY.must),
        MIGSH["Statement-level"],
        C.ClassConstraintComponent,
    ),
    "statement invokes an actor": (
        add(REC, MIGO.invokes, ACTOR),
        MIGSH["Statement-invokes"],
        C.ClassConstraintComponent,
    ),
    "statement without run": (drop(REC, PROV.wasGeneratedBy), MIGSH["Statement-run"], C.MinCountConstraintComponent),
    "statement confidence negative": (
        put(REC, MIGO.confidence, Literal("-0.1", datatype=XSD.decimal)),
        MIGSH["Statement-confidence"],
        C.MinInclusiveConstraintComponent,
    ),
    "statement of both kinds": (add(REC, RDF.type, MIGO.Commitment), MIGSH["Statement"], C.XoneConstraintComponent),
    "recommendation with two statuses": (
        lambda g: [g.add((REC, MIGO.status, STATUS.noted)), g.add((REC, MIGO.status, STATUS.supported))],
        MIGSH["Recommendation-status"],
        C.MaxCountConstraintComponent,
    ),
    "status not a status": (
        add(REC, MIGO.status, MODALITY.must),
        MIGSH["Recommendation-status"],
        C.ClassConstraintComponent,
    ),
    "source not an actor": (
        add(REC, MIGO.source, IRI.part(DOC_ID, "para_1")),
        MIGSH["Statement-source"],
        C.ClassConstraintComponent,
    ),
    "decision without source": (
        as_decision(drop(DECISION, MIGO.source)),
        MIGSH["Decision-source"],
        C.MinCountConstraintComponent,
    ),
    "decision with an addressee": (
        as_decision(add(DECISION, MIGO.addressee, ACTOR)),
        MIGSH["Decision-addressee"],
        C.MaxCountConstraintComponent,
    ),
    "decision with a status": (
        as_decision(add(DECISION, MIGO.status, STATUS.noted)),
        MIGSH["Decision-status"],
        C.MaxCountConstraintComponent,
    ),
    "decision that urges": (
        as_decision(put(DECISION, MIGO.modality, MODALITY.urge)),
        MIGSH["Decision-modality"],
        C.InConstraintComponent,
    ),
    "decision and recommendation": (
        as_decision(add(DECISION, RDF.type, MIGO.Recommendation)),
        MIGSH["Statement"],
        C.XoneConstraintComponent,
    ),
    "country code not ISO 3166 alpha-3": (
        add(ACTOR, MIGO.countryCode, Literal("Slovenia")),
        MIGSH["StateActor-countryCode"],
        C.PatternConstraintComponent,
    ),
    "document kind not a kind": (
        add(IRI.document(DOC_ID), DCTERMS.type, MODALITY.must),
        MIGSH["Document-kind"],
        C.ClassConstraintComponent,
    ),
    "paragraph level not a level": (
        add(IRI.part(DOC_ID, "para_1"), MIGO.mentionsLevel, MODALITY.must),
        MIGSH["GovernanceLevelValue"],
        C.ClassConstraintComponent,
    ),
    "figure without value": (drop(FIG, MIGO.value), MIGSH["Figure-value"], C.MinCountConstraintComponent),
    "figure value not a number": (
        put(FIG, MIGO.value, Literal("many")),
        MIGSH["Figure-value"],
        C.DatatypeConstraintComponent,
    ),
    "figure without unit": (drop(FIG, MIGO.unit), MIGSH["Figure-unit"], C.MinCountConstraintComponent),
    "figure year not a year": (
        put(FIG, MIGO.year, Literal("2017")),
        MIGSH["Figure-year"],
        C.DatatypeConstraintComponent,
    ),
    "figure source not a footnote": (
        put(FIG, MIGO.sourceFootnote, IRI.part(DOC_ID, "para_2")),
        MIGSH["Figure-footnote"],
        C.ClassConstraintComponent,
    ),
    "run without model name": (
        drop(RUN, MIGO.modelName),
        MIGSH["ExtractionRun-modelName"],
        C.MinCountConstraintComponent,
    ),
    "run without software": (
        drop(RUN, PROV.wasAssociatedWith),
        MIGSH["ExtractionRun-agent"],
        C.MinCountConstraintComponent,
    ),
    "anchor does not match offsets": (
        put(None, NIF.anchorOf, Literal("not the source text at all")),
        MIGSH["Context-anchorMatchesOffsets"],
        C.SPARQLConstraintComponent,
    ),
}

# Breaks that rightly fire a second shape: a recommendation also typed a commitment has
# addressees; the New York Declaration is also a cited UN document with one symbol.
CONSEQUENCES = {
    "statement of both kinds": {MIGSH["Commitment-addressee"]},
    "instrument with two symbols": {MIGSH["UNDocument-symbol"]},  # the instrument is a cited UN document
    "mention begin after end": {MIGSH["Context-anchorMatchesOffsets"]},  # the anchor no longer fits
    "statement level not a level": {MIGSH["GovernanceLevelValue"]},  # both shapes check the value
    "status not a status": {MIGSH["StatusValue"]},  # both shapes check the value
    "decision and recommendation": {MIGSH["Decision-addressee"]},
}


def test_facts_graph_conforms(graph):
    result = validate_graph(graph)
    assert result.conforms, result.text


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_facts_are_caught(graph, case):
    breaking, shape, component = CASES[case]
    broken = Graph() + graph
    breaking(broken)
    assert set(broken) != set(graph), "the case must change the graph"
    result = validate_graph(broken)
    assert not result.conforms
    results = fired(result)
    assert (shape, component) in results, results
    assert {source for source, _ in results} <= {shape} | CONSEQUENCES.get(case, set()), results
