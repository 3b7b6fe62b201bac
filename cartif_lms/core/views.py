"""Home page and health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from ..learning.services import home_summary

blueprint = Blueprint("core", __name__)


@blueprint.get("/")
def home() -> str:
    summary = home_summary(current_user) if current_user.is_authenticated else None
    return render_template("lms/core/home.html", user=current_user, summary=summary)


@blueprint.get("/healthz")
def healthz():  # noqa: ANN201
    """200 when the database answers a round trip, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
