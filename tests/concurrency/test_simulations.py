"""The last two delegations accept at the same moment: one agreement, recorded once."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit.models import AuditEntry
from cartif_lms.capacity.models import Evidence
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Acceptance, Run, RunStatus
from tests.concurrency.checks import assert_rollups_match_a_rebuild, count, fresh_look
from tests.concurrency.conftest import at_once
from tests.simulations.conftest import run as run  # the fixtures
from tests.simulations.conftest import scenario as scenario
from tests.simulations.conftest import seats as seats
from tests.simulations.conftest import trainer as trainer

BEST = {1: "b", 2: "a", 3: "b"}
OTHER = {1: "b", 2: "a", 3: "a"}


def accept_at_once(run, seats, browsers, packages):
    """Bravo accepts the first package and Coco the last, both at once."""
    tabs = browsers([seats["bravo"].user, seats["coco"].user])
    page = f"/simulations/runs/{run.id}"
    clicks = [
        tab.ready_to_post(f"{page}/packages/{package.id}/accept", {"round": "1"}, page=page)
        for tab, package in zip(tabs, packages, strict=True)
    ]
    return at_once(*clicks)


def test_two_acceptances_at_once_give_one_agreement(run, seats, browsers):
    package = services.propose_package(seats["alfa"], 1, BEST)
    db.session.commit()

    replies = accept_at_once(run, seats, browsers, [package, package])

    assert sorted(r.status for r in replies) == [302, 302]
    fresh_look()
    agreed = db.session.get(Run, run.id)
    assert agreed.status is RunStatus.agreed
    assert agreed.agreed_package_id == package.id
    assert count(Acceptance, Acceptance.package_id == package.id) == 3
    ended = AuditEntry.action == "simulation_ended"
    assert count(AuditEntry, ended, AuditEntry.object_id == run.id) == 1
    assert count(Evidence, Evidence.source == "simulation") == 6  # 3 people x 2 competencies
    assert_rollups_match_a_rebuild()


def test_the_last_acceptances_of_two_packages_at_once_give_one_agreement(run, seats, browsers):
    first = services.propose_package(seats["alfa"], 1, BEST)
    second = services.propose_package(seats["alfa"], 1, OTHER)
    services.accept_package(seats["coco"], first.id, 1)
    services.accept_package(seats["bravo"], second.id, 1)
    db.session.commit()

    # Bravo completes the first package, Coco the second: only one may become the agreement.
    accept_at_once(run, seats, browsers, [first, second])

    fresh_look()
    agreed = db.session.get(Run, run.id)
    assert agreed.status is RunStatus.agreed
    assert agreed.agreed_package_id in (first.id, second.id)
    ended = AuditEntry.action == "simulation_ended"
    assert count(AuditEntry, ended, AuditEntry.object_id == run.id) == 1
    # The one that came second found the run agreed and was refused: it left no acceptance.
    loser = second if agreed.agreed_package_id == first.id else first
    assert count(Acceptance, Acceptance.package_id == loser.id) == 2
    levels = db.session.scalars(select(Evidence.level).where(Evidence.source == "simulation"))
    assert len(list(levels)) == 6
