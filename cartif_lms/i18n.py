"""The reader's language and time zone: which ones the LMS offers, and how times are shown.

Stored times are naive UTC (``db.utcnow``). A page shows them in its reader's time zone and
language (Flask-Babel's selectors in ``app_setup``: the signed-in person's profile); a mail in
its recipient's (:func:`reading_as`, used by ``mail.letters``). Templates use the filters
``lms_datetime`` (:func:`format_moment`) and ``lms_date`` (:func:`format_day`), never strftime;
numbers likewise ``lms_number`` (:func:`format_number`: "1 234", "0,5" in Russian) and
``lms_percent`` (:func:`format_percent_points`: "72 %"), never ``round`` or ``"%.1f"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any
from zoneinfo import available_timezones

import pytz  # type: ignore[import-untyped]  # Flask-Babel converts times with pytz
from babel import Locale
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_format_percent
from flask import g
from flask_babel import force_locale, format_date, get_locale, gettext, refresh, to_user_timezone

#: The interface languages: English, and those the LMS has (or is getting) a catalogue for.
SUPPORTED_LOCALES = ("en", "ru")
#: Each language by its own name, so a person finds theirs whatever language the page is in.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
#: A person who chose no time zone reads times in UTC.
DEFAULT_TIME_ZONE = "UTC"

#: Where ``app_setup._request_translations`` keeps this request's catalogue; dropped while
#: reading as someone else, so their language is looked up afresh.
_TRANSLATIONS_CACHE = "_lms_translations"
#: The time zone :func:`reading_as` imposes, read by :func:`reader_time_zone`.
_FORCED_ZONE = "_lms_reader_time_zone"


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it, where it is defined before any
    locale is known (a module's constants); it is translated with ``_()`` where it is shown.
    ``N_`` is one of the names Babel extracts by default, so ``pybabel extract`` finds it."""
    return message


def country_name(country: Any) -> str:
    """A country's name in the reader's language: the CAREC names are marked in
    ``directory/reference_data.py``; a name an analyst changed is shown as written."""
    name: str = gettext(country.name)
    return name


@cache
def known_time_zones() -> frozenset[str]:
    """IANA zone names both zoneinfo (which validates) and pytz (which Flask-Babel converts
    with) know; a name only one of them has could not be shown."""
    return frozenset(available_timezones() & pytz.all_timezones_set)


def is_time_zone(name: str) -> bool:
    return name in known_time_zones()


def reader_time_zone(chosen: str | None) -> str:
    """The zone to show times in: one imposed by :func:`reading_as`, else ``chosen`` (a
    person's own), else UTC. A stored name no longer known reads as UTC rather than failing."""
    forced: str | None = g.get(_FORCED_ZONE) if g else None
    zone = forced or chosen
    return zone if zone is not None and is_time_zone(zone) else DEFAULT_TIME_ZONE


@contextmanager
def reading_as(locale: str | None, time_zone: str | None) -> Iterator[None]:
    """Translate, and show times, as another reader would read them (a mail's recipient),
    whatever the request's own reader; restored afterwards. Not nested: Flask-Babel's
    ``force_locale`` does not restore an outer forced locale."""
    saved_translations = g.pop(_TRANSLATIONS_CACHE, None)
    saved_zone = g.pop(_FORCED_ZONE, None)
    try:
        with force_locale(locale if locale in SUPPORTED_LOCALES else "en"):
            setattr(g, _FORCED_ZONE, time_zone or DEFAULT_TIME_ZONE)
            refresh()  # forget the time zone looked up for the request's reader
            yield
    finally:
        g.pop(_TRANSLATIONS_CACHE, None)
        g.pop(_FORCED_ZONE, None)
        if saved_translations is not None:
            setattr(g, _TRANSLATIONS_CACHE, saved_translations)
        if saved_zone is not None:
            setattr(g, _FORCED_ZONE, saved_zone)
        refresh()


def current_language() -> str:
    """The language being written in (the page's, or inside :func:`reading_as`, the reader's)."""
    return str(get_locale() or "en")


def format_moment(moment: datetime | date) -> str:
    """A stored time as its reader reads it: their date and time, and which zone that is
    ("Dec 2, 2026, 11:00 AM (UTC+5)"), so nobody mistakes one zone for another. A day has no
    time nor zone: it is shown as :func:`format_day` does."""
    if not isinstance(moment, datetime):
        return format_day(moment)
    local = to_user_timezone(moment)
    locale = get_locale() or Locale.parse("en")
    pattern = (
        str(locale.datetime_formats["medium"])
        .replace("{1}", locale.date_formats["medium"].pattern)
        .replace("{0}", locale.time_formats["short"].pattern)
    )
    shown = babel_format_datetime(local, pattern, tzinfo=local.tzinfo, locale=locale)
    return f"{shown} ({offset_label(local.utcoffset())})"


def format_day(day: date | datetime) -> str:
    """A day in the reader's language ("Dec 2, 2026"); a stored time gives the reader's day."""
    shown: str = format_date(day, "medium")
    return shown


def offset_label(offset: timedelta | None) -> str:
    """ "UTC", "UTC+5", "UTC+5:30", "UTC-3": the same in every language."""
    minutes = int((offset or timedelta()).total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


#: What a number that is not there (no score yet) is shown as, in every language.
NO_NUMBER = "—"


def _reader_locale() -> Locale:
    return get_locale() or Locale.parse("en")


def format_number(value: float | None, digits: int | None = None, signed: bool = False) -> str:
    """A number in the reader's language: grouped thousands and their decimal sign ("1,234.5";
    Russian "1 234,5"). ``digits`` fixes the decimals (else a whole number shows none and
    any other up to three); ``signed`` writes "+" before a positive one (a gain)."""
    if value is None:
        return NO_NUMBER
    decimals = "0" * digits if digits is not None else "###"
    pattern = "#,##0" + (f".{decimals}" if decimals else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    return _formatted(format_decimal, value, pattern, _reader_locale())


def format_percent_points(value: float | None, digits: int | None = None) -> str:
    """A percentage given in points (72.5, not 0.725) in the reader's language: "72.5%" in
    English, "72,5 %" in Russian (the locale's own pattern). ``digits`` fixes the decimals;
    without it the value shows as it is, up to two decimals ("18%", "17.9%")."""
    if value is None:
        return NO_NUMBER
    locale = _reader_locale()
    pattern = locale.percent_formats[None].pattern
    decimals = "#" * 2 if digits is None else "0" * digits
    if decimals:
        # The locale's pattern ("#,##0 %") with its last digit followed by the decimals.
        last = pattern.rindex("0")
        pattern = pattern[: last + 1] + "." + decimals + pattern[last + 1 :]
    return _formatted(babel_format_percent, value / 100, pattern, locale)


@lru_cache(maxsize=8192)
def _formatted(formatter: Any, value: float, pattern: str, locale: Locale) -> str:
    """Babel's formatting, kept: it costs about 30 µs a number, and a dashboard shows a few
    hundred numbers drawn from a few dozen values."""
    shown: str = formatter(value, format=pattern, locale=locale)
    return shown


#: A fixed-point format ("{:.1f}", "{:,.0f}"), as charts and report indicators declare them.
_FIXED_POINT = re.compile(r"^\{:,?\.(\d)f\}$")


def format_declared(
    value_format: str, value: float, unit: str = "", *, signed: bool = False
) -> str:
    """``value`` as a declared fixed-point format says, in the reader's language ("72.5%",
    Russian "72,5 %", "1 234"); a format of another kind is applied as it is."""
    fixed = _FIXED_POINT.match(value_format)
    if fixed is None:
        shown = value_format.format(value) + unit
        return ("+" + shown) if signed and value > 0 else shown
    digits = int(fixed.group(1))
    if unit == "%":
        return ("+" if signed and value > 0 else "") + format_percent_points(value, digits)
    return format_number(value, digits, signed=signed and value > 0) + unit
