"""Taking a quiz: start or resume, answer, submit, see the feedback."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..content.models import Item
from ..learning.views import item_url
from . import grading, services
from .models import AttemptStatus

blueprint = Blueprint("quizzes", __name__)


@blueprint.before_request
@login_required
def _signed_in_only() -> None:
    return None


@blueprint.post("/quiz/<int:item_id>/start")
def start(item_id: int) -> Response:
    item = db.session.get(Item, item_id) or abort(404)
    try:
        attempt = services.open_attempt(current_user, item)
    except services.QuizUnavailable as reason:
        flash(str(reason), "error")
        return redirect(item_url(item))
    db.session.commit()
    return redirect(url_for("lms.quizzes.attempt", attempt_id=attempt.id))


def _own_attempt(attempt_id: int) -> services.QuizAttempt:
    return services.attempt_for(current_user, attempt_id) or abort(404)


@blueprint.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int) -> str:
    found = _own_attempt(attempt_id)
    if found.status is AttemptStatus.in_progress:
        return render_template(
            "lms/quizzes/attempt.html", attempt=found, questions=services.presented_questions(found)
        )
    return render_template(
        "lms/quizzes/result.html", attempt=found, reviewed=services.review(found)
    )


@blueprint.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int) -> Response:
    found = _own_attempt(attempt_id)
    try:
        services.submit_attempt(current_user, found, request.form)
    except grading.InvalidResponse as tampering:
        db.session.rollback()
        abort(400, description=str(tampering))
    db.session.commit()
    return redirect(url_for("lms.quizzes.attempt", attempt_id=found.id))
