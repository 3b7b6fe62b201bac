"""A person's data: everything the LMS holds about them, as one JSON document, and erasure.

Both walk the registry of personal tables (``privacy.registry``, filled by
``privacy.tables``), so a table is exported and erased by the same declaration.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Table, Text, cast, or_, select, update

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..db import utcnow
from . import tables as _tables  # noqa: F401  (registers the shipped tables)
from .registry import Person, PersonalTable, personal_tables

#: What the export calls itself, so a reader knows what it holds and in which shape.
FORMAT = "cartif-lms-personal-data"
FORMAT_VERSION = 1
#: Columns of the person's own row that never leave the server.
PROFILE_WITHHELD = ("password_hash",)
#: An erased person's address: the reserved ``.invalid`` domain receives no mail, and the id
#: keeps it unique.
ERASED_DOMAIN = "erased.invalid"
#: A password hash no password matches (Werkzeug's check refuses a hash without a method).
UNUSABLE_PASSWORD = "!erased"


class ErasureRefused(ValueError):
    """The person cannot be erased; the message says why."""


def person_of(user: User) -> Person:
    return Person(user.id, user.email, user.name)


# --- export ----------------------------------------------------------------------------------


def export_data(user: User) -> dict[str, Any]:
    """Everything held about ``user``: their profile, then their rows of every personal
    table, secrets withheld; JSON-ready."""
    person = person_of(user)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": _plain(utcnow()),
        "profile": _profile(user.id),
        "tables": {spec.name: _rows_of(spec, person) for spec in personal_tables()},
    }


def export_json(user: User) -> str:
    return json.dumps(export_data(user), ensure_ascii=False, indent=2, sort_keys=False)


def _profile(user_id: int) -> dict[str, Any]:
    users = db.Base.metadata.tables["lms_user"]
    row = db.session.execute(select(users).where(users.c.id == user_id)).one()
    return _row_dict(users, row._mapping, PROFILE_WITHHELD)


def _rows_of(spec: PersonalTable, person: Person) -> list[dict[str, Any]]:
    table = spec.table
    stmt = select(table).where(spec.rows(table, person)).order_by(*table.primary_key.columns)
    return [_row_dict(table, row._mapping, spec.withheld) for row in db.session.execute(stmt)]


def _row_dict(table: Table, row: Any, withheld: tuple[str, ...]) -> dict[str, Any]:
    return {c.name: _plain(row[c]) for c in table.columns if c.name not in withheld}


def _plain(value: Any) -> Any:
    """A database value as JSON has it: dates in ISO 8601 (UTC), enums by their value,
    decimals as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)  # exactly as stored ("1.5" hours)
    if isinstance(value, bytes):
        return None  # no personal table keeps files; never dump binary into the document
    return value


# --- erasure ---------------------------------------------------------------------------------


def erased_name(user_id: int) -> str:
    return str(_l("Erased person #%(id)s", id=user_id))


def erased_email(user_id: int) -> str:
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def erase_person(admin: User, user: User) -> None:
    """Erase ``user``'s personal data, keeping what the country's figures count (the caller
    commits; everything happens in its one transaction).

    The person's row stays, with their country, role, gender and active flag, under the name
    "Erased person #id" and an address that receives no mail; their password matches nothing
    and their sessions and tokens are gone. Each personal table is treated as its registry
    entry says, and other people's rows that named them (a focal point's notification) are
    rewritten.
    """
    if user.id == admin.id:
        raise ErasureRefused(_l("You cannot erase your own account."))
    # One erasure wins, however many administrators confirm at once.
    won = db.rows_changed(
        update(User)
        .where(User.id == user.id, User.erased_at.is_(None))
        .values(erased_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if won != 1:
        raise ErasureRefused(_l("This person was erased already."))
    person = person_of(user)
    for spec in personal_tables():
        _scrub_mentions(spec, person)
        spec.erase(spec.table, person)
    _anonymise(user)
    record(
        Action.account_erased,
        actor=admin,
        subject_user_id=user.id,
        country_id=user.country_id,
        object_type="lms_user",
        object_id=user.id,
    )
    db.session.flush()


def _anonymise(user: User) -> None:
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(
            name=erased_name(user.id),
            email=erased_email(user.id),
            password_hash=UNUSABLE_PASSWORD,
            locale=None,
            last_login_at=None,
            email_notifications=False,
            unread_notifications=0,
            must_change_password=False,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)


def _scrub_mentions(spec: PersonalTable, person: Person) -> None:
    """Replace the person's name and address where rows quote them (a focal point's
    notification "X asked for an account", a certificate's holder): a JSON value or a short
    text that is exactly one of them, or their words inside a long text (a mail's body)."""
    table = spec.table
    replacements = {
        old: new
        for old, new in (
            (person.name, erased_name(person.id)),
            (person.email, erased_email(person.id)),
        )
        if old
    }
    for name in spec.mentions:
        column = table.c[name]
        replace = _replacer(column.type)
        as_text = cast(column, Text)
        quoted = isinstance(column.type, JSON)
        found = select(table.c.id, column).where(
            or_(
                *(
                    as_text.contains(_stored_form(old, quoted), autoescape=True)
                    for old in replacements
                )
            )
        )
        for row_id, value in db.session.execute(found).all():
            new_value = replace(value, replacements)
            if new_value != value:
                db.session.execute(
                    table.update().where(table.c.id == row_id).values({name: new_value})
                )


def _replacer(kind: Any) -> Callable[[Any, dict[str, str]], Any]:
    if isinstance(kind, JSON):
        return _json_replaced
    if isinstance(kind, Text):  # prose: the name among other words
        return _text_replaced
    return lambda value, replacements: replacements.get(value, value)


def _stored_form(text: str, is_json: bool) -> str:
    """How ``text`` appears in the stored value (a JSON string, quoted and escaped)."""
    return json.dumps(text) if is_json else text


def _json_replaced(value: Any, replacements: dict[str, str]) -> Any:
    if isinstance(value, str):
        return replacements.get(value, value)
    if isinstance(value, dict):
        return {key: _json_replaced(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_replaced(item, replacements) for item in value]
    return value


def _text_replaced(value: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        value = value.replace(old, new)
    return value
