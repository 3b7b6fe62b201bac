"""Session times: stored as naive UTC, planned and shown in an IANA time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import format_datetime

#: The CAREC countries' zones, offered first in the session form (UTC+4 to UTC+8).
CAREC_ZONES = (
    "Asia/Baku",
    "Asia/Tbilisi",
    "Asia/Tashkent",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Asia/Karachi",
    "Asia/Kabul",
    "Asia/Almaty",
    "Asia/Bishkek",
    "Asia/Ulaanbaatar",
    "Asia/Shanghai",
    "Asia/Manila",
    "UTC",
)


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (from tzdata)."""
    return frozenset(available_timezones())


def is_known_zone(name: str) -> bool:
    return name in known_zones()


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time in ``zone`` as the naive UTC time we store."""
    aware = local.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime, zone: str) -> datetime:
    """A stored naive UTC time as an aware time in ``zone``."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def zoned_label(moment: datetime, zone: str) -> str:
    """``moment`` in ``zone``, in the reader's locale, with the zone's name: the session's
    own time shown beside the reader's."""
    local = to_local(moment, zone)
    return f"{format_datetime(local, 'short', rebase=False)} {zone}"
