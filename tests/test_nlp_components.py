"""The spaCy rule components on a blank English pipeline: fast, no trained model.

Each component is tested on short sentences written for the test (in the style of UN
reports and resolutions), so that a rule that stops working fails here first.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from migkg.extract.components import (
    ACRONYM_DEFINITIONS,
    ACRONYMS,
    ENTITIES,
    FIGURES,
    LEVELS,
    STATEMENTS,
    _initials_match,
)
from migkg.extract.lexicon import load_lexicon
from migkg.extract.nlp import BLANK, RulesOnlyWarning, build_pipeline, load_pipeline
from migkg.graph.iris import LEVEL, MIGO, MODALITY


@pytest.fixture(scope="module")
def nlp():
    pipeline, info = load_pipeline(BLANK)
    assert info.rules_only and info.name == "blank:en"
    return pipeline


def entities(doc):
    return [(s.text, s.label_, s.id_) for s in doc.spans[ENTITIES]]


def cues(doc):
    return [s._.migkg_cue[0] for s in doc.spans[STATEMENTS]]


def text_of(doc, rng):
    return doc[rng[0] : rng[1]].text if rng else None


# --- entities -------------------------------------------------------------------------------


def test_aliases_match_case_insensitively_and_map_to_one_key(nlp):
    doc = nlp("The United Nations Global Migration Group met the global migration group and the GMG.")
    assert [e[2] for e in entities(doc)] == ["global-migration-group"] * 3


def test_case_sensitive_names_do_not_match_lower_case(nlp):
    assert entities(nlp("the Organization will help"))[0][2] == "united-nations"
    assert entities(nlp("the organization will help")) == []
    assert entities(nlp("IOM and iom")) == [("IOM", "ACTOR", "iom")]


def test_longest_match_wins(nlp):
    doc = nlp("the global compact on refugees and the global compact")
    assert [e[2] for e in entities(doc)] == ["global-compact-refugees", "global-compact-migration"]


def test_sdg_goal_and_target_patterns(nlp):
    doc = nlp("Sustainable Development Goal 10 and target 10.7, Goal 5, SDG 16.")
    assert [(e[0], e[1]) for e in entities(doc)] == [
        ("Sustainable Development Goal 10", "SDG_GOAL"),
        ("target 10.7", "SDG_TARGET"),
        ("Goal 5", "SDG_GOAL"),
        ("SDG 16", "SDG_GOAL"),
    ]


# --- acronyms -------------------------------------------------------------------------------


def test_acronym_definitions_are_learned_from_any_text(nlp):
    doc = nlp("The Fictional Agency for Testing (FAT) and the Board of Auditors (BoA) met.")
    defs = {s.label_: s.text for s in doc.spans[ACRONYM_DEFINITIONS]}
    assert defs == {"FAT": "Fictional Agency for Testing", "BoA": "Board of Auditors"}
    assert [s.text for s in doc.spans[ACRONYMS]] == ["FAT", "BoA"]


def test_parenthesised_capitals_that_do_not_spell_the_name_are_no_definition(nlp):
    doc = nlp("The Economic Cooperation and Development (ED) item and Member States (XYZ).")
    assert list(doc.spans[ACRONYM_DEFINITIONS]) == []


@pytest.mark.parametrize(
    ("acronym", "words", "ok"),
    [
        ("IOM", "International Organization for Migration", True),
        ("UNICEF", "United Nations International Children Emergency Fund", True),
        ("UNHCR", "United Nations Children Fund", False),
        ("ILO", "International Labour Organization", True),
        ("NGOs", "Non Governmental Organizations", True),
        ("ED", "Economic Cooperation and Development", False),
    ],
)
def test_initials_match(acronym, words, ok):
    glue = load_lexicon().words["name_glue"]
    assert _initials_match(acronym, words.split(), glue) is ok


# --- levels ---------------------------------------------------------------------------------


def test_level_cues_of_other_documents(nlp):
    doc = nlp("At the country level and at the community level, but not at the inter-State level.")
    assert [s.label_ for s in doc.spans[LEVELS]] == ["national", "subnational"]


def test_level_cues(nlp):
    doc = nlp(
        "At the regional/subregional level and between different regions, cities and the global level, "
        "at all levels, but not the global compact."
    )
    levels = list(dict.fromkeys(s.label_ for s in doc.spans[LEVELS]))
    assert levels == ["regional", "interregional", "subnational", "global", "all-levels"]


# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("In 2017, an estimated $596 billion was transferred.", "596000000000", "USD"),
        ("Yet 48 per cent of all migrants are female.", "48", "percent"),
        ("As of 4 December 2017, 5,136 migrants have died.", "5136", "migrants"),
        ("There are 258 million international migrants.", "258000000", "international migrants"),
        ("It fell to 2.8 per cent.", "2.8", "percent"),
    ],
)
def test_figures(nlp, text, value, unit):
    doc = nlp(text)
    found = [(s._.migkg_figure.value, s._.migkg_figure.unit) for s in doc.spans[FIGURES]]
    assert found == [(Decimal(value), unit)]


@pytest.mark.parametrize(
    "text",
    [
        "For the past 11 years the group met.",  # a duration
        "See resolution 71/1, para. 33.",  # references
        "It was adopted in 2018 on 4 December.",  # years and dates
        "Sustainable Development Goal 10 matters.",  # an SDG number
        "Section V has three main elements.",  # number words are not figures
    ],
)
def test_no_figures(nlp, text):
    assert list(nlp(text).spans[FIGURES]) == []


# --- statements (token rules on a blank pipeline) ---------------------------------------------


def test_performative_of_the_author(nlp):
    doc = nlp("I urge Member States to ensure that migrants are protected.")
    (cue,) = cues(doc)
    assert (cue.kind, cue.modality) == ("recommendation", "urge")
    assert text_of(doc, cue.addressee) == "Member States"
    assert text_of(doc, cue.action).startswith("ensure that migrants")


def test_call_upon_needs_its_particle(nlp):
    assert cues(nlp("I call upon States to act."))[0].modality == "call-upon"
    assert cues(nlp("The call contained in the Goal is clear.")) == []


@pytest.mark.parametrize(
    ("text", "modality", "addressee"),
    [
        ("Calls upon States to protect the rights of all migrants;", "call-upon", "States"),
        ("Requests the Secretary-General to report on the implementation;", "request", "the Secretary-General"),
        ("Encourages Member States to share good practices;", "encourage", "Member States"),
        ("Also urges all States to cooperate;", "urge", "all States"),
    ],
)
def test_operative_paragraphs_of_resolutions(nlp, text, modality, addressee):
    (cue,) = cues(nlp(text))
    assert (cue.kind, cue.modality) == ("recommendation", modality)
    assert text_of(nlp(text), cue.addressee) == addressee


@pytest.mark.parametrize(
    ("text", "modality", "subject"),
    [
        ("Member States should also focus on alternatives to detention.", "should", "Member States"),
        ("National authorities must act together.", "must", "National authorities"),
        ("Member States need to respect each other.", "need-to", "Member States"),
        ("They should also consider including migration.", "should", "They"),
        ("Member States may wish to consider these options.", "invite", "Member States"),
    ],
)
def test_modal_recommendations(nlp, text, modality, subject):
    doc = nlp(text)
    (cue,) = cues(doc)
    assert cue.modality == modality
    assert text_of(doc, cue.addressee) == subject


@pytest.mark.parametrize(
    ("text", "modality", "addressee"),
    [
        ("Member States are encouraged to share good practices.", "encourage", "Member States"),
        ("States are called upon to act.", "call-upon", "States"),
        ("Governments are invited to report on progress.", "invite", "Governments"),
    ],
)
def test_present_passive_performatives(nlp, text, modality, addressee):
    doc = nlp(text)
    (cue,) = cues(doc)
    assert (cue.modality, text_of(doc, cue.addressee)) == (modality, addressee)


def test_pronoun_subject_is_flagged_for_resolution(nlp):
    (cue,) = cues(nlp("It should also endorse concrete practices."))
    assert (cue.subject_form, cue.subject_word) == ("pronoun", "it")


@pytest.mark.parametrize(
    "text",
    [
        "The ILO has already stated that private employment agencies should not charge fees.",
        "The Declaration says “States should act at once” in its text.",
        "Migration is an engine of economic growth.",
        "The need to act is clear.",
    ],
)
def test_not_recommendations(nlp, text):
    assert cues(nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("I will initiate internal consultations.", "will"),
        ("I stand ready to support Member States.", "stand-ready"),
        ("We commit to strengthen the evidence base.", "commit"),
        ("We further commit to cooperate.", "commit"),
    ],
)
def test_commitments(nlp, text, modality):
    (cue,) = cues(nlp(text))
    assert (cue.kind, cue.modality) == ("commitment", modality)


def test_a_prediction_is_no_commitment(nlp):
    assert cues(nlp("We will not achieve our commitment if we do nothing.")) == []
    assert cues(nlp("The global compact will be key.")) == []


def test_a_sentence_asking_anything_is_a_recommendation(nlp):
    doc = nlp("I will return to this, but it is clear that gender equality should be a core principle.")
    assert doc.spans[STATEMENTS][0].label_ == "recommendation"


def test_no_sentence_starts_after_an_abbreviation(nlp):
    doc = nlp("Echoing the considerations (see paras. 4 (a)-(d)), I believe that we should act. Next.")
    assert [s.text for s in doc.sents] == [
        "Echoing the considerations (see paras. 4 (a)-(d)), I believe that we should act.",
        "Next.",
    ]


# --- the pipeline and its data ----------------------------------------------------------------


def test_pipeline_names_its_model_and_never_downloads(monkeypatch):
    import migkg.extract.nlp as nlp_module

    monkeypatch.setattr(nlp_module, "MODEL_CANDIDATES", ("no_such_pipeline_xyz",))
    with pytest.warns(RulesOnlyWarning, match="rules only"):
        pipeline, info = build_pipeline()
    assert info.rules_only and "sentencizer" in pipeline.pipe_names
    assert "migkg_statements" in pipeline.pipe_names


def test_a_forced_missing_model_is_a_clear_error():
    from migkg.extract.errors import MigkgError

    with pytest.raises(MigkgError, match="no_such_pipeline_xyz.*not installed"):
        build_pipeline("no_such_pipeline_xyz")


def _ontology(*names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(data=files("migkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


def test_data_files_use_only_declared_classes_and_concepts():
    lexicon = load_lexicon()
    onto = _ontology("migkg.ttl", "levels.ttl", "modalities.ttl")
    for entry in lexicon.entries:
        assert (MIGO[entry.type], RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in onto, entry.key
        if entry.level:
            assert (LEVEL[entry.level], RDF.type, SKOS.Concept) in onto, entry.key
    for cue in lexicon.modality_cues:
        assert (MODALITY[cue["id"]], RDF.type, SKOS.Concept) in onto, cue
    for pattern in lexicon.level_patterns:
        assert (LEVEL[pattern["id"]], RDF.type, SKOS.Concept) in onto, pattern


def test_every_modality_has_a_strength_and_levels_an_order():
    onto = _ontology("levels.ttl", "modalities.ttl")
    for concept in onto.subjects(SKOS.inScheme, MODALITY.scheme):
        if (concept, SKOS.topConceptOf, MODALITY.scheme) not in onto:
            assert onto.value(concept, MIGO.strength) is not None, concept
    strengths = {
        c: int(onto.value(c, MIGO.strength))
        for c in (MODALITY.must, MODALITY.should, MODALITY.encourage, MODALITY.could)
    }
    assert (
        strengths[MODALITY.must]
        > strengths[MODALITY.should]
        > strengths[MODALITY.encourage]
        > strengths[MODALITY.could]
    )


def test_wikidata_links_come_only_from_links_tsv():
    shared = files("migkg.extract.data").joinpath("links.tsv").read_text(encoding="utf-8")
    allowed = {line.split("\t")[2] for line in shared.splitlines()[1:] if line.strip()}
    for entry in load_lexicon().entries:
        assert set(entry.links) <= allowed, entry.key
        assert all(link.startswith("http://www.wikidata.org/entity/Q") for link in entry.links)


def test_actor_keys_are_unique_across_both_lists():
    keys = [
        json.loads(line)["id"]
        for name in ("actors.jsonl", "instruments.jsonl")
        for line in files("migkg.extract.data").joinpath(name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(keys) == len(set(keys))


# --- robustness --------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.sampled_from(
    [
        "I",
        "We",
        "They",
        "It",
        "Member",
        "States",
        "should",
        "must",
        "need",
        "to",
        "urge",
        "Calls",
        "upon",
        "(",
        ")",
        "(a)",
        ":",
        ";",
        ".",
        ",",
        "“",
        "”",
        "that",
        "will",
        "stand",
        "ready",
        "commit",
        "$",
        "596",
        "billion",
        "48",
        "per",
        "cent",
        "2017",
        "IOM",
        "the",
        "global",
        "compact",
        "level",
        "national",
        "are",
        "encouraged",
        "is",
        "recommended",
        "There",
        "a",
        "for",
        "Goal",
        "10",
        "target",
        "10.7",
        "paras",
        "No",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=40))
def test_components_never_crash_and_keep_spans_in_the_text(nlp, words):
    doc = nlp(" ".join(words))
    for key in (ENTITIES, ACRONYMS, ACRONYM_DEFINITIONS, LEVELS, FIGURES, STATEMENTS):
        for span in doc.spans[key]:
            assert 0 <= span.start < span.end <= len(doc)
    for span in doc.spans[STATEMENTS]:
        for cue in span._.migkg_cue:
            assert span.start <= cue.trigger < span.end
            b, e = cue.action
            assert span.start <= b <= e <= span.end


def test_names_inside_hyphenated_compounds_are_no_mentions():
    from migkg.extract.extraction import _inside_compound

    pipeline, _ = load_pipeline(BLANK)
    doc = pipeline("a whole-of-government approach, a Government plan and a State-led effort by States")
    flags = {s.text: _inside_compound(s) for s in doc.spans[ENTITIES]}
    assert flags == {"government": True, "Government": False, "States": False}
