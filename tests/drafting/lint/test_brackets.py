"""Whether the brackets of a draft balance (``lint.brackets``)."""

from __future__ import annotations

from cartif_lms.drafting.lint import check_brackets
from tests.drafting.lint.drafts import P, draft

# --- Brackets ---------------------------------------------------------------------------------


def test_balanced_brackets_are_counted_by_pairs_and_depth():
    report = check_brackets("Each Party [shall [endeavour to] / may] notify [the others].")
    assert report.balanced is True
    assert report.count == 3
    assert report.max_depth == 2
    assert report.unclosed == []
    assert report.unmatched == []


def test_text_without_brackets_is_balanced_with_no_pairs():
    report = check_brackets("Each Party shall notify.")
    assert (report.balanced, report.count, report.max_depth) == (True, 0, 0)


def test_each_unclosed_bracket_is_reported_where_it_opens():
    report = check_brackets(
        "1. Each Party shall [notify the other Party\n(a) of any [change / amendment"
    )
    assert report.balanced is False
    assert report.unclosed == [P(1, 21), P(2, 12)]
    assert report.unmatched == []
    assert report.count == 0
    assert report.max_depth == 2


def test_a_stray_closing_bracket_is_unmatched():
    report = check_brackets("Each Party shall ] notify.")
    assert report.balanced is False
    assert report.unmatched == [P(1, 18)]
    assert report.unclosed == []


def test_a_closing_bracket_before_its_opening_is_both_unmatched_and_unclosed():
    report = check_brackets("a ] b [ c")
    assert report.unmatched == [P(1, 3)]
    assert report.unclosed == [P(1, 7)]
    assert report.count == 0


def test_a_closing_bracket_closes_the_innermost_open_one():
    # The first "]" closes the inner "[", so the outer one is the unclosed one.
    report = check_brackets("[a [b] c")
    assert report.count == 1
    assert report.unclosed == [P(1, 1)]


def test_columns_count_characters_and_lines_follow_any_line_end():
    assert check_brackets("\t[").unclosed == [P(1, 2)]
    assert check_brackets("a\r\n\u00e9[").unclosed == [P(2, 2)]
    assert check_brackets("a\rb\r[").unclosed == [P(3, 1)]
    assert check_brackets("\ufeff[").unclosed == [P(1, 1)]


def test_fixture_with_an_unclosed_and_a_stray_bracket():
    report = check_brackets(draft("brackets_unbalanced.txt"))
    assert report.balanced is False
    assert report.count == 1
    assert report.unmatched == [P(4, 75)]
    assert report.unclosed == [P(5, 4)]
