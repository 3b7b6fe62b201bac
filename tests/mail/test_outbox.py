"""Mail goes through a real SMTP server after the response; a failed send never fails the
action, stays queued, and ``lms send-mail`` delivers it once the server answers."""

from __future__ import annotations

import logging
import secrets

import pytest
from sqlalchemy import select

from cartif_lms import ConfigError, create_app, db
from cartif_lms.directory.models import NegotiatingArea
from cartif_lms.mail.models import MailMessage
from cartif_lms.mail.outbox import MAX_ATTEMPTS, backoff
from tests.mail.smtp import SMTPServer


def _designate(make_user, login_as, post_form, person_name="Kazakh Negotiator"):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ", name=person_name, email="negotiator@example.kz")
    login_as(focal)
    area = db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == "SPS"))
    response = post_form(
        "/countries/KZ/designations",
        {"person": person.id, "kind": "lead_negotiator", "area": area, "valid_from": "2026-03-01"},
    )
    response.close()  # the server finishes the request (and flushes the outbox) on close
    return response, person


def _messages() -> list[MailMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(MailMessage).order_by(MailMessage.id)))


def test_a_notification_arrives_by_smtp_with_its_text_and_link(
    smtp, make_user, login_as, post_form
):
    response, _person = _designate(make_user, login_as, post_form)
    assert response.status_code == 302
    assert len(smtp.received) == 1
    received = smtp.received[0]
    assert received.envelope_to == ["negotiator@example.kz"]
    assert received.message["To"] == "negotiator@example.kz"
    assert received.message["From"] == "CARTIF LMS <lms@example.org>"
    assert received.message["Subject"] == "You were designated"
    body = received.message.get_content()
    assert "Hello Kazakh Negotiator," in body
    assert "You were designated Lead negotiator (SPS), until Mar 1, 2029." in body
    assert "http://localhost/capacity/me" in body
    [message] = _messages()
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.last_error is None


def test_a_person_who_turned_mail_off_gets_none(smtp, make_user, login_as, post_form):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ")
    person.email_notifications = False
    db.session.commit()
    login_as(focal)
    area = db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == "SPS"))
    post_form(
        "/countries/KZ/designations",
        {"person": person.id, "kind": "lead_negotiator", "area": area, "valid_from": "2026-03-01"},
    ).close()
    assert smtp.received == []
    assert _messages() == []


def test_smtp_down_keeps_the_action_and_queues_the_mail_until_send_mail(
    smtp_port, make_user, login_as, post_form, runner, caplog
):
    caplog.set_level(logging.INFO)
    response, person = _designate(make_user, login_as, post_form)
    assert response.status_code == 302  # the designation is recorded all the same
    assert person.designations
    [queued] = _messages()
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in (queued.last_error or "")
    assert "retrying" in caplog.text

    # Backing off: a plain run leaves it for later; the server comes up; --now sends it.
    assert "Sent 0" in runner.invoke(args=["lms", "send-mail"]).output
    smtp = SMTPServer(smtp_port).start()
    try:
        result = runner.invoke(args=["lms", "send-mail", "--now"])
        assert result.exit_code == 0, result.output
        assert "Sent 1" in result.output
        assert [r.envelope_to for r in smtp.received] == [["negotiator@example.kz"]]
        [sent] = _messages()
        assert sent.sent_at is not None
        assert sent.attempts == 2
        # Sent once: another run sends nothing more.
        assert "Sent 0" in runner.invoke(args=["lms", "send-mail", "--now"]).output
        assert len(smtp.received) == 1
    finally:
        smtp.stop()


def test_send_mail_exits_1_while_the_server_is_down(smtp_port, app, runner):
    db.session.add(MailMessage(to="a@example.org", subject="s", body="b"))
    db.session.commit()
    result = runner.invoke(args=["lms", "send-mail"])
    assert result.exit_code == 1
    assert "1 failed" in result.output


def test_retries_back_off_and_stop_after_the_last_attempt():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30).total_seconds() == 6 * 3600
    assert MAX_ATTEMPTS >= 5


def test_without_a_server_mail_goes_to_the_log_in_development(
    migrated, make_user, app, caplog
):
    caplog.set_level(logging.INFO)
    dev = create_app({**migrated, "LMS_ENV": "development"})
    with dev.app_context():
        from cartif_lms.mail.outbox import flush, queue_mail

        queue_mail("someone@example.org", "Hello", "The body")
        db.session.commit()
        assert flush() == (1, 0)
    dev.extensions["cartif_lms"].engine.dispose()
    assert "someone@example.org" in caplog.text
    assert "The body" in caplog.text


def test_production_refuses_to_start_without_a_mail_server(tmp_path):
    with pytest.raises(ConfigError, match="LMS_MAIL_SERVER"):
        create_app(
            {
                "LMS_ENV": "production",
                "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                "LMS_SECRET_KEY": secrets.token_hex(32),
            }
        )
