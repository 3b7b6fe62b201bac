"""Upgrading a database that double submits left duplicates in: the oldest row of each is
kept, the rest go, and from then on the database refuses them itself."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from cartif_lms import create_app, db
from cartif_lms.auth.models import Role
from cartif_lms.auth.services import create_user
from cartif_lms.capacity.models import Evidence, EvidenceSource
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code, ensure_reference_data
from cartif_lms.drafting.models import DraftReview, ReviewDecision, ReviewKind
from cartif_lms.drafting.services import RubricAnswer, submit_draft, trainer_review
from tests.conftest import DATA_DIR, PASSWORD, _fresh_postgres_database
from tests.drafting.conftest import CLEAN, EXERCISE


@pytest.fixture
def scratch(app_config: dict[str, Any], tmp_path: Any) -> Iterator[Any]:
    """An app on a database of its own (this test moves its schema up and down)."""
    server = os.environ.get("LMS_TEST_DATABASE_URL")
    urls = (
        _fresh_postgres_database(server)
        if server
        else iter([f"sqlite:///{tmp_path / 'scratch.db'}"])
    )
    url = next(urls)
    app = create_app({**app_config, "LMS_DATABASE_URL": url})
    try:
        with app.app_context():
            db.migrate_to_head(db.lms_state().engine)
            yield app
            db.session.rollback()
    finally:
        app.extensions["cartif_lms"].engine.dispose()
        next(urls, None)  # drops the PostgreSQL database


def accepted_draft() -> tuple[DraftReview, Any, Any]:
    """A Kazakh negotiator's draft, accepted by one trainer; another trainer also exists."""
    ensure_reference_data()
    sync_content(DATA_DIR / "content")
    learner = create_user("kz@example.org", "KZ", Role.learner, PASSWORD, country_by_code("KZ"))
    first, second = (
        create_user(f"trainer{n}@example.org", f"Trainer {n}", Role.trainer, PASSWORD)
        for n in (1, 2)
    )
    exercise = db.session.scalar(select(Item).where(Item.slug == EXERCISE))
    version = submit_draft(learner, exercise, CLEAN)
    review = trainer_review(
        first, version, RubricAnswer([2, 2], ["", ""], "Well drafted."), ReviewDecision.accept
    )
    db.session.commit()
    return review, learner, second


def evidence(learner_id, source, source_id, competency_id) -> dict[str, Any]:
    return {
        "user_id": learner_id,
        "competency_id": competency_id,
        "level": 2,
        "source": source,
        "source_id": source_id,
        "observed_at": utcnow(),
        "note": "",
    }


def test_upgrading_keeps_the_first_of_each_duplicate_and_then_refuses_them(scratch, caplog):
    review, learner, second_trainer = accepted_draft()
    kept = db.session.scalars(select(Evidence.id).order_by(Evidence.id)).all()
    competency_id = db.session.get(Evidence, kept[0]).competency_id
    review_id, version_id = review.id, review.version_id
    learner_id, second_trainer_id = learner.id, second_trainer.id
    # The migrations need the tables to themselves: reading an expired attribute later would
    # reopen a transaction whose share locks make ALTER TABLE wait for ever on PostgreSQL.
    db.session.close()
    config = db.alembic_config(db.lms_state().engine)
    command.downgrade(config, "0005_capacity")
    with db.lms_state().engine.begin() as connection:
        # What two trainers accepting at once and an event replayed twice used to leave.
        late_review = connection.execute(
            insert(DraftReview.__table__)
            .values(
                version_id=version_id,
                reviewer_id=second_trainer_id,
                kind=ReviewKind.trainer,
                decision=ReviewDecision.accept,
                scores=[],
                comment="Me too.",
                allocated_at=utcnow(),
                completed_at=utcnow(),
            )
            .returning(DraftReview.__table__.c.id)
        ).scalar_one()
        connection.execute(
            insert(Evidence.__table__),
            [
                evidence(learner_id, EvidenceSource.drafting, late_review, competency_id),
                evidence(learner_id, EvidenceSource.drafting, review_id, competency_id),
                evidence(learner_id, EvidenceSource.assessment, None, competency_id),
                evidence(learner_id, EvidenceSource.assessment, None, competency_id),
            ],
        )

    with caplog.at_level(logging.WARNING):
        command.upgrade(config, "0006_integrity")

    assert "removed 3 duplicate" in caplog.text
    assert "rebuild-rollups" in caplog.text
    reviews = db.session.scalars(select(DraftReview.id).where(DraftReview.kind == "trainer"))
    assert reviews.all() == [review_id]
    drafting = db.session.scalars(
        select(Evidence.id).where(Evidence.source == EvidenceSource.drafting).order_by(Evidence.id)
    )
    assert drafting.all() == kept  # the accepted review's evidence, once per competency
    assessments = select(Evidence.id).where(Evidence.source == EvidenceSource.assessment)
    assert len(db.session.scalars(assessments).all()) == 2  # two observations, both kept
    db.session.close()

    with pytest.raises(IntegrityError), db.lms_state().engine.begin() as connection:
        connection.execute(
            insert(Evidence.__table__),
            evidence(learner_id, EvidenceSource.drafting, review_id, competency_id),
        )
    command.upgrade(config, "head")
