"""Scale data: deterministic per seed, and a small run fills every table the dashboards read."""

from collections import defaultdict

import pytest
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.auth.models import Role, User
from cartif_lms.capacity.models import AreaProgress, AttainedLevel, Evidence, GapRollup
from cartif_lms.content.models import Item, Module
from cartif_lms.content.sync import sync_content
from cartif_lms.demo.synthetic import (
    BASE,
    SCALE_PASSWORD,
    Curriculum,
    TrackInfo,
    generate_scale_data,
    load_curriculum,
    plan,
)
from cartif_lms.directory.models import Country, Designation, DesignationKind, NegotiatingArea
from cartif_lms.learning.models import Completion, TrackCompletion
from cartif_lms.resources import shipped_content_dir

LEARNERS = 40
SEED = 7


def synthetic_curriculum() -> Curriculum:
    """A curriculum that needs no database: two cross-cutting tracks, three deep dives."""
    areas = (("TF", 1), ("SPS", 2), ("DT", 3))
    tracks = (
        TrackInfo(1, "basics", "modular", None, tuple(range(100, 112))),
        TrackInfo(2, "drafting", "modular", None, tuple(range(200, 209))),
        *(
            TrackInfo(
                3 + n, f"deep-{code}", "workshop", code, tuple(range(300 + 10 * n, 306 + 10 * n))
            )
            for n, (code, _id) in enumerate(areas)
        ),
    )
    return Curriculum(
        countries=tuple((code, n) for n, code in enumerate(("AF", "CN", "KZ", "PK", "UZ"), 1)),
        areas=areas,
        tracks=tracks,
        competencies=((1, None), (2, "TF"), (3, "SPS"), (4, "DT")),
    )


def sync_shipped() -> None:
    sync_content(shipped_content_dir())
    db.session.commit()


def test_the_plan_depends_only_on_the_seed():
    curriculum = synthetic_curriculum()
    first = plan(60, 3, curriculum)
    assert first == plan(60, 3, curriculum)
    other = plan(60, 4, curriculum)
    assert other != first
    assert [u["name"] for u in other.users] != [u["name"] for u in first.users]
    assert first.completions
    assert first.evidence
    assert first.designations
    assert all(row["completed_at"] < BASE for row in first.completions)
    assert all(row["observed_at"] < BASE for row in first.evidence)


def test_the_plan_follows_reading_order_without_duplicates():
    curriculum = synthetic_curriculum()
    result = plan(60, 3, curriculum)
    order = {item: n for n, item in enumerate(i for t in curriculum.tracks for i in t.items)}
    by_learner = defaultdict(list)
    for row in result.completions:
        by_learner[row["user_id"]].append(row)
    pairs = [(row["user_id"], row["item_id"]) for row in result.completions]
    assert len(pairs) == len(set(pairs))
    for rows in by_learner.values():
        times = [row["completed_at"] for row in rows]
        assert times == sorted(times)
        assert len(set(times)) == len(times)
        assert all(row["started_at"] < row["completed_at"] for row in rows)
        # cross-cutting tracks come first, in their order, each from its first item
        crosscutting = [row["item_id"] for row in rows if row["item_id"] < 300]
        assert crosscutting == sorted(crosscutting, key=order.__getitem__)


def test_without_extra_workshops_a_learner_takes_only_their_own_deep_dive():
    result = plan(30, 5, synthetic_curriculum(), rows_per_learner=0)
    deep_dives = defaultdict(set)
    for row in result.completions:
        if row["item_id"] >= 300:
            deep_dives[row["user_id"]].add(row["item_id"] // 10)
    assert deep_dives
    assert all(len(tracks) == 1 for tracks in deep_dives.values())


def test_generation_needs_a_curriculum(app):
    with pytest.raises(ValueError, match="curriculum"):
        generate_scale_data(5, SEED)


def test_a_small_run_fills_the_database(app):
    sync_shipped()
    report = generate_scale_data(LEARNERS, SEED)
    db.session.commit()

    learners = db.session.scalars(
        select(User).where(User.email.like(f"scale{SEED}-%@scale.cartif-lms.org"))
    ).all()
    assert report.learners == len(learners) == LEARNERS
    assert {u.role for u in learners} == {Role.learner}
    assert learners[0].check_password(SCALE_PASSWORD)
    countries = db.session.scalar(select(func.count()).select_from(Country))
    assert countries == 11
    assert len({u.country_id for u in learners}) == countries

    designations = db.session.scalars(select(Designation)).all()
    assert report.designations == len(designations) > 0
    kinds = {d.kind for d in designations}
    assert {DesignationKind.chief_negotiator, DesignationKind.lead_negotiator} <= kinds
    countries_of = {u.id: u.country_id for u in learners}
    covered = {
        (countries_of[d.user_id], d.area_id)
        for d in designations
        if d.kind is DesignationKind.lead_negotiator
    }
    areas = db.session.scalars(select(NegotiatingArea.id)).all()
    assert len(covered) < countries * len(areas), "some (country, area) should lack a lead"

    pairs = db.session.execute(select(Completion.user_id, Completion.item_id)).all()
    assert report.completions == len(pairs) == len(set(pairs))
    assert len(pairs) > LEARNERS * 50
    item_count = db.session.scalar(
        select(func.count()).select_from(Item).join(Module).where(Item.retired_at.is_(None))
    )
    assert len(pairs) <= LEARNERS * item_count
    assert db.session.scalar(select(func.count()).select_from(TrackCompletion)) == (
        report.track_completions
    )
    assert report.track_completions > 0
    evidence = db.session.scalars(select(Evidence)).all()
    assert report.evidence == len(evidence) >= LEARNERS
    assert {"quiz", "drafting"} <= {e.source for e in evidence}

    for model in (AreaProgress, GapRollup, AttainedLevel):
        assert db.session.scalar(select(func.count()).select_from(model)) > 0
    progress = db.session.scalar(select(func.sum(AreaProgress.items_done)))
    assert progress == report.completions


def test_the_database_rows_match_the_plan(app):
    sync_shipped()
    curriculum = load_curriculum()
    expected = plan(12, SEED, curriculum)
    generate_scale_data(12, SEED)
    names = db.session.scalars(
        select(User.name).where(User.email.like(f"scale{SEED}-%")).order_by(User.email)
    ).all()
    assert names == [row["name"] for row in expected.users]
    assert db.session.scalar(select(func.count()).select_from(Completion)) == len(
        expected.completions
    )
    times = db.session.scalars(select(Completion.completed_at).order_by(Completion.completed_at))
    assert list(times) == sorted(row["completed_at"] for row in expected.completions)


def test_the_same_seed_cannot_run_twice(app):
    sync_shipped()
    generate_scale_data(3, SEED)
    db.session.commit()
    with pytest.raises(ValueError, match="exists already"):
        generate_scale_data(3, SEED)
    generate_scale_data(3, SEED + 1)


def test_the_demo_command_generates_scale_data_for_a_seed(runner):
    from cartif_lms.resources import shipped_content_dir

    assert (
        runner.invoke(args=["lms", "sync", "--content-dir", str(shipped_content_dir())]).exit_code
        == 0
    )
    first = runner.invoke(args=["lms", "demo", "--learners", "12", "--seed", "5"])
    again = runner.invoke(args=["lms", "demo", "--learners", "12", "--seed", "5"])
    assert first.exit_code == 0, first.output
    assert "12" in first.output
    assert again.exit_code == 1
    assert "exists already" in again.output
