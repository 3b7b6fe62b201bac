"""Trainers review drafts against the rubric; peers of other countries review anonymously."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.capacity.models import Evidence, EvidenceSource
from cartif_lms.drafting.models import DraftReview, DraftStatus, ReviewKind
from cartif_lms.drafting.services import (
    RubricAnswer,
    evidence_level,
    submit_draft,
    trainer_review,
)
from tests.drafting.conftest import CLEAN

RUBRIC_POST = {
    "level_0": "2",
    "comment_0": "All closed.",
    "level_1": "1",
    "comment_1": "One slip.",
    "comment": "Nearly there.",
}


def submitted(make_user, exercise, country="KZ"):
    learner = make_user(country=country)
    version = submit_draft(learner, exercise, CLEAN)
    db.session.commit()
    return learner, version


def test_the_trainer_accepts_a_draft_and_evidence_is_recorded(
    client, exercise, make_user, login_as, post_form
):
    learner, version = submitted(make_user, exercise)
    login_as(make_user(role="trainer", country=None))
    assert exercise.title in client.get("/trainer/drafts/").get_data(as_text=True)
    response = post_form(f"/trainer/drafts/{version.id}", {**RUBRIC_POST, "decision": "accept"})
    assert response.status_code == 302
    db.session.expire_all()
    assert version.submission.status is DraftStatus.accepted
    review = db.session.scalar(select(DraftReview).where(DraftReview.kind == ReviewKind.trainer))
    assert (review.points, review.max_points) == (3.0, 4.0)
    evidence = db.session.scalars(select(Evidence).where(Evidence.user_id == learner.id)).all()
    assert {e.source for e in evidence} == {EvidenceSource.drafting}
    assert sorted(e.level for e in evidence) == [2, 2]  # 75% of the points: level 2, per competency
    assert len(evidence) == len(exercise.competencies)


def test_the_learner_sees_the_review_and_the_model_answer_after_it(
    client, exercise, make_user, login_as
):
    learner, version = submitted(make_user, exercise)
    trainer_review(
        make_user(role="trainer", country=None),
        version,
        RubricAnswer([2, 2], ["", ""], "Well drafted."),
        _decision("revise"),
    )
    db.session.commit()
    login_as(learner)
    page = client.get(f"/drafting/{exercise.id}").get_data(as_text=True)
    assert "Trainer&#39;s review" in page or "Trainer's review" in page
    assert "Well drafted." in page
    assert "revise and resubmit" in page
    assert "compared with the model answer" in page


def test_revise_and_resubmit_makes_version_two(app, exercise, make_user):
    learner, version = submitted(make_user, exercise)
    trainer_review(
        make_user(role="trainer", country=None),
        version,
        RubricAnswer([0, 0], ["", ""], "Close the brackets."),
        _decision("revise"),
    )
    second = submit_draft(learner, exercise, CLEAN + "3. A third paragraph.\n")
    assert second.number == 2
    assert second.submission.status is DraftStatus.submitted


def test_an_incomplete_rubric_re_renders_and_saves_nothing(
    client, exercise, make_user, login_as, post_form
):
    _learner, version = submitted(make_user, exercise)
    login_as(make_user(role="trainer", country=None))
    response = post_form(
        f"/trainer/drafts/{version.id}", {"level_0": "2", "comment": "x", "decision": "accept"}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(DraftReview.id)) is None


def test_evidence_level_follows_the_documented_rule():
    assert [evidence_level(p, 20) for p in (20, 17, 16.9, 12, 11.9, 0)] == [3, 3, 2, 2, 1, 1]


def test_peer_reviewers_come_from_other_countries_and_never_see_the_author(
    client, exercise, make_user, login_as, post_form
):
    kazakh, _ = submitted(make_user, exercise, "KZ")
    kazakh_colleague, _ = submitted(make_user, exercise, "KZ")
    georgian, _ = submitted(make_user, exercise, "GE")
    reviews = db.session.scalars(select(DraftReview)).all()
    pairs = {
        (
            db.session.get(type(kazakh), r.reviewer_id).country.code,
            r.version.submission.user.country.code,
        )
        for r in reviews
    }
    assert all(reviewer != author for reviewer, author in pairs)
    assert {r.version.submission.user_id for r in reviews} == {
        kazakh.id,
        kazakh_colleague.id,
        georgian.id,
    }

    assignment = next(r for r in reviews if r.reviewer_id == georgian.id)
    login_as(georgian)
    page = client.get(f"/drafting/reviews/{assignment.id}").get_data(as_text=True)
    author = assignment.version.submission.user
    assert author.name not in page
    assert author.email not in page
    assert "Kazakhstan" not in page
    response = post_form(f"/drafting/reviews/{assignment.id}", RUBRIC_POST)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(DraftReview, assignment.id).completed_at is not None


def test_someone_elses_peer_review_is_not_found(client, exercise, make_user, login_as):
    submitted(make_user, exercise, "KZ")
    submitted(make_user, exercise, "GE")
    review = db.session.scalars(select(DraftReview)).first()
    login_as(make_user(country="PK"))
    assert client.get(f"/drafting/reviews/{review.id}").status_code == 404


def _decision(value):
    from cartif_lms.drafting.models import ReviewDecision

    return ReviewDecision(value)


def test_once_every_review_is_sent_the_list_ends_with_the_reviewers_next_step(
    client, exercise, make_user, login_as, post_form
):
    submitted(make_user, exercise, "KZ")
    georgian, _ = submitted(make_user, exercise, "GE")
    assignment = db.session.scalars(
        select(DraftReview).where(DraftReview.reviewer_id == georgian.id)
    ).first()
    login_as(georgian)
    assert "Next step" not in client.get("/drafting/reviews").get_data(as_text=True)

    post_form(f"/drafting/reviews/{assignment.id}", RUBRIC_POST)

    page = client.get("/drafting/reviews").get_data(as_text=True)
    assert "Next step" in page
