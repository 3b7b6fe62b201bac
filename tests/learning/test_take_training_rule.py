"""One rule for taking training, on every route: who takes training at all, then prerequisites.

People who do not take training (analysts) preview lessons, quizzes and the workbench, and
nothing they do is recorded, so progress and quiz statistics stay the learners' own.
"""

import pytest
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.auth.models import Role
from cartif_lms.content.models import Item, Module
from cartif_lms.content.snapshot import bump_content_version
from cartif_lms.drafting.models import DraftSubmission
from cartif_lms.learning.models import Completion
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt
from cartif_lms.quizzes.services import open_attempt

SECOND = "/tracks/basics/next-steps"
CHECK_PAGE = f"{SECOND}/check"
EXERCISE_PAGE = "/tracks/drafting-lab/transit/close-brackets"
TEXT = "Article 7\n1. Each Party shall accord freedom of transit.\n"


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def unlock(learner) -> None:
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, item(slug))
    db.session.commit()


@pytest.fixture
def analyst(make_user, login_as):
    person = make_user(role="analyst", country=None)
    login_as(person)
    return person


def test_an_analyst_reads_any_lesson_but_records_no_progress(
    client, curriculum, analyst, post_form
):
    page = client.get(f"{SECOND}/batna")  # behind a prerequisite for trainees
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The best alternative to a negotiated agreement" in html
    assert "Preview: your role does not take training" in html
    assert "Mark as complete" not in html
    refused = post_form(f"{SECOND}/batna/complete", {}, page=f"{SECOND}/batna")
    assert refused.status_code == 403
    assert count(Completion) == 0


def test_an_analyst_previews_a_quiz_and_no_attempt_is_recorded(
    client, curriculum, analyst, post_form
):
    panel = client.get(CHECK_PAGE).get_data(as_text=True)
    assert "Preview the questions" in panel
    assert "Start attempt" not in panel
    preview = client.get(f"/quiz/{item('basics/next-steps/check').id}/preview")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Who gives a delegation its mandate?" in html
    assert "Right:" not in html
    assert "the mandate comes from" not in html
    started = post_form(f"/quiz/{item('basics/next-steps/check').id}/start", {}, page=CHECK_PAGE)
    assert started.status_code == 403
    assert count(QuizAttempt) == 0


def test_an_analyst_previews_the_workbench_and_cannot_save_or_submit(
    client, curriculum, analyst, post_form
):
    exercise = item("drafting-lab/transit/close-brackets")
    workbench = f"/drafting/{exercise.id}"
    page = client.get(workbench)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Delegation A wants binding transit rules" in html  # the brief
    assert "<textarea" not in html
    assert "Submit for review" not in html
    for button in ("save", "submit"):
        refused = post_form(workbench, {"text": TEXT, button: "1"}, page=EXERCISE_PAGE)
        assert refused.status_code == 403
    assert count(DraftSubmission) == 0


@pytest.mark.parametrize(
    ("role", "takes_training"),
    [("learner", True), ("trainer", True), ("focal_point", True), ("admin", True)]
    + [("analyst", False)],
)
def test_every_role_that_takes_training_may_start_a_quiz_and_no_other(
    client, curriculum, make_user, login_as, post_form, role, takes_training
):
    person = make_user(role=role, country="KZ" if role in {"learner", "focal_point"} else None)
    if takes_training:
        unlock(person)
    login_as(person)
    response = post_form(f"/quiz/{item('basics/next-steps/check').id}/start", {}, page=CHECK_PAGE)
    assert response.status_code == (302 if takes_training else 403)
    assert count(QuizAttempt) == (1 if takes_training else 0)


def test_the_workbench_keeps_to_prerequisites_on_view_save_and_submit(
    client, curriculum, make_user, login_as, post_form
):
    transit = db.session.scalar(select(Module).where(Module.slug == "drafting-lab/transit"))
    first = db.session.scalar(select(Module).where(Module.slug == "basics/first-steps"))
    transit.prerequisites.append(first)
    bump_content_version()
    db.session.commit()
    learner = make_user()
    login_as(learner)
    workbench = f"/drafting/{item('drafting-lab/transit/close-brackets').id}"
    locked = client.get(workbench)
    html = locked.get_data(as_text=True)
    assert locked.status_code == 403
    assert "First steps" in html
    assert "<textarea" not in html
    for button in ("save", "submit"):
        refused = post_form(workbench, {"text": TEXT, button: "1"}, page="/catalog")
        assert refused.status_code == 403
    assert count(DraftSubmission) == 0
    unlock(learner)
    assert client.get(workbench).status_code == 200


def test_someone_who_no_longer_takes_training_cannot_submit_an_attempt(
    client, curriculum, make_user, login_as, post_form
):
    person = make_user()
    unlock(person)
    attempt = open_attempt(person, item("basics/next-steps/check"))
    db.session.commit()
    login_as(person)
    person.role = Role.analyst
    db.session.commit()
    page = f"/attempts/{attempt.id}"
    response = post_form(f"{page}/submit", {}, page=page)
    assert response.status_code == 403
    db.session.refresh(attempt)
    assert attempt.status is AttemptStatus.in_progress
    assert attempt.score is None


def test_a_trainee_takes_the_quiz_instead_of_previewing_its_whole_pool(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    unlock(learner)
    login_as(learner)
    response = client.get(f"/quiz/{item('basics/next-steps/check').id}/preview")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(CHECK_PAGE)
    assert count(QuizAttempt) == 0
