"""Forgotten passwords: a signed, single-use link by e-mail, and the reset it allows.

The link carries the person's id, signed with the app's secret (itsdangerous) and a salt that
holds a digest of their current password hash: once the password changes (by this link or
any other way) every link issued before is dead, so a link works once. It also expires after
``LMS_PASSWORD_RESET_MINUTES``. The request form answers the same whatever the address, and
is throttled per address typed and per client like sign-ins (``lms_login_attempt``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from .. import db
from ..audit import Action, record
from ..db import utcnow
from ..mail.letters import mail_to
from .models import LoginAttempt, LoginOutcome, User
from .services import AccountError, _locked, _record, find_user_by_email, normalise_email
from .services import set_password as _set_password

SALT = "lms-password-reset"
#: Requests for one address (whoever asks), and from one client, within the sign-in window.
MAX_REQUESTS_PER_ACCOUNT = 3


class ResetLinkError(AccountError):
    """A reset link that cannot be used; the message says why, for the person holding it."""


def _salt(user: User) -> str:
    return f"{SALT}:{hashlib.sha256(user.password_hash.encode()).hexdigest()}"


def _serializer(salt: str, issued_at: datetime | None = None) -> URLSafeTimedSerializer:
    secret = current_app.secret_key
    assert secret is not None  # config.py always provides one
    if issued_at is None:
        return URLSafeTimedSerializer(secret, salt=salt)
    timestamp = int(issued_at.timestamp())

    class SignedAt(TimestampSigner):  # a link issued earlier (tests of expiry)
        def get_timestamp(self) -> int:
            return timestamp

    return URLSafeTimedSerializer(secret, salt=salt, signer=SignedAt)


def reset_token(user: User, issued_at: datetime | None = None) -> str:
    """The signed token of ``user``'s reset link (``issued_at`` as if made then, UTC)."""
    return _serializer(_salt(user), issued_at).dumps(user.id)


def user_for_reset(token: str) -> User:
    """The active person this link resets, or ResetLinkError saying why it cannot be used."""
    _valid, claimed = URLSafeTimedSerializer("unused").loads_unsafe(token)  # checked below
    in_range = type(claimed) is int and 0 < claimed < 2**31  # the database's integers
    user = db.session.get(User, claimed) if in_range else None
    if user is None or not user.active:
        raise ResetLinkError(_("This link is not valid. Ask for a new one."))
    max_age = current_app.config["LMS_PASSWORD_RESET_MINUTES"] * 60
    try:
        _serializer(_salt(user)).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ResetLinkError(_("This link has expired. Ask for a new one.")) from error
    except BadSignature as error:
        raise ResetLinkError(
            _("This link was already used, or the password changed since. Ask for a new one.")
        ) from error
    return user


def reset_with_link(token: str, password: str) -> User:
    """Set the new password the link allows; it ends every session of that person and kills
    the link (its salt changes with the password). Nothing changes when a rule is broken."""
    user = user_for_reset(token)
    _set_password(user, password)
    record(
        Action.password_reset,
        actor=user,  # the link's holder, who is not signed in
        subject_user_id=user.id,
        country_id=user.country_id,
        object_type="lms_user",
        object_id=user.id,
        details={"via": "reset_link"},
    )
    return user


def request_reset(email: str, address: str, now: datetime | None = None) -> bool:
    """Queue a reset link for ``email`` if an active account has it; False when throttled.

    The answer does not depend on whether the account exists: throttling counts the address
    typed and the client, not the account.
    """
    now = now or utcnow()
    email = normalise_email(email)
    window = timedelta(minutes=current_app.config["LMS_LOGIN_WINDOW_MINUTES"])
    address_limit = current_app.config["LMS_LOGIN_MAX_FAILURES_PER_ADDRESS"]
    requested = LoginOutcome.reset
    if _locked(LoginAttempt.email == email, MAX_REQUESTS_PER_ACCOUNT, window, now, requested) or (
        _locked(LoginAttempt.address == address, address_limit, window, now, requested)
    ):
        return False
    _record(email, address, LoginOutcome.reset, now)
    user = find_user_by_email(email)
    if user is not None and user.active:
        _send_link(user)
    return True


def _send_link(user: User) -> None:
    minutes = current_app.config["LMS_PASSWORD_RESET_MINUTES"]
    url = url_for("lms.password.reset", token=reset_token(user), _external=True)
    subject = _l("Choose a new password for CARTIF LMS")
    mail_to(user, subject, "password_reset.txt", url=url, minutes=minutes)
