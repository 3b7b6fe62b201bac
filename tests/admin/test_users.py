"""Administrators list, create and deactivate accounts and reset passwords."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.auth.services import find_user_by_email

NEW = {
    "email": "New.Person@Example.org",
    "name": "New Person",
    "role": "learner",
    "country": "TJ",
    "gender": "female",
    "password": "long enough password",
}


def test_admin_lists_users_and_filters_them_by_country(client, make_user, login_as):
    admin = make_user(role="admin", country=None)
    make_user(name="Tajik Learner", country="TJ")
    make_user(name="Georgian Learner", country="GE")
    login_as(admin)
    page = client.get("/admin/users?country=TJ").get_data(as_text=True)
    assert "Tajik Learner" in page
    assert "Georgian Learner" not in page


def test_admin_creates_an_account_with_a_lower_cased_email(client, make_user, login_as, post_form):
    login_as(make_user(role="admin", country=None))
    response = post_form("/admin/users/new", NEW)
    assert response.status_code == 302
    created = find_user_by_email("new.person@example.org")
    assert created.email == "new.person@example.org"
    assert created.country.code == "TJ"
    assert created.gender.value == "female"


def test_a_bad_account_form_re_renders_with_messages_and_saves_nothing(
    client, make_user, login_as, post_form
):
    login_as(make_user(role="admin", country=None))
    before = len(db.session.scalars(select(User)).all())
    response = post_form("/admin/users/new", {**NEW, "country": "", "password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Learners and focal points belong to a country." in page
    assert "between 10 and 200 characters" in page
    assert len(db.session.scalars(select(User)).all()) == before


def test_email_is_unique_whatever_its_case(client, make_user, login_as, post_form):
    login_as(make_user(role="admin", country=None))
    make_user(email="taken@example.org")
    response = post_form("/admin/users/new", {**NEW, "email": "TAKEN@example.org"})
    assert "An account with this email already exists." in response.get_data(as_text=True)


def test_admin_deactivates_an_account_which_then_cannot_sign_in(
    client, make_user, login_as, post_form
):
    admin = make_user(role="admin", country=None)
    person = make_user()
    login_as(admin)
    response = post_form(f"/admin/users/{person.id}/active", {}, page=f"/admin/users/{person.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person.id).active is False


def test_admin_resets_a_password(client, make_user, login_as, post_form):
    admin = make_user(role="admin", country=None)
    person = make_user()
    login_as(admin)
    post_form(
        f"/admin/users/{person.id}/password",
        {"password": "a brand new password"},
        page=f"/admin/users/{person.id}",
    )
    db.session.expire_all()
    assert db.session.get(User, person.id).check_password("a brand new password")


def test_nobody_but_an_admin_reaches_the_user_pages(client, make_user, login_as):
    for role in ("learner", "trainer", "focal_point", "analyst"):
        person = make_user(role=role, country="KZ" if role in {"learner", "focal_point"} else None)
        with client.session_transaction() as session:
            session.clear()
        login_as(person)
        assert client.get("/admin/users").status_code == 403
        assert client.get(f"/admin/users/{person.id}").status_code == 403
