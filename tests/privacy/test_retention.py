"""Sign-in attempts are kept LMS_LOGIN_ATTEMPT_DAYS, then `flask lms nightly` purges them with
the rest of what is kept only for a while."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import LoginAttempt, LoginOutcome
from cartif_lms.db import utcnow
from cartif_lms.privacy.retention import purge_login_attempts


def attempt(days_ago: float, email: str = "someone@example.org") -> None:
    db.session.add(
        LoginAttempt(
            email=email,
            address="192.0.2.1",
            outcome=LoginOutcome.failure,
            at=utcnow() - timedelta(days=days_ago),
        )
    )
    db.session.commit()


def kept_ages() -> list[int]:
    db.session.expire_all()
    now = utcnow()
    return sorted(round((now - at).days) for at in db.session.scalars(select(LoginAttempt.at)))


def test_the_nightly_run_purges_attempts_older_than_the_setting(app, runner) -> None:
    for days in (1, 89, 91, 400):
        attempt(days)
    result = runner.invoke(args=["lms", "nightly"])
    assert result.exit_code == 0, result.output
    assert "Purged sign-in attempts: 2." in result.output
    assert "Purged text rescued from expired sessions." in result.output
    assert "Roll-ups rebuilt." in result.output
    assert "new notification(s)" in result.output
    assert kept_ages() == [1, 89]


def test_the_setting_says_how_long(app) -> None:
    for days in (5, 15):
        attempt(days)
    app.config["LMS_LOGIN_ATTEMPT_DAYS"] = 10
    assert purge_login_attempts() == 1
    db.session.commit()
    assert kept_ages() == [5]


def test_attempts_the_throttling_still_counts_are_never_purged(app) -> None:
    attempt(0.001)  # a minute and a half ago, inside the 15-minute window
    app.config["LMS_LOGIN_ATTEMPT_DAYS"] = 0
    assert purge_login_attempts() == 0


def test_a_second_run_purges_nothing_more(app, runner) -> None:
    attempt(100)
    runner.invoke(args=["lms", "nightly"])
    result = runner.invoke(args=["lms", "nightly"])
    assert "Purged sign-in attempts: 0." in result.output
