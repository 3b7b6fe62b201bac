"""One row per thing a person is told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Notification(Base):
    __tablename__ = "lms_notification"
    __table_args__ = (
        # Each event tells each person once, however often its signal or the sweep comes.
        UniqueConstraint("user_id", "kind", "subject_id"),
        Index("ix_lms_notification_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    #: The registered kind's name (cartif_lms/notifications/registry.py).
    kind: Mapped[str] = mapped_column(String(40))
    #: The id of what it is about (an attempt, a review, a designation ...), per kind.
    subject_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    #: The values its text names, and the page it links to ("endpoint", "args").
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<Notification {self.kind} {self.subject_id} for {self.user_id}>"
