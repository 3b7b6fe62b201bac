"""Negotiators take places: policies, capacity per mode, waitlist, close time, overlaps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.notifications.models import Notification
from cartif_lms.workshops.models import (
    AttendanceMode,
    RegistrationPolicy,
    RegistrationStatus,
)
from cartif_lms.workshops.registration import cancel_registration, decide, register
from cartif_lms.workshops.services import WorkshopError

ONLINE, ROOM = AttendanceMode.online, AttendanceMode.in_person


def test_a_full_mode_puts_the_next_person_on_the_waitlist_in_arrival_order(
    make_workshop, make_user
):
    workshop = make_workshop(seats=(1, 1))
    first, second, third = (make_user() for _ in range(3))

    assert register(first, workshop, ONLINE).status is RegistrationStatus.registered
    waiting = register(second, workshop, ONLINE)
    later = register(third, workshop, ONLINE)
    in_room = register(make_user(), workshop, ROOM)

    assert (waiting.status, waiting.waitlist_position) == (RegistrationStatus.waitlisted, 1)
    assert (later.status, later.waitlist_position) == (RegistrationStatus.waitlisted, 2)
    assert in_room.status is RegistrationStatus.registered  # the room has its own places


def test_cancelling_a_place_moves_the_first_waiting_person_up_and_tells_them(
    make_workshop, make_user
):
    workshop = make_workshop(seats=(1, 1))
    holder, waiting, later = (make_user() for _ in range(3))
    register(holder, workshop, ONLINE)
    promoted = register(waiting, workshop, ONLINE)
    register(later, workshop, ONLINE)
    db.session.commit()

    cancel_registration(holder, workshop)
    db.session.commit()

    db.session.refresh(promoted)
    assert promoted.status is RegistrationStatus.registered
    kinds = db.session.query(Notification.kind).filter_by(user_id=waiting.id).all()
    assert ("workshop_place",) in kinds
    assert not db.session.query(Notification).filter_by(user_id=later.id).count()


def test_registering_twice_is_refused(make_workshop, make_user):
    workshop = make_workshop()
    person = make_user()
    register(person, workshop, ONLINE)
    with pytest.raises(WorkshopError, match="already"):
        register(person, workshop, ROOM)


def test_registration_closes_before_the_first_session(make_workshop, make_user):
    workshop = make_workshop(in_days=0.5, close_hours=24)
    with pytest.raises(WorkshopError, match="closed"):
        register(make_user(), workshop, ONLINE)


def test_a_person_cannot_hold_places_in_overlapping_sessions(make_workshop, make_user):
    morning = make_workshop(in_days=3, title="Trade facilitation deep dive")
    same_time = make_workshop(in_days=3, title="SPS deep dive")
    person = make_user()
    register(person, morning, ONLINE)
    with pytest.raises(WorkshopError, match="Trade facilitation deep dive"):
        register(person, same_time, ONLINE)


def test_approval_workshops_wait_for_the_focal_point_of_the_country(make_workshop, make_user):
    workshop = make_workshop(policy=RegistrationPolicy.approval, seats=(1, 1))
    person = make_user(country="GE")
    focal_point = make_user(role="focal_point", country="GE")
    asked = register(person, workshop, ONLINE)
    assert asked.status is RegistrationStatus.requested

    decide(focal_point, asked, approve=True)

    assert asked.status is RegistrationStatus.registered
    with pytest.raises(WorkshopError, match="decided already"):
        decide(focal_point, asked, approve=False)


def test_designated_only_workshops_refuse_people_without_a_designation(make_workshop, make_user):
    workshop = make_workshop()
    workshop.policy = RegistrationPolicy.designated
    with pytest.raises(WorkshopError, match="designated"):
        register(make_user(), workshop, ONLINE)


def test_a_cancelled_place_can_be_taken_again(make_workshop, make_user):
    workshop = make_workshop(seats=(1, 1))
    person = make_user()
    register(person, workshop, ONLINE)
    cancel_registration(person, workshop, now=utcnow() - timedelta(hours=1))
    again = register(person, workshop, ROOM)
    assert (again.status, again.mode) == (RegistrationStatus.registered, ROOM)
