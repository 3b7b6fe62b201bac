"""``/notifications``: the list and "mark all read" (whether they come by e-mail too is set
on the profile page, ``auth.profile_views``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from .forms import MarkAllReadForm
from .services import mark_all_read, notifications_of

blueprint = Blueprint("notifications", __name__, url_prefix="/notifications")

#: The page lists this many, newest first.
PAGE_SIZE = 100


@blueprint.get("")
@login_required
def index() -> str:
    return render_template(
        "lms/notifications/index.html",
        notifications=notifications_of(current_user, PAGE_SIZE),
        mark_form=MarkAllReadForm(),
    )


@blueprint.post("/read")
@login_required
def read_all() -> Response:
    if not MarkAllReadForm().validate_on_submit():
        abort(400)
    marked = mark_all_read(current_user)
    db.session.commit()
    flash(_("%(num)s notifications marked read.", num=marked), "success")
    return redirect(url_for(".index"))
