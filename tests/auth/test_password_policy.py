"""Passwords too short or too easy to guess are refused, with the reason, wherever one is
chosen: one's own change, an administrator's create or reset, ``lms create-user``."""

from __future__ import annotations

import pytest
from flask import Flask

from cartif_lms import db
from cartif_lms.auth.models import Role
from cartif_lms.auth.password_policy import password_problem, personal_words
from cartif_lms.auth.services import AccountError, create_user, find_user_by_email
from cartif_lms.demo.accounts import DEMO_PASSWORD
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 10 characters"),
        ("password123", "This is a very common password."),
        ("qwertyuiop", "too easy to guess"),
        ("1234567890", "too easy to guess"),
    ],
)
def test_a_weak_password_is_refused_with_a_reason(app: Flask, password: str, reason: str):
    problem = password_problem(password)
    assert problem is not None
    assert reason in problem


def test_the_persons_own_name_and_email_count_as_guessable(app: Flask):
    assert password_problem("aigerimnurlanova") is None
    words = personal_words("Aigerim Nurlanova", "aigerim.nurlanova@example.kz")
    assert password_problem("aigerimnurlanova", words) is not None


@pytest.mark.parametrize("password", [PASSWORD, DEMO_PASSWORD, "scale-data-2026"])
def test_the_test_and_demo_passwords_pass(app: Flask, password: str):
    words = personal_words("Demo Admin", "admin@demo.cartif-lms.org")
    assert password_problem(password, words) is None


def test_create_user_refuses_a_weak_password_and_creates_nothing(app: Flask):
    with pytest.raises(AccountError, match="very common"):
        create_user("weak@example.org", "Weak", Role.trainer, "password123")
    assert find_user_by_email("weak@example.org") is None


def test_changing_ones_own_password_applies_the_policy(make_user, login_as, post_form):
    person = make_user()
    login_as(person)
    response = post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": "password123", "confirm": "password123"},
    )
    assert response.status_code == 200
    assert "This is a very common password." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.check_password(PASSWORD)


def test_an_administrator_cannot_set_a_weak_password(make_user, login_as, post_form):
    admin, person = make_user(role="admin", country=None), make_user()
    login_as(admin)
    reset = post_form(
        f"/admin/users/{person.id}/password",
        {"password": "qwertyuiop"},
        f"/admin/users/{person.id}",
    )
    assert reset.status_code == 200
    assert "too easy to guess" in reset.get_data(as_text=True)
    created = post_form(
        "/admin/users/new",
        {
            "email": "new@example.org",
            "name": "New Person",
            "role": "trainer",
            "country": "",
            "password": "password123",
        },
    )
    assert created.status_code == 200
    assert "This is a very common password." in created.get_data(as_text=True)
    assert find_user_by_email("new@example.org") is None
    db.session.refresh(person)
    assert person.check_password(PASSWORD)
    assert person.must_change_password is False


def test_the_create_user_command_refuses_a_weak_password(runner):
    args = ["lms", "create-user", "cli@example.org", "--name", "Cli", "--role", "trainer"]
    result = runner.invoke(args=[*args, "--password-stdin"], input="password123\n")
    assert result.exit_code == 1
    assert "very common password" in result.output
    assert find_user_by_email("cli@example.org") is None
    result = runner.invoke(args=[*args, "--password-stdin"], input=f"{DEMO_PASSWORD}\n")
    assert result.exit_code == 0, result.output
