"""A country's negotiators finish a lesson at the same moment, some with a double click."""

from __future__ import annotations

from cartif_lms.learning.models import Completion, TrackCompletion
from tests.concurrency.checks import assert_rollups_match_a_rebuild, count
from tests.concurrency.conftest import at_once

LESSON = "/tracks/drafting-dive/brackets/reading"  # the only lesson of its track
LEARNERS = 6


def test_a_countrys_learners_finishing_a_lesson_at_once_are_each_counted_once(
    curriculum, make_user, browsers
):
    learners = [make_user(country="KZ") for _ in range(LEARNERS)]
    tabs = browsers(learners)
    clicks = [tab.ready_to_post(f"{LESSON}/complete", {}, page=LESSON) for tab in tabs]

    replies = at_once(*clicks, *clicks)  # everyone clicks twice

    assert [r.status for r in replies] == [302] * 2 * LEARNERS
    ids = [learner.id for learner in learners]
    assert count(Completion, Completion.user_id.in_(ids)) == LEARNERS
    assert count(TrackCompletion, TrackCompletion.user_id.in_(ids)) == LEARNERS
    assert_rollups_match_a_rebuild()  # the country's completion count says six, not twelve
