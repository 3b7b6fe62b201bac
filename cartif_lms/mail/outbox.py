"""Queue mail with the action; send it after the response; retry what failed, with backoff."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy import or_, select, update

from .. import db
from ..db import utcnow
from . import transport
from .models import MailAttachment, MailMessage

#: How long a sender holds a message it claimed before another may try it.
CLAIM = timedelta(minutes=5)
#: Retries wait 1, 2, 4 ... minutes, at most this long.
LONGEST_WAIT = timedelta(hours=6)
#: After this many failed attempts a message is kept, with its error, but no longer tried.
MAX_ATTEMPTS = 10
#: A flush after a request sends at most this many (``lms send-mail`` sends every due one).
BATCH = 20


def queue_mail(to: str, subject: str, body: str, language: str | None = None) -> MailMessage:
    """Add a message to the outbox in the caller's transaction; it is sent after commit.

    Mail to a person is written in their language: use ``letters.mail_to``, which calls this.
    """
    message = MailMessage(
        to=to, subject=subject[:255], body=body, language=language, next_attempt_at=utcnow()
    )
    db.session.add(message)
    g._lms_mail_queued = True
    return message


def attach(message: MailMessage, filename: str, content_type: str, content: bytes) -> None:
    """Send ``content`` with ``message`` as a file (kept in the outbox with it)."""
    db.session.add(
        MailAttachment(
            message=message, filename=filename, content_type=content_type, content=content
        )
    )


def send_after_response(response: Response) -> Response:
    """``after_request``: when this request queued mail, flush the outbox once the response
    has gone to the client, so neither SMTP's speed nor its failures touch the request."""
    if g.pop("_lms_mail_queued", False):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        response.call_on_close(lambda: flush_in(app, BATCH))
    return response


def flush_in(app: Flask, limit: int | None) -> None:
    """Flush the outbox in a fresh application context (the request's is gone by then)."""
    with app.app_context():
        try:
            flush(limit)
        except Exception:  # never let mail break the worker
            app.logger.exception("Flushing the mail outbox failed; `lms send-mail` will retry")
            db.session.rollback()


def flush(
    limit: int | None = None, now: datetime | None = None, retry_now: bool = False
) -> tuple[int, int]:
    """Send due messages (with ``retry_now``, every unsent one), each claimed first so no two
    senders send one; says (sent, failed)."""
    sent = failed = 0
    for message_id in _due(limit, now or utcnow(), retry_now):
        outcome = _send_one(message_id, retry_now)
        if outcome is True:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed


def _due(limit: int | None, now: datetime, retry_now: bool) -> list[int]:
    stmt = select(MailMessage.id).where(MailMessage.sent_at.is_(None))
    if not retry_now:
        stmt = stmt.where(MailMessage.next_attempt_at <= now)
    stmt = stmt.order_by(MailMessage.id).limit(limit)
    ids = list(db.session.scalars(stmt))
    db.session.commit()
    return ids


def _send_one(message_id: int, retry_now: bool) -> bool | None:
    """True: sent; False: failed (retried later); None: another sender has it."""
    now = utcnow()
    stmt = update(MailMessage).where(
        MailMessage.id == message_id,
        MailMessage.sent_at.is_(None),
        or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until < now),
    )
    if not retry_now:
        stmt = stmt.where(MailMessage.next_attempt_at <= now)
    claimed = db.rows_changed(
        stmt.values(claimed_until=now + CLAIM, attempts=MailMessage.attempts + 1).execution_options(
            synchronize_session=False
        )
    )
    db.session.commit()
    if claimed != 1:
        return None
    message = db.session.get_one(MailMessage, message_id)
    db.session.refresh(message)
    try:
        transport.deliver(
            message.to,
            message.subject,
            message.body,
            message.language,
            [(a.filename, a.content, a.content_type) for a in message.attachments],
        )
    except Exception as error:  # SMTP, DNS, sockets, TLS: all are retried
        _failed(message, error)
        return False
    message.sent_at = utcnow()
    message.last_error = None
    message.claimed_until = None
    db.session.commit()
    return True


def _failed(message: MailMessage, error: Exception) -> None:
    message.claimed_until = None
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.next_attempt_at = None
        current_app.logger.error(
            "Giving up mail %s to %s after %s attempts: %s",
            message.id,
            message.to,
            message.attempts,
            message.last_error,
        )
    else:
        message.next_attempt_at = utcnow() + backoff(message.attempts)
        current_app.logger.warning(
            "Mail %s to %s failed (attempt %s), retrying at %s: %s",
            message.id,
            message.to,
            message.attempts,
            message.next_attempt_at,
            message.last_error,
        )
    db.session.commit()


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failures: 1, 2, 4 ... minutes."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), LONGEST_WAIT)


def pending() -> list[MailMessage]:
    """Messages not sent yet, oldest first."""
    stmt = select(MailMessage).where(MailMessage.sent_at.is_(None)).order_by(MailMessage.id)
    return list(db.session.scalars(stmt))


def register(app: Flask, root: Any) -> None:
    """Check the settings and flush after each request that queued mail."""
    transport.init_app(app)
    root.after_request(send_after_response)
