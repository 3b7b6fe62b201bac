"""API tokens: a person makes, lists and revokes their own on /account/tokens (an administrator
everyone's); a token is shown once and stored as a digest; expired or revoked tokens get 401."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, User
from cartif_lms.auth.tokens import LAST_USED_EVERY, issue_token, user_for_token
from cartif_lms.db import utcnow
from tests.conftest import csrf_token_from

TOKEN = re.compile(r'<code class="new-token">(lms_[^<]+)</code>')


def _create(post_form: Callable[..., Any], name: str, expires_on: date) -> Any:
    data = {"name": name, "expires_on": expires_on.isoformat()}
    return post_form("/account/tokens", data)


def _tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))


def _catalog(client: FlaskClient, token: str) -> Any:
    return client.get("/api/v1/catalog", headers={"Authorization": f"Bearer {token}"})


def _revoke(client: FlaskClient, token_id: int) -> Any:
    csrf = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    return client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})


def test_a_new_token_is_shown_once_and_only_its_digest_is_stored(
    make_user, login_as, post_form, client
):
    """Can I make a token on the page, and is it shown to me once, never kept readable?"""
    analyst = make_user(role="analyst", country=None)
    login_as(analyst)
    response = _create(post_form, "TA planning", utcnow().date() + timedelta(days=30))
    assert response.status_code == 200
    found = TOKEN.search(response.get_data(as_text=True))
    assert found, "the new token is not on the page"
    token = found.group(1)
    [row] = _tokens_of(analyst)
    assert row.name == "TA planning"
    assert row.expires_on == utcnow().date() + timedelta(days=30)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.digest
    assert token not in client.get("/account/tokens").get_data(as_text=True)
    assert _catalog(client.application.test_client(), token).status_code == 200


def test_an_expiry_date_in_the_past_is_a_form_error(make_user, login_as, post_form):
    learner = make_user()
    login_as(learner)
    response = _create(post_form, "old", utcnow().date() - timedelta(days=1))
    assert "The expiry date has passed already." in response.get_data(as_text=True)
    assert _tokens_of(learner) == []


def test_the_list_shows_only_ones_own_tokens(make_user, login_as, client):
    mine, theirs = make_user(), make_user()
    issue_token(mine, "my laptop script")
    issue_token(theirs, "their dashboard")
    db.session.commit()
    login_as(mine)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "my laptop script" in page
    assert "their dashboard" not in page


def test_an_admin_sees_everyones_tokens_with_their_owner(make_user, login_as, client):
    learner = make_user(name="Aigerim Learner")
    issue_token(learner, "learner script")
    db.session.commit()
    login_as(make_user(role="admin", country=None))
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "learner script" in page
    assert "Aigerim Learner" in page


def test_a_revoked_token_gets_401_saying_it_was_revoked(make_user, login_as, client):
    """Once I revoke a token, does the API refuse it, and say why?"""
    analyst = make_user(role="analyst", country=None)
    token = issue_token(analyst, "to revoke")
    db.session.commit()
    api = client.application.test_client()
    assert _catalog(api, token).status_code == 200
    login_as(analyst)
    [row] = _tokens_of(analyst)
    assert _revoke(client, row.id).status_code == 302
    response = _catalog(api, token)
    assert response.status_code == 401
    assert "This token was revoked" in response.get_json()["message"]
    headers = {"Authorization": f"Bearer {token}"}
    patched = api.patch("/api/v1/ta-needs/1", json={"status": "open"}, headers=headers)
    assert patched.status_code == 401  # refused before the CSRF check, with the same reason
    assert "This token was revoked" in patched.get_json()["message"]


def test_an_expired_token_gets_401_saying_when_it_expired(make_user, client):
    analyst = make_user(role="analyst", country=None)
    token = issue_token(analyst, "short-lived", utcnow().date())
    db.session.commit()
    assert _catalog(client, token).status_code == 200  # its last day still counts
    [row] = _tokens_of(analyst)
    row.expires_on = date(2026, 1, 31)
    db.session.commit()
    response = _catalog(client, token)
    assert response.status_code == 401
    assert response.get_json()["message"] == "This token expired on 2026-01-31."
    assert user_for_token(token) is None


def test_an_unknown_token_gets_401(client):
    response = _catalog(client, "lms_made-up")
    assert response.status_code == 401
    assert response.get_json()["message"] == "This API token is not known."


def test_someone_elses_token_is_404_and_stays_valid(make_user, login_as, client):
    owner, other = make_user(), make_user()
    token = issue_token(owner)
    db.session.commit()
    [row] = _tokens_of(owner)
    login_as(other)
    assert _revoke(client, row.id).status_code == 404
    assert user_for_token(token) is not None


def test_an_admin_may_revoke_anyones_token(make_user, login_as, client):
    owner = make_user()
    token = issue_token(owner)
    db.session.commit()
    [row] = _tokens_of(owner)
    login_as(make_user(role="admin", country=None))
    assert _revoke(client, row.id).status_code == 302
    assert user_for_token(token) is None


def test_using_a_token_writes_its_last_use_at_most_once_a_minute(make_user, client):
    analyst = make_user(role="analyst", country=None)
    token = issue_token(analyst)
    db.session.commit()
    [row] = _tokens_of(analyst)
    assert user_for_token(token) is not None
    first = row.last_used_at
    assert first is not None
    assert user_for_token(token) is not None
    assert row.last_used_at == first
    row.last_used_at = first - LAST_USED_EVERY  # a minute ago, as stored
    db.session.commit()
    assert user_for_token(token) is not None
    db.session.refresh(row)
    assert row.last_used_at is not None
    assert row.last_used_at > first - LAST_USED_EVERY


def test_the_cli_makes_a_token_with_an_expiry_and_revokes_it(make_user, runner):
    analyst = make_user(role="analyst", country=None)
    made = runner.invoke(
        args=["lms", "create-token", analyst.email, "--name", "nightly", "--expires", "2099-12-31"]
    )
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    db.session.expire_all()
    [row] = _tokens_of(analyst)
    assert row.expires_on == date(2099, 12, 31)
    revoked = runner.invoke(args=["lms", "revoke-token", str(row.id)])
    assert revoked.exit_code == 0, revoked.output
    assert f"Revoked token {row.id} (nightly) of {analyst.email}." in revoked.output
    db.session.expire_all()
    assert user_for_token(token) is None
    again = runner.invoke(args=["lms", "revoke-token", str(row.id)])
    assert again.exit_code == 0
    assert "revoked already" in again.output


def test_the_cli_refuses_an_unknown_token_id_in_one_line(runner):
    result = runner.invoke(args=["lms", "revoke-token", "999999"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no API token with id 999999"


def test_the_cli_refuses_an_expiry_in_the_past(make_user, runner):
    analyst = make_user(role="analyst", country=None)
    result = runner.invoke(args=["lms", "create-token", analyst.email, "--expires", "2001-01-01"])
    assert result.exit_code == 1
    assert "The expiry date has passed already." in result.output
    assert _tokens_of(analyst) == []
