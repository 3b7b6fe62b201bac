"""Moving the schema down and up again keeps every row, and foreign keys stay enforced."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from cartif_lms import create_app, db
from cartif_lms.auth.models import ApiToken, Role, User
from cartif_lms.auth.services import create_user, issue_token
from cartif_lms.directory.services import country_by_code, ensure_reference_data
from cartif_lms.drafting.models import DraftSubmission
from tests.conftest import PASSWORD, _fresh_postgres_database


@pytest.fixture
def scratch(app_config: dict[str, Any], tmp_path: Any) -> Iterator[Flask]:
    """An app on a database of its own, at the newest schema."""
    server = os.environ.get("LMS_TEST_DATABASE_URL")
    urls = _fresh_postgres_database(server) if server else iter([f"sqlite:///{tmp_path / 's.db'}"])
    app = create_app({**app_config, "LMS_DATABASE_URL": next(urls)})
    try:
        with app.app_context():
            db.migrate_to_head(db.lms_state().engine)
            yield app
            db.session.rollback()
    finally:
        app.extensions["cartif_lms"].engine.dispose()
        next(urls, None)


def test_a_downgrade_and_upgrade_keep_the_people_and_what_points_at_them(scratch: Flask) -> None:
    """SQLite alters a table by copying it: the rows pointing at it (tokens) must survive."""
    ensure_reference_data()
    for number in range(3):
        create_user(
            f"p{number}@example.org", f"P {number}", Role.learner, PASSWORD, country_by_code("KZ")
        )
    issue_token(db.session.scalars(select(User)).first())
    db.session.commit()
    db.session.close()  # no open transaction while Alembic alters the tables
    config = db.alembic_config(db.lms_state().engine)

    command.downgrade(config, "0005_capacity")
    command.upgrade(config, "head")

    people = db.session.scalars(select(User).order_by(User.email)).all()
    assert [p.email for p in people] == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert {p.country.code for p in people if p.country} == {"KZ"}
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 1


def test_foreign_keys_are_enforced_after_migrating(scratch: Flask) -> None:
    engine = db.lms_state().engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    orphan = text(
        "INSERT INTO lms_draft_submission (user_id, item_id, status)"
        " VALUES (999999, 999999, 'draft')"
    )
    with pytest.raises(IntegrityError):
        db.session.execute(orphan)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DraftSubmission)) == 0
