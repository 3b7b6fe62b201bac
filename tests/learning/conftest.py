"""The small test curriculum, synced into the database."""

import pytest

from cartif_lms import db
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR


@pytest.fixture
def curriculum(app):
    sync_content(DATA_DIR / "content")
    db.session.commit()
