"""The drafting workbench, and the anonymous peer reviews a negotiator is asked to write."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from .. import db
from ..auth.sessions import expired_session_owner
from ..content.models import Item
from ..learning.services import next_step_after, require_to_open, require_to_take
from ..security.permissions import Permission, permission_required
from . import services
from .exercise import Exercise
from .forms import DraftForm, rubric_form
from .lint import DraftRejected, analyse
from .models import DraftSubmission

blueprint = Blueprint("drafting", __name__, url_prefix="/drafting")


def _exercise_or_404(item_id: int) -> Item:
    return services.exercise_item(item_id) or abort(404)


@blueprint.get("/<int:item_id>")
@login_required
def workbench(item_id: int) -> str:
    item = _exercise_or_404(item_id)
    access = require_to_open(current_user, item)  # the one take-training rule
    exercise = services.exercise_of(item)
    if access.preview:
        return render_template(
            "lms/drafting/workbench.html", item=item, exercise=exercise, preview=True
        )
    _restore_rescued_text(item)
    submission = services.submission_of(current_user, item)
    form = DraftForm()
    form.text.data = submission.text if submission else exercise.source_text
    return _page(item, exercise, submission, form)


def _restore_rescued_text(item: Item) -> None:
    """Text typed before the session expired becomes the saved draft once the writer is back."""
    text = services.take_rescued_text(current_user, item)
    if text is None:
        return
    try:
        services.save_draft(current_user, item, text)
    except (services.DraftError, DraftRejected) as reason:
        # The exercise was accepted meanwhile: the text can no longer become the draft.
        db.session.commit()
        flash(str(reason), "error")
        return
    db.session.commit()
    flash(
        _("Your session had ended; the text you typed was kept and saved as your draft."), "success"
    )


def _page(
    item: Item, exercise: Exercise, submission: DraftSubmission | None, form: DraftForm
) -> str:
    text = form.text.data or ""
    return render_template(
        "lms/drafting/workbench.html",
        item=item,
        exercise=exercise,
        submission=submission,
        form=form,
        editable=services.editable(submission),
        analysis=analyse(text) if text.strip() else None,
        reviews=services.reviews_for_author(submission) if submission else [],
        diff_source=services.diff_html(exercise.source_text, submission.versions[-1].text)
        if submission and submission.versions
        else None,
        diff_model=services.diff_html(submission.versions[-1].text, exercise.model_text)
        if submission and services.model_answer_shown(current_user, submission)
        else None,
        step=next_step_after(current_user, item) if submission and submission.versions else None,
    )


def _keep_text_until_sign_in(item: Item) -> Response:
    """The session expired while the learner typed: keep the text for them, ask them to sign in.

    Only for the owner of a session that expired (not one ended on purpose, nor a visitor), so
    what the server keeps is bounded by the people who were signed in.
    """
    owner = expired_session_owner()
    kept = owner is not None and services.rescue_text(owner, item, request.form.get("text", ""))
    db.session.commit()
    if kept:
        flash(_("Your session has ended. Sign in again: your text has been kept."), "info")
    elif owner is not None:
        flash(_("Your session has ended, and this text is too large to keep."), "error")
    return redirect(
        url_for("lms.auth.login", next=url_for("lms.drafting.workbench", item_id=item.id))
    )


@blueprint.post("/<int:item_id>")
def save(item_id: int) -> Response | str:
    item = _exercise_or_404(item_id)
    form = DraftForm()
    if not current_user.is_authenticated:
        return _keep_text_until_sign_in(item)
    require_to_take(current_user, item)  # the one take-training rule, before any write
    try:
        if form.submit.data:
            services.submit_draft(current_user, item, form.text.data or "")
            flash(_("Submitted for review."), "success")
        else:
            services.save_draft(current_user, item, form.text.data or "")
            flash(_("Draft saved."), "success")
    except (services.DraftError, DraftRejected) as reason:
        db.session.rollback()
        form.form_errors.append(str(reason))
        exercise = services.exercise_of(item)
        return _page(item, exercise, services.submission_of(current_user, item), form)
    db.session.commit()
    return redirect(url_for("lms.drafting.workbench", item_id=item.id))


# Peer review is part of taking the training: only people who may take it are ever allocated.
@blueprint.get("/reviews")
@permission_required(Permission.take_training)
def peer_reviews() -> str:
    assignments = services.peer_assignments(current_user)
    # With every review sent, the page ends, like every result page, with the person's own
    # next step: the exercise they were reviewing for is the place they stand in the track.
    step = None
    if assignments and all(r.completed_at for r in assignments):
        step = next_step_after(current_user, assignments[-1].version.submission.item)
    return render_template("lms/drafting/peer_reviews.html", assignments=assignments, step=step)


@blueprint.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required  # only the allocated reviewer finds it (404 for anyone else)
def peer_review(review_id: int) -> Response | str:
    review = services.peer_assignment(current_user, review_id) or abort(404)
    exercise = services.exercise_of(review.version.submission.item)
    form = rubric_form(exercise.rubric, final=False)
    if review.completed_at is None and form.validate_on_submit():
        try:
            services.complete_peer_review(current_user, review, rubric_answer(form, exercise))
        except services.DraftError as reason:  # sent a moment ago, from another tab
            db.session.rollback()
            form.form_errors.append(str(reason))
        else:
            db.session.commit()
            flash(_("Thank you: your review was sent anonymously."), "success")
            return redirect(url_for("lms.drafting.peer_reviews"))
    return render_template(
        "lms/drafting/peer_review.html",
        review=review,
        exercise=exercise,
        form=form,
        analysis=analyse(review.version.text),
    )


def rubric_answer(form: FlaskForm, exercise: Exercise) -> services.RubricAnswer:
    count = len(exercise.rubric.criteria)
    return services.RubricAnswer(
        levels=[int(form[f"level_{i}"].data) for i in range(count)],
        comments=[form[f"comment_{i}"].data or "" for i in range(count)],
        comment=form.comment.data,
    )
