"""Analysts, focal points and learners read the capacity picture: pages, API, exports."""

import json

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.services import issue_token
from cartif_lms.capacity.evidence import record_evidence
from cartif_lms.capacity.models import NeedStatus, TANeed
from cartif_lms.capacity.services import generate_needs
from tests.capacity.conftest import competency


def bearer(user):
    token = issue_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def valid(client, path, method, body):
    """The body matches the OpenAPI document's 200 schema for the operation."""
    document = client.get("/api/v1/openapi.json").get_json()
    schema = document["paths"][path][method]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    errors = list(
        Draft202012Validator({**schema, "components": document["components"]}).iter_errors(body)
    )
    assert not errors, [e.message for e in errors]


def test_the_analyst_dashboard_draws_heatmaps_and_counts_by_sex(client, world, make_user, login_as):
    login_as(make_user(role="analyst", country=None, gender="female"))
    page = client.get("/capacity/dashboard").get_data(as_text=True)
    assert page.count("<svg") >= 2
    assert "Completion (%)" in page
    assert "Mean gap" in page
    assert "Kazakhstan" in page
    assert "Women / men / not stated" in page
    sorted_page = client.get("/capacity/dashboard?sort=gap").get_data(as_text=True)
    assert sorted_page.index("Kazakhstan") < sorted_page.index("Afghanistan")


def test_a_focal_point_sees_their_country_page_but_not_another(client, world, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    page = client.get("/capacity/countries/KZ").get_data(as_text=True)
    assert "kz_lead" in page
    assert "no technical expert" in page
    assert client.get("/capacity/countries/GE").status_code == 404
    assert client.get("/capacity/dashboard").status_code == 403


def test_a_focal_point_records_readiness_and_history_is_kept(
    client, world, make_user, login_as, post_form
):
    login_as(make_user(role="focal_point", country="KZ"))
    url = "/capacity/countries/KZ/readiness/TF"
    for level in ("1", "2"):
        post_form(
            url,
            {
                "institutional_coordination": level,
                "legal_mapping": "1",
                "technical_expertise": "2",
                "negotiating_experience": "0",
                "notes": f"round {level}",
            },
        )
    page = client.get(url).get_data(as_text=True)
    assert "round 1" in page
    assert "round 2" in page


def test_a_learner_sees_level_target_and_next_training(client, world, login_as):
    login_as(world["kz_lead"])
    page = client.get("/capacity/me").get_data(as_text=True)
    assert "TF.TRANSIT" in page
    assert "Brackets in a transit clause" in page


def test_an_analyst_sets_a_need_status_on_the_page(client, world, make_user, login_as, post_form):
    generate_needs()
    db.session.commit()
    need = db.session.scalars(select(TANeed)).first()
    login_as(make_user(role="analyst", country=None))
    response = post_form(
        f"/capacity/ta-needs/{need.id}",
        {"status": "planned", "note": "Q3"},
        page="/capacity/ta-needs",
    )
    assert response.status_code == 302
    db.session.refresh(need)
    assert need.status is NeedStatus.planned
    assert need.note == "Q3"


def test_the_gap_csv_opens_in_excel(client, world, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    response = client.get("/capacity/gaps.csv?country=KZ")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffcountry,area,competency")
    assert "KZ,TF,TF.TRANSIT" in text
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_trainer_records_a_direct_assessment(client, world, make_user, login_as, post_form):
    login_as(make_user(role="trainer", country=None))
    response = post_form(
        "/capacity/assess",
        {
            "email": world["kz_lead"].email,
            "competency": str(competency("TF.TRANSIT").id),
            "level": "3",
            "note": "Led the transit simulation.",
        },
    )
    assert response.status_code == 302
    from cartif_lms.capacity.models import Evidence

    evidence = db.session.scalar(select(Evidence).where(Evidence.source == "assessment"))
    assert evidence.level == 3
    assert evidence.note == "Led the transit simulation."


def test_api_progress_and_gaps_for_an_analyst_match_the_openapi_document(client, world, make_user):
    headers = bearer(make_user(role="analyst", country=None))
    countries = client.get("/api/v1/countries", headers=headers).get_json()
    assert len(countries["countries"]) == 11
    valid(client, "/countries", "get", countries)
    progress = client.get("/api/v1/progress?country=KZ", headers=headers).get_json()
    assert {p["country"] for p in progress["progress"]} == {"KZ"}
    valid(client, "/progress", "get", progress)
    gaps = client.get("/api/v1/capacity-gaps?area=TF", headers=headers).get_json()
    assert {g["country"] for g in gaps["gaps"]} == {"KZ", "GE"}
    assert all(g["area"] == "TF" for g in gaps["gaps"])
    valid(client, "/capacity-gaps", "get", gaps)


def test_a_focal_points_token_sees_only_its_country(client, world, make_user):
    headers = bearer(make_user(role="focal_point", country="GE"))
    own = client.get("/api/v1/capacity-gaps?country=GE", headers=headers)
    other = client.get("/api/v1/capacity-gaps?country=KZ", headers=headers)
    everything = client.get("/api/v1/capacity-gaps", headers=headers).get_json()
    assert own.status_code == 200
    assert other.status_code == 403
    assert other.is_json
    assert other.get_json()["status"] == 403
    assert {g["country"] for g in everything["gaps"]} == {"GE"}


@pytest.mark.parametrize("path", ["/api/v1/progress", "/api/v1/capacity-gaps", "/api/v1/ta-needs"])
def test_a_learners_token_is_refused_with_json_403(client, world, path):
    response = client.get(path, headers=bearer(world["kz_lead"]))
    assert response.status_code == 403
    assert response.is_json


def test_ta_needs_can_be_listed_filtered_and_updated_by_analysts_only(client, world, make_user):
    generate_needs()
    db.session.commit()
    analyst = bearer(make_user(role="analyst", country=None))
    needs = client.get("/api/v1/ta-needs?status=open", headers=analyst).get_json()
    valid(client, "/ta-needs", "get", needs)
    first = needs["ta_needs"][0]
    assert first["priority"] >= needs["ta_needs"][-1]["priority"]
    patched = client.patch(
        f"/api/v1/ta-needs/{first['id']}",
        headers=analyst,
        json={"status": "addressed", "note": "Covered by the 2027 TA"},
    )
    assert patched.status_code == 200
    assert patched.get_json()["status"] == "addressed"
    valid(client, "/ta-needs/{id}", "patch", patched.get_json())
    focal = bearer(make_user(role="focal_point", country="KZ"))
    refused = client.patch(
        f"/api/v1/ta-needs/{first['id']}", headers=focal, json={"status": "open"}
    )
    bad = client.patch(f"/api/v1/ta-needs/{first['id']}", headers=analyst, json={"status": "done"})
    missing = client.patch("/api/v1/ta-needs/999999", headers=analyst, json={"status": "open"})
    assert (refused.status_code, bad.status_code, missing.status_code) == (403, 400, 404)
    assert bad.is_json
    assert missing.is_json
    assert client.get("/api/v1/ta-needs?status=done", headers=analyst).status_code == 400
    assert client.get("/api/v1/ta-needs?status=", headers=analyst).status_code == 400


def test_quiz_evidence_follows_the_tagged_questions(app, world):
    from werkzeug.datastructures import MultiDict

    from cartif_lms.content.models import Item
    from cartif_lms.learning.services import mark_complete
    from cartif_lms.quizzes.services import open_attempt, submit_attempt
    from tests.quizzes.conftest import right_answers

    lead = world["kz_lead"]
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(lead, db.session.scalar(select(Item).where(Item.slug == slug)))
    quiz = db.session.scalar(select(Item).where(Item.slug == "basics/next-steps/check"))
    attempt = open_attempt(lead, quiz)
    submit_attempt(lead, attempt, MultiDict(right_answers(attempt)))
    from cartif_lms.capacity.models import AttainedLevel

    level = db.session.get(AttainedLevel, (lead.id, competency("XC.NEGOTIATION").id))
    assert level.level == 2


def test_export_gaps_cli_prints_csv_and_json(runner, world):
    record_evidence(world["kz_lead"], competency("TF.TRANSIT"), 2, "quiz")
    db.session.commit()
    as_csv = runner.invoke(args=["lms", "export-gaps", "--country", "KZ"])
    as_json = runner.invoke(args=["lms", "export-gaps", "--format", "json"])
    assert as_csv.output.startswith("\ufeffcountry,area,competency,competency_name")
    assert "KZ,TF,TF.TRANSIT,Freedom of transit,1,0,1,1.0" in as_csv.output
    gaps = json.loads(as_json.output)["gaps"]
    assert {g["country"] for g in gaps} == {"KZ", "GE"}
