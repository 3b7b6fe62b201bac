"""Competency evidence: one small registry of sources, one way in (``record_evidence``).

Every source writes rows through :func:`record_evidence`; the roll-ups read only evidence rows,
so a new source (workshop attendance, say) is a new registry entry and a producer, not a change
to the roll-up. Levels: 0 none, 1 awareness, 2 working knowledge, 3 proficient.

Shipped sources and their rules:

- ``quiz``: for each competency tagged on the questions of a graded attempt, the share of the
  points on those questions: at least 80% shows level 2, at least 50% level 1 (a quiz tests
  knowledge, so it never shows proficiency).
- ``drafting``: an accepted drafting review (rule in cartif_lms.drafting.services).
- ``assessment``: a trainer's direct assessment, at the level the trainer records, with a note.

A person's attained level in a competency is the highest level with evidence in the last
three years.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..db import utcnow
from ..directory.models import Competency
from . import rollups
from .models import Evidence, EvidenceSource


@dataclass(frozen=True)
class SourceInfo:
    name: str
    label: str
    rule: str


SOURCES: dict[str, SourceInfo] = {}


def register_source(name: str, label: str, rule: str) -> None:
    """Add an evidence source; its producer then calls ``record_evidence(source=name, ...)``."""
    SOURCES[name] = SourceInfo(name, label, rule)


register_source(
    EvidenceSource.quiz,
    "Quiz",
    "share of points on tagged questions: >= 80% level 2, >= 50% level 1",
)
register_source(
    EvidenceSource.drafting,
    "Drafting exercise",
    "accepted review: >= 85% of rubric points level 3, >= 60% level 2, else 1",
)
register_source(EvidenceSource.assessment, "Trainer's assessment", "the level the trainer records")
register_source(
    "workshop",
    "Workshop",
    "a completed workshop (required sessions attended at its threshold, post-test passed):"
    " level 2 in each competency of its area",
)


class EvidenceError(ValueError):
    """Evidence that cannot be recorded; the message says why."""


def record_evidence(
    user: User,
    competency: Competency,
    level: int,
    source: str,
    *,
    source_id: int | None = None,
    observed_at: datetime | None = None,
    recorded_by: User | None = None,
    note: str = "",
) -> Evidence:
    """Record that ``user`` showed ``level`` in ``competency``, and update the roll-ups.

    Evidence from a source row (``source_id``) is recorded once per competency: recording it
    again returns the row already there and changes nothing.
    """
    if source not in SOURCES:
        raise EvidenceError(f"unknown evidence source '{source}'")
    if not 0 <= level <= 3:
        raise EvidenceError(_l("A level is 0, 1, 2 or 3."))
    rollups.lock_rollups(user.country_id, user.id)
    values = {
        "user_id": user.id,
        "competency_id": competency.id,
        "level": level,
        "source": str(source),
        "source_id": source_id,
        "observed_at": observed_at or utcnow(),
        "recorded_by_id": recorded_by.id if recorded_by else None,
        "note": note[:1000],
    }
    if source_id is None:
        evidence = Evidence(**values)
        db.session.add(evidence)
        db.session.flush()
    else:
        # The unique (source, source_id, competency_id) key decides, not a look beforehand.
        new_id = db.session.scalar(
            db.insert_for(Evidence)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["source", "source_id", "competency_id"])
            .returning(Evidence.__table__.c.id)
        )
        if new_id is None:
            return db.session.scalars(
                select(Evidence).where(
                    Evidence.source == str(source),
                    Evidence.source_id == source_id,
                    Evidence.competency_id == competency.id,
                )
            ).one()
        evidence = db.session.get_one(Evidence, new_id)
    # Only the person's own cell can move, and the gap cell only if their level did.
    if rollups.refresh_attained(user.id, competency.id) and user.country_id is not None:
        rollups.refresh_gaps(user.country_id, [competency.id])
    return evidence


def assess_competency(
    trainer: User, person: User, competency: Competency, level: int, note: str
) -> Evidence:
    """A trainer's direct assessment of ``person``: evidence at ``level``, and its trail entry."""
    evidence = record_evidence(
        person, competency, level, EvidenceSource.assessment, recorded_by=trainer, note=note
    )
    record(
        Action.competency_assessed,
        actor=trainer,
        subject_user_id=person.id,
        country_id=person.country_id,
        object_type="lms_evidence",
        object_id=evidence.id,
        details={"competency": competency.code, "level": level},
    )
    return evidence


def quiz_level(share: float) -> int:
    return 2 if share >= 0.8 else 1 if share >= 0.5 else 0


def record_quiz_evidence(_sender: Any, user: User, attempt: Any, at: datetime, **_: Any) -> None:
    """``quiz_graded`` receiver: evidence per competency tagged on the attempt's questions."""
    from ..quizzes.services import attempt_questions

    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    for index, question in enumerate(attempt_questions(attempt)):
        result = attempt.results.get(str(index), {})
        for tag in question.tags:
            earned[tag] += result.get("fraction", 0) * result.get("max_points", 0)
            possible[tag] += result.get("max_points", 0)
    codes = [code for code in possible if possible[code] > 0]
    competencies = {
        c.code: c for c in db.session.scalars(select(Competency).where(Competency.code.in_(codes)))
    }
    for code, competency in sorted(competencies.items()):
        level = quiz_level(earned[code] / possible[code])
        if level:
            record_evidence(
                user,
                competency,
                level,
                EvidenceSource.quiz,
                source_id=attempt.id,
                observed_at=at,
                note=f"Quiz: {attempt.item.title}",
            )
