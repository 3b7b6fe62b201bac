"""Administrators list, create and deactivate accounts, change roles and reset passwords.

Deactivating, changing a role and resetting a password end the person's sessions (see
``cartif_lms.auth.sessions``)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..auth.labels import ROLE_LABELS
from ..auth.models import Gender, Role, User
from ..auth.services import AccountError, change_role, create_user, set_active, set_password
from ..auth.sessions import current_session_id
from ..directory.services import country_by_code
from ..forms import add_error
from ..security.permissions import Permission, permission_required
from .forms import PasswordForm, RoleForm, UserForm, country_choices
from .services import list_users

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.before_request
@permission_required(Permission.manage_users)
def _admins_only() -> None:
    return None


@blueprint.get("/users")
def users() -> str:
    role = request.args.get("role", "")
    page = list_users(
        current_user,
        Role(role) if role in Role.__members__ else None,
        request.args.get("country") or None,
        request.args.get("page", 1, type=int),
    )
    return render_template(
        "lms/admin/users.html",
        page=page,
        roles=ROLE_LABELS,
        countries=country_choices(_("All countries")),
    )


@blueprint.route("/users/new", methods=["GET", "POST"])
def new_user() -> Response | str:
    form = UserForm()
    if not form.validate_on_submit():
        return render_template("lms/admin/user_new.html", form=form)
    try:
        user = create_user(
            form.email.data or "",
            form.name.data or "",
            Role(form.role.data),
            form.password.data or "",
            country=country_by_code(form.country.data) if form.country.data else None,
            gender=Gender(form.gender.data) if form.gender.data else None,
        )
    except AccountError as error:  # the password policy (auth.password_policy) says why
        add_error(form.password, str(error))
        return render_template("lms/admin/user_new.html", form=form)
    db.session.commit()
    flash(_("Account created for %(name)s.", name=user.name), "success")
    return redirect(url_for("lms.admin.user", user_id=user.id))


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _user_page(
    person: User, password_form: PasswordForm | None = None, role_form: RoleForm | None = None
) -> str:
    """The account page; a form sent back with errors replaces its blank twin."""
    if role_form is None:
        code = person.country.code if person.country else ""
        role_form = RoleForm(formdata=None, data={"role": person.role.value, "country": code})
    return render_template(
        "lms/admin/user.html",
        person=person,
        password_form=password_form if password_form is not None else PasswordForm(formdata=None),
        role_form=role_form,
        roles=ROLE_LABELS,
    )


@blueprint.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    return _user_page(_user_or_404(user_id))


@blueprint.post("/users/<int:user_id>/role")
def change_user_role(user_id: int) -> Response | str:
    person = _user_or_404(user_id)
    form = RoleForm()
    if person.id == current_user.id:
        # No administrator can demote the last administrator by accident: another must.
        flash(_("You cannot change your own role."), "error")
        return redirect(url_for("lms.admin.user", user_id=person.id))
    if not form.validate_on_submit():
        return _user_page(person, role_form=form)
    country = country_by_code(form.country.data) if form.country.data else None
    change_role(person, Role(form.role.data), country, keep_session=current_session_id())
    db.session.commit()
    flash(_("Role changed; %(name)s was signed out everywhere.", name=person.name), "success")
    return redirect(url_for("lms.admin.user", user_id=person.id))


@blueprint.post("/users/<int:user_id>/active")
def toggle_active(user_id: int) -> Response:
    person = _user_or_404(user_id)
    if person.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        set_active(person, not person.active)
        db.session.commit()
        flash(_("Account activated.") if person.active else _("Account deactivated."), "success")
    return redirect(url_for("lms.admin.user", user_id=person.id))


@blueprint.post("/users/<int:user_id>/password")
def reset_password(user_id: int) -> Response | str:
    person = _user_or_404(user_id)
    form = PasswordForm()
    if not form.validate_on_submit():
        return _user_page(person, password_form=form)
    try:
        # They choose their own at next sign-in (cartif_lms/auth/recovery_views.py).
        set_password(person, form.password.data or "", current_session_id(), must_change=True)
    except AccountError as error:
        add_error(form.password, str(error))
        return _user_page(person, password_form=form)
    db.session.commit()
    flash(
        _(
            "Password reset. Give the new password to %(name)s privately; they must choose "
            "their own when they next sign in.",
            name=person.name,
        ),
        "success",
    )
    return redirect(url_for("lms.admin.user", user_id=person.id))
