"""Writing entries, in the same transaction as the action they record."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import db
from .models import Action, AuditEntry

#: "The signed-in person": the default actor (None outside a request, e.g. the command line).
CURRENT = object()


def record(
    action: Action,
    *,
    actor: Any = CURRENT,
    subject_user_id: int | None = None,
    country_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry for ``action`` to the current transaction (it commits with the action).

    ``actor`` is a person, a person's id, or None; by default the signed-in person.
    """
    entry = AuditEntry(
        action=action.value,
        actor_id=_actor_id(actor),
        subject_user_id=subject_user_id,
        country_id=country_id,
        object_type=object_type,
        object_id=object_id,
        details=details or {},
    )
    db.session.add(entry)
    return entry


def _actor_id(actor: Any) -> int | None:
    if actor is CURRENT:
        if not has_request_context() or not current_user.is_authenticated:
            return None
        actor = current_user
    if actor is None or isinstance(actor, int):
        return actor
    return int(actor.id)


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    """The trail is append-only: an entry is never edited or deleted through the ORM."""
    changed = [entry for entry in session.dirty if session.is_modified(entry)]
    if any(isinstance(entry, AuditEntry) for entry in (*changed, *session.deleted)):
        raise ValueError("audit entries are append-only")
