"""CSRF: every state-changing LMS request carries a valid Flask-WTF token.

Checked once, before the view, so no form can forget it. Requests authenticated by an API
bearer token are exempt: a browser never adds that header on its own.
"""

from flask import abort, request
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or bearer_token() is not None:
        return
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError as error:
        abort(400, description=f"The form has expired or was not sent by this site ({error}).")
