"""A new place comes with an invitation e-mail that carries the sessions' .ics (real SMTP)."""

from __future__ import annotations

from icalendar import Calendar

from tests.mail.conftest import app as app  # mail goes to the test's SMTP server
from tests.mail.conftest import server as server


def test_registering_mails_an_invitation_with_the_calendar_attached(
    smtp,
    make_workshop,
    make_user,
    login_as,
    post_form,
):
    workshop = make_workshop(sessions=2)
    person = make_user(email="nino@example.ge", country="GE")
    login_as(person)
    page = f"/workshops/{workshop.id}"

    reply = post_form(f"{page}/register", {"mode": "online"}, page=page)
    reply.close()  # the outbox is sent once the response has gone

    assert reply.status_code == 302

    [received] = smtp.received
    assert received.envelope_to == ["nino@example.ge"]
    assert received.message["Subject"] == "Your place in a CARTIF workshop"
    body = received.message.get_body(preferencelist=("plain",)).get_content()
    assert "Zero round plenary" in body
    assert "Asia/Almaty" in body
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    events = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert len(events) == 2
