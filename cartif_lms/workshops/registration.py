"""Places: registration by policy, the focal point's approval, capacity per mode, the waitlist.

Every change of places in a workshop first bumps the workshop row (:func:`lock_places`): on
PostgreSQL that holds the row lock until commit, on SQLite it takes the one write lock, so
writers of one workshop queue on it, and each counts the places after the one before has
committed. Concurrent requests for the last place give one place; the others join the
waitlist in the order they got the lock, which is the order they arrived at the database.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import db
from ..auth.models import User
from ..db import utcnow
from ..directory.models import Designation, DesignationKind
from ..learning.services import may_take_training
from ..security.scoping import CountryScope
from ..signals import workshop_place_offered
from .invitations import invite
from .models import (
    ACTIVE_STATUSES,
    AttendanceMode,
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
)
from .services import WorkshopError, active_sessions, registration_closes_at


def lock_places(workshop: Workshop) -> None:
    """Queue behind every other writer of this workshop's places (see the module's note)."""
    db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop.id)
        .values(places_version=Workshop.places_version + 1)
        .execution_options(synchronize_session=False)
    )


def places(workshop: Workshop, mode: AttendanceMode) -> int:
    """The places of ``mode``: the fewest any active session of the workshop offers."""
    sessions = active_sessions(workshop)
    return min((s.capacity(mode) for s in sessions), default=0)


def taken(workshop: Workshop, mode: AttendanceMode) -> int:
    stmt = select(func.count()).where(
        Registration.workshop_id == workshop.id,
        Registration.mode == mode,
        Registration.status == RegistrationStatus.registered,
    )
    return db.session.scalar(stmt) or 0


def registration_of(person: User, workshop: Workshop) -> Registration | None:
    stmt = select(Registration).where(
        Registration.workshop_id == workshop.id, Registration.user_id == person.id
    )
    return db.session.scalars(stmt.execution_options(populate_existing=True)).first()


# --- who may register ----------------------------------------------------------------------


def refusal(person: User, workshop: Workshop, now: datetime) -> str | None:
    """Why ``person`` may not register now (None: they may)."""
    if not may_take_training(person):
        return str(_l("Your role does not take training."))
    if workshop.cancelled_at is not None:
        return str(_l("This workshop is cancelled."))
    closes = registration_closes_at(workshop)
    if closes is None:
        return str(_l("This workshop has no sessions yet."))
    if now >= closes:
        return str(_l("Registration closed on %(when)s.", when=format_datetime(closes, "short")))
    if workshop.policy is RegistrationPolicy.designated and not _designated_in_area(
        person, workshop, now
    ):
        return str(_l("Only people designated in this workshop's area may register."))
    return None


def _designated_in_area(person: User, workshop: Workshop, now: datetime) -> bool:
    today = now.date()
    stmt = select(Designation).where(Designation.user_id == person.id)
    return any(
        d.is_current(today)
        and (d.kind is DesignationKind.chief_negotiator or d.area_id == workshop.area_id)
        for d in db.session.scalars(stmt)
    )


def overlapping(person: User, workshop: Workshop) -> WorkshopSession | None:
    """A session of another workshop where ``person`` holds (or waits for) a place that
    overlaps one of ``workshop``'s sessions."""
    mine = active_sessions(workshop)
    stmt = (
        select(WorkshopSession)
        .join(Registration, Registration.workshop_id == WorkshopSession.workshop_id)
        .where(
            Registration.user_id == person.id,
            Registration.status.in_(ACTIVE_STATUSES),
            Registration.workshop_id != workshop.id,
            WorkshopSession.cancelled_at.is_(None),
        )
    )
    for other in db.session.scalars(stmt):
        if any(s.starts_at < other.ends_at and other.starts_at < s.ends_at for s in mine):
            return other
    return None


# --- registering, cancelling, deciding -----------------------------------------------------


def register(
    person: User, workshop: Workshop, mode: AttendanceMode, now: datetime | None = None
) -> Registration:
    """Ask for a place: a place when one is free, else the waitlist; a request when the
    workshop needs the focal point's approval. Refused with a message, changing nothing."""
    now = now or utcnow()
    reason = refusal(person, workshop, now)
    if reason:
        raise WorkshopError(reason)
    if places(workshop, mode) <= 0:
        raise WorkshopError(_l("This workshop has no places in this mode."))
    lock_places(workshop)
    registration = registration_of(person, workshop)
    if registration is not None and registration.status in ACTIVE_STATUSES:
        raise WorkshopError(_l("You are registered for this workshop already."))
    if registration is not None and registration.status is RegistrationStatus.refused:
        raise WorkshopError(_l("Your focal point declined your request for this workshop."))
    clash = overlapping(person, workshop)
    if clash is not None:
        raise WorkshopError(
            _l("You hold a place in “%(title)s” at the same time.", title=clash.workshop.title)
        )
    if registration is None:
        # Added once its status is known (the counts below would flush it half-made).
        registration = Registration(
            workshop_id=workshop.id,
            user_id=person.id,
            mode=mode,
            status=RegistrationStatus.requested,
        )
    registration.mode = mode
    registration.requested_at = now
    registration.cancelled_at = registration.decided_at = registration.decided_by_id = None
    if workshop.policy is RegistrationPolicy.approval:
        registration.status = RegistrationStatus.requested
        registration.waitlist_position = None
    else:
        with db.session.no_autoflush:
            _place_or_wait(workshop, registration)
    db.session.add(registration)
    db.session.flush()
    if registration.status is RegistrationStatus.registered:
        invite(registration)
    return registration


def _place_or_wait(workshop: Workshop, registration: Registration) -> bool:
    """A place if one is free (True), else the end of the waitlist."""
    if taken(workshop, registration.mode) < places(workshop, registration.mode):
        registration.status = RegistrationStatus.registered
        registration.waitlist_position = None
        return True
    last = db.session.scalar(
        select(func.max(Registration.waitlist_position)).where(
            Registration.workshop_id == workshop.id
        )
    )
    registration.status = RegistrationStatus.waitlisted
    registration.waitlist_position = (last or 0) + 1
    return False


def cancel_registration(
    person: User, workshop: Workshop, now: datetime | None = None
) -> Registration:
    """Give up one's place or request (until registration closes); the first person waiting
    in that mode moves up and is told."""
    now = now or utcnow()
    closes = registration_closes_at(workshop)
    if closes is not None and now >= closes:
        raise WorkshopError(_l("Cancellation closed when registration did."))
    lock_places(workshop)
    registration = registration_of(person, workshop)
    if registration is None or registration.status not in ACTIVE_STATUSES:
        raise WorkshopError(_l("You hold no place in this workshop."))
    registration.status = RegistrationStatus.cancelled
    registration.waitlist_position = None
    registration.cancelled_at = now
    db.session.flush()
    fill_places(workshop, now)
    return registration


def fill_places(workshop: Workshop, now: datetime | None = None) -> list[Registration]:
    """Give free places to the people waiting longest, mode by mode; each is told.
    The caller holds :func:`lock_places`."""
    now = now or utcnow()
    promoted: list[Registration] = []
    for mode in AttendanceMode:
        free = places(workshop, mode) - taken(workshop, mode)
        if free <= 0:
            continue
        stmt = (
            select(Registration)
            .where(
                Registration.workshop_id == workshop.id,
                Registration.mode == mode,
                Registration.status == RegistrationStatus.waitlisted,
            )
            .order_by(Registration.waitlist_position)
            .limit(free)
        )
        for registration in db.session.scalars(stmt):
            registration.status = RegistrationStatus.registered
            registration.waitlist_position = None
            promoted.append(registration)
    db.session.flush()
    for registration in promoted:
        invite(registration)
        workshop_place_offered.send(None, registration=registration, at=now)
    return promoted


def decide(
    focal_point: User, registration: Registration, approve: bool, now: datetime | None = None
) -> Registration:
    """A focal point's decision on a request of their country (the caller checked scope)."""
    now = now or utcnow()
    workshop = registration.workshop
    lock_places(workshop)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.requested:
        raise WorkshopError(_l("This request was decided already."))
    registration.decided_by_id = focal_point.id
    registration.decided_at = now
    if approve:
        if _place_or_wait(workshop, registration):
            db.session.flush()
            invite(registration)
            workshop_place_offered.send(None, registration=registration, at=now)
    else:
        registration.status = RegistrationStatus.refused
    db.session.flush()
    return registration


def requests_in(scope: CountryScope) -> list[Registration]:
    """Requests waiting for a decision, of the people in ``scope`` (a focal point's country)."""
    stmt = (
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(Registration.status == RegistrationStatus.requested)
        .order_by(Registration.requested_at, Registration.id)
    )
    return list(db.session.scalars(scope.filter(stmt)))


def my_registrations(person: User) -> list[Registration]:
    stmt = select(Registration).where(
        Registration.user_id == person.id, Registration.status.in_(ACTIVE_STATUSES)
    )
    return list(db.session.scalars(stmt))


def holds_place(person: User, workshop: Workshop) -> bool:
    registration = registration_of(person, workshop)
    return registration is not None and registration.status is RegistrationStatus.registered
