"""Self-registration: a person signed out asks for an account, confirms their address by a
link, and their country's focal point (or an administrator) approves or rejects the request;
a focal point can also create a learner account of their country directly."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import AccountRequest, AccountRequestStatus, Role, User
from cartif_lms.auth.registration import (
    Applicant,
    RegistrationError,
    confirmation_token,
    request_account,
)
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code
from cartif_lms.notifications.models import Notification
from tests.conftest import csrf_token_from
from tests.core.test_host_identity import build_host
from tests.mail.smtp import SMTPServer

NEW_PASSWORD = "a brand new passphrase"
CONFIRM_LINK = re.compile(r"http://localhost/register/confirm/(\S+)")
SET_PASSWORD_LINK = re.compile(r"http://localhost/password/reset/(\S+)")
ASKER = {
    "name": "Aigerim Nurlanovna",
    "email": "aigerim@example.kz",
    "country": "KZ",
    "organisation": "Ministry of Trade and Integration",
    "position": "Chief expert",
}


@pytest.fixture
def server(mailing_server: Flask, smtp: SMTPServer) -> Flask:
    """These pages send mail: it goes to the real SMTP server of ``smtp`` (tests/conftest.py)."""
    return mailing_server


def post(client, path: str, data: dict[str, str], page: str | None = None):
    """Post a form with the CSRF token of its page; the outbox is sent once it is closed."""
    token = csrf_token_from(client.get(page or path).get_data(as_text=True))
    response = client.post(path, data={**data, "csrf_token": token})
    response.close()
    return response


def ask(client, **changes: str):
    return post(client, "/register", {**ASKER, **changes})


def mail_to(smtp: SMTPServer, address: str) -> list[str]:
    return [r.message.get_content() for r in smtp.received if r.envelope_to == [address]]


def link_in(body: str, pattern: re.Pattern[str], prefix: str) -> str:
    match = pattern.search(body)
    assert match, f"no link in the mail:\n{body}"
    return f"{prefix}{match.group(1)}"


def confirm(client, smtp: SMTPServer, address: str = ASKER["email"]):
    path = link_in(mail_to(smtp, address)[-1], CONFIRM_LINK, "/register/confirm/")
    return post(client, path, {}), path


def requests_of(email: str = ASKER["email"]) -> list[AccountRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(AccountRequest).where(AccountRequest.email == email)))


def the_request() -> AccountRequest:
    [found] = requests_of()
    return found


def account(email: str = ASKER["email"]) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def audit(action: Action) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action.value)))


def page_text(response) -> str:
    return response.get_data(as_text=True)


def confirmed_request(client, smtp) -> AccountRequest:
    ask(client)
    confirm(client, smtp)
    return the_request()


# --- asking ----------------------------------------------------------------------------------


def test_the_sign_in_page_links_to_the_request_form_and_says_who_creates_accounts(client):
    page = page_text(client.get("/login"))
    assert 'href="/register"' in page
    assert "approved by your focal point when you ask for one" in page


def test_the_answer_is_the_same_for_a_new_a_known_and_an_already_requested_address(
    client, make_user, smtp
):
    """Nobody learns from the page whether an address has an account or a request."""
    make_user(email="known@example.kz")
    answers = [ask(client, email=e) for e in ("new@example.kz", "known@example.kz")]
    answers.append(ask(client, email="new@example.kz"))  # asked again, still unconfirmed
    pages = {page_text(a).split("csrf_token")[0] for a in answers}
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len(pages) == 1
    assert "Check your email" in pages.pop()
    # What differs goes to the address itself: two links for the new one, a reminder for the other.
    assert len(mail_to(smtp, "new@example.kz")) == 2
    [known] = mail_to(smtp, "known@example.kz")
    assert "you have one already" in known
    assert CONFIRM_LINK.search(known) is None
    assert len(requests_of("new@example.kz")) == 1
    assert requests_of("known@example.kz") == []


def test_asking_twice_keeps_one_open_request(app):
    with app.test_request_context():  # the mail's links name the site
        for _ in range(2):
            assert request_account(Applicant("twice@example.kz", "Twice", "KZ"), "10.0.0.1")
    db.session.commit()
    assert len(requests_of("twice@example.kz")) == 1


def test_a_country_outside_carec_is_refused(client, app):
    response = ask(client, country="US")
    assert response.status_code == 200
    assert "Choose one of the eleven CAREC countries." in page_text(response)
    assert requests_of() == []
    with pytest.raises(RegistrationError, match="eleven CAREC countries"):
        request_account(Applicant("x@example.us", "X", "US"), "10.0.0.1")


def test_a_bad_form_re_renders_with_its_messages(client):
    response = ask(client, name="", email="not-an-address", country="")
    page = page_text(response)
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Invalid email address." in page
    assert "Choose one of the eleven CAREC countries." in page
    assert 'value="not-an-address"' in page  # what was typed is kept
    assert requests_of("not-an-address") == []


def test_asking_is_throttled_per_address_typed(client, smtp):
    assert [ask(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = ask(client)
    assert refused.status_code == 429
    assert "Too many requests for an account" in page_text(refused)
    assert len(mail_to(smtp, ASKER["email"])) == 3


# --- confirming --------------------------------------------------------------------------------


def test_the_link_confirms_once_and_only_then_the_deciders_are_told(client, make_user, smtp):
    kz_focal = make_user(role="focal_point", country="KZ")
    ge_focal = make_user(role="focal_point", country="GE")
    admin = make_user(role="admin", country=None)
    ask(client)
    assert the_request().status is AccountRequestStatus.pending_confirmation
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    path = link_in(mail_to(smtp, ASKER["email"])[0], CONFIRM_LINK, "/register/confirm/")
    page = client.get(path)
    assert "Confirm my request" in page_text(page)
    # Opening the link is not enough: the button confirms.
    assert the_request().status is AccountRequestStatus.pending_confirmation

    done = post(client, path, {})
    assert "your address is confirmed" in page_text(done)
    assert the_request().status is AccountRequestStatus.pending
    told = {n.user_id: n for n in db.session.scalars(select(Notification))}
    assert set(told) == {kz_focal.id, admin.id}
    assert told[kz_focal.id].payload["endpoint"] == "lms.registration.requests"
    assert ge_focal.id not in told

    again = client.get(path)
    assert again.status_code == 400
    assert "already used" in page_text(again)
    assert post(client, path, {}, page="/register").status_code == 400


def test_an_expired_or_tampered_link_is_refused(client, app):
    with app.test_request_context():
        request_account(Applicant(ASKER["email"], "A", "KZ"), "10.0.0.1")
    db.session.commit()
    asked = the_request()
    old = confirmation_token(asked, issued_at=utcnow() - timedelta(hours=49))
    expired = client.get(f"/register/confirm/{old}")
    assert expired.status_code == 400
    assert "This link has expired" in page_text(expired)
    fresh = confirmation_token(asked)
    assert client.get(f"/register/confirm/{fresh[:-2]}xx").status_code == 400
    assert client.get("/register/confirm/not-a-token").status_code == 400
    assert client.get(f"/register/confirm/{fresh}").status_code == 200


def test_unconfirmed_requests_are_purged_once_their_link_expired(client, app):
    with app.test_request_context():
        request_account(Applicant("stale@example.kz", "Stale", "KZ"), "10.0.0.1", utcnow())
        long_ago = utcnow() - timedelta(hours=49)
        request_account(Applicant("old@example.kz", "Old", "GE"), "10.0.0.2", long_ago)
    db.session.commit()
    assert len(requests_of("old@example.kz")) == 1
    ask(client)  # any later request purges
    assert requests_of("old@example.kz") == []
    assert len(requests_of("stale@example.kz")) == 1


# --- deciding --------------------------------------------------------------------------------


def test_an_approved_person_chooses_a_password_and_signs_in(client, make_user, login_as, smtp):
    focal = make_user(role="focal_point", country="KZ")
    asked = confirmed_request(client, smtp)
    assert account() is None  # nobody signs in before approval
    login_as(focal)
    listed = page_text(client.get("/account-requests"))
    assert ASKER["name"] in listed
    assert ASKER["organisation"] in listed

    approved = post(client, f"/account-requests/{asked.id}/approve", {}, page="/account-requests")
    assert approved.status_code == 302
    person = account()
    assert person is not None
    assert (person.role, person.country.code, person.name) == (Role.learner, "KZ", ASKER["name"])
    decided = the_request()
    assert (decided.status, decided.decided_by_id, decided.user_id) == (
        AccountRequestStatus.approved,
        focal.id,
        person.id,
    )
    [entry] = audit(Action.account_approved)
    assert (entry.actor_id, entry.subject_user_id, entry.country_id) == (
        focal.id,
        person.id,
        country_by_code("KZ").id,
    )
    assert ASKER["email"] not in page_text(client.get("/account-requests"))

    client.post("/logout", data={"csrf_token": csrf_token_from(page_text(client.get("/")))})
    mail = mail_to(smtp, ASKER["email"])[-1]
    assert "was approved" in mail
    reset = link_in(mail, SET_PASSWORD_LINK, "/password/reset/")
    chosen = post(client, reset, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302
    login_as(person, NEW_PASSWORD)
    assert client.get(reset).status_code == 400  # the link worked once


def test_a_rejection_needs_a_reason_and_mails_it(client, make_user, login_as, smtp):
    focal = make_user(role="focal_point", country="KZ")
    asked = confirmed_request(client, smtp)
    login_as(focal)
    path = f"/account-requests/{asked.id}/reject"
    empty = post(client, path, {"reason": "  "})
    assert empty.status_code == 200
    assert "Say why, for the person who asked." in page_text(empty)
    assert the_request().status is AccountRequestStatus.pending

    rejected = post(client, path, {"reason": "Not part of the national delegation."})
    assert rejected.status_code == 302
    assert the_request().status is AccountRequestStatus.rejected
    assert the_request().reason == "Not part of the national delegation."
    assert account() is None
    mail = mail_to(smtp, ASKER["email"])[-1]
    assert "was not approved" in mail
    assert "Not part of the national delegation." in mail
    [entry] = audit(Action.account_rejected)
    assert (entry.actor_id, entry.country_id, entry.object_id) == (
        focal.id,
        country_by_code("KZ").id,
        asked.id,
    )


def test_a_focal_point_of_another_country_gets_404(client, make_user, login_as, smtp):
    asked = confirmed_request(client, smtp)
    login_as(make_user(role="focal_point", country="GE"))
    assert ASKER["name"] not in page_text(client.get("/account-requests"))
    assert client.get("/account-requests?country=KZ").status_code == 404
    token = csrf_token_from(page_text(client.get("/account-requests")))
    for path in (f"/account-requests/{asked.id}/approve", f"/account-requests/{asked.id}/reject"):
        response = client.post(path, data={"csrf_token": token, "reason": "no"})
        assert response.status_code == 404, path
    assert client.get(f"/account-requests/{asked.id}/reject").status_code == 404
    assert client.get(f"/account-requests/{asked.id + 1000}/reject").status_code == 404
    assert the_request().status is AccountRequestStatus.pending
    assert client.get("/countries/KZ/learners/new").status_code == 404


def test_learners_may_not_decide(client, make_user, login_as, smtp):
    asked = confirmed_request(client, smtp)
    login_as(make_user(country="KZ"))
    assert client.get("/account-requests").status_code == 403
    assert client.get(f"/account-requests/{asked.id}/reject").status_code == 403


def test_an_address_taken_at_approval_is_refused_and_nothing_is_made(
    client, make_user, login_as, smtp
):
    admin = make_user(role="admin", country=None)
    asked = confirmed_request(client, smtp)
    make_user(email=ASKER["email"], country="GE")  # an account made for it meanwhile
    users_before = db.session.scalar(select(func.count()).select_from(User))
    login_as(admin)
    refused = post(client, f"/account-requests/{asked.id}/approve", {}, page="/account-requests")
    assert refused.status_code == 409
    assert "exists already: nothing was created" in page_text(refused)
    assert the_request().status is AccountRequestStatus.pending
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert audit(Action.account_approved) == []


def test_a_request_decided_already_is_not_decided_again(client, make_user, login_as, smtp):
    asked = confirmed_request(client, smtp)
    login_as(make_user(role="focal_point", country="KZ"))
    path = f"/account-requests/{asked.id}/approve"
    assert post(client, path, {}, page="/account-requests").status_code == 302
    again = post(client, path, {}, page="/account-requests")
    assert again.status_code == 409
    assert "decided already" in page_text(again)
    late = post(client, f"/account-requests/{asked.id}/reject", {"reason": "Too late."})
    assert late.status_code == 409
    assert the_request().status is AccountRequestStatus.approved
    assert len(audit(Action.account_approved)) == 1


# --- a focal point's own learners -----------------------------------------------------------


def test_a_focal_point_creates_a_learner_of_their_country(client, make_user, login_as, smtp):
    focal = make_user(role="focal_point", country="KZ")
    login_as(focal)
    assert 'href="/countries/KZ/learners/new"' in page_text(client.get("/account-requests"))
    made = post(client, "/countries/KZ/learners/new", {"name": "Daniyar B.", "email": "d@kz.kz"})
    assert made.status_code == 302
    person = account("d@kz.kz")
    assert (person.role, person.country.code) == (Role.learner, "KZ")
    mail = mail_to(smtp, "d@kz.kz")[-1]
    assert "created a CARTIF LMS learner account for you" in mail
    assert SET_PASSWORD_LINK.search(mail)
    [entry] = audit(Action.account_created)
    assert (entry.actor_id, entry.subject_user_id, entry.country_id) == (
        focal.id,
        person.id,
        country_by_code("KZ").id,
    )

    taken = post(client, "/countries/KZ/learners/new", {"name": "Again", "email": "D@kz.kz"})
    assert taken.status_code == 200
    assert "An account with this email already exists." in page_text(taken)
    bad = post(client, "/countries/KZ/learners/new", {"name": "", "email": "nope"})
    assert "This field is required." in page_text(bad)
    assert client.get("/countries/GE/learners/new").status_code == 404


def test_in_a_host_with_its_own_login_the_pages_answer_404(app, migrated):
    """The host keeps the accounts: nobody asks the LMS for one there."""
    host, _manager = build_host(migrated, "host first")
    portal = host.test_client()
    for path in ("/register", "/register/confirm/x", "/account-requests"):
        assert portal.get(f"/training{path}").status_code == 404, path
    host.extensions["cartif_lms"].engine.dispose()
