"""Trainers assess a country's negotiators at the same moment: every assessment counts."""

from __future__ import annotations

from datetime import date

from cartif_lms import db
from cartif_lms.capacity.models import Evidence, EvidenceSource, GapRollup
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from tests.capacity.conftest import competency
from tests.concurrency.checks import assert_rollups_match_a_rebuild, count, fresh_look
from tests.concurrency.conftest import at_once

PEOPLE = 8


def test_trainers_assessing_one_countrys_negotiators_at_once_lose_nothing(
    curriculum, make_user, browsers
):
    kazakhstan = country_by_code("KZ")
    negotiators = []
    for _ in range(PEOPLE):
        person = make_user(country="KZ")
        designate(
            person,
            kazakhstan,
            DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
        )
        negotiators.append(person)
    db.session.commit()
    negotiation = competency("XC.NEGOTIATION")
    trainers = browsers([make_user(role="trainer", country=None) for _ in negotiators])
    assessments = [
        trainer.ready_to_post(
            "/capacity/assess",
            {
                "email": person.email,
                "competency": negotiation.id,
                "level": 3,
                "note": "Led the TF round in the simulation.",
            },
        )
        for trainer, person in zip(trainers, negotiators, strict=True)
    ]

    replies = at_once(*assessments)

    assert [r.status for r in replies] == [302] * PEOPLE
    assert count(Evidence, Evidence.source == EvidenceSource.assessment) == PEOPLE
    fresh_look()
    gap = db.session.get(GapRollup, (kazakhstan.id, negotiation.id))
    # All eight chief negotiators now reach the level 3 they need.
    assert (gap.designated, gap.at_target, gap.gap_sum) == (PEOPLE, PEOPLE, 0)
    assert_rollups_match_a_rebuild()
