"""Report pages: a country's and the regional progress report (HTML, and a PDF prepared as a
background job), and module handouts (PDF, at once: one module is quick)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import db
from ..capacity import services as capacity
from ..directory.models import Country
from ..jobs import services as jobs
from ..security.permissions import CAPACITY, Permission, can, permission_required
from ..security.scoping import country_view
from . import documents, reports, services
from .figures import cutoff_for

blueprint = Blueprint("progress_reports", __name__, url_prefix="/reports")
regional_readers = permission_required(Permission.view_all_capacity)


def _as_of_from(value: str | None) -> date | None:
    """The as-of day asked for; a malformed one is said, and today is used instead."""
    try:
        return services.parse_as_of(value)
    except services.ReportError as error:
        flash(str(error), "error")
        return None


@blueprint.get("/")
@permission_required(Permission.view_all_capacity, Permission.view_own_country_capacity)
def index() -> str:
    return render_template(
        "lms/progress_reports/index.html",
        countries=capacity.visible_countries(current_user),
        regional=can(current_user, Permission.view_all_capacity),
    )


@blueprint.get("/countries/<code>")
@country_view(CAPACITY)
def country(country: Country) -> str:
    report = reports.country_report(country, cutoff_for(_as_of_from(request.args.get("as_of"))))
    return documents.country_html(report)


@blueprint.post("/countries/<code>/pdf")
@country_view(CAPACITY)
def prepare_country(country: Country) -> WerkzeugResponse:
    as_of = _as_of_from(request.form.get("as_of"))
    params = services.job_params(as_of, country=country.code)
    return _prepare(services.COUNTRY_REPORT, params)


@blueprint.get("/regional")
@regional_readers
def regional() -> str:
    cutoff = cutoff_for(_as_of_from(request.args.get("as_of")))
    # Looking at the page keeps no snapshot: only a prepared PDF counts as "a report".
    return documents.regional_html(reports.regional_report(cutoff, keep_snapshot=False))


@blueprint.post("/regional/pdf")
@regional_readers
def prepare_regional() -> WerkzeugResponse:
    params = services.job_params(_as_of_from(request.form.get("as_of")))
    return _prepare(services.REGIONAL_REPORT, params)


def _prepare(kind: str, params: dict[str, object]) -> WerkzeugResponse:
    job, new = jobs.request_job(current_user, kind, params)
    db.session.commit()
    if new:
        jobs.dispatch(job)  # inline without Redis: the job is done when this returns
    return redirect(url_for("lms.jobs.show", job_id=job.id))


@blueprint.get("/handouts/<track>/<module>.pdf")
@login_required  # whoever may read the module, by the take-training rule (require_to_read)
def handout(track: str, module: str) -> Response:
    try:
        found = services.module_named(f"{track}/{module}")
    except services.ReportError:
        abort(404)
    services.require_to_read(current_user, found)
    output = services.handout_pdf(found.slug)
    return Response(
        output.data,
        mimetype=output.content_type,
        headers={"Content-Disposition": f'attachment; filename="{output.filename}"'},
    )
