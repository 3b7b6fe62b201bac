"""Home page and health check."""

from flask import Blueprint, Response, jsonify, render_template, request, session
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from ..learning.services import home_summary
from ..notifications.services import LATEST, notifications_of
from .checklist import checklist_for, opening_ticks_a_step, steps_ticked_by_opening, tick

blueprint = Blueprint("core", __name__)

#: The checklist steps this browser session has ticked by opening their page already, so
#: opening it again writes nothing.
OPENED_KEY = "lms_checklist_opened"


@blueprint.get("/")
def home() -> str:
    signed_in = current_user.is_authenticated
    summary = home_summary(current_user) if signed_in else None
    notifications = notifications_of(current_user, LATEST) if signed_in else []
    checklist = checklist_for(current_user) if signed_in else []
    db.session.commit()  # the steps found done since the last look stay ticked
    return render_template(
        "lms/core/home.html",
        user=current_user,
        summary=summary,
        notifications=notifications,
        checklist=checklist,
    )


@blueprint.after_app_request
def tick_opened_pages(response: Response) -> Response:
    """A page answered to its reader ticks the checklist steps done by opening it."""
    if response.status_code != 200 or request.method != "GET":
        return response
    # The endpoint first: loading the person for a stylesheet would cost a query.
    endpoint = request.endpoint
    if endpoint is None or not opening_ticks_a_step(endpoint):
        return response
    if not current_user.is_authenticated:
        return response
    opened = set(session.get(OPENED_KEY, ()))
    steps = [
        step for step in steps_ticked_by_opening(endpoint, current_user) if step.key not in opened
    ]
    if not steps:
        return response
    try:
        for step in steps:
            tick(current_user, step)
        db.session.commit()
    except SQLAlchemyError:  # a tick is never worth a failed page; the next visit retries
        db.session.rollback()
        return response
    session[OPENED_KEY] = sorted(opened | {step.key for step in steps})
    return response


@blueprint.get("/healthz")
def healthz() -> Response | tuple[Response, int]:
    """200 when the database answers a round trip, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
