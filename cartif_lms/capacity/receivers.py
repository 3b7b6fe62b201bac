"""How the capacity picture follows events elsewhere (connected once, by the extension)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..auth.models import User
from ..content.models import Item
from ..signals import designations_changed, item_completed, quiz_graded
from . import rollups
from .evidence import record_quiz_evidence


def _count_completion(_sender: Any, user: User, item: Item, at: datetime, **_: Any) -> None:
    rollups.count_completion(user, item)


def _refresh_country_gaps(_sender: Any, country_id: int, **_: Any) -> None:
    rollups.refresh_gaps(country_id)


def connect() -> None:
    """Blinker keeps one connection per function, so calling this for every app is safe."""
    item_completed.connect(_count_completion)
    quiz_graded.connect(record_quiz_evidence)
    designations_changed.connect(_refresh_country_gaps)
