"""Reading the audit trail: the entries a viewer may see, filtered, newest first, a page at a
time, with people's names and countries resolved as they are shown.

Which entries a viewer sees is their scope for :data:`~cartif_lms.security.permissions.AUDIT`
(``scope_for``), applied to the query itself: an administrator every entry, a focal point the
entries about their own country (``lms_audit_entry.country_id``). Pages are keyset-paginated
on (time, id), so the thousandth page costs what the first does: every filter narrows one of
the trail's indexes (time; actor, subject, country or action, each with time).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from .. import db
from ..audit import Action, AuditEntry
from ..audit.labels import action_label
from ..auth.models import User
from ..directory.models import Country
from ..security.permissions import AUDIT
from ..security.scoping import scope_for

PAGE_SIZE = 50
#: A query over the trail's entries.
Entries = Select[Any]
#: Rows read at a time for the CSV download.
CSV_CHUNK = 1000
#: Shown where an entry has no actor: the command line, the nightly commands, the LMS itself.
SYSTEM = _l("System")
#: Shown for a person whose account no longer exists.
GONE = _l("Deleted account")


@dataclass(frozen=True)
class TrailFilter:
    """What a viewer asks to see; None: no limit."""

    #: Entries the person did or that were about them.
    person_id: int | None = None
    country_id: int | None = None
    action: Action | None = None
    #: The first and last day (UTC), both included.
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: just older (or newer) than the entry ``entry_id``."""

    entry_id: int
    older: bool = True


@dataclass(frozen=True)
class TrailLine:
    """One entry as a viewer reads it."""

    entry: AuditEntry
    label: str
    actor: str
    subject: str | None
    country: str | None

    @property
    def details(self) -> list[tuple[str, str]]:
        return [(key, _shown(value)) for key, value in sorted(self.entry.details.items())]


@dataclass(frozen=True)
class TrailPage:
    lines: list[TrailLine]
    #: The cursors of the next older and the next newer page; None when there is none.
    older: Cursor | None
    newer: Cursor | None


def visible_entries(viewer: User, filters: TrailFilter) -> Entries:
    """The entries ``viewer`` may see that match ``filters`` (unordered)."""
    stmt = select(AuditEntry)
    if filters.person_id is not None:
        stmt = stmt.where(
            or_(
                AuditEntry.actor_id == filters.person_id,
                AuditEntry.subject_user_id == filters.person_id,
            )
        )
    if filters.country_id is not None:
        stmt = stmt.where(AuditEntry.country_id == filters.country_id)
    if filters.action is not None:
        stmt = stmt.where(AuditEntry.action == filters.action.value)
    if filters.since is not None:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(filters.since, time.min))
    if filters.until is not None:
        stmt = stmt.where(AuditEntry.at < datetime.combine(filters.until + timedelta(1), time.min))
    scope = scope_for(viewer, AUDIT)
    return scope.filter(stmt, AuditEntry.subject_user_id, AuditEntry.country_id)


def trail_page(
    viewer: User, filters: TrailFilter, cursor: Cursor | None = None, size: int = PAGE_SIZE
) -> TrailPage:
    """One page of the entries ``viewer`` may see, newest first, starting at ``cursor``."""
    stmt = visible_entries(viewer, filters)
    start = _entry_at(cursor)
    older = start is None or cursor is None or cursor.older  # no start: the newest page
    rows: list[AuditEntry] = list(db.session.scalars(_beyond(stmt, start, older).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size] if older else rows[:size][::-1]
    if not rows:
        return TrailPage([], None, None)
    newest, oldest = rows[0], rows[-1]
    more_older = more if older else _any_beyond(stmt, oldest, older=True)
    more_newer = _any_beyond(stmt, newest, older=False) if older else more
    return TrailPage(
        lines_for(rows),
        Cursor(oldest.id) if more_older else None,
        Cursor(newest.id, older=False) if more_newer else None,
    )


def trail_lines(viewer: User, filters: TrailFilter) -> Iterator[TrailLine]:
    """Every entry ``viewer`` may see that matches ``filters``, newest first, read in chunks
    (so a download of the whole trail never holds it in memory)."""
    stmt = visible_entries(viewer, filters)
    last: AuditEntry | None = None
    while True:
        query = _beyond(stmt, last, older=True).limit(CSV_CHUNK)
        rows: list[AuditEntry] = list(db.session.scalars(query))
        if not rows:
            return
        yield from lines_for(rows)
        last = rows[-1]


def _entry_at(cursor: Cursor | None) -> AuditEntry | None:
    """The entry a cursor names (an id past the database's integers names none)."""
    if cursor is None or not 0 < cursor.entry_id < 2**31:
        return None
    return db.session.get(AuditEntry, cursor.entry_id)


def _beyond(stmt: Entries, start: AuditEntry | None, older: bool) -> Entries:
    """``stmt`` from just past ``start`` (None: from the newest or the oldest), in order."""
    at, entry_id = AuditEntry.at, AuditEntry.id
    if start is not None:
        # (at, id) past start's, written with a plain range on ``at`` that every index uses.
        if older:
            stmt = stmt.where(at <= start.at, or_(at < start.at, entry_id < start.id))
        else:
            stmt = stmt.where(at >= start.at, or_(at > start.at, entry_id > start.id))
    return stmt.order_by(at.desc(), entry_id.desc()) if older else stmt.order_by(at, entry_id)


def _any_beyond(stmt: Entries, start: AuditEntry, older: bool) -> bool:
    return db.session.scalar(_beyond(stmt, start, older).limit(1)) is not None


def lines_for(entries: Sequence[AuditEntry]) -> list[TrailLine]:
    """``entries`` with their people's names and countries, looked up now (entries keep ids,
    so a renamed person shows their name of today, an erased one what erasing left)."""
    people = _names({e.actor_id for e in entries} | {e.subject_user_id for e in entries})
    people[None] = str(SYSTEM)  # translated once, not per line
    gone = str(GONE)
    countries = _country_codes()
    labels = {action: action_label(action) for action in {e.action for e in entries}}
    return [
        TrailLine(
            entry=e,
            label=labels[e.action],
            actor=people.get(e.actor_id, gone),
            subject=None if e.subject_user_id is None else people.get(e.subject_user_id, gone),
            country=countries.get(e.country_id) if e.country_id is not None else None,
        )
        for e in entries
    ]


def _names(ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def _country_codes() -> dict[int, str]:
    return {
        country_id: code
        for country_id, code in db.session.execute(select(Country.id, Country.code))
    }


def _shown(value: Any) -> str:
    """A detail's value as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def countries_in_reach(viewer: User) -> list[Country]:
    """The countries whose entries ``viewer`` may see, by name."""
    scope = scope_for(viewer, AUDIT)
    countries = db.session.scalars(select(Country).order_by(Country.name))
    return [country for country in countries if scope.may_see(country)]


def person_in_reach(viewer: User, email: str) -> User | None:
    """The person with ``email`` whose records ``viewer`` may see (a focal point: their own
    country's people), or None: nobody else's entries can be asked for by name."""
    stmt = select(User).where(User.email == email.strip().lower())
    found: User | None = db.session.scalar(scope_for(viewer).filter(stmt))
    return found


CSV_HEADER = (
    "at_utc",
    "action",
    "action_label",
    "actor_id",
    "actor",
    "subject_user_id",
    "subject",
    "country",
    "object_type",
    "object_id",
    "details",
)


def csv_row(line: TrailLine) -> tuple[Any, ...]:
    """One line of the CSV download, in :data:`CSV_HEADER`'s order."""
    e = line.entry
    return (
        e.at.isoformat(sep=" ", timespec="seconds"),
        e.action,
        line.label,
        e.actor_id,
        line.actor,
        e.subject_user_id,
        line.subject,
        line.country,
        e.object_type,
        e.object_id,
        json.dumps(e.details, sort_keys=True),
    )
