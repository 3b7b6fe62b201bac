"""The drafting workbench under double clicks, two tabs and a busy exercise."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.capacity.models import Evidence, EvidenceSource
from cartif_lms.drafting.models import (
    DraftReview,
    DraftStatus,
    DraftSubmission,
    DraftVersion,
    ReviewKind,
)
from cartif_lms.drafting.services import save_draft, submit_draft
from cartif_lms.learning.models import Completion
from tests.concurrency.checks import assert_rollups_match_a_rebuild, count, fresh_look
from tests.concurrency.conftest import at_once
from tests.drafting.conftest import CLEAN

RUBRIC = {
    "level_0": "2",
    "comment_0": "All closed.",
    "level_1": "1",
    "comment_1": "One slip.",
    "comment": "Nearly there.",
}
SUBMIT = {"text": CLEAN, "submit": "Submit for review"}


def workbench(exercise) -> str:
    return f"/drafting/{exercise.id}"


def submitted(make_user, exercise, country):
    learner = make_user(country=country)
    version = submit_draft(learner, exercise, CLEAN)
    db.session.commit()
    return learner, version


def statuses(replies) -> list[int]:
    """The status codes, sorted: [200, 302] is one success and one page saying why not."""
    return sorted(r.status for r in replies)


def refusal(replies) -> str:
    """The page the request that came second got back."""
    return next(r.text for r in replies if r.status == 200)


def versions_of(learner) -> list[DraftVersion]:
    fresh_look()
    return list(
        db.session.scalars(
            select(DraftVersion).join(DraftSubmission).where(DraftSubmission.user_id == learner.id)
        )
    )


def test_submit_for_review_pressed_twice_freezes_one_version(exercise, make_user, browser):
    submitted(make_user, exercise, "GE")  # a peer from another country, to review it
    learner = make_user(country="KZ")
    save_draft(learner, exercise, CLEAN)
    db.session.commit()
    press = browser(learner).ready_to_post(workbench(exercise), SUBMIT)

    replies = at_once(press, press)

    assert statuses(replies) == [200, 302]
    assert "This draft is already waiting for review." in refusal(replies)
    (version,) = versions_of(learner)
    assert version.number == 1
    assert version.submission.status is DraftStatus.submitted
    assert [r.kind for r in version.reviews] == [ReviewKind.peer]


def test_a_first_ever_submit_sent_twice_makes_one_draft_and_one_version(
    exercise, make_user, browser
):
    learner = make_user(country="KZ")
    press = browser(learner).ready_to_post(workbench(exercise), SUBMIT)

    replies = at_once(press, press)

    assert statuses(replies) == [200, 302]
    assert "This draft is already waiting for review." in refusal(replies)
    assert count(DraftSubmission, DraftSubmission.user_id == learner.id) == 1
    assert [v.number for v in versions_of(learner)] == [1]


def test_negotiators_submitting_one_exercise_at_once_each_get_one_peer_reviewer(
    exercise, make_user, browsers
):
    learners = [make_user(country=country) for country in ("KZ", "GE") * 3]
    presses = [tab.ready_to_post(workbench(exercise), SUBMIT) for tab in browsers(learners)]

    replies = at_once(*presses)

    assert statuses(replies) == [302] * len(learners)
    fresh_look()
    for learner in learners:
        (version,) = versions_of(learner)
        (review,) = version.reviews
        reviewer = db.session.get(type(learner), review.reviewer_id)
        assert reviewer.country_id != learner.country_id


def test_a_peer_review_sent_twice_is_kept_once(exercise, make_user, browser):
    _author, version = submitted(make_user, exercise, "KZ")
    reviewer, _ = submitted(make_user, exercise, "GE")
    fresh_look()
    review = db.session.scalar(
        select(DraftReview).where(
            DraftReview.version_id == version.id, DraftReview.reviewer_id == reviewer.id
        )
    )
    tab = browser(reviewer)
    page = f"/drafting/reviews/{review.id}"
    sends = [
        tab.ready_to_post(page, {**RUBRIC, "comment": comment})
        for comment in ("From the first tab.", "From the second tab.")
    ]

    replies = at_once(*sends)

    assert statuses(replies) == [200, 302]
    assert "You sent this review." in refusal(replies)
    fresh_look()
    kept = db.session.get(DraftReview, review.id)
    assert kept.completed_at is not None
    assert kept.comment in ("From the first tab.", "From the second tab.")
    assert count(DraftReview, DraftReview.version_id == version.id) == 1


def test_a_trainers_accept_submitted_twice_records_one_review_and_its_evidence(
    exercise, make_user, browser
):
    author, version = submitted(make_user, exercise, "KZ")
    page = f"/trainer/drafts/{version.id}"
    accept = browser(make_user(role="trainer", country=None)).ready_to_post(
        page, {**RUBRIC, "decision": "accept"}
    )

    replies = at_once(accept, accept)

    assert statuses(replies) == [200, 302]
    assert "This version is not waiting for review." in refusal(replies)
    assert count(DraftReview, DraftReview.kind == ReviewKind.trainer) == 1
    assert count(
        Evidence, Evidence.user_id == author.id, Evidence.source == EvidenceSource.drafting
    ) == len(exercise.competencies)
    assert count(Completion, Completion.user_id == author.id) == 1
    assert db.session.get(DraftSubmission, version.submission_id).status is DraftStatus.accepted
    assert_rollups_match_a_rebuild()


def test_two_trainers_deciding_one_version_at_once_leave_one_decision(exercise, make_user, browser):
    author, version = submitted(make_user, exercise, "KZ")
    page = f"/trainer/drafts/{version.id}"
    decisions = [
        browser(make_user(role="trainer", country=None)).ready_to_post(
            page, {**RUBRIC, "decision": decision}
        )
        for decision in ("accept", "revise")
    ]

    replies = at_once(*decisions)

    assert statuses(replies) == [200, 302]
    assert "This version is not waiting for review." in refusal(replies)
    fresh_look()
    (review,) = db.session.scalars(
        select(DraftReview).where(DraftReview.kind == ReviewKind.trainer)
    ).all()
    status = db.session.get(DraftSubmission, version.submission_id).status
    evidence = count(Evidence, Evidence.user_id == author.id)
    if review.decision.value == "accept":
        assert (status, evidence) == (DraftStatus.accepted, len(exercise.competencies))
    else:
        assert (status, evidence) == (DraftStatus.revise, 0)
