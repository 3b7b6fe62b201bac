"""Trainers' side: creating, editing, copying and cancelling workshops and their sessions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..auth.models import Role, User
from ..content.models import Item, Module, Track
from ..db import utcnow
from ..directory.models import NegotiatingArea
from ..signals import workshop_cancelled
from .models import (
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    SessionMode,
    Workshop,
    WorkshopKind,
    WorkshopSession,
)
from .times import is_known_zone


class WorkshopError(ValueError):
    """A change refused; the message says why, for the person who asked."""


@dataclass(frozen=True)
class WorkshopDraft:
    """What a trainer fills in for a workshop."""

    title: str
    kind: WorkshopKind
    policy: RegistrationPolicy
    area_id: int | None = None
    description: str = ""
    close_hours: int = 24
    attendance_threshold: int = 80
    anonymous_feedback: bool = True
    post_test_id: int | None = None
    prereading_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SessionDraft:
    """What a trainer fills in for a session (times already converted to naive UTC)."""

    starts_at: datetime
    ends_at: datetime
    time_zone: str
    mode: SessionMode
    title: str = ""
    venue: str = ""
    join_url: str = ""
    capacity_in_person: int = 0
    capacity_online: int = 0
    facilitator_id: int | None = None
    required: bool = True


# --- workshops -----------------------------------------------------------------------------


def create_workshop(trainer: User, draft: WorkshopDraft) -> Workshop:
    """A new workshop (no sessions yet)."""
    workshop = Workshop(created_by_id=trainer.id, kind=draft.kind, policy=draft.policy, title="")
    db.session.add(workshop)
    _apply(workshop, draft)
    db.session.flush()
    return workshop


def update_workshop(workshop: Workshop, draft: WorkshopDraft) -> Workshop:
    _refuse_if_cancelled(workshop)
    _apply(workshop, draft)
    db.session.flush()
    return workshop


def _apply(workshop: Workshop, draft: WorkshopDraft) -> None:
    area = _area_for(draft)
    workshop.title = draft.title.strip()
    workshop.description = draft.description
    workshop.kind = draft.kind
    workshop.policy = draft.policy
    workshop.area_id = area.id if area else None
    workshop.track_id = _deep_dive_track(area)
    workshop.close_hours = draft.close_hours
    workshop.attendance_threshold = draft.attendance_threshold
    workshop.anonymous_feedback = draft.anonymous_feedback
    workshop.post_test_id = _post_test(draft.post_test_id)
    workshop.prereading = list(
        db.session.scalars(select(Module).where(Module.id.in_(draft.prereading_ids)))
    )


def _area_for(draft: WorkshopDraft) -> NegotiatingArea | None:
    if not draft.kind.needs_area:
        if draft.policy is RegistrationPolicy.designated:
            raise WorkshopError(
                _l("Only a deep dive has an area whose designated people to admit.")
            )
        return None
    area = db.session.get(NegotiatingArea, draft.area_id) if draft.area_id else None
    if area is None:
        raise WorkshopError(_l("A deep dive belongs to a negotiating area: choose one."))
    return area


def _deep_dive_track(area: NegotiatingArea | None) -> int | None:
    if area is None:
        return None
    stmt = select(Track.id).where(
        Track.area_id == area.id, Track.kind == "workshop", Track.retired_at.is_(None)
    )
    return db.session.scalars(stmt.order_by(Track.id)).first()


def _post_test(item_id: int | None) -> int | None:
    if item_id is None:
        return None
    item = db.session.get(Item, item_id)
    if item is None or item.kind != "quiz":
        raise WorkshopError(_l("The post-test must be a quiz."))
    return item.id


def copy_workshop(trainer: User, source: Workshop, shift: timedelta) -> Workshop:
    """A new workshop like ``source``, its sessions moved by ``shift`` (nobody registered)."""
    copy = Workshop(
        title=str(_l("%(title)s (copy)", title=source.title))[:200],
        description=source.description,
        kind=source.kind,
        area_id=source.area_id,
        track_id=source.track_id,
        policy=source.policy,
        close_hours=source.close_hours,
        attendance_threshold=source.attendance_threshold,
        post_test_id=source.post_test_id,
        anonymous_feedback=source.anonymous_feedback,
        created_by_id=trainer.id,
        prereading=list(source.prereading),
    )
    db.session.add(copy)
    for session in source.sessions:
        if session.cancelled_at is None:
            copy.sessions.append(_session_copy(session, shift))
    db.session.flush()
    return copy


def _session_copy(session: WorkshopSession, shift: timedelta) -> WorkshopSession:
    return WorkshopSession(
        title=session.title,
        starts_at=session.starts_at + shift,
        ends_at=session.ends_at + shift,
        time_zone=session.time_zone,
        mode=session.mode,
        venue=session.venue,
        join_url=session.join_url,
        capacity_in_person=session.capacity_in_person,
        capacity_online=session.capacity_online,
        facilitator_id=session.facilitator_id,
        required=session.required,
        secret=new_secret(),
    )


def cancel_workshop(workshop: Workshop, now: datetime | None = None) -> list[int]:
    """Cancel the workshop and every session; tell the people holding a place or waiting.

    Says whom it told. A second cancel changes nothing.
    """
    _refuse_if_cancelled(workshop)
    now = now or utcnow()
    workshop.cancelled_at = now
    for session in workshop.sessions:
        session.cancelled_at = session.cancelled_at or now
    told = _people_to_tell(workshop)
    db.session.flush()
    workshop_cancelled.send(None, workshop=workshop, session=None, user_ids=told, at=now)
    return told


def cancel_session(session: WorkshopSession, now: datetime | None = None) -> list[int]:
    """Cancel one session; tell the people holding a place or waiting."""
    _refuse_if_cancelled(session.workshop)
    if session.cancelled_at is not None:
        raise WorkshopError(_l("This session is cancelled already."))
    now = now or utcnow()
    session.cancelled_at = now
    told = _people_to_tell(session.workshop)
    db.session.flush()
    workshop_cancelled.send(None, workshop=session.workshop, session=session, user_ids=told, at=now)
    return told


def _people_to_tell(workshop: Workshop) -> list[int]:
    stmt = select(Registration.user_id).where(
        Registration.workshop_id == workshop.id,
        Registration.status.in_(
            [
                RegistrationStatus.registered,
                RegistrationStatus.waitlisted,
                RegistrationStatus.requested,
            ]
        ),
    )
    return list(db.session.scalars(stmt.order_by(Registration.user_id)))


def _refuse_if_cancelled(workshop: Workshop) -> None:
    if workshop.cancelled_at is not None:
        raise WorkshopError(_l("This workshop is cancelled."))


# --- sessions ------------------------------------------------------------------------------


def new_secret() -> str:
    """A session's secret for its rotating attendance code."""
    return secrets.token_hex(32)


def add_session(
    workshop: Workshop, draft: SessionDraft, now: datetime | None = None
) -> WorkshopSession:
    _refuse_if_cancelled(workshop)
    _check_session(draft, now or utcnow(), None)
    session = WorkshopSession(secret=new_secret(), time_zone=draft.time_zone, mode=draft.mode)
    _apply_session(session, draft)
    workshop.sessions.append(session)
    db.session.flush()
    return session


def update_session(
    session: WorkshopSession, draft: SessionDraft, now: datetime | None = None
) -> WorkshopSession:
    _refuse_if_cancelled(session.workshop)
    _check_session(draft, now or utcnow(), session)
    _apply_session(session, draft)
    db.session.flush()
    return session


def _check_session(draft: SessionDraft, now: datetime, existing: WorkshopSession | None) -> None:
    if not is_known_zone(draft.time_zone):
        raise WorkshopError(
            _l(
                "“%(zone)s” is not a time zone we know: use a name such as Asia/Almaty.",
                zone=draft.time_zone[:64],
            )
        )
    if draft.ends_at <= draft.starts_at:
        raise WorkshopError(_l("A session must end after it starts."))
    if (
        existing is not None
        and existing.starts_at <= now
        and (draft.starts_at != existing.starts_at or draft.ends_at != existing.ends_at)
    ):
        raise WorkshopError(_l("This session has started: its date can no longer change."))
    if existing is None and draft.starts_at <= now:
        raise WorkshopError(_l("A new session must start in the future."))
    if draft.mode.offers_room() and draft.capacity_in_person <= 0:
        raise WorkshopError(_l("Give the number of places in the room."))
    if draft.mode.offers_online() and draft.capacity_online <= 0:
        raise WorkshopError(_l("Give the number of places online."))
    _check_facilitator(draft.facilitator_id)


def _check_facilitator(user_id: int | None) -> None:
    if user_id is None:
        return
    person = db.session.get(User, user_id)
    if person is None or not person.active or person.role not in {Role.trainer, Role.admin}:
        raise WorkshopError(_l("The facilitator must be an active trainer."))


def _apply_session(session: WorkshopSession, draft: SessionDraft) -> None:
    session.title = draft.title.strip()
    session.starts_at = draft.starts_at
    session.ends_at = draft.ends_at
    session.time_zone = draft.time_zone
    session.mode = draft.mode
    session.venue = draft.venue.strip()
    session.join_url = draft.join_url.strip()
    # A mode that is not offered keeps no places, so the capacity of a mode is one rule.
    session.capacity_in_person = draft.capacity_in_person if draft.mode.offers_room() else 0
    session.capacity_online = draft.capacity_online if draft.mode.offers_online() else 0
    session.facilitator_id = draft.facilitator_id
    session.required = draft.required


# --- reading -------------------------------------------------------------------------------


def active_sessions(workshop: Workshop) -> list[WorkshopSession]:
    return [s for s in workshop.sessions if s.cancelled_at is None]


def first_start(workshop: Workshop) -> datetime | None:
    sessions = active_sessions(workshop)
    return min((s.starts_at for s in sessions), default=None)


def last_end(workshop: Workshop) -> datetime | None:
    sessions = active_sessions(workshop)
    return max((s.ends_at for s in sessions), default=None)


def registration_closes_at(workshop: Workshop) -> datetime | None:
    start = first_start(workshop)
    return None if start is None else start - timedelta(hours=workshop.close_hours)


def listed_workshops(include_past: bool = True) -> list[Workshop]:
    """Every workshop that is not cancelled, soonest session first."""
    stmt = select(Workshop).where(Workshop.cancelled_at.is_(None)).order_by(Workshop.id)
    workshops = list(db.session.scalars(stmt))
    far = datetime.max
    workshops.sort(key=lambda w: first_start(w) or far)
    if not include_past:
        now = utcnow()
        workshops = [w for w in workshops if (last_end(w) or far) >= now]
    return workshops


def trainers() -> list[User]:
    """People who may facilitate a session."""
    stmt = select(User).where(User.role.in_([Role.trainer, Role.admin]), User.active.is_(True))
    return list(db.session.scalars(stmt.order_by(User.name)))


# --- first-run checklist steps (registered by cartif_lms.kinds) ----------------------------


def registered_for_area_deep_dive(person: User) -> bool:
    """The person asked for (or holds) a place in a deep dive of an area they are designated
    in; without an area designation, in any deep dive."""
    from .models import ACTIVE_STATUSES

    today = utcnow().date()
    areas = {d.area_id for d in person.designations if d.is_current(today) and d.area_id}
    stmt = (
        select(Workshop.id)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.user_id == person.id,
            Registration.status.in_(ACTIVE_STATUSES),
            Workshop.kind == WorkshopKind.deep_dive,
        )
    )
    if areas:
        stmt = stmt.where(Workshop.area_id.in_(areas))
    return db.session.scalars(stmt.limit(1)).first() is not None


def scheduled_a_session(person: User) -> bool:
    """The trainer scheduled a session of a workshop of theirs, or facilitates one."""
    stmt = (
        select(WorkshopSession.id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(
            (Workshop.created_by_id == person.id) | (WorkshopSession.facilitator_id == person.id)
        )
    )
    return db.session.scalars(stmt.limit(1)).first() is not None
