"""CSRF: every state-changing LMS request carries a valid Flask-WTF token.

Checked once, before the view, so no form can forget it. A JSON API request whose bearer token
is valid is exempt (a browser never adds that header on its own); any other bearer header, a
made-up or revoked token or one sent to a page, exempts nothing.
"""

from collections.abc import Callable

from flask import abort, request
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def on_api() -> bool:
    """Whether this request is for the JSON API (the only place a bearer token opens)."""
    return (request.blueprint or "").startswith("lms.api")


def check_csrf(
    token_user: Callable[[], object | None],
    token_refusal: Callable[[], str | None] = lambda: None,
) -> None:
    """Refuse an unsafe request without a valid CSRF token (a ``before_request`` hook).

    ``token_user`` names the person a valid bearer token on this request belongs to, or None
    (``auth.services.api_token_user``, bound by ``app_setup``: auth uses this module, so it
    cannot be imported here; see ``cartif_lms/architecture.py``); ``token_refusal`` says
    why a bearer token was refused (``auth.tokens.api_token_refusal``: expired, revoked...).
    """
    if request.method not in UNSAFE_METHODS or token_user() is not None:
        return
    if on_api() and bearer_token() is not None:
        # Say what is wrong: the client meant to use a token, not a form.
        reason = token_refusal() or "The API token is not valid (unknown, revoked or inactive)."
        abort(401, description=reason)
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError as error:
        abort(
            400,
            description=_(
                "The form has expired or was not sent by this site (%(reason)s).", reason=error
            ),
        )
