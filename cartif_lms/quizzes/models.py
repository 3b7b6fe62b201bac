"""Quiz banks (from ``quizzes/*.gift`` or authored in the browser) and quiz attempts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..content.models import Item
from ..db import Base, utcnow


class BankOrigin(StrEnum):
    files = "files"  #: loaded by ``lms sync`` from quizzes/; retired when the file goes
    browser = "browser"  #: saved by a trainer in the browser; sync leaves it alone


class QuizBank(Base):
    """One GIFT bank; its questions are parsed from ``source`` (cached by hash)."""

    __tablename__ = "lms_quiz_bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)  #: the file name without .gift
    source: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    question_count: Mapped[int] = mapped_column(default=0)
    origin: Mapped[BankOrigin] = mapped_column(
        Enum(BankOrigin, native_enum=False, length=8), default=BankOrigin.files
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class AttemptStatus(StrEnum):
    in_progress = "in_progress"
    submitted = "submitted"  #: graded automatically
    awaiting_grading = "awaiting_grading"  #: has essays a trainer has not graded yet
    graded = "graded"  #: essays graded by a trainer


class QuizAttempt(Base):
    """One attempt at a quiz item: its questions as drawn, the answers, the grade.

    The drawn questions are kept as GIFT text, so a bank edited during an attempt (or later)
    never changes what the attempt was graded against.
    """

    __tablename__ = "lms_quiz_attempt"
    __table_args__ = (
        UniqueConstraint("user_id", "item_id", "number"),
        Index("ix_lms_quiz_attempt_item_status", "item_id", "status"),
        Index("ix_lms_quiz_attempt_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("lms_item.id"))
    number: Mapped[int]  #: 1 for the first attempt at this quiz, 2 for the second ...
    status: Mapped[AttemptStatus] = mapped_column(
        Enum(AttemptStatus, native_enum=False, length=16), default=AttemptStatus.in_progress
    )
    #: Seeds the shuffle of question i's choices as seed * 1000 + i, so a reload shows the
    #: same order.
    seed: Mapped[int]
    #: The questions drawn for this attempt, in GIFT, in presentation order.
    questions_gift: Mapped[str] = mapped_column(Text)
    #: Per question, how choices were shuffled (grading.Layout.to_json()).
    layouts: Mapped[list[Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Per question key: fraction, max points, needs grading, trainer comment.
    results: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[float | None]  #: per cent of the points possible
    passed: Mapped[bool | None]
    pass_mark: Mapped[int] = mapped_column(default=60)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    #: True when the answers arrived after the time limit and were not accepted.
    late: Mapped[bool] = mapped_column(default=False)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime | None]

    item: Mapped[Item] = relationship()
