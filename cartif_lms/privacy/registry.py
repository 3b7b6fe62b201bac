"""What the LMS holds about a person, table by table: the one place that says, for each table
that can hold someone's data, which rows are theirs, which columns never leave the server,
and what erasing them does.

A table joins with one :func:`register` call. ``tests/privacy/test_registry.py`` walks the
schema and fails for a table that names a person (a foreign key to ``lms_user``, or to such
a table, or an e-mail column) and is neither registered here nor in :data:`NOT_PERSONAL` with
a reason, so a new table cannot be forgotten silently.

Tables are addressed by name through the metadata, not by their model classes, so this part
needs none of the domains' modules to describe their tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, false, or_, select

from .. import db


@dataclass(frozen=True)
class Person:
    """Whose data: their id, and the e-mail address they had (rows keyed by address)."""

    id: int
    email: str
    name: str


#: ``rows(table, person)``: the condition that picks the person's rows of ``table``.
RowsOf = Callable[[Table, Person], ColumnElement[bool]]
#: ``erase(table, person)``: what erasing the person does to their rows of ``table``.
Eraser = Callable[[Table, Person], None]


@dataclass(frozen=True)
class PersonalTable:
    name: str
    #: What the rows are, for the person (a lazy string): "Quiz attempts and answers".
    label: Any
    rows: RowsOf
    erase: Eraser
    #: Why the rows are treated so on erasure (documentation, and the README's table).
    why: str
    #: Columns that never leave the server (secrets, or other people's identity).
    withheld: tuple[str, ...] = ()
    #: Columns of *other* people's rows that may name the person (a focal point's notification
    #: "X asked for an account"): erasure replaces the name and address there.
    mentions: tuple[str, ...] = ()

    @property
    def table(self) -> Table:
        return db.Base.metadata.tables[self.name]


_TABLES: dict[str, PersonalTable] = {}

#: Tables that name a person but are not exported, each with the reason.
NOT_PERSONAL: dict[str, str] = {}


def register(table: PersonalTable) -> PersonalTable:
    if table.name in _TABLES or table.name in NOT_PERSONAL:
        raise ValueError(f"{table.name} is declared already")
    _TABLES[table.name] = table
    return table


def not_personal(name: str, reason: str) -> None:
    if name in _TABLES or name in NOT_PERSONAL:
        raise ValueError(f"{name} is declared already")
    NOT_PERSONAL[name] = reason


def personal_tables() -> list[PersonalTable]:
    """The registered tables that exist in this application's schema, in registration order
    (a feature that is not installed has no table)."""
    present = db.Base.metadata.tables
    return [table for table in _TABLES.values() if table.name in present]


def declared() -> set[str]:
    return set(_TABLES) | set(NOT_PERSONAL)


# --- which rows --------------------------------------------------------------------------------


def by(*columns: str) -> RowsOf:
    """Rows whose any of ``columns`` names the person's id."""

    def rows(table: Table, person: Person) -> ColumnElement[bool]:
        return or_(false(), *(table.c[column] == person.id for column in columns))

    return rows


def by_address(column: str) -> RowsOf:
    """Rows keyed by the person's e-mail address (stored lower-cased, as accounts are)."""

    def rows(table: Table, person: Person) -> ColumnElement[bool]:
        return table.c[column] == person.email

    return rows


def through(column: str, parent: str, parent_rows: RowsOf) -> RowsOf:
    """Rows that belong to the person's rows of ``parent`` (a draft's versions)."""

    def rows(table: Table, person: Person) -> ColumnElement[bool]:
        parent_table = db.Base.metadata.tables[parent]
        owned = select(parent_table.c.id).where(parent_rows(parent_table, person))
        return table.c[column].in_(owned)

    return rows


def either(*conditions: RowsOf) -> RowsOf:
    def rows(table: Table, person: Person) -> ColumnElement[bool]:
        return or_(*(condition(table, person) for condition in conditions))

    return rows


# --- what erasing does -------------------------------------------------------------------------


def keep(_table: Table, _person: Person) -> None:
    """The rows stay as they are: they hold no name or free text, and the country's figures
    count them."""


def make_delete(rows: RowsOf) -> Eraser:
    def erase(table: Table, person: Person) -> None:
        db.session.execute(table.delete().where(rows(table, person)))

    return erase


def make_blank(rows: RowsOf, **values: Any) -> Eraser:
    """The rows stay (they are counted) with these columns emptied (free text)."""

    def erase(table: Table, person: Person) -> None:
        db.session.execute(table.update().where(rows(table, person)).values(**values))

    return erase
