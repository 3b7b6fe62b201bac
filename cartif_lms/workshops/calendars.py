"""iCalendar: a session's .ics and a person's private feed of their sessions.

Made by the ``icalendar`` library: events carry their time in the session's own zone, and
the calendar carries the VTIMEZONE of each zone it uses, so every calendar shows the right
hour whatever its own zone. A feed's address holds a token derived from the app's key, the
person and the feed's generation: nothing secret is stored, and a reset kills the old one.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from hashlib import sha256
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, Timezone
from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..db import utcnow
from .models import CalendarFeed, Registration, RegistrationStatus, WorkshopSession
from .times import to_local

PRODID = "-//CARTIF LMS//Workshops//EN"


def session_uid(session: WorkshopSession) -> str:
    return f"workshop-session-{session.id}@cartif-lms"


def calendar_of(sessions: Iterable[WorkshopSession], name: str, show_link: bool) -> bytes:
    """A calendar of ``sessions`` (``show_link``: the join link goes in, for registered people)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    sessions = list(sessions)
    for session in sessions:
        calendar.add_component(_event(session, show_link))
    calendar.add_missing_timezones()
    body: bytes = calendar.to_ical()
    return body


def _event(session: WorkshopSession, show_link: bool) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", utcnow().replace(tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", to_local(session.starts_at, session.time_zone))
    event.add("dtend", to_local(session.ends_at, session.time_zone))
    title = session.workshop.title + (f": {session.title}" if session.title else "")
    event.add("summary", title)
    if session.venue:
        event.add("location", session.venue)
    if show_link and session.join_url:
        event.add("url", session.join_url)
        event.add("description", session.join_url)
    if session.cancelled_at is not None:
        event.add("status", "CANCELLED")
    return event


def zones_of(calendar_bytes: bytes) -> list[str]:
    """The VTIMEZONE ids a calendar carries (for the page that checks it)."""
    parsed = Calendar.from_ical(calendar_bytes)
    return [str(c["TZID"]) for c in parsed.walk() if isinstance(c, Timezone)]


# --- the private feed ----------------------------------------------------------------------


def feed_of(person: User) -> CalendarFeed:
    feed = db.session.get(CalendarFeed, person.id)
    if feed is None:
        feed = CalendarFeed(user_id=person.id, generation=1)
        db.session.add(feed)
        db.session.flush()
    return feed


def feed_token(person_id: int, generation: int) -> str:
    message = f"{person_id}:{generation}".encode()
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"lms-calendar-feed:" + message, sha256).hexdigest()[:32]
    return f"{person_id}-{digest}"


def token_for(person: User) -> str:
    return feed_token(person.id, feed_of(person).generation)


def reset_feed(person: User) -> str:
    """A new address for the person's feed; the old one stops working."""
    feed = feed_of(person)
    feed.generation += 1
    db.session.flush()
    return feed_token(person.id, feed.generation)


def person_for_token(token: str) -> User | None:
    """Whose feed ``token`` opens (None: nobody's, or an address that was reset)."""
    person_id, _, _digest = token.partition("-")
    if not person_id.isdigit() or len(person_id) > 9:
        return None
    feed = db.session.get(CalendarFeed, int(person_id))
    if feed is None or not hmac.compare_digest(feed_token(feed.user_id, feed.generation), token):
        return None
    person = db.session.get(User, feed.user_id)
    return person if person is not None and person.active else None


def sessions_of(person: User) -> list[WorkshopSession]:
    """The sessions of the workshops ``person`` holds a place in, cancelled ones too (a
    calendar shows them as cancelled)."""
    stmt = (
        select(WorkshopSession)
        .join(Registration, Registration.workshop_id == WorkshopSession.workshop_id)
        .where(
            Registration.user_id == person.id,
            Registration.status == RegistrationStatus.registered,
        )
        .order_by(WorkshopSession.starts_at)
    )
    return list(db.session.scalars(stmt))
