"""Country scoping: who sees whose records, and what a request outside the scope gets."""

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.auth.services import issue_token
from cartif_lms.directory.models import Country
from cartif_lms.directory.services import country_by_code
from cartif_lms.security.permissions import (
    CAPACITY,
    DESIGNATIONS,
    PEOPLE,
    ROLE_PERMISSIONS,
    Reach,
)
from cartif_lms.security.scoping import scope_for

MakeUser = Callable[..., User]
LoginAs = Callable[[User], FlaskClient]


def visible_emails(viewer: User) -> set[str]:
    return set(db.session.scalars(scope_for(viewer).filter(select(User.email))))


def test_a_learner_sees_only_their_own_record(app: object, make_user: MakeUser) -> None:
    learner = make_user(country="KZ")
    make_user(country="KZ")
    assert visible_emails(learner) == {learner.email}


def test_a_focal_point_sees_only_their_countrys_people(app: object, make_user: MakeUser) -> None:
    focal = make_user(role="focal_point", country="KZ")
    colleague = make_user(country="KZ")
    make_user(country="GE")
    assert visible_emails(focal) == {focal.email, colleague.email}


def test_analysts_see_every_country(app: object, make_user: MakeUser) -> None:
    analyst = make_user(role="analyst", country=None)
    people = {make_user(country=code).email for code in ("KZ", "GE", "PK")}
    assert people <= visible_emails(analyst)


def test_a_deactivated_viewer_sees_nobody(app: object, make_user: MakeUser) -> None:
    analyst = make_user(role="analyst", country=None)
    make_user(country="KZ")
    analyst.active = False
    assert visible_emails(analyst) == set()


def country(code: str) -> Country:
    found = country_by_code(code)
    assert found is not None, code
    return found


def test_trainers_see_every_countrys_learners_to_review_them(
    app: object, make_user: MakeUser
) -> None:
    trainer = make_user(role="trainer", country=None)
    people = {make_user(country=code).email for code in ("KZ", "GE", "PK")}
    assert people <= visible_emails(trainer)


@pytest.mark.parametrize("role", ["learner", "trainer", "focal_point", "analyst", "admin"])
@pytest.mark.parametrize("reach", [PEOPLE, CAPACITY, DESIGNATIONS], ids=lambda r: r.name)
def test_the_scope_is_read_from_the_permission_table(
    app: object, make_user: MakeUser, role: str, reach: Reach
) -> None:
    """Every country with the reach's "all" permission, one's own with its "own" one."""
    viewer = make_user(role=role, country="KZ")
    kz, ge = country("KZ"), country("GE")
    scope = scope_for(viewer, reach)
    every = reach.every in ROLE_PERMISSIONS[viewer.role]
    own = every or reach.own in ROLE_PERMISSIONS[viewer.role]
    assert (scope.may_see(kz), scope.may_see(ge)) == (own, every)


def test_trainers_do_not_reach_the_capacity_pages(
    client: FlaskClient, make_user: MakeUser, login_as: LoginAs
) -> None:
    trainer = make_user(role="trainer", country=None)
    assert not scope_for(trainer, CAPACITY).may_see(country("KZ"))
    login_as(trainer)
    assert client.get("/capacity/countries/KZ").status_code == 403
    assert client.get("/capacity/dashboard").status_code == 403


def test_another_countrys_page_answers_404_like_an_unknown_one(
    client: FlaskClient, make_user: MakeUser, login_as: LoginAs
) -> None:
    """Pages do not reveal what exists: 404 whether it is out of scope or does not exist, in
    the path or in ``?country=``."""
    login_as(make_user(role="focal_point", country="KZ"))
    other = client.get("/capacity/countries/GE")
    unknown = client.get("/capacity/countries/XX")
    assert other.status_code == unknown.status_code == 404
    assert other.get_data() == unknown.get_data()
    for path in ("/capacity/ta-needs?country=GE", "/capacity/gaps.csv?country=GE"):
        assert client.get(path).status_code == 404, path
    assert client.get("/countries/GE/designations").status_code == 404


def test_the_api_answers_403_for_another_country_and_404_for_an_unknown_one(
    client: FlaskClient, make_user: MakeUser
) -> None:
    focal = make_user(role="focal_point", country="KZ")
    headers = {"Authorization": f"Bearer {issue_token(focal)}"}
    db.session.commit()
    for path in ("/api/v1/progress", "/api/v1/capacity-gaps", "/api/v1/ta-needs"):
        other = client.get(f"{path}?country=GE", headers=headers)
        unknown = client.get(f"{path}?country=XX", headers=headers)
        assert other.status_code == 403, path
        assert other.get_json()["status"] == 403, path
        assert unknown.status_code == 404, path
        assert "'XX'" in unknown.get_json()["message"], path
