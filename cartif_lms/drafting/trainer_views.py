"""Trainers review submitted drafts against the rubric: accept, or revise and resubmit."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..security.permissions import Permission, permission_required
from . import services
from .forms import rubric_form
from .lint import analyse
from .models import DraftVersion, ReviewDecision
from .views import rubric_answer

blueprint = Blueprint("drafting_trainer", __name__, url_prefix="/trainer/drafts")
reviewers = permission_required(Permission.review_submissions)


@blueprint.get("/")
@reviewers
def queue() -> str:
    return render_template("lms/drafting/review_queue.html", versions=services.review_queue())


@blueprint.route("/<int:version_id>", methods=["GET", "POST"])
@reviewers
def review(version_id: int) -> Response | str:
    version = db.session.get(DraftVersion, version_id) or abort(404)
    exercise = services.exercise_of(version.submission.item)
    form = rubric_form(exercise.rubric, final=True)
    if form.validate_on_submit():
        try:
            services.trainer_review(
                current_user,
                version,
                rubric_answer(form, exercise),
                ReviewDecision(form.decision.data),
            )
        except services.DraftError as reason:
            form.form_errors.append(str(reason))
        else:
            db.session.commit()
            flash(_("Review saved; the learner can see it."), "success")
            return redirect(url_for("lms.drafting_trainer.queue"))
    return render_template(
        "lms/drafting/review.html",
        version=version,
        exercise=exercise,
        form=form,
        analysis=analyse(version.text),
        peer_reviews=[r for r in version.reviews if r.completed_at and r.kind.value == "peer"],
        diff_source=services.diff_html(exercise.source_text, version.text),
        diff_model=services.diff_html(version.text, exercise.model_text)
        if services.model_answer_shown(current_user, version.submission)
        else None,
    )
