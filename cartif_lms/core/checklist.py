"""The first-run checklist on the home page: a registry of steps per role.

Each step names its role, a label, the page it links to and ``done(user)``, read from real
data (a pre-test submitted, the national team designated) or, for a step done by opening a
page ("look at the country page"), from the record of that visit. Nobody ticks a step by
hand. A feature adds its steps with :func:`register`, without touching the others; a step
whose page does not exist in this application (its feature is not installed) or that the
person may not open is not shown.

A step once seen done is kept as a :class:`ChecklistTick`, so it stays ticked and a finished
checklist costs the home page one query; the whole checklist is hidden once every shown step
is ticked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import db
from ..auth.models import Role, User
from ..capacity.models import ReadinessAssessment
from ..capacity.services import uncovered_designations
from ..content.kinds import CompletionRule
from ..content.snapshot import current_snapshot
from ..db import utcnow
from ..directory.models import Designation, DesignationKind, NegotiatingArea
from ..quizzes.models import QuizAttempt
from ..quizzes.services import CLOSED
from ..security.permissions import can, declared_access
from .models import ChecklistTick

#: ``link(user)``: the URL arguments of the step's page for this person; None: not for them.
LinkArgs = Callable[[User], dict[str, Any] | None]


def _no_args(_user: User) -> dict[str, Any]:
    return {}


def _own_country(user: User) -> dict[str, Any] | None:
    return {"code": user.country.code} if user.country is not None else None


@dataclass(frozen=True)
class Step:
    key: str  #: unique, stored in ``lms_checklist_tick.step``: "<role>.<what>"
    role: Role
    label: Any  #: a lazy string, translated when shown
    endpoint: str
    #: Whether the person has done it, from real data (the visit record for ``by_visit``).
    done: Callable[[User], bool]
    link_args: LinkArgs = _no_args
    #: Done by opening ``endpoint``: the page answered to a person of ``role`` ticks it.
    by_visit: bool = False


_STEPS: dict[str, Step] = {}


def register(step: Step) -> Step:
    """Add ``step`` to its role's checklist, after the steps registered before it."""
    if step.key in _STEPS:
        raise ValueError(f"checklist step {step.key!r} is registered already")
    _STEPS[step.key] = step
    return step


def visit_step(
    key: str,
    role: Role,
    label: Any,
    endpoint: str,
    link_args: LinkArgs = _no_args,
) -> Step:
    """Register a step done by opening the page at ``endpoint``."""
    return register(Step(key, role, label, endpoint, _ticked(key), link_args, by_visit=True))


def steps_for(role: Role) -> list[Step]:
    return [step for step in _STEPS.values() if step.role is role]


# --- the checklist a person sees -------------------------------------------------------------


@dataclass(frozen=True)
class ShownStep:
    label: str
    url: str
    done: bool


def checklist_for(user: User) -> list[ShownStep]:
    """The person's checklist, ticking the steps done since their last look (the caller
    commits); empty when every step is done, or their role has none."""
    shown = [(step, url) for step in steps_for(user.role) if (url := _url(step, user))]
    ticked = _ticks(user) if shown else set()
    for step in (step for step, _link in shown if step.key not in ticked):
        if not step.by_visit and step.done(user):
            tick(user, step)
            ticked.add(step.key)
    if all(step.key in ticked for step, _link in shown):
        return []
    return [ShownStep(str(step.label), url, step.key in ticked) for step, url in shown]


def _url(step: Step, user: User) -> str | None:
    """The step's link, or None when it is not shown: its page does not exist here, the
    person may not open it, or it names nothing of theirs (a country they do not have)."""
    if step.endpoint not in current_app.view_functions:
        return None
    access = declared_access(current_app, step.endpoint)
    if access is not None and not any(can(user, p) for p in access.permissions):
        return None
    args = step.link_args(user)
    return url_for(step.endpoint, **args) if args is not None else None


def _ticks(user: User) -> set[str]:
    mine = select(ChecklistTick.step).where(ChecklistTick.user_id == user.id)
    return set(db.session.scalars(mine))


def tick(user: User, step: Step) -> None:
    """Keep that ``user`` has done ``step`` (once: a second tick changes nothing)."""
    db.session.execute(
        db.insert_for(ChecklistTick)
        .values(user_id=user.id, step=step.key, ticked_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "step"])
    )


def opening_ticks_a_step(endpoint: str) -> bool:
    """Whether opening the page at ``endpoint`` does a step of anyone's checklist."""
    return any(step.by_visit and step.endpoint == endpoint for step in _STEPS.values())


def steps_ticked_by_opening(endpoint: str, user: User) -> list[Step]:
    """The steps of ``user``'s role that opening ``endpoint`` now does."""
    return [
        step
        for step in _STEPS.values()
        if step.by_visit and step.endpoint == endpoint and step.role is user.role
    ]


def _ticked(key: str) -> Callable[[User], bool]:
    def done(user: User) -> bool:
        found = select(ChecklistTick.step).where(
            ChecklistTick.user_id == user.id, ChecklistTick.step == key
        )
        return db.session.scalar(found) is not None

    return done


# --- what each step checks ------------------------------------------------------------------


def pre_test_submitted(user: User) -> bool:
    """A pre-test (the quiz kind that submitting completes) has an attempt handed in."""
    snapshot = current_snapshot()
    pre_tests = [
        item.id
        for item in snapshot.items.values()
        if item.kind == "quiz" and item.completion is CompletionRule.on_submit
    ]
    if not pre_tests:
        return False
    attempt = select(QuizAttempt.id).where(
        QuizAttempt.user_id == user.id,
        QuizAttempt.item_id.in_(pre_tests),
        QuizAttempt.status.in_(CLOSED),
    )
    return db.session.scalar(attempt.limit(1)) is not None


def national_team_designated(user: User) -> bool:
    """The focal point's country has a chief negotiator, and a lead negotiator and a
    technical expert in every active negotiating area."""
    country = user.country
    if country is None:
        return False
    today = utcnow().date()
    chief = (
        select(Designation.id)
        .join(User, User.id == Designation.user_id)
        .where(
            User.country_id == country.id,
            User.active.is_(True),
            Designation.kind == DesignationKind.chief_negotiator,
            Designation.revoked_at.is_(None),
            Designation.valid_from <= today,
            Designation.valid_until >= today,
        )
        .limit(1)
    )
    return db.session.scalar(chief) is not None and not uncovered_designations(country)


def readiness_recorded(user: User) -> bool:
    """Every active negotiating area of the focal point's country has a readiness assessment."""
    if user.country_id is None:
        return False
    assessed = select(ReadinessAssessment.id).where(
        ReadinessAssessment.country_id == user.country_id,
        ReadinessAssessment.area_id == NegotiatingArea.id,
    )
    unassessed = (
        select(func.count())
        .select_from(NegotiatingArea)
        .where(NegotiatingArea.active.is_(True), ~assessed.exists())
    )
    return db.session.scalar(unassessed) == 0


def country_and_designation_recorded(user: User) -> bool:
    """The learner has a country and a current designation."""
    if user.country_id is None:
        return False
    today = utcnow().date()
    current = select(Designation.id).where(
        Designation.user_id == user.id,
        Designation.revoked_at.is_(None),
        Designation.valid_from <= today,
        Designation.valid_until >= today,
    )
    return db.session.scalar(current.limit(1)) is not None


# --- the shipped steps ----------------------------------------------------------------------

# A learner's country and designation are confirmed by the records themselves: an
# administrator gives the country, their focal point records the designation (an official
# nomination), so the step is done once both exist; My competencies shows what the
# designation asks of them.
register(
    Step(
        "learner.country_and_designation",
        Role.learner,
        _l("Have your country and your designation recorded (ask your focal point)"),
        "lms.capacity.mine",
        country_and_designation_recorded,
    )
)
register(
    Step(
        "learner.pre_test",
        Role.learner,
        _l("Take your first pre-test"),
        "lms.learning.catalogue",
        pre_test_submitted,
    )
)
register(
    Step(
        "focal_point.national_team",
        Role.focal_point,
        _l(
            "Designate the national team: a chief negotiator, and a lead negotiator and a "
            "technical expert in every negotiating area"
        ),
        "lms.directory.designations",
        national_team_designated,
        _own_country,
    )
)
register(
    Step(
        "focal_point.readiness",
        Role.focal_point,
        _l("Record the readiness assessment of every negotiating area"),
        "lms.capacity.country",
        readiness_recorded,
        _own_country,
    )
)
visit_step(
    "focal_point.country_page",
    Role.focal_point,
    _l("Look at your country's page"),
    "lms.capacity.country",
    _own_country,
)
visit_step(
    "trainer.grading_queue",
    Role.trainer,
    _l("Look at the grading queue"),
    "lms.quiz_trainer.grading_queue",
)
visit_step(
    "trainer.review_queue",
    Role.trainer,
    _l("Look at the draft review queue"),
    "lms.drafting_trainer.queue",
)
visit_step(
    "analyst.dashboard",
    Role.analyst,
    _l("Open the regional dashboard"),
    "lms.capacity.dashboard",
)
visit_step(
    "analyst.ta_needs",
    Role.analyst,
    _l("Review the open TA needs"),
    "lms.capacity.ta_needs",
)
