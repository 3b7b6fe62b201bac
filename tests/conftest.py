"""Fixtures: one fresh database per run (SQLite, or PostgreSQL when LMS_TEST_DATABASE_URL names a
server), migrated once; every test starts from reference data only."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from cartif_lms import create_app, db
from cartif_lms.auth.models import Gender, Role, User, UserSession
from cartif_lms.auth.services import create_user
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code, ensure_reference_data
from tests.mail.smtp import SMTPServer, free_port

# The commands' output is asserted in English; a developer whose shell is Russian would otherwise
# read it in Russian (tests/core/test_cli_language.py sets the language it checks).
os.environ["LMS_CLI_LANGUAGE"] = "en"

DATA_DIR = Path(__file__).parent / "data"
PASSWORD = "correct horse battery"
SECRET_KEY = "test-secret-key-that-is-long-enough"


@pytest.fixture(autouse=True)
def _secret_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps a test builds without one get this key, so no test writes a key file into the
    repository's instance folder (tests of that remove it: ``monkeypatch.delenv``)."""
    monkeypatch.setenv("LMS_SECRET_KEY", SECRET_KEY)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = os.environ.get("LMS_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    yield from _fresh_postgres_database(server)


def _fresh_postgres_database(server: str) -> Iterator[str]:
    url = make_url(server)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"cartif_lms_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def app_config(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return {
        "LMS_ENV": "testing",
        "LMS_DATABASE_URL": database_url,
        "LMS_SECRET_KEY": SECRET_KEY,
        "LMS_CONTENT_DIR": str(DATA_DIR / "content"),
    }


@pytest.fixture(scope="session")
def migrated(app_config: dict[str, Any]) -> dict[str, Any]:
    """Migrate the session's database to head once, through Alembic like production."""
    app = create_app(app_config)
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
    db_engine = app.extensions["cartif_lms"].engine
    db_engine.dispose()
    return app_config


@pytest.fixture
def app(migrated: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(migrated)
    app.config["TESTING"] = True
    with app.app_context():
        ensure_reference_data()
        db.session.commit()
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.commit()
    app.extensions["cartif_lms"].engine.dispose()


def _empty_all_tables() -> None:
    for table in reversed(db.Base.metadata.sorted_tables):
        db.session.execute(table.delete())


class ServerClient(FlaskClient):
    """A client whose requests reach a separate application instance, as a real server would.

    The test's own app context stays pushed for direct database work; Flask would let requests
    reuse it (and its ``g``) if they went to the same app object. Before each request the test's
    pending writes are committed; afterwards its objects are expired, so it sees what the request
    wrote.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        db.session.commit()
        response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def server(app: Flask, migrated: dict[str, Any]) -> Iterator[Flask]:
    server = create_app(migrated)
    server.config["TESTING"] = True
    server.test_client_class = ServerClient
    yield server
    server.extensions["cartif_lms"].engine.dispose()


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp(smtp_port: int) -> Iterator[SMTPServer]:
    """A real SMTP server (aiosmtpd) on a loopback port for the whole test."""
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
def mailing_server(
    app: Flask, migrated: dict[str, Any], mail_settings: dict[str, Any]
) -> Iterator[Flask]:
    """As ``server``, with its mail going to ``smtp_port``, where the ``smtp`` fixture listens
    (a test of a server that is down leaves it out). A test module whose pages send mail makes
    it its ``server``: ``def server(mailing_server, smtp): return mailing_server``."""
    server = create_app({**migrated, **mail_settings})
    server.config["TESTING"] = True
    server.test_client_class = ServerClient
    yield server
    server.extensions["cartif_lms"].engine.dispose()


@pytest.fixture
def client(server: Flask) -> FlaskClient:
    return server.test_client()


@pytest.fixture
def runner(server: Flask) -> Any:
    """Runs ``flask lms ...`` commands against the server instance."""
    return server.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory: ``make_user(role="focal_point", country="KZ")`` creates and commits a person."""
    counter = iter(range(1, 10_000))

    def make(
        role: str = "learner",
        country: str | None = "KZ",
        email: str | None = None,
        name: str | None = None,
        gender: str | None = None,
        password: str = PASSWORD,
    ) -> User:
        number = next(counter)
        user = create_user(
            email or f"{role}{number}@example.org",
            name or f"{role.replace('_', ' ').title()} {number}",
            Role(role),
            password,
            country_by_code(country) if country else None,
            Gender(gender) if gender else None,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Sign ``user`` in on the test client through the real sign-in form."""

    def login(user: User, password: str = PASSWORD) -> FlaskClient:
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, "sign-in failed"
        return client

    return login


@pytest.fixture
def leave_idle(app: Flask) -> Callable[[User, timedelta], None]:
    """``leave_idle(user, timedelta(hours=9))``: as if ``user``'s sessions had seen no request
    for that long (the server keeps when each was last seen; no test sleeps)."""

    def leave(user: User, idle: timedelta) -> None:
        db.session.execute(
            update(UserSession)
            .where(UserSession.user_id == user.id)
            .values(last_seen_at=utcnow() - idle)
        )
        db.session.commit()

    return leave


_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def signed_in_client(server: Flask, user: User | None) -> tuple[FlaskClient, str]:
    """A client of its own, signed in through the real form (None: a visitor), with its CSRF
    token; for tests that walk many routes as several people at once."""
    client = server.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    if user is not None:
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, "sign-in failed"
        token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client, token


@pytest.fixture
def post_form(client: FlaskClient) -> Callable[..., Any]:
    """POST a form the way a browser does: fetch the page for its CSRF token first."""

    def post(url: str, data: dict[str, Any], page: str | None = None, **kwargs: Any) -> Any:
        token = csrf_token_from(client.get(page or url).get_data(as_text=True))
        return client.post(url, data={**data, "csrf_token": token}, **kwargs)

    return post


@pytest.fixture
def live_server(server: Flask) -> Iterator[str]:
    """The server app on a real threaded HTTP server on loopback; yields its base URL."""
    httpd = make_server("127.0.0.1", 0, server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)
