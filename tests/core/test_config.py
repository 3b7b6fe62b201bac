"""Where a setting comes from, and that it arrives typed: defaults < instance/lms.cfg <
environment < a host's app.config < the mapping given to create_app."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from cartif_lms import ConfigError
from cartif_lms.config import DEFAULTS, load_settings
from tests.conftest import SECRET_KEY


@pytest.fixture
def bare_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app whose instance folder is a temporary one, with no LMS_* variable set."""
    for name in DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LMS_SECRET_KEY", SECRET_KEY)
    return Flask("config_test", instance_path=str(tmp_path))


def test_each_layer_wins_over_the_ones_before_it(bare_app, monkeypatch):
    Path(bare_app.instance_path, "lms.cfg").write_text(
        "LMS_LOGIN_WINDOW_MINUTES = 20\n"
        "LMS_SESSION_IDLE_MINUTES = 21\n"
        "LMS_RESCUED_TEXT_DAYS = 22\n"
        "LMS_MAX_REQUEST_BYTES = 23\n",
        "utf-8",
    )
    monkeypatch.setenv("LMS_SESSION_IDLE_MINUTES", "31")
    monkeypatch.setenv("LMS_RESCUED_TEXT_DAYS", "32")
    monkeypatch.setenv("LMS_MAX_REQUEST_BYTES", "33")
    bare_app.config["LMS_RESCUED_TEXT_DAYS"] = 42
    bare_app.config["LMS_MAX_REQUEST_BYTES"] = 43
    settings = load_settings(bare_app, {"LMS_MAX_REQUEST_BYTES": 53})
    assert settings["LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 5  # the default
    assert settings["LMS_LOGIN_WINDOW_MINUTES"] == 20  # instance file
    assert settings["LMS_SESSION_IDLE_MINUTES"] == 31  # environment
    assert settings["LMS_RESCUED_TEXT_DAYS"] == 42  # app.config
    assert settings["LMS_MAX_REQUEST_BYTES"] == 53  # the mapping


def test_environment_values_arrive_typed(bare_app, monkeypatch):
    monkeypatch.setenv("LMS_LOGIN_WINDOW_MINUTES", "30")
    monkeypatch.setenv("LMS_SQL_ECHO", "true")
    settings = load_settings(bare_app)
    assert settings["LMS_LOGIN_WINDOW_MINUTES"] == 30
    assert settings["LMS_SQL_ECHO"] is True


@pytest.mark.parametrize(
    ("text", "echo"), [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)]
)
def test_a_yes_or_no_setting_reads_the_usual_spellings(bare_app, monkeypatch, text, echo):
    monkeypatch.setenv("LMS_SQL_ECHO", text)
    assert load_settings(bare_app)["LMS_SQL_ECHO"] is echo


@pytest.mark.parametrize("text", ["12345", "1e5", "true", "null", '"quoted"', "[1]"])
def test_a_text_setting_is_kept_as_written_even_when_it_looks_like_json(
    bare_app, monkeypatch, text
):
    monkeypatch.setenv("LMS_CONTENT_DIR", text)
    assert load_settings(bare_app)["LMS_CONTENT_DIR"] == text


@pytest.mark.parametrize("text", ["soon", "1.5", "true", "[15]"])
def test_a_malformed_number_stops_start_up_with_one_line(bare_app, monkeypatch, text):
    monkeypatch.setenv("LMS_LOGIN_WINDOW_MINUTES", text)
    with pytest.raises(ConfigError, match="LMS_LOGIN_WINDOW_MINUTES must be a whole number") as e:
        load_settings(bare_app)
    assert "\n" not in str(e.value)


def test_no_instance_file_is_no_error(bare_app):
    assert load_settings(bare_app)["LMS_ENV"] == "development"
