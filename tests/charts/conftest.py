"""Charts are drawn by the app's Jinja macros, so every chart test runs inside an app context."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from cartif_lms import create_app


@pytest.fixture(scope="module")
def chart_app(app_config: dict[str, Any]) -> Flask:
    # No database is touched: drawing a chart needs only the templates and Flask-Babel.
    return create_app(app_config)


@pytest.fixture(autouse=True)
def app_context(chart_app: Flask) -> Iterator[None]:
    # A fresh context per test, so a test that swaps the translations leaves no trace.
    with chart_app.app_context():
        yield
