"""An in-process, read-only picture of the active curriculum, for pages learners hit most.

The curriculum changes only when ``lms sync`` (or, later, browser authoring) writes it; every
such write bumps ``lms_content_state.version``. Each worker keeps one snapshot and rebuilds it
when the version it reads (one primary-key query per request) has moved, so a sync shows up on
every worker at once and a lesson page needs no joins over the content tables.

The translations of the curriculum ride on the snapshot too (:func:`localized`), so showing a
page in the reader's language costs no query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import g
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from .. import db
from .kinds import CompletionRule, kind_of
from .models import ContentState, ContentVariant, Item, Module, Track
from .variants import ORIGINAL_LOCALE, VariantOf


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
    area_code: str | None = None  #: its negotiating area's code; None for cross-cutting tracks


@dataclass(frozen=True)
class Snapshot:
    version: int
    items: dict[int, ItemInfo] = field(default_factory=dict)
    item_ids_by_slug: dict[str, int] = field(default_factory=dict)
    modules: dict[int, ModuleInfo] = field(default_factory=dict)
    tracks: dict[int, TrackInfo] = field(default_factory=dict)
    #: Rendered article fragments by (item id, locale); they live as long as the snapshot.
    fragments: dict[tuple[int, str], str] = field(default_factory=dict)
    #: The translations of tracks, modules and items, by (what, id, locale).
    translations: dict[tuple[str, int, str], Translation] = field(default_factory=dict)

    def item(self, slug: str) -> ItemInfo | None:
        item_id = self.item_ids_by_slug.get(slug)
        return self.items[item_id] if item_id is not None else None


@dataclass(frozen=True)
class Translation:
    """The texts of one track, module or item in one language."""

    title: str
    summary: str
    html: str  #: the page, or a track's or module's introduction
    settings: dict[str, Any]  #: what the item's kind keeps translated


@dataclass(frozen=True)
class Localized:
    """A track, module or item as a reader of ``locale`` sees it: in their language, or in
    the original with ``fallback`` set (the page says so)."""

    title: str
    summary: str
    html: str
    settings: dict[str, Any]
    fallback: bool  #: the reader's language has no variant: these are the original's texts
    locale: str

    @property
    def has_treaty_text(self) -> bool:
        return 'class="treaty-' in self.html


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
            selectinload(Track.area),
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
        snapshot.tracks[track.id] = TrackInfo(
            track.id,
            track.slug,
            track.title,
            tuple(sequence),
            track.area.code if track.area else None,
        )
    curriculum = [str(VariantOf.track), str(VariantOf.module), str(VariantOf.item)]
    for v in db.session.scalars(
        select(ContentVariant).where(ContentVariant.object_type.in_(curriculum))
    ):
        snapshot.translations[(v.object_type, v.object_id, v.locale)] = Translation(
            v.title, v.summary, v.body, v.settings or {}
        )
    return snapshot


#: What a ``ContentVariant`` of each kind of curriculum object (a row or its snapshot) is.
_VARIANT_OF: dict[type, VariantOf] = {
    Track: VariantOf.track,
    TrackInfo: VariantOf.track,
    Module: VariantOf.module,
    ModuleInfo: VariantOf.module,
    Item: VariantOf.item,
    ItemInfo: VariantOf.item,
}


def localized(obj: Any, locale: str, snapshot: Snapshot | None = None) -> Localized:
    """``obj`` (a track, module or item: a row or its snapshot) in ``locale``, falling back
    to the original's texts. No query: the translations are the snapshot's."""
    original = Localized(
        obj.title,
        getattr(obj, "summary", ""),
        str(getattr(obj, "body_html", None) or getattr(obj, "intro_html", "")),
        getattr(obj, "settings", None) or {},
        False,
        ORIGINAL_LOCALE,
    )
    language = locale.split("_")[0]
    of = _VARIANT_OF.get(type(obj))
    if language == ORIGINAL_LOCALE or of is None:  # None: nothing that has variants
        return original
    found = (snapshot or current_snapshot()).translations.get((str(of), obj.id, language))
    if found is None:
        return Localized(
            original.title, original.summary, original.html, original.settings, True, language
        )
    return Localized(
        found.title,
        found.summary or original.summary,
        found.html,
        {**original.settings, **found.settings},
        False,
        language,
    )


def cached_fragment(
    snapshot: Snapshot, item_id: int, locale: str, render: Callable[[], str]
) -> str:
    """The fragment for (item, locale), rendered once per snapshot."""
    key = (item_id, locale)
    fragment = snapshot.fragments.get(key)
    if fragment is None:
        fragment = snapshot.fragments[key] = render()
    return fragment
