"""Demo simulation runs: one finished with its debrief (the SPS equivalence scenario, agreed
ten days ago, a reflection graded and one waiting), and one under way (the transit scenario,
in its first round, with positions, statements, a private message and a package on the table).

Moves are made through the services, as participants would make them, then the finished run
is moved back in time, so its timeline reads as it would have.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..auth.services import find_user_by_email
from ..simulations import services
from ..simulations.models import Move, Package, Reflection, Round, Run, Scenario, Seat
from .accounts import DEMO_DOMAIN

FINISHED = "sps-equivalence-and-recognition"
UNDER_WAY = "transit-and-border-procedures"
REFLECTION = (
    "Our delegation's priority was the deadline for a decision on equivalence, and we were "
    "ready to give way on how certificates are accepted, which mattered less to us than to "
    "the importer. We only saw that trade in the second round, after the importer's statement "
    "at the table; before that we argued every issue as if it weighed the same. We also found "
    "late that all three delegations preferred technical consultations before any suspension, "
    "although the draft still showed another option: nobody had asked. For our Working Group "
    "I will prepare a table of our priorities and our fallback before the first round."
)


def load_demo_simulations() -> None:
    """Add the two demo runs once (skipped when any run exists or a scenario is missing)."""
    trainer = find_user_by_email(f"trainer@{DEMO_DOMAIN}")
    finished = services.scenario_by_slug(FINISHED)
    under_way = services.scenario_by_slug(UNDER_WAY)
    if trainer is None or finished is None or under_way is None:
        return
    if db.session.scalars(select(Run.id).limit(1)).first():
        return
    _finished(trainer, finished)
    _under_way(trainer, under_way)


def _people(*slugs: str) -> list[User]:
    found = [find_user_by_email(f"{slug}@{DEMO_DOMAIN}") for slug in slugs]
    return [person for person in found if person is not None]


def _finished(trainer: User, scenario: Scenario) -> None:
    run = services.start_run(trainer, scenario, "SPS deep dive: equivalence role play")
    seats = [
        services.seat(run, delegation, person, trainer)
        for delegation, person in zip(
            run.delegations, _people("expert.kz", "learner.kg", "learner.ge"), strict=False
        )
    ]
    if len(seats) < len(run.delegations):
        return
    exporter, importer, middle = seats
    services.propose_positions(exporter, 1, {1: "a", 2: "a", 3: "a", 6: "a"})
    services.propose_positions(importer, 1, {1: "c", 2: "c", 3: "c", 6: "c"})
    services.propose_positions(middle, 1, {1: "b", 4: "b", 5: "d", 6: "a"})
    services.make_statement(
        importer, 1, "We can look again at the time limit if certificates stay our decision."
    )
    services.send_message(
        exporter, 1, middle.delegation, "Would you support joint audits if we back 180 days?"
    )
    services.propose_positions(importer, 1, {6: "a"})
    agreed = {1: "b", 2: "a", 3: "c", 4: "b", 5: "d", 6: "a"}
    package = services.propose_package(middle, 1, agreed)
    services.accept_package(exporter, package.id, 1)
    services.accept_package(importer, package.id, 1)
    services.comment_on(
        trainer,
        run,
        "A strong result: the deadline was traded for the certificates clause, and the "
        "compatible issue (consultations before suspension) was found in the first round.",
    )
    graded = services.submit_reflection(exporter.user, run, REFLECTION)
    services.submit_reflection(middle.user, run, REFLECTION.replace("importer", "exporter"))
    db.session.flush()
    services.grade_reflection(
        trainer, graded, [2, 2, 1, 2], "Clear on priorities and the trade; say more about process."
    )
    _move_back(run, timedelta(days=10))


def _move_back(run: Run, by: timedelta) -> None:
    """Shift the run's dates back, as if it had been played ``by`` ago (a few dozen rows; in
    Python, since SQLite keeps dates as text)."""
    db.session.flush()
    dated = (
        (Move, "created_at"),
        (Package, "created_at"),
        (Round, "deadline"),
        (Reflection, "submitted_at"),
        (Reflection, "graded_at"),
    )
    for model, name in dated:
        for row in db.session.scalars(select(model).where(model.run_id == run.id)):
            if getattr(row, name) is not None:
                setattr(row, name, getattr(row, name) - by)
    run.created_at -= by
    if run.ended_at is not None:
        run.ended_at -= by


def _under_way(trainer: User, scenario: Scenario) -> None:
    run = services.start_run(trainer, scenario, "Transit article: Working Group practice round")
    people = _people("learner.mn", "learner.af", "learner.kz", "learner.tj", "learner.uz")
    seats: list[Seat] = [
        services.seat(run, delegation, person, trainer)
        for delegation, person in zip(run.delegations, people, strict=False)
    ]
    if len(seats) < 2:
        return
    services.propose_positions(seats[0], 1, {1: "a", 2: "a", 3: "a"})
    services.propose_positions(seats[1], 1, {1: "c", 4: "a"})
    services.make_statement(
        seats[0], 1, "Our fresh produce cannot wait at the border: checks must follow risk."
    )
    services.send_message(seats[1], 1, seats[0].delegation, "Can we talk about guarantees?")
    issues = services.issues_of(run)
    services.propose_package(seats[0], 1, {i.number: i.keys[0] for i in issues})
