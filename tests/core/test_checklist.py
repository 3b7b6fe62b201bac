"""The first-run checklist on the home page: each role's steps, ticked by what people really
do, and gone once all are done."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from cartif_lms import db
from cartif_lms.auth.models import Role
from cartif_lms.capacity.services import READINESS_FIELDS, record_readiness
from cartif_lms.content.snapshot import bump_content_version
from cartif_lms.content.sync import sync_content
from cartif_lms.core import checklist
from cartif_lms.core.models import ChecklistTick
from cartif_lms.db import utcnow
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import (
    DesignationRequest,
    country_by_code,
    designate,
    list_areas,
)
from tests.conftest import DATA_DIR, PASSWORD
from tests.quizzes.conftest import CHECK, item, right_answers
from tests.quizzes.test_attempts import QUIZ_PAGE, start, unlock

HEADING = "Getting started"
#: The steps core ships; other parts' steps (workshops) are tested with their parts.
CORE_STEPS = {
    "learner.country_and_designation",
    "learner.pre_test",
    "focal_point.national_team",
    "focal_point.readiness",
    "focal_point.country_page",
    "trainer.grading_queue",
    "trainer.review_queue",
    "analyst.dashboard",
    "analyst.ta_needs",
}


@pytest.fixture(autouse=True)
def _core_steps_only(monkeypatch):
    core = {key: step for key, step in checklist._STEPS.items() if key in CORE_STEPS}
    assert set(core) == CORE_STEPS
    monkeypatch.setattr(checklist, "_STEPS", core)


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def open_steps(page: str) -> list[str]:
    """The labels of the steps still to do (they are links; done ones are not)."""
    section = page.split(HEADING, 1)[1].split("</section>", 1)[0]
    return [
        line.split('">', 1)[1].split("</a>", 1)[0].replace("&#39;", "'")
        for line in section.splitlines()
        if "<a href=" in line
    ]


def ticks(user) -> set[str]:
    db.session.expire_all()
    return set(
        db.session.scalars(select(ChecklistTick.step).where(ChecklistTick.user_id == user.id))
    )


# --- learners --------------------------------------------------------------------------------


@pytest.fixture
def pre_test(app):
    """The test curriculum's module check, made a pre-test (the content has none)."""
    sync_content(DATA_DIR / "content")
    quiz = item(CHECK)
    quiz.settings = {**quiz.settings, "test": "pre-test"}
    bump_content_version()
    db.session.commit()
    return quiz


LEARNER_STEPS = [
    "Have your country and your designation recorded (ask your focal point)",
    "Take your first pre-test",
]


def designate_as_lead(person) -> None:
    focal_point = make_focal_point(person.country.code)
    designate(
        focal_point,
        person.country,
        DesignationRequest(
            person.id, DesignationKind.lead_negotiator, list_areas()[0].id, date.today()
        ),
    )
    db.session.commit()


def make_focal_point(code: str):
    from cartif_lms.auth.models import Role as R
    from cartif_lms.auth.services import create_user

    return create_user(
        f"fp-{code.lower()}@example.org", "Focal", R.focal_point, PASSWORD, country_by_code(code)
    )


def test_a_new_learner_sees_two_steps_to_do(client, make_user, login_as, pre_test):
    login_as(make_user())
    assert open_steps(home(client)) == LEARNER_STEPS


def test_a_learners_designation_recorded_by_their_focal_point_ticks_the_first_step(
    client, make_user, login_as, pre_test
):
    learner = make_user()
    login_as(learner)
    designate_as_lead(learner)
    assert open_steps(home(client)) == LEARNER_STEPS[1:]
    assert "(done)" in home(client)
    assert ticks(learner) == {"learner.country_and_designation"}


def test_a_revoked_or_missing_designation_leaves_the_step_open(make_user, pre_test):
    learner = make_user()
    assert not checklist.country_and_designation_recorded(learner)
    designate_as_lead(learner)
    assert checklist.country_and_designation_recorded(learner)
    for designation in learner.designations:
        designation.revoked_at = utcnow()
    db.session.commit()
    assert not checklist.country_and_designation_recorded(learner)


def test_submitting_the_pre_test_ticks_it_and_the_finished_checklist_goes_away(
    client, make_user, login_as, post_form, pre_test
):
    learner = make_user()
    designate_as_lead(learner)
    unlock(learner)
    login_as(learner)
    attempt = start(client, post_form, QUIZ_PAGE)
    assert open_steps(home(client)) == LEARNER_STEPS[1:]  # started is not taken
    page = f"/attempts/{attempt.id}"
    assert post_form(f"{page}/submit", right_answers(attempt), page=page).status_code == 302

    assert HEADING not in home(client)
    assert ticks(learner) == {"learner.country_and_designation", "learner.pre_test"}


# --- focal points ----------------------------------------------------------------------------


def designate_the_team(focal_point, make_user) -> None:
    kz = country_by_code("KZ")
    today = date.today()
    chief = make_user(country="KZ")
    designate(
        focal_point, kz, DesignationRequest(chief.id, DesignationKind.chief_negotiator, None, today)
    )
    for area in list_areas():
        for kind in (DesignationKind.lead_negotiator, DesignationKind.technical_expert):
            person = make_user(country="KZ")
            designate(focal_point, kz, DesignationRequest(person.id, kind, area.id, today))
    db.session.commit()


def assess_every_area(focal_point) -> None:
    kz = country_by_code("KZ")
    for area in list_areas():
        record_readiness(focal_point, kz, area, dict.fromkeys(READINESS_FIELDS, 2), "")
    db.session.commit()


def test_a_focal_points_steps_tick_off_as_the_team_readiness_and_page_are_done(
    client, make_user, login_as
):
    focal_point = make_user(role="focal_point")
    login_as(focal_point)
    assert open_steps(home(client)) == [
        "Designate the national team: a chief negotiator, and a lead negotiator and a "
        "technical expert in every negotiating area",
        "Record the readiness assessment of every negotiating area",
        "Look at your country's page",
    ]
    designate_the_team(focal_point, make_user)
    assert open_steps(home(client)) == [
        "Record the readiness assessment of every negotiating area",
        "Look at your country's page",
    ]
    assess_every_area(focal_point)
    assert open_steps(home(client)) == ["Look at your country's page"]
    assert client.get("/capacity/countries/KZ").status_code == 200
    assert HEADING not in home(client)


def test_a_team_without_a_chief_negotiator_is_not_designated(client, make_user, login_as):
    focal_point = make_user(role="focal_point")
    kz = country_by_code("KZ")
    area = list_areas()[0]
    lead = make_user(country="KZ")
    designate(
        focal_point,
        kz,
        DesignationRequest(lead.id, DesignationKind.lead_negotiator, area.id, date.today()),
    )
    db.session.commit()
    assert not checklist.national_team_designated(focal_point)


def test_readiness_of_some_areas_only_leaves_the_step_open(make_user):
    focal_point = make_user(role="focal_point")
    kz = country_by_code("KZ")
    record_readiness(focal_point, kz, list_areas()[0], dict.fromkeys(READINESS_FIELDS, 1), "")
    db.session.commit()
    assert not checklist.readiness_recorded(focal_point)


# --- trainers and analysts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "pages", "labels"),
    [
        (
            "trainer",
            ["/trainer/grading", "/trainer/drafts/"],
            ["Look at the grading queue", "Look at the draft review queue"],
        ),
        (
            "analyst",
            ["/capacity/dashboard", "/capacity/ta-needs"],
            ["Open the regional dashboard", "Review the open TA needs"],
        ),
    ],
)
def test_programme_staff_tick_their_steps_by_opening_the_pages(
    client, make_user, login_as, role, pages, labels
):
    login_as(make_user(role=role, country=None))
    assert open_steps(home(client)) == labels
    assert client.get(pages[0]).status_code == 200
    assert open_steps(home(client)) == labels[1:]
    assert client.get(pages[1]).status_code == 200
    assert HEADING not in home(client)


def test_administrators_have_no_checklist(client, make_user, login_as):
    login_as(make_user(role="admin", country=None))
    assert HEADING not in home(client)


def test_a_page_that_answers_no_content_ticks_nothing(client, make_user, login_as):
    """A focal point asking for another country's page gets 404: not a look at their own."""
    focal_point = make_user(role="focal_point")
    login_as(focal_point)
    assert client.get("/capacity/countries/GE").status_code == 404
    assert "focal_point.country_page" not in ticks(focal_point)


# --- the registry ----------------------------------------------------------------------------


def test_a_step_of_a_feature_this_application_lacks_is_not_shown(
    client, make_user, login_as, monkeypatch
):
    step = checklist.Step(
        "analyst.schedule_session",
        Role.analyst,
        "Schedule a session",
        "lms.workshops.no_such_page",
        lambda _user: False,
    )
    monkeypatch.setitem(checklist._STEPS, step.key, step)
    login_as(make_user(role="analyst", country=None))
    assert "Schedule a session" not in home(client)


def test_a_new_step_joins_its_roles_checklist_without_touching_the_others(
    client, make_user, login_as, monkeypatch
):
    step = checklist.Step(
        "analyst.catalogue",
        Role.analyst,
        "Browse the catalogue",
        "lms.learning.catalogue",
        lambda _user: False,
    )
    monkeypatch.setitem(checklist._STEPS, step.key, step)
    login_as(make_user(role="analyst", country=None))
    assert open_steps(home(client))[-1] == "Browse the catalogue"


def test_a_step_key_is_registered_once():
    with pytest.raises(ValueError, match="registered already"):
        checklist.register(checklist.steps_for(Role.trainer)[0])


def test_a_finished_checklist_costs_the_home_page_one_query(make_user, app):
    analyst = make_user(role="analyst", country=None)
    for step in checklist.steps_for(Role.analyst):
        checklist.tick(analyst, step)
    db.session.commit()
    statements: list[str] = []
    engine = db.lms_state().engine

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.test_request_context("/"):
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert checklist.checklist_for(analyst) == []
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
