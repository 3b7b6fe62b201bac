"""Report jobs on a real Redis: each test has a queue of its own, emptied afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from redis import Redis
from rq import Queue

from tests.capacity.conftest import world  # noqa: F401  (the fixture, for these tests too)

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_queue(app: Flask, server: Flask) -> Iterator[Queue]:
    """The served app (and the test's own, which commands run in) queue report jobs on RQ, on
    a queue only this test uses."""
    name = f"cartif-lms-test-{uuid.uuid4().hex[:12]}"
    for each in (app, server):
        each.config["LMS_REDIS_URL"] = REDIS_URL
        each.config["LMS_REPORT_QUEUE"] = name
    queue = Queue(name, connection=Redis.from_url(REDIS_URL))
    yield queue
    queue.delete(delete_jobs=True)
