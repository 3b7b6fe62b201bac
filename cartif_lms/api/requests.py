"""Request bodies are checked against the same schema the OpenAPI document publishes.

Only the keywords our request schemas use are understood (object, required, properties,
enum, type, maxLength); a schema using another fails loudly at the first request, in tests,
rather than letting a body through unchecked.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request

from .openapi import SCHEMAS

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
_UNDERSTOOD = {"type", "required", "properties", "enum", "maxLength", "minLength", "description"}


def _is(value: Any, type_name: str) -> bool:
    # bool is an int in Python, but true is not an integer in JSON.
    if isinstance(value, bool) and type_name in {"integer", "number"}:
        return False
    return isinstance(value, _TYPES[type_name])


def _problem(value: Any, schema: dict[str, Any], where: str) -> str | None:
    """What is wrong with ``value`` for ``schema``, or None."""
    unknown = set(schema) - _UNDERSTOOD
    if unknown:
        raise NotImplementedError(f"request schemas may not use {sorted(unknown)} yet")
    if "enum" in schema and not any(type(value) is type(e) and value == e for e in schema["enum"]):
        return f"{where} must be one of {', '.join(map(str, schema['enum']))}."
    if "type" in schema and not _is(value, schema["type"]):
        return f"{where} must be of type {schema['type']}."
    if isinstance(value, str) and len(value) > schema.get("maxLength", len(value)):
        return f"{where} must be at most {schema['maxLength']} characters."
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        return f"{where} must be at least {schema['minLength']} characters."
    if isinstance(value, dict):
        for name in schema.get("required", ()):
            if name not in value:
                return f"{where} needs {name!r}."
        for name, sub in schema.get("properties", {}).items():
            if name in value and (problem := _problem(value[name], sub, name)):
                return problem
    return None


def json_body(schema_name: str) -> dict[str, Any]:
    """The request's JSON object, valid for ``SCHEMAS[schema_name]``; else 400 (as JSON, like
    every API error) saying what is wrong."""
    body = request.get_json(silent=True)
    problem = _problem(body, SCHEMAS[schema_name], "The body")
    if problem:
        abort(400, description=problem)
    return body
