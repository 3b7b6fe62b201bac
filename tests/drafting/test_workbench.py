"""A negotiator drafts in the workbench: saves, submits, and never loses what was typed."""

from datetime import timedelta

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.drafting.models import DraftStatus, DraftSubmission, DraftVersion
from tests.conftest import PASSWORD, csrf_token_from
from tests.drafting.conftest import CLEAN


def url(exercise):
    return f"/drafting/{exercise.id}"


def submission(user):
    db.session.expire_all()
    return db.session.scalar(select(DraftSubmission).where(DraftSubmission.user_id == user.id))


def test_the_workbench_shows_the_highlighted_source_and_an_editor_with_it(
    client, exercise, make_user, login_as
):
    login_as(make_user())
    page = client.get(url(exercise)).get_data(as_text=True)
    assert 'class="treaty-bracket"' in page
    assert 'class="treaty-endeavour"' in page
    assert '<textarea class="draft-text"' in page
    assert "Each Party [shall / shall endeavour to] accord" in page
    assert "Brackets balanced" in page  # the analysis of the text in the editor
    assert "<script" not in page  # works without JavaScript


def test_save_draft_keeps_the_text_on_the_server(client, exercise, make_user, login_as, post_form):
    learner = make_user()
    login_as(learner)
    response = post_form(url(exercise), {"text": CLEAN, "save": "1"})
    assert response.status_code == 302
    assert submission(learner).text == CLEAN
    assert "Fees imposed on transit" in client.get(url(exercise)).get_data(as_text=True)


def test_a_session_that_timed_out_loses_nothing(client, exercise, make_user, login_as, leave_idle):
    learner = make_user()
    login_as(learner)
    page = client.get(url(exercise)).get_data(as_text=True)
    token = csrf_token_from(page)
    leave_idle(learner, timedelta(days=1))  # a day away from the keyboard
    typed = CLEAN + "3. Text typed just before the session ended.\n"
    response = client.post(url(exercise), data={"text": typed, "save": "1", "csrf_token": token})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert submission(learner) is None

    login = client.get("/login").get_data(as_text=True)
    client.post(
        response.headers["Location"],
        data={"email": learner.email, "password": PASSWORD, "csrf_token": csrf_token_from(login)},
    )
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "Text typed just before the session ended." in page
    assert "was kept and saved" in page
    assert "Text typed just before the session ended." in submission(learner).text


def test_empty_and_oversized_drafts_are_refused_with_a_message(
    client, exercise, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    post_form(url(exercise), {"text": CLEAN, "save": "1"})
    empty = post_form(url(exercise), {"text": "   ", "save": "1"})
    huge = post_form(url(exercise), {"text": "x" * 210_000, "save": "1"})
    assert "The draft is empty." in empty.get_data(as_text=True)
    assert "200 KB" in huge.get_data(as_text=True)
    assert "Fees imposed on transit" in submission(learner).text  # the saved draft is untouched


def test_submitting_freezes_a_version_and_shows_the_comparison_with_the_source(
    client, exercise, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    post_form(url(exercise), {"text": CLEAN, "submit": "1"})
    mine = submission(learner)
    assert mine.status is DraftStatus.submitted
    assert db.session.scalar(select(func.count()).select_from(DraftVersion)) == 1
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "compared with the source" in page
    assert "<del>[</del>" in page or "<del>[" in page  # the closed brackets show as deleted
    again = post_form(url(exercise), {"text": CLEAN, "submit": "1"})
    assert "already waiting for review" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(DraftVersion)) == 1


def test_a_signed_out_visitor_cannot_open_the_workbench(client, exercise):
    response = client.get(url(exercise))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
