"""``lms demo`` leaves one simulation run finished, with its debrief, and one under way."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Reflection, Run, RunStatus


def test_one_run_is_agreed_with_a_graded_reflection_and_one_is_under_way(demo):
    runs = {run.scenario.slug: run for run in db.session.scalars(select(Run))}
    finished = runs["sps-equivalence-and-recognition"]
    under_way = runs["transit-and-border-procedures"]

    assert finished.status is RunStatus.agreed
    result = services.debrief(finished)
    assert all(score.surplus > 0 for score in result.scores)
    assert result.joint == result.analysis.best_joint.joint  # the helper's best package: 225
    assert result.analysis.dominated_by == 0
    reflections = db.session.scalars(
        select(Reflection).where(Reflection.run_id == finished.id)
    ).all()
    assert sorted(r.graded_at is not None for r in reflections) == [False, True]
    assert finished.ended_at < under_way.created_at  # played days ago

    assert under_way.status is RunStatus.open
    assert services.current_round(under_way).number == 1
    assert len(services.open_packages(under_way)) == 1
    assert services.positions(under_way)
