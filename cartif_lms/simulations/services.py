"""Running a negotiation simulation: start, seats, rounds, proposals, packages, agreement.

Rules (docs in the README's *Negotiation simulations*):

- a run copies its scenario; its rounds have deadlines (the scenario's round length for a run
  over days, minutes for a live run in a workshop session); a move names the round it was made
  in, and a round whose deadline has passed takes no more moves;
- each delegation proposes an option per issue (its current position), speaks to the table,
  writes privately to one other delegation, proposes packages (an option for every issue) and
  accepts packages; the run is agreed when every delegation has accepted the same package;
- the chair closes a bracket when every delegation's position on it is the same option;
- after the last deadline without agreement the run ends, and each delegation scores its
  fallback.

Acceptances, closures and the end of a run take the run's row lock first: two acceptances
arriving at once are counted one after the other, so the last one sees the other and exactly
one agreement is recorded.
"""

from __future__ import annotations

import copy
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import db
from ..audit import Action, record
from ..auth.models import Role, User
from ..capacity.evidence import record_evidence, register_source
from ..content.models import Item
from ..db import utcnow
from ..directory.models import Competency
from ..drafting.exercise import Rubric
from ..drafting.services import evidence_level
from ..learning.services import record_completion
from ..security.permissions import Permission, can
from ..workshops.models import WorkshopSession
from .kind import SIMULATION_KIND
from .models import (
    Acceptance,
    Closure,
    Move,
    MoveKind,
    Package,
    Position,
    Reflection,
    Round,
    Run,
    RunDelegation,
    RunStatus,
    Scenario,
    Seat,
)
from .outcomes import Analysis, analyse
from .scenario import DelegationSpec, Issue, agreed_text, brackets_from_json, issues_from_json

MAX_STATEMENT = 1000
MAX_REFLECTION = 6000
MIN_REFLECTION = 200
#: A live run's rounds, in minutes, when the trainer gives none.
LIVE_ROUND_MINUTES = 30

register_source(
    "simulation",
    "Negotiation simulation",
    "took part in a finished run: level 1; level 2 where the agreement gave the delegation more "
    "than its fallback and reached at least 90% of the best joint score in the zone of agreement",
)
register_source(
    "simulation_reflection",
    "Simulation reflection",
    "graded reflection: >= 85% of rubric points level 3, >= 60% level 2, else 1",
)


class SimulationError(ValueError):
    """A move the rules refuse; the message says why, and nothing was changed."""


# --- reading a run ------------------------------------------------------------------------


def issues_of(run: Run) -> list[Issue]:
    return issues_from_json(run.issues)


def delegation_spec(delegation: RunDelegation) -> DelegationSpec:
    return DelegationSpec(
        key=delegation.key,
        name=delegation.name,
        code=delegation.code,
        country=delegation.country_code,
        fallback=delegation.fallback,
        scores={int(n): dict(p) for n, p in delegation.scores.items()},
    )


def active_scenarios() -> list[Scenario]:
    return list(
        db.session.scalars(
            select(Scenario).where(Scenario.retired_at.is_(None)).order_by(Scenario.title)
        )
    )


def scenario_by_slug(slug: str) -> Scenario | None:
    return db.session.scalar(
        select(Scenario).where(Scenario.slug == slug, Scenario.retired_at.is_(None))
    )


def can_run(user: User) -> bool:
    """Trainers and administrators start runs, seat people, chair and grade reflections."""
    return can(user, Permission.run_simulations)


def seat_of(run: Run, user: User) -> Seat | None:
    return db.session.scalar(select(Seat).where(Seat.run_id == run.id, Seat.user_id == user.id))


def is_chair(run: Run, user: User) -> bool:
    return run.chair_id == user.id or (run.chair_id is None and can_run(user))


def run_for(user: User, run_id: int) -> Run | None:
    """The run, if ``user`` may open it: a participant, its chair, or a trainer (None: 404)."""
    run = db.session.get(Run, run_id)
    if run is None:
        return None
    if can_run(user) or run.chair_id == user.id or seat_of(run, user) is not None:
        return run
    return None


def delegation_for(user: User, run: Run, delegation_id: int) -> RunDelegation | None:
    """The delegation's confidential side, if ``user`` sits in it or trains (None: 404)."""
    delegation = next((d for d in run.delegations if d.id == delegation_id), None)
    if delegation is None:
        return None
    mine = seat_of(run, user)
    if can_run(user) or (mine is not None and mine.delegation_id == delegation.id):
        return delegation
    return None


def runs_of(user: User) -> list[Run]:
    """The runs ``user`` sits in or chairs, newest first."""
    seated = select(Seat.run_id).where(Seat.user_id == user.id)
    return list(
        db.session.scalars(
            select(Run)
            .where((Run.id.in_(seated)) | (Run.chair_id == user.id))
            .order_by(Run.created_at.desc(), Run.id.desc())
        )
    )


def runs_of_scenario(user: User, slug: str | None) -> list[Run]:
    """The runs of scenario ``slug`` that ``user`` sits in, newest first."""
    if not slug:
        return []
    return [run for run in runs_of(user) if run.scenario.slug == slug]


def item_scenario(item_id: int) -> str | None:
    """The scenario slug a simulation item names."""
    item = db.session.get(Item, item_id)
    return str(item.settings.get("scenario") or "") or None if item else None


def _complete_items(person: User, run: Run) -> None:
    """A reflection on an ended run completes the learner's simulation items of its scenario."""
    items = db.session.scalars(
        select(Item).where(Item.kind == SIMULATION_KIND, Item.retired_at.is_(None))
    )
    for item in items:
        if item.settings.get("scenario") == run.scenario.slug:
            record_completion(person, item)


def all_runs() -> list[Run]:
    return list(db.session.scalars(select(Run).order_by(Run.created_at.desc(), Run.id.desc())))


def current_round(run: Run, now: datetime | None = None) -> Round | None:
    """The round that takes moves now (None: every deadline has passed)."""
    now = now or utcnow()
    return next((r for r in run.rounds if r.deadline > now), None)


def settle(run: Run, now: datetime | None = None) -> Run:
    """End an open run whose last deadline has passed: no agreement. Safe to call from any
    page: the conditional UPDATE ends it once, whoever asks first."""
    now = now or utcnow()
    if run.status is RunStatus.open and run.rounds and run.rounds[-1].deadline <= now:
        ended = db.session.execute(
            update(Run)
            .where(Run.id == run.id, Run.status == RunStatus.open)
            .values(status=RunStatus.no_agreement, ended_at=now)
            .returning(Run.id)
        ).scalar()
        db.session.refresh(run)
        if ended is not None:
            _record_participation(run)
    return run


# --- starting and seating -----------------------------------------------------------------


def start_run(
    trainer: User,
    scenario: Scenario,
    title: str = "",
    *,
    starts_at: datetime | None = None,
    round_minutes: int | None = None,
    session: WorkshopSession | None = None,
    chair: User | None = None,
    live: bool = False,
) -> Run:
    """A new run of ``scenario``, its rounds from ``starts_at`` (now), each ``round_minutes``
    long (the scenario's round length; a live run's -- in a workshop session -- 30 minutes)."""
    if not can_run(trainer):
        raise SimulationError(_l("Only trainers start simulations."))
    if scenario.retired_at is not None:
        raise SimulationError(_l("This scenario is retired."))
    start = starts_at or utcnow()
    if session is not None:  # a live run starts with its session, or now if it has begun
        start = max(start, session.starts_at)
    if round_minutes is None:
        live = live or session is not None
        round_minutes = LIVE_ROUND_MINUTES if live else scenario.round_hours * 60
    run = Run(
        scenario=scenario,
        title=title.strip()[:200] or scenario.title,
        chair_id=chair.id if chair else None,
        created_by_id=trainer.id,
        session=session,
        **{name: copy.deepcopy(getattr(scenario, name)) for name in Run.COPIED},
    )
    db.session.add(run)
    for delegation in scenario.delegations:
        run.delegations.append(
            RunDelegation(
                **{name: copy.deepcopy(getattr(delegation, name)) for name in RunDelegation.COPIED}
            )
        )
    for number in range(1, scenario.rounds + 1):
        run.rounds.append(
            Round(number=number, deadline=start + timedelta(minutes=round_minutes * number))
        )
    db.session.flush()
    record(
        Action.simulation_started,
        actor=trainer,
        object_type="simulation_run",
        object_id=run.id,
        details={"scenario": scenario.slug, "title": run.title},
    )
    return run


def seat(run: Run, delegation: RunDelegation, person: User, trainer: User) -> Seat:
    """Put ``person`` in ``delegation`` (moving them if they sat elsewhere in the run)."""
    if delegation.run_id != run.id:
        raise SimulationError(_l("That delegation is not in this run."))
    if run.status.ended:
        raise SimulationError(_l("This run has ended."))
    existing = seat_of(run, person)
    if existing is None:
        stmt = db.insert_for(Seat).values(
            run_id=run.id, delegation_id=delegation.id, user_id=person.id
        )
        db.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["run_id", "user_id"], set_={"delegation_id": delegation.id}
            )
        )
    else:
        existing.delegation_id = delegation.id
    db.session.flush()
    record(
        Action.simulation_seated,
        actor=trainer,
        subject_user_id=person.id,
        country_id=person.country_id,
        object_type="simulation_run",
        object_id=run.id,
        details={"delegation": delegation.name},
    )
    found = seat_of(run, person)
    assert found is not None
    return found


def assign_automatically(
    run: Run, people: list[User], trainer: User, seed: int | None = None
) -> dict[int, RunDelegation]:
    """Seat ``people`` across the delegations, as evenly as possible, never in a delegation
    that stands for their own country; refused (nothing seated) where that cannot be done."""
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    counts = {d.id: 0 for d in run.delegations}
    by_id = {d.id: d for d in run.delegations}
    plan: dict[int, RunDelegation] = {}
    for person in shuffled:
        country = person.country.code if person.country else None
        allowed = [d for d in run.delegations if not d.country_code or d.country_code != country]
        if not allowed:
            raise SimulationError(
                _l("%(name)s can only sit in their own country's delegation.", name=person.name)
            )
        target = min(allowed, key=lambda d: (counts[d.id], d.position))
        counts[target.id] += 1
        plan[person.id] = by_id[target.id]
    for person in shuffled:
        seat(run, plan[person.id], person, trainer)
    return plan


def sessions_for_live_runs() -> list[WorkshopSession]:
    """Workshop sessions a live run may take place in: not cancelled, not yet over."""
    return list(
        db.session.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.cancelled_at.is_(None), WorkshopSession.ends_at > utcnow())
            .order_by(WorkshopSession.starts_at)
            .limit(50)
        )
    )


def seated(run: Run) -> list[Seat]:
    """Everyone seated in the run, by delegation then name."""
    return list(
        db.session.scalars(
            select(Seat)
            .join(RunDelegation, RunDelegation.id == Seat.delegation_id)
            .join(User, User.id == Seat.user_id)
            .where(Seat.run_id == run.id)
            .order_by(RunDelegation.position, User.name)
        )
    )


# --- moves ----------------------------------------------------------------------------------


def _open_round(run: Run, round_number: int, now: datetime) -> Round:
    """The round a move was made in, if it still takes moves; refused otherwise."""
    settle(run, now)
    if run.status.ended:
        raise SimulationError(_l("This run has ended: no more moves."))
    current = current_round(run, now)
    if current is None or round_number != current.number:
        passed = next((r for r in run.rounds if r.number == round_number), None)
        if passed is not None and passed.deadline <= now:
            raise SimulationError(
                _l(
                    "Round %(number)s closed at its deadline; nothing was recorded. "
                    "Round %(current)s is open now.",
                    number=round_number,
                    current=current.number if current else "-",
                )
            )
        raise SimulationError(_l("That round is not open."))
    return current


def _check_options(run: Run, options: dict[int, str], complete: bool) -> dict[int, str]:
    issues = {issue.number: issue for issue in issues_of(run)}
    for number, key in options.items():
        issue = issues.get(number)
        if issue is None:
            raise SimulationError(_l("Issue %(number)s is not in this text.", number=number))
        if issue.option(key) is None:
            raise SimulationError(
                _l("Option '%(key)s' is not an option of issue %(number)s.", key=key, number=number)
            )
    if complete and set(options) != set(issues):
        raise SimulationError(_l("A package names an option for every issue."))
    if not options:
        raise SimulationError(_l("Choose an option on at least one issue."))
    return options


def _move(run: Run, round_number: int, kind: MoveKind, seat_: Seat | None, **values: Any) -> Move:
    move = Move(
        run_id=run.id,
        round=round_number,
        kind=kind,
        delegation_id=seat_.delegation_id if seat_ else None,
        user_id=seat_.user_id if seat_ else values.pop("user_id", None),
        **values,
    )
    db.session.add(move)
    return move


def propose_positions(seat_: Seat, round_number: int, options: dict[int, str]) -> None:
    """The delegation's option on each issue named (its current position on each)."""
    run = seat_.delegation.run
    now = utcnow()
    current = _open_round(run, round_number, now)
    closed = closures(run)
    _check_options(run, options, complete=False)
    for number, key in options.items():
        if number in closed:
            raise SimulationError(_l("Issue %(number)s is closed.", number=number))
        stmt = db.insert_for(Position).values(
            delegation_id=seat_.delegation_id,
            issue=number,
            option=key,
            round=current.number,
            updated_at=now,
        )
        db.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["delegation_id", "issue"],
                set_={"option": key, "round": current.number, "updated_at": now},
            )
        )
        _move(run, current.number, MoveKind.position, seat_, issue=number, option=key)


def make_statement(seat_: Seat, round_number: int, text: str) -> Move:
    run = seat_.delegation.run
    current = _open_round(run, round_number, utcnow())
    return _move(run, current.number, MoveKind.statement, seat_, text=_short(text))


def send_message(seat_: Seat, round_number: int, to: RunDelegation, text: str) -> Move:
    run = seat_.delegation.run
    if to.run_id != run.id or to.id == seat_.delegation_id:
        raise SimulationError(_l("Write to another delegation of this run."))
    current = _open_round(run, round_number, utcnow())
    return _move(
        run, current.number, MoveKind.message, seat_, to_delegation_id=to.id, text=_short(text)
    )


def _short(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise SimulationError(_l("Write something first."))
    if len(text) > MAX_STATEMENT:
        raise SimulationError(_l("At most %(n)s characters, please.", n=MAX_STATEMENT))
    return text


def propose_package(seat_: Seat, round_number: int, options: dict[int, str]) -> Package:
    """A package: an option for every issue, closed ones on their agreed option."""
    run = seat_.delegation.run
    current = _open_round(run, round_number, utcnow())
    _check_options(run, options, complete=True)
    for number, key in closures(run).items():
        if options[number] != key:
            raise SimulationError(
                _l("Issue %(number)s is closed on option %(key)s.", number=number, key=key)
            )
    package = Package(
        run_id=run.id,
        delegation_id=seat_.delegation_id,
        round=current.number,
        options={str(n): k for n, k in sorted(options.items())},
    )
    db.session.add(package)
    db.session.flush()
    _move(run, current.number, MoveKind.package, seat_, package_id=package.id)
    # Proposing a package is accepting it.
    accept_package(seat_, package.id, current.number)
    return package


def accept_package(seat_: Seat, package_id: int, round_number: int) -> bool:
    """The delegation accepts the package; True when that makes the agreement."""
    run = seat_.delegation.run
    db.lock_row(Run, run.id)
    db.session.refresh(run)
    current = _open_round(run, round_number, utcnow())
    package = db.session.get(Package, package_id)
    if package is None or package.run_id != run.id:
        raise SimulationError(_l("That package is not on this run's table."))
    inserted = db.session.scalar(
        db.insert_for(Acceptance)
        .values(package_id=package.id, delegation_id=seat_.delegation_id, accepted_at=utcnow())
        .on_conflict_do_nothing(index_elements=["package_id", "delegation_id"])
        .returning(Acceptance.__table__.c.package_id)
    )
    if inserted is not None and package.delegation_id != seat_.delegation_id:
        _move(run, current.number, MoveKind.acceptance, seat_, package_id=package.id)
    accepted = db.session.scalar(
        select(func.count()).select_from(Acceptance).where(Acceptance.package_id == package.id)
    )
    if (accepted or 0) < len(run.delegations):
        return False
    agreed = db.session.execute(
        update(Run)
        .where(Run.id == run.id, Run.status == RunStatus.open)
        .values(status=RunStatus.agreed, agreed_package_id=package.id, ended_at=utcnow())
        .returning(Run.id)
    ).scalar()
    db.session.refresh(run)
    if agreed is None:
        return False
    record(
        Action.simulation_ended,
        object_type="simulation_run",
        object_id=run.id,
        details={"status": "agreed", "package": package.options},
    )
    _record_participation(run)
    return True


def closures(run: Run) -> dict[int, str]:
    return {
        c.issue: c.option
        for c in db.session.scalars(select(Closure).where(Closure.run_id == run.id))
    }


def positions(run: Run) -> dict[int, dict[int, str]]:
    """Each delegation's current option per issue: delegation id -> issue -> option."""
    ids = [d.id for d in run.delegations]
    result: dict[int, dict[int, str]] = defaultdict(dict)
    for row in db.session.scalars(select(Position).where(Position.delegation_id.in_(ids))):
        result[row.delegation_id][row.issue] = row.option
    return result


def _chair_round(chair: User, run: Run, round_number: int) -> Round:
    """The open round a consolidation by ``chair`` is made in, the run's row locked."""
    if not is_chair(run, chair):
        raise SimulationError(_l("Only the chair consolidates the text."))
    db.lock_row(Run, run.id)
    return _open_round(run, round_number, utcnow())


def close_issue(chair: User, run: Run, issue: int, round_number: int) -> str:
    """Close a bracket on the option every delegation now holds; refused otherwise."""
    current = _chair_round(chair, run, round_number)
    held = {p.get(issue) for p in (positions(run).get(d.id, {}) for d in run.delegations)}
    if len(held) != 1 or None in held:
        raise SimulationError(
            _l(
                "Issue %(number)s stays open: the delegations do not all hold one option.",
                number=issue,
            )
        )
    option = held.pop()
    assert option is not None
    db.session.execute(
        db.insert_for(Closure)
        .values(run_id=run.id, issue=issue, option=option, closed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["run_id", "issue"])
    )
    _move(run, current.number, MoveKind.closure, None, user_id=chair.id, issue=issue, option=option)
    return option


def reopen_issue(chair: User, run: Run, issue: int, round_number: int) -> None:
    current = _chair_round(chair, run, round_number)
    row = db.session.get(Closure, (run.id, issue))
    if row is None:
        raise SimulationError(_l("Issue %(number)s is not closed.", number=issue))
    db.session.delete(row)
    _move(run, current.number, MoveKind.reopening, None, user_id=chair.id, issue=issue)


def end_round_now(trainer: User, run: Run) -> Round | None:
    """For a live run: the current round ends now (the next one opens at once)."""
    if not is_chair(run, trainer):
        raise SimulationError(_l("Only the chair moves the run on."))
    db.lock_row(Run, run.id)
    now = utcnow()
    current = current_round(run, now)
    if current is None or run.status.ended:
        raise SimulationError(_l("No round is open."))
    current.deadline = now
    db.session.flush()
    settle(run, now + timedelta(microseconds=1))
    return current_round(run, now + timedelta(microseconds=1))


def cancel_run(trainer: User, run: Run) -> None:
    if not can_run(trainer):
        raise SimulationError(_l("Only trainers cancel a run."))
    ended = db.session.execute(
        update(Run)
        .where(Run.id == run.id, Run.status == RunStatus.open)
        .values(status=RunStatus.cancelled, ended_at=utcnow())
        .returning(Run.id)
    ).scalar()
    if ended is None:
        raise SimulationError(_l("This run has ended already."))
    db.session.refresh(run)
    record(
        Action.simulation_ended,
        actor=trainer,
        object_type="simulation_run",
        object_id=run.id,
        details={"status": "cancelled"},
    )


# --- what a participant sees ------------------------------------------------------------


def visible_moves(run: Run, viewer: User) -> list[Move]:
    """The timeline as ``viewer`` may see it: public moves, and private messages to or from
    their own delegation (a trainer, seated in none, sees no private message)."""
    moves = list(db.session.scalars(select(Move).where(Move.run_id == run.id).order_by(Move.id)))
    mine = seat_of(run, viewer)
    own = mine.delegation_id if mine else None
    return [
        m
        for m in moves
        if m.kind is not MoveKind.message or own in (m.delegation_id, m.to_delegation_id)
    ]


def open_packages(run: Run) -> list[tuple[Package, set[int]]]:
    """The packages on the table, newest first, each with the delegations that accepted it."""
    packages = list(
        db.session.scalars(
            select(Package).where(Package.run_id == run.id).order_by(Package.id.desc())
        )
    )
    accepted: dict[int, set[int]] = defaultdict(set)
    for row in db.session.scalars(
        select(Acceptance).where(Acceptance.package_id.in_([p.id for p in packages]))
    ):
        accepted[row.package_id].add(row.delegation_id)
    return [(p, accepted[p.id]) for p in packages]


def consolidated_text(run: Run) -> str:
    """The text with the closed brackets agreed and the open ones still in brackets."""
    return agreed_text(run.text, brackets_from_json(run.brackets), closures(run))


def run_view(run: Run, viewer: User) -> dict[str, Any]:
    """The run as JSON for ``viewer``: what the round page shows them and nothing more (their
    own delegation's instructions and scores only; a trainer sees every delegation's)."""
    mine = seat_of(run, viewer)
    trainer = can_run(viewer)
    current = current_round(run)
    held = positions(run)

    def delegation(d: RunDelegation) -> dict[str, Any]:
        own = trainer or (mine is not None and mine.delegation_id == d.id)
        return {
            "id": d.id,
            "name": d.name,
            "code": d.code,
            "positions": {str(k): v for k, v in held.get(d.id, {}).items()},
            "instructions_html": d.instructions_html if own else None,
            "scores": d.scores if own else None,
            "fallback": d.fallback if own else None,
        }

    return {
        "id": run.id,
        "title": run.title,
        "status": run.status.value,
        "round": current.number if current else None,
        "deadline": current.deadline if current else None,
        "my_delegation": mine.delegation_id if mine else None,
        "issues": run.issues,
        "closed": {str(k): v for k, v in closures(run).items()},
        "text": consolidated_text(run),
        "delegations": [delegation(d) for d in run.delegations],
        "packages": [
            {
                "id": p.id,
                "by": p.delegation_id,
                "round": p.round,
                "options": p.options,
                "accepted_by": sorted(accepted),
            }
            for p, accepted in open_packages(run)
        ],
        "moves": [
            {
                "id": m.id,
                "round": m.round,
                "kind": m.kind.value,
                "by": m.delegation_id,
                "to": m.to_delegation_id,
                "issue": m.issue,
                "option": m.option,
                "package": m.package_id,
                "text": m.text,
                "at": m.created_at,
            }
            for m in visible_moves(run, viewer)
        ],
    }


# --- outcome and debrief ------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    delegation: RunDelegation
    points: int
    fallback: int

    @property
    def surplus(self) -> int:
        return self.points - self.fallback


def agreed_options(run: Run) -> dict[int, str] | None:
    if run.status is not RunStatus.agreed or run.agreed_package_id is None:
        return None
    package = db.session.get_one(Package, run.agreed_package_id)
    return {int(n): k for n, k in package.options.items()}


def scores(run: Run) -> list[Score]:
    """Each delegation's points: of the agreement, or its fallback without one."""
    agreed = agreed_options(run)
    return [
        Score(
            d,
            delegation_spec(d).points(agreed) if agreed else d.fallback,
            d.fallback,
        )
        for d in run.delegations
    ]


@dataclass(frozen=True)
class Trade:
    """Two delegations that each got their way on one issue and gave way on another."""

    first: RunDelegation
    second: RunDelegation
    first_gained: Issue
    second_gained: Issue


@dataclass(frozen=True)
class Debrief:
    scores: list[Score]
    joint: int
    analysis: Analysis
    trades: list[Trade]
    moves: list[Move]
    agreed: dict[int, str] | None
    issues: list[Issue]


def trades(run: Run, agreed: dict[int, str]) -> list[Trade]:
    """Pairs of issues traded: A obtained its best option on one issue and B did not, while B
    obtained its best on another and A did not."""
    issues = issues_of(run)
    specs = [(d, delegation_spec(d)) for d in run.delegations]

    def got_best(spec: DelegationSpec, issue: Issue) -> bool:
        table = spec.scores[issue.number]
        return table[agreed[issue.number]] == max(table.values())

    found = []
    for i, (a, spec_a) in enumerate(specs):
        for b, spec_b in specs[i + 1 :]:
            for x in issues:
                for y in issues:
                    if x.number >= y.number:
                        continue
                    if (
                        got_best(spec_a, x)
                        and not got_best(spec_b, x)
                        and got_best(spec_b, y)
                        and not got_best(spec_a, y)
                    ):
                        found.append(Trade(a, b, x, y))
                    elif (
                        got_best(spec_b, x)
                        and not got_best(spec_a, x)
                        and got_best(spec_a, y)
                        and not got_best(spec_b, y)
                    ):
                        found.append(Trade(b, a, x, y))
    return found


def debrief(run: Run) -> Debrief:
    """Everything the debrief shows; only for a run that has ended."""
    if not run.status.ended:
        raise SimulationError(_l("The debrief opens when the run ends."))
    issues = issues_of(run)
    agreed = agreed_options(run)
    run_scores = scores(run)
    return Debrief(
        scores=run_scores,
        joint=sum(s.points for s in run_scores),
        analysis=analyse(issues, [delegation_spec(d) for d in run.delegations], agreed),
        trades=trades(run, agreed) if agreed else [],
        moves=list(db.session.scalars(select(Move).where(Move.run_id == run.id).order_by(Move.id))),
        agreed=agreed,
        issues=issues,
    )


def comment_on(trainer: User, run: Run, text: str) -> None:
    if not can_run(trainer):
        raise SimulationError(_l("Only trainers comment on the debrief."))
    run.trainer_comment = (text or "").replace("\x00", "").strip()[:6000]


# --- evidence and reflections ---------------------------------------------------------------


def _competencies(run: Run) -> list[Competency]:
    if not run.competencies:
        return []
    return list(db.session.scalars(select(Competency).where(Competency.code.in_(run.competencies))))


def participation_levels(run: Run) -> dict[int, int]:
    """Per delegation: 1 for taking part; 2 where the agreement beat the delegation's fallback
    and came within 90% of the best joint score that leaves everyone above fallback."""
    agreed = agreed_options(run)
    taking_part = {d.id: 1 for d in run.delegations}
    if agreed is None:
        return taking_part
    analysis = analyse(issues_of(run), [delegation_spec(d) for d in run.delegations], agreed)
    best = analysis.best_in_zone.joint if analysis.best_in_zone else analysis.best_joint.joint
    joint = analysis.result.joint if analysis.result else 0
    near_best = bool(best) and joint >= 0.9 * best
    return {
        score.delegation.id: 2 if near_best and score.surplus > 0 else 1 for score in scores(run)
    }


def _record_participation(run: Run) -> None:
    """Evidence for everyone seated in a run that ended with or without agreement (not
    cancelled), once per seat and competency; the issue space is searched once per run."""
    if run.status is RunStatus.cancelled:
        return
    competencies = _competencies(run)
    if not competencies:
        return
    levels = participation_levels(run)
    for seat_ in db.session.scalars(select(Seat).where(Seat.run_id == run.id)):
        for competency in competencies:
            record_evidence(
                seat_.user,
                competency,
                levels[seat_.delegation_id],
                "simulation",
                source_id=seat_.id,
                note=f"Negotiation simulation: {run.title}",
            )


def submit_reflection(person: User, run: Run, text: str) -> Reflection:
    """A participant's reflection on an ended run; resubmitting before grading replaces it."""
    if seat_of(run, person) is None:
        raise SimulationError(_l("Only participants write a reflection."))
    if not run.status.ended or run.status is RunStatus.cancelled:
        raise SimulationError(_l("Reflections open when the run ends."))
    text = (text or "").replace("\x00", "").strip()
    if not MIN_REFLECTION <= len(text) <= MAX_REFLECTION:
        raise SimulationError(
            _l(
                "A reflection is %(low)s to %(high)s characters.",
                low=MIN_REFLECTION,
                high=MAX_REFLECTION,
            )
        )
    existing = db.session.scalar(
        select(Reflection).where(Reflection.run_id == run.id, Reflection.user_id == person.id)
    )
    if existing is not None and existing.graded_at is not None:
        raise SimulationError(_l("Your reflection has been graded; it can no longer change."))
    stmt = db.insert_for(Reflection).values(
        run_id=run.id, user_id=person.id, text=text, submitted_at=utcnow()
    )
    db.session.execute(
        stmt.on_conflict_do_update(
            index_elements=["run_id", "user_id"],
            set_={"text": text, "submitted_at": utcnow()},
            where=Reflection.__table__.c.graded_at.is_(None),
        )
    )
    reflection = db.session.scalar(
        select(Reflection)
        .where(Reflection.run_id == run.id, Reflection.user_id == person.id)
        .execution_options(populate_existing=True)
    )
    assert reflection is not None
    _complete_items(person, run)
    return reflection


def rubric_of(run: Run) -> Rubric | None:
    return Rubric.from_json(run.rubric) if run.rubric else None


def grade_reflection(
    trainer: User, reflection: Reflection, levels: list[int], comment: str
) -> None:
    """Grade a reflection against the run's rubric: one level per criterion; evidence follows."""
    if not can_run(trainer):
        raise SimulationError(_l("Only trainers grade reflections."))
    run = db.session.get_one(Run, reflection.run_id)
    rubric = rubric_of(run)
    if rubric is None:
        raise SimulationError(_l("This run has no rubric."))
    if len(levels) != len(rubric.criteria) or not all(0 <= i < len(rubric.levels) for i in levels):
        raise SimulationError(_l("Choose one level for every criterion."))
    graded = db.session.execute(
        update(Reflection)
        .where(Reflection.id == reflection.id, Reflection.graded_at.is_(None))
        .values(
            levels=levels,
            points=rubric.points(levels),
            max_points=rubric.max_points,
            comment=(comment or "").replace("\x00", "").strip()[:4000],
            graded_by_id=trainer.id,
            graded_at=utcnow(),
        )
        .returning(Reflection.id)
    ).scalar()
    if graded is None:
        raise SimulationError(_l("This reflection has been graded already."))
    db.session.refresh(reflection)
    level = evidence_level(reflection.points or 0, reflection.max_points or 0)
    for competency in _competencies(run):
        record_evidence(
            reflection.user,
            competency,
            level,
            "simulation_reflection",
            source_id=reflection.id,
            recorded_by=trainer,
            note=f"Simulation reflection: {run.title}",
        )
    record(
        Action.reflection_graded,
        actor=trainer,
        subject_user_id=reflection.user_id,
        country_id=reflection.user.country_id,
        object_type="simulation_reflection",
        object_id=reflection.id,
        details={"points": reflection.points},
    )


def reflections(run: Run) -> list[Reflection]:
    return list(
        db.session.scalars(
            select(Reflection).where(Reflection.run_id == run.id).order_by(Reflection.id)
        )
    )


def learners_for_seating() -> list[User]:
    """People who may be seated: active learners, trainers and focal points, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(True), User.role.in_([Role.learner, Role.focal_point, Role.trainer])
            )
            .order_by(User.name)
            .limit(500)
        )
    )
