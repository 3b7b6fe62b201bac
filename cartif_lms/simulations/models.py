"""Negotiation simulations: scenarios (synced from files), runs, seats, rounds and moves.

A run copies its scenario's issues, text and delegations when it starts, so that a scenario
edited later never changes a run under way or the debrief of one finished. Everything a
delegation does is a :class:`Move` (the timeline); its current option per issue is a
:class:`Position`, one row per delegation and issue, upserted. The run's row is the lock that
orders acceptances, closures and the end of a run: two acceptances at once give one agreement.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db import Base, utcnow
from ..directory.models import NegotiatingArea
from ..workshops.models import WorkshopSession


class NegotiationColumns:
    """What is negotiated: a scenario's, and a run's copy of it when it started (scenario
    edits never reach a run)."""

    competencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    brief_html: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  #: the negotiating text (notation)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    brackets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The reflection rubric (``courses/simulations/rubric.md``), as ``Rubric.to_json``.
    rubric: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    #: The columns :func:`services.start_run` copies from the scenario to the run.
    COPIED = ("competencies", "brief_html", "text", "issues", "brackets", "rubric")


class Scenario(NegotiationColumns, Base):
    __tablename__ = "lms_sim_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("lms_negotiating_area.id"))
    level: Mapped[str] = mapped_column(String(16), default="intermediate")
    rounds: Mapped[int] = mapped_column(default=3)
    round_hours: Mapped[int] = mapped_column(default=48)
    teaching_notes_html: Mapped[str] = mapped_column(Text, default="")
    source_path: Mapped[str] = mapped_column(String(300), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]

    area: Mapped[NegotiatingArea | None] = relationship()
    delegations: Mapped[list[ScenarioDelegation]] = relationship(
        back_populates="scenario", order_by="ScenarioDelegation.position"
    )


class DelegationColumns:
    """What a delegation is, in a scenario and as a run copied it."""

    #: The columns :func:`services.start_run` copies from the scenario's delegation.
    COPIED = (
        "key",
        "position",
        "name",
        "code",
        "country_code",
        "fallback",
        "instructions_html",
        "scores",
    )

    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(3))
    country_code: Mapped[str | None] = mapped_column(String(2))
    fallback: Mapped[int]  #: its points without agreement
    #: The confidential sections, rendered: mandate, priorities, red lines, no agreement.
    instructions_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    scores: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON, default=dict)


class ScenarioDelegation(DelegationColumns, Base):
    """A delegation of a scenario: its confidential instructions and private scoring table."""

    __tablename__ = "lms_sim_scenario_delegation"
    __table_args__ = (UniqueConstraint("scenario_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_scenario.id", ondelete="CASCADE"))

    scenario: Mapped[Scenario] = relationship(back_populates="delegations")


class RunStatus(StrEnum):
    open = "open"
    agreed = "agreed"  #: every delegation accepted the same package
    no_agreement = "no_agreement"  #: the last deadline passed: each scores its fallback
    cancelled = "cancelled"

    @property
    def ended(self) -> bool:
        return self is not RunStatus.open


class Run(NegotiationColumns, Base):
    __tablename__ = "lms_sim_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_scenario.id"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[RunStatus] = mapped_column(
        Enum(RunStatus, native_enum=False, length=16), default=RunStatus.open
    )
    #: Who leads and consolidates: the trainer who started it unless a participant is named.
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    #: A live run within a workshop session (None: asynchronous over days).
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_workshop_session.id", ondelete="SET NULL")
    )
    agreed_package_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "lms_sim_package.id",
            use_alter=True,
            name="fk_lms_sim_run_agreed_package",
            ondelete="SET NULL",
        )
    )
    trainer_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    scenario: Mapped[Scenario] = relationship()
    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    session: Mapped[WorkshopSession | None] = relationship()
    delegations: Mapped[list[RunDelegation]] = relationship(
        back_populates="run", order_by="RunDelegation.position"
    )
    rounds: Mapped[list[Round]] = relationship(order_by="Round.number")


class RunDelegation(DelegationColumns, Base):
    """A delegation as the run copied it from the scenario."""

    __tablename__ = "lms_sim_run_delegation"
    __table_args__ = (UniqueConstraint("run_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_run.id", ondelete="CASCADE"))

    run: Mapped[Run] = relationship(back_populates="delegations")


class Round(Base):
    __tablename__ = "lms_sim_round"
    __table_args__ = (UniqueConstraint("run_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_run.id", ondelete="CASCADE"))
    number: Mapped[int]
    deadline: Mapped[datetime]


class Seat(Base):
    """A participant of a run, in one delegation (several people may share a delegation)."""

    __tablename__ = "lms_sim_seat"
    __table_args__ = (UniqueConstraint("run_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_run.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)

    delegation: Mapped[RunDelegation] = relationship()
    user: Mapped[User] = relationship()


class Position(Base):
    """A delegation's current option on one issue (the latest it proposed)."""

    __tablename__ = "lms_sim_position"

    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE"), primary_key=True
    )
    issue: Mapped[int] = mapped_column(primary_key=True)
    option: Mapped[str] = mapped_column(String(1))
    round: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Closure(Base):
    """An issue the chair closed: its bracket is agreed on ``option``."""

    __tablename__ = "lms_sim_closure"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run.id", ondelete="CASCADE"), primary_key=True
    )
    issue: Mapped[int] = mapped_column(primary_key=True)
    option: Mapped[str] = mapped_column(String(1))
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Package(Base):
    """A set of options across every issue, proposed by one delegation."""

    __tablename__ = "lms_sim_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run.id", ondelete="CASCADE"), index=True
    )
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE")
    )
    round: Mapped[int]
    options: Mapped[dict[str, str]] = mapped_column(JSON)  #: issue number (str) -> option key
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegation: Mapped[RunDelegation] = relationship()


class Acceptance(Base):
    __tablename__ = "lms_sim_acceptance"

    package_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_package.id", ondelete="CASCADE"), primary_key=True
    )
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE"), primary_key=True
    )
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)


class MoveKind(StrEnum):
    position = "position"  #: an option proposed on an issue
    statement = "statement"  #: a short statement to the table (everyone sees it)
    message = "message"  #: a private message to one other delegation
    package = "package"
    acceptance = "acceptance"
    closure = "closure"  #: the chair closed a bracket
    reopening = "reopening"  #: the chair reopened one


class Move(Base):
    """One step of the timeline. A private message is seen by its two delegations only (and
    by everyone in the debrief)."""

    __tablename__ = "lms_sim_move"
    __table_args__ = (Index("ix_lms_sim_move_run", "run_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_run.id", ondelete="CASCADE"))
    round: Mapped[int]
    kind: Mapped[MoveKind] = mapped_column(Enum(MoveKind, native_enum=False, length=16))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    to_delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_sim_run_delegation.id", ondelete="CASCADE")
    )
    issue: Mapped[int | None]
    option: Mapped[str | None] = mapped_column(String(1))
    package_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_sim_package.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegation: Mapped[RunDelegation | None] = relationship(foreign_keys=[delegation_id])
    to_delegation: Mapped[RunDelegation | None] = relationship(foreign_keys=[to_delegation_id])
    user: Mapped[User | None] = relationship()


class Reflection(Base):
    """A participant's reflection after the run, graded by a trainer against the rubric."""

    __tablename__ = "lms_sim_reflection"
    __table_args__ = (UniqueConstraint("run_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lms_sim_run.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The rubric level chosen for each criterion (indexes), once graded.
    levels: Mapped[list[int] | None] = mapped_column(JSON)
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
