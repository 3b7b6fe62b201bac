"""The profile page's form (CSRF through Flask-WTF)."""

from __future__ import annotations

from typing import Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms import SelectChoice as Choice  # type: ignore[attr-defined]  # see ..forms
from wtforms.validators import DataRequired, Length

from ..db import utcnow
from ..forms import select_choices
from ..i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES
from .models import User
from .profile import (
    CAREC_ZONES,
    MAX_NAME_LENGTH,
    OTHER_ZONES,
    ProfileChange,
    time_zone_of,
    zone_label,
)

#: The language choice that follows the browser (stored as None).
BROWSER_LANGUAGE = ""


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=MAX_NAME_LENGTH)])
    locale = SelectField(_l("Interface language"))
    time_zone = SelectField(_l("Time zone"))
    email_notifications = BooleanField(_l("E-mail me my notifications"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        browser = str(_l("The language my browser asks for"))
        languages = ((code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES)
        self.locale.choices = select_choices([(BROWSER_LANGUAGE, browser), *languages])
        self.time_zone.choices = _zone_choices()

    @classmethod
    def of(cls, person: User) -> ProfileForm:
        """The form filled with ``person``'s profile as it is stored."""
        return cls(
            formdata=None,
            name=person.name,
            locale=person.locale or BROWSER_LANGUAGE,
            time_zone=time_zone_of(person),
            email_notifications=person.email_notifications,
        )

    def change(self) -> ProfileChange:
        """What a validated form asks for."""
        return ProfileChange(
            name=self.name.data or "",
            locale=self.locale.data or None,
            time_zone=self.time_zone.data or "",
            email_notifications=bool(self.email_notifications.data),
        )


def _zone_choices() -> list[Choice]:
    """CAREC zones first, then the others, each labelled in the page's language."""
    locale, now = get_locale() or Locale.parse("en"), utcnow()
    groups = ((_l("CAREC countries"), CAREC_ZONES), (_l("Elsewhere"), OTHER_ZONES))
    return [
        Choice(option.name, zone_label(option, locale, now), optgroup=str(group))
        for group, options in groups
        for option in options
    ]
