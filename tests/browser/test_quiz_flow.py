"""A negotiator takes a module check in a real browser and sees the feedback."""

import pytest

from cartif_lms import db
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR, PASSWORD
from tests.quizzes.conftest import item
from tests.quizzes.test_attempts import unlock

pytestmark = pytest.mark.browser


def test_take_a_quiz_and_see_the_result(browser_page, make_user):
    sync_content(DATA_DIR / "content")
    db.session.commit()
    learner = make_user()
    unlock(learner)
    assert item("basics/next-steps/check") is not None
    page = browser_page
    page.goto("/login")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/tracks/basics/next-steps/check")
    page.get_by_role("button", name="Start attempt").click()
    page.get_by_label("Its government").check()
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("Right: the mandate comes from").is_visible()
    assert page.get_by_text("Pass mark: 60%").is_visible()
