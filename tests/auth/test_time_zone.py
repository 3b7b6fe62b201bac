"""Times are stored in UTC and shown in the reader's time zone, with the zone said, so a
negotiator in Almaty reads Almaty time and knows it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_login import login_user
from sqlalchemy import update

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, User
from cartif_lms.auth.tokens import issue_token
from cartif_lms.i18n import format_day, format_moment, offset_label, reading_as
from cartif_lms.notifications.registry import Delivery, kind_named
from cartif_lms.notifications.services import tell

#: 06:00 UTC is 11:00 in Almaty (UTC+5 since March 2024) and 10:30 in Kabul (UTC+4:30).
SIX_UTC = datetime(2026, 12, 2, 6, 0)


def _notified_at(person: User, at: datetime) -> None:
    kind = kind_named("account_requested")
    assert kind is not None
    delivery = Delivery(person.id, 1, "lms.notifications.index", {}, {"name": "Aigerim N."})
    tell(kind, [delivery], at)
    db.session.commit()


def test_a_person_in_almaty_reads_a_notification_of_six_utc_as_eleven(client, make_user, login_as):
    focal = make_user(role="focal_point")
    focal.time_zone = "Asia/Almaty"
    _notified_at(focal, SIX_UTC)
    login_as(focal)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Dec 2, 2026, 11:00\u202fAM (UTC+5)" in page
    assert "6:00" not in page


def test_without_a_zone_times_read_as_utc_and_say_so(client, make_user, login_as):
    focal = make_user(role="focal_point")
    _notified_at(focal, SIX_UTC)
    login_as(focal)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Dec 2, 2026, 6:00\u202fAM (UTC)" in page


def test_the_token_page_shows_days_and_times_of_the_readers_zone(client, make_user, login_as):
    """Made at 21:00 UTC on Dec 1: already Dec 2 in Almaty."""
    person = make_user()
    issue_token(person, "TA planning", date(2027, 3, 1))
    db.session.execute(
        update(ApiToken).values(created_at=datetime(2026, 12, 1, 21, 0), last_used_at=SIX_UTC)
    )
    db.session.commit()
    login_as(person)
    in_utc = client.get("/account/tokens").get_data(as_text=True)
    assert "<td>Dec 1, 2026</td>" in in_utc
    assert "<td>Dec 2, 2026, 6:00\u202fAM (UTC)</td>" in in_utc
    assert "<td>Mar 1, 2027</td>" in in_utc  # the last day is a day: no zone moves it
    person.time_zone = "Asia/Almaty"
    in_almaty = client.get("/account/tokens").get_data(as_text=True)
    assert "<td>Dec 2, 2026</td>" in in_almaty
    assert "<td>Dec 2, 2026, 11:00\u202fAM (UTC+5)</td>" in in_almaty
    assert "<td>Mar 1, 2027</td>" in in_almaty


def test_a_zone_that_is_no_longer_known_reads_as_utc_instead_of_failing(
    client, make_user, login_as
):
    focal = make_user(role="focal_point")
    _notified_at(focal, SIX_UTC)
    db.session.execute(update(User).where(User.id == focal.id).values(time_zone="Mars/Olympus"))
    login_as(focal)
    response = client.get("/notifications")
    assert response.status_code == 200
    assert "6:00\u202fAM (UTC)" in response.get_data(as_text=True)


def test_the_zone_is_named_by_its_offset_in_every_language():
    assert offset_label(timedelta(0)) == "UTC"
    assert offset_label(timedelta(hours=5)) == "UTC+5"
    assert offset_label(timedelta(hours=4, minutes=30)) == "UTC+4:30"
    assert offset_label(timedelta(hours=-3)) == "UTC-3"
    assert offset_label(None) == "UTC"


def test_writing_to_someone_else_uses_their_language_and_zone_then_the_readers_again(
    app, make_user
):
    """A page that mails someone (``mail.letters``) goes on in its own reader's zone."""
    reader = make_user()
    reader.time_zone = "Asia/Kabul"
    with app.test_request_context("/"):
        login_user(reader)
        assert format_moment(SIX_UTC) == "Dec 2, 2026, 10:30\u202fAM (UTC+4:30)"
        with reading_as("ru", "Asia/Almaty"):
            assert format_moment(SIX_UTC) == "2 дек. 2026\u202fг., 11:00 (UTC+5)"
            assert format_day(date(2029, 3, 1)) == "1 мар. 2029\u202fг."
        assert format_moment(SIX_UTC) == "Dec 2, 2026, 10:30\u202fAM (UTC+4:30)"
        assert format_day(date(2029, 3, 1)) == "Mar 1, 2029"


def test_a_day_given_where_a_time_is_expected_is_shown_as_a_day(app):
    with app.test_request_context("/"):
        assert format_moment(date(2029, 3, 1)) == "Mar 1, 2029"


def test_a_visitor_and_a_command_read_utc(app):
    assert format_moment(SIX_UTC) == "Dec 2, 2026, 6:00\u202fAM (UTC)"  # no request
    with app.test_request_context("/"):
        assert format_moment(SIX_UTC) == "Dec 2, 2026, 6:00\u202fAM (UTC)"
