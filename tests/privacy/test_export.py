"""A person downloads everything the LMS holds about them, as one JSON file, without any
secret in it."""

from __future__ import annotations

import json

from cartif_lms import db
from cartif_lms.privacy.services import FORMAT, export_data
from tests.privacy.conftest import COMMENT, DRAFT, EMAIL, ESSAY, NAME, NOTE


def download(client, login_as, person) -> dict:
    login_as(person)
    response = client.get("/account/data/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return json.loads(response.get_data(as_text=True))


def test_the_file_holds_the_profile_and_everything_done(client, login_as, world) -> None:
    data = download(client, login_as, world.person)
    assert data["format"] == FORMAT
    assert data["profile"]["name"] == NAME
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["gender"] == "female"
    tables = data["tables"]
    assert [d["kind"] for d in tables["lms_designation"]] == ["lead_negotiator"]
    assert len(tables["lms_completion"]) >= 2
    assert any(ESSAY in json.dumps(a["answers"]) for a in tables["lms_quiz_attempt"])
    assert [s["text"] for s in tables["lms_draft_submission"]] == [DRAFT]
    assert [v["text"] for v in tables["lms_draft_version"]] == [DRAFT]
    assert [r["comment"] for r in tables["lms_draft_review"]] == [COMMENT]  # received
    assert NOTE in [e["note"] for e in tables["lms_evidence"]]
    assert [t["name"] for t in tables["lms_api_token"]] == ["TA planning sheet"]
    assert len(tables["lms_user_session"]) == 1  # this sign-in
    assert {a["outcome"] for a in tables["lms_login_attempt"]} >= {"failure", "success"}
    assert any(n["kind"] == "designation_recorded" for n in tables["lms_notification"])
    assert any(e["action"] == "designation_recorded" for e in tables["lms_audit_entry"])


def test_no_secret_and_no_one_elses_identity_leaves_the_server(client, login_as, world) -> None:
    data = download(client, login_as, world.person)
    tables = data["tables"]
    assert "password_hash" not in data["profile"]
    assert all("digest" not in row for row in tables["lms_api_token"])
    assert all("digest" not in row for row in tables["lms_user_session"])
    assert all("address" not in row for row in tables["lms_login_attempt"])
    # The drawn questions hold the right answers; a peer reviewer is anonymous to the author.
    assert all("questions_gift" not in row for row in tables["lms_quiz_attempt"])
    assert all("reviewer_id" not in row for row in tables["lms_draft_review"])
    assert all("body" not in row for row in tables["lms_mail_message"])
    text = json.dumps(data)
    assert world.trainer.email not in text
    assert world.focal_point.email not in text


def test_a_person_gets_only_their_own_rows(client, login_as, world, make_user) -> None:
    colleague = make_user(country="KZ")
    data = download(client, login_as, colleague)
    assert data["profile"]["id"] == colleague.id
    text = json.dumps(data)
    assert NAME not in text
    assert EMAIL not in text
    assert DRAFT not in text


def test_a_reviewer_finds_the_reviews_they_wrote_but_not_the_evidence_about_others(
    world,
) -> None:
    tables = export_data(world.trainer)["tables"]
    assert [r["comment"] for r in tables["lms_draft_review"]] == [COMMENT]
    assert tables["lms_evidence"] == []  # the levels are the learner's data, not the assessor's


def test_the_page_says_what_the_file_holds_and_links_it(client, login_as, world) -> None:
    login_as(world.person)
    page = client.get("/account/data").get_data(as_text=True)
    assert "Quiz attempts, answers and grades" in page
    assert 'href="/account/data/download"' in page


def test_visitors_are_sent_to_sign_in(client, world) -> None:
    assert client.get("/account/data/download").status_code in (302, 401)
    db.session.rollback()


def test_the_profile_page_links_the_download(client, login_as, world) -> None:
    login_as(world.person)
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'href="/account/data"' in page
