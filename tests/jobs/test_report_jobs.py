"""Someone asks for a PDF report: it is prepared in the background (a real RQ worker on the
local Redis, or inline without one), they see "being prepared", then a download link, and get a
notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.jobs import registry, services
from cartif_lms.jobs.models import JobStatus, ReportJob
from cartif_lms.jobs.worker import make_worker
from cartif_lms.notifications.models import Notification
from tests.concurrency.checks import fresh_look
from tests.progress_reports.conftest import pdf_text


def notified(user, kind="report_ready") -> int:
    fresh_look()
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.kind == kind)
    )


def test_without_redis_the_report_is_prepared_at_once(
    client, world, make_user, login_as, post_form
):
    analyst = make_user(role="analyst", country=None)
    login_as(analyst)

    asked = post_form("/reports/regional/pdf", {"as_of": ""}, page="/reports/regional")

    assert asked.status_code == 302
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Your report is ready." in page
    assert 'http-equiv="refresh"' not in page
    job = db.session.scalar(select(ReportJob))
    assert (job.status, job.pending_key) == (JobStatus.done, None)
    download = client.get(f"/reports/jobs/{job.id}/file")
    assert download.mimetype == "application/pdf"
    assert "CARTIF regional progress report" in pdf_text(download.data)
    assert notified(analyst) == 1


def test_with_redis_a_real_rq_worker_prepares_it(
    client, server, world, make_user, login_as, post_form, redis_queue
):
    focal_point = make_user(role="focal_point", country="KZ")
    login_as(focal_point)

    asked = post_form(
        "/reports/countries/KZ/pdf", {"as_of": "2026-06-30"}, page="/reports/countries/KZ"
    )

    waiting = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Your report is being prepared." in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert redis_queue.count == 1
    assert notified(focal_point) == 0

    make_worker(server).work(burst=True)

    fresh_look()
    job = db.session.scalar(select(ReportJob))
    assert job.status is JobStatus.done, job.error
    ready = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Your report is ready." in ready
    assert job.filename == "cartif-progress-KZ-2026-06-30.pdf"
    text = pdf_text(client.get(f"/reports/jobs/{job.id}/file").data)
    assert "Progress report: Kazakhstan" in text
    assert "As of Jun 30, 2026" in text
    assert notified(focal_point) == 1
    assert redis_queue.count == 0


def test_a_report_that_fails_says_so_and_can_be_asked_for_again(app, world, make_user):
    def broken(_params):
        raise RuntimeError("the printer is on fire")

    registry.register(registry.JobKind("test_broken", lambda p: "Broken report", broken))
    person = make_user(role="analyst", country=None)
    job, new = services.request_job(person, "test_broken", {"as_of": None})
    db.session.commit()
    services.dispatch(job)

    fresh_look()
    failed = db.session.get(ReportJob, job.id)
    assert new
    assert failed.status is JobStatus.failed
    assert failed.error == "RuntimeError: the printer is on fire"
    again, new_again = services.request_job(person, "test_broken", {"as_of": None})
    assert new_again
    assert again.id != job.id


def test_asking_again_while_it_is_prepared_finds_the_same_job(app, world, make_user, redis_queue):
    person, other = make_user(role="analyst", country=None), make_user(role="analyst", country=None)
    first, new = services.request_job(person, "regional_report", {"as_of": None})
    second, new_again = services.request_job(person, "regional_report", {"as_of": None})
    another_day, _ = services.request_job(person, "regional_report", {"as_of": "2026-06-30"})
    someone_else, _ = services.request_job(other, "regional_report", {"as_of": None})
    assert (new, new_again) == (True, False)
    assert second.id == first.id
    assert len({first.id, another_day.id, someone_else.id}) == 3


def test_nobody_else_sees_a_persons_report(client, world, make_user, login_as):
    owner = make_user(role="analyst", country=None)
    job, _ = services.request_job(owner, "regional_report", {"as_of": None})
    db.session.commit()
    login_as(make_user(role="analyst", country=None))
    assert client.get(f"/reports/jobs/{job.id}").status_code == 404
    assert client.get(f"/reports/jobs/{job.id}/file").status_code == 404


def test_an_unknown_kind_of_job_is_refused(app, world, make_user):
    with pytest.raises(services.JobError):
        services.request_job(make_user(), "no_such_report", {})


def test_a_job_lost_long_ago_gives_way_to_a_new_one(app, world, make_user, redis_queue):
    person = make_user(role="analyst", country=None)
    lost, _ = services.request_job(person, "regional_report", {"as_of": None})
    lost.created_at = lost.created_at - services.STALE_AFTER - timedelta(minutes=1)
    db.session.commit()

    again, new = services.request_job(person, "regional_report", {"as_of": None})
    db.session.commit()

    assert new
    assert again.id != lost.id
    db.session.refresh(lost)
    assert lost.status is JobStatus.failed
    assert lost.pending_key is None


def test_the_worker_command_runs_the_queued_reports(runner, world, make_user, redis_queue):
    person = make_user(role="analyst", country=None)
    job, _ = services.request_job(person, "regional_report", {"as_of": "2026-06-30"})
    db.session.commit()
    redis_queue.enqueue(services.perform, job.id)

    result = runner.invoke(args=["lms", "worker", "--burst"])

    assert result.exit_code == 0, result.output
    fresh_look()
    assert db.session.get(ReportJob, job.id).status is JobStatus.done
    assert notified(person) == 1


def test_without_redis_the_worker_command_says_why_it_cannot_run(runner, world):
    result = runner.invoke(args=["lms", "worker", "--burst"])
    assert result.exit_code == 1
    assert "LMS_REDIS_URL is not set" in result.output
