"""The erasure confirmation (CSRF through Flask-WTF)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError


class EraseForm(FlaskForm):
    """The administrator types the person's e-mail address: erasure cannot be undone."""

    email = StringField(_l("Type the person's e-mail address to confirm"), [DataRequired()])

    def __init__(self, expected_email: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email

    def validate_email(self, field: StringField) -> None:
        if (field.data or "").strip().lower() != self.expected_email:
            raise ValidationError(_l("That is not this person's e-mail address."))
