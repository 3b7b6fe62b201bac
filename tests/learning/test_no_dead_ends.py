"""A learner is never stranded: a pre-test never holds anything back, and every next-step link
points at something they can do now, never at a spent quiz, a locked item or a finished one."""

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select
from werkzeug.datastructures import MultiDict

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.learning.models import Completion, TrackCompletion
from cartif_lms.learning.services import continue_point, mark_complete, next_step
from cartif_lms.quizzes.models import QuizAttempt
from cartif_lms.quizzes.services import (
    complete_submitted_pre_tests,
    grade_essays,
    open_attempt,
    submit_attempt,
)
from tests.conftest import DATA_DIR
from tests.quizzes.conftest import right_answers

FIRST = "/tracks/basics/first-steps"
SECOND = "/tracks/basics/next-steps"
PRE_TEST = """Title: Where you start
Kind: quiz
Bank: basics
Category: basics/auto
Test: pre-test

Answer what you can before the track.
"""


@pytest.fixture
def curriculum(app, tmp_path):
    """The small curriculum, its first module opening with a one-attempt pre-test."""
    content = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", content)
    (content / "courses/basics/01-first-steps/00-pre-test.md").write_text(PRE_TEST)
    sync_content(content)
    db.session.commit()


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def completed(learner, slug: str) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Completion)
            .where(
                Completion.user_id == learner.id,
                Completion.item_id == item(slug).id,
                Completion.completed_at.is_not(None),
            )
        )
    )


def fail(learner, slug: str) -> QuizAttempt:
    """Submit an attempt with no answer at all: 0%."""
    attempt = open_attempt(learner, item(slug))
    submit_attempt(learner, attempt, MultiDict())
    db.session.commit()
    return attempt


def read_first_module(learner) -> None:
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, item(slug))
    db.session.commit()


def test_a_failed_pre_test_is_done_and_the_next_module_still_opens(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    attempt = fail(learner, "basics/first-steps/pre-test")
    assert (attempt.score, attempt.passed) == (0.0, False)
    assert completed(learner, "basics/first-steps/pre-test")
    read_first_module(learner)
    login_as(learner)
    assert client.get(f"{SECOND}/batna").status_code == 200


def test_the_pre_test_result_says_it_does_not_count_and_leads_on(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    page = f"{FIRST}/pre-test"
    panel = client.get(page).get_data(as_text=True)
    assert "does not count towards passing" in panel
    assert "Pass mark" not in panel
    started = post_form(f"/quiz/{item('basics/first-steps/pre-test').id}/start", {}, page=page)
    result_page = started.headers["Location"]
    post_form(f"{result_page}/submit", {}, page=result_page)
    result = client.get(result_page).get_data(as_text=True)
    assert "Your starting point: 0.0%" in result
    assert "shows where you start" in result
    assert "does not count" in result
    assert "Not passed" not in result
    next_step_section = result[result.index("Next step") :]
    assert f'href="{FIRST}/mandates"' in next_step_section


def test_pre_tests_submitted_before_this_rule_are_completed_by_init_db(
    runner, curriculum, make_user
):
    """An older database kept failed pre-tests unfinished; ``lms init-db`` settles them."""
    learner = make_user()
    fail(learner, "basics/first-steps/pre-test")
    db.session.execute(delete(Completion).where(Completion.user_id == learner.id))
    db.session.commit()
    assert not completed(learner, "basics/first-steps/pre-test")
    result = runner.invoke(args=["lms", "init-db"])
    assert result.exit_code == 0, result.output
    assert "1 submitted pre-test(s) now count as done." in result.output
    db.session.expire_all()
    assert completed(learner, "basics/first-steps/pre-test")
    assert complete_submitted_pre_tests() == 0  # safe to repeat


def test_continue_never_points_at_a_spent_quiz(client, curriculum, make_user, login_as):
    learner = make_user()
    fail(learner, "basics/first-steps/pre-test")
    read_first_module(learner)
    mark_complete(learner, item("basics/next-steps/batna"))
    check = item("basics/next-steps/check")
    check.settings = {**check.settings, "attempts": 1}
    fail(learner, "basics/next-steps/check")
    assert continue_point(learner).slug == "basics/next-steps/redraft"
    login_as(learner)
    home = client.get("/").get_data(as_text=True)
    assert f"{SECOND}/redraft" in home
    assert f"{SECOND}/check" not in home
    track = client.get("/tracks/basics/").get_data(as_text=True)
    assert "Continue: Redraft a clause" in track


def test_marking_a_lesson_complete_never_leads_to_a_locked_or_finished_item(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    # Read out of order: the module after is still locked, so go back to what is left.
    after_positions = post_form(f"{FIRST}/positions/complete", {}, page=f"{FIRST}/positions")
    assert after_positions.headers["Location"].endswith(f"{FIRST}/pre-test")
    fail(learner, "basics/first-steps/pre-test")
    # Positions is done already: skip it, into the module that has just opened.
    after_mandates = post_form(f"{FIRST}/mandates/complete", {}, page=f"{FIRST}/mandates")
    assert after_mandates.headers["Location"].endswith(f"{SECOND}/batna")


def test_a_failed_check_with_attempts_left_leads_back_to_it_when_nothing_else_is_open(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    fail(learner, "basics/first-steps/pre-test")
    read_first_module(learner)
    mark_complete(learner, item("basics/next-steps/batna"))
    essay = open_attempt(learner, item("basics/next-steps/redraft"))
    submit_attempt(learner, essay, MultiDict({"q0": "Each Party shall publish its rules."}))
    attempt = fail(learner, "basics/next-steps/check")
    login_as(learner)
    result = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Not passed" in result
    next_step_section = result[result.index("Next step") :]
    assert f'href="{SECOND}/check"' in next_step_section


def test_while_everything_left_waits_for_a_trainer_the_result_page_says_so(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    fail(learner, "basics/first-steps/pre-test")
    read_first_module(learner)
    mark_complete(learner, item("basics/next-steps/batna"))
    check = open_attempt(learner, item("basics/next-steps/check"))
    submit_attempt(learner, check, MultiDict(right_answers(check)))
    essay = open_attempt(learner, item("basics/next-steps/redraft"))
    submit_attempt(learner, essay, MultiDict({"q0": "Each Party shall publish its rules."}))
    db.session.commit()
    step = next_step(learner, item("basics/next-steps/redraft").module.track_id)
    assert step.item is None
    assert step.waiting
    assert continue_point(learner) is None
    login_as(learner)
    result = client.get(f"/attempts/{essay.id}").get_data(as_text=True)
    assert "Awaiting grading" in result
    assert "Nothing else in this track can be done now" in result
    assert 'href="/tracks/basics/"' in result[result.index("Next step") :]


def test_finishing_a_track_says_so_and_offers_the_next_one(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    page = "/tracks/drafting-dive/brackets/reading"
    response = post_form(f"{page}/complete", {}, page=page)
    assert db.session.scalar(select(func.count()).select_from(TrackCompletion)) == 1
    assert response.headers["Location"].endswith("/tracks/drafting-dive/")
    step = next_step(learner, item("drafting-dive/brackets/reading").module.track_id)
    assert step.track_complete
    assert step.item is None


def test_a_deadline_passed_attempt_is_still_a_result_with_a_next_step(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    pre_test = item("basics/first-steps/pre-test")
    pre_test.settings = {**pre_test.settings, "time_limit": 5}
    attempt = open_attempt(learner, pre_test)
    late = attempt.deadline_at + timedelta(minutes=10)
    submit_attempt(learner, attempt, MultiDict(right_answers(attempt)), now=late)
    db.session.commit()
    assert attempt.late
    assert completed(learner, "basics/first-steps/pre-test")
    login_as(learner)
    result = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "after the time limit" in result
    assert f'href="{FIRST}/mandates"' in result[result.index("Next step") :]


def finish_basics(learner, make_user) -> QuizAttempt:
    """Every item of the basics track, the essay graded by a trainer; returns that attempt."""
    fail(learner, "basics/first-steps/pre-test")
    read_first_module(learner)
    mark_complete(learner, item("basics/next-steps/batna"))
    check = open_attempt(learner, item("basics/next-steps/check"))
    submit_attempt(learner, check, MultiDict(right_answers(check)))
    essay = open_attempt(learner, item("basics/next-steps/redraft"))
    submit_attempt(learner, essay, MultiDict({"q0": "Each Party shall publish its rules."}))
    grade_essays(make_user(role="trainer", country=None), essay, {"0": (80.0, "Binding.")})
    db.session.commit()
    return essay


def test_a_learner_who_finished_a_track_is_never_sent_back_to_it(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    essay = finish_basics(learner, make_user)
    assert db.session.scalar(select(func.count()).select_from(TrackCompletion)) == 1
    login_as(learner)
    result = client.get(f"/attempts/{essay.id}").get_data(as_text=True)
    next_step_section = result[result.index("Next step") :]
    assert "You have completed the track “Basics of negotiation”" in next_step_section
    assert 'href="/catalog"' in next_step_section
    home = client.get("/").get_data(as_text=True)
    start_here = home[home.index("Start here") :]
    assert "Deep dive on transit" in start_here
    assert "/tracks/basics/" not in start_here
