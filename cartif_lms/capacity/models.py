"""Competency evidence: dated facts that a person showed a level in a competency."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class EvidenceSource(StrEnum):
    """The sources shipped with the LMS; others register in cartif_lms.capacity.evidence."""

    quiz = "quiz"
    drafting = "drafting"  #: an accepted drafting review
    assessment = "assessment"  #: a trainer's direct assessment


class Evidence(Base):
    __tablename__ = "lms_evidence"
    __table_args__ = (
        Index("ix_lms_evidence_user_competency", "user_id", "competency_id", "observed_at"),
        Index("ix_lms_evidence_source", "source", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("lms_competency.id"))
    level: Mapped[int]  #: 0-3: none, awareness, working knowledge, proficient
    #: A name in the evidence-source registry (a string, so a new source needs no migration).
    source: Mapped[str] = mapped_column(String(32))
    #: The row that produced it (a review id for drafting), so it is recorded once.
    source_id: Mapped[int | None]
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(String(1000), default="")
