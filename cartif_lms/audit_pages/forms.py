"""The audit trail's filters: a GET form (it changes nothing, so it carries no CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField
from wtforms.validators import Email, Length, Optional, ValidationError

from ..audit.labels import ACTION_LABELS
from ..directory.models import Country
from ..forms import BoundedDateField, select_choices
from ..i18n import country_name


class TrailFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person = EmailField(
        _l("Person (e-mail address)"), validators=[Optional(), Email(), Length(max=254)]
    )
    country = SelectField(_l("Country"), validators=[Optional()])
    action = SelectField(
        _l("Action"),
        choices=select_choices(
            [("", _l("All actions"))] + [(a.value, label) for a, label in ACTION_LABELS.items()]
        ),
        validators=[Optional()],
    )
    since = BoundedDateField(_l("From (UTC)"), validators=[Optional()])
    until = BoundedDateField(_l("Until (UTC, included)"), validators=[Optional()])

    def __init__(self, countries: list[Country], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everywhere = _l("All countries") if len(countries) > 1 else _l("My country")
        self.country.choices = select_choices(
            [("", everywhere)] + [(c.code, country_name(c)) for c in countries]
        )

    def validate_until(self, field: BoundedDateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The last day comes before the first."))
