"""The standalone application: ``create_app()`` is the LMS mounted at the root of its own app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .app_setup import register_app_error_pages
from .extension import LMS


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the standalone LMS; ``config`` overrides any ``LMS_*`` setting (tests use it)."""
    app = Flask("cartif_lms", static_folder=None)
    LMS(app, url_prefix="", config=config)
    register_app_error_pages(app)
    return app
