"""Presenting and grading quiz questions: every type, tampering, and the shipped banks."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest
from markupsafe import Markup

from cartif_lms.quizzes import gift
from cartif_lms.quizzes.gift import Answer, Question, QuestionType
from cartif_lms.quizzes.grading import (
    GRADERS,
    NOT_A_NUMBER,
    InvalidResponse,
    Layout,
    LayoutMismatch,
    Presented,
    Response,
    Result,
    attempt_total,
    grade,
    present,
    question_key,
)
from cartif_lms.quizzes.grading import points as score

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
SHIPPED = sorted(QUIZZES.glob("*.gift"))


def one(source: str) -> Question:
    """Parse a GIFT source that holds exactly one valid question."""
    result = gift.parse(source)
    assert [str(error) for error in result.errors] == []
    assert len(result.questions) == 1
    return result.questions[0]


def shown(q: Question, seed: int = 7, shuffle: bool = True) -> tuple[Presented, Layout]:
    return present(q, random.Random(seed), shuffle)


def choice_id(presented: Presented, label: str) -> str:
    """The id the learner's form sends for the choice, prompt or option with this label."""
    for choice in presented.choices + presented.prompts + presented.options:
        if str(choice.html) == str(Markup.escape(label)):
            return choice.id
    raise AssertionError(f"no choice {label!r} in {presented}")


def answer_with(q: Question, source_response: Response, seed: int = 7) -> Result:
    """Present the question and grade a response given in labels (mapped to the ids shown)."""
    presented, layout = shown(q, seed)
    return grade(q, layout, to_ids(presented, source_response))


def to_ids(presented: Presented, response: Response) -> Response:
    if presented.type == QuestionType.TRUE_FALSE:
        return response
    if presented.input == "choice" and isinstance(response, str) and presented.choices:
        return choice_id(presented, response) if response else response
    if presented.input == "choices" and isinstance(response, list):
        return [choice_id(presented, label) for label in response]
    if presented.input == "match" and isinstance(response, dict):
        return {
            choice_id(presented, left): choice_id(presented, right)
            for left, right in response.items()
        }
    return response


def right_response(q: Question, layout: Layout) -> Response:
    """The response a learner who knows every answer sends, built from the stored layout."""
    answers = q.answers
    if q.type == QuestionType.MULTIPLE_CHOICE:
        best = max(a.fraction for a in answers)
        return next(
            f"c{i}"
            for i, index in enumerate(layout.choice_order)
            if answers[index].fraction == best
        )
    if q.type == QuestionType.MULTIPLE_ANSWER:
        return [
            f"c{i}" for i, index in enumerate(layout.choice_order) if answers[index].fraction > 0
        ]
    if q.type == QuestionType.TRUE_FALSE:
        return "true" if q.correct else "false"
    if q.type == QuestionType.SHORT_ANSWER:
        return next(a.text for a in answers if a.fraction == 1)
    if q.type == QuestionType.NUMERICAL:
        return next(a.text for a in answers if a.fraction == 1 and a.value is not None)
    if q.type == QuestionType.MATCHING:
        return {
            f"p{i}": f"o{layout.option_texts.index(q.pairs[index].answer)}"
            for i, index in enumerate(layout.prompt_order)
        }
    return None


MANDATE = one(
    "// [id:mandate]\n"
    "::Mandate::Which statement best describes a negotiating mandate?{\n"
    "=The authority and instructions from the government#Right: authority and limits.\n"
    "~%50%The instructions of the head of delegation#Half right: the government decides.\n"
    "~A summary of other delegations' positions#No: that is background.\n"
    "~%-50%The final text of the agreement#No: that is the result.\n"
    "####A mandate gives both authority and limits.}"
)

BRIEF = one(
    "::Brief::Which belong in a negotiating brief? Select all that apply.{\n"
    "~%50%The objective for each agenda item#Yes, objectives.\n"
    "~%50%The fall-backs and red lines#Yes, fall-backs.\n"
    "~%-100%A copy for the other delegations#No, the brief is internal.\n"
    "~The colour of the cover#Irrelevant.\n"
    "}"
)


# --------------------------------------------------------------------------- identity


def test_question_key_is_the_idnumber_when_there_is_one() -> None:
    assert question_key(MANDATE) == "mandate"


def test_question_key_without_idnumber_hashes_category_name_text_and_type() -> None:
    key = question_key(BRIEF)
    assert re.fullmatch(r"h:[0-9a-f]{16}", key)
    same_question_elsewhere = one("\n\n" + gift.write([BRIEF]))
    assert question_key(same_question_elsewhere) == key  # the line number does not count
    reworded = Question(BRIEF.name, BRIEF.text + "!", BRIEF.type, answers=BRIEF.answers)
    moved = Question(BRIEF.name, BRIEF.text, BRIEF.type, answers=BRIEF.answers, category="x")
    assert len({key, question_key(reworded), question_key(moved)}) == 3


# --------------------------------------------------------------------------- multiple choice


def test_multiple_choice_right_answer_scores_its_fraction_with_its_feedback() -> None:
    result = answer_with(MANDATE, "The authority and instructions from the government")
    assert result.key == "mandate"
    assert result.fraction == 1.0
    assert result.max_points == 1.0
    assert not result.needs_grading
    assert result.feedback == (
        Markup("Right: authority and limits."),
        Markup("A mandate gives both authority and limits."),
    )
    assert result.response_text == "The authority and instructions from the government"
    assert result.right_answer == Markup("The authority and instructions from the government")


def test_multiple_choice_partial_wrong_and_negative_answers() -> None:
    partial = answer_with(MANDATE, "The instructions of the head of delegation")
    assert partial.fraction == 0.5
    assert partial.feedback[0] == Markup("Half right: the government decides.")
    wrong = answer_with(MANDATE, "A summary of other delegations' positions")
    assert wrong.fraction == 0.0
    assert wrong.feedback[0] == Markup("No: that is background.")
    negative = answer_with(MANDATE, "The final text of the agreement")
    assert negative.fraction == -0.5  # Moodle keeps a single choice's negative weight
    assert negative.points == -0.5
    assert negative.feedback[0] == Markup("No: that is the result.")


def test_a_single_choice_penalty_stops_at_minus_one_after_rounding() -> None:
    q = one("Which?{=right ~%-100%wrong ~%-33.33333%unsure}")
    assert answer_with(q, "wrong").fraction == -1.0
    assert answer_with(q, "unsure").fraction == -0.3333333


@pytest.mark.parametrize("response", [None, ""])
def test_multiple_choice_unanswered_scores_zero_with_only_the_general_feedback(
    response: Response,
) -> None:
    _, layout = shown(MANDATE)
    result = grade(MANDATE, layout, response)
    assert result.fraction == 0.0
    assert result.response_text == ""
    assert result.feedback == (Markup("A mandate gives both authority and limits."),)
    assert "authority and instructions" in result.right_answer


# --------------------------------------------------------------------------- multiple answer


def test_multiple_answer_all_right_choices_score_one() -> None:
    result = answer_with(
        BRIEF, ["The fall-backs and red lines", "The objective for each agenda item"]
    )
    assert result.fraction == 1.0
    # Feedback follows the order the choices were shown in, whatever order the form sent.
    presented, _ = shown(BRIEF)
    labels = [str(choice.html) for choice in presented.choices]
    objective_first = labels.index("The objective for each agenda item") < labels.index(
        "The fall-backs and red lines"
    )
    expected = ["Yes, objectives.", "Yes, fall-backs."]
    assert [str(f) for f in result.feedback] == (expected if objective_first else expected[::-1])
    assert "<li>The objective for each agenda item</li>" in result.right_answer
    assert "<li>The fall-backs and red lines</li>" in result.right_answer
    assert "copy for the other delegations" not in result.right_answer


def test_multiple_answer_partial_credit_and_negative_weights_never_below_zero() -> None:
    assert answer_with(BRIEF, ["The objective for each agenda item"]).fraction == 0.5
    assert (
        answer_with(
            BRIEF, ["The objective for each agenda item", "The colour of the cover"]
        ).fraction
        == 0.5
    )
    picked_everything = answer_with(
        BRIEF,
        [
            "The objective for each agenda item",
            "The fall-backs and red lines",
            "A copy for the other delegations",
            "The colour of the cover",
        ],
    )
    assert picked_everything.fraction == 0.0  # 0.5 + 0.5 - 1: ticking every box does not pay
    only_wrong = answer_with(BRIEF, ["A copy for the other delegations"])
    assert only_wrong.fraction == 0.0  # -1 is clamped to 0
    assert only_wrong.feedback == (Markup("No, the brief is internal."),)


@pytest.mark.parametrize("response", [None, "", []])
def test_multiple_answer_unanswered_scores_zero(response: Response) -> None:
    _, layout = shown(BRIEF)
    result = grade(BRIEF, layout, response)
    assert result.fraction == 0.0
    assert result.feedback == ()


def test_multiple_answer_thirds_add_up_to_exactly_one() -> None:
    q = one("Which?{~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}")
    assert answer_with(q, ["a", "b", "c"]).fraction == 1.0
    assert answer_with(q, ["a", "b"]).fraction == 0.6666666
    # Moodle counts a fraction above 0.999999 as right, so 3 x 33.33333 % is full marks too.
    rounded_down = one("Which?{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert answer_with(rounded_down, ["a", "b", "c"]).fraction == 1.0
    assert answer_with(rounded_down, ["a", "b", "c", "d"]).fraction == 0.0


# --------------------------------------------------------------------------- true/false

SHARED_PAPER = one(
    "::Shared papers::A shared position paper should reveal the fall-backs."
    "{F#Incorrect: fall-backs stay internal.#Correct: keep them internal.####Read unit 2.}"
)


def test_true_false_right_answer_gets_the_second_feedback() -> None:
    presented, layout = shown(SHARED_PAPER)
    assert [(c.id, str(c.html)) for c in presented.choices] == [
        ("true", "True"),
        ("false", "False"),
    ]
    result = grade(SHARED_PAPER, layout, "false")
    assert result.fraction == 1.0
    assert result.feedback == (Markup("Correct: keep them internal."), Markup("Read unit 2."))
    assert result.right_answer == Markup("False")
    assert result.response_text == "False"


def test_true_false_wrong_answer_gets_the_first_feedback() -> None:
    _, layout = shown(SHARED_PAPER)
    result = grade(SHARED_PAPER, layout, "true")
    assert result.fraction == 0.0
    assert result.feedback == (
        Markup("Incorrect: fall-backs stay internal."),
        Markup("Read unit 2."),
    )


def test_true_false_true_statement_and_unanswered() -> None:
    q = one("Nothing is agreed until everything is agreed.{TRUE}")
    _, layout = shown(q)
    assert grade(q, layout, "true").fraction == 1.0
    assert grade(q, layout, "false").fraction == 0.0
    unanswered = grade(q, layout, None)
    assert unanswered.fraction == 0.0
    assert unanswered.feedback == ()


# --------------------------------------------------------------------------- short answer

NON_PAPER = one(
    "::Informal paper::An informal paper without status is a ...{"
    "=non-paper#Right. =%50%*paper#Half: which kind of paper? =%0%*#Think of its status.}"
)


@pytest.mark.parametrize("typed", ["non-paper", "Non-Paper", "  NON-PAPER  ", "non-paper\n"])
def test_short_answer_ignores_case_and_surrounding_spaces(typed: str) -> None:
    result = answer_with(NON_PAPER, typed)
    assert result.fraction == 1.0
    assert result.feedback == (Markup("Right."),)
    assert result.response_text == typed.strip()


def test_short_answer_collapses_inner_whitespace() -> None:
    q = one("What is it called?{=silence procedure}")
    assert answer_with(q, "Silence \t  procedure").fraction == 1.0
    assert answer_with(q, "silenceprocedure").fraction == 0.0


def test_short_answer_wildcards_and_the_first_matching_answer() -> None:
    partial = answer_with(NON_PAPER, "position paper")  # *paper comes before the catch-all *
    assert partial.fraction == 0.5
    assert partial.feedback == (Markup("Half: which kind of paper?"),)
    other = answer_with(NON_PAPER, "memo")  # only the catch-all * matches
    assert other.fraction == 0.0
    assert other.feedback == (Markup("Think of its status."),)
    assert other.right_answer == Markup("non-paper")


def test_short_answer_takes_the_first_match_in_file_order_as_moodle_does() -> None:
    """Moodle's get_matching_answer stops at the first answer that matches, not the best."""
    catch_all_first = one("What is the capital of France?{=%0%* =Paris}")
    assert answer_with(catch_all_first, "Paris").fraction == 0.0
    paris_first = one("What is the capital of France?{=Paris =%0%*#Not quite.}")
    assert answer_with(paris_first, "paris").fraction == 1.0
    half_first = one("Name the document.{=%50%*paper#Which paper? =non-paper#Right.}")
    result = answer_with(half_first, "non-paper")
    assert (result.fraction, result.feedback) == (0.5, (Markup("Which paper?"),))


def test_short_answer_wildcard_in_the_middle_and_an_escaped_star() -> None:
    q = one("Name the term.{=ad*um =%50%a\\\\*b}")
    assert q.answers[1].text == "a\\*b"  # GIFT keeps \* as it is; Moodle reads it as a literal star
    assert answer_with(q, "ad referendum").fraction == 1.0
    assert answer_with(q, "adum").fraction == 1.0
    assert answer_with(q, "ad referendum later").fraction == 0.0
    assert answer_with(q, "a*b").fraction == 0.5
    assert answer_with(q, "axb").fraction == 0.0


def test_short_answer_wrong_and_unanswered() -> None:
    q = one("In the WTO the package approach is the single ...{=undertaking#Yes.}")
    wrong = answer_with(q, "package")
    assert (wrong.fraction, wrong.feedback, wrong.response_text) == (0.0, (), "package")
    for blank in (None, "", "   "):
        assert answer_with(q, blank).fraction == 0.0


def test_short_answer_wildcards_do_not_backtrack_on_long_input() -> None:
    q = Question("q", "?", QuestionType.SHORT_ANSWER, answers=[Answer("*a*a*a*a*a*a*a*a*b", 1.0)])
    _, layout = shown(q)
    started = time.perf_counter()
    assert grade(q, layout, "a" * 20000).fraction == 0.0
    assert time.perf_counter() - started < 0.5


# --------------------------------------------------------------------------- numerical

ZOPA = one(
    "::ZOPA::How many days wide is the ZOPA?{#"
    "=15:0#Right, 75 minus 60.\n"
    "=%50%15:2#Close.\n"
    "=%25%50..80#That is the range of the positions, not its width.\n"
    "~#Subtract the reservation points.}"
)


@pytest.mark.parametrize(
    ("typed", "fraction", "feedback"),
    [
        ("15", 1.0, "Right, 75 minus 60."),
        (" 15.0 ", 1.0, "Right, 75 minus 60."),
        ("1.5e1", 1.0, "Right, 75 minus 60."),
        ("13", 0.5, "Close."),
        ("17", 0.5, "Close."),
        ("16.9", 0.5, "Close."),
        ("50", 0.25, "That is the range of the positions, not its width."),
        ("80", 0.25, "That is the range of the positions, not its width."),
        ("17.5", 0.0, "Subtract the reservation points."),
        ("-15", 0.0, "Subtract the reservation points."),
    ],
)
def test_numerical_tolerance_ranges_and_catch_all(
    typed: str, fraction: float, feedback: str
) -> None:
    result = answer_with(ZOPA, typed)
    assert result.fraction == fraction
    assert result.feedback == (Markup(feedback),)
    assert result.response_text == typed.strip()


@pytest.mark.parametrize(
    "typed",
    ["fifteen", "15 days", "1e999", "nan", "0x0F", "--15", "1,000,000", "1,000.5", "1.000,5", ","],
)
def test_numerical_non_number_scores_zero_and_says_so(typed: str) -> None:
    result = answer_with(ZOPA, typed)
    assert result.fraction == 0.0
    assert result.feedback == (NOT_A_NUMBER,)
    assert "not a number" in NOT_A_NUMBER
    assert "dot or a comma" in NOT_A_NUMBER


PI = one("What is pi to two decimals?{#3.14:0.005}")


@pytest.mark.parametrize("typed", ["3,14", " 3,14 ", "3,140", "+3,14", "3,1416", ",314e1"])
def test_numerical_reads_a_decimal_comma_as_russian_speakers_write_it(typed: str) -> None:
    result = answer_with(PI, typed)
    assert result.fraction == 1.0
    assert result.response_text == typed.strip()


def test_numerical_decimal_comma_with_spaces_between_digit_groups() -> None:
    q = one("How many tonnes?{#1000.5}")
    assert answer_with(q, "1 000,5").fraction == 1.0
    assert answer_with(q, "1\u00a0000,5").fraction == 1.0  # a no-break space, as Word writes it


def test_numerical_takes_the_first_answer_within_tolerance_in_file_order() -> None:
    wide_first = one("How many days?{#=%50%15:5#Roughly. =15:0#Exactly.}")
    result = answer_with(wide_first, "15")
    assert (result.fraction, result.feedback) == (0.5, (Markup("Roughly."),))
    assert answer_with(ZOPA, "15").fraction == 1.0  # 15:0 comes before 15:2 there


def test_numerical_catch_all_answer_matches_where_it_stands() -> None:
    catch_all_first = one("How many?{#=%0%*#Any number. =8}")
    result = answer_with(catch_all_first, "8")
    assert (result.fraction, result.feedback) == (0.0, (Markup("Any number."),))


def test_numerical_range_bounds_despite_rounding_and_the_right_answer_summary() -> None:
    q = one("Pick a number between 0.1 and 0.3.{#0.1..0.3}")
    assert answer_with(q, "0.3").fraction == 1.0
    assert answer_with(q, "0.1").fraction == 1.0
    assert answer_with(q, "0.30001").fraction == 0.0
    assert answer_with(q, "").fraction == 0.0
    assert answer_with(q, "0.2").right_answer == Markup("0.2 ± 0.1")
    assert answer_with(ZOPA, "1").right_answer == Markup("15")


def test_numerical_ignores_spaces_inside_a_number() -> None:
    q = one("How many days are 1000 days?{#1000}")
    assert answer_with(q, "1 000").fraction == 1.0
    # A lone comma is a decimal comma, never a thousands separator: 1,000 is 1.0.
    assert answer_with(q, "1,000").fraction == 0.0
    assert answer_with(q, "1,000").feedback == ()


def test_numerical_without_catch_all_gives_no_answer_feedback() -> None:
    q = one("How many CAREC countries are landlocked?{#8#Yes, eight.}")
    result = answer_with(q, "11")
    assert (result.fraction, result.feedback) == (0.0, ())


# --------------------------------------------------------------------------- matching

FORMATS = one(
    "::Formats::Match each meeting format with its main use.{\n"
    "=Plenary -> adoption of texts\n"
    "=Small group -> solving one issue\n"
    "=Bilateral contact -> testing ideas\n"
    "=Corridor chat -> testing ideas\n"
    "= -> voting by secret ballot\n"
    "####Formats differ in who attends.}"
)


def test_matching_presents_prompts_and_options_with_the_distractor_and_no_duplicates() -> None:
    presented, layout = shown(FORMATS)
    assert presented.input == "match"
    assert sorted(str(p.html) for p in presented.prompts) == [
        "Bilateral contact",
        "Corridor chat",
        "Plenary",
        "Small group",
    ]
    assert sorted(str(o.html) for o in presented.options) == [
        "adoption of texts",
        "solving one issue",
        "testing ideas",  # two prompts share it: one option
        "voting by secret ballot",  # the distractor
    ]
    assert [p.id for p in presented.prompts] == ["p0", "p1", "p2", "p3"]
    assert [o.id for o in presented.options] == ["o0", "o1", "o2", "o3"]
    assert layout.option_texts == tuple(str(o.html) for o in presented.options)


def test_matching_all_right_partial_and_distractor() -> None:
    right = {
        "Plenary": "adoption of texts",
        "Small group": "solving one issue",
        "Bilateral contact": "testing ideas",
        "Corridor chat": "testing ideas",
    }
    result = answer_with(FORMATS, right)
    assert result.fraction == 1.0
    assert result.feedback == (Markup("Formats differ in who attends."),)
    assert "Plenary → adoption of texts" in result.right_answer
    assert "voting" not in result.right_answer
    fooled = right | {"Plenary": "voting by secret ballot", "Small group": "testing ideas"}
    assert answer_with(FORMATS, fooled).fraction == 0.5
    assert answer_with(FORMATS, {"Plenary": "adoption of texts"}).fraction == 0.25


def test_matching_unanswered_prompts_score_zero() -> None:
    presented, layout = shown(FORMATS)
    assert grade(FORMATS, layout, None).fraction == 0.0
    assert grade(FORMATS, layout, {}).fraction == 0.0
    blank = {p.id: "" for p in presented.prompts}
    assert grade(FORMATS, layout, blank).fraction == 0.0
    plenary = choice_id(presented, "Plenary")
    answered = grade(FORMATS, layout, blank | {plenary: choice_id(presented, "adoption of texts")})
    assert answered.fraction == 0.25
    assert answered.response_text == "Plenary -> adoption of texts"


# --------------------------------------------------------------------------- essay, description


def test_essay_waits_for_a_trainer_and_counts_in_the_points_possible() -> None:
    q = one("::Essay::Describe your BATNA.{####A good answer names the alternatives.}")
    presented, layout = shown(q)
    assert presented.input == "essay"
    result = grade(q, layout, "  If the talks fail we would ...  ")
    assert result.needs_grading
    assert result.fraction == 0.0
    assert result.response_text == "If the talks fail we would ..."
    assert result.feedback == (Markup("A good answer names the alternatives."),)
    assert score(
        [result, answer_with(MANDATE, "The authority and instructions from the government")]
    ) == (
        1.0,
        2.0,
    )


def test_a_blank_essay_is_zero_and_needs_no_trainer() -> None:
    q = one("Describe your BATNA.{}")
    _, layout = shown(q)
    result = grade(q, layout, "   ")
    assert (result.fraction, result.needs_grading, result.max_points) == (0.0, False, 1.0)


def test_description_is_worth_no_points() -> None:
    q = one("::Intro::The next questions are about coalitions.")
    presented, layout = shown(q)
    assert presented.input == "none"
    assert presented.html == Markup("The next questions are about coalitions.")
    result = grade(q, layout, None)
    assert result.max_points == 0.0
    right = answer_with(MANDATE, "The authority and instructions from the government")
    assert score([result, right]) == (1.0, 1.0)


def test_score_adds_points_earned_and_possible() -> None:
    results = [
        answer_with(MANDATE, "The instructions of the head of delegation"),  # 0.5
        answer_with(BRIEF, ["The objective for each agenda item"]),  # 0.5
        answer_with(SHARED_PAPER, "false"),  # 1
        answer_with(ZOPA, "1,5"),  # 1.5 days: the catch-all, 0
    ]
    assert score(results) == (2.0, 4.0)
    assert score([]) == (0.0, 0.0)


def test_a_penalty_costs_points_but_the_total_never_goes_below_zero() -> None:
    penalty = answer_with(MANDATE, "The final text of the agreement")  # -0.5
    right = answer_with(SHARED_PAPER, "false")  # 1
    assert score([penalty, right]) == (0.5, 2.0)
    assert score([penalty, penalty]) == (0.0, 2.0)
    assert attempt_total([(-1.0, 1.0), (0.25, 2.0)]) == (0.0, 3.0)


# --------------------------------------------------------------------------- presentation


def test_presentation_is_shuffled_reproducibly_by_the_seed() -> None:
    first, first_layout = shown(MANDATE, seed=42)
    again, again_layout = shown(MANDATE, seed=42)
    assert (first, first_layout) == (again, again_layout)
    orders = {shown(MANDATE, seed=seed)[1].choice_order for seed in range(40)}
    assert len(orders) > 5


def test_the_right_answer_is_not_always_the_first_choice() -> None:
    right_positions = set()
    for seed in range(40):
        presented, layout = shown(MANDATE, seed=seed)
        assert [c.id for c in presented.choices] == ["c0", "c1", "c2", "c3"]
        right_positions.add(layout.choice_order.index(0))
    assert right_positions == {0, 1, 2, 3}


def test_shuffle_false_keeps_the_order_of_the_file() -> None:
    presented, layout = shown(MANDATE, shuffle=False)
    assert layout.choice_order == (0, 1, 2, 3)
    assert [str(c.html) for c in presented.choices] == [
        str(Markup.escape(a.text)) for a in MANDATE.answers
    ]
    presented, layout = shown(FORMATS, shuffle=False)
    assert layout.prompt_order == (0, 1, 2, 3)
    assert layout.option_texts == (
        "adoption of texts",
        "solving one issue",
        "testing ideas",
        "voting by secret ballot",
    )


def test_matching_prompts_and_options_are_shuffled_by_the_seed() -> None:
    layouts = {shown(FORMATS, seed=seed)[1] for seed in range(20)}
    assert len({layout.prompt_order for layout in layouts}) > 3
    assert len({layout.option_texts for layout in layouts}) > 3


def test_the_presented_question_gives_nothing_away() -> None:
    for q in (MANDATE, BRIEF, SHARED_PAPER, NON_PAPER, ZOPA, FORMATS):
        presented, _ = shown(q)
        page = repr(presented)
        assert "fraction" not in page
        assert "feedback" not in page.lower()
        for answer in q.answers:
            if answer.feedback:
                assert answer.feedback not in page
        for secret in ("Right", "Half", "Close", "Correct", "Incorrect", "Formats differ"):
            assert secret not in page
    assert "non-paper" not in repr(shown(NON_PAPER)[0])
    assert "15" not in repr(shown(ZOPA)[0])
    assert "adoption" not in repr(shown(FORMATS)[0].prompts)


def test_a_missing_word_shows_a_visible_gap() -> None:
    q = one("A delegation may accept a text {=ad referendum ~by consensus} pending approval.")
    assert q.missing_word
    presented, _ = shown(q)
    assert presented.html.startswith('A delegation may accept a text <span class="quiz-gap"')
    assert presented.html.endswith("</span> pending approval.")
    assert presented.html.count("quiz-gap") == 1


def test_texts_are_rendered_by_their_format() -> None:
    q = one(
        "[markdown]Which is *right*?{"
        "=[markdown]The **first**#[markdown]Yes, *really*."
        "~[html]<b>Second</b><script>alert(1)</script>"
        "~[plain]<b>Third</b>}"
    )
    presented, layout = shown(q, shuffle=False)
    assert presented.html == Markup("<p>Which is <em>right</em>?</p>")
    assert [str(c.html) for c in presented.choices] == [
        "The <strong>first</strong>",
        "<b>Second</b>",
        "&lt;b&gt;Third&lt;/b&gt;",
    ]
    assert grade(q, layout, "c0").feedback == (Markup("<p>Yes, <em>really</em>.</p>"),)


def test_plain_text_keeps_its_line_breaks() -> None:
    q = Question("q", "Line one\nLine <two>", QuestionType.DESCRIPTION)
    assert shown(q)[0].html == Markup("Line one<br>\nLine &lt;two&gt;")


# --------------------------------------------------------------------------- tampering


@pytest.mark.parametrize(
    ("q", "response"),
    [
        (MANDATE, ["c0"]),  # a list for a single choice
        (MANDATE, "c4"),  # no such choice
        (MANDATE, "c00"),
        (MANDATE, "0"),  # an original index instead of an id
        (MANDATE, {"c0": "c1"}),
        (BRIEF, "c0"),  # one string where a list belongs
        (BRIEF, ["c0", "c0"]),  # the same choice twice, to count it twice
        (BRIEF, ["c0", "c9"]),
        (BRIEF, ["c0", 1]),
        (SHARED_PAPER, "yes"),
        (SHARED_PAPER, ["true"]),
        (NON_PAPER, ["non-paper"]),
        (ZOPA, {"value": "15"}),
        (FORMATS, ["o0", "o1"]),  # not a dict
        (FORMATS, "p0"),
        (FORMATS, {"p9": "o0"}),  # no such prompt
        (FORMATS, {"p0": "o9"}),  # no such option
        (FORMATS, {"p0": ["o0"]}),
        (one("Intro text only."), "an answer"),
        (one("Essay?{}"), ["text"]),
    ],
)
def test_tampered_responses_are_invalid(q: Question, response: object) -> None:
    _, layout = shown(q)
    with pytest.raises(InvalidResponse):
        grade(q, layout, response)  # type: ignore[arg-type]


def test_invalid_response_is_a_value_error_for_the_web_layer() -> None:
    assert issubclass(InvalidResponse, ValueError)


def test_a_layout_for_another_question_is_a_mismatch() -> None:
    _, brief_layout = shown(BRIEF)
    with pytest.raises(LayoutMismatch):
        grade(MANDATE, brief_layout, "c0")
    _, layout = shown(MANDATE)
    shorter = Layout(layout.key, choice_order=(0, 1, 2))
    with pytest.raises(LayoutMismatch):
        grade(MANDATE, shorter, "c0")
    _, match_layout = shown(FORMATS)
    changed = Layout(match_layout.key, match_layout.prompt_order, ("adoption of texts",))
    with pytest.raises(LayoutMismatch):
        grade(FORMATS, changed, None)
    assert not issubclass(LayoutMismatch, InvalidResponse)


# --------------------------------------------------------------------------- layout storage


@pytest.mark.parametrize("q", [MANDATE, FORMATS, ZOPA], ids=lambda q: q.name)
def test_layout_survives_a_json_column(q: Question) -> None:
    presented, layout = shown(q)
    stored = json.loads(json.dumps(layout.to_json()))
    restored = Layout.from_json(stored)
    assert restored == layout
    assert grade(q, restored, right_response(q, restored)).fraction == 1.0


@pytest.mark.parametrize(
    "data",
    [
        [],
        {},
        {"key": 1},
        {"key": "k", "choice_order": "012"},
        {"key": "k", "choice_order": [0, -1]},
        {"key": "k", "choice_order": [True]},
        {"key": "k", "choice_order": [1.0]},
        {"key": "k", "option_texts": [1]},
    ],
)
def test_layout_from_json_rejects_what_to_json_never_writes(data: object) -> None:
    with pytest.raises(ValueError, match="layout"):
        Layout.from_json(data)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- registry and speed


def test_every_question_type_has_a_grader() -> None:
    assert set(GRADERS) == set(QuestionType)


def _fifty_questions() -> list[Question]:
    kinds = [MANDATE, BRIEF, SHARED_PAPER, NON_PAPER, ZOPA, FORMATS, one("Essay?{}")]
    kinds.append(one("[markdown]Is **this** fast?{T#[markdown]*No*.#[markdown]*Yes*.}"))
    return [
        Question(
            f"{q.name} {n}",
            q.text,
            q.type,
            q.text_format,
            q.answers,
            q.pairs,
            q.general_feedback,
            idnumber=f"speed-{n}",
            correct=q.correct,
            feedback_wrong=q.feedback_wrong,
            feedback_wrong_format=q.feedback_wrong_format,
            feedback_right=q.feedback_right,
            feedback_right_format=q.feedback_right_format,
        )
        for n, q in ((n, kinds[n % len(kinds)]) for n in range(50))
    ]


def test_grading_a_fifty_question_attempt_is_fast() -> None:
    questions = _fifty_questions()
    rng = random.Random(1)
    shown_all = [present(q, rng) for q in questions]
    responses = [
        right_response(q, layout) or "an essay"
        for q, (_, layout) in zip(questions, shown_all, strict=True)
    ]
    started = time.perf_counter()
    results = [
        grade(q, layout, response)
        for q, (_, layout), response in zip(questions, shown_all, responses, strict=True)
    ]
    elapsed = time.perf_counter() - started
    assert elapsed < 0.2  # a loose sanity bound; the real budget (20 ms) is benchmarked elsewhere
    earned, possible = score(results)
    assert possible == 50.0
    assert earned == 50.0 - sum(1 for r in results if r.needs_grading)


# --------------------------------------------------------------------------- shipped banks


def _answer_every_question(path: Path, seed: int) -> list[Result]:
    questions = gift.parse(path.read_text(encoding="utf-8"), path.name).questions
    assert questions
    results = []
    for number, q in enumerate(questions):
        _, layout = present(q, random.Random(seed * 1000 + number))
        if q.type is QuestionType.ESSAY:
            # No answer is right by itself: a written answer waits for a trainer.
            essay = grade(q, Layout.from_json(layout.to_json()), "A written answer.")
            assert essay.needs_grading, q.name
            continue
        result = grade(q, Layout.from_json(layout.to_json()), right_response(q, layout))
        assert result.fraction == 1.0, (q.name, result)
        results.append(result)
    return results


def test_every_question_of_the_negotiation_bank_can_be_answered_right() -> None:
    results = _answer_every_question(QUIZZES / "negotiation-techniques.gift", seed=2024)
    assert len(results) >= 40
    assert score(results) == (float(len(results)), float(len(results)))
    assert all(result.right_answer for result in results)
    questions = gift.parse((QUIZZES / "negotiation-techniques.gift").read_text()).questions
    assert {q.type for q in questions} == {
        QuestionType.MULTIPLE_CHOICE,
        QuestionType.MULTIPLE_ANSWER,
        QuestionType.TRUE_FALSE,
        QuestionType.SHORT_ANSWER,
        QuestionType.NUMERICAL,
        QuestionType.MATCHING,
        QuestionType.ESSAY,
    }


@pytest.mark.skipif(not SHIPPED, reason="no shipped quizzes")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_question_can_be_answered_right(path: Path) -> None:
    for seed in (1, 2, 3):
        _answer_every_question(path, seed)
