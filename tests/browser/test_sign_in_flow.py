"""A negotiator signs in, sees their home page and signs out, in a real browser."""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(os.environ.get("LMS_SCREENSHOT_DIR", "/tmp/cartif-lms-screenshots"))


def test_login_home_logout(browser_page, make_user):
    person = make_user(name="Nino Kapanadze", country="GE")
    page = browser_page
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Welcome, Nino Kapanadze").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto("/admin/users")
    assert "/login" in page.url


def test_a_wrong_password_shows_the_message_beside_the_form(browser_page, make_user):
    person = make_user()
    page = browser_page
    page.goto("/login")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("The email or the password is not correct.").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "login.png"), full_page=True)
