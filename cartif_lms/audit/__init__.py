"""The audit trail: an append-only record of who did what, and when.

``record(Action.role_changed, subject_user_id=..., country_id=..., details={...})`` adds one
entry in the caller's transaction, so an entry exists exactly when the action it records
committed.
"""

from .models import Action, AuditEntry
from .trail import CURRENT, record

__all__ = ["CURRENT", "Action", "AuditEntry", "record"]
