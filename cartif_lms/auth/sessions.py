"""Signed-in sessions kept on the server, so they can be ended before their cookie expires.

The session cookie carries Flask-Login's ``_user_id`` and, under :data:`SESSION_KEY`, a random
session id whose SHA-256 digest names a :class:`UserSession` row. Checking the session costs
no query of its own: the user loader finds the row, the person and their country in the one
statement it already had to run. The last-seen time the idle limit counts from is written at
most every :data:`SEEN_RESOLUTION_SECONDS`, by a conditional UPDATE, and never in the cookie,
so ordinary pages neither write to the database nor re-sign the cookie.

- Signing out deletes the row; so does any change that must end a person's other sessions
  (:func:`end_sessions`: password, role, deactivation).
- A session idle for ``LMS_SESSION_IDLE_MINUTES`` is refused however often its cookie is
  replayed: the UPDATE never moves an expired row's last-seen time. The row is kept for
  ``LMS_RESCUED_TEXT_DAYS`` more, only so that text its owner posts after it expired can be
  kept for them (:func:`expired_session_owner`), then purged at a sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from .. import db
from ..db import utcnow
from .models import User, UserSession

SESSION_KEY = "_lms_sid"
#: The last-seen time is written at most this often (so the idle limit is exact to this).
SEEN_RESOLUTION_SECONDS = 300


#: Built once: this runs on every signed-in request. Inactive people have no session.
_SESSION_WITH_USER = (
    select(UserSession.id, UserSession.last_seen_at, User)
    .join(UserSession.user)
    .where(UserSession.digest == bindparam("digest"), User.active.is_(True))
    .options(joinedload(User.country))
)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["LMS_SESSION_IDLE_MINUTES"])


def _kept_after_expiry() -> timedelta:
    return timedelta(days=current_app.config["LMS_RESCUED_TEXT_DAYS"])


def sign_in(user: User, now: datetime | None = None) -> None:
    """Sign ``user`` in on this browser with a new server-side session (the caller commits)."""
    now = now or utcnow()
    purge_sessions(now)
    # The session this browser had before (signed in as someone else, or expired) ends here:
    # a copy of the old cookie must not outlive the sign-in that replaced it.
    _end_named_session(session.get(SESSION_KEY))
    session_id = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, digest=_digest(session_id), created_at=now, last_seen_at=now)
    db.session.add(row)
    db.session.flush()
    login_user(user)
    session[SESSION_KEY] = session_id
    g.lms_session_id = row.id


def sign_out() -> None:
    """End this browser's session on the server too (the caller commits)."""
    _end_named_session(session.pop(SESSION_KEY, None))
    logout_user()


def _end_named_session(session_id: str | None) -> None:
    if session_id:
        db.session.execute(delete(UserSession).where(UserSession.digest == _digest(session_id)))


def user_for_session(user_id: str, now: datetime | None = None) -> User | None:
    """Flask-Login's user loader: the person whose live session this cookie names, or None."""
    session_id = session.get(SESSION_KEY)
    if not session_id:  # a cookie from before sessions were kept on the server
        return None
    found = db.session.execute(_SESSION_WITH_USER, {"digest": _digest(session_id)}).first()
    if found is None or str(found.User.id) != user_id:
        return None
    now = now or utcnow()
    if now - found.last_seen_at > _idle_limit():
        g.lms_session_expired = True
        return None
    if now - found.last_seen_at > timedelta(seconds=SEEN_RESOLUTION_SECONDS):
        _touch(found.id, now)
    g.lms_session_id = found.id
    user: User = found.User
    return user


def _touch(row_id: int, now: datetime) -> None:
    """Move last-seen to ``now`` unless another request just did, or the session expired.

    Committed at once, in its own short transaction: the loader runs before the view has done
    anything (app_setup.end_idle_session loads the person first), so nothing of the view's is
    committed early.
    """
    db.session.execute(
        update(UserSession)
        .where(
            UserSession.id == row_id,
            UserSession.last_seen_at < now - timedelta(seconds=SEEN_RESOLUTION_SECONDS),
            UserSession.last_seen_at >= now - _idle_limit(),
        )
        .values(last_seen_at=now)
    )
    db.session.commit()


def close_ended_session() -> bool:
    """Forget, in the cookie, a session the server no longer accepts; True if it went idle.

    An idle session's id stays in the cookie, so text posted from a page left open can still
    be kept for its owner; a session that was ended on purpose is forgotten entirely.
    """
    expired = bool(g.pop("lms_session_expired", False))
    if not expired:
        session.pop(SESSION_KEY, None)
    logout_user()
    return expired


def current_session_id() -> int | None:
    """The row of the session this request is signed in with (None for API tokens)."""
    session_id: int | None = g.get("lms_session_id")
    return session_id


def end_sessions(user: User, keep: int | None = None) -> None:
    """End every session of ``user`` but ``keep`` (the one making the change, if theirs)."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    db.session.execute(stmt)


def expired_session_owner(now: datetime | None = None) -> User | None:
    """Whose session, idle past the limit but not yet purged, this cookie names, if any."""
    session_id = session.get(SESSION_KEY)
    if not session_id:
        return None
    now = now or utcnow()
    return db.session.scalar(
        select(User)
        .join(UserSession.user)
        .where(
            UserSession.digest == _digest(session_id),
            UserSession.last_seen_at < now - _idle_limit(),
            UserSession.last_seen_at >= now - _idle_limit() - _kept_after_expiry(),
            User.active.is_(True),
        )
    )


def purge_sessions(now: datetime | None = None) -> None:
    """Delete sessions idle for longer than the limit plus the time text is kept after it."""
    cutoff = (now or utcnow()) - _idle_limit() - _kept_after_expiry()
    db.session.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff))
