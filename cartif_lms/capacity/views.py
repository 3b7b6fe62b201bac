"""Capacity pages: my competencies, a country's picture, the regional dashboard, TA needs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import charts, db
from ..auth.services import find_user_by_email
from ..directory.models import CROSS_CUTTING, Competency, Country, NegotiatingArea
from ..directory.services import list_areas
from ..forms import add_error, select_choices
from ..pagination import requested_page
from ..security.permissions import CAPACITY, Permission, can, permission_required
from ..security.scoping import country_view
from . import exports, services
from .evidence import EvidenceError, assess_competency
from .forms import AssessmentForm, NeedStatusForm, ReadinessForm
from .models import NeedStatus, TANeed
from .panels import panels_for

blueprint = Blueprint("capacity", __name__, url_prefix="/capacity")
analysts = permission_required(Permission.plan_technical_assistance)


@blueprint.get("/me")
@login_required
def mine() -> str:
    return render_template("lms/capacity/mine.html", rows=services.my_competencies(current_user))


@blueprint.get("/dashboard")
@permission_required(Permission.view_all_capacity)
def dashboard() -> str:
    cells = services.progress_cells(current_user)
    gaps = services.gap_rows(current_user)
    mean_gaps = services.mean_gap_by_area(gaps)
    countries = services.visible_countries(current_user)
    areas = [a.code for a in list_areas()] + [CROSS_CUTTING]
    completion = {(c.country, c.area): c.completion for c in cells}
    table = _country_table(countries, cells, gaps, request.args.get("sort", "country"))
    return render_template(
        "lms/capacity/dashboard.html",
        table=table,
        sort=request.args.get("sort", "country"),
        completion_chart=charts.heatmap(
            [c.code for c in countries],
            areas,
            completion,
            title=_("Completion (%)"),
            low=0,
            high=100,
            row_links={c.code: url_for(".country", code=c.code) for c in countries},
            table=True,
        ),
        gap_chart=charts.heatmap(
            [c.code for c in countries],
            areas,
            mean_gaps,
            title=_("Mean gap (levels)"),
            low=0,
            high=3,
            value_format="{:.1f}",
            high_is_good=False,
            table=True,
        ),
        by_sex=services.learners_by_sex(current_user),
        countries=countries,
        cross_cutting=CROSS_CUTTING,
        panels=panels_for(current_user),
    )


def _country_table(
    countries: list[Country],
    cells: list[services.ProgressCell],
    gaps: list[services.GapRow],
    sort: str,
) -> list[services.CountryFigures]:
    keys: dict[str, Any] = {
        "completion": lambda r: -r.completion,
        "gap": lambda r: -r.mean_gap,
        "learners": lambda r: -r.learners,
    }
    rows = services.country_figures(countries, cells, gaps)
    return sorted(rows, key=keys.get(sort, lambda r: r.country.name))


@blueprint.get("/countries/<code>")
@country_view(CAPACITY)
def country(country: Country) -> str:
    gaps = services.gap_rows(current_user, country)
    cells = services.progress_cells(current_user, country)
    areas = list_areas()
    return render_template(
        "lms/capacity/country.html",
        country=country,
        areas=areas,
        cells=cells,
        gaps=gaps,
        mean_gaps=services.mean_gap_by_area(gaps),
        people=services.person_gaps_page(current_user, country, requested_page()),
        uncovered=services.uncovered_designations(country),
        readiness=services.latest_readiness([country.id]),
        completion_chart=charts.bar_chart(
            [(c.area, c.completion) for c in cells],
            title=_("Completion by area (%)"),
            max_value=100,
            unit="%",
            table=True,
        ),
    )


def _area_or_404(code: str) -> NegotiatingArea:
    area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == code.upper()))
    return area or abort(404)


@blueprint.route("/countries/<code>/readiness/<area_code>", methods=["GET", "POST"])
@country_view(CAPACITY)
def readiness(country: Country, area_code: str) -> WerkzeugResponse | str:
    area = _area_or_404(area_code)
    form = ReadinessForm()
    if form.validate_on_submit():
        scores = {f: int(form[f].data) for f in services.READINESS_FIELDS}
        services.record_readiness(current_user, country, area, scores, form.notes.data or "")
        db.session.commit()
        flash(_("Readiness assessment recorded."), "success")
        return redirect(url_for(".country", code=country.code))
    return render_template(
        "lms/capacity/readiness.html",
        country=country,
        area=area,
        form=form,
        history=services.readiness_history(country, area),
        fields=services.READINESS_FIELDS,
    )


@blueprint.get("/ta-needs")
@country_view(CAPACITY, Permission.plan_technical_assistance, Permission.view_own_country_capacity)
def ta_needs(country: Country | None) -> str:
    status = request.args.get("status", "")
    needs = services.ta_needs(
        current_user, NeedStatus(status) if status in NeedStatus.__members__ else None, country
    )
    trainings = services.trainings_for(sorted({n.competency_id for n in needs}))
    return render_template(
        "lms/capacity/ta_needs.html",
        needs=needs,
        trainings=trainings,
        forms={n.id: NeedStatusForm(status=n.status.value, note=n.note) for n in needs},
        countries=services.visible_countries(current_user),
    )


@blueprint.post("/ta-needs/generate")
@analysts
def generate_needs() -> WerkzeugResponse:
    report = services.generate_needs()
    db.session.commit()
    flash(
        _(
            "Needs regenerated: %(created)d new, %(updated)d updated, %(closed)d closed.",
            created=report.created,
            updated=report.updated,
            closed=report.closed,
        ),
        "success",
    )
    return redirect(url_for(".ta_needs"))


@blueprint.post("/ta-needs/<int:need_id>")
@analysts
def set_status(need_id: int) -> WerkzeugResponse:
    need = db.session.get(TANeed, need_id) or abort(404)
    form = NeedStatusForm()
    if not form.validate_on_submit():
        abort(400, description=_("Choose open, planned or addressed."))
    services.set_need_status(current_user, need, NeedStatus(form.status.data), form.note.data or "")
    db.session.commit()
    flash(_("Status saved."), "success")
    return redirect(url_for(".ta_needs"))


@blueprint.route("/assess", methods=["GET", "POST"])
@permission_required(Permission.review_submissions)
def assess() -> WerkzeugResponse | str:
    form = AssessmentForm()
    competencies = db.session.scalars(
        select(Competency).where(Competency.retired_at.is_(None)).order_by(Competency.code)
    ).all()
    form.competency.choices = select_choices(
        (str(c.id), f"{c.code} · {c.name}") for c in competencies
    )
    if form.validate_on_submit():
        person = find_user_by_email(form.email.data or "")
        competency = db.session.get_one(Competency, int(form.competency.data))  # one of the choices
        if person is None or not person.active:
            add_error(form.email, _("No active account with this email."))
        else:
            try:
                assess_competency(
                    current_user, person, competency, int(form.level.data), form.note.data or ""
                )
            except EvidenceError as error:
                form.form_errors.append(str(error))
            else:
                db.session.commit()
                flash(_("Assessment recorded for %(name)s.", name=person.name), "success")
                return redirect(url_for(".assess"))
    return render_template("lms/capacity/assess.html", form=form)


@blueprint.get("/gaps.csv")
@country_view(CAPACITY)
def gaps_csv(country: Country | None) -> Response:
    if country is None and not can(current_user, Permission.view_all_capacity):
        abort(403)  # every country's gaps at once is the dashboard's export
    body = exports.gaps_csv(services.gap_rows(current_user, country))
    name = f"cartif-gaps-{country.code if country else 'all'}.csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
