"""Evidence turns into levels, levels against targets into gaps, gaps into TA needs."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.capacity import rollups
from cartif_lms.capacity.evidence import EvidenceError, quiz_level, record_evidence
from cartif_lms.capacity.models import (
    AreaProgress,
    AttainedLevel,
    GapRollup,
    NeedStatus,
    TANeed,
)
from cartif_lms.capacity.services import (
    gap_rows,
    generate_needs,
    my_competencies,
    need_priority,
    person_gaps,
    record_readiness,
    set_need_status,
    uncovered_designations,
)
from cartif_lms.db import utcnow
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from tests.capacity.conftest import competency
from tests.sql import Statement, recorded_statements


def gap(country: str, code: str) -> GapRollup:
    return db.session.get(GapRollup, (country_by_code(country).id, competency(code).id))


def test_targets_come_from_the_content_files(world):
    from cartif_lms.capacity.models import CompetencyTarget

    assert len(db.session.scalars(select(CompetencyTarget)).all()) == 3


def test_a_lead_negotiator_needs_level_3_in_every_competency_of_their_area(world):
    transit = gap("KZ", "TF.TRANSIT")
    assert (transit.designated, transit.at_target, transit.gap_sum) == (1, 0, 3)
    drafting = gap("KZ", "XC.DRAFTING")
    assert (drafting.designated, drafting.gap_sum) == (1, 2)
    negotiation = gap("KZ", "XC.NEGOTIATION")  # the chief negotiator's target
    assert (negotiation.designated, negotiation.gap_sum) == (1, 3)


def test_evidence_raises_the_attained_level_and_closes_the_gap(world):
    lead = world["kz_lead"]
    record_evidence(lead, competency("TF.TRANSIT"), 2, "quiz")
    assert gap("KZ", "TF.TRANSIT").gap_sum == 1
    record_evidence(lead, competency("TF.TRANSIT"), 3, "assessment", note="Simulation")
    assert (gap("KZ", "TF.TRANSIT").at_target, gap("KZ", "TF.TRANSIT").gap_sum) == (1, 0)
    record_evidence(lead, competency("TF.TRANSIT"), 1, "quiz")
    assert gap("KZ", "TF.TRANSIT").gap_sum == 0, "the highest level counts, not the latest"


def test_evidence_older_than_three_years_no_longer_counts(world):
    lead = world["kz_lead"]
    record_evidence(
        lead,
        competency("TF.TRANSIT"),
        3,
        "assessment",
        observed_at=utcnow() - timedelta(days=365 * 3 + 10),
    )
    assert db.session.get(AttainedLevel, (lead.id, competency("TF.TRANSIT").id)) is None


def test_an_unknown_evidence_source_is_refused(world):
    with pytest.raises(EvidenceError):
        record_evidence(world["kz_lead"], competency("TF.TRANSIT"), 2, "hearsay")


def test_quiz_levels_follow_the_documented_rule():
    assert [quiz_level(s) for s in (1.0, 0.8, 0.79, 0.5, 0.49, 0)] == [2, 2, 1, 1, 0, 0]


def test_person_gaps_and_my_competencies(world):
    lead = world["kz_lead"]
    record_evidence(lead, competency("XC.DRAFTING"), 2, "drafting")
    rows = {(p.name, p.competency): p.gap for p in person_gaps(lead, country_by_code("KZ"))}
    assert rows[("kz_lead", "XC.DRAFTING")] == 0
    assert rows[("kz_lead", "TF.TRANSIT")] == 3
    assert ("kz_chief", "XC.NEGOTIATION") not in rows, "a learner sees only their own records"
    mine = {m.competency.code: (m.target, m.attained) for m in my_competencies(lead)}
    assert mine["TF.TRANSIT"] == (3, 0)
    assert mine["XC.DRAFTING"] == (2, 2)


def test_an_area_without_a_lead_negotiator_is_uncovered(world):
    missing = uncovered_designations(country_by_code("KZ"))
    assert "TF" in missing
    assert [k.value for k in missing["TF"]] == ["technical_expert"]
    assert [k.value for k in missing["SPS"]] == ["lead_negotiator", "technical_expert"]


def test_priority_rises_with_gap_people_accession_and_low_readiness():
    base = need_priority(2.0, 3, acceding=False, readiness=3.0)
    assert base == 6.0
    assert need_priority(2.0, 3, acceding=True, readiness=3.0) == 9.0
    assert need_priority(2.0, 3, acceding=False, readiness=0.0) == 12.0
    assert need_priority(2.0, 3, acceding=False, readiness=None) == 9.0  # not assessed: 1.5


def test_needs_are_regenerated_without_losing_status_or_history(world, make_user):
    analyst = make_user(role="analyst", country=None)
    generate_needs()
    need = db.session.scalar(
        select(TANeed).where(
            TANeed.country_id == country_by_code("KZ").id,
            TANeed.competency_id == competency("TF.TRANSIT").id,
        )
    )
    assert need.priority == need_priority(3.0, 1, False, None)
    set_need_status(analyst, need, NeedStatus.planned, "Regional TF workshop, Q2")
    record_readiness(
        analyst,
        country_by_code("KZ"),
        competency("TF.TRANSIT").area,
        {
            "institutional_coordination": 0,
            "legal_mapping": 0,
            "technical_expertise": 0,
            "negotiating_experience": 0,
        },
        "Low",
    )
    generate_needs()
    db.session.refresh(need)
    assert need.status is NeedStatus.planned
    assert need.note == "Regional TF workshop, Q2"
    assert need.priority == need_priority(3.0, 1, False, 0.0)
    assert [e.status for e in need.events] == [NeedStatus.planned]
    record_evidence(world["kz_lead"], competency("TF.TRANSIT"), 3, "assessment")
    report = generate_needs()
    db.session.refresh(need)
    assert report.closed >= 1
    assert need.closed_at is not None
    assert need.status is NeedStatus.planned


def test_a_revoked_designation_leaves_the_gaps(world):
    from cartif_lms.directory.services import revoke_designation

    lead = world["ge_lead"]
    revoke_designation(country_by_code("GE"), lead.designations[0].id, utcnow())
    assert gap("GE", "TF.TRANSIT") is None


def test_incremental_roll_ups_agree_with_a_rebuild_from_scratch(world, make_user):
    from sqlalchemy import select as sel

    from cartif_lms.content.models import Item
    from cartif_lms.directory.services import revoke_designation
    from cartif_lms.learning.services import mark_complete

    for slug in ("basics/first-steps/mandates", "drafting-dive/brackets/reading"):
        mark_complete(world["kz_lead"], db.session.scalar(sel(Item).where(Item.slug == slug)))
    mark_complete(
        world["ge_lead"],
        db.session.scalar(sel(Item).where(Item.slug == "basics/first-steps/positions")),
    )
    record_evidence(world["kz_chief"], competency("XC.NEGOTIATION"), 2, "quiz")
    record_evidence(world["ge_lead"], competency("TF.TRANSIT"), 3, "assessment")
    # Events that raise, leave, and (through a revocation or a new designation) move cells.
    record_evidence(world["kz_lead"], competency("TF.TRANSIT"), 1, "quiz")
    record_evidence(world["kz_lead"], competency("TF.TRANSIT"), 2, "assessment")
    record_evidence(world["kz_chief"], competency("XC.NEGOTIATION"), 1, "quiz")
    record_evidence(
        world["kz_chief"],
        competency("XC.NEGOTIATION"),
        3,
        "assessment",
        observed_at=utcnow() - timedelta(days=365 * 3 + 10),
    )
    revoke_designation(country_by_code("GE"), world["ge_lead"].designations[0].id, utcnow())
    newcomer = make_user(country="KZ", name="kz_newcomer")
    designate(
        newcomer,
        country_by_code("KZ"),
        DesignationRequest(newcomer.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    record_evidence(newcomer, competency("XC.NEGOTIATION"), 3, "quiz")

    def snapshot():
        db.session.flush()
        return (
            sorted(
                (r.country_id, r.area_key, r.items_done)
                for r in db.session.scalars(sel(AreaProgress))
            ),
            sorted(
                (r.user_id, r.competency_id, r.level)
                for r in db.session.scalars(sel(AttainedLevel))
            ),
            sorted(
                (r.country_id, r.competency_id, r.designated, r.at_target, r.gap_sum)
                for r in db.session.scalars(sel(GapRollup))
            ),
        )

    incremental = snapshot()
    rollups.rebuild_all()
    assert snapshot() == incremental
    assert incremental[0] == sorted(
        [
            (country_by_code("KZ").id, "XC", 1),
            (country_by_code("KZ").id, "TF", 1),
            (country_by_code("GE").id, "XC", 1),
        ]
    )


def test_a_focal_point_sees_only_their_countrys_gap_rows(world, make_user):
    focal = make_user(role="focal_point", country="GE")
    assert {row.country for row in gap_rows(focal)} == {"GE"}


ROLLUP_WRITE = re.compile(
    r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(lms_rollup_gap|lms_rollup_attained)\b', re.I
)


def rollup_writes(seen: list[Statement]) -> list[str]:
    return [s.sql.split("(")[0].strip() for s in seen if ROLLUP_WRITE.match(s.sql)]


def test_evidence_that_changes_no_level_writes_no_roll_up_row(app, world):
    lead = world["kz_lead"]
    record_evidence(lead, competency("TF.TRANSIT"), 2, "assessment")
    db.session.flush()
    with recorded_statements(app) as seen:
        # Lower than the level already attained: the level and the gap stay as they are.
        record_evidence(lead, competency("TF.TRANSIT"), 1, "quiz")
        record_evidence(lead, competency("TF.TRANSIT"), 2, "quiz")
        db.session.flush()
    assert rollup_writes(seen) == []
    assert gap("KZ", "TF.TRANSIT").gap_sum == 1


def test_evidence_that_raises_a_level_upserts_only_its_own_cells(app, world):
    lead = world["kz_lead"]
    record_evidence(lead, competency("TF.TRANSIT"), 1, "quiz")
    db.session.flush()
    with recorded_statements(app) as seen:
        record_evidence(lead, competency("TF.TRANSIT"), 3, "assessment")
        db.session.flush()
    writes = rollup_writes(seen)
    # One upsert of the person's level, one of the country's cell: nothing deleted.
    assert len(writes) == 2
    assert all(w.upper().startswith("INSERT INTO") for w in writes)
    assert (gap("KZ", "TF.TRANSIT").at_target, gap("KZ", "TF.TRANSIT").gap_sum) == (1, 0)
