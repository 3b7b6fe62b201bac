"""What facilitators and analysts read: the roster, the feedback, participant counts, the
CSV, and a participant's feedback (given once, anonymous to the facilitator if so set)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import db
from ..auth.models import User
from ..db import utcnow
from ..directory.models import CROSS_CUTTING, Country, NegotiatingArea
from ..security.scoping import CountryScope
from ..spreadsheet import csv_lines
from .models import (
    Attendance,
    AttendanceStatus,
    Feedback,
    FeedbackReceipt,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
)
from .services import WorkshopError, active_sessions, last_end


@dataclass
class RosterRow:
    registration: Registration
    #: Session id -> attendance (missing: nothing recorded yet).
    attendance: dict[int, Attendance] = field(default_factory=dict)

    @property
    def person(self) -> User:
        return self.registration.user


@dataclass(frozen=True)
class Roster:
    workshop: Workshop
    sessions: list[WorkshopSession]
    rows: list[RosterRow]


def roster(workshop: Workshop) -> Roster:
    """Everyone holding a place, with their attendance per session: two queries."""
    sessions = active_sessions(workshop)
    registrations = db.session.scalars(
        select(Registration)
        .options(selectinload(Registration.user).selectinload(User.country))
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status == RegistrationStatus.registered,
        )
    ).all()
    rows = {r.user_id: RosterRow(r) for r in registrations}
    marks = db.session.scalars(
        select(Attendance).where(Attendance.session_id.in_([s.id for s in sessions]))
    )
    for mark in marks:
        if mark.user_id in rows:
            rows[mark.user_id].attendance[mark.session_id] = mark
    ordered = sorted(rows.values(), key=lambda r: (r.person.name.casefold(), r.person.id))
    return Roster(workshop, sessions, ordered)


@dataclass(frozen=True)
class Counts:
    by_country: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_mode: list[tuple[str, int]]


def participant_counts(workshop_roster: Roster) -> Counts:
    """People holding a place, by country, sex and mode (sex-disaggregated, as ADB reports)."""
    people = [row.registration for row in workshop_roster.rows]
    by_country = Counter(r.user.country.code if r.user.country else "—" for r in people)
    by_sex = Counter(r.user.gender.value if r.user.gender else "unknown" for r in people)
    by_mode = Counter(r.mode.value for r in people)
    return Counts(sorted(by_country.items()), sorted(by_sex.items()), sorted(by_mode.items()))


# --- CSV -----------------------------------------------------------------------------------


def roster_csv(workshop_roster: Roster) -> str:
    """The roster as spreadsheet CSV (cartif_lms/spreadsheet.py): UTF-8 names read right, and
    a name that starts like a formula stays text."""
    header = ["name", "email", "country", "sex", "mode"]
    header += [f"session {s.starts_at:%Y-%m-%d %H:%M} UTC" for s in workshop_roster.sessions]
    return "".join(
        csv_lines(header, (_roster_cells(row, workshop_roster) for row in workshop_roster.rows))
    )


def _roster_cells(row: RosterRow, workshop_roster: Roster) -> list[str]:
    person = row.person
    cells = [
        person.name,
        person.email,
        person.country.code if person.country else "",
        person.gender.value if person.gender else "",
        row.registration.mode.value,
    ]
    for session in workshop_roster.sessions:
        mark = row.attendance.get(session.id)
        cells.append(f"{mark.status.value} ({mark.mode.value})" if mark else "")
    return cells


# --- feedback ------------------------------------------------------------------------------


def feedback_open(person: User, workshop: Workshop, now: datetime | None = None) -> bool:
    """Feedback opens when the last session has ended, for people who held a place."""
    end = last_end(workshop)
    now = now or utcnow()
    if end is None or now < end:
        return False
    stmt = select(Registration.id).where(
        Registration.workshop_id == workshop.id,
        Registration.user_id == person.id,
        Registration.status == RegistrationStatus.registered,
    )
    return db.session.scalars(stmt).first() is not None


def gave_feedback(person: User, workshop: Workshop) -> bool:
    stmt = select(FeedbackReceipt.id).where(
        FeedbackReceipt.workshop_id == workshop.id, FeedbackReceipt.user_id == person.id
    )
    return db.session.scalars(stmt).first() is not None


def give_feedback(
    person: User,
    workshop: Workshop,
    relevance: int,
    quality: int,
    applicability: int,
    comments: str,
    now: datetime | None = None,
) -> Feedback:
    """Once per person: the receipt's unique key decides, then the answers are kept (without
    the person when the workshop's feedback is anonymous)."""
    now = now or utcnow()
    if not feedback_open(person, workshop, now):
        raise WorkshopError(_l("Feedback opens after the last session, for participants."))
    if any(not 1 <= score <= 5 for score in (relevance, quality, applicability)):
        raise WorkshopError(_l("Rate each question from 1 to 5."))
    receipt = db.session.scalar(
        db.insert_for(FeedbackReceipt)
        .values(workshop_id=workshop.id, user_id=person.id, at=now)
        .on_conflict_do_nothing(index_elements=["workshop_id", "user_id"])
        .returning(FeedbackReceipt.__table__.c.id)
    )
    if receipt is None:
        raise WorkshopError(_l("You gave your feedback on this workshop already."))
    feedback = Feedback(
        workshop_id=workshop.id,
        user_id=None if workshop.anonymous_feedback else person.id,
        relevance=relevance,
        quality=quality,
        applicability=applicability,
        comments=comments.strip()[:4000],
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int
    #: Question -> count of each score 1..5 (index 0 is score 1).
    distributions: dict[str, list[int]]
    means: dict[str, float]
    comments: list[Feedback]


QUESTIONS = ("relevance", "quality", "applicability")


def feedback_summary(workshop: Workshop) -> FeedbackSummary:
    answers = list(
        db.session.scalars(
            select(Feedback).where(Feedback.workshop_id == workshop.id).order_by(Feedback.id)
        )
    )
    distributions = {q: [0] * 5 for q in QUESTIONS}
    for answer in answers:
        for question in QUESTIONS:
            distributions[question][getattr(answer, question) - 1] += 1
    means = {
        q: round(sum((i + 1) * n for i, n in enumerate(d)) / len(answers), 2) if answers else 0.0
        for q, d in distributions.items()
    }
    comments = [a for a in answers if a.comments]
    return FeedbackSummary(len(answers), distributions, means, comments)


# --- the regional picture ------------------------------------------------------------------


@dataclass(frozen=True)
class RegionalPicture:
    """Workshops held per area, and people who attended per country and area."""

    areas: list[str]
    held: dict[str, int]
    attended: dict[tuple[str, str], int]
    countries: list[str]


def regional_picture(scope: CountryScope, now: datetime | None = None) -> RegionalPicture:
    """Held: a workshop not cancelled with a session that has ended. Attended: people present
    or late at least once, counted once per country and area (``XC``: no area)."""
    now = now or utcnow()
    area_code = func.coalesce(NegotiatingArea.code, CROSS_CUTTING)
    held_stmt = (
        select(area_code, func.count(func.distinct(Workshop.id)))
        .select_from(Workshop)
        .join(WorkshopSession, WorkshopSession.workshop_id == Workshop.id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Workshop.area_id)
        .where(
            Workshop.cancelled_at.is_(None),
            WorkshopSession.cancelled_at.is_(None),
            WorkshopSession.ends_at < now,
        )
        .group_by(area_code)
    )
    held = {code: count for code, count in db.session.execute(held_stmt)}
    attended_stmt = (
        select(Country.code, area_code, func.count(func.distinct(Attendance.user_id)))
        .select_from(Attendance)
        .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Workshop.area_id)
        .join(User, User.id == Attendance.user_id)
        .join(Country, Country.id == User.country_id)
        .where(Attendance.status.in_([AttendanceStatus.present, AttendanceStatus.late]))
        .group_by(Country.code, area_code)
    )
    in_scope = scope.condition(User.id, User.country_id)
    if in_scope is not None:
        attended_stmt = attended_stmt.where(in_scope)
    attended = {(c, a): n for c, a, n in db.session.execute(attended_stmt)}
    areas = sorted(set(held) | {a for _, a in attended})
    countries = sorted({c for c, _ in attended})
    return RegionalPicture(areas, held, attended, countries)
