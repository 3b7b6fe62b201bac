"""A small scenario (three delegations, three issues) synced with its track, a trainer, and a
run with one person per delegation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.content.sync import sync_content
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Run, Scenario, Seat
from tests.conftest import DATA_DIR

CONTENT = DATA_DIR / "simulations"
SECRETS = {"alfa": "SECRET-ALFA-7Q", "bravo": "SECRET-BRAVO-3X", "coco": "SECRET-COCO-9K"}


@pytest.fixture
def scenario(app: Any) -> Scenario:
    sync_content(CONTENT)
    db.session.commit()
    found = db.session.scalar(select(Scenario).where(Scenario.slug == "border-fees"))
    assert found is not None
    return found


@pytest.fixture
def trainer(make_user: Callable[..., User]) -> User:
    return make_user(role="trainer", country=None)


@pytest.fixture
def run(scenario: Scenario, trainer: User) -> Run:
    started = services.start_run(trainer, scenario, "Test run")
    db.session.commit()
    return started


@pytest.fixture
def seats(run: Run, trainer: User, make_user: Callable[..., User]) -> dict[str, Seat]:
    """One participant per delegation, none of Kazakhstan (Alfa stands for KZ)."""
    seated = {}
    for delegation, country in zip(run.delegations, ("GE", "MN", "TJ"), strict=True):
        person = make_user(country=country, name=f"Negotiator {delegation.code}")
        seated[delegation.key] = services.seat(run, delegation, person, trainer)
    db.session.commit()
    return seated


def round_of(run: Run) -> int:
    current = services.current_round(run)
    assert current is not None
    return current.number
