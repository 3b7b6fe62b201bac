"""The workshop item kind: a place in a track (a deep dive's) for its live sessions.

``Kind: workshop`` in an item's header; the page lists the track's workshops with the
reader's place in each. The item is completed by completing one of them (attendance at the
threshold, post-test passed: :mod:`.completion`), not by hand, so it counts in the track's
progress like any other item; it is on hold while the person holds or waits for a place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..content.kinds import CompletionRule, ItemKind, Viewing, render_panel
from ..content.models import Item, Module
from ..content.snapshot import ItemInfo
from .labels import REGISTRATION_LABELS
from .models import ACTIVE_STATUSES, Registration, Workshop


def track_workshops(track_id: int) -> list[Workshop]:
    stmt = select(Workshop).where(Workshop.track_id == track_id, Workshop.cancelled_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Workshop.id)))


def workshop_items(track_id: int | None) -> list[Item]:
    """The active workshop items of a track: what completing its workshop completes."""
    if track_id is None:
        return []
    stmt = (
        select(Item)
        .join(Module, Module.id == Item.module_id)
        .where(Module.track_id == track_id, Item.kind == WORKSHOP.name, Item.retired_at.is_(None))
    )
    return list(db.session.scalars(stmt))


class WorkshopItemKind(ItemKind):
    name = "workshop"
    label = _l("Workshop")

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup:
        workshops = track_workshops(item.track_id)
        mine = {
            r.workshop_id: r
            for r in db.session.scalars(
                select(Registration).where(
                    Registration.user_id == viewer.id,
                    Registration.workshop_id.in_([w.id for w in workshops]),
                )
            )
        }
        return render_panel(
            "lms/workshops/_panel.html",
            workshops=workshops,
            mine=mine,
            labels=REGISTRATION_LABELS,
            access=access,
        )

    def completion(self, settings: Mapping[str, Any]) -> CompletionRule:
        # Completed by an event, never by the learner's own click, as an accepted draft is.
        return CompletionRule.on_accept

    def on_hold(self, viewer: User, item_ids: list[int]) -> set[int]:
        items = db.session.scalars(select(Item).where(Item.id.in_(item_ids)))
        held = set()
        for item in items:
            track_id = item.module.track_id
            stmt = (
                select(Registration.id)
                .join(Workshop, Workshop.id == Registration.workshop_id)
                .where(
                    Registration.user_id == viewer.id,
                    Registration.status.in_(ACTIVE_STATUSES),
                    Workshop.track_id == track_id,
                )
            )
            if db.session.scalars(stmt.limit(1)).first() is not None:
                held.add(item.id)
        return held


WORKSHOP = WorkshopItemKind()
