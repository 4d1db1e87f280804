"""Unit tests of the split-word judgement and the character map of extract/repair.py."""

from __future__ import annotations

import pytest
from wordfreq import zipf_frequency

from migkg.extract.model import Span
from migkg.extract.repair import (
    MappedText,
    normalise_whitespace,
    plausible_word,
    repair_split_words,
    should_join,
    zipf,
)


def test_zipf_is_wordfreqs_case_insensitive_and_zero_when_unknown():
    assert zipf("the") == zipf_frequency("the", "en") > 7
    assert zipf("Migration") == zipf("migration") > 3
    assert zipf("xqzvw") == 0.0


@pytest.mark.parametrize(
    "piece, plausible",
    [("a", True), ("I", True), ("b", False), ("in", True), ("co", False), ("ten", True), ("lis", False)],
)
def test_plausible_word(piece, plausible):
    assert plausible_word(piece) is plausible


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("lis", "ten", True),
        ("au", "thorities", True),
        ("assista", "nce", True),
        ("a", "set", False),  # both pieces are words
        ("per", "cent", False),
        ("may", "be", False),
        ("New", "york", False),  # "newyork" is no word
        ("IOM", "Council", False),  # a capital starts a new word
    ],
)
def test_should_join(left, right, joined):
    assert should_join(left, right) is joined


def test_split_word_repair_keeps_the_character_map():
    source = "we lis ten to them"
    repairs = []
    mt = repair_split_words(MappedText.from_ranges(source, [(0, len(source))]), source, repairs)
    assert mt.text == "we listen to them"
    assert all(source[i] == c for i, c in zip(mt.index, mt.text, strict=True))
    [repair] = repairs
    assert (repair.kind, repair.span, repair.before, repair.after) == ("split-word", Span(3, 10), "lis ten", "listen")


def test_a_line_break_is_never_a_stray_space():
    source = "we lis\nten to them"
    mt = normalise_whitespace(MappedText.from_ranges(source, [(0, len(source))]))
    repairs = []
    assert repair_split_words(mt, source, repairs).text == "we lis ten to them"
    assert repairs == []
