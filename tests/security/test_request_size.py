"""Every request has a body size limit: larger ones get a clear 413, never a crash or a hang."""

from cartif_lms.auth.services import issue_token
from cartif_lms.db import session as db_session
from tests.conftest import csrf_token_from

MIB = 1024 * 1024
BOUNDARY = "lms-test-boundary"


def test_a_form_over_the_limit_gets_a_413_page_that_says_the_limit(client):
    response = client.post("/login", data={"email": "x" * (2 * MIB + 1), "password": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "text/html" in response.content_type
    assert "the site accepts at most 2048 KB" in page


def test_an_api_request_over_the_limit_gets_json(client, make_user):
    token = issue_token(make_user(role="analyst", country=None))
    db_session.commit()
    response = client.patch(
        "/api/v1/ta-needs/1",
        data=b"{" + b" " * (2 * MIB) + b"}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert response.get_json()["status"] == 413
    assert "2048 KB" in response.get_json()["message"]


def test_the_limit_is_a_setting(server, client):
    server.config["LMS_MAX_REQUEST_BYTES"] = 10_000
    assert client.post("/login", data={"email": "x" * 10_000}).status_code == 413
    assert client.post("/login", data={"email": "x" * 9_000}).status_code == 400  # no CSRF


def test_a_long_pasted_bank_under_the_limit_reaches_the_view(client, make_user, login_as):
    """The bank form is multipart, where Flask alone refuses any field over 500 kB; here the
    request limit decides, and the view answers about the bank itself."""
    login_as(make_user(role="trainer", country=None))
    token = csrf_token_from(client.get("/trainer/banks/new").get_data(as_text=True))
    fields = {"csrf_token": token, "name": "big", "source": "x" * 600_000}
    body = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    response = client.post(
        "/trainer/banks/new",
        data=f"{body}--{BOUNDARY}--\r\n".encode(),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 200
    assert "x" * 600_000 in response.get_data(as_text=True)  # the bank page, with the text
