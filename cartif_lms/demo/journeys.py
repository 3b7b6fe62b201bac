"""What the demo people have done, so every page shows something: learners part-way through
their tracks and some who finished one, quiz attempts, drafts waiting for review, readiness
scores and TA needs.

Progress is made through the services a learner's requests call, so it obeys the same rules;
the accounts themselves are in :mod:`.accounts`.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .. import db
from ..auth.models import Role, User
from ..auth.services import find_user_by_email
from ..capacity.services import READINESS_FIELDS, generate_needs, record_readiness
from ..content.kinds import CompletionRule, completion_of, kind_of
from ..content.models import Item, Module, Track
from ..directory.models import NegotiatingArea
from ..directory.services import country_by_code
from ..drafting.models import ReviewDecision
from ..drafting.services import RubricAnswer, exercise_of, submit_draft, trainer_review
from ..kinds import BuiltIn
from ..learning.services import (
    CompletionRefused,
    TrainingRefused,
    mark_complete,
    require_to_take,
)
from ..quizzes.models import AttemptStatus, QuizAttempt
from ..quizzes.services import (
    QuizUnavailable,
    essays_to_grade,
    grade_essays,
    open_attempt,
    submit_attempt,
)
from ..quizzes.settings import QuizSettings, TestKind
from .accounts import DEMO_ACCOUNTS, DEMO_DOMAIN, DemoAccount, create_account
from .answers import simulated_form
from .simulations import load_demo_simulations
from .workshops import load_demo_workshops


def load_demo() -> list[DemoAccount]:
    """Create any missing demo account, its designation and (for learners) some progress."""
    created = []
    for number, account in enumerate(DEMO_ACCOUNTS):
        if find_user_by_email(account.email) is None:
            user = create_account(account)
            created.append(user)
            if user.role in {Role.learner, Role.focal_point}:
                _give_progress(user, account, number)
    _submit_drafts([u for u in created if u.email.split("@")[0] in DRAFTERS])
    if created:
        _assess_readiness()
        generate_needs()
    load_demo_workshops()
    load_demo_simulations()
    return list(DEMO_ACCOUNTS)


#: Illustrative readiness scores (coordination, legal mapping, expertise, experience).
DEMO_READINESS = {
    ("KZ", "TF"): (2, 2, 2, 1),
    ("KZ", "SPS"): (1, 1, 2, 1),
    ("GE", "TF"): (3, 2, 2, 2),
    ("UZ", "TBT"): (1, 0, 1, 0),
}


def _assess_readiness() -> None:
    analyst = find_user_by_email(f"analyst@{DEMO_DOMAIN}")
    for (code, area_code), scores in DEMO_READINESS.items():
        area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == area_code))
        country = country_by_code(code)
        if analyst is None or country is None or area is None:
            continue  # an edited database: the analyst, country or area is gone
        record_readiness(
            analyst,
            country,
            area,
            dict(zip(READINESS_FIELDS, scores, strict=True)),
            "Demo: rapid assessment interviews.",
        )


#: Demo learners who have submitted the transit drafting exercise (from three countries, so
#: the peer reviews between countries can be allocated).
DRAFTERS = ("learner.ge", "learner.kz", "learner.pk")
DRAFT_EXERCISE = (
    "legal-drafting/bracketed-text-and-closing-brackets/exercise-close-transit-brackets"
)
#: The module the transit exercise's module requires. Drafters finish it first, its own
#: exercise accepted by the demo trainer, as the take-training rule asks of everyone.
DRAFT_PREREQUISITE = "legal-drafting/binding-and-best-endeavour-language"
_ALTERNATIVE = re.compile(r"\[(?:[A-Z][\w ,]*: )?([^\[\]/]*?)(?: / [^\[\]]*)?\]")


def _first_alternatives(source: str) -> str:
    """A first attempt: the learner kept the first alternative of each bracket."""
    while (text := _ALTERNATIVE.sub(r"\1", source)) != source:
        source = text
    return source


def _submit_drafts(users: list[User]) -> None:
    item = db.session.scalar(select(Item).where(Item.slug == DRAFT_EXERCISE))
    if item is None:
        return
    day = datetime(2026, 10, 1)
    for number, user in enumerate(users):
        _finish_drafting_prerequisite(user, random.Random(number), day)
    for user in users:
        try:
            require_to_take(user, item)
        except TrainingRefused:
            continue
        submit_draft(user, item, _first_alternatives(exercise_of(item).source_text), day)


def _finish_drafting_prerequisite(user: User, rng: random.Random, day: datetime) -> None:
    """Read the module, pass its check, and have its exercise accepted by the demo trainer."""
    module = db.session.scalar(select(Module).where(Module.slug == DRAFT_PREREQUISITE))
    trainer = find_user_by_email(f"trainer@{DEMO_DOMAIN}")
    if module is None or trainer is None:
        return
    items = [i for i in module.items if i.retired_at is None]
    day = _work_items(user, items, len(items), rng, day, final=False)
    for exercise_item in (i for i in items if kind_of(i) is BuiltIn.exercise):
        require_to_take(user, exercise_item)
        exercise = exercise_of(exercise_item)
        text = _first_alternatives(exercise.source_text)
        version = submit_draft(user, exercise_item, text, day)
        best = len(exercise.rubric.levels) - 1
        levels = [best] * len(exercise.rubric.criteria)
        answer = RubricAnswer(levels, [""] * len(levels), "Demo: a firm, clean article.")
        trainer_review(trainer, version, answer, ReviewDecision.accept, day + timedelta(days=2))


#: Share of each track a demo learner has finished, cycling so the pages show variety.
_SHARES = (0.9, 0.35, 0.6, 1.0, 0.15, 0.5, 0.75, 0.25, 0.45, 0.8, 0.3, 0.65, 0.55)
#: Demo learners who have finished the basic track, final test included.
FINISHERS = ("learner.ge", "learner.mn", "learner.kg", "focal.kz")
FINISHED_TRACK = "negotiation-techniques"
#: A demo learner tries a failed test again, up to this many times while attempts remain.
TRIES = 3


def _give_progress(user: User, account: DemoAccount, number: int) -> None:
    """Work through the basic track and the deep dive of the learner's area, in order:
    lessons up to a share of the track, the pre-test, each module's check once its lessons are
    read, and the final test for those who read everything."""
    area = account.designation[1] if account.designation else None
    wanted = ["negotiation-techniques"] + list(
        db.session.scalars(
            select(Track.slug)
            .join(NegotiatingArea)
            .where(NegotiatingArea.code == area, Track.retired_at.is_(None))
        )
    )
    rng = random.Random(number)
    day = datetime(2026, 9, 1) + timedelta(days=number)
    finisher = account.email.split("@")[0] in FINISHERS
    for track in db.session.scalars(select(Track).where(Track.slug.in_(wanted))):
        share = _SHARES[(number + len(track.slug)) % len(_SHARES)]
        if finisher and track.slug == FINISHED_TRACK:
            share = 1.0
        day = _work_through(user, track, share, rng, day, graded=finisher)


def _work_through(
    user: User,
    track: Track,
    share: float,
    rng: random.Random,
    day: datetime,
    graded: bool = False,
) -> datetime:
    """Lessons up to ``share`` of the track, and its quizzes on the way (the final test only
    for those who read everything); ``graded``: the demo trainer has graded their written
    answers (the others' wait in the grading queue)."""
    items = list(
        db.session.scalars(
            select(Item)
            .join(Module)
            .where(Module.track_id == track.id, Item.retired_at.is_(None))
            .order_by(Module.position, Item.position)
        )
    )
    lessons_to_read = round(share * sum(kind_of(i) is BuiltIn.lesson for i in items))
    return _work_items(user, items, lessons_to_read, rng, day, final=share >= 1.0, graded=graded)


def _work_items(
    user: User,
    items: list[Item],
    lessons_to_read: int,
    rng: random.Random,
    day: datetime,
    final: bool,
    graded: bool = False,
) -> datetime:
    """Work through ``items`` in order through the services a learner's requests call, so
    demo progress obeys the same rules; stop where a learner would be held back."""
    for item in items:
        day += timedelta(hours=29)
        try:
            if kind_of(item) is BuiltIn.lesson:
                if lessons_to_read == 0:
                    break
                lessons_to_read -= 1
                mark_complete(user, item, now=day)
            elif kind_of(item) is BuiltIn.quiz:
                test = QuizSettings.of(item).test
                if test is not TestKind.final or final:
                    skill = 0.35 if test is TestKind.pre_test else 0.85
                    attempt = _take_quiz(user, item, skill, rng, day)
                    if graded and attempt is not None:
                        _grade_written_answers(attempt, day + timedelta(days=2))
        except (CompletionRefused, TrainingRefused):
            break
    return day


def _take_quiz(
    user: User, item: Item, skill: float, rng: random.Random, day: datetime
) -> QuizAttempt | None:
    """Submit attempts until one passes (or is waiting for a trainer), a pre-test once; the
    last attempt submitted."""
    attempt = None
    for number in range(TRIES):
        start = day + timedelta(hours=number)
        try:
            attempt = open_attempt(user, item, now=start)
        except QuizUnavailable:  # no attempt left
            return attempt
        form: MultiDict[str, str] = MultiDict(simulated_form(attempt, rng, skill))
        submit_attempt(user, attempt, form, now=start + timedelta(minutes=12))
        if attempt.passed is not False or completion_of(item) is CompletionRule.on_submit:
            return attempt
    return attempt


def _grade_written_answers(attempt: QuizAttempt, at: datetime) -> None:
    """The demo trainer grades an attempt's essays, as one would from the grading queue."""
    trainer = find_user_by_email(f"trainer@{DEMO_DOMAIN}")
    if trainer is None or attempt.status is not AttemptStatus.awaiting_grading:
        return
    comment = "Clear and well argued; name the article you rely on in each paragraph."
    grades = {index: (80.0, comment) for index in essays_to_grade(attempt)}
    grade_essays(trainer, attempt, grades, now=at)
