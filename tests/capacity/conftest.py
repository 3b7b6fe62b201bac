"""A small world: the test curriculum with targets, people designated in two countries."""

from datetime import date

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.sync import sync_content
from cartif_lms.directory.models import Competency, DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from tests.conftest import DATA_DIR


@pytest.fixture
def world(app, make_user):
    """Kazakhstan: a lead negotiator for TF and a chief negotiator; Georgia: a lead for TF."""
    sync_content(DATA_DIR / "content")
    tf = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    people = {}
    for key, country, kind, area in (
        ("kz_lead", "KZ", DesignationKind.lead_negotiator, tf),
        ("kz_chief", "KZ", DesignationKind.chief_negotiator, None),
        ("ge_lead", "GE", DesignationKind.lead_negotiator, tf),
    ):
        person = make_user(country=country, name=key)
        designate(
            person,
            country_by_code(country),
            DesignationRequest(person.id, kind, area.id if area else None, date(2026, 1, 1)),
        )
        people[key] = person
    db.session.commit()
    return people


def competency(code: str) -> Competency:
    return db.session.scalar(select(Competency).where(Competency.code == code))
