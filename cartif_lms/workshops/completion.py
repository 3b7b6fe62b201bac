"""Completing a workshop: the required sessions attended at its threshold, and the post-test
passed. It is recorded once per person, gives competency evidence for the area's
competencies (the ``workshop`` evidence source) and raises ``workshop_completed``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..capacity.evidence import record_evidence
from ..db import utcnow
from ..directory.models import Competency
from ..learning.services import record_completion
from ..quizzes.models import QuizAttempt
from ..signals import workshop_completed
from .kind import workshop_items
from .models import (
    Attendance,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopCompletion,
)
from .services import active_sessions

#: The evidence source name (registered in cartif_lms.capacity.evidence).
EVIDENCE_SOURCE = "workshop"
#: A completed deep dive shows working knowledge of its area's competencies.
EVIDENCE_LEVEL = 2
ATTENDED = (AttendanceStatus.present, AttendanceStatus.late)


def attendance_share(person_id: int, workshop: Workshop) -> float:
    """The share of the workshop's required sessions ``person_id`` attended (0..1)."""
    required = [s.id for s in active_sessions(workshop) if s.required]
    if not required:
        return 0.0
    attended = db.session.scalars(
        select(Attendance.session_id).where(
            Attendance.user_id == person_id,
            Attendance.session_id.in_(required),
            Attendance.status.in_(ATTENDED),
        )
    ).all()
    return len(attended) / len(required)


def post_test_passed(person_id: int, workshop: Workshop) -> bool:
    """Whether the person passed the post-test (a workshop without one asks none)."""
    if workshop.post_test_id is None:
        return True
    stmt = select(QuizAttempt.id).where(
        QuizAttempt.user_id == person_id,
        QuizAttempt.item_id == workshop.post_test_id,
        QuizAttempt.passed.is_(True),
    )
    return db.session.scalars(stmt.limit(1)).first() is not None


def is_complete(person_id: int, workshop: Workshop) -> bool:
    share = attendance_share(person_id, workshop)
    return share * 100 >= workshop.attendance_threshold and post_test_passed(person_id, workshop)


def complete_if_done(person: User, workshop: Workshop, now: datetime | None = None) -> bool:
    """Record the completion when its conditions hold; True only the first time."""
    if workshop.cancelled_at is not None or not is_complete(person.id, workshop):
        return False
    now = now or utcnow()
    new_id = db.session.scalar(
        db.insert_for(WorkshopCompletion)
        .values(workshop_id=workshop.id, user_id=person.id, completed_at=now)
        .on_conflict_do_nothing(index_elements=["workshop_id", "user_id"])
        .returning(WorkshopCompletion.__table__.c.id)
    )
    if new_id is None:
        return False
    completion = db.session.get_one(WorkshopCompletion, new_id)
    for competency in _area_competencies(workshop):
        record_evidence(
            person,
            competency,
            EVIDENCE_LEVEL,
            EVIDENCE_SOURCE,
            source_id=completion.id,
            observed_at=now,
            note=f"Workshop: {workshop.title}"[:1000],
        )
    for item in workshop_items(workshop.track_id):  # counts in the track's progress
        record_completion(person, item, now)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    workshop_completed.send(app, user=person, workshop=workshop, completion=completion, at=now)
    return True


def _area_competencies(workshop: Workshop) -> list[Competency]:
    if workshop.area_id is None:
        return []
    stmt = select(Competency).where(
        Competency.area_id == workshop.area_id, Competency.retired_at.is_(None)
    )
    return list(db.session.scalars(stmt.order_by(Competency.position, Competency.id)))


def completed_workshop_ids(person: User) -> set[int]:
    stmt = select(WorkshopCompletion.workshop_id).where(WorkshopCompletion.user_id == person.id)
    return set(db.session.scalars(stmt))


# --- receivers -----------------------------------------------------------------------------


def _after_post_test(_sender: Any, user: User, attempt: Any, at: datetime, **_: Any) -> None:
    """``quiz_graded``: a passed post-test may complete the workshops that use it."""
    if not attempt.passed:
        return
    stmt = (
        select(Workshop)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Workshop.post_test_id == attempt.item_id,
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.registered,
        )
    )
    for workshop in db.session.scalars(stmt):
        complete_if_done(user, workshop, at)


def connect() -> None:
    """Blinker keeps one connection per function, so calling this for every app is safe."""
    from ..signals import quiz_graded

    quiz_graded.connect(_after_post_test)
