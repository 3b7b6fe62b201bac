"""The small curriculum with its drafting exercise, synced."""

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR

EXERCISE = "drafting-lab/transit/close-brackets"
CLEAN = (
    "Article 7\nFreedom of Transit\n"
    '1. Each Party shall accord freedom of transit to "goods in transit".\n'
    "2. Fees imposed on transit shall not exceed the cost of services rendered.\n"
)


@pytest.fixture
def exercise(app) -> Item:
    sync_content(DATA_DIR / "content")
    db.session.commit()
    return db.session.scalar(select(Item).where(Item.slug == EXERCISE))
