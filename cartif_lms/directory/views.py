"""Countries and the designations a focal point manages for their own country."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..db import utcnow
from ..pagination import requested_page
from ..security.permissions import DESIGNATIONS, Permission, permission_required
from ..security.scoping import country_view, scope_for
from .forms import KIND_LABELS, DesignationForm, RevokeForm
from .models import Country, DesignationKind
from .services import (
    DesignationError,
    DesignationRequest,
    country_designation,
    country_designations_page,
    country_people,
    designate,
    list_areas,
    list_countries,
    revoke_designation,
)

blueprint = Blueprint("directory", __name__)


@blueprint.get("/countries")
@permission_required(Permission.view_all_capacity)
def countries() -> str:
    return render_template(
        "lms/directory/countries.html",
        countries=list_countries(),
        # Each row links to its designations for whoever manages every country's.
        manages_every_country=scope_for(current_user, DESIGNATIONS).every_country,
    )


def _designation_page(country: Country, form: DesignationForm) -> str:
    return render_template(
        "lms/directory/designations.html",
        country=country,
        designations=country_designations_page(current_user, country, requested_page()),
        form=form,
        kinds=KIND_LABELS,
        today=utcnow().date(),
    )


def _form_for(country: Country) -> DesignationForm:
    return DesignationForm(country_people(current_user, country), list_areas())


@blueprint.get("/countries/<code>/designations")
@country_view(DESIGNATIONS)
def designations(country: Country) -> str:
    return _designation_page(country, _form_for(country))


@blueprint.post("/countries/<code>/designations")
@country_view(DESIGNATIONS)
def add_designation(country: Country) -> Response | str:
    form = _form_for(country)
    if not form.validate_on_submit():
        return _designation_page(country, form)
    request = DesignationRequest(
        user_id=form.person.data,
        kind=DesignationKind(form.kind.data),
        area_id=form.area.data or None,
        valid_from=form.valid_from.data or date.today(),  # required: never empty here
        valid_until=form.valid_until.data,
    )
    try:
        designate(current_user, country, request)
    except DesignationError as error:
        form.form_errors.append(str(error))
        return _designation_page(country, form)
    db.session.commit()
    flash(_("Designation recorded."), "success")
    return redirect(url_for("lms.directory.designations", code=country.code))


@blueprint.route(
    "/countries/<code>/designations/<int:designation_id>/revoke", methods=["GET", "POST"]
)
@country_view(DESIGNATIONS)
def revoke(country: Country, designation_id: int) -> Response | str:
    """Ask for confirmation (GET, or a POST without the tick), then revoke."""
    designation = country_designation(country, designation_id) or abort(404)
    if designation.revoked_at is not None:  # a second click, or a colleague was quicker
        flash(_("This designation was revoked already."), "info")
        return redirect(url_for("lms.directory.designations", code=country.code))
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_template(
            "lms/directory/revoke.html",
            country=country,
            designation=designation,
            form=form,
            kinds=KIND_LABELS,
        )
    revoke_designation(country, designation.id, utcnow(), revoked_by=current_user)
    db.session.commit()
    flash(_("Designation revoked."), "success")
    return redirect(url_for("lms.directory.designations", code=country.code))
