"""Snapshots of the regional report's headline indicators: what "the previous report" said."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class ReportSnapshot(Base):
    """The headline figures of one generated regional report, kept so the next report can
    say how each changed since this one."""

    __tablename__ = "lms_report_snapshot"
    __table_args__ = (Index("ix_lms_report_snapshot_kind_cutoff", "kind", "cutoff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: The data cut-off the figures were computed for.
    cutoff: Mapped[datetime]
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Indicator key -> value (None: not available then).
    indicators: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
