"""No secret key in the code: a key made once per installation, and no published key accepted."""

import functools
import logging
import os
import re
import stat
from pathlib import Path

import pytest
from flask import Flask

from cartif_lms import LMS, ConfigError, create_app
from tests.conftest import PASSWORD, csrf_token_from

REPO = Path(__file__).resolve().parents[2]
#: The development default the code carried before keys were generated (see git history).
OLD_DEVELOPMENT_KEY = "cartif-lms-development-key-not-for-production"
_KEY_LITERAL = re.compile(r"""SECRET_KEY["']?\]?\s*[=:]\s*["']([^"'\n]{8,})["']""")


@functools.cache
def keys_in_the_repository() -> frozenset[str]:
    """Every secret key written out in the repository's code, tests, benchmarks and docs."""
    found = {OLD_DEVELOPMENT_KEY}
    for folder, subfolders, files in os.walk(REPO):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "instance"]
        for name in files:
            if name.endswith((".py", ".md", ".cfg", ".toml")):
                text = (Path(folder) / name).read_text("utf-8", errors="replace")
                found.update(_KEY_LITERAL.findall(text))
    return frozenset(found)


def test_the_repository_scan_finds_the_keys_it_should():
    keys = keys_in_the_repository()
    assert "test-secret-key-that-is-long-enough" in keys  # tests/conftest.py
    assert "benchmark-secret-key-long-enough-123" in keys  # bench/
    assert len(keys) >= 4


@pytest.fixture
def keyless(migrated, tmp_path, monkeypatch):
    """Build apps as `make run` does, with no LMS_SECRET_KEY, on the test database."""
    monkeypatch.delenv("LMS_SECRET_KEY")
    settings = {k: v for k, v in migrated.items() if k != "LMS_SECRET_KEY"}
    built = []

    def build(env: str = "development") -> Flask:
        host = Flask("keyless", instance_path=str(tmp_path / "instance"))
        LMS(host, config={**settings, "LMS_ENV": env})
        built.append(host)
        return host

    yield build
    for host in built:
        host.extensions["cartif_lms"].engine.dispose()


def test_without_a_key_one_is_generated_once_kept_private_and_reused(keyless, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    first = keyless()
    key_file = tmp_path / "instance" / "secret_key"
    assert "generated a random key" in caplog.text
    assert str(key_file) in caplog.text
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) >= 64

    caplog.clear()
    second = keyless()
    assert second.secret_key == first.secret_key
    assert "using the random key kept in" in caplog.text
    assert not list(key_file.parent.glob(".secret_key-*"))  # no half-written drafts left


def test_a_key_file_readable_by_others_is_made_private_again(keyless, tmp_path):
    keyless()
    key_file = tmp_path / "instance" / "secret_key"
    key_file.chmod(0o644)
    keyless()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_production_still_refuses_to_start_without_a_key(keyless, tmp_path):
    with pytest.raises(ConfigError, match="LMS_SECRET_KEY"):
        keyless("production")
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize("key", sorted(keys_in_the_repository()) + ["x" * 40, "short"])
def test_production_refuses_every_key_published_in_the_repository(key, tmp_path):
    with pytest.raises(ConfigError, match="LMS_SECRET_KEY"):
        create_app(
            {
                "LMS_ENV": "production",
                "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                "LMS_SECRET_KEY": key,
            }
        )


def _resigned(cookie: str, app: Flask, key: str) -> str:
    """The same session cookie, signed with ``key`` instead of the app's own."""
    payload = app.session_interface.get_signing_serializer(app).loads(cookie)
    forger = Flask("forger")
    forger.secret_key = key
    return forger.session_interface.get_signing_serializer(forger).dumps(payload)


def test_a_cookie_signed_with_any_key_in_the_repository_is_refused(keyless, make_user):
    app = keyless()
    person = make_user()
    browser = app.test_client()
    token = csrf_token_from(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    cookie = browser.get_cookie("session").value

    def opens_a_page(value: str) -> bool:
        other = app.test_client()
        other.set_cookie("session", value)
        return other.get("/catalog").status_code == 200

    assert opens_a_page(_resigned(cookie, app, app.secret_key))  # the forgery itself works
    for key in keys_in_the_repository():
        assert not opens_a_page(_resigned(cookie, app, key)), key
