"""The header's unread count, the home page's latest notifications, "mark all read", the
e-mail preference, and ``lms notify-due`` telling each due thing once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.directory.models import Designation, DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.drafting.models import DraftReview
from cartif_lms.drafting.services import submit_draft
from cartif_lms.signals import account_requested
from tests.conftest import csrf_token_from
from tests.drafting.conftest import CLEAN, EXERCISE
from tests.notifications.conftest import notifications_of


def _requests(app, focal, *names):
    for number, name in enumerate(names, start=1):
        kz = country_by_code("KZ")
        account_requested.send(app, country_id=kz.id, request_id=number, name=name, at=None)
    db.session.commit()


def test_the_header_counts_unread_and_the_home_page_lists_the_latest(
    app, client, make_user, login_as
):
    focal = make_user(role="focal_point")
    _requests(app, focal, "Aigerim N.", "Daniyar K.")
    login_as(focal)
    home = client.get("/").get_data(as_text=True)
    assert 'aria-label="2 unread">2</span>' in home
    assert "Daniyar K. asked for an account" in home
    assert home.index("Daniyar K.") < home.index("Aigerim N.")  # newest first
    page = client.get("/notifications").get_data(as_text=True)
    assert "Mark all read" in page


def test_mark_all_read_is_a_csrf_protected_post(app, client, make_user, login_as):
    focal = make_user(role="focal_point")
    _requests(app, focal, "Aigerim N.")
    login_as(focal)
    assert client.post("/notifications/read").status_code == 400  # no CSRF token
    token = csrf_token_from(client.get("/notifications").get_data(as_text=True))
    response = client.post("/notifications/read", data={"csrf_token": token})
    assert response.status_code == 302
    assert all(n.read_at is not None for n in notifications_of(focal))
    db.session.refresh(focal)
    assert focal.unread_notifications == 0
    page = client.get("/notifications").get_data(as_text=True)
    assert "unread</span>" not in page
    assert "Mark all read" not in page
    assert "Aigerim N. asked for an account" in page  # read, still listed


def test_the_page_says_whether_mail_comes_and_sends_to_the_profile_to_change_it(
    app, client, make_user, login_as
):
    """The switch itself is on the profile (tests/auth/test_profile.py)."""
    learner = make_user()
    login_as(learner)
    page = client.get("/notifications").get_data(as_text=True)
    assert "New notifications also come to you by e-mail." in page
    assert 'href="/account/profile"' in page
    learner.email_notifications = False
    page = client.get("/notifications").get_data(as_text=True)
    assert "Notifications do not come to you by e-mail." in page


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/notifications").status_code == 302


def test_notify_due_tells_about_ending_designations_and_overdue_reviews_once(
    app, runner, make_user, curriculum
):
    focal = make_user(role="focal_point")
    holder = make_user(name="Holder")
    far = make_user()
    today = utcnow().date()
    kz = country_by_code("KZ")
    for person, ends in ((holder, today + timedelta(days=30)), (far, today + timedelta(days=90))):
        designation = designate(
            focal,
            kz,
            DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2024, 1, 1)),
        )
        designation.valid_until = ends
    exercise = curriculum(EXERCISE)
    submit_draft(make_user(country="KZ"), exercise, CLEAN)
    reviewer = make_user(country="GE")
    submit_draft(reviewer, exercise, CLEAN)
    db.session.execute(update(DraftReview).values(allocated_at=utcnow() - timedelta(days=20)))
    db.session.commit()

    first = runner.invoke(args=["lms", "notify-due"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("4 new notification(s)")  # holder, focal point, 2 reviewers
    second = runner.invoke(args=["lms", "notify-due"])
    assert second.output.startswith("0 new notification(s)")

    [ending] = [n for n in notifications_of(holder) if n.kind == "designation_expiring"]
    assert ending.payload["values"]["until"] == (today + timedelta(days=30)).isoformat()
    [told_focal] = [n for n in notifications_of(focal) if n.kind == "designation_expiring"]
    assert told_focal.payload["endpoint"] == "lms.directory.designations"
    assert not [n for n in notifications_of(far) if n.kind == "designation_expiring"]
    assert [n.kind for n in notifications_of(reviewer)].count("peer_review_overdue") == 1
    assert db.session.get(Designation, ending.subject_id).user_id == holder.id
