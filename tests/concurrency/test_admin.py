"""Administrators acting at the same moment: the same CSV uploaded twice, one e-mail address
given to two people, one designation revoked twice. The database decides each once."""

from __future__ import annotations

import http.client
import uuid
from datetime import date

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import User
from cartif_lms.capacity.models import LearnerCount
from cartif_lms.directory.models import Designation, DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from tests.concurrency.checks import count
from tests.concurrency.conftest import Browser, Reply, at_once

DELEGATION = 8


def upload(browser: Browser, path: str, token: str, data: bytes) -> Reply:
    """POST ``data`` as the form's CSV file, the way a browser sends a file input."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="upload"; filename="delegation.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", browser.server.port, timeout=60)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.read().decode())
    finally:
        connection.close()


def test_the_same_file_imported_twice_at_once_creates_each_person_once(make_user, browsers):
    admins = [make_user(role="admin", country=None) for _ in range(2)]
    emails = [f"delegate{n}@example.kz" for n in range(DELEGATION)]
    csv = "email,name,role,country\n" + "".join(
        f"{email},Delegate {n},learner,KZ\n" for n, email in enumerate(emails)
    )
    tabs = browsers(admins)
    tokens = [tab.token("/admin/users/import") for tab in tabs]
    sends = [
        lambda tab=tab, token=token: upload(tab, "/admin/users/import", token, csv.encode())
        for tab, token in zip(tabs, tokens, strict=True)
    ]

    replies = at_once(*sends, *sends)  # both administrators click twice

    assert sorted(r.status for r in replies) == [200, 200, 200, 302]
    refused = [r.text for r in replies if r.status == 200]
    assert all("Nothing was imported" in text for text in refused)
    assert all("already exists" in text for text in refused)
    assert count(User, User.email.in_(emails)) == DELEGATION
    created = AuditEntry.action == Action.account_created.value
    assert count(AuditEntry, created) == DELEGATION


def test_two_people_given_one_address_at_once_one_gets_it_the_other_a_message(make_user, browsers):
    admins = [make_user(role="admin", country=None) for _ in range(2)]
    people = [make_user(country="KZ") for _ in range(2)]
    tabs = browsers(admins)
    edits = [
        tab.ready_to_post(
            f"/admin/users/{person.id}",
            {
                "name": person.name,
                "email": "Chief.Negotiator@example.kz",
                "role": "learner",
                "country": "KZ",
            },
        )
        for tab, person in zip(tabs, people, strict=True)
    ]

    replies = at_once(*edits)

    assert sorted(r.status for r in replies) == [200, 302]
    [refused] = [r.text for r in replies if r.status == 200]
    assert "An account with this email already exists." in refused
    assert count(User, User.email == "chief.negotiator@example.kz") == 1
    assert count(AuditEntry, AuditEntry.action == Action.account_edited.value) == 1


def test_a_designation_revoked_by_two_focal_points_at_once_is_revoked_once(make_user, browsers):
    focals = [make_user(role="focal_point", country="KZ") for _ in range(2)]
    person = make_user(country="KZ")
    request = DesignationRequest(
        person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)
    )
    designation = designate(focals[0], country_by_code("KZ"), request)
    db.session.commit()  # so the served app sees it
    path = f"/countries/KZ/designations/{designation.id}/revoke"
    tabs = browsers(focals)
    clicks = [tab.ready_to_post(path, {"confirm": "y"}) for tab in tabs]

    replies = at_once(*clicks, *clicks)

    assert [r.status for r in replies] == [302] * 4
    revoked = AuditEntry.action == Action.designation_revoked.value
    assert count(AuditEntry, revoked) == 1
    assert count(Designation, Designation.revoked_by_id.in_([f.id for f in focals])) == 1


def test_a_deactivation_clicked_four_times_at_once_is_recorded_once(make_user, browsers):
    admins = [make_user(role="admin", country=None) for _ in range(2)]
    person = make_user(country="KZ")
    tabs = browsers(admins)
    page = f"/admin/users/{person.id}"
    clicks = [tab.ready_to_post(f"{page}/active", {"active": "0"}, page=page) for tab in tabs]

    replies = at_once(*clicks, *clicks)

    assert [r.status for r in replies] == [302] * 4
    assert count(User, User.id == person.id, User.active.is_(False)) == 1
    deactivated = AuditEntry.action == Action.account_deactivated.value
    assert count(AuditEntry, deactivated) == 1


def test_learners_of_one_country_created_at_once_are_all_counted(make_user, browsers):
    admins = [make_user(role="admin", country=None) for _ in range(DELEGATION)]
    tabs = browsers(admins)
    form = {"role": "learner", "country": "KZ", "password": "long enough password"}
    creates = [
        tab.ready_to_post(
            "/admin/users/new",
            {**form, "email": f"new{n}@example.kz", "name": f"New {n}", "gender": "female"},
        )
        for n, tab in enumerate(tabs)
    ]

    replies = at_once(*creates)

    made = count(User, User.email.like("new%@example.kz"))
    assert made == [r.status for r in replies].count(302)
    if db.session.get_bind().dialect.name == "postgresql":
        assert made == DELEGATION
    else:  # SQLite has one writer: a request that waits too long is told to try again (503)
        assert {r.status for r in replies} <= {302, 503}
    kz = country_by_code("KZ").id
    cell = (LearnerCount.country_id == kz, LearnerCount.gender_key == "female")
    assert db.session.scalar(select(LearnerCount.learners).where(*cell)) == made


def test_two_people_moved_between_countries_in_opposite_directions_at_once(make_user, browsers):
    admins = [make_user(role="admin", country=None) for _ in range(2)]
    kazakh, georgian = make_user(country="KZ"), make_user(country="GE")
    tabs = browsers(admins)
    moves = [
        tab.ready_to_post(
            f"/admin/users/{person.id}",
            {"name": person.name, "email": person.email, "role": "learner", "country": to},
        )
        for tab, person, to in ((tabs[0], kazakh, "GE"), (tabs[1], georgian, "KZ"))
    ]

    replies = at_once(*moves, *moves)

    assert all(r.status in (200, 302) for r in replies), [r.status for r in replies]
    db.session.expire_all()
    assert (kazakh.country.code, georgian.country.code) == ("GE", "KZ")
    counted = dict(
        db.session.execute(
            select(LearnerCount.country_id, LearnerCount.learners).where(LearnerCount.learners > 0)
        ).all()
    )
    assert counted == {country_by_code("KZ").id: 1, country_by_code("GE").id: 1}
