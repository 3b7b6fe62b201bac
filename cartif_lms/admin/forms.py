"""Account administration forms."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

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
from ..auth.models import Role
from ..auth.password_policy import MIN_PASSWORD_LENGTH
from ..auth.services import find_user_by_email
from ..directory.services import list_countries
from ..forms import chosen, select_choices


def country_choices(blank_label: str) -> list[tuple[str, str]]:
    return [("", blank_label)] + [(c.code, c.name) for c in list_countries()]


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


class UserForm(RoleForm, PasswordForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
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
