"""Every role against every page: who may open what."""

import pytest

ROLES = ("anonymous", "learner", "trainer", "focal_point", "analyst", "admin")

#: path -> the roles that get 200; everyone else is sent to sign in (anonymous), or gets
#: 403 (wrong role) or 404 (another country's page).
PAGES = {
    "/": set(ROLES),
    "/login": set(ROLES),
    "/healthz": set(ROLES),
    "/admin/users": {"admin"},
    "/admin/users/new": {"admin"},
    "/countries": {"analyst", "admin"},
    "/countries/KZ/designations": {"focal_point", "admin"},
    "/countries/GE/designations": {"admin"},
    "/catalog": {"learner", "trainer", "focal_point", "analyst", "admin"},
    "/trainer/banks": {"trainer", "admin"},
    "/trainer/banks/new": {"trainer", "admin"},
    "/trainer/quizzes": {"trainer", "admin"},
    "/trainer/grading": {"trainer", "admin"},
    "/trainer/learning-gain": {"trainer", "focal_point", "analyst", "admin"},
    "/drafting/reviews": {"learner", "trainer", "focal_point", "analyst", "admin"},
    "/trainer/drafts/": {"trainer", "admin"},
    "/capacity/me": {"learner", "trainer", "focal_point", "analyst", "admin"},
    "/capacity/dashboard": {"analyst", "admin"},
    "/capacity/countries/KZ": {"focal_point", "analyst", "admin"},
    "/capacity/countries/GE": {"analyst", "admin"},
    "/capacity/ta-needs": {"focal_point", "analyst", "admin"},
    "/capacity/assess": {"trainer", "admin"},
    "/capacity/countries/KZ/readiness/TF": {"focal_point", "analyst", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PAGES))
def test_each_role_reaches_only_its_pages(client, make_user, login_as, role, path):
    if role != "anonymous":
        country = "KZ" if role in {"learner", "focal_point"} else None
        login_as(make_user(role=role, country=country))
    status = client.get(path).status_code
    if role in PAGES[path]:
        assert status == 200
    elif role == "anonymous":
        assert status == 302
    else:
        assert status in {403, 404}
        if (
            path in {"/countries/GE/designations", "/capacity/countries/GE"}
            and role == "focal_point"
        ):
            assert status == 404, "another country's page must not reveal it exists"
