"""``lms sync``: make the database match the content files, atomically and idempotently.

Rows are matched by slug. A changed file rewrites its row (learners' completion is kept: it
points at the row, not at the text); a file that disappeared retires its row (hidden, history
kept); a file that comes back is restored. Any error leaves the database as it was.

Each item's kind says what its row keeps (:meth:`ItemKind.sync`); content besides the
curriculum (quiz banks, designation targets) is written by the registered sync steps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db
from ..audit import Action, record
from ..db import utcnow
from ..directory.models import CROSS_CUTTING, Competency, NegotiatingArea
from ..i18n import N_
from .loader import (
    ContentError,
    ContentSpec,
    ItemSpec,
    ModuleSpec,
    TrackSpec,
    load_content,
)
from .models import ContentVariant, Item, Module, Track
from .rendering import render_markdown, source_hash
from .snapshot import bump_content_version
from .steps import sync_steps
from .variants import VariantOf, VariantSpec

#: A curriculum row whose text is Markdown rendered at sync time.
_Rendered = TypeVar("_Rendered", Track, Module, Item)


class SyncFailed(Exception):
    """The content has errors; nothing was changed."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} error(s) in the content")
        self.errors = errors


@dataclass
class SyncReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    retired: Counter[str] = field(default_factory=Counter)
    restored: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.retired, self.restored))

    def counts(self) -> dict[str, dict[str, int]]:
        """What changed, by verb and kind of row: ``{"created": {"items": 3}, ...}``."""
        verbs = {
            "created": self.created,
            "updated": self.updated,
            "retired": self.retired,
            "restored": self.restored,
        }
        return {verb: dict(sorted(counter.items())) for verb, counter in verbs.items() if counter}

    def lines(self) -> list[str]:
        """The report in the reader's language: "Created: 3 items, 1 tracks" (Russian «Создано:
        материалы — 3, треки — 1»: a label and its number, so no noun agrees with a count)."""
        if not self.changed:
            return [_("No changes: the database already matches the content files.")]
        return [
            _(REPORT_VERBS[verb], counts=", ".join(_counted(counter)))
            for verb, counter in (
                ("created", self.created),
                ("updated", self.updated),
                ("retired", self.retired),
                ("restored", self.restored),
            )
            if counter
        ]


#: Each line of the report by its verb (the English is what scripts and tests read).
REPORT_VERBS = {
    "created": N_("Created: %(counts)s"),
    "updated": N_("Updated: %(counts)s"),
    "retired": N_("Retired: %(counts)s"),
    "restored": N_("Restored: %(counts)s"),
}
#: The kinds of row sync itself counts, marked for translation; a sync step marks its own where
#: it counts them (``report.created[N_("targets")]``), and an unmarked kind is shown as it is.
REPORT_KINDS = (
    N_("competencies"),
    N_("tracks"),
    N_("modules"),
    N_("items"),
    N_("translations"),
    N_("prerequisites"),
    N_("quiz banks"),
    N_("glossary terms"),
)


def _counted(counter: Counter[str]) -> list[str]:
    """Each kind with its count: "3 items" (Russian «элементы: 3»)."""
    return [
        _("%(count)s %(kind)s", count=count, kind=_(kind))
        for kind, count in sorted(counter.items())
    ]


def sync_content(content_dir: str | Path) -> SyncReport:
    """Load ``content_dir`` into the session (the caller commits); raise SyncFailed on errors."""
    spec = load_content(content_dir)
    areas = {a.code: a for a in db.session.scalars(select(NegotiatingArea))}
    steps = [step for step in sync_steps() if step.key in spec.extras]
    errors = spec.errors + _database_errors(spec, areas)
    errors += [error for step in steps for error in step.check(spec.extras[step.key])]
    if errors:
        raise SyncFailed(sorted(errors))
    syncer = Syncer(areas, utcnow())
    syncer.competencies(spec)
    for step in steps:
        step.write(spec.extras[step.key], syncer)
    syncer.curriculum(spec)
    syncer.drop_stale_variants()
    if syncer.report.changed:
        bump_content_version()
        for step in steps:
            step.after(syncer.report)
        record(Action.content_synced, details=syncer.report.counts())
    db.session.flush()
    return syncer.report


def _database_errors(spec: ContentSpec, areas: dict[str, NegotiatingArea]) -> list[ContentError]:
    """Errors only the database shows: unknown area codes (sync steps check their own)."""
    known = ", ".join(sorted(areas))
    errors = [
        ContentError(
            c.path,
            c.line,
            f"competency '{c.code}' names an unknown area '{c.area_code}' "
            f"(known: {known}, or {CROSS_CUTTING})",
        )
        for c in spec.competencies
        if c.area_code is not None and c.area_code not in areas
    ]
    errors += [
        ContentError(t.path, 1, f"Area '{t.area_code}' is not a negotiating area (known: {known})")
        for t in spec.tracks
        if t.area_code is not None and t.area_code not in areas
    ]
    return errors


def _changed(row: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``row``; whether any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class Syncer:
    """One sync's writes and their count; sync steps write through :meth:`upsert` and
    :meth:`retire` so the report counts their rows too."""

    def __init__(self, areas: dict[str, NegotiatingArea], now: datetime) -> None:
        self.areas = areas
        self.now = now
        self.report = SyncReport()
        self.competency_rows: dict[str, Competency] = {}
        self.new_modules: set[str] = set()
        self._variant_rows: dict[tuple[str, int, str], ContentVariant] | None = None
        self._kept_variants: set[tuple[str, int, str]] = set()

    def _translations_in_database(self) -> dict[tuple[str, int, str], ContentVariant]:
        if self._variant_rows is None:
            self._variant_rows = {
                (v.object_type, v.object_id, v.locale): v
                for v in db.session.scalars(select(ContentVariant))
            }
        return self._variant_rows

    def variant(
        self,
        of: VariantOf,
        object_id: int,
        locale: str,
        digest: str,
        texts: Callable[[], dict[str, Any]],
    ) -> None:
        """Make the ``locale`` translation of one row match its file (counted as
        "translations"); ``texts`` (title, body, ...) is worked out only when the file, or
        the original it follows, changed (``digest``)."""
        rows = self._translations_in_database()
        key = (str(of), object_id, locale)
        self._kept_variants.add(key)
        row = rows.get(key)
        if row is not None and row.source_hash == digest:
            return
        values = {"object_type": str(of), "object_id": object_id, "locale": locale}
        values |= {"summary": "", "settings": {}, **texts()}
        if row is None:
            rows[key] = ContentVariant(**values, source_hash=digest)
            db.session.add(rows[key])
            self.report.created["translations"] += 1
            return
        row.source_hash = digest
        # An edited original with the translation's texts unchanged is no change to report.
        if _changed(row, values):
            self.report.updated["translations"] += 1

    def drop_stale_variants(self) -> None:
        """Delete the translations whose file went (with its original, or alone): a
        translation has no history of its own to keep; learners' records are the original's."""
        for key, row in self._translations_in_database().items():
            if key not in self._kept_variants:
                db.session.delete(row)
                self.report.retired["translations"] += 1

    def upsert(
        self, kind: str, rows: dict[str, Any], slug: str, model: type, values: dict[str, Any]
    ) -> Any:
        """The row of ``slug`` in ``rows`` with ``values`` set (created or restored if need be),
        counted under ``kind`` in the report."""
        row = rows.get(slug)
        if row is None:
            row = model(**values)
            db.session.add(row)
            self.report.created[kind] += 1
            return row
        if row.retired_at is not None:
            row.retired_at = None
            self.report.restored[kind] += 1
        if _changed(row, values):
            self.report.updated[kind] += 1
        return row

    def retire(self, kind: str, rows: dict[str, Any], keep: set[str]) -> None:
        """Retire every row of ``rows`` whose slug is not in ``keep``."""
        for slug, row in rows.items():
            if slug not in keep and row.retired_at is None:
                row.retired_at = self.now
                self.report.retired[kind] += 1

    def competencies(self, spec: ContentSpec) -> None:
        rows = {c.code: c for c in db.session.scalars(select(Competency))}
        for c in spec.competencies:
            area = self.areas.get(c.area_code) if c.area_code else None
            self.competency_rows[c.code] = self.upsert(
                "competencies",
                rows,
                c.code,
                Competency,
                {
                    "code": c.code,
                    "area": area,
                    "name": c.name,
                    "description": c.description,
                    "position": c.position,
                },
            )
        self.retire("competencies", rows, {c.code for c in spec.competencies})

    def curriculum(self, spec: ContentSpec) -> None:
        tracks = {t.slug: t for t in db.session.scalars(select(Track))}
        modules = {
            m.slug: m
            for m in db.session.scalars(
                select(Module).options(
                    selectinload(Module.prerequisites), selectinload(Module.competencies)
                )
            )
        }
        items = {
            i.slug: i
            for i in db.session.scalars(select(Item).options(selectinload(Item.competencies)))
        }
        for track_spec in spec.tracks:
            track = self._track(tracks, track_spec)
            for module_spec in track_spec.modules:
                module = self._module(modules, track, module_spec)
                for item_spec in module_spec.items:
                    self._item(items, module, item_spec)
        db.session.flush()
        self._translations(spec, tracks, modules, items)
        self._prerequisites(spec, modules)
        self.retire("tracks", tracks, {t.slug for t in spec.tracks})
        self.retire("modules", modules, {m.slug for m in spec.modules()})
        self.retire("items", items, {i.slug for i in spec.items()})

    def _rendered(
        self,
        kind: str,
        rows: dict[str, _Rendered],
        model: type[_Rendered],
        slug: str,
        file_digest: str,
        markdown: tuple[str, str],
        values: dict[str, Any],
    ) -> _Rendered:
        """Upsert a row whose Markdown (``(column, source)``) is rendered only when it changed."""
        digest = source_hash(file_digest)
        row = rows.get(slug)
        values = {**values, "slug": slug, "source_hash": digest}
        if row is None or row.source_hash != digest:
            column, source = markdown
            values[column] = render_markdown(source)
        rows[slug] = self.upsert(kind, rows, slug, model, values)
        return rows[slug]

    def _track(self, rows: dict[str, Track], spec: TrackSpec) -> Track:
        return self._rendered(
            "tracks",
            rows,
            Track,
            spec.slug,
            spec.source_hash,
            ("intro_html", spec.intro),
            {
                "title": spec.title,
                "kind": spec.kind,
                "level": spec.level,
                "audience": spec.audience,
                "area": self.areas.get(spec.area_code or ""),
                "summary": spec.summary,
                "orientation": spec.orientation,
            },
        )

    def _module(self, rows: dict[str, Module], track: Track, spec: ModuleSpec) -> Module:
        if spec.slug not in rows:
            self.new_modules.add(spec.slug)
        return self._rendered(
            "modules",
            rows,
            Module,
            spec.slug,
            spec.source_hash,
            ("intro_html", spec.intro),
            {
                "track": track,
                "title": spec.title,
                "minutes": spec.minutes,
                "position": spec.position,
                "competencies": [self.competency_rows[c] for c in spec.competencies],
            },
        )

    def _item(self, rows: dict[str, Item], module: Module, spec: ItemSpec) -> Item:
        settings, body = spec.kind.sync(spec)
        return self._rendered(
            "items",
            rows,
            Item,
            spec.slug,
            spec.source_hash,
            ("body_html", body),
            {
                "module": module,
                "title": spec.title,
                "kind": spec.kind.name,
                "position": spec.position,
                "minutes": spec.minutes,
                "settings": settings,
                "competencies": [self.competency_rows[c] for c in spec.competencies],
            },
        )

    def _translations(
        self,
        spec: ContentSpec,
        tracks: dict[str, Track],
        modules: dict[str, Module],
        items: dict[str, Item],
    ) -> None:
        """The variants of every track, module and item, once their rows have ids."""
        for track in spec.tracks:
            for v in track.variants.values():
                self.variant(
                    VariantOf.track,
                    tracks[track.slug].id,
                    v.locale,
                    source_hash(v.source_hash),
                    _texts(v, v.body, summary=v.summary),
                )
        for module in spec.modules():
            for v in module.variants.values():
                self.variant(
                    VariantOf.module,
                    modules[module.slug].id,
                    v.locale,
                    source_hash(v.source_hash),
                    _texts(v, v.body),
                )
        for item in spec.items():
            for v in item.variants.values():
                self.variant(
                    VariantOf.item,
                    items[item.slug].id,
                    v.locale,
                    # The translated settings follow the original's (an exercise's peer reviews).
                    source_hash(v.source_hash + item.source_hash),
                    _item_texts(item, v),
                )

    def _prerequisites(self, spec: ContentSpec, rows: dict[str, Module]) -> None:
        for module_spec in spec.modules():
            module = rows[module_spec.slug]
            wanted = sorted((rows[slug] for slug in module_spec.requires), key=lambda m: m.slug)
            if [m.slug for m in module.prerequisites] != [m.slug for m in wanted]:
                module.prerequisites = wanted
                if module.slug not in self.new_modules:
                    self.report.updated["prerequisites"] += 1


def _texts(variant: VariantSpec, markdown: str, **more: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"title": variant.title, "body": render_markdown(markdown), **more}


def _item_texts(item: ItemSpec, variant: VariantSpec) -> Callable[[], dict[str, Any]]:
    def texts() -> dict[str, Any]:
        settings, body = item.kind.sync_variant(item, variant)
        return {"title": variant.title, "body": render_markdown(body), "settings": settings}

    return texts
