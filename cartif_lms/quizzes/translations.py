"""A quiz in the learner's language: the attempt's questions in a bank variant's words.

An attempt keeps the questions it drew, in the original (``QuizAttempt.questions_gift``), and is
graded from them; a page shows each in the reader's language when the bank has a variant
(``quizzes/<bank>.ru.gift``) whose question has the same structure, so the same choice ids,
prompts and options stand for the same answers and a learner may start in one language and
finish in the other. A question the variant lacks, or that changed since the attempt drew it,
is shown as drawn; the page says the quiz is (partly) in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import db
from ..content.models import ContentVariant, Item
from ..content.variants import ORIGINAL_LOCALE, VariantOf
from .bank_files import variant_mismatch
from .gift import Question
from .models import QuizBank
from .services import parse_cached
from .settings import QuizSettings


@dataclass(frozen=True)
class ShownQuestions:
    """What a page shows of a quiz's questions for one reader."""

    questions: list[Question]
    fallback: bool  #: some (or all) are the English original: the reader's language lacks them
    locale: str


def bank_variant(item: Item, locale: str) -> list[Question] | None:
    """The questions of the ``locale`` variant of the bank ``item`` draws from (one query)."""
    source = db.session.scalar(
        select(ContentVariant.body)
        .join(QuizBank, QuizBank.id == ContentVariant.object_id)
        .where(
            ContentVariant.object_type == str(VariantOf.quiz_bank),
            ContentVariant.locale == locale,
            QuizBank.slug == QuizSettings.of(item).bank,
            QuizBank.retired_at.is_(None),
        )
    )
    return list(parse_cached(source)) if source is not None else None


def shown_questions(item: Item, questions: list[Question], locale: str) -> ShownQuestions:
    """``questions`` (an attempt's, or a bank's) in ``locale`` where the variant has them."""
    language = locale.split("_")[0]
    if language == ORIGINAL_LOCALE:
        return ShownQuestions(questions, False, language)
    variant = bank_variant(item, language) or []
    by_identity = {(q.category, q.idnumber, q.name): q for q in variant}
    shown = []
    for question in questions:
        found = by_identity.get((question.category, question.idnumber, question.name))
        matches = found is not None and variant_mismatch(question, found) is None
        shown.append(found if found is not None and matches else question)
    fallback = any(s is q for s, q in zip(shown, questions, strict=True))
    return ShownQuestions(shown, fallback, language)
