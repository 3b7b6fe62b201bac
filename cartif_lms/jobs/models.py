"""Report jobs: who asked for which report, how far it got, and the file it produced."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


#: A job in one of these states has not finished; its ``pending_key`` is set.
UNFINISHED = (JobStatus.queued, JobStatus.running)


class ReportJob(Base):
    """One request to prepare a report. The produced file is kept in the row, so a web server
    and a worker on different machines need to share only the database."""

    __tablename__ = "lms_report_job"
    __table_args__ = (
        Index("ix_lms_report_job_requester_created", "requested_by_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    #: A name in the job-kind registry (cartif_lms.jobs.registry): a string, so a new kind of
    #: report needs no migration.
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Person, kind and parameters while the job is queued or running, NULL once it ended:
    #: unique, so a second "Prepare" of the same report finds the first job instead of queueing
    #: another (NULLs are distinct, so finished jobs never collide).
    pending_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[JobStatus] = mapped_column(
        Enum(JobStatus, native_enum=False, length=12), default=JobStatus.queued
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(80), default="")
    output: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    error: Mapped[str] = mapped_column(Text, default="")
