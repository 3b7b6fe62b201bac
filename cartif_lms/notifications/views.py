"""``/notifications``: the list, "mark all read" and the e-mail preference."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from .forms import EmailPreferenceForm, MarkAllReadForm
from .services import mark_all_read, notifications_of, set_email_preference

blueprint = Blueprint("notifications", __name__, url_prefix="/notifications")

#: The page lists this many, newest first.
PAGE_SIZE = 100


@blueprint.get("")
@login_required
def index() -> str:
    preference = EmailPreferenceForm(email_me=current_user.email_notifications)
    return render_template(
        "lms/notifications/index.html",
        notifications=notifications_of(current_user, PAGE_SIZE),
        mark_form=MarkAllReadForm(),
        preference_form=preference,
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


@blueprint.post("/email")
@login_required
def email_preference() -> Response:
    form = EmailPreferenceForm()
    if not form.validate_on_submit():
        abort(400)
    set_email_preference(current_user, bool(form.email_me.data))
    db.session.commit()
    if form.email_me.data:
        flash(_("New notifications will also come by e-mail."), "success")
    else:
        flash(_("Notifications will no longer come by e-mail."), "success")
    return redirect(url_for(".index"))
