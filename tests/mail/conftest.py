"""The server application sends through a real SMTP server on a loopback port."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from cartif_lms.mail import transport


@pytest.fixture
def app(app: Flask, mail_settings: dict[str, Any]) -> Flask:
    """The test's own app (whose context ``flask lms`` commands run in) sends there too."""
    app.config.update(mail_settings)
    transport.init_app(app)
    return app


@pytest.fixture
def server(mailing_server: Flask) -> Flask:
    return mailing_server
