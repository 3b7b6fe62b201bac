"""The country page lists its designated people a page at a time, scoped to the viewer."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import Role, User
from cartif_lms.capacity.services import person_gaps_page
from cartif_lms.directory.models import DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.pagination import PAGE_SIZE
from tests.sql import recorded_statements

PEOPLE = PAGE_SIZE + 5  # two pages: a full one and a short one
URL = "/capacity/countries/KZ"


def add_people(country: str, names: list[str], kind=DesignationKind.chief_negotiator, area=None):
    """Designated people of ``country``, made directly: hashing each password would be slow."""
    place = country_by_code(country)
    for name in names:
        person = User(
            email=f"{name.replace(' ', '.').lower()}@example.org",
            name=name,
            role=Role.learner,
            country=place,
            password_hash="!",  # never signs in
        )
        db.session.add(person)
        db.session.flush()
        designate(person, place, DesignationRequest(person.id, kind, area, date(2026, 1, 1)))
    db.session.commit()


@pytest.fixture
def crowd(world):
    """``PEOPLE`` chief negotiators of Kazakhstan besides the world's two, named to sort."""
    add_people("KZ", [f"Person {number:03d}" for number in range(PEOPLE)])
    return PEOPLE + 2  # with kz_lead and kz_chief


def names_listed(html: str) -> set[str]:
    """The people in the "By person" table of a country page."""
    table = html.split(">By person<", 1)[1]
    return set(re.findall(r"<tr><td>([^<]+)</td>", table))


def test_a_page_holds_page_size_people_with_all_their_rows(crowd, make_user):
    focal = make_user(role="focal_point", country="KZ")
    first = person_gaps_page(focal, country_by_code("KZ"), 1)
    assert first.total == crowd
    assert first.pages == 2
    assert len({p.user_id for p in first.items}) == PAGE_SIZE
    second = person_gaps_page(focal, country_by_code("KZ"), 2)
    assert len({p.user_id for p in second.items}) == crowd - PAGE_SIZE
    # whole people, by name then id: no one on both pages, everyone on one
    assert not {p.user_id for p in first.items} & {p.user_id for p in second.items}
    names = [p.name for p in first.items + second.items]
    assert names == sorted(names)


def test_the_country_page_links_next_and_previous_and_says_which_page(
    client, crowd, make_user, login_as
):
    login_as(make_user(role="focal_point", country="KZ"))
    first = client.get(URL).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert 'href="/capacity/countries/KZ?page=2"' in first
    assert 'rel="prev"' not in first
    assert len(names_listed(first)) == PAGE_SIZE
    second = client.get(URL + "?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert 'href="/capacity/countries/KZ?page=1"' in second
    assert 'rel="next"' not in second
    assert len(names_listed(second)) == crowd - PAGE_SIZE
    assert not names_listed(first) & names_listed(second)
    # the other sections are the whole country's on every page
    assert "By negotiating area" in second
    assert "Gaps by competency" in second


def test_the_links_keep_the_other_query_arguments(client, crowd, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    html = client.get(URL + "?lang=ru&page=2").get_data(as_text=True)
    assert re.search(
        r'href="/capacity/countries/KZ\?(lang=ru&amp;page=1|page=1&amp;lang=ru)"', html
    )


def test_crafted_query_names_cannot_redirect_the_links(client, crowd, make_user, login_as):
    """A query name url_for would read as an option, or a path argument's name, is not kept."""
    login_as(make_user(role="focal_point", country="KZ"))
    crafted = "?_external=1&_anchor=x&_scheme=https&code=GE&page=2"
    html = client.get(URL + crafted).get_data(as_text=True)
    assert 'href="/capacity/countries/KZ?page=1"' in html


def test_hostile_page_values_show_the_nearest_page(client, crowd, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    for value, shown in [
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("", 1),
        ("2.5", 1),
        (str(10**30), 2),
        (str(-(10**30)), 1),
    ]:
        response = client.get(f"{URL}?page={value}")
        assert response.status_code == 200, value
        assert f"Page {shown} of 2" in response.get_data(as_text=True), value
    # a NUL byte is refused before any view, as everywhere (security.input): never a 500
    assert client.get(f"{URL}?page=%00").status_code == 400


def test_a_focal_point_pages_through_their_own_country_only(
    client, crowd, world, make_user, login_as
):
    tf = db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == "TF"))
    add_people("GE", [f"Georgian {n}" for n in range(3)], DesignationKind.lead_negotiator, tf)
    georgian = make_user(role="focal_point", country="GE")
    page = person_gaps_page(georgian, country_by_code("KZ"), 1)
    assert (page.total, page.items, page.pages) == (0, [], 1)
    assert person_gaps_page(georgian, country_by_code("GE"), 1).total == 4  # ge_lead and the three
    login_as(georgian)
    assert client.get(URL).status_code == 404
    html = client.get("/capacity/countries/GE").get_data(as_text=True)
    assert "Person 000" not in html
    assert "Georgian 2" in html
    assert 'class="pager"' not in html  # one page: no pager at all


def test_a_page_and_the_number_of_people_come_from_one_statement(
    client, crowd, server, make_user, login_as
):
    """The page's rows carry the total (a window count): no second query counts the people."""
    login_as(make_user(role="focal_point", country="KZ"))
    assert client.get(URL).status_code == 200
    with recorded_statements(server) as recorded:
        html = client.get(f"{URL}?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in html
    counting = [s.sql for s in recorded if re.search(r"count\(\*\)", s.sql, re.IGNORECASE)]
    assert len(counting) == 1, counting
    assert "OVER ()" in counting[0]


def test_a_page_past_the_end_is_counted_then_shows_the_last(crowd, make_user):
    viewer = make_user(role="analyst", country=None)
    past = person_gaps_page(viewer, country_by_code("KZ"), 7)
    last = person_gaps_page(viewer, country_by_code("KZ"), 2)
    assert (past.page, past.pages, past.total) == (2, 2, crowd)
    assert past.items == last.items
    assert len({row.user_id for row in past.items}) == crowd - PAGE_SIZE
