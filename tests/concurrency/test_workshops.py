"""Negotiators from several countries ask for the last online place of a deep dive at the
same moment: one gets it, the others join the waitlist one behind the other."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.workshops.models import Registration, RegistrationStatus
from tests.concurrency.conftest import at_once
from tests.workshops.conftest import make_workshop as make_workshop  # the fixtures
from tests.workshops.conftest import trainer as trainer

COUNTRIES = ("KZ", "GE", "UZ", "MN", "PK", "CN")


def test_concurrent_requests_for_the_last_place_give_one_place_and_an_ordered_waitlist(
    make_workshop,
    make_user,
    browsers,
):
    workshop = make_workshop(seats=(1, 1))
    people = [make_user(country=code) for code in COUNTRIES]
    tabs = browsers(people)
    page = f"/workshops/{workshop.id}"
    clicks = [tab.ready_to_post(f"{page}/register", {"mode": "online"}, page=page) for tab in tabs]

    replies = at_once(*clicks, *clicks)  # everyone clicks twice

    assert sorted(r.status for r in replies) == [200] * len(people) + [302] * len(people)
    db.session.expire_all()
    rows = list(
        db.session.scalars(select(Registration).where(Registration.workshop_id == workshop.id))
    )
    assert len(rows) == len(people)  # one row each, whatever the double clicks
    placed = [r for r in rows if r.status is RegistrationStatus.registered]
    waiting = sorted(r.waitlist_position for r in rows if r.status is RegistrationStatus.waitlisted)
    assert len(placed) == 1
    assert waiting == list(range(1, len(people)))
