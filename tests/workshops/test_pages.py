"""Trainers schedule workshops in the browser; bad input is refused with a message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.notifications.models import Notification
from cartif_lms.workshops.models import AttendanceMode, Workshop, WorkshopSession
from cartif_lms.workshops.registration import register
from cartif_lms.workshops.times import to_local


def _session_form(starts, ends, zone="Asia/Tbilisi", **extra):
    return {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": zone,
        "mode": "hybrid",
        "capacity_in_person": "20",
        "capacity_online": "40",
        "facilitator": "0",
        "required": "y",
        **extra,
    }


def test_a_trainer_schedules_a_workshop_and_its_session_in_local_time(trainer, login_as, post_form):
    login_as(trainer)
    reply = post_form(
        "/workshops/new",
        {
            "title": "Zero round: plenary",
            "kind": "zero_round_plenary",
            "area": "0",
            "policy": "open",
            "close_hours": "24",
            "attendance_threshold": "80",
            "post_test": "0",
        },
    )
    assert reply.status_code == 302
    workshop = db.session.scalars(select(Workshop)).one()
    starts = utcnow().replace(microsecond=0, second=0) + timedelta(days=10)
    local = to_local(starts, "Asia/Tbilisi").replace(tzinfo=None)
    reply = post_form(
        f"/workshops/{workshop.id}/sessions/new",
        _session_form(local, local + timedelta(hours=3)),
    )
    assert reply.status_code == 302
    session = db.session.scalars(select(WorkshopSession)).one()
    assert session.starts_at == starts  # stored in UTC
    assert session.time_zone == "Asia/Tbilisi"


def test_a_session_ending_before_it_starts_or_in_an_unknown_zone_is_refused(
    make_workshop, trainer, login_as, post_form
):
    workshop = make_workshop()
    login_as(trainer)
    starts = utcnow() + timedelta(days=20)
    backwards = post_form(
        f"/workshops/{workshop.id}/sessions/new", _session_form(starts, starts - timedelta(hours=1))
    )
    assert backwards.status_code == 200
    assert "must end after it starts" in backwards.get_data(as_text=True)
    unknown = post_form(
        f"/workshops/{workshop.id}/sessions/new",
        _session_form(starts, starts + timedelta(hours=1), zone="Mars/Olympus"),
    )
    assert unknown.status_code == 200
    assert "not a time zone we know" in unknown.get_data(as_text=True)
    assert len(workshop.sessions) == 1  # nothing half-saved


def test_the_date_of_a_session_that_has_started_cannot_change(
    make_workshop, trainer, login_as, post_form
):
    workshop = make_workshop()
    session = workshop.sessions[0]
    session.starts_at = utcnow() - timedelta(hours=1)
    session.ends_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    login_as(trainer)
    moved = utcnow() + timedelta(days=2)
    reply = post_form(
        f"/workshops/{workshop.id}/sessions/{session.id}/edit",
        _session_form(moved, moved + timedelta(hours=1), zone="UTC"),
    )
    assert "can no longer change" in reply.get_data(as_text=True)


def test_cancelling_a_workshop_tells_the_people_registered(
    make_workshop, make_user, trainer, login_as, post_form
):
    workshop = make_workshop()
    person = make_user()
    register(person, workshop, AttendanceMode.online)
    db.session.commit()
    login_as(trainer)
    reply = post_form(f"/workshops/{workshop.id}/cancel", {}, page=f"/workshops/{workshop.id}")
    assert reply.status_code == 302
    told = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == person.id)
    ).all()
    assert told == ["workshop_cancelled"]


def test_a_learner_registers_in_the_browser_and_sees_the_join_link(
    make_workshop, make_user, login_as, post_form, client
):
    workshop = make_workshop()
    person = make_user()
    login_as(person)
    page = f"/workshops/{workshop.id}"
    assert "meet.example.org" not in client.get(page).get_data(as_text=True)
    reply = post_form(f"{page}/register", {"mode": "online"}, page=page)
    assert reply.status_code == 302
    assert "meet.example.org" in client.get(page).get_data(as_text=True)
    again = post_form(f"{page}/register", {"mode": "online"}, page=page)
    assert "already" in again.get_data(as_text=True) or "You are registered" in again.get_data(
        as_text=True
    )


def test_the_facilitator_page_shows_the_code_and_an_svg_qr_code(
    make_workshop, trainer, login_as, client
):
    workshop = make_workshop()
    session = workshop.sessions[0]
    session.starts_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login_as(trainer)
    html = client.get(f"/workshops/{workshop.id}/sessions/{session.id}/facilitate").get_data(
        as_text=True
    )
    assert "<svg" in html
    assert "Attendance code" in html


def test_the_roster_csv_opens_cleanly_in_excel(make_workshop, make_user, trainer, login_as, client):
    workshop = make_workshop()
    register(make_user(name='=HYPERLINK("x")'), workshop, AttendanceMode.online)
    db.session.commit()
    login_as(trainer)
    body = client.get(f"/workshops/{workshop.id}/roster.csv").get_data(as_text=True)
    assert body.startswith("\ufeffname,")
    assert "'=HYPERLINK" in body
