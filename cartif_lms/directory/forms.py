"""The designation form a focal point fills in."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..auth.models import User
from ..forms import BoundedDateField, chosen, select_choices
from .models import DesignationKind, NegotiatingArea

KIND_LABELS = {
    DesignationKind.chief_negotiator: _l("Chief negotiator"),
    DesignationKind.lead_negotiator: _l("Lead negotiator"),
    DesignationKind.technical_expert: _l("Technical expert"),
    DesignationKind.observer: _l("Observer"),
}


class DesignationForm(FlaskForm):
    person = SelectField(_l("Person"), coerce=int, validators=[DataRequired()])
    kind = SelectField(
        _l("Designation"),
        choices=select_choices((k.value, label) for k, label in KIND_LABELS.items()),
    )
    area = SelectField(_l("Negotiating area"), coerce=int, validators=[Optional()])
    valid_from = BoundedDateField(_l("Valid from"), default=date.today, validators=[DataRequired()])
    valid_until = BoundedDateField(_l("Valid until (empty: three years)"), validators=[Optional()])

    def __init__(
        self,
        people: list[User],
        areas: list[NegotiatingArea],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person.choices = select_choices((p.id, f"{p.name} ({p.email})") for p in people)
        self.area.choices = select_choices(
            [(0, _l("None (chief negotiator)"))] + [(a.id, a.name) for a in areas]
        )

    def validate_area(self, field: SelectField) -> None:
        kind = chosen(DesignationKind, self.kind)
        if kind is None:
            return
        needs_area = kind.needs_area
        if needs_area and not field.data:
            raise ValidationError(_l("Choose the area this person works in."))
        if not needs_area and field.data:
            raise ValidationError(_l("A chief negotiator covers every area: choose none."))


class RevokeForm(FlaskForm):
    """Revoking asks for a tick first: a designation is an official act of the country."""

    confirm = BooleanField(
        _l("Yes, revoke this designation"),
        validators=[DataRequired(_l("Tick the box to confirm, or go back to keep it."))],
    )
