"""The designations page lists a country's designations a page at a time, current first."""

from datetime import date

from cartif_lms import db
from cartif_lms.auth.models import Role, User
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import (
    DesignationRequest,
    country_by_code,
    country_designations_page,
    designate,
)
from cartif_lms.pagination import PAGE_SIZE

URL = "/countries/KZ/designations"


def add_chiefs(country: str, count: int) -> None:
    """``count`` chief negotiators of ``country``, made directly (no slow password hashing)."""
    place = country_by_code(country)
    for number in range(count):
        person = User(
            email=f"{country.lower()}.chief{number}@example.org",
            name=f"{country} Chief {number:03d}",
            role=Role.learner,
            country=place,
            password_hash="!",  # never signs in
        )
        db.session.add(person)
        db.session.flush()
        designate(
            person,
            place,
            DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
        )
    db.session.commit()


def test_pages_hold_page_size_designations_in_a_stable_order(app, make_user):
    add_chiefs("KZ", PAGE_SIZE + 3)
    focal = make_user(role="focal_point", country="KZ")
    first = country_designations_page(focal, country_by_code("KZ"), 1)
    second = country_designations_page(focal, country_by_code("KZ"), 2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (
        PAGE_SIZE + 3,
        2,
        PAGE_SIZE,
        3,
    )
    names = [d.user.name for d in first.items + second.items]
    assert names == sorted(names)
    assert len(set(names)) == PAGE_SIZE + 3


def test_the_page_links_previous_and_next_and_keeps_the_form(client, app, make_user, login_as):
    add_chiefs("KZ", PAGE_SIZE + 3)
    login_as(make_user(role="focal_point", country="KZ"))
    first = client.get(URL).get_data(as_text=True)
    table = first.split("</table>", 1)[0]  # the form below offers every person anyway
    assert "Page 1 of 2" in first
    assert f'href="{URL}?page=2"' in first
    assert 'rel="prev"' not in first
    assert "KZ Chief 049" in table
    assert "KZ Chief 050" not in table
    second = client.get(URL + "?page=2&lang=ru").get_data(as_text=True)
    assert "KZ Chief 052" in second.split("</table>", 1)[0]
    assert "KZ Chief 000" not in second.split("</table>", 1)[0]
    assert 'rel="next"' not in second
    assert "page=1" in second
    assert "lang=ru" in second.split('rel="prev"', 1)[1].split(">", 1)[0]
    assert 'name="person"' in second  # the form to add one is on every page


def test_hostile_page_values_never_fail(client, app, make_user, login_as):
    add_chiefs("KZ", PAGE_SIZE + 1)
    login_as(make_user(role="focal_point", country="KZ"))
    for value, shown in [("0", 1), ("-1", 1), ("abc", 1), ("", 1), (str(10**30), 2)]:
        response = client.get(f"{URL}?page={value}")
        assert response.status_code == 200, value
        assert f"Page {shown} of 2" in response.get_data(as_text=True), value
    assert client.get(f"{URL}?page=%00").status_code == 400  # refused before any view


def test_another_countrys_designations_stay_out_of_every_page(client, app, make_user, login_as):
    add_chiefs("KZ", PAGE_SIZE + 1)
    add_chiefs("GE", 2)
    georgian = make_user(role="focal_point", country="GE")
    assert country_designations_page(georgian, country_by_code("KZ"), 2).total == 0
    assert country_designations_page(georgian, country_by_code("GE"), 1).total == 2
    login_as(georgian)
    assert client.get(URL + "?page=2").status_code == 404
    html = client.get("/countries/GE/designations").get_data(as_text=True)
    assert "GE Chief 001" in html
    assert "KZ Chief" not in html
    assert 'class="pager"' not in html
