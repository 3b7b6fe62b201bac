"""The registry of notification kinds: a feature adds a kind with one ``register`` call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from blinker import Signal


@dataclass(frozen=True)
class Delivery:
    """One person to tell about one thing, with the values its text names and its link."""

    user_id: int
    subject_id: int
    endpoint: str
    args: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "args": dict(self.args), "values": dict(self.values)}


@dataclass(frozen=True)
class NotificationKind:
    """What happened, in one sentence, and who hears about it.

    ``text`` turns the stored values into the sentence (translated in the reader's language,
    so it uses lazy strings); ``deliveries`` reads the signal's keywords, or ``sweep`` the
    day, and says whom to tell about what.
    """

    name: str
    title: Any  #: a lazy string: the mail's subject, the list's label
    text: Callable[[Mapping[str, Any]], str]
    signal: Signal | None = None
    deliveries: Callable[..., Iterable[Delivery]] | None = None
    sweep: Callable[[date], Iterable[Delivery]] | None = None


_KINDS: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> NotificationKind:
    """Add a kind (again under the same name: replaced, so re-imports are harmless)."""
    if (kind.signal is None) == (kind.sweep is None):
        raise ValueError(f"{kind.name}: a kind listens to a signal or has a sweep, not both")
    if kind.signal is not None and kind.deliveries is None:
        raise ValueError(f"{kind.name}: a kind that listens to a signal needs deliveries")
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> NotificationKind | None:
    return _KINDS.get(name)


def all_kinds() -> list[NotificationKind]:
    return list(_KINDS.values())
