"""The quiz banks of the content folder (``quizzes/*.gift``): a sync step of ``lms sync``.

Read while the content loads (GIFT mistakes reported with their line), so a quiz item can be
checked against the bank and category it names; then synced by slug. Banks trainers saved in
the browser are not the files': a file may not take one's name, and sync never retires one.

A bank may have variants in other languages (``basics.ru.gift`` beside ``basics.gift``): the
same questions in the same order, with the same ids, names, categories, types, answers in
the same order with the same weights, numbers, true/false keys and short answers (what the
learner types is graded against the original); only the texts and feedback are translated.
Attempts are drawn and graded from the original, so results are the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .. import db
from ..content.loader import ContentError, Reader
from ..content.rendering import source_hash
from ..content.steps import SyncStep
from ..content.variants import VARIANT_LOCALES, VariantOf, split_variant_name, variant_name
from .gift import Question, QuestionType, parse
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
    #: Its translations by locale: (path, GIFT source, SHA-256).
    variants: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def variant_mismatch(original: Question, variant: Question) -> str | None:
    """Why ``variant`` is not a translation of ``original`` (None: it is). Only texts and
    feedback may differ; everything grading reads must be the same."""
    if (variant.idnumber, variant.name) != (original.idnumber, original.name):
        return (
            f"expected the question [id:{original.idnumber}] ::{original.name}:: of the original "
            f"here (same id and name, in the same order)"
        )
    same = {
        "type": (original.type, variant.type),
        "category": (original.category, variant.category),
        "number of answers": (len(original.answers), len(variant.answers)),
        "weights": ([a.fraction for a in original.answers], [a.fraction for a in variant.answers]),
        "numbers": (
            [(a.value, a.tolerance) for a in original.answers],
            [(a.value, a.tolerance) for a in variant.answers],
        ),
        "true/false key": (original.correct, variant.correct),
        "missing-word blank": (original.missing_word, variant.missing_word),
        "matching pairs": (_pair_shape(original), _pair_shape(variant)),
    }
    if original.type is QuestionType.SHORT_ANSWER:
        # What the learner types is graded against the original's answers.
        same["short answers"] = (
            [a.text for a in original.answers],
            [a.text for a in variant.answers],
        )
    differing = [name for name, (mine, theirs) in same.items() if mine != theirs]
    if differing:
        return (
            f"question '{original.name}' differs from the original in its {', '.join(differing)}: "
            "a variant translates only texts and feedback"
        )
    return None


def _pair_shape(q: Question) -> list[tuple[bool, int]]:
    """Per pair: whether it has a left side, and which distinct right side it names (by first
    appearance), so a translation keeps the options a learner matches against."""
    order = list(dict.fromkeys(pair.answer for pair in q.pairs))
    return [(bool(pair.question), order.index(pair.answer)) for pair in q.pairs]


def _bank_variant_errors(
    reader: Reader, path: Path, original: list[Question], variant: list[Question]
) -> None:
    for index, mine in enumerate(original):
        theirs = variant[index] if index < len(variant) else None
        if theirs is None:
            reader.error(path, 1, f"question '{mine.name}' of the original is missing")
            continue
        reason = variant_mismatch(mine, theirs)
        if reason:
            reader.error(path, theirs.line or 1, reason)
    for extra in variant[len(original) :]:
        reader.error(path, extra.line or 1, f"question '{extra.name}' is not in the original")


class QuizBankFiles(SyncStep[list[BankSpec]]):
    key = BANKS_KEY

    def read(self, reader: Reader) -> list[BankSpec]:
        folder = reader.root / "quizzes"
        banks = []
        paths = sorted(folder.glob("*.gift")) if folder.is_dir() else []
        for path in paths:
            if split_variant_name(path.name) is not None:
                _check_variant_file(reader, path)
                continue
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
            bank = BankSpec(
                path.stem, reader.rel(path), text, digest, len(result.questions), categories
            )
            if not result.errors:
                bank.variants = _read_bank_variants(reader, path, result.questions)
            banks.append(bank)
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
            rows[bank.slug] = syncer.upsert(
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
        db.session.flush()  # the new banks' ids, for their translations
        for bank in loaded:
            for locale, (_path, source, digest) in bank.variants.items():
                syncer.variant(
                    VariantOf.quiz_bank,
                    rows[bank.slug].id,
                    locale,
                    source_hash(digest),
                    partial(_bank_texts, source),
                )


def _bank_texts(source: str) -> dict[str, Any]:
    return {"title": "", "body": source}


def _check_variant_file(reader: Reader, path: Path) -> None:
    split = split_variant_name(path.name)
    assert split is not None
    original, locale = split
    if locale not in VARIANT_LOCALES:
        languages = ", ".join(VARIANT_LOCALES)
        reader.error(path, 1, f"'{locale}' is not a language of the LMS (one of {languages})")
    elif not path.with_name(original).is_file():
        reader.error(path, 1, f"a variant of {original}, which does not exist")


def _read_bank_variants(
    reader: Reader, path: Path, questions: list[Question]
) -> dict[str, tuple[str, str, str]]:
    """The variants of the bank at ``path`` that match its ``questions``."""
    variants = {}
    for locale in VARIANT_LOCALES:
        where = variant_name(path, locale)
        loaded = reader.read_text(where) if where.is_file() else None
        if loaded is None:
            continue
        text, digest = loaded
        result = parse(text, reader.rel(where))
        for error in result.errors:
            reader.error(where, error.line, error.message)
        before = len(reader.errors)
        if not result.errors:
            _bank_variant_errors(reader, where, questions, result.questions)
        if not result.errors and len(reader.errors) == before:
            variants[locale] = (reader.rel(where), text, digest)
    return variants


QUIZ_BANK_FILES = QuizBankFiles()
