"""Workshops as a certificate source: a completed workshop (its required sessions attended,
its post-test passed: ``workshops.completion``) earns a certificate like a track does.

Its hours are the length of its required sessions that were held (not cancelled); its level is
that of the area's deep-dive track the workshop belongs to, when it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import and_, exists, select

from .. import db
from ..workshops.models import Workshop, WorkshopCompletion
from .models import Certificate, SourceKind
from .sources import Completed, Statement, register_source, round_to_half_hour


def held_minutes(workshop: Workshop) -> int:
    length = sum(
        (s.ends_at - s.starts_at for s in workshop.sessions if s.required and not s.cancelled_at),
        timedelta(),
    )
    return int(length.total_seconds() // 60)


class WorkshopSource:
    kind = SourceKind.workshop.value

    def statement(self, source_id: int) -> Statement | None:
        workshop = db.session.get(Workshop, source_id)
        if workshop is None:
            return None
        level = workshop.track.level.value if workshop.track else ""
        hours = round_to_half_hour(held_minutes(workshop))
        return Statement(title=workshop.title, level=level, hours=hours)

    def completions_without_certificate(self, user_id: int | None) -> Iterable[Completed]:
        issued = exists().where(
            and_(
                Certificate.user_id == WorkshopCompletion.user_id,
                Certificate.source_kind == self.kind,
                Certificate.source_id == WorkshopCompletion.workshop_id,
            )
        )
        stmt = select(
            WorkshopCompletion.user_id,
            WorkshopCompletion.workshop_id,
            WorkshopCompletion.completed_at,
        ).where(~issued)
        if user_id is not None:
            stmt = stmt.where(WorkshopCompletion.user_id == user_id)
        rows = db.session.execute(
            stmt.order_by(WorkshopCompletion.user_id, WorkshopCompletion.workshop_id)
        )
        return [Completed(person, workshop_id, at) for person, workshop_id, at in rows]


WORKSHOPS = WorkshopSource()
register_source(WORKSHOPS)
