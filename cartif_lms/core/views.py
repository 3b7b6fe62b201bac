"""Home page and health check."""

from flask import Blueprint, Response, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from ..learning.services import home_summary
from ..notifications.services import LATEST, notifications_of

blueprint = Blueprint("core", __name__)


@blueprint.get("/")
def home() -> str:
    signed_in = current_user.is_authenticated
    summary = home_summary(current_user) if signed_in else None
    notifications = notifications_of(current_user, LATEST) if signed_in else []
    return render_template(
        "lms/core/home.html", user=current_user, summary=summary, notifications=notifications
    )


@blueprint.get("/healthz")
def healthz() -> Response | tuple[Response, int]:
    """200 when the database answers a round trip, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
