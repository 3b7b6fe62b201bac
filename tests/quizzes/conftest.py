"""Quiz fixtures: the small curriculum synced, and a way to answer an attempt rightly."""

import random

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.demo.answers import simulated_form
from cartif_lms.quizzes.models import QuizAttempt
from tests.conftest import DATA_DIR

CHECK = "basics/next-steps/check"
REDRAFT = "basics/next-steps/redraft"


@pytest.fixture
def curriculum(app):
    sync_content(DATA_DIR / "content")
    db.session.commit()


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def right_answers(attempt: QuizAttempt) -> dict[str, object]:
    """The form a learner who knows every answer would send."""
    return simulated_form(attempt, random.Random(0), skill=1.0)
