"""``/account/tokens``: one's API tokens (every person's, for an administrator)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..db import utcnow
from ..forms import add_error
from ..security.permissions import Permission, can
from .token_forms import NewTokenForm, RevokeTokenForm
from .tokens import TokenError, issue_token, revoke_token, token_visible_to, tokens_visible_to

blueprint = Blueprint("tokens", __name__, url_prefix="/account/tokens")

#: The expiry the form suggests.
DEFAULT_LIFETIME = timedelta(days=90)


def _page(form: NewTokenForm, new_token: str | None = None) -> str:
    return render_template(
        "lms/auth/tokens.html",
        form=form,
        revoke_form=RevokeTokenForm(),
        tokens=tokens_visible_to(current_user),
        everyone=can(current_user, Permission.manage_users),
        new_token=new_token,
        today=utcnow().date(),
    )


@blueprint.route("", methods=["GET", "POST"])
@login_required  # one's own tokens; an administrator's page lists everyone's
def index() -> str:
    """The list and the form; a new token is shown once, on the page that answers the POST."""
    form = NewTokenForm()
    if not form.is_submitted():
        return _page(_blank_form())
    if not form.validate_on_submit():
        return _page(form)
    assert form.expires_on.data is not None  # DataRequired
    try:
        token = issue_token(current_user, (form.name.data or "").strip(), form.expires_on.data)
    except TokenError as error:
        add_error(form.expires_on, str(error))
        return _page(form)
    db.session.commit()
    return _page(_blank_form(), new_token=token)


def _blank_form() -> NewTokenForm:
    form = NewTokenForm(formdata=None)
    form.expires_on.data = utcnow().date() + DEFAULT_LIFETIME
    return form


@blueprint.post("/<int:token_id>/revoke")
@login_required  # someone else's token is 404, unless the viewer is an administrator
def revoke(token_id: int) -> Response:
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    row = token_visible_to(current_user, token_id)
    if row is None:
        abort(404)
    if revoke_token(row):
        flash(_("Token “%(name)s” revoked: it opens nothing any more.", name=row.name), "success")
    else:
        flash(_("Token “%(name)s” was revoked already.", name=row.name), "info")
    db.session.commit()
    return redirect(url_for(".index"))
