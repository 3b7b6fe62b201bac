"""What people read for each workshop state, once, translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import (
    AttendanceMode,
    AttendanceStatus,
    RegistrationPolicy,
    RegistrationStatus,
    SessionMode,
    WorkshopKind,
)

KIND_LABELS = {
    WorkshopKind.deep_dive: _l("Deep dive of a negotiating area"),
    WorkshopKind.zero_round_plenary: _l("Zero round: plenary"),
    WorkshopKind.zero_round_technical: _l("Zero round: technical session"),
}
POLICY_LABELS = {
    RegistrationPolicy.open: _l("Open to all"),
    RegistrationPolicy.designated: _l("People designated in its area"),
    RegistrationPolicy.approval: _l("Needs the focal point's approval"),
}
SESSION_MODE_LABELS = {
    SessionMode.in_person: _l("In person"),
    SessionMode.online: _l("Online"),
    SessionMode.hybrid: _l("Hybrid"),
}
ATTENDANCE_MODE_LABELS = {
    AttendanceMode.in_person: _l("In person"),
    AttendanceMode.online: _l("Online"),
}
REGISTRATION_LABELS = {
    RegistrationStatus.requested: _l("waiting for your focal point"),
    RegistrationStatus.registered: _l("registered"),
    RegistrationStatus.waitlisted: _l("on the waitlist"),
    RegistrationStatus.refused: _l("declined by your focal point"),
    RegistrationStatus.cancelled: _l("cancelled"),
}
ATTENDANCE_STATUS_LABELS = {
    AttendanceStatus.present: _l("Present"),
    AttendanceStatus.late: _l("Late"),
    AttendanceStatus.excused: _l("Excused"),
    AttendanceStatus.absent: _l("Absent"),
}
