"""Panels other parts add to the regional dashboard, below its heatmaps.

The capacity part sits below the parts that have figures of their own to show there
(workshops held and attended), so it cannot import them; they register a panel instead, as
item kinds and evidence sources do. A panel is a template and the values it shows, computed
for the viewer (whose country scope the panel applies itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..auth.models import User


@dataclass(frozen=True)
class DashboardPanel:
    #: Unique name; registering a name again replaces the panel (a reloaded module).
    key: str
    #: The template drawn inside the dashboard; it sees ``panel`` (the values).
    template: str
    values: Callable[[User], Any]


_PANELS: dict[str, DashboardPanel] = {}


def register_panel(panel: DashboardPanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(viewer: User) -> list[tuple[str, Any]]:
    """Each registered panel's template and its values for ``viewer``, in registration order."""
    return [(panel.template, panel.values(viewer)) for panel in _PANELS.values()]
