"""The language switch in every page's footer: a form, no JavaScript, back to the same page."""

import re

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from tests.conftest import csrf_token_from


def switch(client, locale: str, next_page: str | None = "/", token: str | None = None):
    token = token or csrf_token_from(client.get("/login").get_data(as_text=True))
    data = {"locale": locale, "csrf_token": token}
    if next_page is not None:
        data["next"] = next_page
    return client.post("/language", data=data)


def lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match
    return match.group(1)


def test_every_page_has_the_switch_with_a_csrf_token(client, make_user, login_as):
    html = client.get("/login").get_data(as_text=True)
    assert 'action="/language"' in html
    assert '<button type="submit" name="locale" value="ru" lang="ru"' in html
    assert 'name="next" value="/login"' in html
    assert 'value="en" lang="en" aria-describedby="lms-language-label" aria-current="true"' in html
    login_as(make_user())
    for page in ("/", "/catalog", "/account/profile", "/no-such-page"):
        assert 'action="/language"' in client.get(page).get_data(as_text=True), page


def test_the_page_comes_back_with_its_query(client, make_user, login_as):
    login_as(make_user())
    html = client.get("/catalog?area=TF").get_data(as_text=True)
    assert 'name="next" value="/catalog?area=TF"' in html


def test_a_visitors_choice_changes_the_language_and_is_kept(client):
    assert lang(client.get("/login").get_data(as_text=True)) == "en"
    response = switch(client, "ru", "/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert lang(html) == "ru"
    assert "Войти" in html
    assert 'value="ru" lang="ru" aria-describedby="lms-language-label" aria-current="true"' in html


def test_the_browsers_language_is_the_default_until_one_is_chosen(client):
    russian = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
    assert lang(client.get("/login", headers=russian).get_data(as_text=True)) == "ru"
    switch(client, "en", "/login")
    assert lang(client.get("/login", headers=russian).get_data(as_text=True)) == "en"


def test_a_signed_in_switch_is_saved_in_the_profile(client, make_user, login_as):
    person = make_user()
    login_as(person)
    token = csrf_token_from(client.get("/catalog").get_data(as_text=True))
    response = switch(client, "ru", "/catalog", token)
    assert response.headers["Location"] == "/catalog"
    assert db.session.scalar(select(User.locale).where(User.id == person.id)) == "ru"
    html = client.get("/catalog").get_data(as_text=True)
    assert lang(html) == "ru"
    assert "Каталог обучения" in html
    # The profile shows the same choice, and its form keeps the two in step.
    profile = client.get("/account/profile").get_data(as_text=True)
    assert re.search(
        r'<option[^>]*value="ru"[^>]*selected|<option selected[^>]*value="ru"', profile
    )
    switch(client, "en", "/catalog", token)
    assert db.session.scalar(select(User.locale).where(User.id == person.id)) == "en"
    assert lang(client.get("/catalog").get_data(as_text=True)) == "en"


def test_a_signed_in_persons_profile_wins_over_a_visitors_choice(client, make_user, login_as):
    switch(client, "ru", "/login")
    person = make_user()
    person.locale = "en"
    login_as(person)
    assert lang(client.get("/catalog").get_data(as_text=True)) == "en"


def test_without_a_csrf_token_it_is_a_400(client):
    response = client.post("/language", data={"locale": "ru", "next": "/"})
    assert response.status_code == 400
    assert lang(client.get("/login").get_data(as_text=True)) == "en"


@pytest.mark.parametrize("locale", ["de", "", "ru-RU", "x" * 5000, "<script>"])
def test_a_language_not_offered_is_a_400_with_the_reason(client, locale):
    response = switch(client, locale)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This language is not offered. Choose one of: English, Русский." in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x=1",
        "",
        None,
    ],
)
def test_an_address_off_this_site_is_refused(client, target):
    response = switch(client, "ru", target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_error_page_switches_back_home_and_says_nothing_of_its_address(client):
    html = client.get("/no-such-page").get_data(as_text=True)
    assert 'action="/language"' in html
    assert 'name="next"' not in html
