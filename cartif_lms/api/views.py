"""``/api/v1/``: JSON for analysts' tools and TA-planning systems (session or bearer token).

Each view answers one of the models in :mod:`.schemas`, which the OpenAPI document publishes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user
from pydantic import BaseModel
from werkzeug.wrappers import Response

from .. import db
from ..auth.tokens import api_token_refusal
from ..capacity import services as capacity
from ..capacity.models import NeedStatus, TANeed
from ..content.models import Item, Module, Track
from ..directory.models import Country
from ..directory.services import list_countries
from ..learning import services as learning
from ..security.permissions import CAPACITY, Permission, permission_required
from ..security.scoping import country_view
from ..simulations import services as simulations
from . import schemas
from .openapi import openapi_document
from .requests import json_body

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@blueprint.before_request
def _authenticated_only() -> None:
    """401 as JSON (never a redirect to the sign-in page) without a session or a valid token.

    The OpenAPI document is public: it describes the API, it holds no data.
    """
    if request.endpoint != "lms.api.openapi" and not current_user.is_authenticated:
        refused = api_token_refusal()  # expired, revoked...: say so
        abort(401, description=refused or "Sign in, or send 'Authorization: Bearer <token>'.")


def _answer(model: BaseModel) -> Response:
    """``model`` as JSON, through Flask's JSON provider like every other answer."""
    return jsonify(model.model_dump(mode="json"))


def _item(item: Item) -> schemas.Item:
    track, module, slug = item.slug.split("/")
    return schemas.Item(
        slug=item.slug,
        title=item.title,
        kind=item.kind,
        minutes=item.minutes,
        competencies=[c.code for c in item.competencies],
        url=url_for("lms.learning.item", track=track, module=module, item=slug, _external=True),
    )


def _module(module: Module) -> schemas.Module:
    return schemas.Module(
        slug=module.slug,
        title=module.title,
        minutes=module.minutes,
        competencies=[c.code for c in module.competencies],
        requires=[m.slug for m in module.prerequisites if m.retired_at is None],
        items=[_item(i) for i in learning.active_items(module)],
    )


def _track(track: Track) -> schemas.Track:
    modules = learning.active_modules(track)
    return schemas.Track(
        slug=track.slug,
        title=track.title,
        kind=track.kind,
        level=track.level,
        audience=track.audience,
        area=track.area.code if track.area else None,
        summary=track.summary,
        minutes=sum(m.minutes or 0 for m in modules) or None,
        url=url_for("lms.learning.track", track=track.slug, _external=True),
        modules=[_module(m) for m in modules],
    )


@blueprint.get("/catalog")
def catalog() -> Response:
    return _answer(schemas.Catalog(tracks=[_track(t) for t in learning.catalogue_tracks()]))


def _progress(node: Track | Module, progress: learning.Progress) -> dict[str, Any]:
    """The fields of :class:`schemas.Progress` for ``node``."""
    return {
        "slug": node.slug,
        "title": node.title,
        "items_done": progress.done,
        "items_total": progress.total,
        "completed_at": progress.completed_at,
    }


@blueprint.get("/me/progress")
def my_progress() -> Response:
    tracks = learning.catalogue_tracks()
    module_ids = [m.id for t in tracks for m in learning.active_modules(t)]
    by_track = learning.track_progress(current_user, [t.id for t in tracks])
    by_module = learning.module_progress(current_user, module_ids)
    empty = learning.NO_PROGRESS
    return _answer(
        schemas.MyProgress(
            tracks=[
                schemas.TrackProgress(
                    **_progress(t, by_track.get(t.id, empty)),
                    modules=[
                        schemas.Progress(**_progress(m, by_module.get(m.id, empty)))
                        for m in learning.active_modules(t)
                    ],
                )
                for t in tracks
            ]
        )
    )


@blueprint.get("/simulations/runs/<int:run_id>")
def simulation_run(run_id: int) -> Response:
    """The confidentiality of the round page: one's own delegation's instructions only."""
    run = simulations.run_for(current_user, run_id) or abort(404, description="No such run.")
    view = simulations.run_view(simulations.settle(run), current_user)
    db.session.commit()  # settling may have ended the run
    return _answer(schemas.SimulationRun.model_validate(view))


@blueprint.get("/simulations/runs/<int:run_id>/delegations/<int:delegation_id>")
def simulation_delegation(run_id: int, delegation_id: int) -> Response:
    """One's own delegation's instructions, scores and fallback; any other is 404."""
    run = simulations.run_for(current_user, run_id) or abort(404, description="No such run.")
    delegation = simulations.delegation_for(current_user, run, delegation_id)
    if delegation is None:
        abort(404, description="No such delegation in your reach.")
    return _answer(schemas.SimulationInstructions.model_validate(delegation, from_attributes=True))


@blueprint.get("/countries")
def countries() -> Response:
    found = [schemas.Country.model_validate(c, from_attributes=True) for c in list_countries()]
    return _answer(schemas.CountryList(countries=found))


@blueprint.get("/progress")
@country_view(CAPACITY)
def progress(country: Country | None) -> Response:
    cells = capacity.progress_cells(current_user, country, request.args.get("area"))
    found = [schemas.AreaProgress.model_validate(c, from_attributes=True) for c in cells]
    return _answer(schemas.AreaProgressList(progress=found))


@blueprint.get("/capacity-gaps")
@country_view(CAPACITY)
def capacity_gaps(country: Country | None) -> Response:
    rows = capacity.gap_rows(current_user, country, request.args.get("area"))
    found = [schemas.Gap.model_validate(r, from_attributes=True) for r in rows]
    return _answer(schemas.GapList(gaps=found))


def _need(need: TANeed) -> schemas.TANeed:
    return schemas.TANeed(
        id=need.id,
        country=need.country.code,
        competency=need.competency.code,
        people_affected=need.people_affected,
        mean_gap=need.mean_gap,
        priority=need.priority,
        status=need.status,
        note=need.note,
        generated_at=need.generated_at,
    )


@blueprint.get("/ta-needs")
@country_view(CAPACITY, Permission.plan_technical_assistance, Permission.view_own_country_capacity)
def ta_needs(country: Country | None) -> Response:
    status = request.args.get("status")
    # An empty ?status= is not one of the documented values: refuse it like any other.
    if status is not None and status not in NeedStatus.__members__:
        abort(400, description="status must be open, planned or addressed.")
    needs = capacity.ta_needs(current_user, NeedStatus(status) if status else None, country)
    return _answer(schemas.TANeedList(ta_needs=[_need(n) for n in needs]))


@blueprint.patch("/ta-needs/<int:need_id>")
@permission_required(Permission.plan_technical_assistance)
def update_ta_need(need_id: int) -> Response:
    need = db.session.get(TANeed, need_id) or abort(404, description="No such TA need.")
    body = json_body(schemas.TANeedUpdate)
    capacity.set_need_status(current_user, need, body.status, body.note)
    db.session.commit()
    return _answer(_need(need))


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
