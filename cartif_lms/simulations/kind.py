"""The simulation item: a place in a track where the learner takes part in a negotiation
simulation of one scenario (``Scenario: <slug>``).

Nobody marks it complete by hand: submitting the reflection on an ended run of its scenario,
in which the learner sat, completes it (``services.submit_reflection``). Its page lists the
learner's runs of the scenario; its routes are the simulation pages (:mod:`.views`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..content.kinds import CompletionRule, ItemKind, ItemSettings, Viewing, render_panel

if TYPE_CHECKING:
    from ..auth.models import User
    from ..content.loader import Header, Reader
    from ..content.snapshot import ItemInfo

SIMULATION_KIND = "simulation"


class SimulationKind(ItemKind):
    name = SIMULATION_KIND
    label = _l("Negotiation simulation")
    header_keys = frozenset({"scenario"})

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        """``Scenario:``, the slug of a folder of ``courses/simulations/``."""
        slug = header.values.get("scenario", "").strip()
        loaded = reader.loaded("simulations")
        known = {s.slug for s in loaded.scenarios} if loaded else set()
        if not slug:
            reader.error(
                path, 1, "a simulation item needs 'Scenario:' (a courses/simulations/ folder)"
            )
        elif slug not in known:
            reader.error(
                path,
                header.lines.get("scenario", 1),
                f"Scenario '{slug}' is not a folder of courses/simulations/",
            )
        return ItemSettings({"scenario": slug})

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup | None:
        from . import services

        return render_panel(
            "lms/simulations/_panel.html",
            item=item,
            access=access,
            runs=services.runs_of_scenario(viewer, services.item_scenario(item.id)),
        )

    def completion(self, settings: Mapping[str, Any]) -> CompletionRule:
        return CompletionRule.on_submit

    def blueprint(self) -> Blueprint:
        from .views import blueprint

        return blueprint


SIMULATION = SimulationKind()
