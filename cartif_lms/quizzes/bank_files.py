"""The quiz banks of the content folder (``quizzes/*.gift``): a sync step of ``lms sync``.

Read while the content loads (GIFT mistakes reported with their line), so a quiz item can be
checked against the bank and category it names; then synced by slug. Banks trainers saved in
the browser are not the files': a file may not take one's name, and sync never retires one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import db
from ..content.loader import ContentError, Reader
from ..content.steps import SyncStep
from .gift import QuestionType, parse
from .models import BankOrigin, QuizBank

if TYPE_CHECKING:
    from ..content.sync import Syncer

#: Where the banks are kept in ``ContentSpec.extras`` (``spec.banks``).
BANKS_KEY = "banks"


@dataclass
class BankSpec:
    slug: str
    path: str
    source: str
    source_hash: str
    question_count: int
    #: The ``$CATEGORY`` of every question a quiz can draw (descriptions are never drawn).
    categories: frozenset[str] = frozenset()


class QuizBankFiles(SyncStep[list[BankSpec]]):
    key = BANKS_KEY

    def read(self, reader: Reader) -> list[BankSpec]:
        folder = reader.root / "quizzes"
        banks = []
        for path in sorted(folder.glob("*.gift")) if folder.is_dir() else []:
            loaded = reader.read_text(path)
            if loaded is None:
                continue
            text, digest = loaded
            result = parse(text, reader.rel(path))
            for error in result.errors:
                reader.error(path, error.line, error.message)
            categories = frozenset(
                q.category for q in result.questions if q.type is not QuestionType.DESCRIPTION
            )
            banks.append(
                BankSpec(
                    path.stem, reader.rel(path), text, digest, len(result.questions), categories
                )
            )
        return banks

    def check(self, loaded: list[BankSpec]) -> list[ContentError]:
        """A file may not take the name of a bank trainers saved in the browser."""
        authored = set(
            db.session.scalars(select(QuizBank.slug).where(QuizBank.origin == BankOrigin.browser))
        )
        return [
            ContentError(
                b.path,
                1,
                f"a bank named '{b.slug}' was saved in the browser; "
                "rename the file or the browser bank",
            )
            for b in loaded
            if b.slug in authored
        ]

    def write(self, loaded: list[BankSpec], syncer: Syncer) -> None:
        # Banks trainers saved in the browser are not the files' to retire.
        rows = {
            b.slug: b
            for b in db.session.scalars(select(QuizBank).where(QuizBank.origin == BankOrigin.files))
        }
        for bank in loaded:
            syncer.upsert(
                "quiz banks",
                rows,
                bank.slug,
                QuizBank,
                {
                    "slug": bank.slug,
                    "source": bank.source,
                    "source_hash": bank.source_hash,
                    "question_count": bank.question_count,
                },
            )
        syncer.retire("quiz banks", rows, {b.slug for b in loaded})


QUIZ_BANK_FILES = QuizBankFiles()
