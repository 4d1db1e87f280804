"""Each rule component on ``spacy.blank("en")`` with a handful of patterns given through its
``initialize``: no trained model, no shipped patterns. The statement rules also run on docs
whose parse is written by hand, so the dependency rules are tested without the model."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from migkg.extract.components import (
    ACRONYM_DEFINITIONS,
    ENTITIES,
    FIGURES,
    LEVELS,
    STATEMENTS,
    CueTable,
    DependencyRules,
    NotInitializedWarning,
    StatementWords,
    TokenRules,
)
from migkg.extract.lexicon import load_lexicon

CUES = [
    {"id": "should", "kind": "modal", "lemmas": ["should"]},
    {"id": "urge", "kind": "performative", "lemmas": ["urge"]},
    {"id": "call-upon", "kind": "performative", "lemmas": ["call"], "particles": ["upon"]},
    {"id": "will", "kind": "commitment", "lemmas": ["will"]},
]
WORDS = load_lexicon().words  # the word lists are data too; these tests vary the cues
CONFIDENCES = load_lexicon().confidences
UNITS = {
    "scales": {"million": 1000000},
    "percent_words": [["per", "cent"]],
    "currencies": {"$": "USD"},
    "time_units": ["years"],
    "blockers": ["resolution"],
    "max_unit_tokens": 4,
    "months": ["december"],
    "irregular_plurals": ["people"],
}


def blank(*components: str) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in components:
        nlp.add_pipe(name)
    return nlp


@pytest.fixture
def statements() -> Language:
    nlp = blank("migkg_statements")
    nlp.get_pipe("migkg_statements").initialize(cues=CUES, words=WORDS, confidences=CONFIDENCES)
    return nlp


def cues_of(nlp: Language, doc: Doc) -> list:
    doc = nlp.get_pipe("migkg_statements")(doc)
    return [c for span in doc.spans[STATEMENTS] for c in span._.migkg_cue]


def parsed(nlp: Language, text: str, heads: list[int], deps: str, tags: str, pos: str) -> Doc:
    """A doc with a parse written by hand: one head index, label, tag and part of speech per word."""
    return Doc(nlp.vocab, words=text.split(), heads=heads, deps=deps.split(), tags=tags.split(), pos=pos.split())


# --- entities -------------------------------------------------------------------------------


def test_the_entity_ruler_matches_only_the_patterns_it_is_given():
    nlp = blank("migkg_entities")
    patterns = [
        {"label": "ACTOR", "pattern": "World Health Organization", "id": "who"},
        {"label": "ACTOR", "pattern": [{"ORTH": "WHO"}], "id": "who"},
        {"label": "INSTRUMENT", "pattern": "global compact", "id": "gcm"},
        {"label": "INSTRUMENT", "pattern": "global compact on refugees", "id": "gcr"},
    ]
    nlp.get_pipe("migkg_entities").initialize(lambda: [], nlp=nlp, patterns=patterns)
    doc = nlp("The world health organization, WHO (not who) and IOM read the global compact on refugees.")
    assert [(s.text, s.label_, s.id_) for s in doc.spans[ENTITIES]] == [
        ("world health organization", "ACTOR", "who"),
        ("WHO", "ACTOR", "who"),
        ("global compact on refugees", "INSTRUMENT", "gcr"),
    ]


# --- sentence boundaries --------------------------------------------------------------------


def test_no_sentence_starts_after_a_given_abbreviation():
    nlp = blank("migkg_abbreviations")
    nlp.get_pipe("migkg_abbreviations").initialize(abbreviations=["paras."])
    assert len(list(nlp("See paras. 4 and 5. Next.").sents)) == 2
    nlp.get_pipe("migkg_abbreviations").initialize(abbreviations=["no"])
    assert len(list(nlp("See paras. 4 and 5. Next.").sents)) == 3


# --- acronyms -------------------------------------------------------------------------------


def test_acronym_definitions_use_the_glue_words_given():
    nlp = blank("migkg_acronyms")
    doc_text = "The Agency for Testing (AT) met."
    nlp.get_pipe("migkg_acronyms").initialize(glue=["for"])
    doc = nlp(doc_text)
    assert [(s.text, s.label_) for s in doc.spans[ACRONYM_DEFINITIONS]] == [("Agency for Testing", "AT")]
    nlp.get_pipe("migkg_acronyms").initialize(glue=[])  # "for" must then spell a letter
    doc = nlp(doc_text)
    assert list(doc.spans[ACRONYM_DEFINITIONS]) == []


# --- levels ---------------------------------------------------------------------------------


def test_levels_come_from_the_patterns_given():
    nlp = blank("migkg_levels")
    tagger = nlp.get_pipe("migkg_levels")
    tagger.initialize(patterns=[{"id": "subnational", "pattern": [{"LOWER": "provincial"}]}])
    doc = nlp("Provincial and national plans.")
    assert [(s.text, s.label_) for s in doc.spans[LEVELS]] == [("Provincial", "subnational")]


def test_an_uninitialized_component_warns_and_finds_nothing():
    nlp = blank("migkg_levels", "migkg_figures", "migkg_statements")
    with pytest.warns(NotInitializedWarning, match="has no patterns: call its initialize") as record:
        doc = nlp("At the national level, 48 per cent of States should act.")
    assert {str(w.message).split()[0] for w in record} == {"migkg_levels", "migkg_figures", "migkg_statements"}
    assert all(len(doc.spans[key]) == 0 for key in (LEVELS, FIGURES, STATEMENTS))


# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Some 48 per cent of them.", [("48 per cent", Decimal(48), "percent")]),
        ("It cost $3 million.", [("$3 million", Decimal(3000000), "USD")]),
        ("For 11 years nothing happened.", []),  # a time unit
        ("See resolution 71 on this.", []),  # a blocker
        ("On 4 December it met.", []),  # a month
    ],
)
def test_figures_with_the_units_given(text, found):
    nlp = blank("migkg_figures")
    nlp.get_pipe("migkg_figures").initialize(units=UNITS)
    doc = nlp(text)
    assert [(s.text, s._.migkg_figure.value, s._.migkg_figure.unit) for s in doc.spans[FIGURES]] == found


# --- statements: the word-order rules of a blank pipeline -------------------------------------


def test_a_blank_doc_gets_the_token_rules(statements):
    (cue,) = cues_of(statements, statements("Member States should act now."))
    assert (cue.method, cue.rule, cue.modality, cue.addressee) == ("token-rules", "modal-noun", "should", (0, 2))
    assert cue.confidence == CONFIDENCES["modal-noun"] * CONFIDENCES["token-rules"]


def test_only_the_cues_given_count(statements):
    assert cues_of(statements, statements("Member States must act now.")) == []
    statements.get_pipe("migkg_statements").initialize(
        cues=[*CUES, {"id": "must", "kind": "modal", "lemmas": ["must"]}], words=WORDS, confidences=CONFIDENCES
    )
    assert [c.modality for c in cues_of(statements, statements("Member States must act now."))] == ["must"]


@pytest.mark.parametrize(
    ("text", "kind", "modality", "rule"),
    [
        ("I urge States to act.", "recommendation", "urge", "performative-object"),
        ("We call upon States to act.", "recommendation", "call-upon", "performative-object"),
        ("I will report back.", "commitment", "will", "token-commitment"),
        ("They should act.", "recommendation", "should", "modal-pronoun"),
    ],
)
def test_token_rules(statements, text, kind, modality, rule):
    (cue,) = cues_of(statements, statements(text))
    assert (cue.kind, cue.modality, cue.rule) == (kind, modality, rule)


@pytest.mark.parametrize(
    "text",
    [
        "We call States to act.",  # "call" needs its particle
        "The ILO stated that States should act.",  # somebody else's words
        "The Declaration says “States should act” today.",  # quoted
        "They urge States to act.",  # not the author
        "We will not succeed.",  # a prediction
    ],
)
def test_token_rules_leave_out(statements, text):
    assert cues_of(statements, statements(text)) == []


def test_missing_confidences_or_word_lists_are_named():
    finder = blank("migkg_statements").get_pipe("migkg_statements")
    with pytest.raises(ValueError, match="confidences missing for modal-noun"):
        finder.initialize(cues=CUES, words=WORDS, confidences={})
    with pytest.raises(ValueError, match="word lists missing: .*adverbs"):
        finder.initialize(cues=CUES, words={}, confidences=CONFIDENCES)


def test_the_cue_table_indexes_the_cues():
    table = CueTable.from_cues(CUES)
    assert table.modal_words == {"should": "should"} and table.commit_words == {"will": "will"}
    assert table.performatives == {"urge": ("urge", ()), "call": ("call-upon", ("upon",))}
    assert not CueTable.from_cues([])


# --- statements: the dependency rules on a parse written by hand ------------------------------


def test_a_parsed_doc_gets_the_dependency_rules(statements):
    doc = parsed(
        statements,
        "Member States should act .",
        [1, 3, 3, 3, 3],
        "compound nsubj aux ROOT punct",
        "NNP NNPS MD VB .",
        "PROPN PROPN AUX VERB PUNCT",
    )
    (cue,) = cues_of(statements, doc)
    assert (cue.method, cue.rule, cue.addressee, cue.depth) == ("dependency-rules", "modal-noun", (0, 2), 0)
    assert cue.confidence == CONFIDENCES["modal-noun"]
    assert doc[cue.action[0] : cue.action[1]].text == "act"


def test_dependency_rules_find_the_object_of_a_performative(statements):
    doc = parsed(
        statements,
        "We call upon the WHO to act .",
        [1, 1, 1, 4, 2, 6, 1, 1],
        "nsubj ROOT prep det pobj aux xcomp punct",
        "PRP VBP IN DT NNP TO VB .",
        "PRON VERB ADP DET PROPN PART VERB PUNCT",
    )
    (cue,) = cues_of(statements, doc)
    assert (cue.modality, doc[cue.addressee[0] : cue.addressee[1]].text) == ("call-upon", "the WHO")
    assert cue.rule == "performative-object"


def test_dependency_rules_leave_out_reported_speech(statements):
    doc = parsed(
        statements,
        "The ILO stated that States should act .",
        [1, 2, 2, 6, 6, 6, 2, 2],
        "det nsubj ROOT mark nsubj aux ccomp punct",
        "DT NNP VBD IN NNPS MD VB .",
        "DET PROPN VERB SCONJ PROPN AUX VERB PUNCT",
    )
    assert cues_of(statements, doc) == []


def test_dependency_rules_take_a_modal_only_as_an_auxiliary(statements):
    # "should" tagged as something other than a modal auxiliary is not the modal
    doc = parsed(
        statements,
        "States should act .",
        [1, 1, 1, 1],
        "nsubj ROOT dobj punct",
        "NNPS VBZ NN .",
        "PROPN VERB NOUN PUNCT",
    )
    assert cues_of(statements, doc) == []


def test_both_rule_sets_share_one_interface():
    table, words = CueTable.from_cues(CUES), StatementWords.from_lists(WORDS)
    nlp = blank()
    for rules in (DependencyRules(table, words, CONFIDENCES), TokenRules(table, words, CONFIDENCES)):
        assert rules.sentence_cues(next(nlp("Nothing is asked here.").sents)) == []
