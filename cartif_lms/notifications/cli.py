"""``flask lms notify-due``: the notifications that depend on the date, for the nightly run."""

from __future__ import annotations

import click

from .. import db
from ..mail import outbox
from .services import notify_due


@click.command("notify-due")
def notify_due_command() -> None:
    """Tell about designations ending within 60 days and overdue peer reviews (once each)."""
    told = notify_due()
    db.session.commit()
    sent, failed = outbox.flush()
    click.echo(f"{told} new notification(s); {sent} e-mail(s) sent, {failed} to retry.")
