"""Where the templates, static files, migrations and shipped content live.

In a source checkout they sit at the top of the repository; in an installed wheel they travel
inside the package (see ``[tool.hatch.build.targets.wheel.force-include]``).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def templates_dir() -> Path:
    return _first_existing(PACKAGE_DIR / "templates", REPO_DIR / "templates")


def static_dir() -> Path:
    return PACKAGE_DIR / "static"


def migrations_dir() -> Path:
    return PACKAGE_DIR / "migrations"


def shipped_content_dir() -> Path:
    """The folder holding ``courses/`` and ``quizzes/`` shipped with this version."""
    installed = PACKAGE_DIR / "shipped_content"
    return installed if installed.is_dir() else REPO_DIR
