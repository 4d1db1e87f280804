"""What each kind of document asks of whom, on real corpus documents (trained pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migkg.extract.extraction import extract_facts
from migkg.extract.structure import parse_file

CORPUS = Path("/work/shared/corpus")
pytestmark = [pytest.mark.model, pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not here")]


def test_upr_recommendations_are_addressed_to_the_state_under_review():
    facts = extract_facts(parse_file(CORPUS / "A-HRC-28-15.txt"))
    assert facts.document_kind == "upr-report"
    found = {s.paragraph: s for s in facts.statements}
    assert len(found) == 163 and all(s.kind == "recommendation" for s in found.values())
    assert {s.addressees for s in found.values()} == {("slovenia",)}
    assert {s.status for s in found.values()} == {"to-be-examined"}
    assert found["para_115.8"].sources == (
        "senegal",
        "sierra-leone",
        "venezuela-bolivarian-republic-of",
        "peru",
        "uruguay",
    )
    codes = {a.key: a.country_code for a in facts.actors}
    assert codes["iran-islamic-republic-of"] == "IRN"


def test_a_resolution_decides_and_its_preamble_asks_nothing():
    facts = extract_facts(parse_file(CORPUS / "A-RES-79-217.txt"))
    kinds = {s.paragraph: s.kind for s in facts.statements}
    assert kinds["para_21"] == "decision" and kinds["para_20"] == "recommendation"
    assert not any(p.startswith("preamble__") for p in kinds)
    assert "para_1" not in kinds  # "Takes note of the report"
    assert {s.sources for s in facts.statements if s.kind != "commitment"} == {("general-assembly",)}


def test_a_resolution_reads_every_operative_clause_and_commits_itself():
    """79/217: "Takes note ..., and in this regard encourages Member States to:" (a)-(q),
    "... and requests the United Nations system entities to ...", "Recommits to ..."."""
    facts = extract_facts(parse_file(CORPUS / "A-RES-79-217.txt"))
    by_paragraph: dict[str, list] = {}
    for s in facts.statements:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    assert len(by_paragraph["para_15"]) == 18
    assert {s.addressees for s in by_paragraph["para_15"]} == {("member-states",)}
    assert [s.modality for s in by_paragraph["para_17"]] == ["encourage", "request"]
    assert [(s.kind, s.committer) for s in by_paragraph["para_3"]] == [("commitment", "general-assembly")]
    assert not any(p in by_paragraph for p in ("para_1", "para_6", "para_10", "para_13"))


def test_discourse_formulas_of_a_follow_up_report_are_not_recommendations():
    facts = extract_facts(parse_file(CORPUS / "CERD-C-BRA-FCO-18-20.txt"))
    assert facts.document_kind == "treaty-body"
    assert not any(s.kind == "recommendation" for s in facts.statements)
