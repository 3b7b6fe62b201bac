"""The OpenAPI 3.1 description of ``/api/v1/``: the operations, declared below, and their
bodies, from the models in :mod:`.schemas`. A test validates real responses against it, and
another that it lists every route of the API and no other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from pydantic import BaseModel

from ..capacity.models import NeedStatus
from ..directory.models import CROSS_CUTTING
from ..security.input import MAX_ID
from . import schemas
from .schemas import REF_TEMPLATE, Mode

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
_ALWAYS = ("400", "401", "503")


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF_TEMPLATE.format(model=model.__name__)}


def _json(model: type[BaseModel], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


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
_AREA = _param("area", f"negotiating-area code, or {CROSS_CUTTING} for cross-cutting")
_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}


@dataclass(frozen=True)
class Operation:
    """One operation of the API: its address, what it answers and which errors it may."""

    method: str
    path: str  #: under /api/v1, with OpenAPI's ``{name}`` parameters
    operation_id: str
    summary: str
    answer: type[BaseModel]  #: the 200 body
    answer_description: str
    errors: tuple[str, ...] = ()  #: besides 400, 401 and 503
    #: Per status, a description more precise than ``ERROR_ANSWERS``'s.
    error_descriptions: dict[str, str] = field(default_factory=dict)
    parameters: tuple[dict[str, Any], ...] = ()
    body: type[BaseModel] | None = None  #: the JSON request body, if any

    def document(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "summary": self.summary,
            "operationId": self.operation_id,
            **({"parameters": list(self.parameters)} if self.parameters else {}),
        }
        if self.body is not None:
            content = {"application/json": {"schema": _ref(self.body)}}
            described["requestBody"] = {"required": True, "content": content}
        described["responses"] = {"200": _json(self.answer, self.answer_description)}
        for code in sorted({*_ALWAYS, *self.errors}):
            description = self.error_descriptions.get(code, ERROR_ANSWERS[code])
            described["responses"][code] = _json(schemas.Error, description)
        described["responses"]["503"]["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        }
        return described


#: The country endpoints: learners' tokens get 403, an unknown ?country= 404.
_SCOPED = ("403", "404")

OPERATIONS = (
    Operation(
        "get",
        "/countries",
        "getCountries",
        "The CAREC countries and their WTO status",
        schemas.CountryList,
        "The eleven countries",
    ),
    Operation(
        "get",
        "/progress",
        "getProgress",
        "Completion by country and negotiating area",
        schemas.AreaProgressList,
        "Per country and area",
        errors=_SCOPED,
        parameters=(_COUNTRY, _AREA),
    ),
    Operation(
        "get",
        "/capacity-gaps",
        "getCapacityGaps",
        "Capacity gaps by country, area and competency",
        schemas.GapList,
        "Designated people and gaps",
        errors=_SCOPED,
        parameters=(_COUNTRY, _AREA),
    ),
    Operation(
        "get",
        "/ta-needs",
        "getTANeeds",
        "Technical-assistance needs, highest priority first",
        schemas.TANeedList,
        "Needs",
        errors=_SCOPED,
        error_descriptions={"400": "Not a status, or a NUL byte or text not UTF-8"},
        parameters=(
            _param("status", "open, planned or addressed", [s.value for s in NeedStatus]),
            _COUNTRY,
        ),
    ),
    Operation(
        "patch",
        "/ta-needs/{id}",
        "updateTANeed",
        "Set a need's status and note (analysts)",
        schemas.TANeed,
        "The need",
        errors=("403", "404", "413"),
        error_descriptions={
            "400": "The body is not a valid TANeedUpdate (it says what is wrong)",
            "403": "Only analysts plan technical assistance",
            "404": "No such need",
        },
        parameters=(_ID,),
        body=schemas.TANeedUpdate,
    ),
    Operation(
        "get",
        "/catalog",
        "getCatalog",
        "Tracks, their modules and items",
        schemas.Catalog,
        "The catalogue",
    ),
    Operation(
        "get",
        "/simulations/runs/{id}",
        "getSimulationRun",
        "A negotiation simulation run as the caller may see it",
        schemas.SimulationRun,
        "The run: positions, packages, timeline; the caller's own delegation's instructions",
        errors=("404",),
        error_descriptions={"404": "No such run, or the caller neither sits in it nor trains"},
        parameters=(_ID,),
    ),
    Operation(
        "get",
        "/simulations/runs/{id}/delegations/{delegation_id}",
        "getSimulationInstructions",
        "A delegation's confidential instructions and scoring table",
        schemas.SimulationInstructions,
        "The caller's own delegation (trainers: any)",
        errors=("404",),
        error_descriptions={"404": "No such run or delegation, or not the caller's own"},
        parameters=(_ID, {**_ID, "name": "delegation_id"}),
    ),
    Operation(
        "get",
        "/me/progress",
        "getMyProgress",
        "The caller's completion per track and module",
        schemas.MyProgress,
        "Items done and total per track and module",
    ),
)


def paths() -> dict[str, Any]:
    described: dict[str, Any] = {}
    for operation in OPERATIONS:
        described.setdefault(operation.path, {})[operation.method] = operation.document()
    return described


def _models() -> dict[type[BaseModel], Mode]:
    """Each model the operations name, read as a response or (bodies) as a request."""
    models: dict[type[BaseModel], Mode] = {schemas.Error: "serialization"}
    for operation in OPERATIONS:
        models[operation.answer] = "serialization"
        if operation.body is not None:
            models[operation.body] = "validation"
    return models


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
        "paths": paths(),
        "components": {
            "schemas": schemas.component_schemas(_models()),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
