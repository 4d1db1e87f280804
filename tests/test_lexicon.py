"""The lexicon loader: the shipped data files, a user's lexicon directory that extends them,
and the error that names file:line for every kind of malformed line."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import SKOS

from migkg.extract.components import STATEMENT_RULES
from migkg.extract.errors import InputError
from migkg.extract.lexicon import USER_FILES, LexiconError, lexicon_digest, load_lexicon
from migkg.extract.nlp import BLANK, load_pipeline
from migkg.graph.iris import LEVEL, MIGO, MODALITY

WHO = {
    "id": "who",
    "label": "World Health Organization",
    "type": "IntergovernmentalOrganization",
    "aliases": ["World Health Organization"],
    "acronyms": ["WHO"],
}
FCTC = {
    "id": "fctc",
    "label": "WHO Framework Convention on Tobacco Control",
    "type": "Convention",
    "aliases": ["Framework Convention on Tobacco Control"],
    "acronyms": ["FCTC"],
}


def write(directory: Path, name: str, *rows: dict | str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def error_of(directory: Path) -> str:
    with pytest.raises(LexiconError) as caught:
        load_lexicon(directory)
    return str(caught.value)


# --- the shipped lexicon --------------------------------------------------------------------


def test_the_shipped_lexicon_is_loaded_once_and_names_no_directory():
    lexicon = load_lexicon()
    assert lexicon is load_lexicon()
    assert lexicon.directory is None and lexicon.digest is None
    assert lexicon.by_key("iom") is not None and lexicon.lookup("IOM").key == "iom"


def test_every_rule_has_one_row_in_the_confidence_table():
    confidences = load_lexicon().confidences
    mention_methods = {
        "phrase-ruler",
        "sdg-pattern",
        "acronym-definition",
        "acronym",
        "coordination-ellipsis",
        "document-reference",
    }
    from migkg.extract.refs import _citation_confidence

    citations = set(_citation_confidence())  # the structure parser's citation rules (extract/refs.py)
    assert citations == {"citation-named", "citation-self", "citation-same-sentence", "citation-see"}
    used = {*STATEMENT_RULES, *mention_methods, *citations, "no-addressee", "chapeau-inheritance", "figure"}
    assert set(confidences) == used
    assert all(0.0 <= v <= 1.0 for v in confidences.values())


def test_the_confidence_table_documents_every_row():
    text = files("migkg.extract.data").joinpath("confidence.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["rule", "value", "precision", "meaning"]
    assert all(len(row) == 4 and row[2] and row[3] for row in rows[1:])


def test_the_vocabulary_is_the_ontology_s():
    onto = Graph()
    for name in ("migkg.ttl", "levels.ttl", "modalities.ttl"):
        onto.parse(data=files("migkg.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    vocabulary = json.loads(files("migkg.extract.data").joinpath("vocabulary.json").read_text(encoding="utf-8"))

    def subclasses(parent):
        return {str(c).split("#")[1] for c in onto.subjects(RDFS.subClassOf, MIGO[parent])} | {parent}

    assert set(vocabulary["actor_types"]) == subclasses("Actor")
    assert set(vocabulary["instrument_types"]) == subclasses("Instrument")
    assert all((MIGO[t], RDF.type, OWL.Class) in onto for t in vocabulary["actor_types"])
    assert {str(c).rsplit("/", 1)[1] for c in onto.subjects(SKOS.inScheme, LEVEL.scheme)} == set(vocabulary["levels"])
    modalities = {
        c for c in onto.subjects(SKOS.inScheme, MODALITY.scheme) if (c, SKOS.topConceptOf, MODALITY.scheme) not in onto
    }
    assert {str(c).rsplit("/", 1)[1] for c in modalities} == set(vocabulary["modalities"])


def test_every_word_list_says_why():
    lists = json.loads(files("migkg.extract.data").joinpath("words.json").read_text(encoding="utf-8"))["lists"]
    for name, spec in lists.items():
        assert spec["why"] and spec["words"], name
        assert all(w == w.lower() for w in spec["words"]), name


# --- a user lexicon -------------------------------------------------------------------------


def test_user_entries_are_added(tmp_path):
    lexicon = load_lexicon(write(tmp_path / "health", "actors.jsonl", WHO))
    who = lexicon.by_key("who")
    assert who is not None and who.kind == "actor" and who.acronyms == ("WHO",)
    assert lexicon.lookup("the World Health Organization") is who
    assert lexicon.by_key("iom") is not None  # the shipped entries stay
    assert len(lexicon.entries) == len(load_lexicon().entries) + 1
    assert {"label": "ACTOR", "pattern": "World Health Organization", "id": "who"} in lexicon.ruler_patterns()


def test_a_user_entry_with_a_shipped_id_replaces_it(tmp_path):
    paris = {
        "id": "paris-agreement",
        "label": "Paris Agreement",
        "type": "Convention",
        "aliases": ["Paris Agreement", "Paris climate agreement"],
    }
    lexicon = load_lexicon(write(tmp_path, "instruments.jsonl", paris))
    entry = lexicon.by_key("paris-agreement")
    assert entry.aliases == ("Paris Agreement", "Paris climate agreement") and entry.case_sensitive == ()
    assert lexicon.lookup("paris climate agreement") is entry
    assert len(lexicon.entries) == len(load_lexicon().entries)
    shipped_position = [e.key for e in load_lexicon().entries].index("paris-agreement")
    assert lexicon.entries[shipped_position] is entry


def test_user_levels_replace_the_patterns_of_their_level(tmp_path):
    pattern = {"id": "subnational", "pattern": [{"LOWER": "provincial"}]}
    lexicon = load_lexicon(write(tmp_path, "levels.jsonl", pattern))
    assert [p for p in lexicon.level_patterns if p["id"] == "subnational"] == [pattern]
    assert any(p["id"] == "national" for p in lexicon.level_patterns)


def test_user_modality_cues_replace_their_id_and_kind_only(tmp_path):
    cue = {"id": "need-to", "kind": "impersonal", "adjectives": ["crucial", "paramount"]}
    lexicon = load_lexicon(write(tmp_path, "modality.jsonl", cue))
    need_to = [c for c in lexicon.modality_cues if c["id"] == "need-to"]
    assert cue in need_to and {c["kind"] for c in need_to} == {"modal", "impersonal", "existential"}
    assert sum(c["kind"] == "impersonal" for c in need_to) == 1


def test_the_digest_follows_the_content(tmp_path):
    one = load_lexicon(write(tmp_path / "a", "actors.jsonl", WHO))
    same = load_lexicon(write(tmp_path / "b", "actors.jsonl", WHO))
    assert one.digest == same.digest == lexicon_digest({"actors.jsonl": (tmp_path / "a" / "actors.jsonl").read_bytes()})
    assert one.directory != same.directory
    changed = load_lexicon(write(tmp_path / "a", "actors.jsonl", {**WHO, "label": "WHO"}))
    assert changed.digest != one.digest and changed.by_key("who").label == "WHO"


def keys(nlp, text):
    doc = nlp(text)
    return [s.id_ for s in doc.spans["migkg_entities"]]


def test_pipelines_are_cached_per_lexicon_directory_and_content(tmp_path):
    shipped, _ = load_pipeline(BLANK)
    health = write(tmp_path / "health", "actors.jsonl", WHO)
    first, _ = load_pipeline(BLANK, health)
    assert first is not shipped and load_pipeline(BLANK, health)[0] is first
    assert keys(first, "the WHO and IOM") == ["who", "iom"]
    assert keys(shipped, "the WHO and IOM") == ["iom"]
    other, _ = load_pipeline(BLANK, write(tmp_path / "tobacco", "instruments.jsonl", FCTC))
    assert other is not first and keys(other, "the WHO and the FCTC") == ["fctc"]
    write(health, "actors.jsonl", {**WHO, "acronyms": ["OMS"]})
    edited, _ = load_pipeline(BLANK, health)
    assert edited is not first and keys(edited, "the WHO or OMS") == ["who"]


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "problem"),
    [
        ("actors.jsonl", '{"id": "who", "label": "WHO" "type": "UNBody"}', "not valid JSON: Expecting ',' delimiter"),
        ("actors.jsonl", '["who"]', "a line must be a JSON object, not list"),
        ("actors.jsonl", {"id": "who", "type": "UNBody"}, "missing required field 'label'"),
        ("actors.jsonl", {**WHO, "aliases": "WHO"}, "field 'aliases' must be a list of non-empty strings, not \"WHO\""),
        ("actors.jsonl", {**WHO, "label": 3}, "field 'label' must be a non-empty string, not 3"),
        ("actors.jsonl", {**WHO, "alias": ["x"]}, "unknown field 'alias'"),
        ("actors.jsonl", {**WHO, "type": "Agency"}, "unknown actor type 'Agency'"),
        ("instruments.jsonl", {**FCTC, "type": "UNBody"}, "unknown instrument type 'UNBody'"),
        (
            "actors.jsonl",
            {**WHO, "level": "planetary"},
            "unknown level 'planetary' in field 'level' (one of: all-levels",
        ),
        ("actors.jsonl", {**WHO, "links": ["WHO"]}, "link name 'WHO' is not in links.tsv"),
        (
            "actors.jsonl",
            {"id": "iom-2", "label": "Migration agency", "type": "IntergovernmentalOrganization", "acronyms": ["IOM"]},
            "name 'IOM' already names 'iom' (",
        ),
        ("instruments.jsonl", {**FCTC, "id": "iom"}, "id 'iom' is already used at"),
        ("levels.jsonl", {"id": "planetary", "pattern": [{"LOWER": "planetary"}]}, "unknown level 'planetary'"),
        ("levels.jsonl", {"id": "national", "pattern": [{"LOWERR": "x"}]}, "invalid token pattern"),
        ("levels.jsonl", {"id": "national", "pattern": []}, "field 'pattern' must be a token pattern"),
        ("modality.jsonl", {"id": "insist", "kind": "modal", "lemmas": ["insist"]}, "unknown modality 'insist'"),
        ("modality.jsonl", {"id": "urge", "kind": "verb", "lemmas": ["urge"]}, "unknown cue kind 'verb'"),
        (
            "modality.jsonl",
            {"id": "urge", "kind": "performative", "nouns": ["urge"]},
            "field 'nouns' does not belong to kind 'performative' (it takes: lemmas, particles)",
        ),
        (
            "modality.jsonl",
            {"id": "urge", "kind": "performative", "particles": ["on"]},
            "a performative cue needs one of: lemmas",
        ),
    ],
)
def test_a_malformed_line_is_one_error_naming_file_and_line(tmp_path, name, line, problem):
    write(tmp_path, name, json.dumps(WHO) if name == "actors.jsonl" else "", line)
    message = error_of(tmp_path)  # the first line is a good one, or blank
    assert message.startswith(f"{tmp_path / name}:2: "), message
    assert problem in message


def test_the_error_is_an_input_error_whose_path_is_file_and_line(tmp_path):
    write(tmp_path, "modality.jsonl", "{")
    with pytest.raises(InputError) as caught:
        load_lexicon(tmp_path)
    assert caught.value.path == f"{tmp_path / 'modality.jsonl'}:1"


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "actors.jsonl").write_bytes(b'{}\n{"id": "caf\xe9"}\n')
    assert error_of(tmp_path) == f"{tmp_path / 'actors.jsonl'}:2: not UTF-8 (byte 14 of the file)"


def test_a_directory_without_lexicon_files_is_an_error(tmp_path):
    (tmp_path / "actor.jsonl").write_text("{}\n", encoding="utf-8")
    message = error_of(tmp_path)
    assert message.startswith(f"{tmp_path}: a lexicon directory holds at least one of ")
    assert all(name in message for name in USER_FILES)


def test_a_missing_directory_or_a_file_is_an_error(tmp_path):
    assert error_of(tmp_path / "nope") == f"{tmp_path / 'nope'}: no such lexicon directory"
    write(tmp_path, "actors.jsonl", WHO)
    assert error_of(tmp_path / "actors.jsonl") == f"{tmp_path / 'actors.jsonl'}: is not a directory"
