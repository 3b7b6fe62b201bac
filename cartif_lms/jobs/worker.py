"""The RQ worker that runs report jobs inside the application (``flask lms worker``)."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, current_app
from redis import Redis
from rq import Queue, SimpleWorker


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job in its own application context, in its own process.

    SimpleWorker, not the forking Worker: a forked child would share the parent's database
    connections (SQLAlchemy's pool is not fork-safe), and a report is one job at a time anyway.
    """

    app: Flask

    def execute_job(self, job: Any, queue: Any) -> None:
        with self.app.app_context():
            super().execute_job(job, queue)


def make_worker(app: Flask) -> AppWorker:
    """A worker on the app's report queue (``LMS_REPORT_QUEUE`` on ``LMS_REDIS_URL``)."""
    url = app.config.get("LMS_REDIS_URL")
    if not url:
        raise click.ClickException("LMS_REDIS_URL is not set: report jobs run inline.")
    connection = Redis.from_url(url)
    worker = AppWorker(
        [Queue(app.config["LMS_REPORT_QUEUE"], connection=connection)], connection=connection
    )
    worker.app = app
    return worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
def worker_command(burst: bool) -> None:
    """Run report jobs from the Redis queue (needs LMS_REDIS_URL)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    make_worker(app).work(burst=burst)
