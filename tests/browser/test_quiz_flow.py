"""A negotiator takes a module check in a real browser and sees the feedback."""

import pytest

from cartif_lms import db
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR, PASSWORD
from tests.quizzes.conftest import item
from tests.quizzes.test_attempts import unlock

pytestmark = pytest.mark.browser


def start_the_check(page, make_user):
    """A learner who may take the module check signs in and starts an attempt."""
    sync_content(DATA_DIR / "content")
    db.session.commit()
    learner = make_user()
    unlock(learner)
    assert item("basics/next-steps/check") is not None
    page.goto("/login")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/tracks/basics/next-steps/check")
    page.get_by_role("button", name="Start attempt").click()


def test_take_a_quiz_and_see_the_result(browser_page, make_user):
    page = browser_page
    start_the_check(page, make_user)
    page.get_by_label("Its government").check()
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("Right: the mandate comes from").is_visible()
    assert page.get_by_text("Pass mark: 60%").is_visible()


def test_an_answer_is_saved_as_it_is_given_and_is_there_after_a_reload(browser_page, make_user):
    page = browser_page
    start_the_check(page, make_user)
    page.get_by_label("Its government").check()
    question = page.locator("fieldset.question", has=page.get_by_label("Its government"))
    question.locator(".save-status", has_text="Saved").wait_for()

    page.reload()  # as after a dropped connection, or on another device
    assert page.get_by_label("Its government").is_checked()
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("Right: the mandate comes from").is_visible()
