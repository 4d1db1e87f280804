"""A user lexicon through the whole extraction, with the trained pipeline: an analyst of health
and climate documents adds WHO, a ministry and a convention, and widens a shipped entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migkg.extract.extraction import extract_facts, model_description
from migkg.extract.lexicon import LexiconError
from migkg.extract.structure import parse_file

pytestmark = pytest.mark.model

NOTE = """\
United Nations                                                                  A/99/8
General Assembly                                                             Distr.: General
  I. Health, climate and migration
     1. We call upon the World Health Organization to help implement the Framework Convention on Tobacco Control.
     2. Ministries of health should cooperate with WHO on heat action plans for migrant workers.
     3. The Paris climate agreement should guide the adaptation plans of cities.
"""

ACTORS = [
    {
        "id": "who",
        "label": "World Health Organization",
        "type": "IntergovernmentalOrganization",
        "aliases": ["World Health Organization"],
        "acronyms": ["WHO"],
    },
    {
        "id": "ministry-of-health",
        "label": "Ministry of Health",
        "type": "StateActor",
        "aliases": ["Ministry of Health", "ministries of health"],
        "level": "national",
    },
]
INSTRUMENTS = [
    {
        "id": "fctc",
        "label": "WHO Framework Convention on Tobacco Control",
        "type": "Convention",
        "aliases": ["Framework Convention on Tobacco Control"],
        "acronyms": ["FCTC"],
    },
    # replaces the shipped entry, which knows only the exact name "Paris Agreement"
    {
        "id": "paris-agreement",
        "label": "Paris Agreement",
        "type": "Convention",
        "aliases": ["Paris Agreement", "Paris climate agreement"],
    },
]


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "A-99-8.txt"
    path.write_text(NOTE, encoding="utf-8")
    return parse_file(path)


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("health")
    for name, rows in (("actors.jsonl", ACTORS), ("instruments.jsonl", INSTRUMENTS)):
        (directory / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return directory


def by_paragraph(facts):
    return {s.paragraph: s for s in facts.statements}


def test_a_user_actor_is_the_addressee_of_a_recommendation(note, lexicon):
    statements = by_paragraph(extract_facts(note, lexicon=lexicon))
    assert (statements["para_1"].modality, statements["para_1"].addressees) == ("call-upon", ("who",))
    assert statements["para_2"].addressees == ("ministry-of-health",)
    assert "national" in statements["para_2"].levels  # the ministry's level


def test_user_actors_and_instruments_are_facts_with_their_types(note, lexicon):
    facts = extract_facts(note, lexicon=lexicon)
    assert facts.actor("who").type == "IntergovernmentalOrganization" and facts.actor("who").acronym == "WHO"
    assert facts.instrument("fctc").type == "Convention"
    assert "fctc" in by_paragraph(facts)["para_1"].invokes
    assert {(m.paragraph, m.anchor) for m in facts.mentions if m.key == "who"} == {
        ("para_1", "World Health Organization"),
        ("para_2", "WHO"),
    }


def test_a_replaced_shipped_entry_matches_its_new_names(note, lexicon):
    shipped = by_paragraph(extract_facts(note))
    extended = by_paragraph(extract_facts(note, lexicon=lexicon))
    assert shipped["para_3"].subject_instruments == ()
    assert extended["para_3"].subject_instruments == ("paris-agreement",)


def test_without_the_lexicon_nobody_is_asked_in_its_terms(note):
    """Without the lexicon, WHO is at most a discovered actor (typed from its head noun,
    lower confidence), never the lexicon's curated entry."""
    facts = extract_facts(note)
    statements = by_paragraph(facts)
    assert "who" not in statements["para_1"].addressees
    assert "ministry-of-health" not in statements["para_2"].addressees
    actors = {a.key: a for a in facts.actors}
    assert all(actors[key].discovered for key in statements["para_1"].addressees)


def test_the_run_records_which_lexicon_ran(note, lexicon):
    run = extract_facts(note, lexicon=lexicon).run
    assert run.lexicon_dir == str(lexicon) and run.lexicon_digest is not None and len(run.lexicon_digest) == 64
    assert model_description(run).endswith(f", lexicon {lexicon} (sha256 {run.lexicon_digest[:12]})")
    plain = extract_facts(note).run
    assert (plain.lexicon_dir, plain.lexicon_digest) == (None, None)
    assert ", lexicon" not in model_description(plain)


def test_a_malformed_lexicon_stops_the_extraction(note, tmp_path):
    (tmp_path / "actors.jsonl").write_text('{"id": "who", "label": "WHO"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"actors\.jsonl:1: missing required field 'type'"):
        extract_facts(note, lexicon=tmp_path)


def test_build_with_lexicon_makes_who_an_addressee_in_the_graph(note, lexicon, tmp_path):
    """As a user runs it: `migkg build --lexicon DIR`, then the recommendations query."""
    from click.testing import CliRunner

    import migkg
    from migkg.cli import main

    source = tmp_path / "A-99-8.txt"
    source.write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(out), "--lexicon", str(lexicon)])
    assert result.exit_code == 0, result.output
    assert "lexicon" in result.output  # the model description names the user lexicon
    rows = migkg.query("recommendations", out)
    assert {(r["paragraph"], r["addressee"]) for r in rows} >= {("1", "World Health Organization")}
    with_lexicon = {r["paragraph"]: r for r in rows}
    # without it the organization is only discovered: another actor IRI than the lexicon's "who"
    graph = migkg.build(source)[0].graph
    assert graph is not None
    from migkg.graph.iris import IRIs

    who = IRIs().actor("who")
    assert who in set(migkg.build(source, lexicon=lexicon)[0].graph.subjects())  # with the lexicon
    assert who not in set(graph.subjects()) and with_lexicon["1"]["addressee"]


def test_build_with_a_malformed_lexicon_is_one_line_and_exit_2(tmp_path):
    from click.testing import CliRunner

    from migkg.cli import main

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "actors.jsonl").write_text('{"id": "who", "type": "IntergovernmentalOrganization"}\n', encoding="utf-8")
    source = tmp_path / "A-99-8.txt"
    source.write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(out), "--lexicon", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Error: {bad / 'actors.jsonl'}:1: missing required field 'label'"]
    assert not out.exists()
