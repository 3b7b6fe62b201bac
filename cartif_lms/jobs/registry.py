"""The kinds of background job: a part that prepares long reports adds one ``register`` call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobOutput:
    """The file a job produced."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class JobKind:
    """One kind of report job.

    ``describe`` words the job for its page and the "report ready" notification (a lazy
    string, in the reader's language); ``run`` prepares the file from the stored parameters,
    inside an application context (the request's, or the worker's).
    """

    name: str
    describe: Callable[[Mapping[str, Any]], str]
    run: Callable[[Mapping[str, Any]], JobOutput]


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    """Add a kind (again under the same name: replaced, so re-imports are harmless)."""
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> JobKind | None:
    return _KINDS.get(name)
