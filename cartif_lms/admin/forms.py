"""Account administration forms."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

# types-WTForms (3.2) predates SelectChoice (WTForms 3.3).
from wtforms import (  # type: ignore[attr-defined]
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..auth.labels import GENDER_LABELS, ROLE_LABELS
from ..auth.models import Role, User
from ..auth.password_policy import MIN_PASSWORD_LENGTH
from ..auth.services import find_user_by_email
from ..directory.services import list_countries
from ..forms import chosen, select_choices
from ..i18n import country_name


def country_choices(blank_label: str) -> list[tuple[str, str]]:
    return [("", blank_label)] + [(c.code, country_name(c)) for c in list_countries()]


def country_select_choices(blank_label: str) -> list[SelectChoice]:
    return select_choices(country_choices(blank_label))


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=select_choices((r.value, label) for r, label in ROLE_LABELS.items())
    )
    country = SelectField(_l("Country"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_select_choices(str(_l("No country (programme staff)")))

    def validate_country(self, field: SelectField) -> None:
        role = chosen(Role, self.role)
        if role is not None and role.needs_country and not field.data:
            raise ValidationError(_l("Learners and focal points belong to a country."))


def email_field() -> EmailField:
    return EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


def name_field() -> StringField:
    return StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])


class AccountForm(RoleForm):
    """A person's name, e-mail, role and country, edited together. A field the request does
    not send keeps the person's value (the former role-only form posts role and country)."""

    name = name_field()
    email = email_field()

    def __init__(self, person: User, *args: Any, **kwargs: Any) -> None:
        code = person.country.code if person.country else ""
        data = {"name": person.name, "email": person.email, "role": person.role.value}
        super().__init__(*args, data={**data, "country": code}, **kwargs)
        self.person = person

    def validate_email(self, field: EmailField) -> None:
        holder = find_user_by_email(field.data or "")
        if holder is not None and holder.id != self.person.id:
            raise ValidationError(_l("An account with this email already exists."))


class UserForm(RoleForm, PasswordForm):
    email = email_field()
    name = name_field()
    gender = SelectField(
        _l("Gender (optional, for sex-disaggregated reporting)"),
        choices=select_choices(
            [("", _l("Not stated"))] + [(g.value, label) for g, label in GENDER_LABELS.items()]
        ),
        validators=[Optional()],
    )

    def validate_email(self, field: EmailField) -> None:
        if find_user_by_email(field.data or "") is not None:
            raise ValidationError(_l("An account with this email already exists."))


class ImportForm(FlaskForm):
    upload = FileField(
        _l("CSV file"), validators=[FileRequired(_l("Choose the CSV file to import."))]
    )
