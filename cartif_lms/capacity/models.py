"""Competency evidence: dated facts that a person showed a level in a competency."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, utcnow
from ..directory.models import Competency, Country, DesignationKind


class EvidenceSource(StrEnum):
    """The sources shipped with the LMS; others register in cartif_lms.capacity.evidence."""

    quiz = "quiz"
    drafting = "drafting"  #: an accepted drafting review
    assessment = "assessment"  #: a trainer's direct assessment


class Evidence(Base):
    __tablename__ = "lms_evidence"
    __table_args__ = (
        Index("ix_lms_evidence_user_competency", "user_id", "competency_id", "observed_at"),
        # A source row (a graded attempt, an accepted review) gives evidence once per
        # competency, however often its event is replayed; rows without a source_id (a
        # trainer's assessment) are not constrained, since NULLs are distinct.
        UniqueConstraint("source", "source_id", "competency_id"),
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


class CompetencyTarget(Base):
    """The level a designation needs: in one competency, or in every competency of the
    designated person's own negotiating area (``own_area``)."""

    __tablename__ = "lms_competency_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation: Mapped[DesignationKind] = mapped_column(
        Enum(DesignationKind, native_enum=False, length=24)
    )
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("lms_competency.id"))
    own_area: Mapped[bool] = mapped_column(default=False)
    level: Mapped[int]


class ReadinessAssessment(Base):
    """A country's interview-based readiness in one negotiating area; every one is kept."""

    __tablename__ = "lms_readiness_assessment"
    __table_args__ = (
        Index("ix_lms_readiness_country_area", "country_id", "area_id", "assessed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("lms_negotiating_area.id"))
    institutional_coordination: Mapped[int]  #: 0-3
    legal_mapping: Mapped[int]  #: 0-3: obligations mapped against national law
    technical_expertise: Mapped[int]  #: 0-3
    negotiating_experience: Mapped[int]  #: 0-3
    notes: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def mean(self) -> float:
        return (
            self.institutional_coordination
            + self.legal_mapping
            + self.technical_expertise
            + self.negotiating_experience
        ) / 4


class NeedStatus(StrEnum):
    open = "open"
    planned = "planned"
    addressed = "addressed"


class TANeed(Base):
    """A technical-assistance need: a country's gap in one competency, prioritised."""

    __tablename__ = "lms_ta_need"
    __table_args__ = (
        UniqueConstraint("country_id", "competency_id"),
        Index("ix_lms_ta_need_status_priority", "status", "priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("lms_competency.id"))
    people_affected: Mapped[int]  #: designated people below target
    mean_gap: Mapped[float]  #: over the designated people, in levels
    priority: Mapped[float]
    status: Mapped[NeedStatus] = mapped_column(
        Enum(NeedStatus, native_enum=False, length=12), default=NeedStatus.open
    )
    note: Mapped[str] = mapped_column(Text, default="")
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set when a regeneration finds the gap closed; the row and its history stay.
    closed_at: Mapped[datetime | None]

    country: Mapped[Country] = relationship()
    competency: Mapped[Competency] = relationship()
    events: Mapped[list[TANeedEvent]] = relationship(order_by="TANeedEvent.at")


class TANeedEvent(Base):
    """A status change of a TA need (who, when, note): the need's history."""

    __tablename__ = "lms_ta_need_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(
        ForeignKey("lms_ta_need.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[NeedStatus] = mapped_column(Enum(NeedStatus, native_enum=False, length=12))
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


# --- roll-ups: kept current on each completion or evidence event; `lms rebuild-rollups`
# --- recomputes them from scratch, and a test checks that the two agree.


class AreaProgress(Base):
    """Items completed by a country's people in tracks of one area ("XC": cross-cutting)."""

    __tablename__ = "lms_rollup_area_progress"

    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"), primary_key=True)
    area_key: Mapped[str] = mapped_column(String(8), primary_key=True)
    items_done: Mapped[int] = mapped_column(default=0)


class AttainedLevel(Base):
    """A person's attained level in a competency: the highest evidence of the last 3 years."""

    __tablename__ = "lms_rollup_attained"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_user.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(ForeignKey("lms_competency.id"), primary_key=True)
    level: Mapped[int]


class GapRollup(Base):
    """Per country and competency: designated people with a target, those at target, and the
    sum of the positive gaps (target - attained)."""

    __tablename__ = "lms_rollup_gap"

    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("lms_competency.id"), primary_key=True)
    designated: Mapped[int] = mapped_column(default=0)
    at_target: Mapped[int] = mapped_column(default=0)
    gap_sum: Mapped[int] = mapped_column(default=0)


#: ``LearnerCount.gender_key`` of a person who did not say.
NOT_STATED = ""


class LearnerCount(Base):
    """Per country and gender ("" = not stated): active learners and focal points, whom the
    dashboards count. Kept by database triggers on ``lms_user`` (migration 0023), so every
    write (an ORM change, a conditional UPDATE, a bulk insert of generated learners) counts in
    its own transaction; ``flask lms rebuild-rollups`` recomputes it."""

    __tablename__ = "lms_rollup_learners"

    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"), primary_key=True)
    gender_key: Mapped[str] = mapped_column(String(8), primary_key=True)
    learners: Mapped[int] = mapped_column(default=0)
