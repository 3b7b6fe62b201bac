"""The OpenAPI 3 description of ``/api/v1/``; a test validates real responses against it."""

from __future__ import annotations

from typing import Any

from flask import url_for

_NULLABLE_INT = {"type": ["integer", "null"]}
_CODES = {"type": "array", "items": {"type": "string"}}


def _record(properties: dict[str, Any]) -> dict[str, Any]:
    """An object schema whose every property is required (all our responses are)."""
    return {"type": "object", "required": list(properties), "properties": properties}


SCHEMAS: dict[str, Any] = {
    "Error": _record(
        {"error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}}
    ),
    "Item": _record(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": ["lesson", "quiz", "exercise"]},
            "minutes": {"type": ["integer", "null"]},
            "competencies": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string", "format": "uri"},
        }
    ),
    "Module": _record(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "minutes": {"type": ["integer", "null"]},
            "competencies": {"type": "array", "items": {"type": "string"}},
            "requires": {"type": "array", "items": {"type": "string"}},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        }
    ),
    "Track": _record(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"enum": ["modular", "workshop", "drafting"]},
            "level": {"enum": ["basic", "intermediate", "advanced"]},
            "audience": {"enum": ["generalist", "specialist"]},
            "area": {"type": ["string", "null"]},
            "summary": {"type": "string"},
            "minutes": {"type": ["integer", "null"]},
            "url": {"type": "string", "format": "uri"},
            "modules": {"type": "array", "items": {"$ref": "#/components/schemas/Module"}},
        }
    ),
    "Progress": _record(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "items_done": {"type": "integer", "minimum": 0},
            "items_total": {"type": "integer", "minimum": 0},
            "completed_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
    "Country": _record(
        {
            "code": {"type": "string"},
            "iso3": {"type": "string"},
            "name": {"type": "string"},
            "wto_status": {"enum": ["member", "acceding", "observer"]},
            "wto_note": {"type": "string"},
        }
    ),
    "AreaProgress": _record(
        {
            "country": {"type": "string"},
            "area": {"type": "string"},
            "learners": {"type": "integer"},
            "items_done": {"type": "integer"},
            "items_in_area": {"type": "integer"},
            "completion": {"type": "number", "minimum": 0},
        }
    ),
    "Gap": _record(
        {
            "country": {"type": "string"},
            "area": {"type": "string"},
            "competency": {"type": "string"},
            "competency_name": {"type": "string"},
            "designated": {"type": "integer"},
            "at_target": {"type": "integer"},
            "below_target": {"type": "integer"},
            "mean_gap": {"type": "number", "minimum": 0, "maximum": 3},
        }
    ),
    "TANeed": _record(
        {
            "id": {"type": "integer"},
            "country": {"type": "string"},
            "competency": {"type": "string"},
            "people_affected": {"type": "integer"},
            "mean_gap": {"type": "number"},
            "priority": {"type": "number"},
            "status": {"enum": ["open", "planned", "addressed"]},
            "note": {"type": "string"},
            "generated_at": {"type": "string", "format": "date-time"},
        }
    ),
    "TANeedUpdate": {
        "type": "object",
        "required": ["status"],
        "properties": {
            "status": {"enum": ["open", "planned", "addressed"]},
            "note": {"type": "string", "maxLength": 2000},
        },
    },
    "TrackProgress": {
        "allOf": [
            {"$ref": "#/components/schemas/Progress"},
            {
                "type": "object",
                "required": ["modules"],
                "properties": {
                    "modules": {"type": "array", "items": {"$ref": "#/components/schemas/Progress"}}
                },
            },
        ]
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = {"$ref": "#/components/schemas/Error"}
_UNAUTHORISED = {"401": _json(_ERROR, "No session and no valid bearer token")}
_FORBIDDEN = {"403": _json(_ERROR, "The role, or a focal point asking for another country")}


def _list(key: str, schema: str, description: str) -> dict[str, Any]:
    items = {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
    return _json({"type": "object", "required": [key], "properties": {key: items}}, description)


def _param(name: str, description: str, enum: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **({"enum": enum} if enum else {})}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


_COUNTRY = _param("country", "ISO alpha-2 code; a focal point may only name their own")
_AREA = _param("area", "negotiating-area code, or XC for cross-cutting")

PATHS: dict[str, Any] = {
    "/countries": {
        "get": {
            "summary": "The CAREC countries and their WTO status",
            "operationId": "getCountries",
            "responses": {
                "200": _list("countries", "Country", "The eleven countries"),
                **_UNAUTHORISED,
            },
        }
    },
    "/progress": {
        "get": {
            "summary": "Completion by country and negotiating area",
            "operationId": "getProgress",
            "parameters": [_COUNTRY, _AREA],
            "responses": {
                "200": _list("progress", "AreaProgress", "Per country and area"),
                **_UNAUTHORISED,
                **_FORBIDDEN,
            },
        }
    },
    "/capacity-gaps": {
        "get": {
            "summary": "Capacity gaps by country, area and competency",
            "operationId": "getCapacityGaps",
            "parameters": [_COUNTRY, _AREA],
            "responses": {
                "200": _list("gaps", "Gap", "Designated people and gaps"),
                **_UNAUTHORISED,
                **_FORBIDDEN,
            },
        }
    },
    "/ta-needs": {
        "get": {
            "summary": "Technical-assistance needs, highest priority first",
            "operationId": "getTANeeds",
            "parameters": [
                _param("status", "open, planned or addressed", ["open", "planned", "addressed"]),
                _COUNTRY,
            ],
            "responses": {
                "200": _list("ta_needs", "TANeed", "Needs"),
                **_UNAUTHORISED,
                **_FORBIDDEN,
            },
        }
    },
    "/ta-needs/{id}": {
        "patch": {
            "summary": "Set a need's status and note (analysts)",
            "operationId": "updateTANeed",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/TANeedUpdate"}}
                },
            },
            "responses": {
                "200": _json({"$ref": "#/components/schemas/TANeed"}, "The need"),
                "400": _json(_ERROR, "Not a valid status or note"),
                "404": _json(_ERROR, "No such need"),
                **_UNAUTHORISED,
                **_FORBIDDEN,
            },
        }
    },
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
