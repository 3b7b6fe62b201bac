"""A negotiator reads the LMS on a 360-pixel phone: no page scrolls sideways, for any role; the
menu opens without JavaScript; the workbench shows the editor on the first screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.site_crawl import crawl, one_account_per_role, sign_in
from tests.conftest import DATA_DIR, PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser_page: Any) -> Iterator[Any]:
    """A new browser context per call, at a phone's size, on the served app."""
    contexts = []

    def open_phone(base_url: str, javascript: bool = True, locale: str = "en-GB") -> Any:
        context = browser_page.context.browser.new_context(
            base_url=base_url, viewport=PHONE, java_script_enabled=javascript, locale=locale
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def too_wide_pages(page: Any, base_url: str) -> tuple[dict[str, int], int]:
    """Walk the pages reachable from the home page; each that is wider than the phone."""
    too_wide: dict[str, int] = {}

    def measure(page: Any, path: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width

    visited = crawl(page, base_url, measure)
    return too_wide, visited


# Russian too: most readers' language, with longer words than English.
@pytest.mark.parametrize("locale", ["en-GB", "ru-RU"])
def test_no_page_of_any_role_scrolls_sideways_on_a_phone(demo_server, phone, locale):
    too_wide = {}
    for account in one_account_per_role():
        page = phone(demo_server, locale=locale)
        sign_in(page, account.email, DEMO_PASSWORD)
        wide, visited = too_wide_pages(page, demo_server)
        assert visited > 5, f"{account.role} reached only {visited} pages"
        too_wide |= {f"{account.role} {path}": width for path, width in wide.items()}
    assert too_wide == {}


def test_the_menu_opens_without_javascript_and_the_header_stays_small(demo_server, phone):
    page = phone(demo_server, javascript=False)
    learner = next(a for a in DEMO_ACCOUNTS if a.role == "learner")
    sign_in(page, learner.email, DEMO_PASSWORD)
    page.goto("/")
    catalogue = page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue")
    assert not catalogue.is_visible()
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= PHONE["height"] * 0.12  # a row, not a third of the screen
    page.get_by_text("Menu", exact=True).click()
    assert catalogue.is_visible()
    catalogue.click()
    assert urlsplit(page.url).path == "/catalog"


def test_the_workbench_shows_the_editor_first_with_the_brief_a_tap_away(
    browser_page, phone, make_user, live_server
):
    sync_content(DATA_DIR / "content")
    db.session.commit()
    learner = make_user()
    exercise = db.session.scalar(
        select(Item).where(Item.slug == "drafting-lab/transit/close-brackets")
    )
    page = phone(live_server)
    sign_in(page, learner.email, PASSWORD)
    page.goto(f"/drafting/{exercise.id}")
    editor = page.get_by_label("Your text")
    assert editor.bounding_box()["y"] < PHONE["height"]  # on the first screen
    page.get_by_role("link", name="Brief", exact=True).click()
    brief = page.get_by_role("heading", name="Brief", exact=True)
    assert 0 <= brief.bounding_box()["y"] < PHONE["height"]
