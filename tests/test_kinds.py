"""Document kinds, States by name, UPR recommenders and statuses, operative phrases: no model."""

from __future__ import annotations

import pytest

from migkg.extract.asks import actor_type, operative_phrase, recommenders, response_status
from migkg.extract.countries import by_code, country
from migkg.extract.kinds import document_kind

UPR_HEAD = (
    "Human Rights Council\n\n   Report of the Working Group on the Universal Periodic\n   Review*\n\n   Slovenia\n"
)


@pytest.mark.parametrize(
    ("symbol", "text", "kind", "source"),
    [
        ("A/RES/79/217", "", "resolution", "General Assembly"),
        ("A/HRC/RES/35/17", "", "resolution", "Human Rights Council"),
        ("A/HRC/28/15", UPR_HEAD, "upr-report", "Working Group on the Universal Periodic Review"),
        ("CCPR/C/DEU/CO/7", "", "treaty-body", "Human Rights Committee"),
        ("CERD/C/BRA/FCO/18-20", "", "treaty-body", "Brazil"),
        ("S/2018/747", "", "sg-report", "Secretary-General"),
        ("A/72/643", "Report of the Secretary-General", "sg-report", "Secretary-General"),
        ("A/HRC/28/2", "Report of the Human Rights Council", None, None),
    ],
)
def test_document_kind_from_the_symbol_and_the_first_page(symbol, text, kind, source):
    found = document_kind(symbol, text)
    assert (found.kind, found.source) == (kind, source)


def test_the_state_reviewed():
    assert document_kind("A/HRC/28/15", UPR_HEAD).state == country("Slovenia")
    assert document_kind("CCPR/C/DEU/CO/7", "").state == by_code("DEU")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iran (Islamic Republic of)", "IRN"),
        ("Republic of Korea", "KOR"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Côte d’Ivoire", "CIV"),
        ("Holy See", "VAT"),
        ("Ratify ICRMW", None),
    ],
)
def test_states_by_their_un_names(name, code):
    found = country(name)
    assert (found.alpha_3 if found else None) == code


def test_recommending_states_in_the_last_parenthesis():
    found = recommenders("Ratify ICRMW (Senegal, Kosovo, Venezuela (Bolivarian Republic of), Peru);")
    assert found is not None
    assert [c.alpha_3 if c else name for name, c, _, _ in found.states] == ["SEN", "Kosovo", "VEN", "PER"]
    assert recommenders("Ratify the Convention (see para. 3);") is None


@pytest.mark.parametrize(
    ("chapeau", "status"),
    [
        ("The recommendations listed below will be examined by Slovenia", "to-be-examined"),
        ("The following recommendations will be examined by X which will provide responses", "to-be-examined"),
        ("The following recommendations enjoy the support of X", "supported"),
        ("The following recommendations did not enjoy the support of X and would thus be noted", "noted"),
        ("The following recommendations have been noted by X", "noted"),
        ("The delegation thanked the States", None),
    ],
)
def test_status_from_the_chapeau(chapeau, status):
    assert response_status(chapeau) == status


@pytest.mark.parametrize(
    ("opening", "kind", "modality"),
    [
        ("Also calls upon States to", "recommendation", "call-upon"),
        ("Requests the Secretary-General to", "recommendation", "request"),
        ("Decides to include", "decision", "decide"),
        ("Takes note with appreciation of", "none", ""),
        ("Further recognizes that", "none", ""),
    ],
)
def test_operative_phrases(opening, kind, modality):
    found = operative_phrase(opening.lower().split(), ["also", "further"])
    assert found is not None and (found[0].kind, found[0].modality) == (kind, modality)


def test_no_operative_phrase():
    assert operative_phrase(["the", "general", "assembly", ","], ["also"]) is None


def test_actor_type_from_the_head_noun():
    assert actor_type("Government") == "StateActor"
    assert actor_type("committee") == "UNBody"
    assert actor_type("plans") is None
