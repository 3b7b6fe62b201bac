"""Every check on one draft, and the public report of ``lms lint-draft --json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from .brackets import BracketReport
from .check import Settings
from .intake import normalise
from .passages import Passage
from .references import Reference
from .registry import CHECKS
from .sentences import LongSentence
from .structure import Position
from .terms import DefinedTerms

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True)
class Analysis:
    """Everything ``analyse`` finds in a draft: each check's result under its name."""

    results: Mapping[str, object]

    def __getitem__(self, name: str) -> object:
        """The result of the check called ``name`` (for checks without a property here)."""
        return self.results[name]

    @property
    def brackets(self) -> BracketReport:
        return cast(BracketReport, self.results["brackets"])

    @property
    def passages(self) -> list[Passage]:
        return cast(list[Passage], self.results["passages"])

    @property
    def modals(self) -> dict[str, list[Position]]:
        return cast(dict[str, list[Position]], self.results["modals"])

    @property
    def defined_terms(self) -> DefinedTerms:
        return cast(DefinedTerms, self.results["defined_terms"])

    @property
    def broken_references(self) -> list[Reference]:
        return cast(list[Reference], self.results["broken_references"])

    @property
    def long_sentences(self) -> list[LongSentence]:
        return cast(list[LongSentence], self.results["long_sentences"])

    @property
    def has_blocking_problems(self) -> bool:
        """Unbalanced brackets or a broken reference: ``lms lint-draft`` exits 1."""
        return any(check.blocks(self.results[check.name]) for check in CHECKS)

    def to_json(self) -> dict[str, Any]:
        """The public report (``lms lint-draft --json``); keep its shape stable."""
        return {
            check.name: check.report(self.results[check.name])
            for check in CHECKS
            if check.report is not None
        }


def analyse(text: str, *, long_sentence_limit: int = 60) -> Analysis:
    """Every check of ``registry.CHECKS`` on one draft."""
    text = normalise(text)
    settings = Settings(long_sentence_limit=long_sentence_limit)
    return Analysis({check.name: check.run(text, settings) for check in CHECKS})
