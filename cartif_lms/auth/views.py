"""Sign in and sign out."""

import time
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import db
from .forms import LoginForm
from .services import SignInResult, authenticate, mark_seen

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/login.html", form=form)
    outcome = authenticate(form.email.data, form.password.data, request.remote_addr or "unknown")
    db.session.commit()
    if outcome.result is SignInResult.throttled:
        flash(_("Too many failed sign-in attempts. Wait 15 minutes and try again."), "error")
        return render_template("lms/auth/login.html", form=form), 429
    if outcome.result is SignInResult.invalid:
        flash(_("The email or the password is not correct."), "error")
        return render_template("lms/auth/login.html", form=form), 200
    login_user(outcome.user)
    mark_seen(session, time.time())
    return redirect(_safe_next(request.args.get("next")) or url_for("lms.core.home"))


@blueprint.post("/logout")
@login_required
def logout() -> Response:
    """A POST (its CSRF token checked before the view), so no other site can sign people out."""
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("lms.auth.login"))
