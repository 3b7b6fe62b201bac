"""What trainers and analysts learn from quizzes: item analysis and pre-test → post-test gain.

Learning gain (Kirkpatrick level 2) per learner and track: the pre-test score (the first
attempt at the track's pre-test) against the post score, which is the best attempt at the
track's final test, or, where a track has no final, the mean of the best attempts at its
module post-tests. Gains are averaged per country and negotiating area (cross-cutting tracks
count under "XC").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import mean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db
from ..auth.models import User
from ..content.models import Item, Module, Track
from ..directory.models import CROSS_CUTTING, Country, NegotiatingArea
from ..security.scoping import EVERY_COUNTRY, scope_for
from . import grading, quiz_statistics
from .kind import QUIZ
from .models import QuizAttempt, QuizBank
from .services import CLOSED, parse_cached, stored_marks
from .settings import QuizSettings, TestKind


@dataclass(frozen=True)
class QuestionRow:
    key: str
    name: str
    stat: quiz_statistics.ItemStat


@dataclass(frozen=True)
class QuizResults:
    item: Item
    attempts: int
    mean_score: float | None
    pass_rate: float | None
    questions: list[QuestionRow]


def quiz_results(item: Item) -> QuizResults:
    """Per-quiz results with item analysis over every closed attempt."""
    attempts = list(
        db.session.scalars(
            select(QuizAttempt).where(
                QuizAttempt.item_id == item.id, QuizAttempt.status.in_(CLOSED)
            )
        )
    )
    per_attempt = [
        {mark.key: mark.fraction for mark in stored_marks(a) if mark.max_points > 0}
        for a in attempts
    ]
    stats = quiz_statistics.item_statistics(per_attempt)
    names = _question_names(item)
    rows = sorted(
        (QuestionRow(k, names.get(k, k), s) for k, s in stats.items()),
        key=lambda row: row.stat.share_correct,
    )
    scores = [a.score for a in attempts if a.score is not None]
    graded = [a.passed for a in attempts if a.passed is not None]
    return QuizResults(
        item,
        len(attempts),
        round(mean(scores), 1) if scores else None,
        round(100 * sum(graded) / len(graded), 1) if graded else None,
        rows,
    )


def _question_names(item: Item) -> dict[str, str]:
    bank = db.session.scalar(select(QuizBank).where(QuizBank.slug == QuizSettings.of(item).bank))
    if bank is None:
        return {}
    return {grading.question_key(q): q.name for q in parse_cached(bank.source)}


def quiz_items() -> list[tuple[Item, TestKind, int]]:
    """Every active quiz item with its kind of test and its number of closed attempts."""
    items = db.session.scalars(
        select(Item)
        .options(selectinload(Item.module).selectinload(Module.track))
        .join(Module)
        .join(Track)
        .where(Item.kind == QUIZ.name, Item.retired_at.is_(None))
        .order_by(Track.title, Module.position, Item.position)
    ).all()
    counts: dict[int, int] = defaultdict(int)
    for item_id in db.session.scalars(
        select(QuizAttempt.item_id).where(QuizAttempt.status.in_(CLOSED))
    ):
        counts[item_id] += 1
    return [(item, QuizSettings.of(item).test, counts[item.id]) for item in items]


@dataclass(frozen=True)
class LearnerGain:
    user_id: int
    name: str
    country: str
    track: str
    area: str
    gain: quiz_statistics.Gain


#: A learner's (attempt number, score) per quiz item, per kind of test.
_ScoresByTest = dict[TestKind, dict[int, list[tuple[int, float]]]]


def learning_gains(
    viewer: User | None, before: datetime | None = None, country_ids: list[int] | None = None
) -> list[LearnerGain]:
    """Pre-test → post-test gain per learner and track, for the people ``viewer`` may see
    (None: the system, every country), from attempts submitted ``before`` a cut-off (None:
    all), of the people of ``country_ids`` (None: every country in scope)."""
    stmt = (
        select(
            QuizAttempt.user_id,
            User.name,
            Country.code,
            Track.title,
            NegotiatingArea.code,
            Item.settings,
            QuizAttempt.item_id,
            QuizAttempt.number,
            QuizAttempt.score,
        )
        .join(User, User.id == QuizAttempt.user_id)
        .join(Country, Country.id == User.country_id)
        .join(Item, Item.id == QuizAttempt.item_id)
        .join(Module, Module.id == Item.module_id)
        .join(Track, Track.id == Module.track_id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Track.area_id)
        .where(QuizAttempt.status.in_(CLOSED), QuizAttempt.score.is_not(None))
    )
    if before is not None:
        stmt = stmt.where(QuizAttempt.submitted_at < before)
    if country_ids is not None:
        stmt = stmt.where(User.country_id.in_(country_ids))
    scope = EVERY_COUNTRY if viewer is None else scope_for(viewer)
    rows = db.session.execute(scope.filter(stmt, QuizAttempt.user_id, User.country_id))
    grouped: dict[tuple[Any, ...], _ScoresByTest] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for user_id, name, country, track, area, settings, item_id, number, score in rows:
        test = QuizSettings.read(settings or {}).test
        grouped[(user_id, name, country, track, area or CROSS_CUTTING)][test][item_id].append(
            (number, score)
        )
    gains = []
    for (user_id, name, country, track, area), tests in grouped.items():
        gain = quiz_statistics.learning_gain(_pre_score(tests), _post_score(tests))
        if gain is not None:
            gains.append(LearnerGain(user_id, name, country, track, area, gain))
    return sorted(gains, key=lambda g: (g.country, g.track, g.name))


def _pre_score(tests: _ScoresByTest) -> float | None:
    firsts = [min(attempts)[1] for attempts in tests.get(TestKind.pre_test, {}).values()]
    return firsts[0] if firsts else None


def _post_score(tests: _ScoresByTest) -> float | None:
    for test in (TestKind.final, TestKind.post_test):
        bests = [max(score for _n, score in attempts) for attempts in tests.get(test, {}).values()]
        if bests:
            return mean(bests)
    return None


def mean_gain_by_country_and_area(gains: list[LearnerGain]) -> dict[tuple[str, str], float]:
    """Mean gain (percentage points) per (country code, area code)."""
    groups: dict[tuple[str, str], list[quiz_statistics.Gain]] = defaultdict(list)
    for g in gains:
        groups[(g.country, g.area)].append(g.gain)
    return {
        key: value
        for key, gs in groups.items()
        if (value := quiz_statistics.mean_gain(gs, normalised=False)) is not None
    }
