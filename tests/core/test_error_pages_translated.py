"""Error pages speak the reader's language: their titles, Werkzeug's default texts, and the
refusals written in code (403 "Your role may not do this.", the hostile-input 400s).

The Russian texts come from the catalogue (``tests/core/test_i18n.py`` fails while one is
missing), so these tests compare with what the catalogue says rather than repeat it.
"""

from flask_babel import force_locale, gettext

RU = {"Accept-Language": "ru"}


def in_russian(app, message: str, **variables) -> str:
    with app.test_request_context(), force_locale("ru"):
        return gettext(message, **variables)


def test_a_missing_page_has_its_own_title_and_text_not_werkzeugs(client, make_user, login_as):
    login_as(make_user())
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "<h1>404 · Page not found</h1>" in html
    assert "Not Found" not in html
    assert "There is no page at this address." in html


def test_a_missing_page_in_russian(app, client):
    html = client.get("/no-such-page", headers=RU).get_data(as_text=True)
    assert f"<h1>404 · {in_russian(app, 'Page not found')}</h1>" in html
    assert "Not Found" not in html


def test_the_role_refusal_is_translated(app, client, make_user, login_as):
    learner = make_user()
    learner.locale = "ru"
    login_as(learner)
    response = client.get("/admin/users")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert in_russian(app, "Your role may not do this.") in html
    assert f"403 · {in_russian(app, 'Not allowed')}" in html


def test_a_nul_byte_refusal_is_translated(app, client):
    response = client.get("/login?next=%00", headers=RU)
    assert response.status_code == 400
    assert in_russian(
        app, "The address holds a NUL byte or text that is not UTF-8."
    ) in response.get_data(as_text=True)


def test_a_form_without_its_token_says_why_in_english_and_russian(app, client):
    english = client.post("/language", data={"locale": "ru"}).get_data(as_text=True)
    assert (
        "The form has expired or was not sent by this site (The CSRF token is missing.)." in english
    )
    russian = client.post("/language", data={"locale": "ru"}, headers=RU).get_data(as_text=True)
    expected = in_russian(
        app,
        "The form has expired or was not sent by this site (%(reason)s).",
        reason="The CSRF token is missing.",
    )
    assert expected in russian


def test_the_api_keeps_werkzeugs_names_in_json(client, make_user, login_as):
    login_as(make_user())
    body = client.get("/api/v1/no-such-thing").get_json()
    assert body["error"] == "Not Found"
