"""Certificates: one per person and completed source (a track, later a workshop).

A certificate states what was true when it was issued (the holder's name and country, the
title, level and hours): a later edit of a profile or of the curriculum does not change a
certificate someone has printed. Its source is a kind and an id, not a foreign key, so a new
kind of source (a workshop) joins without a migration.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db import Base, utcnow
from ..directory.models import Country


class SourceKind(StrEnum):
    """What a certificate was earned for."""

    track = "track"
    workshop = "workshop"


class Certificate(Base):
    __tablename__ = "lms_certificate"
    __table_args__ = (
        # One certificate per person and source: issuing twice, or from two workers at once,
        # inserts one row (INSERT ... ON CONFLICT DO NOTHING on this key).
        UniqueConstraint("user_id", "source_kind", "source_id"),
        Index("ix_lms_certificate_country_issued", "country_id", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The public verification code (``/verify/<code>``): random, unambiguous letters/digits.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    #: :class:`SourceKind` as a plain string, so a new kind needs no migration.
    source_kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    #: The holder's country when it was issued (who may see it: their focal point).
    country_id: Mapped[int | None] = mapped_column(ForeignKey("lms_country.id"))
    holder_name: Mapped[str] = mapped_column(String(120))
    country_name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(200))
    #: "basic", "intermediate", "advanced" (a track's level); empty where a source has none.
    level: Mapped[str] = mapped_column(String(16), default="")
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    holder: Mapped[User] = relationship(foreign_keys=[user_id])
    country: Mapped[Country | None] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<Certificate {self.code} {self.source_kind}:{self.source_id}>"
