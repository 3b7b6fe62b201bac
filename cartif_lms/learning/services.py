"""Progress, prerequisites and completion for the person signed in.

Every function here is about the viewer's own records (``user`` is the viewer); progress of
other people is read through :mod:`cartif_lms.security.scoping` by the reporting pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from .. import db
from ..auth.models import User
from ..content.models import Item, ItemKind, Level, Module, Track, TrackKind
from ..db import utcnow
from ..directory.models import NegotiatingArea
from ..signals import item_completed, track_completed
from .models import Completion, CompletionStatus, TrackCompletion

KIND_ORDER = (TrackKind.modular, TrackKind.workshop, TrackKind.drafting)
LEVEL_ORDER = (Level.basic, Level.intermediate, Level.advanced)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    completed_at: datetime | None = None  #: when the last item was done, once all are

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


NO_PROGRESS = Progress(0, 0)


def _insert(model: type) -> Any:
    """INSERT ... ON CONFLICT for the session's dialect (both ours support it)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def _progress_rows(user: User, group_by: Any, *where: Any) -> dict[int, Progress]:
    completed = and_(
        Completion.item_id == Item.id,
        Completion.user_id == user.id,
        Completion.completed_at.is_not(None),
    )
    stmt = (
        select(
            group_by,
            func.count(Item.id),
            func.count(Completion.id),
            func.max(Completion.completed_at),
        )
        .join(Module, Item.module_id == Module.id)
        .outerjoin(Completion, completed)
        .where(Item.retired_at.is_(None), Module.retired_at.is_(None), *where)
        .group_by(group_by)
    )
    progress = {}
    for key, total, done, last in db.session.execute(stmt):
        progress[key] = Progress(done, total, last if done >= total else None)
    return progress


def module_progress(user: User, module_ids: list[int]) -> dict[int, Progress]:
    if not module_ids:
        return {}
    return _progress_rows(user, Item.module_id, Item.module_id.in_(module_ids))


def track_progress(user: User, track_ids: list[int] | None = None) -> dict[int, Progress]:
    where = [Module.track_id.in_(track_ids)] if track_ids is not None else []
    return _progress_rows(user, Module.track_id, *where)


def completed_item_ids(user: User, item_ids: list[int]) -> set[int]:
    if not item_ids:
        return set()
    return set(
        db.session.scalars(
            select(Completion.item_id).where(
                Completion.user_id == user.id,
                Completion.item_id.in_(item_ids),
                Completion.completed_at.is_not(None),
            )
        )
    )


def unfinished_prerequisites(user: User, module: Module) -> list[Module]:
    """The modules ``user`` must finish before ``module`` opens (empty: it is open)."""
    required = [m for m in module.prerequisites if m.retired_at is None]
    progress = module_progress(user, [m.id for m in required])
    return [m for m in required if not progress.get(m.id, NO_PROGRESS).complete]


def locked_modules(user: User, modules: list[Module]) -> dict[int, list[Module]]:
    """For each locked module among ``modules``, what to finish first (one progress query)."""
    required = {m.id: m for module in modules for m in module.prerequisites if m.retired_at is None}
    progress = module_progress(user, list(required))
    locks: dict[int, list[Module]] = {}
    for module in modules:
        missing = [
            m
            for m in module.prerequisites
            if m.id in required and not progress.get(m.id, NO_PROGRESS).complete
        ]
        if missing:
            locks[module.id] = missing
    return locks


# --- catalogue and pages ------------------------------------------------------------------


def active_tracks(area_code: str | None = None) -> list[Track]:
    stmt = select(Track).where(Track.retired_at.is_(None)).order_by(Track.title)
    if area_code:
        stmt = stmt.join(NegotiatingArea, Track.area_id == NegotiatingArea.id).where(
            NegotiatingArea.code == area_code.upper()
        )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class CatalogueSection:
    kind: TrackKind
    level: Level
    tracks: list[Track]


def catalogue(area_code: str | None = None) -> list[CatalogueSection]:
    """Active tracks grouped by kind, then level (the order learners climb them)."""
    grouped: dict[tuple[TrackKind, Level], list[Track]] = defaultdict(list)
    for track in active_tracks(area_code):
        grouped[(track.kind, track.level)].append(track)
    return [
        CatalogueSection(kind, level, grouped[(kind, level)])
        for kind in KIND_ORDER
        for level in LEVEL_ORDER
        if grouped.get((kind, level))
    ]


def catalogue_tracks() -> list[Track]:
    """Active tracks in catalogue order, with modules, items and competencies loaded."""
    sections = catalogue()
    tracks = [track for section in sections for track in section.tracks]
    if tracks:
        db.session.scalars(
            select(Track)
            .where(Track.id.in_([t.id for t in tracks]))
            .options(
                selectinload(Track.area),
                selectinload(Track.modules).selectinload(Module.prerequisites),
                selectinload(Track.modules).selectinload(Module.competencies),
                selectinload(Track.modules)
                .selectinload(Module.items)
                .selectinload(Item.competencies),
            )
        ).all()
    return tracks


def track_by_slug(slug: str) -> Track | None:
    return db.session.scalar(
        select(Track)
        .where(Track.slug == slug, Track.retired_at.is_(None))
        .options(selectinload(Track.modules).selectinload(Module.prerequisites))
    )


def module_by_slug(slug: str) -> Module | None:
    return db.session.scalar(select(Module).where(Module.slug == slug, Module.retired_at.is_(None)))


def item_by_slug(slug: str) -> Item | None:
    return db.session.scalar(select(Item).where(Item.slug == slug, Item.retired_at.is_(None)))


def active_modules(track: Track) -> list[Module]:
    return [m for m in track.modules if m.retired_at is None]


def active_items(module: Module) -> list[Item]:
    return [i for i in module.items if i.retired_at is None]


def track_sequence(track: Track) -> list[Item]:
    """Every active item of ``track`` in reading order (one query)."""
    return list(
        db.session.scalars(
            select(Item)
            .join(Module, Item.module_id == Module.id)
            .where(
                Module.track_id == track.id, Module.retired_at.is_(None), Item.retired_at.is_(None)
            )
            .order_by(Module.position, Item.position)
        )
    )


def neighbours(item: Item) -> tuple[Item | None, Item | None]:
    """The items before and after ``item`` in its track's reading order."""
    sequence = track_sequence(item.module.track)
    index = next(i for i, candidate in enumerate(sequence) if candidate.id == item.id)
    before = sequence[index - 1] if index > 0 else None
    after = sequence[index + 1] if index + 1 < len(sequence) else None
    return before, after


# --- completion ---------------------------------------------------------------------------


class CompletionRefused(ValueError):
    """The item cannot be marked complete by hand (locked, or completed another way)."""


@dataclass(frozen=True)
class CompletionOutcome:
    first_time: bool  #: False when the item was already complete (a double submit)
    track_completed: bool = False  #: this completion finished the track


def mark_complete(user: User, item: Item, now: datetime | None = None) -> CompletionOutcome:
    """Record that ``user`` finished ``item``; counted the first time only, however often called.

    One row per (person, item): a double submit, a back-button resubmit or two tabs find the row
    already completed and change nothing. When this completes the track, ``track_completed``
    fires, once.
    """
    if item.kind is not ItemKind.lesson:
        raise CompletionRefused("Quizzes and exercises are completed by passing them.")
    if unfinished_prerequisites(user, item.module):
        raise CompletionRefused("Finish the modules this one requires first.")
    now = now or utcnow()
    db.session.execute(
        _insert(Completion)
        .values(user_id=user.id, item_id=item.id, status=CompletionStatus.started, started_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "item_id"])
    )
    result = db.session.execute(
        update(Completion)
        .where(
            Completion.user_id == user.id,
            Completion.item_id == item.id,
            Completion.completed_at.is_(None),
        )
        .values(status=CompletionStatus.completed, completed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return CompletionOutcome(first_time=False)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    item_completed.send(app, user=user, item=item, at=now)
    return CompletionOutcome(True, _complete_track_if_done(app, user, item.module.track, now))


def _complete_track_if_done(app: Any, user: User, track: Track, now: datetime) -> bool:
    if not track_progress(user, [track.id]).get(track.id, NO_PROGRESS).complete:
        return False
    result = db.session.execute(
        _insert(TrackCompletion)
        .values(user_id=user.id, track_id=track.id, completed_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "track_id"])
    )
    if result.rowcount != 1:
        return False
    track_completed.send(app, user=user, track=track, at=now)
    return True


def tracks_in_progress(user: User) -> list[tuple[Track, Progress]]:
    """Tracks ``user`` has started and not finished, most advanced first."""
    progress = {k: p for k, p in track_progress(user).items() if p.done and not p.complete}
    tracks = db.session.scalars(
        select(Track).where(Track.id.in_(progress), Track.retired_at.is_(None))
    )
    return sorted(((t, progress[t.id]) for t in tracks), key=lambda tp: -tp[1].percent)


def continue_point(user: User) -> Item | None:
    """Where ``user`` left off: the next open, unfinished item of their latest track."""
    recent_tracks = db.session.execute(
        select(Module.track_id, func.max(Completion.completed_at).label("last"))
        .join(Item, Item.module_id == Module.id)
        .join(Completion, Completion.item_id == Item.id)
        .where(
            Completion.user_id == user.id,
            Completion.completed_at.is_not(None),
            Item.retired_at.is_(None),
        )
        .group_by(Module.track_id)
        .order_by(func.max(Completion.completed_at).desc())
        .limit(5)
    ).all()
    for track_id, _last in recent_tracks:
        item = next_open_item(user, db.session.get(Track, track_id))
        if item is not None:
            return item
    return None


def next_open_item(user: User, track: Track | None) -> Item | None:
    """The first item of ``track`` that ``user`` has not finished and may open."""
    if track is None or track.retired_at is not None:
        return None
    sequence = track_sequence(track)
    done = completed_item_ids(user, [i.id for i in sequence])
    locks = locked_modules(user, active_modules(track))
    return next((i for i in sequence if i.id not in done and i.module_id not in locks), None)


@dataclass(frozen=True)
class HomeSummary:
    continue_item: Item | None
    in_progress: list[tuple[Track, Progress]]
    start_with: Track | None  #: suggested when nothing is started yet


def home_summary(user: User) -> HomeSummary:
    in_progress = tracks_in_progress(user)
    start_with = None
    if not in_progress:
        sections = catalogue()
        start_with = sections[0].tracks[0] if sections else None
    return HomeSummary(continue_point(user), in_progress, start_with)
