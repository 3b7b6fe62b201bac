"""The checks ``analyse`` runs, in the order of the report. A new check is a new module of
this package ending in a ``CHECK`` (see ``check.Check``), and one line here."""

from __future__ import annotations

from typing import Any

from . import brackets, modals, passages, references, sentences, terms
from .check import Check

__all__ = ["CHECKS"]

CHECKS: tuple[Check[Any], ...] = (
    brackets.CHECK,
    passages.CHECK,
    modals.CHECK,
    terms.CHECK,
    references.CHECK,
    sentences.CHECK,
)
