"""A host Flask application mounts the LMS under a prefix beside its own routes."""

import pytest
from flask import Flask, render_template_string
from sqlalchemy import inspect

from cartif_lms import LMS, db
from tests.conftest import csrf_token_from


def build_host(app_config):
    host = Flask("ministry_portal")
    host.config["SECRET_KEY"] = "host-secret-key-long-enough-for-tests"
    host.config.update({k: v for k, v in app_config.items() if k != "LMS_SECRET_KEY"})

    @host.get("/")
    def index():
        return render_template_string("ministry portal home")

    @host.get("/login")
    def host_login():
        return "the host's own login page"

    LMS(host, url_prefix="/training")
    return host


@pytest.fixture
def host(migrated):
    """A ministry's own Flask app with the LMS mounted under /training."""
    app = build_host(migrated)
    yield app
    app.extensions["cartif_lms"].engine.dispose()


def test_host_routes_and_lms_routes_live_side_by_side(host):
    client = host.test_client()
    assert client.get("/").get_data(as_text=True) == "ministry portal home"
    assert client.get("/login").get_data(as_text=True) == "the host's own login page"
    assert client.get("/training/healthz").get_json() == {"status": "ok"}
    page = client.get("/training/login").get_data(as_text=True)
    assert 'href="/training/static/lms.css?v=' in page  # fingerprinted (static_assets)
    assert 'action="/training/login"' in page or '<form method="post"' in page
    static = client.get("/training/static/lms.css")
    static.close()
    assert static.status_code == 200


def test_lms_names_cannot_clash_with_the_hosts(host):
    assert all(name.startswith("lms") for name in host.blueprints)
    lms_endpoints = {rule.endpoint for rule in host.url_map.iter_rules()} - {
        "index",
        "host_login",
        "static",
    }
    assert all(endpoint.startswith("lms.") for endpoint in lms_endpoints)
    with host.app_context():
        tables = inspect(db.lms_state().engine).get_table_names()
    assert tables
    assert all(name.startswith("lms_") for name in tables)


def test_a_person_signs_in_through_the_plugin_under_its_prefix(host, make_user):
    person = make_user(role="learner", country="GE")
    client = host.test_client()
    token = csrf_token_from(client.get("/training/login").get_data(as_text=True))
    response = client.post(
        "/training/login",
        data={"email": person.email, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/training/"
    home = client.get("/training/").get_data(as_text=True)
    assert person.name in home
    assert client.get("/training/").headers["Content-Security-Policy"]
