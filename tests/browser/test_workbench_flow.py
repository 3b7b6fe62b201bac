"""A negotiator opens the drafting workbench for the first time, types, and saves."""

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.drafting.models import DraftSubmission
from tests.conftest import DATA_DIR, PASSWORD

pytestmark = pytest.mark.browser


def test_type_into_the_editor_before_any_draft_exists_and_save(browser_page, make_user):
    sync_content(DATA_DIR / "content")
    db.session.commit()
    learner = make_user()
    exercise = db.session.scalar(
        select(Item).where(Item.slug == "drafting-lab/transit/close-brackets")
    )
    page = browser_page
    page.goto("/login")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/drafting/{exercise.id}")
    editor = page.get_by_label("Your text")
    assert editor.is_editable()
    editor.press("Control+End")
    editor.press_sequentially("\n3. Typed on first open.")
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Draft saved.").is_visible()
    db.session.expire_all()
    saved = db.session.scalar(select(DraftSubmission).where(DraftSubmission.user_id == learner.id))
    assert saved is not None
    assert saved.text.endswith("3. Typed on first open.")
