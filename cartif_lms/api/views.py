"""``/api/v1/``: JSON for analysts' tools and TA-planning systems (session or bearer token)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..content.models import Item, Module, Track
from ..learning import services as learning
from .openapi import openapi_document

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
        "kind": item.kind.value,
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


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
