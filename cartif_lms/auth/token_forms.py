"""The API token page's forms (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..forms import BoundedDateField


class NewTokenForm(FlaskForm):
    name = StringField(_l("What it is for"), validators=[DataRequired(), Length(max=80)])
    expires_on = BoundedDateField(_l("Works until (the last day)"), validators=[DataRequired()])


class RevokeTokenForm(FlaskForm):
    pass
