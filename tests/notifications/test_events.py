"""Each event tells the right people once, says what happened and links to it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from cartif_lms import db
from cartif_lms.capacity.models import NeedStatus, TANeed
from cartif_lms.capacity.services import set_need_status
from cartif_lms.content.models import Item
from cartif_lms.db import utcnow
from cartif_lms.directory.models import Competency, DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.drafting.models import DraftReview, ReviewDecision, ReviewKind
from cartif_lms.drafting.services import RubricAnswer, submit_draft, trainer_review
from cartif_lms.learning.services import record_completion
from cartif_lms.notifications.services import shown
from cartif_lms.quizzes.services import grade_essays, open_attempt, submit_attempt
from cartif_lms.signals import account_requested
from tests.drafting.conftest import CLEAN, EXERCISE
from tests.notifications.conftest import notifications_of

TITLE = "Close the brackets in a transit clause"


def _only(user, kind):
    found = [n for n in notifications_of(user) if n.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_a_graded_essay_tells_the_learner_and_links_to_the_attempt(
    app, curriculum, make_user
):
    learner = make_user()
    for item in db.session.scalars(select(Item).where(Item.slug.startswith("basics/first-steps/"))):
        record_completion(learner, item, utcnow())  # the module the essay's module requires
    essay = open_attempt(learner, curriculum("basics/next-steps/redraft"))
    submit_attempt(learner, essay, MultiDict({"q0": "Each Party shall publish its rules."}))
    grade_essays(make_user(role="trainer", country=None), essay, {"0": (80.0, "Binding.")})
    db.session.commit()
    told = shown(_only(learner, "essay_graded"))
    assert "were graded: 80 % overall" in told.text
    assert told.url == f"/attempts/{essay.id}"
    assert learner.unread_notifications == 1


def test_a_trainers_decision_tells_the_author_revise_or_accepted(app, curriculum, make_user):
    exercise = curriculum(EXERCISE)
    author = make_user()
    trainer = make_user(role="trainer", country=None)
    first = submit_draft(author, exercise, CLEAN)
    trainer_review(trainer, first, RubricAnswer([0, 0], ["", ""], "Redo."), ReviewDecision.revise)
    second = submit_draft(author, exercise, CLEAN + "3. More.\n")
    trainer_review(trainer, second, RubricAnswer([2, 2], ["", ""], "Good."), ReviewDecision.accept)
    db.session.commit()
    texts = [shown(n) for n in notifications_of(author) if n.kind == "draft_reviewed"]
    assert [t.text for t in texts] == [
        f"Your draft of “{TITLE}” was reviewed: revise and resubmit it.",
        f"Your draft of “{TITLE}” was accepted.",
    ]
    assert {t.url for t in texts} == {f"/drafting/{exercise.id}"}


def test_an_assigned_peer_review_tells_the_reviewer(app, curriculum, make_user):
    exercise = curriculum(EXERCISE)
    author, peer = make_user(country="KZ"), make_user(country="GE")
    submit_draft(author, exercise, CLEAN)
    submit_draft(peer, exercise, CLEAN)
    db.session.commit()
    review = db.session.scalar(
        select(DraftReview).where(
            DraftReview.reviewer_id == peer.id, DraftReview.kind == ReviewKind.peer
        )
    )
    told = shown(_only(peer, "peer_review_assigned"))
    assert told.text == f"You were asked to review a draft of “{TITLE}”."
    assert told.url == f"/drafting/reviews/{review.id}"


def test_a_recorded_designation_tells_the_person(app, make_user):
    focal = make_user(role="focal_point")
    person = make_user()
    area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    designate(
        focal,
        country_by_code("KZ"),
        DesignationRequest(person.id, DesignationKind.technical_expert, area.id, date(2026, 1, 5)),
    )
    db.session.commit()
    told = shown(_only(person, "designation_recorded"))
    assert told.text == "You were designated Technical expert (TF), until Jan 5, 2029."
    assert told.url == "/capacity/me"
    assert notifications_of(focal) == []


def test_an_account_request_tells_the_countrys_focal_points(app, make_user):
    kz_focal, ge_focal = make_user(role="focal_point"), make_user(role="focal_point", country="GE")
    kz = country_by_code("KZ")
    account_requested.send(app, country_id=kz.id, request_id=7, name="Aigerim N.", at=None)
    db.session.commit()
    told = shown(_only(kz_focal, "account_requested"))
    assert told.text == "Aigerim N. asked for an account: it waits for your decision."
    assert notifications_of(ge_focal) == []


def test_a_ta_need_status_change_tells_the_countrys_focal_points(app, curriculum, make_user):
    focal = make_user(role="focal_point")
    analyst = make_user(role="analyst", country=None)
    competency = db.session.scalars(select(Competency)).first()
    need = TANeed(
        country_id=country_by_code("KZ").id,
        competency_id=competency.id,
        people_affected=2,
        mean_gap=1.5,
        priority=3.0,
    )
    db.session.add(need)
    db.session.flush()
    set_need_status(analyst, need, NeedStatus.planned, "Workshop in May")
    set_need_status(analyst, need, NeedStatus.addressed, "Done")
    db.session.commit()
    texts = [shown(n) for n in notifications_of(focal)]
    assert [t.text for t in texts] == [
        f"A technical-assistance need in {competency.name} is now planned.",
        f"A technical-assistance need in {competency.name} is now addressed.",
    ]
    assert {t.url for t in texts} == {"/capacity/countries/KZ"}
    assert focal.unread_notifications == 2
