"""Bracketed passages: depth, alternatives and attributions (``lint.passages``)."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import MAX_PASSAGE_DEPTH, Passage, bracketed_passages, check_brackets
from tests.drafting.lint.drafts import P

# --- Bracketed passages -----------------------------------------------------------------------


def test_passages_are_listed_in_order_with_depth_text_and_alternatives():
    text = "Each Party [shall / may] accord [that accorded to [its own goods] / like goods]."
    assert bracketed_passages(text) == [
        Passage(P(1, 12), P(1, 24), 1, "shall / may", (), ("shall", "may")),
        Passage(
            P(1, 33),
            P(1, 79),
            1,
            "that accorded to [its own goods] / like goods",
            (),
            ("that accorded to [its own goods]", "like goods"),
        ),
        Passage(P(1, 51), P(1, 65), 2, "its own goods", (), ("its own goods",)),
    ]


def test_only_slashes_at_the_passages_own_depth_split_it():
    outer, inner = bracketed_passages("[a [b / c] / d]")
    assert outer.alternatives == ("a [b / c]", "d")
    assert inner.alternatives == ("b", "c")


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("[shall]", ("shall",)),
        ("[ shall  /  may / must ]", ("shall", "may", "must")),
        ("[and/or]", ("and/or",)),  # a slash without spaces is a word, not an alternative
        ("[shall /may]", ("shall /may",)),
        ("[the words / ]", ("the words", "")),  # "or nothing" is an alternative too
        ("[]", ()),
        ("[  ]", ()),
    ],
)
def test_alternatives(text, alternatives):
    assert bracketed_passages(text)[0].alternatives == alternatives


@pytest.mark.parametrize(
    ("text", "attribution", "alternatives"),
    [
        ("[KZ: Fees]", ("KZ",), ("Fees",)),
        ("[AZ, GE: Charges]", ("AZ", "GE"), ("Charges",)),
        ("[KZ and AZ: Charges]", ("KZ", "AZ"), ("Charges",)),
        ("[Proposed: AZ, GE: Charges]", ("AZ", "GE"), ("Charges",)),
        ("[Proposed: AZ, GE]", ("AZ", "GE"), ()),
        ("[Proposed by KZ: Fees]", ("KZ",), ("Fees",)),
        ("[Delegation A: Fees / Charges]", ("Delegation A",), ("Fees", "Charges")),
        ("[Chair: Fees]", ("Chair",), ("Fees",)),
        ("[KZ: shall / AZ: may]", ("KZ",), ("shall", "AZ: may")),
        ("[the following: Fees]", (), ("the following: Fees",)),
        ("[Note: to be discussed]", (), ("Note: to be discussed",)),
        ("[Drafting Note: later]", (), ("Drafting Note: later",)),
        ("[Option 1: a / Option 2: b]", (), ("Option 1: a", "Option 2: b")),
        ("[Article 5: text]", (), ("Article 5: text",)),
        ("[Proposal: text]", (), ("Proposal: text",)),
        ("[KZ:Fees]", (), ("KZ:Fees",)),  # a label is followed by a space
        ("[Fees]", (), ("Fees",)),
    ],
)
def test_attribution_from_a_leading_label(text, attribution, alternatives):
    (passage,) = bracketed_passages(text)
    assert passage.attribution == attribution
    assert passage.alternatives == alternatives
    assert passage.text == text[1:-1]  # the label stays in the text


def test_an_inner_passage_has_its_own_attribution():
    outer, inner = bracketed_passages("[KZ: Fees [AZ: and charges] / Charges]")
    assert outer.attribution == ("KZ",)
    assert inner.attribution == ("AZ",)
    assert inner.alternatives == ("and charges",)


def test_an_unclosed_passage_has_no_end_and_runs_to_the_end_of_the_text():
    first, second = bracketed_passages("1. [KZ: Fees shall\nbe [low / reasonable.\n")
    assert first == Passage(
        P(1, 4),
        None,
        1,
        "KZ: Fees shall\nbe [low / reasonable.\n",
        ("KZ",),
        ("Fees shall\nbe [low / reasonable.",),
    )
    assert second.start == P(2, 4)
    assert second.end is None
    assert second.depth == 2
    assert second.alternatives == ("low", "reasonable.")


def test_a_passage_spanning_lines_ends_on_its_closing_line():
    (passage,) = bracketed_passages("x [a\nbb] y")
    assert (passage.start, passage.end) == (P(1, 3), P(2, 3))


def test_stray_closing_brackets_make_no_passage():
    assert bracketed_passages("a ] b") == []


def test_passages_deeper_than_the_limit_stay_inside_their_parents():
    depth = MAX_PASSAGE_DEPTH + 4
    text = "[" * depth + "x" + "]" * depth
    passages = bracketed_passages(text)
    assert [p.depth for p in passages] == list(range(1, MAX_PASSAGE_DEPTH + 1))
    assert passages[-1].text == "[" * 4 + "x" + "]" * 4
    report = check_brackets(text)
    assert (report.count, report.max_depth) == (depth, depth)
