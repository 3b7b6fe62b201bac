"""The figures of the progress reports, as of a data cut-off.

A report is "as of" a day. Its **cut-off** is the end of that day (UTC), or now when the day is
today (or later): then the report is *live* and reads the same roll-ups and services as the
dashboard (``/capacity/dashboard``) and the API (``/api/v1/progress``), so their figures agree.
For an earlier day, figures with a date of their own are recounted from the rows before the
cut-off: completed items and modules, learning gain (attempts submitted before it),
designations held that day, readiness and TA-need history recorded by then. Gaps, TA-need
priorities and the people counted (active learners) exist only as they stand now; a report for
an earlier day shows them as of generation, and says so.

Definitions:

- an **official trained** is a learner or focal point (active) who completed at least one
  module (every active item of it) by the cut-off;
- **modules completed**: (person, module) pairs with every active item of the module done;
- **average learning gain**: the mean pre-test → post-test gain in percentage points over the
  learners who took both (:func:`cartif_lms.quizzes.reports.learning_gains`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, literal, select

from .. import db
from ..auth.models import Gender, User
from ..capacity import services as capacity
from ..capacity.models import ReadinessAssessment
from ..capacity.rollups import COUNTED_ROLES
from ..content.models import Item, Module, Track
from ..db import utcnow
from ..directory.models import CROSS_CUTTING, Country, Designation, DesignationKind, NegotiatingArea
from ..learning.models import Completion, TrackCompletion
from ..quizzes import reports as quiz_reports
from ..quizzes.quiz_statistics import mean_gain

SEXES = ("female", "male", "other", "not stated")


@dataclass(frozen=True)
class Cutoff:
    """The day a report is about and the moment its data stops."""

    as_of: date
    at: datetime  #: naive UTC, like every stored time
    #: The cut-off is now: figures come from the live roll-ups the dashboard reads.
    live: bool


def cutoff_for(as_of: date | None, now: datetime | None = None) -> Cutoff:
    """The cut-off of a report as of ``as_of`` (None, today or later: now)."""
    now = now or utcnow()
    if as_of is None or as_of >= now.date():
        return Cutoff(now.date(), now, True)
    return Cutoff(as_of, datetime.combine(as_of + timedelta(days=1), time()), False)


# --- completion per country and area ---------------------------------------------------------


def completion_cells(countries: list[Country], cutoff: Cutoff) -> list[capacity.ProgressCell]:
    """Completion per country and area: the dashboard's roll-up when live, else recounted."""
    if cutoff.live:
        cells: list[capacity.ProgressCell] = []
        for country in sorted(countries, key=lambda c: c.code):
            cells.extend(capacity.progress_cells(None, country))
        return cells
    ids = [c.id for c in countries]
    learners = capacity.learners_per_country(ids)
    per_area = capacity.items_per_area()
    area_key = func.coalesce(NegotiatingArea.code, literal(CROSS_CUTTING))
    done = {
        (country_id, key): count
        for country_id, key, count in db.session.execute(
            select(User.country_id, area_key, func.count())
            .select_from(Completion)
            .join(User, User.id == Completion.user_id)
            .join(Item, Item.id == Completion.item_id)
            .join(Module, Module.id == Item.module_id)
            .join(Track, Track.id == Module.track_id)
            .outerjoin(NegotiatingArea, NegotiatingArea.id == Track.area_id)
            .where(User.country_id.in_(ids), Completion.completed_at < cutoff.at)
            .group_by(User.country_id, area_key)
        )
    }
    return [
        capacity.ProgressCell(
            c.code, key, learners.get(c.id, 0), done.get((c.id, key), 0), per_area.get(key, 0)
        )
        for c in sorted(countries, key=lambda c: c.code)
        for key in sorted(per_area)
    ]


@dataclass(frozen=True)
class TrackRow:
    title: str
    area: str
    learners: int  #: the country's participants
    finished: int  #: of whom finished the track by the cut-off
    items_done: int
    items_in_track: int

    @property
    def completion(self) -> float:
        possible = self.learners * self.items_in_track
        return round(100 * self.items_done / possible, 1) if possible else 0.0


def completion_by_track(country: Country, cutoff: Cutoff) -> list[TrackRow]:
    """Per active track: items done by the country's people, and who finished it."""
    learners = capacity.learners_per_country([country.id]).get(country.id, 0)
    active = (Item.retired_at.is_(None), Module.retired_at.is_(None), Track.retired_at.is_(None))
    sizes = dict(
        db.session.execute(
            select(Track.id, func.count(Item.id))
            .join(Module, Module.track_id == Track.id)
            .join(Item, Item.module_id == Module.id)
            .where(*active)
            .group_by(Track.id)
        ).all()
    )
    # Count per item first (an index-only scan of the country's people's rows), then add the
    # items up per track: joining the items to each of a country's 100,000 rows costs double.
    per_item = (
        select(Completion.item_id, func.count().label("n"))
        .join(User, User.id == Completion.user_id)
        .where(User.country_id == country.id, Completion.completed_at < cutoff.at)
        .group_by(Completion.item_id)
        .subquery()
    )
    done: dict[int, int | None] = dict(
        db.session.execute(
            select(Track.id, func.sum(per_item.c.n))
            .select_from(per_item)
            .join(Item, Item.id == per_item.c.item_id)
            .join(Module, Module.id == Item.module_id)
            .join(Track, Track.id == Module.track_id)
            .where(*active)
            .group_by(Track.id)
        ).all()
    )
    finished = dict(
        db.session.execute(
            select(TrackCompletion.track_id, func.count())
            .join(User, User.id == TrackCompletion.user_id)
            .where(User.country_id == country.id, TrackCompletion.completed_at < cutoff.at)
            .group_by(TrackCompletion.track_id)
        ).all()
    )
    tracks = db.session.execute(
        select(Track.id, Track.title, NegotiatingArea.code)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Track.area_id)
        .where(Track.retired_at.is_(None), Track.id.in_(list(sizes)))
        .order_by(Track.title)
    )
    return [
        TrackRow(
            title,
            area or CROSS_CUTTING,
            learners,
            finished.get(tid, 0),
            int(done.get(tid) or 0),
            sizes[tid],
        )
        for tid, title, area in tracks
    ]


# --- officials trained, modules completed ------------------------------------------------------


@dataclass(frozen=True)
class Trained:
    """Per country: officials trained by sex, and modules completed."""

    by_sex: dict[str, int]
    modules_completed: int

    @property
    def officials(self) -> int:
        return sum(self.by_sex.values())

    @property
    def women(self) -> int:
        return self.by_sex.get("female", 0)


def trained(country_ids: list[int], cutoff: Cutoff) -> dict[int, Trained]:
    """Officials trained (by sex) and modules completed, per country id, by the cut-off."""
    active = (Item.retired_at.is_(None), Module.retired_at.is_(None), Track.retired_at.is_(None))
    totals = (
        select(Item.module_id, func.count().label("total"))
        .join(Module, Module.id == Item.module_id)
        .join(Track, Track.id == Module.track_id)
        .where(*active)
        .group_by(Item.module_id)
        .subquery()
    )
    people = (
        User.country_id.in_(country_ids),
        User.active.is_(True),
        User.role.in_(COUNTED_ROLES),
    )
    done = (
        select(Completion.user_id, Item.module_id, func.count().label("n"))
        .join(Item, Item.id == Completion.item_id)
        .where(Completion.completed_at < cutoff.at, Item.retired_at.is_(None))
    )
    if len(country_ids) == 1:
        # One country: read only its people's rows (the completion index starts with the
        # person); for many, one pass over every row beats a lookup per person.
        done = done.join(User, User.id == Completion.user_id).where(*people)
    done_per_module = done.group_by(Completion.user_id, Item.module_id).subquery()
    per_person = (
        select(done_per_module.c.user_id, func.count().label("modules"))
        .join(
            totals,
            and_(
                totals.c.module_id == done_per_module.c.module_id,
                done_per_module.c.n >= totals.c.total,
            ),
        )
        .group_by(done_per_module.c.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User.country_id, User.gender, func.count(), func.sum(per_person.c.modules))
        .join(User, User.id == per_person.c.user_id)
        .where(*people)
        .group_by(User.country_id, User.gender)
    )
    by_sex: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SEXES, 0))
    modules: dict[int, int] = defaultdict(int)
    for country_id, gender, people, completed in rows:
        by_sex[country_id][_sex(gender)] += people
        modules[country_id] += int(completed or 0)
    return {cid: Trained(dict(by_sex[cid]), modules[cid]) for cid in country_ids}


def _sex(gender: Gender | None) -> str:
    return gender.value if isinstance(gender, Gender) else "not stated"


def participants_by_sex(countries: list[Country]) -> dict[str, dict[str, int]]:
    """Per country code: active learners and focal points by sex (the dashboard's figure)."""
    counts = capacity.learners_by_sex(None)
    return {c.code: counts.get(c.code, dict.fromkeys(SEXES, 0)) for c in countries}


# --- learning gain ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GainSummary:
    learners: int  #: learners who took both tests of a track
    mean_points: float | None  #: mean gain, percentage points
    mean_normalised: float | None  #: mean normalised (Hake) gain, 0..1
    by_area: dict[str, float]  #: mean gain per area, percentage points


def learning_gain(country_ids: list[int], cutoff: Cutoff) -> dict[int, GainSummary]:
    """Pre-test → post-test gain per country id, from attempts submitted by the cut-off."""
    codes = dict(
        db.session.execute(
            select(Country.code, Country.id).where(Country.id.in_(country_ids))
        ).all()
    )
    gains = quiz_reports.learning_gains(None, cutoff.at, country_ids)
    per_country: dict[int, list[quiz_reports.LearnerGain]] = defaultdict(list)
    for gain in gains:
        per_country[codes[gain.country]].append(gain)
    return {cid: _summary(per_country.get(cid, [])) for cid in country_ids}


def _summary(gains: list[quiz_reports.LearnerGain]) -> GainSummary:
    by_area = quiz_reports.mean_gain_by_country_and_area(gains)
    points = mean_gain((g.gain for g in gains), normalised=False)
    normalised = mean_gain(g.gain for g in gains)
    return GainSummary(
        len({g.user_id for g in gains}),
        round(points, 1) if points is not None else None,
        round(normalised, 2) if normalised is not None else None,
        {area: round(value, 1) for (_country, area), value in by_area.items()},
    )


def mean_of(summaries: Iterable[GainSummary]) -> float | None:
    """The regional average gain: weighted by the learners behind each country's mean."""
    weighted = [(s.mean_points, s.learners) for s in summaries if s.mean_points is not None]
    people = sum(n for _v, n in weighted)
    return round(sum(v * n for v, n in weighted) / people, 1) if people else None


# --- designations and readiness -----------------------------------------------------------------


@dataclass(frozen=True)
class AreaDesignations:
    area: str  #: an area code, or "" for chief negotiators (all areas)
    held: dict[DesignationKind, int]
    uncovered: list[DesignationKind]


def designations_by_area(country: Country, cutoff: Cutoff) -> list[AreaDesignations]:
    """Designations held on the as-of day per area, and the uncovered ones (see
    :func:`cartif_lms.capacity.services.uncovered_designations` for the rule)."""
    day = cutoff.as_of
    rows = db.session.execute(
        select(NegotiatingArea.code, Designation.kind, func.count())
        .select_from(Designation)
        .join(User, User.id == Designation.user_id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Designation.area_id)
        .where(
            User.country_id == country.id,
            User.active.is_(True),
            Designation.valid_from <= day,
            Designation.valid_until >= day,
            (Designation.revoked_at.is_(None)) | (Designation.revoked_at >= cutoff.at),
        )
        .group_by(NegotiatingArea.code, Designation.kind)
    )
    held: dict[str, dict[DesignationKind, int]] = defaultdict(dict)
    for area, kind, count in rows:
        held[area or ""][kind] = count
    areas = db.session.scalars(
        select(NegotiatingArea.code)
        .where(NegotiatingArea.active.is_(True))
        .order_by(NegotiatingArea.position)
    )
    result = [AreaDesignations("", held.get("", {}), [])] if "" in held else []
    for code in areas:
        kinds = held.get(code, {})
        missing = [k for k in capacity.COVERED_KINDS if not kinds.get(k)]
        result.append(AreaDesignations(code, kinds, missing))
    return result


def readiness(country: Country, cutoff: Cutoff) -> dict[str, ReadinessAssessment]:
    """The latest readiness assessment per area code recorded by the cut-off."""
    latest = (
        select(func.max(ReadinessAssessment.id))
        .where(ReadinessAssessment.country_id == country.id)
        .group_by(ReadinessAssessment.area_id)
    )
    if not cutoff.live:
        latest = latest.where(ReadinessAssessment.assessed_at < cutoff.at)
    rows = db.session.execute(
        select(NegotiatingArea.code, ReadinessAssessment)
        .join(NegotiatingArea, NegotiatingArea.id == ReadinessAssessment.area_id)
        .where(ReadinessAssessment.id.in_(latest))
        .order_by(NegotiatingArea.position)
    )
    return {code: assessment for code, assessment in rows}
