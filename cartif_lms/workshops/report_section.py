"""The workshops' part of the progress reports: attendance and feedback per workshop held, and
the regional report's "Workshops held" indicator (registered in cartif_lms/kinds.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..auth.models import User
from ..directory.models import CROSS_CUTTING, Country, NegotiatingArea
from ..progress_reports.figures import Cutoff
from ..progress_reports.sections import Indicator, ReportContext, Section
from .models import Attendance, AttendanceStatus, Feedback, Workshop, WorkshopSession
from .reports import QUESTIONS


@dataclass(frozen=True)
class WorkshopHeld:
    title: str
    area: str
    ended_on: str  #: ISO day of its last session's end (UTC)
    #: People of the report's countries present or late at least once.
    attended: int
    #: Feedback over every participant (it may be anonymous, so it has no country).
    responses: int
    means: dict[str, float]


def _held(cutoff: Cutoff) -> list[tuple[Workshop, str]]:
    """Workshops not cancelled whose last active session ended by the cut-off, with that end."""
    last_end = func.max(WorkshopSession.ends_at)
    stmt = (
        select(Workshop, last_end)
        .join(WorkshopSession, WorkshopSession.workshop_id == Workshop.id)
        .where(Workshop.cancelled_at.is_(None), WorkshopSession.cancelled_at.is_(None))
        .group_by(Workshop.id)
        .having(last_end <= cutoff.at)
        .order_by(last_end, Workshop.id)
    )
    return [(workshop, ended.date().isoformat()) for workshop, ended in db.session.execute(stmt)]


def workshops_held(countries: list[Country], cutoff: Cutoff) -> list[WorkshopHeld] | None:
    """One line per workshop held by the cut-off (None: none held, the section is left out)."""
    held = _held(cutoff)
    if not held:
        return None
    ids = [workshop.id for workshop, _ in held]
    attended = dict(
        db.session.execute(
            select(WorkshopSession.workshop_id, func.count(func.distinct(Attendance.user_id)))
            .join(Attendance, Attendance.session_id == WorkshopSession.id)
            .join(User, User.id == Attendance.user_id)
            .where(
                WorkshopSession.workshop_id.in_(ids),
                WorkshopSession.ends_at <= cutoff.at,
                Attendance.status.in_([AttendanceStatus.present, AttendanceStatus.late]),
                User.country_id.in_([c.id for c in countries]),
            )
            .group_by(WorkshopSession.workshop_id)
        ).all()
    )
    means = _feedback_means(ids)
    areas = dict(db.session.execute(select(NegotiatingArea.id, NegotiatingArea.code)).all())
    return [
        WorkshopHeld(
            title=workshop.title,
            area=areas.get(workshop.area_id, CROSS_CUTTING) if workshop.area_id else CROSS_CUTTING,
            ended_on=ended_on,
            attended=attended.get(workshop.id, 0),
            responses=means.get(workshop.id, (0, {}))[0],
            means=means.get(workshop.id, (0, {}))[1],
        )
        for workshop, ended_on in held
    ]


def _feedback_means(ids: list[int]) -> dict[int, tuple[int, dict[str, float]]]:
    columns = [func.avg(getattr(Feedback, q)) for q in QUESTIONS]
    stmt = (
        select(Feedback.workshop_id, func.count(), *columns)
        .where(Feedback.workshop_id.in_(ids))
        .group_by(Feedback.workshop_id)
    )
    return {
        workshop_id: (
            count,
            {q: round(float(v), 2) for q, v in zip(QUESTIONS, values, strict=True)},
        )
        for workshop_id, count, *values in db.session.execute(stmt)
    }


def _rounded(values: list[float]) -> dict[str, float]:
    return {q: round(float(v), 2) for q, v in zip(QUESTIONS, values, strict=True)}


def held_count(context: ReportContext) -> float | None:
    return float(len(_held(context.cutoff)))


SECTION = Section(
    name="workshops",
    title=_l("Workshop attendance and feedback"),
    template="lms/workshops/_report_section.html",
    country=lambda country, cutoff: workshops_held([country], cutoff),
    regional=workshops_held,
    position=60,
)
INDICATOR = Indicator("workshops_held", _l("Workshops held"), held_count, position=40)
