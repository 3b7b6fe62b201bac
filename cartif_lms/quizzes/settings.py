"""A quiz item's settings: read from its metadata header at sync, read back by the quiz engine.

``read_quiz_settings`` checks the header keys (``Bank:``, ``Test:``, ``Pass-Mark:`` ...) and
reports each mistake with its line; what it returns is kept in ``Item.settings``.
``QuizSettings.of`` reads them back with the defaults filled in, following WTO e-learning
practice (domain.md): the pass mark is 60% unless the item says otherwise, and each kind of
test (pre-test, post-test, final) is one ``TestKind``, which holds what it is called, how many
attempts it allows and what completes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from ..content.kinds import CompletionRule
from .bank_files import BANKS_KEY, BankSpec
from .gift import in_category

if TYPE_CHECKING:
    from ..content.loader import Header, Reader
    from ..content.models import Item

#: The header keys of a quiz item.
QUIZ_KEYS = frozenset(
    {"bank", "category", "questions", "test", "pass-mark", "attempts", "shuffle", "time-limit"}
)
DEFAULT_PASS_MARK = 60
#: Whole-number keys and their bounds.
_NUMBERS = (
    ("questions", 1, 500),
    ("pass-mark", 0, 100),
    ("attempts", 1, 100),
    ("time-limit", 1, 600),
)


class TestKind(StrEnum):
    """What a quiz is for in its track: its ``Test:`` header, kept as this value in
    ``Item.settings["test"]``. Each kind's facts live here and nowhere else."""

    __test__ = False  # a name pytest would otherwise take for a test class

    pre_test = "pre-test"  #: where a learner starts, before a track's first module
    post_test = "post-test"  #: a module's check of what was learnt (the default)
    final = "final"  #: the track's final test

    @property
    def label(self) -> str:
        """What learners call it (translated)."""
        return _FACTS[self].label

    @property
    def default_attempts(self) -> int | None:
        """Attempts allowed unless the item's ``Attempts:`` says otherwise; None: unlimited."""
        return _FACTS[self].attempts

    @property
    def completion(self) -> CompletionRule:
        """A pre-test shows where the learner starts: submitting it completes it, whatever the
        score, so it never holds back a module, a track or anything that requires them. The
        others are completed by passing them."""
        return _FACTS[self].completion

    @property
    def pass_mark_applies(self) -> bool:
        """Whether an attempt passes or fails (a pre-test is just done)."""
        return self.completion is CompletionRule.on_pass


@dataclass(frozen=True)
class _Facts:
    label: str
    attempts: int | None
    completion: CompletionRule


_FACTS = {
    TestKind.pre_test: _Facts(_l("Pre-test"), 1, CompletionRule.on_submit),
    TestKind.post_test: _Facts(_l("Check your learning"), None, CompletionRule.on_pass),
    TestKind.final: _Facts(_l("Final test"), 3, CompletionRule.on_pass),
}


@dataclass(frozen=True)
class QuizSettings:
    bank: str
    category: str | None
    questions: int | None
    test: TestKind
    pass_mark: int
    attempts: int | None  #: None: unlimited
    shuffle: bool
    time_limit: int | None  #: minutes

    @classmethod
    def of(cls, item: Item) -> QuizSettings:
        return cls.read(item.settings or {})

    @classmethod
    def read(cls, settings: Mapping[str, Any]) -> QuizSettings:
        """From ``Item.settings``, with the defaults for what the header left out."""
        test = TestKind(settings.get("test") or TestKind.post_test)
        pass_mark = settings.get("pass_mark")
        return cls(
            bank=settings.get("bank", ""),
            category=settings.get("category"),
            questions=settings.get("questions"),
            test=test,
            pass_mark=pass_mark if pass_mark is not None else DEFAULT_PASS_MARK,
            attempts=settings.get("attempts") or test.default_attempts,
            shuffle=settings.get("shuffle", True),
            time_limit=settings.get("time_limit"),
        )

    @property
    def completion(self) -> CompletionRule:
        """What completes the quiz: its kind of test's rule (``TestKind.completion``)."""
        return self.test.completion


def read_quiz_settings(reader: Reader, path: Path, header: Header) -> dict[str, Any]:
    """A quiz item's ``Item.settings`` from its header; each mistake reported with its line."""
    values, lines = header.values, header.lines
    banks = bank_categories(reader)
    bank = values.get("bank", "").strip()
    if not bank:
        reader.error(path, 1, "a quiz item needs 'Bank:' naming a file in quizzes/ (without .gift)")
    elif bank not in banks:
        reader.error(path, lines["bank"], f"no quiz bank quizzes/{bank}.gift")
    test = values.get("test", TestKind.post_test).strip().lower()
    if test not in {kind.value for kind in TestKind}:
        reader.error(path, lines.get("test", 1), f"Test must be one of {' | '.join(TestKind)}")
    category = values.get("category", "").strip() or None
    if category and bank in banks:
        _check_category(reader, path, lines["category"], bank, category, banks[bank])
    settings: dict[str, Any] = {"bank": bank, "test": test, "category": category}
    for key, low, high in _NUMBERS:
        raw = values.get(key, "").strip()
        if raw and (not raw.isdigit() or not low <= int(raw) <= high):
            reader.error(
                path,
                lines[key],
                f"{key.title()} must be a whole number from {low} to {high}, not '{raw}'",
            )
        settings[key.replace("-", "_")] = int(raw) if raw.isdigit() else None
    settings["shuffle"] = reader.yes_or_no(path, header, "shuffle", default=True)
    return settings


def bank_categories(reader: Reader) -> dict[str, frozenset[str]]:
    """Bank slug -> its categories, from the banks the quiz-bank sync step read."""
    banks: list[BankSpec] = reader.loaded(BANKS_KEY) or []
    return {bank.slug: bank.categories for bank in banks}


def _check_category(
    reader: Reader, path: Path, line: int, bank: str, category: str, known: frozenset[str]
) -> None:
    """A quiz's ``Category:`` must hold questions, or learners would find an empty quiz.

    The rule is the quiz engine's (``question_pool``): the category itself or one below it.
    """
    if any(in_category(c, category) for c in known):
        return
    listed = ", ".join(sorted(c for c in known if c)) or "none"
    reader.error(
        path,
        line,
        f"Category '{category}' holds no questions in quizzes/{bank}.gift "
        f"(its categories: {listed})",
    )
