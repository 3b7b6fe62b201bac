"""What one check of a draft is. Each check is a module of this package that ends with a
``CHECK``; ``registry.CHECKS`` lists them, and ``analyse`` runs them in that order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Check", "Settings"]

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Settings:
    """What a caller of ``analyse`` may tune."""

    long_sentence_limit: int = 60


def _never_blocks(_result: object) -> bool:
    return False


@dataclass(frozen=True)
class Check(Generic[ResultT]):
    """One check: what it finds in a normalised text, and what that means for the report."""

    #: Its key in ``Analysis.to_json()`` and its attribute of ``Analysis``.
    name: str
    run: Callable[[str, Settings], ResultT]
    #: Its part of the public report; ``None`` for a check the report leaves out.
    report: Callable[[ResultT], object] | None = None
    #: Whether the result is a problem that makes ``lms lint-draft`` exit 1.
    blocks: Callable[[ResultT], bool] = _never_blocks
