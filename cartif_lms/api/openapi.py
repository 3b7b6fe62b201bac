"""The OpenAPI 3 description of ``/api/v1/``; a test validates real responses against it."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ..content.kinds import all_kinds
from ..security.input import MAX_ID

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
            "kind": {"type": "string"},  # the registered kinds, by openapi_document()
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

#: The error answers, each with the Error body. Every operation may answer 400 (a NUL byte,
#: or text that is not UTF-8, anywhere in the request), 401 and 503.
ERROR_ANSWERS = {
    "400": "Malformed request: a NUL byte or text that is not UTF-8, or a bad parameter",
    "401": "No session and no valid bearer token",
    "403": "The role may not read this, or a focal point names another country",
    "404": "No such country code",
    "413": "The body is over the size limit",
    "503": "The database does not answer; try again after Retry-After seconds",
}


def _errors(*codes: str, **descriptions: str) -> dict[str, Any]:
    """The common answers (400, 401, 503) and ``codes``; ``descriptions`` override by code,
    e.g. ``_errors("404", **{"404": "No such need"})``."""
    answers: dict[str, Any] = {}
    for code in sorted({"400", "401", "503", *codes}):
        answers[code] = _json(_ERROR, descriptions.get(code, ERROR_ANSWERS[code]))
    answers["503"]["headers"] = {
        "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
    }
    return answers


#: The country endpoints: learners' tokens get 403, an unknown ?country= 404.
_SCOPED = _errors("403", "404")


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
                **_errors(),
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
                **_SCOPED,
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
                **_SCOPED,
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
                **_errors("403", "404", **{"400": "Not a status, or a NUL byte or text not UTF-8"}),
            },
        }
    },
    "/ta-needs/{id}": {
        "patch": {
            "summary": "Set a need's status and note (analysts)",
            "operationId": "updateTANeed",
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/TANeedUpdate"}}
                },
            },
            "responses": {
                "200": _json({"$ref": "#/components/schemas/TANeed"}, "The need"),
                **_errors(
                    "403",
                    "404",
                    "413",
                    **{
                        "400": "The body is not a valid TANeedUpdate (it says what is wrong)",
                        "403": "Only analysts plan technical assistance",
                        "404": "No such need",
                    },
                ),
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
                **_errors(),
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
                **_errors(),
            },
        }
    },
}


def _with_item_kinds(schemas: dict[str, Any]) -> dict[str, Any]:
    """``Item.kind`` lists the registered item kinds: a kind added later is documented too."""
    item = schemas["Item"]
    kinds = {"enum": [kind.name for kind in all_kinds()]}
    return {**schemas, "Item": {**item, "properties": {**item["properties"], "kind": kinds}}}


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
            "schemas": _with_item_kinds(SCHEMAS),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
