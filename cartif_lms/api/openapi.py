"""The OpenAPI 3 description of ``/api/v1/``; a test validates real responses against it."""

from __future__ import annotations

from typing import Any

from flask import url_for

_NULLABLE_INT = {"type": ["integer", "null"]}
_CODES = {"type": "array", "items": {"type": "string"}}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message", "status"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "status": {"type": "integer"},
        },
    },
    "Item": {
        "type": "object",
        "required": ["slug", "title", "kind", "minutes", "competencies", "url"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": ["lesson", "quiz", "exercise"]},
            "minutes": _NULLABLE_INT,
            "competencies": _CODES,
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Module": {
        "type": "object",
        "required": ["slug", "title", "minutes", "competencies", "requires", "items"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "minutes": _NULLABLE_INT,
            "competencies": _CODES,
            "requires": _CODES,
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        },
    },
    "Track": {
        "type": "object",
        "required": [
            "slug",
            "title",
            "kind",
            "level",
            "audience",
            "area",
            "summary",
            "minutes",
            "url",
            "modules",
        ],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": ["modular", "workshop", "drafting"]},
            "level": {"enum": ["basic", "intermediate", "advanced"]},
            "audience": {"enum": ["generalist", "specialist"]},
            "area": {"type": ["string", "null"]},
            "summary": {"type": "string"},
            "minutes": _NULLABLE_INT,
            "url": {"type": "string", "format": "uri"},
            "modules": {"type": "array", "items": {"$ref": "#/components/schemas/Module"}},
        },
    },
    "Progress": {
        "type": "object",
        "required": ["slug", "title", "items_done", "items_total", "completed_at"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "items_done": {"type": "integer", "minimum": 0},
            "items_total": {"type": "integer", "minimum": 0},
            "completed_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
}
SCHEMAS["TrackProgress"] = {
    "allOf": [
        {"$ref": "#/components/schemas/Progress"},
        {
            "type": "object",
            "required": ["modules"],
            "properties": {
                "modules": {"type": "array", "items": {"$ref": "#/components/schemas/Progress"}}
            },
        },
    ],
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_UNAUTHORISED = {
    "401": _json({"$ref": "#/components/schemas/Error"}, "No session and no valid bearer token")
}

PATHS: dict[str, Any] = {
    "/catalog": {
        "get": {
            "summary": "Tracks, their modules and items",
            "operationId": "getCatalog",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["tracks"],
                        "properties": {
                            "tracks": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Track"},
                            }
                        },
                    },
                    "The catalogue",
                ),
                **_UNAUTHORISED,
            },
        }
    },
    "/me/progress": {
        "get": {
            "summary": "The caller's completion per track and module",
            "operationId": "getMyProgress",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["tracks"],
                        "properties": {
                            "tracks": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/TrackProgress"},
                            }
                        },
                    },
                    "Items done and total per track and module",
                ),
                **_UNAUTHORISED,
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CARTIF LMS API",
            "version": "1",
            "description": "Training progress for CARTIF negotiators. Authenticate with a "
            "session or `Authorization: Bearer <token>` "
            "(`flask lms create-token EMAIL`).",
        },
        "servers": [{"url": url_for("lms.api.catalog", _external=True).rsplit("/", 1)[0]}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
