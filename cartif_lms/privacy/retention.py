"""How long the LMS keeps what it keeps only for a while, and the purge of each, which
``flask lms nightly`` runs: one entry per kind of record, so a new one joins with one
:func:`register` call.

Some are also purged as they are used (rescued text and sessions at a sign-in); the nightly
run makes sure nothing outlives its time on a site nobody signs in to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from .. import db
from ..auth.models import LoginAttempt
from ..auth.registration import purge_unconfirmed
from ..auth.sessions import purge_sessions
from ..db import utcnow
from ..drafting.services import purge_rescued_text
from ..i18n import N_


@dataclass(frozen=True)
class Retention:
    what: str  #: for the command's report, translated where shown: "sign-in attempts"
    setting: str  #: the setting that says how long
    #: ``purge(now)`` deletes what is past its time; how many rows, when it knows.
    purge: Callable[[datetime], int | None]


_RETENTIONS: list[Retention] = []


def register(retention: Retention) -> Retention:
    _RETENTIONS.append(retention)
    return retention


def purge_login_attempts(now: datetime | None = None) -> int:
    """Delete sign-in attempts older than ``LMS_LOGIN_ATTEMPT_DAYS``, never one the
    throttling still counts (``LMS_LOGIN_WINDOW_MINUTES``)."""
    config = current_app.config
    kept = max(
        timedelta(days=config["LMS_LOGIN_ATTEMPT_DAYS"]),
        timedelta(minutes=config["LMS_LOGIN_WINDOW_MINUTES"]),
    )
    cutoff = (now or utcnow()) - kept
    return db.rows_changed(delete(LoginAttempt).where(LoginAttempt.at < cutoff))


def purge_expired(now: datetime | None = None) -> list[tuple[Retention, int | None]]:
    """Run every purge (the caller commits); what each removed."""
    now = now or utcnow()
    return [(retention, retention.purge(now)) for retention in _RETENTIONS]


register(Retention(N_("sign-in attempts"), "LMS_LOGIN_ATTEMPT_DAYS", purge_login_attempts))
register(
    Retention(N_("text rescued from expired sessions"), "LMS_RESCUED_TEXT_DAYS", purge_rescued_text)
)
register(
    Retention(
        N_("expired sessions"), "LMS_SESSION_IDLE_MINUTES + LMS_RESCUED_TEXT_DAYS", purge_sessions
    )
)
register(
    Retention(
        N_("account requests never confirmed"), "LMS_ACCOUNT_REQUEST_HOURS", purge_unconfirmed
    )
)
