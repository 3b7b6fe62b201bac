"""The shipped curriculum synced and the demo loaded, as `make run` does."""

import pytest

from cartif_lms import db
from cartif_lms.resources import shipped_content_dir


@pytest.fixture
def demo(runner):
    synced = runner.invoke(args=["lms", "sync", "--content-dir", str(shipped_content_dir())])
    assert synced.exit_code == 0, synced.output
    loaded = runner.invoke(args=["lms", "demo"])
    assert loaded.exit_code == 0, loaded.output
    db.session.expire_all()
