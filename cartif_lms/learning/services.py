"""Progress, prerequisites and completion for the person signed in, the one rule for taking
training (:func:`item_access`), and the next step every result page ends with.

Every function here is about the viewer's own records (``user`` is the viewer); progress of
other people is read through :mod:`cartif_lms.security.scoping` by the reporting pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.orm import selectinload

from .. import db
from ..auth.models import User
from ..content.kinds import CompletionRule, completion_of, kind_named
from ..content.models import Item, Level, Module, Track, TrackKind
from ..content.snapshot import ItemInfo, ModuleInfo, Snapshot, TrackInfo, current_snapshot
from ..db import utcnow
from ..directory.models import NegotiatingArea
from ..security.permissions import Permission, can
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


def _progress_rows(user: User, group_by: Any, *where: Any) -> dict[int, Progress]:
    completed = _completed_by(user.id)
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


def _completed_by(user_id: Any) -> Any:
    """Join condition: ``user_id``'s completion row for the current Item, if completed."""
    return and_(
        Completion.item_id == Item.id,
        Completion.user_id == user_id,
        Completion.completed_at.is_not(None),
    )


_COMPLETED_ITEM_IDS = select(Completion.item_id).where(
    Completion.user_id == bindparam("user_id"), Completion.completed_at.is_not(None)
)


def completed_ids(user: User) -> set[int]:
    """Every item ``user`` has completed (one indexed query)."""
    return set(db.session.scalars(_COMPLETED_ITEM_IDS, {"user_id": user.id}))


# --- the one rule for taking training ------------------------------------------------------
#
# Every kind of item goes through it, on every route that records or shows training: the item
# page, "Mark as complete", quiz start and submit, the workbench view, save and submit.


def may_take_training(user: Any) -> bool:
    """Whether ``user`` takes training at all (``take_training`` in the permission table)."""
    return can(user, Permission.take_training)


@dataclass(frozen=True)
class Access:
    """What a person may do with an item now, by :func:`item_access`."""

    trainee: bool  #: takes training at all; the others only preview, and nothing is recorded
    locked_by: tuple[ModuleInfo, ...] = ()  #: a trainee's unfinished prerequisites
    offered: bool = True  #: False for an item that is retired or unknown
    item: ItemInfo | None = None  #: the item asked about, when it is offered

    @property
    def may_take(self) -> bool:
        """May record progress on the item now (mark it read, attempt, save, submit)."""
        return self.offered and self.trainee and not self.locked_by

    @property
    def preview(self) -> bool:
        """May look at the item without anything being recorded."""
        return self.offered and not self.trainee

    @property
    def may_open(self) -> bool:
        return self.may_take or self.preview


class TrainingRefused(PermissionError):
    """The rule says no; ``access`` says why (pages answer 403 with what to do instead)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        super().__init__(str(refusal_reason(access)))


def refusal_reason(access: Access) -> str:
    if not access.offered:
        return str(_l("This item is no longer offered."))
    if not access.trainee:
        return str(_l("Your role does not take training: you may preview, nothing is recorded."))
    return str(_l("Finish the modules this one requires first."))


def _module_access(snapshot: Snapshot, trainee: bool, module_id: int, done: set[int]) -> Access:
    """The rule itself: trainees wait for the module's prerequisites; nobody else takes it."""
    module = snapshot.modules.get(module_id)
    if module is None:
        return Access(trainee, offered=False)
    if not trainee:
        return Access(False)
    required = (snapshot.modules[m] for m in module.prerequisites if m in snapshot.modules)
    return Access(True, tuple(m for m in required if not done.issuperset(m.item_ids)))


def _item_access(snapshot: Snapshot, trainee: bool, item_id: int, done: set[int]) -> Access:
    info = snapshot.items.get(item_id)
    if info is None:
        return Access(trainee, offered=False)
    return replace(_module_access(snapshot, trainee, info.module_id, done), item=info)


def item_access(user: User, item: Item | ItemInfo) -> Access:
    """The one rule for taking training, for an item of any kind: who takes training at all
    (the permission table), then the prerequisites of the item's module."""
    trainee = may_take_training(user)
    done = completed_ids(user) if trainee else set()
    return _item_access(current_snapshot(), trainee, item.id, done)


def require_to_take(user: User, item: Item | ItemInfo) -> Access:
    """Raise :class:`TrainingRefused` unless ``user`` may record progress on ``item`` now."""
    access = item_access(user, item)
    if not access.may_take:
        raise TrainingRefused(access)
    return access


def require_to_open(user: User, item: Item | ItemInfo) -> Access:
    """Raise :class:`TrainingRefused` unless ``user`` may take ``item`` now or preview it."""
    access = item_access(user, item)
    if not access.may_open:
        raise TrainingRefused(access)
    return access


def unfinished_prerequisites(user: User, module_id: int) -> list[ModuleInfo]:
    """The modules ``user`` must finish before module ``module_id`` opens (empty: it is open)."""
    trainee = may_take_training(user)
    done = completed_ids(user) if trainee else set()
    return list(_module_access(current_snapshot(), trainee, module_id, done).locked_by)


def locked_modules(user: User, module_ids: list[int]) -> dict[int, list[ModuleInfo]]:
    """For each locked module among ``module_ids``, what to finish first."""
    trainee = may_take_training(user)
    snapshot, done = current_snapshot(), completed_ids(user) if trainee else set()
    locks = {m: _module_access(snapshot, trainee, m, done).locked_by for m in module_ids}
    return {m: list(missing) for m, missing in locks.items() if missing}


# --- catalogue and pages ------------------------------------------------------------------


def active_tracks(area_code: str | None = None) -> list[Track]:
    # The orientation track first: the catalogue, like the home page, starts with it.
    stmt = (
        select(Track)
        .where(Track.retired_at.is_(None))
        .order_by(Track.orientation.desc(), Track.title)
    )
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


def neighbours(snapshot: Snapshot, item: ItemInfo) -> tuple[ItemInfo | None, ItemInfo | None]:
    """The items before and after ``item`` in its track's reading order."""
    sequence = snapshot.tracks[item.track_id].sequence
    index = sequence.index(item.id)
    before = snapshot.items[sequence[index - 1]] if index > 0 else None
    after = snapshot.items[sequence[index + 1]] if index + 1 < len(sequence) else None
    return before, after


@dataclass(frozen=True)
class ItemPage:
    item: ItemInfo
    module: ModuleInfo
    track: TrackInfo
    access: Access  #: when it does not allow opening, the content must not be shown
    before: ItemInfo | None = None
    after: ItemInfo | None = None
    done: bool = False

    @property
    def may_mark_complete(self) -> bool:
        """Offer "Mark as complete": the item's kind is completed by hand, and not yet."""
        manual = self.item.completion is CompletionRule.manual
        return manual and self.access.may_take and not self.done


def item_page(user: User, slug: str) -> ItemPage | None:
    """What the item page shows ``user``: the snapshot plus one query for their completions."""
    snapshot = current_snapshot()
    item = snapshot.item(slug)
    if item is None:
        return None
    module, track = snapshot.modules[item.module_id], snapshot.tracks[item.track_id]
    trainee = may_take_training(user)
    done = completed_ids(user) if trainee else set()
    access = _item_access(snapshot, trainee, item.id, done)
    if not access.may_open:
        return ItemPage(item, module, track, access)
    before, after = neighbours(snapshot, item)
    return ItemPage(item, module, track, access, before, after, item.id in done)


# --- completion ---------------------------------------------------------------------------


class CompletionRefused(ValueError):
    """The item cannot be marked complete by hand: it is completed another way."""


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
    if completion_of(item) is not CompletionRule.manual:
        raise CompletionRefused(_l("Quizzes and exercises are completed by passing them."))
    require_to_take(user, item)
    return record_completion(user, item, now)


def record_completion(user: User, item: Item, now: datetime | None = None) -> CompletionOutcome:
    """Count ``item`` as done by ``user`` (a lesson read, a quiz passed): once, however often."""
    now = now or utcnow()
    db.session.execute(
        db.insert_for(Completion)
        .values(user_id=user.id, item_id=item.id, status=CompletionStatus.started, started_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "item_id"])
    )
    changed = db.rows_changed(
        update(Completion)
        .where(
            Completion.user_id == user.id,
            Completion.item_id == item.id,
            Completion.completed_at.is_(None),
        )
        .values(status=CompletionStatus.completed, completed_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed != 1:
        return CompletionOutcome(first_time=False)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    item_completed.send(app, user=user, item=item, at=now)
    return CompletionOutcome(True, _complete_track_if_done(app, user, item.module.track, now))


def _complete_track_if_done(app: Any, user: User, track: Track, now: datetime) -> bool:
    if not track_progress(user, [track.id]).get(track.id, NO_PROGRESS).complete:
        return False
    result = db.session.execute(
        db.insert_for(TrackCompletion)
        .values(user_id=user.id, track_id=track.id, completed_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "track_id"])
        .returning(TrackCompletion.__table__.c.id)
    )
    if result.first() is None:  # another request recorded it first
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


def continue_point(user: User) -> ItemInfo | None:
    """Where ``user`` left off: what they can act on now in their latest tracks."""
    if not may_take_training(user):
        return None
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
    snapshot, done = current_snapshot(), completed_ids(user)
    for track_id, _last in recent_tracks:
        track = snapshot.tracks.get(track_id)
        item = _first_actionable(user, snapshot, track, done) if track else None
        if item is not None:
            return item
    return None


def next_open_item(user: User, track: Track | None) -> ItemInfo | None:
    """The first item of ``track`` that ``user`` can act on now (see :func:`next_step`)."""
    if track is None or track.retired_at is not None:
        return None
    return next_step(user, track.id).item


# --- the next step ------------------------------------------------------------------------


def _on_hold(user: User, snapshot: Snapshot, item_ids: Iterable[int]) -> set[int]:
    """Which of ``item_ids`` hold nothing for ``user`` to do now although they are not
    complete (a quiz with no attempt left, a draft waiting for review): each kind says."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for item_id in item_ids:
        by_kind[snapshot.items[item_id].kind].append(item_id)
    held: set[int] = set()
    for kind, ids in by_kind.items():
        held |= kind_named(kind).on_hold(user, ids)
    return held


@dataclass(frozen=True)
class NextStep:
    """What a person can do next, for the "next step" every result page ends with."""

    track: TrackInfo | None  #: the track asked about (None when it is no longer offered)
    item: ItemInfo | None  #: something they can act on now: open, unfinished, not on hold
    track_complete: bool = False  #: then ``item``, if any, is in another track

    @property
    def waiting(self) -> bool:
        """The track is unfinished but nothing in it can be done now (grading, review...)."""
        return self.item is None and not self.track_complete


def next_step(user: User, track_id: int | None, after: int | None = None) -> NextStep:
    """What ``user`` can do next in a track: see :func:`_first_actionable`; once the track is
    complete, where they left off in another."""
    snapshot = current_snapshot()
    track = snapshot.tracks.get(track_id) if track_id is not None else None
    if track is None or not may_take_training(user):
        return NextStep(track, None)
    done = completed_ids(user)
    if done.issuperset(track.sequence):
        item = continue_point(user)
        return NextStep(track, item if item and item.track_id != track.id else None, True)
    return NextStep(track, _first_actionable(user, snapshot, track, done, after))


def _first_actionable(
    user: User, snapshot: Snapshot, track: TrackInfo, done: set[int], after: int | None = None
) -> ItemInfo | None:
    """The first item of ``track`` after ``after`` in reading order (then from the start, so
    it may be ``after`` itself) that a trainee may take now, has not finished, and that is not
    on hold: never a spent quiz, a locked item or a finished one."""
    sequence = list(track.sequence)
    start = sequence.index(after) + 1 if after in sequence else 0
    candidates = [
        i
        for i in sequence[start:] + sequence[:start]
        if i not in done and _item_access(snapshot, True, i, done).may_take
    ]
    held = _on_hold(user, snapshot, candidates)
    return next((snapshot.items[i] for i in candidates if i not in held), None)


def next_step_after(user: User, item: Item | ItemInfo) -> NextStep:
    """The next step once ``user`` is done with ``item`` for now (a result page's last word)."""
    info = current_snapshot().items.get(item.id)
    return next_step(user, info.track_id if info else None, item.id)


@dataclass(frozen=True)
class HomeSummary:
    in_progress: list[tuple[Track, Progress]]
    start_with: Track | None  #: suggested when nothing is started yet
    continue_item: ItemInfo | None = None
    continue_module: ModuleInfo | None = None
    continue_track: TrackInfo | None = None


def home_summary(user: User) -> HomeSummary:
    in_progress = tracks_in_progress(user)
    start_with = None
    if not in_progress:
        # The orientation track, else the first track in catalogue order, that is not
        # finished: never send them back to one.
        finished = {t for t, p in track_progress(user).items() if p.complete}
        tracks = [t for section in catalogue() for t in section.tracks if t.id not in finished]
        start_with = min(tracks, key=lambda t: not t.orientation, default=None)
    item = continue_point(user)
    if item is None:
        return HomeSummary(in_progress, start_with)
    snapshot = current_snapshot()
    return HomeSummary(
        in_progress,
        start_with,
        item,
        snapshot.modules[item.module_id],
        snapshot.tracks[item.track_id],
    )
