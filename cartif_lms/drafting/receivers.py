"""What the drafting workbench does when something happens elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import user_logged_in

from ..auth.identity import host_identity
from ..db import EXTENSION_KEY
from .services import purge_rescued_text


def _purge_at_sign_in(app: Flask, **_extra: Any) -> None:
    """Sign-ins are frequent writes anyway: rescued text past its time goes then, even when no
    one posts text after an expired session again."""
    # Not in an app without the LMS, nor at a host's own sign-in (it never commits the LMS's
    # session; see cartif_lms.auth.identity).
    if EXTENSION_KEY in app.extensions and not host_identity(app):
        purge_rescued_text()


def connect() -> None:
    """Blinker keeps one connection per function, so calling this for every app is safe."""
    user_logged_in.connect(_purge_at_sign_in)
