"""Asking for an account (signed out), and a focal point's account requests and new learners.

In a host with its own Flask-Login these pages answer 404: the host keeps the accounts.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from .. import db
from ..directory.models import Country
from ..forms import add_error
from ..security.permissions import ACCOUNTS, permission_required
from ..security.scoping import country_view, scope_for
from .identity import host_identity
from .models import AccountRequest, User
from .registration import (
    AlreadyDecided,
    Applicant,
    ConfirmLinkError,
    RegistrationError,
    approve_request,
    confirm_request,
    create_learner,
    pending_requests,
    reject_request,
    request_account,
    request_in_scope,
    request_to_confirm,
)
from .registration_forms import LearnerForm, RegistrationForm, RejectForm
from .services import AccountError

blueprint = Blueprint("registration", __name__)


@blueprint.before_request
def _not_in_a_host() -> None:
    if host_identity():
        abort(404)


# --- signed out: asking, confirming --------------------------------------------------------


@blueprint.route("/register", methods=["GET", "POST"])
def register() -> str | tuple[str, int]:
    """One answer whether the address has an account, a request, or neither."""
    form = RegistrationForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/register.html", form=form)
    try:
        asked = request_account(_applicant(form), request.remote_addr or "unknown")
    except RegistrationError as error:  # a country that is not a CAREC one
        add_error(form.country, str(error))
        return render_template("lms/auth/register.html", form=form)
    db.session.commit()  # the request counts for throttling
    if not asked:
        flash(_("Too many requests for an account. Wait 15 minutes and try again."), "error")
        return render_template("lms/auth/register.html", form=form), 429
    hours = current_app.config["LMS_ACCOUNT_REQUEST_HOURS"]
    return render_template("lms/auth/register_sent.html", hours=hours)


def _applicant(form: RegistrationForm) -> Applicant:
    return Applicant(
        email=form.email.data or "",
        name=form.name.data or "",
        country_code=form.country.data or "",
        organisation=form.organisation.data or "",
        position=form.position.data or "",
    )


@blueprint.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> str | tuple[str, int]:
    """A button, not the link itself, confirms: a mail scanner opening links confirms nothing."""
    try:
        asked = request_to_confirm(token)
        form = FlaskForm()
        if not form.validate_on_submit():
            return render_template("lms/auth/register_confirm.html", asked=asked, form=form)
        confirm_request(token)
    except ConfirmLinkError as error:
        return render_template("lms/auth/register_confirm.html", problem=str(error)), 400
    db.session.commit()
    return render_template("lms/auth/register_confirm.html", asked=asked, confirmed=True)


# --- focal points and administrators: deciding, creating -----------------------------------


@blueprint.get("/account-requests")
@country_view(ACCOUNTS)
def requests(country: Country | None) -> str:
    return _requests_page(country)


def _requests_page(country: Country | None) -> str:
    return render_template(
        "lms/auth/requests.html",
        requests=pending_requests(current_user, country),
        country=country,
        creates_for=country or _own_country(),
    )


def _own_country() -> Country | None:
    """The one country a focal point decides for (None for who decides for every country)."""
    return None if scope_for(current_user, ACCOUNTS).every_country else current_user.country


def _request_or_404(request_id: int) -> AccountRequest:
    found = request_in_scope(current_user, request_id)
    if found is None:
        abort(404)  # another country's request reads exactly as one that does not exist
    return found


@blueprint.post("/account-requests/<int:request_id>/approve")
@permission_required(*ACCOUNTS.permissions)
def approve(request_id: int) -> Response | tuple[str, int]:
    asked = _request_or_404(request_id)
    try:
        person = approve_request(current_user, asked)
    except AccountError as error:  # decided already, or the address is taken
        db.session.rollback()  # nothing half-made
        flash(str(error), "error")
        return _requests_page(None), 409
    db.session.commit()
    return _account_made(person)


@blueprint.route("/account-requests/<int:request_id>/reject", methods=["GET", "POST"])
@permission_required(*ACCOUNTS.permissions)
def reject(request_id: int) -> Response | str | tuple[str, int]:
    asked = _request_or_404(request_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/requests_reject.html", asked=asked, form=form)
    try:
        reject_request(current_user, asked, form.reason.data or "")
    except RegistrationError as error:
        db.session.rollback()
        status = 409 if isinstance(error, AlreadyDecided) else 200
        add_error(form.reason, str(error))
        return render_template("lms/auth/requests_reject.html", asked=asked, form=form), status
    db.session.commit()
    flash(_("Request rejected; %(name)s was told why.", name=asked.name), "success")
    return redirect(url_for("lms.registration.requests"))


@blueprint.route("/countries/<code>/learners/new", methods=["GET", "POST"])
@country_view(ACCOUNTS)
def new_learner(country: Country) -> Response | str:
    form = LearnerForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/requests_new_learner.html", country=country, form=form)
    try:
        person = create_learner(current_user, country, form.name.data or "", form.email.data or "")
    except AccountError as error:  # the address was taken meanwhile
        db.session.rollback()
        add_error(form.email, str(error))
        return render_template("lms/auth/requests_new_learner.html", country=country, form=form)
    db.session.commit()
    return _account_made(person)


def _account_made(person: User) -> Response:
    message = _(
        "Account created for %(name)s; they were sent a link to choose a password.",
        name=person.name,
    )
    flash(message, "success")
    return redirect(url_for("lms.registration.requests"))
