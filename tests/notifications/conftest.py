"""The small curriculum, synced, and a way to read a person's notifications."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.notifications.models import Notification
from tests.conftest import DATA_DIR


@pytest.fixture
def curriculum(app) -> Callable[[str], Item]:
    """Sync tests/data/content; returns a lookup of items by slug."""
    sync_content(DATA_DIR / "content")
    db.session.commit()

    def item(slug: str) -> Item:
        return db.session.scalars(select(Item).where(Item.slug == slug)).one()

    return item


def notifications_of(user: User) -> list[Notification]:
    db.session.expire_all()
    stmt = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    return list(db.session.scalars(stmt))
