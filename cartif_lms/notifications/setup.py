"""Wiring: mail settings, the outbox flush, the kinds' receivers and the commands."""

from __future__ import annotations

import click
from flask import Flask

from ..mail import outbox, transport
from ..mail.cli import send_mail
from . import kinds  # noqa: F401  (importing it registers the shipped kinds)
from .cli import notify_due_command
from .services import connect


def init_app(app: Flask, lms_group: click.Group) -> None:
    """Called by the extension once the LMS is set up on ``app``, with the ``flask lms``
    group (the page is a child of the LMS blueprint, registered in ``app_setup``)."""
    transport.init_app(app)
    # On the app, since the LMS blueprint is registered by now; it acts only on a request that
    # queued mail, which only LMS code does.
    app.after_request(outbox.send_after_response)
    connect()
    for command in (send_mail, notify_due_command):
        if command.name not in lms_group.commands:
            lms_group.add_command(command)
