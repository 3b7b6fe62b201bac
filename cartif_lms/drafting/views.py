"""The drafting workbench, and the anonymous peer reviews a negotiator is asked to write."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..security.permissions import Permission, permission_required
from . import services
from .analysis import DraftRejected, analyse
from .forms import DraftForm, rubric_form
from .models import DraftStatus

blueprint = Blueprint("drafting", __name__, url_prefix="/drafting")
RESCUE_KEY = "_lms_draft_rescue"


def _exercise_or_404(item_id: int):  # noqa: ANN202
    return services.exercise_item(item_id) or abort(404)


@blueprint.get("/<int:item_id>")
@permission_required(Permission.take_training)
def workbench(item_id: int) -> str:
    item = _exercise_or_404(item_id)
    exercise = services.exercise_of(item)
    _restore_rescued_text(item)
    submission = services.submission_of(current_user, item)
    form = DraftForm()
    form.text.data = submission.text if submission else exercise.source_text
    return _page(item, exercise, submission, form)


def _restore_rescued_text(item) -> None:  # noqa: ANN001
    """Text typed before the session ended becomes the saved draft once the writer is back."""
    token = session.pop(RESCUE_KEY, None)
    text = services.take_rescued_text(token, item) if token else None
    if text is None:
        return
    try:
        services.save_draft(current_user, item, text)
    except (services.DraftError, DraftRejected) as reason:
        flash(str(reason), "error")
        return
    db.session.commit()
    flash(
        _("Your session had ended; the text you typed was kept and saved as your draft."), "success"
    )


def _page(item, exercise, submission, form: DraftForm) -> str:  # noqa: ANN001
    text = form.text.data or ""
    return render_template(
        "lms/drafting/workbench.html",
        item=item,
        exercise=exercise,
        submission=submission,
        form=form,
        analysis=analyse(text) if text.strip() else None,
        reviews=services.reviews_for_author(submission) if submission else [],
        diff_source=services.diff_html(exercise.source_text, submission.versions[-1].text)
        if submission and submission.versions
        else None,
        diff_model=services.diff_html(submission.versions[-1].text, exercise.model_text)
        if submission
        and submission.status in (DraftStatus.revise, DraftStatus.accepted)
        and submission.versions
        else None,
    )


@blueprint.post("/<int:item_id>")
def save(item_id: int) -> Response | str:
    item = _exercise_or_404(item_id)
    form = DraftForm()
    if not current_user.is_authenticated:
        # The session ended while the learner typed: keep the text, ask them to sign in.
        session[RESCUE_KEY] = services.rescue_text(item, request.form.get("text", ""))
        db.session.commit()
        flash(_("Your session has ended. Sign in again: your text has been kept."), "info")
        return redirect(
            url_for("lms.auth.login", next=url_for("lms.drafting.workbench", item_id=item.id))
        )
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


@blueprint.get("/reviews")
@login_required
def peer_reviews() -> str:
    return render_template(
        "lms/drafting/peer_reviews.html", assignments=services.peer_assignments(current_user)
    )


@blueprint.route("/reviews/<int:review_id>", methods=["GET", "POST"])
@login_required
def peer_review(review_id: int) -> Response | str:
    review = services.peer_assignment(current_user, review_id) or abort(404)
    exercise = services.exercise_of(review.version.submission.item)
    form = rubric_form(exercise.rubric, final=False)
    if review.completed_at is None and form.validate_on_submit():
        services.complete_peer_review(current_user, review, rubric_answer(form, exercise))
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


def rubric_answer(form, exercise) -> services.RubricAnswer:  # noqa: ANN001
    count = len(exercise.rubric.criteria)
    return services.RubricAnswer(
        levels=[int(form[f"level_{i}"].data) for i in range(count)],
        comments=[form[f"comment_{i}"].data or "" for i in range(count)],
        comment=form.comment.data,
    )
