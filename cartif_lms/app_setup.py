"""The small ``register_*`` steps the extension runs on an application."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    g,
    has_request_context,
    jsonify,
    render_template,
    request,
    session,
)
from flask_babel import Babel, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException

from . import db
from .resources import PACKAGE_DIR
from .security.csrf import bearer_token, check_csrf
from .security.headers import add_security_headers

SUPPORTED_LOCALES = ("en", "ru")


def register_login(app: Flask) -> None:
    from .auth.models import User
    from .auth.services import user_for_token

    # Every page shows the person's country (navigation): load it with them, in one prebuilt
    # statement, because this runs on every request.
    _USER_WITH_COUNTRY = (
        select(User).where(User.id == bindparam("id")).options(joinedload(User.country))
    )

    manager = LoginManager()
    manager.init_app(app)
    manager.login_view = "lms.auth.login"
    manager.login_message = _l("Please sign in to continue.")
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        return db.session.scalars(_USER_WITH_COUNTRY, {"id": int(user_id)}).first()

    @manager.request_loader
    def load_api_user(_request: Any) -> User | None:
        # Tokens open the JSON API only; pages need a session.
        token = bearer_token()
        if token is None or not (request.blueprint or "").startswith("lms.api"):
            return None
        return user_for_token(token)


def select_locale() -> str | None:
    if not has_request_context():  # the CLI, or a service called outside a request
        return "en"
    user_locale = getattr(current_user, "locale", None)
    if user_locale in SUPPORTED_LOCALES:
        return user_locale
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or "en"


def _request_translations() -> Any:
    """This request's translations, looked up once (Flask-Babel's own path costs ~10 us a call,
    and a page makes dozens)."""
    translations = g.get("_lms_translations")
    if translations is None:
        translations = g._lms_translations = get_translations()
    return translations


def _gettext(string: str, **variables: Any) -> str:
    translated = _request_translations().ugettext(string)
    return translated % variables if variables else translated


def _ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _request_translations().ungettext(singular, plural, num) % variables


def register_i18n(app: Flask) -> None:
    if "babel" not in app.extensions:
        Babel(
            app,
            locale_selector=select_locale,
            default_translation_directories=str(PACKAGE_DIR / "translations"),
        )
        # Template callables that fetch the catalogue once per request. They return plain
        # strings, which autoescaping escapes on output together with any %(name)s values,
        # so translated text can never carry markup (ours has none).
        app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=False)
    app.jinja_env.globals.setdefault("get_locale", get_locale)


def register_blueprints(app: Flask, root: Blueprint, url_prefix: str) -> None:
    from .admin.views import blueprint as admin
    from .api.views import blueprint as api
    from .auth.views import blueprint as auth
    from .capacity.views import blueprint as capacity
    from .core.navigation import navigation_for
    from .core.views import blueprint as core
    from .directory.views import blueprint as directory
    from .drafting.trainer_views import blueprint as drafting_trainer
    from .drafting.views import blueprint as drafting
    from .learning.views import blueprint as learning
    from .quizzes.trainer_views import blueprint as quiz_trainer
    from .quizzes.views import blueprint as quizzes

    children = (
        core,
        auth,
        admin,
        directory,
        learning,
        quizzes,
        quiz_trainer,
        drafting,
        drafting_trainer,
        capacity,
        api,
    )
    for child in children:
        root.register_blueprint(child)
    root.before_request(end_idle_session)
    root.before_request(check_csrf)
    root.after_request(add_security_headers)
    root.register_error_handler(HTTPException, render_http_error)

    @root.app_context_processor
    def navigation() -> dict[str, Any]:
        return {"lms_navigation": navigation_for(current_user)}

    from .auth.labels import ROLE_LABELS

    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.jinja_env.filters["lms_role"] = lambda role: ROLE_LABELS.get(role, role)
    app.register_blueprint(root, url_prefix=url_prefix or None)


def end_idle_session() -> None:
    """Sign out a session idle for LMS_SESSION_IDLE_MINUTES (its CSRF token stays valid, so a
    form sent just after still reaches its view, which can keep what was typed)."""
    from .auth.services import SEEN_KEY, session_expired

    if "_user_id" not in session:
        return
    idle = current_app.config["LMS_SESSION_IDLE_MINUTES"]
    if session_expired(session, time.time(), idle):
        logout_user()
        session.pop(SEEN_KEY, None)
        flash(_l("You were signed out after a long time without activity."), "info")


def register_cli(app: Flask) -> None:
    from .cli import lms_group

    if "lms" not in app.cli.commands:
        app.cli.add_command(lms_group)


def wants_json() -> bool:
    api_prefix = f"{db.lms_state().url_prefix}/api/"
    return request.path.startswith(api_prefix) or request.path.endswith(".json")


def render_http_error(error: HTTPException) -> tuple[Response | str, int]:
    """JSON for the API, a page for people; the status code is kept either way."""
    status = error.code or 500
    if wants_json():
        return jsonify(error=error.name, message=error.description, status=status), status
    return render_template("lms/errors/http.html", error=error), status


def register_app_error_pages(app: Flask) -> None:
    """In the standalone app the LMS owns every URL, unmatched ones included."""
    app.register_error_handler(HTTPException, render_http_error)
    app.after_request(add_security_headers)
