"""Scoring an attempt: one path from the questions' marks to the score, at submission and after a
trainer grades the essays."""

import random

import pytest

from cartif_lms.quizzes import gift
from cartif_lms.quizzes.grading import AttemptScore, Mark, grade, present, score


def test_an_attempt_scores_the_per_cent_of_its_points_possible() -> None:
    result = score([Mark("a", 1.0), Mark("b", 0.5, max_points=2.0), Mark("c", 0.0)])
    assert result.points == (2.0, 4.0)
    assert (result.fraction, result.percent) == (0.5, 50.0)
    assert not result.needs_manual_grading
    assert (result.passed(50), result.passed(60)) == (True, False)


def test_the_score_is_rounded_to_two_decimals_and_never_below_zero() -> None:
    assert score([Mark("a", 1.0), Mark("b", 0.0), Mark("c", 0.0)]).percent == 33.33
    penalty = score([Mark("a", -1.0), Mark("b", 0.25)])
    assert (penalty.earned, penalty.percent, penalty.passed(0)) == (0.0, 0.0, True)


def test_nothing_to_earn_scores_zero() -> None:
    empty = score([])
    assert (empty.points, empty.fraction, empty.percent) == ((0.0, 0.0), 0.0, 0.0)
    assert score([Mark("intro", 0.0, max_points=0.0)]).percent == 0.0


def test_an_essay_waiting_for_a_trainer_earns_nothing_and_leaves_pass_open() -> None:
    waiting = score([Mark("mc", 1.0), Mark("essay", 0.0, needs_grading=True)])
    assert waiting.needs_manual_grading
    assert (waiting.points, waiting.percent, waiting.passed(0)) == ((1.0, 2.0), 50.0, None)
    graded = score([waiting.marks[0], waiting.marks[1].graded(0.8, "Good.")])
    assert not graded.needs_manual_grading
    assert (graded.percent, graded.passed(91), graded.passed(90)) == (90.0, False, True)
    assert graded.marks[1] == Mark("essay", 0.8, comment="Good.")


def test_a_mark_is_kept_as_the_same_json_it_is_read_from() -> None:
    stored = {
        "key": "mandate",
        "fraction": 0.5,
        "max_points": 1.0,
        "needs_grading": False,
        "comment": "",
    }
    assert Mark.from_json(stored).to_json() == stored
    assert list(Mark.from_json(stored).to_json()) == list(stored)
    assert Mark.from_json({k: v for k, v in stored.items() if k != "comment"}).comment == ""


@pytest.mark.parametrize(
    ("response", "expected"),
    [("c0", Mark("h", 1.0)), (None, Mark("h", 0.0))],
)
def test_a_graded_question_gives_the_mark_the_attempt_keeps(response, expected) -> None:
    question = gift.parse("::Q::Binding?{=shall ~may}").questions[0]
    _, layout = present(question, random.Random(1), shuffle=False)
    result = grade(question, layout, response)
    assert result.mark == Mark(result.key, expected.fraction)
    assert isinstance(score([result.mark]), AttemptScore)
