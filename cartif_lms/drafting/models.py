"""Drafts, their submitted versions and the reviews of each version."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..content.models import Item
from ..db import Base, utcnow


class DraftStatus(StrEnum):
    draft = "draft"  #: being written
    submitted = "submitted"  #: waiting for the trainer's review
    revise = "revise"  #: the trainer asked for a revision
    accepted = "accepted"


class DraftSubmission(Base):
    """A learner's working text for one exercise (saved drafts overwrite it)."""

    __tablename__ = "lms_draft_submission"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_item.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[DraftStatus] = mapped_column(
        Enum(DraftStatus, native_enum=False, length=16), default=DraftStatus.draft
    )
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[Item] = relationship()
    user: Mapped[User] = relationship()
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="submission", order_by="DraftVersion.number"
    )


class DraftVersion(Base):
    """The text as submitted for review (the first submission is 1, a resubmission 2 ...)."""

    __tablename__ = "lms_draft_version"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("lms_draft_submission.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[DraftSubmission] = relationship(back_populates="versions")
    reviews: Mapped[list[DraftReview]] = relationship(
        back_populates="version", order_by="DraftReview.id"
    )


class ReviewKind(StrEnum):
    trainer = "trainer"  #: final
    peer = "peer"  #: anonymous, by a negotiator of another country


class ReviewDecision(StrEnum):
    revise = "revise"
    accept = "accept"


class DraftReview(Base):
    """A rubric review of a version. A peer review is allocated first (completed_at empty)."""

    __tablename__ = "lms_draft_review"
    __table_args__ = (
        UniqueConstraint("version_id", "reviewer_id"),
        Index("ix_lms_draft_review_reviewer_open", "reviewer_id", "completed_at"),
        # The trainer's review is final: one per version, whichever trainer wins a race.
        Index(
            "uq_lms_draft_review_trainer_version_id",
            "version_id",
            unique=True,
            sqlite_where=text("kind = 'trainer'"),
            postgresql_where=text("kind = 'trainer'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("lms_draft_version.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    kind: Mapped[ReviewKind] = mapped_column(Enum(ReviewKind, native_enum=False, length=8))
    #: Per criterion (by position in the rubric): the chosen level and a comment.
    scores: Mapped[list[Any]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    decision: Mapped[ReviewDecision | None] = mapped_column(
        Enum(ReviewDecision, native_enum=False, length=8)
    )
    allocated_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    version: Mapped[DraftVersion] = relationship(back_populates="reviews")


class DraftRescue(Base):
    """Text posted after the writer's session expired, kept until they open the exercise again.

    One per person and exercise (a second rescue replaces the first), at most
    ``MAX_DRAFT_BYTES``, and purged ``LMS_RESCUED_TEXT_DAYS`` after it was posted.
    """

    __tablename__ = "lms_draft_rescue"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose expired session posted it: only they get it back.
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_item.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    #: Indexed for the purge.
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
