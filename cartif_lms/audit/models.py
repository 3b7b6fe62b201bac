"""One row per recorded action; rows are only ever added (see ``trail._refuse_changes``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class Action(StrEnum):
    """What the trail records; a new audited action joins this list."""

    account_created = "account_created"
    account_approved = "account_approved"
    account_rejected = "account_rejected"
    account_deactivated = "account_deactivated"
    account_reactivated = "account_reactivated"
    account_edited = "account_edited"
    account_erased = "account_erased"
    role_changed = "role_changed"
    country_changed = "country_changed"
    password_reset = "password_reset"
    designation_recorded = "designation_recorded"
    designation_revoked = "designation_revoked"
    readiness_recorded = "readiness_recorded"
    ta_need_status_changed = "ta_need_status_changed"
    essay_graded = "essay_graded"
    draft_reviewed = "draft_reviewed"
    peer_review_sent = "peer_review_sent"
    competency_assessed = "competency_assessed"
    content_synced = "content_synced"
    token_created = "token_created"
    token_revoked = "token_revoked"
    workshop_cancelled = "workshop_cancelled"
    workshop_request_decided = "workshop_request_decided"
    attendance_corrected = "attendance_corrected"
    quiz_bank_saved = "quiz_bank_saved"
    certificate_issued = "certificate_issued"
    certificate_revoked = "certificate_revoked"
    simulation_started = "simulation_started"
    simulation_seated = "simulation_seated"
    simulation_ended = "simulation_ended"
    reflection_graded = "reflection_graded"


class AuditEntry(Base):
    __tablename__ = "lms_audit_entry"
    __table_args__ = (
        Index("ix_lms_audit_entry_at", "at"),
        Index("ix_lms_audit_entry_actor_at", "actor_id", "at"),
        Index("ix_lms_audit_entry_subject_user_at", "subject_user_id", "at"),
        Index("ix_lms_audit_entry_country_at", "country_id", "at"),
        Index("ix_lms_audit_entry_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Who did it; None for the command line and the nightly commands.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    #: The person the action was about, when it was about one.
    subject_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    #: The country the action concerns: a focal point sees the entries of their own country.
    country_id: Mapped[int | None] = mapped_column(ForeignKey("lms_country.id"))
    #: What else it was about, as a table name and row id ("lms_designation", 12).
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    #: Before and after values and other facts; ids and codes, never names or e-mail addresses,
    #: so erasing a person leaves nothing personal here.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}>"
