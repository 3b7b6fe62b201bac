"""``/account/data``: one's own data as a JSON file; ``/privacy/people/<id>/erase``: an
administrator erases a person, after a confirmation."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import db
from ..auth.models import User
from ..db import utcnow
from ..forms import add_error
from ..security.permissions import Permission, permission_required
from .forms import EraseForm
from .registry import personal_tables
from .services import ErasureRefused, erase_person, export_json

blueprint = Blueprint("privacy", __name__)


@blueprint.get("/account/data")
@login_required
def my_data() -> str:
    """What the download holds, and the button."""
    return render_template("lms/privacy/my_data.html", tables=personal_tables())


@blueprint.get("/account/data/download")
@login_required
def my_data_file() -> Response:
    filename = f"cartif-lms-my-data-{utcnow():%Y-%m-%d}.json"
    return Response(
        export_json(current_user),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _person_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _erase_page(person: User, form: EraseForm) -> str:
    return render_template(
        "lms/privacy/erase.html", person=person, form=form, tables=personal_tables()
    )


@blueprint.get("/privacy/people/<int:user_id>/erase")
@permission_required(Permission.manage_users)
def erase(user_id: int) -> str:
    person = _person_or_404(user_id)
    return _erase_page(person, EraseForm(person.email, formdata=None))


@blueprint.post("/privacy/people/<int:user_id>/erase")
@permission_required(Permission.manage_users)
def erase_confirmed(user_id: int) -> WerkzeugResponse | str:
    person = _person_or_404(user_id)
    form = EraseForm(person.email)
    if person.erased_at is not None or not form.validate_on_submit():
        return _erase_page(person, form)
    try:
        erase_person(current_user, person)
    except ErasureRefused as refusal:
        db.session.rollback()
        add_error(form.email, str(refusal))
        return _erase_page(_person_or_404(user_id), form)
    db.session.commit()
    flash(_("The person's data was erased; they are now %(name)s.", name=person.name), "success")
    return redirect(url_for("lms.admin.user", user_id=person.id))
