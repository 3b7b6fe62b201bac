"""Quiz banks as loaded from ``quizzes/*.gift``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class QuizBank(Base):
    """One GIFT file; its questions are parsed from ``source`` by the quiz engine."""

    __tablename__ = "lms_quiz_bank"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)  #: the file name without .gift
    source: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(64))
    question_count: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]
