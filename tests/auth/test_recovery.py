"""Forgotten passwords: the request answers the same for any address, the e-mailed link works
once and expires, and an administrator's reset makes the person choose their own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from cartif_lms import db
from cartif_lms.auth.recovery import reset_token
from cartif_lms.auth.services import issue_token
from cartif_lms.db import utcnow
from tests.conftest import PASSWORD, csrf_token_from
from tests.mail.smtp import SMTPServer

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"http://localhost/password/reset/(\S+)")


@pytest.fixture
def server(mailing_server: Flask, smtp: SMTPServer) -> Flask:
    """These pages send mail: it goes to the real SMTP server of ``smtp`` (tests/conftest.py)."""
    return mailing_server


def _ask(client, email: str):
    token = csrf_token_from(client.get("/password/forgot").get_data(as_text=True))
    response = client.post("/password/forgot", data={"email": email, "csrf_token": token})
    response.close()  # the server flushes the outbox once the response is closed
    return response


def _reset(client, path: str, password: str = NEW_PASSWORD):
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    data = {"password": password, "confirm": password, "csrf_token": token}
    return client.post(path, data=data)


def _link_path(smtp: SMTPServer) -> str:
    [received] = smtp.received
    match = LINK.search(received.message.get_content())
    assert match, "no reset link in the mail"
    return f"/password/reset/{match.group(1)}"


def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(client, make_user, smtp):
    person = make_user(email="known@example.org")
    known = _ask(client, person.email)
    known_page = client.get("/login").get_data(as_text=True)
    unknown = _ask(client, "nobody@example.org")
    unknown_page = client.get("/login").get_data(as_text=True)
    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    assert known.status_code == 302
    assert known_page.split("csrf_token")[0] == unknown_page.split("csrf_token")[0]
    assert "If an account has this address" in known_page
    assert [r.envelope_to for r in smtp.received] == [["known@example.org"]]


def test_the_sign_in_page_links_to_the_forgot_form(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)


def test_the_mailed_link_works_once(client, make_user, login_as, smtp):
    person = make_user(name="Aigerim Nurlanovna")
    _ask(client, person.email)
    body = smtp.received[0].message.get_content()
    assert "Hello Aigerim Nurlanovna," in body
    assert "60 minutes" in body
    path = _link_path(smtp)
    response = _reset(client, path)
    assert response.status_code == 302
    assert response.location.endswith("/login")
    login_as(person, NEW_PASSWORD)
    again = client.get(path)
    assert again.status_code == 400
    assert "already used" in again.get_data(as_text=True)
    assert client.post(path, data={"password": "x", "confirm": "x"}).status_code == 400


def test_an_expired_link_is_refused(client, make_user, app):
    person = make_user()
    token = reset_token(person, issued_at=utcnow() - timedelta(minutes=61))
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    fresh = reset_token(person, issued_at=utcnow() - timedelta(minutes=59))
    assert client.get(f"/password/reset/{fresh}").status_code == 200


def test_a_link_dies_when_the_password_changes_another_way(client, make_user, login_as):
    person = make_user()
    token = reset_token(person)
    login_as(person)
    page = client.get("/account/password").get_data(as_text=True)
    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token_from(page),
        },
    )
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "the password changed since" in response.get_data(as_text=True)


def test_a_tampered_link_or_one_for_another_account_is_refused(client, make_user, login_as):
    person, other = make_user(), make_user()
    token = reset_token(person)
    tampered = client.get(f"/password/reset/{token[:-2]}xx")
    assert tampered.status_code == 400
    assert client.get("/password/reset/not-a-token").status_code == 400
    login_as(other)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "This link is for another account" in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.check_password(PASSWORD)


def test_a_weak_password_is_refused_with_the_reason_and_the_link_still_works(client, make_user):
    person = make_user()
    path = f"/password/reset/{reset_token(person)}"
    response = _reset(client, path, "password123")
    assert response.status_code == 200
    assert "This is a very common password." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.check_password(PASSWORD)
    assert _reset(client, path).status_code == 302


def test_the_forgot_form_is_throttled_per_address(client, make_user, smtp):
    person = make_user()
    statuses = [_ask(client, person.email).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(smtp.received) == 3
    assert _ask(client, "nobody@example.org").status_code == 302  # another address


def test_an_administrators_reset_makes_the_person_choose_their_own(
    server, make_user, login_as, client
):
    admin, person = make_user(role="admin", country=None), make_user()
    api_token = issue_token(person)
    db.session.commit()
    login_as(admin)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    response = client.post(
        f"/admin/users/{person.id}/password",
        data={"password": "temporary pass 2026", "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302
    learner = server.test_client()
    token = csrf_token_from(learner.get("/login").get_data(as_text=True))
    learner.post(
        "/login",
        data={"email": person.email, "password": "temporary pass 2026", "csrf_token": token},
    )
    for path in ("/", "/catalog", "/notifications"):
        assert learner.get(path).location.endswith("/account/password"), path
    api = learner.get("/api/v1/catalog", headers={"Authorization": f"Bearer {api_token}"})
    assert api.status_code == 200  # API tokens are not affected
    page = learner.get("/account/password").get_data(as_text=True)
    changed = learner.post(
        "/account/password",
        data={
            "current_password": "temporary pass 2026",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token_from(page),
        },
    )
    assert changed.status_code == 302
    assert learner.get("/catalog").status_code == 200
    db.session.refresh(person)
    assert person.must_change_password is False


@pytest.mark.parametrize("claimed", [2**40, -1, "1", True, None])
def test_a_forged_link_naming_any_id_is_refused(app, client, claimed):
    """The id in a link is read before its signature is checked: nothing it names may fail."""
    token = URLSafeTimedSerializer("another key", salt="x").dumps(claimed)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)
