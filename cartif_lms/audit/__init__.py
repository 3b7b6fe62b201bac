"""The audit trail: an append-only record of who did what, and when.

``record(Action.role_changed, subject=person, country_id=..., details={...})`` adds one entry in
the caller's transaction, so an entry exists exactly when the action it records committed.
"""

from .models import Action, AuditEntry
from .trail import record

__all__ = ["Action", "AuditEntry", "record"]
