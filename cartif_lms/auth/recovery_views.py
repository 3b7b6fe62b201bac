"""Forgotten passwords (a link by e-mail), and the change an administrator's reset forces."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..forms import add_error
from ..security.csrf import on_api
from .forms import ForgotPasswordForm, ResetPasswordForm
from .identity import host_identity
from .recovery import ResetLinkError, request_reset, reset_with_link, user_for_reset
from .services import AccountError

blueprint = Blueprint("password", __name__, url_prefix="/password")

#: What a person who must change their password may still reach.
#: (The health check answers for the database alone: it never loads the person.)
_ALLOWED_WHILE_CHANGE_DUE = {
    "lms.auth.change_password",
    "lms.auth.logout",
    "lms.static",
    "lms.core.healthz",
}


@blueprint.route("/forgot", methods=["GET", "POST"])
def forgot() -> Response | str | tuple[str, int]:
    """The same answer whether or not an account has the address."""
    if host_identity():
        abort(404)  # the host keeps people's passwords
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/forgot.html", form=form)
    sent = request_reset(form.email.data or "", request.remote_addr or "unknown")
    db.session.commit()
    if not sent:
        flash(_("Too many requests for a new password. Wait 15 minutes and try again."), "error")
        return render_template("lms/auth/forgot.html", form=form), 429
    flash(
        _(
            "If an account has this address, a link to choose a new password is on its way. "
            "It works once, within %(n)d minutes.",
            n=_reset_minutes(),
        ),
        "info",
    )
    return redirect(url_for("lms.auth.login"))


def _reset_minutes() -> int:
    minutes: int = current_app.config["LMS_PASSWORD_RESET_MINUTES"]
    return minutes


@blueprint.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response | str | tuple[str, int]:
    """Choose a new password with a link from the e-mail; a used or expired link says so."""
    if host_identity():
        abort(404)
    try:
        person = user_for_reset(token)
    except ResetLinkError as error:
        return render_template("lms/auth/reset.html", problem=str(error)), 400
    if current_user.is_authenticated and current_user.id != person.id:
        problem = _("This link is for another account. Sign out first, then open it again.")
        return render_template("lms/auth/reset.html", problem=problem), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/reset.html", form=form)
    try:
        reset_with_link(token, form.password.data or "")
    except AccountError as error:
        add_error(form.password, str(error))
        return render_template("lms/auth/reset.html", form=form), 200
    db.session.commit()
    flash(_("Password changed. Sign in with your new password."), "success")
    return redirect(url_for("lms.auth.login"))


def require_password_change() -> Response | None:
    """``before_request``: after an administrator's reset, every page sends the person to
    the password page until they choose their own (API tokens are not affected)."""
    if host_identity() or on_api() or request.endpoint in _ALLOWED_WHILE_CHANGE_DUE:
        return None
    if current_user.is_authenticated and getattr(current_user, "must_change_password", False):
        flash(_("Choose a new password of your own to continue."), "info")
        return redirect(url_for("lms.auth.change_password"))
    return None
