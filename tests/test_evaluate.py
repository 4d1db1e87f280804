"""The evaluation arithmetic on a tiny synthetic case computed by hand, and gold-file errors."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from click.testing import CliRunner

from migkg.cli import main
from migkg.extract.errors import InputError
from migkg.extract.evaluate import (
    GoldStatement,
    Score,
    evaluate,
    format_scores,
    load_gold,
    match_statements,
    precision_by_rule,
)
from migkg.extract.facts import ExtractionRun, Facts, Figure, Mention, Statement
from migkg.extract.model import Span

RUN = ExtractionRun("X", "migkg", "0", "blank:en", "0", "0", True)
SPAN = Span(0, 1)


def stmt(para, text, kind="recommendation", addressees=(), modality="should"):
    return Statement(
        kind=kind,
        paragraph=para,
        n=1,
        span=SPAN,
        anchor="x",
        text=text,
        modality=modality,
        action="",
        addressees=tuple(addressees),
    )


def mention(para, kind, key):
    return Mention(kind, key, SPAN, "x", para)


GOLD = """\
{"paragraph": "para_1", "statements": [{"text": "Member States should act now.", "kind": "recommendation", "addressees": ["member-states"], "modality": "should"}, {"text": "Cities must cooperate with each other.", "kind": "recommendation", "addressees": ["cities"], "modality": "must"}, {"text": "I will report back.", "kind": "commitment", "addressees": [], "modality": "will"}], "actors": ["member-states", "cities"], "instruments": ["sdgs"], "figures": [{"value": "48", "unit": "percent"}]}
{"paragraph": "para_2", "statements": [], "actors": ["iom"], "instruments": [], "figures": []}
"""


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(GOLD, encoding="utf-8")
    return load_gold(path)


def test_scores_on_a_synthetic_case(gold):
    facts = Facts(
        RUN,
        mentions=(
            mention("para_1", "actor", "member-states"),
            mention("para_1", "actor", "states"),
            mention("para_1", "instrument", "sdgs"),
            mention("para_2", "actor", "iom"),
            mention("para_9", "actor", "ilo"),
        ),  # para_9 is not annotated: not scored
        statements=(
            stmt("para_1", "Member States should act now.", addressees=["member-states", "states"]),
            stmt("para_1", "Cities must cooperate with each other.", modality="should"),  # addressee missed
            stmt("para_2", "The ILO should not charge fees.", addressees=["ilo"]),  # not in the gold
        ),
        figures=(
            Figure("para_1", 1, SPAN, "x", "48 per cent", Decimal("48"), "percent"),
            Figure("para_1", 2, SPAN, "x", "3 per cent", Decimal("3"), "percent"),
        ),
    )
    scores = evaluate(facts, gold)
    # statements: 2 of 3 predicted recommendations match the 2 gold ones; the commitment is missed
    assert scores["recommendation"] == Score(2, 1, 0)
    assert scores["commitment"] == Score(0, 0, 1)
    # addressees: member-states right, states wrong, cities missed, ilo of an unmatched statement wrong
    assert scores["addressee"] == Score(1, 2, 1)
    # modality: should right, should-for-must wrong (fp + fn), unmatched prediction fp, missed commitment fn
    assert scores["modality"] == Score(1, 2, 2)
    assert scores["actor"] == Score(2, 1, 1)  # member-states, iom right; states wrong; cities missed
    assert scores["instrument"] == Score(1, 0, 0)
    assert scores["figure"] == Score(1, 1, 0)
    s = scores["addressee"]
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 2)
    assert s.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    table = format_scores(scores)
    assert "addressee        0.333  0.500  0.400     1     2     1" in table.splitlines()


def test_empty_sets_score_one_and_zero_f1_is_zero():
    assert Score(0, 0, 0).precision == 1.0 and Score(0, 0, 0).recall == 1.0 and Score(0, 0, 0).f1 == 1.0
    assert Score(0, 3, 2).f1 == 0.0
    assert Score(0, 0, 2).precision == 1.0 and Score(0, 2, 0).recall == 1.0


def test_scores_are_spacy_prf_scores():
    s = Score(3, 1, 2)
    prf = s.prf()
    assert (prf.tp, prf.fp, prf.fn) == (3, 1, 2)
    assert (s.precision, s.recall, s.f1) == (prf.precision, prf.recall, prf.fscore)
    assert s.f1 == pytest.approx(2 * (3 / 4) * (3 / 5) / (3 / 4 + 3 / 5))


def test_precision_by_rule(gold):
    facts = Facts(
        RUN,
        mentions=(
            mention("para_1", "actor", "member-states"),
            mention("para_1", "actor", "states"),
            Mention("actor", "iom", SPAN, "x", "para_2", method="acronym"),
            mention("para_9", "actor", "ilo"),
        ),  # para_9 is not annotated: not counted
        statements=(
            replace(stmt("para_1", "Member States should act now."), rule="modal-noun"),
            replace(stmt("para_1", "Cities must cooperate with each other."), rule="modal-noun"),
            replace(stmt("para_1", "Nothing of the kind."), rule="no-addressee"),  # not in the gold
            replace(stmt("para_1", "I will report back.", kind="commitment"), rule="commitment-author"),
        ),
        figures=(Figure("para_1", 1, SPAN, "x", "3 per cent", Decimal("3"), "percent"),),
    )
    assert precision_by_rule(facts, gold) == {
        "acronym": Score(1, 0, 0),
        "commitment-author": Score(1, 0, 0),
        "figure": Score(0, 1, 0),
        "modal-noun": Score(2, 0, 0),
        "no-addressee": Score(0, 1, 0),
        "phrase-ruler": Score(1, 1, 0),
    }


def test_statements_match_by_words_each_once():
    gold = [
        GoldStatement("Member States should act now.", "recommendation", frozenset(), "should"),
        GoldStatement("Member States should also act.", "recommendation", frozenset(), "should"),
    ]
    predicted = [
        stmt("p", "Member States should act now, as soon as possible."),
        stmt("p", "Something else entirely different."),
    ]
    assert match_statements(gold, predicted) == [(0, 0)]


def test_malformed_gold_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"paragraph": "para_1"}\n{"statements": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2"):
        load_gold(path)


def test_gold_figure_value_must_be_a_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"paragraph": "para_1", "figures": [{"value": "many"}]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a number"):
        load_gold(path)


def test_evaluate_command_with_a_missing_gold_file(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "none.jsonl: cannot read gold file" in result.output
