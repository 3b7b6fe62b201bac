"""Every mail is written as its recipient reads: in the language of their profile and with
times in their time zone, whoever's request sent it (``cartif_lms/mail/letters.py``).

What shows the Russian locale, with or without our Russian catalogue, is the message's
Content-Language and Babel's Russian dates."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.directory.models import NegotiatingArea
from tests.conftest import csrf_token_from

ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.8"}


def _designate_from_an_english_browser(client, login_as, focal, person) -> None:
    login_as(focal)
    page = client.get("/countries/KZ/designations", headers=ENGLISH_BROWSER)
    area = db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == "SPS"))
    form = {
        "person": person.id,
        "kind": "lead_negotiator",
        "area": area,
        "valid_from": "2026-03-01",
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
    }
    response = client.post("/countries/KZ/designations", data=form, headers=ENGLISH_BROWSER)
    assert response.status_code == 302
    response.close()  # the server sends the outbox when the response is closed


def test_a_russian_speaker_in_almaty_gets_the_mail_in_russian_with_almaty_time(
    smtp, client, make_user, login_as
):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ", email="negotiator@example.kz")
    person.locale, person.time_zone = "ru", "Asia/Almaty"
    _designate_from_an_english_browser(client, login_as, focal, person)
    [received] = smtp.received
    assert received.message["Content-Language"] == "ru"
    body = received.message.get_content()
    assert "1 мар. 2029\u202fг." in body  # the designation's last day, as Russian writes it
    assert "Mar 1, 2029" not in body
    assert "(UTC+5)" in body  # when it happened, in Almaty time
    assert "http://localhost/account/profile" in body  # where to turn the mail off


def test_an_english_speaker_gets_english_dates_and_utc(smtp, client, make_user, login_as):
    focal = make_user(role="focal_point", country="KZ")
    focal.locale, focal.time_zone = "ru", "Asia/Almaty"  # the sender's choices do not leak
    person = make_user(country="KZ", email="negotiator@example.kz")
    person.locale = "en"
    _designate_from_an_english_browser(client, login_as, focal, person)
    [received] = smtp.received
    assert received.message["Content-Language"] == "en"
    body = received.message.get_content()
    assert "until Mar 1, 2029." in body
    assert "(UTC)" in body


def test_the_password_reset_link_comes_in_the_accounts_language(smtp, client, make_user):
    person = make_user(email="negotiator@example.kz")
    person.locale = "ru"
    page = client.get("/password/forgot", headers=ENGLISH_BROWSER)
    form = {"email": person.email, "csrf_token": csrf_token_from(page.get_data(as_text=True))}
    response = client.post("/password/forgot", data=form, headers=ENGLISH_BROWSER)
    assert response.status_code == 302
    response.close()
    [received] = smtp.received
    assert received.message["Content-Language"] == "ru"
    assert "/password/reset/" in received.message.get_content()
