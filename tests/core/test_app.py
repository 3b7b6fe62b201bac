"""The application factory, configuration, health check and response headers."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from cartif_lms import ConfigError, create_app, db
from cartif_lms.directory.models import Country, NegotiatingArea, WTOStatus

REPO = Path(__file__).resolve().parents[2]


def test_reference_data_lists_the_eleven_carec_countries_and_default_areas(app):
    countries = {c.code: c for c in db.session.scalars(select(Country))}
    assert len(countries) == 11
    assert countries["KZ"].iso3 == "KAZ"
    assert countries["KZ"].wto_status is WTOStatus.member
    acceding = {code for code, c in countries.items() if c.wto_status is WTOStatus.acceding}
    assert acceding == {"AZ", "TM", "UZ"}
    areas = set(db.session.scalars(select(NegotiatingArea.code)))
    assert {"FA", "TF", "SPS", "TBT", "SRV", "INV", "MBP", "DT"} <= areas


def test_health_check_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_check_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app({"LMS_DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/x.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_SECRET_KEY")
    url = f"sqlite:///{tmp_path}/x.db"
    with pytest.raises(ConfigError, match="LMS_SECRET_KEY"):
        create_app({"LMS_ENV": "production", "LMS_DATABASE_URL": url})


def test_production_makes_cookies_secure(tmp_path):
    app = create_app(
        {
            "LMS_ENV": "production",
            "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "LMS_SECRET_KEY": secrets.token_hex(32),
            "LMS_MAIL_SERVER": "smtp.example.org",  # production refuses to start without one
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_settings_come_from_lms_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("LMS_CONTENT_DIR", str(tmp_path))
    app = create_app()
    assert app.config["LMS_DATABASE_URL"].endswith("env.db")
    assert app.config["LMS_CONTENT_DIR"] == str(tmp_path)


@pytest.mark.parametrize("url", ["nonsense", "mysql://root@localhost/x"])
def test_a_malformed_database_url_stops_start_up_with_one_clear_line(url, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "lms", "init-db"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"LMS_DATABASE_URL": url, "PATH": ""},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "LMS_DATABASE_URL" in lines[0]


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/no-such-page", "/static/lms.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_load_no_asset_from_another_host(client):
    html = client.get("/login").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "")
    assert "https://" not in html
