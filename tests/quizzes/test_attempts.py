"""A negotiator takes a quiz: answers stay secret, grading is on the server and counts once."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.learning.models import Completion
from cartif_lms.learning.services import TrainingRefused, mark_complete
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt
from cartif_lms.quizzes.services import QuizUnavailable, open_attempt
from tests.quizzes.conftest import CHECK, REDRAFT, item, right_answers

QUIZ_PAGE = "/tracks/basics/next-steps/check"


def unlock(learner):
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, item(slug))
    db.session.commit()


def start(client, post_form, page=QUIZ_PAGE):
    response = post_form(f"/quiz/{item_for(page).id}/start", {}, page=page)
    assert response.status_code == 302
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(QuizAttempt, attempt_id)


def item_for(page):
    return item(page.removeprefix("/tracks/"))


def multiple_choice_index(attempt):
    from cartif_lms.quizzes.gift import QuestionType
    from cartif_lms.quizzes.services import attempt_questions

    return next(
        i
        for i, q in enumerate(attempt_questions(attempt))
        if q.type is QuestionType.MULTIPLE_CHOICE
    )


def attempts_count():
    return db.session.scalar(select(func.count()).select_from(QuizAttempt))


def test_the_quiz_page_reveals_no_answer_before_submission(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    html = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Who gives a delegation its mandate?" in html
    for secret in (
        "Right:",
        "the mandate comes from",
        "Look again",
        "fraction",
        "correct",
        "#11",
        'value="11"',
    ):
        assert secret not in html
    mc = multiple_choice_index(attempt)
    assert re.findall(rf'name="q{mc}" value="(c\d)"', html) == ["c0", "c1", "c2"]


def test_a_reload_shows_the_same_questions_in_the_same_order(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    first = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    second = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", second)
    again = start(client, post_form)
    assert again.id == attempt.id, "starting again resumes the attempt in progress"


def test_right_answers_pass_complete_the_item_and_show_feedback(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    response = post_form(
        f"/attempts/{attempt.id}/submit", right_answers(attempt), page=f"/attempts/{attempt.id}"
    )
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert (attempt.status, attempt.score, attempt.passed) == (AttemptStatus.submitted, 100.0, True)
    done = db.session.scalar(
        select(Completion).where(
            Completion.user_id == learner.id, Completion.item_id == item(CHECK).id
        )
    )
    assert done is not None
    assert done.completed_at is not None
    result = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "100.0% · Passed" in result
    assert "Right: the mandate comes from" in result


def test_wrong_answers_fail_and_leave_the_item_open(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    post_form(f"/attempts/{attempt.id}/submit", {}, page=f"/attempts/{attempt.id}")
    db.session.refresh(attempt)
    assert (attempt.score, attempt.passed) == (0.0, False)
    assert (
        db.session.scalar(
            select(func.count()).select_from(Completion).where(Completion.item_id == item(CHECK).id)
        )
        == 0
    )


def test_a_second_submit_creates_nothing_and_changes_no_score(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    page = f"/attempts/{attempt.id}"
    post_form(f"{page}/submit", right_answers(attempt), page=page)
    resubmit = post_form(f"{page}/submit", {}, page=page)
    assert resubmit.status_code == 302
    db.session.refresh(attempt)
    assert attempt.score == 100.0
    assert attempts_count() == 1


def test_tampered_answers_get_400_and_change_nothing(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form)
    page = f"/attempts/{attempt.id}"
    mc = multiple_choice_index(attempt)
    unknown_choice = post_form(f"{page}/submit", {f"q{mc}": "c99"}, page=page)
    extra_question = post_form(f"{page}/submit", {"q42": "c0"}, page=page)
    assert unknown_choice.status_code == extra_question.status_code == 400
    db.session.refresh(attempt)
    assert attempt.status is AttemptStatus.in_progress
    assert attempt.score is None


def test_another_persons_attempt_is_not_found(client, curriculum, make_user, login_as, post_form):
    owner = make_user()
    unlock(owner)
    attempt = open_attempt(owner, item(CHECK))
    db.session.commit()
    login_as(make_user(country="GE"))
    assert client.get(f"/attempts/{attempt.id}").status_code == 404
    assert post_form(f"/attempts/{attempt.id}/submit", {}, page="/").status_code == 404
    db.session.refresh(attempt)
    assert attempt.status is AttemptStatus.in_progress


def test_a_locked_quiz_cannot_be_started(app, curriculum, make_user):
    learner = make_user()
    with pytest.raises(TrainingRefused, match="Finish the modules"):
        open_attempt(learner, item(CHECK))
    assert attempts_count() == 0


def test_attempt_limits_are_enforced_on_the_server(app, curriculum, make_user):
    from cartif_lms.quizzes.services import submit_attempt

    learner = make_user()
    unlock(learner)
    redraft = item(REDRAFT)  # Attempts: 2
    for _ in range(2):
        attempt = open_attempt(learner, redraft)
        submit_attempt(learner, attempt, _form({"q0": "An answer."}))
    with pytest.raises(QuizUnavailable, match="all 2 attempts"):
        open_attempt(learner, redraft)


def test_answers_after_the_time_limit_are_not_accepted(app, curriculum, make_user):
    from cartif_lms.quizzes.services import submit_attempt

    learner = make_user()
    unlock(learner)
    quiz = item(CHECK)
    quiz.settings = {**quiz.settings, "time_limit": 10}
    attempt = open_attempt(learner, quiz)
    late = attempt.deadline_at + timedelta(minutes=5)
    submit_attempt(learner, attempt, _form(right_answers(attempt)), now=late)
    assert attempt.late is True
    assert attempt.score == 0.0
    assert attempt.answers == {}


def test_an_essay_waits_for_a_trainer_who_grades_it_with_a_comment(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form, page="/tracks/basics/next-steps/redraft")
    page = f"/attempts/{attempt.id}"
    post_form(f"{page}/submit", right_answers(attempt), page=page)
    db.session.refresh(attempt)
    assert attempt.status is AttemptStatus.awaiting_grading
    assert attempt.passed is None
    assert "Awaiting grading" in client.get(page).get_data(as_text=True)

    with client.session_transaction() as session:
        session.clear()
    login_as(make_user(role="trainer", country=None))
    queue = client.get("/trainer/grading").get_data(as_text=True)
    assert f"#{attempt.id}" in queue
    grade_page = f"/trainer/attempts/{attempt.id}/grade"
    response = post_form(grade_page, {"grade_0": "80", "comment_0": "Good: 'shall' binds."})
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert (attempt.status, attempt.score, attempt.passed) == (AttemptStatus.graded, 80.0, True)
    assert attempt.results["0"]["comment"] == "Good: 'shall' binds."
    assert f"#{attempt.id}" not in client.get("/trainer/grading").get_data(as_text=True)


def test_a_learner_cannot_reach_the_grading_queue(client, curriculum, make_user, login_as):
    login_as(make_user())
    assert client.get("/trainer/grading").status_code == 403


def _form(data):
    from werkzeug.datastructures import MultiDict

    return MultiDict(data)
