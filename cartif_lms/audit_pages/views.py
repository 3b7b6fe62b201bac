"""The audit trail's pages: the filtered list, newest first, and the same list as CSV."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import Action
from ..db import utcnow
from ..directory.models import Country
from ..forms import add_error
from ..security.permissions import AUDIT
from ..security.scoping import country_view
from ..spreadsheet import csv_lines
from .forms import TrailFilterForm
from .services import (
    CSV_HEADER,
    Cursor,
    TrailFilter,
    countries_in_reach,
    csv_row,
    person_in_reach,
    trail_lines,
    trail_page,
)

blueprint = Blueprint("audit", __name__, url_prefix="/audit")
#: The query names that say where a page starts; the rest are the filters.
CURSORS = ("before", "after")


@blueprint.get("/")
@country_view(AUDIT)
def trail(country: Country | None) -> str:
    form, filters = _filters(country)
    page = trail_page(current_user, filters, _cursor()) if filters is not None else None
    return render_template("lms/audit/trail.html", form=form, page=page, query=_filter_args())


@blueprint.get("/entries.csv")
@country_view(AUDIT)
def trail_csv(country: Country | None) -> Response:
    _form, filters = _filters(country)
    if filters is None:
        abort(400, description=_("Correct the filters on the audit trail page first."))
    lines = (csv_row(line) for line in trail_lines(current_user, filters))
    name = f"cartif-audit-{utcnow():%Y-%m-%d}.csv"
    return Response(
        stream_with_context(csv_lines(CSV_HEADER, lines)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _filters(country: Country | None) -> tuple[TrailFilterForm, TrailFilter | None]:
    """The filter form from the query, and what it asks for (None: the form has errors)."""
    form = TrailFilterForm(countries_in_reach(current_user), formdata=request.args)
    if not form.validate():
        return form, None
    person = None
    if form.person.data:
        person = person_in_reach(current_user, form.person.data)
        if person is None:
            add_error(form.person, _("Nobody you may see has this e-mail address."))
            return form, None
    action = Action(form.action.data) if form.action.data else None
    filters = TrailFilter(
        person_id=person.id if person else None,
        country_id=country.id if country else None,
        action=action,
        since=form.since.data,
        until=form.until.data,
    )
    return form, filters


def _cursor() -> Cursor | None:
    before, after = (request.args.get(name, type=int) for name in CURSORS)
    if before is not None:
        return Cursor(before)
    if after is not None:
        return Cursor(after, older=False)
    return None


def _filter_args() -> dict[str, Any]:
    """The filters of this request, for the links to other pages and to the CSV."""
    return {k: v for k, v in request.args.items() if k not in CURSORS and v}
