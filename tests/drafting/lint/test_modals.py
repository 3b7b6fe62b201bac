"""Modal verbs by obligation strength (``lint.modals``), and their agreement with the lexer."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import MODAL_KEYS, STRENGTH, Position, group_by_strength, modal_verbs
from cartif_lms.treaty.lexer import Modal, TreatyLexer
from tests.drafting.lint.drafts import P, draft

# --- Modal verbs ------------------------------------------------------------------------------


def only(found: dict[str, list[Position]]) -> dict[str, list[Position]]:
    """The keys of ``modal_verbs`` with at least one position."""
    return {key: positions for key, positions in found.items() if positions}


@pytest.mark.parametrize(
    ("text", "key", "col"),
    [
        ("Each Party shall notify.", "shall", 12),
        ("Each Party shall not discriminate.", "shall not", 12),
        ("Each Party must notify.", "must", 12),
        ("Each Party must not discriminate.", "must not", 12),
        ("Each Party may notify.", "may", 12),
        ("Each Party may not discriminate.", "may not", 12),
        ("Each Party should notify.", "should", 12),
        ("The Parties will cooperate.", "will", 13),
        ("The Parties endeavour to notify.", "endeavour", 13),
        ("The Parties endeavor to notify.", "endeavour", 13),
        ("Each Party endeavours to notify.", "endeavour", 12),
        ("Each Party endeavors to notify.", "endeavour", 12),
        ("Each Party shall endeavour to notify.", "endeavour", 12),
        ("Each Party shall use best efforts to notify.", "endeavour", 12),
        ("Each Party shall use its best endeavours to notify.", "endeavour", 12),
        ("The Parties shall use their best endeavors to notify.", "endeavour", 13),
        ("Each Party will use best endeavours to notify.", "endeavour", 21),
    ],
)
def test_each_modal_verb_under_its_own_key_at_its_position(text, key, col):
    found = modal_verbs(text)
    if key == "endeavour" and " will " in text:
        assert only(found) == {"will": [P(1, 12)], "endeavour": [P(1, col)]}
    else:
        assert only(found) == {key: [P(1, col)]}


def test_all_keys_are_present_in_order_even_when_empty():
    assert list(modal_verbs("No obligation here.")) == list(MODAL_KEYS)
    assert list(MODAL_KEYS) == [
        "shall",
        "shall not",
        "must",
        "must not",
        "may",
        "may not",
        "should",
        "will",
        "endeavour",
    ]
    assert all(v == [] for v in modal_verbs("No obligation here.").values())


def test_best_effort_phrases_are_not_also_counted_as_shall():
    found = modal_verbs("A Party shall endeavour to act, shall use best efforts, and shall act.")
    assert found["endeavour"] == [P(1, 9), P(1, 33)]
    assert found["shall"] == [P(1, 61)]


def test_prohibitions_span_line_breaks_and_ignore_case():
    found = modal_verbs("Fees SHALL\nNOT exceed; May not; MUST  not")
    assert only(found) == {
        "shall not": [P(1, 6)],
        "may not": [P(2, 13)],
        "must not": [P(2, 22)],
    }


def test_modal_verbs_are_whole_words():
    text = "shallow mayor willing mustard shoulder dismay goodwill endeavourer shall_ notify"
    assert only(modal_verbs(text)) == {}
    assert only(modal_verbs("shall nothing")) == {"shall": [P(1, 1)]}


def test_the_month_may_is_not_a_permission():
    found = modal_verbs("On 1 May 2024 the Parties may meet; May 2024 is a month.")
    assert only(found) == {"may": [P(1, 27)]}


def test_quoted_words_are_not_obligations():
    assert only(modal_verbs('replace "shall" by \u201cmay\u201d; it will')) == {"will": [P(1, 30)]}


def test_several_positions_on_several_lines():
    found = modal_verbs("Each Party shall notify\nand shall publish.\n  It shall.")
    assert found["shall"] == [P(1, 12), P(2, 5), P(3, 6)]


def test_strength_of_each_modal_verb():
    assert STRENGTH == {
        "shall": "binding",
        "must": "binding",
        "shall not": "prohibition",
        "must not": "prohibition",
        "may not": "prohibition",
        "may": "permission",
        "should": "recommendation",
        "will": "intent",
        "endeavour": "best effort",
    }
    assert set(STRENGTH) == set(MODAL_KEYS)


def test_grouping_by_strength_merges_and_sorts_positions():
    grouped = group_by_strength(
        modal_verbs("It must not act.\nIt shall not act; it shall act; it must.")
    )
    assert grouped == {
        "binding": [P(2, 22), P(2, 36)],
        "prohibition": [P(1, 4), P(2, 4)],
        "permission": [],
        "recommendation": [],
        "intent": [],
        "best effort": [],
    }


LEXER_TYPES = {
    "shall": Modal.Shall,
    "shall not": Modal.ShallNot,
    "must": Modal.Must,
    "must not": Modal.ShallNot,
    "may": Modal.May,
    "may not": Modal.ShallNot,
    "should": Modal.Should,
    "will": Modal.Will,
    "endeavour": Modal.Endeavour,
}


def test_modal_verbs_agree_with_the_treaty_lexer():
    text = draft("transit_clean.txt") + (
        '\nOn 1 May 2024 "shall" may not; Must not, SHALL use best efforts, endeavors.\n'
    )
    from_lexer = [
        (offset, ttype)
        for offset, ttype, _ in TreatyLexer().get_tokens_unprocessed(text)
        if ttype in Modal
    ]
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    ours = sorted(
        (line_starts[p.line - 1] + p.col - 1, LEXER_TYPES[key])
        for key, positions in modal_verbs(text).items()
        for p in positions
    )
    assert from_lexer == ours
    assert len(ours) == 14
