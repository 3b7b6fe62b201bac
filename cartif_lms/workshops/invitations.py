"""The invitation a person gets with their place: the sessions, and a .ics to add them."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l

from ..mail.letters import mail_to
from ..mail.outbox import attach
from .calendars import calendar_of
from .labels import ATTENDANCE_MODE_LABELS
from .models import Registration
from .services import active_sessions


def workshop_url(workshop_id: int) -> str:
    """The workshop page's full address (a command has no request: LMS_BASE_URL)."""
    if has_request_context():
        return url_for("lms.workshops.workshop", workshop_id=workshop_id, _external=True)
    base = current_app.config.get("LMS_BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context("/", base_url=base):
        return url_for("lms.workshops.workshop", workshop_id=workshop_id, _external=True)


def invite(registration: Registration) -> None:
    """Mail the person holding ``registration``'s place their sessions, with the .ics."""
    workshop = registration.workshop
    sessions = active_sessions(workshop)
    message = mail_to(
        registration.user,
        _l("Your place in a CARTIF workshop"),
        "workshop_invitation.txt",
        workshop=workshop,
        sessions=sessions,
        mode=ATTENDANCE_MODE_LABELS[registration.mode],
        join_url=next((s.join_url for s in sessions if s.join_url), ""),
        url=workshop_url(workshop.id),
    )
    body = calendar_of(sessions, workshop.title, show_link=True)
    attach(message, f"workshop-{workshop.id}.ics", "text/calendar", body)
