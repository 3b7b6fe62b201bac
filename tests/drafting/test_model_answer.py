"""The workbench works on first open, and the model answer keeps to one rule on every page:
never before the learner's first submission; then to the learner and trainers, never peers."""

import re

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.drafting.models import DraftReview, DraftStatus, DraftSubmission
from cartif_lms.drafting.services import submit_draft
from tests.drafting.conftest import CLEAN

#: Words of the model answer's explanation, which appear nowhere else in the exercise.
MODEL_ANSWER = "The binding verb wins"
ITEM_PAGE = "/tracks/drafting-lab/transit/close-brackets"


def url(exercise):
    return f"/drafting/{exercise.id}"


def textarea(html: str) -> str:
    match = re.search(r"<textarea[^>]*>", html)
    assert match, "no editor on the page"
    return match.group(0)


def test_the_editor_can_be_typed_into_before_any_draft_exists(
    client, exercise, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "readonly" not in textarea(page)
    assert "Save draft" in page
    assert "Submit for review" in page
    response = post_form(url(exercise), {"text": CLEAN, "save": "1"})
    assert response.status_code == 302
    saved = db.session.scalar(select(DraftSubmission).where(DraftSubmission.user_id == learner.id))
    assert saved.text == CLEAN
    assert saved.status is DraftStatus.draft


def test_a_submitted_draft_is_read_only_until_the_trainer_asks_for_a_revision(
    client, exercise, make_user, login_as, post_form
):
    login_as(make_user())
    post_form(url(exercise), {"text": CLEAN, "submit": "1"})
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "readonly" in textarea(page)
    assert "Save draft" not in page


def test_the_model_answer_is_hidden_before_the_first_submission_on_every_page(
    client, exercise, make_user, login_as, post_form
):
    login_as(make_user())
    assert MODEL_ANSWER not in client.get(ITEM_PAGE).get_data(as_text=True)
    assert MODEL_ANSWER not in client.get(url(exercise)).get_data(as_text=True)
    post_form(url(exercise), {"text": CLEAN, "save": "1"})
    saved = client.get(url(exercise)).get_data(as_text=True)
    assert MODEL_ANSWER not in saved
    assert "compared with the model answer" not in saved


def test_the_first_submission_reveals_the_model_answer_in_the_workbench(
    client, exercise, make_user, login_as, post_form
):
    login_as(make_user())
    post_form(url(exercise), {"text": CLEAN, "submit": "1"})
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "compared with the model answer" in page
    assert MODEL_ANSWER in page
    # The item page is the same for everyone: it never carries the model answer.
    assert MODEL_ANSWER not in client.get(ITEM_PAGE).get_data(as_text=True)


def test_peer_reviewers_never_see_the_model_answer_and_trainers_do(
    client, exercise, make_user, login_as
):
    author = make_user(country="KZ")
    version = submit_draft(author, exercise, CLEAN)
    peer = make_user(country="GE")
    submit_draft(peer, exercise, CLEAN)
    db.session.commit()
    assignment = db.session.scalar(select(DraftReview).where(DraftReview.reviewer_id == peer.id))
    login_as(peer)
    peer_page = client.get(f"/drafting/reviews/{assignment.id}").get_data(as_text=True)
    assert "Close the brackets" in peer_page
    assert MODEL_ANSWER not in peer_page
    assert "model answer" not in peer_page
    with client.session_transaction() as session:
        session.clear()
    login_as(make_user(role="trainer", country=None))
    review_page = client.get(f"/trainer/drafts/{version.id}").get_data(as_text=True)
    assert "Compared with the model answer" in review_page


def test_a_preview_never_shows_the_model_answer(client, exercise, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    assert MODEL_ANSWER not in client.get(url(exercise)).get_data(as_text=True)
    assert MODEL_ANSWER not in client.get(ITEM_PAGE).get_data(as_text=True)


def test_the_reviewed_workbench_ends_with_the_next_step(
    client, exercise, make_user, login_as, post_form
):
    login_as(make_user())
    assert "Next step" not in client.get(url(exercise)).get_data(as_text=True)
    post_form(url(exercise), {"text": CLEAN, "submit": "1"})
    page = client.get(url(exercise)).get_data(as_text=True)
    next_step = page[page.index("Next step") :]
    # The draft waits for review and the track holds nothing else.
    assert "Nothing else in this track can be done now" in next_step
    assert 'href="/tracks/drafting-lab/"' in next_step
