"""A completed workshop earns a certificate through the same rule and the same table."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from flask import current_app

from cartif_lms import db
from cartif_lms.certificates.services import issue_missing
from cartif_lms.signals import workshop_completed
from cartif_lms.workshops.models import (
    RegistrationPolicy,
    SessionMode,
    Workshop,
    WorkshopCompletion,
    WorkshopKind,
    WorkshopSession,
)
from tests.certificates.conftest import certificates_of, track

START = datetime(2026, 10, 5, 4, 0)


def session(day: int, hours: int, required: bool = True) -> WorkshopSession:
    starts = START + timedelta(days=day)
    return WorkshopSession(
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        time_zone="Asia/Almaty",
        mode=SessionMode.in_person,
        secret="00" * 16,
        required=required,
    )


def plenary() -> Workshop:
    workshop = Workshop(
        title="Zero round: transit plenary",
        kind=WorkshopKind.zero_round_plenary,
        policy=RegistrationPolicy.open,
        track=track(),
        sessions=[session(0, 3), session(1, 3), session(1, 2, required=False)],
    )
    db.session.add(workshop)
    db.session.flush()
    return workshop


def test_a_designated_participant_who_completes_a_workshop_gets_its_certificate(
    client, curriculum, make_user, designate_person
):
    person = make_user(country="GE")
    designate_person(person)
    workshop = plenary()
    completion = WorkshopCompletion(workshop_id=workshop.id, user_id=person.id)
    db.session.add(completion)
    db.session.flush()

    workshop_completed.send(
        current_app._get_current_object(),
        user=person,
        workshop=workshop,
        completion=completion,
        at=completion.completed_at,
    )
    db.session.commit()

    [certificate] = certificates_of(person)
    assert (certificate.source_kind, certificate.source_id) == ("workshop", workshop.id)
    assert certificate.title == "Zero round: transit plenary"
    assert certificate.hours == Decimal("6.0")  # the required sessions, not the evening
    assert certificate.level == "intermediate"  # its track's
    assert issue_missing().issued == 0
    check = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Workshop" in check
    assert "6 hours" in check


def test_the_rerun_issues_past_workshop_completions(curriculum, make_user, designate_person):
    person, undesignated = make_user(country="GE"), make_user(country="GE")
    workshop = plenary()
    for who in (person, undesignated):
        db.session.add(WorkshopCompletion(workshop_id=workshop.id, user_id=who.id))
    db.session.commit()
    designate_person(person)  # issues what is due for this person at once

    assert [c.source_kind for c in certificates_of(person)] == ["workshop"]
    assert issue_missing().issued == 0
    assert certificates_of(undesignated) == []
