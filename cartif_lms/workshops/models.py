"""Workshops: dated sessions, places, attendance and feedback.

A registration is per person and **workshop** (in one mode), not per session: a deep dive is
one course of sessions that people attend together, and completion asks for the required
sessions attended. The places of a mode are the fewest that any active session of the
workshop offers in that mode.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..content.models import Item, Module, Track
from ..db import Base, utcnow
from ..directory.models import NegotiatingArea


class WorkshopKind(StrEnum):
    deep_dive = "deep_dive"  #: a negotiating area's deep dive (area and track)
    zero_round_plenary = "zero_round_plenary"
    zero_round_technical = "zero_round_technical"

    @property
    def needs_area(self) -> bool:
        return self is WorkshopKind.deep_dive


class RegistrationPolicy(StrEnum):
    open = "open"  #: anyone who takes training
    designated = "designated"  #: people with a current designation in the workshop's area
    approval = "approval"  #: the person's focal point approves each request


class SessionMode(StrEnum):
    in_person = "in_person"
    online = "online"
    hybrid = "hybrid"

    def offers(self, mode: AttendanceMode) -> bool:
        return self is SessionMode.hybrid or self.value == mode.value

    def offers_room(self) -> bool:
        return self is not SessionMode.online

    def offers_online(self) -> bool:
        return self is not SessionMode.in_person


class AttendanceMode(StrEnum):
    """How one person takes part: in the room or online (a hybrid session has both)."""

    in_person = "in_person"
    online = "online"


class RegistrationStatus(StrEnum):
    requested = "requested"  #: waiting for the focal point's approval
    registered = "registered"  #: holds a place
    waitlisted = "waitlisted"  #: waits for a place, in ``waitlist_position`` order
    refused = "refused"  #: the focal point said no
    cancelled = "cancelled"


#: Statuses that keep a person's time booked (so overlapping sessions are refused).
ACTIVE_STATUSES = (
    RegistrationStatus.requested,
    RegistrationStatus.registered,
    RegistrationStatus.waitlisted,
)


class AttendanceStatus(StrEnum):
    present = "present"
    late = "late"
    excused = "excused"
    absent = "absent"

    @property
    def attended(self) -> bool:
        return self in {AttendanceStatus.present, AttendanceStatus.late}


class CheckInMethod(StrEnum):
    code = "code"  #: an online participant typed the rotating code
    qr = "qr"  #: an in-person participant scanned the QR code
    roster = "roster"  #: the facilitator ticked the roster


class Workshop(Base):
    __tablename__ = "lms_workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[WorkshopKind] = mapped_column(Enum(WorkshopKind, native_enum=False, length=24))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("lms_negotiating_area.id"), index=True)
    #: The area's deep-dive track (self-paced part), when there is one.
    track_id: Mapped[int | None] = mapped_column(ForeignKey("lms_track.id"))
    policy: Mapped[RegistrationPolicy] = mapped_column(
        Enum(RegistrationPolicy, native_enum=False, length=16)
    )
    #: Registration and cancellation close this many hours before the first session starts.
    close_hours: Mapped[int] = mapped_column(default=24)
    #: Per cent of the required sessions a person must attend to complete the workshop.
    attendance_threshold: Mapped[int] = mapped_column(default=80)
    #: The quiz taken after the last session (its pass completes the workshop with attendance).
    post_test_id: Mapped[int | None] = mapped_column(ForeignKey("lms_item.id"))
    #: Facilitators see feedback without names (each person still gives it once).
    anonymous_feedback: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    #: Bumped by every change of places: writers of one workshop queue on this row.
    places_version: Mapped[int] = mapped_column(default=0, server_default="0")

    area: Mapped[NegotiatingArea | None] = relationship()
    track: Mapped[Track | None] = relationship()
    post_test: Mapped[Item | None] = relationship()
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop", order_by="WorkshopSession.starts_at"
    )
    prereading: Mapped[list[Module]] = relationship(secondary="lms_workshop_prereading")

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title!r}>"


class WorkshopPrereading(Base):
    """A module to finish before a workshop's first session."""

    __tablename__ = "lms_workshop_prereading"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("lms_workshop.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[int] = mapped_column(ForeignKey("lms_module.id"), primary_key=True)


class WorkshopSession(Base):
    __tablename__ = "lms_workshop_session"
    __table_args__ = (Index("ix_lms_workshop_session_starts_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("lms_workshop.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    #: Naive UTC, like every stored time.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: The IANA zone the session is planned in ("Asia/Almaty"), shown beside the reader's own.
    time_zone: Mapped[str] = mapped_column(String(64))
    mode: Mapped[SessionMode] = mapped_column(Enum(SessionMode, native_enum=False, length=16))
    venue: Mapped[str] = mapped_column(String(200), default="")
    #: Shown only to people holding a place.
    join_url: Mapped[str] = mapped_column(String(500), default="")
    capacity_in_person: Mapped[int] = mapped_column(default=0)
    capacity_online: Mapped[int] = mapped_column(default=0)
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL"), index=True
    )
    #: Counted for completion (an optional social evening is not).
    required: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Hex secret the rotating attendance code is derived from; never shown.
    secret: Mapped[str] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")
    facilitator: Mapped[User | None] = relationship()

    def capacity(self, mode: AttendanceMode) -> int:
        if not self.mode.offers(mode):
            return 0
        return self.capacity_in_person if mode is AttendanceMode.in_person else self.capacity_online

    def __repr__(self) -> str:
        return f"<WorkshopSession {self.id} of {self.workshop_id} at {self.starts_at}>"


class Registration(Base):
    """One person's place (or request, or wait) in one workshop, in one mode."""

    __tablename__ = "lms_workshop_registration"
    __table_args__ = (
        UniqueConstraint("workshop_id", "user_id"),
        Index("ix_lms_workshop_registration_workshop_status", "workshop_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("lms_workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    mode: Mapped[AttendanceMode] = mapped_column(Enum(AttendanceMode, native_enum=False, length=16))
    status: Mapped[RegistrationStatus] = mapped_column(
        Enum(RegistrationStatus, native_enum=False, length=16)
    )
    #: Order on the waitlist (arrival order; 1 waits longest). None unless waitlisted.
    waitlist_position: Mapped[int | None]
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Attendance(Base):
    """Whether one person attended one session, and how."""

    __tablename__ = "lms_workshop_attendance"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("lms_workshop_session.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=16)
    )
    mode: Mapped[AttendanceMode] = mapped_column(Enum(AttendanceMode, native_enum=False, length=16))
    method: Mapped[CheckInMethod] = mapped_column(Enum(CheckInMethod, native_enum=False, length=8))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The facilitator who ticked or corrected it; None for a participant's own check-in.
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    #: When a facilitator last corrected it (the audit trail keeps each correction).
    corrected_at: Mapped[datetime | None]

    session: Mapped[WorkshopSession] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class FeedbackReceipt(Base):
    """That a person gave a workshop's feedback: once each, apart from what they said."""

    __tablename__ = "lms_workshop_feedback_receipt"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("lms_workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """Kirkpatrick level 1: relevance, quality and applicability on 1-5, and comments."""

    __tablename__ = "lms_workshop_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("lms_workshop.id", ondelete="CASCADE"), index=True
    )
    #: Kept only when the workshop's feedback is not anonymous.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    relevance: Mapped[int]
    quality: Mapped[int]
    applicability: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()


class CalendarFeed(Base):
    """A person's private calendar address: its token is derived from the app's key and
    ``generation``, so no secret is stored, and a reset (the next generation) kills the old."""

    __tablename__ = "lms_workshop_calendar_feed"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_user.id", ondelete="CASCADE"), primary_key=True
    )
    generation: Mapped[int] = mapped_column(default=1)


class WorkshopCompletion(Base):
    """A person completed a workshop (attendance at threshold, post-test passed): once each,
    the source row of its competency evidence."""

    __tablename__ = "lms_workshop_completion"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("lms_workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
