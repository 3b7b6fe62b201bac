"""Configuration: documented defaults, then the instance file, then ``LMS_*`` settings.

Precedence, lowest first:

1. the defaults below;
2. ``<instance folder>/lms.cfg`` (Python syntax, ``LMS_*`` names), if present, read by
   Flask's ``Config.from_pyfile``;
3. ``LMS_*`` environment variables, read by Flask's ``Config.from_prefixed_env`` (values that
   are JSON come typed: ``LMS_SQL_ECHO=true``, ``LMS_LOGIN_WINDOW_MINUTES=30``);
4. ``LMS_*`` keys already in ``app.config`` (how a host application configures the plugin);
5. the ``config`` mapping passed to ``create_app`` / ``LMS.init_app`` (tests use this).

The file and the environment are read into layers of their own, not into ``app.config``, so
that a host's settings win over both.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config, Flask
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .resources import shipped_content_dir

#: Without LMS_SECRET_KEY (outside production) a random key is made once and kept here, in the
#: instance folder, readable by its owner only.
SECRET_KEY_FILE = "secret_key"

#: SHA-256 of every key published in this repository or its history (the old development
#: default, the tests', the benchmarks', the plugin test's): anyone can sign cookies with
#: them, so production refuses to start with one. Digests, so no key is written here.
PUBLISHED_KEY_DIGESTS = frozenset(
    {
        "47a690827f15ce64fb41cd4a58dc12df8f0de3ae324223a8cfd7d852394348a9",
        "ddca45080ad0acf195695e391d01c208720c177952cddaa2f2113aea33fe913f",
        "354f52f193e841712f14602d29f937a7c5e175ad81f14f7a48d1b3c771a34262",
        "99653997c59faf118c11bba0422183cb0a52049ce79133af88b53bc46628dcc4",
    }
)

DEFAULTS: dict[str, Any] = {
    "LMS_ENV": "development",  # development | production | testing
    "LMS_DATABASE_URL": None,  # None: SQLite file in the instance folder
    # PostgreSQL connections each worker process keeps open: at least its threads, or a
    # request finds none free and opens (and closes) one of its own.
    "LMS_DATABASE_POOL_SIZE": 10,
    "LMS_SECRET_KEY": None,
    "LMS_CONTENT_DIR": None,  # None: the curriculum shipped with this version
    "LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LMS_LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LMS_LOGIN_WINDOW_MINUTES": 15,
    "LMS_SESSION_IDLE_MINUTES": 480,  # signed out after this long without a request
    "LMS_PASSWORD_RESET_MINUTES": 60,  # a "forgot your password" link works this long
    "LMS_RESCUED_TEXT_DAYS": 7,  # text posted after a session expired is kept this long
    "LMS_LOGIN_ATTEMPT_DAYS": 90,  # sign-in attempts are kept this long (`lms nightly` purges)
    "LMS_ACCOUNT_REQUEST_HOURS": 48,  # an account request's confirmation link works this long
    "LMS_MAX_REQUEST_BYTES": 2 * 1024 * 1024,  # larger request bodies get 413
    "LMS_SQL_ECHO": False,
    # Mounted in a host with its own Flask-Login (see cartif_lms.auth.identity):
    "LMS_HOST_DEFAULT_ROLE": "learner",  # the role of an account made for a host's user
    "LMS_HOST_LOGIN_ENDPOINT": None,  # None: the host login manager's login_view
    "LMS_HOST_LOGOUT_ENDPOINT": None,  # None: LMS pages show no sign-out
    # E-mail (cartif_lms/mail/). Without a server, mail goes to the log (production refuses).
    "LMS_MAIL_SERVER": None,
    "LMS_MAIL_PORT": 587,
    "LMS_MAIL_USERNAME": None,
    "LMS_MAIL_PASSWORD": None,
    "LMS_MAIL_USE_TLS": True,  # STARTTLS
    "LMS_MAIL_USE_SSL": False,  # SMTP over TLS from the start (port 465)
    "LMS_MAIL_SENDER": "CARTIF LMS <no-reply@localhost>",
    "LMS_MAIL_TIMEOUT": 10,  # seconds before a silent SMTP server counts as failed
    "LMS_BASE_URL": None,  # the site's address, for links in mail sent by commands
    # Background report jobs (cartif_lms/jobs/): RQ on this Redis; None: run them inline.
    "LMS_REDIS_URL": None,
    "LMS_REPORT_QUEUE": "cartif-lms-reports",  # the RQ queue `flask lms worker` serves
}

_INT_KEYS = {
    "LMS_DATABASE_POOL_SIZE",
    "LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT",
    "LMS_LOGIN_MAX_FAILURES_PER_ADDRESS",
    "LMS_LOGIN_WINDOW_MINUTES",
    "LMS_SESSION_IDLE_MINUTES",
    "LMS_PASSWORD_RESET_MINUTES",
    "LMS_RESCUED_TEXT_DAYS",
    "LMS_LOGIN_ATTEMPT_DAYS",
    "LMS_ACCOUNT_REQUEST_HOURS",
    "LMS_MAX_REQUEST_BYTES",
    "LMS_MAIL_PORT",
    "LMS_MAIL_TIMEOUT",
}
_BOOL_KEYS = {"LMS_SQL_ECHO", "LMS_MAIL_USE_TLS", "LMS_MAIL_USE_SSL"}
#: Text exactly as written, whatever it looks like: a key of digits is not a number.
_TEXT_KEYS = set(DEFAULTS) - _INT_KEYS - _BOOL_KEYS
PREFIX = "LMS"
INSTANCE_FILE = "lms.cfg"


class ConfigError(ValueError):
    """The configuration cannot work; the message is one line for the operator."""


def load_settings(app: Flask, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Resolve every ``LMS_*`` setting for ``app`` and check that they can work."""
    layers = (_instance_file(app), _environment(), app.config, overrides or {})
    settings: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        value = default
        for layer in layers:
            if key in layer:
                value = layer[key]
        settings[key] = _coerce(key, value)
    settings["LMS_DATABASE_URL"] = _database_url(app, settings["LMS_DATABASE_URL"])
    settings["LMS_CONTENT_DIR"] = str(settings["LMS_CONTENT_DIR"] or shipped_content_dir())
    settings["LMS_SECRET_KEY"] = _secret_key(app, settings)
    return settings


def _instance_file(app: Flask) -> Config:
    """The settings in ``<instance folder>/lms.cfg`` (none when there is no such file)."""
    layer = Config(app.instance_path)
    layer.from_pyfile(INSTANCE_FILE, silent=True)
    return layer


def _environment() -> dict[str, Any]:
    """The ``LMS_*`` environment variables under their full names (Flask drops the prefix)."""
    layer = Config("")
    layer.from_prefixed_env(PREFIX)
    settings = {f"{PREFIX}_{key}": value for key, value in layer.items()}
    for key in _TEXT_KEYS & settings.keys():
        if key in os.environ:
            settings[key] = os.environ[key]  # as written: JSON would unquote '"…"', type 123
        else:
            del settings[key]  # only LMS_<KEY>__<PART> variables, which set no text
    return settings


def _coerce(key: str, value: Any) -> Any:
    if key in _INT_KEYS:
        return _whole_number(key, value)
    if key in _BOOL_KEYS:
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return bool(value)
    return value


def _whole_number(key: str, value: Any) -> int:
    """``value`` as an int: an int, a float without fraction, or the text of a whole number."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return int(value)
        except ValueError:
            pass
    raise ConfigError(f"{key} must be a whole number, got {value!r}")


def _database_url(app: Flask, configured: str | None) -> str:
    if not configured:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'cartif_lms.db'}"
    try:
        url: URL = make_url(str(configured))
    except ArgumentError:
        raise ConfigError(
            f"LMS_DATABASE_URL is not a database URL: {configured!r} "
            "(expected e.g. sqlite:///path/lms.db or postgresql+psycopg://user@host/db)"
        ) from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"LMS_DATABASE_URL names an unsupported database {url.get_backend_name()!r}: "
            "use sqlite or postgresql"
        )
    return url.render_as_string(hide_password=False)


def _secret_key(app: Flask, settings: dict[str, Any]) -> str:
    key = settings["LMS_SECRET_KEY"] or app.config.get("SECRET_KEY")
    if settings["LMS_ENV"] == "production":
        if not key or _guessable(str(key)):
            raise ConfigError(
                "LMS_ENV=production needs LMS_SECRET_KEY set to a long random value "
                "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
            )
        return str(key)
    return str(key) if key else _instance_secret_key(app)


def _guessable(key: str) -> bool:
    """Too short, too few distinct characters ("x" * 40), or published in this repository."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return len(key) < 24 or len(set(key)) < 8 or digest in PUBLISHED_KEY_DIGESTS


def _instance_secret_key(app: Flask) -> str:
    """The key kept in the instance folder, made on the first start (several workers starting
    at once agree on one: the file appears whole, by a hard link, or not at all)."""
    path = Path(app.instance_path) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")  # mode 0600
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(32) + "\n")
            os.link(draft, path)
            app.logger.warning(
                "LMS_SECRET_KEY is not set: generated a random key in %s (readable by its "
                "owner only); set LMS_SECRET_KEY to share one key between machines",
                path,
            )
        except FileExistsError:
            pass  # another worker made it first: use theirs
        finally:
            os.unlink(draft)
    else:
        app.logger.warning("LMS_SECRET_KEY is not set: using the random key kept in %s", path)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copied or restored file: the key signs every cookie
    key = path.read_text("utf-8").strip()
    if len(key) < 32:
        raise ConfigError(f"{path} does not hold a key; delete it and a new one is made")
    return key


def apply_flask_settings(app: Flask, settings: Mapping[str, Any]) -> None:
    """Set the Flask, cookie and CSRF options the LMS relies on."""
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["LMS_SECRET_KEY"]
    production = settings["LMS_ENV"] == "production"
    # Flask ships these keys set to None; a host's explicit choice is kept.
    for key, value in (
        ("SESSION_COOKIE_HTTPONLY", True),
        ("SESSION_COOKIE_SAMESITE", "Lax"),
        ("REMEMBER_COOKIE_HTTPONLY", True),
        ("REMEMBER_COOKIE_SAMESITE", "Lax"),
    ):
        if app.config.get(key) is None:
            app.config[key] = value
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    # CSRF is checked for every LMS request in one place (security.csrf); forms need not repeat it.
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
