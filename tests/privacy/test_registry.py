"""No table that holds a person's data is forgotten: each is exported and erased as the
privacy registry says, or listed as not personal with a reason."""

from __future__ import annotations

from sqlalchemy import Table

from cartif_lms import db
from cartif_lms.privacy import services  # noqa: F401  (registers the shipped tables)
from cartif_lms.privacy.registry import NOT_PERSONAL, declared, personal_tables

USERS = "lms_user"


def _names_a_person(table: Table) -> bool:
    return any(fk.column.table.name == USERS for fk in table.foreign_keys)


def _owned_by_a_person(table: Table, owned: set[str]) -> bool:
    """Its rows go when a person's rows go (ON DELETE CASCADE): a draft's versions."""
    return any(
        fk.column.table.name in owned and fk.ondelete == "CASCADE" for fk in table.foreign_keys
    )


def _keyed_by_address(table: Table) -> bool:
    return any(column.name in {"email", "to"} for column in table.columns)


def tables_with_personal_data() -> set[str]:
    tables = [t for t in db.Base.metadata.sorted_tables if t.name != USERS]
    found = {t.name for t in tables if _names_a_person(t) or _keyed_by_address(t)}
    cascading = {
        t.name
        for t in tables
        if any(fk.column.table.name == USERS and fk.ondelete == "CASCADE" for fk in t.foreign_keys)
    }
    while True:  # rows owned by owned rows, however deep
        more = {t.name for t in tables if t.name not in found and _owned_by_a_person(t, cascading)}
        if not more:
            return found
        found |= more
        cascading |= more


def test_every_table_that_names_a_person_is_declared(app) -> None:
    """A new table with a person's id or address fails here until privacy/tables.py says how
    it is exported and erased, or why it is not personal."""
    assert tables_with_personal_data() - declared() == set()


def test_the_walk_finds_tables_owned_through_another(app) -> None:
    found = tables_with_personal_data()
    assert {"lms_draft_version", "lms_draft_review", "lms_login_attempt"} <= found


def test_every_exclusion_gives_its_reason(app) -> None:
    assert all(len(reason) > 20 for reason in NOT_PERSONAL.values())


def test_the_declarations_name_real_columns(app) -> None:
    for spec in personal_tables():
        columns = set(spec.table.columns.keys())
        assert set(spec.withheld) <= columns, spec.name
        assert set(spec.mentions) <= columns, spec.name
