"""What each recorded action is called on the audit pages and in their CSV."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from .models import Action

#: One label per action; an action added to :class:`Action` adds its label here.
ACTION_LABELS: dict[Action, Any] = {
    Action.account_created: _l("Account created"),
    Action.account_approved: _l("Account request approved"),
    Action.account_rejected: _l("Account request rejected"),
    Action.account_deactivated: _l("Account deactivated"),
    Action.account_reactivated: _l("Account reactivated"),
    Action.account_edited: _l("Account edited"),
    Action.account_erased: _l("Account erased"),
    Action.role_changed: _l("Role changed"),
    Action.country_changed: _l("Country changed"),
    Action.password_reset: _l("Password reset"),
    Action.designation_recorded: _l("Designation recorded"),
    Action.designation_revoked: _l("Designation revoked"),
    Action.readiness_recorded: _l("Readiness recorded"),
    Action.ta_need_status_changed: _l("TA need status changed"),
    Action.essay_graded: _l("Essays graded"),
    Action.draft_reviewed: _l("Draft reviewed by a trainer"),
    Action.peer_review_sent: _l("Peer review sent"),
    Action.competency_assessed: _l("Competency assessed"),
    Action.content_synced: _l("Content synced"),
    Action.token_created: _l("API token created"),
    Action.token_revoked: _l("API token revoked"),
    Action.certificate_issued: _l("Certificate issued"),
    Action.certificate_revoked: _l("Certificate revoked"),
    Action.simulation_started: _l("Simulation run started"),
    Action.simulation_seated: _l("Seated in a simulation delegation"),
    Action.simulation_ended: _l("Simulation run ended"),
    Action.reflection_graded: _l("Simulation reflection graded"),
    Action.workshop_cancelled: _l("Workshop cancelled"),
    Action.workshop_request_decided: _l("Workshop request decided"),
    Action.attendance_corrected: _l("Attendance corrected"),
    Action.quiz_bank_saved: _l("Quiz bank saved"),
}


def action_label(action: str) -> str:
    """The label of a stored action; an action this version does not know shows as stored."""
    try:
        return str(ACTION_LABELS[Action(action)])
    except (ValueError, KeyError):
        return action
