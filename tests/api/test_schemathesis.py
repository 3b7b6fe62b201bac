"""Schemathesis against ``/api/v1/openapi.json``: generated requests, valid and invalid, meet no
server error, and every answer (its status, its body) is one the document describes."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from cartif_lms import create_app, db
from cartif_lms.auth.services import issue_token
from cartif_lms.capacity.services import generate_needs
from tests.capacity.conftest import world  # noqa: F401  (the fixture, by name below)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
]


def _served_schema() -> Any:
    """The document exactly as the application serves it. Loaded when the module is, so
    pytest can list one test per operation; the document needs no database, and the requests
    go to the test's own server (``app=`` below), on the test database."""
    app = create_app(
        {"LMS_ENV": "testing", "LMS_DATABASE_URL": "sqlite://", "LMS_SECRET_KEY": "x" * 32}
    )
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
    )
    return loaded


schema = _served_schema()


@pytest.fixture
def analyst_token(server, world, make_user) -> str:  # noqa: F811
    """An analyst (who may read and patch everything), with TA needs to read and patch."""
    generate_needs()
    token = issue_token(make_user(role="analyst", country=None))
    db.session.commit()
    return token


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_openapi_document_says(case, server, analyst_token):
    # Schemathesis's WSGI transport does not undo Content-Encoding as an HTTP client does, so
    # ask for the JSON uncompressed (compression itself: tests/core/test_static_and_compression).
    headers = {"Authorization": f"Bearer {analyst_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=server, headers=headers, checks=CHECKS)
