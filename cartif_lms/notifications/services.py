"""Telling people: store the notification, count it unread, queue its e-mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel.speaklater import LazyString
from sqlalchemy import select, update
from werkzeug.routing import BuildError

from .. import db
from ..auth.models import User
from ..db import utcnow
from ..mail.letters import mail_to
from .models import Notification
from .registry import Delivery, NotificationKind, all_kinds, kind_named

#: How many the home page lists.
LATEST = 5


@dataclass(frozen=True)
class Shown:
    """A notification as a page shows it."""

    notification: Notification
    text: str
    url: str | None

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def tell(kind: NotificationKind, deliveries: Iterable[Delivery], at: datetime) -> int:
    """Record each delivery once (unique per person, kind and subject); say how many were new."""
    told = 0
    for delivery in deliveries:
        if _record(kind, delivery, at):
            told += 1
    return told


def _record(kind: NotificationKind, delivery: Delivery, at: datetime) -> bool:
    inserted = db.session.execute(
        db.insert_for(Notification)
        .values(
            user_id=delivery.user_id,
            kind=kind.name,
            subject_id=delivery.subject_id,
            created_at=at,
            payload=delivery.payload(),
        )
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "subject_id"])
        .returning(Notification.id)
    ).first()
    if inserted is None:
        return False
    # Atomic, so concurrent notifications and "mark all read" keep the count exact.
    db.session.execute(
        update(User)
        .where(User.id == delivery.user_id)
        .values(unread_notifications=User.unread_notifications + 1)
        .execution_options(synchronize_session=False)
    )
    person = db.session.get(User, delivery.user_id)
    if person is not None and person.active and person.email_notifications:
        _queue_mail(kind, delivery, person, at)
    return True


def _queue_mail(kind: NotificationKind, delivery: Delivery, person: User, at: datetime) -> None:
    """The e-mail, in the person's language and time zone, linking to the same page."""
    mail_to(
        person,
        kind.title,
        "notification.txt",
        text=LazyString(kind.text, delivery.values),  # written in the person's language
        at=at,
        url=external_url(delivery.endpoint, delivery.args),
        profile_url=external_url("lms.profile.edit", {}),
    )


def external_url(endpoint: str, args: Mapping[str, Any]) -> str | None:
    """The link's full address: the request's host, else LMS_BASE_URL (commands have none)."""
    return link(endpoint, args, external=True)


def link(endpoint: str, args: Mapping[str, Any], external: bool = False) -> str | None:
    """The page a notification links to (None if the page no longer exists)."""
    try:
        if has_request_context():
            return url_for(endpoint, _external=external, **args)
        base = current_app.config.get("LMS_BASE_URL") or "http://localhost:5000"
        with current_app.test_request_context("/", base_url=base):
            return url_for(endpoint, _external=external, **args)
    except BuildError:
        return None


def connect() -> None:
    """Listen to every registered kind's signal (idempotent: blinker keeps one of each)."""
    for kind in all_kinds():
        if kind.signal is not None:
            kind.signal.connect(_receiver(kind), weak=False)


_RECEIVERS: dict[str, Any] = {}


def _receiver(kind: NotificationKind) -> Any:
    if kind.name not in _RECEIVERS:

        def receive(_sender: Any, **keywords: Any) -> None:
            assert kind.deliveries is not None
            tell(kind, kind.deliveries(**keywords), keywords.get("at") or utcnow())

        _RECEIVERS[kind.name] = receive
    return _RECEIVERS[kind.name]


def notify_due(today: date | None = None) -> int:
    """Run every kind's sweep (expiring designations, overdue reviews); idempotent."""
    today = today or utcnow().date()
    told = 0
    for kind in all_kinds():
        if kind.sweep is not None:
            told += tell(kind, kind.sweep(today), utcnow())
    return told


# --- reading -------------------------------------------------------------------------------


def shown(notification: Notification) -> Shown:
    """Its sentence and link, in the reader's language."""
    kind = kind_named(notification.kind)
    payload = notification.payload or {}
    text = kind.text(payload.get("values", {})) if kind else notification.kind
    endpoint = payload.get("endpoint")
    url = link(endpoint, payload.get("args", {})) if endpoint else None
    return Shown(notification, text, url)


def notifications_of(user: User, limit: int | None = None) -> list[Shown]:
    """A person's notifications, newest first."""
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return [shown(n) for n in db.session.scalars(stmt)]


def mark_all_read(user: User, now: datetime | None = None) -> int:
    """Mark every unread notification read and zero the count; say how many were unread."""
    # The person's row first: a notification arriving meanwhile waits for this to commit
    # (its count update needs the row), so it is neither lost nor counted as read.
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(unread_notifications=0)
        .execution_options(synchronize_session=False)
    )
    marked = db.rows_changed(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)
    return marked
