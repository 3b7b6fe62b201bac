"""An in-process, read-only picture of the active curriculum, for pages learners hit most.

The curriculum changes only when ``lms sync`` (or, later, browser authoring) writes it; every
such write bumps ``lms_content_state.version``. Each worker keeps one snapshot and rebuilds it
when the version it reads (one primary-key query per request) has moved, so a sync shows up on
every worker at once and a lesson page needs no joins over the content tables.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import g
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from .. import db
from .kinds import CompletionRule, kind_of
from .models import ContentState, Item, Module, Track


@dataclass(frozen=True)
class ItemInfo:
    id: int
    slug: str
    title: str
    kind: str  #: the name of its registered kind
    minutes: int | None
    body_html: str
    competencies: tuple[tuple[str, str], ...]  #: (code, name)
    module_id: int
    track_id: int
    completion: CompletionRule  #: how it is completed, by its kind's rule

    @property
    def has_treaty_text(self) -> bool:
        return 'class="treaty-' in self.body_html


@dataclass(frozen=True)
class ModuleInfo:
    id: int
    slug: str
    title: str
    track_id: int
    track_title: str
    prerequisites: tuple[int, ...]  #: active modules to finish first
    item_ids: tuple[int, ...]  #: active items, in order


@dataclass(frozen=True)
class TrackInfo:
    id: int
    slug: str
    title: str
    sequence: tuple[int, ...]  #: active item ids in reading order


@dataclass(frozen=True)
class Snapshot:
    version: int
    items: dict[int, ItemInfo] = field(default_factory=dict)
    item_ids_by_slug: dict[str, int] = field(default_factory=dict)
    modules: dict[int, ModuleInfo] = field(default_factory=dict)
    tracks: dict[int, TrackInfo] = field(default_factory=dict)
    #: Rendered article fragments by (item id, locale); they live as long as the snapshot.
    fragments: dict[tuple[int, str], str] = field(default_factory=dict)

    def item(self, slug: str) -> ItemInfo | None:
        item_id = self.item_ids_by_slug.get(slug)
        return self.items[item_id] if item_id is not None else None


_lock = threading.Lock()


_VERSION = select(ContentState.version).where(ContentState.id == 1)


def content_version() -> int:
    return db.session.scalar(_VERSION) or 0


def bump_content_version() -> None:
    """Tell every worker that the curriculum changed (call in the writing transaction)."""
    updated = db.rows_changed(
        update(ContentState)
        .where(ContentState.id == 1)
        .values(version=ContentState.version + 1)
        .execution_options(synchronize_session=False)
    )
    if updated == 0:
        db.session.add(ContentState(id=1, version=1))
    db.session.flush()
    g.pop("_lms_snapshot", None)


def current_snapshot() -> Snapshot:
    """This worker's snapshot, rebuilt first if the curriculum changed since it was taken.

    The version is read once per request (or app context) and remembered in ``g``.
    """
    snapshot: Snapshot | None = g.get("_lms_snapshot")
    if snapshot is not None:
        return snapshot
    state = db.lms_state()
    version = content_version()
    snapshot = state.snapshot
    if snapshot is None or snapshot.version != version:
        with _lock:
            snapshot = state.snapshot
            if snapshot is None or snapshot.version != version:
                snapshot = state.snapshot = build_snapshot(version)
    g._lms_snapshot = snapshot
    return snapshot


def build_snapshot(version: int) -> Snapshot:
    tracks = db.session.scalars(
        select(Track)
        .where(Track.retired_at.is_(None))
        .options(
            selectinload(Track.modules).selectinload(Module.prerequisites),
            selectinload(Track.modules).selectinload(Module.items).selectinload(Item.competencies),
        )
    ).all()
    snapshot = Snapshot(version)
    for track in tracks:
        sequence: list[int] = []
        for module in (m for m in track.modules if m.retired_at is None):
            active = [i for i in module.items if i.retired_at is None]
            snapshot.modules[module.id] = ModuleInfo(
                module.id,
                module.slug,
                module.title,
                track.id,
                track.title,
                tuple(m.id for m in module.prerequisites if m.retired_at is None),
                tuple(i.id for i in active),
            )
            for item in active:
                snapshot.items[item.id] = ItemInfo(
                    item.id,
                    item.slug,
                    item.title,
                    item.kind,
                    item.minutes,
                    item.body_html,
                    tuple((c.code, c.name) for c in item.competencies),
                    module.id,
                    track.id,
                    kind_of(item).completion(item.settings or {}),
                )
                snapshot.item_ids_by_slug[item.slug] = item.id
                sequence.append(item.id)
        snapshot.tracks[track.id] = TrackInfo(track.id, track.slug, track.title, tuple(sequence))
    return snapshot


def cached_fragment(
    snapshot: Snapshot, item_id: int, locale: str, render: Callable[[], str]
) -> str:
    """The fragment for (item, locale), rendered once per snapshot."""
    key = (item_id, locale)
    fragment = snapshot.fragments.get(key)
    if fragment is None:
        fragment = snapshot.fragments[key] = render()
    return fragment
