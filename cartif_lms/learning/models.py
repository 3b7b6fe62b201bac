"""Completion: one row per (person, item); module and track completion derive from it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..content.models import Item, Track
from ..db import Base, utcnow


class CompletionStatus(StrEnum):
    started = "started"
    completed = "completed"


class Completion(Base):
    __tablename__ = "lms_completion"
    __table_args__ = (
        UniqueConstraint("user_id", "item_id"),
        Index("ix_lms_completion_item_completed", "item_id", "completed_at"),
        # Covers the progress reports' per-person counts (index-only scans on PostgreSQL).
        Index("ix_lms_completion_user_item_completed", "user_id", "item_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_item.id"))
    status: Mapped[CompletionStatus] = mapped_column(
        Enum(CompletionStatus, native_enum=False, length=16)
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    item: Mapped[Item] = relationship()


class TrackCompletion(Base):
    """The moment a person finished a track; unique, so the event fires exactly once."""

    __tablename__ = "lms_track_completion"
    __table_args__ = (UniqueConstraint("user_id", "track_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    track_id: Mapped[int] = mapped_column(ForeignKey("lms_track.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    track: Mapped[Track] = relationship()
