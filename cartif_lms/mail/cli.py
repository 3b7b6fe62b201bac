"""``flask lms send-mail``: send what the outbox holds (retries included)."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from . import outbox


@click.command("send-mail")
@click.option("--now", "retry_now", is_flag=True, help="Also retry messages still backing off.")
def send_mail(retry_now: bool) -> None:
    """Send every due message of the outbox; failures stay queued and are retried later."""
    sent, failed = outbox.flush(retry_now=retry_now)
    click.echo(
        _(
            "Sent %(sent)s message(s); %(failed)s failed and will be retried.",
            sent=sent,
            failed=failed,
        )
    )
    if failed:
        raise SystemExit(1)
