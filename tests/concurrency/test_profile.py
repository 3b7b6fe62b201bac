"""A negotiator saves their profile from two tabs while notifications arrive: the name,
language and zone kept are one tab's (not a mixture), and the unread count, kept on the same
row, stays equal to the notifications really unread (a save writes only the columns it
changes, never a stale count)."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.directory.services import list_areas
from cartif_lms.notifications.models import Notification
from tests.concurrency.checks import count, fresh_look
from tests.concurrency.conftest import at_once
from tests.concurrency.test_notifications import designations_of

PROFILE = "/account/profile"
TAB_PROFILES = [
    {"name": "Aigerim Nurlanovna", "locale": "ru", "time_zone": "Asia/Almaty"},
    {
        "name": "Aigerim N.",
        "locale": "en",
        "time_zone": "Asia/Tashkent",
        "email_notifications": "y",
    },
]


def test_profile_saves_while_notifications_arrive_lose_nothing(curriculum, make_user, browsers):
    person = make_user(country="KZ")
    areas = list_areas()
    focal_point = make_user(role="focal_point", country="KZ")
    tabs = browsers([person, person, *[focal_point] * len(areas)])
    saves = [
        tab.ready_to_post(PROFILE, form) for tab, form in zip(tabs[:2], TAB_PROFILES, strict=True)
    ]

    replies = at_once(*saves, *designations_of(person, tabs[2:], areas))

    assert [r.status for r in replies] == [302] * (2 + len(areas))
    fresh_look()
    stored = db.session.execute(
        select(User.name, User.locale, User.time_zone, User.unread_notifications).where(
            User.id == person.id
        )
    ).one()
    saved_as = {(p["name"], p["locale"], p["time_zone"]) for p in TAB_PROFILES}
    assert tuple(stored[:3]) in saved_as
    unread = count(Notification, Notification.user_id == person.id, Notification.read_at.is_(None))
    assert stored.unread_notifications == unread == len(areas)
