"""Per-person pages read only that person's rows: the number of SQL statements a page runs is
a constant, the same with one learner as with many learners who have completed much."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.capacity.evidence import record_evidence
from cartif_lms.content.models import Item
from cartif_lms.directory.models import DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.learning.services import record_completion
from tests.capacity.conftest import competency
from tests.sql import recorded_statements

#: The most statements "My competencies" may run, whatever the data (issue 19: fewer than 8).
MINE_AT_MOST = 7


def statements_for(client: FlaskClient, server: Flask, path: str) -> list[str]:
    """The statements one GET of ``path`` runs (after a first GET warms the worker's caches)."""
    assert client.get(path).status_code == 200
    with recorded_statements(server) as recorded:
        assert client.get(path).status_code == 200
    return [statement.sql for statement in recorded]


def crowd(make_user: Callable[..., User], how_many: int = 6) -> None:
    """More designated learners in Kazakhstan, each with every item completed and evidence."""
    tf = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    items = list(db.session.scalars(select(Item)))
    for _ in range(how_many):
        person = make_user(country="KZ")
        designate(
            person,
            country_by_code("KZ"),
            DesignationRequest(person.id, DesignationKind.lead_negotiator, tf.id, date(2026, 1, 1)),
        )
        for item in items:
            record_completion(person, item)
        record_evidence(person, competency("TF.TRANSIT"), 2, "assessment", note="seen")
        db.session.commit()


def test_my_competencies_runs_few_statements_however_many_learners(
    client, server, world, login_as, make_user
):
    person = world["kz_lead"]
    record_evidence(person, competency("TF.TRANSIT"), 1, "assessment", note="first")
    db.session.commit()
    login_as(person)
    before = statements_for(client, server, "/capacity/me")
    assert len(before) <= MINE_AT_MOST, "\n".join(before)

    crowd(make_user)
    after = statements_for(client, server, "/capacity/me")
    assert len(after) == len(before), "\n".join(after)


def test_home_and_my_progress_cost_the_same_however_many_learners(
    client, server, world, login_as, make_user
):
    login_as(world["kz_lead"])
    paths = ("/", "/api/v1/me/progress")
    before = {path: len(statements_for(client, server, path)) for path in paths}
    crowd(make_user)
    after = {path: len(statements_for(client, server, path)) for path in paths}
    assert after == before


def test_the_analysts_and_focal_points_pages_cost_the_same_however_many_learners(
    client, server, world, login_as, make_user
):
    """The dashboard, the country page and the capacity API show at most 11 countries x 9 areas
    x the competencies: more people and completions add no statement (issue 19)."""
    pages = {
        "analyst": (
            "/capacity/dashboard",
            "/capacity/countries/KZ",
            "/api/v1/progress",
            "/api/v1/capacity-gaps",
        ),
        "focal_point": ("/capacity/countries/KZ", "/api/v1/progress"),
    }
    viewers = {role: make_user(role=role, country="KZ") for role in pages}

    def costs() -> dict[tuple[str, str], int]:
        counted = {}
        for role, paths in pages.items():
            login_as(viewers[role])
            for path in paths:
                counted[role, path] = len(statements_for(client, server, path))
        return counted

    before = costs()
    crowd(make_user, how_many=8)
    assert costs() == before


def test_the_dashboard_reads_the_countries_once(client, server, login_as, make_user):
    """Issue 19 found the countries query four times in one dashboard request."""
    login_as(make_user(role="analyst", country=None))
    statements = statements_for(client, server, "/capacity/dashboard")
    reading_countries = [s for s in statements if re.search(r"\bFROM lms_country\b", s)]
    assert len(reading_countries) == 1, "\n".join(reading_countries)
