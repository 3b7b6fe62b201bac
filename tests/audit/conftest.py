"""A stage for audited actions: the small curriculum synced, one person of each role, and a
signed-in client for each, so a test performs an action the way its user does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.audit import AuditEntry
from cartif_lms.auth.models import User
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR, csrf_token_from, signed_in_client


@dataclass
class Stage:
    server: Flask
    runner: Any
    people: dict[str, User]
    make_user: Callable[..., User]
    clients: dict[str, tuple[FlaskClient, str]] = field(default_factory=dict)
    #: The last entry before the action under test (see :meth:`begin`).
    start: int | None = None

    def begin(self) -> None:
        """Everything is prepared: the entries from here on are the action's."""
        db.session.commit()
        self.start = last_entry_id()

    def client(self, who: str) -> FlaskClient:
        return self._signed_in(who)[0]

    def post(self, who: str, url: str, data: dict[str, Any], page: str | None = None) -> Any:
        """POST a form as ``who`` does: the page first (for its CSRF token), then the form."""
        client = self.client(who)
        html = client.get(page or url).get_data(as_text=True)
        return client.post(url, data={**data, "csrf_token": csrf_token_from(html)})

    def _signed_in(self, who: str) -> tuple[FlaskClient, str]:
        if who not in self.clients:
            self.clients[who] = signed_in_client(self.server, self.people[who])
        return self.clients[who]


@pytest.fixture
def stage(app: Flask, server: Flask, runner: Any, make_user: Callable[..., User]) -> Stage:
    sync_content(DATA_DIR / "content")
    people = {
        "admin": make_user(role="admin", country=None),
        "focal_point": make_user(role="focal_point", country="KZ"),
        "trainer": make_user(role="trainer", country=None),
        "analyst": make_user(role="analyst", country=None),
        "learner": make_user(country="KZ", name="Aigerim Learner"),
        "georgian": make_user(country="GE", name="Nino Learner"),
    }
    db.session.commit()
    return Stage(server, runner, people, make_user)


def last_entry_id() -> int:
    return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def entries_after(entry_id: int) -> list[AuditEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > entry_id).order_by(AuditEntry.id)
        )
    )
