"""A negotiator with a bit of everything the LMS keeps about a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from cartif_lms import db
from cartif_lms.auth.models import LoginAttempt, LoginOutcome, User
from cartif_lms.auth.tokens import issue_token
from cartif_lms.capacity.evidence import assess_competency
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.directory.models import Competency, DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate, list_areas
from cartif_lms.drafting.models import ReviewDecision
from cartif_lms.drafting.services import RubricAnswer, exercise_of, submit_draft, trainer_review
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.gift import QuestionType
from cartif_lms.quizzes.services import attempt_questions, open_attempt, submit_attempt
from tests.conftest import DATA_DIR
from tests.drafting.conftest import EXERCISE

NAME = "Zarina Testova"
EMAIL = "zarina.testova@example.org"
ESSAY = "The Parties shall publish their transit rules, wrote Zarina herself."
DRAFT = "Article 7\n1. Each Party shall accord freedom of transit, in Zarina's words.\n"
COMMENT = "Zarina closed every bracket; good work."
NOTE = "Zarina explained the transit regime well in the interview."


@dataclass
class World:
    person: User
    focal_point: User
    trainer: User
    admin: User


def _item(slug: str) -> Item:
    return db.session.scalars(select(Item).where(Item.slug == slug)).one()


def _essay_attempt(person: User) -> None:
    quiz = _item("basics/next-steps/redraft")
    attempt = open_attempt(person, quiz)
    form = MultiDict()
    for index, question in enumerate(attempt_questions(attempt)):
        if question.type is QuestionType.ESSAY:
            form[f"q{index}"] = ESSAY
    submit_attempt(person, attempt, form)


def _reviewed_draft(person: User, trainer: User) -> None:
    exercise = _item(EXERCISE)
    version = submit_draft(person, exercise, DRAFT)
    rubric = exercise_of(exercise).rubric
    assert rubric is not None
    count = len(rubric.criteria)
    answer = RubricAnswer([len(rubric.levels) - 1] * count, [COMMENT] * count, COMMENT)
    trainer_review(trainer, version, answer, ReviewDecision.accept)


@pytest.fixture
def world(app, make_user) -> World:
    sync_content(DATA_DIR / "content")
    db.session.commit()
    person = make_user(country="KZ", email=EMAIL, name=NAME, gender="female")
    focal_point = make_user(role="focal_point", country="KZ")
    trainer = make_user(role="trainer", country=None)
    admin = make_user(role="admin", country=None)
    make_user(country="KZ", gender="male")  # a colleague, whose figures stay as they are
    kz = country_by_code("KZ")
    designate(
        focal_point,
        kz,
        DesignationRequest(
            person.id, DesignationKind.lead_negotiator, list_areas()[0].id, date.today()
        ),
    )
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(person, _item(slug))
    _essay_attempt(person)
    _reviewed_draft(person, trainer)
    competency = db.session.scalars(select(Competency).order_by(Competency.id)).first()
    assert competency is not None
    assess_competency(trainer, person, competency, 2, NOTE)
    issue_token(person, "TA planning sheet")
    db.session.add(LoginAttempt(email=EMAIL, address="198.51.100.7", outcome=LoginOutcome.failure))
    db.session.commit()
    return World(person, focal_point, trainer, admin)
