"""The navigation bar shows each person the pages their role opens, and only those."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cartif_lms.auth.models import User
from cartif_lms.core.navigation import NAVIGATION, navigation_for
from cartif_lms.security.permissions import can, declared_access

ROLES = ("learner", "trainer", "focal_point", "analyst", "admin")
MakeUser = Callable[..., User]


def person(make_user: MakeUser, role: str) -> User:
    return make_user(role=role, country="KZ" if role in {"learner", "focal_point"} else None)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_in_the_bar_opens_for_that_role(
    server: Flask,
    client: FlaskClient,
    make_user: MakeUser,
    login_as: Callable[[User], FlaskClient],
    role: str,
) -> None:
    user = person(make_user, role)
    login_as(user)
    with server.test_request_context():
        links = navigation_for(user)
    assert links, "an empty navigation bar"
    for link in links:
        response = client.get(link.url)
        assert response.status_code == 200, f"{role}: {link.label} ({link.url})"


@pytest.mark.parametrize("role", ROLES)
def test_the_bar_links_every_page_the_role_may_open(
    server: Flask, make_user: MakeUser, role: str
) -> None:
    """A link is hidden only when its view refuses the role (or needs a country it lacks)."""
    user = person(make_user, role)
    with server.test_request_context():
        shown = {link.endpoint for link in navigation_for(user)}
    for entry in NAVIGATION:
        access = declared_access(server, entry.endpoint)
        allowed = access is None or any(can(user, p) for p in access.permissions)
        if not entry.own_country:
            assert (entry.endpoint in shown) == allowed, f"{role}: {entry.endpoint}"
        elif entry.endpoint in shown:
            assert allowed, f"{role}: {entry.endpoint}"


def test_quiz_banks_are_linked_for_exactly_the_roles_the_page_lets_in(
    server: Flask, make_user: MakeUser
) -> None:
    for role, linked in (("trainer", True), ("admin", True), ("analyst", False)):
        user = make_user(role=role, country=None)
        with server.test_request_context():
            endpoints = {link.endpoint for link in navigation_for(user)}
        assert ("lms.quiz_trainer.bank_list" in endpoints) is linked, role


def test_own_country_links_go_to_the_viewers_country(server: Flask, make_user: MakeUser) -> None:
    focal = make_user(role="focal_point", country="KZ")
    with server.test_request_context():
        urls = {link.endpoint: link.url for link in navigation_for(focal)}
    assert urls["lms.capacity.country"] == "/capacity/countries/KZ"
    assert urls["lms.directory.designations"] == "/countries/KZ/designations"
    admin = make_user(role="admin", country=None)
    with server.test_request_context():
        endpoints = {link.endpoint for link in navigation_for(admin)}
    assert "lms.capacity.country" not in endpoints, "who sees every country uses the lists"
