"""A workshop factory: a trainer schedules a workshop with sessions, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.workshops.models import RegistrationPolicy, SessionMode, Workshop, WorkshopKind
from cartif_lms.workshops.services import (
    SessionDraft,
    WorkshopDraft,
    add_session,
    create_workshop,
)


@pytest.fixture
def trainer(make_user: Callable[..., Any]) -> Any:
    return make_user(role="trainer", country=None)


@pytest.fixture
def make_workshop(trainer: Any) -> Callable[..., Workshop]:
    """``make_workshop(in_days=3, seats=(2, 2), sessions=2)``: a hybrid workshop, committed."""

    def make(
        in_days: float = 3,
        seats: tuple[int, int] = (2, 2),
        sessions: int = 1,
        policy: RegistrationPolicy = RegistrationPolicy.open,
        close_hours: int = 24,
        title: str = "Zero round plenary",
        hours: float = 2,
    ) -> Workshop:
        workshop = create_workshop(
            trainer,
            WorkshopDraft(
                title=title,
                kind=WorkshopKind.zero_round_plenary,
                policy=policy,
                close_hours=close_hours,
            ),
        )
        start = utcnow().replace(second=0, microsecond=0) + timedelta(days=in_days)
        for number in range(sessions):
            begins = start + timedelta(days=number)
            add_session(
                workshop,
                SessionDraft(
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=hours),
                    time_zone="Asia/Almaty",
                    mode=SessionMode.hybrid,
                    venue="Almaty, CAREC Institute",
                    join_url="https://meet.example.org/cartif",
                    capacity_in_person=seats[0],
                    capacity_online=seats[1],
                    facilitator_id=trainer.id,
                ),
                now=utcnow() - timedelta(days=400),  # a factory may schedule in the past
            )
        db.session.commit()
        return workshop

    return make
