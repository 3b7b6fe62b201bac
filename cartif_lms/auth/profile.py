"""A person's own profile: the name shown, the interface language, the time zone times are
shown in, and whether notifications also come by e-mail.

The e-mail address is not here: an administrator changes it (it is the sign-in name, and the
address mail goes to). Nothing about the profile is audited: it is the person's own choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import lazy_gettext as _l

from .. import db
from ..i18n import DEFAULT_TIME_ZONE, SUPPORTED_LOCALES, is_time_zone, offset_label
from .models import User
from .services import AccountError

#: As long as the column (lms_user.name).
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class ZoneOption:
    """A time zone the profile offers, with the country (ISO code) whose name labels it."""

    name: str
    territory: str | None = None


#: The CAREC countries' zones, offered first (China's members are Xinjiang and Inner
#: Mongolia: Urumqi's local time, and Beijing time; Mongolia has a western zone).
CAREC_ZONES = (
    ZoneOption("Asia/Almaty", "KZ"),
    ZoneOption("Asia/Tashkent", "UZ"),
    ZoneOption("Asia/Bishkek", "KG"),
    ZoneOption("Asia/Dushanbe", "TJ"),
    ZoneOption("Asia/Ashgabat", "TM"),
    ZoneOption("Asia/Baku", "AZ"),
    ZoneOption("Asia/Tbilisi", "GE"),
    ZoneOption("Asia/Ulaanbaatar", "MN"),
    ZoneOption("Asia/Hovd", "MN"),
    ZoneOption("Asia/Karachi", "PK"),
    ZoneOption("Asia/Kabul", "AF"),
    ZoneOption("Asia/Shanghai", "CN"),
    ZoneOption("Asia/Urumqi", "CN"),
)
#: Then UTC, and where the programme's partners work: ADB in Manila, the WTO in Geneva, …
OTHER_ZONES = (
    ZoneOption(DEFAULT_TIME_ZONE),
    ZoneOption("Asia/Manila", "PH"),
    ZoneOption("Europe/Zurich", "CH"),
    ZoneOption("Europe/Brussels", "BE"),
    ZoneOption("Europe/London", "GB"),
    ZoneOption("Europe/Istanbul", "TR"),
    ZoneOption("Europe/Moscow", "RU"),
    ZoneOption("Asia/Dubai", "AE"),
    ZoneOption("Asia/Tehran", "IR"),
    ZoneOption("Asia/Kolkata", "IN"),
    ZoneOption("Asia/Bangkok", "TH"),
    ZoneOption("Asia/Singapore", "SG"),
    ZoneOption("Asia/Seoul", "KR"),
    ZoneOption("Asia/Tokyo", "JP"),
    ZoneOption("Australia/Sydney", "AU"),
    ZoneOption("America/New_York", "US"),
)


class ProfileError(AccountError):
    """A profile value that cannot be kept; ``field`` names the form field it belongs to."""

    def __init__(self, field: str, message: object) -> None:
        super().__init__(str(message))
        self.field = field


@dataclass(frozen=True)
class ProfileChange:
    """What the profile form sends: every value at once."""

    name: str
    #: A supported locale, or None to follow the browser's language.
    locale: str | None
    time_zone: str
    email_notifications: bool


def zone_label(option: ZoneOption, locale: Locale, now: datetime) -> str:
    """ "Kazakhstan · Asia/Almaty (UTC+5)": the country in ``locale``'s words, the IANA name,
    and the offset at ``now`` (naive UTC, as stored; summer time changes the offset)."""
    local = now.replace(tzinfo=UTC).astimezone(ZoneInfo(option.name))
    offset = offset_label(local.utcoffset())
    country = locale.territories.get(option.territory) if option.territory else None
    place = f"{country} · {option.name}" if country else option.name
    return f"{place} ({offset})"


def time_zone_of(person: User) -> str:
    """The zone ``person`` reads times in (UTC until they choose one)."""
    return person.time_zone or DEFAULT_TIME_ZONE


def update_profile(person: User, change: ProfileChange) -> None:
    """Keep ``person``'s own choices; a value that breaks a rule raises ProfileError and
    nothing changes."""
    name = " ".join(change.name.split())
    if not name:
        raise ProfileError("name", _l("Give the name other people see."))
    if len(name) > MAX_NAME_LENGTH:
        raise ProfileError("name", _l("At most %(n)d characters.", n=MAX_NAME_LENGTH))
    if change.locale is not None and change.locale not in SUPPORTED_LOCALES:
        raise ProfileError("locale", _l("Choose a language from the list."))
    if not is_time_zone(change.time_zone):
        raise ProfileError("time_zone", _l("Choose a time zone from the list."))
    person.name = name
    person.locale = change.locale
    person.time_zone = change.time_zone
    person.email_notifications = change.email_notifications
    db.session.flush()
