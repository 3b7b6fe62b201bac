"""A person double-clicks "Prepare PDF" (or opens it in several tabs): one report job."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from redis import Redis
from rq import Queue

from cartif_lms.jobs.models import ReportJob
from tests.concurrency.checks import count
from tests.concurrency.conftest import at_once

REDIS_URL = "redis://127.0.0.1:6379/0"
CLICKS = 6


@pytest.fixture
def report_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[Queue]:
    """The served app queues report jobs on Redis (so none finishes while the clicks race),
    on a queue of this test's own, emptied afterwards. Set before the server starts."""
    name = f"cartif-lms-race-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("LMS_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("LMS_REPORT_QUEUE", name)
    queue = Queue(name, connection=Redis.from_url(REDIS_URL))
    yield queue
    queue.delete(delete_jobs=True)


def test_clicking_prepare_several_times_at_once_queues_one_job(
    report_queue, curriculum, make_user, browsers
):
    analyst = make_user(role="analyst", country=None)
    tabs = browsers([analyst] * CLICKS)
    clicks = [
        tab.ready_to_post("/reports/regional/pdf", {"as_of": "2026-06-30"}, page="/reports/")
        for tab in tabs
    ]

    replies = at_once(*clicks)

    assert [r.status for r in replies] == [302] * CLICKS
    assert count(ReportJob) == 1
    assert report_queue.count == 1
