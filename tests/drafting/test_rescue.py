"""Text posted after a session expired is kept for its writer: within limits, for a while only."""

from datetime import timedelta

from sqlalchemy import func, select, update

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.drafting.models import DraftRescue, DraftSubmission
from tests.conftest import PASSWORD, csrf_token_from
from tests.drafting.conftest import CLEAN

TYPED = CLEAN + "3. Text typed while the session was expiring.\n"
IDLE = timedelta(hours=9)  # past LMS_SESSION_IDLE_MINUTES (480)


def url(exercise):
    return f"/drafting/{exercise.id}"


def rescued() -> list[DraftRescue]:
    db.session.expire_all()
    return list(db.session.scalars(select(DraftRescue)))


def draft_of(user):
    db.session.expire_all()
    return db.session.scalar(select(DraftSubmission).where(DraftSubmission.user_id == user.id))


def post_after_expiry(client, exercise, text: str):
    """The learner had the workbench open, went away, came back and pressed Save."""
    token = csrf_token_from(client.get(url(exercise)).get_data(as_text=True))
    return token, lambda: client.post(
        url(exercise), data={"text": text, "save": "1", "csrf_token": token}
    )


def sign_in(client, user):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_the_kept_text_waits_for_its_writer_on_any_device(
    server, client, exercise, make_user, login_as, leave_idle
):
    learner = make_user()
    login_as(learner)
    _token, save = post_after_expiry(client, exercise, TYPED)
    leave_idle(learner, IDLE)
    assert "/login" in save().headers["Location"]
    assert [r.user_id for r in rescued()] == [learner.id]

    laptop = server.test_client()
    sign_in(laptop, learner)
    page = laptop.get(url(exercise)).get_data(as_text=True)
    assert "was kept and saved" in page
    assert draft_of(learner).text == TYPED
    assert rescued() == []  # taken: a second visit does not restore it again


def test_someone_else_signing_in_on_that_browser_does_not_get_the_text(
    client, exercise, make_user, login_as, leave_idle
):
    learner, colleague = make_user(), make_user()
    login_as(learner)
    _token, save = post_after_expiry(client, exercise, TYPED)
    leave_idle(learner, IDLE)
    save()

    sign_in(client, colleague)
    page = client.get(url(exercise)).get_data(as_text=True)
    assert "Text typed while the session was expiring." not in page
    assert draft_of(colleague) is None
    assert len(rescued()) == 1  # still waiting for its writer


def test_only_one_text_per_person_and_exercise_is_kept(
    client, exercise, make_user, login_as, leave_idle
):
    learner = make_user()
    login_as(learner)
    token, _save = post_after_expiry(client, exercise, TYPED)
    leave_idle(learner, IDLE)
    for number in range(3):
        client.post(
            url(exercise), data={"text": f"{CLEAN}Try {number}\n", "save": "1", "csrf_token": token}
        )
    assert [r.text for r in rescued()] == [f"{CLEAN}Try 2\n"]


def test_text_larger_than_a_draft_is_not_kept(client, exercise, make_user, login_as, leave_idle):
    learner = make_user()
    login_as(learner)
    _token, save = post_after_expiry(client, exercise, "x" * 250_000)
    leave_idle(learner, IDLE)
    response = save()
    assert rescued() == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "this text is too large to keep" in page


def test_text_sent_after_signing_out_or_by_a_visitor_is_not_kept(
    client, exercise, make_user, login_as, post_form
):
    login_as(make_user())
    token, save = post_after_expiry(client, exercise, TYPED)
    post_form("/logout", {}, page="/")
    assert "/login" in save().headers["Location"]

    visitor_token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post(url(exercise), data={"text": TYPED, "save": "1", "csrf_token": visitor_token})
    assert rescued() == []


def test_kept_text_is_purged_after_lms_rescued_text_days(
    server, client, exercise, make_user, login_as, leave_idle
):
    learner = make_user()
    login_as(learner)
    _token, save = post_after_expiry(client, exercise, TYPED)
    leave_idle(learner, IDLE)
    save()
    days = server.config["LMS_RESCUED_TEXT_DAYS"]
    db.session.execute(
        update(DraftRescue).values(created_at=utcnow() - timedelta(days=days, minutes=1))
    )
    db.session.commit()

    sign_in(server.test_client(), make_user())  # anyone's sign-in purges

    assert db.session.scalar(select(func.count()).select_from(DraftRescue)) == 0
    sign_in(client, learner)
    assert "was kept and saved" not in client.get(url(exercise)).get_data(as_text=True)
    assert draft_of(learner) is None
