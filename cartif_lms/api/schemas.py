"""Every JSON shape of ``/api/v1/``, declared once.

Each model is both what a view returns (``Model(...).model_dump(mode="json")``, validated as
it is built) and, through :func:`component_schemas`, the schema the OpenAPI document
publishes; request bodies are parsed with the same models (``requests.json_body``). A field
added here is served and documented at once, and cannot be one without the other.

Conventions: every response property is required (nullable ones are ``X | None``, written
``anyOf`` with ``null`` as OpenAPI 3.1 allows); enumerations are written in place, from the
Python enum, so a property lists its choices where it is; times are naive UTC written with a
``Z``, as the API has always shown them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema
from pydantic.config import JsonDict
from pydantic.json_schema import GenerateJsonSchema

from ..capacity.models import NeedStatus
from ..content.models import Audience, Level, TrackKind
from ..directory.models import WTOStatus

#: Where the document keeps its schemas; pydantic writes references with it.
REF_TEMPLATE = "#/components/schemas/{model}"

Mode = Literal["validation", "serialization"]


def _values(enum: type[StrEnum]) -> WithJsonSchema:
    """The enum's values written in place (not as a separate component)."""
    return WithJsonSchema({"type": "string", "enum": [member.value for member in enum]})


def _utc(moment: datetime) -> str:
    return moment.isoformat() + "Z"


UtcTime = Annotated[
    datetime,
    PlainSerializer(_utc, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]
Count = Annotated[int, Field(ge=0)]
Codes = list[str]


def _registered_kinds(schema: JsonDict) -> None:
    """``Item.kind`` lists the item kinds registered when the document is made, so a kind
    added later is documented too."""
    from ..content.kinds import all_kinds  # the registry fills as kinds are imported

    schema["enum"] = [kind.name for kind in all_kinds()]


class Error(BaseModel):
    """Every error answer: the HTTP status, its name and what is wrong."""

    error: str
    message: str
    status: int


class Item(BaseModel):
    """A lesson, quiz or exercise, with the address of its page."""

    slug: str
    title: str
    kind: str = Field(json_schema_extra=_registered_kinds)
    minutes: int | None
    competencies: Codes
    url: Url


class Module(BaseModel):
    """A module, the modules it requires and its items in reading order."""

    slug: str
    title: str
    minutes: int | None
    competencies: Codes
    requires: Codes
    items: list[Item]


class Track(BaseModel):
    """A track and its modules; ``minutes`` adds its modules' (null when none say)."""

    slug: str
    title: str
    kind: Annotated[TrackKind, _values(TrackKind)]
    level: Annotated[Level, _values(Level)]
    audience: Annotated[Audience, _values(Audience)]
    area: str | None
    summary: str
    minutes: int | None
    url: Url
    modules: list[Module]


class Catalog(BaseModel):
    """``GET /catalog``."""

    tracks: list[Track]


class Progress(BaseModel):
    """The caller's items done of a module's (or track's) total, and when all were done."""

    slug: str
    title: str
    items_done: Count
    items_total: Count
    completed_at: UtcTime | None


class TrackProgress(Progress):
    """A track's progress, with its modules'."""

    modules: list[Progress]


class MyProgress(BaseModel):
    """``GET /me/progress``."""

    tracks: list[TrackProgress]


class Country(BaseModel):
    """A CAREC country and its WTO status."""

    code: str
    iso3: str
    name: str
    wto_status: Annotated[WTOStatus, _values(WTOStatus)]
    wto_note: str


class CountryList(BaseModel):
    """``GET /countries``."""

    countries: list[Country]


class AreaProgress(BaseModel):
    """Completion of one country's learners in one negotiating area (percent)."""

    country: str
    area: str
    learners: int
    items_done: int
    items_in_area: int
    completion: float = Field(ge=0)


class AreaProgressList(BaseModel):
    """``GET /progress``."""

    progress: list[AreaProgress]


class Gap(BaseModel):
    """Designated people, people at target and the mean gap for one competency."""

    country: str
    area: str
    competency: str
    competency_name: str
    designated: int
    at_target: int
    below_target: int
    mean_gap: float = Field(ge=0, le=3)


class GapList(BaseModel):
    """``GET /capacity-gaps``."""

    gaps: list[Gap]


class TANeed(BaseModel):
    """A technical-assistance need: a country's gap in one competency, prioritised."""

    id: int
    country: str
    competency: str
    people_affected: int
    mean_gap: float
    priority: float
    status: Annotated[NeedStatus, _values(NeedStatus)]
    note: str
    generated_at: UtcTime


class TANeedList(BaseModel):
    """``GET /ta-needs``."""

    ta_needs: list[TANeed]


class TANeedUpdate(BaseModel):
    """The body of ``PATCH /ta-needs/{id}``: the new status, and a note for planners."""

    status: Annotated[NeedStatus, _values(NeedStatus)]
    note: str = Field("", max_length=2000)


class SimulationOption(BaseModel):
    key: str
    label: str
    text: str  #: the words that replace the bracket when it closes on this option


class SimulationIssue(BaseModel):
    """One bracket of the negotiating text."""

    number: int
    title: str
    options: list[SimulationOption]


class SimulationDelegation(BaseModel):
    """A delegation at the table: its current positions for everyone; its confidential
    instructions, scoring table and fallback only for its own participants (and trainers),
    ``null`` for everyone else."""

    id: int
    name: str
    code: str
    positions: dict[str, str]  #: issue number -> option key
    instructions_html: dict[str, str] | None
    scores: dict[str, dict[str, int]] | None
    fallback: int | None


class SimulationInstructions(BaseModel):
    """``GET /simulations/runs/{id}/delegations/{delegation_id}``: a delegation's confidential
    side, for its own participants (and trainers)."""

    id: int
    name: str
    code: str
    fallback: int
    instructions_html: dict[str, str]  #: section -> HTML: mandate, priorities, red lines ...
    scores: dict[str, dict[str, int]]  #: issue number -> option key -> points


class SimulationPackage(BaseModel):
    id: int
    by: int  #: the delegation that proposed it
    round: int
    options: dict[str, str]
    accepted_by: list[int]


class SimulationMove(BaseModel):
    """A step of the timeline; a private message only for its two delegations."""

    id: int
    round: int
    kind: str
    by: int | None
    to: int | None
    issue: int | None
    option: str | None
    package: int | None
    text: str
    at: UtcTime


class SimulationRun(BaseModel):
    """``GET /simulations/runs/{id}``: the run as the caller may see it."""

    id: int
    title: str
    status: str
    round: int | None  #: the round open now (None: every deadline has passed)
    deadline: UtcTime | None
    my_delegation: int | None
    issues: list[SimulationIssue]
    closed: dict[str, str]  #: issue number -> the option its bracket closed on
    text: str  #: the consolidated text: closed brackets agreed, open ones in brackets
    delegations: list[SimulationDelegation]
    packages: list[SimulationPackage]
    moves: list[SimulationMove]


class _Schema(GenerateJsonSchema):
    """pydantic's JSON Schema (2020-12, as OpenAPI 3.1 uses), without a title per property."""

    def field_title_should_be_set(self, schema: object) -> bool:
        return False


def component_schemas(models: dict[type[BaseModel], Mode]) -> dict[str, Any]:
    """The document's ``components/schemas``: each model (read as a response, or as a request
    body when its mode is ``validation``) with the models it refers to."""
    schemas: dict[str, Any] = {}
    for model, mode in models.items():
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE, schema_generator=_Schema, mode=mode
        )
        for name, definition in {**schema.pop("$defs", {}), model.__name__: schema}.items():
            if schemas.setdefault(name, definition) != definition:
                raise ValueError(f"two different schemas are named {name}")
    return schemas
