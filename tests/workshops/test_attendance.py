"""Checking in with the rotating code or the QR code, and the facilitator's roster."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit.models import AuditEntry
from cartif_lms.db import utcnow
from cartif_lms.workshops import attendance
from cartif_lms.workshops.attendance import CheckInRefused, code_for, step_at
from cartif_lms.workshops.models import (
    AttendanceMode,
    AttendanceStatus,
    RegistrationStatus,
)
from cartif_lms.workshops.registration import register


@pytest.fixture
def running(make_workshop, make_user):
    """A session that started five minutes ago, and a participant holding an online place."""
    workshop = make_workshop(in_days=3)
    session = workshop.sessions[0]
    person = make_user()
    assert register(person, workshop, AttendanceMode.online).status is RegistrationStatus.registered
    session.starts_at = utcnow() - timedelta(minutes=5)
    session.ends_at = session.starts_at + timedelta(hours=2)
    db.session.commit()
    return session, person


def test_the_code_rotates_every_minute_and_is_six_digits(running):
    session, _ = running
    now = utcnow()
    codes = {code_for(session.secret, step_at(now) + n) for n in range(5)}
    assert len(codes) == 5
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert attendance.current_code(session, now).code == code_for(session.secret, step_at(now))


def test_an_online_participant_checks_in_with_the_code_shown(running):
    session, person = running
    shown = attendance.current_code(session)
    mark = attendance.check_in_with_code(person, session, shown.code)
    assert (mark.status, mark.mode) == (AttendanceStatus.present, AttendanceMode.online)
    with pytest.raises(CheckInRefused, match="already"):
        attendance.check_in_with_code(person, session, shown.code)  # a reused code


def test_a_code_from_three_minutes_ago_is_too_old(running):
    session, person = running
    old = code_for(session.secret, step_at(utcnow()) - 3)
    with pytest.raises(CheckInRefused, match="too old"):
        attendance.check_in_with_code(person, session, old)


def test_a_code_outside_the_window_is_refused(running):
    session, person = running
    later = session.ends_at + timedelta(minutes=16)
    code = code_for(session.secret, step_at(later))
    with pytest.raises(CheckInRefused, match="15 minutes"):
        attendance.check_in_with_code(person, session, code, now=later)


def test_guessing_is_throttled_after_five_wrong_codes(running):
    session, person = running
    right = attendance.current_code(session).code
    wrong = [str((int(right) + n) % 10**6).zfill(6) for n in range(1, 6)]
    for guess in wrong:
        with pytest.raises(CheckInRefused, match="not the code"):
            attendance.check_in_with_code(person, session, guess)
    with pytest.raises(CheckInRefused, match="Too many"):
        attendance.check_in_with_code(person, session, right)


def test_a_qr_token_of_another_session_is_refused(running, make_workshop):
    session, person = running
    other = make_workshop(in_days=9, title="Another").sessions[0]
    other.starts_at = session.starts_at
    other.ends_at = session.ends_at
    token = attendance.current_code(other).token
    with pytest.raises(CheckInRefused, match="another session"):
        attendance.check_in_with_token(person, session, token)
    mark = attendance.check_in_with_token(person, session, attendance.current_code(session).token)
    assert mark.method.value == "qr"


def test_the_facilitator_corrects_an_entry_and_the_correction_is_audited(running, trainer):
    session, person = running
    attendance.check_in_with_code(person, session, attendance.current_code(session).code)
    mark = attendance.mark(trainer, session, person.id, AttendanceStatus.excused)
    db.session.commit()
    assert mark.status is AttendanceStatus.excused
    assert mark.corrected_at is not None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "attendance_corrected")
    ).one()
    assert entry.details["from"]["status"] == "present"
    assert entry.details["to"]["status"] == "excused"


def test_another_trainer_may_not_tick_this_session(running, make_user):
    session, person = running
    stranger = make_user(role="trainer", country=None)
    with pytest.raises(CheckInRefused, match="facilitator"):
        attendance.mark(stranger, session, person.id, AttendanceStatus.present)
