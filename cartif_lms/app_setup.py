"""The small ``register_*`` steps the extension runs on an application."""

from __future__ import annotations

import gc
import itertools
from contextlib import suppress
from functools import partial
from pathlib import Path
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
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.routing import IntegerConverter

from . import db
from .auth.identity import (
    HostUserMapper,
    host_identity,
    host_logout_url,
    install_login_manager,
    use_host_account,
)
from .auth.language import visitor_language
from .i18n import (
    SUPPORTED_LOCALES,
    country_name,
    format_day,
    format_moment,
    format_number,
    format_percent_points,
    reader_time_zone,
)
from .pagination import page_link
from .resources import PACKAGE_DIR
from .security.csrf import check_csrf
from .security.headers import add_security_headers
from .security.input import BoundedIntegerConverter, reject_hostile_input
from .security.limits import limit_request_size
from .static_assets import register_compression


def register_login(app: Flask, map_host_user: HostUserMapper | None = None) -> None:
    """The LMS's own login manager, unless the host has one (see auth.identity)."""
    from .auth.models import User
    from .auth.services import api_token_user
    from .auth.sessions import user_for_session

    manager = install_login_manager(app, map_host_user)
    if manager is None:
        return
    manager.login_view = "lms.auth.login"
    manager.login_message = _l("Please sign in to continue.")
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        # One statement finds the session row, the person and their country (every page shows
        # it): checking that the session is live costs no query of its own.
        return user_for_session(user_id)

    @manager.request_loader
    def load_api_user(_request: Any) -> User | None:
        return api_token_user()


def select_locale() -> str | None:
    if not has_request_context():  # the CLI, or a service called outside a request
        return "en"
    user_locale: str | None = getattr(current_user, "locale", None)
    if user_locale in SUPPORTED_LOCALES:
        return user_locale
    # A visitor's switch; a signed-in person's choice is their profile's, never the session's.
    if not getattr(current_user, "is_authenticated", False):
        user_locale = visitor_language()
        if user_locale is not None:
            return user_locale
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or "en"


def select_time_zone() -> str:
    """The signed-in person's time zone (their profile), else UTC; a mail's recipient's
    while one is written (``i18n.reading_as``)."""
    chosen = getattr(current_user, "time_zone", None) if has_request_context() else None
    return reader_time_zone(chosen)


def _request_translations() -> Any:
    """This request's translations, looked up once (Flask-Babel's own path costs ~10 us a call,
    and a page makes dozens)."""
    translations = g.get("_lms_translations")
    if translations is None:
        translations = g._lms_translations = get_translations()
    return translations


def _gettext(string: str, **variables: Any) -> str:
    translated: str = _request_translations().ugettext(string)
    return translated % variables if variables else translated


def _ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    translated: str = _request_translations().ungettext(singular, plural, num)
    return translated % variables


def compile_translations(directory: Path) -> list[str]:
    """Compile each language's ``messages.po`` into the ``messages.mo`` Flask-Babel reads, when
    the .mo is missing or older; return what could not be written. The .mo files are built,
    not committed, so a fresh clone (``make run``, ``make test``) and an installed wheel all
    read the current catalogue (``make translations`` calls this too). Written to a temporary
    file and renamed, so parallel workers never read half a file."""
    import os
    import tempfile

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    failures = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parents[1].name)
        try:
            with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".tmp", delete=False) as out:
                write_mo(out, catalogue)
            os.chmod(out.name, 0o644)  # readable like the .po, not the temporary file's 0600
            os.replace(out.name, mo)
        except OSError as error:  # a read-only install: that language shows in English
            failures.append(f"{po}: {error}")
    return failures


def register_i18n(app: Flask) -> None:
    if "babel" not in app.extensions:
        for failure in compile_translations(PACKAGE_DIR / "translations"):
            app.logger.warning("Cannot compile the translations %s", failure)
        Babel(
            app,
            locale_selector=select_locale,
            timezone_selector=select_time_zone,
            default_translation_directories=str(PACKAGE_DIR / "translations"),
        )
        # Template callables that fetch the catalogue once per request. They return plain
        # strings, which autoescaping escapes on output together with any %(name)s values,
        # so translated text can never carry markup (ours has none).
        # (A method of Jinja's i18n extension, which Flask-Babel adds to the environment.)
        app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
            _gettext, _ngettext, newstyle=False
        )
    app.jinja_env.globals.setdefault("get_locale", get_locale)


def register_blueprints(app: Flask, root: Blueprint, url_prefix: str) -> None:
    from .admin.views import blueprint as admin
    from .api.views import blueprint as api
    from .audit_pages.views import blueprint as audit
    from .auth.language_views import blueprint as language
    from .auth.profile_views import blueprint as profile
    from .auth.recovery_views import blueprint as password
    from .auth.recovery_views import require_password_change
    from .auth.registration_views import blueprint as registration
    from .auth.services import api_token_user
    from .auth.token_views import blueprint as tokens
    from .auth.tokens import api_token_refusal
    from .auth.views import blueprint as auth
    from .capacity.views import blueprint as capacity
    from .certificates.views import blueprint as certificates
    from .content.glossary_views import blueprint as glossary
    from .content.kinds import all_kinds
    from .core.navigation import navigation_for
    from .core.views import blueprint as core
    from .directory.views import blueprint as directory
    from .drafting.trainer_views import blueprint as drafting_trainer
    from .jobs.views import blueprint as report_jobs
    from .learning.views import blueprint as learning
    from .notifications.views import blueprint as notifications
    from .privacy.views import blueprint as privacy
    from .progress_reports.views import blueprint as progress_reports
    from .quizzes.trainer_views import blueprint as quiz_trainer
    from .workshops.views import blueprint as workshops

    # Each item kind brings its own routes (a quiz's attempts, an exercise's workbench).
    kind_routes = [bp for bp in (kind.blueprint() for kind in all_kinds()) if bp is not None]
    children = (
        core,
        auth,
        tokens,
        profile,
        language,
        password,
        registration,
        admin,
        audit,
        directory,
        learning,
        glossary,
        *kind_routes,
        quiz_trainer,
        drafting_trainer,
        capacity,
        progress_reports,
        report_jobs,
        certificates,
        workshops,
        notifications,
        privacy,
        api,
    )
    _bound_int_urls(app)
    for child in children:
        root.register_blueprint(child)
    # First: even an error page shows the LMS account, never the host's user.
    root.before_request(use_host_account)  # the host's signed-in user, when it has Flask-Login
    root.before_request(limit_request_size)  # before anything reads the body
    root.before_request(reject_hostile_input)  # next: nothing else reads unchecked input
    root.before_request(end_idle_session)
    root.before_request(require_password_change)  # after an administrator's reset
    root.before_request(partial(check_csrf, api_token_user, api_token_refusal))
    root.after_request(add_security_headers)
    register_compression(app, root)  # the LMS's own responses only
    root.register_error_handler(HTTPException, render_http_error)
    for database_down in DATABASE_DOWN:
        root.register_error_handler(database_down, render_database_unavailable)

    @root.app_context_processor
    def navigation() -> dict[str, Any]:
        if not host_identity():
            return {"lms_navigation": navigation_for(current_user)}
        if not has_request_context() or "lms" not in request.blueprints:
            return {}  # a host's own page: its user is not an LMS account
        return {
            "lms_navigation": navigation_for(current_user),
            "lms_host_identity": True,
            "lms_sign_out_url": host_logout_url(),
        }

    from .auth.labels import ROLE_LABELS
    from .treaty.legend import install_legend

    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.jinja_env.globals["lms_page_link"] = page_link
    app.jinja_env.filters["lms_role"] = lambda role: ROLE_LABELS.get(role, role)
    # Stored times are naive UTC; these show them in the reader's locale and time zone.
    app.jinja_env.filters["lms_datetime"] = format_moment  # with the zone it is shown in
    app.jinja_env.filters["lms_date"] = format_day
    # Numbers and percentages in the reader's language ("1 234", "0,5", "72 %" in Russian).
    app.jinja_env.filters["lms_number"] = format_number
    app.jinja_env.filters["lms_country"] = country_name
    app.jinja_env.filters["lms_percent"] = format_percent_points
    install_legend(app.jinja_env)  # the colour key lists the notation's obligation strengths
    app.register_blueprint(root, url_prefix=url_prefix or None)


def _bound_int_urls(app: Flask) -> None:
    """Ids in URLs stop at the database's integers (see BoundedIntegerConverter). Rules pick
    their converter when they are added, so this runs before the LMS routes are; a host's own
    ``int`` converter, if it installed one, is left alone."""
    if app.url_map.converters.get("int") is IntegerConverter:
        app.url_map.converters["int"] = BoundedIntegerConverter


def end_idle_session() -> None:
    """Load the person first, before the view does anything, and sign out a cookie whose
    session the server no longer accepts: ended (signed out, password or role changed,
    account deactivated) or idle for LMS_SESSION_IDLE_MINUTES. The CSRF token stays valid, so
    a form sent just after still reaches its view, which can keep what was typed."""
    from .auth.sessions import close_ended_session

    if host_identity():  # the host's login keeps its sessions
        return
    # The health check answers for the database alone (its own 503 JSON when it is down).
    if "_user_id" not in session or request.endpoint in {"lms.static", "lms.core.healthz"}:
        return
    if current_user.is_authenticated:
        return
    if close_ended_session():
        flash(_l("You were signed out after a long time without activity."), "info")


#: After how many requests a serving process freezes its heap again (``freeze_when_warm``).
REFREEZE_AFTER = frozenset({50, 500})


def freeze_when_warm(app: Flask) -> None:
    """Freeze the serving process's heap again once its first requests have built what lives
    as long as the process: the content snapshot, rendered fragments, compiled SQL, cached
    parses. Left in the collector's reach, those 200,000-odd objects made every full
    collection walk them all, 130-350 ms during a request every few hundred requests: the
    quiz-takers' slow tail (issue 19). Frozen objects are still freed when nothing refers to
    them; only the cycle collector stops visiting them."""
    served = itertools.count(1)

    @app.teardown_request
    def _refreeze(_error: BaseException | None) -> None:
        # count() is atomic under the GIL, so each threshold is reached by one request.
        if next(served) in REFREEZE_AFTER:
            gc.freeze()


def register_cli(app: Flask) -> None:
    from .cli import lms_group

    if "lms" not in app.cli.commands:
        app.cli.add_command(lms_group)


def wants_json() -> bool:
    api_prefix = f"{db.lms_state().url_prefix}/api/"
    return request.path.startswith(api_prefix) or request.path.endswith(".json")


def json_error(error: HTTPException, status: int) -> Response:
    """The API's error body: ``api.schemas.Error``, as the OpenAPI document publishes it."""
    from .api.schemas import Error

    body = Error(error=error.name, message=str(error.description or ""), status=status)
    return jsonify(body.model_dump(mode="json"))


def render_http_error(error: HTTPException) -> tuple[Response | str, int]:
    """JSON for the API, a page for people; the status code is kept either way."""
    status = error.code or 500
    if status >= 500:
        # A failed statement leaves the session unusable, and the page loads the person
        # again: without a rollback the error page itself would fail.
        with suppress(SQLAlchemyError):
            db.session.rollback()
    if wants_json():
        return json_error(error, status), status
    from .core.error_texts import error_description, error_title

    # Werkzeug's English names and default texts, in the reader's language.
    page = render_template(
        "lms/errors/http.html",
        error=error,
        title=error_title(error),
        description=error_description(error),
    )
    return page, status


#: What a database that does not answer raises: no connection (OperationalError, also a
#: server that went away mid-query), a broken driver connection (InterfaceError), or no
#: connection free in the pool (TimeoutError). Other database errors are bugs and stay 500s.
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeoutError)


def render_database_unavailable(
    error: SQLAlchemyError,
) -> tuple[Response | str, int, dict[str, str]]:
    """503, with the styled page for people and JSON for the API; the session is kept, so
    people are still signed in when the database is back."""
    current_app.logger.error("The database does not answer: %s", error)
    # The connection is gone; the session is discarded at teardown anyway.
    with suppress(SQLAlchemyError):
        db.session.rollback()
    # The page must render without the database: show it as to a visitor (navigation,
    # locale and header would otherwise load the person again and fail again).
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    headers = {"Retry-After": "60"}
    message = _l("The training database is not answering. Try again in a minute.")
    unavailable = ServiceUnavailable(description=str(message))
    if wants_json():
        return json_error(unavailable, 503), 503, headers
    return render_template("lms/errors/unavailable.html", error=unavailable), 503, headers


def register_app_error_pages(app: Flask) -> None:
    """In the standalone app the LMS owns every URL, unmatched ones included."""
    app.register_error_handler(HTTPException, render_http_error)
    for database_down in DATABASE_DOWN:
        app.register_error_handler(database_down, render_database_unavailable)
    app.after_request(add_security_headers)
