"""Counting what the served app wrote, from the test's own database session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.capacity import rollups
from cartif_lms.capacity.models import AreaProgress, AttainedLevel, GapRollup, LearnerCount
from cartif_lms.db import utcnow


def fresh_look() -> None:
    """Forget what the test's session read before the requests, so it sees what they wrote."""
    db.session.rollback()
    db.session.expire_all()


def count(model: type, *where: Any) -> int:
    """Rows of ``model`` matching ``where``, as committed by now."""
    fresh_look()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _rows(stmt: Any) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in db.session.execute(stmt)}


def assert_rollups_match_a_rebuild(now: datetime | None = None) -> None:
    """Nothing was lost on the way: incremental roll-ups equal a recomputation."""
    fresh_look()
    now = now or utcnow()
    stored_areas = _rows(
        select(AreaProgress.country_id, AreaProgress.area_key, AreaProgress.items_done)
    )
    assert stored_areas == _rows(rollups.area_progress_source())
    stored_levels = _rows(
        select(AttainedLevel.user_id, AttainedLevel.competency_id, AttainedLevel.level)
    )
    assert stored_levels == _rows(rollups.attained_source(now))
    stored_gaps = _rows(
        select(
            GapRollup.country_id,
            GapRollup.competency_id,
            GapRollup.designated,
            GapRollup.at_target,
            GapRollup.gap_sum,
        )
    )
    assert stored_gaps == _rows(rollups.gap_source(now.date()))
    stored_learners = _rows(
        select(LearnerCount.country_id, LearnerCount.gender_key, LearnerCount.learners).where(
            LearnerCount.learners != 0  # a cell whose last learner left stays, at zero
        )
    )
    assert stored_learners == _rows(rollups.learner_count_source())
