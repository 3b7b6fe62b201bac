"""A small curriculum, designations made through the focal point's service, and a track that
one lesson completes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.certificates.models import Certificate
from cartif_lms.content.models import Item, Track
from cartif_lms.content.sync import sync_content
from cartif_lms.db import utcnow
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.learning.services import mark_complete
from tests.conftest import DATA_DIR

#: The only lesson of the "drafting-dive" track: marking it complete completes the track.
ONE_LESSON_TRACK = "drafting-dive"
ONE_LESSON = "drafting-dive/brackets/reading"


@pytest.fixture
def curriculum(app: object) -> None:
    sync_content(DATA_DIR / "content")
    db.session.commit()


def today() -> date:
    return utcnow().date()


def track(slug: str = ONE_LESSON_TRACK) -> Track:
    return db.session.scalars(select(Track).where(Track.slug == slug)).one()


@pytest.fixture
def designate_person(make_user: Callable[..., User]) -> Callable[..., None]:
    """``designate_person(person, valid_from=..., valid_until=...)``: a chief negotiator
    designation recorded by the person's focal point, through the real service."""
    focal_points: dict[str, User] = {}

    def make(person: User, valid_from: date | None = None, valid_until: date | None = None) -> None:
        code = person.country.code
        nominator = focal_points.get(code) or make_user(role="focal_point", country=code)
        focal_points[code] = nominator
        country = country_by_code(code)
        assert country is not None
        designate(
            nominator,
            country,
            DesignationRequest(
                user_id=person.id,
                kind=DesignationKind.chief_negotiator,
                area_id=None,
                valid_from=valid_from or today() - timedelta(days=30),
                valid_until=valid_until,
            ),
        )
        db.session.commit()

    return make


def finish_track(person: User) -> None:
    lesson = db.session.scalars(select(Item).where(Item.slug == ONE_LESSON)).one()
    assert mark_complete(person, lesson).track_completed
    db.session.commit()


def certificates_of(person: User) -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == person.id)))
