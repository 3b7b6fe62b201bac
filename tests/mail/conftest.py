"""The server application sends through a real SMTP server on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from cartif_lms import create_app
from cartif_lms.mail import transport
from tests.conftest import ServerClient
from tests.mail.smtp import SMTPServer, free_port


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp(smtp_port: int) -> Iterator[SMTPServer]:
    """An SMTP server listening on ``smtp_port`` for the whole test."""
    server = SMTPServer(smtp_port).start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(smtp_port: int) -> dict[str, Any]:
    return {
        "LMS_MAIL_SERVER": "127.0.0.1",
        "LMS_MAIL_PORT": smtp_port,
        "LMS_MAIL_USE_TLS": False,
        "LMS_MAIL_SENDER": "CARTIF LMS <lms@example.org>",
        "LMS_MAIL_TIMEOUT": 5,
    }


@pytest.fixture
def app(app: Flask, mail_settings: dict[str, Any]) -> Flask:
    """The test's own app (whose context ``flask lms`` commands run in) sends there too."""
    app.config.update(mail_settings)
    transport.init_app(app)
    return app


@pytest.fixture
def server(app: Flask, migrated: dict[str, Any], mail_settings: dict[str, Any]) -> Iterator[Flask]:
    """As tests/conftest.py's ``server``, with mail going to ``smtp_port``."""
    server = create_app({**migrated, **mail_settings})
    server.config["TESTING"] = True
    server.test_client_class = ServerClient
    yield server
    server.extensions["cartif_lms"].engine.dispose()
