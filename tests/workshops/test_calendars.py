"""Calendars: a session's .ics and a person's private feed parse back with zoned times."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar

from cartif_lms import db
from cartif_lms.workshops import calendars
from cartif_lms.workshops.models import AttendanceMode
from cartif_lms.workshops.registration import register
from cartif_lms.workshops.times import to_local


def test_a_session_ics_holds_the_zoned_times_and_the_vtimezone(
    make_workshop, make_user, login_as, client
):
    workshop = make_workshop()
    session = workshop.sessions[0]
    person = make_user()
    register(person, workshop, AttendanceMode.online)
    login_as(person)

    reply = client.get(f"/workshops/{workshop.id}/sessions/{session.id}.ics")

    assert reply.status_code == 200
    assert reply.mimetype == "text/calendar"
    parsed = Calendar.from_ical(reply.data)
    assert calendars.zones_of(reply.data) == ["Asia/Almaty"]
    event = parsed.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None
    assert str(event["dtstart"].params["TZID"]) == "Asia/Almaty"
    assert start == to_local(session.starts_at, "Asia/Almaty")
    assert start.astimezone(ZoneInfo("UTC")).replace(tzinfo=None) == session.starts_at
    assert "meet.example.org" in str(event["url"])  # a registered person gets the join link


def test_the_join_link_is_left_out_for_people_without_a_place(
    make_workshop, make_user, login_as, client
):
    workshop = make_workshop()
    login_as(make_user())
    reply = client.get(f"/workshops/{workshop.id}/sessions/{workshop.sessions[0].id}.ics")
    assert b"meet.example.org" not in reply.data


def test_the_private_feed_lists_my_sessions_until_i_reset_its_address(
    make_workshop, make_user, client
):
    workshop = make_workshop(sessions=2)
    person = make_user()
    register(person, workshop, AttendanceMode.in_person)
    token = calendars.token_for(person)
    db.session.commit()

    reply = client.get(f"/workshops/calendar/{token}.ics")
    assert reply.status_code == 200
    assert len(Calendar.from_ical(reply.data).walk("VEVENT")) == 2

    calendars.reset_feed(person)
    db.session.commit()
    assert client.get(f"/workshops/calendar/{token}.ics").status_code == 404
    assert client.get("/workshops/calendar/1-forged.ics").status_code == 404
