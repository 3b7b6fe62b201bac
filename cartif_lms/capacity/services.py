"""The capacity picture: progress and gaps by country and area, people's gaps, readiness, and
technical-assistance needs.

Definitions (documented in the README):

- **Completion** of an area in a country: items completed by the country's learners in the
  area's tracks, over (the country's learners x the area's active items), in per cent.
  Cross-cutting tracks (no area) count under "XC".
- **Gap** of a person in a competency: target - attained, where positive. A country's **mean
  gap** in a competency is the sum of its designated people's gaps over their number.
- **Uncovered designation**: an area where the country has no current lead negotiator, or no
  technical expert.
- **TA need priority** = mean gap x people below target x 1.5 if the country is acceding to the
  WTO x (1 + (3 - readiness) / 3), where readiness is the mean of the latest readiness
  assessment of the competency's area (0-3; a country not yet assessed counts as 1.5).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import contains_eager, selectinload

from .. import db
from ..audit import CURRENT, Action, record
from ..auth.models import User
from ..content.models import Level, Module, Track, module_competency
from ..content.snapshot import current_snapshot
from ..db import utcnow
from ..directory.models import (
    CROSS_CUTTING,
    Competency,
    Country,
    Designation,
    DesignationKind,
    NegotiatingArea,
    WTOStatus,
)
from ..learning.services import module_progress
from ..pagination import Page, page_of
from ..security.permissions import CAPACITY
from ..security.scoping import EVERY_COUNTRY, CountryScope, scope_for
from . import rollups
from .models import (
    NOT_STATED,
    AreaProgress,
    AttainedLevel,
    GapRollup,
    LearnerCount,
    NeedStatus,
    ReadinessAssessment,
    TANeed,
    TANeedEvent,
)

UNASSESSED_READINESS = 1.5
ACCEDING_FACTOR = 1.5
COVERED_KINDS = (DesignationKind.lead_negotiator, DesignationKind.technical_expert)


class CapacityError(ValueError):
    """A request the capacity pages refuse; the message says why."""


# --- countries the viewer may see ---------------------------------------------------------------


def capacity_scope(viewer: User | None) -> CountryScope:
    """Whose capacity picture ``viewer`` sees; None is the system itself (the CLI): all."""
    return EVERY_COUNTRY if viewer is None else scope_for(viewer, CAPACITY)


def visible_countries(viewer: User | None) -> list[Country]:
    """The countries ``viewer`` may see the capacity picture of, by name.

    Read once per request (or command): a dashboard asks for them in each of its panels.
    """
    known: dict[Any, list[Country]] = g.setdefault("lms_visible_countries", {})
    # Who sees what follows the role and the country, so both are in the key.
    key = None if viewer is None else (viewer.id, viewer.role, viewer.country_id)
    if key not in known:
        scope = capacity_scope(viewer)
        countries = db.session.scalars(select(Country).order_by(Country.name))
        known[key] = [c for c in countries if scope.may_see(c)]
    return list(known[key])


def _country_ids(viewer: User | None, country: Country | None) -> list[int]:
    if country is not None:
        return [country.id]
    return [c.id for c in visible_countries(viewer)]


# --- progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressCell:
    country: str
    area: str
    learners: int
    items_done: int
    items_in_area: int

    @property
    def completion(self) -> float:
        possible = self.learners * self.items_in_area
        return round(100 * self.items_done / possible, 1) if possible else 0.0


def items_per_area() -> dict[str, int]:
    """Active items per area code of their track, from the worker's content snapshot (no query
    of its own: the curriculum changes only when it is synced or edited)."""
    snapshot = current_snapshot()
    return dict(
        Counter(
            snapshot.tracks[info.track_id].area_code or CROSS_CUTTING
            for info in snapshot.items.values()
        )
    )


def learners_per_country(country_ids: list[int]) -> dict[int, int]:
    """Active learners and focal points per country, from the roll-up (at most 44 rows)."""
    rows = db.session.execute(
        select(LearnerCount.country_id, func.sum(LearnerCount.learners))
        .where(LearnerCount.country_id.in_(country_ids))
        .group_by(LearnerCount.country_id)
    )
    return {country_id: int(count) for country_id, count in rows if count}


def progress_cells(
    viewer: User | None, country: Country | None = None, area: str | None = None
) -> list[ProgressCell]:
    """Completion per country and area, from the roll-up (one small query each)."""
    shown = [country] if country is not None else visible_countries(viewer)
    codes = {c.id: c.code for c in shown}
    ids = list(codes)
    learners = learners_per_country(ids)
    per_area = items_per_area()
    done = {
        (r.country_id, r.area_key): r.items_done
        for r in db.session.scalars(select(AreaProgress).where(AreaProgress.country_id.in_(ids)))
    }
    areas = [area.upper()] if area else sorted(per_area)
    return [
        ProgressCell(
            codes[cid], key, learners.get(cid, 0), done.get((cid, key), 0), per_area.get(key, 0)
        )
        for cid in sorted(codes, key=lambda cid: codes[cid])
        for key in areas
    ]


def learners_by_sex(viewer: User | None) -> dict[str, dict[str, int]]:
    """Per country code: learners who are women, men, other, or did not say (from the roll-up)."""
    codes = {c.id: c.code for c in visible_countries(viewer)}
    rows = db.session.execute(
        select(LearnerCount.country_id, LearnerCount.gender_key, LearnerCount.learners).where(
            LearnerCount.country_id.in_(codes), LearnerCount.learners > 0
        )
    )
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("female", "male", "other", "not stated"), 0)
    )
    for country_id, gender_key, count in rows:
        key = gender_key if gender_key != NOT_STATED else "not stated"
        counts[codes[country_id]][key] += count
    return dict(counts)


# --- gaps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    country: str
    area: str
    competency: str
    competency_name: str
    designated: int
    at_target: int
    gap_sum: int

    @property
    def mean_gap(self) -> float:
        return round(self.gap_sum / self.designated, 2) if self.designated else 0.0

    @property
    def below_target(self) -> int:
        return self.designated - self.at_target


def gap_rows(
    viewer: User | None, country: Country | None = None, area: str | None = None
) -> list[GapRow]:
    """The gap roll-up per country, area and competency (only rows with designated people)."""
    area_code = func.coalesce(NegotiatingArea.code, CROSS_CUTTING)
    stmt = (
        select(
            Country.code,
            area_code,
            Competency.code,
            Competency.name,
            GapRollup.designated,
            GapRollup.at_target,
            GapRollup.gap_sum,
        )
        .join(Country, Country.id == GapRollup.country_id)
        .join(Competency, Competency.id == GapRollup.competency_id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Competency.area_id)
        .where(GapRollup.country_id.in_(_country_ids(viewer, country)), GapRollup.designated > 0)
        .order_by(Country.code, area_code, Competency.code)
    )
    if area:
        stmt = stmt.where(area_code == area.upper())
    return [GapRow(*row) for row in db.session.execute(stmt)]


def mean_gap_by_area(rows: list[GapRow]) -> dict[tuple[str, str], float]:
    """Per (country, area): summed gaps over summed designated people."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        sums[(row.country, row.area)][0] += row.gap_sum
        sums[(row.country, row.area)][1] += row.designated
    return {key: round(gap / people, 2) for key, (gap, people) in sums.items() if people}


@dataclass(frozen=True)
class CountryFigures:
    """A country's line of the regional dashboard; the regional report prints the same."""

    country: Country
    learners: int
    completion: float
    mean_gap: float
    below_target: int


def country_figures(
    countries: list[Country], cells: list[ProgressCell], gaps: list[GapRow]
) -> list[CountryFigures]:
    """Each country's learners, completion (%), mean gap and people below target, from its
    progress cells and gap rows: the one definition the dashboard and the reports share."""
    rows = []
    for country in countries:
        mine = [c for c in cells if c.country == country.code]
        done = sum(c.items_done for c in mine)
        possible = sum(c.learners * c.items_in_area for c in mine)
        country_gaps = [g for g in gaps if g.country == country.code]
        designated = sum(g.designated for g in country_gaps)
        gap_sum = sum(g.gap_sum for g in country_gaps)
        rows.append(
            CountryFigures(
                country=country,
                learners=mine[0].learners if mine else 0,
                completion=round(100 * done / possible, 1) if possible else 0.0,
                mean_gap=round(gap_sum / designated, 2) if designated else 0.0,
                below_target=sum(g.below_target for g in country_gaps),
            )
        )
    return rows


@dataclass(frozen=True)
class PersonGap:
    user_id: int
    name: str
    competency: str
    target: int
    attained: int

    @property
    def gap(self) -> int:
        return max(0, self.target - self.attained)


def person_gaps(
    viewer: User, country: Country, user_ids: list[int] | None = None
) -> list[PersonGap]:
    """Every designated person's (or only ``user_ids``') target and attained level per
    competency (scoped)."""
    targets = rollups.person_targets(utcnow().date(), country.id, user_ids=user_ids).subquery()
    stmt = (
        select(
            User.id,
            User.name,
            Competency.code,
            targets.c.target,
            func.coalesce(AttainedLevel.level, 0),
        )
        .select_from(targets)
        .join(User, User.id == targets.c.user_id)
        .join(Competency, Competency.id == targets.c.competency_id)
        .outerjoin(
            AttainedLevel,
            and_(
                AttainedLevel.user_id == targets.c.user_id,
                AttainedLevel.competency_id == targets.c.competency_id,
            ),
        )
        .order_by(User.name, User.id, Competency.code)
    )
    return [PersonGap(*row) for row in db.session.execute(scope_for(viewer).filter(stmt))]


def person_gaps_page(viewer: User, country: Country, page: int) -> Page[PersonGap]:
    """One page of :func:`person_gaps`, whole people at a time: ``PAGE_SIZE`` of them, by name then
    id, each with all their competencies (scoped in the query, like the full list)."""
    # One row per person, found from the designations alone; grouped, so it may be ordered by
    # name on PostgreSQL too.
    people = scope_for(viewer).filter(rollups.designated_people(utcnow().date(), country.id))
    ids = page_of(people.order_by(User.name, User.id), page)
    rows = person_gaps(viewer, country, ids.items) if ids.items else []
    return Page(rows, ids.total, ids.page)


def uncovered_designations(country: Country) -> dict[str, list[DesignationKind]]:
    """Per area code: the designations nobody currently holds in ``country``."""
    today = utcnow().date()
    held = set(
        db.session.execute(
            select(NegotiatingArea.code, Designation.kind)
            .join(Designation, Designation.area_id == NegotiatingArea.id)
            .join(User, User.id == Designation.user_id)
            .where(Designation.country_id == country.id, rollups.current_designation(today))
            .distinct()
        ).all()
    )
    areas = db.session.scalars(
        select(NegotiatingArea.code)
        .where(NegotiatingArea.active.is_(True))
        .order_by(NegotiatingArea.position)
    )
    missing = {code: [k for k in COVERED_KINDS if (code, k) not in held] for code in areas}
    return {code: kinds for code, kinds in missing.items() if kinds}


@dataclass(frozen=True)
class MyCompetency:
    competency: Competency
    target: int | None
    attained: int
    next_module: Module | None  #: the first unfinished module that trains it

    @property
    def gap(self) -> int:
        return max(0, (self.target or 0) - self.attained)


def my_competencies(user: User) -> list[MyCompetency]:
    """Level against target for every competency the person has a target or evidence in."""
    targets = {
        cid: level
        for _u, _c, cid, level in db.session.execute(
            rollups.person_targets(utcnow().date(), user_id=user.id)
        )
    }
    attained = dict(
        db.session.execute(
            select(AttainedLevel.competency_id, AttainedLevel.level).where(
                AttainedLevel.user_id == user.id
            )
        ).all()
    )
    ids = sorted(set(targets) | set(attained))
    competencies = list(
        db.session.scalars(
            select(Competency).where(Competency.id.in_(ids)).order_by(Competency.code)
        )
    )
    next_modules = _next_modules(user, ids)
    return [
        MyCompetency(c, targets.get(c.id), attained.get(c.id, 0), next_modules.get(c.id))
        for c in competencies
    ]


#: Basic before intermediate before advanced (the names do not sort that way).
LEVEL_ORDER = case({Level.basic: 0, Level.intermediate: 1, Level.advanced: 2}, value=Track.level)


def _next_modules(user: User, competency_ids: list[int]) -> dict[int, Module]:
    """Per competency: the first module training it that ``user`` has not finished.

    Two statements whatever the number of competencies: the modules (with their tracks, which
    the page names) and the person's own progress in them.
    """
    if not competency_ids:
        return {}
    rows = db.session.execute(
        select(module_competency.c.competency_id, Module)
        .join(Module, Module.id == module_competency.c.module_id)
        .join(Track, Track.id == Module.track_id)
        .options(contains_eager(Module.track))
        .where(
            module_competency.c.competency_id.in_(competency_ids),
            Module.retired_at.is_(None),
            Track.retired_at.is_(None),
        )
        .order_by(LEVEL_ORDER, Track.title, Module.position)
    ).all()
    progress = module_progress(user, sorted({module.id for _c, module in rows}))
    found: dict[int, Module] = {}
    for competency_id, module in rows:
        done = progress.get(module.id)
        if competency_id not in found and not (done and done.complete):
            found[competency_id] = module
    return found


def trainings_for(competency_ids: list[int]) -> dict[int, list[Module]]:
    """Modules (and through them deep-dive tracks) tagged with each competency."""
    rows = db.session.execute(
        select(module_competency.c.competency_id, Module)
        .join(Module, Module.id == module_competency.c.module_id)
        .join(Track)
        .where(
            module_competency.c.competency_id.in_(competency_ids),
            Module.retired_at.is_(None),
            Track.retired_at.is_(None),
        )
        .order_by(Track.title, Module.position)
    )
    found: dict[int, list[Module]] = defaultdict(list)
    for competency_id, module in rows:
        found[competency_id].append(module)
    return found


# --- readiness ---------------------------------------------------------------------------

READINESS_FIELDS = (
    "institutional_coordination",
    "legal_mapping",
    "technical_expertise",
    "negotiating_experience",
)


def record_readiness(
    assessor: User, country: Country, area: NegotiatingArea, scores: dict[str, int], notes: str
) -> ReadinessAssessment:
    if set(scores) != set(READINESS_FIELDS) or not all(0 <= v <= 3 for v in scores.values()):
        raise CapacityError(_l("Score each of the four dimensions from 0 to 3."))
    assessment = ReadinessAssessment(
        country_id=country.id,
        area_id=area.id,
        notes=notes.strip(),
        assessed_by_id=assessor.id,
        **scores,
    )
    db.session.add(assessment)
    db.session.flush()
    record(
        Action.readiness_recorded,
        actor=assessor,
        country_id=country.id,
        object_type="lms_readiness_assessment",
        object_id=assessment.id,
        details={"area": area.code, **scores},
    )
    return assessment


def latest_readiness(
    country_ids: list[int] | None = None,
) -> dict[tuple[int, int], ReadinessAssessment]:
    """The most recent assessment per (country, area)."""
    latest = select(func.max(ReadinessAssessment.id)).group_by(
        ReadinessAssessment.country_id, ReadinessAssessment.area_id
    )
    stmt = select(ReadinessAssessment).where(ReadinessAssessment.id.in_(latest))
    if country_ids is not None:
        stmt = stmt.where(ReadinessAssessment.country_id.in_(country_ids))
    return {(r.country_id, r.area_id): r for r in db.session.scalars(stmt)}


def readiness_history(country: Country, area: NegotiatingArea) -> list[ReadinessAssessment]:
    return list(
        db.session.scalars(
            select(ReadinessAssessment)
            .where(
                ReadinessAssessment.country_id == country.id, ReadinessAssessment.area_id == area.id
            )
            .order_by(ReadinessAssessment.assessed_at.desc(), ReadinessAssessment.id.desc())
        )
    )


# --- technical-assistance needs ---------------------------------------------------------


def need_priority(mean_gap: float, people: int, acceding: bool, readiness: float | None) -> float:
    readiness = UNASSESSED_READINESS if readiness is None else readiness
    factor = (ACCEDING_FACTOR if acceding else 1.0) * (1 + (3 - readiness) / 3)
    return round(mean_gap * people * factor, 2)


@dataclass(frozen=True)
class NeedsReport:
    created: int
    updated: int
    closed: int


def generate_needs(now: datetime | None = None) -> NeedsReport:
    """Turn the gap roll-up into prioritised needs; statuses, notes and history are kept."""
    now = now or utcnow()
    countries = {c.id: c for c in db.session.scalars(select(Country))}
    readiness = latest_readiness()
    competencies = {c.id: c for c in db.session.scalars(select(Competency))}
    existing = {(n.country_id, n.competency_id): n for n in db.session.scalars(select(TANeed))}
    seen, created, updated = set(), 0, 0
    for row in db.session.scalars(select(GapRollup).where(GapRollup.gap_sum > 0)):
        key = (row.country_id, row.competency_id)
        seen.add(key)
        competency = competencies[row.competency_id]
        assessed = (
            readiness.get((row.country_id, competency.area_id)) if competency.area_id else None
        )
        mean_gap = row.gap_sum / row.designated
        people = row.designated - row.at_target
        values = {
            "people_affected": people,
            "mean_gap": round(mean_gap, 2),
            "priority": need_priority(
                mean_gap,
                people,
                countries[row.country_id].wto_status is WTOStatus.acceding,
                assessed.mean if assessed else None,
            ),
            "closed_at": None,
        }
        need = existing.get(key)
        if need is None:
            db.session.add(
                TANeed(
                    country_id=row.country_id,
                    competency_id=row.competency_id,
                    generated_at=now,
                    **values,
                )
            )
            created += 1
        elif any(getattr(need, k) != v for k, v in values.items()):
            if need.closed_at is not None:  # the gap is back
                _audit_need(need, "closed", need.status.value)
            for k, v in values.items():
                setattr(need, k, v)
            need.generated_at = now
            updated += 1
    closed = 0
    for key, need in existing.items():
        if key not in seen and need.closed_at is None:
            need.closed_at = now
            closed += 1
            _audit_need(need, need.status.value, "closed")
    db.session.flush()
    return NeedsReport(created, updated, closed)


def ta_needs(
    viewer: User | None,
    status: NeedStatus | None = None,
    country: Country | None = None,
    include_closed: bool = False,
) -> list[TANeed]:
    stmt = (
        select(TANeed)
        .options(selectinload(TANeed.country), selectinload(TANeed.competency))
        .where(TANeed.country_id.in_(_country_ids(viewer, country)))
        .order_by(TANeed.priority.desc(), TANeed.id)
    )
    if status is not None:
        stmt = stmt.where(TANeed.status == status)
    if not include_closed:
        stmt = stmt.where(TANeed.closed_at.is_(None))
    return list(db.session.scalars(stmt))


def _audit_need(need: TANeed, old: str, new: str, actor: Any = CURRENT) -> None:
    """One trail entry for a need's status: set by an analyst, or closed or reopened by a
    regeneration (by whoever ran it: nobody on the command line)."""
    record(
        Action.ta_need_status_changed,
        actor=actor,
        country_id=need.country_id,
        object_type="lms_ta_need",
        object_id=need.id,
        details={"competency": need.competency.code, "from": old, "to": new},
    )


def set_need_status(analyst: User, need: TANeed, status: NeedStatus, note: str) -> TANeed:
    _audit_need(need, need.status.value, status.value, analyst)
    need.status = status
    need.note = note.strip()
    event = TANeedEvent(need_id=need.id, status=status, note=need.note, by_id=analyst.id)
    db.session.add(event)
    db.session.flush()
    from flask import current_app

    from ..signals import ta_need_status_changed

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    ta_need_status_changed.send(app, need=need, event=event, by=analyst, at=utcnow())
    return need
