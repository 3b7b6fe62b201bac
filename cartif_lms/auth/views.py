"""Sign in and out, and change one's own password."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..forms import add_error
from ..security.redirects import safe_next
from .forms import ChangePasswordForm, LoginForm
from .identity import host_identity, host_login_url, host_logout_url
from .services import AccountError, SignInResult, authenticate, change_own_password
from .sessions import current_session_id, sign_in, sign_out

blueprint = Blueprint("auth", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if host_identity():
        return _host_login()
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/login.html", form=form)
    outcome = authenticate(
        form.email.data or "", form.password.data or "", request.remote_addr or "unknown"
    )
    if outcome.user is not None:
        sign_in(outcome.user)
    db.session.commit()  # the attempt counts for throttling whatever its outcome
    if outcome.result is SignInResult.throttled:
        flash(_("Too many failed sign-in attempts. Wait 15 minutes and try again."), "error")
        return render_template("lms/auth/login.html", form=form), 429
    if outcome.result is SignInResult.invalid:
        flash(_("The email or the password is not correct."), "error")
        return render_template("lms/auth/login.html", form=form), 200
    return redirect(safe_next(request.args.get("next")) or url_for("lms.core.home"))


def _host_login() -> Response:
    """In a host with its own Flask-Login, people sign in on the host's page."""
    target = safe_next(request.args.get("next")) or url_for("lms.core.home")
    if current_user.is_authenticated:
        return redirect(target)
    return redirect(host_login_url(target) or abort(404))


@blueprint.post("/logout")
@login_required
def logout() -> Response:
    """A POST (its CSRF token checked before the view), so no other site can sign people out."""
    if host_identity():  # the host's own sign-out ends the LMS's access too
        return redirect(host_logout_url() or abort(404), 303)
    sign_out()
    db.session.commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("lms.auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    """Asks for the current password, so a session left open cannot lock its owner out."""
    if host_identity():
        abort(404)  # the host keeps people's passwords
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/password.html", form=form)
    try:
        result = change_own_password(
            current_user,
            form.current_password.data or "",
            form.password.data or "",
            request.remote_addr or "unknown",
            keep_session=current_session_id(),
        )
    except AccountError as error:  # too short or too easy to guess: the policy says why
        db.session.commit()  # the confirmed current password counts for throttling
        add_error(form.password, str(error))
        return render_template("lms/auth/password.html", form=form), 200
    db.session.commit()  # a wrong current password counts for throttling too
    if result is SignInResult.ok:
        flash(_("Password changed. Any other session of yours has been signed out."), "success")
        return redirect(url_for("lms.core.home"))
    if result is SignInResult.throttled:
        flash(_("Too many failed sign-in attempts. Wait 15 minutes and try again."), "error")
        return render_template("lms/auth/password.html", form=form), 429
    add_error(form.current_password, _("This is not your current password."))
    return render_template("lms/auth/password.html", form=form), 200
