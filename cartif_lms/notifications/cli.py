"""``flask lms notify-due``: the notifications that depend on the date, for the nightly run."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from .. import db
from ..mail import outbox
from .services import notify_due


@click.command("notify-due")
def notify_due_command() -> None:
    """Tell about designations ending within 60 days and overdue peer reviews (once each)."""
    told = notify_due()
    db.session.commit()
    sent, failed = outbox.flush()
    click.echo(notified_line(told, sent, failed))


def notified_line(told: int, sent: int, failed: int) -> str:
    """The last line of ``notify-due`` and ``nightly``: what was told and mailed."""
    line: str = _(
        "%(told)s new notification(s); %(sent)s e-mail(s) sent, %(failed)s to retry.",
        told=told,
        sent=sent,
        failed=failed,
    )
    return line
