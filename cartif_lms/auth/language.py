"""The language switch: a person's choice of interface language, signed in or not.

A signed-in person's choice is their profile's language (``User.locale``), the one the
profile page sets too, so the two never disagree; a visitor's is kept in the session cookie
until they sign in. Without a choice the browser's language is used (``app_setup.select_locale``).
"""

from __future__ import annotations

from typing import Any

from flask import session
from flask_babel import lazy_gettext as _l

from .. import db
from ..i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES

#: Where a visitor's choice is kept in the session.
VISITOR_LANGUAGE_KEY = "lms_locale"


class LanguageRefused(ValueError):
    """A language the LMS does not offer; the message says which it does."""


def choose_language(person: Any, locale: str) -> None:
    """Read the interface in ``locale`` from now on: in ``person``'s profile when signed in,
    else in the visitor's session."""
    if locale not in SUPPORTED_LOCALES:
        names = ", ".join(LANGUAGE_NAMES[code] for code in SUPPORTED_LOCALES)
        raise LanguageRefused(
            str(_l("This language is not offered. Choose one of: %(names)s.", names=names))
        )
    if getattr(person, "is_authenticated", False):
        person.locale = locale  # only this column is written: a count meanwhile is kept
        db.session.flush()
    else:
        session[VISITOR_LANGUAGE_KEY] = locale


def visitor_language() -> str | None:
    """The language a visitor chose with the switch, if any and still offered."""
    chosen = session.get(VISITOR_LANGUAGE_KEY)
    return chosen if chosen in SUPPORTED_LOCALES else None
