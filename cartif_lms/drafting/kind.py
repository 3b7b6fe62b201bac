"""The drafting exercise: a treaty text the learner redrafts in the workbench; a trainer's
acceptance completes it.

Its sections are read by :mod:`.exercise`; sync keeps them rendered in ``Item.settings`` and
leaves the model answer off the item's page (the workbench shows it, by
``services.model_answer_shown``); its page links to the workbench (``_panel.html``); its
routes are :mod:`.views`. The engine (:mod:`.services`) names the kind through
:data:`EXERCISE`, so services and views are imported here only when a method needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import db
from ..content.kinds import (
    CompletionRule,
    ItemKind,
    ItemSettings,
    SyncedItem,
    Viewing,
    render_panel,
)
from ..content.models import Item
from .exercise import (
    ExerciseSpec,
    exercise_settings,
    page_body,
    parse_exercise,
    variant_mismatches,
)

if TYPE_CHECKING:
    from ..auth.models import User
    from ..content.loader import Header, ItemSpec, Reader
    from ..content.snapshot import ItemInfo
    from ..content.variants import VariantSpec

MAX_PEER_REVIEWS = 5


class ExerciseKind(ItemKind):
    name = "exercise"
    label = _l("Drafting exercise")
    header_keys = frozenset({"peer-reviews"})

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        """``Peer-Reviews:`` (0-5) and the ``##`` sections of the body."""
        raw = header.values.get("peer-reviews", "0").strip()
        if not raw.isdigit() or int(raw) > MAX_PEER_REVIEWS:
            reader.error(
                path,
                header.lines.get("peer-reviews", 1),
                f"Peer-Reviews must be a whole number from 0 to {MAX_PEER_REVIEWS}, not '{raw}'",
            )
            raw = "0"
        spec, errors = parse_exercise(header.body, header.body_line)
        for line, message in errors:
            reader.error(path, line, message)
        return ItemSettings({"peer_reviews": int(raw)}, {"exercise": None if errors else spec})

    def sync(self, spec: ItemSpec) -> SyncedItem:
        """The sections rendered for the workbench; the page without the model answer."""
        exercise: ExerciseSpec | None = spec.extras.get("exercise")
        if exercise is None:
            return SyncedItem(spec.settings, spec.body)
        settings = {"exercise": exercise_settings(exercise, spec.settings["peer_reviews"])}
        return SyncedItem(settings, page_body(spec.body))

    def read_variant(
        self, reader: Reader, path: Path, header: Header, original: ItemSpec
    ) -> Mapping[str, Any]:
        """The translated sections, refused where their structure is not the original's."""
        spec, errors = parse_exercise(header.body, header.body_line)
        for line, message in errors:
            reader.error(path, line, message)
        mine: ExerciseSpec | None = original.extras.get("exercise")
        problems = (
            variant_mismatches(mine, spec, header.body_line)
            if mine is not None and not errors
            else []
        )
        for line, message in problems:
            reader.error(path, line, message)
        return {"exercise": None if errors or problems else spec}

    def sync_variant(self, original: ItemSpec, variant: VariantSpec) -> SyncedItem:
        """The translated sections rendered for the workbench (the original's peer reviews)."""
        exercise: ExerciseSpec | None = variant.extras.get("exercise")
        if exercise is None:
            return SyncedItem({}, variant.body)
        rendered = exercise_settings(exercise, original.settings["peer_reviews"])
        return SyncedItem({"exercise": rendered}, page_body(variant.body))

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup:
        """Where the learner's draft stands, and the way to the workbench."""
        from .services import submission_of

        submission = submission_of(viewer, db.session.get_one(Item, item.id))
        return render_panel(
            "lms/drafting/_panel.html", submission=submission, item=item, access=access
        )

    def completion(self, settings: Mapping[str, Any]) -> CompletionRule:
        return CompletionRule.on_accept

    def on_hold(self, viewer: User, item_ids: list[int]) -> set[int]:
        """A draft waiting for review holds nothing to do until the review comes."""
        from .services import drafts_on_hold

        return drafts_on_hold(viewer, item_ids)

    def blueprint(self) -> Blueprint:
        from .views import blueprint

        return blueprint


EXERCISE = ExerciseKind()
