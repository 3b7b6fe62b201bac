"""The outbox: one row per message, written in the transaction of the action it reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, utcnow


class MailMessage(Base):
    __tablename__ = "lms_mail_message"
    __table_args__ = (Index("ix_lms_mail_message_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    #: The language it is written in (its Content-Language); None: not said (English).
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: When it may be tried next (backoff after a failure). None: it failed too often and is
    #: tried only by ``lms send-mail --now``.
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    #: A sender holds the message until then, so no two senders send it.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    attachments: Mapped[list[MailAttachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} to {self.to} sent={self.sent_at is not None}>"


class MailAttachment(Base):
    """A file sent with a message (a session's .ics with a workshop invitation)."""

    __tablename__ = "lms_mail_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("lms_mail_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[MailMessage] = relationship(back_populates="attachments")
