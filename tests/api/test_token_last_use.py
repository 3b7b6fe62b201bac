"""A token's last use is saved, at most once a minute, on a transaction of its own: a GET with
a token commits nothing else, and a refused token is not marked as used."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select, update

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, User
from cartif_lms.auth.tokens import LAST_USED_EVERY, issue_token, revoke_token
from cartif_lms.db import utcnow
from tests.sql import Statement, recorded_statements

CATALOG = "/api/v1/catalog"


def token_writes(seen: list[Statement]) -> list[Statement]:
    return [s for s in seen if s.sql.lstrip().upper().startswith("UPDATE LMS_API_TOKEN")]


def call(client: FlaskClient, token: str, path: str = CATALOG) -> Any:
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def stored(token_row: ApiToken) -> Any:
    db.session.rollback()
    return db.session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token_row.id))


def new_token(user: User, **kwargs: Any) -> tuple[str, ApiToken]:
    token = issue_token(user, **kwargs)
    db.session.commit()
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    return token, row


def move_last_use_back(row: ApiToken, by: timedelta) -> None:
    """As if the saved use were ``by`` older."""
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == row.id)
        .values(last_used_at=stored(row) - by)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def test_a_request_saves_the_last_use_on_its_own_connection(client, server, make_user):
    token, row = new_token(make_user(role="analyst", country=None))
    before = utcnow()
    with recorded_statements(server) as seen:
        assert call(client, token).status_code == 200
    saved = stored(row)
    assert saved is not None
    assert before - timedelta(seconds=1) <= saved <= utcnow()
    [write] = token_writes(seen)
    assert "last_used_at IS NULL OR" in write.sql  # conditional: never a blind overwrite
    request_connections = {s.connection for s in seen if s is not write}
    assert write.connection not in request_connections  # the request's own stays read-only


def test_a_second_request_within_the_minute_writes_nothing(client, server, make_user):
    token, row = new_token(make_user(role="analyst", country=None))
    assert call(client, token).status_code == 200
    first = stored(row)
    with recorded_statements(server) as seen:
        for _ in range(3):
            assert call(client, token).status_code == 200
    assert token_writes(seen) == []
    assert stored(row) == first


def test_after_a_minute_the_next_request_writes_again(client, server, make_user):
    token, row = new_token(make_user(role="analyst", country=None))
    assert call(client, token).status_code == 200
    move_last_use_back(row, LAST_USED_EVERY + timedelta(seconds=1))
    moved = stored(row)
    with recorded_statements(server) as seen:
        assert call(client, token).status_code == 200
    assert len(token_writes(seen)) == 1
    assert stored(row) > moved


def test_a_refused_token_is_not_marked_as_used(client, server, make_user):
    analyst = make_user(role="analyst", country=None)
    revoked, revoked_row = new_token(analyst, name="revoked")
    revoke_token(revoked_row)
    db.session.commit()
    expired, expired_row = new_token(make_user(), expires_on=utcnow().date())
    expired_row.expires_on = utcnow().date() - timedelta(days=1)
    db.session.commit()
    with recorded_statements(server) as seen:
        assert call(client, revoked).status_code == 401
        assert call(client, expired).status_code == 401
        assert call(client, "lms_made-up").status_code == 401
    assert token_writes(seen) == []
    assert stored(revoked_row) is None
    assert stored(expired_row) is None


def test_a_token_on_a_page_is_not_a_use(client, make_user):
    """Tokens open the API only; one sent to a page neither signs in nor counts as used."""
    token, row = new_token(make_user(role="analyst", country=None))
    assert call(client, token, "/capacity/me").status_code == 302  # to sign in
    assert stored(row) is None


def test_the_tokens_page_shows_the_last_use(client, make_user, login_as):
    analyst = make_user(role="analyst", country=None)
    token, row = new_token(analyst, name="TA planning")
    login_as(analyst)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "never" in page
    assert call(client.application.test_client(), token).status_code == 200
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "never" not in page
    assert stored(row).strftime("%Y") in page
    assert "(UTC" in page  # a moment, with the zone it is read in


def test_a_token_request_runs_no_more_statements_than_a_session_one(
    client, server, make_user, login_as
):
    analyst = make_user(role="analyst", country="KZ")
    token, _row = new_token(analyst)
    api = client.application.test_client()
    assert call(api, token).status_code == 200  # saves the first use
    with recorded_statements(server) as by_token:
        assert call(api, token).status_code == 200
    login_as(analyst)
    assert client.get(CATALOG).status_code == 200
    with recorded_statements(server) as by_session:
        assert client.get(CATALOG).status_code == 200
    assert len(by_token) <= len(by_session), [s.sql for s in by_token]
