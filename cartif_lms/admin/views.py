"""Administrators list, create, edit and deactivate accounts, reset passwords, and import
accounts from a CSV file.

A new role or country, a deactivation and a password reset end the person's sessions (see
``cartif_lms.auth.sessions``); every change is audited (``cartif_lms.admin.services``)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..auth.labels import ROLE_LABELS
from ..auth.models import Gender, Role, User
from ..auth.services import AccountError
from ..auth.sessions import current_session_id
from ..directory.services import country_by_code
from ..forms import add_error
from ..pagination import requested_page
from ..security.permissions import Permission, permission_required
from .account_import import IMPORT_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, import_accounts
from .forms import AccountForm, ImportForm, PasswordForm, UserForm, country_choices
from .services import (
    AccountChanges,
    AccountFieldError,
    NewAccount,
    create_account,
    edit_account,
    list_users,
    reset_account_password,
    set_account_active,
)

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
        requested_page(),
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
    new = NewAccount(
        form.email.data or "",
        form.name.data or "",
        Role(form.role.data),
        form.password.data or "",
        country=country_by_code(form.country.data) if form.country.data else None,
        gender=Gender(form.gender.data) if form.gender.data else None,
    )
    try:
        user = create_account(current_user, new)
    except AccountFieldError as error:  # the address was taken a moment ago
        add_error(form.email, str(error))
        return render_template("lms/admin/user_new.html", form=form)
    except AccountError as error:  # the password policy (auth.password_policy) says why
        add_error(form.password, str(error))
        return render_template("lms/admin/user_new.html", form=form)
    db.session.commit()
    flash(_("Account created for %(name)s.", name=user.name), "success")
    return redirect(url_for("lms.admin.user", user_id=user.id))


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _user_page(
    person: User,
    password_form: PasswordForm | None = None,
    account_form: AccountForm | None = None,
) -> str:
    """The account page; a form sent back with errors replaces its blank twin."""
    return render_template(
        "lms/admin/user.html",
        person=person,
        password_form=password_form if password_form is not None else PasswordForm(formdata=None),
        account_form=account_form or AccountForm(person, formdata=None),
        roles=ROLE_LABELS,
    )


@blueprint.get("/users/<int:user_id>")
def user(user_id: int) -> str:
    return _user_page(_user_or_404(user_id))


@blueprint.post("/users/<int:user_id>")
def edit_user(user_id: int) -> Response | str:
    """Save the account form: name, e-mail, role and country in one change."""
    person = _user_or_404(user_id)
    form = AccountForm(person)
    if not form.validate_on_submit():
        return _user_page(person, account_form=form)
    country = country_by_code(form.country.data) if form.country.data else None
    changes = AccountChanges(
        form.name.data or "", form.email.data or "", Role(form.role.data), country
    )
    try:
        outcome = edit_account(current_user, person, changes, keep_session=current_session_id())
    except AccountFieldError as error:
        _refuse(form, error)
        return _user_page(person, account_form=form)
    db.session.commit()
    if outcome.signed_out:
        flash(_("Account saved; %(name)s was signed out everywhere.", name=person.name), "success")
    else:
        flash(_("Account saved.") if outcome.changed else _("Nothing changed."), "success")
    return redirect(url_for("lms.admin.user", user_id=person.id))


# The former "Change role" form's address: it posts role and country only, and the account
# form keeps the name and e-mail a request does not send.
blueprint.add_url_rule("/users/<int:user_id>/role", "change_user_role", edit_user, methods=["POST"])


def _refuse(form: AccountForm, error: AccountFieldError) -> None:
    if error.field is None:
        form.form_errors.append(str(error))
    else:
        add_error(getattr(form, error.field), str(error))


@blueprint.post("/users/<int:user_id>/active")
def toggle_active(user_id: int) -> Response:
    """Activate or deactivate; the button says which (``active``), so a second click of the
    same button changes nothing. Without it, the opposite of the current state."""
    person = _user_or_404(user_id)
    wanted = request.form.get("active")
    active = (wanted == "1") if wanted in {"0", "1"} else not person.active
    try:
        changed = set_account_active(current_user, person, active)
    except AccountFieldError as error:
        flash(str(error), "error")
        return redirect(url_for("lms.admin.user", user_id=person.id))
    db.session.commit()
    if changed:
        flash(_("Account activated.") if active else _("Account deactivated."), "success")
    return redirect(url_for("lms.admin.user", user_id=person.id))


@blueprint.post("/users/<int:user_id>/password")
def reset_password(user_id: int) -> Response | str:
    person = _user_or_404(user_id)
    form = PasswordForm()
    if not form.validate_on_submit():
        return _user_page(person, password_form=form)
    try:
        reset_account_password(current_user, person, form.password.data or "", current_session_id())
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


@blueprint.route("/users/import", methods=["GET", "POST"])
def import_users() -> Response | str:
    """Upload a CSV of accounts: every row is checked before any account is made."""
    form = ImportForm()
    page = {
        "form": form,
        "columns": IMPORT_COLUMNS,
        "max_rows": MAX_IMPORT_ROWS,
        "max_kib": MAX_IMPORT_BYTES // 1024,
    }
    if not form.validate_on_submit():
        return render_template("lms/admin/import.html", **page)
    report = import_accounts(current_user, form.upload.data.read(MAX_IMPORT_BYTES + 1))
    if not report.ok:
        db.session.rollback()
        return render_template("lms/admin/import.html", problems=report.problems, **page)
    db.session.commit()
    created = ngettext(
        "%(num)d account created; the person was sent a link to choose a password.",
        "%(num)d accounts created; each person was sent a link to choose a password.",
        len(report.created),
    )
    flash(created, "success")
    return redirect(url_for("lms.admin.users"))
