"""Quiz attempts: start or resume, submit (graded on the server, once), essay grading.

Rules, following WTO e-learning practice (domain.md): how many attempts each kind of test
allows and what completes it are ``settings.TestKind``'s (a pre-test allows one attempt and is
completed by submitting it, whatever the score; a post-test or a final is completed by passing
it); the pass mark is 60% unless the item says otherwise (``settings.QuizSettings``). An
attempt is scored by ``grading.score`` only, when it is submitted and again when a trainer
grades its essays; it keeps each question's mark (``grading.Mark``) in ``results``. Who may
start or submit an attempt is the one take-training rule (``learning.services.item_access``);
the others may preview a quiz's questions, and no attempt is recorded. Answers that arrive
after a time limit (plus a minute's grace for a slow connection) are not accepted: the attempt
is closed as late with the answers saved in time.

Answers can be saved before the attempt is submitted (``save_answers``: one question per
request as the learner goes, or the whole form), so a dropped connection on a slow link loses
nothing already saved; submitting grades the saved answers overlaid by what the submit form
carries. A save and a submit of one attempt take turns on the attempt's row (``_hold_open``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, selectinload
from werkzeug.datastructures import MultiDict

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..content.kinds import CompletionRule, completion_of
from ..content.models import Item
from ..db import utcnow
from ..learning.models import Completion
from ..learning.services import record_completion, require_to_take
from ..signals import essay_graded, quiz_graded
from . import grading
from .gift import Question, QuestionType, in_category, parse, write
from .kind import QUIZ
from .models import AttemptStatus, QuizAttempt, QuizBank
from .settings import QuizSettings

GRACE = timedelta(seconds=60)
CLOSED = (AttemptStatus.submitted, AttemptStatus.awaiting_grading, AttemptStatus.graded)


class QuizUnavailable(ValueError):
    """The learner cannot start this quiz now; the message says why."""


@lru_cache(maxsize=256)
def parse_cached(source: str) -> tuple[Question, ...]:
    """Parsed questions of a GIFT text (banks and attempts are parsed once per process)."""
    return tuple(parse(source).questions)


def bank_by_slug(slug: str) -> QuizBank | None:
    return db.session.scalar(
        select(QuizBank).where(QuizBank.slug == slug, QuizBank.retired_at.is_(None))
    )


def question_pool(settings: QuizSettings) -> list[Question]:
    """The questions a quiz draws from: its bank, narrowed to its category (and below)."""
    bank = bank_by_slug(settings.bank)
    if bank is None:
        return []
    category = settings.category
    return [
        q
        for q in parse_cached(bank.source)
        if q.type is not QuestionType.DESCRIPTION
        and (not category or in_category(q.category, category))
    ]


def attempts_of(user: User, item: Item) -> list[QuizAttempt]:
    """``user``'s attempts at ``item`` in order, without their questions, answers and marks
    (loaded when read): the quiz panel lists every attempt, and those columns are most of an
    attempt's bytes."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.item_id == item.id)
            .order_by(QuizAttempt.number)
            .options(
                defer(QuizAttempt.questions_gift),
                defer(QuizAttempt.layouts),
                defer(QuizAttempt.answers),
                defer(QuizAttempt.results),
            )
        )
    )


def attempts_left(settings: QuizSettings, attempts: list[QuizAttempt]) -> int | None:
    if settings.attempts is None:
        return None
    return max(0, settings.attempts - sum(a.status in CLOSED for a in attempts))


def open_attempt(user: User, item: Item, now: datetime | None = None) -> QuizAttempt:
    """The learner's attempt in progress at ``item``, or a new one if they may start one."""
    if item.kind != QUIZ.name or item.retired_at is not None:
        raise QuizUnavailable(_l("This page is not a quiz."))
    require_to_take(user, item)  # may raise TrainingRefused: the one take-training rule
    attempts = attempts_of(user, item)
    current = next((a for a in attempts if a.status is AttemptStatus.in_progress), None)
    if current is not None:
        return current
    settings = QuizSettings.of(item)
    if attempts_left(settings, attempts) == 0:
        raise QuizUnavailable(
            _l("You have used all %(n)d attempts at this quiz.", n=settings.attempts)
        )
    pool = question_pool(settings)
    if not pool:
        raise QuizUnavailable(_l("This quiz has no questions yet."))
    return _create_attempt(user, item, settings, pool, len(attempts) + 1, now or utcnow())


def _create_attempt(
    user: User,
    item: Item,
    settings: QuizSettings,
    pool: list[Question],
    number: int,
    now: datetime,
) -> QuizAttempt:
    seed = random.SystemRandom().randrange(2**31)
    draw = random.Random(seed)
    count = min(settings.questions or len(pool), len(pool))
    chosen = draw.sample(pool, count) if settings.shuffle else pool[:count]
    layouts = [present(q, seed, i, settings.shuffle)[1].to_json() for i, q in enumerate(chosen)]
    attempt = QuizAttempt(
        user_id=user.id,
        item_id=item.id,
        number=number,
        seed=seed,
        questions_gift=write(chosen),
        layouts=layouts,
        answers={},
        results={},
        pass_mark=settings.pass_mark,
        started_at=now,
        deadline_at=now + timedelta(minutes=settings.time_limit) if settings.time_limit else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        # Another tab started this attempt a moment ago: use that one.
        return next(a for a in attempts_of(user, item) if a.number == number)
    return attempt


def present(
    question: Question, seed: int, index: int, shuffle: bool = True
) -> tuple[grading.Presented, grading.Layout]:
    """Question ``index`` of an attempt as the learner sees it; the same every time."""
    return grading.present(question, random.Random(seed * 1000 + index), shuffle)


def attempt_questions(attempt: QuizAttempt) -> list[Question]:
    return list(parse_cached(attempt.questions_gift))


def attempt_for(user: User, attempt_id: int) -> QuizAttempt | None:
    """``user``'s own attempt; another person's attempt does not exist for them."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


#: The form field that names a question the form carries, answered or not: without it, a
#: multiple-answer question whose every box was cleared would send nothing at all.
CARRIED = "question"


def responses_carried(
    form: MultiDict[str, str], questions: list[Question], layouts: list[grading.Layout]
) -> dict[int, grading.Response]:
    """Per question index, what the form sent, for the questions it carries: those it names in
    ``question`` fields and those it has a field for. A field for a question not in the
    attempt is tampering (InvalidResponse)."""
    wanted = {f"q{i}" for i in range(len(questions))}
    carried: set[int] = set()
    for name in form:
        base = name.split("-", 1)[0]
        if name == CARRIED:
            carried.update(_question_indices(form.getlist(name), len(questions)))
        elif name != "csrf_token" and base not in wanted:
            raise grading.InvalidResponse(f"'{name[:40]}' is not a question of this attempt")
        elif base in wanted:
            carried.add(int(base[1:]))
    return {i: _field(form, f"q{i}", questions[i], layouts[i]) for i in sorted(carried)}


def _question_indices(values: list[str], count: int) -> set[int]:
    indices = set()
    for value in values:
        # Length first: a digit string of thousands of characters is not even an int to Python.
        if not (value.isascii() and value.isdigit() and len(value) <= 6 and int(value) < count):
            raise grading.InvalidResponse(f"{value[:40]!r} is not a question of this attempt")
        indices.add(int(value))
    return indices


def _field(
    form: MultiDict[str, str], name: str, question: Question, layout: grading.Layout
) -> grading.Response:
    if question.type is QuestionType.MULTIPLE_ANSWER:
        return form.getlist(name)
    if question.type is QuestionType.MATCHING:
        prefix = f"{name}-"
        return {
            key[len(prefix) :]: form[key] for key in form if key.startswith(prefix) and form[key]
        }
    return form.get(name) or None


def _drawn(questions_gift: str, layouts: list[Any]) -> tuple[list[Question], list[grading.Layout]]:
    """An attempt's questions and how each was laid out, in presentation order."""
    return list(parse_cached(questions_gift)), [grading.Layout.from_json(j) for j in layouts]


def _locking(*where: Any) -> Any:
    """The UPDATE that takes an attempt's row lock while it is in progress (see _hold_open)."""
    return (
        update(QuizAttempt)
        .where(*where, QuizAttempt.status == AttemptStatus.in_progress)
        .values(status=AttemptStatus.in_progress)
        .execution_options(synchronize_session=False)
    )


def _hold_open(attempt: QuizAttempt) -> bool:
    """Lock ``attempt``'s row while it is in progress and read it afresh; False once closed.

    A save and a submit of one attempt take turns: the first statement of either is this
    UPDATE, which waits for the other's commit (PostgreSQL's row lock; SQLite's one writer)
    and then finds the status the other left. So a submit never grades answers without the
    one a save was writing, and a save never lands in an attempt already graded.
    """
    held = db.rows_changed(_locking(QuizAttempt.id == attempt.id))
    db.session.refresh(attempt)
    return held == 1


def _overlaid(saved: dict[str, Any], carried: dict[int, grading.Response]) -> dict[str, Any]:
    """The saved answers with each carried question's response in place (a blank clears)."""
    answers = dict(saved)
    for i, response in carried.items():
        if response in (None, "", [], {}):
            answers.pop(str(i), None)
        else:
            answers[str(i)] = response
    return answers


def _past_time_limit(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now > deadline_at + GRACE


class AnswerRefused(ValueError):
    """Answers that cannot be saved now; the message says why."""


@dataclass(frozen=True)
class SavedAnswers:
    """What a save kept: the questions it saved, and how many are answered so far."""

    saved: tuple[int, ...]
    answered: int
    questions: int


class AttemptNotFound(LookupError):
    """No such attempt of this person's: another person's attempt does not exist for them."""


def save_answers(
    user: User, attempt_id: int, form: MultiDict[str, str], now: datetime | None = None
) -> SavedAnswers:
    """Keep the answers ``form`` carries (one question, or the whole form) in ``user``'s
    attempt ``attempt_id`` without submitting it.

    Two statements, as it is the request a quiz-taker sends most: the row is locked and read
    by one UPDATE … RETURNING (see ``_hold_open`` for why a save and a submit take turns),
    and the answers written by another. Who may take the quiz was checked when the attempt
    opened and is checked again when it is submitted.
    """
    held = db.session.execute(
        _locking(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user.id).returning(
            QuizAttempt.questions_gift,
            QuizAttempt.layouts,
            QuizAttempt.answers,
            QuizAttempt.deadline_at,
        )
    ).first()
    if held is None:
        if attempt_for(user, attempt_id) is None:
            raise AttemptNotFound(attempt_id)
        raise AnswerRefused(
            _l("This attempt has been submitted; its answers can no longer change.")
        )
    questions, layouts = _drawn(held.questions_gift, held.layouts)
    carried = responses_carried(form, questions, layouts)  # may raise InvalidResponse
    for i, response in carried.items():
        grading.grade(questions[i], layouts[i], response)  # may raise InvalidResponse
    now = now or utcnow()
    if _past_time_limit(held.deadline_at, now):
        raise AnswerRefused(_l("The time limit has passed; answers can no longer be saved."))
    answers = _overlaid(held.answers, carried)
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt_id)
        .values(answers=answers)
        .execution_options(synchronize_session=False)
    )
    return SavedAnswers(tuple(carried), len(answers), len(questions))


def submit_attempt(
    user: User, attempt: QuizAttempt, form: MultiDict[str, str], now: datetime | None = None
) -> QuizAttempt:
    """Grade and close ``attempt`` on its saved answers overlaid by what ``form`` carries; a
    second submit (back button, two tabs) changes nothing."""
    if attempt.status is not AttemptStatus.in_progress:
        return attempt
    now = now or utcnow()
    questions, layouts = _drawn(attempt.questions_gift, attempt.layouts)
    carried = responses_carried(form, questions, layouts)  # may raise InvalidResponse
    if not _hold_open(attempt):
        return attempt  # submitted meanwhile, in another tab
    late = _past_time_limit(attempt.deadline_at, now)
    answers = _overlaid(attempt.answers, {} if late else carried)
    outcome = grading.score(
        grading.grade(question, layout, answers.get(str(i))).mark
        for i, (question, layout) in enumerate(zip(questions, layouts, strict=True))
    )
    status = (
        AttemptStatus.awaiting_grading if outcome.needs_manual_grading else AttemptStatus.submitted
    )
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id)
        .values(
            status=status,
            answers=answers,
            results=_stored(outcome),
            score=outcome.percent,
            passed=outcome.passed(attempt.pass_mark),
            submitted_at=now,
            late=late,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    _after_grading(user, attempt, now)
    return attempt


def stored_marks(attempt: QuizAttempt) -> list[grading.Mark]:
    """The marks a closed attempt keeps, one per question in the attempt's order."""
    return [grading.Mark.from_json(attempt.results[str(i)]) for i in range(len(attempt.results))]


def _stored(outcome: grading.AttemptScore) -> dict[str, Any]:
    """``QuizAttempt.results``: each question's mark, by its index in the attempt."""
    return {str(i): mark.to_json() for i, mark in enumerate(outcome.marks)}


def _after_grading(user: User, attempt: QuizAttempt, now: datetime) -> None:
    """A final grade is known: complete the item if passed, and tell who listens."""
    if attempt.passed or completion_of(attempt.item) is CompletionRule.on_submit:
        record_completion(user, attempt.item, now)
    if attempt.passed is not None:
        from flask import current_app

        quiz_graded.send(
            current_app._get_current_object(),  # type: ignore[attr-defined]  # a LocalProxy
            user=user,
            attempt=attempt,
            at=now,
        )


@dataclass(frozen=True)
class ReviewedQuestion:
    index: int
    presented: grading.Presented
    result: grading.Result
    fraction: float  #: the stored grade (a trainer's, for an essay)
    comment: str


def review(attempt: QuizAttempt, questions: list[Question] | None = None) -> list[ReviewedQuestion]:
    """Each question of a closed attempt with its feedback, for the learner or a trainer;
    ``questions`` are the attempt's in the reader's language (``translations``), if given."""
    questions = questions or attempt_questions(attempt)
    reviewed = []
    for i, question in enumerate(questions):
        presented, layout = present(question, attempt.seed, i)
        result = grading.grade(question, layout, attempt.answers.get(str(i)))
        stored = attempt.results.get(str(i))
        mark = grading.Mark.from_json(stored) if stored else result.mark
        reviewed.append(ReviewedQuestion(i, presented, result, mark.fraction, mark.comment))
    return reviewed


def presented_questions(
    attempt: QuizAttempt, questions: list[Question] | None = None
) -> list[grading.Presented]:
    """The attempt's questions as the learner sees them (``questions``: in their language)."""
    shown = questions or attempt_questions(attempt)
    return [present(q, attempt.seed, i)[0] for i, q in enumerate(shown)]


# --- trainers ------------------------------------------------------------------------------


def grading_queue() -> list[QuizAttempt]:
    """Attempts with essays waiting for a trainer, oldest first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .options(selectinload(QuizAttempt.item))
            .where(QuizAttempt.status == AttemptStatus.awaiting_grading)
            .order_by(QuizAttempt.submitted_at)
        )
    )


class GradingError(ValueError):
    """A trainer's grade that cannot be recorded; the message says why."""


ALREADY_GRADED = _l("This attempt has already been graded.")


def grade_essays(
    trainer: User,
    attempt: QuizAttempt,
    grades: dict[str, tuple[float, str]],
    now: datetime | None = None,
) -> QuizAttempt:
    """Record a trainer's grade (0-100 %) and comment for each essay, then the final score."""
    if attempt.status is AttemptStatus.graded:
        raise GradingError(ALREADY_GRADED)
    if attempt.status is not AttemptStatus.awaiting_grading:
        raise GradingError(_l("This attempt is not waiting for grading."))
    marks = stored_marks(attempt)
    if set(grades) != set(essays_to_grade(attempt)):
        raise GradingError(_l("Grade every essay of the attempt, and only those."))
    if not all(0 <= percent <= 100 for percent, _comment in grades.values()):
        raise GradingError(_l("A grade is a percentage from 0 to 100."))
    outcome = grading.score(_with_grades(marks, grades))
    now = now or utcnow()
    # Conditional, so two trainers (or one double click) grade it once: the second update
    # waits for the first to commit, then finds the attempt graded and changes nothing.
    graded = db.rows_changed(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.awaiting_grading)
        .values(
            results=_stored(outcome),
            score=outcome.percent,
            passed=outcome.passed(attempt.pass_mark),
            status=AttemptStatus.graded,
            graded_by_id=trainer.id,
            graded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    if graded != 1:
        raise GradingError(ALREADY_GRADED)
    learner = db.session.get_one(User, attempt.user_id)
    record(
        Action.essay_graded,
        actor=trainer,
        subject_user_id=learner.id,
        country_id=learner.country_id,
        object_type="lms_quiz_attempt",
        object_id=attempt.id,
        details={"item_id": attempt.item_id, "score": attempt.score, "passed": attempt.passed},
    )
    _after_grading(learner, attempt, now)
    essay_graded.send(_app(), user=learner, attempt=attempt, trainer=trainer, at=now)
    return attempt


def _app() -> Any:
    from flask import current_app

    return current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy


def essays_to_grade(attempt: QuizAttempt) -> list[str]:
    """The questions (keys of ``QuizAttempt.results``, in order) waiting for a trainer."""
    return [str(i) for i, mark in enumerate(stored_marks(attempt)) if mark.needs_grading]


def _with_grades(
    marks: list[grading.Mark], grades: dict[str, tuple[float, str]]
) -> list[grading.Mark]:
    """``marks`` with a trainer's grade (per cent) and comment on each essay in ``grades``."""
    graded = []
    for i, mark in enumerate(marks):
        if str(i) in grades:
            percent, comment = grades[str(i)]
            mark = mark.graded(percent / 100, comment.strip())
        graded.append(mark)
    return graded


def submitted_count(item: Item) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.item_id == item.id, QuizAttempt.status.in_(CLOSED))
        )
        or 0
    )


@dataclass(frozen=True)
class QuizPanel:
    """What a quiz item's page says about the learner's attempts."""

    settings: QuizSettings
    attempts: list[QuizAttempt]
    left: int | None
    in_progress: QuizAttempt | None
    best: float | None
    questions: int


def quiz_panel(user: User, item: Item) -> QuizPanel:
    settings = QuizSettings.of(item)
    attempts = attempts_of(user, item)
    scores = [a.score for a in attempts if a.status in CLOSED and a.score is not None]
    available = len(question_pool(settings))
    return QuizPanel(
        settings,
        attempts,
        attempts_left(settings, attempts),
        next((a for a in attempts if a.status is AttemptStatus.in_progress), None),
        max(scores) if scores else None,
        min(settings.questions or available, available),
    )


def quizzes_on_hold(user: User, item_ids: list[int]) -> set[int]:
    """Quizzes among ``item_ids`` with nothing for ``user`` to do now: no attempt in
    progress, and either one waiting for a trainer's grade or none left to start."""
    rows = db.session.execute(
        select(QuizAttempt.item_id, QuizAttempt.status, func.count())
        .where(QuizAttempt.user_id == user.id, QuizAttempt.item_id.in_(item_ids))
        .group_by(QuizAttempt.item_id, QuizAttempt.status)
    ).all()
    counts: dict[int, dict[AttemptStatus, int]] = {}
    for item_id, status, count in rows:
        counts.setdefault(item_id, {})[status] = count
    if not counts:
        return set()
    items = db.session.scalars(select(Item).where(Item.id.in_(counts)))
    held = set()
    for item in items:
        by_status = counts[item.id]
        if by_status.get(AttemptStatus.in_progress):
            continue
        limit = QuizSettings.of(item).attempts
        closed = sum(by_status.get(status, 0) for status in CLOSED)
        if by_status.get(AttemptStatus.awaiting_grading) or (limit is not None and closed >= limit):
            held.add(item.id)
    return held


def preview_questions(item: Item) -> list[grading.Presented]:
    """Every question a quiz draws from, as learners see them, in bank order: for people who
    do not take training (nothing is recorded, no answer is shown)."""
    return [
        grading.present(q, random.Random(0), shuffle=False)[0]
        for q in question_pool(QuizSettings.of(item))
    ]


def complete_submitted_pre_tests() -> int:
    """Complete the pre-tests submitted before submitting one completed it (an older database
    could leave a learner's module unfinished for ever); returns how many. Safe to repeat."""
    pre_tests = [
        item
        for item in db.session.scalars(
            select(Item).where(Item.kind == QUIZ.name, Item.retired_at.is_(None))
        )
        if completion_of(item) is CompletionRule.on_submit
    ]
    if not pre_tests:
        return 0
    completed = select(Completion.id).where(
        Completion.user_id == QuizAttempt.user_id,
        Completion.item_id == QuizAttempt.item_id,
        Completion.completed_at.is_not(None),
    )
    rows = db.session.execute(
        select(QuizAttempt.user_id, QuizAttempt.item_id, func.min(QuizAttempt.submitted_at))
        .where(
            QuizAttempt.item_id.in_([i.id for i in pre_tests]),
            QuizAttempt.status.in_(CLOSED),
            ~completed.exists(),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.item_id)
    ).all()
    items = {i.id: i for i in pre_tests}
    for user_id, item_id, submitted_at in rows:
        record_completion(db.session.get_one(User, user_id), items[item_id], submitted_at)
    return len(rows)
