"""A non-editable install works from any folder: the wheel carries everything it needs."""

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("cartif_lms-*.whl"))


def test_the_wheel_carries_templates_content_static_files_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cartif_lms/templates/base.html" in names
    assert "cartif_lms/static/lms.css" in names
    assert "cartif_lms/migrations/env.py" in names
    assert any(n.startswith("cartif_lms/migrations/versions/0001") for n in names)
    assert "cartif_lms/shipped_content/courses/competencies.toml" in names
    assert any(n.startswith("cartif_lms/shipped_content/quizzes/") for n in names)
    assert "cartif_lms/demo/journeys.py" in names  # `lms demo`, which `make run` calls
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "treaty = cartif_lms.treaty.lexer:TreatyLexer"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )


def test_the_installed_plugin_serves_pages_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    script = textwrap.dedent(f"""
        import cartif_lms
        from cartif_lms import create_app, db
        assert cartif_lms.__file__.startswith({str(target)!r}), cartif_lms.__file__
        app = create_app({{"LMS_DATABASE_URL": "sqlite:///{tmp_path}/lms.db"}})
        with app.app_context():
            db.migrate_to_head(db.lms_state().engine)
        client = app.test_client()
        assert client.get("/login").status_code == 200
        css = client.get("/static/lms.css")
        assert css.status_code == 200 and b"--navy" in css.data
        css.close()
        print("content:", app.config["LMS_CONTENT_DIR"])
    """)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert result.returncode == 0, result.stderr
    assert f"content: {target}/cartif_lms/shipped_content" in result.stdout
