"""Everyone signed in keeps their own profile: the name others see, the interface language,
the time zone times are shown in, and whether notifications also come by e-mail."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from cartif_lms import db
from cartif_lms.auth.profile import (
    CAREC_ZONES,
    OTHER_ZONES,
    ProfileChange,
    ProfileError,
    update_profile,
)
from cartif_lms.i18n import is_time_zone
from tests.conftest import csrf_token_from
from tests.core.test_host_identity import accounts, build_host, sign_in_on_host

PROFILE = "/account/profile"


def _in_russian(message: str) -> str:
    """``message`` as the Russian catalogue has it (itself, where it has none)."""
    with force_locale("ru"):
        return gettext(message)


def _profile(**changes: object) -> dict[str, object]:
    """The form as a browser sends it: every field, the check box only when ticked."""
    data: dict[str, object] = {
        "name": "Aigerim Nurlanovna",
        "locale": "en",
        "time_zone": "Asia/Almaty",
        "email_notifications": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_learner_sets_name_language_time_zone_and_mail_on_their_profile(
    client, make_user, login_as, post_form
):
    learner = make_user(name="Aigerim N.")
    login_as(learner)
    response = post_form(PROFILE, _profile(locale="ru", email_notifications=None))
    assert response.status_code == 302
    assert response.headers["Location"] == PROFILE
    db.session.refresh(learner)
    assert learner.name == "Aigerim Nurlanovna"
    assert learner.locale == "ru"
    assert learner.time_zone == "Asia/Almaty"
    assert learner.email_notifications is False
    page = client.get(PROFILE).get_data(as_text=True)
    assert '<html lang="ru">' in page  # the very next page is in the language chosen
    assert _in_russian("Profile saved.") in page  # the message too, once a catalogue has it
    assert "Aigerim Nurlanovna" in page  # the header shows the new name
    assert '<option selected value="Asia/Almaty">' in page
    assert '<option selected value="ru">' in page
    assert '<input id="email_notifications" name="email_notifications" type="checkbox"' in page


def test_the_form_shows_what_is_stored_and_what_only_an_administrator_changes(
    client, make_user, login_as
):
    learner = make_user(email="aigerim@example.kz")
    login_as(learner)
    page = client.get(PROFILE).get_data(as_text=True)
    assert "aigerim@example.kz" in page
    assert "Only an administrator can change it" in page
    assert 'name="email"' not in page  # no field for the address
    assert '<option selected value="">' in page  # the browser's language, until one is chosen
    assert '<option selected value="UTC">' in page  # UTC, until a zone is chosen
    assert '<input checked id="email_notifications"' in page  # mail is on by default
    assert 'href="/account/password"' in page
    assert 'href="/account/tokens"' in page
    assert "{# sections #}" not in page  # the place for other parts' panels is a comment


def test_carec_zones_come_first_and_every_offered_zone_can_be_shown(client, make_user, login_as):
    login_as(make_user())
    page = client.get(PROFILE).get_data(as_text=True)
    offered = re.findall(r'<option (?:selected )?value="([A-Za-z_/]+)"', page)
    zones = [o for o in offered if "/" in o or o == "UTC"]
    assert zones[:3] == ["Asia/Almaty", "Asia/Tashkent", "Asia/Bishkek"]
    assert zones.index("Asia/Urumqi") < zones.index("UTC")
    assert "Kazakhstan · Asia/Almaty (UTC+5)" in page
    assert all(is_time_zone(o.name) for o in (*CAREC_ZONES, *OTHER_ZONES))


def test_the_header_links_to_the_profile(client, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    home = client.get("/").get_data(as_text=True)
    assert f'<a href="{PROFILE}">Profile</a>' in home


def test_the_profile_language_wins_over_the_browsers(client, make_user, login_as, post_form):
    learner = make_user()
    login_as(learner)
    russian_browser = {"Accept-Language": "ru,en;q=0.5"}
    page = client.get(PROFILE, headers=russian_browser).get_data(as_text=True)
    assert '<html lang="ru">' in page  # no language chosen: the browser's
    post_form(PROFILE, _profile(locale="en"))
    page = client.get(PROFILE, headers=russian_browser).get_data(as_text=True)
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"time_zone": "Mars/Olympus_Mons"}, "Not a valid choice."),
        ({"time_zone": "../../etc/passwd"}, "Not a valid choice."),
        ({"locale": "de"}, "Not a valid choice."),
    ],
)
def test_a_bad_profile_is_shown_again_with_the_reason_and_nothing_is_saved(
    client, make_user, login_as, post_form, changes, message
):
    learner = make_user(name="Aigerim N.")
    login_as(learner)
    response = post_form(PROFILE, _profile(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.refresh(learner)
    assert (learner.name, learner.locale, learner.time_zone) == ("Aigerim N.", None, None)


def test_a_profile_post_without_the_sites_csrf_token_is_refused(client, make_user, login_as):
    learner = make_user(name="Aigerim N.")
    login_as(learner)
    assert client.post(PROFILE, data=_profile(name="Mallory")).status_code == 400
    db.session.refresh(learner)
    assert learner.name == "Aigerim N."


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_service_keeps_the_name_tidy_and_refuses_what_cannot_be_shown(app, make_user):
    """Callers other than the form (a future API) meet the same rules."""
    person = make_user(name="Aigerim N.")
    update_profile(person, ProfileChange("  Aigerim   Nurlanovna ", None, "Asia/Tashkent", True))
    assert (person.name, person.time_zone) == ("Aigerim Nurlanovna", "Asia/Tashkent")
    for change, field in [
        (ProfileChange("", "en", "UTC", True), "name"),
        (ProfileChange("x" * 121, "en", "UTC", True), "name"),
        (ProfileChange("Aigerim", "de", "UTC", True), "locale"),
        (ProfileChange("Aigerim", "en", "Asia/Nowhere", True), "time_zone"),
        (ProfileChange("Aigerim", "en", "localtime", True), "time_zone"),
    ]:
        with pytest.raises(ProfileError) as refused:
            update_profile(person, change)
        assert refused.value.field == field
    assert (person.name, person.locale, person.time_zone) == (
        "Aigerim Nurlanovna",
        None,
        "Asia/Tashkent",
    )


def test_a_trainer_without_a_country_has_a_profile_too(client, make_user, login_as):
    trainer = make_user(role="trainer", country=None)
    login_as(trainer)
    page = client.get(PROFILE)
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(PROFILE, data={**_profile(time_zone="Asia/Manila"), "csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(trainer)
    assert trainer.time_zone == "Asia/Manila"


def test_in_a_host_with_its_own_sign_in_the_profile_works_without_a_password_link(app, migrated):
    """The host keeps passwords (the LMS's password page answers 404 there)."""
    host, _manager = build_host(migrated, "host first")
    try:
        portal = host.test_client()
        sign_in_on_host(portal)
        page = portal.get("/training/account/profile")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "/account/password" not in html
        assert 'href="/training/account/tokens"' in html
        form = {**_profile(time_zone="Asia/Bishkek"), "csrf_token": csrf_token_from(html)}
        assert portal.post("/training/account/profile", data=form).status_code == 302
        [account] = accounts("aigul.minister@ministry.example")
        assert account.time_zone == "Asia/Bishkek"
    finally:
        host.extensions["cartif_lms"].engine.dispose()
