"""A negotiator is told of designations while they press "Mark all read", some twice: the
unread count in the header always equals the notifications really unread."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.directory.services import list_areas
from cartif_lms.notifications.models import Notification
from tests.concurrency.checks import count, fresh_look
from tests.concurrency.conftest import at_once

MARKS = 4  #: "Mark all read" presses, from two tabs


def unread_rows(person: User) -> int:
    return count(Notification, Notification.user_id == person.id, Notification.read_at.is_(None))


def stored_count(person: User) -> int:
    fresh_look()
    return db.session.scalar(select(User.unread_notifications).where(User.id == person.id))


def designations_of(person: User, focal_points, areas) -> list:
    """One focal point's tab per area, each ready to record ``person`` as its lead negotiator."""
    page = "/countries/KZ/designations"
    return [
        tab.ready_to_post(
            page,
            {
                "person": person.id,
                "kind": "lead_negotiator",
                "area": area.id,
                "valid_from": date.today().isoformat(),
            },
        )
        for tab, area in zip(focal_points, areas, strict=True)
    ]


def test_notifications_arriving_at_once_are_each_counted_once(curriculum, make_user, browsers):
    person = make_user(country="KZ")
    areas = list_areas()
    focal_point = make_user(role="focal_point", country="KZ")
    tabs = browsers([focal_point] * len(areas))

    replies = at_once(*designations_of(person, tabs, areas))

    assert [r.status for r in replies] == [302] * len(areas)
    assert count(Notification, Notification.user_id == person.id) == len(areas)
    assert stored_count(person) == unread_rows(person) == len(areas)


def test_marking_all_read_while_notifications_arrive_loses_none(curriculum, make_user, browsers):
    person = make_user(country="KZ")
    areas = list_areas()
    focal_point = make_user(role="focal_point", country="KZ")
    *tabs, reader = browsers([*[focal_point] * len(areas), person])
    marks = [reader.ready_to_post("/notifications/read", {}, page="/notifications")] * MARKS

    replies = at_once(*designations_of(person, tabs, areas), *marks)

    assert [r.status for r in replies] == [302] * (len(areas) + MARKS)
    assert count(Notification, Notification.user_id == person.id) == len(areas)
    # However the presses and the designations interleaved, the count is the truth.
    assert stored_count(person) == unread_rows(person)
    reader.post("/notifications/read", {}, reader.token("/notifications"))
    assert stored_count(person) == unread_rows(person) == 0


def test_pressing_mark_all_read_in_several_tabs_at_once_zeroes_the_count(
    curriculum, make_user, browsers
):
    person = make_user(country="KZ")
    areas = list_areas()[:3]
    focal_point = make_user(role="focal_point", country="KZ")
    *tabs, reader = browsers([*[focal_point] * len(areas), person])
    at_once(*designations_of(person, tabs, areas))
    assert stored_count(person) == 3

    replies = at_once(
        *[reader.ready_to_post("/notifications/read", {}, page="/notifications")] * MARKS
    )

    assert [r.status for r in replies] == [302] * MARKS
    assert stored_count(person) == unread_rows(person) == 0
    fresh_look()
    read = select(func.count()).where(
        Notification.user_id == person.id, Notification.read_at.is_not(None)
    )
    assert db.session.scalar(read) == 3
