"""When the database does not answer, people see the styled "temporarily unavailable" page
(503), the API answers 503 JSON, /healthz keeps its own 503 JSON, and nobody is signed out."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cartif_lms import create_app
from tests.conftest import csrf_token_from

#: GET routes that need no database at all.
NO_DATABASE = {"lms.static", "lms.api.openapi", "lms.core.healthz"}


def _closed_port() -> int:
    """A local port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":  # a folder that does not exist: "unable to open database file"
        return f"sqlite:///{tmp_path / 'gone' / 'lms.db'}"
    return f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/postgres"


@pytest.fixture
def down(migrated: dict[str, Any], unreachable_url: str) -> Iterator[Flask]:
    """The same application (same secret key) whose database does not answer."""
    app = create_app({**migrated, "LMS_DATABASE_URL": unreachable_url})
    app.config["TESTING"] = True
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an unhandled error is a 500
    yield app
    app.extensions["cartif_lms"].engine.dispose()


@dataclass
class SignedIn:
    client: FlaskClient  #: of the unreachable app
    user: Any
    csrf_token: str


@pytest.fixture
def signed_in(client, make_user, login_as, down: Flask) -> SignedIn:
    """A client of the unreachable app holding the cookie of a real sign-in (and the CSRF
    token of a page shown before the database went away)."""
    user = make_user(role="admin", country=None)
    login_as(user)
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    cookie = client.get_cookie("session")
    assert cookie is not None
    down_client = down.test_client()
    down_client.set_cookie("session", cookie.value)
    return SignedIn(down_client, user, token)


def _fill(rule: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        for converter in ("", "int:", "path:"):
            rule = rule.replace(f"<{converter}{name}>", value)
    return rule


def _pages(app: Flask) -> list[str]:
    return sorted(
        _fill(r.rule, {n: "KZ" if n == "code" else "1" for n in r.arguments})
        for r in app.url_map.iter_rules()
        if "GET" in (r.methods or ()) and r.endpoint not in NO_DATABASE
    )


def test_every_signed_in_page_shows_the_styled_503(signed_in, down):
    client = signed_in.client
    pages = _pages(down)
    assert len(pages) > 30
    for path in pages:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "60"
        if path.startswith("/api/"):
            assert response.get_json() == {
                "error": "Service Unavailable",
                "message": "The training database is not answering. Try again in a minute.",
                "status": 503,
            }, path
        else:
            html = response.get_data(as_text=True)
            assert "<h1>Temporarily unavailable</h1>" in html, path
            assert "/static/lms.css" in html  # the site's own look, not a bare error
            assert "You are still signed in" in html


def test_a_form_sent_while_the_database_is_down_gets_the_503_page(signed_in):
    response = signed_in.client.post("/logout", data={"csrf_token": signed_in.csrf_token})
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Temporarily unavailable" in html
    assert "Back to the home page" in html  # a POST is not offered again as a link


def test_the_api_answers_503_json_to_a_token_too(down):
    response = down.test_client().get(
        "/api/v1/catalog", headers={"Authorization": "Bearer lms_any-token"}
    )
    assert response.status_code == 503
    assert response.is_json
    assert response.get_json()["status"] == 503


def test_a_visitor_signing_in_gets_the_503_page(down):
    client = down.test_client()
    page = client.get("/login")
    assert page.status_code == 200  # the sign-in page itself needs no database
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/login", data={"email": "someone@example.org", "password": "x" * 12, "csrf_token": token}
    )
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.get_data(as_text=True)
    assert "You are still signed in" not in response.get_data(as_text=True)


def test_healthz_keeps_its_own_503_json(signed_in, down):
    for client in (signed_in.client, down.test_client()):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_nobody_is_signed_out_by_the_outage(signed_in, client):
    response = signed_in.client.get("/catalog")
    assert response.status_code == 503
    assert "session=;" not in response.headers.get("Set-Cookie", "")  # the cookie is kept
    back = signed_in.client.get_cookie("session")
    client.set_cookie("session", back.value)  # the database answers again
    assert signed_in.user.name in client.get("/").get_data(as_text=True)
