"""A negotiator guesses: a penalised single-choice answer costs points, as in Moodle, but an
attempt never scores below 0 %."""

from cartif_lms import db
from cartif_lms.quizzes.models import QuizAttempt
from cartif_lms.quizzes.services import attempt_questions, bank_by_slug
from tests.quizzes.test_attempts import start, unlock

#: The test curriculum's check quiz draws basics/auto; these two questions replace its bank.
PENALTIES = """$CATEGORY: basics/auto

::Mandate::Who gives a delegation its mandate? {=Its government ~%-50%The other side ~The chair}

::Chair::Who runs the plenary? {=The chair ~%-100%The secretariat ~The host country}
"""


def choose(attempt: QuizAttempt, labels: set[str]) -> dict[str, str]:
    """The form a learner sends who picks, in each question, the choice with one of ``labels``."""
    form = {}
    for i, (question, layout) in enumerate(
        zip(attempt_questions(attempt), attempt.layouts, strict=True)
    ):
        index = next(n for n, answer in enumerate(question.answers) if answer.text in labels)
        form[f"q{i}"] = f"c{layout['choice_order'].index(index)}"
    return form


def take_check_quiz(client, make_user, login_as, post_form, labels: set[str]) -> QuizAttempt:
    bank = bank_by_slug("basics")
    bank.source = PENALTIES
    db.session.commit()
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    page = f"/attempts/{attempt.id}"
    response = post_form(f"{page}/submit", choose(attempt, labels), page=page)
    assert response.status_code == 302
    db.session.refresh(attempt)
    return attempt


def by_key(attempt: QuizAttempt) -> dict[str, float]:
    names = {str(i): q.name for i, q in enumerate(attempt_questions(attempt))}
    return {names[i]: result["fraction"] for i, result in attempt.results.items()}


def test_a_penalised_answer_costs_points_in_the_attempt(
    client, curriculum, make_user, login_as, post_form
):
    attempt = take_check_quiz(
        client, make_user, login_as, post_form, {"The other side", "The chair"}
    )
    assert by_key(attempt) == {"Mandate": -0.5, "Chair": 1.0}
    assert (attempt.score, attempt.passed) == (25.0, False)  # (1 - 0.5) of 2 points
    page = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Points: -0.5 of 1.0" in page


def test_only_penalised_answers_score_zero_not_below(
    client, curriculum, make_user, login_as, post_form
):
    attempt = take_check_quiz(
        client, make_user, login_as, post_form, {"The other side", "The secretariat"}
    )
    assert by_key(attempt) == {"Mandate": -0.5, "Chair": -1.0}
    assert (attempt.score, attempt.passed) == (0.0, False)
