"""Taking a quiz: start or resume, answer, submit, see the feedback."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..content.kinds import CompletionRule, completion_of
from ..content.models import Item
from ..learning.services import TrainingRefused, item_access, next_step_after, require_to_take
from ..learning.views import item_url
from . import grading, services, translations
from .kind import QUIZ
from .models import AttemptStatus, QuizAttempt

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


@blueprint.get("/quiz/<int:item_id>/preview")
def preview(item_id: int) -> Response | str:
    """The questions as learners see them, for people who do not take training (Moodle's
    preview): no attempt is recorded, so quiz statistics stay the learners' own."""
    item = db.session.get(Item, item_id) or abort(404)
    access = item_access(current_user, item)
    if item.kind != QUIZ.name or not access.offered:
        abort(404)
    if access.locked_by:
        raise TrainingRefused(access)
    if not access.preview:
        # A trainee's questions are drawn per attempt; the whole pool would give them away.
        return redirect(item_url(item))
    return render_template(
        "lms/quizzes/preview.html", item=item, preview=services.preview_questions(item)
    )


def _own_attempt(attempt_id: int) -> QuizAttempt:
    return services.attempt_for(current_user, attempt_id) or abort(404)


@blueprint.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int) -> str:
    found = _own_attempt(attempt_id)
    # Drawn and graded in the original; shown in the learner's language where it has them.
    shown = translations.shown_questions(
        found.item, services.attempt_questions(found), str(get_locale() or "en")
    )
    if found.status is AttemptStatus.in_progress:
        return render_template(
            "lms/quizzes/attempt.html",
            attempt=found,
            questions=services.presented_questions(found, shown.questions),
            shown=shown,
        )
    return render_template(
        "lms/quizzes/result.html",
        attempt=found,
        shown=shown,
        reviewed=services.review(found, shown.questions),
        pre_test=completion_of(found.item) is CompletionRule.on_submit,
        step=next_step_after(current_user, found.item),
    )


@blueprint.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int) -> Response:
    found = _own_attempt(attempt_id)
    require_to_take(current_user, found.item)
    try:
        services.submit_attempt(current_user, found, request.form)
    except grading.InvalidResponse as tampering:
        db.session.rollback()
        abort(400, description=str(tampering))
    db.session.commit()
    return redirect(url_for("lms.quizzes.attempt", attempt_id=found.id))


def _wants_json() -> bool:
    """The page's script saving one answer asks for JSON; a browser posting the form, a page."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


@blueprint.post("/attempts/<int:attempt_id>/answers")
def save(attempt_id: int) -> Response | tuple[Response, int]:
    """Keep answers without submitting: one question as the learner goes, or the whole form."""
    page = url_for("lms.quizzes.attempt", attempt_id=attempt_id)
    try:
        saved = services.save_answers(current_user, attempt_id, request.form)
    except services.AttemptNotFound:
        abort(404)
    except grading.InvalidResponse as tampering:
        db.session.rollback()
        abort(400, description=str(tampering))
    except services.AnswerRefused as reason:
        db.session.rollback()
        if _wants_json():
            return jsonify(error="Conflict", message=str(reason), status=409), 409
        flash(str(reason), "error")
        return redirect(page)
    db.session.commit()
    if _wants_json():
        return jsonify(saved=list(saved.saved), answered=saved.answered, questions=saved.questions)
    flash(
        _l(
            "Your answers are saved: %(answered)d of %(questions)d answered. Submit them when "
            "you are ready.",
            answered=saved.answered,
            questions=saved.questions,
        ),
        "success",
    )
    return redirect(page)
