"""The country and regional progress reports as data, ready for a template (HTML or PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..capacity import services as capacity
from ..capacity.models import ReadinessAssessment, TANeed, TANeedEvent
from ..certificates.models import Certificate
from ..db import utcnow
from ..directory.models import CROSS_CUTTING, Country
from ..directory.services import list_areas
from ..i18n import format_declared
from . import figures
from .figures import Cutoff
from .models import ReportSnapshot
from .sections import (
    Indicator,
    ReportContext,
    Section,
    indicators,
    register_indicator,
    sections,
)

REGIONAL = "regional"
#: How many TA needs the regional report lists.
TOP_NEEDS = 10


@dataclass(frozen=True)
class NeedRow:
    need: TANeed
    history: list[TANeedEvent]  #: status changes recorded by the cut-off, oldest first


@dataclass(frozen=True)
class SectionBlock:
    section: Section
    data: Any


@dataclass(frozen=True)
class CountryReport:
    country: Country
    cutoff: Cutoff
    generated_at: datetime
    areas: list[str]  #: area codes, the cross-cutting "XC" last
    designations: list[figures.AreaDesignations]
    cells: list[capacity.ProgressCell]
    tracks: list[figures.TrackRow]
    gain: figures.GainSummary
    readiness: dict[str, ReadinessAssessment]
    gaps: list[capacity.GapRow]
    mean_gaps: dict[str, float]  #: per area code
    needs: list[NeedRow]
    participants: dict[str, int]  #: by sex
    trained: figures.Trained
    extra: list[SectionBlock] = field(default_factory=list)

    @property
    def completion(self) -> float:
        """The country's completion over every area (as on the dashboard's table)."""
        done = sum(c.items_done for c in self.cells)
        possible = sum(c.learners * c.items_in_area for c in self.cells)
        return round(100 * done / possible, 1) if possible else 0.0


def area_codes() -> list[str]:
    return [a.code for a in list_areas()] + [CROSS_CUTTING]


def country_report(country: Country, cutoff: Cutoff) -> CountryReport:
    context = ReportContext([country], cutoff)
    gaps = capacity.gap_rows(None, country)
    return CountryReport(
        country=country,
        cutoff=cutoff,
        generated_at=utcnow(),
        areas=area_codes(),
        designations=figures.designations_by_area(country, cutoff),
        cells=figures.completion_cells([country], cutoff),
        tracks=figures.completion_by_track(country, cutoff),
        gain=context.gain[country.id],
        readiness=figures.readiness(country, cutoff),
        gaps=gaps,
        mean_gaps={area: v for (_c, area), v in capacity.mean_gap_by_area(gaps).items()},
        needs=_needs(country, cutoff),
        participants=figures.participants_by_sex([country])[country.code],
        trained=context.trained[country.id],
        extra=[
            SectionBlock(s, data)
            for s in sections()
            if (data := s.country(country, cutoff)) is not None
        ],
    )


def _needs(country: Country | None, cutoff: Cutoff, limit: int | None = None) -> list[NeedRow]:
    needs = capacity.ta_needs(None, country=country)
    if country is None:
        needs = needs[:limit]
    return [NeedRow(n, [e for e in n.events if e.at < cutoff.at]) for n in needs]


# --- the regional report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    value: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        return format_declared(self.indicator.value_format, change, signed=True)


@dataclass(frozen=True)
class CountryRow:
    country: Country
    learners: int
    completion: float
    mean_gap: float
    below_target: int
    trained: figures.Trained
    gain: float | None
    uncovered: int


@dataclass(frozen=True)
class RegionalReport:
    cutoff: Cutoff
    generated_at: datetime
    countries: list[Country]
    areas: list[str]
    headlines: list[Headline]
    previous: ReportSnapshot | None
    rows: list[CountryRow]
    completion: dict[tuple[str, str], float]  #: (country code, area) -> per cent
    mean_gaps: dict[tuple[str, str], float]
    needs: list[NeedRow]
    by_sex: dict[str, dict[str, int]]
    extra: list[SectionBlock] = field(default_factory=list)


def regional_report(cutoff: Cutoff, keep_snapshot: bool = True) -> RegionalReport:
    """Every country's figures, and each headline indicator's change since the previous report
    (the latest snapshot with an earlier cut-off). ``keep_snapshot`` stores this report's
    headline figures as the next report's "previous" (flushes; the caller commits)."""
    countries = capacity.visible_countries(None)
    context = ReportContext(countries, cutoff)
    cells = figures.completion_cells(countries, cutoff)
    gaps = capacity.gap_rows(None)
    previous = previous_snapshot(cutoff)
    values = {i.key: i.value(context) for i in indicators()}
    before = previous.indicators if previous else {}
    headlines = [Headline(i, values[i.key], before.get(i.key)) for i in indicators()]
    if keep_snapshot:
        db.session.add(ReportSnapshot(kind=REGIONAL, cutoff=cutoff.at, indicators=values))
        db.session.flush()
    return RegionalReport(
        cutoff=cutoff,
        generated_at=utcnow(),
        countries=countries,
        areas=area_codes(),
        headlines=headlines,
        previous=previous,
        rows=_country_rows(countries, context, cells, gaps),
        completion={(c.country, c.area): c.completion for c in cells},
        mean_gaps=capacity.mean_gap_by_area(gaps),
        needs=_needs(None, cutoff, TOP_NEEDS),
        by_sex=figures.participants_by_sex(countries),
        extra=[
            SectionBlock(s, data)
            for s in sections()
            if s.regional is not None and (data := s.regional(countries, cutoff)) is not None
        ],
    )


def previous_snapshot(cutoff: Cutoff) -> ReportSnapshot | None:
    """The last regional report generated for an earlier cut-off."""
    return db.session.scalar(
        select(ReportSnapshot)
        .where(ReportSnapshot.kind == REGIONAL, ReportSnapshot.cutoff < cutoff.at)
        .order_by(ReportSnapshot.cutoff.desc(), ReportSnapshot.id.desc())
        .limit(1)
    )


def _country_rows(
    countries: list[Country],
    context: ReportContext,
    cells: list[capacity.ProgressCell],
    gaps: list[capacity.GapRow],
) -> list[CountryRow]:
    """One row per country: the dashboard's figures (capacity.country_figures) and more."""
    return [
        CountryRow(
            country=line.country,
            learners=line.learners,
            completion=line.completion,
            mean_gap=line.mean_gap,
            below_target=line.below_target,
            trained=context.trained[line.country.id],
            gain=context.gain[line.country.id].mean_points,
            uncovered=sum(
                len(d.uncovered) for d in figures.designations_by_area(line.country, context.cutoff)
            ),
        )
        for line in capacity.country_figures(countries, cells, gaps)
    ]


# --- the shipped headline indicators ---------------------------------------------------------


def _officials(context: ReportContext) -> float:
    return sum(t.officials for t in context.trained.values())


def _women(context: ReportContext) -> float:
    return sum(t.women for t in context.trained.values())


def _modules(context: ReportContext) -> float:
    return sum(t.modules_completed for t in context.trained.values())


def _gain(context: ReportContext) -> float | None:
    return figures.mean_of(context.gain.values())


def _certificates(context: ReportContext) -> float:
    """Certificates issued to the countries' people by the cut-off and not revoked by then."""
    at = context.cutoff.at
    return float(
        db.session.scalar(
            select(func.count())
            .select_from(Certificate)
            .where(
                Certificate.country_id.in_(context.country_ids),
                Certificate.issued_at < at,
                Certificate.revoked_at.is_(None) | (Certificate.revoked_at >= at),
            )
        )
        or 0
    )


register_indicator(Indicator("officials_trained", _l("Officials trained"), _officials, position=10))
register_indicator(Indicator("women_trained", _l("of whom women"), _women, position=20))
register_indicator(Indicator("modules_completed", _l("Modules completed"), _modules, position=30))
register_indicator(
    Indicator(
        "average_learning_gain",
        _l("Average learning gain (points)"),
        _gain,
        value_format="{:.1f}",
        position=50,
    )
)
register_indicator(
    Indicator("certificates_issued", _l("Certificates issued"), _certificates, position=60)
)
