"""Asking for a report job, running it, and handing over its file.

A job is a :class:`~.models.ReportJob` row first, committed, then work: on RQ when
``LMS_REDIS_URL`` names a Redis (a ``flask lms worker`` runs it), else inline, in the request
that asked. Either way :func:`perform` does the work, and only one runner can claim a queued
job (a conditional ``UPDATE … WHERE status = 'queued'``), so a job re-delivered by the queue
runs once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from .. import db
from ..auth.models import User
from ..db import utcnow
from ..signals import report_ready
from .models import JobStatus, ReportJob
from .registry import kind_named

log = logging.getLogger(__name__)

#: How long one report may run on the queue before RQ stops it, in seconds.
JOB_TIMEOUT = 600
#: The most of an error's text kept on the job.
ERROR_CHARS = 2000
#: An unfinished job this old was lost (its worker died, the queue was flushed): asking for the
#: same report again fails it and queues a new one, instead of waiting for it forever.
STALE_AFTER = timedelta(seconds=2 * JOB_TIMEOUT)


class JobError(ValueError):
    """A job that cannot be asked for (an unknown kind); the message says why."""


def pending_key(user_id: int, kind: str, params: Mapping[str, Any]) -> str:
    """What makes two requests "the same report for the same person"."""
    canonical = json.dumps(dict(params), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return f"{user_id}:{kind}:{digest}"


def request_job(user: User, kind: str, params: Mapping[str, Any]) -> tuple[ReportJob, bool]:
    """The person's unfinished job for this report, or a new queued one; True when new.

    Two clicks on "Prepare" at once: both INSERT … ON CONFLICT DO NOTHING on the unique
    ``pending_key``; the database lets one in, and the other reads the winner's row. Flushes;
    the caller commits, then calls :func:`dispatch` for a new job.
    """
    if kind_named(kind) is None:
        raise JobError(f"No report job of kind {kind!r}.")
    key = pending_key(user.id, kind, params)
    _give_up_stale(key)
    for _ in range(3):  # the job found may finish (and free its key) in between
        inserted = db.session.execute(
            db.insert_for(ReportJob)
            .values(
                requested_by_id=user.id,
                kind=kind,
                params=dict(params),
                pending_key=key,
                status=JobStatus.queued,
                created_at=utcnow(),
                filename="",
                content_type="",
                error="",
            )
            .on_conflict_do_nothing(index_elements=["pending_key"])
            .returning(ReportJob.id)
        ).scalar()
        if inserted is not None:
            return db.session.get_one(ReportJob, inserted), True
        existing = db.session.scalar(select(ReportJob).where(ReportJob.pending_key == key))
        if existing is not None:
            return existing, False
    raise JobError("The report could not be queued; try again.")  # pragma: no cover


def _give_up_stale(key: str) -> None:
    now = utcnow()
    db.session.execute(
        update(ReportJob)
        .where(ReportJob.pending_key == key, ReportJob.created_at < now - STALE_AFTER)
        .values(
            status=JobStatus.failed,
            pending_key=None,
            finished_at=now,
            error="The report was not prepared in time; it was asked for again.",
        )
    )


def dispatch(job: ReportJob) -> None:
    """Run a committed, queued job: on the RQ queue when Redis is configured, else now."""
    url = current_app.config.get("LMS_REDIS_URL")
    if not url:
        perform(job.id)
        return
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        queue = Queue(current_app.config["LMS_REPORT_QUEUE"], connection=Redis.from_url(url))
        queue.enqueue(perform, job.id, job_timeout=JOB_TIMEOUT)
    except RedisError as error:
        log.error("report job %s: the queue at LMS_REDIS_URL did not answer: %s", job.id, error)
        _finish_failed(job.id, "The report queue did not answer; please try again later.")


def perform(job_id: int) -> None:
    """Prepare the job's file and store it, or store why it failed; commits.

    The entry point RQ calls (by its import path) and the inline runner; needs an application
    context. A job another runner already claimed is left alone.
    """
    claimed = db.rows_changed(
        update(ReportJob)
        .where(ReportJob.id == job_id, ReportJob.status == JobStatus.queued)
        .values(status=JobStatus.running, started_at=utcnow())
    )
    db.session.commit()
    if not claimed:
        return
    job = db.session.get_one(ReportJob, job_id)
    kind = kind_named(job.kind)
    if kind is None:
        _finish_failed(job_id, f"No report job of kind {job.kind!r}.")
        return
    try:
        output = kind.run(job.params)
    except Exception as error:  # any failure must end the job as failed, never "running"
        db.session.rollback()
        log.exception("report job %s (%s) failed", job_id, job.kind)
        _finish_failed(job_id, f"{type(error).__name__}: {error}")
        return
    job.output = output.data
    job.filename = output.filename
    job.content_type = output.content_type
    job.status = JobStatus.done
    job.pending_key = None
    job.finished_at = utcnow()
    db.session.flush()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    report_ready.send(app, job=job, title=str(kind.describe(job.params)), at=job.finished_at)
    db.session.commit()


def _finish_failed(job_id: int, error: str) -> None:
    db.session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id)
        .values(
            status=JobStatus.failed,
            pending_key=None,
            finished_at=utcnow(),
            error=error[:ERROR_CHARS],
        )
    )
    db.session.commit()


def job_for(user: User, job_id: int) -> ReportJob | None:
    """The job, if ``user`` asked for it (nobody else sees another person's reports)."""
    job = db.session.get(ReportJob, job_id)
    return job if job is not None and job.requested_by_id == user.id else None


def describe(job: ReportJob) -> str:
    kind = kind_named(job.kind)
    return str(kind.describe(job.params)) if kind else job.kind


def recent_jobs(user: User, limit: int = 20) -> list[ReportJob]:
    return list(
        db.session.scalars(
            select(ReportJob)
            .where(ReportJob.requested_by_id == user.id)
            .order_by(ReportJob.created_at.desc(), ReportJob.id.desc())
            .limit(limit)
        )
    )
