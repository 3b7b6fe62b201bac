"""How certificates follow events elsewhere (connected once, by the extension)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..auth.models import User
from ..content.models import Track
from ..directory.models import Designation
from ..signals import designation_recorded, track_completed, workshop_completed
from ..workshops.models import Workshop
from .services import on_designation_recorded, on_track_completed, on_workshop_completed


def _track_completed(_sender: Any, user: User, track: Track, at: datetime, **_: Any) -> None:
    on_track_completed(user, track.id, at)


def _workshop_completed(
    _sender: Any, user: User, workshop: Workshop, at: datetime, **_: Any
) -> None:
    on_workshop_completed(user, workshop.id, at)


def _designation_recorded(_sender: Any, designation: Designation, **_: Any) -> None:
    on_designation_recorded(designation.user_id)


def connect() -> None:
    """Blinker keeps one connection per function, so calling this for every app is safe."""
    track_completed.connect(_track_completed)
    workshop_completed.connect(_workshop_completed)
    designation_recorded.connect(_designation_recorded)
