"""Signing in and out, throttling, CSRF and cookies."""

from datetime import timedelta

import pytest

from cartif_lms import db
from cartif_lms.auth.services import SignInResult, authenticate
from cartif_lms.db import utcnow
from tests.conftest import PASSWORD

WRONG = "not the password"


def test_a_learner_signs_in_and_reaches_home(client, make_user, post_form):
    person = make_user()
    response = post_form("/login", {"email": person.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert person.name in client.get("/").get_data(as_text=True)


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make_user, post_form):
    person = make_user()
    unknown = post_form("/login", {"email": "nobody@example.org", "password": PASSWORD})
    wrong = post_form("/login", {"email": person.email, "password": WRONG})
    assert unknown.status_code == wrong.status_code == 200
    message = "The email or the password is not correct."
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)


def test_a_deactivated_account_cannot_sign_in(make_user, post_form):
    person = make_user()
    person.active = False
    db.session.commit()
    response = post_form("/login", {"email": person.email, "password": PASSWORD})
    assert "The email or the password is not correct." in response.get_data(as_text=True)


def test_a_login_post_without_csrf_token_is_refused(client, make_user):
    person = make_user()
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400


def test_five_failures_lock_the_account_for_fifteen_minutes_even_with_the_right_password(
    app, make_user
):
    person = make_user()
    start = utcnow()
    for minute in range(5):
        outcome = authenticate(person.email, WRONG, "10.0.0.1", start + timedelta(minutes=minute))
        assert outcome.result is SignInResult.invalid
    locked_at = start + timedelta(minutes=4)
    right = authenticate(person.email, PASSWORD, "10.0.0.2", locked_at + timedelta(minutes=1))
    assert right.result is SignInResult.throttled
    still = authenticate(person.email, PASSWORD, "10.0.0.2", locked_at + timedelta(minutes=14))
    assert still.result is SignInResult.throttled
    after = authenticate(person.email, PASSWORD, "10.0.0.2", locked_at + timedelta(minutes=15))
    assert after.result is SignInResult.ok


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(app, make_user):
    person = make_user()
    start = utcnow()
    for step in range(5):
        authenticate(person.email, WRONG, "10.0.0.1", start + timedelta(minutes=4 * step))
    outcome = authenticate(person.email, PASSWORD, "10.0.0.1", start + timedelta(minutes=17))
    assert outcome.result is SignInResult.ok


def test_twenty_failures_from_one_address_lock_that_address(app, make_user):
    person = make_user()
    start = utcnow()
    for number in range(20):
        authenticate(f"guess{number}@example.org", WRONG, "203.0.113.9", start)
    blocked = authenticate(person.email, PASSWORD, "203.0.113.9", start + timedelta(minutes=1))
    assert blocked.result is SignInResult.throttled
    elsewhere = authenticate(person.email, PASSWORD, "198.51.100.1", start + timedelta(minutes=1))
    assert elsewhere.result is SignInResult.ok


def test_throttling_is_shared_between_workers_through_the_database(app, migrated, make_user):
    """Two app instances (two workers) see the same failures."""
    from cartif_lms import create_app

    person = make_user()
    start = utcnow()
    for minute in range(5):
        authenticate(person.email, WRONG, "10.0.0.1", start + timedelta(seconds=minute))
    db.session.commit()
    other_worker = create_app(migrated)
    with other_worker.app_context():
        outcome = authenticate(person.email, PASSWORD, "10.0.0.9", start + timedelta(minutes=1))
        assert outcome.result is SignInResult.throttled
        db.session.rollback()
    other_worker.extensions["cartif_lms"].engine.dispose()


def test_the_sign_in_page_says_when_an_account_is_throttled(make_user, post_form):
    person = make_user()
    for _ in range(5):
        post_form("/login", {"email": person.email, "password": WRONG})
    response = post_form("/login", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.get_data(as_text=True)


def test_logout_is_a_post_with_csrf(client, make_user, login_as, post_form):
    login_as(make_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    response = post_form("/logout", {}, page="/")
    assert response.status_code == 302
    assert client.get("/admin/users").status_code in {302, 401}


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user, post_form):
    person = make_user()
    response = post_form("/login", {"email": person.email, "password": PASSWORD})
    cookie = next(
        v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_sign_in_never_redirects_to_another_site(make_user, post_form, target):
    person = make_user()
    response = post_form(
        f"/login?next={target}", {"email": person.email, "password": PASSWORD}, page="/login"
    )
    assert response.headers["Location"] == "/"


def test_passwords_are_stored_hashed(app, make_user):
    person = make_user()
    assert PASSWORD not in person.password_hash
    assert person.password_hash.startswith(("scrypt:", "pbkdf2:"))
