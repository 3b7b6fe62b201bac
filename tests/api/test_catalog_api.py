"""The JSON catalogue and a learner's own progress, by session or by API token."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.services import issue_token
from cartif_lms.content.models import Item
from cartif_lms.learning.services import mark_complete


@pytest.fixture
def bearer(app, make_user):
    def token_for(role="analyst", country=None):
        user = make_user(role=role, country=country)
        token = issue_token(user)
        db.session.commit()
        return user, {"Authorization": f"Bearer {token}"}

    return token_for


def check_against_openapi(client, path, body):
    """Validate a real response body against the published OpenAPI document."""
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    root = {**schema, "components": document["components"]}  # so "#/components/..." resolves
    validator = Draft202012Validator(root)
    errors = sorted(validator.iter_errors(body), key=lambda e: e.path)
    assert not errors, [e.message for e in errors]


def test_catalog_lists_tracks_modules_and_items(client, curriculum, bearer):
    _user, headers = bearer()
    response = client.get("/api/v1/catalog", headers=headers)
    assert response.status_code == 200
    tracks = {t["slug"]: t for t in response.get_json()["tracks"]}
    basics = tracks["basics"]
    assert basics["kind"] == "modular"
    assert basics["level"] == "basic"
    assert tracks["drafting-dive"]["area"] == "TF"
    first = basics["modules"][0]
    assert first["slug"] == "basics/first-steps"
    assert first["minutes"] == 20
    mandates = first["items"][0]
    assert mandates["slug"] == "basics/first-steps/mandates"
    assert mandates["competencies"] == ["XC.NEGOTIATION"]
    assert mandates["url"].endswith("/tracks/basics/first-steps/mandates")
    assert basics["modules"][1]["requires"] == ["basics/first-steps"]
    check_against_openapi(client, "/catalog", response.get_json())


def test_my_progress_counts_items_done_per_track_and_module(client, curriculum, bearer):
    learner, headers = bearer(role="learner", country="MN")
    mark_complete(
        learner,
        db.session.scalar(select(Item).where(Item.slug == "drafting-dive/brackets/reading")),
    )
    db.session.commit()
    body = client.get("/api/v1/me/progress", headers=headers).get_json()
    tracks = {t["slug"]: t for t in body["tracks"]}
    dive = tracks["drafting-dive"]
    assert (dive["items_done"], dive["items_total"]) == (1, 1)
    assert dive["completed_at"].endswith("Z")
    assert dive["modules"][0]["items_done"] == 1
    basics = tracks["basics"]
    assert (basics["items_done"], basics["items_total"], basics["completed_at"]) == (0, 5, None)
    check_against_openapi(client, "/me/progress", body)


def test_a_session_works_as_well_as_a_token(client, curriculum, make_user, login_as):
    login_as(make_user())
    assert client.get("/api/v1/catalog").status_code == 200


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer lms_not-a-token"}, {"Authorization": "Basic abc"}]
)
def test_without_valid_credentials_the_api_answers_401_json(client, curriculum, headers):
    response = client.get("/api/v1/catalog", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["status"] == 401


def test_an_unknown_api_path_answers_json_404(client, bearer):
    _user, headers = bearer()
    response = client.get("/api/v1/nothing-here", headers=headers)
    assert response.status_code == 404
    assert response.is_json


def test_a_token_does_not_open_html_pages(client, curriculum, bearer):
    _user, headers = bearer()
    response = client.get("/catalog", headers=headers)
    assert response.status_code == 302
