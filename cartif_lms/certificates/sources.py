"""What a certificate can be earned for: a registry of sources, one per kind.

A source answers two questions: what a certificate for one of its rows states (title, level,
hours), and which completions it has (person, source row, when), for the re-run over past
completions. Tracks are registered here; a workshop registers its own source when workshops
exist, and certificates for it are issued by the same code, with no migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from sqlalchemy import and_, exists, select

from .. import db
from ..content.models import Item, Module, Track
from ..learning.models import TrackCompletion
from .models import Certificate, SourceKind


@dataclass(frozen=True)
class Statement:
    """What a certificate says about what was completed."""

    title: str
    level: str  #: "basic", "intermediate", "advanced"; "" when the source has none
    hours: Decimal | None


@dataclass(frozen=True)
class Completed:
    """One person's completion of one source row: a certificate is due for it if they qualify."""

    user_id: int
    source_id: int
    completed_at: datetime

    @property
    def completed_on(self) -> date:
        return self.completed_at.date()


class Source(Protocol):
    kind: str

    def statement(self, source_id: int) -> Statement | None:
        """What a certificate for this row states; None if the row does not exist."""

    def completions_without_certificate(self, user_id: int | None) -> Iterable[Completed]:
        """Every completion (of ``user_id``, or of everyone) without a certificate yet; a
        revoked certificate counts as existing, so it is not issued again."""


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    _SOURCES[source.kind] = source


def source_for(kind: str) -> Source:
    return _SOURCES[kind]


def all_sources() -> list[Source]:
    return list(_SOURCES.values())


def round_to_half_hour(minutes: int) -> Decimal | None:
    if minutes <= 0:
        return None
    halves = (Decimal(minutes) / 30).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(halves, Decimal(1)) / 2


def study_minutes(track_id: int) -> int:
    """A track's study time: each active module's own ``Minutes``, else its items' minutes.

    The curriculum files have no hours per track; a module may give its whole study time, and
    every item gives its own, so the track's is their sum.
    """
    minutes = 0
    modules = db.session.execute(
        select(Module.id, Module.minutes).where(
            Module.track_id == track_id, Module.retired_at.is_(None)
        )
    ).all()
    item_minutes: dict[int, int] = {}
    for module_id, item_total in db.session.execute(
        select(Item.module_id, Item.minutes).where(
            Item.module_id.in_([m.id for m in modules]), Item.retired_at.is_(None)
        )
    ):
        item_minutes[module_id] = item_minutes.get(module_id, 0) + (item_total or 0)
    for module_id, module_total in modules:
        minutes += module_total if module_total is not None else item_minutes.get(module_id, 0)
    return minutes


class TrackSource:
    kind = SourceKind.track.value

    def statement(self, source_id: int) -> Statement | None:
        track = db.session.get(Track, source_id)
        if track is None:
            return None
        hours = round_to_half_hour(study_minutes(track.id))
        return Statement(title=track.title, level=track.level.value, hours=hours)

    def completions_without_certificate(self, user_id: int | None) -> Iterable[Completed]:
        issued = exists().where(
            and_(
                Certificate.user_id == TrackCompletion.user_id,
                Certificate.source_kind == self.kind,
                Certificate.source_id == TrackCompletion.track_id,
            )
        )
        stmt = select(
            TrackCompletion.user_id, TrackCompletion.track_id, TrackCompletion.completed_at
        ).where(~issued)
        if user_id is not None:
            stmt = stmt.where(TrackCompletion.user_id == user_id)
        rows = db.session.execute(stmt.order_by(TrackCompletion.user_id, TrackCompletion.track_id))
        return [Completed(user_id, track_id, at) for user_id, track_id, at in rows]


TRACKS = TrackSource()
register_source(TRACKS)
