"""Administrators read the whole trail, focal points their own country's: filtered, newest first,
a page at a time, with names as they are today, and as CSV that Excel opens safely."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote_from_bytes

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry, record
from cartif_lms.audit_pages.services import PAGE_SIZE, Cursor, TrailFilter, trail_page
from cartif_lms.auth.models import User
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code
from tests.conftest import signed_in_client
from tests.security.walker import HOSTILE_QUERY

DAY = datetime(2026, 11, 2, 9, 30)


def country_id(code: str) -> int:
    country = country_by_code(code)
    assert country is not None
    return country.id


def entry(
    action: Action, actor: User | None, about: User | None, code: str | None, **kw: Any
) -> None:
    record(
        action,
        actor=actor,
        subject_user_id=about.id if about else None,
        country_id=country_id(code) if code else None,
        **kw,
    )


def many_entries(count: int, code: str, start: datetime = DAY) -> None:
    """``count`` designations of one country, a minute apart (written at once, in bulk)."""
    rows = [
        {
            "at": start + timedelta(minutes=n),
            "action": Action.designation_recorded.value,
            "country_id": country_id(code),
            "object_type": "lms_designation",
            "object_id": n,
            "details": {"n": n},
        }
        for n in range(count)
    ]
    db.session.execute(insert(AuditEntry), rows)
    db.session.commit()


def page_of(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def shown_ns(html: str) -> list[int]:
    """The entries a page shows, by their ``n`` detail, top to bottom."""
    return [int(n) for n in re.findall(r"n: (\d+)</span>", html)]


def test_an_admin_sees_every_entry_newest_first_with_todays_names(
    server: Flask, make_user: Callable[..., User]
) -> None:
    admin, focal = make_user("admin", country=None), make_user("focal_point", country="KZ")
    learner = make_user(country="GE", name="Nino Beridze")
    entry(Action.designation_recorded, focal, learner, "GE", details={"kind": "observer"})
    entry(Action.content_synced, None, None, None, details={"created": {"items": 3}})
    learner.name = "Nino Beridze-Kapanadze"  # renamed since: the page shows today's name
    db.session.commit()

    page = page_of(signed_in_client(server, admin)[0], "/audit/").partition("<tbody>")[2]
    assert page.index("Content synced") < page.index("Designation recorded")
    assert "Nino Beridze-Kapanadze" in page
    assert focal.name in page
    assert "System" in page  # the sync had no actor: the command line
    assert "kind: observer" in page


def test_filters_narrow_the_list_by_person_country_action_and_day(
    server: Flask, make_user: Callable[..., User]
) -> None:
    admin, focal = make_user("admin", country=None), make_user("focal_point", country="KZ")
    kazakh, georgian = make_user(country="KZ"), make_user(country="GE")
    entry(Action.designation_recorded, focal, kazakh, "KZ", details={"n": 1})
    entry(Action.token_created, georgian, georgian, "GE", details={"n": 2})
    entry(Action.password_reset, kazakh, kazakh, "KZ", details={"n": 3})
    db.session.commit()
    client = signed_in_client(server, admin)[0]

    assert shown_ns(page_of(client, "/audit/")) == [3, 2, 1]
    assert shown_ns(page_of(client, f"/audit/?person={kazakh.email}")) == [3, 1]
    assert shown_ns(page_of(client, f"/audit/?person={focal.email}")) == [1]  # as the actor
    assert shown_ns(page_of(client, "/audit/?country=GE")) == [2]
    assert shown_ns(page_of(client, "/audit/?action=password_reset")) == [3]
    today = utcnow().date()
    assert shown_ns(page_of(client, f"/audit/?since={today}&until={today}")) == [3, 2, 1]
    yesterday = today - timedelta(days=1)
    assert shown_ns(page_of(client, f"/audit/?until={yesterday}")) == []


def test_bad_filters_re_render_with_messages_and_show_no_list(
    server: Flask, make_user: Callable[..., User]
) -> None:
    client = signed_in_client(server, make_user("admin", country=None))[0]
    for query, message in (
        ("since=2026-02-30", "Not a valid date value."),
        ("since=2026-03-02&until=2026-03-01", "The last day comes before the first."),
        ("action=everything", "Not a valid choice."),
        ("person=nobody@example.org", "Nobody you may see has this e-mail address."),
    ):
        page = page_of(client, f"/audit/?{query}")
        assert message in page, query
        assert "<table" not in page
    assert client.get("/audit/entries.csv?action=everything").status_code == 400


def test_pages_follow_one_another_without_gaps_or_repeats(
    app: Flask, make_user: Callable[..., User]
) -> None:
    admin = make_user("admin", country=None)
    many_entries(2 * PAGE_SIZE + 7, "KZ")
    seen: list[int] = []
    cursor = None
    while True:
        page = trail_page(admin, TrailFilter(), cursor)
        seen += [line.entry.details["n"] for line in page.lines]
        if page.older is None:
            break
        cursor = page.older
    assert seen == list(range(2 * PAGE_SIZE + 6, -1, -1))

    # Back from the oldest page: the newer page is the one shown before it.
    last = trail_page(admin, TrailFilter(), cursor)
    assert last.newer is not None
    assert last.older is None
    back = trail_page(admin, TrailFilter(), last.newer)
    assert [line.entry.details["n"] for line in back.lines] == seen[PAGE_SIZE : 2 * PAGE_SIZE]
    first = trail_page(admin, TrailFilter())
    assert first.newer is None
    assert trail_page(admin, TrailFilter(), Cursor(2**40)).lines == first.lines  # no such entry


def test_the_page_links_to_older_and_newer_entries_keeping_the_filters(
    server: Flask, make_user: Callable[..., User]
) -> None:
    client = signed_in_client(server, make_user("admin", country=None))[0]
    many_entries(PAGE_SIZE + 5, "KZ")
    many_entries(3, "GE")
    first = page_of(client, "/audit/?country=KZ")
    assert shown_ns(first) == list(range(PAGE_SIZE + 4, 4, -1))
    older = re.search(r'href="([^"]*before=\d+[^"]*)">Older', first)
    assert older is not None
    second = page_of(client, older.group(1).replace("&amp;", "&"))
    assert shown_ns(second) == [4, 3, 2, 1, 0]
    assert "country=KZ" in older.group(1)
    assert "Older" not in second
    assert "Newer" in second


def test_a_focal_point_sees_only_their_own_countrys_entries(
    server: Flask, make_user: Callable[..., User]
) -> None:
    focal = make_user("focal_point", country="KZ")
    kazakh, georgian = make_user(country="KZ"), make_user(country="GE")
    entry(Action.designation_recorded, focal, kazakh, "KZ", details={"n": 1})
    entry(Action.token_created, georgian, georgian, "GE", details={"n": 2})
    entry(Action.content_synced, None, None, None, details={"n": 3})
    db.session.commit()
    client = signed_in_client(server, focal)[0]

    assert shown_ns(page_of(client, "/audit/")) == [1]
    assert shown_ns(page_of(client, "/audit/?country=KZ")) == [1]
    assert client.get("/audit/?country=GE").status_code == 404  # as for no such country
    assert client.get("/audit/entries.csv?country=GE").status_code == 404
    page = page_of(client, f"/audit/?person={georgian.email}")
    assert "Nobody you may see has this e-mail address." in page
    body = client.get("/audit/entries.csv").get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))) == 2  # header + KZ's one


def test_others_may_not_read_the_trail(server: Flask, make_user: Callable[..., User]) -> None:
    visitor = server.test_client()
    assert "/login" in visitor.get("/audit/").headers["Location"]  # sign in first
    for role, country in (("learner", "KZ"), ("trainer", None), ("analyst", None)):
        client = signed_in_client(server, make_user(role, country=country))[0]
        assert client.get("/audit/").status_code == 403, role
        assert client.get("/audit/entries.csv").status_code == 403, role


def test_the_csv_holds_the_filtered_list_and_no_formula_runs_in_excel(
    server: Flask, make_user: Callable[..., User]
) -> None:
    admin = make_user("admin", country=None)
    mischief = make_user(country="KZ", name='=HYPERLINK("http://evil.example","Click")')
    entry(Action.token_created, mischief, mischief, "KZ", object_type="lms_api_token", object_id=7)
    entry(Action.content_synced, None, None, None)
    db.session.commit()
    client = signed_in_client(server, admin)[0]

    response = client.get("/audit/entries.csv?action=token_created")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffat_utc,action,action_label,actor_id,actor,")
    header, row = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    line = dict(zip(header, row, strict=True))
    assert line["action"] == "token_created"
    assert line["actor"] == line["subject"] == "'" + mischief.name
    assert (line["country"], line["object_type"], line["object_id"]) == ("KZ", "lms_api_token", "7")
    assert line["actor_id"] == str(mischief.id)


def test_hostile_filters_and_cursors_get_a_page_or_a_4xx_never_a_500(
    server: Flask, make_user: Callable[..., User]
) -> None:
    """The route walker (tests/security) covers every route; these are this page's own names."""
    client = signed_in_client(server, make_user("focal_point", country="KZ"))[0]
    many_entries(3, "KZ")
    names = ("person", "country", "action", "since", "until", "before", "after")
    for name in names:
        for value in HOSTILE_QUERY:
            for path in (b"/audit/", b"/audit/entries.csv"):
                url = path + b"?" + name.encode() + b"=" + quote_from_bytes(value).encode()
                response = client.get(url.decode())
                response.get_data()  # the CSV streams: read it all
                assert response.status_code < 500, (url, response.status_code)
