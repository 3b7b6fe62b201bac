"""The forms of self-registration and of a focal point's decisions on account requests."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..forms import select_choices
from ..i18n import country_name
from .registration import carec_countries
from .services import find_user_by_email

_NOT_CAREC = _l("Choose one of the eleven CAREC countries.")


class _Person(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class RegistrationForm(_Person):
    """Anyone signed out asks for a learner account of a CAREC country."""

    country = SelectField(
        _l("Country"),
        validators=[DataRequired(_NOT_CAREC)],
        validate_choice=False,  # validate_country says what is wrong in the domain's words
    )
    organisation = StringField(
        _l("Ministry or agency (optional)"), validators=[Optional(), Length(max=200)]
    )
    position = StringField(_l("Position (optional)"), validators=[Optional(), Length(max=120)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = [(c.code, country_name(c)) for c in carec_countries()]
        self.country.choices = select_choices([("", _l("Choose your country")), *countries])
        self._codes = {code for code, _name in countries}

    def validate_country(self, field: SelectField) -> None:
        if field.data not in self._codes:
            raise ValidationError(_NOT_CAREC)


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Why (the person is told by e-mail)"),
        validators=[DataRequired(_l("Say why, for the person who asked.")), Length(max=1000)],
    )


class LearnerForm(_Person):
    """A focal point creates a learner account of their own country."""

    def validate_email(self, field: EmailField) -> None:
        if find_user_by_email(field.data or "") is not None:
            raise ValidationError(_l("An account with this email already exists."))
