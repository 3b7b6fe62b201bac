"""API tokens: issuing, looking up, listing and revoking them.

A token is shown once, when it is made; only its SHA-256 digest is stored. A token opens the
JSON API until it is revoked or its expiry date (the last day it works, in UTC) has passed; a
refused token's reason (:func:`api_token_refusal`) is what the API's 401 says.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from flask import g
from flask_babel import gettext as _
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import db
from ..audit import Action, record
from ..db import utcnow
from ..security.csrf import bearer_token, on_api
from ..security.permissions import Permission, can
from .models import ApiToken, User

TOKEN_PREFIX = "lms_"
#: ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)

log = logging.getLogger(__name__)


class TokenError(ValueError):
    """A token request that breaks a rule; the message is for the person asking."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str = "", expires_on: date | None = None) -> str:
    """Create an API token for ``user`` and return it; only its digest is stored."""
    if expires_on is not None and expires_on < utcnow().date():
        raise TokenError(_("The expiry date has passed already."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, digest=_digest(token), name=name, expires_on=expires_on)
    db.session.add(row)
    db.session.flush()
    expires = expires_on.isoformat() if expires_on else None
    _audit(Action.token_created, row, {"expires_on": expires})
    return token


def _audit(action: Action, row: ApiToken, details: dict[str, Any] | None = None) -> None:
    """One trail entry about ``row`` (by the signed-in person; nobody on the command line)."""
    owner = row.user
    record(
        action,
        subject_user_id=owner.id,
        country_id=owner.country_id,
        object_type="lms_api_token",
        object_id=row.id,
        details=details,
    )


def refusal(row: ApiToken | None, today: date) -> str | None:
    """Why ``row`` opens nothing today (for the API's 401), or None when it is valid.

    In English, like the API's other messages: it is decided while the person is looked up,
    before the locale (which depends on the person) can be chosen.
    """
    if row is None:
        return "This API token is not known."
    if row.revoked_at is not None:
        return f"This token was revoked on {row.revoked_at.date().isoformat()}."
    if row.expires_on is not None and row.expires_on < today:
        return f"This token expired on {row.expires_on.isoformat()}."
    if not row.user.active:
        return "The account this token belongs to is deactivated."
    return None


#: Built once: this runs on every API request with a token. One statement finds the token, its
#: owner and their country, as a session's lookup does, so a token costs no more than a session.
_TOKEN_WITH_USER = (
    select(ApiToken)
    .where(ApiToken.digest == bindparam("digest"))
    .options(joinedload(ApiToken.user).joinedload(User.country))
)


def check_token(token: str) -> tuple[User | None, str | None]:
    """The active user a valid ``token`` names, or None and why it is refused."""
    row = db.session.scalar(_TOKEN_WITH_USER, {"digest": _digest(token)})
    now = utcnow()
    reason = refusal(row, now.date())
    if row is None or reason is not None:
        return None, reason
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        _note_use(row, now)
    return row.user, None


def _note_use(row: ApiToken, now: datetime) -> None:
    """Save that ``row`` was used ``now``, if nobody saved a use in the last minute.

    Its own short transaction on its own connection, committed at once: the request's
    transaction stays read-only (a GET commits nothing, so a write there was lost) and holds no
    lock on the token row. The condition makes it race-free across workers: of many requests
    at once, the first writes and the others (waiting only for that commit) match no row.
    """
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - LAST_USED_EVERY)
    try:
        with db.lms_state().engine.begin() as connection:
            connection.execute(
                update(ApiToken).where(ApiToken.id == row.id, stale).values(last_used_at=now)
            )
    except SQLAlchemyError as error:  # bookkeeping only: the request goes on without it
        log.warning("could not save the last use of API token %s: %s", row.id, error)
        return
    # The session's copy shows it too, without becoming a pending change of the request.
    set_committed_value(row, "last_used_at", now)


def user_for_token(token: str) -> User | None:
    """The active user owning a valid (unrevoked, unexpired) ``token``, or None."""
    return check_token(token)[0]


def api_token_user() -> User | None:
    """The active person a valid bearer token on a JSON API request names, or None.

    Tokens open the API only (pages need a session). Looked up once per request: the CSRF
    check and the login manager both ask.
    """
    if "lms_token_user" not in g:
        token = bearer_token()
        found, reason = check_token(token) if token and on_api() else (None, None)
        g.lms_token_user, g.lms_token_refusal = found, reason
    user: User | None = g.lms_token_user
    return user


def api_token_refusal() -> str | None:
    """Why the bearer token on this API request was refused, or None (valid, or none sent)."""
    api_token_user()
    reason: str | None = g.lms_token_refusal
    return reason


def tokens_visible_to(viewer: User) -> Sequence[ApiToken]:
    """The tokens ``viewer`` may list and revoke: their own; an administrator's, everyone's."""
    query = select(ApiToken).options(joinedload(ApiToken.user))
    if not can(viewer, Permission.manage_users):
        query = query.where(ApiToken.user_id == viewer.id)
    return db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()


def token_visible_to(viewer: User, token_id: int) -> ApiToken | None:
    """Token ``token_id`` if ``viewer`` may see it (their own, or any for an admin), else None."""
    row = db.session.get(ApiToken, token_id)
    if row is None or (row.user_id != viewer.id and not can(viewer, Permission.manage_users)):
        return None
    return row


def revoke_token(row: ApiToken) -> bool:
    """Revoke ``row`` from now on; False when it was revoked already (nothing changes).

    A conditional UPDATE: of two revocations at once, one revokes and the other changes nothing.
    """
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == row.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    if not revoked.rowcount:  # type: ignore[attr-defined]
        return False
    _audit(Action.token_revoked, row)
    return True
