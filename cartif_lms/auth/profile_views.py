"""``/account/profile``: one's own name, language, time zone and e-mail preference."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..db import utcnow
from ..forms import add_error
from .identity import host_identity
from .profile import ProfileError, update_profile
from .profile_forms import ProfileForm

blueprint = Blueprint("profile", __name__, url_prefix="/account/profile")


def _page(form: ProfileForm) -> str:
    return render_template(
        "lms/auth/profile.html",
        form=form,
        # In a host with its own sign-in, the host keeps passwords (our page answers 404).
        own_password=not host_identity(),
        now=utcnow(),
    )


@blueprint.route("", methods=["GET", "POST"])
@login_required  # everyone signed in edits their own profile, and only theirs
def edit() -> Response | str:
    form = ProfileForm()
    if not form.is_submitted():
        return _page(ProfileForm.of(current_user))
    if not form.validate_on_submit():
        return _page(form)
    try:
        update_profile(current_user, form.change())
    except ProfileError as error:
        add_error(form[error.field], str(error))
        return _page(form)
    db.session.commit()
    refresh()  # the message below is already in the language just chosen
    flash(_("Profile saved."), "success")
    return redirect(url_for(".edit"))
