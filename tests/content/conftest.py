"""A writable copy of the small test content, for tests that break it on purpose."""

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", target)
    return target


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
