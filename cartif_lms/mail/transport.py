"""Handing one message to SMTP (Flask-Mailman), or to the log when no server is configured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask, current_app
from flask_mailman import EmailMessage, Mail

from ..config import ConfigError

#: Without LMS_MAIL_SERVER, messages are written to the log instead (outside production).
LOG_ONLY = "log"


def init_app(app: Flask) -> None:
    """Check the mail settings; production refuses to start without an SMTP server."""
    if not app.config.get("LMS_MAIL_SERVER"):
        if app.config.get("LMS_ENV") == "production":
            raise ConfigError(
                "LMS_MAIL_SERVER is not set: production needs an SMTP server to send mail"
            )
        return
    if app.config.get("LMS_MAIL_USE_TLS") and app.config.get("LMS_MAIL_USE_SSL"):
        raise ConfigError("LMS_MAIL_USE_TLS and LMS_MAIL_USE_SSL exclude each other: set one")
    if "mailman" not in app.extensions:  # a host may have its own Flask-Mailman already
        Mail().init_app(app)


def deliver(
    to: str,
    subject: str,
    body: str,
    language: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> str:
    """Send one message (saying its ``language`` in Content-Language); raises on any SMTP or
    network failure. Says how it went out."""
    config = current_app.config
    if not config.get("LMS_MAIL_SERVER"):
        current_app.logger.info(
            "E-mail (no LMS_MAIL_SERVER, so logged, not sent) to %s: %s\n%s", to, subject, body
        )
        return LOG_ONLY
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=config["LMS_MAIL_SENDER"],
        to=[to],
        headers={"Content-Language": language} if language else None,
        connection=_connection(config),
    )
    for filename, content, content_type in attachments:  # (name, bytes, MIME type)
        message.attach(filename, content, content_type)
    message.send(fail_silently=False)
    return "smtp"


def _connection(config: Any) -> Any:
    """An SMTP connection from the LMS_MAIL_* settings (never the host's MAIL_* ones)."""
    mail = current_app.extensions["mailman"]
    return mail.get_connection(
        backend="smtp",
        host=config["LMS_MAIL_SERVER"],
        port=config["LMS_MAIL_PORT"],
        username=config.get("LMS_MAIL_USERNAME") or "",
        password=config.get("LMS_MAIL_PASSWORD") or "",
        use_tls=bool(config.get("LMS_MAIL_USE_TLS")),
        use_ssl=bool(config.get("LMS_MAIL_USE_SSL")),
        timeout=config["LMS_MAIL_TIMEOUT"],
    )
