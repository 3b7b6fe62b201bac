"""Small helpers shared by the forms of every part of the LMS."""

from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l

# types-WTForms (3.2) predates SelectChoice (WTForms 3.3).
from wtforms import DateField, Field, SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError

E = TypeVar("E", bound=Enum)

#: The dates a person may enter: wide for any real record, and far enough from year 9999
#: that adding a validity period (three years for a designation) cannot overflow.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2099, 12, 31)


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def chosen(enum: type[E], field: Field) -> E | None:
    """The member of ``enum`` a select field holds, or None for a value outside its choices.

    For inline validators of *another* field (the area depends on the designation kind): the
    select's own choice check reports the bad value, so they must not raise on it.
    """
    try:
        return enum(field.data)
    except ValueError:
        return None


def add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field`` of a validated form (a service refused its value)."""
    field.errors = [*field.errors, message]


class BoundedDateField(DateField):
    """A date between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`; others are a form error."""

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and not EARLIEST_DATE <= self.data <= LATEST_DATE:
            raise ValidationError(
                _l(
                    "Choose a date between %(earliest)s and %(latest)s.",
                    earliest=EARLIEST_DATE.isoformat(),
                    latest=LATEST_DATE.isoformat(),
                )
            )
