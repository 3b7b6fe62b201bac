"""Sessions live on the server: whoever holds an old cookie is signed out once it is ended.

Each story keeps the cookie a browser had before the event, then replays it on a fresh client,
as someone who copied it would.
"""

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, Role, User, UserSession
from cartif_lms.auth.services import issue_token
from cartif_lms.auth.sessions import SEEN_RESOLUTION_SECONDS
from cartif_lms.db import utcnow
from tests.conftest import PASSWORD, csrf_token_from

NEW_PASSWORD = "a brand new passphrase"


def cookie_of(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "the browser holds no session cookie"
    return cookie.value


def replay(server, cookie: str, path: str = "/catalog"):
    """Send ``cookie`` from a browser that never signed in."""
    other = server.test_client()
    other.set_cookie("session", cookie)
    return other.get(path)


def signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def sign_in(server, person: User, password: str = PASSWORD):
    """A second browser (another device) signed in as ``person``."""
    device = server.test_client()
    token = csrf_token_from(device.get("/login").get_data(as_text=True))
    response = device.post(
        "/login", data={"email": person.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, "sign-in failed"
    return device


def sessions_of(person: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(UserSession).where(UserSession.user_id == person.id)
    )


def test_signing_out_ends_the_session_on_the_server(server, client, make_user, login_as, post_form):
    login_as(make_user())
    cookie = cookie_of(client)
    assert replay(server, cookie).status_code == 200  # the copy works while the session lives

    assert post_form("/logout", {}, page="/").status_code == 302

    assert signed_out(replay(server, cookie))
    api = replay(server, cookie, "/api/v1/me/progress")
    assert api.status_code == 401
    assert api.is_json


def test_signing_in_as_someone_else_ends_the_browsers_previous_session(
    server, client, make_user, login_as
):
    """A shared computer in a delegation office: the next person's sign-in ends the last one's."""
    first, second = make_user(), make_user()
    login_as(first)
    cookie = cookie_of(client)

    login_as(second)

    assert signed_out(replay(server, cookie))
    assert sessions_of(first) == 0
    assert sessions_of(second) == 1


def test_changing_ones_password_signs_out_every_other_session(
    server, client, make_user, login_as, post_form
):
    person = make_user()
    phone = sign_in(server, person)
    phone_cookie = cookie_of(phone)
    login_as(person)  # the laptop

    response = post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert signed_out(replay(server, phone_cookie))
    assert client.get("/catalog").status_code == 200  # the session that changed it stays
    assert sessions_of(person) == 1
    sign_in(server, person, NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_sign_in(
    server, client, make_user, login_as, post_form
):
    person = make_user()
    phone = sign_in(server, person)
    login_as(person)
    for _ in range(5):
        wrong = post_form(
            "/account/password",
            {"current_password": "a guess", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        )
        assert "This is not your current password." in wrong.get_data(as_text=True)
    throttled = post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert throttled.status_code == 429
    assert phone.get("/catalog").status_code == 200
    db.session.refresh(person)
    assert person.check_password(PASSWORD)


@pytest.fixture
def admin_client(server, make_user):
    """An administrator signed in on their own browser."""
    return sign_in(server, make_user(role="admin", country=None))


def admin_post(admin_client, path: str, data: dict):
    page = admin_client.get(path.rsplit("/", 1)[0]).get_data(as_text=True)
    return admin_client.post(path, data={**data, "csrf_token": csrf_token_from(page)})


def test_an_administrators_password_reset_signs_the_person_out_everywhere(
    server, make_user, admin_client
):
    person = make_user()
    cookie = cookie_of(sign_in(server, person))

    response = admin_post(
        admin_client, f"/admin/users/{person.id}/password", {"password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert signed_out(replay(server, cookie))
    assert sessions_of(person) == 0
    assert admin_client.get("/admin/users").status_code == 200


def test_deactivating_an_account_ends_its_sessions(server, make_user, admin_client):
    person = make_user()
    cookie = cookie_of(sign_in(server, person))

    response = admin_post(admin_client, f"/admin/users/{person.id}/active", {})

    assert response.status_code == 302
    db.session.refresh(person)
    assert person.active is False
    assert sessions_of(person) == 0
    assert signed_out(replay(server, cookie))


def test_changing_a_role_ends_the_persons_sessions(server, make_user, admin_client):
    person = make_user(role="learner", country="KZ")
    cookie = cookie_of(sign_in(server, person))

    response = admin_post(
        admin_client, f"/admin/users/{person.id}/role", {"role": "focal_point", "country": "KZ"}
    )

    assert response.status_code == 302
    db.session.refresh(person)
    assert person.role is Role.focal_point
    assert signed_out(replay(server, cookie))
    focal = sign_in(server, person)
    assert focal.get("/countries/KZ/designations").status_code == 200  # the new role's page


def test_a_role_change_that_leaves_a_learner_without_country_is_refused(
    server, make_user, admin_client
):
    person = make_user(role="trainer", country=None)
    cookie = cookie_of(sign_in(server, person))

    page = admin_post(admin_client, f"/admin/users/{person.id}/role", {"role": "learner"})

    assert "Learners and focal points belong to a country." in page.get_data(as_text=True)
    db.session.refresh(person)
    assert person.role is Role.trainer
    assert replay(server, cookie).status_code == 200


def test_administrators_cannot_change_their_own_role(server, admin_client):
    admin = db.session.scalar(select(User).where(User.role == Role.admin))
    admin_post(admin_client, f"/admin/users/{admin.id}/role", {"role": "learner", "country": "KZ"})
    db.session.refresh(admin)
    assert admin.role is Role.admin


def test_an_idle_session_expires_however_often_its_cookie_is_replayed(
    server, client, make_user, login_as, leave_idle
):
    person = make_user()
    login_as(person)
    cookie = cookie_of(client)
    leave_idle(person, timedelta(minutes=480, seconds=30))  # LMS_SESSION_IDLE_MINUTES is 480
    seen = db.session.scalar(select(UserSession.last_seen_at))

    first = replay(server, cookie)
    assert signed_out(first)
    for _ in range(3):
        assert signed_out(replay(server, cookie))
    db.session.expire_all()
    assert db.session.scalar(select(UserSession.last_seen_at)) == seen  # never moved forward

    page = client.get("/catalog", follow_redirects=True).get_data(as_text=True)
    assert "You were signed out after a long time without activity." in page


def test_a_session_in_use_stays_signed_in_and_its_last_seen_time_moves(
    server, client, make_user, login_as, leave_idle
):
    person = make_user()
    login_as(person)
    cookie = cookie_of(client)
    leave_idle(person, timedelta(minutes=470))  # ten minutes short of the limit

    assert replay(server, cookie).status_code == 200
    seen = db.session.scalar(select(UserSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)


def test_pages_neither_write_the_session_nor_rewrite_the_cookie_on_every_request(
    server, client, make_user, login_as, leave_idle
):
    """Last-seen is written at most every few minutes, by one conditional UPDATE."""
    person = make_user()
    login_as(person)
    statements: list[str] = []
    engine = server.extensions["cartif_lms"].engine

    def listener(*args) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            response = client.get("/catalog")
            assert response.status_code == 200
            assert "Set-Cookie" not in response.headers
        assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]

        leave_idle(person, timedelta(seconds=SEEN_RESOLUTION_SECONDS + 60))
        statements.clear()
        client.get("/catalog")
        client.get("/catalog")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1
    assert "lms_user_session" in updates[0]


def test_a_cookie_from_before_sessions_were_kept_on_the_server_is_signed_out(
    server, client, make_user
):
    """A cookie carrying only a user id (how sessions were signed before) opens nothing."""
    person = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    assert signed_out(client.get("/catalog"))


def test_the_api_csrf_exemption_needs_a_valid_bearer_token(server, client, make_user):
    analyst = make_user(role="analyst", country=None)
    token = issue_token(analyst)
    revoked = issue_token(analyst)
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == db.session.scalar(select(func.max(ApiToken.id))))
        .values(revoked_at=utcnow())
    )
    db.session.commit()
    body = {"status": "open"}

    def patch(value: str):
        return client.patch(
            "/api/v1/ta-needs/999999", json=body, headers={"Authorization": f"Bearer {value}"}
        )

    assert patch(token).status_code == 404  # exempt: the token is valid, the need is not there
    for bad in (revoked, "lms_made-up", "x"):
        response = patch(bad)
        assert response.status_code == 401, bad
        assert response.is_json, bad


def test_a_bearer_header_does_not_exempt_a_page_from_csrf(server, client, make_user, login_as):
    person = make_user()
    login_as(person)
    token = issue_token(person)
    db.session.commit()
    for value in (token, "lms_made-up"):
        response = client.post("/logout", headers={"Authorization": f"Bearer {value}"})
        assert response.status_code == 400
    assert client.get("/catalog").status_code == 200  # still signed in: the POST was refused
