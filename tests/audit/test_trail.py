"""The trail records an action with it, and never loses or rewrites an entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DatabaseError

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry, record
from cartif_lms.audit.labels import ACTION_LABELS
from cartif_lms.auth.models import User


def entries() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_an_entry_commits_with_its_action_and_vanishes_with_a_rollback(
    app: Flask, make_user: Callable[..., User]
) -> None:
    admin, person = make_user("admin"), make_user()
    record(Action.role_changed, actor=admin, subject_user_id=person.id, details={"to": "trainer"})
    db.session.rollback()
    assert entries() == 0

    record(Action.role_changed, actor=admin, subject_user_id=person.id, details={"to": "trainer"})
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.subject_user_id, entry.action) == (
        admin.id,
        person.id,
        "role_changed",
    )
    assert entry.details == {"to": "trainer"}


def test_outside_a_request_the_actor_is_nobody(app: Flask) -> None:
    assert record(Action.content_synced).actor_id is None


def test_entries_cannot_be_edited_or_deleted(app: Flask) -> None:
    entry = record(Action.content_synced, details={"added": 3})
    db.session.commit()

    entry.details = {"added": 0}
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()

    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    assert entries() == 1


def test_the_database_itself_refuses_to_rewrite_an_entry(
    app: Flask, make_user: Callable[..., User]
) -> None:
    """Past the ORM too (a hand-written UPDATE): only a deleted account's id may become NULL."""
    admin, person = make_user("admin", country=None), make_user()
    record(Action.role_changed, actor=admin, subject_user_id=person.id, details={"to": "trainer"})
    db.session.commit()
    for change in (
        {"action": "content_synced"},
        {"details": {"to": "admin"}},
        {"actor_id": person.id},
        {"at": datetime(2020, 1, 1)},
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(update(AuditEntry).values(**change))
        db.session.rollback()

    db.session.execute(delete(User).where(User.id == admin.id))  # the account goes...
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    db.session.refresh(entry)
    assert (entry.actor_id, entry.subject_user_id) == (None, person.id)  # ...its entry stays
    assert entry.details == {"to": "trainer"}


def test_every_action_has_a_label_for_the_audit_pages() -> None:
    assert set(ACTION_LABELS) == set(Action)
