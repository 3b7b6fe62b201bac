"""Request bodies are parsed with the model the OpenAPI document publishes for them.

What pydantic finds wrong is said the way the API always has ("note must be of type string.",
"The body needs 'status'."), as the usual 400 JSON error.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, request
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

Body = TypeVar("Body", bound=BaseModel)

#: pydantic's error types for a value of the wrong JSON type, and that type's name.
_JSON_TYPES = {
    "model_type": "object",
    "model_attributes_type": "object",
    "dict_type": "object",
    "list_type": "array",
    "string_type": "string",
    "int_type": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "bool_type": "boolean",
}


def _where(location: tuple[int | str, ...]) -> str:
    return ".".join(map(str, location)) or "The body"


def _choices(model: type[BaseModel], location: tuple[int | str, ...]) -> str | None:
    """The enum of the published property at ``location`` (a top-level one), if any."""
    properties = model.model_json_schema().get("properties", {})
    prop = properties.get(location[0], {}) if len(location) == 1 else {}
    return ", ".join(map(str, prop["enum"])) if "enum" in prop else None


def _problem(model: type[BaseModel], error: ErrorDetails) -> str:
    location, kind, context = error["loc"], error["type"], error.get("ctx", {})
    where = _where(location)
    if kind == "missing":
        return f"{_where(location[:-1])} needs {location[-1]!r}."
    if kind in _JSON_TYPES:
        return f"{where} must be of type {_JSON_TYPES[kind]}."
    if kind in {"enum", "literal_error"}:
        return f"{where} must be one of {_choices(model, location) or context['expected']}."
    if kind == "string_too_long":
        return f"{where} must be at most {context['max_length']} characters."
    if kind == "string_too_short":
        return f"{where} must be at least {context['min_length']} characters."
    return f"{where}: {error['msg']}."


def json_body(model: type[Body]) -> Body:
    """The request's JSON object as ``model``; else 400 (as JSON, like every API error)
    saying what is wrong: a missing property first, then the first property in order."""
    body: Any = request.get_json(silent=True)
    try:
        return model.model_validate(body)
    except ValidationError as invalid:
        errors = invalid.errors(include_url=False)
        first = min(errors, key=lambda error: error["type"] != "missing")
        abort(400, description=_problem(model, first))
