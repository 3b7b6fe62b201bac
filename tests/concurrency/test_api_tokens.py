"""A program fires many API requests with one token at once: every request is answered, and
the token's last use is saved exactly once (one conditional UPDATE wins, in whichever worker
process), not lost and not written by each request."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from functools import partial

import pytest
from sqlalchemy import select, text, update

from cartif_lms import db
from cartif_lms.auth.models import ApiToken
from cartif_lms.auth.tokens import issue_token
from cartif_lms.db import utcnow
from tests.concurrency.checks import fresh_look
from tests.concurrency.conftest import Reply, Served, at_once

REQUESTS = 20
ROUNDS = 5

#: A trigger notes every row an UPDATE of lms_api_token changes, whichever process runs it.
COUNTER = {
    "postgresql": (
        "CREATE TABLE test_token_writes (token_id INTEGER, at TIMESTAMP)",
        "CREATE FUNCTION test_note_token_write() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN INSERT INTO test_token_writes VALUES (NEW.id, NEW.last_used_at); "
        "RETURN NEW; END $$",
        "CREATE TRIGGER test_token_write AFTER UPDATE ON lms_api_token FOR EACH ROW "
        "EXECUTE FUNCTION test_note_token_write()",
    ),
    "sqlite": (
        "CREATE TABLE test_token_writes (token_id INTEGER, at TIMESTAMP)",
        "CREATE TRIGGER test_token_write AFTER UPDATE ON lms_api_token BEGIN "
        "INSERT INTO test_token_writes VALUES (NEW.id, NEW.last_used_at); END",
    ),
}
DROP = {
    "postgresql": (
        "DROP TABLE IF EXISTS test_token_writes",
        "DROP TRIGGER IF EXISTS test_token_write ON lms_api_token",
        "DROP FUNCTION IF EXISTS test_note_token_write()",
    ),
    "sqlite": ("DROP TABLE IF EXISTS test_token_writes", "DROP TRIGGER IF EXISTS test_token_write"),
}


@pytest.fixture
def token_writes(app) -> Iterator[None]:
    """The counting trigger, for this test only."""
    dialect = db.session.get_bind().dialect.name
    for statement in COUNTER[dialect]:
        db.session.execute(text(statement))
    db.session.commit()
    try:
        yield
    finally:
        db.session.rollback()
        for statement in DROP[dialect]:
            db.session.execute(text(statement))
        db.session.commit()


def api_call(server: Served, token: str) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request("GET", "/api/v1/catalog", headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return Reply(response.status, response.read().decode())
    finally:
        connection.close()


def test_many_requests_with_one_token_save_its_last_use_once(
    curriculum, make_user, token_writes, served
):
    token = issue_token(make_user(role="analyst", country=None), "TA planning")
    db.session.commit()
    for _ in range(ROUNDS):  # each round from a token never used, so all requests see it so
        db.session.execute(update(ApiToken).values(last_used_at=None))
        db.session.execute(text("DELETE FROM test_token_writes"))
        db.session.commit()
        before = utcnow()

        replies = at_once(*(partial(api_call, served, token) for _ in range(REQUESTS)))

        assert [r.status for r in replies] == [200] * REQUESTS
        fresh_look()
        saved = db.session.scalar(select(ApiToken.last_used_at))
        assert saved is not None
        assert saved >= before.replace(microsecond=0)
        assert db.session.scalar(text("SELECT count(*) FROM test_token_writes")) == 1
