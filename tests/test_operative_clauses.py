"""A resolution's operative paragraph read clause by clause: a further operative verb after
"and" is a statement of its own, the points completing a chapeau each are one, "Calls for"
asks nobody in particular, and "Recommits to ..." is the body's own commitment. Small made-up
resolutions; preambular paragraphs, "notes/recognizes" clauses, quotations and noun readings
give nothing."""

from __future__ import annotations

import pytest

from migkg.extract.extraction import extract_facts
from migkg.extract.facts import Statement
from migkg.extract.structure import parse_text

HEAD = """United Nations                                   A/RES/99/1
General Assembly                                 Distr.: General
                                                 20 December 2099

Resolution adopted by the General Assembly on 19 December 2099

99/1. International migration and development

The General Assembly,

Recalling its resolution 73/195,

Encouraging States that have not done so to consider ratifying the Convention, and requesting the Secretary-General to report,

"""

RESOLUTION = (
    HEAD
    + """1. Takes note of the report of the Secretary-General, and in this regard encourages Member States to:

(a) Ratify the relevant conventions;

(b) Strengthen cooperation with countries of origin;

2. Acknowledges the complexity of migratory flows, and in this context calls for a better understanding of migration patterns;

3. Also encourages Member States to share data, and requests the Secretary-General to report on the matter;

4. Recommits to ensuring full respect for the human rights of all migrants;

5. Reiterates its commitment to preventing trafficking in persons, and encourages Member States to ratify the Protocol;

6. Further recognizes that it remains crucial to promote sustainable development;

7. Notes the statement that \u201cStates should adopt measures, and requests the Secretary-General to act\u201d;

8. Welcomes the reports and requests of Member States;

9. Decides to include the item in its provisional agenda.

10. Reaffirms the need to strengthen the mandate of the Peacebuilding Support Office by:

(a) Requesting the Peacebuilding Support Office to establish an annual programme of work;

(b) Taking note of the decision of the Security Council to refer matters to it;

(c) Deciding to review the arrangements at its eighty-fifth session;

11. Encourages the Office to strengthen its partnerships;

12. Reaffirms its commitment to the full implementation of the Programme of Action.
"""
)

MODELS = [pytest.param(None, marks=pytest.mark.model, id="trained"), pytest.param("blank:en", id="rules-only")]


def _statements(model: str | None) -> dict[str, list[Statement]]:
    facts = extract_facts(parse_text(RESOLUTION), source=RESOLUTION, model=model)
    found: dict[str, list[Statement]] = {}
    for s in facts.statements:
        found.setdefault(s.paragraph, []).append(s)
    return found


@pytest.fixture(scope="module", params=MODELS)
def statements(request: pytest.FixtureRequest) -> dict[str, list[Statement]]:
    return _statements(request.param)


def test_a_second_verb_after_takes_note_asks_and_its_points_complete_it(statements):
    chapeau, a, b = statements["para_1"]
    assert chapeau.text.startswith("encourages Member States to")
    assert (chapeau.kind, chapeau.modality, chapeau.addressees) == ("recommendation", "encourage", ("member-states",))
    assert chapeau.rule == "operative-clause"
    assert [s.point for s in (a, b)] == ["para_1__point_a", "para_1__point_b"]
    assert all(s.addressees == ("member-states",) and s.modality == "encourage" for s in (a, b))


def test_calls_for_asks_nobody_in_particular(statements):
    (call,) = statements["para_2"]
    assert call.text.startswith("calls for a better understanding")
    assert (call.kind, call.modality, call.addressees) == ("recommendation", "call-upon", ())


def test_two_asking_verbs_in_one_paragraph_are_two_statements(statements):
    encourage, request = statements["para_3"]
    assert encourage.text == "Also encourages Member States to share data"
    assert (encourage.modality, encourage.addressees) == ("encourage", ("member-states",))
    assert request.text.startswith("requests the Secretary-General to report")
    assert (request.modality, request.addressees) == ("request", ("secretary-general",))


def test_the_body_commits_itself(statements):
    (recommits,) = statements["para_4"]
    assert (recommits.kind, recommits.modality, recommits.committer) == ("commitment", "commit", "general-assembly")
    assert recommits.rule == "operative-commitment" and recommits.sources == ()
    commitment, encourage = statements["para_5"]
    assert commitment.kind == "commitment" and commitment.text.startswith("Reiterates its commitment")
    assert (encourage.kind, encourage.addressees) == ("recommendation", ("member-states",))


def test_preamble_recognizes_quotations_and_nouns_give_nothing(statements):
    assert not any(p.startswith("preamble__") for p in statements)
    assert "para_6" not in statements  # "recognizes that it remains crucial to ..."
    assert "para_7" not in statements  # a verb inside a quotation
    assert "para_8" not in statements  # "the reports and requests of Member States": a noun
    (decision,) = statements["para_9"]
    assert decision.kind == "decision"


def test_a_point_opened_by_its_own_participle_is_classed_by_it(statements):
    """ "Reaffirms the need ... by: (a) Requesting X to ...; (b) Taking note of ...": the chapeau
    asks nothing, each point is what its own operative phrase says, addressed to the body its
    object names even when no lexicon lists that body."""
    request, decision = statements["para_10"]
    assert (request.point, request.kind, request.modality) == ("para_10__point_a", "recommendation", "request")
    assert request.addressees == ("peacebuilding-support-office",)
    assert request.action.startswith("establish an annual programme")
    assert (decision.point, decision.kind) == ("para_10__point_c", "decision")


def test_a_lone_head_noun_is_the_body_named_before(statements):
    (encourage,) = statements["para_11"]
    assert encourage.addressees == ("peacebuilding-support-office",)  # "the Office"


def test_reaffirms_its_commitment_is_a_commitment(statements):
    (commitment,) = statements["para_12"]
    assert (commitment.kind, commitment.committer) == ("commitment", "general-assembly")


def test_clauses_only_in_resolutions():
    """The same words in a report of the Secretary-General are not operative paragraphs."""
    text = RESOLUTION.replace("A/RES/99/1", "A/99/100").replace(
        "Resolution adopted by the General Assembly", "Report of the Secretary-General"
    )
    facts = extract_facts(parse_text(text), source=text, model="blank:en")
    assert not any(s.rule in {"operative-clause", "operative-commitment"} for s in facts.statements)
