"""Item statistics, the discrimination index and learning gains, on data with known answers."""

from __future__ import annotations

import math

import pytest

from cartif_lms.quizzes.quiz_statistics import (
    Gain,
    ItemStat,
    item_statistics,
    learning_gain,
    mean_gain,
)

#: 99 filler questions answered at the learner's ability make the ranking of attempts follow
#: that ability; the one question under study cannot move an attempt past its neighbour.
FILLERS = [f"filler-{n}" for n in range(99)]


def attempt(ability: float, **items: float) -> dict[str, float]:
    return {key: ability for key in FILLERS} | items


# --------------------------------------------------------------------------- item statistics


def test_a_question_the_strong_get_right_and_the_weak_get_wrong_discriminates_fully() -> None:
    # Ten learners, weakest first. The strong half gets "good" right, the weak half "bad".
    attempts = [attempt(i / 10, good=float(i >= 5), bad=float(i < 5), half=0.5) for i in range(10)]
    stats = item_statistics(attempts)
    # n = 10, so the upper and lower groups hold round(0.27 * 10) = 3 attempts each.
    assert stats["good"] == ItemStat("good", 10, 0.5, 0.5, 1.0)
    assert stats["bad"] == ItemStat("bad", 10, 0.5, 0.5, -1.0)
    assert stats["half"] == ItemStat("half", 10, 0.0, 0.5, 0.0)
    filler = stats["filler-0"]
    assert filler.mean_fraction == pytest.approx(0.45)
    assert filler.discrimination == pytest.approx(0.8 - 0.1)  # (.7+.8+.9)/3 - (0+.1+.2)/3


def test_discrimination_on_twenty_attempts_with_partial_credit() -> None:
    # n = 20: groups of round(0.27 * 20) = round(5.4) = 5 attempts.
    x = [1, 0, 0, 0, 0] + [1, 0, 1, 0, 1, 0, 1, 0, 1, 0] + [1, 1, 1, 0, 1]
    essay = [0, 0, 0, 0, 0] + [0.5] * 10 + [0.5, 0.5, 0.5, 0.5, 0.5]
    attempts = [attempt(i / 19, x=x[i], essay=essay[i]) for i in range(20)]
    stats = item_statistics(attempts)
    # p_upper = 4/5 = 0.8, p_lower = 1/5 = 0.2
    assert stats["x"].discrimination == pytest.approx(0.6)
    assert stats["x"].share_correct == pytest.approx(10 / 20)
    assert stats["x"].mean_fraction == pytest.approx(10 / 20)
    # Partial credit counts by its mean: 0.5 in the upper group, 0 in the lower.
    assert stats["essay"].discrimination == pytest.approx(0.5)
    assert stats["essay"].share_correct == 0.0
    assert stats["essay"].mean_fraction == pytest.approx(7.5 / 20)


def test_attempts_draw_different_questions() -> None:
    attempts = [
        {"a": 1.0, "b": 0.0},
        {"a": 1.0, "c": 1.0},
        {"b": 1.0, "c": 0.5},
        {"a": 0.0},
        {},  # an attempt without questions is ignored
    ]
    stats = item_statistics(attempts)
    assert set(stats) == {"a", "b", "c"}
    assert stats["a"] == ItemStat("a", 3, 2 / 3, 2 / 3, None)
    assert stats["b"] == ItemStat("b", 2, 0.5, 0.5, None)
    assert stats["c"] == ItemStat("c", 2, 0.5, 0.75, None)


def test_discrimination_needs_five_attempts_that_contain_the_question() -> None:
    four = [attempt(i / 4, q=float(i >= 2)) for i in range(4)]
    assert item_statistics(four)["q"].discrimination is None
    five = [attempt(i / 5, q=float(i >= 2)) for i in range(5)]
    # Five attempts: groups of round(1.35) = 1, the strongest (right) and the weakest (wrong).
    assert item_statistics(five)["q"].discrimination == 1.0


def test_full_marks_allow_for_rounding() -> None:
    stats = item_statistics([{"q": 0.9999999}, {"q": 0.99}])
    assert stats["q"].share_correct == 0.5


def test_no_attempts_no_statistics() -> None:
    assert item_statistics([]) == {}


@pytest.mark.parametrize("bad", [1.5, -1.1, math.nan, "1", None, True])
def test_fractions_must_be_numbers_from_minus_one_to_one(bad: object) -> None:
    with pytest.raises(ValueError, match="fraction of 'q'"):
        item_statistics([{"q": bad}])  # type: ignore[dict-item]


def test_a_negative_single_choice_grade_pulls_the_question_mean_down() -> None:
    """A learner who picked a -50 % distractor lost points; the item analysis shows it."""
    stats = item_statistics([{"q": 1.0}, {"q": -0.5}])
    assert stats["q"].mean_fraction == pytest.approx(0.25)
    assert stats["q"].share_correct == 0.5


# --------------------------------------------------------------------------- learning gain


def test_learning_gain_in_points_and_normalised() -> None:
    assert learning_gain(40, 70) == Gain(pre=40.0, post=70.0, gain=30.0, normalised=0.5)
    assert learning_gain(0, 100) == Gain(0.0, 100.0, 100.0, 1.0)
    assert learning_gain(60, 60) == Gain(60.0, 60.0, 0.0, 0.0)


def test_a_drop_is_a_negative_gain() -> None:
    assert learning_gain(80, 60) == Gain(80.0, 60.0, -20.0, -1.0)


def test_nothing_left_to_gain_has_no_normalised_gain() -> None:
    assert learning_gain(100, 100) == Gain(100.0, 100.0, 0.0, None)
    assert learning_gain(100, 90) == Gain(100.0, 90.0, -10.0, None)


def test_without_both_tests_there_is_no_gain() -> None:
    assert learning_gain(None, 70) is None
    assert learning_gain(40, None) is None
    assert learning_gain(None, None) is None


@pytest.mark.parametrize(("pre", "post"), [(-1, 50), (50, 100.5), (math.nan, 50), (50, math.inf)])
def test_scores_must_be_percentages(pre: float, post: float) -> None:
    with pytest.raises(ValueError, match="score must be in 0..100"):
        learning_gain(pre, post)


def test_mean_gain_averages_the_learners_normalised_gains() -> None:
    gains = [learning_gain(40, 70), learning_gain(50, 100), learning_gain(100, 90), None]
    # 0.5 and 1.0; the learner who started at 100 % has no normalised gain.
    assert mean_gain(gains) == pytest.approx(0.75)
    # In percentage points everyone with both tests counts: (30 + 50 - 10) / 3.
    assert mean_gain(gains, normalised=False) == pytest.approx(70 / 3)


def test_mean_gain_of_nobody_is_none() -> None:
    assert mean_gain([]) is None
    assert mean_gain([learning_gain(100, 100)]) is None
    assert mean_gain(iter([None])) is None
    assert mean_gain([], normalised=False) is None
