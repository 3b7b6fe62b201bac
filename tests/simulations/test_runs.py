"""A run from start to debrief, through the services: the rules a table of delegations lives by."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cartif_lms import db
from cartif_lms.capacity.models import Evidence
from cartif_lms.db import utcnow
from cartif_lms.learning.models import Completion
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Acceptance, Move, MoveKind, Round, RunStatus
from cartif_lms.simulations.services import SimulationError
from tests.simulations.conftest import round_of

#: The best joint package (220): Alfa 70, Bravo 60, Coco 90, each above its fallback.
BEST = {1: "b", 2: "a", 3: "b"}


def agree_on(run, seats, options):
    first, *others = seats.values()
    package = services.propose_package(first, round_of(run), options)
    for seat in others:
        services.accept_package(seat, package.id, round_of(run))
    db.session.commit()
    return package


def test_a_run_copies_its_scenario_and_schedules_its_rounds(run, scenario):
    assert [d.key for d in run.delegations] == ["alfa", "bravo", "coco"]
    assert run.text == scenario.text
    assert run.issues == scenario.issues
    assert [r.number for r in run.rounds] == [1, 2]
    assert run.rounds[1].deadline - run.rounds[0].deadline == timedelta(hours=24)
    scenario.issues = []  # a later sync changes the scenario, never the run
    db.session.commit()
    assert len(services.issues_of(run)) == 3


def test_automatic_seating_never_puts_anyone_in_their_own_countrys_delegation(
    run, trainer, make_user
):
    kazakhs = [make_user(country="KZ") for _ in range(4)]
    others = [make_user(country="GE") for _ in range(2)]

    plan = services.assign_automatically(run, kazakhs + others, trainer, seed=3)
    db.session.commit()

    alfa = next(d for d in run.delegations if d.key == "alfa")
    assert alfa.country_code == "KZ"
    assert all(plan[p.id].id != alfa.id for p in kazakhs)
    assert sorted(len([p for p in plan.values() if p.id == d.id]) for d in run.delegations) == [
        2,
        2,
        2,
    ]


def test_positions_are_current_per_issue_and_every_move_is_on_the_timeline(run, seats):
    alfa = seats["alfa"]
    services.propose_positions(alfa, round_of(run), {1: "a", 3: "b"})
    services.propose_positions(alfa, round_of(run), {1: "b"})
    db.session.commit()

    assert services.positions(run)[alfa.delegation_id] == {1: "b", 3: "b"}
    kinds = [m.kind for m in db.session.scalars(select(Move).where(Move.run_id == run.id))]
    assert kinds == [MoveKind.position] * 3


def test_an_option_that_is_not_in_the_issue_is_refused_and_nothing_changes(run, seats):
    with pytest.raises(SimulationError, match="not an option of issue 2"):
        services.propose_positions(seats["alfa"], round_of(run), {1: "a", 2: "c"})
    db.session.rollback()
    with pytest.raises(SimulationError, match="Issue 9 is not in this text"):
        services.propose_positions(seats["alfa"], round_of(run), {9: "a"})
    db.session.rollback()
    assert services.positions(run) == {}


def test_a_proposal_after_its_rounds_deadline_is_refused(run, seats):
    db.session.execute(
        update(Round)
        .where(Round.run_id == run.id, Round.number == 1)
        .values(deadline=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    db.session.refresh(run)

    with pytest.raises(SimulationError, match="Round 1 closed at its deadline"):
        services.propose_positions(seats["alfa"], 1, {1: "a"})
    db.session.rollback()
    assert services.positions(run) == {}
    services.propose_positions(seats["alfa"], 2, {1: "a"})  # round 2 takes it


def test_the_chair_closes_a_bracket_only_when_every_delegation_holds_one_option(
    run, seats, trainer
):
    for key, option in (("alfa", "a"), ("bravo", "a"), ("coco", "b")):
        services.propose_positions(seats[key], round_of(run), {3: option})
    with pytest.raises(SimulationError, match="stays open"):
        services.close_issue(trainer, run, 3, round_of(run))
    services.propose_positions(seats["coco"], round_of(run), {3: "a"})

    assert services.close_issue(trainer, run, 3, round_of(run)) == "a"
    db.session.commit()

    assert services.closures(run) == {3: "a"}
    assert "[shall / shall endeavour to]" not in services.consolidated_text(run)
    assert "The Parties shall exchange transit data." in services.consolidated_text(run)
    assert "[AL: no fees" in services.consolidated_text(run)  # issue 1 is still open
    with pytest.raises(SimulationError, match="Only the chair"):
        services.close_issue(seats["alfa"].user, run, 1, round_of(run))


def test_a_package_must_keep_the_closed_brackets_and_name_every_issue(run, seats, trainer):
    for seat in seats.values():
        services.propose_positions(seat, round_of(run), {3: "a"})
    services.close_issue(trainer, run, 3, round_of(run))
    with pytest.raises(SimulationError, match="every issue"):
        services.propose_package(seats["alfa"], round_of(run), {1: "a", 2: "a"})
    with pytest.raises(SimulationError, match="closed on option a"):
        services.propose_package(seats["alfa"], round_of(run), {1: "a", 2: "a", 3: "b"})


def test_agreement_when_every_delegation_accepts_one_package_and_each_scores_it(run, seats):
    package = agree_on(run, seats, BEST)

    assert run.status is RunStatus.agreed
    assert run.agreed_package_id == package.id
    scores = {s.delegation.key: (s.points, s.fallback) for s in services.scores(run)}
    assert scores == {"alfa": (70, 30), "bravo": (60, 30), "coco": (90, 20)}
    with pytest.raises(SimulationError, match="ended"):
        services.propose_positions(seats["alfa"], 2, {1: "a"})


def test_accepting_twice_counts_once(run, seats):
    package = services.propose_package(seats["alfa"], round_of(run), BEST)
    services.accept_package(seats["bravo"], package.id, round_of(run))
    services.accept_package(seats["bravo"], package.id, round_of(run))
    db.session.commit()
    accepted = db.session.scalar(
        select(func.count()).select_from(Acceptance).where(Acceptance.package_id == package.id)
    )
    assert accepted == 2
    assert run.status is RunStatus.open


def test_a_package_of_another_run_is_refused(run, seats, scenario, trainer):
    other = services.start_run(trainer, scenario, "Another table")
    outsider = services.seat(other, other.delegations[0], seats["alfa"].user, trainer)
    foreign = services.propose_package(outsider, 1, BEST)
    db.session.commit()

    with pytest.raises(SimulationError, match="not on this run's table"):
        services.accept_package(seats["bravo"], foreign.id, round_of(run))


def test_the_last_deadline_without_agreement_ends_the_run_at_the_fallbacks(run, seats):
    db.session.execute(
        update(Round).where(Round.run_id == run.id).values(deadline=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    db.session.refresh(run)

    services.settle(run)
    db.session.commit()

    assert run.status is RunStatus.no_agreement
    assert [s.points for s in services.scores(run)] == [30, 30, 20]
    levels = db.session.scalars(select(Evidence.level).where(Evidence.source == "simulation"))
    assert sorted(levels) == [1] * 6  # three people, two competencies: taking part


def test_an_agreement_near_the_best_joint_outcome_is_evidence_at_level_2(run, seats):
    agree_on(run, seats, BEST)
    rows = db.session.scalars(select(Evidence).where(Evidence.source == "simulation")).all()
    assert {r.level for r in rows} == {2}
    assert len(rows) == 6


def test_an_agreement_far_from_it_is_evidence_of_taking_part_only(run, seats):
    agree_on(run, seats, {1: "b", 2: "a", 3: "a"})  # 180 of 220: above fallbacks, under 90 %
    rows = db.session.scalars(select(Evidence).where(Evidence.source == "simulation")).all()
    assert {r.level for r in rows} == {1}
    assert len(rows) == 6


def test_the_debrief_compares_the_result_with_the_whole_issue_space(run, seats):
    agree_on(run, seats, {1: "a", 2: "b", 3: "b"})  # Alfa 90, Bravo 50, Coco 40

    result = services.debrief(run)

    assert result.joint == 180
    assert result.analysis.packages == 12
    assert result.analysis.best_joint.joint == 220
    assert result.analysis.best_joint.package == BEST
    assert result.analysis.dominated_by == 0  # nobody could gain without another losing
    # Alfa had its way on fees (issue 1) and gave way on the guarantee (2), Bravo the reverse.
    assert any(
        (t.first.key, t.second.key, t.first_gained.number, t.second_gained.number)
        == ("alfa", "bravo", 1, 2)
        for t in result.trades
    )


def test_a_dominated_agreement_is_reported_with_the_better_package(run, seats):
    agree_on(run, seats, {1: "c", 2: "a", 3: "a"})  # Alfa 30, Bravo 40, Coco 70

    analysis = services.debrief(run).analysis

    assert analysis.result.joint == 140
    assert analysis.dominated_by == 1  # only the best package is better for all three
    assert analysis.best_dominating.package == BEST


def test_a_graded_reflection_completes_the_item_and_becomes_evidence(run, seats, trainer):
    agree_on(run, seats, BEST)
    person = seats["alfa"].user
    with pytest.raises(SimulationError, match="200 to 6000"):
        services.submit_reflection(person, run, "Too short.")
    reflection = services.submit_reflection(person, run, "We traded fees for the guarantee. " * 8)
    db.session.commit()

    completions = db.session.scalar(
        select(func.count()).select_from(Completion).where(Completion.user_id == person.id)
    )
    assert completions == 1
    services.grade_reflection(trainer, reflection, [2, 2, 1, 0], "Good analysis of the trade.")
    db.session.commit()
    assert reflection.points == 3 + 3 + 2 + 1
    assert reflection.max_points == 12
    evidence = db.session.scalars(
        select(Evidence).where(Evidence.source == "simulation_reflection")
    ).all()
    assert {e.level for e in evidence} == {2}  # 9 of 12 points: 75 %
    with pytest.raises(SimulationError, match="graded already"):
        services.grade_reflection(trainer, reflection, [2, 2, 2, 2], "Again.")
