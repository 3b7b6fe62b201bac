"""Every action the trail records writes exactly one entry, done the way its user does it: through
its page, its API call or its command.

The list is the issue's: accounts created, approved or deactivated; roles, countries and
passwords reset; designations recorded or revoked; readiness recorded; TA-need status changed;
grades and reviews given or changed; content synced; tokens created or revoked. Each case
prepares what the action needs (through the services, before counting), performs the action,
and says who the entry names as actor and as the person it is about.
"""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from cartif_lms import db
from cartif_lms.audit import Action
from cartif_lms.auth.models import AccountRequest, ApiToken, User
from cartif_lms.auth.recovery import reset_token
from cartif_lms.auth.registration import confirmation_token
from cartif_lms.auth.tokens import issue_token
from cartif_lms.capacity.evidence import assess_competency
from cartif_lms.capacity.models import TANeed
from cartif_lms.capacity.services import generate_needs
from cartif_lms.content.models import Item
from cartif_lms.demo.answers import simulated_form
from cartif_lms.directory.models import Competency, DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.drafting.models import DraftReview, ReviewKind
from cartif_lms.drafting.services import submit_draft
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from tests.audit.conftest import Stage, entries_after
from tests.conftest import DATA_DIR, PASSWORD, csrf_token_from
from tests.core.test_host_identity import build_host

NEW_PASSWORD = "another horse battery staple"
DRAFT = (
    "Article 7\nFreedom of Transit\n"
    '1. Each Party shall accord freedom of transit to "goods in transit".\n'
)
RUBRIC = {"level_0": "2", "comment_0": "", "level_1": "1", "comment_1": "", "comment": "Good."}


@dataclass(frozen=True)
class Expect:
    """Whom the one new entry names: the actor (None: nobody, the command line) and the
    person it is about (None: nobody)."""

    actor: User | None
    about: User | None


Perform = Callable[[Stage], Expect]


@dataclass(frozen=True)
class Case:
    action: Action
    how: str
    perform: Perform


def item(slug: str) -> Item:
    found = db.session.scalar(select(Item).where(Item.slug == slug))
    assert found is not None
    return found


def competency(code: str) -> Competency:
    found = db.session.scalar(select(Competency).where(Competency.code == code))
    assert found is not None
    return found


def a_need(stage: Stage) -> TANeed:
    """Kazakhstan's one TA need: its chief negotiator is below target in negotiation."""
    learner = stage.people["learner"]
    kind = DesignationKind.chief_negotiator
    designate(
        stage.people["focal_point"],
        country_by_code("KZ"),  # type: ignore[arg-type]
        DesignationRequest(learner.id, kind, None, date(2026, 1, 1)),
    )
    generate_needs()
    db.session.commit()
    need = db.session.scalars(select(TANeed)).one()
    return need


# --- accounts and passwords ----------------------------------------------------------------


def create_user_on_the_command_line(stage: Stage) -> Expect:
    stage.begin()
    result = stage.runner.invoke(
        args=["lms", "create-user", "new@example.org", "--name", "New Person"]
        + ["--role", "learner", "--country", "KZ", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    return Expect(None, _user("new@example.org"))


def reset_a_password_with_the_mailed_link(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    client = stage.server.test_client()  # the link's holder is not signed in
    url = f"/password/reset/{reset_token(learner)}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    stage.begin()
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    assert client.post(url, data=data).status_code == 302
    return Expect(learner, learner)


# --- designations, readiness, TA needs ------------------------------------------------------


def record_a_designation(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    form = {
        "person": str(learner.id),
        "kind": DesignationKind.chief_negotiator.value,
        "area": "0",
        "valid_from": "2026-01-01",
    }
    stage.begin()
    response = stage.post("focal_point", "/countries/KZ/designations", form)
    assert response.status_code == 302
    return Expect(stage.people["focal_point"], learner)


def record_readiness(stage: Stage) -> Expect:
    scores = {
        "institutional_coordination": "1",
        "legal_mapping": "2",
        "technical_expertise": "2",
        "negotiating_experience": "0",
        "notes": "Interviews in Astana.",
    }
    url = "/capacity/countries/KZ/readiness/TF"
    stage.begin()
    assert stage.post("focal_point", url, scores).status_code == 302
    return Expect(stage.people["focal_point"], None)


def set_a_need_status_on_the_page(stage: Stage) -> Expect:
    need = a_need(stage)
    form = {"status": "planned", "note": "Q3 workshop"}
    stage.begin()
    response = stage.post("analyst", f"/capacity/ta-needs/{need.id}", form, "/capacity/ta-needs")
    assert response.status_code == 302
    return Expect(stage.people["analyst"], None)


def set_a_need_status_through_the_api(stage: Stage) -> Expect:
    need = a_need(stage)
    token = issue_token(stage.people["analyst"], "planning system")
    stage.begin()
    response = stage.server.test_client().patch(
        f"/api/v1/ta-needs/{need.id}",
        json={"status": "addressed", "note": "Done"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_json()
    return Expect(stage.people["analyst"], None)


def close_a_need_whose_gap_is_gone(stage: Stage) -> Expect:
    a_need(stage)
    learner = stage.people["learner"]
    assess_competency(stage.people["trainer"], learner, competency("XC.NEGOTIATION"), 3, "")
    stage.begin()
    result = stage.runner.invoke(args=["lms", "generate-needs"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(TANeed)).one().closed_at is not None
    return Expect(None, None)


# --- grades and reviews ---------------------------------------------------------------------


def grade_an_essay(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, item(slug))
    attempt = open_attempt(learner, item("basics/next-steps/redraft"))
    answers = simulated_form(attempt, random.Random(0), skill=1.0)
    submit_attempt(learner, attempt, MultiDict(answers))
    form = {"grade_0": "80", "comment_0": "Binding language, well used."}
    stage.begin()
    response = stage.post("trainer", f"/trainer/attempts/{attempt.id}/grade", form)
    assert response.status_code == 302
    return Expect(stage.people["trainer"], learner)


def decide_on_a_draft(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    version = submit_draft(learner, item("drafting-lab/transit/close-brackets"), DRAFT)
    form = {**RUBRIC, "decision": "accept"}
    stage.begin()
    assert stage.post("trainer", f"/trainer/drafts/{version.id}", form).status_code == 302
    return Expect(stage.people["trainer"], learner)


def send_a_peer_review(stage: Stage) -> Expect:
    exercise = item("drafting-lab/transit/close-brackets")
    submit_draft(stage.people["learner"], exercise, DRAFT)
    submit_draft(stage.people["georgian"], exercise, DRAFT)
    db.session.commit()
    reviewer = stage.people["georgian"]
    review = db.session.scalars(
        select(DraftReview).where(
            DraftReview.reviewer_id == reviewer.id, DraftReview.kind == ReviewKind.peer
        )
    ).one()
    stage.begin()
    assert stage.post("georgian", f"/drafting/reviews/{review.id}", RUBRIC).status_code == 302
    return Expect(reviewer, None)  # anonymous: the entry does not name the author


def assess_a_competency(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    form = {
        "email": learner.email,
        "competency": str(competency("TF.TRANSIT").id),
        "level": "2",
        "note": "Led the transit simulation.",
    }
    stage.begin()
    assert stage.post("trainer", "/capacity/assess", form).status_code == 302
    return Expect(stage.people["trainer"], learner)


# --- content and tokens ---------------------------------------------------------------------


def sync_changed_content(stage: Stage, tmp: Path) -> Expect:
    content = tmp / "content"
    shutil.copytree(DATA_DIR / "content", content)
    lesson = content / "courses/basics/01-first-steps/01-mandates.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    stage.begin()
    result = stage.runner.invoke(args=["lms", "sync", "--content-dir", str(content)])
    assert result.exit_code == 0, result.output
    assert "Updated: 1 item" in result.output
    return Expect(None, None)


def create_a_token_on_the_page(stage: Stage) -> Expect:
    form = {"name": "my scripts", "expires_on": (date.today() + timedelta(days=30)).isoformat()}
    stage.begin()
    response = stage.post("analyst", "/account/tokens", form)
    assert response.status_code == 200
    assert "lms_" in response.get_data(as_text=True)  # shown once
    return Expect(stage.people["analyst"], stage.people["analyst"])


def create_a_token_on_the_command_line(stage: Stage) -> Expect:
    analyst = stage.people["analyst"]
    stage.begin()
    result = stage.runner.invoke(args=["lms", "create-token", analyst.email, "--name", "ETL"])
    assert result.exit_code == 0, result.output
    return Expect(None, analyst)


def revoke_a_token_on_the_page(stage: Stage) -> Expect:
    analyst = stage.people["analyst"]
    token_id = _token_of(analyst)
    url = f"/account/tokens/{token_id}/revoke"
    stage.begin()
    assert stage.post("analyst", url, {}, page="/account/tokens").status_code == 302
    return Expect(analyst, analyst)


def revoke_a_token_on_the_command_line(stage: Stage) -> Expect:
    analyst = stage.people["analyst"]
    token_id = _token_of(analyst)
    stage.begin()
    result = stage.runner.invoke(args=["lms", "revoke-token", str(token_id)])
    assert result.exit_code == 0, result.output
    return Expect(None, analyst)


def _token_of(user: User) -> int:
    issue_token(user, "to revoke")
    db.session.commit()
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    assert token_id is not None
    return token_id


def _user(email: str) -> User:
    found = db.session.scalar(select(User).where(User.email == email))
    assert found is not None
    return found


# --- the administrators' and focal points' account pages ("admin", "registration") -----------


def create_an_account_on_the_admin_page(stage: Stage) -> Expect:
    form = {
        "email": "made@example.org",
        "name": "Made By Admin",
        "role": "learner",
        "country": "KZ",
        "gender": "",
        "password": NEW_PASSWORD,
    }
    stage.begin()
    assert stage.post("admin", "/admin/users/new", form).status_code == 302
    return Expect(stage.people["admin"], _user("made@example.org"))


def import_one_account_from_a_csv_file(stage: Stage) -> Expect:
    upload = io.BytesIO(
        b"email,name,role,country\r\nimported@example.org,Imported One,learner,KZ\r\n"
    )
    stage.begin()
    response = stage.post("admin", "/admin/users/import", {"upload": (upload, "people.csv")})
    assert response.status_code == 302
    return Expect(stage.people["admin"], _user("imported@example.org"))


def _edit_account(stage: Stage, **changes: str) -> Expect:
    learner = stage.people["learner"]
    form = {"name": learner.name, "email": learner.email, "role": "learner", "country": "KZ"}
    stage.begin()
    url = f"/admin/users/{learner.id}"
    assert stage.post("admin", url, {**form, **changes}).status_code == 302
    return Expect(stage.people["admin"], learner)


def change_a_role(stage: Stage) -> Expect:
    return _edit_account(stage, role="focal_point")


def change_a_country(stage: Stage) -> Expect:
    return _edit_account(stage, country="GE")


def deactivate_an_account(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    stage.begin()
    url = f"/admin/users/{learner.id}/active"
    assert (
        stage.post("admin", url, {"active": "0"}, f"/admin/users/{learner.id}").status_code == 302
    )
    return Expect(stage.people["admin"], learner)


def reset_a_password_as_an_admin(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    stage.begin()
    url = f"/admin/users/{learner.id}/password"
    response = stage.post("admin", url, {"password": NEW_PASSWORD}, f"/admin/users/{learner.id}")
    assert response.status_code == 302
    return Expect(stage.people["admin"], learner)


def revoke_a_designation(stage: Stage) -> Expect:
    learner = stage.people["learner"]
    designation = designate(
        stage.people["focal_point"],
        country_by_code("KZ"),  # type: ignore[arg-type]
        DesignationRequest(learner.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    stage.begin()
    url = f"/countries/KZ/designations/{designation.id}/revoke"
    response = stage.post("focal_point", url, {"confirm": "y"})
    assert response.status_code == 302
    return Expect(stage.people["focal_point"], learner)


def approve_an_account_request(stage: Stage) -> Expect:
    visitor = stage.server.test_client()
    asked = {"name": "Asel Applicant", "email": "asel@example.kz", "country": "KZ"}
    page = visitor.get("/register").get_data(as_text=True)
    assert visitor.post("/register", data={**asked, "csrf_token": csrf_token_from(page)})
    request = db.session.scalars(select(AccountRequest)).one()
    url = f"/register/confirm/{confirmation_token(request)}"
    page = visitor.get(url).get_data(as_text=True)
    assert visitor.post(url, data={"csrf_token": csrf_token_from(page)}).status_code == 200
    stage.begin()
    url = f"/account-requests/{request.id}/approve"
    assert stage.post("focal_point", url, {}, "/account-requests").status_code == 302
    return Expect(stage.people["focal_point"], _user("asel@example.kz"))


def create_a_learner_as_a_focal_point(stage: Stage) -> Expect:
    form = {"name": "Dana Learner", "email": "dana@example.kz"}
    stage.begin()
    assert stage.post("focal_point", "/countries/KZ/learners/new", form).status_code == 302
    return Expect(stage.people["focal_point"], _user("dana@example.kz"))


CASES = [
    Case(Action.account_created, "lms create-user", create_user_on_the_command_line),
    Case(Action.password_reset, "the mailed reset link", reset_a_password_with_the_mailed_link),
    Case(Action.designation_recorded, "the designations page", record_a_designation),
    Case(Action.readiness_recorded, "the readiness page", record_readiness),
    Case(Action.ta_need_status_changed, "the TA needs page", set_a_need_status_on_the_page),
    Case(Action.ta_need_status_changed, "the API", set_a_need_status_through_the_api),
    Case(Action.ta_need_status_changed, "lms generate-needs", close_a_need_whose_gap_is_gone),
    Case(Action.essay_graded, "the grading page", grade_an_essay),
    Case(Action.draft_reviewed, "the trainer's review page", decide_on_a_draft),
    Case(Action.peer_review_sent, "the peer review page", send_a_peer_review),
    Case(Action.competency_assessed, "the assessment page", assess_a_competency),
    Case(Action.token_created, "the API tokens page", create_a_token_on_the_page),
    Case(Action.token_created, "lms create-token", create_a_token_on_the_command_line),
    Case(Action.token_revoked, "the API tokens page", revoke_a_token_on_the_page),
    Case(Action.token_revoked, "lms revoke-token", revoke_a_token_on_the_command_line),
    Case(
        Action.account_created, "the admin's new account page", create_an_account_on_the_admin_page
    ),
    Case(Action.account_created, "a focal point's new learner", create_a_learner_as_a_focal_point),
    Case(Action.account_created, "the admin's CSV import", import_one_account_from_a_csv_file),
    Case(Action.account_approved, "the account requests page", approve_an_account_request),
    Case(Action.account_deactivated, "the admin's person page", deactivate_an_account),
    Case(Action.role_changed, "the admin's person page", change_a_role),
    Case(Action.country_changed, "the admin's person page", change_a_country),
    Case(Action.password_reset, "the admin's person page", reset_a_password_as_an_admin),
    Case(Action.designation_revoked, "the designations page", revoke_a_designation),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.action.value} by {c.how}" for c in CASES])
def test_the_action_writes_exactly_one_entry(stage: Stage, case: Case) -> None:
    _performs_once(stage, case.action, case.perform)


def test_a_content_sync_that_changed_something_writes_one_entry_with_its_counts(
    stage: Stage, tmp_path: Path
) -> None:
    entry = _performs_once(
        stage, Action.content_synced, lambda s: sync_changed_content(s, tmp_path)
    )
    assert entry.details["updated"]["items"] == 1  # (and whatever follows it: translations)
    assert set(entry.details) == {"updated"}


def test_a_content_sync_that_changed_nothing_writes_none(stage: Stage) -> None:
    stage.begin()
    result = stage.runner.invoke(args=["lms", "sync", "--content-dir", str(DATA_DIR / "content")])
    assert "No changes" in result.output
    assert entries_after(stage.start or 0) == []


def _performs_once(stage: Stage, action: Action, perform: Perform) -> Any:
    """Perform the action; exactly one entry follows, of this action, naming the right people."""
    expected = perform(stage)
    assert stage.start is not None, "the case never said where its action begins"
    new = entries_after(stage.start)
    assert [e.action for e in new] == [action.value]
    (entry,) = new
    assert entry.actor_id == (expected.actor.id if expected.actor else None)
    assert entry.subject_user_id == (expected.about.id if expected.about else None)
    return entry


def test_an_account_made_on_a_hosts_first_visit_writes_one_entry(
    stage: Stage, migrated: dict[str, Any]
) -> None:
    host, _manager = build_host(migrated, "host first")
    portal = host.test_client()
    assert portal.get("/login?as=1").status_code == 302
    stage.begin()
    assert portal.get("/training/").status_code == 200
    portal.get("/training/catalog")  # the second page finds the account: no second entry
    host.extensions["cartif_lms"].engine.dispose()
    (entry,) = entries_after(stage.start or 0)
    assert entry.action == Action.account_created.value
    assert entry.actor_id is None  # the LMS made it
    assert entry.subject_user_id == _user("aigul.minister@ministry.example").id
    assert entry.details == {"role": "learner", "via": "host_sign_in"}
