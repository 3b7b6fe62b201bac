"""A host application with its own Flask-Login mounts the LMS: one login, the host's.

Each test runs twice: the LMS mounted after the host's login manager, and before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, redirect, render_template_string, request
from flask.testing import FlaskClient
from flask_login import LoginManager, UserMixin, login_user, logout_user
from sqlalchemy import func, select

from cartif_lms import LMS, ConfigError, db
from cartif_lms.auth.identity import host_identity, insert_account
from cartif_lms.auth.models import Role, User
from cartif_lms.auth.services import issue_token, set_active
from tests.conftest import ServerClient, csrf_token_from


class MinistryUser(UserMixin):
    """The host's own people, who never had an LMS password."""

    def __init__(self, user_id: str, email: str | None, name: str) -> None:
        self.id, self.email, self.name = user_id, email, name


#: Id 1 on purpose: the LMS's first account has it too, and neither may stand for the other.
PEOPLE = {
    "1": MinistryUser("1", "Aigul.Minister@Ministry.example", "Aigul Minister"),
    "2": MinistryUser("2", None, "Clerk Without Mail"),
}
ORDERS = ("host first", "LMS first")


def build_host(
    app_config: dict[str, Any], order: str, **lms_options: Any
) -> tuple[Flask, LoginManager]:
    host = Flask("ministry_portal")
    host.config["SECRET_KEY"] = "host-secret-key-long-enough-for-tests"
    host.config.update({k: v for k, v in app_config.items() if k != "LMS_SECRET_KEY"})
    host.config["LMS_HOST_LOGOUT_ENDPOINT"] = "host_logout"
    manager = LoginManager()
    manager.login_view = "host_login"
    manager.user_loader(PEOPLE.get)
    if order == "LMS first":
        LMS(host, url_prefix="/training", **lms_options)
    manager.init_app(host)
    if order == "host first":
        LMS(host, url_prefix="/training", **lms_options)

    @host.get("/")
    def index() -> str:
        return render_template_string(
            "{{ current_user.__class__.__name__ }}: {{ current_user.name or 'visitor' }}"
        )

    @host.get("/form")
    def host_form() -> str:  # a host page with a form to the LMS (LMS forms carry the token)
        return render_template_string('<input name="csrf_token" value="{{ csrf_token() }}">')

    @host.get("/login")
    def host_login() -> Any:
        if "as" not in request.args:
            return "the ministry's sign-in page"
        login_user(PEOPLE[request.args["as"]])
        return redirect(request.args.get("next") or "/")

    @host.get("/logout")
    def host_logout() -> Any:
        logout_user()
        return redirect("/")

    host.test_client_class = ServerClient
    return host, manager


@pytest.fixture(params=ORDERS)
def mount(
    request: pytest.FixtureRequest, app: Flask, migrated: dict[str, Any]
) -> Iterator[Callable[..., tuple[Flask, LoginManager]]]:
    """``mount(**lms_options)``: the ministry portal with the LMS under /training."""
    built: list[Flask] = []

    def make(**lms_options: Any) -> tuple[Flask, LoginManager]:
        host, manager = build_host(migrated, request.param, **lms_options)
        built.append(host)
        return host, manager

    yield make
    for host in built:
        host.extensions["cartif_lms"].engine.dispose()


@pytest.fixture
def portal(mount: Callable[..., tuple[Flask, LoginManager]]) -> FlaskClient:
    return mount()[0].test_client()


def sign_in_on_host(client: FlaskClient, person: str = "1") -> None:
    assert client.get(f"/login?as={person}").status_code == 302


def accounts(email: str) -> list[User]:
    return list(db.session.scalars(select(User).where(User.email == email)))


def test_the_host_keeps_its_own_login_manager(mount):
    host, manager = mount()
    assert host.login_manager is manager
    with host.app_context():
        assert host_identity()


def test_host_pages_see_the_hosts_user_never_an_lms_account(portal, make_user):
    make_user(role="admin", country=None)  # LMS account id 1, like the host's person "1"
    assert portal.get("/").get_data(as_text=True) == "AnonymousUserMixin: visitor"
    sign_in_on_host(portal)
    assert portal.get("/").get_data(as_text=True) == "MinistryUser: Aigul Minister"
    portal.get("/training/")  # an LMS page in between changes nothing on the host's
    assert portal.get("/").get_data(as_text=True) == "MinistryUser: Aigul Minister"


def test_lms_pages_see_an_account_made_by_email_on_the_first_visit(portal):
    sign_in_on_host(portal)
    page = portal.get("/training/")
    assert page.status_code == 200
    assert "Aigul Minister" in page.get_data(as_text=True)
    assert portal.get("/training/catalog").status_code == 200
    (account,) = accounts("aigul.minister@ministry.example")
    assert account.role is Role.learner
    assert account.country is None
    assert account.name == "Aigul Minister"


def test_an_existing_account_with_that_email_is_the_one_used(portal, make_user):
    trainer = make_user(role="trainer", country=None, email="aigul.minister@ministry.example")
    sign_in_on_host(portal)
    page = portal.get("/training/").get_data(as_text=True)
    assert trainer.name in page
    assert "Grading" in page  # the trainer's navigation
    assert len(accounts(trainer.email)) == 1


def test_a_visitor_is_sent_to_the_hosts_sign_in_and_back(portal):
    response = portal.get("/training/catalog")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    login_page = portal.get("/training/login")
    assert login_page.headers["Location"] == "/login?next=%2Ftraining%2F"
    back = portal.get("/login?as=1&next=/training/catalog")
    assert back.headers["Location"] == "/training/catalog"
    assert portal.get("/training/catalog").status_code == 200
    assert portal.get("/training/login").headers["Location"] == "/training/"


def test_signing_out_on_the_host_ends_lms_access(portal):
    sign_in_on_host(portal)
    assert portal.get("/training/capacity/me").status_code == 200
    portal.get("/logout")
    assert portal.get("/training/capacity/me").headers["Location"].startswith("/login?next=")
    assert "Aigul Minister" not in portal.get("/training/").get_data(as_text=True)


def test_the_lms_sign_out_is_the_hosts(portal):
    sign_in_on_host(portal)
    page = portal.get("/training/").get_data(as_text=True)
    assert '<a href="/logout">' in page
    assert "/training/account/password" not in page  # the host keeps the passwords
    token = csrf_token_from(portal.get("/form").get_data(as_text=True))
    response = portal.post("/training/logout", data={"csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (303, "/logout")
    assert portal.get("/training/account/password").status_code == 404


def test_the_hook_decides_who_gets_which_account(mount, make_user):
    analyst = make_user(role="analyst", country=None, email="analyst@adb.example")
    seen = []

    def map_host_user(host_user: Any) -> User | None:
        seen.append(host_user)
        return analyst if host_user.id == "1" else None

    client = mount(map_host_user=map_host_user)[0].test_client()
    sign_in_on_host(client)
    assert analyst.name in client.get("/training/").get_data(as_text=True)
    assert seen == [PEOPLE["1"]]
    sign_in_on_host(client, "2")
    refused = client.get("/training/catalog")
    assert refused.status_code == 403
    stylesheet = client.get("/training/static/lms.css")
    stylesheet.close()
    assert stylesheet.status_code == 200


def test_a_host_user_without_email_or_with_a_deactivated_account_is_refused(portal, make_user):
    sign_in_on_host(portal, "2")
    assert portal.get("/training/").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    person = make_user(role="learner", country="GE", email="aigul.minister@ministry.example")
    set_active(person, False)
    db.session.commit()
    sign_in_on_host(portal)
    assert portal.get("/training/").status_code == 403
    assert portal.get("/").get_data(as_text=True) == "MinistryUser: Aigul Minister"


def test_api_tokens_and_the_health_check_work_beside_the_hosts_login(portal, make_user):
    analyst = make_user(role="analyst", country=None)
    token = issue_token(analyst)
    db.session.commit()
    mine = portal.get("/training/api/v1/me/progress", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200
    assert portal.get("/training/api/v1/me/progress").status_code == 401
    sign_in_on_host(portal, "2")  # refused on pages, but the health check needs no one
    assert portal.get("/training/healthz").get_json() == {"status": "ok"}


def test_two_first_visits_at_once_make_one_account(app, make_user):
    """The second of two racing first visits inserts nothing and gets the first's account."""
    first = make_user(role="learner", country="GE", email="aigul.minister@ministry.example")
    again = insert_account(first.email, "Someone Else", Role.admin)
    assert (again.id, again.role, again.name) == (first.id, Role.learner, first.name)
    assert len(accounts(first.email)) == 1


def test_the_default_role_is_a_setting(migrated, app):
    host, _manager = build_host({**migrated, "LMS_HOST_DEFAULT_ROLE": "trainer"}, "host first")
    client = host.test_client()
    sign_in_on_host(client)
    client.get("/training/")
    (account,) = accounts("aigul.minister@ministry.example")
    assert account.role is Role.trainer
    host.extensions["cartif_lms"].engine.dispose()
    with pytest.raises(ConfigError, match="LMS_HOST_DEFAULT_ROLE"):
        build_host({**migrated, "LMS_HOST_DEFAULT_ROLE": "minister"}, "host first")


def test_standalone_the_lms_signs_people_in_itself(server):
    assert not host_identity(server)
    assert server.login_manager.login_view == "lms.auth.login"
