"""A certificate's hours in words, in every language, for whole and fractional hours."""

from __future__ import annotations

import pytest
from flask import get_template_attribute
from flask_babel import force_locale


@pytest.mark.parametrize(
    ("locale", "hours", "words"),
    [
        ("en", 1, "1 hour"),
        ("en", 0.5, "0.5 hours"),
        ("en", 6, "6 hours"),
        ("ru", 1, "1 час"),
        ("ru", 2, "2 часа"),
        ("ru", 5, "5 часов"),
        ("ru", 1.5, "1,5 часа"),  # a fraction takes the genitive singular
    ],
)
def test_hours_read_right_and_a_fraction_is_no_error(app, locale, hours, words):
    # Warnings are errors here: gettext deprecates choosing a plural form by a float.
    with app.test_request_context(), force_locale(locale):
        label = get_template_attribute("lms/certificates/_labels.html", "hours_label")
        assert label(hours).strip() == words
