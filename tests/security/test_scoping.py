"""Country scoping in the data layer: who sees whose records."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.security.scoping import scope_people


def visible_emails(viewer: User) -> set[str]:
    return set(db.session.scalars(scope_people(select(User.email), viewer)))


def test_a_learner_sees_only_their_own_record(app, make_user):
    learner = make_user(country="KZ")
    make_user(country="KZ")
    assert visible_emails(learner) == {learner.email}


def test_a_focal_point_sees_only_their_countrys_people(app, make_user):
    focal = make_user(role="focal_point", country="KZ")
    colleague = make_user(country="KZ")
    make_user(country="GE")
    assert visible_emails(focal) == {focal.email, colleague.email}


def test_analysts_see_every_country(app, make_user):
    analyst = make_user(role="analyst", country=None)
    people = {make_user(country=code).email for code in ("KZ", "GE", "PK")}
    assert people <= visible_emails(analyst)


def test_a_deactivated_viewer_sees_nobody(app, make_user):
    analyst = make_user(role="analyst", country=None)
    make_user(country="KZ")
    analyst.active = False
    assert visible_emails(analyst) == set()
