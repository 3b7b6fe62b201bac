"""The OpenAPI document and the routes agree: nothing served undocumented, nothing documented
that is not served; and each shape it publishes is the model the views answer with."""

import re
from urllib.parse import urlsplit

from openapi_spec_validator import validate

from cartif_lms.api import schemas

#: The document does not describe itself (as is usual: it is the description).
NOT_DESCRIBED = {("GET", "/openapi.json")}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    return document


def test_every_api_route_is_in_the_openapi_document_and_every_operation_is_a_route(app, client):
    document = _document(client)
    base = urlsplit(document["servers"][0]["url"]).path  # /api/v1, under any plugin prefix
    served = {
        (method, re.sub(r"<(?:\w+:)?\w+>", "{}", rule.rule.removeprefix(base)))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(base + "/")
        for method in rule.methods - IGNORED_METHODS
    }
    documented = {
        (method.upper(), re.sub(r"\{\w+\}", "{}", path))
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert served - NOT_DESCRIBED - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"


def test_the_document_is_openapi_3_1_and_every_operation_lists_its_error_answers(client):
    document = _document(client)
    assert document["openapi"] == "3.1.0"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = set(operation["responses"])
            assert {"200", "400", "401", "503"} <= answers, (method, path)
            if "requestBody" in operation:
                assert "413" in answers, (method, path)


def test_the_published_shapes_are_the_models_the_views_answer_with(client):
    """No second, hand-written copy: each component is its pydantic model's schema, every
    response property required; a request body's choices are written in place."""
    components = _document(client)["components"]["schemas"]
    for name, model in [("TANeed", schemas.TANeed), ("Track", schemas.Track)]:
        published = components[name]
        assert set(published["properties"]) == set(published["required"]) == set(model.model_fields)
    update = components["TANeedUpdate"]
    assert update["required"] == ["status"]
    assert update["properties"]["status"]["enum"] == ["open", "planned", "addressed"]
    assert update["properties"]["note"]["maxLength"] == 2000
