"""Attendance in one step: a rotating code, a QR code to scan, the facilitator's roster.

The code is time-based like TOTP (RFC 6238) with 60-second steps: HMAC-SHA256 of the step
number under the session's own secret, dynamically truncated to six digits. A code is good
during its step and the one after (so a code read just before it rotates still works), and
only during the session's window: 15 minutes before it starts to 15 minutes after it ends.
The QR code carries a token signed with the app's key that names the session and the step.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from hashlib import sha256

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from .. import db
from ..audit import Action, record
from ..auth.models import Role, User
from ..auth.services import guesses_throttled, record_failed_guess
from ..db import utcnow
from .completion import complete_if_done
from .models import (
    Attendance,
    AttendanceMode,
    AttendanceStatus,
    CheckInMethod,
    Registration,
    RegistrationStatus,
    WorkshopSession,
)

STEP_SECONDS = 60
DIGITS = 6
#: The window opens this long before the start and closes this long after the end.
WINDOW_MARGIN = timedelta(minutes=15)
#: Checking in later than this after the start counts as late.
LATE_AFTER = timedelta(minutes=10)
#: Steps a code stays good: its own and the next.
STEPS_ACCEPTED = 2
#: An older code than that, but from the last half hour, is "too old" rather than wrong.
STALE_STEPS = 30
#: Wrong codes a person may enter within the window before they must wait that long.
GUESS_LIMIT = 5
GUESS_WINDOW = timedelta(minutes=10)
QR_SALT = "lms-workshop-check-in"


class CheckInRefused(ValueError):
    """A check-in or roster change refused; the message says why."""


# --- the code ------------------------------------------------------------------------------


def step_at(now: datetime) -> int:
    """The 60-second step of a naive UTC time."""
    return int(now.replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def code_for(secret: str, step: int) -> str:
    """The six-digit code of ``step`` under ``secret`` (RFC 4226 dynamic truncation)."""
    digest = hmac.new(bytes.fromhex(secret), step.to_bytes(8, "big"), sha256).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def window(session: WorkshopSession) -> tuple[datetime, datetime]:
    return session.starts_at - WINDOW_MARGIN, session.ends_at + WINDOW_MARGIN


def in_window(session: WorkshopSession, now: datetime) -> bool:
    opens, closes = window(session)
    return session.cancelled_at is None and opens <= now <= closes


@dataclass(frozen=True)
class ShownCode:
    """What the facilitator's page shows: the code, until when, and the QR token."""

    code: str
    valid_until: datetime
    token: str


def current_code(session: WorkshopSession, now: datetime | None = None) -> ShownCode | None:
    """The code to show now (None outside the window)."""
    now = now or utcnow()
    if not in_window(session, now):
        return None
    step = step_at(now)
    until = datetime.fromtimestamp((step + 1) * STEP_SECONDS, UTC).replace(tzinfo=None)
    token = _serializer().dumps({"s": session.id, "t": step})
    return ShownCode(code_for(session.secret, step), until, token)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=QR_SALT)


def _code_age(session: WorkshopSession, code: str, now: datetime) -> int | None:
    """How many steps old ``code`` is for ``session`` (None: not one of its recent codes)."""
    step = step_at(now)
    for age in range(STALE_STEPS):
        if hmac.compare_digest(code_for(session.secret, step - age), code):
            return age
    return None


# --- checking in ---------------------------------------------------------------------------


def check_in_with_code(
    person: User, session: WorkshopSession, code: str, now: datetime | None = None
) -> Attendance:
    """An online participant typed the code shown by the facilitator."""
    now = now or utcnow()
    registration = _place_for_check_in(person, session, now)
    key = f"checkin:{person.id}"
    if guesses_throttled(key, GUESS_LIMIT, GUESS_WINDOW, now):
        raise CheckInRefused(_l("Too many wrong codes: wait ten minutes and try again."))
    code = code.strip().replace(" ", "")
    age = _code_age(session, code, now) if code.isdigit() and len(code) == DIGITS else None
    if age is None:
        record_failed_guess(key, now)
        if _belongs_to_another_session(session, code, now):
            raise CheckInRefused(_l("This code is for another session."))
        raise CheckInRefused(_l("This is not the code shown for this session."))
    if age >= STEPS_ACCEPTED:
        raise CheckInRefused(_l("This code is too old: enter the one shown now."))
    return _record_own(person, session, registration.mode, CheckInMethod.code, now)


def check_in_with_token(
    person: User, session: WorkshopSession, token: str, now: datetime | None = None
) -> Attendance:
    """An in-person participant scanned the QR code (its URL carries a signed token)."""
    now = now or utcnow()
    registration = _place_for_check_in(person, session, now)
    try:
        payload = _serializer().loads(token, max_age=STEPS_ACCEPTED * STEP_SECONDS)
    except SignatureExpired:
        raise CheckInRefused(_l("This QR code is too old: scan the one shown now.")) from None
    except BadSignature:
        raise CheckInRefused(_l("This QR code is not one of ours.")) from None
    if not isinstance(payload, dict) or payload.get("s") != session.id:
        raise CheckInRefused(_l("This QR code is for another session."))
    return _record_own(person, session, registration.mode, CheckInMethod.qr, now)


def _place_for_check_in(person: User, session: WorkshopSession, now: datetime) -> Registration:
    if not in_window(session, now):
        raise CheckInRefused(
            _l("Check-in is open from 15 minutes before the session to 15 minutes after it.")
        )
    registration = db.session.scalars(
        select(Registration).where(
            Registration.workshop_id == session.workshop_id,
            Registration.user_id == person.id,
            Registration.status == RegistrationStatus.registered,
        )
    ).first()
    if registration is None:
        raise CheckInRefused(_l("You hold no place in this workshop."))
    return registration


def _belongs_to_another_session(session: WorkshopSession, code: str, now: datetime) -> bool:
    running = db.session.scalars(
        select(WorkshopSession).where(
            WorkshopSession.id != session.id,
            WorkshopSession.cancelled_at.is_(None),
            WorkshopSession.starts_at <= now + WINDOW_MARGIN,
            WorkshopSession.ends_at >= now - WINDOW_MARGIN,
        )
    )
    return any(_code_age(other, code, now) is not None for other in running)


def _record_own(
    person: User,
    session: WorkshopSession,
    mode: AttendanceMode,
    method: CheckInMethod,
    now: datetime,
) -> Attendance:
    status = (
        AttendanceStatus.late if now > session.starts_at + LATE_AFTER else AttendanceStatus.present
    )
    # The unique (session, person) key decides: a code used twice, or two tabs, record once.
    new_id = db.session.scalar(
        db.insert_for(Attendance)
        .values(
            session_id=session.id,
            user_id=person.id,
            status=status,
            mode=mode,
            method=method,
            recorded_at=now,
        )
        .on_conflict_do_nothing(index_elements=["session_id", "user_id"])
        .returning(Attendance.__table__.c.id)
    )
    if new_id is None:
        raise CheckInRefused(_l("You are checked in for this session already."))
    complete_if_done(person, session.workshop, now)
    return db.session.get_one(Attendance, new_id)


# --- the facilitator -----------------------------------------------------------------------


def may_facilitate(person: User, session: WorkshopSession) -> bool:
    """The session's facilitator, or an administrator."""
    return person.role is Role.admin or session.facilitator_id == person.id


def mark(
    facilitator: User,
    session: WorkshopSession,
    person_id: int,
    status: AttendanceStatus,
    mode: AttendanceMode | None = None,
    now: datetime | None = None,
) -> Attendance:
    """Tick or correct one person on the roster; a change of what was recorded is audited."""
    now = now or utcnow()
    if not may_facilitate(facilitator, session):
        raise CheckInRefused(_l("Only this session's facilitator may record its attendance."))
    registration = db.session.scalars(
        select(Registration).where(
            Registration.workshop_id == session.workshop_id,
            Registration.user_id == person_id,
            Registration.status == RegistrationStatus.registered,
        )
    ).first()
    if registration is None:
        raise CheckInRefused(_l("This person holds no place in this workshop."))
    mode = mode or registration.mode
    db.session.execute(
        db.insert_for(Attendance)
        .values(
            session_id=session.id,
            user_id=person_id,
            status=status,
            mode=mode,
            method=CheckInMethod.roster,
            recorded_at=now,
            recorded_by_id=facilitator.id,
        )
        .on_conflict_do_nothing(index_elements=["session_id", "user_id"])
    )
    attendance = db.session.scalars(
        select(Attendance)
        .where(Attendance.session_id == session.id, Attendance.user_id == person_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if attendance.status is not status or attendance.mode is not mode:
        _correct(attendance, status, mode, facilitator, registration, now)
    db.session.flush()
    complete_if_done(registration.user, session.workshop, now)
    return attendance


def _correct(
    attendance: Attendance,
    status: AttendanceStatus,
    mode: AttendanceMode,
    facilitator: User,
    registration: Registration,
    now: datetime,
) -> None:
    record(
        Action.attendance_corrected,
        actor=facilitator,
        subject_user_id=attendance.user_id,
        country_id=registration.user.country_id,
        object_type="lms_workshop_attendance",
        object_id=attendance.id,
        details={
            "session_id": attendance.session_id,
            "from": {"status": attendance.status.value, "mode": attendance.mode.value},
            "to": {"status": status.value, "mode": mode.value},
        },
    )
    attendance.status = status
    attendance.mode = mode
    attendance.recorded_by_id = facilitator.id
    attendance.corrected_at = now
