"""Accounts, sign-in with throttling, and API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import db
from ..db import utcnow
from ..directory.models import Country
from .models import Gender, LoginAttempt, LoginOutcome, Role, User
from .password_policy import password_problem, personal_words
from .sessions import end_sessions
from .tokens import TOKEN_PREFIX as TOKEN_PREFIX  # re-exported: tokens live in .tokens
from .tokens import api_token_user as api_token_user
from .tokens import issue_token as issue_token
from .tokens import user_for_token as user_for_token

#: Checked for unknown emails too, so both answers take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """An account request that breaks a rule; the message is for the person asking."""


def require_country(role: Role, country: Country | None) -> None:
    """Learners and focal points belong to a country (the one rule, wherever roles are set)."""
    if role.needs_country and country is None:
        raise AccountError(
            _l("A %(role)s must belong to a country.", role=role.value.replace("_", " "))
        )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    role: Role,
    password: str,
    country: Country | None = None,
    gender: Gender | None = None,
) -> User:
    """Create an account; learners and focal points must belong to a country."""
    require_country(role, country)
    check_password_policy(password, name, email)
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email already exists."))
    user = User(
        email=normalise_email(email), name=name.strip(), role=role, country=country, gender=gender
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def check_password_policy(password: str, name: str, email: str) -> None:
    """Refuse a password too short or too easy to guess (see auth.password_policy)."""
    problem = password_problem(password, personal_words(name, email))
    if problem is not None:
        raise AccountError(problem)


def set_password(
    user: User, password: str, keep_session: int | None = None, must_change: bool = False
) -> None:
    """Change ``user``'s password and end their sessions, but ``keep_session`` (the one
    making the change, when it is theirs): whoever knew the old password is signed out.
    ``must_change`` (an administrator's reset) makes them choose their own at next sign-in."""
    check_password_policy(password, user.name, user.email)
    user.set_password(password)
    user.must_change_password = must_change
    end_sessions(user, keep=keep_session)
    db.session.flush()


def change_own_password(
    user: User, current: str, new: str, address: str, keep_session: int | None
) -> SignInResult:
    """Change a signed-in person's password once they confirm the current one (the check is
    throttled like a sign-in); their other sessions end."""
    check = check_credentials(user.email, current, address, utcnow())
    if check.result is SignInResult.ok:
        set_password(user, new, keep_session=keep_session)
    return check.result


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivating ends all its sessions."""
    user.active = active
    if not active:
        end_sessions(user)
    db.session.flush()


class SignInResult(StrEnum):
    ok = "ok"
    invalid = "invalid"  #: unknown email, wrong password or inactive account: one answer
    throttled = "throttled"


@dataclass(frozen=True)
class SignIn:
    result: SignInResult
    user: User | None = None


def authenticate(email: str, password: str, address: str, now: datetime | None = None) -> SignIn:
    """Check a sign-in, refusing it while the account or the client address is throttled."""
    now = now or utcnow()
    outcome = check_credentials(email, password, address, now)
    if outcome.user is not None:
        outcome.user.last_login_at = now
    return outcome


def check_credentials(email: str, password: str, address: str, now: datetime) -> SignIn:
    """Check an email and password, counted by the sign-in throttle (also when a signed-in
    person confirms their password, so a stolen session cannot guess it without limit)."""
    email = normalise_email(email)
    if _throttled(email, address, now):
        _record(email, address, LoginOutcome.refused, now)
        return SignIn(SignInResult.throttled)
    user = find_user_by_email(email)
    password_ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not password_ok or not user.active:
        _record(email, address, LoginOutcome.failure, now)
        return SignIn(SignInResult.invalid)
    _record(email, address, LoginOutcome.success, now)
    return SignIn(SignInResult.ok, user)


def _record(email: str, address: str, outcome: LoginOutcome, now: datetime) -> None:
    db.session.add(LoginAttempt(email=email, address=address, outcome=outcome, at=now))
    db.session.flush()


def _throttled(email: str, address: str, now: datetime) -> bool:
    config = current_app.config
    window = timedelta(minutes=config["LMS_LOGIN_WINDOW_MINUTES"])
    account_limit = config["LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    address_limit = config["LMS_LOGIN_MAX_FAILURES_PER_ADDRESS"]
    return _locked(LoginAttempt.email == email, account_limit, window, now) or _locked(
        LoginAttempt.address == address, address_limit, window, now
    )


def _locked(
    who: ColumnElement[bool],
    limit: int,
    window: timedelta,
    now: datetime,
    counted: LoginOutcome = LoginOutcome.failure,
) -> bool:
    """Locked when ``limit`` failures (or other ``counted`` attempts) fell within one window
    that ended less than a window ago.

    The lock starts at the failure that reached the limit and lasts one window, whatever is
    tried meanwhile (refused attempts are not counted as failures, so they do not extend it).
    """
    failures = list(
        db.session.scalars(
            select(LoginAttempt.at)
            .where(who, LoginAttempt.outcome == counted)
            .where(LoginAttempt.at > now - 2 * window)
            .order_by(LoginAttempt.at)
        )
    )
    for index in range(limit - 1, len(failures)):
        reached_at = failures[index]
        if reached_at - failures[index - limit + 1] <= window and now - reached_at < window:
            return True
    return False


#: The ``address`` of attempts another feature counts with the sign-in throttle (guessing an
#: attendance code, say), so they never count against a client address's sign-ins.
FEATURE_ADDRESS = "-"


def guesses_throttled(key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """The sign-in throttle for another feature's guesses: ``key`` (such as "checkin:12",
    never an e-mail address) is locked like an account after ``limit`` failures in a window."""
    return _locked(LoginAttempt.email == key, limit, window, now)


def record_failed_guess(key: str, now: datetime) -> None:
    """Count one wrong guess for :func:`guesses_throttled`."""
    _record(key, FEATURE_ADDRESS, LoginOutcome.failure, now)
