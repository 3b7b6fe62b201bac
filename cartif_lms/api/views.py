"""``/api/v1/``: JSON for analysts' tools and TA-planning systems (session or bearer token)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user  # type: ignore[import-untyped]
from werkzeug.wrappers import Response

from .. import db
from ..capacity import services as capacity
from ..capacity.exports import gap_dicts
from ..capacity.models import NeedStatus, TANeed
from ..content.models import Item, Module, Track
from ..directory.models import Country
from ..directory.services import list_countries
from ..learning import services as learning
from ..security.permissions import CAPACITY, Permission, permission_required
from ..security.scoping import country_view
from .openapi import openapi_document
from .requests import json_body

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@blueprint.before_request
def _authenticated_only() -> None:
    """401 as JSON (never a redirect to the sign-in page) without a session or a valid token.

    The OpenAPI document is public: it describes the API, it holds no data.
    """
    if request.endpoint != "lms.api.openapi" and not current_user.is_authenticated:
        abort(401, description="Sign in, or send 'Authorization: Bearer <token>'.")


def _item_json(item: Item) -> dict[str, Any]:
    track, module, slug = item.slug.split("/")
    return {
        "slug": item.slug,
        "title": item.title,
        "kind": item.kind,
        "minutes": item.minutes,
        "competencies": [c.code for c in item.competencies],
        "url": url_for("lms.learning.item", track=track, module=module, item=slug, _external=True),
    }


def _module_json(module: Module) -> dict[str, Any]:
    return {
        "slug": module.slug,
        "title": module.title,
        "minutes": module.minutes,
        "competencies": [c.code for c in module.competencies],
        "requires": [m.slug for m in module.prerequisites if m.retired_at is None],
        "items": [_item_json(i) for i in learning.active_items(module)],
    }


def _track_json(track: Track) -> dict[str, Any]:
    return {
        "slug": track.slug,
        "title": track.title,
        "kind": track.kind.value,
        "level": track.level.value,
        "audience": track.audience.value,
        "area": track.area.code if track.area else None,
        "summary": track.summary,
        "minutes": sum(m.minutes or 0 for m in learning.active_modules(track)) or None,
        "url": url_for("lms.learning.track", track=track.slug, _external=True),
        "modules": [_module_json(m) for m in learning.active_modules(track)],
    }


@blueprint.get("/catalog")
def catalog() -> Response:
    return jsonify(tracks=[_track_json(t) for t in learning.catalogue_tracks()])


def _progress_json(progress: learning.Progress) -> dict[str, Any]:
    return {
        "items_done": progress.done,
        "items_total": progress.total,
        "completed_at": progress.completed_at.isoformat() + "Z" if progress.completed_at else None,
    }


@blueprint.get("/me/progress")
def my_progress() -> Response:
    tracks = learning.catalogue_tracks()
    module_ids = [m.id for t in tracks for m in learning.active_modules(t)]
    by_track = learning.track_progress(current_user, [t.id for t in tracks])
    by_module = learning.module_progress(current_user, module_ids)
    empty = learning.NO_PROGRESS
    return jsonify(
        tracks=[
            {
                "slug": t.slug,
                "title": t.title,
                **_progress_json(by_track.get(t.id, empty)),
                "modules": [
                    {"slug": m.slug, "title": m.title, **_progress_json(by_module.get(m.id, empty))}
                    for m in learning.active_modules(t)
                ],
            }
            for t in tracks
        ]
    )


@blueprint.get("/countries")
def countries() -> Response:
    return jsonify(
        countries=[
            {
                "code": c.code,
                "iso3": c.iso3,
                "name": c.name,
                "wto_status": c.wto_status.value,
                "wto_note": c.wto_note,
            }
            for c in list_countries()
        ]
    )


@blueprint.get("/progress")
@country_view(CAPACITY)
def progress(country: Country | None) -> Response:
    cells = capacity.progress_cells(current_user, country, request.args.get("area"))
    return jsonify(
        progress=[
            {
                "country": c.country,
                "area": c.area,
                "learners": c.learners,
                "items_done": c.items_done,
                "items_in_area": c.items_in_area,
                "completion": c.completion,
            }
            for c in cells
        ]
    )


@blueprint.get("/capacity-gaps")
@country_view(CAPACITY)
def capacity_gaps(country: Country | None) -> Response:
    rows = capacity.gap_rows(current_user, country, request.args.get("area"))
    return jsonify(gaps=gap_dicts(rows))


def _need_json(need: TANeed) -> dict[str, Any]:
    return {
        "id": need.id,
        "country": need.country.code,
        "competency": need.competency.code,
        "people_affected": need.people_affected,
        "mean_gap": need.mean_gap,
        "priority": need.priority,
        "status": need.status.value,
        "note": need.note,
        "generated_at": need.generated_at.isoformat() + "Z",
    }


@blueprint.get("/ta-needs")
@country_view(CAPACITY, Permission.plan_technical_assistance, Permission.view_own_country_capacity)
def ta_needs(country: Country | None) -> Response:
    status = request.args.get("status")
    if status and status not in NeedStatus.__members__:
        abort(400, description="status must be open, planned or addressed.")
    needs = capacity.ta_needs(current_user, NeedStatus(status) if status else None, country)
    return jsonify(ta_needs=[_need_json(n) for n in needs])


@blueprint.patch("/ta-needs/<int:need_id>")
@permission_required(Permission.plan_technical_assistance)
def update_ta_need(need_id: int) -> Response:
    need = db.session.get(TANeed, need_id) or abort(404, description="No such TA need.")
    body = json_body("TANeedUpdate")
    capacity.set_need_status(current_user, need, NeedStatus(body["status"]), body.get("note", ""))
    db.session.commit()
    return jsonify(_need_json(need))


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
