"""A report job's page ("being prepared", then the download link) and its file."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from . import services
from .models import UNFINISHED, JobStatus

blueprint = Blueprint("jobs", __name__, url_prefix="/reports/jobs")
#: Seconds between reloads of the "being prepared" page.
REFRESH_SECONDS = 3
STATUS_LABELS = {
    JobStatus.queued: _l("waiting"),
    JobStatus.running: _l("being prepared"),
    JobStatus.done: _l("ready"),
    JobStatus.failed: _l("failed"),
}


@blueprint.get("/")
@login_required  # one's own jobs only: someone else's is 404
def index() -> str:
    return render_template(
        "lms/jobs/index.html",
        jobs=services.recent_jobs(current_user),
        describe=services.describe,
        status_labels=STATUS_LABELS,
    )


@blueprint.get("/<int:job_id>")
@login_required  # one's own jobs only: someone else's is 404
def show(job_id: int) -> str:
    job = services.job_for(current_user, job_id) or abort(404)
    return render_template(
        "lms/jobs/show.html",
        job=job,
        title=services.describe(job),
        unfinished=job.status in UNFINISHED,
        refresh=REFRESH_SECONDS,
    )


@blueprint.get("/<int:job_id>/file")
@login_required  # one's own jobs only: someone else's is 404
def download(job_id: int) -> Response:
    job = services.job_for(current_user, job_id)
    if job is None or job.status is not JobStatus.done or job.output is None:
        abort(404)
    return Response(
        job.output,
        mimetype=job.content_type,
        headers={"Content-Disposition": f'attachment; filename="{job.filename}"'},
    )
